//! The shared credentials file (`~/.aws/credentials`) as botocore and the AWS SDKs read it with
//! the config: each of its sections is the profile of the same name (`[dev]` is profile `dev`;
//! there is no `profile ` prefix there), and its keys are merged over the config's
//! (`Session.full_config`, `AWS-CONFIG-FACTS.md` §2.1). A profile whose section there sets an
//! SSO key the migration moves or writes keeps that key after a migration of the config, beside
//! the `sso_session` the migration writes, and botocore then checks it against the session (a
//! respelled start URL, or another `sso_region`, and the AWS CLI refuses the profile). Only which
//! profiles it gives such keys matters here; nothing else of the file is kept, and no value.

use std::collections::BTreeMap;

use super::{SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_SESSION, SSO_START_URL};
use crate::doc::{Document, LineKind};

/// The keys a migration moves out of a profile or writes into it.
const MIGRATED_KEYS: [&str; 4] = [
    SSO_START_URL,
    SSO_REGION,
    SSO_SESSION,
    SSO_REGISTRATION_SCOPES,
];

/// The profiles whose section in a credentials file sets one of the keys a migration moves or
/// writes, with those keys (in the order `sso_start_url`, `sso_region`, `sso_session`,
/// `sso_registration_scopes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialsSso {
    /// The file, as the user named it or the tool found it.
    pub path: String,
    profiles: BTreeMap<String, Vec<&'static str>>,
}

impl CredentialsSso {
    /// Reads the credentials file `path`, whose content is `bytes`, as botocore's
    /// `configparser` does: a section is named by the text between its brackets, keys are
    /// lower-cased, and `[DEFAULT]`'s keys are every other section's too. Lines it cannot read
    /// are passed over (botocore would fail on the whole file; the AWS CLI says so itself).
    pub fn read(path: String, bytes: Vec<u8>) -> CredentialsSso {
        let doc = Document::parse(bytes);
        let mut sections: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
        let mut defaults: Vec<&'static str> = Vec::new();
        let mut current: Option<String> = None;
        for (i, line) in doc.lines().enumerate() {
            match &line.kind {
                LineKind::Section { header } => {
                    let name = doc.slice(i, header).to_string();
                    sections.entry(name.clone()).or_default();
                    current = Some(name);
                }
                LineKind::Key { key, .. } => {
                    let key = doc.slice(i, key);
                    let Some(&known) = MIGRATED_KEYS.iter().find(|k| key.eq_ignore_ascii_case(k))
                    else {
                        continue;
                    };
                    let keys = match current.as_deref() {
                        Some("DEFAULT") => &mut defaults,
                        Some(name) => sections.entry(name.to_string()).or_default(),
                        None => continue,
                    };
                    if !keys.contains(&known) {
                        keys.push(known);
                    }
                }
                _ => {}
            }
        }
        sections.remove("DEFAULT");
        let profiles = sections
            .into_iter()
            .filter_map(|(name, own)| {
                let keys: Vec<&'static str> = (MIGRATED_KEYS.iter().copied())
                    .filter(|k| own.contains(k) || defaults.contains(k))
                    .collect();
                (!keys.is_empty()).then_some((name, keys))
            })
            .collect();
        CredentialsSso { path, profiles }
    }

    /// The keys the file sets for profile `name`, if any.
    pub fn keys_of(&self, name: &str) -> Option<&[&'static str]> {
        self.profiles.get(name).map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> CredentialsSso {
        CredentialsSso::read("credentials".into(), text.as_bytes().to_vec())
    }

    #[test]
    fn a_section_is_the_profile_of_its_name_with_the_keys_it_sets() {
        let c = read(
            "[dev]\nSSO_Region = us-east-1\nsso_start_url=https://x/start\nsso_region = b\n\
             aws_access_key_id = A\n[profile ops]\nsso_region = x\n[static]\n\
             aws_access_key_id = A\n[ spaced ]\nsso_session = s\n",
        );
        assert_eq!(c.keys_of("dev"), Some(&[SSO_START_URL, SSO_REGION][..]));
        // `profile ops` there is a profile named `profile ops`, not `ops`.
        assert_eq!(c.keys_of("ops"), None);
        assert_eq!(c.keys_of("profile ops"), Some(&[SSO_REGION][..]));
        assert_eq!(c.keys_of("static"), None);
        assert_eq!(c.keys_of(" spaced "), Some(&[SSO_SESSION][..]));
    }

    #[test]
    fn defaults_give_their_keys_to_every_section_but_make_none() {
        let c = read("[DEFAULT]\nsso_registration_scopes = a\n[dev]\nregion = x\n");
        assert_eq!(c.keys_of("dev"), Some(&[SSO_REGISTRATION_SCOPES][..]));
        assert_eq!(c.keys_of("DEFAULT"), None);
        assert_eq!(c.keys_of("other"), None);
    }

    #[test]
    fn nested_keys_comments_and_lines_before_a_section_set_nothing() {
        let c = read("sso_region = a\n[dev]\ns3 =\n  sso_region = b\n# sso_region = c\n");
        assert_eq!(c.keys_of("dev"), None);
    }
}
