//! `source_profile` chains as botocore and the AWS SDK for Rust follow them, for every profile at
//! once: which profile's chain comes back to a profile it has visited (botocore's
//! `InfiniteLoopConfigError`, the SDK's `CredentialLoop`).
//!
//! Both readers follow a chain from the profile asked for: a profile that assumes a role names
//! its `source_profile`, and the chain goes on there. A profile met again is a loop, checked
//! before anything else about it; after the first profile, one with static keys ends the chain
//! (its keys are the credentials the role is assumed with, whatever else it says); and the first
//! profile may name itself when it has static keys. Walking each profile's chain on its own took
//! time in the square of a long chain's length; here each profile is visited once, and a
//! finding names at most [`SHOWN`] profiles of its chain, so that a loop of thousands of profiles
//! gives findings the size of the file's, not of its square.
//!
//! [`RoleGraph`] makes the chains of a config and the credentials file read with it, as botocore
//! merges the two files: the check-up and the pictures follow the same links.

use super::Config;
use super::credentials::{
    CREDENTIAL_SOURCE, CredentialsProfiles, ROLE_ARN, SOURCE_PROFILE, WEB_IDENTITY_TOKEN_FILE,
};

/// The profiles of a config and of the credentials file read with it as the nodes of their
/// `source_profile` chains: node `i` below the config's section count is its section `i` (a
/// profile's, or no node of a chain), and the `n`th profile only the credentials file has (in
/// name order) is the section count plus `n`. Each profile's role keys and static keys are its
/// section's in the credentials file over the config's, as botocore merges them.
#[derive(Debug, Clone)]
pub struct RoleGraph<'c> {
    cfg: &'c Config<'c>,
    credentials: &'c CredentialsProfiles,
    sections: usize,
    /// The profiles only the credentials file has, in name order.
    own: Vec<&'c str>,
}

impl<'c> RoleGraph<'c> {
    pub fn new(cfg: &'c Config<'c>, credentials: &'c CredentialsProfiles) -> Self {
        RoleGraph {
            cfg,
            credentials,
            sections: cfg.section_count(),
            own: credentials.own_profiles(cfg).collect(),
        }
    }

    /// How many nodes: the config's sections and the credentials file's own profiles.
    pub fn node_count(&self) -> usize {
        self.sections + self.own.len()
    }

    /// Whether node `i` is a section of the config (else a profile only the credentials file
    /// has).
    pub fn in_config(&self, i: usize) -> bool {
        i < self.sections
    }

    /// The nodes of the profiles only the credentials file has, with their names, in name order.
    pub fn credentials_only(&self) -> impl Iterator<Item = (usize, &'c str)> + '_ {
        (self.own.iter().enumerate()).map(|(k, name)| (self.sections + k, *name))
    }

    /// The name of node `i`'s profile (`None` for a section that is no profile).
    pub fn name(&self, i: usize) -> Option<&'c str> {
        match i.checked_sub(self.sections) {
            Some(k) => Some(self.own[k]),
            None => self.cfg.profile_name(i),
        }
    }

    /// The node of profile `name`, in either file.
    pub fn node(&self, name: &str) -> Option<usize> {
        self.cfg.profile(name).or_else(|| {
            (self.credentials.has(name))
                .then(|| {
                    self.own
                        .binary_search(&name)
                        .ok()
                        .map(|k| self.sections + k)
                })
                .flatten()
        })
    }

    /// The `source_profile` node `i`'s role is assumed from: none where it has no `role_arn`,
    /// takes its credentials from `credential_source`, or has a web identity token (a root
    /// provider in both readers, not a role chain).
    pub fn source(&self, i: usize) -> Option<&'c str> {
        let name = self.name(i)?;
        let sec = self.in_config(i).then_some(i);
        let merged = |k: &str| self.credentials.merged(self.cfg, sec, name, k);
        if merged(ROLE_ARN).is_none()
            || merged(CREDENTIAL_SOURCE).is_some()
            || merged(WEB_IDENTITY_TOKEN_FILE).is_some()
        {
            return None;
        }
        merged(SOURCE_PROFILE)
    }

    /// Whether node `i` has static keys, which end a chain past its first profile. Either key
    /// is static keys to botocore (`_has_static_credentials`), which then fails on the missing
    /// one; the AWS SDK for Rust needs both, and goes on where one is missing: a loop found so is
    /// one in both, its profiles having no key at all.
    pub fn keyed(&self, i: usize) -> bool {
        let in_config = self.in_config(i)
            && ["aws_access_key_id", "aws_secret_access_key"]
                .iter()
                .any(|k| self.cfg.get(i, k).is_some());
        in_config || (self.name(i)).is_some_and(|n| self.credentials.static_keys(n).contains(&true))
    }

    /// Every node's chain, read once.
    pub fn chains(&self) -> Chains {
        let nodes = 0..self.node_count();
        let next = (nodes.clone())
            .map(|i| self.source(i).and_then(|s| self.node(s)))
            .collect();
        Chains::new(next, nodes.map(|i| self.keyed(i)).collect())
    }
}

/// A chain of more profiles than this is shown as its first [`HEAD`] and the profile it comes
/// back to, with the number left out between them.
const SHOWN: usize = 12;

/// The profiles a long chain shows before the ones it leaves out.
const HEAD: usize = SHOWN - 2;

/// No section: the end of a chain.
const NONE: u32 = u32::MAX;

/// A loop a profile's chain comes to: the sections of the chain in order, from the profile to
/// the one met twice; where the chain has more than [`SHOWN`], its first [`HEAD`] and that last
/// one, with `omitted` left out between them (0 where `sections` is the whole chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loop {
    pub sections: Vec<usize>,
    pub omitted: usize,
}

/// Every profile's `source_profile` chain, read once: where the chain from each section ends
/// once past its first profile.
#[derive(Debug, Clone)]
pub struct Chains {
    /// The section each section's chain goes on to (a profile that assumes a role from its
    /// `source_profile`), or [`NONE`].
    next: Vec<u32>,
    /// Whether a section has static keys, which end a chain after its first profile.
    keyed: Vec<bool>,
    /// Where the chain from each section ends when the section is not its first profile (a
    /// section with static keys or nothing to go on to ends it at once): the last section, or
    /// the first section of the loop it comes to.
    end: Vec<u32>,
    /// How many steps from each section to its `end`.
    steps: Vec<u32>,
    /// For a section on a loop (the sections of which are each their own `end`), how many
    /// sections the loop has; 0 for every other section.
    loop_len: Vec<u32>,
}

impl Chains {
    /// The chains of sections whose next is `next[i]` and which have static keys where
    /// `keyed[i]`: every section visited once.
    pub fn new(next: Vec<Option<usize>>, keyed: Vec<bool>) -> Self {
        assert_eq!(next.len(), keyed.len(), "a next and a key flag a section");
        let n = next.len();
        let next: Vec<u32> = next
            .into_iter()
            .map(|s| s.map_or(NONE, |s| u32::try_from(s).expect("sections fit in u32")))
            .collect();
        let mut chains = Chains {
            next,
            keyed,
            end: vec![NONE; n],
            steps: vec![0; n],
            loop_len: vec![0; n],
        };
        chains.follow_all();
        chains
    }

    /// Where a chain goes from `i` once `i` is not its first profile: nowhere from a section
    /// with static keys.
    fn onward(&self, i: usize) -> Option<usize> {
        let next = self.next[i];
        (next != NONE && !self.keyed[i]).then_some(next as usize)
    }

    /// Fills `end`, `steps` and `loop_len`: from each section not yet reached, forward until a
    /// section already reached, the end of a chain, or a section met on this walk (a loop);
    /// then back along the walk.
    fn follow_all(&mut self) {
        const NEW: u8 = 0;
        const ON_WALK: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; self.next.len()];
        let mut walk: Vec<usize> = Vec::new();
        for start in 0..self.next.len() {
            if state[start] != NEW {
                continue;
            }
            walk.clear();
            let mut at = Some(start);
            while let Some(i) = at.filter(|&i| state[i] == NEW) {
                state[i] = ON_WALK;
                walk.push(i);
                at = self.onward(i);
            }
            // What the last section of the walk goes on to ends where that one does.
            let (end, steps) = match at {
                None => {
                    // The walk's last section ends the chain.
                    let last = walk.pop().expect("a walk has a section");
                    self.end[last] = last as u32;
                    state[last] = DONE;
                    (last, 0)
                }
                Some(i) if state[i] == ON_WALK => {
                    // A loop: from `i` to the walk's last section, each its own end.
                    let first = walk.iter().rposition(|&j| j == i).expect("on the walk");
                    let len = (walk.len() - first) as u32;
                    for &j in &walk[first..] {
                        self.end[j] = j as u32;
                        self.loop_len[j] = len;
                        state[j] = DONE;
                    }
                    walk.truncate(first);
                    (i, 0)
                }
                Some(i) => (self.end[i] as usize, self.steps[i]),
            };
            let mut steps = steps;
            for &j in walk.iter().rev() {
                steps += 1;
                self.end[j] = end as u32;
                self.steps[j] = steps;
                state[j] = DONE;
            }
        }
    }

    /// The loop that the chain from section `start` comes to, as both readers follow it from
    /// `start`; `None` where it ends (at a profile with static keys past the first, at one with
    /// nothing to go on to, or where `start` names itself and has static keys).
    pub fn loop_from(&self, start: usize) -> Option<Loop> {
        let first = self.next[start];
        if first == NONE {
            return None;
        }
        let first = first as usize;
        // How many sections the whole chain names, and the one met twice, its last.
        let (names, met_twice) = if first == start {
            // Naming itself: allowed with static keys, a loop of one without.
            if self.keyed[start] {
                return None;
            }
            (2, start)
        } else if self.keyed[start] {
            // Past the first profile `start` would end a chain, but here it is met again.
            let end = self.end[first] as usize;
            if end == start {
                (self.steps[first] as usize + 2, start)
            } else if self.loop_len[end] > 0 {
                let len = self.loop_len[end] as usize;
                (1 + self.steps[first] as usize + len + 1, end)
            } else {
                return None;
            }
        } else {
            // `start` goes on as any other section: a loop where its chain comes to one.
            let end = self.end[start] as usize;
            if self.loop_len[end] == 0 {
                return None;
            }
            let len = self.loop_len[end] as usize;
            (self.steps[start] as usize + len + 1, end)
        };
        let shown = if names <= SHOWN { names } else { HEAD };
        // Every section before the last goes on to its `next`: none of them ends the chain.
        let mut sections = Vec::with_capacity(shown + 1);
        let mut at = start;
        sections.push(at);
        for _ in 1..shown {
            at = self.next[at] as usize;
            sections.push(at);
        }
        if names > SHOWN {
            sections.push(met_twice);
        }
        Some(Loop {
            omitted: names - sections.len(),
            sections,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chain from `start` as botocore's `AssumeRoleProvider` follows it, one profile at a
    /// time: the whole chain to the profile met twice where it loops.
    fn walked(next: &[Option<usize>], keyed: &[bool], start: usize) -> Option<Vec<usize>> {
        let first = next[start]?;
        if first == start {
            return (!keyed[start]).then(|| vec![start, start]);
        }
        let mut visited = vec![false; next.len()];
        visited[start] = true;
        let mut chain = vec![start];
        let mut at = first;
        loop {
            chain.push(at);
            if visited[at] {
                return Some(chain);
            }
            if keyed[at] {
                return None;
            }
            visited[at] = true;
            at = next[at]?;
        }
    }

    /// What `loop_from` should give for a walked chain.
    fn shown(chain: Vec<usize>) -> Loop {
        if chain.len() <= SHOWN {
            return Loop {
                sections: chain,
                omitted: 0,
            };
        }
        let mut sections = chain[..HEAD].to_vec();
        sections.push(*chain.last().unwrap());
        Loop {
            omitted: chain.len() - sections.len(),
            sections,
        }
    }

    fn assert_walks_alike(next: Vec<Option<usize>>, keyed: Vec<bool>) {
        let chains = Chains::new(next.clone(), keyed.clone());
        for start in 0..next.len() {
            assert_eq!(
                chains.loop_from(start),
                walked(&next, &keyed, start).map(shown),
                "from {start}: next {next:?}, keyed {keyed:?}"
            );
        }
    }

    #[test]
    fn static_keys_end_a_chain_past_its_first_profile() {
        // 0 -> 1 (keyed) -> 0: from 0 the keys of 1 end it; from 1 it comes back to 1.
        let chains = Chains::new(vec![Some(1), Some(0)], vec![false, true]);
        assert_eq!(chains.loop_from(0), None);
        assert_eq!(
            chains.loop_from(1),
            Some(Loop {
                sections: vec![1, 0, 1],
                omitted: 0
            })
        );
        // 2 -> 3, which names itself with keys: fine from both; 4 names itself without keys.
        let chains = Chains::new(
            vec![None, None, Some(3), Some(3), Some(4)],
            vec![false, false, false, true, false],
        );
        assert_eq!(chains.loop_from(2), None);
        assert_eq!(chains.loop_from(3), None);
        assert_eq!(chains.loop_from(4).unwrap().sections, [4, 4]);
    }

    #[test]
    fn a_long_loop_names_its_first_profiles_and_the_one_met_twice() {
        // A tail of 5,000 into a loop of 3,000: every profile of both is told, in a few names.
        let (tail, ring) = (5_000, 3_000);
        let next: Vec<Option<usize>> = (0..tail + ring)
            .map(|i| Some(if i + 1 == tail + ring { tail } else { i + 1 }))
            .collect();
        let chains = Chains::new(next, vec![false; tail + ring]);
        let from_start = chains.loop_from(0).unwrap();
        assert_eq!(from_start.sections, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, tail]);
        assert_eq!(from_start.omitted, tail + ring + 1 - 11);
        let on_loop = chains.loop_from(tail + 7).unwrap();
        assert_eq!(on_loop.sections.last(), Some(&(tail + 7)));
        assert_eq!(on_loop.omitted, ring + 1 - 11);
        assert!((0..tail + ring).all(|i| chains.loop_from(i).is_some()));
    }

    #[test]
    fn a_chain_of_every_shape_ends_as_botocore_walks_it() {
        // Every graph of up to four sections (each with no next or any next, keys or not), and
        // chains long enough to be shortened.
        for n in 1..=4usize {
            let choices = n + 1;
            for code in 0..choices.pow(n as u32) << n {
                let mut c = code;
                let next: Vec<Option<usize>> = (0..n)
                    .map(|_| {
                        let v = c % choices;
                        c /= choices;
                        (v < n).then_some(v)
                    })
                    .collect();
                let keyed: Vec<bool> = (0..n)
                    .map(|_| {
                        let k = c % 2 == 1;
                        c /= 2;
                        k
                    })
                    .collect();
                assert_walks_alike(next, keyed);
            }
        }
        for len in [SHOWN - 1, SHOWN, SHOWN + 1, 40] {
            for keyed_first in [false, true] {
                // A loop back to the first profile, and a tail into a loop of three.
                let mut keyed = vec![false; len];
                keyed[0] = keyed_first;
                let round: Vec<Option<usize>> = (0..len).map(|i| Some((i + 1) % len)).collect();
                assert_walks_alike(round, keyed.clone());
                let into: Vec<Option<usize>> = (0..len)
                    .map(|i| Some(if i + 1 == len { len - 3 } else { i + 1 }))
                    .collect();
                assert_walks_alike(into, keyed);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn random_chains_end_as_botocore_walks_them(
            edges in proptest::collection::vec((0usize..40, proptest::bool::weighted(0.15)), 1..40)
        ) {
            let n = edges.len();
            // A next past the sections is none.
            let next = edges.iter().map(|&(e, _)| (e < n).then_some(e)).collect();
            assert_walks_alike(next, edges.iter().map(|&(_, k)| k).collect());
        }
    }
}
