//! `--doctor` mode: proves with the AWS SDK for Rust every claim `aws-sso-migrate --doctor` makes
//! about it. A finding whose `readers` list `rust` must really fail here: `file` - aws-config
//! cannot parse the file; `profile` - resolving the finding's profile fails; `users` - resolving
//! every profile whose `sso_session` names the finding's session fails; `inheritors` - some
//! profile lacks a key botocore gives it from `[DEFAULT]`. A claim without the SDK's own error
//! text also holds where the SDK reads the profile otherwise than botocore (below). A file with
//! no findings (or only `info`) must resolve every profile that sets `sso_account_id` or
//! `sso_role_name`. Tokens are cached for every start URL and session, so a lookup fails only
//! for the config.
//!
//! Where botocore's reading of the file is given (`tests/interop/botocore/readings.py`), every
//! profile the SDK reads otherwise must be named by a claim about it (or, for two sections of
//! one profile, by the finding's `details`, which say what the SDK reads), or listed in
//! `interop/doctor-unclaimed.txt`: each key botocore reads in the profile (and, where it names an
//! sso-session, in the session) must have the same value here. An empty value counts as none,
//! and a nested one (`s3 =` and indented keys) is not compared; keys only the SDK reads are not
//! seen (aws-config lists no profile's keys).

use crate::check::{self, Home, Mode, TokenCache};
use aws_config::profile::ProfileSet;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

pub struct FileVerdict {
    pub ok: bool,
    pub message: String,
    pub claims: usize,
    /// Profiles read otherwise, named by no claim, that `interop/doctor-unclaimed.txt` lists.
    pub listed: Vec<String>,
}

fn verdict(ok: bool, message: String, claims: usize) -> FileVerdict {
    FileVerdict {
        ok,
        message,
        claims,
        listed: Vec::new(),
    }
}

/// What botocore reads in a file (`readings.py`'s entry for it), and the profiles of that file
/// `interop/doctor-unclaimed.txt` lists for this SDK.
pub struct Reference<'a> {
    pub botocore: &'a Value,
    pub listed: BTreeSet<String>,
}

/// The string values of `section` (as botocore reads it) that are not empty.
fn flat(section: &Value) -> BTreeMap<&str, &str> {
    (section.as_object().into_iter().flatten())
        .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// How the SDK's reading of botocore's profile `name` differs from botocore's, if it does.
fn difference(set: &ProfileSet, botocore: &Value, name: &str) -> Option<String> {
    let Some(profile) = set.get_profile(name) else {
        return Some("the SDK reads no such profile".into());
    };
    let keys = flat(&botocore["profiles"][name]);
    let differs = |k: &str, was: &str, is: Option<&str>| {
        (is.filter(|v| !v.is_empty()) != Some(was))
            .then(|| format!("{k} is {is:?} to the SDK, {was:?} to botocore"))
    };
    for (k, v) in &keys {
        if let Some(d) = differs(k, v, profile.get(k)) {
            return Some(d);
        }
    }
    let session = keys.get("sso_session")?;
    let theirs = set.sso_session(session);
    for (k, v) in flat(&botocore["sessions"][*session]) {
        if let Some(d) = differs(k, v, theirs.and_then(|s| s.get(k))) {
            return Some(format!("its sso-session `{session}`: {d}"));
        }
    }
    None
}

/// The profiles that lack, themselves or in their session, a key botocore gives them from
/// `[DEFAULT]` (`readings.py`'s `defaults`).
fn inheritors(set: &ProfileSet, botocore: Option<&Value>) -> Vec<String> {
    let Some(b) = botocore else {
        return Vec::new();
    };
    let defaults = flat(&b["defaults"]);
    let lacks = |keys: &Value, get: &dyn Fn(&str) -> Option<String>| {
        (defaults.iter()).any(|(k, v)| keys[*k].as_str() == Some(v) && get(k).is_none())
    };
    (b["profiles"].as_object().into_iter().flatten())
        .filter(|(name, keys)| {
            let profile = set.get_profile(name);
            let own = |k: &str| profile.and_then(|p| p.get(k)).map(String::from);
            let session = keys["sso_session"].as_str().unwrap_or_default();
            let theirs = |k: &str| {
                (set.sso_session(session))
                    .and_then(|s| s.get(k))
                    .map(String::from)
            };
            // A profile it does not read lacks the keys too (its header's finding names it).
            lacks(keys, &own) || !session.is_empty() && lacks(&b["sessions"][session], &theirs)
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Whether some sso-session botocore reads has a key of `[DEFAULT]`'s that the SDK's reading of
/// it lacks: one no profile uses is still read otherwise.
fn session_inherits(set: &ProfileSet, botocore: Option<&Value>) -> bool {
    let Some(b) = botocore else {
        return false;
    };
    let defaults = flat(&b["defaults"]);
    (b["sessions"].as_object().into_iter().flatten()).any(|(name, keys)| {
        let theirs = set.sso_session(name);
        (defaults.iter())
            .any(|(k, v)| keys[*k].as_str() == Some(v) && theirs.is_none_or(|s| s.get(k).is_none()))
    })
}

pub async fn check_file(bin: &Path, file: &Path, reference: Option<Reference<'_>>) -> FileVerdict {
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
    check_output(&original, out.status.code(), &out.stdout, reference).await
}

/// Checks what `--doctor --format json` printed (`stdout`, exit status `rc`) about `original`.
pub async fn check_output(
    original: &[u8],
    rc: Option<i32>,
    stdout: &[u8],
    reference: Option<Reference<'_>>,
) -> FileVerdict {
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
    let mut listed = Vec::new();
    let mut checked = 0;
    let probe = match Home::new("doctor-probe", original, &TokenCache::default()) {
        Ok(h) => h,
        Err(e) => return verdict(false, format!("temp HOME: {e}"), 0),
    };
    let set = check::load_profiles(probe.path()).await;
    let file_claims = claims.iter().filter(|(_, r)| r["scope"] == "file").count();
    let set = match set {
        Err(e) => {
            // Every claim about a file the SDK cannot parse holds, and one must be on the line
            // it names, with its text.
            let Some((line, text)) = parse_failure(original, &e) else {
                return verdict(false, format!("an error of no line: {e}"), 0);
            };
            let named = claims.iter().any(|(f, r)| {
                r["scope"] == "file" && f["line"] == line && r["error"].as_str() == Some(text)
            });
            if !named {
                return verdict(
                    false,
                    format!(
                        "no finding says the AWS SDK for Rust fails at line {line} with `{text}`: {e}"
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
    let botocore = (reference.as_ref())
        .map(|r| r.botocore)
        .filter(|b| b["error"].is_null());
    let reads_otherwise = |name: &str| botocore.and_then(|b| difference(&set, b, name));
    // The key botocore reads on the finding's line (`details.key`), which the SDK lacks in the
    // profile, or in the finding's session: read otherwise, where botocore's reading of the
    // whole file is not to be had (it fails on the file).
    let lacks_key = |f: &Value, name: &str| {
        let Some(key) = f["details"]["key"].as_str() else {
            return false;
        };
        match f["session"].as_str().filter(|s| !s.is_empty()) {
            Some(session) => set
                .sso_session(session)
                .is_none_or(|s| s.get(key).is_none()),
            None => set.get_profile(name).is_none_or(|p| p.get(key).is_none()),
        }
    };
    for (f, r) in &claims {
        let what = format!(
            "{} at line {}",
            f["code"].as_str().unwrap_or("?"),
            f["line"]
        );
        // The reader's own text, where the finding quotes it, must be what it says (on one
        // line, as the SDK's errors are written here: a name may hold a line break).
        let said = check::one_line(r["error"].as_str().unwrap_or_default());
        let said = said.as_str();
        match r["scope"].as_str() {
            Some("profile") => {
                checked += 1;
                let name = f["profile"].as_str().unwrap_or_default().to_string();
                match fails(name.clone()).await {
                    Ok(_)
                        if said.is_empty()
                            && (reads_otherwise(&name).is_some() || lacks_key(f, &name)) => {}
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
                    if uses
                        && let Ok(key) = fails(user.to_string()).await
                        && !(said.is_empty()
                            && (reads_otherwise(user).is_some() || lacks_key(f, user)))
                    {
                        problems.push(format!(
                            "{what}: the AWS SDK for Rust resolves `{user}`, a user of sso-session `{session}` ({key})"
                        ));
                    }
                }
            }
            Some("inheritors") => {
                checked += 1;
                // Where botocore cannot read the file, a profile of the SDK's that lacks one of
                // the keys the finding names is one botocore would give it.
                let lacks_default = || {
                    let keys = f["details"]["keys"].as_array().cloned().unwrap_or_default();
                    set.profiles().any(|name| {
                        let profile = set.get_profile(name);
                        (keys.iter().filter_map(Value::as_str))
                            .any(|k| profile.is_none_or(|p| p.get(k).is_none()))
                    })
                };
                let lacking = match botocore {
                    Some(_) => {
                        !inheritors(&set, botocore).is_empty() || session_inherits(&set, botocore)
                    }
                    None => lacks_default(),
                };
                if !lacking {
                    problems.push(format!(
                        "{what}: the AWS SDK for Rust lacks no key of [DEFAULT] where botocore gives it one"
                    ));
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
            (Some("same_section_twice"), Some("merge")) => has_all(line) && has_all(other),
            // Only where Rust is one of the SDKs that merge the two (Ruby and PHP read a
            // header without a kind's word as a profile, which Rust does not).
            (Some("merged_by_other_sdks"), _)
                if (d["merged_by"].as_array().into_iter().flatten()).any(|r| r == "rust") =>
            {
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
    // A header botocore ignores: the SDK reads the profile or session it names exactly where
    // the finding says it does.
    for f in &findings {
        if f["code"] != "botocore_ignores_header" {
            continue;
        }
        let d = &f["details"];
        let name = d["name"].as_str().unwrap_or_default();
        let says = (d["read_by"].as_array().into_iter().flatten()).any(|r| r == "rust");
        let reads = if d["session"] == true {
            set.sso_session(name).is_some()
        } else {
            set.get_profile(name).is_some()
        };
        checked += 1;
        if says != reads {
            problems.push(format!(
                "botocore_ignores_header at line {}: the AWS SDK for Rust {} `{name}`",
                f["line"],
                if reads { "reads" } else { "does not read" }
            ));
        }
    }
    if let (Some(boto), Some(reference)) = (botocore, &reference) {
        let empty = serde_json::Map::new();
        let profiles = boto["profiles"].as_object().unwrap_or(&empty);
        // The profiles the claims name: their own, and each that uses a claim's session.
        let mut named = BTreeSet::new();
        for (f, r) in &claims {
            match r["scope"].as_str() {
                Some("profile") => {
                    named.insert(f["profile"].as_str().unwrap_or_default().to_string());
                }
                Some("users") => {
                    // A header botocore ignores holds no session of botocore's: its details
                    // name the session the SDK merges it into.
                    let merged = f["details"]["what"] == "sso-session";
                    let session = match &f["session"] {
                        serde_json::Value::Null if merged => &f["details"]["name"],
                        session => session,
                    };
                    named.extend(
                        (profiles.iter())
                            .filter(|(_, p)| &p["sso_session"] == session)
                            .map(|(n, _)| n.clone()),
                    );
                }
                Some("inheritors") => named.extend(inheritors(&set, Some(boto))),
                _ => {}
            }
        }
        // Two sections of one profile: the finding's details say what the SDK reads (checked
        // above).
        for f in &findings {
            if f["details"]["what"] == "profile" && f["details"]["other_sdks"].is_object() {
                named.insert(
                    f["details"]["name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
        // A profile the SDK reads and botocore does not: a header botocore ignores names it, or
        // one botocore reads as another profile says what Rust reads it as.
        let ignored: BTreeSet<&str> = (findings.iter())
            .filter(|f| f["details"]["session"] == false)
            .filter_map(|f| match f["code"].as_str() {
                Some("botocore_ignores_header") => f["details"]["name"].as_str(),
                Some("botocore_only_section") => f["details"]["rust_reads_as"].as_str(),
                _ => None,
            })
            .collect();
        for name in set.profiles() {
            if !profiles.contains_key(name) && !ignored.contains(name) {
                problems.push(format!(
                    "profile `{name}`: the AWS SDK for Rust reads it, botocore does not, and no \
                     finding names it"
                ));
            }
        }
        for name in profiles.keys() {
            let Some(d) = difference(&set, boto, name) else {
                continue;
            };
            if named.contains(name) {
                continue;
            }
            if reference.listed.contains(name) {
                listed.push(name.clone());
            } else {
                problems.push(format!(
                    "profile `{name}`: {d}, and no finding names the AWS SDK for Rust"
                ));
            }
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
    let mut v = if problems.is_empty() {
        let state = if healthy {
            "healthy".to_string()
        } else {
            format!("{} findings", findings.len())
        };
        verdict(true, format!("{state}, {checked} claims checked"), checked)
    } else {
        verdict(false, problems.join("; "), checked)
    };
    v.listed = listed;
    v
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
    let keyed = |key: &str| {
        let mut c = claim("good", "profile", "");
        c["details"] = serde_json::json!({"key": key});
        c
    };
    let from_defaults = |keys: &[&str]| {
        serde_json::json!({"line": 1, "code": "defaults_section", "severity": "warning",
            "details": {"keys": keys},
            "readers": [{"reader": "rust", "scope": "inheritors", "error": null}]})
    };
    // A header botocore ignores, which the finding says the SDK reads as profile `name` or not.
    let ignored = |name: &str, read_by: &[&str]| {
        serde_json::json!({"section": format!(" profile {name} "), "line": 1,
            "code": "botocore_ignores_header", "severity": "warning", "readers": [],
            "details": {"name": name, "session": false, "read_by": read_by}})
    };
    let cases: [(&str, i32, Vec<u8>, bool); 14] = [
        (
            "a header said to be read as a profile it reads",
            1,
            doc(vec![ignored("good", &["rust"])]),
            true,
        ),
        (
            "a header said not to be read as a profile it reads",
            1,
            doc(vec![ignored("good", &["go-v2"])]),
            false,
        ),
        (
            "a header said to be read as a profile it does not read",
            1,
            doc(vec![ignored("nope", &["rust"])]),
            false,
        ),
        (
            "without botocore's reading, [DEFAULT]'s key that a profile lacks",
            1,
            doc(vec![from_defaults(&["region"])]),
            true,
        ),
        (
            "without botocore's reading, [DEFAULT] with no key",
            1,
            doc(vec![from_defaults(&[])]),
            false,
        ),
        (
            "a claim about a key it lacks, where it resolves the profile",
            1,
            doc(vec![keyed("regio n")]),
            true,
        ),
        (
            "a claim about a key it has, where it resolves the profile",
            1,
            doc(vec![keyed("sso_role_name")]),
            false,
        ),
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
        let v = check_output(CONFIG.as_bytes(), Some(rc), &out, None).await;
        if v.ok != accept {
            ok = false;
            println!("doctor selftest FAIL: {name}: {}", v.message);
        }
    }
    // A file the SDK cannot parse: a claim must be on the line it names, with its text. Its
    // line 3 (`z`) is line 4 to the tool, for which the lone carriage return ends line 2.
    const UNPARSED: &str = "[a]\nx=\ry\nz\n";
    let parse_claim = |line: usize, text: &str| {
        serde_json::json!({"line": line, "code": "x", "severity": "warning",
            "readers": [{"reader": "rust", "scope": "file", "error": text}]})
    };
    let equals = "Expected an '=' sign defining a property";
    let unparsed: [(&str, Vec<Value>, bool); 4] = [
        ("no claim where it cannot parse the file", vec![], false),
        (
            "a claim at its line as it counts lines",
            vec![parse_claim(3, equals)],
            false,
        ),
        ("a claim with other text", vec![parse_claim(4, "x")], false),
        ("its line and text", vec![parse_claim(4, equals)], true),
    ];
    for (name, findings, accept) in unparsed {
        let v = check_output(UNPARSED.as_bytes(), Some(1), &doc(findings), None).await;
        if v.ok != accept {
            ok = false;
            println!("doctor selftest FAIL: {name}: {}", v.message);
        }
    }
    // botocore reads `region` in profile good, which the SDK does not (as if `REGION: x` were
    // there, or `[DEFAULT]` gave it): a difference a claim must name, unless doctor-unclaimed.txt
    // lists it. The SDK resolves good all the same.
    let botocore = |defaults: Value| {
        serde_json::json!({"profiles": {
            "good": {"sso_session": "corp", "sso_account_id": "1", "sso_role_name": "Admin",
                     "region": "x"},
            "dangling": {"sso_session": "nope", "sso_account_id": "1", "sso_role_name": "Admin"},
            "default": {"region": "b"}},
            "sessions": {"corp": {"sso_start_url": "https://corp.awsapps.com/start",
                                  "sso_region": "us-east-1"}},
            "defaults": defaults})
    };
    let other = serde_json::json!({"profile": "good", "line": 1, "code": "x",
        "severity": "warning", "readers": []});
    let quoted = serde_json::json!({"profile": "good", "line": 1, "code": "x",
        "severity": "warning", "readers": [{"reader": "rust", "scope": "profile",
        "error": "some text of the SDK's"}]});
    let inheritors = serde_json::json!({"line": 1, "code": "x", "severity": "warning",
        "readers": [{"reader": "rust", "scope": "inheritors", "error": null}]});
    // A claim about the users of a session on a header botocore ignores (`[ sso-session corp ]`,
    // which Rust merges into corp): the finding has no `session` of botocore's, and its details
    // name the session.
    let on_ignored_session = |name: &str| {
        serde_json::json!({"line": 1, "code": "merged_by_other_sdks", "severity": "warning",
            "session": null, "details": {"what": "sso-session", "name": name, "merged_by": ["rust"]},
            "readers": [{"reader": "rust", "scope": "users", "error": null}]})
    };
    let none = serde_json::json!({});
    let region = serde_json::json!({"region": "x"});
    let with_region: [(&str, Value, &Value, bool, bool); 8] = [
        (
            "a profile it reads otherwise, named by no claim",
            other.clone(),
            &none,
            false,
            false,
        ),
        (
            "the same, listed in doctor-unclaimed.txt",
            other,
            &none,
            true,
            true,
        ),
        (
            "a claim that quotes no error, where it resolves the profile but reads it otherwise",
            claim("good", "profile", ""),
            &none,
            false,
            true,
        ),
        (
            "a claim that quotes its error, where it resolves the profile",
            quoted,
            &none,
            false,
            false,
        ),
        (
            "a claim about [DEFAULT] it reads otherwise",
            inheritors.clone(),
            &region,
            false,
            true,
        ),
        (
            "a claim about [DEFAULT] where nothing takes a key",
            inheritors,
            &none,
            false,
            false,
        ),
        (
            "a claim about the users of a session botocore does not read, named in its details",
            on_ignored_session("corp"),
            &none,
            false,
            true,
        ),
        (
            "the same claim about another session's users",
            on_ignored_session("other"),
            &none,
            false,
            false,
        ),
    ];
    for (name, finding, defaults, listed, accept) in with_region {
        let botocore = botocore(defaults.clone());
        let reference = Reference {
            botocore: &botocore,
            listed: (listed.then(|| "good".to_string()).into_iter()).collect(),
        };
        let v = check_output(
            CONFIG.as_bytes(),
            Some(1),
            &doc(vec![finding]),
            Some(reference),
        )
        .await;
        if v.ok != accept || v.listed.is_empty() == listed {
            ok = false;
            println!("doctor selftest FAIL: {name}: {}", v.message);
        }
    }
    // A profile the SDK reads that botocore does not have (as if its header were one botocore
    // ignores): a finding must name it.
    let mut without_dangling = botocore(none.clone());
    without_dangling["profiles"]
        .as_object_mut()
        .map(|p| p.remove("dangling"));
    // The claims the file needs besides: good read otherwise, dangling's missing session.
    let needed = [
        claim("good", "profile", ""),
        claim("dangling", "profile", ""),
    ];
    for (name, findings, accept) in [
        (
            "a profile only it reads, named by no finding",
            needed.to_vec(),
            false,
        ),
        (
            "a profile only it reads, named by a header botocore ignores",
            [&needed[..], &[ignored("dangling", &["rust"])]].concat(),
            true,
        ),
    ] {
        let reference = Reference {
            botocore: &without_dangling,
            listed: BTreeSet::new(),
        };
        let v = check_output(CONFIG.as_bytes(), Some(1), &doc(findings), Some(reference)).await;
        if v.ok != accept {
            ok = false;
            println!("doctor selftest FAIL: {name}: {}", v.message);
        }
    }
    // Two sections Rust reads as one profile, the first with an indented line, which Rust joins
    // to the value above: no key of its own, and the help's reading holds without it.
    const INDENTED: &str =
        "[profile dev]\nregion = a\n  extra = 1\n[profile  dev]\noutput = json\n";
    let merged = serde_json::json!({"profile": "dev", "line": 1, "code": "merged_by_other_sdks",
        "severity": "warning", "readers": [], "details": {"what": "profile", "name": "dev",
        "other_line": 4, "merged_by": ["rust"]}});
    let v = check_output(INDENTED.as_bytes(), Some(1), &doc(vec![merged]), None).await;
    if !v.ok {
        ok = false;
        println!(
            "doctor selftest FAIL: two sections merged, one with an indented line: {}",
            v.message
        );
    }
    if ok {
        println!("doctor selftest: 17 false or missing claims caught, 12 true ones accepted");
    }
    ok
}

/// Where the SDK's parse error `e` says it fails in `original`, as the tool numbers lines (a
/// lone carriage return ends a line to it, not to the SDK), and the SDK's own text.
fn parse_failure<'e>(original: &[u8], e: &'e str) -> Option<(usize, &'e str)> {
    let (_, rest) = e.split_once(" on line ")?;
    let (n, text) = rest.split_once(": / ")?;
    let n: usize = n.parse().ok()?;
    // Where the SDK's line `n` starts: after `n - 1` line feeds.
    let start = if n == 1 {
        0
    } else {
        (original.iter().enumerate())
            .filter(|&(_, &b)| b == b'\n')
            .nth(n - 2)
            .map(|(at, _)| at + 1)?
    };
    let before = &original[..start];
    let lone_crs = (before.iter().enumerate())
        .filter(|&(at, &b)| b == b'\r' && before.get(at + 1) != Some(&b'\n'))
        .count();
    Some((n + lone_crs, text))
}

/// The `key = value` lines of the section whose header is on 1-based `line` (simple configs:
/// up to the next line that starts with `[`).
fn section_keys(text: &str, line: usize) -> Vec<(String, String)> {
    text.lines()
        .skip(line)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| !l.trim_start().starts_with(['#', ';']))
        // An indented line goes on the value above, to Rust (one right under the header fails
        // the file, which another claim says).
        .filter(|l| !l.starts_with([' ', '\t']))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}
