//! `--format json`: one document for the whole run. Each file's entry is written as soon as the
//! file is done, and its findings and problems as they are turned into entries, one at a time, so
//! that a file with hundreds of thousands of them is never held as JSON entries all at once; the
//! summary closes the document when the run ends.
//!
//! Scripts depend on it: fields are added freely, never renamed or removed, and `version` changes
//! only for a breaking change. The schema is `schema/plan.schema.json`; a test validates the
//! output of every fixture against it. `reason`, `code` and `kind` are the stable identifiers of
//! [`crate::plan::SkipReason::code`], [`crate::plan::Warning::code`],
//! [`crate::aws::ProblemKind::code`] and [`crate::error::FileError::kind`].

use std::borrow::Cow;
use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::{EmitOptions, Emitter, FileReport, Outcome, Streams, Tally, doctor, text};
use crate::aws::problem::ProblemSites;
use crate::aws::{Problem, SectionKind, section_kind};
use crate::doctor::{Diagnosis, Finding, FindingKind, Scope, Subject};
use crate::error::FileError;
use crate::plan::{Name, Plan, SkipReason, Warning};
use crate::sso_cache::SessionCarry;

/// The version of the document's shape.
pub const VERSION: u32 = 1;

pub struct Json {
    /// The files written so far.
    files: usize,
    doctor: bool,
}

impl Json {
    pub fn new(opts: EmitOptions) -> Json {
        Json {
            files: 0,
            doctor: opts.doctor,
        }
    }
}

/// The document's layout, as `serde_json`'s pretty printer writes `{version, files, summary}`:
/// its start, up to the first file's entry; what comes between two entries; the end of a list of
/// files and the start of the summary; the same where there was no file.
const START: &str = "{\n  \"version\": 1,\n  \"files\": [\n    ";
const BETWEEN: &str = ",\n    ";
const AFTER_FILES: &str = "\n  ],\n  \"summary\": ";
const NO_FILES: &str = "{\n  \"version\": 1,\n  \"files\": [],\n  \"summary\": ";
const _: () = assert!(VERSION == 1, "START and NO_FILES write version 1");

/// `serde_json`'s pretty output of a value written at a deeper level of the document: `indent`
/// after each line break. Its strings never hold a raw line break (they are escaped), so every
/// break is the layout's.
struct Indented<'w> {
    inner: &'w mut dyn io::Write,
    indent: &'static [u8],
}

impl io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for piece in buf.split_inclusive(|&b| b == b'\n') {
            self.inner.write_all(piece)?;
            if piece.ends_with(b"\n") {
                self.inner.write_all(self.indent)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `value` as a document of its own, as every JSON output of the tool is written:
/// `serde_json`'s pretty layout, with what must not reach a terminal as `\u` escapes.
pub fn write_document(out: &mut dyn io::Write, value: &impl Serialize) -> io::Result<()> {
    write_nested(out, b"", value)
}

/// How much of a value's JSON is gathered before it goes on to the stream. `serde_json` writes
/// a few bytes at a time (a quote, a key, a colon, an indent), and each write to the stream
/// passes through its layers (the styles' filter, the terminal's detection) unless gathered
/// first (docs/performance.md, the twenty-sixth round).
const GATHERED_BYTES: usize = 64 << 10;

/// Writes `value` pretty, nested `indent` deep in the document.
fn write_nested(
    out: &mut dyn io::Write,
    indent: &'static [u8],
    value: &impl Serialize,
) -> io::Result<()> {
    let formatter = TerminalSafe(PrettyFormatter::new());
    let mut gathered = io::BufWriter::with_capacity(GATHERED_BYTES, out);
    let inner = Indented {
        inner: &mut gathered,
        indent,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(
        inner, formatter,
    ))?;
    // What is gathered goes on; the stream itself is flushed only where it always was.
    gathered
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    Ok(())
}

/// `serde_json`'s pretty layout, with every character that must not reach a terminal as it is
/// ([`text::needs_escape`]: DEL, C1 controls, bidi controls, invisible and unusual whitespace) in
/// strings written as a `\u` escape. `serde_json` escapes only what JSON requires (C0 controls,
/// `"` and `\\`); the values a script reads are the same, and none of the file's text reaches
/// a terminal raw when the document is shown on one.
struct TerminalSafe(PrettyFormatter<'static>);

impl Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde_json has escaped the C0 controls already: in ASCII only DEL is left to escape.
        if fragment.bytes().all(|b| b < 0x7f) {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (at, c) in fragment
            .char_indices()
            .filter(|&(_, c)| text::needs_escape(c))
        {
            w.write_all(&fragment.as_bytes()[start..at])?;
            for unit in c.encode_utf16(&mut [0; 2]) {
                write!(w, "\\u{unit:04x}")?;
            }
            start = at + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    // The layout: `PrettyFormatter`'s.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    clean: usize,
    changing: usize,
    failed: usize,
    absent: usize,
    /// `--doctor`: files with errors or warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<usize>,
}

#[derive(Serialize, Default)]
struct FileEntry<'a> {
    path: String,
    status: &'static str,
    sessions: Vec<SessionEntry>,
    migrated: Vec<MigratedEntry>,
    cleaned: Vec<CleanedEntry>,
    skipped: Vec<SkippedEntry>,
    warnings: Vec<WarningEntry>,
    /// The backup `--write` (or `--restore`) made, if any.
    backup: Option<String>,
    /// With `--restore`: the backup that was put back.
    #[serde(skip_serializing_if = "Option::is_none")]
    restored_from: Option<String>,
    /// With `--restore --list`: the backups this tool made, oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    backups: Option<Vec<BackupEntry>>,
    /// Temp files of an interrupted earlier run, removed before this one.
    stale_removed: Vec<String>,
    /// With `--carry-tokens`: per session, the token carried (or that would be), or why not.
    tokens_carried: Vec<SessionCarry>,
    error: Option<ErrorEntry<'a>>,
    /// `--doctor`: what the check-up found, in line order.
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<FindingList<'a>>,
}

/// A diagnosis's findings, each made into its entry as it is written.
struct FindingList<'a> {
    diagnosis: &'a Diagnosis,
    label: String,
}

impl Serialize for FindingList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entries = (self.diagnosis.findings.iter()).map(|f| finding_entry(f, &self.label));
        s.collect_seq(entries)
    }
}

#[derive(Serialize)]
struct FindingEntry {
    /// The profile the finding is about (the name botocore reads) ...
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<String>,
    /// ... or the section's header text, for anything else (a session, `[profiles x]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<String>,
    /// For a section botocore reads as an sso-session: its name (what `sso_session` lines say).
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<String>,
    /// The file `line` is in, where it is not this entry's config: the shared credentials file.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    line: usize,
    column: Option<usize>,
    code: &'static str,
    severity: &'static str,
    /// What it is, then the fix.
    message: String,
    /// The fix alone.
    help: String,
    /// The readers that fail on it, with their own error text where known.
    readers: Vec<ReaderEntry>,
    /// The finding's own fields (a problem's, for a problem of the file).
    details: serde_json::Value,
}

#[derive(Serialize)]
struct ReaderEntry {
    reader: &'static str,
    /// `file`: it refuses the file; `profile`: this profile fails; `users`: every profile using
    /// this sso-session fails; `from_here`, `inheritors`, `section`: see README.
    scope: Scope,
    error: Option<Cow<'static, str>>,
    /// `section` only: the profile or sso-session it reads otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<String>,
}

/// One finding's entry, made as it is written.
fn finding_entry(f: &Finding, label: &str) -> FindingEntry {
    let (profile, section) = match &*f.subject {
        Subject::Profile(p) => (Some(p.to_string()), None),
        Subject::Section(s) => (None, Some(s.to_string())),
        Subject::File => (None, None),
    };
    let session = section.as_deref().and_then(|h| match section_kind(h) {
        SectionKind::SsoSession { name, .. } => Some(name.into_owned()),
        _ => None,
    });
    let help = doctor::help(f, label);
    FindingEntry {
        profile,
        section,
        session,
        file: f.file().map(String::from),
        line: f.line,
        column: f.column(),
        code: f.code(),
        severity: doctor::severity_word(f.severity()),
        message: format!("{}; {help}", doctor::message(f)),
        help,
        readers: f
            .failures()
            .into_iter()
            .map(|r| {
                // Scope `section`: the profile or session it names.
                let named = |session: bool| {
                    (r.section.as_ref())
                        .filter(|s| s.session == session)
                        .map(|s| s.name.clone())
                };
                ReaderEntry {
                    reader: r.reader.id(),
                    scope: r.scope,
                    error: r.error.clone(),
                    profile: named(false),
                    session: named(true),
                }
            })
            .collect(),
        details: match &f.kind {
            FindingKind::Parse(p) => serde_json::to_value(p),
            other => serde_json::to_value(other),
        }
        .unwrap_or_default(),
    }
}

#[derive(Serialize)]
struct BackupEntry {
    path: String,
    /// UTC, as in the backup's name.
    time: String,
    /// Why `--restore` would refuse it, if it would.
    refused: Option<String>,
    /// A backup of an earlier version (`config.bak`, `config.bak.N`) or one made by hand: never
    /// restored by the tool.
    legacy: bool,
}

#[derive(Serialize)]
struct SessionEntry {
    name: Name,
    start_url: String,
    sso_region: Name,
    registration_scopes: Option<Name>,
    new: bool,
    /// For a new session, the line it is written above; for an existing one, its header line.
    line: usize,
    profiles: Vec<Name>,
}

#[derive(Serialize)]
struct MigratedEntry {
    profile: Name,
    line: usize,
    session: Name,
    respelled_from: Option<Box<str>>,
}

#[derive(Serialize)]
struct CleanedEntry {
    profile: Name,
    line: usize,
    session: Name,
    removed: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    respelled: Option<String>,
}

#[derive(Serialize)]
struct SkippedEntry {
    profile: Name,
    line: usize,
    reason: &'static str,
    message: String,
    /// The reason's own fields (the key, the value, …) for scripts that want them.
    details: SkipReason,
}

#[derive(Serialize)]
struct WarningEntry {
    code: &'static str,
    message: String,
    details: Warning,
}

#[derive(Serialize)]
struct ErrorEntry<'a> {
    kind: &'static str,
    message: String,
    problems: ProblemList<'a>,
}

/// A refused file's problems, each made into its entry as it is written.
struct ProblemList<'a> {
    problems: &'a [Problem],
    sites: Option<&'a ProblemSites>,
}

impl Serialize for ProblemList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.problems.iter().enumerate().map(|(i, p)| ProblemEntry {
            line: p.line,
            column: self.sites.and_then(|s| s.column(i)),
            code: p.kind.code(),
            message: text::problem_message(&p.kind),
            help: text::problem_help(&p.kind),
            aws_cli_refuses: p.botocore_refuses(),
        }))
    }
}

#[derive(Serialize)]
struct ProblemEntry {
    line: usize,
    column: Option<usize>,
    code: &'static str,
    /// Most kinds' message and help are fixed texts: not copied for each of a refused file's
    /// problems (400,000 lone carriage returns took 52 MB of copies).
    message: Cow<'static, str>,
    help: Cow<'static, str>,
    /// True when the AWS CLI itself cannot read the file; false when it can but the AWS SDKs
    /// read it differently.
    aws_cli_refuses: bool,
}

fn plan_entries(e: &mut FileEntry, plan: &Plan, doc: &crate::doc::Document) {
    e.sessions = plan
        .sessions
        .iter()
        .map(|s| SessionEntry {
            name: s.name.into(),
            start_url: s.start_url.into(),
            sso_region: s.sso_region.into(),
            registration_scopes: s.registration_scopes.map(Name::from),
            new: s.is_new(),
            line: s.origin.line() as usize,
            profiles: plan.members(&s).map(|m| m.profile(doc).into()).collect(),
        })
        .collect();
    e.migrated = plan
        .migrated
        .iter()
        .map(|m| MigratedEntry {
            profile: m.profile(doc).into(),
            line: m.line as usize,
            session: plan.session_of(m).name.into(),
            respelled_from: plan.respelled_from(m).map(Box::from),
        })
        .collect();
    e.cleaned = plan
        .cleaned
        .iter()
        .map(|c| CleanedEntry {
            profile: c.profile.clone(),
            line: c.line,
            session: c.session.clone(),
            removed: c.removed.clone(),
            respelled: c.respelled.clone(),
        })
        .collect();
    e.skipped = plan
        .skipped
        .iter()
        .map(|s| SkippedEntry {
            profile: s.profile.clone(),
            line: s.line,
            reason: s.reason.code(),
            message: text::skip_reason(&s.reason),
            details: s.reason.clone(),
        })
        .collect();
    e.warnings = plan
        .warnings
        .iter()
        .map(|w| WarningEntry {
            code: w.code(),
            message: text::warning(w),
            details: w.clone(),
        })
        .collect();
}

fn error_entry(e: &FileError) -> ErrorEntry<'_> {
    let problems = match e {
        FileError::Unreadable {
            problems, sites, ..
        } => ProblemList {
            problems,
            sites: Some(sites),
        },
        _ => ProblemList {
            problems: &[],
            sites: None,
        },
    };
    ErrorEntry {
        kind: e.kind(),
        message: text::file_error(e),
        problems,
    }
}

/// A file's entry; its findings and problems are made into entries as they are written.
fn file_entry<'a>(report: &'a FileReport) -> FileEntry<'a> {
    let mut entry = FileEntry {
        path: report.input.label(),
        status: report.status().as_str(),
        stale_removed: report
            .stale_removed
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        ..FileEntry::default()
    };
    match &report.outcome {
        Outcome::Planned {
            migration,
            written,
            carried,
        } => {
            plan_entries(&mut entry, &migration.plan, &migration.old);
            entry.tokens_carried = carried.to_vec();
            entry.backup = written
                .and_then(|w| w.backup.as_ref())
                .map(|b| b.display().to_string());
        }
        Outcome::Absent => {}
        Outcome::Restored(r) => {
            entry.restored_from = Some(r.from.display().to_string());
            entry.backup = r.saved_as.as_ref().map(|b| b.display().to_string());
        }
        Outcome::Listed(l) => {
            let mut list: Vec<BackupEntry> = l
                .backups
                .iter()
                .map(|b| BackupEntry {
                    path: b.path.display().to_string(),
                    time: b.time.to_string(),
                    refused: b.refusal.as_ref().map(ToString::to_string),
                    legacy: false,
                })
                .collect();
            list.extend(l.legacy.iter().map(|p| BackupEntry {
                path: p.display().to_string(),
                time: String::new(),
                refused: Some("from an earlier version or made by hand".into()),
                legacy: true,
            }));
            entry.backups = Some(list);
        }
        Outcome::Diagnosed(d) => {
            entry.findings = Some(FindingList {
                diagnosis: d,
                label: report.input.label(),
            });
        }
        Outcome::Failed(e) => entry.error = Some(error_entry(e)),
    }
    entry
}

impl Emitter for Json {
    fn file(&mut self, s: &mut Streams, report: &FileReport) -> io::Result<()> {
        if let Outcome::Failed(e) = &report.outcome {
            // People watching the terminal still see the error.
            super::human::error(s.err, e)?;
        }
        s.out
            .write_all(if self.files == 0 { START } else { BETWEEN }.as_bytes())?;
        self.files += 1;
        write_nested(s.out, b"    ", &file_entry(report))
    }

    fn finish(&mut self, s: &mut Streams, tally: &Tally) -> io::Result<()> {
        let summary = Summary {
            files: self.files,
            clean: tally.clean,
            changing: tally.changing,
            failed: tally.failed,
            absent: tally.absent,
            findings: self.doctor.then_some(tally.findings),
        };
        s.out.write_all(
            if self.files == 0 {
                NO_FILES
            } else {
                AFTER_FILES
            }
            .as_bytes(),
        )?;
        write_nested(s.out, b"  ", &summary)?;
        s.out.write_all(b"\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::aws::{Config, ProblemKind};
    use crate::doc::Document as Text;
    use crate::error::Input;

    /// The whole document in one piece, as `serde_json` lays it out.
    #[derive(Serialize)]
    struct Whole<'a> {
        version: u32,
        files: Vec<FileEntry<'a>>,
        summary: Summary,
    }

    #[test]
    fn nothing_that_must_not_reach_a_terminal_is_written_raw() {
        let value = "a\u{7f}b\u{a0}c\u{85}d\u{202e}e\u{200b}f\u{1b}g\"h\\i\u{1f600}j\u{e9}";
        let mut out = Vec::new();
        write_nested(&mut out, b"  ", &[value]).unwrap();
        let written = std::str::from_utf8(&out).unwrap();
        assert_eq!(
            written,
            "[\n    \"a\\u007fb\\u00a0c\\u0085d\\u202ee\\u200bf\\u001bg\\\"h\\\\i\u{1f600}j\u{e9}\"\n  ]"
        );
        assert!(!written.chars().any(|c| c != '\n' && text::needs_escape(c)));
        let read: Vec<String> = serde_json::from_slice(&out).unwrap();
        assert_eq!(read, [value]);
        // A string of ASCII alone takes a shorter way, which must still see DEL.
        let mut out = Vec::new();
        write_nested(&mut out, b"", &["a\u{7f}b", "plain"]).unwrap();
        assert_eq!(out, b"[\n  \"a\\u007fb\",\n  \"plain\"\n]");
    }

    #[test]
    fn the_document_written_file_by_file_is_the_one_written_whole() {
        let diagnosis = crate::doctor::diagnose(
            "[profile a]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
             sso_account_id = 1\nsso_role_name = R\r[profile a]\nregion = \"eu\"\n",
        )
        .unwrap();
        let text = Text::parse("[profile a]\r\nkey before = x\rjunk\n");
        let problems = Config::read(&text).problems().to_vec();
        assert!(problems.len() > 1, "{problems:?}");
        let refused = FileError::Unreadable {
            path: "c".into(),
            sites: ProblemSites::of(&text, &problems),
            problems,
        };
        assert!(matches!(
            &refused,
            FileError::Unreadable { problems, .. } if problems[0].kind == ProblemKind::LoneCarriageReturn
        ));
        let (a, b, c) = (
            Input::Path(PathBuf::from("a \"quoted\"\nname")),
            Input::Path(PathBuf::from("b")),
            Input::Stdin,
        );
        let reports = [
            FileReport {
                input: &a,
                outcome: Outcome::Diagnosed(&diagnosis),
                stale_removed: &[],
            },
            FileReport {
                input: &b,
                outcome: Outcome::Failed(&refused),
                stale_removed: &[PathBuf::from("b.tmp")],
            },
            FileReport {
                input: &c,
                outcome: Outcome::Absent,
                stale_removed: &[],
            },
        ];
        let tally = Tally {
            clean: 1,
            changing: 0,
            failed: 1,
            absent: 1,
            findings: 1,
        };
        for n in 0..=reports.len() {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let mut streams = Streams {
                out: &mut out,
                err: &mut err,
                out_keeps_styles: false,
                out_is_terminal: false,
            };
            let mut json = Json {
                files: 0,
                doctor: true,
            };
            for r in &reports[..n] {
                json.file(&mut streams, r).unwrap();
            }
            json.finish(&mut streams, &tally).unwrap();
            let whole = Whole {
                version: VERSION,
                files: reports[..n].iter().map(file_entry).collect(),
                summary: Summary {
                    files: n,
                    clean: tally.clean,
                    changing: tally.changing,
                    failed: tally.failed,
                    absent: tally.absent,
                    findings: Some(tally.findings),
                },
            };
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            assert_eq!(out, expected, "{n} files");
        }
    }
}
