//! Fuzz target: every output format on any bytes. The file is migrated (as a dry run) and
//! diagnosed, and each outcome goes through every emitter, as the only file of a run and as one
//! of two, stdout a terminal and not. No emitter may panic; JSON must parse; and apart from the
//! emitters' own styles (SGR escape sequences) and the diff's and `config`'s stdout in a pipe
//! (the file's bytes, for `patch` and files), every output is UTF-8 and holds no character the
//! tool escapes when it quotes the file (`emit::text::needs_escape`: controls, bidi and
//! zero-width characters, whitespace other than a space) other than a line feed, and in the
//! diff's and `config`'s lines on a terminal a tab and a CR before a line feed: nothing else from
//! the file reaches a terminal unescaped. The check-up's text, from the findings it keeps, is the
//! same as from every finding.

#![no_main]

use aws_sso_migrate::doctor::{diagnose, diagnose_keeping};
use aws_sso_migrate::emit::text::needs_escape;
use aws_sso_migrate::emit::{
    self, EmitOptions, FileReport, Outcome, OutputFormat, RunKind, Streams, Tally,
};
use aws_sso_migrate::error::{FileError, Input};
use aws_sso_migrate::migrate::{MigrateError, migrate};
use aws_sso_migrate::plan::PlanOptions;
use libfuzzer_sys::fuzz_target;

const FORMATS: [OutputFormat; 5] = [
    OutputFormat::Diff,
    OutputFormat::Config,
    OutputFormat::Json,
    OutputFormat::Tree,
    OutputFormat::Mermaid,
];

/// The first character of `out` that quoting the file would have escaped (or the first byte that
/// is not UTF-8), outside SGR sequences (`ESC [ digits and ; m`), and where it is. `file_lines`:
/// `out` shows the file's lines on a terminal, which keep their tabs and CRLF endings.
fn stray_character(out: &[u8], file_lines: bool) -> Option<(usize, String)> {
    let text = match std::str::from_utf8(out) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            return Some((at, format!("byte 0x{:02x} (not UTF-8)", out[at])));
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\x1b' && text[i + 1..].starts_with('[') {
            let params = text[i + 2..]
                .bytes()
                .take_while(|c| c.is_ascii_digit() || *c == b';')
                .count();
            if text[i + 2 + params..].starts_with('m') {
                let end = i + 3 + params;
                while chars.next_if(|(j, _)| *j < end).is_some() {}
                continue;
            }
        }
        let kept = file_lines && (c == '\t' || (c == '\r' && text[i + 1..].starts_with('\n')));
        if c != '\n' && !kept && needs_escape(c) {
            return Some((i, format!("{c:?} (U+{:04X})", u32::from(c))));
        }
    }
    None
}

fn options(format: OutputFormat, doctor: bool, files: usize) -> EmitOptions {
    EmitOptions {
        format,
        kind: RunKind::DryRun,
        quiet: false,
        verbose: false,
        files,
        plan_args: Vec::new(),
        doctor,
    }
}

/// What the emitter for `format` writes on stdout and stderr for `reports`, stdout a terminal
/// or not.
fn emitted(
    format: OutputFormat,
    doctor: bool,
    reports: &[FileReport],
    terminal: bool,
) -> (Vec<u8>, Vec<u8>) {
    let mut emitter = emit::create(options(format, doctor, reports.len()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut streams = Streams {
        out: &mut out,
        err: &mut err,
        out_keeps_styles: false,
        out_is_terminal: terminal,
    };
    let mut tally = Tally::default();
    for r in reports {
        emitter.file(&mut streams, r).expect("writing to memory");
        tally.add(r.status());
    }
    emitter
        .finish(&mut streams, &tally)
        .expect("writing to memory");
    (out, err)
}

fn run(format: OutputFormat, doctor: bool, reports: &[FileReport], terminal: bool) {
    let (out, err) = emitted(format, doctor, reports, terminal);
    if format == OutputFormat::Json
        && let Err(e) = serde_json::from_slice::<serde_json::Value>(&out)
    {
        panic!("{format:?} (doctor {doctor}) is not JSON: {e}");
    }
    // The diff and `config` print the file's own bytes on stdout, as README says, where it is
    // not a terminal: for `patch` and files. Everything else, and stderr always, quotes the
    // file's text.
    let file_lines = !doctor && matches!(format, OutputFormat::Diff | OutputFormat::Config);
    let outputs = [(&out, "stdout"), (&err, "stderr")];
    for (bytes, name) in outputs {
        let lines = file_lines && name == "stdout";
        if lines && !terminal {
            continue;
        }
        if let Some((at, what)) = stray_character(bytes, lines) {
            panic!("{format:?} (doctor {doctor}, terminal {terminal}) {name}: {what} at {at}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::Path("config".into());
    let other = Input::Stdin;
    let unreadable = |problems, sites| FileError::Unreadable {
        path: input.label(),
        problems,
        sites,
    };
    let migrated = migrate(data.to_vec(), &PlanOptions::default()).map_err(|e| match e {
        MigrateError::Unreadable { problems, sites } => unreadable(problems, sites),
        MigrateError::Plan(source) => FileError::Plan {
            path: input.label(),
            source,
        },
        MigrateError::Internal(e) => panic!("MigrateError::Internal: {e}"),
    });
    let diagnosed = diagnose(data.to_vec()).map_err(|u| unreadable(u.problems, u.sites));
    // The text keeps only the findings it shows (`Emitter::findings_kept`); it must write the
    // same as from every finding.
    let kept = emit::create(options(OutputFormat::Diff, true, 1)).findings_kept();
    if let (Ok(all), Ok(some)) = (&diagnosed, diagnose_keeping(data.to_vec(), kept)) {
        let text = |d| {
            let report = FileReport {
                input: &input,
                outcome: Outcome::Diagnosed(d),
                stale_removed: &[],
            };
            emitted(OutputFormat::Diff, true, &[report], false)
        };
        assert!(
            text(all) == text(&some),
            "the kept findings write otherwise"
        );
    }
    let planned = match &migrated {
        Ok(m) => Outcome::Planned {
            migration: m,
            written: None,
            carried: &[],
        },
        Err(e) => Outcome::Failed(e),
    };
    let check_up = match &diagnosed {
        Ok(d) => Outcome::Diagnosed(d),
        Err(e) => Outcome::Failed(e),
    };
    for (outcome, doctor) in [(planned, false), (check_up, true)] {
        // The file alone, and after a file that is absent.
        let reports = [
            FileReport {
                input: &other,
                outcome: Outcome::Absent,
                stale_removed: &[],
            },
            FileReport {
                input: &input,
                outcome,
                stale_removed: &[],
            },
        ];
        for format in FORMATS {
            // The check-up has two outputs: its text (any format but JSON) and JSON.
            if doctor && !matches!(format, OutputFormat::Json | OutputFormat::Diff) {
                continue;
            }
            for terminal in [false, true] {
                run(format, doctor, &reports[1..], terminal);
                run(format, doctor, &reports, terminal);
            }
        }
    }
});
