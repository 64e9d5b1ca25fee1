//! `--format json` against its committed schema (`schema/plan.schema.json`): the output of every
//! fixture, of runs over several files, of `--write` and of failures validates; the schema's
//! lists of codes are exactly the tool's; and the README documents every code.

use serde_json::Value;

use crate::fixtures::{fixture_dirs, run_in_copy};
use crate::support::{Test, repo};

const LEGACY: &str = "[profile dev]\nsso_start_url = https://acme.awsapps.com/start\n\
                      sso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = R\n";

fn schema() -> Value {
    let text = std::fs::read(repo().join("schema/plan.schema.json")).unwrap();
    serde_json::from_slice(&text).unwrap()
}

pub fn validate(doc: &[u8], what: &str) -> Value {
    let doc: Value = serde_json::from_slice(doc)
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", doc.escape_ascii()));
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}\n{doc:#}");
    doc
}

#[test]
fn every_fixture_validates() {
    for dir in fixture_dirs() {
        let r = run_in_copy(&dir, &["--format", "json"]);
        let doc = validate(&r.output.stdout, &dir.display().to_string());
        let status = doc["files"][0]["status"].as_str().unwrap();
        let refused = dir
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("refuse-");
        assert_eq!(status == "failed", refused, "{}", dir.display());
    }
}

#[test]
fn several_files_a_write_and_failures_validate() {
    let t = Test::new()
        .file("a/config", LEGACY)
        .file("b/config", "[profile x]\n[profile x]\n")
        .file("c/config", "[default]\nregion = x\n");
    let r = t
        .args([
            "--format", "json", "a/config", "b/config", "c/config", "missing",
        ])
        .run()
        .status(2);
    let doc = validate(&r.output.stdout, "dry run");
    let statuses: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["would-change", "failed", "clean", "failed"]);
    assert_eq!(doc["files"][1]["error"]["kind"], "unreadable");
    assert_eq!(
        doc["files"][1]["error"]["problems"][0]["code"],
        "duplicate_section"
    );
    assert_eq!(doc["files"][1]["error"]["problems"][0]["column"], 1);
    assert_eq!(doc["files"][3]["error"]["kind"], "read");
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 4, "clean": 1, "changing": 1, "failed": 2, "absent": 0})
    );

    let t = Test::new()
        .file("a/config", LEGACY)
        .args(["--format", "json", "--write", "a/config"]);
    let r = t.run().status(0);
    let doc = validate(&r.output.stdout, "write");
    assert_eq!(doc["files"][0]["status"], "changed");
    let backup = doc["files"][0]["backup"].as_str().expect("a backup path");
    assert_eq!(t.read(backup), LEGACY.as_bytes());
    assert_eq!(doc["files"][0]["sessions"][0]["name"], "acme");
    assert_eq!(doc["files"][0]["migrated"][0]["profile"], "dev");
}

/// Text shows the first ten problems of a refused file with their lines; JSON gives every
/// problem, each with its column (the ones past the tenth had none).
#[test]
fn every_problem_of_a_refused_file_has_its_column() {
    let text: String = (0..12)
        .map(|i| format!("[profile p{i}]\nregion = x\nregion = y\nkey\u{b} = z\n"))
        .collect();
    let r = Test::new()
        .file("config", &text)
        .args(["--format", "json", "config"])
        .run()
        .status(2);
    let doc = validate(&r.output.stdout, "refused");
    let problems = doc["files"][0]["error"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 24, "{problems:#?}");
    for p in problems {
        // The duplicate key from its start, the vertical tab after `key`.
        let column = match p["code"].as_str().unwrap() {
            "duplicate_key" => 1,
            "unusual_whitespace" => 4,
            other => panic!("{other}"),
        };
        assert_eq!(p["column"], column, "{p:#}");
    }
}

#[test]
fn restore_list_and_carry_validate() {
    // With --carry-tokens each session gets an entry, here saying why nothing is carried.
    let t = Test::new().file("a/config", LEGACY);
    let r = t
        .args(["--format", "json", "--carry-tokens", "a/config"])
        .run()
        .status(0);
    let doc = validate(&r.output.stdout, "carry dry run");
    assert_eq!(doc["files"][0]["tokens_carried"][0]["session"], "acme");
    let t = Test::new().file("a/config", LEGACY);
    let t = t.args(["--write", "--format", "json", "a/config"]);
    t.run().status(0);
    let r = std::process::Command::new(crate::support::bin())
        .current_dir(t.path())
        .env("HOME", t.path())
        .args(["--restore", "--list", "--format", "json", "a/config"])
        .output()
        .unwrap();
    let doc = validate(&r.stdout, "restore --list");
    assert_eq!(doc["files"][0]["backups"].as_array().map(Vec::len), Some(1));
    let r = std::process::Command::new(crate::support::bin())
        .current_dir(t.path())
        .env("HOME", t.path())
        .args(["--restore", "--format", "json", "a/config"])
        .output()
        .unwrap();
    let doc = validate(&r.stdout, "restore");
    assert_eq!(doc["files"][0]["status"], "restored");
    assert!(doc["files"][0]["restored_from"].is_string());
    assert_eq!(t.read("a/config"), LEGACY.as_bytes());
}

#[test]
fn the_schema_rejects_what_it_does_not_describe() {
    let r = Test::new()
        .config(LEGACY)
        .args(["--format", "json"])
        .run()
        .status(0);
    let mut doc: Value = serde_json::from_slice(&r.output.stdout).unwrap();
    doc["files"][0]["status"] = "done".into();
    let validator = jsonschema::validator_for(&schema()).unwrap();
    assert!(!validator.is_valid(&doc));
    doc["files"][0]["status"] = "failed".into();
    assert!(!validator.is_valid(&doc), "a failed file needs an error");
}

/// The enum of `$defs/DEF/properties/FIELD` in the schema.
fn schema_codes(def: &str, field: &str) -> Vec<String> {
    let mut codes: Vec<String> = schema()["$defs"][def]["properties"][field]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum at {def}.{field}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

fn sorted(codes: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = codes.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn the_schema_and_the_readme_list_every_code() {
    use aws_sso_migrate::aws::ProblemKind;
    use aws_sso_migrate::error::FileError;
    use aws_sso_migrate::plan::{SkipReason, Warning};
    let lists: [(&str, &str, &[&str]); 4] = [
        ("problem", "code", ProblemKind::CODES),
        ("skipped", "reason", SkipReason::CODES),
        ("warning", "code", Warning::CODES),
        ("error", "kind", &FileError::KINDS),
    ];
    let readme = String::from_utf8(std::fs::read(repo().join("README.md")).unwrap()).unwrap();
    for (def, field, codes) in lists {
        assert_eq!(schema_codes(def, field), sorted(codes), "{def}.{field}");
        for code in codes {
            assert!(
                readme.contains(&format!("| `{code}` |")),
                "README has no table row for `{code}`"
            );
        }
    }
}
