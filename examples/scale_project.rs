//! Build a project file at scale for measuring commands by hand:
//!
//! ```sh
//! cargo run --release --example scale_project -- big.db 1000000
//! /usr/bin/time -v target/release/thema -p big.db excerpts --doc S01000 --json >/dev/null
//! ```
//!
//! 2,000 write-ups × 2,000 words, the given number of excerpts over 40
//! codes, 12 themes (see `thema::synth::scale_project`). The excerpts are
//! inserted directly and are not in the undo log. Two more arguments set
//! the number of write-ups and their words: `-- big.db 100000 20000 500`.

fn main() -> thema::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, n, docs, words) = match args.as_slice() {
        [path, n] => (path, n, "2000", "2000"),
        [path, n, docs, words] => (path, n, docs.as_str(), words.as_str()),
        _ => {
            eprintln!("usage: scale_project FILE.db EXCERPTS [DOCUMENTS WORDS]");
            std::process::exit(1);
        }
    };
    let number = |s: &str, what: &str| -> usize {
        s.parse()
            .unwrap_or_else(|_| panic!("{what} is a number, not {s:?}"))
    };
    let n = number(n, "EXCERPTS");
    let started = std::time::Instant::now();
    let mut p = thema::Project::create(std::path::Path::new(path))?;
    thema::synth::scale_project_sized(
        &mut p,
        number(docs, "DOCUMENTS"),
        number(words, "WORDS"),
        n,
        7,
    )?;
    eprintln!(
        "built {path} with {n} excerpts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
