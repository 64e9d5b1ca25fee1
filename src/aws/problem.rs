//! What makes a file unreadable to the AWS CLI, or read differently by the AWS SDKs: a typed
//! [`ProblemKind`] per rule, placed at a line and a byte range of that line.
//!
//! This module only classifies. The words shown to a person (and the `help:` with the fix) are
//! written at the edge, in [`crate::emit`]; the stable snake_case [`ProblemKind::code`] is what
//! scripts see in `--format json`.

use std::num::NonZeroU32;
use std::ops::Range;

use serde::Serialize;

use super::Section;
use super::other_sdks::Readers;
use crate::doc::Document;

/// One problem: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based line number.
    pub line: usize,
    /// The offending part of the line, as byte offsets into the line's text (without its
    /// ending). Empty at 0 when the whole line is meant and nothing narrower can be pointed at.
    /// Kept in `u32`s: a line is at most 64 KiB (a longer one is `not_a_config`), and a file
    /// may have a problem on every line.
    #[serde(skip)]
    span: Range<u32>,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl Problem {
    pub fn new(line: usize, span: Range<usize>, kind: ProblemKind) -> Problem {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        let span = offset(span.start)..offset(span.end);
        Problem { line, span, kind }
    }

    /// The offending part of the line, as byte offsets into the line's text.
    pub fn span(&self) -> Range<usize> {
        self.span.start as usize..self.span.end as usize
    }

    /// Whether botocore itself refuses the file for this (otherwise it reads the file, but the
    /// meaning differs between AWS SDKs).
    pub fn botocore_refuses(&self) -> bool {
        self.kind.botocore_refuses()
    }
}

/// A 1-based line number as problems and findings keep it: a file's lines fit in `u32` (its
/// offsets do).
pub fn line_number(line: usize) -> u32 {
    u32::try_from(line).expect("a file's lines are numbered in u32")
}

/// Every reason a file is refused. Values quoted from the file are kept as they are; the edge
/// escapes and shortens them before they reach a terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum ProblemKind {
    /// The file does not look like an AWS config file at all (binary data, a line of megabytes).
    NotAConfig,
    /// A UTF-8 byte-order mark at the start.
    ByteOrderMark,
    /// A byte that is not UTF-8: `byte` at 1-based `column` of the line.
    NotUtf8 { byte: u8, column: usize },
    /// A key or value line before the first section header.
    KeyBeforeSection { text: Box<str> },
    /// A line inside a section that is neither a header, a comment nor `key = value`.
    NotKeyValue { text: Box<str> },
    /// `= value`: a delimiter with no key before it.
    EmptyKey { text: Box<str> },
    /// A key set twice in one section (`section` is `DEFAULT` for `[DEFAULT]`).
    DuplicateKey {
        key: Box<str>,
        section: Box<str>,
        first_line: u32,
    },
    /// A section header that appears twice.
    DuplicateSection { header: Box<str>, first_line: u32 },
    /// A line in a nested block (`s3 =` and indented lines) without `=`.
    NestedLineWithoutEquals { key: Box<str> },
    /// Two headers botocore reads as the same profile or session (`[default]` and
    /// `[profile default]`): botocore keeps the later; what the other SDKs do is `other_sdks`.
    SameSectionTwice {
        #[serde(flatten)]
        headers: Box<TwoHeaders>,
        other_sdks: OtherSdksRead,
    },
    /// A header that other SDKs (`merged_by`) read as an existing profile or session, and botocore
    /// ignores or reads as another name (`botocore_name`): they merge the two, botocore does not.
    MergedByOtherSdks {
        #[serde(flatten)]
        headers: Box<TwoHeaders>,
        merged_by: Readers,
        botocore_name: Option<Box<str>>,
    },
    /// A line ending in a carriage return without a line feed.
    LoneCarriageReturn,
    /// A line that starts with `[` without being a whole header to every reader.
    /// `botocore_header`: the header botocore reads it as (from the first `[` to the last `]`:
    /// `profile a#b` for `[profile a#b]`, `profile a` for `[profile a]x`); `None` where botocore
    /// reads no header there (a line without `]` is a key or a value to it).
    /// `readers`: those of the AWS SDKs for JavaScript v3 and Ruby v3 that read no header on
    /// such a line (`[profile a]x`), and give the keys under it to the section above.
    IncompleteHeader {
        text: Box<str>,
        botocore_header: Option<Box<str>>,
        readers: Readers,
    },
    /// A section header with whitespace before its `[`.
    IndentedHeader { text: Box<str> },
    /// A header with a comment right after its `]` (`[profile b];x`), or with a `#` that has no
    /// text after it: `readers` (the AWS SDKs for JavaScript v3 and Ruby v3, or one of them) do
    /// not read the line as a header, and read the keys under it into the section above.
    GluedComment { text: Box<str>, readers: Readers },
    /// Whitespace other than space and tab where it decides how the line reads.
    UnusualWhitespace { character: char },
    /// A header with a `[` or `]` inside its brackets (`[profile a[1]]`, `[profile a]]`):
    /// `readers` (the AWS SDK for Ruby v3) read no header there, and read the keys under it
    /// into the section above.
    BracketInHeader { text: Box<str>, readers: Readers },
}

/// What the AWS SDK for Rust (the cross-SDK profile spec in `env_config/normalize.rs`) makes of
/// two headers botocore reads as one profile or session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reads")]
pub enum OtherSdksRead {
    /// It reads both as the same name and merges them, in the order of a map keyed by each
    /// header's text (`merge_in` in `env_config/normalize.rs`), which changes from run to run:
    /// where both set a key, either value may be read. (Two headers of the same text are one
    /// section to it, the later key winning: that is [`ProblemKind::DuplicateSection`].)
    Merge,
    /// It uses only the section at `line` (1-based): it ignores the other header (`[profile
    /// "x"]`, whose quotes are not in its name set), or prefers it (`[profile default]` over
    /// `[default]`).
    Only { line: usize },
    /// It ignores both headers.
    Neither,
}

/// Whether a header names a profile or an sso-session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionWhat {
    Profile,
    SsoSession,
}

/// The two headers of [`ProblemKind::SameSectionTwice`] and [`ProblemKind::MergedByOtherSdks`]:
/// this line's, and the other one's that names the same profile or session. Boxed, because the
/// two kinds are rare and every problem is as large as the largest kind: a file refused for a
/// problem on each of 400,000 lines held 128 bytes a problem, where 88 do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TwoHeaders {
    pub header: String,
    pub other_header: String,
    pub other_line: usize,
    pub what: SectionWhat,
    pub name: String,
}

impl TwoHeaders {
    /// Section `this` and section `other`, both the `what` called `name`.
    pub(super) fn of(
        this: &Section,
        other: &Section,
        what: SectionWhat,
        name: &str,
    ) -> Box<TwoHeaders> {
        Box::new(TwoHeaders {
            header: this.header.to_string(),
            other_header: other.header.to_string(),
            other_line: other.header_line() + 1,
            what,
            name: name.to_string(),
        })
    }
}

crate::codes::codes!(ProblemKind {
    NotAConfig => "not_a_config",
    ByteOrderMark => "byte_order_mark",
    NotUtf8 => "not_utf8",
    KeyBeforeSection => "key_before_section",
    NotKeyValue => "not_key_value",
    EmptyKey => "empty_key",
    DuplicateKey => "duplicate_key",
    DuplicateSection => "duplicate_section",
    NestedLineWithoutEquals => "nested_line_without_equals",
    SameSectionTwice => "same_section_twice",
    MergedByOtherSdks => "merged_by_other_sdks",
    LoneCarriageReturn => "lone_carriage_return",
    IncompleteHeader => "incomplete_header",
    IndentedHeader => "indented_header",
    GluedComment => "glued_comment",
    UnusualWhitespace => "unusual_whitespace",
    BracketInHeader => "bracket_in_header",
});

impl ProblemKind {
    /// The two headers, for the two kinds that name two sections of one name.
    pub fn two_headers(&self) -> Option<&TwoHeaders> {
        match self {
            ProblemKind::SameSectionTwice { headers, .. }
            | ProblemKind::MergedByOtherSdks { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// Whether botocore (the AWS CLI) refuses a file with this problem; otherwise botocore reads
    /// it but the other AWS SDKs read it differently.
    pub fn botocore_refuses(&self) -> bool {
        match self {
            ProblemKind::NotAConfig
            | ProblemKind::ByteOrderMark
            | ProblemKind::NotUtf8 { .. }
            | ProblemKind::KeyBeforeSection { .. }
            | ProblemKind::NotKeyValue { .. }
            | ProblemKind::EmptyKey { .. }
            | ProblemKind::DuplicateKey { .. }
            | ProblemKind::DuplicateSection { .. }
            | ProblemKind::NestedLineWithoutEquals { .. } => true,
            ProblemKind::SameSectionTwice { .. }
            | ProblemKind::MergedByOtherSdks { .. }
            | ProblemKind::LoneCarriageReturn
            | ProblemKind::IncompleteHeader { .. }
            | ProblemKind::IndentedHeader { .. }
            | ProblemKind::GluedComment { .. }
            | ProblemKind::UnusualWhitespace { .. }
            | ProblemKind::BracketInHeader { .. } => false,
        }
    }
}

/// How many problems of one file are shown with their line; the rest are counted.
pub const SHOWN_PROBLEMS: usize = 10;

/// The text of a problem's line around its span, at most [`Excerpt::MAX`] bytes, for showing the
/// problem where it is. Taken in the core so the edge needs no document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Bytes of the line (not necessarily UTF-8).
    pub text: Vec<u8>,
    /// The problem's span within `text`.
    pub span: Range<usize>,
    /// 1-based column of the span's start in the whole line, in characters.
    pub column: usize,
    /// Whether the line goes on before or after `text`.
    pub cut_before: bool,
    pub cut_after: bool,
}

impl Excerpt {
    pub const MAX: usize = 1024;

    /// The excerpt for `p` in `doc`; `None` for a problem that is not about a line's text.
    pub fn of(doc: &Document, p: &Problem) -> Option<Excerpt> {
        if p.kind == ProblemKind::NotAConfig {
            return None;
        }
        Excerpt::at(doc, p.line, p.span())
    }

    /// The 1-based column, in characters, of the start of `p`'s span: the excerpt's
    /// [`Excerpt::column`], without taking the excerpt.
    pub fn column_of(doc: &Document, p: &Problem) -> Option<usize> {
        if p.kind == ProblemKind::NotAConfig {
            return None;
        }
        Excerpt::column_at(doc, p.line, p.span().start)
    }

    /// The 1-based column, in characters, of byte `at` of line `line` (1-based) of `doc`, as
    /// [`Excerpt::at`] gives it; `None` for a line the document does not have.
    pub fn column_at(doc: &Document, line: usize, at: usize) -> Option<usize> {
        if line == 0 || line > doc.len() {
            return None;
        }
        let raw = doc.raw_text(line - 1);
        Some(column_in(raw, at.min(raw.len())))
    }

    /// The excerpt around `span` (byte offsets) of line `line` (1-based) of `doc`; `None` for
    /// a line the document does not have (0, or past its end).
    pub fn at(doc: &Document, line: usize, span: Range<usize>) -> Option<Excerpt> {
        if line == 0 || line > doc.len() {
            return None;
        }
        let raw = doc.raw_text(line - 1);
        let span = span.start.min(raw.len())..span.end.min(raw.len());
        let is_continuation = |b: u8| (0x80..0xC0).contains(&b);
        let mut start = span.start.saturating_sub(Self::MAX / 4);
        while start > 0 && start < raw.len() && is_continuation(raw[start]) {
            start -= 1;
        }
        let mut end = (start + Self::MAX).min(raw.len()).max(span.start);
        while end < raw.len() && is_continuation(raw[end]) {
            end += 1;
        }
        let column = column_in(raw, span.start);
        Some(Excerpt {
            text: raw[start..end].to_vec(),
            span: span.start - start..span.end.min(end) - start,
            column,
            cut_before: start > 0,
            cut_after: end < raw.len(),
        })
    }

    /// The excerpt of line `line` (1-based) of `doc` whose span is its text without the
    /// blanks around it (a finding about a whole line); `None` for a line the document does
    /// not have.
    pub fn of_line(doc: &Document, line: usize) -> Option<Excerpt> {
        if line == 0 || line > doc.len() {
            return None;
        }
        let raw = doc.raw_text(line - 1);
        let text = &raw[..raw.len().min(Excerpt::MAX)];
        let blank = |b: &&u8| matches!(**b, b' ' | b'\t');
        let start = text.iter().take_while(blank).count();
        let end = (text.len() - text.iter().rev().take_while(blank).count()).max(start);
        Some(Excerpt {
            text: text.to_vec(),
            span: start..end,
            column: start + 1,
            cut_before: false,
            cut_after: text.len() < raw.len(),
        })
    }
}

/// The 1-based column, in characters, of byte `at` of `raw` (a line's bytes).
fn column_in(raw: &[u8], at: usize) -> usize {
    String::from_utf8_lossy(&raw[..at]).chars().count() + 1
}

/// Where a refused file's problems are, taken in the core so the edge needs no document: the
/// column of every problem (a script is given every problem) and the excerpts of the first
/// [`SHOWN_PROBLEMS`] (the ones a person is shown), not a copy of every problem's line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProblemSites {
    columns: Vec<Option<NonZeroU32>>,
    excerpts: Vec<Option<Excerpt>>,
}

impl ProblemSites {
    /// The sites of `problems`, problems of `doc`.
    pub fn of(doc: &Document, problems: &[Problem]) -> ProblemSites {
        let column = |p| {
            let c = Excerpt::column_of(doc, p)?;
            NonZeroU32::new(u32::try_from(c).unwrap_or(u32::MAX))
        };
        ProblemSites {
            columns: problems.iter().map(column).collect(),
            excerpts: (problems.iter())
                .take(SHOWN_PROBLEMS)
                .map(|p| Excerpt::of(doc, p))
                .collect(),
        }
    }

    /// The 1-based column, in characters, of the `i`th problem, where it has one.
    pub fn column(&self, i: usize) -> Option<usize> {
        let c = self.columns.get(i).copied().flatten()?;
        Some(c.get() as usize)
    }

    /// The excerpt of the `i`th problem, for the first [`SHOWN_PROBLEMS`] that have one.
    pub fn excerpt(&self, i: usize) -> Option<&Excerpt> {
        self.excerpts.get(i)?.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_no_larger_than_its_common_kinds_need() {
        // A refused file holds one problem a line at worst (400,000 for a file whose lines end
        // in lone carriage returns): the two kinds with two headers are boxed so that they do
        // not set every problem's size (128 bytes when they were inline), and its span and
        // the first line of a key or section set twice are `u32`s (72 bytes when `usize`s).
        assert!(size_of::<Problem>() <= 56, "{} bytes", size_of::<Problem>());
    }
}
