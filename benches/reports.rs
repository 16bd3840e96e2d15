//! Report benchmarks on a generated corpus: 2,000 documents, 100,000
//! excerpts over 40 codes, 12 themes (4 of them subthemes). Targets:
//! `report full` ≤ 0.5 s, `report frequencies` ≤ 0.2 s.
//!
//! Run with `cargo bench --bench reports`.

use std::cell::RefCell;
use thema::analysis::{self, Level, Measure, QuoteOptions, Selection};
use thema::report::{self, Labels, Lang};
use thema::{Project, synth};

fn main() {
    divan::main();
}

thread_local! {
    static PROJECT: RefCell<Option<Project>> = const { RefCell::new(None) };
}

fn build() -> Project {
    let mut p = Project::in_memory().unwrap();
    p.import(synth::corpus(42, 2000, 2000, 8), false).unwrap();
    synth::seed_excerpts(&mut p, 100_000, 40, 7).unwrap();
    for t in 0..8 {
        let name = format!("Thema {}", t + 1);
        p.create_theme(&name, "Een definitie van dit thema.", None)
            .unwrap();
        let codes: Vec<String> = (0..4).map(|c| format!("C{:02}", t * 4 + c + 1)).collect();
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        p.add_theme_codes(&name, &refs).unwrap();
        if t % 2 == 0 {
            let sub = format!("Subthema {}", t + 1);
            p.create_theme(&sub, "", Some(&name)).unwrap();
            let c = format!("C{:02}", 33 + t);
            p.add_theme_codes(&sub, &[c.as_str()]).unwrap();
        }
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

/// `thema report frequencies --level theme --format md`
#[divan::bench(sample_count = 10)]
fn frequencies(bencher: divan::Bencher) {
    with_project(|p| {
        bencher.bench_local(|| {
            let data = p.coding_data().unwrap();
            let f = analysis::frequencies(&data, "unit", Level::Theme);
            report::frequencies_markdown(&f, &Labels::new(Lang::Nl), Measure::Presence)
        })
    })
}

/// `thema report full --quotes 2 -o rapport.md` (Markdown + both SVGs, no disk I/O).
#[divan::bench(sample_count = 10)]
fn full(bencher: divan::Bencher) {
    with_project(|p| {
        bencher.bench_local(|| {
            let data = p.coding_data().unwrap();
            let freqs = analysis::frequencies(&data, "unit", Level::Both);
            let opts = QuoteOptions {
                by: "unit".into(),
                cite_doc: true,
                show: Vec::new(),
                per_group: Some(2),
                ..Default::default()
            };
            let qc = analysis::quotes(p, &data, &Selection::AllThemes, &opts).unwrap();
            let appendices = analysis::appendices(p, &data, "unit", "consensus").unwrap();
            let md = report::render_full(&report::FullReport {
                title: "Rapport".into(),
                themes: &data.themes,
                freqs: &freqs,
                quotes: &qc,
                stats: &data.stats,
                svg: Some("rapport-matrix.svg".into()),
                lang: Lang::Nl,
                cite_doc: true,
                shown: &[],
                measure: Measure::Presence,
                group_label: None,
                codes: &data.codes,
                label_at: report::LabelAt::Heading,
                privacy: (0, 0),
                fingerprint: report::fingerprint::fingerprint(&data, &p.document_hashes().unwrap()),
                appendices: &appendices,
                saturation_svg: Some("rapport-saturation.svg".into()),
            });
            let saturation = report::saturation::saturation_svg(
                appendices.saturation.as_ref().unwrap(),
                "Rapport",
                &Labels::new(Lang::Nl),
            );
            let svg =
                report::matrix_svg(&freqs, "Rapport", &Labels::new(Lang::Nl), Measure::Presence);
            md.len() + svg.len() + saturation.len()
        })
    })
}
