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
//! 3. back it up first: a byte-identical copy in a temp file given the config's owner, group and
//!    permission bits (never wider), fsynced, and linked to a name only this tool writes
//!    (`config.aws-sso-migrate-TIME.bak`) without ever replacing an existing file;
//! 4. write the new content to a temp file in the same directory, fsync it, give it the
//!    config's owner, group and mode as they are at that moment, and atomically exchange it with
//!    the config; then compare what was swapped out with what was read, and swap back if it
//!    changed, so nobody's change is lost; fsync the directory.
//!
//! A crash at any moment leaves the old file or the new one, never a mix or a truncation. An
//! error before the exchange leaves the original untouched, removes the backup made for this
//! run and leaves no temp file; an error after it says the file was replaced and where the
//! backup is.

mod backup;
mod dir;
mod hooks;
mod user_dir;

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rustix::fs::{Mode, OFlags};

pub use backup::{Backup, BackupTime};
use dir::{Dir, Ownership, Temp};
use hooks::Fault;
pub use user_dir::{UserDir, UserRead};

use crate::aws::LONGEST_LINE;
use crate::error::{BackupRefusal, FileError, FileKind, Input};

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

/// Reads the whole input as bytes: a regular file (or a symlink to one) or stdin, at most
/// `max_size` bytes. Anything else is refused before it is opened for reading.
pub fn read(input: &Input, max_size: u64) -> Result<Vec<u8>, FileError> {
    read_input(input, max_size, None)
}

/// [`read`] for a config to migrate or diagnose, which stops at the first line longer than
/// [`LONGEST_LINE`]: such a file is refused as not a config whatever follows, and the bytes up
/// to there and enough of that line show it. A file with a 200 MB line is refused once the block
/// of 1 MiB (`READ_BLOCK`) that shows the line is read, not read whole.
pub fn read_config(input: &Input, max_size: u64) -> Result<Vec<u8>, FileError> {
    read_input(input, max_size, Some(LONGEST_LINE))
}

fn read_input(
    input: &Input,
    max_size: u64,
    longest_line: Option<usize>,
) -> Result<Vec<u8>, FileError> {
    let label = input.label();
    let read_error = |source: io::Error| FileError::Read {
        path: label.clone(),
        source,
    };
    match input {
        Input::Stdin => read_limited(
            io::stdin().lock(),
            max_size,
            &label,
            0,
            longest_line.map_or(Reading::Whole, Reading::AsItComes),
        ),
        Input::Path(p) => {
            // What it is before opening it: a FIFO would block, a device would never end.
            let meta = fs::metadata(p).map_err(read_error)?;
            check_input(&meta, &label, max_size)?;
            let fd = rustix::fs::open(
                p,
                OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
                Mode::empty(),
            )
            .map_err(|e| read_error(e.into()))?;
            let file = File::from(fd);
            // And what was opened: the path may have been swapped in between.
            let meta = file.metadata().map_err(read_error)?;
            check_input(&meta, &label, max_size)?;
            read_limited(
                file,
                max_size,
                &label,
                meta.len(),
                longest_line.map_or(Reading::Whole, Reading::InBlocks),
            )
        }
    }
}

fn check_input(meta: &fs::Metadata, label: &str, max_size: u64) -> Result<(), FileError> {
    if !meta.is_file() {
        return Err(FileError::NotRegular {
            path: label.to_string(),
            kind: kind(meta.file_type()),
        });
    }
    if meta.len() > max_size {
        return Err(FileError::TooLarge {
            path: label.to_string(),
            limit: max_size,
        });
    }
    Ok(())
}

/// How [`read_limited`] reads, and whether it stops at the first line longer than the `usize`
/// it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Whole, with no look at its lines.
    Whole,
    /// A regular file gives a whole block at once: each [`READ_BLOCK`] is read straight into the
    /// buffer's unused room (the standard library's `read_to_end` on a file does not zero it
    /// first) and then looked at.
    InBlocks(usize),
    /// A pipe (or a terminal) gives what it has: each read is looked at as it arrives, and a long
    /// line in it is seen before the tool waits for more. Read into room zeroed a block at a time
    /// (each byte once): a plain `read` needs initialised bytes.
    AsItComes(usize),
}

/// Reads at most `limit` bytes; more is an error, found without reading more than one byte past.
/// `size` is what the file's metadata says it holds: the buffer is allocated once, at that size
/// and one byte more (to see the end), instead of doubling up to twice the file. Unless `how` is
/// [`Reading::Whole`], stops after the first line longer than it says ([`read_config`]).
fn read_limited(
    r: impl Read,
    limit: u64,
    label: &str,
    size: u64,
    how: Reading,
) -> Result<Vec<u8>, FileError> {
    let capacity = usize::try_from(size.min(limit))
        .unwrap_or(0)
        .saturating_add(1);
    let mut buf = Vec::with_capacity(capacity);
    crate::pages::prefer_huge_pages(&mut buf);
    let read_error = |source| FileError::Read {
        path: label.to_string(),
        source,
    };
    let mut r = r.take(limit.saturating_add(1));
    match how {
        Reading::Whole => {
            r.read_to_end(&mut buf).map_err(read_error)?;
        }
        Reading::InBlocks(longest) => {
            let mut line = LineScan::new(longest);
            loop {
                let n = (&mut r)
                    .take(READ_BLOCK as u64)
                    .read_to_end(&mut buf)
                    .map_err(read_error)?;
                if n == 0 {
                    break;
                }
                if let Some(end) = line.too_long(&buf) {
                    buf.truncate(end);
                    return Ok(buf);
                }
            }
        }
        Reading::AsItComes(longest) => {
            let mut line = LineScan::new(longest);
            let mut filled = 0;
            loop {
                if filled == buf.len() {
                    if buf.len() == buf.capacity() {
                        buf.reserve(READ_BLOCK);
                    }
                    buf.resize(buf.capacity().min(buf.len() + READ_BLOCK), 0);
                }
                let n = loop {
                    match r.read(&mut buf[filled..]) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        other => break other.map_err(read_error)?,
                    }
                };
                if n == 0 {
                    break;
                }
                filled += n;
                if let Some(end) = line.too_long(&buf[..filled]) {
                    buf.truncate(end);
                    return Ok(buf);
                }
            }
            buf.truncate(filled);
        }
    }
    if buf.len() as u64 > limit {
        return Err(FileError::TooLarge {
            path: label.to_string(),
            limit,
        });
    }
    Ok(buf)
}

/// How much of a config [`read_config`] reads before it looks for an over-long line.
const READ_BLOCK: usize = 1024 * 1024;

/// Finds a line longer than `longest` bytes in a buffer that grows, looking at each byte about
/// once: every stretch of [`LineScan::window`] bytes after a line break must hold another, and
/// the last break in it is found from its end, a few bytes back in a real config. A break is
/// `\n` or `\r`, as [`crate::doc::Document`] splits lines; the window is `longest` and four
/// bytes, so that a line found here is longer than `longest` even without the three bytes of a
/// byte-order mark that the document does not count as part of the first line.
struct LineScan {
    /// Where the line being looked at starts: after a break, or at 0.
    start: usize,
    window: usize,
}

impl LineScan {
    fn new(longest: usize) -> LineScan {
        LineScan {
            start: 0,
            window: longest + 4,
        }
    }

    /// Where to cut `buf` if it holds a line too long: `window` bytes into that line, enough for
    /// the reader to refuse it.
    fn too_long(&mut self, buf: &[u8]) -> Option<usize> {
        while buf.len() - self.start >= self.window {
            let end = self.start + self.window;
            match memchr::memrchr2(b'\n', b'\r', &buf[self.start..end]) {
                Some(at) => self.start += at + 1,
                None => return Some(end),
            }
        }
        None
    }
}

pub(crate) fn kind(ft: fs::FileType) -> FileKind {
    if ft.is_dir() {
        FileKind::Directory
    } else if ft.is_fifo() {
        FileKind::Fifo
    } else if ft.is_char_device() {
        FileKind::CharDevice
    } else if ft.is_block_device() {
        FileKind::BlockDevice
    } else if ft.is_socket() {
        FileKind::Socket
    } else if ft.is_symlink() {
        FileKind::Symlink
    } else {
        FileKind::Other
    }
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

fn holds(file: &File, expected: &[u8]) -> io::Result<bool> {
    let mut now = Vec::with_capacity(expected.len() + 1);
    file.take(expected.len() as u64 + 1).read_to_end(&mut now)?;
    Ok(now == expected)
}

/// Replaces the file at `path`, whose content must still be `expected`, with `new`.
pub fn replace(
    path: &Path,
    expected: &[u8],
    new: &[u8],
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
    new: &[u8],
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
        .and_then(|()| tmp.file.write_all(new))
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
    owner
        .apply(&tmp.file)
        .map_err(before("cannot set the owner and mode of"))?;
    tmp.file.sync_all().map_err(before("cannot flush"))?;
    // Nothing is read between here and the exchange: a change made at this point must survive.
    hooks::pause("before-replace");
    match t.dir.exchange(&tmp.name, &t.name) {
        Ok(true) => settle_exchange(t, &mut tmp, expected, owner, break_hard_links)?,
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
/// (and has not gained a hard link meanwhile), it is removed, and a mode or owner changed at
/// the last instant is carried over; otherwise the two are swapped back, so the other writer's
/// version stays.
fn settle_exchange(
    t: &Target,
    tmp: &mut Temp<'_>,
    expected: &[u8],
    applied: Ownership,
    break_hard_links: bool,
) -> Result<(), Failure> {
    hooks::pause("after-exchange");
    let swapped_out = t.dir.open_read(&tmp.name).and_then(|f| {
        let meta = f.metadata()?;
        let same = meta.is_file() && holds(&f, expected)?;
        Ok((same, meta))
    });
    let linked = match &swapped_out {
        Ok((true, meta)) if meta.nlink() > 1 && !break_hard_links => Some(meta.nlink()),
        _ => None,
    };
    if let Ok((true, meta)) = &swapped_out
        && linked.is_none()
    {
        let last = Ownership::of(meta);
        if (last.uid, last.gid, last.mode) != (applied.uid, applied.gid, applied.mode) {
            // `tmp.file` is the new config now.
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
        &old,
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

    /// What [`LineScan`] finds when `buf` arrives in pieces of `step` bytes.
    fn scan(buf: &[u8], longest: usize, step: usize) -> Option<usize> {
        let mut line = LineScan::new(longest);
        (1..=buf.len().div_ceil(step))
            .find_map(|k| line.too_long(&buf[..(k * step).min(buf.len())]))
    }

    #[test]
    fn a_line_is_too_long_only_past_the_window_and_breaks_are_lf_or_cr() {
        let longest = 10;
        for step in [1, 3, 7, 64] {
            // Lines of up to `longest + 3` bytes, ended by `\n`, `\r\n` or `\r`, and a last line
            // without an end: nothing found, however the bytes arrive.
            let short = b"0123456789abc\n0123456789abc\r\n0123456789abc\r0123456789abc".as_slice();
            assert_eq!(scan(short, longest, step), None, "step {step}");
            // `longest + 4` bytes without a break: cut there, inside that line.
            let long = b"[a]\nk = 1\r0123456789abcd and more".as_slice();
            assert_eq!(scan(long, longest, step), Some(10 + 14), "step {step}");
        }
        // A file that is one long line, and one whose long line starts it.
        assert_eq!(scan(&[b'x'; 100], longest, 100), Some(14));
        assert_eq!(scan(b"\n\n\n", longest, 1), None);
    }

    #[test]
    fn a_config_is_read_whole_unless_a_line_is_too_long() {
        let ways: [fn(usize) -> Reading; 2] = [Reading::AsItComes, Reading::InBlocks];
        for way in ways {
            let read = |bytes: &[u8], size: u64, longest: Option<usize>| {
                let how = longest.map_or(Reading::Whole, way);
                read_limited(bytes, 8 << 20, "config", size, how).unwrap()
            };
            // Larger than a block (`READ_BLOCK`).
            let config = b"[profile a]\nregion = x\n".repeat(60_000);
            // Whole, in blocks or not, with the size known or not.
            assert_eq!(
                read(&config, config.len() as u64, Some(LONGEST_LINE)),
                config
            );
            assert_eq!(read(&config, 0, Some(LONGEST_LINE)), config);
            assert_eq!(read(&config, 0, None), config);
            // A long line: the bytes before it and the window's worth of it, in the second block.
            let junk = [&config[..], &vec![b'x'; 3 * LONGEST_LINE], b"\n[b]\n"].concat();
            let cut = read(&junk, junk.len() as u64, Some(LONGEST_LINE));
            assert_eq!(cut, junk[..config.len() + LONGEST_LINE + 4], "{:?}", way(0));
            assert_eq!(read(&junk, 0, None), junk);
            // More than the limit is refused, however it comes.
            let over = vec![b'\n'; (1 << 20) + 1];
            let refused = read_limited(&over[..], 1 << 20, "config", 0, way(9));
            assert!(
                matches!(refused, Err(FileError::TooLarge { .. })),
                "{:?}",
                way(0)
            );
        }
    }
}
