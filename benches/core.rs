//! Core benchmarks on a seeded synthetic corpus (see `thema::synth`):
//! 2,000 write-ups × 2,000 words over 8 units.
//!
//! Run with `cargo bench --bench core`. Targets on the 2-core dev machine:
//! import ≤ 1.0 s, autocode of one phrase across the corpus ≤ 0.5 s, a single
//! `code apply` ≤ 1 ms, `excerpts --json` at 100,000 excerpts (reported,
//! next to the line-buffered path it replaced).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use thema::model::Attributes;
use thema::store::{ExcerptFilter, Project};
use thema::text::Unit;

const DOCS: usize = 2000;
const WORDS: usize = 2000;
const UNITS: usize = 8;

fn main() {
    divan::main();
}

struct Fixture {
    _dir: tempfile::TempDir,
    files: PathBuf,
    /// A project holding the corpus (for autocode and single apply).
    corpus: Mutex<Project>,
    /// A project holding the corpus and 100,000 excerpts.
    coded: Mutex<Project>,
}

static FIX: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = dir.path().join("write-ups");
    std::fs::create_dir_all(&files).unwrap();
    let docs = thema::synth::corpus(42, DOCS, WORDS, UNITS);
    for d in &docs {
        let fm = format!(
            "---\nid: {}\nunit: {}\nrole: korpsexpert\n---\n",
            d.id, d.attributes["unit"]
        );
        std::fs::write(
            files.join(format!("{}.md", d.id)),
            format!("{fm}{}", d.text),
        )
        .unwrap();
    }
    let mut corpus = Project::create(&dir.path().join("corpus.db")).unwrap();
    corpus.import(docs.clone(), false).unwrap();
    let mut coded = Project::create(&dir.path().join("coded.db")).unwrap();
    coded.import(docs, false).unwrap();
    thema::synth::seed_excerpts(&mut coded, 100_000, 40, 7).unwrap();
    let hits =
        thema::autocode::find_spans(&corpus, None, "geen pakkans", Some(Unit::Sentence)).unwrap();
    eprintln!(
        "fixture: \"geen pakkans\" is in {} sentences of the corpus",
        hits.len()
    );
    Fixture {
        _dir: dir,
        files,
        corpus: Mutex::new(corpus),
        coded: Mutex::new(coded),
    }
});

static RUN: AtomicUsize = AtomicUsize::new(0);

/// Read, decode and check 2,000 files, then store them in one transaction.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn import_2000_write_ups(bencher: divan::Bencher) {
    let fix = &*FIX;
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap();
            let project = Project::create(&dir.path().join("p.db")).unwrap();
            (dir, project)
        })
        .bench_local_values(|(dir, mut project)| {
            let files = thema::import::collect_files(std::slice::from_ref(&fix.files)).unwrap();
            let batch = thema::import::read_batch(&files, &Attributes::new(), &|_| {});
            assert!(batch.errors.is_empty());
            project.import(batch.documents, false).unwrap();
            (dir, project)
        });
}

/// `code apply NEW --match "geen pakkans" --all --unit sentence`.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn autocode_one_phrase(bencher: divan::Bencher) {
    let fix = &*FIX;
    bencher.bench_local(|| {
        let mut p = fix.corpus.lock().unwrap();
        let spans =
            thema::autocode::find_spans(&p, None, "geen pakkans", Some(Unit::Sentence)).unwrap();
        let code = format!("auto {}", RUN.fetch_add(1, Ordering::Relaxed));
        let coding = p.apply_code_spans(&code, &spans).unwrap();
        assert!(
            coding.applied.len() > 100,
            "the phrase should be common: {}",
            coding.applied.len()
        );
        coding.applied.len()
    });
}

/// One `code apply` of a sentence span in the 2,000-document project.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn apply_one_code(bencher: divan::Bencher) {
    let fix = &*FIX;
    let text = fix.corpus.lock().unwrap().document("S01000").unwrap().text;
    let sentences = thema::text::units(&text, Unit::Sentence);
    bencher.bench_local(|| {
        let mut p = fix.corpus.lock().unwrap();
        let i = RUN.fetch_add(1, Ordering::Relaxed);
        let span = sentences[i % sentences.len()];
        p.apply_code("S01000", span, &format!("single {}", i % 7))
            .unwrap()
    });
}

/// Opening the 2,000-document, 100,000-excerpt project as every command
/// does (header checks, quick_check, migration check).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_coded_project(bencher: divan::Bencher) {
    let fix = &*FIX;
    let path = fix.coded.lock().unwrap().path().to_owned();
    bencher.bench_local(|| Project::open(&path).unwrap());
}

/// `excerpts --json` with 100,000 excerpts as the command prints it: rows
/// streamed from the store into terminal-safe pretty JSON through the
/// output layer's 64 KiB buffer, to /dev/null. Returns the bytes written.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn excerpts_json_100k(bencher: divan::Bencher) {
    use std::io::Write;
    let fix = &*FIX;
    bencher.bench_local(|| {
        let p = fix.coded.lock().unwrap();
        let sink = std::fs::File::create("/dev/null").unwrap();
        let mut out = Counting(std::io::BufWriter::with_capacity(64 * 1024, sink), 0);
        thema::report::json::write_stream(&mut out, |emit| {
            p.for_each_excerpt(&ExcerptFilter::default(), |e| emit(&e))
        })
        .unwrap();
        out.flush().unwrap();
        assert!(out.1 > 90_000 * 100);
        out.1
    });
}

/// What `excerpts --json` did before the output layer, for comparison: every
/// excerpt loaded, then pretty JSON through Rust's line-buffered stdout (one
/// `write(2)` per line), here a `LineWriter` on /dev/null.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn excerpts_json_100k_line_buffered(bencher: divan::Bencher) {
    use std::io::Write;
    let fix = &*FIX;
    bencher.bench_local(|| {
        let all = fix
            .coded
            .lock()
            .unwrap()
            .excerpts(&ExcerptFilter::default())
            .unwrap();
        let sink = std::fs::File::create("/dev/null").unwrap();
        let mut out = Counting(std::io::LineWriter::new(sink), 0);
        serde_json::to_writer_pretty(&mut out, &all).unwrap();
        out.flush().unwrap();
        out.1
    });
}

/// A writer that counts the bytes it passes on.
struct Counting<W>(W, usize);

impl<W: std::io::Write> std::io::Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1 += n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
