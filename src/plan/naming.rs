//! Session names in use, and new names that collide with none of them.
//!
//! The scheme, one per portal: generated names are lower-case; the portal's base name goes to the
//! SSO region most of its profiles use, `<base>-<region>` (region lower-cased) to each other
//! region, and any clash gets `-2`, `-3`, … Finding a free suffix is linear in the number of
//! names: each stem remembers the next suffix to try, so a file with thousands of clashing names
//! is not probed from `-2` again for every new session.

use crate::hash::{HashMap, HashSet};

use crate::aws::{Config, SSO_SESSION, SectionKind, cross_sdk_kind, names};

/// Session names in use: existing sessions, names profiles refer to (even dangling ones), and
/// names given out in this run. Compared case-insensitively, so no two sessions differ only in
/// case.
pub(super) struct Taken {
    owners: HashMap<String, String>,
    /// Per lower-cased stem, the next `-N` suffix worth trying.
    next_suffix: HashMap<String, usize>,
}

impl Taken {
    pub(super) fn new(cfg: &Config) -> Taken {
        let mut t = Taken {
            owners: HashMap::default(),
            next_suffix: HashMap::default(),
        };
        for s in cfg.sections() {
            let by = || format!("[{}] at line {}", s.header, s.header_line + 1);
            if let SectionKind::SsoSession { name, .. } = &s.kind {
                t.add(name, &by());
            }
            // Other SDKs read `[ sso-session corp ]` as `corp`; a new `corp` would merge with it.
            if let Some(("sso-session", name)) = cross_sdk_kind(s.header) {
                t.add(name, &by());
            }
        }
        let mut referenced: HashSet<&str> = HashSet::default();
        for (i, s) in cfg.sections().iter().enumerate() {
            if let Some(v) = cfg.get(i, SSO_SESSION)
                && referenced.insert(v)
            {
                t.add(v, &format!("`sso_session = {v}` in [{}]", s.header));
            }
        }
        t
    }

    pub(super) fn add(&mut self, name: &str, by: &str) {
        self.owners
            .entry(name.to_lowercase())
            .or_insert_with(|| by.to_string());
    }

    pub(super) fn owner(&self, name: &str) -> Option<String> {
        self.owners.get(&name.to_lowercase()).cloned()
    }

    /// `stem` if it is free, else the first free `stem-N` from N = 2. The name is not taken
    /// until [`Taken::add`].
    pub(super) fn unique(&mut self, stem: &str) -> String {
        if self.owner(stem).is_none() {
            return stem.to_string();
        }
        let next = self.next_suffix.entry(stem.to_lowercase()).or_insert(2);
        loop {
            let candidate = format!("{stem}-{next}");
            *next += 1;
            if !self.owners.contains_key(&candidate.to_lowercase()) {
                return candidate;
            }
        }
    }
}

/// The stem for a new session of a portal whose base name is `base`: `base` for the portal's main
/// SSO region, `<base>-<region>` (lower-case) for another region. A region that makes no valid
/// name keeps `base`, and the clash rule numbers it.
pub(super) fn stem(base: &str, region: &str, main_region: bool) -> String {
    if main_region {
        return base.to_string();
    }
    let suffixed = format!("{base}-{}", names::sanitize(region).to_lowercase());
    if names::is_valid(&suffixed) && suffixed != format!("{base}-") {
        suffixed
    } else {
        base.to_string()
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
        let mut taken = Taken::new(&cfg);
        let mut given = Vec::new();
        for _ in 0..5000 {
            let name = taken.unique("acme");
            taken.add(&name, "a new session");
            given.push(name);
        }
        assert_eq!(given[0], "acme-5002");
        assert_eq!(given[4999], "acme-10001");
        let distinct: HashSet<&String> = given.iter().collect();
        assert_eq!(distinct.len(), 5000);
        // A freed-up gap below the counter is not revisited, but a name taken later is skipped.
        taken.add("acme-10003", "x");
        assert_eq!(taken.unique("acme"), "acme-10002");
        taken.add("acme-10002", "a new session");
        assert_eq!(taken.unique("acme"), "acme-10004");
    }

    #[test]
    fn stems_follow_the_region() {
        assert_eq!(stem("acme", "us-east-1", true), "acme");
        assert_eq!(stem("acme", "US-EAST-1", false), "acme-us-east-1");
        assert_eq!(stem("acme", "eu-west-1", false), "acme-eu-west-1");
        assert_eq!(stem("acme", "###", false), "acme");
    }
}
