//! The AWS meaning of a document: which sections are profiles and sso-sessions, what each key's
//! value is, and where a profile's SSO settings come from, all as botocore (the AWS CLI) reads
//! them.
//!
//! [`Config::read`] never fails: it describes even a file botocore would refuse, and lists what
//! makes it unreadable in [`Config::problems`]. A file with problems is never migrated.
//!
//! Sources for every rule here: `AWS-CONFIG-FACTS.md` §1.1 (`_resolve_sso_session_reference`),
//! §2.1 (`raw_config_parse`, `build_profile_map`, `_parse_section`) and §2.2 (observed quirks).
//!
//! [`Config::read`] walks the document's lines into sections and properties in `collect` and
//! indexes their names in `index`; the cross-SDK rules are in [`lint`].

mod collect;
mod index;
pub mod lint;
pub mod managed;
pub mod names;
pub mod problem;
pub mod shlex;
pub mod url;
pub mod view;

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::doc::py;
use crate::doc::{Document, Ending, LineKind};

use collect::{Collected, collect_sections};
use index::{NameIndex, Named};
pub use lint::{LONGEST_LINE, cross_sdk_kind};
use lint::{not_text, trimmed_span};
pub use problem::{OtherSdksRead, Problem, ProblemKind, SectionWhat, TwoHeaders};

/// What botocore makes of a section header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum SectionKind<'h> {
    /// `[default]`, or any header botocore reads as `profile NAME`. `canonical` is false for
    /// headers only botocore accepts, such as `[profiles x]` or `[profilex y]`. The name borrows
    /// from the header unless shlex had to build it (quotes, backslashes).
    Profile { name: Cow<'h, str>, canonical: bool },
    /// `[sso-session NAME]`; `canonical` as for profiles.
    SsoSession { name: Cow<'h, str>, canonical: bool },
    /// `[services NAME]`.
    Services { name: Cow<'h, str> },
    /// Upper-case `[DEFAULT]`: configparser copies its keys into every other section.
    Defaults,
    /// Anything else: ignored by botocore (`[dev]`, `[plugins]`, `[profile a b]`, `[ profile x]`).
    Other,
}

/// One `key = value` with its continuation lines, as [`Config::props`] reads it. Key and value
/// borrow from the document, or from the config where they had to be made: a key with
/// upper-case letters, a value with continuation lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prop<'c> {
    /// Lower-cased, as `optionxform` does.
    pub key: &'c str,
    /// The key line (0-based).
    pub line: usize,
    /// One past the last line of the value (the key line or its last continuation line).
    pub end: usize,
    /// The value as botocore reads it: stripped, continuation lines joined by `\n`.
    pub value: &'c str,
}

/// What a [`Config`] stores of a property: its lines and a fingerprint of its key, 12 bytes.
/// Key and value are read from the document when asked for; the few that had to be made are
/// kept beside it.
#[derive(Debug, Clone, Copy)]
struct PropAt {
    line: u32,
    end: u32,
    /// [`fingerprint`] of the lower-cased key: a lookup reads only the keys that match it.
    key: u32,
}

/// FNV-1a of `key`: equal keys have equal fingerprints. Inlined into its callers, where the
/// compiler may fold a constant key's fingerprint.
#[inline(always)]
const fn fingerprint(key: &str) -> u32 {
    let bytes = key.as_bytes();
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    h
}

/// A section: its header line, its lines, and where its properties are ([`Config::props`]).
/// Made by [`Config::section`] from what the config keeps of it (`SectionAt`) and the
/// document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'d> {
    /// See [`Section::header_line`].
    header_at: u32,
    /// The text between the brackets, exactly as written.
    pub header: &'d str,
    pub kind: SectionKind<'d>,
}

/// What a [`Config`] keeps of a section, 16 bytes where a [`Section`] is 64: a file of a million
/// one-key sections holds a million of them. The header is the document's; the name is a place
/// in the document (read without its line), or one of [`Config`]'s made names where shlex built
/// it; where the section ends and its properties end is where the next one starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SectionAt {
    header_at: u32,
    /// Its first property in [`Config`]'s list of them.
    props_start: u32,
    /// The name's first byte in the document, or [`MADE_NAME`].
    name_at: u32,
    name_len: u16,
    kind: KindTag,
    canonical: bool,
}

/// [`SectionAt::name_at`] of a name kept in [`Config`]'s made names.
const MADE_NAME: u32 = u32::MAX;

/// [`SectionKind`] without its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KindTag {
    Profile,
    SsoSession,
    Services,
    Defaults,
    Other,
}

impl SectionAt {
    /// What a [`Config`] keeps of the section whose header, `header` in line `line_text` (which
    /// starts at byte `line_start` of the document), is on line `header_at`, with properties
    /// from `props_start`; a name it cannot point at is returned to be kept apart.
    fn new<'h>(
        header_at: u32,
        (line_start, line_text): (usize, &str),
        header: &'h str,
        props_start: u32,
    ) -> (SectionAt, Option<Cow<'h, str>>) {
        let (kind, canonical, name) = match section_kind(header) {
            SectionKind::Profile { name, canonical } => (KindTag::Profile, canonical, Some(name)),
            SectionKind::SsoSession { name, canonical } => {
                (KindTag::SsoSession, canonical, Some(name))
            }
            SectionKind::Services { name } => (KindTag::Services, true, Some(name)),
            SectionKind::Defaults => (KindTag::Defaults, true, None),
            SectionKind::Other => (KindTag::Other, true, None),
        };
        let mut at = SectionAt {
            header_at,
            props_start,
            name_at: 0,
            name_len: 0,
            kind,
            canonical,
        };
        let Some(name) = name else {
            return (at, None);
        };
        // Where the name is in the line: the header's own text, or (`default`, a quoted name
        // shlex copied) the same text found in the line.
        let within = (name.as_ptr() as usize)
            .checked_sub(line_text.as_ptr() as usize)
            .filter(|start| start + name.len() <= line_text.len());
        let place = match &name {
            Cow::Borrowed(_) if within.is_some() => within,
            _ => line_text.find(name.as_ref()),
        }
        .and_then(|start| {
            let at = u32::try_from(line_start + start).ok()?;
            Some((at, u16::try_from(name.len()).ok()?))
        })
        .filter(|(at, _)| *at != MADE_NAME);
        match place {
            Some((name_at, len)) => {
                (at.name_at, at.name_len) = (name_at, len);
                (at, None)
            }
            None => {
                at.name_at = MADE_NAME;
                (at, Some(name))
            }
        }
    }
}

impl<'d> Section<'d> {
    /// The line of the header (0-based).
    #[inline]
    pub fn header_line(&self) -> usize {
        self.header_at as usize
    }

    /// Whether the other AWS SDKs read this header as the same profile or sso-session botocore
    /// does. `[sso-session "corp"]` is `corp` to botocore but nothing to them (a quote is not a
    /// name character), so a profile pointing at it works only in botocore.
    pub fn read_alike_by_other_sdks(&self) -> bool {
        let (kind, name) = match &self.kind {
            SectionKind::Profile { name, .. } => ("profile", name),
            SectionKind::SsoSession { name, .. } => ("sso-session", name),
            _ => return false,
        };
        lint::cross_sdk_kind(self.header) == Some((kind, name.as_ref()))
    }

    pub fn profile_name(&self) -> Option<&str> {
        match &self.kind {
            SectionKind::Profile { name, .. } => Some(name),
            _ => None,
        }
    }

    pub fn session_name(&self) -> Option<&str> {
        match &self.kind {
            SectionKind::SsoSession { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// A document read the way botocore reads it.
#[derive(Debug)]
pub struct Config<'d> {
    doc: &'d Document,
    sections: Vec<SectionAt>,
    /// Names [`SectionAt`] cannot point at, by section (in section order).
    made_names: Vec<(u32, Box<str>)>,
    /// By section: the one botocore uses for its profile or session name (a later one of the
    /// same name shadows it). Set once the whole file is read.
    used: Vec<bool>,
    /// Every section's properties, section after section.
    props: Vec<PropAt>,
    /// Keys that had upper-case letters, lower-cased, by key line (in line order).
    made_keys: Vec<(u32, Box<str>)>,
    /// Values with continuation lines, joined, by key line (in line order).
    made_values: Vec<(u32, Box<str>)>,
    /// Profile name -> section index; the later section wins, as in `build_profile_map`.
    profiles: NameIndex,
    sessions: NameIndex,
    /// Keys of all `[DEFAULT]` sections, in file order (each once).
    defaults: Vec<(Cow<'d, str>, Cow<'d, str>)>,
    /// Where there are more than [`SCANNED_DEFAULTS`] keys in `defaults`: each key's
    /// fingerprint and place, in fingerprint order. A lookup is a binary search through these
    /// eight-byte pairs, not a walk through every key (nor a search that reads a key at each
    /// step, a cache miss each on a large file).
    defaults_by_key: Vec<(u32, u32)>,
    problems: Vec<Problem>,
}

/// Up to this many `[DEFAULT]` keys are searched in turn.
const SCANNED_DEFAULTS: usize = 8;

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

pub const SSO_START_URL: &str = "sso_start_url";
pub const SSO_REGION: &str = "sso_region";
pub const SSO_SESSION: &str = "sso_session";
pub const SSO_ACCOUNT_ID: &str = "sso_account_id";
pub const SSO_ROLE_NAME: &str = "sso_role_name";
pub const SSO_REGISTRATION_SCOPES: &str = "sso_registration_scopes";

/// The keys [`Config::resolve_borrowed`] reads, in this order, with their fingerprints.
const TARGET_KEYS: [(&str, u32); 5] = [
    (SSO_SESSION, fingerprint(SSO_SESSION)),
    (SSO_START_URL, fingerprint(SSO_START_URL)),
    (SSO_REGION, fingerprint(SSO_REGION)),
    (SSO_ACCOUNT_ID, fingerprint(SSO_ACCOUNT_ID)),
    (SSO_ROLE_NAME, fingerprint(SSO_ROLE_NAME)),
];

impl<'d> Config<'d> {
    /// Reads `doc`. Never fails; see [`Config::problems`].
    pub fn read(doc: &'d Document) -> Config<'d> {
        let mut problems = Vec::new();
        // A file that is not text gets one problem, not one per line: everything after the first
        // bad byte would only be a follow-on error.
        if let Some(p) = not_text(doc) {
            return Config {
                doc,
                sections: Vec::new(),
                made_names: Vec::new(),
                used: Vec::new(),
                props: Vec::new(),
                made_keys: Vec::new(),
                made_values: Vec::new(),
                profiles: NameIndex::new(Named::Profile, 0),
                sessions: NameIndex::new(Named::SsoSession, 0),
                defaults: Vec::new(),
                defaults_by_key: Vec::new(),
                problems: vec![p],
            };
        }
        if doc.has_bom() {
            problems.push(Problem::new(1, 0..0, ProblemKind::ByteOrderMark));
        }
        let Collected {
            sections,
            made_names,
            props,
            made_keys,
            made_values,
        } = collect_sections(doc, &mut problems);
        let mut cfg = Config {
            doc,
            sections,
            made_names,
            used: Vec::new(),
            props,
            made_keys,
            made_values,
            profiles: NameIndex::new(Named::Profile, 0),
            sessions: NameIndex::new(Named::SsoSession, 0),
            defaults: Vec::new(),
            defaults_by_key: Vec::new(),
            problems,
        };
        cfg.index();
        cfg.check_nested_values();
        // Nearly always in order already (the walk records them line by line): a stable sort
        // would still take a buffer of half the list, which for a refused file of a problem on
        // each of 400,000 lines was 17 MB.
        if !cfg.problems.is_sorted_by_key(|p| p.line) {
            cfg.problems.sort_by_key(|p| p.line);
        }
        cfg
    }

    pub fn document(&self) -> &'d Document {
        self.doc
    }

    /// Everything that stops botocore from reading this file, or makes its meaning ambiguous.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// [`Config::problems`], taken out of a config that is refused: a file with a problem on
    /// each of hundreds of thousands of lines is not held twice.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    /// Every section, in file order.
    pub fn sections(&self) -> impl ExactSizeIterator<Item = Section<'_>> + '_ {
        (0..self.sections.len()).map(|i| self.section(i))
    }

    pub fn section_count(&self) -> usize {
        self.sections.len()
    }

    /// Section `i`, made from what the config keeps of it and the document.
    pub fn section(&self, i: usize) -> Section<'_> {
        let at = self.sections[i];
        let name = || -> Cow<'_, str> { Cow::Borrowed(self.name_of(i)) };
        let canonical = at.canonical;
        Section {
            header_at: at.header_at,
            header: header_of(self.doc, at.header_at as usize),
            kind: match at.kind {
                KindTag::Profile => SectionKind::Profile {
                    name: name(),
                    canonical,
                },
                KindTag::SsoSession => SectionKind::SsoSession {
                    name: name(),
                    canonical,
                },
                KindTag::Services => SectionKind::Services { name: name() },
                KindTag::Defaults => SectionKind::Defaults,
                KindTag::Other => SectionKind::Other,
            },
        }
    }

    /// The header line of section `i` (0-based), without making the section.
    pub fn header_line(&self, i: usize) -> usize {
        self.sections[i].header_at as usize
    }

    /// The section whose header is on `line`, if one is.
    pub fn section_at_line(&self, line: usize) -> Option<usize> {
        self.sections
            .binary_search_by_key(&line, |s| s.header_at as usize)
            .ok()
    }

    /// The section line `line` belongs to: the last whose header is not below it.
    pub fn section_holding(&self, line: usize) -> Option<usize> {
        self.sections
            .partition_point(|s| s.header_at as usize <= line)
            .checked_sub(1)
    }

    /// Section `i`'s header: the text between the brackets, exactly as written.
    pub fn header(&self, i: usize) -> &'d str {
        header_of(self.doc, self.sections[i].header_at as usize)
    }

    /// The name of section `i` (a profile, session or services name); empty for another kind.
    fn name_of(&self, i: usize) -> &str {
        let at = self.sections[i];
        if at.name_at == MADE_NAME {
            let k = self
                .made_names
                .binary_search_by_key(&(i as u32), |(s, _)| *s)
                .expect("a made name is kept");
            return &self.made_names[k].1;
        }
        let start = at.name_at as usize;
        self.doc.text_at(start..start + at.name_len as usize)
    }

    /// The name of section `i` if it is of kind `kind`.
    #[inline]
    fn name_if(&self, i: usize, kind: KindTag) -> Option<&str> {
        (self.sections[i].kind == kind).then(|| self.name_of(i))
    }

    /// The range of section `sec`'s properties in the list of them.
    #[inline]
    fn prop_range(&self, sec: usize) -> std::ops::Range<usize> {
        let start = self.sections[sec].props_start as usize;
        let end = self
            .sections
            .get(sec + 1)
            .map_or(self.props.len(), |next| next.props_start as usize);
        start..end
    }

    /// The properties of section `sec`, in file order.
    pub fn props(&self, sec: usize) -> impl ExactSizeIterator<Item = Prop<'_>> + '_ {
        self.props[self.prop_range(sec)]
            .iter()
            .map(|at| self.prop(*at))
    }

    /// One past the last line of section `sec` that a reader takes anything from: its last
    /// property's last line, or its header. What follows (blank lines, comments) means nothing
    /// to botocore or to the `configparser` crate.
    pub fn content_end(&self, sec: usize) -> usize {
        self.props[self.prop_range(sec)]
            .last()
            .map_or(self.header_line(sec) + 1, |p| p.end as usize)
    }

    /// Section `sec`'s own value for `key` (not one inherited from `[DEFAULT]`). Always inlined,
    /// so that a constant key's fingerprint is folded.
    #[inline(always)]
    pub fn own(&self, sec: usize, key: &str) -> Option<Prop<'_>> {
        let want = fingerprint(key);
        self.props[self.prop_range(sec)]
            .iter()
            .filter(|at| at.key == want)
            .map(|at| self.prop(*at))
            .find(|p| p.key == key)
    }

    fn prop(&self, at: PropAt) -> Prop<'_> {
        let (line, end) = (at.line as usize, at.end as usize);
        let (raw_key, raw_value) = self.doc.key_value(line).unwrap_or(("", ""));
        // A key is made only when it had upper-case letters; most files have none.
        let key = if self.made_keys.is_empty() || is_lower(raw_key) {
            raw_key
        } else {
            made(&self.made_keys, at.line).unwrap_or(raw_key)
        };
        let value = if end > line + 1 {
            made(&self.made_values, at.line).unwrap_or("")
        } else {
            raw_value
        };
        Prop {
            key,
            line,
            end,
            value,
        }
    }

    /// The section botocore uses for profile `name`.
    pub fn profile(&self, name: &str) -> Option<usize> {
        self.profiles.get(self, name)
    }

    /// The section botocore uses for sso-session `name`.
    pub fn session(&self, name: &str) -> Option<usize> {
        self.sessions.get(self, name)
    }

    /// Profile sections in file order (a shadowed duplicate is skipped).
    pub fn profile_sections(&self) -> impl Iterator<Item = (usize, Section<'_>)> {
        self.sections_of(KindTag::Profile)
    }

    /// sso-session sections in file order (a shadowed duplicate is skipped).
    pub fn session_sections(&self) -> impl Iterator<Item = (usize, Section<'_>)> {
        self.sections_of(KindTag::SsoSession)
    }

    /// The numbers of [`Config::profile_sections`], without making the sections.
    pub fn profile_section_numbers(&self) -> impl Iterator<Item = usize> + '_ {
        self.numbers_of(KindTag::Profile)
    }

    /// The numbers of [`Config::session_sections`], without making the sections.
    pub fn session_section_numbers(&self) -> impl Iterator<Item = usize> + '_ {
        self.numbers_of(KindTag::SsoSession)
    }

    fn sections_of(&self, kind: KindTag) -> impl Iterator<Item = (usize, Section<'_>)> {
        self.numbers_of(kind).map(|i| (i, self.section(i)))
    }

    fn numbers_of(&self, kind: KindTag) -> impl Iterator<Item = usize> + '_ {
        (self.sections.iter().enumerate())
            .filter(move |&(i, s)| self.used[i] && s.kind == kind)
            .map(|(i, _)| i)
    }

    /// The profile name of section `i`, if it is a profile.
    pub fn profile_name(&self, i: usize) -> Option<&str> {
        self.name_if(i, KindTag::Profile)
    }

    /// The session name of section `i`, if it is an sso-session.
    pub fn session_name(&self, i: usize) -> Option<&str> {
        self.name_if(i, KindTag::SsoSession)
    }

    /// Whether section `i`'s header is written as the other SDKs read it too (see
    /// [`SectionKind`]); true for a section that is not a profile or session.
    pub fn is_canonical(&self, i: usize) -> bool {
        self.sections[i].canonical
    }

    /// Whether the other SDKs read no other name in section `i`'s header: it is a profile or
    /// session whose header starts with its kind's word (nearly every one), which they read as
    /// botocore's name or not at all (a property test holds this). Such a header needs no second
    /// reading to find what only the other SDKs would name or merge.
    pub fn other_sdks_read_no_other_name(&self, i: usize) -> bool {
        let at = self.sections[i];
        at.canonical && matches!(at.kind, KindTag::Profile | KindTag::SsoSession)
    }

    /// Whether section `i` is upper-case `[DEFAULT]`.
    pub fn is_defaults(&self, i: usize) -> bool {
        self.sections[i].kind == KindTag::Defaults
    }

    /// Whether botocore uses section `i` for its profile or session name: not a duplicate that a
    /// later section of the same name shadows.
    pub fn is_in_use(&self, i: usize) -> bool {
        self.used[i]
    }

    /// How many profiles botocore sees (shadowed duplicates count once).
    pub fn profile_count(&self) -> usize {
        self.profiles.len()
    }

    /// Keys `[DEFAULT]` gives every section.
    pub fn defaults(&self) -> &[(Cow<'d, str>, Cow<'d, str>)] {
        &self.defaults
    }

    /// The value botocore sees for `key` in section `sec`: its own, else `[DEFAULT]`'s.
    #[inline]
    pub fn get(&self, sec: usize, key: &str) -> Option<&str> {
        self.own(sec, key)
            .map(|p| p.value)
            .or_else(|| self.default_value(key))
    }

    /// The value `[DEFAULT]` gives `key`, if it gives one.
    #[inline]
    pub fn default_value(&self, key: &str) -> Option<&str> {
        // Nearly every file has no `[DEFAULT]`: asked for every key a section does not set.
        if self.defaults.is_empty() {
            return None;
        }
        self.default_entry(key).map(|(_, v)| v)
    }

    /// The place of `key` among the `[DEFAULT]` keys (in file order) and its value there.
    fn default_entry(&self, key: &str) -> Option<(usize, &str)> {
        let at = if self.defaults.len() <= SCANNED_DEFAULTS {
            self.defaults.iter().position(|(k, _)| k == key)?
        } else {
            let want = fingerprint(key);
            let from = self.defaults_by_key.partition_point(|&(f, _)| f < want);
            (self.defaults_by_key[from..].iter())
                .take_while(|&&(f, _)| f == want)
                .map(|&(_, at)| at as usize)
                .find(|&at| self.defaults[at].0 == key)?
        };
        Some((at, &self.defaults[at].1))
    }

    /// The first `[DEFAULT]` key, in file order, that section `sec` sets itself to another
    /// value, among the keys `skip` does not name: the key, `sec`'s value and `[DEFAULT]`'s.
    /// What a merge that puts `[DEFAULT]`'s keys after another section's own finds first, found
    /// through `sec`'s own keys instead of a walk through every `[DEFAULT]` key.
    pub fn first_default_overridden(
        &self,
        sec: usize,
        skip: impl Fn(&str) -> bool,
    ) -> Option<(&str, &str, &str)> {
        if self.defaults.is_empty() {
            return None;
        }
        let mut first: Option<(usize, Prop<'_>, &str)> = None;
        let twice = self.sets_a_key_twice(sec);
        for p in self.props(sec) {
            // A key set twice is read at its first line, as `get` reads it.
            let read_here = || !twice || self.own(sec, p.key).is_some_and(|q| q.line == p.line);
            if let Some((at, value)) = self.default_entry(p.key)
                && value != p.value
                && first.as_ref().is_none_or(|(f, _, _)| at < *f)
                && !skip(p.key)
                && read_here()
            {
                first = Some((at, p, value));
            }
        }
        first.map(|(_, p, value)| (p.key, p.value, value))
    }

    /// All keys botocore sees in section `sec`, in configparser's order: the section's own keys,
    /// then the `[DEFAULT]` keys it does not set itself.
    pub fn effective(&self, sec: usize) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = self.props(sec).map(|p| (p.key, p.value)).collect();
        let own = out.len();
        for (k, v) in &self.defaults {
            if !out[..own].iter().any(|(ok, _)| ok == k) {
                out.push((k, v));
            }
        }
        out
    }

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
                if at.key == want && found[n].is_none() {
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
    /// a search of the problems, which are in line order.
    fn sets_a_key_twice(&self, sec: usize) -> bool {
        let lines = self.header_line(sec) + 1..self.content_end(sec) + 1;
        let from = self.problems.partition_point(|p| p.line < lines.start);
        (self.problems[from..].iter())
            .take_while(|p| lines.contains(&p.line))
            .any(|p| matches!(p.kind, ProblemKind::DuplicateKey { .. }))
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

    /// The line ending new lines in this file should use.
    pub fn ending(&self) -> Ending {
        self.doc.dominant_ending()
    }

    /// botocore parses a value that starts on the next line (`s3 =` + indented lines) as
    /// `key = value` pairs and refuses the whole file when a line has no `=`.
    fn check_nested_values(&mut self) {
        let mut problems = Vec::new();
        // Only a value with continuation lines can start with one: the others are not read.
        for &at in self.props.iter().filter(|at| at.end > at.line + 1) {
            let p = self.prop(at);
            if !p.value.starts_with('\n') {
                continue;
            }
            for (offset, l) in p.value.split('\n').enumerate() {
                let bad = py::splitlines(l)
                    .into_iter()
                    .any(|part| !py::strip(part).is_empty() && !part.contains('='));
                if bad {
                    let line = nested_line(self.doc, &p, offset);
                    problems.push(Problem::new(
                        line,
                        trimmed_span(self.doc.text(line - 1)),
                        ProblemKind::NestedLineWithoutEquals {
                            key: p.key.to_string(),
                        },
                    ));
                    break;
                }
            }
        }
        self.problems.extend(problems);
    }
}

/// The 1-based line of the `offset`-th part of a nested value (part 0 is the key line).
fn nested_line(doc: &Document, p: &Prop, offset: usize) -> usize {
    let mut part = 0;
    for i in p.line..p.end {
        match doc.line(i).kind {
            LineKind::Key { .. } if i == p.line => {}
            LineKind::Blank | LineKind::Continuation => part += 1,
            _ => continue,
        }
        if part == offset {
            return i + 1;
        }
    }
    p.line + 1
}

/// What botocore makes of a section header (`build_profile_map` and `_parse_section`).
pub fn section_kind(header: &str) -> SectionKind<'_> {
    let named = |prefix: &str| -> Option<(Cow<'_, str>, bool)> {
        if let Some(words) = two_plain_words(header) {
            return words.map(|(first, name)| (Cow::Borrowed(name), first == prefix));
        }
        let parts = shlex::split(header).ok()?;
        match parts.as_slice() {
            [first, name] => Some((Cow::Owned(name.clone()), first == prefix)),
            _ => None,
        }
    };
    if header.starts_with("profile") {
        named("profile").map_or(SectionKind::Other, |(name, canonical)| {
            SectionKind::Profile { name, canonical }
        })
    } else if header.starts_with("sso-session") {
        named("sso-session").map_or(SectionKind::Other, |(name, canonical)| {
            SectionKind::SsoSession { name, canonical }
        })
    } else if header.starts_with("services") {
        named("services").map_or(SectionKind::Other, |(name, _)| SectionKind::Services {
            name,
        })
    } else if header == "default" {
        SectionKind::Profile {
            name: "default".into(),
            canonical: true,
        }
    } else if header == "DEFAULT" {
        SectionKind::Defaults
    } else {
        SectionKind::Other
    }
}

/// `header`'s two words, as shlex splits it, where it has no quote or backslash (without them
/// shlex only splits at its whitespace, and no word is built); `Some(None)` where it has not two.
/// `None` where it has a quote or backslash: shlex must read it. One pass over the bytes, every
/// one looked for ASCII, so that no character is cut.
fn two_plain_words(header: &str) -> Option<Option<(&str, &str)>> {
    let mut words = [0..0, 0..0];
    let mut count = 0;
    let mut start = None;
    for (i, &b) in header.as_bytes().iter().enumerate() {
        match b {
            b'"' | b'\'' | b'\\' => return None,
            b' ' | b'\t' | b'\r' | b'\n' => {
                if let Some(s) = start.take() {
                    if count < 2 {
                        words[count] = s..i;
                    }
                    count += 1;
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        if count < 2 {
            words[count] = s..header.len();
        }
        count += 1;
    }
    let [first, name] = words;
    Some((count == 2).then(|| (&header[first], &header[name])))
}

/// The text between the brackets of the header on line `i` of `doc`.
fn header_of(doc: &Document, i: usize) -> &str {
    match &doc.line(i).kind {
        LineKind::Section { header } => doc.slice(i, header),
        _ => unreachable!("a section starts at a header line"),
    }
}

/// The key or value made for the property on `line`, in a list sorted by line.
fn made(list: &[(u32, Box<str>)], line: u32) -> Option<&str> {
    let i = list.binary_search_by_key(&line, |(l, _)| *l).ok()?;
    Some(&list[i].1)
}

/// `optionxform`: the key lower-cased, borrowed when it already is (nearly always). Also how
/// session names and the `configparser` crate's keys are compared without case.
pub(crate) fn lower(key: &str) -> Cow<'_, str> {
    if is_lower(key) {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(key.to_lowercase())
    }
}

/// Whether `key` is ASCII without upper-case letters: what `optionxform` leaves as it is.
/// Every key of both readings of a file and of the `configparser` crate's asks, eight bytes at
/// a time.
pub(crate) fn is_lower(key: &str) -> bool {
    lower_ascii(key.as_bytes())
}

fn lower_ascii(bytes: &[u8]) -> bool {
    // In a word whose bytes are all under 0x80, adding `0x80 - n` to each byte sets its high
    // bit exactly where the byte is `n` or more, and carries into no other byte: a byte is
    // upper-case where adding `0x80 - b'A'` sets it and adding `0x80 - (b'Z' + 1)` does not.
    let lower_word = |w: u64, _: &[u8]| {
        let from_a = w.wrapping_add(u64::from(0x80 - b'A') * ONES);
        let past_z = w.wrapping_add(u64::from(0x80 - b'Z' - 1) * ONES);
        w & HIGH == 0 && from_a & !past_z & HIGH == 0
    };
    every_byte(bytes, lower_word, |b| {
        b.is_ascii() && !b.is_ascii_uppercase()
    })
}

/// A `u64` of eight bytes of 0x01, and of eight of 0x80: for looking at eight bytes at a time.
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether every byte of `bytes` passes `byte`, eight at a time where there are eight: `word`
/// says it of eight bytes at once (as a native-endian `u64` and as the slice), and a shorter
/// slice is looked at byte by byte. The last few bytes are in the word that ends the slice,
/// which overlaps the one before.
fn every_byte(bytes: &[u8], word: impl Fn(u64, &[u8]) -> bool, byte: impl Fn(u8) -> bool) -> bool {
    if bytes.len() < 8 {
        return bytes.iter().all(|&b| byte(b));
    }
    let word = |w: &[u8]| word(u64::from_ne_bytes(w.try_into().expect("eight bytes")), w);
    bytes.chunks_exact(8).all(word) && word(&bytes[bytes.len() - 8..])
}

#[cfg(test)]
mod tests {
    use super::collect::collect_lines;
    use super::*;

    #[test]
    fn lower_ascii_is_the_byte_by_byte_rule_at_every_length_and_place() {
        let by_byte = |b: &[u8]| b.iter().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
        for len in 0..=17 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut key = vec![b'k'; len];
                    key[at] = byte;
                    assert_eq!(lower_ascii(&key), by_byte(&key), "{key:?}");
                }
            }
        }
        assert!(is_lower("sso_account_id") && !is_lower("sso_Account_id") && !is_lower("é"));
    }

    fn read(src: &str) -> (Document, Vec<Problem>) {
        let doc = Document::parse(src);
        let problems = Config::read(&doc).problems().to_vec();
        (doc, problems)
    }

    /// `doc` read into sections on two threads reads as on one: the same problems (in line
    /// order, as `Config::read` sorts them), sections, properties and made keys and values.
    /// Returns the problems of each, as found (two threads, one thread).
    fn assert_collects_as_on_one_thread(doc: &Document) -> (Vec<Problem>, Vec<Problem>) {
        let (mut two_problems, mut problems) = (Vec::new(), Vec::new());
        let two = collect_sections(doc, &mut two_problems);
        let one = collect_lines(doc, 0..doc.len(), &mut problems);
        let sorted = |p: &[Problem]| {
            let mut p = p.to_vec();
            p.sort_by_key(|p| p.line);
            p
        };
        assert_eq!(sorted(&two_problems), sorted(&problems));
        assert_eq!(two.sections, one.sections);
        assert_eq!(two.made_names, one.made_names);
        let props = |c: &Collected| {
            c.props
                .iter()
                .map(|p| (p.line, p.end, p.key))
                .collect::<Vec<_>>()
        };
        assert_eq!(props(&two), props(&one));
        assert_eq!(two.made_keys, one.made_keys);
        assert_eq!(two.made_values, one.made_values);
        (two_problems, problems)
    }

    #[test]
    fn a_section_is_kept_in_16_bytes_and_knows_its_lines() {
        assert_eq!(std::mem::size_of::<SectionAt>(), 16);
        let doc = Document::parse("# c\n[profile a]\nk = v\n\n[b]\n");
        let cfg = Config::read(&doc);
        let lines: Vec<_> = (0..cfg.section_count())
            .map(|i| (cfg.header_line(i), cfg.content_end(i)))
            .collect();
        assert_eq!(lines, [(1, 3), (4, 5)]);
    }

    #[test]
    fn names_are_read_where_they_are_written_or_kept_where_shlex_made_them() {
        let headers = [
            ("profile plain", "plain"),
            ("default", "default"),
            ("profile \"my prof\"", "my prof"),
            ("sso-session 'corp'", "corp"),
            ("profile 'a'\"b\"", "ab"),
            ("profile a\\ b", "a b"),
            ("services s3", "s3"),
        ];
        let src: String = headers
            .iter()
            .map(|(h, _)| format!("[{h}]\nk = v\n"))
            .collect();
        let doc = Document::parse(src.as_str());
        let cfg = Config::read(&doc);
        let names: Vec<String> = cfg
            .sections()
            .map(|s| match s.kind {
                SectionKind::Profile { name, .. }
                | SectionKind::SsoSession { name, .. }
                | SectionKind::Services { name } => name.into_owned(),
                _ => String::new(),
            })
            .collect();
        let expected: Vec<&str> = headers.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, expected);
        // Where the name is not in the line as it is read (shlex joined or unescaped it), it
        // is kept apart.
        let kept: Vec<u32> = cfg.made_names.iter().map(|(i, _)| *i).collect();
        assert_eq!(kept, [4, 5]);
        for (i, name) in expected.iter().enumerate() {
            match i {
                3 => assert_eq!(cfg.session(name), Some(i)),
                6 => assert_eq!(cfg.profile(name), None),
                _ => assert_eq!(cfg.profile(name), Some(i), "{name}"),
            }
            assert_eq!(cfg.header(i), cfg.section(i).header);
        }
        // Read on two threads, a made name is numbered in the whole list.
        let filler = "# filler\n".repeat(crate::doc::PARALLEL_BYTES / 8);
        let two = format!("[profile x]\n{filler}[profile 'y'\"z\"]\nk = v\n");
        let doc = Document::parse(two.as_str());
        assert_collects_as_on_one_thread(&doc);
        let cfg = Config::read(&doc);
        assert_eq!(cfg.profile("yz"), Some(1));
        assert_eq!(cfg.made_names.len(), 1);
    }

    #[test]
    fn the_second_thread_may_start_inside_a_comment_block() {
        // The middle falls in a long comment block; after it come a continuation of the value
        // being read (with a blank line), keys of the same section, or nothing at all. Comment
        // lines with problems of their own (a lone carriage return, an odd indent) are among
        // them.
        let comments =
            "# a comment\n\u{b}# odd indent\n; lone cr\r".repeat(crate::doc::PARALLEL_BYTES / 30);
        let cases = [
            format!("[profile a]\nk =\n  one\n{comments}\n  two\nx = 1\nX = 2\n[b]\ny = 1\n"),
            format!("[profile a]\nk = v\n{comments}"),
            format!("[profile a]\n{comments}k = v\n  more\nbad line\n"),
        ];
        for src in cases {
            let (_, problems) = assert_collects_as_on_one_thread(&Document::parse(src.as_str()));
            assert!(!problems.is_empty());
        }
    }

    #[test]
    fn a_large_file_reads_the_same_on_two_threads() {
        // Problems, continuation values, upper-case keys, duplicates and orphan lines, repeated
        // past the size that splits the work.
        let block = "[profile a]\nRegion = x\ns3 =\n  k = v\n\n  k2 = v2\nregion = y\n\
                     bad line\n[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n";
        let src = block.repeat(crate::doc::PARALLEL_BYTES * 2 / block.len() + 1);
        let doc = Document::parse(src.as_str());
        // Split at a header, the two threads find the problems in the very same order.
        let (two_problems, problems) = assert_collects_as_on_one_thread(&doc);
        assert_eq!(two_problems, problems);
        assert!(!problems.is_empty());
        let one = collect_lines(&doc, 0..doc.len(), &mut Vec::new());
        assert!(!one.made_keys.is_empty() && !one.made_values.is_empty());
    }

    #[test]
    fn a_repeated_header_is_found_among_the_spellings_of_its_name() {
        let (_, problems) = read(
            "[profile a]\n[profile  a]\n[profile a]\n[profile  a]\n[plugins]\n[plugins]\n\
             [sso-session s]\n[sso-session s]\n",
        );
        let found: Vec<(usize, &str, Option<usize>)> = problems
            .iter()
            .map(|p| match &p.kind {
                ProblemKind::DuplicateSection { first_line, .. } => {
                    (p.line, "dup", Some(*first_line))
                }
                ProblemKind::SameSectionTwice { headers, .. } => {
                    (p.line, "same", Some(headers.other_line))
                }
                _ => (p.line, p.kind.code(), None),
            })
            .collect();
        assert_eq!(
            found,
            [
                (2, "same", Some(1)),
                (3, "dup", Some(1)),
                (4, "dup", Some(2)),
                (6, "dup", Some(5)),
                (8, "dup", Some(7)),
            ]
        );
        let doc = Document::parse("[profile a]\nk = 1\n[profile  a]\nk = 2\n");
        let cfg = Config::read(&doc);
        assert_eq!(cfg.profile("a"), Some(1), "the later section wins");
        assert_eq!(cfg.profile_count(), 1);
    }

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
    fn plain_headers_split_as_shlex_splits_them() {
        // Every header of up to six of these bytes, which shlex splits without building a word.
        let alphabet = [b' ', b'\t', b'\r', b'\n', b'a', b'p', b'-'];
        let mut headers = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = (headers.iter())
                .filter(|h| h.len() == headers.last().map_or(0, String::len))
                .flat_map(|h| alphabet.iter().map(move |&b| format!("{h}{}", b as char)))
                .collect();
            headers.extend(longer);
        }
        assert_eq!(headers.len(), (0..=6).map(|n| 7usize.pow(n)).sum::<usize>());
        for h in &headers {
            let shlex = shlex::split(h).unwrap();
            let want = match shlex.as_slice() {
                [first, name] => Some((first.as_str(), name.as_str())),
                _ => None,
            };
            assert_eq!(two_plain_words(h), Some(want), "{h:?}");
        }
        for quoted in ["profile \"a\"", "'p' a", "profile a\\ b", "\\"] {
            assert_eq!(two_plain_words(quoted), None, "{quoted}");
        }
    }

    #[test]
    fn section_kinds_follow_botocore() {
        use SectionKind::*;
        let p = |n: &'static str, c| Profile {
            name: n.into(),
            canonical: c,
        };
        assert_eq!(section_kind("default"), p("default", true));
        assert_eq!(section_kind("profile default"), p("default", true));
        assert_eq!(section_kind("profile \"my prof\""), p("my prof", true));
        assert_eq!(section_kind("profiles bar"), p("bar", false));
        assert_eq!(section_kind("profile a b"), Other);
        assert_eq!(section_kind("profile\ta\r"), p("a", true));
        assert_eq!(section_kind("profile  'a'"), p("a", true));
        assert_eq!(section_kind("profile a\\ b"), p("a b", true));
        assert_eq!(section_kind("profile \"abc"), Other);
        assert_eq!(section_kind("   profile foo    "), Other);
        assert_eq!(section_kind("Profile A"), Other);
        assert_eq!(
            section_kind("sso-session 'my sess'"),
            SsoSession {
                name: "my sess".into(),
                canonical: true
            }
        );
        assert_eq!(section_kind("DEFAULT"), Defaults);
        assert_eq!(section_kind("plugins"), Other);
    }

    proptest::proptest! {
        /// A header without quotes or backslashes is split into words at the bytes of shlex's
        /// whitespace, as it was split at those characters.
        #[test]
        fn a_plain_header_splits_into_the_same_words(
            header in "(profile|sso-session|services|profiles|default|DEFAULT|)([ \t\r\n\u{a0}\u{85}\u{2028}]{0,2}[a-zé\u{a0}.@]{0,4}){0,3}[ \t\u{a0}]?"
        ) {
            let by_chars = |prefix: &str| {
                let mut words = header
                    .split([' ', '\t', '\r', '\n'])
                    .filter(|w| !w.is_empty());
                match (words.next(), words.next(), words.next()) {
                    (Some(first), Some(name), None) => Some((name, first == prefix)),
                    _ => None,
                }
            };
            let was = if header.starts_with("profile") {
                by_chars("profile").map_or(SectionKind::Other, |(name, canonical)| {
                    SectionKind::Profile { name: name.into(), canonical }
                })
            } else if header.starts_with("sso-session") {
                by_chars("sso-session").map_or(SectionKind::Other, |(name, canonical)| {
                    SectionKind::SsoSession { name: name.into(), canonical }
                })
            } else if header.starts_with("services") {
                by_chars("services").map_or(SectionKind::Other, |(name, _)| {
                    SectionKind::Services { name: name.into() }
                })
            } else {
                section_kind(&header)
            };
            proptest::prop_assert_eq!(section_kind(&header), was);
        }

        /// What [`Config::other_sdks_read_no_other_name`] says: where botocore reads a profile
        /// or session from a header that starts with its kind's word, the other SDKs read the
        /// same kind and name, or nothing.
        #[test]
        fn a_canonical_header_is_read_alike_or_not_at_all_by_other_sdks(
            header in "(profile|sso-session|default|profiles|DEFAULT)([ \t\r]{0,2}[a-z'\"\\\\ \t.@]{0,4}){0,3}[ \t]?"
        ) {
            let ours = match section_kind(&header) {
                SectionKind::Profile { name, canonical: true } => Some(("profile", name)),
                SectionKind::SsoSession { name, canonical: true } => Some(("sso-session", name)),
                _ => None,
            };
            if let Some((kind, name)) = ours
                && let Some(theirs) = cross_sdk_kind(&header)
            {
                proptest::prop_assert_eq!(theirs, (kind, name.as_ref()));
            }
        }
    }

    #[test]
    fn other_sdks_trim_headers() {
        assert_eq!(
            cross_sdk_kind("   profile foo    "),
            Some(("profile", "foo"))
        );
        assert_eq!(
            cross_sdk_kind(" sso-session corp "),
            Some(("sso-session", "corp"))
        );
        assert_eq!(cross_sdk_kind("default"), Some(("profile", "default")));
        assert_eq!(cross_sdk_kind("profile 'a b'"), None);
        assert_eq!(cross_sdk_kind("profile foo!bar"), None);
        assert_eq!(cross_sdk_kind("profiles foo"), None);
    }

    #[test]
    fn a_header_only_other_sdks_merge_is_ambiguous() {
        let (_, problems) = read("[profile dev]\nk = 1\n[   profile dev   ]\nk = 2\n");
        assert!(
            problems.iter().any(|p| p.line == 3
                && !p.botocore_refuses()
                && p.kind.code() == "merged_by_other_sdks"),
            "{problems:?}"
        );
        let (_, problems) = read("[sso-session s]\n[ sso-session s ]\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn values_are_read_like_botocore() {
        let doc = Document::parse(
            "[profile a]\nRegion = us-east-1 # c\nS3 =\n  k = v\n\n  k2 = v2\n\nx: y\n",
        );
        let cfg = Config::read(&doc);
        assert!(cfg.problems().is_empty(), "{:?}", cfg.problems());
        assert_eq!(cfg.own(0, "region").unwrap().value, "us-east-1 # c");
        let s3 = cfg.own(0, "s3").unwrap();
        assert_eq!(s3.value, "\nk = v\n\nk2 = v2");
        assert_eq!((s3.line, s3.end), (2, 6));
        assert_eq!(cfg.own(0, "x").unwrap().value, "y");
    }

    #[test]
    fn refuses_what_botocore_refuses() {
        let cases = [
            ("k = v\n[a]\n", "key_before_section"),
            ("[a]\n[a]\n", "duplicate_section"),
            ("[a]\nk = 1\nK = 2\n", "duplicate_key"),
            ("[a]\njunk\n", "not_key_value"),
            ("[a]\n= v\n", "empty_key"),
            ("[a]\ns3 =\n  bad\n", "nested_line_without_equals"),
            ("\u{feff}[a]\n", "byte_order_mark"),
            ("[default]\n[profile default]\n", "same_section_twice"),
            ("[profile a]\n[profile \"a\"]\n", "same_section_twice"),
            ("[profile a]\n[ profile a ]\n", "merged_by_other_sdks"),
            ("[DEFAULT]\nk = 1\n[DEFAULT]\nk = 2\n", "duplicate_key"),
            ("[a]\rk = v\n", "lone_carriage_return"),
            ("[a]\n\u{1d}k = v\n", "unusual_whitespace"),
            ("[a]\n[b=c\n", "incomplete_header"),
            ("[a]\nk = v\n  [x\n", "incomplete_header"),
            ("[profile a]x\n", "incomplete_header"),
            ("[profile a#b]\n", "incomplete_header"),
            ("\t[profile a]\n", "indented_header"),
            ("[a]\nk = v\u{a0}\n", "unusual_whitespace"),
            ("[a]\nk\u{2003}= v\n", "unusual_whitespace"),
        ];
        for (src, want) in cases {
            let (_, problems) = read(src);
            assert!(
                problems.iter().any(|p| p.kind.code() == want),
                "{src:?}: {problems:?}"
            );
        }
        let mut codes: Vec<&str> = cases.iter().map(|(_, c)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(
            codes.len(),
            ProblemKind::CODES.len() - 2,
            "not_a_config and not_utf8 below"
        );
        let (_, problems) = read("[a]\nk = \u{0}\n");
        assert!(problems.is_empty());
        let (_, problems) = read("[profile a] # comment\n[b]\t; c\n");
        assert!(problems.is_empty(), "{problems:?}");
        // Inside a value or a comment, such a character changes nothing.
        let (_, problems) = read("[a]\nk = a\u{a0}b\n# \u{1d}\n");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_duplicate_key_names_the_first_in_short_and_long_sections() {
        for keys in [3, 40] {
            let mut src = String::from("[profile a]\n");
            for k in 0..keys {
                src.push_str(&format!("k{k} = v\n"));
            }
            src.push_str("K1 = again\nk1 = thrice\n");
            let (_, problems) = read(&src);
            let firsts: Vec<_> = problems
                .iter()
                .map(|p| match &p.kind {
                    ProblemKind::DuplicateKey { first_line, .. } => (p.line, *first_line),
                    other => panic!("{other:?}"),
                })
                .collect();
            assert_eq!(firsts, [(keys + 2, 3), (keys + 3, 3)], "{keys} keys");
        }
    }

    /// In a long section, keys are found again by sorting their fingerprints: names that share
    /// one are told apart, a name set many times names its first line each time, and a key of
    /// the section's first ones set again later names it. Checked against a search of every
    /// earlier key for every key.
    #[test]
    fn a_long_section_finds_duplicates_by_name_among_shared_fingerprints() {
        // Two names FNV-1a gives the same fingerprint (found by a search of five-letter names).
        assert_eq!(fingerprint("glbvs"), fingerprint("yacxa"));
        let mut keys: Vec<String> = (0..40).map(|k| format!("k{k}")).collect();
        // The last of the first keys, judged as it comes, is itself set twice: reported once.
        keys[15] = "K2".to_string();
        keys.extend(
            [
                "glbvs", "yacxa", "GLBVS", "k3", "k30", "k30", "yacxa", "K30",
            ]
            .map(String::from),
        );
        keys.extend((40..60).map(|k| format!("k{k}")));
        keys.extend(["glbvs", "k59"].map(String::from));
        let src: String = std::iter::once("[profile a]\n".to_string())
            .chain(keys.iter().map(|k| format!("{k} = v\n")))
            .collect();
        let (doc, problems) = read(&src);
        assert_collects_as_on_one_thread(&doc);
        let found: Vec<_> = problems
            .iter()
            .map(|p| match &p.kind {
                ProblemKind::DuplicateKey {
                    key, first_line, ..
                } => (p.line, key.as_str(), *first_line),
                other => panic!("{other:?}"),
            })
            .collect();
        let lowered: Vec<String> = keys.iter().map(|k| k.to_lowercase()).collect();
        let expected: Vec<_> = lowered
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                let first = lowered[..i].iter().position(|e| e == k)?;
                Some((i + 2, k.as_str(), first + 2))
            })
            .collect();
        assert_eq!(expected.len(), 9, "{expected:?}");
        assert_eq!(found, expected);
    }

    #[test]
    fn a_file_that_is_not_text_gets_one_problem() {
        let (_, problems) = read("[a]\nk = caf\u{e9}\n");
        assert!(problems.is_empty());
        let doc = Document::parse(&b"[profile caf\xe9]\nk = 1\nk = 2\n\xff\n"[..]);
        let problems = Config::read(&doc).problems().to_vec();
        assert_eq!(
            problems,
            [Problem::new(
                1,
                12..13,
                ProblemKind::NotUtf8 {
                    byte: 0xE9,
                    column: 13
                }
            )]
        );
        let mut junk = b"[a]\n".to_vec();
        junk.extend(std::iter::repeat_n(b'x', LONGEST_LINE + 1));
        junk.extend(b"\n[a]\n");
        let doc = Document::parse(junk);
        let problems = Config::read(&doc).problems().to_vec();
        assert_eq!(problems, [Problem::new(2, 0..0, ProblemKind::NotAConfig)]);
    }

    #[test]
    fn defaults_reach_every_section() {
        let doc = Document::parse("[DEFAULT]\nregion = d\n[profile b]\n[sso-session s]\n");
        let cfg = Config::read(&doc);
        let b = cfg.profile("b").unwrap();
        assert_eq!(cfg.get(b, "region"), Some("d"));
        let s = cfg.session("s").unwrap();
        assert_eq!(cfg.effective(s), vec![("region", "d")]);
    }

    /// A config whose `[DEFAULT]` (in two sections) has `n` keys in no sorted order, and
    /// profiles and sessions that set some of them again, to the same value or another; one
    /// profile sets a key twice.
    fn many_defaults(n: usize) -> String {
        let key = |i: usize| format!("k{:02}", (i * 7) % n);
        let mut src = String::from("[DEFAULT]\n");
        for i in 0..n {
            if i == n / 2 {
                src.push_str("[profile between]\nk01 = other\n[DEFAULT]\n");
            }
            src.push_str(&format!("{} = d{}\n", key(i), (i * 7) % n));
        }
        src.push_str("[sso-session s]\nsso_start_url = https://x/start\nk05 = other\n");
        src.push_str("[sso-session t]\nsso_start_url = https://y/start\nk09 = d9\n");
        for (name, keys) in [
            ("same", "k03 = d3\nk10 = d10\n"),
            ("own-order", "k12 = x\nk02 = y\n"),
            ("session-key", "k05 = d5\n"),
            ("twice", "k04 = d4\nk04 = x\n"),
            ("none", ""),
        ] {
            src.push_str(&format!("[profile {name}]\n{keys}"));
        }
        src
    }

    #[test]
    fn many_defaults_read_as_a_walk_through_every_one_reads_them() {
        for n in [3, SCANNED_DEFAULTS, SCANNED_DEFAULTS + 1, 40] {
            let doc = Document::parse(many_defaults(n).as_str());
            let cfg = Config::read(&doc);
            assert_eq!(cfg.defaults().len(), n);
            for k in (0..=n).map(|i| format!("k{i:02}")) {
                let walked = (cfg.defaults().iter())
                    .find(|(d, _)| *d == k)
                    .map(|(_, v)| &**v);
                assert_eq!(cfg.default_value(&k), walked, "{n} keys, {k}");
            }
            // Every profile against every session: the first key botocore's merge finds set
            // differently, as a walk through the session's keys with `[DEFAULT]`'s finds it.
            for (p, _) in cfg.profile_sections() {
                for (s, _) in cfg.session_sections() {
                    let walked = cfg.effective(s).into_iter().find_map(|(k, sv)| {
                        let pv = cfg.get(p, k)?;
                        (pv != sv).then_some((k, pv, sv))
                    });
                    assert_eq!(cfg.first_inconsistency(p, s), walked, "{n} keys");
                }
            }
        }
        // Set differently in two keys, the first in `[DEFAULT]`'s order is named, not the
        // first in the profile's; a key set twice is read at its first line.
        let doc = Document::parse(many_defaults(40).as_str());
        let cfg = Config::read(&doc);
        let (p, t) = (cfg.profile("own-order").unwrap(), cfg.session("t").unwrap());
        assert_eq!(cfg.first_inconsistency(p, t), Some(("k02", "y", "d2")));
        let twice = cfg.profile("twice").unwrap();
        assert_eq!(cfg.first_inconsistency(twice, t), None);
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
