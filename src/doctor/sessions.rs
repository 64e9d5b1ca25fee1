//! The sso-session checks: each session's header and name, a session no profile uses, one that
//! lacks a key or has an empty value, and a portal spelled several ways.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::finding::{Finding, FindingKind, LISTED_VARIANTS, Subject};
use super::found::Found;
use super::lines::session_names_read_otherwise;
use super::profiles::{SSO_KEYS, sso_answers};
use super::readers::Reader;
use super::sections::{NamesReadByOtherSdks, RustMergedSections, botocore_only_section};
use crate::aws::credentials::CredentialsProfiles;
use crate::aws::managed;
use crate::aws::other_sdks::Readers;
use crate::aws::url::{self as start_url};
use crate::aws::{
    Config, SSO_ACCOUNT_ID, SSO_REGION, SSO_ROLE_NAME, SSO_SESSION, SSO_START_URL, names,
};

/// The session checks. A profile uses the session its `sso_session` names as botocore (and
/// every SDK that merges the two files) reads it with the shared credentials file
/// (`credentials`): that file's over the config's, and a profile only that file has uses one
/// too.
pub(super) fn sessions<'c>(
    cfg: &'c Config,
    credentials: &'c CredentialsProfiles,
    blocks: &[managed::ManagedBlock],
    names: &NamesReadByOtherSdks<'c>,
    rust_sections: &RustMergedSections<'c>,
    findings: &mut Found,
) {
    let mut users: HashMap<&str, Vec<usize>> = HashMap::new();
    // The sessions a profile reaches only in the SDKs that cut a comment botocore keeps in its
    // sso_session, or take quotes off it (`missing_session`'s `found_by`): used, to them.
    let mut reached_otherwise: HashSet<&str> = HashSet::new();
    for sec in cfg.profile_section_numbers() {
        let name = cfg.profile_name(sec).unwrap_or_default();
        if let Some(s) = credentials.merged(cfg, Some(sec), name, SSO_SESSION) {
            users.entry(s).or_default().push(sec);
            if cfg.session(s).is_none() && !credentials.gives(name, SSO_SESSION) {
                let found = (session_names_read_otherwise(cfg, sec).into_iter().flatten())
                    .filter(|&n| cfg.session(n).is_some());
                reached_otherwise.extend(found);
            }
        }
    }
    // The profiles only the credentials file has, by the session they name.
    let mut their_users: HashMap<&str, Vec<&str>> = HashMap::new();
    for name in credentials.own_profiles(cfg) {
        if let Some(s) = credentials.merged(cfg, None, name, SSO_SESSION) {
            their_users.entry(s).or_default().push(name);
        }
    }
    let mut by_portal: BTreeMap<String, Vec<(String, String, usize)>> = BTreeMap::new();
    for (sec, s) in cfg.session_sections() {
        let name = s.session_name().unwrap_or_default();
        let line = s.header_line() + 1;
        let mut push = |kind: FindingKind| {
            let subject = Arc::new(Subject::Section(s.header.into()));
            findings.push(Finding::new(subject, line, kind, None));
        };
        let used_by = users.get(name).map(Vec::as_slice).unwrap_or_default();
        let theirs = their_users.get(name).map(Vec::as_slice).unwrap_or_default();
        if !names::is_portable(name) {
            let modelled = [
                Reader::JsV3,
                Reader::RubyV3,
                Reader::PhpV3,
                Reader::Dotnet,
                Reader::Cpp,
            ];
            push(FindingKind::SessionNameNotPortable {
                name: name.to_string(),
                readers: (modelled.into_iter())
                    .filter(|r| !r.reads_header_as(s.header, "sso-session", name))
                    .fold(Readers::default(), Readers::with),
            });
        } else if !s.read_alike_by_other_sdks() {
            push(botocore_only_section(s.header, true, name));
        } else if let readers = names.otherwise(cfg, sec, ("sso-session", name), true)
            && !readers.is_empty()
        {
            push(FindingKind::HeaderReadOtherwise {
                header: s.header.to_string(),
                session: true,
                readers,
            });
        }
        if used_by.is_empty()
            && theirs.is_empty()
            && !reached_otherwise.contains(name)
            && managed::block_at(blocks, s.header_line()).is_none()
        {
            push(FindingKind::UnusedSession);
        }
        let missing: Vec<String> = [SSO_START_URL, SSO_REGION]
            .into_iter()
            .filter(|k| cfg.get(sec, k).is_none())
            .map(str::to_string)
            .collect();
        if !missing.is_empty() {
            let has = |p: usize, k: &str| cfg.get(p, k).is_some();
            let profile = |p: usize| cfg.profile_name(p).unwrap_or_default();
            let botocore_users = (used_by.iter())
                .any(|&p| sso_answers(cfg, credentials, Some(p), profile(p)).botocore)
                || (theirs.iter()).any(|n| sso_answers(cfg, credentials, None, n).botocore);
            // Judged from the config alone: a user whose section in the credentials file sets
            // any key may fail otherwise, and the claim then names no text.
            let users_fail_alike = theirs.is_empty()
                && used_by.iter().all(|&p| {
                    has(p, SSO_ACCOUNT_ID)
                        && has(p, SSO_ROLE_NAME)
                        && !has(p, SSO_START_URL)
                        && !has(p, SSO_REGION)
                        && cfg.first_inconsistency(p, sec).is_none()
                        && !credentials.has(profile(p))
                });
            // The AWS SDK for Rust reads the session's keys from every section it merges into
            // it (`[ sso-session s ]` beside `[sso-session s]`), as it reads keys; and a user's
            // `sso_session` from every section it merges into the user, which may name another
            // session (then it takes either, from run to run).
            let rust_lacks = !(s.read_alike_by_other_sdks()
                && [SSO_START_URL, SSO_REGION]
                    .iter()
                    .all(|k| rust_sections.has(cfg, sec, k)));
            let rust_uses = |p: usize| {
                rust_sections.merged_with(cfg, p).is_none()
                    || rust_sections.value(cfg, p, SSO_SESSION) == Some(name)
            };
            let rust_users_fail = rust_lacks && used_by.iter().all(|&p| rust_uses(p));
            push(FindingKind::SessionLacksKey {
                missing,
                botocore_users,
                users_fail_alike,
                rust_users_fail,
            });
        }
        for p in cfg.props(sec) {
            if SSO_KEYS.contains(&p.key) && p.value.is_empty() {
                let kind = FindingKind::EmptyValue {
                    key: p.key.to_string(),
                };
                let subject = Arc::new(Subject::Section(s.header.into()));
                findings.push(Finding::new(subject, p.line + 1, kind, None));
            }
        }
        if let Some(url) = cfg.get(sec, SSO_START_URL) {
            by_portal
                .entry(start_url::portal_key(url))
                .or_default()
                .push((name.to_string(), url.to_string(), line));
        }
    }
    for same in by_portal.values() {
        let mut spellings: HashMap<&str, usize> = HashMap::new();
        for (_, u, _) in same {
            *spellings.entry(u.as_str()).or_default() += 1;
        }
        if spellings.len() < 2 {
            continue;
        }
        // Every session of one spelling lists the same others: found once a spelling, so that
        // ten thousand sessions of one portal cost ten thousand short lists, not a square.
        let mut listed: HashMap<&str, Arc<[(String, String)]>> = HashMap::new();
        for (name, url, line) in same {
            let others = (listed.entry(url.as_str()))
                .or_insert_with(|| {
                    (same.iter())
                        .filter(|(_, u, _)| u != url)
                        .take(LISTED_VARIANTS)
                        .map(|(n, u, _)| (n.clone(), u.clone()))
                        .collect()
                })
                .clone(); // a count, not a copy of the list
            let more = same.len() - spellings[url.as_str()] - others.len();
            let header = cfg
                .session(name)
                .map(|i| cfg.header(i).to_string())
                .unwrap_or_default();
            let kind = FindingKind::StartUrlVariants {
                start_url: url.as_str().into(),
                others,
                more,
            };
            findings.push(Finding::new(
                Arc::new(Subject::Section(header.into())),
                *line,
                kind,
                None,
            ));
        }
    }
}
