//! How a [`Document`](super::Document) keeps a line: twelve bytes, its kind's offsets packed
//! into seven of them. A line whose offsets do not fit keeps its kind in the document's short
//! list of wide lines instead.

use super::{Ending, LineKind};

/// How a [`Document`](super::Document) stores a line: 12 bytes. The text ends where the next
/// line starts, less this line's ending; the kind's offsets from the text's start are packed into
/// seven bytes (see [`Packed::set_kind`]), so a line whose offsets do not fit keeps its kind in
/// the document's short list of wide lines instead.
#[derive(Debug, Clone, Copy)]
pub(super) struct Packed {
    pub(super) start: u32,
    /// The kind in the low four bits ([`Tag`]), the ending in the next two, then whether a
    /// comment's first byte is its sign ([`SIGN_FIRST`]).
    pub(super) tag: u8,
    /// Section: the header's start (one byte) and end (two). Key: the key's start (one byte)
    /// and end (two), the delimiter after the key's end and the value's start after the
    /// delimiter (one each), and the value's end (two). Two-byte values are little-endian.
    pub(super) at: [u8; 7],
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
            at: [0; 7],
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

    /// Sets the kind; `false` when its offsets do not fit (the caller keeps it as wide): a
    /// header or key indented by more than 255 bytes, more than 255 bytes between a key and its
    /// delimiter or between the delimiter and the value, or an offset of 64 KiB or more.
    /// `text` is the line's (`None` where it is not UTF-8): a comment records whether its first
    /// byte is its sign.
    pub(super) fn set_kind(&mut self, kind: &LineKind, text: Option<&str>) -> bool {
        let at = match kind {
            LineKind::Section { header } => pack(&[header.start, header.end, 0, 0, 0]),
            LineKind::Key { key, delim, value } => delim
                .checked_sub(key.end)
                .zip(value.start.checked_sub(*delim))
                .and_then(|(to_delim, to_value)| {
                    pack(&[key.start, key.end, to_delim, to_value, value.end])
                }),
            _ => Some([0; 7]),
        };
        let (tag, ok) = match at {
            Some(at) => {
                self.at = at;
                (Tag::of(kind), true)
            }
            None => (Tag::Wide, false),
        };
        let sign_first =
            matches!(kind, LineKind::Comment) && text.is_some_and(|t| t.starts_with(['#', ';']));
        // The ending's two bits are kept; the kind and the sign's bit are set anew.
        self.tag = (self.tag & (3 << 4)) | tag as u8 | if sign_first { SIGN_FIRST } else { 0 };
        ok
    }

    /// Whether this is a comment whose first byte is its sign (see [`SIGN_FIRST`]).
    #[inline]
    pub(super) fn is_sign_first_comment(&self) -> bool {
        self.tag & SIGN_FIRST != 0
    }

    /// The five numbers [`pack`] stored: for a key, its start and end, the delimiter's distance
    /// from the key's end, the value's distance from the delimiter, and the value's end.
    #[inline]
    pub(super) fn unpacked(&self) -> [u32; 5] {
        let a = &self.at;
        let two = |i: usize| u32::from(u16::from_le_bytes([a[i], a[i + 1]]));
        [
            u32::from(a[0]),
            two(1),
            u32::from(a[3]),
            u32::from(a[4]),
            two(5),
        ]
    }

    /// A key line's key, delimiter and value offsets, from [`Packed::unpacked`].
    #[inline]
    pub(super) fn key_offsets(&self) -> [usize; 4] {
        let [ks, ke, to_delim, to_value, ve] = self.unpacked();
        let delim = ke + to_delim;
        [ks, ke, delim + to_value, ve].map(|v| v as usize)
    }

    /// The kind, for a line that is not wide.
    pub(super) fn kind(&self) -> Option<LineKind> {
        let a = self.unpacked();
        Some(match self.tag() {
            Tag::Blank => LineKind::Blank,
            Tag::Comment => LineKind::Comment,
            Tag::Section => LineKind::Section { header: a[0]..a[1] },
            Tag::Key => LineKind::Key {
                key: a[0]..a[1],
                delim: a[1] + a[2],
                value: a[1] + a[2] + a[3]..a[4],
            },
            Tag::Continuation => LineKind::Continuation,
            Tag::Orphan => LineKind::Orphan,
            Tag::NoDelimiter => LineKind::NoDelimiter,
            Tag::EmptyKey => LineKind::EmptyKey,
            Tag::NotUtf8 => LineKind::NotUtf8,
            Tag::Wide => return None,
        })
    }
}

/// Packs five numbers into a [`Packed`] line's seven bytes, the first, third and fourth in one
/// byte each and the second and fifth in two; `None` when one does not fit.
fn pack(v: &[u32; 5]) -> Option<[u8; 7]> {
    let one = |x: u32| u8::try_from(x).ok();
    let two = |x: u32| u16::try_from(x).ok().map(u16::to_le_bytes);
    let (a, [b0, b1], c, d, [e0, e1]) =
        (one(v[0])?, two(v[1])?, one(v[2])?, one(v[3])?, two(v[4])?);
    Some([a, b0, b1, c, d, e0, e1])
}
