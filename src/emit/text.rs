//! The words: every typed value of the core (skip reasons, warnings, problems, file errors)
//! turned into the sentence a person reads, and the two rules that make any text from a file
//! safe to print.
//!
//! - [`shown`]: a value quoted from a file, with control characters escaped (`\e`, `\x00`, …,
//!   and the Unicode bidi controls as `\u{202e}`) and cut to [`MAX_SHOWN`] characters with an
//!   ellipsis, so a profile name cannot clear the screen, inject terminal sequences or flood
//!   stderr.
//! - [`shell_word`]: a value in a command the user may paste, quoted for a POSIX shell.
//!
//! Everything here returns plain text; colour is added by the callers.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use crate::aws::credentials::RoleRefusal;
use crate::aws::key_lines::KeyLineReadOtherwise;
use crate::aws::managed::ManagedBy;
use crate::aws::other_sdks::{Reader, Readers};
use crate::aws::url::UrlProblem;
use crate::aws::{OtherSdksRead, Problem, ProblemKind, SectionWhat};
use crate::doc::Ending;
use crate::error::{FileError, Refusal};
use crate::plan::{NotReused, SkipReason, Warning};
use crate::structure::LegacyKeysLacking;

/// The most characters of a value from a file that a message shows.
pub const MAX_SHOWN: usize = 120;

/// A value from a file, escaped and shortened for a terminal.
pub struct Shown<'a>(&'a [u8]);

/// Shows `s` safely: see the module docs.
pub fn shown(s: &(impl AsRef<[u8]> + ?Sized)) -> Shown<'_> {
    Shown(s.as_ref())
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Nearly every value is printable ASCII: one column a byte, nothing to escape.
        if let Some(plain) = printable_ascii(self.0) {
            if plain.len() < MAX_SHOWN {
                return f.write_str(plain);
            }
            f.write_str(&plain[..MAX_SHOWN - 1])?;
            return f.write_char('…');
        }
        let mut width = 0;
        for piece in escaped(self.0) {
            let len = piece.width();
            if width + len > MAX_SHOWN - 1 {
                return f.write_char('…');
            }
            width += len;
            piece.write(f)?;
        }
        Ok(())
    }
}

/// One character of escaped output: the character itself, or its escape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Char(char),
    /// A character shown as an escape such as `\e` or `\u{202e}`.
    Escaped(char),
    /// A byte that is not UTF-8, shown as `\xNN`.
    Byte(u8),
}

impl Piece {
    /// How many columns the piece takes on a terminal (one per character of its escape): the
    /// length of what [`Piece::write`] writes, counted without writing it.
    pub fn width(self) -> usize {
        match self {
            Piece::Char(_) => 1,
            Piece::Byte(_) => 4,
            Piece::Escaped('\x1b' | '\t' | '\n' | '\r') => 2,
            Piece::Escaped(c) if (c as u32) < 0x100 => 4,
            // `\u{` and `}` around the hexadecimal digits.
            Piece::Escaped(c) => 4 + (32 - (c as u32).leading_zeros()).div_ceil(4) as usize,
        }
    }

    pub fn write(self, f: &mut impl fmt::Write) -> fmt::Result {
        match self {
            Piece::Char(c) => f.write_char(c),
            Piece::Byte(b) => write!(f, "\\x{b:02X}"),
            Piece::Escaped(c) => match c {
                '\x1b' => f.write_str("\\e"),
                '\t' => f.write_str("\\t"),
                '\n' => f.write_str("\\n"),
                '\r' => f.write_str("\\r"),
                c if (c as u32) < 0x100 => write!(f, "\\x{:02X}", c as u32),
                c => write!(f, "\\u{{{:x}}}", c as u32),
            },
        }
    }
}

/// Whether a character must not reach a terminal as it is: C0 and C1 controls, DEL, the bidi
/// controls that reorder what is shown, invisible characters (soft hyphen, zero-width ones, the
/// byte-order mark) that make two different names look the same, and whitespace other than a
/// plain space (a no-break space looks like a space but is not one to every reader). The command
/// line refuses the same characters in values it would write or print.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            c,
            '\u{AD}'
                | '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// `bytes` as text when every byte is printable ASCII (a space to `~`): then no character needs
/// an escape and each takes one column.
pub fn printable_ascii(bytes: &[u8]) -> Option<&str> {
    if bytes.iter().all(|b| (b' '..=b'~').contains(b)) {
        // Printable ASCII is UTF-8.
        std::str::from_utf8(bytes).ok()
    } else {
        None
    }
}

/// The pieces of `bytes`, with bytes that are not UTF-8 kept as [`Piece::Byte`].
pub fn escaped(bytes: &[u8]) -> impl Iterator<Item = Piece> + '_ {
    bytes.utf8_chunks().flat_map(|chunk| {
        chunk
            .valid()
            .chars()
            .map(|c| {
                if needs_escape(c) {
                    Piece::Escaped(c)
                } else {
                    Piece::Char(c)
                }
            })
            .chain(chunk.invalid().iter().map(|&b| Piece::Byte(b)))
    })
}

/// `s` as one word for a POSIX shell: as it is when that is safe, single-quoted otherwise, and
/// `$'…'`-quoted (bash, zsh, ksh) when it holds characters that must not reach a terminal.
pub fn shell_word(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        return s.to_string();
    }
    if !s.chars().any(needs_escape) {
        return format!("'{}'", s.replace('\'', r"'\''"));
    }
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c if needs_escape(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A command line of this tool for the user to paste: `aws-sso-migrate ARGS… [--] FILES…`, every
/// word shell-quoted, with `--` before the files when one of them would read as an option.
pub fn tool_command(args: &[&str], files: &[&str]) -> String {
    let mut words = vec!["aws-sso-migrate".to_string()];
    words.extend(args.iter().map(|a| shell_word(a)));
    if files.iter().any(|f| f.starts_with('-')) {
        words.push("--".into());
    }
    words.extend(files.iter().map(|f| shell_word(f)));
    words.join(" ")
}

/// `1 profile`, `2 profiles`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How many names a list shows before it counts the rest.
pub const MAX_LISTED: usize = 12;

/// `a, b, c`, or the first few and `and N more` for a long list; every name shown safely.
pub fn name_list<S: AsRef<str>>(names: impl ExactSizeIterator<Item = S>) -> String {
    let count = names.len();
    let mut out = names
        .take(MAX_LISTED)
        .map(|n| shown(n.as_ref()).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if count > MAX_LISTED {
        let _ = write!(out, ", and {} more", count - MAX_LISTED);
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[&str]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// What the pictures say of a profile under its session with none of the keys that make it an
/// SSO profile to botocore.
pub const LOGIN_ONLY: &str = "login only: no account or role";

/// The keys a profile under its session lacks for botocore's SSO provider (`account`, `role`:
/// `sso_account_id`, `sso_role_name` missing).
pub fn session_lacks(account: bool, role: bool) -> &'static str {
    match (account, role) {
        (true, true) => "no sso_account_id or sso_role_name",
        (true, false) => "no sso_account_id",
        _ => "no sso_role_name",
    }
}

/// That the session a profile names (`session`, as it is to be shown) is not in the file.
pub fn missing_session(session: impl fmt::Display) -> String {
    let session = session.to_string();
    if session.is_empty() {
        "sso_session is empty".to_string()
    } else {
        format!("sso_session {session} does not exist")
    }
}

/// What a profile with an access key ID lacks in the same file, after `static keys`.
pub const PARTIAL_STATIC_KEYS: &str = "no aws_secret_access_key";

/// The keys a legacy SSO profile lacks of the four botocore's SSO provider needs: `no KEY`,
/// `no KEY or KEY`, `no KEY, KEY or KEY`.
pub fn legacy_lacks(lacks: LegacyKeysLacking) -> String {
    let keys: Vec<&str> = lacks.keys().collect();
    match keys.split_last() {
        Some((last, [])) => format!("no {last}"),
        Some((last, rest)) => format!("no {} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Why botocore refuses a profile's role, after `role ARN`.
pub fn role_refusal(why: RoleRefusal) -> &'static str {
    match why {
        RoleRefusal::NoSource => "with no source_profile or credential_source",
        RoleRefusal::BothSources => "with both source_profile and credential_source",
    }
}

/// Why a profile was left as it is.
pub fn skip_reason(r: &SkipReason) -> String {
    match r {
        SkipReason::MissingRegion => "it has sso_start_url but no sso_region".into(),
        SkipReason::CredentialsFile { path, keys } => {
            let them = if keys.len() == 1 { "it" } else { "them" };
            format!(
                "`{}` also sets its {}, which the AWS CLI reads over this file's and would keep \
                 beside a session: remove {them} there (or make {them} this file's) and run \
                 again",
                shown(path),
                and_list(keys),
            )
        }
        SkipReason::EmptyRegion => "its sso_region is empty".into(),
        SkipReason::Multiline { key } => format!("its {} spans several lines", shown(key)),
        SkipReason::ContinuedKey { key, line, readers } => format!(
            "line {line} continues a value to botocore and sets its {} to {}, which a session \
             would not replace",
            shown(key),
            header_readers(*readers).0
        ),
        SkipReason::CommentFirst { key, value } => format!(
            "its {} `{}` starts with `{}`, which the AWS SDKs for JavaScript v3 and Ruby v3 would \
             read as a comment in a session's `{} = …` line",
            shown(key),
            shown(value),
            &value[..1],
            shown(key)
        ),
        SkipReason::StartUrl { value, problem } => {
            let what = match problem {
                UrlProblem::NotHttps => "is not an https URL",
                UrlProblem::HasWhitespace => "contains whitespace, so it is not a plain URL",
                UrlProblem::HasControl => "contains a control character, so it is not a plain URL",
            };
            format!("its sso_start_url `{}` {what}", shown(value))
        }
        SkipReason::CredentialProcess { command, via, file } => {
            let set_in = match file {
                Some(file) => format!(" in `{}`", shown(file)),
                None => String::new(),
            };
            match via {
                None => format!(
                    "its credential_process{set_in} runs `{}`, which reads the inline sso_* keys \
                     and would break",
                    shown(command)
                ),
                Some(via) => format!(
                    "the credential_process of profile {}{set_in} runs `{}` for it, which reads \
                     this profile's inline sso_* keys and would break",
                    shown(via),
                    shown(command)
                ),
            }
        }
        SkipReason::FromDefaults { key } => format!(
            "its {} comes from [DEFAULT], not from the profile; move it by hand",
            shown(key)
        ),
        SkipReason::NonCanonicalHeader { header } => format!(
            "only botocore reads `[{}]` as a profile; fix the header first",
            shown(header)
        ),
        SkipReason::Managed { by, block } => managed_by(*by, block),
        SkipReason::MissingSession { session } if session.is_empty() => {
            "its sso_session is empty: name an sso-session there or remove the line".into()
        }
        SkipReason::MissingSession { session } => format!(
            "its sso_session `{}` does not exist in this file",
            shown(session)
        ),
        SkipReason::Conflict {
            key,
            profile,
            session,
        } => format!(
            "conflict: its {} `{}` differs from `{}` in its sso-session (the AWS CLI already \
             rejects this profile); fix it by hand",
            shown(key),
            shown(profile),
            shown(session)
        ),
        SkipReason::SessionLacks { key, session } => format!(
            "its sso-session `{}` has no {}; the profile's own line supplies it",
            shown(session),
            shown(key)
        ),
        SkipReason::SessionKeyFromDefaults { key, session } => format!(
            "its sso-session `{}` has {key} only from [DEFAULT], which the AWS SDKs for Rust, \
             JavaScript v3 and Ruby v3 do not give it; the profile's own line supplies it to \
             them: set {key} in the session first",
            shown(session),
            key = shown(key)
        ),
        SkipReason::UnreadByCpp { session, line } => format!(
            "the AWS SDK for C++ stops reading this file at line {line}, above [sso-session {}], \
             and gets the portal from this profile's own lines; fix line {line} first",
            shown(session)
        ),
        SkipReason::KeyReadOtherwise { key_line, session } => {
            let key = shown(&key_line.key);
            // A profile's own line is left only where they would not read its session's header
            // either: written as the AWS CLI writes it, it would lose them the inline keys.
            let (whose, instead, also) = match session {
                None => (
                    "its line".to_string(),
                    "its own sso_start_url and sso_region".to_string(),
                    ", and the session's header as `[sso-session NAME]`,",
                ),
                Some(s) => (
                    format!("[sso-session {}]'s line", shown(s)),
                    format!("the profile's own {key}"),
                    "",
                ),
            };
            let (said, several) = key_line_not_read(key_line, &whose);
            let uses = if several { "use" } else { "uses" };
            format!("{said} and {uses} {instead}; write it as `{key} = …`{also} first")
        }
        SkipReason::IndentedComment { key } => format!(
            "an indented comment follows its {} line; other AWS SDKs read it as part of the \
             value above it, so remove the indentation first",
            shown(key)
        ),
        SkipReason::WouldConflict {
            key,
            profile,
            session,
        } => format!(
            "after moving, botocore would see {} `{}` in the profile but `{}` in the session \
             (check [DEFAULT])",
            shown(key),
            shown(profile),
            shown(session)
        ),
    }
}

/// The owner of a managed block, its name, and what to run to regenerate what is inside.
pub fn owner_name(by: ManagedBy) -> &'static str {
    match by {
        ManagedBy::AwsSsoCli => "aws-sso-cli",
        ManagedBy::AwsSsoProfileGenerator => "aws-sso-profile-generator",
        ManagedBy::Granted => "Granted",
        ManagedBy::AwsSsoProfileTool => "awsssoprofiletool.sh",
    }
}

/// Why a profile inside a managed block is left alone, and how to get the sso-session format
/// from the tool that owns it, where it can write it.
fn managed_by(by: ManagedBy, block: &str) -> String {
    let which = if block.is_empty() {
        String::new()
    } else {
        format!(" `{}`", shown(block))
    };
    let owner = owner_name(by);
    let advice = match by {
        ManagedBy::AwsSsoCli => {
            "`aws-sso setup profiles` rewrites the block; aws-sso-cli's own profiles run `aws-sso \
             process` and need no sso-session"
        }
        ManagedBy::AwsSsoProfileGenerator => {
            "run `aws-sso-profiles` again to regenerate the block; it writes sso_session profiles \
             itself"
        }
        ManagedBy::Granted => {
            "`granted registry sync` regenerates the block; Granted writes only the legacy format"
        }
        ManagedBy::AwsSsoProfileTool => {
            "the script writes only the legacy format; move the profile out of the block by hand \
             to migrate it"
        }
    };
    format!("it is inside {owner}'s managed block{which}, which {owner} owns: {advice}")
}

/// A warning about the plan.
pub fn warning(w: &Warning) -> String {
    // A portal in thousands of regions is thousands of names: the first few, and a count.
    let list = |xs: &[String]| name_list(xs.iter());
    match w {
        Warning::SeveralRegions {
            start_url,
            regions,
            sessions,
        } => format!(
            "{} is used with {} SSO regions ({}), so it gets {} sessions ({}); one of the regions \
             is probably wrong",
            shown(start_url),
            regions.len(),
            list(regions),
            sessions.len(),
            list(sessions)
        ),
        Warning::UnusedSessionName { start_url } => {
            format!("--session-name for {} matched no profile", shown(start_url))
        }
        Warning::SessionNameIgnored { name, existing } => format!(
            "--session-name {} not used: the existing [sso-session {}] already serves this portal",
            shown(name),
            shown(existing)
        ),
        Warning::SessionNotReused { existing, new, why } => {
            let why = match why {
                NotReused::NamePortability => "other AWS SDKs cannot read its name".to_string(),
                NotReused::HeaderReadOtherwise { header, readers } => format!(
                    "{} not read `[{}]` as that session",
                    readers_that(*readers, ["does", "do"]),
                    shown(header)
                ),
                NotReused::ExtraKey { key } => format!(
                    "it also sets {}, which botocore would copy into every profile that uses it",
                    shown(key)
                ),
                NotReused::KeyReadOtherwise(key_line) => key_line_not_read(key_line, "its line").0,
                NotReused::UnreadByCpp { line } => format!(
                    "the AWS SDK for C++ stops reading this file at line {line}, above it, and \
                     would not find it"
                ),
            };
            format!(
                "[sso-session {}] serves the same portal, but {why}; the profiles use the new \
                 session `{}` instead",
                shown(existing),
                shown(new)
            )
        }
        Warning::AmbiguousLeftAlone { line, problem } => format!(
            "line {line}: {}; left as it is, since the migration does not touch it ({})",
            problem_message(problem),
            problem_help(problem)
        ),
        Warning::LegacyInCredentialsFile { path, profiles } => {
            let [noun, they, keep, their] = match profiles.len() {
                1 => ["profile", "it", "keeps", "its"],
                _ => ["profiles", "they", "keep", "their"],
            };
            format!(
                "the shared credentials file `{}` gives {noun} {} a legacy sso_start_url and no \
                 sso_session; the migration rewrites only the config, so {they} {keep} logging in \
                 without a session: move {their} SSO lines into the config and run again",
                shown(path),
                list(profiles)
            )
        }
        Warning::InlineInCredentialsFile { path, profiles } => {
            let [noun, their, them] = match profiles.len() {
                1 => ["profile", "its", "it"],
                _ => ["profiles", "their", "them"],
            };
            format!(
                "the shared credentials file `{}` gives {noun} {} sso_start_url or sso_region \
                 beside {their} sso_session; botocore refuses a profile where one differs from its \
                 session's, and the AWS SDK for Rust refuses {them} either way: remove those lines \
                 there (--doctor shows them)",
                shown(path),
                list(profiles)
            )
        }
        Warning::InlineComment { profile, value } => format!(
            "profile {}: sso_region `{}` is moved as it is; botocore reads the inline comment as \
             part of the value, other AWS SDKs strip it",
            shown(profile),
            shown(value)
        ),
    }
}

/// Which kind of refusal a problem is, for the headline of its error.
pub fn problem_headline(p: &Problem) -> &'static str {
    if p.botocore_refuses() {
        "the AWS CLI cannot read this file"
    } else {
        "the AWS SDKs read this file differently"
    }
}

fn what(w: SectionWhat) -> &'static str {
    match w {
        SectionWhat::Profile => "profile",
        SectionWhat::SsoSession => "sso-session",
    }
}

/// `the AWS SDK for Rust`, or `the AWS SDKs for Rust and Java v2` and true where there are
/// several (the readers' names of `--doctor`, [`super::doctor::reader_name`]).
pub(super) fn header_readers(readers: Readers) -> (String, bool) {
    let names: Vec<&str> = readers
        .iter()
        .map(|r| {
            let name = super::doctor::reader_name(r);
            name.strip_prefix("AWS SDK for ").unwrap_or(name)
        })
        .collect();
    match names.as_slice() {
        [] | [_] => (format!("the AWS SDK for {}", names.concat()), false),
        _ => (format!("the AWS SDKs for {}", and_list(&names)), true),
    }
}

/// [`header_readers`]' names, then `verb` in its form for one or for several of them (`["reads",
/// "read"]`): "the AWS SDK for Ruby v3 reads", "the AWS SDKs for JavaScript v3 and Ruby v3 read".
pub(super) fn readers_that(readers: Readers, verb: [&str; 2]) -> String {
    let (sdks, several) = header_readers(readers);
    format!("{sdks} {}", verb[usize::from(several)])
}

/// `the AWS SDKs for … do not read WHOSE LINE `TEXT` as KEY`, and whether it names several.
fn key_line_not_read(k: &KeyLineReadOtherwise, whose: &str) -> (String, bool) {
    let (sdks, several) = header_readers(k.readers);
    let said = format!(
        "{sdks} {} not read {whose} {} `{}` as {}",
        if several { "do" } else { "does" },
        k.line,
        shown(&k.text),
        shown(&k.key)
    );
    (said, several)
}

/// What is wrong, in one sentence (after the headline).
pub fn problem_message(kind: &ProblemKind) -> Cow<'static, str> {
    match kind {
        ProblemKind::NotAConfig => {
            "it does not look like an AWS config file (a line is longer than 64 KiB)".into()
        }
        ProblemKind::ByteOrderMark => "it starts with a UTF-8 byte-order mark".into(),
        ProblemKind::NotUtf8 { byte, column } => {
            format!("byte 0x{byte:02X} at column {column} is not UTF-8").into()
        }
        ProblemKind::KeyBeforeSection { text } => {
            format!("`{}` comes before the first section header", shown(&**text)).into()
        }
        ProblemKind::NotKeyValue { text } => format!(
            "`{}` is not a section header, a comment or `key = value`",
            shown(&**text)
        )
        .into(),
        ProblemKind::EmptyKey { text } => {
            format!("`{}` has no key before its `=`", shown(&**text)).into()
        }
        ProblemKind::DuplicateKey {
            key,
            section,
            first_line,
        } => format!(
            "`{}` is set twice in `[{}]` (first at line {first_line})",
            shown(&**key),
            shown(&**section)
        )
        .into(),
        ProblemKind::DuplicateSection { header, first_line } => format!(
            "section `[{}]` appears twice (first at line {first_line})",
            shown(&**header)
        )
        .into(),
        ProblemKind::NestedLineWithoutEquals { key } => {
            format!("a line in the nested `{}` block has no `=`", shown(&**key)).into()
        }
        ProblemKind::SameSectionTwice { headers: h, .. } => format!(
            "`[{}]` and `[{}]` (line {}) are both the {} `{}`",
            shown(&h.header),
            shown(&h.other_header),
            h.other_line,
            what(h.what),
            shown(&h.name)
        )
        .into(),
        ProblemKind::MergedByOtherSdks {
            headers: h,
            merged_by,
            botocore_name,
        } => {
            let botocore = match botocore_name {
                None => format!("botocore ignores `[{}]`", shown(&h.header)),
                Some(name) => format!(
                    "botocore reads `[{}]` as the {} `{}`",
                    shown(&h.header),
                    what(h.what),
                    shown(name.as_ref())
                ),
            };
            format!(
                "{botocore}, but {} it as the {} `{}` of `[{}]` (line {})",
                readers_that(*merged_by, ["reads", "read"]),
                what(h.what),
                shown(&h.name),
                shown(&h.other_header),
                h.other_line
            )
            .into()
        }
        ProblemKind::LoneCarriageReturn => {
            "this line ends in a carriage return without a line feed".into()
        }
        ProblemKind::IncompleteHeader {
            text,
            botocore_header: None,
            ..
        } => format!(
            "`{}` starts with `[` but is not a whole `[section]` header",
            shown(&**text)
        )
        .into(),
        ProblemKind::IncompleteHeader {
            text,
            botocore_header: Some(_),
            ..
        } => format!(
            "`{}` is a section header to botocore but not to every AWS SDK",
            shown(&**text)
        )
        .into(),
        ProblemKind::IndentedHeader { text } => {
            format!("`{}` is an indented section header", shown(&**text)).into()
        }
        ProblemKind::GluedComment { text, readers } => no_header(
            *readers,
            text,
            if readers.contains(Reader::JsV3) {
                "the comment touches the `]`"
            } else {
                "the `#` has no text after it"
            },
        ),
        ProblemKind::BracketInHeader { text, readers } => {
            no_header(*readers, text, "a `[` or `]` inside the brackets")
        }
        ProblemKind::UnusualWhitespace {
            character: '\u{feff}',
        } => "a U+FEFF (a byte order mark) at an end of a key or a value decides how this line \
              reads"
            .into(),
        ProblemKind::UnusualWhitespace { character } => format!(
            "the whitespace character U+{:04X} decides how this line reads",
            *character as u32
        )
        .into(),
    }
}

/// What each reader does with the problem, and the fix. Every sentence about botocore and the
/// AWS SDK for Rust is checked by the interop checks through `--doctor`, which reports each
/// problem with the same claims (see [`crate::doctor::readers`]), but one: the sentences about
/// Rust's parse failures go by the problem's kind, where `--doctor` finds where Rust's parser
/// fails ([`crate::aws::rust_parse`]); the two part only where Rust reads the line otherwise
/// (one a lone carriage return joins to the next, a nested line with a form feed before its
/// `=`), and there `--doctor`'s `fails in` is the right one.
pub fn problem_help(kind: &ProblemKind) -> Cow<'static, str> {
    match kind {
        ProblemKind::NotAConfig => "check that this is the file you meant".into(),
        ProblemKind::ByteOrderMark => "botocore fails (`Unable to parse config file`: a missing \
                                       section header) and so does the AWS SDK for Rust \
                                       (`Expected a profile definition`); save the file as UTF-8 \
                                       without a BOM"
            .into(),
        ProblemKind::NotUtf8 { .. } => "botocore reads only UTF-8 and fails (`Unable to parse \
                                        config file`); if the file is Latin-1, convert it: iconv \
                                        -f latin1 -t utf-8 FILE > FILE.utf8"
            .into(),
        ProblemKind::KeyBeforeSection { .. } => "botocore fails (`Unable to parse config file`) \
                                                 and so does the AWS SDK for Rust (`Expected a \
                                                 profile definition`); move it under a `[profile \
                                                 NAME]` header, or delete it"
            .into(),
        ProblemKind::NotKeyValue { .. } => "botocore fails (`Unable to parse config file`) and so \
                                            does the AWS SDK for Rust (`Expected an '=' sign \
                                            defining a property`); fix or delete the line"
            .into(),
        ProblemKind::EmptyKey { .. } => {
            "botocore fails (`Unable to parse config file`) and so does \
                                         the AWS SDK for Rust (`Property did not have a name`); \
                                         fix or delete the line"
                .into()
        }
        ProblemKind::DuplicateKey { .. } => "botocore refuses the whole file (`Unable to parse \
                                             config file`) while the AWS SDK for Rust keeps the \
                                             later value; keep one of the two"
            .into(),
        ProblemKind::DuplicateSection { .. } => "botocore refuses the whole file (`Unable to \
                                                 parse config file`) while the AWS SDK for Rust \
                                                 merges the two sections; keep one of the two"
            .into(),
        ProblemKind::NestedLineWithoutEquals { .. } => "botocore fails (`Unable to parse config \
                                                        file`) and so does the AWS SDK for Rust \
                                                        (`Expected an '=' sign defining a \
                                                        sub-property`); write every line of the \
                                                        nested block as `key = value`"
            .into(),
        ProblemKind::SameSectionTwice {
            other_sdks,
            headers,
        } => {
            let other_line = &headers.other_line;
            let rust = match other_sdks {
                OtherSdksRead::Merge => "merges the two, in an order that changes from run to \
                                         run (where both set a key, either value may be read)"
                    .to_string(),
                OtherSdksRead::Only { line } if line == other_line => {
                    format!("uses only the one at line {line}")
                }
                OtherSdksRead::Only { .. } => "uses only this one too".to_string(),
                OtherSdksRead::Neither => "ignores both".to_string(),
            };
            format!(
                "botocore uses only the later one (this one, not line {other_line}); the AWS SDK \
                 for Rust {rust}; keep one"
            )
            .into()
        }
        ProblemKind::MergedByOtherSdks {
            merged_by, headers, ..
        } => {
            let (sdks, _) = header_readers(*merged_by);
            format!(
                "to {sdks} this header is that {}, to botocore it is not; write the header as \
                 the AWS CLI does (`[{} NAME]`: one space, nothing else inside the brackets) or \
                 remove it",
                what(headers.what),
                what(headers.what)
            )
            .into()
        }
        ProblemKind::LoneCarriageReturn => {
            "the AWS SDKs disagree on where such a line ends; use \\n or \\r\\n line endings".into()
        }
        ProblemKind::IncompleteHeader {
            botocore_header: None,
            ..
        } => "botocore reads it as a key or a value, the AWS SDK for Rust fails (`Profile \
              definition must end with ']'`); close the header or remove the line"
            .into(),
        // `[profile a#b]`, `[profile a]x`: the AWS SDK for Rust (and others) cut the header at
        // `#` or `;`, then want it to end at `]`.
        ProblemKind::IncompleteHeader {
            botocore_header: Some(header),
            readers,
            ..
        } => {
            let others = if readers.is_empty() {
                String::new()
            } else {
                format!(", {}", keys_to_section_above(*readers))
            };
            format!(
                "botocore reads it as `[{}]`, the AWS SDK for Rust fails (`Profile definition \
                 must end with ']'`){others}; end the line at the header's `]`, with no `#` or \
                 `;` inside the brackets",
                shown(&**header)
            )
            .into()
        }
        ProblemKind::IndentedHeader { .. } => "botocore reads it as a header only where no value \
                                               comes before it, the AWS SDK for Rust fails \
                                               (`Expected a profile definition`); unindent it"
            .into(),
        ProblemKind::GluedComment { readers, .. } => format!(
            "botocore reads it as a header, {}; put a space between the `]` and the comment and \
             give the comment some text (`[profile NAME] # note`), or remove it",
            keys_to_section_above(*readers)
        )
        .into(),
        ProblemKind::BracketInHeader { readers, .. } => format!(
            "botocore reads it as a header, {}; write the name without `[` or `]`",
            keys_to_section_above(*readers)
        )
        .into(),
        ProblemKind::UnusualWhitespace {
            character: '\u{feff}',
        } => "botocore and the AWS SDK for Rust read it as text, the AWS SDK for JavaScript v3 \
              drops it (its `trim` takes it for a space); remove it"
            .into(),
        ProblemKind::UnusualWhitespace { .. } => "botocore treats it as a space, the AWS SDK for \
                                                  Rust as text; replace it with a space"
            .into(),
    }
}

/// A header line `readers` read no header on (`text`, trimmed), and why.
fn no_header(readers: Readers, text: &str, why: &str) -> Cow<'static, str> {
    format!(
        "{} not read `{}` as a section header: {why}",
        readers_that(readers, ["does", "do"]),
        shown(text)
    )
    .into()
}

/// What `readers`, which read no header on a header line, do with the keys under it.
fn keys_to_section_above(readers: Readers) -> String {
    format!(
        "{} the keys under it into the section above",
        readers_that(readers, ["reads", "read"])
    )
}

/// A file error's message, with every value from outside shown safely.
pub fn file_error(e: &FileError) -> String {
    match e {
        FileError::Unreadable { path, problems, .. } => format!(
            "`{}` is not migrated: {} ({}); it was left as it was",
            shown(path),
            e.refusal().map_or("", refusal),
            count(problems.len(), "problem")
        ),
        // The other messages quote paths and values given on the command line or by the OS;
        // they are shown safely as a whole.
        other => shown_long(&other.to_string()),
    }
}

/// Why a file was refused, as the end of a sentence about it.
pub fn refusal(r: Refusal) -> &'static str {
    match r {
        Refusal::AwsCliCannotRead => "the AWS CLI cannot read it",
        Refusal::SdksDisagree => "the AWS SDKs read it differently",
        Refusal::SdksDisagreeWhereItWouldChange => {
            "the AWS SDKs read a section differently that the migration would have to change"
        }
    }
}

/// Like [`shown`] for a whole message: escaped, never cut.
pub fn shown_long(s: &str) -> String {
    if printable_ascii(s.as_bytes()).is_some() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for p in escaped(s.as_bytes()) {
        let _ = p.write(&mut out);
    }
    out
}

/// A line of the file for a person at a terminal (the diff and `config` outputs there):
/// [`push_text_shown`], then [`push_ending_shown`].
pub fn push_line_shown(buf: &mut Vec<u8>, text: &[u8], ending: Ending) {
    push_text_shown(buf, text);
    push_ending_shown(buf, ending);
}

/// The text of a line of the file for a terminal: every character [`shown`] escapes but a tab,
/// and nothing cut, so the line reads as in an editor and nothing in it can move the cursor,
/// recolour, retitle or reorder the screen.
pub fn push_text_shown(buf: &mut Vec<u8>, text: &[u8]) {
    if text
        .iter()
        .all(|&b| (b' '..=b'~').contains(&b) || b == b'\t')
    {
        buf.extend_from_slice(text);
        return;
    }
    let mut s = String::with_capacity(text.len() + 16);
    for piece in escaped(text) {
        let _ = match piece {
            Piece::Escaped('\t') => s.write_char('\t'),
            p => p.write(&mut s),
        };
    }
    buf.extend_from_slice(s.as_bytes());
}

/// A line's ending for a terminal: as it is, but a lone CR, which would take the cursor back
/// over the line, is shown as `\r` before a newline.
pub fn push_ending_shown(buf: &mut Vec<u8>, ending: Ending) {
    match ending {
        Ending::Cr => buf.extend_from_slice(b"\\r\n"),
        other => buf.extend_from_slice(other.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_lacks_lists_the_keys_as_botocore_orders_them() {
        let lacks = |l| legacy_lacks(LegacyKeysLacking(l));
        assert_eq!(lacks([false, false, false, true]), "no sso_role_name");
        assert_eq!(
            lacks([false, true, true, false]),
            "no sso_region or sso_account_id"
        );
        assert_eq!(
            lacks([true, true, false, true]),
            "no sso_start_url, sso_region or sso_role_name"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(shown("a\x1b[2Jb").to_string(), r"a\e[2Jb");
        assert_eq!(shown("\0\x07\x7f").to_string(), r"\x00\x07\x7F");
        assert_eq!(shown("x\u{202e}y").to_string(), r"x\u{202e}y");
        assert_eq!(shown(&b"caf\xe9"[..]).to_string(), r"caf\xE9");
        assert_eq!(shown("tab\there").to_string(), r"tab\there");
        assert_eq!(shown("ünïcode ok").to_string(), "ünïcode ok");
        assert_eq!(shown("a\u{a0}b").to_string(), r"a\xA0b");
        assert_eq!(shown("dev\u{200b}").to_string(), r"dev\u{200b}");
    }

    #[test]
    fn a_line_for_a_terminal_keeps_tabs_and_escapes_the_rest() {
        let line = |text: &str, ending| {
            let mut buf = Vec::new();
            push_line_shown(&mut buf, text.as_bytes(), ending);
            buf
        };
        assert_eq!(line("k = v\t# ok", Ending::Lf), b"k = v\t# ok\n");
        assert_eq!(
            line("# \x1b[2J\x1b]0;t\x07 \u{9b}1m \u{202e}x\0", Ending::CrLf),
            br"# \e[2J\e]0;t\x07 \x9B1m \u{202e}x\x00"
                .iter()
                .chain(b"\r\n")
                .copied()
                .collect::<Vec<u8>>()
        );
        assert_eq!(line("a\u{a0}b ünï", Ending::None), r"a\xA0b ünï".as_bytes());
        assert_eq!(line("k = v", Ending::Cr), b"k = v\\r\n");
        // Nothing is cut.
        let long = "x".repeat(MAX_SHOWN * 3) + "\x1b";
        assert_eq!(line(&long, Ending::Lf).len(), MAX_SHOWN * 3 + 3);
    }

    /// The width of every kind of piece is what writing it takes: the characters of the
    /// test above and the widest escapes.
    #[test]
    fn a_piece_is_as_wide_as_what_it_writes() {
        let chars = [
            'a', 'é', '\x1b', '\t', '\n', '\r', '\0', '\x7f', '\u{a0}', '\u{ad}',
        ]
        .into_iter()
        .chain([
            '\u{202e}',
            '\u{feff}',
            '\u{2028}',
            '\u{3000}',
            '\u{85}',
            '\u{10ffff}',
        ]);
        let pieces = chars
            .flat_map(|c| [Piece::Char(c), Piece::Escaped(c)])
            .chain([Piece::Byte(0xe9), Piece::Byte(0)]);
        for piece in pieces {
            let mut s = String::new();
            piece.write(&mut s).unwrap();
            assert_eq!(piece.width(), s.chars().count(), "{piece:?} writes {s:?}");
        }
    }

    /// Printable ASCII takes the short way; it must come out as the long way writes it, cut at
    /// the same place.
    #[test]
    fn printable_ascii_is_shown_as_every_other_value() {
        let by_pieces = |s: &str| {
            let mut out = String::new();
            let mut width = 0;
            for piece in escaped(s.as_bytes()) {
                if width + piece.width() > MAX_SHOWN - 1 {
                    out.push('…');
                    break;
                }
                width += piece.width();
                piece.write(&mut out).unwrap();
            }
            out
        };
        for n in [
            0,
            1,
            MAX_SHOWN - 2,
            MAX_SHOWN - 1,
            MAX_SHOWN,
            MAX_SHOWN + 1,
            500,
        ] {
            let s: String = (0..n).map(|i| char::from(b' ' + (i % 95) as u8)).collect();
            assert!(printable_ascii(s.as_bytes()).is_some());
            assert_eq!(shown(&s).to_string(), by_pieces(&s), "{n} characters");
            assert_eq!(shown_long(&s), s);
        }
        for not_plain in ["a\x7f", "a\tb", "é", "\x1f"] {
            assert_eq!(printable_ascii(not_plain.as_bytes()), None, "{not_plain:?}");
        }
    }

    #[test]
    fn long_values_are_cut() {
        let s = shown(&"x".repeat(1000)).to_string();
        assert_eq!(s.chars().count(), MAX_SHOWN);
        assert!(s.ends_with('…'));
        let fits = "y".repeat(MAX_SHOWN - 1);
        assert_eq!(shown(&fits).to_string(), fits);
        // An escape is never cut in half.
        let s = shown(&"\x1b".repeat(200)).to_string();
        assert!(s.ends_with("\\e…"), "{s}");
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("acme-2"), "acme-2");
        assert_eq!(shell_word("corp:main/x"), "corp:main/x");
        assert_eq!(shell_word("my corp"), "'my corp'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("a\nb"), r"$'a\x0ab'");
        assert_eq!(shell_word("\x1b[2J'"), r"$'\x1b[2J\''");
        assert_eq!(shell_word(""), "''");
        assert_eq!(
            tool_command(&["--write", "--profile", "a b"], &["-x", "c"]),
            "aws-sso-migrate --write --profile 'a b' -- -x c"
        );
    }

    #[test]
    fn long_lists_are_counted() {
        let names: Vec<String> = (0..15).map(|i| format!("p{i}")).collect();
        assert_eq!(
            name_list(names.iter()),
            "p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, and 3 more"
        );
        assert_eq!(name_list(names[..2].iter()), "p0, p1");
    }

    #[test]
    fn a_portal_in_many_regions_names_a_few_of_them() {
        let regions: Vec<String> = (0..14).map(|i| format!("r{i}")).collect();
        let sessions: Vec<String> = (0..14).map(|i| format!("s{i}")).collect();
        let w = Warning::SeveralRegions {
            start_url: "https://x.awsapps.com/start".into(),
            regions,
            sessions,
        };
        assert_eq!(
            warning(&w),
            "https://x.awsapps.com/start is used with 14 SSO regions (r0, r1, r2, r3, r4, r5, r6, \
             r7, r8, r9, r10, r11, and 2 more), so it gets 14 sessions (s0, s1, s2, s3, s4, s5, \
             s6, s7, s8, s9, s10, s11, and 2 more); one of the regions is probably wrong"
        );
    }
}
