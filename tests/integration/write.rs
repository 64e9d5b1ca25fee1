//! `--write` and `--restore`: backups, atomic replace, permissions, symlinks, the file changing
//! underneath, errors that leave the original untouched, crashes, and several files at once.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{Test, is_root, legacy_profiles};

pub const LEGACY: &str = "# my accounts\n[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n";

pub fn migrated() -> Vec<u8> {
    crate::support::migrated(LEGACY)
}

pub fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

/// This tool's backups of `config` in `dir` (`config.aws-sso-migrate-TIME[-N].bak`), oldest
/// first.
pub fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<(String, u32, PathBuf)> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            let rest = name
                .strip_prefix("config.aws-sso-migrate-")?
                .strip_suffix(".bak")?;
            let (stamp, n) = match rest.split_once('-') {
                Some((s, n)) => (s.to_string(), n.parse().ok()?),
                None => (rest.to_string(), 1),
            };
            Some((stamp, n, dir.join(&name)))
        })
        .collect();
    v.sort();
    v.into_iter().map(|(_, _, p)| p).collect()
}

/// The one backup of `config` in `dir`.
pub fn only_backup(dir: &Path) -> PathBuf {
    let b = backups(dir);
    assert_eq!(b.len(), 1, "expected one backup, found {b:?}");
    b[0].clone()
}

pub fn name_of(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Names in `dir` other than `keep`: backups and stray temp files show up here.
pub fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    v.sort();
    v
}

#[test]
fn write_applies_the_dry_run_and_backs_up_first() {
    let dry = Test::new()
        .config(LEGACY)
        .args(["--color", "never"])
        .run()
        .status(0);
    let t = Test::new()
        .config(LEGACY)
        .args(["--write", "--color", "never"]);
    let r = t.run().status(0);
    let config = t.config_path().display().to_string();
    assert_eq!(r.stdout(), dry.stdout().replace(&dry_path(&dry), &config));
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    let aws = t.config_path().parent().unwrap().to_path_buf();
    let backup = only_backup(&aws);
    assert_eq!(fs::read(&backup).unwrap(), LEGACY.as_bytes());
    assert_eq!(others(&aws, &["config"]), [name_of(&backup)]);
    r.stderr_has("migrated 1 profile into 1 sso-session")
        .stderr_has(&format!("backup: {}", backup.display()))
        .stderr_has(&format!("(undo with: aws-sso-migrate --restore {config})"))
        .stderr_has("next: now, log in once per session")
        .stderr_has("aws sso login --sso-session acme");
}

/// A config of thousands of profiles, over 256 KiB, whose rewrite comes in thousands of pieces
/// (each profile's kept lines around its new `sso_session` line): `--write` writes them through
/// its buffer in many blocks and checks the file a block at a time, and the file it leaves is
/// exactly the dry run's `--format config`, the backup exactly the original. A comment with a
/// CRLF and a file without a final newline are in it, where a piece could join two lines.
#[test]
fn a_large_write_in_many_pieces_is_exactly_the_dry_run() {
    let config = format!(
        "# accounts\r\n{}[profile last]\nregion = us-east-1",
        legacy_profiles(4_000)
    );
    assert!(config.len() > 2 * 256 * 1024, "{}", config.len());
    let expected = crate::support::migrated(&config);
    assert_ne!(expected, config.as_bytes());
    let t = Test::new().config(&config).args(["--write", "--quiet"]);
    t.run().status(0);
    assert!(fs::read(t.config_path()).unwrap() == expected);
    let backup = only_backup(t.config_path().parent().unwrap());
    assert!(fs::read(&backup).unwrap() == config.as_bytes());
}

/// A write shown as a tree or a diagram says what it did on stderr as the diff's does: the
/// summary, the backup and how to undo it, and the logins to run next (these formats said
/// nothing there, so a write left no word of its backup).
#[test]
fn a_write_drawn_as_a_picture_says_where_its_backup_is() {
    for format in ["tree", "mermaid"] {
        let t = Test::new()
            .config(LEGACY)
            .args(["--write", "--color", "never", "--format", format]);
        let r = t.run().status(0);
        assert_eq!(fs::read(t.config_path()).unwrap(), migrated(), "{format}");
        let backup = only_backup(t.config_path().parent().unwrap());
        let config = t.config_path().display().to_string();
        r.stdout_has("acme")
            .stderr_has("migrated 1 profile into 1 sso-session")
            .stderr_has(&format!("backup: {}", backup.display()))
            .stderr_has(&format!("(undo with: aws-sso-migrate --restore {config})"))
            .stderr_has("aws sso login --sso-session acme");
    }
}

/// The config path named in a dry run's diff header.
fn dry_path(r: &crate::support::Run) -> String {
    r.stdout().lines().next().unwrap()["--- ".len()..].to_string()
}

#[test]
fn the_mode_is_kept_on_the_new_file_and_the_backup_is_never_wider() {
    for original in [0o600, 0o640, 0o644] {
        let t = Test::new().config(LEGACY).args(["--write"]);
        fs::set_permissions(t.config_path(), fs::Permissions::from_mode(original)).unwrap();
        t.run().status(0);
        assert_eq!(mode(&t.config_path()), original);
        assert_eq!(
            mode(&only_backup(t.config_path().parent().unwrap())),
            original
        );
    }
}

#[test]
fn a_symlinked_config_stays_a_link_and_its_target_is_rewritten() {
    let t = Test::new()
        .file("dotfiles/aws/config", LEGACY)
        .args(["--write"]);
    fs::create_dir_all(t.path().join(".aws")).unwrap();
    // A relative target resolves against the link's directory.
    symlink("../dotfiles/aws/config", t.config_path()).unwrap();
    let r = t.run().status(0);
    let link = fs::symlink_metadata(t.config_path()).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        fs::read_link(t.config_path()).unwrap(),
        Path::new("../dotfiles/aws/config")
    );
    assert_eq!(t.read("dotfiles/aws/config"), migrated());
    assert_eq!(
        fs::read(only_backup(&t.path().join("dotfiles/aws"))).unwrap(),
        LEGACY.as_bytes()
    );
    assert!(backups(&t.path().join(".aws")).is_empty());
    r.stderr_has("is a symlink: kept it and rewrote");
}

#[test]
fn a_second_write_is_a_no_op_without_a_new_backup() {
    let t = Test::new().config(LEGACY).args(["--write"]);
    t.run().status(0);
    let after_first = fs::read(t.config_path()).unwrap();
    t.run()
        .status(0)
        .stdout_is("")
        .stderr_has("nothing to migrate");
    assert_eq!(fs::read(t.config_path()).unwrap(), after_first);
    let aws = t.config_path().parent().unwrap().to_path_buf();
    assert_eq!(others(&aws, &["config"]), [name_of(&only_backup(&aws))]);
}

/// `date -u +%Y%m%dT%H%M%SZ` for now plus `ahead` seconds.
pub fn stamp(ahead: u64) -> String {
    stamp_at(now() + ahead)
}

/// Seconds since the epoch.
fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The backup stamp of `secs` since the epoch, as the tool writes it (UTC).
fn stamp_at(secs: u64) -> String {
    let out = Command::new("date")
        .args(["-u", &format!("-d@{secs}"), "+%Y%m%dT%H%M%SZ"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn an_existing_backup_is_never_overwritten() {
    // Backups already taken for this second and the next 29 (the run may start seconds later
    // on a loaded machine), and one of an earlier version.
    let mut t = Test::new().config(LEGACY).file(".aws/config.bak", "old\n");
    let base = now();
    let taken: Vec<String> = (0..30)
        .map(|s| format!(".aws/config.aws-sso-migrate-{}.bak", stamp_at(base + s)))
        .collect();
    for name in &taken {
        t = t.file(name, "precious\n");
    }
    let t = t.args(["--write"]);
    let r = t.run().status(0);
    for name in &taken {
        assert_eq!(t.read(name), b"precious\n");
    }
    assert_eq!(t.read(".aws/config.bak"), b"old\n");
    let all = backups(&t.path().join(".aws"));
    assert_eq!(all.len(), taken.len() + 1, "{all:?}");
    let new: Vec<&PathBuf> = all
        .iter()
        .filter(|p| name_of(p).ends_with("-2.bak"))
        .collect();
    assert_eq!(new.len(), 1, "{all:?}");
    assert_eq!(fs::read(new[0]).unwrap(), LEGACY.as_bytes());
    r.stderr_has(&name_of(new[0]));
}

#[test]
fn no_backup_keeps_none() {
    let t = Test::new().config(LEGACY).args(["--write", "--no-backup"]);
    t.run().status(0).stderr_has("no backup kept");
    let aws = t.config_path().parent().unwrap().to_path_buf();
    assert!(others(&aws, &["config"]).is_empty());
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
}

/// Opens the FIFO the paused process is blocked on; returns once it is paused there. Bounded, so
/// a binary that never pauses fails the test instead of hanging it.
pub fn wait_until_paused(fifo: &Path) -> fs::File {
    use std::os::unix::fs::OpenOptionsExt;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        // Without a reader, a non-blocking open for writing fails (ENXIO) instead of waiting.
        match fs::OpenOptions::new()
            .write(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(fifo)
        {
            Ok(f) => return f,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5))
            }
            Err(e) => panic!(
                "the binary never paused at the test hook ({e}): was it built with the \
                 test-hooks feature?"
            ),
        }
    }
}

pub fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// Starts `t` with the test-only hook that pauses it at `stage`; returns once it is paused there,
/// with the FIFO whose closing lets it go on.
pub fn spawn_paused(t: &Test, stage: &str) -> (std::process::Child, fs::File) {
    let fifo = t.path().join("pause");
    mkfifo(&fifo);
    let mut cmd = t.command();
    cmd.env(
        "AWS_SSO_MIGRATE_TEST_PAUSE",
        format!("{stage}:{}", fifo.display()),
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    let release = wait_until_paused(&fifo);
    (child, release)
}

#[test]
fn a_file_changed_underneath_is_left_as_it_is() {
    let t = Test::new().config(LEGACY).args(["--write"]);
    let (child, release) = spawn_paused(&t, "before-replace");
    // Another editor (or `aws configure sso`) writes the file while we are about to replace it.
    let edited = format!("{LEGACY}[profile new]\nregion = eu-west-1\n");
    fs::write(t.config_path(), &edited).unwrap();
    drop(release);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("changed while it was being migrated"), "{err}");
    assert_eq!(fs::read_to_string(t.config_path()).unwrap(), edited);
    let aws = t.config_path().parent().unwrap().to_path_buf();
    assert!(
        others(&aws, &["config"]).is_empty(),
        "backup or temp file left behind"
    );
}

#[test]
fn an_unwritable_directory_leaves_the_original_untouched() {
    let t = Test::new().config(LEGACY).args(["--write"]);
    let aws = t.config_path().parent().unwrap().to_path_buf();
    if is_root() {
        // Let `nobody` reach and read the file, but not write the directory.
        fs::set_permissions(t.path(), fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::chown(&aws, Some(65534), Some(65534)).unwrap();
        std::os::unix::fs::chown(t.config_path(), Some(65534), Some(65534)).unwrap();
    }
    fs::set_permissions(&aws, fs::Permissions::from_mode(0o555)).unwrap();
    let r = t.run_command(t.command_unprivileged()).status(2);
    fs::set_permissions(&aws, fs::Permissions::from_mode(0o755)).unwrap();
    r.stderr_has(&format!("`{}`", t.config_path().display()))
        .stderr_has("Permission denied")
        .stderr_has("the file was left as it was");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    assert!(
        others(&aws, &["config"]).is_empty(),
        "backup or temp file left behind"
    );
}

#[test]
fn a_read_only_file_is_refused() {
    let t = Test::new().config(LEGACY).args(["--write"]);
    fs::set_permissions(t.config_path(), fs::Permissions::from_mode(0o444)).unwrap();
    t.run().status(2).stderr_has("is read-only (mode 444)");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    let aws = t.config_path().parent().unwrap().to_path_buf();
    assert!(others(&aws, &["config"]).is_empty());
}

#[test]
fn a_full_disk_leaves_the_original_untouched_and_no_temp_file() {
    let t = Test::new()
        .config(LEGACY)
        .env("AWS_SSO_MIGRATE_TEST_FAULT", "write")
        .args(["--write"]);
    t.run()
        .status(2)
        .stderr_has("cannot write `")
        .stderr_has("No space left on device");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    let aws = t.config_path().parent().unwrap().to_path_buf();
    assert!(
        others(&aws, &["config"]).is_empty(),
        "backup or temp file left behind"
    );
}

#[test]
fn missing_files_directories_and_stdin_are_errors() {
    Test::new()
        .args(["--write", "nope"])
        .run()
        .status(2)
        .stderr_has("cannot read `nope`");
    Test::new()
        .file("d/x", "")
        .args(["--write", "d"])
        .run()
        .status(2)
        .stderr_has("cannot read `d`");
    Test::new()
        .stdin(LEGACY)
        .args(["--write", "-"])
        .run()
        .status(2)
        .stderr_has("--write needs a file");
}

#[test]
fn restore_round_trip() {
    let t = Test::new().config(LEGACY).args(["--write"]);
    t.run().status(0);
    let new = fs::read(t.config_path()).unwrap();
    // `t` carries `--write`; --restore runs as its own command.
    let aws = t.path().join(".aws");
    let first = only_backup(&aws);
    let r = t.run_command(restore_cmd(&t)).status(0);
    r.stderr_has(&format!("restored from {};", first.display()))
        .stderr_has("saved as");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    let all = backups(&aws);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], first);
    assert_eq!(fs::read(&all[1]).unwrap(), new);
    // A restore can itself be undone.
    t.run_command(restore_cmd(&t))
        .status(0)
        .stderr_has(&format!("restored from {};", all[1].display()));
    assert_eq!(fs::read(t.config_path()).unwrap(), new);
}

fn restore_cmd(t: &Test) -> Command {
    let mut cmd = Command::new(crate::support::bin());
    cmd.current_dir(t.path())
        .env("HOME", t.path())
        .env("AWS_CONFIG_FILE", t.config_path())
        .arg("--restore")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn restore_without_a_backup_is_an_error() {
    Test::new()
        .config(LEGACY)
        .args(["--restore"])
        .run()
        .status(2)
        .stderr_has("no backup of `");
}

#[test]
fn several_files_with_one_bad_one() {
    let t = Test::new()
        .file("a/config", LEGACY)
        .file("b/config", "[profile x]\nk = 1\nK = 2\n")
        .file("c/config", LEGACY)
        .args([
            "--write", "--color", "never", "a/config", "b/config", "c/config",
        ]);
    let r = t.run().status(2);
    r.stderr_has("b/config: error[unreadable]: not migrated, the AWS CLI cannot read it (1 problem; line 3: `k` is set twice in `[profile x]` (first at line 2)); left as it was\n")
        .stderr_has("3 files: 0 clean, 2 changed, 1 failed")
        .stdout_has("--- a/config\n")
        .stdout_has("--- c/config\n");
    assert_eq!(t.read("a/config"), migrated());
    assert_eq!(t.read("c/config"), migrated());
    assert_eq!(t.read("b/config"), b"[profile x]\nk = 1\nK = 2\n");
    assert_eq!(
        fs::read(only_backup(&t.path().join("a"))).unwrap(),
        LEGACY.as_bytes()
    );
    assert!(backups(&t.path().join("b")).is_empty());
}

/// Kills the process while it is paused at `stage` and returns the file's content afterwards.
fn kill_at(stage: &str) -> (Test, Vec<u8>) {
    let t = Test::new().config(LEGACY).args(["--write"]);
    let (mut child, mut release) = spawn_paused(&t, stage);
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = release.write_all(b"x");
    let content = fs::read(t.config_path()).unwrap();
    (t, content)
}

#[test]
fn a_crash_before_the_replace_leaves_the_old_file() {
    let (t, content) = kill_at("before-replace");
    assert_eq!(content, LEGACY.as_bytes());
    // The backup was complete before the replace began.
    assert_eq!(
        fs::read(only_backup(&t.path().join(".aws"))).unwrap(),
        LEGACY.as_bytes()
    );
}

#[test]
fn the_temp_file_of_a_killed_run_is_removed_by_the_next_run() {
    let (t, _) = kill_at("before-replace");
    let aws = t.path().join(".aws");
    let backup = name_of(&only_backup(&aws));
    let left: Vec<String> = others(&aws, &["config", &backup]);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].ends_with(".aws-sso-migrate.tmp"), "{left:?}");
    // A minute later (a run in progress is never that old), the next run removes it.
    let tmp = aws.join(&left[0]);
    fs::File::options()
        .write(true)
        .open(&tmp)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(61))
        .unwrap();
    t.run()
        .status(0)
        .stderr_has(&format!("removed {}", tmp.display()));
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(
        others(&aws, &["config"]).len(),
        2,
        "the old and the new backup"
    );
}

#[test]
fn a_crash_right_after_the_replace_leaves_the_whole_new_file() {
    let (t, content) = kill_at("after-replace");
    assert_eq!(content, migrated());
    let aws = t.config_path().parent().unwrap().to_path_buf();
    assert_eq!(
        others(&aws, &["config"]),
        [name_of(&only_backup(&aws))],
        "a temp file survived the rename"
    );
}
