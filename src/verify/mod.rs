//! The last line of defence: read the original and the rewritten text back and check that every
//! profile still resolves to the same SSO target. Pure.
//!
//! Two readers judge each rewrite:
//! - [`Independent`] uses the `configparser` crate, which shares no code with our parser;
//! - [`same_meaning_in`] uses our botocore model ([`crate::aws`]), which knows `[DEFAULT]`, shlex
//!   names and botocore's consistency check between a profile and its session.
//!
//! Both read what the rewrite touched, so verification costs what the change costs: a
//! [`Scope`] names the profiles in changed sections (and those that use a changed session, or all
//! of them when a `[DEFAULT]` section changed), and [`untouched`] checks that every other line is
//! byte-identical, which it is by construction ([`crate::doc::edit`] copies it). The
//! `configparser` crate reads the changed sections of the old and the new text, with `[DEFAULT]`
//! and the sessions they use, in chunks of 8 to 16 KiB (at most [`CHUNK_BYTES`]), so its maps
//! never hold the whole file, and any number of threads can take chunks; a chunk's memory comes
//! from its thread's [`crate::arena::ChunkArena`] and is given back at once. On a large file the
//! crate reads the original's legacy profiles ahead, on the other core while the plan is made
//! ([`ReadAhead`]), and the read-back compares their rewrite's side with digests of that reading,
//! falling back to the paired check wherever they do not all match. The crate is given each line
//! as it is, but for one it would read as a header where botocore continues a value (see
//! `push_for_the_crate`). [`independent`] compares two whole files; the property tests and the
//! fuzz target use it.
//!
//! A mismatch is always a bug in this tool: the caller stops and writes nothing.
//!
//! By file: `scope` (what both readers compare), `ours` (our model's side), `ini` (the crate's
//! reading of a text and the comparison of two), `readback` (its chunks and their threads),
//! `ahead` (its reading of the original ahead, and the digests); [`untouched`] is here.

mod ahead;
mod ini;
mod ours;
mod readback;
mod scope;

pub use ahead::{Digests, MIN_AHEAD_BYTES, ReadAhead};
pub use ours::{same_meaning, same_meaning_in};
pub use readback::{CHUNK_BYTES, Independent};
pub use scope::{Scope, ScopedProfile};

use crate::aws::{SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_SESSION, SSO_START_URL};
use crate::doc::Document;
use crate::doc::edit::LineOps;
use ini::{compare_texts, push_for_the_crate};

/// Checks with the `configparser` crate that every profile resolves to the same start URL, SSO
/// region, account and role in `before` and `after`, that no profile appears or disappears, that
/// every other key of every profile is unchanged, and that existing sessions are unchanged.
/// Reads both files whole: for tests; [`Independent`] reads what a rewrite changed.
pub fn independent(before: &[u8], after: &[u8]) -> Result<(), Vec<String>> {
    let text = |bytes: &[u8], side: &str| -> Result<String, Vec<String>> {
        std::str::from_utf8(bytes).map_err(|e| vec![format!("{side}: {e}")])?;
        let doc = Document::parse(bytes);
        let mut out = String::with_capacity(bytes.len());
        push_for_the_crate(&doc, 0..doc.len(), &mut out);
        Ok(out)
    };
    let errors = compare_texts(text(before, "original")?, text(after, "rewritten")?);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks that the lines the edit did not name are byte-identical in `old` and `new`, and that
/// `ops` cover both documents: what lets the readers skip them.
pub fn untouched(old: &Document, new: &Document, ops: &LineOps) -> Result<(), Vec<String>> {
    // The operations follow each other from the first line of both files (`LineOps` keeps
    // nothing else), so they cover both where they end at their last lines.
    if ops.line_counts() != [old.len(), new.len()] {
        return Err(vec!["the edit does not cover the whole file".into()]);
    }
    for op in ops.iter().filter(|op| op.is_equal()) {
        let (or, nr) = (op.old_range(), op.new_range());
        if old.lines_bytes(or.clone()) != new.lines_bytes(nr) {
            return Err(vec![format!(
                "lines {}..{} changed unasked",
                or.start + 1,
                or.end
            )]);
        }
    }
    Ok(())
}

/// Keys a migration may move from a profile into its session. A profile's own
/// `sso_registration_scopes` moves with its portal; [`same_meaning`] checks that it arrives.
fn is_sso_location_key(key: &str) -> bool {
    matches!(
        key,
        SSO_START_URL | SSO_REGION | SSO_SESSION | SSO_REGISTRATION_SCOPES
    )
}

#[cfg(test)]
mod tests {
    use super::ini::{
        Keys, Named, Reading, Resolved, SCANNED_KEYS, ini_sections, ini_sections_beside, same_keys,
        value, view,
    };
    use super::readback::{
        LONG_SECTION_BYTES, Lines, chunk_text, defaults_of, defaults_reading, in_parts, parts,
        runs, section_bytes, sections_text, sessions_of,
    };
    use super::*;
    use crate::aws::Config;
    use crate::doc::Document;
    use crate::doc::LineKind;
    use crate::doc::edit::{self, Edits};
    use std::sync::atomic::AtomicBool;

    #[test]
    fn a_value_is_found_the_same_searched_or_hashed() {
        for n in [0, 1, 3, SCANNED_KEYS, SCANNED_KEYS + 1, 20] {
            let keys: Keys = (0..n)
                .map(|i| (format!("k{i}"), (i % 3 != 0).then(|| format!("v{i}"))))
                .collect();
            for i in 0..n + 2 {
                let key = format!("k{i}");
                let hashed = keys.get(&key).map(ini::read_as);
                assert_eq!(value(&keys, &key), hashed, "{n} keys, {key}");
            }
        }
    }

    const LEGACY: &str = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\nregion = eu-west-1\n";
    const MIGRATED: &str = "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start/\nsso_region = us-east-1\n\n[profile a]\nsso_session = acme\nsso_account_id = 1\nsso_role_name = r\nregion = eu-west-1\n";

    /// Both scoped readers on `before` edited by `edits`; `new_bytes` replaces the result
    /// when given (a rewrite that changed more than its edits say).
    fn scoped(
        before: &str,
        edits: Edits,
        new_bytes: Option<&str>,
    ) -> (Vec<String>, Result<(), Vec<String>>) {
        let old = Document::parse(before);
        let applied = edit::apply(&old, edits).unwrap();
        // The rewrite read as the migration reads it, from the original, or other bytes.
        let new = match new_bytes {
            Some(bytes) => Document::parse(bytes),
            None => Document::parse_edited(&old, applied.written, &applied.ops).0,
        };
        let (b, a) = (Config::read(&old), Config::read(&new));
        if let Err(e) = untouched(&old, &new, &applied.ops) {
            return (Vec::new(), Err(e));
        }
        let scope = Scope::of(&b, &a, &applied.ops);
        let names = scope
            .profiles(..)
            .iter()
            .map(|&p| scope.name(p).to_string())
            .collect();
        let theirs = Independent::new(&scope, None, &applied.ops);
        theirs.work();
        let ours = same_meaning_in(&scope);
        let theirs = theirs.finish();
        assert_eq!(ours.is_err(), theirs.is_err(), "the two readers disagree");
        // Every profile of the original read ahead: the digests accept what the paired check
        // accepts, and where it fails, its report is the one given.
        let every_profile = b.profile_section_numbers().filter(|&i| b.is_in_use(i));
        let digests = ReadAhead::of(&b, every_profile).run(&AtomicBool::new(false));
        let ahead = Independent::new(&scope, Some(digests), &applied.ops);
        ahead.work();
        let read_ahead = ahead.chunks_read_ahead();
        let accepted = ahead.accepted_by_digest();
        // The same errors; their order follows the chunks, which differ.
        let sorted = |r: Result<(), Vec<String>>| r.map_err(|mut e| (e.sort(), e).1);
        assert_eq!(
            sorted(ahead.finish()),
            sorted(theirs.clone()),
            "read ahead, the crate says otherwise"
        );
        if theirs.is_ok() {
            assert_eq!(accepted, read_ahead, "a faithful chunk the digests refused");
        }
        (names, ours)
    }

    const TWO: &str = "[profile a]\nsso_session = s\nsso_account_id = 1\n\
                       [sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                       [profile b]\nregion = eu-west-1\n";

    #[test]
    fn the_scope_is_the_changed_sections_and_their_sessions() {
        let replace = Edits::replacing;
        // A changed key in b: only b is compared, and the change is caught.
        let (names, r) = scoped(TWO, replace(7, "region = eu-west-2"), None);
        assert_eq!(names, ["b"]);
        assert!(r.is_err());
        // A changed session: a, which uses it, is compared though its section is untouched.
        let (names, r) = scoped(
            TWO,
            replace(4, "sso_start_url = https://y.awsapps.com/start"),
            None,
        );
        assert_eq!(names, ["a"]);
        assert!(r.is_err());
        // A harmless change is scoped and passes.
        let (names, r) = scoped(TWO, replace(7, "region  =  eu-west-1"), None);
        assert_eq!(names, ["b"]);
        r.unwrap();
        // A [DEFAULT] section changes every profile.
        let with_defaults = format!("[DEFAULT]\nregion = x\n{TWO}");
        let (names, r) = scoped(&with_defaults, replace(1, "region  = x"), None);
        assert_eq!(names, ["a", "b"]);
        r.unwrap();
        let (_, r) = scoped(&with_defaults, replace(1, "region = y"), None);
        assert!(r.is_err());
    }

    #[test]
    fn comments_after_a_sections_last_key_are_not_its_meaning() {
        let src = "[profile b]\nregion = eu-west-1\n\n# about c\n[profile c]\nregion = x\n";
        let insert = |lines: &[&str]| Edits::inserting(3, lines, crate::doc::Ending::Lf);
        // A session inserted above c's comment takes the comment from b: b is unchanged.
        let (names, r) = scoped(
            src,
            insert(&["[sso-session s]", "sso_region = x", ""]),
            None,
        );
        assert!(names.is_empty(), "{names:?}");
        r.unwrap();
        // A key added there is b's: b is compared, and the change is caught.
        let (names, r) = scoped(src, insert(&["output = json"]), None);
        assert_eq!(names, ["b"]);
        assert!(r.is_err());
    }

    /// What [`push_for_the_crate`] gives the crate of all of `src`.
    fn for_the_crate(src: &str) -> String {
        let doc = Document::parse(src);
        let mut text = String::new();
        push_for_the_crate(&doc, 0..doc.len(), &mut text);
        text
    }

    /// Found by the fuzzer: the crate read `  [DEFAULT]` inside a value as a header, and in its
    /// reading of the rewrite that `[DEFAULT]`'s `region` reached the new session, which then
    /// disagreed with the profile; botocore reads the line as part of `description`.
    const HEADER_IN_VALUE: &str = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\n\
                                   sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\n\
                                   region = eu-west-1\ndescription = two lines\n  [DEFAULT]\n\
                                   \x20 region = us-west-2\n";

    #[test]
    fn a_continuation_shaped_like_a_header_is_part_of_the_value_for_the_crate() {
        let text = for_the_crate(HEADER_IN_VALUE);
        let profiles = ini_sections(text).unwrap().profiles;
        assert_eq!(profiles.len(), 1, "no section but the profile");
        let a = &profiles["a"];
        assert_eq!(value(a, "region"), Some("eu-west-1"));
        assert_eq!(
            value(a, "description"),
            Some("two lines\n\u{1}[DEFAULT]\nregion = us-west-2")
        );
        // A header botocore reads as one (nothing to continue) is left as it is.
        let text = for_the_crate("[profile a]\n  [profile b]\nregion = x\n");
        assert_eq!(text, "[profile a]\n  [profile b]\nregion = x\n");
    }

    #[test]
    fn a_profile_with_a_header_shaped_continuation_migrates_and_reads_the_same() {
        let opts = crate::plan::PlanOptions::default();
        let m = crate::migrate::migrate(HEADER_IN_VALUE.as_bytes(), &opts).expect("migrates");
        independent(HEADER_IN_VALUE.as_bytes(), &m.rewritten().bytes()).unwrap();
    }

    /// Found by the fuzzer: the crate trims a header's name, so it read `[DEFAULT\t]` as
    /// `[DEFAULT]`, and in its reading of the rewrite that section's `region` reached the new
    /// session, which then disagreed with the profile; Python's `configparser` (botocore) keeps
    /// the tab, and the section is one that nothing reads.
    const SPACED_DEFAULT: &str = "[DEFAULT\t]\nregion = us-east-1\n\n[profile a]\n\
                                  sso_start_url = https://acme.awsapps.com/start\n\
                                  sso_region = eu-west-1\nsso_account_id = 1\n\
                                  sso_role_name = r\nregion = eu-west-1\n";

    #[test]
    fn a_default_header_with_blanks_gives_the_crate_no_defaults() {
        let defaults_of = |src: &str| {
            let text = for_the_crate(src);
            ini_sections(text).unwrap().defaults
        };
        for header in ["[DEFAULT\t]", "[ DEFAULT ]", "[DEFAULT ] # a comment"] {
            let src = format!("{header}\nregion = us-east-1\n[profile a]\nregion = eu-west-1\n");
            assert!(defaults_of(&src).is_empty(), "{header:?}");
            // Alone, or ended by CRLF: the text is not taken whole.
            assert!(defaults_of(&format!("{header}\nregion = x\n")).is_empty());
            assert!(defaults_of(&src.replace('\n', "\r\n")).is_empty());
        }
        // `[DEFAULT]` itself, and a header with trailing text after its `]`, are the defaults to
        // both readers: left as they are.
        for src in ["[DEFAULT]\nregion = x\n", "[DEFAULT]x\nregion = x\n"] {
            let text = for_the_crate(src);
            assert_eq!(text, src);
            assert_eq!(value(&defaults_of(src), "region"), Some("x"));
        }
    }

    /// Found by the fuzzer next: the crate trims a no-break space too, so it read
    /// `[\u{a0} profile dev]` as a second `[profile dev]` and merged its `sso_start_url` into the
    /// migrated profile; botocore reads no profile there, and the AWS SDK for Rust, which splits
    /// at the space first, reads no kind in `\u{a0}`. (The fuzzer's file had `[\u{a0}profile
    /// dev]`, which the AWS SDK for Rust does read as `dev`: such a file is refused, see
    /// `aws::tests::a_header_only_other_sdks_merge_is_ambiguous`.)
    const NBSP_PROFILE: &str = "[\u{a0} profile dev]\nsso_start_url = https://other.awsapps.com/start\n\n\
                                [profile dev]\nsso_start_url = https://corp.awsapps.com/start\n\
                                sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\n";

    #[test]
    fn a_header_named_with_leading_whitespace_is_no_section_for_the_crate() {
        for header in [
            "[\u{a0}profile dev]",
            "[ profile dev]",
            "[\tsso-session dev]",
            "[sso-session dev\u{a0}]",
            "[profile dev \u{2003} ]",
            "[sso-session dev\u{c}]",
        ] {
            let src = format!("{header}\nregion = x\n[profile b]\nregion = y\n");
            let text = for_the_crate(&src);
            let reading = ini_sections(text).unwrap();
            assert!(!reading.profiles.contains_key("dev"), "{header:?}");
            assert!(!reading.sessions.contains_key("dev"), "{header:?}");
            assert!(reading.profiles.contains_key("b"), "{header:?}");
        }
        // A header botocore reads as the crate does is left as it is.
        let src = "[profile dev ]\nregion = x\n[profile b]\n";
        let text = for_the_crate(src);
        assert_eq!(text, src);
    }

    #[test]
    fn a_profile_beside_a_header_the_crate_alone_reads_migrates_and_reads_the_same() {
        let opts = crate::plan::PlanOptions::default();
        let m = crate::migrate::migrate(SPACED_DEFAULT.as_bytes(), &opts).expect("migrates");
        assert!(m.plan.changes_anything());
        independent(SPACED_DEFAULT.as_bytes(), &m.rewritten().bytes()).unwrap();
        // The AWS SDK for Go v2 trims every Unicode space around what is between the brackets,
        // as the crate does: it merges `[\u{a0} profile dev]` into `[profile dev]`, so the file
        // is refused before the crate is asked.
        assert!(matches!(
            crate::migrate::migrate(NBSP_PROFILE.as_bytes(), &opts),
            Err(crate::migrate::MigrateError::Unreadable { .. })
        ));
    }

    #[test]
    fn a_failed_chunk_is_reported_whole_by_the_independent_reader() {
        // The chunk is checked in the arena, where only its verdict may be kept; its report is
        // made again outside it.
        let old = Document::parse(TWO);
        let edits = Edits::replacing(7, "region = eu-west-2");
        let applied = edit::apply(&old, edits).unwrap();
        let (new, _) = Document::parse_edited(&old, applied.written, &applied.ops);
        let (b, a) = (Config::read(&old), Config::read(&new));
        let scope = Scope::of(&b, &a, &applied.ops);
        let theirs = Independent::new(&scope, None, &applied.ops);
        theirs.work();
        assert_eq!(
            theirs.finish().unwrap_err(),
            ["profile `b` changed keys other than sso_*"]
        );
    }

    #[test]
    fn a_change_outside_the_edit_is_caught() {
        let edits = Edits::replacing(7, "region = eu-west-1");
        let sneaky = TWO.replace("sso_account_id = 1", "sso_account_id = 2");
        let (_, r) = scoped(TWO, edits, Some(&sneaky));
        assert!(r.unwrap_err()[0].contains("changed unasked"));
    }

    #[test]
    fn an_added_profile_is_seen_by_both_readers() {
        let edits = Edits::inserting(6, &["[profile c]", "region = x"], crate::doc::Ending::Lf);
        let (names, r) = scoped(TWO, edits, None);
        assert_eq!(names, ["c"]);
        assert!(r.unwrap_err().iter().any(|e| e.contains("appeared")));
    }

    #[test]
    fn a_profile_named_twice_is_compared_once_at_the_section_botocore_uses() {
        let (replace, delete) = (Edits::replacing, Edits::deleting);
        // botocore reads the second header that names b, and ignores the first.
        let src = "[profile b]\nregion = x\n[profile a]\nregion = y\n[profile 'b']\nregion = z\n";
        // An edit of the shadowed section changes nothing botocore sees.
        let (names, r) = scoped(src, replace(1, "region = w"), None);
        assert_eq!(names, ["b"]);
        r.unwrap();
        // An edit of the section botocore uses is caught, and b is listed once.
        let mut edits = replace(1, "region = w");
        edits.replace(5, &["region = w"]);
        let (names, r) = scoped(src, edits, None);
        assert_eq!(names, ["b"]);
        assert!(r.is_err());
        // Without the section botocore used, the shadowed one is read instead: caught.
        let (names, r) = scoped(src, delete(4..6), None);
        assert_eq!(names, ["b"]);
        assert!(r.is_err());
        // A profile only the rewrite has is listed by its section there, and caught.
        let (names, r) = scoped(src, replace(2, "[profile c]"), None);
        assert_eq!(names, ["a", "c"]);
        assert!(r.is_err());
    }

    #[test]
    fn a_faithful_migration_passes_both_readers() {
        independent(LEGACY.as_bytes(), MIGRATED.as_bytes()).unwrap();
        let (b, a) = (Document::parse(LEGACY), Document::parse(MIGRATED));
        same_meaning(&Config::read(&b), &Config::read(&a)).unwrap();
    }

    #[test]
    fn a_changed_account_fails_both_readers() {
        let wrong = MIGRATED.replace("sso_account_id = 1", "sso_account_id = 2");
        assert!(independent(LEGACY.as_bytes(), wrong.as_bytes()).is_err());
        let (b, a) = (Document::parse(LEGACY), Document::parse(wrong.as_str()));
        assert!(same_meaning(&Config::read(&b), &Config::read(&a)).is_err());
    }

    #[test]
    fn a_changed_region_key_or_lost_profile_fails() {
        for wrong in [
            MIGRATED.replace("region = eu-west-1", "region = eu-west-2"),
            MIGRATED.replace("sso_region = us-east-1", "sso_region = us-east-2"),
            MIGRATED.replace("[profile a]", "[profile b]"),
            MIGRATED.replace("sso_session = acme", "sso_session = other"),
        ] {
            assert!(
                independent(LEGACY.as_bytes(), wrong.as_bytes()).is_err(),
                "{wrong}"
            );
            let (b, a) = (Document::parse(LEGACY), Document::parse(wrong.as_str()));
            assert!(
                same_meaning(&Config::read(&b), &Config::read(&a)).is_err(),
                "{wrong}"
            );
        }
    }

    #[test]
    fn a_tab_separates_the_name_in_headers() {
        let before = "[sso-session\tacme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n[profile\ta]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n";
        let after = "[sso-session\tacme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n[profile\ta]\nsso_session = acme\n";
        independent(before.as_bytes(), after.as_bytes()).unwrap();
        let wrong = after.replace("sso_session = acme", "sso_session = other");
        assert!(independent(before.as_bytes(), wrong.as_bytes()).is_err());
    }

    #[test]
    fn defaults_reach_the_session_in_both_readers() {
        // [DEFAULT] region lands in the session and conflicts with the profile's own region.
        let before = format!("[DEFAULT]\nregion = us-east-1\n{LEGACY}");
        let after = format!("[DEFAULT]\nregion = us-east-1\n{MIGRATED}");
        assert!(independent(before.as_bytes(), after.as_bytes()).is_err());
        let (b, a) = (
            Document::parse(before.as_str()),
            Document::parse(after.as_str()),
        );
        assert!(same_meaning(&Config::read(&b), &Config::read(&a)).is_err());
    }

    /// Profiles over a `[DEFAULT]` of twelve keys (one of them `sso_session`), as the crate
    /// reads them: set again to the same value or another, in a session's own keys or not.
    const MANY_DEFAULTS: &str = "[DEFAULT]\nsso_session = t\nk0 = d0\nk1 = d1\nk2 = d2\n\
        k3 = d3\nk4 = d4\nk5 = d5\nk6 = d6\nk7 = d7\nk8 = d8\nk9 = d9\nregion = us-east-1\n\
        [sso-session s]\nsso_start_url = https://s/start\nsso_region = eu-west-1\nk3 = other\n\
        [sso-session t]\nsso_start_url = https://t/start\nsso_region = us-east-1\n\
        [profile session-key]\nsso_session = s\nk3 = d3\n\
        [profile default-key]\nk5 = x\nsso_account_id = 1\n\
        [profile same-value]\nk5 = d5\nregion = us-east-1\n\
        [profile nothing]\n\
        [profile legacy]\nsso_session = \nsso_start_url = https://s/start/\nsso_region = eu-west-1\n\
        [profile other-region]\nsso_session = s\nregion = eu-west-1\nk3 = other\n";

    /// `keys` with `defaults` copied in, as the crate's reading was used before they were kept
    /// apart.
    fn copied_in(keys: &Keys, defaults: &Keys) -> Keys {
        let mut all = keys.clone();
        for (k, v) in defaults {
            all.entry(k.clone()).or_insert_with(|| v.clone());
        }
        all
    }

    /// [`view`] on sections with `[DEFAULT]` copied in: the merge as it was written before.
    fn view_of_copies<'m>(profile: &'m Keys, sessions: &'m Named) -> Resolved<'m> {
        let session = match value(profile, SSO_SESSION) {
            None => None,
            Some(name) => match sessions.get(name) {
                None => return Resolved::Error(format!("sso-session `{name}` does not exist")),
                Some(session) => Some(session),
            },
        };
        if let Some(session) = session {
            let inconsistent = (session.iter())
                .filter(|(k, v)| value(profile, k).is_some_and(|p| p != ini::read_as(v)))
                .map(|(k, _)| k)
                .min();
            if let Some(k) = inconsistent {
                return Resolved::Error(format!("`{k}` is inconsistent"));
            }
        }
        let get = |key: &str| value(profile, key).or_else(|| session.and_then(|s| value(s, key)));
        Resolved::Sso {
            portal: get(SSO_START_URL).map(crate::aws::url::portal_key_cow),
            region: get(SSO_REGION),
            account: get(crate::aws::SSO_ACCOUNT_ID),
            role: get(crate::aws::SSO_ROLE_NAME),
        }
    }

    #[test]
    fn defaults_kept_apart_read_as_defaults_copied_into_every_section() {
        let reading = ini_sections(MANY_DEFAULTS.to_string()).unwrap();
        let d = &reading.defaults;
        let copies: Named = (reading.sessions.iter())
            .map(|(name, keys)| (name.clone(), copied_in(keys, d)))
            .collect();
        let mut errors = Vec::new();
        for (name, keys) in &reading.profiles {
            let profile = copied_in(keys, d);
            let copied = view_of_copies(&profile, &copies);
            if matches!(copied, Resolved::Error(_)) {
                errors.push(name.as_str());
            }
            assert_eq!(view(keys, &reading), copied, "profile `{name}`");
        }
        errors.sort_unstable();
        // The session's own key, a `[DEFAULT]` key the session does not set (twice), and an
        // empty session name.
        assert_eq!(
            errors,
            ["default-key", "legacy", "other-region", "session-key"]
        );
        // Every pair of sections, with `[DEFAULT]` the same on both sides or not: the same keys
        // exactly where the copies have them.
        let sections: Vec<&Keys> = reading
            .profiles
            .values()
            .chain(reading.sessions.values())
            .collect();
        let counted = |k: &str| !is_sso_location_key(k);
        for a in &sections {
            for b in &sections {
                let (ca, cb) = (copied_in(a, d), copied_in(b, d));
                let copies_agree = (ca.keys().filter(|k| counted(k)))
                    .chain(cb.keys().filter(|k| counted(k)))
                    .all(|k| value(&ca, k) == value(&cb, k));
                for same_defaults in [true, false] {
                    let (a, b) = (reading.merged(a), reading.merged(b));
                    assert_eq!(same_keys(a, b, same_defaults, counted), copies_agree);
                }
            }
        }
    }

    #[test]
    fn two_spellings_of_a_key_in_merged_headers_read_the_same_every_time() {
        // `[profile prod ]` and `[profile prod]`: the configparser crate reads one section with
        // `SSO_Start_URL` and `sso_start_url`; which one wins used to follow hash order.
        let src = b"[profile prod ]\nSSO_Start_URL = https://a.awsapps.com/start\n\
                    [profile prod]\nsso_start_url = START_URL\nsso_region = us-east-1\n";
        for _ in 0..50 {
            assert_eq!(independent(src, src), Ok(()));
        }
    }

    #[test]
    fn headers_become_names_and_the_same_header_wins_every_time() {
        let read = |src: &str| ini_sections(src.to_string()).unwrap();
        let region = |named: &Named, name: &str| value(&named[name], "region").map(str::to_string);
        let Reading {
            profiles, sessions, ..
        } = read(
            "[profile a]\nregion = 1\n[profile\t'b c']\nregion = 2\n[sso-session  \"s\" ]\nregion = 3\n\
             [services x]\nregion = 4\n",
        );
        let mut names: Vec<&str> = profiles.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["a", "b c"]);
        assert_eq!(region(&profiles, "b c").as_deref(), Some("2"));
        assert_eq!(sessions.keys().collect::<Vec<_>>(), ["s"]);
        // Two headers for one name: the later in header order wins, whatever the hash order
        // (each map has its own seed). `[default]` is `[profile default]` for this reader.
        for _ in 0..50 {
            let p = read("[profile a]\nregion = x\n[profile 'a']\nregion = y\n").profiles;
            assert_eq!(region(&p, "a").as_deref(), Some("x"));
            let p = read("[profile default]\nregion = x\n[default]\nregion = y\n").profiles;
            assert_eq!(region(&p, "default").as_deref(), Some("x"));
        }
    }

    #[test]
    fn runs_cover_every_item_and_close_at_the_target() {
        assert_eq!(runs([3, 3, 3, 1], 5), [0..2, 2..4]);
        assert_eq!(runs([10, 1], 5), [0..1, 1..2]);
        let one = runs([1, 1], 5);
        assert_eq!((one.len(), one[0].clone()), (1, 0..2));
        assert!(runs([], 5).is_empty());
    }

    /// Enough profiles of [`legacy_profiles`] to be read ahead, in several chunks; and few
    /// enough not to be. Fewer where the chunks are smaller ([`readback::SMALL_CHUNKS`]).
    const LARGE: usize = if readback::SMALL_CHUNKS { 30 } else { 2000 };
    const SMALL: usize = if readback::SMALL_CHUNKS { 10 } else { 100 };

    /// `n` legacy profiles over three portals: over [`MIN_AHEAD_BYTES`] from 382 on (from 25
    /// with small chunks).
    fn legacy_profiles(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "[profile p{i}]\nsso_start_url = https://team{}.awsapps.com/start\n\
                     sso_region = us-east-1\nsso_account_id = {:012}\nsso_role_name = Role{}\n\
                     region = eu-west-1\noutput = json\n\n",
                    i % 3,
                    100_000 + i,
                    i % 7
                )
            })
            .collect()
    }

    /// The read-back of `old` migrated and then changed by `tamper`, with the reading ahead
    /// stopped before it starts where `stop` is set: (chunks read ahead, chunks the digests
    /// accepted, the verdict).
    fn read_back(
        old: &str,
        tamper: impl Fn(&str) -> String,
        stop: bool,
    ) -> (usize, usize, Result<(), Vec<String>>) {
        let opts = crate::plan::PlanOptions::default();
        let m = crate::migrate::migrate(old.as_bytes(), &opts).expect("migrates");
        let bytes = m.rewritten().bytes();
        let rewritten = std::str::from_utf8(&bytes).expect("UTF-8");
        let (old, new) = (Document::parse(old), Document::parse(tamper(rewritten)));
        let (b, a) = (Config::read(&old), Config::read(&new));
        untouched(&old, &new, &m.ops).expect("only edited lines are tampered with");
        let scope = Scope::of(&b, &a, &m.ops);
        let ahead = ReadAhead::new(&b).expect("enough to read ahead");
        let digests = ahead.run(&AtomicBool::new(stop));
        let theirs = Independent::new(&scope, Some(digests), &m.ops);
        theirs.work();
        let read_ahead = theirs.chunks_read_ahead();
        let accepted = theirs.accepted_by_digest();
        (read_ahead, accepted, theirs.finish())
    }

    #[test]
    fn a_smaller_file_is_read_back_in_smaller_chunks() {
        let chunk = |file| readback::chunk_bytes_for(file, 0);
        if readback::SMALL_CHUNKS {
            assert_eq!(chunk(1 << 20), CHUNK_BYTES);
            return;
        }
        // 16 KiB from 16 MiB on, a 1024th of the file below, 4 KiB at least.
        let sizes = [
            0,
            1_735_253,
            4 << 20,
            6 << 20,
            (16 << 20) - 1024,
            16 << 20,
            18 << 20,
        ];
        let kib = sizes.map(|s| chunk(s) / 1024);
        assert_eq!(kib, [4, 4, 4, 6, 15, 16, 16]);
        // Never less text than the `[DEFAULT]` sections, up to 16 KiB.
        let with_defaults = [(0, 6000), (4 << 20, 10_000), (6 << 20, 1000), (0, 1 << 20)];
        let kib = with_defaults.map(|(f, d)| readback::chunk_bytes_for(f, d) / 1024);
        assert_eq!(kib, [5, 9, 6, 16]);
        // The read-back's chunks hold about that much of the two texts each.
        let old = legacy_profiles(LARGE);
        let m = crate::migrate::migrate(old.as_bytes(), &Default::default()).unwrap();
        let new = m.rewritten();
        let (b, a) = (Config::read(&m.old), Config::read(new));
        let scope = Scope::of(&b, &a, &m.ops);
        let theirs = Independent::new(&scope, None, &m.ops);
        let text = old.len() + new.byte_len();
        let expected = text / chunk(old.len());
        let count = theirs.chunk_count();
        assert!(
            expected * 9 / 10 <= count && count <= expected * 11 / 10 + 1,
            "{count} chunks of {text} bytes"
        );
        assert_eq!(chunk(old.len()), CHUNK_BYTES / 4);
    }

    #[test]
    fn a_large_migration_is_read_ahead_and_accepted_by_digest() {
        let old = legacy_profiles(LARGE);
        assert!(old.len() > MIN_AHEAD_BYTES);
        let (read_ahead, accepted, verdict) = read_back(&old, str::to_string, false);
        verdict.unwrap();
        assert!(read_ahead > 1, "{read_ahead} chunks");
        assert_eq!(accepted, read_ahead);
        // Too small a file is read in pairs.
        let small = Document::parse(legacy_profiles(SMALL));
        assert!(ReadAhead::new(&Config::read(&small)).is_none());
    }

    #[test]
    fn a_profile_sent_to_another_portal_is_caught_after_reading_ahead() {
        let old = legacy_profiles(LARGE);
        let m = crate::migrate::migrate(old.as_bytes(), &Default::default()).unwrap();
        let sessions: Vec<String> = m.plan.sessions.iter().map(|s| s.name.to_string()).collect();
        assert_eq!(sessions.len(), 3, "{sessions:?}");
        // A profile three quarters down the file, a multiple of three and so of team0: its line
        // now names team1's session.
        let tampered = LARGE * 3 / 4 / 3 * 3;
        let header = format!("[profile p{tampered}]");
        let tamper = |new: &str| {
            let at = new.find(&header).unwrap();
            let line = format!("sso_session = {}", sessions[0]);
            let wrong = format!("sso_session = {}", sessions[1]);
            let end = at + new[at..].find(&line).unwrap();
            format!("{}{}{}", &new[..end], wrong, &new[end + line.len()..])
        };
        let (read_ahead, accepted, verdict) = read_back(&old, tamper, false);
        let errors = verdict.unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(&format!("profile `p{tampered}` resolved to")),
            "{errors:?}"
        );
        assert_eq!(
            accepted,
            read_ahead - 1,
            "only its chunk is compared in pairs"
        );
        // Stopped before it read anything: every chunk is compared in pairs, with the same
        // report.
        let (read_ahead, accepted, stopped) = read_back(&old, tamper, true);
        assert_eq!((read_ahead, accepted), (0, 0));
        assert_eq!(stopped.unwrap_err(), errors);
    }

    /// `before`, then a legacy profile `a` of `keys` more keys, each followed by `after_each`
    /// (lines that continue its value, comments, blank lines).
    fn long_legacy(before: &str, keys: usize, after_each: &str) -> String {
        let mut s = format!(
            "{before}[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n"
        );
        for k in 0..keys {
            s.push_str(&format!("setting_{k:05} = value {k}\n{after_each}"));
        }
        s
    }

    /// The read-back of `old`'s migration with the rewrite replaced by `tamper`'s: the verdict,
    /// and how many chunks the crate read.
    fn read_back_in_parts(
        old: &Document,
        m: &crate::migrate::Migration,
        tamper: impl Fn(&str) -> String,
    ) -> (Result<(), Vec<String>>, usize) {
        let bytes = m.rewritten().bytes();
        let rewritten = std::str::from_utf8(&bytes).unwrap();
        let new = Document::parse(tamper(rewritten));
        let (b, a) = (Config::read(old), Config::read(&new));
        let scope = Scope::of(&b, &a, &m.ops);
        let theirs = Independent::new(&scope, None, &m.ops);
        theirs.work();
        let chunks = theirs.chunk_count();
        (theirs.finish(), chunks)
    }

    #[test]
    fn a_long_profile_is_read_in_parts_each_beside_the_same_lines() {
        let keys = if cfg!(miri) { 120 } else { 4000 };
        let shapes = [
            ("", ""),
            ("", "  line one\n  [line two]\n"),
            ("[DEFAULT]\noutput = json\n\n", "# a comment\n\n"),
        ];
        for (before, after_each) in shapes {
            let shape = format!("{before:?} {after_each:?}");
            let src = long_legacy(before, keys, after_each);
            let m = crate::migrate::migrate(src.as_bytes(), &Default::default()).unwrap();
            let old = Document::parse(src.as_str());
            let (b, a) = (Config::read(&old), Config::read(m.rewritten()));
            let (i, j) = (b.profile("a").unwrap(), a.profile("a").unwrap());
            assert!(in_parts(&b, i), "{shape}");
            let parts = parts(&b, i, &a, j, &m.ops);
            assert!(parts.len() >= 3, "{} parts", parts.len());
            // The parts cover the section's lines after its header on each side, in turn;
            // each but the first starts at the same key line on both sides.
            let starts = [b.header_line(i) + 1, a.header_line(j) + 1];
            let ends = [b.content_end(i), a.content_end(j)];
            for side in 0..2 {
                assert_eq!(parts[0][side].start, starts[side]);
                assert_eq!(parts.last().unwrap()[side].end, ends[side]);
                for w in parts.windows(2) {
                    assert_eq!(w[0][side].end, w[1][side].start);
                }
            }
            for [o, n] in &parts[1..] {
                assert!(matches!(old.line(o.start).kind, LineKind::Key { .. }));
                assert_eq!(old.raw(o.start), m.rewritten().raw(n.start));
            }
            let (verdict, chunks) = read_back_in_parts(&old, &m, str::to_string);
            verdict.unwrap();
            assert!(chunks >= parts.len(), "{chunks} chunks");
            // A value changed in the last part, where the edit wrote nothing, is caught there.
            let last = format!("setting_{:05} = value {}", keys - 1, keys - 1);
            let (verdict, _) =
                read_back_in_parts(&old, &m, |new| new.replace(&last, "setting_x = other"));
            assert_eq!(
                verdict.unwrap_err(),
                ["profile `a` changed keys other than sso_*"],
                "{shape}"
            );
            // And a session the first part names wrongly.
            let (verdict, _) = read_back_in_parts(&old, &m, |new| {
                new.replace("sso_session = acme", "sso_session = nowhere")
            });
            assert!(verdict.is_err(), "{shape}");
        }
        // One key whose value goes on over thousands of lines: nothing to cut it at, so it is
        // read whole, and read ahead like any other.
        let src = long_legacy("", 1, &"  and more\n".repeat(keys * 4));
        let doc = Document::parse(src.as_str());
        let cfg = Config::read(&doc);
        let i = cfg.profile("a").unwrap();
        assert!(section_bytes(&cfg, i) > LONG_SECTION_BYTES && !in_parts(&cfg, i));
        let ahead = ReadAhead::new(&cfg).expect("enough to read ahead");
        assert!(ahead.run(&AtomicBool::new(false)).has_read(i));
    }

    #[test]
    fn a_long_profile_keeps_the_lines_the_edit_changed_in_one_part() {
        let keys = if cfg!(miri) { 120 } else { 4000 };
        let parts_of = |src: &str| {
            let m = crate::migrate::migrate(src.as_bytes(), &Default::default())
                .expect("migrates, read back part by part");
            let old = Document::parse(src);
            let (b, a) = (Config::read(&old), Config::read(m.rewritten()));
            let (i, j) = (b.profile("a").unwrap(), a.profile("a").unwrap());
            assert!(in_parts(&b, i));
            parts(&b, i, &a, j, &m.ops)
        };
        // sso_region far below sso_start_url: the edit changes both ends of the section. In
        // two parts, one read a start URL without a region against a session with one, the
        // other a region against none, and the migration stopped as if its rewrite were wrong.
        let settings = |keys: std::ops::Range<usize>| -> String {
            keys.map(|k| format!("setting_{k:05} = value {k}\n"))
                .collect()
        };
        let apart = format!(
            "[profile a]\nsso_start_url = https://acme.awsapps.com/start\n{}\
             sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n",
            settings(0..keys)
        );
        // Lines 1 and `keys + 2` change: one part holds both, and only what follows is cut.
        let parts = parts_of(&apart);
        assert!(parts[0][0].contains(&1) && parts[0][0].contains(&(keys + 2)));
        assert_eq!(parts.len(), 2, "{parts:?}");
        // The region halfway down: cut only below it.
        let halfway = format!(
            "[profile a]\nsso_start_url = https://acme.awsapps.com/start\n{}\
             sso_region = us-east-1\n{}",
            settings(0..keys / 2),
            settings(keys / 2..keys)
        );
        let region = 2 + keys / 2;
        let parts = parts_of(&halfway);
        assert!(parts[0][0].contains(&region), "{parts:?}");
        assert!(parts.len() >= 2, "{parts:?}");
        // Changed only at its top, before a profile that gets a new session written above it:
        // the session's lines are not the profile's, so it is still cut.
        let before_another = long_legacy("", keys, "")
            + "[profile b]\nsso_start_url = https://globex.awsapps.com/start\nsso_region = eu-west-1\n";
        let n = parts_of(&before_another).len();
        assert!(n >= 3, "{n} parts");
    }

    /// The first two profile sections of `cfg`, and what the crate reads of `sections` ahead.
    fn two_profiles_read_ahead(cfg: &Config, both: bool) -> ([usize; 2], Digests) {
        let mut profiles = (0..cfg.section_count()).filter(|&i| cfg.profile_name(i).is_some());
        let [i, j] = [0, 1].map(|_| profiles.next().unwrap());
        let sections = if both { vec![i, j] } else { vec![j] };
        let digests = ReadAhead::of(cfg, sections.into_iter()).run(&AtomicBool::new(false));
        ([i, j], digests)
    }

    #[test]
    fn sections_the_crate_names_alike_are_vouched_for_by_neither() {
        // In one chunk: the crate merges them, so the chunk is not taken as read.
        let doc = Document::parse("[profile a]\nregion = x\n[profile a]\nregion = y\n");
        let ([i, j], digests) = two_profiles_read_ahead(&Config::read(&doc), true);
        assert!(!digests.has_read(i) && !digests.has_read(j));
        // In two chunks (the first over CHUNK_BYTES): both are read, neither digest is kept.
        let keys: String = (0..CHUNK_BYTES / 16)
            .map(|k| format!("key{k:05} = value\n"))
            .collect();
        let doc = Document::parse(format!("[profile a]\n{keys}[profile a]\n{keys}").as_str());
        let cfg = Config::read(&doc);
        let ([i, j], digests) = two_profiles_read_ahead(&cfg, true);
        assert!(digests.has_read(i) && digests.has_read(j));
        let mut text = String::new();
        push_for_the_crate(&doc, cfg.header_line(j)..cfg.content_end(j), &mut text);
        let reading = ini_sections(text).unwrap();
        let defaults = digests.defaults(&reading);
        assert!(!digests.matches("a", &reading, defaults));
        // One of them alone is vouched for by the same reading.
        let (_, digests) = two_profiles_read_ahead(&cfg, false);
        assert!(digests.matches("a", &reading, defaults));
    }

    /// Configs with `[DEFAULT]` sections as botocore and the crate may read them: two of them
    /// (the later key wins), after the profiles, with upper-case and continued keys, with text
    /// after the `]`, with blanks the crate alone would trim, and a `[DEFAULT]` inside a value.
    const DEFAULTS_SHAPES: [&str; 6] = [
        "[DEFAULT]\nregion = us-east-1\noutput = json\n\n[profile a]\nsso_session = s\n\
         sso_account_id = 1\n[sso-session s]\nsso_start_url = https://s/start\n\
         sso_region = eu-west-1\n[DEFAULT]\nregion = eu-west-2\ncli_pager =\n",
        "[profile a]\nsso_start_url = https://a/start\nsso_region = us-east-1\n\
         [DEFAULT]\nREGION = x\nS3 =\n  max_concurrent_requests = 2\n  [DEFAULT]\n\
         [profile b]\nregion = y\n",
        "[DEFAULT]x\nregion = x\n[profile a]\nsso_start_url = https://a/start\n",
        "[ DEFAULT ]\nregion = x\n[DEFAULT]\noutput = text\n[profile a]\nregion = z\n",
        "[DEFAULT]\r\nregion = x\r\n\r\n[default]\r\nsso_start_url = https://d/start\r\n",
        "[profile a]\nregion = x\n",
    ];

    /// The files of `dir` (a fixture's `config` where an entry is a directory) that are
    /// configs.
    fn configs_in(dir: std::path::PathBuf) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = e.unwrap().path();
            let p = if p.is_dir() { p.join("config") } else { p };
            if p.ends_with("config") || p.extension().is_some_and(|x| x == "config") {
                out.push(std::fs::read(&p).unwrap());
            }
        }
        out
    }

    /// A chunk holds no `[DEFAULT]` section; the crate reads it beside its reading of the
    /// file's `[DEFAULT]` sections, made once. That is what it read of the chunk with those
    /// sections in it, as chunks were made before: the same profiles, sessions and defaults, on
    /// every fixture, every real-world config and the shapes above.
    #[test]
    fn a_chunk_read_beside_the_defaults_reads_as_with_them_in_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sources: Vec<Vec<u8>> = DEFAULTS_SHAPES
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        sources.extend(configs_in(root.join("fixtures")));
        sources.extend(configs_in(root.join("../shared/corpus/real-world")));
        let mut with_defaults = 0;
        for src in &sources {
            let doc = Document::parse(src.as_slice());
            let cfg = Config::read(&doc);
            let profiles = || cfg.profile_section_numbers();
            let sessions = sessions_of(&cfg, profiles(), Vec::new());
            let defaults = defaults_of(&cfg);
            with_defaults += usize::from(!defaults.is_empty());
            let shown = String::from_utf8_lossy(src);
            let beside = defaults_reading(&cfg);
            for lines in [Lines::Whole, Lines::Header] {
                let whole = lines == Lines::Whole;
                let mut secs: Vec<(usize, bool)> = defaults.iter().map(|&i| (i, true)).collect();
                secs.extend(profiles().map(|i| (i, whole)));
                secs.extend(
                    sessions
                        .iter()
                        .filter_map(|n| cfg.session(n))
                        .map(|i| (i, true)),
                );
                let within = ini_sections(sections_text(&cfg, secs, 0..0));
                let chunk = chunk_text(&cfg, profiles(), &sessions, lines);
                assert!(!chunk.lines().any(|l| l.starts_with("[DEFAULT")), "{shown}");
                let read = (beside.as_ref()).map(|d| ini_sections_beside(chunk, d));
                // Text the crate refuses (the file is refused before any read-back) is refused
                // either way: in `[DEFAULT]`'s reading or in the chunk's.
                let (within, read) = match (within, read) {
                    (Ok(within), Ok(Ok(read))) => (within, read),
                    (Err(_), Err(_) | Ok(Err(_))) => continue,
                    (within, read) => panic!(
                        "read whole: {:?}; beside: {:?}: {shown}",
                        within.err(),
                        read.map(|r| r.err())
                    ),
                };
                assert_eq!(read.profiles, within.profiles, "{shown}");
                assert_eq!(read.sessions, within.sessions, "{shown}");
                assert_eq!(*read.defaults, *within.defaults, "{shown}");
            }
        }
        // The shapes above, the fixture and the real-world config with `[DEFAULT]`.
        assert!(with_defaults >= 7, "{with_defaults} sources with [DEFAULT]");
    }

    #[test]
    fn a_chunk_whose_reading_has_default_keys_is_refused() {
        let none = Keys::default();
        let read = |text: &str| ini_sections_beside(text.to_string(), &none).map(|_| ());
        read("[profile a]\nregion = x\n").unwrap();
        // Keys before any header, or a `[DEFAULT]` header: not a chunk as chunks are made.
        for text in [
            "region = x\n[profile a]\n",
            "[profile a]\n[DEFAULT]\nregion = x\n",
        ] {
            let e = read(text).unwrap_err();
            assert!(e.contains("[DEFAULT]"), "{text:?}: {e}");
        }
    }
}
