//! The shared credentials file read with a config: a profile to which it gives SSO keys is left
//! as it is (botocore and the SDKs merge that file's section over the config's profile, so the
//! keys would stay beside the `sso_session` a migration writes), whichever rule finds the file;
//! one that cannot be read leaves the config as it was.

use std::fs;

use crate::json::validate;
use crate::support::{Run, Test};

/// Two legacy profiles of one portal; `dev` spells its start URL with a final `/`, so a
/// migration respells it, and botocore would then refuse the credentials file's `/` beside the
/// session's.
const CONFIG: &str = "[profile ops]\nsso_start_url = https://acme.awsapps.com/start\n\
                      sso_region = us-east-1\nsso_account_id = 111111111111\n\
                      sso_role_name = Admin\n\n\
                      [profile dev]\nsso_start_url = https://acme.awsapps.com/start/\n\
                      sso_region = us-east-1\nsso_account_id = 111111111111\n\
                      sso_role_name = ReadOnly\n";

/// `dev`'s legacy keys in the credentials file too, as the AWS SDK for JavaScript v3's README
/// shows them, beside a profile of static keys.
const CREDENTIALS: &str = "[dev]\nsso_start_url = https://acme.awsapps.com/start/\n\
                           sso_region = us-east-1\n\n[static]\naws_access_key_id = A\n\
                           aws_secret_access_key = S\n";

/// The lines of `ops` the migration rewrites, as the diff shows them.
const OPS_MOVED: &str = "-sso_start_url = https://acme.awsapps.com/start\n";

/// The JSON report of a dry run on [`CONFIG`] with `credentials` as `~/.aws/credentials`.
fn report_with(credentials: &str) -> serde_json::Value {
    let r = Test::new()
        .config(CONFIG)
        .file(".aws/credentials", credentials)
        .args(["--format", "json"])
        .run()
        .status(0);
    validate(&r.output.stdout, credentials)
}

fn skipped_dev(r: &Run, credentials: &str) {
    let doc = validate(&r.output.stdout, "credentials_file");
    let file = &doc["files"][0];
    assert_eq!(file["migrated"][0]["profile"], "ops", "{doc:#}");
    assert_eq!(file["migrated"].as_array().unwrap().len(), 1, "{doc:#}");
    let skipped = &file["skipped"][0];
    assert_eq!(skipped["profile"], "dev", "{doc:#}");
    assert_eq!(skipped["reason"], "credentials_file");
    assert_eq!(skipped["details"]["path"], credentials);
    assert_eq!(
        skipped["details"]["keys"],
        serde_json::json!(["sso_start_url", "sso_region"])
    );
}

#[test]
fn the_default_configs_credentials_file_keeps_its_profiles_as_they_are() {
    let json = Test::new()
        .config(CONFIG)
        .file("creds", CREDENTIALS)
        .env("AWS_SHARED_CREDENTIALS_FILE", "creds")
        .args(["--format", "json"])
        .run()
        .status(0);
    skipped_dev(&json, "creds");
    // Without the variable, `$HOME/.aws/credentials`.
    let t = Test::new()
        .config(CONFIG)
        .file(".aws/credentials", CREDENTIALS)
        .args(["--format", "json"]);
    let home = t.path().join(".aws/credentials").display().to_string();
    skipped_dev(&t.run().status(0), &home);
}

#[test]
fn a_config_named_in_an_aws_directory_is_read_with_the_credentials_file_beside_it() {
    // Root migrating alice's config: her credentials file, not the one of root's `$HOME`.
    let t = Test::new()
        .file("alice/.aws/config", CONFIG)
        .file("alice/.aws/credentials", CREDENTIALS)
        .file(".aws/credentials", "")
        .args(["--color", "never", "alice/.aws/config"]);
    let r = t.run().status(0);
    assert!(r.stdout().contains(OPS_MOVED), "{}", r.stdout());
    assert!(
        !r.stdout().contains("start/\n-"),
        "dev changes:\n{}",
        r.stdout()
    );
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_binary_snapshot!("credentials-file-skips.txt", r.output.stderr.clone());
    });
    let t = Test::new()
        .config(CONFIG)
        .file("alice/.aws/config", CONFIG)
        .file("alice/.aws/credentials", CREDENTIALS)
        .env("AWS_SHARED_CREDENTIALS_FILE", "elsewhere")
        .args(["--format", "json", "alice/.aws/config"]);
    skipped_dev(&t.run().status(0), "alice/.aws/credentials");
    // `--write` leaves `dev` byte for byte.
    let t = Test::new()
        .file("alice/.aws/config", CONFIG)
        .file("alice/.aws/credentials", CREDENTIALS)
        .args(["--write", "alice/.aws/config"]);
    t.run().status(0);
    let written = String::from_utf8(t.read("alice/.aws/config")).unwrap();
    assert!(
        written.contains("[profile ops]\nsso_session = acme\n"),
        "{written}"
    );
    assert!(
        written.ends_with(&CONFIG[CONFIG.find("[profile dev]").unwrap()..]),
        "{written}"
    );
    assert_eq!(t.read("alice/.aws/credentials"), CREDENTIALS.as_bytes());
}

#[test]
fn a_half_migrated_profile_the_credentials_file_gives_sso_keys_is_not_cleaned_up() {
    // `dev` repeats its session's keys inline: the migration would remove them, but the
    // credentials file's `sso_region` stays beside its `sso_session` whatever the config says.
    let config = "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\n\
                  sso_region = us-east-1\n\n[profile dev]\nsso_session = acme\n\
                  sso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n\
                  sso_account_id = 111111111111\nsso_role_name = ReadOnly\n";
    let run = |credentials: Option<&str>| {
        let mut t = Test::new().config(config);
        if let Some(c) = credentials {
            t = t.file(".aws/credentials", c);
        }
        let r = t.args(["--format", "json"]).run().status(0);
        validate(&r.output.stdout, "hybrid")["files"][0].clone()
    };
    let alone = run(None);
    assert_eq!(alone["cleaned"][0]["profile"], "dev", "{alone:#}");
    let beside = run(Some("[dev]\nsso_region = us-east-1\n"));
    assert_eq!(beside["cleaned"], serde_json::json!([]), "{beside:#}");
    assert_eq!(beside["skipped"][0]["profile"], "dev", "{beside:#}");
    assert_eq!(beside["skipped"][0]["reason"], "credentials_file");
}

#[test]
fn a_credentials_file_without_sso_keys_or_without_the_profile_changes_nothing() {
    for credentials in [
        "[static]\naws_access_key_id = A\n",
        // `[profile dev]` there is a profile named `profile dev`.
        "[profile dev]\nsso_region = us-east-1\n",
        // A nested key is no key of the profile.
        "[dev]\ns3 =\n  sso_region = us-east-1\n",
    ] {
        let doc = report_with(credentials);
        let file = &doc["files"][0];
        assert_eq!(file["migrated"].as_array().unwrap().len(), 2, "{doc:#}");
        assert_eq!(file["skipped"], serde_json::json!([]), "{credentials}");
    }
    // `[DEFAULT]`'s keys are every section's.
    let doc = report_with("[DEFAULT]\nsso_region = us-east-1\n[ops]\naws_access_key_id = A\n");
    assert_eq!(doc["files"][0]["skipped"][0]["profile"], "ops", "{doc:#}");
    assert_eq!(
        doc["files"][0]["skipped"][0]["details"]["keys"],
        serde_json::json!(["sso_region"])
    );
}

#[test]
fn a_credential_helper_the_credentials_file_runs_keeps_the_profiles_it_reads() {
    // Tools that read only the credentials file get SSO credentials through a helper there;
    // `aws-sso-util credential-process` reads the config's inline keys of the profile it is run
    // for (`dev`, whose section it is) or of the one it names (`ops`, for `legacy`).
    let helpers = "[legacy]\ncredential_process = aws-sso-util credential-process --profile ops\n\n\
                   [dev]\nCredential_Process = /usr/local/bin/aws-sso-util credential-process\n";
    let t = Test::new()
        .file("alice/.aws/config", CONFIG)
        .file("alice/.aws/credentials", helpers)
        .args(["--format", "json", "alice/.aws/config"]);
    let doc = validate(&t.run().status(0).output.stdout, "helpers");
    let file = &doc["files"][0];
    assert_eq!(file["migrated"], serde_json::json!([]), "{doc:#}");
    let skipped: Vec<_> = (file["skipped"].as_array().unwrap().iter())
        .map(|s| {
            (
                s["profile"].clone(),
                s["reason"].clone(),
                s["details"].clone(),
            )
        })
        .collect();
    let details = |via: Option<&str>| {
        let mut d = serde_json::json!({
            "reason": "credential_process",
            "command": "aws-sso-util credential-process",
            "file": "alice/.aws/credentials",
        });
        if let Some(via) = via {
            d["via"] = via.into();
        }
        d
    };
    assert_eq!(
        skipped,
        [
            (
                "ops".into(),
                "credential_process".into(),
                details(Some("legacy"))
            ),
            ("dev".into(), "credential_process".into(), details(None)),
        ],
        "{doc:#}"
    );
    let r = Test::new()
        .file("alice/.aws/config", CONFIG)
        .file("alice/.aws/credentials", helpers)
        .args(["--color", "never", "alice/.aws/config"])
        .run()
        .status(0);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_binary_snapshot!("credentials-file-helpers.txt", r.output.stderr.clone());
    });
    // The check-up says which helper to point at the AWS CLI first, and where it is.
    let r = Test::new()
        .file("alice/.aws/config", CONFIG)
        .file("alice/.aws/credentials", helpers)
        .args(["--doctor", "--color", "never", "alice/.aws/config"])
        .run()
        .status(1);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_binary_snapshot!("credentials-file-helpers-doctor.txt", r.output.stdout.clone());
    });
    // `[DEFAULT]`'s helper is every section's; a process that reads no inline key (the AWS
    // CLI's own export) keeps nothing from moving.
    for (credentials, skipped) in [
        (
            "[DEFAULT]\ncredential_process = aws-sso-credential-process --profile dev\n[x]\n",
            vec!["dev"],
        ),
        (
            "[dev]\ncredential_process = aws configure export-credentials --profile ops \
             --format process\n",
            vec![],
        ),
    ] {
        let doc = report_with(credentials);
        let names: Vec<_> = (doc["files"][0]["skipped"].as_array().unwrap().iter())
            .map(|s| s["profile"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, skipped, "{doc:#}");
    }
}

#[test]
fn a_credentials_file_that_cannot_be_read_leaves_the_config_as_it_was() {
    // The migration, the check-up and the token report each read it, and stop.
    for mode in ["--write", "--doctor", "--tokens"] {
        let t = Test::new()
            .config(CONFIG)
            .file(".aws/credentials/x", "")
            .args([mode, "--color", "never"]);
        t.run()
            .status(2)
            .stdout_is("")
            .stderr_has("/.aws/credentials`: it is a directory, not a regular file");
        assert_eq!(fs::read(t.config_path()).unwrap(), CONFIG.as_bytes());
    }
    // A link to nothing is no credentials file, to botocore as here.
    let t = Test::new().config(CONFIG).args(["--format", "json"]);
    std::os::unix::fs::symlink("nowhere", t.path().join(".aws/credentials")).unwrap();
    let doc = validate(&t.run().status(0).output.stdout, "dangling");
    assert_eq!(doc["files"][0]["migrated"].as_array().unwrap().len(), 2);
}

#[test]
fn the_check_up_says_what_the_credentials_file_keeps_the_migration_from() {
    let t = Test::new()
        .file("alice/.aws/config", CONFIG)
        .file("alice/.aws/credentials", CREDENTIALS)
        .args(["--doctor", "--color", "never", "alice/.aws/config"]);
    let r = t.run().status(1);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_binary_snapshot!("credentials-file-doctor.txt", r.output.stdout.clone());
    });
    let r = Test::new()
        .file("alice/.aws/config", CONFIG)
        .file("alice/.aws/credentials", CREDENTIALS)
        .args(["--doctor", "--format", "json", "alice/.aws/config"])
        .run()
        .status(1);
    let doc = validate(&r.output.stdout, "doctor");
    let findings = doc["files"][0]["findings"].as_array().unwrap();
    let left_alone: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "legacy_profile")
        .map(|f| (&f["profile"], &f["details"]["left_alone"]["reason"]))
        .collect();
    assert_eq!(
        left_alone,
        [
            (&"ops".into(), &serde_json::Value::Null),
            (&"dev".into(), &"credentials_file".into())
        ],
        "{doc:#}"
    );
}

/// The check-up's findings on `config` in `alice/.aws/`, with `credentials` beside it (none
/// where `None`), as (profile, code).
fn doctor_findings(config: &str, credentials: Option<&str>) -> Vec<(String, String)> {
    let mut t = Test::new().file("alice/.aws/config", config);
    if let Some(c) = credentials {
        t = t.file("alice/.aws/credentials", c);
    }
    let r = t
        .args(["--doctor", "--format", "json", "alice/.aws/config"])
        .run();
    let doc = validate(&r.output.stdout, "doctor");
    (doc["files"][0]["findings"].as_array().unwrap().iter())
        .map(|f| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            (text(&f["profile"]), text(&f["code"]))
        })
        .collect()
}

fn doctor_codes(config: &str, credentials: Option<&str>) -> Vec<String> {
    (doctor_findings(config, credentials).into_iter())
        .map(|(_, code)| code)
        .collect()
}

/// A role's source that has a region alone in the config gives its role no credentials,
/// unless the credentials file gives it keys; a role only that file has, whose source has
/// none, is found at its `source_profile` line there.
#[test]
fn a_source_without_credentials_may_have_them_in_the_credentials_file() {
    let config = "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n\
                  source_profile = base\n[profile base]\nregion = eu-west-1\n";
    let code = "source_profile_without_credentials";
    let found = |profile: &str| vec![(profile.to_string(), code.to_string())];
    assert_eq!(doctor_findings(config, None), found("admin"));
    let keys = "[base]\naws_access_key_id = A\naws_secret_access_key = S\n";
    assert_eq!(doctor_codes(config, Some(keys)), Vec::<String>::new());
    let theirs = "[theirs]\nregion = r\n[their-role]\nrole_arn = arn:aws:iam::1:role/T\n\
                  source_profile = theirs\n";
    let config = "[profile mine]\nregion = r\n";
    assert_eq!(doctor_findings(config, Some(theirs)), found("their-role"));
}

#[test]
fn a_source_profile_of_the_credentials_file_is_a_profile_to_the_check_up() {
    // Static keys in the credentials file, roles in the config: the common setup.
    let config = "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n\
                  source_profile = keys\n";
    assert_eq!(doctor_codes(config, None), ["source_profile_missing"]);
    let keys = "[keys]\naws_access_key_id = A\naws_secret_access_key = S\n";
    assert_eq!(doctor_codes(config, Some(keys)), Vec::<String>::new());
    // `[profile keys]` there is a profile named `profile keys`.
    let prefixed = "[profile keys]\naws_access_key_id = A\naws_secret_access_key = S\n";
    assert_eq!(
        doctor_codes(config, Some(prefixed)),
        ["source_profile_missing"]
    );
}

#[test]
fn static_keys_in_the_credentials_file_end_a_chain_that_would_loop() {
    // `a` and `b` name each other; the credentials file gives `b` its keys, where a chain from
    // `a` stops. botocore still refuses the chain from `b`, which comes back to `b` through `a`
    // (`_validate_source_profile`: only a profile naming itself may come back to its keys).
    let config = "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n\n\
                  [profile b]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = a\n";
    let found = |names: &[&str]| -> Vec<(String, String)> {
        (names.iter())
            .map(|n| (n.to_string(), "source_profile_loop".to_string()))
            .collect()
    };
    assert_eq!(doctor_findings(config, None), found(&["a", "b"]));
    let keys = "[b]\naws_access_key_id = A\naws_secret_access_key = S\n";
    assert_eq!(doctor_findings(config, Some(keys)), found(&["b"]));
}

#[test]
fn a_role_whose_source_the_credentials_file_gives_has_one() {
    let config = "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n";
    assert_eq!(doctor_codes(config, None), ["role_arn_without_source"]);
    let source = "[admin]\nsource_profile = keys\n[keys]\naws_access_key_id = A\n\
                  aws_secret_access_key = S\n";
    assert_eq!(doctor_codes(config, Some(source)), Vec::<String>::new());
}

/// A role the credentials file gives a config profile is one to both readers, before its SSO
/// settings: without a source in either file it is refused, and the profile's missing SSO keys
/// are not what fails.
#[test]
fn a_role_the_credentials_file_gives_comes_before_sso_settings() {
    let config = "[profile dev]\nsso_account_id = 111111111111\n";
    assert_eq!(doctor_codes(config, None), ["missing_sso_keys"]);
    let role = "[dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\n";
    assert_eq!(
        doctor_codes(config, Some(role)),
        ["role_arn_without_source"]
    );
    let sourced = format!(
        "{role}source_profile = keys\n[keys]\naws_access_key_id = A\n\
                           aws_secret_access_key = S\n"
    );
    assert_eq!(doctor_codes(config, Some(&sourced)), Vec::<String>::new());
}

/// Legacy profiles the credentials file alone makes (its `sso_start_url`, no `sso_session`) stay
/// legacy after the config's migration: a warning names them and the file, in the summary and in
/// JSON, so a run that leaves them is not reported as if nothing legacy were left. `dev`, whose
/// legacy keys the config has too, is skipped for that file instead, and `static` is no SSO
/// profile.
#[test]
fn legacy_profiles_of_the_credentials_file_alone_are_named_in_a_warning() {
    let credentials = format!(
        "{CREDENTIALS}\n[ci]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n\
         sso_account_id = 222222222222\nsso_role_name = Deploy\n\n[legacy-tool]\n\
         sso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n"
    );
    let doc = report_with(&credentials);
    let file = &doc["files"][0];
    assert_eq!(file["status"], "would-change", "{doc:#}");
    assert_eq!(file["skipped"][0]["profile"], "dev", "{doc:#}");
    let warnings = file["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{doc:#}");
    assert_eq!(warnings[0]["code"], "legacy_in_credentials_file");
    assert_eq!(
        warnings[0]["details"]["profiles"],
        serde_json::json!(["ci", "legacy-tool"])
    );
    let r = Test::new()
        .config(CONFIG)
        .file(".aws/credentials", &credentials)
        .args(["--color", "never", ".aws/config"])
        .run()
        .status(0);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_binary_snapshot!("credentials-file-legacy-profiles.txt", r.output.stderr.clone());
    });
    // Without the credentials file's legacy profiles, no warning.
    let doc = report_with(CREDENTIALS);
    assert_eq!(
        doc["files"][0]["warnings"],
        serde_json::json!([]),
        "{doc:#}"
    );
}
