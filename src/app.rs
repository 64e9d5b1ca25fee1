//! Orchestration: read each file, migrate it, and report. The only place that prints.
//!
//! Each file is handled on its own; a bad file does not stop the others. Exit status: 2 if any
//! file failed (or the command line is wrong), else 1 if `--check` found pending changes, else 0.

use std::io::{self, Write};
use std::process::ExitCode;

use anstream::AutoStream;
use clap::Parser;

use crate::cli::{self, Cli, Color, Format, Mode, Options};
use crate::emit::{self, Tense};
use crate::error::{FileError, Input};
use crate::fsio;
use crate::migrate::{self, MigrateError, Migration};
use crate::sso_cache_io;

/// The exit status contract (see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done, or nothing to do.
    Ok = 0,
    /// `--check` found files that would change.
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
    let color = cli.color;
    let options = match cli::resolve(cli, |k| std::env::var_os(k)) {
        Ok(o) => o,
        Err(e) => {
            let mut err = stream(io::stderr(), color);
            let _ = emit::error(&mut err, &e.to_string());
            return Exit::Error.into();
        }
    };
    match run(&options) {
        Ok(exit) => exit.into(),
        // The reader went away (`| head`): not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Ok.into(),
        Err(e) => {
            let mut err = stream(io::stderr(), options.color);
            let _ = emit::error(&mut err, &format!("cannot write output: {e}"));
            Exit::Error.into()
        }
    }
}

fn stream<S: anstream::stream::RawStream>(raw: S, color: Color) -> AutoStream<S> {
    let choice = match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    AutoStream::new(raw, choice)
}

/// Counts of how files ended, for the exit status and the final line.
#[derive(Debug, Default)]
struct Tally {
    clean: usize,
    changing: usize,
    failed: usize,
}

/// Runs the resolved options. Errors are only failures to write output.
pub fn run(opts: &Options) -> io::Result<Exit> {
    let mut out = stream(io::stdout(), opts.color);
    let mut err = stream(io::stderr(), opts.color);
    if opts.tokens.report {
        let all_read = sso_cache_io::report(&mut out, &mut err, opts)?;
        out.flush()?;
        return Ok(if all_read { Exit::Ok } else { Exit::Error });
    }
    let mut tally = Tally::default();
    let mut logins: Vec<String> = Vec::new();
    for input in &opts.inputs {
        let result = match opts.mode {
            Mode::Restore => restore(&mut err, opts, input),
            Mode::DryRun { .. } | Mode::Write { .. } => {
                migrate_one(&mut out, &mut err, opts, input, &mut logins)
            }
        };
        match result {
            Ok(true) => tally.changing += 1,
            Ok(false) => tally.clean += 1,
            Err(FileError::Output { source }) => return Err(source),
            Err(e) => {
                tally.failed += 1;
                emit::error(&mut err, &e.to_string())?;
                for d in e.details() {
                    writeln!(err, "  {d}")?;
                }
            }
        }
    }
    if !opts.quiet {
        let (tense, changed) = match opts.mode {
            Mode::DryRun { .. } => (Tense::Would, "would change"),
            Mode::Write { .. } => (Tense::Did, "changed"),
            Mode::Restore => (Tense::Did, "restored"),
        };
        emit::next_steps(&mut err, &logins, tense)?;
        if opts.inputs.len() > 1 {
            writeln!(
                err,
                "{}: {} clean, {} {changed}, {} failed",
                emit::count(opts.inputs.len(), "file"),
                tally.clean,
                tally.changing,
                tally.failed
            )?;
        }
    }
    out.flush()?;
    Ok(if tally.failed > 0 {
        Exit::Error
    } else if opts.mode == (Mode::DryRun { check: true }) && tally.changing > 0 {
        Exit::Pending
    } else {
        Exit::Ok
    })
}

/// Migrates one file (a dry run, or a write). `Ok(true)` when the file changes (or would).
/// The file is written before anything is printed about it, so a failed write shows only the
/// error.
fn migrate_one(
    out: &mut dyn Write,
    err: &mut dyn Write,
    opts: &Options,
    input: &Input,
    logins: &mut Vec<String>,
) -> Result<bool, FileError> {
    let m = process(input, opts)?;
    let label = input.label();
    let written =
        match (opts.mode, input) {
            (Mode::Write { backup }, Input::Path(path)) if m.changes_anything() => Some(
                fsio::replace(path, m.old.as_bytes(), m.new.as_bytes(), backup)?,
            ),
            _ => None,
        };
    // Only after the config itself was written (or, in a dry run, to say what would be done).
    let carried = sso_cache_io::carry_after(opts, input, &m.plan, written.is_some());
    let tense = if written.is_some() {
        Tense::Did
    } else {
        Tense::Would
    };
    let output = (|| -> io::Result<()> {
        match opts.format {
            Format::Diff if !opts.quiet => emit::diff(out, &label, &m.old, &m.new, &m.ops)?,
            Format::Diff => {}
            Format::Config => out.write_all(m.new.as_bytes())?,
            // Only with --tokens, which never migrates (refused when options are resolved).
            Format::Json => {}
        }
        if !opts.quiet {
            emit::summary(err, &label, &m.plan, tense)?;
            if let Some(w) = &written {
                emit::written(err, &label, w)?;
            }
            emit::tokens::carried(err, &carried, &jiff::tz::TimeZone::system())?;
        }
        Ok(())
    })();
    output.map_err(|e| FileError::Output { source: e })?;
    if m.changes_anything() {
        for s in &m.plan.sessions {
            let has_token = carried.iter().any(|c| c.session == s.name && c.has_token());
            if !logins.contains(&s.name) && !has_token {
                logins.push(s.name.clone());
            }
        }
    }
    Ok(m.changes_anything())
}

fn restore(err: &mut dyn Write, opts: &Options, input: &Input) -> Result<bool, FileError> {
    let Input::Path(path) = input else {
        unreachable!("stdin is refused for --restore when options are resolved")
    };
    let r = fsio::restore(path)?;
    if !opts.quiet {
        emit::restored(err, &input.label(), &r.from, r.saved_as.as_deref())
            .map_err(|e| FileError::Output { source: e })?;
    }
    Ok(r.saved_as.is_some())
}

fn process(input: &Input, opts: &Options) -> Result<Migration, FileError> {
    let bytes = fsio::read(input)?;
    let path = input.label();
    migrate::migrate(bytes, &opts.plan).map_err(|e| match e {
        MigrateError::Unreadable(problems) => FileError::Unreadable { path, problems },
        MigrateError::Plan(source) => FileError::Plan { path, source },
        MigrateError::Internal(detail) => FileError::Internal { path, detail },
    })
}
