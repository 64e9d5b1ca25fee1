//! How the AWS SDKs other than botocore read a section header: which profile or sso-session they
//! take it for, if any. botocore's own reading is in `header`; where the two part ways, a new
//! session's name must avoid what they read ([`crate::plan`]'s naming) and a header they merge
//! into an existing section is a problem (`lint::merged_by_other_sdks`).
//!
//! Each reading follows its SDK's own source, and was checked by running that SDK's reader on
//! the same headers:
//! - the AWS SDK for Rust: `aws-runtime` `env_config/normalize.rs` `SectionPair::parse`
//!   (`AWS-CONFIG-FACTS.md` §2.3), run as aws-config 1.13.0 (and in CI by `interop/rust-sdk`);
//! - the AWS SDK for Java 2.x: `core/profiles` `ProfileFileReader` (`readProfileDefinitionLine`,
//!   `parseProfileDefinition`), run from the 2.25.25 source;
//! - the AWS SDK for JavaScript v3: `@smithy/core` `shared-ini-file-loader` `parseIni`,
//!   `getConfigData` and `getSsoSessionData`, run as @smithy/core 3.41.1.
//!
//! Only headers are modelled here; what each SDK does with two sections of one name is in
//! `lint::other_sdks_read` (the AWS SDK for Rust's rules).

use serde::Serialize;

use super::names;

/// An AWS SDK besides botocore whose reading of section headers is modelled here. The JSON
/// names are those of `--doctor`'s readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HeaderReader {
    #[serde(rename = "rust")]
    RustSdk,
    #[serde(rename = "java-v2")]
    JavaV2,
    #[serde(rename = "js-v3")]
    JsV3,
}

impl HeaderReader {
    /// Every one, in the order they are reported.
    pub const ALL: [HeaderReader; 3] = [
        HeaderReader::RustSdk,
        HeaderReader::JavaV2,
        HeaderReader::JsV3,
    ];

    /// The kind (`profile` or `sso-session`) and name this SDK reads in `header`, the text
    /// between the brackets as botocore takes it; `None` where it reads neither. An empty name,
    /// which nothing can point at, is taken as none.
    pub fn reads(self, header: &str) -> Option<(&'static str, &str)> {
        let (kind, name) = match self {
            HeaderReader::RustSdk => return rust_reads(header),
            HeaderReader::JavaV2 => java_reads(header)?,
            HeaderReader::JsV3 => js_reads(header)?,
        };
        (!name.is_empty()).then_some((kind, name))
    }
}

/// A set of [`HeaderReader`]s, listed in [`HeaderReader::ALL`]'s order (as JSON: their names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeaderReaders(u8);

impl HeaderReaders {
    /// This set and `reader`.
    pub fn with(self, reader: HeaderReader) -> HeaderReaders {
        HeaderReaders(self.0 | 1 << reader as u8)
    }

    pub fn iter(self) -> impl Iterator<Item = HeaderReader> {
        HeaderReader::ALL
            .into_iter()
            .filter(move |&r| self.0 & 1 << r as u8 != 0)
    }
}

impl Serialize for HeaderReaders {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The AWS SDK for Rust (`SectionPair::parse`): spaces and tabs trimmed, split at the first
/// space or tab, each part then trimmed of every Unicode space (`str::trim`: `[sso-session
/// \u{a0}corp]` is `corp` to it, `\u{a0}corp` to botocore), and `profile NAME`, `sso-session
/// NAME` or bare `default`, with NAME in `[A-Za-z0-9_\-/.%@:+]+`. Anything else it ignores.
fn rust_reads(header: &str) -> Option<(&'static str, &str)> {
    let ws = [' ', '\t'];
    let trimmed = header.trim_matches(ws);
    match trimmed.split_once(ws) {
        None if trimmed.trim() == "default" => Some(("profile", "default")),
        None => None,
        Some((prefix, name)) => {
            let name = name.trim();
            let kind = match prefix.trim() {
                "profile" => "profile",
                "sso-session" => "sso-session",
                _ => return None,
            };
            names::is_portable(name).then_some((kind, name))
        }
    }
}

/// Java's `String.trim`: every character up to U+0020, the ASCII controls among them.
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// The AWS SDK for Java 2.x (`ProfileFileReader`): the header line is cut at its first `#` or
/// `;` and trimmed with `String.trim`, and must still end with `]` (else the whole file fails);
/// what is between the brackets is trimmed again, must start with `profile ` or `profile\t`
/// (`sso-session ` or `sso-session\t`) or be `default`, and the rest, trimmed once more, must
/// match `[A-Za-z0-9_\-/.%@:+]*`. So `[profile \u{1}dev]` and `[\u{b}profile dev]` are `dev`.
fn java_reads(header: &str) -> Option<(&'static str, &str)> {
    let contents = match header.find(['#', ';']) {
        None => header,
        // `[profile dev] ;]` is `[profile dev]` to it; botocore's header runs to the last `]`.
        Some(cut) => java_trim(&header[..cut]).strip_suffix(']')?,
    };
    let raw = java_trim(contents);
    if raw == "default" {
        return Some(("profile", "default"));
    }
    let after = |word: &str| {
        let rest = raw.strip_prefix(word)?;
        rest.starts_with([' ', '\t']).then_some(rest)
    };
    let (kind, rest) = match (after("profile"), after("sso-session")) {
        (Some(rest), _) => ("profile", rest),
        (_, Some(rest)) => ("sso-session", rest),
        _ => return None,
    };
    let name = java_trim(rest);
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
        .then_some((kind, name))
}

/// JavaScript's whitespace (`\s`, `trim`): Unicode's spaces without U+0085, with U+FEFF.
fn is_js_space(c: char) -> bool {
    c != '\u{85}' && (c.is_whitespace() || c == '\u{feff}')
}

/// The AWS SDK for JavaScript v3 (`parseIni`): the line is cut where `#` or `;` follows
/// whitespace, trimmed, and is a header when it starts with `[` and ends with `]`. The text
/// between them matching `^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$` is PREFIX NAME: exactly one
/// whitespace character of any kind, the name optionally quoted (`[profile "dev"]`,
/// `[profile\u{a0}dev]` are `dev`). Text that does not match is kept whole, and read as
/// `default` or as PREFIX.NAME split at its first `.` (`[profile.dev]` is `dev`, `[sso-session.a
/// b]` the session `a b`). The prefixes it keeps are `profile` and `sso-session` (and
/// `services`).
fn js_reads(header: &str) -> Option<(&'static str, &str)> {
    // `(^|\s)[;#]`: the line starts with `[`, so only whitespace can come before the sign.
    let mut cut = None;
    let mut space_at = None;
    for (i, c) in header.char_indices() {
        if matches!(c, '#' | ';') && space_at.is_some() {
            cut = space_at;
            break;
        }
        space_at = is_js_space(c).then_some(i);
    }
    let section = match cut {
        None => header,
        Some(cut) => header[..cut]
            .trim_end_matches(is_js_space)
            .strip_suffix(']')?,
    };
    let kind = |prefix: &str| match prefix {
        "profile" => Some("profile"),
        "sso-session" => Some("sso-session"),
        _ => None,
    };
    if let Some((prefix, name)) = js_prefix_and_name(section) {
        return Some((kind(prefix)?, name));
    }
    if section == "default" {
        return Some(("profile", "default"));
    }
    let (prefix, name) = section.split_once('.')?;
    Some((kind(prefix)?, name))
}

/// `^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$` (JavaScript's `\w` is ASCII): prefix and name.
fn js_prefix_and_name(section: &str) -> Option<(&str, &str)> {
    let end = section
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|&end| end > 0)?;
    let (prefix, rest) = section.split_at(end);
    let space = rest.chars().next().filter(|&c| is_js_space(c))?;
    let rest = &rest[space.len_utf8()..];
    let quoted = ['"', '\''].into_iter().find_map(|q| {
        let name = rest.strip_prefix(q)?.strip_suffix(q)?;
        names::is_portable(name).then_some(name)
    });
    let name = quoted.or_else(|| names::is_portable(rest).then_some(rest))?;
    Some((prefix, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use HeaderReader::*;

    /// A kind and a name, or nothing.
    type Reading = Option<(&'static str, &'static str)>;

    /// Each header with what the three SDKs read in it, as their readers did (module docs).
    #[test]
    fn each_sdk_reads_headers_as_its_reader_does() {
        let p = |n| Some(("profile", n));
        let s = |n| Some(("sso-session", n));
        #[rustfmt::skip]
        let cases: &[(&str, [Reading; 3])] = &[
            ("profile dev", [p("dev"), p("dev"), p("dev")]),
            ("default", [p("default"), p("default"), p("default")]),
            ("sso-session corp", [s("corp"), s("corp"), s("corp")]),
            ("   profile foo    ", [p("foo"), p("foo"), None]),
            (" sso-session corp ", [s("corp"), s("corp"), None]),
            ("profile  dev", [p("dev"), p("dev"), None]),
            ("profile\tdev", [p("dev"), p("dev"), p("dev")]),
            ("profile 'a b'", [None, None, None]),
            ("profile foo!bar", [None, None, None]),
            ("profiles foo", [None, None, None]),
            ("profile \"dev\"", [None, None, p("dev")]),
            ("sso-session 'corp'", [None, None, s("corp")]),
            ("profile.dev", [None, None, p("dev")]),
            ("sso-session.corp", [None, None, s("corp")]),
            ("sso-session.a b", [None, None, s("a b")]),
            ("profile\u{a0}dev", [None, None, p("dev")]),
            ("profile\u{b}dev", [None, None, p("dev")]),
            ("sso-session \u{a0}corp", [s("corp"), None, None]),
            ("profile dev\u{2028}", [p("dev"), None, None]),
            ("\u{a0}profile dev", [p("dev"), None, None]),
            ("\u{b}default\u{85}", [p("default"), None, None]),
            ("\u{a0} profile dev", [None, None, None]),
            ("profile a\u{a0}b", [None, None, None]),
            ("profile \u{a0}", [None, None, None]),
            // Java trims every character up to U+0020; Rust only Unicode spaces.
            ("sso-session \u{1}corp", [None, s("corp"), None]),
            ("profile dev\u{1}", [None, p("dev"), None]),
            ("profile \u{b}dev", [p("dev"), p("dev"), None]),
            ("\u{1}profile dev", [None, p("dev"), None]),
            ("\u{b}sso-session corp", [s("corp"), s("corp"), None]),
            ("\u{1}default", [None, p("default"), None]),
            ("profile \u{0}dev", [None, p("dev"), None]),
            // botocore's header runs to the last `]`; Java cuts at `;` or `#`, JavaScript where
            // one follows whitespace.
            ("sso-session corp] ;x", [None, s("corp"), s("corp")]),
            ("sso-session corp];x", [None, s("corp"), None]),
            ("profile a#b", [None, None, None]),
        ];
        for (header, want) in cases {
            for (sdk, want) in HeaderReader::ALL.into_iter().zip(want) {
                assert_eq!(sdk.reads(header), *want, "{sdk:?} {header:?}");
            }
        }
        assert_eq!(JsV3.reads("profile."), None);
        assert_eq!(RustSdk.reads("profile \u{a0}"), None);
    }
}
