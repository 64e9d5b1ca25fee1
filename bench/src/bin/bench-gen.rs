//! Deterministic AWS config generator for `scripts/bench`: the realistic mix (legacy SSO profiles
//! over 20 portals and 3 regions, comments, role chains, static keys) at any size, and the
//! adversarial shapes that once made the tool slow or memory-hungry. The same arguments always give
//! the same bytes, so numbers taken on different commits compare like with like.
//!
//! Usage: `bench-gen KIND N OUT`. Writes OUT and prints `profiles=<count>` on stdout.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

const KINDS: &str = "mixed, all-change, one-portal, many-portals, colliding-portals, \
                     tiny-sections, identical-sections, huge-comment, junk-line, wide-defaults, \
                     deep-chain, portal-spellings, managed-blocks, many-regions, role-chains, \
                     credential-process, long-profile, long-default, lone-cr, source-loops, \
                     key-spellings, broken-lines, continued-keys, default-spellings";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, n, out] = args.as_slice() else {
        eprintln!("usage: bench-gen KIND N OUT   (KIND: {KINDS})");
        return ExitCode::from(2);
    };
    let Ok(n) = n.replace('_', "").parse::<usize>() else {
        eprintln!("bench-gen: N must be a number, got `{n}`");
        return ExitCode::from(2);
    };
    let file = match File::create(out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("bench-gen: cannot create `{out}`: {e}");
            return ExitCode::from(2);
        }
    };
    let mut g = Gen {
        out: BufWriter::with_capacity(1 << 20, file),
        rng: Rng(0x5eed_0000 ^ n as u64),
        profiles: 0,
    };
    let done = match kind.as_str() {
        "mixed" => g.mixed(n),
        "all-change" => g.all_change(n),
        "one-portal" => g.one_portal(n),
        "many-portals" => g.many_portals(n),
        "colliding-portals" => g.colliding_portals(n),
        "tiny-sections" => g.tiny_sections(n),
        "identical-sections" => g.identical_sections(n),
        "huge-comment" => g.huge_comment(n),
        "wide-defaults" => g.wide_defaults(n),
        "deep-chain" => g.deep_chain(n),
        "portal-spellings" => g.portal_spellings(n),
        "managed-blocks" => g.managed_blocks(n),
        "many-regions" => g.many_regions(n),
        "role-chains" => g.role_chains(n),
        "credential-process" => g.credential_process(n),
        "junk-line" => g.junk_line(n),
        "long-profile" => g.long_profile(n),
        "long-default" => g.long_default(n),
        "lone-cr" => g.lone_cr(n),
        "source-loops" => g.source_loops(n),
        "key-spellings" => g.key_spellings(n),
        "broken-lines" => g.broken_lines(n),
        "continued-keys" => g.continued_keys(n),
        "default-spellings" => g.default_spellings(n),
        _ => {
            eprintln!("bench-gen: unknown KIND `{kind}` (one of: {KINDS})");
            return ExitCode::from(2);
        }
    };
    match done.and_then(|()| g.out.flush()) {
        Ok(()) => {
            println!("profiles={}", g.profiles);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-gen: cannot write `{out}`: {e}");
            ExitCode::from(2)
        }
    }
}

/// splitmix64: tiny, fast, and the same on every platform (no dependency whose output could
/// change between versions).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const ROLES: [&str; 6] = [
    "AdministratorAccess",
    "ReadOnlyAccess",
    "PowerUserAccess",
    "ViewOnlyAccess",
    "SecurityAudit",
    "BillingAccess",
];
const ORGS: [&str; 14] = [
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "stark",
    "wayne",
    "wonka",
    "tyrell",
    "cyberdyne",
    "soylent",
    "aperture",
    "oscorp",
    "vandelay",
];

/// One IAM Identity Center portal: its start URL and the SSO region it lives in.
struct Portal {
    url: String,
    region: &'static str,
}

/// The 20 portals of the realistic mix: named `*.awsapps.com` portals, directory-id portals and
/// `identitycenter.amazonaws.com/ssoins-…` portals, spread over three regions.
fn portals(rng: &mut Rng) -> Vec<Portal> {
    let mut v = Vec::new();
    for (i, org) in ORGS.iter().enumerate() {
        v.push(Portal {
            url: format!("https://{org}.awsapps.com/start"),
            region: REGIONS[i % 3],
        });
    }
    for i in 0..3 {
        v.push(Portal {
            url: format!("https://d-{:010x}.awsapps.com/start", rng.next() >> 24),
            region: REGIONS[i % 3],
        });
    }
    for i in 0..3 {
        v.push(Portal {
            url: format!(
                "https://identitycenter.amazonaws.com/ssoins-{:016x}",
                rng.next()
            ),
            region: REGIONS[(i + 1) % 3],
        });
    }
    v
}

struct Gen {
    out: BufWriter<File>,
    rng: Rng,
    profiles: usize,
}

impl Gen {
    fn w(&mut self, s: &str) -> std::io::Result<()> {
        self.out.write_all(s.as_bytes())
    }

    fn default_section(&mut self) -> std::io::Result<()> {
        self.w("[default]\nregion = us-east-1\noutput = json\n\n")
    }

    /// A legacy SSO profile: the portal repeated inline, as `aws configure sso` wrote it before
    /// AWS CLI 2.9.
    fn legacy(&mut self, name: &str, url: &str, region: &str, extra: &str) -> std::io::Result<()> {
        let account = 100_000_000_000 + self.rng.below(900_000_000_000);
        let role = self.rng.pick(&ROLES);
        let home = self.rng.pick(&REGIONS);
        let s = format!(
            "[profile {name}]\nsso_start_url = {url}\nsso_region = {region}\n{extra}\
             sso_account_id = {account}\nsso_role_name = {role}\nregion = {home}\n\n"
        );
        self.profiles += 1;
        self.w(&s)
    }

    /// The realistic mix: about 82% legacy SSO profiles over 20 portals (a few big, many small),
    /// 12% role chains on top of them, 6% static keys, a comment before every eighth profile,
    /// and a few start URLs spelt with a trailing `/` (the tool merges spellings).
    fn mixed(&mut self, n: usize) -> std::io::Result<()> {
        let portals = portals(&mut self.rng);
        self.w("# Generated by bench-gen: an organisation's config with many accounts.\n")?;
        self.default_section()?;
        let mut sso_names: Vec<String> = Vec::new();
        for i in 0..n {
            if i % 8 == 0 {
                let s = format!("# Accounts {i}-{} (owner: team {})\n", i + 7, i / 8 % 37);
                self.w(&s)?;
            }
            let roll = self.rng.below(100);
            if roll < 12 && !sso_names.is_empty() {
                let src = sso_names[self.rng.below(sso_names.len() as u64) as usize].clone();
                let account = 100_000_000_000 + self.rng.below(900_000_000_000);
                let role = self.rng.pick(&["Deployer", "Auditor", "Operator"]);
                let s = format!(
                    "[profile chain-{i}]\nrole_arn = arn:aws:iam::{account}:role/{role}\n\
                     source_profile = {src}\nregion = {}\n\n",
                    self.rng.pick(&REGIONS)
                );
                self.profiles += 1;
                self.w(&s)?;
            } else if roll < 18 {
                let mut key = String::from("AKIA");
                let mut secret = String::new();
                for _ in 0..16 {
                    key.push((b'A' + self.rng.below(26) as u8) as char);
                }
                for _ in 0..40 {
                    let c = self.rng.below(62) as u8;
                    secret.push(match c {
                        0..=25 => (b'a' + c) as char,
                        26..=51 => (b'A' + c - 26) as char,
                        _ => (b'0' + c - 52) as char,
                    });
                }
                let s = format!(
                    "[profile static-{i}]\naws_access_key_id = {key}\n\
                     aws_secret_access_key = {secret}\n\n"
                );
                self.profiles += 1;
                self.w(&s)?;
            } else {
                // A few portals get most profiles, as in real organisations.
                let p = (self.rng.unit().powi(2) * portals.len() as f64) as usize;
                let mut url = portals[p].url.clone();
                if self.rng.below(50) == 0 {
                    url.push('/');
                }
                let name = format!("p{i}-{}", self.rng.pick(&["dev", "stg", "prod", "ops"]));
                self.legacy(&name, &url, portals[p].region, "")?;
                sso_names.push(name);
            }
        }
        Ok(())
    }

    /// Every profile is a legacy SSO profile: every section of the file changes.
    fn all_change(&mut self, n: usize) -> std::io::Result<()> {
        self.legacy_round_the_portals("all", n)
    }

    /// N legacy profiles named `PREFIX-I`, over the 20 portals in turn.
    fn legacy_round_the_portals(&mut self, prefix: &str, n: usize) -> std::io::Result<()> {
        let portals = portals(&mut self.rng);
        for i in 0..n {
            let p = &portals[i % portals.len()];
            let (url, region) = (p.url.clone(), p.region);
            self.legacy(&format!("{prefix}-{i}"), &url, region, "")?;
        }
        Ok(())
    }

    /// N profiles, all of one portal: one session with N members.
    fn one_portal(&mut self, n: usize) -> std::io::Result<()> {
        self.default_section()?;
        for i in 0..n {
            self.legacy(
                &format!("acct-{i}"),
                "https://acme.awsapps.com/start",
                "us-east-1",
                "",
            )?;
        }
        Ok(())
    }

    /// N portals with two profiles each: N new sessions.
    fn many_portals(&mut self, n: usize) -> std::io::Result<()> {
        self.default_section()?;
        for i in 0..n {
            let url = format!("https://org{i}.awsapps.com/start");
            let region = REGIONS[i % 3];
            self.legacy(&format!("org{i}-dev"), &url, region, "")?;
            self.legacy(&format!("org{i}-prod"), &url, region, "")?;
        }
        Ok(())
    }

    /// N existing sessions `acme`, `acme-2` … `acme-N` (other portals, so none is reused), then N
    /// new portals whose readable name is also `acme` (`https://sso.orgI.example.com/acme`): every
    /// new session name collides with every earlier one.
    fn colliding_portals(&mut self, n: usize) -> std::io::Result<()> {
        self.default_section()?;
        for i in 1..=n {
            let name = if i == 1 {
                "acme".to_string()
            } else {
                format!("acme-{i}")
            };
            let s = format!(
                "[sso-session {name}]\nsso_start_url = https://existing{i}.awsapps.com/start\n\
                 sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n"
            );
            self.w(&s)?;
        }
        for i in 0..n {
            let url = format!("https://sso.org{i}.example.com/acme");
            self.legacy(&format!("org{i}"), &url, "us-east-1", "")?;
        }
        Ok(())
    }

    /// N sections of one short key each (about 22 bytes a section): nothing to migrate, all
    /// overhead per section.
    fn tiny_sections(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            let mut s = String::with_capacity(32);
            let _ = write!(s, "[profile s{i}]\nk=v\n");
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// N sections with exactly the same body (one portal, one account, one role) under different
    /// names: still a valid config, maximal repetition.
    fn identical_sections(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            let s = format!(
                "[profile same-{i}]\nsso_start_url = https://acme.awsapps.com/start\n\
                 sso_region = us-east-1\nsso_account_id = 123456789012\n\
                 sso_role_name = AdministratorAccess\nregion = us-east-1\n\n"
            );
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// A dozen legacy profiles with one comment block of N lines attached to the first profile's
    /// header, where the new session block has to go above it.
    fn huge_comment(&mut self, n: usize) -> std::io::Result<()> {
        let portals = portals(&mut self.rng);
        self.default_section()?;
        for i in 0..n {
            let s = format!("# {i:08} lorem ipsum dolor sit amet, consectetur adipiscing\n");
            self.w(&s)?;
        }
        for i in 0..12 {
            let p = &portals[i % 4];
            let (url, region) = (p.url.clone(), p.region);
            self.legacy(&format!("after-comment-{i}"), &url, region, "")?;
        }
        Ok(())
    }

    /// N legacy profiles over four portals under a `[DEFAULT]` section of N / 5 keys, which
    /// botocore gives every profile and session: what a profile resolves to is its own keys,
    /// its session's and all of those. Every fifth profile sets one of them again, to the same
    /// value or (every tenth) to another, which the new session would then disagree with.
    fn wide_defaults(&mut self, n: usize) -> std::io::Result<()> {
        let portals = portals(&mut self.rng);
        let keys = (n / 5).max(1);
        let mut s = String::from("[DEFAULT]\n");
        for k in 0..keys {
            let _ = writeln!(s, "setting_{k:05} = value-{k:05}");
        }
        s.push('\n');
        self.w(&s)?;
        for i in 0..n {
            let p = &portals[i % 4];
            let (url, region) = (p.url.clone(), p.region);
            let k = self.rng.below(keys as u64);
            let extra = match i % 10 {
                0 => format!("setting_{k:05} = changed\n"),
                5 => format!("setting_{k:05} = value-{k:05}\n"),
                _ => String::new(),
            };
            self.legacy(&format!("wide-{i}"), &url, region, &extra)?;
        }
        Ok(())
    }

    /// N role profiles in loops of 1,000 by `source_profile` (the last loop shorter), and one
    /// legacy profile: every role profile's chain comes back to it after 1,000 profiles.
    fn source_loops(&mut self, n: usize) -> std::io::Result<()> {
        const LOOP: usize = 1000;
        for i in 0..n {
            let start = i / LOOP * LOOP;
            let source = start + (i - start + 1) % LOOP.min(n - start);
            let s = format!(
                "[profile loop-{i}]\nrole_arn = arn:aws:iam::123456789012:role/r{i}\n\
                 source_profile = loop-{source}\n\n"
            );
            self.profiles += 1;
            self.w(&s)?;
        }
        self.legacy(
            "after-loops",
            "https://acme.awsapps.com/start",
            "us-east-1",
            "",
        )
    }

    /// N legacy profiles, each with three keys that botocore reads and other SDKs read otherwise
    /// (a key with capitals, a `:` delimiter, a value with a comment after it): three check-up
    /// findings a profile in a file botocore reads.
    fn key_spellings(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            self.legacy(
                &format!("spelled-{i}"),
                "https://acme.awsapps.com/start",
                "us-east-1",
                "Output = json\nduration_seconds: 3600\ncli_pager = less # the pager\n",
            )?;
        }
        Ok(())
    }

    /// N legacy profiles, each with an indented `sso_region = …` under its role's value: a line
    /// botocore joins to that value and other SDKs read as the profile's key, so the tool leaves
    /// every profile (each asked whether the file's list of such lines names it).
    fn continued_keys(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            let s = format!(
                "[profile p{i}]\nsso_start_url = https://acme.awsapps.com/start\n\
                 sso_region = us-east-1\nsso_account_id = 123456789012\n\
                 sso_role_name = Admin\n  sso_region = us-west-2\n\n"
            );
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// N headers without their `]`, each followed by a key line and a line that is not
    /// `key = value`: a file every reader refuses, with a problem or two on every line.
    fn broken_lines(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            let s = format!("[profile p{i}\nregion = us-east-1\nthis line is not a key {i}\n");
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// A profile with static keys and N role profiles chained on it by `source_profile`, each on
    /// the one before but the last three, which form a loop: a chain as deep as the file.
    fn deep_chain(&mut self, n: usize) -> std::io::Result<()> {
        self.w(
            "[profile root]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n\n",
        )?;
        self.profiles += 1;
        for i in 0..n {
            let source = match i {
                0 => "root".to_string(),
                _ if i + 3 == n => format!("chain-{}", n - 1),
                _ => format!("chain-{}", i - 1),
            };
            let s = format!(
                "[profile chain-{i}]\nrole_arn = arn:aws:iam::123456789012:role/r{i}\n\
                 source_profile = {source}\n\n"
            );
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// N sso-sessions of one portal, every other one spelled with a trailing `/`, each used by a
    /// profile: every session is the same portal as half the others.
    fn portal_spellings(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            let slash = if i % 2 == 1 { "/" } else { "" };
            let s = format!(
                "[sso-session team-{i}]\nsso_start_url = https://acme.awsapps.com/start{slash}\n\
                 sso_region = us-east-1\n\n[profile team-{i}]\nsso_session = team-{i}\n\
                 sso_account_id = {}\nsso_role_name = Developer\n\n",
                100_000_000_000u64 + i as u64
            );
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// N legacy profiles, each in a block of its own that aws-sso-cli manages.
    fn managed_blocks(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            self.w("# BEGIN_AWS_SSO_CLI\n")?;
            self.legacy(
                &format!("managed-{i}"),
                "https://acme.awsapps.com/start",
                "us-east-1",
                "",
            )?;
            self.w("# END_AWS_SSO_CLI\n\n")?;
        }
        Ok(())
    }

    /// N legacy profiles of one portal, each with an SSO region of its own: N sessions to name
    /// for one portal.
    fn many_regions(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            let region = format!("region-{i}");
            self.legacy(
                &format!("r-{i}"),
                "https://acme.awsapps.com/start",
                &region,
                "",
            )?;
        }
        Ok(())
    }

    /// `[DEFAULT]` with one portal's start URL, and N SSO regions of that portal, each with a
    /// profile spelling the URL `…/start/` (its own session would meet `[DEFAULT]`'s spelling
    /// after the move) and a later one spelling it as `[DEFAULT]` does and setting its own scopes:
    /// N left-out profiles, each placed in the session of a later group.
    fn default_spellings(&mut self, n: usize) -> std::io::Result<()> {
        self.w("[DEFAULT]\nsso_start_url = https://acme.awsapps.com/start\n\n")?;
        for i in 0..n {
            let region = format!("region-{i}");
            let url = "https://acme.awsapps.com/start";
            self.legacy(&format!("own-{i}"), &format!("{url}/"), &region, "")?;
            let scopes = "sso_registration_scopes = sso:account:access\n";
            self.legacy(&format!("scoped-{i}"), url, &region, scopes)?;
        }
        Ok(())
    }

    /// N legacy profiles, and N role profiles each with one of them as its `source_profile`.
    fn role_chains(&mut self, n: usize) -> std::io::Result<()> {
        self.legacy_round_the_portals("base", n)?;
        for i in 0..n {
            let s = format!(
                "[profile role-{i}]\nrole_arn = arn:aws:iam::123456789012:role/r{i}\n\
                 source_profile = base-{i}\n\n"
            );
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// One legacy profile of N keys: one changed section, which each reader reads whole.
    fn long_profile(&mut self, n: usize) -> std::io::Result<()> {
        let mut extra = String::new();
        for k in 0..n {
            let _ = writeln!(extra, "setting_{k:06} = value {k}");
        }
        self.legacy(
            "long",
            "https://acme.awsapps.com/start",
            "us-east-1",
            &extra,
        )
    }

    /// A `[default]` profile of N keys, which nothing changes, and one legacy profile after it.
    fn long_default(&mut self, n: usize) -> std::io::Result<()> {
        let mut s = String::from("[default]\n");
        for k in 0..n {
            let _ = writeln!(s, "k{k} = v");
        }
        s.push('\n');
        self.w(&s)?;
        self.legacy("acme", "https://acme.awsapps.com/start", "us-east-1", "")
    }

    /// N legacy profiles whose lines end in a lone carriage return: refused, with a problem on
    /// every line.
    fn lone_cr(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            let s = format!(
                "[profile p{i}]\rsso_start_url = https://acme.awsapps.com/start\r\
                 sso_region = us-east-1\rsso_account_id = 123456789012\r\
                 sso_role_name = Admin\r"
            );
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// N legacy profiles, and N profiles whose `credential_process` reads one of them with
    /// aws-sso-util: the tool leaves all N alone and says why.
    fn credential_process(&mut self, n: usize) -> std::io::Result<()> {
        for i in 0..n {
            self.legacy(
                &format!("base-{i}"),
                "https://acme.awsapps.com/start",
                "us-east-1",
                "",
            )?;
        }
        for i in 0..n {
            let s = format!(
                "[profile helper-{i}]\ncredential_process = aws-sso-util credential-process \
                 --profile base-{i}\n\n"
            );
            self.profiles += 1;
            self.w(&s)?;
        }
        Ok(())
    }

    /// A dozen legacy profiles, the first of which has one key whose value is N bytes of junk on
    /// a single line, right next to the lines that change (so it lands in the diff's context).
    fn junk_line(&mut self, n: usize) -> std::io::Result<()> {
        let portals = portals(&mut self.rng);
        self.default_section()?;
        let mut junk = String::with_capacity(n + 8);
        junk.push_str("junk = ");
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
        while junk.len() < n + 7 {
            let r = self.rng.next();
            for k in 0..10 {
                junk.push(ALPHABET[(r >> (k * 6)) as usize & 63] as char);
            }
        }
        junk.truncate(n + 7);
        junk.push('\n');
        for i in 0..12 {
            let p = &portals[i % 4];
            let (url, region) = (p.url.clone(), p.region);
            let extra = if i == 0 { junk.as_str() } else { "" };
            self.legacy(&format!("junk-{i}"), &url, region, extra)?;
        }
        Ok(())
    }
}
