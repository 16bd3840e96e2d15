//! The fixture the CLI integration tests share: a temporary folder with a
//! project in it, and the real `thema` binary run there with a fixed coder.
//! Each test binary uses part of it, hence the dead-code allowance.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

pub struct T {
    pub dir: tempfile::TempDir,
    /// Kill a command that runs longer (tests of once-quadratic paths).
    pub timeout: Option<Duration>,
}

impl T {
    /// A folder with an initialized project `thema.db`.
    pub fn new() -> T {
        let t = T::bare();
        t.ok(&["init"]);
        t
    }

    /// An empty folder.
    pub fn bare() -> T {
        T {
            dir: tempfile::tempdir().expect("temp dir"),
            timeout: None,
        }
    }

    /// The same fixture, killing any command that runs longer than `d`.
    pub fn with_timeout(mut self, d: Duration) -> T {
        self.timeout = Some(d);
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::cargo_bin("thema").unwrap();
        cmd.current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env("THEMA_CODER", "tester")
            .args(args);
        if let Some(t) = self.timeout {
            cmd.timeout(t);
        }
        cmd.output().unwrap()
    }

    /// Run a command that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run a command that must fail with exit code 1; its stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "thema {args:?}: {err}");
        err
    }

    /// Run a command with `--json`; its parsed stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("valid JSON")
    }
}
