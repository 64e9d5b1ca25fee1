//! The only way a document changes: line edits applied in one pass.
//!
//! An edit names lines of the original document; [`apply`] copies every other byte through
//! untouched and, at the same time, records the change as diff operations. The diff is therefore
//! exactly the edit, computed in linear time, with no diff algorithm guessing at it.

use std::ops::Range;

use similar::DiffOp;

use super::{BOM_TEXT, Document, Ending, Source};

/// One operation of the diff from a document's lines to its rewrite's: a run of equal lines, or
/// lines removed and lines added in their place. 16 bytes, where `similar`'s [`DiffOp`] takes 40:
/// a large rewrite holds one for every change until its diff is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineOp {
    old: u32,
    new: u32,
    old_len: u32,
    /// [`SAME`] for a run of equal lines.
    new_len: u32,
}

/// [`LineOp::new_len`] of a run of equal lines (a run is never that long: lines are numbered in
/// `u32`, and every line has at least its ending or is the last).
const SAME: u32 = u32::MAX;

impl LineOp {
    /// `len` equal lines, from `old` in the original and `new` in the rewrite.
    pub fn equal(old: usize, new: usize, len: usize) -> LineOp {
        LineOp {
            old: old as u32,
            new: new as u32,
            old_len: len as u32,
            new_len: SAME,
        }
    }

    /// `old_len` lines at `old` replaced by `new_len` lines at `new` (either may be 0).
    pub fn change(old: usize, old_len: usize, new: usize, new_len: usize) -> LineOp {
        LineOp {
            old: old as u32,
            new: new as u32,
            old_len: old_len as u32,
            new_len: new_len as u32,
        }
    }

    pub fn is_equal(&self) -> bool {
        self.new_len == SAME
    }

    pub fn old_range(&self) -> Range<usize> {
        let start = self.old as usize;
        start..start + self.old_len as usize
    }

    pub fn new_range(&self) -> Range<usize> {
        let start = self.new as usize;
        let len = if self.is_equal() {
            self.old_len
        } else {
            self.new_len
        };
        start..start + len as usize
    }

    /// The same operation as `similar` spells it.
    pub fn diff_op(&self) -> DiffOp {
        let (old_index, new_index) = (self.old as usize, self.new as usize);
        let (old_len, new_len) = (self.old_range().len(), self.new_range().len());
        match (self.is_equal(), old_len, new_len) {
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

/// The result of [`apply`]: the new text and the diff operations from old lines to new lines.
#[derive(Debug, Clone)]
pub struct Applied {
    pub new: NewText,
    pub ops: Vec<LineOp>,
}

/// A rewrite's bytes, as [`apply`] makes them: a `String` wherever the original is text, since
/// it is then made of the original's whole lines and of strings, so that reading it
/// ([`Document::parse_edited`]) does not check that it is UTF-8 again. Made from any bytes with
/// `From`, which checks.
#[derive(Debug, Clone)]
pub struct NewText(pub(super) Source);

impl NewText {
    /// The rewrite goes on as a [`Document`] ([`Document::parse_edited`]); the tests look at its
    /// bytes.
    #[cfg(test)]
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    #[cfg(test)]
    pub fn into_bytes(self) -> Vec<u8> {
        match self.0 {
            Source::Text(s) => s.into_bytes(),
            Source::Bytes(b) => b,
        }
    }

    /// Empty, with room for `capacity` bytes: a `String` where `doc` is text.
    fn for_rewrite_of(doc: &Document, capacity: usize) -> NewText {
        let mut bytes = Vec::with_capacity(capacity);
        crate::pages::prefer_huge_pages(&mut bytes);
        NewText(if doc.is_utf8() {
            // Empty, so UTF-8: this only hands the room to a `String`.
            Source::Text(String::from_utf8(bytes).unwrap_or_default())
        } else {
            Source::Bytes(bytes)
        })
    }

    fn push(&mut self, text: &str) {
        match &mut self.0 {
            Source::Text(s) => s.push_str(text),
            Source::Bytes(b) => b.extend_from_slice(text.as_bytes()),
        }
    }

    /// `doc`'s bytes `range`, which start and end lines: in a text, that is on characters'
    /// boundaries, where [`Source::text`] finds them. `None` if not.
    fn copy(&mut self, doc: &Document, range: Range<usize>) -> Option<()> {
        match &mut self.0 {
            Source::Text(s) => s.push_str(doc.src.text(range)?),
            Source::Bytes(b) => b.extend_from_slice(doc.as_bytes().get(range)?),
        }
        Some(())
    }

    #[cfg(test)]
    fn capacity(&self) -> usize {
        match &self.0 {
            Source::Text(s) => s.capacity(),
            Source::Bytes(b) => b.capacity(),
        }
    }
}

impl From<Vec<u8>> for NewText {
    fn from(bytes: Vec<u8>) -> NewText {
        NewText(Source::of(bytes))
    }
}

/// Applies `edits` to `doc`. Lines not named by an edit are copied byte for byte.
pub fn apply(doc: &Document, mut edits: Edits) -> Result<Applied, EditError> {
    edits.list.sort_by_key(|e| (e.start(), e.order()));
    // The edits, and the buffer their new text is in.
    let Edits { list: edits, text } = edits;
    let mut out = NewText::for_rewrite_of(doc, output_len(doc, &edits));
    if doc.has_bom() {
        // The same three bytes in a text or not.
        out.push(BOM_TEXT);
    }
    let mut ops = Vec::with_capacity(edits.len() * 2 + 1);
    crate::pages::prefer_huge_pages(&mut ops);
    let (mut old, mut new) = (0usize, 0usize);
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
        copy_equal(doc, &mut out, &mut ops, &mut old, &mut new, at)?;
        match edit {
            Edit::Replace {
                line,
                text: written,
            } => {
                if *line >= doc.len() {
                    return Err(EditError {
                        line: line + 1,
                        problem: "replaces a line that does not exist",
                    });
                }
                out.push(&text[written.clone()]);
                out.push(doc.ending(*line).as_str());
                push_op(&mut ops, old, 1, new, 1);
                old += 1;
                new += 1;
            }
            Edit::Delete { lines } => {
                if lines.end > doc.len() || lines.is_empty() {
                    return Err(EditError {
                        line: lines.start + 1,
                        problem: "deletes lines that do not exist",
                    });
                }
                push_op(&mut ops, old, lines.len(), new, 0);
                old = lines.end;
            }
            Edit::Insert {
                before,
                count,
                text: written,
            } => {
                // An empty document has no line to append after.
                let last = before.checked_sub(1).filter(|_| *before == doc.len());
                if last.is_some_and(|l| doc.ending(l) == Ending::None) {
                    return Err(EditError {
                        line: before + 1,
                        problem: "appends after a line without a newline",
                    });
                }
                out.push(&text[written.clone()]);
                push_op(&mut ops, old, 0, new, *count);
                new += count;
            }
        }
    }
    copy_equal(doc, &mut out, &mut ops, &mut old, &mut new, doc.len())?;
    // Neighbouring changes merge, so the list is often half its first guess; it lives as long
    // as the migration.
    ops.shrink_to_fit();
    let new = match out.0 {
        // The edits may have taken out every byte that was not UTF-8: read as `parse` would.
        Source::Bytes(bytes) => NewText::from(bytes),
        text => NewText(text),
    };
    Ok(Applied { new, ops })
}

/// The exact size of the output, so that it is allocated once and holds no slack (it becomes
/// the new document): the source, less the lines replaced or deleted, plus the new text. Edits
/// that [`apply`] refuses only make this a guess.
fn output_len(doc: &Document, edits: &[Edit]) -> usize {
    let line_len = |i: usize| (i < doc.len()).then(|| doc.line(i).full_range().len());
    edits.iter().fold(doc.as_bytes().len(), |len, e| match e {
        Edit::Replace { line, text: new } => {
            let ending = (*line < doc.len()).then(|| doc.ending(*line).as_bytes().len());
            (len + new.len() + ending.unwrap_or(0)).saturating_sub(line_len(*line).unwrap_or(0))
        }
        Edit::Delete { lines } => lines
            .clone()
            .fold(len, |len, i| len.saturating_sub(line_len(i).unwrap_or(0))),
        Edit::Insert { text: new, .. } => len + new.len(),
    })
}

fn copy_equal(
    doc: &Document,
    out: &mut NewText,
    ops: &mut Vec<LineOp>,
    old: &mut usize,
    new: &mut usize,
    until: usize,
) -> Result<(), EditError> {
    if until <= *old {
        return Ok(());
    }
    let first = doc.line(*old).full_range().start;
    let last = doc.line(until - 1).full_range().end;
    out.copy(doc, first..last).ok_or(EditError {
        line: *old + 1,
        problem: "splits a character",
    })?;
    let len = until - *old;
    ops.push(LineOp::equal(*old, *new, len));
    *old = until;
    *new += len;
    Ok(())
}

/// Adds a change, merged with a change directly before it so that a hunk shows all removed
/// lines, then all added lines.
fn push_op(ops: &mut Vec<LineOp>, old: usize, old_len: usize, new: usize, new_len: usize) {
    if old_len == 0 && new_len == 0 {
        return;
    }
    let (mut old_index, mut new_index, mut old_len, mut new_len) = (old, new, old_len, new_len);
    if let Some(prev) = ops.last()
        && !prev.is_equal()
    {
        let (po, pn) = (prev.old_range(), prev.new_range());
        if po.end == old && pn.end == new {
            old_index = po.start;
            new_index = pn.start;
            old_len += po.len();
            new_len += pn.len();
            ops.pop();
        }
    }
    ops.push(LineOp::change(old_index, old_len, new_index, new_len));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str, edits: Edits) -> (String, Vec<DiffOp>) {
        let doc = Document::parse(src);
        let a = apply(&doc, edits).unwrap();
        let ops = a.ops.iter().map(LineOp::diff_op).collect();
        (String::from_utf8(a.new.into_bytes()).unwrap(), ops)
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
    fn the_output_is_allocated_at_its_exact_size() {
        let doc = Document::parse("\u{feff}[a]\r\nk = v\r\nz = 1\nlast");
        let mut edits = Edits::default();
        edits.replace(1, &["sso_session = longer"]);
        edits.delete(2..3);
        edits
            .insert(0, Ending::CrLf)
            .line(&["[sso-session s]"])
            .line(&[]);
        let a = apply(&doc, edits).unwrap();
        assert_eq!(a.new.capacity(), a.new.as_bytes().len());
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
        let is_text = |a: &Applied| matches!(a.new.0, Source::Text(_));
        // Characters of several bytes before and after the edit, and a byte-order mark.
        let doc = Document::parse("\u{feff}[a]\n# café ü\nk = v\n# ∑\n");
        let mut edits = Edits::default();
        edits.replace(2, &["k = ü"]);
        let a = apply(&doc, edits).unwrap();
        assert!(is_text(&a));
        assert_eq!(
            a.new.as_bytes(),
            "\u{feff}[a]\n# café ü\nk = ü\n# ∑\n".as_bytes()
        );
        // A line that is not UTF-8: taken out, the rest is text; kept, it is not.
        let doc = Document::parse(&b"[a]\n# \xff\nk = v\n"[..]);
        let a = apply(&doc, Edits::deleting(1..2)).unwrap();
        assert!(is_text(&a));
        assert_eq!(a.new.as_bytes(), b"[a]\nk = v\n");
        let a = apply(&doc, Edits::deleting(2..3)).unwrap();
        assert!(!is_text(&a));
        assert_eq!(a.new.as_bytes(), b"[a]\n# \xff\n");
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
