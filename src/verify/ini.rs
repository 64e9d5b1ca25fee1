//! The `configparser` crate's reading of a text, and the comparison of two readings: what each
//! profile resolves to with its session merged in, its other keys, and the sessions. The crate
//! shares no code with our parser; it is given each line as it is, but for one (see
//! [`push_for_the_crate`]).

use std::borrow::Cow;

use configparser::ini::Ini;

use super::is_sso_location_key;
use crate::aws::url::portal_key_cow;
use crate::aws::{SSO_ACCOUNT_ID, SSO_REGION, SSO_ROLE_NAME, SSO_SESSION, SSO_START_URL};
use crate::doc::{Document, LineKind};

/// What a profile resolves to, as the `configparser` reader sees it, borrowed from its maps.
/// Start URLs are compared by portal key, the declared spelling merge.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Resolved<'m> {
    Sso {
        portal: Option<std::borrow::Cow<'m, str>>,
        region: Option<&'m str>,
        account: Option<&'m str>,
        role: Option<&'m str>,
    },
    Error(String),
}

/// One section's keys as the `configparser` crate reads them, lower-cased; `None` is a key
/// without a value, read as empty. The crate's own map, moved, not copied.
pub(super) type Keys = std::collections::HashMap<String, Option<String>>;

/// Profiles or sso-sessions by name: our map (the crate's maps are only moved into it), hashed
/// with the tool's own hasher.
pub(super) type Named = crate::hash::HashMap<String, Keys>;

/// What a key's value reads as, in the crate's maps: a key without a value reads as empty.
pub(super) fn read_as(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// The value of `key` in `keys` (a key without a value reads as empty). A section has a handful
/// of keys: they are compared in turn rather than hashed with the crate's SipHash, which cost
/// more than the comparisons.
pub(super) fn value<'k>(keys: &'k Keys, key: &str) -> Option<&'k str> {
    let found = if keys.len() <= SCANNED_KEYS {
        keys.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    } else {
        keys.get(key)
    };
    found.map(read_as)
}

/// The value `[DEFAULT]`'s keys `defaults` give `key`: [`value`], with nothing to look at in
/// nearly every file, which has no `[DEFAULT]`.
pub(super) fn default_value<'k>(defaults: &'k Keys, key: &str) -> Option<&'k str> {
    if defaults.is_empty() {
        return None;
    }
    value(defaults, key)
}

/// Sections with at most this many keys are searched, not hashed.
pub(super) const SCANNED_KEYS: usize = 8;

/// [`super::independent`] on two texts: the errors found.
pub(super) fn compare_texts(before: String, after: String) -> Vec<String> {
    compare_readings(ini_sections(before), ini_sections(after))
}

/// [`compare_texts`] on the crate's readings of the two texts.
pub(super) fn compare_readings(
    old: Result<Reading, String>,
    new: Result<Reading, String>,
) -> Vec<String> {
    let old = match old {
        Ok(s) => s,
        Err(e) => return vec![format!("original: {e}")],
    };
    let new = match new {
        Ok(s) => s,
        Err(e) => return vec![format!("rewritten: {e}")],
    };
    let same_defaults = old.same_defaults(&new);
    let mut errors = Vec::new();
    for (name, before_keys) in &old.profiles {
        let Some(after_keys) = new.profiles.get(name) else {
            errors.push(format!("profile `{name}` disappeared"));
            continue;
        };
        let (b, a) = (view(before_keys, &old), view(after_keys, &new));
        if b != a {
            errors.push(format!(
                "profile `{name}` resolved to {b:?} before and {a:?} after"
            ));
        }
        let (before_map, after_map) = (old.merged(before_keys), new.merged(after_keys));
        if !same_keys(before_map, after_map, same_defaults, |k| {
            !is_sso_location_key(k)
        }) {
            errors.push(format!("profile `{name}` changed keys other than sso_*"));
        }
    }
    for name in new.profiles.keys() {
        if !old.profiles.contains_key(name) {
            errors.push(format!("profile `{name}` appeared"));
        }
    }
    errors.extend(changed_sessions(&old, &new, same_defaults));
    crate::arena::dispose((old, new));
    // The maps are the crate's, in hash order: the report is sorted to read the same each time.
    errors.sort_unstable();
    errors
}

/// The sessions of `old` that `new` does not have with the same keys, as errors.
pub(super) fn changed_sessions<'r>(
    old: &'r Reading,
    new: &'r Reading,
    same_defaults: bool,
) -> impl Iterator<Item = String> + 'r {
    old.sessions.iter().filter_map(move |(name, s)| {
        let same = (new.sessions.get(name))
            .is_some_and(|n| same_keys(old.merged(s), new.merged(n), same_defaults, |_| true));
        (!same).then(|| format!("sso-session `{name}` changed"))
    })
}

/// Whether `a` and `b` hold the same keys that pass `counted`, with the same values, as botocore
/// sees them (`[DEFAULT]`'s keys in). Where both readings have the same `[DEFAULT]` keys
/// (`same_defaults`), only the keys either section sets itself can differ, and only those are
/// compared.
pub(super) fn same_keys(
    a: Merged,
    b: Merged,
    same_defaults: bool,
    counted: impl Fn(&str) -> bool,
) -> bool {
    if same_defaults {
        // A key of `x`'s own has its own value there: only `y` is searched for it.
        let same = |x: Merged, y: Merged| {
            (x.own.iter())
                .filter(|(k, _)| counted(k))
                .all(|(k, v)| Some(read_as(v)) == y.get(k))
        };
        return same(a, b) && same(b, a);
    }
    let count = |m: Merged| m.iter().filter(|(k, _)| counted(k)).count();
    count(a) == count(b)
        && a.iter()
            .filter(|(k, _)| counted(k))
            .all(|(k, v)| b.get(k) == Some(v))
}

/// Whether two maps hold the same keys with the same values (a key without a value reads as
/// empty).
fn same_map(a: &Keys, b: &Keys) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| value(b, k) == Some(read_as(v)))
}

/// What the `configparser` crate is given of lines `lines` of `doc`, appended to `out`: the lines
/// as they are, but for two where the crate would find a section that botocore does not.
/// - A line that continues a value and starts with `[` after its indentation. botocore (and the
///   AWS SDKs) add such a line to the value above; the crate reads it as a section header, so a
///   `[DEFAULT]` there would hand its keys to every section of the crate's reading, and a new
///   session would disagree with its profile where botocore sees no `[DEFAULT]` at all.
///   [`CONTINUED`] before its `[` makes the crate go on with the value too.
/// - A header whose name starts with whitespace (`[\u{a0}profile dev]`, `[ sso-session x]`), ends
///   in whitespace other than ASCII blanks (`[sso-session x\u{a0}]`), or is `DEFAULT` with
///   blanks around it (`[DEFAULT\t]`). The crate trims a header's name of
///   every kind of whitespace; Python's `configparser` does not trim it, and botocore reads a
///   section as a profile, a session or `[DEFAULT]` by how its name starts or by the whole name,
///   so for botocore each is a section that nothing reads (the AWS SDK for Rust trims only spaces
///   and tabs, and the tool refuses what it would read differently). [`CONTINUED`] after the `[`
///   gives the crate a name that nothing reads either.
///
/// Both sides of a comparison are given the same way.
pub(super) fn push_for_the_crate(doc: &Document, lines: std::ops::Range<usize>, out: &mut String) {
    // The lines as they are, a stretch of them at a time where a rewrite keeps them in pieces.
    let start = out.len();
    doc.lines_in_pieces(lines.clone(), |part| out.push_str(part));
    let text = &out[start..];
    // Nearly always: no `[` but the first header's, which botocore reads as the crate does.
    if memchr::memchr(b'[', text.as_bytes().get(1..).unwrap_or_default()).is_none()
        && !(text.starts_with('[') && named_to_the_crate_alone(text))
    {
        return;
    }
    out.truncate(start);
    for i in lines {
        let line = doc.lines_text(i..i + 1);
        let line: &str = &line;
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        if rest.starts_with('[') && doc.line(i).kind == LineKind::Continuation {
            out.push_str(&line[..indent]);
            out.push(CONTINUED);
            out.push_str(rest);
        } else if rest.starts_with('[') && named_to_the_crate_alone(rest) {
            out.push_str(&line[..indent]);
            out.push('[');
            out.push(CONTINUED);
            out.push_str(&rest[1..]);
        } else {
            out.push_str(line);
        }
    }
}

/// Whether the header that `text` starts with (at its `[`) names, to the `configparser` crate,
/// which trims the text between `[` and the last `]` of the line, a section that botocore, which
/// takes that text as it is, does not read: one whose name starts with whitespace, ends in
/// whitespace other than ASCII blanks, or is `DEFAULT` with blanks around it. Every chunk of the
/// read-back asks; nearly every header is turned away on the characters next to its brackets.
fn named_to_the_crate_alone(text: &str) -> bool {
    // Byte searches: `\n` and `]` are ASCII, never part of another character.
    let line = &text[..memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len())];
    let Some(end) = memchr::memrchr(b']', line.as_bytes()) else {
        return false;
    };
    let name = &line[1..end];
    // Nearly every name starts and ends with a printable ASCII character, which is no
    // whitespace: nothing to trim at either end, and `DEFAULT` only where it is the name.
    if let (Some(first), Some(last)) = (name.as_bytes().first(), name.as_bytes().last())
        && first.is_ascii_graphic()
        && last.is_ascii_graphic()
    {
        return false;
    }
    // botocore splits a profile's or session's name off its header on ASCII whitespace only
    // (`shlex`), so a name that ends in other whitespace (`[sso-session acme\u{a0}]`) keeps it
    // there, and is no name the crate's trimmed one could meet.
    name.starts_with(char::is_whitespace)
        || (name != "DEFAULT" && name.trim() == "DEFAULT")
        || (name.trim_end_matches([' ', '\t', '\r', '\n'])).ends_with(char::is_whitespace)
}

/// Put before the `[` of a line that continues a value, for the `configparser` crate (see
/// [`push_for_the_crate`]): neither whitespace nor a comment sign, so the crate reads the line as
/// the value's next line.
const CONTINUED: char = '\u{1}';

/// The `configparser` crate's reading of one text: the profiles and sso-sessions, each with the
/// keys of its own section, and the keys of `[DEFAULT]`, which botocore gives every section that
/// does not set them. Kept apart, as the crate keeps them: copied into every section, a
/// `[DEFAULT]` of a thousand keys over thousands of profiles was millions of copies.
pub(super) struct Reading<'d> {
    pub(super) profiles: Named,
    pub(super) sessions: Named,
    /// The text's own `[DEFAULT]` keys ([`ini_sections`]), or those of the file a chunk of the
    /// read-back is from, read once ([`ini_sections_beside`]).
    pub(super) defaults: Cow<'d, Keys>,
}

impl Reading<'_> {
    /// `keys` (a section of this reading) with this reading's `[DEFAULT]` keys.
    pub(super) fn merged<'r>(&'r self, keys: &'r Keys) -> Merged<'r> {
        Merged {
            own: keys,
            defaults: &self.defaults,
        }
    }

    /// Whether `other` has the same `[DEFAULT]` keys and values.
    pub(super) fn same_defaults(&self, other: &Reading) -> bool {
        same_map(&self.defaults, &other.defaults)
    }
}

/// A section's keys as botocore sees them: its own, then the `[DEFAULT]` keys it does not set.
#[derive(Clone, Copy)]
pub(super) struct Merged<'r> {
    pub(super) own: &'r Keys,
    pub(super) defaults: &'r Keys,
}

impl<'r> Merged<'r> {
    /// The value of `key`: the section's own, else `[DEFAULT]`'s.
    pub(super) fn get(self, key: &str) -> Option<&'r str> {
        value(self.own, key).or_else(|| default_value(self.defaults, key))
    }

    /// Every key once with its value: the section's own, then the `[DEFAULT]` keys it does not
    /// set. As many as `[DEFAULT]` has: for the rare comparison that needs them all.
    pub(super) fn iter(self) -> impl Iterator<Item = (&'r str, &'r str)> {
        let own = self.own;
        let pair = |(k, v): (&'r String, &'r Option<String>)| (k.as_str(), read_as(v));
        (own.iter().map(pair)).chain(
            (self.defaults.iter())
                .filter(move |(k, _)| value(own, k).is_none())
                .map(pair),
        )
    }
}

/// The `configparser` crate's reading of `text`: profiles and sso-sessions with lower-cased
/// keys, and `[DEFAULT]`'s keys apart.
pub(super) fn ini_sections(text: String) -> Result<Reading<'static>, String> {
    let (defaults, profiles, sessions) = read_sections(text)?;
    Ok(Reading {
        profiles,
        sessions,
        defaults: Cow::Owned(defaults),
    })
}

/// The crate's reading of `text`, a chunk of the read-back that holds no `[DEFAULT]` section,
/// with `defaults`, the crate's reading of the `[DEFAULT]` sections of the file the chunk is from
/// (read once a side, not once a chunk): what [`ini_sections`] reads of the chunk with those
/// sections before it. The crate gives a key to the section whose header it last read, and a
/// chunk starts at a header and holds none that the crate reads as `[DEFAULT]` (see
/// [`push_for_the_crate`]), so those sections could add nothing but their own keys. Where the
/// crate reads `[DEFAULT]` keys in the chunk all the same, the reading is refused: a bug in how
/// the chunk was made, which the read-back reports.
pub(super) fn ini_sections_beside<'d>(
    text: String,
    defaults: &'d Keys,
) -> Result<Reading<'d>, String> {
    let (own, profiles, sessions) = read_sections(text)?;
    if !own.is_empty() {
        return Err("the crate read `[DEFAULT]` keys in a chunk without `[DEFAULT]`".to_string());
    }
    crate::arena::dispose(own);
    Ok(Reading {
        profiles,
        sessions,
        defaults: Cow::Borrowed(defaults),
    })
}

/// The crate's reading of `text`: its `[DEFAULT]` keys, profiles and sso-sessions.
fn read_sections(text: String) -> Result<(Keys, Named, Named), String> {
    let mut ini = Ini::new_cs();
    ini.set_default_section("DEFAULT");
    ini.set_multiline(true);
    // botocore keeps `# …` after a value as part of the value.
    ini.set_inline_comment_symbols(Some(&[]));
    let mut map = crate::phases::crate_read(|| ini.read(text))?;
    // The crate keeps the map it returns a copy of.
    crate::arena::dispose(ini);
    let defaults = map.remove("DEFAULT").map(lowered).unwrap_or_default();
    // Each header's kind and the place of its name in it, found once.
    let mut sections: Vec<(String, Keys, Option<NameAt>)> = map
        .into_iter()
        .map(|(header, keys)| {
            let at = name_at(&header);
            (header, keys, at)
        })
        .collect();
    // Where two headers name the same profile (`[profile a]`, `[profile 'a']`), they are taken
    // in header order, not the crate's hash order, so that the same one wins on both sides of a
    // comparison. Only a header not written plainly can share its name with another.
    if !(sections.iter()).all(|(header, _, at)| plainly_named(header, at.as_ref())) {
        sections.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    let (mut profiles, mut sessions) = (Named::default(), Named::default());
    for (mut header, keys, at) in sections {
        let (named, name) = match at {
            Some(("profile", name)) => (&mut profiles, name),
            Some((_, name)) => (&mut sessions, name),
            None => continue,
        };
        // The header becomes the name in place: no copy a section.
        header.truncate(name.end);
        header.drain(..name.start);
        named.insert(header, lowered(keys));
    }
    Ok((defaults, profiles, sessions))
}

/// A header's kind (`"profile"` or `"sso-session"`) and the byte range of its name in it, as
/// [`section_name`] reads it.
type NameAt = (&'static str, std::ops::Range<usize>);

/// [`section_name`]'s reading of `header`, with the name as its place in `header`.
fn name_at(header: &str) -> Option<NameAt> {
    section_name(header).map(|(kind, name)| {
        let start = name.as_ptr() as usize - header.as_ptr() as usize;
        (kind, start..start + name.len())
    })
}

/// Whether `header`, whose kind and name [`section_name`] found at `at`, is `KIND NAME` with one
/// space and nothing to trim or unquote (not `default`, whose name is the whole header): no
/// other header the crate can read names the same section.
fn plainly_named(header: &str, at: Option<&NameAt>) -> bool {
    match at {
        Some((kind, name)) => {
            name.start == kind.len() + 1
                && name.end == header.len()
                && header.as_bytes()[kind.len()] == b' '
        }
        None => true,
    }
}

/// `keys` with lower-cased keys. Kept as it is when no key has an upper-case letter (nearly
/// always); otherwise rebuilt in key order, so that where two spellings of a key meet in one
/// section (`SSO_Start_URL` and `sso_start_url` in two headers the crate reads as one), the same
/// one wins on both sides of a comparison.
fn lowered(keys: Keys) -> Keys {
    if keys.keys().all(|k| crate::aws::is_lower(k)) {
        return keys;
    }
    let mut pairs: Vec<(String, Option<String>)> = keys.into_iter().collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_lowercase(), v))
        .collect()
}

/// `("profile", NAME)` or `("sso-session", NAME)` for a header the crate read, simply (prefix,
/// trim, one pair of quotes); both sides of a comparison are read the same way.
fn section_name(header: &str) -> Option<(&'static str, &str)> {
    if header == "default" {
        return Some(("profile", header));
    }
    // `profile NAME`, `sso-session\tNAME`: the kind ends at the first space or tab, and any run
    // of spaces and tabs separates. Neither kind has a space or a tab, so a header is of a kind
    // when it starts with the kind and a space or a tab.
    let (kind, rest) = ["profile", "sso-session"].into_iter().find_map(|kind| {
        let rest = header.strip_prefix(kind)?.strip_prefix([' ', '\t'])?;
        Some((kind, rest))
    })?;
    let rest = rest.trim();
    for q in ['"', '\''] {
        if rest.len() >= 2 && rest.starts_with(q) && rest.ends_with(q) {
            return Some((kind, &rest[1..rest.len() - 1]));
        }
    }
    Some((kind, rest))
}

/// What the profile `keys` (a section of `reading`) resolves to with its session merged in as
/// botocore merges it: a key both set differently is an error (the first such key in key order,
/// so both sides name the same one). Looks keys up in the maps instead of building the merged
/// one.
pub(super) fn view<'m>(keys: &'m Keys, reading: &'m Reading<'_>) -> Resolved<'m> {
    let profile = reading.merged(keys);
    // The five keys, each section's own in one walk over its keys: the profile's, then
    // `[DEFAULT]`'s, then the session's (whose `[DEFAULT]` is the profile's, already asked).
    let own = values_of_each(keys, &VIEWED);
    let from_profile = |n: usize| own[n].or_else(|| default_value(profile.defaults, VIEWED[n]));
    let session = match from_profile(0) {
        None => None,
        Some(name) => match reading.sessions.get(name) {
            None => return Resolved::Error(format!("sso-session `{name}` does not exist")),
            Some(session) => Some(reading.merged(session)),
        },
    };
    if let Some(k) = session.and_then(|session| first_inconsistent(profile, session)) {
        return Resolved::Error(format!("`{k}` is inconsistent"));
    }
    let session_own = session.map(|s| values_of_each(s.own, &VIEWED));
    let get = |n: usize| from_profile(n).or_else(|| session_own.and_then(|own| own[n]));
    Resolved::Sso {
        portal: get(1).map(portal_key_cow),
        region: get(2),
        account: get(3),
        role: get(4),
    }
}

/// The first key (in key order, so that both sides of a comparison name the same one) that
/// `profile` and the `session` merged into it set differently, as botocore merges them.
fn first_inconsistent<'m>(profile: Merged<'m>, session: Merged<'m>) -> Option<&'m String> {
    let differs = |p: Option<&str>, s: &Option<String>| p.is_some_and(|p| p != read_as(s));
    // The session's own keys against the profile's; a `[DEFAULT]` key the session does not set
    // has the same value in both unless the profile sets it itself.
    let session_side = (session.own.iter())
        .filter(move |(k, v)| differs(profile.get(k), v))
        .map(|(k, _)| k);
    let defaults_side = (profile.own.iter())
        .filter(move |(k, v)| {
            differs(default_value(session.defaults, k), v) && value(session.own, k).is_none()
        })
        .map(|(k, _)| k);
    session_side.chain(defaults_side).min()
}

/// The keys [`view`] reads, in this order.
const VIEWED: [&str; 5] = [
    SSO_SESSION,
    SSO_START_URL,
    SSO_REGION,
    SSO_ACCOUNT_ID,
    SSO_ROLE_NAME,
];

/// The values `keys` gives each of `names` itself (not `[DEFAULT]`), in one walk over `keys`:
/// what [`value`] finds for each.
fn values_of_each<'k, const N: usize>(keys: &'k Keys, names: &[&str; N]) -> [Option<&'k str>; N] {
    let mut found = [None; N];
    for (k, v) in keys {
        if let Some(n) = names.iter().position(|name| k == name) {
            found[n] = Some(read_as(v));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How headers were read before [`section_name`] looked for its two kinds directly: split
    /// at the first space or tab.
    fn split_at_first_blank(header: &str) -> Option<(&'static str, &str)> {
        if header == "default" {
            return Some(("profile", header));
        }
        let (kind, rest) = match header.split_once([' ', '\t'])? {
            ("profile", rest) => ("profile", rest),
            ("sso-session", rest) => ("sso-session", rest),
            _ => return None,
        };
        let rest = rest.trim();
        for q in ['"', '\''] {
            if rest.len() >= 2 && rest.starts_with(q) && rest.ends_with(q) {
                return Some((kind, &rest[1..rest.len() - 1]));
            }
        }
        Some((kind, rest))
    }

    /// [`view`] as it was before it took each section's keys in one walk: key by key (the check
    /// for a key set differently is the same).
    fn view_key_by_key<'m>(keys: &'m Keys, reading: &'m Reading) -> Resolved<'m> {
        let profile = reading.merged(keys);
        let session = match profile.get(SSO_SESSION) {
            None => None,
            Some(name) => match reading.sessions.get(name) {
                None => return Resolved::Error(format!("sso-session `{name}` does not exist")),
                Some(session) => Some(reading.merged(session)),
            },
        };
        if let Some(k) = session.and_then(|session| first_inconsistent(profile, session)) {
            return Resolved::Error(format!("`{k}` is inconsistent"));
        }
        let get = |key: &str| (profile.get(key)).or_else(|| session.and_then(|s| s.get(key)));
        Resolved::Sso {
            portal: get(SSO_START_URL).map(portal_key_cow),
            region: get(SSO_REGION),
            account: get(SSO_ACCOUNT_ID),
            role: get(SSO_ROLE_NAME),
        }
    }

    /// [`named_to_the_crate_alone`] as it was before its shortcut for a name with printable ASCII
    /// at both ends: the line found by splitting at `\n`, and every check made.
    fn named_to_the_crate_alone_in_full(text: &str) -> bool {
        let line = text.split('\n').next().unwrap_or_default();
        let Some(end) = line.rfind(']') else {
            return false;
        };
        let name = &line[1..end];
        name.starts_with(char::is_whitespace)
            || (name != "DEFAULT" && name.trim() == "DEFAULT")
            || (name.trim_end_matches([' ', '\t', '\r', '\n'])).ends_with(char::is_whitespace)
    }

    proptest::proptest! {
        /// Every profile of any file of a few sections (`[DEFAULT]`, two profiles, two sessions)
        /// and keys (the five [`view`] reads, in upper case too, and another; values that agree
        /// and disagree; a key without a value) is viewed as it was key by key.
        #[test]
        fn a_profile_is_viewed_as_key_by_key(
            sections in proptest::collection::vec(
                (
                    0..5usize,
                    proptest::collection::vec((0..7usize, 0..4usize), 0..7),
                ),
                1..7,
            )
        ) {
            let headers = ["DEFAULT", "profile a", "profile b", "sso-session s", "sso-session t"];
            let keys = [SSO_SESSION, SSO_START_URL, SSO_REGION, SSO_ACCOUNT_ID, SSO_ROLE_NAME,
                        "SSO_Region", "region"];
            let values = ["s", "t", "u", ""];
            let mut text = String::new();
            for (header, lines) in &sections {
                text.push_str(&format!("[{}]\n", headers[*header]));
                for &(key, value) in lines {
                    if values[value].is_empty() {
                        text.push_str(&format!("{}\n", keys[key]));
                    } else {
                        text.push_str(&format!("{} = {}\n", keys[key], values[value]));
                    }
                }
            }
            let reading = ini_sections(text.clone()).unwrap();
            for keys in reading.profiles.values() {
                proptest::prop_assert_eq!(
                    view(keys, &reading),
                    view_key_by_key(keys, &reading),
                    "{}",
                    text
                );
            }
        }
    }

    #[test]
    fn a_header_is_named_to_the_crate_alone_as_in_full() {
        let ends = [
            "", " ", "\t", "\u{a0}", "\u{3000}", "\u{b}", "x", "]", "'", "\u{1}",
        ];
        let names = [
            "",
            "DEFAULT",
            "profile a",
            "sso-session b",
            "default",
            "a]b",
        ];
        let afters = ["", "\n", "\r\n", " # c\n", "]\n", "\n[profile z]\n", "\r"];
        let mut alone = 0;
        for before in ends {
            for name in names {
                for after_name in ends {
                    for after in afters {
                        let text = format!("[{before}{name}{after_name}]{after}");
                        let full = named_to_the_crate_alone_in_full(&text);
                        assert_eq!(named_to_the_crate_alone(&text), full, "{text:?}");
                        alone += usize::from(full);
                    }
                }
            }
        }
        // Without a `]` on the line, nothing is named.
        assert!(!named_to_the_crate_alone("[ a\n]"));
        // Both answers come up: the shortcut is not the only way through.
        assert!(alone > 0 && alone < ends.len() * names.len() * ends.len() * afters.len());
    }

    #[test]
    fn a_header_is_read_as_split_at_its_first_blank() {
        let kinds = [
            "profile",
            "sso-session",
            "profilex",
            "sso-sessions",
            "Profile",
            "prof",
            "",
        ];
        let gaps = ["", " ", "\t", "  ", " \t", "\u{a0}", "x "];
        let names = [
            "a",
            "'a'",
            "\"a b\"",
            "a b",
            " a",
            "a\t",
            "'",
            "",
            "\u{a0}a\u{a0}",
        ];
        let mut plain = 0;
        for kind in kinds {
            for gap in gaps {
                for name in names {
                    let header = format!("{kind}{gap}{name}");
                    let read = section_name(&header);
                    assert_eq!(read, split_at_first_blank(&header), "{header:?}");
                    let at = name_at(&header);
                    let named = at.clone().map(|(kind, name)| (kind, &header[name]));
                    assert_eq!(named, read, "{header:?}");
                    let was_plain = read.is_none_or(|(kind, name)| {
                        header.len() == kind.len() + 1 + name.len()
                            && header.as_bytes()[kind.len()] == b' '
                    });
                    assert_eq!(plainly_named(&header, at.as_ref()), was_plain, "{header:?}");
                    plain += usize::from(read.is_some() && was_plain);
                }
            }
        }
        for header in ["default", "profile default", "sso-session default"] {
            assert_eq!(section_name(header), split_at_first_blank(header));
        }
        assert!(!plainly_named("default", Some(&("profile", 0..7))));
        // Of each kind: `a` (twice: after one space, and as ` a` after none), `a b`, `'` and an
        // empty name.
        assert_eq!(plain, 10);
    }
}
