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

/// One run of the binary with what it cost: CPU time (user + system, of that
/// process alone, so other tests running at the same time do not count) and
/// peak resident memory.
pub struct Measured {
    pub out: Output,
    pub cpu: f64,
    pub max_rss_kb: i64,
}

impl T {
    /// Run `thema args` and measure it (see [`Measured`]).
    #[cfg(unix)]
    // The child is reaped by `wait4` below (which also gives its rusage),
    // not by `Child::wait`.
    #[allow(clippy::zombie_processes)]
    pub fn measured(&self, args: &[&str]) -> Measured {
        use std::io::Read;
        use std::os::unix::process::ExitStatusExt;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("thema"))
            .current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env("THEMA_CODER", "tester")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut so = child.stdout.take().unwrap();
        let mut se = child.stderr.take().unwrap();
        let o = std::thread::spawn(move || {
            let mut v = Vec::new();
            so.read_to_end(&mut v).unwrap();
            v
        });
        let e = std::thread::spawn(move || {
            let mut v = Vec::new();
            se.read_to_end(&mut v).unwrap();
            v
        });
        let mut status = 0;
        // SAFETY: plain wait4 on our own child, with valid pointers.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = child.id() as libc::pid_t;
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        assert_eq!(r, pid, "wait4");
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Measured {
            out: Output {
                status: std::process::ExitStatus::from_raw(status),
                stdout: o.join().unwrap(),
                stderr: e.join().unwrap(),
            },
            cpu: secs(ru.ru_utime) + secs(ru.ru_stime),
            max_rss_kb: ru.ru_maxrss,
        }
    }

    /// [`T::measured`] of a command that must succeed.
    #[cfg(unix)]
    pub fn ok_measured(&self, args: &[&str]) -> Measured {
        let m = self.measured(args);
        assert!(
            m.out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&m.out.stderr)
        );
        m
    }
}

/// Fails unless going from `n` to `10 n` items cost at most about ten times
/// the work: `small` and `big` are the CPU seconds at `n` and `10 n`, `base`
/// the cost of the same command on (almost) nothing (start-up, opening the
/// project), which is subtracted. Linear work grows ~10×, quadratic ~100×;
/// the bound is 25× (noise, caches), with the small side counted as at least
/// 20 ms so that a tiny run does not make the ratio meaningless. CPU time,
/// not wall time, so a busy machine does not fail it.
pub fn assert_linear(what: &str, small: f64, big: f64, base: f64) {
    let s = (small - base).max(0.02);
    let b = (big - base).max(0.0);
    eprintln!("{what}: {small:.3} s CPU at n, {big:.3} s at 10 n (start-up {base:.3} s)");
    assert!(
        b <= 25.0 * s,
        "{what} grew {:.0}× from n to 10 n ({small:.3} s → {big:.3} s CPU): not linear",
        b / s
    );
}
