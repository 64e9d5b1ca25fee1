//! Headers botocore (the AWS CLI) reads as no profile and no sso-session, where other AWS SDKs
//! read one: `[profile ops] # see [JIRA-1]` (botocore's header runs to the last `]` on its line,
//! `profile ops] # see [JIRA-1`, which `shlex` splits into five words; the others cut the
//! comment first), `[ profile dev ]` (botocore wants the header to start with `profile`),
//! `[default ]`, `[profile a b]`. The AWS CLI has no such profile or session; the SDKs that
//! read one do, so a name that works in a program fails in the shell, and a reader's claim that
//! a profile or session is missing is botocore's only. Where botocore has a profile or session
//! of that name under another header, the SDKs merge the two: that is the problem
//! `merged_by_other_sdks`, not this.
//!
//! Found once per check-up, over the sections botocore reads as neither (nearly every file has
//! none, or a `[plugins]` or two).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use super::{Finding, FindingKind, Subject};

use crate::aws::other_sdks::{Reader, Readers};
use crate::aws::{Config, lint};

/// The SDKs whose reading of a header needs its kind's word (`profile`, `sso-session`) or
/// `default`, and which cut a comment from the header's line: a reading of theirs is a section
/// the header was written to be. The AWS SDKs for Ruby v3 and PHP v3 read any other header as
/// a profile of that text (`[plugins]` is the profile `plugins` to them), and the AWS SDK for
/// .NET keeps a comment in the header (`[profile ops] x # [y]` is the profile `ops] x # [y` to
/// it), so their reading alone says nothing; each is named where it reads the same.
const BY_KIND: [Reader; 5] = [
    Reader::RustSdk,
    Reader::GoV2,
    Reader::JavaV2,
    Reader::JsV3,
    Reader::Cpp,
];

/// A header botocore ignores that SDKs read as a profile or session botocore lacks.
struct IgnoredHeader<'c> {
    /// The section (its number in the config).
    section: usize,
    /// `profile` or `sso-session`.
    kind: &'static str,
    name: Cow<'c, str>,
    /// Every other SDK that reads the header as that kind and name.
    read_by: Readers,
}

/// The headers of a file that botocore ignores and other SDKs read as a profile or session
/// botocore does not have, in file order, and by what they read (a file may have thousands, and
/// a profile naming a session to look up in them each).
pub(super) struct IgnoredHeaders<'c> {
    headers: Vec<IgnoredHeader<'c>>,
    by_name: HashMap<(&'static str, Cow<'c, str>), Readers>,
}

impl<'c> IgnoredHeaders<'c> {
    /// `php_fails_at`: whether PHP's INI reader fails on the whole file at line `i` (0-based),
    /// where the AWS SDK for PHP v3 then reads no section.
    pub(super) fn of(cfg: &'c Config, php_fails_at: impl Fn(usize) -> bool) -> IgnoredHeaders<'c> {
        let doc = cfg.document();
        let mut headers = Vec::new();
        let mut by_name: HashMap<(&'static str, Cow<'c, str>), Readers> = HashMap::new();
        for i in cfg.other_section_numbers() {
            let header = cfg.header(i);
            // Every reading by kind needs one of these words; `[plugins]` has none.
            if !["profile", "sso-session", "default"]
                .iter()
                .any(|w| header.contains(w))
            {
                continue;
            }
            // The readers model the text botocore reads between the brackets; the AWS SDKs for
            // JavaScript v3 and Ruby v3 may read no header at all on the line, for what follows
            // the `]` (`[profile team b];note` is none to Ruby), and PHP v3 none where it fails on
            // the whole file there.
            let at = cfg.header_line(i);
            let text = doc.text(at).trim_start_matches([' ', '\t']);
            let mut unread = lint::header_line_unread_by(text, doc.ending(at));
            if php_fails_at(at) {
                unread = unread.with(Reader::PhpV3);
            }
            // The first reading, in the order the SDKs are listed (Rust's, where it has one):
            // where botocore has that section, the SDKs merge the two, which is another
            // finding; a stray reading of another SDK there (.NET's `ops] # see [JIRA-1`) is
            // no section anybody meant.
            let Some((kind, name)) = (BY_KIND.into_iter())
                .filter(|&r| !unread.contains(r))
                .find_map(|r| r.reads_header(header))
            else {
                continue;
            };
            let botocore_has = match kind {
                "profile" => cfg.profile(&name),
                _ => cfg.session(&name),
            };
            if botocore_has.is_some() {
                continue;
            }
            let read_by = (Reader::OTHER_SDKS.into_iter())
                .filter(|&r| !unread.contains(r) && r.reads_header_as(header, kind, &name))
                .fold(Readers::default(), Readers::with);
            let all = by_name.entry((kind, name.clone())).or_default();
            *all = read_by.iter().fold(*all, Readers::with);
            headers.push(IgnoredHeader {
                section: i,
                kind,
                name,
                read_by,
            });
        }
        IgnoredHeaders { headers, by_name }
    }

    /// A [`FindingKind::BotocoreIgnoresHeader`] on each header, in file order.
    pub(super) fn findings<'a>(&'a self, cfg: &'a Config) -> impl Iterator<Item = Finding> + 'a {
        self.headers.iter().map(|h| {
            let subject = Arc::new(Subject::Section(cfg.header(h.section).into()));
            let kind = FindingKind::BotocoreIgnoresHeader {
                name: (*h.name).into(),
                session: h.kind == "sso-session",
                read_by: h.read_by,
            };
            Finding::new(subject, cfg.header_line(h.section) + 1, kind, None)
        })
    }

    /// The other SDKs that read the `kind` (`profile` or `sso-session`) named `name` in some
    /// header botocore ignores: to them it exists.
    pub(super) fn readers_of(&self, kind: &'static str, name: &str) -> Readers {
        if self.headers.is_empty() {
            return Readers::default();
        }
        (self.by_name.get(&(kind, Cow::Borrowed(name))))
            .copied()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::other_sdks::Reader::*;
    use crate::doc::Document;

    fn ignored(text: &str) -> Vec<(usize, &'static str, String, Vec<Reader>)> {
        let doc = Document::parse(text);
        let cfg = Config::read(&doc);
        // Each SDK's reading of the header alone: where PHP fails on the whole file is the
        // check-up's (`a_session_or_source_an_sdk_reads_in_such_a_header_is_not_missing_to_it`).
        let found = IgnoredHeaders::of(&cfg, |_| false);
        (found.headers.iter())
            .map(|h| {
                let readers = h.read_by.iter().collect();
                (
                    cfg.header_line(h.section) + 1,
                    h.kind,
                    h.name.to_string(),
                    readers,
                )
            })
            .collect()
    }

    #[test]
    fn headers_botocore_ignores_are_found_with_what_each_sdk_reads() {
        let all_but_dotnet = vec![RustSdk, GoV2, JavaV2, JsV3, RubyV3, PhpV3, Cpp];
        assert_eq!(
            ignored("[profile ops] # see [JIRA-1]\nregion = a\n"),
            [(1, "profile", "ops".to_string(), all_but_dotnet)]
        );
        assert_eq!(
            ignored("[a]\n[ sso-session corp ]\nsso_region = a\n"),
            [(
                2,
                "sso-session",
                "corp".to_string(),
                vec![RustSdk, GoV2, JavaV2, Dotnet, Cpp]
            )]
        );
        // Rust reads no name with a blank; Go, Ruby, PHP and .NET do.
        assert_eq!(
            ignored("[profile a b]\n"),
            [(
                1,
                "profile",
                "a b".to_string(),
                vec![GoV2, RubyV3, PhpV3, Dotnet]
            )]
        );
        assert_eq!(ignored("[default ]\n")[0].2, "default");
    }

    #[test]
    fn headers_botocore_reads_or_that_name_no_profile_are_not() {
        for text in [
            "[profile ops]\n",
            "[plugins]\n[preview]\n[services s3]\n[dev]\n",
            "[DEFAULT]\nregion = a\n",
            // botocore has the profile: the SDKs merge the two (`merged_by_other_sdks`).
            "[profile dev]\n[ profile dev ]\n",
            "[profile ops]\n[profile ops] # see [JIRA-1]\n",
            // Nobody reads a profile here.
            "[[profile a]]\n",
            "[profile ops] x # [y]\n",
        ] {
            assert_eq!(ignored(text), [], "{text:?}");
        }
    }

    #[test]
    fn a_session_or_source_an_sdk_reads_in_such_a_header_is_not_missing_to_it() {
        let text = "[ sso-session corp ]\nsso_start_url = https://a.awsapps.com/start\n\
                    sso_region = us-east-1\n[profile app]\nsso_session = corp\n\
                    sso_account_id = 1\nsso_role_name = r\n[profile ops] # [X-1]\nregion = a\n\
                    [profile deploy]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = ops\n";
        let d = crate::doctor::diagnose(text.as_bytes()).expect("diagnosable");
        let failing = |code: &str| -> Vec<Reader> {
            let f = (d.findings.iter())
                .find(|f| f.code() == code)
                .unwrap_or_else(|| panic!("no {code}"));
            f.failures().iter().map(|f| f.reader).collect()
        };
        assert_eq!(failing("missing_session"), [Botocore]);
        assert_eq!(failing("source_profile_missing"), [Botocore]);
        let codes: Vec<_> = d.findings.iter().map(|f| (f.line, f.code())).collect();
        assert_eq!(
            codes,
            [
                (1, "botocore_ignores_header"),
                (4, "missing_session"),
                (8, "botocore_ignores_header"),
                // `# [X-1]` after the `]` is an array key without `=` to PHP.
                (8, "php_rejects_line"),
                (10, "source_profile_missing"),
            ]
        );
        // PHP, which fails on the whole file there, reads no profile `ops` in it, and so no
        // source for `deploy`.
        let ops = &d.findings[2];
        assert!(
            matches!(&ops.kind, FindingKind::BotocoreIgnoresHeader { read_by, .. }
                if !read_by.is_empty() && !read_by.contains(PhpV3)),
            "{:?}",
            ops.kind
        );
        let deploy = &d.findings[4];
        assert!(
            matches!(&deploy.kind, FindingKind::SourceProfileMissing { read_elsewhere_by, .. }
                if !read_elsewhere_by.is_empty() && !read_elsewhere_by.contains(PhpV3)),
            "{:?}",
            deploy.kind
        );
    }
}
