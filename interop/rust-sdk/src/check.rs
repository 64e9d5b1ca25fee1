//! Resolve profiles end to end with aws-config and compare a config before and after migration.

use crate::stub::{Call, Stub};
use crate::util::{TempDir, canonical_portal, hex, now_secs, sha1_hex, unhex, utc_timestamp};
use aws_config::BehaviorVersion;
use aws_config::profile::ProfileSet;
use aws_credential_types::provider::ProvideCredentials;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

const HYBRID_MARKER: &str = "can only be specified in the [sso-session] config";
const TIMEOUT: Duration = Duration::from_secs(30);

/// How the SSO client is pointed at the stub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `AWS_ENDPOINT_URL_SSO=http://127.0.0.1:PORT` (FACTS §7).
    EndpointEnv,
    /// No endpoint override: the SDK resolves `portal.sso.<sso_region>.amazonaws.com` itself and
    /// the loopback connector delivers the request to the stub, which records that host, so the
    /// SSO region a profile ends up with is observed too.
    RegionalHost,
}

impl Mode {
    fn label(self) -> &'static str {
        match self {
            Mode::EndpointEnv => "AWS_ENDPOINT_URL_SSO",
            Mode::RegionalHost => "regional endpoint",
        }
    }
}

/// What one request to the stub showed, with the bearer token decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Obs {
    Sso {
        host: String,
        account: String,
        role: String,
        /// Canonical start URL the presented token was issued for.
        portal: String,
        /// Which cache file the token came from: `url:<start url>` or `session:<name>`.
        key: String,
    },
    Sts {
        host: String,
        role_arn: String,
    },
    Other {
        host: String,
        method: String,
        path: String,
    },
}

impl Obs {
    /// The part that must not change across the migration (everything but the cache key).
    fn essence(&self) -> String {
        let text = match self {
            Obs::Sso {
                host,
                account,
                role,
                portal,
                ..
            } => {
                format!("SSO {host} account={account} role={role} portal={portal}")
            }
            Obs::Sts { host, role_arn } => format!("STS {host} AssumeRole {role_arn}"),
            Obs::Other { host, method, path } => format!("{method} {host}{path}"),
        };
        text.escape_debug().to_string()
    }
}

#[derive(Debug, Clone)]
pub struct Resolved {
    pub result: Result<String, String>,
    pub obs: Vec<Obs>,
}

impl Resolved {
    fn describe(&self) -> String {
        let calls: Vec<String> = self.obs.iter().map(Obs::essence).collect();
        let calls = if calls.is_empty() {
            "no request".to_string()
        } else {
            calls.join(" -> ")
        };
        match &self.result {
            Ok(_) => calls,
            Err(e) => format!("error: {e} ({calls})"),
        }
    }
}

/// Token value written to the cache: encodes the portal it was "issued" for and its cache key.
pub fn token_value(portal: &str, key: &str) -> String {
    format!("tok.{}.{}", hex(portal), hex(key))
}

fn decode_token(bearer: &str) -> (String, String) {
    let mut parts = bearer.splitn(3, '.');
    match (
        parts.next(),
        parts.next().and_then(unhex),
        parts.next().and_then(unhex),
    ) {
        (Some("tok"), Some(portal), Some(key)) => (portal, key),
        _ => (format!("<unknown token {bearer:?}>"), String::new()),
    }
}

/// A cached SSO token: identifier (start URL or session name) -> JSON.
#[derive(Debug, Clone, Default)]
pub struct TokenCache {
    files: BTreeMap<String, String>,
}

impl TokenCache {
    pub fn insert(&mut self, identifier: &str, start_url: &str, region: Option<&str>, key: &str) {
        let mut json = serde_json::json!({
            "startUrl": start_url,
            "accessToken": token_value(&canonical_portal(start_url), key),
            "expiresAt": utc_timestamp(now_secs() + 3600),
        });
        if let Some(region) = region {
            json["region"] = region.into();
        }
        self.files.insert(identifier.to_string(), json.to_string());
    }

    /// Tokens a user of the original file has: one per legacy start URL, one per sso-session.
    pub fn for_original(set: &ProfileSet) -> Self {
        let mut cache = Self::default();
        for name in set.profiles() {
            let p = set.get_profile(name).expect("listed profile");
            if let Some(url) = p.get("sso_start_url") {
                cache.insert(url, url, p.get("sso_region"), &format!("url:{url}"));
            }
        }
        for name in set.sso_sessions() {
            let s = set.sso_session(name).expect("listed session");
            if let Some(url) = s.get("sso_start_url") {
                cache.insert(name, url, s.get("sso_region"), &format!("session:{name}"));
            }
        }
        cache
    }
}

pub struct Home {
    dir: TempDir,
}

impl Home {
    pub fn new(tag: &str, config: &[u8], cache: &TokenCache) -> std::io::Result<Self> {
        let dir = TempDir::new(tag)?;
        let aws = dir.path().join(".aws");
        let cache_dir = aws.join("sso").join("cache");
        std::fs::create_dir_all(&cache_dir)?;
        std::fs::write(aws.join("config"), config)?;
        std::fs::write(aws.join("credentials"), b"")?;
        for (identifier, json) in &cache.files {
            std::fs::write(
                cache_dir.join(format!("{}.json", sha1_hex(identifier))),
                json,
            )?;
        }
        Ok(Self { dir })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn env_for(home: &Path, extra: &[(&str, String)]) -> Env {
    let home = home.to_string_lossy().into_owned();
    let mut vars: Vec<(&str, &str)> = vec![("HOME", &home), ("AWS_EC2_METADATA_DISABLED", "true")];
    for (k, v) in extra {
        vars.push((k, v));
    }
    Env::from_slice(&vars)
}

/// The config as aws-config's own profile parser sees it.
pub async fn load_profiles(home: &Path) -> Result<ProfileSet, String> {
    aws_config::profile::load(
        &Fs::real(),
        &env_for(home, &[]),
        &EnvConfigFiles::default(),
        None,
    )
    .await
    .map_err(|e| error_text(&e).replace(&*home.to_string_lossy(), "$HOME"))
}

/// `s` on one line: its lines trimmed and joined with ` / `, as [`error_text`] writes errors.
pub fn one_line(s: &str) -> String {
    s.split('\n').map(str::trim).collect::<Vec<_>>().join(" / ")
}

/// An error and its sources on one line, without repeating a source already in the message.
pub fn error_text(err: &(dyn std::error::Error + 'static)) -> String {
    let one_line = |s: String| one_line(&s);
    let mut text = one_line(err.to_string());
    let mut source = err.source();
    while let Some(s) = source {
        let s_text = one_line(s.to_string());
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// What a panic said, from the task it ended.
fn panic_text(e: tokio::task::JoinError) -> String {
    let payload = e.into_panic();
    (payload.downcast_ref::<String>().cloned())
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".to_string())
}

/// One end-to-end credential lookup for `profile` with HOME = `home`.
///
/// `fallback_region`: set `AWS_REGION=us-east-1` (for profiles without `region`, so that a role
/// chained onto SSO can call STS; the SSO client itself uses `sso_region`).
pub async fn resolve(home: &Path, profile: &str, mode: Mode, fallback_region: bool) -> Resolved {
    let stub = match Stub::start().await {
        Ok(s) => s,
        Err(e) => {
            return Resolved {
                result: Err(format!("cannot start the stub: {e}")),
                obs: vec![],
            };
        }
    };
    let stub_host = stub.addr.to_string();
    let mut extra = match mode {
        Mode::EndpointEnv => vec![("AWS_ENDPOINT_URL_SSO", format!("http://{stub_host}"))],
        Mode::RegionalHost => vec![],
    };
    if fallback_region {
        extra.push(("AWS_REGION", "us-east-1".to_string()));
    }
    let loader = aws_config::defaults(BehaviorVersion::latest())
        .profile_name(profile)
        .http_client(stub.http_client())
        .env(env_for(home, &extra))
        .fs(Fs::real());
    let result = async {
        // The SDK's loader panics on some values it cannot read (`retry_mode = standa]`, found
        // on a fuzzed file): a failure to load, the same before and after where the value is
        // kept, not the end of the check. A spawned task gives its panic back as an error.
        let config = match tokio::spawn(tokio::time::timeout(TIMEOUT, loader.load())).await {
            Ok(loaded) => loaded.map_err(|_| "timed out loading the config".to_string())?,
            Err(e) if e.is_panic() => {
                return Err(format!(
                    "the SDK panicked loading the config: {}",
                    panic_text(e)
                ));
            }
            Err(e) => return Err(format!("loading the config did not finish: {e}")),
        };
        let provider = config
            .credentials_provider()
            .ok_or_else(|| "no credentials provider".to_string())?;
        let creds = tokio::time::timeout(TIMEOUT, provider.provide_credentials())
            .await
            .map_err(|_| "timed out resolving credentials".to_string())?
            .map_err(|e| error_text(&e))?;
        Ok(creds.access_key_id().to_string())
    }
    .await;
    let host = |h: String| {
        if h == stub_host {
            "<AWS_ENDPOINT_URL_SSO>".to_string()
        } else {
            h
        }
    };
    let obs = stub
        .calls()
        .into_iter()
        .map(|c| match c {
            Call::Sso {
                host: h,
                account,
                role,
                bearer,
            } => {
                let (portal, key) = decode_token(&bearer);
                Obs::Sso {
                    host: host(h),
                    account,
                    role,
                    portal,
                    key,
                }
            }
            Call::Sts { host: h, role_arn } => Obs::Sts {
                host: host(h),
                role_arn,
            },
            Call::Other {
                host: h,
                method,
                path,
            } => Obs::Other {
                host: host(h),
                method,
                path,
            },
        })
        .collect();
    Resolved { result, obs }
}

/// Profiles to check: those with `sso_start_url` or `sso_session` (the SSO profiles), plus
/// profiles whose `source_profile` chain reaches one (role chains onto SSO).
pub fn profiles_to_check(set: &ProfileSet) -> (Vec<String>, Vec<String>) {
    let is_sso = |name: &str| {
        set.get_profile(name)
            .is_some_and(|p| p.get("sso_start_url").is_some() || p.get("sso_session").is_some())
    };
    let mut sso: Vec<String> = set
        .profiles()
        .filter(|n| is_sso(n))
        .map(String::from)
        .collect();
    sso.sort();
    let mut chained = Vec::new();
    for name in set.profiles() {
        if is_sso(name) {
            continue;
        }
        let mut seen = BTreeSet::new();
        let mut cur = name.to_string();
        while seen.insert(cur.clone()) {
            match set.get_profile(&cur).and_then(|p| p.get("source_profile")) {
                Some(next) if is_sso(next) => {
                    chained.push(name.to_string());
                    break;
                }
                Some(next) => cur = next.to_string(),
                None => break,
            }
        }
    }
    chained.sort();
    (sso, chained)
}

#[derive(Debug, Clone)]
pub enum Verdict {
    /// Worked before and after, same requests (account, role, portal, region, role chain).
    Same,
    /// Failed before and after.
    FailedBoth { before: String, after: String },
    /// Failed before, works after (and reaches what the original config asked for).
    Fixed { before: String, after: String },
    /// A regression or a mismatch: the reasons.
    Broken(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct ProfileReport {
    pub name: String,
    pub chained: bool,
    pub verdict: Verdict,
    /// The Rust SDK's error for the original profile if it is a hybrid (session + inline keys).
    pub hybrid_error: Option<String>,
    /// Start-URL spelling changed (same portal): before -> after.
    pub spelling: Option<(String, String)>,
}

#[derive(Debug, Default)]
pub struct PairReport {
    pub profiles: Vec<ProfileReport>,
    /// File-level failures (e.g. the migrated text no longer parses).
    pub problems: Vec<String>,
    /// File-level remarks.
    pub notes: Vec<String>,
}

impl PairReport {
    pub fn failed(&self) -> bool {
        !self.problems.is_empty()
            || self
                .profiles
                .iter()
                .any(|p| matches!(p.verdict, Verdict::Broken(_)))
    }
}

/// The start URL a profile uses according to a config (through its session if it has one).
fn start_url_of(set: &ProfileSet, profile: &str) -> Option<String> {
    let p = set.get_profile(profile)?;
    match p.get("sso_session") {
        Some(s) => set.sso_session(s)?.get("sso_start_url").map(String::from),
        None => p.get("sso_start_url").map(String::from),
    }
}

/// Check a migration: `original` and `migrated` file contents, and the sessions the tool told
/// the user to log in to (`aws sso login --sso-session NAME`), which get a fresh token in the
/// cache after the migration. Legacy tokens stay in the cache, as they do on a real machine.
pub async fn check_pair(original: &[u8], migrated: &[u8], logins: &[String]) -> PairReport {
    let mut report = PairReport::default();
    let empty = TokenCache::default();
    let probe_before = match Home::new("parse-before", original, &empty) {
        Ok(h) => h,
        Err(e) => {
            report
                .problems
                .push(format!("cannot write a temp HOME: {e}"));
            return report;
        }
    };
    let before_set = match load_profiles(probe_before.path()).await {
        Ok(s) => s,
        Err(e) => {
            report
                .notes
                .push(format!("the Rust SDK cannot parse the original: {e}"));
            return report;
        }
    };
    let probe_after = Home::new("parse-after", migrated, &empty).expect("temp HOME");
    let after_set = match load_profiles(probe_after.path()).await {
        Ok(s) => s,
        Err(e) => {
            report.problems.push(format!(
                "the Rust SDK parses the original but not the migrated file: {e}"
            ));
            return report;
        }
    };

    let differing = compare_keys(original, migrated, &before_set, &after_set, &mut report);
    if !differing.is_empty() {
        // Two headers the SDK reads as one name are merged in an order that changes from load
        // to load: a key both set is then a draw, the same draw before and after.
        let before_sets = load_many(probe_before.path()).await;
        let after_sets = load_many(probe_after.path()).await;
        for d in differing {
            let (before, after) = (d.values_in(&before_sets), d.values_in(&after_sets));
            if before.len() > 1 && before == after {
                report.notes.push(format!(
                    "{}: the Rust SDK reads `{}` as any of {before:?} from one load to the next, \
                     before and after the migration (two headers of that name, merged in a \
                     changing order)",
                    d.section(),
                    d.key
                ));
            } else {
                report.problems.push(d.problem());
            }
        }
    }

    let before_cache = TokenCache::for_original(&before_set);
    let mut after_cache = before_cache.clone();
    for name in logins {
        match after_set.sso_session(name) {
            Some(s) => match s.get("sso_start_url") {
                Some(url) => after_cache.insert(name, url, s.get("sso_region"), &format!("session:{name}")),
                None => report.notes.push(format!("login for session `{name}`, which has no sso_start_url")),
            },
            None => report.problems.push(format!(
                "the tool says to log in to session `{name}`, which the Rust SDK does not see in the migrated file"
            )),
        }
    }
    let before_home = Home::new("before", original, &before_cache).expect("temp HOME");
    let after_home = Home::new("after", migrated, &after_cache).expect("temp HOME");

    let (sso, chained) = profiles_to_check(&before_set);
    let all = sso
        .iter()
        .map(|n| (n, false))
        .chain(chained.iter().map(|n| (n, true)));
    for (name, is_chained) in all {
        let mut reasons = Vec::new();
        let mut class: Option<Verdict> = None;
        let mut hybrid_error = None;
        let fallback_region = before_set
            .get_profile(name)
            .is_some_and(|p| p.get("region").is_none());
        for mode in [Mode::EndpointEnv, Mode::RegionalHost] {
            let before = resolve(before_home.path(), name, mode, fallback_region).await;
            let after = resolve(after_home.path(), name, mode, fallback_region).await;
            if let Err(e) = &before.result
                && e.contains(HYBRID_MARKER)
            {
                hybrid_error = Some(e.clone());
            }
            let (verdict, mut why) = compare(name, mode, &before, &after, &before_set, &after_set);
            reasons.append(&mut why);
            if mode == Mode::EndpointEnv {
                class = Some(verdict);
            }
        }
        let spelling = match (
            start_url_of(&before_set, name),
            start_url_of(&after_set, name),
        ) {
            (Some(b), Some(a)) if a != b && canonical_portal(&a) == canonical_portal(&b) => {
                Some((b, a))
            }
            _ => None,
        };
        let verdict = if reasons.is_empty() {
            class.expect("EndpointEnv ran")
        } else {
            Verdict::Broken(reasons)
        };
        report.profiles.push(ProfileReport {
            name: name.clone(),
            chained: is_chained,
            verdict,
            hybrid_error,
            spelling,
        });
    }
    report
}

/// How many times a file is loaded again where a key read differently before and after the
/// migration: the SDK merges two headers it reads as one name (`[sso-session corp]` and
/// `[sso-session  corp]`) in the order of a `HashMap` keyed by the header's raw text
/// (`merge_in` in aws-runtime's `env_config/normalize.rs`), which changes from one map to the
/// next, so where both set a key either value can be read. In 16 loads a side misses one of
/// two values with a chance of 2 in 65,536.
const LOADS: usize = 16;

/// The file at `home` loaded [`LOADS`] times (the loads that fail are left out).
async fn load_many(home: &Path) -> Vec<ProfileSet> {
    let mut sets = Vec::with_capacity(LOADS);
    for _ in 0..LOADS {
        if let Ok(set) = load_profiles(home).await {
            sets.push(set);
        }
    }
    sets
}

/// A key of a profile or sso-session the SDK read with another value after the migration.
struct KeyDifference {
    session: bool,
    name: String,
    key: String,
    before: Option<String>,
    after: Option<String>,
}

impl KeyDifference {
    fn new(
        session: bool,
        name: &str,
        key: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Self {
        KeyDifference {
            session,
            name: name.to_string(),
            key: key.to_string(),
            before: before.map(str::to_string),
            after: after.map(str::to_string),
        }
    }

    fn section(&self) -> String {
        let what = if self.session {
            "sso-session"
        } else {
            "profile"
        };
        format!("{what} `{}`", self.name)
    }

    /// The values the key has in `sets`.
    fn values_in(&self, sets: &[ProfileSet]) -> BTreeSet<Option<String>> {
        (sets.iter())
            .map(|set| {
                let value = if self.session {
                    set.sso_session(&self.name).and_then(|s| s.get(&self.key))
                } else {
                    set.get_profile(&self.name).and_then(|p| p.get(&self.key))
                };
                value.map(str::to_string)
            })
            .collect()
    }

    fn problem(&self) -> String {
        format!(
            "{}: `{}` was {:?}, is {:?} after the migration",
            self.section(),
            self.key,
            self.before,
            self.after
        )
    }
}

/// Every key the Rust SDK sees in a profile or an existing sso-session must keep its value,
/// except `sso_start_url`, `sso_region` and `sso_session` in profiles (the migration moves
/// those; the end-to-end lookups check where they lead). The SDK's sections cannot list their
/// keys, so candidate key names are every `name =` spelling in either file. Returns the keys
/// whose value differs, for the caller to load both files again (see [`LOADS`]).
fn compare_keys(
    original: &[u8],
    migrated: &[u8],
    before: &ProfileSet,
    after: &ProfileSet,
    report: &mut PairReport,
) -> Vec<KeyDifference> {
    let mut differing = Vec::new();
    let mut keys = BTreeSet::new();
    for text in [original, migrated] {
        for line in String::from_utf8_lossy(text).lines() {
            if let Some((k, _)) = line.split_once('=') {
                let k = k.trim().to_ascii_lowercase();
                if !k.is_empty() && !k.starts_with(['#', ';', '[']) {
                    keys.insert(k);
                }
            }
        }
    }
    let moved = ["sso_start_url", "sso_region", "sso_session"];
    let before_profiles: BTreeSet<&str> = before.profiles().collect();
    let after_profiles: BTreeSet<&str> = after.profiles().collect();
    for gone in before_profiles.difference(&after_profiles) {
        report
            .problems
            .push(format!("profile `{gone}` is gone after the migration"));
    }
    for new in after_profiles.difference(&before_profiles) {
        report
            .problems
            .push(format!("profile `{new}` appeared after the migration"));
    }
    for name in before_profiles.intersection(&after_profiles) {
        let (b, a) = (
            before.get_profile(name).unwrap(),
            after.get_profile(name).unwrap(),
        );
        // A profile's own sso_registration_scopes may move into its session, unchanged.
        let scopes_moved = |k: &str| {
            k == "sso_registration_scopes"
                && a.get(k).is_none()
                && a.get("sso_session")
                    .and_then(|s| after.sso_session(s))
                    .is_some_and(|s| s.get(k) == b.get(k))
        };
        for k in keys.iter().filter(|k| !moved.contains(&k.as_str())) {
            if b.get(k) != a.get(k) && !scopes_moved(k) {
                differing.push(KeyDifference::new(false, name, k, b.get(k), a.get(k)));
            }
        }
    }
    for name in before.sso_sessions() {
        let b = before.sso_session(name).unwrap();
        match after.sso_session(name) {
            None => report
                .problems
                .push(format!("sso-session `{name}` is gone after the migration")),
            Some(a) => {
                for k in &keys {
                    if b.get(k) != a.get(k) {
                        differing.push(KeyDifference::new(true, name, k, b.get(k), a.get(k)));
                    }
                }
            }
        }
    }
    differing
}

fn compare(
    name: &str,
    mode: Mode,
    before: &Resolved,
    after: &Resolved,
    before_set: &ProfileSet,
    after_set: &ProfileSet,
) -> (Verdict, Vec<String>) {
    let mut why = Vec::new();
    let label = mode.label();
    // Every token presented after the migration must belong to the portal the migrated config
    // names for that cache entry (catches an edited existing session whose old token is reused).
    for o in &after.obs {
        if let Obs::Sso { portal, key, .. } = o
            && let Some(session) = key.strip_prefix("session:")
        {
            let declared = after_set
                .sso_session(session)
                .and_then(|s| s.get("sso_start_url"))
                .map(canonical_portal);
            if declared.as_deref() != Some(portal.as_str()) {
                why.push(format!(
                    "[{label}] after: presented the cached token of session `{session}` (portal {portal}), but the migrated config gives that session {}",
                    declared.unwrap_or_else(|| "no start URL".into())
                ));
            }
        }
    }
    // A profile that says `sso_session = S` after the migration must present sha1(S)'s token.
    if let Some(p) = after_set.get_profile(name)
        && let (Some(session), None) = (p.get("sso_session"), p.get("role_arn"))
        && after.result.is_ok()
    {
        let keys: Vec<&str> = after
            .obs
            .iter()
            .filter_map(|o| match o {
                Obs::Sso { key, .. } => Some(key.as_str()),
                _ => None,
            })
            .collect();
        let want = format!("session:{session}");
        if keys != [want.as_str()] {
            why.push(format!(
                "[{label}] after: profile says sso_session = {session} but presented token(s) {keys:?}, not the one cached under sha1({session:?})"
            ));
        }
    }
    let essence = |r: &Resolved| r.obs.iter().map(Obs::essence).collect::<Vec<_>>();
    let verdict = match (&before.result, &after.result) {
        (Ok(_), Ok(_)) => {
            if essence(before) != essence(after) {
                why.push(format!(
                    "[{label}] reaches something else: before {} | after {}",
                    before.describe(),
                    after.describe()
                ));
            }
            Verdict::Same
        }
        (Ok(_), Err(e)) => {
            why.push(format!(
                "[{label}] resolved before ({}) but not after: {e}",
                before.describe()
            ));
            Verdict::Broken(vec![])
        }
        (Err(b), Err(a)) => Verdict::FailedBoth {
            before: b.clone(),
            after: a.clone(),
        },
        (Err(b), Ok(_)) => {
            // Fixed by the migration: it must reach what the original config asked for.
            if let Some(p) = before_set.get_profile(name)
                && p.get("role_arn").is_none()
            {
                let want_portal = start_url_of(before_set, name).map(|u| canonical_portal(&u));
                let sso: Vec<&Obs> = after
                    .obs
                    .iter()
                    .filter(|o| matches!(o, Obs::Sso { .. }))
                    .collect();
                let ok = match sso.as_slice() {
                    [
                        Obs::Sso {
                            account,
                            role,
                            portal,
                            ..
                        },
                    ] => {
                        Some(account.as_str()) == p.get("sso_account_id")
                            && Some(role.as_str()) == p.get("sso_role_name")
                            && Some(portal) == want_portal.as_ref()
                    }
                    _ => false,
                };
                if !ok {
                    why.push(format!(
                            "[{label}] failed before, and after reaches {} instead of account {:?} role {:?} portal {:?} of the original",
                            after.describe(),
                            p.get("sso_account_id"),
                            p.get("sso_role_name"),
                            want_portal
                        ));
                }
            }
            Verdict::Fixed {
                before: b.clone(),
                after: after.describe(),
            }
        }
    };
    (verdict, why)
}
