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
//!
//! [`Document::parse`] splits and classifies the lines in `read` and keeps each in eight bytes
//! (`packed`); [`edit`] makes a rewrite and `edited` reads it from the original, whose kept lines
//! it shares instead of copying them (`pieces`).

pub mod edit;
mod edited;
mod packed;
mod pieces;
pub mod py;
mod read;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

pub use edited::EditedReading;
use packed::{Packed, Tag};
use pieces::Pieces;
pub use read::PARALLEL_BYTES;
use read::{ReadState, classify_all, split_lines};

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
        self.as_str().as_bytes()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Ending::None => "",
            Ending::Lf => "\n",
            Ending::CrLf => "\r\n",
            Ending::Cr => "\r",
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

/// One line: where its text and its ending are in the source, and what it is, as
/// [`Document::line`] hands it out. Offsets are `u32`; see [`Document::parse`] for a source over
/// 4 GiB.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// A parsed config file: its bytes and its classified lines. A line's offsets are where it is
/// in the file, whether or not its bytes are kept there (see [`Document::parse_edited`]).
#[derive(Debug, Clone)]
pub struct Document {
    src: Arc<Source>,
    bom: bool,
    lines: Vec<Packed>,
    /// The kinds of lines whose offsets do not fit a [`Packed`] line, by line (in line order).
    wide: Vec<(u32, LineKind)>,
    /// Where the last line ends, ending included: the source's length (but see
    /// [`Document::parse`] for a source over 4 GiB).
    end: u32,
    /// No line is longer than this, its ending included: the longest line's length where the
    /// file was split whole, found as it was split; more where a rewrite's kept lines are
    /// counted at their original's longest ([`Document::parse_edited`]).
    longest: u32,
}

/// The source bytes, checked once: a file that is all UTF-8 (nearly every one) is kept as a
/// `String`, so that a line's text is a slice, not a UTF-8 check per call. A rewrite read from
/// its original is kept as the original's text and what the edit wrote ([`Rewrite`]).
#[derive(Debug)]
enum Source {
    Text(String),
    Bytes(Vec<u8>),
    Rewrite(Box<Rewrite>),
}

/// A rewrite's bytes as [`Document::parse_edited`] keeps them: the lines the edit kept are the
/// original's, shared with it, and the lines it wrote are in a buffer of their own. Both are
/// text. Offsets below the original's length are in the original; the rest are in the written
/// text, from the original's length on. Each line's bytes are found through its piece.
#[derive(Debug)]
struct Rewrite {
    original: Arc<Source>,
    written: String,
    pieces: Pieces,
}

impl Rewrite {
    /// The bytes of line `line` at `range` (offsets in the rewrite): where they are kept. `None`
    /// where the range runs past the stretch the line's piece lies in (only a range that is not
    /// inside one line can).
    #[inline]
    fn text(&self, line: usize, range: Range<usize>) -> Option<&str> {
        match self.place(line, range) {
            Kept::Written(at) => self.written.get(at),
            Kept::Original(at) => self.original.text(at),
        }
    }

    /// [`Rewrite::text`]'s bytes, on character boundaries or not.
    #[inline]
    fn bytes(&self, line: usize, range: Range<usize>) -> Option<&[u8]> {
        match self.place(line, range) {
            Kept::Written(at) => self.written.as_bytes().get(at),
            Kept::Original(at) => self.original.as_bytes().get(at),
        }
    }

    /// Where the bytes of line `line` at `range` are kept.
    #[inline]
    fn place(&self, line: usize, range: Range<usize>) -> Kept {
        let start = self.pieces.place(line, range.start);
        // The original is a source kept in one piece ([`Document::parse_edited`] takes no other).
        match start.checked_sub(self.original.as_bytes().len()) {
            Some(written) => Kept::Written(written..written + range.len()),
            None => Kept::Original(start..start + range.len()),
        }
    }
}

/// Where a [`Rewrite`] keeps some of its bytes: in the original's text, or in what the edit
/// wrote.
enum Kept {
    Original(Range<usize>),
    Written(Range<usize>),
}

impl Source {
    fn of(bytes: Vec<u8>) -> Source {
        match String::from_utf8(bytes) {
            Ok(s) => Source::Text(s),
            Err(e) => Source::Bytes(e.into_bytes()),
        }
    }

    /// The bytes of a source kept in one piece (every source but a [`Rewrite`], which has
    /// none: empty).
    fn as_bytes(&self) -> &[u8] {
        match self {
            Source::Text(s) => s.as_bytes(),
            Source::Bytes(b) => b,
            Source::Rewrite(_) => &[],
        }
    }

    /// The text at `range`, or `None` where it is not UTF-8. Lines split at ASCII bytes, so a
    /// line of a `Text` source starts and ends on a char boundary (except the one line of a
    /// source over 4 GiB, which may end inside a character and is then not text).
    /// Of a [`Rewrite`], `None`: its bytes are found by line ([`Document::src_text`]).
    #[inline]
    fn text(&self, range: Range<usize>) -> Option<&str> {
        match self {
            Source::Text(s) => s.get(range),
            Source::Bytes(b) => std::str::from_utf8(b.get(range)?).ok(),
            Source::Rewrite(_) => None,
        }
    }
}

/// The largest source whose offsets fit in a [`Line`].
const MAX_SOURCE: usize = u32::MAX as usize;

/// The byte-order mark, U+FEFF in UTF-8.
const BOM_TEXT: &str = "\u{feff}";
const BOM: &[u8] = BOM_TEXT.as_bytes();

impl Document {
    /// Splits and classifies `src`. Never fails: anything botocore would reject is recorded as a
    /// line kind and judged later. A source over 4 GiB is one line (offsets are `u32`), which
    /// [`crate::aws`] refuses as too long, as it refuses any line over 64 KiB.
    pub fn parse(src: impl Into<Vec<u8>>) -> Document {
        Document::of_source(Source::of(src.into()))
    }

    /// [`Document::parse`] of a source already checked for UTF-8.
    fn of_source(src: Source) -> Document {
        let bytes = src.as_bytes();
        let bom = bytes.starts_with(BOM);
        let body_start = if bom { BOM.len() } else { 0 };
        let (mut lines, end, longest) = if bytes.len() > MAX_SOURCE {
            (vec![Packed::new(0, Ending::None)], MAX_SOURCE, MAX_SOURCE)
        } else {
            let (lines, longest) = split_lines(bytes, body_start);
            (lines, bytes.len(), longest)
        };
        let wide = classify_all(&src, &mut lines, end);
        Document {
            src: Arc::new(src),
            bom,
            lines,
            wide,
            end: end as u32,
            longest: longest as u32,
        }
    }

    /// The exact bytes of the file: those it was parsed from, or for a rewrite read from its
    /// original, its lines' bytes put together (a copy: see [`Document::write_to`]).
    pub fn bytes(&self) -> Cow<'_, [u8]> {
        if !matches!(*self.src, Source::Rewrite(_)) {
            return Cow::Borrowed(self.src.as_bytes());
        }
        let mut out = Vec::with_capacity(self.byte_len());
        self.each_piece(|bytes| out.extend_from_slice(bytes));
        Cow::Owned(out)
    }

    /// How many bytes the file has.
    pub fn byte_len(&self) -> usize {
        match *self.src {
            Source::Rewrite(_) => self.end as usize,
            ref src => src.as_bytes().len(),
        }
    }

    /// Writes the file's bytes to `out`, without putting them together first.
    pub fn write_to(&self, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
        let mut result = Ok(());
        self.each_piece(|bytes| {
            if result.is_ok() {
                result = out.write_all(bytes);
            }
        });
        result
    }

    /// The file's bytes in order, a stretch kept in one piece at a time: the byte-order mark
    /// and each run of lines whose bytes follow each other where they are kept.
    fn each_piece(&self, mut f: impl FnMut(&[u8])) {
        if !matches!(*self.src, Source::Rewrite(_)) {
            return f(self.src.as_bytes());
        }
        if self.bom {
            f(BOM);
        }
        self.lines_in_pieces(0..self.len(), |part| f(part.as_bytes()));
    }

    /// Renders the document. Unedited, this is byte-identical to the input.
    pub fn render(&self) -> Vec<u8> {
        self.bytes().into_owned()
    }

    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// Every line, in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = Line> + '_ {
        (0..self.lines.len()).map(|i| self.line(i))
    }

    #[inline]
    pub fn line(&self, i: usize) -> Line {
        let p = self.lines[i];
        let text_end = self.text_end(i);
        let text = p.start as usize..text_end as usize;
        let kind = p.kind(|| self.src_bytes(i, text)).unwrap_or_else(|| {
            let at = self.wide.binary_search_by_key(&(i as u32), |(l, _)| *l);
            at.map_or(LineKind::Blank, |at| self.wide[at].1.clone())
        });
        Line {
            start: p.start,
            text_end,
            ending: p.ending(),
            kind,
        }
    }

    /// Whether the whole source is UTF-8: then no line is [`LineKind::NotUtf8`].
    pub fn is_utf8(&self) -> bool {
        !matches!(*self.src, Source::Bytes(_))
    }

    /// Line `i`'s ending, without building the line.
    #[inline]
    pub fn ending(&self, i: usize) -> Ending {
        self.lines[i].ending()
    }

    /// Whether line `i` is a whole-line comment, without building the line (a comment has no
    /// offsets, so it is never wide).
    #[inline]
    pub fn is_comment(&self, i: usize) -> bool {
        self.lines[i].tag() == Tag::Comment
    }

    /// Whether line `i` is a whole-line comment whose first byte is its sign (`#` or `;`), from
    /// the table of lines: nearly every comment, and never an indented one.
    #[inline]
    pub fn starts_with_comment_sign(&self, i: usize) -> bool {
        self.lines[i].is_sign_first_comment()
    }

    /// Whether line `i` is a whole-line comment that starts with a space or a tab, which the
    /// other SDKs read as the continuation of a value. One that starts with its sign is known
    /// from the table of lines; only the rest are looked at.
    #[inline]
    pub fn is_indented_comment(&self, i: usize) -> bool {
        self.is_comment(i) && !self.starts_with_comment_sign(i) && self.starts_indented(i)
    }

    /// Whether line `i` is blank (a blank line has no offsets, so it is never wide).
    #[inline]
    pub fn is_blank(&self, i: usize) -> bool {
        self.lines[i].tag() == Tag::Blank
    }

    /// The first of the whole-line comments that start at their line's first byte (not
    /// indented) and run without a break up to line `end` (exclusive), climbing no higher than a
    /// line `stop` accepts; `end` itself where line `end - 1` is none. Reads the table of lines
    /// (and the first byte of a comment that does not start with its sign), without building
    /// any: a new session climbs over every comment above the profile it goes before, all
    /// 300,000 of a large comment block.
    pub fn unindented_comments_above(&self, end: usize, stop: impl Fn(usize) -> bool) -> usize {
        let mut at = end;
        while at > 0
            && self.is_comment(at - 1)
            && !self.is_indented_comment(at - 1)
            && !stop(at - 1)
        {
            at -= 1;
        }
        at
    }

    /// The longest line's length, its ending included, measured line by line: what
    /// [`Document::longest`] is held to.
    #[cfg(test)]
    fn longest_line_measured(&self) -> usize {
        (0..self.len())
            .map(|i| self.full_range(i).len())
            .max()
            .unwrap_or(0)
    }

    /// The first line whose text is longer than `limit` bytes. Nearly every file's lines are all
    /// shorter with their endings than the limit, which the document knows from its split;
    /// otherwise nearly every line is, which the table of lines tells without finding where its
    /// text ends.
    pub fn first_line_longer_than(&self, limit: usize) -> Option<usize> {
        if self.byte_len() <= limit || self.longest as usize <= limit {
            return None;
        }
        let ends = self.lines.iter().skip(1).map(|l| l.start).chain([self.end]);
        (self.lines.iter().zip(ends).enumerate())
            .find(|&(i, (line, end))| {
                (end - line.start) as usize > limit && self.text_range(i).len() > limit
            })
            .map(|(i, _)| i)
    }

    /// Whether line `i` starts with a space or a tab, which the other SDKs read as the
    /// continuation of a value (an empty line does not: its first byte is its ending).
    #[inline]
    fn starts_indented(&self, i: usize) -> bool {
        matches!(self.first_byte(i), Some(b' ' | b'\t'))
    }

    /// The first byte of line `i`, ending included, without finding where the line ends: its
    /// text's first byte where the text is not empty (a comment's never is), its ending's where
    /// it is. Every line holds a byte at least; `None` only past the end.
    #[inline]
    fn first_byte(&self, i: usize) -> Option<u8> {
        let start = self.lines.get(i)?.start as usize;
        self.src_bytes(i, start..start + 1).first().copied()
    }

    /// Whether line `i` continues the value above it, without building the line (a
    /// continuation has no offsets, so it is never wide).
    #[inline]
    pub fn is_continuation(&self, i: usize) -> bool {
        self.lines[i].tag() == Tag::Continuation
    }

    /// The delimiter (`=` or `:`) of line `i` when it is a `key = value` line, without building
    /// the line.
    #[inline]
    pub fn delimiter(&self, i: usize) -> Option<u8> {
        self.key_delimiter(i).map(|(delim, _)| delim)
    }

    /// [`Document::delimiter`], and whether the key of line `i` is indented: from the line's
    /// packed offsets, without reading its text again.
    pub fn key_delimiter(&self, i: usize) -> Option<(u8, bool)> {
        let p = &self.lines[i];
        let text = self.src_bytes(i, self.text_range(i));
        let (at, indented) = match p.tag() {
            Tag::Key => (p.delimiter_in(text), p.first_offset() > 0),
            Tag::Wide => match self.line(i).kind {
                LineKind::Key { key, delim, .. } => (delim as usize, key.start > 0),
                _ => return None,
            },
            _ => return None,
        };
        Some((*text.get(at)?, indented))
    }

    /// Whether line `i` is a `[header]`, without building the line.
    #[inline]
    pub fn is_header(&self, i: usize) -> bool {
        self.tag_of(i) == Tag::Section
    }

    /// How many `[header]` lines and `key = value` lines `lines` has, without building them.
    pub fn count_headers_and_keys(&self, lines: Range<usize>) -> (usize, usize) {
        lines.fold((0, 0), |(headers, keys), i| match self.tag_of(i) {
            Tag::Section => (headers + 1, keys),
            Tag::Key => (headers, keys + 1),
            _ => (headers, keys),
        })
    }

    /// Line `i`'s tag, a wide line's included: only headers and keys have offsets that may
    /// not fit, so a wide line is one of the two.
    #[inline]
    fn tag_of(&self, i: usize) -> Tag {
        match self.lines[i].tag() {
            Tag::Wide => match self.line(i).kind {
                LineKind::Section { .. } => Tag::Section,
                LineKind::Key { .. } => Tag::Key,
                _ => Tag::Wide,
            },
            tag => tag,
        }
    }

    /// The key and the value of line `i` when it is a `key = value` line, without building the
    /// line: the key as written (not lower-cased), the value stripped.
    #[inline]
    pub fn key_value(&self, i: usize) -> Option<(&str, &str)> {
        let p = &self.lines[i];
        match p.tag() {
            Tag::Key => {
                // The offsets lie inside the line's text (see `slice`): the key and the value
                // are taken from the source at once, the value's end from where the text ends.
                // Every model and property is read this way, many times over on a large file.
                let start = p.start as usize;
                let text_end = self.text_end(i) as usize;
                let [ks, ke, vs, ve] = p.key_offsets(text_end - start);
                // The line's text found once where it is kept, then the key and value in it.
                let text = self.src_text(i, start..text_end)?;
                Some((text.get(ks..ke)?, text.get(vs..ve)?))
            }
            Tag::Wide => match self.line(i).kind {
                LineKind::Key { key, value, .. } => {
                    Some((self.slice(i, &key), self.slice(i, &value)))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Where line `i`'s text ends: where the next line starts, less this line's ending.
    #[inline]
    fn text_end(&self, i: usize) -> u32 {
        let next = self.lines.get(i + 1).map_or(self.end, |l| l.start);
        next - self.lines[i].ending().as_bytes().len() as u32
    }

    /// The byte range of line `i`'s text, without building the line.
    fn text_range(&self, i: usize) -> Range<usize> {
        self.lines[i].start as usize..self.text_end(i) as usize
    }

    /// The byte range of line `i`, ending included.
    fn full_range(&self, i: usize) -> Range<usize> {
        let next = self.lines.get(i + 1).map_or(self.end, |l| l.start);
        self.lines[i].start as usize..next as usize
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The text at bytes `range` of the document, which lie in line `i`. Empty where it is not
    /// UTF-8 (or not on character boundaries).
    pub fn text_at(&self, i: usize, range: Range<usize>) -> &str {
        self.src_text(i, range).unwrap_or("")
    }

    /// The text at bytes `range` of the document, which lie in line `i`, where it is kept: the
    /// source's, or for a rewrite read from its original, its piece's ([`Rewrite`]).
    #[inline]
    fn src_text(&self, i: usize, range: Range<usize>) -> Option<&str> {
        match &*self.src {
            Source::Rewrite(r) => r.text(i, range),
            src => src.text(range),
        }
    }

    /// The bytes at `range` of the document, which lie in line `i`: [`Document::src_text`]'s
    /// bytes. A rewrite is all text. Empty past the end.
    #[inline]
    fn src_bytes(&self, i: usize, range: Range<usize>) -> &[u8] {
        match &*self.src {
            Source::Rewrite(r) => r.bytes(i, range).unwrap_or_default(),
            src => src.as_bytes().get(range).unwrap_or_default(),
        }
    }

    /// Where line `i` starts in the document (bytes).
    pub fn line_start(&self, i: usize) -> usize {
        self.lines[i].start as usize
    }

    /// The text of line `i` without its ending. Empty for a line that is not UTF-8.
    pub fn text(&self, i: usize) -> &str {
        self.text_at(i, self.text_range(i))
    }

    /// The raw bytes of line `i`, ending included.
    pub fn raw(&self, i: usize) -> &[u8] {
        self.src_bytes(i, self.full_range(i))
    }

    /// The raw bytes of line `i` without its ending.
    pub fn raw_text(&self, i: usize) -> &[u8] {
        self.src_bytes(i, self.text_range(i))
    }

    /// The text of lines `lines`, endings included: a section's source, as a reader of text
    /// sees it. Empty where it is not UTF-8. A copy only where the lines are not kept in one
    /// piece (a rewrite's changed section): [`Document::lines_in_pieces`] does without.
    pub fn lines_text(&self, lines: Range<usize>) -> Cow<'_, str> {
        let Source::Rewrite(r) = &*self.src else {
            return Cow::Borrowed(self.src.text(self.lines_range(lines)).unwrap_or(""));
        };
        if lines.is_empty() {
            return Cow::Borrowed("");
        }
        if r.pieces.next_start(lines.start, lines.end) == lines.end {
            // In one piece.
            return Cow::Borrowed(r.text(lines.start, self.lines_range(lines)).unwrap_or(""));
        }
        let mut text = String::with_capacity(self.lines_len(lines.clone()));
        self.lines_in_pieces(lines, |part| text.push_str(part));
        Cow::Owned(text)
    }

    /// The bytes of lines `lines`, endings included; empty for an empty range.
    pub fn lines_bytes(&self, lines: Range<usize>) -> Cow<'_, [u8]> {
        if !matches!(*self.src, Source::Rewrite(_)) {
            return Cow::Borrowed(&self.src.as_bytes()[self.lines_range(lines)]);
        }
        match self.lines_text(lines) {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        }
    }

    /// How many bytes lines `lines` have, endings included.
    pub fn lines_len(&self, lines: Range<usize>) -> usize {
        self.lines_range(lines).len()
    }

    /// The text of lines `lines`, endings included, handed to `f` a stretch at a time: each
    /// run of them whose bytes follow each other where they are kept (all of them at once but
    /// in a rewrite read from its original, where a changed section is several).
    pub fn lines_in_pieces<'d>(&'d self, lines: Range<usize>, mut f: impl FnMut(&'d str)) {
        let Source::Rewrite(r) = &*self.src else {
            let text = self.src.text(self.lines_range(lines)).unwrap_or("");
            if !text.is_empty() {
                f(text);
            }
            return;
        };
        // A piece at a time: its lines' bytes follow each other where they are kept.
        let mut i = lines.start;
        while i < lines.end {
            let next = r.pieces.next_start(i, lines.end);
            f(r.text(i, self.lines_range(i..next)).unwrap_or(""));
            i = next;
        }
    }

    fn lines_range(&self, lines: Range<usize>) -> Range<usize> {
        if lines.is_empty() {
            return 0..0;
        }
        self.full_range(lines.start).start..self.full_range(lines.end - 1).end
    }

    /// A slice of line `i`'s text by an offset range from its [`LineKind`]: taken from the
    /// source at once, without finding where the line's text ends (such a range lies inside it).
    pub fn slice(&self, i: usize, r: &Range<u32>) -> &str {
        let start = self.lines[i].start as usize;
        debug_assert!(start + r.end as usize <= self.text_end(i) as usize);
        self.text_at(i, start + r.start as usize..start + r.end as usize)
    }

    /// The line ending most lines of this file use, for lines we add. Ties and files without any
    /// line ending get `\n`.
    pub fn dominant_ending(&self) -> Ending {
        let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
        for l in &self.lines {
            match l.ending() {
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

#[cfg(test)]
mod tests {
    use super::read::{classify, count_lines, counted, fill};
    use super::*;

    fn kinds(src: &str) -> Vec<LineKind> {
        Document::parse(src).lines().map(|l| l.kind).collect()
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
        let endings: Vec<_> = d.lines().map(|l| l.ending()).collect();
        assert_eq!(
            endings,
            [Ending::Lf, Ending::CrLf, Ending::Cr, Ending::None]
        );
        assert_eq!(d.text(3), "d");
    }

    #[test]
    fn climbs_the_unindented_comments_above_a_line() {
        // Lines: 0 key, 1 blank, 2 comment, 3 indented comment, 4 comment, 5 `;` comment,
        // 6 header; and a BOM before a first comment.
        let d = Document::parse("[a]\n\n# one\n  # two\n# three\n; four\n[b]\n");
        assert_eq!(d.unindented_comments_above(6, |_| false), 4);
        assert_eq!(d.unindented_comments_above(6, |i| i == 4), 5);
        assert_eq!(d.unindented_comments_above(6, |i| i == 5), 6);
        assert_eq!(d.unindented_comments_above(3, |_| false), 2);
        assert_eq!(d.unindented_comments_above(2, |_| false), 2);
        assert_eq!(d.unindented_comments_above(0, |_| false), 0);
        let bom = Document::parse("\u{feff}# first\n\t# tab\n# c\n[b]\n");
        assert_eq!(bom.unindented_comments_above(3, |_| false), 2);
        assert_eq!(bom.unindented_comments_above(1, |_| false), 0);
        // A line's first byte: its text's, its ending's where the text is empty, after the BOM.
        let firsts: Vec<Option<u8>> = (0..d.len()).map(|i| d.first_byte(i)).collect();
        let want = [b'[', b'\n', b'#', b' ', b'#', b';', b'['].map(Some);
        assert_eq!(firsts, want);
        assert_eq!(bom.first_byte(0), Some(b'#'));
        assert_eq!(Document::parse("a\r\n\r\n").first_byte(1), Some(b'\r'));
        // Indented: a space or a tab first; never an empty line.
        let indented: Vec<bool> = (0..d.len()).map(|i| d.starts_indented(i)).collect();
        assert_eq!(indented, [false, false, false, true, false, false, false]);
        assert!(bom.starts_indented(1) && !bom.starts_indented(0));
    }

    #[test]
    fn the_table_of_lines_knows_a_comment_that_starts_with_its_sign() {
        let sign_first = |d: &Document| {
            (0..d.len())
                .map(|i| d.starts_with_comment_sign(i))
                .collect::<Vec<_>>()
        };
        let by_bytes = |d: &Document| {
            (0..d.len())
                .map(|i| d.is_comment(i) && matches!(d.first_byte(i), Some(b'#' | b';')))
                .collect::<Vec<_>>()
        };
        let d = Document::parse(
            "# a
 ; b
	# c
# d
[s]
k = v # e
  # f
;g
#h",
        );
        let want = [true, false, false, false, false, false, false, true, true];
        assert_eq!(sign_first(&d), want);
        // Indented: a comment after a space or a tab, not after another blank (a form feed).
        let indented: Vec<bool> = (0..d.len()).map(|i| d.is_indented_comment(i)).collect();
        let want = [false, true, true, false, false, false, true, false, false];
        assert_eq!(indented, want);
        // After a byte-order mark, in a file that is not all text, and in a file large enough
        // to be read on two threads (whose second starts among comments), as its bytes say.
        let bom = Document::parse("\u{feff}# a\n# b\n");
        assert_eq!(sign_first(&bom), [true, true]);
        let bytes = Document::parse(&b"# \xff\n# ok\n [s]\n"[..]);
        assert_eq!(sign_first(&bytes), by_bytes(&bytes));
        let large = "[a]\nk = v\n".to_string() + &"# c\n  # d\n".repeat(40_000) + "[b]\n#e\n";
        let large = Document::parse(large);
        assert!(large.byte_len() >= crate::doc::PARALLEL_BYTES);
        assert_eq!(sign_first(&large), by_bytes(&large));
        assert_eq!(sign_first(&large).iter().filter(|&&b| b).count(), 40_001);
    }

    #[test]
    fn a_document_knows_its_longest_line() {
        let large = |long_at: usize| {
            let mut lines = vec!["k = v\n".to_string(); 2 * PARALLEL_BYTES / 6];
            lines[long_at] = format!("{}\r\n", "x".repeat(1000));
            lines.concat()
        };
        let n = 2 * PARALLEL_BYTES / 6;
        let sources = [
            String::new(),
            "a".into(),
            "a\n".into(),
            "ab\r\ncd\reeee".into(),
            "\u{feff}[a]\nk = v\n".into(),
            large(1),
            large(n - 1),
        ];
        for src in sources {
            let d = Document::parse(src.as_str());
            assert_eq!(
                d.longest as usize,
                d.longest_line_measured(),
                "{:?}",
                &src[..src.len().min(20)]
            );
        }
        // A long line, first of its file or last, is found as it was before the document knew.
        let d = Document::parse(large(n - 1));
        assert_eq!(d.first_line_longer_than(999), Some(n - 1));
        assert_eq!(d.first_line_longer_than(1000), None);
    }

    #[test]
    fn finds_the_first_line_longer_than_a_limit() {
        // Text of exactly the limit, whatever its ending, is not longer; one byte more is.
        for ending in ["\n", "\r\n", "\r", ""] {
            let at_limit = format!("{}{ending}", "a".repeat(8));
            let over = format!("{}{ending}", "b".repeat(9));
            let d = Document::parse(format!("k\r\n{at_limit}"));
            assert_eq!(d.first_line_longer_than(8), None, "{ending:?}");
            let d = Document::parse(format!("k\r\n{at_limit}\n{over}"));
            let every = (0..d.len()).find(|&i| d.text(i).len() > 8);
            assert!(every.is_some());
            assert_eq!(d.first_line_longer_than(8), every, "{ending:?}");
            let d = Document::parse(format!("\u{feff}{over}"));
            assert_eq!(d.first_line_longer_than(8), Some(0), "{ending:?}");
        }
        // The same answer as measuring every line's text.
        let d = Document::parse("short\n\n12345678\r\n123456789\rx\n1234567890");
        for limit in 0..12 {
            let every = (0..d.len()).find(|&i| d.text(i).len() > limit);
            assert_eq!(d.first_line_longer_than(limit), every, "{limit}");
        }
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
            let has_cr = src.contains('\r');
            assert_eq!(count_lines(src.as_bytes(), has_cr), d.len(), "{src:?}");
            assert_eq!(d.lines.capacity(), d.len(), "{src:?}");
        }
    }

    #[test]
    fn a_line_is_stored_in_8_bytes_and_a_wide_one_keeps_its_kind() {
        assert_eq!(std::mem::size_of::<Packed>(), 8);
        let long = "v".repeat(70_000);
        let src = format!("[profile {long}]\r\nk = {long}\n  more\n[a]\nk = v\nw = v \t      ");
        let d = Document::parse(src.as_str());
        // The header's 70,000 bytes and the key's eight trailing blanks do not fit; the long
        // value does, its end being the text's.
        assert_eq!(d.wide.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [0, 5]);
        let LineKind::Section { header } = &d.line(0).kind else {
            panic!("not a section")
        };
        assert_eq!(d.slice(0, header), format!("profile {long}"));
        let LineKind::Key { key, delim, value } = &d.line(1).kind else {
            panic!("not a key")
        };
        assert_eq!((d.slice(1, key), *delim), ("k", 2));
        assert_eq!(d.slice(1, value), long);
        assert_eq!(d.key_value(1), Some(("k", long.as_str())));
        assert_eq!(d.line(1).ending(), Ending::Lf);
        assert_eq!(d.line(0).ending(), Ending::CrLf);
        assert_eq!(d.line(2).kind, LineKind::Continuation);
        assert!(matches!(d.line(4).kind, LineKind::Key { .. }));
        assert_eq!(d.text(4), "k = v");
        assert_eq!(d.key_value(5), Some(("w", "v")));
        assert_eq!(d.delimiter(5), Some(b'='));
        assert_eq!(d.render(), src.as_bytes());
    }

    #[test]
    fn offsets_past_what_fits_make_a_line_wide_and_read_the_same() {
        // Each offset at the most that fits, then one past it: a header's indentation and
        // length, a key's indentation, its value's start (after a long key, or after many
        // blanks around the delimiter) and the blanks after the value.
        let pad = |n: usize| " ".repeat(n);
        for past in [0, 1] {
            let (header, key) = ("h".repeat(65_535 + past), "k".repeat(254 + past));
            let src = format!(
                "{}[d]\nk = v\n[profile a]\n{}k = v\n[b]\nk{}= v\n[c]\nk ={}v\nk = v{}\n\
                 [{header}]\n{key}=v\n",
                pad(254 + past),
                pad(31 + past),
                pad(100),
                pad(252 + past),
                pad(7 + past),
            );
            let d = Document::parse(src.as_str());
            assert_eq!(d.wide.len(), 6 * past, "{past}");
            let LineKind::Section { header: at } = d.line(0).kind else {
                panic!("not a section")
            };
            assert_eq!(d.slice(0, &at), "d");
            let LineKind::Section { header: at } = d.line(9).kind else {
                panic!("not a section")
            };
            assert_eq!(d.slice(9, &at), header);
            let keys: Vec<_> = (0..d.len()).filter_map(|i| d.key_value(i)).collect();
            let mut expected = vec![("k", "v"); 5];
            expected.push((key.as_str(), "v"));
            assert_eq!(keys, expected, "{past}");
            let delimiters: Vec<_> = (0..d.len()).filter_map(|i| d.key_delimiter(i)).collect();
            let mut expected = vec![(b'=', false); 6];
            expected[1].1 = true;
            assert_eq!(delimiters, expected, "{past}");
            let LineKind::Key { key, delim, value } = d.line(5).kind else {
                panic!("not a key")
            };
            assert_eq!((key, delim, value.start), (0..1, 101, 103));
            let LineKind::Key { delim, value, .. } = d.line(7).kind else {
                panic!("not a key")
            };
            assert_eq!((delim, value), (2, 255 + past as u32..256 + past as u32));
            assert_eq!(d.render(), src.as_bytes());
        }
    }

    #[test]
    fn a_large_document_reads_the_same_on_two_threads() {
        // Continuations, comments, headers that are not at the start of a line, wide lines and
        // every line ending, repeated past the size that splits the work.
        let block = "[profile a]\nk = v\n  more\n\n  ; not a header\n  [not a header]\n\
                     x: y\r\n[b]\r\n= no key\rorphan? no\n# c\n";
        let wide = format!("[{}]\nk = v\n", "w".repeat(70_000));
        let mut src = String::new();
        while src.len() < PARALLEL_BYTES * 2 {
            src.push_str(block);
            src.push_str(&wide);
        }
        let d = Document::parse(src.as_str());
        assert_reads_as_on_one_thread(&d);
        assert!(!d.wide.is_empty());
    }

    #[test]
    fn a_large_source_splits_the_same_on_two_threads() {
        // Every ending, and a `\r` on either side of the middle; with and without a last line
        // that has no ending, and a byte-order mark.
        let block = "[a]\r\nk = v\rx\n\n\r\r\n  more\r";
        for (bom, tail) in [("", ""), ("\u{feff}", "last"), ("", "\r"), ("", "\n\n")] {
            let mut src = bom.to_string();
            while src.len() < PARALLEL_BYTES * 2 + 7 {
                src.push_str(block);
                src.push_str(if src.len() % 3 == 0 { "a\n" } else { "b\r\n" });
            }
            src.push_str(tail);
            let bytes = src.as_bytes();
            let body_start = bom.len();
            let (two, two_longest) = split_lines(bytes, body_start);
            let (count, has_cr) = counted(&bytes[body_start..]);
            let mut one = vec![Packed::new(0, Ending::None); count];
            let one_longest = fill(&mut one, bytes, body_start..bytes.len(), has_cr);
            let at = |l: &[Packed]| l.iter().map(|p| (p.start, p.tag)).collect::<Vec<_>>();
            assert!(at(&two) == at(&one), "{tail:?}");
            assert_eq!(two_longest, one_longest, "{tail:?}");
            assert_eq!(Document::parse(bytes).render(), bytes);
        }
    }

    /// `d`, parsed on two threads, has the kinds one thread gives its lines.
    fn assert_reads_as_on_one_thread(d: &Document) {
        let mut lines = d.lines.clone();
        let wide = classify(
            &d.src,
            &mut lines,
            d.end as usize,
            0,
            &mut ReadState::default(),
        );
        assert_eq!(wide, d.wide);
        let kinds = |l: &[Packed]| l.iter().map(|p| (p.start, p.tag, p.at)).collect::<Vec<_>>();
        assert!(kinds(&lines) == kinds(&d.lines), "{:?}", d.byte_len());
    }

    #[test]
    fn the_second_thread_may_start_inside_a_comment_block() {
        // The middle falls in a long run of comments and blank lines; what follows it is read
        // in the state the first half left: a continuation of its last key, a key of its last
        // section, or lines before any header at all.
        let comments = "# a comment\n\n  ; indented\n".repeat(PARALLEL_BYTES / 20);
        let cases = [
            format!("[a]\nk = v\n{comments}  continued\nnext = 1\n[b]\nx = y\n"),
            format!("[a]\nk = v\n{comments}"),
            format!("{comments}orphan\n  more\n[a]\nk = v\n"),
            format!("[a]\nk =\n{comments}  [not a header]\n[b]\n"),
            format!("[a]\n{comments}= no key\n  k = v\n"),
        ];
        for src in cases {
            assert_reads_as_on_one_thread(&Document::parse(src.as_str()));
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
