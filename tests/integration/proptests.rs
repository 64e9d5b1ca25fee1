//! Property tests over generated AWS config files, token soup and arbitrary bytes.
//!
//! The laws (STYLE.md, habits 1, 2 and 8):
//! 1. `Document::parse(x).render() == x` for any bytes;
//! 2. a successful migration is idempotent, and its output round-trips and reads as the tool
//!    read it from the original;
//! 3. the `configparser` crate, read here by a small resolver that shares no code with the tool,
//!    sees every profile resolve as our botocore model does, and `verify::independent` agrees;
//! 4. `migrate` never panics and never reports `MigrateError::Internal`.
//!
//! Generated files are realistic but nasty: odd profile names, key case and spacing variants,
//! `:` delimiters, comments, continuation lines, nested blocks, inline `# comments`, start URL
//! spellings, legacy, migrated and half-migrated profiles, `[DEFAULT]`, CRLF and mixed endings,
//! no final newline, and rarely a file the AWS CLI refuses. Token soup glues config fragments
//! together at random to reach parser states the generator never builds.
//!
//! Tool bugs these properties found are at the end of the file as regression tests named after
//! the bug; all are fixed.
//!
//! Case counts are small so `cargo test` stays fast; `PROPTEST_CASES=5000` searches deeper.
//! Failing seeds are saved in `tests/integration/proptest-regressions/proptests.txt`: commit them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use aws_sso_migrate::aws::{Config, ResolveError, SsoTarget};
use aws_sso_migrate::doc::{Document, LineKind};
use aws_sso_migrate::migrate::{MigrateError, migrate};
use aws_sso_migrate::plan::PlanOptions;
use aws_sso_migrate::verify;
use configparser::ini::{Ini, IniDefault};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};

/// One file for every property here, next to this file, wherever the tests run from.
const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/integration/proptest-regressions/proptests.txt"
);

/// `cases` unless `PROPTEST_CASES` asks for another number.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary of the generator.

/// Portals, each with spellings the tool must treat as one (README "Groups them by portal").
const PORTALS: &[&[&str]] = &[
    &[
        "https://acme.awsapps.com/start",
        "https://acme.awsapps.com/start/",
        "https://acme.awsapps.com/start#/",
        "https://acme.awsapps.com/start/#",
        "https://ACME.AWSAPPS.COM/start",
        "https://acme.awsapps.com:443/start",
        "HTTPS://acme.awsapps.com/start/#/",
    ],
    &[
        "https://d-123abc.awsapps.com/start",
        "https://d-123abc.awsapps.com/start/",
    ],
    &[
        "https://identitycenter.amazonaws.com/ssoins-1234567890abcdef",
        "https://identitycenter.amazonaws.com/ssoins-1234567890abcdef/",
    ],
    &[
        "https://corp.awsapps.com/start",
        "https://corp.awsapps.com/start#",
    ],
    &["https://acme.awsapps.cn/start"],
    &["https://portal.example.com/sso/start"],
];
/// Start URLs the tool must leave alone.
const BAD_URLS: &[&str] = &[
    "START_URL",
    "http://acme.awsapps.com/start",
    "<your start url>",
    "https://",
    "acme.awsapps.com/start",
    "",
];
const REGIONS: &[&str] = &[
    "us-east-1",
    "eu-west-1",
    "ap-northeast-1",
    "eu-central-1",
    "us-gov-west-1",
    "cn-north-1",
];
const ACCOUNTS: &[&str] = &["111111111111", "222222222222", "012345678901"];
const ROLES: &[&str] = &[
    "AdministratorAccess",
    "ReadOnly",
    "PowerUser",
    "role/with:colon",
];
/// Profile names; those with whitespace are always quoted.
const PROFILE_NAMES: &[&str] = &[
    "dev",
    "prod",
    "prod-admin",
    "acme.ci_1",
    "my prof",
    "café",
    "Upper-Case",
    "team/app",
    "x@y",
    "123456",
    "a+b",
    "default",
];
const SESSION_NAMES: &[&str] = &[
    "corp",
    "acme",
    "my-sso",
    "ssoins-1234567890abcdef",
    "spaced name",
    "d-123abc",
];
/// Keys a profile may carry besides its SSO settings. A value with `\n` continues on the lines
/// after the key line, exactly as written (nested blocks).
const EXTRAS: &[(&str, &str)] = &[
    ("region", "eu-west-1"),
    ("output", "json"),
    ("cli_pager", ""),
    ("region", "us-east-2 # the region for API calls"),
    ("role_arn", "arn:aws:iam::123456789012:role/x"),
    ("duration_seconds", "3600"),
    ("services", "local"),
    (
        "s3",
        "\n    max_concurrent_requests = 20\n    addressing_style = path",
    ),
    (
        "s3",
        "\n\tmax_queue_size = 1000\n\n\tuse_accelerate_endpoint = true",
    ),
    ("sso_registration_scopes", "sso:account:access"),
    ("cli_follow_urlparam", "false"),
];
const COMMENTS: &[&str] = &[
    "Production, read-only by default.",
    "copied from the browser",
    "[profile commented-out]",
    "sso_start_url = https://old.awsapps.com/start",
    "",
];
const CONTINUATIONS: &[&str] = &[
    "extra",
    "second line",
    "x=y",
    "https://acme.awsapps.com/start",
];

// ---------------------------------------------------------------------------------------------
// Drafts: what the strategies generate. Rendering turns a draft into bytes.

/// A whole-line filler: a blank line (maybe with whitespace) or a comment (maybe indented).
#[derive(Debug, Clone)]
enum Filler {
    Blank(u8),
    Comment {
        indent: u8,
        semicolon: bool,
        text: usize,
    },
}

impl Filler {
    fn render(&self) -> String {
        match *self {
            Filler::Blank(ws) => ["", " ", "\t", "  \t"][ws as usize % 4].to_string(),
            Filler::Comment {
                indent,
                semicolon,
                text,
            } => {
                let indent = ["", "", "  ", "\t"][indent as usize % 4];
                let mark = if semicolon { ';' } else { '#' };
                let text = COMMENTS[text % COMMENTS.len()];
                if text.is_empty() {
                    format!("{indent}{mark}")
                } else {
                    format!("{indent}{mark} {text}")
                }
            }
        }
    }
}

/// How one key line is written.
#[derive(Debug, Clone)]
struct Deco {
    case: u8,
    spacing: u8,
    colon: bool,
    before: Option<Filler>,
    /// 0: none, 1: ` # note`, 2: ` ; note`.
    inline_comment: u8,
    continuation: Option<usize>,
    trailing_ws: bool,
}

#[derive(Debug, Clone)]
enum Kind {
    Legacy {
        portal: usize,
        spelling: usize,
        region: usize,
        account: usize,
        role: usize,
    },
    Migrated {
        session: usize,
        account: usize,
        role: usize,
    },
    /// `sso_session` plus inline keys: 0 the session's exact value, 1 another spelling or
    /// region, 2 left out.
    Hybrid {
        session: usize,
        url: u8,
        region: u8,
        account: usize,
    },
    Session {
        portal: usize,
        spelling: usize,
        region: usize,
        scopes: bool,
    },
    Static,
    NoRegion {
        portal: usize,
        spelling: usize,
    },
    BadUrl {
        url: usize,
        region: usize,
    },
    CredProcess {
        portal: usize,
        region: usize,
    },
    Services,
    Plugins,
    Defaults {
        keys: u8,
    },
    Other {
        header: usize,
    },
    /// A legacy profile inside a Granted registry block.
    Granted {
        portal: usize,
        region: usize,
    },
}

#[derive(Debug, Clone)]
struct SectionDraft {
    kind: Kind,
    name: usize,
    /// 0: none, 1: double, 2: single quotes around the name.
    quote: u8,
    /// 0: `[profile x]`, 1: `[default]`, 2: `[profiles x]` (non-canonical).
    form: u8,
    header_ws: u8,
    leading: Vec<Filler>,
    decos: Vec<Deco>,
    extras: Vec<usize>,
    rotate: usize,
    /// Keep a name another section already has (the file is refused).
    dup_name: bool,
    /// Repeat the last key in another case (the file is refused).
    dup_key: bool,
}

#[derive(Debug, Clone)]
enum Endings {
    Lf,
    CrLf,
    /// Per line, cycled: 0 `\n`, 1 `\r\n`, 2 a lone `\r` (refused).
    Mixed(Vec<u8>),
}

#[derive(Debug, Clone)]
struct FileDraft {
    prelude: Vec<Filler>,
    /// 0: nothing, 1: a key before the first section, 2: a byte-order mark (both refused).
    oddity: u8,
    sections: Vec<SectionDraft>,
    endings: Endings,
    final_newline: bool,
}

fn filler() -> impl Strategy<Value = Filler> {
    prop_oneof![
        (0u8..4).prop_map(Filler::Blank),
        (0u8..4, any::<bool>(), 0..COMMENTS.len()).prop_map(|(indent, semicolon, text)| {
            Filler::Comment {
                indent,
                semicolon,
                text,
            }
        }),
    ]
}

fn weighted(p: f64) -> impl Strategy<Value = bool> {
    proptest::bool::weighted(p)
}

fn deco() -> impl Strategy<Value = Deco> {
    (
        0u8..5,
        0u8..8,
        weighted(0.1),
        proptest::option::weighted(0.25, filler()),
        prop_oneof![16 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
        proptest::option::weighted(0.05, 0..CONTINUATIONS.len()),
        weighted(0.1),
    )
        .prop_map(
            |(case, spacing, colon, before, inline_comment, continuation, trailing_ws)| Deco {
                case,
                spacing,
                colon,
                before,
                inline_comment,
                continuation,
                trailing_ws,
            },
        )
}

fn kind() -> impl Strategy<Value = Kind> {
    let n = 0..64usize;
    prop_oneof![
        12 => (n.clone(), n.clone(), n.clone(), n.clone(), n.clone()).prop_map(
            |(portal, spelling, region, account, role)| Kind::Legacy {
                portal,
                spelling,
                region,
                account,
                role
            }
        ),
        4 => (n.clone(), n.clone(), n.clone())
            .prop_map(|(session, account, role)| Kind::Migrated { session, account, role }),
        3 => (n.clone(), 0u8..3, 0u8..3, n.clone()).prop_map(|(session, url, region, account)| {
            Kind::Hybrid { session, url, region, account }
        }),
        4 => (n.clone(), n.clone(), n.clone(), any::<bool>()).prop_map(
            |(portal, spelling, region, scopes)| Kind::Session {
                portal,
                spelling,
                region,
                scopes
            }
        ),
        2 => Just(Kind::Static),
        1 => (n.clone(), n.clone()).prop_map(|(portal, spelling)| Kind::NoRegion { portal, spelling }),
        1 => (n.clone(), n.clone()).prop_map(|(url, region)| Kind::BadUrl { url, region }),
        1 => (n.clone(), n.clone()).prop_map(|(portal, region)| Kind::CredProcess { portal, region }),
        1 => Just(Kind::Services),
        1 => Just(Kind::Plugins),
        1 => (0u8..32).prop_map(|keys| Kind::Defaults { keys }),
        1 => n.clone().prop_map(|header| Kind::Other { header }),
        1 => (n.clone(), n).prop_map(|(portal, region)| Kind::Granted { portal, region }),
    ]
}

fn section() -> impl Strategy<Value = SectionDraft> {
    (
        kind(),
        0..64usize,
        prop_oneof![6 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
        prop_oneof![20 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8)],
        prop_oneof![6 => Just(0u8), 1 => 1u8..6],
        proptest::collection::vec(filler(), 0..3),
        proptest::collection::vec(deco(), 1..4),
        proptest::collection::vec(0..EXTRAS.len(), 0..3),
        0..8usize,
        weighted(0.02),
        weighted(0.02),
    )
        .prop_map(
            |(
                kind,
                name,
                quote,
                form,
                header_ws,
                leading,
                decos,
                extras,
                rotate,
                dup_name,
                dup_key,
            )| {
                SectionDraft {
                    kind,
                    name,
                    quote,
                    form,
                    header_ws,
                    leading,
                    decos,
                    extras,
                    rotate,
                    dup_name,
                    dup_key,
                }
            },
        )
}

fn file() -> impl Strategy<Value = FileDraft> {
    (
        proptest::collection::vec(filler(), 0..3),
        prop_oneof![38 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
        proptest::collection::vec(section(), 1..9),
        prop_oneof![
            5 => Just(Endings::Lf),
            3 => Just(Endings::CrLf),
            2 => proptest::collection::vec(
                prop_oneof![20 => Just(0u8), 20 => Just(1u8), 1 => Just(2u8)],
                1..6
            )
            .prop_map(Endings::Mixed),
        ],
        weighted(0.8),
    )
        .prop_map(
            |(prelude, oddity, sections, endings, final_newline)| FileDraft {
                prelude,
                oddity,
                sections,
                endings,
                final_newline,
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Rendering.

fn pick<'a>(list: &[&'a str], i: usize) -> &'a str {
    list[i % list.len()]
}

fn url(portal: usize, spelling: usize) -> &'static str {
    let spellings = PORTALS[portal % PORTALS.len()];
    spellings[spelling % spellings.len()]
}

/// `sso_start_url` as `SSO_Start_URL`, `SSO_START_URL`, `Sso_Start_Url`…
fn cased(key: &str, case: u8) -> String {
    let capital = |part: &str| -> String {
        let mut c = part.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    match case {
        2 => key.to_ascii_uppercase(),
        3 => key.split('_').map(capital).collect::<Vec<_>>().join("_"),
        4 => key
            .split('_')
            .enumerate()
            .map(|(i, p)| match (i, p) {
                (0, _) | (_, "url" | "id") => p.to_ascii_uppercase(),
                _ => capital(p),
            })
            .collect::<Vec<_>>()
            .join("_"),
        _ => key.to_string(),
    }
}

/// A key line (and its continuation lines) in the style of `d`; `width` aligns columns.
fn key_lines(key: &str, value: &str, d: &Deco, width: usize, out: &mut Vec<String>) {
    if let Some(f) = &d.before {
        out.push(f.render());
    }
    let (first, rest) = match value.split_once('\n') {
        Some((first, rest)) => (first, Some(rest)),
        None => (value, None),
    };
    let k = cased(key, d.case);
    let delim = if d.colon { ':' } else { '=' };
    let mut v = first.to_string();
    if rest.is_none() {
        match d.inline_comment {
            1 => v.push_str(" # note"),
            2 => v.push_str(" ; note"),
            _ => {}
        }
    }
    let mut line = match d.spacing {
        0 => format!("{k}{delim}{v}"),
        1 => format!("{k}\t{delim}\t{v}"),
        2 => format!("{k} {delim}{v}"),
        3 => format!("{k}{delim} {v}"),
        4 => format!("{k}  {delim}  {v}"),
        5 => format!("{k:<width$} {delim} {v}"),
        6 => format!("{k}\t{delim} {v}"),
        _ => format!("{k} {delim} {v}"),
    };
    if d.trailing_ws {
        line.push_str(" \t");
    }
    out.push(line);
    match rest {
        Some(rest) => out.extend(rest.split('\n').map(str::to_string)),
        None => {
            if let Some(c) = d.continuation {
                out.push(format!("  {}", pick(CONTINUATIONS, c)));
            }
        }
    }
}

/// A session as profiles refer to it: its name and its values.
struct SessionInfo {
    name: String,
    portal: usize,
    spelling: usize,
    region: usize,
}

fn quoted(name: &str, quote: u8) -> String {
    match quote {
        _ if name.contains(' ') && quote != 2 => format!("\"{name}\""),
        1 => format!("\"{name}\""),
        2 => format!("'{name}'"),
        _ => name.to_string(),
    }
}

fn header_line(prefix: &str, name: &str, ws: u8) -> String {
    match ws {
        1 => format!("[{prefix}  {name}]"),
        2 => format!("[{prefix}\t{name}]"),
        3 => format!("[{prefix} {name}] # note"),
        4 => format!("[{prefix} {name} ]"),
        5 => format!("[{prefix} {name}]  "),
        _ => format!("[{prefix} {name}]"),
    }
}

/// The name a section gets: from the pool, made unique unless the draft asks for a duplicate.
fn unique(used: &mut HashSet<String>, space: &str, base: &str, dup: bool, i: usize) -> String {
    let mut name = base.to_string();
    if !dup {
        let mut n = 1;
        while used.contains(&format!("{space}:{name}")) {
            n += 1;
            name = format!("{base}-{i}{n}");
        }
    }
    used.insert(format!("{space}:{name}"));
    name
}

fn render(f: &FileDraft) -> Vec<u8> {
    let mut used = HashSet::new();
    // First pass: the sessions, so that profiles can refer to them.
    let mut sessions = Vec::new();
    let mut names = Vec::new();
    for (i, s) in f.sections.iter().enumerate() {
        let name = match &s.kind {
            Kind::Session {
                portal,
                spelling,
                region,
                ..
            } => {
                let name = unique(&mut used, "s", pick(SESSION_NAMES, s.name), s.dup_name, i);
                sessions.push(SessionInfo {
                    name: name.clone(),
                    portal: *portal,
                    spelling: *spelling,
                    region: *region,
                });
                name
            }
            Kind::Services => unique(&mut used, "services", "local", s.dup_name, i),
            Kind::Plugins => unique(&mut used, "h", "plugins", s.dup_name, i),
            Kind::Defaults { .. } => "DEFAULT".to_string(),
            Kind::Other { header } => unique(
                &mut used,
                "h",
                pick(
                    &["preview", "profile a b", "Profile Upper", "toplevel"],
                    *header,
                ),
                s.dup_name,
                i,
            ),
            _ if s.form == 1 => unique(&mut used, "p", "default", s.dup_name, i),
            _ => unique(&mut used, "p", pick(PROFILE_NAMES, s.name), s.dup_name, i),
        };
        names.push(name);
    }
    let mut lines: Vec<String> = f.prelude.iter().map(Filler::render).collect();
    match f.oddity {
        1 => lines.push("region = us-east-1".into()),
        2 => lines.insert(0, "\u{feff}# bom".into()),
        _ => {}
    }
    for (i, s) in f.sections.iter().enumerate() {
        render_section(s, &names[i], i, &sessions, &mut lines);
    }
    let mut out = Vec::new();
    let n = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        out.extend_from_slice(line.as_bytes());
        if i + 1 == n && !f.final_newline {
            break;
        }
        let ending = match &f.endings {
            Endings::Lf => 0,
            Endings::CrLf => 1,
            Endings::Mixed(v) => v[i % v.len()],
        };
        out.extend_from_slice([&b"\n"[..], b"\r\n", b"\r"][ending as usize % 3]);
    }
    out
}

fn render_section(
    s: &SectionDraft,
    name: &str,
    i: usize,
    sessions: &[SessionInfo],
    lines: &mut Vec<String>,
) {
    let session = |k: usize| sessions.get(k % sessions.len().max(1));
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut key = |k: &str, v: &str| keys.push((k.to_string(), v.to_string()));
    let profile_header = || match s.form {
        1 if name == "default" => match s.header_ws {
            3 => "[default] # note".to_string(),
            5 => "[default]  ".to_string(),
            _ => "[default]".to_string(),
        },
        2 => header_line("profiles", &quoted(name, s.quote), s.header_ws),
        _ => header_line("profile", &quoted(name, s.quote), s.header_ws),
    };
    let mut trailer = None;
    let header = match &s.kind {
        Kind::Legacy {
            portal,
            spelling,
            region,
            account,
            role,
        } => {
            key("sso_start_url", url(*portal, *spelling));
            key("sso_region", pick(REGIONS, *region));
            key("sso_account_id", pick(ACCOUNTS, *account));
            key("sso_role_name", pick(ROLES, *role));
            profile_header()
        }
        Kind::Migrated {
            session: k,
            account,
            role,
        } => {
            let name = session(*k).map_or("missing-session", |s| s.name.as_str());
            key("sso_session", name);
            key("sso_account_id", pick(ACCOUNTS, *account));
            key("sso_role_name", pick(ROLES, *role));
            profile_header()
        }
        Kind::Hybrid {
            session: k,
            url: u,
            region: r,
            account,
        } => {
            key(
                "sso_session",
                session(*k).map_or("missing-session", |s| s.name.as_str()),
            );
            let (portal, spelling, region) =
                session(*k).map_or((0, 0, 0), |s| (s.portal, s.spelling, s.region));
            match u {
                0 => key("sso_start_url", url(portal, spelling)),
                1 => key("sso_start_url", url(portal, spelling + 1)),
                _ => {}
            }
            match r {
                0 => key("sso_region", pick(REGIONS, region)),
                1 => key("sso_region", pick(REGIONS, region + 1)),
                _ => {}
            }
            key("sso_account_id", pick(ACCOUNTS, *account));
            key("sso_role_name", "Developer");
            profile_header()
        }
        Kind::Session {
            portal,
            spelling,
            region,
            scopes,
        } => {
            key("sso_start_url", url(*portal, *spelling));
            key("sso_region", pick(REGIONS, *region));
            if *scopes {
                key("sso_registration_scopes", "sso:account:access");
            }
            header_line("sso-session", &quoted(name, s.quote), s.header_ws)
        }
        Kind::Static => {
            key("aws_access_key_id", "AKIDEXAMPLE");
            key("aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG");
            profile_header()
        }
        Kind::NoRegion { portal, spelling } => {
            key("sso_start_url", url(*portal, *spelling));
            key("sso_account_id", "111111111111");
            profile_header()
        }
        Kind::BadUrl { url: u, region } => {
            key("sso_start_url", pick(BAD_URLS, *u));
            key("sso_region", pick(REGIONS, *region));
            profile_header()
        }
        Kind::CredProcess { portal, region } => {
            key("sso_start_url", url(*portal, 0));
            key("sso_region", pick(REGIONS, *region));
            key(
                "credential_process",
                "aws-sso-util credential-process --profile x",
            );
            profile_header()
        }
        Kind::Services => {
            key("s3", "\n  endpoint_url = http://localhost:4566");
            format!("[services {name}]")
        }
        Kind::Plugins => {
            key("cli_legacy_plugin_path", "/opt/aws/plugins");
            format!("[{name}]")
        }
        Kind::Defaults { keys: mask } => {
            for (bit, (k, v)) in [
                ("region", "us-east-1"),
                ("output", "json"),
                ("sso_region", "eu-west-1"),
                ("cli_pager", ""),
                ("sso_start_url", "https://acme.awsapps.com/start"),
            ]
            .iter()
            .enumerate()
            {
                if mask & (1 << bit) != 0 {
                    key(k, v);
                }
            }
            "[DEFAULT]".to_string()
        }
        Kind::Other { .. } => {
            key("cloudfront", "true");
            format!("[{name}]")
        }
        Kind::Granted { portal, region } => {
            lines.push(format!("[granted_registry_start reg{i}]"));
            trailer = Some(format!("[granted_registry_end reg{i}]"));
            key("sso_start_url", url(*portal, 0));
            key("sso_region", pick(REGIONS, *region));
            key("sso_account_id", "111111111111");
            key("sso_role_name", "Granted");
            profile_header()
        }
    };
    let is_profile = !matches!(
        s.kind,
        Kind::Session { .. }
            | Kind::Services
            | Kind::Plugins
            | Kind::Defaults { .. }
            | Kind::Other { .. }
    );
    if is_profile {
        for &e in &s.extras {
            let (k, v) = EXTRAS[e];
            if keys.iter().all(|(have, _)| have != k) {
                keys.push((k.to_string(), v.to_string()));
            }
        }
    }
    let len = keys.len();
    if len > 0 {
        keys.rotate_left(s.rotate % len);
    }
    if s.dup_key
        && let Some((k, v)) = keys.last().cloned()
    {
        keys.push((k.to_ascii_uppercase(), v));
    }
    lines.extend(s.leading.iter().map(Filler::render));
    lines.push(header);
    let width = keys.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    for (j, (k, v)) in keys.iter().enumerate() {
        let d = &s.decos[j % s.decos.len()];
        key_lines(k, v, d, width, lines);
    }
    lines.extend(trailer);
}

/// Config fragments glued together at random, for parser states the generator never builds.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    const FRAGMENTS: &[&str] = &[
        "[profile a]",
        "[profile \"b c\"]",
        "[profiles x]",
        "[default]",
        "[DEFAULT]",
        "[sso-session s]",
        "[sso-session acme]",
        "[services x]",
        "[granted_registry_start g]",
        "[granted_registry_end g]",
        "sso_start_url",
        "SSO_Start_URL",
        "sso_region",
        "sso_session",
        "sso_account_id",
        "sso_role_name",
        "sso_registration_scopes",
        "credential_process = aws-sso-util credential-process",
        "region",
        "s3",
        "=",
        " = ",
        ":",
        " ",
        "\t",
        "  ",
        "\n",
        "\n",
        "\n",
        "\r\n",
        "\r",
        "#",
        ";",
        "[",
        "]",
        "\"",
        "'",
        "https://acme.awsapps.com/start",
        "https://acme.awsapps.com/start/",
        "HTTPS://ACME.awsapps.com:443/start#/",
        "https://d-123abc.awsapps.com/start",
        "us-east-1",
        "eu-west-1",
        "acme",
        "s",
        "a",
        "1",
        "\u{a0}",
        "\x0c",
    ];
    proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..80)
        .prop_map(|parts| parts.concat().into_bytes())
}

// ---------------------------------------------------------------------------------------------
// An independent reader: the `configparser` crate, and a resolver written here from
// AWS-CONFIG-FACTS.md §1.1 without any of the tool's code.

/// What a profile resolves to, as read here.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Indep {
    Target {
        start_url: Option<String>,
        sso_region: Option<String>,
        account_id: Option<String>,
        role_name: Option<String>,
        session: Option<String>,
    },
    MissingSession(String),
    /// The session keys whose value differs in the profile.
    Inconsistent(BTreeSet<String>),
}

type Keys = BTreeMap<String, String>;

struct IniView {
    profiles: BTreeMap<String, Keys>,
    sessions: BTreeMap<String, Keys>,
}

enum Header {
    Profile(String),
    Session(String),
    Ignored,
}

/// The words of a header as `shlex.split` gives them, for the simple forms: bare words and
/// words wholly in one pair of quotes. `None` for anything else (escapes, quotes mid-word).
fn words(header: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = header.chars().peekable();
    loop {
        while chars.next_if(|c| matches!(c, ' ' | '\t')).is_some() {}
        let Some(&c) = chars.peek() else {
            return Some(out);
        };
        let mut word = String::new();
        if c == '"' || c == '\'' {
            chars.next();
            loop {
                match chars.next() {
                    Some(q) if q == c => break,
                    Some('\\') | None => return None,
                    Some(other) => word.push(other),
                }
            }
            if chars.peek().is_some_and(|n| !matches!(n, ' ' | '\t')) {
                return None;
            }
        } else {
            while let Some(n) = chars.next_if(|n| !matches!(n, ' ' | '\t')) {
                if matches!(n, '"' | '\'' | '\\') {
                    return None;
                }
                word.push(n);
            }
        }
        out.push(word);
    }
}

fn header_kind(header: &str) -> Option<Header> {
    if header == "default" {
        return Some(Header::Profile("default".into()));
    }
    let (is_profile, is_session) = (
        header.starts_with("profile"),
        header.starts_with("sso-session"),
    );
    if !is_profile && !is_session {
        return Some(Header::Ignored);
    }
    let w = words(header)?;
    Some(match (w.as_slice(), is_profile) {
        ([_, name], true) => Header::Profile(name.clone()),
        ([_, name], false) => Header::Session(name.clone()),
        _ => Header::Ignored,
    })
}

/// Reads `text` with `configparser`; `[DEFAULT]` is read as a plain section and merged here.
fn ini_view(text: &str) -> Result<IniView, String> {
    let mut defaults = IniDefault::default();
    defaults.default_section = "\u{0}no default section".into();
    defaults.case_sensitive = true;
    defaults.multiline = true;
    defaults.enable_inline_comments = false;
    let mut ini = Ini::new_from_defaults(defaults);
    let map = ini.read(text.to_string())?;
    let lower = |m: &std::collections::HashMap<String, Option<String>>| -> Keys {
        m.iter()
            .map(|(k, v)| (k.to_lowercase(), v.clone().unwrap_or_default()))
            .collect()
    };
    let defaults = map.get("DEFAULT").map(lower).unwrap_or_default();
    let mut view = IniView {
        profiles: BTreeMap::new(),
        sessions: BTreeMap::new(),
    };
    for (header, keys) in &map {
        if header == "DEFAULT" {
            continue;
        }
        let mut keys = lower(keys);
        for (k, v) in &defaults {
            keys.entry(k.clone()).or_insert_with(|| v.clone());
        }
        match header_kind(header) {
            Some(Header::Profile(name)) => {
                view.profiles.insert(name, keys);
            }
            Some(Header::Session(name)) => {
                view.sessions.insert(name, keys);
            }
            Some(Header::Ignored) => {}
            None => return Err(format!("cannot read the header `[{header}]` here")),
        }
    }
    Ok(view)
}

impl IniView {
    fn resolve(&self, profile: &str) -> Option<Indep> {
        let mut merged = self.profiles.get(profile)?.clone();
        let session = merged.get("sso_session").cloned();
        if let Some(name) = &session {
            let Some(keys) = self.sessions.get(name) else {
                return Some(Indep::MissingSession(name.clone()));
            };
            let mut bad = BTreeSet::new();
            for (k, v) in keys {
                match merged.get(k) {
                    Some(mine) if mine != v => {
                        bad.insert(k.clone());
                    }
                    Some(_) => {}
                    None => {
                        merged.insert(k.clone(), v.clone());
                    }
                }
            }
            if !bad.is_empty() {
                return Some(Indep::Inconsistent(bad));
            }
        }
        Some(Indep::Target {
            start_url: merged.get("sso_start_url").cloned(),
            sso_region: merged.get("sso_region").cloned(),
            account_id: merged.get("sso_account_id").cloned(),
            role_name: merged.get("sso_role_name").cloned(),
            session,
        })
    }
}

/// Where `configparser` is known to read a file differently from botocore, so a disagreement
/// would say nothing about the tool. The generator produces none of these; soup may.
fn configparser_differs(doc: &Document) -> Option<&'static str> {
    for i in 0..doc.len() {
        let text = doc.text(i);
        // Rust's `trim` and Python's `strip` disagree outside ASCII and on \x0b, \x0c, \x1c-\x1f.
        if text
            .chars()
            .any(|c| (!c.is_ascii() && c.is_whitespace()) || matches!(c, '\x0b'..='\x1f'))
        {
            return Some("whitespace Rust and Python trim differently");
        }
        let stripped = text.trim();
        match &doc.line(i).kind {
            // botocore continues the value; configparser starts a section.
            LineKind::Continuation if stripped.starts_with('[') => {
                return Some("an indented `[` line continuing a value");
            }
            // botocore reads `[a = b` as a key; configparser fails on the missing `]`.
            LineKind::Key { .. } if stripped.starts_with('[') => {
                return Some("a key line starting with `[`");
            }
            // configparser trims the header, botocore does not.
            LineKind::Section { header } => {
                let h = doc.slice(i, header);
                if h.starts_with([' ', '\t'])
                    || (h != h.trim() && matches!(h.trim(), "default" | "DEFAULT"))
                {
                    return Some("whitespace inside the brackets");
                }
            }
            _ => {}
        }
    }
    None
}

fn summarize(r: Result<SsoTarget, ResolveError>) -> Indep {
    match r {
        Ok(t) => Indep::Target {
            start_url: t.start_url,
            sso_region: t.sso_region,
            account_id: t.account_id,
            role_name: t.role_name,
            session: t.session,
        },
        Err(ResolveError::MissingSession { session }) => Indep::MissingSession(session),
        Err(ResolveError::Inconsistent { key, .. }) => Indep::Inconsistent([key].into()),
    }
}

/// Law 3, one file: every profile resolves in our model as the independent reader sees it.
/// `strict`: the file comes from the generator, which promises to avoid known reader
/// differences, so meeting one is a generator bug.
fn agrees_with_configparser(bytes: &[u8], strict: bool) -> Result<(), TestCaseError> {
    let doc = Document::parse(bytes.to_vec());
    let cfg = Config::read(&doc);
    if !cfg.problems().is_empty() {
        return Ok(());
    }
    if let Some(why) = configparser_differs(&doc) {
        prop_assert!(!strict, "the generator made a file with {why}");
        return Ok(());
    }
    let text = std::str::from_utf8(bytes).expect("a file without problems is UTF-8");
    let view = match ini_view(text) {
        Ok(v) => v,
        Err(e) => {
            prop_assert!(!strict, "configparser cannot read a generated file: {e}");
            return Ok(());
        }
    };
    let mut ours = BTreeSet::new();
    for (i, s) in cfg.profile_sections() {
        let name = s.profile_name().unwrap_or_default();
        ours.insert(name.to_string());
        let Some(theirs) = view.resolve(name) else {
            return Err(TestCaseError::fail(format!(
                "configparser sees no profile `{name}`"
            )));
        };
        let mine = summarize(cfg.resolve(i));
        match (&mine, &theirs) {
            // botocore reports the first conflicting key; any of them is a correct report.
            (Indep::Inconsistent(a), Indep::Inconsistent(b)) => {
                prop_assert!(a.is_subset(b), "profile `{}`: {:?} vs {:?}", name, a, b);
            }
            _ => prop_assert_eq!(&mine, &theirs, "profile `{}`", name),
        }
    }
    let theirs: BTreeSet<String> = view.profiles.keys().cloned().collect();
    prop_assert_eq!(ours, theirs, "the two readers see different profiles");
    Ok(())
}

/// The read-back with every profile of the original read ahead by the crate (as `migrate`
/// does on a large file) passes what `migrate` passed; on generated files (`strict`), the
/// digests accept every chunk read ahead, none left to the paired check.
fn read_ahead_agrees(
    m: &aws_sso_migrate::migrate::Migration,
    strict: bool,
) -> Result<(), TestCaseError> {
    let (before, after) = (Config::read(&m.old), Config::read(m.rewritten()));
    let scope = verify::Scope::of(&before, &after, &m.ops);
    let every_profile = before
        .profile_section_numbers()
        .filter(|&i| before.is_in_use(i));
    let stop = std::sync::atomic::AtomicBool::new(false);
    let digests = verify::ReadAhead::of(&before, every_profile).run(&stop);
    let theirs = verify::Independent::new(&scope, Some(digests), &m.ops);
    theirs.work();
    if strict {
        prop_assert_eq!(
            theirs.accepted_by_digest(),
            theirs.chunks_read_ahead(),
            "a faithful chunk the digests refused"
        );
    }
    if let Err(problems) = theirs.finish() {
        return Err(TestCaseError::fail(format!(
            "read ahead, the crate disagrees: {problems:?}"
        )));
    }
    Ok(())
}

/// Every fixture and every real-world config that migrates is read back with every profile of
/// the original read ahead: it passes, and the digests accept every chunk read ahead.
#[test]
fn every_fixture_and_real_world_config_reads_back_alike_read_ahead() {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in [
        crate::support::repo().join("fixtures"),
        crate::support::shared().join("corpus/real-world"),
    ] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let p = if p.is_dir() { p.join("config") } else { p };
            if p.is_file()
                && (p.ends_with("config") || p.extension().is_some_and(|x| x == "config"))
            {
                files.push(p);
            }
        }
    }
    let mut migrated = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let Ok(m) = migrate(bytes, &PlanOptions::default()) else {
            continue;
        };
        if m.plan.changes_anything() {
            migrated += 1;
        }
        if let Err(e) = read_ahead_agrees(&m, true) {
            panic!("{}: {e}", f.display());
        }
    }
    // 35 fixtures and 26 real-world configs, of which 26 migrate: a floor for a broken path.
    assert!(files.len() >= 60, "only {} files found", files.len());
    assert!(
        migrated >= 24,
        "only {migrated} of {} files migrate",
        files.len()
    );
}

/// Laws 2, 3 and 4 for one input: whatever `migrate` says must be a legitimate answer.
fn migration_laws(bytes: &[u8], strict: bool) -> Result<(), TestCaseError> {
    let opts = PlanOptions::default();
    let m = match migrate(bytes.to_vec(), &opts) {
        Ok(m) => m,
        Err(MigrateError::Unreadable { .. } | MigrateError::Plan(_)) => return Ok(()),
        Err(MigrateError::Internal(e)) => {
            return Err(TestCaseError::fail(format!(
                "MigrateError::Internal: {e}\ninput: {:?}",
                String::from_utf8_lossy(bytes)
            )));
        }
    };
    let new = &*m.rewritten().bytes();
    prop_assert_eq!(&*m.old.bytes(), bytes);
    let whole = Document::parse(new.to_vec());
    prop_assert!(whole.render() == new, "the output does not round-trip");
    // The rewrite is read from the original (`Document::parse_edited`): as if parsed whole,
    // and each line's bytes found where they are kept.
    prop_assert!(
        m.rewritten().lines().eq(whole.lines()),
        "the rewrite read from the original differs from its full parse"
    );
    prop_assert!(
        (0..whole.len()).all(|i| m.rewritten().raw(i) == whole.raw(i)),
        "a line of the rewrite read from the original has other bytes"
    );
    match migrate(new.to_vec(), &opts) {
        Ok(again) => {
            prop_assert!(
                again.rewritten().bytes() == new,
                "migrating the output changed it again:\n{}",
                String::from_utf8_lossy(&again.rewritten().bytes())
            );
            prop_assert!(
                !again.plan.changes_anything(),
                "a second run has work to do"
            );
        }
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "migrating the output failed: {e:?}\noutput: {:?}",
                String::from_utf8_lossy(new)
            )));
        }
    }
    if let Err(problems) = verify::independent(bytes, new) {
        return Err(TestCaseError::fail(format!(
            "verify::independent disagrees: {problems:?}"
        )));
    }
    read_ahead_agrees(&m, strict)?;
    agrees_with_configparser(new, strict)?;
    agrees_with_configparser(bytes, strict)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn generated_files_round_trip(draft in file()) {
        let bytes = render(&draft);
        prop_assert!(Document::parse(bytes.clone()).render() == bytes);
    }

    #[test]
    fn arbitrary_bytes_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        prop_assert!(Document::parse(bytes.clone()).render() == bytes);
    }

    #[test]
    fn soup_round_trips(bytes in soup()) {
        prop_assert!(Document::parse(bytes.clone()).render() == bytes);
    }

    #[test]
    fn arbitrary_bytes_never_break_migrate(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        migration_laws(&bytes, false)?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn generated_files_migrate_faithfully(draft in file()) {
        migration_laws(&render(&draft), true)?;
    }

    #[test]
    fn soup_migrates_faithfully(bytes in soup()) {
        migration_laws(&bytes, false)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a config stops at its first over-long line: the verdict is the same as on the whole.

/// One line of a file near the 64 KiB line limit: how long, what it holds, how it ends.
fn long_line() -> impl Strategy<Value = Vec<u8>> {
    let longest = aws_sso_migrate::aws::LONGEST_LINE;
    let len = prop_oneof![
        0..80usize,
        longest - 4..=longest + 8,
        longest + 5..=3 * longest,
    ];
    // Mostly plain text; sometimes a byte that is not UTF-8, or a lone `\r` inside, which ends a
    // line for the reader.
    let fill = prop_oneof![4 => Just(b'x'), 1 => Just(0xE9u8), 1 => Just(b'\r')];
    let ending = prop_oneof![
        Just(&b"\n"[..]),
        Just(&b"\r\n"[..]),
        Just(&b"\r"[..]),
        Just(&b""[..])
    ];
    (len, fill, 0..4096usize, ending).prop_map(|(len, fill, at, ending)| {
        let mut line = vec![b'k'; len];
        if len > 0 {
            line[at % len] = fill;
        }
        line.extend_from_slice(ending);
        line
    })
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn a_config_cut_at_its_first_long_line_reads_as_the_whole(
        bom in any::<bool>(),
        lines in proptest::collection::vec(long_line(), 1..6),
    ) {
        use aws_sso_migrate::error::Input;
        use aws_sso_migrate::fsio;
        let whole = [
            if bom { &b"\xEF\xBB\xBF[profile a]\n"[..] } else { &b"[profile a]\n"[..] },
            &lines.concat(),
        ]
        .concat();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, &whole).unwrap();
        let input = Input::Path(path);
        let read = fsio::read_config(&input, 1 << 30).unwrap();
        prop_assert!(whole.starts_with(&read));
        if read.len() < whole.len() {
            // Cut: only where the whole file is refused, and refused the same.
            let (cut, full) = (migrate(read.clone(), &PlanOptions::default()), migrate(whole.clone(), &PlanOptions::default()));
            prop_assert!(matches!(full, Err(MigrateError::Unreadable { .. })), "{:?}", full);
            prop_assert_eq!(cut.err(), full.err());
            prop_assert_eq!(
                aws_sso_migrate::doctor::diagnose(read).err(),
                aws_sso_migrate::doctor::diagnose(whole).err()
            );
        }
    }
}

/// The generator is only worth something if most files it makes are migrated, and some refused.
#[test]
fn the_generator_mostly_makes_migratable_files() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut changed, mut refused, n) = (0, 0, 200);
    for _ in 0..n {
        let draft = file().new_tree(&mut runner).unwrap().current();
        match migrate(render(&draft), &PlanOptions::default()) {
            Ok(m) if m.changes_anything() => changed += 1,
            Ok(_) => {}
            Err(_) => refused += 1,
        }
    }
    assert!(
        changed * 2 > n,
        "only {changed} of {n} generated files change"
    );
    assert!(
        refused > 0 && refused * 4 < n,
        "{refused} of {n} generated files refused"
    );
}

/// Found by `generated_files_migrate_faithfully`. A legacy profile whose `sso_registration_scopes`
/// continues on an indented line is grouped with those scopes, and the new session block is
/// written with `format!("sso_registration_scopes = {scopes}")`: the second line lands
/// unindented in the session (`y` at line 5, "not a section header, a comment or
/// `key = value`"), the verifier catches it and the tool reports an internal error on a file the
/// AWS CLI reads fine. Fixed: such a profile is now left alone with a reason.
#[test]
fn multiline_scopes_in_a_legacy_profile() {
    let src = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = x\n  y\n";
    if let Ok(m) = migrate_without_internal_error(src) {
        verify::independent(src.as_bytes(), &m.rewritten().bytes()).unwrap();
    }
}

/// Migrates `src`, failing the test on an internal error; any other outcome is returned.
fn migrate_without_internal_error(
    src: &str,
) -> Result<aws_sso_migrate::migrate::Migration, MigrateError> {
    let result = migrate(src, &PlanOptions::default());
    assert!(
        !matches!(result, Err(MigrateError::Internal(_))),
        "{src:?}: {result:?}"
    );
    result
}

/// Found by `soup_migrates_faithfully` and by the `migrate` fuzz target. botocore reads `[a=b` (no closing bracket) as the key
/// `[a` with the value `b`, and `  [x` after a key as a continuation line, and so does our
/// model, so the file has no problems; but `verify::independent` hands the original to the
/// `configparser` crate, which fails on "Found opening bracket for section name but no closing
/// bracket", and `migrate` reports `MigrateError::Internal` even when nothing would change
/// (exit 2, "this is a bug", also under `--check`). Fixed: the other SDKs reject such a line, so the
/// file is refused as ambiguous.
#[test]
fn line_starting_with_a_bracket_but_no_closing_bracket() {
    for src in [
        "[profile a]\n[a=b\n",
        "[profile a]\n[https://acme.awsapps.com/start",
        "[profile a]\nk = v\n  [x\n",
        // `cargo fuzz tmin migrate` of the first crash the fuzzer found.
        "[t]\n[=",
    ] {
        let _ = migrate_without_internal_error(src);
    }
}

/// Found by `generated_files_migrate_faithfully`. botocore (shlex) reads `[sso-session\tacme]`
/// as the session `acme`, and so does our model, so the legacy profile is moved into it; but
/// `verify::independent` recognises sessions only by the prefix `sso-session ` (with a space),
/// sees no session `acme` in the rewritten file, and `migrate` fails with
/// `MigrateError::Internal` ("sso-session `acme` does not exist"). The same reader silently
/// skips `[profile\tNAME]` profiles, so they are never checked. Fixed: any spaces or tabs separate.
/// Since then the session is not reused: the AWS SDKs for Ruby and PHP read its header as
/// `sso-session\tacme` and find no `acme` (JavaScript reads it as `acme`), so the profile gets a
/// new session.
#[test]
fn session_header_with_a_tab() {
    let src = "[sso-session\tacme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n";
    let m = migrate_without_internal_error(src).expect("migrates");
    let names: Vec<(&str, bool)> = (m.plan.sessions.iter())
        .map(|s| (s.name, s.is_new()))
        .collect();
    assert_eq!(names, [("acme-2", true)]);
}

/// The independent resolver is not vacuous: it reads a known file to known answers.
#[test]
fn the_independent_resolver_reads_known_answers() {
    let text = "[DEFAULT]\nsso_role_name = Dflt\n[profile\t\"my prof\"]\nSSO_Session: corp\n\
                sso_account_id = 1\n[profile b]\nsso_session = corp\nsso_region = eu-west-1\n\
                [profile c]\nsso_session = gone\n[sso-session 'corp']\n\
                sso_start_url = https://x/start # not a comment\nsso_region = us-east-1\n";
    let view = ini_view(text).unwrap();
    assert_eq!(
        view.resolve("my prof"),
        Some(Indep::Target {
            start_url: Some("https://x/start # not a comment".into()),
            sso_region: Some("us-east-1".into()),
            account_id: Some("1".into()),
            role_name: Some("Dflt".into()),
            session: Some("corp".into()),
        })
    );
    assert_eq!(
        view.resolve("b"),
        Some(Indep::Inconsistent(["sso_region".to_string()].into()))
    );
    assert_eq!(
        view.resolve("c"),
        Some(Indep::MissingSession("gone".into()))
    );
    assert_eq!(view.resolve("corp"), None);
    // Our model reads it the same way.
    agrees_with_configparser(text.as_bytes(), true).unwrap();
}
