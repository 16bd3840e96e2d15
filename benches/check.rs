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

/// A name of its own for write-up `i` ("Kaaaaa", "Kabaaa", …):
/// capitalized, inside a sentence, in no other document (up to 26⁴
/// write-ups), so the check flags it.
fn name_of(mut i: usize) -> String {
    let mut s = String::from("Ka");
    for _ in 0..4 {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
    }
    s
}

/// How many findings write-up `i`'s planted sentence holds.
fn planted_findings(i: usize) -> usize {
    [3, 2, 2, 3][i % 4]
}

/// The findings the check must report, counted independently of it: every
/// excerpt that contains a write-up's planted sentence holds its findings,
/// and the synthetic prose around them has none.
fn expected_findings(p: &Project) -> usize {
    let data = p.coding_data().unwrap();
    let mut planted_at = std::collections::HashMap::new();
    for d in &data.docs {
        let i: usize = d.name[1..].parse::<usize>().unwrap() - 1;
        let text = p.document(&d.name).unwrap().text;
        let s = text.find(&planted(i)).unwrap();
        planted_at.insert(d.key, (s, s + planted(i).len(), planted_findings(i)));
    }
    data.excerpts
        .iter()
        .map(|e| {
            let (s, end, n) = planted_at[&e.doc];
            if e.start <= s && end <= e.end { n } else { 0 }
        })
        .sum()
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

/// CPU time of this thread: on the shared 2-core machine wall time
/// mostly measures the wait for a core, so the bench reports both.
fn thread_cpu() -> std::time::Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// `thema check` over every excerpt reports would publish.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn check_all(bencher: divan::Bencher, docs: usize) {
    let p = project(docs).lock().unwrap();
    let mut findings = 0;
    let mut cpu = Vec::new();
    bencher.bench_local(|| {
        let t = thread_cpu();
        let data = p.coding_data().unwrap();
        findings = privacy::check_project(&p, &data, "unit", None)
            .unwrap()
            .len();
        cpu.push(thread_cpu() - t);
        findings
    });
    cpu.sort();
    assert_eq!(
        findings,
        expected_findings(&p),
        "findings at {docs} documents"
    );
    eprintln!(
        "check_all({docs}): {findings} findings; CPU time per check: fastest {:.3} s, median {:.3} s",
        cpu[0].as_secs_f64(),
        cpu[cpu.len() / 2].as_secs_f64()
    );
}
