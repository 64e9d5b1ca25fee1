//! How the AWS SDKs other than botocore read a key line: whether they find there the key botocore
//! finds. botocore lower-cases a key (`SSO_Region = …` is `sso_region`), takes `:` as well as
//! `=` between key and value, and reads an indented line right under a header as a key. Several
//! SDKs do none of these: JavaScript v3 and Ruby v3 look keys up as written, and a line without
//! `=` is no key to them.
//!
//! Where a line botocore reads as `sso_region` is not `sso_region` to an SDK, moving it changes
//! that SDK's reading: an existing session whose `SSO_REGION = …` JavaScript does not read gives
//! the profiles moved into it no SSO region there, and a profile's inline keys are all
//! JavaScript has where its `SSO_SESSION = corp` is no `sso_session` to it. The plan does
//! neither (`NotReused::KeyReadOtherwise`, `SkipReason::KeyReadOtherwise`).
//!
//! Each reading follows its SDK's source, and was checked by running that SDK's reader (or its
//! reading code, copied) on the lines of the test below:
//! - the AWS SDK for Rust: `aws-runtime` `env_config/parse.rs` (`AWS-CONFIG-FACTS.md` §2.3);
//! - the AWS SDK for Go v2: `internal/ini` (`trimComment`, `splitProperty`, `asProperty`) at
//!   aws/aws-sdk-go-v2 `845d42e`, and `config/shared_config.go`'s lookups; the comment rule is
//!   `trimPropertyComment`'s as aws/aws-sdk-go-v2#2371 left it in November 2023, read in its
//!   source and not run (`845d42e` cut a line at its first `#` or `;`, as Go did for that one
//!   release: aws/aws-sdk-go-v2#2369);
//! - the AWS SDK for Java 2.x: `ProfileFileReader` (`isPropertyContinuationLine`,
//!   `parsePropertyDefinition`) at aws/aws-sdk-java-v2 `991e126`;
//! - the AWS SDK for JavaScript v3: `@smithy/core` 3.41.1 `parseIni`;
//! - the AWS SDK for Ruby v3: `aws-sdk-core` `ini_parser.rb` at aws/aws-sdk-ruby `809cc58`;
//! - the AWS SDK for PHP v3: PHP 8.2's `parse_ini_string` with `INI_SCANNER_RAW`, looked up as
//!   written (`CredentialProvider`);
//! - the AWS SDK for .NET: `IniFile` at aws/aws-sdk-net `166bfbd` (a section's keys ignore case)
//!   and `CredentialProfilePropertyMapping.ExtractProfileParts` at `59c8df1` (which copies them
//!   into a dictionary that does not, but for `sso_session`);
//! - the AWS SDK for C++: `ConfigFileProfileFSM::ParseStream` at aws/aws-sdk-cpp `1539725`.
//!
//! The JavaScript and Ruby checks in `scripts/test` read the files `interop/key-variants.py`
//! writes before and after the migration.

use serde::Serialize;

use super::other_sdks::{Reader, Readers, cpp_uncommented, is_js_space, is_ruby_space};
use super::{Config, Prop};

/// A key line that `readers` do not read as the key botocore reads there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyLineReadOtherwise {
    /// The key botocore reads, in lower case.
    pub key: String,
    /// 1-based.
    pub line: usize,
    /// The line as it is written.
    pub text: String,
    pub readers: Readers,
}

/// Property `p` of `cfg`, where some SDKs do not read its key line as its key
/// ([`key_reading_otherwise`]).
pub fn read_otherwise(cfg: &Config, p: &Prop) -> Option<KeyLineReadOtherwise> {
    let text = cfg.document().text(p.line);
    let readers = key_reading_otherwise(text, p.key);
    (!readers.is_empty()).then(|| KeyLineReadOtherwise {
        key: p.key.to_string(),
        line: p.line + 1,
        text: text.to_string(),
        readers,
    })
}

/// The SDKs of [`Reader::OTHER_SDKS`] that do not read `line` (a key line without its ending,
/// which botocore reads as `key`, in lower case) as `key`. None where the line is written as the
/// AWS CLI writes it: the key in lower case at its start, then `=` after spaces or tabs.
pub fn key_reading_otherwise(line: &str, key: &str) -> Readers {
    if line
        .strip_prefix(key)
        .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with('='))
    {
        return Readers::default();
    }
    (Reader::OTHER_SDKS.into_iter())
        .filter(|&sdk| !reads_key(sdk, line, key))
        .fold(Readers::default(), Readers::with)
}

/// The SDKs of [`Reader::OTHER_SDKS`] that read `line` (without its ending) as the key `key`,
/// where botocore reads no key there: an indented line that continues the value above it.
pub fn continuation_read_as_key(line: &str, key: &str) -> Readers {
    (Reader::OTHER_SDKS.into_iter())
        .filter(|&sdk| reads_key(sdk, line, key))
        .fold(Readers::default(), Readers::with)
}

/// Whether the AWS SDK for Rust reads key line `line` (without its ending) as the key `key` (in
/// lower case), which botocore reads there: not where the line is indented, or where the key
/// holds whitespace other than spaces and tabs at its ends, which botocore strips and Rust keeps
/// (`sso_region\x0c = x`).
pub fn rust_reads_key(line: &str, key: &str) -> bool {
    reads_key(Reader::RustSdk, line, key)
}

/// What comes before the first `=` of `line`: the key's text, untrimmed; none without an `=`.
fn before_equals(line: &str) -> Option<&str> {
    line.split_once('=').map(|(k, _)| k)
}

/// Whether `sdk` reads `line` as the key `key` (in lower case).
fn reads_key(sdk: Reader, line: &str, key: &str) -> bool {
    let blanks = [' ', '\t'];
    let indented = line.starts_with(blanks);
    let exact = |k: &str| k.trim_matches(blanks) == key;
    match sdk {
        Reader::Botocore => true,
        // A line that starts with a space or a tab continues the value above it; the key is cut
        // at the first `=`, trimmed and lower-cased.
        Reader::RustSdk => {
            !indented
                && before_equals(line)
                    .is_some_and(|k| k.trim_matches(blanks).eq_ignore_ascii_case(key))
        }
        // The line is cut where `#` or `;` follows a space or a tab (`trimPropertyComment`), and
        // the key at its first `=` or `:`, trimmed and lower-cased; an indented line is never a
        // key.
        Reader::GoV2 => {
            let line = &line[..cpp_uncommented(line.as_bytes()).len()];
            !indented
                && line
                    .split_once(['=', ':'])
                    .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case(key))
        }
        // An indented line continues the value above it (or fails the file); the key, cut at
        // the first `=`, is kept as it is written.
        Reader::JavaV2 => !indented && before_equals(line).is_some_and(exact),
        // The line is trimmed and cut at its first `=`; the key is kept as it is written.
        // JavaScript's `trim` takes U+FEFF for a space, and U+0085 for none.
        Reader::JsV3 => before_equals(line.trim_matches(is_js_space))
            .is_some_and(|k| k.trim_matches(is_js_space) == key),
        Reader::PhpV3 => before_equals(line.trim()).is_some_and(|k| k.trim() == key),
        // `^(.+?)\s*=\s*(.+?)\s*$`, the key kept as it is written; a key that starts with
        // whitespace is a nested item of the key above it.
        Reader::RubyV3 => {
            !line.starts_with(is_ruby_space)
                && before_equals(line).is_some_and(|k| k.trim_end_matches(is_ruby_space) == key)
        }
        // The line and the key are trimmed; `sso_session` is found in any case, the other keys
        // only as written.
        Reader::Dotnet => before_equals(line.trim()).is_some_and(|k| {
            let k = k.trim();
            k == key || key == "sso_session" && k.eq_ignore_ascii_case(key)
        }),
        // The line is cut where `#` or `;` follows a space or a tab; the key, cut at the first
        // `=`, is trimmed and kept as it is written.
        Reader::Cpp => {
            let cut = cpp_uncommented(line.as_bytes()).len();
            before_equals(&line[..cut]).is_some_and(|k| k.trim() == key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Reader::*;

    fn readers(list: &[Reader]) -> Readers {
        list.iter().fold(Readers::default(), |r, &sdk| r.with(sdk))
    }

    /// Each line with the SDKs that do not read it as `sso_region`.
    #[test]
    fn each_sdk_reads_key_lines_as_its_reader_does() {
        #[rustfmt::skip]
        let cases: &[(&str, &[Reader])] = &[
            ("sso_region = eu-west-1", &[]),
            ("sso_region=eu-west-1", &[]),
            ("sso_region\t=\teu-west-1", &[]),
            ("sso_region  =  eu-west-1 ;c", &[]),
            ("SSO_REGION = eu-west-1", &[JavaV2, JsV3, RubyV3, PhpV3, Dotnet, Cpp]),
            ("Sso_Region = eu-west-1", &[JavaV2, JsV3, RubyV3, PhpV3, Dotnet, Cpp]),
            ("sso_region: eu-west-1", &[RustSdk, JavaV2, JsV3, RubyV3, PhpV3, Dotnet, Cpp]),
            ("sso_region : eu-west-1", &[RustSdk, JavaV2, JsV3, RubyV3, PhpV3, Dotnet, Cpp]),
            ("sso_region:x = y", &[RustSdk, JavaV2, JsV3, RubyV3, PhpV3, Dotnet, Cpp]),
            (" sso_region = eu-west-1", &[RustSdk, GoV2, JavaV2, RubyV3]),
            ("\tsso_region = eu-west-1", &[RustSdk, GoV2, JavaV2, RubyV3]),
            ("  SSO_REGION=eu-west-1", &[RustSdk, GoV2, JavaV2, JsV3, RubyV3, PhpV3, Dotnet, Cpp]),
        ];
        for (line, want) in cases {
            assert_eq!(
                key_reading_otherwise(line, "sso_region"),
                readers(want),
                "{line:?}"
            );
        }
        // .NET finds `sso_session` in any case, the other keys only in lower case.
        let sdks = [JavaV2, JsV3, RubyV3, PhpV3, Cpp];
        assert_eq!(
            key_reading_otherwise("SSO_SESSION = corp", "sso_session"),
            readers(&sdks)
        );
        // Go v2 cuts a comment where a space or a tab comes before the sign, in the key too
        // (aws/aws-sdk-go-v2#2371); a key so cut is `comment_in_key`'s, which names Rust.
        for (key, go_reads) in [("sso_region#c", true), ("sso_region #c", false)] {
            assert_eq!(
                reads_key(GoV2, &format!("{key} = eu-west-1"), key),
                go_reads,
                "{key:?}"
            );
        }
        // JavaScript trims U+FEFF (a byte order mark) around the line and the key, as a space.
        let continued = "  \u{feff}sso_region = eu-west-1";
        assert!(continuation_read_as_key(continued, "sso_region").contains(JsV3));
        assert!(!continuation_read_as_key(continued, "sso_region").contains(PhpV3));
    }
}
