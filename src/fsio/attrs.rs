//! A config's extended attributes, carried over to every file made in its place: the rewritten
//! config, its backup and a restored copy. On Linux they hold the file's POSIX ACL
//! (`system.posix_acl_access`: who else may read it), its SELinux label (`security.selinux`) and
//! any `user.*` attribute a tool put there; a new file made beside the config has none of them,
//! or the directory's defaults, so without this a `--write` would quietly take back the read
//! access an ACL gave a deploy user.
//!
//! A file made in the config's place gets exactly the config's attributes: each one it lacks or
//! holds with another value is set, and each other one it got on creation (an ACL inherited from
//! the directory's default ACL) is removed, except the `security.*` ones the system gives every
//! new file. An attribute that cannot be set stops the run before the replace (the user may not
//! set a `security.*` attribute root put there); the caller says which.
//!
//! Only the namespaces whose attributes belong to the file are carried: `user.*`, `trusted.*`,
//! `security.*` and the POSIX ACL (`system.posix_acl_access`). What else a file system shows as
//! an attribute is its own view of the file, and left as it gives the new file: an NFSv4 ACL
//! (`system.nfs4_acl`, which a server may refuse to have set), btrfs properties (`btrfs.*`).
//! Attributes the user running the tool cannot see (`trusted.*` when it is not root) cannot be
//! carried. Elsewhere than Linux, no attribute is read or set (the fallback: a new file gets what
//! its directory gives it, as before); the README says so.

use std::fs::File;
use std::io;

/// An attribute's name as the system gives it (`user.note`, `system.posix_acl_access`): bytes
/// without a NUL.
pub(super) type AttrName = Vec<u8>;

/// A file's extended attributes, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Attributes(Vec<(AttrName, Vec<u8>)>);

/// An attribute that could not be read or given to a new file.
#[derive(Debug)]
pub(super) struct AttrError {
    /// `None` where the list of names itself could not be read.
    pub name: Option<AttrName>,
    pub source: io::Error,
}

impl AttrError {
    fn of(name: Option<&[u8]>) -> impl FnOnce(io::Error) -> AttrError {
        move |source| AttrError {
            name: name.map(<[u8]>::to_vec),
            source,
        }
    }
}

impl Attributes {
    /// The attributes of `file` that the user running this can read.
    pub fn of(file: &File) -> Result<Attributes, AttrError> {
        sys::read_all(file).map(Attributes)
    }

    fn get(&self, name: &[u8]) -> Option<&[u8]> {
        (self.0.iter())
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// Gives `file` exactly these attributes: sets each one it lacks or holds otherwise and
    /// removes each other one, but for the `security.*` ones the system labels a new file with.
    pub fn apply(&self, file: &File) -> Result<(), AttrError> {
        let has = Attributes::of(file)?;
        for (name, value) in &self.0 {
            if has.get(name) != Some(value.as_slice()) {
                sys::set(file, name, value).map_err(AttrError::of(Some(name)))?;
            }
        }
        for (name, _) in &has.0 {
            if self.get(name).is_none() && !name.starts_with(b"security.") {
                sys::remove(file, name).map_err(AttrError::of(Some(name)))?;
            }
        }
        Ok(())
    }
}

#[cfg(target_os = "linux")]
mod sys {
    use std::fs::File;
    use std::io;

    use rustix::fs::XattrFlags;
    use rustix::io::Errno;

    use super::{AttrError, AttrName};

    /// The most Linux holds: a list of names (`XATTR_LIST_MAX`) or one value (`XATTR_SIZE_MAX`).
    const MOST: usize = 64 * 1024;

    /// Whether an attribute named `name` is the file's own, to be carried (see the module docs).
    pub(super) fn carried(name: &[u8]) -> bool {
        ["user.", "trusted.", "security."]
            .iter()
            .any(|ns| name.starts_with(ns.as_bytes()))
            || name == b"system.posix_acl_access"
    }

    /// The names in a `listxattr` list: each ends with a NUL.
    pub(super) fn names(list: &[u8]) -> impl Iterator<Item = &[u8]> {
        list.split(|&b| b == 0).filter(|n| !n.is_empty())
    }

    pub fn read_all(file: &File) -> Result<Vec<(AttrName, Vec<u8>)>, AttrError> {
        let mut list = vec![0; MOST];
        let len = match rustix::fs::flistxattr(file, &mut list[..]) {
            Ok(len) => len,
            // A file system without extended attributes: the file has none.
            Err(e) if e == Errno::NOTSUP => return Ok(Vec::new()),
            Err(e) => return Err(AttrError::of(None)(e.into())),
        };
        let mut value = vec![0; MOST];
        let mut all = Vec::new();
        for name in names(&list[..len]).filter(|n| carried(n)) {
            match rustix::fs::fgetxattr(file, name, &mut value[..]) {
                Ok(n) => all.push((name.to_vec(), value[..n].to_vec())),
                // Removed since the list was read.
                Err(e) if e == Errno::NODATA => {}
                Err(e) => return Err(AttrError::of(Some(name))(e.into())),
            }
        }
        all.sort();
        Ok(all)
    }

    pub fn set(file: &File, name: &[u8], value: &[u8]) -> io::Result<()> {
        Ok(rustix::fs::fsetxattr(
            file,
            name,
            value,
            XattrFlags::empty(),
        )?)
    }

    pub fn remove(file: &File, name: &[u8]) -> io::Result<()> {
        match rustix::fs::fremovexattr(file, name) {
            Err(e) if e != Errno::NODATA => Err(e.into()),
            _ => Ok(()),
        }
    }
}

/// Elsewhere than Linux nothing is read, so nothing is set or removed.
#[cfg(not(target_os = "linux"))]
mod sys {
    use std::fs::File;
    use std::io;

    use super::{AttrError, AttrName};

    pub fn read_all(_file: &File) -> Result<Vec<(AttrName, Vec<u8>)>, AttrError> {
        Ok(Vec::new())
    }

    pub fn set(_file: &File, _name: &[u8], _value: &[u8]) -> io::Result<()> {
        Ok(())
    }

    pub fn remove(_file: &File, _name: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use rustix::fs::XattrFlags;

    use super::*;

    #[test]
    fn a_list_of_names_is_split_at_each_nul() {
        let names = sys::names;
        let got: Vec<&[u8]> = names(b"user.a\0system.posix_acl_access\0").collect();
        assert_eq!(got, [&b"user.a"[..], b"system.posix_acl_access"]);
        assert_eq!(names(b"").count(), 0);
        let carried = sys::carried;
        for name in [
            "user.a",
            "trusted.x",
            "security.selinux",
            "system.posix_acl_access",
        ] {
            assert!(carried(name.as_bytes()), "{name}");
        }
        for name in [
            "system.nfs4_acl",
            "system.posix_acl_default",
            "btrfs.compression",
            "user",
        ] {
            assert!(!carried(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn a_new_file_gets_exactly_the_attributes_of_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("from"), dir.path().join("to"));
        std::fs::write(&from, "a").unwrap();
        std::fs::write(&to, "b").unwrap();
        let (from, to) = (File::open(&from).unwrap(), File::open(&to).unwrap());
        rustix::fs::fsetxattr(&from, "user.kept", b"\0\x01v", XattrFlags::empty()).unwrap();
        rustix::fs::fsetxattr(&from, "user.same", b"s", XattrFlags::empty()).unwrap();
        rustix::fs::fsetxattr(&to, "user.same", b"s", XattrFlags::empty()).unwrap();
        rustix::fs::fsetxattr(&to, "user.extra", b"x", XattrFlags::empty()).unwrap();
        let original = Attributes::of(&from).unwrap();
        assert_eq!(
            original,
            Attributes(vec![
                (b"user.kept".to_vec(), b"\0\x01v".to_vec()),
                (b"user.same".to_vec(), b"s".to_vec()),
            ])
        );
        original.apply(&to).unwrap();
        assert_eq!(Attributes::of(&to).unwrap(), original);
        // Nothing to carry: the new file's own are removed.
        Attributes::default().apply(&to).unwrap();
        assert_eq!(Attributes::of(&to).unwrap(), Attributes::default());
    }
}
