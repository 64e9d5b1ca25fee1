//! The hash maps of the tool's own indexes (names, keys, portals): std's maps with foldhash, seeded
//! per process, instead of SipHash. On a 100,000-profile file the indexes hash a few million short
//! strings, and SipHash was a visible part of the run; a random seed keeps a crafted file from
//! forcing collisions.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// An empty map with room for `n` entries.
pub fn map_with_capacity<K, V>(n: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, Default::default())
}
