//! `--doctor` mode: proves with the AWS SDK for Rust every claim `aws-sso-migrate --doctor` makes
//! about it. A finding whose `readers` list `rust` must really fail here: `file` - aws-config
//! cannot parse the file; `profile` - resolving the finding's profile fails; `users` - resolving
//! every profile whose `sso_session` names the finding's session fails. A file with no findings
//! (or only `info`) must resolve every profile that sets `sso_account_id` or `sso_role_name`.
//! Tokens are cached for every start URL and session, so a lookup fails only for the config.

use crate::check::{self, Home, Mode, TokenCache};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

pub struct FileVerdict {
    pub ok: bool,
    pub message: String,
    pub claims: usize,
}

fn verdict(ok: bool, message: String, claims: usize) -> FileVerdict {
    FileVerdict {
        ok,
        message,
        claims,
    }
}

pub async fn check_file(bin: &Path, file: &Path) -> FileVerdict {
    let original = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return verdict(false, format!("cannot read: {e}"), 0),
    };
    let out = match Command::new(bin)
        .args(["--doctor", "--format", "json", "--color", "never"])
        .arg(file)
        .env("NO_COLOR", "1")
        .output()
    {
        Ok(o) => o,
        Err(e) => return verdict(false, format!("cannot run {}: {e}", bin.display()), 0),
    };
    check_output(&original, out.status.code(), &out.stdout).await
}

/// Checks what `--doctor --format json` printed (`stdout`, exit status `rc`) about `original`.
pub async fn check_output(original: &[u8], rc: Option<i32>, stdout: &[u8]) -> FileVerdict {
    if !matches!(rc, Some(0..=2)) {
        return verdict(false, format!("--doctor exited {rc:?}"), 0);
    }
    let doc: Value = match serde_json::from_slice(stdout) {
        Ok(v) => v,
        Err(e) => return verdict(false, format!("--doctor printed no JSON: {e}"), 0),
    };
    if rc == Some(2) {
        return verdict(true, "unreadable to the tool; nothing claimed".into(), 0);
    }
    let findings = doc["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let claims: Vec<(&Value, &Value)> = findings
        .iter()
        .flat_map(|f| {
            f["readers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|r| r["reader"] == "rust")
                .map(move |r| (f, r))
        })
        .collect();
    let healthy = findings.iter().all(|f| f["severity"] == "info");
    let mut problems = Vec::new();
    let mut checked = 0;
    let probe = match Home::new("doctor-probe", original, &TokenCache::default()) {
        Ok(h) => h,
        Err(e) => return verdict(false, format!("temp HOME: {e}"), 0),
    };
    let set = check::load_profiles(probe.path()).await;
    let file_claims = claims.iter().filter(|(_, r)| r["scope"] == "file").count();
    let set = match set {
        Err(e) => {
            // Every claim about a file the SDK cannot parse holds. A file it cannot parse that no
            // finding says so about is not a false claim, only a missing one: a note.
            if file_claims == 0 {
                return verdict(
                    true,
                    format!(
                        "note: the AWS SDK for Rust cannot parse the file, and no finding says so: {e}"
                    ),
                    0,
                );
            }
            return verdict(
                true,
                format!("{file_claims} claims: the AWS SDK for Rust cannot parse it ({e})"),
                file_claims,
            );
        }
        Ok(set) => set,
    };
    if file_claims > 0 {
        checked += file_claims;
        problems.push(
            "a finding says the AWS SDK for Rust cannot parse the file, but it does".to_string(),
        );
    }
    let cache = TokenCache::for_original(&set);
    let home = match Home::new("doctor", original, &cache) {
        Ok(h) => h,
        Err(e) => return verdict(false, format!("temp HOME: {e}"), 0),
    };
    let fails = |name: String| {
        let home = home.path().to_path_buf();
        async move {
            check::resolve(&home, &name, Mode::EndpointEnv, true)
                .await
                .result
        }
    };
    for (f, r) in &claims {
        let what = format!(
            "{} at line {}",
            f["code"].as_str().unwrap_or("?"),
            f["line"]
        );
        // The reader's own text, where the finding quotes it, must be what it says.
        let said = r["error"].as_str().unwrap_or_default();
        match r["scope"].as_str() {
            Some("profile") => {
                checked += 1;
                let name = f["profile"].as_str().unwrap_or_default().to_string();
                match fails(name.clone()).await {
                    Ok(key) => problems.push(format!(
                        "{what}: the AWS SDK for Rust resolves profile `{name}` ({key})"
                    )),
                    Err(e) if !e.contains(said) => problems.push(format!(
                        "{what}: the AWS SDK for Rust says `{e}`, not `{said}`"
                    )),
                    Err(_) => {}
                }
            }
            Some("users") => {
                checked += 1;
                let session = f["session"].as_str().unwrap_or_default();
                for user in set.profiles() {
                    let uses = set
                        .get_profile(user)
                        .and_then(|p| p.get("sso_session"))
                        .is_some_and(|s| s == session);
                    if uses && let Ok(key) = fails(user.to_string()).await {
                        problems.push(format!(
                            "{what}: the AWS SDK for Rust resolves `{user}`, a user of sso-session `{session}` ({key})"
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    // What the refusal help says the Rust SDK reads for two sections that are one profile.
    let text = String::from_utf8_lossy(original);
    for f in &findings {
        let d = &f["details"];
        if d["what"] != "profile" {
            continue;
        }
        let name = d["name"].as_str().unwrap_or_default();
        let line = f["line"].as_u64().unwrap_or(0) as usize;
        let other = d["other_line"].as_u64().unwrap_or(0) as usize;
        let profile = set.get_profile(name);
        let has_all = |l: usize| {
            section_keys(&text, l)
                .iter()
                .all(|(k, _)| profile.is_some_and(|p| p.get(k).is_some()))
        };
        let has_values = |l: usize| {
            section_keys(&text, l)
                .iter()
                .all(|(k, v)| profile.is_some_and(|p| p.get(k) == Some(v.as_str())))
        };
        let has_none_only_in = |l: usize, except: usize| {
            let keep = section_keys(&text, except);
            section_keys(&text, l)
                .iter()
                .filter(|(k, _)| !keep.iter().any(|(kk, _)| kk == k))
                .all(|(k, _)| profile.is_none_or(|p| p.get(k).is_none()))
        };
        let holds = match (f["code"].as_str(), d["other_sdks"]["reads"].as_str()) {
            (Some("same_section_twice"), Some("only")) => {
                let used = d["other_sdks"]["line"].as_u64().unwrap_or(0) as usize;
                let unused = if used == line { other } else { line };
                has_values(used) && has_none_only_in(unused, used)
            }
            (Some("same_section_twice"), Some("merge")) | (Some("merged_by_other_sdks"), _) => {
                has_all(line) && has_all(other)
            }
            (Some("same_section_twice"), Some("neither")) => profile.is_none(),
            _ => continue,
        };
        checked += 1;
        if !holds {
            problems.push(format!(
                "{} at line {line}: the AWS SDK for Rust does not read profile `{name}` as the help says",
                f["code"].as_str().unwrap_or("?")
            ));
        }
    }
    if healthy {
        let mut names: Vec<String> = set
            .profiles()
            .filter(|n| {
                set.get_profile(n).is_some_and(|p| {
                    p.get("sso_account_id").is_some() || p.get("sso_role_name").is_some()
                })
            })
            .map(String::from)
            .collect();
        names.sort();
        for name in names {
            checked += 1;
            if let Err(e) = fails(name.clone()).await {
                problems.push(format!(
                    "no findings, but the AWS SDK for Rust fails on `{name}`: {e}"
                ));
            }
        }
    }
    if problems.is_empty() {
        let state = if healthy {
            "healthy".to_string()
        } else {
            format!("{} findings", findings.len())
        };
        verdict(true, format!("{state}, {checked} claims checked"), checked)
    } else {
        verdict(false, problems.join("; "), checked)
    }
}

/// The checker must catch false claims about the AWS SDK for Rust and accept true ones.
pub async fn selftest() -> bool {
    const CONFIG: &str = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
        sso_region = us-east-1\n[profile good]\nsso_session = corp\nsso_account_id = 1\n\
        sso_role_name = Admin\n[profile dangling]\nsso_session = nope\nsso_account_id = 1\n\
        sso_role_name = Admin\n[default]\nregion = a\n[profile default]\nregion = b\n";
    let claim = |profile: &str, scope: &str, session: &str| {
        serde_json::json!({"profile": profile, "line": 1, "code": "x", "severity": "error",
            "session": session, "readers": [{"reader": "rust", "scope": scope, "error": null}]})
    };
    let doc = |findings: Vec<Value>| {
        serde_json::json!({"files": [{"findings": findings}]})
            .to_string()
            .into_bytes()
    };
    let twice = |used: usize| {
        serde_json::json!({"profile": "default", "line": 14, "code": "same_section_twice",
            "severity": "warning", "readers": [], "details": {"what": "profile", "name": "default",
            "other_line": 12, "other_sdks": {"reads": "only", "line": used}}})
    };
    let cases: [(&str, i32, Vec<u8>, bool); 7] = [
        (
            "a true claim",
            1,
            doc(vec![claim("dangling", "profile", "")]),
            true,
        ),
        (
            "a false claim about a working profile",
            1,
            doc(vec![claim("good", "profile", "")]),
            false,
        ),
        (
            "a false claim that the file is unreadable",
            1,
            doc(vec![claim("good", "file", "")]),
            false,
        ),
        (
            "a false claim about a session's users",
            1,
            doc(vec![claim("", "users", "corp")]),
            false,
        ),
        ("healthy although a profile fails", 0, doc(vec![]), false),
        (
            "[default] said to win over [profile default]",
            1,
            doc(vec![twice(12)]),
            false,
        ),
        ("[profile default] wins", 1, doc(vec![twice(14)]), true),
    ];
    let mut ok = true;
    for (name, rc, out, accept) in cases {
        let v = check_output(CONFIG.as_bytes(), Some(rc), &out).await;
        if v.ok != accept {
            ok = false;
            println!("doctor selftest FAIL: {name}: {}", v.message);
        }
    }
    if ok {
        println!("doctor selftest: 5 false claims caught, 2 true ones accepted");
    }
    ok
}

/// The `key = value` lines of the section whose header is on 1-based `line` (simple configs:
/// up to the next line that starts with `[`).
fn section_keys(text: &str, line: usize) -> Vec<(String, String)> {
    text.lines()
        .skip(line)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| !l.trim_start().starts_with(['#', ';']))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}
