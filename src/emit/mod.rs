//! Output strategies: one [`Emitter`] per `--format`, in the shape of rustfmt's emitters. The app
//! hands each file's outcome to the emitter as it is done and tells it when the run ends; it
//! never asks which format it is.
//!
//! | format    | stdout                                  | stderr                        |
//! |-----------|-----------------------------------------|-------------------------------|
//! | `diff`    | the unified diff, streamed per file     | summary, errors, next steps   |
//! | `config`  | the whole migrated file                 | summary, errors, next steps   |
//! | `json`    | one document for the run, at its end    | errors                        |
//! | `tree`    | the structure after migration, per file | errors                        |
//! | `mermaid` | one flowchart for the run, at its end   | errors                        |
//!
//! Errors are rendered like a compiler's in every format (`human::error`). Anything quoted from
//! a file goes through [`text::shown`] before it reaches a terminal; the diff and `config`
//! outputs are the exception, since they are for `patch` and must be byte-exact.

pub mod diff;
pub mod doctor;
mod human;
pub mod json;
mod mermaid;
pub mod plain;
pub mod text;
pub mod tokens;
mod tree;

use std::io::{self, Write};
use std::path::PathBuf;

use crate::doctor::{Diagnosis, Kept};
use crate::error::{FileError, Input};
use crate::fsio::{BackupListing, Restored, Written};
use crate::migrate::Migration;
use crate::sso_cache::SessionCarry;

/// What to print on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Diff,
    Config,
    Json,
    Tree,
    Mermaid,
}

/// What a run does, as far as the output is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// A dry run (`--check` or not): changes are told as "would".
    DryRun,
    /// `--write`: changes were made.
    Write,
    /// `--restore`.
    Restore,
}

/// Everything the emitters need to know about the run, fixed before the first file.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    pub format: OutputFormat,
    pub kind: RunKind,
    /// No diff and no summary (errors are still printed).
    pub quiet: bool,
    /// With several files, the full summary of each instead of one line.
    pub verbose: bool,
    /// How many files the run handles.
    pub files: usize,
    /// The options that shaped the plan, as command-line words (`--profile dev`, …), so the
    /// dry run can print the exact command that applies it.
    pub plan_args: Vec<String>,
    /// `--doctor`: files are diagnosed, not migrated.
    pub doctor: bool,
}

/// stdout and stderr, each buffered and colour-aware.
pub struct Streams<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Whether `out` keeps the escape codes written to it. Where it does not, the emitter that
    /// prints the file ([`Emitter::prints_the_file`]) must write none, since nothing drops them
    /// on its way; the others' are dropped by a filter, at a cost (two codes a line were over a
    /// third of writing a 100,000-profile diff).
    pub out_keeps_styles: bool,
    /// Whether `out` is a terminal: the file's own bytes are then shown escaped ([`FileBytes`]).
    pub out_is_terminal: bool,
}

/// How the diff and `config` outputs, which print the file's own lines, write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileBytes {
    /// Byte for byte, control characters included, for `patch` or a file: stdout is not a
    /// terminal (and, for the diff, not coloured), and nothing on the way drops or adds a byte.
    Verbatim,
    /// For a person: each line through [`text::push_line_shown`], so nothing from the file
    /// reaches a terminal unescaped.
    Shown,
}

impl FileBytes {
    /// The diff's: `Verbatim` where stdout is neither a terminal nor coloured, `Shown`
    /// elsewhere (a coloured diff, which `patch` cannot read anyway, goes to a pager that shows
    /// the colour codes, `less -R`, which must not get the file's).
    pub fn of_diff(terminal: bool, coloured: bool) -> FileBytes {
        match terminal || coloured {
            true => FileBytes::Shown,
            false => FileBytes::Verbatim,
        }
    }

    /// `config`'s: `Shown` on a terminal only. It has no colour, and the file it is redirected
    /// to must be what `--write` writes, `--color always` or not.
    pub fn of_config(terminal: bool) -> FileBytes {
        match terminal {
            true => FileBytes::Shown,
            false => FileBytes::Verbatim,
        }
    }
}

impl Streams<'_> {
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.err.flush()
    }
}

/// How one file ended.
#[derive(Debug)]
pub enum Outcome<'a> {
    /// Planned and verified; `written` when `--write` replaced the file.
    Planned {
        migration: &'a Migration,
        written: Option<&'a Written>,
        /// What `--carry-tokens` carried (or would carry) for the plan's sessions.
        carried: &'a [SessionCarry],
    },
    /// `--restore` put a backup back (or found the file identical to it).
    Restored(&'a Restored),
    /// `--restore --list`: the backups this tool made, and earlier versions' backups.
    Listed(&'a BackupListing),
    /// No FILE was given and the default config does not exist.
    Absent,
    /// `--doctor`: the findings.
    Diagnosed(&'a Diagnosis),
    Failed(&'a FileError),
}

/// One file's outcome, as handed to an emitter.
#[derive(Debug)]
pub struct FileReport<'a> {
    pub input: &'a Input,
    pub outcome: Outcome<'a>,
    /// Temp files an interrupted earlier run left next to the file, removed before this one.
    pub stale_removed: &'a [PathBuf],
}

impl FileReport<'_> {
    /// `clean`, `would-change`, `changed`, `restored` or `failed`.
    pub fn status(&self) -> Status {
        match &self.outcome {
            Outcome::Planned {
                written: Some(_), ..
            } => Status::Changed,
            Outcome::Planned { migration, .. } if migration.changes_anything() => {
                Status::WouldChange
            }
            Outcome::Planned { .. } => Status::Clean,
            Outcome::Restored(r) if r.saved_as.is_some() => Status::Restored,
            Outcome::Restored(_) | Outcome::Listed(_) => Status::Clean,
            Outcome::Absent => Status::Absent,
            Outcome::Diagnosed(d) if d.healthy() => Status::Clean,
            Outcome::Diagnosed(_) => Status::Findings,
            Outcome::Failed(_) => Status::Failed,
        }
    }
}

/// How a file ended, in the words of the JSON `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Clean,
    WouldChange,
    Changed,
    Restored,
    /// `--doctor` found errors or warnings.
    Findings,
    Failed,
    /// No config at the default path.
    Absent,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Absent => "absent",
            Status::Clean => "clean",
            Status::WouldChange => "would-change",
            Status::Changed => "changed",
            Status::Restored => "restored",
            Status::Findings => "findings",
            Status::Failed => "failed",
        }
    }
}

/// Counts of how the files ended.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub clean: usize,
    pub changing: usize,
    pub failed: usize,
    pub absent: usize,
    /// `--doctor`: files with errors or warnings.
    pub findings: usize,
}

impl Tally {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Clean => self.clean += 1,
            Status::WouldChange | Status::Changed | Status::Restored => self.changing += 1,
            Status::Failed => self.failed += 1,
            Status::Absent => self.absent += 1,
            Status::Findings => self.findings += 1,
        }
    }
}

/// An output strategy.
pub trait Emitter {
    /// Called once per file, in order, as soon as the file is done.
    fn file(&mut self, streams: &mut Streams, report: &FileReport) -> io::Result<()>;
    /// Called once when every file is done.
    fn finish(&mut self, streams: &mut Streams, tally: &Tally) -> io::Result<()>;
    /// Whether it prints the file's own bytes on stdout (the diff, `config`). Where colour is
    /// off, stdout then gets no filter that drops escape codes, which would drop the file's
    /// too, and the emitter writes none of its own.
    fn prints_the_file(&self) -> bool {
        false
    }
    /// Which findings of a `--doctor` check-up it writes: the check-up keeps only those.
    fn findings_kept(&self) -> Kept {
        Kept::All
    }
}

/// The emitter for `opts.format`.
pub fn create(opts: EmitOptions) -> Box<dyn Emitter> {
    if opts.doctor && opts.format != OutputFormat::Json {
        return Box::new(doctor::DoctorText::new(opts));
    }
    match opts.format {
        OutputFormat::Diff | OutputFormat::Config => Box::new(human::Human::new(opts)),
        OutputFormat::Json => Box::new(json::Json::new(opts)),
        OutputFormat::Tree => Box::new(tree::Tree::new(opts)),
        OutputFormat::Mermaid => Box::new(mermaid::Mermaid::new(opts)),
    }
}

/// An error that stops the run before any file (a bad command line), in the same style.
pub fn usage_error(err: &mut dyn Write, message: &str) -> io::Result<()> {
    human::headline(err, "error", None, &text::shown_long(message))
}

/// A file's error, as every format prints it on stderr (for output outside the emitters, such
/// as the token report).
pub fn file_error(err: &mut dyn Write, e: &FileError) -> io::Result<()> {
    human::error(err, e)
}
