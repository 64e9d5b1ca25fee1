//! Orchestration: read each file, migrate it, and report. The only place that prints.
//!
//! Each file is handled on its own; a bad file does not stop the others. Exit status: 2 if any
//! file failed (or the command line is wrong), else 1 if `--check` found pending changes, else 0.

use std::io::{self, Write};
use std::process::ExitCode;

use anstream::AutoStream;
use clap::Parser;

use crate::cli::{self, Cli, Color, Format, Options};
use crate::emit::{self, Tense};
use crate::error::{FileError, Input};
use crate::fsio;
use crate::migrate::{self, MigrateError, Migration};

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
    let mut tally = Tally::default();
    let mut logins: Vec<String> = Vec::new();
    for input in &opts.inputs {
        match process(input, opts) {
            Ok(m) => {
                if m.changes_anything() {
                    tally.changing += 1;
                } else {
                    tally.clean += 1;
                }
                report(&mut out, &mut err, opts, &input.label(), &m)?;
                for s in &m.plan.sessions {
                    if !logins.contains(&s.name) {
                        logins.push(s.name.clone());
                    }
                }
            }
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
        emit::next_steps(&mut err, &logins, Tense::Would)?;
        if opts.inputs.len() > 1 {
            writeln!(
                err,
                "{}: {} clean, {} would change, {} failed",
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
    } else if opts.check && tally.changing > 0 {
        Exit::Pending
    } else {
        Exit::Ok
    })
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

fn report(
    out: &mut dyn Write,
    err: &mut dyn Write,
    opts: &Options,
    label: &str,
    m: &Migration,
) -> io::Result<()> {
    match opts.format {
        Format::Diff if !opts.quiet => emit::diff(out, label, &m.old, &m.new, &m.ops)?,
        Format::Diff => {}
        Format::Config => out.write_all(m.new.as_bytes())?,
    }
    if !opts.quiet {
        emit::summary(err, label, &m.plan, Tense::Would)?;
    }
    Ok(())
}
