//! The `configparser` crate's read-back of what a rewrite changed: the scope's profiles in
//! chunks of a 1024th of the file, 4 to 16 KiB ([`chunk_bytes`]), each read from the old and the
//! new text (with the sessions its profiles use, beside the crate's reading of each side's
//! `[DEFAULT]`, made once) by whichever thread takes it, in memory from that thread's
//! [`crate::arena::ChunkArena`]; a chunk whose original side was read ahead is compared by
//! digest.

use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Digests;
use super::ini::{
    Keys, Reading, changed_sessions, compare_readings, ini_sections, ini_sections_beside,
    push_for_the_crate,
};
use super::scope::{Scope, ScopedProfile};
use crate::aws::{Config, SSO_SESSION};
use crate::doc::edit::{LineOp, LineOps};
use crate::doc::{Document, LineKind};
use crate::hash::HashSet;

/// Whether the read-back takes small chunks (1 KiB): under Miri (`scripts/miri`), so that a file
/// of a few dozen profiles is read ahead on a second thread in several chunks, as a large one is,
/// in what Miri's interpreter can run; in the fuzz targets (`cargo fuzz` builds with `--cfg
/// fuzzing`), so that inputs of a few kilobytes are read in several chunks, read ahead, and have
/// profiles read in parts; and with the test-only feature `small-chunks`, with which CI runs
/// every test once more.
pub(super) const SMALL_CHUNKS: bool = cfg!(any(miri, fuzzing, feature = "small-chunks"));

/// Text the `configparser` crate reads in one piece, old and new side together, at most: about
/// this many bytes of changed sections on a large file (a single session or profile that cannot
/// be cut may be larger), fewer on a smaller one (`chunk_bytes`).
/// What the crate builds for a chunk (two texts, two maps and their copies) takes about 26
/// times its text from the thread's
/// [`crate::arena::ChunkArena`], and the pages a run touches stay in the process's memory: 64 KiB
/// chunks took up to 2.6 MB a thread, 32 KiB chunks up to 1.3 MB, which took 1.6 to 2.7 MB off
/// the peak of the benchmark's 1.7 to 3.4 MB files for the same instruction counts. 16 KiB
/// chunks take 0.8 to 1.4 MB more off those peaks for 0.1% to 1.2% more instructions (each
/// chunk reads its `[DEFAULT]` and the sessions its profiles use again), and no more time from
/// start to exit in runs alternated with 32 KiB ones; 8 KiB took 0.3 to 0.5 MB more off for
/// 0.2% to 3.2% more instructions. 1 KiB under Miri, in the fuzz build and with the test-only
/// feature `small-chunks` (see `SMALL_CHUNKS`).
pub const CHUNK_BYTES: usize = if SMALL_CHUNKS { 1024 } else { 16 * 1024 };

/// The text of a chunk of `cfg`'s read-back ([`chunk_bytes_for`] of its size and its
/// `[DEFAULT]` sections' text).
pub(super) fn chunk_bytes(cfg: &Config) -> usize {
    let defaults = defaults_of(cfg)
        .iter()
        .map(|&i| section_bytes(cfg, i))
        .sum();
    chunk_bytes_for(cfg.document().byte_len(), defaults)
}

/// The text of a chunk where the original is `file_bytes` long and its `[DEFAULT]` sections
/// `defaults_bytes`: [`CHUNK_BYTES`] from 16 MiB on, a 1024th of the file below, never under a
/// quarter of [`CHUNK_BYTES`], and never under the `[DEFAULT]` text (up to [`CHUNK_BYTES`]).
/// The pages two threads' chunks touch stay in the process's memory, about 26 times a chunk
/// each: a fifth of the file from 4 MiB on, where 16 KiB chunks on a 1.7 MB file took a quarter
/// of its size beside it, half of what the other checks of a dry run hold there. A chunk of half
/// the text reads the sessions its profiles use and its thread's share again as often; on
/// `mixed-10k` 8 KiB chunks took 0.45 to 0.58 MB off the peak for 2.0% more instructions
/// (callgrind), a time no run could tell apart from this VM's minute-to-minute noise
/// (`scripts/compare`: B/A 1.064 and 0.941), and 4 KiB took 0.23 MB more off `mixed-10k` and
/// 0.25 MB off the 10,000 colliding portals for 0.3% more instructions on 10,000 portals. Each
/// chunk compares the `[DEFAULT]` keys of both sides and digests them: a 108 KB `[DEFAULT]`
/// (4,000 keys) in 4 KiB chunks took 36% more instructions than in 8 KiB ones, so a chunk is
/// never less text than `[DEFAULT]`, whose work then stays under the chunk's own.
/// Always [`CHUNK_BYTES`] where chunks are small for the tests (`SMALL_CHUNKS`).
pub(super) fn chunk_bytes_for(file_bytes: usize, defaults_bytes: usize) -> usize {
    if SMALL_CHUNKS {
        return CHUNK_BYTES;
    }
    (file_bytes / 1024)
        .max(defaults_bytes)
        .clamp(CHUNK_BYTES / 4, CHUNK_BYTES)
}

/// A profile section of the original with more text than this is read in parts of about
/// [`CHUNK_BYTES`] a side where it can be cut (see [`in_parts`]), and not read ahead: the crate
/// reads a section whole, and one of 80,000 keys (2.3 MB) took all of a thread's block and then
/// the system allocator, 7.5 times the time of one of 20,000 keys.
pub(super) const LONG_SECTION_BYTES: usize = 2 * CHUNK_BYTES;

/// The independent reader on what a rewrite changed: the scope's profiles in chunks, each read
/// by the `configparser` crate from the old and the new text (the chunk's profile sections and
/// the sessions they use, with the crate's reading of that side's `[DEFAULT]` sections, made
/// once) and compared as [`super::independent`] does.
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
    /// The parts of the long profiles read in parts: their lines in the original and in the
    /// rewrite (after the header, which each part's text repeats).
    parts: Vec<Part>,
    /// The crate's reading of each side's `[DEFAULT]` sections, which every chunk's reading
    /// borrows: read once, not once a chunk (where `[DEFAULT]` was large, reading it again in
    /// every chunk was most of the crate's work and took its memory past the thread's block).
    defaults: [Keys; 2],
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
    /// For a part of one long profile, its place in [`Independent`]'s parts.
    part: Option<usize>,
}

/// A part of a long profile section: the same stretch of its lines in the original and in the
/// rewrite (see [`parts`]).
type Part = [std::ops::Range<usize>; 2];

impl<'a> Independent<'a> {
    /// The read-back of `scope`, with the original's profiles the crate read ahead (`digests`)
    /// compared by digest.
    pub fn new(scope: &'a Scope<'a>, digests: Option<Digests>, ops: &LineOps) -> Self {
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
        // A long profile on both sides is read in parts, each a chunk of its own.
        let long = |p: &ScopedProfile| {
            p.after().is_some() && p.before().is_some_and(|i| in_parts(before, i))
        };
        let (long, paired): (Vec<ScopedProfile>, Vec<ScopedProfile>) =
            paired.into_iter().partition(|p| long(p));
        // The crate's work for each profile: both sides, or the rewrite's where the original's
        // was read ahead.
        let work = |p: &ScopedProfile, ahead: bool| {
            size(after, p.after()) + if ahead { 0 } else { size(before, p.before()) }
        };
        // Where the crate cannot read a side's `[DEFAULT]`, that is reported, and the chunks
        // are read without it.
        let mut errors = Vec::new();
        let mut read_defaults = |cfg: &Config, side: &str| {
            defaults_reading(cfg).unwrap_or_else(|e| {
                errors.push((0, vec![format!("{side}: {e}")]));
                Keys::default()
            })
        };
        let defaults = [
            read_defaults(before, "original"),
            read_defaults(after, "rewritten"),
        ];
        let mut chunks = Vec::new();
        let offset_ahead = paired.len() + long.len();
        let chunk = chunk_bytes(before);
        for (part, offset, read_ahead) in [(&paired, 0, false), (&ahead, offset_ahead, true)] {
            // A chunk's worth of work per chunk: small enough that two threads finish close
            // together on a small file too.
            let sizes = part.iter().map(|p| work(p, read_ahead));
            chunks.extend(runs(sizes, chunk).into_iter().map(|r| Chunk {
                profiles: offset + r.start..offset + r.end,
                read_ahead,
                part: None,
            }));
        }
        let mut all_parts = Vec::new();
        for (n, p) in long.iter().enumerate() {
            let at = paired.len() + n;
            let (i, j) = p
                .before()
                .zip(p.after())
                .expect("a long profile is on both sides");
            for part in parts(before, i, after, j, ops) {
                chunks.push(Chunk {
                    profiles: at..at + 1,
                    read_ahead: false,
                    part: Some(all_parts.len()),
                });
                all_parts.push(part);
            }
        }
        // The first chunk compares the changed sessions, in pairs: without profiles where no
        // profile is compared in pairs.
        if paired.is_empty() && !scope.sessions.is_empty() {
            let sessions_only = Chunk {
                profiles: 0..0,
                read_ahead: false,
                part: None,
            };
            chunks.insert(0, sessions_only);
        }
        let mut profiles = paired;
        profiles.extend(long);
        profiles.extend(ahead);
        Independent {
            scope,
            profiles,
            chunks,
            parts: all_parts,
            defaults,
            changed_sessions: scope
                .sessions
                .iter()
                .copied()
                .filter(|n| before.session(n).is_some())
                .collect(),
            digests,
            next: AtomicUsize::new(0),
            by_digest: AtomicUsize::new(0),
            errors: Mutex::new(errors),
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
                let lines = match chunk.part {
                    Some(n) => Lines::Part(&self.parts[n][side]),
                    None => lines,
                };
                chunk_text(cfg, sections, &names, lines)
            };
            let read = |side: usize, lines: Lines| {
                ini_sections_beside(text(side, lines), &self.defaults[side])
            };
            if let Some(digests) = self.digests.as_ref().filter(|_| chunk.read_ahead) {
                let matches =
                    || digests_match(digests, read(0, Lines::Header), read(1, Lines::Whole));
                // SAFETY: `matches` only reads borrowed sections and the digests, and drops
                // what it builds.
                if unsafe { arena.run(matches) } {
                    self.by_digest.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
            }
            let check = || compare_readings(read(0, Lines::Whole), read(1, Lines::Whole));
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
pub(super) fn runs(
    sizes: impl IntoIterator<Item = usize>,
    target: usize,
) -> Vec<std::ops::Range<usize>> {
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
pub(super) fn section_bytes(cfg: &Config, i: usize) -> usize {
    (cfg.document()).lines_len(cfg.header_line(i)..cfg.content_end(i))
}

/// The `configparser` crate's reading of the `[DEFAULT]` sections of `cfg`, given as a chunk
/// gives its sections: what every chunk's reading of that side borrows
/// ([`ini_sections_beside`]). Nothing to read in nearly every file.
pub(super) fn defaults_reading(cfg: &Config) -> Result<Keys, String> {
    let defaults = defaults_of(cfg);
    if defaults.is_empty() {
        return Ok(Keys::default());
    }
    let whole = defaults.iter().map(|&i| (i, true)).collect();
    let reading = ini_sections(sections_text(cfg, whole, 0..0))?;
    Ok(reading.defaults.into_owned())
}

/// The `[DEFAULT]` sections of `cfg`.
pub(super) fn defaults_of(cfg: &Config) -> Vec<usize> {
    (0..cfg.section_count())
        .filter(|&i| cfg.is_defaults(i))
        .collect()
}

/// Whether a chunk read ahead passes as the paired check would pass it, by digest: `headers`
/// (the original's side of the chunk with its profiles' headers alone) names the same profiles
/// the crate reads in `after` (the rewrite's side), each with the digest its original had, and
/// its sessions have the same keys. `false` says only that the digests cannot vouch for it.
fn digests_match(
    digests: &Digests,
    headers: Result<Reading, String>,
    after: Result<Reading, String>,
) -> bool {
    let (Ok(old), Ok(new)) = (headers, after) else {
        return false;
    };
    let defaults = digests.defaults(&new);
    let matched = old.profiles.len() == new.profiles.len()
        && (old.profiles.keys()).all(|name| digests.matches(name, &new, defaults))
        && changed_sessions(&old, &new, old.same_defaults(&new))
            .next()
            .is_none();
    crate::arena::dispose((old, new));
    matched
}

/// How much of a profile section the crate is given.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Lines<'p> {
    /// From its header to its last property.
    Whole,
    /// Its header alone: the name the crate reads there.
    Header,
    /// Its header and these of its lines: a part of a long section (see [`parts`]).
    Part(&'p std::ops::Range<usize>),
}

/// One side of a chunk, from `cfg`: the profile sections `profiles` (as `lines` says) and the
/// sections of `sessions`, in file order (see [`sections_text`]).
pub(super) fn chunk_text(
    cfg: &Config,
    profiles: impl Iterator<Item = usize>,
    sessions: &[&str],
    lines: Lines,
) -> String {
    // (section, whether it is given whole); a profile not given whole is followed by `part`.
    let mut secs: Vec<(usize, bool)> = profiles.map(|i| (i, lines == Lines::Whole)).collect();
    let part = match lines {
        Lines::Part(lines) => lines.clone(),
        _ => 0..0,
    };
    secs.extend(
        sessions
            .iter()
            .filter_map(|n| cfg.session(n))
            .map(|i| (i, true)),
    );
    sections_text(cfg, secs, part)
}

/// The text of sections `secs` of `cfg`, each `(section, whether it is given whole)`, in file
/// order and each once, ended by a newline (comments and blank lines after a section's last
/// property mean nothing to the reader); a section not given whole is its header, followed by
/// lines `part` where there are any.
pub(super) fn sections_text(
    cfg: &Config,
    mut secs: Vec<(usize, bool)>,
    part: Range<usize>,
) -> String {
    secs.sort_unstable();
    secs.dedup_by_key(|(i, _)| *i);
    let doc = cfg.document();
    let lines = |(i, whole): (usize, bool)| {
        let start = cfg.header_line(i);
        start..if whole { cfg.content_end(i) } else { start + 1 }
    };
    let bytes: usize = secs
        .iter()
        .map(|&s| doc.lines_len(lines(s)) + 1)
        .sum::<usize>()
        + doc.lines_len(part.clone());
    let mut out = String::with_capacity(bytes);
    let mut push = |lines: std::ops::Range<usize>| {
        push_for_the_crate(doc, lines, &mut out);
        if !out.ends_with(['\n', '\r']) {
            out.push('\n');
        }
    };
    for &(i, whole) in &secs {
        push(lines((i, whole)));
        // A part's lines follow its header (a section that is not whole is a profile's).
        if !whole && !part.is_empty() {
            push(part.clone());
        }
    }
    out
}

/// Whether profile section `i` of `cfg` is read in [`parts`], and so not read ahead: it is
/// over [`LONG_SECTION_BYTES`] and has a key line to cut at past its first [`CHUNK_BYTES`]. A
/// section that is one key with a value continued over thousands of lines has none; it is read
/// whole, and read ahead where the file is read ahead.
pub(super) fn in_parts(cfg: &Config, i: usize) -> bool {
    if section_bytes(cfg, i) <= LONG_SECTION_BYTES {
        return false;
    }
    let doc = cfg.document();
    let mut bytes = 0;
    (cfg.header_line(i) + 1..cfg.content_end(i)).any(|line| {
        let cut = may_cut(doc, line, bytes);
        bytes += doc.raw(line).len();
        cut
    })
}

/// Whether a part that holds `bytes` may end before line `line` of `doc`: it holds a chunk, and
/// the line starts a key (no value goes on across it).
fn may_cut(doc: &Document, line: usize, bytes: usize) -> bool {
    bytes >= CHUNK_BYTES && matches!(doc.line(line).kind, LineKind::Key { .. })
}

/// The parts long profile section `i` of `before` and its section `j` in `after` are read in:
/// the same stretches of their lines after the header, each about [`CHUNK_BYTES`] of the
/// original's, split before a key line that the edit `ops` left as it was, and never between two
/// lines the edit changed. Every changed line lies inside the one part that holds them all,
/// beside the same lines on both sides, and the other parts are the same text on both sides, so
/// comparing the crate's reading of each part with the other side's (the header repeated before
/// each) compares the whole section: each key is in one part on each side, in the same part (a
/// key the edit moved between parts would read as changed, a false alarm, never a miss). A key
/// line starts no value's continuation, so no value is cut.
///
/// The changes stay together because a profile's meaning joins its keys: the `sso_session` line
/// that replaces `sso_start_url` stands for the `sso_region` line removed further down too. With
/// the two in different parts, one part read `sso_start_url` without a region against a session
/// with one, and the other a region against none: two changes where the section has none (found
/// by fuzzing with small chunks).
pub(super) fn parts(
    before: &Config,
    i: usize,
    after: &Config,
    j: usize,
    ops: &LineOps,
) -> Vec<Part> {
    let doc = before.document();
    let (old_end, new_end) = (before.content_end(i), after.content_end(j));
    let first = before.header_line(i) + 1;
    let (mut old_start, mut new_start) = (first, after.header_line(j) + 1);
    let mut out = Vec::new();
    // The operation that holds the section's first line, found by halving: a file of many
    // long profiles does not walk the operations from the top for each.
    let mut k = ops.partition_point(|op| op.old_range().end <= first);
    let changed = changed_lines(ops.iter_from(k), first..old_end, new_end);
    let mut bytes = 0;
    for line in first..old_end {
        while k < ops.len() && ops.op(k).old_range().end <= line {
            k += 1;
        }
        let at = ops.get(k).filter(|op| op.is_equal());
        if let Some(op) = at
            && !(changed.start < line && line < changed.end)
            && may_cut(doc, line, bytes)
        {
            let new_line = op.new_range().start + (line - op.old_range().start);
            if new_start < new_line && new_line < new_end {
                out.push([old_start..line, new_start..new_line]);
                (old_start, new_start, bytes) = (line, new_line, 0);
            }
        }
        bytes += doc.raw(line).len();
    }
    out.push([old_start..old_end, new_start..new_end]);
    out
}

/// The original lines of section content `lines` that a cut must not fall strictly inside, so
/// that it parts no two changes by `ops` (the ops from the one that holds its first line on):
/// from the first change to the last. A cut before line `l` leaves a change of lines `a..b`
/// before it when `l >= b` and after it when `l <= a`; lines inserted at `p` go before a cut at
/// `p`, as if they changed `p - 1..p`. Inserted lines count when they are the section's own
/// (before `new_end`, where the rewrite's section ends), not when they start another section (a
/// new session written above the next profile). Empty when nothing in the section changed.
fn changed_lines(
    ops: impl Iterator<Item = LineOp>,
    lines: Range<usize>,
    new_end: usize,
) -> Range<usize> {
    let mut changed: Option<Range<usize>> = None;
    let changes = ops
        .take_while(|op| op.old_range().start <= lines.end)
        .filter(|op| !op.is_equal());
    for op in changes {
        let (old, new) = (op.old_range(), op.new_range());
        let inserted_here = old.is_empty() && old.start >= lines.start && new.start < new_end;
        let span = if inserted_here {
            old.start - 1..old.start
        } else if !old.is_empty() && old.start < lines.end {
            old
        } else {
            continue;
        };
        changed = Some(match changed {
            Some(c) => c.start.min(span.start)..c.end.max(span.end),
            None => span,
        });
    }
    changed.unwrap_or(0..0)
}

/// `names`, then the sessions the profile sections `profiles` of `cfg` use (as our model reads
/// them) that `names` does not hold, each once.
pub(super) fn sessions_of<'c>(
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
