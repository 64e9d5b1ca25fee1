//! Every fixture in `fixtures/` in every view, as insta snapshots compared byte for byte
//! (`tests/integration/snapshots/`): the diff and the summary (stdout, stderr), the rewritten
//! file (`--format config`), JSON, tree and mermaid. Then: `patch` applying the diff reproduces
//! `--format config`, `--check`, and idempotence on the migrated file.
//!
//! After a deliberate change in output: `INSTA_UPDATE=always cargo test --test integration
//! fixtures`, then review the snapshot files with `git diff` before committing. CI (where `CI` is
//! set) never writes snapshots: a mismatch fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Run, Test, repo};

/// A broken glob must not pass silently.
const MIN_FIXTURES: usize = 14;

pub fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("config").is_file())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= MIN_FIXTURES,
        "found {} fixtures, expected at least {MIN_FIXTURES}",
        dirs.len()
    );
    dirs
}

pub fn name(dir: &Path) -> &str {
    dir.file_name().unwrap().to_str().unwrap()
}

fn is_refusal(dir: &Path) -> bool {
    name(dir).starts_with("refuse-")
}

/// Runs the binary on a copy of the fixture's `config`, named `config` in a temporary directory,
/// with a copy of the fixture's `credentials` (where it has one) beside it as the shared
/// credentials file read with it (`$AWS_SHARED_CREDENTIALS_FILE`, relative, so that the output
/// names it alike in every run).
pub fn run_in_copy(dir: &Path, args: &[&str]) -> Run {
    let mut t = Test::new().file("config", std::fs::read(dir.join("config")).unwrap());
    if let Ok(credentials) = std::fs::read(dir.join("credentials")) {
        t = (t.file("credentials", credentials)).env("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    }
    t.args(args.iter().copied().chain(["--color", "never", "config"]))
        .run()
}

fn snapshot(dir: &Path, view: &str, ext: &str, bytes: &[u8]) {
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_binary_snapshot!(&format!("{}-{view}.{ext}", name(dir)), bytes.to_vec());
    });
}

#[test]
fn every_view_of_every_fixture() {
    for dir in fixture_dirs() {
        let want = if is_refusal(&dir) { 2 } else { 0 };
        let r = run_in_copy(&dir, &[]);
        assert_eq!(r.code(), want, "{}: {}", dir.display(), r.stderr());
        snapshot(&dir, "diff", "diff", &r.output.stdout);
        snapshot(&dir, "stderr", "txt", &r.output.stderr);
        let summary = r.output.stderr;
        for (format, ext) in [("json", "json"), ("tree", "txt"), ("mermaid", "mmd")] {
            let r = run_in_copy(&dir, &["--format", format]);
            assert_eq!(r.code(), want, "{} {format}: {}", dir.display(), r.stderr());
            snapshot(&dir, format, ext, &r.output.stdout);
            if format != "json" {
                // The pictures are for people too: the diff's summary, or its error, on stderr.
                assert_eq!(r.output.stderr, summary, "{} {format}", dir.display());
            } else if want == 0 {
                assert_eq!(r.output.stderr, b"", "{} {format}", dir.display());
            } else {
                // The error on stderr is the one the diff run shows, minus the summary.
                assert!(r.output.stderr.starts_with(b"error["), "{}", dir.display());
            }
        }
        if want == 0 {
            let r = run_in_copy(&dir, &["--format", "config"]);
            assert_eq!(r.code(), 0, "{}: {}", dir.display(), r.stderr());
            snapshot(&dir, "config", "ini", &r.output.stdout);
        }
    }
}

#[test]
fn refusals_name_the_file_and_line_and_print_nothing_on_stdout() {
    for dir in fixture_dirs().into_iter().filter(|d| is_refusal(d)) {
        let r = run_in_copy(&dir, &[]).status(2).stdout_is("");
        let err = r.stderr();
        assert!(
            err.lines().any(|l| l
                .trim_start()
                .strip_prefix("--> config:")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))),
            "{}: no ` --> config:LINE:COL` in {err}",
            dir.display()
        );
    }
}

/// The migrated file, from `--format config`.
fn migrated(dir: &Path) -> Vec<u8> {
    run_in_copy(dir, &["--format", "config"])
        .status(0)
        .output
        .stdout
}

/// `config` with `diff` applied by `patch`, or `None` where `patch` fails.
pub(crate) fn patched(config: &[u8], diff: &[u8]) -> Option<Vec<u8>> {
    let t = Test::new().file("config", config).file("change.diff", diff);
    let status = Command::new("patch")
        .current_dir(t.path())
        .args(["--quiet", "--binary", "config", "change.diff"])
        .status()
        .expect("`patch` is installed");
    status.success().then(|| t.read("config"))
}

#[test]
fn patch_applies_the_diff_to_give_the_migrated_file() {
    let mut patched_count = 0;
    for dir in fixture_dirs().into_iter().filter(|d| !is_refusal(d)) {
        let diff = run_in_copy(&dir, &[]).status(0).output.stdout;
        if diff.is_empty() {
            continue;
        }
        let config = std::fs::read(dir.join("config")).unwrap();
        let Some(result) = patched(&config, &diff) else {
            panic!("{}: patch failed", dir.display());
        };
        assert_eq!(
            result,
            migrated(&dir),
            "{}: patched file differs from --format config",
            dir.display()
        );
        patched_count += 1;
    }
    assert!(patched_count >= 8, "only {patched_count} fixtures change");
}

#[test]
fn the_diff_keeps_the_control_characters_of_the_file_for_patch() {
    // A bell, a lone escape and a colour code in a context line: the colour filter used to
    // drop them when stdout was not a terminal (the code with the tool's own), and `patch` then
    // found no such line; `config` lost the code too.
    let config =
        b"[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n\
                   description = bell \x07 and escape \x1bx and \x1b[31mred\x1b[0m here\n\
                   sso_account_id = 1\n";
    let t = Test::new().file("config", config);
    let diff = t.args(["config"]).run().status(0).output.stdout;
    for kept in [&b"\x07 a"[..], b"\x1bx", b"\x1b[31mred\x1b[0m here"] {
        assert!(
            diff.windows(kept.len()).any(|w| w == kept),
            "the diff lost the file's own bytes {}",
            kept.escape_ascii()
        );
    }
    let migrated = Test::new()
        .file("config", config)
        .args(["--format", "config", "config"])
        .run()
        .status(0)
        .output
        .stdout;
    let written = Test::new()
        .file("config", config)
        .args(["--write", "config"]);
    written.run().status(0);
    assert_eq!(
        migrated,
        written.read("config"),
        "`config` is not what --write writes"
    );
    // `config` has no colour: asked for, it is still the file's bytes in a pipe.
    let coloured = Test::new()
        .file("config", config)
        .args(["--format", "config", "--color", "always", "config"])
        .run()
        .status(0)
        .output
        .stdout;
    assert_eq!(coloured, migrated, "`config` with --color always");
    assert_eq!(patched(config, &diff).expect("patch applies"), migrated);
}

#[test]
fn check_exits_1_exactly_when_a_fixture_would_change() {
    for dir in fixture_dirs().into_iter().filter(|d| !is_refusal(d)) {
        let changes = std::fs::read(dir.join("config")).unwrap() != migrated(&dir);
        run_in_copy(&dir, &["--check"]).status(if changes { 1 } else { 0 });
    }
}

#[test]
fn migrating_a_migrated_file_again_changes_nothing() {
    for dir in fixture_dirs().into_iter().filter(|d| !is_refusal(d)) {
        let t = Test::new().file("config", migrated(&dir));
        t.args(["--check", "--color", "never", "config"])
            .run()
            .status(0)
            .stdout_is("");
    }
}
