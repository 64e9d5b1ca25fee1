//! Backup names and the checks a backup must pass before it is put back.
//!
//! A backup of `config` is `config.aws-sso-migrate-YYYYMMDDTHHMMSSZ.bak` (UTC, when it was made),
//! or `config.aws-sso-migrate-YYYYMMDDTHHMMSSZ-N.bak` (N from 2 to 9999) when that second already
//! has one. Nobody writes such a name by accident, so `--restore` considers only these; a file
//! under such a name is still put back only if it is a regular file, not a symlink, owned by the
//! config's owner. Names from earlier versions (`config.bak`, `config.bak.N`) cannot be told from
//! a file made by hand: they are listed, never restored.

use std::cmp::Ordering;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use super::dir::{Dir, concat};
use super::hooks::{self, Fault};
use crate::error::BackupRefusal;

const MARK: &str = ".aws-sso-migrate-";
const EXT: &str = ".bak";
/// The highest `-N` tried within one second; parsing never reads a number past it, so nothing
/// can overflow.
const MAX_SUFFIX: u32 = 9999;

/// When a backup was made, as written in its name (UTC, to the second).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BackupTime {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl BackupTime {
    pub fn now() -> BackupTime {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        BackupTime::from_unix(secs)
    }

    /// Civil UTC time of a Unix timestamp (Howard Hinnant's `civil_from_days`).
    fn from_unix(secs: u64) -> BackupTime {
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u32;
        BackupTime {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }

    /// `YYYYMMDDTHHMMSSZ`, as in file names.
    fn stamp(&self) -> String {
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    fn parse_stamp(s: &[u8]) -> Option<BackupTime> {
        if s.len() != 16 || s[8] != b'T' || s[15] != b'Z' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let d = &s[r];
            d.iter()
                .all(u8::is_ascii_digit)
                .then(|| d.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
        };
        let t = BackupTime {
            year: num(0..4)?,
            month: num(4..6)?,
            day: num(6..8)?,
            hour: num(9..11)?,
            minute: num(11..13)?,
            second: num(13..15)?,
        };
        let valid = (1..=12).contains(&t.month)
            && (1..=31).contains(&t.day)
            && t.hour < 24
            && t.minute < 60
            && t.second < 61;
        valid.then_some(t)
    }
}

impl fmt::Display for BackupTime {
    /// `2026-11-30 00:15:07 UTC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// One backup of this tool next to a config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    pub time: BackupTime,
    /// 1 for the first backup of that second, then 2, 3, …
    pub(super) number: u32,
    pub(super) name: OsString,
    /// Why `--restore` would refuse it, if it would.
    pub refusal: Option<BackupRefusal>,
}

impl Backup {
    fn order(&self, other: &Backup) -> Ordering {
        (self.time, self.number).cmp(&(other.time, other.number))
    }
}

/// The backup name for `base` made at `time`, the `number`th in that second.
fn name(base: &OsStr, time: BackupTime, number: u32) -> OsString {
    let suffix = if number == 1 {
        String::new()
    } else {
        format!("-{number}")
    };
    concat(&[
        base.as_bytes(),
        MARK.as_bytes(),
        time.stamp().as_bytes(),
        suffix.as_bytes(),
        EXT.as_bytes(),
    ])
}

/// The time and number in a backup name of `base`, if `file` is one.
fn parse(file: &OsStr, base: &OsStr) -> Option<(BackupTime, u32)> {
    let rest = file
        .as_bytes()
        .strip_prefix(base.as_bytes())?
        .strip_prefix(MARK.as_bytes())?
        .strip_suffix(EXT.as_bytes())?;
    let (stamp, number) = match rest.split_at_checked(16)? {
        (stamp, []) => (stamp, 1),
        (stamp, [b'-', digits @ ..]) => {
            // At most four digits, no leading zero: the parse cannot overflow.
            if digits.is_empty() || digits.len() > 4 || digits[0] == b'0' {
                return None;
            }
            let n = std::str::from_utf8(digits).ok()?.parse::<u32>().ok()?;
            (stamp, n)
        }
        _ => return None,
    };
    if !(1..=MAX_SUFFIX).contains(&number) || (number == 1 && rest.len() != 16) {
        return None;
    }
    Some((BackupTime::parse_stamp(stamp)?, number))
}

/// Whether `file` is a backup name of an earlier version: `base.bak` or `base.bak.N`.
fn is_legacy(file: &OsStr, base: &OsStr) -> bool {
    let Some(rest) = file
        .as_bytes()
        .strip_prefix(base.as_bytes())
        .and_then(|r| r.strip_prefix(b".bak"))
    else {
        return false;
    };
    rest.is_empty()
        || rest
            .strip_prefix(b".")
            .is_some_and(|n| !n.is_empty() && n.iter().all(u8::is_ascii_digit))
}

/// This tool's backups of `base` in `dir`, oldest first, each with the reason `--restore` would
/// refuse it (checked without following links); and the names of earlier versions' backups.
pub(super) fn list(
    dir: &Dir,
    base: &OsStr,
    owner: u32,
    max_size: u64,
) -> io::Result<(Vec<Backup>, Vec<PathBuf>)> {
    let mut ours = Vec::new();
    let mut legacy = Vec::new();
    for entry in std::fs::read_dir(&dir.path)? {
        let file = entry?.file_name();
        if let Some((time, number)) = parse(&file, base) {
            let refusal = match dir.lstat(&file) {
                Ok(meta) => refusal(&meta, owner, max_size),
                // Gone since the listing: leave it out.
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            ours.push(Backup {
                path: dir.join(&file),
                time,
                number,
                name: file,
                refusal,
            });
        } else if is_legacy(&file, base) {
            legacy.push(dir.join(&file));
        }
    }
    ours.sort_by(Backup::order);
    legacy.sort();
    Ok((ours, legacy))
}

/// Why a backup with metadata `meta` (not following links) may not be put back.
pub(super) fn refusal(
    meta: &std::fs::Metadata,
    owner: u32,
    max_size: u64,
) -> Option<BackupRefusal> {
    if !meta.is_file() {
        return Some(BackupRefusal::Kind(super::kind(meta.file_type())));
    }
    if meta.uid() != owner {
        return Some(BackupRefusal::Owner {
            owner: meta.uid(),
            expected: owner,
        });
    }
    if meta.len() > max_size {
        return Some(BackupRefusal::TooLarge { limit: max_size });
    }
    None
}

/// Links the file `from` in `dir` to the first free backup name of `base` for this second,
/// never replacing anything, and makes the link durable.
pub(super) fn link(dir: &Dir, from: &OsStr, base: &OsStr) -> io::Result<OsString> {
    let time = BackupTime::now();
    for number in 1..=MAX_SUFFIX {
        let to = name(base, time, number);
        match dir.link_noclobber(from, &to) {
            Ok(()) => {
                let synced = hooks::fault(Fault::BackupSync).and_then(|()| dir.sync());
                if let Err(e) = synced {
                    // A backup that may not survive a crash is not reported as made.
                    let _ = dir.unlink(&to);
                    return Err(e);
                }
                return Ok(to);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{MAX_SUFFIX} backups were already made in this second"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: u64) -> BackupTime {
        BackupTime::from_unix(secs)
    }

    #[test]
    fn times_are_utc_civil_dates() {
        assert_eq!(t(0).stamp(), "19700101T000000Z");
        assert_eq!(t(951_782_400).stamp(), "20000229T000000Z");
        assert_eq!(t(1_796_083_199).stamp(), "20261130T235959Z");
        assert_eq!(t(4_102_444_800).stamp(), "21000101T000000Z");
        assert_eq!(t(1_796_083_199).to_string(), "2026-11-30 23:59:59 UTC");
    }

    #[test]
    fn backup_names_round_trip_and_nothing_else_parses() {
        let base = OsStr::new("config");
        let time = t(1_796_083_199);
        for n in [1, 2, 10, MAX_SUFFIX] {
            assert_eq!(parse(&name(base, time, n), base), Some((time, n)));
        }
        assert_eq!(
            name(base, time, 1),
            "config.aws-sso-migrate-20261130T235959Z.bak"
        );
        assert_eq!(
            name(base, time, 3),
            "config.aws-sso-migrate-20261130T235959Z-3.bak"
        );
        for bad in [
            "config.bak",
            "config.bak.2",
            "config.aws-sso-migrate-20261130T235959Z-1.bak",
            "config.aws-sso-migrate-20261130T235959Z-02.bak",
            "config.aws-sso-migrate-20261130T235959Z-10000.bak",
            "config.aws-sso-migrate-20261130T235959Z-18446744073709551615.bak",
            "config.aws-sso-migrate-20261130T235959Z-.bak",
            "config.aws-sso-migrate-20261330T235959Z.bak",
            "config.aws-sso-migrate-2026113xT235959Z.bak",
            "config.aws-sso-migrate-20261130T235959Z.bak.tmp",
            "other.aws-sso-migrate-20261130T235959Z.bak",
        ] {
            assert_eq!(parse(OsStr::new(bad), base), None, "{bad}");
        }
    }

    #[test]
    fn legacy_names() {
        let base = OsStr::new("config");
        for yes in [
            "config.bak",
            "config.bak.2",
            "config.bak.18446744073709551615",
        ] {
            assert!(is_legacy(OsStr::new(yes), base), "{yes}");
        }
        for no in ["config.bakx", "config.bak.", "config.bak.x", "configx.bak"] {
            assert!(!is_legacy(OsStr::new(no), base), "{no}");
        }
    }

    #[test]
    fn newer_sorts_later() {
        let b = |time, number| Backup {
            path: PathBuf::new(),
            time,
            number,
            name: OsString::new(),
            refusal: None,
        };
        let mut v = [b(t(5), 1), b(t(9), 1), b(t(5), 10), b(t(5), 2)];
        v.sort_by(Backup::order);
        let order: Vec<_> = v.iter().map(|b| (b.time, b.number)).collect();
        assert_eq!(order, [(t(5), 1), (t(5), 2), (t(5), 10), (t(9), 1)]);
    }
}
