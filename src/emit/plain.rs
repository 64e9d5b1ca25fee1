//! Output without colour: [`StripStyles`] drops the escape codes the emitters write and passes
//! every other byte through.
//!
//! The emitters always write their styles (`anstyle`, which are CSI sequences: `ESC [`, parameter
//! and intermediate bytes, one final byte); the stream decides whether to keep them. Where colour
//! is off this writer drops them: a scan for `ESC` per write, so a 100,000-profile diff costs a
//! copy, where a general terminal-sequence parser looked at every byte. Text quoted from a file
//! reaches it already escaped ([`crate::emit::text`]), so every CSI sequence it sees is the
//! tool's. The diff and `config` outputs, which print the file's own bytes for `patch` or a
//! file, never go through it ([`crate::emit::Emitter::prints_the_file`]): it would drop the
//! file's colour codes with the tool's.

use std::io::{self, Write};

const ESC: u8 = 0x1b;

/// Where a [`StripStyles`] is in the byte stream: a sequence may be split across writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// After `ESC`.
    Escape,
    /// After `ESC [`, before the final byte.
    Sequence,
}

/// A writer that drops CSI sequences (`ESC [ … final`) and writes everything else to `inner`.
pub struct StripStyles<W: Write> {
    inner: W,
    state: State,
}

impl<W: Write> StripStyles<W> {
    pub fn new(inner: W) -> Self {
        StripStyles {
            inner,
            state: State::Text,
        }
    }
}

impl<W: Write> Write for StripStyles<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while let Some(&first) = buf.first() {
            match self.state {
                State::Text => {
                    let Some(at) = memchr::memchr(ESC, buf) else {
                        return self.inner.write_all(buf);
                    };
                    self.inner.write_all(&buf[..at])?;
                    buf = &buf[at + 1..];
                    self.state = State::Escape;
                }
                State::Escape if first == b'[' => {
                    buf = &buf[1..];
                    self.state = State::Sequence;
                }
                State::Escape => {
                    // Not a sequence: the `ESC` was the text's own.
                    self.inner.write_all(&[ESC])?;
                    self.state = State::Text;
                }
                State::Sequence => match buf.iter().position(|b| (0x40..=0x7e).contains(b)) {
                    Some(end) => {
                        buf = &buf[end + 1..];
                        self.state = State::Text;
                    }
                    None => buf = &[],
                },
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anstyle::{AnsiColor, Style};

    fn strip(pieces: &[&[u8]]) -> Vec<u8> {
        let mut w = StripStyles::new(Vec::new());
        for p in pieces {
            w.write_all(p).unwrap();
        }
        w.inner
    }

    #[test]
    fn drops_styles_and_keeps_everything_else() {
        let red = AnsiColor::Red.on_default();
        let bold = Style::new().bold();
        let styled = format!("{red}-a = 1{red:#}\n{bold}+++ x{bold:#}\r\n");
        assert_eq!(strip(&[styled.as_bytes()]), b"-a = 1\n+++ x\r\n");
        // Split anywhere, even inside a sequence.
        let bytes = styled.as_bytes();
        for cut in 0..bytes.len() {
            assert_eq!(strip(&[&bytes[..cut], &bytes[cut..]]), b"-a = 1\n+++ x\r\n");
        }
        // A file's own bytes that are not a sequence pass through.
        assert_eq!(
            strip(&[b"k = \x07\x1bx\x7f\xc3\xa9\n"]),
            b"k = \x07\x1bx\x7f\xc3\xa9\n"
        );
        assert_eq!(strip(&[b"a\x1b", b"b"]), b"a\x1bb");
    }
}
