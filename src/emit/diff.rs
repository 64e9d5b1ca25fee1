//! The unified diff on stdout.
//!
//! The diff is built from the edit's own operations ([`crate::doc::edit::Applied::ops`]) with
//! `similar`'s hunk grouping and headers, so it shows exactly what changes. Every line is printed
//! with its own line ending (CRLF stays CRLF); a last line without a newline gets the standard
//! `\ No newline at end of file` marker, so `patch` reproduces the rewritten file byte for byte.
//! For `patch` or a file ([`FileBytes::Verbatim`]) lines from the file are written as they are,
//! never escaped; for a terminal or a coloured stream ([`FileBytes::Shown`]) each is escaped as
//! [`text::push_line_shown`] says, so no sequence in a comment can hide or fake a line of the
//! diff a person reviews.

use std::io::{self, Write};
use std::ops::Range;

use anstyle::{AnsiColor, Style};
use similar::{DiffOp, DiffTag};

use super::FileBytes;
use super::text;
use crate::doc::edit::LineOps;
use crate::doc::{Document, Ending};

const CONTEXT: usize = 3;

const HEADER: Style = Style::new().bold();
const HUNK: Style = AnsiColor::Cyan.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const ADDED: Style = AnsiColor::Green.on_default();

/// Writes a unified diff from `old` to `new`. `label` names the file in both headers. Writes
/// nothing when the ops change nothing. ANSI styles are written where `styled` says the stream
/// keeps them, and none otherwise: the stream that gets the file's bytes as they are has no
/// filter to drop them. `bytes` says how the file's lines (and `label`) are written.
pub fn diff(
    out: &mut dyn Write,
    styled: bool,
    bytes: FileBytes,
    label: &str,
    old: &Document,
    new: &Document,
    ops: &LineOps,
) -> io::Result<()> {
    let mut hunks = Hunks::new(ops, CONTEXT).peekable();
    if hunks.peek().is_none() {
        return Ok(());
    }
    // Each style's escape codes, rendered once instead of formatted for every line; none (the
    // plain style renders as nothing) where the stream would drop them.
    let [header, hunk_header, removed, added] = match styled {
        true => [HEADER, HUNK, REMOVED, ADDED],
        false => [Style::new(); 4],
    };
    let label = match bytes {
        FileBytes::Verbatim => label.as_bytes().to_vec(),
        FileBytes::Shown => {
            let mut shown = Vec::with_capacity(label.len());
            text::push_text_shown(&mut shown, label.as_bytes());
            shown
        }
    };
    for mark in ["---", "+++"] {
        write!(out, "{header}{mark} ")?;
        out.write_all(&label)?;
        writeln!(out, "{header:#}")?;
    }
    let styles = [Style::new(), removed, added]
        .map(|s| (s.render().to_string(), s.render_reset().to_string()));
    let [plain, removed, added] = &styles;
    // Lines are gathered into blocks: one write per block through the stream's layers (the
    // buffer, and on a terminal the colour filter), not five per line.
    let mut block = Block {
        out,
        buf: Vec::with_capacity(BLOCK + 1024),
        bytes,
    };
    for hunk in hunks {
        writeln!(
            block.buf,
            "{hunk_header}{}{hunk_header:#}",
            similar::udiff::UnifiedHunkHeader::new(&[hunk.head, hunk.tail])
        )?;
        for op in hunk.ops(ops) {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => block.lines(b' ', plain, old, old_range)?,
                DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                    block.lines(b'-', removed, old, old_range)?;
                    block.lines(b'+', added, new, new_range)?;
                }
            }
        }
    }
    block.out.write_all(&block.buf)
}

/// The hunks of `similar::group_diff_ops(ops, context)`, one at a time: a large rewrite's diff
/// holds neither a copy of its operations nor any hunk's list of them. Equal runs are cut to
/// `context` lines at the ends of the file, and a run longer than twice that ends one hunk and
/// starts the next.
struct Hunks<'o> {
    ops: &'o LineOps,
    next: usize,
    context: usize,
    /// The hunk being gathered: its first operation's place and that operation as the hunk
    /// starts it.
    open: Option<(usize, DiffOp)>,
}

/// One hunk: operations `first..=last` of the diff, the first as `head` and the last as `tail`
/// (equal runs cut to the context kept), the others as they are. A file whose every profile
/// changes is one hunk of hundreds of thousands of operations, never copied.
#[derive(Debug, Clone, Copy)]
struct Hunk {
    first: usize,
    last: usize,
    head: DiffOp,
    tail: DiffOp,
}

impl Hunk {
    /// The hunk's operations, in order, from the diff's `ops`.
    fn ops<'a>(&'a self, ops: &'a LineOps) -> impl Iterator<Item = DiffOp> + 'a {
        (self.first..=self.last).map(move |i| match i {
            _ if i == self.first => self.head,
            _ if i == self.last => self.tail,
            _ => ops.op(i).diff_op(),
        })
    }
}

impl<'o> Hunks<'o> {
    fn new(ops: &'o LineOps, context: usize) -> Self {
        Hunks {
            ops,
            next: 0,
            context,
            open: None,
        }
    }

    /// Operation `i`, an equal run at either end of the file cut to the context kept.
    fn op(&self, i: usize) -> DiffOp {
        let mut op = self.ops.op(i).diff_op();
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = &mut op
        {
            if i == 0 {
                let offset = len.saturating_sub(self.context);
                *old_index += offset;
                *new_index += offset;
                *len -= offset;
            }
            if i + 1 == self.ops.len() {
                *len -= len.saturating_sub(self.context);
            }
        }
        op
    }
}

impl Iterator for Hunks<'_> {
    type Item = Hunk;

    fn next(&mut self) -> Option<Hunk> {
        let n = self.context;
        while self.next < self.ops.len() {
            let i = self.next;
            let op = self.op(i);
            self.next += 1;
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
                && len > n * 2
            {
                // The run's first lines end the open hunk; its last lines start the next.
                let end = DiffOp::Equal {
                    old_index,
                    new_index,
                    len: n,
                };
                let offset = len.saturating_sub(n);
                let rest = DiffOp::Equal {
                    old_index: old_index + offset,
                    new_index: new_index + offset,
                    len: len - offset,
                };
                let (first, head) = self.open.replace((i, rest)).unwrap_or((i, end));
                return Some(Hunk {
                    first,
                    last: i,
                    head,
                    tail: end,
                });
            }
            self.open.get_or_insert((i, op));
        }
        let (first, head) = self.open.take()?;
        let last = self.ops.len() - 1;
        if first == last && matches!(head, DiffOp::Equal { .. }) {
            // Only the context after the last change: no hunk.
            return None;
        }
        let tail = if first == last { head } else { self.op(last) };
        Some(Hunk {
            first,
            last,
            head,
            tail,
        })
    }
}

/// How many bytes of diff lines are gathered before they are written.
const BLOCK: usize = 64 * 1024;

/// Diff lines on their way to `out`, gathered in `buf`, written as `bytes` says.
struct Block<'o> {
    out: &'o mut dyn Write,
    buf: Vec<u8>,
    bytes: FileBytes,
}

impl Block<'_> {
    /// Lines `lines` of `doc`, each after `tag`: `style` is the rendered escape code and its
    /// reset. Without one (context lines, and every line where the stream drops styles), a
    /// line is its bytes in the file, ending included, copied at once; a styled line's reset
    /// goes before its ending. Shown, a line is escaped and a lone CR ending shown as `\r`.
    fn lines(
        &mut self,
        tag: u8,
        style: &(String, String),
        doc: &Document,
        lines: Range<usize>,
    ) -> io::Result<()> {
        let plain = style.0.is_empty() && style.1.is_empty();
        for i in lines {
            let buf = &mut self.buf;
            let ending = doc.ending(i);
            match (self.bytes, plain) {
                (FileBytes::Verbatim, true) => {
                    buf.push(tag);
                    buf.extend_from_slice(doc.raw(i));
                }
                (FileBytes::Verbatim, false) => {
                    buf.extend_from_slice(style.0.as_bytes());
                    buf.push(tag);
                    buf.extend_from_slice(doc.raw_text(i));
                    buf.extend_from_slice(style.1.as_bytes());
                    buf.extend_from_slice(ending.as_bytes());
                }
                (FileBytes::Shown, _) => {
                    buf.extend_from_slice(style.0.as_bytes());
                    buf.push(tag);
                    text::push_text_shown(buf, doc.raw_text(i));
                    buf.extend_from_slice(style.1.as_bytes());
                    text::push_ending_shown(buf, ending);
                }
            }
            if ending == Ending::None {
                buf.extend_from_slice(NO_NEWLINE);
            }
            if buf.len() >= BLOCK {
                self.out.write_all(buf)?;
                buf.clear();
            }
        }
        Ok(())
    }
}

/// After a last line without a newline: a line of its own, for `patch`.
const NO_NEWLINE: &[u8] = b"\n\\ No newline at end of file\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::edit::{Edits, apply};

    fn render(src: &str, edits: Edits) -> String {
        String::from_utf8(render_bytes(src, edits, true)).unwrap()
    }

    fn render_bytes(src: &str, edits: Edits, styled: bool) -> Vec<u8> {
        render_as(src, edits, styled, FileBytes::Verbatim, "config")
    }

    fn render_as(src: &str, edits: Edits, styled: bool, bytes: FileBytes, label: &str) -> Vec<u8> {
        let old = Document::parse(src);
        let applied = apply(&old, edits).unwrap();
        // Read as the migration reads it, from the original.
        let (new, _) = Document::parse_edited(&old, applied.written, &applied.ops);
        let mut out = Vec::new();
        diff(&mut out, styled, bytes, label, &old, &new, &applied.ops).unwrap();
        out
    }

    /// `bytes` as a stream that drops styles passes them on.
    fn dropped(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        crate::emit::plain::StripStyles::new(&mut out)
            .write_all(bytes)
            .unwrap();
        out
    }

    fn plain(s: &str) -> String {
        anstream::adapter::strip_str(s).to_string()
    }

    #[test]
    fn hunks_come_one_at_a_time_as_similar_groups_them() {
        // Every sequence of up to five operations from a set of equal runs (short, at the
        // limit of twice the context, past it) and changes; two of a kind in a row merge.
        let kinds: [(bool, usize, usize); 7] = [
            (true, 1, 1),
            (true, 6, 6),
            (true, 7, 7),
            (true, 20, 20),
            (false, 1, 0),
            (false, 0, 2),
            (false, 2, 1),
        ];
        let seqs = crate::doc::edit::sequences(kinds.len(), 5);
        assert_eq!(seqs.len(), (0..=5).map(|k| 7usize.pow(k)).sum::<usize>());
        for seq in &seqs {
            let ops = crate::doc::edit::ops_of(&kinds, seq);
            let theirs = similar::group_diff_ops(ops.iter().map(|op| op.diff_op()).collect(), 3);
            let ours: Vec<Vec<DiffOp>> =
                Hunks::new(&ops, 3).map(|h| h.ops(&ops).collect()).collect();
            assert_eq!(ours, theirs, "{seq:?}");
        }
    }

    #[test]
    fn unstyled_lines_read_the_same_once_the_stream_drops_the_codes() {
        let edits = || Edits::replacing(2, "k = w");
        let src = "[a]\n# note\nk = v\nx = 1";
        let [styled, unstyled] = [true, false].map(|s| render_bytes(src, edits(), s));
        assert_eq!(unstyled, dropped(&styled));
        // Styled, the headers and the changed lines have codes; unstyled, nothing has one.
        let lines = |bytes: &[u8]| -> Vec<Vec<u8>> {
            bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
        };
        let (styled, unstyled) = (lines(&styled), lines(&unstyled));
        let coded = |ls: &[Vec<u8>]| ls.iter().filter(|l| l.contains(&0x1b)).count();
        assert_eq!(
            coded(&styled),
            5,
            "the two file headers, the hunk header, the removed line and the added one"
        );
        assert_eq!(coded(&unstyled), 0);
    }

    #[test]
    fn plain_lines_are_the_styled_ones_without_codes_whatever_their_endings() {
        // Unstyled, a line is copied with its ending at once; styled, its reset goes before the
        // ending: both must give the same bytes once the codes are dropped, for every ending,
        // a byte-order mark and a last line without a newline, on context, removed and added
        // lines alike.
        let srcs = [
            "[a]\r\nx = 1\r\nk = v\r\ny = 2\r\n",
            "[a]\rx = 1\rk = v\ry = 2\r",
            "\u{feff}[a]\nx = 1\nk = v\ny = 2",
            "[a]\nx = 1\r\nk = v\ry = 2",
            "[a]\nx = 1\nk = v",
        ];
        for src in srcs {
            for edits in [
                Edits::replacing(2, "k = w"),
                Edits::deleting(1..2),
                Edits::deleting(2..3),
            ] {
                let [styled, unstyled] = [true, false].map(|s| render_bytes(src, edits.clone(), s));
                assert_eq!(unstyled, dropped(&styled), "{src:?}");
                assert!(!unstyled.contains(&0x1b), "{src:?}");
            }
        }
        let out = render_bytes("[a]\rk = v\ry = 2", Edits::replacing(1, "k = w"), false);
        assert_eq!(
            dropped(&out),
            b"--- config\n+++ config\n@@ -1,3 +1,3 @@\n [a]\r-k = v\r+k = w\r y = 2\n\\ No newline at end of file\n"
        );
    }

    /// The file's escape sequences and controls: as they are for `patch`, escaped for a
    /// terminal, styled or not; a tab stays a tab, a CRLF a CRLF.
    #[test]
    fn file_bytes_are_verbatim_for_patch_and_escaped_for_a_terminal() {
        let src = "[a]\r\n# \x1b[2J\x1b]0;t\x07\tx\u{202e}\r\nk = v\r\n";
        let edits = || Edits::replacing(2, "k = w");
        let verbatim = render_as(src, edits(), false, FileBytes::Verbatim, "c\x1bfg");
        assert_eq!(
            verbatim,
            "--- c\x1bfg\n+++ c\x1bfg\n@@ -1,3 +1,3 @@\n [a]\r\n # \x1b[2J\x1b]0;t\x07\tx\u{202e}\r\n-k = v\r\n+k = w\r\n"
                .as_bytes()
        );
        let shown = "--- c\\efg\n+++ c\\efg\n@@ -1,3 +1,3 @@\n [a]\r\n # \\e[2J\\e]0;t\\x07\tx\\u{202e}\r\n-k = v\r\n+k = w\r\n";
        let plain = render_as(src, edits(), false, FileBytes::Shown, "c\x1bfg");
        assert_eq!(plain, shown.as_bytes());
        let styled = render_as(src, edits(), true, FileBytes::Shown, "c\x1bfg");
        assert_eq!(dropped(&styled), shown.as_bytes());
        // A lone CR ends a line shown as `\r`, before a newline.
        let cr = render_as(
            "[a]\rk = v\r",
            Edits::replacing(1, "k = w"),
            false,
            FileBytes::Shown,
            "c",
        );
        assert_eq!(
            cr,
            b"--- c\n+++ c\n@@ -1,2 +1,2 @@\n [a]\\r\n-k = v\\r\n+k = w\\r\n"
        );
    }

    #[test]
    fn identical_renders_nothing() {
        assert_eq!(render("[a]\nk = v\n", Edits::default()), "");
    }

    #[test]
    fn marks_a_missing_final_newline() {
        let out = plain(&render("[a]\nk = v", Edits::replacing(1, "k = w")));
        assert_eq!(
            out,
            "--- config\n+++ config\n@@ -1,2 +1,2 @@\n [a]\n-k = v\n\\ No newline at end of file\n+k = w\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn keeps_crlf_on_diff_lines() {
        let out = plain(&render("[a]\r\nk = v\r\n", Edits::deleting(1..2)));
        assert_eq!(
            out,
            "--- config\n+++ config\n@@ -1,2 +1 @@\n [a]\r\n-k = v\r\n"
        );
    }
}
