//! The carry scenario: `aws-sso-migrate --write --carry-tokens` on a config with real legacy
//! tokens in the cache, checked end to end with aws-config before and after, using only what is
//! in the cache (no login).
//!
//! Two spellings of one portal (`…/start` valid for 1 hour, `…/start/` for 2 hours) and a second
//! portal whose legacy token expired an hour ago. After the migration both profiles of the first
//! portal must reach the same account and role presenting the token that expires last, read from
//! the session's cache file; the profile whose token had expired must still fail (the portal
//! refused the expired token before; afterwards there is no token for its session at all).

use crate::check::{self, Mode, Obs, Resolved, token_value};
use crate::stub::EXPIRED_TOKEN_PREFIX;
use crate::util::{TempDir, canonical_portal, now_secs, sha1_hex, utc_timestamp};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const CONFIG: &str = "\
[profile a]
sso_start_url = https://carry.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile b]
sso_start_url = https://carry.awsapps.com/start/
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile lapsed]
sso_start_url = https://lapsed.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 333333333333
sso_role_name = Dev
";

/// What a correct `--write` makes of [`CONFIG`] (the selftest's fake tools write it).
const MIGRATED: &str = "\
[sso-session carry]
sso_start_url = https://carry.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile a]
sso_session = carry
sso_account_id = 111111111111
sso_role_name = Admin

[profile b]
sso_session = carry
sso_account_id = 222222222222
sso_role_name = ReadOnly

[sso-session lapsed]
sso_start_url = https://lapsed.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile lapsed]
sso_session = lapsed
sso_account_id = 333333333333
sso_role_name = Dev
";

const START: &str = "https://carry.awsapps.com/start";
const START_SLASH: &str = "https://carry.awsapps.com/start/";
const LAPSED: &str = "https://lapsed.awsapps.com/start";

/// (start URL, SSO region, seconds from now until it expires)
/// The one that expires last is profile b's `…/start/`, not the spelling the session keeps, so
/// the carried file's `startUrl` differs from the session's (the SDK must not mind).
const TOKENS: [(&str, &str, i64); 3] = [
    (START, "us-east-1", 3600),
    (START_SLASH, "us-east-1", 7200),
    (LAPSED, "eu-west-1", -3600),
];

/// The cache-file key the stub decodes from the token of `…/start/` (it expires last).
fn expected_key() -> String {
    format!("url:{START_SLASH}")
}

fn token_for(url: &str, expires_in: i64) -> String {
    let value = token_value(&canonical_portal(url), &format!("url:{url}"));
    if expires_in <= 0 {
        format!("{EXPIRED_TOKEN_PREFIX}{value}")
    } else {
        value
    }
}

fn stage(home: &Path) -> std::io::Result<()> {
    let aws = home.join(".aws");
    let cache = aws.join("sso").join("cache");
    std::fs::create_dir_all(&cache)?;
    std::fs::write(aws.join("config"), CONFIG)?;
    std::fs::write(aws.join("credentials"), b"")?;
    let now = now_secs() as i64;
    for (url, region, expires_in) in TOKENS {
        let json = serde_json::json!({
            "startUrl": url,
            "region": region,
            "accessToken": token_for(url, expires_in),
            "expiresAt": utc_timestamp((now + expires_in) as u64),
        });
        std::fs::write(
            cache.join(format!("{}.json", sha1_hex(url))),
            json.to_string(),
        )?;
    }
    Ok(())
}

fn cache_file(home: &Path, identifier: &str) -> PathBuf {
    home.join(".aws/sso/cache")
        .join(format!("{}.json", sha1_hex(identifier)))
}

fn sso_call(r: &Resolved) -> Option<(&str, &str, &str, &str)> {
    r.obs.iter().find_map(|o| match o {
        Obs::Sso {
            host,
            account,
            role,
            key,
            ..
        } => Some((host.as_str(), account.as_str(), role.as_str(), key.as_str())),
        _ => None,
    })
}

async fn resolve_all(home: &Path) -> Vec<(&'static str, Resolved)> {
    let mut out = Vec::new();
    for p in ["a", "b", "lapsed"] {
        out.push((p, check::resolve(home, p, Mode::EndpointEnv, true).await));
    }
    out
}

/// Runs the scenario with the tool at `bin`. `Ok` carries the summary line, `Err` every
/// problem found.
pub async fn scenario(bin: &Path) -> Result<String, String> {
    let dir = TempDir::new("carry").map_err(|e| format!("temp HOME: {e}"))?;
    let home = dir.path();
    stage(home).map_err(|e| format!("staging the cache: {e}"))?;
    let before = resolve_all(home).await;
    let out = Command::new(bin)
        .args(["--write", "--carry-tokens", "--color", "never"])
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join(".aws/config"))
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        return Err(format!(
            "the tool exited with {:?}: {stderr}",
            out.status.code()
        ));
    }
    let after = resolve_all(home).await;
    let set = check::load_profiles(home).await?;
    let session_of = |p: &str| {
        set.get_profile(p)
            .and_then(|p| p.get("sso_session"))
            .map(String::from)
    };
    let advice = stderr.split_once("next:").map_or("", |(_, a)| a);
    let mut problems = Vec::new();
    let mut same = 0;
    for ((name, b), (_, a)) in before.iter().zip(&after).take(2) {
        let (Ok(_), Some(call_b)) = (&b.result, sso_call(b)) else {
            problems.push(format!(
                "profile {name}: the legacy token did not work before: {b:?}"
            ));
            continue;
        };
        let (Ok(_), Some(call_a)) = (&a.result, sso_call(a)) else {
            problems.push(format!(
                "profile {name}: worked before, fails after: {:?}",
                a.result
            ));
            continue;
        };
        let Some(session) = session_of(name) else {
            problems.push(format!("profile {name} was not migrated to a session"));
            continue;
        };
        if (call_b.0, call_b.1, call_b.2) != (call_a.0, call_a.1, call_a.2) {
            problems.push(format!(
                "profile {name}: portal saw {call_b:?} before, {call_a:?} after"
            ));
        }
        if call_a.3 != expected_key() {
            problems.push(format!(
                "profile {name}: portal got the token of {:?} after, not the carried one of {:?}",
                call_a.3,
                expected_key()
            ));
        }
        match std::fs::metadata(cache_file(home, &session)) {
            Ok(m) if m.permissions().mode() & 0o777 == 0o600 => {}
            Ok(m) => problems.push(format!(
                "sso-session {session}: token file mode {:o}, not 600",
                m.permissions().mode() & 0o777
            )),
            Err(_) => problems.push(format!("no token file for sso-session {session}")),
        }
        if advice.contains(&format!("--sso-session {session}\n")) {
            problems.push(format!(
                "sso-session {session}: the tool still tells the user to log in"
            ));
        }
        same += 1;
    }
    let (b, a) = (&before[2].1, &after[2].1);
    let lapsed_before = match &b.result {
        Err(e) if sso_call(b).is_some() => e.clone(),
        other => {
            problems.push(format!(
                "profile lapsed: expected the portal to refuse the expired legacy token before, got {other:?}"
            ));
            String::new()
        }
    };
    let lapsed_after = match (&a.result, session_of("lapsed")) {
        (_, None) => {
            problems.push("profile lapsed was not migrated to a session".into());
            String::new()
        }
        (Err(e), Some(session)) if a.obs.is_empty() => {
            if cache_file(home, &session).exists() {
                problems.push(format!(
                    "the expired token was carried into sso-session {session}"
                ));
            }
            if !advice.contains(&format!("aws sso login --sso-session {session}")) {
                problems.push(format!(
                    "sso-session {session}: no login advice for the session that got no token"
                ));
            }
            e.clone()
        }
        (other, Some(session)) => {
            problems.push(format!(
                "profile lapsed (sso-session {session}): expected no token and no request after, got {other:?} with {:?}",
                a.obs
            ));
            String::new()
        }
    };
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    Ok(format!(
        "{same} migrated profiles got the same account and role with the carried token and no login; \
         1 profile with an expired legacy token failed before ({lapsed_before}) and after ({lapsed_after})"
    ))
}

/// A stand-in for the tool: writes [`MIGRATED`] and copies the legacy token files of `urls` to
/// their sessions' cache files.
fn fake_tool(dir: &Path, n: usize, urls: &[&str]) -> std::io::Result<PathBuf> {
    let session = |u: &str| if u == LAPSED { "lapsed" } else { "carry" };
    let mut script = format!(
        "#!/bin/sh\nset -e\ncat > \"$AWS_CONFIG_FILE\" <<'EOF'\n{MIGRATED}EOF\nc=\"$HOME/.aws/sso/cache\"\n"
    );
    for u in urls {
        let (src, dst) = (sha1_hex(u), sha1_hex(session(u)));
        script.push_str(&format!(
            "cp \"$c/{src}.json\" \"$c/{dst}.json\"\nchmod 600 \"$c/{dst}.json\"\n"
        ));
    }
    script.push_str("echo 'next: now, log in once per session:' >&2\necho '  aws sso login --sso-session lapsed' >&2\n");
    let path = dir.join(format!("fake-carry-{n}"));
    std::fs::write(&path, script)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
    Ok(path)
}

/// The scenario must accept a correct carry and catch wrong ones. Returns (cases, failures).
pub async fn selftest() -> (usize, Vec<String>) {
    let cases: [(&str, &[&str], Option<&str>); 4] = [
        (
            "carries the later token (positive control)",
            &[START_SLASH],
            None,
        ),
        ("carries nothing", &[], Some("worked before, fails after")),
        (
            "carries the token that expires first",
            &[START],
            Some("not the carried one"),
        ),
        (
            "carries the expired token too",
            &[START_SLASH, LAPSED],
            Some("the expired token was carried"),
        ),
    ];
    let mut failures = Vec::new();
    let dir = match TempDir::new("carry-fakes") {
        Ok(d) => d,
        Err(e) => return (cases.len(), vec![format!("temp dir: {e}")]),
    };
    for (n, (name, urls, must)) in cases.iter().enumerate() {
        let fake = match fake_tool(dir.path(), n, urls) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("carry: {name}: cannot write the fake tool: {e}"));
                continue;
            }
        };
        let result = scenario(&fake).await;
        let line = match (must, &result) {
            (None, Ok(_)) => None,
            (None, Err(e)) => Some(format!("the checker rejected a correct carry: {e}")),
            (Some(_), Ok(m)) => Some(format!("NOT caught ({m})")),
            (Some(want), Err(e)) if !e.contains(want) => {
                Some(format!("caught, but without {want:?}: {e}"))
            }
            (Some(_), Err(_)) => None,
        };
        println!(
            "selftest {} carry: {name}",
            if line.is_none() { "ok  " } else { "FAIL" }
        );
        if let Some(l) = line {
            failures.push(format!("carry: {name}: {l}"));
        }
    }
    (cases.len(), failures)
}
