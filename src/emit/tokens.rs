//! What users see about SSO tokens: the carry report after a migration (stderr) and the
//! `--tokens` table (stdout). Text only; the data comes typed from [`crate::sso_cache`].
//!
//! Everything that comes from a file (names, start URLs, paths, system messages) goes through
//! [`super::text::shown_long`] first, so a config or cache file cannot send control sequences to
//! the terminal.
//! Times are shown in the local time zone with the minutes left; token values are never shown
//! (the types never hold them).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::sso_cache::{
    CarryOutcome, CarrySkip, Corruption, Login, ReadProblem, RowKind, SessionCarry, TokenRow,
    TokenState,
};
use crate::sso_cache_io::FileTokens;

use super::text::{shell_word, shown_long as escape};

const GOOD: Style = AnsiColor::Green.on_default();
const SOON: Style = AnsiColor::Yellow.on_default();
const BAD: Style = AnsiColor::Red.on_default();
const HEAD: Style = Style::new().bold();
const NAME: Style = Style::new().bold();

/// `2026-01-01 09:30 CET`: local time to the minute, with the zone's abbreviation.
pub fn local_time(t: &Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// `aws sso login ...` for a row's login.
pub fn login_command(login: &Login) -> String {
    match login {
        Login::SsoSession(name) => format!("aws sso login --sso-session {}", shell_word(name)),
        Login::Profile(name) => format!("aws sso login --profile {}", shell_word(name)),
    }
}

/// The carry report for one migrated file: one line (or two) per session.
pub fn carried(out: &mut dyn Write, carried: &[SessionCarry], tz: &TimeZone) -> io::Result<()> {
    for c in carried {
        let session = format!("[sso-session {NAME}{}{NAME:#}]", escape(&c.session));
        match &c.outcome {
            CarryOutcome::Carried {
                from_start_url,
                expires_at,
                minutes_left,
            }
            | CarryOutcome::WouldCarry {
                from_start_url,
                expires_at,
                minutes_left,
            } => {
                let verb = if matches!(c.outcome, CarryOutcome::Carried { .. }) {
                    "carried"
                } else {
                    "would carry"
                };
                writeln!(
                    out,
                    "  token: {GOOD}{verb}{GOOD:#} the cached login of {} into {session}: valid \
                     until {} ({} min left)",
                    escape(from_start_url),
                    local_time(expires_at, tz),
                    minutes_left
                )?;
                writeln!(
                    out,
                    "      it does not refresh: for a token that does, run `{}` once before then",
                    login_command(&Login::SsoSession(c.session.clone()))
                )?;
            }
            CarryOutcome::NotCarried { reason } => writeln!(
                out,
                "  token: {SOON}nothing carried{SOON:#} into {session}: {}",
                skip_reason(reason, tz)
            )?,
            CarryOutcome::Failed { error } => writeln!(
                out,
                "  token: {BAD}could not carry{BAD:#} into {session}: {}",
                escape(error)
            )?,
        }
    }
    Ok(())
}

fn skip_reason(reason: &CarrySkip, tz: &TimeZone) -> String {
    match reason {
        CarrySkip::SessionTokenExists { state } => format!(
            "it already has a cached token ({}), which is kept",
            state_text(state, tz)
        ),
        CarrySkip::NoLegacyToken => "no cached legacy token for its start URLs".to_string(),
        CarrySkip::Expired {
            start_url,
            expires_at,
        } => format!(
            "the cached token of {} expired at {}",
            escape(start_url),
            local_time(expires_at, tz)
        ),
        CarrySkip::OtherRegion {
            start_url,
            token_region,
        } => match token_region {
            Some(r) => format!(
                "the cached token of {} is for SSO region {}",
                escape(start_url),
                escape(r)
            ),
            None => format!(
                "the cached token of {} names no SSO region",
                escape(start_url)
            ),
        },
        CarrySkip::Unusable { start_url, state } => format!(
            "the cached token file of {} is {}",
            escape(start_url),
            state_text(state, tz)
        ),
        CarrySkip::CacheDirUnknown => {
            "the token cache of this config is unknown (name it as .../.aws/config)".to_string()
        }
    }
}

/// A token state in a few words.
fn state_text(state: &TokenState, tz: &TimeZone) -> String {
    match state {
        TokenState::Missing => "missing".into(),
        TokenState::CacheDirUnknown => "not looked up: unknown token cache".into(),
        TokenState::Unreadable { problem } => format!("unreadable: {}", read_problem(problem)),
        TokenState::Corrupt { problem } => format!("corrupt: {}", corruption(problem)),
        TokenState::Valid { expires_at, .. } => {
            format!("valid until {}", local_time(expires_at, tz))
        }
        TokenState::Expired { can_refresh, .. } => if *can_refresh {
            "expired, refreshes"
        } else {
            "expired"
        }
        .into(),
    }
}

fn read_problem(p: &ReadProblem) -> String {
    match p {
        ReadProblem::NotAFile => "not a regular file".into(),
        ReadProblem::TooLarge => "too large".into(),
        ReadProblem::NotTheirs => "someone else's file".into(),
        ReadProblem::Denied => "permission denied".into(),
        ReadProblem::Io { error } => escape(error),
    }
}

fn corruption(c: &Corruption) -> String {
    match c {
        Corruption::Truncated => "truncated JSON".into(),
        Corruption::NotJson => "not JSON".into(),
        Corruption::NotAnObject => "not a JSON object".into(),
        Corruption::MissingField { field } => format!("no {field}"),
        Corruption::WrongType { field } => format!("{field} is not a string"),
        Corruption::BadTime { field } => format!("{field} is not a time"),
    }
}

/// One cell: its text and style.
struct Cell(String, Style);

/// The `--tokens` table for one file.
pub fn table(out: &mut dyn Write, file: &FileTokens, tz: &TimeZone) -> io::Result<()> {
    match &file.cache_dir {
        Some(d) => writeln!(
            out,
            "{NAME}{}{NAME:#}: token cache {}",
            escape(&file.path),
            escape(d)
        )?,
        None => writeln!(
            out,
            "{NAME}{}{NAME:#}: token cache unknown (name the config as .../.aws/config)",
            escape(&file.path)
        )?,
    }
    if file.tokens.is_empty() {
        return writeln!(out, "  no SSO sessions or SSO profiles");
    }
    let header = [
        "ENTRY", "TOKEN", "EXPIRES", "LEFT", "REFRESH", "PROFILES", "LOGIN",
    ];
    let rows: Vec<Vec<Cell>> = file.tokens.iter().map(|r| cells(r, tz)).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.0.chars().count());
        }
    }
    let last = header.len() - 1;
    write!(out, "  ")?;
    for (i, h) in header.iter().enumerate() {
        let pad = if i == last { 0 } else { widths[i] + 2 };
        write!(out, "{HEAD}{h:<pad$}{HEAD:#}")?;
    }
    writeln!(out)?;
    for row in &rows {
        let mut line = String::from("  ");
        for (i, Cell(text, style)) in row.iter().enumerate() {
            if i == last {
                line.push_str(&format!("{style}{text}{style:#}"));
            } else {
                let pad = widths[i] + 2;
                line.push_str(&format!("{style}{text:<pad$}{style:#}"));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn cells(r: &TokenRow, tz: &TimeZone) -> Vec<Cell> {
    let plain = |s: String| Cell(s, Style::new());
    let entry = match &r.kind {
        RowKind::SsoSession { name } => format!("[sso-session {}]", escape(name)),
        RowKind::Legacy => escape(r.start_url.as_deref().unwrap_or_default()),
    };
    let (token, expires, left, refresh) = match &r.token {
        TokenState::Valid {
            expires_at,
            minutes_left,
            can_refresh,
        } => (
            Cell("valid".into(), GOOD),
            local_time(expires_at, tz),
            format!("{minutes_left} min"),
            yes_no(*can_refresh),
        ),
        TokenState::Expired {
            expires_at,
            can_refresh,
        } => (
            Cell("expired".into(), if *can_refresh { SOON } else { BAD }),
            local_time(expires_at, tz),
            "expired".into(),
            yes_no(*can_refresh),
        ),
        other => (
            Cell(state_text(other, tz), BAD),
            "-".into(),
            "-".into(),
            "-".into(),
        ),
    };
    vec![
        plain(entry),
        token,
        plain(expires),
        plain(left),
        plain(refresh),
        plain(escape(&r.profiles.join(", "))),
        match &r.login {
            Some(l) => Cell(login_command(l), NAME),
            None => plain(String::new()),
        },
    ]
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_use_the_given_zone() {
        let t: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(local_time(&t, &TimeZone::UTC), "2026-01-01 00:00 UTC");
        // A POSIX rule, so the test needs no time zone database.
        let cet = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        assert_eq!(local_time(&t, &cet), "2026-01-01 01:00 CET");
    }
}
