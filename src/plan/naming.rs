//! Session names in use, and new names that collide with none of them.
//!
//! The scheme, one per portal: generated names are lower-case; the portal's base name goes to the
//! SSO region most of its profiles use, `<base>-<region>` (region lower-cased) to each other
//! region, and any clash gets `-2`, `-3`, … Finding a free suffix is linear in the number of
//! names: each stem remembers the next suffix to try, so a file with thousands of clashing names
//! is not probed from `-2` again for every new session.

use std::borrow::Cow;

use crate::hash::{HashMap, HashSet};

use crate::aws::{Config, Reader, SSO_SESSION, lower, names};

/// Session names in use: existing sessions, names profiles refer to (even dangling ones), and
/// names given out in this run. Compared case-insensitively, so no two sessions differ only in
/// case.
pub(super) struct Taken<'c> {
    cfg: &'c Config<'c>,
    /// By lower-cased name (borrowed from the config where it already is), who holds it: said
    /// in words only when a name is refused.
    owners: HashMap<Cow<'c, str>, Owner>,
    /// Per lower-cased stem, the next `-N` suffix worth trying.
    next_suffix: HashMap<String, usize>,
}

/// Who holds a session name: 8 bytes, beside each of 20,000 names on 10,000 colliding portals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// The section (a session's header, or a header other SDKs read as one).
    Header(u32),
    /// The `sso_session` value of this section.
    Reference(u32),
    /// A session this run adds.
    NewSession,
}

impl<'c> Taken<'c> {
    /// The names `cfg` uses, with room for `new` more.
    pub(super) fn new(cfg: &'c Config<'c>, new: usize) -> Taken<'c> {
        let mut t = Taken {
            cfg,
            owners: HashMap::default(),
            next_suffix: HashMap::default(),
        };
        t.owners
            .reserve(cfg.session_section_numbers().count() + new);
        // A section's number fits a `u32`: each has a line of its own.
        for (i, at) in (0..cfg.section_count()).map(|i| (i, i as u32)) {
            if let Some(name) = cfg.session_name(i) {
                t.take(lower(name), Owner::Header(at));
            }
            // Other SDKs read `[ sso-session corp ]` (Rust, Go, Java), `[sso-session \u{1}corp]`
            // (Java) or `[sso-session.corp]` (JavaScript) as `corp`; a new `corp` would merge
            // with it.
            if !cfg.other_sdks_read_no_other_name(i) {
                for reader in Reader::OTHER_SDKS {
                    match reader.reads_header(cfg.header(i)) {
                        Some(("sso-session", Cow::Borrowed(name))) => {
                            t.take(lower(name), Owner::Header(at));
                        }
                        // PHP takes `profile ` out of the middle of a name.
                        Some(("sso-session", Cow::Owned(name))) => t.add(&name, Owner::Header(at)),
                        _ => {}
                    }
                }
            }
        }
        let mut referenced: HashSet<&str> = HashSet::default();
        for i in 0..cfg.section_count() {
            if let Some(v) = cfg.get(i, SSO_SESSION)
                && referenced.insert(v)
            {
                t.take(lower(v), Owner::Reference(i as u32));
            }
        }
        t
    }

    pub(super) fn add(&mut self, name: &str, by: Owner) {
        self.take(Cow::Owned(lower(name).into_owned()), by);
    }

    /// Records `by` as the holder of the lower-cased `name`, unless someone already holds it.
    fn take(&mut self, name: Cow<'c, str>, by: Owner) {
        self.owners.entry(name).or_insert(by);
    }

    /// Who holds `name`, in words.
    pub(super) fn owner(&self, name: &str) -> Option<String> {
        let header = |i: usize| self.cfg.header(i);
        self.owners.get(lower(name).as_ref()).map(|by| match *by {
            Owner::Header(i) => {
                let i = i as usize;
                format!("[{}] at line {}", header(i), self.cfg.header_line(i) + 1)
            }
            Owner::Reference(i) => format!(
                "`sso_session = {}` in [{}]",
                self.cfg.get(i as usize, SSO_SESSION).unwrap_or_default(),
                header(i as usize)
            ),
            Owner::NewSession => "a new session".to_string(),
        })
    }

    /// `stem` if it is free, else the first free `stem-N` from N = 2. The name is not taken
    /// until [`Taken::add`].
    pub(super) fn unique(&mut self, stem: String) -> String {
        let key = lower(&stem);
        if !self.owners.contains_key(key.as_ref()) {
            return stem;
        }
        // The stem is copied once, when it first clashes; each later clash finds it borrowed.
        let next = match self.next_suffix.get_mut(key.as_ref()) {
            Some(next) => next,
            None => self.next_suffix.entry(key.into_owned()).or_insert(2),
        };
        // One buffer for every candidate: 10,000 colliding names try 10,000 suffixes.
        let mut candidate = String::with_capacity(stem.len() + 8);
        loop {
            candidate.clear();
            candidate.push_str(&stem);
            candidate.push('-');
            candidate.push_str(itoa::Buffer::new().format(*next));
            *next += 1;
            if !self.owners.contains_key(lower(&candidate).as_ref()) {
                return candidate;
            }
        }
    }
}

/// The stem for a new session of a portal whose base name is `base`: `base` for the portal's main
/// SSO region, `<base>-<region>` (lower-case) for another region. A region that makes no valid
/// name keeps `base`, and the clash rule numbers it.
pub(super) fn stem(base: String, region: &str, main_region: bool) -> String {
    if main_region {
        return base;
    }
    let region = names::sanitize(region).to_lowercase();
    let suffixed = [&base, "-", &region].concat();
    if names::is_valid(&suffixed) && !region.is_empty() {
        suffixed
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;

    #[test]
    fn thousands_of_clashes_get_the_next_free_suffix() {
        // 5,000 existing `acme-N` sessions and `acme` itself: probing from `-2` for every new
        // name would take 12.5 million lookups; the counter takes about 10,000.
        let mut src = String::from("[sso-session acme]\n");
        for n in 2..5002 {
            src.push_str(&format!("[sso-session acme-{n}]\n"));
        }
        let doc = Document::parse(src);
        let cfg = Config::read(&doc);
        let mut taken = Taken::new(&cfg, 0);
        let mut given = Vec::new();
        for _ in 0..5000 {
            let name = taken.unique("acme".into());
            taken.add(&name, Owner::NewSession);
            given.push(name);
        }
        assert_eq!(given[0], "acme-5002");
        assert_eq!(given[4999], "acme-10001");
        let distinct: HashSet<&String> = given.iter().collect();
        assert_eq!(distinct.len(), 5000);
        // A freed-up gap below the counter is not revisited, but a name taken later is skipped.
        taken.add("acme-10003", Owner::NewSession);
        assert_eq!(taken.unique("acme".into()), "acme-10002");
        taken.add("acme-10002", Owner::NewSession);
        assert_eq!(taken.unique("acme".into()), "acme-10004");
    }

    #[test]
    fn owners_are_named_when_asked() {
        let doc = Document::parse(
            "[sso-session Corp]\nsso_region = us-east-1\n\n[profile a]\nsso_session = Dangling\n",
        );
        let cfg = Config::read(&doc);
        let mut taken = Taken::new(&cfg, 0);
        taken.add("fresh", Owner::NewSession);
        assert_eq!(
            taken.owner("corp").as_deref(),
            Some("[sso-session Corp] at line 1")
        );
        assert_eq!(
            taken.owner("DANGLING").as_deref(),
            Some("`sso_session = Dangling` in [profile a]")
        );
        assert_eq!(taken.owner("Fresh").as_deref(), Some("a new session"));
        assert_eq!(taken.owner("other"), None);
        assert_eq!(taken.unique("CORP".into()), "CORP-2");
    }

    #[test]
    fn a_name_other_sdks_trim_a_header_to_is_taken() {
        // botocore reads `[sso-session \u{a0}corp]` as `\u{a0}corp`; the AWS SDK for Rust trims
        // every Unicode space from a name's ends and reads `corp`, which a new `corp` would merge
        // with there.
        for space in ['\u{a0}', '\u{2028}', '\u{b}', '\u{3000}'] {
            let doc = Document::parse(format!(
                "[sso-session {space}corp]\n[sso-session team{space}]\n"
            ));
            let cfg = Config::read(&doc);
            let mut taken = Taken::new(&cfg, 0);
            assert_eq!(taken.unique("corp".into()), "corp-2", "{space:?}");
            assert_eq!(taken.unique("team".into()), "team-2", "{space:?}");
            assert!(
                taken
                    .owner("corp")
                    .is_some_and(|o| o.ends_with("at line 1"))
            );
        }
    }

    #[test]
    fn a_name_java_or_javascript_reads_in_a_header_is_taken() {
        // The AWS SDK for Java 2.x trims every character up to U+0020 (`String.trim`):
        // `[sso-session \u{1}corp]` is `corp` to it. The AWS SDK for JavaScript v3 reads
        // `[sso-session.team]`, `[sso-session\u{a0}ops]` and `[sso-session 'dev']` as `team`,
        // `ops` and `dev`; botocore reads the first two as no session and the last as `dev`.
        let doc = Document::parse(
            "[sso-session \u{1}corp]\n[sso-session.team]\nk = v\n[sso-session\u{a0}ops]\n\
             [sso-session 'dev']\n[sso-session corp2];]\n",
        );
        let cfg = Config::read(&doc);
        let mut taken = Taken::new(&cfg, 0);
        let lines = [
            ("corp", 1),
            ("team", 2),
            ("ops", 4),
            ("dev", 5),
            ("corp2", 6),
        ];
        for (section, (name, line)) in lines.into_iter().enumerate() {
            assert_eq!(taken.unique(name.into()), format!("{name}-2"));
            let header = cfg.header(section);
            assert_eq!(
                taken.owner(name),
                Some(format!("[{header}] at line {line}")),
                "{header:?}"
            );
        }
    }

    #[test]
    fn a_name_only_php_reads_in_a_header_is_taken() {
        // PHP reads a header up to its first `]`, and the AWS SDK for PHP takes `profile ` out
        // of a name: `[sso-session corp]x]` and `[sso-session profile team]` are `corp` and
        // `team` to it alone. The second name is built, not lent from the header.
        let doc = Document::parse("[sso-session corp]x]\n[sso-session profile team]\n");
        let cfg = Config::read(&doc);
        let mut taken = Taken::new(&cfg, 0);
        assert_eq!(taken.unique("corp".into()), "corp-2");
        assert_eq!(taken.unique("team".into()), "team-2");
        assert_eq!(
            taken.owner("team"),
            Some("[sso-session profile team] at line 2".to_owned())
        );
    }

    #[test]
    fn stems_follow_the_region() {
        assert_eq!(stem("acme".into(), "us-east-1", true), "acme");
        assert_eq!(stem("acme".into(), "US-EAST-1", false), "acme-us-east-1");
        assert_eq!(stem("acme".into(), "eu-west-1", false), "acme-eu-west-1");
        assert_eq!(stem("acme".into(), "###", false), "acme");
    }
}
