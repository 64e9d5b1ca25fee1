//! `--doctor` on every fixture, as insta snapshots of its text and JSON, byte for byte: the exit
//! status follows the findings (0 healthy, 1 errors or warnings, 2 unreadable), the JSON validates
//! against the schema, every finding code occurs in some fixture, the file is never changed, and
//! a healthy config has no findings.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::fixtures::{fixture_dirs, name, run_in_copy};
use crate::support::{Test, repo};

fn snapshot(fixture: &str, view: &str, ext: &str, bytes: &[u8]) {
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_binary_snapshot!(&format!("{fixture}-doctor-{view}.{ext}"), bytes.to_vec());
    });
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read(repo().join("schema/plan.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_slice(&text).unwrap()).unwrap()
}

#[test]
fn every_fixture_is_diagnosed() {
    use aws_sso_migrate::aws::ProblemKind;
    use aws_sso_migrate::doctor::FindingKind;
    let validator = schema_validator();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for dir in fixture_dirs() {
        let fixture = name(&dir);
        let text = run_in_copy(&dir, &["--doctor"]);
        let json = run_in_copy(&dir, &["--doctor", "--format", "json"]);
        assert_eq!(text.code(), json.code(), "{fixture}");
        snapshot(fixture, "text", "txt", &text.output.stdout);
        snapshot(fixture, "json", "json", &json.output.stdout);
        let doc: Value = serde_json::from_slice(&json.output.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{fixture}: {errors:#?}");
        let file = &doc["files"][0];
        let findings = file["findings"].as_array().cloned().unwrap_or_default();
        let worrying = findings.iter().any(|f| f["severity"] != "info");
        let want = match file["status"].as_str().unwrap() {
            "failed" => 2,
            "findings" => 1,
            _ => 0,
        };
        assert_eq!(json.code(), want, "{fixture}");
        assert_eq!(want == 1, worrying, "{fixture}");
        for f in &findings {
            seen.insert(f["code"].as_str().unwrap().to_string());
            // A finding is about a profile, or a section, or (before any section) the file.
            assert!(
                f.get("profile").is_none() || f.get("section").is_none(),
                "{fixture}: {f}"
            );
        }
    }
    // Unreadable files are not diagnosed: they exit 2 like a refusal.
    let unreadable = ["not_a_config", "not_utf8"];
    let missing: Vec<&str> = FindingKind::CODES
        .iter()
        .chain(ProblemKind::CODES.iter())
        .filter(|c| !unreadable.contains(c) && !seen.contains(**c))
        .copied()
        .collect();
    assert!(missing.is_empty(), "no fixture shows {missing:?}");
}

#[test]
fn the_healthy_fixture_is_healthy_and_nothing_is_written() {
    let config = std::fs::read(repo().join("fixtures/doctor-healthy/config")).unwrap();
    Test::new()
        .file("config", &config)
        .args(["--doctor", "--color", "never", "config"])
        .run()
        .status(0)
        .stdout_is("config: healthy, nothing to report\n");
    let legacy = b"[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n";
    let t = Test::new()
        .file("config", legacy)
        .args(["--doctor", "--color", "never", "config"]);
    t.run().status(1).stdout_has("warning[legacy_profile]");
    assert_eq!(t.read("config"), legacy);
}

#[test]
fn unreadable_files_exit_2_and_formats_are_checked() {
    Test::new()
        .file("config", &b"[profile caf\xe9]\n"[..])
        .args(["--doctor", "--color", "never", "config"])
        .run()
        .status(2)
        .stdout_is("")
        .stderr_has("error[not_utf8]");
    Test::new()
        .args(["--doctor", "--color", "never", "missing"])
        .run()
        .status(2)
        .stderr_has("error[read]");
    Test::new()
        .file("config", "[default]\n")
        .args(["--doctor", "--format", "tree", "config"])
        .run()
        .status(2)
        .stderr_has("--doctor prints text");
}

/// On a file the migration refuses, the fixes that would run it send the reader to its problems
/// first (on a file it takes, `--write` does them).
#[test]
fn fixes_on_a_refused_file_send_to_its_problems_first() {
    let hybrid = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
                  sso_region = us-east-1\n[profile hybrid]\nsso_session = corp\n\
                  sso_start_url = https://corp.awsapps.com/start\nsso_account_id = 1\n\
                  sso_role_name = R\n";
    Test::new()
        .file("config", hybrid)
        .args(["--doctor", "--color", "never", "config"])
        .run()
        .status(1)
        .stdout_has("help: remove the inline lines; `aws-sso-migrate --write config` does it\n");
    Test::new()
        .file("config", format!("{hybrid}region = a\nregion = b\n"))
        .args(["--doctor", "--color", "never", "config"])
        .run()
        .status(1)
        .stdout_has(
            "help: remove the inline lines by hand, or fix the problems the migration refuses \
             this file for (`aws-sso-migrate config` lists them) and run `aws-sso-migrate \
             --write config`\n",
        );
}

#[test]
fn the_readme_lists_every_finding_code() {
    use aws_sso_migrate::doctor::FindingKind;
    let readme = String::from_utf8(std::fs::read(repo().join("README.md")).unwrap()).unwrap();
    for code in FindingKind::CODES {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README has no table row for `{code}`"
        );
    }
}

#[test]
fn the_schema_lists_every_finding_code() {
    use aws_sso_migrate::aws::ProblemKind;
    use aws_sso_migrate::doctor::FindingKind;
    let text = std::fs::read(repo().join("schema/plan.schema.json")).unwrap();
    let schema: Value = serde_json::from_slice(&text).unwrap();
    let listed: BTreeSet<&str> = schema["$defs"]["finding"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let codes: BTreeSet<&str> = FindingKind::CODES
        .iter()
        .chain(ProblemKind::CODES.iter())
        .copied()
        .collect();
    assert_eq!(listed, codes);
}

/// A check-up with more findings than the text shows: the text lists the first fifty in line
/// order, the same as the JSON's first fifty, and counts every one; `--quiet` gives the counts
/// alone. The findings are made out of line order (each line's lone carriage return first, then
/// each profile's own), and the text keeps only those it shows.
#[test]
fn the_text_shows_the_first_fifty_findings_in_line_order_and_counts_them_all() {
    let config: String = (0..20)
        .map(|i| {
            format!(
                "[profile p{i}]\rsso_start_url = https://acme.awsapps.com/start\r\
                 sso_region = us-east-1\rsso_account_id = 123456789012\r\
                 sso_role_name = Admin\r"
            )
        })
        .collect();
    let test = Test::new().file("config", &config);
    let run = |args: &[&str]| {
        let mut all = vec!["--doctor", "--color", "never"];
        all.extend(args);
        all.push("config");
        test.run_command({
            let mut cmd = test.command();
            cmd.args(all);
            cmd
        })
        .status(1)
        .output
        .stdout
    };
    let text = run(&[]);
    let json: Value = serde_json::from_slice(&run(&["--format", "json"])).unwrap();
    let quiet = run(&["--quiet"]);
    snapshot("many-findings", "text", "txt", &text);

    let findings = json["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 120);
    // The heading and ` --> config:LINE:COL` of each finding the text shows.
    let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
    let shown: Vec<(String, u64)> = (lines.windows(2))
        .filter(|w| w[1].starts_with(b" --> config:") || w[1].starts_with(b"  --> config:"))
        .map(|w| {
            let heading = std::str::from_utf8(w[0]).unwrap();
            let code = &heading[heading.find('[').unwrap() + 1..heading.find(']').unwrap()];
            let at = std::str::from_utf8(w[1]).unwrap().trim();
            let line = at.split(':').nth(1).unwrap().parse().unwrap();
            (code.to_string(), line)
        })
        .collect();
    let first: Vec<(String, u64)> = (findings.iter().take(50))
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shown, first);
    assert!(shown.is_sorted_by_key(|(_, line)| *line));
    assert!(text.ends_with(
        b"note: and 70 more findings not shown (--format json lists them all)\n\
          config: 0 errors, 120 warnings, 0 notes\n"
    ));
    assert_eq!(quiet, b"config: 0 errors, 120 warnings, 0 notes\n");
}
