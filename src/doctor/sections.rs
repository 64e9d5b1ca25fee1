//! Sections as readers other than botocore read them: a header only botocore reads, the names
//! other SDKs read in some header, the sections the AWS SDK for Rust merges into one profile or
//! sso-session, and `[DEFAULT]`, whose keys only botocore gives to every section. Headers botocore
//! reads as no section at all are `ignored`'s.

use std::borrow::Cow;
use std::collections::HashMap;

use super::finding::FindingKind;
use super::found::Found;
use super::holders::Holders;
use super::readers::Reader;
use crate::aws::key_lines;
use crate::aws::other_sdks::{self, Readers};
use crate::aws::{Config, Problem, ProblemKind};

/// [`FindingKind::BotocoreOnlySection`] for `header`, a profile's or (`session`) a session's
/// named `name`. Rare: kept out of the walks over every section, which it would only make longer.
#[cold]
#[inline(never)]
pub(super) fn botocore_only_section(header: &str, session: bool, name: &str) -> FindingKind {
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

/// Whether the AWS SDK for Rust may read two headers of the file as one profile or session, by
/// its `problems`: only where botocore reads two of one name (`duplicate_section`,
/// `same_section_twice`) or other SDKs merge a header (`merged_by_other_sdks`). Nearly no file:
/// the others are not read again for Rust.
pub(super) fn rust_may_merge(problems: &[Problem]) -> bool {
    problems.iter().any(|p| {
        matches!(
            p.kind,
            ProblemKind::DuplicateSection { .. }
                | ProblemKind::SameSectionTwice { .. }
                | ProblemKind::MergedByOtherSdks { .. }
        )
    })
}

/// The sections the AWS SDK for Rust merges into one profile or sso-session, by the (kind,
/// name) it reads: only names it reads in more than one header (`[profile dev]` twice,
/// `[profile  dev]` beside `[profile dev]`, `[ sso-session s ]` beside `[sso-session s]`),
/// without `[default]` where `[profile default]` replaces it. Made the first time a Rust claim
/// asks, and only where it may merge any ([`rust_may_merge`]).
pub(super) struct RustMergedSections<'c> {
    merges: bool,
    merged: std::cell::OnceCell<SectionsByName<'c>>,
}

/// Section numbers by the (kind, name) a reader reads in their headers.
type SectionsByName<'c> = HashMap<(&'static str, Cow<'c, str>), Vec<usize>>;

impl<'c> RustMergedSections<'c> {
    pub(super) fn new(merges: bool) -> Self {
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
    pub(super) fn value(&self, cfg: &'c Config, sec: usize, key: &str) -> Option<&'c str> {
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
    pub(super) fn has(&self, cfg: &'c Config, sec: usize, key: &str) -> bool {
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
    pub(super) fn merged_with(&self, cfg: &'c Config, sec: usize) -> Option<&[usize]> {
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
pub(super) struct NamesReadByOtherSdks<'c>(
    std::cell::OnceCell<HashMap<(&'static str, Cow<'c, str>), Readers>>,
);

impl<'c> NamesReadByOtherSdks<'c> {
    /// The other SDKs that do not read section `i`'s header as the `kind` (`profile` or
    /// `sso-session`) named `name` and read no other header of the file as it either (where one
    /// does, that is `same_section_twice` or `merged_by_other_sdks`). `rust_reads`: the AWS SDK
    /// for Rust reads it as that name ([`crate::aws::Section::read_alike_by_other_sdks`]).
    pub(super) fn otherwise(
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

/// `[DEFAULT]`, where some profile or sso-session takes a key from it: botocore gives its keys
/// to every section (Python's `configparser`), the AWS SDKs for JavaScript v3 and Ruby v3 read
/// it as a section of its own (as their checks in `scripts/test` show).
pub(super) fn defaults_section(holders: &mut Holders, findings: &mut Found) {
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
