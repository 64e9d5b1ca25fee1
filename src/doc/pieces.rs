//! Where a rewrite's lines are kept, when it is read from its original
//! ([`Document::parse_edited`](super::Document::parse_edited)): not in one copy of the whole
//! file, but as runs of lines ("pieces") that each lie in one stretch of bytes, either the
//! original's (the lines the edit kept) or what the edit wrote. Every line of a piece is shifted
//! by the same number of bytes from where it is in the rewrite.

/// The pieces of a rewrite's lines: which piece each line is in, and each piece's shift.
/// Finding a line's piece is two looks and an addition; the lists take a byte a line and 4
/// bytes a piece.
#[derive(Debug, Clone, Default)]
pub(super) struct Pieces {
    /// For each run of [`BLOCK`] lines, the piece its first line is in.
    blocks: Vec<u32>,
    /// For each line, how many pieces after its block's first line's it is in.
    within: Vec<u8>,
    /// Each piece's shift, in order: where its bytes are, less where it is in the rewrite, in
    /// wrapping arithmetic (both are offsets below 4 GiB, so the sum wraps back into place).
    shifts: Vec<u32>,
}

/// Lines a block of [`Pieces`] counts from: a byte counts the pieces started in one.
const BLOCK: usize = 256;

impl Pieces {
    /// No piece yet, for a rewrite of `lines` lines.
    pub(super) fn for_lines(lines: usize) -> Pieces {
        Pieces {
            blocks: Vec::with_capacity(lines.div_ceil(BLOCK)),
            within: Vec::with_capacity(lines),
            shifts: Vec::new(),
        }
    }

    /// A piece from line `line` on, whose bytes are at `at` where the rewrite has them at
    /// `offset`. Pieces are started in order of their lines, each at a later line than the last
    /// (the first at line 0), and [`Pieces::finish`] ends the list at the rewrite's last line.
    pub(super) fn start(&mut self, line: usize, offset: usize, at: usize) {
        debug_assert!(
            if self.shifts.is_empty() {
                line == 0
            } else {
                line > self.within.len()
            },
            "a piece starts at line 0, then each after the last"
        );
        self.fill(line);
        self.shifts.push((at as u32).wrapping_sub(offset as u32));
    }

    /// Every line before `line` in the last piece started.
    fn fill(&mut self, line: usize) {
        let Some(piece) = self.shifts.len().checked_sub(1) else {
            return;
        };
        while self.within.len() < line {
            let i = self.within.len();
            if i.is_multiple_of(BLOCK) {
                self.blocks.push(piece as u32);
            }
            let first = self.blocks[i / BLOCK] as usize;
            // More than a byte's worth of pieces in a block cannot be: a block has as many
            // lines as a byte has values, and a piece a line at least.
            self.within.push((piece - first) as u8);
        }
    }

    /// Ends the list: the last piece runs to line `lines`, the rewrite's end.
    pub(super) fn finish(&mut self, lines: usize) {
        self.fill(lines);
        self.shifts.shrink_to_fit();
    }

    /// The piece line `line` is in.
    #[inline]
    fn piece(&self, line: usize) -> usize {
        self.blocks[line / BLOCK] as usize + usize::from(self.within[line])
    }

    /// The shift of line `line`'s piece: where its bytes are is its offset in the rewrite plus
    /// this, wrapping.
    #[inline]
    pub(super) fn shift(&self, line: usize) -> u32 {
        self.shifts[self.piece(line)]
    }

    /// The first line after `line` and before `end` in another piece than `line`'s; `end` where
    /// none is.
    pub(super) fn next_start(&self, line: usize, end: usize) -> usize {
        let piece = self.piece(line);
        (line + 1..end)
            .find(|&i| self.piece(i) != piece)
            .unwrap_or(end)
    }

    /// Where a line that starts at `offset` in the rewrite has its bytes: `offset` plus its
    /// piece's shift.
    #[inline]
    pub(super) fn place(&self, line: usize, offset: usize) -> usize {
        (offset as u32).wrapping_add(self.shift(line)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_finds_the_piece_it_is_in() {
        // Pieces starting at lines across word boundaries, the first and the last bit of a
        // word, and a shift back (a piece kept before where the rewrite has it).
        for lines in [1, 63, 64, 65, 130, 200] {
            let starts: Vec<usize> = [0, 1, 5, 63, 64, 65, 127, 128, 199]
                .into_iter()
                .filter(|&s| s < lines)
                .collect();
            let mut pieces = Pieces::for_lines(lines);
            for (k, &s) in starts.iter().enumerate() {
                // Piece k's bytes are 1,000 k bytes on from its place, or 7 back for piece 2.
                let at = if k == 2 {
                    1_000 * s - 7
                } else {
                    1_000 * s + 1_000 * k
                };
                pieces.start(s, 1_000 * s, at);
            }
            pieces.finish(lines);
            for line in 0..lines {
                let k = starts.iter().rposition(|&s| s <= line).unwrap();
                let offset = 1_000 * line + 3;
                let want = if k == 2 {
                    offset - 7
                } else {
                    offset + 1_000 * k
                };
                assert_eq!(
                    pieces.place(line, offset),
                    want,
                    "{lines} lines, line {line}"
                );
                for end in line + 1..=lines {
                    let next = starts
                        .iter()
                        .find(|&&s| s > line)
                        .map_or(end, |&s| s.min(end));
                    assert_eq!(
                        pieces.next_start(line, end),
                        next,
                        "{lines} lines, {line}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_piece_a_line_over_several_blocks() {
        // Every line its own piece: a block's last line is 255 pieces on from its first.
        let lines = 3 * BLOCK + 5;
        let mut pieces = Pieces::for_lines(lines);
        for line in 0..lines {
            pieces.start(line, line, 7 * line);
        }
        pieces.finish(lines);
        for line in 0..lines {
            assert_eq!(pieces.place(line, line), 7 * line, "line {line}");
            assert_eq!(pieces.next_start(line, lines), line + 1);
        }
    }

    #[test]
    fn a_shift_wraps_back_into_place() {
        // Bytes near the top of the offsets for a line near the start, and the other way.
        let mut pieces = Pieces::for_lines(2);
        pieces.start(0, 10, u32::MAX as usize - 5);
        pieces.start(1, u32::MAX as usize - 5, 10);
        pieces.finish(2);
        assert_eq!(pieces.place(0, 12), u32::MAX as usize - 3);
        assert_eq!(pieces.place(1, u32::MAX as usize - 4), 11);
    }
}
