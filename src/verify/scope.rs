//! What a rewrite touched: the profiles in changed sections (and those that use a changed
//! session, or all of them when a `[DEFAULT]` section changed), each found once in both files,
//! and the sso-sessions whose sections changed. Both readers compare exactly these.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::aws::{Config, SSO_SESSION};
use crate::doc::edit::LineOps;
use crate::hash::HashSet;

/// What a rewrite touched: the profiles whose meaning both readers compare, and the sso-sessions
/// whose sections changed. Names borrow from the two [`Config`]s.
#[derive(Debug)]
pub struct Scope<'a> {
    pub(super) before: &'a Config<'a>,
    pub(super) after: &'a Config<'a>,
    /// Each profile once, in file order (the original's, then those only the rewrite has), as
    /// the sections the two files resolve its name to: found once here, not again by every
    /// reader of every chunk.
    profiles: Vec<ScopedProfile>,
    pub(super) sessions: Vec<&'a str>,
}

/// A [`Scope`]'s profile: the section botocore uses for its name in the original and in the
/// rewrite, `ABSENT` where that file has no such profile (eight bytes, where a name is
/// sixteen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopedProfile {
    before: u32,
    after: u32,
}

/// A [`ScopedProfile`]'s side without the profile.
const ABSENT: u32 = u32::MAX;

impl ScopedProfile {
    fn new(before: Option<usize>, after: Option<usize>) -> ScopedProfile {
        let at = |i: Option<usize>| i.map_or(ABSENT, |i| i as u32);
        ScopedProfile {
            before: at(before),
            after: at(after),
        }
    }

    /// The profile's section in the original, if it has the profile.
    pub fn before(self) -> Option<usize> {
        (self.before != ABSENT).then_some(self.before as usize)
    }

    /// The profile's section in the rewrite, if it has the profile.
    pub fn after(self) -> Option<usize> {
        (self.after != ABSENT).then_some(self.after as usize)
    }

    /// The section of `side` (0 the original, 1 the rewrite).
    pub(super) fn on(self, side: usize) -> Option<usize> {
        if side == 0 {
            self.before()
        } else {
            self.after()
        }
    }
}

impl<'a> Scope<'a> {
    /// The scope of the edit `ops` from `before` to `after`. A section is unchanged when its
    /// lines from the header to its last property lie inside one run of equal lines and the
    /// rewrite has a section with the same such lines there (blank and comment lines after them
    /// may move to another section); every other section of either file is changed. A changed
    /// `[DEFAULT]` changes everything.
    pub fn of(before: &'a Config, after: &'a Config, ops: &LineOps) -> Scope<'a> {
        let (old_changed, new_changed) = changed_sections(before, after, ops);
        let everything = changed(&old_changed).any(|i| before.is_defaults(i))
            || changed(&new_changed).any(|i| after.is_defaults(i));
        if everything {
            return Scope::everything(before, after);
        }
        let mut scope = Scope::new(before, after);
        // The changed sessions' names, each once, in file order in the scope; and a table of
        // where each is in that list, hashed by the name, to look the profiles' sessions up in
        // (4 bytes a name, where a set of the names took 16: 10,000 portals make 20,000).
        let hasher = foldhash::fast::RandomState::default();
        let mut touched: HashTable<u32> = HashTable::new();
        let changed_sessions = (changed(&old_changed).filter_map(|i| before.session_name(i)))
            .chain(changed(&new_changed).filter_map(|i| after.session_name(i)));
        for name in changed_sessions {
            let sessions = &scope.sessions;
            let entry = touched.entry(
                hasher.hash_one(name),
                |&k| sessions[k as usize] == name,
                |&k| hasher.hash_one(sessions[k as usize]),
            );
            if let hashbrown::hash_table::Entry::Vacant(e) = entry {
                e.insert(scope.sessions.len() as u32);
                scope.sessions.push(name);
            }
        }
        let sessions = &scope.sessions;
        let is_touched = |name: &str| {
            (touched.find(hasher.hash_one(name), |&k| sessions[k as usize] == name)).is_some()
        };
        // Each name once: marked at the section the original resolves it to, or the rewrite
        // when only it has the name (a flag a section, not a set of every changed name).
        let mut listed = [
            vec![false; before.section_count()],
            vec![false; after.section_count()],
        ];
        // The rewrite's sections already listed with a section of the original: the rewrite's
        // side finds nothing new at them (they resolve the same name), so it looks nothing up.
        let mut paired = vec![false; after.section_count()];
        for (side, (cfg, flags)) in [(before, &old_changed), (after, &new_changed)]
            .into_iter()
            .enumerate()
        {
            for (i, &changed) in flags.iter().enumerate() {
                if side == 1 && paired[i] && cfg.is_in_use(i) {
                    continue;
                }
                let Some(name) = cfg.profile_name(i) else {
                    continue;
                };
                let uses_touched =
                    || !touched.is_empty() && cfg.get(i, SSO_SESSION).is_some_and(is_touched);
                if !(changed || uses_touched()) {
                    continue;
                }
                // The section itself, where botocore uses it for the name: no lookup.
                let find = |other: usize, other_cfg: &Config| {
                    if other == side && cfg.is_in_use(i) {
                        Some(i)
                    } else {
                        other_cfg.profile(name)
                    }
                };
                let in_before = find(0, before);
                let (at, j) = match in_before {
                    Some(j) => (0, j),
                    None => (1, find(1, after).expect("every profile section is indexed")),
                };
                if !listed[at][j] {
                    listed[at][j] = true;
                    let in_after = if at == 1 { Some(j) } else { find(1, after) };
                    if let Some(k) = in_after {
                        paired[k] = true;
                    }
                    scope.profiles.push(ScopedProfile::new(in_before, in_after));
                }
            }
        }
        scope
    }

    /// Every profile and session of both files.
    pub fn everything(before: &'a Config, after: &'a Config) -> Scope<'a> {
        let mut scope = Scope::new(before, after);
        let (mut profiles, mut sessions) = (HashSet::default(), HashSet::default());
        for cfg in [before, after] {
            for i in 0..cfg.section_count() {
                if let Some(name) = cfg.profile_name(i)
                    && profiles.insert(name)
                {
                    scope.profiles.push(ScopedProfile::new(
                        before.profile(name),
                        after.profile(name),
                    ));
                } else if let Some(name) = cfg.session_name(i)
                    && sessions.insert(name)
                {
                    scope.sessions.push(name);
                }
            }
        }
        scope
    }

    fn new(before: &'a Config<'a>, after: &'a Config<'a>) -> Scope<'a> {
        Scope {
            before,
            after,
            profiles: Vec::new(),
            sessions: Vec::new(),
        }
    }

    /// How many profiles to compare.
    pub fn profile_count(&self) -> usize {
        self.profiles.len()
    }

    /// The profiles to compare, those of `range` (`..` for all) in their order.
    pub fn profiles(&self, range: impl std::ops::RangeBounds<usize>) -> &[ScopedProfile] {
        let range = (range.start_bound().cloned(), range.end_bound().cloned());
        &self.profiles[range]
    }

    /// The name of a profile of this scope.
    pub fn name(&self, p: ScopedProfile) -> &'a str {
        let (cfg, i) = match p.before() {
            Some(i) => (self.before, i),
            None => (
                self.after,
                p.after().expect("a scoped profile is in a file"),
            ),
        };
        cfg.profile_name(i).expect("a scope lists profile sections")
    }
}

/// The sections flagged in `flags`.
pub(super) fn changed(flags: &[bool]) -> impl Iterator<Item = usize> + '_ {
    flags
        .iter()
        .enumerate()
        .filter(|(_, f)| **f)
        .map(|(i, _)| i)
}

/// For each section of `before` and of `after`, whether the edit changed it (see [`Scope::of`]).
/// Linear: sections and operations are both in line order.
fn changed_sections(before: &Config, after: &Config, ops: &LineOps) -> (Vec<bool>, Vec<bool>) {
    let mut old_changed = vec![true; before.section_count()];
    let mut new_changed = vec![true; after.section_count()];
    let mut k = 0;
    for (i, old_flag) in old_changed.iter_mut().enumerate() {
        let header_line = before.header_line(i);
        while k < ops.len() && ops.op(k).old_range().end <= header_line {
            k += 1;
        }
        let Some(op) = ops.get(k).filter(|op| op.is_equal()) else {
            continue;
        };
        let (old, new_index) = (op.old_range(), op.new_range().start);
        let (old_index, len) = (old.start, old.len());
        // What a section means ends with its last property: blank and comment lines after it
        // may go to another section (a new session is inserted above a profile's comments)
        // without changing it.
        let content_end = before.content_end(i);
        if old_index > header_line || content_end > old_index + len {
            continue;
        }
        let (header, end) = (
            header_line - old_index + new_index,
            content_end - old_index + new_index,
        );
        if let Some(j) = after.section_at_line(header)
            && after.content_end(j) == end
        {
            *old_flag = false;
            new_changed[j] = false;
        }
    }
    (old_changed, new_changed)
}
