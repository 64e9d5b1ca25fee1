//! The last line of defence: read the original and the rewritten text back and check that every
//! profile still resolves to the same SSO target. Pure.
//!
//! Two readers judge each rewrite:
//! - [`independent`] uses the `configparser` crate, which shares no code with our parser;
//! - [`same_meaning`] uses our botocore model ([`crate::aws`]), which knows `[DEFAULT]`, shlex
//!   names and botocore's consistency check between a profile and its session.
//!
//! A mismatch is always a bug in this tool: the caller stops and writes nothing.

use std::collections::BTreeMap;

use configparser::ini::Ini;

use crate::aws::url::portal_key;
use crate::aws::{
    Config, SSO_ACCOUNT_ID, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_ROLE_NAME, SSO_SESSION,
    SSO_START_URL,
};

/// What a profile resolves to, as one reader sees it. Start URLs are compared by portal key,
/// the declared spelling merge.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Resolved {
    Sso {
        portal: Option<String>,
        region: Option<String>,
        account: Option<String>,
        role: Option<String>,
    },
    Error(String),
}

type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// Checks with the `configparser` crate that every profile resolves to the same start URL, SSO
/// region, account and role in `before` and `after`, that no profile appears or disappears, that
/// every other key of every profile is unchanged, and that existing sessions are unchanged.
pub fn independent(before: &[u8], after: &[u8]) -> Result<(), Vec<String>> {
    let old = ini_sections(before).map_err(|e| vec![format!("original: {e}")])?;
    let new = ini_sections(after).map_err(|e| vec![format!("rewritten: {e}")])?;
    let (old_profiles, old_sessions) = split(&old);
    let (new_profiles, new_sessions) = split(&new);
    let mut errors = Vec::new();
    for (name, before_map) in &old_profiles {
        let Some(after_map) = new_profiles.get(name) else {
            errors.push(format!("profile `{name}` disappeared"));
            continue;
        };
        let (b, a) = (
            view(before_map, &old_sessions),
            view(after_map, &new_sessions),
        );
        if b != a {
            errors.push(format!(
                "profile `{name}` resolved to {b:?} before and {a:?} after"
            ));
        }
        if without_sso_keys(before_map) != without_sso_keys(after_map) {
            errors.push(format!("profile `{name}` changed keys other than sso_*"));
        }
    }
    for name in new_profiles.keys() {
        if !old_profiles.contains_key(name) {
            errors.push(format!("profile `{name}` appeared"));
        }
    }
    for (name, s) in &old_sessions {
        if new_sessions.get(name) != Some(s) {
            errors.push(format!("sso-session `{name}` changed"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks with our own botocore model that every profile resolves as before: same target (or the
/// same error), same non-SSO keys, and that the rewritten file has no problems.
pub fn same_meaning(before: &Config, after: &Config) -> Result<(), Vec<String>> {
    // The rewrite may keep an ambiguity it was allowed to leave alone, never add one.
    let mut before_codes: Vec<&str> = before.problems().iter().map(|p| p.kind.code()).collect();
    let mut errors: Vec<String> = after
        .problems()
        .iter()
        .filter(
            |p| match before_codes.iter().position(|c| *c == p.kind.code()) {
                Some(i) => {
                    before_codes.swap_remove(i);
                    false
                }
                None => true,
            },
        )
        .map(|p| {
            format!(
                "the rewritten file is unreadable: line {} ({})",
                p.line,
                p.kind.code()
            )
        })
        .collect();
    for (i, s) in before.profile_sections() {
        let name = s.profile_name().unwrap_or_default();
        let Some(j) = after.profile(name) else {
            errors.push(format!("profile `{name}` disappeared"));
            continue;
        };
        let summarize = |r: Result<crate::aws::SsoTarget, crate::aws::ResolveError>| match r {
            Ok(t) => Resolved::Sso {
                portal: t.start_url.as_deref().map(portal_key),
                region: t.sso_region,
                account: t.account_id,
                role: t.role_name,
            },
            Err(e) => Resolved::Error(e.to_string()),
        };
        let (b, a) = (summarize(before.resolve(i)), summarize(after.resolve(j)));
        if b != a {
            errors.push(format!(
                "profile `{name}` resolved to {b:?} before and {a:?} after"
            ));
        }
        let others = |cfg: &Config, k: usize| -> BTreeMap<String, String> {
            cfg.effective(k)
                .into_iter()
                .filter(|(key, _)| !is_sso_location_key(key))
                .map(|(key, v)| (key.to_string(), v.to_string()))
                .collect()
        };
        if others(before, i) != others(after, j) {
            errors.push(format!("profile `{name}` changed keys other than sso_*"));
        }
        if let Some(had) = scopes(before, i)
            && scopes(after, j).as_ref() != Some(&had)
        {
            errors.push(format!("profile `{name}` lost its sso_registration_scopes"));
        }
    }
    if before.profile_sections().count() != after.profile_sections().count() {
        errors.push("the number of profiles changed".into());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Keys a migration may move from a profile into its session. A profile's own
/// `sso_registration_scopes` moves with its portal; [`same_meaning`] checks that it arrives.
fn is_sso_location_key(key: &str) -> bool {
    matches!(
        key,
        SSO_START_URL | SSO_REGION | SSO_SESSION | SSO_REGISTRATION_SCOPES
    )
}

/// The `sso_registration_scopes` botocore sees for profile section `i`: its own (or
/// `[DEFAULT]`'s), else its session's.
fn scopes(cfg: &Config, i: usize) -> Option<String> {
    cfg.get(i, SSO_REGISTRATION_SCOPES)
        .or_else(|| {
            let session = cfg.session(cfg.get(i, SSO_SESSION)?)?;
            cfg.get(session, SSO_REGISTRATION_SCOPES)
        })
        .map(str::to_string)
}

fn without_sso_keys(m: &BTreeMap<String, String>) -> BTreeMap<&str, &str> {
    m.iter()
        .filter(|(k, _)| !is_sso_location_key(k))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Sections with lower-cased keys and `[DEFAULT]` keys copied in, read by `configparser`.
fn ini_sections(bytes: &[u8]) -> Result<Sections, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let mut ini = Ini::new_cs();
    ini.set_default_section("DEFAULT");
    ini.set_multiline(true);
    // botocore keeps `# …` after a value as part of the value.
    ini.set_inline_comment_symbols(Some(&[]));
    let map = ini.read(text.to_string())?;
    // In key order, not the crate's hash order: where two spellings of a key meet in one section
    // (`SSO_Start_URL` and `sso_start_url` in two headers the crate reads as one), the same one
    // wins on both sides of a comparison.
    let lower =
        |m: &std::collections::HashMap<String, Option<String>>| -> BTreeMap<String, String> {
            let sorted: BTreeMap<&String, &Option<String>> = m.iter().collect();
            sorted
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v.clone().unwrap_or_default()))
                .collect()
        };
    let defaults = map.get("DEFAULT").map(lower).unwrap_or_default();
    let mut out = Sections::new();
    for (name, keys) in &map {
        if name == "DEFAULT" {
            continue;
        }
        let mut m = lower(keys);
        for (k, v) in &defaults {
            m.entry(k.clone()).or_insert_with(|| v.clone());
        }
        out.insert(name.clone(), m);
    }
    Ok(out)
}

/// Profiles and sessions by name. Names are read simply (prefix, trim, one pair of quotes);
/// both sides of a comparison are read the same way.
fn split(sections: &Sections) -> (Sections, Sections) {
    let unquote = |s: &str| -> String {
        let s = s.trim();
        for q in ['"', '\''] {
            if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
                return s[1..s.len() - 1].to_string();
            }
        }
        s.to_string()
    };
    let (mut profiles, mut sessions) = (Sections::new(), Sections::new());
    for (name, keys) in sections {
        if name == "default" {
            profiles.insert("default".into(), keys.clone());
            continue;
        }
        // `profile NAME`, `sso-session\tNAME`: any run of spaces and tabs separates.
        match name.split_once([' ', '\t']) {
            Some(("profile", rest)) => {
                profiles.insert(unquote(rest), keys.clone());
            }
            Some(("sso-session", rest)) => {
                sessions.insert(unquote(rest), keys.clone());
            }
            _ => {}
        }
    }
    (profiles, sessions)
}

fn view(profile: &BTreeMap<String, String>, sessions: &Sections) -> Resolved {
    let mut merged = profile.clone();
    if let Some(name) = profile.get(SSO_SESSION) {
        let Some(session) = sessions.get(name) else {
            return Resolved::Error(format!("sso-session `{name}` does not exist"));
        };
        for (k, v) in session {
            match merged.get(k) {
                Some(existing) if existing != v => {
                    return Resolved::Error(format!("`{k}` is inconsistent"));
                }
                _ => {
                    merged.insert(k.clone(), v.clone());
                }
            }
        }
    }
    Resolved::Sso {
        portal: merged.get(SSO_START_URL).map(|u| portal_key(u)),
        region: merged.get(SSO_REGION).cloned(),
        account: merged.get(SSO_ACCOUNT_ID).cloned(),
        role: merged.get(SSO_ROLE_NAME).cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;

    const LEGACY: &str = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\nregion = eu-west-1\n";
    const MIGRATED: &str = "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start/\nsso_region = us-east-1\n\n[profile a]\nsso_session = acme\nsso_account_id = 1\nsso_role_name = r\nregion = eu-west-1\n";

    #[test]
    fn a_faithful_migration_passes_both_readers() {
        independent(LEGACY.as_bytes(), MIGRATED.as_bytes()).unwrap();
        let (b, a) = (Document::parse(LEGACY), Document::parse(MIGRATED));
        same_meaning(&Config::read(&b), &Config::read(&a)).unwrap();
    }

    #[test]
    fn a_changed_account_fails_both_readers() {
        let wrong = MIGRATED.replace("sso_account_id = 1", "sso_account_id = 2");
        assert!(independent(LEGACY.as_bytes(), wrong.as_bytes()).is_err());
        let (b, a) = (Document::parse(LEGACY), Document::parse(wrong.as_str()));
        assert!(same_meaning(&Config::read(&b), &Config::read(&a)).is_err());
    }

    #[test]
    fn a_changed_region_key_or_lost_profile_fails() {
        for wrong in [
            MIGRATED.replace("region = eu-west-1", "region = eu-west-2"),
            MIGRATED.replace("sso_region = us-east-1", "sso_region = us-east-2"),
            MIGRATED.replace("[profile a]", "[profile b]"),
            MIGRATED.replace("sso_session = acme", "sso_session = other"),
        ] {
            assert!(
                independent(LEGACY.as_bytes(), wrong.as_bytes()).is_err(),
                "{wrong}"
            );
            let (b, a) = (Document::parse(LEGACY), Document::parse(wrong.as_str()));
            assert!(
                same_meaning(&Config::read(&b), &Config::read(&a)).is_err(),
                "{wrong}"
            );
        }
    }

    #[test]
    fn a_tab_separates_the_name_in_headers() {
        let before = "[sso-session\tacme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n[profile\ta]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n";
        let after = "[sso-session\tacme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n[profile\ta]\nsso_session = acme\n";
        independent(before.as_bytes(), after.as_bytes()).unwrap();
        let wrong = after.replace("sso_session = acme", "sso_session = other");
        assert!(independent(before.as_bytes(), wrong.as_bytes()).is_err());
    }

    #[test]
    fn defaults_reach_the_session_in_both_readers() {
        // [DEFAULT] region lands in the session and conflicts with the profile's own region.
        let before = format!("[DEFAULT]\nregion = us-east-1\n{LEGACY}");
        let after = format!("[DEFAULT]\nregion = us-east-1\n{MIGRATED}");
        assert!(independent(before.as_bytes(), after.as_bytes()).is_err());
        let (b, a) = (
            Document::parse(before.as_str()),
            Document::parse(after.as_str()),
        );
        assert!(same_meaning(&Config::read(&b), &Config::read(&a)).is_err());
    }

    #[test]
    fn two_spellings_of_a_key_in_merged_headers_read_the_same_every_time() {
        // `[profile prod ]` and `[profile prod]`: the configparser crate reads one section with
        // `SSO_Start_URL` and `sso_start_url`; which one wins used to follow hash order.
        let src = b"[profile prod ]\nSSO_Start_URL = https://a.awsapps.com/start\n\
                    [profile prod]\nsso_start_url = START_URL\nsso_region = us-east-1\n";
        for _ in 0..50 {
            assert_eq!(independent(src, src), Ok(()));
        }
    }
}
