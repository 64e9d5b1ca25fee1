//! The `configparser` crate's reading of the original, made ahead of the read-back.
//!
//! Planning, editing and reading the rewrite take one core, and the read-back's crate reads the
//! original's changed sections as well as the rewrite's. The original's side needs no rewrite:
//! while the plan is made and applied, [`ReadAhead`] reads the original's legacy SSO profiles
//! (the sections a migration changes) with the crate on the other core, in chunks, and keeps for
//! each profile name, as the crate reads it, a digest of what the crate resolves the profile to
//! and of its other keys ([`Digests`]). The read-back ([`super::Independent`]) then has the crate
//! read only the rewrite's side of those profiles, with the original's headers (the names the
//! crate reads there) and sessions, and compares digests where the paired check compares maps.
//!
//! The digests can accept a chunk, never fail one: a chunk whose digests do not all match (a
//! changed profile, or a profile the reading ahead could not vouch for) is compared again the
//! paired way, and that verdict and its report stand. So the read-back never says less than the
//! paired check would, unless two different readings had equal digests: 128 bits, into which a
//! profile's other keys enter as a 64-bit sum (odds of about 2^-64 for a changed key).
//!
//! The reading stops at a chunk's end when the read-back begins; the profiles of the chunks it
//! did not read are compared the paired way. While the rewrite is read into sections on two
//! threads, it waits between chunks ([`crate::threads::give_way`]), so that the second of them
//! has the core it would otherwise share.

use std::hash::{BuildHasher, Hash};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use foldhash::quality::RandomState;

use super::ini::{Keys, Reading, default_value, ini_sections_beside, read_as, view};
use super::readback::{
    Lines, chunk_bytes, chunk_text, defaults_reading, in_parts, runs, section_bytes, sessions_of,
};
use super::{CHUNK_BYTES, is_sso_location_key};
use crate::aws::{Config, SSO_SESSION, SSO_START_URL};

/// Fewer bytes of legacy profiles than this are not worth a thread: the paired check reads them
/// in the time a thread takes to start and hand its results over. Four chunks: two of the 64 KiB
/// the chunks had when this was set.
pub const MIN_AHEAD_BYTES: usize = 4 * CHUNK_BYTES;

/// The original's legacy SSO profiles, to read with the `configparser` crate ahead of the
/// read-back ([`ReadAhead::run`] on a thread of its own).
pub struct ReadAhead<'a> {
    cfg: &'a Config<'a>,
    /// The profile sections to read, in file order.
    sections: Vec<u32>,
    /// Ranges of `sections`, about [`chunk_bytes`] of text each.
    chunks: Vec<Range<usize>>,
    /// The text the sections span.
    bytes: usize,
}

/// What [`ReadAhead::run`] read: which sections, and a digest for each profile name.
pub struct Digests {
    /// Whether each section of the original was read.
    read: Vec<bool>,
    /// How many sections there were to read.
    wanted: usize,
    /// The digest of each profile's reading, by the hash of its name as the crate reads it.
    profiles: ByName,
    digester: Digester,
}

/// Digests by the hash of a profile's name: sorted by the hash (24 bytes a profile, where a hash
/// map took 32 and room to grow), with a directory of where each bucket of hashes begins. A
/// lookup reads one entry of the directory and the few profiles of one bucket, where a binary
/// search over 82,047 profiles (`mixed-100k`) missed the cache on most of its 17 steps.
struct ByName {
    /// `(name hash, digest)`, sorted by the hash; [`POISONED`] where two sections gave the same
    /// name: no digest vouches for either.
    sorted: Vec<(u64, Digest)>,
    /// Where in `sorted` each bucket begins, and one past the last.
    starts: Vec<u32>,
}

/// Profiles a bucket of [`ByName`] holds on average: a directory of 1 byte a profile.
const PER_BUCKET: usize = 4;

impl ByName {
    fn new(mut sorted: Vec<(u64, Digest)>) -> ByName {
        sorted.sort_unstable_by_key(|&(name, _)| name);
        for k in 1..sorted.len() {
            if sorted[k - 1].0 == sorted[k].0 {
                (sorted[k - 1].1, sorted[k].1) = (POISONED, POISONED);
            }
        }
        let buckets = (sorted.len() / PER_BUCKET).max(1);
        let mut next = 0;
        let starts = (0..=buckets)
            .map(|b| {
                while next < sorted.len() && bucket(sorted[next].0, buckets) < b {
                    next += 1;
                }
                next as u32
            })
            .collect();
        ByName { sorted, starts }
    }

    /// The digest of the profile whose name has hash `name`, if one was read.
    fn get(&self, name: u64) -> Option<Digest> {
        let b = bucket(name, self.starts.len() - 1);
        let (start, end) = (self.starts[b] as usize, self.starts[b + 1] as usize);
        (self.sorted[start..end].iter())
            .find(|&&(n, _)| n == name)
            .map(|&(_, d)| d)
    }
}

/// The bucket of name hash `h` among `buckets`: its place in the range of hashes, so that the
/// buckets follow the hashes' order.
fn bucket(h: u64, buckets: usize) -> usize {
    ((u128::from(h) * buckets as u128) >> 64) as usize
}

/// 128 bits, as two words: 8-byte aligned, where a `u128` is 16.
type Digest = [u64; 2];

/// A digest no reading has (but with odds of 2^-128): two sections gave the name.
const POISONED: Digest = [u64::MAX; 2];

impl<'a> ReadAhead<'a> {
    /// The in-use profile sections of `cfg` with a `sso_start_url` of their own, where they are
    /// at least [`MIN_AHEAD_BYTES`] of text; `None` otherwise. A section long enough to be read
    /// in parts is left to the read-back, which reads it part by part beside the rewrite's.
    pub fn new(cfg: &'a Config<'a>) -> Option<ReadAhead<'a>> {
        let legacy = cfg.profile_section_numbers().filter(|&i| {
            cfg.is_in_use(i) && cfg.own(i, SSO_START_URL).is_some() && !in_parts(cfg, i)
        });
        let ahead = ReadAhead::of(cfg, legacy);
        (ahead.bytes >= MIN_AHEAD_BYTES).then_some(ahead)
    }

    /// Reads `sections` (profile sections of `cfg`, in file order) whatever their size.
    pub fn of(cfg: &'a Config<'a>, sections: impl Iterator<Item = usize>) -> ReadAhead<'a> {
        let sections: Vec<u32> = sections.map(|i| i as u32).collect();
        let sizes: Vec<usize> = (sections.iter())
            .map(|&i| section_bytes(cfg, i as usize))
            .collect();
        ReadAhead {
            cfg,
            chunks: runs(sizes.iter().copied(), chunk_bytes(cfg)),
            bytes: sizes.iter().sum(),
            sections,
        }
    }

    /// Reads chunk after chunk until none is left or `stop` is set (checked between chunks).
    /// Between chunks, it waits while a split of the main path runs (reading the rewrite into
    /// sections on two threads: [`crate::threads::give_way`]).
    pub fn run(&self, stop: &AtomicBool) -> Digests {
        let mut read = vec![false; self.cfg.section_count()];
        let digester = Digester::new();
        let mut profiles = Vec::with_capacity(self.sections.len());
        // Read once, before the arena: every chunk's reading borrows it. Where the crate cannot
        // read it, nothing is read ahead, and the read-back reports it.
        let (chunks, defaults) = match defaults_reading(self.cfg) {
            Ok(defaults) => (&self.chunks[..], defaults),
            Err(_) => (&[][..], Keys::default()),
        };
        let arena = crate::arena::ChunkArena::new();
        let longest = chunks.iter().map(|c| c.len()).max().unwrap_or(0);
        let mut found = vec![(0u64, POISONED); longest];
        for range in chunks {
            // Reading the rewrite on both cores goes first (`threads::give_way`).
            crate::threads::give_way();
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let sections = &self.sections[range.clone()];
            // SAFETY: the run returns a count and writes plain numbers into `found`, made before
            // it; every allocation it makes (texts, the crate's maps) it drops.
            let Some(n) =
                (unsafe { arena.run(|| self.read(sections, &defaults, &digester, &mut found)) })
            else {
                // The crate merged or left out a section: nothing here is vouched for.
                continue;
            };
            profiles.extend_from_slice(&found[..n]);
            for &i in sections {
                read[i as usize] = true;
            }
        }
        Digests {
            read,
            wanted: self.sections.len(),
            profiles: ByName::new(profiles),
            digester,
        }
    }

    /// The crate's reading of `sections` and the sessions they use, beside its reading of
    /// `[DEFAULT]` (`defaults`): each profile's name hash and digest written to `found`, and how
    /// many; `None` where the crate reads a different number of profiles than there are
    /// sections.
    fn read(
        &self,
        sections: &[u32],
        defaults: &Keys,
        digester: &Digester,
        found: &mut [(u64, Digest)],
    ) -> Option<usize> {
        let profiles = || sections.iter().map(|&i| i as usize);
        let sessions = sessions_of(self.cfg, profiles(), Vec::new());
        let text = chunk_text(self.cfg, profiles(), &sessions, Lines::Whole);
        let read = ini_sections_beside(text, defaults).ok()?;
        if read.profiles.len() != sections.len() {
            return None;
        }
        let defaults = digester.defaults(&read);
        let mut n = 0;
        for (name, keys) in &read.profiles {
            if let Some(digest) = digester.profile(keys, &read, defaults) {
                found[n] = (digester.name(name), digest);
                n += 1;
            }
        }
        crate::arena::dispose(read);
        Some(n)
    }
}

impl Digests {
    /// How many sections of the original were read, of how many there were to read.
    pub fn sections_read(&self) -> (usize, usize) {
        (self.read.iter().filter(|&&r| r).count(), self.wanted)
    }

    /// Whether section `i` of the original was read.
    pub fn has_read(&self, i: usize) -> bool {
        self.read[i]
    }

    /// Whether the crate's reading of a rewrite's profile `name` in `reading` (a chunk of the
    /// rewrite) has the digest the original's profile of that name had. `defaults` is
    /// [`Digests::defaults`] of `reading`.
    pub(super) fn matches(&self, name: &str, reading: &Reading, defaults: u64) -> bool {
        let Some(keys) = reading.profiles.get(name) else {
            return false;
        };
        let Some(before) = self.profiles.get(self.digester.name(name)) else {
            return false;
        };
        before != POISONED && self.digester.profile(keys, reading, defaults) == Some(before)
    }

    /// What [`Digests::matches`] needs of `reading`'s `[DEFAULT]` keys, made once a reading.
    pub(super) fn defaults(&self, reading: &Reading) -> u64 {
        self.digester.defaults(reading)
    }
}

/// Two 64-bit hashers with seeds of their own for a 128-bit digest, and a faster one for each
/// key of a profile.
struct Digester {
    digest: [RandomState; 2],
    key: foldhash::fast::RandomState,
}

impl Digester {
    fn new() -> Digester {
        Digester {
            digest: [RandomState::default(), RandomState::default()],
            key: Default::default(),
        }
    }

    fn digest<T: Hash + ?Sized>(&self, value: &T) -> Digest {
        let [a, b] = &self.digest;
        [a.hash_one(value), b.hash_one(value)]
    }

    fn name(&self, name: &str) -> u64 {
        self.digest[0].hash_one(name)
    }

    /// The hash of one key and its value.
    fn key_hash(&self, key: &str, value: &str) -> u64 {
        self.key.hash_one((key, value))
    }

    /// The hashes of `reading`'s `[DEFAULT]` keys other than the SSO location, summed.
    fn defaults(&self, reading: &Reading) -> u64 {
        (reading.defaults.iter())
            .filter(|(k, _)| !is_sso_location_key(k))
            .map(|(k, v)| self.key_hash(k, read_as(v)))
            .fold(0u64, u64::wrapping_add)
    }

    /// What the paired check compares of a profile (see `compare_texts`): what it resolves to
    /// with the sessions of `reading`, and the keys botocore sees in it other than the SSO
    /// location (the 64-bit hashes of key and value summed, so that the map's order does not
    /// count; a key without a value reads as empty). `None` where it names a session `reading`
    /// does not hold: a chunk holds only the sessions its profiles use as our model reads them,
    /// and the crate may read another name. `defaults` is [`Digester::defaults`] of `reading`.
    fn profile(&self, keys: &Keys, reading: &Reading, defaults: u64) -> Option<Digest> {
        let merged = reading.merged(keys);
        if (merged.get(SSO_SESSION)).is_some_and(|s| !reading.sessions.contains_key(s)) {
            return None;
        }
        // The section's own keys, and `[DEFAULT]`'s but those it sets: every `[DEFAULT]` key's
        // hash, less those, without a walk through `[DEFAULT]` a profile.
        let mut others = defaults;
        for (k, v) in keys.iter().filter(|(k, _)| !is_sso_location_key(k)) {
            others = others.wrapping_add(self.key_hash(k, read_as(v)));
            if let Some(d) = default_value(&reading.defaults, k) {
                others = others.wrapping_sub(self.key_hash(k, d));
            }
        }
        Some(self.digest(&(view(keys, reading), others)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::ini::ini_sections;

    fn digest(h: u64) -> Digest {
        [h, !h]
    }

    #[test]
    fn every_name_read_is_found_and_no_other() {
        // Hashes at both ends and the middle of the range and spread through it, in no order;
        // one twice (poisoned).
        let mut hashes: Vec<u64> = vec![0, 1, u64::MAX, u64::MAX - 1, 1 << 63, (1 << 63) - 1];
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..5_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            hashes.push(x);
        }
        hashes.push(42);
        hashes.push(42);
        let by_name = ByName::new(hashes.iter().map(|&h| (h, digest(h))).collect());
        for &h in &hashes {
            let expected = if h == 42 { POISONED } else { digest(h) };
            assert_eq!(by_name.get(h), Some(expected), "hash {h:#x}");
        }
        for h in [2, 41, 43, u64::MAX - 2, (1 << 63) + 1] {
            assert_eq!(by_name.get(h), None, "hash {h:#x} was never read");
        }
    }

    #[test]
    fn a_profiles_digest_counts_defaults_as_if_copied_in() {
        let text = "[DEFAULT]\nregion = us-east-1\noutput = json\nsso_region = eu-west-1\n\
                    [sso-session s]\nsso_start_url = https://s/start\n\
                    [profile a]\nsso_session = s\nsso_account_id = 1\n\
                    [profile b]\nsso_session = s\nsso_account_id = 1\nregion = us-east-1\n\
                    [profile c]\nsso_session = s\nsso_account_id = 1\noutput = text\n";
        let reading = ini_sections(text.to_string()).unwrap();
        let digester = Digester::new();
        let defaults = digester.defaults(&reading);
        let digest = |name: &str| {
            digester
                .profile(&reading.profiles[name], &reading, defaults)
                .unwrap()
        };
        for name in ["a", "b", "c"] {
            // Every key botocore sees in the profile but the SSO location, hashed one by one.
            let keys = &reading.profiles[name];
            let others = (reading.merged(keys).iter())
                .filter(|(k, _)| !is_sso_location_key(k))
                .map(|(k, v)| digester.key_hash(k, v))
                .fold(0u64, u64::wrapping_add);
            let copied = digester.digest(&(view(keys, &reading), others));
            assert_eq!(digest(name), copied, "profile `{name}`");
        }
        // `b` sets `region` to `[DEFAULT]`'s value: what botocore sees is `a`'s; `c` is not.
        assert_eq!(digest("a"), digest("b"));
        assert_ne!(digest("a"), digest("c"));
    }

    #[test]
    fn nothing_read_finds_nothing() {
        let by_name = ByName::new(Vec::new());
        for h in [0, 1, u64::MAX] {
            assert_eq!(by_name.get(h), None);
        }
        let one = ByName::new(vec![(u64::MAX, digest(7))]);
        assert_eq!(one.get(u64::MAX), Some(digest(7)));
        assert_eq!(one.get(0), None);
    }
}
