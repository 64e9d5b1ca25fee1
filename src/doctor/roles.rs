//! The role profile checks: a `role_arn` with no source or with two, a `source_profile` that is
//! missing, has no credentials or an access key ID without its secret key, and a chain that
//! comes back round, as botocore and the AWS SDK for Rust follow them (walked in [`Chains`]);
//! and, asked the same way as a source, a profile without a role whose access key ID lacks its
//! secret key.

use std::sync::Arc;

use super::finding::{CredentialsSite, Finding, FindingKind, RefusedRole};
use super::found::Found;
use super::ignored::IgnoredHeaders;
use super::profiles::RUST_SSO_KEYS;
use super::sections::RustMergedSections;
use crate::aws::Config;
use crate::aws::chains::{Chains, RoleGraph};
use crate::aws::credentials::{
    CREDENTIAL_SOURCE, CredentialsProfiles, KeysFrom, KeysProvider, LOGIN_SESSION, ROLE_ARN,
    RoleRefusal, SOURCE_PROFILE, WEB_IDENTITY_TOKEN_FILE,
};

/// The keys of a profile botocore's providers get credentials with, or fail on otherwise, where
/// it is a role's source (`AssumeRoleProvider._resolve_credentials_from_profile`, then
/// `ProfileProviderBuilder.providers`): a web identity token, an SSO account or role name (the
/// SSO provider answers only with one), a helper, a login session, an access key ID (the
/// static key providers answer only with one: a secret key or a session token alone gives
/// none). botocore asks them for a source with a static key or without `role_arn`; a source
/// with `role_arn` and neither static key is assumed itself.
const SOURCE_PROVIDER_KEYS: [&str; 6] = [
    WEB_IDENTITY_TOKEN_FILE,
    "sso_account_id",
    "sso_role_name",
    "credential_process",
    LOGIN_SESSION,
    "aws_access_key_id",
];

/// The keys besides those above the AWS SDK for Rust takes a source's credentials with, or
/// fails on otherwise (`base_provider` in `resolve_chain`: a named source, its SSO settings;
/// `static_creds_from_profile` names the missing key where any static key is set; a role of
/// its own): with none of these either, it fails with its own text where botocore fails.
const RUST_SOURCE_KEYS: [&str; 8] = [
    ROLE_ARN,
    CREDENTIAL_SOURCE,
    "sso_start_url",
    "sso_region",
    "sso_session",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

/// Every profile's role, as both readers set it up: refused where it has no source or two,
/// else its `source_profile` chain, followed only from a profile with `role_arn`, and past the
/// first profile only to one without static keys ([`Chains`]). Both read the credentials file
/// with the config (`credentials`): a profile's role keys and static keys are its section's
/// there over the config's, and a source may be a profile of that file alone, whose own role the
/// chain goes on through. The AWS SDK for Rust is claimed only where no role key comes from that
/// file (where its `[DEFAULT]` is not known to be read alike). The config's profiles' findings
/// go to `findings`; those of the profiles only that file has, each at the line there of its
/// `role_arn` (a refused role) or `source_profile` (its chain), are returned, in name order, for
/// the caller to put in that file's line order with its other findings.
pub(super) fn roles<'c>(
    cfg: &'c Config,
    credentials: &'c CredentialsProfiles,
    ignored: &IgnoredHeaders,
    rust_sections: &RustMergedSections<'c>,
    findings: &mut Found,
) -> Vec<Finding> {
    let graph = RoleGraph::new(cfg, credentials);
    // Whether a node's link takes a key from the credentials file.
    let via_credentials = |i: usize| {
        !graph.in_config(i)
            || graph.name(i).is_some_and(|name| {
                [
                    ROLE_ARN,
                    SOURCE_PROFILE,
                    CREDENTIAL_SOURCE,
                    WEB_IDENTITY_TOKEN_FILE,
                ]
                .iter()
                .any(|k| credentials.key_line(name, k).is_some())
            })
    };
    // Each node's chain and whether its link comes from the credentials file, read once, and
    // each name a loop finding gives, made once: made where a chain is first followed (a file
    // may have a million sections, and most have no chain).
    let follow = || {
        let via: Vec<bool> = (0..graph.node_count()).map(via_credentials).collect();
        let any_via = via.contains(&true);
        let names: Vec<Option<Arc<str>>> = vec![None; graph.node_count()];
        (graph.chains(), via, any_via, names)
    };
    // What is wrong with node `i`'s chain, as both readers follow it from there: a source that
    // is no profile, or a loop.
    type Walk = (Chains, Vec<bool>, bool, Vec<Option<Arc<str>>>);
    let chain_of = |walk: &mut Option<Walk>, i: usize| -> Option<FindingKind> {
        let first = graph.source(i)?;
        let Some(first) = graph.node(first) else {
            let name = graph.name(i).unwrap_or_default();
            let in_credentials_file = credentials.key_line(name, SOURCE_PROFILE).is_some();
            return Some(FindingKind::SourceProfileMissing {
                source: first.to_string(),
                read_elsewhere_by: ignored.readers_of("profile", first),
                source_from_defaults: graph.in_config(i)
                    && !in_credentials_file
                    && cfg.own(i, SOURCE_PROFILE).is_none(),
                source_in_credentials_file: in_credentials_file,
                in_credentials_file: None,
            });
        };
        // A source with nothing to give credentials with: the chain ends there, refused.
        let source_name = graph.name(first).unwrap_or_default();
        let source_sec = graph.in_config(first).then_some(first);
        let source_config_has = |k: &str| source_sec.is_some_and(|s| cfg.get(s, k).is_some());
        let source_has = |k: &str| credentials.sets(source_name, k) || source_config_has(k);
        // botocore's `_has_static_credentials`: either static key (the credentials file's two
        // found at once).
        let static_keys = credentials.static_keys(source_name).contains(&true)
            || source_config_has("aws_access_key_id")
            || source_config_has("aws_secret_access_key");
        let asks_providers = static_keys || !source_has(ROLE_ARN);
        if asks_providers && !SOURCE_PROVIDER_KEYS.iter().any(|k| source_has(k)) {
            // Both profiles the config's, with nothing of theirs in the credentials file, each
            // as the AWS SDK for Rust merges its sections: the role with its source alone (a
            // section Rust merges into it may give it a second), the source none of the keys it
            // might take credentials with.
            let rust_has = |sec: usize, k: &str| rust_sections.has(cfg, sec, k);
            let rust = graph.in_config(i)
                && graph.in_config(first)
                && !via_credentials(i)
                && !credentials.has(source_name)
                && rust_has(i, ROLE_ARN)
                && rust_has(i, SOURCE_PROFILE)
                && !rust_has(i, CREDENTIAL_SOURCE)
                && !rust_has(i, WEB_IDENTITY_TOKEN_FILE)
                && !(SOURCE_PROVIDER_KEYS.iter().chain(&RUST_SOURCE_KEYS))
                    .any(|k| rust_has(first, k));
            return Some(FindingKind::SourceProfileWithoutCredentials {
                source: source_name.to_string(),
                rust,
                in_credentials_file: None,
            });
        }
        if asks_providers
            && let Some(keys_in) =
                partial_keys_of(credentials, source_name, source_has, source_config_has)
        {
            return Some(FindingKind::SourceProfilePartialKeys {
                source: source_name.to_string(),
                keys_in,
                in_credentials_file: None,
            });
        }
        // A profile of the credentials file alone with no role of its own ends the chain.
        if !graph.in_config(first) && graph.source(first).is_none() {
            return None;
        }
        let (chains, via, any_via, names) = walk.get_or_insert_with(follow);
        let found = chains.loop_from(i)?;
        let mut name_of = |i: usize| {
            Arc::clone(names[i].get_or_insert_with(|| Arc::from(graph.name(i).unwrap_or_default())))
        };
        // A link the credentials file gives: the AWS SDK for Rust is not claimed.
        let through_credentials =
            (found.omitted > 0 && *any_via) || found.sections.iter().any(|&i| via[i]);
        // The AWS SDK for Rust takes the credentials of a profile that names itself as its
        // source (`NextProfile::SelfReference`): where the loop closes on one that has its
        // own (SSO settings, a credential process, both static keys), it does not fail.
        let met = (found.sections.last().copied()).filter(|&m| graph.in_config(m));
        let names_itself =
            met.is_some_and(|m| graph.source(m).and_then(|s| graph.node(s)) == Some(m));
        let own_credentials = met.is_some_and(|m| {
            let rust_has = |k: &str| rust_sections.has(cfg, m, k);
            let [access, secret] =
                (cfg.profile_name(m)).map_or([false; 2], |n| credentials.static_keys(n));
            RUST_SSO_KEYS.iter().any(|k| rust_has(k))
                || rust_has("credential_process")
                || ((access || rust_has("aws_access_key_id"))
                    && (secret || rust_has("aws_secret_access_key")))
        });
        Some(FindingKind::SourceProfileLoop {
            chain: found.sections.into_iter().map(&mut name_of).collect(),
            omitted: found.omitted,
            rust: !(through_credentials || (names_itself && own_credentials)),
            in_credentials_file: None,
        })
    };
    let mut walk = None;
    for (sec, s) in cfg.profile_sections() {
        let name = s.profile_name().unwrap_or_default();
        let line = s.header_line() + 1;
        // A role's keys as both readers merge the credentials file into the profile; the AWS
        // SDK for Rust reads the keys of every section it merges into it.
        let merged = |k: &str| credentials.merged(cfg, Some(sec), name, k).is_some();
        // Without a role, botocore asks the profile's providers of keys itself.
        if !merged(ROLE_ARN) {
            let config_has = |k: &str| cfg.get(sec, k).is_some();
            let has = |k: &str| credentials.sets(name, k) || config_has(k);
            if let Some(keys_in) = partial_keys_of(credentials, name, has, config_has) {
                let kind = FindingKind::PartialStaticKeys { keys_in };
                findings.push(Finding::on_profile(name, line, kind));
            }
        }
        if let Some(why) = RoleRefusal::of(merged) {
            let rust = RoleRefusal::of(|k| rust_sections.has(cfg, sec, k)) == Some(why);
            let role = RefusedRole {
                rust,
                in_credentials_file: None,
                keys_in_credentials_file: [ROLE_ARN, SOURCE_PROFILE, CREDENTIAL_SOURCE]
                    .into_iter()
                    .filter(|k| credentials.key_line(name, k).is_some())
                    .collect(),
            };
            findings.push(Finding::on_profile(
                name,
                line,
                FindingKind::refused_role(why, role),
            ));
            continue;
        }
        if let Some(kind) = chain_of(&mut walk, sec) {
            findings.push(Finding::on_profile(name, line, kind));
        }
    }
    // The profiles only the credentials file has, each found at a line there.
    (graph.credentials_only())
        .filter_map(|(i, name)| {
            let site = |key| {
                let at = credentials.key_line(name, key)?;
                let site = Box::new(CredentialsSite {
                    path: credentials.path.clone(),
                    excerpt: at.excerpt.clone(),
                });
                Some((at.line, site))
            };
            let merged = |k: &str| credentials.merged(cfg, None, name, k).is_some();
            if let Some(why) = RoleRefusal::of(merged) {
                let (line, site) = site(ROLE_ARN)?;
                let role = RefusedRole {
                    rust: false,
                    in_credentials_file: Some(site),
                    keys_in_credentials_file: Box::default(),
                };
                return Some(Finding::on_profile(
                    name,
                    line,
                    FindingKind::refused_role(why, role),
                ));
            }
            let mut kind = chain_of(&mut walk, i)?;
            let (line, site) = site(SOURCE_PROFILE)?;
            match &mut kind {
                FindingKind::SourceProfileMissing {
                    in_credentials_file,
                    ..
                }
                | FindingKind::SourceProfileLoop {
                    in_credentials_file,
                    ..
                }
                | FindingKind::SourceProfileWithoutCredentials {
                    in_credentials_file,
                    ..
                }
                | FindingKind::SourceProfilePartialKeys {
                    in_credentials_file,
                    ..
                } => *in_credentials_file = Some(site),
                _ => {}
            }
            Some(Finding::on_profile(name, line, kind))
        })
        .collect()
}

/// The file whose static key provider refuses a profile (a role's source, or a profile without
/// a role) for an access key ID without the secret key in the same file, where botocore's
/// providers of its keys come to it: after a web identity token and an SSO account or role,
/// which answer first, the providers [`CredentialsProfiles::keys_provider`] orders.
/// `has`: whether the profile has a key in either file; `config_has`: in the config.
fn partial_keys_of(
    credentials: &CredentialsProfiles,
    name: &str,
    has: impl Fn(&str) -> bool,
    config_has: impl Fn(&str) -> bool,
) -> Option<KeysFrom> {
    // Nearly every profile has no access key ID: asked first, as this runs for each profile.
    let [access, _] = credentials.static_keys(name);
    if !(access || config_has("aws_access_key_id"))
        || [WEB_IDENTITY_TOKEN_FILE, "sso_account_id", "sso_role_name"]
            .iter()
            .any(|k| has(k))
    {
        return None;
    }
    match credentials.keys_provider(name, config_has)? {
        KeysProvider::StaticKeys {
            from,
            secret: false,
        } => Some(from),
        _ => None,
    }
}
