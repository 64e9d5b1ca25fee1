//! Reading a rewrite from its original: [`Document::parse_edited`].
//!
//! A rewrite keeps nearly every line of its original, byte for byte. Its lines are therefore the
//! original's lines, moved, except those the edit wrote, which are split and classified as
//! [`Document::parse`] does. A kept line keeps its kind where the reader arrives at it in the
//! state it was in before the edit (a line's kind depends only on its text and that state), and
//! is classified again where it does not, until the two states agree, which the next section
//! header at the start of a line always brings about. What is left of the full parse's work is
//! one pass over the kept lines' table; the search for line breaks and the reading of each
//! line's text are for what the edit touched.
//!
//! The kept lines' bytes are not copied: the rewrite shares the original's text and keeps only
//! what the edit wrote beside it, each run of lines ("piece") shifted from where it is in the
//! rewrite to where its bytes are (`pieces`). On 10,000 migrated portals that is the 2.9 MB of
//! kept text a copy of the rewrite held, while both files are read back and compared.
//!
//! The result is always what [`Document::parse`] makes of the rewrite's bytes: every line split
//! here starts where the line before it ended and ends as the full split would end it, which is
//! checked where a piece meets the next. Where anything does not match (a change whose text does
//! not end its last line, a kept line ending in `\r` before an added `\n`, operations that are
//! not the edit's), or the original is not all text, the rewrite is put together and parsed
//! whole instead.
//!
//! [`crate::verify::untouched`] checks that the kept lines are the original's before the
//! readers skip them: where the rewrite was read from the original
//! ([`EditedReading::FromOriginal`]), they are the original's own bytes, and the migration does
//! not check them.

use std::ops::Range;
use std::sync::Arc;

use super::edit::{LineOps, Written};
use super::pieces::Pieces;
use super::{
    BOM, Document, Ending, LineKind, MAX_SOURCE, Packed, ReadState, Rewrite, Source, Tag, py,
};

/// How [`Document::parse_edited`] read a rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditedReading {
    /// From the original's lines, whose bytes it shares. On the way, `ops` were found to cover
    /// both documents line after line: what [`crate::verify::untouched`] checks, which need not
    /// be checked again.
    FromOriginal,
    /// Whole, as [`Document::parse`] reads any file: nothing is known of `ops`.
    Whole,
}

impl Document {
    /// [`Document::parse`] of `old` changed as `ops` say with the text `written` (both as
    /// [`super::edit::apply`] returns them; the bytes [`super::edit::Applied::bytes`] puts
    /// together), reading only what the change touched and sharing the original's bytes, and
    /// how it was read. Equal to a parse of those bytes whatever `written` and `ops` are.
    pub fn parse_edited(
        old: &Document,
        written: Written,
        ops: &LineOps,
    ) -> (Document, EditedReading) {
        match Splice::run(old, &written, ops) {
            Some(Spliced {
                lines,
                wide,
                longest,
                end,
                pieces,
            }) => (
                Document {
                    bom: old.bom,
                    end: end as u32,
                    src: Arc::new(Source::Rewrite(Box::new(Rewrite {
                        original: Arc::clone(&old.src),
                        written: written.text,
                        pieces,
                    }))),
                    lines,
                    wide,
                    longest: longest as u32,
                },
                EditedReading::FromOriginal,
            ),
            None => (
                Document::parse(written.spliced_into(old, ops)),
                EditedReading::Whole,
            ),
        }
    }
}

/// The rewrite's lines, read from the original's: [`Document`]'s fields of the same names, and
/// where each line's bytes are.
struct Spliced {
    lines: Vec<Packed>,
    wide: Vec<(u32, LineKind)>,
    longest: usize,
    end: usize,
    pieces: Pieces,
}

/// The rewrite's lines as they are made, and the reader's state in both files.
struct Splice<'a> {
    old: &'a Document,
    /// The original's text, and what the edit wrote.
    original: &'a str,
    written: &'a Written,
    lines: Vec<Packed>,
    wide: Vec<(u32, LineKind)>,
    pieces: Pieces,
    /// No line so far is longer, its ending included: a kept line counts at the original's
    /// longest, a written one at its own length.
    longest: usize,
    /// Where the next line of the rewrite starts.
    at: usize,
    /// How the last line so far ends.
    last_ending: Option<Ending>,
    /// The reader's state after the original's lines so far, and after the rewrite's.
    before: ReadState,
    after: ReadState,
}

impl<'a> Splice<'a> {
    fn run(old: &'a Document, written: &'a Written, ops: &LineOps) -> Option<Spliced> {
        let Source::Text(original) = &*old.src else {
            return None;
        };
        // Every offset of the rewrite and every place its bytes are kept fit a line's `u32`.
        let space = original.len().checked_add(written.text.len())?;
        if space > MAX_SOURCE {
            return None;
        }
        // The operations follow each other from the first line of both files: they cover the
        // original where they end at its last line.
        let [old_lines, count] = ops.line_counts();
        // Every line holds a byte at least: more lines than bytes is not this file's edit.
        if old_lines != old.len() || count > space {
            return None;
        }
        let mut lines = Vec::with_capacity(count);
        crate::pages::prefer_huge_pages(&mut lines);
        let mut s = Splice {
            old,
            original,
            written,
            lines,
            wide: Vec::new(),
            pieces: Pieces::for_lines(count),
            longest: 0,
            at: if old.bom { BOM.len() } else { 0 },
            last_ending: None,
            before: ReadState::default(),
            after: ReadState::default(),
        };
        let mut changes = 0;
        for op in ops.iter() {
            if op.is_equal() {
                s.kept(op.old_range())?;
            } else {
                s.changed(op.old_range(), op.new_range().len(), changes)?;
                changes += 1;
            }
        }
        let whole = s.lines.len() == count && changes >= written.ends.len() && s.at <= MAX_SOURCE;
        s.pieces.finish(s.lines.len());
        whole.then_some(Spliced {
            lines: s.lines,
            wide: s.wide,
            longest: s.longest,
            end: s.at,
            pieces: s.pieces,
        })
    }

    /// A piece from the next line on, kept at `at`, whose bytes start with `bytes`: where the
    /// last line has no ending, or a lone `\r` that this piece's `\n` would join, a full parse
    /// would read one line across the two, and where a file without a byte-order mark would
    /// start with one, it would not read the first line as written; this reading gives up.
    fn piece(&mut self, at: usize, bytes: &[u8]) -> Option<()> {
        match self.last_ending {
            Some(Ending::None) => return None,
            Some(Ending::Cr) if bytes.first() == Some(&b'\n') => return None,
            None if !self.old.bom && bytes.starts_with(BOM) => return None,
            _ => {}
        }
        self.pieces.start(self.lines.len(), self.at, at);
        Some(())
    }

    /// The original's lines `lines`, kept: the same bytes at [`Splice::at`].
    fn kept(&mut self, lines: Range<usize>) -> Option<()> {
        if lines.is_empty() {
            return Some(());
        }
        let old = self.old;
        let from = old.lines_range(lines.clone());
        self.piece(from.start, self.original.as_bytes().get(from.clone())?)?;
        let to = self.at..self.at + from.len();
        self.longest = self.longest.max(old.longest as usize);
        let moved = |at: usize| (at - from.start + to.start) as u32;
        let mut i = lines.start;
        // Line by line while the reader is in another state in the rewrite than it was here.
        while i < lines.end && self.before != self.after {
            let mut line = old.lines[i];
            line.start = moved(line.start as usize);
            self.lines.push(line);
            // A comment, a blank line or one that is not text has its kind in any state.
            if !matches!(line.tag(), Tag::Blank | Tag::Comment | Tag::NotUtf8) {
                self.before.step(old, i);
                self.classify_last(Some(old.text(i)));
            }
            i += 1;
        }
        // From here on the rewrite reads as the original did.
        if i < lines.end {
            let rest = i..lines.end;
            let first = self.lines.len();
            self.lines
                .extend(old.lines[rest.clone()].iter().map(|line| Packed {
                    start: moved(line.start as usize),
                    ..*line
                }));
            let wide = &old.wide;
            let within = wide.partition_point(|(l, _)| (*l as usize) < rest.start)
                ..wide.partition_point(|(l, _)| (*l as usize) < rest.end);
            self.wide.extend(
                wide[within]
                    .iter()
                    .map(|(l, kind)| ((*l as usize - rest.start + first) as u32, kind.clone())),
            );
            self.before.step_over(old, rest);
            self.after.clone_from(&self.before);
        }
        self.at = to.end;
        self.last_ending = Some(old.ending(lines.end - 1));
        Some(())
    }

    /// The original's lines `lines` replaced by `count` lines, the text of the `k`-th change,
    /// split and classified as [`Document::parse`] does.
    fn changed(&mut self, lines: Range<usize>, count: usize, k: usize) -> Option<()> {
        for i in lines {
            self.before.step(self.old, i);
        }
        let (text, start) = self.written.change(k);
        if count == 0 || text.is_empty() {
            // No line is written: neither is any text, or the text is no line.
            return (count == 0 && text.is_empty()).then_some(());
        }
        // Where the change's text is kept: after the original, where it is in the written text.
        self.piece(self.original.len() + start, text.as_bytes())?;
        let mut at = 0;
        for _ in 0..count {
            let (next, ending) = next_line(text.as_bytes(), at)?;
            self.longest = self.longest.max(next - at);
            self.lines.push(Packed::new(self.at, ending));
            let line_text = &text[at..next - ending.as_bytes().len()];
            self.at += next - at;
            at = next;
            self.last_ending = Some(ending);
            self.classify_last(Some(line_text));
        }
        // The change's text is its lines, no more.
        (at == text.len()).then_some(())
    }

    /// Classifies the last line made, whose text is `text`, in the rewrite's state.
    fn classify_last(&mut self, text: Option<&str>) {
        let k = self.lines.len() - 1;
        let kind = self.after.kind(text);
        if !self.lines[k].set_kind(&kind, text) {
            self.wide.push((k as u32, kind));
        }
    }
}

/// The line that starts at `at`: where the next one starts, and how this one ends. `None` at
/// the end of `bytes`.
fn next_line(bytes: &[u8], at: usize) -> Option<(usize, Ending)> {
    if at >= bytes.len() {
        return None;
    }
    Some(match memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
        None => (bytes.len(), Ending::None),
        Some(i) => {
            let ending = super::read::ending_at(bytes, at + i);
            (at + i + ending.as_bytes().len(), ending)
        }
    })
}

impl ReadState {
    /// The state after line `i` of `doc`, whose kind is known, from the state before it: what
    /// [`ReadState::kind`] leaves behind when it reads that line.
    fn step(&mut self, doc: &Document, i: usize) {
        self.after(doc.tag_of(i), || indent(doc, i));
    }

    /// [`ReadState::step`] over the lines `lines` of `doc`, from the last: the indent is the
    /// last header's, key's or junk line's, and whether a key was read is decided by the last
    /// header or key (a key is read only inside a section, so either means one was entered).
    /// Lines of other kinds leave the state as it is.
    fn step_over(&mut self, doc: &Document, lines: Range<usize>) {
        let mut indent_known = false;
        for i in lines.rev() {
            let tag = doc.tag_of(i);
            if tag.leaves_state() {
                continue;
            }
            if !indent_known {
                self.indent_level = indent(doc, i);
                indent_known = true;
            }
            if matches!(tag, Tag::Section | Tag::Key) {
                self.in_section = true;
                self.have_key = tag == Tag::Key;
                return;
            }
        }
    }
}

/// `py::indent` of line `i` of `doc`, a header, a key or a junk line: a header's or a key's
/// offsets say where its text starts, and at 0 there is no indent to count.
fn indent(doc: &Document, i: usize) -> usize {
    let line = &doc.lines[i];
    let unindented = match line.tag() {
        Tag::Section => line.first_offset() == 1,
        Tag::Key => line.first_offset() == 0,
        _ => false,
    };
    if unindented {
        0
    } else {
        py::indent(doc.text(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::edit::{self, Edits};
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    /// What a document is made of: its byte-order mark, its end, each line's place, ending and
    /// kind, and its wide lines.
    type Shape = (bool, u32, Vec<(u32, u8, [u8; 3])>, Vec<(u32, LineKind)>);

    fn shape(d: &Document) -> Shape {
        let lines = d.lines.iter().map(|p| (p.start, p.tag, p.at)).collect();
        (d.bom, d.end, lines, d.wide.clone())
    }

    /// Every way of reading `edited`'s bytes gives `whole`'s: each line's text, bytes and kind,
    /// every run of lines as one text and in pieces, and the whole file.
    fn assert_same_bytes(edited: &Document, whole: &Document) {
        assert_eq!(edited.bytes(), whole.bytes());
        assert_eq!(edited.byte_len(), whole.byte_len());
        let mut written = Vec::new();
        edited.write_to(&mut written).unwrap();
        assert_eq!(written, &*whole.bytes());
        let n = whole.len();
        for i in 0..n {
            assert_eq!(edited.raw(i), whole.raw(i), "line {i}");
            assert_eq!(edited.raw_text(i), whole.raw_text(i), "line {i}");
            assert_eq!(edited.text(i), whole.text(i), "line {i}");
            assert_eq!(edited.line(i), whole.line(i), "line {i}");
            assert_eq!(edited.key_value(i), whole.key_value(i), "line {i}");
            assert_eq!(edited.key_delimiter(i), whole.key_delimiter(i), "line {i}");
            assert_eq!(edited.first_byte(i), whole.first_byte(i), "line {i}");
        }
        for start in 0..=n {
            for end in start..=n {
                let lines = start..end;
                assert_eq!(
                    edited.lines_text(lines.clone()),
                    whole.lines_text(lines.clone())
                );
                assert_eq!(
                    edited.lines_bytes(lines.clone()),
                    whole.lines_bytes(lines.clone())
                );
                assert_eq!(
                    edited.lines_len(lines.clone()),
                    whole.lines_len(lines.clone())
                );
                let mut parts = String::new();
                edited.lines_in_pieces(lines.clone(), |part| {
                    assert!(!part.is_empty(), "an empty piece");
                    parts.push_str(part);
                });
                assert_eq!(parts, whole.lines_text(lines));
            }
        }
    }

    /// `edits` applied to `src`, read from the original and whole: the two must be the same
    /// document. Returns whether the reading from the original was taken (not the fallback).
    fn assert_reads_as_parsed(src: &[u8], edits: Edits) -> Option<bool> {
        let old = Document::parse(src);
        let applied = edit::apply(&old, edits).ok()?;
        let whole = Document::parse(applied.bytes(&old));
        let (edited, reading) = Document::parse_edited(&old, applied.written, &applied.ops);
        // Read whole, the longest line is known exactly; read from the original, no line is
        // longer than the document says.
        assert_eq!(whole.longest as usize, whole.longest_line_measured());
        assert!(edited.longest >= whole.longest);
        let spliced = reading == EditedReading::FromOriginal;
        if spliced {
            // What the reading says it checked, checked.
            assert!(crate::verify::untouched(&old, &edited, &applied.ops).is_ok());
        }
        assert_same_bytes(&edited, &whole);
        // Read from the original, the rewrite keeps only what the edit wrote.
        assert_eq!(spliced, matches!(*edited.src, Source::Rewrite(_)));
        assert!(
            shape(&edited) == shape(&whole),
            "{:?} edited differs from its full parse:\n{:?}\n{:?}",
            String::from_utf8_lossy(src),
            edited.lines().collect::<Vec<_>>(),
            whole.lines().collect::<Vec<_>>()
        );
        Some(spliced)
    }

    const LEGACY: &str = "# top\n[default]\nregion = us-east-1\n\n[profile a]\n\
        sso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n\
        sso_account_id = 1\n  continued\nsso_role_name = r\n\n[profile b]\nregion = x\n";

    #[test]
    fn a_migration_shaped_edit_is_read_from_the_original() {
        let mut edits = Edits::default();
        (edits.insert(4, Ending::Lf))
            .line(&["[sso-session acme]"])
            .line(&["sso_region = us-east-1"])
            .line(&[]);
        edits.replace(5, &["sso_session = acme"]);
        edits.delete(6..7);
        assert_eq!(assert_reads_as_parsed(LEGACY.as_bytes(), edits), Some(true));
    }

    #[test]
    fn a_kept_line_read_in_another_state_is_classified_again() {
        // Deleting `k = v` makes the indented lines after it a key of its own and a header of
        // their own; replacing a header with a key makes them continuations.
        let src = "[a]\nk = v\n  x = 1\n  [b]\n  y = 2\n[c]\nz = 3\n";
        let delete = Edits::deleting(1..2);
        assert_eq!(assert_reads_as_parsed(src.as_bytes(), delete), Some(true));
        let src = "[a]\n[b]\n  x = 1\n  [c]\n[d]\n";
        let replace = Edits::replacing(1, "k = v");
        assert_eq!(assert_reads_as_parsed(src.as_bytes(), replace), Some(true));
    }

    #[test]
    fn an_edit_that_joins_two_lines_is_read_whole() {
        // A kept line ending in a lone `\r` before an inserted line that starts a `\n` pair is
        // one line in the rewrite; so is a replaced line whose text holds a line break.
        let src = "[a]\rk = v\r\n";
        let insert = Edits::inserting(1, &[""], Ending::Lf);
        assert_eq!(assert_reads_as_parsed(src.as_bytes(), insert), Some(false));
        let replace = Edits::replacing(0, "[a]\nx = 1");
        assert_eq!(
            assert_reads_as_parsed(LEGACY.as_bytes(), replace),
            Some(false)
        );
    }

    #[test]
    fn ops_that_do_not_describe_the_text_are_read_whole() {
        // `apply` never makes these; the reading must still be the full parse's.
        let unended = Document::parse("[a]\nk = v");
        let ended = Document::parse("[a]\nk = v\n");
        // `kept` lines kept, then `added` lines added, then `after` kept.
        let ops = |kept: usize, added: usize, after: usize| {
            let mut ops = LineOps::default();
            ops.keep(kept);
            ops.change(0, added);
            ops.keep(after);
            ops
        };
        let cases: [(&Document, &[&str], LineOps, &str); 7] = [
            // The kept last line had no newline; bytes follow it in the rewrite.
            (&unended, &["[b]\n"], ops(2, 1, 0), "[a]\nk = v[b]\n"),
            // The change's text does not end its line; a kept line follows it.
            (&ended, &["x = 1"], ops(1, 1, 1), "[a]\nx = 1k = v\n"),
            // The change's text is more lines than the ops say.
            (
                &ended,
                &["[b]\n[c]\n"],
                ops(2, 1, 0),
                "[a]\nk = v\n[b]\n[c]\n",
            ),
            // The text of a change the ops do not have.
            (&ended, &["", "[b]\n"], ops(2, 0, 0), "[a]\nk = v\n"),
            // The ops keep lines the original does not have.
            (&ended, &[], ops(3, 0, 0), "[a]\nk = v\n"),
            // The ops claim more lines than the rewrite has bytes (no table is made for them).
            (&ended, &["[b]\n"], ops(2, 1 << 31, 0), "[a]\nk = v\n[b]\n"),
            // A byte-order mark written at the start of a file without one.
            (
                &ended,
                &["\u{feff}[b]\n"],
                ops(0, 1, 2),
                "\u{feff}[b]\n[a]\nk = v\n",
            ),
        ];
        for (old, parts, ops, bytes) in cases {
            let written = edit::Written::of(parts);
            assert_eq!(written.spliced_into(old, &ops), bytes.as_bytes());
            let (edited, reading) = Document::parse_edited(old, written, &ops);
            assert!(
                shape(&edited) == shape(&Document::parse(bytes)),
                "{bytes:?}"
            );
            // Ops that are not the rewrite's are never taken as checked.
            assert_eq!(reading, EditedReading::Whole, "{bytes:?}");
        }
    }

    /// Lines to build files and edits from: headers and keys indented or not, continuations,
    /// comments, blanks, junk, lines too wide to pack, and a few with line breaks inside.
    const VOCABULARY: &[&str] = &[
        "[profile a]",
        "  [b]",
        "[c] x",
        "[]",
        "[DEFAULT]",
        "k = v",
        "  k = v",
        "\tk: v",
        "  more",
        "    deeper",
        "# c",
        "  ; c",
        "",
        "  ",
        "= v",
        "junk",
        "\u{a0}k = v",
        "\u{a0}[d]",
        "\u{2003}  more",
    ];

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            20 => proptest::sample::select(VOCABULARY).prop_map(str::to_string),
            1 => Just(format!("{}k = v", " ".repeat(300))),
            1 => Just("x\ny".to_string()),
            1 => Just("x\r".to_string()),
            1 => Just("\ny".to_string()),
        ]
    }

    fn ending() -> impl Strategy<Value = Ending> {
        proptest::sample::select(vec![Ending::Lf, Ending::Lf, Ending::CrLf, Ending::Cr])
    }

    fn file() -> impl Strategy<Value = Vec<u8>> {
        (
            any::<bool>(),
            proptest::collection::vec((line(), ending()), 0..24),
            any::<bool>(),
        )
            .prop_map(|(bom, lines, unended)| {
                let mut out = Vec::new();
                if bom {
                    out.extend_from_slice(BOM);
                }
                let n = lines.len();
                for (i, (text, ending)) in lines.into_iter().enumerate() {
                    out.extend_from_slice(text.as_bytes());
                    if !(unended && i + 1 == n) {
                        out.extend_from_slice(ending.as_bytes());
                    }
                }
                out
            })
    }

    #[derive(Debug, Clone)]
    enum Draft {
        Replace(String),
        Delete(usize),
        Insert(Vec<String>, Ending),
    }

    fn draft() -> impl Strategy<Value = Draft> {
        prop_oneof![
            line().prop_map(Draft::Replace),
            (1usize..4).prop_map(Draft::Delete),
            (proptest::collection::vec(line(), 1..4), ending())
                .prop_map(|(l, e)| Draft::Insert(l, e)),
        ]
    }

    /// Drafts placed at line numbers of a file of `n` lines, without overlapping.
    fn edits(n: usize, drafts: Vec<(usize, Draft)>) -> Edits {
        let mut next = 0;
        let mut placed: Vec<(usize, Draft)> = drafts
            .into_iter()
            .map(|(at, d)| (at % (n + 1), d))
            .collect();
        placed.sort_by_key(|(at, _)| *at);
        let mut out = Edits::default();
        for (at, d) in placed {
            if at < next {
                continue;
            }
            match d {
                Draft::Replace(text) if at < n => {
                    out.replace(at, &[&text]);
                    next = at + 1;
                }
                Draft::Delete(len) if at < n => {
                    let end = (at + len).min(n);
                    out.delete(at..end);
                    next = end;
                }
                Draft::Insert(lines, ending) => {
                    let mut inserted = out.insert(at, ending);
                    for line in &lines {
                        inserted.line(&[line]);
                    }
                    next = at;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn most_random_edits_are_read_from_the_original() {
        // The property below holds for a reading that always parses whole too: this shows the
        // reading from the original is what it tests, on the same kinds of files and edits.
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let cases = (
            file(),
            proptest::collection::vec((any::<usize>(), draft()), 0..6),
        );
        let (mut taken, mut all) = (0, 0);
        for _ in 0..500 {
            let (src, drafts) = cases.new_tree(&mut runner).unwrap().current();
            let n = Document::parse(src.as_slice()).len();
            if let Some(spliced) = assert_reads_as_parsed(&src, edits(n, drafts)) {
                all += 1;
                taken += usize::from(spliced);
            }
        }
        assert!(taken * 2 > all, "{taken} of {all} read from the original");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_edit_of_any_file_reads_as_the_rewrite_parsed_whole(
            src in file(),
            drafts in proptest::collection::vec((any::<usize>(), draft()), 0..6),
        ) {
            let n = Document::parse(src.as_slice()).len();
            assert_reads_as_parsed(&src, edits(n, drafts));
        }

        #[test]
        fn a_rewrite_with_the_ops_of_another_edit_reads_as_parsed_whole(
            src in file(),
            drafts in proptest::collection::vec((any::<usize>(), draft()), 0..6),
            others in proptest::collection::vec((any::<usize>(), draft()), 0..6),
        ) {
            let old = Document::parse(src.as_slice());
            let n = old.len();
            if let (Ok(a), Ok(b)) = (edit::apply(&old, edits(n, drafts)), edit::apply(&old, edits(n, others))) {
                let bytes = a.written.spliced_into(&old, &b.ops);
                let (edited, reading) = Document::parse_edited(&old, a.written, &b.ops);
                // Taken as checked only where the kept lines are the same: what the check says.
                prop_assert!(
                    reading == EditedReading::Whole
                        || crate::verify::untouched(&old, &edited, &b.ops).is_ok()
                );
                let whole = Document::parse(bytes);
                prop_assert!(shape(&edited) == shape(&whole));
                assert_same_bytes(&edited, &whole);
            }
        }
    }
}
