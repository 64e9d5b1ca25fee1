//! Section headers as botocore reads them: a header's kind and name (`build_profile_map`,
//! `_parse_section`), split without shlex where it has no quote or backslash.

use std::borrow::Cow;

use serde::Serialize;

use super::shlex;
use crate::doc::{Document, LineKind};

/// What botocore makes of a section header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum SectionKind<'h> {
    /// `[default]`, or any header botocore reads as `profile NAME`. `canonical` is false for
    /// headers only botocore accepts, such as `[profiles x]` or `[profilex y]`. The name borrows
    /// from the header unless shlex had to build it (quotes, backslashes).
    Profile { name: Cow<'h, str>, canonical: bool },
    /// `[sso-session NAME]`; `canonical` as for profiles.
    SsoSession { name: Cow<'h, str>, canonical: bool },
    /// `[services NAME]`.
    Services { name: Cow<'h, str> },
    /// Upper-case `[DEFAULT]`: configparser copies its keys into every other section.
    Defaults,
    /// Anything else: ignored by botocore (`[dev]`, `[plugins]`, `[profile a b]`, `[ profile x]`).
    Other,
}

/// What botocore makes of a section header (`build_profile_map` and `_parse_section`).
pub fn section_kind(header: &str) -> SectionKind<'_> {
    let named = |prefix: &str| -> Option<(Cow<'_, str>, bool)> {
        if let Some(words) = two_plain_words(header) {
            return words.map(|(first, name)| (Cow::Borrowed(name), first == prefix));
        }
        let parts = shlex::split(header).ok()?;
        match parts.as_slice() {
            [first, name] => Some((Cow::Owned(name.clone()), first == prefix)),
            _ => None,
        }
    };
    if header.starts_with("profile") {
        named("profile").map_or(SectionKind::Other, |(name, canonical)| {
            SectionKind::Profile { name, canonical }
        })
    } else if header.starts_with("sso-session") {
        named("sso-session").map_or(SectionKind::Other, |(name, canonical)| {
            SectionKind::SsoSession { name, canonical }
        })
    } else if header.starts_with("services") {
        named("services").map_or(SectionKind::Other, |(name, _)| SectionKind::Services {
            name,
        })
    } else if header == "default" {
        SectionKind::Profile {
            name: "default".into(),
            canonical: true,
        }
    } else if header == "DEFAULT" {
        SectionKind::Defaults
    } else {
        SectionKind::Other
    }
}

/// `header`'s two words, as shlex splits it, where it has no quote or backslash (without them
/// shlex only splits at its whitespace, and no word is built); `Some(None)` where it has not two.
/// `None` where it has a quote or backslash: shlex must read it. One pass over the bytes, every
/// one looked for ASCII, so that no character is cut.
fn two_plain_words(header: &str) -> Option<Option<(&str, &str)>> {
    let mut words = [0..0, 0..0];
    let mut count = 0;
    let mut start = None;
    for (i, &b) in header.as_bytes().iter().enumerate() {
        match b {
            b'"' | b'\'' | b'\\' => return None,
            b' ' | b'\t' | b'\r' | b'\n' => {
                if let Some(s) = start.take() {
                    if count < 2 {
                        words[count] = s..i;
                    }
                    count += 1;
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        if count < 2 {
            words[count] = s..header.len();
        }
        count += 1;
    }
    let [first, name] = words;
    Some((count == 2).then(|| (&header[first], &header[name])))
}

/// Whether `name` starts and ends with a printable ASCII character and has no `#`, `;` or `]`: no
/// character botocore keeps at a name's end and the other SDKs trim (`str::trim` trims every
/// Unicode space, Java's `String.trim` every ASCII control; shlex only spaces, tabs and line
/// breaks), and none where Go, Java, JavaScript, Ruby or PHP may cut the header short. See
/// [`super::Config::other_sdks_read_no_other_name`].
pub(super) fn reads_plainly(name: &str) -> bool {
    let bytes = name.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_graphic()
                && last.is_ascii_graphic()
                && !bytes.iter().any(|&b| matches!(b, b'#' | b';' | b']'))
        }
        _ => false,
    }
}

/// The text between the brackets of the header on line `i` of `doc`.
pub(super) fn header_of(doc: &Document, i: usize) -> &str {
    match &doc.line(i).kind {
        LineKind::Section { header } => doc.slice(i, header),
        _ => unreachable!("a section starts at a header line"),
    }
}

/// The name of the profile whose header is on line `i` of `doc`, as [`crate::aws::Config`]
/// reads it there; `None` where the header names no profile.
pub fn profile_name_at(doc: &Document, i: usize) -> Option<Cow<'_, str>> {
    match section_kind(header_of(doc, i)) {
        SectionKind::Profile { name, .. } => Some(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::{Config, Reader};

    #[test]
    fn plain_headers_split_as_shlex_splits_them() {
        // Every header of up to six of these bytes, which shlex splits without building a word.
        let alphabet = [b' ', b'\t', b'\r', b'\n', b'a', b'p', b'-'];
        let mut headers = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = (headers.iter())
                .filter(|h| h.len() == headers.last().map_or(0, String::len))
                .flat_map(|h| alphabet.iter().map(move |&b| format!("{h}{}", b as char)))
                .collect();
            headers.extend(longer);
        }
        assert_eq!(headers.len(), (0..=6).map(|n| 7usize.pow(n)).sum::<usize>());
        for h in &headers {
            let shlex = shlex::split(h).unwrap();
            let want = match shlex.as_slice() {
                [first, name] => Some((first.as_str(), name.as_str())),
                _ => None,
            };
            assert_eq!(two_plain_words(h), Some(want), "{h:?}");
        }
        for quoted in ["profile \"a\"", "'p' a", "profile a\\ b", "\\"] {
            assert_eq!(two_plain_words(quoted), None, "{quoted}");
        }
    }

    #[test]
    fn section_kinds_follow_botocore() {
        use SectionKind::*;
        let p = |n: &'static str, c| Profile {
            name: n.into(),
            canonical: c,
        };
        assert_eq!(section_kind("default"), p("default", true));
        assert_eq!(section_kind("profile default"), p("default", true));
        assert_eq!(section_kind("profile \"my prof\""), p("my prof", true));
        assert_eq!(section_kind("profiles bar"), p("bar", false));
        assert_eq!(section_kind("profile a b"), Other);
        assert_eq!(section_kind("profile\ta\r"), p("a", true));
        assert_eq!(section_kind("profile  'a'"), p("a", true));
        assert_eq!(section_kind("profile a\\ b"), p("a b", true));
        assert_eq!(section_kind("profile \"abc"), Other);
        assert_eq!(section_kind("   profile foo    "), Other);
        assert_eq!(section_kind("Profile A"), Other);
        assert_eq!(
            section_kind("sso-session 'my sess'"),
            SsoSession {
                name: "my sess".into(),
                canonical: true
            }
        );
        assert_eq!(section_kind("DEFAULT"), Defaults);
        assert_eq!(section_kind("plugins"), Other);
    }

    proptest::proptest! {
        /// A header without quotes or backslashes is split into words at the bytes of shlex's
        /// whitespace, as it was split at those characters.
        #[test]
        fn a_plain_header_splits_into_the_same_words(
            header in "(profile|sso-session|services|profiles|default|DEFAULT|)([ \t\r\n\u{a0}\u{85}\u{2028}]{0,2}[a-zé\u{a0}.@]{0,4}){0,3}[ \t\u{a0}]?"
        ) {
            let by_chars = |prefix: &str| {
                let mut words = header
                    .split([' ', '\t', '\r', '\n'])
                    .filter(|w| !w.is_empty());
                match (words.next(), words.next(), words.next()) {
                    (Some(first), Some(name), None) => Some((name, first == prefix)),
                    _ => None,
                }
            };
            let was = if header.starts_with("profile") {
                by_chars("profile").map_or(SectionKind::Other, |(name, canonical)| {
                    SectionKind::Profile { name: name.into(), canonical }
                })
            } else if header.starts_with("sso-session") {
                by_chars("sso-session").map_or(SectionKind::Other, |(name, canonical)| {
                    SectionKind::SsoSession { name: name.into(), canonical }
                })
            } else if header.starts_with("services") {
                by_chars("services").map_or(SectionKind::Other, |(name, _)| {
                    SectionKind::Services { name: name.into() }
                })
            } else {
                section_kind(&header)
            };
            proptest::prop_assert_eq!(section_kind(&header), was);
        }

        /// What [`Config::other_sdks_read_no_other_name`] says: where it holds, each of the other
        /// SDKs reads the header as botocore's kind and name, or not at all. Unicode spaces and
        /// ASCII controls stand around and inside the names, where the other SDKs trim what
        /// botocore keeps, and `]`, `#` and `;`, where they end a header that botocore reads on.
        #[test]
        fn a_header_said_to_be_read_alike_is_read_alike_or_not_at_all_by_other_sdks(
            header in "(profile|sso-session|default|profiles|DEFAULT)[ \t]{0,2}[\u{a0}\u{2028}\u{85}\u{3000}\u{b}\u{1}\u{feff}]?[a-z'\"\\\\ \t.@\u{a0}\u{1}\u{1f}\\]#;]{0,4}[ \t\u{a0}\u{2003}\u{1}\u{c}]?"
        ) {
            let doc = Document::parse(format!("[{header}]\n"));
            let cfg = Config::read(&doc);
            if cfg.section_count() == 1 && cfg.other_sdks_read_no_other_name(0) {
                let ours = match cfg.section(0).kind {
                    SectionKind::Profile { name, .. } => ("profile", name),
                    SectionKind::SsoSession { name, .. } => ("sso-session", name),
                    other => panic!("{other:?} is no profile or session"),
                };
                for reader in Reader::OTHER_SDKS {
                    if let Some(theirs) = reader.reads_header(&header) {
                        proptest::prop_assert_eq!((theirs.0, theirs.1.as_ref()), (ours.0, ours.1.as_ref()), "{:?}", reader);
                    }
                }
            }
        }
    }
}
