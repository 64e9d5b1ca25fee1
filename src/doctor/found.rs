//! The findings of one check-up as the checks make them: every one, or only the first few in
//! line order with the rest counted. The text shows [`SHOWN_FINDINGS`](super::SHOWN_FINDINGS)
//! and counts the others, so it keeps no more: a file with a finding on every line held each
//! of them (88 bytes, and their lists of readers) only to count it. JSON lists them all.

use std::collections::BinaryHeap;

use super::finding::{Finding, SeverityCounts};

/// Which findings of a check-up are kept whole; every finding is counted by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Every finding (`--format json`, the tests).
    All,
    /// The first `n` in line order, those of one line in the order they were found: the ones a
    /// listing of the first `n` shows.
    First(usize),
}

/// The findings made so far ([`Found::push`]), kept as [`Kept`] says.
pub(super) struct Found {
    kept: Kept,
    /// [`Kept::All`]: every finding, in the order made.
    all: Vec<Finding>,
    /// [`Kept::First`]: the first findings by line and order made, the last of them on top.
    first: BinaryHeap<Placed>,
    /// How many findings were made: each one's place in that order.
    made: u32,
    counts: SeverityCounts,
}

/// A finding and its place in line order: its line, then the order it was made in.
struct Placed {
    key: u64,
    finding: Finding,
}

impl PartialEq for Placed {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Placed {}

impl PartialOrd for Placed {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Placed {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

impl Found {
    pub(super) fn new(kept: Kept) -> Found {
        Found {
            kept,
            all: Vec::new(),
            first: BinaryHeap::new(),
            made: 0,
            counts: SeverityCounts::default(),
        }
    }

    /// Counts `f`, and keeps it where it is among those [`Kept`] asks for (dropping the last
    /// of them when it comes before it).
    pub(super) fn push(&mut self, f: Finding) {
        self.counts.add(f.severity());
        let place = self.made;
        self.made = place.checked_add(1).expect("findings are counted in u32");
        match self.kept {
            Kept::All => self.all.push(f),
            Kept::First(n) => {
                let key = u64::from(f.order()) << 32 | u64::from(place);
                if self.first.len() < n {
                    self.first.push(Placed { key, finding: f });
                } else if let Some(mut last) = self.first.peek_mut()
                    && key < last.key
                {
                    // The last kept gives way; the heap puts the new one in its place.
                    *last = Placed { key, finding: f };
                }
            }
        }
    }

    /// The findings kept, in line order (those of one line in the order they were found), and
    /// how many of each severity were made.
    pub(super) fn finish(self) -> (Vec<Finding>, SeverityCounts) {
        let findings = match self.kept {
            Kept::All => {
                let mut all = self.all;
                sort_by_line(&mut all);
                all
            }
            Kept::First(_) => (self.first.into_sorted_vec().into_iter())
                .map(|p| p.finding)
                .collect(),
        };
        (findings, self.counts)
    }
}

/// Puts `findings` in line order, those of one line in the order they were found: a sort of
/// (line, place) pairs packed in a `u64` each (8 bytes a finding; the places make it keep that
/// order), then each finding moved to its place along the cycles of that order. A stable sort
/// of the findings themselves would take a buffer of half of them (184 bytes a finding): 5.4 MB
/// on 20,000 sessions that spell one portal two ways, when a finding was 272 bytes.
fn sort_by_line(findings: &mut [Finding]) {
    if findings.is_sorted_by_key(Finding::order) {
        return;
    }
    let place = |at: usize| u32::try_from(at).expect("findings are counted in u32");
    let mut order: Vec<u64> = (findings.iter().enumerate())
        .map(|(at, f)| u64::from(f.order()) << 32 | u64::from(place(at)))
        .collect();
    order.sort_unstable();
    // `order[k]`: where the finding that belongs at `k` is now.
    let mut order: Vec<u32> = order.into_iter().map(|key| key as u32).collect();
    for start in 0..order.len() {
        let mut k = start;
        // Each swap puts one finding at its place; a place is marked done by pointing at itself.
        while order[k] as usize != start {
            let from = order[k] as usize;
            findings.swap(k, from);
            order[k] = place(k);
            k = from;
        }
        order[k] = place(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::FindingKind;

    /// `n` findings on lines out of order, several a line, of each severity; the same every run.
    fn shuffled(n: usize) -> Vec<Finding> {
        let mut seed = 7u64;
        (0..n)
            .map(|i| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let line = (seed >> 33) as usize % (n / 3 + 1);
                let kind = match seed >> 62 {
                    0 => FindingKind::UnusedSession,
                    1 => FindingKind::CommentAfterHeader,
                    _ => FindingKind::Parse(crate::aws::ProblemKind::KeyBeforeSection {
                        text: "x".into(),
                    }),
                };
                Finding::on_profile(&format!("p{i}"), line, kind)
            })
            .collect()
    }

    #[test]
    fn sorting_by_line_keeps_the_order_findings_of_one_line_were_found_in() {
        // Lines out of order, many findings a line, and cycles of every length: the same order
        // as a stable sort.
        for n in [0, 1, 2, 3, 10, 257, 2000] {
            let findings = shuffled(n);
            let mut expected = findings.clone();
            expected.sort_by_key(|f| f.line);
            let mut sorted = findings;
            sort_by_line(&mut sorted);
            assert_eq!(sorted, expected, "{n} findings");
        }
    }

    #[test]
    fn keeping_the_first_keeps_what_a_listing_of_all_begins_with_and_counts_every_one() {
        for n in [0, 1, 2, 10, 257, 2000] {
            let findings = shuffled(n);
            let mut expected = findings.clone();
            expected.sort_by_key(|f| f.line);
            let mut counts = SeverityCounts::default();
            findings.iter().for_each(|f| counts.add(f.severity()));
            assert!(n < 10 || counts.errors.min(counts.warnings).min(counts.infos) > 0);
            let found = |kept| {
                let mut found = Found::new(kept);
                findings.iter().cloned().for_each(|f| found.push(f));
                found.finish()
            };
            assert_eq!(found(Kept::All), (expected.clone(), counts), "{n} findings");
            for first in [0, 1, 3, 50, n, n + 1] {
                let kept = expected[..first.min(n)].to_vec();
                assert_eq!(
                    found(Kept::First(first)),
                    (kept, counts),
                    "first {first} of {n}"
                );
            }
        }
    }
}
