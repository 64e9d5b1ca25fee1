//! Session names in use, and new names that collide with none of them.

use std::collections::{HashMap, HashSet};

use crate::aws::{Config, SSO_SESSION, SectionKind, cross_sdk_kind, names};

/// Session names in use: existing sessions, names profiles refer to (even dangling ones), and
/// names given out in this run. Compared case-insensitively, so no two sessions differ only in
/// case.
pub(super) struct Taken {
    pub(super) owners: HashMap<String, String>,
}

impl Taken {
    pub(super) fn new(cfg: &Config) -> Taken {
        let mut t = Taken {
            owners: HashMap::new(),
        };
        for s in cfg.sections() {
            let by = format!("[{}] at line {}", s.header, s.header_line + 1);
            if let SectionKind::SsoSession { name, .. } = &s.kind {
                t.add(name, &by);
            }
            // Other SDKs read `[ sso-session corp ]` as `corp`; a new `corp` would merge with it.
            if let Some(("sso-session", name)) = cross_sdk_kind(s.header) {
                t.add(&name, &by);
            }
        }
        let mut referenced: HashSet<String> = HashSet::new();
        for (i, s) in cfg.sections().iter().enumerate() {
            if let Some(v) = cfg.get(i, SSO_SESSION) {
                let by = format!("`sso_session = {v}` in [{}]", s.header);
                if referenced.insert(v.to_string()) {
                    t.add(v, &by);
                }
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

    /// `base`, or `base-<region>` when this portal already has `base` for another region, then
    /// `-2`, `-3`, … until free.
    pub(super) fn unique(
        &self,
        base: &str,
        region: &str,
        base_by_portal: &HashMap<String, String>,
        portal: &str,
    ) -> String {
        let mut stem = base.to_string();
        if self.owner(&stem).is_some()
            && base_by_portal.get(portal).map(String::as_str) == Some(base)
        {
            let suffixed = format!("{base}-{}", names::sanitize(region));
            if names::is_valid(&suffixed) {
                stem = suffixed;
            }
        }
        if self.owner(&stem).is_none() {
            return stem;
        }
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|c| self.owner(c).is_none())
            .expect("some suffix is free")
    }
}
