//! Session names: what is valid, and the readable default we derive from a start URL.
//!
//! Names use only `[A-Za-z0-9_.-]`: every AWS SDK accepts these without quoting, whereas a name
//! with a space breaks the Go, Java, JS and .NET SDKs (`AWS-CONFIG-FACTS.md` §2.5).

use super::url::{self as start_url, UrlProblem};

/// Whether `name` may be used for a new `[sso-session NAME]`.
pub fn is_valid(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        // `aws sso login --sso-session -x` would read the name as an option.
        && !name.starts_with('-')
}

/// Whether every AWS SDK can read `name` as a profile or session name: the cross-SDK profile
/// spec's identifier set `[A-Za-z0-9_\-/.%@:+]+`. The names we create ([`is_valid`]) are a subset.
pub fn is_portable(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(is_portable_byte)
}

/// Whether `b` is a byte of the identifier set of [`is_portable`] (a byte of a character
/// outside ASCII is not). A table: `--doctor` asks it of every byte of every key.
#[inline]
pub fn is_portable_byte(b: u8) -> bool {
    PORTABLE[usize::from(b)]
}

const PORTABLE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(c, b'_' | b'-' | b'/' | b'.' | b'%' | b'@' | b':' | b'+');
        b += 1;
    }
    table
};

/// Host labels and path segments that say nothing about which organisation a portal is.
const GENERIC: [&str; 7] = [
    "start",
    "portal",
    "identitycenter",
    "www",
    "sso",
    "login",
    "signin",
];

/// The readable default name for a portal:
/// `https://acme.awsapps.com/start` -> `acme`, `https://d-9067a1b2c3.awsapps.com/start` ->
/// `d-9067a1b2c3`, `https://identitycenter.amazonaws.com/ssoins-…` -> `ssoins-…`. A generic first
/// host label falls back to the last path segment; an IP address is used whole.
pub fn base_name(start_url: &url::Url) -> String {
    let host = start_url.host_str().unwrap_or_default();
    // Copied only when there is something to lower-case (the URL parser already lower-cases
    // the host of an `https` URL).
    let host: std::borrow::Cow<'_, str> = if host.bytes().any(|b| b.is_ascii_uppercase()) {
        host.to_ascii_lowercase().into()
    } else {
        host.into()
    };
    let is_domain = matches!(start_url.host(), Some(url::Host::Domain(_)));
    name_from(&host, is_domain, || {
        start_url
            .path_segments()
            .and_then(|mut segs| segs.rfind(|s| !s.is_empty()))
            .map(percent_decode)
    })
}

/// [`start_url::check`] and then [`base_name`]: the base name of a new session for start URL `raw`,
/// or why `raw` is not migrated. The URL parser is skipped for the plain shape nearly every start
/// URL has (`plain_base_name`).
pub fn checked_base_name(raw: &str) -> Result<String, UrlProblem> {
    match plain_base_name(raw) {
        Some(name) => Ok(name),
        None => start_url::check(raw).map(|parsed| base_name(&parsed)),
    }
}

/// [`checked_base_name`] without the URL parser, for the shape nearly every start URL has:
/// `https://`, a host of lower-case letters, digits and `-` in dot-separated labels (none empty,
/// none `xn--`, the last starting with a letter), then nothing or `/` or `#` and only letters,
/// digits, `/`, `_`, `-` and `#`. The parser takes such a URL as it is written: its host is the
/// host as written (a domain: the last label is no number, no label is punycode to decode), and
/// its path segments are the path's (no `.` segments, no percent signs). `None` for any other
/// URL, which the parser judges.
fn plain_base_name(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix("https://")?;
    let host_end = memchr::memchr2(b'/', b'#', rest.as_bytes()).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    // One pass over the host's bytes: each label checked where its dot ends it, the last after.
    let plain_label = |label: &str| !label.is_empty() && !label.starts_with("xn--");
    let mut label_start = 0;
    for (i, &b) in host.as_bytes().iter().enumerate() {
        if b == b'.' {
            if !plain_label(&host[label_start..i]) {
                return None;
            }
            label_start = i + 1;
        } else if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return None;
        }
    }
    let last_label = &host[label_start..];
    if !plain_label(last_label) || !last_label.as_bytes()[0].is_ascii_lowercase() {
        return None;
    }
    let plain_tail = tail
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'#'));
    if !plain_tail {
        return None;
    }
    let path = &tail[..memchr::memchr(b'#', tail.as_bytes()).unwrap_or(tail.len())];
    Some(name_from(host, true, || {
        // The last non-empty segment: what is left of the path without its trailing `/`s,
        // after its last `/`.
        let path = path.trim_end_matches('/');
        let start = memchr::memrchr(b'/', path.as_bytes()).map_or(0, |i| i + 1);
        (!path.is_empty()).then(|| path[start..].to_string())
    }))
}

/// [`base_name`] from a lower-case `host` (a domain, or an IP address) and the start URL's last
/// non-empty path segment, decoded, asked for only when the host says nothing.
fn name_from(host: &str, is_domain: bool, last_segment: impl FnOnce() -> Option<String>) -> String {
    let first_label = if is_domain {
        host.split('.').next().unwrap_or_default()
    } else {
        host.trim_matches(['[', ']'])
    };
    let generic = |s: &str| GENERIC.iter().any(|g| g.eq_ignore_ascii_case(s));
    // The path is looked at only when the host says nothing: nearly every portal is named by
    // its first host label.
    let name = if is_domain && generic(first_label) {
        match last_segment()
            .filter(|seg| !generic(seg))
            .map(|seg| sanitize(&seg))
        {
            Some(seg) if !seg.is_empty() => seg,
            _ => sanitize(first_label),
        }
    } else {
        sanitize(first_label)
    };
    if name.is_empty() {
        "sso".to_string()
    } else {
        name
    }
}

/// Maps anything outside `[A-Za-z0-9_.-]` to `-`, collapses runs of `-`, and trims `-` and `.`
/// from the ends.
pub fn sanitize(s: &str) -> String {
    // A name that is already clean (nearly every one: a host label, a path segment) is copied
    // as it is, without the character-by-character rewrite below.
    let bytes = s.as_bytes();
    let clean = bytes
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && !bytes.windows(2).any(|w| w == b"--")
        && !matches!(bytes.first(), Some(b'-' | b'.'))
        && !matches!(bytes.last(), Some(b'-' | b'.'));
    if clean {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
            c
        } else {
            '-'
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    let end = out.trim_end_matches(['-', '.']).len();
    out.truncate(end);
    let start = out.len() - out.trim_start_matches(['-', '.']).len();
    out.drain(..start);
    out
}

fn percent_decode(s: &str) -> String {
    // Without these, form decoding gives the segment back as it is.
    if !s.contains(['%', '+', '&']) {
        return s.to_string();
    }
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(u: &str) -> String {
        base_name(&url::Url::parse(u).unwrap())
    }

    #[test]
    fn names_come_from_the_portal() {
        assert_eq!(name("https://acme.awsapps.com/start"), "acme");
        assert_eq!(name("https://ACME.awsapps.cn/start/#/"), "acme");
        assert_eq!(
            name("https://d-9067a1b2c3.awsapps.com/start"),
            "d-9067a1b2c3"
        );
        assert_eq!(
            name("https://identitycenter.amazonaws.com/ssoins-7223a5c1f1a4b0e2"),
            "ssoins-7223a5c1f1a4b0e2"
        );
        assert_eq!(
            name("https://start.us-gov-home.awsapps.com/directory/d-abc"),
            "d-abc"
        );
        assert_eq!(name("https://portal.example.com/start"), "portal");
        assert_eq!(name("https://127.0.0.1/start"), "127.0.0.1");
        assert_eq!(name("https://x/start"), "x");
        assert_eq!(name("https://my_corp.example/start"), "my_corp");
        // The path of a generic host, percent-decoded; an IPv6 address, trimmed.
        assert_eq!(name("https://START.example.com/My%20Org/"), "My-Org");
        assert_eq!(name("https://sso.example.com/Login"), "sso");
        assert_eq!(name("https://[::1]/start"), "1");
        assert_eq!(name("https://sso.example.com/a+b&c"), "a-b");
    }

    #[test]
    fn plain_urls_are_named_without_the_parser() {
        for (raw, want) in [
            ("https://acme.awsapps.com/start", "acme"),
            ("https://acme.awsapps.com/start#/", "acme"),
            ("https://d-9067a1b2c3.awsapps.com/start/", "d-9067a1b2c3"),
            (
                "https://start.us-gov-home.awsapps.com/directory/d-abc",
                "d-abc",
            ),
            ("https://sso.example.com/Login", "sso"),
            ("https://x", "x"),
        ] {
            assert_eq!(plain_base_name(raw).as_deref(), Some(want), "{raw}");
        }
        // The parser's: a number for a last label, punycode, a port, upper case, a dot segment.
        for raw in [
            "https://10.0.0.1/start",
            "https://acme.0x10/start",
            "https://xn--bcher-kva.example/start",
            "https://acme.awsapps.com:443/start",
            "https://ACME.awsapps.com/start",
            "https://sso.example.com/a/../b",
            "https://sso.example.com/My%20Org",
            "https://acme..com/start",
            "https:///start",
            "http://acme.awsapps.com/start",
        ] {
            assert_eq!(plain_base_name(raw), None, "{raw}");
        }
    }

    proptest::proptest! {
        /// The fast path names a URL as the parser does, and leaves alone what it cannot tell.
        #[test]
        fn plain_urls_are_named_as_the_parser_names_them(
            raw in proptest::prop_oneof![
                "https://(start|sso|portal|[a-z0-9-]{0,6})(\\.[a-z0-9-]{0,5}){0,3}([/#][A-Za-z0-9/_#-]{0,12})?",
                "https://(sso|xn--[a-z0-9]{1,4}|[0-9]{1,3}|0x[0-9a-f]{1,2}|[a-z-]{1,4})(\\.(xn--[a-z0-9]{1,4}|[0-9]{1,3}|0x[0-9a-f]{1,2}|[a-z-]{1,4})){0,3}([/#:?][A-Za-z0-9/_#.%-]{0,12})?",
                "https://(start|sso|portal)\\.example(/(start|\\.|\\.\\.|[A-Za-z0-9_-]{0,4}|[a-z]?%[2-7][0-9A-F]))*(#/?)?",
                "(https|HTTPS|http)://[a-zA-Z0-9.:@%_\\[\\]-]{0,14}([/#?][A-Za-z0-9/_#.%+&?-]{0,12})?",
            ]
        ) {
            let parsed = start_url::check(&raw).map(|u| base_name(&u));
            if let Some(fast) = plain_base_name(&raw) {
                proptest::prop_assert_eq!(Ok(fast), parsed.clone());
            }
            proptest::prop_assert_eq!(checked_base_name(&raw), parsed);
        }
    }

    /// What [`sanitize`] does, character by character: the rule its shortcut must keep.
    fn sanitized_by_the_rule(s: &str) -> String {
        let mapped: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let mut out = String::new();
        for c in mapped.chars() {
            if !(c == '-' && out.ends_with('-')) {
                out.push(c);
            }
        }
        out.trim_matches(['-', '.']).to_string()
    }

    proptest::proptest! {
        /// The shortcut for a clean name gives what the rule gives, clean or not.
        #[test]
        fn a_name_is_sanitized_by_the_rule(
            // Each alternative equally likely: `-` and `.` often, side by side and at the ends.
            s in "([A-Za-z0-9_]|-|\\.){0,8}|([a-z0-9]|[ /%é]|-|\\.){0,10}"
        ) {
            proptest::prop_assert_eq!(sanitize(&s), sanitized_by_the_rule(&s));
        }
    }

    #[test]
    fn validity() {
        for ok in ["acme", "d-123", "a.b_c", "A1"] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in ["", "a b", "a/b", "-x", "é", "a'b"] {
            assert!(!is_valid(bad), "{bad}");
        }
        assert_eq!(sanitize("us-east-1 # c"), "us-east-1-c");
        assert!(is_portable("corp:main/x@y+z%1"));
        assert!(!is_portable("my corp"));
        assert!(!is_portable("corp!main"));
        assert_eq!(sanitize("--a..b--"), "a..b");
    }
}
