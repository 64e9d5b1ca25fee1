//! Orchestration: read each file, migrate (or restore) it, and hand the outcome to the output
//! strategy for the chosen format ([`crate::emit::create`]). The only place that opens stdout
//! and stderr.
//!
//! Each file is handled on its own; a bad file does not stop the others. Exit status: 2 if any
//! file failed (or the command line is wrong), else 1 if `--check` found pending changes or
//! `--doctor` found errors or warnings, else 0.
//! Both streams are buffered and flushed after each file and at the end.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anstream::AutoStream;
use clap::Parser;

use crate::cli::{self, Cli, ColorWhen, Mode, Options};
use crate::credentials_file;
use crate::doctor::{self, Diagnosis};
use crate::emit::{self, EmitOptions, FileReport, Outcome, Streams, Tally};
use crate::error::{FileError, Input};
use crate::fsio;
use crate::migrate::{self, MigrateError, Migration};
use crate::phases;
use crate::plan::PlanOptions;
use crate::relay::Relay;
use crate::sso_cache::SessionCarry;
use crate::sso_cache_io;

/// The exit status contract (see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done, or nothing to do.
    Ok = 0,
    /// `--check` found files that would change, or `--doctor` found errors or warnings.
    Pending = 1,
    /// A usage error, or a file that could not be handled.
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

pub fn main() -> ExitCode {
    phases::mark("start");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Error
            } else {
                Exit::Ok
            }
            .into();
        }
    };
    if let Some(what) = cli.generate {
        let mut out = io::stdout().lock();
        return match cli::generate(what, &mut out).and_then(|()| out.flush()) {
            Ok(()) => Exit::Ok,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Ok,
            Err(e) => {
                let _ = emit::usage_error(&mut io::stderr(), &format!("cannot write output: {e}"));
                Exit::Error
            }
        }
        .into();
    }
    let color = cli.color.into();
    let options = match cli::resolve(cli, |k| std::env::var_os(k)) {
        Ok(o) => o,
        Err(e) => {
            let mut err = stream(io::stderr(), color);
            let _ = emit::usage_error(&mut err, &e.to_string());
            return Exit::Error.into();
        }
    };
    let exit = run(&options);
    phases::report();
    match exit {
        Ok(exit) => exit.into(),
        // The reader went away (`| head`): not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Ok.into(),
        Err(e) => {
            let mut err = stream(io::stderr(), options.color);
            let _ = emit::usage_error(&mut err, &format!("cannot write output: {e}"));
            Exit::Error.into()
        }
    }
}

fn stream<S: anstream::stream::RawStream>(raw: S, color: ColorWhen) -> AutoStream<S> {
    AutoStream::new(raw, choice(color))
}

fn choice(color: ColorWhen) -> anstream::ColorChoice {
    match color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    }
}

/// How much of stderr is buffered before a `write(2)` (stdout's buffer is [`Relay`]'s).
const BUFFER: usize = 64 * 1024;

/// How a stream is coloured: as asked, or as `raw` (a terminal or not) and the environment say.
fn decide(raw: &impl anstream::stream::RawStream, color: ColorWhen) -> anstream::ColorChoice {
    match color {
        ColorWhen::Auto => anstream::AutoStream::choice(raw),
        other => choice(other),
    }
}

/// `buffered` (stdout or stderr behind its buffer) with colour as `decided`. The stream keeps the
/// escape codes written to it unless `decided` is `Never`.
///
/// The buffer sits between the colour filter and the stream: the filter writes each run of text
/// between two escape codes separately, and the standard streams are line-buffered, so without
/// it every line would be its own `write(2)`.
///
/// `keeps_file_bytes`: what is written is the file's own bytes, which no filter may touch, and
/// carries no escape codes of its own where colour is off (the diff and `config` outputs).
fn styled(
    buffered: impl Write + 'static,
    decided: anstream::ColorChoice,
    keeps_file_bytes: bool,
) -> AutoStream<Box<dyn Write>> {
    match decided {
        // The file's bytes as they are: no filter at all.
        anstream::ColorChoice::Never if keeps_file_bytes => {
            AutoStream::new(Box::new(buffered), anstream::ColorChoice::AlwaysAnsi)
        }
        // Without colour, the styles are dropped by a writer that looks for `ESC` only (the
        // stream's own filter parses every byte, which was a tenth of a large dry run).
        anstream::ColorChoice::Never => {
            let plain = Box::new(emit::plain::StripStyles::new(buffered));
            AutoStream::new(plain, anstream::ColorChoice::AlwaysAnsi)
        }
        _ => AutoStream::new(Box::new(buffered), decided),
    }
}

/// Runs the resolved options. Errors are only failures to write output.
pub fn run(opts: &Options) -> io::Result<Exit> {
    let mut emitter = emit::create(EmitOptions {
        format: opts.format,
        kind: opts.run_kind(),
        quiet: opts.quiet,
        verbose: opts.verbose,
        files: opts.inputs.len(),
        plan_args: opts.plan_args.clone(),
        doctor: opts.mode == Mode::Doctor,
    });
    // stdout's writes move to a thread of their own when the output is large (a diff of a
    // large file); stderr gets a plain buffer.
    let stdout = io::stdout();
    let out_color = decide(&stdout, opts.color);
    let out_is_terminal = stdout.is_terminal();
    let prints_the_file = emitter.prints_the_file() && !opts.tokens.report;
    let mut out = styled(Relay::new(stdout), out_color, prints_the_file);
    let stderr = io::stderr().lock();
    let err_color = decide(&stderr, opts.color);
    let mut err = styled(BufWriter::with_capacity(BUFFER, stderr), err_color, false);
    if opts.tokens.report {
        let all_read = sso_cache_io::report(&mut out, &mut err, opts)?;
        out.flush()?;
        err.flush()?;
        return Ok(if all_read { Exit::Ok } else { Exit::Error });
    }
    let mut streams = Streams {
        out: &mut out,
        err: &mut err,
        out_keeps_styles: out_color != anstream::ColorChoice::Never,
        out_is_terminal,
    };
    let mut tally = Tally::default();
    for (n, input) in opts.inputs.iter().enumerate() {
        let mut stale_removed = Vec::new();
        let done = handle(opts, input, emitter.findings_kept(), &mut stale_removed);
        let outcome = match &done {
            Done::Planned(m, written, carried) => Outcome::Planned {
                migration: m,
                written: written.as_ref(),
                carried,
            },
            Done::Restored(r) => Outcome::Restored(r),
            Done::Listed(l) => Outcome::Listed(l),
            Done::Absent => Outcome::Absent,
            Done::Diagnosed(d) => Outcome::Diagnosed(d),
            Done::Failed(e) => Outcome::Failed(e),
        };
        let report = FileReport {
            input,
            outcome,
            stale_removed: &stale_removed,
        };
        tally.add(report.status());
        emitter.file(&mut streams, &report)?;
        streams.flush()?;
        phases::mark("output");
        if n + 1 == opts.inputs.len() {
            // The process ends after the last file: its migration (both documents, both
            // readings, the plan) is left to the exit instead of being freed allocation by
            // allocation, which took milliseconds on a large file.
            std::mem::forget(done);
        }
    }
    emitter.finish(&mut streams, &tally)?;
    streams.flush()?;
    Ok(if tally.failed > 0 {
        Exit::Error
    } else if (opts.mode == (Mode::DryRun { check: true }) && tally.changing > 0)
        || (opts.mode == Mode::Doctor && tally.findings > 0)
    {
        Exit::Pending
    } else {
        Exit::Ok
    })
}

/// What happened to one file.
enum Done {
    /// No FILE was given and there is no config at the default path: nothing to do.
    Absent,
    Planned(Box<Migration>, Option<fsio::Written>, Vec<SessionCarry>),
    Restored(fsio::Restored),
    Listed(fsio::BackupListing),
    Diagnosed(Box<Diagnosis>),
    Failed(FileError),
}

/// Migrates (a dry run or a write), restores, lists the backups of or checks up (keeping the
/// findings `kept`) one file. The file is written before anything is printed about it, so a
/// failed write shows only the error. Before a write or a restore, temp files an interrupted
/// run left next to the file are removed and listed in `stale_removed`.
fn handle(
    opts: &Options,
    input: &Input,
    kept: doctor::Kept,
    stale_removed: &mut Vec<PathBuf>,
) -> Done {
    // A machine without a config has nothing to migrate; a path the user named must exist.
    if let (true, Input::Path(path)) = (opts.default_input, input)
        && fsio::absent(path)
    {
        return Done::Absent;
    }
    let writes = matches!(opts.mode, Mode::Write { .. })
        || (opts.mode == Mode::Restore && !opts.list_backups);
    if let (true, Input::Path(path)) = (writes, input) {
        *stale_removed = fsio::remove_stale_temps(path);
    }
    let result = match opts.mode {
        Mode::Restore => restore(opts, input),
        Mode::DryRun { .. } | Mode::Write { .. } => migrate_one(opts, input),
        Mode::Doctor => diagnose(opts, input, kept),
    };
    result.unwrap_or_else(Done::Failed)
}

fn migrate_one(opts: &Options, input: &Input) -> Result<Done, FileError> {
    let m = process(input, opts)?;
    let written = match (opts.mode, input) {
        (Mode::Write { backup }, Input::Path(path)) if m.changes_anything() => {
            let how = fsio::ReplaceOptions {
                backup,
                break_hard_links: opts.break_hard_links,
            };
            // The rewrite is written a piece at a time, never put together in memory.
            Some(fsio::replace(path, &m.old.bytes(), m.rewritten(), how)?)
        }
        _ => None,
    };
    // Only after the config itself was written (or, in a dry run, to say what would be done).
    let carried = sso_cache_io::carry_after(opts, input, &m.plan, written.is_some());
    Ok(Done::Planned(Box::new(m), written, carried))
}

/// `--doctor`: reads the file and diagnoses it, keeping the findings the output shows (`kept`);
/// never writes.
fn diagnose(opts: &Options, input: &Input, kept: doctor::Kept) -> Result<Done, FileError> {
    let bytes = fsio::read_config(input, opts.max_size)?;
    let credentials = credentials_file::profiles_for(input, opts)?;
    doctor::diagnose_with_credentials(bytes, kept, credentials)
        .map(|d| Done::Diagnosed(Box::new(d)))
        .map_err(|u| FileError::Unreadable {
            path: input.label(),
            problems: u.problems,
            sites: u.sites,
        })
}

fn restore(opts: &Options, input: &Input) -> Result<Done, FileError> {
    let Input::Path(path) = input else {
        unreachable!("stdin is refused for --restore when options are resolved")
    };
    if opts.list_backups {
        return fsio::list_backups(path, opts.max_size).map(Done::Listed);
    }
    let how = fsio::RestoreOptions {
        from: opts.restore_from.clone(),
        break_hard_links: opts.break_hard_links,
        max_size: opts.max_size,
    };
    fsio::restore(path, &how).map(Done::Restored)
}

fn process(input: &Input, opts: &Options) -> Result<Migration, FileError> {
    phases::mark("start-up");
    let bytes = fsio::read_config(input, opts.max_size)?;
    phases::mark("read");
    let credentials = credentials_file::profiles_for(input, opts)?;
    let plan = PlanOptions {
        credentials,
        ..opts.plan.clone()
    };
    let path = input.label();
    let mut migration = migrate::migrate(bytes, &plan).map_err(|e| match e {
        MigrateError::Unreadable { problems, sites } => FileError::Unreadable {
            path,
            problems,
            sites,
        },
        MigrateError::Plan(source) => FileError::Plan { path, source },
        MigrateError::Internal(detail) => FileError::Internal { path, detail },
    })?;
    migration.credentials = plan.credentials;
    Ok(migration)
}
