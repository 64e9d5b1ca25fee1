//! The names botocore reads from a config's headers, indexed: which section each profile and
//! sso-session name resolves to (the last of that name, as botocore's dict keeps it), the keys of
//! the `[DEFAULT]` sections, and the problems of a header or a name met twice.

use std::borrow::Cow;
use std::hash::BuildHasher;

use crate::doc::LineKind;
use crate::doc::py;
use crate::hash::HashMap;

use super::lint::{self, header_span, key_span};
use super::problem::{Problem, ProblemKind, SectionWhat, TwoHeaders, line_number};
use super::{Config, KindTag, PropAt, fingerprint, header_of, lower};

/// Which name a [`NameIndex`] reads from a section.
#[derive(Debug, Clone, Copy)]
pub(super) enum Named {
    Profile,
    SsoSession,
}

impl Named {
    fn kind(self) -> KindTag {
        match self {
            Named::Profile => KindTag::Profile,
            Named::SsoSession => KindTag::SsoSession,
        }
    }
}

/// Sections by the profile or session name botocore reads from their headers: a table of section
/// indices, each compared by its own section's name, so that an entry is 4 bytes and no name is
/// held twice. A later section of the same name replaces an earlier one.
#[derive(Debug)]
pub(super) struct NameIndex {
    named: Named,
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl NameIndex {
    pub(super) fn new(named: Named, capacity: usize) -> NameIndex {
        NameIndex {
            named,
            table: hashbrown::HashTable::with_capacity(capacity),
            hasher: Default::default(),
        }
    }

    pub(super) fn get(&self, cfg: &Config, name: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(name);
        let kind = self.named.kind();
        self.table
            .find(hash, |&i| cfg.name_if(i as usize, kind) == Some(name))
            .map(|&i| i as usize)
    }

    /// Indexes section `i` under its name `name`, with one lookup: where a section of that name
    /// is indexed already, `replaces` is asked, with that section, whether `i` takes its place.
    pub(super) fn insert_with(
        &mut self,
        cfg: &Config,
        i: usize,
        name: &str,
        replaces: impl FnOnce(usize) -> bool,
    ) {
        let (kind, hasher) = (self.named.kind(), &self.hasher);
        // Only sections of the index's kind are inserted, so each has a name.
        let name_of = |j: &u32| cfg.name_if(*j as usize, kind).unwrap_or_default();
        let entry = self.table.entry(
            hasher.hash_one(name),
            |j| name_of(j) == name,
            |j| hasher.hash_one(name_of(j)),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(mut e) => {
                if replaces(*e.get() as usize) {
                    *e.get_mut() = i as u32;
                }
            }
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(i as u32);
            }
        }
    }

    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// The indexed sections, in no order.
    pub(super) fn sections(&self) -> impl Iterator<Item = usize> + '_ {
        self.table.iter().map(|&i| i as usize)
    }
}

impl<'d> Config<'d> {
    /// Indexes the sections by name and the `[DEFAULT]` keys, and records what is met twice.
    pub(super) fn index(&mut self) {
        // Sized once: a file of a million sections would otherwise rehash each map many times.
        let n = self.sections.len();
        let mut default_keys: HashMap<&str, usize> = HashMap::default();
        let mut problems = Vec::new();
        let mut profiles = NameIndex::new(Named::Profile, n);
        let mut sessions = NameIndex::new(Named::SsoSession, 0);
        // Where a header was first written, for a later section with the very same header. The
        // same header means the same name, so for profiles and sessions only names met more than
        // once are kept (a file of a million profiles needs no map of a million headers).
        let mut spellings: HashMap<&str, Vec<(&str, usize)>> = HashMap::default();
        let mut other_headers: HashMap<&str, usize> = HashMap::default();
        let mut defaults = Vec::new();
        for (i, kept) in self.sections.iter().enumerate() {
            let line = kept.header_at as usize + 1;
            // Made only where a problem names it, or for a header of another kind.
            let header = || header_of(self.doc, kept.header_at as usize);
            if kept.kind == KindTag::Defaults {
                for &at in &self.props[self.prop_range(i)] {
                    let p = self.prop(at);
                    if let Some(first) = default_keys.get(p.key) {
                        problems.push(Problem::new(
                            p.line + 1,
                            key_span(self.doc, p.line),
                            ProblemKind::DuplicateKey {
                                key: p.key.into(),
                                section: header().into(),
                                first_line: line_number(*first),
                            },
                        ));
                    } else {
                        default_keys.insert(p.key, p.line + 1);
                        defaults.push(self.prop_cow(at));
                    }
                }
                continue;
            }
            let duplicate = |first_line: usize| {
                Problem::new(
                    line,
                    header_span(self.doc, line - 1),
                    ProblemKind::DuplicateSection {
                        header: header().into(),
                        first_line: line_number(first_line),
                    },
                )
            };
            let (map, what) = match kept.kind {
                KindTag::Profile => (&mut profiles, SectionWhat::Profile),
                KindTag::SsoSession => (&mut sessions, SectionWhat::SsoSession),
                _ => {
                    match other_headers.get(header()) {
                        Some(&first) => problems.push(duplicate(first)),
                        None => {
                            other_headers.insert(header(), line);
                        }
                    }
                    continue;
                }
            };
            let name = self.name_of(i);
            // A later section of the name replaces the one indexed, but for one with the very
            // same header: a duplicate section, which botocore refuses.
            map.insert_with(self, i, name, |first| {
                let (s, other) = (self.section(i), self.section(first));
                let seen = spellings
                    .entry(name)
                    .or_insert_with(|| vec![(other.header, other.header_line() + 1)]);
                if let Some(&(_, first_line)) = seen.iter().find(|(h, _)| *h == s.header) {
                    problems.push(duplicate(first_line));
                    return false;
                }
                seen.push((s.header, line));
                problems.push(Problem::new(
                    line,
                    header_span(self.doc, s.header_line()),
                    ProblemKind::SameSectionTwice {
                        headers: TwoHeaders::of(&s, &other, what, name),
                        other_sdks: lint::other_sdks_read(
                            (s.header, line),
                            (other.header, other.header_line() + 1),
                            what,
                            name,
                        ),
                    },
                ));
                true
            });
        }
        lint::merged_by_other_sdks(
            self,
            |name| profiles.get(self, name),
            |name| sessions.get(self, name),
            &mut problems,
        );
        self.used = vec![false; self.sections.len()];
        for i in profiles.sections().chain(sessions.sections()) {
            self.used[i] = true;
        }
        self.profiles = profiles;
        self.sessions = sessions;
        if defaults.len() > super::SCANNED_DEFAULTS {
            let mut by_key: Vec<(u32, u32)> = (defaults.iter().enumerate())
                .map(|(at, (k, _))| (fingerprint(k), at as u32))
                .collect();
            by_key.sort_unstable();
            self.defaults_by_key = by_key;
        }
        self.defaults = defaults;
        self.problems.extend(problems);
    }

    /// Property `at` with its key and value borrowed from the document where they are there,
    /// so that they outlive this config's own borrow.
    fn prop_cow(&self, at: PropAt) -> (Cow<'d, str>, Cow<'d, str>) {
        let (line, doc) = (at.line as usize, self.doc);
        let LineKind::Key { key, value, .. } = &doc.line(line).kind else {
            unreachable!("a property starts on a key line");
        };
        let p = self.prop(at);
        let value = if at.is_continued() {
            Cow::Owned(p.value.to_string())
        } else {
            Cow::Borrowed(py::rstrip(doc.slice(line, value)))
        };
        (lower(py::rstrip(doc.slice(line, key))), value)
    }
}
