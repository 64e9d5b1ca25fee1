//! Where a profile's SSO settings lead once botocore merges in its sso-session
//! (`SSOProvider._resolve_sso_session_reference`), and why it may not get there.

use std::fmt;

use serde::Serialize;

use super::{
    Config, SSO_ACCOUNT_ID, SSO_REGION, SSO_ROLE_NAME, SSO_SESSION, SSO_START_URL, fingerprint,
};

/// Where a profile's SSO settings lead, after merging in its sso-session as botocore does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SsoTarget {
    pub start_url: Option<String>,
    pub sso_region: Option<String>,
    pub account_id: Option<String>,
    pub role_name: Option<String>,
    /// The sso-session the settings came through, if any (the token cache key).
    pub session: Option<String>,
}

/// [`SsoTarget`] borrowed from the [`Config`] that resolved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SsoTargetRef<'c> {
    pub start_url: Option<&'c str>,
    pub sso_region: Option<&'c str>,
    pub account_id: Option<&'c str>,
    pub role_name: Option<&'c str>,
    pub session: Option<&'c str>,
}

/// Why botocore cannot resolve a profile's SSO settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "error")]
pub enum ResolveError {
    /// `The specified sso-session does not exist: "NAME"`.
    MissingSession { session: String },
    /// `The value for KEY is inconsistent between profile (A) and sso-session (B).`
    Inconsistent {
        key: String,
        profile: String,
        session: String,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::MissingSession { session } => {
                write!(f, "the sso-session `{session}` does not exist")
            }
            ResolveError::Inconsistent {
                key,
                profile,
                session,
            } => write!(
                f,
                "`{key}` is `{profile}` in the profile but `{session}` in its sso-session"
            ),
        }
    }
}

/// The keys [`Config::resolve_borrowed`] reads, in this order, with their fingerprints.
const TARGET_KEYS: [(&str, u32); 5] = [
    (SSO_SESSION, fingerprint(SSO_SESSION)),
    (SSO_START_URL, fingerprint(SSO_START_URL)),
    (SSO_REGION, fingerprint(SSO_REGION)),
    (SSO_ACCOUNT_ID, fingerprint(SSO_ACCOUNT_ID)),
    (SSO_ROLE_NAME, fingerprint(SSO_ROLE_NAME)),
];

impl Config<'_> {
    /// A profile's SSO settings after botocore merges in its sso-session
    /// (`SSOProvider._resolve_sso_session_reference`).
    pub fn resolve(&self, profile: usize) -> Result<SsoTarget, ResolveError> {
        self.resolve_borrowed(profile).map(|t| SsoTarget {
            start_url: t.start_url.map(str::to_string),
            sso_region: t.sso_region.map(str::to_string),
            account_id: t.account_id.map(str::to_string),
            role_name: t.role_name.map(str::to_string),
            session: t.session.map(str::to_string),
        })
    }

    /// [`Config::resolve`] without a copy: every value borrows from this config.
    pub fn resolve_borrowed(&self, profile: usize) -> Result<SsoTargetRef<'_>, ResolveError> {
        // The profile's own five keys in one pass over its keys, then `[DEFAULT]`'s.
        let own = self.own_each(profile, &TARGET_KEYS);
        let from_profile = |n: usize| own[n].or_else(|| self.default_value(TARGET_KEYS[n].0));
        let session = from_profile(0);
        let sec = match session {
            None => None,
            Some(name) => Some(
                self.session(name)
                    .ok_or_else(|| ResolveError::MissingSession {
                        session: name.to_string(),
                    })?,
            ),
        };
        if let Some((k, pv, v)) = sec.and_then(|sec| self.first_inconsistency(profile, sec)) {
            return Err(ResolveError::Inconsistent {
                key: k.to_string(),
                profile: pv.to_string(),
                session: v.to_string(),
            });
        }
        // The session's own keys in one pass too; its `[DEFAULT]` is the profile's, already asked.
        let session_own = sec.map(|s| self.own_each(s, &TARGET_KEYS));
        let get = |n: usize| from_profile(n).or_else(|| session_own.and_then(|own| own[n]));
        Ok(SsoTargetRef {
            start_url: get(1),
            sso_region: get(2),
            account_id: get(3),
            role_name: get(4),
            session,
        })
    }

    /// Section `sec`'s own values for each of `keys` (each with its [`fingerprint`]): what
    /// [`Config::own`] finds for each, in one pass over the section's keys.
    fn own_each<const N: usize>(&self, sec: usize, keys: &[(&str, u32); N]) -> [Option<&str>; N] {
        let mut found = [None; N];
        for at in &self.props[self.prop_range(sec)] {
            for (n, &(key, want)) in keys.iter().enumerate() {
                if at.print() == want && found[n].is_none() {
                    let p = self.prop(*at);
                    if p.key == key {
                        found[n] = Some(p.value);
                    }
                }
            }
        }
        found
    }

    /// Whether section `sec` sets a key twice (a `duplicate_key` problem on one of its lines):
    /// a search of those problems' lines, which are in order.
    pub(super) fn sets_a_key_twice(&self, sec: usize) -> bool {
        let lines = self.header_line(sec) + 1..self.content_end(sec) + 1;
        let from = self
            .keys_set_twice
            .partition_point(|&line| line < lines.start);
        (self.keys_set_twice.get(from)).is_some_and(|line| lines.contains(line))
    }

    /// The first key botocore finds set differently in `profile` and in the session section
    /// `session` when it merges the session in: the key, the profile's value and the session's.
    /// The session's keys in configparser's order: its own, then `[DEFAULT]`'s; a `[DEFAULT]`
    /// key the session does not set differs only where the profile sets it itself.
    pub fn first_inconsistency(
        &self,
        profile: usize,
        session: usize,
    ) -> Option<(&str, &str, &str)> {
        let own = self.props(session).find_map(|p| {
            let pv = self.get(profile, p.key)?;
            (pv != p.value).then_some((p.key, pv, p.value))
        });
        own.or_else(|| self.first_default_overridden(profile, |k| self.own(session, k).is_some()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;

    /// What `resolve_borrowed` reads of a profile, key by key with `get`, as it read it before
    /// it took the profile's keys in one pass.
    fn resolved_key_by_key<'c>(cfg: &'c Config, profile: usize) -> Option<SsoTargetRef<'c>> {
        let session = cfg.get(profile, SSO_SESSION);
        let sec = match session {
            Some(name) => Some(cfg.session(name)?),
            None => None,
        };
        let get = |key: &str| (cfg.get(profile, key)).or_else(|| sec.and_then(|s| cfg.get(s, key)));
        Some(SsoTargetRef {
            start_url: get(SSO_START_URL),
            sso_region: get(SSO_REGION),
            account_id: get(SSO_ACCOUNT_ID),
            role_name: get(SSO_ROLE_NAME),
            session,
        })
    }

    #[test]
    fn a_profile_resolves_to_the_first_value_of_each_key() {
        let src = "[DEFAULT]\nsso_region = d-region\nsso_role_name = d-role\n\
                   [sso-session s]\nsso_start_url = https://s/start\n\
                   [profile twice]\nsso_start_url = first\nsso_region = r\nsso_start_url = second\n\
                   sso_account_id = 1\nSSO_Account_ID = 2\n\
                   [profile inherits]\nsso_account_id = 1\n\
                   [profile session]\nsso_session = s\nsso_account_id = 3\n\
                   [profile nothing]\nregion = x\n";
        let doc = Document::parse(src);
        let cfg = Config::read(&doc);
        let mut compared = 0;
        for name in ["twice", "inherits", "session", "nothing"] {
            let i = cfg.profile(name).unwrap();
            let resolved = cfg.resolve_borrowed(i).ok();
            assert_eq!(resolved, resolved_key_by_key(&cfg, i), "{name}");
            compared += usize::from(resolved.is_some());
        }
        assert_eq!(compared, 4);
        let twice = cfg.resolve_borrowed(cfg.profile("twice").unwrap()).unwrap();
        assert_eq!(
            (
                twice.start_url,
                twice.sso_region,
                twice.account_id,
                twice.role_name
            ),
            (Some("first"), Some("r"), Some("1"), Some("d-role"))
        );
        let inherits = cfg
            .resolve_borrowed(cfg.profile("inherits").unwrap())
            .unwrap();
        assert_eq!(inherits.sso_region, Some("d-region"));
        let session = cfg
            .resolve_borrowed(cfg.profile("session").unwrap())
            .unwrap();
        assert_eq!(
            (session.start_url, session.sso_region, session.role_name),
            (Some("https://s/start"), Some("d-region"), Some("d-role"))
        );
        // A key whose fingerprint is another's is still not that key.
        let region = fingerprint(SSO_REGION);
        assert_eq!(
            cfg.own_each(
                cfg.profile("twice").unwrap(),
                &[(SSO_START_URL, region), (SSO_REGION, region)]
            ),
            [None, Some("r")]
        );
    }

    #[test]
    fn resolve_merges_the_session_like_botocore() {
        let doc = Document::parse(
            "[profile a]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n\
             [profile b]\nsso_session = s\nsso_region = eu-west-1\n\
             [profile c]\nsso_session = gone\n\
             [sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
        );
        let cfg = Config::read(&doc);
        let a = cfg.resolve(cfg.profile("a").unwrap()).unwrap();
        assert_eq!(a.start_url.as_deref(), Some("https://x/start"));
        assert_eq!(a.sso_region.as_deref(), Some("us-east-1"));
        assert_eq!(a.account_id.as_deref(), Some("1"));
        assert!(matches!(
            cfg.resolve(cfg.profile("b").unwrap()),
            Err(ResolveError::Inconsistent { .. })
        ));
        assert!(matches!(
            cfg.resolve(cfg.profile("c").unwrap()),
            Err(ResolveError::MissingSession { .. })
        ));
    }
}
