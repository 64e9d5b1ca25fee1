//! Proves with the AWS SDK for Rust (aws-config) that profiles migrated by `aws-sso-migrate`
//! still reach the same account and role. See README.md.

mod carry;
mod check;
mod doctor;
mod selftest;
mod stub;
mod util;

use check::{PairReport, Verdict};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str =
    "usage: rust-sdk-interop --bin PATH [--repo DIR] [-v|--verbose] [--doctor] [FILE]...
       rust-sdk-interop --selftest [-v|--verbose]

Runs `PATH --format config --color never FILE` on every FILE (default: the repo's fixtures, the
real-world corpus and the smithy-rs SSO scenarios) and resolves every SSO profile of the original
and the migrated file end to end with aws-config against a stub portal on 127.0.0.1. With
--doctor: checks every claim `PATH --doctor` makes about the AWS SDK for Rust instead.";

struct Args {
    bin: Option<PathBuf>,
    repo: Option<PathBuf>,
    selftest: bool,
    verbose: bool,
    doctor: bool,
    files: Vec<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        bin: None,
        repo: None,
        selftest: false,
        verbose: false,
        doctor: false,
        files: vec![],
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--bin") => args.bin = Some(it.next().ok_or("--bin needs a path")?.into()),
            Some("--repo") => args.repo = Some(it.next().ok_or("--repo needs a path")?.into()),
            Some("--selftest") => args.selftest = true,
            Some("--doctor") => args.doctor = true,
            Some("-v" | "--verbose") => args.verbose = true,
            Some("-h" | "--help") => return Err(String::new()),
            Some(s) if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}")),
            _ => args.files.push(a.into()),
        }
    }
    if !args.selftest && args.bin.is_none() {
        return Err("--bin PATH is required".into());
    }
    Ok(args)
}

fn is_repo(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|t| t.contains("name = \"aws-sso-migrate\""))
}

/// The tool's repository: two levels above this crate, else the current dir or an ancestor.
fn find_repo() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if is_repo(&manifest) {
        return manifest.canonicalize().ok();
    }
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors().find(|d| is_repo(d)).map(Path::to_path_buf)
}

fn sorted_glob(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| keep(p))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn walk_configs(dir: &Path, out: &mut Vec<PathBuf>) {
    for p in sorted_glob(dir, |_| true) {
        if p.is_dir() {
            walk_configs(&p, out);
        } else if p.file_name().is_some_and(|n| n == "config") {
            out.push(p);
        }
    }
}

fn default_files(repo: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = sorted_glob(&repo.join("fixtures"), |p| p.is_dir())
        .into_iter()
        .map(|d| d.join("config"))
        .filter(|p| p.is_file())
        .collect();
    let shared = repo.join("..").join("shared");
    let shared = shared.canonicalize().unwrap_or(shared);
    files.extend(sorted_glob(&shared.join("corpus/real-world"), |p| {
        p.extension().is_some_and(|e| e == "config")
    }));
    walk_configs(
        &shared.join("conformance/aws-sdk/smithy-rs-sso-scenarios"),
        &mut files,
    );
    files
}

/// botocore's reading of each of `files` (`tests/interop/botocore/readings.py`, run with
/// `$BOTOCORE_PYTHON` or the botocore check's virtualenv), keyed by the path as given.
fn botocore_readings(repo: &Path, files: &[PathBuf]) -> Result<serde_json::Value, String> {
    let python = std::env::var_os("BOTOCORE_PYTHON").map_or_else(
        || repo.join("target/interop/botocore-venv/bin/python"),
        PathBuf::from,
    );
    let script = repo.join("tests/interop/botocore/readings.py");
    let out = std::process::Command::new(&python)
        .arg(&script)
        .args(files)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} exited {:?}: {}",
            script.display(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("{}: {e}", script.display()))
}

/// The (file, profile) pairs `interop/doctor-unclaimed.txt` lists for the AWS SDK for Rust
/// (`rust FILE "PROFILE"`, FILE relative to the repository).
fn unclaimed_listed(repo: &Path) -> Result<std::collections::BTreeSet<(String, String)>, String> {
    let path = repo.join("interop/doctor-unclaimed.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut listed = std::collections::BTreeSet::new();
    for line in text.lines() {
        let mut words = line.splitn(3, char::is_whitespace);
        let (Some("rust"), Some(file), Some(rest)) = (words.next(), words.next(), words.next())
        else {
            continue;
        };
        let mut de = serde_json::Deserializer::from_str(rest.trim_start()).into_iter::<String>();
        if let Some(Ok(name)) = de.next() {
            listed.insert((file.to_string(), name));
        }
    }
    Ok(listed)
}

fn display(path: &Path, repo: Option<&Path>) -> String {
    let Some(repo) = repo else {
        return path.display().to_string();
    };
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if let Ok(rel) = abs.strip_prefix(repo) {
        return rel.display().to_string();
    }
    if let Some(parent) = repo.parent()
        && let Ok(rel) = abs.strip_prefix(parent)
    {
        return format!("../{}", rel.display());
    }
    path.display().to_string()
}

/// Session names from the tool's `aws sso login --sso-session NAME` advice.
fn login_sessions(stderr: &str) -> Vec<String> {
    let mut names: Vec<String> = stderr
        .lines()
        .filter_map(|l| {
            l.split_once("aws sso login --sso-session ")
                .map(|(_, n)| n.trim())
        })
        .map(|n| n.trim_matches(|c| c == '\'' || c == '"').to_string())
        .collect();
    names.dedup();
    names
}

/// The sessions the tool tells the user to log in to, all of them: its text lists the first
/// twenty and counts the rest, its JSON report names every session of the plan (with no token
/// carried here, each is a login). The text's must be where the JSON's begin.
fn logins(bin: &Path, file: &Path, stderr: &str) -> Result<Vec<String>, String> {
    let out = Command::new(bin)
        .args(["--format", "json"])
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("the tool's --format json is not JSON: {e}"))?;
    let sessions = report["files"][0]["sessions"]
        .as_array()
        .ok_or("the tool's JSON report has no files[0].sessions")?;
    let all: Vec<String> = (sessions.iter())
        .filter_map(|s| s["name"].as_str().map(String::from))
        .collect();
    let shown = login_sessions(stderr);
    if !all.starts_with(&shown) {
        return Err(format!(
            "the text's logins {shown:?} are not the first of the JSON report's sessions {all:?}"
        ));
    }
    Ok(all)
}

#[derive(Default)]
struct Totals {
    files: usize,
    migrated: usize,
    refused: usize,
    failed: usize,
    same: usize,
    failed_both: usize,
    fixed: usize,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    if args.selftest {
        let doctor_ok = rt.block_on(doctor::selftest());
        return if rt.block_on(selftest::run(args.verbose)) && doctor_ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let bin = args.bin.expect("checked");
    let repo = args.repo.clone().or_else(find_repo);
    let files = if args.files.is_empty() {
        match &repo {
            Some(r) => default_files(r),
            None => {
                eprintln!(
                    "error: cannot find the aws-sso-migrate repository; pass FILEs or --repo"
                );
                return ExitCode::from(2);
            }
        }
    } else {
        args.files.clone()
    };

    if args.doctor {
        let (mut failed, mut claims, mut listed_seen) = (0, 0, 0);
        // botocore's reading of every file, and the profiles doctor-unclaimed.txt lists.
        let (readings, mut unclaimed) = match &repo {
            Some(r) => match (botocore_readings(r, &files), unclaimed_listed(r)) {
                (Ok(readings), Ok(listed)) => (Some(readings), listed),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            },
            None => (None, Default::default()),
        };
        for file in &files {
            let shown = display(file, repo.as_deref());
            let key = file.to_string_lossy();
            let reference = readings.as_ref().map(|r| doctor::Reference {
                botocore: &r[key.as_ref()],
                listed: (unclaimed.iter())
                    .filter(|(f, _)| *f == shown)
                    .map(|(_, p)| p.clone())
                    .collect(),
            });
            let v = rt.block_on(doctor::check_file(&bin, file, reference));
            claims += v.claims;
            listed_seen += v.listed.len();
            for name in &v.listed {
                unclaimed.remove(&(shown.clone(), name.clone()));
            }
            let tag = if v.ok { "ok      " } else { "FAILED  " };
            failed += usize::from(!v.ok);
            println!("doctor {tag} {shown}: {}", v.message);
        }
        // A listed profile of a checked file that reads alike again, or is named now.
        let checked: Vec<String> = files.iter().map(|f| display(f, repo.as_deref())).collect();
        for (file, name) in unclaimed.iter().filter(|(f, _)| checked.contains(f)) {
            failed += 1;
            println!(
                "doctor FAILED   {file}: doctor-unclaimed.txt lists profile `{name}`, which reads alike or is named now"
            );
        }
        println!(
            "--doctor against aws-config {}: {} files, {claims} claims and healthy profiles checked, {listed_seen} listed in doctor-unclaimed.txt, {failed} failed",
            env!("AWS_CONFIG_VERSION"),
            files.len()
        );
        return if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }

    let mut t = Totals::default();
    let mut hybrid: Vec<String> = Vec::new();
    let mut fixed: Vec<String> = Vec::new();
    let mut failed_both: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut spelling: Vec<String> = Vec::new();
    for file in &files {
        t.files += 1;
        let shown = display(file, repo.as_deref());
        let original = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                t.failed += 1;
                println!("FAILED   {shown}: cannot read: {e}");
                continue;
            }
        };
        let out = Command::new(&bin)
            .args(["--format", "config", "--color", "never"])
            .arg(file)
            .env("NO_COLOR", "1")
            .output();
        let out = match out {
            Ok(o) => o,
            Err(e) => {
                t.failed += 1;
                println!("FAILED   {shown}: cannot run {}: {e}", bin.display());
                continue;
            }
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {}
            Some(2) => {
                t.refused += 1;
                let first = stderr.lines().next().unwrap_or("(no message)");
                let sdk = rt.block_on(sdk_view(&original));
                // Exit 2 is also how the tool stops on a failed self-check: flag it.
                let flag = if stderr.contains("internal error") {
                    " [TOOL INTERNAL ERROR]"
                } else {
                    ""
                };
                println!("refused  {shown}: {first} [{sdk}]{flag}");
                continue;
            }
            other => {
                t.failed += 1;
                let first = stderr.lines().next().unwrap_or("(no message)");
                println!("FAILED   {shown}: the tool exited with {other:?}: {first}");
                continue;
            }
        }
        let logins = match logins(&bin, file, &stderr) {
            Ok(names) => names,
            Err(e) => {
                t.failed += 1;
                println!("FAILED   {shown}: {e}");
                continue;
            }
        };
        let report = rt.block_on(check::check_pair(&original, &out.stdout, &logins));
        let line = summarize(&report);
        if report.failed() {
            t.failed += 1;
            println!("FAILED   {shown}: {line}");
        } else {
            t.migrated += 1;
            let changed = if out.stdout == original {
                "unchanged"
            } else {
                "migrated"
            };
            println!("ok       {shown} ({changed}): {line}");
        }
        for p in &report.problems {
            println!("    problem: {p}");
        }
        for n in &report.notes {
            println!("    note: {n}");
        }
        for p in &report.profiles {
            let tag = if p.chained { " (role chain)" } else { "" };
            match &p.verdict {
                Verdict::Same => {
                    t.same += 1;
                    if args.verbose {
                        println!("    same: {}{tag}", p.name);
                    }
                }
                Verdict::FailedBoth { before, after } => {
                    t.failed_both += 1;
                    let key = if before == after {
                        before.clone()
                    } else {
                        format!("{before} | after: {after}")
                    };
                    failed_both
                        .entry(key)
                        .or_default()
                        .push(format!("{shown}:{}", p.name));
                    if args.verbose {
                        println!("    failed before and after: {}{tag}: {before}", p.name);
                    }
                }
                Verdict::Fixed { before, after } => {
                    t.fixed += 1;
                    fixed.push(format!(
                        "{shown}:{} (before: {before}; after: {after})",
                        p.name
                    ));
                }
                Verdict::Broken(reasons) => {
                    for r in reasons {
                        println!("    FAIL {}{tag}: {r}", p.name);
                    }
                }
            }
            if let Some(e) = &p.hybrid_error {
                hybrid.push(format!("{shown}:{}: {e}", p.name));
            }
            if let Some((b, a)) = &p.spelling {
                spelling.push(format!("{shown}:{}: {b} -> {a}", p.name));
            }
        }
    }

    if !hybrid.is_empty() {
        println!(
            "hybrid profiles (sso_session plus inline sso_start_url/sso_region), the Rust SDK's error before migration:"
        );
        for h in &hybrid {
            println!("    {h}");
        }
    }
    if !fixed.is_empty() {
        println!("failed before, work after the migration:");
        for f in &fixed {
            println!("    {f}");
        }
    }
    if !spelling.is_empty() {
        println!("start-URL spelling changed (same portal):");
        for s in &spelling {
            println!("    {s}");
        }
    }
    if !failed_both.is_empty() {
        println!("failed before and after, by error:");
        for (err, who) in &failed_both {
            println!("    {} x {err}", who.len());
            if args.verbose {
                for w in who {
                    println!("        {w}");
                }
            }
        }
    }
    println!(
        "aws-config {}: {} files checked: {} migrated ({} SSO profiles resolved before and after to the same account and role, {} failed before and after, {} fixed by the migration), {} refused by the tool, {} failed",
        env!("AWS_CONFIG_VERSION"),
        t.files,
        t.migrated,
        t.same,
        t.failed_both,
        t.fixed,
        t.refused,
        t.failed
    );
    let carried = match rt.block_on(carry::scenario(&bin)) {
        Ok(m) => {
            println!("carry scenario (--write --carry-tokens): ok: {m}");
            true
        }
        Err(e) => {
            println!("carry scenario (--write --carry-tokens): FAIL: {e}");
            false
        }
    };
    if t.failed > 0 || !carried {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn summarize(r: &PairReport) -> String {
    let n = r.profiles.len();
    let chained = r.profiles.iter().filter(|p| p.chained).count();
    let count = |f: fn(&Verdict) -> bool| r.profiles.iter().filter(|p| f(&p.verdict)).count();
    let same = count(|v| matches!(v, Verdict::Same));
    let both = count(|v| matches!(v, Verdict::FailedBoth { .. }));
    let fixed = count(|v| matches!(v, Verdict::Fixed { .. }));
    let broken = count(|v| matches!(v, Verdict::Broken(_)));
    let mut s = format!("{n} profile{}", if n == 1 { "" } else { "s" });
    if chained > 0 {
        s.push_str(&format!(" ({chained} role chains onto SSO)"));
    }
    s.push_str(&format!(
        ": {same} same account and role, {both} failed before and after, {fixed} fixed"
    ));
    if broken > 0 {
        s.push_str(&format!(", {broken} BROKEN"));
    }
    s
}

/// For a refused file: what the Rust SDK would have made of it.
async fn sdk_view(original: &[u8]) -> String {
    let home = match check::Home::new("refused", original, &check::TokenCache::default()) {
        Ok(h) => h,
        Err(e) => return format!("temp HOME: {e}"),
    };
    match check::load_profiles(home.path()).await {
        Ok(set) => {
            let (sso, _) = check::profiles_to_check(&set);
            format!("the Rust SDK reads it: {} SSO profiles", sso.len())
        }
        Err(e) => format!("the Rust SDK cannot parse it either: {e}"),
    }
}
