//! Which readers fail on each finding, with their own error text where it is known, and where each
//! rule comes from. A reader not listed for a finding is not known to fail on it; that is not a
//! promise that it works.
//!
//! The readers and the sources the rules are taken from (`AWS-CONFIG-FACTS.md` names the commits):
//! - botocore / the AWS CLI: `botocore/configloader.py` (the file), `credentials.py`
//!   `SSOProvider._load_sso_config` and `_resolve_sso_session_reference`,
//!   `AssumeRoleProvider._validate_source_profile`, `tokens.py` `SSOTokenProvider._load_sso_config`
//!   (facts §1.1, §1.2, §2.1; texts as in botocore 1.44.8);
//! - the AWS SDK for Rust: `aws-runtime` `env_config/parse.rs` and `normalize.rs` (the file and
//!   its names, facts §2.3), `aws-config` 1.13.0 `profile/credentials/repr.rs` `sso_from_profile`
//!   and `resolve_chain`, and `profile/credentials.rs` `ProfileFileError` (the texts);
//! - the AWS SDK for Go v2: `config/shared_config.go` `validateSSOTokenProviderConfiguration`
//!   (facts §1.6) and aws/aws-sdk-go-v2#2315, #3195 (facts §2.5);
//! - the AWS SDK for Java v2: `SsoProfileCredentialsProviderFactory` (facts §1.6) and
//!   aws/aws-sdk-java-v2#5054 (facts §2.5);
//! - the AWS SDK for JavaScript v3: `credential-provider-sso/src/fromSSO.ts` (facts §1.6; a
//!   conflicting profile value is silently replaced by the session's, not an error) and
//!   aws/aws-sdk-js-v3#7225 (facts §2.5);
//! - the AWS SDK for .NET: `AWSSDK.Core` `IniFile.Validate`, which fails on the whole file at a
//!   line that is not `[...]`, a comment or has no `=` (run under Mono, `other_sdks`);
//! - the AWS SDK for PHP v3: PHP 8.2's `parse_ini_string` in raw mode, which fails on the whole
//!   file at a line its INI grammar has no place for ([`crate::aws::php_ini`], held to PHP by
//!   `interop/php-ini/lines.php`);
//! - the AWS SDK for C++: `aws-cpp-sdk-core` `ConfigFileProfileFSM::ParseStream`, which stops
//!   reading at the first line under a profile or session that has no `=` ([`cpp_stops`];
//!   compiled with g++ 12, `other_sdks`).
//!
//! The interop checks (`tests/interop/botocore/check.py --doctor`, `interop/rust-sdk` `--doctor`)
//! prove every botocore and Rust claim on every fixture and real-world config.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use super::{FindingKind, InlineConflict};
pub use crate::aws::Reader;
use crate::aws::other_sdks::Readers;
use crate::aws::rust_parse::RustParseError;

/// What fails in a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// It refuses the whole file.
    File,
    /// Resolving credentials for the finding's profile fails.
    Profile,
    /// Resolving credentials fails for every profile that uses the finding's sso-session.
    Users,
    /// It stops reading the file at the finding's line: the section that line is in, and every
    /// section after it, sso-sessions too, are lost to it.
    FromHere,
    /// It reads otherwise every profile and sso-session that takes a key from the finding's
    /// `[DEFAULT]`: each that does not set that key itself.
    Inheritors,
    /// It reads otherwise the profile, or every profile that uses the sso-session, that
    /// [`Failure::section`] names: one the finding's line changes for it, other than the
    /// finding's own (the section above a header it reads no header in).
    Section,
}

impl Scope {
    /// Where a reader that reads a line otherwise fails: on the profile that holds the line, or,
    /// for a line of an sso-session (`session`), on every profile that uses it.
    pub fn of_holder(session: bool) -> Scope {
        if session {
            Scope::Users
        } else {
            Scope::Profile
        }
    }
}

/// The profile or sso-session of a [`Scope::Section`] failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedSection {
    pub session: bool,
    pub name: String,
}

/// One reader that fails on a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub reader: Reader,
    pub scope: Scope,
    /// The reader's own error text, with the file's names filled in, when it is known (most
    /// are constant, and borrowed: a file of 100,000 findings does not hold 100,000 copies).
    pub error: Option<Cow<'static, str>>,
    /// For [`Scope::Section`] only. Shared: the failures of one section's findings name it
    /// once, and every failure would be as large as an unboxed one.
    pub section: Option<Arc<NamedSection>>,
}

/// A reader's error text.
fn said(text: impl Into<Cow<'static, str>>) -> Option<Cow<'static, str>> {
    Some(text.into())
}

/// Each of `readers` fails on the finding in `scope`, with no text of its own.
pub fn each(readers: Readers, scope: Scope) -> impl Iterator<Item = Failure> {
    readers.iter().map(move |r| fails(r, scope, None))
}

fn fails(reader: Reader, scope: Scope, error: Option<Cow<'static, str>>) -> Failure {
    Failure {
        reader,
        scope,
        error,
        section: None,
    }
}

/// The AWS SDK for .NET fails on the whole file at header line `text` (trimmed) when the line
/// does not end in `]`: it takes a line for a header only where it does, and fails on any other
/// without `=` (`IniFile.Validate`), as on a comment glued to a header.
pub fn dotnet_fails_on_header_line(text: &str) -> Option<Failure> {
    (!text.ends_with(']')).then(|| fails(Reader::Dotnet, Scope::File, None))
}

/// `readers` read `section` otherwise: a profile or sso-session other than the finding's.
pub fn in_section(readers: Readers, section: &Arc<NamedSection>) -> Vec<Failure> {
    (readers.iter())
        .map(|r| Failure {
            section: Some(Arc::clone(section)),
            ..fails(r, Scope::Section, None)
        })
        .collect()
}

/// The SDKs that do not strip `c` around a key or a value, as botocore (Python's `str.strip`)
/// does, in a key line of a profile or sso-session (`session`): the AWS SDK for Rust and Ruby
/// v3 strip only ASCII whitespace (Ruby's `\s`), JavaScript v3 (`String.prototype.trim`)
/// Unicode's, which lacks U+001C to U+001F and U+0085. U+FEFF, which only JavaScript strips,
/// is the other way round (`in_key`: it is at an end of the key).
pub fn unusual_whitespace_in_key_line(c: char, in_key: bool, session: bool) -> Vec<Failure> {
    let scope = Scope::of_holder(session);
    // No whitespace to Python, Rust or Ruby, which keep it as text; JavaScript's `trim` drops
    // it. In a key (`in_key`) it is no character of a name to Rust, which ignores the key.
    if c == '\u{feff}' {
        let rust = in_key.then(|| fails(Reader::RustSdk, scope, None));
        return rust
            .into_iter()
            .chain([fails(Reader::JsV3, scope, None)])
            .collect();
    }
    let mut out = vec![fails(Reader::RustSdk, scope, None)];
    if matches!(c, '\u{1c}'..='\u{1f}' | '\u{85}') {
        out.push(fails(Reader::JsV3, scope, None));
    }
    if !crate::aws::other_sdks::is_ruby_space(c) {
        out.push(fails(Reader::RubyV3, scope, None));
    }
    out
}

/// The AWS SDK for C++ at the line where it stops reading the file
/// ([`crate::aws::other_sdks::cpp_stops_reading_at`]), `raw` (the line without its ending):
/// its `ConfigFileProfileFSM` logs the line as it is left once its comment is cut. Added to the
/// finding on that line by the check-up, which knows where it is.
pub fn cpp_stops(raw: &[u8]) -> Failure {
    let line = String::from_utf8_lossy(crate::aws::other_sdks::cpp_uncommented(raw));
    fails(
        Reader::Cpp,
        Scope::FromHere,
        said(format!("Unexpected line in the aws shared profile: {line}")),
    )
}

/// The AWS SDK for Rust fails on the whole file at the finding's line, with `error`
/// ([`crate::aws::rust_parse`]). Added to the first finding on that line by the check-up, which
/// knows where Rust fails; a line with none gets [`FindingKind::RustRejectsLine`].
pub fn rust_cannot_parse(error: RustParseError) -> Failure {
    fails(Reader::RustSdk, Scope::File, said(error.text()))
}

/// The AWS SDK for PHP v3 fails on the whole file at the finding's line: PHP's INI reader cannot
/// read it ([`crate::aws::php_ini`]), and the SDK loads no profile of the file. Its text
/// depends on what asked for the file (`Invalid config file: …`, or a profile not found), so
/// none is given. Added to the first finding on that line by the check-up; a line with none
/// gets [`FindingKind::PhpRejectsLine`].
pub fn php_cannot_read() -> Failure {
    fails(Reader::PhpV3, Scope::File, None)
}

/// The readers that fail on `kind` found at profile or section `at`.
pub fn failures(kind: &FindingKind, at: &str) -> Vec<Failure> {
    use Reader::*;
    use Scope::*;
    match kind {
        FindingKind::Parse(p) => {
            let mut out = Vec::new();
            if p.botocore_refuses() {
                out.push(fails(Botocore, File, said("Unable to parse config file")));
            }
            // Where the AWS SDK for Rust fails is the check-up's: `rust_cannot_parse`.
            // A header some SDKs read no header on (`glued_comment`, and `incomplete_header`
            // where botocore reads one): which profile or session that loses, and which keys
            // move, takes the file (`problem_read_otherwise` in the check-up).
            out
        }
        FindingKind::MissingSession {
            session,
            botocore_sso,
            rust,
            session_from_defaults,
            read_elsewhere_by,
            found_by,
            ..
        } => {
            let mut out = Vec::new();
            if *botocore_sso {
                out.push(fails(
                    Botocore,
                    Profile,
                    said(format!(
                        "The specified sso-session does not exist: \"{session}\""
                    )),
                ));
            }
            // An sso_session from `[DEFAULT]` alone is botocore's only: Python's configparser
            // gives `[DEFAULT]`'s keys to every section, and the AWS SDKs for Rust, JavaScript
            // v3 and Ruby v3 do not (`defaults_section`), so to them the profile has no session
            // to miss, nor one that inline keys beside it would contradict. The other SDKs are
            // not known to read `[DEFAULT]` so, and are not claimed.
            if *session_from_defaults {
                return out;
            }
            // Rust's text, as the check-up works it out (`rust_sso_error`); Go v2 finds the
            // session where it reads it in a header botocore ignores, or cuts a comment off.
            out.extend(rust_fails(rust.as_deref()));
            if !read_elsewhere_by.contains(GoV2) && !found_by.contains(GoV2) {
                out.push(fails(
                    GoV2,
                    Profile,
                    said("failed to find SSO session section"),
                ));
            }
            out
        }
        // Only botocore's text is known for a profile of the credentials file alone.
        FindingKind::MissingSessionInCredentialsFile(c) => (c.botocore_sso)
            .then(|| {
                let session = &c.session;
                fails(
                    Botocore,
                    Profile,
                    said(format!(
                        "The specified sso-session does not exist: \"{session}\""
                    )),
                )
            })
            .into_iter()
            .collect(),
        FindingKind::HybridConflict(c) => {
            let InlineConflict {
                key,
                profile_value,
                session_value,
                session,
                botocore_sso,
                go_conflicts,
                java_conflicts,
                session_from_defaults,
                rust,
                ..
            } = &**c;
            let mut out = Vec::new();
            if *botocore_sso {
                out.push(fails(
                    Botocore,
                    Profile,
                    said(botocore_inconsistent_text(
                        key,
                        profile_value,
                        session_value,
                    )),
                ));
            }
            // As for `missing_session`: only botocore has a session from `[DEFAULT]`.
            if *session_from_defaults {
                return out;
            }
            out.extend(rust_fails(rust.as_deref()));
            // Go v2 and Java v2 compare only the inline SSO keys, each as it reads them; the
            // text when one differs.
            fn one(conflicts: &[String]) -> Option<&str> {
                match conflicts {
                    [k] => Some(k),
                    _ => None,
                }
            }
            if !go_conflicts.is_empty() {
                out.push(fails(
                    GoV2,
                    Profile,
                    one(go_conflicts).map(|k| {
                        format!("{k} in profile \"{at}\" must match {k} in sso-session").into()
                    }),
                ));
            }
            if !java_conflicts.is_empty() {
                out.push(fails(
                    JavaV2,
                    Profile,
                    (one(java_conflicts) == Some("sso_start_url")).then(|| {
                        format!(
                            "Profile {at} and Sso-session {session} has different sso_start_url."
                        )
                        .into()
                    }),
                ));
            }
            out
        }
        // Only Rust fails on redundant inline keys; none where it does not read the session
        // (from `[DEFAULT]` alone) or the SSO settings (a role): then `rust` is none.
        FindingKind::HybridRedundant(r) => rust_fails(r.rust.as_deref()).into_iter().collect(),
        FindingKind::InlineInCredentialsFile(c) => {
            let conflict = c.conflict.as_ref().filter(|_| c.botocore_sso);
            let botocore = conflict.map(|v| {
                fails(
                    Botocore,
                    Profile,
                    said(botocore_inconsistent_text(
                        v.key,
                        &v.value,
                        &v.session_value,
                    )),
                )
            });
            botocore
                .into_iter()
                .chain(rust_fails(c.rust.as_deref()))
                .collect()
        }
        FindingKind::SessionLacksKey {
            missing,
            botocore_users,
            users_fail_alike,
            rust_users_fail,
        } => {
            let mut out = Vec::new();
            if *botocore_users {
                // SSOProvider's check after the merge; a profile that supplies the key inline
                // gets past it and fails in SSOTokenProvider instead ("is missing the following
                // configuration"). The text where every user fails with it.
                out.push(fails(
                    Botocore,
                    Users,
                    users_fail_alike.then(|| {
                        format!(
                            "is configured to use SSO but is missing required configuration: {}",
                            missing.join(", ")
                        )
                        .into()
                    }),
                ));
            }
            if *rust_users_fail {
                out.push(fails(RustSdk, Users, None));
            }
            out
        }
        FindingKind::MissingSsoKeys(m) => {
            let super::LackingSsoKeys {
                missing,
                botocore_sso,
                rust,
            } = &**m;
            let mut out = Vec::new();
            if *botocore_sso {
                out.push(fails(
                    Botocore,
                    Profile,
                    said(format!(
                        "The profile \"{at}\" is configured to use SSO but is missing required \
                         configuration: {}",
                        missing.join(", ")
                    )),
                ));
            }
            out.extend(rust_fails(rust.as_deref()));
            out
        }
        FindingKind::BotocoreOnlySection {
            session, readers, ..
        }
        | FindingKind::HeaderReadOtherwise {
            session, readers, ..
        }
        | FindingKind::ValueComment {
            session, readers, ..
        } => each(*readers, Scope::of_holder(*session)).collect(),
        FindingKind::SessionNameNotPortable { readers, .. } => {
            let mut out = vec![
                fails(RustSdk, Users, None),
                fails(GoV2, Users, said("failed to find SSO session section")),
                fails(JavaV2, Users, None),
            ];
            out.extend(each(*readers, Users));
            out
        }
        FindingKind::SourceProfileMissing {
            source,
            read_elsewhere_by,
            source_from_defaults,
            source_in_credentials_file,
            ..
        } => {
            let mut out = vec![fails(
                Botocore,
                Profile,
                said(format!(
                    "The source_profile \"{source}\" referenced in the profile \"{at}\" does not \
                     exist."
                )),
            )];
            // Where it reads the profile in a header botocore ignores, it goes on to it; where
            // the source is `[DEFAULT]`'s, it has none, and fails on that (as
            // `role_arn_without_source`).
            if *source_in_credentials_file {
                // Not known to be read alike where it is that file's `[DEFAULT]`'s.
            } else if *source_from_defaults {
                out.push(fails(RustSdk, Profile, None));
            } else if !read_elsewhere_by.contains(RustSdk) {
                out.push(fails(
                    RustSdk,
                    Profile,
                    said(format!(
                        "profile `{source}` was not defined: could not find source profile \
                         {source} referenced from {at}"
                    )),
                ));
            }
            out
        }
        FindingKind::SourceProfileLoop { rust, .. } => {
            botocore_and_rust("Infinite loop in credential configuration detected.", *rust)
        }
        FindingKind::SourceProfilePartialKeys { keys_in, .. }
        | FindingKind::PartialStaticKeys { keys_in } => vec![fails(
            Botocore,
            Profile,
            said(format!(
                "Partial credentials found in {}, missing: aws_secret_access_key",
                keys_in.botocore_provider()
            )),
        )],
        FindingKind::SourceProfileWithoutCredentials { source, rust, .. } => {
            let botocore = fails(
                Botocore,
                Profile,
                said(format!(
                    "The source profile \"{source}\" must have credentials."
                )),
            );
            let rust = rust.then(|| {
                format!(
                    "invalid credential source in `{source}`: could not load source profile: \
                     profile `{source}` did not contain credential information"
                )
            });
            [Some(botocore), rust_fails(rust.as_deref())]
                .into_iter()
                .flatten()
                .collect()
        }
        FindingKind::RoleArnWithoutSource(role) => botocore_and_rust(
            "Partial credentials found in assume-role, missing: source_profile or \
             credential_source",
            role.rust,
        ),
        FindingKind::RoleArnWithBothSources(role) => {
            let botocore = fails(
                Botocore,
                Profile,
                said(format!(
                    "The profile \"{at}\" contains both source_profile and credential_source."
                )),
            );
            let rust = (role.rust).then(|| {
                format!(
                    "invalid credential source in `{at}`: profile contained both source_profile \
                     and credential_source. Only one or the other can be defined"
                )
            });
            [Some(botocore), rust_fails(rust.as_deref())]
                .into_iter()
                .flatten()
                .collect()
        }
        FindingKind::ColonDelimiter {
            without_equals,
            session,
            readers,
            ..
        } => {
            let mut out = Vec::new();
            if *without_equals {
                out.extend([fails(JavaV2, File, None), fails(Dotnet, File, None)]);
            }
            out.extend(each(*readers, Scope::of_holder(*session)));
            out
        }
        FindingKind::CommentInKey {
            session,
            readers,
            java_fails,
            ..
        } => {
            let java = java_fails.then(|| fails(JavaV2, File, None));
            java.into_iter()
                .chain(each(*readers, Scope::of_holder(*session)))
                .collect()
        }
        // An indented first key is a continuation with nothing to continue to Rust (which the
        // check-up claims where it fails) and Java.
        FindingKind::KeyReadOtherwise {
            session,
            indented,
            readers,
            ..
        } => readers
            .iter()
            .filter_map(|r| match r {
                RustSdk if *indented => None,
                JavaV2 if *indented => Some(fails(r, File, None)),
                _ => Some(fails(r, Scope::of_holder(*session), None)),
            })
            .collect(),
        FindingKind::RustRejectsLine { error } => vec![rust_cannot_parse(*error)],
        FindingKind::PhpRejectsLine { .. } => vec![php_cannot_read()],
        // botocore has no such profile or session: asked for the profile by name, it fails
        // (`ProfileNotFound`); a profile using the session fails as `missing_session` says.
        FindingKind::BotocoreIgnoresHeader { name, session, .. } => vec![Failure {
            reader: Botocore,
            scope: Scope::Section,
            error: (!*session)
                .then(|| Cow::Owned(format!("The config profile ({name}) could not be found"))),
            section: Some(Arc::new(NamedSection {
                session: *session,
                name: name.to_string(),
            })),
        }],
        FindingKind::KeyNameNotPortable { session, .. } => {
            vec![fails(RustSdk, Scope::of_holder(*session), None)]
        }
        // .NET's text names the file's path, which the finding does not know.
        FindingKind::CommentAfterHeader => vec![fails(Dotnet, File, None)],
        FindingKind::IndentedComment { session } => {
            let scope = Scope::of_holder(*session);
            vec![fails(RustSdk, scope, None), fails(JavaV2, scope, None)]
        }
        FindingKind::CarriageReturnValue { session, .. }
        | FindingKind::BlankValue { session, .. } => {
            vec![fails(RubyV3, Scope::of_holder(*session), None)]
        }
        FindingKind::DefaultsSection { .. } => {
            vec![
                fails(RustSdk, Inheritors, None),
                fails(JsV3, Inheritors, None),
                fails(RubyV3, Inheritors, None),
            ]
        }
        FindingKind::ContinuedValue {
            dotnet_fails,
            session,
            readers,
            blank_above,
        } => {
            let scope = Scope::of_holder(*session);
            let rust = blank_above.then(|| fails(RustSdk, scope, None));
            let mut out: Vec<Failure> = rust.into_iter().chain(each(*readers, scope)).collect();
            if *dotnet_fails {
                out.push(fails(Dotnet, File, None));
            }
            out
        }
        FindingKind::EmptyValue { .. }
        | FindingKind::LegacyProfile { .. }
        | FindingKind::LegacyInCredentialsFile(_)
        | FindingKind::UnusedSession
        | FindingKind::StartUrlVariants { .. }
        | FindingKind::Managed { .. } => Vec::new(),
    }
}

/// botocore fails on the profile with `text`, and the AWS SDK for Rust (with no text known)
/// where `rust`.
fn botocore_and_rust(text: &'static str, rust: bool) -> Vec<Failure> {
    let botocore = fails(Reader::Botocore, Scope::Profile, said(text));
    let rust = rust.then(|| fails(Reader::RustSdk, Scope::Profile, None));
    [Some(botocore), rust].into_iter().flatten().collect()
}

/// The AWS SDK for Rust fails on the profile with `text`, where there is one.
fn rust_fails(text: Option<&str>) -> Option<Failure> {
    text.map(|text| fails(Reader::RustSdk, Scope::Profile, said(text.to_string())))
}

/// botocore's text for a profile whose `key` is `value` where its sso-session has
/// `session_value` (`SSOProvider._resolve_sso_session_reference`).
fn botocore_inconsistent_text(key: &str, value: &str, session_value: &str) -> String {
    format!(
        "The value for {key} is inconsistent between profile ({value}) and sso-session \
         ({session_value})."
    )
}

/// The AWS SDK for Rust's text for profile `at` with `sso_session` and `key` (`sso_start_url` or
/// `sso_region`) inline: it rejects every such profile.
pub(super) fn rust_hybrid_text(at: &str, key: &str) -> String {
    format!(
        "profile `{at}` has invalid SSO config: `{key}` can only be specified in the \
         [sso-session] config when a session name is given"
    )
}
