//! Undo and redo of one big autocode: the cost issue 7 measured at 40 s,
//! 4.2 GB and 270 MB of file growth per step (1M excerpts, 840k spans).
//!
//! Builds a seeded corpus (`thema::synth`) with enough sentences, codes
//! `THEMA_BENCH_SPANS` of them (default 100,000) as one change through the
//! batch path `code apply --match --all` uses, then undoes and redoes that
//! change, each in a fresh process so its peak memory (VmHWM) is the undo's
//! own. Prints time, peak memory and how much the project file (main file
//! plus `-wal`) grew per step. Targets at 840k spans: undo ≤ 5 s, ≤ 500 MB,
//! growth a small fraction of the autocode's.
//!
//! Run with `cargo bench --bench undo` (`THEMA_BENCH_SPANS=840000` for the
//! issue's size).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use thema::store::{BatchCoding, BatchTarget, Project};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--phase") {
        phase(&args[i + 1], Path::new(&args[i + 2]));
        return;
    }
    let spans: usize = std::env::var("THEMA_BENCH_SPANS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("undo.db");
    let mut p = Project::create(&path).unwrap();
    p.set_coder("bench");
    // About 140 sentences per 2,000-word write-up.
    let docs = spans / 130 + 1;
    let t = Instant::now();
    p.import(thema::synth::corpus(42, docs, 2000, 8), false)
        .unwrap();
    eprintln!("import of {docs} write-ups: {:.1?}", t.elapsed());
    let items: Vec<(String, thema::model::Span)> = p
        .document_texts()
        .unwrap()
        .into_iter()
        .flat_map(|(id, text)| {
            thema::text::units(&text, thema::text::Unit::Sentence)
                .into_iter()
                .map(move |s| (id.clone(), s))
        })
        .take(spans)
        .collect();
    assert_eq!(items.len(), spans, "the corpus has enough sentences");
    let before = size(&path);
    let t = Instant::now();
    let out = p
        .apply_batch(
            Path::new("bench"),
            items.into_iter().map(|(d, s)| {
                Ok(BatchCoding::new(
                    Some(d),
                    BatchTarget::Span(s),
                    vec!["auto".into()],
                ))
            }),
        )
        .unwrap();
    let grew = size(&path) - before;
    println!(
        "autocode of {spans} spans ({} links): {:.2?}, file +{:.1} MB",
        out.codings_added,
        t.elapsed(),
        mb(grew)
    );
    drop(p);
    if let Ok(keep) = std::env::var("THEMA_BENCH_KEEP") {
        // A copy of the project right before the undo, to study the queries.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute("VACUUM INTO ?", [keep]).unwrap();
    }
    for step in ["undo", "redo", "undo"] {
        let status = Command::new(std::env::current_exe().unwrap())
            .args(["--phase", step])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
    }
    println!("(autocode growth for comparison: {:.1} MB)", mb(grew));
}

/// One undo or redo in this process; prints its time, peak memory, growth.
fn phase(step: &str, path: &Path) {
    let before = size(path);
    let mut p = Project::open(path).unwrap();
    p.set_coder("bench");
    let (t, cpu0) = (Instant::now(), cpu_seconds());
    let done = match step {
        "undo" => p.undo(),
        _ => p.redo(),
    }
    .unwrap();
    let took = t.elapsed();
    let cpu = cpu_seconds() - cpu0;
    drop(p);
    assert!(done.is_some(), "{step} did something");
    println!(
        "{step}: {took:.2?} (CPU {cpu:.2} s), peak memory {:.0} MB, file +{:.1} MB",
        peak_kb() as f64 / 1024.0,
        mb(size(path) - before)
    );
}

/// The project file and its `-wal`, in bytes.
fn size(path: &Path) -> i64 {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    [path.to_owned(), wal]
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len() as i64).unwrap_or(0))
        .sum()
}

fn mb(bytes: i64) -> f64 {
    bytes as f64 / 1e6
}

/// User plus system CPU time of this process so far, in seconds. On a busy
/// machine wall time mostly measures the wait for a core; this is the work.
fn cpu_seconds() -> f64 {
    // Fields 14 and 15 of /proc/self/stat (after the parenthesised name),
    // in clock ticks of 1/100 s on Linux.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

/// VmHWM: the peak resident memory of this process, in kB.
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
