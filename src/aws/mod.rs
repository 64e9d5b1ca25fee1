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
//! indexes their names in `index`; a header's kind and name are read in `header` (and as the
//! other AWS SDKs read it in [`other_sdks`]), a profile's SSO settings are resolved in
//! `resolve`, the cross-SDK rules are in [`lint`], and `ascii` has the byte checks they share.

mod ascii;
pub(crate) mod chains;
mod collect;
pub mod credentials;
mod header;
mod index;
pub mod key_lines;
pub mod lint;
pub mod managed;
pub mod names;
pub mod other_sdks;
pub mod php_ini;
pub mod problem;
mod resolve;
pub mod rust_parse;
pub mod shlex;
pub mod url;
pub mod view;

use std::borrow::Cow;

use crate::doc::py;
use crate::doc::{Document, Ending, LineKind};

pub(crate) use ascii::{is_lower, lower};
use collect::{Collected, collect_sections};
use header::header_of;
pub use header::{SectionKind, profile_name_at, section_kind};
use index::{NameIndex, Named};
pub use lint::LONGEST_LINE;
use lint::{not_text, trimmed_span};
pub use other_sdks::Reader;
pub use problem::{OtherSdksRead, Problem, ProblemKind, SectionWhat, TwoHeaders};
pub use resolve::{ResolveError, SsoTarget, SsoTargetRef};

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

/// What a [`Config`] stores of a property: its key line and a fingerprint of its key, 8 bytes.
/// Key and value are read from the document when asked for; the few that had to be made are
/// kept beside it, and so is where a value continued over lines ends.
#[derive(Debug, Clone, Copy)]
struct PropAt {
    line: u32,
    /// [`fingerprint`] of the lower-cased key, whose lowest bit is always clear: a lookup reads
    /// only the keys that match it. The lowest bit is [`CONTINUED`].
    print_bits: u32,
}

/// [`PropAt::print_bits`]'s bit set on a property whose value is continued over lines: its joined value
/// and where it ends are among [`Config`]'s continued values.
const CONTINUED: u32 = 1;

impl PropAt {
    /// The key's fingerprint, without [`CONTINUED`].
    #[inline]
    fn print(&self) -> u32 {
        self.print_bits & !CONTINUED
    }

    #[inline]
    fn is_continued(&self) -> bool {
        self.print_bits & CONTINUED != 0
    }
}

/// A value with continuation lines, joined: its key line, one past its last line, and the
/// value as botocore reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ContinuedValue {
    line: u32,
    end: u32,
    value: Box<str>,
}

/// FNV-1a of `key` with its lowest bit cleared (where [`PropAt`] keeps [`CONTINUED`]): equal
/// keys have equal fingerprints. Inlined into its callers, where the compiler may fold a
/// constant key's fingerprint.
#[inline(always)]
const fn fingerprint(key: &str) -> u32 {
    let bytes = key.as_bytes();
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    h & !CONTINUED
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
    /// [`CANONICAL`] and [`READ_ALIKE`].
    flags: u8,
}

/// [`SectionAt::name_at`] of a name kept in [`Config`]'s made names.
const MADE_NAME: u32 = u32::MAX;

/// [`SectionAt::flags`]: the header is written as the other SDKs read it too ([`SectionKind`]'s
/// `canonical`).
const CANONICAL: u8 = 1;
/// [`SectionAt::flags`]: the other SDKs read no other name in the header
/// ([`Config::other_sdks_read_no_other_name`]).
const READ_ALIKE: u8 = 2;

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
        // A profile or session whose header is its kind's word, one space and its name (or is
        // `default`), whose name is written as it reads (no quote or backslash: shlex built no
        // word), has no `#` or `;` and starts and ends with printable ASCII (see
        // `Config::other_sdks_read_no_other_name`).
        let word = match kind {
            KindTag::Profile if header == "default" => None,
            KindTag::Profile => Some("profile"),
            _ => Some("sso-session"),
        };
        let one_space = word.is_none_or(|word| {
            header.len() == word.len() + 1 + name.as_ref().map_or(0, |n| n.len())
                && header.as_bytes()[word.len()] == b' '
        });
        let read_alike = canonical
            && one_space
            && matches!(kind, KindTag::Profile | KindTag::SsoSession)
            && matches!(&name, Some(Cow::Borrowed(name)) if header::reads_plainly(name));
        let mut at = SectionAt {
            header_at,
            props_start,
            name_at: 0,
            name_len: 0,
            kind,
            flags: if canonical { CANONICAL } else { 0 } | if read_alike { READ_ALIKE } else { 0 },
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
        Reader::RustSdk.reads_header_as(self.header, kind, name)
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
    made_values: Vec<ContinuedValue>,
    /// The key lines whose key has a byte outside the cross-SDK identifier set (in line order).
    unportable_keys: Vec<u32>,
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
    /// The lines of the `duplicate_key` problems, in order: all that reading the config asks
    /// of its problems (a key set twice is read at its first line), kept apart so that
    /// [`Config::take_problems`] changes no answer.
    keys_set_twice: Vec<usize>,
    /// [`Config::may_have_markers`], once asked.
    markers: std::sync::OnceLock<bool>,
}

/// Up to this many `[DEFAULT]` keys are searched in turn.
const SCANNED_DEFAULTS: usize = 8;

pub const SSO_START_URL: &str = "sso_start_url";
pub const SSO_REGION: &str = "sso_region";
pub const SSO_SESSION: &str = "sso_session";
pub const SSO_ACCOUNT_ID: &str = "sso_account_id";
pub const SSO_ROLE_NAME: &str = "sso_role_name";
pub const SSO_REGISTRATION_SCOPES: &str = "sso_registration_scopes";
/// The keys of a legacy SSO profile, all of which botocore's SSO provider needs of a profile
/// without a session (`SSOProvider._ALL_REQUIRED_CONFIG_VARS`), in the order its refusal names
/// them.
pub const LEGACY_SSO_KEYS: [&str; 4] = [SSO_START_URL, SSO_REGION, SSO_ACCOUNT_ID, SSO_ROLE_NAME];

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
                unportable_keys: Vec::new(),
                profiles: NameIndex::new(Named::Profile, 0),
                sessions: NameIndex::new(Named::SsoSession, 0),
                defaults: Vec::new(),
                defaults_by_key: Vec::new(),
                problems: vec![p],
                keys_set_twice: Vec::new(),
                markers: Default::default(),
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
            unportable_keys,
        } = collect_sections(doc, &mut problems);
        let mut cfg = Config {
            doc,
            sections,
            made_names,
            used: Vec::new(),
            props,
            made_keys,
            made_values,
            unportable_keys,
            profiles: NameIndex::new(Named::Profile, 0),
            sessions: NameIndex::new(Named::SsoSession, 0),
            defaults: Vec::new(),
            defaults_by_key: Vec::new(),
            problems,
            keys_set_twice: Vec::new(),
            markers: Default::default(),
        };
        cfg.index();
        cfg.check_nested_values();
        // Nearly always in order already (the walk records them line by line): a stable sort
        // would still take a buffer of half the list, which for a refused file of a problem on
        // each of 400,000 lines was 17 MB.
        if !cfg.problems.is_sorted_by_key(|p| p.line) {
            cfg.problems.sort_by_key(|p| p.line);
        }
        cfg.keys_set_twice = (cfg.problems.iter())
            .filter(|p| matches!(p.kind, ProblemKind::DuplicateKey { .. }))
            .map(|p| p.line)
            .collect();
        cfg
    }

    pub fn document(&self) -> &'d Document {
        self.doc
    }

    /// Whether the file may have a managed block's marker line ([`managed::may_have_markers`]):
    /// a search of every byte, on both cores for a large file, made the first time it is asked.
    /// A migration asks before the reading ahead starts on the other core.
    pub fn may_have_markers(&self) -> bool {
        *self
            .markers
            .get_or_init(|| managed::may_have_markers(self.doc))
    }

    /// Everything that stops botocore from reading this file, or makes its meaning ambiguous, in
    /// line order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// [`Config::problems`], taken out: the config has none afterwards, and reads as before.
    /// For a reader that has asked everything it needs them for (a file may have a problem on
    /// every line, and they are not held twice).
    pub fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
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
        let canonical = at.flags & CANONICAL != 0;
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
        (self.doc).text_at(at.header_at as usize, start..start + at.name_len as usize)
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
            .map_or(self.header_line(sec) + 1, |at| self.prop_end(*at))
    }

    /// Section `sec`'s own value for `key` (not one inherited from `[DEFAULT]`). Always inlined,
    /// so that a constant key's fingerprint is folded.
    #[inline(always)]
    pub fn own(&self, sec: usize, key: &str) -> Option<Prop<'_>> {
        let want = fingerprint(key);
        self.props[self.prop_range(sec)]
            .iter()
            .filter(|at| at.print() == want)
            .map(|at| self.prop(*at))
            .find(|p| p.key == key)
    }

    /// Whether some key of the file is written with upper-case letters, which botocore
    /// lower-cases.
    pub fn has_upper_case_keys(&self) -> bool {
        !self.made_keys.is_empty()
    }

    /// The key lines (0-based, in order) of the file whose key, as botocore reads it, has a
    /// byte outside the cross-SDK identifier set `[A-Za-z0-9_\-/.%@:+]`: keys the AWS SDK for
    /// Rust ignores. Found as the keys are read, so that nothing reads every key again for them.
    pub fn unportable_key_lines(&self) -> &[u32] {
        &self.unportable_keys
    }

    /// Whether the key on line `line` (0-based) is written with upper-case letters.
    pub fn key_has_upper_case(&self, line: usize) -> bool {
        made(&self.made_keys, line as u32).is_some()
    }

    /// One past the last line of property `at`'s value.
    fn prop_end(&self, at: PropAt) -> usize {
        self.continued_value(at)
            .map_or(at.line as usize + 1, |v| v.end as usize)
    }

    /// Property `at`'s value continued over lines, joined, if it is.
    #[inline]
    fn continued_value(&self, at: PropAt) -> Option<&ContinuedValue> {
        if !at.is_continued() {
            return None;
        }
        let i = self.made_values.binary_search_by_key(&at.line, |v| v.line);
        i.ok().map(|i| &self.made_values[i])
    }

    fn prop(&self, at: PropAt) -> Prop<'_> {
        let line = at.line as usize;
        let (raw_key, raw_value) = self.doc.key_value(line).unwrap_or(("", ""));
        // A key is made only when it had upper-case letters; most files have none.
        let key = if self.made_keys.is_empty() || is_lower(raw_key) {
            raw_key
        } else {
            made(&self.made_keys, at.line).unwrap_or(raw_key)
        };
        let (end, value) = match self.continued_value(at) {
            Some(v) => (v.end as usize, &*v.value),
            None => (line + 1, raw_value),
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

    /// The numbers of the sections botocore reads as no profile, sso-session, `[DEFAULT]` or
    /// services block: `[plugins]`, `[preview]`, and the headers it ignores (`[ profile dev ]`,
    /// `[profile a b]`).
    pub fn other_section_numbers(&self) -> impl Iterator<Item = usize> + '_ {
        (self.sections.iter().enumerate())
            .filter(|(_, s)| s.kind == KindTag::Other)
            .map(|(i, _)| i)
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
        self.sections[i].flags & CANONICAL != 0
    }

    /// Whether the other SDKs read no other name in section `i`'s header: it is a profile or
    /// session whose header is its kind's word, one space and its name (Ruby keeps any other
    /// whitespace: `[profile dev ]` is `dev ` to it), or `default`, and whose name is written as botocore
    /// reads it (no quote or backslash, which Go keeps), has no `#` or `;` (then neither has the
    /// header: shlex keeps both in words) and starts and ends with a printable ASCII character
    /// (nearly every one), which each of them ([`Reader`]) reads as botocore's name or not
    /// at all (a property test holds this). Such a header needs no second reading to find what
    /// only the other SDKs would name or merge. A name botocore reads with a Unicode space or
    /// an ASCII control at an end (`\u{a0}corp`, `\u{1}corp`) is one they may trim (`corp`), a
    /// header with `;` one they may cut short (`[profile a];]` is `a` to Java, `a];` to
    /// botocore), and a quoted name one Go reads with its quotes (`'q'`); those are left to the
    /// second reading.
    pub fn other_sdks_read_no_other_name(&self, i: usize) -> bool {
        self.sections[i].flags & READ_ALIKE != 0
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

    /// The value botocore sees for `key` in section `sec`: its own, else `[DEFAULT]`'s. Always
    /// inlined, as [`Config::own`] is: a constant key's fingerprint is folded.
    #[inline(always)]
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

    /// The line ending new lines in this file should use.
    pub fn ending(&self) -> Ending {
        self.doc.dominant_ending()
    }

    /// botocore parses a value that starts on the next line (`s3 =` + indented lines) as
    /// `key = value` pairs and refuses the whole file when a line has no `=`.
    fn check_nested_values(&mut self) {
        let mut problems = Vec::new();
        // Only a value with continuation lines can start with one: the others are not read.
        for &at in self.props.iter().filter(|at| at.is_continued()) {
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
                        ProblemKind::NestedLineWithoutEquals { key: p.key.into() },
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

/// The key made for the property on `line`, in a list sorted by line.
fn made(list: &[(u32, Box<str>)], line: u32) -> Option<&str> {
    let i = list.binary_search_by_key(&line, |(l, _)| *l).ok()?;
    Some(&list[i].1)
}

#[cfg(test)]
mod tests {
    use super::collect::collect_lines;
    use super::*;

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
                .map(|p| (p.line, p.print_bits))
                .collect::<Vec<_>>()
        };
        assert_eq!(props(&two), props(&one));
        assert_eq!(two.made_keys, one.made_keys);
        assert_eq!(two.unportable_keys, one.unportable_keys);
        assert_eq!(two.made_values, one.made_values);
        (two_problems, problems)
    }

    #[test]
    fn a_section_is_kept_in_16_bytes_and_knows_its_lines() {
        assert_eq!(std::mem::size_of::<SectionAt>(), 16);
        assert_eq!(std::mem::size_of::<PropAt>(), 8);
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
        // Problems, continuation values, upper-case keys, keys the AWS SDK for Rust ignores,
        // duplicates and orphan lines, repeated past the size that splits the work.
        let block = "[profile a]\nRegion = x\ns3 =\n  k = v\n\n  k2 = v2\nregion = y\n\
                     bad line\ncli pager = less\n[sso-session s]\n\
                     sso_start_url = https://a.awsapps.com/start\n";
        let src = block.repeat(crate::doc::PARALLEL_BYTES * 2 / block.len() + 1);
        let doc = Document::parse(src.as_str());
        // Split at a header, the two threads find the problems in the very same order.
        let (two_problems, problems) = assert_collects_as_on_one_thread(&doc);
        assert_eq!(two_problems, problems);
        assert!(!problems.is_empty());
        let one = collect_lines(&doc, 0..doc.len(), &mut Vec::new());
        assert!(!one.made_keys.is_empty() && !one.made_values.is_empty());
        assert!(!one.unportable_keys.is_empty());
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
                    (p.line, "dup", Some(*first_line as usize))
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
        // botocore reads `\u{a0}s` here, and no profile in `[\u{a0}profile dev]`; the other
        // SDKs trim both (the AWS SDK for Rust, aws-config 1.13.0: `s` and `dev`).
        for (src, line) in [
            ("[sso-session s]\n[sso-session \u{a0}s]\n", 2),
            ("[profile dev]\nk = 1\n[\u{a0}profile dev]\n", 3),
        ] {
            let (_, problems) = read(src);
            let codes: Vec<_> = problems.iter().map(|p| (p.line, p.kind.code())).collect();
            assert_eq!(codes, [(line, "merged_by_other_sdks")], "{src:?}");
        }
    }

    #[test]
    fn a_header_only_other_sdks_read_as_a_name_is_ambiguous() {
        use crate::aws::other_sdks::{Reader::*, Readers};
        let by = |rs: &[Reader]| rs.iter().fold(Readers::default(), |s, &r| s.with(r));
        for (src, line, merged_by, botocore_name) in [
            // Java trims ASCII controls; botocore reads `\u{1}s`.
            (
                "[sso-session s]\n[sso-session \u{1}s]\n",
                2,
                by(&[JavaV2]),
                Some("\u{1}s"),
            ),
            (
                "[profile dev]\nk = 1\n[\u{1}profile dev]\n",
                3,
                by(&[JavaV2]),
                None,
            ),
            // JavaScript reads `profile.NAME`, one whitespace character of any kind, quotes.
            (
                "[profile dev]\nk = 1\n[profile.dev]\nk = 2\n",
                3,
                by(&[JsV3]),
                None,
            ),
            (
                "[sso-session s]\n[sso-session\u{a0}s]\n",
                2,
                by(&[JsV3]),
                None,
            ),
            // Both, the AWS SDK for Rust (`\u{b}` is a Unicode space) and Ruby (an ASCII one).
            (
                "[profile dev]\n[profile \u{b}dev]\n",
                2,
                by(&[RustSdk, JavaV2, RubyV3]),
                Some("\u{b}dev"),
            ),
            // Rust, Go, Java, JavaScript, Ruby and C++ cut the header at `;`, PHP at its first
            // `]`; botocore reads on to the last `]`.
            (
                "[sso-session s]\n[sso-session s] ;]\n",
                2,
                by(&[RustSdk, GoV2, JavaV2, JsV3, RubyV3, PhpV3, Cpp]),
                None,
            ),
            // Ruby and PHP read a header without a kind's word as a profile of that name.
            (
                "[profile dev]\nk = 1\n[dev]\nk = 2\n",
                3,
                by(&[RubyV3, PhpV3]),
                None,
            ),
            // .NET takes the first section it reads as `dev`: botocore's, when it comes first.
            (
                "[profile dev]\nk = 1\n[   profile dev   ]\nk = 2\n",
                3,
                by(&[RustSdk, GoV2, JavaV2, Cpp]),
                None,
            ),
            (
                "[   profile dev   ]\nk = 2\n[profile dev]\nk = 1\n",
                1,
                by(&[RustSdk, GoV2, JavaV2, Dotnet, Cpp]),
                None,
            ),
            // Go, Ruby, PHP and .NET keep what follows the first run of spaces and tabs (Ruby
            // and PHP: the one space); botocore reads `s x` in the second header only.
            (
                "[sso-session s x]\n[sso-session \"s x\"]\n",
                1,
                by(&[GoV2, RubyV3, PhpV3, Dotnet]),
                None,
            ),
        ] {
            let (_, problems) = read(src);
            let found: Vec<_> = problems
                .iter()
                .map(|p| match &p.kind {
                    ProblemKind::MergedByOtherSdks {
                        merged_by,
                        botocore_name,
                        ..
                    } => (p.line, *merged_by, botocore_name.as_deref()),
                    other => panic!("{other:?} in {src:?}"),
                })
                .collect();
            assert_eq!(found, [(line, merged_by, botocore_name)], "{src:?}");
        }
    }

    #[test]
    fn a_name_with_unicode_spaces_at_its_ends_is_read_again_for_the_other_sdks() {
        let doc = Document::parse(
            "[sso-session corp]\n[sso-session \u{a0}corp]\n[profile dev\u{2028}]\n\
             [profile caf\u{e9}]\n[profile 'q']\n[profile a];]\n[profile \"a#b\"]\n",
        );
        let cfg = Config::read(&doc);
        let alike: Vec<bool> = (0..7)
            .map(|i| cfg.other_sdks_read_no_other_name(i))
            .collect();
        // Go reads `[profile 'q']` as `'q'`; Java reads `[profile a];]` as `a` (it cuts at
        // `;`), botocore as `a];`.
        assert_eq!(alike, [true, false, false, false, false, false, false]);
    }

    #[test]
    fn values_are_read_like_botocore() {
        let doc = Document::parse(
            "[profile a]\nRegion = us-east-1 # c\nS3 =\n  k = v\n\n  k2 = v2\n\nx: y\n\
             [b]\nk = v\n\n# c\nlast = one\n  two\n\n",
        );
        let cfg = Config::read(&doc);
        assert!(cfg.problems().is_empty(), "{:?}", cfg.problems());
        assert_eq!(cfg.own(0, "region").unwrap().value, "us-east-1 # c");
        let s3 = cfg.own(0, "s3").unwrap();
        assert_eq!(s3.value, "\nk = v\n\nk2 = v2");
        assert_eq!((s3.line, s3.end), (2, 6));
        assert_eq!(cfg.own(0, "x").unwrap().value, "y");
        assert_eq!(cfg.content_end(0), 8);
        // A value followed by a blank line and a comment ends on its line; one continued, on
        // its last continuation line.
        let k = cfg.own(1, "k").unwrap();
        assert_eq!((k.value, k.line, k.end), ("v", 9, 10));
        let last = cfg.own(1, "last").unwrap();
        assert_eq!((last.value, last.line, last.end), ("one\ntwo", 12, 14));
        assert_eq!(cfg.content_end(1), 14);
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
            ("[a]\n[profile b];c\n", "glued_comment"),
            ("[a]\n[profile b[1]]\n", "bracket_in_header"),
            ("[a]\nk = v\u{a0}\n", "unusual_whitespace"),
            ("[a]\nk\u{2003}= v\n", "unusual_whitespace"),
            ("[a]\nk\u{feff} = v\n", "unusual_whitespace"),
            ("[a]\nk = v\u{feff}\n", "unusual_whitespace"),
            ("[a]\n\u{feff}k = v\n", "unusual_whitespace"),
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
        // Inside a key or a value, U+FEFF is text to every reader; on a line that continues a
        // value, JavaScript reads no key or value of its own.
        let (_, problems) = read("[a]\nk\u{feff}x = v\u{feff}w\nd = a\n \u{feff}b\n");
        assert!(problems.is_empty(), "{problems:?}");
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
        assert_eq!(duplicates_found_and_expected(&keys), 9);
    }

    /// A section of 20,000 keys with a few thousand set again, up to five times, far apart:
    /// the keys that may share a fingerprint are picked out by buckets before the sort, and
    /// none of those set again is missed.
    #[test]
    fn a_huge_section_finds_every_duplicate() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let keys: Vec<String> = (0..20_000)
            .map(|k| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // One key in six is a name from earlier in the section, in either case.
                match state % 12 {
                    0 => format!("k{}", (state >> 8) % (k + 1)),
                    1 => format!("K{}", (state >> 8) % (k + 1)),
                    _ => format!("k{k}"),
                }
            })
            .collect();
        assert!(duplicates_found_and_expected(&keys) > 2_000);
    }

    /// Reads a section of `keys` (one `KEY = v` line each) and checks that its duplicate-key
    /// problems are what a search of every earlier key for every key finds; returns how many.
    fn duplicates_found_and_expected(keys: &[String]) -> usize {
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
                } => (p.line, &**key, *first_line as usize),
                other => panic!("{other:?}"),
            })
            .collect();
        let lowered: Vec<String> = keys.iter().map(|k| k.to_lowercase()).collect();
        let mut first_of = crate::hash::HashMap::default();
        let expected: Vec<_> = lowered
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                let first = *first_of.entry(k.as_str()).or_insert(i);
                (first != i).then_some((i + 2, k.as_str(), first + 2))
            })
            .collect();
        assert_eq!(found, expected);
        expected.len()
    }

    /// Problems found in different passes (the lines, the index of names, nested values) come
    /// out in line order, which readers of them search by.
    #[test]
    fn problems_are_in_line_order() {
        let doc =
            Document::parse(&b"[profile a]\ns3 =\n  no equals\n[profile a]\nk = 1\nk = 2\n"[..]);
        let cfg = Config::read(&doc);
        let codes: Vec<(usize, &str)> = (cfg.problems().iter())
            .map(|p| (p.line, p.kind.code()))
            .collect();
        assert_eq!(
            codes,
            [
                (3, "nested_line_without_equals"),
                (4, "duplicate_section"),
                (6, "duplicate_key")
            ]
        );
    }

    #[test]
    fn problems_taken_out_are_the_problems_and_leave_none() {
        let doc = Document::parse(&b"[profile a]\nk = 1\nk = 2\n[profile a]\n"[..]);
        let mut cfg = Config::read(&doc);
        let problems = cfg.problems().to_vec();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(cfg.take_problems(), problems);
        assert!(cfg.problems().is_empty());
        assert_eq!(cfg.profile_count(), 1);
    }

    /// A key set twice is read at its first line, also once the problems are taken out: `region`
    /// is `[DEFAULT]`'s value there, and the later line that overrides it is not read.
    #[test]
    fn taking_the_problems_out_changes_no_reading() {
        let doc = Document::parse(
            &b"[DEFAULT]\nregion = d\n[sso-session s]\nsso_start_url = u\n\
               [profile p]\nsso_session = s\nregion = d\nregion = b\n"[..],
        );
        let mut cfg = Config::read(&doc);
        let (p, s) = (cfg.profile("p").unwrap(), cfg.session("s").unwrap());
        assert_eq!(cfg.first_inconsistency(p, s), None);
        cfg.take_problems();
        assert_eq!(cfg.first_inconsistency(p, s), None);
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
}
