//! Where the AWS SDK for Rust's parser fails on a file, and with what text. It refuses the whole
//! file at the first line it cannot parse, where botocore may read the same line as a key, a
//! comment or more of a value: `--doctor` claims the failure on that line, and only there.
//!
//! The reading follows `aws-runtime` 1.10.2 `env_config/parse.rs` (`Parser::parse_profile`,
//! `prepare_line`, `parse_property_line`, `validate_subproperty`; `AWS-CONFIG-FACTS.md` §2.3),
//! run as aws-config 1.13.0 by `interop/rust-sdk --doctor`, which holds every claim:
//! - a line is cut at a line feed only (`str::lines`, which drops a carriage return before
//!   one): a lone carriage return does not end it;
//! - a line that is empty but for spaces and tabs, or starts with `#` or `;`, is skipped (an
//!   indented comment is not: it continues the value above, or fails where there is none);
//! - a line that starts with `[` is a header once a comment is cut from it (at the first `#`
//!   or `;` anywhere) and it is trimmed of spaces and tabs: it must end with `]`;
//! - a line that starts with a space or a tab continues the key above it, and where that key's
//!   value was empty (`s3 =`) must itself be `key = value` (a comment there is cut only after a
//!   blank, so `  # note` is no such line); with no key above under its header it fails;
//! - any other line is `key = value` once a comment is cut (at a `#` or `;` after a character
//!   Rust takes for whitespace, `char::is_whitespace`), with a name before the `=`; before the
//!   first header it fails.
//!
//! A file's byte order mark is part of its first line to Rust, which is then no header.
//!
//! Past a failure the walk goes on as if the line had been written as Rust wants (a key, or a
//! header), so each later line is judged as Rust would judge it once the ones above are mended:
//! a file with two `KEY: VALUE` lines fails on each.

use serde::Serialize;

use crate::doc::{Document, Ending};

/// Why the AWS SDK for Rust cannot parse a line ([`RustParseError::text`]: its own words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RustParseError {
    /// A key or an indented line before the first header (or a first line that starts with a
    /// byte order mark).
    ExpectedProfile,
    /// A header that does not end in `]` once its comment is cut.
    HeaderEnd,
    /// A key line without `=` once its comment is cut.
    ExpectedEquals,
    /// A line of a nested block (`s3 =` and indented lines) without `=`.
    ExpectedSubEquals,
    /// A key line with nothing before its `=`.
    NoName,
    /// A line of a nested block with nothing before its `=`.
    SubNoName,
    /// An indented line right under a header: it continues no key.
    ContinuationWithoutProperty,
}

impl RustParseError {
    /// The SDK's text for it, as it says it after `error parsing … on line N:`.
    pub fn text(self) -> &'static str {
        match self {
            RustParseError::ExpectedProfile => "Expected a profile definition",
            RustParseError::HeaderEnd => "Profile definition must end with ']'",
            RustParseError::ExpectedEquals => "Expected an '=' sign defining a property",
            RustParseError::ExpectedSubEquals => "Expected an '=' sign defining a sub-property",
            RustParseError::NoName => "Property did not have a name",
            RustParseError::SubNoName => "Sub-property did not have a name",
            RustParseError::ContinuationWithoutProperty => {
                "Expected a property definition, found continuation"
            }
        }
    }
}

/// Where the parser is: before the first header, under a header before its first key, or after
/// a key (`nested`: whose value was empty, so indented lines must be `key = value`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Starting,
    InSection,
    AfterKey { nested: bool },
}

/// Every line (0-based, of `doc`'s lines) at which the AWS SDK for Rust fails to parse `doc`,
/// in order, each with the error it gives: the first is where it refuses the file. A line of
/// its that runs over lone carriage returns is reported at its first line here. The lines are
/// taken from `doc`'s table of them (a search for each line feed again cost more than all the
/// rest), the comment signs from one search of the whole file; only a line with such a sign
/// before its `=` is read as characters.
pub fn failures(doc: &Document) -> Vec<(usize, RustParseError)> {
    let bytes = &*doc.bytes();
    let mut out = Vec::new();
    let mut state = State::Starting;
    // Where the comment signs are, found over the whole file: nearly every line has none.
    let mut signs = Ahead::new(memchr::memchr2_iter(b'#', b';', bytes));
    let mut i = 0;
    while i < doc.len() {
        let first = i;
        // A lone carriage return does not end Rust's line (`str::lines`): it runs on to a line
        // feed, or the end of the file, where the carriage return stays on it.
        while doc.ending(i) == Ending::Cr && i + 1 < doc.len() {
            i += 1;
        }
        let start = if first == 0 { 0 } else { doc.line_start(first) };
        let end = match doc.ending(i) {
            Ending::Cr => bytes.len(),
            ending if i + 1 < doc.len() => doc.line_start(i + 1) - ending.as_bytes().len(),
            ending => bytes.len() - ending.as_bytes().len(),
        };
        i += 1;
        let sign = signs.first_in(start, end);
        if let Some(error) = judge(&bytes[start..end], sign, &mut state) {
            out.push((first, error));
        }
    }
    out
}

/// An iterator of ascending offsets, looked at a line at a time.
struct Ahead<I: Iterator<Item = usize>> {
    rest: I,
    next: Option<usize>,
}

impl<I: Iterator<Item = usize>> Ahead<I> {
    fn new(mut rest: I) -> Self {
        let next = rest.next();
        Ahead { rest, next }
    }

    /// The first offset in `start..end`, relative to `start`; those before are passed by.
    fn first_in(&mut self, start: usize, end: usize) -> Option<usize> {
        while self.next.is_some_and(|at| at < start) {
            self.next = self.rest.next();
        }
        self.next.filter(|&at| at < end).map(|at| at - start)
    }
}

fn is_blank(b: &u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// `line` without the spaces and tabs at its ends (`trim_matches(WHITESPACE)`).
fn trim(line: &[u8]) -> &[u8] {
    let start = line.iter().position(|b| !is_blank(b)).unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|b| !is_blank(b))
        .map_or(start, |at| at + 1);
    &line[start..end]
}

/// Rust's verdict on `line`, moving `state` on as the line reads once it is what Rust wants.
/// `sign`: where its first `#` or `;` is, if it has one.
fn judge(line: &[u8], sign: Option<usize>, state: &mut State) -> Option<RustParseError> {
    let &first = line.first()?;
    if matches!(first, b'#' | b';') || is_blank(&first) && line.iter().all(is_blank) {
        return None;
    }
    // `strip_prefix('[')` of such a line never fails: only its end is looked at.
    if first == b'[' {
        *state = State::InSection;
        // Nearly every header: `]` last and no comment sign.
        if sign.is_none() && line.last() == Some(&b']') {
            return None;
        }
        return (!prepare_line(line, false).ends_with(b"]")).then_some(RustParseError::HeaderEnd);
    }
    if is_blank(&first) {
        return match *state {
            // An indented header is taken for the header it was meant to be.
            State::Starting => {
                *state = if trim(line).starts_with(b"[") {
                    State::InSection
                } else {
                    State::AfterKey { nested: false }
                };
                Some(RustParseError::ExpectedProfile)
            }
            State::InSection => {
                *state = State::AfterKey { nested: false };
                Some(RustParseError::ContinuationWithoutProperty)
            }
            State::AfterKey { nested: false } => None,
            State::AfterKey { nested: true } => match property(line) {
                Ok(_) => None,
                Err(PropertyError::NoEquals) => Some(RustParseError::ExpectedSubEquals),
                Err(PropertyError::NoName) => Some(RustParseError::SubNoName),
            },
        };
    }
    let starting = *state == State::Starting;
    let (nested, error) = match key_line(line, sign) {
        Ok(value) => (value.is_empty(), None),
        Err(PropertyError::NoEquals) => (false, Some(RustParseError::ExpectedEquals)),
        Err(PropertyError::NoName) => (false, Some(RustParseError::NoName)),
    };
    *state = State::AfterKey { nested };
    if starting {
        return Some(RustParseError::ExpectedProfile);
    }
    error
}

enum PropertyError {
    NoEquals,
    NoName,
}

/// `parse_property_line`: the value of `key = value` once a comment after a blank is cut.
fn property(line: &[u8]) -> Result<&[u8], PropertyError> {
    let line = prepare_line(line, true);
    let eq = memchr::memchr(b'=', line).ok_or(PropertyError::NoEquals)?;
    if trim(&line[..eq]).is_empty() {
        return Err(PropertyError::NoName);
    }
    Ok(trim(&line[eq + 1..]))
}

/// [`property`] for a line that starts with neither a blank nor a comment sign, as nearly every
/// key line is: where its first `=` comes before any `#` or `;` (`sign`: the first), it has a
/// name (its first byte), and its value is empty only where nothing follows the `=` but
/// blanks, or a comment after them.
fn key_line(line: &[u8], sign: Option<usize>) -> Result<&[u8], PropertyError> {
    let before_sign = &line[..sign.unwrap_or(line.len())];
    match find_equals(before_sign) {
        Some(0) => Err(PropertyError::NoName),
        Some(eq) => {
            let value = &line[eq + 1..];
            let blanks = value.iter().take_while(|b| is_blank(b)).count();
            match value.get(blanks) {
                None => Ok(&[]),
                Some(b'#' | b';') if blanks > 0 => Ok(&[]),
                Some(_) => Ok(value),
            }
        }
        None if sign.is_some() => property(line),
        None => Err(PropertyError::NoEquals),
    }
}

/// The first `=` of `s`, eight bytes at a time (a key is some ten to twenty bytes: a call of
/// `memchr` costs more, and a loop of a byte at a time was a third of the walk).
fn find_equals(s: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const EQUALS: u64 = u64::from_ne_bytes([b'='; 8]);
    let mut chunks = s.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ EQUALS;
        // The lowest byte that was `=` is now zero and has its high bit set here; bits above it
        // may be wrong, the lowest is not.
        let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
        if zeros != 0 {
            return Some(at + (zeros.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    (chunks.remainder().iter().position(|&b| b == b'=')).map(|p| at + p)
}

/// `prepare_line`: `line` trimmed of spaces and tabs, cut at the first `#` or `;` (where
/// `comments_need_whitespace`, only one right after a character `char::is_whitespace` takes for
/// whitespace), and trimmed again.
fn prepare_line(line: &[u8], comments_need_whitespace: bool) -> &[u8] {
    let line = trim(line);
    let Some(sign) = memchr::memchr2(b'#', b';', line) else {
        return line;
    };
    if !comments_need_whitespace {
        return trim(&line[..sign]);
    }
    // Whitespace to Rust may be any character, so the line is read as text.
    let text = String::from_utf8_lossy(line);
    let mut prev_whitespace = false;
    let mut cut = text.len();
    for (at, c) in text.char_indices() {
        if matches!(c, '#' | ';') && prev_whitespace {
            cut = at;
            break;
        }
        prev_whitespace = c.is_whitespace();
    }
    // The cut is at an ASCII sign, where the text and the bytes agree (the file is UTF-8).
    trim(&line[..cut.min(line.len())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use RustParseError::*;

    fn of(text: &str) -> Vec<(usize, RustParseError)> {
        failures(&Document::parse(text))
    }

    #[test]
    fn a_file_rust_reads_has_no_failure() {
        for text in [
            "",
            "# a\n; b\n\n[default]\nregion = a # c\n  # continued\n",
            "[profile a] # note\ns3 =\n  max_concurrent_requests = 1\n\n  x = y\nregion=b\n",
            "[profile a]\r\nregion = b\r\n",
            // botocore reads `#c` as a comment line; so does Rust, which skips it first.
            "[a]\n#c\n",
            // A form feed is no line break to Rust: the nested line has its `=`.
            "[a]\ns3 =\n  x\u{c}y = 1\n",
            // A lone carriage return joins the lines: `b\rc = d` is one key line.
            "[a]\nb\rc = d\n",
            // After no whitespace, `;` is part of the key.
            "[a]\nregi;on = b\nk = v\u{a0}#c\n",
        ] {
            assert_eq!(of(text), [], "{text:?}");
        }
    }

    #[test]
    fn each_failure_is_where_rust_fails_and_with_its_text() {
        #[rustfmt::skip]
        let cases: &[(&str, &[(usize, RustParseError)])] = &[
            ("region = a\n[a]\n", &[(0, ExpectedProfile)]),
            ("\u{feff}[default]\nregion = a\n", &[(0, ExpectedProfile)]),
            ("  x = y\n[a]\n", &[(0, ExpectedProfile)]),
            // Once the header is unindented, the line under it continues no key.
            ("  [a]\n  x = y\n  z = 1\n", &[(0, ExpectedProfile), (1, ContinuationWithoutProperty)]),
            ("[a\n", &[(0, HeaderEnd)]),
            ("[profile a;b]\n", &[(0, HeaderEnd)]),
            ("[profile a] x\n", &[(0, HeaderEnd)]),
            ("[a]\nregion: b\nsso_region: c\n", &[(1, ExpectedEquals), (2, ExpectedEquals)]),
            ("[a]\nregi ;on = b\n", &[(1, ExpectedEquals)]),
            // A no-break space is whitespace to Rust: a comment starts after it.
            ("[a]\nregi\u{a0};on = b\n", &[(1, ExpectedEquals)]),
            ("[a]\n= b\n", &[(1, NoName)]),
            ("[a]\n  region = b\n  more\n", &[(1, ContinuationWithoutProperty)]),
            ("[a]\n  # note\n", &[(1, ContinuationWithoutProperty)]),
            ("[a]\ns3 =\n  x\n", &[(2, ExpectedSubEquals)]),
            ("[a]\ns3 = # c\n  # note\n", &[(2, ExpectedSubEquals)]),
            ("[a]\ns3 =\n  = 1\n", &[(2, SubNoName)]),
            // Rust's line runs over the lone carriage return: `b\rc` has no `=`.
            ("[a]\nb\rc\n", &[(1, ExpectedEquals)]),
            ("[a]\r\nb\r\n", &[(1, ExpectedEquals)]),
        ];
        for (text, want) in cases {
            assert_eq!(of(text), *want, "{text:?}");
        }
    }

    #[test]
    fn the_first_equals_sign_is_found_at_any_place() {
        for len in 0..40 {
            for at in 0..len {
                let mut s = vec![b'k'; len];
                s[at] = b'=';
                // A second sign later, and bytes that differ from `=` by one bit or borrow.
                if at + 3 < len {
                    s[at + 3] = b'=';
                    s[at + 1] = b'<';
                    s[at + 2] = 0x3d ^ 0x80;
                }
                assert_eq!(find_equals(&s), Some(at), "{s:?}");
            }
            assert_eq!(find_equals(&vec![b'<'; len]), None);
        }
    }

    #[test]
    fn a_line_feed_ends_a_line_after_lone_carriage_returns() {
        // Lines 1 and 2 here are one line to Rust (`x=\ry`), which has its `=`; line 3 has none.
        assert_eq!(of("[a]\nx=\ry\nz\n"), [(3, ExpectedEquals)]);
    }
}
