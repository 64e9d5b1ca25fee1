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
//! and the sessions they use, in chunks of about [`CHUNK_BYTES`], so its maps never hold the
//! whole file, and any number of threads can take chunks; a chunk's memory comes from its
//! thread's [`crate::arena::ChunkArena`] and is given back at once. On a large file the crate
//! reads the original's legacy profiles ahead, on the other core while the plan is made
//! ([`ReadAhead`]), and the read-back compares their rewrite's side with digests of that reading,
//! falling back to the paired check wherever they do not all match. The crate is given each line
//! as it is, but for one it would read as a header where botocore continues a value (see
//! `push_for_the_crate`). [`independent`] compares two whole files; the property tests and the
//! fuzz target use it.
//!
//! A mismatch is always a bug in this tool: the caller stops and writes nothing.

mod ahead;

pub use ahead::{Digests, MIN_AHEAD_BYTES, ReadAhead};

use crate::hash::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use configparser::ini::Ini;

use crate::aws::url::portal_key_cow;
use crate::aws::{
    Config, ResolveError, SSO_ACCOUNT_ID, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_ROLE_NAME,
    SSO_SESSION, SSO_START_URL, SsoTargetRef,
};
use crate::doc::edit::LineOp;
use crate::doc::{Document, LineKind};

/// What a profile resolves to, as the `configparser` reader sees it, borrowed from its maps.
/// Start URLs are compared by portal key, the declared spelling merge.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Resolved<'m> {
    Sso {
        portal: Option<std::borrow::Cow<'m, str>>,
        region: Option<&'m str>,
        account: Option<&'m str>,
        role: Option<&'m str>,
    },
    Error(String),
}

/// One section's keys as the `configparser` crate reads them, lower-cased; `None` is a key
/// without a value, read as empty. The crate's own map, moved, not copied.
type Keys = std::collections::HashMap<String, Option<String>>;

/// Profiles or sso-sessions by name: our map (the crate's maps are only moved into it), hashed
/// with the tool's own hasher.
type Named = crate::hash::HashMap<String, Keys>;

/// The value of `key` in `keys` (a key without a value reads as empty). A section has a handful
/// of keys: they are compared in turn rather than hashed with the crate's SipHash, which cost
/// more than the comparisons.
fn value<'k>(keys: &'k Keys, key: &str) -> Option<&'k str> {
    let found = if keys.len() <= SCANNED_KEYS {
        keys.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    } else {
        keys.get(key)
    };
    found.map(|v| v.as_deref().unwrap_or(""))
}

/// Sections with at most this many keys are searched, not hashed.
const SCANNED_KEYS: usize = 8;

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

/// [`independent`] on two texts: the errors found.
fn compare_texts(before: String, after: String) -> Vec<String> {
    let (old_profiles, old_sessions) = match ini_sections(before) {
        Ok(s) => s,
        Err(e) => return vec![format!("original: {e}")],
    };
    let (new_profiles, new_sessions) = match ini_sections(after) {
        Ok(s) => s,
        Err(e) => return vec![format!("rewritten: {e}")],
    };
    let mut errors = Vec::new();
    for (name, before_map) in &old_profiles {
        let Some(after_map) = new_profiles.get(name) else {
            errors.push(format!("profile `{name}` disappeared"));
            continue;
        };
        let (b, a) = (
            view(before_map, &old_sessions),
            view(after_map, &new_sessions),
        );
        if b != a {
            errors.push(format!(
                "profile `{name}` resolved to {b:?} before and {a:?} after"
            ));
        }
        if !same_keys(before_map, after_map, |k| !is_sso_location_key(k)) {
            errors.push(format!("profile `{name}` changed keys other than sso_*"));
        }
    }
    for name in new_profiles.keys() {
        if !old_profiles.contains_key(name) {
            errors.push(format!("profile `{name}` appeared"));
        }
    }
    for (name, s) in &old_sessions {
        if !new_sessions
            .get(name)
            .is_some_and(|n| same_keys(s, n, |_| true))
        {
            errors.push(format!("sso-session `{name}` changed"));
        }
    }
    // The maps are the crate's, in hash order: the report is sorted to read the same each time.
    errors.sort_unstable();
    errors
}

/// Whether `a` and `b` hold the same keys that pass `counted`, with the same values.
fn same_keys(a: &Keys, b: &Keys, counted: impl Fn(&str) -> bool) -> bool {
    let count = |m: &Keys| m.keys().filter(|k| counted(k)).count();
    count(a) == count(b)
        && a.iter()
            .filter(|(k, _)| counted(k))
            .all(|(k, v)| value(b, k) == Some(v.as_deref().unwrap_or("")))
}

/// Checks that the lines the edit did not name are byte-identical in `old` and `new`, and that
/// `ops` cover both documents: what lets the readers skip them.
pub fn untouched(old: &Document, new: &Document, ops: &[LineOp]) -> Result<(), Vec<String>> {
    let (mut o, mut n) = (0, 0);
    for op in ops {
        let (or, nr) = (op.old_range(), op.new_range());
        if or.start != o || nr.start != n {
            return Err(vec![format!("the edit skips lines at {}", o + 1)]);
        }
        if op.is_equal() && old.lines_bytes(or.clone()) != new.lines_bytes(nr.clone()) {
            return Err(vec![format!(
                "lines {}..{} changed unasked",
                or.start + 1,
                or.end
            )]);
        }
        (o, n) = (or.end, nr.end);
    }
    if o != old.len() || n != new.len() {
        return Err(vec!["the edit does not cover the whole file".into()]);
    }
    Ok(())
}

/// What a rewrite touched: the profiles whose meaning both readers compare, and the sso-sessions
/// whose sections changed. Names borrow from the two [`Config`]s.
#[derive(Debug)]
pub struct Scope<'a> {
    before: &'a Config<'a>,
    after: &'a Config<'a>,
    /// Each profile once, in file order (the original's, then those only the rewrite has), as
    /// the sections the two files resolve its name to: found once here, not again by every
    /// reader of every chunk.
    profiles: Vec<ScopedProfile>,
    sessions: Vec<&'a str>,
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
    fn on(self, side: usize) -> Option<usize> {
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
    pub fn of(before: &'a Config, after: &'a Config, ops: &[LineOp]) -> Scope<'a> {
        let (old_changed, new_changed) = changed_sections(before, after, ops);
        let everything = changed(&old_changed).any(|i| before.is_defaults(i))
            || changed(&new_changed).any(|i| after.is_defaults(i));
        if everything {
            return Scope::everything(before, after);
        }
        let mut scope = Scope::new(before, after);
        let mut seen = HashSet::default();
        let changed_sessions = (changed(&old_changed).filter_map(|i| before.session_name(i)))
            .chain(changed(&new_changed).filter_map(|i| after.session_name(i)));
        for name in changed_sessions {
            if seen.insert(name) {
                scope.sessions.push(name);
            }
        }
        let touched: HashSet<&str> = scope.sessions.iter().copied().collect();
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
                let uses_touched = || {
                    !touched.is_empty()
                        && cfg.get(i, SSO_SESSION).is_some_and(|v| touched.contains(v))
                };
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
fn changed(flags: &[bool]) -> impl Iterator<Item = usize> + '_ {
    flags
        .iter()
        .enumerate()
        .filter(|(_, f)| **f)
        .map(|(i, _)| i)
}

/// For each section of `before` and of `after`, whether the edit changed it (see [`Scope::of`]).
/// Linear: sections and operations are both in line order.
fn changed_sections(before: &Config, after: &Config, ops: &[LineOp]) -> (Vec<bool>, Vec<bool>) {
    let mut old_changed = vec![true; before.section_count()];
    let mut new_changed = vec![true; after.section_count()];
    let mut k = 0;
    for (i, old_flag) in old_changed.iter_mut().enumerate() {
        let header_line = before.header_line(i);
        while k < ops.len() && ops[k].old_range().end <= header_line {
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

/// Text the `configparser` crate reads in one piece, old and new side together: about this many
/// bytes of changed sections (a single section may be larger).
pub const CHUNK_BYTES: usize = 64 * 1024;

/// The smallest chunk worth a `configparser` read of its own.
const MIN_CHUNK_BYTES: usize = 32 * 1024;

/// The independent reader on what a rewrite changed: the scope's profiles in chunks, each read
/// by the `configparser` crate from the old and the new text (the chunk's profile sections, every
/// `[DEFAULT]` section and the sessions the profiles use) and compared as [`independent`] does.
/// Where the crate has read a profile's original section ahead ([`Digests`]), the chunk is read
/// from the new text only, and compared by digest; the paired check decides where the digests
/// do not all match. Call [`Independent::work`] from as many threads as there are cores; each
/// takes the next chunk until none is left.
pub struct Independent<'a> {
    /// What the rewrite touched, and the two files.
    scope: &'a Scope<'a>,
    /// The scope's profiles, those to compare in pairs first, then those read ahead; each part
    /// in file order.
    profiles: Vec<ScopedProfile>,
    /// Ranges of `profiles`, and whether they were read ahead.
    chunks: Vec<Chunk>,
    /// The `[DEFAULT]` sections of each side, which every chunk holds.
    defaults: [Vec<usize>; 2],
    /// The scope's sessions that the original has: the first chunk, compared in pairs, compares
    /// them.
    changed_sessions: Vec<&'a str>,
    /// The crate's reading of the original, made ahead.
    digests: Option<Digests>,
    next: AtomicUsize,
    /// Chunks accepted by their digests: what the tests ask.
    by_digest: AtomicUsize,
    /// Errors by chunk, so that the report does not depend on which thread took which chunk.
    errors: Mutex<Vec<(usize, Vec<String>)>>,
}

/// A run of [`Independent`]'s profiles the crate reads at once.
struct Chunk {
    profiles: std::ops::Range<usize>,
    /// Whether the original's side was read ahead, so that digests may accept it.
    read_ahead: bool,
}

impl<'a> Independent<'a> {
    /// The read-back of `scope`, with the original's profiles the crate read ahead (`digests`)
    /// compared by digest.
    pub fn new(scope: &'a Scope<'a>, digests: Option<Digests>) -> Self {
        let (before, after) = (scope.before, scope.after);
        let size =
            |cfg: &Config, section: Option<usize>| section.map_or(0, |i| section_bytes(cfg, i));
        let read_ahead = |p: &ScopedProfile| {
            digests
                .as_ref()
                .is_some_and(|d| p.before().is_some_and(|i| d.has_read(i)))
        };
        let (ahead, paired): (Vec<ScopedProfile>, Vec<ScopedProfile>) =
            scope.profiles(..).iter().partition(|p| read_ahead(p));
        // The crate's work for each profile: both sides, or the rewrite's where the original's
        // was read ahead.
        let work = |p: &ScopedProfile, ahead: bool| {
            size(after, p.after()) + if ahead { 0 } else { size(before, p.before()) }
        };
        let total: usize = (paired.iter().map(|p| work(p, false)))
            .chain(ahead.iter().map(|p| work(p, true)))
            .sum();
        // A sixteenth of the work per chunk, so that two threads finish close together on a
        // small file too, but never more than CHUNK_BYTES.
        let target = (total / 16).clamp(MIN_CHUNK_BYTES, CHUNK_BYTES);
        let mut chunks = Vec::new();
        for (part, offset, read_ahead) in [(&paired, 0, false), (&ahead, paired.len(), true)] {
            let sizes = part.iter().map(|p| work(p, read_ahead));
            chunks.extend(runs(sizes, target).into_iter().map(|r| Chunk {
                profiles: offset + r.start..offset + r.end,
                read_ahead,
            }));
        }
        // The first chunk compares the changed sessions, in pairs: without profiles where no
        // profile is compared in pairs.
        if paired.is_empty() && !scope.sessions.is_empty() {
            let sessions_only = Chunk {
                profiles: 0..0,
                read_ahead: false,
            };
            chunks.insert(0, sessions_only);
        }
        let mut profiles = paired;
        profiles.extend(ahead);
        Independent {
            scope,
            profiles,
            chunks,
            defaults: [defaults_of(before), defaults_of(after)],
            changed_sessions: scope
                .sessions
                .iter()
                .copied()
                .filter(|n| before.session(n).is_some())
                .collect(),
            digests,
            next: AtomicUsize::new(0),
            by_digest: AtomicUsize::new(0),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Whether a second thread has anything to do.
    pub fn parallel(&self) -> bool {
        self.chunks.len() > 1
    }

    /// Takes and checks chunks until none is left.
    pub fn work(&self) {
        let arena = crate::arena::ChunkArena::new();
        loop {
            let c = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(chunk) = self.chunks.get(c) else {
                return;
            };
            let profiles = &self.profiles[chunk.profiles.clone()];
            // The changed sessions the original has are compared once, in the first chunk; a
            // new one is compared through the profiles that use it, in their chunks.
            let sessions: &[&str] = if c == 0 { &self.changed_sessions } else { &[] };
            let names = self.sessions_used(profiles, sessions);
            let text = |side: usize, lines: Lines| {
                let cfg = [self.scope.before, self.scope.after][side];
                let sections = profiles.iter().filter_map(|p| p.on(side));
                chunk_text(cfg, &self.defaults[side], sections, &names, lines)
            };
            if let Some(digests) = self.digests.as_ref().filter(|_| chunk.read_ahead) {
                let matches =
                    || digests_match(digests, text(0, Lines::Header), text(1, Lines::Whole));
                // SAFETY: `matches` only reads borrowed sections and the digests, and drops
                // what it builds.
                if unsafe { arena.run(matches) } {
                    self.by_digest.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
            }
            let check = || compare_texts(text(0, Lines::Whole), text(1, Lines::Whole));
            // SAFETY: `check` only reads borrowed sections and returns what it builds, which the
            // closure drops after asking whether it is empty.
            if unsafe { arena.run(|| check().is_empty()) } {
                continue;
            }
            // The chunk failed (a bug): its report is made again, outside the arena, to keep.
            let errors = check();
            // A poisoned lock means another thread panicked; that panic is reported.
            if let Ok(mut all) = self.errors.lock() {
                all.push((c, errors));
            }
        }
    }

    /// How many chunks the crate reads.
    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    /// How many sections of the original the crate read ahead, of how many it was to read.
    pub fn sections_read_ahead(&self) -> (usize, usize) {
        self.digests.as_ref().map_or((0, 0), Digests::sections_read)
    }

    /// How many chunks were read ahead, for their digests to accept.
    pub fn chunks_read_ahead(&self) -> usize {
        self.chunks.iter().filter(|c| c.read_ahead).count()
    }

    /// How many chunks their digests accepted.
    pub fn accepted_by_digest(&self) -> usize {
        self.by_digest.load(Ordering::Relaxed)
    }

    /// The result once every chunk is checked.
    pub fn finish(self) -> Result<(), Vec<String>> {
        let mut all = self.errors.into_inner().unwrap_or_default();
        if all.is_empty() {
            return Ok(());
        }
        all.sort_by_key(|(c, _)| *c);
        // A session several chunks hold is reported by each: once is enough.
        let mut seen = HashSet::default();
        let errors = all.into_iter().flat_map(|(_, e)| e);
        Err(errors.filter(|e| seen.insert(e.clone())).collect())
    }

    /// The sessions `profiles` use on either side, and `extra`, each once: both sides of a chunk
    /// hold the same session names, so a session that changed, appeared or went is seen.
    fn sessions_used(&self, profiles: &[ScopedProfile], extra: &[&'a str]) -> Vec<&'a str> {
        let on = |side: usize| profiles.iter().filter_map(move |p| p.on(side));
        let names = sessions_of(self.scope.before, on(0), extra.to_vec());
        sessions_of(self.scope.after, on(1), names)
    }
}

/// Consecutive runs of items, each as soon as their `sizes` add up to `target` (the last may be
/// less), covering every item: the chunks of the read-back and of the reading ahead.
fn runs(sizes: impl IntoIterator<Item = usize>, target: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes, mut count) = (0, 0, 0);
    for (i, size) in sizes.into_iter().enumerate() {
        count = i + 1;
        bytes += size;
        if bytes >= target {
            out.push(start..count);
            (start, bytes) = (count, 0);
        }
    }
    if start < count {
        out.push(start..count);
    }
    out
}

/// The bytes of section `i` of `cfg` the crate is given: its header to its last property.
fn section_bytes(cfg: &Config, i: usize) -> usize {
    cfg.document()
        .lines_bytes(cfg.header_line(i)..cfg.content_end(i))
        .len()
}

/// The `[DEFAULT]` sections of `cfg`, which every chunk holds.
fn defaults_of(cfg: &Config) -> Vec<usize> {
    (0..cfg.section_count())
        .filter(|&i| cfg.is_defaults(i))
        .collect()
}

/// Whether a chunk read ahead passes as the paired check would pass it, by digest: `headers`
/// (the original's side of the chunk with its profiles' headers alone) names the same profiles
/// the crate reads in `after` (the rewrite's side), each with the digest its original had, and
/// its sessions have the same keys. `false` says only that the digests cannot vouch for it.
fn digests_match(digests: &Digests, headers: String, after: String) -> bool {
    let (Ok((old_profiles, old_sessions)), Ok((new_profiles, new_sessions))) =
        (ini_sections(headers), ini_sections(after))
    else {
        return false;
    };
    old_profiles.len() == new_profiles.len()
        && old_profiles.keys().all(|name| {
            new_profiles
                .get(name)
                .is_some_and(|keys| digests.matches(name, keys, &new_sessions))
        })
        && old_sessions.iter().all(|(name, s)| {
            new_sessions
                .get(name)
                .is_some_and(|n| same_keys(s, n, |_| true))
        })
}

/// How much of a profile section the crate is given.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// From its header to its last property.
    Whole,
    /// Its header alone: the name the crate reads there.
    Header,
}

/// One side of a chunk, from `cfg`: the `defaults` sections, the profile sections `profiles`
/// (as `lines` says) and the sections of `sessions`, in file order, each ended by a newline
/// (comments and blank lines after a section's last property mean nothing to the reader).
fn chunk_text(
    cfg: &Config,
    defaults: &[usize],
    profiles: impl Iterator<Item = usize>,
    sessions: &[&str],
    lines: Lines,
) -> String {
    // (section, whether it is given whole)
    let mut secs: Vec<(usize, bool)> = defaults.iter().map(|&i| (i, true)).collect();
    secs.extend(profiles.map(|i| (i, lines == Lines::Whole)));
    secs.extend(
        sessions
            .iter()
            .filter_map(|n| cfg.session(n))
            .map(|i| (i, true)),
    );
    secs.sort_unstable();
    secs.dedup_by_key(|(i, _)| *i);
    let doc = cfg.document();
    let lines = |(i, whole): (usize, bool)| {
        let start = cfg.header_line(i);
        start..if whole { cfg.content_end(i) } else { start + 1 }
    };
    let bytes: usize = secs
        .iter()
        .map(|&s| doc.lines_bytes(lines(s)).len() + 1)
        .sum();
    let mut out = String::with_capacity(bytes);
    for &s in &secs {
        push_for_the_crate(doc, lines(s), &mut out);
        if !out.ends_with(['\n', '\r']) {
            out.push('\n');
        }
    }
    out
}

/// `names`, then the sessions the profile sections `profiles` of `cfg` use (as our model reads
/// them) that `names` does not hold, each once.
fn sessions_of<'c>(
    cfg: &'c Config,
    profiles: impl Iterator<Item = usize>,
    mut names: Vec<&'c str>,
) -> Vec<&'c str> {
    let mut seen: HashSet<&str> = names.iter().copied().collect();
    for i in profiles {
        if let Some(v) = cfg.get(i, SSO_SESSION)
            && seen.insert(v)
        {
            names.push(v);
        }
    }
    names
}

/// What the `configparser` crate is given of lines `lines` of `doc`, appended to `out`: the lines
/// as they are, but for a line that continues a value and starts with `[` after its indentation.
/// botocore (and the AWS SDKs) add such a line to the value above; the crate reads it as a
/// section header, so a `[DEFAULT]` there would hand its keys to every section of the crate's
/// reading, and a new session would disagree with its profile where botocore sees no
/// `[DEFAULT]` at all. [`CONTINUED`] before its `[` makes the crate go on with the value too.
/// Both sides of a comparison are given the same way.
fn push_for_the_crate(doc: &Document, lines: std::ops::Range<usize>, out: &mut String) {
    let text = doc.lines_text(lines.clone());
    // Nearly always: no `[` but the header's, so no such line.
    if memchr::memchr(b'[', text.as_bytes().get(1..).unwrap_or_default()).is_none() {
        out.push_str(text);
        return;
    }
    for i in lines {
        let line = doc.lines_text(i..i + 1);
        let indent = line.len() - line.trim_start().len();
        if line[indent..].starts_with('[') && doc.line(i).kind == LineKind::Continuation {
            out.push_str(&line[..indent]);
            out.push(CONTINUED);
            out.push_str(&line[indent..]);
        } else {
            out.push_str(line);
        }
    }
}

/// Put before the `[` of a line that continues a value, for the `configparser` crate (see
/// [`push_for_the_crate`]): neither whitespace nor a comment sign, so the crate reads the line as
/// the value's next line.
const CONTINUED: char = '\u{1}';

/// Checks with our own botocore model that every profile resolves as before: same target (or the
/// same error), same non-SSO keys, and that the rewritten file has no problems. Compares every
/// profile: for tests; [`same_meaning_in`] compares a rewrite's scope.
pub fn same_meaning(before: &Config, after: &Config) -> Result<(), Vec<String>> {
    same_meaning_in(&Scope::everything(before, after))
}

/// [`same_meaning`] for the profiles of `scope`, between the two files it was made from; the
/// rewritten file is checked for problems and its number of profiles whole.
pub fn same_meaning_in(scope: &Scope) -> Result<(), Vec<String>> {
    let (before, after) = (scope.before, scope.after);
    // The rewrite may keep an ambiguity it was allowed to leave alone, never add one.
    let mut before_codes: Vec<&str> = before.problems().iter().map(|p| p.kind.code()).collect();
    let mut errors: Vec<String> = after
        .problems()
        .iter()
        .filter(
            |p| match before_codes.iter().position(|c| *c == p.kind.code()) {
                Some(i) => {
                    before_codes.swap_remove(i);
                    false
                }
                None => true,
            },
        )
        .map(|p| {
            format!(
                "the rewritten file is unreadable: line {} ({})",
                p.line,
                p.kind.code()
            )
        })
        .collect();
    // Borrowed: a profile's target is compared without a copy (start URLs by portal key, which
    // is the URL itself nearly always).
    fn summarize(r: Result<SsoTargetRef<'_>, ResolveError>) -> Result<Summary<'_>, ResolveError> {
        r.map(|t| {
            (
                t.start_url.map(portal_key_cow),
                t.sso_region,
                t.account_id,
                t.role_name,
            )
        })
    }
    for &p in scope.profiles(..) {
        let name = || scope.name(p);
        let (i, j) = match (p.before(), p.after()) {
            (Some(i), Some(j)) => (i, j),
            (Some(_), None) => {
                errors.push(format!("profile `{}` disappeared", name()));
                continue;
            }
            (None, Some(_)) => {
                errors.push(format!("profile `{}` appeared", name()));
                continue;
            }
            (None, None) => continue,
        };
        let (b, a) = (
            summarize(before.resolve_borrowed(i)),
            summarize(after.resolve_borrowed(j)),
        );
        if b != a {
            errors.push(format!(
                "profile `{}` resolved to {b:?} before and {a:?} after",
                name()
            ));
        }
        if !same_other_keys(before, i, after, j) {
            errors.push(format!(
                "profile `{}` changed keys other than sso_*",
                name()
            ));
        }
        if let Some(had) = scopes(before, i)
            && scopes(after, j) != Some(had)
        {
            errors.push(format!(
                "profile `{}` lost its sso_registration_scopes",
                name()
            ));
        }
    }
    if before.profile_count() != after.profile_count() {
        errors.push("the number of profiles changed".into());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Where a profile leads, as [`same_meaning_in`] compares it: portal key, SSO region, account
/// and role.
type Summary<'c> = (
    Option<std::borrow::Cow<'c, str>>,
    Option<&'c str>,
    Option<&'c str>,
    Option<&'c str>,
);

/// Whether profile section `i` of `before` and `j` of `after` hold the same keys other than the
/// SSO location, with the same values. A rewrite keeps the order of the lines it does not
/// touch, so the keys are first compared in file order, without a list; only where that
/// differs are both sides sorted and compared.
fn same_other_keys(before: &Config, i: usize, after: &Config, j: usize) -> bool {
    let no_defaults = before.defaults().is_empty() && after.defaults().is_empty();
    if no_defaults {
        let (mut b, mut a) = (
            before.props(i).filter(|p| !is_sso_location_key(p.key)),
            after.props(j).filter(|p| !is_sso_location_key(p.key)),
        );
        let in_order = loop {
            match (b.next(), a.next()) {
                (None, None) => break true,
                (Some(x), Some(y)) if (x.key, x.value) == (y.key, y.value) => {}
                _ => break false,
            }
        };
        if in_order {
            return true;
        }
    }
    other_keys(before, i) == other_keys(after, j)
}

/// The keys of section `k` other than the SSO location, sorted: borrowed pairs, no map and no
/// copy per profile.
fn other_keys<'c>(cfg: &'c Config, k: usize) -> Vec<(&'c str, &'c str)> {
    let mut keys = cfg.effective(k);
    keys.retain(|(key, _)| !is_sso_location_key(key));
    keys.sort_unstable();
    keys
}

/// Keys a migration may move from a profile into its session. A profile's own
/// `sso_registration_scopes` moves with its portal; [`same_meaning`] checks that it arrives.
fn is_sso_location_key(key: &str) -> bool {
    matches!(
        key,
        SSO_START_URL | SSO_REGION | SSO_SESSION | SSO_REGISTRATION_SCOPES
    )
}

/// The `sso_registration_scopes` botocore sees for profile section `i`: its own (or
/// `[DEFAULT]`'s), else its session's.
fn scopes<'c>(cfg: &'c Config, i: usize) -> Option<&'c str> {
    cfg.get(i, SSO_REGISTRATION_SCOPES).or_else(|| {
        let session = cfg.session(cfg.get(i, SSO_SESSION)?)?;
        cfg.get(session, SSO_REGISTRATION_SCOPES)
    })
}

/// Profiles and sso-sessions with lower-cased keys and `[DEFAULT]` keys copied in, read by
/// `configparser`.
fn ini_sections(text: String) -> Result<(Named, Named), String> {
    let mut ini = Ini::new_cs();
    ini.set_default_section("DEFAULT");
    ini.set_multiline(true);
    // botocore keeps `# …` after a value as part of the value.
    ini.set_inline_comment_symbols(Some(&[]));
    let mut map = ini.read(text)?;
    let defaults = map.remove("DEFAULT").map(lowered).unwrap_or_default();
    let mut sections: Vec<(String, Keys)> = map.into_iter().collect();
    // Where two headers name the same profile (`[profile a]`, `[profile 'a']`), they are taken
    // in header order, not the crate's hash order, so that the same one wins on both sides of a
    // comparison. Only a header not written plainly can share its name with another.
    if !sections.iter().all(|(header, _)| plainly_named(header)) {
        sections.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    let (mut profiles, mut sessions) = (Named::default(), Named::default());
    for (mut header, keys) in sections {
        let (named, name) = match section_name(&header) {
            Some(("profile", name)) => (&mut profiles, name),
            Some((_, name)) => (&mut sessions, name),
            None => continue,
        };
        let mut keys = lowered(keys);
        for (k, v) in &defaults {
            if !keys.contains_key(k) {
                keys.insert(k.clone(), v.clone());
            }
        }
        // `name` is a slice of `header`, which becomes the name in place: no copy a section.
        let start = name.as_ptr() as usize - header.as_ptr() as usize;
        let end = start + name.len();
        header.truncate(end);
        header.drain(..start);
        named.insert(header, keys);
    }
    Ok((profiles, sessions))
}

/// Whether `header` is `KIND NAME` with one space and nothing to trim or unquote (not
/// `default`, whose name is the whole header): no other header the crate can read names the
/// same section.
fn plainly_named(header: &str) -> bool {
    match section_name(header) {
        Some((kind, name)) => {
            header.len() == kind.len() + 1 + name.len() && header.as_bytes()[kind.len()] == b' '
        }
        None => true,
    }
}

/// `keys` with lower-cased keys. Kept as it is when no key has an upper-case letter (nearly
/// always); otherwise rebuilt in key order, so that where two spellings of a key meet in one
/// section (`SSO_Start_URL` and `sso_start_url` in two headers the crate reads as one), the same
/// one wins on both sides of a comparison.
fn lowered(keys: Keys) -> Keys {
    if keys.keys().all(|k| crate::aws::is_lower(k)) {
        return keys;
    }
    let mut pairs: Vec<(String, Option<String>)> = keys.into_iter().collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_lowercase(), v))
        .collect()
}

/// `("profile", NAME)` or `("sso-session", NAME)` for a header the crate read, simply (prefix,
/// trim, one pair of quotes); both sides of a comparison are read the same way.
fn section_name(header: &str) -> Option<(&'static str, &str)> {
    if header == "default" {
        return Some(("profile", header));
    }
    // `profile NAME`, `sso-session\tNAME`: any run of spaces and tabs separates.
    let (kind, rest) = match header.split_once([' ', '\t'])? {
        ("profile", rest) => ("profile", rest),
        ("sso-session", rest) => ("sso-session", rest),
        _ => return None,
    };
    let rest = rest.trim();
    for q in ['"', '\''] {
        if rest.len() >= 2 && rest.starts_with(q) && rest.ends_with(q) {
            return Some((kind, &rest[1..rest.len() - 1]));
        }
    }
    Some((kind, rest))
}

/// What `profile` resolves to with its session merged in as botocore merges it: a key both set
/// differently is an error (the first such key in key order, so both sides name the same one).
/// Looks keys up in both maps instead of building the merged one.
fn view<'m>(profile: &'m Keys, sessions: &'m Named) -> Resolved<'m> {
    let session = match value(profile, SSO_SESSION) {
        None => None,
        Some(name) => match sessions.get(name) {
            None => return Resolved::Error(format!("sso-session `{name}` does not exist")),
            Some(session) => Some(session),
        },
    };
    if let Some(session) = session {
        let inconsistent = session
            .iter()
            .filter(|(k, v)| value(profile, k).is_some_and(|p| p != v.as_deref().unwrap_or("")))
            .map(|(k, _)| k)
            .min();
        if let Some(k) = inconsistent {
            return Resolved::Error(format!("`{k}` is inconsistent"));
        }
    }
    let get = |key: &str| value(profile, key).or_else(|| session.and_then(|s| value(s, key)));
    Resolved::Sso {
        portal: get(SSO_START_URL).map(portal_key_cow),
        region: get(SSO_REGION),
        account: get(SSO_ACCOUNT_ID),
        role: get(SSO_ROLE_NAME),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;
    use crate::doc::edit::{self, Edit};
    use std::sync::atomic::AtomicBool;

    #[test]
    fn a_value_is_found_the_same_searched_or_hashed() {
        for n in [0, 1, 3, SCANNED_KEYS, SCANNED_KEYS + 1, 20] {
            let keys: Keys = (0..n)
                .map(|i| (format!("k{i}"), (i % 3 != 0).then(|| format!("v{i}"))))
                .collect();
            for i in 0..n + 2 {
                let key = format!("k{i}");
                let hashed = keys.get(&key).map(|v| v.as_deref().unwrap_or(""));
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
        edits: Vec<Edit>,
        new_bytes: Option<&str>,
    ) -> (Vec<String>, Result<(), Vec<String>>) {
        let old = Document::parse(before);
        let applied = edit::apply(&old, edits).unwrap();
        let new = Document::parse(new_bytes.map_or(applied.bytes, |b| b.as_bytes().to_vec()));
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
        let theirs = Independent::new(&scope, None);
        theirs.work();
        let ours = same_meaning_in(&scope);
        let theirs = theirs.finish();
        assert_eq!(ours.is_err(), theirs.is_err(), "the two readers disagree");
        // Every profile of the original read ahead: the digests accept what the paired check
        // accepts, and where it fails, its report is the one given.
        let every_profile = b.profile_section_numbers().filter(|&i| b.is_in_use(i));
        let digests = ReadAhead::of(&b, every_profile).run(&AtomicBool::new(false));
        let ahead = Independent::new(&scope, Some(digests));
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
        let replace = |line, text: &str| Edit::Replace {
            line,
            text: text.into(),
        };
        // A changed key in b: only b is compared, and the change is caught.
        let (names, r) = scoped(TWO, vec![replace(7, "region = eu-west-2")], None);
        assert_eq!(names, ["b"]);
        assert!(r.is_err());
        // A changed session: a, which uses it, is compared though its section is untouched.
        let (names, r) = scoped(
            TWO,
            vec![replace(4, "sso_start_url = https://y.awsapps.com/start")],
            None,
        );
        assert_eq!(names, ["a"]);
        assert!(r.is_err());
        // A harmless change is scoped and passes.
        let (names, r) = scoped(TWO, vec![replace(7, "region  =  eu-west-1")], None);
        assert_eq!(names, ["b"]);
        r.unwrap();
        // A [DEFAULT] section changes every profile.
        let with_defaults = format!("[DEFAULT]\nregion = x\n{TWO}");
        let (names, r) = scoped(&with_defaults, vec![replace(1, "region  = x")], None);
        assert_eq!(names, ["a", "b"]);
        r.unwrap();
        let (_, r) = scoped(&with_defaults, vec![replace(1, "region = y")], None);
        assert!(r.is_err());
    }

    #[test]
    fn comments_after_a_sections_last_key_are_not_its_meaning() {
        let src = "[profile b]\nregion = eu-west-1\n\n# about c\n[profile c]\nregion = x\n";
        let insert = |lines: &[&str]| {
            vec![Edit::Insert {
                before: 3,
                lines: lines.iter().map(|l| l.to_string()).collect(),
                ending: crate::doc::Ending::Lf,
            }]
        };
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

    /// Found by the fuzzer: the crate read `  [DEFAULT]` inside a value as a header, and in its
    /// reading of the rewrite that `[DEFAULT]`'s `region` reached the new session, which then
    /// disagreed with the profile; botocore reads the line as part of `description`.
    const HEADER_IN_VALUE: &str = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\n\
                                   sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\n\
                                   region = eu-west-1\ndescription = two lines\n  [DEFAULT]\n\
                                   \x20 region = us-west-2\n";

    #[test]
    fn a_continuation_shaped_like_a_header_is_part_of_the_value_for_the_crate() {
        let doc = Document::parse(HEADER_IN_VALUE);
        let mut text = String::new();
        push_for_the_crate(&doc, 0..doc.len(), &mut text);
        let (profiles, _) = ini_sections(text).unwrap();
        assert_eq!(profiles.len(), 1, "no section but the profile");
        let a = &profiles["a"];
        assert_eq!(value(a, "region"), Some("eu-west-1"));
        assert_eq!(
            value(a, "description"),
            Some("two lines\n\u{1}[DEFAULT]\nregion = us-west-2")
        );
        // A header botocore reads as one (nothing to continue) is left as it is.
        let doc = Document::parse("[profile a]\n  [profile b]\nregion = x\n");
        let mut text = String::new();
        push_for_the_crate(&doc, 0..doc.len(), &mut text);
        assert_eq!(text, "[profile a]\n  [profile b]\nregion = x\n");
    }

    #[test]
    fn a_profile_with_a_header_shaped_continuation_migrates_and_reads_the_same() {
        let opts = crate::plan::PlanOptions::default();
        let m = crate::migrate::migrate(HEADER_IN_VALUE.as_bytes(), &opts).expect("migrates");
        independent(HEADER_IN_VALUE.as_bytes(), m.rewritten().as_bytes()).unwrap();
    }

    #[test]
    fn a_failed_chunk_is_reported_whole_by_the_independent_reader() {
        // The chunk is checked in the arena, where only its verdict may be kept; its report is
        // made again outside it.
        let old = Document::parse(TWO);
        let edits = vec![Edit::Replace {
            line: 7,
            text: "region = eu-west-2".into(),
        }];
        let applied = edit::apply(&old, edits).unwrap();
        let new = Document::parse(applied.bytes);
        let (b, a) = (Config::read(&old), Config::read(&new));
        let scope = Scope::of(&b, &a, &applied.ops);
        let theirs = Independent::new(&scope, None);
        theirs.work();
        assert_eq!(
            theirs.finish().unwrap_err(),
            ["profile `b` changed keys other than sso_*"]
        );
    }

    #[test]
    fn a_change_outside_the_edit_is_caught() {
        let edits = vec![Edit::Replace {
            line: 7,
            text: "region = eu-west-1".into(),
        }];
        let sneaky = TWO.replace("sso_account_id = 1", "sso_account_id = 2");
        let (_, r) = scoped(TWO, edits, Some(&sneaky));
        assert!(r.unwrap_err()[0].contains("changed unasked"));
    }

    #[test]
    fn an_added_profile_is_seen_by_both_readers() {
        let edits = vec![Edit::Insert {
            before: 6,
            lines: vec!["[profile c]".into(), "region = x".into()],
            ending: crate::doc::Ending::Lf,
        }];
        let (names, r) = scoped(TWO, edits, None);
        assert_eq!(names, ["c"]);
        assert!(r.unwrap_err().iter().any(|e| e.contains("appeared")));
    }

    #[test]
    fn a_profile_named_twice_is_compared_once_at_the_section_botocore_uses() {
        let replace = |line, text: &str| Edit::Replace {
            line,
            text: text.into(),
        };
        let delete = |lines| Edit::Delete { lines };
        // botocore reads the second header that names b, and ignores the first.
        let src = "[profile b]\nregion = x\n[profile a]\nregion = y\n[profile 'b']\nregion = z\n";
        // An edit of the shadowed section changes nothing botocore sees.
        let (names, r) = scoped(src, vec![replace(1, "region = w")], None);
        assert_eq!(names, ["b"]);
        r.unwrap();
        // An edit of the section botocore uses is caught, and b is listed once.
        let edits = vec![replace(1, "region = w"), replace(5, "region = w")];
        let (names, r) = scoped(src, edits, None);
        assert_eq!(names, ["b"]);
        assert!(r.is_err());
        // Without the section botocore used, the shadowed one is read instead: caught.
        let (names, r) = scoped(src, vec![delete(4..6)], None);
        assert_eq!(names, ["b"]);
        assert!(r.is_err());
        // A profile only the rewrite has is listed by its section there, and caught.
        let (names, r) = scoped(src, vec![replace(2, "[profile c]")], None);
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
        let (profiles, sessions) = read(
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
            let (p, _) = read("[profile a]\nregion = x\n[profile 'a']\nregion = y\n");
            assert_eq!(region(&p, "a").as_deref(), Some("x"));
            let (p, _) = read("[profile default]\nregion = x\n[default]\nregion = y\n");
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

    /// `n` legacy profiles over three portals: over [`MIN_AHEAD_BYTES`] from 700 on.
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
        let rewritten = std::str::from_utf8(m.rewritten().as_bytes()).expect("UTF-8");
        let (old, new) = (Document::parse(old), Document::parse(tamper(rewritten)));
        let (b, a) = (Config::read(&old), Config::read(&new));
        untouched(&old, &new, &m.ops).expect("only edited lines are tampered with");
        let scope = Scope::of(&b, &a, &m.ops);
        let ahead = ReadAhead::new(&b).expect("enough to read ahead");
        let digests = ahead.run(&AtomicBool::new(stop));
        let theirs = Independent::new(&scope, Some(digests));
        theirs.work();
        let read_ahead = theirs.chunks_read_ahead();
        let accepted = theirs.accepted_by_digest();
        (read_ahead, accepted, theirs.finish())
    }

    #[test]
    fn a_large_migration_is_read_ahead_and_accepted_by_digest() {
        let old = legacy_profiles(2000);
        assert!(old.len() > MIN_AHEAD_BYTES);
        let (read_ahead, accepted, verdict) = read_back(&old, str::to_string, false);
        verdict.unwrap();
        assert!(read_ahead > 1, "{read_ahead} chunks");
        assert_eq!(accepted, read_ahead);
        // Too small a file is read in pairs.
        let small = Document::parse(legacy_profiles(100));
        assert!(ReadAhead::new(&Config::read(&small)).is_none());
    }

    #[test]
    fn a_profile_sent_to_another_portal_is_caught_after_reading_ahead() {
        let old = legacy_profiles(2000);
        let m = crate::migrate::migrate(old.as_bytes(), &Default::default()).unwrap();
        let sessions: Vec<String> = m.plan.sessions.iter().map(|s| s.name.to_string()).collect();
        assert_eq!(sessions.len(), 3, "{sessions:?}");
        // p1500 is of team0 (1500 % 3): its line now names team1's session.
        let tamper = |new: &str| {
            let at = new.find("[profile p1500]").unwrap();
            let line = format!("sso_session = {}", sessions[0]);
            let wrong = format!("sso_session = {}", sessions[1]);
            let end = at + new[at..].find(&line).unwrap();
            format!("{}{}{}", &new[..end], wrong, &new[end + line.len()..])
        };
        let (read_ahead, accepted, verdict) = read_back(&old, tamper, false);
        let errors = verdict.unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("profile `p1500` resolved to"),
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
        let (profiles, sessions) = ini_sections(text).unwrap();
        assert!(!digests.matches("a", &profiles["a"], &sessions));
        // One of them alone is vouched for by the same reading.
        let (_, digests) = two_profiles_read_ahead(&cfg, false);
        assert!(digests.matches("a", &profiles["a"], &sessions));
    }
}
