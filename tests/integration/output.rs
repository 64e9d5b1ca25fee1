//! What a person sees beyond the fixtures: `--help` and `-h`, every rendered error and refusal
//! (snapshots), the man page and completions, colour on a terminal and none in a pipe or with
//! `NO_COLOR`, and stderr that stays small and free of raw control characters whatever the file
//! holds.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::support::{Run, Test, bin, legacy_profiles};

const LEGACY: &str = "[profile dev]\nsso_start_url = https://acme.awsapps.com/start\n\
                      sso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = R\n";

fn snapshot(name: &str, bytes: &[u8]) {
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_binary_snapshot!(&format!("{name}.txt"), bytes.to_vec());
    });
}

#[test]
fn help_long_and_short() {
    let long = Test::new().args(["--help"]).run().status(0);
    snapshot("help-long", &long.output.stdout);
    assert!(long.stdout().contains("Examples:"));
    let short = Test::new().args(["-h"]).run().status(0);
    snapshot("help-short", &short.output.stdout);
    assert!(!short.stdout().contains("Examples:"));
    assert!(short.output.stdout.len() < long.output.stdout.len());
    // Wrapped to the width clap uses without a terminal (100 columns at most).
    assert!(long.stdout().lines().all(|l| l.chars().count() <= 100));
}

/// One config per refusal code, each snapshotted as the user sees it.
#[test]
fn every_refusal_is_rendered_like_a_compiler_error() {
    let cases: [(&str, &[u8]); 16] = [
        ("not_a_config", b"[a]\nk = 1\n"),
        ("byte_order_mark", b"\xEF\xBB\xBF[profile a]\nk = 1\n"),
        ("not_utf8", b"[profile caf\xE9]\nregion = eu-west-1\n"),
        ("key_before_section", b"region = eu-west-1\n[profile a]\n"),
        ("not_key_value", b"[profile a]\nregion eu-west-1\n"),
        ("empty_key", b"[profile a]\n = eu-west-1\n"),
        ("duplicate_key", b"[profile a]\nregion = a\nRegion = b\n"),
        ("duplicate_section", b"[profile a]\n[b]\n[profile a]\n"),
        (
            "nested_line_without_equals",
            b"[profile a]\ns3 =\n  max_concurrency 10\n",
        ),
        // An ambiguity is refused only where the migration would have to touch it.
        (
            "same_section_twice",
            b"[default]\nregion = a\n[profile default]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n",
        ),
        (
            "merged_by_other_sdks",
            b"[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n[ profile dev ]\n",
        ),
        ("lone_carriage_return", b"[profile a]\rregion = a\n"),
        (
            "incomplete_header",
            b"[profile a]\n[https://acme.awsapps.com/start\n",
        ),
        ("indented_header", b"[profile a]\n  [profile b]\n"),
        ("glued_comment", b"[profile a]\n[profile b];c\n"),
        (
            "unusual_whitespace",
            "[profile a]\nregion =\u{a0}eu-west-1\n".as_bytes(),
        ),
    ];
    for (code, config) in cases {
        let config = if code == "not_a_config" {
            [config, &vec![b'x'; 70_000][..], b"\n"].concat()
        } else {
            config.to_vec()
        };
        let r = Test::new()
            .file("config", &config)
            .args(["--color", "never", "config"])
            .run()
            .status(2);
        assert!(
            r.stderr().starts_with(&format!("error[{code}]")),
            "{code}: {}",
            r.stderr()
        );
        snapshot(&format!("refusal-{code}"), &r.output.stderr);
    }
}

#[test]
fn every_other_error_is_rendered() {
    let run = |t: Test| -> Run { t.run().status(2) };
    let cases: Vec<(&str, Run)> = vec![
        (
            "read",
            run(Test::new().args(["--color", "never", "missing/config"])),
        ),
        (
            "unknown_profile",
            run(Test::new()
                .file("config", LEGACY)
                .args(["--color", "never", "--profile", "nope", "config"])),
        ),
        (
            "ambiguous_session_name",
            run(Test::new()
                .file(
                    "config",
                    format!(
                        "{LEGACY}[profile b]\nsso_start_url = https://b.awsapps.com/start\n\
                         sso_region = us-east-1\n"
                    ),
                )
                .args(["--color", "never", "--session-name", "corp", "config"])),
        ),
        (
            "session_name_taken",
            run(Test::new()
                .file("config", format!("{LEGACY}[profile corp]\nregion = x\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"))
                .args(["--color", "never", "--session-name", "corp", "config"])),
        ),
        (
            "usage",
            run(Test::new().args(["--color", "never", "--session-name", "a b", "config"])),
        ),
        (
            "no_backup",
            run(Test::new()
                .file("config", LEGACY)
                .args(["--color", "never", "--restore", "config"])),
        ),
        (
            "not_regular",
            run(Test::new()
                .file("dir/x", "")
                .args(["--color", "never", "dir"])),
        ),
        (
            "too_large",
            run(Test::new()
                .file("config", LEGACY)
                .args(["--color", "never", "--max-size", "10", "config"])),
        ),
    ];
    for (name, r) in cases {
        assert!(r.stderr().starts_with("error"), "{name}: {}", r.stderr());
        snapshot(&format!("error-{name}"), &r.output.stderr);
    }
}

#[test]
fn man_page_and_completions() {
    let expect = [
        ("man", ".TH aws-sso-migrate"),
        ("complete-bash", "complete -F"),
        ("complete-zsh", "#compdef aws-sso-migrate"),
        ("complete-fish", "complete -c aws-sso-migrate"),
        ("complete-powershell", "Register-ArgumentCompleter"),
        (
            "complete-elvish",
            "edit:completion:arg-completer[aws-sso-migrate]",
        ),
    ];
    for (what, needle) in expect {
        let r = Test::new().args(["--generate", what]).run().status(0);
        assert!(r.stdout().contains(needle), "{what}: {}", r.stdout());
        assert!(r.stdout().contains("format"), "{what} lists the options");
        assert_eq!(r.output.stderr, b"", "{what}");
    }
    Test::new()
        .args(["--generate", "man", "--write"])
        .run()
        .status(2);
}

/// A reader that goes away (`| head -1`) is not an error.
#[test]
fn a_closed_pipe_is_not_an_error() {
    for args in [
        &["--generate", "man"][..],
        &["--format", "json"][..],
        &[][..],
    ] {
        let t = Test::new().config(LEGACY);
        let mut cmd = t.command();
        cmd.args(args);
        let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            out.stderr.escape_ascii()
        );
    }
}

/// Runs the binary under `script`, which gives it a pseudo-terminal for stdout and stderr.
fn on_a_terminal(t: &Test, extra_env: &[(&str, &str)]) -> Vec<u8> {
    on_a_terminal_with(t, "--format tree", extra_env)
}

/// [`on_a_terminal`] with the arguments `args` (words for `sh`).
fn on_a_terminal_with(t: &Test, args: &str, extra_env: &[(&str, &str)]) -> Vec<u8> {
    let command = format!("{} {args}", bin().display());
    let mut cmd = Command::new("script");
    cmd.args(["-qefc", &command, "/dev/null"])
        .current_dir(t.path())
        .env("HOME", t.path())
        .env("AWS_CONFIG_FILE", t.config_path())
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("`script` (util-linux) is installed");
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    assert!(child.wait().unwrap().success());
    out
}

#[test]
fn colour_on_a_terminal_and_none_in_a_pipe_or_with_no_color() {
    let t = Test::new().config(LEGACY);
    let tty = on_a_terminal(&t, &[]);
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(
        has(&tty, b"\x1b[1m\x1b[36m[sso-session acme]"),
        "{}",
        tty.escape_ascii()
    );
    let no_color = on_a_terminal(&t, &[("NO_COLOR", "1")]);
    assert!(!no_color.contains(&0x1b), "{}", no_color.escape_ascii());
    assert!(
        has(&no_color, "└── [sso-session acme] new".as_bytes()),
        "{}",
        no_color.escape_ascii()
    );
    let piped = t.args(["--format", "tree"]).run().status(0);
    assert!(!piped.output.stdout.contains(&0x1b));
    assert!(!piped.output.stderr.contains(&0x1b));
}

/// The escape sequences and controls in `fixtures/terminal-sequences` (a pasted coloured
/// prompt, a title, a screen clear, a line erase, a C1 CSI, a bidi override, a zero-width
/// space): on a terminal the diff and `config` show them escaped, coloured or not, so none can
/// hide or fake a line a person reviews; a tab stays a tab. In a pipe both are the file's bytes
/// (the fixture tests check that `patch` and `config` give the migrated file byte for byte).
#[test]
fn the_files_own_sequences_reach_a_terminal_escaped() {
    let config =
        std::fs::read(crate::support::repo().join("fixtures/terminal-sequences/config")).unwrap();
    let t = Test::new().config(&config);
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    for args in [".aws/config", "--format config .aws/config"] {
        for env in [&[][..], &[("NO_COLOR", "1")][..]] {
            let out = on_a_terminal_with(&t, args, env);
            let show = || format!("{args} {env:?}: {}", out.escape_ascii());
            for escaped in [
                &br"\e[1;31mred\e[0m"[..],
                br"\e]0;owned\x07",
                br"\e[2J\e[H",
                br"\e[8mhidden\e[0m",
                br"\x9B2J",
                br"x\x08",
                br"\u{202e}live\u{202c}",
                br"x\u{200b}y",
                b"a tab\there",
                br"\e[2K\e[1A",
            ] {
                assert!(
                    has(&out, escaped),
                    "{} missing in {}",
                    escaped.escape_ascii(),
                    show()
                );
            }
            // The tool's own colour codes are the only `ESC`s, and there is no other control
            // but the line endings (the terminal writes CRLF) and the tab.
            let mut rest = out.clone();
            for code in ["\x1b[0m", "\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[36m"] {
                while let Some(i) = rest.windows(code.len()).position(|w| w == code.as_bytes()) {
                    rest.drain(i..i + code.len());
                }
            }
            if !env.is_empty() {
                assert_eq!(rest, out, "a colour code with NO_COLOR: {}", show());
            }
            let controls = rest
                .iter()
                .filter(|&&b| (b < 0x20 && !b"\t\r\n".contains(&b)) || b == 0x7f);
            assert_eq!(controls.count(), 0, "{}", show());
            assert!(
                !has(&rest, "\u{9b}".as_bytes()) && !has(&rest, "\u{202e}".as_bytes()),
                "{}",
                show()
            );
        }
    }
    snapshot(
        "terminal-sequences-diff-on-a-terminal",
        &on_a_terminal_with(&t, ".aws/config", &[("NO_COLOR", "1")]),
    );
    // A coloured diff in a pipe is for a pager that shows colour codes (`less -R`): escaped
    // too, where the plain one is the file's bytes.
    let piped = |colour: &str| {
        (Test::new().config(&config))
            .args(["--color", colour, ".aws/config"])
            .run()
            .status(0)
            .output
            .stdout
    };
    let (coloured, plain) = (piped("always"), piped("never"));
    assert!(
        has(&coloured, br"\e[2J\e[H") && !has(&coloured, b"\x1b[2J"),
        "{}",
        coloured.escape_ascii()
    );
    assert!(has(&plain, b"\x1b[2J\x1b[H") && !has(&plain, br"\e[2J"));
}

/// No byte below 0x20 but `\n` (and no DEL) on stderr.
fn assert_no_raw_controls(stderr: &[u8]) {
    if let Some(b) = stderr
        .iter()
        .find(|&&b| (b < 0x20 && b != b'\n') || b == 0x7f)
    {
        panic!("raw control byte {b:#04x} in {}", stderr.escape_ascii());
    }
    // C1 controls (U+0080 to U+009F: `\u{9b}` is a CSI) in UTF-8.
    if let Some(w) = stderr
        .windows(2)
        .find(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]))
    {
        panic!("raw C1 control {w:02x?} in {}", stderr.escape_ascii());
    }
}

#[test]
fn a_200_mb_junk_line_gives_one_short_line() {
    let mut junk = b"[profile a]\nk = ".to_vec();
    junk.resize(200 * 1024 * 1024, b'\x1b');
    junk.push(b'\n');
    let r = Test::new().config(junk).run().status(2);
    assert!(r.output.stderr.len() < 10_000);
    assert_eq!(r.output.stderr.iter().filter(|&&b| b == b'\n').count(), 1);
    assert!(r.stderr().contains("does not look like an AWS config file"));
    assert_no_raw_controls(&r.output.stderr);
}

#[test]
fn escape_sequences_in_a_file_never_reach_the_terminal() {
    let evil = "\x1b]0;owned\x07\x1b[2J\u{202e}\r";
    // A valid file: names, URLs and values with escape sequences, many of them.
    let mut config = String::new();
    for i in 0..500 {
        config.push_str(&format!(
            "[profile p{i}{evil}]\nsso_start_url = https://acme.awsapps.com/start{evil}\n\
             sso_region = us-east-1\n[profile q{i}]\nsso_start_url = https://x{i}.awsapps.com/start\n\
             sso_region = us-east-1{evil}\nsso_account_id = 1\nsso_role_name = {evil}\n"
        ));
    }
    let r = Test::new()
        .config(&config)
        .args(["--color", "never"])
        .run()
        .status(2);
    assert!(
        r.output.stderr.len() < 10_000,
        "{} bytes",
        r.output.stderr.len()
    );
    assert_no_raw_controls(&r.output.stderr);
    // A file that migrates: escape sequences in names (without `;`, `#`, `[` or `]`, which
    // would end a header for the other SDKs or make it none: a CSI is the C1 control, a reset
    // `ESC c`) and values; the summary shows every one escaped.
    let name = "\x1bc\u{9b}2J\u{9b}31m\u{202e}\x07\x08";
    let value = "\x1b]0;owned\x07\x1b[2J\u{202e}";
    let mut config = String::new();
    for i in 0..500 {
        config.push_str(&format!(
            "[profile p{i}{name}]\nsso_start_url = https://acme.awsapps.com/start{value}\n\
             sso_region = us-east-1\n[profile q{i}{name}]\nsso_start_url = https://x{i}.awsapps.com/start\n\
             sso_region = us-east-1{value}\nsso_account_id = 1\nsso_role_name = {value}\n"
        ));
    }
    let r = Test::new()
        .config(&config)
        .args(["--color", "never"])
        .run()
        .status(0);
    assert!(
        r.output.stderr.len() < 10_000,
        "{} bytes",
        r.output.stderr.len()
    );
    assert_no_raw_controls(&r.output.stderr);
    for shown in [
        r"\e]0;owned\x07\e[2J\u{202e}",
        r"p0\ec\x9B2J\x9B31m\u{202e}\x07\x08",
    ] {
        assert!(r.stderr().contains(shown), "{shown}: {}", r.stderr());
    }
    for format in ["tree", "mermaid", "json"] {
        let r = Test::new()
            .config(&config)
            .args(["--color", "never", "--format", format])
            .run()
            .status(0);
        if format == "json" {
            assert_eq!(r.output.stderr, b"");
        } else {
            assert_no_raw_controls(&r.output.stdout);
            assert_no_raw_controls(&r.output.stderr);
            assert!(r.stderr().contains("would migrate"), "{}", r.stderr());
        }
    }
}

#[test]
fn a_dry_run_ends_with_the_command_that_applies_it() {
    let r = Test::new()
        .file("my configs/config", LEGACY)
        .args([
            "--color",
            "never",
            "--profile",
            "dev",
            "--no-scopes",
            "my configs/config",
        ])
        .run()
        .status(0);
    assert!(
        r.stderr().ends_with(
            "to apply: aws-sso-migrate --write --profile dev --no-scopes 'my configs/config'\n"
        ),
        "{}",
        r.stderr()
    );
    // Everything the write needs comes along, and a file that reads as an option is kept apart.
    let r = Test::new()
        .file("-x", LEGACY)
        .args(["--color", "never", "--carry-tokens", "--", "-x"])
        .run()
        .status(0);
    assert!(
        r.stderr()
            .ends_with("to apply: aws-sso-migrate --write --carry-tokens -- -x\n"),
        "{}",
        r.stderr()
    );
    // Standard input cannot be written: no command, no login advice.
    let r = Test::new()
        .stdin(LEGACY)
        .args(["--color", "never", "-"])
        .run()
        .status(0);
    assert!(!r.stderr().contains("to apply"), "{}", r.stderr());
    assert!(!r.stderr().contains("aws sso login"), "{}", r.stderr());
    // A write says what it did instead.
    let r = Test::new()
        .config(LEGACY)
        .args(["--color", "never", "--write"])
        .run()
        .status(0);
    assert!(!r.stderr().contains("to apply"), "{}", r.stderr());
}

#[test]
fn a_diff_of_megabytes_is_whole_in_a_pipe_and_a_file_and_applies() {
    let config = legacy_profiles(8000).into_bytes();
    let t = Test::new().config(&config);
    let piped = t.run().status(0).output.stdout;
    assert!(piped.len() > 1 << 20, "{} bytes", piped.len());
    let to_file = t.path().join("diff");
    let mut cmd = t.command();
    cmd.stdout(std::fs::File::create(&to_file).unwrap());
    let status = cmd.status().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        std::fs::read(&to_file).unwrap() == piped,
        "the file differs"
    );
    let migrated = crate::support::migrated(&config);
    let patched = crate::fixtures::patched(&config, &piped).expect("patch applies");
    assert!(patched == migrated, "the patched file differs");
}

#[test]
fn a_pipe_closed_after_the_first_megabyte_is_not_an_error() {
    let t = Test::new().config(legacy_profiles(8000));
    let mut child = t.command().stdout(Stdio::piped()).spawn().unwrap();
    let mut first = vec![0; (1 << 20) + 4096];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr.escape_ascii());
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_a_large_diff_with_its_reason() {
    let t = Test::new().config(legacy_profiles(8000));
    let mut cmd = t.command();
    cmd.stdout(
        std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    );
    let run = t.run_command(cmd).status(2);
    let err = &run.output.stderr;
    let want: &[u8] = b"error: cannot write output: No space left on device (os error 28)\n";
    assert!(err.ends_with(want), "{}", err.escape_ascii());
}

/// Two headers botocore reads as one sso-session, spelled apart (`[sso-session  corp]`): botocore
/// uses the later, and the AWS SDK for Rust merges them in an order that changes from run to run
/// (found by its check on a fuzzed file, where a key both set was read from either). The
/// migration leaves them as they are and says so, with what each reader does, in its summary
/// and in the check-up.
#[test]
fn a_session_spelled_twice_is_left_with_what_each_reader_makes_of_it() {
    let config = format!(
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
         sso_region = us-east-1\n\n[sso-session  corp]\n\
         sso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n\n{LEGACY}"
    );
    let test = Test::new().file("config", &config);
    let summary = test
        .run_command({
            let mut cmd = test.command();
            cmd.args(["--color", "never", "config"]);
            cmd
        })
        .status(0);
    snapshot("session-spelled-twice-stderr", &summary.output.stderr);
    let doctor = test
        .run_command({
            let mut cmd = test.command();
            cmd.args(["--doctor", "--color", "never", "config"]);
            cmd
        })
        .status(1);
    snapshot("session-spelled-twice-doctor", &doctor.output.stdout);
    let said = "the AWS SDK for Rust merges the two, in an order that changes from run to run \
                (where both set a key, either value may be read)";
    for out in [&summary.output.stderr, &doctor.output.stdout] {
        let text = std::str::from_utf8(out).unwrap();
        assert!(text.contains(said), "{text}");
    }
}
