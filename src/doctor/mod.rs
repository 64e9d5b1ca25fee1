//! `--doctor`: a read-only check-up of any config, legacy, migrated or mixed. Each finding has the
//! profile or section it is about, its line, a stable snake_case code, a severity, and the readers
//! that fail on it ([`readers`]). Pure: bytes in, findings out; the words are in
//! [`crate::emit::doctor`]. What a finding is lives in `finding`, which findings are kept in
//! `found`; the checks are here.
//!
//! Exit status (see the README): 0 healthy (nothing, or only information), 1 errors or warnings,
//! 2 the file cannot be read as a config at all (not UTF-8, not text) or not at all.

mod chains;
mod finding;
mod found;
mod ignored;
pub mod readers;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use crate::aws::credentials::CredentialsProfiles;
use crate::aws::key_lines;
use crate::aws::managed;
use crate::aws::other_sdks::{self, Readers};
use crate::aws::php_ini::{self, PhpParseError};
use crate::aws::problem::{Excerpt, ProblemSites, SectionWhat, TwoHeaders, line_number};
use crate::aws::rust_parse::{self, RustParseError};
use crate::aws::url::{self as start_url};
use crate::aws::{
    Config, Problem, ProblemKind, SSO_ACCOUNT_ID, SSO_REGION, SSO_REGISTRATION_SCOPES,
    SSO_ROLE_NAME, SSO_SESSION, SSO_START_URL, SectionKind, names,
};
use crate::doc::{Document, Ending, LineKind};
use crate::plan::{Plan, PlanOptions, SkipReason};

pub use finding::{
    Diagnosis, Finding, FindingKind, InlineConflict, InlineKey, LISTED_VARIANTS, LackingSsoKeys,
    RedundantInline, SHOWN_FINDINGS, Severity, SeverityCounts, Subject, Undiagnosable,
};
use found::Found;
pub use found::Kept;
use ignored::IgnoredHeaders;
pub use readers::{Failure, Reader, Scope};

/// Diagnoses `bytes`, keeping every finding.
pub fn diagnose(bytes: impl Into<Vec<u8>>) -> Result<Diagnosis, Undiagnosable> {
    diagnose_keeping(bytes, Kept::All)
}

/// Diagnoses `bytes`, keeping the findings `kept` says and counting every one.
pub fn diagnose_keeping(bytes: impl Into<Vec<u8>>, kept: Kept) -> Result<Diagnosis, Undiagnosable> {
    diagnose_with_credentials(bytes, kept, CredentialsProfiles::default())
}

/// [`diagnose_keeping`] for a config read with the credentials file whose profiles are
/// `credentials`: the profiles the migration leaves for it (its SSO keys, its credential
/// helpers) are said to be left, and its profiles, static keys and role sources count in the
/// role chains.
pub fn diagnose_with_credentials(
    bytes: impl Into<Vec<u8>>,
    kept: Kept,
    credentials: CredentialsProfiles,
) -> Result<Diagnosis, Undiagnosable> {
    let doc = Document::parse(bytes);
    let mut cfg = Config::read(&doc);
    if cfg.problems().iter().any(|p| {
        matches!(
            p.kind,
            ProblemKind::NotAConfig | ProblemKind::NotUtf8 { .. }
        )
    }) {
        return Err(Undiagnosable {
            problems: cfg.problems().to_vec(),
            sites: ProblemSites::of(&doc, cfg.problems()),
        });
    }
    // What the migration would do, so the fixes offered are the ones it would make, and which
    // lines have a problem: all that asks for the problems, which then become findings.
    let options = PlanOptions {
        credentials,
        ..PlanOptions::default()
    };
    let plan = crate::migrate::plan_of(&cfg, &options);
    let with_problem = lines_with_problem(cfg.problems());
    let rust_sections = RustMergedSections::new(rust_may_merge(cfg.problems()));
    let mut problems = VecDeque::from(cfg.take_problems());
    let mut findings = Found::new(kept);
    let mut holders = Holders::new(&cfg);
    let mut whole = FileFailures::of(&doc);
    while let Some(p) = problems.pop_front() {
        let subject = holders.subject(p.line);
        // A problem of line 0 is the file's, with no section to read otherwise.
        let mut more = (p.line.checked_sub(1))
            .map(|i| problem_read_otherwise(&mut holders, &p, i))
            .unwrap_or_default();
        more.extend(
            p.line
                .checked_sub(1)
                .into_iter()
                .flat_map(|i| whole.claim(i)),
        );
        let more = holders.share(more);
        // The problem keeps its span in `u32`s: these casts give them back.
        let span = p.span();
        let mut f = Finding::new(subject, p.line, FindingKind::Parse(p.kind), more);
        f.span = span.start as u32..span.end as u32;
        findings.push(f);
        // The list of problems gives its memory back as the findings take theirs: a file may
        // have a problem on every line, and both lists whole were half the check-up's peak.
        if problems.len() < problems.capacity() / 2 {
            problems.shrink_to_fit();
        }
    }
    let blocks = managed::blocks(cfg.document());
    let names = NamesReadByOtherSdks::default();
    let ignored = IgnoredHeaders::of(&cfg, |i| whole.php.fails_at(i));
    for f in ignored.findings(&cfg) {
        findings.push(f);
    }
    profiles(
        &cfg,
        &blocks,
        plan.as_ref(),
        &names,
        &ignored,
        &rust_sections,
        &mut findings,
    );
    source_profiles(
        &cfg,
        &options.credentials,
        &ignored,
        &rust_sections,
        &mut findings,
    );
    sessions(&cfg, &blocks, &names, &rust_sections, &mut findings);
    lines_other_sdks_reject(&mut holders, &with_problem, &mut whole, &mut findings);
    let FileFailures { rust, php } = whole;
    for (i, error) in rust.unclaimed() {
        findings.push(holders.on_line(i + 1, FindingKind::RustRejectsLine { error }, Vec::new()));
    }
    for (i, error) in php.unclaimed() {
        findings.push(holders.on_line(i + 1, FindingKind::PhpRejectsLine { error }, Vec::new()));
    }
    defaults_section(&mut holders, &mut findings);
    let (mut findings, counts) = findings.finish();
    for f in &mut findings {
        f.set_column(column_of(&doc, f));
    }
    let excerpts = (findings.iter().take(SHOWN_FINDINGS))
        .map(|f| excerpt_of(&doc, f))
        .collect();
    Ok(Diagnosis {
        findings,
        excerpts,
        counts,
    })
}

/// The excerpt that shows finding `f`: a problem's span, or its line's text.
fn excerpt_of(doc: &Document, f: &Finding) -> Option<Excerpt> {
    match f.kind {
        FindingKind::Parse(_) => {
            Excerpt::at(doc, f.line, f.span.start as usize..f.span.end as usize)
        }
        _ => line_excerpt(doc, f.line),
    }
}

/// The column of [`excerpt_of`]'s excerpt for `f`, without taking the excerpt.
fn column_of(doc: &Document, f: &Finding) -> Option<usize> {
    match f.kind {
        FindingKind::Parse(_) => Excerpt::column_at(doc, f.line, f.span.start as usize),
        _ if f.line == 0 || f.line > doc.len() => None,
        _ => {
            let raw = doc.raw_text(f.line - 1);
            Some(leading_blanks(&raw[..raw.len().min(Excerpt::MAX)]) + 1)
        }
    }
}

/// How many spaces and tabs `text` starts with.
fn leading_blanks(text: &[u8]) -> usize {
    text.iter()
        .take_while(|b| matches!(**b, b' ' | b'\t'))
        .count()
}

/// The readers, besides those [`readers::failures`] knows from the problem's kind alone, that
/// read a profile or session otherwise for problem `p` on line `i` (0-based), where that takes
/// the file to know: which section holds the line, what is above it, what its keys are, and
/// (for a U+FEFF) whether the problem's span is in the key.
fn problem_read_otherwise(holders: &mut Holders, p: &Problem, i: usize) -> Vec<Failure> {
    let cfg = holders.cfg;
    let doc = cfg.document();
    match &p.kind {
        // A header botocore reads where `readers` read none: they lack its profile or session
        // (where it names one botocore reads: `[profile a b];x` names none) and give its keys
        // to the section above. .NET fails on the whole file where the line does not end in `]`.
        ProblemKind::GluedComment { readers, text }
        | ProblemKind::BracketInHeader { readers, text }
        | ProblemKind::IncompleteHeader {
            botocore_header: Some(_),
            readers,
            text,
        } => {
            let holder = held_by(cfg, i).map(|(_, session)| Scope::of_holder(session));
            let mut out: Vec<Failure> = (holder.into_iter())
                .flat_map(|scope| readers::each(*readers, scope))
                .collect();
            out.extend(readers::dotnet_fails_on_header_line(text));
            out.extend(
                (section_above_glued(holders, i).into_iter())
                    .flat_map(|above| readers::in_section(*readers, &above)),
            );
            out
        }
        ProblemKind::UnusualWhitespace { character } if !doc.is_header(i) => {
            let in_key = match doc.line(i).kind {
                LineKind::Key { delim, .. } => p.span().start < delim as usize,
                _ => false,
            };
            held_by(cfg, i)
                .map(|(_, session)| {
                    readers::unusual_whitespace_in_key_line(*character, in_key, session)
                })
                .unwrap_or_default()
        }
        ProblemKind::SameSectionTwice { headers, .. } => {
            let scope = Scope::of_holder(headers.what == SectionWhat::SsoSession);
            readers::each(same_section_read_otherwise(cfg, i, headers), scope).collect()
        }
        ProblemKind::MergedByOtherSdks {
            headers, merged_by, ..
        } => {
            let scope = Scope::of_holder(headers.what == SectionWhat::SsoSession);
            readers::each(merged_read_otherwise(cfg, i, headers, *merged_by), scope).collect()
        }
        // `[https://…`, which botocore reads as a key.
        ProblemKind::IncompleteHeader { .. } if doc.key_delimiter(i).is_some() => {
            let without_equals = !doc.raw_text(i).contains(&b'=');
            let (session, readers) = key_line_readers(cfg, i, without_equals);
            // A line that starts with `[` is a header to the AWS SDK for Rust, one that does
            // not end in `]`: it fails on the file there (`rust_cannot_parse`).
            let readers = readers.without(Reader::RustSdk);
            readers::each(readers, Scope::of_holder(session)).collect()
        }
        // JavaScript v3 and Ruby v3 end a line only at a line feed: the line goes on into the
        // next, and the section it is in (and one whose header is the next line) reads otherwise.
        ProblemKind::LoneCarriageReturn => {
            let both = Readers::default().with(Reader::JsV3).with(Reader::RubyV3);
            let next_header = (i + 1 < doc.len() && doc.is_header(i + 1)).then_some(i + 1);
            ([Some(i), next_header].into_iter().flatten())
                .filter_map(|line| holders.named(line))
                .flat_map(|section| readers::in_section(both, &section))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// [`FindingKind::BotocoreOnlySection`] for `header`, a profile's or (`session`) a session's
/// named `name`. Rare: kept out of the walks over every section, which it would only make longer.
#[cold]
#[inline(never)]
fn botocore_only_section(header: &str, session: bool, name: &str) -> FindingKind {
    let kind = if session { "sso-session" } else { "profile" };
    let rust_reads_as = (Reader::RustSdk.reads_header(header))
        .filter(|(k, n)| *k == kind && n != name)
        .map(|(_, n)| n.into());
    FindingKind::BotocoreOnlySection {
        header: header.to_string(),
        session,
        readers: other_sdks::reading_otherwise(header, kind, name),
        rust_reads_as,
    }
}

/// The profile or sso-session right above the header on line `i` (0-based), where the keys
/// under that header (which some SDKs give to the one above) change it: one it lacks, or has
/// with another value. None above the first section, or where the one above is neither.
fn section_above_glued(holders: &mut Holders, i: usize) -> Option<Arc<readers::NamedSection>> {
    let cfg = holders.cfg;
    let glued = cfg.section_holding(i)?;
    let (sec, _) = held_by(cfg, i.checked_sub(1)?)?;
    if (cfg.props(glued)).all(|p| cfg.own(sec, p.key).is_some_and(|q| q.value == p.value)) {
        return None;
    }
    holders.named(i - 1)
}

/// Of the AWS SDKs for JavaScript v3 and Ruby v3 (the two whose readings their checks hold to
/// botocore's), those that read otherwise the profile or session botocore reads from the later
/// of `headers` (on line `i`, 0-based): one that reads both headers as that name merges them
/// (the later key wins), which differs where the earlier has a key the later lacks; one that
/// reads only the earlier takes its keys, and one that reads neither has no such section.
/// JavaScript reads `[default]` and `[profile default]` as two sections, and takes the keys of
/// `[profile default]` alone (`getConfigData`), in either order, unless it has none: `parseIni`
/// makes no section for a header without keys, and then `[default]`'s are the profile's.
fn same_section_read_otherwise(cfg: &Config, i: usize, headers: &TwoHeaders) -> Readers {
    let (Some(later), Some(earlier)) = (
        cfg.section_holding(i),
        cfg.section_holding(headers.other_line - 1),
    ) else {
        return Readers::default();
    };
    let kind = match headers.what {
        SectionWhat::Profile => "profile",
        SectionWhat::SsoSession => "sso-session",
    };
    let own =
        |sec: usize| -> BTreeMap<&str, &str> { cfg.props(sec).map(|p| (p.key, p.value)).collect() };
    let (later_keys, earlier_keys) = (own(later), own(earlier));
    [Reader::JsV3, Reader::RubyV3]
        .into_iter()
        .filter(|r| {
            let reads = |header: &str| r.reads_header_as(header, kind, &headers.name);
            let plain_default = |header: &str| header.trim() == "default";
            match (reads(&headers.other_header), reads(&headers.header)) {
                (true, true)
                    if *r == Reader::JsV3
                        && plain_default(&headers.other_header)
                            != plain_default(&headers.header) =>
                {
                    let (profile_keys, default_keys) = if plain_default(&headers.header) {
                        (&earlier_keys, &later_keys)
                    } else {
                        (&later_keys, &earlier_keys)
                    };
                    // A section without keys is none to it.
                    let js_keys = if profile_keys.is_empty() {
                        default_keys
                    } else {
                        profile_keys
                    };
                    *js_keys != later_keys
                }
                (true, true) => (earlier_keys.keys()).any(|k| !later_keys.contains_key(k)),
                (false, true) => false,
                (true, false) => earlier_keys != later_keys,
                (false, false) => true,
            }
        })
        .fold(Readers::default(), Readers::with)
}

/// The SDKs of `merged_by` that read the profile or session of `headers`, which botocore reads
/// in the other section, otherwise than botocore because they also read the section whose header
/// is on line `i` (0-based) as it. Those that merge the two do where that section has a key
/// botocore's lacks (as the SDK reads the key: `Region` is not `region` to most), or, coming
/// later, gives one another value; .NET, which takes the first of the two, where it is first
/// and its keys are not botocore's.
fn merged_read_otherwise(
    cfg: &Config,
    i: usize,
    headers: &TwoHeaders,
    merged_by: Readers,
) -> Readers {
    let (Some(merged), Some(kept)) = (
        cfg.section_holding(i),
        cfg.section_holding(headers.other_line - 1),
    ) else {
        return Readers::default();
    };
    let later = i + 1 > headers.other_line;
    let doc = cfg.document();
    let own =
        |sec: usize| -> BTreeMap<&str, &str> { cfg.props(sec).map(|p| (p.key, p.value)).collect() };
    let kept_keys = own(kept);
    // Per SDK that merges: whether a key of the merged section changes its reading.
    let mut changed_for = Readers::default();
    let mut changes_all = false;
    for p in cfg.props(merged) {
        match kept_keys.get(p.key) {
            None => changes_all = true,
            Some(&v) if later && v != p.value => changes_all = true,
            Some(_) => {
                changed_for = (key_lines::key_reading_otherwise(doc.text(p.line), p.key).iter())
                    .fold(changed_for, Readers::with);
            }
        }
    }
    (merged_by.iter())
        .filter(|r| {
            if r.takes_the_first_section() {
                !later && own(merged) != kept_keys
            } else {
                changes_all || changed_for.contains(*r)
            }
        })
        .fold(Readers::default(), Readers::with)
}

/// Whether the AWS SDK for Rust may read two headers of the file as one profile or session, by
/// its `problems`: only where botocore reads two of one name (`duplicate_section`,
/// `same_section_twice`) or other SDKs merge a header (`merged_by_other_sdks`). Nearly no file:
/// the others are not read again for Rust.
fn rust_may_merge(problems: &[Problem]) -> bool {
    problems.iter().any(|p| {
        matches!(
            p.kind,
            ProblemKind::DuplicateSection { .. }
                | ProblemKind::SameSectionTwice { .. }
                | ProblemKind::MergedByOtherSdks { .. }
        )
    })
}

/// What the findings on a line are about: the subject, and the profile or sso-session that
/// holds the line by name. Each is made once for a section and shared by the findings in it (a
/// file may have one on every line, each of which would hold a copy of the name), and kept for
/// the section last asked about: findings are made in line order.
struct Holders<'c> {
    cfg: &'c Config<'c>,
    /// The section last asked about.
    last: Option<Held>,
    /// The last list of failures [`Self::share`] made.
    last_failures: Option<finding::FailureList>,
}

/// A section [`Holders`] was asked about (none above the first header), its subject, and its
/// name once asked for (none where it is not a profile or sso-session).
struct Held {
    section: Option<usize>,
    subject: Arc<Subject>,
    named: Option<Option<Arc<readers::NamedSection>>>,
}

impl<'c> Holders<'c> {
    fn new(cfg: &'c Config<'c>) -> Self {
        Holders {
            cfg,
            last: None,
            last_failures: None,
        }
    }

    /// `failures` as a finding keeps them: none where there are none, and the last list made
    /// where they are the same (the findings on the lines of one section mostly fail alike).
    fn share(&mut self, failures: Vec<Failure>) -> Option<finding::FailureList> {
        if failures.is_empty() {
            return None;
        }
        match &self.last_failures {
            Some(last) if ***last == *failures => Some(Arc::clone(last)),
            _ => {
                let made = Arc::new(failures.into_boxed_slice());
                self.last_failures = Some(Arc::clone(&made));
                Some(made)
            }
        }
    }

    /// The section that holds line `i` (0-based), made the last asked about.
    fn holding(&mut self, i: usize) -> &mut Held {
        let cfg = self.cfg;
        let section = cfg.section_holding(i);
        if self
            .last
            .as_ref()
            .is_none_or(|last| last.section != section)
        {
            let subject = match section.map(|s| cfg.section(s)) {
                Some(s) => match &s.kind {
                    SectionKind::Profile {
                        name,
                        canonical: true,
                    } => Subject::Profile(name.as_ref().into()),
                    _ => Subject::Section(s.header.into()),
                },
                None => Subject::File,
            };
            let subject = Arc::new(subject);
            self.last = Some(Held {
                section,
                subject,
                named: None,
            });
        }
        self.last.as_mut().expect("just set")
    }

    /// The profile or section line `line` (1-based) belongs to.
    fn subject(&mut self, line: usize) -> Arc<Subject> {
        self.holding(line.saturating_sub(1)).subject.clone()
    }

    /// A finding at `line` (1-based) on the profile or section that holds it, on which the
    /// readers its kind tells fail, and `more`.
    fn on_line(&mut self, line: usize, kind: FindingKind, more: Vec<Failure>) -> Finding {
        let subject = self.subject(line);
        Finding::new(subject, line, kind, self.share(more))
    }

    /// The profile or sso-session that holds line `i` (0-based), by name.
    fn named(&mut self, i: usize) -> Option<Arc<readers::NamedSection>> {
        let cfg = self.cfg;
        let named = &mut self.holding(i).named;
        (named.get_or_insert_with(|| {
            let (sec, session) = held_by(cfg, i)?;
            let name = if session {
                cfg.session_name(sec)
            } else {
                cfg.profile_name(sec)
            };
            Some(Arc::new(readers::NamedSection {
                session,
                name: name?.to_string(),
            }))
        }))
        .clone()
    }
}

/// Line `line` (1-based) with its text (without the whitespace around it) as the span.
fn line_excerpt(doc: &Document, line: usize) -> Option<Excerpt> {
    if line == 0 || line > doc.len() {
        return None;
    }
    let raw = doc.raw_text(line - 1);
    let text = &raw[..raw.len().min(Excerpt::MAX)];
    let blank = |b: &&u8| matches!(**b, b' ' | b'\t');
    let start = leading_blanks(text);
    let end = (text.len() - text.iter().rev().take_while(blank).count()).max(start);
    Some(Excerpt {
        text: text.to_vec(),
        span: start..end,
        column: start + 1,
        cut_before: false,
        cut_after: text.len() < raw.len(),
    })
}

/// Whether the profile's credentials come from its SSO settings in both readers: no role_arn
/// (assume-role answers first) and no web identity.
fn sso_answers(cfg: &Config, sec: usize) -> bool {
    cfg.get(sec, "role_arn").is_none() && cfg.get(sec, "web_identity_token_file").is_none()
}

const SSO_KEYS: [&str; 6] = [
    SSO_START_URL,
    SSO_REGION,
    SSO_ACCOUNT_ID,
    SSO_ROLE_NAME,
    SSO_SESSION,
    SSO_REGISTRATION_SCOPES,
];

/// The sections the AWS SDK for Rust merges into one profile or sso-session, by the (kind,
/// name) it reads: only names it reads in more than one header (`[profile dev]` twice,
/// `[profile  dev]` beside `[profile dev]`, `[ sso-session s ]` beside `[sso-session s]`),
/// without `[default]` where `[profile default]` replaces it. Made the first time a Rust claim
/// asks, and only where it may merge any ([`rust_may_merge`]).
struct RustMergedSections<'c> {
    merges: bool,
    merged: std::cell::OnceCell<SectionsByName<'c>>,
}

/// Section numbers by the (kind, name) a reader reads in their headers.
type SectionsByName<'c> = HashMap<(&'static str, Cow<'c, str>), Vec<usize>>;

impl<'c> RustMergedSections<'c> {
    fn new(merges: bool) -> Self {
        RustMergedSections {
            merges,
            merged: std::cell::OnceCell::new(),
        }
    }

    fn merged(&self, cfg: &'c Config) -> &SectionsByName<'c> {
        self.merged.get_or_init(|| {
            let mut by_name = SectionsByName::new();
            for i in 0..cfg.section_count() {
                if let Some(kind_name) = Reader::RustSdk.reads_header(cfg.header(i)) {
                    by_name.entry(kind_name).or_default().push(i);
                }
            }
            by_name.retain(|(kind, _), secs| {
                let count = secs.len();
                let bare = |i: &usize| other_sdks::rust_reads_bare_default(cfg.header(*i));
                if *kind == "profile" && !secs.iter().all(bare) {
                    secs.retain(|i| !bare(i));
                }
                count > 1
            });
            by_name
        })
    }

    /// The value of `key` in the profile the AWS SDK for Rust reads in section `sec`, where
    /// only one of the sections it merges into it sets it (it merges them in an order that
    /// changes from run to run), on a line it reads as `key`.
    fn value(&self, cfg: &'c Config, sec: usize, key: &str) -> Option<&'c str> {
        let reads = |line: usize| key_lines::rust_reads_key(cfg.document().text(line), key);
        let secs = self
            .merged_with(cfg, sec)
            .unwrap_or(std::slice::from_ref(&sec));
        let mut values =
            (secs.iter()).flat_map(|&j| cfg.props(j).filter(|p| p.key == key && reads(p.line)));
        let first = values.next()?;
        values.next().is_none().then_some(first.value)
    }

    /// Whether the AWS SDK for Rust finds `key` in the profile or sso-session it reads in
    /// section `sec`: in the sections it merges into that one (not `[default]` itself where
    /// `[profile default]` replaces it), on a line of its own as Rust reads keys (not
    /// `sso_region\x0c = x`).
    fn has(&self, cfg: &'c Config, sec: usize, key: &str) -> bool {
        let merged = self.merged_with(cfg, sec);
        // The first line of `key`, nearly always; where Rust does not read that one, any other.
        let reads = |line: usize| key_lines::rust_reads_key(cfg.document().text(line), key);
        let has = |j: usize| match cfg.own(j, key) {
            None => false,
            Some(p) if reads(p.line) => true,
            Some(_) => cfg.props(j).any(|p| p.key == key && reads(p.line)),
        };
        match merged {
            Some(secs) => secs.iter().any(|&j| has(j)),
            None => has(sec),
        }
    }

    /// The sections the AWS SDK for Rust merges with section `sec`, where it merges any.
    fn merged_with(&self, cfg: &'c Config, sec: usize) -> Option<&[usize]> {
        if !self.merges {
            return None;
        }
        (Reader::RustSdk.reads_header(cfg.header(sec)))
            .and_then(|kind_name| self.merged(cfg).get(&kind_name))
            .map(Vec::as_slice)
    }
}

/// Which of the other SDKs read some header of the file as each (kind, name): made the first
/// time a header is read otherwise ([`NamesReadByOtherSdks::otherwise`]), which nearly no file
/// has.
#[derive(Default)]
struct NamesReadByOtherSdks<'c>(
    std::cell::OnceCell<HashMap<(&'static str, Cow<'c, str>), Readers>>,
);

impl<'c> NamesReadByOtherSdks<'c> {
    /// The other SDKs that do not read section `i`'s header as the `kind` (`profile` or
    /// `sso-session`) named `name` and read no other header of the file as it either (where one
    /// does, that is `same_section_twice` or `merged_by_other_sdks`). `rust_reads`: the AWS SDK
    /// for Rust reads it as that name ([`crate::aws::Section::read_alike_by_other_sdks`]).
    fn otherwise(
        &self,
        cfg: &'c Config,
        i: usize,
        (kind, name): (&'static str, &str),
        rust_reads: bool,
    ) -> Readers {
        if rust_reads && cfg.other_sdks_read_no_other_name(i) {
            // Written as the AWS CLI writes it, with a name Rust reads: so do all of them.
            debug_assert!(other_sdks::reading_otherwise(cfg.header(i), kind, name).is_empty());
            return Readers::default();
        }
        let readers = other_sdks::reading_otherwise(cfg.header(i), kind, name);
        if readers.is_empty() {
            return readers;
        }
        let read = self.0.get_or_init(|| {
            let mut read: HashMap<(&'static str, Cow<'c, str>), Readers> = HashMap::new();
            for j in 0..cfg.section_count() {
                for r in Reader::OTHER_SDKS {
                    if let Some(kn) = r.reads_header(cfg.header(j)) {
                        let e = read.entry(kn).or_default();
                        *e = e.with(r);
                    }
                }
            }
            read
        });
        let elsewhere = read
            .get(&(kind, Cow::Borrowed(name)))
            .copied()
            .unwrap_or_default();
        elsewhere.iter().fold(readers, Readers::without)
    }
}

fn profiles<'c>(
    cfg: &'c Config,
    blocks: &[managed::ManagedBlock],
    plan: Option<&Plan>,
    names: &NamesReadByOtherSdks<'c>,
    ignored: &IgnoredHeaders,
    rust_sections: &RustMergedSections<'c>,
    findings: &mut Found,
) {
    // Why the migration leaves each profile alone, by name: the first reason given for it.
    let mut skipped: HashMap<&str, &SkipReason> = HashMap::new();
    for s in plan.map(|p| p.skipped.as_slice()).unwrap_or_default() {
        skipped.entry(s.profile.as_str()).or_insert(&s.reason);
    }
    let left_alone = |name: &str| skipped.get(name).map(|&r| Box::new(r.clone()));
    // With the default options the migration has no plan only where it refuses the file.
    let file_refused = plan.is_none();
    let push = |findings: &mut Found, name: &str, line: usize, kind: FindingKind| {
        findings.push(Finding::on_profile(name, line, kind));
    };
    // The profile names some header gives the other SDKs too: found once, the first time a
    // header only botocore reads asks (a scan of every section for each such header was
    // quadratic).
    let read_alike = std::cell::OnceCell::new();
    let read_alike = || {
        read_alike.get_or_init(|| {
            (0..cfg.section_count())
                .filter_map(|i| {
                    let name = cfg.profile_name(i)?;
                    cfg.section(i).read_alike_by_other_sdks().then_some(name)
                })
                .collect::<HashSet<&str>>()
        })
    };
    let rust_own = |sec: usize, key: &str| rust_sections.has(cfg, sec, key);
    let mut start_urls: HashMap<&str, Arc<str>> = HashMap::new();
    for (sec, s) in cfg.profile_sections() {
        let name = s.profile_name().unwrap_or_default();
        let line = s.header_line() + 1;
        // Only botocore reads it as this profile, and no other header gives the other SDKs
        // one of that name (that case is `same_section_twice`).
        let rust_reads = s.read_alike_by_other_sdks();
        if !rust_reads && !read_alike().contains(name) {
            push(
                findings,
                name,
                line,
                botocore_only_section(s.header, false, name),
            );
        } else if let readers = names.otherwise(cfg, sec, ("profile", name), rust_reads)
            && !readers.is_empty()
        {
            push(
                findings,
                name,
                line,
                FindingKind::HeaderReadOtherwise {
                    header: s.header.to_string(),
                    session: false,
                    readers,
                },
            );
        }
        if let Some(b) = managed::block_at(blocks, s.header_line()) {
            push(
                findings,
                name,
                line,
                FindingKind::Managed {
                    by: b.by,
                    block: b.name.clone(),
                },
            );
        }
        for p in cfg.props(sec) {
            // An empty sso_session names a session that does not exist: reported below as
            // that, with the readers that fail on it, not also as an empty value.
            let names_missing = p.key == SSO_SESSION && cfg.session("").is_none();
            if SSO_KEYS.contains(&p.key) && p.value.is_empty() && !names_missing {
                push(
                    findings,
                    name,
                    p.line + 1,
                    FindingKind::EmptyValue {
                        key: p.key.to_string(),
                    },
                );
            }
        }
        let get = |k: &str| cfg.get(sec, k);
        let account_or_role = get(SSO_ACCOUNT_ID).is_some() || get(SSO_ROLE_NAME).is_some();
        let sso = sso_answers(cfg, sec);
        let botocore_sso = sso && account_or_role;
        match get(SSO_SESSION) {
            Some(session) => {
                let inline: Vec<&str> = [SSO_START_URL, SSO_REGION]
                    .into_iter()
                    .filter(|k| cfg.own(sec, k).is_some())
                    .collect();
                let session_from_defaults = cfg.own(sec, SSO_SESSION).is_none();
                // The AWS SDK for Rust does not read a role profile's SSO settings.
                let role_first = rust_own(sec, "role_arn");
                // The AWS SDK for Rust's error as it reads the profile (every section it merges
                // into it, not `[DEFAULT]`), with the sso-session it finds (`session`; `None`:
                // not known).
                let rust_error = |session: Option<RustSessionLookup>| {
                    if role_first || session_from_defaults {
                        None
                    } else {
                        rust_sso_error(name, |k| rust_own(sec, k), session)
                    }
                };
                let Some(ssec) = cfg.session(session) else {
                    let read_elsewhere_by = ignored.readers_of("sso-session", session);
                    // Rust, Go v2 and PHP v3 cut a comment botocore keeps in the value, Go and
                    // PHP take quotes off it, and each may name a session that is there.
                    let [rust_name, go_name, php_name] = session_names_read_otherwise(cfg, sec);
                    let [rust_ssec, go_ssec, php_ssec] =
                        [rust_name, go_name, php_name].map(|n| cfg.session(n?));
                    let found_by = [
                        (Reader::RustSdk, rust_ssec),
                        (Reader::GoV2, go_ssec),
                        (Reader::PhpV3, php_ssec),
                    ]
                    .into_iter()
                    .filter(|(_, ssec)| ssec.is_some())
                    .fold(Readers::default(), |found, (r, _)| found.with(r));
                    let rust_session =
                        |k: &str| rust_ssec.is_some_and(|s| rust_sections.has(cfg, s, k));
                    let lookup = if rust_ssec.is_some() {
                        Some(RustSessionLookup::Found(&rust_session))
                    } else {
                        (!read_elsewhere_by.contains(Reader::RustSdk))
                            .then(|| RustSessionLookup::NotFound(rust_name.unwrap_or(session)))
                    };
                    push(
                        findings,
                        name,
                        line,
                        FindingKind::MissingSession {
                            session: session.into(),
                            botocore_sso,
                            inline_first: (InlineKey::ALL.into_iter())
                                .find(|k| inline.contains(&k.key())),
                            rust: rust_error(lookup).map(Box::from),
                            session_from_defaults,
                            role_first,
                            read_elsewhere_by,
                            found_by,
                            found_session: [
                                (rust_ssec, rust_name),
                                (go_ssec, go_name),
                                (php_ssec, php_name),
                            ]
                            .into_iter()
                            .find_map(|(ssec, name)| ssec.and(name))
                            .and_then(|found| place_in(session, found)),
                        },
                    );
                    continue;
                };
                let rust_session = |k: &str| rust_sections.has(cfg, ssec, k);
                let rust_found = || Some(RustSessionLookup::Found(&rust_session));
                // botocore's merge: the session's keys in order, the first that differs.
                let conflict = (cfg.first_inconsistency(sec, ssec))
                    .map(|(k, pv, sv)| (k.to_string(), pv.to_string(), sv.to_string()));
                // botocore fails on the differing value before it looks for missing keys.
                let conflicts = conflict.is_some();
                let sso_conflicts: Vec<String> = inline
                    .iter()
                    .filter(|k| cfg.get(ssec, k).is_some_and(|sv| get(k) != Some(sv)))
                    .map(|k| k.to_string())
                    .collect();
                if let Some((key, profile_value, session_value)) = conflict {
                    push(
                        findings,
                        name,
                        line,
                        FindingKind::HybridConflict(Box::new(InlineConflict {
                            key,
                            profile_value,
                            session_value,
                            session: session.to_string(),
                            botocore_sso,
                            inline_first: inline.first().map(|k| k.to_string()),
                            rust: rust_error(rust_found()),
                            sso_conflicts,
                            go_conflicts: inline_conflicts_read_by(
                                cfg,
                                Reader::GoV2,
                                (sec, ssec),
                                &inline,
                            ),
                            java_conflicts: inline_conflicts_read_by(
                                cfg,
                                Reader::JavaV2,
                                (sec, ssec),
                                &inline,
                            ),
                            session_from_defaults,
                            role_first,
                        })),
                    );
                } else if !inline.is_empty() {
                    push(
                        findings,
                        name,
                        line,
                        FindingKind::HybridRedundant(Box::new(RedundantInline {
                            keys: inline.iter().map(|k| k.to_string()).collect(),
                            rust: rust_error(rust_found()),
                            session: session.to_string(),
                            left_alone: left_alone(name),
                            file_refused,
                            session_from_defaults,
                            role_first,
                        })),
                    );
                }
                // A session lacking keys is reported at the session.
                let session_complete =
                    cfg.get(ssec, SSO_START_URL).is_some() && cfg.get(ssec, SSO_REGION).is_some();
                if session_complete && sso && inline.is_empty() {
                    let missing: Vec<String> = [SSO_ROLE_NAME, SSO_ACCOUNT_ID]
                        .into_iter()
                        .filter(|k| get(k).is_none())
                        .map(str::to_string)
                        .collect();
                    // botocore merges every key of the session into the profile (a session
                    // may set the one the profile lacks), and fails first on a value that
                    // differs.
                    let botocore_lacks =
                        !conflicts && missing.iter().all(|k| cfg.get(ssec, k).is_none());
                    if missing.len() == 1 {
                        let rust = if rust_reads && !role_first {
                            rust_sso_error(name, |k| rust_own(sec, k), rust_found())
                        } else {
                            None
                        };
                        push(
                            findings,
                            name,
                            line,
                            FindingKind::MissingSsoKeys(Box::new(LackingSsoKeys {
                                missing,
                                botocore_sso: botocore_sso && botocore_lacks,
                                rust,
                            })),
                        );
                    }
                }
            }
            None => {
                // Inside a managed block the owner regenerates it; managed_block says so.
                let managed = managed::block_at(blocks, s.header_line()).is_some();
                if let (Some(url), false) = (cfg.own(sec, SSO_START_URL), managed) {
                    push(
                        findings,
                        name,
                        line,
                        FindingKind::LegacyProfile {
                            start_url: Arc::clone(
                                start_urls
                                    .entry(url.value)
                                    .or_insert_with(|| url.value.into()),
                            ),
                            left_alone: left_alone(name),
                            file_refused,
                        },
                    );
                }
                let any_sso = [SSO_START_URL, SSO_REGION, SSO_ACCOUNT_ID, SSO_ROLE_NAME]
                    .iter()
                    .any(|k| get(k).is_some());
                if !any_sso || !sso {
                    continue;
                }
                // botocore's order: sso_role_name, sso_account_id, sso_start_url, sso_region.
                let missing: Vec<String> =
                    [SSO_ROLE_NAME, SSO_ACCOUNT_ID, SSO_START_URL, SSO_REGION]
                        .into_iter()
                        .filter(|k| get(k).is_none())
                        .map(str::to_string)
                        .collect();
                if missing.is_empty() {
                    continue;
                }
                // The AWS SDK for Rust (`sso_from_profile`) reads the profile's own keys (not
                // `[DEFAULT]`'s, but those of every section it merges into the profile): account
                // without role (or the reverse) is invalid; then a missing sso_region, then
                // sso_start_url, is a missing field; with both, no account and role resolves a
                // token, not credentials; with all four it asks for credentials, and lacks
                // nothing. A profile it does not read, with no SSO key of its own, or with a
                // `role_arn` (whose credentials it takes from the role's source), has nothing
                // missing to it. Where a section it merges into the profile names an
                // sso-session, it reads the portal in that session.
                let own = |k: &str| rust_own(sec, k);
                let rust_sso = [SSO_START_URL, SSO_REGION, SSO_ACCOUNT_ID, SSO_ROLE_NAME]
                    .iter()
                    .any(|k| own(k))
                    && !own("role_arn");
                let rust = if !(rust_reads && rust_sso) {
                    None
                } else if own(SSO_SESSION) {
                    // A section Rust merges into the profile names the session: where one
                    // alone does, and the session is there, Rust reads the portal in it.
                    let ssec = (rust_sections.value(cfg, sec, SSO_SESSION))
                        .and_then(|session| cfg.session(session));
                    ssec.and_then(|ssec| {
                        let session = |k: &str| rust_sections.has(cfg, ssec, k);
                        rust_sso_error(name, own, Some(RustSessionLookup::Found(&session)))
                    })
                } else {
                    rust_sso_error(name, own, None)
                };
                push(
                    findings,
                    name,
                    line,
                    FindingKind::MissingSsoKeys(Box::new(LackingSsoKeys {
                        missing,
                        botocore_sso,
                        rust,
                    })),
                );
            }
        }
    }
}

/// The keys any of which makes a profile's settings SSO ones to the AWS SDK for Rust
/// (`sso_from_profile`).
const RUST_SSO_KEYS: [&str; 5] = [
    SSO_START_URL,
    SSO_REGION,
    SSO_ACCOUNT_ID,
    SSO_ROLE_NAME,
    SSO_SESSION,
];

/// The sso-session the AWS SDK for Rust looks up for the `sso_session` it reads in a profile.
enum RustSessionLookup<'a> {
    /// Whether it finds each key in the session (every section it merges into it).
    Found(&'a dyn Fn(&str) -> bool),
    /// The session named is in no header it reads.
    NotFound(&'a str),
}

/// The error the AWS SDK for Rust gives for a profile's SSO settings (`sso_from_profile` in
/// aws-config's `profile/credentials/repr.rs`, then the credentials it asks for), from whether it
/// finds each key in the profile (`has`: in every section it merges into the profile) and the
/// session it looks up for the profile's `sso_session` (`None`: not known, and nothing is said
/// past the inline keys): an inline start URL or region beside `sso_session`, a session not
/// found, account without role (or the reverse), a missing region then start URL, and neither
/// account nor role (a token, not credentials). `None` where it resolves credentials.
fn rust_sso_error(
    name: &str,
    has: impl Fn(&str) -> bool,
    session: Option<RustSessionLookup>,
) -> Option<String> {
    if !RUST_SSO_KEYS.iter().any(|k| has(k)) {
        // No SSO settings to it: it looks for credentials elsewhere.
        return None;
    }
    let portal_has: &dyn Fn(&str) -> bool = if has(SSO_SESSION) {
        if let Some(key) = [SSO_START_URL, SSO_REGION].into_iter().find(|k| has(k)) {
            return Some(readers::rust_hybrid_text(name, key));
        }
        match session? {
            RustSessionLookup::Found(session) => session,
            RustSessionLookup::NotFound(session) => {
                return Some(format!(
                    "sso-session named `{session}` (referenced by profile `{name}`) was not found"
                ));
            }
        }
    } else {
        &has
    };
    let (has_account, has_role) = (has(SSO_ACCOUNT_ID), has(SSO_ROLE_NAME));
    if has_account != has_role {
        Some(rust_account_role(name, has_account))
    } else if let Some(field) = [SSO_REGION, SSO_START_URL]
        .into_iter()
        .find(|k| !portal_has(k))
    {
        Some(format!(
            "profile `{name}` was not defined: `{field}` was missing"
        ))
    } else if !has_account {
        Some(
            "selected profile will resolve an access token instead of credentials since it \
             doesn't have `sso_account_id` and `sso_role_name` set"
                .to_string(),
        )
    } else {
        // All four: it asks for credentials.
        None
    }
}

fn rust_account_role(profile: &str, has_account: bool) -> String {
    let (left, right) = if has_account {
        (SSO_ACCOUNT_ID, SSO_ROLE_NAME)
    } else {
        (SSO_ROLE_NAME, SSO_ACCOUNT_ID)
    };
    format!(
        "profile `{profile}` has invalid SSO config: if `{left}` is set, then `{right}` must also be set"
    )
}

/// `source_profile` chains, as both readers follow them: only from a profile with `role_arn`,
/// and past the first profile only to one without static keys ([`chains`]). Both read the
/// credentials file with the config (`credentials`): a source may be a profile of it alone,
/// which ends the chain, and its static keys are a profile's own.
fn source_profiles<'c>(
    cfg: &'c Config,
    credentials: &CredentialsProfiles,
    ignored: &IgnoredHeaders,
    rust_sections: &RustMergedSections<'c>,
    findings: &mut Found,
) {
    // A web identity profile is a root provider in both readers, not a role chain.
    let edge = |sec: usize| -> Option<&str> {
        if cfg.get(sec, "role_arn").is_none()
            || cfg.get(sec, "credential_source").is_some()
            || cfg.get(sec, "web_identity_token_file").is_some()
        {
            return None;
        }
        cfg.get(sec, "source_profile")
    };
    // Each profile's next in its chain and whether it has static keys, read once, and each
    // name a loop finding gives, made once: made where a chain is first followed (a file may have
    // a million sections, and most have no chain). Either key is static keys to botocore
    // (`_has_static_credentials`), which then fails on the missing one; the AWS SDK for Rust
    // needs both, and goes on where one is missing. A loop found this way is one in both: its
    // profiles have no key at all.
    let follow = || {
        let sections = 0..cfg.section_count();
        let next = (sections.clone())
            .map(|i| {
                (cfg.profile_name(i).is_some())
                    .then(|| edge(i))
                    .flatten()
                    .and_then(|n| cfg.profile(n))
            })
            .collect();
        let keyed = (sections)
            .map(|i| {
                let from_credentials = cfg.profile_name(i).map(|n| credentials.static_keys(n));
                ["aws_access_key_id", "aws_secret_access_key"]
                    .iter()
                    .any(|k| cfg.get(i, k).is_some())
                    || from_credentials.is_some_and(|keys| keys.contains(&true))
            })
            .collect();
        let names: Vec<Option<Arc<str>>> = vec![None; cfg.section_count()];
        (chains::Chains::new(next, keyed), names)
    };
    let mut walk = None;
    for (sec, s) in cfg.profile_sections() {
        let name = s.profile_name().unwrap_or_default();
        let line = s.header_line() + 1;
        let get = |k: &str| cfg.get(sec, k);
        if get("role_arn").is_some()
            && get("web_identity_token_file").is_none()
            && get("source_profile").is_none()
            && get("credential_source").is_none()
            && !credentials.gives_role_source(name)
        {
            // The AWS SDK for Rust reads the keys of every section it merges into the profile.
            let rust_has = |k: &str| rust_sections.has(cfg, sec, k);
            let rust = rust_has("role_arn")
                && ![
                    "source_profile",
                    "credential_source",
                    "web_identity_token_file",
                ]
                .iter()
                .any(|k| rust_has(k));
            findings.push(Finding::on_profile(
                name,
                line,
                FindingKind::RoleArnWithoutSource { rust },
            ));
            continue;
        }
        let Some(first) = edge(sec) else { continue };
        let mut push = |kind: FindingKind| findings.push(Finding::on_profile(name, line, kind));
        if cfg.profile(first).is_none() {
            // A profile of the credentials file alone: it has no role of its own to follow.
            if credentials.has(first) {
                continue;
            }
            push(FindingKind::SourceProfileMissing {
                source: first.to_string(),
                read_elsewhere_by: ignored.readers_of("profile", first),
                source_from_defaults: cfg.own(sec, "source_profile").is_none(),
            });
            continue;
        }
        let (chains, names) = walk.get_or_insert_with(follow);
        if let Some(found) = chains.loop_from(sec) {
            let mut name_of = |i: usize| {
                Arc::clone(
                    names[i]
                        .get_or_insert_with(|| Arc::from(cfg.profile_name(i).unwrap_or_default())),
                )
            };
            // The AWS SDK for Rust takes the credentials of a profile that names itself as its
            // source (`NextProfile::SelfReference`): where the loop closes on one that has its
            // own (SSO settings, a credential process, both static keys), it does not fail.
            let met = found.sections.last().copied();
            let names_itself = met.is_some_and(|m| edge(m).and_then(|n| cfg.profile(n)) == Some(m));
            let own_credentials = met.is_some_and(|m| {
                let rust_has = |k: &str| rust_sections.has(cfg, m, k);
                let [access, secret] =
                    (cfg.profile_name(m)).map_or([false; 2], |n| credentials.static_keys(n));
                RUST_SSO_KEYS.iter().any(|k| rust_has(k))
                    || rust_has("credential_process")
                    || ((access || rust_has("aws_access_key_id"))
                        && (secret || rust_has("aws_secret_access_key")))
            });
            push(FindingKind::SourceProfileLoop {
                chain: found.sections.into_iter().map(&mut name_of).collect(),
                omitted: found.omitted,
                rust: !(names_itself && own_credentials),
            });
        }
    }
}

/// `[DEFAULT]`, where some profile or sso-session takes a key from it: botocore gives its keys
/// to every section (Python's `configparser`), the AWS SDKs for JavaScript v3 and Ruby v3 read
/// it as a section of its own (as their checks in `scripts/test` show).
fn defaults_section(holders: &mut Holders, findings: &mut Found) {
    let cfg = holders.cfg;
    let defaults = cfg.defaults();
    if defaults.is_empty() {
        return;
    }
    let Some(at) = (0..cfg.section_count()).find(|&i| cfg.is_defaults(i)) else {
        return;
    };
    let takers = (cfg.profile_section_numbers())
        .chain(cfg.session_section_numbers())
        .filter(|&sec| defaults.iter().any(|(k, _)| cfg.own(sec, k).is_none()))
        .count();
    if takers == 0 {
        return;
    }
    let kind = FindingKind::DefaultsSection {
        keys: defaults.iter().map(|(k, _)| k.to_string()).collect(),
        takers,
    };
    findings.push(holders.on_line(cfg.header_line(at) + 1, kind, Vec::new()));
}

/// The 1-based numbers of the lines with a problem, in order, as the config keeps its problems:
/// 4 bytes each, where a set took 15 (a file may have a problem on every line).
fn lines_with_problem(problems: &[crate::aws::Problem]) -> Vec<u32> {
    problems.iter().map(|p| line_number(p.line)).collect()
}

/// Lines botocore reads that other SDKs cannot: a key set with `:`, a comment after a header
/// and a value continued on a line without `=` (`AWSSDK.Core`'s `IniFile` reads only a header
/// alone on its line, a comment or a line with `=`, and fails on the whole file at any other).
/// A line with a problem of its own is left to that problem.
fn lines_other_sdks_reject(
    holders: &mut Holders,
    with_problem: &[u32],
    whole: &mut FileFailures,
    findings: &mut Found,
) {
    let cfg = holders.cfg;
    let doc = cfg.document();
    // C++ stops at the first line it cannot read (nearly always one of these): it never reads
    // the others. Looked for only where there is one of these.
    let cpp_stop = std::cell::OnceCell::new();
    // The table of lines and a byte or two a line: nearly every line is none of these.
    let upper_case_keys = cfg.has_upper_case_keys();
    let value_comments = has_blank_then_comment_sign(doc.as_bytes());
    // PHP cuts a value at a `;` with no blank before it too.
    let semicolons = memchr::memchr(b';', doc.as_bytes()).is_some();
    let crlf = memchr::memmem::find(doc.as_bytes(), b"\r\n").is_some();
    // A line that ends in a space or a tab before its line feed, or the file's last: nearly
    // every file has none. (An empty value on a CR LF line is `carriage_return_value`'s, and a
    // line that ends in a lone CR has a problem of its own.)
    let blank_ends = [&b" \n"[..], b"\t\n"]
        .iter()
        .any(|end| memchr::memmem::find(doc.as_bytes(), end).is_some())
        || doc
            .as_bytes()
            .last()
            .is_some_and(|b| matches!(b, b' ' | b'\t'));
    // The key lines whose key has a byte the AWS SDK for Rust does not take, as the walk
    // reaches them (nearly every file has none).
    let mut unportable = cfg.unportable_key_lines().iter().copied().peekable();
    // The last line above this one that is neither blank nor a comment, kept as the walk goes
    // (looking back from each line would go over a long comment block once a line).
    let mut last_content: Option<usize> = None;
    for i in 0..doc.len() {
        let above = last_content;
        if !(doc.is_blank(i) || doc.is_comment(i)) {
            last_content = Some(i);
        }
        let delimiter = doc.key_delimiter(i);
        // A key the AWS SDK for Rust ignores, besides what else the line has; where Rust
        // fails on the file at the line, it reads no key at all.
        let unportable = unportable.next_if(|&line| line as usize == i).is_some();
        if unportable
            && let Some((b'=', false)) = delimiter
            && let Some(kind) = key_name_not_portable(cfg, i)
            && !whole.rust.fails_at(i)
            && with_problem.binary_search(&line_number(i + 1)).is_err()
        {
            findings.push(holders.on_line(i + 1, kind, Vec::new()));
        }
        let kind = match delimiter {
            Some((b':', _)) => {
                let key = match doc.line(i).kind {
                    LineKind::Key { key, .. } => doc.slice(i, &key),
                    _ => "",
                };
                let without_equals = !doc.raw_text(i).contains(&b'=');
                let (session, readers) = key_line_readers(cfg, i, without_equals);
                FindingKind::ColonDelimiter {
                    key: key.to_string(),
                    without_equals,
                    session,
                    readers,
                }
            }
            Some((_, indented))
                if (indented || upper_case_keys && cfg.key_has_upper_case(i))
                    && let Some(kind) = key_read_otherwise(cfg, i, indented) =>
            {
                kind
            }
            Some((b'=', _)) if value_comments && let Some(kind) = comment_in_key(cfg, i) => kind,
            Some(_)
                if (value_comments || semicolons)
                    && let Some(kind) = value_comment(cfg, i) =>
            {
                kind
            }
            Some(_) if crlf && let Some(kind) = carriage_return_value(cfg, i) => kind,
            Some(_) if blank_ends && let Some(kind) = blank_value(cfg, i) => kind,
            Some(_) => continue,
            // botocore's header runs to the last `]`: what follows is skipped.
            None if doc.is_header(i) => {
                if doc.raw_text(i).last() == Some(&b']') {
                    continue;
                }
                let text = doc.text(i);
                let after = text
                    .rfind(']')
                    .map_or("", |end| text[end + 1..].trim_start());
                if !after.starts_with(['#', ';']) {
                    continue;
                }
                FindingKind::CommentAfterHeader
            }
            None if doc.is_comment(i) && doc.starts_indented(i) => {
                match indented_comment(cfg, i, above) {
                    Some(kind) => kind,
                    None => continue,
                }
            }
            // .NET reads `  [DEFAULT]` here as a header: a line it can read, not its failure.
            None if doc.is_continuation(i) => {
                let text = doc.text(i);
                let dotnet_fails = !(text.contains('=') || is_bracketed(text.trim()));
                let (session, readers) = first_line_readers(cfg, i, above);
                let blank_above = above.is_some_and(|j| (j + 1..i).any(|k| doc.is_blank(k)))
                    && continues_text_value(cfg, i);
                if !dotnet_fails && readers.is_empty() && !blank_above {
                    continue;
                }
                FindingKind::ContinuedValue {
                    dotnet_fails,
                    session,
                    readers,
                    blank_above,
                }
            }
            None => continue,
        };
        if with_problem.binary_search(&line_number(i + 1)).is_err() {
            let stops = *cpp_stop.get_or_init(|| other_sdks::cpp_stops_reading_at(doc)) == Some(i);
            let more = (stops.then(|| readers::cpp_stops(doc.raw_text(i)))).into_iter();
            let more = more.chain(whole.claim(i)).collect();
            findings.push(holders.on_line(i + 1, kind, more));
        }
    }
}

/// [`FindingKind::KeyNameNotPortable`] for key line `i` (0-based) of a profile or an
/// sso-session, written with `=` and not indented, whose key, as botocore reads it, has a byte
/// outside the identifier set ([`Config::unportable_key_lines`]): the AWS SDK for Rust, whose
/// key is the same bytes trimmed only of spaces and tabs, ignores it.
fn key_name_not_portable(cfg: &Config, i: usize) -> Option<FindingKind> {
    let (sec, session) = held_by(cfg, i)?;
    let p = cfg.props(sec).find(|p| p.line == i)?;
    Some(FindingKind::KeyNameNotPortable {
        key: p.key.into(),
        session,
    })
}

/// The lines (0-based) at which a reader fails on the whole file, with why: where the AWS SDK
/// for Rust fails to parse it ([`rust_parse::failures`]), or PHP's INI reader, which the AWS SDK
/// for PHP v3 reads it with, does ([`php_ini::failures`]). Each is claimed once: by the first
/// finding made on its line, or, where there is none, by a finding of its own
/// ([`FindingKind::RustRejectsLine`], [`FindingKind::PhpRejectsLine`]).
struct LineFailures<E> {
    lines: Vec<(usize, E)>,
    claimed: Vec<bool>,
}

impl<E: Copy> LineFailures<E> {
    fn new(lines: Vec<(usize, E)>) -> LineFailures<E> {
        let claimed = vec![false; lines.len()];
        LineFailures { lines, claimed }
    }

    /// The failure at line `i` (0-based), for the first finding on it to claim.
    fn claim(&mut self, i: usize) -> Option<E> {
        let at = self
            .lines
            .binary_search_by_key(&i, |&(line, _)| line)
            .ok()?;
        (!std::mem::replace(&mut self.claimed[at], true)).then_some(self.lines[at].1)
    }

    /// Whether the reader fails at line `i` (0-based).
    fn fails_at(&self, i: usize) -> bool {
        self.lines
            .binary_search_by_key(&i, |&(line, _)| line)
            .is_ok()
    }

    /// The failures no finding claimed.
    fn unclaimed(self) -> impl Iterator<Item = (usize, E)> {
        (self.lines.into_iter().zip(self.claimed))
            .filter_map(|(at, claimed)| (!claimed).then_some(at))
    }
}

/// Where the AWS SDK for Rust and PHP's INI reader fail on the whole file.
struct FileFailures {
    rust: LineFailures<RustParseError>,
    php: LineFailures<PhpParseError>,
}

impl FileFailures {
    fn of(doc: &Document) -> FileFailures {
        FileFailures {
            rust: LineFailures::new(rust_parse::failures(doc)),
            php: LineFailures::new(php_ini::failures(doc)),
        }
    }

    /// The readers' failures on the whole file at line `i` (0-based) that no finding claimed
    /// yet, for the first finding on it.
    fn claim(&mut self, i: usize) -> impl Iterator<Item = Failure> + use<> {
        let rust = self.rust.claim(i).map(readers::rust_cannot_parse);
        let php = self.php.claim(i).map(|_| readers::php_cannot_read());
        rust.into_iter().chain(php)
    }
}

/// The profile or sso-session that holds line `i` (0-based), and whether it is a session; none
/// outside them (before the first header, in `[DEFAULT]` or a section of another kind).
fn held_by(cfg: &Config, i: usize) -> Option<(usize, bool)> {
    let sec = cfg.section_holding(i)?;
    if !cfg.is_canonical(sec) {
        return None;
    }
    if cfg.profile_name(sec).is_some() {
        Some((sec, false))
    } else {
        cfg.session_name(sec).map(|_| (sec, true))
    }
}

/// For continuation line `i` (0-based), `above` the last line above it that is neither blank
/// nor a comment: where it is the first line to continue a value that is not empty (an empty
/// one opens nested keys, which every SDK reads) in a profile or sso-session, whether that is an
/// sso-session, and the SDKs that read only the value's first line: JavaScript v3 (`parseIni`
/// reads each line alone, and the indented line as a key where it has `=`) and Ruby v3 (an
/// indented line is a nested item).
fn first_line_readers(cfg: &Config, i: usize, above: Option<usize>) -> (bool, Readers) {
    let doc = cfg.document();
    let continues_value = above.is_some_and(
        |j| matches!(doc.line(j).kind, LineKind::Key { ref value, .. } if !value.is_empty()),
    );
    let Some((_, session)) = held_by(cfg, i) else {
        return (false, Readers::default());
    };
    if !continues_value {
        return (session, Readers::default());
    }
    (
        session,
        Readers::default().with(Reader::JsV3).with(Reader::RubyV3),
    )
}

/// Whether continuation line `i` (0-based) continues, in a profile or sso-session, a value that
/// is not empty on its key's line (an empty one opens nested keys, where a blank line changes
/// nothing any reader keeps). Looked up only below a blank line.
fn continues_text_value(cfg: &Config, i: usize) -> bool {
    let Some((sec, _)) = held_by(cfg, i) else {
        return false;
    };
    let doc = cfg.document();
    (cfg.props(sec)).any(|p| {
        p.line < i
            && i < p.end
            && matches!(doc.line(p.line).kind, LineKind::Key { ref value, .. } if !value.is_empty())
    })
}

/// [`FindingKind::IndentedComment`] for indented comment line `i` (0-based) of a profile or an
/// sso-session, where it follows a key's value (`above`, the last line above it that is neither
/// blank nor a comment, is the key or its continuation), as the plan's `indented_comment_after`
/// finds it: botocore skips it, the AWS SDKs for Rust (its interop check reads it so) and Java v2
/// (`isPropertyContinuationLine`) read it as more of that value.
fn indented_comment(cfg: &Config, i: usize, above: Option<usize>) -> Option<FindingKind> {
    let doc = cfg.document();
    let above = above?;
    if !matches!(
        doc.line(above).kind,
        LineKind::Key { .. } | LineKind::Continuation
    ) {
        return None;
    }
    let (_, session) = held_by(cfg, i)?;
    Some(FindingKind::IndentedComment { session })
}

/// Whether `bytes` hold `#` or `;` right after a space or a tab anywhere: where they do not, no
/// value holds a comment another SDK cuts (nearly every file), and no key line is looked at.
fn has_blank_then_comment_sign(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(b'#', b';', bytes)
        .any(|at| at > 0 && matches!(bytes[at - 1], b' ' | b'\t'))
}

/// [`FindingKind::CommentInKey`] for key line `i` (0-based), written with `=`: its key holds `#`
/// or `;` after a space or a tab. The AWS SDKs for Rust (`prepare_line`) and Java v2
/// (`ProfileFileReader.removeTrailingComments`, then `parsePropertyDefinition`) cut the line
/// there and find no `=`, which fails the whole file; Go v2 (`trimPropertyComment`, which skips
/// a line it then finds no `=` or `:` in), JavaScript v3 (`parseIni`, `(^|\s)[;#]`) and, for
/// `;`, Ruby v3 (`\s;`) cut it too and read no key.
fn comment_in_key(cfg: &Config, i: usize) -> Option<FindingKind> {
    let doc = cfg.document();
    let LineKind::Key { key, delim, .. } = doc.line(i).kind else {
        return None;
    };
    let text = doc.text(i);
    let before = &text.as_bytes()[key.start as usize..delim as usize];
    let cut_at = |signs: &[u8]| {
        (before.windows(2)).any(|w| matches!(w[0], b' ' | b'\t') && signs.contains(&w[1]))
    };
    if !cut_at(b"#;") {
        return None;
    }
    // Outside a profile or session, no key of theirs is lost: only the failures of the whole
    // file are claimed.
    let held = held_by(cfg, i);
    let mut readers = Readers::default();
    if held.is_some() {
        readers = readers.with(Reader::GoV2).with(Reader::JsV3);
        if cut_at(b";") {
            readers = readers.with(Reader::RubyV3);
        }
    }
    let session = held.is_some_and(|(_, session)| session);
    // Java checks the `=` of every line in a section whose header it reads (it skips the lines
    // of one it ignores).
    let java_fails = (cfg.section_holding(i))
        .is_some_and(|sec| Reader::JavaV2.reads_header(cfg.header(sec)).is_some());
    Some(FindingKind::CommentInKey {
        key: doc.slice(i, &key).to_ascii_lowercase(),
        session,
        readers,
        java_fails,
    })
}

/// The session names the AWS SDKs for Rust, Go v2 and PHP v3 read in the `sso_session` line of
/// profile section `sec` where they read another than botocore ([`values_read_otherwise`]).
/// `None` for one that reads botocore's name, or where the section has no such line (PHP's also
/// where it does not read the line as `sso_session`).
fn session_names_read_otherwise<'c>(cfg: &'c Config, sec: usize) -> [Option<&'c str>; 3] {
    let Some(values) = values_read_otherwise(cfg, sec, SSO_SESSION) else {
        return [None; 3];
    };
    let php_reads_key = cfg.own(sec, SSO_SESSION).is_some_and(|p| {
        !key_lines::key_reading_otherwise(cfg.document().text(p.line), SSO_SESSION)
            .contains(Reader::PhpV3)
    });
    let botocore = values.botocore;
    let php = php_reads_key.then_some(values.php);
    [Some(values.cut), Some(values.go), php].map(|value| value.filter(|&v| v != botocore))
}

/// Where `part`, a slice of `whole`, is in it, as `u16` offsets; `None` where it is not a slice
/// of it or lies past 64 KiB.
fn place_in(whole: &str, part: &str) -> Option<[u16; 2]> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start + part.len();
    (end <= whole.len()).then_some([start.try_into().ok()?, end.try_into().ok()?])
}

/// A value as botocore and the SDKs that cut comments read it ([`values_read_otherwise`]).
struct ValueReadings<'c> {
    botocore: &'c str,
    /// The AWS SDKs for Rust and Java v2: cut where `#` or `;` follows a space or a tab (as
    /// [`value_comment`] says), and trimmed.
    cut: &'c str,
    /// Go v2: cut the same way, then without the quotes around it (`legacyStrconv`'s
    /// `unquote`: `""` is empty to it; a lone `"` it does not read, slicing past its end).
    go: &'c str,
    /// PHP v3: cut where [`php_ini::comment_start`] says, trimmed, and without the double quotes
    /// around it.
    php: &'c str,
}

/// How the SDKs read what follows the delimiter on the key line of `key` in section `sec` (not
/// its continuation lines); `None` where the section has no such line.
fn values_read_otherwise<'c>(cfg: &'c Config, sec: usize, key: &str) -> Option<ValueReadings<'c>> {
    let doc = cfg.document();
    let p = cfg.own(sec, key)?;
    let LineKind::Key { delim, .. } = doc.line(p.line).kind else {
        return None;
    };
    let after = &doc.text(p.line)[delim as usize + 1..];
    let cut = after[..other_sdks::cpp_uncommented(after.as_bytes()).len()].trim();
    let go = match cut.as_bytes() {
        [q @ (b'"' | b'\''), .., end] if end == q => &cut[1..cut.len() - 1],
        _ => cut,
    };
    Some(ValueReadings {
        botocore: after.trim(),
        cut,
        go,
        php: php_ini::read_value(after),
    })
}

/// The inline keys of profile section `sec` (`inline`, botocore's `sso_start_url` and
/// `sso_region`) whose value `reader` (Go v2 or Java v2, which compare them with the session's)
/// reads otherwise than in the session's section `ssec`, where `reader` reads both key lines as
/// those keys: its values of them ([`values_read_otherwise`]), or botocore's where one goes on
/// over continuation lines (which botocore joins and each SDK reads its own way). A comment
/// botocore keeps in one of them (`sso_region = us-east-1 # main`) is no conflict to either, and
/// quotes around one are none to Go.
fn inline_conflicts_read_by(
    cfg: &Config,
    reader: Reader,
    (sec, ssec): (usize, usize),
    inline: &[&str],
) -> Vec<String> {
    let doc = cfg.document();
    let read_as_key = |sec: usize, key: &str| {
        cfg.own(sec, key).is_some_and(|p| {
            !key_lines::key_reading_otherwise(doc.text(p.line), key).contains(reader)
        })
    };
    let value = |sec: usize, key: &str| {
        let one_line = cfg.own(sec, key).is_some_and(|p| p.end == p.line + 1);
        let values = one_line
            .then(|| values_read_otherwise(cfg, sec, key))
            .flatten();
        match (values, reader) {
            (Some(v), Reader::GoV2) => Some(v.go),
            (Some(v), _) => Some(v.cut),
            (None, _) => cfg.get(sec, key),
        }
    };
    (inline.iter())
        .filter(|&&k| cfg.get(ssec, k).is_some() && read_as_key(sec, k) && read_as_key(ssec, k))
        .filter(|&&k| value(sec, k) != value(ssec, k))
        .map(|k| k.to_string())
        .collect()
}

/// [`FindingKind::ValueComment`] for key line `i` (0-based) of a profile or an sso-session: what
/// follows its delimiter holds `#` or `;` after a space or a tab, or a `;` that the AWS SDK for
/// PHP reads as a comment ([`php_ini::comment_start`]). The SDKs that cut it there: the AWS SDK for
/// Rust (`prepare_line`, where the sign follows whitespace), Java v2
/// (`ProfileFileReader.removeTrailingComments` with ` #`, ` ;`, `\t#` and `\t;`), JavaScript v3
/// (`parseIni` cuts at `(^|\s)[;#]`), the AWS SDK for C++ (where `#` or `;` follows a space or
/// a tab, [`other_sdks::cpp_uncommented`]), Go v2 (the same, `internal/ini`'s
/// `trimPropertyComment` since aws/aws-sdk-go-v2#2371; for one release before it, at the first
/// `#` or `;` anywhere, which cut `…/start#` short: aws/aws-sdk-go-v2#2369), for `;`, Ruby v3
/// (`\s;`), and PHP v3 where it cuts. The comment shown is what the first of those cut, PHP's
/// where only PHP cuts.
fn value_comment(cfg: &Config, i: usize) -> Option<FindingKind> {
    let doc = cfg.document();
    let LineKind::Key { key, delim, .. } = doc.line(i).kind else {
        return None;
    };
    let text = doc.text(i);
    let after = &text[delim as usize + 1..];
    let kept = other_sdks::cpp_uncommented(after.as_bytes()).len();
    let php = php_ini::comment_start(after);
    let cut = match (kept < after.len(), php) {
        (true, _) => kept,
        (false, Some(php)) => php,
        (false, None) => return None,
    };
    let (_, session) = held_by(cfg, i)?;
    let comment = &after[cut..];
    let ruby = (after.char_indices())
        .any(|(j, c)| other_sdks::is_ruby_space(c) && after[j + c.len_utf8()..].starts_with(';'));
    let mut readers = Readers::default();
    if kept < after.len() {
        readers = [
            Reader::RustSdk,
            Reader::GoV2,
            Reader::JavaV2,
            Reader::JsV3,
            Reader::Cpp,
        ]
        .into_iter()
        .fold(readers, Readers::with);
    }
    if ruby {
        readers = readers.with(Reader::RubyV3);
    }
    if php.is_some() {
        readers = readers.with(Reader::PhpV3);
    }
    Some(FindingKind::ValueComment {
        key: doc.slice(i, &key).to_ascii_lowercase().into(),
        comment: comment.into(),
        session,
        readers,
    })
}

/// [`FindingKind::CarriageReturnValue`] for key line `i` (0-based) of a profile or an
/// sso-session: its value is empty and it ends in CR LF.
fn carriage_return_value(cfg: &Config, i: usize) -> Option<FindingKind> {
    let doc = cfg.document();
    if doc.ending(i) != Ending::CrLf {
        return None;
    }
    let LineKind::Key { key, value, .. } = doc.line(i).kind else {
        return None;
    };
    if !value.is_empty() {
        return None;
    }
    let (_, session) = held_by(cfg, i)?;
    Some(FindingKind::CarriageReturnValue {
        key: doc.slice(i, &key).to_ascii_lowercase(),
        session,
    })
}

/// [`FindingKind::BlankValue`] for key line `i` (0-based) of a profile or an sso-session: its
/// value is empty, and spaces or tabs follow its `=` (`=` only: a `KEY: ` line is a
/// [`FindingKind::ColonDelimiter`], and no key to Ruby).
fn blank_value(cfg: &Config, i: usize) -> Option<FindingKind> {
    let doc = cfg.document();
    let LineKind::Key {
        key, value, delim, ..
    } = doc.line(i).kind
    else {
        return None;
    };
    let after = &doc.text(i)[delim as usize + 1..];
    if !value.is_empty() || !after.starts_with([' ', '\t']) {
        return None;
    }
    let (_, session) = held_by(cfg, i)?;
    Some(FindingKind::BlankValue {
        key: doc.slice(i, &key).to_ascii_lowercase(),
        session,
    })
}

/// For a `KEY: VALUE` line `i` (0-based), or any other key line: whether it is in an
/// sso-session, and the SDKs that read no such key in that profile or session
/// ([`key_lines::key_reading_otherwise`]). Left out on a line without `=`: the SDKs that fail
/// on the whole file there (Rust, claimed where its parser fails, Java, .NET) or stop reading
/// it (C++, added where it stops), and, where botocore reads the key with no value (`KEY:`),
/// every SDK: they read nothing on the line, and a key with no value is read as no key, as
/// `empty_value` has it. None outside a profile or session.
fn key_line_readers(cfg: &Config, i: usize, without_equals: bool) -> (bool, Readers) {
    let Some((sec, session)) = held_by(cfg, i) else {
        return (false, Readers::default());
    };
    let Some(p) = cfg.props(sec).find(|p| p.line == i) else {
        return (session, Readers::default());
    };
    if without_equals && p.value.is_empty() {
        return (session, Readers::default());
    }
    let mut readers = key_lines::key_reading_otherwise(cfg.document().text(i), p.key);
    if without_equals {
        for r in [Reader::RustSdk, Reader::JavaV2, Reader::Dotnet, Reader::Cpp] {
            readers = readers.without(r);
        }
    }
    (session, readers)
}

/// [`FindingKind::KeyReadOtherwise`] for key line `i` (0-based) of a profile or an sso-session,
/// where some SDKs do not read it as the key botocore reads (`indented`: its key is).
///
/// A key with no value at the start of its line is left alone: the SDKs read it as no key or
/// as an empty one under another name, which reads alike (an empty value is no setting to
/// them, and `empty_value` claims none of them). Indented, it is still a continuation with
/// nothing to continue to Java.
fn key_read_otherwise(cfg: &Config, i: usize, indented: bool) -> Option<FindingKind> {
    let (sec, session) = held_by(cfg, i)?;
    let p = cfg.props(sec).find(|p| p.line == i)?;
    if p.value.is_empty() && !indented {
        return None;
    }
    let k = key_lines::read_otherwise(cfg, &p)?;
    Some(FindingKind::KeyReadOtherwise {
        key: k.key.into(),
        text: k.text.into(),
        session,
        indented,
        readers: k.readers,
    })
}

fn is_bracketed(s: &str) -> bool {
    s.starts_with('[') && s.ends_with(']')
}

fn sessions<'c>(
    cfg: &'c Config,
    blocks: &[managed::ManagedBlock],
    names: &NamesReadByOtherSdks<'c>,
    rust_sections: &RustMergedSections<'c>,
    findings: &mut Found,
) {
    let mut users: HashMap<&str, Vec<usize>> = HashMap::new();
    // The sessions a profile reaches only in the SDKs that cut a comment botocore keeps in its
    // sso_session, or take quotes off it (`missing_session`'s `found_by`): used, to them.
    let mut reached_otherwise: HashSet<&str> = HashSet::new();
    for sec in cfg.profile_section_numbers() {
        if let Some(s) = cfg.get(sec, SSO_SESSION) {
            users.entry(s).or_default().push(sec);
            if cfg.session(s).is_none() {
                let found = (session_names_read_otherwise(cfg, sec).into_iter().flatten())
                    .filter(|&n| cfg.session(n).is_some());
                reached_otherwise.extend(found);
            }
        }
    }
    let mut by_portal: BTreeMap<String, Vec<(String, String, usize)>> = BTreeMap::new();
    for (sec, s) in cfg.session_sections() {
        let name = s.session_name().unwrap_or_default();
        let line = s.header_line() + 1;
        let mut push = |kind: FindingKind| {
            let subject = Arc::new(Subject::Section(s.header.into()));
            findings.push(Finding::new(subject, line, kind, None));
        };
        let used_by = users.get(name).map(Vec::as_slice).unwrap_or_default();
        if !names::is_portable(name) {
            let modelled = [
                Reader::JsV3,
                Reader::RubyV3,
                Reader::PhpV3,
                Reader::Dotnet,
                Reader::Cpp,
            ];
            push(FindingKind::SessionNameNotPortable {
                name: name.to_string(),
                readers: (modelled.into_iter())
                    .filter(|r| !r.reads_header_as(s.header, "sso-session", name))
                    .fold(Readers::default(), Readers::with),
            });
        } else if !s.read_alike_by_other_sdks() {
            push(botocore_only_section(s.header, true, name));
        } else if let readers = names.otherwise(cfg, sec, ("sso-session", name), true)
            && !readers.is_empty()
        {
            push(FindingKind::HeaderReadOtherwise {
                header: s.header.to_string(),
                session: true,
                readers,
            });
        }
        if used_by.is_empty()
            && !reached_otherwise.contains(name)
            && managed::block_at(blocks, s.header_line()).is_none()
        {
            push(FindingKind::UnusedSession);
        }
        let missing: Vec<String> = [SSO_START_URL, SSO_REGION]
            .into_iter()
            .filter(|k| cfg.get(sec, k).is_none())
            .map(str::to_string)
            .collect();
        if !missing.is_empty() {
            let has = |p: usize, k: &str| cfg.get(p, k).is_some();
            let botocore_users = used_by
                .iter()
                .any(|&p| sso_answers(cfg, p) && (has(p, SSO_ACCOUNT_ID) || has(p, SSO_ROLE_NAME)));
            let users_fail_alike = used_by.iter().all(|&p| {
                has(p, SSO_ACCOUNT_ID)
                    && has(p, SSO_ROLE_NAME)
                    && !has(p, SSO_START_URL)
                    && !has(p, SSO_REGION)
                    && cfg.first_inconsistency(p, sec).is_none()
            });
            // The AWS SDK for Rust reads the session's keys from every section it merges into
            // it (`[ sso-session s ]` beside `[sso-session s]`), as it reads keys; and a user's
            // `sso_session` from every section it merges into the user, which may name another
            // session (then it takes either, from run to run).
            let rust_lacks = !(s.read_alike_by_other_sdks()
                && [SSO_START_URL, SSO_REGION]
                    .iter()
                    .all(|k| rust_sections.has(cfg, sec, k)));
            let rust_uses = |p: usize| {
                rust_sections.merged_with(cfg, p).is_none()
                    || rust_sections.value(cfg, p, SSO_SESSION) == Some(name)
            };
            let rust_users_fail = rust_lacks && used_by.iter().all(|&p| rust_uses(p));
            push(FindingKind::SessionLacksKey {
                missing,
                botocore_users,
                users_fail_alike,
                rust_users_fail,
            });
        }
        for p in cfg.props(sec) {
            if SSO_KEYS.contains(&p.key) && p.value.is_empty() {
                let kind = FindingKind::EmptyValue {
                    key: p.key.to_string(),
                };
                let subject = Arc::new(Subject::Section(s.header.into()));
                findings.push(Finding::new(subject, p.line + 1, kind, None));
            }
        }
        if let Some(url) = cfg.get(sec, SSO_START_URL) {
            by_portal
                .entry(start_url::portal_key(url))
                .or_default()
                .push((name.to_string(), url.to_string(), line));
        }
    }
    for same in by_portal.values() {
        let mut spellings: HashMap<&str, usize> = HashMap::new();
        for (_, u, _) in same {
            *spellings.entry(u.as_str()).or_default() += 1;
        }
        if spellings.len() < 2 {
            continue;
        }
        // Every session of one spelling lists the same others: found once a spelling, so that
        // ten thousand sessions of one portal cost ten thousand short lists, not a square.
        let mut listed: HashMap<&str, Arc<[(String, String)]>> = HashMap::new();
        for (name, url, line) in same {
            let others = (listed.entry(url.as_str()))
                .or_insert_with(|| {
                    (same.iter())
                        .filter(|(_, u, _)| u != url)
                        .take(LISTED_VARIANTS)
                        .map(|(n, u, _)| (n.clone(), u.clone()))
                        .collect()
                })
                .clone(); // a count, not a copy of the list
            let more = same.len() - spellings[url.as_str()] - others.len();
            let header = cfg
                .session(name)
                .map(|i| cfg.header(i).to_string())
                .unwrap_or_default();
            let kind = FindingKind::StartUrlVariants {
                start_url: url.as_str().into(),
                others,
                more,
            };
            findings.push(Finding::new(
                Arc::new(Subject::Section(header.into())),
                *line,
                kind,
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind of the first finding with `code` in the check-up of `src`.
    fn first_kind(src: &str, code: &str) -> Option<FindingKind> {
        let d = diagnose(src).unwrap();
        (d.findings.into_iter())
            .find(|f| f.code() == code)
            .map(|f| f.kind)
    }

    /// A file may have a finding on every line: those on the lines of one section share their
    /// subject's name and their list of failing readers where it is the same, and each finding
    /// still shows its own (here JavaScript v3 and Ruby v3 on `a`, then on `b` too for the
    /// line above `b`'s header). The lines from the second on are one key line to the AWS SDK
    /// for Rust, which it parses.
    #[test]
    fn findings_in_one_section_share_what_they_are_about() {
        let src = "[profile a]\nregion = eu-west-1\routput = json\rcli_pager = \r[profile b]\rregion = x\r";
        let d = diagnose(src).unwrap();
        let lone: Vec<&Finding> = (d.findings.iter())
            .filter(|f| f.code() == "lone_carriage_return")
            .collect();
        assert_eq!(lone.len(), 5);
        let on = |f: &Finding| -> Vec<(Reader, String)> {
            (f.failures().into_iter())
                .filter_map(|x| Some((x.reader, x.section?.name.clone())))
                .collect()
        };
        let both = |name: &str| {
            vec![
                (Reader::JsV3, name.to_string()),
                (Reader::RubyV3, name.to_string()),
            ]
        };
        assert_eq!(on(lone[0]), both("a"));
        assert_eq!(on(lone[1]), both("a"));
        assert_eq!(on(lone[2]), [both("a"), both("b")].concat());
        assert_eq!(on(lone[3]), both("b"));
        assert!(
            lone[0].shares_with(lone[1]),
            "one list for the lines of `a`"
        );
        assert!(
            !lone[1].shares_with(lone[2]),
            "the line above `b` has its own"
        );
        assert!(lone[3].shares_with(lone[4]));
        assert_eq!(*lone[0].subject, Subject::Profile("a".into()));
        assert!(
            Arc::ptr_eq(&lone[0].subject, &lone[2].subject),
            "one subject for the findings of `a`"
        );
        assert!(!Arc::ptr_eq(&lone[2].subject, &lone[3].subject));
    }

    /// Where the migration refuses the file, the fixes that would run it say so: a legacy
    /// profile's and a hybrid profile's inline lines are not moved until the file's problems
    /// are fixed.
    #[test]
    fn fixes_that_run_the_migration_say_when_it_refuses_the_file() {
        let src = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
                   sso_region = us-east-1\n\
                   [profile hybrid]\nsso_session = corp\nsso_start_url = https://corp.awsapps.com/start\n\
                   sso_account_id = 1\nsso_role_name = R\n\
                   [profile legacy]\nsso_start_url = https://corp.awsapps.com/start\n\
                   sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n";
        let refused = |src: &str| -> Vec<(&'static str, bool)> {
            (diagnose(src).unwrap().findings.iter())
                .filter_map(|f| match &f.kind {
                    FindingKind::LegacyProfile { file_refused, .. } => {
                        Some(("legacy_profile", *file_refused))
                    }
                    FindingKind::HybridRedundant(r) => Some(("hybrid_redundant", r.file_refused)),
                    _ => None,
                })
                .collect()
        };
        let kinds = ["hybrid_redundant", "legacy_profile"];
        assert_eq!(refused(src), kinds.map(|k| (k, false)));
        // A key set twice: botocore refuses the file, and so does the migration.
        let broken = format!("{src}region = a\nregion = b\n");
        assert_eq!(refused(&broken), kinds.map(|k| (k, true)));
    }

    /// Every finding's column is the one its excerpt would show, though only the first
    /// [`SHOWN_FINDINGS`] keep their excerpt: problems of the file (at their span) and other
    /// findings (at the line's text), after indents, tabs and characters of several bytes, on
    /// lines longer than an excerpt.
    #[test]
    fn a_findings_column_is_its_excerpts() {
        let long = "x".repeat(Excerpt::MAX + 40);
        let mut src = String::from("[profile a]\nregion = x\nregion = y\n");
        for i in 0..30 {
            src += &format!(
                "[profile p{i}]\n\tOutput = json\nkéy\u{b} = z\n  région: x\nv = é # c {long}\n"
            );
        }
        let d = diagnose(src.as_str()).unwrap();
        let doc = Document::parse(src.as_str());
        assert!(d.findings.len() > SHOWN_FINDINGS, "{}", d.findings.len());
        assert_eq!(d.excerpts.len(), SHOWN_FINDINGS);
        let mut columns = HashSet::new();
        for (i, f) in d.findings.iter().enumerate() {
            let excerpt = excerpt_of(&doc, f).unwrap();
            assert_eq!(f.column(), Some(excerpt.column), "{f:?}");
            if let Some(kept) = d.excerpts.get(i) {
                assert_eq!(kept.as_ref(), Some(&excerpt));
            }
            columns.insert(excerpt.column);
        }
        assert!(columns.len() > 2, "{columns:?}");
    }

    fn codes(src: &str) -> Vec<(usize, &'static str)> {
        diagnose(src)
            .unwrap()
            .findings
            .iter()
            .map(|f| (f.line, f.code()))
            .collect()
    }

    /// The check-up takes the file's problems out of the config before it looks at profiles:
    /// what the config reads must not change with them. A key set twice is read at its first
    /// line, where it has `[DEFAULT]`'s value, so the profile only repeats its session's keys.
    #[test]
    fn a_key_set_twice_is_read_at_its_first_line_in_the_check_up() {
        let src = "[DEFAULT]\nregion = d\n[sso-session s]\n\
                   sso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                   [profile p]\nsso_session = s\nsso_region = us-east-1\nregion = d\n\
                   region = b\nsso_account_id = 1\nsso_role_name = R\n";
        assert_eq!(
            codes(src),
            [
                (1, "defaults_section"),
                (6, "hybrid_redundant"),
                (10, "duplicate_key")
            ]
        );
    }

    #[test]
    fn a_healthy_config_has_no_findings() {
        let d = diagnose(
            "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\
             [profile a]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n\
             [profile chain]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = a\n",
        )
        .unwrap();
        assert!(d.findings.is_empty(), "{:?}", d.findings);
        assert!(d.healthy());
    }

    #[test]
    fn legacy_profiles_of_one_spelling_share_its_start_url() {
        let legacy = |name: &str, url: &str| {
            format!("[profile {name}]\nsso_start_url = {url}\nsso_region = us-east-1\n")
        };
        let (a, b) = ("https://a.awsapps.com/start", "https://b.awsapps.com/start");
        let src = [("p1", a), ("p2", b), ("p3", a), ("p4", b)]
            .map(|(n, u)| legacy(n, u))
            .concat();
        let d = diagnose(src).unwrap();
        let urls: Vec<&Arc<str>> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::LegacyProfile { start_url, .. } => Some(start_url),
                _ => None,
            })
            .collect();
        assert_eq!(urls.iter().map(|u| &***u).collect::<Vec<_>>(), [a, b, a, b]);
        assert!(Arc::ptr_eq(urls[0], urls[2]) && Arc::ptr_eq(urls[1], urls[3]));
        assert!(!Arc::ptr_eq(urls[0], urls[1]));
    }

    #[test]
    fn sessions_and_hybrids() {
        let src = "[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                   [profile gone]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n\
                   [profile clash]\nsso_session = s\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n\
                   [profile same]\nsso_session = s\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n\
                   [profile half]\nsso_session = s\nsso_account_id = 1\n";
        assert_eq!(
            codes(src),
            [
                (4, "missing_session"),
                (8, "hybrid_conflict"),
                (13, "hybrid_redundant"),
                (18, "missing_sso_keys")
            ]
        );
    }

    #[test]
    fn chains_that_go_nowhere_or_round() {
        let src = "[profile a]\nrole_arn = x\nsource_profile = b\n[profile b]\nrole_arn = y\nsource_profile = a\n\
                   [profile c]\nrole_arn = z\nsource_profile = nobody\n\
                   [profile self]\nrole_arn = z\nsource_profile = self\naws_access_key_id = k\naws_secret_access_key = s\n";
        assert_eq!(
            codes(src),
            [
                (1, "source_profile_loop"),
                (4, "source_profile_loop"),
                (7, "source_profile_missing")
            ]
        );
    }

    #[test]
    fn a_chain_thousands_deep_is_a_loop_from_every_profile_in_a_few_names() {
        // t0 -> t1 -> ... -> t1199 -> l0 -> l1 -> l2 -> l0: every profile of the tail comes to
        // the loop, however far from it (a walk of 1,000 steps from each had told only the last
        // 997), and each finding names its first profiles and the one met twice.
        let tail = 1200;
        let mut src = String::new();
        for i in 0..tail {
            let next = if i + 1 < tail {
                format!("t{}", i + 1)
            } else {
                "l0".into()
            };
            src.push_str(&format!(
                "[profile t{i}]\nrole_arn = r\nsource_profile = {next}\n"
            ));
        }
        for i in 0..3 {
            src.push_str(&format!(
                "[profile l{i}]\nrole_arn = r\nsource_profile = l{}\n",
                (i + 1) % 3
            ));
        }
        let d = diagnose(src.as_str()).unwrap();
        let looped: Vec<&str> = (d.findings.iter())
            .filter(|f| f.code() == "source_profile_loop")
            .map(|f| match &*f.subject {
                Subject::Profile(name) => &**name,
                other => panic!("{other:?}"),
            })
            .collect();
        let expected: Vec<String> = (0..tail)
            .map(|k| format!("t{k}"))
            .chain((0..3).map(|i| format!("l{i}")))
            .collect();
        assert_eq!(looped, expected);
        let FindingKind::SourceProfileLoop { chain, omitted, .. } = &d.findings[0].kind else {
            panic!("{:?}", d.findings[0].kind);
        };
        let chain: Vec<&str> = chain.iter().map(|c| &**c).collect();
        let first: Vec<String> = (0..10).map(|k| format!("t{k}")).collect();
        assert_eq!(chain[..10], first[..]);
        assert_eq!(chain[10..], ["l0"]);
        // t0 to t1199, l0 to l2 and l0 again.
        assert_eq!(chain.len() + omitted, tail + 4);
        let FindingKind::SourceProfileLoop { chain, omitted, .. } = &d.findings[tail].kind else {
            panic!("{:?}", d.findings[tail].kind);
        };
        let chain: Vec<&str> = chain.iter().map(|c| &**c).collect();
        assert_eq!(chain, ["l0", "l1", "l2", "l0"]);
        assert_eq!(*omitted, 0);
    }

    #[test]
    fn static_keys_past_the_first_profile_end_its_chain() {
        // botocore and the AWS SDK for Rust take a source profile's static keys before its own
        // role: `via` assumes its role with `keyed`'s keys, `keyed` asked for itself assumes its
        // role from `via`, which comes back to it; `to-self` ends at `self`'s keys.
        let keys = "aws_access_key_id = k\naws_secret_access_key = s\n";
        let src = format!(
            "[profile via]\nrole_arn = r\nsource_profile = keyed\n\
             [profile keyed]\nrole_arn = r\nsource_profile = via\n{keys}\
             [profile self]\nrole_arn = r\nsource_profile = self\n{keys}\
             [profile to-self]\nrole_arn = r\nsource_profile = self\n"
        );
        assert_eq!(codes(&src), [(4, "source_profile_loop")]);
        // One key is static keys to botocore, which then fails on the other, not on a loop.
        let partial = "[profile a]\nrole_arn = r\nsource_profile = b\n\
                       [profile b]\nrole_arn = r\nsource_profile = a\naws_secret_access_key = s\n";
        assert_eq!(codes(partial), [(4, "source_profile_loop")]);
        let d = diagnose(src.as_str()).unwrap();
        let FindingKind::SourceProfileLoop { chain, .. } = &d.findings[0].kind else {
            panic!("{:?}", d.findings[0].kind);
        };
        let chain: Vec<&str> = chain.iter().map(|c| &**c).collect();
        assert_eq!(chain, ["keyed", "via", "keyed"]);
    }

    /// A profile whose sso_session comes from `[DEFAULT]` alone has that session to botocore
    /// only: the findings about the session (missing, or beside inline keys that differ or
    /// agree) claim botocore and no other reader, which sees no session there; the same profile
    /// with its own sso_session line claims the others too.
    #[test]
    fn a_session_from_defaults_is_claimed_for_botocore_alone() {
        let readers_of = |src: &str, code: &str| -> Vec<Vec<Reader>> {
            (diagnose(src).unwrap().findings.iter())
                .filter(|f| f.code() == code)
                .map(|f| f.failures().iter().map(|x| x.reader).collect())
                .collect()
        };
        let profile = "[profile p]\nsso_start_url = https://a.awsapps.com/start\n\
                       sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n";
        let session = "[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n\
                       sso_region = eu-west-1\n";
        let cases = [
            (
                "missing_session",
                format!("[DEFAULT]\nsso_session = gone\n{profile}"),
            ),
            (
                "hybrid_conflict",
                format!("[DEFAULT]\nsso_session = s\n{session}{profile}"),
            ),
            (
                "hybrid_redundant",
                format!(
                    "[DEFAULT]\nsso_session = s\n{}{profile}",
                    session.replace("eu-west-1", "us-east-1")
                ),
            ),
        ];
        for (code, src) in cases {
            let from_defaults = readers_of(&src, code);
            assert!(
                from_defaults
                    .iter()
                    .all(|r| r.iter().all(|x| *x == Reader::Botocore)),
                "{code}: {from_defaults:?}"
            );
            assert_eq!(from_defaults.len(), 1, "{code}");
            let own = src.replace(
                "sso_role_name = R\n",
                &format!(
                    "sso_role_name = R\nsso_session = {}\n",
                    if code == "missing_session" {
                        "gone"
                    } else {
                        "s"
                    }
                ),
            );
            let own = readers_of(&own, code);
            assert!(
                own.iter().any(|r| r.contains(&Reader::RustSdk)),
                "{code}, own sso_session: {own:?}"
            );
        }
    }

    /// A complete sso-session `s`.
    const SESSION_S: &str = "[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n\
                             sso_region = us-east-1\n";

    /// A profile `dev` with account and role, then `lines`, then [`SESSION_S`].
    fn dev_with(lines: &str) -> String {
        format!("[profile dev]\nsso_account_id = 1\nsso_role_name = r\n{lines}\n{SESSION_S}")
    }

    /// The AWS SDK for Rust's claims of the findings of `code` (a role profile may have none of
    /// them).
    fn rust_claims(src: &str, code: &str) -> Vec<Option<String>> {
        claims_of(src, code, Reader::RustSdk)
    }

    /// The claims `reader` fails on in the findings of `code` in `src`: each one's quoted text.
    fn claims_of(src: &str, code: &str, reader: Reader) -> Vec<Option<String>> {
        (diagnose(src).unwrap().findings.iter())
            .filter(|f| f.code() == code)
            .flat_map(|f| f.failures())
            .filter(|x| x.reader == reader)
            .map(|x| x.error.map(|e| e.into_owned()))
            .collect()
    }

    /// botocore merges every key of a session into a profile that uses it, failing first on a
    /// value that differs, then naming the profile's own missing keys before the session's:
    /// its text is quoted only where it is the one botocore gives.
    #[test]
    fn botocore_s_text_about_missing_keys_is_quoted_where_botocore_gives_it() {
        let botocore = |src: &str, code: &str| claims_of(src, code, Reader::Botocore);
        let lacking = "[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n";
        let user = "[profile a]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n";
        let listed = botocore(&format!("{lacking}{user}"), "session_lacks_key");
        assert_eq!(
            listed,
            [Some(
                "is configured to use SSO but is missing required configuration: sso_region".into()
            )]
        );
        // A user without a role is told of its role first; one whose account differs from the
        // session's, of that.
        for other in [
            "[profile b]\nsso_session = s\nsso_account_id = 1\n",
            "[profile b]\nsso_session = s\nsso_account_id = 2\nsso_role_name = R\n",
        ] {
            let src = format!("{}sso_account_id = 1\n{user}{other}", lacking);
            assert_eq!(botocore(&src, "session_lacks_key"), [None], "{other:?}");
        }
        let session = "[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n\
                       sso_region = us-east-1\n";
        let profile = "[profile p]\nsso_session = s\nsso_account_id = 1\n";
        let lacks_role = format!("{session}{profile}");
        assert_eq!(botocore(&lacks_role, "missing_sso_keys").len(), 1);
        // The session gives it the role; or botocore fails on the account that differs.
        for extra in ["sso_role_name = R\n", "sso_account_id = 2\n"] {
            let src = format!("{session}{extra}{profile}");
            assert_eq!(botocore(&src, "missing_sso_keys"), [], "{extra:?}");
        }
    }

    /// The SDKs that the finding `code` on line `line` of `src` claims, in order.
    fn claimed(src: &str, code: &str, line: usize) -> Vec<Reader> {
        let d = diagnose(src).unwrap();
        let f = (d.findings.iter()).find(|f| f.code() == code && f.line == line);
        let f = f.unwrap_or_else(|| panic!("{src:?}: no {code} at line {line}"));
        f.failures().iter().map(|f| f.reader).collect()
    }

    /// A key with no value reads as no key to the SDKs that read nothing on its line or read it
    /// under another name: no profile is read otherwise there, as `empty_value` has it. With a
    /// value, they are claimed.
    #[test]
    fn a_key_with_no_value_is_read_alike_by_sdks_that_read_no_key() {
        use Reader::*;
        assert_eq!(
            claimed("[profile a]\nregion = x\nconfig:\n", "colon_delimiter", 3),
            [RustSdk, JavaV2, Dotnet, Cpp]
        );
        assert!(claimed("[profile a]\nconfig: x\n", "colon_delimiter", 2).contains(&JsV3));
        let d = diagnose("[profile a]\nREGION =\n").unwrap();
        assert!(!d.findings.iter().any(|f| f.code() == "key_read_otherwise"));
        // What else such a line shows is still found: Ruby reads a blank after `=` as the value.
        assert_eq!(
            claimed("[profile a]\nREGION = \n", "blank_value", 2),
            [RubyV3]
        );
        let upper = claimed("[profile a]\nREGION = x\n", "key_read_otherwise", 2);
        assert!(
            upper.contains(&JsV3) && upper.contains(&RubyV3),
            "{upper:?}"
        );
    }

    /// A header botocore ignores and other SDKs merge into a profile: they read the profile
    /// otherwise where it adds a key (as they read keys) or, coming later, changes one; .NET,
    /// which takes the first, where it comes first.
    #[test]
    fn a_merged_section_is_claimed_where_it_changes_the_profile() {
        use Reader::*;
        let code = "merged_by_other_sdks";
        let kept = "[profile a]\nregion = x\n";
        // Added before botocore's: every merging SDK, and .NET, which sees only it.
        let before = claimed(&format!("[ profile a ]\noutput = json\n{kept}"), code, 1);
        assert!(
            before.contains(&RustSdk) && before.contains(&Dotnet),
            "{before:?}"
        );
        // The same key and value, later: nobody.
        assert_eq!(
            claimed(&format!("{kept}[ profile a ]\nregion = x\n"), code, 3),
            []
        );
        // Another value, earlier: botocore's wins for those that merge; .NET takes the first.
        assert_eq!(
            claimed(&format!("[ profile a ]\nregion = y\n{kept}"), code, 1),
            [Dotnet]
        );
        // Later, another value: every merging SDK, not .NET.
        let later = claimed(&format!("{kept}[ profile a ]\nregion = y\n"), code, 3);
        assert!(
            later.contains(&RustSdk) && !later.contains(&Dotnet),
            "{later:?}"
        );
        // A session alike: its users are read otherwise.
        let session = "[sso-session s]\nsso_region = x\n[ sso-session s ]\nsso_start_url = y\n";
        let diagnosis = diagnose(session).unwrap();
        let f = (diagnosis.findings.iter())
            .find(|f| f.code() == code)
            .unwrap();
        let failures = f.failures();
        assert!(
            failures
                .iter()
                .any(|f| f.reader == RustSdk && f.scope == Scope::Users),
            "{failures:?}"
        );
        // `Region` is another key to those that look keys up as written, not to Rust.
        let case = claimed(&format!("{kept}[ profile a ]\nRegion = x\n"), code, 3);
        assert!(
            !case.contains(&RustSdk) && case.contains(&JavaV2),
            "{case:?}"
        );
    }

    /// The AWS SDK for Rust merges a profile written twice: its SSO keys are those of both
    /// sections, and `[default]` drops out where `[profile default]` replaces it; a key it
    /// reads as another (whitespace botocore strips) is not there.
    #[test]
    fn rust_reads_the_sso_keys_of_every_section_it_merges() {
        let rust_claim = |src: &str| match first_kind(src, "missing_sso_keys") {
            Some(FindingKind::MissingSsoKeys(k)) => k.rust,
            other => panic!("{src:?}: {other:?}"),
        };
        let portal = "sso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\n";
        assert_eq!(
            rust_claim(&format!(
                "[profile dev]\n{portal}[profile dev]\nsso_account_id = 1\nsso_role_name = r\n"
            )),
            None
        );
        assert_eq!(
            rust_claim(&format!(
                "[profile dev]\n{portal}[profile  dev]\nsso_account_id = 1\n"
            ))
            .as_deref(),
            Some(
                "profile `dev` has invalid SSO config: if `sso_account_id` is set, then \
                 `sso_role_name` must also be set"
            )
        );
        assert!(
            rust_claim(&format!(
                "[profile default]\n{portal}[default]\nsso_account_id = 1\nsso_role_name = r\n"
            ))
            .is_some_and(|c| c.contains("access token instead of credentials"))
        );
        // The first section names a session: Rust reads the portal there, in the session
        // (complete, then without a region).
        let session_first = "[profile dev]\nsso_session = s\nsso_account_id = 1\n\
                             [profile  dev]\nsso_role_name = r\n[sso-session s]\n";
        assert_eq!(rust_claim(&format!("{session_first}{portal}")), None);
        assert_eq!(
            rust_claim(&format!(
                "{session_first}sso_start_url = https://a.awsapps.com/start\n"
            ))
            .as_deref(),
            Some("profile `dev` was not defined: `sso_region` was missing")
        );
        // botocore's profile names the session and lacks a role, which the other section Rust
        // merges gives it.
        assert_eq!(
            rust_claim(&format!(
                "[profile dev]\nsso_role_name = r\n[profile  dev]\nsso_session = s\n\
                 sso_account_id = 1\n[sso-session s]\n{portal}"
            )),
            None
        );
        // The inline key Rust rejects first is the start URL of the other section.
        let hybrid = format!(
            "[profile dev]\nsso_start_url = https://a.awsapps.com/start\n[profile  dev]\n\
             sso_session = s\nsso_region = us-east-1\n[sso-session s]\n{portal}"
        );
        match first_kind(&hybrid, "hybrid_redundant") {
            Some(FindingKind::HybridRedundant(r)) => {
                let rust = Some(readers::rust_hybrid_text("dev", SSO_START_URL));
                assert_eq!((r.keys, r.rust), (vec![SSO_REGION.into()], rust));
            }
            other => panic!("{other:?}"),
        }
        // botocore's profile is the later `[default]`, which Rust drops beside
        // `[profile default]`: Rust reads the legacy keys of `[profile default]` alone, or no
        // SSO setting at all.
        let rust_of_redundant = |profile_default: &str| {
            let src = format!(
                "[profile default]\n{profile_default}[default]\nsso_session = s\n\
                 sso_region = us-east-1\n[sso-session s]\n{portal}"
            );
            match first_kind(&src, "hybrid_redundant") {
                Some(FindingKind::HybridRedundant(r)) => r.rust,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            rust_of_redundant("sso_role_name = r\nsso_region = us-east-1\n"),
            Some(rust_account_role("default", false))
        );
        assert_eq!(rust_of_redundant(""), None);
        // A form feed at the key's end is whitespace botocore strips and Rust keeps: no region.
        assert_eq!(
            rust_claim(
                "[profile dev]\nsso_start_url = https://a.awsapps.com/start\nsso_region\x0c = x\n"
            )
            .as_deref(),
            Some("profile `dev` was not defined: `sso_region` was missing")
        );
    }

    /// The AWS SDK for Rust merges `[ sso-session s ]`, which botocore ignores, into
    /// `[sso-session s]`: where that supplies what the session lacks, Rust's users do not fail.
    #[test]
    fn rust_reads_the_keys_of_every_session_section_it_merges() {
        let rust_fails = |src: &str| match first_kind(src, "session_lacks_key") {
            Some(FindingKind::SessionLacksKey {
                rust_users_fail, ..
            }) => rust_users_fail,
            other => panic!("{src:?}: {other:?}"),
        };
        let user = "[profile dev]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n";
        let session = "[sso-session s]\nsso_region = us-east-1\n";
        let url = "sso_start_url = https://a.awsapps.com/start\n";
        assert!(!rust_fails(&format!(
            "{user}{session}[ sso-session s ]\n{url}"
        )));
        // Merged, but without the start URL; or a header Rust reads as another session.
        assert!(rust_fails(&format!(
            "{user}{session}[ sso-session s ]\nx = 1\n"
        )));
        assert!(rust_fails(&format!(
            "{user}{session}[ sso-session t ]\n{url}"
        )));
        assert!(rust_fails(&format!("{user}{session}")));
        // The user's other section, which Rust merges into it, names another session: Rust
        // takes either from run to run, and is not said to fail.
        let other = format!(
            "[profile dev]\nsso_session = t\n[profile  dev]\nsso_session = s\n\
             sso_account_id = 1\nsso_role_name = r\n[sso-session t]\n{url}\
             sso_region = us-east-1\n"
        );
        assert!(!rust_fails(&format!("{other}{session}")));
        // A key Rust reads as another name (a form feed botocore strips) is no start URL.
        assert!(rust_fails(&format!(
            "{user}{session}[ sso-session s ]\nsso_start_url\x0c = https://a.awsapps.com/start\n"
        )));
    }

    /// A header botocore reads as one profile and the AWS SDK for Rust as another (it trims a
    /// no-break space) says what Rust reads: a profile botocore does not have.
    #[test]
    fn a_header_only_botocore_reads_says_what_rust_reads_it_as() {
        let reads_as = |src: &str| match first_kind(src, "botocore_only_section") {
            Some(FindingKind::BotocoreOnlySection { rust_reads_as, .. }) => rust_reads_as,
            other => panic!("{src:?}: {other:?}"),
        };
        assert_eq!(
            reads_as("[profile b\u{a0}]\nregion = a\n").as_deref(),
            Some("b")
        );
        assert_eq!(reads_as("[profiles b]\nregion = a\n"), None);
    }

    /// A header botocore ignores (`[sso-session a = b]`: four words to it) that Go v2 reads as
    /// the session `a = b`, and Go alone of the SDKs a reading is taken from; with text after
    /// its `]`, Go reads no header on the line (`asProfile`), and nobody is said to read one.
    #[test]
    fn a_header_line_go_reads_no_header_on_is_no_session_of_go() {
        let read_by = |header: &str| match first_kind(
            &format!("[profile a]\nk = v\n{header}\nk = v\n"),
            "botocore_ignores_header",
        ) {
            Some(FindingKind::BotocoreIgnoresHeader { read_by, .. }) => Some(read_by),
            _ => None,
        };
        assert!(read_by("[sso-session a = b]").is_some_and(|r| r.contains(Reader::GoV2)));
        assert_eq!(read_by("[sso-session a = b]x"), None);
    }

    /// Rust and Go v2 cut a comment botocore keeps in `sso_session`'s value: where what is left
    /// names a session of the file, they find it, and `missing_session` does not claim them.
    /// Neither cuts where no blank comes before the sign (Go v2 since aws/aws-sdk-go-v2#2371).
    #[test]
    fn a_session_name_read_otherwise_is_found_by_those_that_read_it() {
        let claims = |value: &str, reader| {
            claims_of(
                &dev_with(&format!("sso_session = {value}")),
                "missing_session",
                reader,
            )
        };
        assert_eq!(claims("s ;c", Reader::RustSdk), []);
        assert_eq!(claims("s ;c", Reader::GoV2), []);
        assert_eq!(claims("s#c", Reader::GoV2).len(), 1);
        assert_eq!(claims("s#c", Reader::RustSdk).len(), 1);
        // Go v2 takes quotes off a value (`legacyStrconv`), after cutting the comment.
        for value in ["\"s\"", "'s'", "\"s\" ;c"] {
            assert_eq!(claims(value, Reader::GoV2), [], "{value}");
            assert_eq!(claims(value, Reader::RustSdk).len(), 1, "{value}");
        }
        assert_eq!(claims("\"s'", Reader::GoV2).len(), 1);
        // What is left names no session: both fail, Rust on the name it read.
        let gone = claims("t ;c", Reader::RustSdk);
        assert_eq!(gone.len(), 1);
        assert!(
            gone[0].as_deref().is_some_and(|t| t.contains("named `t`")),
            "{gone:?}"
        );
        assert_eq!(claims("t ;c", Reader::GoV2).len(), 1);
    }

    /// A session that a profile reaches only in the SDKs that cut a comment from its
    /// `sso_session` (or, Go and PHP, take quotes off) is used, to them: not `unused_session`,
    /// whose help says to remove it.
    #[test]
    fn a_session_reached_only_as_other_sdks_read_the_name_is_not_unused() {
        let unused = |line: &str| {
            let report = diagnose(dev_with(line)).unwrap();
            (report.findings.iter()).any(|f| f.code() == "unused_session")
        };
        // PHP cuts at a `;` with no blank before it, and reads no key in `SSO_SESSION`.
        for value in ["s ;c", "s\t#c", "\"s\"", "'s' ;c", "s;c"] {
            assert!(!unused(&format!("sso_session = {value}")), "{value}");
        }
        for value in ["s#c", "t ;c", "\"s'", "\"t\""] {
            assert!(unused(&format!("sso_session = {value}")), "{value}");
        }
        assert!(unused("SSO_SESSION = s;c"));
    }

    /// Go v2 and Java v2 compare a profile's inline `sso_start_url` and `sso_region` with its
    /// session's as they read them: a comment botocore keeps in one is cut by both, quotes are
    /// taken off by Go, and a key line either does not read as that key is no conflict to it.
    #[test]
    fn an_inline_conflict_is_claimed_for_go_and_java_as_they_read_the_values() {
        let claims = |inline: &str, reader| {
            let src = dev_with(&format!("sso_session = s\n{inline}"));
            claims_of(&src, "hybrid_conflict", reader)
        };
        let (go, java) = (Reader::GoV2, Reader::JavaV2);
        let botocore = |inline: &str| claims(inline, Reader::Botocore).len();
        let commented = "sso_region = us-east-1 # main";
        assert_eq!(botocore(commented), 1);
        assert_eq!(claims(commented, go), []);
        assert_eq!(claims(commented, java), []);
        // No blank before the sign: every SDK keeps it in the value.
        assert_eq!(claims("sso_region = us-east-1#main", go).len(), 1);
        assert_eq!(claims("sso_region = us-east-1#main", java).len(), 1);
        let quoted = "sso_start_url = \"https://a.awsapps.com/start\"";
        assert_eq!(botocore(quoted), 1);
        assert_eq!(claims(quoted, go), []);
        assert_eq!(
            claims(quoted, java),
            [Some(
                "Profile dev and Sso-session s has different sso_start_url.".to_string()
            )]
        );
        // A key line Java does not read as `sso_region` (it takes no `:` and keeps a key's
        // case) is no inline key to it; Go reads both.
        for line in ["sso_region: eu-west-1", "SSO_REGION = eu-west-1"] {
            assert_eq!(botocore(line), 1, "{line}");
            assert_eq!(claims(line, java), [], "{line}");
            assert_eq!(claims(line, go).len(), 1, "{line}");
        }
        // Go takes the quotes off `''` and `""` alike: empty, both.
        let session_quoted = "[profile dev]\nsso_session = s\nsso_account_id = 1\n\
                              sso_role_name = r\nsso_region = ''\n[sso-session s]\n\
                              sso_start_url = https://a.awsapps.com/start\nsso_region = \"\"\n";
        assert_eq!(claims_of(session_quoted, "hybrid_conflict", go), []);
        assert_eq!(claims_of(session_quoted, "hybrid_conflict", java), [None]);
        let differs = "sso_region = eu-west-1 # main";
        assert_eq!(
            claims(differs, go),
            [Some(
                "sso_region in profile \"dev\" must match sso_region in sso-session".to_string()
            )]
        );
        assert_eq!(claims(differs, java), [None]);
    }

    /// The AWS SDK for Rust takes the credentials of a profile that names itself as its source
    /// (`NextProfile::SelfReference`), and reads `role_arn` and its source in every section it
    /// merges into the profile: a loop or a missing source claims it only where it fails.
    #[test]
    fn rust_role_claims_follow_self_reference_and_merged_sections() {
        let role = "role_arn = arn:aws:iam::1:role/R\nsource_profile = dev\n";
        let sso = format!(
            "[profile dev]\n{role}sso_session = s\nsso_account_id = 1\nsso_role_name = R\n\
             {SESSION_S}"
        );
        assert_eq!(rust_claims(&sso, "source_profile_loop"), []);
        let bare = format!("[profile dev]\n{role}region = us-east-1\n");
        assert_eq!(rust_claims(&bare, "source_profile_loop"), [None]);
        let process = format!("[profile dev]\n{role}credential_process = p\n");
        assert_eq!(rust_claims(&process, "source_profile_loop"), []);
        // A longer loop fails in Rust too.
        let two = "[profile a]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = b\n\
                   [profile b]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = a\n";
        assert_eq!(rust_claims(two, "source_profile_loop"), [None, None]);
        // The source in a section botocore does not read as the profile, and Rust merges.
        let merged = "[profile dev]\nsource_profile = base\n[profile  dev]\n\
                      role_arn = arn:aws:iam::1:role/R\n\
                      [profile base]\naws_access_key_id = a\naws_secret_access_key = b\n";
        assert_eq!(rust_claims(merged, "role_arn_without_source"), []);
        let alone = "[profile dev]\nrole_arn = arn:aws:iam::1:role/R\n";
        assert_eq!(rust_claims(alone, "role_arn_without_source"), [None]);
    }

    /// A profile with its own `role_arn` is a role to the AWS SDK for Rust, which takes its
    /// credentials through the source and never reads its SSO settings (`resolve_chain`): the
    /// findings about them do not claim Rust; nor does a missing `source_profile` that only
    /// `[DEFAULT]` gives, which Rust does not read, claim Rust's text for a source it lacks.
    #[test]
    fn a_role_profile_s_sso_settings_are_not_claimed_for_rust() {
        let base = "[profile base]\naws_access_key_id = a\naws_secret_access_key = b\n";
        let session = SESSION_S;
        for (code, keys) in [
            (
                "missing_session",
                "sso_session = gone\nsso_account_id = 1\nsso_role_name = R\n",
            ),
            (
                "hybrid_conflict",
                "sso_session = s\nsso_start_url = https://b.awsapps.com/start\n\
                 sso_account_id = 1\nsso_role_name = R\n",
            ),
            (
                "hybrid_redundant",
                "sso_session = s\nsso_start_url = https://a.awsapps.com/start\n\
                 sso_account_id = 1\nsso_role_name = R\n",
            ),
            ("missing_sso_keys", "sso_session = s\nsso_account_id = 1\n"),
        ] {
            let sso = format!("{base}{session}[profile p]\n{keys}");
            assert_eq!(rust_claims(&sso, code).len(), 1, "{code}");
            let role = format!(
                "{base}{session}[profile p]\nrole_arn = arn:aws:iam::1:role/r\n\
                 source_profile = base\n{keys}"
            );
            assert_eq!(rust_claims(&role, code), [], "{code}");
        }
        let own = "[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = gone\n";
        assert!(rust_claims(own, "source_profile_missing")[0].is_some());
        let from_defaults = "[DEFAULT]\nsource_profile = gone\n\
                             [profile p]\nrole_arn = arn:aws:iam::1:role/r\n";
        assert_eq!(rust_claims(from_defaults, "source_profile_missing"), [None]);
    }

    #[test]
    fn a_finding_is_no_larger_than_its_common_kinds_need() {
        // A file with a problem on every line has a finding on every line: the rare, large
        // kinds are boxed so that they do not set every finding's size (272 bytes before, 88
        // since the two largest were boxed).
        assert!(size_of::<Finding>() <= 88, "{} bytes", size_of::<Finding>());
    }

    #[test]
    fn many_spellings_of_a_portal_list_a_few_and_count_the_rest() {
        // Thirty sessions, every other one spelled with a trailing slash: each has fifteen
        // others spelled differently, of which it names the first LISTED_VARIANTS in file order.
        let src: String = (0..30)
            .map(|i| {
                let slash = if i % 2 == 1 { "/" } else { "" };
                format!(
                    "[sso-session s{i}]\nsso_start_url = https://x.awsapps.com/start{slash}\n\
                     sso_region = us-east-1\n"
                )
            })
            .collect();
        let d = diagnose(src.as_str()).unwrap();
        let variants: Vec<(&[(String, String)], usize)> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::StartUrlVariants { others, more, .. } => Some((&others[..], *more)),
                _ => None,
            })
            .collect();
        assert_eq!(variants.len(), 30);
        for (i, (others, more)) in variants.iter().enumerate() {
            let names: Vec<&str> = others.iter().map(|(n, _)| n.as_str()).collect();
            let expected: Vec<String> = (0..30)
                .filter(|j| j % 2 != i % 2)
                .take(LISTED_VARIANTS)
                .map(|j| format!("s{j}"))
                .collect();
            assert_eq!(names, expected, "session s{i}");
            assert_eq!(*more, 15 - LISTED_VARIANTS, "session s{i}");
        }
    }

    #[test]
    fn legacy_unused_variants_and_names() {
        let src = "[sso-session 'my corp']\nsso_start_url = https://x.awsapps.com/start/\nsso_region = us-east-1\n\
                   [sso-session other]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                   [profile old]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id =\nsso_role_name = R\n\
                   [profiles typo]\nregion = x\n";
        assert_eq!(
            codes(src),
            [
                (1, "session_name_not_portable"),
                (1, "unused_session"),
                (1, "start_url_variants"),
                (4, "unused_session"),
                (4, "start_url_variants"),
                (7, "legacy_profile"),
                (10, "empty_value"),
                (12, "botocore_only_section")
            ]
        );
    }

    /// Key lines of profiles and sessions that botocore reads as keys and other SDKs do not;
    /// not the lines of other sections, nor lines every SDK reads alike.
    #[test]
    fn key_lines_other_sdks_read_otherwise_are_found() {
        let src = "[profile a]\n  output = json\n  Region = x\n\n[sso-session s]\n\
                   SSO_START_URL = https://s.awsapps.com/start\nsso_region = eu-west-1\n\n\
                   [services x]\nFoo = 1\n\n[profile b]\nregion=x\nSSO_SESSION = s\n";
        let d = diagnose(src).unwrap();
        let found: Vec<_> = (d.findings.iter())
            .filter(|f| f.code() == "key_read_otherwise")
            .collect();
        assert_eq!(
            found.iter().map(|f| f.line).collect::<Vec<_>>(),
            [2, 3, 6, 14]
        );
        let scopes = |f: &Finding| -> Vec<(Reader, readers::Scope)> {
            f.failures().iter().map(|x| (x.reader, x.scope)).collect()
        };
        use readers::Scope::{File, Profile, Users};
        assert_eq!(
            scopes(found[0]),
            [
                (Reader::RustSdk, File),
                (Reader::GoV2, Profile),
                (Reader::JavaV2, File),
                (Reader::RubyV3, Profile)
            ],
            "an indented first key"
        );
        assert!(
            scopes(found[2]).iter().all(|&(_, s)| s == Users),
            "a session's key"
        );
        // .NET finds sso_session in any case.
        assert!(!scopes(found[3]).iter().any(|&(r, _)| r == Reader::Dotnet));
    }

    /// A value that goes on below a blank line: botocore keeps the blank line, the AWS SDK for
    /// Rust does not. Not where the value is empty on its key's line (nested keys), nor where
    /// no blank line comes between.
    #[test]
    fn a_blank_line_inside_a_value_is_claimed_for_rust() {
        let rust = |src: &str| -> Vec<(usize, Scope)> {
            let d = diagnose(src).unwrap();
            (d.findings.iter())
                .filter(|f| f.code() == "continued_value")
                .flat_map(|f| f.failures().into_iter().map(move |x| (f.line, x)))
                .filter(|(_, x)| x.reader == Reader::RustSdk)
                .map(|(line, x)| (line, x.scope))
                .collect()
        };
        let src = "[profile a]\nk = v\n\n  more = 1\n  yet = 2\n\n\n  last = 3\n";
        assert_eq!(rust(src), [(4, Scope::Profile), (8, Scope::Profile)]);
        let src = "[sso-session s]\nk = v\n \n  more = 1\n";
        assert_eq!(rust(src), [(4, Scope::Users)]);
        assert_eq!(rust("[profile a]\nk = v\n  more = 1\n"), []);
        assert_eq!(rust("[profile a]\ns3 =\n\n  x = 1\n"), []);
        assert_eq!(rust("[profile a]\nk = v\n# note\n  more = 1\n"), []);
    }

    /// A legacy profile that lacks SSO keys quotes the AWS SDK for Rust's error in its order
    /// (`sso_from_profile`): account or role alone, then sso_region, then sso_start_url, then a
    /// token instead of credentials; nothing where Rust does not read the profile, or where
    /// its SSO keys are only `[DEFAULT]`'s, which Rust does not read.
    #[test]
    fn missing_sso_keys_quote_rust_where_it_reads_the_profile() {
        let rust = |src: &str| -> Vec<String> {
            let d = diagnose(src).unwrap();
            (d.findings.iter())
                .filter(|f| f.code() == "missing_sso_keys")
                .flat_map(|f| f.failures())
                .filter(|x| x.reader == Reader::RustSdk)
                .map(|x| x.error.unwrap_or_default().into_owned())
                .collect()
        };
        assert_eq!(
            rust("[profile a]\nsso_start_url = u\nsso_account_id = 1\n"),
            [
                "profile `a` has invalid SSO config: if `sso_account_id` is set, then \
              `sso_role_name` must also be set"
            ]
        );
        assert_eq!(
            rust("[profile a]\nsso_start_url = u\n"),
            ["profile `a` was not defined: `sso_region` was missing"]
        );
        assert_eq!(
            rust("[profile a]\nsso_region = r\nsso_account_id = 1\nsso_role_name = n\n"),
            ["profile `a` was not defined: `sso_start_url` was missing"]
        );
        assert_eq!(
            rust("[profile a]\nsso_region = r\nsso_start_url = u\n"),
            [
                "selected profile will resolve an access token instead of credentials since it \
              doesn't have `sso_account_id` and `sso_role_name` set"
            ]
        );
        assert_eq!(rust("[profile a,b]\nsso_start_url = u\n"), [""; 0]);
        assert_eq!(
            rust("[DEFAULT]\nsso_account_id = 1\n[profile a]\nsso_start_url = u\n"),
            ["profile `a` was not defined: `sso_region` was missing"]
        );
        assert_eq!(
            rust("[DEFAULT]\nsso_start_url = u\nsso_account_id = 1\n[profile a]\nregion = x\n"),
            [""; 0]
        );
    }

    /// A key with a character outside the identifier set is named, once, for the AWS SDK for
    /// Rust (which ignores it) on the profile or on the session's users; not where Rust fails
    /// on the file at the line, nor in a section that is neither, nor a key it reads.
    #[test]
    fn keys_the_rust_sdk_ignores_are_found() {
        let src = "[profile a]\ncli pager = less\nrole[arn = x\nsso_start_url = u\nA.b:c+d%e@f/g-h = 1\n\
                   [sso-session s]\nsso_registration scopes = x\n[default]\nr\u{e9}gion = x\n\
                   [x y]\nk k = v\n[profile b]\nregi ;on = x\n";
        let d = diagnose(src).unwrap();
        let found: Vec<(usize, &str, Vec<Scope>)> = (d.findings.iter())
            .filter(|f| f.code() == "key_name_not_portable")
            .map(|f| {
                let key = match &f.kind {
                    FindingKind::KeyNameNotPortable { key, .. } => &**key,
                    _ => unreachable!(),
                };
                let scopes = (f.failures().iter())
                    .map(|x| {
                        assert_eq!(x.reader, Reader::RustSdk);
                        x.scope
                    })
                    .collect();
                (f.line, key, scopes)
            })
            .collect();
        assert_eq!(
            found,
            [
                (2, "cli pager", vec![Scope::Profile]),
                (3, "role[arn", vec![Scope::Profile]),
                (7, "sso_registration scopes", vec![Scope::Users]),
                (9, "r\u{e9}gion", vec![Scope::Profile]),
            ]
        );
    }

    /// The lines the AWS SDK for .NET (`IniFile.Validate`, run under Mono) and the AWS SDK for
    /// Rust cannot read, and the lines like them that they can.
    #[test]
    fn lines_other_sdks_reject_are_found_and_lines_they_read_are_not() {
        let src = "[profile a] # note\nregion: x\nfoo:bar = 1\nd = one\n  two\n  k = v\n  [DEFAULT]\n\
                   s3 =\n  addressing_style = path\n\
                   [profile b];c\n  # indented comment\n[profile c] ]\n[profile d]\t\n";
        assert_eq!(
            codes(src),
            [
                (1, "comment_after_header"),
                (2, "colon_delimiter"),
                (3, "colon_delimiter"),
                (5, "continued_value"),
                // A header indented by spaces is an array key without `=` to PHP, which
                // fails on the whole file there.
                (7, "php_rejects_line"),
                // JavaScript and Ruby read no header there: the file's own problem.
                (10, "glued_comment"),
                // An indented line right under a header continues no key to Rust.
                (11, "rust_rejects_line"),
                // botocore's header runs to the last `]`: `profile c] `, no comment after it.
                // Ruby reads no header where a `]` is not the line's only one.
                (12, "bracket_in_header"),
                (12, "botocore_only_section"),
            ]
        );
        let d = diagnose(src).unwrap();
        let readers = |i: usize| -> Vec<Reader> {
            d.findings[i].failures().iter().map(|f| f.reader).collect()
        };
        use Reader::{Cpp, Dotnet, JavaV2, JsV3, PhpV3, RubyV3, RustSdk};
        assert_eq!(
            readers(1),
            [RustSdk, JavaV2, Dotnet, JsV3, RubyV3, PhpV3, Cpp],
            "no `=`: Rust, Java and .NET fail on the file, JavaScript, Ruby and PHP read no \
             `region`, and C++ stops reading there"
        );
        assert_eq!(d.findings[1].failures()[6].scope, readers::Scope::FromHere);
        // The first line to continue a value: JavaScript and Ruby read only `one`. C++ never
        // reaches the later lines it would stop at.
        assert_eq!(readers(3), [JsV3, RubyV3, Dotnet]);
        assert_eq!(
            readers(2),
            [RustSdk, JavaV2, JsV3, RubyV3, PhpV3, Dotnet, Cpp],
            "`foo:bar = 1` is the key `foo:bar` to them, `foo` to botocore and Go"
        );
        assert_eq!(readers(4), [PhpV3]);
        assert_eq!(d.findings[4].failures()[0].scope, readers::Scope::File);
        // They read no profile `b`; .NET fails on the comment, the whole file.
        assert_eq!(readers(5), [Reader::JsV3, Reader::RubyV3, Reader::Dotnet]);
        let scopes: Vec<_> = d.findings[5].failures().iter().map(|f| f.scope).collect();
        assert_eq!(
            scopes,
            [
                readers::Scope::Profile,
                readers::Scope::Profile,
                readers::Scope::File
            ]
        );
        assert_eq!(readers(6), [RustSdk]);
        // Profile `c` has no keys to give the section above.
        assert_eq!(readers(7), [Reader::RubyV3]);
        // Blanks after an empty value's `=` are Ruby's value; after a value, on a `:` line or
        // on a CR LF line (the carriage return's finding), nothing more.
        assert_eq!(
            codes("[profile a]\nregion = \nk = v \ns3 =\t\n  x = y\nout: \n"),
            [
                (2, "blank_value"),
                (4, "blank_value"),
                (6, "colon_delimiter")
            ]
        );
        assert_eq!(
            codes("[profile a]\r\nregion = \r\n"),
            [(2, "carriage_return_value")]
        );
        // A comment sign after a blank in a key: Rust and Java fail on the file, Go and
        // JavaScript (`#` or `;`) and Ruby (`;`) read no key. Without the blank, or in the value,
        // it is no such thing (`ab;c` is a key Rust ignores). Java skips the lines of a section
        // whose header it ignores (`[profile a b]`: no name of its).
        let src = "[profile a]\nregio ;x = 1\nout\t#y = 2\nab;c = 3\nk = v ;c\n";
        assert_eq!(
            codes(src),
            [
                (2, "comment_in_key"),
                (3, "comment_in_key"),
                (4, "key_name_not_portable"),
                (5, "value_comment")
            ]
        );
        let d = diagnose(src).unwrap();
        let claims = |i: usize| -> Vec<(Reader, readers::Scope)> {
            (d.findings[i].failures().iter())
                .map(|f| (f.reader, f.scope))
                .collect()
        };
        use readers::Scope::{File, FromHere, Profile};
        assert_eq!(
            claims(0),
            [
                (Reader::RustSdk, File),
                (Reader::JavaV2, File),
                (Reader::GoV2, Profile),
                (Reader::JsV3, Profile),
                (Reader::RubyV3, Profile),
                (Reader::Cpp, FromHere)
            ]
        );
        assert_eq!(
            claims(1),
            [
                (Reader::RustSdk, File),
                (Reader::JavaV2, File),
                (Reader::GoV2, Profile),
                (Reader::JsV3, Profile)
            ]
        );
        let d = diagnose("[profile a b]\nregio ;x = 1\n").unwrap();
        let key = (d.findings.iter()).find(|f| f.code() == "comment_in_key");
        assert!(
            key.is_some_and(|f| f.failures().iter().all(|f| f.reader != Reader::JavaV2)),
            "{:?}",
            d.findings
        );
        // A U+FEFF at an end of a key: Rust drops the key, JavaScript trims the character; at
        // an end of a value Rust keeps it, as botocore does.
        for (src, want) in [
            (
                "[profile a]\nk\u{feff} = v\n",
                &[Reader::RustSdk, Reader::JsV3][..],
            ),
            ("[profile a]\nk = v\u{feff}\n", &[Reader::JsV3][..]),
        ] {
            let d = diagnose(src).unwrap();
            let found: Vec<Reader> = (d.findings.iter())
                .filter(|f| f.kind.code() == "unusual_whitespace")
                .flat_map(|f| f.failures().iter().map(|x| x.reader).collect::<Vec<_>>())
                .collect();
            assert_eq!(found, want, "{src:?}");
        }
        let d = diagnose("[sso-session s]\nsso_region =\t").unwrap();
        let scopes: Vec<_> = (d.findings.iter())
            .filter(|f| f.kind.code() == "blank_value")
            .flat_map(|f| {
                f.failures()
                    .iter()
                    .map(|x| (x.reader, x.scope))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(scopes, [(Reader::RubyV3, readers::Scope::Users)]);
        // A line with a problem of its own is that problem's.
        assert_eq!(
            codes("[profile a] x # y\nk = v\n"),
            [(1, "incomplete_header")]
        );
    }

    /// Each finding on line `line` with code `code`: its readers, scopes and named sections.
    fn claims(src: &str, line: usize, code: &str) -> Vec<(Reader, readers::Scope, Option<String>)> {
        let d = diagnose(src).unwrap();
        (d.findings.iter())
            .filter(|f| f.line == line && f.code() == code)
            .flat_map(|f| f.failures())
            .map(|x| {
                (
                    x.reader,
                    x.scope,
                    x.section.as_ref().map(|s| s.name.clone()),
                )
            })
            .collect()
    }

    /// What the Rust, JavaScript and Ruby checks found botocore reads otherwise than those SDKs,
    /// each named for the SDKs that do (`--doctor` of `interop/rust-sdk` and `interop/*/check.*`).
    #[test]
    fn lines_other_sdks_read_otherwise_name_them() {
        use Reader::{Cpp, GoV2, JavaV2, JsV3, PhpV3, RubyV3, RustSdk};
        use readers::Scope::{Inheritors, Profile, Section, Users};
        let all = |readers: &[Reader], scope| -> Vec<(Reader, readers::Scope, Option<String>)> {
            readers.iter().map(|&r| (r, scope, None)).collect()
        };
        // A comment in a value: `#` after a space is cut by Rust, Go, Java, JavaScript and C++,
        // `;` by Ruby too.
        let src = "[profile a]\nregion = x # note\n[sso-session s]\nsso_region = y ;z\nk = a#b\n";
        assert_eq!(
            claims(src, 2, "value_comment"),
            all(&[RustSdk, GoV2, JavaV2, JsV3, Cpp], Profile)
        );
        assert_eq!(
            claims(src, 4, "value_comment"),
            all(&[RustSdk, GoV2, JavaV2, JsV3, RubyV3, PhpV3, Cpp], Users)
        );
        assert_eq!(
            claims(src, 5, "value_comment"),
            [],
            "no space before the `#`"
        );
        // PHP cuts at a `;` with no blank before it too, after a value's last double quote
        // where it starts with one, and not in a value all in double quotes (PHP 8.2's
        // `parse_ini_string`, raw: `a;b` is `a`, `"a;b" ;c` is `a;b`, `"a ;b"` is `a ;b`,
        // `a #b` is `a #b`).
        let src = "[profile a]\nk = a;b\nk2 = \"a;b\" ;c\nk3 = \"a ;b\"\nk4 = \"a;b\"\n";
        assert_eq!(claims(src, 2, "value_comment"), all(&[PhpV3], Profile));
        assert_eq!(
            claims(src, 3, "value_comment"),
            all(&[RustSdk, GoV2, JavaV2, JsV3, RubyV3, PhpV3, Cpp], Profile)
        );
        assert_eq!(
            claims(src, 4, "value_comment"),
            all(&[RustSdk, GoV2, JavaV2, JsV3, RubyV3, Cpp], Profile)
        );
        assert_eq!(claims(src, 5, "value_comment"), []);
        // `[DEFAULT]`, where some profile lacks one of its keys; none where every one sets them.
        let src = "[DEFAULT]\nregion = x\n[profile a]\noutput = json\n";
        assert_eq!(
            claims(src, 1, "defaults_section"),
            all(&[RustSdk, JsV3, RubyV3], Inheritors)
        );
        // An indented comment below a value: Rust and Java read it as more of the value; one
        // right under a header is none of this.
        let src = "[profile a]\nregion = x\n  # note\n[profile b]\n  # note\nk = v\n";
        assert_eq!(
            claims(src, 3, "indented_comment"),
            all(&[RustSdk, JavaV2], Profile)
        );
        assert_eq!(claims(src, 5, "indented_comment"), []);
        assert_eq!(
            codes("[DEFAULT]\nregion = x\n[profile a]\nregion = y\n"),
            [],
            "nothing takes a key from it"
        );
        // An empty value on a CR LF line: Ruby reads a carriage return.
        let src = "[profile a]\r\ncli_pager =\r\nregion = x\r\n";
        assert_eq!(
            claims(src, 2, "carriage_return_value"),
            all(&[RubyV3], Profile)
        );
        assert_eq!(codes("[profile a]\ncli_pager =\n"), [], "LF alone");
        // A value that goes on with `=`: .NET reads the line, JavaScript and Ruby only `one`;
        // an empty value's nested keys are read by all.
        let src = "[profile a]\nd = one\n  k = v\ns3 =\n  max = 1\n";
        assert_eq!(
            claims(src, 3, "continued_value"),
            all(&[JsV3, RubyV3], Profile)
        );
        assert_eq!(codes(src), [(3, "continued_value")]);
        // Keys under a header JavaScript and Ruby read no header in go to the profile above,
        // where they change it.
        let src = "[profile a]\nregion = x\n[profile b];c\nregion = y\n";
        let named = |r| (r, Section, Some("a".to_string()));
        assert_eq!(
            claims(src, 3, "glued_comment")[3..],
            [named(JsV3), named(RubyV3)]
        );
        let same = "[profile a]\nregion = x\n[profile b];c\nregion = x\n";
        assert_eq!(
            claims(same, 3, "glued_comment").len(),
            3,
            "the same key and value"
        );
        // A header only botocore reads, or botocore and JavaScript (which takes quotes off).
        let readers = |src, line| -> Vec<Reader> {
            (claims(src, line, "botocore_only_section").into_iter())
                .map(|(r, _, _)| r)
                .collect()
        };
        assert!(readers("[profile \"p q\"]\nk = v\n", 1).contains(&JsV3));
        assert!(!readers("[profile \"pq\"]\nk = v\n", 1).contains(&JsV3));
        assert!(readers("[profile \"pq\"]\nk = v\n", 1).contains(&RubyV3));
        // The same profile twice: Ruby keeps `"twice"`'s quotes and reads only the first.
        let src = "[profile twice]\nregion = a\n[profile \"twice\"]\nregion = b\n";
        assert_eq!(
            claims(src, 3, "same_section_twice"),
            all(&[RubyV3], Profile)
        );
        // `[default]` then `[profile default]`: Ruby merges them, JavaScript takes
        // `[profile default]` (here the later), or `[default]` where `[profile default]` has no
        // key.
        let src = "[default]\nregion = a\n[profile default]\n";
        assert_eq!(
            claims(src, 3, "same_section_twice"),
            all(&[JsV3, RubyV3], Profile)
        );
        let src = "[profile default]\n[default]\nregion = a\n";
        assert_eq!(claims(src, 2, "same_section_twice"), []);
        let src = "[default]\nregion = a\n[profile default]\noutput = json\n";
        assert_eq!(
            claims(src, 3, "same_section_twice"),
            all(&[RubyV3], Profile)
        );
        let src = "[profile default]\noutput = json\n[default]\nregion = a\n";
        assert_eq!(
            claims(src, 3, "same_section_twice"),
            all(&[JsV3, RubyV3], Profile)
        );
        // A no-break space around a value: Rust and Ruby keep it; U+001D JavaScript keeps too.
        let src = "[profile a]\nregion =\u{a0}x\n";
        assert_eq!(
            claims(src, 2, "unusual_whitespace"),
            all(&[RustSdk, RubyV3], Profile)
        );
        let src = "[profile a]\nregion =\u{1d}x\n";
        assert_eq!(
            claims(src, 2, "unusual_whitespace"),
            all(&[RustSdk, JsV3, RubyV3], Profile)
        );
        // A lone carriage return joins the next line to this one for JavaScript and Ruby, and
        // Rust, to which `[profile a]\rregion = x` is a header that does not end in `]`.
        let src = "[profile a]\rregion = x\n[profile b]\nk = v\rk2 = w\n[profile c]\n";
        let on = |name: &str| [JsV3, RubyV3].map(|r| (r, Section, Some(name.to_string())));
        assert_eq!(
            claims(src, 1, "lone_carriage_return"),
            [[(RustSdk, Scope::File, None)].as_slice(), &on("a")].concat()
        );
        assert_eq!(claims(src, 4, "lone_carriage_return"), on("b"));
        // Where the next line is a header, they lose that section too.
        let src = "[profile a]\nk = v\r[profile b]\nk2 = w\n";
        let both: Vec<_> = on("a").into_iter().chain(on("b")).collect();
        assert_eq!(claims(src, 2, "lone_carriage_return"), both);
        // `[https://…` is the key `[https` to botocore, no key to JavaScript, Ruby and PHP.
        let src = "[profile a]\n[https://x.awsapps.com/start\n";
        let found = claims(src, 2, "incomplete_header");
        assert!(found.contains(&(JsV3, Profile, None)) && found.contains(&(RubyV3, Profile, None)));
    }

    /// Headers botocore and Rust read as their name and other SDKs do not: JavaScript wants one
    /// whitespace character between the words and none after, Ruby and PHP keep the text.
    #[test]
    fn a_header_other_sdks_read_otherwise_is_found() {
        let readers_of = |src: &str| -> Vec<(usize, Vec<Reader>, Vec<readers::Scope>)> {
            let d = diagnose(src).unwrap();
            (d.findings.iter())
                .filter(|f| f.code() == "header_read_otherwise")
                .map(|f| {
                    (
                        f.line,
                        f.failures().iter().map(|x| x.reader).collect(),
                        f.failures().iter().map(|x| x.scope).collect(),
                    )
                })
                .collect()
        };
        use Reader::{JsV3, PhpV3, RubyV3};
        use readers::Scope::{Profile, Users};
        let session = "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n\
                       [sso-session  corp]\nsso_start_url = https://c.awsapps.com/start\n\
                       sso_region = us-east-1\n";
        assert_eq!(
            readers_of(session),
            [(5, vec![JsV3, RubyV3, PhpV3], vec![Users, Users, Users])]
        );
        assert_eq!(
            readers_of("[profile  dev]\nregion = x\n"),
            [(1, vec![JsV3, PhpV3], vec![Profile, Profile])]
        );
        // JavaScript reads `[sso-session.corp]` as `corp`: it finds a session there (which
        // `merged_by_other_sdks` reports), Ruby and PHP do not.
        let elsewhere = session.replace("[sso-session  corp]", "[sso-session corp ]")
            + "[sso-session.corp]\nregion = x\n";
        assert_eq!(
            readers_of(&elsewhere),
            [(5, vec![RubyV3, PhpV3], vec![Users, Users])]
        );
        // Written as the AWS CLI writes them, nothing.
        assert_eq!(readers_of(&session.replace("  corp", " corp")), []);
        assert_eq!(
            readers_of("[default]\nregion = x\n[profile d.e]\nregion = y\n"),
            []
        );
    }

    #[test]
    fn text_that_is_not_a_config_cannot_be_diagnosed() {
        assert!(diagnose(&b"[a]\nk = caf\xe9\n"[..]).is_err());
        let d = diagnose("[a]\n[a]\n").unwrap();
        assert_eq!(d.findings[0].code(), "duplicate_section");
        assert_eq!(d.findings[0].severity(), Severity::Error);
    }
}
