//! Bytes looked at eight at a time: whether a key is already lower-case (`optionxform`), and
//! the word-at-a-time walk the line checks share.

use std::borrow::Cow;

/// `optionxform`: the key lower-cased, borrowed when it already is (nearly always). Also how
/// session names and the `configparser` crate's keys are compared without case.
pub(crate) fn lower(key: &str) -> Cow<'_, str> {
    if is_lower(key) {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(key.to_lowercase())
    }
}

/// Whether `key` is ASCII without upper-case letters: what `optionxform` leaves as it is.
/// Every key of both readings of a file and of the `configparser` crate's asks, eight bytes at
/// a time.
pub(crate) fn is_lower(key: &str) -> bool {
    lower_ascii(key.as_bytes())
}

fn lower_ascii(bytes: &[u8]) -> bool {
    // In a word whose bytes are all under 0x80, adding `0x80 - n` to each byte sets its high
    // bit exactly where the byte is `n` or more, and carries into no other byte: a byte is
    // upper-case where adding `0x80 - b'A'` sets it and adding `0x80 - (b'Z' + 1)` does not.
    let lower_word = |w: u64, _: &[u8]| {
        let from_a = w.wrapping_add(u64::from(0x80 - b'A') * ONES);
        let past_z = w.wrapping_add(u64::from(0x80 - b'Z' - 1) * ONES);
        w & HIGH == 0 && from_a & !past_z & HIGH == 0
    };
    every_byte(bytes, lower_word, |b| {
        b.is_ascii() && !b.is_ascii_uppercase()
    })
}

/// A `u64` of eight bytes of 0x01, and of eight of 0x80: for looking at eight bytes at a time.
pub(super) const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
pub(super) const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether every byte of `bytes` passes `byte`, eight at a time where there are eight: `word`
/// says it of eight bytes at once (as a native-endian `u64` and as the slice), and a shorter
/// slice is looked at byte by byte. The last few bytes are in the word that ends the slice,
/// which overlaps the one before.
pub(super) fn every_byte(
    bytes: &[u8],
    word: impl Fn(u64, &[u8]) -> bool,
    byte: impl Fn(u8) -> bool,
) -> bool {
    if bytes.len() < 8 {
        return bytes.iter().all(|&b| byte(b));
    }
    let word = |w: &[u8]| word(u64::from_ne_bytes(w.try_into().expect("eight bytes")), w);
    bytes.chunks_exact(8).all(word) && word(&bytes[bytes.len() - 8..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_ascii_is_the_byte_by_byte_rule_at_every_length_and_place() {
        let by_byte = |b: &[u8]| b.iter().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
        for len in 0..=17 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut key = vec![b'k'; len];
                    key[at] = byte;
                    assert_eq!(lower_ascii(&key), by_byte(&key), "{key:?}");
                }
            }
        }
        assert!(is_lower("sso_account_id") && !is_lower("sso_Account_id") && !is_lower("é"));
    }
}
