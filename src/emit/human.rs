//! The output for people: the `diff` and `config` formats (stdout: the diff or the migrated
//! file; stderr: a summary per file, then the next steps), and the compiler-style errors every
//! format prints on stderr.
//!
//! stderr stays small whatever the input: values from the file are shown through
//! [`text::shown`], every list is capped at [`MAX_ITEMS`] entries with a count of the rest, and a
//! refused file shows at most [`SHOWN_PROBLEMS`] problems.

use std::io::{self, Write};
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};

use super::text::{self, count, name_list, shell_word, shown};
use super::{EmitOptions, Emitter, FileBytes, FileReport, OutputFormat, RunKind, Streams, Tally};
use crate::aws::problem::{Excerpt, SHOWN_PROBLEMS};
use crate::aws::{Problem, ProblemKind};
use crate::doc::Document;
use crate::error::{FileError, Input};
use crate::fsio::{BackupListing, Restored, Written};
use crate::hash::HashSet;
use crate::migrate::Migration;
use crate::plan::{Plan, SessionOrigin};
use crate::sso_cache::SessionCarry;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const NAME: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HELP: Style = Style::new().bold();

/// How many entries of one list (sessions, skipped profiles, warnings, …) the summary shows.
pub const MAX_ITEMS: usize = 20;

pub struct Human {
    opts: EmitOptions,
    stdout: OnStdout,
    /// Sessions to log in to, per file, in order of first appearance.
    logins: Vec<Logins>,
    /// Files a dry run would change, as given, for the command that applies it.
    to_apply: Vec<String>,
}

/// What a [`Human`] writes on stdout beside its summary on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnStdout {
    Diff,
    /// The whole migrated file (`--format config`).
    Config,
    /// Nothing: the emitter of a picture (`tree`, `mermaid`) draws stdout, and has this one
    /// write the same summary as the diff's on stderr ([`Human::summary_only`]).
    Nothing,
}

impl Human {
    /// The diff, or with `--format config` the migrated file, and the summary.
    pub fn new(opts: EmitOptions) -> Human {
        let stdout = match opts.format {
            OutputFormat::Config => OnStdout::Config,
            _ => OnStdout::Diff,
        };
        Human::with(opts, stdout)
    }

    /// The summary alone, on stderr: what every human-readable format shows there.
    pub fn summary_only(opts: EmitOptions) -> Human {
        Human::with(opts, OnStdout::Nothing)
    }

    fn with(opts: EmitOptions, stdout: OnStdout) -> Human {
        Human {
            opts,
            stdout,
            logins: Vec::new(),
            to_apply: Vec::new(),
        }
    }

    fn planned(
        &mut self,
        s: &mut Streams,
        input: &Input,
        m: &Migration,
        written: Option<&Written>,
        carried: &[SessionCarry],
    ) -> io::Result<()> {
        let label = input.label();
        match self.stdout {
            OnStdout::Config => match FileBytes::of_config(s.out_is_terminal) {
                FileBytes::Verbatim => m.rewritten().write_to(s.out)?,
                FileBytes::Shown => file_shown(s.out, m.rewritten())?,
            },
            OnStdout::Nothing => {}
            OnStdout::Diff if self.opts.quiet => {}
            OnStdout::Diff => super::diff::diff(
                s.out,
                s.out_keeps_styles,
                FileBytes::of_diff(s.out_is_terminal, s.out_keeps_styles),
                &label,
                &m.old,
                m.rewritten(),
                &m.ops,
            )?,
        }
        if self.opts.quiet {
            return Ok(());
        }
        let tense = if written.is_some() {
            Tense::Did
        } else {
            Tense::Would
        };
        if self.compact() {
            writeln!(
                s.err,
                "{NAME}{}{NAME:#}: {}",
                shown(&label),
                plan_headline(&m.plan, tense, true)
            )?;
        } else {
            summary(s.err, &label, &m.plan, &m.old, tense)?;
            if let Some(w) = written {
                self::written(s.err, &label, w)?;
            }
        }
        // Looking up the local time zone reads the zone database: only when there is a time to show.
        if !carried.is_empty() {
            super::tokens::carried(s.err, carried, &jiff::tz::TimeZone::system())?;
        }
        // Advice to log in or to apply only makes sense for a file that can be written.
        if m.changes_anything()
            && let Input::Path(_) = input
        {
            // A session that got (or would get) a still-valid token needs no login now.
            let with_token: HashSet<&str> = carried
                .iter()
                .filter(|c| c.has_token())
                .map(|c| c.session.as_str())
                .collect();
            let mut logins = Logins {
                label: label.clone(),
                names: Vec::new(),
                count: 0,
            };
            for s in (m.plan.sessions.iter()).filter(|s| !with_token.contains(s.name)) {
                if logins.names.len() < MAX_ITEMS {
                    logins.names.push(s.name.into());
                }
                logins.count += 1;
            }
            self.logins.push(logins);
            if written.is_none() {
                self.to_apply.push(label);
            }
        }
        Ok(())
    }
}

impl Human {
    /// Several files and no `--verbose`: one line per file on stderr.
    fn compact(&self) -> bool {
        self.opts.files > 1 && !self.opts.verbose
    }
}

impl Emitter for Human {
    fn prints_the_file(&self) -> bool {
        self.stdout != OnStdout::Nothing
    }

    fn file(&mut self, s: &mut Streams, report: &FileReport) -> io::Result<()> {
        if !self.opts.quiet {
            stale_removed(s.err, &report.input.label(), report.stale_removed)?;
        }
        match &report.outcome {
            super::Outcome::Planned {
                migration,
                written,
                carried,
            } => self.planned(s, report.input, migration, *written, carried),
            super::Outcome::Restored(r) if !self.opts.quiet => {
                restored(s.err, &report.input.label(), r)
            }
            super::Outcome::Restored(_) => Ok(()),
            super::Outcome::Listed(l) => backups(s.out, &report.input.label(), l),
            super::Outcome::Absent if !self.opts.quiet => writeln!(
                s.err,
                "{NAME}{}{NAME:#}: no config file here; nothing to do",
                shown(&report.input.label())
            ),
            super::Outcome::Absent => Ok(()),
            super::Outcome::Failed(e) if self.compact() => {
                writeln!(s.err, "{}", compact_error(&report.input.label(), e))
            }
            // `--doctor` has its own emitter.
            super::Outcome::Diagnosed(_) => Ok(()),
            super::Outcome::Failed(e) => error(s.err, e),
        }
    }

    fn finish(&mut self, s: &mut Streams, tally: &Tally) -> io::Result<()> {
        if self.opts.quiet {
            return Ok(());
        }
        let tense = match self.opts.kind {
            RunKind::DryRun => Tense::Would,
            RunKind::Write | RunKind::Restore => Tense::Did,
        };
        next_steps(s.err, &self.logins, tense, self.opts.files > 1)?;
        if self.opts.files > 1 {
            let changed = match self.opts.kind {
                RunKind::DryRun => "would change",
                RunKind::Write => "changed",
                RunKind::Restore => "restored",
            };
            writeln!(
                s.err,
                "{}: {} clean, {} {changed}, {} failed",
                count(self.opts.files, "file"),
                tally.clean,
                tally.changing,
                tally.failed
            )?;
        }
        if !self.to_apply.is_empty() {
            let mut args = vec!["--write"];
            args.extend(self.opts.plan_args.iter().map(String::as_str));
            let files: Vec<&str> = self.to_apply.iter().map(String::as_str).collect();
            writeln!(s.err, "to apply: {}", text::tool_command(&args, &files))?;
        }
        Ok(())
    }
}

/// Whether a summary describes a change still to make or one that was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Would,
    Did,
}

/// Writes at most [`MAX_ITEMS`] of `items` with `line`, then counts the rest.
fn capped<T>(
    out: &mut dyn Write,
    items: &[T],
    noun: &str,
    line: impl FnMut(&mut dyn Write, &T) -> io::Result<()>,
) -> io::Result<()> {
    capped_of(out, items.len(), items.iter(), noun, line)
}

/// [`capped`] on the first items of a list of `total`: only the ones shown are looked at.
fn capped_of<I: Iterator>(
    out: &mut dyn Write,
    total: usize,
    items: I,
    noun: &str,
    mut line: impl FnMut(&mut dyn Write, I::Item) -> io::Result<()>,
) -> io::Result<()> {
    for item in items.take(MAX_ITEMS) {
        line(out, item)?;
    }
    if total > MAX_ITEMS {
        writeln!(
            out,
            "  … and {} more (--format json lists them all)",
            count(total - MAX_ITEMS, noun)
        )?;
    }
    Ok(())
}

/// What a plan does, in one line: `would migrate 4 profiles into 2 sso-sessions, …`. For a file
/// with nothing to change, `nothing to migrate` (or `clean` in the one-line-per-file form).
fn plan_headline(plan: &Plan, tense: Tense, short: bool) -> String {
    let verb = |would: &str, did: &str| match tense {
        Tense::Would => format!("would {would}"),
        Tense::Did => did.to_string(),
    };
    let as_they_are = |n: usize| if n == 1 { "as it is" } else { "as they are" };
    if !plan.changes_anything() {
        let n = plan.skipped.len();
        return match (n, short) {
            (0, true) => "clean".to_string(),
            (0, false) => "nothing to migrate".to_string(),
            (n, true) => format!("clean; {} left {}", count(n, "profile"), as_they_are(n)),
            (n, false) => format!(
                "nothing to migrate; {} left {}:",
                count(n, "profile"),
                as_they_are(n)
            ),
        };
    }
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
    if !plan.skipped.is_empty() {
        let n = plan.skipped.len();
        parts.push(format!(
            "{} {} {}",
            verb("leave", "left"),
            count(n, "profile"),
            as_they_are(n)
        ));
    }
    parts.join(", ")
}

/// A file's error in one line, for the one-line-per-file form: `path: error[kind]: …`.
fn compact_error(label: &str, e: &FileError) -> String {
    let message = match e {
        FileError::Unreadable { problems, .. } => {
            let kind = e.refusal().map_or("", text::refusal);
            let first = problems.first().map_or(String::new(), |p| {
                format!("; line {}: {}", p.line, text::problem_message(&p.kind))
            });
            format!(
                "not migrated, {kind} ({}{first}); left as it was",
                count(problems.len(), "problem")
            )
        }
        _ => text::file_error(e),
    };
    format!(
        "{NAME}{}{NAME:#}: {ERROR}error[{}]{ERROR:#}: {message}",
        shown(label),
        e.kind()
    )
}

/// The summary of one file's plan, made from `doc`.
fn summary(
    out: &mut dyn Write,
    label: &str,
    plan: &Plan,
    doc: &Document,
    tense: Tense,
) -> io::Result<()> {
    let verb = |would: &str, did: &str| match tense {
        Tense::Would => format!("would {would}"),
        Tense::Did => did.to_string(),
    };
    writeln!(
        out,
        "{NAME}{}{NAME:#}: {}",
        shown(label),
        plan_headline(plan, tense, false)
    )?;
    let sessions = &plan.sessions;
    capped_of(
        out,
        sessions.len(),
        sessions.iter(),
        "sso-session",
        |out, s| {
            let line = s.origin.line();
            let origin = match s.origin {
                SessionOrigin::New { .. } => format!("new, above line {line}"),
                SessionOrigin::Existing { .. } => format!("existing, line {line}"),
            };
            writeln!(
                out,
                "  [sso-session {NAME}{}{NAME:#}] ({origin}): {} in {}",
                shown(s.name),
                shown(s.start_url),
                shown(s.sso_region)
            )?;
            writeln!(
                out,
                "      <- {}",
                name_list(plan.members(&s).map(|m| m.profile(doc)))
            )
        },
    )?;
    let respelled: Vec<_> = plan
        .migrated
        .iter()
        .filter_map(|m| plan.respelled_from(m).map(|from| (m, from)))
        .collect();
    capped(out, &respelled, "respelled profile", |out, (m, from)| {
        let to = &plan.session_of(m).start_url;
        writeln!(
            out,
            "  respelled: profile {} used {}; its session uses {}",
            shown(&*m.profile(doc)),
            shown(from),
            shown(to)
        )
    })?;
    capped(out, &plan.cleaned, "cleaned profile", |out, c| {
        write!(
            out,
            "  cleaned: profile {} (line {}): {} {}, equal to [sso-session {}]",
            shown(&c.profile),
            c.line,
            verb("remove", "removed"),
            c.removed.join(" and "),
            shown(&c.session)
        )?;
        if let Some(was) = &c.respelled {
            // Without it, some SDKs read no sso_session and used the removed keys.
            write!(
                out,
                ", and {} `{}` as `sso_session = {}`, which every AWS SDK reads",
                verb("write", "wrote"),
                shown(was),
                shown(&c.session)
            )?;
        }
        writeln!(out)
    })?;
    capped(out, &plan.skipped, "skipped profile", |out, s| {
        writeln!(
            out,
            "  skipped: profile {} (line {}): {}",
            shown(&s.profile),
            s.line,
            text::skip_reason(&s.reason)
        )
    })?;
    capped(out, &plan.warnings, "warning", |out, w| {
        writeln!(out, "  {WARN}warning{WARN:#}: {}", text::warning(w))
    })
}

/// The next step after a migration: one login per session that gained profiles. With one file,
/// the commands; with several, each file's commands on lines naming the file, since each file
/// belongs to a different person.
fn next_steps(
    out: &mut dyn Write,
    logins: &[Logins],
    tense: Tense,
    several_files: bool,
) -> io::Result<()> {
    if logins.iter().all(|l| l.count == 0) {
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
    let labelled = several_files || logins.len() > 1;
    let total = logins.iter().map(|l| l.count).sum();
    let lines = (logins.iter()).flat_map(|l| l.names.iter().map(move |name| (&l.label, name)));
    capped_of(out, total, lines, "login", |out, (label, name)| {
        let login = format_args!("aws sso login --sso-session {}", shell_word(name));
        if labelled {
            writeln!(out, "  {}: {login}", shown(label))
        } else {
            writeln!(out, "  {login}")
        }
    })
}

/// One file's sessions to log in to: how many, and the names of the first [`MAX_ITEMS`], all
/// that any summary shows (a file of 10,000 new sessions keeps and formats 20 names, not all).
struct Logins {
    label: String,
    names: Vec<crate::plan::Name>,
    count: usize,
}

/// Where a write went: the backup, and the real file when the config is a symlink.
fn written(out: &mut dyn Write, label: &str, w: &Written) -> io::Result<()> {
    if w.via_symlink {
        writeln!(
            out,
            "  {} is a symlink: kept it and rewrote {}",
            shown(label),
            shown(w.target.as_os_str().as_encoded_bytes())
        )?;
    }
    match w.backup.as_deref() {
        Some(b) => writeln!(
            out,
            "  backup: {} (undo with: {})",
            shown(b.as_os_str().as_encoded_bytes()),
            text::tool_command(&["--restore"], &[label])
        ),
        None => writeln!(out, "  no backup kept (--no-backup)"),
    }
}

/// What `--restore` did.
fn restored(out: &mut dyn Write, label: &str, r: &Restored) -> io::Result<()> {
    let from = shown(r.from.as_os_str().as_encoded_bytes());
    match r.saved_as.as_deref() {
        Some(saved) => writeln!(
            out,
            "{NAME}{}{NAME:#}: restored from {from}; the replaced content is saved as {} (run \
             --restore again to undo)",
            shown(label),
            shown(saved.as_os_str().as_encoded_bytes())
        ),
        None => writeln!(
            out,
            "{NAME}{}{NAME:#}: already identical to its newest backup {from}; nothing changed",
            shown(label)
        ),
    }
}

/// Temp files of an interrupted earlier run that were removed.
fn stale_removed(out: &mut dyn Write, label: &str, removed: &[PathBuf]) -> io::Result<()> {
    for p in removed {
        writeln!(
            out,
            "{NAME}{}{NAME:#}: removed {}, a temporary file left by an interrupted run",
            shown(label),
            shown(p.as_os_str().as_encoded_bytes())
        )?;
    }
    Ok(())
}

/// The lines of `doc` for a terminal ([`text::push_line_shown`]), a block at a time.
fn file_shown(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    const BLOCK: usize = 64 * 1024;
    let mut buf = Vec::with_capacity(BLOCK + 1024);
    for i in 0..doc.len() {
        text::push_line_shown(&mut buf, doc.raw_text(i), doc.ending(i));
        if buf.len() >= BLOCK {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// `--restore --list`: one line per backup on stdout, oldest first, with its time and whether
/// `--restore` would refuse it; earlier versions' backups are named on their own lines.
fn backups(out: &mut dyn Write, label: &str, l: &BackupListing) -> io::Result<()> {
    if l.backups.is_empty() {
        writeln!(out, "{}: no backups made by aws-sso-migrate", shown(label))?;
    }
    for b in &l.backups {
        write!(
            out,
            "{}  {}",
            b.time,
            shown(b.path.as_os_str().as_encoded_bytes())
        )?;
        match &b.refusal {
            Some(r) => writeln!(out, "  (refused: it is {r})")?,
            None => writeln!(out)?,
        }
    }
    for p in &l.legacy {
        writeln!(
            out,
            "{}  (from an earlier version or made by hand: not restored)",
            shown(p.as_os_str().as_encoded_bytes())
        )?;
    }
    Ok(())
}

/// `error[code]: message` (or `warning`, …), coloured.
pub fn headline(out: &mut dyn Write, what: &str, code: Option<&str>, msg: &str) -> io::Result<()> {
    match code {
        Some(code) => writeln!(out, "{ERROR}{what}[{code}]{ERROR:#}{NAME}: {msg}{NAME:#}"),
        None => writeln!(out, "{ERROR}{what}{ERROR:#}{NAME}: {msg}{NAME:#}"),
    }
}

/// A file's error, like a compiler's: for a refused file, each problem with its line and a
/// caret under the offending part and the fix, then one line saying the file was left alone.
pub fn error(out: &mut dyn Write, e: &FileError) -> io::Result<()> {
    let FileError::Unreadable {
        path,
        problems,
        sites,
    } = e
    else {
        return headline(out, "error", Some(e.kind()), &text::file_error(e));
    };
    if let [p] = problems.as_slice()
        && p.kind == ProblemKind::NotAConfig
    {
        return headline(
            out,
            "error",
            Some(p.kind.code()),
            &format!(
                "`{}` does not look like an AWS config file (line {} is longer than 64 KiB); it \
                 was left as it was",
                shown(path),
                p.line
            ),
        );
    }
    for (i, p) in problems.iter().enumerate().take(SHOWN_PROBLEMS) {
        problem(out, path, p, sites.column(i), sites.excerpt(i))?;
    }
    if problems.len() > SHOWN_PROBLEMS {
        writeln!(
            out,
            "{NAME}note{NAME:#}: and {} not shown",
            count(problems.len() - SHOWN_PROBLEMS, "more problem")
        )?;
    }
    headline(out, "error", Some(e.kind()), &text::file_error(e))
}

fn problem(
    out: &mut dyn Write,
    path: &str,
    p: &Problem,
    column: Option<usize>,
    excerpt: Option<&Excerpt>,
) -> io::Result<()> {
    headline(
        out,
        "error",
        Some(p.kind.code()),
        &format!(
            "{}: {}",
            text::problem_headline(p),
            text::problem_message(&p.kind)
        ),
    )?;
    let column = column.unwrap_or(1);
    let number = p.line.to_string();
    let pad = " ".repeat(number.len());
    writeln!(
        out,
        "{pad}{GUTTER}-->{GUTTER:#} {}:{}:{column}",
        shown(path),
        p.line
    )?;
    if let Some(excerpt) = excerpt {
        let (line, caret_at, caret_len) = snippet(excerpt);
        writeln!(out, "{pad} {GUTTER}|{GUTTER:#}")?;
        writeln!(out, "{GUTTER}{number} |{GUTTER:#} {line}")?;
        writeln!(
            out,
            "{pad} {GUTTER}|{GUTTER:#} {}{ERROR}{}{ERROR:#}",
            " ".repeat(caret_at),
            "^".repeat(caret_len)
        )?;
    }
    writeln!(
        out,
        "{pad} {GUTTER}={GUTTER:#} {HELP}help{HELP:#}: {}",
        text::problem_help(&p.kind)
    )?;
    writeln!(out)
}

/// The excerpt as one escaped line of at most [`text::MAX_SHOWN`] columns that keeps the span in
/// view, with where the caret goes and how long it is.
pub(super) fn snippet(e: &Excerpt) -> (String, usize, usize) {
    // Each piece with its width and whether it lies in the span.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut offset = 0;
    for chunk in e.text.utf8_chunks() {
        for c in chunk.valid().chars() {
            let mut s = String::new();
            let piece = if c == '\t' {
                // A tab shows as spaces, so the caret lines up.
                s.push_str("    ");
                None
            } else {
                text::escaped(c.encode_utf8(&mut [0; 4]).as_bytes()).next()
            };
            if let Some(piece) = piece {
                let _ = piece.write(&mut s);
            }
            pieces.push((s, e.span.contains(&offset)));
            offset += c.len_utf8();
        }
        for &b in chunk.invalid() {
            pieces.push((format!("\\x{b:02X}"), e.span.contains(&offset)));
            offset += 1;
        }
    }
    let width = |p: &(String, bool)| p.0.chars().count();
    let first = pieces.iter().position(|p| p.1);
    let max = text::MAX_SHOWN;
    // Start early enough to show some context before the span, late enough to reach it.
    let mut start = 0;
    if let Some(first) = first {
        let mut before: usize = pieces[..first].iter().map(width).sum();
        while start < first && before > max / 3 {
            before -= width(&pieces[start]);
            start += 1;
        }
    }
    let mut line = String::new();
    let (mut caret_at, mut caret_len) = (None, 0);
    if e.cut_before || start > 0 {
        line.push('…');
    }
    let mut cols = line.chars().count();
    let mut cut = false;
    for p in &pieces[start..] {
        if cols + width(p) > max - 1 {
            cut = true;
            break;
        }
        if p.1 {
            caret_at.get_or_insert(cols);
            caret_len += width(p);
        }
        line.push_str(&p.0);
        cols += width(p);
    }
    if cut || e.cut_after {
        line.push('…');
    }
    // An empty span (the end of a line, a whole-line problem) gets one caret where it is.
    let caret_at = caret_at.unwrap_or(if e.span.start >= e.text.len() {
        cols
    } else {
        0
    });
    (line, caret_at, caret_len.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_over_several_files_show_the_first_twenty_and_count_the_rest() {
        // Each file keeps only the names a summary can show, and how many it has.
        let file = |label: &str, count: usize| Logins {
            label: label.into(),
            names: (0..count.min(MAX_ITEMS))
                .map(|i| format!("{label}{i}").into())
                .collect(),
            count,
        };
        let mut out = Vec::new();
        next_steps(&mut out, &[file("a", 5), file("b", 30)], Tense::Would, true).unwrap();
        let mut want = String::from(
            "next: after writing (--write), log in once per session (cached legacy tokens are \
             keyed by the start URL and are not found under a session):\n",
        );
        for i in 0..5 {
            want.push_str(&format!("  a: aws sso login --sso-session a{i}\n"));
        }
        for i in 0..15 {
            want.push_str(&format!("  b: aws sso login --sso-session b{i}\n"));
        }
        want.push_str("  … and 15 logins more (--format json lists them all)\n");
        assert_eq!(out, want.as_bytes());
        // One file, given alone: no label.
        let mut out = Vec::new();
        next_steps(&mut out, &[file("a", 2)], Tense::Did, false).unwrap();
        assert!(
            out.ends_with(
                b":\n  aws sso login --sso-session a0\n  aws sso login --sso-session a1\n"
            )
        );
    }

    fn ex(text: &[u8], span: std::ops::Range<usize>) -> Excerpt {
        Excerpt {
            text: text.to_vec(),
            span,
            column: 1,
            cut_before: false,
            cut_after: false,
        }
    }

    #[test]
    fn the_caret_points_at_the_span() {
        assert_eq!(
            snippet(&ex(b"region = x", 0..6)),
            ("region = x".into(), 0, 6)
        );
        assert_eq!(
            snippet(&ex(b"a\x1b[2Jb = v", 1..5)),
            ("a\\e[2Jb = v".into(), 1, 5)
        );
        assert_eq!(
            snippet(&ex(b"caf\xe9 = v", 3..4)),
            ("caf\\xE9 = v".into(), 3, 4)
        );
        assert_eq!(snippet(&ex(b"\tk = v", 1..2)), ("    k = v".into(), 4, 1));
    }

    #[test]
    fn long_lines_keep_the_span_in_view() {
        let mut text = vec![b'x'; 500];
        text[400] = b'!';
        let (line, at, len) = snippet(&ex(&text, 400..401));
        assert!(line.chars().count() <= text::MAX_SHOWN, "{line}");
        assert_eq!(line.chars().nth(at), Some('!'));
        assert_eq!(len, 1);
        assert!(line.starts_with('…') && line.ends_with('…'));
    }
}
