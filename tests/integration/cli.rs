//! The command-line contract: default file, stdin, exit codes, `--check`, `--quiet`,
//! `--format`, `--profile`, `--session-name`, `--scopes`, colour, several files.

use crate::support::Test;

const LEGACY: &str = "[profile dev]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = ReadOnly
";

const TWO_PORTALS: &str = "[profile a]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1
sso_role_name = R

[profile b]
sso_start_url = https://d-9067a1b2c3.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 2
sso_role_name = R
";

#[test]
fn dry_run_reads_aws_config_file_and_changes_nothing() {
    let t = Test::new().config(LEGACY).args(["--color", "never"]);
    let r = t.run().status(0);
    let config = t.config_path().display().to_string();
    let r = r
        .stdout_has(&format!("--- {config}\n+++ {config}\n"))
        .stdout_has("+sso_session = acme\n")
        .stderr_has("would migrate 1 profile into 1 sso-session")
        .stderr_has("aws sso login --sso-session acme");
    assert!(r.stdout().contains("+[sso-session acme]\n"));
    assert_eq!(std::fs::read_to_string(t.config_path()).unwrap(), LEGACY);
}

#[test]
fn without_aws_config_file_it_reads_home_aws_config() {
    let t = Test::new().config(LEGACY);
    t.env_remove("AWS_CONFIG_FILE")
        .args(["--check"])
        .run()
        .status(1)
        .stdout_has("+sso_session = acme");
}

#[test]
fn aws_config_file_wins_over_home() {
    let t = Test::new()
        .config(LEGACY)
        .file("other", "[default]\nregion = x\n");
    let other = t.path().join("other").display().to_string();
    t.env("AWS_CONFIG_FILE", &other)
        .args(["--check"])
        .run()
        .status(0)
        .stdout_is("");
}

#[test]
fn dash_reads_stdin() {
    Test::new()
        .stdin(LEGACY)
        .args(["--color", "never", "-"])
        .run()
        .status(0)
        .stdout_has("--- <stdin>\n+++ <stdin>\n")
        .stderr_has("<stdin>: would migrate 1 profile");
    Test::new()
        .stdin(LEGACY)
        .args(["--format", "config", "-"])
        .run()
        .status(0)
        .stdout_has("[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\n");
}

#[test]
fn nothing_to_change_prints_nothing_on_stdout() {
    Test::new()
        .config("[default]\nregion = us-east-1\n")
        .args(["--check"])
        .run()
        .status(0)
        .stdout_is("")
        .stderr_has("nothing to migrate");
}

#[test]
fn check_exits_1_and_still_prints_the_diff_unless_quiet() {
    Test::new()
        .config(LEGACY)
        .args(["--check"])
        .run()
        .status(1)
        .stdout_has("+sso_session = acme");
    let r = Test::new()
        .config(LEGACY)
        .args(["--check", "--quiet"])
        .run()
        .status(1)
        .stdout_is("");
    assert_eq!(r.stderr(), "");
}

#[test]
fn format_config_prints_the_whole_file_for_one_file_only() {
    Test::new()
        .config(LEGACY)
        .args(["--format", "config"])
        .run()
        .status(0)
        .stdout_is(
            "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = \
             us-east-1\nsso_registration_scopes = sso:account:access\n\n[profile dev]\nsso_session \
             = acme\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n",
        );
    Test::new()
        .file("a", LEGACY)
        .file("b", LEGACY)
        .args(["--format", "config", "a", "b"])
        .run()
        .status(2)
        .stderr_has("--format config prints one whole file, but 2 files were given");
}

#[test]
fn errors_exit_2_naming_the_file() {
    Test::new()
        .args(["missing"])
        .run()
        .status(2)
        .stderr_has("cannot read `missing`");
    Test::new()
        .file("dir/x", "")
        .args(["dir"])
        .run()
        .status(2)
        .stderr_has("cannot read `dir`");
    Test::new()
        .args(["--no-such-flag"])
        .run()
        .status(2)
        .stderr_has("--no-such-flag");
    Test::new()
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("HOME")
        .run()
        .status(2)
        .stderr_has("neither AWS_CONFIG_FILE nor HOME");
}

#[test]
fn help_and_version_exit_0() {
    Test::new()
        .args(["--help"])
        .run()
        .status(0)
        .stdout_has("--session-name <NAME|URL=NAME>")
        .stdout_has("Exit status: 0");
    Test::new()
        .args(["--version"])
        .run()
        .status(0)
        .stdout_has(env!("CARGO_PKG_VERSION"));
}

#[test]
fn profile_limits_the_migration_and_rejects_unknown_names() {
    let r = Test::new()
        .config(TWO_PORTALS)
        .args(["--format", "config", "--profile", "b"])
        .run()
        .status(0);
    let out = r.stdout();
    assert!(out.contains("[profile a]\nsso_start_url = https://acme.awsapps.com/start\n"));
    assert!(out.contains("[profile b]\nsso_session = d-9067a1b2c3\n"));
    Test::new()
        .config(TWO_PORTALS)
        .args(["--profile", "nope"])
        .run()
        .status(2)
        .stderr_has("no profile `nope`");
}

#[test]
fn session_name_overrides() {
    Test::new()
        .config(LEGACY)
        .args(["--format", "config", "--session-name", "corp"])
        .run()
        .status(0)
        .stdout_has("[sso-session corp]\n")
        .stdout_has("sso_session = corp\n");
    Test::new()
        .config(TWO_PORTALS)
        .args(["--session-name", "corp"])
        .run()
        .status(2)
        .stderr_has("needs exactly one portal, but 2");
    Test::new()
        .config(TWO_PORTALS)
        .args([
            "--format",
            "config",
            "--session-name",
            "https://ACME.awsapps.com/start/=acme-corp",
            "--session-name",
            "https://d-9067a1b2c3.awsapps.com/start=emea",
        ])
        .run()
        .status(0)
        .stdout_has("sso_session = acme-corp\n")
        .stdout_has("sso_session = emea\n");
    Test::new()
        .config(LEGACY)
        .args(["--session-name", "has space"])
        .run()
        .status(2)
        .stderr_has("invalid session name `has space`");
    Test::new()
        .config(format!(
            "{LEGACY}\n[sso-session corp]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n"
        ))
        .args(["--session-name", "corp"])
        .run()
        .status(2)
        .stderr_has("`corp` is already taken");
}

#[test]
fn scopes_can_be_set_or_left_out() {
    Test::new()
        .config(LEGACY)
        .args([
            "--format",
            "config",
            "--scopes",
            "sso:account:access,codewhisperer:completions",
        ])
        .run()
        .status(0)
        .stdout_has("sso_registration_scopes = sso:account:access,codewhisperer:completions\n");
    let r = Test::new()
        .config(LEGACY)
        .args(["--format", "config", "--no-scopes"])
        .run()
        .status(0);
    assert!(!r.stdout().contains("sso_registration_scopes"));
    Test::new()
        .config(LEGACY)
        .args(["--scopes", "a b"])
        .run()
        .status(2)
        .stderr_has("invalid --scopes");
    Test::new()
        .config(LEGACY)
        .args(["--scopes", "x", "--no-scopes"])
        .run()
        .status(2);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let coloured = Test::new()
        .config(LEGACY)
        .args(["--color", "always"])
        .run()
        .status(0);
    assert!(
        coloured.stdout().contains("\u{1b}["),
        "no colour with --color always"
    );
    // The diff's lines, not only its headers: the removed ones red, the added ones green.
    for line in [
        "\u{1b}[31m-sso_region = us-east-1",
        "\u{1b}[32m+sso_session = acme",
    ] {
        assert!(coloured.stdout().contains(line), "{line:?} not coloured");
    }
    let piped = Test::new().config(LEGACY).run().status(0);
    assert!(!piped.stdout().contains('\u{1b}'), "colour on a pipe");
    let no_color = Test::new()
        .config(LEGACY)
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .run()
        .status(0);
    assert!(
        !no_color.stdout().contains('\u{1b}'),
        "colour despite NO_COLOR"
    );
}

#[test]
fn several_files_are_handled_one_by_one() {
    let r = Test::new()
        .file("a/config", LEGACY)
        .file("b/config", "[profile x]\n[profile x]\n")
        .file("c/config", "[default]\nregion = x\n")
        .args([
            "--check", "--color", "never", "a/config", "b/config", "c/config",
        ])
        .run()
        .status(2)
        .stdout_has("--- a/config\n+++ a/config\n");
    assert!(!r.stdout().contains("b/config"));
    // One line per file on stderr, then the logins per file and the count.
    assert_eq!(
        r.stderr(),
        "a/config: would migrate 1 profile into 1 sso-session\n\
         b/config: error[unreadable]: not migrated, the AWS CLI cannot read it (1 problem; line 2: \
         section `[profile x]` appears twice (first at line 1)); left as it was\n\
         c/config: clean\n\
         next: after writing (--write), log in once per session (cached legacy tokens are keyed \
         by the start URL and are not found under a session):\n  \
         a/config: aws sso login --sso-session acme\n\
         3 files: 1 clean, 1 would change, 1 failed\n\
         to apply: aws-sso-migrate --write a/config\n"
    );
    // --verbose: every file's full summary and errors.
    Test::new()
        .file("a/config", LEGACY)
        .file("b/config", "[profile x]\n[profile x]\n")
        .args(["--check", "--color", "never", "-v", "a/config", "b/config"])
        .run()
        .status(2)
        .stderr_has("  [sso-session acme] (new, above line 1)")
        .stderr_has("section `[profile x]` appears twice (first at line 1)\n --> b/config:2:1\n");
}

#[test]
fn no_file_given_and_no_config_is_nothing_to_do() {
    let t = Test::new().args(["--color", "never"]);
    let r = t.run().status(0).stdout_is("");
    assert_eq!(
        r.stderr(),
        format!(
            "{}: no config file here; nothing to do\n",
            t.config_path().display()
        )
    );
    let r = Test::new().args(["--format", "json"]).run().status(0);
    let doc: serde_json::Value = serde_json::from_slice(&r.output.stdout).unwrap();
    assert_eq!(doc["files"][0]["status"], "absent");
    assert_eq!(doc["summary"]["absent"], 1);
    let r = Test::new()
        .args(["--format", "tree", "--color", "never"])
        .run()
        .status(0);
    assert!(
        r.stdout().ends_with("└── no config file here\n"),
        "{}",
        r.stdout()
    );
    // A file the user names must exist, and a default that exists but cannot be read is an error.
    Test::new().args(["missing"]).run().status(2);
    Test::new()
        .config("")
        .env("AWS_CONFIG_FILE", "/nonexistent/dir/config")
        .run()
        .status(0)
        .stderr_has("no config file here");
}

#[test]
fn the_summary_lists_respelled_start_urls_and_two_regions() {
    Test::new()
        .config(
            "[profile a]\nsso_start_url = https://acme.awsapps.com/start/\nsso_region = us-east-1\n\
             [profile b]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n\
             [profile c]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n\
             [profile d]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n",
        )
        .args(["--color", "never"])
        .run()
        .status(0)
        .stderr_has("respelled: profile a used https://acme.awsapps.com/start/; its session uses https://acme.awsapps.com/start")
        .stderr_has("[sso-session acme-eu-west-1]")
        .stderr_has("2 SSO regions (us-east-1, eu-west-1)");
}

#[test]
fn a_binary_file_gets_one_error_with_the_first_bad_byte() {
    let junk: Vec<u8> = (0..40)
        .flat_map(|i| [b'a' + (i % 26) as u8, 0xff, b'\n'])
        .collect();
    let r = Test::new()
        .config(junk)
        .args(["--color", "never"])
        .run()
        .status(2);
    let err = r.stderr();
    assert_eq!(err.matches("error[").count(), 2, "{err}");
    assert!(
        err.starts_with(
            "error[not_utf8]: the AWS CLI cannot read this file: byte 0xFF at column 2 is not UTF-8\n"
        ),
        "{err}"
    );
    assert!(err.contains("1 | a\\xFF\n  |  ^^^^\n"), "{err}");
    assert!(err.contains("iconv -f latin1 -t utf-8"), "{err}");
}

#[test]
fn a_file_with_many_problems_shows_the_first_ten_and_counts_the_rest() {
    let junk: String = (0..40).map(|i| format!("junk{i}\n")).collect();
    let r = Test::new()
        .config(format!("[a]\n{junk}"))
        .args(["--color", "never"])
        .run()
        .status(2);
    let err = r.stderr();
    assert_eq!(err.matches("error[not_key_value]").count(), 10, "{err}");
    assert!(
        err.contains("note: and 30 more problems not shown"),
        "{err}"
    );
    assert!(err.contains("(40 problems)"), "{err}");
}
