//! Reading a document's classified lines into the sections and properties of a
//! [`super::Config`]: the walk botocore's `raw_config_parse` makes, on one thread, or on two for a
//! large file, each writing its own part of lists made for the whole file. Records the
//! line-level problems as it goes; copies nothing but a key with upper-case letters and a value
//! with continuation lines.

use std::borrow::Cow;

use crate::doc::py;
use crate::doc::{Document, LineKind, widen};

use super::lint::{self, trimmed_span};
use super::problem::{Problem, ProblemKind, line_number};
use super::{
    CANONICAL, CONTINUED, ContinuedValue, KindTag, PropAt, SectionAt, fingerprint, header_of,
    lower, names,
};

/// What [`collect_sections`] reads: the sections, their properties, and the keys and values
/// it had to make.
pub(super) struct Collected {
    pub(super) sections: Vec<SectionAt>,
    pub(super) made_names: Vec<(u32, Box<str>)>,
    pub(super) props: Vec<PropAt>,
    pub(super) made_keys: Vec<(u32, Box<str>)>,
    pub(super) made_values: Vec<ContinuedValue>,
    pub(super) unportable_keys: Vec<u32>,
}

/// Where one reading of lines puts its sections and properties: its own part of lists made
/// for the whole file, so that the halves of a file read on two threads are written in place,
/// not collected apart and copied together. `first_section` and `first_prop` are the numbers
/// of the part's first section and property in the whole lists, which sections count in.
struct Part<'p> {
    sections: &'p mut [SectionAt],
    section_count: usize,
    first_section: u32,
    props: &'p mut [PropAt],
    prop_count: usize,
    first_prop: u32,
    made_names: Vec<(u32, Box<str>)>,
    made_keys: Vec<(u32, Box<str>)>,
    made_values: Vec<ContinuedValue>,
    unportable_keys: Vec<u32>,
}

impl<'p> Part<'p> {
    fn new(
        sections: &'p mut [SectionAt],
        first_section: usize,
        props: &'p mut [PropAt],
        first_prop: usize,
    ) -> Self {
        Part {
            sections,
            section_count: 0,
            first_section: first_section as u32,
            props,
            prop_count: 0,
            first_prop: first_prop as u32,
            made_names: Vec::new(),
            made_keys: Vec::new(),
            made_values: Vec::new(),
            unportable_keys: Vec::new(),
        }
    }

    /// Adds the section whose header, `header` in `line` (its start and text), is on line `i`.
    fn push_section(&mut self, i: usize, line: (usize, &str), header: &str) {
        let (at, made) = SectionAt::new(i as u32, line, header, self.next_prop());
        if let Some(name) = made {
            let number = self.first_section + self.section_count as u32;
            self.made_names.push((number, name.into_owned().into()));
        }
        self.sections[self.section_count] = at;
        self.section_count += 1;
    }

    fn push_prop(&mut self, prop: PropAt) {
        self.props[self.prop_count] = prop;
        self.prop_count += 1;
    }

    fn last_section(&self) -> Option<&SectionAt> {
        self.sections[..self.section_count].last()
    }

    fn last_prop(&self) -> Option<&PropAt> {
        self.props[..self.prop_count].last()
    }

    fn last_prop_mut(&mut self) -> Option<&mut PropAt> {
        self.props[..self.prop_count].last_mut()
    }

    /// The number the next property gets in the whole list.
    fn next_prop(&self) -> u32 {
        self.first_prop + self.prop_count as u32
    }

    /// What was written: (sections, properties), and the made names, keys and values.
    fn finish(self) -> Filled {
        Filled {
            sections: self.section_count,
            props: self.prop_count,
            made_names: self.made_names,
            made_keys: self.made_keys,
            made_values: self.made_values,
            unportable_keys: self.unportable_keys,
        }
    }
}

/// How much of its [`Part`] a reading filled, and the names, keys and values it made.
struct Filled {
    sections: usize,
    props: usize,
    made_names: Vec<(u32, Box<str>)>,
    made_keys: Vec<(u32, Box<str>)>,
    made_values: Vec<ContinuedValue>,
    unportable_keys: Vec<u32>,
}

/// A list of `len` copies of `fill`, to be overwritten by [`Part`]s: allocated once, with huge
/// pages asked for before it is written.
fn room<T: Clone>(len: usize, fill: T) -> Vec<T> {
    let mut list = Vec::with_capacity(len);
    crate::pages::prefer_huge_pages(&mut list);
    list.resize(len, fill);
    list
}

/// A section that is not there yet: what [`room`] fills the list of sections with.
const UNREAD_SECTION: SectionAt = SectionAt {
    header_at: 0,
    props_start: 0,
    name_at: 0,
    name_len: 0,
    kind: KindTag::Other,
    flags: CANONICAL,
};

const UNREAD_PROP: PropAt = PropAt {
    line: 0,
    print_bits: 0,
};

/// Walks the classified lines into sections and properties, and records line-level problems.
/// Nothing is copied but a key with upper-case letters and a value with continuation lines.
pub(super) fn collect_sections(doc: &Document, problems: &mut Vec<Problem>) -> Collected {
    let n = doc.len();
    if doc.byte_len() < crate::doc::PARALLEL_BYTES {
        return collect_lines(doc, 0..n, problems);
    }
    // A large file is read on two threads. The second starts in the middle: the comment lines
    // there, which only get their own line problems, then everything from the next header
    // (nothing carries over a header: the value being read ends there, and so does the
    // section). The first reads up to the middle, then the lines between the comments and that
    // header: comments change nothing in what it is reading.
    let middle = n / 2;
    let after = (middle..n).find(|&i| !doc.is_comment(i)).unwrap_or(n);
    let header = (after..n).find(|&i| doc.is_header(i)).unwrap_or(n);
    // Each line counted once; each half writes its part of lists made for both.
    let (head, tail) = (
        doc.count_headers_and_keys(0..header),
        doc.count_headers_and_keys(header..n),
    );
    let mut sections = room(head.0 + tail.0, UNREAD_SECTION);
    let mut props = room(head.1 + tail.1, UNREAD_PROP);
    let (first_sections, later_sections) = sections.split_at_mut(head.0);
    let (first_props, later_props) = props.split_at_mut(head.1);
    let (first, (second, later_problems)) = crate::threads::beside(
        || {
            let part = Part::new(first_sections, 0, first_props, 0);
            collect_into(doc, &[0..middle, after..header], problems, part)
        },
        || {
            let mut problems = Vec::new();
            for i in (middle..after).filter(|&i| !lint::is_quiet_comment(doc, i)) {
                lint::line_problems(&doc.line(i), doc.text(i), i + 1, &mut problems);
            }
            let part = Part::new(later_sections, head.0, later_props, head.1);
            let rest = header..n;
            let second = collect_into(doc, &[rest], &mut problems, part);
            (second, problems)
        },
    );
    problems.extend(later_problems);
    // Every header and key line counted makes a section or a property (a line is a key only
    // inside a section), so the first part is full and the lists have no gap.
    assert_eq!(
        (first.sections, first.props),
        head,
        "a counted line was not read"
    );
    sections.truncate(head.0 + second.sections);
    props.truncate(head.1 + second.props);
    let mut made_names = first.made_names;
    made_names.extend(second.made_names);
    let mut made_keys = first.made_keys;
    made_keys.extend(second.made_keys);
    let mut made_values = first.made_values;
    made_values.extend(second.made_values);
    let mut unportable_keys = first.unportable_keys;
    unportable_keys.extend(second.unportable_keys);
    Collected {
        sections,
        made_names,
        props,
        made_keys,
        made_values,
        unportable_keys,
    }
}

/// [`collect_sections`] for the lines `range`, which start at a header or at the top: the last
/// section read ends at `range.end`.
pub(super) fn collect_lines(
    doc: &Document,
    range: std::ops::Range<usize>,
    problems: &mut Vec<Problem>,
) -> Collected {
    let (section_count, prop_count) = doc.count_headers_and_keys(range.clone());
    let mut sections = room(section_count, UNREAD_SECTION);
    let mut props = room(prop_count, UNREAD_PROP);
    let part = Part::new(&mut sections, 0, &mut props, 0);
    let filled = collect_into(doc, &[range], problems, part);
    sections.truncate(filled.sections);
    props.truncate(filled.props);
    Collected {
        sections,
        made_names: filled.made_names,
        props,
        made_keys: filled.made_keys,
        made_values: filled.made_values,
        unportable_keys: filled.unportable_keys,
    }
}

/// Reads the lines of `ranges` in turn into `out` (the last section read ends where the last
/// range does).
fn collect_into<'d>(
    doc: &'d Document,
    ranges: &[std::ops::Range<usize>],
    problems: &mut Vec<Problem>,
    mut out: Part<'_>,
) -> Filled {
    // The value parts of the property being read, as configparser collects them.
    let mut parts: Vec<&'d str> = Vec::new();
    // The first keys of the section being read, with their 1-based lines: searched while the
    // section is short. A longer section's keys are found again from its properties when it
    // ends (`long_section_duplicates`): no quadratic search in a section of thousands, and no
    // list of its keys beside the properties, which hold each key's fingerprint and line.
    let mut keys: Vec<(Cow<'d, str>, usize)> = Vec::new();
    // Whether the section being read has more keys than `keys` holds.
    let mut long = false;
    // One past the last line of the property being read.
    let mut end = 0;
    let finish = |out: &mut Part<'_>, parts: &mut Vec<&'d str>, end: u32| {
        if let Some(p) = out.last_prop()
            && parts.len() > 1
            && p.is_continued()
        {
            let line = p.line;
            let value = py::rstrip(&parts.join("\n")).into();
            out.made_values.push(ContinuedValue { line, end, value });
        }
        parts.clear();
    };
    for i in ranges.iter().flat_map(Clone::clone) {
        if lint::is_quiet_comment(doc, i) {
            continue;
        }
        let line = doc.line(i);
        let n = i + 1;
        // The line knows where its text ends: not looked up again.
        let text = doc.text_at(i, line.text_range());
        lint::line_problems(&line, text, n, problems);
        let whole = || (trimmed_span(text), text.trim().to_string());
        match &line.kind {
            LineKind::NotUtf8 => unreachable!("a file with bytes that are not UTF-8 is not read"),
            LineKind::Orphan => {
                let (span, text) = whole();
                problems.push(Problem::new(
                    n,
                    span,
                    ProblemKind::KeyBeforeSection { text: text.into() },
                ))
            }
            LineKind::NoDelimiter => {
                let (span, text) = whole();
                problems.push(Problem::new(
                    n,
                    span,
                    ProblemKind::NotKeyValue { text: text.into() },
                ))
            }
            LineKind::EmptyKey => {
                let (span, text) = whole();
                problems.push(Problem::new(
                    n,
                    span,
                    ProblemKind::EmptyKey { text: text.into() },
                ))
            }
            LineKind::Comment => {}
            LineKind::Blank => {
                if !parts.is_empty() {
                    parts.push("");
                }
            }
            LineKind::Section { header } => {
                finish(&mut out, &mut parts, end);
                if long {
                    long_section_duplicates(doc, &out, &keys, problems);
                }
                keys.clear();
                long = false;
                out.push_section(i, (doc.line_start(i), text), doc.slice(i, header));
            }
            LineKind::Key { key, value, .. } => {
                finish(&mut out, &mut parts, end);
                let Some(section) = out.last_section() else {
                    continue;
                };
                let name = lower(py::rstrip(doc.slice(i, key)));
                let (print, portable) = fingerprint_portable(&name);
                // [DEFAULT] keys are checked across all [DEFAULT] sections in `index`.
                if section.kind != KindTag::Defaults {
                    if keys.len() < SHORT_SECTION {
                        if let Some(&(_, first)) = keys.iter().find(|(k, _)| *k == name) {
                            problems.push(duplicate_key(doc, section, n, key, &name, first));
                        }
                        keys.push((name.clone(), n));
                    } else {
                        long = true;
                    }
                }
                parts.push(doc.slice(i, value));
                out.push_prop(PropAt {
                    line: i as u32,
                    print_bits: print,
                });
                end = i as u32 + 1;
                if !portable {
                    out.unportable_keys.push(i as u32);
                }
                if let Cow::Owned(k) = name {
                    out.made_keys.push((i as u32, k.into()));
                }
            }
            LineKind::Continuation => {
                if out
                    .last_section()
                    .is_some_and(|s| s.props_start < out.next_prop())
                    && let Some(p) = out.last_prop_mut()
                {
                    parts.push(py::strip(doc.text(i)));
                    p.print_bits |= CONTINUED;
                    end = i as u32 + 1;
                }
            }
        }
    }
    finish(&mut out, &mut parts, end);
    if long {
        long_section_duplicates(doc, &out, &keys, problems);
    }
    out.finish()
}

/// Sections with more keys than this find a duplicate key among the rest by sorting them.
const SHORT_SECTION: usize = 16;

/// The problem of the key on 1-based line `n` (its span `key`, its name `name`) that `section`
/// set first on line `first`.
#[cold]
fn duplicate_key(
    doc: &Document,
    section: &SectionAt,
    n: usize,
    key: &std::ops::Range<u32>,
    name: &str,
    first: usize,
) -> Problem {
    Problem::new(
        n,
        widen(key),
        ProblemKind::DuplicateKey {
            key: name.into(),
            section: header_of(doc, section.header_at as usize).into(),
            first_line: line_number(first),
        },
    )
}

/// Reports each key of the last section `out` read, one of more than [`SHORT_SECTION`] keys,
/// that an earlier key of the section set, naming the first; the first keys, which `keys` holds,
/// were judged as they came.
///
/// Its keys are read from its properties, which hold each key's fingerprint and line, and those
/// no other key can share a fingerprint with are set aside first ([`shared_buckets`]). Sorting
/// the rest puts the keys that share a fingerprint together, nearly always one name: the few
/// such runs are sorted again by name, read from their lines, so that a name many keys share,
/// or many names that share a fingerprint, cost a sort and no quadratic search. The problems
/// come in that order; [`super::Config::read`] sorts them by line.
fn long_section_duplicates(
    doc: &Document,
    out: &Part<'_>,
    keys: &[(Cow<'_, str>, usize)],
    problems: &mut Vec<Problem>,
) {
    let Some(section) = out.last_section() else {
        return;
    };
    // The judged keys, the section's first, take part as the first of their name.
    let judged_through = keys.last().map_or(0, |&(_, n)| n);
    let first = (section.props_start - out.first_prop) as usize;
    let mut long = shared_buckets(&out.props[first..out.prop_count]);
    long.sort_unstable();
    let mut named: Vec<(Cow<'_, str>, usize, std::ops::Range<u32>)> = Vec::new();
    for run in long.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        named.clear();
        named.extend(run.iter().map(|&(_, n)| {
            let n = n as usize;
            let LineKind::Key { key, .. } = &doc.line(n - 1).kind else {
                unreachable!("a property is on a key line")
            };
            (lower(py::rstrip(doc.slice(n - 1, key))), n, key.clone())
        }));
        named.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        for same in named.chunk_by(|a, b| a.0 == b.0) {
            let first = same[0].1;
            for (name, n, key) in &same[1..] {
                if *n > judged_through {
                    problems.push(duplicate_key(doc, section, *n, key, name, first));
                }
            }
        }
    }
}

/// The fingerprints and 1-based lines of the keys of `props` whose fingerprint another key may
/// share: those whose bucket, of eight times as many buckets as keys, holds another key. Keys
/// that share a fingerprint share a bucket, so every duplicate is kept; about one key in nine
/// is kept beside them (one whose bucket another fingerprint fell into), and only the kept are
/// sorted. Two passes over the keys and two bits a bucket (two to four bytes a key), where
/// listing every key (eight bytes a key) and sorting them all made the reading of a long
/// section grow as `n log n`: a third of reading a section of 320,000 keys.
fn shared_buckets(props: &[PropAt]) -> Vec<(u32, u32)> {
    // At most 2^32 buckets (a file has fewer lines), and a word's 64 at least.
    let bits = (props.len() * 8)
        .next_power_of_two()
        .trailing_zeros()
        .clamp(6, 32);
    // The top bits of the fingerprint times an odd constant (Fibonacci hashing), which depend
    // on all of its bits.
    let bucket =
        |print: u32| (u64::from(print.wrapping_mul(0x9e37_79b1)) << 32 >> (64 - bits)) as usize;
    // Per 64 buckets, two words side by side: the buckets seen, and those seen twice.
    let mut words = vec![0u64; 2 << (bits - 6)];
    for p in props {
        let b = bucket(p.print());
        let (seen, bit) = (b / 64 * 2, 1u64 << (b % 64));
        words[seen + 1] |= words[seen] & bit;
        words[seen] |= bit;
    }
    (props.iter())
        .filter(|p| {
            let b = bucket(p.print());
            words[b / 64 * 2 + 1] & (1u64 << (b % 64)) != 0
        })
        .map(|p| (p.print(), p.line + 1))
        .collect()
}

/// [`fingerprint`] of `key`, and whether every byte of it is of the cross-SDK identifier set
/// ([`names::is_portable_byte`]): the AWS SDK for Rust ignores a key with any other. One pass,
/// the second answer beside the first's multiplications.
fn fingerprint_portable(key: &str) -> (u32, bool) {
    let mut h: u32 = 0x811c_9dc5;
    let mut portable = true;
    for &b in key.as_bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        portable &= names::is_portable_byte(b);
    }
    let h = h & !CONTINUED;
    debug_assert_eq!(h, fingerprint(key));
    (h, portable)
}
