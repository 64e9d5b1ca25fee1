//! `--doctor`: a read-only check-up of any config, legacy, migrated or mixed. Each finding has the
//! profile or section it is about, its line, a stable snake_case code, a severity, and the readers
//! that fail on it ([`readers`]). Pure: bytes in, findings out; the words are in
//! [`crate::emit::doctor`]. What a finding is lives in `finding`, which findings are kept in
//! `found`, what the findings on a line are about in `holders`. The checks are run here, and live
//! by what they look at: the reader's problems in `problems`, profiles in `profiles`, role chains
//! in `roles` (walked in `aws::chains`), sso-sessions in `sessions`, lines in `lines`, and
//! headers other readers read otherwise in `sections` and `ignored`.
//!
//! Exit status (see the README): 0 healthy (nothing, or only information), 1 errors or warnings,
//! 2 the file cannot be read as a config at all (not UTF-8, not text) or not at all.

mod finding;
mod found;
mod holders;
mod ignored;
mod lines;
mod problems;
mod profiles;
pub mod readers;
mod roles;
mod sections;
mod sessions;

use std::collections::VecDeque;

use crate::aws::credentials::CredentialsProfiles;
use crate::aws::managed;
use crate::aws::problem::{Excerpt, ProblemSites};
use crate::aws::{Config, ProblemKind};
use crate::doc::Document;
use crate::plan::PlanOptions;

pub use finding::{
    Diagnosis, Finding, FindingKind, InlineConflict, InlineKey, LISTED_VARIANTS, LackingSsoKeys,
    RedundantInline, RefusedRole, SHOWN_FINDINGS, Severity, SeverityCounts, Subject, Undiagnosable,
};
use found::Found;
pub use found::Kept;
use holders::Holders;
use ignored::IgnoredHeaders;
use lines::{FileFailures, lines_other_sdks_reject, lines_with_problem};
use problems::problem_read_otherwise;
use profiles::{
    MigrationContext, inline_in_credentials, legacy_in_credentials,
    missing_sessions_in_credentials, profiles,
};
pub use readers::{Failure, Reader, Scope};
use roles::roles;
use sections::{NamesReadByOtherSdks, RustMergedSections, defaults_section, rust_may_merge};
use sessions::sessions;

/// Diagnoses `bytes`, keeping every finding.
pub fn diagnose(bytes: impl Into<Vec<u8>>) -> Result<Diagnosis, Undiagnosable> {
    diagnose_keeping(bytes, Kept::All)
}

/// Diagnoses `bytes`, keeping the findings `kept` says and counting every one.
pub fn diagnose_keeping(bytes: impl Into<Vec<u8>>, kept: Kept) -> Result<Diagnosis, Undiagnosable> {
    diagnose_with_credentials(bytes, kept, CredentialsProfiles::default())
}

/// [`diagnose_keeping`] for a config read with the credentials file whose profiles are
/// `credentials`: the profiles the migration leaves for it (its SSO keys, its credential
/// helpers) are said to be left, and its profiles, static keys and role sources count in the
/// role chains.
pub fn diagnose_with_credentials(
    bytes: impl Into<Vec<u8>>,
    kept: Kept,
    credentials: CredentialsProfiles,
) -> Result<Diagnosis, Undiagnosable> {
    let doc = Document::parse(bytes);
    let mut cfg = Config::read(&doc);
    if cfg.problems().iter().any(|p| {
        matches!(
            p.kind,
            ProblemKind::NotAConfig | ProblemKind::NotUtf8 { .. }
        )
    }) {
        return Err(Undiagnosable {
            problems: cfg.problems().to_vec(),
            sites: ProblemSites::of(&doc, cfg.problems()),
        });
    }
    // What the migration would do, so the fixes offered are the ones it would make, and which
    // lines have a problem: all that asks for the problems, which then become findings.
    let options = PlanOptions {
        credentials,
        ..PlanOptions::default()
    };
    let plan = crate::migrate::plan_of(&cfg, &options);
    let with_problem = lines_with_problem(cfg.problems());
    let rust_sections = RustMergedSections::new(rust_may_merge(cfg.problems()));
    let mut problems = VecDeque::from(cfg.take_problems());
    let mut findings = Found::new(kept);
    let mut holders = Holders::new(&cfg);
    let mut whole = FileFailures::of(&doc);
    while let Some(p) = problems.pop_front() {
        let subject = holders.subject(p.line);
        // A problem of line 0 is the file's, with no section to read otherwise.
        let mut more = (p.line.checked_sub(1))
            .map(|i| problem_read_otherwise(&mut holders, &p, i))
            .unwrap_or_default();
        more.extend(
            p.line
                .checked_sub(1)
                .into_iter()
                .flat_map(|i| whole.claim(i)),
        );
        let more = holders.share(more);
        // The problem keeps its span in `u32`s: these casts give them back.
        let span = p.span();
        let mut f = Finding::new(subject, p.line, FindingKind::Parse(p.kind), more);
        f.span = span.start as u32..span.end as u32;
        findings.push(f);
        // The list of problems gives its memory back as the findings take theirs: a file may
        // have a problem on every line, and both lists whole were half the check-up's peak.
        if problems.len() < problems.capacity() / 2 {
            problems.shrink_to_fit();
        }
    }
    let blocks = managed::blocks(&cfg);
    let names = NamesReadByOtherSdks::default();
    let ignored = IgnoredHeaders::of(&cfg, |i| whole.php.fails_at(i));
    for f in ignored.findings(&cfg) {
        findings.push(f);
    }
    let migration = MigrationContext {
        plan: plan.as_ref(),
        credentials: &options.credentials,
    };
    profiles(
        &cfg,
        &blocks,
        &migration,
        &names,
        &ignored,
        &rust_sections,
        &mut findings,
    );
    // The findings at lines of the credentials file, in its line order (a stable sort: those
    // that share `[DEFAULT]`'s line by kind in this order, then by name).
    let mut theirs = legacy_in_credentials(&cfg, &migration);
    theirs.extend(inline_in_credentials(&cfg, &migration, &rust_sections));
    theirs.extend(missing_sessions_in_credentials(&cfg, &options.credentials));
    theirs.extend(roles(
        &cfg,
        &options.credentials,
        &ignored,
        &rust_sections,
        &mut findings,
    ));
    theirs.sort_by_key(|f| f.line);
    for f in theirs {
        findings.push(f);
    }
    sessions(
        &cfg,
        &options.credentials,
        &blocks,
        &names,
        &rust_sections,
        &mut findings,
    );
    lines_other_sdks_reject(&mut holders, &with_problem, &mut whole, &mut findings);
    let FileFailures { rust, php } = whole;
    for (i, error) in rust.unclaimed() {
        findings.push(holders.on_line(i + 1, FindingKind::RustRejectsLine { error }, Vec::new()));
    }
    for (i, error) in php.unclaimed() {
        findings.push(holders.on_line(i + 1, FindingKind::PhpRejectsLine { error }, Vec::new()));
    }
    defaults_section(&mut holders, &mut findings);
    let (mut findings, counts) = findings.finish();
    for f in &mut findings {
        f.set_column(column_of(&doc, f));
    }
    let excerpts = (findings.iter().take(SHOWN_FINDINGS))
        .map(|f| excerpt_of(&doc, f))
        .collect();
    Ok(Diagnosis {
        findings,
        excerpts,
        counts,
    })
}

/// The excerpt that shows finding `f`: a problem's span, or its line's text (a line of the
/// credentials file's, for a finding there).
fn excerpt_of(doc: &Document, f: &Finding) -> Option<Excerpt> {
    match &f.kind {
        FindingKind::Parse(_) => {
            Excerpt::at(doc, f.line, f.span.start as usize..f.span.end as usize)
        }
        _ => match f.elsewhere() {
            Some((_, excerpt)) => Some(excerpt.clone()),
            None => Excerpt::of_line(doc, f.line),
        },
    }
}

/// The column of [`excerpt_of`]'s excerpt for `f`, without taking the excerpt.
fn column_of(doc: &Document, f: &Finding) -> Option<usize> {
    match &f.kind {
        FindingKind::Parse(_) => Excerpt::column_at(doc, f.line, f.span.start as usize),
        _ if let Some((_, excerpt)) = f.elsewhere() => Some(excerpt.column),
        _ if f.line == 0 || f.line > doc.len() => None,
        _ => {
            let raw = doc.raw_text(f.line - 1);
            Some(leading_blanks(&raw[..raw.len().min(Excerpt::MAX)]) + 1)
        }
    }
}

/// How many spaces and tabs `text` starts with.
fn leading_blanks(text: &[u8]) -> usize {
    text.iter()
        .take_while(|b| matches!(**b, b' ' | b'\t'))
        .count()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use super::profiles::rust_account_role;
    use super::*;
    use crate::aws::{SSO_ACCOUNT_ID, SSO_REGION, SSO_ROLE_NAME, SSO_START_URL};

    /// The legacy SSO profiles the credentials file alone makes are listed after the config's
    /// findings, in that file's line order, each at the line that gives its start URL: not one
    /// the config gives legacy keys too (its `legacy_profile` names the file) or an
    /// `sso_session`, whether the migration takes the file or refuses it.
    #[test]
    fn legacy_profiles_of_the_credentials_file_are_listed_at_their_lines() {
        let credentials = "[zed]\nsso_start_url = https://z/start\nsso_region = r\n\
                           [ops]\nsso_start_url = https://a/start\n[dev]\n\
                           sso_start_url = https://a/start\n[uses]\nsso_start_url = https://a/start\n\
                           [static]\naws_access_key_id = A\n";
        let config = "[profile dev]\nsso_start_url = https://a/start\nsso_region = r\n\
                      sso_account_id = 1\nsso_role_name = R\n[profile ops]\nregion = r\n\
                      [profile uses]\nsso_session = s\n[sso-session s]\n\
                      sso_start_url = https://a/start\nsso_region = r\n";
        let refused = format!("{config}[profile ops]\n");
        for (src, lines) in [(config.to_string(), 11), (refused, 13)] {
            let creds = CredentialsProfiles::read("creds".into(), credentials.into());
            for kept in [Kept::All, Kept::First(SHOWN_FINDINGS)] {
                let d = diagnose_with_credentials(src.clone(), kept, creds.clone()).unwrap();
                let found: Vec<(&str, Option<&str>, usize, &str)> = (d.findings.iter())
                    .map(|f| (f.code(), f.file(), f.line, f.subject.name()))
                    .collect();
                let theirs = |name, line| ("legacy_in_credentials_file", Some("creds"), line, name);
                // `uses` has a session: its start URL there is beside it.
                let beside = ("inline_in_credentials_file", Some("creds"), 9, "uses");
                let (before, last) = found.split_last_chunk::<3>().unwrap();
                assert_eq!(
                    last,
                    &[theirs("zed", 2), theirs("ops", 5), beside],
                    "{found:?}"
                );
                assert!(
                    before.iter().all(|f| f.1.is_none() && f.2 <= lines),
                    "{found:?}"
                );
                let refused = before.iter().any(|f| f.0 == "duplicate_section");
                assert_eq!(refused, lines == 13, "{found:?}");
                let legacy = before.iter().find(|f| f.0 == "legacy_profile");
                assert_eq!(legacy.map(|f| f.3), Some("dev"), "{found:?}");
                let at = d.findings.len() - 3;
                assert_eq!(d.findings[at].column(), Some(1));
                let excerpt = d.excerpts[at].as_ref().unwrap();
                assert_eq!(excerpt.text, b"sso_start_url = https://z/start");
                let FindingKind::LegacyInCredentialsFile(c) = &d.findings[at].kind else {
                    panic!("{:?}", d.findings[at].kind);
                };
                assert_eq!(
                    (c.start_url.as_str(), c.path.as_str()),
                    ("https://z/start", "creds")
                );
            }
        }
        // `[DEFAULT]`'s start URL makes every section legacy, at its line.
        let creds = CredentialsProfiles::read(
            "creds".into(),
            b"[b]\n[DEFAULT]\nsso_start_url = https://d/start\n[a]\n".to_vec(),
        );
        let d = diagnose_with_credentials("[profile a]\n", Kept::All, creds).unwrap();
        let found: Vec<(&str, usize, &str)> = (d.findings.iter())
            .map(|f| (f.code(), f.line, f.subject.name()))
            .collect();
        // A start URL and nothing else: the profile serves `aws sso login` alone, as it would
        // with that line in the config.
        let theirs = "legacy_in_credentials_file";
        assert_eq!(
            found,
            [
                ("missing_sso_keys", 1, "a"),
                (theirs, 3, "a"),
                (theirs, 3, "b")
            ]
        );
    }

    /// botocore merges a profile's section of the credentials file into it: the SSO keys that
    /// file gives a profile are not missing, the start URL it gives is the one a legacy profile
    /// logs in to, and a legacy profile it makes names the keys to move.
    #[test]
    fn the_credentials_files_sso_keys_are_the_profiles() {
        let credentials = "[split]\nsso_start_url = https://c/start\nsso_region = r\n\
                           [half]\nSSO_Start_URL = https://c/start\n\
                           [both]\nsso_start_url = https://c/start\n\
                           [roles]\nsso_account_id = 2\nsso_role_name = R\n";
        let config = "[profile split]\nsso_account_id = 1\nsso_role_name = R\n\
                      [profile half]\nsso_account_id = 1\n\
                      [profile both]\nsso_start_url = https://a/start\nsso_region = r\n\
                      sso_account_id = 1\nsso_role_name = R\n\
                      [profile roles]\nsso_start_url = https://a/start\nsso_region = r\n";
        let creds = CredentialsProfiles::read("creds".into(), credentials.into());
        let d = diagnose_with_credentials(config, Kept::All, creds).unwrap();
        let missing: Vec<(&str, Vec<String>)> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::MissingSsoKeys(k) => Some((f.subject.name(), k.missing.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            missing,
            [("half", vec![SSO_ROLE_NAME.into(), SSO_REGION.into()])]
        );
        let legacy: Vec<(&str, &str)> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::LegacyProfile { start_url, .. } => {
                    Some((f.subject.name(), &**start_url))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            legacy,
            [("both", "https://c/start"), ("roles", "https://a/start")]
        );
        let keys: Vec<(&str, &[&str])> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::LegacyInCredentialsFile(c) => {
                    Some((f.subject.name(), c.keys.as_slice()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("split", &[SSO_START_URL, SSO_REGION][..]),
                ("half", &[SSO_START_URL][..])
            ]
        );
        // Read without the file, the same config lacks keys in three profiles.
        let alone = diagnose(config).unwrap();
        let lacking = (alone.findings.iter())
            .filter(|f| f.code() == "missing_sso_keys")
            .count();
        assert_eq!(lacking, 3);
    }

    /// A session named by the credentials file is the profile's, over the config's: its keys
    /// are not missing, and a session of that name the config lacks is missing. Beside inline
    /// keys, a profile that lacks its account or role still lacks it to botocore.
    #[test]
    fn a_profiles_session_may_come_from_the_credentials_file() {
        let session = "[sso-session corp]\nsso_start_url = https://c/start\nsso_region = r\n";
        let config = format!(
            "{session}[profile keys]\nsso_account_id = 1\nsso_role_name = R\n\
             [profile gone]\nsso_account_id = 1\nsso_role_name = R\n\
             [profile beside]\nsso_session = corp\nsso_region = r\nsso_role_name = R\n"
        );
        let creds = CredentialsProfiles::read(
            "creds".into(),
            b"[keys]\nsso_session = corp\n[gone]\nSSO_Session = gone\n".to_vec(),
        );
        let d = diagnose_with_credentials(config.clone(), Kept::All, creds).unwrap();
        let found: Vec<(&str, &str)> = (d.findings.iter())
            .map(|f| (f.subject.name(), f.code()))
            .collect();
        assert_eq!(
            found,
            [
                ("gone", "missing_session"),
                ("beside", "hybrid_redundant"),
                ("beside", "missing_sso_keys")
            ]
        );
        let lacking = (d.findings.iter()).find_map(|f| match &f.kind {
            FindingKind::MissingSsoKeys(k) => Some(k),
            _ => None,
        });
        let lacking = lacking.unwrap();
        assert_eq!(lacking.missing, [SSO_ACCOUNT_ID]);
        // botocore fails on it; Rust on the inline key first, which the other finding says.
        assert!(lacking.botocore_sso && lacking.rust.is_none());
        // Without the file, the two profiles have no session and lack its keys.
        let alone = diagnose(config).unwrap();
        let lacking: Vec<&str> = (alone.findings.iter())
            .filter(|f| f.code() == "missing_sso_keys")
            .map(|f| f.subject.name())
            .collect();
        assert_eq!(lacking, ["keys", "gone", "beside"]);
    }

    /// A start URL or region the credentials file gives a profile beside its session (named
    /// by either file) is found at that file's line: botocore's conflict where the session's
    /// differs, the keys the session lacks, and Rust's claim where the config sets no inline key
    /// of its own (whose finding has it).
    #[test]
    fn portal_keys_beside_a_session_in_the_credentials_file_are_found() {
        let config = "[sso-session s]\nsso_start_url = https://s/start\n\
                      [profile a]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n\
                      [profile b]\nsso_account_id = 1\nsso_role_name = R\n\
                      [profile c]\nsso_session = s\nsso_start_url = https://s/start\n\
                      sso_account_id = 1\nsso_role_name = R\n[profile legacy]\n\
                      sso_account_id = 1\nsso_role_name = R\n";
        let credentials = "[a]\nsso_region = r\nsso_start_url = https://s/start\n\
                           [b]\nsso_session = s\nSSO_Start_URL = https://other/start\n\
                           [c]\nsso_region = r\n[legacy]\nsso_start_url = https://l/start\n\
                           sso_region = r\n";
        let creds = CredentialsProfiles::read("creds".into(), credentials.into());
        let d = diagnose_with_credentials(config, Kept::All, creds).unwrap();
        let beside: Vec<_> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::InlineInCredentialsFile(c) => Some((f.subject.name(), f.line, c)),
                _ => None,
            })
            .collect();
        let summary: Vec<_> = (beside.iter())
            .map(|(name, line, c)| {
                let conflict = c.conflict.as_ref().map(|v| (v.key, v.value.as_str()));
                (
                    *name,
                    *line,
                    c.keys.clone(),
                    conflict,
                    c.session_lacks.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "a",
                    2,
                    vec![SSO_START_URL, SSO_REGION],
                    None,
                    vec![SSO_REGION]
                ),
                (
                    "b",
                    6,
                    vec![SSO_START_URL],
                    Some((SSO_START_URL, "https://other/start")),
                    vec![]
                ),
                ("c", 8, vec![SSO_REGION], None, vec![SSO_REGION]),
            ]
        );
        let claims: Vec<(bool, bool)> = (beside.iter())
            .map(|(_, _, c)| (c.botocore_sso, c.rust.is_some()))
            .collect();
        assert_eq!(claims, [(true, true), (true, true), (true, false)]);
        assert_eq!(
            (beside.iter())
                .map(|(_, _, c)| d_severity(c))
                .collect::<Vec<_>>(),
            [Severity::Error, Severity::Error, Severity::Warning]
        );
        // Without the file, none.
        let alone = diagnose(config).unwrap();
        assert!(!(alone.findings.iter()).any(|f| f.code() == "inline_in_credentials_file"));
    }

    /// The severity of an `inline_in_credentials_file` finding of `c`.
    fn d_severity(c: &finding::CredentialsInline) -> Severity {
        Finding::on_profile(
            "p",
            1,
            FindingKind::InlineInCredentialsFile(Box::new(c.clone())),
        )
        .severity()
    }

    /// The kind of the first finding with `code` in the check-up of `src`.
    fn first_kind(src: &str, code: &str) -> Option<FindingKind> {
        let d = diagnose(src).unwrap();
        (d.findings.into_iter())
            .find(|f| f.code() == code)
            .map(|f| f.kind)
    }

    /// A file may have a finding on every line: those on the lines of one section share their
    /// subject's name and their list of failing readers where it is the same, and each finding
    /// still shows its own (here JavaScript v3 and Ruby v3 on `a`, then on `b` too for the
    /// line above `b`'s header). The lines from the second on are one key line to the AWS SDK
    /// for Rust, which it parses.
    #[test]
    fn findings_in_one_section_share_what_they_are_about() {
        let src = "[profile a]\nregion = eu-west-1\routput = json\rcli_pager = \r[profile b]\rregion = x\r";
        let d = diagnose(src).unwrap();
        let lone: Vec<&Finding> = (d.findings.iter())
            .filter(|f| f.code() == "lone_carriage_return")
            .collect();
        assert_eq!(lone.len(), 5);
        let on = |f: &Finding| -> Vec<(Reader, String)> {
            (f.failures().into_iter())
                .filter_map(|x| Some((x.reader, x.section?.name.clone())))
                .collect()
        };
        let both = |name: &str| {
            vec![
                (Reader::JsV3, name.to_string()),
                (Reader::RubyV3, name.to_string()),
            ]
        };
        assert_eq!(on(lone[0]), both("a"));
        assert_eq!(on(lone[1]), both("a"));
        assert_eq!(on(lone[2]), [both("a"), both("b")].concat());
        assert_eq!(on(lone[3]), both("b"));
        assert!(
            lone[0].shares_with(lone[1]),
            "one list for the lines of `a`"
        );
        assert!(
            !lone[1].shares_with(lone[2]),
            "the line above `b` has its own"
        );
        assert!(lone[3].shares_with(lone[4]));
        assert_eq!(*lone[0].subject, Subject::Profile("a".into()));
        assert!(
            Arc::ptr_eq(&lone[0].subject, &lone[2].subject),
            "one subject for the findings of `a`"
        );
        assert!(!Arc::ptr_eq(&lone[2].subject, &lone[3].subject));
    }

    /// Where the migration refuses the file, the fixes that would run it say so: a legacy
    /// profile's and a hybrid profile's inline lines are not moved until the file's problems
    /// are fixed.
    #[test]
    fn fixes_that_run_the_migration_say_when_it_refuses_the_file() {
        let src = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
                   sso_region = us-east-1\n\
                   [profile hybrid]\nsso_session = corp\nsso_start_url = https://corp.awsapps.com/start\n\
                   sso_account_id = 1\nsso_role_name = R\n\
                   [profile legacy]\nsso_start_url = https://corp.awsapps.com/start\n\
                   sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n";
        let refused = |src: &str| -> Vec<(&'static str, bool)> {
            (diagnose(src).unwrap().findings.iter())
                .filter_map(|f| match &f.kind {
                    FindingKind::LegacyProfile { file_refused, .. } => {
                        Some(("legacy_profile", *file_refused))
                    }
                    FindingKind::HybridRedundant(r) => Some(("hybrid_redundant", r.file_refused)),
                    _ => None,
                })
                .collect()
        };
        let kinds = ["hybrid_redundant", "legacy_profile"];
        assert_eq!(refused(src), kinds.map(|k| (k, false)));
        // A key set twice: botocore refuses the file, and so does the migration.
        let broken = format!("{src}region = a\nregion = b\n");
        assert_eq!(refused(&broken), kinds.map(|k| (k, true)));
    }

    /// Every finding's column is the one its excerpt would show, though only the first
    /// [`SHOWN_FINDINGS`] keep their excerpt: problems of the file (at their span) and other
    /// findings (at the line's text), after indents, tabs and characters of several bytes, on
    /// lines longer than an excerpt.
    #[test]
    fn a_findings_column_is_its_excerpts() {
        let long = "x".repeat(Excerpt::MAX + 40);
        let mut src = String::from("[profile a]\nregion = x\nregion = y\n");
        for i in 0..30 {
            src += &format!(
                "[profile p{i}]\n\tOutput = json\nkéy\u{b} = z\n  région: x\nv = é # c {long}\n"
            );
        }
        let d = diagnose(src.as_str()).unwrap();
        let doc = Document::parse(src.as_str());
        assert!(d.findings.len() > SHOWN_FINDINGS, "{}", d.findings.len());
        assert_eq!(d.excerpts.len(), SHOWN_FINDINGS);
        let mut columns = HashSet::new();
        for (i, f) in d.findings.iter().enumerate() {
            let excerpt = excerpt_of(&doc, f).unwrap();
            assert_eq!(f.column(), Some(excerpt.column), "{f:?}");
            if let Some(kept) = d.excerpts.get(i) {
                assert_eq!(kept.as_ref(), Some(&excerpt));
            }
            columns.insert(excerpt.column);
        }
        assert!(columns.len() > 2, "{columns:?}");
    }

    fn codes(src: &str) -> Vec<(usize, &'static str)> {
        diagnose(src)
            .unwrap()
            .findings
            .iter()
            .map(|f| (f.line, f.code()))
            .collect()
    }

    /// The check-up takes the file's problems out of the config before it looks at profiles:
    /// what the config reads must not change with them. A key set twice is read at its first
    /// line, where it has `[DEFAULT]`'s value, so the profile only repeats its session's keys.
    #[test]
    fn a_key_set_twice_is_read_at_its_first_line_in_the_check_up() {
        let src = "[DEFAULT]\nregion = d\n[sso-session s]\n\
                   sso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                   [profile p]\nsso_session = s\nsso_region = us-east-1\nregion = d\n\
                   region = b\nsso_account_id = 1\nsso_role_name = R\n";
        assert_eq!(
            codes(src),
            [
                (1, "defaults_section"),
                (6, "hybrid_redundant"),
                (10, "duplicate_key")
            ]
        );
    }

    #[test]
    fn a_healthy_config_has_no_findings() {
        let d = diagnose(
            "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\
             [profile a]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n\
             [profile chain]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = a\n",
        )
        .unwrap();
        assert!(d.findings.is_empty(), "{:?}", d.findings);
        assert!(d.healthy());
    }

    #[test]
    fn legacy_profiles_of_one_spelling_share_its_start_url() {
        let legacy = |name: &str, url: &str| {
            format!("[profile {name}]\nsso_start_url = {url}\nsso_region = us-east-1\n")
        };
        let (a, b) = ("https://a.awsapps.com/start", "https://b.awsapps.com/start");
        let src = [("p1", a), ("p2", b), ("p3", a), ("p4", b)]
            .map(|(n, u)| legacy(n, u))
            .concat();
        let d = diagnose(src).unwrap();
        let urls: Vec<&Arc<str>> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::LegacyProfile { start_url, .. } => Some(start_url),
                _ => None,
            })
            .collect();
        assert_eq!(urls.iter().map(|u| &***u).collect::<Vec<_>>(), [a, b, a, b]);
        assert!(Arc::ptr_eq(urls[0], urls[2]) && Arc::ptr_eq(urls[1], urls[3]));
        assert!(!Arc::ptr_eq(urls[0], urls[1]));
    }

    #[test]
    fn sessions_and_hybrids() {
        let src = "[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                   [profile gone]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n\
                   [profile clash]\nsso_session = s\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n\
                   [profile same]\nsso_session = s\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n\
                   [profile half]\nsso_session = s\nsso_account_id = 1\n";
        assert_eq!(
            codes(src),
            [
                (4, "missing_session"),
                (8, "hybrid_conflict"),
                (13, "hybrid_redundant"),
                (18, "missing_sso_keys")
            ]
        );
    }

    #[test]
    fn chains_that_go_nowhere_or_round() {
        let src = "[profile a]\nrole_arn = x\nsource_profile = b\n[profile b]\nrole_arn = y\nsource_profile = a\n\
                   [profile c]\nrole_arn = z\nsource_profile = nobody\n\
                   [profile self]\nrole_arn = z\nsource_profile = self\naws_access_key_id = k\naws_secret_access_key = s\n";
        assert_eq!(
            codes(src),
            [
                (1, "source_profile_loop"),
                (4, "source_profile_loop"),
                (7, "source_profile_missing")
            ]
        );
    }

    #[test]
    fn a_chain_thousands_deep_is_a_loop_from_every_profile_in_a_few_names() {
        // t0 -> t1 -> ... -> t1199 -> l0 -> l1 -> l2 -> l0: every profile of the tail comes to
        // the loop, however far from it (a walk of 1,000 steps from each had told only the last
        // 997), and each finding names its first profiles and the one met twice.
        let tail = 1200;
        let mut src = String::new();
        for i in 0..tail {
            let next = if i + 1 < tail {
                format!("t{}", i + 1)
            } else {
                "l0".into()
            };
            src.push_str(&format!(
                "[profile t{i}]\nrole_arn = r\nsource_profile = {next}\n"
            ));
        }
        for i in 0..3 {
            src.push_str(&format!(
                "[profile l{i}]\nrole_arn = r\nsource_profile = l{}\n",
                (i + 1) % 3
            ));
        }
        let d = diagnose(src.as_str()).unwrap();
        let looped: Vec<&str> = (d.findings.iter())
            .filter(|f| f.code() == "source_profile_loop")
            .map(|f| match &*f.subject {
                Subject::Profile(name) => &**name,
                other => panic!("{other:?}"),
            })
            .collect();
        let expected: Vec<String> = (0..tail)
            .map(|k| format!("t{k}"))
            .chain((0..3).map(|i| format!("l{i}")))
            .collect();
        assert_eq!(looped, expected);
        let FindingKind::SourceProfileLoop { chain, omitted, .. } = &d.findings[0].kind else {
            panic!("{:?}", d.findings[0].kind);
        };
        let chain: Vec<&str> = chain.iter().map(|c| &**c).collect();
        let first: Vec<String> = (0..10).map(|k| format!("t{k}")).collect();
        assert_eq!(chain[..10], first[..]);
        assert_eq!(chain[10..], ["l0"]);
        // t0 to t1199, l0 to l2 and l0 again.
        assert_eq!(chain.len() + omitted, tail + 4);
        let FindingKind::SourceProfileLoop { chain, omitted, .. } = &d.findings[tail].kind else {
            panic!("{:?}", d.findings[tail].kind);
        };
        let chain: Vec<&str> = chain.iter().map(|c| &**c).collect();
        assert_eq!(chain, ["l0", "l1", "l2", "l0"]);
        assert_eq!(*omitted, 0);
    }

    #[test]
    fn static_keys_past_the_first_profile_end_its_chain() {
        // botocore and the AWS SDK for Rust take a source profile's static keys before its own
        // role: `via` assumes its role with `keyed`'s keys, `keyed` asked for itself assumes its
        // role from `via`, which comes back to it; `to-self` ends at `self`'s keys.
        let keys = "aws_access_key_id = k\naws_secret_access_key = s\n";
        let src = format!(
            "[profile via]\nrole_arn = r\nsource_profile = keyed\n\
             [profile keyed]\nrole_arn = r\nsource_profile = via\n{keys}\
             [profile self]\nrole_arn = r\nsource_profile = self\n{keys}\
             [profile to-self]\nrole_arn = r\nsource_profile = self\n"
        );
        assert_eq!(codes(&src), [(4, "source_profile_loop")]);
        // A secret key alone is static keys to botocore: `a`'s source `b` is asked of its
        // providers, not assumed, and they find no access key ID (`must have credentials`);
        // `b` asked for itself assumes `a`, which comes back to it.
        let partial = "[profile a]\nrole_arn = r\nsource_profile = b\n\
                       [profile b]\nrole_arn = r\nsource_profile = a\naws_secret_access_key = s\n";
        assert_eq!(
            codes(partial),
            [
                (1, "source_profile_without_credentials"),
                (4, "source_profile_loop")
            ]
        );
        let d = diagnose(src.as_str()).unwrap();
        let FindingKind::SourceProfileLoop { chain, .. } = &d.findings[0].kind else {
            panic!("{:?}", d.findings[0].kind);
        };
        let chain: Vec<&str> = chain.iter().map(|c| &**c).collect();
        assert_eq!(chain, ["keyed", "via", "keyed"]);
    }

    /// A profile whose sso_session comes from `[DEFAULT]` alone has that session to botocore
    /// only: the findings about the session (missing, or beside inline keys that differ or
    /// agree) claim botocore and no other reader, which sees no session there; the same profile
    /// with its own sso_session line claims the others too.
    #[test]
    fn a_session_from_defaults_is_claimed_for_botocore_alone() {
        let readers_of = |src: &str, code: &str| -> Vec<Vec<Reader>> {
            (diagnose(src).unwrap().findings.iter())
                .filter(|f| f.code() == code)
                .map(|f| f.failures().iter().map(|x| x.reader).collect())
                .collect()
        };
        let profile = "[profile p]\nsso_start_url = https://a.awsapps.com/start\n\
                       sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n";
        let session = "[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n\
                       sso_region = eu-west-1\n";
        let cases = [
            (
                "missing_session",
                format!("[DEFAULT]\nsso_session = gone\n{profile}"),
            ),
            (
                "hybrid_conflict",
                format!("[DEFAULT]\nsso_session = s\n{session}{profile}"),
            ),
            (
                "hybrid_redundant",
                format!(
                    "[DEFAULT]\nsso_session = s\n{}{profile}",
                    session.replace("eu-west-1", "us-east-1")
                ),
            ),
        ];
        for (code, src) in cases {
            let from_defaults = readers_of(&src, code);
            assert!(
                from_defaults
                    .iter()
                    .all(|r| r.iter().all(|x| *x == Reader::Botocore)),
                "{code}: {from_defaults:?}"
            );
            assert_eq!(from_defaults.len(), 1, "{code}");
            let own = src.replace(
                "sso_role_name = R\n",
                &format!(
                    "sso_role_name = R\nsso_session = {}\n",
                    if code == "missing_session" {
                        "gone"
                    } else {
                        "s"
                    }
                ),
            );
            let own = readers_of(&own, code);
            assert!(
                own.iter().any(|r| r.contains(&Reader::RustSdk)),
                "{code}, own sso_session: {own:?}"
            );
        }
    }

    /// A complete sso-session `s`.
    const SESSION_S: &str = "[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n\
                             sso_region = us-east-1\n";

    /// A profile `dev` with account and role, then `lines`, then [`SESSION_S`].
    fn dev_with(lines: &str) -> String {
        format!("[profile dev]\nsso_account_id = 1\nsso_role_name = r\n{lines}\n{SESSION_S}")
    }

    /// The AWS SDK for Rust's claims of the findings of `code` (a role profile may have none of
    /// them).
    fn rust_claims(src: &str, code: &str) -> Vec<Option<String>> {
        claims_of(src, code, Reader::RustSdk)
    }

    /// The claims `reader` fails on in the findings of `code` in `src`: each one's quoted text.
    fn claims_of(src: &str, code: &str, reader: Reader) -> Vec<Option<String>> {
        (diagnose(src).unwrap().findings.iter())
            .filter(|f| f.code() == code)
            .flat_map(|f| f.failures())
            .filter(|x| x.reader == reader)
            .map(|x| x.error.map(|e| e.into_owned()))
            .collect()
    }

    /// A profile only the credentials file has whose `sso_session` there (or `[DEFAULT]`'s)
    /// names no session of the config is found at that line; botocore's failure is claimed
    /// where its SSO provider answers for the profile (not for a role, nor without an account
    /// or a role). A config profile's missing session is `missing_session`.
    #[test]
    fn a_session_the_credentials_file_names_for_its_own_profile_may_be_missing() {
        let config = "[sso-session s]\nsso_start_url = https://s/start\nsso_region = r\n\
                      [profile mine]\nsso_account_id = 1\nsso_role_name = R\n";
        let credentials = "[DEFAULT]\nsso_session = gone\n[mine]\n[fine]\nsso_session = s\n\
                           [keyed]\nsso_account_id = 1\n[role]\nrole_arn = x\n\
                           source_profile = mine\nsso_role_name = R\n\
                           [empty]\nsso_session =\nsso_role_name = R\n[bare]\n";
        let creds = CredentialsProfiles::read("creds".into(), credentials.into());
        let d = diagnose_with_credentials(config, Kept::All, creds).unwrap();
        type Seen<'a> = (&'a str, &'a str, Option<&'a str>, usize, bool, Severity);
        let found: Vec<Seen> = (d.findings.iter())
            .map(|f| {
                let botocore = f.failures().iter().any(|x| x.reader == Reader::Botocore);
                (
                    f.code(),
                    f.subject.name(),
                    f.file(),
                    f.line,
                    botocore,
                    f.severity(),
                )
            })
            .collect();
        let theirs = "missing_session_in_credentials_file";
        let (error, warning) = (Severity::Error, Severity::Warning);
        assert_eq!(
            found,
            [
                ("missing_session", "mine", None, 4, true, error),
                // In that file's line order: `[DEFAULT]`'s line first.
                (theirs, "bare", Some("creds"), 2, false, warning),
                (theirs, "keyed", Some("creds"), 2, true, error),
                (theirs, "role", Some("creds"), 2, false, warning),
                (theirs, "empty", Some("creds"), 13, true, error),
            ]
        );
        let FindingKind::MissingSessionInCredentialsFile(c) = &d.findings[4].kind else {
            panic!("{:?}", d.findings[4]);
        };
        assert_eq!((c.session.as_str(), c.path.as_str()), ("", "creds"));
        assert_eq!(c.excerpt.text, b"sso_session =");
    }

    /// A profile only the credentials file has whose `role_arn` there has no source in it, or
    /// both `source_profile` and `credential_source`, is refused by botocore: found at that
    /// line, botocore claimed; a role with one source, or with a web identity token, is not.
    #[test]
    fn a_role_of_the_credentials_file_alone_may_have_no_source() {
        let config = "[profile keys]\naws_access_key_id = A\naws_secret_access_key = S\n";
        let credentials = "[lone]\nregion = r\nrole_arn = arn:aws:iam::1:role/L\n\
                           [sourced]\nrole_arn = x\nsource_profile = keys\n\
                           [web]\nrole_arn = x\nweb_identity_token_file = t\n\
                           [two]\nsource_profile = keys\nrole_arn = y\n\
                           credential_source = Environment\n\
                           [web-two]\nrole_arn = x\nweb_identity_token_file = t\n\
                           source_profile = keys\ncredential_source = Environment\n";
        let creds = CredentialsProfiles::read("creds".into(), credentials.into());
        let d = diagnose_with_credentials(config, Kept::All, creds).unwrap();
        let found: Vec<(&str, &str, Option<&str>, usize)> = (d.findings.iter())
            .map(|f| (f.code(), f.subject.name(), f.file(), f.line))
            .collect();
        assert_eq!(
            found,
            [
                ("role_arn_without_source", "lone", Some("creds"), 3),
                ("role_arn_with_both_sources", "two", Some("creds"), 12),
            ]
        );
        let two = &d.findings[1];
        assert_eq!(two.severity(), Severity::Error);
        let said: Vec<_> = (two.failures().into_iter())
            .map(|x| (x.reader, x.error.map(|e| e.into_owned())))
            .collect();
        let botocore = "The profile \"two\" contains both source_profile and credential_source.";
        assert_eq!(said, [(Reader::Botocore, Some(botocore.to_string()))]);
        assert_eq!(two.elsewhere().unwrap().1.text, b"role_arn = y");
        let f = &d.findings[0];
        assert_eq!(f.severity(), Severity::Error);
        let readers: Vec<Reader> = f.failures().iter().map(|x| x.reader).collect();
        assert_eq!(readers, [Reader::Botocore]);
        let Some((path, excerpt)) = f.elsewhere() else {
            panic!("{f:?}");
        };
        assert_eq!(
            (path, excerpt.text.as_slice()),
            ("creds", &b"role_arn = arn:aws:iam::1:role/L"[..])
        );
    }

    /// A session is used by a profile the credentials file sends to it (botocore merges that
    /// file's `sso_session` over the config's), or that only that file has: such a session is
    /// not unused, and one of them that lacks a key has botocore users, which fail; a config
    /// profile the file sends elsewhere is not its user.
    #[test]
    fn a_session_s_users_are_read_with_the_credentials_file() {
        let config = "[sso-session lean]\nsso_start_url = https://l/start\n\
                      [sso-session spare]\nsso_start_url = https://s/start\nsso_region = r\n\
                      [sso-session idle]\nsso_start_url = https://i/start\nsso_region = r\n\
                      [sso-session left]\nsso_start_url = https://x/start\n\
                      [profile moved]\nsso_session = left\nsso_account_id = 1\nsso_role_name = R\n\
                      [profile sent]\nsso_account_id = 1\nsso_role_name = R\n";
        let credentials = "[only]\nsso_session = lean\nsso_account_id = 1\n\
                           [sent]\nsso_session = spare\n[moved]\nsso_session = spare\n";
        let creds = CredentialsProfiles::read("creds".into(), credentials.into());
        let d = diagnose_with_credentials(config, Kept::All, creds).unwrap();
        let sessions: Vec<(&str, &str, Option<bool>)> = (d.findings.iter())
            .filter(|f| matches!(&*f.subject, Subject::Section(_)))
            .map(|f| {
                let botocore_users = match &f.kind {
                    FindingKind::SessionLacksKey { botocore_users, .. } => Some(*botocore_users),
                    _ => None,
                };
                (f.subject.name(), f.code(), botocore_users)
            })
            .collect();
        assert_eq!(
            sessions,
            [
                ("sso-session lean", "session_lacks_key", Some(true)),
                ("sso-session idle", "unused_session", None),
                ("sso-session left", "unused_session", None),
                ("sso-session left", "session_lacks_key", Some(false)),
            ]
        );
        // Without the file, the config's reading.
        let none = CredentialsProfiles::default();
        let d = diagnose_with_credentials(config, Kept::All, none).unwrap();
        let unused: Vec<&str> = (d.findings.iter())
            .filter(|f| f.code() == "unused_session")
            .map(|f| f.subject.name())
            .collect();
        assert_eq!(
            unused,
            ["sso-session lean", "sso-session spare", "sso-session idle"]
        );
    }

    /// botocore merges every key of a session into a profile that uses it, failing first on a
    /// value that differs, then naming the profile's own missing keys before the session's:
    /// its text is quoted only where it is the one botocore gives.
    #[test]
    fn botocore_s_text_about_missing_keys_is_quoted_where_botocore_gives_it() {
        let botocore = |src: &str, code: &str| claims_of(src, code, Reader::Botocore);
        let lacking = "[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n";
        let user = "[profile a]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n";
        let listed = botocore(&format!("{lacking}{user}"), "session_lacks_key");
        assert_eq!(
            listed,
            [Some(
                "is configured to use SSO but is missing required configuration: sso_region".into()
            )]
        );
        // A user without a role is told of its role first; one whose account differs from the
        // session's, of that.
        for other in [
            "[profile b]\nsso_session = s\nsso_account_id = 1\n",
            "[profile b]\nsso_session = s\nsso_account_id = 2\nsso_role_name = R\n",
        ] {
            let src = format!("{}sso_account_id = 1\n{user}{other}", lacking);
            assert_eq!(botocore(&src, "session_lacks_key"), [None], "{other:?}");
        }
        let session = "[sso-session s]\nsso_start_url = https://a.awsapps.com/start\n\
                       sso_region = us-east-1\n";
        let profile = "[profile p]\nsso_session = s\nsso_account_id = 1\n";
        let lacks_role = format!("{session}{profile}");
        assert_eq!(botocore(&lacks_role, "missing_sso_keys").len(), 1);
        // The session gives it the role; or botocore fails on the account that differs.
        for extra in ["sso_role_name = R\n", "sso_account_id = 2\n"] {
            let src = format!("{session}{extra}{profile}");
            assert_eq!(botocore(&src, "missing_sso_keys"), [], "{extra:?}");
        }
    }

    /// The SDKs that the finding `code` on line `line` of `src` claims, in order.
    fn claimed(src: &str, code: &str, line: usize) -> Vec<Reader> {
        let d = diagnose(src).unwrap();
        let f = (d.findings.iter()).find(|f| f.code() == code && f.line == line);
        let f = f.unwrap_or_else(|| panic!("{src:?}: no {code} at line {line}"));
        f.failures().iter().map(|f| f.reader).collect()
    }

    /// A key with no value reads as no key to the SDKs that read nothing on its line or read it
    /// under another name: no profile is read otherwise there, as `empty_value` has it. With a
    /// value, they are claimed.
    #[test]
    fn a_key_with_no_value_is_read_alike_by_sdks_that_read_no_key() {
        use Reader::*;
        assert_eq!(
            claimed("[profile a]\nregion = x\nconfig:\n", "colon_delimiter", 3),
            [RustSdk, JavaV2, Dotnet, Cpp]
        );
        assert!(claimed("[profile a]\nconfig: x\n", "colon_delimiter", 2).contains(&JsV3));
        let d = diagnose("[profile a]\nREGION =\n").unwrap();
        assert!(!d.findings.iter().any(|f| f.code() == "key_read_otherwise"));
        // What else such a line shows is still found: Ruby reads a blank after `=` as the value.
        assert_eq!(
            claimed("[profile a]\nREGION = \n", "blank_value", 2),
            [RubyV3]
        );
        let upper = claimed("[profile a]\nREGION = x\n", "key_read_otherwise", 2);
        assert!(
            upper.contains(&JsV3) && upper.contains(&RubyV3),
            "{upper:?}"
        );
    }

    /// A header botocore ignores and other SDKs merge into a profile: they read the profile
    /// otherwise where it adds a key (as they read keys) or, coming later, changes one; .NET,
    /// which takes the first, where it comes first.
    #[test]
    fn a_merged_section_is_claimed_where_it_changes_the_profile() {
        use Reader::*;
        let code = "merged_by_other_sdks";
        let kept = "[profile a]\nregion = x\n";
        // Added before botocore's: every merging SDK, and .NET, which sees only it.
        let before = claimed(&format!("[ profile a ]\noutput = json\n{kept}"), code, 1);
        assert!(
            before.contains(&RustSdk) && before.contains(&Dotnet),
            "{before:?}"
        );
        // The same key and value, later: nobody.
        assert_eq!(
            claimed(&format!("{kept}[ profile a ]\nregion = x\n"), code, 3),
            []
        );
        // Another value, earlier: botocore's wins for those that merge; .NET takes the first.
        assert_eq!(
            claimed(&format!("[ profile a ]\nregion = y\n{kept}"), code, 1),
            [Dotnet]
        );
        // Later, another value: every merging SDK, not .NET.
        let later = claimed(&format!("{kept}[ profile a ]\nregion = y\n"), code, 3);
        assert!(
            later.contains(&RustSdk) && !later.contains(&Dotnet),
            "{later:?}"
        );
        // A session alike: its users are read otherwise.
        let session = "[sso-session s]\nsso_region = x\n[ sso-session s ]\nsso_start_url = y\n";
        let diagnosis = diagnose(session).unwrap();
        let f = (diagnosis.findings.iter())
            .find(|f| f.code() == code)
            .unwrap();
        let failures = f.failures();
        assert!(
            failures
                .iter()
                .any(|f| f.reader == RustSdk && f.scope == Scope::Users),
            "{failures:?}"
        );
        // `Region` is another key to those that look keys up as written, not to Rust.
        let case = claimed(&format!("{kept}[ profile a ]\nRegion = x\n"), code, 3);
        assert!(
            !case.contains(&RustSdk) && case.contains(&JavaV2),
            "{case:?}"
        );
    }

    /// The AWS SDK for Rust merges a profile written twice: its SSO keys are those of both
    /// sections, and `[default]` drops out where `[profile default]` replaces it; a key it
    /// reads as another (whitespace botocore strips) is not there.
    #[test]
    fn rust_reads_the_sso_keys_of_every_section_it_merges() {
        let rust_claim = |src: &str| match first_kind(src, "missing_sso_keys") {
            Some(FindingKind::MissingSsoKeys(k)) => k.rust,
            other => panic!("{src:?}: {other:?}"),
        };
        let portal = "sso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\n";
        assert_eq!(
            rust_claim(&format!(
                "[profile dev]\n{portal}[profile dev]\nsso_account_id = 1\nsso_role_name = r\n"
            )),
            None
        );
        assert_eq!(
            rust_claim(&format!(
                "[profile dev]\n{portal}[profile  dev]\nsso_account_id = 1\n"
            ))
            .as_deref(),
            Some(
                "profile `dev` has invalid SSO config: if `sso_account_id` is set, then \
                 `sso_role_name` must also be set"
            )
        );
        assert!(
            rust_claim(&format!(
                "[profile default]\n{portal}[default]\nsso_account_id = 1\nsso_role_name = r\n"
            ))
            .is_some_and(|c| c.contains("access token instead of credentials"))
        );
        // The first section names a session: Rust reads the portal there, in the session
        // (complete, then without a region).
        let session_first = "[profile dev]\nsso_session = s\nsso_account_id = 1\n\
                             [profile  dev]\nsso_role_name = r\n[sso-session s]\n";
        assert_eq!(rust_claim(&format!("{session_first}{portal}")), None);
        assert_eq!(
            rust_claim(&format!(
                "{session_first}sso_start_url = https://a.awsapps.com/start\n"
            ))
            .as_deref(),
            Some("profile `dev` was not defined: `sso_region` was missing")
        );
        // botocore's profile names the session and lacks a role, which the other section Rust
        // merges gives it.
        assert_eq!(
            rust_claim(&format!(
                "[profile dev]\nsso_role_name = r\n[profile  dev]\nsso_session = s\n\
                 sso_account_id = 1\n[sso-session s]\n{portal}"
            )),
            None
        );
        // The inline key Rust rejects first is the start URL of the other section.
        let hybrid = format!(
            "[profile dev]\nsso_start_url = https://a.awsapps.com/start\n[profile  dev]\n\
             sso_session = s\nsso_region = us-east-1\n[sso-session s]\n{portal}"
        );
        match first_kind(&hybrid, "hybrid_redundant") {
            Some(FindingKind::HybridRedundant(r)) => {
                let rust = Some(readers::rust_hybrid_text("dev", SSO_START_URL));
                assert_eq!((r.keys, r.rust), (vec![SSO_REGION.into()], rust));
            }
            other => panic!("{other:?}"),
        }
        // botocore's profile is the later `[default]`, which Rust drops beside
        // `[profile default]`: Rust reads the legacy keys of `[profile default]` alone, or no
        // SSO setting at all.
        let rust_of_redundant = |profile_default: &str| {
            let src = format!(
                "[profile default]\n{profile_default}[default]\nsso_session = s\n\
                 sso_region = us-east-1\n[sso-session s]\n{portal}"
            );
            match first_kind(&src, "hybrid_redundant") {
                Some(FindingKind::HybridRedundant(r)) => r.rust,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            rust_of_redundant("sso_role_name = r\nsso_region = us-east-1\n"),
            Some(rust_account_role("default", false))
        );
        assert_eq!(rust_of_redundant(""), None);
        // A form feed at the key's end is whitespace botocore strips and Rust keeps: no region.
        assert_eq!(
            rust_claim(
                "[profile dev]\nsso_start_url = https://a.awsapps.com/start\nsso_region\x0c = x\n"
            )
            .as_deref(),
            Some("profile `dev` was not defined: `sso_region` was missing")
        );
    }

    /// The AWS SDK for Rust merges `[ sso-session s ]`, which botocore ignores, into
    /// `[sso-session s]`: where that supplies what the session lacks, Rust's users do not fail.
    #[test]
    fn rust_reads_the_keys_of_every_session_section_it_merges() {
        let rust_fails = |src: &str| match first_kind(src, "session_lacks_key") {
            Some(FindingKind::SessionLacksKey {
                rust_users_fail, ..
            }) => rust_users_fail,
            other => panic!("{src:?}: {other:?}"),
        };
        let user = "[profile dev]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n";
        let session = "[sso-session s]\nsso_region = us-east-1\n";
        let url = "sso_start_url = https://a.awsapps.com/start\n";
        assert!(!rust_fails(&format!(
            "{user}{session}[ sso-session s ]\n{url}"
        )));
        // Merged, but without the start URL; or a header Rust reads as another session.
        assert!(rust_fails(&format!(
            "{user}{session}[ sso-session s ]\nx = 1\n"
        )));
        assert!(rust_fails(&format!(
            "{user}{session}[ sso-session t ]\n{url}"
        )));
        assert!(rust_fails(&format!("{user}{session}")));
        // The user's other section, which Rust merges into it, names another session: Rust
        // takes either from run to run, and is not said to fail.
        let other = format!(
            "[profile dev]\nsso_session = t\n[profile  dev]\nsso_session = s\n\
             sso_account_id = 1\nsso_role_name = r\n[sso-session t]\n{url}\
             sso_region = us-east-1\n"
        );
        assert!(!rust_fails(&format!("{other}{session}")));
        // A key Rust reads as another name (a form feed botocore strips) is no start URL.
        assert!(rust_fails(&format!(
            "{user}{session}[ sso-session s ]\nsso_start_url\x0c = https://a.awsapps.com/start\n"
        )));
    }

    /// A header botocore reads as one profile and the AWS SDK for Rust as another (it trims a
    /// no-break space) says what Rust reads: a profile botocore does not have.
    #[test]
    fn a_header_only_botocore_reads_says_what_rust_reads_it_as() {
        let reads_as = |src: &str| match first_kind(src, "botocore_only_section") {
            Some(FindingKind::BotocoreOnlySection { rust_reads_as, .. }) => rust_reads_as,
            other => panic!("{src:?}: {other:?}"),
        };
        assert_eq!(
            reads_as("[profile b\u{a0}]\nregion = a\n").as_deref(),
            Some("b")
        );
        assert_eq!(reads_as("[profiles b]\nregion = a\n"), None);
    }

    /// A header botocore ignores (`[sso-session a = b]`: four words to it) that Go v2 reads as
    /// the session `a = b`, and Go alone of the SDKs a reading is taken from; with text after
    /// its `]`, Go reads no header on the line (`asProfile`), and nobody is said to read one.
    #[test]
    fn a_header_line_go_reads_no_header_on_is_no_session_of_go() {
        let read_by = |header: &str| match first_kind(
            &format!("[profile a]\nk = v\n{header}\nk = v\n"),
            "botocore_ignores_header",
        ) {
            Some(FindingKind::BotocoreIgnoresHeader { read_by, .. }) => Some(read_by),
            _ => None,
        };
        assert!(read_by("[sso-session a = b]").is_some_and(|r| r.contains(Reader::GoV2)));
        assert_eq!(read_by("[sso-session a = b]x"), None);
    }

    /// Rust and Go v2 cut a comment botocore keeps in `sso_session`'s value: where what is left
    /// names a session of the file, they find it, and `missing_session` does not claim them.
    /// Neither cuts where no blank comes before the sign (Go v2 since aws/aws-sdk-go-v2#2371).
    #[test]
    fn a_session_name_read_otherwise_is_found_by_those_that_read_it() {
        let claims = |value: &str, reader| {
            claims_of(
                &dev_with(&format!("sso_session = {value}")),
                "missing_session",
                reader,
            )
        };
        assert_eq!(claims("s ;c", Reader::RustSdk), []);
        assert_eq!(claims("s ;c", Reader::GoV2), []);
        assert_eq!(claims("s#c", Reader::GoV2).len(), 1);
        assert_eq!(claims("s#c", Reader::RustSdk).len(), 1);
        // Go v2 takes quotes off a value (`legacyStrconv`), after cutting the comment.
        for value in ["\"s\"", "'s'", "\"s\" ;c"] {
            assert_eq!(claims(value, Reader::GoV2), [], "{value}");
            assert_eq!(claims(value, Reader::RustSdk).len(), 1, "{value}");
        }
        assert_eq!(claims("\"s'", Reader::GoV2).len(), 1);
        // What is left names no session: both fail, Rust on the name it read.
        let gone = claims("t ;c", Reader::RustSdk);
        assert_eq!(gone.len(), 1);
        assert!(
            gone[0].as_deref().is_some_and(|t| t.contains("named `t`")),
            "{gone:?}"
        );
        assert_eq!(claims("t ;c", Reader::GoV2).len(), 1);
    }

    /// A session that a profile reaches only in the SDKs that cut a comment from its
    /// `sso_session` (or, Go and PHP, take quotes off) is used, to them: not `unused_session`,
    /// whose help says to remove it.
    #[test]
    fn a_session_reached_only_as_other_sdks_read_the_name_is_not_unused() {
        let unused = |line: &str| {
            let report = diagnose(dev_with(line)).unwrap();
            (report.findings.iter()).any(|f| f.code() == "unused_session")
        };
        // PHP cuts at a `;` with no blank before it, and reads no key in `SSO_SESSION`.
        for value in ["s ;c", "s\t#c", "\"s\"", "'s' ;c", "s;c"] {
            assert!(!unused(&format!("sso_session = {value}")), "{value}");
        }
        for value in ["s#c", "t ;c", "\"s'", "\"t\""] {
            assert!(unused(&format!("sso_session = {value}")), "{value}");
        }
        assert!(unused("SSO_SESSION = s;c"));
    }

    /// Go v2 and Java v2 compare a profile's inline `sso_start_url` and `sso_region` with its
    /// session's as they read them: a comment botocore keeps in one is cut by both, quotes are
    /// taken off by Go, and a key line either does not read as that key is no conflict to it.
    #[test]
    fn an_inline_conflict_is_claimed_for_go_and_java_as_they_read_the_values() {
        let claims = |inline: &str, reader| {
            let src = dev_with(&format!("sso_session = s\n{inline}"));
            claims_of(&src, "hybrid_conflict", reader)
        };
        let (go, java) = (Reader::GoV2, Reader::JavaV2);
        let botocore = |inline: &str| claims(inline, Reader::Botocore).len();
        let commented = "sso_region = us-east-1 # main";
        assert_eq!(botocore(commented), 1);
        assert_eq!(claims(commented, go), []);
        assert_eq!(claims(commented, java), []);
        // No blank before the sign: every SDK keeps it in the value.
        assert_eq!(claims("sso_region = us-east-1#main", go).len(), 1);
        assert_eq!(claims("sso_region = us-east-1#main", java).len(), 1);
        let quoted = "sso_start_url = \"https://a.awsapps.com/start\"";
        assert_eq!(botocore(quoted), 1);
        assert_eq!(claims(quoted, go), []);
        assert_eq!(
            claims(quoted, java),
            [Some(
                "Profile dev and Sso-session s has different sso_start_url.".to_string()
            )]
        );
        // A key line Java does not read as `sso_region` (it takes no `:` and keeps a key's
        // case) is no inline key to it; Go reads both.
        for line in ["sso_region: eu-west-1", "SSO_REGION = eu-west-1"] {
            assert_eq!(botocore(line), 1, "{line}");
            assert_eq!(claims(line, java), [], "{line}");
            assert_eq!(claims(line, go).len(), 1, "{line}");
        }
        // Go takes the quotes off `''` and `""` alike: empty, both.
        let session_quoted = "[profile dev]\nsso_session = s\nsso_account_id = 1\n\
                              sso_role_name = r\nsso_region = ''\n[sso-session s]\n\
                              sso_start_url = https://a.awsapps.com/start\nsso_region = \"\"\n";
        assert_eq!(claims_of(session_quoted, "hybrid_conflict", go), []);
        assert_eq!(claims_of(session_quoted, "hybrid_conflict", java), [None]);
        let differs = "sso_region = eu-west-1 # main";
        assert_eq!(
            claims(differs, go),
            [Some(
                "sso_region in profile \"dev\" must match sso_region in sso-session".to_string()
            )]
        );
        assert_eq!(claims(differs, java), [None]);
    }

    /// The AWS SDK for Rust takes the credentials of a profile that names itself as its source
    /// (`NextProfile::SelfReference`), and reads `role_arn` and its source in every section it
    /// merges into the profile: a loop or a missing source claims it only where it fails.
    #[test]
    fn rust_role_claims_follow_self_reference_and_merged_sections() {
        let role = "role_arn = arn:aws:iam::1:role/R\nsource_profile = dev\n";
        let sso = format!(
            "[profile dev]\n{role}sso_session = s\nsso_account_id = 1\nsso_role_name = R\n\
             {SESSION_S}"
        );
        assert_eq!(rust_claims(&sso, "source_profile_loop"), []);
        let bare = format!("[profile dev]\n{role}region = us-east-1\n");
        assert_eq!(rust_claims(&bare, "source_profile_loop"), [None]);
        let process = format!("[profile dev]\n{role}credential_process = p\n");
        assert_eq!(rust_claims(&process, "source_profile_loop"), []);
        // A longer loop fails in Rust too.
        let two = "[profile a]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = b\n\
                   [profile b]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = a\n";
        assert_eq!(rust_claims(two, "source_profile_loop"), [None, None]);
        // The source in a section botocore does not read as the profile, and Rust merges.
        let merged = "[profile dev]\nsource_profile = base\n[profile  dev]\n\
                      role_arn = arn:aws:iam::1:role/R\n\
                      [profile base]\naws_access_key_id = a\naws_secret_access_key = b\n";
        assert_eq!(rust_claims(merged, "role_arn_without_source"), []);
        let alone = "[profile dev]\nrole_arn = arn:aws:iam::1:role/R\n";
        assert_eq!(rust_claims(alone, "role_arn_without_source"), [None]);
        // Both sources, as botocore reads the profile and as Rust does; a web identity profile
        // is no role chain to either.
        let both = "[profile dev]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n\
                    credential_source = Environment\n\
                    [profile base]\naws_access_key_id = a\naws_secret_access_key = b\n";
        let text = "invalid credential source in `dev`: profile contained both source_profile \
                    and credential_source. Only one or the other can be defined";
        assert_eq!(
            rust_claims(both, "role_arn_with_both_sources"),
            [Some(text.to_string())]
        );
        let web = both.replace(
            "source_profile = base",
            "source_profile = base\nweb_identity_token_file = t",
        );
        assert_eq!(diagnose(web).unwrap().findings, []);
        // A second source from `[DEFAULT]`, which botocore reads and Rust does not: botocore's
        // refusal alone.
        let defaults = format!("[DEFAULT]\ncredential_source = Environment\n{both}").replace(
            "credential_source = Environment\n[profile base]",
            "[profile base]",
        );
        let readers: Vec<Vec<Reader>> = (diagnose(defaults).unwrap().findings.iter())
            .filter(|f| f.code() == "role_arn_with_both_sources")
            .map(|f| f.failures().iter().map(|x| x.reader).collect())
            .collect();
        assert_eq!(readers, [[Reader::Botocore]]);
    }

    /// A role's chain is followed as botocore merges the credentials file into each profile:
    /// a source that file gives replaces the config's missing one (no finding), or is missing
    /// itself; a loop may be made by that file's sources, or pass through a role only that file
    /// has, which is found at its `source_profile` line there, as is such a role's missing
    /// source. The AWS SDK for Rust is not claimed on a link that file gives.
    #[test]
    fn a_role_s_chain_is_read_with_the_credentials_file() {
        let config = "[profile keys]\naws_access_key_id = a\naws_secret_access_key = b\n\
                      [profile fixed]\nrole_arn = r\nsource_profile = gone\n\
                      [profile lost]\nrole_arn = r\n\
                      [profile d]\nrole_arn = r\n[profile f]\nrole_arn = r\n\
                      [profile x]\nrole_arn = r\nsource_profile = c\n\
                      [profile y]\nrole_arn = r\nsource_profile = e\n";
        let credentials = "[fixed]\nsource_profile = keys\n[lost]\nsource_profile = nowhere\n\
                           [d]\nsource_profile = f\n[f]\nsource_profile = d\n\
                           [c]\nrole_arn = r\nsource_profile = x\n\
                           [e]\nrole_arn = r\nsource_profile = keys\n\
                           [m]\nrole_arn = r\nsource_profile = nobody\n";
        let creds = CredentialsProfiles::read("creds".into(), credentials.into());
        let d = diagnose_with_credentials(config, Kept::All, creds).unwrap();
        let found: Vec<(&str, &str, _, Vec<Reader>)> = (d.findings.iter())
            .map(|f| {
                let readers = f.failures().iter().map(|x| x.reader).collect();
                let there = f.file().map(|path| (path, f.line));
                (f.code(), f.subject.name(), there, readers)
            })
            .collect();
        let botocore = || vec![Reader::Botocore];
        assert_eq!(
            found,
            [
                ("source_profile_missing", "lost", None, botocore()),
                ("source_profile_loop", "d", None, botocore()),
                ("source_profile_loop", "f", None, botocore()),
                ("source_profile_loop", "x", None, botocore()),
                ("source_profile_loop", "c", Some(("creds", 11)), botocore()),
                (
                    "source_profile_missing",
                    "m",
                    Some(("creds", 17)),
                    botocore()
                ),
            ]
        );
        let excerpts: Vec<&[u8]> = (d.findings[4..].iter())
            .map(|f| f.elsewhere().unwrap().1.text.as_slice())
            .collect();
        assert_eq!(
            excerpts,
            [&b"source_profile = x"[..], b"source_profile = nobody"]
        );
        let chains: Vec<Vec<&str>> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::SourceProfileLoop { chain, .. } => {
                    Some(chain.iter().map(|c| &**c).collect())
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            chains,
            [
                ["d", "f", "d"],
                ["f", "d", "f"],
                ["x", "c", "x"],
                ["c", "x", "c"]
            ]
        );
        let FindingKind::SourceProfileMissing {
            source,
            source_in_credentials_file,
            source_from_defaults,
            ..
        } = &d.findings[0].kind
        else {
            panic!("{:?}", d.findings[0]);
        };
        assert_eq!(
            (
                source.as_str(),
                *source_in_credentials_file,
                *source_from_defaults
            ),
            ("nowhere", true, false)
        );
    }

    /// A role's two sources may come from two files, as botocore merges the credentials file
    /// into the config's profile: it is refused, and the AWS SDK for Rust, read from the config
    /// alone here, is not claimed.
    #[test]
    fn a_role_s_sources_are_read_from_both_files() {
        let config = "[profile dev]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n\
                      [profile base]\naws_access_key_id = a\naws_secret_access_key = b\n";
        let creds = CredentialsProfiles::read(
            "creds".into(),
            b"[dev]\ncredential_source = Environment\n".to_vec(),
        );
        let d = diagnose_with_credentials(config, Kept::All, creds).unwrap();
        let found: Vec<_> = (d.findings.iter())
            .map(|f| (f.code(), f.subject.name(), f.file(), f.line))
            .collect();
        assert_eq!(found, [("role_arn_with_both_sources", "dev", None, 1)]);
        let FindingKind::RoleArnWithBothSources(role) = &d.findings[0].kind else {
            panic!("{:?}", d.findings[0]);
        };
        assert_eq!(&*role.keys_in_credentials_file, ["credential_source"]);
        let readers: Vec<Reader> = (d.findings[0].failures().iter())
            .map(|x| x.reader)
            .collect();
        assert_eq!(readers, [Reader::Botocore]);
        assert_eq!(diagnose(config).unwrap().findings, []);
    }

    /// A profile with its own `role_arn` is a role to the AWS SDK for Rust, which takes its
    /// credentials through the source and never reads its SSO settings (`resolve_chain`): the
    /// findings about them do not claim Rust; nor does a missing `source_profile` that only
    /// `[DEFAULT]` gives, which Rust does not read, claim Rust's text for a source it lacks.
    #[test]
    fn a_role_profile_s_sso_settings_are_not_claimed_for_rust() {
        let base = "[profile base]\naws_access_key_id = a\naws_secret_access_key = b\n";
        let session = SESSION_S;
        for (code, keys) in [
            (
                "missing_session",
                "sso_session = gone\nsso_account_id = 1\nsso_role_name = R\n",
            ),
            (
                "hybrid_conflict",
                "sso_session = s\nsso_start_url = https://b.awsapps.com/start\n\
                 sso_account_id = 1\nsso_role_name = R\n",
            ),
            (
                "hybrid_redundant",
                "sso_session = s\nsso_start_url = https://a.awsapps.com/start\n\
                 sso_account_id = 1\nsso_role_name = R\n",
            ),
            ("missing_sso_keys", "sso_session = s\nsso_account_id = 1\n"),
        ] {
            let sso = format!("{base}{session}[profile p]\n{keys}");
            assert_eq!(rust_claims(&sso, code).len(), 1, "{code}");
            let role = format!(
                "{base}{session}[profile p]\nrole_arn = arn:aws:iam::1:role/r\n\
                 source_profile = base\n{keys}"
            );
            assert_eq!(rust_claims(&role, code), [], "{code}");
        }
        let own = "[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = gone\n";
        assert!(rust_claims(own, "source_profile_missing")[0].is_some());
        let from_defaults = "[DEFAULT]\nsource_profile = gone\n\
                             [profile p]\nrole_arn = arn:aws:iam::1:role/r\n";
        assert_eq!(rust_claims(from_defaults, "source_profile_missing"), [None]);
    }

    /// A role's source with nothing to give credentials with: botocore refuses the role
    /// (`must have credentials`), and the AWS SDK for Rust too where the source has no SSO key
    /// either, which it would try first.
    #[test]
    fn a_source_without_credentials_is_found() {
        const CODE: &str = "source_profile_without_credentials";
        let role = "[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n";
        let claims = |base: &str| {
            let src = format!("{role}[profile base]\n{base}[sso-session s]\nsso_region = r\n");
            let botocore = claims_of(&src, CODE, Reader::Botocore).len();
            (botocore, rust_claims(&src, CODE).len())
        };
        assert_eq!(claims("region = r\n"), (1, 1));
        assert_eq!(claims("REGION = r\noutput = json\n"), (1, 1));
        // `aws sso login` alone: Rust looks for SSO settings there, and fails otherwise.
        assert_eq!(claims("sso_session = s\n"), (1, 0));
        assert_eq!(claims("sso_start_url = https://a/start\n"), (1, 0));
        // A secret key or a session token without an access key ID: botocore's static key
        // providers answer only with the ID; Rust names the key that is missing.
        assert_eq!(claims("aws_secret_access_key = b\n"), (1, 0));
        assert_eq!(claims("aws_session_token = t\n"), (1, 0));
        assert_eq!(claims("aws_security_token = t\n"), (1, 0));
        assert_eq!(
            claims("aws_secret_access_key = b\naws_session_token = t\n"),
            (1, 0)
        );
        // A static key sends botocore to the providers, not to the source's own role; without a
        // role, `credential_source` is nothing to them (Rust takes the named source).
        let role_and_secret = "role_arn = arn:aws:iam::1:role/b\naws_secret_access_key = b\n";
        assert_eq!(claims(role_and_secret), (1, 0));
        assert_eq!(claims("credential_source = Environment\n"), (1, 0));
        for has in [
            "aws_access_key_id = a\n",
            "aws_access_key_id = a\naws_secret_access_key = b\n",
            "credential_process = run\n",
            "login_session = arn:aws:iam::1:user/u\n",
            "sso_session = s\nsso_account_id = 1\n",
            "sso_role_name = R\n",
            "role_arn = arn:aws:iam::1:role/b\ncredential_source = Environment\n",
            "role_arn = arn:aws:iam::1:role/b\nweb_identity_token_file = /t\n",
            "web_identity_token_file = /t\n",
            "role_arn = arn:aws:iam::1:role/b\naws_access_key_id = a\n",
        ] {
            assert_eq!(claims(has), (0, 0), "{has}");
        }
        // Where a section the AWS SDK for Rust merges into the role gives it a second source,
        // Rust refuses the role for that: its text is not this one.
        let split = format!(
            "[profile  p]\ncredential_source = Environment\n{role}[profile base]\nregion = r\n"
        );
        assert_eq!(claims_of(&split, CODE, Reader::Botocore).len(), 1);
        assert_eq!(rust_claims(&split, CODE), []);
        // A source that is a role without a source of its own is named there, not here.
        let chain = format!("{role}[profile base]\nrole_arn = arn:aws:iam::1:role/b\n");
        assert_eq!(codes(&chain), [(4, "role_arn_without_source")]);
    }

    /// A role's source whose first provider of keys finds an access key ID without the secret key
    /// in the same file: that provider refuses the source (`Partial credentials found in …`),
    /// and botocore the role. Where a provider before it answers (SSO, the credentials file's
    /// whole keys, a login session, a helper), or the keys are whole, nothing is found.
    #[test]
    fn a_source_with_an_access_key_id_alone_is_found() {
        const CODE: &str = "source_profile_partial_keys";
        let role = "[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n";
        let found = |base: &str, credentials: &str| {
            let src = format!("{role}[profile base]\n{base}");
            let creds = CredentialsProfiles::read("creds".into(), credentials.into());
            let d = diagnose_with_credentials(src, Kept::All, creds).unwrap();
            (d.findings.iter())
                .filter(|f| f.code() == CODE)
                .flat_map(|f| f.failures())
                .map(|x| (x.reader, x.error.map(|e| e.into_owned())))
                .collect::<Vec<_>>()
        };
        let claim = |file: &str| {
            vec![(
                Reader::Botocore,
                Some(format!(
                    "Partial credentials found in {file}, missing: aws_secret_access_key"
                )),
            )]
        };
        assert_eq!(found("aws_access_key_id = a\n", ""), claim("config-file"));
        // The secret key in the other file: each file's provider reads its own section.
        let secret_there = "[base]\naws_secret_access_key = b\n";
        assert_eq!(
            found("aws_access_key_id = a\n", secret_there),
            claim("config-file")
        );
        let id_there = "[base]\naws_access_key_id = a\n";
        assert_eq!(
            found("aws_secret_access_key = b\n", id_there),
            claim("shared-credentials-file")
        );
        // An access key ID beside a role sends botocore to the providers, not to the role.
        let with_role = "role_arn = arn:aws:iam::1:role/b\ncredential_source = Environment\naws_access_key_id = a\n";
        assert_eq!(found(with_role, ""), claim("config-file"));
        // The credentials file's provider comes first, even before a helper of the config.
        assert_eq!(
            found("credential_process = run\n", id_there),
            claim("shared-credentials-file")
        );
        for (base, credentials) in [
            ("aws_access_key_id = a\naws_secret_access_key = b\n", ""),
            (
                "aws_access_key_id = a\n",
                "[base]\naws_access_key_id = a\naws_secret_access_key = b\n",
            ),
            ("aws_access_key_id = a\ncredential_process = run\n", ""),
            (
                "aws_access_key_id = a\nlogin_session = arn:aws:iam::1:user/u\n",
                "",
            ),
            ("aws_access_key_id = a\nsso_account_id = 1\n", ""),
            ("aws_access_key_id = a\nweb_identity_token_file = /t\n", ""),
        ] {
            assert_eq!(found(base, credentials), [], "{base} with {credentials:?}");
        }
    }

    /// A profile without a role whose first provider of keys finds an access key ID without the
    /// secret key in the same file: botocore refuses the profile there.
    #[test]
    fn a_profile_with_an_access_key_id_alone_is_found() {
        let found = |config: &str, credentials: &str| {
            let creds = CredentialsProfiles::read("creds".into(), credentials.into());
            let d = diagnose_with_credentials(config, Kept::All, creds).unwrap();
            (d.findings.iter())
                .filter(|f| f.code() == "partial_static_keys")
                .map(|f| {
                    let error = f
                        .failures()
                        .into_iter()
                        .find(|x| x.reader == Reader::Botocore);
                    (
                        f.subject.name().to_string(),
                        error.and_then(|x| x.error).map(|e| e.into_owned()),
                    )
                })
                .collect::<Vec<_>>()
        };
        let refused = |name: &str, file: &str| {
            vec![(
                name.to_string(),
                Some(format!(
                    "Partial credentials found in {file}, missing: aws_secret_access_key"
                )),
            )]
        };
        assert_eq!(
            found("[profile a]\naws_access_key_id = A\n", ""),
            refused("a", "config-file")
        );
        assert_eq!(
            found(
                "[profile a]\naws_secret_access_key = S\n",
                "[a]\naws_access_key_id = A\n"
            ),
            refused("a", "shared-credentials-file")
        );
        for (config, credentials) in [
            (
                "[profile a]\naws_access_key_id = A\naws_secret_access_key = S\n",
                "",
            ),
            (
                "[profile a]\naws_access_key_id = A\n",
                "[a]\naws_access_key_id = A\naws_secret_access_key = S\n",
            ),
            (
                "[profile a]\naws_access_key_id = A\ncredential_process = run\n",
                "",
            ),
            (
                "[profile a]\naws_access_key_id = A\nsso_role_name = R\n",
                "",
            ),
            // A role is botocore's assume-role provider's first: other findings name it.
            (
                "[profile a]\naws_access_key_id = A\nrole_arn = R\ncredential_source = Environment\n",
                "",
            ),
        ] {
            assert_eq!(
                found(config, credentials),
                [],
                "{config} with {credentials:?}"
            );
        }
    }

    #[test]
    fn a_finding_is_no_larger_than_its_common_kinds_need() {
        // A file with a problem on every line has a finding on every line: the rare, large
        // kinds are boxed so that they do not set every finding's size (272 bytes before, 88
        // since the two largest were boxed).
        assert!(size_of::<Finding>() <= 88, "{} bytes", size_of::<Finding>());
    }

    #[test]
    fn many_spellings_of_a_portal_list_a_few_and_count_the_rest() {
        // Thirty sessions, every other one spelled with a trailing slash: each has fifteen
        // others spelled differently, of which it names the first LISTED_VARIANTS in file order.
        let src: String = (0..30)
            .map(|i| {
                let slash = if i % 2 == 1 { "/" } else { "" };
                format!(
                    "[sso-session s{i}]\nsso_start_url = https://x.awsapps.com/start{slash}\n\
                     sso_region = us-east-1\n"
                )
            })
            .collect();
        let d = diagnose(src.as_str()).unwrap();
        let variants: Vec<(&[(String, String)], usize)> = (d.findings.iter())
            .filter_map(|f| match &f.kind {
                FindingKind::StartUrlVariants { others, more, .. } => Some((&others[..], *more)),
                _ => None,
            })
            .collect();
        assert_eq!(variants.len(), 30);
        for (i, (others, more)) in variants.iter().enumerate() {
            let names: Vec<&str> = others.iter().map(|(n, _)| n.as_str()).collect();
            let expected: Vec<String> = (0..30)
                .filter(|j| j % 2 != i % 2)
                .take(LISTED_VARIANTS)
                .map(|j| format!("s{j}"))
                .collect();
            assert_eq!(names, expected, "session s{i}");
            assert_eq!(*more, 15 - LISTED_VARIANTS, "session s{i}");
        }
    }

    #[test]
    fn legacy_unused_variants_and_names() {
        let src = "[sso-session 'my corp']\nsso_start_url = https://x.awsapps.com/start/\nsso_region = us-east-1\n\
                   [sso-session other]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                   [profile old]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id =\nsso_role_name = R\n\
                   [profiles typo]\nregion = x\n";
        assert_eq!(
            codes(src),
            [
                (1, "session_name_not_portable"),
                (1, "unused_session"),
                (1, "start_url_variants"),
                (4, "unused_session"),
                (4, "start_url_variants"),
                (7, "legacy_profile"),
                (10, "empty_value"),
                (12, "botocore_only_section")
            ]
        );
    }

    /// Key lines of profiles and sessions that botocore reads as keys and other SDKs do not;
    /// not the lines of other sections, nor lines every SDK reads alike.
    #[test]
    fn key_lines_other_sdks_read_otherwise_are_found() {
        let src = "[profile a]\n  output = json\n  Region = x\n\n[sso-session s]\n\
                   SSO_START_URL = https://s.awsapps.com/start\nsso_region = eu-west-1\n\n\
                   [services x]\nFoo = 1\n\n[profile b]\nregion=x\nSSO_SESSION = s\n";
        let d = diagnose(src).unwrap();
        let found: Vec<_> = (d.findings.iter())
            .filter(|f| f.code() == "key_read_otherwise")
            .collect();
        assert_eq!(
            found.iter().map(|f| f.line).collect::<Vec<_>>(),
            [2, 3, 6, 14]
        );
        let scopes = |f: &Finding| -> Vec<(Reader, readers::Scope)> {
            f.failures().iter().map(|x| (x.reader, x.scope)).collect()
        };
        use readers::Scope::{File, Profile, Users};
        assert_eq!(
            scopes(found[0]),
            [
                (Reader::RustSdk, File),
                (Reader::GoV2, Profile),
                (Reader::JavaV2, File),
                (Reader::RubyV3, Profile)
            ],
            "an indented first key"
        );
        assert!(
            scopes(found[2]).iter().all(|&(_, s)| s == Users),
            "a session's key"
        );
        // .NET finds sso_session in any case.
        assert!(!scopes(found[3]).iter().any(|&(r, _)| r == Reader::Dotnet));
    }

    /// A value that goes on below a blank line: botocore keeps the blank line, the AWS SDK for
    /// Rust does not. Not where the value is empty on its key's line (nested keys), nor where
    /// no blank line comes between.
    #[test]
    fn a_blank_line_inside_a_value_is_claimed_for_rust() {
        let rust = |src: &str| -> Vec<(usize, Scope)> {
            let d = diagnose(src).unwrap();
            (d.findings.iter())
                .filter(|f| f.code() == "continued_value")
                .flat_map(|f| f.failures().into_iter().map(move |x| (f.line, x)))
                .filter(|(_, x)| x.reader == Reader::RustSdk)
                .map(|(line, x)| (line, x.scope))
                .collect()
        };
        let src = "[profile a]\nk = v\n\n  more = 1\n  yet = 2\n\n\n  last = 3\n";
        assert_eq!(rust(src), [(4, Scope::Profile), (8, Scope::Profile)]);
        let src = "[sso-session s]\nk = v\n \n  more = 1\n";
        assert_eq!(rust(src), [(4, Scope::Users)]);
        assert_eq!(rust("[profile a]\nk = v\n  more = 1\n"), []);
        assert_eq!(rust("[profile a]\ns3 =\n\n  x = 1\n"), []);
        assert_eq!(rust("[profile a]\nk = v\n# note\n  more = 1\n"), []);
    }

    /// A legacy profile that lacks SSO keys quotes the AWS SDK for Rust's error in its order
    /// (`sso_from_profile`): account or role alone, then sso_region, then sso_start_url, then a
    /// token instead of credentials; nothing where Rust does not read the profile, or where
    /// its SSO keys are only `[DEFAULT]`'s, which Rust does not read.
    #[test]
    fn missing_sso_keys_quote_rust_where_it_reads_the_profile() {
        let rust = |src: &str| -> Vec<String> {
            let d = diagnose(src).unwrap();
            (d.findings.iter())
                .filter(|f| f.code() == "missing_sso_keys")
                .flat_map(|f| f.failures())
                .filter(|x| x.reader == Reader::RustSdk)
                .map(|x| x.error.unwrap_or_default().into_owned())
                .collect()
        };
        assert_eq!(
            rust("[profile a]\nsso_start_url = u\nsso_account_id = 1\n"),
            [
                "profile `a` has invalid SSO config: if `sso_account_id` is set, then \
              `sso_role_name` must also be set"
            ]
        );
        assert_eq!(
            rust("[profile a]\nsso_start_url = u\n"),
            ["profile `a` was not defined: `sso_region` was missing"]
        );
        assert_eq!(
            rust("[profile a]\nsso_region = r\nsso_account_id = 1\nsso_role_name = n\n"),
            ["profile `a` was not defined: `sso_start_url` was missing"]
        );
        assert_eq!(
            rust("[profile a]\nsso_region = r\nsso_start_url = u\n"),
            [
                "selected profile will resolve an access token instead of credentials since it \
              doesn't have `sso_account_id` and `sso_role_name` set"
            ]
        );
        assert_eq!(rust("[profile a,b]\nsso_start_url = u\n"), [""; 0]);
        assert_eq!(
            rust("[DEFAULT]\nsso_account_id = 1\n[profile a]\nsso_start_url = u\n"),
            ["profile `a` was not defined: `sso_region` was missing"]
        );
        assert_eq!(
            rust("[DEFAULT]\nsso_start_url = u\nsso_account_id = 1\n[profile a]\nregion = x\n"),
            [""; 0]
        );
    }

    /// A key with a character outside the identifier set is named, once, for the AWS SDK for
    /// Rust (which ignores it) on the profile or on the session's users; not where Rust fails
    /// on the file at the line, nor in a section that is neither, nor a key it reads.
    #[test]
    fn keys_the_rust_sdk_ignores_are_found() {
        let src = "[profile a]\ncli pager = less\nrole[arn = x\nsso_start_url = u\nA.b:c+d%e@f/g-h = 1\n\
                   [sso-session s]\nsso_registration scopes = x\n[default]\nr\u{e9}gion = x\n\
                   [x y]\nk k = v\n[profile b]\nregi ;on = x\n";
        let d = diagnose(src).unwrap();
        let found: Vec<(usize, &str, Vec<Scope>)> = (d.findings.iter())
            .filter(|f| f.code() == "key_name_not_portable")
            .map(|f| {
                let key = match &f.kind {
                    FindingKind::KeyNameNotPortable { key, .. } => &**key,
                    _ => unreachable!(),
                };
                let scopes = (f.failures().iter())
                    .map(|x| {
                        assert_eq!(x.reader, Reader::RustSdk);
                        x.scope
                    })
                    .collect();
                (f.line, key, scopes)
            })
            .collect();
        assert_eq!(
            found,
            [
                (2, "cli pager", vec![Scope::Profile]),
                (3, "role[arn", vec![Scope::Profile]),
                (7, "sso_registration scopes", vec![Scope::Users]),
                (9, "r\u{e9}gion", vec![Scope::Profile]),
            ]
        );
    }

    /// The lines the AWS SDK for .NET (`IniFile.Validate`, run under Mono) and the AWS SDK for
    /// Rust cannot read, and the lines like them that they can.
    #[test]
    fn lines_other_sdks_reject_are_found_and_lines_they_read_are_not() {
        let src = "[profile a] # note\nregion: x\nfoo:bar = 1\nd = one\n  two\n  k = v\n  [DEFAULT]\n\
                   s3 =\n  addressing_style = path\n\
                   [profile b];c\n  # indented comment\n[profile c] ]\n[profile d]\t\n";
        assert_eq!(
            codes(src),
            [
                (1, "comment_after_header"),
                (2, "colon_delimiter"),
                (3, "colon_delimiter"),
                (5, "continued_value"),
                // A header indented by spaces is an array key without `=` to PHP, which
                // fails on the whole file there.
                (7, "php_rejects_line"),
                // JavaScript and Ruby read no header there: the file's own problem.
                (10, "glued_comment"),
                // An indented line right under a header continues no key to Rust.
                (11, "rust_rejects_line"),
                // botocore's header runs to the last `]`: `profile c] `, no comment after it.
                // Ruby reads no header where a `]` is not the line's only one.
                (12, "bracket_in_header"),
                (12, "botocore_only_section"),
            ]
        );
        let d = diagnose(src).unwrap();
        let readers = |i: usize| -> Vec<Reader> {
            d.findings[i].failures().iter().map(|f| f.reader).collect()
        };
        use Reader::{Cpp, Dotnet, JavaV2, JsV3, PhpV3, RubyV3, RustSdk};
        assert_eq!(
            readers(1),
            [RustSdk, JavaV2, Dotnet, JsV3, RubyV3, PhpV3, Cpp],
            "no `=`: Rust, Java and .NET fail on the file, JavaScript, Ruby and PHP read no \
             `region`, and C++ stops reading there"
        );
        assert_eq!(d.findings[1].failures()[6].scope, readers::Scope::FromHere);
        // The first line to continue a value: JavaScript and Ruby read only `one`. C++ never
        // reaches the later lines it would stop at.
        assert_eq!(readers(3), [JsV3, RubyV3, Dotnet]);
        assert_eq!(
            readers(2),
            [RustSdk, JavaV2, JsV3, RubyV3, PhpV3, Dotnet, Cpp],
            "`foo:bar = 1` is the key `foo:bar` to them, `foo` to botocore and Go"
        );
        assert_eq!(readers(4), [PhpV3]);
        assert_eq!(d.findings[4].failures()[0].scope, readers::Scope::File);
        // They read no profile `b`; .NET fails on the comment, the whole file.
        assert_eq!(readers(5), [Reader::JsV3, Reader::RubyV3, Reader::Dotnet]);
        let scopes: Vec<_> = d.findings[5].failures().iter().map(|f| f.scope).collect();
        assert_eq!(
            scopes,
            [
                readers::Scope::Profile,
                readers::Scope::Profile,
                readers::Scope::File
            ]
        );
        assert_eq!(readers(6), [RustSdk]);
        // Profile `c` has no keys to give the section above.
        assert_eq!(readers(7), [Reader::RubyV3]);
        // Blanks after an empty value's `=` are Ruby's value; after a value, on a `:` line or
        // on a CR LF line (the carriage return's finding), nothing more.
        assert_eq!(
            codes("[profile a]\nregion = \nk = v \ns3 =\t\n  x = y\nout: \n"),
            [
                (2, "blank_value"),
                (4, "blank_value"),
                (6, "colon_delimiter")
            ]
        );
        assert_eq!(
            codes("[profile a]\r\nregion = \r\n"),
            [(2, "carriage_return_value")]
        );
        // A comment sign after a blank in a key: Rust and Java fail on the file, Go and
        // JavaScript (`#` or `;`) and Ruby (`;`) read no key. Without the blank, or in the value,
        // it is no such thing (`ab;c` is a key Rust ignores). Java skips the lines of a section
        // whose header it ignores (`[profile a b]`: no name of its).
        let src = "[profile a]\nregio ;x = 1\nout\t#y = 2\nab;c = 3\nk = v ;c\n";
        assert_eq!(
            codes(src),
            [
                (2, "comment_in_key"),
                (3, "comment_in_key"),
                (4, "key_name_not_portable"),
                (5, "value_comment")
            ]
        );
        let d = diagnose(src).unwrap();
        let claims = |i: usize| -> Vec<(Reader, readers::Scope)> {
            (d.findings[i].failures().iter())
                .map(|f| (f.reader, f.scope))
                .collect()
        };
        use readers::Scope::{File, FromHere, Profile};
        assert_eq!(
            claims(0),
            [
                (Reader::RustSdk, File),
                (Reader::JavaV2, File),
                (Reader::GoV2, Profile),
                (Reader::JsV3, Profile),
                (Reader::RubyV3, Profile),
                (Reader::Cpp, FromHere)
            ]
        );
        assert_eq!(
            claims(1),
            [
                (Reader::RustSdk, File),
                (Reader::JavaV2, File),
                (Reader::GoV2, Profile),
                (Reader::JsV3, Profile)
            ]
        );
        let d = diagnose("[profile a b]\nregio ;x = 1\n").unwrap();
        let key = (d.findings.iter()).find(|f| f.code() == "comment_in_key");
        assert!(
            key.is_some_and(|f| f.failures().iter().all(|f| f.reader != Reader::JavaV2)),
            "{:?}",
            d.findings
        );
        // A U+FEFF at an end of a key: Rust drops the key, JavaScript trims the character; at
        // an end of a value Rust keeps it, as botocore does.
        for (src, want) in [
            (
                "[profile a]\nk\u{feff} = v\n",
                &[Reader::RustSdk, Reader::JsV3][..],
            ),
            ("[profile a]\nk = v\u{feff}\n", &[Reader::JsV3][..]),
        ] {
            let d = diagnose(src).unwrap();
            let found: Vec<Reader> = (d.findings.iter())
                .filter(|f| f.kind.code() == "unusual_whitespace")
                .flat_map(|f| f.failures().iter().map(|x| x.reader).collect::<Vec<_>>())
                .collect();
            assert_eq!(found, want, "{src:?}");
        }
        let d = diagnose("[sso-session s]\nsso_region =\t").unwrap();
        let scopes: Vec<_> = (d.findings.iter())
            .filter(|f| f.kind.code() == "blank_value")
            .flat_map(|f| {
                f.failures()
                    .iter()
                    .map(|x| (x.reader, x.scope))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(scopes, [(Reader::RubyV3, readers::Scope::Users)]);
        // A line with a problem of its own is that problem's.
        assert_eq!(
            codes("[profile a] x # y\nk = v\n"),
            [(1, "incomplete_header")]
        );
    }

    /// Each finding on line `line` with code `code`: its readers, scopes and named sections.
    fn claims(src: &str, line: usize, code: &str) -> Vec<(Reader, readers::Scope, Option<String>)> {
        let d = diagnose(src).unwrap();
        (d.findings.iter())
            .filter(|f| f.line == line && f.code() == code)
            .flat_map(|f| f.failures())
            .map(|x| {
                (
                    x.reader,
                    x.scope,
                    x.section.as_ref().map(|s| s.name.clone()),
                )
            })
            .collect()
    }

    /// What the Rust, JavaScript and Ruby checks found botocore reads otherwise than those SDKs,
    /// each named for the SDKs that do (`--doctor` of `interop/rust-sdk` and `interop/*/check.*`).
    #[test]
    fn lines_other_sdks_read_otherwise_name_them() {
        use Reader::{Cpp, GoV2, JavaV2, JsV3, PhpV3, RubyV3, RustSdk};
        use readers::Scope::{Inheritors, Profile, Section, Users};
        let all = |readers: &[Reader], scope| -> Vec<(Reader, readers::Scope, Option<String>)> {
            readers.iter().map(|&r| (r, scope, None)).collect()
        };
        // A comment in a value: `#` after a space is cut by Rust, Go, Java, JavaScript and C++,
        // `;` by Ruby too.
        let src = "[profile a]\nregion = x # note\n[sso-session s]\nsso_region = y ;z\nk = a#b\n";
        assert_eq!(
            claims(src, 2, "value_comment"),
            all(&[RustSdk, GoV2, JavaV2, JsV3, Cpp], Profile)
        );
        assert_eq!(
            claims(src, 4, "value_comment"),
            all(&[RustSdk, GoV2, JavaV2, JsV3, RubyV3, PhpV3, Cpp], Users)
        );
        assert_eq!(
            claims(src, 5, "value_comment"),
            [],
            "no space before the `#`"
        );
        // PHP cuts at a `;` with no blank before it too, after a value's last double quote
        // where it starts with one, and not in a value all in double quotes (PHP 8.2's
        // `parse_ini_string`, raw: `a;b` is `a`, `"a;b" ;c` is `a;b`, `"a ;b"` is `a ;b`,
        // `a #b` is `a #b`).
        let src = "[profile a]\nk = a;b\nk2 = \"a;b\" ;c\nk3 = \"a ;b\"\nk4 = \"a;b\"\n";
        assert_eq!(claims(src, 2, "value_comment"), all(&[PhpV3], Profile));
        assert_eq!(
            claims(src, 3, "value_comment"),
            all(&[RustSdk, GoV2, JavaV2, JsV3, RubyV3, PhpV3, Cpp], Profile)
        );
        assert_eq!(
            claims(src, 4, "value_comment"),
            all(&[RustSdk, GoV2, JavaV2, JsV3, RubyV3, Cpp], Profile)
        );
        assert_eq!(claims(src, 5, "value_comment"), []);
        // `[DEFAULT]`, where some profile lacks one of its keys; none where every one sets them.
        let src = "[DEFAULT]\nregion = x\n[profile a]\noutput = json\n";
        assert_eq!(
            claims(src, 1, "defaults_section"),
            all(&[RustSdk, JsV3, RubyV3], Inheritors)
        );
        // An indented comment below a value: Rust and Java read it as more of the value; one
        // right under a header is none of this.
        let src = "[profile a]\nregion = x\n  # note\n[profile b]\n  # note\nk = v\n";
        assert_eq!(
            claims(src, 3, "indented_comment"),
            all(&[RustSdk, JavaV2], Profile)
        );
        assert_eq!(claims(src, 5, "indented_comment"), []);
        assert_eq!(
            codes("[DEFAULT]\nregion = x\n[profile a]\nregion = y\n"),
            [],
            "nothing takes a key from it"
        );
        // An empty value on a CR LF line: Ruby reads a carriage return.
        let src = "[profile a]\r\ncli_pager =\r\nregion = x\r\n";
        assert_eq!(
            claims(src, 2, "carriage_return_value"),
            all(&[RubyV3], Profile)
        );
        assert_eq!(codes("[profile a]\ncli_pager =\n"), [], "LF alone");
        // A value that goes on with `=`: .NET reads the line, JavaScript and Ruby only `one`;
        // an empty value's nested keys are read by all.
        let src = "[profile a]\nd = one\n  k = v\ns3 =\n  max = 1\n";
        assert_eq!(
            claims(src, 3, "continued_value"),
            all(&[JsV3, RubyV3], Profile)
        );
        assert_eq!(codes(src), [(3, "continued_value")]);
        // Keys under a header JavaScript and Ruby read no header in go to the profile above,
        // where they change it.
        let src = "[profile a]\nregion = x\n[profile b];c\nregion = y\n";
        let named = |r| (r, Section, Some("a".to_string()));
        assert_eq!(
            claims(src, 3, "glued_comment")[3..],
            [named(JsV3), named(RubyV3)]
        );
        let same = "[profile a]\nregion = x\n[profile b];c\nregion = x\n";
        assert_eq!(
            claims(same, 3, "glued_comment").len(),
            3,
            "the same key and value"
        );
        // A header only botocore reads, or botocore and JavaScript (which takes quotes off).
        let readers = |src, line| -> Vec<Reader> {
            (claims(src, line, "botocore_only_section").into_iter())
                .map(|(r, _, _)| r)
                .collect()
        };
        assert!(readers("[profile \"p q\"]\nk = v\n", 1).contains(&JsV3));
        assert!(!readers("[profile \"pq\"]\nk = v\n", 1).contains(&JsV3));
        assert!(readers("[profile \"pq\"]\nk = v\n", 1).contains(&RubyV3));
        // The same profile twice: Ruby keeps `"twice"`'s quotes and reads only the first.
        let src = "[profile twice]\nregion = a\n[profile \"twice\"]\nregion = b\n";
        assert_eq!(
            claims(src, 3, "same_section_twice"),
            all(&[RubyV3], Profile)
        );
        // `[default]` then `[profile default]`: Ruby merges them, JavaScript takes
        // `[profile default]` (here the later), or `[default]` where `[profile default]` has no
        // key.
        let src = "[default]\nregion = a\n[profile default]\n";
        assert_eq!(
            claims(src, 3, "same_section_twice"),
            all(&[JsV3, RubyV3], Profile)
        );
        let src = "[profile default]\n[default]\nregion = a\n";
        assert_eq!(claims(src, 2, "same_section_twice"), []);
        let src = "[default]\nregion = a\n[profile default]\noutput = json\n";
        assert_eq!(
            claims(src, 3, "same_section_twice"),
            all(&[RubyV3], Profile)
        );
        let src = "[profile default]\noutput = json\n[default]\nregion = a\n";
        assert_eq!(
            claims(src, 3, "same_section_twice"),
            all(&[JsV3, RubyV3], Profile)
        );
        // A no-break space around a value: Rust and Ruby keep it; U+001D JavaScript keeps too.
        let src = "[profile a]\nregion =\u{a0}x\n";
        assert_eq!(
            claims(src, 2, "unusual_whitespace"),
            all(&[RustSdk, RubyV3], Profile)
        );
        let src = "[profile a]\nregion =\u{1d}x\n";
        assert_eq!(
            claims(src, 2, "unusual_whitespace"),
            all(&[RustSdk, JsV3, RubyV3], Profile)
        );
        // A lone carriage return joins the next line to this one for JavaScript and Ruby, and
        // Rust, to which `[profile a]\rregion = x` is a header that does not end in `]`.
        let src = "[profile a]\rregion = x\n[profile b]\nk = v\rk2 = w\n[profile c]\n";
        let on = |name: &str| [JsV3, RubyV3].map(|r| (r, Section, Some(name.to_string())));
        assert_eq!(
            claims(src, 1, "lone_carriage_return"),
            [[(RustSdk, Scope::File, None)].as_slice(), &on("a")].concat()
        );
        assert_eq!(claims(src, 4, "lone_carriage_return"), on("b"));
        // Where the next line is a header, they lose that section too.
        let src = "[profile a]\nk = v\r[profile b]\nk2 = w\n";
        let both: Vec<_> = on("a").into_iter().chain(on("b")).collect();
        assert_eq!(claims(src, 2, "lone_carriage_return"), both);
        // `[https://…` is the key `[https` to botocore, no key to JavaScript, Ruby and PHP.
        let src = "[profile a]\n[https://x.awsapps.com/start\n";
        let found = claims(src, 2, "incomplete_header");
        assert!(found.contains(&(JsV3, Profile, None)) && found.contains(&(RubyV3, Profile, None)));
    }

    /// Headers botocore and Rust read as their name and other SDKs do not: JavaScript wants one
    /// whitespace character between the words and none after, Ruby and PHP keep the text.
    #[test]
    fn a_header_other_sdks_read_otherwise_is_found() {
        let readers_of = |src: &str| -> Vec<(usize, Vec<Reader>, Vec<readers::Scope>)> {
            let d = diagnose(src).unwrap();
            (d.findings.iter())
                .filter(|f| f.code() == "header_read_otherwise")
                .map(|f| {
                    (
                        f.line,
                        f.failures().iter().map(|x| x.reader).collect(),
                        f.failures().iter().map(|x| x.scope).collect(),
                    )
                })
                .collect()
        };
        use Reader::{JsV3, PhpV3, RubyV3};
        use readers::Scope::{Profile, Users};
        let session = "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n\
                       [sso-session  corp]\nsso_start_url = https://c.awsapps.com/start\n\
                       sso_region = us-east-1\n";
        assert_eq!(
            readers_of(session),
            [(5, vec![JsV3, RubyV3, PhpV3], vec![Users, Users, Users])]
        );
        assert_eq!(
            readers_of("[profile  dev]\nregion = x\n"),
            [(1, vec![JsV3, PhpV3], vec![Profile, Profile])]
        );
        // JavaScript reads `[sso-session.corp]` as `corp`: it finds a session there (which
        // `merged_by_other_sdks` reports), Ruby and PHP do not.
        let elsewhere = session.replace("[sso-session  corp]", "[sso-session corp ]")
            + "[sso-session.corp]\nregion = x\n";
        assert_eq!(
            readers_of(&elsewhere),
            [(5, vec![RubyV3, PhpV3], vec![Users, Users])]
        );
        // Written as the AWS CLI writes them, nothing.
        assert_eq!(readers_of(&session.replace("  corp", " corp")), []);
        assert_eq!(
            readers_of("[default]\nregion = x\n[profile d.e]\nregion = y\n"),
            []
        );
    }

    #[test]
    fn text_that_is_not_a_config_cannot_be_diagnosed() {
        assert!(diagnose(&b"[a]\nk = caf\xe9\n"[..]).is_err());
        let d = diagnose("[a]\n[a]\n").unwrap();
        assert_eq!(d.findings[0].code(), "duplicate_section");
        assert_eq!(d.findings[0].severity(), Severity::Error);
    }
}
