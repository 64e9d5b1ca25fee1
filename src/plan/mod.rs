//! Which profiles move into which sso-session, which profiles stay as they are and why.
//!
//! Pure: it reads a [`Config`] and returns a [`Plan`], plain data that the emitters render (the
//! JSON one through its own schema types). It decides; [`crate::rewrite`] turns the decision
//! into line edits.
//!
//! The rules (issue #2):
//! - a legacy profile has `sso_start_url` and no `sso_session`; legacy profiles are grouped by
//!   portal (start URL modulo the spelling variants of [`crate::aws::url`]) and `sso_region`;
//! - an existing `[sso-session]` with the same portal and region is reused, otherwise a session
//!   is synthesized with a readable, collision-free name;
//! - a profile that has `sso_session` *and* inline `sso_start_url`/`sso_region` equal to its
//!   session's loses the redundant lines (the Rust SDK rejects such profiles);
//! - anything we cannot move without changing what botocore resolves is left alone, with a reason.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::aws::credentials::CredentialsProfiles;
use crate::aws::key_lines::KeyLineReadOtherwise;
use crate::aws::managed::ManagedBy;
use crate::aws::other_sdks::{self, Readers};
use crate::aws::url::UrlProblem;
use crate::aws::{
    Config, ProblemKind, Prop, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_SESSION, SSO_START_URL,
};
use crate::doc::Document;
use crate::hash::HashSet;

/// The scopes the AWS CLI's `configure sso` wizard writes.
pub const DEFAULT_SCOPES: &str = "sso:account:access";

/// What the user asked for, and what the shared credentials file read with the config sets.
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
    /// The profiles of the shared credentials file read with the config (none where there is
    /// no such file): those it gives SSO keys, and those its credential helpers read, are left
    /// as they are.
    pub credentials: CredentialsProfiles,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            profiles: Vec::new(),
            session_name: None,
            session_names: Vec::new(),
            scopes: Some(DEFAULT_SCOPES.to_string()),
            credentials: CredentialsProfiles::default(),
        }
    }
}

/// A profile or session name in a plan. Nearly every name fits in the value itself (up to 24
/// bytes), so a plan of 100,000 profiles is not 300,000 small allocations.
pub type Name = compact_str::CompactString;

/// The whole decision for one file.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Sessions the migrated profiles will use, new or reused, in the order of their first profile.
    pub sessions: PlannedSessions,
    /// Legacy profiles that move into a session.
    pub migrated: Vec<ProfileMove>,
    /// Each session's members, one session after another: places in [`Plan::migrated`], each
    /// session's in file order ([`SessionPlan::members`] is its range here).
    member_list: Vec<u32>,
    /// The start URL of each moved profile that spelled it otherwise than its session, by its
    /// section (in file order, as the moves are): [`Plan::respelled_from`]. Kept apart, since
    /// nearly every move has none.
    respelled: Vec<(u32, Box<str>)>,
    /// Profiles with `sso_session` that lose inline keys equal to their session's.
    pub cleaned: Vec<Cleanup>,
    /// Profiles with SSO settings that stay as they are.
    pub skipped: Vec<Skip>,
    pub warnings: Vec<Warning>,
}

impl ProfileMove {
    /// The profile's name, read from its header in `doc`, the document the plan was made from.
    pub fn profile<'d>(&self, doc: &'d Document) -> Cow<'d, str> {
        crate::aws::profile_name_at(doc, self.line as usize - 1)
            .expect("a move's line is its profile's header")
    }
}

impl Plan {
    /// The session profile `m` moves into.
    pub fn session_of(&self, m: &ProfileMove) -> SessionPlan<'_> {
        self.sessions.get(m.session as usize)
    }

    /// Profile `m`'s start URL, where it is spelled otherwise than its session's.
    pub fn respelled_from(&self, m: &ProfileMove) -> Option<&str> {
        if !m.respelled {
            return None;
        }
        let at = self.respelled.binary_search_by_key(&m.section, |(s, _)| *s);
        at.ok().map(|at| &*self.respelled[at].1)
    }

    /// The profiles that move into `session`, in file order.
    pub fn members<'p>(
        &'p self,
        session: &SessionPlan<'_>,
    ) -> impl ExactSizeIterator<Item = &'p ProfileMove> + Clone + use<'p> {
        let (start, end) = session.members;
        (self.member_list[start as usize..end as usize].iter()).map(|&i| &self.migrated[i as usize])
    }

    /// Whether applying the plan changes the file.
    pub fn changes_anything(&self) -> bool {
        !self.migrated.is_empty() || !self.cleaned.is_empty()
    }

    /// Calls `f` with each key of `cfg` the plan edits, in the order [`crate::rewrite::edits`]
    /// edits them, with the session a moved profile's `sso_start_url` line (or a clean-up's
    /// respelled `sso_session` line) becomes `sso_session = NAME` for; `None` where the line
    /// goes (its `sso_region`, the scopes it moved, a clean-up's keys). Plain loops: the edits
    /// run this for every moved profile of a large file.
    pub fn for_each_edited_key<'c>(
        &self,
        cfg: &'c Config,
        mut f: impl FnMut(Prop<'c>, Option<&str>),
    ) {
        for m in &self.migrated {
            let section = m.section as usize;
            if let Some(url) = cfg.own(section, SSO_START_URL) {
                f(url, Some(self.session_of(m).name));
            }
            if let Some(region) = cfg.own(section, SSO_REGION) {
                f(region, None);
            }
            // The profile's own scopes now live in its session.
            if m.moved_scopes
                && let Some(scopes) = cfg.own(section, SSO_REGISTRATION_SCOPES)
            {
                f(scopes, None);
            }
        }
        for c in &self.cleaned {
            if c.respelled.is_some()
                && let Some(p) = cfg.own(c.section, SSO_SESSION)
            {
                f(p, Some(&c.session));
            }
            for key in &c.removed {
                if let Some(p) = cfg.own(c.section, key) {
                    f(p, None);
                }
            }
        }
    }
}

/// A session of the plan, as [`PlannedSessions`] gives it: its name and values borrowed from
/// the plan.
#[derive(Debug, Clone, Copy)]
pub struct SessionPlan<'p> {
    pub name: &'p str,
    pub start_url: &'p str,
    pub sso_region: &'p str,
    /// `sso_registration_scopes` written into a new session (`None`: the key is left out, or the
    /// session already exists).
    pub registration_scopes: Option<&'p str>,
    pub origin: SessionOrigin,
    /// The profiles that move into this session: the range of [`Plan::member_list`] that lists
    /// their places in [`Plan::migrated`], read through [`Plan::members`].
    members: (u32, u32),
}

impl SessionPlan<'_> {
    pub fn is_new(&self) -> bool {
        matches!(self.origin, SessionOrigin::New { .. })
    }
}

/// The plan's sessions, in the order of their first profile. A session keeps its name, start
/// URL, SSO region and scopes one after the other in one buffer, and their lengths: 10,000
/// new sessions are two allocations and 40 bytes each beside their text, where each had been
/// 128 bytes and an allocation for its start URL. Read as [`SessionPlan`]s.
#[derive(Debug, Clone, Default)]
pub struct PlannedSessions {
    list: Vec<StoredSession>,
    text: String,
}

/// A session in [`PlannedSessions`]: where its strings start in the buffer, their lengths.
#[derive(Debug, Clone)]
struct StoredSession {
    at: usize,
    /// The lengths of its name, start URL, SSO region and scopes ([`NO_SCOPES`] where it has
    /// none).
    lengths: [u32; 4],
    origin: SessionOrigin,
    members: (u32, u32),
}

/// The length of a session's scopes where it writes none.
const NO_SCOPES: u32 = u32::MAX;

impl PlannedSessions {
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Session `i`, in the order of their first profile. Panics past the end, as indexing a
    /// list does.
    pub fn get(&self, i: usize) -> SessionPlan<'_> {
        self.read(&self.list[i])
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = SessionPlan<'_>> + Clone {
        self.list.iter().map(|s| self.read(s))
    }

    fn read(&self, s: &StoredSession) -> SessionPlan<'_> {
        let mut at = s.at;
        let mut next = |len: u32| {
            let text = &self.text[at..at + len as usize];
            at += len as usize;
            text
        };
        let [name, url, region, scopes] = s.lengths;
        SessionPlan {
            name: next(name),
            start_url: next(url),
            sso_region: next(region),
            registration_scopes: (scopes != NO_SCOPES).then(|| next(scopes)),
            origin: s.origin,
            members: s.members,
        }
    }

    /// Room for `sessions` more sessions and `text` bytes of their strings.
    fn reserve_exact(&mut self, sessions: usize, text: usize) {
        self.list.reserve_exact(sessions);
        self.text.reserve_exact(text);
    }

    /// A session named `name` for the profiles at `members` of [`Plan::member_list`].
    fn push(
        &mut self,
        name: &str,
        values: [&str; 2],
        registration_scopes: Option<&str>,
        origin: SessionOrigin,
        members: (u32, u32),
    ) {
        let at = self.text.len();
        let [start_url, sso_region] = values;
        let mut length = |text: &str| {
            self.text.push_str(text);
            // One byte short of 4 GiB would read as no scopes: refused with the rest.
            (u32::try_from(text.len()).ok())
                .filter(|&len| len != NO_SCOPES)
                .expect("a name or value is shorter than 4 GiB")
        };
        let lengths = [
            length(name),
            length(start_url),
            length(sso_region),
            registration_scopes.map_or(NO_SCOPES, length),
        ];
        self.list.push(StoredSession {
            at,
            lengths,
            origin,
            members,
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionOrigin {
    /// Written directly above the line of index `insert_before` (0-based), above the first
    /// profile that uses it and any comment lines attached to that profile's header.
    New { insert_before: u32 },
    /// `[sso-session NAME]` already at `line` (1-based).
    Existing { line: u32 },
}

impl SessionOrigin {
    /// The line the reports name (1-based): the one a new session is written above, or an
    /// existing one's header.
    pub fn line(self) -> u32 {
        match self {
            SessionOrigin::New { insert_before } => insert_before + 1,
            SessionOrigin::Existing { line } => line,
        }
    }
}

/// A legacy profile that moves into a session. 16 bytes: a plan holds one for every profile of
/// a large file until its report is written, and the profile's name is read again from its
/// header when the report wants it ([`ProfileMove::profile`]).
#[derive(Debug, Clone)]
pub struct ProfileMove {
    /// Line of the profile's header (1-based).
    pub line: u32,
    /// Its session's place in [`Plan::sessions`]: [`Plan::session_of`].
    pub session: u32,
    /// Its section in the [`Config`] the plan was made from.
    pub section: u32,
    /// Its own `sso_registration_scopes` went into the session (the line is removed).
    pub moved_scopes: bool,
    /// Its start URL is spelled differently from the session's: [`Plan::respelled_from`].
    pub respelled: bool,
}

#[derive(Debug, Clone)]
pub struct Cleanup {
    pub profile: Name,
    pub line: usize,
    pub session: Name,
    /// The inline keys removed because the session holds the same values.
    pub removed: Vec<String>,
    pub section: usize,
    /// The profile's `sso_session` line as it was written, where some AWS SDKs do not read it as
    /// `sso_session` (`SSO_SESSION = corp`) and read the inline keys instead: it is written
    /// `sso_session = NAME` as they go, so that they find the session.
    pub respelled: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Skip {
    pub profile: Name,
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
    /// Line `line` (1-based) continues a value above to botocore and sets `key` to `readers`
    /// (the AWS SDK for JavaScript v3 among them), which read it as a key line of the profile: a
    /// session would not replace it there.
    ContinuedKey {
        key: String,
        line: usize,
        readers: Readers,
    },
    /// The value starts with `#` or `;`, right after the `=` (`sso_region =;x`): written into a
    /// session as `key = value`, the AWS SDKs for JavaScript v3 and Ruby v3 read it as a comment.
    CommentFirst {
        key: String,
        value: String,
    },
    StartUrl {
        value: String,
        problem: UrlProblem,
    },
    /// `credential_process` runs a helper that reads the inline keys: the profile's own, or
    /// (`via`) another profile's that names this one with `--profile`; set in the config, or in
    /// the shared credentials file read with it (`file`).
    CredentialProcess {
        command: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        via: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        file: Option<String>,
    },
    /// The value comes from `[DEFAULT]`, not from a line in the profile.
    FromDefaults {
        key: String,
    },
    /// A header only botocore reads as a profile, such as `[profiles x]`.
    NonCanonicalHeader {
        header: String,
    },
    /// Inside another tool's managed block (`block`: the instance or registry name), which that
    /// tool regenerates.
    Managed {
        by: ManagedBy,
        block: String,
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
    /// The session has `key` only from `[DEFAULT]`, which botocore gives to every section and
    /// the AWS SDKs for Rust, JavaScript v3 and Ruby v3 do not: to them the session lacks it, and
    /// the profile's own line is the one they read.
    SessionKeyFromDefaults {
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
    /// The AWS SDK for C++ stops reading the file at `line` (1-based), between the profile and
    /// its `session`: it reads the profile's inline keys, never the session.
    UnreadByCpp {
        session: String,
        line: usize,
    },
    /// Some SDKs do not read a key line as its key: the profile's own `sso_session` line, or
    /// (`session`) a line of its session that it repeats inline. Those SDKs read the profile's
    /// inline keys instead of that line, and would lose them.
    KeyReadOtherwise {
        #[serde(flatten)]
        key_line: KeyLineReadOtherwise,
        #[serde(skip_serializing_if = "Option::is_none")]
        session: Option<String>,
    },
    /// The shared credentials file read with the config (`path`) sets `keys` for this profile,
    /// which botocore merges over the config's: they would stay beside the
    /// `sso_session` a migration writes.
    CredentialsFile {
        path: String,
        keys: Vec<&'static str>,
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
    /// Two sections the AWS readers take differently (`[default]` beside `[profile default]`)
    /// that the migration does not touch: they are left byte-identical.
    AmbiguousLeftAlone { line: usize, problem: ProblemKind },
    /// The shared credentials file read with the config (`path`) gives `profiles` a legacy
    /// `sso_start_url` (and no `sso_session`) that the config does not: the tool rewrites the
    /// config alone, so they stay legacy profiles, which a login to a session does not serve.
    LegacyInCredentialsFile { path: String, profiles: Vec<String> },
    /// The shared credentials file read with the config (`path`) gives `profiles`, which use an
    /// sso-session, an `sso_start_url` or `sso_region` beside it: botocore merges them in and
    /// refuses a profile where one differs from its session's; the AWS SDK for Rust refuses it
    /// either way. A migration of the config alone leaves them there.
    InlineInCredentialsFile { path: String, profiles: Vec<String> },
}

/// Why a matching existing session is not reused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum NotReused {
    /// Other AWS SDKs cannot read its name.
    NamePortability,
    /// `readers` do not read its header (the text between the brackets) as this session:
    /// `[sso-session  corp]` is no session to JavaScript and `sso-session  corp` to Ruby, which
    /// then finds no `corp`.
    HeaderReadOtherwise { header: String, readers: Readers },
    /// It sets a key other than the session keys; botocore merges it into every profile.
    ExtraKey { key: String },
    /// The AWS SDK for C++ stops reading the file at `line` (1-based), above the session and
    /// below a profile that would use it, which would then lose its portal to that SDK.
    UnreadByCpp { line: usize },
    /// Some SDKs do not read one of its key lines as its key (`SSO_REGION = …`, `sso_region:
    /// …`): the profiles moved into it would lose that key to them.
    KeyReadOtherwise(KeyLineReadOtherwise),
}

crate::codes::codes!(SkipReason {
    MissingRegion => "missing_region",
    EmptyRegion => "empty_region",
    Multiline => "multiline",
    CommentFirst => "comment_first",
    ContinuedKey => "continued_key",
    StartUrl => "start_url",
    CredentialProcess => "credential_process",
    FromDefaults => "from_defaults",
    NonCanonicalHeader => "non_canonical_header",
    Managed => "managed",
    MissingSession => "missing_session",
    Conflict => "conflict",
    SessionLacks => "session_lacks",
    SessionKeyFromDefaults => "session_key_from_defaults",
    IndentedComment => "indented_comment",
    WouldConflict => "would_conflict",
    UnreadByCpp => "unread_by_cpp",
    KeyReadOtherwise => "key_read_otherwise",
    CredentialsFile => "credentials_file",
});

crate::codes::codes!(Warning {
    SeveralRegions => "several_regions",
    UnusedSessionName => "unused_session_name",
    SessionNameIgnored => "session_name_ignored",
    InlineComment => "inline_comment",
    SessionNotReused => "session_not_reused",
    AmbiguousLeftAlone => "ambiguous_left_alone",
    LegacyInCredentialsFile => "legacy_in_credentials_file",
    InlineInCredentialsFile => "inline_in_credentials_file",
});

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

pub mod ambiguity;
mod assign;
mod eligibility;
mod naming;

use assign::{assign_sessions, group};
use eligibility::{Consider, Context, consider_hybrid, consider_legacy};

/// Plans the migration of `cfg`. `cfg` must have no [`Config::problems`] other than the
/// ambiguities [`ambiguity::accept`] then checks the plan against.
pub fn plan(cfg: &Config, opts: &PlanOptions) -> Result<Plan, PlanError> {
    for name in &opts.profiles {
        if cfg.profile(name).is_none() {
            return Err(PlanError::UnknownProfile(name.clone()));
        }
    }
    // Where the AWS SDK for C++ stops reading decides some reuses and clean-ups, and the
    // migration may rewrite that very line (`sso_start_url: …`): then plan again with C++ taken
    // to read past every line the last plan rewrites, until the plan rewrites none of the lines
    // it was made to stop at. A plan's rewrites only grow as C++ reads further, so this ends;
    // a few rounds at most, and on nearly every file none.
    let mut rewritten = Vec::new();
    // Not settled after the last round: the first plan, where C++ is taken to stop where it
    // stops in the file as it is.
    let mut first = None;
    for _ in 0..PLAN_ROUNDS {
        let ctx = Context::new(cfg, &opts.credentials, rewritten);
        let plan = plan_in(cfg, opts, &ctx)?;
        let Some(Some(stop)) = ctx.cpp_stop_looked_for() else {
            return Ok(plan);
        };
        let lines = rewritten_lines(cfg, &plan);
        if other_sdks::cpp_stops_reading_past(cfg.document(), &lines) == Some(stop) {
            return Ok(plan);
        }
        first.get_or_insert(plan);
        rewritten = lines;
    }
    Ok(first.expect("PLAN_ROUNDS is at least one"))
}

/// How many times [`plan`] plans a file whose migration rewrites the line where the AWS SDK for
/// C++ stops reading before it keeps that C++ stops there.
const PLAN_ROUNDS: usize = 4;

/// The lines the edits of `plan` rewrite or remove ([`Plan::for_each_edited_key`]), in order.
fn rewritten_lines(cfg: &Config, plan: &Plan) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    plan.for_each_edited_key(cfg, |p, _| lines.push(p.line..p.end));
    lines.sort_by_key(|r| r.start);
    lines
}

/// [`plan`] with `ctx`.
fn plan_in<'c>(cfg: &'c Config, opts: &PlanOptions, ctx: &Context<'c>) -> Result<Plan, PlanError> {
    let selected = |name: &str| opts.profiles.is_empty() || opts.profiles.iter().any(|p| p == name);
    let mut plan = Plan::default();
    // Room for every profile: on a large file, nearly every one is a candidate.
    let mut candidates = Vec::with_capacity(cfg.profile_count());
    crate::pages::prefer_huge_pages(&mut candidates);
    for sec in cfg.profile_section_numbers() {
        let name = cfg.profile_name(sec).unwrap_or_default();
        if !selected(name) {
            continue;
        }
        let skip = |reason| Skip {
            profile: name.into(),
            line: cfg.header_line(sec) + 1,
            reason,
        };
        let outcome = if cfg.get(sec, SSO_SESSION).is_some() {
            consider_hybrid(cfg, sec, ctx).map(|c| c.map(Consider::Clean))
        } else {
            // Looked up once here, and handed on: this runs for every profile.
            let url = cfg.own(sec, SSO_START_URL);
            if url.is_some() || cfg.default_value(SSO_START_URL).is_some() {
                consider_legacy(cfg, sec, name, url, ctx).map(|c| Some(Consider::Move(c)))
            } else {
                Ok(None)
            }
        };
        // A profile this would edit keeps what the credentials file gives it.
        let outcome = match (outcome, opts.credentials.keys_of(name)) {
            (Ok(Some(_)), Some(keys)) => Err(SkipReason::CredentialsFile {
                path: opts.credentials.path.clone(),
                keys,
            }),
            (outcome, _) => outcome,
        };
        match outcome {
            Ok(None) => {}
            Ok(Some(Consider::Clean(c))) => plan.cleaned.push(c),
            Ok(Some(Consider::Move(c))) => candidates.push(c),
            Err(reason) => plan.skipped.push(skip(reason)),
        }
    }
    let groups = group(&candidates);
    assign_sessions(cfg, opts, ctx, &candidates, groups, &mut plan)?;
    plan.skipped.sort_by_key(|s| s.line);
    plan.warnings
        .extend(credentials_warnings(cfg, opts, &plan, selected));
    Ok(plan)
}

/// The warnings about the credentials file read with the config: its legacy profiles the plan
/// leaves legacy ([`legacy_left_in_credentials`]), and the profiles with a session (named by
/// either file) to which it gives `sso_start_url` or `sso_region`, in file order. Neither names
/// a profile not selected, or one `plan` skips (which says why itself).
fn credentials_warnings(
    cfg: &Config,
    opts: &PlanOptions,
    plan: &Plan,
    selected: impl Fn(&str) -> bool,
) -> Vec<Warning> {
    let credentials = &opts.credentials;
    // Nearly every file: nothing to look up.
    if credentials.names().next().is_none() {
        return Vec::new();
    }
    let skipped: HashSet<&str> = plan.skipped.iter().map(|s| s.profile.as_str()).collect();
    let reported = |name: &str| !selected(name) || skipped.contains(name);
    let legacy: Vec<String> = legacy_left_in_credentials(cfg, credentials, &reported)
        .map(String::from)
        .collect();
    let beside: Vec<String> = (cfg.profile_sections())
        .filter_map(|(sec, _)| {
            let name = cfg.profile_name(sec)?;
            let beside =
                !reported(name) && credentials.session_beside_portal(cfg, sec, name).is_some();
            beside.then(|| name.to_string())
        })
        .collect();
    let path = || credentials.path.clone();
    let mut warnings = Vec::new();
    if !legacy.is_empty() {
        warnings.push(Warning::LegacyInCredentialsFile {
            path: path(),
            profiles: legacy,
        });
    }
    if !beside.is_empty() {
        warnings.push(Warning::InlineInCredentialsFile {
            path: path(),
            profiles: beside,
        });
    }
    warnings
}

/// The legacy profiles of the credentials file (`sso_start_url` there, no `sso_session`) that
/// a migration of `cfg` leaves legacy and says nothing else of, in name order: not those
/// `reported` already (skipped, which is where those the config gives legacy keys too go, or
/// not asked for), nor those the config gives an `sso_session` (they use that session).
pub fn legacy_left_in_credentials<'c>(
    cfg: &Config,
    credentials: &'c CredentialsProfiles,
    reported: impl Fn(&str) -> bool,
) -> impl Iterator<Item = &'c str> {
    (credentials.legacy_profiles())
        .filter(move |name| !reported(name))
        .filter(|name| (cfg.profile(name)).is_none_or(|sec| cfg.get(sec, SSO_SESSION).is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;

    /// A plan and the document it was made from, where its moves' names are read.
    #[derive(Debug)]
    struct Planned {
        plan: Plan,
        doc: Document,
    }

    impl std::ops::Deref for Planned {
        type Target = Plan;
        fn deref(&self) -> &Plan {
            &self.plan
        }
    }

    fn plan_of(src: &str, opts: &PlanOptions) -> Result<Planned, PlanError> {
        let doc = Document::parse(src);
        let cfg = Config::read(&doc);
        assert!(cfg.problems().is_empty(), "{:?}", cfg.problems());
        let plan = plan(&cfg, opts)?;
        // Each move's name is read again from its header, as the plan read it.
        for m in &plan.migrated {
            assert_eq!(
                Some(&*m.profile(&doc)),
                cfg.profile_name(m.section as usize)
            );
        }
        Ok(Planned { plan, doc })
    }

    fn legacy(name: &str, url: &str, region: &str) -> String {
        format!(
            "[profile {name}]\nsso_start_url = {url}\nsso_region = {region}\nsso_account_id = 1\nsso_role_name = R\n"
        )
    }

    /// The profiles that move into session `i` of `p`.
    fn members(p: &Planned, i: usize) -> Vec<&str> {
        members_in(&p.plan, &p.doc, i)
    }

    /// The profiles that move into session `i` of `p`, made from `doc` (a name built from
    /// quotes is leaked: these are tests).
    fn members_in<'a>(p: &'a Plan, doc: &'a Document, i: usize) -> Vec<&'a str> {
        (p.members(&p.sessions.get(i)))
            .map(|m| match m.profile(doc) {
                Cow::Borrowed(name) => name,
                Cow::Owned(name) => Box::leak(name.into_boxed_str()),
            })
            .collect()
    }

    fn names(p: &Plan) -> Vec<&str> {
        p.sessions.iter().map(|s| s.name).collect()
    }

    fn reasons(p: &Plan) -> Vec<(&str, &SkipReason)> {
        p.skipped
            .iter()
            .map(|s| (s.profile.as_str(), &s.reason))
            .collect()
    }

    /// A half-migrated profile's `SSO_SESSION` line is no `sso_session` to most SDKs, which read
    /// its inline keys: the clean-up writes it as the AWS CLI does, where those SDKs then read
    /// the session, and keeps the keys where they would not.
    #[test]
    fn an_sso_session_line_other_sdks_do_not_read_is_respelled_where_they_read_the_session() {
        let src = "[profile dev]\nSSO_SESSION = corp\nsso_start_url = https://acme.awsapps.com/start\n\
                   sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n\
                   [sso-session corp]\nsso_start_url = https://acme.awsapps.com/start\n\
                   sso_region = us-east-1\n";
        let p = plan_of(src, &PlanOptions::default()).unwrap();
        assert_eq!(p.cleaned.len(), 1, "{:?}", reasons(&p));
        assert_eq!(
            p.cleaned[0].respelled.as_deref(),
            Some("SSO_SESSION = corp")
        );
        // JavaScript reads no session `corp` in `[sso-session  corp]`.
        let spaced = src.replace("[sso-session corp]", "[sso-session  corp]");
        let p = plan_of(&spaced, &PlanOptions::default()).unwrap();
        assert!(p.cleaned.is_empty());
        assert!(matches!(
            reasons(&p)[..],
            [(
                "dev",
                SkipReason::KeyReadOtherwise {
                    key_line: KeyLineReadOtherwise { line: 2, .. },
                    session: None,
                }
            )]
        ));
    }

    /// The line where the AWS SDK for C++ stops reading may be one the migration rewrites (the
    /// `sso_start_url:` line of a legacy profile): C++ then reads the migrated file past it, so
    /// nothing is decided on it, and a second run has nothing left to do (found by
    /// `generated_files_migrate_faithfully`).
    #[test]
    fn a_cpp_stop_line_the_migration_rewrites_decides_nothing() {
        let src = "[profile dev]\nsso_session = corp\nsso_start_url = https://acme.awsapps.com/start\n\
                   sso_account_id = 1\nsso_role_name = R\n\
                   [profile up]\nsso_account_id = 1\nsso_role_name = R\n\
                   sso_start_url:https://acme.awsapps.com/start\nsso_region = us-east-1\n\
                   [sso-session corp]\nsso_start_url = https://acme.awsapps.com/start\n\
                   sso_region = us-east-1\n";
        let p = plan_of(src, &PlanOptions::default()).unwrap();
        assert_eq!(names(&p), ["corp"], "up reuses corp");
        assert_eq!(p.cleaned.len(), 1, "dev is cleaned up");
        assert!(p.skipped.is_empty(), "{:?}", reasons(&p));
        // Where the line stays, C++ stops there: no reuse and no clean-up past it.
        let kept = src.replace("[profile up]", "[profile up]\nnote: kept");
        let p = plan_of(&kept, &PlanOptions::default()).unwrap();
        assert_eq!(names(&p), ["acme"]);
        assert_eq!(
            reasons(&p),
            [(
                "dev",
                &SkipReason::UnreadByCpp {
                    session: "corp".into(),
                    line: 7
                }
            )]
        );
    }

    #[test]
    fn a_move_is_16_bytes_and_its_session_lists_it() {
        assert_eq!(std::mem::size_of::<ProfileMove>(), 16);
        let src = [
            legacy("a", "https://x.awsapps.com/start", "us-east-1"),
            legacy("b", "https://y.awsapps.com/start", "us-east-1"),
            legacy("c", "https://x.awsapps.com/start/", "us-east-1"),
            // A name read from quotes is made again from its header too.
            legacy("\"d e\"", "https://y.awsapps.com/start", "us-east-1"),
        ]
        .concat();
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        let sessions: Vec<_> = p.migrated.iter().map(|m| p.session_of(m).name).collect();
        assert_eq!(sessions, ["x", "y", "x", "y"]);
        assert_eq!(
            (members(&p, 0), members(&p, 1)),
            (vec!["a", "c"], vec!["b", "d e"])
        );
        // Only `c` spells its portal otherwise than its session; its spelling is kept apart.
        let respelled: Vec<_> = p.migrated.iter().map(|m| p.respelled_from(m)).collect();
        assert_eq!(
            respelled,
            [None, None, Some("https://x.awsapps.com/start/"), None]
        );
    }

    #[test]
    fn a_session_is_40_bytes_and_reads_back_what_it_was_given() {
        assert_eq!(std::mem::size_of::<StoredSession>(), 40);
        let mut sessions = PlannedSessions::default();
        let given = [
            ("acme", "https://acme.awsapps.com/start", "us-east-1", None),
            ("", "", "", Some("")),
            (
                "é-ü",
                "https://d-1.awsapps.com/start#/",
                "eu-west-1",
                Some("a b"),
            ),
            ("x", "u", "r", None),
        ];
        for (i, (name, url, region, scopes)) in given.iter().enumerate() {
            let origin = match i % 2 {
                0 => SessionOrigin::Existing { line: i as u32 },
                _ => SessionOrigin::New {
                    insert_before: i as u32,
                },
            };
            let members = (i as u32, 2 * i as u32);
            sessions.push(name, [url, region], *scopes, origin, members);
        }
        assert_eq!(sessions.len(), given.len());
        let read: Vec<_> = (sessions.iter())
            .map(|s| (s.name, s.start_url, s.sso_region, s.registration_scopes))
            .collect();
        assert_eq!(read, given);
        for (i, s) in sessions.iter().enumerate() {
            assert_eq!(s.is_new(), i % 2 == 1);
            assert_eq!(s.members, (i as u32, 2 * i as u32));
            assert_eq!(sessions.get(i).name, given[i].0);
        }
        // Empty scopes are scopes: only `None` leaves the key out.
        assert_eq!(sessions.get(1).registration_scopes, Some(""));
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
        assert_eq!(
            p.sessions.get(0).start_url,
            "https://acme.awsapps.com/start"
        );
        assert_eq!(members(&p, 0), ["a", "b", "c"]);
        // A group of one keeps its own spelling.
        assert_eq!(
            p.sessions.get(1).start_url,
            "https://acme.awsapps.com/start#/"
        );
        let respelled: Vec<_> = p
            .migrated
            .iter()
            .filter_map(|m| p.respelled_from(m).map(|f| (m.profile(&p.doc), f)))
            .collect();
        assert_eq!(respelled, [("a".into(), "https://acme.awsapps.com/start/")]);
        assert!(matches!(p.warnings[0], Warning::SeveralRegions { .. }));
    }

    #[test]
    fn a_spelling_that_is_not_its_portals_key_groups_by_region_too() {
        // Such a spelling's group is remembered by spelling, region and scopes together.
        let src = [
            legacy("a", "https://ACME.awsapps.com/start/", "us-east-1"),
            legacy("b", "https://ACME.awsapps.com/start/", "eu-west-1"),
            legacy("c", "https://ACME.awsapps.com/start/", "us-east-1"),
            legacy("d", "https://acme.awsapps.com/start", "eu-west-1"),
        ]
        .concat();
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(names(&p), ["acme", "acme-eu-west-1"]);
        assert_eq!(
            (members(&p, 0), members(&p, 1)),
            (vec!["a", "c"], vec!["b", "d"])
        );
    }

    #[test]
    fn ties_go_to_the_first_spelling_in_the_file() {
        let src = [
            legacy("a", "https://acme.awsapps.com/start/", "us-east-1"),
            legacy("b", "https://acme.awsapps.com/start", "us-east-1"),
        ]
        .concat();
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(
            p.sessions.get(0).start_url,
            "https://acme.awsapps.com/start/"
        );
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
        assert!(!p.sessions.get(0).is_new());
        assert_eq!(
            p.respelled_from(&p.migrated[0]),
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
        assert!(p.sessions.get(0).is_new());
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
        assert_eq!(members(&p, 0), ["same"]);
        assert!(matches!(
            reasons(&p)[..],
            [("other", SkipReason::WouldConflict { key, .. })] if key == "region"
        ));
    }

    #[test]
    fn among_many_defaults_the_first_in_their_order_is_the_conflict_named() {
        // Twenty `[DEFAULT]` keys (past those searched in turn): the profile sets two of them
        // again, in the other order; botocore's merge meets `[DEFAULT]`'s keys in file order.
        let defaults: String = (0..20).map(|i| format!("k{i:02} = d{i}\n")).collect();
        let src = format!(
            "[DEFAULT]\n{defaults}{}{}k15 = x\nk04 = y\n{}k07 = d7\n",
            legacy("same", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("other", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("equal", "https://acme.awsapps.com/start", "us-east-1"),
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(members(&p, 0), ["same", "equal"]);
        assert!(matches!(
            reasons(&p)[..],
            [("other", SkipReason::WouldConflict { key, profile, session })]
                if key == "k04" && profile == "y" && session == "d4"
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

    /// botocore gives `[DEFAULT]`'s sso_session to every profile, the AWS SDKs for JavaScript v3
    /// and Ruby v3 do not: to them a profile's inline keys are its SSO settings. Removing them as
    /// equal to the session's (found by the JavaScript check on a fuzzed file) left those SDKs
    /// without the profile's portal and region.
    #[test]
    fn a_session_from_defaults_leaves_the_inline_keys_other_sdks_read() {
        let src = "[DEFAULT]\nsso_session = corp\n[sso-session corp]\n\
                   sso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\
                   [profile a]\nsso_start_url = https://corp.awsapps.com/start\n\
                   sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n";
        let p = plan_of(src, &PlanOptions::default()).unwrap();
        assert!(!p.changes_anything());
        assert!(matches!(
            reasons(&p)[..],
            [("a", SkipReason::FromDefaults { key })] if key == "sso_session"
        ));
        // Its own sso_session, the same as [DEFAULT]'s: every reader has it, the keys go.
        let own = src.replace(
            "sso_role_name = R\n",
            "sso_role_name = R\nsso_session = corp\n",
        );
        assert!(
            plan_of(&own, &PlanOptions::default())
                .unwrap()
                .changes_anything()
        );
    }

    /// `sso_region =; us-west-2` is `; us-west-2` to every reader; written into a session as
    /// `sso_region = ; us-west-2`, the `;` after a space starts a comment to the AWS SDKs for
    /// JavaScript v3 and Ruby v3, which then read no region (found by the JavaScript check on a
    /// fuzzed file).
    #[test]
    fn a_value_that_starts_like_a_comment_stays_in_its_profile() {
        for (key, line) in [
            ("sso_region", "sso_region =; us-west-2"),
            ("sso_region", "sso_region =#x"),
            ("sso_registration_scopes", "sso_registration_scopes = ;s"),
        ] {
            let mut src = legacy("a", "https://acme.awsapps.com/start", "us-east-1");
            src = if key == "sso_region" {
                src.replace("sso_region = us-east-1", line)
            } else {
                format!("{src}{line}\n")
            };
            let p = plan_of(&src, &PlanOptions::default()).unwrap();
            assert!(!p.changes_anything(), "{line}");
            assert!(
                matches!(&reasons(&p)[..], [("a", SkipReason::CommentFirst { key: k, .. })] if k == key),
                "{line}: {:?}",
                reasons(&p)
            );
        }
    }

    /// An indented `sso_start_url = …` under another key's value is part of that value to
    /// botocore and a key of the profile to the AWS SDK for JavaScript v3, which would keep
    /// reading it beside the session (found by its check on a fuzzed file). Under an empty
    /// value (`s3 =`) indented lines are nested keys to every SDK: no reason to stay.
    #[test]
    fn a_continued_line_that_sets_an_sso_key_to_javascript_keeps_its_profile() {
        let base = legacy("a", "https://acme.awsapps.com/start", "us-east-1");
        let src = format!("{base}note = first\n  sso_start_url = https://other.example/start\n");
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert!(!p.changes_anything());
        assert!(
            matches!(&reasons(&p)[..], [("a", SkipReason::ContinuedKey { key, line, readers })]
                if key == "sso_start_url" && *line == base.lines().count() + 2
                    && readers.contains(crate::doctor::Reader::JsV3)),
            "{:?}",
            reasons(&p)
        );
        for other in [
            "s3 =\n  sso_region = us-west-2\n",
            "note = first\n  SSO_REGION = us-west-2\n",
            "note = first\n  sso_region_x = us-west-2\n",
        ] {
            let p = plan_of(&format!("{base}{other}"), &PlanOptions::default()).unwrap();
            assert!(p.changes_anything(), "{other:?}: {:?}", reasons(&p));
        }
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
            p.sessions.get(0).registration_scopes,
            Some("sso:account:access,codewhisperer:completions")
        );
    }

    /// A profile whose legacy `sso_start_url` only the credentials file gives stays legacy
    /// after the config's migration: a warning names it. Not a profile the config has with its
    /// own legacy keys (skipped for that file), one with a session in either file, or one
    /// `--profile` leaves out.
    #[test]
    fn legacy_profiles_of_the_credentials_file_are_named_in_a_warning() {
        let url = "https://acme.awsapps.com/start";
        let src = format!(
            "{}{}[profile uses]\nsso_session = s\n[profile keys]\nregion = x\n\
             [sso-session s]\nsso_start_url = {url}\nsso_region = us-east-1\n",
            legacy("dev", url, "us-east-1"),
            legacy("both", url, "us-east-1")
        );
        let credentials = format!(
            "[both]\nsso_start_url = {url}\n[uses]\nsso_start_url = {url}\n[keys]\n\
             sso_start_url = {url}\nsso_region = us-east-1\n[only]\nsso_start_url = {url}\n\
             [with-session]\nsso_start_url = {url}\nsso_session = s\n[static]\n\
             aws_access_key_id = A\n"
        );
        let opts = |profiles: &[&str]| PlanOptions {
            credentials: CredentialsProfiles::read("creds".into(), credentials.clone().into()),
            profiles: profiles.iter().map(|p| p.to_string()).collect(),
            ..PlanOptions::default()
        };
        let p = plan_of(&src, &opts(&[])).unwrap();
        // `uses` has a session: its start URL there is beside it.
        assert_eq!(
            p.warnings,
            [
                Warning::LegacyInCredentialsFile {
                    path: "creds".into(),
                    profiles: vec!["keys".into(), "only".into()],
                },
                Warning::InlineInCredentialsFile {
                    path: "creds".into(),
                    profiles: vec!["uses".into()],
                }
            ]
        );
        assert!(matches!(
            reasons(&p)[..],
            [("both", SkipReason::CredentialsFile { .. })]
        ));
        assert_eq!((names(&p), members(&p, 0)), (vec!["s"], vec!["dev"]));
        let p = plan_of(&src, &opts(&["dev", "keys"])).unwrap();
        assert!(matches!(
            &p.warnings[..],
            [Warning::LegacyInCredentialsFile { profiles, .. }] if profiles == &["keys"]
        ));
        assert!(plan_of(&src, &opts(&["dev"])).unwrap().warnings.is_empty());
        let p = plan_of(&src, &opts(&["uses"])).unwrap();
        assert!(matches!(
            &p.warnings[..],
            [Warning::InlineInCredentialsFile { profiles, .. }] if profiles == &["uses"]
        ));
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
        // A portal whose profiles ask for different scopes gets a session for each: the name
        // given to its portal goes to the first, and the next takes a suffix of it instead of
        // being refused as taken by another.
        let scoped = format!(
            "{}sso_registration_scopes = codewhisperer:completions\n{}",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("b", "https://acme.awsapps.com/start", "us-east-1"),
        );
        let opts = PlanOptions {
            session_names: vec![("https://acme.awsapps.com/start".into(), "corp".into())],
            ..PlanOptions::default()
        };
        assert_eq!(names(&plan_of(&scoped, &opts).unwrap()), ["corp", "corp-2"]);
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
        assert_eq!(members(&p, 0), ["b"]);
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
        // The session's portal only from `[DEFAULT]`, which only botocore gives it: the other
        // SDKs read the profile's own line.
        let p = plan_of(
            "[DEFAULT]\nsso_start_url = https://acme.awsapps.com/start\n\
             [sso-session s]\nsso_region = us-east-1\n\
             [profile a]\nsso_session = s\nsso_start_url = https://acme.awsapps.com/start\n\
             sso_region = us-east-1\n",
            &PlanOptions::default(),
        )
        .unwrap();
        assert!(p.cleaned.is_empty());
        assert_eq!(
            reasons(&p),
            [(
                "a",
                &SkipReason::SessionKeyFromDefaults {
                    key: "sso_start_url".into(),
                    session: "s".into()
                }
            )]
        );
    }

    #[test]
    fn one_portal_gets_one_lower_case_scheme() {
        let src = [
            legacy("a", "https://Region.awsapps.com/start", "us-east-1"),
            legacy("b", "https://region.awsapps.com/start", "eu-west-1"),
            legacy("c", "https://region.awsapps.com/start", "US-EAST-1"),
            legacy("d", "https://region.awsapps.com/start", "eu-west-1"),
            legacy("e", "https://region.awsapps.com/start", "eu-west-1"),
        ]
        .concat();
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        // eu-west-1 has most profiles, so it gets the base name.
        assert_eq!(
            names(&p),
            ["region-us-east-1", "region", "region-us-east-1-2"]
        );
    }

    #[test]
    fn different_scopes_are_different_sessions() {
        let src = format!(
            "{}sso_registration_scopes = sso:account:access\n{}sso_registration_scopes = codewhisperer:completions\n{}",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("b", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("c", "https://acme.awsapps.com/start", "us-east-1"),
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        // `c` sets no scopes: its session would have the default ones, which `a`'s has.
        assert_eq!(names(&p), ["acme", "acme-2"]);
        let scopes: Vec<_> = p.sessions.iter().map(|s| s.registration_scopes).collect();
        assert_eq!(
            scopes,
            [
                Some("sso:account:access"),
                Some("codewhisperer:completions"),
            ]
        );
        let sessions: Vec<&str> = (p.migrated.iter()).map(|m| p.session_of(m).name).collect();
        assert_eq!(sessions, ["acme", "acme-2", "acme"]);
        assert!(p.migrated[0].moved_scopes && !p.migrated[2].moved_scopes);
    }

    #[test]
    fn a_group_joins_the_session_planned_for_its_portal_region_and_scopes() {
        // `b` asks for the default scopes, which `a`'s session gets: one session, not two that
        // differ only in name.
        let src = format!(
            "{}{}sso_registration_scopes = sso:account:access\n",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("b", "https://acme.awsapps.com/start/", "us-east-1"),
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert_eq!(names(&p), ["acme"]);
        assert_eq!(members(&p, 0), ["a", "b"]);
        // The scopes new sessions are written with are what `a` takes: with others, `b`'s
        // session and `a`'s differ.
        let other = PlanOptions {
            scopes: Some("codewhisperer:completions".into()),
            ..PlanOptions::default()
        };
        assert_eq!(names(&plan_of(&src, &other).unwrap()), ["acme", "acme-2"]);
        let none = PlanOptions {
            scopes: None,
            ..PlanOptions::default()
        };
        assert_eq!(names(&plan_of(&src, &none).unwrap()), ["acme", "acme-2"]);
        // Found by the property test: `b`'s own spelling would meet `[DEFAULT]`'s after the move
        // and `b` was left alone, then moved into `a`'s session by a second run. Now the first
        // run moves it, and a second has nothing to do.
        let src = format!(
            "{}[DEFAULT]\nsso_start_url = https://acme.awsapps.com/start\n{}\
             sso_registration_scopes = sso:account:access\n",
            legacy("a", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("b", "https://acme.awsapps.com/start/", "us-east-1"),
        );
        let m = crate::migrate::migrate(src.as_bytes(), &PlanOptions::default()).unwrap();
        assert_eq!(members_in(&m.plan, &m.old, 0), ["a", "b"]);
        let again =
            crate::migrate::migrate(m.rewritten().bytes(), &PlanOptions::default()).unwrap();
        assert!(!again.plan.changes_anything());
        // The same with `b` first: its group's session would conflict, so it goes into the
        // session `a`'s group gets later, where a second run would put it (found by the property
        // test too), with the scopes new sessions get or with none.
        let src = format!(
            "{}[DEFAULT]\nsso_start_url = https://acme.awsapps.com/start\n{}\
             sso_registration_scopes = sso:account:access\n",
            legacy("b", "https://acme.awsapps.com/start/", "us-east-1"),
            legacy("a", "https://acme.awsapps.com/start", "us-east-1"),
        );
        for opts in [PlanOptions::default(), none] {
            let m = crate::migrate::migrate(src.as_bytes(), &opts).unwrap();
            assert_eq!(names(&m.plan), ["acme"]);
            assert_eq!(members_in(&m.plan, &m.old, 0), ["b", "a"]);
            assert!(m.plan.skipped.is_empty(), "{:?}", reasons(&m.plan));
            let again = crate::migrate::migrate(m.rewritten().bytes(), &opts).unwrap();
            assert!(!again.plan.changes_anything());
        }
        // Where that session would conflict too (another SSO region from `[DEFAULT]`), `b`
        // stays, with its reason.
        let src = src
            .replace("[DEFAULT]\n", "[DEFAULT]\nsso_region = us-east-1\n")
            .replacen(
                "sso_region = us-east-1\nsso_account_id = 1",
                "sso_region = eu-west-1\nsso_account_id = 1",
                1,
            );
        let m = crate::migrate::migrate(src.as_bytes(), &PlanOptions::default()).unwrap();
        assert_eq!(reasons(&m.plan).len(), 1, "{:?}", reasons(&m.plan));
        assert_eq!(reasons(&m.plan)[0].0, "b");
        let again =
            crate::migrate::migrate(m.rewritten().bytes(), &PlanOptions::default()).unwrap();
        assert!(!again.plan.changes_anything());
    }

    #[test]
    fn profiles_in_managed_blocks_stay_and_sessions_go_outside() {
        let src = format!(
            "# BEGIN_AWS_SSO_CLI\n\n{}# END_AWS_SSO_CLI\n{}",
            legacy("inside", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("after", "https://acme.awsapps.com/start", "us-east-1"),
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert!(matches!(
            reasons(&p)[..],
            [(
                "inside",
                SkipReason::Managed {
                    by: ManagedBy::AwsSsoCli,
                    ..
                }
            )]
        ));
        // Above `[profile after]` (line 9), not above the end marker on line 8.
        assert!(matches!(
            p.sessions.get(0).origin,
            SessionOrigin::New { .. }
        ));
        assert_eq!(p.sessions.get(0).origin.line(), 9);
    }

    #[test]
    fn a_profile_another_profiles_helper_reads_is_left_alone() {
        let url = "https://acme.awsapps.com/start";
        // (the target's header name, its name as `--profile` gives it, its name, the other
        // profile): the second a name with a blank, quoted as `aws-sso-util configure` writes it.
        for (header, arg, target, other) in [
            ("target", "target", "target", "other"),
            ("\"my target\"", "'my target'", "my target", "my"),
        ] {
            let src = format!(
                "{}{}[profile wrapper]\ncredential_process = aws-sso-util credential-process \
                 --profile {arg}\n",
                legacy(header, url, "us-east-1"),
                legacy(other, url, "us-east-1"),
            );
            let p = plan_of(&src, &PlanOptions::default()).unwrap();
            assert!(
                matches!(
                    reasons(&p)[..],
                    [(t, SkipReason::CredentialProcess { via: Some(v), .. })]
                        if t == target && v == "wrapper"
                ),
                "{src}"
            );
            assert_eq!(members(&p, 0), [other]);
        }
    }

    #[test]
    fn a_helper_a_profile_runs_for_another_reads_only_the_others_keys() {
        // `runner`'s helper reads `target`'s inline keys, not its own: `runner` may move.
        // `own`'s reads its own, and a second profile naming `own` does not change why it stays.
        let src = format!(
            "{}credential_process = aws-sso-util credential-process --profile target\n{}{}\
             credential_process = aws-sso-util credential-process\n\
             [profile other]\ncredential_process = aws-sso-util credential-process --profile own\n",
            legacy("runner", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("target", "https://acme.awsapps.com/start", "us-east-1"),
            legacy("own", "https://acme.awsapps.com/start", "us-east-1"),
        );
        let p = plan_of(&src, &PlanOptions::default()).unwrap();
        assert!(matches!(
            reasons(&p)[..],
            [
                ("target", SkipReason::CredentialProcess { via: Some(v), .. }),
                ("own", SkipReason::CredentialProcess { via: None, .. }),
            ] if v == "runner"
        ));
        assert_eq!(members(&p, 0), ["runner"]);
    }
}
