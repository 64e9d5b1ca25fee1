//! `shlex.split(s)` from Python (POSIX mode, no comments), which botocore uses to read section
//! headers: `[profile "my prof"]` is the profile `my prof`, `[profile a b]` is no profile at all.

/// Why `shlex.split` raised `ValueError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShlexError {
    NoClosingQuotation,
    NoEscapedCharacter,
}

/// The characters `shlex` splits words at (POSIX mode).
pub const WHITESPACE: [char; 4] = [' ', '\t', '\r', '\n'];

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Space,
    Word,
    Quote(char),
    Escape(EscapedFrom),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EscapedFrom {
    Word,
    DoubleQuote,
}

/// Splits `s` into words exactly as `shlex.split(s)` does.
pub fn split(s: &str) -> Result<Vec<String>, ShlexError> {
    let mut words = Vec::new();
    let mut token = String::new();
    let mut quoted = false;
    let mut state = State::Space;
    for c in s.chars() {
        match state {
            State::Space => {
                if WHITESPACE.contains(&c) {
                    continue;
                } else if c == '\\' {
                    state = State::Escape(EscapedFrom::Word);
                } else if c == '"' || c == '\'' {
                    state = State::Quote(c);
                } else {
                    token.push(c);
                    state = State::Word;
                }
            }
            State::Word => {
                if WHITESPACE.contains(&c) {
                    state = State::Space;
                    if !token.is_empty() || quoted {
                        words.push(std::mem::take(&mut token));
                        quoted = false;
                    }
                } else if c == '"' || c == '\'' {
                    state = State::Quote(c);
                } else if c == '\\' {
                    state = State::Escape(EscapedFrom::Word);
                } else {
                    token.push(c);
                }
            }
            State::Quote(q) => {
                quoted = true;
                if c == q {
                    state = State::Word;
                } else if q == '"' && c == '\\' {
                    state = State::Escape(EscapedFrom::DoubleQuote);
                } else {
                    token.push(c);
                }
            }
            State::Escape(from) => {
                // Inside double quotes only the quote and the backslash itself are escaped.
                if from == EscapedFrom::DoubleQuote && c != '\\' && c != '"' {
                    token.push('\\');
                }
                token.push(c);
                state = match from {
                    EscapedFrom::Word => State::Word,
                    EscapedFrom::DoubleQuote => State::Quote('"'),
                };
            }
        }
    }
    match state {
        State::Quote(_) => return Err(ShlexError::NoClosingQuotation),
        State::Escape(_) => return Err(ShlexError::NoEscapedCharacter),
        _ => {}
    }
    if !token.is_empty() || quoted {
        words.push(token);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Vec<String> {
        split(s).unwrap()
    }

    #[test]
    fn splits_like_python() {
        assert_eq!(ok("profile a"), ["profile", "a"]);
        assert_eq!(ok("  profile\tbaz  "), ["profile", "baz"]);
        assert_eq!(ok("profile \"my prof\""), ["profile", "my prof"]);
        assert_eq!(
            ok("profile 'test with spaces'"),
            ["profile", "test with spaces"]
        );
        assert_eq!(ok("profile a''b"), ["profile", "ab"]);
        assert_eq!(ok("profile ''"), ["profile", ""]);
        assert_eq!(ok("profile a\\ b"), ["profile", "a b"]);
        assert_eq!(ok("p \"a\\x\\\"\""), ["p", "a\\x\""]);
        assert_eq!(ok("profile a # b"), ["profile", "a", "#", "b"]);
        assert!(ok("").is_empty());
    }

    #[test]
    fn unbalanced_quotes_fail() {
        assert_eq!(split("profile \"abc"), Err(ShlexError::NoClosingQuotation));
        assert_eq!(split("profile abc\\"), Err(ShlexError::NoEscapedCharacter));
    }
}
