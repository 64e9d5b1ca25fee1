//! Which profiles move into which sso-session, which profiles stay as they are and why.
//!
//! Pure: it reads a [`Config`] and returns a [`Plan`], a plain serde value (the future
//! `--format json`). It decides; [`crate::rewrite`] turns the decision into line edits.
//!
//! The rules (issue #2):
//! - a legacy profile has `sso_start_url` and no `sso_session`; legacy profiles are grouped by
//!   portal (start URL modulo the spelling variants of [`crate::aws::url`]) and `sso_region`;
//! - an existing `[sso-session]` with the same portal and region is reused, otherwise a session
//!   is synthesized with a readable, collision-free name;
//! - a profile that has `sso_session` *and* inline `sso_start_url`/`sso_region` equal to its
//!   session's loses the redundant lines (the Rust SDK rejects such profiles);
//! - anything we cannot move without changing what botocore resolves is left alone, with a reason.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::aws::url::{self as start_url, UrlProblem};
use crate::aws::{
    Config, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_SESSION, SSO_START_URL, Section, SectionKind,
    cross_sdk_kind, names,
};
use crate::doc::LineKind;

/// The scopes the AWS CLI's `configure sso` wizard writes.
pub const DEFAULT_SCOPES: &str = "sso:account:access";

/// What the user asked for, independent of any file.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Only these profiles; empty means all.
    pub profiles: Vec<String>,
    /// `--session-name NAME`: the name for the only portal in the file.
    pub session_name: Option<String>,
    /// `--session-name URL=NAME`, in the order given.
    pub session_names: Vec<(String, String)>,
    /// `sso_registration_scopes` for new sessions; `None` omits the key.
    pub scopes: Option<String>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            profiles: Vec::new(),
            session_name: None,
            session_names: Vec::new(),
            scopes: Some(DEFAULT_SCOPES.to_string()),
        }
    }
}

/// The whole decision for one file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// Sessions the migrated profiles will use, new or reused, in the order of their first profile.
    pub sessions: Vec<SessionPlan>,
    /// Legacy profiles that move into a session.
    pub migrated: Vec<Migration>,
    /// Profiles with `sso_session` that lose inline keys equal to their session's.
    pub cleaned: Vec<Cleanup>,
    /// Profiles with SSO settings that stay as they are.
    pub skipped: Vec<Skip>,
    pub warnings: Vec<Warning>,
}

impl Plan {
    /// Whether applying the plan changes the file.
    pub fn changes_anything(&self) -> bool {
        !self.migrated.is_empty() || !self.cleaned.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionPlan {
    pub name: String,
    pub start_url: String,
    pub sso_region: String,
    /// `sso_registration_scopes` written into a new session (`None`: the key is left out, or the
    /// session already exists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_scopes: Option<String>,
    pub origin: SessionOrigin,
    /// The profiles that move into this session.
    pub profiles: Vec<String>,
}

impl SessionPlan {
    pub fn is_new(&self) -> bool {
        matches!(self.origin, SessionOrigin::New { .. })
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SessionOrigin {
    /// Written directly above line `above_line` (1-based), above the first profile that uses it
    /// and any comment lines attached to that profile's header.
    New {
        above_line: usize,
        #[serde(skip)]
        insert_before: usize,
    },
    /// `[sso-session NAME]` already at `line` (1-based).
    Existing { line: usize },
}

#[derive(Debug, Clone, Serialize)]
pub struct Migration {
    pub profile: String,
    /// Line of the profile's header (1-based).
    pub line: usize,
    pub session: String,
    /// The profile's start URL when it is spelled differently from the session's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respelled_from: Option<String>,
    #[serde(skip)]
    pub section: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cleanup {
    pub profile: String,
    pub line: usize,
    pub session: String,
    /// The inline keys removed because the session holds the same values.
    pub removed: Vec<String>,
    #[serde(skip)]
    pub section: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skip {
    pub profile: String,
    pub line: usize,
    pub reason: SkipReason,
}

/// Why a profile with SSO settings is left as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum SkipReason {
    MissingRegion,
    EmptyRegion,
    /// The value continues on indented lines; it cannot move into a session line as it is.
    Multiline {
        key: String,
    },
    StartUrl {
        value: String,
        problem: UrlProblem,
    },
    /// `credential_process` runs a helper that reads the inline keys.
    CredentialProcess {
        command: String,
    },
    /// The value comes from `[DEFAULT]`, not from a line in the profile.
    FromDefaults {
        key: String,
    },
    /// A header only botocore reads as a profile, such as `[profiles x]`.
    NonCanonicalHeader {
        header: String,
    },
    /// Inside a Granted profile registry block, which Granted regenerates.
    Managed {
        registry: String,
    },
    /// `sso_session` names a session that does not exist.
    MissingSession {
        session: String,
    },
    /// An inline key disagrees with the session (botocore already fails on this profile).
    Conflict {
        key: String,
        profile: String,
        session: String,
    },
    /// The session lacks a key the profile supplies inline; removing it would break the profile.
    SessionLacks {
        key: String,
        session: String,
    },
    /// An indented comment follows a line we would remove or replace; other AWS SDKs read such
    /// a line as part of the value above it, which would then be a different key's.
    IndentedComment {
        key: String,
    },
    /// Moving the profile would make botocore see a different value for a key in the profile and
    /// in the session (for example through `[DEFAULT]`).
    WouldConflict {
        key: String,
        profile: String,
        session: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum Warning {
    /// One portal used with several SSO regions: one of them is probably wrong.
    SeveralRegions {
        start_url: String,
        regions: Vec<String>,
        sessions: Vec<String>,
    },
    /// A `--session-name URL=NAME` that matched no portal in this file.
    UnusedSessionName { start_url: String },
    /// `--session-name NAME` was not used because an existing session already serves the portal.
    SessionNameIgnored { name: String, existing: String },
    /// A moved `sso_region` holds an inline comment, which botocore reads as part of the value.
    InlineComment { profile: String, value: String },
    /// An existing session serves the portal but cannot be reused as it is, so a new session
    /// was planned: its name is one other AWS SDKs cannot read (`[sso-session 'my corp']`), or it
    /// sets keys botocore would copy into every profile that uses it.
    SessionNotReused {
        existing: String,
        new: String,
        why: NotReused,
    },
}

/// Why a matching existing session is not reused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum NotReused {
    /// Other AWS SDKs cannot read its name.
    NamePortability,
    /// It sets a key other than the session keys; botocore merges it into every profile.
    ExtraKey { key: String },
}

impl SkipReason {
    /// The stable identifier scripts match on (`reason` in `--format json`).
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::MissingRegion => "missing_region",
            SkipReason::EmptyRegion => "empty_region",
            SkipReason::Multiline { .. } => "multiline",
            SkipReason::StartUrl { .. } => "start_url",
            SkipReason::CredentialProcess { .. } => "credential_process",
            SkipReason::FromDefaults { .. } => "from_defaults",
            SkipReason::NonCanonicalHeader { .. } => "non_canonical_header",
            SkipReason::Managed { .. } => "managed",
            SkipReason::MissingSession { .. } => "missing_session",
            SkipReason::Conflict { .. } => "conflict",
            SkipReason::SessionLacks { .. } => "session_lacks",
            SkipReason::IndentedComment { .. } => "indented_comment",
            SkipReason::WouldConflict { .. } => "would_conflict",
        }
    }

    /// Every code, for documentation and tests.
    pub const CODES: [&'static str; 13] = [
        "missing_region",
        "empty_region",
        "multiline",
        "start_url",
        "credential_process",
        "from_defaults",
        "non_canonical_header",
        "managed",
        "missing_session",
        "conflict",
        "session_lacks",
        "indented_comment",
        "would_conflict",
    ];
}

impl Warning {
    /// The stable identifier scripts match on (`code` in `--format json`).
    pub fn code(&self) -> &'static str {
        match self {
            Warning::SeveralRegions { .. } => "several_regions",
            Warning::UnusedSessionName { .. } => "unused_session_name",
            Warning::SessionNameIgnored { .. } => "session_name_ignored",
            Warning::InlineComment { .. } => "inline_comment",
            Warning::SessionNotReused { .. } => "session_not_reused",
        }
    }

    /// Every code, for documentation and tests.
    pub const CODES: [&'static str; 5] = [
        "several_regions",
        "unused_session_name",
        "session_name_ignored",
        "inline_comment",
        "session_not_reused",
    ];
}

/// A request that cannot be planned for this file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("no profile `{0}` in this file")]
    UnknownProfile(String),
    #[error(
        "--session-name `{name}` needs exactly one portal, but {count} would get a session here; \
         use --session-name URL=NAME"
    )]
    AmbiguousSessionName { name: String, count: usize },
    #[error("--session-name `{name}` is already taken by {by}; choose another name")]
    SessionNameTaken { name: String, by: String },
}

/// A legacy profile that can move, before grouping.
struct Candidate {
    section: usize,
    profile: String,
    url: String,
    region: String,
    scopes: Option<String>,
}

/// Legacy profiles that share a portal, an SSO region and profile-level scopes.
struct Group {
    key: String,
    region: String,
    scopes: Option<String>,
    members: Vec<Candidate>,
}

impl Group {
    /// The most common spelling of the start URL; ties go to the first in the file.
    fn spelling(&self) -> String {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for m in &self.members {
            match counts.iter_mut().find(|(u, _)| *u == m.url) {
                Some((_, n)) => *n += 1,
                None => counts.push((&m.url, 1)),
            }
        }
        let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        counts
            .iter()
            .find(|(_, n)| *n == best)
            .map(|(u, _)| u.to_string())
            .unwrap_or_default()
    }
}

/// Plans the migration of `cfg`. `cfg` must have no [`Config::problems`].
pub fn plan(cfg: &Config, opts: &PlanOptions) -> Result<Plan, PlanError> {
    for name in &opts.profiles {
        if cfg.profile(name).is_none() {
            return Err(PlanError::UnknownProfile(name.clone()));
        }
    }
    let selected = |name: &str| opts.profiles.is_empty() || opts.profiles.iter().any(|p| p == name);
    let mut plan = Plan::default();
    let mut candidates = Vec::new();
    for (sec, section) in cfg.profile_sections() {
        let name = section.profile_name().unwrap_or_default();
        if !selected(name) {
            continue;
        }
        let skip = |reason| Skip {
            profile: name.to_string(),
            line: section.header_line + 1,
            reason,
        };
        let outcome = if cfg.get(sec, SSO_SESSION).is_some() {
            consider_hybrid(cfg, sec, section).map(|c| c.map(Consider::Clean))
        } else if cfg.get(sec, SSO_START_URL).is_some() {
            consider_legacy(cfg, sec, section).map(|c| Some(Consider::Move(c)))
        } else {
            Ok(None)
        };
        match outcome {
            Ok(None) => {}
            Ok(Some(Consider::Clean(c))) => plan.cleaned.push(c),
            Ok(Some(Consider::Move(c))) => candidates.push(c),
            Err(reason) => plan.skipped.push(skip(reason)),
        }
    }
    let groups = group(candidates);
    assign_sessions(cfg, opts, groups, &mut plan)?;
    plan.skipped.sort_by_key(|s| s.line);
    Ok(plan)
}

enum Consider {
    Move(Candidate),
    Clean(Cleanup),
}

/// Checks shared by every profile we would edit.
fn editable(section: &Section) -> Result<(), SkipReason> {
    if let SectionKind::Profile {
        canonical: false, ..
    } = section.kind
    {
        return Err(SkipReason::NonCanonicalHeader {
            header: section.header.clone(),
        });
    }
    if let Some(registry) = &section.managed_by {
        return Err(SkipReason::Managed {
            registry: registry.clone(),
        });
    }
    Ok(())
}

fn consider_legacy(cfg: &Config, sec: usize, section: &Section) -> Result<Candidate, SkipReason> {
    editable(section)?;
    let Some(url) = section.own(SSO_START_URL) else {
        return Err(SkipReason::FromDefaults {
            key: SSO_START_URL.into(),
        });
    };
    start_url::check(&url.value).map_err(|problem| SkipReason::StartUrl {
        value: url.value.clone(),
        problem,
    })?;
    let region = match section.own(SSO_REGION) {
        Some(r) if r.value.is_empty() => return Err(SkipReason::EmptyRegion),
        Some(r) if r.value.contains('\n') => {
            return Err(SkipReason::Multiline {
                key: SSO_REGION.into(),
            });
        }
        Some(r) => r.value.clone(),
        None if cfg.default_value(SSO_REGION).is_some() => {
            return Err(SkipReason::FromDefaults {
                key: SSO_REGION.into(),
            });
        }
        None => return Err(SkipReason::MissingRegion),
    };
    if let Some(cp) = cfg.get(sec, "credential_process")
        && let Some(command) = reads_inline_keys(cp)
    {
        return Err(SkipReason::CredentialProcess {
            command: command.into(),
        });
    }
    for key in [SSO_START_URL, SSO_REGION] {
        if section
            .own(key)
            .is_some_and(|p| indented_comment_after(cfg, p))
        {
            return Err(SkipReason::IndentedComment { key: key.into() });
        }
    }
    // The profile's own scopes become the new session's `sso_registration_scopes` line.
    if section
        .own(SSO_REGISTRATION_SCOPES)
        .is_some_and(|p| p.value.contains('\n'))
    {
        return Err(SkipReason::Multiline {
            key: SSO_REGISTRATION_SCOPES.into(),
        });
    }
    Ok(Candidate {
        section: sec,
        profile: section.profile_name().unwrap_or_default().to_string(),
        url: url.value.clone(),
        region,
        scopes: section
            .own(SSO_REGISTRATION_SCOPES)
            .map(|p| p.value.clone()),
    })
}

/// Credential helpers that read `sso_start_url`/`sso_region` from the profile itself
/// (`AWS-CONFIG-FACTS.md` §5.2 item 4).
fn reads_inline_keys(credential_process: &str) -> Option<&'static str> {
    let words: Vec<&str> = credential_process.split_whitespace().collect();
    let is = |w: &str, name: &str| w == name || w.ends_with(&format!("/{name}"));
    if words
        .windows(2)
        .any(|w| is(w[0], "aws-sso-util") && w[1] == "credential-process")
    {
        return Some("aws-sso-util credential-process");
    }
    if words.iter().any(|w| is(w, "aws-sso-credential-process")) {
        return Some("aws-sso-credential-process");
    }
    None
}

/// A profile with `sso_session`: remove inline keys its session already holds.
fn consider_hybrid(
    cfg: &Config,
    sec: usize,
    section: &Section,
) -> Result<Option<Cleanup>, SkipReason> {
    let inline: Vec<_> = [SSO_START_URL, SSO_REGION]
        .into_iter()
        .filter_map(|k| section.own(k))
        .collect();
    if inline.is_empty() {
        for key in [SSO_START_URL, SSO_REGION] {
            if cfg.default_value(key).is_some() {
                return Err(SkipReason::FromDefaults { key: key.into() });
            }
        }
        return Ok(None);
    }
    editable(section)?;
    let session = cfg.get(sec, SSO_SESSION).unwrap_or_default().to_string();
    let Some(session_sec) = cfg.session(&session) else {
        return Err(SkipReason::MissingSession { session });
    };
    for p in &inline {
        match cfg.get(session_sec, &p.key) {
            None => {
                return Err(SkipReason::SessionLacks {
                    key: p.key.clone(),
                    session,
                });
            }
            Some(v) if v != p.value => {
                return Err(SkipReason::Conflict {
                    key: p.key.clone(),
                    profile: p.value.clone(),
                    session: v.to_string(),
                });
            }
            Some(_) => {}
        }
    }
    if let Some(p) = inline.iter().find(|p| indented_comment_after(cfg, p)) {
        return Err(SkipReason::IndentedComment { key: p.key.clone() });
    }
    let removed: Vec<String> = inline.iter().map(|p| p.key.clone()).collect();
    let session_keys: Vec<(String, String)> = cfg
        .effective(session_sec)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    merge_conflict(cfg, sec, &removed, None, &session_keys)?;
    Ok(Some(Cleanup {
        profile: section.profile_name().unwrap_or_default().to_string(),
        line: section.header_line + 1,
        session,
        removed,
        section: sec,
    }))
}

/// Whether an indented comment line follows `p` (through blank and comment lines). Python skips
/// it, but the other SDKs' parser treats every line that starts with whitespace as a
/// continuation of the value above it.
fn indented_comment_after(cfg: &Config, p: &crate::aws::Prop) -> bool {
    let doc = cfg.document();
    (p.end..doc.len())
        .take_while(|&i| matches!(doc.line(i).kind, LineKind::Blank | LineKind::Comment))
        .any(|i| doc.line(i).kind == LineKind::Comment && starts_indented(doc.raw_text(i)))
}

fn starts_indented(text: &[u8]) -> bool {
    matches!(text.first(), Some(b' ' | b'\t'))
}

/// Simulates botocore's merge of a session into the profile after the rewrite: the profile
/// without its `removed` lines (so `[DEFAULT]` may fill them), plus `sso_session`.
fn merge_conflict(
    cfg: &Config,
    sec: usize,
    removed: &[String],
    session_name: Option<&str>,
    session_keys: &[(String, String)],
) -> Result<(), SkipReason> {
    let section = cfg.section(sec);
    let profile_value = |key: &str| -> Option<String> {
        if key == SSO_SESSION
            && let Some(n) = session_name
        {
            return Some(n.to_string());
        }
        match section.own(key) {
            Some(p) if !removed.iter().any(|r| r == key) => Some(p.value.clone()),
            _ => cfg.default_value(key).map(str::to_string),
        }
    };
    for (k, v) in session_keys {
        if let Some(pv) = profile_value(k)
            && pv != *v
        {
            return Err(SkipReason::WouldConflict {
                key: k.clone(),
                profile: pv,
                session: v.clone(),
            });
        }
    }
    Ok(())
}

fn group(candidates: Vec<Candidate>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(String, String, Option<String>), usize> = HashMap::new();
    for c in candidates {
        let key = start_url::portal_key(&c.url);
        let k = (key.clone(), c.region.clone(), c.scopes.clone());
        match index.get(&k) {
            Some(&i) => groups[i].members.push(c),
            None => {
                index.insert(k, groups.len());
                groups.push(Group {
                    key,
                    region: c.region.clone(),
                    scopes: c.scopes.clone(),
                    members: vec![c],
                });
            }
        }
    }
    groups
}

/// The keys a new session will have, as botocore will see them (with `[DEFAULT]`).
fn new_session_keys(
    cfg: &Config,
    url: &str,
    region: &str,
    scopes: Option<&str>,
) -> Vec<(String, String)> {
    let mut keys = vec![
        (SSO_START_URL.to_string(), url.to_string()),
        (SSO_REGION.to_string(), region.to_string()),
    ];
    if let Some(s) = scopes {
        keys.push((SSO_REGISTRATION_SCOPES.to_string(), s.to_string()));
    }
    for (k, v) in cfg.defaults() {
        if !keys.iter().any(|(kk, _)| kk == k) {
            keys.push((k.clone(), v.clone()));
        }
    }
    keys
}

/// An existing session to reuse: its section and name.
type Existing = (usize, String);

/// A matching session that cannot be reused: its name and why.
type Rejected = (String, NotReused);

/// The keys a reusable session may hold: botocore merges every key of a session into each
/// profile that uses it, so any other key would change those profiles.
const SESSION_KEYS: [&str; 3] = [SSO_START_URL, SSO_REGION, SSO_REGISTRATION_SCOPES];

/// An existing session that serves the group's portal and region and can be reused as it is:
/// every AWS SDK can read its name and it holds only session keys. Also the first matching
/// session that cannot be reused, and why.
fn find_existing(cfg: &Config, g: &Group) -> (Option<Existing>, Option<Rejected>) {
    let mut rejected = None;
    let found = matching_sessions(cfg, g).find(|(i, name)| {
        let why = if !names::is_portable(name) {
            Some(NotReused::NamePortability)
        } else {
            cfg.section(*i)
                .props
                .iter()
                .find(|p| !SESSION_KEYS.contains(&p.key.as_str()))
                .map(|p| NotReused::ExtraKey { key: p.key.clone() })
        };
        match why {
            None => true,
            Some(why) => {
                rejected.get_or_insert((name.clone(), why));
                false
            }
        }
    });
    (found, rejected)
}

fn matching_sessions<'c>(
    cfg: &'c Config,
    g: &'c Group,
) -> impl Iterator<Item = (usize, String)> + 'c {
    cfg.session_sections().filter_map(move |(i, s)| {
        let SectionKind::SsoSession {
            name,
            canonical: true,
        } = &s.kind
        else {
            return None;
        };
        let url = s.own(SSO_START_URL)?;
        let region = s.own(SSO_REGION)?;
        let scopes_ok = match &g.scopes {
            None => true,
            Some(want) => cfg.get(i, SSO_REGISTRATION_SCOPES) == Some(want.as_str()),
        };
        (start_url::check(&url.value).is_ok()
            && start_url::portal_key(&url.value) == g.key
            && region.value == g.region
            && s.managed_by.is_none()
            && scopes_ok)
            .then(|| (i, name.clone()))
    })
}

/// Chooses a session for each group, drops members that would conflict, names new sessions.
fn assign_sessions(
    cfg: &Config,
    opts: &PlanOptions,
    groups: Vec<Group>,
    plan: &mut Plan,
) -> Result<(), PlanError> {
    struct Assigned {
        group: Group,
        url: String,
        existing: Option<Existing>,
        rejected: Option<Rejected>,
        scopes: Option<String>,
    }
    let mut assigned: Vec<Assigned> = Vec::new();
    for mut g in groups {
        let (existing, rejected) = find_existing(cfg, &g);
        let scopes = g.scopes.clone().or_else(|| opts.scopes.clone());
        // Removing a conflicting member can change the majority spelling; repeat until stable.
        loop {
            let url = match &existing {
                Some((i, _)) => cfg.section(*i).own(SSO_START_URL).unwrap().value.clone(),
                None => g.spelling(),
            };
            let session_keys = match &existing {
                Some((i, _)) => cfg
                    .effective(*i)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                None => new_session_keys(cfg, &url, &g.region, scopes.as_deref()),
            };
            let removed = [SSO_START_URL.to_string(), SSO_REGION.to_string()];
            let before = g.members.len();
            let mut kept = Vec::new();
            for m in g.members.drain(..) {
                match merge_conflict(cfg, m.section, &removed, None, &session_keys) {
                    Ok(()) => kept.push(m),
                    Err(reason) => plan.skipped.push(Skip {
                        profile: m.profile.clone(),
                        line: cfg.section(m.section).header_line + 1,
                        reason,
                    }),
                }
            }
            g.members = kept;
            if g.members.is_empty() {
                break;
            }
            if g.members.len() == before {
                assigned.push(Assigned {
                    group: g,
                    url,
                    existing,
                    rejected,
                    scopes,
                });
                break;
            }
        }
    }

    if let Some(name) = &opts.session_name
        && assigned.len() > 1
    {
        return Err(PlanError::AmbiguousSessionName {
            name: name.clone(),
            count: assigned.len(),
        });
    }
    let overrides: Vec<(String, &str)> = opts
        .session_names
        .iter()
        .map(|(u, n)| (start_url::portal_key(u), n.as_str()))
        .collect();
    for (url, _) in &opts.session_names {
        let key = start_url::portal_key(url);
        if !assigned.iter().any(|a| a.group.key == key) {
            plan.warnings.push(Warning::UnusedSessionName {
                start_url: url.clone(),
            });
        }
    }

    let mut taken = Taken::new(cfg);
    // Base names handed out in this run, by portal, so a second region gets `-<region>`.
    let mut base_by_portal: HashMap<String, String> = HashMap::new();
    for a in &assigned {
        let first = &a.group.members[0];
        let (name, origin, scopes) = match &a.existing {
            Some((i, name)) => {
                if let Some(wanted) = opts.session_name.as_deref().or_else(|| {
                    overrides
                        .iter()
                        .find(|(k, _)| *k == a.group.key)
                        .map(|(_, n)| *n)
                }) && wanted != name
                {
                    plan.warnings.push(Warning::SessionNameIgnored {
                        name: wanted.to_string(),
                        existing: name.clone(),
                    });
                }
                (
                    name.clone(),
                    SessionOrigin::Existing {
                        line: cfg.section(*i).header_line + 1,
                    },
                    None,
                )
            }
            None => {
                let wanted = opts.session_name.clone().or_else(|| {
                    overrides
                        .iter()
                        .find(|(k, _)| *k == a.group.key)
                        .map(|(_, n)| n.to_string())
                });
                let base = match wanted {
                    Some(w) => {
                        if let Some(by) = taken.owner(&w)
                            && base_by_portal.get(&a.group.key) != Some(&w)
                        {
                            return Err(PlanError::SessionNameTaken { name: w, by });
                        }
                        w
                    }
                    None => {
                        let parsed = start_url::check(&a.url).expect("checked when grouped");
                        names::base_name(&parsed)
                    }
                };
                let name = taken.unique(&base, &a.group.region, &base_by_portal, &a.group.key);
                base_by_portal.entry(a.group.key.clone()).or_insert(base);
                let at = insertion_line(cfg, first.section);
                (
                    name,
                    SessionOrigin::New {
                        above_line: at + 1,
                        insert_before: at,
                    },
                    a.scopes.clone(),
                )
            }
        };
        if let (true, Some((existing, why))) = (a.existing.is_none(), &a.rejected) {
            plan.warnings.push(Warning::SessionNotReused {
                existing: existing.clone(),
                new: name.clone(),
                why: why.clone(),
            });
        }
        taken.add(&name, "a new session");
        for m in &a.group.members {
            if has_inline_comment(&m.region) {
                plan.warnings.push(Warning::InlineComment {
                    profile: m.profile.clone(),
                    value: m.region.clone(),
                });
            }
            plan.migrated.push(Migration {
                profile: m.profile.clone(),
                line: cfg.section(m.section).header_line + 1,
                session: name.clone(),
                respelled_from: (m.url != a.url).then(|| m.url.clone()),
                section: m.section,
            });
        }
        plan.sessions.push(SessionPlan {
            name,
            start_url: a.url.clone(),
            sso_region: a.group.region.clone(),
            registration_scopes: scopes,
            origin,
            profiles: a.group.members.iter().map(|m| m.profile.clone()).collect(),
        });
    }

    // One portal with several regions: say so once per portal.
    let mut portals: Vec<&str> = Vec::new();
    for a in &assigned {
        if !portals.contains(&a.group.key.as_str()) {
            portals.push(&a.group.key);
        }
    }
    for key in portals {
        let same: Vec<usize> = (0..assigned.len())
            .filter(|&i| assigned[i].group.key == key)
            .collect();
        let mut regions: Vec<String> = Vec::new();
        for &i in &same {
            if !regions.contains(&assigned[i].group.region) {
                regions.push(assigned[i].group.region.clone());
            }
        }
        if regions.len() > 1 {
            plan.warnings.push(Warning::SeveralRegions {
                start_url: assigned[same[0]].url.clone(),
                regions,
                sessions: same
                    .iter()
                    .map(|&i| plan.sessions[i].name.clone())
                    .collect(),
            });
        }
    }
    plan.migrated.sort_by_key(|m| m.line);
    Ok(())
}

/// `value # text` or `value ; text`: a comment to other SDKs, part of the value to botocore.
fn has_inline_comment(value: &str) -> bool {
    value
        .char_indices()
        .any(|(i, c)| matches!(c, '#' | ';') && value[..i].ends_with(char::is_whitespace))
}

/// The line a new session goes above: the profile's header, or the first of the comment lines
/// directly above it. An indented comment is not attached to the header: other SDKs read it as
/// part of the value above it, so the session must not come between the two.
fn insertion_line(cfg: &Config, sec: usize) -> usize {
    let doc = cfg.document();
    let mut at = cfg.section(sec).header_line;
    while at > 0
        && doc.line(at - 1).kind == LineKind::Comment
        && !starts_indented(doc.raw_text(at - 1))
    {
        at -= 1;
    }
    at
}

/// Session names in use: existing sessions, names profiles refer to (even dangling ones), and
/// names given out in this run. Compared case-insensitively, so no two sessions differ only in
/// case.
struct Taken {
    owners: HashMap<String, String>,
}

impl Taken {
    fn new(cfg: &Config) -> Taken {
        let mut t = Taken {
            owners: HashMap::new(),
        };
        for s in cfg.sections() {
            let by = format!("[{}] at line {}", s.header, s.header_line + 1);
            if let SectionKind::SsoSession { name, .. } = &s.kind {
                t.add(name, &by);
            }
            // Other SDKs read `[ sso-session corp ]` as `corp`; a new `corp` would merge with it.
            if let Some(("sso-session", name)) = cross_sdk_kind(&s.header) {
                t.add(&name, &by);
            }
        }
        let mut referenced: HashSet<String> = HashSet::new();
        for (i, s) in cfg.sections().iter().enumerate() {
            if let Some(v) = cfg.get(i, SSO_SESSION) {
                let by = format!("`sso_session = {v}` in [{}]", s.header);
                if referenced.insert(v.to_string()) {
                    t.add(v, &by);
                }
            }
        }
        t
    }

    fn add(&mut self, name: &str, by: &str) {
        self.owners
            .entry(name.to_lowercase())
            .or_insert_with(|| by.to_string());
    }

    fn owner(&self, name: &str) -> Option<String> {
        self.owners.get(&name.to_lowercase()).cloned()
    }

    /// `base`, or `base-<region>` when this portal already has `base` for another region, then
    /// `-2`, `-3`, … until free.
    fn unique(
        &self,
        base: &str,
        region: &str,
        base_by_portal: &HashMap<String, String>,
        portal: &str,
    ) -> String {
        let mut stem = base.to_string();
        if self.owner(&stem).is_some()
            && base_by_portal.get(portal).map(String::as_str) == Some(base)
        {
            let suffixed = format!("{base}-{}", names::sanitize(region));
            if names::is_valid(&suffixed) {
                stem = suffixed;
            }
        }
        if self.owner(&stem).is_none() {
            return stem;
        }
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|c| self.owner(c).is_none())
            .expect("some suffix is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;

    fn plan_of(src: &str, opts: &PlanOptions) -> Result<Plan, PlanError> {
        let doc = Document::parse(src);
        let cfg = Config::read(&doc);
        assert!(cfg.problems().is_empty(), "{:?}", cfg.problems());
        plan(&cfg, opts)
    }

    fn legacy(name: &str, url: &str, region: &str) -> String {
        format!(
            "[profile {name}]\nsso_start_url = {url}\nsso_region = {region}\nsso_account_id = 1\nsso_role_name = R\n"
        )
    }

    fn names(p: &Plan) -> Vec<&str> {
        p.sessions.iter().map(|s| s.name.as_str()).collect()
    }

    fn reasons(p: &Plan) -> Vec<(&str, &SkipReason)> {
        p.skipped
            .iter()
            .map(|s| (s.profile.as_str(), &s.reason))
            .collect()
    }

    #[test]
    fn groups_by_portal_and_region_with_the_most_common_spelling() {
        let src = [
            legacy("a", "https://acme.awsapps.com/start/", "us-east-1"),
            legacy("b", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("c", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("d", "https://acme.awsapps.com/start#/", "eu-west-1"),
        ]
        .concat();
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(names(&p), ["acme", "acme-eu-west-1"]);
        assert_eq!(p.sessions[0].start_url, "https://acme.awsapps.com/start");
        assert_eq!(p.sessions[0].profiles, ["a", "b", "c"]);
        // A group of one keeps its own spelling.
        assert_eq!(p.sessions[1].start_url, "https://acme.awsapps.com/start#/");
        let respelled: Vec<_> = p
            .migrated
            .iter()
            .filter_map(|m| m.respelled_from.as_deref().map(|f| (m.profile.as_str(), f)))
            .collect();
        assert_eq!(respelled, [("a", "https://acme.awsapps.com/start/")]);
        assert!(matches!(p.warnings[0], Warning::SeveralRegions { .. }));
    }

    #[test]
    fn ties_go_to_the_first_spelling_in_the_file() {
        let src = [
            legacy("a", "https://acme.awsapps.com/start/", "us-east-1"),
            legacy("b", "https://acme.awsapps.com/start", "us-east-1"),
        ]
        .concat();
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(p.sessions[0].start_url, "https://acme.awsapps.com/start/");
    }

    #[test]
    fn names_never_collide() {
        let src = format!(
            "[sso-session acme]\nsso_start_url = https://other.example/start\nsso_region = us-east-1\n\
             [profile x]\nsso_session = Acme-2\n{}",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1")
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        // `acme` exists with another portal; `Acme-2` is referenced (case-insensitively taken).
        assert_eq!(names(&p), ["acme-3"]);
    }

    #[test]
    fn an_existing_matching_session_is_reused() {
        let src = format!(
            "[sso-session corp]\nsso_start_url = https://ACME.awsapps.com/start/\nsso_region = us-east-1\n{}",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1")
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(names(&p), ["corp"]);
        assert!(!p.sessions[0].is_new());
        assert_eq!(
            p.migrated[0].respelled_from.as_deref(),
            Some("https://acme.awsapps.com/start")
        );
    }

    #[test]
    fn a_session_with_other_keys_is_not_reused() {
        let src = format!(
            "[sso-session corp]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_role_name =\n{}",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1")
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(names(&p), ["acme"]);
        assert!(matches!(
            &p.warnings[..],
            [Warning::SessionNotReused { why: NotReused::ExtraKey { key }, .. }] if key == "sso_role_name"
        ));
    }

    #[test]
    fn a_session_with_another_region_is_not_reused() {
        let src = format!(
            "[sso-session corp]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n{}",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1")
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(names(&p), ["acme"]);
        assert!(p.sessions[0].is_new());
    }

    #[test]
    fn defaults_that_would_conflict_with_a_new_session_skip_the_profile() {
        // [DEFAULT] region lands in the new session; a profile with its own region would then be
        // "inconsistent between profile and sso-session" in botocore.
        let src = format!(
            "[DEFAULT]\nregion = us-east-1\n{}{}region = eu-west-1\n",
            legacy("same", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("other", "https://acme.awsapps.com/start", "us-east-1"),
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(p.sessions[0].profiles, ["same"]);
        assert!(matches!(
            reasons(&p)[..],
            [("other", SkipReason::WouldConflict { key, .. })] if key == "region"
        ));
    }

    #[test]
    fn sso_keys_from_defaults_are_left_alone() {
        let src = "[DEFAULT]\nsso_region = us-east-1\n[profile a]\nsso_start_url = https://acme.awsapps.com/start\n\
                   [profile b]\nsso_account_id = 1\n";
        let p = plan_of(src, &PlanOptions::default()).unwrap();
        assert!(!p.changes_anything());
        assert!(matches!(
            reasons(&p)[..],
            [("a", SkipReason::FromDefaults { key })] if key == "sso_region"
        ));
        let src = "[DEFAULT]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n\
                   [profile a]\nsso_account_id = 1\n";
        let p = plan_of(src, &PlanOptions::default()).unwrap();
        assert!(matches!(
            reasons(&p)[..],
            [("a", SkipReason::FromDefaults { key })] if key == "sso_start_url"
        ));
    }

    #[test]
    fn profile_level_scopes_go_with_the_profile() {
        let src = format!(
            "{}sso_registration_scopes = sso:account:access,codewhisperer:completions\n",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1")
        );
        let opts = PlanOptions {
            scopes: None,
            ..PlanOptions::default()
        };
        let p = plan_of(&src, &opts).unwrap();
        assert_eq!(
            p.sessions[0].registration_scopes.as_deref(),
            Some("sso:account:access,codewhisperer:completions")
        );
    }

    #[test]
    fn multi_line_values_do_not_move() {
        let src = format!(
            "{}sso_registration_scopes = x\n  y\n",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1")
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert!(matches!(
            reasons(&p)[..],
            [("a", SkipReason::Multiline { key })] if key == "sso_registration_scopes"
        ));
        let src = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n  more\n";
        let p = plan_of(src, &PlanOptions::default()).unwrap();
        assert!(matches!(
            reasons(&p)[..],
            [("a", SkipReason::Multiline { key })] if key == "sso_region"
        ));
    }

    #[test]
    fn session_name_options() {
        let two = [
            legacy("a", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("b", "https://d-1.awsapps.com/start", "us-east-1"),
        ]
        .concat();
        let opts = PlanOptions {
            session_name: Some("corp".into()),
            ..PlanOptions::default()
        };
        assert!(matches!(
            plan_of(&two, &opts),
            Err(PlanError::AmbiguousSessionName { count: 2, .. })
        ));
        let opts = PlanOptions {
            session_names: vec![
                ("https://acme.awsapps.com/start/".into(), "corp".into()),
                ("https://unused.awsapps.com/start".into(), "x".into()),
            ],
            ..PlanOptions::default()
        };
        let p = plan_of(&two, &opts).unwrap();
        assert_eq!(names(&p), ["corp", "d-1"]);
        assert!(matches!(
            &p.warnings[..],
            [Warning::UnusedSessionName { .. }]
        ));
    }

    #[test]
    fn unknown_profiles_are_an_error_and_selection_limits() {
        let src = [
            legacy("a", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("b", "https://acme.awsapps.com/start", "us-east-1"),
        ]
        .concat();
        let only = |names: &[&str]| PlanOptions {
            profiles: names.iter().map(|s| s.to_string()).collect(),
            ..PlanOptions::default()
        };
        assert_eq!(
            plan_of(&src, &only(&["zzz"])).unwrap_err(),
            PlanError::UnknownProfile("zzz".into())
        );
        let p = plan_of(&src, &only(&["b"])).unwrap();
        assert_eq!(p.sessions[0].profiles, ["b"]);
    }

    #[test]
    fn credential_helpers_that_read_inline_keys_are_detected() {
        assert!(reads_inline_keys("aws-sso-util credential-process --profile x").is_some());
        assert!(reads_inline_keys("/usr/local/bin/aws-sso-util credential-process").is_some());
        assert!(reads_inline_keys("aws-sso-credential-process --profile x").is_some());
        assert!(reads_inline_keys("aws configure export-credentials --profile x").is_none());
        assert!(reads_inline_keys("aws-sso-util login").is_none());
    }

    #[test]
    fn hybrid_profiles() {
        let session = "[sso-session s]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n";
        let p = plan_of(
            &format!("{session}[profile a]\nsso_session = s\nsso_region = us-east-1\n"),
            &PlanOptions::default(),
        )
        .unwrap();
        assert_eq!(p.cleaned[0].removed, ["sso_region"]);
        let p = plan_of(
            &format!("{session}[profile a]\nsso_session = s\nsso_region = eu-west-1\n"),
            &PlanOptions::default(),
        )
        .unwrap();
        assert!(matches!(
            reasons(&p)[..],
            [("a", SkipReason::Conflict { .. })]
        ));
        let p = plan_of(
            "[sso-session s]\nsso_region = us-east-1\n[profile a]\nsso_session = s\nsso_start_url = https://x/start\n",
            &PlanOptions::default(),
        )
        .unwrap();
        assert!(matches!(
            reasons(&p)[..],
            [("a", SkipReason::SessionLacks { .. })]
        ));
    }
}
