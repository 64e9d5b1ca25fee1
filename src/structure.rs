//! The two-layer structure of a config after its migration: each sso-session with the profiles
//! that use it, then the profiles that use no session (skipped legacy ones with their reason,
//! static keys, role chains with their `source_profile`). What `--format tree` and
//! `--format mermaid` draw.
//!
//! Pure: built from the migrated document as botocore reads it, with the shared credentials file
//! read with it (botocore merges a section there over the profile of its name, so a profile may
//! get its keys there), and from the plan that produced it. It works the same on a file that
//! needed no change: then every session is `Existing`.

use std::sync::OnceLock;

use crate::hash::HashMap;

use crate::aws::chains::{Chains, RoleGraph};
use crate::aws::credentials::{
    CredentialsProfiles, KeysFrom, KeysProvider, ROLE_ARN, ROLE_SOURCE_KEYS, RoleRefusal,
};
use crate::aws::{
    Config, LEGACY_SSO_KEYS, SSO_ACCOUNT_ID, SSO_REGION, SSO_ROLE_NAME, SSO_SESSION, SSO_START_URL,
};
use crate::plan::{Plan, SessionOrigin, SkipReason};

/// Sessions in file order, each with its profiles, then the profiles without a session: the
/// config's in file order, then those only the credentials file has, in name order. Its text is
/// borrowed from the migrated config, the credentials file and the plan (`'a`): a node holds no
/// copy of a value. A profile is kept as its place (its section's number, or past the sections
/// for the credentials file's own) and its node made as it is drawn: a file may have a million
/// profiles, and their nodes would take over a hundred bytes each.
#[derive(Debug, Clone)]
pub struct Structure<'a> {
    pub sessions: Vec<SessionNode<'a>>,
    /// The places of the profiles that use no session.
    without_session: Vec<u32>,
    after: &'a Config<'a>,
    /// The shared credentials file read with it.
    credentials: &'a CredentialsProfiles,
    /// The profiles of both files as nodes of their role chains, whose numbers are the places.
    graph: RoleGraph<'a>,
    /// Why the migration left each profile it skipped alone, by name.
    skipped: HashMap<&'a str, &'a SkipReason>,
    /// Every profile's `source_profile` chain, whose nodes are the places: followed once, where
    /// a profile's role is first drawn.
    chains: OnceLock<Chains>,
    /// The file's sessions by name: their index in `sessions`.
    session_index: HashMap<&'a str, usize>,
    /// Whether each place's profile gives credentials as a role's source
    /// ([`Structure::source_gives_credentials`]): worked out once for every place, where a role is
    /// first drawn.
    sources: OnceLock<Vec<bool>>,
}

#[derive(Debug, Clone)]
pub struct SessionNode<'a> {
    pub name: &'a str,
    pub start_url: Option<&'a str>,
    pub sso_region: Option<&'a str>,
    pub state: SessionState,
    /// The places of the profiles that name it.
    profiles: Vec<u32>,
}

impl SessionNode<'_> {
    /// Whether some profile uses it.
    pub fn is_used(&self) -> bool {
        !self.profiles.is_empty()
    }
}

/// Where a session comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Written by this migration.
    New,
    /// Already in the file, and this migration moves profiles into it.
    Reused,
    /// Already in the file; this migration does not touch it.
    Existing,
}

#[derive(Debug, Clone)]
pub struct ProfileNode<'a> {
    pub name: &'a str,
    pub account: Option<&'a str>,
    /// Its `sso_role_name`.
    pub role: Option<&'a str>,
    pub region: Option<&'a str>,
    pub kind: ProfileKind<'a>,
    /// Why the migration left this profile as it is, if it did.
    pub skipped: Option<&'a SkipReason>,
    /// Only the credentials file has it.
    pub credentials_only: bool,
    /// Drawn under the session it names, it gets no credentials through that session
    /// ([`ProfileKind::passes_over_session`]).
    pub session_unused: bool,
    /// The session it names, which the file does not have, where its kind is not
    /// [`ProfileKind::MissingSession`]: botocore assumes its role first, or its SSO provider
    /// passes over it (neither account nor role) to what the providers after it find.
    pub lost_session: Option<&'a str>,
}

/// How a profile gets its credentials, as far as the tree shows it. A profile under a session
/// is of one of the first three kinds, or a role: then it names the session but gets no
/// credentials through it ([`ProfileKind::passes_over_session`]), as botocore assumes its role
/// first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileKind<'a> {
    /// Through an sso-session (the profile sits under it), with its account and role.
    Session,
    /// Under the session it names, with neither of the keys that make botocore's SSO provider
    /// answer for it (`sso_account_id`, `sso_role_name`; an inline `sso_start_url` or
    /// `sso_region` does not) and nothing the providers after it read (static keys, a
    /// `credential_process`): it gives no credentials, and serves `aws sso login --profile`
    /// alone. With those, it is drawn under its session as what they give
    /// ([`ProfileKind::passes_over_session`]).
    LoginOnly,
    /// Under the session it names, with one of `sso_account_id` and `sso_role_name` and not the
    /// other (`true` where missing): botocore's SSO provider refuses it.
    SessionLacks { account: bool, role: bool },
    /// `sso_session` naming a session that does not exist, with the account or the role:
    /// botocore's SSO provider refuses the profile.
    MissingSession { session: &'a str },
    /// Legacy inline SSO settings, left as they are, with all four keys botocore's SSO provider
    /// needs (it answers for a profile with the account or the role; without both, it passes
    /// over the profile).
    LegacySso { start_url: &'a str, from: KeysFrom },
    /// Inline SSO settings with the account or the role, lacking others of the four keys
    /// botocore's SSO provider then needs (`start_url` where it has one): the provider refuses
    /// the profile, before any static keys or helper.
    LegacySsoLacks {
        start_url: Option<&'a str>,
        lacks: LegacyKeysLacking,
    },
    /// `aws_access_key_id` with `aws_secret_access_key` in the same file.
    StaticKeys { from: KeysFrom },
    /// `aws_access_key_id` without `aws_secret_access_key` in the same file: botocore's provider
    /// of that file refuses the profile (`Partial credentials found in …, missing:
    /// aws_secret_access_key`).
    PartialStaticKeys { from: KeysFrom },
    /// `role_arn` assumed from another profile.
    RoleChain {
        role_arn: &'a str,
        source_profile: &'a str,
    },
    /// `role_arn` with `credential_source` (the environment, an instance or container role).
    RoleFromSource {
        role_arn: &'a str,
        credential_source: &'a str,
    },
    /// `role_arn` assumed with a web identity token (`web_identity_token_file`).
    RoleWithWebIdentity {
        role_arn: &'a str,
        token_file: &'a str,
    },
    /// `role_arn` that botocore cannot assume: it refuses the profile.
    RoleRefused { role_arn: &'a str, why: RoleRefusal },
    /// `role_arn` assumed through a `source_profile` chain that comes back to a profile it
    /// visited: botocore refuses the profile (`Infinite loop in credential configuration
    /// detected.`).
    RoleLoop {
        role_arn: &'a str,
        source_profile: &'a str,
    },
    /// `role_arn` assumed from a `source_profile` that neither file has: botocore refuses the
    /// profile (`The source_profile "…" referenced in the profile "…" does not exist.`).
    RoleSourceMissing {
        role_arn: &'a str,
        source_profile: &'a str,
    },
    /// `role_arn` assumed from a `source_profile` that gives no credentials when botocore
    /// resolves it as a source: none of its providers has any (`The source profile "…" must
    /// have credentials.`), or it is refused itself, or a source further down its chain is.
    /// botocore refuses the profile.
    RoleSourceWithoutCredentials {
        role_arn: &'a str,
        source_profile: &'a str,
    },
    /// `login_session` (the credentials `aws login` caches for it): botocore's login provider
    /// answers for the profile after the credentials file's static keys and before any
    /// `credential_process` or the config's static keys.
    LoginSession { from: KeysFrom },
    /// `credential_process`.
    CredentialProcess { from: KeysFrom },
    /// Settings only (region, output): credentials come from elsewhere.
    Other,
}

impl ProfileKind<'_> {
    /// Whether a profile `name` of this kind, drawn under the session it names, gets no
    /// credentials through that session: botocore assumes its role first, or (static keys, a
    /// helper) its SSO provider passes over a profile with neither account nor role. A role
    /// whose `source_profile` is the profile itself is not one: the AWS SDK for Rust takes that
    /// source's credentials from the profile's own settings (botocore refuses the loop).
    pub fn passes_over_session(&self, name: &str) -> bool {
        match self {
            ProfileKind::RoleChain { source_profile, .. }
            | ProfileKind::RoleLoop { source_profile, .. } => *source_profile != name,
            ProfileKind::StaticKeys { .. }
            | ProfileKind::PartialStaticKeys { .. }
            | ProfileKind::LoginSession { .. }
            | ProfileKind::CredentialProcess { .. }
            | ProfileKind::RoleFromSource { .. }
            | ProfileKind::RoleWithWebIdentity { .. }
            | ProfileKind::RoleRefused { .. }
            | ProfileKind::RoleSourceMissing { .. }
            | ProfileKind::RoleSourceWithoutCredentials { .. } => true,
            _ => false,
        }
    }

    /// Whether a profile of this kind, met past the first profile of a role's chain where it
    /// has no role to assume (or static keys beside it), gives credentials: botocore's
    /// providers of a source (`ProfileProviderBuilder.providers`) find some. A session or legacy
    /// profile that lacks a key, or one that names no session of the file, is refused; one for
    /// `aws sso login` alone and one of settings only have none.
    fn gives_credentials(&self) -> bool {
        matches!(
            self,
            ProfileKind::Session
                | ProfileKind::LegacySso { .. }
                | ProfileKind::StaticKeys { .. }
                | ProfileKind::LoginSession { .. }
                | ProfileKind::CredentialProcess { .. }
        )
    }

    /// Whether it names the credentials file as where the profile's keys come from.
    pub fn keys_from_credentials_file(&self) -> bool {
        matches!(
            self,
            ProfileKind::LegacySso {
                from: KeysFrom::CredentialsFile,
                ..
            } | ProfileKind::StaticKeys {
                from: KeysFrom::CredentialsFile
            } | ProfileKind::PartialStaticKeys {
                from: KeysFrom::CredentialsFile
            } | ProfileKind::LoginSession {
                from: KeysFrom::CredentialsFile
            } | ProfileKind::CredentialProcess {
                from: KeysFrom::CredentialsFile
            }
        )
    }
}

/// Which of [`LEGACY_SSO_KEYS`] a profile lacks (`true` where missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegacyKeysLacking(pub [bool; 4]);

impl LegacyKeysLacking {
    /// The keys lacking, in [`LEGACY_SSO_KEYS`]' order.
    pub fn keys(self) -> impl Iterator<Item = &'static str> {
        (LEGACY_SSO_KEYS.into_iter().zip(self.0)).filter_map(|(k, lacks)| lacks.then_some(k))
    }
}

/// Builds the structure of `after` (the migrated file) for `plan`, read with `credentials`.
pub fn build<'a>(
    after: &'a Config<'a>,
    plan: &'a Plan,
    credentials: &'a CredentialsProfiles,
) -> Structure<'a> {
    // Looked up once per section: a linear search each would make a large file quadratic. Only
    // where each session comes from is looked up, not the whole session read from the plan.
    let planned: HashMap<&str, SessionOrigin> =
        (plan.sessions.iter()).map(|s| (s.name, s.origin)).collect();
    let skipped: HashMap<&str, &SkipReason> = plan
        .skipped
        .iter()
        .map(|s| (s.profile.as_str(), &s.reason))
        .collect();
    let mut sessions = Vec::new();
    let mut session_index: HashMap<&str, usize> = HashMap::default();
    for (sec, _) in after.session_sections() {
        let name = after.session_name(sec).unwrap_or_default();
        session_index.insert(name, sessions.len());
        let state = match planned.get(name) {
            Some(SessionOrigin::New { .. }) => SessionState::New,
            Some(SessionOrigin::Existing { .. }) => SessionState::Reused,
            None => SessionState::Existing,
        };
        sessions.push(SessionNode {
            start_url: after.own(sec, SSO_START_URL).map(|p| p.value),
            sso_region: after.own(sec, SSO_REGION).map(|p| p.value),
            name,
            state,
            profiles: Vec::new(),
        });
    }
    // A profile's place is its node in the role graph: its section, or past the sections for
    // one only the credentials file has.
    let graph = RoleGraph::new(after, credentials);
    let config_profiles = (after.profile_sections()).map(|(sec, _)| (Some(sec), sec));
    let credentials_only = graph.credentials_only().map(|(node, _)| (None, node));
    let mut without_session = Vec::new();
    for (sec, node) in config_profiles.chain(credentials_only) {
        let name = graph.name(node).unwrap_or_default();
        let place = u32::try_from(node).expect("a profile's place fits in u32");
        let session = credentials.merged(after, sec, name, SSO_SESSION);
        match session.and_then(|s| session_index.get(s)) {
            Some(&i) => sessions[i].profiles.push(place),
            None => without_session.push(place),
        }
    }
    Structure {
        sessions,
        without_session,
        after,
        credentials,
        graph,
        skipped,
        chains: OnceLock::new(),
        session_index,
        sources: OnceLock::new(),
    }
}

impl<'a> Structure<'a> {
    /// The profiles that name `session`, in file order, then those only the credentials file
    /// has.
    pub fn profiles_of<'s>(
        &'s self,
        session: &'s SessionNode<'a>,
    ) -> impl ExactSizeIterator<Item = ProfileNode<'a>> + 's {
        (session.profiles.iter()).map(|&place| self.node(place, true))
    }

    /// The profiles that use no session, in file order, then those only the credentials file
    /// has: a profile whose `sso_session` names none in the file is one of them.
    pub fn profiles_without_session(&self) -> impl ExactSizeIterator<Item = ProfileNode<'a>> + '_ {
        (self.without_session.iter()).map(|&place| self.node(place, false))
    }

    /// The names of the profiles in the order they are drawn: those of each session, then those
    /// that use none. Without making their nodes.
    pub fn profile_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        (self.sessions.iter())
            .flat_map(|session| &session.profiles)
            .chain(&self.without_session)
            .map(|&place| self.profile_at(place).1)
    }

    /// Whether some profile uses no session.
    pub fn has_profiles_without_session(&self) -> bool {
        !self.without_session.is_empty()
    }

    /// The profile at `place` (its node in [`RoleGraph`]): its section in the config (`None`
    /// where only the credentials file has it) and its name.
    fn profile_at(&self, place: u32) -> (Option<usize>, &'a str) {
        let node = place as usize;
        let sec = self.graph.in_config(node).then_some(node);
        (sec, self.graph.name(node).unwrap_or_default())
    }

    /// The node of the profile at `place`, which names a session of the file or not.
    fn node(&self, place: u32, under_session: bool) -> ProfileNode<'a> {
        let (sec, name) = self.profile_at(place);
        // botocore takes the credentials file's values over the config's.
        let merged = |k: &str| self.credentials.merged(self.after, sec, name, k);
        let kind = self.kind(place, name, under_session);
        ProfileNode {
            name,
            account: merged(SSO_ACCOUNT_ID),
            role: merged(SSO_ROLE_NAME),
            region: merged("region"),
            session_unused: under_session && kind.passes_over_session(name),
            lost_session: match kind {
                ProfileKind::MissingSession { .. } => None,
                _ => merged(SSO_SESSION).filter(|_| !under_session),
            },
            kind,
            skipped: self.skipped.get(name).copied(),
            credentials_only: sec.is_none(),
        }
    }

    /// Whether the `source_profile` chain from the profile at `place` comes back to a profile
    /// it visited, as botocore follows it ([`Chains::loop_from`]).
    fn loops(&self, place: u32) -> bool {
        let chains = self.chains.get_or_init(|| self.graph.chains());
        chains.loop_from(place as usize).is_some()
    }

    /// How profile `name` (at `place`) gets its credentials, in the order of
    /// botocore's providers (`create_credential_resolver`, `ProfileProviderBuilder.providers`)
    /// over the two files merged: a role (assumed, with a web identity token, or refused: no
    /// source, two, a missing one, a chain that loops, or a source with no credentials), then
    /// what the providers after the roles find ([`Structure::provided`]).
    fn kind(&self, place: u32, name: &'a str, under_session: bool) -> ProfileKind<'a> {
        let sec = self.profile_at(place).0;
        let merged = |k: &str| self.credentials.merged(self.after, sec, name, k);
        let [source_profile, credential_source, token_file] = ROLE_SOURCE_KEYS.map(merged);
        let Some(role_arn) = merged(ROLE_ARN) else {
            return self.provided(sec, name, under_session);
        };
        match (token_file, source_profile, credential_source) {
            (Some(token_file), ..) => ProfileKind::RoleWithWebIdentity {
                role_arn,
                token_file,
            },
            (None, Some(source_profile), None) => match self.graph.node(source_profile) {
                None => ProfileKind::RoleSourceMissing {
                    role_arn,
                    source_profile,
                },
                Some(_) if self.loops(place) => ProfileKind::RoleLoop {
                    role_arn,
                    source_profile,
                },
                Some(source) if !self.source_gives_credentials(source) => {
                    ProfileKind::RoleSourceWithoutCredentials {
                        role_arn,
                        source_profile,
                    }
                }
                Some(_) => ProfileKind::RoleChain {
                    role_arn,
                    source_profile,
                },
            },
            (None, None, Some(credential_source)) => ProfileKind::RoleFromSource {
                role_arn,
                credential_source,
            },
            (None, None, None) => ProfileKind::RoleRefused {
                role_arn,
                why: RoleRefusal::NoSource,
            },
            (None, Some(_), Some(_)) => ProfileKind::RoleRefused {
                role_arn,
                why: RoleRefusal::BothSources,
            },
        }
    }

    /// How profile `name` (its section `sec`, if the config has it) gets its credentials from
    /// the providers after the roles': the SSO provider (`Session` where the profile names a
    /// session of the file, `under_session`; legacy SSO), then those after it
    /// ([`Structure::provided_by_keys`]). botocore's SSO provider answers only for a profile
    /// with the account or the role (`SSOProvider._PROFILE_REQUIRED_CONFIG_VARS`), and then
    /// needs the rest; it passes over one with neither, whatever session, start URL or region
    /// it has.
    fn provided(&self, sec: Option<usize>, name: &'a str, under_session: bool) -> ProfileKind<'a> {
        let merged = |k: &str| self.credentials.merged(self.after, sec, name, k);
        let [account, role] = [SSO_ACCOUNT_ID, SSO_ROLE_NAME].map(|k| merged(k).is_some());
        // A session named by either file: the profile logs in through it, not with a start URL.
        if let Some(session) = merged(SSO_SESSION) {
            if !under_session {
                // The provider looks the session up only for a profile it answers for.
                return match account || role {
                    true => ProfileKind::MissingSession { session },
                    false => self.provided_by_keys(sec, name),
                };
            }
            return match (account, role) {
                (true, true) => ProfileKind::Session,
                (false, false) => match self.provided_by_keys(sec, name) {
                    // Nothing after it either: the session serves `aws sso login` alone.
                    ProfileKind::Other => ProfileKind::LoginOnly,
                    keys => keys,
                },
                _ => ProfileKind::SessionLacks {
                    account: !account,
                    role: !role,
                },
            };
        }
        if !(account || role) {
            return self.provided_by_keys(sec, name);
        }
        let lacks = LEGACY_SSO_KEYS.map(|k| merged(k).is_none());
        match self.credentials.legacy_portal(self.after, sec, name) {
            Some(p) if !lacks.contains(&true) => ProfileKind::LegacySso {
                start_url: p.start_url,
                from: match p.in_credentials_file {
                    true => KeysFrom::CredentialsFile,
                    false => KeysFrom::Config,
                },
            },
            p => ProfileKind::LegacySsoLacks {
                start_url: p.map(|p| p.start_url),
                lacks: LegacyKeysLacking(lacks),
            },
        }
    }

    /// How profile `name` (its section `sec`, if the config has it) gets its credentials from
    /// the providers after the SSO provider
    /// ([`CredentialsProfiles::keys_provider`]: static keys, a `login_session`, a
    /// `credential_process`, in botocore's order).
    fn provided_by_keys(&self, sec: Option<usize>, name: &'a str) -> ProfileKind<'a> {
        let config_has = |k: &str| sec.is_some_and(|sec| self.after.get(sec, k).is_some());
        match self.credentials.keys_provider(name, config_has) {
            Some(KeysProvider::StaticKeys { from, secret: true }) => {
                ProfileKind::StaticKeys { from }
            }
            Some(KeysProvider::StaticKeys {
                from,
                secret: false,
            }) => ProfileKind::PartialStaticKeys { from },
            Some(KeysProvider::Login { from }) => ProfileKind::LoginSession { from },
            Some(KeysProvider::Process { from }) => ProfileKind::CredentialProcess { from },
            None => ProfileKind::Other,
        }
    }

    /// Whether the profile at `place` gives credentials when botocore resolves it as a role's
    /// source (`AssumeRoleProvider._resolve_credentials_from_profile`): with a web identity
    /// token, it does; one that assumes a role and has no static keys (which botocore takes
    /// first) gives what its own source gives, from `credential_source` it does, and with no
    /// source, two, or a missing one it is refused; any other is read by the providers after the
    /// roles ([`Structure::provided`], [`ProfileKind::gives_credentials`]), where the SSO
    /// provider needs all four keys of a legacy profile. A chain that comes back round gives
    /// none.
    fn source_gives_credentials(&self, place: usize) -> bool {
        self.sources.get_or_init(|| self.sources_give())[place]
    }

    /// [`Structure::source_gives_credentials`] of every place, each followed once: the places
    /// of a chain take the answer of the place it ends at.
    fn sources_give(&self) -> Vec<bool> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Unknown,
            OnPath,
            Known(bool),
        }
        let mut state = vec![State::Unknown; self.graph.node_count()];
        let mut path = Vec::new();
        for start in 0..state.len() {
            let mut i = start;
            let gives = loop {
                match state[i] {
                    State::Known(gives) => break gives,
                    // Come back round: botocore's `InfiniteLoopConfigError`.
                    State::OnPath => break false,
                    State::Unknown => {}
                }
                match self.source_step(i) {
                    SourceStep::Gives(gives) => break gives,
                    SourceStep::Through(next) => {
                        state[i] = State::OnPath;
                        path.push(i);
                        i = next;
                    }
                }
            };
            state[i] = State::Known(gives);
            for j in path.drain(..) {
                state[j] = State::Known(gives);
            }
        }
        (state.into_iter())
            .map(|s| s == State::Known(true))
            .collect()
    }

    /// What botocore makes of the profile at `place` as a role's source, before its own source.
    fn source_step(&self, place: usize) -> SourceStep {
        let Some(name) = self.graph.name(place) else {
            return SourceStep::Gives(false);
        };
        let sec = self.graph.in_config(place).then_some(place);
        let merged = |k: &str| self.credentials.merged(self.after, sec, name, k);
        // A role, unless its static keys come first: refused, assumed from its source, or a
        // root provider (`credential_source`, a web identity token).
        if merged(ROLE_ARN).is_some() && !self.graph.keyed(place) {
            if RoleRefusal::of(|k| merged(k).is_some()).is_some() {
                return SourceStep::Gives(false);
            }
            return match self.graph.source(place) {
                Some(source) => {
                    (self.graph.node(source)).map_or(SourceStep::Gives(false), SourceStep::Through)
                }
                None => SourceStep::Gives(true),
            };
        }
        let under_session = merged(SSO_SESSION).is_some_and(|s| self.session_index.contains_key(s));
        SourceStep::Gives(self.provided(sec, name, under_session).gives_credentials())
    }
}

/// What botocore makes of a profile as a role's source, before its own source: whether it gives
/// credentials, or the place of the source its role is assumed from.
enum SourceStep {
    Gives(bool),
    Through(usize),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;
    use crate::plan::PlanOptions;

    #[test]
    fn profiles_hang_off_their_sessions() {
        let src = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = \
                   us-east-1\nsso_account_id = 1\nsso_role_name = R\nregion = eu-west-1\n\
                   [profile b]\nrole_arn = arn:aws:iam::2:role/X\nsource_profile = a\n\
                   [profile c]\naws_access_key_id = AKIA\naws_secret_access_key = S\n\
                   [profile d]\nsso_start_url = START\nsso_region = us-east-1\nsso_account_id = 1\n\
                   sso_role_name = R\n";
        let m = crate::migrate::migrate(src, &PlanOptions::default()).unwrap();
        let cfg = Config::read(m.rewritten());
        let s = build(&cfg, &m.plan, &m.credentials);
        assert_eq!(s.sessions.len(), 1);
        assert_eq!(s.sessions[0].name, "acme");
        assert_eq!(s.sessions[0].state, SessionState::New);
        // The names in the order the nodes are drawn, without the nodes.
        let drawn: Vec<&str> = (s.sessions.iter())
            .flat_map(|session| s.profiles_of(session))
            .chain(s.profiles_without_session())
            .map(|p| p.name)
            .collect();
        assert_eq!(drawn, ["a", "b", "c", "d"]);
        assert_eq!(s.profile_names().collect::<Vec<_>>(), drawn);
        let a = &s.profiles_of(&s.sessions[0]).next().unwrap();
        assert_eq!(
            (a.name, a.account, a.region),
            ("a", Some("1"), Some("eu-west-1"))
        );
        let without: Vec<ProfileNode> = s.profiles_without_session().collect();
        let kinds: Vec<&ProfileKind> = without.iter().map(|p| &p.kind).collect();
        assert!(
            matches!(kinds[0], ProfileKind::RoleChain { source_profile, .. } if *source_profile == "a")
        );
        let config = KeysFrom::Config;
        assert_eq!(kinds[1], &ProfileKind::StaticKeys { from: config });
        assert!(matches!(kinds[2], ProfileKind::LegacySso { .. }));
        assert!(matches!(
            without[2].skipped,
            Some(SkipReason::StartUrl { .. })
        ));
        // The same file again: nothing is new any more.
        let again = Document::parse(m.rewritten().bytes().to_vec());
        let (again, none) = (Config::read(&again), Plan::default());
        let s = build(&again, &none, &m.credentials);
        assert_eq!(s.sessions[0].state, SessionState::Existing);
    }

    /// A profile whose keys the credentials file gives gets its credentials from them, as
    /// botocore merges that file's section over it: its static keys before any
    /// `credential_process`, and that before the config's static keys.
    #[test]
    fn a_profiles_keys_may_come_from_the_credentials_file() {
        let src = "[default]\nregion = r\n[profile legacy]\n[profile session]\n\
                   [profile helped]\naws_access_key_id = A\n\
                   aws_secret_access_key = S\n[profile both]\n\
                   aws_access_key_id = A\naws_secret_access_key = S\ncredential_process = p\n\
                   [profile mine]\n\
                   sso_start_url = https://mine/start\nsso_region = r\nsso_account_id = 1\n\
                   sso_role_name = R\n[profile nothing]\n";
        let credentials = "[default]\naws_access_key_id = A\naws_secret_access_key = S\nregion = c-r\n\
                           [legacy]\nsso_start_url = https://c/start\nsso_region = r\n\
                           sso_account_id = 1\nsso_role_name = R\n\
                           [session]\nsso_start_url = https://c/start\nsso_session = s\n\
                           sso_account_id = 1\n\
                           [helped]\ncredential_process = q\n[mine]\n\
                           sso_start_url = https://theirs/start\n[elsewhere]\n\
                           aws_access_key_id = A\naws_secret_access_key = S\n";
        let credentials = CredentialsProfiles::read("c".into(), credentials.into());
        let doc = Document::parse(src);
        let (cfg, plan) = (Config::read(&doc), Plan::default());
        let s = build(&cfg, &plan, &credentials);
        let nodes: Vec<ProfileNode> = s.profiles_without_session().collect();
        // The credentials file's region over the config's, as botocore merges them.
        assert_eq!((nodes[0].region, nodes[1].region), (Some("c-r"), None));
        let kinds: Vec<(&str, ProfileKind)> = nodes.into_iter().map(|p| (p.name, p.kind)).collect();
        let (config, theirs) = (KeysFrom::Config, KeysFrom::CredentialsFile);
        let legacy = |start_url, from| ProfileKind::LegacySso { start_url, from };
        assert_eq!(
            kinds,
            [
                ("default", ProfileKind::StaticKeys { from: theirs }),
                ("legacy", legacy("https://c/start", theirs)),
                // A session the file names, which the config does not have.
                ("session", ProfileKind::MissingSession { session: "s" }),
                ("helped", ProfileKind::CredentialProcess { from: theirs }),
                ("both", ProfileKind::CredentialProcess { from: config }),
                // Set in both files: the credentials file's, which botocore merges over.
                ("mine", legacy("https://theirs/start", theirs)),
                ("nothing", ProfileKind::Other),
                // Only the credentials file has it: drawn after the config's.
                ("elsewhere", ProfileKind::StaticKeys { from: theirs }),
            ]
        );
        // Without the file, the config's keys alone.
        let none = CredentialsProfiles::default();
        let s = build(&cfg, &plan, &none);
        let kinds: Vec<ProfileKind> = s.profiles_without_session().map(|p| p.kind).collect();
        assert_eq!(kinds[0], ProfileKind::Other);
        assert_eq!(kinds[3], ProfileKind::StaticKeys { from: config });
        assert_eq!(kinds[5], legacy("https://mine/start", config));
        // A role comes first, and a web identity token before a source.
        let src = "[profile chained]\nrole_arn = R\nsource_profile = web\nsso_start_url = U\n\
                   [profile web]\nrole_arn = W\nweb_identity_token_file = T\n\
                   source_profile = x\n";
        let doc = Document::parse(src);
        let cfg = Config::read(&doc);
        let s = build(&cfg, &plan, &credentials);
        let kinds: Vec<ProfileKind> = s.profiles_without_session().map(|p| p.kind).collect();
        let (role_arn, source_profile) = ("R", "web");
        let chained = ProfileKind::RoleChain {
            role_arn,
            source_profile,
        };
        let (role_arn, token_file) = ("W", "T");
        let web = ProfileKind::RoleWithWebIdentity {
            role_arn,
            token_file,
        };
        // (The credentials file's own profiles follow.)
        assert_eq!(kinds[..2], [chained, web]);
    }

    /// The credentials file's `sso_session` is the one botocore logs a profile in through, over
    /// the config's session and legacy keys: the profile hangs off that session.
    #[test]
    fn a_profiles_session_may_come_from_the_credentials_file() {
        let src = "[sso-session s]\nsso_start_url = https://s/start\n[sso-session t]\n\
                   sso_start_url = https://t/start\n[profile keys-only]\nsso_account_id = 1\n\
                   [profile moved]\nsso_session = t\n[profile legacy]\n\
                   sso_start_url = https://l/start\n[profile plain]\nsso_session = t\n";
        let credentials = "[keys-only]\nsso_session = s\nSSO_Role_Name = Theirs\n\
                           [moved]\nSSO_Session = s\n\
                           [legacy]\nsso_session = s\n";
        let credentials = CredentialsProfiles::read("c".into(), credentials.into());
        let doc = Document::parse(src);
        let (cfg, plan) = (Config::read(&doc), Plan::default());
        let s = build(&cfg, &plan, &credentials);
        let names = |session| -> Vec<&str> {
            s.profiles_of(&s.sessions[session])
                .map(|p| p.name)
                .collect()
        };
        assert_eq!(names(0), ["keys-only", "moved", "legacy"]);
        // Its account from the config, its role from the credentials file.
        let first = s.profiles_of(&s.sessions[0]).next().unwrap();
        assert_eq!((first.account, first.role), (Some("1"), Some("Theirs")));
        assert_eq!(names(1), ["plain"]);
        assert!(!s.has_profiles_without_session());
        // Without the file, the config's sessions and keys.
        let none = CredentialsProfiles::default();
        let s = build(&cfg, &plan, &none);
        let names: Vec<Vec<&str>> = (s.sessions.iter())
            .map(|session| s.profiles_of(session).map(|p| p.name).collect())
            .collect();
        assert_eq!(names, [vec![], vec!["moved", "plain"]]);
    }

    /// botocore assumes a profile's role before it looks at its session: such a profile stays
    /// under the session it names, drawn as the role; a role botocore cannot assume (no source,
    /// two, or one neither file has) is drawn as refused; and a role the credentials file gives
    /// is one too.
    #[test]
    fn a_role_comes_before_a_session() {
        let src = "[sso-session s]\nsso_start_url = https://s/start\n\
                   [profile chained]\nsso_session = s\nrole_arn = R\nsource_profile = base\n\
                   [profile bare]\nsso_session = s\nrole_arn = R\n\
                   [profile plain]\nsso_session = s\nsso_role_name = Admin\n\
                   [profile whole]\nsso_session = s\nsso_role_name = Admin\nsso_account_id = 1\n\
                   [profile hybrid]\nsso_session = s\nsso_region = r\n\
                   [profile both]\nrole_arn = R\nsource_profile = base\ncredential_source = Ec2InstanceMetadata\n\
                   [profile lost]\nsso_session = gone\nrole_arn = R\ncredential_source = Environment\n\
                   [profile nowhere]\nrole_arn = R\nsource_profile = nobody\n\
                   [profile ring]\nrole_arn = R\nsource_profile = ring\n\
                   [profile via-theirs]\nrole_arn = R\nsource_profile = theirs\n\
                   [profile theirs]\nsso_session = s\n";
        let credentials = "[theirs]\nrole_arn = T\nsource_profile = base\n[base]\n\
                           aws_access_key_id = A\naws_secret_access_key = S\n\
                           [their-session]\nsso_session = s\n";
        let credentials = CredentialsProfiles::read("c".into(), credentials.into());
        let doc = Document::parse(src);
        let (cfg, plan) = (Config::read(&doc), Plan::default());
        let s = build(&cfg, &plan, &credentials);
        let under: Vec<(&str, ProfileKind, bool)> = (s.profiles_of(&s.sessions[0]))
            .map(|p| (p.name, p.kind, p.credentials_only))
            .collect();
        let chain = |role_arn, source_profile| ProfileKind::RoleChain {
            role_arn,
            source_profile,
        };
        let refused = |why| ProfileKind::RoleRefused { role_arn: "R", why };
        let lacks = |account, role| ProfileKind::SessionLacks { account, role };
        assert_eq!(
            under,
            [
                ("chained", chain("R", "base"), false),
                ("bare", refused(RoleRefusal::NoSource), false),
                // botocore's SSO provider refuses a profile with the account or the role and
                // not both, and passes over one with neither, whatever it has inline.
                ("plain", lacks(true, false), false),
                ("whole", ProfileKind::Session, false),
                ("hybrid", ProfileKind::LoginOnly, false),
                ("theirs", chain("T", "base"), false),
                ("their-session", ProfileKind::LoginOnly, true),
            ]
        );
        let without: Vec<(&str, ProfileKind)> = (s.profiles_without_session())
            .map(|p| (p.name, p.kind))
            .collect();
        let from_credentials = KeysFrom::CredentialsFile;
        assert_eq!(
            without,
            [
                ("both", refused(RoleRefusal::BothSources)),
                // A role from a source is assumed; the missing session is never asked for.
                (
                    "lost",
                    ProfileKind::RoleFromSource {
                        role_arn: "R",
                        credential_source: "Environment"
                    }
                ),
                // A source neither file has: botocore refuses the role.
                (
                    "nowhere",
                    ProfileKind::RoleSourceMissing {
                        role_arn: "R",
                        source_profile: "nobody"
                    }
                ),
                // A chain that comes back round (a profile its own source, without keys), and
                // one that ends (`theirs` is a role from `base`, which has keys).
                (
                    "ring",
                    ProfileKind::RoleLoop {
                        role_arn: "R",
                        source_profile: "ring"
                    }
                ),
                ("via-theirs", chain("R", "theirs")),
                (
                    "base",
                    ProfileKind::StaticKeys {
                        from: from_credentials
                    }
                ),
            ]
        );
        assert!(
            ProfileKind::StaticKeys {
                from: from_credentials
            }
            .keys_from_credentials_file()
        );
        assert!(!ProfileKind::Session.keys_from_credentials_file());
        // A role drawn under its session passes over it, but one that is its own source.
        assert!(chain("R", "base").passes_over_session("chained"));
        assert!(!chain("R", "chained").passes_over_session("chained"));
        assert!(refused(RoleRefusal::NoSource).passes_over_session("bare"));
        assert!(!ProfileKind::Session.passes_over_session("plain"));
        assert!(!ProfileKind::LoginOnly.passes_over_session("their-session"));
        // The names in drawing order, the credentials file's own last.
        let names: Vec<&str> = s.profile_names().collect();
        assert_eq!(
            names,
            [
                "chained",
                "bare",
                "plain",
                "whole",
                "hybrid",
                "theirs",
                "their-session",
                "both",
                "lost",
                "nowhere",
                "ring",
                "via-theirs",
                "base"
            ]
        );
    }

    /// botocore resolves a role's source before it assumes the role: a source with nothing to
    /// give credentials with, or refused itself, or whose own source is, leaves the role
    /// refused; a source's static keys come before its own role, and a web identity token or a
    /// `credential_source` gives credentials.
    #[test]
    fn a_role_whose_source_gives_no_credentials_is_refused() {
        let src = "[sso-session s]\nsso_start_url = https://s/start\n\
                   [profile settings]\nregion = r\n\
                   [profile via-settings]\nrole_arn = R\nsource_profile = settings\n\
                   [profile via-via]\nrole_arn = R\nsource_profile = via-settings\n\
                   [profile keyed]\nrole_arn = K\nsource_profile = nobody\naws_access_key_id = A\n\
                   aws_secret_access_key = S\n\
                   [profile via-keyed]\nrole_arn = R\nsource_profile = keyed\n\
                   [profile via-refused]\nrole_arn = R\nsource_profile = no-source\n\
                   [profile no-source]\nrole_arn = N\n\
                   [profile via-login]\nrole_arn = R\nsource_profile = login\n\
                   [profile via-theirs]\nrole_arn = R\nsource_profile = theirs\n\
                   [profile via-web]\nrole_arn = R\nsource_profile = web\n\
                   [profile web]\nrole_arn = W\nweb_identity_token_file = T\n\
                   [profile via-env]\nrole_arn = R\nsource_profile = env\n\
                   [profile env]\nrole_arn = E\ncredential_source = Environment\n\
                   [profile via-login-keyed]\nrole_arn = R\nsource_profile = login-keyed\n\
                   [profile via-half-legacy]\nrole_arn = R\nsource_profile = half-legacy\n\
                   [profile half-legacy]\nsso_start_url = https://l/start\nsso_region = r\n\
                   [profile via-login-inline]\nrole_arn = R\nsource_profile = login-inline\n\
                   [profile login]\nsso_session = s\n\
                   [profile login-keyed]\nsso_session = s\naws_access_key_id = A\n\
                   aws_secret_access_key = S\n\
                   [profile login-inline]\nsso_session = s\nsso_start_url = https://l/start\n";
        let credentials = "[theirs]\naws_access_key_id = A\naws_secret_access_key = S\n";
        let credentials = CredentialsProfiles::read("c".into(), credentials.into());
        let doc = Document::parse(src);
        let (cfg, plan) = (Config::read(&doc), Plan::default());
        let kinds = |credentials| {
            let s = build(&cfg, &plan, credentials);
            (s.profiles_without_session())
                .filter(|p| p.name.starts_with("via-"))
                .map(|p| match p.kind {
                    ProfileKind::RoleChain { .. } => (p.name, "assumed"),
                    ProfileKind::RoleSourceWithoutCredentials { .. } => (p.name, "no credentials"),
                    ProfileKind::RoleSourceMissing { .. } => (p.name, "missing"),
                    _ => (p.name, "other"),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(&credentials),
            [
                ("via-settings", "no credentials"),
                // Two links down: via-settings gives none.
                ("via-via", "no credentials"),
                // Its source's own role is refused, and its keys are taken first.
                ("via-keyed", "assumed"),
                ("via-refused", "no credentials"),
                // A session for `aws sso login` alone gives none.
                ("via-login", "no credentials"),
                // Keys in the credentials file.
                ("via-theirs", "assumed"),
                ("via-web", "assumed"),
                ("via-env", "assumed"),
                // The SSO provider passes over a session alone, and the keys are found.
                ("via-login-keyed", "assumed"),
                // It passes over a legacy profile with neither account nor role too.
                ("via-half-legacy", "no credentials"),
                // And over a session profile with neither, whatever start URL it repeats.
                ("via-login-inline", "no credentials"),
            ]
        );
        // Without the file, the source of via-theirs is no profile.
        let none = CredentialsProfiles::default();
        assert_eq!(kinds(&none)[5], ("via-theirs", "missing"));
    }

    /// Runs `check` on the structure of config `src` read with credentials file `credentials`
    /// and no plan.
    fn with_structure(src: &str, credentials: &str, check: impl FnOnce(&Structure)) {
        let credentials = CredentialsProfiles::read("c".into(), credentials.into());
        let doc = Document::parse(src);
        let (cfg, plan) = (Config::read(&doc), Plan::default());
        check(&build(&cfg, &plan, &credentials));
    }

    /// Every profile as the tree draws it, those under the first session first: its name, its
    /// kind, and whether the session it names goes unused.
    fn drawn<'s>(s: &'s Structure) -> Vec<(&'s str, ProfileKind<'s>, bool)> {
        (s.profiles_of(&s.sessions[0]))
            .chain(s.profiles_without_session())
            .map(|p| (p.name, p.kind, p.session_unused))
            .collect()
    }

    /// botocore's SSO provider passes over a profile with neither `sso_account_id` nor
    /// `sso_role_name`, whatever session, start URL or region it has: the providers after it
    /// may find static keys or a helper, drawn under the session the profile names as going
    /// unused; with nothing, a session profile serves `aws sso login` alone and a legacy one
    /// has no credentials.
    #[test]
    fn the_sso_provider_passes_over_a_profile_without_account_or_role() {
        let src = "[sso-session s]\nsso_start_url = https://s/start\nsso_region = r\n\
                   [profile login]\nsso_session = s\n\
                   [profile login-keyed]\nsso_session = s\naws_access_key_id = A\n\
                   aws_secret_access_key = S\n\
                   [profile login-helped]\nsso_session = s\n\
                   [profile legacy-login]\nsso_start_url = https://l/start\nsso_region = r\n\
                   [profile legacy-keyed]\nsso_start_url = https://l/start\nsso_region = r\n\
                   aws_access_key_id = A\naws_secret_access_key = S\n\
                   [profile legacy-account]\nsso_start_url = https://l/start\nsso_account_id = 1\n\
                   [profile legacy-whole]\nsso_start_url = https://l/start\nsso_region = r\n\
                   sso_account_id = 1\nsso_role_name = R\n\
                   [profile account-keyed]\nsso_account_id = 1\naws_access_key_id = A\n\
                   aws_secret_access_key = S\n\
                   [profile lost-keyed]\nsso_session = gone\naws_access_key_id = A\n\
                   aws_secret_access_key = S\n\
                   [profile lost-account]\nsso_session = gone\nsso_account_id = 1\n\
                   [profile lost-role]\nsso_session = gone\nrole_arn = R\n\
                   credential_source = Environment\n\
                   [profile half-keyed]\naws_access_key_id = A\n\
                   [profile split-keys]\naws_access_key_id = A\n";
        let credentials = "[login-helped]\ncredential_process = p\n\
                           [split-keys]\naws_secret_access_key = S\n";
        with_structure(src, credentials, |s| {
            let drawn = drawn(s);
            let lost: Vec<(&str, &str)> = (s.profiles_without_session())
                .filter_map(|p| Some((p.name, p.lost_session?)))
                .collect();
            // It looks a session up only for a profile it answers for; a role comes first.
            assert_eq!(lost, [("lost-keyed", "gone"), ("lost-role", "gone")]);
            let (config, theirs) = (KeysFrom::Config, KeysFrom::CredentialsFile);
            let legacy = ProfileKind::LegacySso {
                start_url: "https://l/start",
                from: config,
            };
            let lacking = |start_url, lacks| ProfileKind::LegacySsoLacks {
                start_url,
                lacks: LegacyKeysLacking(lacks),
            };
            assert_eq!(
                drawn,
                [
                    ("login", ProfileKind::LoginOnly, false),
                    (
                        "login-keyed",
                        ProfileKind::StaticKeys { from: config },
                        true
                    ),
                    (
                        "login-helped",
                        ProfileKind::CredentialProcess { from: theirs },
                        true
                    ),
                    ("legacy-login", ProfileKind::Other, false),
                    (
                        "legacy-keyed",
                        ProfileKind::StaticKeys { from: config },
                        false
                    ),
                    // With the account or the role, it answers, and refuses the profile for the
                    // rest, before the keys.
                    (
                        "legacy-account",
                        lacking(Some("https://l/start"), [false, true, false, true]),
                        false
                    ),
                    ("legacy-whole", legacy, false),
                    (
                        "account-keyed",
                        lacking(None, [true, true, false, true]),
                        false
                    ),
                    (
                        "lost-keyed",
                        ProfileKind::StaticKeys { from: config },
                        false
                    ),
                    (
                        "lost-account",
                        ProfileKind::MissingSession { session: "gone" },
                        false
                    ),
                    (
                        "lost-role",
                        ProfileKind::RoleFromSource {
                            role_arn: "R",
                            credential_source: "Environment",
                        },
                        false,
                    ),
                    // An access key ID without the secret key in the same file: refused by the
                    // provider of that file.
                    (
                        "half-keyed",
                        ProfileKind::PartialStaticKeys { from: config },
                        false
                    ),
                    (
                        "split-keys",
                        ProfileKind::PartialStaticKeys { from: config },
                        false
                    ),
                ]
            );
        });
    }

    /// botocore's login provider (`login_session`, what `aws login` signs in to) answers after
    /// the credentials file's static keys and before any helper or the config's static keys,
    /// and gives a role's source credentials.
    #[test]
    fn a_login_session_answers_after_the_credentials_files_keys() {
        let src = "[sso-session s]\nsso_start_url = https://s/start\nsso_region = r\n\
                   [profile console]\nlogin_session = L\n\
                   [profile over-helper]\nlogin_session = L\ncredential_process = p\n\
                   [profile over-keys]\nlogin_session = L\naws_access_key_id = A\n\
                   aws_secret_access_key = S\n\
                   [profile under-their-keys]\nlogin_session = L\n\
                   [profile there]\nregion = r\n\
                   [profile beside-session]\nsso_session = s\nlogin_session = L\n\
                   [profile via-console]\nrole_arn = R\nsource_profile = console\n";
        let credentials = "[under-their-keys]\naws_access_key_id = A\naws_secret_access_key = S\n\
                           [there]\nlogin_session = T\ncredential_process = p\n";
        with_structure(src, credentials, |s| {
            let drawn = drawn(s);
            let (config, theirs) = (KeysFrom::Config, KeysFrom::CredentialsFile);
            let login = |from| ProfileKind::LoginSession { from };
            assert_eq!(
                drawn,
                [
                    // The SSO provider passes over it: neither account nor role.
                    ("beside-session", login(config), true),
                    ("console", login(config), false),
                    ("over-helper", login(config), false),
                    ("over-keys", login(config), false),
                    (
                        "under-their-keys",
                        ProfileKind::StaticKeys { from: theirs },
                        false
                    ),
                    ("there", login(theirs), false),
                    (
                        "via-console",
                        ProfileKind::RoleChain {
                            role_arn: "R",
                            source_profile: "console",
                        },
                        false
                    ),
                ]
            );
        });
    }
}
