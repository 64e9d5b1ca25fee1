//! The errors at each boundary of the tool, composed here. Messages are lower-case, put user
//! values in backticks, and say what to do where there is something to do.

use std::io;
use std::path::PathBuf;

use crate::aws::Problem;
use crate::plan::PlanError;

/// A command line that cannot work. Exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error(
        "invalid session name `{0}`: use only letters, digits, `_`, `.` and `-`, not starting with `-`"
    )]
    InvalidSessionName(String),
    #[error("`--session-name {0}`: `{1}` is not an https start URL")]
    InvalidSessionUrl(String, String),
    #[error(
        "--session-name NAME can be given once; for several portals use --session-name URL=NAME"
    )]
    SeveralSessionNames,
    #[error("invalid --scopes `{0}`: give comma-separated scopes without spaces inside a scope")]
    InvalidScopes(String),
    #[error("--format config prints one whole file, but {0} files were given")]
    ConfigFormatNeedsOneFile(usize),
    #[error("no config file given, and neither AWS_CONFIG_FILE nor HOME is set")]
    NoDefaultFile,
    #[error("{0} needs a file: standard input cannot be rewritten in place")]
    StdinInPlace(&'static str),
    #[error("--format {0} is only available with --tokens")]
    FormatNeedsTokens(&'static str),
    #[error("--tokens prints a table or JSON, not --format {0}")]
    FormatNotWithTokens(&'static str),
}

/// Why one file was not processed. Exit code 2; the file is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read `{path}`: {source}")]
    Read { path: String, source: io::Error },
    #[error("`{path}` is not migrated: the AWS CLI cannot read it, or its meaning is ambiguous")]
    Unreadable {
        path: String,
        problems: Vec<Problem>,
    },
    #[error("`{path}`: {source}")]
    Plan { path: String, source: PlanError },
    #[error(
        "internal error on `{path}`: {detail}; nothing was changed. This is a bug, please report it"
    )]
    Internal { path: String, detail: String },
    #[error("{what} `{path}`: {source}; the file was left as it was")]
    Write {
        path: String,
        what: &'static str,
        source: io::Error,
    },
    #[error(
        "`{path}` changed while it was being migrated (another editor, or `aws configure` \
         running?); it was left as it is, run again"
    )]
    Changed { path: String },
    #[error("`{path}` is read-only (mode {mode:o}); make it writable to migrate it")]
    ReadOnly { path: String, mode: u32 },
    #[error("no backup of `{path}` made by aws-sso-migrate (`.bak` or `.bak.N` next to it)")]
    NoBackup { path: String },
    /// Writing our own output failed (a closed pipe, a full disk under stdout).
    #[error("cannot write output: {source}")]
    Output { source: io::Error },
}

impl FileError {
    /// Extra lines that explain the error, each naming the file and line; a file with many
    /// problems (binary data, say) shows the first few and counts the rest.
    pub fn details(&self) -> Vec<String> {
        const SHOWN: usize = 10;
        match self {
            FileError::Unreadable { path, problems } => {
                let mut lines: Vec<String> = problems
                    .iter()
                    .take(SHOWN)
                    .map(|p| format!("{path}:{}: {}", p.line, p.message))
                    .collect();
                if problems.len() > SHOWN {
                    lines.push(format!(
                        "{path}: and {} more problems",
                        problems.len() - SHOWN
                    ));
                }
                lines
            }
            _ => Vec::new(),
        }
    }
}

/// Where a file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Path(PathBuf),
}

impl Input {
    /// How the file is named in messages and diff headers: the path as given, or `<stdin>`.
    pub fn label(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::Path(p) => p.display().to_string(),
        }
    }
}
