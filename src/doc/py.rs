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

/// `s.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// `s.rstrip()`.
pub fn rstrip(s: &str) -> &str {
    s.trim_end_matches(is_space)
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
}
