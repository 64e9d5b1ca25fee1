//! Test helpers: run the real binary in a temporary home, find fixtures and the shared data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use std::io::Write;

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aws-sso-migrate"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (CI provides it there too). Missing data fails loudly.
pub fn shared() -> PathBuf {
    let p = repo().join("..").join("shared");
    assert!(
        p.join("conformance/aws-sdk").is_dir(),
        "the shared test data is missing: expected {} beside the repository",
        p.display()
    );
    p
}

/// One run of the binary in a fresh temporary directory that is also `HOME`, with
/// `AWS_CONFIG_FILE` pointing at `<tmp>/.aws/config`. Never the real `~/.aws`.
pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(String, String)>,
    env_remove: Vec<String>,
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().unwrap(),
            args: Vec::new(),
            stdin: None,
            env: Vec::new(),
            env_remove: Vec::new(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The default config file, `<home>/.aws/config`.
    pub fn config_path(&self) -> PathBuf {
        self.path().join(".aws").join("config")
    }

    /// Writes the default config file.
    pub fn config(self, bytes: impl AsRef<[u8]>) -> Test {
        let p = self.config_path();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// Writes a file relative to the temporary directory.
    pub fn file(self, name: &str, bytes: impl AsRef<[u8]>) -> Test {
        let p = self.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(p, bytes).unwrap();
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Test {
        self.stdin = Some(bytes.as_ref().to_vec());
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Test {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn env_remove(mut self, k: &str) -> Test {
        self.env_remove.push(k.into());
        self
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path().join(name)).unwrap()
    }

    /// The configured command, for tests that spawn and control the process themselves.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(bin());
        self.configure(&mut cmd);
        cmd
    }

    /// The configured command run as the unprivileged user `nobody` (via `setpriv`) when the
    /// tests run as root, so that file permissions apply; as is otherwise.
    pub fn command_unprivileged(&self) -> Command {
        self.command_unprivileged_via(&[])
    }

    /// [`Test::command_unprivileged`] with `wrapper` (a command and its arguments, such as
    /// `prlimit --nproc=1 --`) run before the tool.
    pub fn command_unprivileged_via(&self, wrapper: &[&str]) -> Command {
        let mut cmd = if is_root() {
            let mut cmd = Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .args(wrapper);
            cmd
        } else if let Some((first, rest)) = wrapper.split_first() {
            let mut cmd = Command::new(first);
            cmd.args(rest);
            cmd
        } else {
            return self.command();
        };
        cmd.arg(bin());
        self.configure(&mut cmd);
        cmd
    }

    fn configure(&self, cmd: &mut Command) {
        cmd.current_dir(self.path())
            .args(&self.args)
            .env("HOME", self.path())
            .env("AWS_CONFIG_FILE", self.config_path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SHARED_CREDENTIALS_FILE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for k in &self.env_remove {
            cmd.env_remove(k);
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
    }

    pub fn run(&self) -> Run {
        self.run_command(self.command())
    }

    pub fn run_command(&self, mut cmd: Command) -> Run {
        let mut child = cmd.spawn().unwrap();
        let input = self.stdin.clone().unwrap_or_default();
        let mut pipe = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Run { output }
    }
}

/// `n` legacy SSO profiles over three portals, about 140 bytes each: 8,000 make a file read on
/// two threads and read ahead, and a diff of about 1.5 MB, whose writes go to stdout's relay
/// thread after the first MiB.
pub fn legacy_profiles(n: u64) -> String {
    (0..n)
        .map(|i| {
            format!(
                "[profile p{i}]\nsso_start_url = https://acme{}.awsapps.com/start\n\
                 sso_region = us-east-1\nsso_account_id = {}\nsso_role_name = Admin\n\n",
                i % 3,
                100_000_000_000 + i
            )
        })
        .collect()
}

/// What the tool makes of `config`: its `--format config` output, which a `--write` must leave.
pub fn migrated(config: impl AsRef<[u8]>) -> Vec<u8> {
    Test::new()
        .config(config)
        .args(["--format", "config"])
        .run()
        .status(0)
        .output
        .stdout
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// The outcome of a run, with assertions that print everything on failure.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().expect("exited normally")
    }

    pub fn stdout(&self) -> String {
        String::from_utf8(self.output.stdout.clone()).unwrap()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8(self.output.stderr.clone()).unwrap()
    }

    pub fn status(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Compares stdout byte for byte.
    pub fn stdout_is(self, want: impl AsRef<[u8]>) -> Run {
        assert!(
            self.output.stdout == want.as_ref(),
            "stdout is\n{}\nwant\n{}\nstderr was:\n{}",
            self.output.stdout.escape_ascii(),
            want.as_ref().escape_ascii(),
            self.stderr()
        );
        self
    }

    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr()
        );
        self
    }

    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout().contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout()
        );
        self
    }
}
