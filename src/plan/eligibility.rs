//! Which profiles can move: the checks on one legacy profile (or one half-migrated profile)
//! before it is grouped, each failure a [`SkipReason`].

use std::borrow::Cow;
use std::ops::Range;

use compact_str::CompactString;

use crate::aws::credentials::CredentialsProfiles;
use crate::aws::key_lines;
use crate::aws::managed::{self, ManagedBlock};
use crate::aws::names;
use crate::aws::other_sdks::{Readers, cpp_stops_reading_past, reading_otherwise};
use crate::aws::url::UrlProblem;
use crate::aws::{Config, Prop, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_SESSION, SSO_START_URL};

use crate::hash::HashMap;

use super::{Cleanup, SkipReason};

/// A legacy profile that can move, before grouping.
pub(super) struct Candidate<'c> {
    pub(super) section: usize,
    pub(super) profile: &'c str,
    pub(super) url: &'c str,
    pub(super) region: &'c str,
    pub(super) scopes: Option<&'c str>,
}

pub(super) enum Consider<'c> {
    Move(Candidate<'c>),
    Clean(Cleanup),
}

/// Checks shared by every profile we would edit.
pub(super) fn editable(
    cfg: &Config,
    sec: usize,
    blocks: &[ManagedBlock],
) -> Result<(), SkipReason> {
    if !cfg.is_canonical(sec) {
        return Err(SkipReason::NonCanonicalHeader {
            header: cfg.header(sec).to_string(),
        });
    }
    if let Some(block) = managed::block_at(blocks, cfg.header_line(sec)) {
        return Err(SkipReason::Managed {
            by: block.by,
            block: block.name.clone(),
        });
    }
    Ok(())
}

/// A legacy profile `sec` named `name`, whose own `sso_start_url` is `url` (`None` where only
/// `[DEFAULT]` sets one), as a candidate to move, or why it stays.
pub(super) fn consider_legacy<'c>(
    cfg: &'c Config,
    sec: usize,
    name: &'c str,
    url: Option<Prop<'c>>,
    ctx: &Context<'c>,
) -> Result<Candidate<'c>, SkipReason> {
    editable(cfg, sec, &ctx.blocks)?;
    let Some(url) = url else {
        return Err(SkipReason::FromDefaults {
            key: SSO_START_URL.into(),
        });
    };
    ctx.check_url(url.value)
        .map_err(|problem| SkipReason::StartUrl {
            value: url.value.to_string(),
            problem,
        })?;
    let region_prop = cfg.own(sec, SSO_REGION);
    let region = match &region_prop {
        Some(r) if r.value.is_empty() => return Err(SkipReason::EmptyRegion),
        Some(r) if r.value.contains('\n') => {
            return Err(SkipReason::Multiline {
                key: SSO_REGION.into(),
            });
        }
        Some(r) => r.value,
        None if cfg.default_value(SSO_REGION).is_some() => {
            return Err(SkipReason::FromDefaults {
                key: SSO_REGION.into(),
            });
        }
        None => return Err(SkipReason::MissingRegion),
    };
    unread_by_helpers(name, ctx)?;
    // Each property looked up once: this runs for every legacy profile.
    for (key, prop) in [
        (SSO_START_URL, Some(&url)),
        (SSO_REGION, region_prop.as_ref()),
    ] {
        if prop.is_some_and(|p| indented_comment_after(cfg, p)) {
            return Err(SkipReason::IndentedComment { key: key.into() });
        }
    }
    // The profile's own scopes become the new session's `sso_registration_scopes` line.
    let scopes = cfg.own(sec, SSO_REGISTRATION_SCOPES).map(|p| p.value);
    if scopes.is_some_and(|v| v.contains('\n')) {
        return Err(SkipReason::Multiline {
            key: SSO_REGISTRATION_SCOPES.into(),
        });
    }
    if let Some(c) = ctx.continued_sso_key(cfg, sec) {
        return Err(SkipReason::ContinuedKey {
            key: c.key.into(),
            line: c.line + 1,
            readers: c.readers,
        });
    }
    // A session line is written `key = value`: a value that starts with `#` or `;` would
    // follow a space there, and start a comment to the AWS SDKs for JavaScript v3 and Ruby v3.
    for (key, value) in [
        (SSO_REGION, Some(region)),
        (SSO_REGISTRATION_SCOPES, scopes),
    ] {
        if let Some(value) = value.filter(|v| v.starts_with(['#', ';'])) {
            return Err(SkipReason::CommentFirst {
                key: key.into(),
                value: value.into(),
            });
        }
    }
    Ok(Candidate {
        section: sec,
        profile: name,
        url: url.value,
        region,
        scopes,
    })
}

/// A continuation line that other SDKs read as a key line: [`Context::continued_sso_key`].
pub(super) struct ContinuedKey {
    section: usize,
    pub(super) key: &'static str,
    /// 0-based.
    pub(super) line: usize,
    pub(super) readers: Readers,
}

/// Every [`ContinuedKey`] of the file, in line order and one a section at most (nearly every
/// file has none): one walk over its lines' kinds, each continuation line read as each SDK
/// reads a key line ([`key_lines::continuation_read_as_key`]).
fn continued_sso_keys(cfg: &Config) -> Vec<ContinuedKey> {
    let doc = cfg.document();
    let mut found: Vec<ContinuedKey> = Vec::new();
    for i in (0..doc.len()).filter(|&i| doc.is_continuation(i)) {
        let text = doc.text(i);
        let Some((key, readers)) = [
            SSO_START_URL,
            SSO_REGION,
            SSO_SESSION,
            SSO_REGISTRATION_SCOPES,
        ]
        .into_iter()
        .map(|key| (key, key_lines::continuation_read_as_key(text, key)))
        .find(|(_, readers)| !readers.is_empty()) else {
            continue;
        };
        let Some(section) = cfg.section_holding(i) else {
            continue;
        };
        // Under an empty value (`s3 =`) they are nested keys to every SDK.
        let nested = (cfg.props(section))
            .find(|p| p.line < i && i < p.end)
            .is_some_and(|p| p.value.split('\n').next().is_some_and(str::is_empty));
        if !nested && found.last().is_none_or(|c| c.section != section) {
            found.push(ContinuedKey {
                section,
                key,
                line: i,
                readers,
            });
        }
    }
    found
}

/// Whether profile `name` has no credential helper reading its inline keys: its own
/// `credential_process`, another profile's naming it, or the credentials file's
/// ([`Context::helper_targets`]). Removing those keys breaks such a helper.
fn unread_by_helpers(name: &str, ctx: &Context) -> Result<(), SkipReason> {
    if let Some(run) = ctx.helper_targets.get(name) {
        return Err(SkipReason::CredentialProcess {
            command: run.command.into(),
            via: run.via.clone(),
            file: run.file.clone(),
        });
    }
    Ok(())
}

/// A credential helper that reads `sso_start_url`/`sso_region` from a profile
/// (`AWS-CONFIG-FACTS.md` §5.2 item 4), as `credential_process` runs it: the helper, and the
/// profile it names with `--profile` (`None`: the one it runs for). The command's words are
/// botocore's (`shlex.split`, POSIX: `--profile 'my profile'` names `my profile`, as
/// `aws-sso-util configure` writes it); where that fails botocore runs nothing, and the words
/// are taken at blanks, to be safe.
pub(super) fn credential_helper(
    credential_process: &str,
) -> Option<(&'static str, Option<String>)> {
    // Both helpers' names have this in them; most commands do not, and are not split (nor is
    // a name with quotes inside it, `aws-sso'-'util`, looked for).
    memchr::memmem::find(credential_process.as_bytes(), b"aws-sso-")?;
    let at_blanks = || -> Vec<Cow<str>> {
        (credential_process.split(crate::aws::shlex::WHITESPACE))
            .filter(|w| !w.is_empty())
            .map(Cow::Borrowed)
            .collect()
    };
    // Without a quote or a backslash, shlex's words are those between its blanks.
    let words = if credential_process.contains(['\'', '"', '\\']) {
        crate::aws::shlex::split(credential_process)
            .map(|words| words.into_iter().map(Cow::Owned).collect())
            .unwrap_or_else(|_| at_blanks())
    } else {
        at_blanks()
    };
    let is = |w: &str, name: &str| w == name || w.ends_with(&format!("/{name}"));
    let command = if words
        .windows(2)
        .any(|w| is(&w[0], "aws-sso-util") && w[1] == "credential-process")
    {
        "aws-sso-util credential-process"
    } else if words.iter().any(|w| is(w, "aws-sso-credential-process")) {
        "aws-sso-credential-process"
    } else {
        return None;
    };
    let mut rest = words.into_iter();
    let mut named = None;
    while let Some(w) = rest.next() {
        if w == "--profile" {
            named = rest.next().map(Cow::into_owned);
            break;
        }
        if let Some(v) = w.strip_prefix("--profile=") {
            named = Some(v.to_string());
            break;
        }
    }
    Some((command, named))
}

/// What the checks need to know about the whole file `'c`, worked out once.
pub(super) struct Context<'c> {
    /// Other tools' managed blocks.
    pub(super) blocks: Vec<ManagedBlock>,
    /// Whether the file may have a managed block's marker line ([`Config::may_have_markers`]);
    /// without one, no line needs to be asked whether it is one.
    pub(super) markers: bool,
    /// Profiles whose inline keys a credential helper reads: X -> the `credential_process`
    /// that runs it, X's own (`aws-sso-util credential-process`, or with `--profile X`) or
    /// another profile's naming X (`--profile X`), in the config or in the credentials file.
    /// X's own in the config is the one kept, then the first of the config's, then the
    /// credentials file's.
    pub(super) helper_targets: HashMap<String, HelperRun>,
    /// [`names::checked_base_name`] by start URL, borrowed from the file: a file has a few dozen
    /// spellings over thousands of profiles, and judging a URL is the slow part of judging a
    /// profile. The base name of a new session for the portal is what the judgement is kept
    /// for, not a parsed URL (a file of 10,000 portals kept 10,000 of them).
    checked_urls: std::cell::RefCell<HashMap<&'c str, Result<CompactString, UrlProblem>>>,
    /// Where the AWS SDK for C++ stops reading the file, looked for only when an existing
    /// session could be reused or a profile cleaned up.
    cpp_stop: std::cell::OnceCell<Option<usize>>,
    /// [`Context::continued_sso_key`], found once for the file.
    continued_sso_keys: std::cell::OnceCell<Vec<ContinuedKey>>,
    /// The lines a migration of the file was found to rewrite: C++ is taken to read past them
    /// ([`cpp_stops_reading_past`]).
    rewritten: Vec<Range<usize>>,
}

/// A `credential_process` that runs a helper reading a profile's inline keys, as
/// [`Context::helper_targets`] keeps it.
pub(super) struct HelperRun {
    /// The profile whose `credential_process` it is; `None` where it is the profile's own.
    via: Option<String>,
    /// The helper, as [`credential_helper`] names it.
    command: &'static str,
    /// The shared credentials file it is set in; `None` for the config.
    file: Option<String>,
}

impl<'c> Context<'c> {
    /// What the checks need of `cfg`, read with the shared credentials file's profiles
    /// `credentials`, where C++ is taken to read past the lines `rewritten`.
    pub(super) fn new(
        cfg: &'c Config,
        credentials: &CredentialsProfiles,
        rewritten: Vec<Range<usize>>,
    ) -> Context<'c> {
        let mut helper_targets: HashMap<String, HelperRun> = HashMap::default();
        for sec in cfg.profile_section_numbers() {
            let Some(cp) = cfg.get(sec, "credential_process") else {
                continue;
            };
            let Some((command, named)) = credential_helper(cp) else {
                continue;
            };
            let via = cfg.profile_name(sec).unwrap_or_default();
            match named {
                Some(target) if target != via => {
                    helper_targets.entry(target).or_insert(HelperRun {
                        via: Some(via.to_string()),
                        command,
                        file: None,
                    });
                }
                _ => {
                    let own = HelperRun {
                        via: None,
                        command,
                        file: None,
                    };
                    helper_targets.insert(via.to_string(), own);
                }
            }
        }
        // The credentials file's `credential_process` is the one botocore runs for its profile
        // (its keys are merged over the config's), and a helper there reads the config's inline
        // keys of the profile it is run for, or of the one it names.
        for (via, cp) in credentials.credential_processes() {
            let Some((command, named)) = credential_helper(cp) else {
                continue;
            };
            let target = named.unwrap_or_else(|| via.to_string());
            helper_targets.entry(target.clone()).or_insert(HelperRun {
                via: (target != via).then(|| via.to_string()),
                command,
                file: Some(credentials.path.clone()),
            });
        }
        Context {
            blocks: managed::blocks(cfg),
            markers: cfg.may_have_markers(),
            helper_targets,
            checked_urls: Default::default(),
            cpp_stop: Default::default(),
            continued_sso_keys: Default::default(),
            rewritten,
        }
    }

    /// The line (0-based) where the AWS SDK for C++ stops reading the file once it is migrated,
    /// if it does ([`cpp_stops_reading_past`] the lines taken to be rewritten).
    pub(super) fn cpp_stop(&self, cfg: &Config) -> Option<usize> {
        *(self.cpp_stop).get_or_init(|| cpp_stops_reading_past(cfg.document(), &self.rewritten))
    }

    /// The first line of profile `sec` that continues a value to botocore (it joins it to the
    /// value above) and that other SDKs read as a key line of the profile setting an SSO key
    /// the migration moves or adds, with that key and those SDKs: to them the profile's own,
    /// which the session the migration gives it would not replace. Lines under an empty value
    /// (`s3 =`) are nested keys to every SDK, and not counted. Asked for every legacy profile:
    /// a search of the file's list, which is in section order.
    pub(super) fn continued_sso_key(&self, cfg: &Config, sec: usize) -> Option<&ContinuedKey> {
        let found = self
            .continued_sso_keys
            .get_or_init(|| continued_sso_keys(cfg));
        let at = found.binary_search_by_key(&sec, |c| c.section).ok()?;
        Some(&found[at])
    }

    /// [`Context::cpp_stop`], if planning looked for it.
    pub(super) fn cpp_stop_looked_for(&self) -> Option<Option<usize>> {
        self.cpp_stop.get().copied()
    }

    /// [`names::checked_base_name`], judging each spelling once (and keeping its base name).
    pub(super) fn check_url(&self, raw: &'c str) -> Result<(), UrlProblem> {
        let mut checked = self.checked_urls.borrow_mut();
        let r = checked
            .entry(raw)
            .or_insert_with(|| names::checked_base_name(raw).map(CompactString::from));
        r.as_ref().map(|_| ()).map_err(UrlProblem::clone)
    }

    /// The base name of a new session for start URL `raw` ([`names::base_name`]), or `None`
    /// where the URL did not pass [`Context::check_url`] or was never checked (a group's URL
    /// always was, when its profiles were judged).
    pub(super) fn base_name(&self, raw: &str) -> Option<String> {
        let checked = self.checked_urls.borrow();
        checked.get(raw)?.as_ref().ok().map(|name| name.to_string())
    }
}

/// A profile with `sso_session`: remove inline keys its session already holds.
pub(super) fn consider_hybrid(
    cfg: &Config,
    sec: usize,
    ctx: &Context,
) -> Result<Option<Cleanup>, SkipReason> {
    let inline: Vec<_> = [SSO_START_URL, SSO_REGION]
        .into_iter()
        .filter_map(|k| cfg.own(sec, k))
        .collect();
    if inline.is_empty() {
        for key in [SSO_START_URL, SSO_REGION] {
            if cfg.default_value(key).is_some() {
                return Err(SkipReason::FromDefaults { key: key.into() });
            }
        }
        return Ok(None);
    }
    editable(cfg, sec, &ctx.blocks)?;
    // The helper reads the inline keys, and not the session (it has no notion of one).
    unread_by_helpers(cfg.profile_name(sec).unwrap_or_default(), ctx)?;
    // botocore gives `[DEFAULT]`'s sso_session to every profile; the AWS SDKs for JavaScript v3
    // and Ruby v3 do not, and read the inline keys as the profile's SSO settings: without them
    // they would have none.
    if cfg.own(sec, SSO_SESSION).is_none() {
        return Err(SkipReason::FromDefaults {
            key: SSO_SESSION.into(),
        });
    }
    let session = cfg.get(sec, SSO_SESSION).unwrap_or_default().to_string();
    let Some(session_sec) = cfg.session(&session) else {
        return Err(SkipReason::MissingSession { session });
    };
    for p in &inline {
        match cfg.get(session_sec, p.key) {
            None => {
                return Err(SkipReason::SessionLacks {
                    key: p.key.to_string(),
                    session,
                });
            }
            Some(v) if v != p.value => {
                return Err(SkipReason::Conflict {
                    key: p.key.to_string(),
                    profile: p.value.to_string(),
                    session: v.to_string(),
                });
            }
            Some(_) => {}
        }
    }
    // botocore gives the session `[DEFAULT]`'s key, the AWS SDKs for Rust, JavaScript v3 and
    // Ruby v3 do not: they read the profile's own line.
    if let Some(p) = inline
        .iter()
        .find(|p| cfg.own(session_sec, p.key).is_none())
    {
        return Err(SkipReason::SessionKeyFromDefaults {
            key: p.key.to_string(),
            session,
        });
    }
    // An SDK that does not read the session's line of an inline key gets it from the inline
    // key. One that does not read the `sso_session` line gets the portal from the inline keys:
    // the line is written as the AWS CLI writes it, where that SDK then reads the session.
    for p in inline.iter().filter_map(|p| cfg.own(session_sec, p.key)) {
        if let Some(key_line) = key_lines::read_otherwise(cfg, &p) {
            return Err(SkipReason::KeyReadOtherwise {
                key_line,
                session: Some(session),
            });
        }
    }
    let mut respelled = None;
    if let Some(own) = cfg.own(sec, SSO_SESSION)
        && let Some(key_line) = key_lines::read_otherwise(cfg, &own)
    {
        let header = cfg.section(session_sec);
        if !header.read_alike_by_other_sdks()
            || !reading_otherwise(header.header, "sso-session", &session).is_empty()
        {
            return Err(SkipReason::KeyReadOtherwise {
                key_line,
                session: None,
            });
        }
        respelled = Some(key_line.text);
    }
    if let Some(p) = inline.iter().find(|p| indented_comment_after(cfg, p)) {
        return Err(SkipReason::IndentedComment {
            key: p.key.to_string(),
        });
    }
    // C++ falls back on the inline keys where it never reads the session.
    if let Some(stop) = ctx.cpp_stop(cfg)
        && cfg.header_line(sec) < stop
        && stop < cfg.header_line(session_sec)
    {
        return Err(SkipReason::UnreadByCpp {
            session,
            line: stop + 1,
        });
    }
    let removed: Vec<String> = inline.iter().map(|p| p.key.to_string()).collect();
    let session_keys: Vec<(&str, &str)> =
        cfg.props(session_sec).map(|p| (p.key, p.value)).collect();
    merge_conflict(cfg, sec, &removed, &session_keys)?;
    Ok(Some(Cleanup {
        profile: cfg.profile_name(sec).unwrap_or_default().into(),
        line: cfg.header_line(sec) + 1,
        session: session.into(),
        removed,
        section: sec,
        respelled,
    }))
}

/// Whether an indented comment line follows `p` (through blank and comment lines). Python skips
/// it, but the other SDKs' parser treats every line that starts with whitespace as a
/// continuation of the value above it.
pub(super) fn indented_comment_after(cfg: &Config, p: &crate::aws::Prop) -> bool {
    let doc = cfg.document();
    (p.end..doc.len())
        .take_while(|&i| doc.is_blank(i) || doc.is_comment(i))
        .any(|i| doc.is_indented_comment(i))
}

/// Whether [`merge_conflict`] finds nothing for any candidate moving into a session with
/// `session_keys`: the file has no `[DEFAULT]`, and the session sets only session keys, which
/// every candidate either loses in the move or does not set (its own `sso_start_url` and
/// `sso_region` always move, and its `sso_registration_scopes` where it sets one). Asked once a
/// group, so that the members of nearly every group of nearly every file are not read one by
/// one.
pub(super) fn merge_cannot_conflict(cfg: &Config, session_keys: &[(&str, &str)]) -> bool {
    cfg.defaults().is_empty()
        && (session_keys.iter()).all(|(k, _)| super::assign::SESSION_KEYS.contains(k))
}

/// Simulates botocore's merge of a session into the profile after the rewrite: the profile
/// without its `removed` lines (so `[DEFAULT]` may fill them). `session_keys` are the session's
/// own keys; `[DEFAULT]`'s come after them, as in botocore.
pub(super) fn merge_conflict<'c>(
    cfg: &'c Config,
    sec: usize,
    removed: &[impl AsRef<str>],
    session_keys: &[(&str, &str)],
) -> Result<(), SkipReason> {
    // Borrowed: this runs for every profile that moves, and nearly always finds no conflict.
    let profile_value = |key: &str| -> Option<&'c str> {
        // A removed key is not looked up: for a moving profile every session key is one, so
        // its section is not read again (group by group, that was a cache miss per profile).
        if removed.iter().any(|r| r.as_ref() == key) {
            return cfg.default_value(key);
        }
        cfg.own(sec, key)
            .map(|p| p.value)
            .or_else(|| cfg.default_value(key))
    };
    let conflict = |(k, pv, v): (&str, &str, &str)| SkipReason::WouldConflict {
        key: k.to_string(),
        profile: pv.to_string(),
        session: v.to_string(),
    };
    for &(k, v) in session_keys {
        if let Some(pv) = profile_value(k)
            && pv != v
        {
            return Err(conflict((k, pv, v)));
        }
    }
    // Then `[DEFAULT]`'s keys the session does not set, which it has with `[DEFAULT]`'s value:
    // so has the profile, unless it keeps one of its own.
    let not_kept = |k: &str| {
        removed.iter().any(|r| r.as_ref() == k) || session_keys.iter().any(|(s, _)| *s == k)
    };
    match cfg.first_default_overridden(sec, not_kept) {
        Some(found) => Err(conflict(found)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_helpers_that_read_inline_keys_are_detected() {
        let util = "aws-sso-util credential-process";
        for (command, want) in [
            (
                "aws-sso-util credential-process --profile x",
                Some((util, Some("x"))),
            ),
            (
                "/usr/local/bin/aws-sso-util credential-process",
                Some((util, None)),
            ),
            (
                "aws-sso-credential-process --profile=y",
                Some(("aws-sso-credential-process", Some("y"))),
            ),
            ("aws configure export-credentials --profile x", None),
            ("aws-sso-util login", None),
            // The words botocore runs: a name quoted as `aws-sso-util configure` quotes it.
            (
                "aws-sso-util credential-process --profile 'my profile' --x",
                Some((util, Some("my profile"))),
            ),
            (
                "'aws-sso-util' credential-process --profile=\"a b\"",
                Some((util, Some("a b"))),
            ),
            // A command botocore cannot split is still taken at its blanks.
            (
                "aws-sso-util credential-process --profile x 'open",
                Some((util, Some("x"))),
            ),
        ] {
            let got = credential_helper(command);
            let got = got.as_ref().map(|(c, n)| (*c, n.as_deref()));
            assert_eq!(got, want, "{command}");
        }
    }

    /// The check made once a group answers "no conflict" only where the check made once a
    /// profile finds none for every candidate, and answers it for a plain file.
    #[test]
    fn a_group_skips_its_members_checks_only_where_none_could_conflict() {
        let profiles = "[profile a]\nsso_start_url = https://x/start\nsso_region = us-east-1\n\
                        sso_registration_scopes = s:a\nregion = eu-west-1\n\
                        [profile b]\nsso_start_url = https://x/start\nsso_region = us-east-1\n";
        let url = ("sso_start_url", "https://x/start");
        let region = ("sso_region", "us-east-1");
        let scopes = ("sso_registration_scopes", "sso:account:access");
        let files = [
            (String::new(), true),
            (
                "[DEFAULT]\nsso_registration_scopes = s:d\n".to_string(),
                false,
            ),
            ("[DEFAULT]\nregion = eu-west-1\n".to_string(), false),
        ];
        let key_sets: [&[(&str, &str)]; 3] = [
            &[url, region],
            &[url, region, scopes],
            &[url, region, ("region", "ap-south-1")],
        ];
        for (defaults, plain) in &files {
            let doc = crate::doc::Document::parse(format!("{defaults}{profiles}"));
            let cfg = Config::read(&doc);
            for keys in key_sets {
                let quick = merge_cannot_conflict(&cfg, keys);
                let extra_key = keys.iter().any(|(k, _)| *k == "region");
                assert_eq!(quick, *plain && !extra_key, "{defaults:?} {keys:?}");
                for sec in cfg.profile_section_numbers() {
                    let (name, url) = (cfg.profile_name(sec).unwrap(), cfg.own(sec, SSO_START_URL));
                    let c = consider_legacy(
                        &cfg,
                        sec,
                        name,
                        url,
                        &Context::new(&cfg, &Default::default(), Vec::new()),
                    )
                    .unwrap();
                    if quick {
                        let removed = super::super::assign::moved_keys(&c);
                        assert_eq!(merge_conflict(&cfg, sec, removed, keys), Ok(()));
                    }
                }
            }
        }
        // Where it says no, a profile may well conflict: `[DEFAULT]`'s scopes against the
        // session's, for the profile that sets none of its own.
        let doc = crate::doc::Document::parse(format!("{}{profiles}", files[1].0));
        let cfg = Config::read(&doc);
        let b = cfg.profile_section_numbers().last().unwrap();
        let removed = [SSO_START_URL, SSO_REGION];
        assert!(merge_conflict(&cfg, b, &removed, &[url, region, scopes]).is_err());
    }
}
