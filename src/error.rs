//! The errors at each boundary of the tool, composed here. Messages are lower-case, put user
//! values in backticks, and say what to do where there is something to do.

use std::io;
use std::path::PathBuf;

use crate::aws::Problem;
use crate::aws::problem::ProblemSites;
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
    /// A value that would be written into the config or printed in a hint holds a control,
    /// invisible or non-space whitespace character. The value itself is not echoed.
    #[error(
        "`{flag}` holds the character U+{:04X}, which is not printable; use only printable \
         characters",
        u32::from(*.found)
    )]
    Unprintable { flag: &'static str, found: char },
    #[error("--restore-from restores one file, but {0} files were given")]
    RestoreFromNeedsOneFile(usize),
    #[error("--tokens prints a table or JSON, not --format {0}")]
    FormatNotWithTokens(&'static str),
    #[error("--restore reports in text or JSON, not --format {0}")]
    FormatNotWithRestore(&'static str),
    #[error("--doctor prints text or, with --format json, JSON")]
    DoctorFormat,
}

/// Why one file was not processed. Exit code 2; the file is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read `{path}`: {source}")]
    Read { path: String, source: io::Error },
    /// Worded by `emit::text::file_error` from [`FileError::refusal`].
    #[error("`{path}` is not migrated: it was refused")]
    Unreadable {
        path: String,
        problems: Vec<Problem>,
        /// Where the problems are, to show them.
        sites: ProblemSites,
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
    #[error(
        "no backup of `{path}` made by aws-sso-migrate (`NAME.aws-sso-migrate-TIME.bak` next to \
         it){}",
        legacy_note(.legacy)
    )]
    NoBackup { path: String, legacy: Vec<String> },
    /// FILE (or a backup) is a directory, a FIFO, a device…: refused before any byte is read, so
    /// nothing can block or fill memory.
    #[error("cannot read `{path}`: it is {kind}, not a regular file; nothing was read")]
    NotRegular { path: String, kind: FileKind },
    #[error("`{path}` is larger than {limit} bytes (--max-size); nothing was read or changed")]
    TooLarge { path: String, limit: u64 },
    #[error(
        "`{path}` belongs to user {owner}; only its owner or root may rewrite it; the file was \
         left as it was"
    )]
    NotOwner { path: String, owner: u32 },
    #[error(
        "`{path}` has {links} hard links: replacing it would leave the other names with the old \
         content; the file was left as it was (--break-hard-links replaces it anyway)"
    )]
    HardLinked { path: String, links: u64 },
    /// An extended attribute of the config (its ACL, its label) that a file made in its place
    /// could not be given, or (`attribute` `None`) the config's attributes could not be read.
    #[error(
        "cannot carry the extended {} of `{path}` over to {to}: {source}; the file was left as \
         it was{}",
        attribute_words(.attribute),
        if .attribute.is_some() {
            "; a user who may set that attribute (root, for most) can migrate it"
        } else {
            ""
        }
    )]
    AttributeNotKept {
        path: String,
        /// `its backup` or `the new file`.
        to: &'static str,
        attribute: Option<String>,
        source: io::Error,
    },
    /// A failure after the new content took the file's place: the message must not say the file
    /// was left as it was.
    #[error(
        "`{path}` was replaced with the new content, but {what} failed: {source}{}",
        backup_note(.backup)
    )]
    Replaced {
        path: String,
        what: &'static str,
        backup: Option<PathBuf>,
        source: io::Error,
    },
    /// The file changed in the instant between the two halves of the final exchange: both
    /// versions are kept.
    #[error(
        "`{path}` changed twice while it was being replaced; one version is in place and \
         the other one is kept as `{}`",
        .kept.display()
    )]
    ChangedTwice { path: String, kept: PathBuf },
    #[error("refusing to restore from `{backup}`: it is {reason}; nothing was changed")]
    BackupRefused {
        backup: String,
        reason: BackupRefusal,
    },
    #[error(
        "`{backup}` is not a backup of `{path}` made by aws-sso-migrate; nothing was changed{}",
        existing_note(.existing)
    )]
    NotABackup {
        path: String,
        backup: String,
        existing: Vec<String>,
    },
}

/// Why a file was refused as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// botocore (the AWS CLI) cannot read it.
    AwsCliCannotRead,
    /// botocore reads it, but the other AWS SDKs read it differently.
    SdksDisagree,
    /// The SDKs disagree only about sections the migration would have to change.
    SdksDisagreeWhereItWouldChange,
}

impl FileError {
    /// For a refused file, which kind of refusal it is.
    pub fn refusal(&self) -> Option<Refusal> {
        let FileError::Unreadable { problems, .. } = self else {
            return None;
        };
        Some(if problems.iter().any(|p| p.botocore_refuses()) {
            Refusal::AwsCliCannotRead
        } else if problems.iter().all(crate::plan::ambiguity::is_confined) {
            Refusal::SdksDisagreeWhereItWouldChange
        } else {
            Refusal::SdksDisagree
        })
    }

    /// The stable identifier of this kind of failure (`error[KIND]` in text, `error.kind` in
    /// JSON). A refused file is `unreadable` when the AWS CLI cannot read it, `ambiguous` when it
    /// can but the AWS SDKs read it differently.
    pub fn kind(&self) -> &'static str {
        match self {
            FileError::Read { .. } => "read",
            FileError::Unreadable { .. } => match self.refusal() {
                Some(Refusal::AwsCliCannotRead) => "unreadable",
                _ => "ambiguous",
            },
            FileError::Plan { source, .. } => match source {
                PlanError::UnknownProfile(_) => "unknown_profile",
                PlanError::AmbiguousSessionName { .. } => "ambiguous_session_name",
                PlanError::SessionNameTaken { .. } => "session_name_taken",
            },
            FileError::Internal { .. } => "internal",
            FileError::Write { .. } => "write",
            FileError::Changed { .. } => "changed_underneath",
            FileError::ReadOnly { .. } => "read_only",
            FileError::NoBackup { .. } => "no_backup",
            FileError::NotRegular { .. } => "not_regular",
            FileError::TooLarge { .. } => "too_large",
            FileError::NotOwner { .. } => "not_owner",
            FileError::HardLinked { .. } => "hard_linked",
            FileError::AttributeNotKept { .. } => "attribute_not_kept",
            FileError::Replaced { .. } => "replaced_but_failed",
            FileError::ChangedTwice { .. } => "changed_twice",
            FileError::BackupRefused { .. } => "backup_refused",
            FileError::NotABackup { .. } => "not_a_backup",
        }
    }

    /// Every kind, for documentation and tests.
    pub const KINDS: [&'static str; 20] = [
        "read",
        "unreadable",
        "ambiguous",
        "unknown_profile",
        "ambiguous_session_name",
        "session_name_taken",
        "internal",
        "write",
        "changed_underneath",
        "read_only",
        "no_backup",
        "not_regular",
        "too_large",
        "not_owner",
        "hard_linked",
        "attribute_not_kept",
        "replaced_but_failed",
        "changed_twice",
        "backup_refused",
        "not_a_backup",
    ];
}

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Symlink,
    Other,
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Symlink => "a symbolic link",
            FileKind::Other => "not a regular file",
        })
    }
}

/// Why a backup is not put back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupRefusal {
    /// Not a regular file (a symlink is never followed).
    Kind(FileKind),
    /// Owned by someone other than the config's owner.
    Owner {
        owner: u32,
        expected: u32,
    },
    TooLarge {
        limit: u64,
    },
}

impl std::fmt::Display for BackupRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupRefusal::Kind(k) => write!(f, "{k}"),
            BackupRefusal::Owner { owner, expected } => write!(
                f,
                "owned by user {owner}, not by the config's owner (user {expected})"
            ),
            BackupRefusal::TooLarge { limit } => {
                write!(f, "larger than {limit} bytes (--max-size)")
            }
        }
    }
}

fn legacy_note(legacy: &[String]) -> String {
    if legacy.is_empty() {
        return String::new();
    }
    format!(
        "; {} from an earlier version or made by hand, not restored automatically (copy it \
         back yourself if it is the one you want)",
        quoted_list(legacy)
    )
}

fn existing_note(existing: &[String]) -> String {
    if existing.is_empty() {
        "; it has no backups".to_string()
    } else {
        format!("; its backups: {}", quoted_list(existing))
    }
}

fn backup_note(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(b) => format!("; the original is saved as `{}`", b.display()),
        None => "; no backup was kept (--no-backup)".to_string(),
    }
}

fn attribute_words(attribute: &Option<String>) -> String {
    match attribute {
        Some(name) => format!("attribute `{name}`"),
        None => "attributes".to_string(),
    }
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
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
