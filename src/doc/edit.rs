//! The only way a document changes: line edits applied in one pass.
//!
//! An edit names lines of the original document; [`apply`] copies every other byte through
//! untouched and, at the same time, records the change as diff operations. The diff is therefore
//! exactly the edit, computed in linear time, with no diff algorithm guessing at it.

use std::ops::Range;

use similar::DiffOp;

use super::{BOM, Document, Ending};

/// One operation of the diff from a document's lines to its rewrite's: a run of equal lines, or
/// lines removed and lines added in their place. Read from a [`LineOps`], which keeps it in 8
/// bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineOp {
    /// Its first line in the original and in the rewrite, and the line after its last in both.
    start: [u32; 2],
    end: [u32; 2],
    equal: bool,
}

impl LineOp {
    pub fn is_equal(&self) -> bool {
        self.equal
    }

    pub fn old_range(&self) -> Range<usize> {
        self.start[0] as usize..self.end[0] as usize
    }

    pub fn new_range(&self) -> Range<usize> {
        self.start[1] as usize..self.end[1] as usize
    }

    /// The same operation as `similar` spells it.
    pub fn diff_op(&self) -> DiffOp {
        let (old, new) = (self.old_range(), self.new_range());
        let (old_index, new_index) = (old.start, new.start);
        match (self.equal, old.len(), new.len()) {
            (true, len, _) => DiffOp::Equal {
                old_index,
                new_index,
                len,
            },
            (false, 0, new_len) => DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            },
            (false, old_len, 0) => DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            },
            (false, old_len, new_len) => DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            },
        }
    }
}

/// The diff from a document's lines to its rewrite's, operation after operation from the first
/// line of both to the last: a large rewrite holds one for every change until its diff is
/// written. An operation is kept as where it starts in both files, 8 bytes (16 with its
/// lengths, 40 as `similar`'s [`DiffOp`]): it ends where the next one starts, the last at
/// `end`. Runs of equal lines and changes alternate, since a change merges with a change just
/// before it (so that a hunk shows all removed lines, then all added lines) and equal lines
/// with equal lines, so the first operation's kind gives every other's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineOps {
    /// Each operation's first line in the original and in the rewrite.
    starts: Vec<[u32; 2]>,
    /// The line after the last operation in both: the number of lines of each file.
    end: [u32; 2],
    /// Whether the first operation is a run of equal lines.
    first_equal: bool,
}

impl LineOps {
    /// No operation yet, with room for `ops`.
    pub fn with_capacity(ops: usize) -> LineOps {
        LineOps {
            starts: Vec::with_capacity(ops),
            ..LineOps::default()
        }
    }

    /// The ops of a file of `lines` lines that the edit keeps whole.
    pub fn unchanged(lines: usize) -> LineOps {
        let mut ops = LineOps::default();
        ops.keep(lines);
        ops
    }

    /// `len` more lines the same in both files.
    pub fn keep(&mut self, len: usize) {
        self.push(true, len, len);
    }

    /// `old_len` more lines of the original replaced by `new_len` lines (either may be 0).
    pub fn change(&mut self, old_len: usize, new_len: usize) {
        self.push(false, old_len, new_len);
    }

    fn push(&mut self, equal: bool, old_len: usize, new_len: usize) {
        if old_len == 0 && new_len == 0 {
            return;
        }
        let same_kind = (self.len().checked_sub(1)).is_some_and(|i| self.is_equal_at(i) == equal);
        if !same_kind {
            if self.starts.is_empty() {
                self.first_equal = equal;
            }
            self.starts.push(self.end);
        }
        // Lines are counted in `u32` in a `Document`, whose lines hold a byte each at least.
        self.end = [self.end[0] + old_len as u32, self.end[1] + new_len as u32];
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// How many lines the operations cover in the original and in the rewrite: from the first
    /// line of both, each operation starting where the one before it ends.
    pub fn line_counts(&self) -> [usize; 2] {
        self.end.map(|n| n as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Operation `i`.
    pub fn get(&self, i: usize) -> Option<LineOp> {
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).copied().unwrap_or(self.end);
        Some(LineOp {
            start,
            end,
            equal: self.is_equal_at(i),
        })
    }

    /// Whether operation `i` is a run of equal lines: the kinds alternate from the first's.
    fn is_equal_at(&self, i: usize) -> bool {
        self.first_equal == i.is_multiple_of(2)
    }

    /// Operation `i`, which must be one.
    pub fn op(&self, i: usize) -> LineOp {
        self.get(i).expect("an operation of the diff")
    }

    /// The operations from `i` on, in order.
    pub fn iter_from(&self, i: usize) -> impl Iterator<Item = LineOp> + '_ {
        (i..self.len()).map(|i| self.op(i))
    }

    pub fn iter(&self) -> impl Iterator<Item = LineOp> + '_ {
        self.iter_from(0)
    }

    /// The first operation for which `pred` is false, where it is true of every one before it
    /// and false of every one after: found by halving.
    pub fn partition_point(&self, mut pred: impl FnMut(&LineOp) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(&self.op(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Whether every line is kept: no operation, or one run of equal lines.
    pub fn changes_nothing(&self) -> bool {
        self.is_empty() || (self.len() == 1 && self.first_equal)
    }

    fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
    }
}

/// The changes to a document, in terms of its original line numbers (0-based): a list of
/// edits, and the text they write in one buffer. A rewrite of tens of thousands of lines is
/// these two allocations, not one or more a line: on 10,000 new sessions, the strings of each
/// line and the system allocator's work to make and free them were 4% of a run's CPU time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edits {
    list: Vec<Edit>,
    text: String,
}

/// One change, its new text a range of [`Edits::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Edit {
    /// Replace the text of a line; its line ending stays.
    Replace { line: usize, text: Range<usize> },
    /// Remove whole lines, endings included.
    Delete { lines: Range<usize> },
    /// Add `count` lines directly above line `before`, each ended as [`Edits::insert`] was told.
    Insert {
        before: usize,
        count: usize,
        text: Range<usize>,
    },
}

impl Edit {
    fn start(&self) -> usize {
        match self {
            Edit::Replace { line, .. } => *line,
            Edit::Delete { lines } => lines.start,
            Edit::Insert { before, .. } => *before,
        }
    }

    /// Inserts sort before a replacement or deletion of the line they stand above.
    fn order(&self) -> u8 {
        match self {
            Edit::Insert { .. } => 0,
            _ => 1,
        }
    }
}

impl Edits {
    /// Room for `edits` edits and `text` bytes of new text, the list backed by huge pages where
    /// it is large enough ([`crate::pages`]).
    pub fn with_capacity(edits: usize, text: usize) -> Edits {
        let mut list = Vec::with_capacity(edits);
        crate::pages::prefer_huge_pages(&mut list);
        Edits {
            list,
            text: String::with_capacity(text),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Replaces the text of line `line` with `parts`, one after the other; its ending stays.
    pub fn replace(&mut self, line: usize, parts: &[&str]) {
        let text = self.push(parts);
        self.list.push(Edit::Replace { line, text });
    }

    /// Removes lines `lines`, endings included.
    pub fn delete(&mut self, lines: Range<usize>) {
        self.list.push(Edit::Delete { lines });
    }

    /// Adds lines directly above line `before`, each ended by `ending`: as many as
    /// [`Inserted::line`] is then called.
    pub fn insert(&mut self, before: usize, ending: Ending) -> Inserted<'_> {
        let at = self.text.len();
        self.list.push(Edit::Insert {
            before,
            count: 0,
            text: at..at,
        });
        Inserted {
            edits: self,
            ending,
        }
    }

    /// Appends `parts` to the buffer: their range in it.
    fn push(&mut self, parts: &[&str]) -> Range<usize> {
        let start = self.text.len();
        for part in parts {
            self.text.push_str(part);
        }
        start..self.text.len()
    }
}

/// Edits of one kind, made at once, for the tests.
#[cfg(test)]
impl Edits {
    /// Line `line`'s text replaced by `text`.
    pub fn replacing(line: usize, text: &str) -> Edits {
        let mut edits = Edits::default();
        edits.replace(line, &[text]);
        edits
    }

    /// Lines `lines` removed.
    pub fn deleting(lines: Range<usize>) -> Edits {
        let mut edits = Edits::default();
        edits.delete(lines);
        edits
    }

    /// `lines`, each ended by `ending`, added above line `before`.
    pub fn inserting(before: usize, lines: &[&str], ending: Ending) -> Edits {
        let mut edits = Edits::default();
        let mut inserted = edits.insert(before, ending);
        for line in lines {
            inserted.line(&[line]);
        }
        edits
    }
}

/// The lines of the insertion [`Edits::insert`] began.
pub struct Inserted<'e> {
    edits: &'e mut Edits,
    ending: Ending,
}

impl Inserted<'_> {
    /// One more line: `parts`, one after the other, and the ending.
    pub fn line(&mut self, parts: &[&str]) -> &mut Self {
        self.edits.push(parts);
        self.edits.text.push_str(self.ending.as_str());
        let end = self.edits.text.len();
        if let Some(Edit::Insert { count, text, .. }) = self.edits.list.last_mut() {
            *count += 1;
            text.end = end;
        }
        self
    }
}

/// An edit that cannot be applied: overlapping or out of range. Always a bug in the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("edit at line {line} {problem}")]
pub struct EditError {
    pub line: usize,
    pub problem: &'static str,
}

/// The result of [`apply`]: the text the edit wrote and the diff operations from old lines to
/// new lines, which together with the original are the rewrite
/// ([`Document::parse_edited`] reads it so, and [`Applied::bytes`] puts it together).
#[derive(Debug, Clone)]
pub struct Applied {
    pub written: Written,
    pub ops: LineOps,
}

impl Applied {
    /// The rewrite's bytes: the original's lines where the operations keep them, the written
    /// text where they change them.
    pub fn bytes(&self, doc: &Document) -> Vec<u8> {
        self.written.spliced_into(doc, &self.ops)
    }
}

/// What an edit wrote: the new lines of each change of its [`LineOps`], in order, one after the
/// other. Each change's lines end where the next change's begin: not in the middle of a line,
/// unless the edit's text holds a line break, which [`Document::parse_edited`] finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub(super) text: String,
    /// Where each change's text ends in `text`, change after change.
    pub(super) ends: Vec<usize>,
}

impl Written {
    /// Written text for the tests: `parts[k]` for the `k`-th change.
    #[cfg(test)]
    pub fn of(parts: &[&str]) -> Written {
        let mut written = Written::default();
        for part in parts {
            written.text.push_str(part);
            written.ends.push(written.text.len());
        }
        written
    }

    /// The text of the `k`-th change, and where it starts in the written text: empty past the
    /// last.
    pub(super) fn change(&self, k: usize) -> (&str, usize) {
        let start = k
            .checked_sub(1)
            .map_or(0, |k| self.ends.get(k).copied().unwrap_or(0));
        let end = self.ends.get(k).copied().unwrap_or(start);
        (self.text.get(start..end).unwrap_or_default(), start)
    }

    /// `doc` changed as `ops` say, with this text: its byte-order mark, then for each
    /// operation the original's lines it keeps (those it has) or the change's text.
    pub(super) fn spliced_into(&self, doc: &Document, ops: &LineOps) -> Vec<u8> {
        let mut out = Vec::with_capacity(doc.byte_len() + self.text.len());
        if doc.has_bom() {
            out.extend_from_slice(BOM);
        }
        let mut k = 0;
        for op in ops.iter() {
            if op.is_equal() {
                let kept = op.old_range();
                let kept = kept.start.min(doc.len())..kept.end.min(doc.len());
                out.extend_from_slice(&doc.lines_bytes(kept));
            } else {
                out.extend_from_slice(self.change(k).0.as_bytes());
                k += 1;
            }
        }
        out
    }
}

/// Applies `edits` to `doc`. Lines not named by an edit are copied byte for byte.
pub fn apply(doc: &Document, mut edits: Edits) -> Result<Applied, EditError> {
    edits.list.sort_by_key(|e| (e.start(), e.order()));
    // The edits, and the buffer their new text is in.
    let Edits { list: edits, text } = edits;
    let mut room = Vec::with_capacity(written_len(doc, &edits, &text));
    crate::pages::prefer_huge_pages(&mut room);
    let mut written = Written {
        // Empty, so UTF-8: this only hands the room to a `String`.
        text: String::from_utf8(room).unwrap_or_default(),
        ends: Vec::new(),
    };
    let mut ops = LineOps::with_capacity(edits.len() * 2 + 1);
    crate::pages::prefer_huge_pages(&mut ops.starts);
    let mut old = 0usize;
    for edit in &edits {
        let at = edit.start();
        if at < old {
            return Err(EditError {
                line: at + 1,
                problem: "overlaps an earlier edit",
            });
        }
        if at > doc.len() {
            return Err(EditError {
                line: at + 1,
                problem: "is past the end of the file",
            });
        }
        keep(&mut ops, &mut old, at);
        // A change right after another merges with it in the ops, and so does its text.
        let changes = ops.len();
        match edit {
            Edit::Replace {
                line,
                text: new_text,
            } => {
                if *line >= doc.len() {
                    return Err(EditError {
                        line: line + 1,
                        problem: "replaces a line that does not exist",
                    });
                }
                written.text.push_str(&text[new_text.clone()]);
                written.text.push_str(doc.ending(*line).as_str());
                ops.change(1, 1);
                old += 1;
            }
            Edit::Delete { lines } => {
                if lines.end > doc.len() || lines.is_empty() {
                    return Err(EditError {
                        line: lines.start + 1,
                        problem: "deletes lines that do not exist",
                    });
                }
                ops.change(lines.len(), 0);
                old = lines.end;
            }
            Edit::Insert {
                before,
                count,
                text: new_text,
            } => {
                // An empty document has no line to append after.
                let last = before.checked_sub(1).filter(|_| *before == doc.len());
                if last.is_some_and(|l| doc.ending(l) == Ending::None) {
                    return Err(EditError {
                        line: before + 1,
                        problem: "appends after a line without a newline",
                    });
                }
                written.text.push_str(&text[new_text.clone()]);
                ops.change(0, *count);
            }
        }
        let end = written.text.len();
        match written.ends.last_mut() {
            Some(last) if ops.len() == changes => *last = end,
            _ if ops.len() > changes => written.ends.push(end),
            // An edit that changed nothing (an insertion of no lines) after no change.
            _ => {}
        }
    }
    keep(&mut ops, &mut old, doc.len());
    // Neighbouring changes merge, so the list is often half its first guess; it lives as long
    // as the migration.
    ops.shrink_to_fit();
    written.ends.shrink_to_fit();
    Ok(Applied { written, ops })
}

/// The exact size of the written text, so that it is allocated once: the edits' text and the
/// endings the replaced lines keep. Edits that [`apply`] refuses only make this a guess.
fn written_len(doc: &Document, edits: &[Edit], text: &str) -> usize {
    edits.iter().fold(text.len(), |len, e| match e {
        Edit::Replace { line, .. } if *line < doc.len() => len + doc.ending(*line).as_bytes().len(),
        _ => len,
    })
}

/// The original's lines from `old` up to `until` kept.
fn keep(ops: &mut LineOps, old: &mut usize, until: usize) {
    if until > *old {
        ops.keep(until - *old);
        *old = until;
    }
}

/// Every sequence of up to `longest` picks among `kinds` things, the empty one first: the
/// operations the tests push.
#[cfg(test)]
pub(crate) fn sequences(kinds: usize, longest: usize) -> Vec<Vec<usize>> {
    let mut seqs: Vec<Vec<usize>> = vec![vec![]];
    for len in 1..=longest {
        let longer: Vec<Vec<usize>> = (seqs.iter())
            .filter(|s| s.len() == len - 1)
            .flat_map(|s| (0..kinds).map(move |k| [s.clone(), vec![k]].concat()))
            .collect();
        seqs.extend(longer);
    }
    seqs
}

/// `pushes` (a kept run or a change, with its lines in the original and in the rewrite) in the
/// order `seq` picks them.
#[cfg(test)]
pub(crate) fn ops_of(pushes: &[(bool, usize, usize)], seq: &[usize]) -> LineOps {
    let mut ops = LineOps::default();
    for &k in seq {
        match pushes[k] {
            (true, len, _) => ops.keep(len),
            (false, old, new) => ops.change(old, new),
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str, edits: Edits) -> (String, Vec<DiffOp>) {
        let doc = Document::parse(src);
        let a = apply(&doc, edits).unwrap();
        let ops = a.ops.iter().map(|op| op.diff_op()).collect();
        (String::from_utf8(a.bytes(&doc)).unwrap(), ops)
    }

    #[test]
    fn ops_merge_with_their_kind_and_read_back_as_pushed() {
        // Every sequence of up to four pushes from a set of kept runs and changes (empty ones
        // included), against a plain list that merges the same way.
        let pushes: [(bool, usize, usize); 6] = [
            (true, 0, 0),
            (true, 3, 3),
            (false, 0, 0),
            (false, 1, 0),
            (false, 0, 2),
            (false, 2, 1),
        ];
        for seq in &sequences(pushes.len(), 4) {
            let ops = ops_of(&pushes, seq);
            let mut plain: Vec<(bool, Range<usize>, Range<usize>)> = Vec::new();
            let (mut o, mut n) = (0, 0);
            for &k in seq {
                let (equal, old_len, new_len) = pushes[k];
                if old_len + new_len > 0 {
                    match plain.last_mut() {
                        Some((e, old, new)) if *e == equal => {
                            (old.end, new.end) = (o + old_len, n + new_len);
                        }
                        _ => plain.push((equal, o..o + old_len, n..n + new_len)),
                    }
                }
                (o, n) = (o + old_len, n + new_len);
            }
            let read: Vec<_> = (ops.iter())
                .map(|op| (op.is_equal(), op.old_range(), op.new_range()))
                .collect();
            assert_eq!(read, plain, "{seq:?}");
            assert_eq!(ops.len(), plain.len());
            assert_eq!(ops.line_counts(), [o, n], "{seq:?}");
            assert_eq!(
                ops.iter().last().map(|op| op.old_range()),
                plain.last().map(|p| p.1.clone())
            );
            assert_eq!(ops.get(plain.len()), None);
            assert_eq!(ops.changes_nothing(), plain.iter().all(|p| p.0), "{seq:?}");
            for line in 0..=o {
                let at = ops.partition_point(|op| op.old_range().end <= line);
                assert_eq!(at, plain.partition_point(|p| p.1.end <= line), "{seq:?}");
            }
        }
        // An operation is kept in 8 bytes: where it starts in both files.
        let ops = LineOps::unchanged(3);
        assert_eq!(std::mem::size_of_val(&ops.starts[0]), 8);
        assert_eq!(
            ops.iter().map(|op| op.diff_op()).collect::<Vec<_>>(),
            [DiffOp::Equal {
                old_index: 0,
                new_index: 0,
                len: 3
            }]
        );
        assert!(LineOps::unchanged(0).is_empty());
    }

    #[test]
    fn no_edits_copies_everything() {
        let (out, ops) = run("[a]\r\nk = v", Edits::default());
        assert_eq!(out, "[a]\r\nk = v");
        assert_eq!(ops.len(), 1);
    }

    #[test]
    fn replace_keeps_the_line_ending() {
        let mut edits = Edits::default();
        edits.replace(1, &["x", " = ", "y"]);
        edits.replace(2, &["z = 2"]);
        let (out, _) = run("[a]\r\nk = v\r\nz = 1", edits);
        assert_eq!(out, "[a]\r\nx = y\r\nz = 2");
    }

    #[test]
    fn edits_made_in_any_order_write_their_own_text() {
        // Made last line first: `apply` sorts the list, and each edit keeps its text's range.
        let mut edits = Edits::default();
        edits.replace(4, &["e", " = ", "5"]);
        (edits.insert(3, Ending::Lf))
            .line(&["[new]"])
            .line(&["n", " = ", "1"]);
        edits.delete(2..3);
        edits.insert(1, Ending::CrLf);
        edits.replace(0, &["[A]"]);
        edits.insert(0, Ending::Lf).line(&[]);
        let (out, ops) = run("[a]\nb = 2\nc = 3\n[d]\ne = 4\n", edits);
        assert_eq!(out, "\n[A]\nb = 2\n[new]\nn = 1\n[d]\ne = 5\n");
        assert_eq!(
            ops,
            [
                DiffOp::Replace {
                    old_index: 0,
                    old_len: 1,
                    new_index: 0,
                    new_len: 2
                },
                DiffOp::Equal {
                    old_index: 1,
                    new_index: 2,
                    len: 1
                },
                DiffOp::Replace {
                    old_index: 2,
                    old_len: 1,
                    new_index: 3,
                    new_len: 2
                },
                DiffOp::Equal {
                    old_index: 3,
                    new_index: 5,
                    len: 1
                },
                DiffOp::Replace {
                    old_index: 4,
                    old_len: 1,
                    new_index: 6,
                    new_len: 1
                },
            ]
        );
    }

    #[test]
    fn insert_goes_above_and_merges_with_following_change() {
        let mut edits = Edits::default();
        edits.delete(1..2);
        edits.insert(1, Ending::CrLf).line(&["n = 1"]);
        let (out, ops) = run("[a]\nk = v\n", edits);
        assert_eq!(out, "[a]\nn = 1\r\n");
        assert_eq!(
            ops[1],
            DiffOp::Replace {
                old_index: 1,
                old_len: 1,
                new_index: 1,
                new_len: 1
            }
        );
    }

    #[test]
    fn the_written_text_is_allocated_at_its_exact_size() {
        let doc = Document::parse("\u{feff}[a]\r\nk = v\r\nz = 1\nlast");
        let mut edits = Edits::default();
        edits.replace(1, &["sso_session = longer"]);
        edits.delete(2..3);
        edits
            .insert(0, Ending::CrLf)
            .line(&["[sso-session s]"])
            .line(&[]);
        let a = apply(&doc, edits).unwrap();
        assert_eq!(a.written.text.capacity(), a.written.text.len());
        assert_eq!(
            a.written.text,
            "[sso-session s]\r\n\r\nsso_session = longer\r\n"
        );
        // Two changes, the deletion merged with the replacement before it.
        assert_eq!(a.written.ends, [19, 41]);
        assert_eq!(
            a.bytes(&doc),
            "\u{feff}[sso-session s]\r\n\r\n[a]\r\nsso_session = longer\r\nlast".as_bytes()
        );
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let doc = Document::parse("[a]\nk = v\n");
        let mut edits = Edits::default();
        edits.delete(0..2);
        edits.replace(1, &[]);
        let err = apply(&doc, edits).unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn the_rewrite_is_text_where_parse_would_read_it_as_text() {
        let read = |doc: &Document, edits: Edits| {
            let a = apply(doc, edits).unwrap();
            let bytes = a.bytes(doc);
            let (new, _) = Document::parse_edited(doc, a.written, &a.ops);
            assert_eq!(new.bytes(), bytes);
            (new.is_utf8(), bytes)
        };
        // Characters of several bytes before and after the edit, and a byte-order mark.
        let doc = Document::parse("\u{feff}[a]\n# café ü\nk = v\n# ∑\n");
        let mut edits = Edits::default();
        edits.replace(2, &["k = ü"]);
        let (text, bytes) = read(&doc, edits);
        assert!(text);
        assert_eq!(bytes, "\u{feff}[a]\n# café ü\nk = ü\n# ∑\n".as_bytes());
        // A line that is not UTF-8: taken out, the rest is text; kept, it is not.
        let doc = Document::parse(&b"[a]\n# \xff\nk = v\n"[..]);
        assert_eq!(
            read(&doc, Edits::deleting(1..2)),
            (true, b"[a]\nk = v\n".to_vec())
        );
        assert_eq!(
            read(&doc, Edits::deleting(2..3)),
            (false, b"[a]\n# \xff\n".to_vec())
        );
    }

    #[test]
    fn lines_inserted_into_an_empty_document_are_the_document() {
        // Found by doc::edited's property test: the check for a last line without a newline
        // looked at the line before the first.
        for src in ["", "\u{feff}"] {
            let doc = Document::parse(src);
            let (out, _) = run(src, Edits::inserting(0, &["[a]"], Ending::Lf));
            assert_eq!(out, format!("{src}[a]\n"));
            assert!(doc.is_empty());
        }
    }
}
