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
//!   `getConfigData` and `getSsoSessionData`, run as @smithy/core 3.41.1 (and in CI by
//!   `interop/js-sdk`);
//! - the AWS SDK for Go v2: `internal/ini` `tokenize.go` (`asProfile`) and `strings.go`
//!   (`trimComment`, `splitProfile`), `config/shared_config.go` (`processConfigSections`, the
//!   `"sso-session " + name` lookup), its tokenizer (at aws/aws-sdk-go-v2 `845d42e`) run with
//!   Debian's Go 1.19;
//! - the AWS SDK for Ruby v3: `aws-sdk-core` `ini_parser.rb` (`IniParser.ini_parse`) and
//!   `shared_config.rb` (`@parsed_config[profile]`, `sso_session`), at aws/aws-sdk-ruby
//!   `bac3491`, its parser run with Debian's Ruby 3.1 (and in CI, as Debian's aws-sdk-core
//!   3.168.1, by `interop/ruby-sdk`);
//! - the AWS SDK for PHP v3: PHP's `parse_ini_file` with `INI_SCANNER_RAW` (run as Debian's PHP
//!   8.2), then the SDK's `str_replace('profile ', '', $name)` (`CredentialProvider` and the
//!   token providers' `loadProfiles`) and its `'sso-session ' . $name` lookup, from its source;
//! - the AWS SDK for .NET: `AWSSDK.Core` `IniFile` (`TryParseSection`), `ProfileIniFile`
//!   (`TryGetSection`'s `^profile[ \t]+NAME$`) and `OptimisticLockedTextFile` (its lines), as
//!   `SharedCredentialsFile` looks a name up in the config file, run under Debian's Mono 6.8;
//! - the AWS SDK for C++: `aws-cpp-sdk-core` `AWSConfigFileProfileConfigLoader.cpp`
//!   (`ConfigFileProfileFSM::ParseSectionDeclaration`, `ParseIdentifier`, `StripCommentFromLine`,
//!   with the profile prefix the config file is read with), at aws/aws-sdk-cpp `8221b13` and
//!   `1539725`, compiled with Debian's g++ 12.
//!
//! Rust's, JavaScript's and Ruby's readers judge the tool's migrations in `scripts/test`. Go's
//! tokenizer was run by hand on every header of the tests below, and Java's reader on most of
//! them (the few that came later, with `;` or spaces inside, follow its source); Ruby's parser
//! and PHP's on every header of their own tests, and .NET's and C++'s readers on every header
//! of every table below (108).
//!
//! Only headers are modelled here; what each SDK does with two sections of one name is in
//! `lint::other_sdks_read` (the AWS SDK for Rust's rules).

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use super::header::header_of;
use super::names;
use crate::doc::Document;

/// A program that reads AWS config files: botocore (the AWS CLI) or an AWS SDK. `--doctor` names
/// the readers that fail on a finding; [`Reader::OTHER_SDKS`] are the SDKs whose reading of a
/// header is modelled here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reader {
    #[serde(rename = "botocore")]
    Botocore,
    #[serde(rename = "rust")]
    RustSdk,
    #[serde(rename = "go-v2")]
    GoV2,
    #[serde(rename = "java-v2")]
    JavaV2,
    #[serde(rename = "js-v3")]
    JsV3,
    #[serde(rename = "ruby-v3")]
    RubyV3,
    #[serde(rename = "php-v3")]
    PhpV3,
    #[serde(rename = "dotnet")]
    Dotnet,
    #[serde(rename = "cpp")]
    Cpp,
}

impl Reader {
    /// Every SDK besides botocore, in the order they are reported.
    pub const OTHER_SDKS: [Reader; 8] = [
        Reader::RustSdk,
        Reader::GoV2,
        Reader::JavaV2,
        Reader::JsV3,
        Reader::RubyV3,
        Reader::PhpV3,
        Reader::Dotnet,
        Reader::Cpp,
    ];

    /// The stable identifier in `--format json`.
    pub fn id(self) -> &'static str {
        match self {
            Reader::Botocore => "botocore",
            Reader::RustSdk => "rust",
            Reader::GoV2 => "go-v2",
            Reader::JavaV2 => "java-v2",
            Reader::JsV3 => "js-v3",
            Reader::RubyV3 => "ruby-v3",
            Reader::PhpV3 => "php-v3",
            Reader::Dotnet => "dotnet",
            Reader::Cpp => "cpp",
        }
    }

    /// The kind (`profile` or `sso-session`) and name this SDK reads in `header`, the text
    /// between the brackets as botocore takes it; `None` where it reads neither. An empty name,
    /// which nothing can point at, is taken as none. The name is lent from the header unless
    /// the SDK builds it (PHP takes `profile ` out of it). botocore's own reading is
    /// [`super::section_kind`]'s: it has none here.
    pub fn reads_header(self, header: &str) -> Option<(&'static str, Cow<'_, str>)> {
        let (kind, name) = match self {
            Reader::Botocore => {
                debug_assert!(false, "botocore's reading of a header is section_kind's");
                return None;
            }
            Reader::RustSdk => return rust_reads(header).map(|(k, n)| (k, Cow::Borrowed(n))),
            Reader::GoV2 => go_reads(header)?,
            Reader::JavaV2 => java_reads(header)?,
            Reader::JsV3 => js_reads(header)?,
            Reader::RubyV3 => ruby_reads(header)?,
            Reader::Dotnet => dotnet_reads(header)?,
            Reader::Cpp => cpp_reads(header)?,
            Reader::PhpV3 => return php_reads(header).filter(|(_, n)| !n.is_empty()),
        };
        (!name.is_empty()).then_some((kind, Cow::Borrowed(name)))
    }

    /// Whether this SDK, of two sections it reads as one name, takes the first and never sees
    /// the other (.NET: `IniFile.TrySeekSection` stops at the first match) rather than merging
    /// them, as the others do.
    pub fn takes_the_first_section(self) -> bool {
        matches!(self, Reader::Dotnet)
    }

    /// Whether this SDK reads `header` as the `kind` (`profile` or `sso-session`) named `name`.
    #[inline]
    pub fn reads_header_as(self, header: &str, kind: &str, name: &str) -> bool {
        self.reads_header(header)
            .is_some_and(|(k, n)| k == kind && n == name)
            // Ruby looks a session up as `sso-session NAME` and as `sso-session 'NAME'`: a
            // quoted name is that name and, as written, its quotes too.
            || self == Reader::RubyV3
                && kind == "sso-session"
                && ruby_section(header).and_then(|s| s.strip_prefix("sso-session ")) == Some(name)
    }
}

/// The SDKs of [`Reader::OTHER_SDKS`] that do not read `header` as the `kind` (`profile` or
/// `sso-session`) named `name` (none where it is written as the AWS CLI writes it).
pub fn reading_otherwise(header: &str, kind: &str, name: &str) -> Readers {
    (Reader::OTHER_SDKS.into_iter())
        .filter(|r| !r.reads_header_as(header, kind, name))
        .fold(Readers::default(), Readers::with)
}

/// A set of [`Reader`]s, listed in declaration order (as JSON: their names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Readers(u16);

impl Readers {
    /// This set and `reader`.
    pub fn with(self, reader: Reader) -> Readers {
        Readers(self.0 | 1 << reader as u8)
    }

    /// This set without `reader`.
    pub fn without(self, reader: Reader) -> Readers {
        Readers(self.0 & !(1 << reader as u8))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, reader: Reader) -> bool {
        self.0 & 1 << reader as u8 != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Reader> {
        [Reader::Botocore]
            .into_iter()
            .chain(Reader::OTHER_SDKS)
            .filter(move |&r| self.contains(r))
    }
}

impl Serialize for Readers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The AWS SDK for Rust (`parse.rs` `read_profile_line`, then `SectionPair::parse`): the header
/// line is cut at its first `#` or `;` (`prepare_line`), trimmed of spaces and tabs, and must
/// still end with `]` (so `[profile ops] # see [JIRA-1]`, whose text to botocore runs to the last
/// `]`, is `profile ops`); what is between the brackets is trimmed of spaces and tabs, split at
/// the first space or tab, each part then trimmed of every Unicode space (`str::trim`:
/// `[sso-session \u{a0}corp]` is `corp` to it, `\u{a0}corp` to botocore), and `profile NAME`,
/// `sso-session NAME` or bare `default`, with NAME in `[A-Za-z0-9_\-/.%@:+]+`. Anything else
/// it ignores.
fn rust_reads(header: &str) -> Option<(&'static str, &str)> {
    // A header read as a section has no `#` or `;` (no kind's word or name holds one), so the
    // comment is looked for only where there is no such reading: it is asked for every
    // profile's header, and a search of each cost more than the reading.
    rust_reads_between(header).or_else(|| {
        let cut = header.bytes().position(|b| b == b'#' || b == b';')?;
        rust_reads_between(
            header[..cut]
                .trim_end_matches([' ', '\t'])
                .strip_suffix(']')?,
        )
    })
}

/// Whether the AWS SDK for Rust reads `header` as the profile `default` written without the
/// word `profile` (`[default]`), which it drops where the file also has `[profile default]`
/// (`merge_in`: "`[profile default]` fully replaces any contents of `[default]`").
pub fn rust_reads_bare_default(header: &str) -> bool {
    // Read as `default`, it is `default` or `profile default` before any comment.
    rust_reads(header) == Some(("profile", "default"))
        && header
            .trim_start_matches([' ', '\t'])
            .starts_with("default")
}

/// [`rust_reads`] of the text between a header line's brackets, once its comment is cut.
fn rust_reads_between(header: &str) -> Option<(&'static str, &str)> {
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

/// The AWS SDK for Go v2 (`asProfile`): the header line is cut at its first `#` or `;`,
/// trimmed of spaces and tabs at its end, and must still end with `]`; what is between the
/// brackets is trimmed of every Unicode space (`strings.TrimSpace`) and split at its first run
/// of spaces and tabs into a type and a name, which is kept as it is: no quotes taken off, no
/// character refused (`[profile 'dev']` is `'dev'`, `[profile a b]` is `a b`). The types it
/// keeps are `profile` and `sso-session`; a header without a type is `default`.
fn go_reads(header: &str) -> Option<(&'static str, &str)> {
    let contents = match header.find(['#', ';']) {
        None => header,
        Some(cut) => header[..cut]
            .trim_end_matches([' ', '\t'])
            .strip_suffix(']')?,
    };
    let s = contents.trim();
    let Some((typ, name)) = s.split_once([' ', '\t']) else {
        return (s == "default").then_some(("profile", "default"));
    };
    let kind = match typ {
        "profile" => "profile",
        "sso-session" => "sso-session",
        _ => return None,
    };
    Some((kind, name.trim_start_matches([' ', '\t'])))
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
pub(super) fn is_js_space(c: char) -> bool {
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

/// Ruby's whitespace (`\s`): space, tab, and the ASCII line and page breaks.
pub fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

/// The AWS SDK for Ruby v3 (`IniParser.ini_parse`): the line is cut where `;` follows
/// whitespace and must then match `^\[([^\[\]]+)\]\s*(#.+)?$`. What is between the brackets
/// is kept as it is, not trimmed: `profile`, a run of whitespace and the rest is that profile
/// (`[profile dev ]` is `dev `); any other text is itself the profile's name (`[dev]` is the
/// profile `dev`, `[ default]` is ` default`). A profile's `sso_session = NAME` looks up the
/// text `sso-session NAME` or `sso-session 'NAME'` (`shared_config.rb` `sso_session`): one
/// space, nothing trimmed.
fn ruby_reads(header: &str) -> Option<(&'static str, &str)> {
    let section = ruby_section(header)?;
    if let Some(rest) = section.strip_prefix("profile")
        && rest.starts_with(is_ruby_space)
    {
        // `\s+(.+?)$`: the run of whitespace gives back one character if nothing follows it.
        let name = rest.trim_start_matches(is_ruby_space);
        return Some((
            "profile",
            if name.is_empty() {
                &rest[rest.len() - 1..]
            } else {
                name
            },
        ));
    }
    if let Some(name) = section.strip_prefix("sso-session ") {
        let unquoted = name
            .strip_prefix('\'')
            .and_then(|n| n.strip_suffix('\''))
            .filter(|n| !n.is_empty());
        return Some(("sso-session", unquoted.unwrap_or(name)));
    }
    Some(("profile", section))
}

/// The text the AWS SDK for Ruby v3 keeps between the brackets of header line `[HEADER]` (with
/// what follows botocore's `]`), if it reads a header there.
fn ruby_section(header: &str) -> Option<&str> {
    let cut = header
        .char_indices()
        .find(|&(i, c)| is_ruby_space(c) && header[i + c.len_utf8()..].starts_with(';'))
        .map(|(i, _)| i);
    let section = match cut {
        // The line ends at the cut: its first bracket must close the section, and only
        // whitespace and a `#` comment may follow.
        Some(cut) => {
            let line = &header[..cut];
            let close = line.find(['[', ']'])?;
            let rest = line[close..].strip_prefix(']')?;
            let rest = rest.trim_start_matches(is_ruby_space);
            if !(rest.is_empty() || rest.len() > 1 && rest.starts_with('#')) {
                return None;
            }
            &line[..close]
        }
        // The line goes on to the header's own `]`, which may be the comment's text.
        None => match header.find(['[', ']']) {
            None => header,
            Some(close) => {
                let rest = header[close..].strip_prefix(']')?;
                rest.trim_start_matches(is_ruby_space)
                    .starts_with('#')
                    .then_some(&header[..close])?
            }
        },
    };
    Some(section)
}

/// The AWS SDK for PHP v3 (`parse_ini_file` with `INI_SCANNER_RAW`, then `str_replace('profile
/// ', '', $name)` in `CredentialProvider::loadProfiles` and the token providers' `loadProfiles`):
/// PHP's reader keeps what is between `[` and the first `]` as it is (a NUL or a carriage return
/// there fails the whole file), and the SDK takes `profile ` out of it wherever it stands
/// (`[   profile foo ]` is `   foo `, `[sso-session profile corp]` the session `corp`). A
/// profile's `sso_session = NAME` looks up `sso-session NAME`; any other text is itself the
/// profile's name (`[dev]` is the profile `dev`).
fn php_reads(header: &str) -> Option<(&'static str, Cow<'_, str>)> {
    let section = header.split(']').next().unwrap_or(header);
    if section.contains(['\0', '\r']) {
        return None;
    }
    let key = match section.strip_prefix("profile ") {
        Some(rest) if !rest.contains("profile ") => Cow::Borrowed(rest),
        _ if section.contains("profile ") => Cow::Owned(section.replace("profile ", "")),
        _ => Cow::Borrowed(section),
    };
    let session = match &key {
        Cow::Borrowed(k) => k.strip_prefix("sso-session ").map(Cow::Borrowed),
        Cow::Owned(k) => k
            .strip_prefix("sso-session ")
            .map(|n| Cow::Owned(n.to_owned())),
    };
    Some(match session {
        Some(name) => ("sso-session", name),
        None => ("profile", key),
    })
}

/// The AWS SDK for .NET (`AWSSDK.Core` `IniFile.TryParseSection` and
/// `ProfileIniFile.TryGetSection`, as `SharedCredentialsFile` looks a name up in the config
/// file): the line, trimmed of every Unicode space (`String.Trim`), is a header when it starts
/// with `[` and ends with `]`; what is between them is trimmed again and taken for the profile
/// `NAME` when it matches `^profile[ \t]+NAME$` or is exactly `default`, for the session `NAME`
/// when it matches `^sso-session[ \t]+NAME$`. Nothing is cut at `#` or `;` (`[profile a#b]` is
/// `a#b`), no quotes are taken off and no character is refused; a header without a kind's word
/// (`[dev]`) is no profile. A carriage return ends its line, so one inside a header leaves
/// two lines that are neither a section nor a key, and the whole file fails.
fn dotnet_reads(header: &str) -> Option<(&'static str, &str)> {
    if header.contains('\r') {
        return None;
    }
    let inner = header.trim();
    if inner == "default" {
        return Some(("profile", "default"));
    }
    let after = |word: &str| {
        let rest = inner.strip_prefix(word)?;
        rest.starts_with([' ', '\t'])
            .then(|| rest.trim_start_matches([' ', '\t']))
    };
    match (after("profile"), after("sso-session")) {
        (Some(name), _) => Some(("profile", name)),
        (_, Some(name)) => Some(("sso-session", name)),
        _ => None,
    }
}

/// The first line (0-based) at which the AWS SDK for C++ stops reading `doc`, if any
/// (`ConfigFileProfileFSM::ParseStream`'s `FAILURE`): a line under a profile or sso-session
/// header it reads (or before every header) that is not a header and has no `=` once its
/// comment is cut (a `#` or `;` first on the line makes it a comment, one after a space or tab
/// starts one), unless it is then shorter than three bytes or only spaces and tabs. `KEY:
/// VALUE` and a value continued on an indented line are such lines. A line with both `[` and `]`
/// is a header to it; under a header it does not read, every line is skipped. It keeps the
/// sections it finished before that line and loses the rest, the sessions included.
pub fn cpp_stops_reading_at(doc: &Document) -> Option<usize> {
    cpp_stops_reading_past(doc, &[])
}

/// [`cpp_stops_reading_at`] in `doc` with the lines of `rewritten` (sorted, apart) written as
/// `key = value` lines or gone, as a migration leaves the lines it edits.
pub fn cpp_stops_reading_past(doc: &Document, rewritten: &[Range<usize>]) -> Option<usize> {
    let is_rewritten = |i: usize| {
        let after = rewritten.partition_point(|r| r.end <= i);
        rewritten.get(after).is_some_and(|r| r.contains(&i))
    };
    // Whether lines here are read as keys: before the first header, or under one it reads.
    let mut reading = true;
    for i in 0..doc.len() {
        if !rewritten.is_empty() && is_rewritten(i) {
            continue;
        }
        if doc.starts_with_comment_sign(i) {
            continue;
        }
        if doc.is_header(i) {
            reading = cpp_reads(header_of(doc, i)).is_some();
            continue;
        }
        let raw = doc.raw_text(i);
        // Nearly every line: an `=` with no comment sign before it, and no `[`.
        if let Some(eq) = memchr::memchr(b'=', raw)
            && memchr::memchr2(b'#', b';', &raw[..eq]).is_none()
            && memchr::memchr(b'[', raw).is_none()
        {
            continue;
        }
        let cut = cpp_uncommented(raw);
        if cut.len() < 3 || cut.iter().all(|&b| b == b' ' || b == b'\t') {
            continue;
        }
        if cut.contains(&b'[') && cut.contains(&b']') {
            reading = false;
        } else if reading && !cut.contains(&b'=') {
            return Some(i);
        }
    }
    None
}

/// Line `raw` as the AWS SDK for C++ reads it (`StripCommentFromLine`): cut where `#` or `;`
/// follows a space or a tab (a line that starts with either is a comment, and skipped before).
pub fn cpp_uncommented(raw: &[u8]) -> &[u8] {
    raw.windows(2)
        .position(|w| matches!(w[0], b' ' | b'\t') && matches!(w[1], b'#' | b';'))
        .map_or(raw, |at| &raw[..at])
}

/// An identifier of the AWS SDK for C++ (`ParseIdentifier`) at the start of `s`: characters of
/// `[A-Za-z0-9_\-/.%@:+]`, then a space, a tab or `]` (the header's own where `closed` and `s`
/// ends), and what follows it.
fn cpp_identifier(s: &str, closed: bool) -> Option<(&str, &str)> {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c)))
        .unwrap_or(s.len());
    let (id, rest) = s.split_at(end);
    let ends = match rest.as_bytes().first() {
        Some(b) => matches!(b, b' ' | b'\t' | b']'),
        None => closed,
    };
    (!id.is_empty() && ends).then_some((id, rest))
}

/// The AWS SDK for C++ (`ConfigFileProfileFSM`, with the `profile` prefix the config file needs):
/// the line is cut where `#` or `;` follows a space or a tab; then, with only spaces and tabs
/// skipped, `[`, `profile` and a blank or nothing, an identifier of `[A-Za-z0-9_\-/.%@:+]` that is
/// the profile's name, or `default`, or `sso-session` and the session's name (also after
/// `profile `: `[profile sso-session x]` is the session `x`), then `]` and nothing but blanks or a
/// comment. So `[ profile dev ]` is `dev`, `[sso-session corp];x]` is `corp`, and `[dev]` and any
/// name with another character are nothing. `profile` within the first eight characters but not
/// followed by a blank also makes nothing of the header (its `rfind` test).
fn cpp_reads(header: &str) -> Option<(&'static str, &str)> {
    fn blanks(s: &str) -> &str {
        s.trim_start_matches([' ', '\t'])
    }
    // The line after `[` (cut at an ASCII byte), and whether the header's own `]` still closes it.
    let text = &header[..cpp_uncommented(header.as_bytes()).len()];
    let closed = text.len() == header.len();
    let session = |rest| {
        let (name, rest) = cpp_identifier(blanks(rest), closed)?;
        Some(("sso-session", name, rest))
    };
    let s = blanks(text);
    let (kind, name, rest) = if let Some(r) = s
        .strip_prefix("profile")
        .filter(|r| r.starts_with([' ', '\t']))
    {
        match cpp_identifier(blanks(r), closed)? {
            ("sso-session", rest) => session(rest)?,
            ("services", _) => return None,
            (name, rest) => ("profile", name, rest),
        }
    } else if (0..=7).any(|k| {
        s.as_bytes()
            .get(k..)
            .is_some_and(|b| b.starts_with(b"profile"))
    }) {
        return None;
    } else {
        match cpp_identifier(s, closed)? {
            ("default", rest) => ("profile", "default", rest),
            ("sso-session", rest) => session(rest)?,
            _ => return None,
        }
    };
    // Then `]`, and blanks up to the end of the line or a comment.
    let rest = blanks(rest);
    let fits = match rest.strip_prefix(']') {
        None => rest.is_empty() && closed,
        Some(after) => match blanks(after) {
            // The header's own `]` would follow: a character after the closing bracket.
            "" => !closed,
            after => after.starts_with(['#', ';']),
        },
    };
    fits.then_some((kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Reader::*;

    /// A kind and a name, or nothing.
    type Reading<'a> = Option<(&'static str, &'a str)>;

    /// What `sdk` reads in `header`, with the name as text.
    fn read(sdk: Reader, header: &str) -> Option<(&'static str, String)> {
        sdk.reads_header(header).map(|(k, n)| (k, n.into_owned()))
    }

    fn owned(want: Reading) -> Option<(&'static str, String)> {
        want.map(|(k, n)| (k, n.to_owned()))
    }

    /// `[default]` is the one header the AWS SDK for Rust reads as a profile without the word
    /// `profile` before its name; `[profile default]`, which replaces it, is not bare, whatever a
    /// comment after either holds.
    #[test]
    fn rust_reads_a_bare_default_only_without_the_word_profile_before_it() {
        for (header, bare) in [
            ("default", true),
            (" default\t", true),
            ("default] ; note", true),
            ("default] ;profile note", true),
            ("profile default] # default", false),
            ("profile default", false),
            ("profile  default ", false),
            ("defaults", false),
            ("profile dev", false),
            ("sso-session default", false),
        ] {
            assert_eq!(rust_reads_bare_default(header), bare, "{header:?}");
        }
    }

    /// Each header with what the four SDKs read in it (Rust, Go, Java, JavaScript), as their
    /// readers did (module docs).
    #[test]
    fn each_sdk_reads_headers_as_its_reader_does() {
        let p = |n| Some(("profile", n));
        let s = |n| Some(("sso-session", n));
        #[rustfmt::skip]
        let cases: &[(&str, [Reading; 4])] = &[
            ("profile dev", [p("dev"), p("dev"), p("dev"), p("dev")]),
            ("default", [p("default"), p("default"), p("default"), p("default")]),
            ("sso-session corp", [s("corp"), s("corp"), s("corp"), s("corp")]),
            ("   profile foo    ", [p("foo"), p("foo"), p("foo"), None]),
            (" sso-session corp ", [s("corp"), s("corp"), s("corp"), None]),
            ("profile  dev", [p("dev"), p("dev"), p("dev"), None]),
            ("profile\tdev", [p("dev"), p("dev"), p("dev"), p("dev")]),
            ("profile 'a b'", [None, p("'a b'"), None, None]),
            ("profile foo!bar", [None, p("foo!bar"), None, None]),
            ("profiles foo", [None, None, None, None]),
            ("profile \"dev\"", [None, p("\"dev\""), None, p("dev")]),
            ("sso-session 'corp'", [None, s("'corp'"), None, s("corp")]),
            ("profile.dev", [None, None, None, p("dev")]),
            ("sso-session.corp", [None, None, None, s("corp")]),
            ("sso-session.a b", [None, None, None, s("a b")]),
            ("profile\u{a0}dev", [None, None, None, p("dev")]),
            ("profile\u{b}dev", [None, None, None, p("dev")]),
            ("sso-session \u{a0}corp", [s("corp"), s("\u{a0}corp"), None, None]),
            ("profile dev\u{2028}", [p("dev"), p("dev"), None, None]),
            ("\u{a0}profile dev", [p("dev"), p("dev"), None, None]),
            ("\u{b}default\u{85}", [p("default"), p("default"), None, None]),
            ("\u{a0} profile dev", [None, p("dev"), None, None]),
            ("profile a\u{a0}b", [None, p("a\u{a0}b"), None, None]),
            ("profile \u{a0}", [None, None, None, None]),
            // Java trims every character up to U+0020; Rust only Unicode spaces; Go trims
            // Unicode spaces around the type and the name, and only spaces and tabs between.
            ("sso-session \u{1}corp", [None, s("\u{1}corp"), s("corp"), None]),
            ("profile dev\u{1}", [None, p("dev\u{1}"), p("dev"), None]),
            ("profile \u{b}dev", [p("dev"), p("\u{b}dev"), p("dev"), None]),
            ("\u{1}profile dev", [None, None, p("dev"), None]),
            ("\u{b}sso-session corp", [s("corp"), s("corp"), s("corp"), None]),
            ("\u{1}default", [None, None, p("default"), None]),
            ("profile \u{0}dev", [None, p("\u{0}dev"), p("dev"), None]),
            // botocore's header runs to the last `]`; Rust, Go and Java cut at `;` or `#`,
            // JavaScript where one follows whitespace.
            ("sso-session corp] ;x", [s("corp"), s("corp"), s("corp"), s("corp")]),
            ("sso-session corp];x", [s("corp"), s("corp"), s("corp"), None]),
            ("profile a#b", [None, None, None, None]),
            ("profile ops] # see [JIRA-1", [p("ops"), p("ops"), p("ops"), p("ops")]),
            ("profile ops] x # [y", [None, None, None, None]),
            // Go keeps what follows the first run of spaces and tabs as the name.
            ("sso-session corp x", [None, s("corp x"), None, None]),
            ("sso-session corp\u{a0}", [s("corp"), s("corp"), None, None]),
            ("sso-session  \t corp", [s("corp"), s("corp"), s("corp"), None]),
        ];
        for (header, want) in cases {
            for (sdk, want) in Reader::OTHER_SDKS.into_iter().zip(want) {
                assert_eq!(read(sdk, header), owned(*want), "{sdk:?} {header:?}");
            }
        }
        assert_eq!(read(JsV3, "profile."), None);
        assert_eq!(read(RustSdk, "profile \u{a0}"), None);
    }

    /// Each header with what the AWS SDKs for Ruby v3 and PHP v3 read in it, as their parsers
    /// gave it: the keys Ruby's `IniParser.ini_parse` (aws-sdk-core at aws/aws-sdk-ruby
    /// `bac3491`, run with Ruby 3.1) and PHP 8.2's `parse_ini_string` (`INI_SCANNER_RAW`) gave
    /// for `[HEADER]`, looked up as each SDK looks a profile or session up (PHP's with the SDK's
    /// `str_replace('profile ', '', $name)`).
    #[test]
    fn ruby_and_php_read_headers_as_their_parsers_do() {
        let p = |n| Some(("profile", n));
        let s = |n| Some(("sso-session", n));
        #[rustfmt::skip]
        let cases: &[(&str, [Reading; 2])] = &[
            ("profile dev", [p("dev"), p("dev")]),
            ("default", [p("default"), p("default")]),
            ("sso-session corp", [s("corp"), s("corp")]),
            ("   profile foo    ", [p("   profile foo    "), p("   foo    ")]),
            (" sso-session corp ", [p(" sso-session corp "), p(" sso-session corp ")]),
            ("profile  dev", [p("dev"), p(" dev")]),
            ("profile\tdev", [p("dev"), p("profile\tdev")]),
            ("profile 'a b'", [p("'a b'"), p("'a b'")]),
            ("profile foo!bar", [p("foo!bar"), p("foo!bar")]),
            ("profiles foo", [p("profiles foo"), p("profiles foo")]),
            ("profile \"dev\"", [p("\"dev\""), p("\"dev\"")]),
            ("sso-session 'corp'", [s("corp"), s("'corp'")]),
            ("profile.dev", [p("profile.dev"), p("profile.dev")]),
            ("sso-session.corp", [p("sso-session.corp"), p("sso-session.corp")]),
            ("sso-session.a b", [p("sso-session.a b"), p("sso-session.a b")]),
            ("profile\u{a0}dev", [p("profile\u{a0}dev"), p("profile\u{a0}dev")]),
            ("profile\u{b}dev", [p("dev"), p("profile\u{b}dev")]),
            ("sso-session \u{a0}corp", [s("\u{a0}corp"), s("\u{a0}corp")]),
            ("profile dev\u{2028}", [p("dev\u{2028}"), p("dev\u{2028}")]),
            ("\u{a0}profile dev", [p("\u{a0}profile dev"), p("\u{a0}dev")]),
            ("\u{b}default\u{85}", [p("\u{b}default\u{85}"), p("\u{b}default\u{85}")]),
            ("\u{a0} profile dev", [p("\u{a0} profile dev"), p("\u{a0} dev")]),
            ("profile a\u{a0}b", [p("a\u{a0}b"), p("a\u{a0}b")]),
            ("profile \u{a0}", [p("\u{a0}"), p("\u{a0}")]),
            ("sso-session \u{1}corp", [s("\u{1}corp"), s("\u{1}corp")]),
            ("profile dev\u{1}", [p("dev\u{1}"), p("dev\u{1}")]),
            ("profile \u{b}dev", [p("dev"), p("\u{b}dev")]),
            ("\u{1}profile dev", [p("\u{1}profile dev"), p("\u{1}dev")]),
            ("\u{b}sso-session corp", [p("\u{b}sso-session corp"), p("\u{b}sso-session corp")]),
            ("\u{1}default", [p("\u{1}default"), p("\u{1}default")]),
            ("profile \u{0}dev", [p("\u{0}dev"), None]),
            ("sso-session corp] ;x", [s("corp"), s("corp")]),
            ("sso-session corp];x", [None, s("corp")]),
            ("profile a#b", [p("a#b"), p("a#b")]),
            ("sso-session corp x", [s("corp x"), s("corp x")]),
            ("sso-session corp\u{a0}", [s("corp\u{a0}"), s("corp\u{a0}")]),
            ("sso-session  \t corp", [s(" \t corp"), s(" \t corp")]),
            ("SSO-SESSION corp", [p("SSO-SESSION corp"), p("SSO-SESSION corp")]),
            ("Profile dev", [p("Profile dev"), p("Profile dev")]),
            ("profile Dev", [p("Dev"), p("Dev")]),
            ("profile dev ", [p("dev "), p("dev ")]),
            ("profile dev\t", [p("dev\t"), p("dev\t")]),
            ("sso-session  corp", [s(" corp"), s(" corp")]),
            ("sso-session\tcorp", [p("sso-session\tcorp"), p("sso-session\tcorp")]),
            ("sso-session corp;x", [s("corp;x"), s("corp;x")]),
            ("sso-session corp #x", [s("corp #x"), s("corp #x")]),
            ("profile dev]x", [None, p("dev")]),
            ("profile [dev", [None, p("[dev")]),
            ("profile", [p("profile"), p("profile")]),
            ("sso-session", [p("sso-session"), p("sso-session")]),
            ("profile =dev", [p("=dev"), p("=dev")]),
            ("profile a=b", [p("a=b"), p("a=b")]),
            ("profile a.b", [p("a.b"), p("a.b")]),
            ("default ", [p("default "), p("default ")]),
            (" default", [p(" default"), p(" default")]),
            ("profile default", [p("default"), p("default")]),
            ("sso-session 'a b'", [s("a b"), s("'a b'")]),
            ("sso-session \"a b\"", [s("\"a b\""), s("\"a b\"")]),
            ("sso-session a\\b", [s("a\\b"), s("a\\b")]),
            ("sso-session a\"b", [s("a\"b"), s("a\"b")]),
            ("sso-session.corp x", [p("sso-session.corp x"), p("sso-session.corp x")]),
            ("sso-session\u{a0}corp", [p("sso-session\u{a0}corp"), p("sso-session\u{a0}corp")]),
            ("sso-session \u{3000}corp", [s("\u{3000}corp"), s("\u{3000}corp")]),
            ("sso-session corp\u{feff}", [s("corp\u{feff}"), s("corp\u{feff}")]),
            ("\u{feff}sso-session corp", [p("\u{feff}sso-session corp"), p("\u{feff}sso-session corp")]),
            ("sso_session corp", [p("sso_session corp"), p("sso_session corp")]),
            ("sso-session corp\r", [s("corp\r"), None]),
        ];
        for (header, [ruby, php]) in cases {
            assert_eq!(read(RubyV3, header), owned(*ruby), "Ruby {header:?}");
            assert_eq!(read(PhpV3, header), owned(*php), "PHP {header:?}");
        }
        // Run with PHP alone.
        #[rustfmt::skip]
        let php_only: &[(&str, Reading)] = &[
            ("sso-session profile corp", s("corp")),
            ("profile profile x", p("x")),
            ("sso-session corp]x", s("corp")),
            ("sso-session \"corp\"", s("\"corp\"")),
            ("\"sso-session corp\"", p("\"sso-session corp\"")),
            ("sso-session ${a}", s("${a}")),
            ("\tsso-session corp", p("\tsso-session corp")),
            ("sso-session a;b", s("a;b")),
            ("   profile sso-session x", p("   sso-session x")),
            ("", None),
        ];
        for (header, want) in php_only {
            assert_eq!(read(PhpV3, header), owned(*want), "PHP {header:?}");
        }
        // Ruby looks a session up quoted and as written (`shared_config.rb` `sso_session`).
        for name in ["corp", "'corp'"] {
            assert!(RubyV3.reads_header_as("sso-session 'corp'", "sso-session", name));
        }
        assert!(!RubyV3.reads_header_as("sso-session 'corp'", "profile", "'corp'"));
        assert!(!RubyV3.reads_header_as("sso-session corp", "sso-session", "'corp'"));
    }

    /// Each header with what the AWS SDKs for .NET and C++ read in it, as their readers found
    /// it in the config file `[HEADER]`:
    /// - .NET: `AWSSDK.Core`'s `ProfileIniFile`, `IniFile` and `OptimisticLockedTextFile` (from
    ///   aws/aws-sdk-net `3e3fc81` and `481cb1f`, with `IniFile` as of `2e04609` of a fork, and
    ///   again with aws/aws-sdk-net's older `166bfbd`, alike) run under Mono 6.8, each name
    ///   looked up as `SharedCredentialsFile` looks it up. Where a name could start with the run
    ///   of spaces and tabs after the kind's word (`[profile  dev]` is ` dev` too), the name
    ///   without it is the one given.
    /// - C++: `ConfigFileProfileFSM` of `AWSConfigFileProfileConfigLoader.cpp` (aws/aws-sdk-cpp
    ///   `8221b13`; `1539725`, before `[services]`, alike on every header) compiled with g++ 12,
    ///   its profiles and sso-sessions listed.
    #[test]
    fn dotnet_and_cpp_read_headers_as_their_readers_do() {
        let p = |n| Some(("profile", n));
        let s = |n| Some(("sso-session", n));
        #[rustfmt::skip]
        let cases: &[(&str, [Reading; 2])] = &[
            ("profile dev", [p("dev"), p("dev")]),
            ("default", [p("default"), p("default")]),
            ("sso-session corp", [s("corp"), s("corp")]),
            ("   profile foo    ", [p("foo"), p("foo")]),
            (" sso-session corp ", [s("corp"), s("corp")]),
            ("profile  dev", [p("dev"), p("dev")]),
            ("profile\tdev", [p("dev"), p("dev")]),
            ("profile 'a b'", [p("'a b'"), None]),
            ("profile foo!bar", [p("foo!bar"), None]),
            ("profiles foo", [None, None]),
            ("profile \"dev\"", [p("\"dev\""), None]),
            ("sso-session 'corp'", [s("'corp'"), None]),
            ("profile.dev", [None, None]),
            ("sso-session.corp", [None, None]),
            ("sso-session.a b", [None, None]),
            ("profile\u{a0}dev", [None, None]),
            ("profile\u{b}dev", [None, None]),
            ("sso-session \u{a0}corp", [s("\u{a0}corp"), None]),
            ("profile dev\u{2028}", [p("dev"), None]),
            ("\u{a0}profile dev", [p("dev"), None]),
            ("\u{b}default\u{85}", [p("default"), None]),
            ("\u{a0} profile dev", [p("dev"), None]),
            ("profile a\u{a0}b", [p("a\u{a0}b"), None]),
            ("profile \u{a0}", [None, None]),
            ("sso-session \u{1}corp", [s("\u{1}corp"), None]),
            ("profile dev\u{1}", [p("dev\u{1}"), None]),
            ("profile \u{b}dev", [p("\u{b}dev"), None]),
            ("\u{1}profile dev", [None, None]),
            ("\u{b}sso-session corp", [s("corp"), None]),
            ("\u{1}default", [None, None]),
            ("profile \u{0}dev", [p("\u{0}dev"), None]),
            ("sso-session corp] ;x", [s("corp] ;x"), s("corp")]),
            ("sso-session corp];x", [s("corp];x"), s("corp")]),
            ("profile a#b", [p("a#b"), None]),
            ("sso-session corp x", [s("corp x"), None]),
            ("sso-session corp\u{a0}", [s("corp"), None]),
            ("sso-session  \t corp", [s("corp"), s("corp")]),
            ("SSO-SESSION corp", [None, None]),
            ("Profile dev", [None, None]),
            ("profile Dev", [p("Dev"), p("Dev")]),
            ("profile dev ", [p("dev"), p("dev")]),
            ("profile dev\t", [p("dev"), p("dev")]),
            ("sso-session  corp", [s("corp"), s("corp")]),
            ("sso-session\tcorp", [s("corp"), s("corp")]),
            ("sso-session corp;x", [s("corp;x"), None]),
            ("sso-session corp #x", [s("corp #x"), None]),
            ("profile dev]x", [p("dev]x"), None]),
            ("profile [dev", [p("[dev"), None]),
            ("profile", [None, None]),
            ("sso-session", [None, None]),
            ("profile =dev", [p("=dev"), None]),
            ("profile a=b", [p("a=b"), None]),
            ("profile a.b", [p("a.b"), p("a.b")]),
            ("default ", [p("default"), p("default")]),
            (" default", [p("default"), p("default")]),
            ("profile default", [p("default"), p("default")]),
            ("sso-session 'a b'", [s("'a b'"), None]),
            ("sso-session \"a b\"", [s("\"a b\""), None]),
            ("sso-session a\\b", [s("a\\b"), None]),
            ("sso-session a\"b", [s("a\"b"), None]),
            ("sso-session.corp x", [None, None]),
            ("sso-session\u{a0}corp", [None, None]),
            ("sso-session \u{3000}corp", [s("\u{3000}corp"), None]),
            ("sso-session corp\u{feff}", [s("corp\u{feff}"), None]),
            ("\u{feff}sso-session corp", [None, None]),
            ("sso_session corp", [None, None]),
            ("sso-session corp\\r", [s("corp\\r"), None]),
            ("sso-session profile corp", [s("profile corp"), None]),
            ("profile profile x", [p("profile x"), None]),
            ("sso-session corp]x", [s("corp]x"), None]),
            ("sso-session \"corp\"", [s("\"corp\""), None]),
            ("\"sso-session corp\"", [None, None]),
            ("sso-session ${a}", [s("${a}"), None]),
            ("\tsso-session corp", [s("corp"), s("corp")]),
            ("sso-session a;b", [s("a;b"), None]),
            ("   profile sso-session x", [p("sso-session x"), s("x")]),
            ("", [None, None]),
            ("profile dev ;x", [p("dev ;x"), None]),
            ("profile dev #x", [p("dev #x"), None]),
            ("profile a;b", [p("a;b"), None]),
            ("sso-session a#b", [s("a#b"), None]),
            ("sso-session a=b", [s("a=b"), None]),
            ("profile\t\tdev", [p("dev"), p("dev")]),
            ("profile \t dev", [p("dev"), p("dev")]),
            ("sso-session \tcorp", [s("corp"), s("corp")]),
            ("\u{2028}profile dev\u{2028}", [p("dev"), None]),
            ("\u{3000}sso-session corp\u{3000}", [s("corp"), None]),
            ("\u{85}default", [p("default"), None]),
            ("\u{1c}profile dev", [None, None]),
            ("profile dev\u{1c}", [p("dev\u{1c}"), None]),
            ("profile dev\u{200b}", [p("dev\u{200b}"), None]),
            ("\u{200b}profile dev", [None, None]),
            ("profile dev\u{b}", [p("dev"), None]),
            ("profile dev\u{c}", [p("dev"), None]),
            ("profile dev\u{d}", [None, None]),
            ("profile ", [None, None]),
            ("default\t", [p("default"), p("default")]),
            ("Default", [None, None]),
            ("DEFAULT", [None, None]),
            ("profile  default", [p("default"), p("default")]),
            ("profile \u{a0}dev", [p("\u{a0}dev"), None]),
            ("profile d.e-v_1@x", [p("d.e-v_1@x"), p("d.e-v_1@x")]),
            ("sso-session c*rp", [s("c*rp"), None]),
            ("sso-session c(rp", [s("c(rp"), None]),
            ("profile a]b", [p("a]b"), None]),
            ("profile [x]", [p("[x]"), None]),
            ("profile ]", [p("]"), None]),
            ("profile a b c", [p("a b c"), None]),
        ];
        for (header, [dotnet, cpp]) in cases {
            assert_eq!(read(Dotnet, header), owned(*dotnet), ".NET {header:?}");
            assert_eq!(read(Cpp, header), owned(*cpp), "C++ {header:?}");
        }
    }

    /// Whole files and the line where the AWS SDK for C++ stops reading them, as its
    /// `ConfigFileProfileFSM` (aws/aws-sdk-cpp `8221b13` and `1539725`, compiled with g++ 12)
    /// did: it logged "Unexpected line" on exactly these, and kept only the sections before.
    #[test]
    fn cpp_stops_reading_where_its_parser_did() {
        let files: [(&str, Option<usize>); 14] = [
            // Kept `a`: `KEY: VALUE` under a profile.
            (
                "[profile a]\nregion = 1\n[profile b]\ndescription: x\n[profile c]\nregion = 3\n",
                Some(3),
            ),
            // Kept `a`: a value continued on an indented line.
            (
                "[profile a]\nregion = 1\n[profile b]\nnote = one\n  two\n[profile c]\nregion = 3\n",
                Some(4),
            ),
            // Three bytes are a line; two are skipped.
            (
                "[profile a]\nnote = one\n  x\n[profile b]\nregion = 2\n",
                Some(2),
            ),
            (
                "[profile a]\nnote = one\n x\n[profile b]\nregion = 2\n",
                None,
            ),
            // The `=` is in the comment it cuts.
            (
                "[profile a]\ndescription: x #a=b\n[profile b]\nregion = 2\n",
                Some(1),
            ),
            (
                "[profile a]\ndescription: x ; y=z\n[profile b]\nregion = 2\n",
                Some(1),
            ),
            // Under a header it does not read, or after a line with brackets, nothing is read.
            (
                "[profile a]\nregion = 1\n[profile a!b]\ndescription: x\n[profile c]\nregion = 3\n",
                None,
            ),
            (
                "[profile a]\nrole_arn = [x]\ndescription: y\n[profile c]\nregion = 3\n",
                None,
            ),
            (
                "[services s]\ns3 =\n  endpoint_url = http://x\n[profile b]\nregion = 2\n",
                None,
            ),
            // Nested keys and indented comments are read.
            (
                "[profile a]\ns3 =\n  max_concurrent_requests = 10\n[profile b]\nregion = 2\n",
                None,
            ),
            (
                "[profile a]\nregion = 1\n  # note\n[profile b]\nregion = 2\n",
                None,
            ),
            (
                "[profile a]\nregion = 1\n\t;x\n[profile b]\nregion = 2\n",
                None,
            ),
            // Under a session too: kept `a`, not the session.
            (
                "[profile a]\nregion = 1\n[sso-session s]\nsso_region = us-east-1\nnote: x\n[profile b]\nregion = 2\n",
                Some(4),
            ),
            (
                "# top\n[default]\nregion = 1\ntext\n[profile b]\nregion = 2\n",
                Some(3),
            ),
        ];
        for (src, want) in files {
            let doc = Document::parse(src);
            assert_eq!(cpp_stops_reading_at(&doc), want, "{src:?}");
        }
    }
}
