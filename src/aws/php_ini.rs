//! How the AWS SDK for PHP v3 reads a config file: what it reads in a value ([`read_value`],
//! [`comment_start`]), and where it cannot read the file at all. It reads the file with PHP's
//! `parse_ini_string` in raw mode (`INI_SCANNER_RAW`), after making every `#` that starts a
//! line a `;` (`Aws\parse_ini_file`, aws/aws-sdk-php#1757: PHP 7 stopped taking `#` for a
//! comment). Where PHP's INI grammar has no place for a line, the function returns `false` and
//! the SDK fails on the whole file (`Invalid config file`), every profile with it, where
//! botocore reads the line as a comment, a key or a header: `--doctor` claims the failure on
//! that line.
//!
//! The reading was written from PHP's INI scanner as HHVM's copy of PHP 5.3's has it
//! (`zend_ini_scanner.l`: its tokens and their order) and from PHP 8.2 run here, where it
//! differs; `interop/php-ini/lines.php` holds it to Debian's PHP 8.2 on generated lines.
//! Outside a value, PHP reads a line as tokens, the longest that fits first:
//! - a `;` after nothing but spaces and tabs starts a comment to the end of the line, and so
//!   does a `#` first on a line that follows a line feed (or first in a file without a byte
//!   order mark, which PHP skips): the SDK's `;`;
//! - a name: a run of bytes other than `=`, `;`, a tab, `[`, and the signs `&|^$~(){}!"`
//!   (spaces are part of it), after which `=` starts its value, to the end of the line, which
//!   PHP reads whatever it holds;
//! - `NAME[`, an array key (`region[eu] = x`): what is between the brackets, then `]` and `=`;
//!   its name may be empty, so ` [profile a]`, a header indented by spaces, is one, without
//!   `=` (a tab is no part of a name, and a header indented by one is read as a header);
//! - `true`, `on`, `yes`, `false`, `off`, `no`, `none` and `null`, in any case and followed by
//!   spaces and tabs alone or by the end of a name, are values to PHP, never a key;
//! - `[` starts a header, which must end in `]` on its line; what follows the `]` is read as
//!   another line would be;
//! - anything else (one of the signs, `=` with no name before it) fails the file.
//!
//! Inside an array key's brackets, quotes, `\` and `$` can carry PHP's reading on to later
//! lines; where they may, no failure is claimed there, nor after it (unless nothing later in
//! the file could close what is open: no quote and no `]`). A NUL byte is the end of the text
//! to PHP, wherever it is: PHP fails there only where the end of the file would fail it (in a
//! header or an array key's brackets), and reads nothing after it.

use serde::Serialize;

use crate::doc::{Document, Ending};

/// Why PHP's INI reader fails on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhpParseError {
    /// A header indented by spaces: to PHP, an array key with no name (` [`), without `=`.
    IndentedHeader,
    /// `[` with no `]` after it on its line.
    UnclosedHeader,
    /// An array key (`NAME[`) not closed by `]` on its line, or not followed by `=`.
    ArrayKey,
    /// A word PHP reads as a value where a name belongs.
    Keyword(PhpKeyword),
    /// A sign PHP takes in no name or header line outside a value: one of `&|^$~(){}!"` (in
    /// JSON, as a one-character string).
    Sign(#[serde(serialize_with = "as_char")] u8),
    /// `=` with no name before it.
    NoName,
    /// An empty value whose comment runs to the end of the text, with no line break after it
    /// (`region = ; note` last in a file that does not end in one): PHP wants the line break.
    CommentEndsFile,
}

fn as_char<S: serde::Serializer>(sign: &u8, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_char(char::from(*sign))
}

/// The words PHP's INI reader takes for values: `true`, `on` and `yes` for true, `false`, `off`,
/// `no` and `none` for false, `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhpKeyword {
    True,
    On,
    Yes,
    False,
    Off,
    No,
    None,
    Null,
}

impl PhpKeyword {
    const ALL: [PhpKeyword; 8] = [
        PhpKeyword::True,
        PhpKeyword::On,
        PhpKeyword::Yes,
        PhpKeyword::False,
        PhpKeyword::Off,
        PhpKeyword::No,
        PhpKeyword::None,
        PhpKeyword::Null,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PhpKeyword::True => "true",
            PhpKeyword::On => "on",
            PhpKeyword::Yes => "yes",
            PhpKeyword::False => "false",
            PhpKeyword::Off => "off",
            PhpKeyword::No => "no",
            PhpKeyword::None => "none",
            PhpKeyword::Null => "null",
        }
    }

    /// The longest of the words that `text` starts with, in any case.
    fn starting(text: &[u8]) -> Option<PhpKeyword> {
        PhpKeyword::ALL
            .into_iter()
            .filter(|w| {
                let w = w.as_str().as_bytes();
                text.len() >= w.len() && text[..w.len()].eq_ignore_ascii_case(w)
            })
            .max_by_key(|w| w.as_str().len())
    }
}

/// What PHP makes of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judged {
    Read,
    Fails(PhpParseError),
    /// Its reading may go on to later lines (an array key's quote, `\` or `$`).
    Open,
}

/// Every line (0-based, of `doc`'s lines) at which PHP's INI reader, as the AWS SDK for PHP v3
/// uses it, fails on `doc`, in order, each with why: the first is where it refuses the file.
/// Past a failure, the next line is read as PHP would once the failing one is mended.
pub fn failures(doc: &Document) -> Vec<(usize, PhpParseError)> {
    let bytes = &*doc.bytes();
    // PHP's text ends at a NUL byte.
    let end = memchr::memchr(0, bytes).unwrap_or(bytes.len());
    let mut out = Vec::new();
    // The SDK's `preg_replace('/^#/m', ';', …)`: after a line feed, or at the very start.
    let mut hash_comment = !doc.has_bom();
    for i in 0..doc.len() {
        // Two looks at the table of lines (each accessor is one): where the line starts, and
        // its bytes with their ending.
        let start = doc.line_start(i);
        let raw = doc.raw(i);
        let next = start + raw.len();
        let ending = match raw {
            [.., b'\r', b'\n'] => Ending::CrLf,
            [.., b'\n'] => Ending::Lf,
            [.., b'\r'] => Ending::Cr,
            _ => Ending::None,
        };
        let text = &raw[..raw.len() - ending.as_bytes().len()];
        let line = &text[..text.len().min(end.saturating_sub(start))];
        // The text ends in this line: no line break follows it.
        let at_end = start + line.len() == end && (ending == Ending::None || end < next);
        let judged = judge(line, hash_comment, at_end);
        hash_comment = matches!(ending, Ending::Lf | Ending::CrLf);
        match judged {
            Judged::Read => {}
            Judged::Fails(why) => out.push((i, why)),
            Judged::Open => {
                if memchr::memchr3(b'\'', b'"', b']', &bytes[next.min(end)..end]).is_none() {
                    out.push((i, PhpParseError::ArrayKey));
                }
                break;
            }
        }
        if next > end {
            break;
        }
    }
    out
}

/// The bytes PHP takes as part of a name: all but these.
const NAME: [bool; 256] = {
    let mut table = [true; 256];
    let not = b"=\n\r\t;&|^$~(){}!\"[";
    let mut k = 0;
    while k < not.len() {
        table[not[k] as usize] = false;
        k += 1;
    }
    table
};

/// Whether PHP takes byte `b` as part of a name.
#[inline]
fn in_name(b: u8) -> bool {
    NAME[b as usize]
}

/// How many spaces and tabs `line` has from `from` on.
fn blanks(line: &[u8], from: usize) -> usize {
    line[from..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// PHP's reading of `line` (without its ending), from its start; `hash_comment`: a `#` first on
/// it is a comment (the SDK made it one); `at_end`: the text ends with it, with no line break.
fn judge(line: &[u8], hash_comment: bool, at_end: bool) -> Judged {
    if hash_comment && line.first() == Some(&b'#') {
        return Judged::Read;
    }
    // Whether the last token was a name, which `=` may follow.
    let mut after_name = false;
    let mut p = 0;
    while p < line.len() {
        let c = line[p];
        match c {
            b';' => return Judged::Read,
            b'=' if after_name => return after_equals(line, p + 1, at_end),
            b'=' => return Judged::Fails(PhpParseError::NoName),
            b'[' => {
                // Headers are short: a plain search beats memchr's setup here.
                let Some(close) = line[p + 1..].iter().position(|&b| b == b']') else {
                    return Judged::Fails(PhpParseError::UnclosedHeader);
                };
                p += close + 2;
                p += blanks(line, p);
                after_name = false;
            }
            b' ' | b'\t' => {
                let ws = blanks(line, p);
                match line.get(p + ws) {
                    None | Some(b';') => return Judged::Read,
                    Some(b'=') if after_name => return after_equals(line, p + ws + 1, at_end),
                    Some(b'=') => return Judged::Fails(PhpParseError::NoName),
                    _ => {}
                }
                // A name may start with spaces (not a tab): the longer reading wins, and of two
                // as long, the name (or array key) over the blanks.
                let name = if c == b' ' { name_run(line, p) } else { 0 };
                if name > ws || (name == ws && line.get(p + name) == Some(&b'[')) {
                    match name_token(line, p, name, at_end) {
                        Ok(next) => (p, after_name) = (next, true),
                        Err(judged) => return judged,
                    }
                } else {
                    p += ws;
                }
            }
            _ if in_name(c) => {
                let name = name_run(line, p);
                // The words start with one of these letters, in any case.
                if matches!(c | 0x20, b't' | b'o' | b'y' | b'f' | b'n')
                    && let Some(word) = PhpKeyword::starting(&line[p..])
                {
                    let len = word.as_str().len();
                    let token = len + blanks(line, p + len);
                    let array_key = line.get(p + name) == Some(&b'[');
                    if token >= name && !array_key {
                        // Run to the end of the text with no tab after it, the word ends PHP's
                        // reading, with no failure.
                        if at_end && p + token == line.len() && !line[p..].contains(&b'\t') {
                            return Judged::Read;
                        }
                        return Judged::Fails(PhpParseError::Keyword(word));
                    }
                }
                match name_token(line, p, name, at_end) {
                    Ok(next) => (p, after_name) = (next, true),
                    Err(judged) => return judged,
                }
            }
            _ => return Judged::Fails(PhpParseError::Sign(c)),
        }
    }
    Judged::Read
}

/// PHP's reading of the value that starts at `p`, after a `=`: whatever it holds, but for a
/// comment right after the `=` and its blanks at the end of the text.
fn after_equals(line: &[u8], p: usize, at_end: bool) -> Judged {
    if at_end && line.get(p + blanks(line, p)) == Some(&b';') {
        Judged::Fails(PhpParseError::CommentEndsFile)
    } else {
        Judged::Read
    }
}

/// The value the AWS SDK for PHP v3 reads in `after`, the text after a key line's delimiter:
/// cut where [`comment_start`] says, trimmed of spaces and tabs, and without the double
/// quotes around it.
pub fn read_value(after: &str) -> &str {
    let value = after[..comment_start(after).unwrap_or(after.len())].trim_matches([' ', '\t']);
    match value.as_bytes() {
        [b'"', .., b'"'] => &value[1..value.len() - 1],
        _ => value,
    }
}

/// Where the AWS SDK for PHP v3 cuts a comment from `after`, the text after a key line's
/// delimiter, as PHP 8.2's `parse_ini_string` with `INI_SCANNER_RAW` reads it: at its first `;`,
/// with or without a blank before it, but in a value that starts with a double quote only after
/// its last one (`"a;b" ;c` is cut at the second, `"a";" x` nowhere), and nowhere in a value that
/// is all in double quotes (`"a ;b"`, whose quotes it takes off instead); a `#` is no comment to
/// it. `interop/php-ini/check.php` holds `--doctor` to PHP's own reading.
pub fn comment_start(after: &str) -> Option<usize> {
    let blanks = [' ', '\t'];
    let value = after.trim_start_matches(blanks);
    let lead = after.len() - value.len();
    let trimmed = value.trim_end_matches(blanks);
    if trimmed.len() >= 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
        return None;
    }
    let from = if value.starts_with('"') {
        value.rfind('"').map_or(0, |j| j + 1)
    } else {
        0
    };
    value[from..].find(';').map(|k| lead + from + k)
}

/// How many bytes from `p` PHP takes for a name.
fn name_run(line: &[u8], p: usize) -> usize {
    line[p..].iter().take_while(|&&b| in_name(b)).count()
}

/// The name of `len` bytes at `p`: where PHP's reading goes on after it, or where it ends (the
/// line read whole, or failed). A name followed by `[` is an array key.
fn name_token(line: &[u8], p: usize, len: usize, at_end: bool) -> Result<usize, Judged> {
    let after = p + len;
    if line.get(after) != Some(&b'[') {
        return Ok(after);
    }
    let nameless = line[p..after].iter().all(|&b| b == b' ');
    let fails = Err(Judged::Fails(if nameless {
        PhpParseError::IndentedHeader
    } else {
        PhpParseError::ArrayKey
    }));
    let mut q = after + 1;
    loop {
        let Some(&b) = line.get(q) else {
            return fails;
        };
        q += 1;
        match b {
            b']' => break,
            b';' => return fails,
            b'\'' => match memchr::memchr(b'\'', &line[q..]) {
                Some(0) => return fails,
                Some(k) => q += k + 1,
                None => return Err(Judged::Open),
            },
            b'"' => match memchr::memchr(b'"', &line[q..]) {
                Some(k) if !line[q..q + k].iter().any(|&b| b == b'\\' || b == b'$') => {
                    q += k + 1;
                }
                _ => return Err(Judged::Open),
            },
            b'\\' | b'$' if q < line.len() && line[q] != b'{' => q += 1,
            b'\\' | b'$' => return Err(Judged::Open),
            _ => {}
        }
    }
    q += blanks(line, q);
    match line.get(q) {
        Some(b'=') => Err(after_equals(line, q + 1, at_end)),
        _ => fails,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fails(line: &str) -> Option<PhpParseError> {
        let doc = Document::parse(format!("[profile p]\nk = v\n{line}\nj = w\n"));
        let found = failures(&doc);
        assert!(found.iter().all(|&(i, _)| i == 2), "{line:?}: {found:?}");
        found.first().map(|&(_, why)| why)
    }

    /// Lines and PHP 8.2's reading of them (`parse_ini_string` in raw mode after the SDK's `#`
    /// to `;`, between `k = v` and `j = w`, run here): `None` where it reads the file.
    #[test]
    fn php_fails_where_php_8_2_fails() {
        use PhpKeyword as W;
        use PhpParseError::*;
        let cases: &[(&str, Option<PhpParseError>)] = &[
            ("# managed, do not edit!", None),
            ("  # managed, do not edit!", Some(Sign(b'!'))),
            ("\t# x (y)", Some(Sign(b'('))),
            ("  # a = b!", None),
            ("  ; x!", None),
            ("foo!", Some(Sign(b'!'))),
            ("foo", None),
            ("  # x'y", None),
            ("  # x?y", None),
            ("  # x]", None),
            ("  # x$y", Some(Sign(b'$'))),
            ("  # x[y]", Some(ArrayKey)),
            ("  # see [docs] here", Some(ArrayKey)),
            ("  # see [docs]= here", None),
            (" [profile a]", Some(IndentedHeader)),
            ("  [profile a]", Some(IndentedHeader)),
            ("\t[profile a]", None),
            (" \t[profile a]", None),
            ("\t [profile a]", None),
            ("[profile a]\"x\"", Some(Sign(b'"'))),
            ("[profile a] # c", None),
            ("[profile a]x", None),
            ("[profile a] yes", Some(Keyword(W::Yes))),
            ("[profile a]=1", Some(NoName)),
            ("[profile a", Some(UnclosedHeader)),
            ("[a[b]", None),
            ("[]", None),
            ("YES = a", Some(Keyword(W::Yes))),
            ("yes = a", Some(Keyword(W::Yes))),
            ("  yes = a", None),
            ("\tyes = a", Some(Keyword(W::Yes))),
            ("yes\t= a", Some(Keyword(W::Yes))),
            ("yesterday = a", None),
            ("no way = a", None),
            ("none", Some(Keyword(W::None))),
            ("nonE = 1", Some(Keyword(W::None))),
            ("null\t", Some(Keyword(W::Null))),
            ("off", Some(Keyword(W::Off))),
            ("offx", None),
            ("x = yes", None),
            ("= a", Some(NoName)),
            ("  = a", Some(NoName)),
            ("foo\tbar", None),
            ("foo\tyes", Some(Keyword(W::Yes))),
            ("foo [x] = 1", None),
            ("foo[x]\t=1", None),
            ("foo[x]y = 1", Some(ArrayKey)),
            ("foo[x;y] = 1", Some(ArrayKey)),
            ("foo[x]", Some(ArrayKey)),
            ("foo[]", Some(ArrayKey)),
            ("foo[]=1", None),
            ("foo[]] = 1", Some(ArrayKey)),
            ("foo[a[b] = 1", None),
            ("foo[\"x\"] = 1", None),
            ("foo['x'] = 1", None),
            ("foo[''] = 1", Some(ArrayKey)),
            ("foo[x$y] = 1", None),
            ("foo[x\\y] = 1", None),
            ("a\"b = c", Some(Sign(b'"'))),
            ("a'b = c", None),
            ("a^b", Some(Sign(b'^'))),
            ("a:b", None),
            ("k = v!\"(", None),
        ];
        for &(line, php) in cases {
            assert_eq!(fails(line), php, "{line:?}");
        }
    }

    #[test]
    fn what_php_may_read_on_later_lines_is_claimed_only_where_nothing_closes_it() {
        // Nothing after the line can close the quote: PHP fails there.
        let doc = Document::parse("[a]\nfoo[\"x] = 1\nk = v\n");
        assert_eq!(failures(&doc), [(1, PhpParseError::ArrayKey)]);
        // A later quote might: no claim there, nor after it.
        let doc = Document::parse("[a]\nfoo[\"x] = 1\nk = \"v\"\nyes\n");
        assert_eq!(failures(&doc), []);
    }

    /// PHP 8.2's `parse_ini_string` (raw) on each value after `k =`, run here: its reading, and
    /// the comment it cut (none where it cut none).
    #[test]
    fn php_cuts_a_comment_where_php_reads_one() {
        let cases: [(&str, &str, Option<&str>); 14] = [
            (" x ;c", "x", Some(";c")),
            ("x;c", "x", Some(";c")),
            (" x\t;c", "x", Some(";c")),
            (" ;x", "", Some(";x")),
            (" https://a/start#x", "https://a/start#x", None),
            (" \"x\" # c", "\"x\" # c", None),
            (" \"x\" ;c", "x", Some(";c")),
            (" \"a;b\"", "a;b", None),
            (" a \"b;c\"", "a \"b", Some(";c\"")),
            (" \";\"\t\" a", "\";\"\t\" a", None),
            (" \"\";\"", "\";", None),
            (" \"a;", "\"a", Some(";")),
            (" \"a\";\" x", "\"a\";\" x", None),
            (" \"\"';x", "\"\"'", Some(";x")),
        ];
        for (after, php_reads, comment) in cases {
            let cut = comment_start(after).map(|k| &after[k..]);
            assert_eq!(cut, comment, "{after:?}");
            assert_eq!(read_value(after), php_reads, "{after:?}");
        }
    }

    #[test]
    fn the_end_of_the_text_without_a_line_break() {
        use PhpParseError::CommentEndsFile;
        for (text, php) in [
            ("[a]\nk = ;c", Some(CommentEndsFile)),
            ("[a]\nk = \t;c", Some(CommentEndsFile)),
            ("[a]\nk =;", Some(CommentEndsFile)),
            ("[a]\nx[y]= ;c", Some(CommentEndsFile)),
            ("[a]\nk = ;c\0", Some(CommentEndsFile)),
            ("[a]\nk = ;c\n", None),
            ("[a]\nk = ;c\r", None),
            ("[a]\nk = v ;c", None),
            ("[a]\nk = \"\";c", None),
            ("[a]\nk = ", None),
            // A word PHP takes for a value, last in the text, ends its reading.
            ("[a]\nyes", None),
            ("[a]\nk\tnull  ", None),
            ("[a]\nno\t", Some(PhpParseError::Keyword(PhpKeyword::No))),
            ("[a]\nno \t", Some(PhpParseError::Keyword(PhpKeyword::No))),
            ("[a]\nyes\0", None),
            ("[a]\nyes\n", Some(PhpParseError::Keyword(PhpKeyword::Yes))),
        ] {
            let found = failures(&Document::parse(text));
            assert_eq!(found.first().map(|&(_, why)| why), php, "{text:?}");
        }
    }

    #[test]
    fn a_nul_byte_ends_the_text() {
        // In a value or a comment, PHP reads up to it, and nothing after it.
        let doc = Document::parse("[a]\nk = v\0w\nyes\n");
        assert_eq!(failures(&doc), []);
        let doc = Document::parse("[a]\n; x\0\nyes\n");
        assert_eq!(failures(&doc), []);
        // In a header, the end of the text comes before its `]`.
        let doc = Document::parse("[a]\n[b\0]\nk = v\n");
        assert_eq!(failures(&doc), [(1, PhpParseError::UnclosedHeader)]);
        let doc = Document::parse("[a]\nyes\n\0\n");
        assert_eq!(
            failures(&doc),
            [(1, PhpParseError::Keyword(PhpKeyword::Yes))]
        );
    }

    #[test]
    fn a_hash_is_a_comment_only_after_a_line_feed_or_first_in_a_file_without_a_bom() {
        let doc = Document::parse("[a]\r# x!\nk = v\n");
        assert_eq!(failures(&doc), [(1, PhpParseError::Sign(b'!'))]);
        let doc = Document::parse("[a]\r\n# x!\r\n");
        assert_eq!(failures(&doc), []);
        let doc = Document::parse("\u{feff}# x!\n[a]\n");
        assert_eq!(failures(&doc), [(0, PhpParseError::Sign(b'!'))]);
        let doc = Document::parse("# x!\n[a]\n");
        assert_eq!(failures(&doc), []);
        // Every failing line is found, as each would fail once those above are mended.
        let doc = Document::parse("[a]\nyes\nno\n");
        assert_eq!(
            failures(&doc),
            [
                (1, PhpParseError::Keyword(PhpKeyword::Yes)),
                (2, PhpParseError::Keyword(PhpKeyword::No))
            ]
        );
    }
}
