//! Build a project file at scale for measuring commands by hand:
//!
//! ```sh
//! cargo run --release --example scale_project -- big.db 1000000
//! /usr/bin/time -v target/release/thema -p big.db excerpts --doc S01000 --json >/dev/null
//! ```
//!
//! 2,000 write-ups × 2,000 words, the given number of excerpts over 40
//! codes, 12 themes (see `thema::synth::scale_project`). The excerpts are
//! inserted directly and are not in the undo log.

fn main() -> thema::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, n] = args.as_slice() else {
        eprintln!("usage: scale_project FILE.db EXCERPTS");
        std::process::exit(1);
    };
    let n: usize = n.parse().expect("EXCERPTS is a number");
    let started = std::time::Instant::now();
    let mut p = thema::Project::create(std::path::Path::new(path))?;
    thema::synth::scale_project(&mut p, n, 7)?;
    eprintln!(
        "built {path} with {n} excerpts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
