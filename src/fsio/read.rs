//! Reading a config, or any input the tool takes: only a regular file (or a symlink to one) or
//! stdin, refused before it is opened for reading where it is anything else, within a size limit,
//! and for a config, stopped at the first line too long to be one.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::FileTypeExt;

use rustix::fs::{Mode, OFlags};

use crate::aws::LONGEST_LINE;
use crate::error::{FileError, FileKind, Input};

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
pub(super) enum Reading {
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
pub(super) fn read_limited(
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
