//! Reading a rewrite from its original: [`Document::parse_edited`].
//!
//! A rewrite keeps nearly every line of its original, byte for byte. Its lines are therefore the
//! original's lines, moved, except those the edit wrote, which are split and classified as
//! [`Document::parse`] does. A kept line keeps its kind where the reader arrives at it in the
//! state it was in before the edit (a line's kind depends only on its text and that state), and
//! is classified again where it does not, until the two states agree, which the next section
//! header at the start of a line always brings about. What is left of the full parse's work is
//! one comparison of the kept bytes and one pass over the kept lines' table; the search for line
//! breaks and the reading of each line's text are for what the edit touched.
//!
//! The result is always exactly [`Document::parse`]'s: every line split here starts where the
//! line before it ended and ends as the full split would end it, and every kept stretch is
//! compared with the original's bytes and with what follows it. Where anything does not match
//! (edits that are not what they say, a kept line ending in `\r` before an added `\n`), or the
//! rewrite is not all text, the rewrite is parsed whole instead.
//!
//! That comparison is the one [`crate::verify::untouched`] makes before the readers skip the
//! kept lines: where the rewrite was read from the original ([`EditedReading::FromOriginal`]),
//! the migration does not make it a second time (on a 17 MB file, 1.4 ms of a 28 ms dry run).

use std::ops::Range;

use super::edit::{LineOps, NewText};
use super::{BOM, Document, Ending, LineKind, MAX_SOURCE, Packed, ReadState, Source, Tag, py};

/// How [`Document::parse_edited`] read a rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditedReading {
    /// From the original's lines. On the way, `ops` were found to cover both documents line
    /// after line, and every line they keep to have the same bytes in both: what
    /// [`crate::verify::untouched`] checks, which need not be checked again.
    FromOriginal,
    /// Whole, as [`Document::parse`] reads any file: nothing is known of `ops`.
    Whole,
}

impl Document {
    /// [`Document::parse`] of `new`, which is `old` changed as `ops` say (both as
    /// [`super::edit::apply`] returns them), reading only what the change touched, and how it
    /// was read. Equal to `Document::parse(new.as_bytes())` whatever `new` and `ops` are.
    pub fn parse_edited(old: &Document, new: NewText, ops: &LineOps) -> (Document, EditedReading) {
        let src = new.0;
        match Splice::run(old, &src, ops) {
            Some(Spliced {
                lines,
                wide,
                longest,
            }) => (
                Document {
                    bom: old.bom,
                    end: src.as_bytes().len() as u32,
                    src,
                    lines,
                    wide,
                    longest: longest as u32,
                },
                EditedReading::FromOriginal,
            ),
            None => (Document::of_source(src), EditedReading::Whole),
        }
    }
}

/// The rewrite's lines, read from the original's: [`Document`]'s fields of the same names.
struct Spliced {
    lines: Vec<Packed>,
    wide: Vec<(u32, LineKind)>,
    longest: usize,
}

/// The rewrite's lines as they are made, and the reader's state in both files.
struct Splice<'a> {
    old: &'a Document,
    src: &'a Source,
    lines: Vec<Packed>,
    wide: Vec<(u32, LineKind)>,
    /// No line so far is longer, its ending included: a kept line counts at the original's
    /// longest, a written one at its own length.
    longest: usize,
    /// Where the next line of the rewrite starts.
    at: usize,
    /// The reader's state after the original's lines so far, and after the rewrite's.
    before: ReadState,
    after: ReadState,
}

impl<'a> Splice<'a> {
    fn run(old: &'a Document, src: &'a Source, ops: &LineOps) -> Option<Spliced> {
        let bytes = src.as_bytes();
        let text = matches!(src, Source::Text(_)) && old.is_utf8();
        if !text || bytes.len() > MAX_SOURCE || bytes.starts_with(BOM) != old.bom {
            return None;
        }
        // The operations follow each other from the first line of both files: they cover the
        // original where they end at its last line.
        let [old_lines, count] = ops.line_counts();
        // Every line holds a byte at least: more lines than bytes is not this file's edit.
        if old_lines != old.len() || count > bytes.len() {
            return None;
        }
        let mut lines = Vec::with_capacity(count);
        crate::pages::prefer_huge_pages(&mut lines);
        let mut s = Splice {
            old,
            src,
            lines,
            wide: Vec::new(),
            longest: 0,
            at: if old.bom { BOM.len() } else { 0 },
            before: ReadState::default(),
            after: ReadState::default(),
        };
        for op in ops.iter() {
            if op.is_equal() {
                s.kept(op.old_range())?;
            } else {
                s.changed(op.old_range(), op.new_range().len())?;
            }
        }
        let whole = s.lines.len() == count && s.at == bytes.len();
        whole.then_some(Spliced {
            lines: s.lines,
            wide: s.wide,
            longest: s.longest,
        })
    }

    /// The original's lines `lines`, kept: the same bytes at [`Splice::at`].
    fn kept(&mut self, lines: Range<usize>) -> Option<()> {
        if lines.is_empty() {
            return Some(());
        }
        let old = self.old;
        let from = old.lines_range(lines.clone());
        let bytes = self.src.as_bytes();
        let to = self.at..self.at + from.len();
        if bytes.get(to.clone())? != &old.as_bytes()[from.clone()] {
            return None;
        }
        // The last line ends as it did only if what follows it does not change that.
        match old.ending(lines.end - 1) {
            Ending::Cr if bytes.get(to.end) == Some(&b'\n') => return None,
            Ending::None if to.end != bytes.len() => return None,
            _ => {}
        }
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
                self.classify_last(moved(old.full_range(i).end) as usize);
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
        Some(())
    }

    /// The original's lines `lines` replaced by `count` lines at [`Splice::at`], split and
    /// classified as [`Document::parse`] does.
    fn changed(&mut self, lines: Range<usize>, count: usize) -> Option<()> {
        for i in lines {
            self.before.step(self.old, i);
        }
        let bytes = self.src.as_bytes();
        for _ in 0..count {
            let (next, ending) = next_line(bytes, self.at)?;
            self.longest = self.longest.max(next - self.at);
            self.lines.push(Packed::new(self.at, ending));
            self.at = next;
            self.classify_last(next);
        }
        Some(())
    }

    /// Classifies the last line made, which ends (its ending included) at `end`, in the
    /// rewrite's state.
    fn classify_last(&mut self, end: usize) {
        let k = self.lines.len() - 1;
        let text = super::read::line_text(self.src, &self.lines[k..], 0, end);
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

    /// `edits` applied to `src`, read from the original and whole: the two must be the same
    /// document. Returns whether the reading from the original was taken (not the fallback).
    fn assert_reads_as_parsed(src: &[u8], edits: Edits) -> Option<bool> {
        let old = Document::parse(src);
        let applied = edit::apply(&old, edits).ok()?;
        let whole = Document::parse(applied.new.as_bytes());
        let (edited, reading) = Document::parse_edited(&old, applied.new, &applied.ops);
        // Read whole, the longest line is known exactly; read from the original, no line is
        // longer than the document says.
        assert_eq!(whole.longest as usize, whole.longest_line_measured());
        assert!(edited.longest >= whole.longest);
        let spliced = reading == EditedReading::FromOriginal;
        if spliced {
            // What the reading says it checked, checked.
            assert!(crate::verify::untouched(&old, &edited, &applied.ops).is_ok());
        }
        assert_eq!(edited.as_bytes(), whole.as_bytes());
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
    fn ops_that_do_not_describe_the_bytes_are_read_whole() {
        // `apply` never makes these; the reading must still be the full parse's.
        let old = Document::parse("[a]\nk = v");
        // `kept` lines kept, then `added` lines added.
        let ops = |kept: usize, added: usize| {
            let mut ops = LineOps::default();
            ops.keep(kept);
            ops.change(0, added);
            ops
        };
        let cases: [(&str, LineOps); 5] = [
            // The kept last line had no newline; bytes follow it in the rewrite.
            ("[a]\nk = v[b]\n", ops(2, 1)),
            // Lines the ops keep are not the original's bytes.
            ("[a]\nk = w", ops(2, 0)),
            // The ops leave lines of the rewrite out.
            ("[a]\nk = v\n[b]\n", ops(2, 0)),
            // The ops keep lines the original does not have.
            ("[a]\nk = v\n[b]\n", ops(3, 0)),
            // The ops claim more lines than the rewrite has bytes (no table is made for them).
            ("[a]\nk = v\n", ops(2, 1 << 31)),
        ];
        for (bytes, ops) in cases {
            let (edited, reading) =
                Document::parse_edited(&old, NewText::from(bytes.as_bytes().to_vec()), &ops);
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
                let (edited, reading) = Document::parse_edited(&old, a.new.clone(), &b.ops);
                // Taken as checked only where the kept lines are the same: what the check says.
                prop_assert!(
                    reading == EditedReading::Whole
                        || crate::verify::untouched(&old, &edited, &b.ops).is_ok()
                );
                prop_assert!(shape(&edited) == shape(&Document::parse(a.new.into_bytes())));
            }
        }
    }
}
