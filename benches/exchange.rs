//! Project exchange benchmarks. Targets: importing the real NVivo sample
//! (1 source of 635,000 characters, 97 codings) ≤ 1 s; exporting a
//! 2,000-document / 100,000-excerpt project as `.qdpx` ≤ 5 s.
//!
//! Run with `cargo bench --bench exchange` (the import bench needs
//! ../shared/refi-qda/samples; it is skipped with a note when missing).

use std::cell::RefCell;
use std::path::Path;
use thema::interop::qdpx::{self, Positions, positions::Units};
use thema::{Project, synth};

fn main() {
    divan::main();
}

thread_local! {
    static PROJECT: RefCell<Option<Project>> = const { RefCell::new(None) };
}

const NVIVO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/refi-qda/samples/nvivo-12.6-win-oltas.qdpx"
);

/// `thema import nvivo-12.6-win-oltas.qdpx` into an empty project: read,
/// convert positions, store in one transaction.
#[divan::bench(sample_count = 10)]
fn import_nvivo_sample(bencher: divan::Bencher) {
    if !Path::new(NVIVO).is_file() {
        eprintln!("skipped: {NVIVO} is missing");
        return;
    }
    bencher
        .with_inputs(|| Project::in_memory().unwrap())
        .bench_local_values(|mut p| {
            let (import, _) = qdpx::read(Path::new(NVIVO), Positions::Auto, "bench").unwrap();
            p.import_project(&import, "oltas").unwrap()
        });
}

/// `thema export big.qdpx` of 2,000 documents and 100,000 excerpts.
#[divan::bench(sample_count = 5)]
fn export_2000_docs_100k_excerpts(bencher: divan::Bencher) {
    PROJECT.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Project::in_memory().unwrap();
            p.import(synth::corpus(42, 2000, 2000, 8), false).unwrap();
            synth::seed_excerpts(&mut p, 100_000, 40, 7).unwrap();
            *slot = Some(p);
        }
        let p = slot.as_ref().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("big.qdpx");
        bencher.bench_local(|| {
            let _ = std::fs::remove_file(&out);
            qdpx::export::export(p, &out, Units::Chars).unwrap()
        });
    })
}
