//! `--doctor`'s words and its text output: each finding like a compiler's diagnostic on stdout
//! (`warning[code]: message`, ` --> file:line:col`, the line, `= fails in:` with each reader's
//! own error, `= help:` with the fix), then one summary line per file. `--format json` goes
//! through the JSON emitter, which takes [`message`], [`help`] and the readers from here.

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::text::{
    count, owner_name, problem_help, problem_message, readers_that, shown, shown_long,
};
use super::{EmitOptions, Emitter, FileReport, Outcome, Streams, Tally};
use crate::aws::credentials::KeysFrom;
use crate::aws::names;
use crate::aws::php_ini::PhpParseError;
use crate::aws::problem::Excerpt;
use crate::aws::rust_parse::RustParseError;
use crate::doctor::{
    Diagnosis, Failure, Finding, FindingKind, Kept, Reader, RefusedRole, SHOWN_FINDINGS, Scope,
    Severity, SeverityCounts,
};
use crate::plan::SkipReason;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const INFO: Style = AnsiColor::Cyan.on_default().bold();
const NAME: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();

pub struct DoctorText {
    opts: EmitOptions,
}

impl DoctorText {
    pub fn new(opts: EmitOptions) -> DoctorText {
        DoctorText { opts }
    }
}

impl Emitter for DoctorText {
    /// The findings shown, and none where `--quiet` shows only each file's counts.
    fn findings_kept(&self) -> Kept {
        Kept::First(if self.opts.quiet { 0 } else { SHOWN_FINDINGS })
    }

    fn file(&mut self, s: &mut Streams, report: &FileReport) -> io::Result<()> {
        let label = report.input.label();
        match &report.outcome {
            Outcome::Diagnosed(d) => diagnosis(s.out, &label, d, self.opts.quiet),
            Outcome::Failed(e) => super::human::error(s.err, e),
            Outcome::Absent if !self.opts.quiet => writeln!(
                s.err,
                "{}: no config file here; nothing to check",
                super::text::shown(&label)
            ),
            Outcome::Planned { .. }
            | Outcome::Restored(_)
            | Outcome::Listed(_)
            | Outcome::Absent => Ok(()),
        }
    }

    fn finish(&mut self, s: &mut Streams, tally: &Tally) -> io::Result<()> {
        if self.opts.files > 1 && !self.opts.quiet {
            writeln!(
                s.out,
                "{}: {} healthy, {} with findings, {} unreadable",
                count(self.opts.files, "file"),
                tally.clean,
                tally.findings,
                tally.failed
            )?;
        }
        Ok(())
    }
}

/// The word and colour of a severity.
pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn diagnosis(out: &mut dyn Write, label: &str, d: &Diagnosis, quiet: bool) -> io::Result<()> {
    if !quiet {
        for (i, f) in d.findings.iter().enumerate().take(SHOWN_FINDINGS) {
            finding(out, label, f, d.excerpts.get(i).and_then(Option::as_ref))?;
        }
        if d.counts.total() > SHOWN_FINDINGS {
            writeln!(
                out,
                "{NAME}note{NAME:#}: and {} not shown (--format json lists them all)",
                count(d.counts.total() - SHOWN_FINDINGS, "more finding")
            )?;
        }
    }
    let SeverityCounts {
        errors,
        warnings,
        infos,
    } = d.counts;
    let label = shown(label);
    if d.counts.total() == 0 {
        writeln!(out, "{NAME}{label}{NAME:#}: healthy, nothing to report")
    } else if errors + warnings == 0 {
        writeln!(
            out,
            "{NAME}{label}{NAME:#}: healthy ({})",
            count(infos, "note")
        )
    } else {
        writeln!(
            out,
            "{NAME}{label}{NAME:#}: {}, {}, {}",
            count(errors, "error"),
            count(warnings, "warning"),
            count(infos, "note")
        )
    }
}

fn finding(
    out: &mut dyn Write,
    label: &str,
    f: &Finding,
    excerpt: Option<&Excerpt>,
) -> io::Result<()> {
    let style = match f.severity() {
        Severity::Error => ERROR,
        Severity::Warning => WARN,
        Severity::Info => INFO,
    };
    writeln!(
        out,
        "{style}{}[{}]{style:#}{NAME}: {}{NAME:#}",
        severity_word(f.severity()),
        f.code(),
        message(f)
    )?;
    let column = f.column().unwrap_or(1);
    let number = f.line.to_string();
    let pad = " ".repeat(number.len());
    writeln!(
        out,
        "{pad}{GUTTER}-->{GUTTER:#} {}:{}:{column}",
        shown(f.file().unwrap_or(label)),
        f.line
    )?;
    if let Some(e) = excerpt {
        let (line, at, len) = super::human::snippet(e);
        writeln!(out, "{pad} {GUTTER}|{GUTTER:#}")?;
        writeln!(out, "{GUTTER}{number} |{GUTTER:#} {line}")?;
        writeln!(
            out,
            "{pad} {GUTTER}|{GUTTER:#} {}{style}{}{style:#}",
            " ".repeat(at),
            "^".repeat(len)
        )?;
    }
    let failures = f.failures();
    let fails = if failures.is_empty() {
        "no reader is known to fail on it".to_string()
    } else {
        failures.iter().map(failure).collect::<Vec<_>>().join("; ")
    };
    writeln!(
        out,
        "{pad} {GUTTER}={GUTTER:#} {NAME}fails in{NAME:#}: {fails}"
    )?;
    writeln!(
        out,
        "{pad} {GUTTER}={GUTTER:#} {NAME}help{NAME:#}: {}",
        help(f, label)
    )?;
    writeln!(out)
}

/// A reader's name for people.
pub fn reader_name(r: Reader) -> &'static str {
    match r {
        Reader::Botocore => "botocore (AWS CLI)",
        Reader::RustSdk => "AWS SDK for Rust",
        Reader::GoV2 => "AWS SDK for Go v2",
        Reader::JavaV2 => "AWS SDK for Java v2",
        Reader::JsV3 => "AWS SDK for JavaScript v3",
        Reader::RubyV3 => "AWS SDK for Ruby v3",
        Reader::PhpV3 => "AWS SDK for PHP v3",
        Reader::Dotnet => "AWS SDK for .NET",
        Reader::Cpp => "AWS SDK for C++",
    }
}

/// `botocore (AWS CLI), for every profile that uses it: "…"`.
pub fn failure(f: &Failure) -> String {
    let scope: Cow<'_, str> = match (f.scope, &f.section) {
        (Scope::Section, Some(s)) if s.session => format!(
            " (every profile that uses sso-session `{}`)",
            shown(&s.name)
        )
        .into(),
        (Scope::Section, Some(s)) => format!(" (profile `{}`)", shown(&s.name)).into(),
        (Scope::File, _) => " (the whole file)".into(),
        (Scope::Profile | Scope::Section, _) => "".into(),
        (Scope::Users, _) => " (every profile that uses it)".into(),
        (Scope::FromHere, _) => " (from this line on: this section and every one after it)".into(),
        (Scope::Inheritors, _) => {
            " (every profile and sso-session that takes a key from it)".into()
        }
    };
    match &f.error {
        Some(e) => format!("{}{scope}: `{}`", reader_name(f.reader), shown_long(e)),
        None => format!("{}{scope}", reader_name(f.reader)),
    }
}

/// What the finding is, in one sentence.
pub fn message(f: &Finding) -> String {
    match &f.kind {
        FindingKind::Parse(p) => problem_message(p).into_owned(),
        // `sso_session =` with nothing after it: every reader looks up a session named "".
        FindingKind::MissingSession { session, .. } if session.is_empty() => {
            "sso_session is empty, so it names no sso-session".into()
        }
        FindingKind::MissingSession {
            session,
            read_elsewhere_by,
            ..
        } if !read_elsewhere_by.is_empty() => format!(
            "sso_session names `{}`, which botocore (the AWS CLI) does not have; {} it in a \
             header botocore ignores",
            shown(&**session),
            readers_that(*read_elsewhere_by, ["reads", "read"]),
        ),
        FindingKind::MissingSession { session, .. } => {
            format!(
                "sso_session names `{}`, which does not exist",
                shown(&**session)
            )
        }
        FindingKind::MissingSessionInCredentialsFile(c) if c.session.is_empty() => format!(
            "profile `{}` of the shared credentials file has an empty sso_session there, which \
             names no sso-session",
            shown(f.subject.name())
        ),
        FindingKind::MissingSessionInCredentialsFile(c) => format!(
            "profile `{}` of the shared credentials file names sso-session `{}` there, which \
             the config does not have",
            shown(f.subject.name()),
            shown(&c.session)
        ),
        FindingKind::HybridConflict(c) => format!(
            "{} is `{}` here but `{}` in [sso-session {}]",
            shown(&c.key),
            shown(&c.profile_value),
            shown(&c.session_value),
            shown(&c.session)
        ),
        FindingKind::HybridRedundant(r) => format!(
            "the profile has sso_session `{}` and also {} inline",
            shown(&r.session),
            r.keys.join(" and ")
        ),
        FindingKind::SessionLacksKey { missing, .. } => {
            format!("the sso-session has no {}", missing.join(" and no "))
        }
        FindingKind::MissingSsoKeys(m) => {
            format!("the SSO profile lacks {}", m.missing.join(", "))
        }
        FindingKind::EmptyValue { key } => format!("{} is empty", shown(key)),
        FindingKind::LegacyProfile { start_url, .. } => format!(
            "legacy SSO profile: sso_start_url `{}` inline, no sso-session (its token is never \
             refreshed)",
            shown(&**start_url)
        ),
        FindingKind::InlineInCredentialsFile(c) => match &c.conflict {
            Some(v) => format!(
                "the shared credentials file gives profile `{}` {} `{}` beside its sso-session \
                 `{}`, which has `{}`",
                shown(f.subject.name()),
                v.key,
                shown(&v.value),
                shown(&c.session),
                shown(&v.session_value)
            ),
            None => format!(
                "the shared credentials file gives profile `{}` {} beside its sso-session `{}`",
                shown(f.subject.name()),
                c.keys.join(" and "),
                shown(&c.session)
            ),
        },
        FindingKind::LegacyInCredentialsFile(c) => format!(
            "legacy SSO profile of the shared credentials file: sso_start_url `{}` there, no \
             sso-session; a migration rewrites only the config, so it stays legacy",
            shown(&c.start_url)
        ),
        FindingKind::UnusedSession => "no profile uses this sso-session".into(),
        FindingKind::StartUrlVariants {
            start_url,
            others,
            more,
        } => {
            let mut others: Vec<String> = others
                .iter()
                .map(|(n, u)| format!("{} ({})", shown(n), shown(u)))
                .collect();
            if *more > 0 {
                others.push(format!("and {more} more"));
            }
            format!(
                "`{}` is the same portal as {}, spelled differently",
                shown(&**start_url),
                others.join(", ")
            )
        }
        FindingKind::BotocoreOnlySection {
            header,
            session,
            readers,
            rust_reads_as,
        } => {
            let what = if *session { "sso-session" } else { "profile" };
            let mut said = if readers.iter().count() == Reader::OTHER_SDKS.len() {
                format!("only botocore reads `[{}]`", shown(header))
            } else {
                format!(
                    "botocore reads `[{}]` as this {what}; {} not",
                    shown(header),
                    readers_that(*readers, ["does", "do"]),
                )
            };
            if let Some(name) = rust_reads_as {
                said += &format!(
                    " (the AWS SDK for Rust reads it as the {what} `{}`)",
                    shown(&**name)
                );
            }
            said
        }
        FindingKind::HeaderReadOtherwise {
            header,
            session,
            readers,
        } => {
            format!(
                "{} not read `[{}]` as this {}",
                readers_that(*readers, ["does", "do"]),
                shown(header),
                if *session { "sso-session" } else { "profile" },
            )
        }
        FindingKind::SessionNameNotPortable { name, .. } => format!(
            "the session name `{}` is outside the names every AWS SDK reads \
             ([A-Za-z0-9_-/.%@:+])",
            shown(name)
        ),
        FindingKind::SourceProfileMissing {
            source,
            read_elsewhere_by,
            ..
        } if !read_elsewhere_by.is_empty() => format!(
            "source_profile `{}` is not a profile in this file to botocore (the AWS CLI); {} it \
             in a header botocore ignores",
            shown(source),
            readers_that(*read_elsewhere_by, ["reads", "read"]),
        ),
        FindingKind::SourceProfileMissing {
            source,
            in_credentials_file: Some(_),
            ..
        } => format!(
            "profile `{}` of the shared credentials file has source_profile `{}` there, which is \
             not a profile in that file or this one",
            shown(f.subject.name()),
            shown(source)
        ),
        FindingKind::SourceProfileMissing {
            source,
            source_in_credentials_file: true,
            ..
        } => format!(
            "source_profile `{}`, set for it in the shared credentials file, is not a profile in \
             that file or this one",
            shown(source)
        ),
        FindingKind::SourceProfileMissing { source, .. } => format!(
            "source_profile `{}` is not a profile in this file",
            shown(source)
        ),
        FindingKind::SourceProfileWithoutCredentials {
            source,
            in_credentials_file: Some(_),
            ..
        } => format!(
            "profile `{}` of the shared credentials file has source_profile `{}` there, which has \
             no credentials in that file or this one",
            shown(f.subject.name()),
            shown(source)
        ),
        FindingKind::SourceProfileWithoutCredentials { source, .. } => format!(
            "source_profile `{}` has no credentials: no access key ID, SSO account or role, or \
             credential_process, in this file or the shared credentials file",
            shown(source)
        ),
        FindingKind::PartialStaticKeys { keys_in } => format!(
            "aws_access_key_id without aws_secret_access_key in {}: botocore's provider of that \
             file's keys refuses the profile",
            in_file(*keys_in)
        ),
        FindingKind::SourceProfilePartialKeys {
            source,
            keys_in,
            in_credentials_file: Some(_),
        } => format!(
            "profile `{}` of the shared credentials file has source_profile `{}` there, whose \
             aws_access_key_id has no aws_secret_access_key beside it in {}",
            shown(f.subject.name()),
            shown(source),
            in_file(*keys_in)
        ),
        FindingKind::SourceProfilePartialKeys {
            source, keys_in, ..
        } => format!(
            "source_profile `{}` has aws_access_key_id without aws_secret_access_key in {}",
            shown(source),
            in_file(*keys_in)
        ),
        FindingKind::SourceProfileLoop {
            chain,
            omitted,
            in_credentials_file,
            ..
        } => {
            let mut names: Vec<String> = chain.iter().map(|c| shown(&**c).to_string()).collect();
            if *omitted > 0 {
                // The profiles left out come before the last, the one met twice.
                let last = names.len().saturating_sub(1);
                names.insert(last, format!("({omitted} more)"));
            }
            let chain = names.join(" -> ");
            match in_credentials_file {
                Some(_) => format!(
                    "profile `{}` of the shared credentials file: its source_profile there goes \
                     round in a loop: {chain}",
                    shown(f.subject.name())
                ),
                None => format!("source_profile goes round in a loop: {chain}"),
            }
        }
        FindingKind::RoleArnWithoutSource(role) => refused_role_message(
            f,
            role,
            "without source_profile or credential_source: nothing to assume the role with",
        ),
        FindingKind::RoleArnWithBothSources(role) => refused_role_message(
            f,
            role,
            "with both source_profile and credential_source: only one may say what assumes \
             the role",
        ),
        FindingKind::ColonDelimiter {
            key,
            without_equals: true,
            ..
        } => format!(
            "`{}` is set with `:`, which botocore and the AWS SDK for Go v2 read as `=` and the \
             other AWS SDKs do not",
            shown(key)
        ),
        FindingKind::ColonDelimiter { key, .. } => format!(
            "`{}` is set with `:`, which botocore and the AWS SDK for Go v2 read as `=`; the other \
             AWS SDKs read the key up to the `=` instead",
            shown(key)
        ),
        FindingKind::KeyReadOtherwise {
            key,
            text,
            indented,
            readers,
            ..
        } => {
            format!(
                "`{}` is {} to botocore; {} not read it as {} ({})",
                shown(&**text),
                shown(&**key),
                readers_that(*readers, ["does", "do"]),
                shown(&**key),
                match (*indented, text.trim_start().starts_with(&**key)) {
                    (true, true) => "an indented line is no key to some of them",
                    (true, false) => {
                        "an indented line is no key to some of them, and some look keys up in \
                         lower case"
                    }
                    (false, _) => "they look keys up in lower case",
                }
            )
        }
        FindingKind::CommentInKey {
            key,
            readers,
            java_fails,
            ..
        } => {
            let others = if readers.is_empty() {
                String::new()
            } else {
                format!(
                    ", and {} no key there",
                    readers_that(*readers, ["reads", "read"])
                )
            };
            let failing = if *java_fails {
                "the AWS SDKs for Rust and Java v2 read"
            } else {
                "the AWS SDK for Rust reads"
            };
            format!(
                "the key `{}` holds a comment sign after a blank: botocore reads it all as the \
                 key; {failing} a comment from there and no `=`{others}",
                shown(key)
            )
        }
        FindingKind::ValueComment {
            key,
            comment,
            readers,
            ..
        } => {
            format!(
                "`{}` is part of the value of {} to botocore; {} it as a comment",
                shown(comment.trim_start()),
                shown(&**key),
                readers_that(*readers, ["reads", "read"]),
            )
        }
        FindingKind::IndentedComment { .. } => "an indented comment below a value: botocore skips \
                                                 it, the AWS SDKs for Rust and Java v2 read it \
                                                 as more of the value"
            .into(),
        FindingKind::BlankValue { key, .. } => format!(
            "`{}` is empty but for the spaces or tabs after its `=`; the AWS SDK for Ruby v3 reads \
             the first of them as its value, and keys indented under it as keys of no name",
            shown(key)
        ),
        FindingKind::CarriageReturnValue { key, .. } => format!(
            "`{}` is empty on a line that ends in CR LF; the AWS SDK for Ruby v3 reads its value \
             as a carriage return, and keys indented under it as keys of no name",
            shown(key)
        ),
        FindingKind::DefaultsSection { keys, takers } => format!(
            "botocore gives {} of `[DEFAULT]` to every profile and sso-session that does not set \
             {} itself ({takers} here); the AWS SDKs for Rust, JavaScript v3 and Ruby v3 do not",
            keys.iter()
                .map(|k| format!("`{}`", shown(k)))
                .collect::<Vec<_>>()
                .join(", "),
            if keys.len() == 1 { "it" } else { "them" },
        ),
        FindingKind::CommentAfterHeader => "a comment follows the header on its line; the AWS \
                                            SDK for .NET cannot read that line"
            .into(),
        FindingKind::ContinuedValue {
            dotnet_fails,
            readers,
            blank_above,
            ..
        } => {
            let mut said = "the value above goes on in this indented line".to_string();
            if !readers.is_empty() {
                said += &format!(
                    ", which botocore and the AWS SDK for Rust join to it; {} only its first line",
                    readers_that(*readers, ["reads", "read"])
                );
            }
            if *blank_above {
                said += "; botocore keeps the blank line above it in the value, the AWS SDK for \
                         Rust leaves it out";
            }
            if *dotnet_fails {
                said += "; the AWS SDK for .NET cannot read a line without `=`";
            }
            said
        }
        FindingKind::KeyNameNotPortable { key, .. } => format!(
            "the key `{}` has a character outside `A-Za-z0-9_-/.%@:+`: botocore reads it as \
             written, the AWS SDK for Rust ignores it, and no AWS SDK has a setting of that name",
            shown(&**key)
        ),
        FindingKind::RustRejectsLine { error } => format!(
            "the AWS SDK for Rust cannot parse this line, so it fails on the whole file: {}",
            rust_rejects(*error)
        ),
        FindingKind::PhpRejectsLine { error } => format!(
            "PHP's INI reader cannot read this line, so the AWS SDK for PHP v3 fails on the whole \
             file: {}",
            php_rejects(*error)
        ),
        FindingKind::BotocoreIgnoresHeader {
            name,
            session,
            read_by,
        } => format!(
            "botocore (the AWS CLI) reads no {what} in this header; {} it as the {what} `{}`",
            readers_that(*read_by, ["reads", "read"]),
            shown(&**name),
            what = if *session { "sso-session" } else { "profile" },
        ),
        FindingKind::Managed { by, block } => {
            let which = if block.is_empty() {
                String::new()
            } else {
                format!(" `{}`", shown(block))
            };
            format!(
                "inside {}'s managed block{which}, which that tool regenerates",
                owner_name(*by)
            )
        }
    }
}

/// The message of a role botocore refuses, `what` its `role_arn` is: one of the config's
/// profiles, or of the credentials file alone.
fn refused_role_message(f: &Finding, role: &RefusedRole, what: &str) -> String {
    match role.in_credentials_file {
        Some(_) => format!(
            "profile `{}` of the shared credentials file has role_arn there {what}",
            shown(f.subject.name())
        ),
        None if role.keys_in_credentials_file.is_empty() => format!("role_arn {what}"),
        None => format!(
            "role_arn {what} ({} from the shared credentials file)",
            role.keys_in_credentials_file.join(", ")
        ),
    }
}

/// The command that runs the tool with `args` on the file, or (for standard input, which cannot
/// be written) with a placeholder.
fn command_on(args: &[&str], label: &str) -> String {
    let stdin = label == crate::error::Input::Stdin.label();
    super::text::tool_command(args, &[if stdin { "FILE" } else { label }])
}

/// The command that migrates the file.
fn write_command(label: &str) -> String {
    command_on(&["--write"], label)
}

/// The command that shows the migration of the file (or why it is refused).
fn dry_run_command(label: &str) -> String {
    command_on(&[], label)
}

/// Whether the migration leaves a profile because a credential helper reads its inline keys.
fn is_helper(why: &SkipReason) -> bool {
    matches!(why, SkipReason::CredentialProcess { .. })
}

/// The fix for profile `profile`, whose inline keys a credential helper reads (`why`): the
/// helper goes first, for the AWS CLI, which reads the profile once migrated.
fn helper_first(why: &SkipReason, profile: &str, label: &str) -> String {
    format!(
        "{}; first make that credential_process run the AWS CLI (2.9 or newer), which reads a \
         migrated profile: `credential_process = aws configure export-credentials --profile {} \
         --format process`, then `{}`",
        super::text::skip_reason(why),
        shown(&super::text::shell_word(profile)),
        write_command(label)
    )
}

/// The fix.
pub fn help(f: &Finding, label: &str) -> String {
    match &f.kind {
        FindingKind::Parse(p) => problem_help(p).into_owned(),
        FindingKind::MissingSession { session, .. } if session.is_empty() => {
            "write the name of an [sso-session NAME] block after `sso_session =`, or remove the \
             line"
                .into()
        }
        FindingKind::MissingSession {
            session,
            read_elsewhere_by,
            ..
        } if !read_elsewhere_by.is_empty() => format!(
            "write the session's header as the AWS CLI does, `[sso-session {}]`, with any \
             comment on a line of its own",
            shown(&**session)
        ),
        FindingKind::MissingSession {
            session,
            found_by,
            found_session: Some([start, end]),
            ..
        } => format!(
            "write `sso_session = {}`: {} that name there already",
            shown(&session[usize::from(*start)..usize::from(*end)]),
            readers_that(*found_by, ["reads", "read"])
        ),
        FindingKind::MissingSession { session, .. } => format!(
            "add an [sso-session {}] block with sso_start_url and sso_region, or point \
             sso_session at an existing one",
            shown(&**session)
        ),
        FindingKind::MissingSessionInCredentialsFile(c) if c.session.is_empty() => format!(
            "write the name of an [sso-session NAME] block of `{}` after `sso_session =` in \
             `{}`, or remove the line",
            shown(label),
            shown(&c.path)
        ),
        FindingKind::MissingSessionInCredentialsFile(c) => format!(
            "add an [sso-session {}] block with sso_start_url and sso_region to `{}`, or point \
             this sso_session at an existing one",
            shown(&c.session),
            shown(label)
        ),
        FindingKind::HybridConflict(c) => format!(
            "remove the profile's {} line (or correct it to the session's value)",
            shown(&c.key)
        ),
        // The inline lines are all the SSO settings the SDKs that do not read `[DEFAULT]` have.
        FindingKind::HybridRedundant(r) if r.session_from_defaults => format!(
            "set `sso_session = {}` in the profile itself (the AWS SDKs for Rust, JavaScript v3 \
             and Ruby v3 do not read it from `[DEFAULT]`, and the inline lines are all the SSO \
             settings they have); then `{}` removes the inline lines",
            shown(&r.session),
            write_command(label)
        ),
        FindingKind::HybridRedundant(r) if let Some(why) = &r.left_alone
            && is_helper(why) =>
        {
            helper_first(why, f.subject.name(), label)
        }
        FindingKind::HybridRedundant(r) if let Some(why) = &r.left_alone => format!(
            "remove the inline lines by hand; the migration leaves them because {}",
            super::text::skip_reason(why)
        ),
        FindingKind::HybridRedundant(r) if r.file_refused => format!(
            "remove the inline lines by hand, or fix the problems the migration refuses this file \
             for (`{}` lists them) and run `{}`",
            dry_run_command(label),
            write_command(label)
        ),
        FindingKind::HybridRedundant(_) => format!(
            "remove the inline lines; `{}` does it",
            write_command(label)
        ),
        FindingKind::SessionLacksKey { missing, .. } => format!(
            "add {} to the session block itself (the token provider reads them only there)",
            missing.join(" and ")
        ),
        FindingKind::MissingSsoKeys(_) => {
            "add the missing keys (`aws configure sso` writes a complete profile); a profile only \
             for `aws sso login` needs neither account nor role, but then only botocore accepts it"
                .into()
        }
        FindingKind::EmptyValue { .. } => {
            "fill in the value or remove the line; the SSO service rejects an empty one".into()
        }
        FindingKind::LegacyProfile {
            left_alone: Some(why),
            ..
        } if let SkipReason::CredentialsFile { path, keys } = why.as_ref() => format!(
            "move its {} from `{}` into this file (the AWS CLI reads them over this file's, and \
             would keep them beside a session), then into an sso-session: `{}`",
            super::text::and_list(keys),
            shown(path),
            write_command(label)
        ),
        FindingKind::LegacyProfile {
            left_alone: Some(why),
            ..
        } if is_helper(why) => helper_first(why, f.subject.name(), label),
        FindingKind::LegacyProfile {
            left_alone: Some(why),
            ..
        } => format!(
            "move it into an sso-session by hand; the migration leaves it because {}",
            super::text::skip_reason(why)
        ),
        FindingKind::LegacyProfile {
            file_refused: true,
            ..
        } => format!(
            "fix the problems the migration refuses this file for (`{}` lists them), then move \
             it into an sso-session: `{}`",
            dry_run_command(label),
            write_command(label)
        ),
        FindingKind::LegacyProfile { .. } => {
            format!("move it into an sso-session: `{}`", write_command(label))
        }
        FindingKind::LegacyInCredentialsFile(c) => {
            let name = f.subject.name();
            let header = match name {
                "default" => "[default]".to_string(),
                _ => format!("[profile {}]", shown(name)),
            };
            format!(
                "move its {} lines from `{}` into `{header}` in `{}`, then into an sso-session: \
                 `{}`",
                c.keys.join(", "),
                shown(&c.path),
                shown(label),
                write_command(label)
            )
        }
        FindingKind::InlineInCredentialsFile(c) => {
            let first = if c.session_lacks.is_empty() {
                String::new()
            } else {
                format!(
                    "set {} in the sso-session `{}` in `{}`, which lacks it; then ",
                    c.session_lacks.join(" and "),
                    shown(&c.session),
                    shown(label)
                )
            };
            let check = match c.conflict {
                Some(_) => " (make sure the session's is the portal it should use)",
                None => "",
            };
            let lines = if c.keys.len() == 1 { "line" } else { "lines" };
            format!(
                "{first}remove its {} {lines} from `{}`: the profile logs in through the \
                 sso-session `{}`{check}",
                c.keys.join(", "),
                shown(&c.path),
                shown(&c.session)
            )
        }
        FindingKind::UnusedSession => {
            "remove it if nothing else (a tool, a script) logs in with it".into()
        }
        FindingKind::StartUrlVariants { .. } => {
            "use one spelling and one session per portal, so one login serves all its profiles"
                .into()
        }
        FindingKind::BotocoreOnlySection { session: false, .. } => {
            "write the header as `[profile NAME]` with a name of letters, digits and `_-/.%@:+`"
                .into()
        }
        FindingKind::BotocoreOnlySection { session: true, .. } => {
            "write the header as `[sso-session NAME]`".into()
        }
        FindingKind::HeaderReadOtherwise { session, .. } => if *session {
            "write the header as the AWS CLI does: `[sso-session NAME]`, one space, nothing else"
        } else {
            "write the header as the AWS CLI does: `[profile NAME]`, one space, nothing else"
        }
        .into(),
        FindingKind::SessionNameNotPortable { .. } => {
            "rename the session (header and every sso_session line) to letters, digits and `_-.`"
                .into()
        }
        FindingKind::SourceProfileMissing {
            source,
            read_elsewhere_by,
            ..
        } if !read_elsewhere_by.is_empty() => format!(
            "write the profile's header as the AWS CLI does, `[profile {}]`, with any comment on \
             a line of its own",
            shown(source)
        ),
        FindingKind::SourceProfileMissing {
            in_credentials_file: Some(c),
            ..
        } => format!(
            "point source_profile in its section of `{}` at an existing profile",
            shown(&c.path)
        ),
        FindingKind::SourceProfileMissing {
            source_in_credentials_file: true,
            ..
        } => "point source_profile in the shared credentials file at an existing profile".into(),
        FindingKind::SourceProfileMissing { .. } => {
            "point source_profile at an existing profile (or define it in ~/.aws/credentials)"
                .into()
        }
        FindingKind::SourceProfileLoop { .. } => {
            "end the chain at a profile with its own credentials (static keys, SSO, a process)"
                .into()
        }
        FindingKind::PartialStaticKeys { .. } => "put aws_secret_access_key beside \
            aws_access_key_id in the profile's section of the same file (botocore reads each \
            file's keys apart), or take the lone aws_access_key_id out"
            .into(),
        FindingKind::SourceProfilePartialKeys { source, .. } => format!(
            "put aws_secret_access_key beside aws_access_key_id in `{}`'s section of the same \
             file (botocore reads each file's keys apart), or point source_profile at a profile \
             that has credentials",
            shown(source)
        ),
        FindingKind::SourceProfileWithoutCredentials { source, .. } => format!(
            "give `{}` credentials (static keys in ~/.aws/credentials, an sso_session with \
             sso_account_id and sso_role_name, a credential_process), or point source_profile at \
             a profile that has them",
            shown(source)
        ),
        FindingKind::RoleArnWithoutSource(role) => {
            let add = "add source_profile (a profile with credentials) or credential_source";
            match &role.in_credentials_file {
                Some(c) => format!("{add} to its section of `{}`", shown(&c.path)),
                None => add.into(),
            }
        }
        FindingKind::RoleArnWithBothSources(role) => {
            let keep = "source_profile (a profile with credentials) or credential_source (the \
                        environment, an instance or a container role)";
            match &role.in_credentials_file {
                Some(c) => format!(
                    "keep one of them in its section of `{}`: {keep}",
                    shown(&c.path)
                ),
                None => format!("keep one of them: {keep}"),
            }
        }
        FindingKind::Managed { .. } => {
            "edit it through the tool that owns the block; aws-sso-migrate leaves it alone".into()
        }
        FindingKind::ColonDelimiter {
            without_equals: true,
            ..
        } => "write `=` for the `:`".into(),
        FindingKind::ColonDelimiter { .. } => {
            "write the line as `KEY = VALUE`, with no `:` before the `=`".into()
        }
        FindingKind::KeyReadOtherwise { key, .. } => format!(
            "write it `{} = …` at the start of the line, as the AWS CLI does",
            shown(&**key)
        ),
        FindingKind::ValueComment { .. } => "move the comment to a line of its own".into(),
        FindingKind::CommentInKey { .. } => {
            "take the blank or the `#` or `;` out of the key, or the comment to a line of its own"
                .into()
        }
        FindingKind::IndentedComment { .. } => {
            "remove the comment's indentation, or move it above the key".into()
        }
        FindingKind::CarriageReturnValue { .. } => {
            "end the file's lines in LF alone, or remove the empty key if nothing is nested under it"
                .into()
        }
        FindingKind::BlankValue { .. } => {
            "remove the spaces after the `=`, or the empty key if nothing is nested under it".into()
        }
        FindingKind::DefaultsSection { .. } => {
            "set the keys in each profile that needs them, and remove `[DEFAULT]`".into()
        }
        FindingKind::CommentAfterHeader => "move the comment to a line of its own".into(),
        FindingKind::ContinuedValue { .. } => {
            "put the value on one line, unless what reads it needs the line break".into()
        }
        FindingKind::KeyNameNotPortable { .. } => {
            "correct the key's name, or remove the line if nothing reads it".into()
        }
        FindingKind::BotocoreIgnoresHeader { name, session, .. } => {
            let kind = if *session { "sso-session" } else { "profile" };
            let header = if &**name == "default" && !*session {
                "[default]".to_string()
            } else {
                format!("[{kind} {}]", shown(&**name))
            };
            // A `]` in what botocore takes for the header is one in a comment after it.
            let why = if f.subject.name().contains(']') {
                " (botocore reads a header to the last `]` on its line)"
            } else {
                ""
            };
            if names::is_portable(name) {
                format!(
                    "write the header as the AWS CLI does, `{header}`, with any comment on a \
                     line of its own{why}"
                )
            } else {
                format!(
                    "rename the {kind} to letters, digits and `_-/.%@:+`, and write its header \
                     as the AWS CLI does: `[{kind} NAME]`"
                )
            }
        }
        FindingKind::RustRejectsLine { error } => match error {
            RustParseError::ExpectedProfile => {
                "move the line under a header, or make it a comment with `#` first on the line"
            }
            RustParseError::HeaderEnd => "take the `#` or `;` out of the header",
            RustParseError::ExpectedEquals | RustParseError::NoName => {
                "write it `key = value`, or make it a comment with `#` first on the line"
            }
            RustParseError::ExpectedSubEquals | RustParseError::SubNoName => {
                "write every line of the nested block as `key = value`, and put comments above \
                 the key that opens it"
            }
            RustParseError::ContinuationWithoutProperty => {
                "remove the line's indentation, or make it a comment with `#` first on the line"
            }
        }
        .into(),
        FindingKind::PhpRejectsLine { error } => match error {
            PhpParseError::IndentedHeader => "remove the spaces before the `[`".into(),
            PhpParseError::UnclosedHeader => "end the header with `]`".into(),
            PhpParseError::ArrayKey => "take out the `[` that follows other text (PHP wants `=` \
                                        after an array key's `]`), or make the line a comment \
                                        with `#` first on it"
                .into(),
            PhpParseError::Keyword(_) => {
                "rename the key, or make the line a comment with `#` first on it".into()
            }
            PhpParseError::Sign(sign) => format!(
                "take the `{}` out of the line, or make it a comment with `#` first on the line",
                char::from(*sign)
            ),
            PhpParseError::NoName => {
                "write a key before the `=`, or make the line a comment with `#` first on it".into()
            }
            PhpParseError::CommentEndsFile => "end the file with a line break".into(),
        },
    }
}

/// Why PHP's INI reader cannot read a line, in a clause.
fn php_rejects(error: PhpParseError) -> String {
    match error {
        PhpParseError::IndentedHeader => {
            "it takes a header indented by spaces for an array key with no name (` [`), which \
             needs `=` after its `]`"
                .into()
        }
        PhpParseError::UnclosedHeader => "the header has no `]` on its line".into(),
        PhpParseError::ArrayKey => "it takes `NAME[` for an array key, which must close with `]` \
                                    on its line and have `=` after it"
            .into(),
        PhpParseError::Keyword(word) => format!(
            "it takes `{}` for a value (true, false or null), never for a key",
            word.as_str()
        ),
        PhpParseError::Sign(sign) => format!("it takes no `{}` outside a value", char::from(sign)),
        PhpParseError::NoName => "there is no key before its `=`".into(),
        PhpParseError::CommentEndsFile => "its value is empty and its comment runs to the end of \
                                           the file, with no line break after it"
            .into(),
    }
}

/// Why the AWS SDK for Rust cannot parse a line, in a clause.
fn rust_rejects(error: RustParseError) -> &'static str {
    match error {
        RustParseError::ExpectedProfile => "it reads no header above it",
        RustParseError::HeaderEnd => {
            "the header does not end in `]` once Rust cuts a comment at the `#` or `;` in it"
        }
        RustParseError::ExpectedEquals => {
            "it has no `=` once Rust cuts a comment at a `#` or `;` after a blank"
        }
        RustParseError::NoName => "there is no key before its `=`",
        RustParseError::ExpectedSubEquals => {
            "it is a line of a nested block (under a key with an empty value) without `=`"
        }
        RustParseError::SubNoName => {
            "it is a line of a nested block (under a key with an empty value) with no key before \
             its `=`"
        }
        RustParseError::ContinuationWithoutProperty => {
            "an indented line right under a header continues no key"
        }
    }
}

/// The file whose keys a finding is about, for a person to read.
fn in_file(keys_in: KeysFrom) -> &'static str {
    match keys_in {
        KeysFrom::Config => "the config",
        KeysFrom::CredentialsFile => "the shared credentials file",
    }
}
