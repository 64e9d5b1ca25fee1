//! Small helpers: hashing, hex, UTC timestamps, temporary directories, URL canonicalisation.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// sha1 hex digest, as botocore and aws-config name SSO token cache files.
pub fn sha1_hex(s: &str) -> String {
    sha1_smol::Sha1::from(s.as_bytes()).digest().to_string()
}

pub fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// `%Y-%m-%dT%H:%M:%SZ` for a unix timestamp (UTC).
pub fn utc_timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The checker's own notion of "the same portal": start URLs that differ only in scheme or host
/// case, an explicit default port `:443`, or one trailing `/`, `#`, `/#`, `#/` or `/#/` reach the
/// same IAM Identity Center portal. Anything else must match exactly.
pub fn canonical_portal(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (url[..i].to_ascii_lowercase(), &url[i + 3..]),
        None => return strip_trailer(url).to_string(),
    };
    let split = rest.find(['/', '#', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    let mut authority = authority.to_ascii_lowercase();
    if scheme == "https" && authority.ends_with(":443") {
        authority.truncate(authority.len() - 4);
    }
    format!("{scheme}://{authority}{}", strip_trailer(path))
}

fn strip_trailer(s: &str) -> &str {
    for suffix in ["/#/", "#/", "/#", "/", "#"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            return stripped;
        }
    }
    s
}

/// A directory under the system temp dir, removed on drop.
pub struct TempDir {
    path: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TempDir {
    pub fn new(tag: &str) -> std::io::Result<Self> {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!(
            "rust-sdk-interop-{}-{}-{n}",
            std::process::id(),
            tag
        ));
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::create_dir_all(&path)?;
        Ok(Self { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("RUST_SDK_INTEROP_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_matches_facts() {
        assert_eq!(sha1_hex("dev"), "34c6fceca75e456f25e7e99531e2425c6c1de443");
        assert_eq!(
            sha1_hex("my-sso"),
            "0ad374308c5a4e22f723adf10145eafad7c4031c"
        );
        assert_eq!(
            sha1_hex("https://d-abc123.awsapps.com/start"),
            "40a89917e3175433e361b710a9d43528d7f1890a"
        );
    }

    #[test]
    fn timestamps() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn portals() {
        let a = canonical_portal("https://x.awsapps.com/start");
        for v in [
            "HTTPS://X.awsapps.com/start/",
            "https://x.awsapps.com:443/start#/",
            "https://x.awsapps.com/start/#/",
            "https://x.awsapps.com/start#",
        ] {
            assert_eq!(canonical_portal(v), a, "{v}");
        }
        assert_ne!(canonical_portal("https://x.awsapps.com/Start"), a);
        assert_ne!(canonical_portal("http://x.awsapps.com/start"), a);
        assert_eq!(unhex(&hex("a|b")).as_deref(), Some("a|b"));
    }
}
