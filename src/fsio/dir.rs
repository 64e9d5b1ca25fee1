//! A config's directory, held open by descriptor. Every file this tool creates, links, swaps or
//! removes next to a config is named relative to that descriptor, and nothing in it is opened
//! through a symlink: a directory or file swapped for a link during a run (by whoever else can
//! write there) cannot redirect a root run to another place.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, Mode, OFlags};

/// The suffix of every temporary file this tool makes: `.NAME.RANDOM.aws-sso-migrate.tmp`.
pub(super) const TEMP_SUFFIX: &str = ".aws-sso-migrate.tmp";

pub(super) struct Dir {
    fd: OwnedFd,
    pub path: PathBuf,
}

impl Dir {
    pub fn open(path: &Path) -> io::Result<Dir> {
        let fd = rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(Dir {
            fd,
            path: path.to_path_buf(),
        })
    }

    pub fn join(&self, name: &OsStr) -> PathBuf {
        self.path.join(name)
    }

    /// Opens `name` for reading without following a symlink, without blocking on a FIFO and
    /// without making a terminal ours. The caller checks what it opened with `metadata()`.
    pub fn open_read(&self, name: &OsStr) -> io::Result<File> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
            Mode::empty(),
        )?;
        Ok(File::from(fd))
    }

    /// The directory's own metadata, from the held descriptor.
    pub fn metadata(&self) -> io::Result<fs::Metadata> {
        self.fd.try_clone().map(File::from)?.metadata()
    }

    /// What `name` is, without following a symlink and without opening it.
    pub fn lstat(&self, name: &OsStr) -> io::Result<fs::Metadata> {
        fs::symlink_metadata(self.join(name))
    }

    /// A new, empty file `.BASE.RANDOM.aws-sso-migrate.tmp`, mode 0600, removed again when the
    /// returned value is dropped unless it is kept.
    pub fn create_temp(&self, base: &OsStr) -> io::Result<Temp<'_>> {
        let mut last = None;
        for _ in 0..100 {
            let mut name = OsString::from(".");
            name.push(base);
            name.push(".");
            name.push(random_token());
            name.push(TEMP_SUFFIX);
            match rustix::fs::openat(
                &self.fd,
                name.as_os_str(),
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o600),
            ) {
                Ok(fd) => {
                    return Ok(Temp {
                        dir: self,
                        name,
                        file: File::from(fd),
                        keep: false,
                    });
                }
                Err(e) if e == rustix::io::Errno::EXIST => last = Some(e),
                Err(e) => return Err(e.into()),
            }
        }
        Err(last.map_or_else(|| io::Error::other("no free temporary name"), Into::into))
    }

    /// Gives `from` the name `to` as well, failing with `AlreadyExists` rather than replacing
    /// anything at `to`.
    pub fn link_noclobber(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
        Ok(rustix::fs::linkat(
            &self.fd,
            from,
            &self.fd,
            to,
            AtFlags::empty(),
        )?)
    }

    /// Atomically swaps the files named `a` and `b`. `Ok(false)` when this platform or file
    /// system cannot (the caller falls back to a plain rename).
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    pub fn exchange(&self, a: &OsStr, b: &OsStr) -> io::Result<bool> {
        use rustix::io::Errno;
        match rustix::fs::renameat_with(&self.fd, a, &self.fd, b, rustix::fs::RenameFlags::EXCHANGE)
        {
            Ok(()) => Ok(true),
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    pub fn exchange(&self, _a: &OsStr, _b: &OsStr) -> io::Result<bool> {
        Ok(false)
    }

    pub fn rename(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
        Ok(rustix::fs::renameat(&self.fd, from, &self.fd, to)?)
    }

    pub fn unlink(&self, name: &OsStr) -> io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.fd, name, AtFlags::empty())?)
    }

    /// Makes the directory's entries durable (a rename or link is only durable after this).
    pub fn sync(&self) -> io::Result<()> {
        Ok(rustix::fs::fsync(&self.fd)?)
    }
}

/// A temporary file of this tool, removed when dropped unless [`Temp::keep`] was called.
pub(super) struct Temp<'d> {
    dir: &'d Dir,
    pub name: OsString,
    pub file: File,
    keep: bool,
}

impl Temp<'_> {
    /// Leaves the name in place when this value is dropped.
    pub fn keep(&mut self) {
        self.keep = true;
    }
}

impl Drop for Temp<'_> {
    fn drop(&mut self) {
        if !self.keep {
            let _ = self.dir.unlink(&self.name);
        }
    }
}

/// Whether `file` is `.BASE.TOKEN.aws-sso-migrate.tmp` with a token this tool (or the
/// `tempfile` crate, which earlier versions used) would write.
pub(super) fn is_temp_name(file: &OsStr, base: &OsStr) -> bool {
    let file = file.as_bytes();
    let base = base.as_bytes();
    let Some(rest) = file
        .strip_prefix(b".")
        .and_then(|r| r.strip_prefix(base))
        .and_then(|r| r.strip_prefix(b"."))
        .and_then(|r| r.strip_suffix(TEMP_SUFFIX.as_bytes()))
    else {
        return false;
    };
    (6..=32).contains(&rest.len()) && rest.iter().all(u8::is_ascii_alphanumeric)
}

/// Who a file this tool creates must belong to, and the widest mode it may have.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ownership {
    pub uid: u32,
    pub gid: u32,
    pub mode: u32,
}

impl Ownership {
    pub fn of(meta: &fs::Metadata) -> Ownership {
        Ownership {
            uid: meta.uid(),
            gid: meta.gid(),
            mode: meta.mode() & 0o7777,
        }
    }

    /// The same owner and group with only the permission bits (no setuid, setgid or sticky):
    /// what a backup gets.
    pub fn plain(self) -> Ownership {
        Ownership {
            mode: self.mode & 0o777,
            ..self
        }
    }

    /// Gives `file` this owner, group and mode. Root can always; the owner running it can
    /// choose only a group it belongs to, and when the group cannot be set the group bits are
    /// cleared, so the file is never readable by more people than the original.
    pub fn apply(self, file: &File) -> io::Result<()> {
        let _ = std::os::unix::fs::fchown(file, Some(self.uid), Some(self.gid));
        let now = file.metadata()?;
        if now.uid() != self.uid {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("cannot give a file to user {}", self.uid),
            ));
        }
        let mode = if now.gid() == self.gid {
            self.mode
        } else {
            self.mode & !0o070
        };
        // After fchown: changing the owner clears setuid and setgid.
        file.set_permissions(fs::Permissions::from_mode(mode))
    }
}

/// Twelve random letters and digits, from the standard library's per-process random seed.
fn random_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    let mut n = h.finish();
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = Vec::with_capacity(12);
    for _ in 0..12 {
        out.push(ALPHABET[(n % 36) as usize]);
        n /= 36;
    }
    String::from_utf8(out).expect("ASCII")
}

/// `name` as bytes-preserving `OsString` (non-UTF-8 names stay exact).
pub(super) fn concat(parts: &[&[u8]]) -> OsString {
    OsString::from_vec(parts.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        let base = OsStr::new("config");
        assert!(is_temp_name(
            OsStr::new(".config.abc123.aws-sso-migrate.tmp"),
            base
        ));
        assert!(is_temp_name(
            OsStr::new(".config.a1b2c3d4e5f6.aws-sso-migrate.tmp"),
            base
        ));
        assert!(!is_temp_name(
            OsStr::new(".config..aws-sso-migrate.tmp"),
            base
        ));
        assert!(!is_temp_name(
            OsStr::new(".config.ab/c12.aws-sso-migrate.tmp"),
            base
        ));
        assert!(!is_temp_name(
            OsStr::new(".other.abc123.aws-sso-migrate.tmp"),
            base
        ));
        assert!(!is_temp_name(OsStr::new("config.abc123.tmp"), base));
        let t = random_token();
        assert_eq!(t.len(), 12);
        assert!(is_temp_name(
            &concat(&[b".config.", t.as_bytes(), TEMP_SUFFIX.as_bytes()]),
            base
        ));
    }
}
