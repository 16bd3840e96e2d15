//! The real binary in a real terminal, shared by the tmux tests: a
//! private tmux server per test (its socket named after the test and the
//! process), 120×40, keys sent after a pause as a person presses them, the
//! screen polled until it shows what is expected, and the server killed
//! when the test ends. Included with `#[path = "common/tmux.rs"] mod
//! tmux_fixture;`.
//!
//! Needs tmux; without it a test fails with a message unless
//! `THEMA_SKIP_TMUX=1` is set ([`need_tmux`]).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub struct Tmux {
    pub socket: String,
    pub session: String,
}

impl Tmux {
    pub fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// Press keys as a person does: after a pause, so command letters are
    /// not taken for a typed word (the workbench's typing guard).
    pub fn send(&self, keys: &[&str]) {
        std::thread::sleep(Duration::from_millis(200));
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success(), "send-keys {keys:?}");
    }

    /// Type text literally, as fast as tmux sends it.
    pub fn type_text(&self, text: &str) {
        assert!(
            self.cmd(&["send-keys", "-t", &self.session, "-l", text])
                .status
                .success()
        );
    }

    pub fn capture(&self) -> String {
        String::from_utf8_lossy(
            &self
                .cmd(&["capture-pane", "-p", "-t", &self.session])
                .stdout,
        )
        .into_owned()
    }

    /// Poll the screen until it contains `needle` and has stopped changing
    /// (or time out with the screen). The needle alone is not enough: a
    /// capture can land while the terminal is still drawing the frame that
    /// brought it, with the rest of the screen from the frame before.
    pub fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        loop {
            let screen = self.capture();
            if screen.contains(needle) && screen == last {
                return screen;
            }
            last = screen.clone();
            if Instant::now() > deadline {
                panic!("timed out waiting for {needle:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn alive(&self) -> bool {
        self.cmd(&["has-session", "-t", &self.session])
            .status
            .success()
    }

    /// Wait until the program in the session has exited.
    pub fn wait_exit(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let dead = self.cmd(&["display-message", "-p", "-t", &self.session, "#{pane_dead}"]);
            let dead = String::from_utf8_lossy(&dead.stdout).trim() == "1";
            if dead || !self.alive() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "thema did not quit:\n{}",
                self.capture()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

/// False (after saying why) when tmux is missing and skipping is allowed;
/// a failure with the way out when it is missing and not allowed.
pub fn need_tmux() -> bool {
    let available = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        if std::env::var("THEMA_SKIP_TMUX").is_ok_and(|v| v == "1") {
            eprintln!("tmux not installed; skipped (THEMA_SKIP_TMUX=1)");
            return false;
        }
        panic!(
            "tmux is not installed: install it (apt-get install tmux) or set THEMA_SKIP_TMUX=1 to skip this test"
        );
    }
    true
}

/// Start `command` in a 120×40 session named `name` on a private tmux
/// server. remain-on-exit is set first (globally, on this private server)
/// so a crash or an early error leaves its message on screen to report.
pub fn start(name: &str, command: &str) -> Tmux {
    let tmux = Tmux {
        socket: format!("thema-{name}-{}", std::process::id()),
        session: name.into(),
    };
    let out = tmux.cmd(&[
        "start-server",
        ";",
        "set-option",
        "-g",
        "remain-on-exit",
        "on",
        ";",
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        "-s",
        &tmux.session,
        command,
    ]);
    assert!(
        out.status.success(),
        "tmux new-session: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmux
}

/// The shell command that opens the workbench on `project` in colour as
/// coder e2e, with `args` after it (`demo`, `tui --consensus agreed`).
pub fn workbench(project: &Path, args: &str) -> String {
    format!(
        "THEMA_CODER=e2e NO_COLOR= {} --project {} {args}",
        assert_cmd::cargo::cargo_bin("thema").display(),
        project.display()
    )
}
