//! The checks line by line: lines botocore reads that other SDKs reject or read otherwise (a key
//! set with `:`, a comment after a header, in a key or in a value, a continued value, a key read
//! under another name), the lines at which a reader fails on the whole file, and a key line's
//! value as each SDK reads it, for the profile and session checks.

use super::finding::FindingKind;
use super::found::Found;
use super::holders::{Holders, held_by};
use super::readers::{self, Failure, Reader};
use crate::aws::key_lines;
use crate::aws::other_sdks::{self, Readers};
use crate::aws::php_ini::{self, PhpParseError};
use crate::aws::problem::line_number;
use crate::aws::rust_parse::{self, RustParseError};
use crate::aws::{Config, SSO_SESSION};
use crate::doc::{Document, Ending, LineKind};

/// The 1-based numbers of the lines with a problem, in order, as the config keeps its problems:
/// 4 bytes each, where a set took 15 (a file may have a problem on every line).
pub(super) fn lines_with_problem(problems: &[crate::aws::Problem]) -> Vec<u32> {
    problems.iter().map(|p| line_number(p.line)).collect()
}

/// Lines botocore reads that other SDKs cannot: a key set with `:`, a comment after a header
/// and a value continued on a line without `=` (`AWSSDK.Core`'s `IniFile` reads only a header
/// alone on its line, a comment or a line with `=`, and fails on the whole file at any other).
/// A line with a problem of its own is left to that problem.
pub(super) fn lines_other_sdks_reject(
    holders: &mut Holders,
    with_problem: &[u32],
    whole: &mut FileFailures,
    findings: &mut Found,
) {
    let cfg = holders.cfg;
    let doc = cfg.document();
    // C++ stops at the first line it cannot read (nearly always one of these): it never reads
    // the others. Looked for only where there is one of these.
    let cpp_stop = std::cell::OnceCell::new();
    // The table of lines and a byte or two a line: nearly every line is none of these.
    let upper_case_keys = cfg.has_upper_case_keys();
    let bytes = &*doc.bytes();
    let value_comments = has_blank_then_comment_sign(bytes);
    // PHP cuts a value at a `;` with no blank before it too.
    let semicolons = memchr::memchr(b';', bytes).is_some();
    let crlf = memchr::memmem::find(bytes, b"\r\n").is_some();
    // A line that ends in a space or a tab before its line feed, or the file's last: nearly
    // every file has none. (An empty value on a CR LF line is `carriage_return_value`'s, and a
    // line that ends in a lone CR has a problem of its own.)
    let blank_ends = [&b" \n"[..], b"\t\n"]
        .iter()
        .any(|end| memchr::memmem::find(bytes, end).is_some())
        || bytes.last().is_some_and(|b| matches!(b, b' ' | b'\t'));
    // The key lines whose key has a byte the AWS SDK for Rust does not take, as the walk
    // reaches them (nearly every file has none).
    let mut unportable = cfg.unportable_key_lines().iter().copied().peekable();
    // The last line above this one that is neither blank nor a comment, kept as the walk goes
    // (looking back from each line would go over a long comment block once a line).
    let mut last_content: Option<usize> = None;
    for i in 0..doc.len() {
        let above = last_content;
        if !(doc.is_blank(i) || doc.is_comment(i)) {
            last_content = Some(i);
        }
        let delimiter = doc.key_delimiter(i);
        // A key the AWS SDK for Rust ignores, besides what else the line has; where Rust
        // fails on the file at the line, it reads no key at all.
        let unportable = unportable.next_if(|&line| line as usize == i).is_some();
        if unportable
            && let Some((b'=', false)) = delimiter
            && let Some(kind) = key_name_not_portable(cfg, i)
            && !whole.rust.fails_at(i)
            && with_problem.binary_search(&line_number(i + 1)).is_err()
        {
            findings.push(holders.on_line(i + 1, kind, Vec::new()));
        }
        let kind = match delimiter {
            Some((b':', _)) => {
                let key = match doc.line(i).kind {
                    LineKind::Key { key, .. } => doc.slice(i, &key),
                    _ => "",
                };
                let without_equals = !doc.raw_text(i).contains(&b'=');
                let (session, readers) = key_line_readers(cfg, i, without_equals);
                FindingKind::ColonDelimiter {
                    key: key.to_string(),
                    without_equals,
                    session,
                    readers,
                }
            }
            Some((_, indented))
                if (indented || upper_case_keys && cfg.key_has_upper_case(i))
                    && let Some(kind) = key_read_otherwise(cfg, i, indented) =>
            {
                kind
            }
            Some((b'=', _)) if value_comments && let Some(kind) = comment_in_key(cfg, i) => kind,
            Some(_)
                if (value_comments || semicolons)
                    && let Some(kind) = value_comment(cfg, i) =>
            {
                kind
            }
            Some(_) if crlf && let Some(kind) = carriage_return_value(cfg, i) => kind,
            Some(_) if blank_ends && let Some(kind) = blank_value(cfg, i) => kind,
            Some(_) => continue,
            // botocore's header runs to the last `]`: what follows is skipped.
            None if doc.is_header(i) => {
                if doc.raw_text(i).last() == Some(&b']') {
                    continue;
                }
                let text = doc.text(i);
                let after = text
                    .rfind(']')
                    .map_or("", |end| text[end + 1..].trim_start());
                if !after.starts_with(['#', ';']) {
                    continue;
                }
                FindingKind::CommentAfterHeader
            }
            None if doc.is_indented_comment(i) => match indented_comment(cfg, i, above) {
                Some(kind) => kind,
                None => continue,
            },
            // .NET reads `  [DEFAULT]` here as a header: a line it can read, not its failure.
            None if doc.is_continuation(i) => {
                let text = doc.text(i);
                let dotnet_fails = !(text.contains('=') || is_bracketed(text.trim()));
                let (session, readers) = first_line_readers(cfg, i, above);
                let blank_above = above.is_some_and(|j| (j + 1..i).any(|k| doc.is_blank(k)))
                    && continues_text_value(cfg, i);
                if !dotnet_fails && readers.is_empty() && !blank_above {
                    continue;
                }
                FindingKind::ContinuedValue {
                    dotnet_fails,
                    session,
                    readers,
                    blank_above,
                }
            }
            None => continue,
        };
        if with_problem.binary_search(&line_number(i + 1)).is_err() {
            let stops = *cpp_stop.get_or_init(|| other_sdks::cpp_stops_reading_at(doc)) == Some(i);
            let more = (stops.then(|| readers::cpp_stops(doc.raw_text(i)))).into_iter();
            let more = more.chain(whole.claim(i)).collect();
            findings.push(holders.on_line(i + 1, kind, more));
        }
    }
}

/// [`FindingKind::KeyNameNotPortable`] for key line `i` (0-based) of a profile or an
/// sso-session, written with `=` and not indented, whose key, as botocore reads it, has a byte
/// outside the identifier set ([`Config::unportable_key_lines`]): the AWS SDK for Rust, whose
/// key is the same bytes trimmed only of spaces and tabs, ignores it.
fn key_name_not_portable(cfg: &Config, i: usize) -> Option<FindingKind> {
    let (sec, session) = held_by(cfg, i)?;
    let p = cfg.props(sec).find(|p| p.line == i)?;
    Some(FindingKind::KeyNameNotPortable {
        key: p.key.into(),
        session,
    })
}

/// The lines (0-based) at which a reader fails on the whole file, with why: where the AWS SDK
/// for Rust fails to parse it ([`rust_parse::failures`]), or PHP's INI reader, which the AWS SDK
/// for PHP v3 reads it with, does ([`php_ini::failures`]). Each is claimed once: by the first
/// finding made on its line, or, where there is none, by a finding of its own
/// ([`FindingKind::RustRejectsLine`], [`FindingKind::PhpRejectsLine`]).
pub(super) struct LineFailures<E> {
    lines: Vec<(usize, E)>,
    claimed: Vec<bool>,
}

impl<E: Copy> LineFailures<E> {
    fn new(lines: Vec<(usize, E)>) -> LineFailures<E> {
        let claimed = vec![false; lines.len()];
        LineFailures { lines, claimed }
    }

    /// The failure at line `i` (0-based), for the first finding on it to claim.
    fn claim(&mut self, i: usize) -> Option<E> {
        let at = self
            .lines
            .binary_search_by_key(&i, |&(line, _)| line)
            .ok()?;
        (!std::mem::replace(&mut self.claimed[at], true)).then_some(self.lines[at].1)
    }

    /// Whether the reader fails at line `i` (0-based).
    pub(super) fn fails_at(&self, i: usize) -> bool {
        self.lines
            .binary_search_by_key(&i, |&(line, _)| line)
            .is_ok()
    }

    /// The failures no finding claimed.
    pub(super) fn unclaimed(self) -> impl Iterator<Item = (usize, E)> {
        (self.lines.into_iter().zip(self.claimed))
            .filter_map(|(at, claimed)| (!claimed).then_some(at))
    }
}

/// Where the AWS SDK for Rust and PHP's INI reader fail on the whole file.
pub(super) struct FileFailures {
    pub(super) rust: LineFailures<RustParseError>,
    pub(super) php: LineFailures<PhpParseError>,
}

impl FileFailures {
    pub(super) fn of(doc: &Document) -> FileFailures {
        FileFailures {
            rust: LineFailures::new(rust_parse::failures(doc)),
            php: LineFailures::new(php_ini::failures(doc)),
        }
    }

    /// The readers' failures on the whole file at line `i` (0-based) that no finding claimed
    /// yet, for the first finding on it.
    pub(super) fn claim(&mut self, i: usize) -> impl Iterator<Item = Failure> + use<> {
        let rust = self.rust.claim(i).map(readers::rust_cannot_parse);
        let php = self.php.claim(i).map(|_| readers::php_cannot_read());
        rust.into_iter().chain(php)
    }
}

/// For continuation line `i` (0-based), `above` the last line above it that is neither blank
/// nor a comment: where it is the first line to continue a value that is not empty (an empty
/// one opens nested keys, which every SDK reads) in a profile or sso-session, whether that is an
/// sso-session, and the SDKs that read only the value's first line: JavaScript v3 (`parseIni`
/// reads each line alone, and the indented line as a key where it has `=`) and Ruby v3 (an
/// indented line is a nested item).
fn first_line_readers(cfg: &Config, i: usize, above: Option<usize>) -> (bool, Readers) {
    let doc = cfg.document();
    let continues_value = above.is_some_and(
        |j| matches!(doc.line(j).kind, LineKind::Key { ref value, .. } if !value.is_empty()),
    );
    let Some((_, session)) = held_by(cfg, i) else {
        return (false, Readers::default());
    };
    if !continues_value {
        return (session, Readers::default());
    }
    (
        session,
        Readers::default().with(Reader::JsV3).with(Reader::RubyV3),
    )
}

/// Whether continuation line `i` (0-based) continues, in a profile or sso-session, a value that
/// is not empty on its key's line (an empty one opens nested keys, where a blank line changes
/// nothing any reader keeps). Looked up only below a blank line.
fn continues_text_value(cfg: &Config, i: usize) -> bool {
    let Some((sec, _)) = held_by(cfg, i) else {
        return false;
    };
    let doc = cfg.document();
    (cfg.props(sec)).any(|p| {
        p.line < i
            && i < p.end
            && matches!(doc.line(p.line).kind, LineKind::Key { ref value, .. } if !value.is_empty())
    })
}

/// [`FindingKind::IndentedComment`] for indented comment line `i` (0-based) of a profile or an
/// sso-session, where it follows a key's value (`above`, the last line above it that is neither
/// blank nor a comment, is the key or its continuation), as the plan's `indented_comment_after`
/// finds it: botocore skips it, the AWS SDKs for Rust (its interop check reads it so) and Java v2
/// (`isPropertyContinuationLine`) read it as more of that value.
fn indented_comment(cfg: &Config, i: usize, above: Option<usize>) -> Option<FindingKind> {
    let doc = cfg.document();
    let above = above?;
    if !matches!(
        doc.line(above).kind,
        LineKind::Key { .. } | LineKind::Continuation
    ) {
        return None;
    }
    let (_, session) = held_by(cfg, i)?;
    Some(FindingKind::IndentedComment { session })
}

/// Whether `bytes` hold `#` or `;` right after a space or a tab anywhere: where they do not, no
/// value holds a comment another SDK cuts (nearly every file), and no key line is looked at.
fn has_blank_then_comment_sign(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(b'#', b';', bytes)
        .any(|at| at > 0 && matches!(bytes[at - 1], b' ' | b'\t'))
}

/// [`FindingKind::CommentInKey`] for key line `i` (0-based), written with `=`: its key holds `#`
/// or `;` after a space or a tab. The AWS SDKs for Rust (`prepare_line`) and Java v2
/// (`ProfileFileReader.removeTrailingComments`, then `parsePropertyDefinition`) cut the line
/// there and find no `=`, which fails the whole file; Go v2 (`trimPropertyComment`, which skips
/// a line it then finds no `=` or `:` in), JavaScript v3 (`parseIni`, `(^|\s)[;#]`) and, for
/// `;`, Ruby v3 (`\s;`) cut it too and read no key.
fn comment_in_key(cfg: &Config, i: usize) -> Option<FindingKind> {
    let doc = cfg.document();
    let LineKind::Key { key, delim, .. } = doc.line(i).kind else {
        return None;
    };
    let text = doc.text(i);
    let before = &text.as_bytes()[key.start as usize..delim as usize];
    let cut_at = |signs: &[u8]| {
        (before.windows(2)).any(|w| matches!(w[0], b' ' | b'\t') && signs.contains(&w[1]))
    };
    if !cut_at(b"#;") {
        return None;
    }
    // Outside a profile or session, no key of theirs is lost: only the failures of the whole
    // file are claimed.
    let held = held_by(cfg, i);
    let mut readers = Readers::default();
    if held.is_some() {
        readers = readers.with(Reader::GoV2).with(Reader::JsV3);
        if cut_at(b";") {
            readers = readers.with(Reader::RubyV3);
        }
    }
    let session = held.is_some_and(|(_, session)| session);
    // Java checks the `=` of every line in a section whose header it reads (it skips the lines
    // of one it ignores).
    let java_fails = (cfg.section_holding(i))
        .is_some_and(|sec| Reader::JavaV2.reads_header(cfg.header(sec)).is_some());
    Some(FindingKind::CommentInKey {
        key: doc.slice(i, &key).to_ascii_lowercase(),
        session,
        readers,
        java_fails,
    })
}

/// The session names the AWS SDKs for Rust, Go v2 and PHP v3 read in the `sso_session` line of
/// profile section `sec` where they read another than botocore ([`values_read_otherwise`]).
/// `None` for one that reads botocore's name, or where the section has no such line (PHP's also
/// where it does not read the line as `sso_session`).
pub(super) fn session_names_read_otherwise<'c>(
    cfg: &'c Config,
    sec: usize,
) -> [Option<&'c str>; 3] {
    let Some(values) = values_read_otherwise(cfg, sec, SSO_SESSION) else {
        return [None; 3];
    };
    let php_reads_key = cfg.own(sec, SSO_SESSION).is_some_and(|p| {
        !key_lines::key_reading_otherwise(cfg.document().text(p.line), SSO_SESSION)
            .contains(Reader::PhpV3)
    });
    let botocore = values.botocore;
    let php = php_reads_key.then_some(values.php);
    [Some(values.cut), Some(values.go), php].map(|value| value.filter(|&v| v != botocore))
}

/// Where `part`, a slice of `whole`, is in it, as `u16` offsets; `None` where it is not a slice
/// of it or lies past 64 KiB.
pub(super) fn place_in(whole: &str, part: &str) -> Option<[u16; 2]> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start + part.len();
    (end <= whole.len()).then_some([start.try_into().ok()?, end.try_into().ok()?])
}

/// A value as botocore and the SDKs that cut comments read it ([`values_read_otherwise`]).
struct ValueReadings<'c> {
    botocore: &'c str,
    /// The AWS SDKs for Rust and Java v2: cut where `#` or `;` follows a space or a tab (as
    /// [`value_comment`] says), and trimmed.
    cut: &'c str,
    /// Go v2: cut the same way, then without the quotes around it (`legacyStrconv`'s
    /// `unquote`: `""` is empty to it; a lone `"` it does not read, slicing past its end).
    go: &'c str,
    /// PHP v3: cut where [`php_ini::comment_start`] says, trimmed, and without the double quotes
    /// around it.
    php: &'c str,
}

/// How the SDKs read what follows the delimiter on the key line of `key` in section `sec` (not
/// its continuation lines); `None` where the section has no such line.
fn values_read_otherwise<'c>(cfg: &'c Config, sec: usize, key: &str) -> Option<ValueReadings<'c>> {
    let doc = cfg.document();
    let p = cfg.own(sec, key)?;
    let LineKind::Key { delim, .. } = doc.line(p.line).kind else {
        return None;
    };
    let after = &doc.text(p.line)[delim as usize + 1..];
    let cut = after[..other_sdks::cpp_uncommented(after.as_bytes()).len()].trim();
    let go = match cut.as_bytes() {
        [q @ (b'"' | b'\''), .., end] if end == q => &cut[1..cut.len() - 1],
        _ => cut,
    };
    Some(ValueReadings {
        botocore: after.trim(),
        cut,
        go,
        php: php_ini::read_value(after),
    })
}

/// The inline keys of profile section `sec` (`inline`, botocore's `sso_start_url` and
/// `sso_region`) whose value `reader` (Go v2 or Java v2, which compare them with the session's)
/// reads otherwise than in the session's section `ssec`, where `reader` reads both key lines as
/// those keys: its values of them ([`values_read_otherwise`]), or botocore's where one goes on
/// over continuation lines (which botocore joins and each SDK reads its own way). A comment
/// botocore keeps in one of them (`sso_region = us-east-1 # main`) is no conflict to either, and
/// quotes around one are none to Go.
pub(super) fn inline_conflicts_read_by(
    cfg: &Config,
    reader: Reader,
    (sec, ssec): (usize, usize),
    inline: &[&str],
) -> Vec<String> {
    let doc = cfg.document();
    let read_as_key = |sec: usize, key: &str| {
        cfg.own(sec, key).is_some_and(|p| {
            !key_lines::key_reading_otherwise(doc.text(p.line), key).contains(reader)
        })
    };
    let value = |sec: usize, key: &str| {
        let one_line = cfg.own(sec, key).is_some_and(|p| p.end == p.line + 1);
        let values = one_line
            .then(|| values_read_otherwise(cfg, sec, key))
            .flatten();
        match (values, reader) {
            (Some(v), Reader::GoV2) => Some(v.go),
            (Some(v), _) => Some(v.cut),
            (None, _) => cfg.get(sec, key),
        }
    };
    (inline.iter())
        .filter(|&&k| cfg.get(ssec, k).is_some() && read_as_key(sec, k) && read_as_key(ssec, k))
        .filter(|&&k| value(sec, k) != value(ssec, k))
        .map(|k| k.to_string())
        .collect()
}

/// [`FindingKind::ValueComment`] for key line `i` (0-based) of a profile or an sso-session: what
/// follows its delimiter holds `#` or `;` after a space or a tab, or a `;` that the AWS SDK for
/// PHP reads as a comment ([`php_ini::comment_start`]). The SDKs that cut it there: the AWS SDK for
/// Rust (`prepare_line`, where the sign follows whitespace), Java v2
/// (`ProfileFileReader.removeTrailingComments` with ` #`, ` ;`, `\t#` and `\t;`), JavaScript v3
/// (`parseIni` cuts at `(^|\s)[;#]`), the AWS SDK for C++ (where `#` or `;` follows a space or
/// a tab, [`other_sdks::cpp_uncommented`]), Go v2 (the same, `internal/ini`'s
/// `trimPropertyComment` since aws/aws-sdk-go-v2#2371; for one release before it, at the first
/// `#` or `;` anywhere, which cut `…/start#` short: aws/aws-sdk-go-v2#2369), for `;`, Ruby v3
/// (`\s;`), and PHP v3 where it cuts. The comment shown is what the first of those cut, PHP's
/// where only PHP cuts.
fn value_comment(cfg: &Config, i: usize) -> Option<FindingKind> {
    let doc = cfg.document();
    let LineKind::Key { key, delim, .. } = doc.line(i).kind else {
        return None;
    };
    let text = doc.text(i);
    let after = &text[delim as usize + 1..];
    let kept = other_sdks::cpp_uncommented(after.as_bytes()).len();
    let php = php_ini::comment_start(after);
    let cut = match (kept < after.len(), php) {
        (true, _) => kept,
        (false, Some(php)) => php,
        (false, None) => return None,
    };
    let (_, session) = held_by(cfg, i)?;
    let comment = &after[cut..];
    let ruby = (after.char_indices())
        .any(|(j, c)| other_sdks::is_ruby_space(c) && after[j + c.len_utf8()..].starts_with(';'));
    let mut readers = Readers::default();
    if kept < after.len() {
        readers = [
            Reader::RustSdk,
            Reader::GoV2,
            Reader::JavaV2,
            Reader::JsV3,
            Reader::Cpp,
        ]
        .into_iter()
        .fold(readers, Readers::with);
    }
    if ruby {
        readers = readers.with(Reader::RubyV3);
    }
    if php.is_some() {
        readers = readers.with(Reader::PhpV3);
    }
    Some(FindingKind::ValueComment {
        key: doc.slice(i, &key).to_ascii_lowercase().into(),
        comment: comment.into(),
        session,
        readers,
    })
}

/// [`FindingKind::CarriageReturnValue`] for key line `i` (0-based) of a profile or an
/// sso-session: its value is empty and it ends in CR LF.
fn carriage_return_value(cfg: &Config, i: usize) -> Option<FindingKind> {
    let doc = cfg.document();
    if doc.ending(i) != Ending::CrLf {
        return None;
    }
    let LineKind::Key { key, value, .. } = doc.line(i).kind else {
        return None;
    };
    if !value.is_empty() {
        return None;
    }
    let (_, session) = held_by(cfg, i)?;
    Some(FindingKind::CarriageReturnValue {
        key: doc.slice(i, &key).to_ascii_lowercase(),
        session,
    })
}

/// [`FindingKind::BlankValue`] for key line `i` (0-based) of a profile or an sso-session: its
/// value is empty, and spaces or tabs follow its `=` (`=` only: a `KEY: ` line is a
/// [`FindingKind::ColonDelimiter`], and no key to Ruby).
fn blank_value(cfg: &Config, i: usize) -> Option<FindingKind> {
    let doc = cfg.document();
    let LineKind::Key {
        key, value, delim, ..
    } = doc.line(i).kind
    else {
        return None;
    };
    let after = &doc.text(i)[delim as usize + 1..];
    if !value.is_empty() || !after.starts_with([' ', '\t']) {
        return None;
    }
    let (_, session) = held_by(cfg, i)?;
    Some(FindingKind::BlankValue {
        key: doc.slice(i, &key).to_ascii_lowercase(),
        session,
    })
}

/// For a `KEY: VALUE` line `i` (0-based), or any other key line: whether it is in an
/// sso-session, and the SDKs that read no such key in that profile or session
/// ([`key_lines::key_reading_otherwise`]). Left out on a line without `=`: the SDKs that fail
/// on the whole file there (Rust, claimed where its parser fails, Java, .NET) or stop reading
/// it (C++, added where it stops), and, where botocore reads the key with no value (`KEY:`),
/// every SDK: they read nothing on the line, and a key with no value is read as no key, as
/// `empty_value` has it. None outside a profile or session.
pub(super) fn key_line_readers(cfg: &Config, i: usize, without_equals: bool) -> (bool, Readers) {
    let Some((sec, session)) = held_by(cfg, i) else {
        return (false, Readers::default());
    };
    let Some(p) = cfg.props(sec).find(|p| p.line == i) else {
        return (session, Readers::default());
    };
    if without_equals && p.value.is_empty() {
        return (session, Readers::default());
    }
    let mut readers = key_lines::key_reading_otherwise(cfg.document().text(i), p.key);
    if without_equals {
        for r in [Reader::RustSdk, Reader::JavaV2, Reader::Dotnet, Reader::Cpp] {
            readers = readers.without(r);
        }
    }
    (session, readers)
}

/// [`FindingKind::KeyReadOtherwise`] for key line `i` (0-based) of a profile or an sso-session,
/// where some SDKs do not read it as the key botocore reads (`indented`: its key is).
///
/// A key with no value at the start of its line is left alone: the SDKs read it as no key or
/// as an empty one under another name, which reads alike (an empty value is no setting to
/// them, and `empty_value` claims none of them). Indented, it is still a continuation with
/// nothing to continue to Java.
fn key_read_otherwise(cfg: &Config, i: usize, indented: bool) -> Option<FindingKind> {
    let (sec, session) = held_by(cfg, i)?;
    let p = cfg.props(sec).find(|p| p.line == i)?;
    if p.value.is_empty() && !indented {
        return None;
    }
    let k = key_lines::read_otherwise(cfg, &p)?;
    Some(FindingKind::KeyReadOtherwise {
        key: k.key.into(),
        text: k.text.into(),
        session,
        indented,
        readers: k.readers,
    })
}

fn is_bracketed(s: &str) -> bool {
    s.starts_with('[') && s.ends_with(']')
}
