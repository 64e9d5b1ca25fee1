//! `--carry-tokens` and `--tokens`: which legacy token a new session gets, that an existing
//! session token is never replaced, the file's mode and owner, corrupt cache files, the exact
//! report a user sees (with a fixed clock), and that no token value is ever printed.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use aws_sso_migrate::sso_cache::cache_file_name;

use crate::support::{Run, Test, is_root};

/// Two spellings of one portal, and a second portal.
const LEGACY: &str = "\
[profile a]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile b]
sso_start_url = https://acme.awsapps.com/start/
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 333333333333
sso_role_name = Dev
";

/// Session names the tool gives the two portals of [`LEGACY`].
const ACME: &str = "acme";
const OLD: &str = "old";

const FUTURE: &str = "2999-01-01T00:00:00Z";
const PAST: &str = "2000-01-01T00:00:00Z";

/// Every secret planted in a cache file contains this; none may ever be printed.
const SECRET: &str = "SECRET";

fn token_json(start_url: &str, region: &str, expires: &str, tag: &str) -> String {
    format!(
        r#"{{"startUrl":"{start_url}","region":"{region}","accessToken":"{SECRET}-access-{tag}","expiresAt":"{expires}","refreshToken":"{SECRET}-refresh-{tag}","clientSecret":"{SECRET}-client-{tag}"}}"#
    )
}

/// The path of the cache file for `identifier` under `home`.
fn cache_file(home: &Path, identifier: &str) -> PathBuf {
    home.join(".aws/sso/cache")
        .join(cache_file_name(identifier))
}

/// A valid-looking legacy token of `start_url` in the cache, keyed by the URL as written.
fn with_legacy_token(t: Test, start_url: &str, region: &str, expires: &str, tag: &str) -> Test {
    with_token(t, start_url, &token_json(start_url, region, expires, tag))
}

fn with_token(t: Test, identifier: &str, json: &str) -> Test {
    let name = format!(".aws/sso/cache/{}", cache_file_name(identifier));
    t.file(&name, json)
}

/// Asserts that no token value reached stdout or stderr.
fn no_secrets(r: Run) -> Run {
    for (what, bytes) in [("stdout", &r.output.stdout), ("stderr", &r.output.stderr)] {
        assert!(
            !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
            "a token value was printed on {what}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    r
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[test]
fn merged_url_spellings_find_their_token_and_only_reader_fields_are_carried() {
    // Only the respelled URL (profile b's `…/start/`) has a token; the session uses `…/start`.
    let t = Test::new().config(LEGACY);
    let json = token_json("https://acme.awsapps.com/start/", "us-east-1", FUTURE, "b");
    let t = with_token(t, "https://acme.awsapps.com/start/", &json).args([
        "--write",
        "--carry-tokens",
        "--color",
        "never",
    ]);
    let r = no_secrets(t.run().status(0));
    let carried = cache_file(t.path(), ACME);
    assert_eq!(
        fs::read(&carried).unwrap(),
        format!(
            "{{\"startUrl\":\"https://acme.awsapps.com/start/\",\"region\":\"us-east-1\",\"accessToken\":\"{SECRET}-access-b\",\"expiresAt\":\"{FUTURE}\"}}\n"
        )
        .as_bytes()
    );
    assert_eq!(mode(&carried), 0o600);
    let err = r.stderr();
    assert!(
        err.contains(
            "token: carried the cached login of https://acme.awsapps.com/start/ into [sso-session acme]: valid until 2999-01-01"
        ),
        "{err}"
    );
    assert!(err.contains("run `aws sso login --sso-session acme` once before then"));
    // The carried session needs no login now; the other one still does.
    let next = &err[err.find("next:").expect("login advice")..];
    assert!(!next.contains("--sso-session acme"), "{next}");
    assert!(next.contains("aws sso login --sso-session old"), "{next}");
    // The legacy token itself is left in place, unchanged.
    assert_eq!(
        fs::read(cache_file(t.path(), "https://acme.awsapps.com/start/")).unwrap(),
        json.as_bytes()
    );
}

#[test]
fn the_token_that_expires_last_is_carried() {
    let t = Test::new().config(LEGACY);
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start",
        "us-east-1",
        "2998-01-01T00:00:00Z",
        "a",
    );
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start/",
        "us-east-1",
        FUTURE,
        "b",
    )
    .args(["--write", "--carry-tokens"]);
    no_secrets(t.run().status(0));
    let carried = fs::read_to_string(cache_file(t.path(), ACME)).unwrap();
    assert!(carried.contains("access-b"), "{carried}");
}

#[test]
fn an_expired_token_is_not_carried_and_the_login_advice_stays() {
    let t = Test::new().config(LEGACY);
    let t = with_legacy_token(t, "https://old.awsapps.com/start", "eu-west-1", PAST, "old").args([
        "--write",
        "--carry-tokens",
        "--color",
        "never",
    ]);
    let r = no_secrets(t.run().status(0));
    assert!(!cache_file(t.path(), OLD).exists());
    let err = r.stderr();
    assert!(
        err.contains(
            "token: nothing carried into [sso-session old]: the cached token of https://old.awsapps.com/start expired at 2000-01-01"
        ),
        "{err}"
    );
    assert!(err.contains("  aws sso login --sso-session old\n"), "{err}");
}

#[test]
fn a_token_for_another_sso_region_is_not_carried() {
    let t = Test::new().config(LEGACY);
    let t = with_legacy_token(
        t,
        "https://old.awsapps.com/start",
        "us-west-2",
        FUTURE,
        "old",
    )
    .args(["--write", "--carry-tokens", "--color", "never"]);
    let r = no_secrets(t.run().status(0));
    assert!(!cache_file(t.path(), OLD).exists());
    assert!(r.stderr().contains("is for SSO region us-west-2"));
}

#[test]
fn an_existing_session_token_is_never_overwritten() {
    let t = Test::new().config(LEGACY);
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start",
        "us-east-1",
        FUTURE,
        "legacy",
    );
    // A newer login, already cached for the session name (even an expired one is kept).
    let newer = token_json("https://acme.awsapps.com/start", "us-east-1", PAST, "newer");
    let t = with_token(t, ACME, &newer).args(["--write", "--carry-tokens", "--color", "never"]);
    let r = no_secrets(t.run().status(0));
    assert_eq!(
        fs::read(cache_file(t.path(), ACME)).unwrap(),
        newer.as_bytes()
    );
    assert!(
        r.stderr()
            .contains("nothing carried into [sso-session acme]: it already has a cached token (expired), which is kept")
    );
}

#[test]
fn a_dry_run_says_what_it_would_carry_and_writes_nothing() {
    let t = Test::new().config(LEGACY);
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start",
        "us-east-1",
        FUTURE,
        "a",
    )
    .args(["--carry-tokens", "--color", "never"]);
    let r = no_secrets(t.run().status(0));
    assert!(!cache_file(t.path(), ACME).exists());
    assert_eq!(t.read(".aws/config"), LEGACY.as_bytes());
    assert!(r.stderr().contains(
        "token: would carry the cached login of https://acme.awsapps.com/start into [sso-session acme]"
    ));
}

#[test]
fn nothing_is_carried_when_the_config_write_fails() {
    let t = Test::new().config(LEGACY);
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start",
        "us-east-1",
        FUTURE,
        "a",
    )
    .env("AWS_SSO_MIGRATE_TEST_FAULT", "write")
    .args(["--write", "--carry-tokens", "--color", "never"]);
    let r = no_secrets(t.run().status(2));
    assert_eq!(t.read(".aws/config"), LEGACY.as_bytes());
    assert!(!cache_file(t.path(), ACME).exists());
    assert!(!r.stderr().contains("token:"), "{}", r.stderr());
}

#[test]
fn without_carry_tokens_nothing_is_carried() {
    let t = Test::new().config(LEGACY);
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start",
        "us-east-1",
        FUTURE,
        "a",
    )
    .args(["--write"]);
    t.run().status(0);
    assert!(!cache_file(t.path(), ACME).exists());
}

/// A home of user 65534 under the test directory: `.aws/config` with [`LEGACY`] and the legacy
/// cache entry of acme's start URL made by `entry`, everything (links too) owned by that user.
fn users_aws(t: &Test, entry: impl FnOnce(&Path)) -> PathBuf {
    let home = t.path().join("alice");
    let aws = home.join(".aws");
    fs::create_dir_all(aws.join("sso/cache")).unwrap();
    fs::write(aws.join("config"), LEGACY).unwrap();
    entry(
        &aws.join("sso/cache")
            .join(cache_file_name("https://acme.awsapps.com/start")),
    );
    let status = Command::new("chown")
        .args(["-hR", "65534:65534"])
        .arg(&home)
        .status()
        .unwrap();
    assert!(status.success());
    aws
}

/// What root runs over that user's config.
fn root_carry_args(aws: &Path) -> Vec<String> {
    vec![
        "--write".into(),
        "--carry-tokens".into(),
        "--color".into(),
        "never".into(),
        aws.join("config").display().to_string(),
    ]
}

/// Root migrating another user's config writes that user's token file, in that user's cache
/// (beside the config), never in root's.
#[test]
fn root_carries_into_the_config_owners_cache_as_that_owner() {
    if !is_root() {
        eprintln!("skipped: needs root to own files as another user");
        return;
    }
    let t = Test::new();
    let aws = users_aws(&t, |entry| {
        let url = "https://acme.awsapps.com/start";
        fs::write(entry, token_json(url, "us-east-1", FUTURE, "a")).unwrap();
    });
    let t = t.args(root_carry_args(&aws));
    no_secrets(t.run().status(0));
    let carried = aws.join("sso/cache").join(cache_file_name(ACME));
    let meta = fs::metadata(&carried).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(mode(&carried), 0o600);
    // Root's own cache (HOME is the test directory) got nothing.
    assert!(!t.path().join(".aws/sso/cache").exists());
    // The config stays alice's too.
    assert_eq!(fs::metadata(aws.join("config")).unwrap().uid(), 65534);
}

/// A user links her legacy cache file to root's own token; root migrating her config must not
/// read it on her behalf, let alone copy it into a file she owns.
#[test]
fn root_never_reads_a_file_the_user_links_into_her_cache() {
    if !is_root() {
        eprintln!("skipped: needs root to own files as another user");
        return;
    }
    let t = Test::new();
    let url = "https://acme.awsapps.com/start";
    let roots = t.path().join("roots-cache");
    fs::create_dir(&roots).unwrap();
    let roots_token = roots.join(cache_file_name(url));
    fs::write(&roots_token, token_json(url, "us-east-1", FUTURE, "root")).unwrap();
    fs::set_permissions(&roots_token, fs::Permissions::from_mode(0o600)).unwrap();
    let aws = users_aws(&t, |entry| {
        std::os::unix::fs::symlink(&roots_token, entry).unwrap();
    });
    let cache = aws.join("sso/cache");
    let t = t.args(root_carry_args(&aws));
    let r = no_secrets(t.run().status(0));
    let carried = cache.join(cache_file_name(ACME));
    assert!(!carried.exists(), "{}", r.stderr());
    assert!(
        r.stderr()
            .contains("nothing carried into [sso-session acme]"),
        "{}",
        r.stderr()
    );
    // Nor does root read a regular file of someone else's that sits in her cache.
    fs::write(aws.join("config"), LEGACY).unwrap();
    fs::remove_file(cache.join(cache_file_name(url))).unwrap();
    fs::copy(&roots_token, cache.join(cache_file_name(url))).unwrap();
    std::os::unix::fs::chown(aws.join("config"), Some(65534), Some(65534)).unwrap();
    let r = no_secrets(t.run().status(0));
    assert!(!carried.exists(), "{}", r.stderr());
}

/// A config named on the command line outside a `.aws` directory: `$HOME`'s cache when the
/// file has `$HOME`'s owner; otherwise the cache is unknown and nothing is carried.
#[test]
fn a_config_outside_dot_aws_uses_home_s_cache_only_when_it_has_home_s_owner() {
    let t = Test::new().file("elsewhere/config", LEGACY);
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start",
        "us-east-1",
        FUTURE,
        "a",
    );
    let config = t.path().join("elsewhere/config").display().to_string();
    let t = t.args(["--write", "--carry-tokens", "--color", "never", &config]);
    no_secrets(t.run().status(0));
    assert!(cache_file(t.path(), ACME).exists());

    if !is_root() {
        return;
    }
    let t = Test::new().file("elsewhere/config", LEGACY);
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start",
        "us-east-1",
        FUTURE,
        "a",
    );
    let config = t.path().join("elsewhere/config");
    std::os::unix::fs::chown(&config, Some(65534), Some(65534)).unwrap();
    let config = config.display().to_string();
    let t = t.args(["--write", "--carry-tokens", "--color", "never", &config]);
    let r = no_secrets(t.run().status(0));
    assert!(!cache_file(t.path(), ACME).exists());
    assert!(
        r.stderr().contains(
            "nothing carried into [sso-session acme]: the token cache of this config is unknown"
        ),
        "{}",
        r.stderr()
    );
    let r = Test::new()
        .args(["--tokens", "--color", "never", &config])
        .run()
        .status(0);
    assert!(
        r.stdout().contains(": token cache unknown"),
        "{}",
        r.stdout()
    );
}

/// A token cache that is not there is the known cache of someone who never logged in on this
/// account: every token is missing, with the login to run, and nothing is carried for want of a
/// token (it was "not looked up: unknown token cache", with advice to rename the config).
#[test]
fn a_token_cache_not_yet_made_has_every_token_missing() {
    let t = Test::new().config(LEGACY);
    let cache = t.path().join(".aws/sso/cache");
    assert!(!t.path().join(".aws/sso").exists());
    let r = t.args(["--tokens", "--format", "json"]).run().status(0);
    let doc: serde_json::Value = serde_json::from_slice(&r.output.stdout).unwrap();
    let file = &doc["files"][0];
    assert_eq!(file["cache_dir"], cache.display().to_string(), "{doc:#}");
    let states: Vec<&serde_json::Value> = (file["tokens"].as_array().unwrap().iter())
        .map(|row| &row["token"]["state"])
        .collect();
    assert_eq!(states, ["missing"; 3], "{doc:#}");
    assert_eq!(file["tokens"][0]["login"]["profile"], "a", "{doc:#}");
    let t = Test::new().config(LEGACY);
    t.args(["--tokens", "--color", "never"])
        .run()
        .status(0)
        .stdout_has("missing")
        .stdout_has("aws sso login --profile old");
    let t = (Test::new().config(LEGACY)).args(["--carry-tokens", "--color", "never"]);
    let r = t.run().status(0);
    assert!(!r.stderr().contains("unknown"), "{}", r.stderr());
    r.stderr_has("nothing carried into [sso-session acme]: no cached legacy token");
    assert!(!t.path().join(".aws/sso").exists());
}

/// The profiles the shared credentials file makes legacy log in with their start URL as any
/// other: `--tokens` lists them with their token, after the config's (they were missing, and
/// a file whose config had no legacy profile showed no row at all).
#[test]
fn the_credentials_files_legacy_profiles_have_their_rows() {
    let config = "[profile ci]\nregion = eu-west-1\n";
    let credentials = "[ci]\nsso_start_url = https://old.awsapps.com/start\n\
                       sso_region = eu-west-1\nsso_account_id = 333333333333\n\
                       sso_role_name = Dev\n[builder]\nsso_start_url = https://old.awsapps.com/start\n\
                       sso_region = eu-west-1\n";
    let t = Test::new()
        .config(config)
        .file(".aws/credentials", credentials);
    let t = with_legacy_token(t, "https://old.awsapps.com/start", "eu-west-1", FUTURE, "a");
    let r = no_secrets(t.args(["--tokens", "--format", "json"]).run().status(0));
    let doc: serde_json::Value = serde_json::from_slice(&r.output.stdout).unwrap();
    let rows = doc["files"][0]["tokens"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{doc:#}");
    assert_eq!(rows[0]["start_url"], "https://old.awsapps.com/start");
    assert_eq!(rows[0]["sso_region"], "eu-west-1");
    assert_eq!(rows[0]["profiles"], serde_json::json!(["ci", "builder"]));
    assert_eq!(rows[0]["token"]["state"], "valid", "{doc:#}");
}

#[test]
fn tokens_conflicts_with_writing_and_is_a_table_or_json() {
    for args in [
        &["--tokens", "--write"][..],
        &["--tokens", "--restore"],
        &["--tokens", "--check"],
        &["--tokens", "--carry-tokens"],
        &["--carry-tokens", "--restore"],
    ] {
        Test::new().config(LEGACY).args(args).run().status(2);
    }
    for format in ["config", "tree", "mermaid"] {
        Test::new()
            .config(LEGACY)
            .args(["--tokens", "--format", format])
            .run()
            .status(2)
            .stderr_has(&format!(
                "--tokens prints a table or JSON, not --format {format}"
            ));
    }
}

#[test]
fn tokens_is_read_only_and_exits_0() {
    let t = Test::new().config(LEGACY);
    let t = with_legacy_token(
        t,
        "https://acme.awsapps.com/start",
        "us-east-1",
        FUTURE,
        "a",
    )
    .args(["--tokens"]);
    let before = listing(t.path());
    no_secrets(t.run().status(0));
    assert_eq!(listing(t.path()), before);
    assert_eq!(t.read(".aws/config"), LEGACY.as_bytes());
    // A file that was named must exist; no file named and no config is nothing to report.
    Test::new()
        .args(["--tokens", "missing-config"])
        .run()
        .status(2);
    let r = Test::new().args(["--tokens"]).run().status(0).stdout_is("");
    assert!(
        r.stderr()
            .ends_with("no config file here; nothing to report\n"),
        "{}",
        r.stderr()
    );
}

/// Every file under `dir` with its bytes.
fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = fs::read(&p).unwrap_or_default();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// A config before migration, a session in use, and one cache file of every kind of damage.
#[cfg(feature = "test-hooks")]
mod fixed_clock {
    use super::*;

    const NOW: &str = "2026-01-01T00:00:00Z";

    const CONFIG: &str = "\
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile s1]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile s2]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Admin

[profile refreshing]
sso_session = refresh
sso_account_id = 1
sso_role_name = R

[sso-session refresh]
sso_start_url = https://refresh.awsapps.com/start
sso_region = eu-west-1

[profile expired]
sso_start_url = https://expired.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1
sso_role_name = R

[profile missing]
sso_start_url = https://missing.awsapps.com/start
sso_region = us-east-1

[profile truncated]
sso_start_url = https://truncated.awsapps.com/start
sso_region = us-east-1

[profile notjson]
sso_start_url = https://notjson.awsapps.com/start
sso_region = us-east-1

[profile fifo]
sso_start_url = https://fifo.awsapps.com/start
sso_region = us-east-1

[profile dir]
sso_start_url = https://dir.awsapps.com/start
sso_region = us-east-1

[profile nofields]
sso_start_url = https://nofields.awsapps.com/start
sso_region = us-east-1

[profile evil]
sso_start_url = https://evil.awsapps.com/\x1b[2J\x07start
sso_region = us-east-1
";

    fn setup() -> Test {
        let t = Test::new().config(CONFIG);
        let t = with_token(
            t,
            "corp",
            &token_json(
                "https://corp.awsapps.com/start",
                "us-east-1",
                "2026-01-01T01:30:00Z",
                "corp",
            ),
        );
        let refreshing = format!(
            r#"{{"startUrl":"https://refresh.awsapps.com/start","region":"eu-west-1","accessToken":"{SECRET}-a","expiresAt":"2025-12-31T23:00:00Z","refreshToken":"{SECRET}-r","clientId":"id","clientSecret":"{SECRET}-c","registrationExpiresAt":"2026-03-01T00:00:00Z"}}"#
        );
        let t = with_token(t, "refresh", &refreshing);
        let t = with_legacy_token(
            t,
            "https://expired.awsapps.com/start",
            "us-east-1",
            "2025-12-31T23:59:59Z",
            "x",
        );
        let t = with_token(
            t,
            "https://truncated.awsapps.com/start",
            &format!(
                r#"{{"startUrl":"https://truncated.awsapps.com/start","accessToken":"{SECRET}-t","#
            ),
        );
        let t = with_token(t, "https://notjson.awsapps.com/start", "\u{1b}[31mnot json");
        let t = with_token(
            t,
            "https://nofields.awsapps.com/start",
            &format!(r#"{{"accessToken":"{SECRET}-n"}}"#),
        );
        let t = with_token(
            t,
            "https://evil.awsapps.com/\x1b[2J\x07start",
            &token_json(
                "https://evil.awsapps.com/start",
                "us-east-1",
                "2026-01-01T00:00:30Z",
                "e",
            ),
        );
        let cache = t.path().join(".aws/sso/cache");
        fs::create_dir(cache.join(cache_file_name("https://dir.awsapps.com/start"))).unwrap();
        let status = Command::new("mkfifo")
            .arg(cache.join(cache_file_name("https://fifo.awsapps.com/start")))
            .status()
            .unwrap();
        assert!(status.success());
        t.env("AWS_SSO_MIGRATE_TEST_NOW", NOW).env("TZ", "UTC")
    }

    /// An insta snapshot compared byte for byte (`tests/integration/snapshots/tokens-NAME`).
    fn expect_snapshot(name_and_ext: &str, bytes: &[u8]) {
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_binary_snapshot!(&format!("tokens-{name_and_ext}"), bytes.to_vec());
        });
    }

    /// The output with the temporary directory replaced by `$HOME`, as raw bytes.
    fn normalized(t: &Test, bytes: &[u8]) -> Vec<u8> {
        let dir = t.path().display().to_string();
        let mut out = Vec::new();
        let mut rest = bytes;
        while let Some(i) = rest.windows(dir.len()).position(|w| w == dir.as_bytes()) {
            out.extend_from_slice(&rest[..i]);
            out.extend_from_slice(b"$HOME");
            rest = &rest[i + dir.len()..];
        }
        out.extend_from_slice(rest);
        out
    }

    #[test]
    fn tokens_table_snapshot() {
        let t = setup().args(["--tokens", "--color", "never"]);
        let r = no_secrets(t.run().status(0));
        assert!(r.output.stderr.is_empty(), "{}", r.stderr());
        // Nothing from a file reaches the terminal raw: the URL's ESC and BEL are escaped.
        assert!(!r.output.stdout.contains(&0x1b) && !r.output.stdout.contains(&0x07));
        expect_snapshot("table.txt", &normalized(&t, &r.output.stdout));
    }

    #[test]
    fn tokens_table_in_colour_snapshot() {
        let t = setup().args(["--tokens", "--color", "always"]);
        let r = no_secrets(t.run().status(0));
        expect_snapshot("table-color.txt", &normalized(&t, &r.output.stdout));
    }

    #[test]
    fn tokens_json_snapshot() {
        let t = setup().args(["--tokens", "--format", "json"]);
        let r = no_secrets(t.run().status(0));
        let doc: serde_json::Value = serde_json::from_slice(&r.output.stdout).unwrap();
        assert_eq!(doc["version"], 1);
        expect_snapshot("report.json", &normalized(&t, &r.output.stdout));
    }

    #[test]
    fn carry_report_snapshot() {
        let t = Test::new().config(LEGACY);
        let t = with_legacy_token(
            t,
            "https://acme.awsapps.com/start/",
            "us-east-1",
            "2026-01-01T08:00:00Z",
            "b",
        );
        let t = with_legacy_token(t, "https://old.awsapps.com/start", "eu-west-1", NOW, "old")
            .env("AWS_SSO_MIGRATE_TEST_NOW", NOW)
            .env("TZ", "UTC")
            // No backup: its name holds the time of the run.
            .args([
                "--write",
                "--no-backup",
                "--carry-tokens",
                "--color",
                "never",
            ]);
        let r = no_secrets(t.run().status(0));
        let mut seen = normalized(&t, &r.output.stderr);
        // After the migration the report shows the carried token in use.
        let report = Command::new(crate::support::bin())
            .args(["--tokens", "--color", "never"])
            .env("HOME", t.path())
            .env("AWS_CONFIG_FILE", t.config_path())
            .env("AWS_SSO_MIGRATE_TEST_NOW", NOW)
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert!(report.status.success());
        no_secrets(Run {
            output: report.clone(),
        });
        seen.extend_from_slice(b"--- --tokens after the migration\n");
        seen.extend(normalized(&t, &report.stdout));
        expect_snapshot("carry.txt", &seen);
    }
}
