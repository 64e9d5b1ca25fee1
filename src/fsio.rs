//! The only code that touches files: reading a config, backing it up, replacing it atomically,
//! and restoring a backup.
//!
//! The file being edited is the one that gets a person into every AWS account they have, so a
//! write follows the discipline of a database:
//! 1. follow a symlinked config to its target (the link stays a link);
//! 2. refuse a read-only file; re-read the file and refuse if it is not what was planned from;
//! 3. back it up first: a byte-identical copy with the same permission bits, written to a temp
//!    file, fsynced, and linked into place without ever overwriting an existing backup;
//! 4. write the new content to a temp file in the same directory with the original's mode (and
//!    owner where permitted), fsync it, check once more that nobody changed the file, rename it
//!    over the target, fsync the directory.
//!
//! A crash at any moment leaves the old file or the new one, never a mix or a truncation. On an
//! error the original is untouched, a backup made for this run is removed, and no temp file is
//! left behind.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::{FileError, Input};

/// Reads the whole input as bytes.
pub fn read(input: &Input) -> Result<Vec<u8>, FileError> {
    let result = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
        }
        Input::Path(p) => fs::read(p),
    };
    result.map_err(|source| FileError::Read {
        path: input.label(),
        source,
    })
}

/// What a successful write did.
#[derive(Debug, Clone)]
pub struct Written {
    /// The file that was replaced (the symlink's target for a symlinked config).
    pub target: PathBuf,
    /// Where the original was saved, unless `--no-backup`.
    pub backup: Option<PathBuf>,
    /// Whether the path given was a symlink (the link was kept; `target` was rewritten).
    pub via_symlink: bool,
}

/// Replaces the file at `path`, whose content must still be `expected`, with `new`.
pub fn replace(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    backup: bool,
) -> Result<Written, FileError> {
    let label = path.display().to_string();
    let target = writable_target(path)?;
    let meta = fs::metadata(&target).map_err(|e| io_error(&label, "cannot read", e))?;
    if fs::read(&target).map_err(|e| io_error(&label, "cannot read", e))? != expected {
        return Err(FileError::Changed { path: label });
    }
    let backup_path = if backup {
        Some(
            write_backup(&target, expected, meta.mode())
                .map_err(|e| io_error(&label, "cannot write a backup next to", e))?,
        )
    } else {
        None
    };
    let via_symlink = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match swap(&label, &target, expected, new, &meta) {
        Ok(()) => Ok(Written {
            target,
            backup: backup_path,
            via_symlink,
        }),
        Err(Failure::BeforeRename(e)) => {
            // The original is untouched: the backup made for this run is not needed.
            if let Some(b) = &backup_path {
                let _ = fs::remove_file(b);
                let _ = sync_dir(&target);
            }
            Err(e)
        }
        Err(Failure::AfterRename(e)) => Err(e),
    }
}

/// The result of a restore.
#[derive(Debug, Clone)]
pub struct Restored {
    pub target: PathBuf,
    /// The backup that was put back.
    pub from: PathBuf,
    /// Where the replaced content was saved, so the restore can itself be undone. `None` when
    /// the file already had the backup's content.
    pub saved_as: Option<PathBuf>,
}

/// Puts back the newest backup this tool made of `path`, saving the current content as a backup
/// of its own first.
pub fn restore(path: &Path) -> Result<Restored, FileError> {
    let label = path.display().to_string();
    let target = writable_target(path)?;
    let Some(from) = newest_backup(&target).map_err(|e| io_error(&label, "cannot list", e))? else {
        return Err(FileError::NoBackup { path: label });
    };
    let old =
        fs::read(&from).map_err(|e| io_error(&from.display().to_string(), "cannot read", e))?;
    let current = fs::read(&target).map_err(|e| io_error(&label, "cannot read", e))?;
    if current == old {
        return Ok(Restored {
            target,
            from,
            saved_as: None,
        });
    }
    let written = replace(path, &current, &old, true)?;
    Ok(Restored {
        target: written.target,
        from,
        saved_as: written.backup,
    })
}

/// Backups this tool makes of `config`: `config.bak`, then `config.bak.2`, `config.bak.3`, …
/// The newest is the one with the highest number.
pub fn newest_backup(target: &Path) -> io::Result<Option<PathBuf>> {
    let (dir, name) = split(target);
    let mut best: Option<(u64, PathBuf)> = None;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let Some(n) = entry
            .file_name()
            .to_str()
            .and_then(|f| backup_number(f, &name))
        else {
            continue;
        };
        if best.as_ref().is_none_or(|(b, _)| n > *b) {
            best = Some((n, entry.path()));
        }
    }
    Ok(best.map(|(_, p)| p))
}

fn backup_number(file: &str, name: &str) -> Option<u64> {
    let rest = file.strip_prefix(name)?.strip_prefix(".bak")?;
    if rest.is_empty() {
        return Some(1);
    }
    let n: u64 = rest.strip_prefix('.')?.parse().ok()?;
    (n >= 2 && rest == format!(".{n}")).then_some(n)
}

fn backup_name(name: &str, n: u64) -> String {
    if n == 1 {
        format!("{name}.bak")
    } else {
        format!("{name}.bak.{n}")
    }
}

/// The real file behind `path`, which must be a regular file with its owner's write bit set.
fn writable_target(path: &Path) -> Result<PathBuf, FileError> {
    let label = path.display().to_string();
    let target = fs::canonicalize(path).map_err(|e| io_error(&label, "cannot open", e))?;
    let meta = fs::metadata(&target).map_err(|e| io_error(&label, "cannot open", e))?;
    if !meta.is_file() {
        return Err(io_error(
            &label,
            "cannot write",
            io::Error::other("not a regular file"),
        ));
    }
    if meta.permissions().mode() & 0o200 == 0 {
        return Err(FileError::ReadOnly {
            path: label,
            mode: meta.permissions().mode() & 0o7777,
        });
    }
    Ok(target)
}

fn split(target: &Path) -> (&Path, String) {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// Writes `bytes` to the next free backup name, never replacing an existing file.
fn write_backup(target: &Path, bytes: &[u8], mode: u32) -> io::Result<PathBuf> {
    let (dir, name) = split(target);
    let mut tmp = temp_in(dir, &name)?;
    tmp.write_all(bytes)?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode & 0o777))?;
    tmp.as_file().sync_all()?;
    let first = newest_backup(target)?
        .and_then(|p| {
            p.file_name()?
                .to_str()
                .and_then(|f| backup_number(f, &name))
        })
        .map_or(1, |n| n + 1);
    for n in first.. {
        let candidate = dir.join(backup_name(&name, n));
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => {
                sync_dir(target)?;
                return Ok(candidate);
            }
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(e.error),
        }
    }
    unreachable!("backup numbers are unbounded")
}

enum Failure {
    BeforeRename(FileError),
    AfterRename(FileError),
}

/// Writes `new` beside `target` and renames it into place.
fn swap(
    label: &str,
    target: &Path,
    expected: &[u8],
    new: &[u8],
    meta: &fs::Metadata,
) -> Result<(), Failure> {
    let (dir, name) = split(target);
    let before =
        |what: &'static str| move |e: io::Error| Failure::BeforeRename(io_error(label, what, e));
    let mut tmp = temp_in(dir, &name).map_err(before("cannot create a temporary file next to"))?;
    write_new(tmp.as_file_mut(), new).map_err(before("cannot write"))?;
    let file = tmp.as_file();
    file.set_permissions(fs::Permissions::from_mode(meta.mode() & 0o7777))
        .map_err(before("cannot set the permissions of"))?;
    // Keep the owner where we may (root editing another user's file); otherwise we are the owner.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    file.sync_all().map_err(before("cannot flush"))?;
    test_pause("before-replace");
    let now = fs::read(target).map_err(before("cannot read"))?;
    if now != expected {
        return Err(Failure::BeforeRename(FileError::Changed {
            path: label.to_string(),
        }));
    }
    tmp.persist(target)
        .map_err(|e| Failure::BeforeRename(io_error(label, "cannot replace", e.error)))?;
    test_pause("after-replace");
    sync_dir(target)
        .map_err(|e| Failure::AfterRename(io_error(label, "cannot flush the directory of", e)))
}

fn write_new(file: &mut File, new: &[u8]) -> io::Result<()> {
    if test_fault("write") {
        return Err(io::Error::from_raw_os_error(28)); // ENOSPC
    }
    file.write_all(new)
}

fn temp_in(dir: &Path, name: &str) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".aws-sso-migrate.tmp")
        .tempfile_in(dir)
}

fn sync_dir(target: &Path) -> io::Result<()> {
    File::open(split(target).0)?.sync_all()
}

fn io_error(path: &str, what: &'static str, source: io::Error) -> FileError {
    FileError::Write {
        path: path.to_string(),
        what,
        source,
    }
}

/// Test hook: with `AWS_SSO_MIGRATE_TEST_PAUSE=STAGE:FIFO`, block at `STAGE` until the test
/// writes to and closes the FIFO. Lets tests change the file or kill the process at an exact
/// point without sleeping.
fn test_pause(stage: &str) {
    if let Some(v) = std::env::var_os("AWS_SSO_MIGRATE_TEST_PAUSE")
        && let Some((s, fifo)) = v.to_str().and_then(|v| v.split_once(':'))
        && s == stage
    {
        let _ = fs::read(fifo);
    }
}

/// Test hook: `AWS_SSO_MIGRATE_TEST_FAULT=write` makes writing the new content fail as a full
/// disk would.
fn test_fault(what: &str) -> bool {
    std::env::var("AWS_SSO_MIGRATE_TEST_FAULT").is_ok_and(|v| v == what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_are_numbered() {
        assert_eq!(backup_number("config.bak", "config"), Some(1));
        assert_eq!(backup_number("config.bak.2", "config"), Some(2));
        assert_eq!(backup_number("config.bak.10", "config"), Some(10));
        assert_eq!(backup_number("config.bak.1", "config"), None);
        assert_eq!(backup_number("config.bak.02", "config"), None);
        assert_eq!(backup_number("config.bakx", "config"), None);
        assert_eq!(backup_number("configx.bak", "config"), None);
        assert_eq!(backup_name("config", 1), "config.bak");
        assert_eq!(backup_name("config", 3), "config.bak.3");
    }
}
