//! The shared credentials file (`~/.aws/credentials`) as botocore reads it with the config: each
//! of its sections is the profile of the same name (`[dev]` is profile `dev`; there is no
//! `profile ` prefix there), and its keys are merged over the config's (`Session.full_config`,
//! `AWS-CONFIG-FACTS.md` §2.1). The AWS SDKs for JavaScript v3 (`parseKnownFiles`, run here),
//! Rust (aws-runtime's `EnvConfigSections::parse`), Go v2 (`mergeSections`), Java v2
//! (`ProfileFile.Aggregator`) and .NET (`SharedCredentialsFile.TryGetSection`) merge the two
//! files the same way (from their source); the AWS SDK for Ruby v3 takes a profile's SSO
//! settings from that section alone where it has any (`sso_credentials_from_config`). A profile
//! whose section there sets an SSO key the migration moves or writes keeps that key after a
//! migration of the config, beside the `sso_session` the migration writes, and botocore then
//! checks it against the session (a respelled start URL, or another `sso_region`, and the AWS
//! CLI refuses the profile; Go v2 and Java v2 do the same). A role's
//! `source_profile` may be a profile of that file alone, and its static keys end a chain of
//! roles as the config's do. A `credential_process` there is run for its profile as the
//! config's is, and a helper it runs may read a config profile's inline SSO keys. A profile
//! the file alone makes a legacy SSO profile stays one after a migration of the config. Only
//! that is kept of the file: the sections' names, whether each sets static keys (not their
//! values), and the line and value of each of its SSO keys, its `region`, its role's keys and
//! its `credential_process` (`KEPT_KEYS`); no other value.

use std::collections::BTreeMap;
use std::ops::Range;

use super::problem::Excerpt;
use super::{
    Config, LEGACY_SSO_KEYS, SSO_ACCOUNT_ID, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_ROLE_NAME,
    SSO_SESSION, SSO_START_URL,
};
use crate::doc::{Document, LineKind, py};

/// The SSO keys: first the four a migration moves out of a profile or writes into it
/// ([`MIGRATED`] of them), then the account and role, which make a profile an SSO one to
/// botocore.
const SSO_KEYS: [&str; 6] = [
    SSO_START_URL,
    SSO_REGION,
    SSO_SESSION,
    SSO_REGISTRATION_SCOPES,
    SSO_ACCOUNT_ID,
    SSO_ROLE_NAME,
];

/// How many of [`SSO_KEYS`], from the first, a migration moves or writes.
const MIGRATED: usize = 4;

/// The key that makes a profile a role to botocore, which assumes it before any SSO setting.
pub const ROLE_ARN: &str = "role_arn";

/// A legacy profile's portal, which a profile with a session must not set in the file (botocore
/// checks them against the session; the AWS SDK for Rust refuses them).
pub const PORTAL_KEYS: [&str; 2] = [SSO_START_URL, SSO_REGION];

/// The keys whose lines are kept, each with its value as configparser reads it: the
/// [`SSO_KEYS`], what the token report and the pictures show of a profile, a role's keys
/// (botocore resolves them before the SSO ones), and the command botocore runs for its
/// credentials.
const KEPT_KEYS: [&str; 12] = [
    SSO_KEYS[0],
    SSO_KEYS[1],
    SSO_KEYS[2],
    SSO_KEYS[3],
    SSO_KEYS[4],
    SSO_KEYS[5],
    "region",
    ROLE_ARN,
    ROLE_SOURCE_KEYS[0],
    ROLE_SOURCE_KEYS[1],
    ROLE_SOURCE_KEYS[2],
    CREDENTIAL_PROCESS,
];

/// The key whose command botocore runs for a profile's credentials.
const CREDENTIAL_PROCESS: &str = "credential_process";

/// The keys whose presence is kept, not their values: first the static keys (either is static
/// credentials to botocore, `_has_static_credentials`; its providers answer for the access key
/// ID), then `login_session`, the other key a role's source may have credentials with.
const PRESENT_KEYS: [&str; 3] = ["aws_access_key_id", "aws_secret_access_key", LOGIN_SESSION];

/// The key that names the session `aws login` caches a profile's credentials for: botocore's
/// login provider answers for a profile with it.
pub const LOGIN_SESSION: &str = "login_session";

/// Which file gives a profile the keys its credentials come from; serialized as botocore names
/// the provider of that file's keys ([`KeysFrom::botocore_provider`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysFrom {
    Config,
    /// The shared credentials file read with the config.
    CredentialsFile,
}

impl serde::Serialize for KeysFrom {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.botocore_provider())
    }
}

impl KeysFrom {
    /// The name botocore gives the provider of this file's keys (its `METHOD`).
    pub fn botocore_provider(self) -> &'static str {
        match self {
            KeysFrom::Config => "config-file",
            KeysFrom::CredentialsFile => "shared-credentials-file",
        }
    }
}

/// The provider of keys that answers for a profile after botocore's SSO provider
/// ([`CredentialsProfiles::keys_provider`]), and the file that gives it the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysProvider {
    /// An access key ID, with the secret key beside it in the same file (`secret`) or without:
    /// then the provider refuses the profile (`Partial credentials found in …`).
    StaticKeys { from: KeysFrom, secret: bool },
    /// A `login_session` (what `aws login` signs in to).
    Login { from: KeysFrom },
    /// A `credential_process`.
    Process { from: KeysFrom },
}

/// The keys that give a role where its credentials come from.
pub const ROLE_SOURCE_KEYS: [&str; 3] =
    [SOURCE_PROFILE, CREDENTIAL_SOURCE, WEB_IDENTITY_TOKEN_FILE];

/// The profile whose credentials a role is assumed with.
pub const SOURCE_PROFILE: &str = "source_profile";

/// Where a role's credentials come from other than a profile (the environment, an instance or
/// a container role).
pub const CREDENTIAL_SOURCE: &str = "credential_source";

/// The key that gives a role a web identity token: botocore's web identity provider answers
/// for such a role, before any SSO setting.
pub const WEB_IDENTITY_TOKEN_FILE: &str = "web_identity_token_file";

/// Why botocore refuses a profile's role (`AssumeRoleProvider._get_role_config`); the AWS SDK
/// for Rust refuses it alike (`chain_provider`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleRefusal {
    /// Neither `source_profile` nor `credential_source`.
    NoSource,
    /// Both `source_profile` and `credential_source`.
    BothSources,
}

impl RoleRefusal {
    /// Why a reader refuses the role of a profile that has the keys `has` says it has, as that
    /// reader merges them: `None` where it has no `role_arn`, has a web identity token (a root
    /// provider to both readers, not a role chain) or exactly one source.
    pub fn of(has: impl Fn(&str) -> bool) -> Option<Self> {
        if !has(ROLE_ARN) || has(WEB_IDENTITY_TOKEN_FILE) {
            return None;
        }
        match (has(SOURCE_PROFILE), has(CREDENTIAL_SOURCE)) {
            (false, false) => Some(Self::NoSource),
            (true, true) => Some(Self::BothSources),
            _ => None,
        }
    }
}

/// What one section of a credentials file gives its profile (with `[DEFAULT]`'s, once the
/// file is read): which of [`PRESENT_KEYS`] it sets (their values are not kept), and the line of
/// each of [`KEPT_KEYS`] it sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Section {
    present: [bool; PRESENT_KEYS.len()],
    kept: [Option<KeyLine>; KEPT_KEYS.len()],
}

impl Section {
    /// Key line `i` of `doc`, `key` with the value at `value`.
    fn add(&mut self, doc: &Document, i: usize, key: &str, value: &Range<u32>) {
        let is = |k: &&str| key.eq_ignore_ascii_case(k);
        for (set, k) in self.present.iter_mut().zip(&PRESENT_KEYS) {
            *set |= is(k);
        }
        if let Some(k) = KEPT_KEYS.iter().position(is) {
            // Of a key set twice in a section, configparser keeps the last.
            self.kept[k] = Some(KeyLine {
                line: i + 1,
                value: whole_value(doc, i, value),
                excerpt: Excerpt::of_line(doc, i + 1).expect("a line of the file"),
            });
        }
    }

    /// Gives it `[DEFAULT]`'s keys where it has none of its own.
    fn inherit(&mut self, defaults: &Section) {
        for (set, default) in self.present.iter_mut().zip(defaults.present) {
            *set |= default;
        }
        for (line, default) in self.kept.iter_mut().zip(&defaults.kept) {
            if line.is_none() {
                line.clone_from(default);
            }
        }
    }
}

/// The profiles a shared credentials file gives: each section's name, whether it sets static
/// keys, which SSO keys it sets, and the few values and lines the module's notes list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialsProfiles {
    /// The file, as the user named it or the tool found it.
    pub path: String,
    /// Each section, with `[DEFAULT]`'s keys.
    profiles: BTreeMap<String, Section>,
}

/// The portal a legacy SSO profile logs in to, as botocore merges the two files
/// ([`CredentialsProfiles::legacy_portal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegacyPortal<'a> {
    pub start_url: &'a str,
    pub sso_region: Option<&'a str>,
    /// The start URL is the credentials file's (the config's otherwise).
    pub in_credentials_file: bool,
}

/// The line of a credentials file that gives a profile one of the keys whose lines are kept: the
/// last such line of its section (configparser keeps the last of a key set twice), else
/// `[DEFAULT]`'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLine {
    /// 1-based.
    pub line: usize,
    /// The value as configparser reads it (with the lines that continue it).
    pub value: String,
    /// The line, for a person to see.
    pub excerpt: Excerpt,
}

impl CredentialsProfiles {
    /// Reads the credentials file `path`, whose content is `bytes`, as botocore's
    /// `configparser` does: a section is named by the text between its brackets, keys are
    /// lower-cased, and `[DEFAULT]`'s keys are every other section's too. Lines it cannot read
    /// are passed over (botocore would fail on the whole file; the AWS CLI says so itself).
    pub fn read(path: String, bytes: Vec<u8>) -> CredentialsProfiles {
        let doc = Document::parse(bytes);
        let mut profiles: BTreeMap<String, Section> = BTreeMap::new();
        let mut defaults = Section::default();
        // The section the lines belong to; `None` for `[DEFAULT]`'s.
        let mut current: Option<Option<&str>> = None;
        for (i, line) in doc.lines().enumerate() {
            match &line.kind {
                LineKind::Section { header } => {
                    let name = doc.slice(i, header);
                    let section = (name != "DEFAULT").then_some(name);
                    if let Some(name) = section {
                        profiles.entry(name.to_string()).or_default();
                    }
                    current = Some(section);
                }
                LineKind::Key { key, value, .. } => {
                    let key = doc.slice(i, key);
                    match current {
                        Some(Some(name)) => profiles.entry(name.to_string()).or_default(),
                        Some(None) => &mut defaults,
                        None => continue,
                    }
                    .add(&doc, i, key, value);
                }
                _ => {}
            }
        }
        for section in profiles.values_mut() {
            section.inherit(&defaults);
        }
        CredentialsProfiles { path, profiles }
    }

    /// Each profile of the file that has a `credential_process` there (its own or
    /// `[DEFAULT]`'s), with the command: botocore runs that one, not the config's.
    pub fn credential_processes(&self) -> impl Iterator<Item = (&str, &str)> {
        (self.names()).filter_map(|name| Some((name, self.credential_process(name)?)))
    }

    /// The `credential_process` the file gives profile `name` (its own or `[DEFAULT]`'s).
    pub fn credential_process(&self, name: &str) -> Option<&str> {
        self.value_of(name, CREDENTIAL_PROCESS)
    }

    /// The keys a migration moves or writes that the file sets for profile `name` (in the order
    /// `sso_start_url`, `sso_region`, `sso_session`, `sso_registration_scopes`), if any.
    pub fn keys_of(&self, name: &str) -> Option<Vec<&'static str>> {
        let keys: Vec<&'static str> = (SSO_KEYS[..MIGRATED].iter().copied())
            .filter(|k| self.gives(name, k))
            .collect();
        (!keys.is_empty()).then_some(keys)
    }

    /// The profiles the file gives `sso_start_url` and no `sso_session` (its own keys or
    /// `[DEFAULT]`'s), in name order: legacy SSO profiles as botocore merges the two files, whose
    /// keys a migration of the config cannot move.
    pub fn legacy_profiles(&self) -> impl Iterator<Item = &str> {
        (self.names())
            .filter(|name| self.gives(name, SSO_START_URL) && !self.gives(name, SSO_SESSION))
    }

    /// The line that gives profile `name` its `sso_start_url` in the file, if one does.
    pub fn start_url_line(&self, name: &str) -> Option<&KeyLine> {
        self.key_line(name, SSO_START_URL)
    }

    /// The line that gives profile `name` `key` in the file, if one does; `None` for a key
    /// whose lines are not kept (those [`Self::merged`] lists are).
    pub fn key_line(&self, name: &str, key: &str) -> Option<&KeyLine> {
        let k = KEPT_KEYS.iter().position(|k| *k == key)?;
        self.profiles.get(name).and_then(|s| s.kept[k].as_ref())
    }

    /// The `sso_start_url` and `sso_region` botocore reads for profile `name`, whose section in
    /// `cfg` is `sec` (none where only this file has it): each this file's over the config's, as
    /// botocore merges them; `None` where neither gives a start URL. Whether either gives the
    /// profile an `sso_session` is the caller's to ask.
    pub fn legacy_portal<'a>(
        &'a self,
        cfg: &'a Config,
        sec: Option<usize>,
        name: &str,
    ) -> Option<LegacyPortal<'a>> {
        Some(LegacyPortal {
            start_url: self.merged(cfg, sec, name, SSO_START_URL)?,
            sso_region: self.merged(cfg, sec, name, SSO_REGION),
            in_credentials_file: self.value_of(name, SSO_START_URL).is_some(),
        })
    }

    /// The value botocore's profile `name` has for `key`, as it merges the two files: this
    /// file's (its section's or `[DEFAULT]`'s) over that of the config's section `sec` (none
    /// where only this file has the profile). `key` is one whose values the reader keeps: an
    /// SSO key (`sso_start_url`, `sso_region`, `sso_session`, `sso_registration_scopes`,
    /// `sso_account_id`, `sso_role_name`), `region`, `role_arn`, `source_profile`,
    /// `credential_source`, `web_identity_token_file` or `credential_process`.
    ///
    /// # Panics
    /// For any other key: no value of it is kept, and `None` would read as "not set".
    pub fn merged<'a>(
        &'a self,
        cfg: &'a Config,
        sec: Option<usize>,
        name: &str,
        key: &str,
    ) -> Option<&'a str> {
        (self.value_of(name, key)).or_else(|| sec.and_then(|sec| cfg.get(sec, key)))
    }

    /// The value the file gives profile `name` for `key` (one [`Self::merged`] lists), if it
    /// gives one.
    ///
    /// # Panics
    /// For any other key: the reader keeps no value of it, and `None` would read as "not set".
    fn value_of(&self, name: &str, key: &str) -> Option<&str> {
        assert!(KEPT_KEYS.contains(&key), "no value of `{key}` is kept");
        self.key_line(name, key).map(|l| l.value.as_str())
    }

    /// The session profile `name` (section `sec` of `cfg`) logs in through, where the file gives
    /// it `sso_start_url` or `sso_region` beside it: the file's `sso_session` over the config's,
    /// as botocore merges them. `None` where the profile has no session or the file neither key.
    pub fn session_beside_portal<'a>(
        &'a self,
        cfg: &'a Config,
        sec: usize,
        name: &str,
    ) -> Option<&'a str> {
        if !PORTAL_KEYS.iter().any(|k| self.gives(name, k)) {
            return None;
        }
        self.merged(cfg, Some(sec), name, SSO_SESSION)
    }

    /// The names of the file's sections (but `[DEFAULT]`), in name order: each a profile.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// The profiles only this file has (`cfg` has no profile of their names), in name order.
    pub fn own_profiles<'a>(&'a self, cfg: &'a Config) -> impl Iterator<Item = &'a str> {
        self.names().filter(|name| cfg.profile(name).is_none())
    }

    /// Which of a legacy SSO profile's keys (`sso_start_url`, `sso_region`, `sso_account_id`,
    /// `sso_role_name`, in that order) the file gives profile `name`.
    pub fn legacy_keys_of(&self, name: &str) -> Vec<&'static str> {
        LEGACY_SSO_KEYS
            .into_iter()
            .filter(|k| self.gives(name, k))
            .collect()
    }

    /// Whether the file gives profile `name` the SSO key `key` (its own or `[DEFAULT]`'s):
    /// botocore's merged profile has it, whatever the config says. Always `false` for a key
    /// not among `sso_start_url`, `sso_region`, `sso_session`, `sso_registration_scopes`,
    /// `sso_account_id` and `sso_role_name`.
    pub fn gives(&self, name: &str, key: &str) -> bool {
        SSO_KEYS.contains(&key) && self.key_line(name, key).is_some()
    }

    /// Whether the file has a section for profile `name`.
    pub fn has(&self, name: &str) -> bool {
        self.profiles.contains_key(name)
    }

    /// Which of botocore's providers of keys after its SSO provider answers for profile `name`
    /// (`ProfileProviderBuilder.providers`), as this file and the config give it keys: this
    /// file's static keys (each file's provider answers for an access key ID, and needs the
    /// secret key in its own section), a `login_session`, a `credential_process` (each this
    /// file's over the config's), then the config's static keys; `None` where none does.
    /// `config_has`: whether the config's section of the profile sets a key.
    pub fn keys_provider(
        &self,
        name: &str,
        config_has: impl Fn(&str) -> bool,
    ) -> Option<KeysProvider> {
        let theirs = KeysFrom::CredentialsFile;
        if let [true, secret] = self.static_keys(name) {
            return Some(KeysProvider::StaticKeys {
                from: theirs,
                secret,
            });
        }
        let login_from = (self.sets(name, LOGIN_SESSION).then_some(theirs))
            .or_else(|| config_has(LOGIN_SESSION).then_some(KeysFrom::Config));
        if let Some(from) = login_from {
            return Some(KeysProvider::Login { from });
        }
        let process_from = (self.credential_process(name).is_some().then_some(theirs))
            .or_else(|| config_has(CREDENTIAL_PROCESS).then_some(KeysFrom::Config));
        if let Some(from) = process_from {
            return Some(KeysProvider::Process { from });
        }
        config_has("aws_access_key_id").then(|| KeysProvider::StaticKeys {
            from: KeysFrom::Config,
            secret: config_has("aws_secret_access_key"),
        })
    }

    /// Whether the file gives profile `name` `aws_access_key_id` and `aws_secret_access_key`.
    pub fn static_keys(&self, name: &str) -> [bool; 2] {
        self.profiles
            .get(name)
            .map_or([false; 2], |s| [s.present[0], s.present[1]])
    }

    /// Whether the file gives profile `name` `key` (its section or `[DEFAULT]`): a key whose
    /// presence alone is kept (a static key, `login_session`) or one of those
    /// [`Self::merged`] lists.
    ///
    /// # Panics
    /// For any other key: the reader keeps nothing of it, and `false` would read as "not set".
    pub fn sets(&self, name: &str, key: &str) -> bool {
        match PRESENT_KEYS.iter().position(|k| *k == key) {
            Some(k) => self.profiles.get(name).is_some_and(|s| s.present[k]),
            None => self.value_of(name, key).is_some(),
        }
    }
}

/// The value of key line `i` (its text `value`) as configparser reads it: with the indented
/// lines that continue it, each stripped, on lines of their own (whole-line comments and blank
/// lines between them add nothing a command's words are split from).
fn whole_value(doc: &Document, i: usize, value: &Range<u32>) -> String {
    let mut whole = doc.slice(i, value).to_string();
    for j in i + 1..doc.len() {
        match doc.line(j).kind {
            LineKind::Continuation => {
                whole.push('\n');
                whole.push_str(py::strip(doc.text(j)));
            }
            LineKind::Blank | LineKind::Comment => {}
            _ => break,
        }
    }
    whole
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> CredentialsProfiles {
        CredentialsProfiles::read("credentials".into(), text.as_bytes().to_vec())
    }

    #[test]
    fn a_section_is_the_profile_of_its_name_with_the_keys_it_sets() {
        let c = read(
            "[dev]\nSSO_Region = us-east-1\nsso_start_url=https://x/start\nsso_region = b\n\
             aws_access_key_id = A\n[profile ops]\nsso_region = x\n[static]\n\
             aws_access_key_id = A\n[ spaced ]\nsso_session = s\n",
        );
        assert_eq!(c.keys_of("dev"), Some(vec![SSO_START_URL, SSO_REGION]));
        // `profile ops` there is a profile named `profile ops`, not `ops`.
        assert_eq!(c.keys_of("ops"), None);
        assert_eq!(c.keys_of("profile ops"), Some(vec![SSO_REGION]));
        assert_eq!(c.keys_of("static"), None);
        assert!(c.has("static") && c.has("dev") && !c.has("ops"));
        assert_eq!(c.static_keys("static"), [true, false]);
        assert_eq!(c.static_keys("dev"), [true, false]);
        assert_eq!(c.static_keys("profile ops"), [false, false]);
        assert_eq!(c.keys_of(" spaced "), Some(vec![SSO_SESSION]));
        let c = read("[admin]\nSource_Profile = keys\n[web]\nweb_identity_token_file = t\n");
        let sources = |name| ROLE_SOURCE_KEYS.map(|k| c.value_of(name, k));
        assert_eq!(sources("admin"), [Some("keys"), None, None]);
        assert_eq!(sources("web"), [None, None, Some("t")]);
    }

    #[test]
    fn defaults_give_their_keys_to_every_section_but_make_none() {
        let c = read(
            "[DEFAULT]\nsso_registration_scopes = a\nAWS_SECRET_ACCESS_KEY = s\n[dev]\nregion = x\n",
        );
        assert_eq!(c.keys_of("dev"), Some(vec![SSO_REGISTRATION_SCOPES]));
        assert_eq!(c.static_keys("dev"), [false, true]);
        assert_eq!(c.keys_of("DEFAULT"), None);
        assert!(!c.has("DEFAULT"));
        assert_eq!(c.keys_of("other"), None);
    }

    #[test]
    fn a_sections_credential_process_is_its_last_line_or_defaults() {
        let c = read(
            "credential_process = before-any-section\n[DEFAULT]\ncredential_process = d --x\n\
             [a]\nCredential_Process = first\ncredential_process =  last  one \n[b]\n\
             region = x\n[c]\ns3 =\n  credential_process = nested\n",
        );
        let all: Vec<_> = c.credential_processes().collect();
        assert_eq!(all, [("a", "last  one"), ("b", "d --x"), ("c", "d --x")]);
        // An indented line goes on with the command, through comments and blank lines.
        let c = read(
            "[a]\ncredential_process = aws-sso-util credential-process\n# on\n\n  \
             --profile  dev \n[b]\ncredential_process = x\n",
        );
        let all: Vec<_> = c.credential_processes().collect();
        assert_eq!(
            all,
            [
                ("a", "aws-sso-util credential-process\n--profile  dev"),
                ("b", "x")
            ]
        );
        let c = read("[a]\ncredential_process = x\n[b]\nregion = y\n");
        assert_eq!(c.credential_processes().collect::<Vec<_>>(), [("a", "x")]);
    }

    #[test]
    fn legacy_profiles_have_a_start_url_and_no_session_there() {
        let c = read(
            "[DEFAULT]\nSSO_Start_URL = https://x/start\n[a]\n[b]\nsso_session = s\n[c]\n\
             region = r\n",
        );
        assert_eq!(c.legacy_profiles().collect::<Vec<_>>(), ["a", "c"]);
        let c = read("[a]\nsso_region = r\n[b]\nsso_start_url = u\n[DEFAULT]\nsso_session = s\n");
        assert_eq!(c.legacy_profiles().count(), 0);
        let c = read("[a]\nsso_region = r\n[b]\nsso_start_url = u\n");
        assert_eq!(c.legacy_profiles().collect::<Vec<_>>(), ["b"]);
    }

    #[test]
    fn a_profiles_start_url_line_is_its_sections_last_else_defaults() {
        let c = read(
            "sso_start_url = before\n[DEFAULT]\nSSO_Start_URL = https://d/start\n[a]\n\
             [b]\n  sso_start_url = https://b/one \nsso_start_url = https://b/two\n\
             [c]\ns3 =\n  sso_start_url = nested\n",
        );
        let at = |name| (c.start_url_line(name)).map(|s| (s.line, s.value.as_str()));
        assert_eq!(at("a"), Some((3, "https://d/start")));
        assert_eq!(at("b"), Some((7, "https://b/two")));
        assert_eq!(at("c"), Some((3, "https://d/start")));
        assert_eq!(at("DEFAULT"), None);
        let b = c.start_url_line("b").unwrap();
        assert_eq!(b.excerpt.text, b"sso_start_url = https://b/two");
        assert_eq!((b.excerpt.span.clone(), b.excerpt.column), (0..29, 1));
        assert_eq!(read("[a]\nregion = r\n").start_url_line("a"), None);
    }

    #[test]
    fn a_profiles_regions_are_its_sections_else_defaults() {
        let c = read(
            "[DEFAULT]\nRegion = d\n[a]\nsso_region = s\nregion = r\nregion = last\n[b]\n\
             [c]\ns3 =\n  region = nested\n",
        );
        let both = |name| (c.value_of(name, SSO_REGION), c.value_of(name, "region"));
        assert_eq!(both("a"), (Some("s"), Some("last")));
        assert_eq!(both("b"), (None, Some("d")));
        assert_eq!(both("c"), (None, Some("d")));
        assert_eq!(both("other"), (None, None));
    }

    #[test]
    fn a_profiles_session_and_sso_keys_are_its_sections_else_defaults() {
        let c = read(
            "[DEFAULT]\nsso_session = d\n[a]\nSSO_Session = mine\nsso_account_id = 1\n[b]\n\
             sso_role_name = R\n[c]\ns3 =\n  sso_session = nested\n",
        );
        let sessions: Vec<_> = (c.names())
            .map(|n| (n, c.value_of(n, SSO_SESSION)))
            .collect();
        assert_eq!(
            sessions,
            [("a", Some("mine")), ("b", Some("d")), ("c", Some("d"))]
        );
        assert_eq!(c.legacy_keys_of("a"), [SSO_ACCOUNT_ID]);
        assert_eq!(
            (
                c.value_of("a", SSO_ACCOUNT_ID),
                c.value_of("a", SSO_ROLE_NAME)
            ),
            (Some("1"), None)
        );
        assert_eq!(
            (
                c.value_of("b", SSO_ACCOUNT_ID),
                c.value_of("b", SSO_ROLE_NAME)
            ),
            (None, Some("R"))
        );
        assert_eq!(c.legacy_keys_of("b"), [SSO_ROLE_NAME]);
        assert!(c.gives("a", SSO_SESSION) && c.gives("a", SSO_ACCOUNT_ID));
        assert!(!c.gives("a", SSO_ROLE_NAME) && !c.gives("a", "region"));
        assert_eq!(read("[a]\nregion = r\n").value_of("a", SSO_SESSION), None);
    }

    /// A role's keys are kept as a section's (or `[DEFAULT]`'s) values: botocore assumes a
    /// role the credentials file gives before it looks at any SSO key.
    #[test]
    fn a_profiles_role_keys_are_its_sections_else_defaults() {
        let c = read(
            "[DEFAULT]\ncredential_source = Environment\n[a]\nRole_Arn = arn:a\n\
             source_profile = base\n[b]\nrole_arn = arn:b\nweb_identity_token_file = /t\n[c]\n",
        );
        let role = |name| {
            [
                ROLE_ARN,
                ROLE_SOURCE_KEYS[0],
                ROLE_SOURCE_KEYS[1],
                ROLE_SOURCE_KEYS[2],
            ]
            .map(|k| c.value_of(name, k))
        };
        let env = Some("Environment");
        assert_eq!(role("a"), [Some("arn:a"), Some("base"), env, None]);
        assert_eq!(role("b"), [Some("arn:b"), None, env, Some("/t")]);
        assert_eq!(role("c"), [None, None, env, None]);
    }

    /// A key whose value is not kept is a caller's mistake, not "not set".
    #[test]
    #[should_panic(expected = "no value of `aws_secret_access_key` is kept")]
    fn a_value_not_kept_is_asked_for_in_vain() {
        read("[a]\naws_secret_access_key = x\n").value_of("a", PRESENT_KEYS[1]);
    }

    /// What a role's source may have credentials with, its own or `[DEFAULT]`'s: the keys
    /// whose presence is kept and those whose values are.
    #[test]
    fn a_sources_credential_keys_are_known_set() {
        let c = read(
            "[DEFAULT]\nlogin_session = arn:aws:iam::1:user/u\n[key]\naws_access_key_id = a\n\
             [secret]\naws_secret_access_key = s\n[helper]\ncredential_process = run\n",
        );
        let sets = |name| PRESENT_KEYS.map(|k| c.sets(name, k));
        assert_eq!(sets("key"), [true, false, true]);
        assert_eq!(sets("secret"), [false, true, true]);
        assert!(c.sets("helper", CREDENTIAL_PROCESS) && !c.sets("key", CREDENTIAL_PROCESS));
        assert!(!c.sets("nobody", "login_session"));
    }

    #[test]
    #[should_panic(expected = "no value of `expiration` is kept")]
    fn a_key_nothing_is_kept_of_is_asked_for_in_vain() {
        read("[a]\nexpiration = x\n").sets("a", "expiration");
    }

    /// A session token alone gives a role's source nothing (botocore's static key providers
    /// answer for the access key ID): nothing of it is kept, and asking is a bug.
    #[test]
    #[should_panic(expected = "no value of `aws_session_token` is kept")]
    fn a_session_token_is_not_asked_for() {
        read("[a]\naws_session_token = t\n").sets("a", "aws_session_token");
    }

    #[test]
    fn nested_keys_comments_and_lines_before_a_section_set_nothing() {
        let c = read("sso_region = a\n[dev]\ns3 =\n  sso_region = b\n# sso_region = c\n");
        assert_eq!(c.keys_of("dev"), None);
    }
}
