//! The unified diff on stdout.
//!
//! The diff is built from the edit's own operations ([`crate::doc::edit::Applied::ops`]) with
//! `similar`'s hunk grouping and headers, so it shows exactly what changes. Every line is printed
//! with its own line ending (CRLF stays CRLF); a last line without a newline gets the standard
//! `\ No newline at end of file` marker, so `patch` reproduces the rewritten file byte for byte.
//! The diff is for `patch`, so lines from the file are written as they are, never escaped.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use similar::{DiffOp, DiffTag};

use crate::doc::{Document, Ending};

const CONTEXT: usize = 3;

const HEADER: Style = Style::new().bold();
const HUNK: Style = AnsiColor::Cyan.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const ADDED: Style = AnsiColor::Green.on_default();

/// Writes a unified diff from `old` to `new`. `label` names the file in both headers. Writes
/// nothing when the ops change nothing. ANSI styles are always written; the stream decides
/// whether to keep them.
pub fn diff(
    out: &mut dyn Write,
    label: &str,
    old: &Document,
    new: &Document,
    ops: &[DiffOp],
) -> io::Result<()> {
    let hunks = similar::group_diff_ops(ops.to_vec(), CONTEXT);
    if hunks.is_empty() {
        return Ok(());
    }
    writeln!(out, "{HEADER}--- {label}{HEADER:#}")?;
    writeln!(out, "{HEADER}+++ {label}{HEADER:#}")?;
    // Each line's escape codes, rendered once instead of formatted for every line.
    let styles = [Style::new(), REMOVED, ADDED]
        .map(|s| (s.render().to_string(), s.render_reset().to_string()));
    let [plain, removed, added] = &styles;
    for hunk in &hunks {
        writeln!(
            out,
            "{HUNK}{}{HUNK:#}",
            similar::udiff::UnifiedHunkHeader::new(hunk)
        )?;
        for op in hunk {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => {
                    for i in old_range {
                        line(out, b' ', plain, old, i)?;
                    }
                }
                DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                    for i in old_range {
                        line(out, b'-', removed, old, i)?;
                    }
                    for i in new_range {
                        line(out, b'+', added, new, i)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// One line of the diff: `style` is the rendered escape code and its reset.
fn line(
    out: &mut dyn Write,
    tag: u8,
    style: &(String, String),
    doc: &Document,
    i: usize,
) -> io::Result<()> {
    out.write_all(style.0.as_bytes())?;
    out.write_all(&[tag])?;
    out.write_all(doc.raw_text(i))?;
    out.write_all(style.1.as_bytes())?;
    let ending = doc.line(i).ending();
    out.write_all(ending.as_bytes())?;
    if ending == Ending::None {
        out.write_all(b"\n\\ No newline at end of file\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::edit::{Edit, apply};

    fn render(src: &str, edits: Vec<Edit>) -> String {
        let old = Document::parse(src);
        let applied = apply(&old, edits).unwrap();
        let new = Document::parse(applied.bytes.clone());
        let mut out = Vec::new();
        diff(&mut out, "config", &old, &new, &applied.ops).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn plain(s: &str) -> String {
        anstream::adapter::strip_str(s).to_string()
    }

    #[test]
    fn identical_renders_nothing() {
        assert_eq!(render("[a]\nk = v\n", vec![]), "");
    }

    #[test]
    fn marks_a_missing_final_newline() {
        let out = plain(&render(
            "[a]\nk = v",
            vec![Edit::Replace {
                line: 1,
                text: "k = w".into(),
            }],
        ));
        assert_eq!(
            out,
            "--- config\n+++ config\n@@ -1,2 +1,2 @@\n [a]\n-k = v\n\\ No newline at end of file\n+k = w\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn keeps_crlf_on_diff_lines() {
        let out = plain(&render(
            "[a]\r\nk = v\r\n",
            vec![Edit::Delete { lines: 1..2 }],
        ));
        assert_eq!(
            out,
            "--- config\n+++ config\n@@ -1,2 +1 @@\n [a]\r\n-k = v\r\n"
        );
    }
}
