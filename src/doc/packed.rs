//! How a [`Document`](super::Document) keeps a line: eight bytes, its kind's offsets packed
//! into three of them and two bits. A line whose offsets do not fit keeps its kind in the
//! document's short list of wide lines instead.

use std::ops::Range;

use super::{Ending, LineKind};

/// How a [`Document`](super::Document) stores a line: 8 bytes. The text ends where the next
/// line starts, less this line's ending; the kind's offsets from the text's start are packed into
/// three bytes and two bits (see [`Packed::set_kind`]), so a line whose offsets do not fit keeps
/// its kind in the document's short list of wide lines instead.
#[derive(Debug, Clone, Copy)]
pub(super) struct Packed {
    pub(super) start: u32,
    /// The kind in the low four bits ([`Tag`]), the ending in the next two, then for a comment
    /// whether its first byte is its sign ([`SIGN_FIRST`]), and for a key the two high bits of
    /// its [`KeyFields`].
    pub(super) tag: u8,
    /// Section: the header's start (one byte) and length (two, little-endian). Key: the low 24
    /// bits of its [`KeyFields`].
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
    /// [`KeyFields`] and [`Packed::at`] for what fits). `text` is the line's (`None` where it is
    /// not UTF-8): a key's value ends at the text's end less its trailing blanks, and a comment
    /// records whether its first byte is its sign.
    pub(super) fn set_kind(&mut self, kind: &LineKind, text: Option<&str>) -> bool {
        let packed = match kind {
            LineKind::Section { header } => u8::try_from(header.start)
                .ok()
                .zip(u16::try_from(header.end - header.start).ok())
                .map(|(start, len)| {
                    let [l0, l1] = len.to_le_bytes();
                    ([start, l0, l1], 0)
                }),
            LineKind::Key { key, delim, value } => {
                text.and_then(|t| KeyFields::pack(key, *delim, value, t.len()))
            }
            _ => Some(([0; 3], 0)),
        };
        let (tag, high, ok) = match packed {
            Some((at, high)) => {
                self.at = at;
                (Tag::of(kind), high, true)
            }
            None => (Tag::Wide, 0, false),
        };
        let sign_first =
            matches!(kind, LineKind::Comment) && text.is_some_and(|t| t.starts_with(['#', ';']));
        // The ending's two bits are kept; the kind and the two high bits are set anew.
        self.tag =
            (self.tag & (3 << 4)) | tag as u8 | if sign_first { SIGN_FIRST } else { 0 } | high << 6;
        ok
    }

    /// Whether this is a comment whose first byte is its sign (see [`SIGN_FIRST`]).
    #[inline]
    pub(super) fn is_sign_first_comment(&self) -> bool {
        self.tag & (15 | SIGN_FIRST) == Tag::Comment as u8 | SIGN_FIRST
    }

    /// The 26 bits of a key line's [`KeyFields`]: the three bytes and the tag's two high bits.
    #[inline]
    fn key_bits(&self) -> u32 {
        let [a, b, c] = self.at;
        u32::from_le_bytes([a, b, c, self.tag >> 6])
    }

    /// A header's start, or a key's: where the text of a line of either kind starts.
    #[inline]
    pub(super) fn first_offset(&self) -> u32 {
        match self.tag() {
            Tag::Key => KeyFields::INDENT.of(self.key_bits()),
            _ => u32::from(self.at[0]),
        }
    }

    /// A key line's key start and delimiter.
    #[inline]
    pub(super) fn key_and_delimiter(&self) -> (u32, u32) {
        let bits = self.key_bits();
        let start = KeyFields::INDENT.of(bits);
        let delim = start + KeyFields::KEY_LEN.of(bits) + KeyFields::TO_DELIM.of(bits);
        (start, delim)
    }

    /// A key line's key start and end and its value's start and end, for a line whose text is
    /// `text_len` bytes.
    #[inline]
    pub(super) fn key_offsets(&self, text_len: usize) -> [usize; 4] {
        let bits = self.key_bits();
        let key_start = KeyFields::INDENT.of(bits);
        let key_end = key_start + KeyFields::KEY_LEN.of(bits);
        let value_start = key_end + KeyFields::TO_DELIM.of(bits) + KeyFields::TO_VALUE.of(bits) + 1;
        let value_end = text_len - KeyFields::TRAIL.of(bits) as usize;
        [
            key_start as usize,
            key_end as usize,
            value_start as usize,
            value_end,
        ]
    }

    /// The kind, for a line that is not wide and whose text is `text_len` bytes.
    pub(super) fn kind(&self, text_len: usize) -> Option<LineKind> {
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
                let [ks, ke, vs, ve] = self.key_offsets(text_len);
                LineKind::Key {
                    key: at(ks)..at(ke),
                    delim: self.key_and_delimiter().1,
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

/// A field of a key line's 26 bits: its lowest bit and its width.
#[derive(Clone, Copy)]
struct Field(u32, u32);

impl Field {
    #[inline]
    fn of(self, bits: u32) -> u32 {
        (bits >> self.0) & ((1 << self.1) - 1)
    }

    /// `value` in its place, or `None` where it does not fit.
    fn put(self, value: u32) -> Option<u32> {
        (value < 1 << self.1).then_some(value << self.0)
    }
}

/// How a key line's offsets are packed into 26 bits ([`Packed::at`] and the tag's two high
/// bits): the key's length (1 to 255 bytes), its indent (up to 31), the blanks between the key
/// and the delimiter (up to 63), the value's distance from the delimiter (1 to 16) and the
/// blanks after the value (up to 7). Nearly every key of a real file fits; one that does not is
/// kept as a wide line.
struct KeyFields;

impl KeyFields {
    const KEY_LEN: Field = Field(0, 8);
    const INDENT: Field = Field(8, 5);
    const TO_DELIM: Field = Field(13, 6);
    /// The value's start less the delimiter's, less one.
    const TO_VALUE: Field = Field(19, 4);
    const TRAIL: Field = Field(23, 3);

    /// The three bytes and two high bits of a key at `key`, its delimiter at `delim` and its
    /// value at `value` in a text of `text_len` bytes; `None` where one does not fit.
    fn pack(
        key: &Range<u32>,
        delim: u32,
        value: &Range<u32>,
        text_len: usize,
    ) -> Option<([u8; 3], u8)> {
        let trail = u32::try_from(text_len).ok()?.checked_sub(value.end)?;
        let bits = KeyFields::KEY_LEN.put(key.end.checked_sub(key.start)?)?
            | KeyFields::INDENT.put(key.start)?
            | KeyFields::TO_DELIM.put(delim.checked_sub(key.end)?)?
            | KeyFields::TO_VALUE.put(value.start.checked_sub(delim)?.checked_sub(1)?)?
            | KeyFields::TRAIL.put(trail)?;
        let [a, b, c, high] = bits.to_le_bytes();
        Some(([a, b, c], high))
    }
}
