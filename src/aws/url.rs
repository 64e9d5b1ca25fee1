//! Start URLs: which ones we migrate, and which spellings name the same portal.
//!
//! botocore compares start URLs as plain strings, and the token cache is keyed by the exact
//! string, so `…/start` and `…/start/` are different to it. People paste both from the browser.
//! We merge exactly these spelling variants into one session and report every profile whose
//! spelling changed: scheme and host case, the default port `:443`, and one trailing `/`, `#`,
//! `/#`, `#/` or `/#/`. Nothing else is considered equal.

use serde::Serialize;

/// Why a start URL is not migrated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlProblem {
    /// Not `https://…` with a host (placeholders such as `START_URL`, `http://`, a bare host).
    NotHttps,
    /// Whitespace inside the value (a placeholder such as `<your value>`, an inline comment, a
    /// continuation line).
    HasWhitespace,
    /// A control character inside the value and no whitespace (an escape sequence pasted with
    /// it).
    HasControl,
}

/// Checks that `raw` is an `https://` URL with a host that we can move as it is.
pub fn check(raw: &str) -> Result<url::Url, UrlProblem> {
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(match raw.chars().any(char::is_whitespace) {
            true => UrlProblem::HasWhitespace,
            false => UrlProblem::HasControl,
        });
    }
    // `https:host` parses too, but nobody means it; the merge rules assume `scheme://`.
    if !raw
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
    {
        return Err(UrlProblem::NotHttps);
    }
    let parsed = url::Url::parse(raw).map_err(|_| UrlProblem::NotHttps)?;
    if parsed.scheme() != "https" || parsed.host_str().is_none_or(str::is_empty) {
        return Err(UrlProblem::NotHttps);
    }
    Ok(parsed)
}

const TRAILING_VARIANTS: [&str; 5] = ["/#/", "/#", "#/", "/", "#"];

/// The key two spellings of the same portal share. Only meaningful for URLs that pass [`check`];
/// anything else is its own key.
pub fn portal_key(raw: &str) -> String {
    portal_key_cow(raw).into_owned()
}

/// [`portal_key`], borrowed when the URL is already its own key (nearly always).
pub fn portal_key_cow(raw: &str) -> std::borrow::Cow<'_, str> {
    if is_portal_key(raw) {
        std::borrow::Cow::Borrowed(raw)
    } else {
        std::borrow::Cow::Owned(normalized(raw))
    }
}

/// [`portal_key`] the long way.
fn normalized(raw: &str) -> String {
    let Some(sep) = raw.find("://") else {
        return raw.to_string();
    };
    let scheme = raw[..sep].to_ascii_lowercase();
    let rest = &raw[sep + 3..];
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, mut tail) = rest.split_at(auth_end);
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(at) => authority.split_at(at + 1),
        None => ("", authority),
    };
    let mut hostport = hostport.to_ascii_lowercase();
    if scheme == "https" {
        for default_port in [":443", ":"] {
            if hostport.ends_with(default_port) && !hostport.ends_with(']') {
                hostport.truncate(hostport.len() - default_port.len());
                break;
            }
        }
    }
    for suffix in TRAILING_VARIANTS {
        if let Some(stripped) = tail.strip_suffix(suffix) {
            tail = stripped;
            break;
        }
    }
    format!("{scheme}://{userinfo}{hostport}{tail}")
}

/// Whether `raw` is already its own [`portal_key`] (nearly every start URL): `https://`, a
/// lower-case authority without a default port, and no trailing `/` or `#`.
pub fn is_portal_key(raw: &str) -> bool {
    let Some(rest) = raw.strip_prefix("https://") else {
        return false;
    };
    // One pass to the authority's end (the first `/`, `?` or `#`), refusing upper case on the
    // way: a start URL's authority is a few dozen bytes, too short for a vectorised search to
    // pay for setting itself up (twice the instructions, 60,000 calls on 10,000 portals).
    let rest = rest.as_bytes();
    let mut end = rest.len();
    for (i, &b) in rest.iter().enumerate() {
        match b {
            b'/' | b'?' | b'#' => {
                end = i;
                break;
            }
            b'A'..=b'Z' => return false,
            _ => {}
        }
    }
    let authority = &rest[..end];
    // A last byte of `/` or `#` is that character: no byte of a longer UTF-8 character is.
    !authority.ends_with(b":")
        && !authority.ends_with(b":443")
        && !matches!(raw.as_bytes().last(), Some(b'/' | b'#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_https_urls_with_a_host() {
        assert!(check("https://acme.awsapps.com/start").is_ok());
        assert!(check("HTTPS://ACME.awsapps.com/start#/").is_ok());
        assert!(check("https://x/start").is_ok());
        assert_eq!(
            check("http://acme.awsapps.com/start").unwrap_err(),
            UrlProblem::NotHttps
        );
        assert_eq!(check("START_URL").unwrap_err(), UrlProblem::NotHttps);
        assert_eq!(check("https:-").unwrap_err(), UrlProblem::NotHttps);
        assert_eq!(check("https:/x/start").unwrap_err(), UrlProblem::NotHttps);
        assert_eq!(check("").unwrap_err(), UrlProblem::NotHttps);
        assert_eq!(
            check("https://x/start # mine").unwrap_err(),
            UrlProblem::HasWhitespace
        );
        assert_eq!(
            check("https://x/start\x1b[2J").unwrap_err(),
            UrlProblem::HasControl
        );
        assert_eq!(
            check("https://x/\x1b[2J start").unwrap_err(),
            UrlProblem::HasWhitespace
        );
    }

    #[test]
    fn declared_variants_share_a_key() {
        let base = portal_key("https://acme.awsapps.com/start");
        for v in [
            "https://acme.awsapps.com/start/",
            "https://acme.awsapps.com/start#",
            "https://acme.awsapps.com/start#/",
            "https://acme.awsapps.com/start/#",
            "https://acme.awsapps.com/start/#/",
            "HTTPS://ACME.AWSAPPS.COM/start",
            "https://acme.awsapps.com:443/start",
        ] {
            assert_eq!(portal_key(v), base, "{v}");
        }
    }

    #[test]
    fn other_differences_are_other_portals() {
        let base = portal_key("https://acme.awsapps.com/start");
        for v in [
            "https://acme.awsapps.com/Start",
            "https://acme.awsapps.com/start//",
            "https://acme.awsapps.com:8443/start",
            "https://acme2.awsapps.com/start",
            "https://acme.awsapps.com/start?x=1",
        ] {
            assert_ne!(portal_key(v), base, "{v}");
        }
        assert_eq!(portal_key("https://x"), portal_key("https://x/"));
        // The shortcut for a URL that is its own key agrees with the long way.
        for v in [
            "https://acme.awsapps.com/start",
            "https://ACME.awsapps.com/start",
            "https://acme.awsapps.com:443/start",
            "https://acme.awsapps.com:/start",
            "https://acme.awsapps.com/start#",
            "https://u@Acme.awsapps.com/start",
            "https://[::1]:443",
            "https://acme.awsapps.com?x=/Y",
            "https://ACME.awsapps.com?x=/Y",
            "https://acme.awsapps.com?X=1",
            "https://acme.awsapps.com#/A",
            "https://acme.awsapps.com/Start",
            "https://acme:443",
            "https://acme:",
            "https://acmE",
        ] {
            let long = normalized(v);
            assert_eq!(is_portal_key(v), long == v, "{v}");
            assert_eq!(portal_key(v), long, "{v}");
        }
    }

    proptest::proptest! {
        /// The shortcut agrees with the long way on URLs of every shape it tells apart.
        #[test]
        fn a_url_is_its_own_key_exactly_when_the_long_way_says_so(
            // Each alternative equally likely: delimiters, upper case and ports often.
            v in "(https|HTTPS|http)://([a-z0-9.-]|[A-Z]|:|:443|@|\\[|\\]){0,8}(([/?#]|/#|#/|/#/)([a-zA-Z0-9.=]|[/?#]){0,6})?(é)?"
        ) {
            // Never a URL the long way would change; and every `https://` one it would not, but
            // for user info (whose capitals it refuses, to stay simple) and an empty authority
            // (`https://` ends with `/`).
            let own = v.starts_with("https://") && normalized(&v) == v;
            if v.contains('@') || v.len() == "https://".len() {
                proptest::prop_assert!(!is_portal_key(&v) || own);
            } else {
                proptest::prop_assert_eq!(is_portal_key(&v), own);
            }
        }
    }
}
