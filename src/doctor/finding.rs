//! What `--doctor` finds: each finding's kind, subject and severity, and a file's diagnosis. The
//! checks that make them are in the module above; their words are in [`crate::emit::doctor`].

use std::num::NonZeroU32;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use super::readers::{self, Failure, Reader, Scope};
use crate::aws::credentials::{KeysFrom, RoleRefusal};
use crate::aws::managed::ManagedBy;
use crate::aws::other_sdks::Readers;
use crate::aws::php_ini::PhpParseError;
use crate::aws::problem::{Excerpt, ProblemSites, line_number};
use crate::aws::rust_parse::RustParseError;
use crate::aws::{Problem, ProblemKind};
use crate::plan::SkipReason;

/// How bad a finding is. Errors and warnings make `--doctor` exit 1; information does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// botocore (the AWS CLI) fails on it.
    Error,
    /// Another reader fails on it, or it will bite later.
    Warning,
    /// Worth knowing; nothing fails.
    Info,
}

/// What a finding is about: a profile (by the name botocore reads) or another section (by its
/// header text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Profile(Box<str>),
    Section(Box<str>),
    /// The file as a whole (a problem before any section).
    File,
}

impl Subject {
    /// The profile's name or the section's header; empty for the file.
    pub fn name(&self) -> &str {
        match self {
            Subject::Profile(n) | Subject::Section(n) => n,
            Subject::File => "",
        }
    }
}

/// A list of failures as findings keep and share it: a thin pointer, where one to a slice is two
/// words in every finding.
pub(super) type FailureList = Arc<Box<[Failure]>>;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Shared by the findings on one section (a file may have one on every line).
    pub subject: Arc<Subject>,
    /// 1-based line.
    pub line: usize,
    pub kind: FindingKind,
    /// The readers that fail on it besides those its kind tells ([`Self::failures`]): found
    /// from the file, where the kind alone cannot say (usually none). A file may have a finding
    /// on every line, so what can be worked out again is not kept, and the findings of one
    /// section that fail alike share their list.
    more: Option<FailureList>,
    /// The 1-based column, in characters, of what it is about in its line: see [`Self::column`].
    column: Option<NonZeroU32>,
    /// For a finding of a problem of the file ([`FindingKind::Parse`]), the problem's span: byte
    /// offsets in the line. Other findings are about the line's text without the blanks
    /// around it.
    pub(super) span: Range<u32>,
}

impl Finding {
    /// A finding on `subject` at `line` (1-based) on which the readers its kind tells fail, and
    /// `more` (none where that is empty).
    pub(super) fn new(
        subject: Arc<Subject>,
        line: usize,
        kind: FindingKind,
        more: Option<FailureList>,
    ) -> Finding {
        Finding {
            subject,
            line,
            kind,
            more,
            column: None,
            span: 0..0,
        }
    }

    /// The file the finding's line is in where it is not the config: the shared credentials
    /// file.
    pub fn file(&self) -> Option<&str> {
        self.elsewhere().map(|(path, _)| path)
    }

    /// The file the finding's line is in where it is not the config, and that line.
    pub(super) fn elsewhere(&self) -> Option<(&str, &Excerpt)> {
        match &self.kind {
            FindingKind::LegacyInCredentialsFile(c) => Some((&c.path, &c.excerpt)),
            FindingKind::InlineInCredentialsFile(c) => Some((&c.path, &c.excerpt)),
            FindingKind::MissingSessionInCredentialsFile(c) => Some((&c.path, &c.excerpt)),
            FindingKind::SourceProfileMissing {
                in_credentials_file: Some(c),
                ..
            }
            | FindingKind::SourceProfileLoop {
                in_credentials_file: Some(c),
                ..
            }
            | FindingKind::SourceProfileWithoutCredentials {
                in_credentials_file: Some(c),
                ..
            }
            | FindingKind::SourceProfilePartialKeys {
                in_credentials_file: Some(c),
                ..
            } => Some((&c.path, &c.excerpt)),
            FindingKind::RoleArnWithoutSource(role) | FindingKind::RoleArnWithBothSources(role) => {
                role.in_credentials_file
                    .as_deref()
                    .map(|c| (&*c.path, &c.excerpt))
            }
            _ => None,
        }
    }

    /// Its place in the order findings are listed in: the config's by line, then those of
    /// another file ([`Self::file`]), which the check-up makes in that file's line order.
    pub(super) fn order(&self) -> u32 {
        match self.file() {
            Some(_) => u32::MAX,
            None => line_number(self.line),
        }
    }

    /// The 1-based column, in characters, of the part of its line the finding is about; `None`
    /// for a finding about no line of the file.
    pub fn column(&self) -> Option<usize> {
        self.column.map(|c| c.get() as usize)
    }

    pub(super) fn set_column(&mut self, column: Option<usize>) {
        self.column = column.and_then(|c| NonZeroU32::new(u32::try_from(c).unwrap_or(u32::MAX)));
    }

    /// A finding on profile `name` at `line`.
    pub(super) fn on_profile(name: &str, line: usize, kind: FindingKind) -> Finding {
        Finding::new(Arc::new(Subject::Profile(name.into())), line, kind, None)
    }

    /// The readers that fail on it: those [`readers::failures`] knows from its kind (at its
    /// subject's name), then those found from the file.
    pub fn failures(&self) -> Vec<Failure> {
        let mut all = readers::failures(&self.kind, self.subject.name());
        all.extend_from_slice(self.more.as_deref().map_or(&[], |list| &list[..]));
        // The AWS SDK for Rust's failure on the whole file, which the check-up adds, comes
        // right after botocore's, as the readers are listed.
        if let Some(at) = all
            .iter()
            .position(|f| f.reader == Reader::RustSdk && f.scope == Scope::File)
        {
            let rust = all.remove(at);
            let after = all
                .iter()
                .take_while(|f| f.reader == Reader::Botocore)
                .count();
            all.insert(after, rust);
        }
        // Where the AWS SDK for PHP v3 fails on the whole file, it reads nothing otherwise: its
        // other failures on the line go, and the whole file's takes PHP's place.
        if let Some(at) = all
            .iter()
            .position(|f| f.reader == Reader::PhpV3 && f.scope == Scope::File)
        {
            let php = all.remove(at);
            all.retain(|f| f.reader != Reader::PhpV3);
            let place = all
                .iter()
                .position(|f| matches!(f.reader, Reader::Dotnet | Reader::Cpp))
                .unwrap_or(all.len());
            all.insert(place, php);
        }
        all
    }

    /// Whether it keeps the very list of failures `other` keeps (not only an equal one).
    #[cfg(test)]
    pub(super) fn shares_with(&self, other: &Finding) -> bool {
        match (&self.more, &other.more) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

/// Every kind of finding. Values quoted from the file are kept as they are; the edge escapes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum FindingKind {
    /// A problem of the file itself (the codes of [`ProblemKind`]); serialized as the problem.
    #[serde(skip_serializing)]
    Parse(ProblemKind),
    /// `sso_session` names a session that does not exist. `botocore_sso`: botocore's SSO provider
    /// handles the profile (it has `sso_account_id` or `sso_role_name`), so it fails there.
    /// `inline_first`: the first inline `sso_start_url`/`sso_region` (the one the AWS SDK for Rust
    /// rejects first, where it reads the profile's keys as botocore does).
    MissingSession {
        session: Box<str>,
        botocore_sso: bool,
        inline_first: Option<InlineKey>,
        /// The text the AWS SDK for Rust fails with, as it reads the profile (every section it
        /// merges into it): `None` where it does not fail or the text is not known.
        #[serde(skip)]
        rust: Option<Box<str>>,
        /// The profile's sso_session comes from `[DEFAULT]` alone, which only botocore gives
        /// it ([`super::readers::failures`]).
        #[serde(skip_serializing_if = "is_false")]
        session_from_defaults: bool,
        /// The other SDKs that read the session in a header botocore ignores
        /// ([`FindingKind::BotocoreIgnoresHeader`]): to them it is not missing.
        #[serde(skip_serializing_if = "no_readers")]
        read_elsewhere_by: Readers,
        /// The SDKs that cut a comment botocore keeps in the value, and find the session named
        /// by what is left: to them it is not missing either.
        #[serde(skip)]
        found_by: Readers,
        /// Where in `session` the name of the session `found_by` find is: what they read is
        /// botocore's value cut short, and maybe without quotes. Offsets in a line, which is
        /// at most 64 KiB.
        #[serde(skip)]
        found_session: Option<[u16; 2]>,
        /// The profile has its own `role_arn`: the AWS SDK for Rust takes its credentials
        /// through `source_profile` or `credential_source` (`resolve_chain`) and never reads its
        /// SSO settings, so it is not claimed.
        #[serde(skip_serializing_if = "is_false")]
        role_first: bool,
    },
    /// `sso_session` and an inline key that differs from the session's. Boxed, as the largest
    /// and a rare kind: every finding is as large as the largest kind.
    HybridConflict(Box<InlineConflict>),
    /// `sso_session` and inline keys equal to the session's (or that the session lacks).
    /// Boxed, as two lists and a name: every finding would be as large.
    HybridRedundant(Box<RedundantInline>),
    /// An sso-session without `sso_start_url` or `sso_region`: botocore's token provider needs
    /// both in the session (`botocore_users`: some profile using it goes through that provider).
    SessionLacksKey {
        missing: Vec<String>,
        botocore_users: bool,
        /// Every such user fails with botocore's text naming `missing` alone: it has account
        /// and role, no inline start URL or region, and no key that differs from the session's
        /// (botocore names a user's own missing keys first, and fails first on a value that
        /// differs).
        #[serde(skip)]
        users_fail_alike: bool,
        /// The AWS SDK for Rust fails on its users: it lacks a key too, reading the session's
        /// keys from every section it merges into it.
        #[serde(skip)]
        rust_users_fail: bool,
    },
    /// An SSO profile that lacks keys botocore requires after merging its session. Boxed, as
    /// [`FindingKind::HybridRedundant`].
    MissingSsoKeys(Box<LackingSsoKeys>),
    /// An `sso_*` key with an empty value.
    EmptyValue { key: String },
    /// A legacy SSO profile: inline `sso_start_url`, no `sso_session`. `left_alone`: why the
    /// migration would not move it, when it would not; `file_refused`: the migration refuses
    /// the whole file as it is (for problems of the file), so it moves nothing until they are
    /// fixed.
    LegacyProfile {
        /// Shared by the findings on one spelling of a portal: a file of 20,000 legacy profiles
        /// over a few portals holds a few copies, not 20,000.
        start_url: Arc<str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        left_alone: Option<Box<SkipReason>>,
        #[serde(skip_serializing_if = "is_false")]
        file_refused: bool,
    },
    /// A legacy SSO profile the shared credentials file alone makes one: the file gives it
    /// `sso_start_url` and no `sso_session`, and the config neither. A migration rewrites only
    /// the config, so it stays legacy. The finding's line is one of that file
    /// ([`Finding::file`]). Boxed, as [`FindingKind::HybridRedundant`].
    LegacyInCredentialsFile(Box<CredentialsLegacy>),
    /// A profile with an sso-session whose section of the shared credentials file gives it
    /// `sso_start_url` or `sso_region`: every reader merges them in beside the session (a
    /// migration that rewrote only the config leaves them so). The finding's line is one of that
    /// file ([`Finding::file`]). Boxed, as [`FindingKind::HybridRedundant`].
    InlineInCredentialsFile(Box<CredentialsInline>),
    /// A profile only the shared credentials file has, whose `sso_session` there names no
    /// session of the config (a config profile's is [`FindingKind::MissingSession`]). The
    /// finding's line is that file's `sso_session` line ([`Finding::file`]). Boxed, as
    /// [`FindingKind::HybridRedundant`].
    MissingSessionInCredentialsFile(Box<CredentialsMissingSession>),
    /// An sso-session no profile uses.
    UnusedSession,
    /// Sessions whose start URLs are spellings of one portal: the first [`LISTED_VARIANTS`]
    /// other sessions (name, start URL) in file order, and how many more there are. Every
    /// session of one spelling lists the same others, so its findings share one list.
    StartUrlVariants {
        start_url: Box<str>,
        others: Arc<[(String, String)]>,
        #[serde(skip_serializing_if = "is_zero")]
        more: usize,
    },
    /// A profile or session header that botocore reads and the AWS SDK for Rust does not
    /// (`[profiles x]`, `[profile a!b]`), nor `readers` (Rust among them) as this name.
    BotocoreOnlySection {
        header: String,
        session: bool,
        readers: Readers,
        /// The other name the AWS SDK for Rust reads the header as, if it reads one
        /// (`[profile b\u{a0}]` is `b` to it, which botocore does not have).
        #[serde(skip_serializing_if = "Option::is_none")]
        rust_reads_as: Option<Box<str>>,
    },
    /// An sso-session name outside the cross-SDK identifier set (`[sso-session 'my corp']`),
    /// which the AWS SDKs for Rust, Go and Java reject; `readers`: the SDKs of those modelled
    /// by header ([`crate::aws::other_sdks`]) from JavaScript on that read no such session.
    SessionNameNotPortable { name: String, readers: Readers },
    /// A profile or session header that botocore and the AWS SDK for Rust read as its name and
    /// `readers` do not (`[sso-session  corp]`, with two spaces, is no session to JavaScript
    /// and `sso-session  corp` to Ruby), where no other header gives them that name.
    HeaderReadOtherwise {
        header: String,
        session: bool,
        readers: Readers,
    },
    /// `source_profile` names no profile in this file, to botocore: `read_elsewhere_by`, other
    /// SDKs, read it in a header botocore ignores ([`FindingKind::BotocoreIgnoresHeader`]).
    SourceProfileMissing {
        source: String,
        #[serde(skip_serializing_if = "no_readers")]
        read_elsewhere_by: Readers,
        /// The `source_profile` comes from `[DEFAULT]` alone, which the AWS SDK for Rust does
        /// not read: to it the profile has a `role_arn` and no source, and it fails with that.
        #[serde(skip_serializing_if = "is_false")]
        source_from_defaults: bool,
        /// The `source_profile` comes from the shared credentials file (the profile's section
        /// there, or its `[DEFAULT]`): the AWS SDK for Rust is not claimed.
        #[serde(skip_serializing_if = "is_false")]
        source_in_credentials_file: bool,
        /// The profile is one only the shared credentials file has, and the finding's line
        /// that file's `source_profile` line ([`Finding::file`]).
        #[serde(flatten, skip_serializing_if = "Option::is_none")]
        in_credentials_file: Option<Box<CredentialsSite>>,
    },
    /// A `source_profile` chain that comes back to a profile it visited: `chain` names its
    /// profiles in order, from this one to the one met twice; a chain of more than twelve
    /// profiles is named by its first ten and that last one, with `omitted` left out between
    /// them (0 where `chain` is whole). A profile's name is shared by every chain that names
    /// it: each profile of a loop has a finding naming up to twelve of the loop's profiles.
    SourceProfileLoop {
        chain: Vec<Arc<str>>,
        omitted: usize,
        /// The AWS SDK for Rust fails on it too: not where the loop closes on a profile that
        /// names itself and has credentials of its own, which Rust takes instead
        /// (`NextProfile::SelfReference` in `resolve_chain`).
        #[serde(skip)]
        rust: bool,
        /// The profile is one only the shared credentials file has, and the finding's line
        /// that file's `source_profile` line ([`Finding::file`]).
        #[serde(flatten, skip_serializing_if = "Option::is_none")]
        in_credentials_file: Option<Box<CredentialsSite>>,
    },
    /// `source_profile` names a profile with nothing a role's source gives credentials with, in
    /// either file (no access key ID, `sso_account_id` or `sso_role_name`, `credential_process`,
    /// `login_session` or web identity token, and no role botocore would assume: one beside a
    /// static key is not): botocore refuses the role
    /// (`AssumeRoleProvider._resolve_credentials_from_profile`).
    SourceProfileWithoutCredentials {
        source: String,
        /// The AWS SDK for Rust fails on it too: both profiles are the config's, read alike by
        /// it, and the source has none of the keys it takes credentials from.
        #[serde(skip)]
        rust: bool,
        /// The profile is one only the shared credentials file has, and the finding's line
        /// that file's `source_profile` line ([`Finding::file`]).
        #[serde(flatten, skip_serializing_if = "Option::is_none")]
        in_credentials_file: Option<Box<CredentialsSite>>,
    },
    /// A profile without a role whose first provider of keys, as botocore asks them, finds an
    /// access key ID without the secret key in the same file: that provider refuses the
    /// profile (`Partial credentials found in …, missing: aws_secret_access_key`).
    PartialStaticKeys { keys_in: KeysFrom },
    /// `source_profile` names a profile whose first provider of keys, as botocore asks them for a
    /// role's source, finds an access key ID without the secret key in the same file: that
    /// provider refuses the source (`Partial credentials found in …, missing:
    /// aws_secret_access_key`), and botocore the role.
    SourceProfilePartialKeys {
        source: String,
        /// The file whose section of the source has the access key ID alone.
        keys_in: KeysFrom,
        /// The profile is one only the shared credentials file has, and the finding's line
        /// that file's `source_profile` line ([`Finding::file`]).
        #[serde(flatten, skip_serializing_if = "Option::is_none")]
        in_credentials_file: Option<Box<CredentialsSite>>,
    },
    /// `role_arn` with neither `source_profile` nor `credential_source` (and no web identity).
    RoleArnWithoutSource(RefusedRole),
    /// `role_arn` with both `source_profile` and `credential_source` (and no web identity):
    /// botocore and the AWS SDK for Rust will not choose between them.
    RoleArnWithBothSources(RefusedRole),
    /// Inside another tool's managed block.
    Managed { by: ManagedBy, block: String },
    /// `KEY: VALUE`: botocore reads the `:` as `=`, the other SDKs only `=`. On a line without
    /// `=` (`without_equals`), the AWS SDKs for Rust, Java and .NET fail on the whole file;
    /// `readers` read no such key in the profile or sso-session (`session`) that holds it.
    ColonDelimiter {
        key: String,
        without_equals: bool,
        session: bool,
        readers: Readers,
    },
    /// A key line whose key holds `#` or `;` after a space or a tab (`regio ;note = x`):
    /// botocore reads it all as the key `key`; the AWS SDK for Rust cuts a comment there and
    /// fails on the whole file, which then has a line without `=`, as Java v2 does where it
    /// reads the section's header (`java_fails`), and `readers` (the AWS SDKs for Go v2 and
    /// JavaScript v3, and for `;` Ruby v3) read no key on the line in the profile or
    /// sso-session (`session`) that holds it (none outside one).
    CommentInKey {
        key: String,
        session: bool,
        readers: Readers,
        #[serde(skip)]
        java_fails: bool,
    },
    /// A key line botocore reads as `key` and `readers` do not: written with upper-case letters
    /// (`SSO_Region = …`: botocore and the AWS SDKs for Rust and Go lower-case keys, the others
    /// look them up as written), or `indented` (a section's first key: the AWS SDKs for Rust
    /// and Java fail on the whole file, Go and Ruby read no such key).
    KeyReadOtherwise {
        key: Box<str>,
        text: Box<str>,
        session: bool,
        indented: bool,
        readers: Readers,
    },
    /// A value with `#` or `;` after a space or a tab, which botocore keeps in the value and
    /// `readers` take for the start of a comment (`region = us-east-1 # main`): `comment` is
    /// the text from that space on, in the profile or sso-session (`session`) that holds it.
    ValueComment {
        key: Box<str>,
        comment: Box<str>,
        session: bool,
        readers: Readers,
    },
    /// An indented comment line below a key's value (through blank and comment lines), in the
    /// profile or sso-session (`session`) that holds it: botocore skips it, the AWS SDKs for Rust
    /// and Java v2 read it as more of that value.
    IndentedComment { session: bool },
    /// A key with an empty value on a line that ends in CR LF (`cli_pager =`), whose value the
    /// AWS SDK for Ruby v3 reads as a carriage return (its `^(.+?)\s*=\s*(.+?)\s*$` takes the CR
    /// for the value), and the indented keys under it as nested keys of no key; in the profile
    /// or sso-session (`session`) that holds it.
    CarriageReturnValue { key: String, session: bool },
    /// A key with an empty value and spaces or tabs after its `=` (`region = `), whose value the
    /// AWS SDK for Ruby v3 reads as one of them (its `(.+?)` takes a blank where nothing else
    /// follows), and the indented keys under it as nested keys of no key; in the profile or
    /// sso-session (`session`) that holds it. botocore reads the value as empty.
    BlankValue { key: String, session: bool },
    /// Upper-case `[DEFAULT]`, whose `keys` botocore (Python's `configparser`) gives every
    /// profile and sso-session that does not set them, `takers` of them; the AWS SDKs for
    /// JavaScript v3 and Ruby v3 do not.
    DefaultsSection { keys: Vec<String>, takers: usize },
    /// A comment after a header on its line (`[profile dev] # prod`), which every reader but
    /// the AWS SDK for .NET skips: it fails on the whole file.
    CommentAfterHeader,
    /// A value that goes on in an indented line, which botocore and the AWS SDK for Rust join
    /// to the value. On a line without `=` (`dotnet_fails`) the AWS SDK for .NET fails on the
    /// whole file; on the first line that continues a value in a profile or sso-session
    /// (`session`), `readers` read only the value's first line. Where blank lines come before
    /// it in a value that is not empty on its key's line (`blank_above`), botocore keeps them in
    /// the value and the AWS SDK for Rust leaves them out.
    ContinuedValue {
        dotnet_fails: bool,
        session: bool,
        readers: Readers,
        #[serde(skip_serializing_if = "is_false")]
        blank_above: bool,
    },
    /// A key of a profile or sso-session (`session`) with a character outside the cross-SDK
    /// identifier set `[A-Za-z0-9_\-/.%@:+]` (`sso_ region = …`, `role[arn = …`): botocore reads
    /// it as written, the AWS SDK for Rust ignores it (`normalize.rs` `validate_identifier`),
    /// and no AWS SDK has a setting of such a name.
    KeyNameNotPortable { key: Box<str>, session: bool },
    /// A header botocore reads as no profile and no sso-session (`session`) where `read_by`,
    /// other AWS SDKs, read the one named `name`, which botocore has under no other header
    /// (`doctor/ignored.rs`): `[profile ops] # see [JIRA-1]`, `[ profile dev ]`.
    BotocoreIgnoresHeader {
        name: Box<str>,
        session: bool,
        read_by: Readers,
    },
    /// A line the AWS SDK for Rust cannot parse ([`crate::aws::rust_parse`]), so it fails on the
    /// whole file, where no other finding is about the line: an indented line right under a
    /// header, a comment sign inside a header, an indented comment in a nested block.
    RustRejectsLine { error: RustParseError },
    /// A line PHP's INI reader cannot read ([`crate::aws::php_ini`]), so the AWS SDK for PHP v3
    /// fails on the whole file, where no other finding is about the line: an indented comment
    /// with a sign such as `!`, a header indented by spaces, a key PHP takes for a value.
    PhpRejectsLine { error: PhpParseError },
}

/// An SSO key that the AWS SDK for Rust rejects in a profile beside `sso_session`, in JSON as
/// the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum InlineKey {
    #[serde(rename = "sso_start_url")]
    StartUrl,
    #[serde(rename = "sso_region")]
    Region,
}

impl InlineKey {
    /// In the order Rust looks for them.
    pub const ALL: [InlineKey; 2] = [InlineKey::StartUrl, InlineKey::Region];

    pub fn key(self) -> &'static str {
        match self {
            InlineKey::StartUrl => "sso_start_url",
            InlineKey::Region => "sso_region",
        }
    }
}

/// [`FindingKind::HybridConflict`]: a profile with `sso_session` sets `key` inline to another
/// value than its session does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InlineConflict {
    pub key: String,
    pub profile_value: String,
    pub session_value: String,
    pub session: String,
    pub botocore_sso: bool,
    /// The first inline key, the one the AWS SDK for Rust names where it reads the profile's
    /// keys as botocore does (none: the conflict is on another key, which only botocore merges).
    pub inline_first: Option<String>,
    /// The text the AWS SDK for Rust fails with, as it reads the profile (every section it
    /// merges into it, and its session): `None` where it does not fail.
    #[serde(skip)]
    pub rust: Option<String>,
    /// The inline `sso_start_url`/`sso_region` that differ from the session's.
    pub sso_conflicts: Vec<String>,
    /// Of those keys, the ones the AWS SDK for Go v2 reads as differing: it cuts a comment
    /// botocore keeps in a value and takes quotes off one (`values_read_otherwise`).
    #[serde(skip)]
    pub go_conflicts: Vec<String>,
    /// The same for the AWS SDK for Java v2, which cuts a comment.
    #[serde(skip)]
    pub java_conflicts: Vec<String>,
    /// The profile's sso_session comes from `[DEFAULT]` alone, which only botocore gives it
    /// ([`super::readers::failures`]).
    #[serde(skip_serializing_if = "is_false")]
    pub session_from_defaults: bool,
    /// The profile has its own `role_arn`: the AWS SDK for Rust takes its credentials
    /// through `source_profile` or `credential_source` (`resolve_chain`) and never reads its
    /// SSO settings, so it is not claimed.
    #[serde(skip_serializing_if = "is_false")]
    pub role_first: bool,
}

/// [`FindingKind::HybridRedundant`]: a profile with `sso_session` also sets `keys` inline, to
/// its session's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedundantInline {
    pub keys: Vec<String>,
    /// The text the AWS SDK for Rust fails with, as it reads the profile (every section it
    /// merges into it, and its session): `None` where it does not fail.
    #[serde(skip)]
    pub rust: Option<String>,
    pub session: String,
    /// Why the migration would not remove them, when it would not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_alone: Option<Box<SkipReason>>,
    /// The migration refuses the whole file as it is (for problems of the file), so it
    /// removes nothing until they are fixed.
    #[serde(skip_serializing_if = "is_false")]
    pub file_refused: bool,
    /// The profile's sso_session comes from `[DEFAULT]` alone, which only botocore gives it
    /// ([`super::readers::failures`]).
    #[serde(skip_serializing_if = "is_false")]
    pub session_from_defaults: bool,
    /// The profile has its own `role_arn`: the AWS SDK for Rust takes its credentials
    /// through `source_profile` or `credential_source` (`resolve_chain`) and never reads its
    /// SSO settings, so it is not claimed.
    #[serde(skip_serializing_if = "is_false")]
    pub role_first: bool,
}

/// [`FindingKind::LegacyInCredentialsFile`]: the credentials file `path` gives the profile
/// `start_url` on the finding's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialsLegacy {
    pub start_url: String,
    pub path: String,
    /// The keys of a legacy SSO profile the file gives it, in the order `sso_start_url`,
    /// `sso_region`, `sso_account_id`, `sso_role_name`: the lines to move.
    pub keys: Vec<&'static str>,
    /// That line, for a person to see.
    #[serde(skip)]
    pub excerpt: Excerpt,
}

/// A role botocore refuses ([`FindingKind::RoleArnWithoutSource`],
/// [`FindingKind::RoleArnWithBothSources`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedRole {
    /// The AWS SDK for Rust refuses it too, reading every section it merges into the profile.
    #[serde(skip)]
    pub rust: bool,
    /// The profile is one only the shared credentials file has, and the finding's line that
    /// file's `role_arn` line ([`Finding::file`]).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub in_credentials_file: Option<Box<CredentialsSite>>,
    /// Of a config profile, the keys of its refused role (`role_arn`, `source_profile`,
    /// `credential_source`) that the shared credentials file gives it, in that order: a person
    /// reading the config does not see them there.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub keys_in_credentials_file: Box<[&'static str]>,
}

impl FindingKind {
    /// The finding on a role refused for `why`.
    pub(super) fn refused_role(why: RoleRefusal, role: RefusedRole) -> Self {
        match why {
            RoleRefusal::NoSource => Self::RoleArnWithoutSource(role),
            RoleRefusal::BothSources => Self::RoleArnWithBothSources(role),
        }
    }
}

/// A line of the shared credentials file `path` a finding is at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialsSite {
    pub path: String,
    /// That line, for a person to see.
    #[serde(skip)]
    pub excerpt: Excerpt,
}

/// [`FindingKind::MissingSessionInCredentialsFile`]: the credentials file `path` names
/// `session`, which the config does not have, for a profile only that file has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialsMissingSession {
    pub path: String,
    pub session: String,
    /// botocore's SSO provider answers for the profile (it has an account or a role), and so
    /// refuses it for the missing session.
    pub botocore_sso: bool,
    /// That line, for a person to see.
    #[serde(skip)]
    pub excerpt: Excerpt,
}

/// [`FindingKind::InlineInCredentialsFile`]: the credentials file `path` gives a profile that
/// uses the sso-session `session` its `keys`, the first on the finding's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialsInline {
    pub path: String,
    pub session: String,
    /// Of `sso_start_url` and `sso_region`, in that order, those the file gives.
    pub keys: Vec<&'static str>,
    /// Those of them the session does not set: botocore takes the file's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub session_lacks: Vec<&'static str>,
    /// The first of them botocore finds set otherwise in the session, as it merges it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<ValueConflict>,
    /// botocore's SSO provider answers for the profile (it has an account or a role, and no
    /// role of its own): it refuses the profile on the conflict.
    pub botocore_sso: bool,
    /// The text the AWS SDK for Rust fails with, where it reads the profile and no finding on
    /// the config's own inline keys says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust: Option<String>,
    /// That line, for a person to see.
    #[serde(skip)]
    pub excerpt: Excerpt,
}

/// A key set one way in a profile and another in its sso-session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueConflict {
    pub key: &'static str,
    pub value: String,
    pub session_value: String,
}

/// [`FindingKind::MissingSsoKeys`]: an SSO profile lacks `missing` after merging its session;
/// `rust`: the text the AWS SDK for Rust fails with, where it reads the profile (it fails then
/// too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LackingSsoKeys {
    pub missing: Vec<String>,
    pub botocore_sso: bool,
    pub rust: Option<String>,
}

crate::codes::codes!(FindingKind {
    MissingSession => "missing_session",
    HybridConflict => "hybrid_conflict",
    HybridRedundant => "hybrid_redundant",
    SessionLacksKey => "session_lacks_key",
    MissingSsoKeys => "missing_sso_keys",
    EmptyValue => "empty_value",
    LegacyProfile => "legacy_profile",
    LegacyInCredentialsFile => "legacy_in_credentials_file",
    InlineInCredentialsFile => "inline_in_credentials_file",
    MissingSessionInCredentialsFile => "missing_session_in_credentials_file",
    UnusedSession => "unused_session",
    StartUrlVariants => "start_url_variants",
    BotocoreOnlySection => "botocore_only_section",
    SessionNameNotPortable => "session_name_not_portable",
    HeaderReadOtherwise => "header_read_otherwise",
    SourceProfileMissing => "source_profile_missing",
    SourceProfileLoop => "source_profile_loop",
    SourceProfileWithoutCredentials => "source_profile_without_credentials",
    SourceProfilePartialKeys => "source_profile_partial_keys",
    PartialStaticKeys => "partial_static_keys",
    RoleArnWithoutSource => "role_arn_without_source",
    RoleArnWithBothSources => "role_arn_with_both_sources",
    Managed => "managed_block",
    ColonDelimiter => "colon_delimiter",
    CommentInKey => "comment_in_key",
    KeyReadOtherwise => "key_read_otherwise",
    ValueComment => "value_comment",
    CarriageReturnValue => "carriage_return_value",
    BlankValue => "blank_value",
    IndentedComment => "indented_comment",
    DefaultsSection => "defaults_section",
    CommentAfterHeader => "comment_after_header",
    ContinuedValue => "continued_value",
    RustRejectsLine => "rust_rejects_line",
    PhpRejectsLine => "php_rejects_line",
    BotocoreIgnoresHeader => "botocore_ignores_header",
    KeyNameNotPortable => "key_name_not_portable";
    Parse(p) => p.code(),
});

impl FindingKind {
    pub fn severity(&self) -> Severity {
        match self {
            FindingKind::Parse(p) if p.botocore_refuses() => Severity::Error,
            FindingKind::Parse(_) => Severity::Warning,
            FindingKind::HybridConflict(c) if c.botocore_sso => Severity::Error,
            FindingKind::HybridConflict(_) => Severity::Warning,
            FindingKind::MissingSession { botocore_sso, .. } => {
                if *botocore_sso {
                    Severity::Error
                } else {
                    Severity::Warning
                }
            }
            FindingKind::MissingSessionInCredentialsFile(c) if c.botocore_sso => Severity::Error,
            FindingKind::MissingSessionInCredentialsFile(_) => Severity::Warning,
            FindingKind::MissingSsoKeys(m) if m.botocore_sso => Severity::Error,
            FindingKind::InlineInCredentialsFile(c) => {
                if (c.botocore_sso && c.conflict.is_some()) || c.rust.is_some() {
                    Severity::Error
                } else {
                    Severity::Warning
                }
            }
            FindingKind::MissingSsoKeys(_) => Severity::Warning,
            FindingKind::SessionLacksKey { botocore_users, .. } => {
                if *botocore_users {
                    Severity::Error
                } else {
                    Severity::Warning
                }
            }
            FindingKind::SourceProfileMissing { .. }
            | FindingKind::SourceProfileLoop { .. }
            | FindingKind::SourceProfileWithoutCredentials { .. }
            | FindingKind::SourceProfilePartialKeys { .. }
            | FindingKind::PartialStaticKeys { .. }
            | FindingKind::RoleArnWithoutSource(_)
            | FindingKind::RoleArnWithBothSources(_) => Severity::Error,
            FindingKind::HybridRedundant(_)
            | FindingKind::EmptyValue { .. }
            | FindingKind::LegacyProfile { .. }
            | FindingKind::LegacyInCredentialsFile(_)
            | FindingKind::StartUrlVariants { .. }
            | FindingKind::BotocoreOnlySection { .. }
            | FindingKind::SessionNameNotPortable { .. }
            | FindingKind::HeaderReadOtherwise { .. }
            | FindingKind::ColonDelimiter { .. }
            | FindingKind::CommentInKey { .. }
            | FindingKind::KeyReadOtherwise { .. }
            | FindingKind::CommentAfterHeader
            | FindingKind::DefaultsSection { .. }
            | FindingKind::ValueComment { .. }
            | FindingKind::CarriageReturnValue { .. }
            | FindingKind::BlankValue { .. }
            | FindingKind::IndentedComment { .. }
            | FindingKind::ContinuedValue { .. }
            | FindingKind::RustRejectsLine { .. }
            | FindingKind::PhpRejectsLine { .. }
            | FindingKind::KeyNameNotPortable { .. }
            | FindingKind::BotocoreIgnoresHeader { .. } => Severity::Warning,
            FindingKind::UnusedSession | FindingKind::Managed { .. } => Severity::Info,
        }
    }
}

/// The diagnosis of one file.
#[derive(Debug, Clone, Default)]
pub struct Diagnosis {
    /// In line order: every finding, or the first few where the check-up was asked to keep
    /// only those ([`super::Kept`]); [`Self::counts`] counts them all.
    pub findings: Vec<Finding>,
    /// The lines of the first [`SHOWN_FINDINGS`] findings, to show them (each `None` where its
    /// finding is about no line). The others are counted, and given whole only in JSON, which
    /// needs no excerpt: a file with a finding on every line does not hold a copy of each.
    pub excerpts: Vec<Option<Excerpt>>,
    /// How many findings of each severity the check-up made, kept or not.
    pub counts: SeverityCounts,
}

/// How many findings there are of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl SeverityCounts {
    pub(super) fn add(&mut self, s: Severity) {
        *match s {
            Severity::Error => &mut self.errors,
            Severity::Warning => &mut self.warnings,
            Severity::Info => &mut self.infos,
        } += 1;
    }

    /// Every finding counted.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// How many findings of one file are shown with their line; the rest are counted (`--format
/// json` lists them all).
pub const SHOWN_FINDINGS: usize = 50;

impl Diagnosis {
    /// Whether nothing worse than information was found.
    pub fn healthy(&self) -> bool {
        self.counts.errors + self.counts.warnings == 0
    }
}

/// Why a file cannot be diagnosed at all: it is not a config's text. The problems are the ones
/// [`Config::read`](crate::aws::Config::read) gives such a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undiagnosable {
    pub problems: Vec<Problem>,
    /// Where the problems are, to show them.
    pub sites: ProblemSites,
}

/// How many other sessions a `start_url_variants` finding lists; it counts the rest.
pub const LISTED_VARIANTS: usize = 12;

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn no_readers(r: &Readers) -> bool {
    r.is_empty()
}
