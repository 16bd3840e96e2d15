//! Scale benchmarks: the commands that must stay interactive, at 100,000 and
//! 1,000,000 excerpts (2,000 write-ups × 2,000 words, 40 codes, 12 themes;
//! see `thema::synth::scale_project`, which builds the corpus in seconds by
//! direct inserts). Each benchmark runs at both sizes, so the growth from
//! 100k to 1M can be read off one run; `floor_dump_json` is the bare SQL
//! dump of the same rows as JSON that `excerpts_json` is compared with.
//!
//! Run with `cargo bench --bench scale` (builds two project files in a
//! temporary folder first: about a minute on the 2-core machine). Never part
//! of `cargo test`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{LazyLock, Mutex};
use thema::analysis::{self, QuoteOptions, Selection};
use thema::model::Span;
use thema::report::{self, Labels, Lang};
use thema::store::{BatchCoding, BatchTarget, ExcerptFilter, Project};

const SIZES: &[usize] = &[100_000, 1_000_000];

fn main() {
    divan::main();
}

struct Fixtures {
    _dir: tempfile::TempDir,
    projects: HashMap<usize, Mutex<Project>>,
}

static FIX: LazyLock<Fixtures> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut projects = HashMap::new();
    for &n in SIZES {
        let t = std::time::Instant::now();
        let path = dir.path().join(format!("scale-{n}.db"));
        let mut p = Project::create(&path).expect("create");
        thema::synth::scale_project(&mut p, n, 7).expect("scale project");
        eprintln!(
            "fixture: {n} excerpts built in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        projects.insert(n, Mutex::new(p));
    }
    Fixtures {
        _dir: dir,
        projects,
    }
});

fn project(n: usize) -> std::sync::MutexGuard<'static, Project> {
    FIX.projects[&n].lock().unwrap()
}

/// A writer that counts bytes and throws them away (stdout to /dev/null).
#[derive(Default)]
struct Sink(usize);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `excerpts --doc S01000 --json`: one document's excerpts.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn excerpts_doc(bencher: divan::Bencher, n: usize) {
    let p = project(n);
    let filter = ExcerptFilter {
        doc: Some("S01000".into()),
        code: None,
    };
    bencher.bench_local(|| {
        let mut out = std::io::BufWriter::new(Sink::default());
        let mut rows = 0;
        p.for_each_excerpt(&filter, |e| {
            serde_json::to_writer(&mut out, &e)?;
            rows += 1;
            Ok(())
        })
        .unwrap();
        assert!(rows > 0);
        rows
    });
}

/// `memo --excerpt ID`: find one excerpt by id.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn excerpt_by_id(bencher: divan::Bencher, n: usize) {
    let p = project(n);
    let id = (n / 2) as i64;
    bencher.bench_local(|| p.excerpt(id).unwrap().id);
}

/// `excerpts --code C07 --json`: one code's excerpts (1/40 of them, plus
/// second codes).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn excerpts_code(bencher: divan::Bencher, n: usize) {
    let p = project(n);
    let filter = ExcerptFilter {
        doc: None,
        code: Some("C07".into()),
    };
    bencher.bench_local(|| {
        let mut out = std::io::BufWriter::new(Sink::default());
        p.for_each_excerpt(&filter, |e| {
            serde_json::to_writer(&mut out, &e)?;
            Ok(())
        })
        .unwrap();
    });
}

/// `excerpts --json`: every excerpt, streamed, as JSON.
#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn excerpts_json(bencher: divan::Bencher, n: usize) {
    let p = project(n);
    bencher.bench_local(|| {
        let mut out = std::io::BufWriter::new(Sink::default());
        p.for_each_excerpt(&ExcerptFilter::default(), |e| {
            serde_json::to_writer(&mut out, &e)?;
            Ok(())
        })
        .unwrap();
    });
}

/// The floor for `excerpts_json`: a bare query of the same rows as JSON.
#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn floor_dump_json(bencher: divan::Bencher, n: usize) {
    let p = project(n);
    bencher.bench_local(|| {
        let mut out = std::io::BufWriter::new(Sink::default());
        p.bench_dump_excerpts_json(&mut out).unwrap()
    });
}

/// `report quotes` (every theme, every quote) as Markdown.
#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn report_quotes(bencher: divan::Bencher, n: usize) {
    let p = project(n);
    let opts = QuoteOptions {
        by: "unit".into(),
        ..Default::default()
    };
    bencher.bench_local(|| {
        let data = p.coding_data().unwrap();
        let qc = analysis::quotes(&p, &data, &Selection::AllThemes, &opts).unwrap();
        report::quotes_markdown(&qc, &Labels::new(Lang::En), report::LabelAt::Heading).len()
    });
}

/// `theme history "Thema 1"`.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn theme_history(bencher: divan::Bencher, n: usize) {
    let p = project(n);
    bencher.bench_local(|| p.theme_history("Thema 1").unwrap().len());
}

/// `code apply --batch` of 10,000 exact sentence spans with one new code
/// each run (one transaction, one event).
#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn batch_10k_spans(bencher: divan::Bencher, n: usize) {
    let mut p = project(n);
    let mut spans: Vec<(String, Span)> = Vec::new();
    for d in 1..=100 {
        let doc = format!("S{d:05}");
        let text = p.document(&doc).unwrap().text;
        for s in thema::text::units(&text, thema::text::Unit::Sentence)
            .into_iter()
            .take(100)
        {
            spans.push((doc.clone(), s));
        }
    }
    assert!(spans.len() >= 10_000, "{} spans", spans.len());
    spans.truncate(10_000);
    let mut run = 0;
    bencher.bench_local(|| {
        run += 1;
        let code = format!("batch {run}");
        let items = spans.iter().map(|(d, s)| {
            Ok(BatchCoding::new(
                Some(d.clone()),
                BatchTarget::Span(*s),
                vec![code.clone()],
            ))
        });
        let o = p.apply_batch(Path::new("bench.jsonl"), items).unwrap();
        assert_eq!(o.spans, 10_000);
    });
}
