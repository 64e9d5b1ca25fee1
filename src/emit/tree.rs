//! `--format tree`: the structure after the migration, drawn with box-drawing characters: each
//! sso-session (start URL, SSO region, new or reused) with its profiles (account, role, region),
//! then the profiles that use no session. Colour on a terminal; every value shown safely.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::human::Human;
use super::text::{self, shown};
use super::{EmitOptions, Emitter, FileReport, Outcome, Streams, Tally};
use crate::aws::Config;
use crate::aws::credentials::KeysFrom;
use crate::structure::{self, ProfileKind, ProfileNode, SessionState, Structure};

const FILE: Style = Style::new().bold().underline();
const SESSION: Style = AnsiColor::Cyan.on_default().bold();
const PROFILE: Style = Style::new().bold();
const NEW: Style = AnsiColor::Green.on_default().bold();
const REUSED: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();
const SKIPPED: Style = AnsiColor::Yellow.on_default();

pub struct Tree {
    first: bool,
    /// The diff's summary, on stderr.
    summary: Human,
}

impl Tree {
    pub fn new(opts: EmitOptions) -> Tree {
        Tree {
            first: true,
            summary: Human::summary_only(opts),
        }
    }
}

impl Emitter for Tree {
    fn file(&mut self, s: &mut Streams, report: &FileReport) -> io::Result<()> {
        if !std::mem::take(&mut self.first) {
            writeln!(s.out)?;
        }
        writeln!(s.out, "{FILE}{}{FILE:#}", shown(&report.input.label()))?;
        match &report.outcome {
            Outcome::Planned { migration, .. } => {
                let after = Config::read(migration.rewritten());
                let graph = structure::build(&after, &migration.plan, &migration.credentials);
                draw(s.out, &graph)
            }
            Outcome::Absent => writeln!(s.out, "└── {DIM}no config file here{DIM:#}"),
            // Refused with --restore when options are resolved.
            Outcome::Restored(_) | Outcome::Listed(_) => Ok(()),
            // `--doctor` is not drawn as a tree (refused on the command line).
            Outcome::Diagnosed(_) => Ok(()),
            Outcome::Failed(e) => {
                writeln!(s.out, "└── {SKIPPED}not migrated{SKIPPED:#}: {}", e.kind())
            }
        }?;
        self.summary.file(s, report)
    }

    fn finish(&mut self, s: &mut Streams, tally: &Tally) -> io::Result<()> {
        self.summary.finish(s, tally)
    }
}

/// The branch glyphs for an item that is or is not the last of its list.
fn glyphs(last: bool) -> (&'static str, &'static str) {
    if last {
        ("└── ", "    ")
    } else {
        ("├── ", "│   ")
    }
}

fn draw(out: &mut dyn Write, s: &Structure) -> io::Result<()> {
    let without_session = s.has_profiles_without_session();
    if s.sessions.is_empty() && !without_session {
        return writeln!(out, "└── {DIM}no profiles{DIM:#}");
    }
    let groups = s.sessions.len() + usize::from(without_session);
    for (i, session) in s.sessions.iter().enumerate() {
        let (branch, indent) = glyphs(i + 1 == groups);
        let state = match session.state {
            SessionState::New => format!("{NEW}new{NEW:#}"),
            SessionState::Reused => format!("{REUSED}reused{REUSED:#}"),
            SessionState::Existing => format!("{DIM}existing{DIM:#}"),
        };
        writeln!(
            out,
            "{branch}{SESSION}[sso-session {}]{SESSION:#} {state} {DIM}·{DIM:#} {} {DIM}·{DIM:#} {}",
            shown(&session.name),
            optional(session.start_url, "no start URL"),
            optional(session.sso_region, "no SSO region"),
        )?;
        if !session.is_used() {
            writeln!(out, "{indent}└── {DIM}no profile uses it{DIM:#}")?;
        }
        profiles(out, indent, s.profiles_of(session))?;
    }
    if without_session {
        writeln!(out, "└── {DIM}without an sso-session{DIM:#}")?;
        profiles(out, "    ", s.profiles_without_session())?;
    }
    Ok(())
}

fn optional(value: Option<&str>, missing: &str) -> String {
    match value {
        Some(v) => shown(v).to_string(),
        None => format!("{DIM}{missing}{DIM:#}"),
    }
}

fn profiles<'a>(
    out: &mut dyn Write,
    indent: &str,
    list: impl ExactSizeIterator<Item = ProfileNode<'a>>,
) -> io::Result<()> {
    let len = list.len();
    for (i, p) in list.enumerate() {
        let (branch, _) = glyphs(i + 1 == len);
        writeln!(
            out,
            "{indent}{branch}{PROFILE}{}{PROFILE:#}{}",
            shown(&p.name),
            details(&p)
        )?;
    }
    Ok(())
}

/// That the session a profile names is not in the file (its skip reason says so where the
/// migration left it for that).
fn missing_session(session: &str) -> String {
    format!(
        "{SKIPPED}{}{SKIPPED:#}",
        text::missing_session(shown(session))
    )
}

/// What follows a profile's name: how it gets credentials, account, role, region; for one drawn
/// under the session it names that gets none from it, that it goes unused.
fn details(p: &ProfileNode) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &p.kind {
        ProfileKind::Session | ProfileKind::SessionLacks { .. } => {
            if let Some(a) = &p.account {
                parts.push(format!("account {}", shown(a)));
            }
            if let Some(r) = &p.role {
                parts.push(format!("role {}", shown(r)));
            }
            if let ProfileKind::SessionLacks { account, role } = p.kind {
                parts.push(format!(
                    "{SKIPPED}{}{SKIPPED:#}",
                    text::session_lacks(account, role)
                ));
            }
        }
        ProfileKind::LoginOnly => parts.push(format!("{DIM}{}{DIM:#}", text::LOGIN_ONLY)),
        ProfileKind::MissingSession { session } if p.skipped.is_none() => {
            parts.push(missing_session(session));
        }
        ProfileKind::MissingSession { .. } => {}
        ProfileKind::LegacySso { start_url, from } => {
            parts.push(format!("legacy SSO {}{}", shown(start_url), in_file(*from)));
        }
        ProfileKind::LegacySsoLacks { start_url, lacks } => {
            parts.push(match start_url {
                Some(url) => format!("legacy SSO {}", shown(url)),
                None => "legacy SSO".to_string(),
            });
            parts.push(format!(
                "{SKIPPED}{}{SKIPPED:#}",
                text::legacy_lacks(*lacks)
            ));
        }
        ProfileKind::StaticKeys { from } => parts.push(format!("static keys{}", in_file(*from))),
        ProfileKind::PartialStaticKeys { from } => {
            parts.push(format!("static keys{}", in_file(*from)));
            parts.push(format!("{SKIPPED}{}{SKIPPED:#}", text::PARTIAL_STATIC_KEYS));
        }
        ProfileKind::RoleChain {
            role_arn,
            source_profile,
        } => parts.push(format!(
            "role {} via source_profile {PROFILE}{}{PROFILE:#}",
            shown(role_arn),
            shown(source_profile)
        )),
        ProfileKind::RoleFromSource {
            role_arn,
            credential_source,
        } => parts.push(format!(
            "role {} from {}",
            shown(role_arn),
            shown(credential_source)
        )),
        ProfileKind::RoleWithWebIdentity {
            role_arn,
            token_file,
        } => parts.push(format!(
            "role {} with web identity token {}",
            shown(role_arn),
            shown(token_file)
        )),
        ProfileKind::RoleLoop {
            role_arn,
            source_profile,
        } => parts.push(format!(
            "{SKIPPED}role {} via source_profile {} in a loop{SKIPPED:#}",
            shown(role_arn),
            shown(source_profile)
        )),
        ProfileKind::RoleSourceMissing {
            role_arn,
            source_profile,
        } => parts.push(format!(
            "{SKIPPED}role {} via missing source_profile {}{SKIPPED:#}",
            shown(role_arn),
            shown(source_profile)
        )),
        ProfileKind::RoleSourceWithoutCredentials {
            role_arn,
            source_profile,
        } => parts.push(format!(
            "{SKIPPED}role {} via source_profile {} with no credentials{SKIPPED:#}",
            shown(role_arn),
            shown(source_profile)
        )),
        ProfileKind::RoleRefused { role_arn, why } => parts.push(format!(
            "{SKIPPED}role {} {}{SKIPPED:#}",
            shown(role_arn),
            text::role_refusal(*why)
        )),
        ProfileKind::LoginSession { from } => {
            parts.push(format!("login_session{}", in_file(*from)));
        }
        ProfileKind::CredentialProcess { from } => {
            parts.push(format!("credential_process{}", in_file(*from)));
        }
        ProfileKind::Other => parts.push(format!("{DIM}no credentials{DIM:#}")),
    }
    if let Some(session) = p.lost_session.filter(|_| p.skipped.is_none()) {
        parts.push(missing_session(session));
    }
    if p.session_unused {
        parts.push(format!("{SKIPPED}its sso-session goes unused{SKIPPED:#}"));
    }
    if p.credentials_only && !p.kind.keys_from_credentials_file() {
        parts.push(format!("{DIM}in the credentials file{DIM:#}"));
    }
    if let Some(r) = &p.region {
        parts.push(format!("region {}", shown(r)));
    }
    if let Some(reason) = &p.skipped {
        parts.push(format!(
            "{SKIPPED}skipped: {}{SKIPPED:#}",
            text::skip_reason(reason)
        ));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!(" {DIM}·{DIM:#} {}", parts.join(&format!(" {DIM}·{DIM:#} ")))
}

/// Where a profile's keys come from, where that is not the config.
fn in_file(from: KeysFrom) -> &'static str {
    match from {
        KeysFrom::Config => "",
        KeysFrom::CredentialsFile => " in the credentials file",
    }
}
