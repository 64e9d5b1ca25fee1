//! The rules where botocore and the other AWS SDKs part ways (a header one ignores and the other
//! merges, a line one reads as a key and the other rejects, whitespace only Python strips), and
//! the spans problems point at. Sources: `AWS-CONFIG-FACTS.md` §2.2 and §6; the AWS SDK for Rust's
//! `env_config/normalize.rs` and `parse.rs`.

use std::borrow::Cow;
use std::ops::Range;

use super::ascii::{HIGH, ONES, every_byte};
use super::other_sdks::{self, Reader, Readers, is_ruby_space};
use super::{Config, OtherSdksRead, Problem, ProblemKind, SectionWhat, TwoHeaders};
use crate::doc::{Document, Ending, Line, LineKind, py, widen};

/// What the other SDKs make of `header` (at 1-based `line`) and `other` (at `other_line`), two
/// headers botocore reads as the same `what` named `name`.
pub(super) fn other_sdks_read(
    (header, line): (&str, usize),
    (other, other_line): (&str, usize),
    what: SectionWhat,
    name: &str,
) -> OtherSdksRead {
    let kind = match what {
        SectionWhat::Profile => "profile",
        SectionWhat::SsoSession => "sso-session",
    };
    let reads = |h: &str| Reader::RustSdk.reads_header_as(h, kind, name);
    let bare_default = |h: &str| h.trim_matches([' ', '\t']) == "default";
    match (reads(header), reads(other)) {
        // "[profile default] takes priority over [default]" (normalize.rs).
        (true, true) if bare_default(header) != bare_default(other) => OtherSdksRead::Only {
            line: if bare_default(header) {
                other_line
            } else {
                line
            },
        },
        (true, true) => OtherSdksRead::Merge,
        (true, false) => OtherSdksRead::Only { line },
        (false, true) => OtherSdksRead::Only { line: other_line },
        (false, false) => OtherSdksRead::Neither,
    }
}

/// A header that other SDKs read as a profile or session which botocore reads under another
/// header (`[   profile dev   ]` or `[profile \u{1}dev]` beside `[profile dev]`): those SDKs
/// merge the two (or take the first of them: [`Reader::takes_the_first_section`]), or (where they
/// ignore botocore's header, `[profile "dev"]`) read another section as that name. `profile` and
/// `session` find botocore's section of a name.
pub(super) fn merged_by_other_sdks(
    cfg: &Config,
    profile: impl Fn(&str) -> Option<usize>,
    session: impl Fn(&str) -> Option<usize>,
    problems: &mut Vec<Problem>,
) {
    let doc = cfg.document();
    for i in 0..cfg.section_count() {
        if cfg.other_sdks_read_no_other_name(i) {
            continue;
        }
        let header = cfg.header(i);
        // Nearly always one: what one SDK merges here, the others ignore or merge alike.
        let mut merges: Vec<(usize, SectionWhat, Cow<str>, Readers)> = Vec::new();
        for reader in Reader::OTHER_SDKS {
            let Some((kind, name)) = reader.reads_header(header) else {
                continue;
            };
            let (botocore_same, what) = match kind {
                "profile" => (cfg.profile_name(i) == Some(&*name), SectionWhat::Profile),
                _ => (cfg.session_name(i) == Some(&*name), SectionWhat::SsoSession),
            };
            // Where botocore reads the same name (nearly always), there is nothing to look up.
            if botocore_same {
                continue;
            }
            let found = match what {
                SectionWhat::Profile => profile(&name),
                SectionWhat::SsoSession => session(&name),
            };
            let Some(other) = found else {
                continue;
            };
            // After botocore's own section, read alike, this one is never seen by an SDK that
            // takes the first.
            if reader.takes_the_first_section()
                && other < i
                && reader.reads_header_as(cfg.header(other), kind, &name)
            {
                continue;
            }
            match merges.iter_mut().find(|m| m.0 == other && m.2 == name) {
                Some(m) => m.3 = m.3.with(reader),
                None => merges.push((other, what, name, Readers::default().with(reader))),
            }
        }
        for (other, what, name, readers) in merges {
            let (s, o) = (cfg.section(i), cfg.section(other));
            let botocore_name = match what {
                SectionWhat::Profile => cfg.profile_name(i),
                SectionWhat::SsoSession => cfg.session_name(i),
            };
            problems.push(Problem::new(
                s.header_line() + 1,
                header_span(doc, s.header_line()),
                ProblemKind::MergedByOtherSdks {
                    headers: TwoHeaders::of(&s, &o, what, &name),
                    merged_by: readers,
                    botocore_name: botocore_name.map(Box::from),
                },
            ));
        }
    }
}

/// Whether line `i` of `doc` is a comment whose `#` or `;` starts the line and which does not end
/// in a lone `\r`: such a line has no problem of its own ([`line_problems`] finds none: nothing
/// before the comment sign is read) and changes nothing a reader of sections is reading, so
/// neither needs to build it. Nearly every comment is one.
pub(super) fn is_quiet_comment(doc: &Document, i: usize) -> bool {
    doc.starts_with_comment_sign(i) && doc.ending(i) != Ending::Cr
}

/// The problems line `n` (1-based, its `text`) has on its own: a lone carriage return, an
/// incomplete or indented header, and whitespace only Python strips. The caller has the line
/// already: it is not looked up again for every check.
pub(super) fn line_problems(line: &Line, text: &str, n: usize, problems: &mut Vec<Problem>) {
    if line.ending() == Ending::Cr {
        problems.push(Problem::new(
            n,
            text.len()..text.len(),
            ProblemKind::LoneCarriageReturn,
        ));
    }
    // Whether a problem above already says which readers read no header on this line.
    let mut header_read_otherwise = false;
    if incomplete_header(text) {
        header_read_otherwise = true;
        let (botocore_header, readers) = match &line.kind {
            LineKind::Section { header } => (
                Some(text[widen(header)].into()),
                header_line_unread_by(text, line.ending()),
            ),
            _ => (None, Readers::default()),
        };
        problems.push(Problem::new(
            n,
            trimmed_span(text),
            ProblemKind::IncompleteHeader {
                text: text.trim().into(),
                botocore_header,
                readers,
            },
        ));
    }
    if !header_read_otherwise
        && matches!(line.kind, LineKind::Section { .. })
        && let Some(readers) = glued_comment(text, line.ending())
    {
        header_read_otherwise = true;
        problems.push(Problem::new(
            n,
            trimmed_span(text),
            ProblemKind::GluedComment {
                text: text.trim().into(),
                readers,
            },
        ));
    }
    if !header_read_otherwise
        && let LineKind::Section { header } = &line.kind
        && let Some(readers) = bracket_inside(text, &text[widen(header)], line.ending())
    {
        problems.push(Problem::new(
            n,
            trimmed_span(text),
            ProblemKind::BracketInHeader {
                text: text.trim().into(),
                readers,
            },
        ));
    }
    if matches!(line.kind, LineKind::Section { .. }) && text.starts_with([' ', '\t']) {
        let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
        problems.push(Problem::new(
            n,
            0..indent,
            ProblemKind::IndentedHeader {
                text: text.trim().into(),
            },
        ));
    }
    if let Some((at, c)) = unusual_space(line, text) {
        problems.push(Problem::new(
            n,
            at..at + c.len_utf8(),
            ProblemKind::UnusualWhitespace { character: c },
        ));
    }
}

/// A line that starts with `[` without being a complete header for every reader: botocore reads
/// `[a=b` as a key (its header pattern needs a `]`), the other SDKs fail on it; and they fail on
/// `[profile a]x` or `[profile a#b]` (they cut comments at any `#` or `;`, then need a final `]`),
/// which botocore reads as headers.
fn incomplete_header(text: &str) -> bool {
    // Python's whitespace is spaces, tabs, control bytes and some non-ASCII characters.
    let first = text.bytes().find(|&b| b != b' ' && b != b'\t');
    if first.is_some_and(|b| b != b'[' && (b' '..=b'~').contains(&b)) {
        return false;
    }
    // Byte searches: `[`, `]`, `#`, `;`, space and tab are ASCII, never part of another
    // character. Every header passes here, so a character-pattern search per line showed.
    let stripped = py::strip(text).as_bytes();
    if stripped.first() == Some(&b'[') && memchr::memchr(b']', &stripped[1..]).is_none() {
        return true;
    }
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'[') {
        return false;
    }
    let uncommented = &bytes[..memchr::memchr2(b'#', b';', bytes).unwrap_or(bytes.len())];
    let last = uncommented.iter().rfind(|&&b| b != b' ' && b != b'\t');
    last != Some(&b']')
}

/// The SDKs that do not read header line `text` (ending in `ending`) as a header for the
/// comment that follows its `]`, if any ([`header_line_unread_by`]: JavaScript v3 cuts a comment
/// only where whitespace comes before its `#` or `;`, Ruby v3 a `;` only there, and then wants
/// nothing after the `]` but whitespace and `#` with at least one character). botocore, the AWS
/// SDK for Rust and the others cut a comment at any `#` or `;` here. `None` also where the line
/// is not a whole header to every reader ([`incomplete_header`]'s). An indented header is
/// read as if it were not (it is [`ProblemKind::IndentedHeader`] as well).
fn glued_comment(text: &str, ending: Ending) -> Option<Readers> {
    let line = text.trim_start_matches([' ', '\t']);
    let bytes = line.as_bytes();
    if bytes.first() != Some(&b'[') {
        return None;
    }
    let sign = memchr::memchr2(b'#', b';', bytes)?;
    let before = &bytes[..sign];
    let close = before.iter().rposition(|&b| b != b' ' && b != b'\t')?;
    if before[close] != b']' {
        return None;
    }
    let readers = header_line_unread_by(line, ending);
    (!readers.is_empty()).then_some(readers)
}

/// The SDKs that read no header on header line `text` (ending in `ending`), whose `header` (the
/// text botocore reads between the brackets) holds a `[` or `]`: Ruby v3 wants no bracket
/// inside (`^\[([^\[\]]+)\]`), so `[profile a[1]]`, `[profile a]]` and `[[profile a]]` are no
/// headers to it, and it reads the keys under them into the section above. `None` for nearly
/// every header, which has no bracket inside. Asked only where neither [`incomplete_header`]
/// nor [`glued_comment`] has answered for the line.
fn bracket_inside(text: &str, header: &str, ending: Ending) -> Option<Readers> {
    memchr::memchr2(b'[', b']', header.as_bytes())?;
    let readers = header_line_unread_by(text.trim_start_matches([' ', '\t']), ending);
    (!readers.is_empty()).then_some(readers)
}

/// The SDKs among Go v2, JavaScript v3 and Ruby v3 that read no header at all on line `text`
/// (ending in `ending`), a line botocore reads as a header: they give the keys under it to the
/// section above. Go v2 (`asProfile`) cuts the line at its first `#` or `;`, trims it and takes
/// it for a header when it starts with `[` and ends with `]`; JavaScript v3 (`parseIni`) does
/// the same but cuts only where `#` or `;` starts the line or follows whitespace; Ruby v3
/// (`IniParser`) cuts it where `;` follows whitespace and wants
/// `^\[([^\[\]]+)\]\s*(#.+)?$`, in which the `\r` of a `\r\n` is a character. It answers
/// for a header with a comment glued to it ([`glued_comment`]) and for the lines the AWS SDK
/// for Rust cannot read ([`incomplete_header`]): `[profile a]x` is no header to any of them,
/// `[profile a #b]` none to Go and JavaScript, `[profile a#b]` none to Go and one to the other
/// two.
pub(crate) fn header_line_unread_by(text: &str, ending: Ending) -> Readers {
    let mut readers = Readers::default();
    // Cut at the first `#` or `;` (`trimProfileComment`), then `TrimSpace`.
    let go = text
        .find(['#', ';'])
        .map_or(text, |cut| &text[..cut])
        .trim();
    if !(go.starts_with('[') && go.ends_with(']')) {
        readers = readers.with(Reader::GoV2);
    }
    // `(^|\s)[;#]`, then `trim`.
    let mut cut = text.len();
    let mut after_space = true;
    for (i, c) in text.char_indices() {
        if matches!(c, '#' | ';') && after_space {
            cut = i;
            break;
        }
        after_space = other_sdks::is_js_space(c);
    }
    let js = text[..cut].trim_matches(other_sdks::is_js_space);
    if !(js.starts_with('[') && js.ends_with(']')) {
        readers = readers.with(Reader::JsV3);
    }
    // `split(/^|\s;/)`, then the pattern, on the line with its `\r` where nothing was cut.
    let cut = (text.char_indices())
        .find(|&(i, c)| is_ruby_space(c) && text[i + c.len_utf8()..].starts_with(';'))
        .map(|(i, _)| i);
    // The `\r` of a `\r\n`, where nothing was cut: whitespace to `\s*`, a character to `.+`.
    let cr = cut.is_none() && ending == Ending::CrLf;
    let line = &text[..cut.unwrap_or(text.len())];
    let ruby = line.strip_prefix('[').is_some_and(|rest| {
        let Some(close) = rest.find(['[', ']']) else {
            return false;
        };
        if close == 0 || !rest[close..].starts_with(']') {
            return false;
        }
        let after = rest[close + 1..].trim_start_matches(is_ruby_space);
        after.is_empty() || after.starts_with('#') && (after.len() > 1 || cr)
    });
    if !ruby {
        readers = readers.with(Reader::RubyV3);
    }
    readers
}

/// A whitespace character other than space and tab where Python strips it (around the line,
/// the key or the value): botocore strips it, the other SDKs and the `configparser` crate do not
/// or not all of them, so the line means different things to different readers.
fn unusual_space(line: &Line, text: &str) -> Option<(usize, char)> {
    // What follows a comment's `#` or `;` is never read.
    let read = match line.kind {
        // Near the start of the line: a short byte loop, not a searcher set up per line.
        LineKind::Comment => {
            let at = text.bytes().position(|b| b == b'#' || b == b';');
            &text[..at.unwrap_or(text.len())]
        }
        _ => text,
    };
    // Every such character is a control byte or outside ASCII: most lines are neither.
    if is_plain(read.as_bytes()) {
        return None;
    }
    let plain = |s: &str| s.trim_matches([' ', '\t']).len() == py::strip(s).len();
    // The whole line, then (for a key line) the key and the value: no allocation per line.
    let mut segments = [(0, read), (0, ""), (0, "")];
    if let LineKind::Key { key, delim, .. } = &line.kind {
        let (key, delim) = (key.start as usize, *delim as usize);
        segments[1] = (key, &text[key..delim]);
        segments[2] = (delim + 1, &text[delim + 1..]);
    }
    // U+FEFF is no whitespace to Python: botocore keeps it at an end of a key or a value,
    // where the AWS SDK for JavaScript v3 (`trim`) drops it. Only a key line's: on another line
    // (a continued value, a comment) JavaScript reads no key and no value of its own there.
    let key_line = matches!(line.kind, LineKind::Key { .. });
    let feff_at_end = |s: &str| {
        if !key_line {
            return None;
        }
        let core = py::strip(s);
        let at = core.as_ptr() as usize - s.as_ptr() as usize;
        if core.starts_with('\u{feff}') {
            Some(at)
        } else {
            core.ends_with('\u{feff}')
                .then(|| at + core.len() - '\u{feff}'.len_utf8())
        }
    };
    segments.into_iter().find_map(|(start, s)| {
        if !plain(s) {
            s.char_indices()
                .find(|&(_, c)| py::is_space(c) && c != ' ' && c != '\t')
                .map(|(at, c)| (start + at, c))
        } else {
            feff_at_end(s).map(|at| (start + at, '\u{feff}'))
        }
    })
}

/// Whether `bytes` are all tabs and printable ASCII. This runs on every line, twice, and a line
/// is a few dozen bytes: eight at a time in a `u64`, where a byte of 0x7f or more, or one under
/// 0x20, is found in a few instructions a word (a word with one under 0x20, a tab nearly always,
/// is then looked at byte by byte), the last few in the word that ends the line. Sixteen-byte
/// vectors left most of a short line to a byte loop.
fn is_plain(bytes: &[u8]) -> bool {
    // Each byte of a word `w` with all its bytes under 0x80 is under `n` if and only if
    // `(w - n * ONES) & !w & HIGH` is not zero (a borrow carries only past a byte already under).
    let has_under = |w: u64, n: u64| w.wrapping_sub(n * ONES) & !w & HIGH != 0;
    let plain = |b: u8| b == b'\t' || (b' '..=b'~').contains(&b);
    let plain_word = |w: u64, word: &[u8]| {
        // 0x80 or more; then 0x7f, which is 0 in `w ^ 0x7f7f...`; then under 0x20.
        !(w & HIGH != 0
            || has_under(w ^ (0x7f * ONES), 1)
            || has_under(w, 0x20) && !word.iter().all(|&b| plain(b)))
    };
    every_byte(bytes, plain_word, plain)
}

/// Lines longer than this are not config lines: the longest real values (role ARNs, nested
/// blocks' lines) are a few hundred bytes. Such a file gets one short problem instead of an echo.
pub const LONGEST_LINE: usize = 64 * 1024;

/// The one problem of a file that is not text: a huge line ([`LONGEST_LINE`], binary data or
/// junk), or the first byte that is not UTF-8.
pub(super) fn not_text(doc: &Document) -> Option<Problem> {
    // A file that is all UTF-8 (nearly every one) has no line to decode, and only line lengths
    // to look at.
    if doc.is_utf8() {
        let long = doc.first_line_longer_than(LONGEST_LINE);
        return long.map(|i| Problem::new(i + 1, 0..0, ProblemKind::NotAConfig));
    }
    for i in 0..doc.len() {
        let raw = doc.raw_text(i);
        if raw.len() > LONGEST_LINE {
            return Some(Problem::new(i + 1, 0..0, ProblemKind::NotAConfig));
        }
        if doc.line(i).kind == LineKind::NotUtf8 {
            let err = std::str::from_utf8(raw).expect_err("the line is not UTF-8");
            let at = err.valid_up_to();
            let valid = std::str::from_utf8(&raw[..at]).unwrap_or_default();
            let bad = err.error_len().unwrap_or(raw.len() - at);
            return Some(Problem::new(
                i + 1,
                at..at + bad,
                ProblemKind::NotUtf8 {
                    byte: raw[at],
                    column: valid.chars().count() + 1,
                },
            ));
        }
    }
    None
}

/// The key of line `i` when it is a `key = value` line, else the whole line.
pub(super) fn key_span(doc: &Document, i: usize) -> Range<usize> {
    match &doc.line(i).kind {
        LineKind::Key { key, .. } => widen(key),
        _ => trimmed_span(doc.text(i)),
    }
}

/// The `[header]` of line `i`, brackets included.
pub(super) fn header_span(doc: &Document, i: usize) -> Range<usize> {
    trimmed_span(doc.text(i))
}

/// The line without the whitespace around it.
pub(super) fn trimmed_span(text: &str) -> Range<usize> {
    let start = text.len() - text.trim_start().len();
    start..text.trim_end().len().max(start)
}

#[cfg(test)]
mod tests {
    use super::{
        glued_comment, header_line_unread_by, incomplete_header, is_plain, is_quiet_comment,
        line_problems,
    };
    use crate::aws::other_sdks::Reader;
    use crate::doc::{Document, Ending};

    #[test]
    fn a_quiet_comment_has_no_problem_of_its_own() {
        // Comments of every shape, after every kind of line, with every ending: a quiet one
        // must have no line problem.
        let comments = [
            "# c",
            ";c",
            "#",
            "# [profile a",
            "#\u{a0}x",
            "# \x0c",
            "  # indented",
            "\x0c# odd",
            "\u{a0}; odd",
            "#\t[x]",
        ];
        let mut quiet = 0;
        for before in ["", "[profile a]\n", "[profile a]\nk = v\n"] {
            for comment in comments {
                for ending in ["\n", "\r\n", "\r", ""] {
                    let src = format!("{before}{comment}{ending}[b]\n");
                    let doc = Document::parse(src.as_str());
                    for i in 0..doc.len() {
                        if !is_quiet_comment(&doc, i) {
                            continue;
                        }
                        quiet += 1;
                        let mut problems = Vec::new();
                        line_problems(&doc.line(i), doc.text(i), i + 1, &mut problems);
                        assert!(problems.is_empty(), "{src:?} line {}: {problems:?}", i + 1);
                    }
                }
            }
        }
        // Seven comments start with their sign, in three places, with three endings that are
        // not a lone `\r` (without an ending, `[b]` joins the comment's line).
        assert_eq!(quiet, 7 * 3 * 3);
    }

    #[test]
    fn plain_lines_are_found_eight_bytes_at_a_time() {
        // Every length around the word size, with each kind of byte at every position, alone
        // and after a tab in the same word.
        for len in 0..50 {
            for at in 0..len {
                for odd in [
                    b'\t', b' ', b'!', b'~', 0x7f, 0x0b, 0x00, 0x01, 0x1f, 0x80, 0x81, 0xa0, 0xfe,
                    0xff,
                ] {
                    for tab_before in [false, true] {
                        let mut line = vec![b'k'; len];
                        line[at] = odd;
                        if tab_before && at > 0 {
                            line[at - 1] = b'\t';
                        }
                        let expected = line
                            .iter()
                            .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b));
                        assert_eq!(is_plain(&line), expected, "{line:?}");
                    }
                }
            }
            assert!(is_plain(&vec![b'a'; len]));
        }
        // Every byte, at every place of two words and a few more, beside every byte.
        for odd in 0..=255u8 {
            for at in 0..19 {
                for next in [b'\t', b'a', 0x1f, 0x7f, 0x80, odd.wrapping_add(1)] {
                    let mut line = vec![b'~'; 19];
                    line[at] = odd;
                    line[(at + 1) % 19] = next;
                    let expected = line
                        .iter()
                        .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b));
                    assert_eq!(is_plain(&line), expected, "{line:?}");
                }
            }
        }
    }

    #[test]
    fn an_incomplete_header_is_found_as_by_the_character_rule() {
        // The rule with `str` patterns, as the function said it before it searched bytes.
        let by_characters = |text: &str| {
            let first = text.bytes().find(|&b| b != b' ' && b != b'\t');
            if first.is_some_and(|b| b != b'[' && (b' '..=b'~').contains(&b)) {
                return false;
            }
            let stripped = crate::doc::py::strip(text);
            if stripped.starts_with('[') && !stripped[1..].contains(']') {
                return true;
            }
            if !text.starts_with('[') {
                return false;
            }
            let uncommented = &text[..text.find(['#', ';']).unwrap_or(text.len())];
            !uncommented.trim_end_matches([' ', '\t']).ends_with(']')
        };
        // Every text of up to five of these characters: the brackets, the comment signs,
        // ASCII and Python-only spaces, a letter and a delimiter.
        let alphabet = [
            '[', ']', '#', ';', ' ', '\t', '\u{a0}', '\u{2003}', 'a', '=',
        ];
        let mut texts = vec![String::new()];
        let mut checked = 0;
        for _ in 0..5 {
            let longer: Vec<String> = (texts.iter())
                .flat_map(|t| alphabet.iter().map(move |&c| format!("{t}{c}")))
                .collect();
            for text in &longer {
                assert_eq!(incomplete_header(text), by_characters(text), "{text:?}");
                checked += 1;
            }
            texts = longer;
        }
        assert_eq!(checked, 111_110);
        assert!(incomplete_header("[profile a]x"));
        assert!(!incomplete_header("[profile a] ; c"));
    }

    /// What follows `[profile b]`, and whether the AWS SDKs for JavaScript v3 and Ruby v3 read
    /// the line as a header: as `@smithy/core` 3.41.1's `loadSharedConfigFiles` and Debian's
    /// aws-sdk-core 3.168.1 `IniParser.ini_parse` read `[profile a]`, its key, this line and a
    /// key (`interop/js-sdk` and `interop/ruby-sdk` run both readers).
    #[test]
    fn a_comment_glued_to_a_header_is_found_as_javascript_and_ruby_read_it() {
        let (yes, no) = (true, false);
        let tails = [
            // tail, ending, JavaScript reads a header, Ruby reads a header
            ("", Ending::Lf, yes, yes),
            (" ", Ending::Lf, yes, yes),
            ("\t", Ending::Lf, yes, yes),
            (" #x", Ending::Lf, yes, yes),
            (" #", Ending::Lf, yes, no),
            (" #", Ending::CrLf, yes, yes),
            (" ;x", Ending::Lf, yes, yes),
            (" ;", Ending::Lf, yes, yes),
            ("#x", Ending::Lf, no, yes),
            (";x", Ending::Lf, no, no),
            ("\t#x", Ending::Lf, yes, yes),
            ("#", Ending::Lf, no, no),
            (";", Ending::Lf, no, no),
            (" # x", Ending::Lf, yes, yes),
            ("\t;x", Ending::Lf, yes, yes),
            (" # ;y", Ending::Lf, yes, no),
            ("\t#\t", Ending::Lf, yes, yes),
            ("#x ;y", Ending::Lf, no, yes),
        ];
        for (tail, ending, js, ruby) in tails {
            let text = format!("[profile b]{tail}");
            let readers = glued_comment(&text, ending).unwrap_or_default();
            let reads = |r: Reader| !readers.contains(r);
            assert_eq!(
                (reads(Reader::JsV3), reads(Reader::RubyV3)),
                (js, ruby),
                "{text:?} {ending:?}"
            );
            // Where a comment follows the `]`, the line-level reading is the answer; where none
            // does, it finds every reader reading the header.
            assert_eq!(header_line_unread_by(&text, ending), readers, "{text:?}");
        }
        // A line that is not a whole header is `incomplete_header`'s.
        assert_eq!(glued_comment("[profile a#b]", Ending::Lf), None);
        assert_eq!(glued_comment("region = a];x", Ending::Lf), None);
    }

    /// Lines botocore reads as headers and the AWS SDK for Rust cannot: which of Go v2,
    /// JavaScript v3 and Ruby v3 read no header on them (as `interop/js-sdk` and
    /// `interop/ruby-sdk` read fixture `refuse-text-inside-header`; Go as its `asProfile` reads).
    #[test]
    fn headers_with_text_inside_or_after_are_read_as_go_javascript_and_ruby_read_them() {
        let (go, js, ruby) = (Reader::GoV2, Reader::JsV3, Reader::RubyV3);
        let none = super::Readers::default().with(go);
        let cases = [
            ("[profile a]x", Ending::Lf, none.with(js).with(ruby)),
            ("[profile a] x", Ending::CrLf, none.with(js).with(ruby)),
            ("[profile a]x #c", Ending::Lf, none.with(js).with(ruby)),
            ("[profile a#b]", Ending::Lf, none),
            ("[profile a;b]", Ending::Lf, none),
            ("[profile a #b]", Ending::Lf, none.with(js)),
            ("[profile a ;b]", Ending::Lf, none.with(js).with(ruby)),
            ("[profile [a]]", Ending::Lf, none.without(go).with(ruby)),
        ];
        for (text, ending, unread) in cases {
            assert!(incomplete_header(text) || text == "[profile [a]]", "{text}");
            assert_eq!(header_line_unread_by(text, ending), unread, "{text:?}");
        }
    }
}
