//! The readers, besides those [`readers::failures`] knows from a problem's kind alone, that read a
//! profile or sso-session otherwise for a problem of the config, where that takes the file to
//! know. The problems become findings in the module above.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::holders::{Holders, held_by};
use super::lines::key_line_readers;
use super::readers::{self, Failure, Reader, Scope};
use crate::aws::key_lines;
use crate::aws::other_sdks::Readers;
use crate::aws::problem::{SectionWhat, TwoHeaders};
use crate::aws::{Config, Problem, ProblemKind};
use crate::doc::LineKind;

/// The readers, besides those [`readers::failures`] knows from the problem's kind alone, that
/// read a profile or session otherwise for problem `p` on line `i` (0-based), where that takes
/// the file to know: which section holds the line, what is above it, what its keys are, and
/// (for a U+FEFF) whether the problem's span is in the key.
pub(super) fn problem_read_otherwise(holders: &mut Holders, p: &Problem, i: usize) -> Vec<Failure> {
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
