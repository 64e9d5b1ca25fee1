//! What users see: the unified diff on stdout and the human summary on stderr.
//!
//! The diff is built from the edit's own operations ([`crate::doc::edit::Applied::ops`]) with
//! `similar`'s hunk grouping and headers, so it shows exactly what changes. Every line is printed
//! with its own line ending (CRLF stays CRLF); a last line without a newline gets the standard
//! `\ No newline at end of file` marker, so `patch` reproduces the rewritten file byte for byte.

pub mod tokens;

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use similar::{DiffOp, DiffTag};

use crate::doc::{Document, Ending};
use crate::plan::{Plan, SessionOrigin};

const CONTEXT: usize = 3;

const HEADER: Style = Style::new().bold();
const HUNK: Style = AnsiColor::Cyan.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const ADDED: Style = AnsiColor::Green.on_default();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const NAME: Style = Style::new().bold();

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
                        line(out, ' ', Style::new(), old, i)?;
                    }
                }
                DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                    for i in old_range {
                        line(out, '-', REMOVED, old, i)?;
                    }
                    for i in new_range {
                        line(out, '+', ADDED, new, i)?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn line(out: &mut dyn Write, tag: char, style: Style, doc: &Document, i: usize) -> io::Result<()> {
    write!(out, "{style}{tag}")?;
    out.write_all(doc.raw_text(i))?;
    write!(out, "{style:#}")?;
    let ending = doc.line(i).ending();
    out.write_all(ending.as_bytes())?;
    if ending == Ending::None {
        out.write_all(b"\n\\ No newline at end of file\n")?;
    }
    Ok(())
}

/// Whether a summary describes a change still to make or one that was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Would,
    Did,
}

/// The human summary of one file's plan.
pub fn summary(out: &mut dyn Write, label: &str, plan: &Plan, tense: Tense) -> io::Result<()> {
    let verb = |would: &str, did: &str| match tense {
        Tense::Would => format!("would {would}"),
        Tense::Did => did.to_string(),
    };
    if !plan.changes_anything() {
        if plan.skipped.is_empty() {
            writeln!(out, "{NAME}{label}{NAME:#}: nothing to migrate")?;
        } else {
            writeln!(
                out,
                "{NAME}{label}{NAME:#}: nothing to migrate; {} left as {}:",
                count(plan.skipped.len(), "profile"),
                if plan.skipped.len() == 1 {
                    "it is"
                } else {
                    "they are"
                }
            )?;
        }
    } else {
        let mut parts = Vec::new();
        if !plan.migrated.is_empty() {
            parts.push(format!(
                "{} {} into {}",
                verb("migrate", "migrated"),
                count(plan.migrated.len(), "profile"),
                count(plan.sessions.len(), "sso-session")
            ));
        }
        if !plan.cleaned.is_empty() {
            parts.push(format!(
                "{} {}",
                verb("clean up", "cleaned up"),
                count(plan.cleaned.len(), "half-migrated profile")
            ));
        }
        writeln!(out, "{NAME}{label}{NAME:#}: {}", parts.join(", "))?;
    }
    for s in &plan.sessions {
        let origin = match s.origin {
            SessionOrigin::New { above_line, .. } => format!("new, above line {above_line}"),
            SessionOrigin::Existing { line } => format!("existing, line {line}"),
        };
        writeln!(
            out,
            "  [sso-session {NAME}{}{NAME:#}] ({origin}): {} in {}",
            s.name, s.start_url, s.sso_region
        )?;
        writeln!(out, "      <- {}", name_list(&s.profiles))?;
    }
    for m in &plan.migrated {
        if let Some(from) = &m.respelled_from {
            let to = plan
                .sessions
                .iter()
                .find(|s| s.name == m.session)
                .map_or("", |s| s.start_url.as_str());
            writeln!(
                out,
                "  respelled: profile {} used {from}; its session uses {to}",
                m.profile
            )?;
        }
    }
    for c in &plan.cleaned {
        writeln!(
            out,
            "  cleaned: profile {} (line {}): {} {}, equal to [sso-session {}]",
            c.profile,
            c.line,
            verb("remove", "removed"),
            c.removed.join(" and "),
            c.session
        )?;
    }
    for s in &plan.skipped {
        writeln!(
            out,
            "  skipped: profile {} (line {}): {}",
            s.profile, s.line, s.reason
        )?;
    }
    for w in &plan.warnings {
        writeln!(out, "  {WARN}warning{WARN:#}: {w}")?;
    }
    Ok(())
}

/// The next step after a migration: one login per session that gained profiles.
pub fn next_steps(out: &mut dyn Write, sessions: &[String], tense: Tense) -> io::Result<()> {
    if sessions.is_empty() {
        return Ok(());
    }
    let when = match tense {
        Tense::Would => "after writing (--write)",
        Tense::Did => "now",
    };
    writeln!(
        out,
        "next: {when}, log in once per session (cached legacy tokens are keyed by the start URL \
         and are not found under a session):"
    )?;
    for s in sessions {
        writeln!(out, "  aws sso login --sso-session {}", shell_word(s))?;
    }
    Ok(())
}

/// `s` as one word for a POSIX shell: as it is when that is safe, else single-quoted.
fn shell_word(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Where a write went: the backup, and the real file when the config is a symlink.
pub fn written(out: &mut dyn Write, label: &str, w: &crate::fsio::Written) -> io::Result<()> {
    if w.via_symlink {
        writeln!(
            out,
            "  {label} is a symlink: kept it and rewrote {}",
            w.target.display()
        )?;
    }
    match w.backup.as_deref() {
        Some(b) => writeln!(
            out,
            "  backup: {} (undo with: aws-sso-migrate --restore {label})",
            b.display()
        ),
        None => writeln!(out, "  no backup kept (--no-backup)"),
    }
}

/// What `--restore` did.
pub fn restored(
    out: &mut dyn Write,
    label: &str,
    from: &std::path::Path,
    saved_as: Option<&std::path::Path>,
) -> io::Result<()> {
    match saved_as {
        Some(saved) => writeln!(
            out,
            "{NAME}{label}{NAME:#}: restored from {}; the replaced content is saved as {} (run \
             --restore again to undo)",
            from.display(),
            saved.display()
        ),
        None => writeln!(
            out,
            "{NAME}{label}{NAME:#}: already identical to its newest backup {}; nothing changed",
            from.display()
        ),
    }
}

/// An error line: `error: message`.
pub fn error(out: &mut dyn Write, message: &str) -> io::Result<()> {
    writeln!(out, "{ERROR}error{ERROR:#}: {message}")
}

/// How many profile names a summary line lists before it counts the rest.
const MAX_LISTED: usize = 12;

/// `a, b, c`, or the first few and `and N more` for a long list.
fn name_list(names: &[String]) -> String {
    if names.len() <= MAX_LISTED {
        return names.join(", ");
    }
    format!(
        "{}, and {} more",
        names[..MAX_LISTED].join(", "),
        names.len() - MAX_LISTED
    )
}

pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
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
    fn long_profile_lists_are_counted() {
        let names: Vec<String> = (0..15).map(|i| format!("p{i}")).collect();
        assert_eq!(
            name_list(&names),
            "p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, and 3 more"
        );
        assert_eq!(name_list(&names[..2]), "p0, p1");
    }

    #[test]
    fn login_commands_are_shell_words() {
        assert_eq!(shell_word("acme-2"), "acme-2");
        assert_eq!(shell_word("corp:main/x"), "corp:main/x");
        assert_eq!(shell_word("my corp"), "'my corp'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
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
