//! The command line: clap's derive struct (its doc comments are the `--help` text), resolved
//! into plain [`Options`] that the rest of the tool uses. Clap types stop here.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::{CommandFactory, Parser, ValueEnum};

use crate::aws::names;
use crate::aws::url as start_url;
use crate::emit::{OutputFormat, RunKind};
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
    after_help = "Exit status: 0 done (or nothing to do), 1 --check found pending changes (or \
                  --doctor found problems), 2 error.\n\
                  Run with --help for examples.",
    after_long_help = EXAMPLES
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

    /// Put back this backup of FILE (a path, or a name next to FILE) instead of the newest.
    #[arg(long, value_name = "BACKUP", conflicts_with_all = ["write", "check"])]
    pub restore_from: Option<PathBuf>,

    /// With --restore: list the backups with their times, and put nothing back.
    #[arg(long, requires = "restore", conflicts_with = "restore_from")]
    pub list: bool,

    /// Replace a file that has several hard links: this name gets the new content, the other
    /// names keep the old one (without it such a file is refused).
    #[arg(long)]
    pub break_hard_links: bool,

    /// Refuse files larger than SIZE bytes (suffixes K, M, G: powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub max_size: u64,

    /// Print no diff and no summary; errors are still printed.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// With several files: the full summary of each file instead of one line per file.
    #[arg(short, long)]
    pub verbose: bool,

    /// What to print on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Diff, value_name = "FORMAT")]
    pub format: FormatArg,

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
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// Diagnose the files instead of migrating them (read-only).
    ///
    /// Every finding with its line, a code, a severity, the AWS readers that fail on it and the
    /// fix. Exit 0 healthy, 1 errors or warnings, 2 unreadable. With --format json:
    /// files[].findings[].
    #[arg(
        long,
        conflicts_with_all = ["write", "restore", "restore_from", "check", "list", "profiles", "session_name", "carry_tokens"]
    )]
    pub doctor: bool,

    /// Print a man page or a shell completion script on stdout, and exit.
    #[arg(long, value_enum, value_name = "WHAT", exclusive = true)]
    pub generate: Option<Generate>,

    /// Copy each new session's still-valid cached legacy SSO token to the session's cache file,
    /// so nobody has to log in right away. Writes only with --write (after the config is
    /// written); a dry run says what it would carry.
    #[arg(long, conflicts_with_all = ["restore", "tokens"])]
    pub carry_tokens: bool,

    /// Show the cached SSO token of every sso-session and legacy start URL (read-only): expiry,
    /// minutes left, whether it refreshes, and the login command when one is needed.
    #[arg(long, conflicts_with_all = ["write", "restore", "restore_from", "list", "check", "doctor"])]
    pub tokens: bool,
}

/// Shown at the end of `--help` (not `-h`).
const EXAMPLES: &str = "\
Examples:
  Review the change to ~/.aws/config (a diff on stdout, a summary on stderr):
      aws-sso-migrate

  Write it, keeping a backup next to the file:
      aws-sso-migrate --write

  Undo that write:
      aws-sso-migrate --restore

  Check every user's file as root (exit 1 if any would change):
      aws-sso-migrate --check --quiet /home/*/.aws/config

  The plan as JSON, for a script:
      aws-sso-migrate --format json ~/.aws/config | jq '.files[].sessions'

  See the sessions and profiles the migration produces:
      aws-sso-migrate --format tree

  A check-up of any config, changing nothing (exit 1 if it finds problems):
      aws-sso-migrate --doctor

Exit status: 0 done (or nothing to do), 1 --check found pending changes (or --doctor found
problems), 2 error.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A unified diff from the file to its migrated form (for review, or for `patch`).
    Diff,
    /// The whole migrated file (one FILE only).
    Config,
    /// The plan as one JSON document for the whole run (for scripts).
    Json,
    /// The sessions and profiles after the migration, as a tree.
    Tree,
    /// The same structure as a Mermaid flowchart (renders on GitHub).
    Mermaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when the output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// What `--generate` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generate {
    /// A man page (roff), for `man -l` or a `man1` directory.
    Man,
    CompleteBash,
    CompleteZsh,
    CompleteFish,
    CompletePowershell,
    CompleteElvish,
}

/// When to colour output, resolved from `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set (or when `CLICOLOR_FORCE` is).
    Auto,
    Always,
    Never,
}

impl From<ColorArg> for ColorWhen {
    fn from(c: ColorArg) -> ColorWhen {
        match c {
            ColorArg::Auto => ColorWhen::Auto,
            ColorArg::Always => ColorWhen::Always,
            ColorArg::Never => ColorWhen::Never,
        }
    }
}

/// Writes what `--generate` asks for.
pub fn generate(what: Generate, out: &mut dyn Write) -> io::Result<()> {
    use clap_complete::Shell;
    let mut cmd = Cli::command();
    let shell = match what {
        Generate::Man => return clap_mangen::Man::new(cmd).render(out),
        Generate::CompleteBash => Shell::Bash,
        Generate::CompleteZsh => Shell::Zsh,
        Generate::CompleteFish => Shell::Fish,
        Generate::CompletePowershell => Shell::PowerShell,
        Generate::CompleteElvish => Shell::Elvish,
    };
    clap_complete::generate(shell, &mut cmd, "aws-sso-migrate", out);
    Ok(())
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
    /// Diagnose; change nothing.
    Doctor,
}

/// What to do, resolved from the command line and the environment.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<Input>,
    /// No FILE was given: the one input is the default config, which may be absent.
    pub default_input: bool,
    pub mode: Mode,
    pub quiet: bool,
    pub verbose: bool,
    pub format: OutputFormat,
    pub color: ColorWhen,
    pub plan: PlanOptions,
    /// The options a dry run repeats in the command that applies it (the plan's, and what the
    /// write would need: `--carry-tokens`, `--break-hard-links`, `--max-size`).
    pub plan_args: Vec<String>,
    /// The largest input read, in bytes.
    pub max_size: u64,
    /// Split hard links rather than refuse such a file.
    pub break_hard_links: bool,
    /// With [`Mode::Restore`]: the backup to put back (else the newest).
    pub restore_from: Option<PathBuf>,
    /// With [`Mode::Restore`]: list the backups instead.
    pub list_backups: bool,
    /// `--carry-tokens` and `--tokens`.
    pub tokens: TokenOptions,
    /// `$AWS_SHARED_CREDENTIALS_FILE`, if set: the credentials file of the environment.
    pub shared_credentials_file: Option<PathBuf>,
}

impl Options {
    pub fn run_kind(&self) -> RunKind {
        match self.mode {
            Mode::DryRun { .. } => RunKind::DryRun,
            Mode::Write { .. } => RunKind::Write,
            Mode::Restore => RunKind::Restore,
            Mode::Doctor => RunKind::DryRun,
        }
    }
}

/// Resolves `cli` into [`Options`]. `env` looks up environment variables.
pub fn resolve(cli: Cli, env: impl Fn(&str) -> Option<OsString>) -> Result<Options, UsageError> {
    let default_input = cli.files.is_empty();
    let inputs = if cli.files.is_empty() {
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
        default_config: match (default_input, inputs.first()) {
            (true, Some(Input::Path(p))) => Some(p.clone()),
            _ => None,
        },
    };
    if cli.tokens {
        // The token report is a table, or the same data as JSON.
        match cli.format {
            FormatArg::Diff | FormatArg::Json => {}
            FormatArg::Config => return Err(UsageError::FormatNotWithTokens("config")),
            FormatArg::Tree => return Err(UsageError::FormatNotWithTokens("tree")),
            FormatArg::Mermaid => return Err(UsageError::FormatNotWithTokens("mermaid")),
        }
    }
    // A restore puts back a file: there is no plan to show as a file, a tree or a graph.
    if cli.restore || cli.restore_from.is_some() {
        match cli.format {
            FormatArg::Diff | FormatArg::Json => {}
            FormatArg::Config => return Err(UsageError::FormatNotWithRestore("config")),
            FormatArg::Tree => return Err(UsageError::FormatNotWithRestore("tree")),
            FormatArg::Mermaid => return Err(UsageError::FormatNotWithRestore("mermaid")),
        }
    }
    if cli.format == FormatArg::Config && inputs.len() != 1 {
        return Err(UsageError::ConfigFormatNeedsOneFile(inputs.len()));
    }
    if cli.doctor && !matches!(cli.format, FormatArg::Diff | FormatArg::Json) {
        return Err(UsageError::DoctorFormat);
    }
    let mode = if cli.doctor {
        Mode::Doctor
    } else if cli.write {
        Mode::Write {
            backup: !cli.no_backup,
        }
    } else if cli.restore || cli.restore_from.is_some() {
        Mode::Restore
    } else {
        Mode::DryRun { check: cli.check }
    };
    if inputs.contains(&Input::Stdin) {
        match mode {
            Mode::Write { .. } => return Err(UsageError::StdinInPlace("--write")),
            Mode::Restore => return Err(UsageError::StdinInPlace("--restore")),
            Mode::DryRun { .. } | Mode::Doctor => {}
        }
    }
    if cli.restore_from.is_some() && inputs.len() != 1 {
        return Err(UsageError::RestoreFromNeedsOneFile(inputs.len()));
    }
    // Before any other check, whose message would show the value.
    if !cli.no_scopes {
        printable("--scopes", &cli.scopes)?;
    }
    for value in &cli.session_name {
        printable("--session-name", value)?;
    }
    let mut plan_args = Vec::new();
    for p in &cli.profiles {
        plan_args.extend(["--profile".to_string(), p.clone()]);
    }
    for n in &cli.session_name {
        plan_args.extend(["--session-name".to_string(), n.clone()]);
    }
    if cli.no_scopes {
        plan_args.push("--no-scopes".into());
    } else if cli.scopes != DEFAULT_SCOPES {
        plan_args.extend(["--scopes".to_string(), cli.scopes.clone()]);
    }
    // What else a write would need to do exactly what the dry run said.
    if cli.carry_tokens {
        plan_args.push("--carry-tokens".into());
    }
    if cli.break_hard_links {
        plan_args.push("--break-hard-links".into());
    }
    if cli.max_size != crate::fsio::DEFAULT_MAX_SIZE {
        plan_args.extend(["--max-size".to_string(), cli.max_size.to_string()]);
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
        default_input,
        mode,
        quiet: cli.quiet,
        verbose: cli.verbose,
        format: match cli.format {
            FormatArg::Diff => OutputFormat::Diff,
            FormatArg::Config => OutputFormat::Config,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Tree => OutputFormat::Tree,
            FormatArg::Mermaid => OutputFormat::Mermaid,
        },
        color: cli.color.into(),
        plan,
        plan_args,
        max_size: cli.max_size,
        break_hard_links: cli.break_hard_links,
        restore_from: cli.restore_from,
        list_backups: cli.list,
        tokens,
        shared_credentials_file: env("AWS_SHARED_CREDENTIALS_FILE")
            .filter(|f| !f.is_empty())
            .map(PathBuf::from),
    })
}

/// Refuses a value holding a control character, whitespace other than a space, or an
/// invisible formatting character: it would be written into the config or printed in a hint.
fn printable(flag: &'static str, value: &str) -> Result<(), UsageError> {
    match value.chars().find(|&c| crate::emit::text::needs_escape(c)) {
        Some(found) => Err(UsageError::Unprintable { flag, found }),
        None => Ok(()),
    }
}

/// `SIZE` for --max-size: bytes, or a number with `K`, `M` or `G` (powers of 1024; `KiB`, `MB`
/// and the like are read the same).
fn parse_size(s: &str) -> Result<u64, String> {
    let lower = s.trim().to_ascii_lowercase();
    let digits_end = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (digits, unit) = lower.split_at(digits_end);
    let shift = match unit.trim_end_matches("ib").trim_end_matches('b') {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        _ => {
            return Err(format!(
                "`{s}` is not a size: use bytes or a number with K, M or G"
            ));
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size: use bytes or a number with K, M or G"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{s}` is too large"))
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
    !scopes.is_empty() && scopes.iter().all(|x| !x.chars().any(char::is_whitespace))
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
    fn unprintable_values_are_refused_without_echoing_them() {
        for (flag, value) in [
            ("--scopes", "sso:account:access\u{1d}"),
            ("--scopes", "a,\tb"),
            ("--scopes", "a\u{a0}b"),
            ("--scopes", "a\u{202e}b"),
            ("--session-name", "corp\u{1b}[31m"),
            ("--session-name", "https://x.awsapps.com/start\n=corp"),
        ] {
            match opts(&[flag, value, "f"], &[]) {
                Err(e @ UsageError::Unprintable { .. }) => {
                    assert!(!e.to_string().contains(value), "{e}");
                }
                other => panic!("{flag} {value:?}: {other:?}"),
            }
        }
        assert!(opts(&["--scopes", "a, b", "f"], &[]).is_ok());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("1K"), Ok(1024));
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("3mb"), Ok(3 << 20));
        assert!(parse_size("1T").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999999G").is_err());
        assert_eq!(
            opts(&["f"], &[]).unwrap().max_size,
            crate::fsio::DEFAULT_MAX_SIZE
        );
    }

    #[test]
    fn restore_options() {
        let o = opts(&["--restore-from", "config.x.bak", "f"], &[]).unwrap();
        assert_eq!(o.mode, Mode::Restore);
        assert_eq!(
            o.restore_from.as_deref(),
            Some(std::path::Path::new("config.x.bak"))
        );
        assert!(matches!(
            opts(&["--restore-from", "b", "f", "g"], &[]),
            Err(UsageError::RestoreFromNeedsOneFile(2))
        ));
        assert!(
            opts(&["--restore", "--list", "f"], &[])
                .unwrap()
                .list_backups
        );
        assert!(Cli::try_parse_from(["x", "--list"]).is_err());
        assert!(Cli::try_parse_from(["x", "--write", "--restore-from", "b"]).is_err());
    }

    #[test]
    fn token_options() {
        let env = [("HOME", "/h"), ("AWS_CONFIG_FILE", "/h/cfg")];
        let o = opts(&["--carry-tokens"], &env).unwrap();
        assert!(o.tokens.carry && !o.tokens.report);
        assert_eq!(o.tokens.home, Some("/h".into()));
        // The default config is remembered, so its token cache is `$HOME`'s.
        assert_eq!(o.tokens.default_config, Some("/h/cfg".into()));
        assert_eq!(o.shared_credentials_file, None);
        let with = [("HOME", "/h"), ("AWS_SHARED_CREDENTIALS_FILE", "/h/creds")];
        let o = opts(&[], &with).unwrap();
        assert_eq!(o.shared_credentials_file, Some("/h/creds".into()));
        let empty = [("HOME", "/h"), ("AWS_SHARED_CREDENTIALS_FILE", "")];
        assert_eq!(opts(&[], &empty).unwrap().shared_credentials_file, None);
        let o = opts(&["--tokens", "/h/cfg"], &env).unwrap();
        assert!(o.tokens.report);
        assert_eq!(o.tokens.default_config, None);
        assert!(opts(&["--tokens", "--format", "json", "f"], &[]).is_ok());
        assert!(matches!(
            opts(&["--tokens", "--format", "config", "f"], &[]),
            Err(UsageError::FormatNotWithTokens("config"))
        ));
        assert!(Cli::try_parse_from(["x", "--tokens", "--write"]).is_err());
        assert!(Cli::try_parse_from(["x", "--tokens", "--doctor"]).is_err());
        assert!(matches!(
            opts(&["--restore", "--list", "--format", "tree", "f"], &[]),
            Err(UsageError::FormatNotWithRestore("tree"))
        ));
        assert!(Cli::try_parse_from(["x", "--tokens", "--restore-from", "b"]).is_err());
        assert!(Cli::try_parse_from(["x", "--doctor", "--profile", "p"]).is_err());
        assert!(Cli::try_parse_from(["x", "--doctor", "--carry-tokens"]).is_err());
        assert!(Cli::try_parse_from(["x", "--carry-tokens", "--restore"]).is_err());
        assert!(Cli::try_parse_from(["x", "--carry-tokens", "--write"]).is_ok());
    }

    #[test]
    fn doctor_takes_text_or_json() {
        assert_eq!(opts(&["--doctor", "f"], &[]).unwrap().mode, Mode::Doctor);
        assert!(opts(&["--doctor", "--format", "json", "f"], &[]).is_ok());
        assert!(matches!(
            opts(&["--doctor", "--format", "tree", "f"], &[]),
            Err(UsageError::DoctorFormat)
        ));
        assert!(Cli::try_parse_from(["x", "--doctor", "--write"]).is_err());
    }

    #[test]
    fn config_format_needs_one_file() {
        assert!(matches!(
            opts(&["--format", "config", "a", "b"], &[]),
            Err(UsageError::ConfigFormatNeedsOneFile(2))
        ));
    }
}
