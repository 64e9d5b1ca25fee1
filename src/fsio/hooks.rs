//! Test-only hooks, compiled in only with the `test-hooks` cargo feature (which the test suite
//! turns on; `cargo build` and `cargo install` never do). Without the feature these are no-ops
//! and a binary ignores the variables below entirely.
//!
//! - `AWS_SSO_MIGRATE_TEST_PAUSE=STAGE:FIFO` blocks at `STAGE` until the test writes to and
//!   closes the FIFO, so a test can change the file or kill the process at an exact point
//!   without sleeping. Stages: `before-replace` (the new content is written, fsynced and given
//!   the config's extended attributes, owner and mode; the next step is the final exchange,
//!   with nothing read in between), `after-exchange` (the config and the new file were just
//!   swapped, before what was swapped out is compared), `after-replace` (the new file is in
//!   place, before the directory fsync).
//! - `AWS_SSO_MIGRATE_TEST_FAULT=WHAT` makes one step fail: `write` (writing the new content, as
//!   a full disk would), `backup-sync` (the directory fsync after a backup is linked),
//!   `replace-sync` (the directory fsync after the replace).

use std::io;

/// A step that a test can make fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fault {
    Write,
    BackupSync,
    ReplaceSync,
}

#[cfg(feature = "test-hooks")]
pub(super) fn pause(stage: &str) {
    if let Some(v) = std::env::var_os("AWS_SSO_MIGRATE_TEST_PAUSE")
        && let Some((s, fifo)) = v.to_str().and_then(|v| v.split_once(':'))
        && s == stage
    {
        let _ = std::fs::read(fifo);
    }
}

#[cfg(not(feature = "test-hooks"))]
pub(super) fn pause(_stage: &str) {}

/// `Err` (as the real failure would look) when the test asked for `fault`.
#[cfg(feature = "test-hooks")]
pub(super) fn fault(fault: Fault) -> io::Result<()> {
    let name = match fault {
        Fault::Write => "write",
        Fault::BackupSync => "backup-sync",
        Fault::ReplaceSync => "replace-sync",
    };
    if std::env::var("AWS_SSO_MIGRATE_TEST_FAULT").is_ok_and(|v| v == name) {
        let errno = match fault {
            Fault::Write => 28,                          // ENOSPC
            Fault::BackupSync | Fault::ReplaceSync => 5, // EIO
        };
        return Err(io::Error::from_raw_os_error(errno));
    }
    Ok(())
}

#[cfg(not(feature = "test-hooks"))]
pub(super) fn fault(_fault: Fault) -> io::Result<()> {
    Ok(())
}
