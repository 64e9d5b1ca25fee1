//! Every fixture in `fixtures/` against its expected output: the diff (stdout), the summary or
//! error (stderr), the rewritten file (`--format config`), `patch` reproducing it, `--check`,
//! and idempotence on the expected output.

use std::path::PathBuf;
use std::process::Command;

use crate::support::{Test, expect_file, repo};

/// A broken glob must not pass silently.
const MIN_FIXTURES: usize = 14;

fn fixture_dirs() -> Vec<PathBuf> {
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

fn is_refusal(dir: &std::path::Path) -> bool {
    dir.file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("refuse-")
}

/// Runs the binary on a copy of the fixture's `config`, named `config` in a temporary directory.
fn run_in_copy(dir: &std::path::Path, args: &[&str]) -> crate::support::Run {
    Test::new()
        .file("config", std::fs::read(dir.join("config")).unwrap())
        .args(args.iter().copied().chain(["--color", "never", "config"]))
        .run()
}

#[test]
fn every_fixture_matches_its_expected_diff_and_summary() {
    for dir in fixture_dirs() {
        let r = run_in_copy(&dir, &[]);
        let want = if is_refusal(&dir) { 2 } else { 0 };
        assert_eq!(r.code(), want, "{}: {}", dir.display(), r.stderr());
        expect_file(&dir.join("expected.diff"), &r.output.stdout);
        expect_file(&dir.join("expected.stderr"), &r.output.stderr);
    }
}

#[test]
fn every_migration_fixture_matches_its_expected_config() {
    for dir in fixture_dirs().into_iter().filter(|d| !is_refusal(d)) {
        let r = run_in_copy(&dir, &["--format", "config"]);
        assert_eq!(r.code(), 0, "{}: {}", dir.display(), r.stderr());
        expect_file(&dir.join("expected.config"), &r.output.stdout);
    }
}

#[test]
fn refusals_name_the_file_and_line_and_print_nothing_on_stdout() {
    for dir in fixture_dirs().into_iter().filter(|d| is_refusal(d)) {
        let r = run_in_copy(&dir, &[]);
        let r = r.status(2).stdout_is("");
        let err = r.stderr();
        assert!(
            err.lines().any(|l| l.trim_start().starts_with("config:")
                && l.trim_start()["config:".len()..].starts_with(|c: char| c.is_ascii_digit())),
            "{}: no `config:LINE:` in {err}",
            dir.display()
        );
        assert!(
            !dir.join("expected.config").exists(),
            "a refused fixture has no expected output"
        );
    }
}

#[test]
fn patch_applies_the_diff_to_give_the_expected_config() {
    for dir in fixture_dirs().into_iter().filter(|d| !is_refusal(d)) {
        let diff = std::fs::read(dir.join("expected.diff")).unwrap();
        if diff.is_empty() {
            continue;
        }
        let t = Test::new()
            .file("config", std::fs::read(dir.join("config")).unwrap())
            .file("change.diff", &diff);
        let status = Command::new("patch")
            .current_dir(t.path())
            .args(["--quiet", "--binary", "config", "change.diff"])
            .status()
            .expect("`patch` is installed");
        assert!(status.success(), "{}: patch failed", dir.display());
        assert_eq!(
            t.read("config"),
            std::fs::read(dir.join("expected.config")).unwrap(),
            "{}: patched file differs from --format config",
            dir.display()
        );
    }
}

#[test]
fn check_exits_1_exactly_when_a_fixture_would_change() {
    for dir in fixture_dirs().into_iter().filter(|d| !is_refusal(d)) {
        let changes = std::fs::read(dir.join("config")).unwrap()
            != std::fs::read(dir.join("expected.config")).unwrap();
        let r = run_in_copy(&dir, &["--check"]);
        r.status(if changes { 1 } else { 0 });
    }
}

#[test]
fn migrating_an_expected_output_again_changes_nothing() {
    for dir in fixture_dirs().into_iter().filter(|d| !is_refusal(d)) {
        let t = Test::new().file(
            "config",
            std::fs::read(dir.join("expected.config")).unwrap(),
        );
        t.args(["--check", "--color", "never", "config"])
            .run()
            .status(0)
            .stdout_is("");
    }
}
