//! The only code that touches files: reading a config, backing it up, replacing it, restoring a
//! backup, and cleaning up after an interrupted run.
//!
//! The file being edited is the one that gets a person into every AWS account they have, and it
//! may be root running the tool over other users' files, so a write follows the discipline of a
//! database and trusts nothing in the directory:
//! 1. follow a symlinked config to its target (the link stays a link), hold the target's
//!    directory open and name everything relative to it, never opening through a symlink;
//! 2. refuse anything but a regular file, before reading it (nothing can block or fill memory),
//!    a file larger than the size limit, a file the user running it does not own (root may), a
//!    read-only file, and a file with several hard links unless asked to split them;
//! 3. back it up first: a byte-identical copy in a temp file given the config's extended
//!    attributes (`attrs`: its ACL, its label), owner, group and permission bits (never wider),
//!    fsynced, and linked to a name only this tool writes (`config.aws-sso-migrate-TIME.bak`)
//!    without ever replacing an existing file;
//! 4. write the new content to a temp file in the same directory, fsync it, give it the
//!    config's extended attributes, owner, group and mode as they are at that moment, and
//!    atomically exchange it with the config; then compare what was swapped out with what was
//!    read, and swap back if it changed, so nobody's change is lost; fsync the directory.
//!
//! A crash at any moment leaves the old file or the new one, never a mix or a truncation. An
//! error before the exchange leaves the original untouched, removes the backup made for this
//! run and leaves no temp file; an error after it says the file was replaced and where the
//! backup is.
//!
//! Reading an input is in `read`, extended attributes in `attrs`, backup names and the checks
//! before a restore in `backup`, the directory held open in `dir`, and the token cache written
//! for a user in `user_dir`.

mod attrs;
mod backup;
mod dir;
mod hooks;
mod read;
mod user_dir;

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use attrs::{AttrError, Attributes};
pub use backup::{Backup, BackupTime};
use dir::{Dir, Ownership, Temp};
use hooks::Fault;
pub(crate) use read::kind;
use read::{Reading, read_limited};
pub use read::{read, read_config};
pub use user_dir::{UserDir, UserRead};

use crate::error::{BackupRefusal, FileError, FileKind};

/// The largest input read by default: far beyond any real config, small enough that a wrong
/// `FILE` (a disk image, a log) is refused instead of read into memory.
pub const DEFAULT_MAX_SIZE: u64 = 256 * 1024 * 1024;

/// A temp file of this tool older than this is left over from an interrupted run.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Whether nothing at all is at `path` (not even a dangling link): for the default config,
/// "nothing to do" rather than an error.
pub fn absent(path: &Path) -> bool {
    fs::symlink_metadata(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
}

/// How to replace a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplaceOptions {
    /// Keep a backup of the original.
    pub backup: bool,
    /// Replace a file with several hard links: this name gets the new content, the other names
    /// keep the old one.
    pub break_hard_links: bool,
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

/// The config as found for a write or a restore: its real path, its directory held open, its
/// name there, and the descriptor and metadata of the file itself.
struct Target {
    label: String,
    path: PathBuf,
    dir: Dir,
    name: OsString,
    file: File,
    meta: fs::Metadata,
}

impl Target {
    fn open(path: &Path) -> Result<Target, FileError> {
        let label = path.display().to_string();
        let open_error = |e| io_error(&label, "cannot open", e);
        let real = fs::canonicalize(path).map_err(open_error)?;
        let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
            return Err(FileError::NotRegular {
                path: label,
                kind: FileKind::Directory,
            });
        };
        let dir = Dir::open(parent).map_err(open_error)?;
        let name = name.to_os_string();
        let meta = dir.lstat(&name).map_err(open_error)?;
        if !meta.is_file() {
            return Err(FileError::NotRegular {
                path: label,
                kind: kind(meta.file_type()),
            });
        }
        let file = dir.open_read(&name).map_err(open_error)?;
        let opened = file.metadata().map_err(open_error)?;
        if !opened.is_file() || (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
            return Err(FileError::Changed { path: label });
        }
        Ok(Target {
            label,
            path: real,
            dir,
            name,
            file,
            meta: opened,
        })
    }

    /// Refuses a file this run may not rewrite: someone else's (unless root runs it), a
    /// read-only one, or one with several hard links (unless `break_hard_links`).
    fn check_writable(&self, break_hard_links: bool) -> Result<(), FileError> {
        let euid = rustix::process::geteuid().as_raw();
        if euid != 0 && euid != self.meta.uid() {
            return Err(FileError::NotOwner {
                path: self.label.clone(),
                owner: self.meta.uid(),
            });
        }
        let mode = self.meta.mode() & 0o7777;
        if mode & 0o200 == 0 {
            return Err(FileError::ReadOnly {
                path: self.label.clone(),
                mode,
            });
        }
        if self.meta.nlink() > 1 && !break_hard_links {
            return Err(FileError::HardLinked {
                path: self.label.clone(),
                links: self.meta.nlink(),
            });
        }
        Ok(())
    }

    /// The content of the file opened, at most `limit` bytes (more is an error).
    fn read(&self, limit: u64) -> Result<Vec<u8>, FileError> {
        read_limited(
            &self.file,
            limit,
            &self.label,
            self.meta.len(),
            Reading::Whole,
        )
    }

    /// Whether the file opened still holds `expected`, reading at most one byte more.
    fn holds(&self, expected: &[u8]) -> Result<bool, FileError> {
        holds(&self.file, expected).map_err(|e| io_error(&self.label, "cannot read", e))
    }
}

/// Whether `file` holds `expected` from where it is read on and nothing after it: compared a
/// block at a time, so that checking a large config does not take a second copy of it.
fn holds(mut file: &File, expected: &[u8]) -> io::Result<bool> {
    let mut block = vec![0; HOLDS_BLOCK.min(expected.len() + 1)];
    let mut at = 0;
    loop {
        let n = match file.read(&mut block) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(at == expected.len());
        }
        if expected.get(at..at + n) != Some(&block[..n]) {
            return Ok(false);
        }
        at += n;
    }
}

/// How much of a file [`holds`] reads at once.
const HOLDS_BLOCK: usize = 256 * 1024;

/// What [`replace`] writes in place of a file: bytes, or a document that writes itself a piece at
/// a time (a rewrite that shares its original's lines is never put together in memory).
pub trait Contents {
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()>;
}

impl Contents for [u8] {
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self)
    }
}

impl Contents for crate::doc::Document {
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        crate::doc::Document::write_to(self, out)
    }
}

/// How much [`swap_in`] gathers before each write to the new file: a rewrite comes a piece, a
/// few lines, at a time.
const WRITE_BLOCK: usize = 256 * 1024;

/// Replaces the file at `path`, whose content must still be `expected`, with `new`.
pub fn replace(
    path: &Path,
    expected: &[u8],
    new: &(impl Contents + ?Sized),
    opts: ReplaceOptions,
) -> Result<Written, FileError> {
    let t = Target::open(path)?;
    t.check_writable(opts.break_hard_links)?;
    if !t.holds(expected)? {
        return Err(FileError::Changed {
            path: t.label.clone(),
        });
    }
    let via_symlink = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let mut backup = if opts.backup {
        Some(make_backup(&t, expected)?)
    } else {
        None
    };
    let backup_path = backup.as_ref().map(|b| t.dir.join(&b.name));
    match swap_in(&t, expected, new, &backup_path, opts.break_hard_links) {
        Ok(()) => {
            if let Some(b) = &mut backup {
                b.committed = true;
            }
            Ok(Written {
                target: t.path.clone(),
                backup: backup_path,
                via_symlink,
            })
        }
        // The original is untouched: dropping the guard removes the backup made for this run.
        Err(Failure::BeforeReplace(e)) => Err(e),
        Err(Failure::AfterReplace(e)) => {
            if let Some(b) = &mut backup {
                b.committed = true;
            }
            Err(e)
        }
    }
}

/// A backup made for this run: removed again when dropped, unless the replace happened.
struct BackupGuard<'t> {
    dir: &'t Dir,
    name: OsString,
    committed: bool,
}

impl Drop for BackupGuard<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.dir.unlink(&self.name);
            let _ = self.dir.sync();
        }
    }
}

/// Writes `bytes` to a new backup of `t`, owned like the config, never replacing a file.
fn make_backup<'t>(t: &'t Target, bytes: &[u8]) -> Result<BackupGuard<'t>, FileError> {
    let err = |e| io_error(&t.label, "cannot write a backup next to", e);
    let mut tmp = t.dir.create_temp(&t.name).map_err(err)?;
    tmp.file.write_all(bytes).map_err(err)?;
    // The attributes first: giving a file an ACL sets its group bits, which the mode then sets.
    Attributes::of(&t.file)
        .and_then(|a| a.apply(&tmp.file))
        .map_err(attribute_error(t, "its backup"))?;
    Ownership::of(&t.meta)
        .plain()
        .apply(&tmp.file)
        .map_err(err)?;
    tmp.file.sync_all().map_err(err)?;
    let name = backup::link(&t.dir, &tmp.name, &t.name).map_err(err)?;
    // Dropping `tmp` removes the temp name; the backup name stays.
    drop(tmp);
    Ok(BackupGuard {
        dir: &t.dir,
        name,
        committed: false,
    })
}

enum Failure {
    /// The file was left as it was.
    BeforeReplace(FileError),
    /// The new content is in place.
    AfterReplace(FileError),
}

/// Writes `new` beside the config and swaps it into place, unless the config no longer holds
/// `expected` at the moment of the swap.
fn swap_in(
    t: &Target,
    expected: &[u8],
    new: &(impl Contents + ?Sized),
    backup: &Option<PathBuf>,
    break_hard_links: bool,
) -> Result<(), Failure> {
    let before = |what: &'static str| {
        move |e: io::Error| Failure::BeforeReplace(io_error(&t.label, what, e))
    };
    let changed = || {
        Failure::BeforeReplace(FileError::Changed {
            path: t.label.clone(),
        })
    };
    let mut tmp = t
        .dir
        .create_temp(&t.name)
        .map_err(before("cannot create a temporary file next to"))?;
    hooks::fault(Fault::Write)
        .and_then(|()| {
            let mut out = io::BufWriter::with_capacity(WRITE_BLOCK, &tmp.file);
            new.write_to(&mut out)?;
            out.flush()
        })
        .map_err(before("cannot write"))?;
    tmp.file.sync_all().map_err(before("cannot flush"))?;
    // Owner, group and mode as they are now, so a chmod or chown made during the run is kept
    // (one made after this is carried over once the exchange shows it).
    let now = match t.dir.lstat(&t.name) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return Err(changed()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(changed()),
        Err(e) => return Err(before("cannot read")(e)),
    };
    let owner = Ownership::of(&now);
    // The attributes first: giving a file an ACL sets its group bits, which the mode then sets.
    let attributes = Attributes::of(&t.file)
        .map_err(attribute_error(t, "the new file"))
        .map_err(Failure::BeforeReplace)?;
    attributes
        .apply(&tmp.file)
        .map_err(attribute_error(t, "the new file"))
        .map_err(Failure::BeforeReplace)?;
    owner
        .apply(&tmp.file)
        .map_err(before("cannot set the owner and mode of"))?;
    tmp.file.sync_all().map_err(before("cannot flush"))?;
    // Nothing is read between here and the exchange: a change made at this point must survive.
    hooks::pause("before-replace");
    match t.dir.exchange(&tmp.name, &t.name) {
        Ok(true) => {
            let applied = (owner, &attributes);
            settle_exchange(t, &mut tmp, expected, applied, break_hard_links)?
        }
        Ok(false) => rename_over(t, &mut tmp, expected)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(changed()),
        Err(e) => return Err(before("cannot replace")(e)),
    }
    hooks::pause("after-replace");
    hooks::fault(Fault::ReplaceSync)
        .and_then(|()| t.dir.sync())
        .map_err(|source| {
            Failure::AfterReplace(FileError::Replaced {
                path: t.label.clone(),
                what: "flushing its directory",
                backup: backup.clone(),
                source,
            })
        })
}

/// After the exchange `tmp`'s name holds what was the config. If that is still what was read
/// (and has not gained a hard link meanwhile), it is removed, and a mode, owner or extended
/// attribute changed at the last instant is carried over; otherwise the two are swapped back,
/// so the other writer's version stays.
fn settle_exchange(
    t: &Target,
    tmp: &mut Temp<'_>,
    expected: &[u8],
    (applied, applied_attributes): (Ownership, &Attributes),
    break_hard_links: bool,
) -> Result<(), Failure> {
    hooks::pause("after-exchange");
    let swapped_out = t.dir.open_read(&tmp.name).and_then(|f| {
        let meta = f.metadata()?;
        let same = meta.is_file() && holds(&f, expected)?;
        Ok((same, meta, f))
    });
    let linked = match &swapped_out {
        Ok((true, meta, _)) if meta.nlink() > 1 && !break_hard_links => Some(meta.nlink()),
        _ => None,
    };
    if let Ok((true, meta, old)) = &swapped_out
        && linked.is_none()
    {
        // `tmp.file` is the new config now.
        let last = Ownership::of(meta);
        let attributes = Attributes::of(old).ok();
        let new_attributes = attributes.filter(|a| a != applied_attributes);
        if let Some(a) = &new_attributes {
            let _ = a.apply(&tmp.file);
        }
        if new_attributes.is_some()
            || (last.uid, last.gid, last.mode) != (applied.uid, applied.gid, applied.mode)
        {
            let _ = last.apply(&tmp.file);
        }
        // The old file goes now, before anything else can fail or pause.
        let _ = t.dir.unlink(&tmp.name);
        tmp.keep();
        return Ok(());
    }
    // The config changed after it was read (an editor saved, or a write through an open
    // handle), or someone linked it elsewhere: swap back.
    if t.dir.exchange(&tmp.name, &t.name).is_err() {
        return Err(Failure::AfterReplace(keep_other(t, tmp)));
    }
    let ours = tmp.file.metadata();
    match (t.dir.lstat(&tmp.name), ours) {
        (Ok(m), Ok(o)) if (m.dev(), m.ino()) == (o.dev(), o.ino()) => {
            Err(Failure::BeforeReplace(match linked {
                Some(links) => FileError::HardLinked {
                    path: t.label.clone(),
                    links,
                },
                None => FileError::Changed {
                    path: t.label.clone(),
                },
            }))
        }
        // A third version arrived between the two exchanges and now has the temp name.
        _ => Err(Failure::BeforeReplace(keep_other(t, tmp))),
    }
}

/// Keeps whatever has `tmp`'s name as a backup, so no version written by anyone is lost.
fn keep_other(t: &Target, tmp: &mut Temp<'_>) -> FileError {
    tmp.keep();
    let kept = match backup::link(&t.dir, &tmp.name, &t.name) {
        Ok(name) => {
            let _ = t.dir.unlink(&tmp.name);
            t.dir.join(&name)
        }
        Err(_) => t.dir.join(&tmp.name),
    };
    FileError::ChangedTwice {
        path: t.label.clone(),
        kept,
    }
}

/// Where no atomic exchange exists: check once more, then rename over the config. A change in
/// the instant between the check and the rename is lost (the README says so).
fn rename_over(t: &Target, tmp: &mut Temp<'_>, expected: &[u8]) -> Result<(), Failure> {
    let before = |what: &'static str| {
        move |e: io::Error| Failure::BeforeReplace(io_error(&t.label, what, e))
    };
    let file = t.dir.open_read(&t.name).map_err(before("cannot read"))?;
    if !holds(&file, expected).map_err(before("cannot read"))? {
        return Err(Failure::BeforeReplace(FileError::Changed {
            path: t.label.clone(),
        }));
    }
    t.dir
        .rename(&tmp.name, &t.name)
        .map_err(before("cannot replace"))?;
    tmp.keep();
    Ok(())
}

/// How to restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreOptions {
    /// The backup to put back; the newest when `None`. A bare name is looked up next to the
    /// config.
    pub from: Option<PathBuf>,
    pub break_hard_links: bool,
    pub max_size: u64,
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

/// Puts back a backup this tool made of `path` (the newest unless one is named), saving the
/// current content as a backup of its own first.
pub fn restore(path: &Path, opts: &RestoreOptions) -> Result<Restored, FileError> {
    let t = Target::open(path)?;
    t.check_writable(opts.break_hard_links)?;
    let owner = t.meta.uid();
    let (backups, legacy) = backup::list(&t.dir, &t.name, owner, opts.max_size)
        .map_err(|e| io_error(&t.label, "cannot list the backups of", e))?;
    let chosen = match &opts.from {
        Some(from) => named_backup(&t, from, &backups)?,
        None => backups.last().ok_or_else(|| FileError::NoBackup {
            path: t.label.clone(),
            legacy: legacy.iter().map(|p| p.display().to_string()).collect(),
        })?,
    };
    let old = read_backup(&t, chosen, opts.max_size)?;
    let current = t.read(opts.max_size)?;
    if current == old {
        return Ok(Restored {
            target: t.path.clone(),
            from: chosen.path.clone(),
            saved_as: None,
        });
    }
    let written = replace(
        path,
        &current,
        &old[..],
        ReplaceOptions {
            backup: true,
            break_hard_links: opts.break_hard_links,
        },
    )?;
    Ok(Restored {
        target: written.target,
        from: chosen.path.clone(),
        saved_as: written.backup,
    })
}

/// The backup `from` names, which must be one of this tool's backups of the config.
fn named_backup<'b>(
    t: &Target,
    from: &Path,
    backups: &'b [Backup],
) -> Result<&'b Backup, FileError> {
    let not_a_backup = || FileError::NotABackup {
        path: t.label.clone(),
        backup: from.display().to_string(),
        existing: backups
            .iter()
            .map(|b| b.path.display().to_string())
            .collect(),
    };
    let in_config_dir = match from.parent() {
        None => true,
        Some(p) if p.as_os_str().is_empty() => true,
        Some(p) => fs::canonicalize(p).is_ok_and(|p| p == t.dir.path),
    };
    let name = from.file_name().ok_or_else(not_a_backup)?;
    if !in_config_dir {
        return Err(not_a_backup());
    }
    backups
        .iter()
        .find(|b| b.name == name)
        .ok_or_else(not_a_backup)
}

/// A backup's content, if it passes the checks: a regular file, not reached through a link,
/// owned by the config's owner, within the size limit. Checked before opening (nothing that
/// could block is opened) and again on the descriptor (nothing was swapped in between).
fn read_backup(t: &Target, b: &Backup, max_size: u64) -> Result<Vec<u8>, FileError> {
    let label = b.path.display().to_string();
    let refused = |reason| FileError::BackupRefused {
        backup: label.clone(),
        reason,
    };
    if let Some(reason) = &b.refusal {
        return Err(refused(reason.clone()));
    }
    let file = match t.dir.open_read(&b.name) {
        Ok(f) => f,
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
            return Err(refused(BackupRefusal::Kind(FileKind::Symlink)));
        }
        Err(e) => return Err(io_error(&label, "cannot read", e)),
    };
    let meta = file
        .metadata()
        .map_err(|e| io_error(&label, "cannot read", e))?;
    if let Some(reason) = backup::refusal(&meta, t.meta.uid(), max_size) {
        return Err(refused(reason));
    }
    read_limited(&file, max_size, &label, meta.len(), Reading::Whole)
}

/// This tool's backups of a config, and earlier versions' backup names, for `--restore --list`.
#[derive(Debug, Clone)]
pub struct BackupListing {
    /// Oldest first, each with the reason it would be refused, if any.
    pub backups: Vec<Backup>,
    /// `config.bak`, `config.bak.N`: listed, never restored.
    pub legacy: Vec<PathBuf>,
}

pub fn list_backups(path: &Path, max_size: u64) -> Result<BackupListing, FileError> {
    let t = Target::open(path)?;
    let (backups, legacy) = backup::list(&t.dir, &t.name, t.meta.uid(), max_size)
        .map_err(|e| io_error(&t.label, "cannot list the backups of", e))?;
    Ok(BackupListing { backups, legacy })
}

/// Removes temp files an interrupted run of this tool left next to the config at `path`: names
/// of its own pattern (`.config.RANDOM.aws-sso-migrate.tmp`), regular files owned by the
/// config's owner or the user running it, older than a minute (a run in progress is never
/// that old between creating and renaming them). Best effort: returns what was removed.
pub fn remove_stale_temps(path: &Path) -> Vec<PathBuf> {
    let Ok(t) = Target::open(path) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(&t.dir.path) else {
        return Vec::new();
    };
    let euid = rustix::process::geteuid().as_raw();
    let now = SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !dir::is_temp_name(&name, &t.name) {
            continue;
        }
        let Ok(meta) = t.dir.lstat(&name) else {
            continue;
        };
        let owned = meta.uid() == t.meta.uid() || meta.uid() == euid;
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if meta.is_file() && owned && old && t.dir.unlink(&name).is_ok() {
            removed.push(t.dir.join(&name));
        }
    }
    if !removed.is_empty() {
        let _ = t.dir.sync();
    }
    removed.sort();
    removed
}

/// The error for an extended attribute of `t` that a file made in its place (`to`) could not be
/// given.
fn attribute_error(t: &Target, to: &'static str) -> impl FnOnce(AttrError) -> FileError {
    let path = t.label.clone();
    move |e| FileError::AttributeNotKept {
        path,
        to,
        attribute: e.name.map(|n| String::from_utf8_lossy(&n).into_owned()),
        source: e.source,
    }
}

fn io_error(path: &str, what: &'static str, source: io::Error) -> FileError {
    FileError::Write {
        path: path.to_string(),
        what,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file holding `bytes`, opened for reading from its start.
    fn file_of(dir: &tempfile::TempDir, bytes: &[u8]) -> File {
        let path = dir.path().join("config");
        fs::write(&path, bytes).unwrap();
        File::open(&path).unwrap()
    }

    #[test]
    fn a_file_holds_exactly_what_it_was_read_as() {
        let dir = tempfile::tempdir().unwrap();
        // Over two blocks, so that the comparison goes on across them.
        let big: Vec<u8> = (0..2 * HOLDS_BLOCK + 7).map(|i| (i % 251) as u8).collect();
        for expected in [&b""[..], b"[default]\nregion = us-east-1\n", &big] {
            assert!(holds(&file_of(&dir, expected), expected).unwrap());
            // A byte more, a byte less, and a byte changed at the start, the middle and the end.
            let mut longer = expected.to_vec();
            longer.push(b'\n');
            assert!(!holds(&file_of(&dir, &longer), expected).unwrap());
            if let Some((_, shorter)) = expected.split_last() {
                assert!(!holds(&file_of(&dir, shorter), expected).unwrap());
            }
            for at in [0, expected.len() / 2, expected.len().saturating_sub(1)] {
                let mut changed = expected.to_vec();
                if let Some(b) = changed.get_mut(at) {
                    *b ^= 1;
                    assert!(!holds(&file_of(&dir, &changed), expected).unwrap(), "{at}");
                }
            }
        }
    }
}
