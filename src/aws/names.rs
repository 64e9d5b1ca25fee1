//! Session names: what is valid, and the readable default we derive from a start URL.
//!
//! Names use only `[A-Za-z0-9_.-]`: every AWS SDK accepts these without quoting, whereas a name
//! with a space breaks the Go, Java, JS and .NET SDKs (`AWS-CONFIG-FACTS.md` §2.5).

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
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

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
    let first_label = if is_domain {
        host.split('.').next().unwrap_or_default()
    } else {
        host.trim_matches(['[', ']'])
    };
    let generic = |s: &str| GENERIC.iter().any(|g| g.eq_ignore_ascii_case(s));
    // The path is looked at only when the host says nothing: nearly every portal is named by
    // its first host label.
    let name = if is_domain && generic(first_label) {
        let last_segment = start_url
            .path_segments()
            .and_then(|mut segs| segs.rfind(|s| !s.is_empty()))
            .map(percent_decode);
        match last_segment {
            Some(seg) if !generic(&seg) && !sanitize(&seg).is_empty() => sanitize(&seg),
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
