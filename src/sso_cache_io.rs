//! The disk edge of the SSO token cache: where a config's cache is, reading cache files safely,
//! writing a carried session token without ever replacing one, and the two flows that use them
//! (carrying tokens after a migration, and the `--tokens` report). Decisions are made by the
//! pure [`crate::sso_cache`]; this module only reads, writes and reports what happened.
//!
//! Where the cache is (also in the README, "After migrating"):
//! - the default config (`$AWS_CONFIG_FILE`, else `~/.aws/config`) and standard input use
//!   `$HOME/.aws/sso/cache`, the directory botocore and the SDKs use for the same environment;
//! - a config named on the command line inside a directory called `.aws` uses the `sso/cache`
//!   directory beside it (`/home/alice/.aws/config` -> `/home/alice/.aws/sso/cache`), so root
//!   migrating another user's config finds that user's tokens;
//! - any other named config uses `$HOME/.aws/sso/cache` when it has the same owner as `$HOME`
//!   (someone pointing `AWS_CONFIG_FILE` at a file of their own); otherwise the cache is unknown
//!   and nothing is carried or looked up.
//!
//! The same rule gives the shared credentials file read with a config
//! ([`crate::credentials_file`]), through [`aws_dir`].
//!
//! The disk discipline is [`fsio::UserDir`]'s: the cache directory is held open and must belong
//! to the config's owner; a cache file is read only if it is that user's own regular file of at
//! most [`MAX_FILE_SIZE`] bytes, opened without following a link or blocking; every problem
//! becomes a typed state and never fails the run. A carried token is written to a temp file,
//! mode 0600 with the config's owner and group, fsynced, then linked into place only if no file
//! of that name exists (a newer login wins), and the directory fsynced.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::aws::Config;
use crate::cli::{Mode, Options};
use crate::credentials_file;
use crate::doc::Document;
use crate::emit;
use crate::emit::OutputFormat;
use crate::error::{FileError, Input};
use crate::fsio::{self, UserDir, UserRead};
use crate::plan::Plan;
use crate::sso_cache::{
    self, CacheRead, CarryDecision, CarryOutcome, CarrySkip, MAX_FILE_SIZE, ReadProblem,
    SessionCarry, TokenRow,
};

/// Token settings resolved from the command line and the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenOptions {
    /// `--carry-tokens`.
    pub carry: bool,
    /// `--tokens`: print the token report instead of migrating.
    pub report: bool,
    /// `$HOME`, if set.
    pub home: Option<PathBuf>,
    /// The config used when no FILE is given (`$AWS_CONFIG_FILE` or `~/.aws/config`), when
    /// that is what the inputs are.
    pub default_config: Option<PathBuf>,
}

/// Whose AWS files go with a config: those of the environment (`$HOME`'s, where botocore and
/// the SDKs run by this user look), or those in the `.aws` directory the config is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsDir {
    Environment,
    Beside(PathBuf),
}

/// Where the AWS files that go with `input` are (see the module docs for the rule), or `None`
/// when that is unknown.
pub fn aws_dir(input: &Input, opts: &TokenOptions) -> Option<AwsDir> {
    let path = match input {
        Input::Stdin => return Some(AwsDir::Environment),
        Input::Path(p) if opts.default_config.as_deref() == Some(p.as_path()) => {
            return Some(AwsDir::Environment);
        }
        Input::Path(p) => std::path::absolute(p).ok()?,
    };
    // The path as given, not its symlink target: `~/.aws/config` may link into a dotfiles repo.
    if let Some(dir) = path.parent()
        && dir.file_name().is_some_and(|n| n == ".aws")
    {
        return Some(AwsDir::Beside(dir.to_path_buf()));
    }
    let home = opts.home.as_ref()?;
    let same_owner = match (fs::metadata(&path), fs::metadata(home)) {
        (Ok(c), Ok(h)) => c.uid() == h.uid(),
        _ => false,
    };
    same_owner.then_some(AwsDir::Environment)
}

/// The token cache directory for `input`, or `None` when it is unknown.
pub fn cache_dir(input: &Input, opts: &TokenOptions) -> Option<PathBuf> {
    let aws = match aws_dir(input, opts)? {
        AwsDir::Environment => opts.home.as_ref()?.join(".aws"),
        AwsDir::Beside(dir) => dir,
    };
    Some(aws.join("sso").join("cache"))
}

/// The clock. Builds with the `test-hooks` feature read a fixed instant from
/// `AWS_SSO_MIGRATE_TEST_NOW` (RFC 3339) so tests can compare exact output; release builds
/// never look at it.
pub fn now() -> Timestamp {
    #[cfg(feature = "test-hooks")]
    if let Some(t) = std::env::var("AWS_SSO_MIGRATE_TEST_NOW")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return t;
    }
    Timestamp::now()
}

/// The token cache of a config, as the rule finds it.
enum TokenCache {
    /// Its directory, opened as its user's.
    Open(PathBuf, UserDir),
    /// Its directory is not there: nobody has logged in as that user (the AWS CLI makes it at
    /// the first login), so every token is missing.
    Absent(PathBuf),
    /// The rule gives no directory, or what is there is not its user's directory (someone
    /// else's, or not a directory): nothing is looked up.
    Unknown,
}

impl TokenCache {
    /// What there is for `identifier` (a session name or start URL).
    fn read(&self, identifier: &str) -> CacheRead {
        match self {
            TokenCache::Open(_, dir) => read_entry(dir, identifier),
            TokenCache::Absent(_) => CacheRead::Missing,
            TokenCache::Unknown => CacheRead::NoCacheDir,
        }
    }

    fn path(&self) -> Option<&Path> {
        match self {
            TokenCache::Open(path, _) | TokenCache::Absent(path) => Some(path),
            TokenCache::Unknown => None,
        }
    }
}

/// The token cache of `input`, opened as its user's directory (the config's owner; for
/// standard input, the home directory's).
fn open_cache(input: &Input, opts: &TokenOptions) -> TokenCache {
    let Some(dir) = cache_dir(input, opts) else {
        return TokenCache::Unknown;
    };
    let owner = match input {
        Input::Path(p) => fs::metadata(p),
        Input::Stdin => match opts.home.as_ref() {
            Some(home) => fs::metadata(home),
            None => return TokenCache::Unknown,
        },
    };
    let Ok(owner) = owner else {
        return TokenCache::Unknown;
    };
    match UserDir::open(&dir, owner.uid(), owner.gid()) {
        Ok(Some(user_dir)) => TokenCache::Open(dir, user_dir),
        _ if fs::symlink_metadata(&dir).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) => {
            TokenCache::Absent(dir)
        }
        _ => TokenCache::Unknown,
    }
}

/// Reads the cache file for `identifier` (a session name or start URL): only the user's own
/// regular file, never through a link, never blocking on a FIFO, at most [`MAX_FILE_SIZE`].
pub fn read_entry(dir: &UserDir, identifier: &str) -> CacheRead {
    let name = sso_cache::cache_file_name(identifier);
    match dir.read(name.as_ref(), MAX_FILE_SIZE) {
        UserRead::Missing => CacheRead::Missing,
        UserRead::Bytes(b) => CacheRead::Bytes(b),
        UserRead::NotAFile(_) => CacheRead::Unreadable(ReadProblem::NotAFile),
        UserRead::NotTheirs => CacheRead::Unreadable(ReadProblem::NotTheirs),
        UserRead::TooLarge => CacheRead::Unreadable(ReadProblem::TooLarge),
        UserRead::Denied => CacheRead::Unreadable(ReadProblem::Denied),
        UserRead::Io(e) => CacheRead::Unreadable(ReadProblem::Io {
            error: e.to_string(),
        }),
    }
}

/// Carries legacy tokens into the sessions of a migrated file. Call it after the config was
/// written (`written`), or in a dry run to say what would be carried. Returns nothing unless
/// `--carry-tokens` was given and the file changes.
pub fn carry_after(opts: &Options, input: &Input, plan: &Plan, written: bool) -> Vec<SessionCarry> {
    let dry_run = matches!(opts.mode, Mode::DryRun { .. });
    if !opts.tokens.carry || !plan.changes_anything() || !(written || dry_run) {
        return Vec::new();
    }
    carry(&opts.tokens, input, plan, written, now())
}

fn carry(
    opts: &TokenOptions,
    input: &Input,
    plan: &Plan,
    write: bool,
    now: Timestamp,
) -> Vec<SessionCarry> {
    let cache = open_cache(input, opts);
    let decisions = sso_cache::plan_carry(plan, |id| cache.read(id), now);
    decisions
        .into_iter()
        .map(|d| {
            let outcome = match d.decision {
                CarryDecision::Skip(reason) => CarryOutcome::NotCarried { reason },
                CarryDecision::Carry {
                    from_start_url,
                    token,
                } => {
                    let expires_at = token.expires_at();
                    let minutes_left = sso_cache::minutes_between(now, expires_at);
                    match (write, &cache) {
                        (false, _) => CarryOutcome::WouldCarry {
                            from_start_url,
                            expires_at,
                            minutes_left,
                        },
                        (true, TokenCache::Open(path, dir)) => {
                            let name = sso_cache::cache_file_name(&d.session);
                            match dir.create_new(name.as_ref(), &token.carried_json()) {
                                Ok(true) => CarryOutcome::Carried {
                                    from_start_url,
                                    expires_at,
                                    minutes_left,
                                },
                                // A newer login wins.
                                Ok(false) => CarryOutcome::NotCarried {
                                    reason: CarrySkip::SessionTokenExists {
                                        state: sso_cache::judge(&read_entry(dir, &d.session), now),
                                    },
                                },
                                Err(e) => CarryOutcome::Failed {
                                    error: format!("cannot write into {}: {e}", path.display()),
                                },
                            }
                        }
                        // No token is read where there is no open cache, so none is carried.
                        (true, TokenCache::Absent(_) | TokenCache::Unknown) => {
                            CarryOutcome::NotCarried {
                                reason: CarrySkip::CacheDirUnknown,
                            }
                        }
                    }
                }
            };
            SessionCarry {
                session: d.session,
                outcome,
            }
        })
        .collect()
}

/// The token state of one config file, for `--tokens`.
#[derive(Debug, Clone, Serialize)]
pub struct FileTokens {
    pub path: String,
    /// The cache directory used, or `None` when it is unknown.
    pub cache_dir: Option<String>,
    pub tokens: Vec<TokenRow>,
}

/// The `--tokens --format json` document.
#[derive(Debug, Serialize)]
struct TokensDocument<'a> {
    version: u32,
    files: &'a [FileTokens],
}

/// Reads the token state of one config file, read with the shared credentials file that goes
/// with it ([`credentials_file::profiles_for`]).
pub fn file_tokens(opts: &Options, input: &Input, now: Timestamp) -> Result<FileTokens, FileError> {
    let bytes = fsio::read(input, opts.max_size)?;
    let credentials = credentials_file::profiles_for(input, opts)?;
    let doc = Document::parse(bytes);
    let cfg = Config::read(&doc);
    let opts = &opts.tokens;
    let cache = open_cache(input, opts);
    let tokens = sso_cache::report_rows(&cfg, &credentials, |id| cache.read(id), now);
    let dir = (cache.path().map(Path::to_path_buf)).or_else(|| cache_dir(input, opts));
    Ok(FileTokens {
        path: input.label(),
        cache_dir: dir.map(|d| d.display().to_string()),
        tokens,
    })
}

/// `--tokens`: prints the token report for every input. Returns whether every file could be
/// read. Read-only: never writes a file.
pub fn report(out: &mut dyn Write, err: &mut dyn Write, opts: &Options) -> io::Result<bool> {
    let now = now();
    // The zone database is read only for the table; the JSON gives UTC times.
    let tz = (opts.format != OutputFormat::Json).then(TimeZone::system);
    let mut files = Vec::new();
    let mut ok = true;
    for input in &opts.inputs {
        // No FILE and no config at the default path: nothing to report, as for a migration.
        if let (true, Input::Path(path)) = (opts.default_input, input)
            && fsio::absent(path)
        {
            if !opts.quiet {
                writeln!(
                    err,
                    "{}: no config file here; nothing to report",
                    emit::text::shown(&input.label())
                )?;
            }
            continue;
        }
        match file_tokens(opts, input, now) {
            Ok(f) => {
                if let Some(tz) = &tz {
                    emit::tokens::table(out, &f, tz)?;
                }
                files.push(f);
            }
            Err(e) => {
                ok = false;
                emit::file_error(err, &e)?;
            }
        }
    }
    if opts.format == OutputFormat::Json {
        write_json(out, &files)?;
    }
    Ok(ok)
}

/// The report as one JSON document: `{"version":1,"files":[{"path","cache_dir","tokens"}]}`.
pub fn write_json(out: &mut dyn Write, files: &[FileTokens]) -> io::Result<()> {
    emit::json::write_document(out, &TokensDocument { version: 1, files })?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(home: &str, default: Option<&str>) -> TokenOptions {
        TokenOptions {
            home: Some(home.into()),
            default_config: default.map(PathBuf::from),
            ..TokenOptions::default()
        }
    }

    #[test]
    fn the_tokens_report_escapes_what_must_not_reach_a_terminal() {
        let files = [FileTokens {
            path: "a\u{7f}\u{202e}b".into(),
            cache_dir: None,
            tokens: Vec::new(),
        }];
        let mut out = Vec::new();
        write_json(&mut out, &files).unwrap();
        let text = std::str::from_utf8(&out).unwrap();
        assert!(text.contains(r#""path": "a\u007f\u202eb""#), "{text}");
        let read: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(read["files"][0]["path"], "a\u{7f}\u{202e}b");
    }

    #[test]
    fn cache_dir_rule() {
        let o = opts("/h", Some("/elsewhere/cfg"));
        assert_eq!(
            cache_dir(&Input::Path("/elsewhere/cfg".into()), &o),
            Some("/h/.aws/sso/cache".into())
        );
        assert_eq!(
            cache_dir(&Input::Stdin, &o),
            Some("/h/.aws/sso/cache".into())
        );
        assert_eq!(
            cache_dir(&Input::Path("/home/alice/.aws/config".into()), &o),
            Some("/home/alice/.aws/sso/cache".into())
        );
        // Not in a `.aws` directory, and no such file to compare owners with: unknown.
        assert_eq!(
            cache_dir(&Input::Path("/nonexistent/x/config".into()), &o),
            None
        );
        assert_eq!(cache_dir(&Input::Stdin, &TokenOptions::default()), None);
    }

    #[test]
    fn reading_never_blocks_follows_links_or_reads_unbounded() {
        let root = tempfile::tempdir().unwrap();
        let me = fs::metadata(root.path()).unwrap();
        let dir = UserDir::open(root.path(), me.uid(), me.gid())
            .unwrap()
            .unwrap();
        let p = |id: &str| root.path().join(sso_cache::cache_file_name(id));
        assert_eq!(read_entry(&dir, "none"), CacheRead::Missing);
        fs::create_dir(p("d")).unwrap();
        let not_a_file = CacheRead::Unreadable(ReadProblem::NotAFile);
        assert_eq!(read_entry(&dir, "d"), not_a_file);
        let status = std::process::Command::new("mkfifo")
            .arg(p("fifo"))
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(read_entry(&dir, "fifo"), not_a_file);
        fs::write(p("big"), vec![b' '; MAX_FILE_SIZE as usize + 1]).unwrap();
        assert_eq!(
            read_entry(&dir, "big"),
            CacheRead::Unreadable(ReadProblem::TooLarge)
        );
        fs::write(p("ok"), b"{}").unwrap();
        assert_eq!(read_entry(&dir, "ok"), CacheRead::Bytes(b"{}".to_vec()));
        std::os::unix::fs::symlink(p("ok"), p("link")).unwrap();
        assert_eq!(read_entry(&dir, "link"), not_a_file);
        // Someone else's directory is not this user's cache.
        assert!(
            UserDir::open(root.path(), me.uid() + 1, me.gid())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn writes_create_new_0600_files() {
        let root = tempfile::tempdir().unwrap();
        let me = fs::metadata(root.path()).unwrap();
        let dir = UserDir::open(root.path(), me.uid(), me.gid())
            .unwrap()
            .unwrap();
        let name = sso_cache::cache_file_name("s");
        assert!(dir.create_new(name.as_ref(), b"{\"a\":1}\n").unwrap());
        let path = root.path().join(&name);
        assert_eq!(fs::read(&path).unwrap(), b"{\"a\":1}\n");
        let mode = fs::metadata(&path).unwrap().mode() & 0o7777;
        assert_eq!(mode, 0o600);
        assert!(!dir.create_new(name.as_ref(), b"other").unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"{\"a\":1}\n");
        // No temp file is left behind.
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
