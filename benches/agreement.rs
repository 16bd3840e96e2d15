//! Agreement benchmarks: 3 coders × 2,000 documents × 30 codes, 50,000
//! excerpts per coder (each coder a different seeded sample of sentences).
//! Targets: `agreement --unit sentence` ≤ 2 s, `--unit char` ≤ 5 s, each
//! measured from reading the project to the rendered table.
//!
//! Run with `cargo bench --bench agreement`.

use std::cell::RefCell;
use thema::analysis::{self, AgreementOptions, AgreementUnit};
use thema::{Project, report, synth};

fn main() {
    divan::main();
}

thread_local! {
    static PROJECT: RefCell<Option<Project>> = const { RefCell::new(None) };
}

fn build() -> Project {
    let mut p = Project::in_memory().unwrap();
    p.import(synth::corpus(42, 2000, 2000, 8), false).unwrap();
    for (i, coder) in ["anna", "bram", "carl"].iter().enumerate() {
        p.set_coder(coder);
        synth::seed_excerpts(&mut p, 50_000, 30, 7 + i as u64).unwrap();
    }
    for t in 0..6 {
        let name = format!("Thema {}", t + 1);
        p.create_theme(&name, "", None).unwrap();
        let codes: Vec<String> = (0..5).map(|c| format!("C{:02}", t * 5 + c + 1)).collect();
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        p.add_theme_codes(&name, &refs).unwrap();
    }
    p
}

fn with_project<R>(f: impl FnOnce(&Project) -> R) -> R {
    PROJECT.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(build());
        }
        f(slot.as_ref().unwrap())
    })
}

fn run(p: &Project, unit: AgreementUnit) -> usize {
    let data = p.agreement_data().unwrap();
    let opts = AgreementOptions {
        unit,
        by: "unit".into(),
        ..Default::default()
    };
    let r = analysis::agreement(&data, &opts).unwrap();
    assert_eq!(r.documents.len(), 2000);
    report::agreement_markdown(&r).len()
}

/// `thema agreement --unit sentence` (30 codes + 6 themes, 3 coders).
#[divan::bench(sample_count = 5)]
fn agreement_sentence(bencher: divan::Bencher) {
    with_project(|p| bencher.bench_local(|| run(p, AgreementUnit::Sentence)))
}

/// `thema agreement --unit char`.
#[divan::bench(sample_count = 5)]
fn agreement_char(bencher: divan::Bencher) {
    with_project(|p| bencher.bench_local(|| run(p, AgreementUnit::Char)))
}

/// `thema agreement --disagreements --unit sentence` (the list, not rendered).
#[divan::bench(sample_count = 5)]
fn disagreements_sentence(bencher: divan::Bencher) {
    with_project(|p| {
        bencher.bench_local(|| {
            let data = p.agreement_data().unwrap();
            let opts = AgreementOptions {
                by: "unit".into(),
                ..Default::default()
            };
            analysis::disagreements(&data, &opts)
                .unwrap()
                .disagreements
                .len()
        })
    })
}
