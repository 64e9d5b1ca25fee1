//! The safety guarantees when root runs the tool over other users' files and when others write
//! at the same time: ownership of everything created, backups that only this tool names and
//! only their owner's regular files are restored, the final exchange losing nobody's change, the
//! refusals (non-regular, too large, someone else's, hard-linked), honest errors after the
//! replace, stale temp files, and quoted hints.
//!
//! Most tests run the real binary as root on files owned by another user (`USER`), then as that
//! user with `setpriv`; they are skipped, with a message, when the tests do not run as root.
//! Every run is bounded: a regression that blocks fails instead of hanging the suite.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Test, bin, is_root, legacy_profiles};
use crate::write::{
    LEGACY, backups, migrated, mkfifo, mode, name_of, only_backup, others, stamp, wait_until_paused,
};

/// The user whose files root migrates.
const USER: u32 = 1000;
/// Someone else.
const OTHER: u32 = 1001;

fn skip_unless_root(test: &str) -> bool {
    if is_root() {
        return false;
    }
    eprintln!("{test}: skipped, needs root to act as other users");
    true
}

/// A home owned by `USER` (every file in it too), with the legacy config.
fn user_home() -> Test {
    let t = Test::new().config(LEGACY);
    chown_all(t.path(), USER);
    t
}

fn chown_all(path: &Path, uid: u32) {
    let ok = Command::new("chown")
        .args(["-hR", &format!("{uid}:{uid}")])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

fn aws(t: &Test) -> PathBuf {
    t.path().join(".aws")
}

/// The binary with `args` in `t`'s home, as root (`None`) or as `uid` via `setpriv`.
fn command(t: &Test, uid: Option<u32>, args: &[&str]) -> Command {
    let mut cmd = match uid {
        None => Command::new(bin()),
        Some(uid) => {
            let mut c = Command::new("setpriv");
            c.args([
                &format!("--reuid={uid}"),
                &format!("--regid={uid}"),
                "--clear-groups",
                "--",
            ])
            .arg(bin());
            c
        }
    };
    cmd.current_dir(t.path())
        .args(args)
        .env("HOME", t.path())
        .env("AWS_CONFIG_FILE", t.config_path())
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .env_remove("AWS_SSO_MIGRATE_TEST_PAUSE")
        .env_remove("AWS_SSO_MIGRATE_TEST_FAULT")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `cmd`, failing the test if it has not finished within 20 seconds.
fn bounded(mut cmd: Command) -> Result {
    awaited(cmd.spawn().unwrap())
}

/// Waits for `child`, failing the test (and killing it) if it has not finished within 20 seconds.
fn awaited(mut child: Child) -> Result {
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!(
                "blocked: killed after 20 s; stderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Result(child.wait_with_output().unwrap())
}

fn run(t: &Test, uid: Option<u32>, args: &[&str]) -> Result {
    bounded(command(t, uid, args))
}

struct Result(Output);

impl Result {
    fn stderr(&self) -> String {
        String::from_utf8(self.0.stderr.clone()).unwrap()
    }

    fn status(self, code: i32) -> Result {
        assert_eq!(
            self.0.status.code(),
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&self.0.stdout),
            self.stderr()
        );
        self
    }

    fn stderr_has(&self, needle: &str) -> &Result {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr()
        );
        self
    }

    fn stdout(&self) -> String {
        String::from_utf8(self.0.stdout.clone()).unwrap()
    }
}

/// `(uid, gid, mode)` of a path, not following links.
fn owner_mode(p: &Path) -> (u32, u32, u32) {
    let m = fs::symlink_metadata(p).unwrap();
    (m.uid(), m.gid(), m.mode() & 0o7777)
}

/// Runs `--write` in a fresh user home, as root or as the user, and returns the owner and mode
/// of the config and of its backup.
fn write_in_user_home(uid: Option<u32>, config_mode: u32) -> ((u32, u32, u32), (u32, u32, u32)) {
    let t = user_home();
    fs::set_permissions(t.config_path(), fs::Permissions::from_mode(config_mode)).unwrap();
    run(&t, uid, &["--write"]).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(
        others(&aws(&t), &["config"]).len(),
        1,
        "a temp file was left"
    );
    (
        owner_mode(&t.config_path()),
        owner_mode(&only_backup(&aws(&t))),
    )
}

#[test]
fn as_root_on_a_users_file_the_result_is_what_the_user_would_get() {
    if skip_unless_root("ownership") {
        return;
    }
    for config_mode in [0o600, 0o640, 0o644, 0o4640] {
        let by_root = write_in_user_home(None, config_mode);
        let by_user = write_in_user_home(Some(USER), config_mode);
        assert_eq!(by_root, by_user, "mode {config_mode:o}");
        // The setuid bit stays on the config but never reaches a backup.
        assert_eq!(by_root.0, (USER, USER, config_mode));
        assert_eq!(by_root.1, (USER, USER, config_mode & 0o777));
    }
}

#[test]
fn a_root_write_can_be_restored_by_the_user_and_a_root_restore_stays_theirs() {
    if skip_unless_root("restore ownership") {
        return;
    }
    let t = user_home();
    fs::set_permissions(t.config_path(), fs::Permissions::from_mode(0o600)).unwrap();
    run(&t, None, &["--write"]).status(0);
    // The user can undo root's run.
    run(&t, Some(USER), &["--restore"])
        .status(0)
        .stderr_has("restored from");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    // And root can undo that on the user's behalf: everything stays the user's.
    run(&t, None, &["--restore"]).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(owner_mode(&t.config_path()), (USER, USER, 0o600));
    let all = backups(&aws(&t));
    assert_eq!(all.len(), 3, "{all:?}");
    for b in &all {
        assert_eq!(owner_mode(b), (USER, USER, 0o600), "{}", b.display());
    }
    assert_eq!(
        others(&aws(&t), &["config"]).len(),
        3,
        "a temp file was left"
    );
}

/// A backup name of this tool that sorts after any real backup made now.
fn future_backup_name() -> String {
    format!("config.aws-sso-migrate-{}.bak", stamp(86_400))
}

/// Runs root's `--restore` on a user's config whose newest "backup" is `make`'s doing, and
/// checks it is refused without blocking and without touching anything.
fn restore_refuses(make: impl FnOnce(&Path), reason: &str) {
    let t = user_home();
    run(&t, None, &["--write"]).status(0);
    let bad = aws(&t).join(future_backup_name());
    make(&bad);
    let before = others(&aws(&t), &[]);
    let r = run(&t, None, &["--restore"]).status(2);
    r.stderr_has(&format!("refusing to restore from `{}`", bad.display()))
        .stderr_has(reason)
        .stderr_has("nothing was changed");
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(others(&aws(&t), &[]), before);
    // Listing shows it as refused, also without blocking.
    let list = run(&t, None, &["--restore", "--list"]).status(0);
    assert!(
        list.stdout()
            .lines()
            .any(|l| l.contains(&name_of(&bad)) && l.contains("(refused: it is")),
        "{}",
        list.stdout()
    );
}

#[test]
fn a_symlinked_backup_is_refused() {
    if skip_unless_root("symlinked backup") {
        return;
    }
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("shadow");
    fs::write(&secret, "root:secret\n").unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o600)).unwrap();
    restore_refuses(
        |bad| {
            symlink(&secret, bad).unwrap();
            std::os::unix::fs::lchown(bad, Some(USER), Some(USER)).unwrap();
        },
        "it is a symbolic link",
    );
}

#[test]
fn a_fifo_backup_is_refused_without_blocking() {
    if skip_unless_root("FIFO backup") {
        return;
    }
    restore_refuses(
        |bad| {
            mkfifo(bad);
            chown_all(bad, USER);
        },
        "it is a FIFO",
    );
}

#[test]
fn a_device_backup_is_refused_without_blocking() {
    if skip_unless_root("device backup") {
        return;
    }
    restore_refuses(
        |bad| {
            // The same device as /dev/zero, which would fill memory if read.
            let ok = Command::new("mknod")
                .arg(bad)
                .args(["c", "1", "5"])
                .status()
                .unwrap()
                .success();
            assert!(ok, "mknod failed");
            chown_all(bad, USER);
        },
        "it is a character device",
    );
}

#[test]
fn a_backup_owned_by_someone_else_is_refused() {
    if skip_unless_root("foreign backup") {
        return;
    }
    restore_refuses(
        |bad| {
            fs::write(bad, "[profile planted]\n").unwrap();
            chown_all(bad, OTHER);
        },
        "owned by user 1001, not by the config's owner (user 1000)",
    );
}

#[test]
fn a_hand_made_config_bak_is_never_restored() {
    let t = Test::new()
        .config("[profile current]\n")
        .file(".aws/config.bak", "[profile hand-made]\n")
        .file(".aws/config.bak.18446744073709551615", "[profile old]\n");
    let r = run(&t, None, &["--restore"]).status(2);
    r.stderr_has("no backup of `")
        .stderr_has(&format!("`{}`", aws(&t).join("config.bak").display()))
        .stderr_has("not restored automatically");
    assert_eq!(fs::read(t.config_path()).unwrap(), b"[profile current]\n");
    // Naming it does not help; the message names the backups that do exist.
    let made = aws(&t).join(future_backup_name());
    fs::write(&made, "[profile made-by-the-tool]\n").unwrap();
    run(&t, None, &["--restore-from", "config.bak"])
        .status(2)
        .stderr_has("`config.bak` is not a backup of `")
        .stderr_has(&format!("its backups: `{}`", made.display()));
    assert_eq!(fs::read(t.config_path()).unwrap(), b"[profile current]\n");
    // A backup of this tool is restored by name, even from another directory's view.
    run(&t, None, &["--restore-from", &made.display().to_string()]).status(0);
    assert_eq!(
        fs::read(t.config_path()).unwrap(),
        b"[profile made-by-the-tool]\n"
    );
    // Earlier versions' backups were never touched.
    assert_eq!(t.read(".aws/config.bak"), b"[profile hand-made]\n");
}

#[test]
fn list_shows_backups_with_times_and_restore_from_picks_one() {
    let t = Test::new().config(LEGACY).file(".aws/config.bak", "x\n");
    run(&t, None, &["--write"]).status(0);
    let first = only_backup(&aws(&t));
    run(&t, None, &["--restore"]).status(0);
    let all = backups(&aws(&t));
    assert_eq!(all.len(), 2);
    let list = run(&t, None, &["--restore", "--list"]).status(0);
    let lines: Vec<String> = list.stdout().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (line, b) in lines.iter().zip(&all) {
        // `2026-11-30 00:15:07 UTC  /path/config.aws-sso-migrate-20261130T001507Z.bak`
        let (time, path) = line.split_once(" UTC  ").unwrap();
        assert_eq!(path, b.display().to_string());
        let digits: String = time.chars().filter(char::is_ascii_digit).collect();
        assert!(name_of(b).contains(&format!("{}T{}Z", &digits[..8], &digits[8..])));
    }
    assert!(lines[2].contains("config.bak  (from an earlier version or made by hand"));
    // Listing changes nothing.
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    assert_eq!(backups(&aws(&t)).len(), 2);
    // Pick the first backup (the original) by its bare name: the config is already that.
    run(&t, None, &["--restore-from", &name_of(&first)])
        .status(0)
        .stderr_has("already identical");
    run(&t, None, &["--restore-from", &name_of(&all[1])]).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
}

/// Starts `cmd` with the pause hook at `stage`; returns once it is paused there.
fn spawn_paused(t: &Test, mut cmd: Command, stage: &str) -> (std::process::Child, fs::File) {
    let fifo = t.path().join("pause");
    mkfifo(&fifo);
    chown_all(&fifo, USER);
    cmd.env(
        "AWS_SSO_MIGRATE_TEST_PAUSE",
        format!("{stage}:{}", fifo.display()),
    );
    let child = cmd.spawn().unwrap();
    let release = wait_until_paused(&fifo);
    (child, release)
}

fn finish(child: std::process::Child, release: fs::File) -> Result {
    drop(release);
    Result(child.wait_with_output().unwrap())
}

#[test]
fn an_editor_saving_by_rename_right_before_the_exchange_keeps_its_change() {
    if skip_unless_root("lost update") {
        return;
    }
    let t = user_home();
    let (child, release) = spawn_paused(&t, command(&t, None, &["--write"]), "before-replace");
    // The user's editor saves the way editors do: a new file renamed over the config.
    let edited = format!("{LEGACY}[profile new]\nregion = eu-west-1\n");
    let tmp = aws(&t).join(".config.swp");
    fs::write(&tmp, &edited).unwrap();
    chown_all(&tmp, USER);
    fs::rename(&tmp, t.config_path()).unwrap();
    finish(child, release)
        .status(2)
        .stderr_has("changed while it was being migrated");
    assert_eq!(fs::read_to_string(t.config_path()).unwrap(), edited);
    assert_eq!(owner_mode(&t.config_path()).0, USER);
    assert!(
        others(&aws(&t), &["config"]).is_empty(),
        "backup or temp file left behind"
    );
}

#[test]
fn a_write_through_an_open_handle_right_before_the_exchange_survives() {
    if skip_unless_root("lost update") {
        return;
    }
    let t = user_home();
    // A program that opened the config before the run and writes to it during the run.
    let mut handle = fs::OpenOptions::new()
        .append(true)
        .open(t.config_path())
        .unwrap();
    let (child, release) = spawn_paused(&t, command(&t, None, &["--write"]), "before-replace");
    handle.write_all(b"[profile appended]\n").unwrap();
    finish(child, release)
        .status(2)
        .stderr_has("changed while it was being migrated");
    assert_eq!(
        fs::read_to_string(t.config_path()).unwrap(),
        format!("{LEGACY}[profile appended]\n")
    );
    // The handle still writes to the config, not to a file that is gone.
    handle.write_all(b"region = x\n").unwrap();
    assert!(
        fs::read_to_string(t.config_path())
            .unwrap()
            .ends_with("[profile appended]\nregion = x\n")
    );
    assert!(others(&aws(&t), &["config"]).is_empty());
}

#[test]
fn a_chmod_and_chown_during_the_run_are_kept() {
    if skip_unless_root("chmod during the run") {
        return;
    }
    let t = user_home();
    fs::set_permissions(t.config_path(), fs::Permissions::from_mode(0o644)).unwrap();
    let (child, release) = spawn_paused(&t, command(&t, None, &["--write"]), "before-replace");
    fs::set_permissions(t.config_path(), fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::chown(t.config_path(), Some(OTHER), Some(OTHER)).unwrap();
    finish(child, release).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(owner_mode(&t.config_path()), (OTHER, OTHER, 0o600));
}

#[test]
fn only_the_owner_or_root_rewrites_a_file() {
    if skip_unless_root("owner check") {
        return;
    }
    // Root's file, writable by everyone, in a directory the user may write.
    let t = user_home();
    std::os::unix::fs::chown(t.config_path(), Some(0), Some(0)).unwrap();
    fs::set_permissions(t.config_path(), fs::Permissions::from_mode(0o666)).unwrap();
    run(&t, Some(USER), &["--write"])
        .status(2)
        .stderr_has("belongs to user 0; only its owner or root may rewrite it")
        .stderr_has("left as it was");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    assert_eq!(owner_mode(&t.config_path()), (0, 0, 0o666));
    assert!(others(&aws(&t), &["config"]).is_empty());
    // Root may, and the file stays root's.
    run(&t, None, &["--write"]).status(0);
    assert_eq!(owner_mode(&t.config_path()), (0, 0, 0o666));
}

#[test]
fn a_hard_linked_file_is_refused_unless_asked() {
    let t = Test::new().config(LEGACY);
    let other = t.path().join("config-link");
    fs::hard_link(t.config_path(), &other).unwrap();
    run(&t, None, &["--write"])
        .status(2)
        .stderr_has("has 2 hard links")
        .stderr_has("--break-hard-links");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    assert!(others(&aws(&t), &["config"]).is_empty());
    run(&t, None, &["--write", "--break-hard-links"]).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(fs::read(&other).unwrap(), LEGACY.as_bytes());
    // --restore checks the same.
    fs::remove_file(&other).unwrap();
    fs::hard_link(t.config_path(), &other).unwrap();
    run(&t, None, &["--restore"])
        .status(2)
        .stderr_has("has 2 hard links");
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    run(&t, None, &["--restore", "--break-hard-links"]).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    assert_eq!(fs::read(&other).unwrap(), migrated());
}

#[test]
fn a_hard_link_made_during_the_run_is_refused_too() {
    let t = Test::new().config(LEGACY);
    let (child, release) = spawn_paused(&t, command(&t, None, &["--write"]), "before-replace");
    let other = t.path().join("config-link");
    fs::hard_link(t.config_path(), &other).unwrap();
    finish(child, release)
        .status(2)
        .stderr_has("has 2 hard links");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    let (a, b) = (
        fs::metadata(t.config_path()).unwrap(),
        fs::metadata(&other).unwrap(),
    );
    assert_eq!((a.dev(), a.ino()), (b.dev(), b.ino()), "the link was split");
    assert!(others(&aws(&t), &["config"]).is_empty());
}

#[test]
fn when_the_owner_cannot_give_the_configs_group_group_bits_are_cleared() {
    if skip_unless_root("group bits") {
        return;
    }
    // The user's config, readable by group root, which the user is not in.
    let t = user_home();
    std::os::unix::fs::chown(t.config_path(), Some(USER), Some(0)).unwrap();
    fs::set_permissions(t.config_path(), fs::Permissions::from_mode(0o640)).unwrap();
    run(&t, Some(USER), &["--write"]).status(0);
    assert_eq!(owner_mode(&t.config_path()), (USER, USER, 0o600));
    assert_eq!(owner_mode(&only_backup(&aws(&t))), (USER, USER, 0o600));
}

#[test]
fn a_failed_directory_fsync_after_the_replace_says_it_was_replaced() {
    let t = Test::new().config(LEGACY);
    let r = bounded({
        let mut c = command(&t, None, &["--write"]);
        c.env("AWS_SSO_MIGRATE_TEST_FAULT", "replace-sync");
        c
    })
    .status(2);
    let backup = only_backup(&aws(&t));
    r.stderr_has("was replaced with the new content, but flushing its directory failed")
        .stderr_has(&format!("the original is saved as `{}`", backup.display()));
    assert!(!r.stderr().contains("left as it was"), "{}", r.stderr());
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(fs::read(&backup).unwrap(), LEGACY.as_bytes());
    assert_eq!(others(&aws(&t), &["config"]), [name_of(&backup)]);
}

#[test]
fn a_failed_fsync_after_linking_the_backup_leaves_no_backup() {
    let t = Test::new().config(LEGACY);
    bounded({
        let mut c = command(&t, None, &["--write"]);
        c.env("AWS_SSO_MIGRATE_TEST_FAULT", "backup-sync");
        c
    })
    .status(2)
    .stderr_has("cannot write a backup next to")
    .stderr_has("left as it was");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    assert!(others(&aws(&t), &["config"]).is_empty());
}

/// Creates `name` in `dir` owned by `uid`, last modified `age` ago.
fn aged(dir: &Path, name: &str, uid: u32, age: Duration) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, "partial").unwrap();
    std::os::unix::fs::chown(&p, Some(uid), Some(uid)).unwrap();
    let f = fs::File::options().write(true).open(&p).unwrap();
    f.set_modified(std::time::SystemTime::now() - age).unwrap();
    p
}

#[test]
fn stale_temp_files_are_removed_by_the_next_run_and_reported() {
    if skip_unless_root("stale temp files") {
        return;
    }
    let t = user_home();
    let dir = aws(&t);
    let old = Duration::from_secs(120);
    let stale = aged(&dir, ".config.k3x9q2.aws-sso-migrate.tmp", USER, old);
    let stale2 = aged(&dir, ".config.a1b2c3d4e5f6.aws-sso-migrate.tmp", USER, old);
    let fresh = aged(
        &dir,
        ".config.zz99yy.aws-sso-migrate.tmp",
        USER,
        Duration::ZERO,
    );
    let foreign = aged(&dir, ".config.qq11ww.aws-sso-migrate.tmp", OTHER, old);
    let unrelated = aged(&dir, ".config.swp", USER, old);
    let link = dir.join(".config.ln00ln.aws-sso-migrate.tmp");
    symlink(&unrelated, &link).unwrap();
    let r = run(&t, None, &["--write"]).status(0);
    for p in [&stale, &stale2] {
        assert!(!p.exists(), "{} was kept", p.display());
        r.stderr_has(&format!(
            "removed {}, a temporary file left by an interrupted run",
            p.display()
        ));
    }
    for p in [&fresh, &foreign, &unrelated, &link] {
        assert!(
            fs::symlink_metadata(p).is_ok(),
            "{} was removed",
            p.display()
        );
    }
    // Also when there is nothing to write, and also as the user.
    let again = aged(&dir, ".config.k3x9q3.aws-sso-migrate.tmp", USER, old);
    run(&t, Some(USER), &["--write"])
        .status(0)
        .stderr_has("nothing to migrate")
        .stderr_has("a temporary file left by an interrupted run");
    assert!(!again.exists());
    // Root's own leftovers (killed before it gave the file away) go too, and --restore cleans.
    let roots = aged(&dir, ".config.r00t00.aws-sso-migrate.tmp", 0, old);
    run(&t, None, &["--restore"])
        .status(0)
        .stderr_has(&format!("removed {}", roots.display()));
    assert!(!roots.exists());
    // A dry run removes nothing.
    let kept = aged(&dir, ".config.k3x9q4.aws-sso-migrate.tmp", USER, old);
    run(&t, None, &[]).status(0);
    assert!(kept.exists());
}

#[test]
fn a_fifo_or_device_as_file_is_refused_without_blocking() {
    let t = Test::new();
    let fifo = t.path().join("fifo");
    mkfifo(&fifo);
    for (path, kind) in [
        (fifo.as_path(), "a FIFO"),
        (Path::new("/dev/zero"), "a character device"),
    ] {
        for args in [&["--write"][..], &[]] {
            let mut all: Vec<&str> = args.to_vec();
            let p = path.display().to_string();
            all.push(&p);
            run(&t, None, &all).status(2).stderr_has(&format!(
                "cannot read `{p}`: it is {kind}, not a regular file"
            ));
        }
    }
    // Through a symlink too.
    let link = t.path().join("link");
    symlink("/dev/zero", &link).unwrap();
    run(&t, None, &["--write", &link.display().to_string()])
        .status(2)
        .stderr_has("it is a character device");
}

#[test]
fn input_over_the_size_limit_is_refused() {
    let t = Test::new().config(LEGACY);
    run(&t, None, &["--write", "--max-size", "100"])
        .status(2)
        .stderr_has("is larger than 100 bytes (--max-size)");
    assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    assert!(others(&aws(&t), &["config"]).is_empty());
    // Exactly at the limit is fine.
    run(
        &t,
        None,
        &["--write", "--max-size", &LEGACY.len().to_string()],
    )
    .status(0);
    // Standard input has the same limit, found without reading past it.
    let mut c = command(&t, None, &["--max-size", "1K", "-"]);
    c.stdin(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&vec![b'#'; 1 << 20]);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`<stdin>` is larger than 1024 bytes"));
}

#[test]
fn the_undo_hint_is_a_shell_command_that_works() {
    let t = Test::new().file("my aws/it's/config", LEGACY);
    let config = t.path().join("my aws/it's/config");
    let r = run(&t, None, &["--write", &config.display().to_string()]).status(0);
    let stderr = r.stderr();
    let hint = stderr
        .lines()
        .find_map(|l| l.split_once("(undo with: ").map(|(_, h)| h))
        .and_then(|h| h.strip_suffix(')'))
        .unwrap_or_else(|| panic!("no undo hint:\n{stderr}"));
    assert!(hint.contains(r"'\''"), "{hint}");
    let undo = hint
        .strip_prefix("aws-sso-migrate ")
        .unwrap_or_else(|| panic!("{hint}"));
    let ok = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" {undo}"))
        .arg(bin())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok, "{hint}");
    assert_eq!(fs::read(&config).unwrap(), LEGACY.as_bytes());
}

#[test]
fn scopes_and_session_names_must_be_printable() {
    let t = Test::new().config(LEGACY);
    for args in [
        ["--scopes", "sso:account:access\u{1d}"],
        ["--scopes", "sso:account:access,\u{7f}x"],
        ["--session-name", "corp\u{1b}[2J"],
    ] {
        let mut all = vec!["--write"];
        all.extend(args);
        let r = run(&t, None, &all).status(2);
        r.stderr_has("which is not printable");
        assert!(!r.stderr().contains('\u{1b}') && !r.stderr().contains('\u{1d}'));
        assert_eq!(r.stdout(), "");
        assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
    }
    assert_eq!(mode(&t.config_path()) & 0o200, 0o200);
}

#[test]
fn a_directory_swapped_for_a_symlink_mid_run_does_not_redirect_the_write() {
    if skip_unless_root("directory swap") {
        return;
    }
    let t = user_home();
    // A directory only root may write, holding a file the user would like root to overwrite.
    let target = tempfile::tempdir().unwrap();
    let victim = target.path().join("config");
    fs::write(&victim, LEGACY).unwrap();
    let (child, release) = spawn_paused(&t, command(&t, None, &["--write"]), "before-replace");
    // The user moves their directory away and puts a link to root's in its place.
    let moved = t.path().join("aws-moved");
    fs::rename(aws(&t), &moved).unwrap();
    symlink(target.path(), aws(&t)).unwrap();
    finish(child, release).status(0);
    assert_eq!(fs::read(&victim).unwrap(), LEGACY.as_bytes());
    assert_eq!(others(target.path(), &[]), ["config"]);
    // The write went to the directory that was opened: the user's own.
    assert_eq!(fs::read(moved.join("config")).unwrap(), migrated());
    assert_eq!(owner_mode(&moved.join("config")).0, USER);
}

#[test]
fn a_second_change_between_the_exchange_and_the_swap_back_is_kept_too() {
    let t = Test::new().config(LEGACY);
    let (child, release) = spawn_paused(&t, command(&t, None, &["--write"]), "after-exchange");
    // Right after the exchange the old file has the temp name: a program holding it open
    // writes to it, so the tool will swap back...
    let tmp: Vec<String> = others(&aws(&t), &["config"])
        .into_iter()
        .filter(|n| n.ends_with(".aws-sso-migrate.tmp"))
        .collect();
    assert_eq!(tmp.len(), 1, "{tmp:?}");
    let mut old = fs::OpenOptions::new()
        .append(true)
        .open(aws(&t).join(&tmp[0]))
        .unwrap();
    old.write_all(b"[profile handle]\n").unwrap();
    // ...and an editor saves a third version over the config before it does.
    let third = aws(&t).join("third");
    fs::write(&third, "[profile third]\n").unwrap();
    fs::rename(&third, t.config_path()).unwrap();
    let r = finish(child, release).status(2);
    r.stderr_has("changed twice while it was being replaced");
    // Neither version is lost: one is in place, the other kept as a backup the message names.
    assert_eq!(
        fs::read_to_string(t.config_path()).unwrap(),
        format!("{LEGACY}[profile handle]\n")
    );
    let kept = only_backup(&aws(&t));
    assert_eq!(fs::read(&kept).unwrap(), b"[profile third]\n");
    r.stderr_has(&format!("the other one is kept as `{}`", kept.display()));
    assert_eq!(others(&aws(&t), &["config"]), [name_of(&kept)]);
}

/// A config with a line longer than 64 KiB is refused as soon as that line is seen: on stdin that
/// is never closed, the tool does not wait for the rest, and says what it says of the whole file.
#[test]
fn a_huge_line_is_refused_without_reading_on() {
    let head = [&b"[profile a]\nregion = x\n"[..], &vec![b'x'; 70_000]].concat();
    let whole = [&head[..], b"\n[profile b]\n"].concat();
    for args in [&["--color", "never"][..], &["--color", "never", "--doctor"]] {
        let from_file = Test::new()
            .file("config", &whole)
            .args(args)
            .args(["config"])
            .run()
            .status(2);
        let mut child = Test::new()
            .args(args)
            .args(["-"])
            .command()
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(&head).unwrap();
        // The pipe stays open until the tool has answered.
        let out = awaited(child).status(2).0;
        drop(pipe);
        let label = |stderr: &[u8], name: &[u8]| {
            let at = stderr.windows(name.len()).position(|w| w == name).unwrap();
            [&stderr[..at], &stderr[at + name.len()..]].concat()
        };
        assert_eq!(
            label(&out.stderr, b"`<stdin>`"),
            label(&from_file.output.stderr, b"`config`"),
            "{args:?}"
        );
    }
}

/// `Scope::spawn` panics when the system refuses a thread; a limit on processes, which counts
/// threads (`RLIMIT_NPROC`), or a container's pids limit refuses one. A file large enough to be
/// read on two threads then stopped the tool with exit 101. Now the work of a refused thread is
/// done on the one there is, with the same output.
#[test]
fn a_refused_thread_costs_time_not_the_run() {
    if skip_unless_root("a_refused_thread_costs_time_not_the_run") {
        return;
    }
    // About 1.1 MB: read on two threads, read ahead and read back on two, and a diff of over
    // 1 MiB, whose writes stdout's relay hands to a thread.
    let config = legacy_profiles(8000);
    assert!(config.len() > 256 * 1024);
    let t = Test::new().config(&config);
    fs::set_permissions(t.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let threads = t.run_command(t.command_unprivileged()).status(0);
    let one = t.run_command(t.command_unprivileged_via(&["prlimit", "--nproc=1", "--"]));
    let one = one.status(0);
    assert!(one.output.stdout == threads.output.stdout, "stdout differs");
    assert!(one.output.stderr == threads.output.stderr, "stderr differs");
    assert!(threads.output.stdout.starts_with(b"--- "), "a diff");
    assert!(
        threads.output.stdout.len() > 1 << 20,
        "a diff the relay's thread writes"
    );
}

/// A file's extended attributes as root sees them, by name.
#[cfg(target_os = "linux")]
fn attributes(p: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut list = vec![0; 65536];
    let len = rustix::fs::listxattr(p, &mut list[..]).unwrap();
    let mut all: Vec<(Vec<u8>, Vec<u8>)> = (list[..len].split(|&b| b == 0))
        .filter(|n| !n.is_empty())
        .map(|name| {
            let mut value = vec![0; 65536];
            let n = rustix::fs::getxattr(p, name, &mut value[..]).unwrap();
            (name.to_vec(), value[..n].to_vec())
        })
        .collect();
    all.sort();
    all
}

#[cfg(target_os = "linux")]
fn set_attribute(p: &Path, name: &str, value: &[u8]) {
    rustix::fs::setxattr(p, name, value, rustix::fs::XattrFlags::empty()).unwrap();
}

/// A POSIX ACL as Linux stores it in `system.posix_acl_access` (or `_default`): the owner `rw`,
/// user `reader` `r`, the group `r`, the mask `r`, others nothing.
#[cfg(target_os = "linux")]
fn acl_letting_read(reader: u32) -> Vec<u8> {
    const UNDEFINED: u32 = u32::MAX;
    let entries = [
        (0x01u16, 6u16, UNDEFINED), // ACL_USER_OBJ
        (0x02, 4, reader),          // ACL_USER
        (0x04, 4, UNDEFINED),       // ACL_GROUP_OBJ
        (0x10, 4, UNDEFINED),       // ACL_MASK
        (0x20, 0, UNDEFINED),       // ACL_OTHER
    ];
    let mut bytes = 2u32.to_le_bytes().to_vec();
    for (tag, perm, id) in entries {
        bytes.extend(tag.to_le_bytes());
        bytes.extend(perm.to_le_bytes());
        bytes.extend(id.to_le_bytes());
    }
    bytes
}

/// The user's config with an ACL that lets `OTHER` read it and a `user.*` attribute whose value
/// is not text.
#[cfg(target_os = "linux")]
fn user_home_with_attributes() -> Test {
    let t = user_home();
    fs::set_permissions(t.config_path(), fs::Permissions::from_mode(0o640)).unwrap();
    set_attribute(&t.config_path(), "user.managed-by", b"dotfiles\0\x01");
    set_attribute(
        &t.config_path(),
        "system.posix_acl_access",
        &acl_letting_read(OTHER),
    );
    t
}

#[cfg(target_os = "linux")]
#[test]
fn extended_attributes_and_acls_go_to_the_new_file_the_backup_and_a_restore() {
    if skip_unless_root("extended attributes") {
        return;
    }
    for uid in [None, Some(USER)] {
        let t = user_home_with_attributes();
        let before = attributes(&t.config_path());
        assert_eq!(before.len(), 2, "{before:?}");
        run(&t, uid, &["--write"]).status(0);
        assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
        assert_eq!(attributes(&t.config_path()), before, "{uid:?}");
        assert_eq!(owner_mode(&t.config_path()), (USER, USER, 0o640));
        let backup = only_backup(&aws(&t));
        assert_eq!(attributes(&backup), before, "{uid:?}");
        // The user the ACL lets in still reads the config.
        let read = Command::new("setpriv")
            .args([&format!("--reuid={OTHER}"), &format!("--regid={OTHER}")])
            .args(["--clear-groups", "--", "cat"])
            .arg(t.config_path())
            .output()
            .unwrap();
        assert_eq!(read.stdout, migrated(), "{uid:?}");
        run(&t, uid, &["--restore"]).status(0);
        assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
        assert_eq!(attributes(&t.config_path()), before, "{uid:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_acl_the_directory_gives_new_files_is_not_added() {
    if skip_unless_root("extended attributes") {
        return;
    }
    let t = user_home();
    // Every new file in `~/.aws` would let `OTHER` read it; the config itself does not.
    set_attribute(
        &aws(&t),
        "system.posix_acl_default",
        &acl_letting_read(OTHER),
    );
    assert_eq!(attributes(&t.config_path()), []);
    run(&t, Some(USER), &["--write"]).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(attributes(&t.config_path()), []);
    assert_eq!(attributes(&only_backup(&aws(&t))), []);
}

#[cfg(target_os = "linux")]
#[test]
fn an_attribute_the_user_may_not_set_leaves_the_file_as_it_was() {
    if skip_unless_root("extended attributes") {
        return;
    }
    let t = user_home();
    // Only root may set a `security.*` attribute the system has no module for, and only root
    // sees a `trusted.*` one.
    set_attribute(&t.config_path(), "security.aws-sso-migrate-test", b"x");
    set_attribute(&t.config_path(), "trusted.aws-sso-migrate-test", b"t");
    let before = attributes(&t.config_path());
    assert_eq!(before.len(), 2, "{before:?}");
    for (args, to) in [
        (&[".aws/config", "--write"][..], "its backup"),
        (&[".aws/config", "--write", "--no-backup"], "the new file"),
    ] {
        let r = run(&t, Some(USER), args).status(2);
        r.stderr_has(&format!(
            "cannot carry the extended attribute `security.aws-sso-migrate-test` of \
             `.aws/config` over to {to}: "
        ));
        if to == "its backup" {
            insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_binary_snapshot!("error-attribute_not_kept.txt", r.0.stderr.clone());
            });
        }
        assert_eq!(fs::read(t.config_path()).unwrap(), LEGACY.as_bytes());
        assert_eq!(attributes(&t.config_path()), before);
        assert!(others(&aws(&t), &["config"]).is_empty(), "a file was left");
    }
    // Root may.
    run(&t, None, &["--write"]).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(attributes(&t.config_path()), before);
}

#[cfg(target_os = "linux")]
#[test]
fn an_attribute_changed_during_the_run_is_kept() {
    if skip_unless_root("extended attributes") {
        return;
    }
    let t = user_home_with_attributes();
    let (child, release) = spawn_paused(&t, command(&t, None, &["--write"]), "before-replace");
    set_attribute(&t.config_path(), "user.managed-by", b"ansible");
    let now = attributes(&t.config_path());
    finish(child, release).status(0);
    assert_eq!(fs::read(t.config_path()).unwrap(), migrated());
    assert_eq!(attributes(&t.config_path()), now);
}
