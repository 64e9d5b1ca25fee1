//! A directory of one user's own files that a run reads and adds to on that user's behalf: the
//! SSO token cache. The same discipline as next to a config ([`super::dir::Dir`]): the
//! directory is held open and must belong to the user, every file is opened relative to it
//! without following a link or blocking, only the user's own regular files are read, and a new
//! file is written to a temp file with the user's ownership (checked after it was set), linked
//! into place without replacing anything, and made durable. A root run over another user's
//! config can thus neither read a file that user could not read (a link to root's own token)
//! nor write anywhere that user could not.

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::dir::{Dir, Ownership};
use crate::error::FileKind;

/// A user's directory, held open.
pub struct UserDir {
    dir: Dir,
    uid: u32,
    gid: u32,
}

/// What reading one file of a [`UserDir`] found.
#[derive(Debug)]
pub enum UserRead {
    Missing,
    Bytes(Vec<u8>),
    /// Not a regular file (a link, a FIFO, a device, a directory): not opened, or not read.
    NotAFile(FileKind),
    /// A file of someone other than the directory's user.
    NotTheirs,
    TooLarge,
    Denied,
    Io(io::Error),
}

impl UserDir {
    /// Opens `path` as the directory of user `uid` (group `gid`): `None` when it does not
    /// exist, is not a directory, or belongs to someone else.
    pub fn open(path: &Path, uid: u32, gid: u32) -> io::Result<Option<UserDir>> {
        let dir = match Dir::open(path) {
            Ok(d) => d,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if dir.metadata()?.uid() != uid {
            return Ok(None);
        }
        Ok(Some(UserDir { dir, uid, gid }))
    }

    /// Reads `name` if it is the user's own regular file of at most `limit` bytes.
    pub fn read(&self, name: &OsStr, limit: u64) -> UserRead {
        let problem = |e: io::Error| match e.kind() {
            io::ErrorKind::NotFound => UserRead::Missing,
            io::ErrorKind::PermissionDenied => UserRead::Denied,
            _ if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
                UserRead::NotAFile(FileKind::Symlink)
            }
            _ => UserRead::Io(e),
        };
        let file = match self.dir.open_read(name) {
            Ok(f) => f,
            Err(e) => return problem(e),
        };
        let meta = match file.metadata() {
            Ok(m) => m,
            Err(e) => return problem(e),
        };
        if !meta.is_file() {
            return UserRead::NotAFile(super::kind(meta.file_type()));
        }
        if meta.uid() != self.uid {
            return UserRead::NotTheirs;
        }
        if meta.len() > limit {
            return UserRead::TooLarge;
        }
        let mut bytes = Vec::new();
        match file.take(limit + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > limit => UserRead::TooLarge,
            Ok(_) => UserRead::Bytes(bytes),
            Err(e) => problem(e),
        }
    }

    /// Creates `name` with `bytes`, mode 0600, owned by the user; `Ok(false)` when a file of
    /// that name exists (it is left as it is).
    pub fn create_new(&self, name: &OsStr, bytes: &[u8]) -> io::Result<bool> {
        let mut tmp = self.dir.create_temp(name)?;
        tmp.file.write_all(bytes)?;
        Ownership {
            uid: self.uid,
            gid: self.gid,
            mode: 0o600,
        }
        .apply(&tmp.file)?;
        tmp.file.sync_all()?;
        match self.dir.link_noclobber(&tmp.name, name) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(e),
        }
        // The temp name goes when `tmp` is dropped; the file stays under `name`.
        self.dir.sync()?;
        Ok(true)
    }
}
