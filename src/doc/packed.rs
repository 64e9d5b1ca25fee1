//! How a [`Document`](super::Document) keeps a line: eight bytes, its kind's offsets packed
//! into three of them. A line whose offsets do not fit keeps its kind in the
//! document's short list of wide lines instead.

use super::{Ending, LineKind};

/// How a [`Document`](super::Document) stores a line: 8 bytes. The text ends where the next
/// line starts, less this line's ending; the kind's offsets from the text's start are packed into
/// three bytes (see [`Packed::at`]), so a line whose offsets do not fit keeps
/// its kind in the document's short list of wide lines instead.
#[derive(Debug, Clone, Copy)]
pub(super) struct Packed {
    pub(super) start: u32,
    /// The kind in the low four bits ([`Tag`]), the ending in the next two, then in the two high
    /// bits whether a comment's first byte is its sign ([`SIGN_FIRST`]), or for a key one more
    /// than the blanks between the key and its delimiter where there are at most two (0 where
    /// there are more: the delimiter is searched for).
    pub(super) tag: u8,
    /// Section: the header's start (one byte) and length (two, little-endian). Key: the key's
    /// end and the value's start (one byte each), then the key's indent (up to 31) and the
    /// blanks after the value (up to 7) in one byte: the value ends where the text ends, less
    /// those blanks, and the delimiter is the first `=` or `:` after the key. A key that does
    /// not fit (its value starting 256 bytes or more into its line, say) is kept as a wide line.
    pub(super) at: [u8; 3],
}

/// The kind of a [`Packed`] line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Tag {
    Blank,
    Comment,
    Section,
    Key,
    Continuation,
    Orphan,
    NoDelimiter,
    EmptyKey,
    NotUtf8,
    /// Any kind, kept in the list of wide lines.
    Wide,
}

impl Tag {
    /// The tag of a line of kind `kind` whose offsets fit.
    pub(super) fn of(kind: &LineKind) -> Tag {
        match kind {
            LineKind::Blank => Tag::Blank,
            LineKind::Comment => Tag::Comment,
            LineKind::Section { .. } => Tag::Section,
            LineKind::Key { .. } => Tag::Key,
            LineKind::Continuation => Tag::Continuation,
            LineKind::Orphan => Tag::Orphan,
            LineKind::NoDelimiter => Tag::NoDelimiter,
            LineKind::EmptyKey => Tag::EmptyKey,
            LineKind::NotUtf8 => Tag::NotUtf8,
        }
    }

    /// Whether `RawConfigParser._read` leaves its state as it is after a line of this kind: a
    /// blank line, a comment, a value's continuation, a line that is not text. (`Wide` is a
    /// header or a key whose kind is kept apart; ask
    /// [`Document::tag_of`](super::Document::tag_of) for which.)
    pub(super) fn leaves_state(self) -> bool {
        matches!(
            self,
            Tag::Blank | Tag::Comment | Tag::Continuation | Tag::NotUtf8 | Tag::Wide
        )
    }
}

const TAGS: [Tag; 10] = [
    Tag::Blank,
    Tag::Comment,
    Tag::Section,
    Tag::Key,
    Tag::Continuation,
    Tag::Orphan,
    Tag::NoDelimiter,
    Tag::EmptyKey,
    Tag::NotUtf8,
    Tag::Wide,
];

/// The bit of [`Packed::tag`] set on a comment whose first byte is its sign (`#` or `;`): such a
/// line is known to start unindented from the table of lines alone, without a look at its bytes
/// (a 300,000-line comment block is walked line by line twice in a dry run, and climbed once).
const SIGN_FIRST: u8 = 1 << 6;

const ENDINGS: [Ending; 4] = [Ending::None, Ending::Lf, Ending::CrLf, Ending::Cr];

impl Packed {
    pub(super) fn new(start: usize, ending: Ending) -> Packed {
        let e = ENDINGS.iter().position(|x| *x == ending).unwrap_or(0) as u8;
        Packed {
            start: start as u32,
            tag: e << 4,
            at: [0; 3],
        }
    }

    pub(super) fn ending(&self) -> Ending {
        ENDINGS[usize::from(self.tag >> 4) & 3]
    }

    pub(super) fn tag(&self) -> Tag {
        TAGS.get(usize::from(self.tag & 15))
            .copied()
            .unwrap_or(Tag::Wide)
    }

    /// Sets the kind; `false` when its offsets do not fit (the caller keeps it as wide; see
    /// [`Packed::at`] for what fits). `text` is the line's (`None` where it is not UTF-8): a
    /// key's value ends at the text's end less its trailing blanks, and a comment records
    /// whether its first byte is its sign.
    pub(super) fn set_kind(&mut self, kind: &LineKind, text: Option<&str>) -> bool {
        let at = match kind {
            LineKind::Section { header } => u8::try_from(header.start)
                .ok()
                .zip(u16::try_from(header.end - header.start).ok())
                .map(|(start, len)| {
                    let [l0, l1] = len.to_le_bytes();
                    [start, l0, l1]
                }),
            LineKind::Key { key, value, .. } => text.and_then(|t| {
                let trail = u32::try_from(t.len()).ok()?.checked_sub(value.end)?;
                let byte = |x: u32| u8::try_from(x).ok();
                let indent = key.start;
                (indent < 1 << INDENT_BITS && trail < 1 << (8 - INDENT_BITS)).then_some(())?;
                Some([
                    byte(key.end)?,
                    byte(value.start)?,
                    (indent | trail << INDENT_BITS) as u8,
                ])
            }),
            _ => Some([0; 3]),
        };
        let (tag, ok) = match at {
            Some(at) => {
                self.at = at;
                (Tag::of(kind), true)
            }
            None => (Tag::Wide, false),
        };
        let high = match kind {
            LineKind::Comment if text.is_some_and(|t| t.starts_with(['#', ';'])) => SIGN_FIRST,
            // The blanks between a key and its delimiter, where there are at most two.
            LineKind::Key { key, delim, .. } if ok && delim - key.end < 3 => {
                ((delim - key.end + 1) as u8) << 6
            }
            _ => 0,
        };
        // The ending's two bits are kept; the kind and the two high bits are set anew.
        self.tag = (self.tag & (3 << 4)) | tag as u8 | high;
        ok
    }

    /// Whether this is a comment whose first byte is its sign (see [`SIGN_FIRST`]).
    #[inline]
    pub(super) fn is_sign_first_comment(&self) -> bool {
        self.tag & (15 | SIGN_FIRST) == Tag::Comment as u8 | SIGN_FIRST
    }

    /// A header's start, or a key's: where the text of a line of either kind starts.
    #[inline]
    pub(super) fn first_offset(&self) -> u32 {
        match self.tag() {
            Tag::Key => u32::from(self.at[2] & INDENT_MASK),
            _ => u32::from(self.at[0]),
        }
    }

    /// A key line's key start and end and its value's start and end, for a line whose text is
    /// `text_len` bytes: three bytes read, and the value's end counted back from the text's.
    #[inline]
    pub(super) fn key_offsets(&self, text_len: usize) -> [usize; 4] {
        let [key_end, value_start, low] = self.at;
        [
            usize::from(low & INDENT_MASK),
            usize::from(key_end),
            usize::from(value_start),
            text_len - usize::from(low >> INDENT_BITS),
        ]
    }

    /// A key line's delimiter in its text `text`: the first `=` or `:` from the key's end (only
    /// blanks lie between them, and the key was cut at the first delimiter).
    /// Where the table says how many blanks there are (up to two, in the tag's high bits), it is
    /// not searched for.
    #[inline]
    pub(super) fn delimiter_in(&self, text: &[u8]) -> usize {
        let key_end = usize::from(self.at[0]);
        match self.tag >> 6 {
            0 => (text[key_end..].iter())
                .position(|&b| b == b'=' || b == b':')
                .map_or(key_end, |at| key_end + at),
            blanks => key_end + usize::from(blanks) - 1,
        }
    }

    /// The kind, for a line that is not wide and whose text `text` gives (a key's alone is read).
    #[inline]
    pub(super) fn kind<'t>(&self, text: impl FnOnce() -> &'t [u8]) -> Option<LineKind> {
        let at = |x: usize| x as u32;
        Some(match self.tag() {
            Tag::Blank => LineKind::Blank,
            Tag::Comment => LineKind::Comment,
            Tag::Section => {
                let start = u32::from(self.at[0]);
                let len = u32::from(u16::from_le_bytes([self.at[1], self.at[2]]));
                LineKind::Section {
                    header: start..start + len,
                }
            }
            Tag::Key => {
                let text = text();
                let [ks, ke, vs, ve] = self.key_offsets(text.len());
                LineKind::Key {
                    key: at(ks)..at(ke),
                    delim: at(self.delimiter_in(text)),
                    value: at(vs)..at(ve),
                }
            }
            Tag::Continuation => LineKind::Continuation,
            Tag::Orphan => LineKind::Orphan,
            Tag::NoDelimiter => LineKind::NoDelimiter,
            Tag::EmptyKey => LineKind::EmptyKey,
            Tag::NotUtf8 => LineKind::NotUtf8,
            Tag::Wide => return None,
        })
    }
}

/// A key line's third byte: its indent in the low bits (up to 31), the blanks after its value
/// in the rest (up to 7).
const INDENT_BITS: u32 = 5;
const INDENT_MASK: u8 = (1 << INDENT_BITS) - 1;
