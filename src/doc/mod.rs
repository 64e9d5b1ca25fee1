//! The lossless document: an AWS config file as lines of bytes, each classified the way botocore's
//! `configparser.RawConfigParser` (Python 3) reads it.
//!
//! This module owns the bytes. [`Document::parse`] never fails and never normalises anything:
//! `Document::parse(bytes).render() == bytes` for every input, including input that is not UTF-8,
//! has a byte-order mark, mixes `\n`, `\r\n` and lone `\r`, or lacks a final newline. Whether such
//! a file may be migrated is decided by [`crate::aws`]; this module only describes what is there.
//!
//! The classification mirrors `RawConfigParser._read` with botocore's settings (delimiters `=`
//! and `:`, whole-line comments `#` and `;`, no inline comments, `strict=True`, empty lines
//! allowed in values): see `AWS-CONFIG-FACTS.md` §2.1 and §2.2.
//!
//! It must not know what a profile or an sso-session is, and it never touches the disk.

pub mod edit;
pub mod py;

use std::ops::Range;

/// How a line ends. Python reads files with universal newlines, so a lone `\r` ends a line too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ending {
    /// The last line of a file without a final newline.
    None,
    Lf,
    CrLf,
    Cr,
}

impl Ending {
    pub fn as_bytes(self) -> &'static [u8] {
        match self {
            Ending::None => b"",
            Ending::Lf => b"\n",
            Ending::CrLf => b"\r\n",
            Ending::Cr => b"\r",
        }
    }
}

/// What a line is to botocore's parser. Offsets are byte offsets into the line's text (the line
/// without its ending), as `u32` to keep a line small: a file has a line per few dozen bytes, and
/// every line of a large file is held twice (before and after).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Nothing but whitespace. Inside a multi-line value it adds an empty line to the value.
    Blank,
    /// A whole-line `#` or `;` comment, indented or not. Never part of a value.
    Comment,
    /// `[header]`: `header` is everything between the first `[` and the last `]`.
    Section { header: Range<u32> },
    /// `key = value` or `key: value`. `key` excludes the whitespace before the delimiter, `value`
    /// is stripped (an inline `# comment` is part of it, as botocore reads it).
    Key {
        key: Range<u32>,
        delim: u32,
        value: Range<u32>,
    },
    /// An indented line that continues the value of the key above it.
    Continuation,
    /// A non-blank, non-comment line before the first section header (MissingSectionHeader).
    Orphan,
    /// A line inside a section that is neither a header nor `key = value` (ParsingError).
    NoDelimiter,
    /// `= value` or `: value`: a delimiter with nothing before it (ParsingError).
    EmptyKey,
    /// The line's bytes are not UTF-8.
    NotUtf8,
}

/// A [`LineKind`] offset range as a `usize` range, for slicing.
pub fn widen(r: &Range<u32>) -> Range<usize> {
    r.start as usize..r.end as usize
}

/// One line: where its text and its ending are in the source, and what it is. Offsets are `u32`
/// (36 bytes a line instead of 72); see [`Document::parse`] for a source over 4 GiB.
#[derive(Debug, Clone)]
pub struct Line {
    start: u32,
    text_end: u32,
    ending: Ending,
    pub kind: LineKind,
}

impl Line {
    /// The byte range of the text (without the ending) in the document's source.
    pub fn text_range(&self) -> Range<usize> {
        self.start as usize..self.text_end as usize
    }

    pub fn ending(&self) -> Ending {
        self.ending
    }

    /// The byte range of the whole line, ending included.
    pub fn full_range(&self) -> Range<usize> {
        self.start as usize..self.text_end as usize + self.ending.as_bytes().len()
    }
}

/// A parsed config file: its bytes and its classified lines.
#[derive(Debug, Clone)]
pub struct Document {
    src: Source,
    bom: bool,
    lines: Vec<Line>,
}

/// The source bytes, checked once: a file that is all UTF-8 (nearly every one) is kept as a
/// `String`, so that a line's text is a slice, not a UTF-8 check per call.
#[derive(Debug, Clone)]
enum Source {
    Text(String),
    Bytes(Vec<u8>),
}

impl Source {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Source::Text(s) => s.as_bytes(),
            Source::Bytes(b) => b,
        }
    }

    /// The text at `range`, or `None` where it is not UTF-8. Lines split at ASCII bytes, so a
    /// line of a `Text` source starts and ends on a char boundary (except the one line of a
    /// source over 4 GiB, which may end inside a character and is then not text).
    fn text(&self, range: Range<usize>) -> Option<&str> {
        match self {
            Source::Text(s) => s.get(range),
            Source::Bytes(b) => std::str::from_utf8(&b[range]).ok(),
        }
    }
}

/// The largest source whose offsets fit in a [`Line`].
const MAX_SOURCE: usize = u32::MAX as usize;

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Document {
    /// Splits and classifies `src`. Never fails: anything botocore would reject is recorded as a
    /// line kind and judged later. A source over 4 GiB is one line (offsets are `u32`), which
    /// [`crate::aws`] refuses as too long, as it refuses any line over 64 KiB.
    pub fn parse(src: impl Into<Vec<u8>>) -> Document {
        let src = match String::from_utf8(src.into()) {
            Ok(s) => Source::Text(s),
            Err(e) => Source::Bytes(e.into_bytes()),
        };
        let bytes = src.as_bytes();
        let bom = bytes.starts_with(BOM);
        let body_start = if bom { BOM.len() } else { 0 };
        let mut lines = if bytes.len() > MAX_SOURCE {
            vec![raw_line(0, MAX_SOURCE, Ending::None)]
        } else {
            split_lines(bytes, body_start)
        };
        classify(&src, &mut lines);
        Document { src, bom, lines }
    }

    /// The exact bytes this document was parsed from.
    pub fn as_bytes(&self) -> &[u8] {
        self.src.as_bytes()
    }

    /// Renders the document. Unedited, this is byte-identical to the input.
    pub fn render(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }

    pub fn has_bom(&self) -> bool {
        self.bom
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    pub fn line(&self, i: usize) -> &Line {
        &self.lines[i]
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The text of line `i` without its ending. Empty for a line that is not UTF-8.
    pub fn text(&self, i: usize) -> &str {
        self.src.text(self.lines[i].text_range()).unwrap_or("")
    }

    /// The raw bytes of line `i`, ending included.
    pub fn raw(&self, i: usize) -> &[u8] {
        &self.as_bytes()[self.lines[i].full_range()]
    }

    /// The raw bytes of line `i` without its ending.
    pub fn raw_text(&self, i: usize) -> &[u8] {
        &self.as_bytes()[self.lines[i].text_range()]
    }

    /// The text of lines `lines`, endings included: a section's source, as a
    /// reader of text sees it. Empty where it is not UTF-8.
    pub fn lines_text(&self, lines: Range<usize>) -> &str {
        self.src.text(self.lines_range(lines)).unwrap_or("")
    }

    /// The bytes of lines `lines`, endings included; empty for an empty range.
    pub fn lines_bytes(&self, lines: Range<usize>) -> &[u8] {
        &self.as_bytes()[self.lines_range(lines)]
    }

    fn lines_range(&self, lines: Range<usize>) -> Range<usize> {
        if lines.is_empty() {
            return 0..0;
        }
        self.lines[lines.start].full_range().start..self.lines[lines.end - 1].full_range().end
    }

    /// A slice of line `i`'s text by an offset range from its [`LineKind`].
    pub fn slice(&self, i: usize, r: &Range<u32>) -> &str {
        &self.text(i)[widen(r)]
    }

    /// The line ending most lines of this file use, for lines we add. Ties and files without any
    /// line ending get `\n`.
    pub fn dominant_ending(&self) -> Ending {
        let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
        for l in &self.lines {
            match l.ending {
                Ending::Lf => lf += 1,
                Ending::CrLf => crlf += 1,
                Ending::Cr => cr += 1,
                Ending::None => {}
            }
        }
        if crlf > lf && crlf >= cr {
            Ending::CrLf
        } else if cr > lf && cr > crlf {
            Ending::Cr
        } else {
            Ending::Lf
        }
    }
}

/// Splits at `\n`, `\r\n` and lone `\r`, as Python's universal-newline reader does. The text of a
/// line never contains a line break. `src` is at most [`MAX_SOURCE`] bytes.
fn split_lines(src: &[u8], body_start: usize) -> Vec<Line> {
    let mut lines = Vec::with_capacity(count_lines(&src[body_start..]));
    let mut start = body_start;
    let mut i = body_start;
    while i < src.len() {
        match src[i] {
            b'\n' => {
                lines.push(raw_line(start, i, Ending::Lf));
                i += 1;
                start = i;
            }
            b'\r' if src.get(i + 1) == Some(&b'\n') => {
                lines.push(raw_line(start, i, Ending::CrLf));
                i += 2;
                start = i;
            }
            b'\r' => {
                lines.push(raw_line(start, i, Ending::Cr));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < src.len() {
        lines.push(raw_line(start, src.len(), Ending::None));
    }
    lines
}

/// How many lines [`split_lines`] makes of `body`, so that it allocates exactly once: a `\n`
/// ends a line, so does a `\r` not followed by `\n`, and so does the end after a last unended
/// line.
fn count_lines(body: &[u8]) -> usize {
    let mut n = 0;
    let mut prev_cr = false;
    for &b in body {
        n += usize::from(b == b'\n' || prev_cr);
        prev_cr = b == b'\r';
    }
    n + usize::from(prev_cr) + usize::from(body.last().is_some_and(|&b| b != b'\n' && b != b'\r'))
}

fn raw_line(start: usize, text_end: usize, ending: Ending) -> Line {
    // Callers keep offsets within MAX_SOURCE.
    Line {
        start: start as u32,
        text_end: text_end as u32,
        ending,
        kind: LineKind::Blank,
    }
}

/// The state machine of `RawConfigParser._read`, line by line.
fn classify(src: &Source, lines: &mut [Line]) {
    // Whether a section header has been seen (`cursect is not None`).
    let mut in_section = false;
    // Whether the last key-or-header line was a key (`optname` is set).
    let mut have_key = false;
    let mut indent_level = 0usize;
    for line in lines.iter_mut() {
        let Some(text) = src.text(line.text_range()) else {
            line.kind = LineKind::NotUtf8;
            continue;
        };
        let stripped = py::strip(text);
        if stripped.starts_with('#') || stripped.starts_with(';') {
            line.kind = LineKind::Comment;
            continue;
        }
        if stripped.is_empty() {
            line.kind = LineKind::Blank;
            continue;
        }
        let indent = text.chars().take_while(|c| py::is_space(*c)).count();
        if in_section && have_key && indent > indent_level {
            line.kind = LineKind::Continuation;
            continue;
        }
        indent_level = indent;
        let offset = stripped.as_ptr() as usize - text.as_ptr() as usize;
        // Offsets fit in u32: a line is never longer than its source (at most MAX_SOURCE).
        let at = |x: usize| x as u32;
        if let Some(header) = section_header(stripped) {
            line.kind = LineKind::Section {
                header: at(header.start + offset)..at(header.end + offset),
            };
            in_section = true;
            have_key = false;
            continue;
        }
        if !in_section {
            line.kind = LineKind::Orphan;
            continue;
        }
        line.kind = match stripped.find(['=', ':']) {
            None => LineKind::NoDelimiter,
            Some(d) => {
                let key = py::rstrip(&stripped[..d]);
                if key.is_empty() {
                    LineKind::EmptyKey
                } else {
                    have_key = true;
                    let value = py::strip(&stripped[d + 1..]);
                    let value_start = value.as_ptr() as usize - text.as_ptr() as usize;
                    LineKind::Key {
                        key: at(offset)..at(offset + key.len()),
                        delim: at(offset + d),
                        value: at(value_start)..at(value_start + value.len()),
                    }
                }
            }
        };
    }
}

/// `\[(?P<header>.+)\]` matched at the start of a stripped line: the header runs to the last `]`
/// and holds at least one character.
fn section_header(stripped: &str) -> Option<Range<usize>> {
    if !stripped.starts_with('[') {
        return None;
    }
    let close = stripped.rfind(']')?;
    // `.+` needs one character between the brackets; `[]` is not a header.
    (close > 1).then_some(1..close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<LineKind> {
        Document::parse(src)
            .lines()
            .iter()
            .map(|l| l.kind.clone())
            .collect()
    }

    #[test]
    fn round_trip_keeps_every_byte() {
        for src in [
            "",
            "\n",
            "[a]\r\nk = v\r\n",
            "[a]\nk = v",
            "\u{feff}[a]\n",
            "[a]\rk=v\r\n\n",
        ] {
            assert_eq!(Document::parse(src).render(), src.as_bytes());
        }
        let bad: &[u8] = b"[a]\nk = \xff\xfe\n";
        assert_eq!(Document::parse(bad).render(), bad);
    }

    #[test]
    fn splits_like_universal_newlines() {
        let d = Document::parse("a\nb\r\nc\rd");
        let endings: Vec<_> = d.lines().iter().map(|l| l.ending()).collect();
        assert_eq!(
            endings,
            [Ending::Lf, Ending::CrLf, Ending::Cr, Ending::None]
        );
        assert_eq!(d.text(3), "d");
    }

    #[test]
    fn classifies_like_configparser() {
        use LineKind::*;
        let k =
            kinds("# c\n[profile a] # x\nk = v # not a comment\n  more\n\n  ; c\nx: y\nbad\n= v\n");
        assert!(matches!(k[0], Comment));
        assert!(matches!(k[1], Section { .. }));
        assert!(matches!(k[2], Key { .. }));
        assert!(matches!(k[3], Continuation));
        assert!(matches!(k[4], Blank));
        assert!(matches!(k[5], Comment));
        assert!(matches!(k[6], Key { .. }));
        assert!(matches!(k[7], NoDelimiter));
        assert!(matches!(k[8], EmptyKey));
    }

    #[test]
    fn header_runs_to_the_last_bracket() {
        let d = Document::parse("[profile a] # [x]\n[]\n");
        let LineKind::Section { header } = &d.line(0).kind else {
            panic!("not a section")
        };
        assert_eq!(d.slice(0, header), "profile a] # [x");
        assert_eq!(d.line(1).kind, LineKind::NoDelimiter);
    }

    #[test]
    fn first_delimiter_wins_and_value_keeps_inline_comment() {
        let d = Document::parse("[a]\nfoo:bar = baz\nsso_region = us-east-1 # here\n");
        let LineKind::Key { key, value, .. } = &d.line(1).kind else {
            panic!()
        };
        assert_eq!(d.slice(1, key), "foo");
        assert_eq!(d.slice(1, value), "bar = baz");
        let LineKind::Key { value, .. } = &d.line(2).kind else {
            panic!()
        };
        assert_eq!(d.slice(2, value), "us-east-1 # here");
    }

    #[test]
    fn indented_header_after_key_is_a_continuation() {
        let k = kinds("[a]\nregion = x\n  [profile b]\n[c]\n  region = y\n");
        assert_eq!(k[2], LineKind::Continuation);
        assert!(matches!(k[4], LineKind::Key { .. }));
    }

    #[test]
    fn key_before_any_section_is_an_orphan() {
        assert_eq!(kinds("k = v\n[a]\n")[0], LineKind::Orphan);
        assert_eq!(kinds("  k = v\n")[0], LineKind::Orphan);
    }

    #[test]
    fn lines_are_counted_before_they_are_split() {
        for src in ["", "a", "a\n", "a\r", "\r\r\n\n", "a\r\nb\rc", "\n\n", "\r"] {
            let d = Document::parse(src);
            assert_eq!(count_lines(src.as_bytes()), d.len(), "{src:?}");
            assert_eq!(d.lines.capacity(), d.len(), "{src:?}");
        }
    }

    #[test]
    fn dominant_ending_prefers_the_majority() {
        assert_eq!(
            Document::parse("a\r\nb\r\nc\n").dominant_ending(),
            Ending::CrLf
        );
        assert_eq!(Document::parse("a\r\nb\n").dominant_ending(), Ending::Lf);
        assert_eq!(Document::parse("a").dominant_ending(), Ending::Lf);
    }
}
