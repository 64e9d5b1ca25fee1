//! The profile checks: each profile's header, its empty SSO values, its sso-session (missing, or
//! beside inline keys) and its missing SSO keys, with the error the AWS SDK for Rust gives for its
//! SSO settings; and the legacy SSO profiles the shared credentials file alone makes, and the
//! start URLs and regions it gives a profile beside its session. A profile's keys are read as
//! botocore merges that file's section into it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::finding::{
    CredentialsInline, CredentialsLegacy, CredentialsMissingSession, Finding, FindingKind,
    InlineConflict, InlineKey, LackingSsoKeys, RedundantInline, ValueConflict,
};
use super::found::Found;
use super::ignored::IgnoredHeaders;
use super::lines::{inline_conflicts_read_by, place_in, session_names_read_otherwise};
use super::readers::{self, Reader};
use super::sections::{NamesReadByOtherSdks, RustMergedSections, botocore_only_section};
use crate::aws::credentials::{
    CredentialsProfiles, PORTAL_KEYS, ROLE_ARN, WEB_IDENTITY_TOKEN_FILE,
};
use crate::aws::managed;
use crate::aws::other_sdks::Readers;
use crate::aws::{
    Config, LEGACY_SSO_KEYS, SSO_ACCOUNT_ID, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_ROLE_NAME,
    SSO_SESSION, SSO_START_URL,
};
use crate::plan::{self, Plan, SkipReason, Warning};

/// Whose SSO provider answers for a profile, as both readers merge the credentials file into
/// it ([`sso_answers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SsoAnswers {
    /// Both readers get its credentials from its SSO settings: no `role_arn` (assume-role
    /// answers first) and no web identity.
    pub both: bool,
    /// botocore's SSO provider answers for it: that, and an account or a role.
    pub botocore: bool,
}

/// Whose SSO provider answers for profile `name` (section `sec`, `None` where only the
/// credentials file has it).
pub(super) fn sso_answers(
    cfg: &Config,
    credentials: &CredentialsProfiles,
    sec: Option<usize>,
    name: &str,
) -> SsoAnswers {
    let given = |k| credentials.merged(cfg, sec, name, k).is_some();
    let both = !given(ROLE_ARN) && !given(WEB_IDENTITY_TOKEN_FILE);
    SsoAnswers {
        both,
        botocore: both && (given(SSO_ACCOUNT_ID) || given(SSO_ROLE_NAME)),
    }
}

pub(super) const SSO_KEYS: [&str; 6] = [
    SSO_START_URL,
    SSO_REGION,
    SSO_ACCOUNT_ID,
    SSO_ROLE_NAME,
    SSO_SESSION,
    SSO_REGISTRATION_SCOPES,
];

/// What the migration of the file would do (`None` where it refuses the file), and the
/// credentials file it reads with the config: what the profile checks say a profile's fix is,
/// and the keys botocore merges into it from that file.
pub(super) struct MigrationContext<'a> {
    pub plan: Option<&'a Plan>,
    pub credentials: &'a CredentialsProfiles,
}

pub(super) fn profiles<'c>(
    cfg: &'c Config,
    blocks: &[managed::ManagedBlock],
    migration: &MigrationContext,
    names: &NamesReadByOtherSdks<'c>,
    ignored: &IgnoredHeaders,
    rust_sections: &RustMergedSections<'c>,
    findings: &mut Found,
) {
    let MigrationContext { plan, credentials } = *migration;
    // Why the migration leaves each profile alone, by name: the first reason given for it.
    let mut skipped: HashMap<&str, &SkipReason> = HashMap::new();
    for s in plan.map(|p| p.skipped.as_slice()).unwrap_or_default() {
        skipped.entry(s.profile.as_str()).or_insert(&s.reason);
    }
    let left_alone = |name: &str| skipped.get(name).map(|&r| Box::new(r.clone()));
    // With the default options the migration has no plan only where it refuses the file.
    let file_refused = plan.is_none();
    let push = |findings: &mut Found, name: &str, line: usize, kind: FindingKind| {
        findings.push(Finding::on_profile(name, line, kind));
    };
    // The profile names some header gives the other SDKs too: found once, the first time a
    // header only botocore reads asks (a scan of every section for each such header was
    // quadratic).
    let read_alike = std::cell::OnceCell::new();
    let read_alike = || {
        read_alike.get_or_init(|| {
            (0..cfg.section_count())
                .filter_map(|i| {
                    let name = cfg.profile_name(i)?;
                    cfg.section(i).read_alike_by_other_sdks().then_some(name)
                })
                .collect::<HashSet<&str>>()
        })
    };
    let rust_own = |sec: usize, key: &str| rust_sections.has(cfg, sec, key);
    let mut start_urls: HashMap<&str, Arc<str>> = HashMap::new();
    for (sec, s) in cfg.profile_sections() {
        let name = s.profile_name().unwrap_or_default();
        let line = s.header_line() + 1;
        // Only botocore reads it as this profile, and no other header gives the other SDKs
        // one of that name (that case is `same_section_twice`).
        let rust_reads = s.read_alike_by_other_sdks();
        if !rust_reads && !read_alike().contains(name) {
            push(
                findings,
                name,
                line,
                botocore_only_section(s.header, false, name),
            );
        } else if let readers = names.otherwise(cfg, sec, ("profile", name), rust_reads)
            && !readers.is_empty()
        {
            push(
                findings,
                name,
                line,
                FindingKind::HeaderReadOtherwise {
                    header: s.header.to_string(),
                    session: false,
                    readers,
                },
            );
        }
        if let Some(b) = managed::block_at(blocks, s.header_line()) {
            push(
                findings,
                name,
                line,
                FindingKind::Managed {
                    by: b.by,
                    block: b.name.clone(),
                },
            );
        }
        for p in cfg.props(sec) {
            // An empty sso_session names a session that does not exist: reported below as
            // that, with the readers that fail on it, not also as an empty value.
            let names_missing = p.key == SSO_SESSION && cfg.session("").is_none();
            if SSO_KEYS.contains(&p.key) && p.value.is_empty() && !names_missing {
                push(
                    findings,
                    name,
                    p.line + 1,
                    FindingKind::EmptyValue {
                        key: p.key.to_string(),
                    },
                );
            }
        }
        let get = |k: &str| cfg.get(sec, k);
        // Whether botocore's profile has SSO key `k`: the credentials file's section of the
        // same name is merged into it (every SDK that reads that file merges it so). The AWS
        // SDK for Rust's reading of the profile has it too.
        let given = |k: &str| credentials.merged(cfg, Some(sec), name, k).is_some();
        let rust_has = |k: &str| rust_own(sec, k) || credentials.gives(name, k);
        let SsoAnswers {
            both: sso,
            botocore: botocore_sso,
        } = sso_answers(cfg, credentials, Some(sec), name);
        // The credentials file's `sso_session` over the config's, as they are merged.
        match credentials.merged(cfg, Some(sec), name, SSO_SESSION) {
            Some(session) => {
                let inline: Vec<&str> = [SSO_START_URL, SSO_REGION]
                    .into_iter()
                    .filter(|k| cfg.own(sec, k).is_some())
                    .collect();
                let session_from_defaults =
                    cfg.own(sec, SSO_SESSION).is_none() && !credentials.gives(name, SSO_SESSION);
                // The AWS SDK for Rust does not read a role profile's SSO settings.
                let role_first = rust_own(sec, "role_arn");
                // Rust fails first on a start URL or region the credentials file alone sets
                // beside the session: `inline_in_credentials_file` says so, not these.
                let rust_fails_on_their_inline =
                    portal_keys_in_credentials_alone(credentials, name, |k| rust_own(sec, k));
                // The AWS SDK for Rust's error as it reads the profile (every section it merges
                // into it, not `[DEFAULT]`), with the sso-session it finds (`session`; `None`:
                // not known).
                let rust_error = |session: Option<RustSessionLookup>| {
                    if role_first || session_from_defaults || rust_fails_on_their_inline {
                        None
                    } else {
                        rust_sso_error(name, rust_has, session)
                    }
                };
                let Some(ssec) = cfg.session(session) else {
                    let read_elsewhere_by = ignored.readers_of("sso-session", session);
                    // Rust, Go v2 and PHP v3 cut a comment botocore keeps in the value, Go and
                    // PHP take quotes off it, and each may name a session that is there.
                    let [rust_name, go_name, php_name] = session_names_read_otherwise(cfg, sec);
                    let [rust_ssec, go_ssec, php_ssec] =
                        [rust_name, go_name, php_name].map(|n| cfg.session(n?));
                    let found_by = [
                        (Reader::RustSdk, rust_ssec),
                        (Reader::GoV2, go_ssec),
                        (Reader::PhpV3, php_ssec),
                    ]
                    .into_iter()
                    .filter(|(_, ssec)| ssec.is_some())
                    .fold(Readers::default(), |found, (r, _)| found.with(r));
                    let rust_session =
                        |k: &str| rust_ssec.is_some_and(|s| rust_sections.has(cfg, s, k));
                    let lookup = if rust_ssec.is_some() {
                        Some(RustSessionLookup::Found(&rust_session))
                    } else {
                        (!read_elsewhere_by.contains(Reader::RustSdk))
                            .then(|| RustSessionLookup::NotFound(rust_name.unwrap_or(session)))
                    };
                    push(
                        findings,
                        name,
                        line,
                        FindingKind::MissingSession {
                            session: session.into(),
                            botocore_sso,
                            inline_first: (InlineKey::ALL.into_iter())
                                .find(|k| inline.contains(&k.key())),
                            rust: rust_error(lookup).map(Box::from),
                            session_from_defaults,
                            role_first,
                            read_elsewhere_by,
                            found_by,
                            found_session: [
                                (rust_ssec, rust_name),
                                (go_ssec, go_name),
                                (php_ssec, php_name),
                            ]
                            .into_iter()
                            .find_map(|(ssec, name)| ssec.and(name))
                            .and_then(|found| place_in(session, found)),
                        },
                    );
                    continue;
                };
                let rust_session = |k: &str| rust_sections.has(cfg, ssec, k);
                let rust_found = || Some(RustSessionLookup::Found(&rust_session));
                // botocore's merge: the session's keys in order, the first that differs.
                let conflict = (cfg.first_inconsistency(sec, ssec))
                    .map(|(k, pv, sv)| (k.to_string(), pv.to_string(), sv.to_string()));
                // botocore fails on the differing value before it looks for missing keys.
                let conflicts = conflict.is_some();
                let sso_conflicts: Vec<String> = inline
                    .iter()
                    .filter(|k| cfg.get(ssec, k).is_some_and(|sv| get(k) != Some(sv)))
                    .map(|k| k.to_string())
                    .collect();
                if let Some((key, profile_value, session_value)) = conflict {
                    push(
                        findings,
                        name,
                        line,
                        FindingKind::HybridConflict(Box::new(InlineConflict {
                            key,
                            profile_value,
                            session_value,
                            session: session.to_string(),
                            botocore_sso,
                            inline_first: inline.first().map(|k| k.to_string()),
                            rust: rust_error(rust_found()),
                            sso_conflicts,
                            go_conflicts: inline_conflicts_read_by(
                                cfg,
                                Reader::GoV2,
                                (sec, ssec),
                                &inline,
                            ),
                            java_conflicts: inline_conflicts_read_by(
                                cfg,
                                Reader::JavaV2,
                                (sec, ssec),
                                &inline,
                            ),
                            session_from_defaults,
                            role_first,
                        })),
                    );
                } else if !inline.is_empty() {
                    push(
                        findings,
                        name,
                        line,
                        FindingKind::HybridRedundant(Box::new(RedundantInline {
                            keys: inline.iter().map(|k| k.to_string()).collect(),
                            rust: rust_error(rust_found()),
                            session: session.to_string(),
                            left_alone: left_alone(name),
                            file_refused,
                            session_from_defaults,
                            role_first,
                        })),
                    );
                }
                // A session lacking keys is reported at the session.
                let session_complete =
                    cfg.get(ssec, SSO_START_URL).is_some() && cfg.get(ssec, SSO_REGION).is_some();
                // Inline keys beside the session too: botocore still looks for the account and
                // role after merging the session.
                if session_complete && sso {
                    let missing: Vec<String> = [SSO_ROLE_NAME, SSO_ACCOUNT_ID]
                        .into_iter()
                        .filter(|k| !given(k))
                        .map(str::to_string)
                        .collect();
                    // botocore merges every key of the session into the profile (a session
                    // may set the one the profile lacks), and fails first on a value that
                    // differs.
                    let botocore_lacks =
                        !conflicts && missing.iter().all(|k| cfg.get(ssec, k).is_none());
                    if missing.len() == 1 {
                        // Where there are inline keys, Rust fails on those first: the finding
                        // about them says so.
                        let rust = if rust_reads
                            && !role_first
                            && inline.is_empty()
                            && !rust_fails_on_their_inline
                        {
                            rust_sso_error(name, rust_has, rust_found())
                        } else {
                            None
                        };
                        push(
                            findings,
                            name,
                            line,
                            FindingKind::MissingSsoKeys(Box::new(LackingSsoKeys {
                                missing,
                                botocore_sso: botocore_sso && botocore_lacks,
                                rust,
                            })),
                        );
                    }
                }
            }
            None => {
                // Inside a managed block the owner regenerates it; managed_block says so.
                let managed = managed::block_at(blocks, s.header_line()).is_some();
                if let (Some(url), false) = (cfg.own(sec, SSO_START_URL), managed) {
                    // botocore logs in to the credentials file's start URL where both give one.
                    let url = (credentials.start_url_line(name))
                        .map_or(url.value, |site| site.value.as_str());
                    push(
                        findings,
                        name,
                        line,
                        FindingKind::LegacyProfile {
                            start_url: Arc::clone(
                                start_urls.entry(url).or_insert_with(|| url.into()),
                            ),
                            left_alone: left_alone(name),
                            file_refused,
                        },
                    );
                }
                let any_sso = LEGACY_SSO_KEYS.iter().any(|k| given(k));
                if !any_sso || !sso {
                    continue;
                }
                // botocore's order: sso_role_name, sso_account_id, sso_start_url, sso_region.
                let missing: Vec<String> =
                    [SSO_ROLE_NAME, SSO_ACCOUNT_ID, SSO_START_URL, SSO_REGION]
                        .into_iter()
                        .filter(|k| !given(k))
                        .map(str::to_string)
                        .collect();
                if missing.is_empty() {
                    continue;
                }
                // The AWS SDK for Rust (`sso_from_profile`) reads the profile's own keys (not
                // `[DEFAULT]`'s, but those of every section it merges into the profile): account
                // without role (or the reverse) is invalid; then a missing sso_region, then
                // sso_start_url, is a missing field; with both, no account and role resolves a
                // token, not credentials; with all four it asks for credentials, and lacks
                // nothing. A profile it does not read, with no SSO key of its own, or with a
                // `role_arn` (whose credentials it takes from the role's source), has nothing
                // missing to it. Where a section it merges into the profile names an
                // sso-session, it reads the portal in that session.
                let rust_sso = LEGACY_SSO_KEYS.iter().any(|k| rust_has(k)) && !rust_has("role_arn");
                let rust = if !(rust_reads && rust_sso) {
                    None
                } else if rust_has(SSO_SESSION) {
                    // A section Rust merges into the profile names the session: where one
                    // alone does, and the session is there, Rust reads the portal in it.
                    let ssec = (rust_sections.value(cfg, sec, SSO_SESSION))
                        .and_then(|session| cfg.session(session));
                    ssec.and_then(|ssec| {
                        let session = |k: &str| rust_sections.has(cfg, ssec, k);
                        rust_sso_error(name, rust_has, Some(RustSessionLookup::Found(&session)))
                    })
                } else {
                    rust_sso_error(name, rust_has, None)
                };
                push(
                    findings,
                    name,
                    line,
                    FindingKind::MissingSsoKeys(Box::new(LackingSsoKeys {
                        missing,
                        botocore_sso,
                        rust,
                    })),
                );
            }
        }
    }
}

/// The keys any of which makes a profile's settings SSO ones to the AWS SDK for Rust
/// (`sso_from_profile`).
pub(super) const RUST_SSO_KEYS: [&str; 5] = [
    SSO_START_URL,
    SSO_REGION,
    SSO_ACCOUNT_ID,
    SSO_ROLE_NAME,
    SSO_SESSION,
];

/// The sso-session the AWS SDK for Rust looks up for the `sso_session` it reads in a profile.
enum RustSessionLookup<'a> {
    /// Whether it finds each key in the session (every section it merges into it).
    Found(&'a dyn Fn(&str) -> bool),
    /// The session named is in no header it reads.
    NotFound(&'a str),
}

/// The error the AWS SDK for Rust gives for a profile's SSO settings (`sso_from_profile` in
/// aws-config's `profile/credentials/repr.rs`, then the credentials it asks for), from whether it
/// finds each key in the profile (`has`: in every section it merges into the profile) and the
/// session it looks up for the profile's `sso_session` (`None`: not known, and nothing is said
/// past the inline keys): an inline start URL or region beside `sso_session`, a session not
/// found, account without role (or the reverse), a missing region then start URL, and neither
/// account nor role (a token, not credentials). `None` where it resolves credentials.
fn rust_sso_error(
    name: &str,
    has: impl Fn(&str) -> bool,
    session: Option<RustSessionLookup>,
) -> Option<String> {
    if !RUST_SSO_KEYS.iter().any(|k| has(k)) {
        // No SSO settings to it: it looks for credentials elsewhere.
        return None;
    }
    let portal_has: &dyn Fn(&str) -> bool = if has(SSO_SESSION) {
        if let Some(key) = [SSO_START_URL, SSO_REGION].into_iter().find(|k| has(k)) {
            return Some(readers::rust_hybrid_text(name, key));
        }
        match session? {
            RustSessionLookup::Found(session) => session,
            RustSessionLookup::NotFound(session) => {
                return Some(format!(
                    "sso-session named `{session}` (referenced by profile `{name}`) was not found"
                ));
            }
        }
    } else {
        &has
    };
    let (has_account, has_role) = (has(SSO_ACCOUNT_ID), has(SSO_ROLE_NAME));
    if has_account != has_role {
        Some(rust_account_role(name, has_account))
    } else if let Some(field) = [SSO_REGION, SSO_START_URL]
        .into_iter()
        .find(|k| !portal_has(k))
    {
        Some(format!(
            "profile `{name}` was not defined: `{field}` was missing"
        ))
    } else if !has_account {
        Some(
            "selected profile will resolve an access token instead of credentials since it \
             doesn't have `sso_account_id` and `sso_role_name` set"
                .to_string(),
        )
    } else {
        // All four: it asks for credentials.
        None
    }
}

pub(super) fn rust_account_role(profile: &str, has_account: bool) -> String {
    let (left, right) = if has_account {
        (SSO_ACCOUNT_ID, SSO_ROLE_NAME)
    } else {
        (SSO_ROLE_NAME, SSO_ACCOUNT_ID)
    };
    format!(
        "profile `{profile}` has invalid SSO config: if `{left}` is set, then `{right}` must also be set"
    )
}

/// Whether the credentials file gives profile `name` a start URL or region and the config
/// (as `own` reads it) neither.
fn portal_keys_in_credentials_alone(
    credentials: &CredentialsProfiles,
    name: &str,
    own: impl Fn(&str) -> bool,
) -> bool {
    PORTAL_KEYS.iter().any(|k| credentials.gives(name, k)) && !PORTAL_KEYS.iter().any(|k| own(k))
}

/// The profiles with an sso-session (named by either file) to which the credentials file gives
/// `sso_start_url` or `sso_region`: a finding on each, at that file's first such line. botocore
/// merges them in and checks them against the session; the AWS SDK for Rust refuses them
/// (claimed here unless the config sets its own, whose finding claims it).
pub(super) fn inline_in_credentials<'c>(
    cfg: &'c Config,
    migration: &MigrationContext,
    rust_sections: &RustMergedSections<'c>,
) -> Vec<Finding> {
    let credentials = migration.credentials;
    let mut found = Vec::new();
    for (sec, s) in cfg.profile_sections() {
        let name = s.profile_name().unwrap_or_default();
        // Without a session the profile is a legacy one (`legacy_profile`, or the file's own);
        // with one the config lacks, `missing_session` says so.
        let session = credentials.session_beside_portal(cfg, sec, name);
        let Some((session, ssec)) = session.and_then(|n| Some((n, cfg.session(n)?))) else {
            continue;
        };
        let keys: Vec<&'static str> = (PORTAL_KEYS.into_iter())
            .filter(|k| credentials.gives(name, k))
            .collect();
        let first = keys[0];
        let Some(site) = (keys.iter())
            .filter_map(|k| credentials.key_line(name, k))
            .min_by_key(|site| site.line)
        else {
            continue;
        };
        let value_of = |k: &str| credentials.key_line(name, k).map(|l| l.value.as_str());
        // botocore's merge: the session's keys in order, the first the profile has otherwise.
        let conflict = (cfg.props(ssec))
            .filter_map(|p| Some((*PORTAL_KEYS.iter().find(|k| **k == p.key)?, p.value)))
            .find_map(|(key, session_value)| {
                let value = value_of(key)?;
                (value != session_value).then(|| ValueConflict {
                    key,
                    value: value.to_string(),
                    session_value: session_value.to_string(),
                })
            });
        let botocore_sso = sso_answers(cfg, credentials, Some(sec), name).botocore;
        let rust_own = |k: &str| rust_sections.has(cfg, sec, k);
        let session_own =
            cfg.own(sec, SSO_SESSION).is_some() || credentials.gives(name, SSO_SESSION);
        let rust = (s.read_alike_by_other_sdks()
            && !rust_own("role_arn")
            && session_own
            && portal_keys_in_credentials_alone(credentials, name, rust_own))
        .then(|| readers::rust_hybrid_text(name, first));
        let kind = FindingKind::InlineInCredentialsFile(Box::new(CredentialsInline {
            path: credentials.path.clone(),
            session: session.to_string(),
            session_lacks: (keys.iter().copied())
                .filter(|k| cfg.get(ssec, k).is_none())
                .collect(),
            keys,
            conflict,
            botocore_sso,
            rust,
            excerpt: site.excerpt.clone(),
        }));
        found.push(Finding::on_profile(name, site.line, kind));
    }
    found
}

/// The profiles only the credentials file has whose `sso_session` there (their own or
/// `[DEFAULT]`'s) names no session of the config, in name order, each found at that line.
pub(super) fn missing_sessions_in_credentials(
    cfg: &Config,
    credentials: &CredentialsProfiles,
) -> Vec<Finding> {
    (credentials.own_profiles(cfg))
        .filter_map(|name| {
            let site = credentials.key_line(name, SSO_SESSION)?;
            if cfg.session(&site.value).is_some() {
                return None;
            }
            let kind =
                FindingKind::MissingSessionInCredentialsFile(Box::new(CredentialsMissingSession {
                    path: credentials.path.clone(),
                    session: site.value.clone(),
                    botocore_sso: sso_answers(cfg, credentials, None, name).botocore,
                    excerpt: site.excerpt.clone(),
                }));
            Some(Finding::on_profile(name, site.line, kind))
        })
        .collect()
}

/// The legacy SSO profiles the credentials file alone makes: a finding on each, at the line of
/// that file that gives it `sso_start_url`, in name order (the caller puts that file's findings
/// in its line order). They are the ones the migration's warning names; where the migration
/// refuses the file (no `plan`), the same rule ([`plan::legacy_left_in_credentials`]) leaves
/// the profiles the config gives legacy keys too to their `legacy_profile` finding, as the
/// migration would skip them.
pub(super) fn legacy_in_credentials(cfg: &Config, migration: &MigrationContext) -> Vec<Finding> {
    let MigrationContext { plan, credentials } = *migration;
    let mut left: Vec<&str> = match plan {
        Some(plan) => (plan.warnings.iter())
            .flat_map(|w| match w {
                Warning::LegacyInCredentialsFile { profiles, .. } => profiles.as_slice(),
                _ => &[],
            })
            .map(String::as_str)
            .collect(),
        None => plan::legacy_left_in_credentials(cfg, credentials, |name| {
            (cfg.profile(name)).is_some_and(|sec| cfg.get(sec, SSO_START_URL).is_some())
        })
        .collect(),
    };
    left.sort_unstable();
    (left.into_iter())
        .filter_map(|name| {
            let site = credentials.start_url_line(name)?;
            let kind = FindingKind::LegacyInCredentialsFile(Box::new(CredentialsLegacy {
                start_url: site.value.clone(),
                path: credentials.path.clone(),
                keys: credentials.legacy_keys_of(name),
                excerpt: site.excerpt.clone(),
            }));
            Some(Finding::on_profile(name, site.line, kind))
        })
        .collect()
}
