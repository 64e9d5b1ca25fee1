//! The command line: clap's derive struct (its doc comments are the `--help` text), resolved
//! into plain [`Options`] that the rest of the tool uses. Clap types stop here.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use crate::aws::names;
use crate::aws::url as start_url;
use crate::error::{Input, UsageError};
use crate::plan::{DEFAULT_SCOPES, PlanOptions};
use crate::sso_cache_io::TokenOptions;

/// Migrate AWS CLI config files from legacy inline SSO settings to sso-session blocks.
///
/// Finds profiles that carry sso_start_url and sso_region inline, groups them by portal into
/// [sso-session NAME] blocks, and rewrites the file losslessly: every byte it does not
/// deliberately change stays as it was. By default it changes nothing: it prints a unified diff
/// of the planned change on stdout and a summary on stderr.
#[derive(Debug, Parser)]
#[command(name = "aws-sso-migrate", version, max_term_width = 100)]
#[command(
    after_help = "Exit status: 0 done (or nothing to do), 1 --check found pending changes, 2 error."
)]
pub struct Cli {
    /// Config files to migrate [default: $AWS_CONFIG_FILE, else ~/.aws/config]. `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Exit with status 1 if any file would change, 0 if none would.
    #[arg(long, conflicts_with_all = ["write", "restore"])]
    pub check: bool,

    /// Rewrite the files in place (after a backup), applying exactly the change the dry run shows.
    #[arg(short, long, conflicts_with = "restore")]
    pub write: bool,

    /// With --write: do not keep a backup of the original.
    #[arg(long, requires = "write")]
    pub no_backup: bool,

    /// Put back the newest backup made by --write (the current file is backed up first, so a
    /// restore can be undone).
    #[arg(long)]
    pub restore: bool,

    /// Print no diff and no summary; errors are still printed.
    #[arg(short, long)]
    pub quiet: bool,

    /// What to print on stdout: a unified diff, or the whole rewritten file (one FILE only).
    #[arg(long, value_enum, default_value_t = Format::Diff, value_name = "FORMAT")]
    pub format: Format,

    /// Name for the new sso-session: NAME when the file has one portal, or URL=NAME per start URL
    /// (repeatable).
    #[arg(long = "session-name", value_name = "NAME|URL=NAME")]
    pub session_name: Vec<String>,

    /// sso_registration_scopes for new sessions, comma-separated.
    #[arg(long, value_name = "LIST", default_value = DEFAULT_SCOPES, conflicts_with = "no_scopes")]
    pub scopes: String,

    /// Leave sso_registration_scopes out of new sessions.
    #[arg(long)]
    pub no_scopes: bool,

    /// Migrate only this profile (repeatable). An unknown name is an error.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,

    /// Copy each new session's still-valid cached legacy SSO token to the session's cache file,
    /// so nobody has to log in right away. Writes only with --write (after the config is
    /// written); a dry run says what it would carry.
    #[arg(long, conflicts_with_all = ["restore", "tokens"])]
    pub carry_tokens: bool,

    /// Show the cached SSO token of every sso-session and legacy start URL (read-only): expiry,
    /// minutes left, whether it refreshes, and the login command when one is needed.
    #[arg(long, conflicts_with_all = ["write", "restore", "check"])]
    pub tokens: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A unified diff from the file to its migrated form.
    Diff,
    /// The whole migrated file.
    Config,
    /// JSON (with --tokens).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when the output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// What a run does to the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Show the change; write nothing. `check` makes a pending change exit 1.
    DryRun { check: bool },
    /// Apply the change, with a backup unless `backup` is false.
    Write { backup: bool },
    /// Put back the newest backup.
    Restore,
}

/// What to do, resolved from the command line and the environment.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<Input>,
    pub mode: Mode,
    pub quiet: bool,
    pub format: Format,
    pub color: Color,
    pub plan: PlanOptions,
    pub tokens: TokenOptions,
}

/// Resolves `cli` into [`Options`]. `env` looks up environment variables.
pub fn resolve(cli: Cli, env: impl Fn(&str) -> Option<OsString>) -> Result<Options, UsageError> {
    let no_files = cli.files.is_empty();
    let inputs = if no_files {
        vec![Input::Path(default_config(&env)?)]
    } else {
        cli.files
            .into_iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::Path(p)
                }
            })
            .collect()
    };
    let tokens = TokenOptions {
        carry: cli.carry_tokens,
        report: cli.tokens,
        home: env("HOME").filter(|h| !h.is_empty()).map(PathBuf::from),
        default_config: match (no_files, inputs.first()) {
            (true, Some(Input::Path(p))) => Some(p.clone()),
            _ => None,
        },
    };
    match (cli.format, cli.tokens) {
        (Format::Json, false) => return Err(UsageError::FormatNeedsTokens("json")),
        (Format::Config, true) => return Err(UsageError::FormatNotWithTokens("config")),
        _ => {}
    }
    if cli.format == Format::Config && inputs.len() != 1 {
        return Err(UsageError::ConfigFormatNeedsOneFile(inputs.len()));
    }
    let mode = if cli.write {
        Mode::Write {
            backup: !cli.no_backup,
        }
    } else if cli.restore {
        Mode::Restore
    } else {
        Mode::DryRun { check: cli.check }
    };
    if inputs.contains(&Input::Stdin) {
        match mode {
            Mode::Write { .. } => return Err(UsageError::StdinInPlace("--write")),
            Mode::Restore => return Err(UsageError::StdinInPlace("--restore")),
            Mode::DryRun { .. } => {}
        }
    }
    let mut plan = PlanOptions {
        profiles: cli.profiles,
        scopes: (!cli.no_scopes).then(|| cli.scopes.clone()),
        ..PlanOptions::default()
    };
    if !cli.no_scopes && !valid_scopes(&cli.scopes) {
        return Err(UsageError::InvalidScopes(cli.scopes));
    }
    for value in cli.session_name {
        match value.rsplit_once('=') {
            Some((url, name)) => {
                if start_url::check(url).is_err() {
                    return Err(UsageError::InvalidSessionUrl(value.clone(), url.into()));
                }
                if !names::is_valid(name) {
                    return Err(UsageError::InvalidSessionName(name.into()));
                }
                plan.session_names.push((url.into(), name.into()));
            }
            None => {
                if !names::is_valid(&value) {
                    return Err(UsageError::InvalidSessionName(value));
                }
                if plan.session_name.replace(value).is_some() {
                    return Err(UsageError::SeveralSessionNames);
                }
            }
        }
    }
    if plan.session_name.is_some() && !plan.session_names.is_empty() {
        return Err(UsageError::SeveralSessionNames);
    }
    Ok(Options {
        inputs,
        mode,
        quiet: cli.quiet,
        format: cli.format,
        color: cli.color,
        plan,
        tokens,
    })
}

/// `$AWS_CONFIG_FILE` (with `~` expanded, as botocore does), else `$HOME/.aws/config`.
fn default_config(env: &impl Fn(&str) -> Option<OsString>) -> Result<PathBuf, UsageError> {
    let home = env("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    if let Some(file) = env("AWS_CONFIG_FILE").filter(|f| !f.is_empty()) {
        let file = PathBuf::from(file);
        if let (Ok(rest), Some(home)) = (file.strip_prefix("~"), &home) {
            return Ok(home.join(rest));
        }
        return Ok(file);
    }
    home.map(|h| h.join(".aws").join("config"))
        .ok_or(UsageError::NoDefaultFile)
}

/// The AWS CLI's rule for `sso_registration_scopes`: comma-separated, no whitespace inside a
/// scope, at least one scope.
fn valid_scopes(s: &str) -> bool {
    let scopes: Vec<&str> = s
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    !scopes.is_empty()
        && scopes.iter().all(|x| !x.chars().any(char::is_whitespace))
        && !s.contains(['\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(args: &[&str], env: &[(&str, &str)]) -> Result<Options, UsageError> {
        let cli =
            Cli::try_parse_from(std::iter::once("aws-sso-migrate").chain(args.iter().copied()))
                .unwrap();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        resolve(cli, move |k| {
            env.iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn default_file_comes_from_the_environment() {
        let o = opts(&[], &[("HOME", "/h"), ("AWS_CONFIG_FILE", "~/cfg")]).unwrap();
        assert_eq!(o.inputs, [Input::Path("/h/cfg".into())]);
        let o = opts(&[], &[("HOME", "/h")]).unwrap();
        assert_eq!(o.inputs, [Input::Path("/h/.aws/config".into())]);
        assert!(matches!(opts(&[], &[]), Err(UsageError::NoDefaultFile)));
        let o = opts(&["-"], &[]).unwrap();
        assert_eq!(o.inputs, [Input::Stdin]);
    }

    #[test]
    fn session_names_are_validated() {
        let o = opts(
            &["--session-name", "https://x.awsapps.com/start=corp", "f"],
            &[],
        )
        .unwrap();
        assert_eq!(o.plan.session_names[0].1, "corp");
        assert!(matches!(
            opts(&["--session-name", "a b", "f"], &[]),
            Err(UsageError::InvalidSessionName(_))
        ));
        assert!(matches!(
            opts(&["--session-name", "a", "--session-name", "b", "f"], &[]),
            Err(UsageError::SeveralSessionNames)
        ));
        assert!(matches!(
            opts(&["--session-name", "http://x=a", "f"], &[]),
            Err(UsageError::InvalidSessionUrl(..))
        ));
    }

    #[test]
    fn scopes() {
        assert_eq!(
            opts(&["f"], &[]).unwrap().plan.scopes.as_deref(),
            Some("sso:account:access")
        );
        assert_eq!(opts(&["--no-scopes", "f"], &[]).unwrap().plan.scopes, None);
        assert!(opts(&["--scopes", "a b", "f"], &[]).is_err());
        assert!(opts(&["--scopes", "a, b", "f"], &[]).is_ok());
        assert!(opts(&["--scopes", ",", "f"], &[]).is_err());
    }

    #[test]
    fn modes() {
        assert_eq!(
            opts(&["f"], &[]).unwrap().mode,
            Mode::DryRun { check: false }
        );
        assert_eq!(
            opts(&["--write", "--no-backup", "f"], &[]).unwrap().mode,
            Mode::Write { backup: false }
        );
        assert_eq!(opts(&["--restore", "f"], &[]).unwrap().mode, Mode::Restore);
        assert!(matches!(
            opts(&["--write", "-"], &[]),
            Err(UsageError::StdinInPlace("--write"))
        ));
        assert!(Cli::try_parse_from(["x", "--write", "--check"]).is_err());
        assert!(Cli::try_parse_from(["x", "--no-backup"]).is_err());
        assert!(Cli::try_parse_from(["x", "--write", "--restore"]).is_err());
    }

    #[test]
    fn token_options() {
        let env = [("HOME", "/h"), ("AWS_CONFIG_FILE", "/h/cfg")];
        let o = opts(&["--carry-tokens"], &env).unwrap();
        assert!(o.tokens.carry && !o.tokens.report);
        assert_eq!(o.tokens.home, Some("/h".into()));
        // The default config is remembered, so its token cache is `$HOME`'s.
        assert_eq!(o.tokens.default_config, Some("/h/cfg".into()));
        let o = opts(&["--tokens", "/h/cfg"], &env).unwrap();
        assert!(o.tokens.report);
        assert_eq!(o.tokens.default_config, None);
        assert!(opts(&["--tokens", "--format", "json", "f"], &[]).is_ok());
        assert!(matches!(
            opts(&["--format", "json", "f"], &[]),
            Err(UsageError::FormatNeedsTokens("json"))
        ));
        assert!(matches!(
            opts(&["--tokens", "--format", "config", "f"], &[]),
            Err(UsageError::FormatNotWithTokens("config"))
        ));
        assert!(Cli::try_parse_from(["x", "--tokens", "--write"]).is_err());
        assert!(Cli::try_parse_from(["x", "--carry-tokens", "--restore"]).is_err());
        assert!(Cli::try_parse_from(["x", "--carry-tokens", "--write"]).is_ok());
    }

    #[test]
    fn config_format_needs_one_file() {
        assert!(matches!(
            opts(&["--format", "config", "a", "b"], &[]),
            Err(UsageError::ConfigFormatNeedsOneFile(2))
        ));
    }
}
