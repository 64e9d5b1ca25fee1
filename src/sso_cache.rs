//! The SSO token cache as botocore and the AWS SDKs read it: cache keys, judging one cache file,
//! choosing which legacy token to carry into a new sso-session, and the rows of the `--tokens`
//! report.
//!
//! Pure: no disk, no clock, no environment. The caller passes `now` and a lookup that returns
//! what a cache file held ([`CacheRead`]); [`crate::sso_cache_io`] does the reading and writing.
//!
//! Facts this follows (`AWS-CONFIG-FACTS.md` §1.4, §5.2 item 7, §7; botocore 1.44.8):
//! - the cache file is `<sha1 hex of the key>.json`, where the key is the session name for a
//!   profile with `sso_session`, else the start URL exactly as the profile spells it
//!   (`SSOTokenLoader._generate_cache_key`, UTF-8);
//! - the readers need `accessToken` and `expiresAt`; botocore refreshes only when the file also
//!   holds `refreshToken`, `clientId`, `clientSecret` and an unexpired `registrationExpiresAt`
//!   (`SSOTokenProvider._refresh_access_token`); otherwise the token is used until it expires.
//!
//! Token values (`accessToken`, `refreshToken`, `clientSecret`) never leave this module except
//! as the bytes of a carried token file: [`LegacyToken`] keeps them private and its `Debug`
//! hides them.

use std::fmt;

use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::aws::credentials::CredentialsProfiles;
use crate::aws::{Config, SSO_REGION, SSO_SESSION, SSO_START_URL};
use crate::hash::HashMap;
use crate::plan::{Plan, SessionPlan};

/// The largest cache file read. Real token files are well under 4 KiB.
pub const MAX_FILE_SIZE: u64 = 64 * 1024;

/// The cache key botocore and the SDKs use: sha1 hex of the UTF-8 bytes of a session name or a
/// start URL exactly as written.
pub fn cache_key(identifier: &str) -> String {
    sha1_smol::Sha1::from(identifier.as_bytes())
        .digest()
        .to_string()
}

/// The cache file name for `identifier`: `<sha1 hex>.json`.
pub fn cache_file_name(identifier: &str) -> String {
    format!("{}.json", cache_key(identifier))
}

/// What reading one cache file gave.
#[derive(Clone, PartialEq, Eq)]
pub enum CacheRead {
    /// No file of that name.
    Missing,
    /// The file's bytes (at most [`MAX_FILE_SIZE`]).
    Bytes(Vec<u8>),
    /// There is something, but it could not be read as a file.
    Unreadable(ReadProblem),
    /// The tool does not know whose token cache belongs to the config (see the README).
    NoCacheDir,
}

impl fmt::Debug for CacheRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheRead::Missing => f.write_str("Missing"),
            // The bytes hold token values: never print them.
            CacheRead::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            CacheRead::Unreadable(p) => f.debug_tuple("Unreadable").field(p).finish(),
            CacheRead::NoCacheDir => f.write_str("NoCacheDir"),
        }
    }
}

/// Why a cache file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum ReadProblem {
    /// A directory, FIFO, socket or device where a file should be.
    NotAFile,
    /// Larger than [`MAX_FILE_SIZE`].
    TooLarge,
    /// A file of someone other than the config's owner: never read on their behalf.
    NotTheirs,
    /// Permission denied.
    Denied,
    /// Any other I/O error, with the system's message.
    Io { error: String },
}

/// Why a cache file's content is not a token the readers can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum Corruption {
    /// The JSON stops in the middle (a half-written file).
    Truncated,
    /// Not JSON at all.
    NotJson,
    /// JSON, but not an object.
    NotAnObject,
    /// A field the readers need is missing.
    MissingField { field: &'static str },
    /// A field has the wrong JSON type.
    WrongType { field: &'static str },
    /// A timestamp field is not an RFC 3339 time.
    BadTime { field: &'static str },
}

/// The state of one cache file at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum TokenState {
    Missing,
    /// The cache directory for this config is unknown, so the token was not looked for.
    CacheDirUnknown,
    Unreadable {
        #[serde(flatten)]
        problem: ReadProblem,
    },
    Corrupt {
        #[serde(flatten)]
        problem: Corruption,
    },
    /// Usable now.
    Valid {
        #[serde(serialize_with = "ser_time")]
        expires_at: Timestamp,
        /// Whole minutes until it expires (rounded down).
        minutes_left: i64,
        can_refresh: bool,
    },
    /// Past `expiresAt`. With `can_refresh`, botocore gets a new token without a login.
    Expired {
        #[serde(serialize_with = "ser_time")]
        expires_at: Timestamp,
        can_refresh: bool,
    },
}

impl TokenState {
    /// Whether the readers need a new login to use this cache entry.
    pub fn needs_login(&self) -> bool {
        match self {
            TokenState::Valid { .. } => false,
            TokenState::Expired { can_refresh, .. } => !can_refresh,
            TokenState::CacheDirUnknown => false,
            _ => true,
        }
    }
}

/// Times are shown in UTC with second precision, as the AWS CLI writes them.
fn ser_time<S: serde::Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&utc(t))
}

/// `2026-01-01T00:00:00Z`.
pub fn utc(t: &Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A parsed cache file. Holds the token values; never printed.
#[derive(Clone)]
pub struct LegacyToken {
    /// The fields the readers use, exactly as the file had them, in the order the AWS CLI
    /// writes them.
    fields: Vec<(&'static str, Value)>,
    region: Option<String>,
    expires_at: Timestamp,
    can_refresh: bool,
}

impl fmt::Debug for LegacyToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyToken")
            .field("region", &self.region)
            .field("expires_at", &self.expires_at)
            .field("can_refresh", &self.can_refresh)
            .finish_non_exhaustive()
    }
}

/// The fields a carried token keeps: the ones the readers use, nothing else (the refresh
/// fields belong to the legacy login's client registration and are left behind).
const CARRIED_FIELDS: [&str; 4] = ["startUrl", "region", "accessToken", "expiresAt"];

impl LegacyToken {
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    pub fn expires_at(&self) -> Timestamp {
        self.expires_at
    }

    /// The content of the session's token file: the fields the readers use, copied as they
    /// are, as one line of JSON.
    pub fn carried_json(&self) -> Vec<u8> {
        // serde_json's map is ordered by key; write the fields in the CLI's order instead.
        let mut out = b"{".to_vec();
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend(serde_json::to_vec(k).expect("a string serializes"));
            out.push(b':');
            out.extend(serde_json::to_vec(v).expect("a JSON value serializes"));
        }
        out.extend(b"}\n");
        out
    }

    fn state(&self, now: Timestamp) -> TokenState {
        if self.expires_at > now {
            TokenState::Valid {
                expires_at: self.expires_at,
                minutes_left: minutes_between(now, self.expires_at),
                can_refresh: self.can_refresh,
            }
        } else {
            TokenState::Expired {
                expires_at: self.expires_at,
                can_refresh: self.can_refresh,
            }
        }
    }
}

/// Whole minutes from `now` to `later`, rounded down.
pub fn minutes_between(now: Timestamp, later: Timestamp) -> i64 {
    (later.as_second() - now.as_second()).div_euclid(60)
}

/// Parses a cache file's bytes. `now` decides whether the client registration is still valid.
pub fn parse(bytes: &[u8], now: Timestamp) -> Result<LegacyToken, Corruption> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            Corruption::Truncated
        } else {
            Corruption::NotJson
        }
    })?;
    let Value::Object(obj) = value else {
        return Err(Corruption::NotAnObject);
    };
    let string = |field: &'static str| -> Result<Option<&str>, Corruption> {
        match obj.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Corruption::WrongType { field }),
        }
    };
    let required = |field: &'static str| string(field)?.ok_or(Corruption::MissingField { field });
    required("accessToken")?;
    let expires_at = time(required("expiresAt")?, "expiresAt")?;
    let region = string("region")?.map(str::to_string);
    string("startUrl")?;
    let fields = CARRIED_FIELDS
        .iter()
        .filter_map(|k| obj.get(*k).map(|v| (*k, v.clone())))
        .collect();
    Ok(LegacyToken {
        fields,
        region,
        expires_at,
        can_refresh: can_refresh(&obj, now),
    })
}

/// botocore's rule: all four refresh fields present and the registration unexpired.
fn can_refresh(obj: &Map<String, Value>, now: Timestamp) -> bool {
    let has = |k: &str| matches!(obj.get(k), Some(Value::String(s)) if !s.is_empty());
    has("refreshToken")
        && has("clientId")
        && has("clientSecret")
        && matches!(
            obj.get("registrationExpiresAt"),
            Some(Value::String(s)) if time(s, "registrationExpiresAt").is_ok_and(|t| t > now)
        )
}

/// An RFC 3339 time, or the `2020-05-15T10:00:00UTC` form older AWS CLI v2 releases wrote
/// (strftime `%Z` on a UTC time), which botocore reads too.
fn time(s: &str, field: &'static str) -> Result<Timestamp, Corruption> {
    s.parse::<Timestamp>()
        .ok()
        .or_else(|| {
            let utc = s.strip_suffix("UTC")?;
            format!("{utc}Z").parse().ok()
        })
        .ok_or(Corruption::BadTime { field })
}

/// Judges what was read for one cache file at `now`.
pub fn judge(read: &CacheRead, now: Timestamp) -> TokenState {
    match read {
        CacheRead::Missing => TokenState::Missing,
        CacheRead::NoCacheDir => TokenState::CacheDirUnknown,
        CacheRead::Unreadable(problem) => TokenState::Unreadable {
            problem: problem.clone(),
        },
        CacheRead::Bytes(bytes) => match parse(bytes, now) {
            Ok(t) => t.state(now),
            Err(problem) => TokenState::Corrupt { problem },
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Carrying legacy tokens into new sessions
// ---------------------------------------------------------------------------------------------

/// What to do for one session of a plan.
#[derive(Debug, Clone)]
pub struct CarryPlan {
    pub session: String,
    pub decision: CarryDecision,
}

#[derive(Debug, Clone)]
pub enum CarryDecision {
    /// Copy this legacy token to the session's cache file.
    Carry {
        /// The start URL spelling whose cache file holds it.
        from_start_url: String,
        token: Box<LegacyToken>,
    },
    Skip(CarrySkip),
}

/// Why nothing is carried into a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum CarrySkip {
    /// The session already has a token file (a newer login wins; it is never overwritten).
    SessionTokenExists { state: TokenState },
    /// No legacy token is cached for any start URL spelling of the session.
    NoLegacyToken,
    /// The newest legacy token has expired.
    Expired {
        start_url: String,
        #[serde(serialize_with = "ser_time")]
        expires_at: Timestamp,
    },
    /// The only usable legacy token was issued for another SSO region (or names none).
    OtherRegion {
        start_url: String,
        token_region: Option<String>,
    },
    /// The legacy token files are corrupt or unreadable.
    Unusable {
        start_url: String,
        state: TokenState,
    },
    /// The tool does not know whose token cache belongs to this config (see the README).
    CacheDirUnknown,
}

/// The start URL spellings merged into `session` of `plan`: the session's own, then each
/// migrated profile's original spelling, without repeats.
pub fn spellings(plan: &Plan, session: &SessionPlan) -> Vec<String> {
    let mut out = vec![session.start_url.to_string()];
    for m in plan.members(session) {
        if let Some(from) = plan.respelled_from(m)
            && !out.iter().any(|o| o == from)
        {
            out.push(from.to_string());
        }
    }
    out
}

/// Decides, for every session of `plan` that gained profiles, which legacy token to carry.
/// `lookup` returns what the cache file for an identifier (session name or start URL) held.
pub fn plan_carry(
    plan: &Plan,
    mut lookup: impl FnMut(&str) -> CacheRead,
    now: Timestamp,
) -> Vec<CarryPlan> {
    let mut out = Vec::new();
    for session in plan.sessions.iter() {
        if plan.members(&session).len() == 0 {
            continue;
        }
        let existing = judge(&lookup(session.name), now);
        let decision = if existing == TokenState::CacheDirUnknown {
            CarryDecision::Skip(CarrySkip::CacheDirUnknown)
        } else if existing != TokenState::Missing {
            CarryDecision::Skip(CarrySkip::SessionTokenExists { state: existing })
        } else {
            let candidates: Vec<(String, CacheRead)> = spellings(plan, &session)
                .into_iter()
                .map(|url| {
                    let read = lookup(&url);
                    (url, read)
                })
                .collect();
            choose(session.sso_region, &candidates, now)
        };
        out.push(CarryPlan {
            session: session.name.to_string(),
            decision,
        });
    }
    out
}

/// Of the legacy tokens cached for a session's spellings, the unexpired one for `sso_region`
/// that expires last (no grace period); ties go to the earlier spelling.
pub fn choose(
    sso_region: &str,
    candidates: &[(String, CacheRead)],
    now: Timestamp,
) -> CarryDecision {
    let mut best: Option<(&str, LegacyToken)> = None;
    let mut expired: Option<(&str, Timestamp)> = None;
    let mut other_region: Option<(&str, Option<String>)> = None;
    let mut unusable: Option<(&str, TokenState)> = None;
    for (url, read) in candidates {
        let parsed = match read {
            CacheRead::Missing | CacheRead::NoCacheDir => continue,
            CacheRead::Unreadable(_) => {
                unusable.get_or_insert((url, judge(read, now)));
                continue;
            }
            CacheRead::Bytes(b) => match parse(b, now) {
                Ok(t) => t,
                Err(_) => {
                    unusable.get_or_insert((url, judge(read, now)));
                    continue;
                }
            },
        };
        if parsed.region() != Some(sso_region) {
            other_region.get_or_insert((url, parsed.region.clone()));
            continue;
        }
        if parsed.expires_at <= now {
            if expired.is_none_or(|(_, t)| parsed.expires_at > t) {
                expired = Some((url, parsed.expires_at));
            }
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|(_, b)| parsed.expires_at > b.expires_at)
        {
            best = Some((url, parsed));
        }
    }
    if let Some((url, token)) = best {
        return CarryDecision::Carry {
            from_start_url: url.to_string(),
            token: Box::new(token),
        };
    }
    CarryDecision::Skip(if let Some((url, expires_at)) = expired {
        CarrySkip::Expired {
            start_url: url.to_string(),
            expires_at,
        }
    } else if let Some((url, token_region)) = other_region {
        CarrySkip::OtherRegion {
            start_url: url.to_string(),
            token_region,
        }
    } else if let Some((url, state)) = unusable {
        CarrySkip::Unusable {
            start_url: url.to_string(),
            state,
        }
    } else {
        CarrySkip::NoLegacyToken
    })
}

/// What happened to one session's token, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum CarryOutcome {
    /// The legacy token was written as the session's token.
    Carried {
        from_start_url: String,
        #[serde(serialize_with = "ser_time")]
        expires_at: Timestamp,
        minutes_left: i64,
    },
    /// A dry run: it would be.
    WouldCarry {
        from_start_url: String,
        #[serde(serialize_with = "ser_time")]
        expires_at: Timestamp,
        minutes_left: i64,
    },
    NotCarried {
        #[serde(flatten)]
        reason: CarrySkip,
    },
    /// Writing the session's token file failed; the config is migrated all the same.
    Failed { error: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionCarry {
    pub session: String,
    #[serde(flatten)]
    pub outcome: CarryOutcome,
}

impl SessionCarry {
    /// Whether the session has the carried token (so it needs no login now).
    pub fn has_token(&self) -> bool {
        matches!(
            self.outcome,
            CarryOutcome::Carried { .. } | CarryOutcome::WouldCarry { .. }
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The `--tokens` report
// ---------------------------------------------------------------------------------------------

/// Which cache entry a row describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RowKind {
    /// `[sso-session NAME]` (or a session profiles name that the file lacks), cached under
    /// sha1(NAME).
    SsoSession { name: String },
    /// Legacy profiles with this exact start URL, cached under sha1(start URL).
    Legacy,
}

/// The command that gets a new token for a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Login {
    /// `aws sso login --sso-session NAME`.
    SsoSession(String),
    /// `aws sso login --profile NAME` (legacy profiles log in through a profile).
    Profile(String),
}

/// One row of the `--tokens` report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRow {
    #[serde(flatten)]
    pub kind: RowKind,
    pub start_url: Option<String>,
    pub sso_region: Option<String>,
    /// The cache file name, `<sha1>.json`, in the cache directory.
    pub cache_file: String,
    /// Profiles that use this entry, in file order.
    pub profiles: Vec<String>,
    pub token: TokenState,
    /// Set when a login is needed to use these profiles.
    pub login: Option<Login>,
}

/// One row per sso-session (defined or referenced) and per legacy start URL spelling and
/// region, each judged at `now`. A legacy profile's start URL and region are those botocore
/// reads with the shared credentials file `credentials`, whose keys it merges over the
/// config's; a profile that file alone makes legacy is listed after the config's (in name
/// order), and one it gives an `sso_session` is left out (the session's name is not read).
pub fn report_rows(
    cfg: &Config,
    credentials: &CredentialsProfiles,
    mut lookup: impl FnMut(&str) -> CacheRead,
    now: Timestamp,
) -> Vec<TokenRow> {
    struct Draft {
        kind: RowKind,
        identifier: String,
        start_url: Option<String>,
        sso_region: Option<String>,
        profiles: Vec<String>,
    }
    let mut drafts: Vec<Draft> = Vec::new();
    // Where each session's row is, and each legacy start URL and region's: a search of the rows
    // for each profile made `--tokens` quadratic on a file of many portals (20,000 profiles of
    // 10,000 portals took 1.4 s).
    let mut sessions: HashMap<&str, usize> = HashMap::default();
    let mut legacy: HashMap<(&str, Option<&str>), usize> = HashMap::default();
    for (sec, _) in cfg.session_sections() {
        let name = cfg.session_name(sec).unwrap_or_default();
        sessions.entry(name).or_insert(drafts.len());
        drafts.push(Draft {
            kind: RowKind::SsoSession {
                name: name.to_string(),
            },
            identifier: name.to_string(),
            start_url: cfg.get(sec, SSO_START_URL).map(str::to_string),
            sso_region: cfg.get(sec, SSO_REGION).map(str::to_string),
            profiles: Vec::new(),
        });
    }
    // What each profile logs in with, as botocore reads it with the credentials file, whose
    // keys it merges over the config's (its `sso_session` too): the config's profiles, then
    // those of the credentials file alone.
    enum Uses<'c> {
        Session(&'c str),
        Legacy(&'c str, Option<&'c str>),
    }
    let uses = |sec: Option<usize>, name| {
        if let Some(session) = credentials.merged(cfg, sec, name, SSO_SESSION) {
            Some(Uses::Session(session))
        } else {
            (credentials.legacy_portal(cfg, sec, name))
                .map(|p| Uses::Legacy(p.start_url, p.sso_region))
        }
    };
    let config_profiles = cfg.profile_sections().map(|(sec, _)| {
        let name = cfg.profile_name(sec).unwrap_or_default();
        (name, uses(Some(sec), name))
    });
    let credentials_only = (credentials.own_profiles(cfg)).map(|name| (name, uses(None, name)));
    for (profile, uses) in config_profiles.chain(credentials_only) {
        let i = match uses {
            Some(Uses::Session(session)) => *sessions.entry(session).or_insert_with(|| {
                drafts.push(Draft {
                    kind: RowKind::SsoSession {
                        name: session.to_string(),
                    },
                    identifier: session.to_string(),
                    start_url: None,
                    sso_region: None,
                    profiles: Vec::new(),
                });
                drafts.len() - 1
            }),
            Some(Uses::Legacy(url, region)) => *legacy.entry((url, region)).or_insert_with(|| {
                drafts.push(Draft {
                    kind: RowKind::Legacy,
                    identifier: url.to_string(),
                    start_url: Some(url.to_string()),
                    sso_region: region.map(str::to_string),
                    profiles: Vec::new(),
                });
                drafts.len() - 1
            }),
            None => continue,
        };
        drafts[i].profiles.push(profile.to_string());
    }
    drafts
        .into_iter()
        .map(|d| {
            let token = judge(&lookup(&d.identifier), now);
            let login = token.needs_login().then(|| match &d.kind {
                RowKind::SsoSession { name } => Some(Login::SsoSession(name.clone())),
                RowKind::Legacy => d.profiles.first().cloned().map(Login::Profile),
            });
            TokenRow {
                cache_file: cache_file_name(&d.identifier),
                kind: d.kind,
                start_url: d.start_url,
                sso_region: d.sso_region,
                profiles: d.profiles,
                token,
                login: login.flatten(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;
    use crate::plan::{PlanOptions, plan};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    const NOW: &str = "2026-01-01T00:00:00Z";

    fn token(expires: &str, region: &str) -> Vec<u8> {
        format!(
            r#"{{"startUrl":"https://x.awsapps.com/start","region":"{region}","accessToken":"SECRET-A","expiresAt":"{expires}"}}"#
        )
        .into_bytes()
    }

    #[test]
    fn cache_keys_match_botocore() {
        // hashlib.sha1(b"...").hexdigest(), as botocore's _generate_cache_key computes it.
        // Values from Python's hashlib.sha1(s.encode("utf-8")).hexdigest().
        assert_eq!(
            cache_key("https://d-123.awsapps.com/start"),
            "2b829a45f04c9828cb45b7d092d8e4aa30818393"
        );
        assert_eq!(cache_key(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(cache_key("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            cache_file_name("my-sso"),
            "0ad374308c5a4e22f723adf10145eafad7c4031c.json"
        );
    }

    #[test]
    fn judges_valid_expired_and_refreshable_tokens() {
        let now = ts(NOW);
        let valid = judge(
            &CacheRead::Bytes(token("2026-01-01T01:30:59Z", "us-east-1")),
            now,
        );
        assert_eq!(
            valid,
            TokenState::Valid {
                expires_at: ts("2026-01-01T01:30:59Z"),
                minutes_left: 90,
                can_refresh: false
            }
        );
        // Exactly at expiry counts as expired: no grace.
        assert!(matches!(
            judge(&CacheRead::Bytes(token(NOW, "us-east-1")), now),
            TokenState::Expired {
                can_refresh: false,
                ..
            }
        ));
        let refreshing = br#"{"accessToken":"a","expiresAt":"2025-12-31T23:00:00Z","refreshToken":"r","clientId":"c","clientSecret":"s","registrationExpiresAt":"2026-03-01T00:00:00Z"}"#;
        let state = judge(&CacheRead::Bytes(refreshing.to_vec()), now);
        assert!(matches!(
            state,
            TokenState::Expired {
                can_refresh: true,
                ..
            }
        ));
        assert!(!state.needs_login());
        let lapsed = String::from_utf8(refreshing.to_vec())
            .unwrap()
            .replace("2026-03-01", "2025-03-01");
        assert!(judge(&CacheRead::Bytes(lapsed.into_bytes()), now).needs_login());
        // The form older AWS CLI releases wrote.
        assert_eq!(
            judge(&CacheRead::Bytes(token("2026-01-01T01:00:00UTC", "r")), now),
            TokenState::Valid {
                expires_at: ts("2026-01-01T01:00:00Z"),
                minutes_left: 60,
                can_refresh: false
            }
        );
        // Offsets other than Z are read as the instant they name.
        assert!(matches!(
            judge(
                &CacheRead::Bytes(token("2026-01-01T00:30:00+01:00", "r")),
                now
            ),
            TokenState::Expired { .. }
        ));
    }

    #[test]
    fn corrupt_files_are_typed() {
        let now = ts(NOW);
        let corrupt = |b: &[u8]| match judge(&CacheRead::Bytes(b.to_vec()), now) {
            TokenState::Corrupt { problem } => problem,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            corrupt(br#"{"accessToken":"a","exp"#),
            Corruption::Truncated
        );
        assert_eq!(corrupt(b""), Corruption::Truncated);
        assert_eq!(corrupt(b"not json"), Corruption::NotJson);
        assert_eq!(corrupt(b"[1]"), Corruption::NotAnObject);
        assert_eq!(
            corrupt(br#"{"expiresAt":"2026-01-01T00:00:00Z"}"#),
            Corruption::MissingField {
                field: "accessToken"
            }
        );
        assert_eq!(
            corrupt(br#"{"accessToken":"a"}"#),
            Corruption::MissingField { field: "expiresAt" }
        );
        assert_eq!(
            corrupt(br#"{"accessToken":1,"expiresAt":"x"}"#),
            Corruption::WrongType {
                field: "accessToken"
            }
        );
        assert_eq!(
            corrupt(br#"{"accessToken":"a","expiresAt":"tomorrow"}"#),
            Corruption::BadTime { field: "expiresAt" }
        );
    }

    #[test]
    fn carried_json_keeps_the_reader_fields_only_as_they_are() {
        let bytes = br#"{"expiresAt":"2026-01-01T01:00:00Z","accessToken":"t\u00e9","region":"eu-west-1","startUrl":"https://x/start","refreshToken":"r","clientSecret":"s","extra":1}"#;
        let t = parse(bytes, ts(NOW)).unwrap();
        assert_eq!(
            String::from_utf8(t.carried_json()).unwrap(),
            "{\"startUrl\":\"https://x/start\",\"region\":\"eu-west-1\",\"accessToken\":\"t\u{e9}\",\"expiresAt\":\"2026-01-01T01:00:00Z\"}\n"
        );
        assert!(!format!("{t:?}").contains("t\u{e9}"));
        assert!(!format!("{:?}", CacheRead::Bytes(bytes.to_vec())).contains("accessToken"));
    }

    fn read(entries: &[(&str, CacheRead)]) -> impl FnMut(&str) -> CacheRead {
        let entries: Vec<(String, CacheRead)> = entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        move |k| {
            entries
                .iter()
                .find(|(n, _)| n == k)
                .map_or(CacheRead::Missing, |(_, v)| v.clone())
        }
    }

    const LEGACY: &str = "\
[profile a]
sso_start_url = https://x.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = A

[profile b]
sso_start_url = https://x.awsapps.com/start/
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = B
";

    fn legacy_plan() -> Plan {
        let doc = Document::parse(LEGACY);
        let cfg = Config::read(&doc);
        plan(&cfg, &PlanOptions::default()).unwrap()
    }

    fn carried_from(p: &[CarryPlan]) -> Vec<(String, String)> {
        p.iter()
            .map(|c| match &c.decision {
                CarryDecision::Carry { from_start_url, .. } => {
                    (c.session.clone(), from_start_url.clone())
                }
                CarryDecision::Skip(s) => (c.session.clone(), format!("{s:?}")),
            })
            .collect()
    }

    #[test]
    fn every_merged_spelling_is_looked_up_and_the_latest_wins() {
        let plan = legacy_plan();
        let session = plan.sessions.get(0).name.to_string();
        assert_eq!(
            spellings(&plan, &plan.sessions.get(0)),
            [
                "https://x.awsapps.com/start",
                "https://x.awsapps.com/start/"
            ]
        );
        let now = ts(NOW);
        // Only the respelled URL has a token: found.
        let p = plan_carry(
            &plan,
            read(&[(
                "https://x.awsapps.com/start/",
                CacheRead::Bytes(token("2026-01-01T01:00:00Z", "us-east-1")),
            )]),
            now,
        );
        assert_eq!(
            carried_from(&p),
            [(session.to_string(), "https://x.awsapps.com/start/".into())]
        );
        // Both: the one that expires last.
        let p = plan_carry(
            &plan,
            read(&[
                (
                    "https://x.awsapps.com/start",
                    CacheRead::Bytes(token("2026-01-01T00:30:00Z", "us-east-1")),
                ),
                (
                    "https://x.awsapps.com/start/",
                    CacheRead::Bytes(token("2026-01-01T02:00:00Z", "us-east-1")),
                ),
            ]),
            now,
        );
        assert_eq!(
            carried_from(&p),
            [(session.to_string(), "https://x.awsapps.com/start/".into())]
        );
    }

    #[test]
    fn expired_other_region_and_existing_session_tokens_are_not_carried() {
        let plan = legacy_plan();
        let session = plan.sessions.get(0).name.to_string();
        let now = ts(NOW);
        let decide = |entries: &[(&str, CacheRead)]| match plan_carry(&plan, read(entries), now)
            .remove(0)
            .decision
        {
            CarryDecision::Skip(s) => s,
            CarryDecision::Carry { .. } => panic!("carried"),
        };
        assert_eq!(
            decide(&[(
                "https://x.awsapps.com/start",
                CacheRead::Bytes(token(NOW, "us-east-1"))
            )]),
            CarrySkip::Expired {
                start_url: "https://x.awsapps.com/start".into(),
                expires_at: ts(NOW)
            }
        );
        assert_eq!(
            decide(&[(
                "https://x.awsapps.com/start",
                CacheRead::Bytes(token("2026-01-01T05:00:00Z", "eu-west-1"))
            )]),
            CarrySkip::OtherRegion {
                start_url: "https://x.awsapps.com/start".into(),
                token_region: Some("eu-west-1".into())
            }
        );
        assert!(matches!(
            decide(&[
                (
                    "https://x.awsapps.com/start",
                    CacheRead::Bytes(token("2026-01-01T05:00:00Z", "us-east-1"))
                ),
                (&session, CacheRead::Bytes(b"{".to_vec()))
            ]),
            CarrySkip::SessionTokenExists {
                state: TokenState::Corrupt { .. }
            }
        ));
        assert!(matches!(
            decide(&[(
                "https://x.awsapps.com/start",
                CacheRead::Unreadable(ReadProblem::NotAFile)
            )]),
            CarrySkip::Unusable { .. }
        ));
        assert_eq!(decide(&[]), CarrySkip::NoLegacyToken);
    }

    #[test]
    fn report_rows_cover_sessions_and_legacy_portals() {
        let src = "\
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile s]
sso_session = corp
sso_account_id = 1
sso_role_name = R

[profile ghost]
sso_session = nowhere

[profile l1]
sso_start_url = https://x.awsapps.com/start
sso_region = us-east-1

[profile l2]
sso_start_url = https://x.awsapps.com/start
sso_region = us-east-1

[profile plain]
region = eu-west-1
";
        let doc = Document::parse(src);
        let cfg = Config::read(&doc);
        let rows = report_rows(
            &cfg,
            &CredentialsProfiles::default(),
            read(&[(
                "corp",
                CacheRead::Bytes(token("2026-01-01T00:10:00Z", "us-east-1")),
            )]),
            ts(NOW),
        );
        let summary: Vec<(RowKind, Vec<String>, Option<Login>)> = rows
            .iter()
            .map(|r| (r.kind.clone(), r.profiles.clone(), r.login.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    RowKind::SsoSession {
                        name: "corp".into()
                    },
                    vec!["s".to_string()],
                    None
                ),
                (
                    RowKind::SsoSession {
                        name: "nowhere".into()
                    },
                    vec!["ghost".to_string()],
                    Some(Login::SsoSession("nowhere".into()))
                ),
                (
                    RowKind::Legacy,
                    vec!["l1".to_string(), "l2".to_string()],
                    Some(Login::Profile("l1".into()))
                ),
            ]
        );
        assert_eq!(rows[0].cache_file, cache_file_name("corp"));
        assert_eq!(
            rows[2].cache_file,
            cache_file_name("https://x.awsapps.com/start")
        );
        let json = serde_json::to_string(&rows[0]).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"kind":"sso_session","name":"corp","start_url":"https://corp.awsapps.com/start","sso_region":"us-east-1","cache_file":"{}","profiles":["s"],"token":{{"state":"valid","expires_at":"2026-01-01T00:10:00Z","minutes_left":10,"can_refresh":false}},"login":null}}"#,
                cache_file_name("corp")
            )
        );
    }

    /// With the shared credentials file, a legacy profile's start URL and region are the ones
    /// botocore merges over the config's, and the profiles that file alone makes legacy come
    /// after the config's; one it gives an `sso_session` is that session's, over the config's
    /// session or legacy keys.
    #[test]
    fn report_rows_read_the_credentials_file_as_botocore_merges_it() {
        let src = "[profile l1]\nsso_start_url = https://x.awsapps.com/start\n\
                   sso_region = us-east-1\n[profile moved]\nsso_start_url = https://x.awsapps.com/start\n\
                   sso_region = us-east-1\n[profile settings]\nregion = eu-west-1\n\
                   [profile to-session]\nsso_start_url = https://x.awsapps.com/start\n\
                   [profile other]\nsso_session = t\n[sso-session t]\n\
                   sso_start_url = https://t.awsapps.com/start\n";
        let credentials = "[moved]\nsso_start_url = https://y.awsapps.com/start\n\
                           [settings]\nsso_start_url = https://x.awsapps.com/start\n\
                           sso_region = us-east-1\n[zed]\nsso_start_url = https://y.awsapps.com/start\n\
                           sso_region = us-east-1\n[b]\nsso_start_url = https://x.awsapps.com/start\n\
                           sso_region = eu-west-1\n[to-session]\nsso_session = s\n\
                           [session-too]\nsso_start_url = https://x.awsapps.com/start\n\
                           sso_session = s\n[other]\nSSO_Session = s\n[static]\n\
                           aws_access_key_id = A\n";
        let credentials = CredentialsProfiles::read("c".into(), credentials.into());
        let doc = Document::parse(src);
        let cfg = Config::read(&doc);
        let rows = report_rows(&cfg, &credentials, read(&[]), ts(NOW));
        let summary: Vec<(&str, Option<&str>, Vec<&str>)> = (rows.iter())
            .map(|r| {
                let profiles = r.profiles.iter().map(String::as_str).collect();
                let entry = match &r.kind {
                    RowKind::SsoSession { name } => name.as_str(),
                    RowKind::Legacy => r.start_url.as_deref().unwrap(),
                };
                (entry, r.sso_region.as_deref(), profiles)
            })
            .collect();
        let (x, y) = ("https://x.awsapps.com/start", "https://y.awsapps.com/start");
        assert_eq!(
            summary,
            [
                ("t", None, vec![]),
                (x, Some("us-east-1"), vec!["l1", "settings"]),
                (y, Some("us-east-1"), vec!["moved", "zed"]),
                ("s", None, vec!["to-session", "other", "session-too"]),
                (x, Some("eu-west-1"), vec!["b"]),
            ]
        );
    }
}
