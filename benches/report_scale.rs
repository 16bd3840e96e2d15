//! `report full` and `report quotes` as the commands run them (the real
//! command path: snapshot, analysis, privacy check, rendering, the atomic
//! file write), at 100,000 and 1,000,000 excerpts (2,000 write-ups × 2,000
//! words, 40 codes, 12 themes: `thema::synth::scale_project`). Targets:
//! `report full` ≤ 0.5 s at 100,000 excerpts, `report quotes` (every quote
//! of every theme) ≤ 2 s at 1,000,000, growing linearly.
//!
//! Run with `cargo bench --bench report_scale`. Only one scratch project
//! exists at a time (in a temporary folder, deleted when the next size is
//! built and at the end): the 1M file is about 700 MB. Never part of
//! `cargo test`. The same figures for the binary:
//! `cargo run --release --example scale_project -- /tmp/x.db 1000000`, then
//! `/usr/bin/time -v target/release/thema -p /tmp/x.db report quotes
//! --allow-flagged -o /tmp/q.md`.

use clap::Parser;
use std::path::PathBuf;
use std::sync::Mutex;
use thema::{Project, cli::Cli};

const SIZES: &[usize] = &[100_000, 1_000_000];

fn main() {
    divan::main();
    // Delete the last scratch project.
    *SCRATCH.lock().unwrap() = None;
}

/// The one scratch project: (size, its folder).
static SCRATCH: Mutex<Option<(usize, tempfile::TempDir)>> = Mutex::new(None);

/// The project file with `n` excerpts, built on first use; building another
/// size deletes the previous one first.
fn project(n: usize) -> PathBuf {
    let mut slot = SCRATCH.lock().unwrap();
    if slot.as_ref().map(|(k, _)| *k) != Some(n) {
        *slot = None;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("scale.db");
        let t = std::time::Instant::now();
        let mut p = Project::create(&path).expect("create");
        thema::synth::scale_project(&mut p, n, 7).expect("scale project");
        drop(p);
        eprintln!(
            "fixture: {n} excerpts built in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        *slot = Some((n, dir));
    }
    slot.as_ref().unwrap().1.path().join("scale.db")
}

fn run(args: &[&str]) {
    let cli = Cli::try_parse_from(args).expect("arguments");
    thema::commands::run(cli).expect("command");
}

/// `thema report full -o rapport.md` (Markdown, matrix and saturation SVGs).
#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn report_full(bencher: divan::Bencher, n: usize) {
    let db = project(n);
    let out = db.with_file_name("rapport.md");
    let (db, out) = (db.to_str().unwrap(), out.to_str().unwrap());
    bencher.bench_local(|| {
        run(&[
            "thema",
            "-p",
            db,
            "report",
            "full",
            "--allow-flagged",
            "-o",
            out,
        ])
    });
}

/// `thema report quotes -o quotes.md`: every quote of every theme.
#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn report_quotes(bencher: divan::Bencher, n: usize) {
    let db = project(n);
    let out = db.with_file_name("quotes.md");
    let (db, out) = (db.to_str().unwrap(), out.to_str().unwrap());
    bencher.bench_local(|| {
        run(&[
            "thema",
            "-p",
            db,
            "report",
            "quotes",
            "--allow-flagged",
            "-o",
            out,
        ])
    });
}
