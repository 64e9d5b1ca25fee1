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
//! Reading never blocks and never fails the run: a cache file is opened non-blocking, must be a
//! regular file of at most [`MAX_FILE_SIZE`] bytes, and every problem becomes a typed state.
//!
//! Writing follows the AWS CLI's cache conventions plus the tool's write discipline: a temp file
//! in the cache directory, mode 0600, the config's owner and group, fsynced, then linked into
//! place only if no file of that name exists (a newer login wins), and the directory fsynced. A
//! missing cache directory is created 0700 with the same owner.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::aws::Config;
use crate::cli::{Mode, Options};
use crate::doc::Document;
use crate::emit;
use crate::emit::OutputFormat;
use crate::error::{FileError, Input};
use crate::fsio;
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

/// The token cache directory for `input` (see the module docs for the rule), or `None` when it
/// is unknown.
pub fn cache_dir(input: &Input, opts: &TokenOptions) -> Option<PathBuf> {
    let home_cache = || {
        opts.home
            .as_ref()
            .map(|h| h.join(".aws").join("sso").join("cache"))
    };
    let path = match input {
        Input::Stdin => return home_cache(),
        Input::Path(p) if opts.default_config.as_deref() == Some(p.as_path()) => {
            return home_cache();
        }
        Input::Path(p) => std::path::absolute(p).ok()?,
    };
    // The path as given, not its symlink target: `~/.aws/config` may link into a dotfiles repo.
    if let Some(dir) = path.parent()
        && dir.file_name().is_some_and(|n| n == ".aws")
    {
        return Some(dir.join("sso").join("cache"));
    }
    let home = opts.home.as_ref()?;
    let same_owner = match (fs::metadata(&path), fs::metadata(home)) {
        (Ok(c), Ok(h)) => c.uid() == h.uid(),
        _ => false,
    };
    same_owner.then(home_cache).flatten()
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

/// Reads the cache file for `identifier` (a session name or start URL) in `dir`.
pub fn read_entry(dir: &Path, identifier: &str) -> CacheRead {
    read_file(&dir.join(sso_cache::cache_file_name(identifier)))
}

/// Reads one cache file: never blocks on a FIFO, never reads more than [`MAX_FILE_SIZE`].
pub fn read_file(path: &Path) -> CacheRead {
    let problem = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => CacheRead::Missing,
        io::ErrorKind::PermissionDenied => CacheRead::Unreadable(ReadProblem::Denied),
        _ => CacheRead::Unreadable(ReadProblem::Io {
            error: e.to_string(),
        }),
    };
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; O_NOCTTY: a
    // terminal device in its place must not become our controlling terminal.
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
    {
        Ok(f) => f,
        Err(e) => return problem(e),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return problem(e),
    };
    if !meta.is_file() {
        return CacheRead::Unreadable(ReadProblem::NotAFile);
    }
    if meta.len() > MAX_FILE_SIZE {
        return CacheRead::Unreadable(ReadProblem::TooLarge);
    }
    let mut bytes = Vec::new();
    match file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > MAX_FILE_SIZE => CacheRead::Unreadable(ReadProblem::TooLarge),
        Ok(_) => CacheRead::Bytes(bytes),
        Err(e) => problem(e),
    }
}

/// Why writing a session token did not happen.
#[derive(Debug)]
pub enum WriteTokenError {
    /// A file of that name appeared: it is left as it is.
    Exists,
    Io(io::Error),
}

/// Whose files the cache holds: the config's owner and group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub uid: u32,
    pub gid: u32,
}

impl Owner {
    pub fn of(path: &Path) -> io::Result<Owner> {
        let m = fs::metadata(path)?;
        Ok(Owner {
            uid: m.uid(),
            gid: m.gid(),
        })
    }
}

/// Writes `bytes` as the token file of `session` in `dir`, never replacing an existing file.
pub fn write_session_token(
    dir: &Path,
    session: &str,
    bytes: &[u8],
    owner: Owner,
) -> Result<PathBuf, WriteTokenError> {
    let target = dir.join(sso_cache::cache_file_name(session));
    create_dir(dir, owner).map_err(WriteTokenError::Io)?;
    let name = sso_cache::cache_file_name(session);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".aws-sso-migrate.tmp")
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(WriteTokenError::Io)?;
    let io = (|| {
        tmp.write_all(bytes)?;
        let file = tmp.as_file();
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
        // Root carrying for another user writes that user's file; anyone else owns it already.
        let _ = std::os::unix::fs::fchown(file, Some(owner.uid), Some(owner.gid));
        file.sync_all()
    })();
    io.map_err(WriteTokenError::Io)?;
    match tmp.persist_noclobber(&target) {
        Ok(_) => {}
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(WriteTokenError::Exists);
        }
        Err(e) => return Err(WriteTokenError::Io(e.error)),
    }
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(WriteTokenError::Io)?;
    Ok(target)
}

/// Creates `dir` and any missing parents, each 0700 and owned by `owner`.
fn create_dir(dir: &Path, owner: Owner) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut cur = dir;
    loop {
        match fs::metadata(cur) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is not a directory", cur.display()),
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(cur),
            Err(e) => return Err(e),
        }
        match cur.parent() {
            Some(p) if !p.as_os_str().is_empty() => cur = p,
            _ => break,
        }
    }
    for d in missing.into_iter().rev() {
        match DirBuilder::new().mode(0o700).create(d) {
            Ok(()) => {
                fs::set_permissions(d, fs::Permissions::from_mode(0o700))?;
                let _ = std::os::unix::fs::chown(d, Some(owner.uid), Some(owner.gid));
                if let Some(parent) = d.parent() {
                    File::open(parent)?.sync_all()?;
                }
            }
            // Made by someone else meanwhile (an `aws sso login`): theirs to keep.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
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
    let dir = cache_dir(input, opts);
    let decisions = sso_cache::plan_carry(
        plan,
        |id| match &dir {
            Some(d) => read_entry(d, id),
            None => CacheRead::NoCacheDir,
        },
        now,
    );
    let owner = match input {
        Input::Path(p) => Owner::of(p).ok(),
        Input::Stdin => None,
    };
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
                    match (write, &dir, owner) {
                        (false, _, _) => CarryOutcome::WouldCarry {
                            from_start_url,
                            expires_at,
                            minutes_left,
                        },
                        (true, Some(dir), Some(owner)) => {
                            match write_session_token(dir, &d.session, &token.carried_json(), owner)
                            {
                                Ok(_) => CarryOutcome::Carried {
                                    from_start_url,
                                    expires_at,
                                    minutes_left,
                                },
                                Err(WriteTokenError::Exists) => CarryOutcome::NotCarried {
                                    reason: CarrySkip::SessionTokenExists {
                                        state: sso_cache::judge(&read_entry(dir, &d.session), now),
                                    },
                                },
                                Err(WriteTokenError::Io(e)) => CarryOutcome::Failed {
                                    error: format!("cannot write into {}: {e}", dir.display()),
                                },
                            }
                        }
                        (true, _, _) => CarryOutcome::NotCarried {
                            reason: CarrySkip::CacheDirUnknown,
                        },
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

/// Reads the token state of one config file.
pub fn file_tokens(
    opts: &TokenOptions,
    input: &Input,
    max_size: u64,
    now: Timestamp,
) -> Result<FileTokens, FileError> {
    let bytes = fsio::read(input, max_size)?;
    let doc = Document::parse(bytes);
    let cfg = Config::read(&doc);
    let dir = cache_dir(input, opts);
    let tokens = sso_cache::report_rows(
        &cfg,
        |id| match &dir {
            Some(d) => read_entry(d, id),
            None => CacheRead::NoCacheDir,
        },
        now,
    );
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
    let tz = TimeZone::system();
    let mut files = Vec::new();
    let mut ok = true;
    for input in &opts.inputs {
        match file_tokens(&opts.tokens, input, opts.max_size, now) {
            Ok(f) => {
                if opts.format != OutputFormat::Json {
                    emit::tokens::table(out, &f, &tz)?;
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
    serde_json::to_writer_pretty(&mut *out, &TokensDocument { version: 1, files })?;
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
    fn reading_never_blocks_or_reads_unbounded() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        assert_eq!(read_file(&p("none")), CacheRead::Missing);
        fs::create_dir(p("d")).unwrap();
        assert_eq!(
            read_file(&p("d")),
            CacheRead::Unreadable(ReadProblem::NotAFile)
        );
        let status = std::process::Command::new("mkfifo")
            .arg(p("fifo"))
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            read_file(&p("fifo")),
            CacheRead::Unreadable(ReadProblem::NotAFile)
        );
        fs::write(p("big"), vec![b' '; MAX_FILE_SIZE as usize + 1]).unwrap();
        assert_eq!(
            read_file(&p("big")),
            CacheRead::Unreadable(ReadProblem::TooLarge)
        );
        fs::write(p("ok"), b"{}").unwrap();
        assert_eq!(read_file(&p("ok")), CacheRead::Bytes(b"{}".to_vec()));
    }

    #[test]
    fn writes_create_new_0600_in_a_new_0700_dir() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("sso").join("cache");
        let me = Owner::of(root.path()).unwrap();
        let path = write_session_token(&dir, "s", b"{\"a\":1}\n", me).unwrap();
        assert_eq!(path, dir.join(sso_cache::cache_file_name("s")));
        assert_eq!(fs::read(&path).unwrap(), b"{\"a\":1}\n");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&root.path().join("sso")), 0o700);
        assert!(matches!(
            write_session_token(&dir, "s", b"other", me),
            Err(WriteTokenError::Exists)
        ));
        assert_eq!(fs::read(&path).unwrap(), b"{\"a\":1}\n");
        // No temp file is left behind.
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    }
}
