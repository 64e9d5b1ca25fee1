//! Python's notion of whitespace and line splitting, which botocore's parser inherits.
//!
//! `str.strip()`, the regex `\s` and `str.isspace()` all use the same Unicode set, which differs
//! from Rust's `char::is_whitespace` (Python counts `\x1c`..`\x1f`; Rust counts U+200E/U+200F
//! as whitespace, Python does not, and so on). Using Rust's set would make us read some values
//! differently from the AWS CLI.

/// `str.isspace()` for one character (CPython `_PyUnicode_IsWhitespace`).
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\x0b'
            | '\x0c'
            | '\r'
            | '\x1c'..='\x1f'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// [`is_space`] for a byte below 0x80. Every other Python space starts with a byte of 0x80 or
/// more.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f | b' ')
}

/// `s.strip()`.
pub fn strip(s: &str) -> &str {
    rstrip(lstrip(s))
}

/// `s.lstrip()`. ASCII spaces are skipped byte by byte; where a character outside ASCII
/// follows them, it may be a space too, and the slow way decides.
pub fn lstrip(s: &str) -> &str {
    let start = s
        .bytes()
        .position(|b| !is_ascii_space(b))
        .unwrap_or(s.len());
    match s.as_bytes().get(start) {
        Some(&b) if b >= 0x80 => s.trim_start_matches(is_space),
        _ => &s[start..],
    }
}

/// `s.rstrip()`, as [`lstrip`] from the end.
pub fn rstrip(s: &str) -> &str {
    let end = s
        .bytes()
        .rposition(|b| !is_ascii_space(b))
        .map_or(0, |i| i + 1);
    match end.checked_sub(1).map(|i| s.as_bytes()[i]) {
        Some(b) if b >= 0x80 => s.trim_end_matches(is_space),
        _ => &s[..end],
    }
}

/// How many characters of Python space `s` starts with.
pub fn indent(s: &str) -> usize {
    let ascii = s
        .bytes()
        .position(|b| !is_ascii_space(b))
        .unwrap_or(s.len());
    match s.as_bytes().get(ascii) {
        Some(&b) if b >= 0x80 => s.chars().take_while(|c| is_space(*c)).count(),
        _ => ascii,
    }
}

/// `s.splitlines()`: the line boundaries of `str.splitlines`, which are more than `\n`.
pub fn splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let boundary = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if boundary {
            out.push(&s[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' && iter.peek().map(|p| p.1) == Some('\n') {
                iter.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_pythons() {
        assert!(is_space('\x1f'));
        assert!(!'\x1f'.is_whitespace());
        assert!(!is_space('\u{200e}'));
        assert_eq!(strip("\u{3000} a b\t\x0c"), "a b");
        assert_eq!(rstrip("  a  "), "  a");
    }

    #[test]
    fn splitlines_like_python() {
        assert_eq!(splitlines("a\nb\r\nc\rd\x0be"), ["a", "b", "c", "d", "e"]);
        assert_eq!(splitlines("\na\n"), ["", "a"]);
        assert!(splitlines("").is_empty());
    }

    #[test]
    fn the_fast_strips_agree_with_the_slow_ones() {
        let spaces = [
            "",
            " ",
            "\t",
            "\x0b",
            "\x1c",
            "\u{a0}",
            "\u{3000}",
            " \u{85}\t",
            "\u{200b}",
        ];
        let cores = ["", "a", "é", "a b", "\u{a0}x\u{a0}", "\u{200b}"];
        for l in spaces {
            for c in cores {
                for r in spaces {
                    let s = format!("{l}{c}{r}");
                    assert_eq!(strip(&s), s.trim_matches(is_space), "{s:?}");
                    assert_eq!(lstrip(&s), s.trim_start_matches(is_space), "{s:?}");
                    assert_eq!(rstrip(&s), s.trim_end_matches(is_space), "{s:?}");
                    assert_eq!(
                        indent(&s),
                        s.chars().take_while(|c| is_space(*c)).count(),
                        "{s:?}"
                    );
                }
            }
        }
    }
}
