//! Reading a source into lines: splitting at Python's universal newlines, then classifying each
//! line as `RawConfigParser._read` does, on two threads for a large source.

use std::ops::Range;

use super::packed::{Packed, Tag};
use super::{Ending, LineKind, Source, py};

/// Splits at `\n`, `\r\n` and lone `\r`, as Python's universal-newline reader does. The text of a
/// line never contains a line break. `src` is at most [`MAX_SOURCE`](super::MAX_SOURCE) bytes.
///
/// A large source is split on two threads, at the first `\n` after its middle (a `\n` ends a
/// line whatever precedes it, and what follows it starts one): each half is counted, then the
/// table is made once at its exact size, then each half fills its part. Returns the table and
/// the longest line's length, its ending included.
pub(super) fn split_lines(src: &[u8], body_start: usize) -> (Vec<Packed>, usize) {
    let body = &src[body_start..];
    let middle = (body.len() >= PARALLEL_BYTES)
        .then(|| memchr::memchr(b'\n', &body[body.len() / 2..]))
        .flatten()
        .map(|at| body_start + body.len() / 2 + at + 1)
        .filter(|&middle| middle < src.len());
    // The table at its exact size, with huge pages asked for before it is written.
    let table = |count: usize| {
        let mut lines = Vec::with_capacity(count);
        crate::pages::prefer_huge_pages(&mut lines);
        lines.resize(count, Packed::new(0, Ending::None));
        lines
    };
    let Some(middle) = middle else {
        let (count, has_cr) = counted(body);
        let mut lines = table(count);
        let longest = fill(&mut lines, src, body_start..src.len(), has_cr);
        return (lines, longest);
    };
    let ((first, first_cr), (second, second_cr)) = crate::threads::beside(
        || counted(&src[body_start..middle]),
        || counted(&src[middle..]),
    );
    let mut lines = table(first + second);
    let (a, b) = lines.split_at_mut(first);
    let (a, b) = crate::threads::beside(
        || fill(a, src, body_start..middle, first_cr),
        || fill(b, src, middle..src.len(), second_cr),
    );
    (lines, a.max(b))
}

/// The ending of a line whose break starts at `src[i]`, a `\n` or a `\r`: a `\r` followed by a
/// `\n` is one ending.
pub(super) fn ending_at(src: &[u8], i: usize) -> Ending {
    match src[i] {
        b'\n' => Ending::Lf,
        _ if src.get(i + 1) == Some(&b'\n') => Ending::CrLf,
        _ => Ending::Cr,
    }
}

/// How many lines `part` holds, and whether it has a `\r` (where it has none, `\n` alone ends
/// lines, and one byte is searched for).
pub(super) fn counted(part: &[u8]) -> (usize, bool) {
    let has_cr = memchr::memchr(b'\r', part).is_some();
    (count_lines(part, has_cr), has_cr)
}

/// Writes the lines of `src[part]`, which start at `part.start`, into `lines`, as many as
/// [`count_lines`] counts there, and returns the longest one's length, its ending included.
/// `has_cr`: whether the part has a `\r`.
pub(super) fn fill(lines: &mut [Packed], src: &[u8], part: Range<usize>, has_cr: bool) -> usize {
    let body = &src[part.clone()];
    let mut start = part.start;
    let mut k = 0;
    let mut longest = 0;
    if has_cr {
        // Line breaks are found with memchr: a byte-by-byte loop was a tenth of reading a file.
        for at in memchr::memchr2_iter(b'\n', b'\r', body) {
            let i = part.start + at;
            if i < start {
                // The `\n` of a `\r\n` pair, already taken with its `\r`.
                continue;
            }
            let ending = ending_at(src, i);
            lines[k] = Packed::new(start, ending);
            k += 1;
            let next = i + ending.as_bytes().len();
            longest = longest.max(next - start);
            start = next;
        }
    } else {
        for at in memchr::memchr_iter(b'\n', body) {
            lines[k] = Packed::new(start, Ending::Lf);
            k += 1;
            let next = part.start + at + 1;
            longest = longest.max(next - start);
            start = next;
        }
    }
    if start < part.end {
        lines[k] = Packed::new(start, Ending::None);
        k += 1;
        longest = longest.max(part.end - start);
    }
    debug_assert_eq!(k, lines.len(), "count_lines and fill disagree");
    longest
}

/// How many lines [`split_lines`] makes of `body`, so that it allocates exactly once: a `\n`
/// ends a line, so does a `\r` not followed by `\n` (looked for only when `has_cr`), and so
/// does the end after a last unended line.
pub(super) fn count_lines(body: &[u8], has_cr: bool) -> usize {
    let newlines = memchr::memchr_iter(b'\n', body).count();
    let lone_crs = if has_cr {
        memchr::memchr_iter(b'\r', body)
            .filter(|&i| body.get(i + 1) != Some(&b'\n'))
            .count()
    } else {
        0
    };
    newlines + lone_crs + usize::from(body.last().is_some_and(|&b| b != b'\n' && b != b'\r'))
}

/// The state machine of `RawConfigParser._read`, line by line from `state`: sets each line's
/// kind, and returns the kinds of the wide lines. `end` is where the last line ends; `first` is
/// the number of the first line.
pub(super) fn classify(
    src: &Source,
    lines: &mut [Packed],
    end: usize,
    first: usize,
    state: &mut ReadState,
) -> Vec<(u32, LineKind)> {
    let mut wide = Vec::new();
    for i in 0..lines.len() {
        let text = line_text(src, lines, i, end);
        let kind = state.kind(text);
        if !lines[i].set_kind(&kind, text) {
            wide.push(((first + i) as u32, kind));
        }
    }
    wide
}

/// The text of line `i` of `lines`, the last of which ends at `end`.
pub(super) fn line_text<'s>(
    src: &'s Source,
    lines: &[Packed],
    i: usize,
    end: usize,
) -> Option<&'s str> {
    let next = lines.get(i + 1).map_or(end, |l| l.start as usize);
    src.text(lines[i].start as usize..next - lines[i].ending().as_bytes().len())
}

/// Sources at least this large are read on two threads (`classify_all`, and the AWS reading
/// of `crate::aws`): below it a thread costs more than it saves.
pub const PARALLEL_BYTES: usize = 256 * 1024;

/// [`classify`] for the whole document: a large one on two threads. The second takes the lines
/// from the middle on: first the comments and blank lines there, whose kind does not depend on
/// what came before and which change nothing; then, from the first section header that starts
/// its line (a header whatever came before it, which leaves the reader in the same state: in a
/// section, no key, no indent), everything to the end. The lines between the two are read after
/// the first half, in its state, which the comments and blank lines before them did not change.
pub(super) fn classify_all(src: &Source, lines: &mut [Packed], end: usize) -> Vec<(u32, LineKind)> {
    let n = lines.len();
    if src.as_bytes().len() < PARALLEL_BYTES || n < 2 {
        return classify(src, lines, end, 0, &mut ReadState::default());
    }
    let k = n / 2;
    let middle = lines[k].start as usize;
    let (first, second) = lines.split_at_mut(k);
    let ((mut state, mut wide), (between, tail_wide)) = crate::threads::beside(
        || {
            let mut state = ReadState::default();
            let wide = classify(src, first, middle, 0, &mut state);
            (state, wide)
        },
        || classify_from_header(src, second, end, k),
    );
    let between_end = lines.get(between.end).map_or(end, |l| l.start as usize);
    let start = between.start;
    wide.extend(classify(
        src,
        &mut lines[between],
        between_end,
        start,
        &mut state,
    ));
    wide.extend(tail_wide);
    wide
}

/// The second thread of [`classify_all`], on the lines from line `first` on: classifies the
/// comments and blank lines it starts with, and everything from the first header that starts
/// its line. Returns the lines left between the two (as line numbers) and the wide lines.
fn classify_from_header(
    src: &Source,
    lines: &mut [Packed],
    end: usize,
    first: usize,
) -> (Range<usize>, Vec<(u32, LineKind)>) {
    let n = lines.len();
    let mut after = 0;
    while after < n {
        let text = line_text(src, lines, after, end);
        match text.and_then(ReadState::stateless_kind) {
            // Never wide: these kinds have no offsets.
            Some(kind) => lines[after].set_kind(&kind, text),
            None => break,
        };
        after += 1;
    }
    let header = (after..n)
        .find(|&i| {
            line_text(src, lines, i, end)
                .is_some_and(|t| t.starts_with('[') && section_header(py::strip(t)).is_some())
        })
        .unwrap_or(n);
    let wide = classify(
        src,
        &mut lines[header..],
        end,
        first + header,
        &mut ReadState::default(),
    );
    (first + after..first + header, wide)
}

/// What `RawConfigParser._read` remembers from one line to the next.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct ReadState {
    /// Whether a section header has been seen (`cursect is not None`).
    pub(super) in_section: bool,
    /// Whether the last key-or-header line was a key (`optname` is set).
    pub(super) have_key: bool,
    pub(super) indent_level: usize,
}

impl ReadState {
    /// A comment or a blank line: kinds that do not depend on the state and leave it as it is.
    /// Stripped on the left only: a comment is known without its end being looked at.
    fn stateless_kind(text: &str) -> Option<LineKind> {
        Self::stateless_kind_of_stripped(py::lstrip(text))
    }

    /// [`ReadState::stateless_kind`] of a text already stripped on the left.
    fn stateless_kind_of_stripped(left: &str) -> Option<LineKind> {
        if left.starts_with('#') || left.starts_with(';') {
            Some(LineKind::Comment)
        } else if left.is_empty() {
            Some(LineKind::Blank)
        } else {
            None
        }
    }

    /// The kind of the next line, whose text is `text` (`None`: not UTF-8), and the state after
    /// it.
    pub(super) fn kind(&mut self, text: Option<&str>) -> LineKind {
        let Some(text) = text else {
            return LineKind::NotUtf8;
        };
        let left = py::lstrip(text);
        if let Some(kind) = ReadState::stateless_kind_of_stripped(left) {
            return kind;
        }
        let indent = py::indent(text);
        let kind = self.read(text, left, indent);
        self.after(Tag::of(&kind), || indent);
        kind
    }

    /// The kind, in this state, of a line that is neither blank nor a comment: `text`, `left`
    /// its text stripped on the left, `indent` its indent.
    fn read(&self, text: &str, left: &str, indent: usize) -> LineKind {
        if self.in_section && self.have_key && indent > self.indent_level {
            return LineKind::Continuation;
        }
        let stripped = py::rstrip(left);
        let offset = stripped.as_ptr() as usize - text.as_ptr() as usize;
        // Offsets fit in u32: a line is never longer than its source (at most MAX_SOURCE).
        let at = |x: usize| x as u32;
        if let Some(header) = section_header(stripped) {
            return LineKind::Section {
                header: at(header.start + offset)..at(header.end + offset),
            };
        }
        if !self.in_section {
            return LineKind::Orphan;
        }
        // Both delimiters are ASCII: the first of either byte is the first of either character.
        match memchr::memchr2(b'=', b':', stripped.as_bytes()) {
            None => LineKind::NoDelimiter,
            Some(d) => {
                let key = py::rstrip(&stripped[..d]);
                if key.is_empty() {
                    LineKind::EmptyKey
                } else {
                    let value = py::strip(&stripped[d + 1..]);
                    let value_start = value.as_ptr() as usize - text.as_ptr() as usize;
                    LineKind::Key {
                        key: at(offset)..at(offset + key.len()),
                        delim: at(offset + d),
                        value: at(value_start)..at(value_start + value.len()),
                    }
                }
            }
        }
    }

    /// The state after a line of kind `tag` whose indent is `indent()`: every line but those
    /// that leave the state sets the indent, a header enters a section with no key read yet, and
    /// a key is a key read. The one place the state changes: [`ReadState::kind`] and the reading
    /// of a rewrite from its original (`doc::edited`, from kinds already known) both come here.
    pub(super) fn after(&mut self, tag: Tag, indent: impl FnOnce() -> usize) {
        if tag.leaves_state() {
            return;
        }
        self.indent_level = indent();
        match tag {
            Tag::Section => {
                self.in_section = true;
                self.have_key = false;
            }
            Tag::Key => self.have_key = true,
            _ => {}
        }
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
