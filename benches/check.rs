//! The privacy check (`thema check`) over every published excerpt: 2,000
//! write-ups × 2,000 words with 100,000 overlapping excerpts (runs of one to
//! four sentences, as `synth::scale_project` makes them), and ten times that
//! (20,000 write-ups, 1,000,000 excerpts), so linear growth can be read off
//! one run. Each write-up gets one planted paragraph with identifiers (an
//! age and a date, a name of its own, an e-mail address and a phone number,
//! a place on the deny-list), so the rules have something to find. Target:
//! ≤ 1 s at 2,000 documents (issue 11). The timing is what `thema check`
//! does after opening the project: read the coding data, check, list.
//!
//! Run with `cargo bench --bench check` (`THEMA_BENCH_CHECK_DOCS=2000` for
//! the small size only). Never part of `cargo test`.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use thema::analysis::privacy;
use thema::store::Project;

fn main() {
    divan::main();
}

fn sizes() -> Vec<usize> {
    std::env::var("THEMA_BENCH_CHECK_DOCS")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![2_000, 20_000])
}

/// A name of its own for write-up `i` ("Kaab", "Kaac", …): capitalized,
/// inside a sentence, in no other document, so the check flags it.
fn name_of(mut i: usize) -> String {
    let mut s = String::from("Ka");
    for _ in 0..3 {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
    }
    s
}

fn planted(i: usize) -> String {
    let name = name_of(i);
    match i % 4 {
        0 => format!("Haar zus van negentien belde in het najaar van 2019 over {name}."),
        1 => format!("De vriend heette volgens haar {name} en woonde in Tilburg."),
        2 => "Mail naar jan.jansen@example.nl of bel 06-12345678 voor meer.".to_owned(),
        _ => format!("Een 17-jarige werd op 12 maart gevonden door {name}."),
    }
}

fn build(docs: usize) -> Project {
    let t = std::time::Instant::now();
    let mut p = Project::in_memory().expect("project");
    let mut corpus = thema::synth::corpus(42, docs, 2000, 8);
    for (i, d) in corpus.iter_mut().enumerate() {
        d.text = d
            .text
            .replacen("\n\n", &format!("\n\n{}\n\n", planted(i)), 1);
        d.sha256 = thema::text::sha256_hex(&d.text);
    }
    p.import(corpus, false).expect("import");
    thema::synth::scale_excerpts(&mut p, docs * 50, 7).expect("excerpts");
    p.add_check_words(true, &["Tilburg".to_owned()])
        .expect("deny list");
    eprintln!(
        "fixture: {docs} documents, {} excerpts built in {:.1} s",
        docs * 50,
        t.elapsed().as_secs_f64()
    );
    p
}

static PROJECTS: LazyLock<Mutex<HashMap<usize, &'static Mutex<Project>>>> =
    LazyLock::new(Default::default);

fn project(docs: usize) -> &'static Mutex<Project> {
    let mut map = PROJECTS.lock().unwrap();
    map.entry(docs)
        .or_insert_with(|| Box::leak(Box::new(Mutex::new(build(docs)))))
}

/// `thema check` over every excerpt reports would publish.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn check_all(bencher: divan::Bencher, docs: usize) {
    let p = project(docs).lock().unwrap();
    let mut findings = 0;
    bencher.bench_local(|| {
        let data = p.coding_data().unwrap();
        findings = privacy::check_project(&p, &data, "unit", None)
            .unwrap()
            .len();
        findings
    });
    eprintln!("check_all({docs}): {findings} findings");
}
