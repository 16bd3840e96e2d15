//! Merge benchmark. Target: merging two coders' 100,000-excerpt projects
//! (2,000 write-ups each, codings made through the logged path, so each file
//! brings its event log too) into a new team project ≤ 5 s.
//!
//! Run with `cargo bench --bench merge`. The two coder files are built once
//! in a temporary folder and removed at the end; with
//! `THEMA_BENCH_DIR=/tmp/somewhere` they are kept there and reused by the
//! next run. `THEMA_MERGE_TIMING=1` prints each phase's time.

use std::path::PathBuf;
use std::sync::OnceLock;
use thema::{Project, synth};

fn main() {
    divan::main();
}

struct Files {
    _dir: Option<tempfile::TempDir>,
    anna: PathBuf,
    bram: PathBuf,
    dir: PathBuf,
}

fn files() -> &'static Files {
    static FILES: OnceLock<Files> = OnceLock::new();
    FILES.get_or_init(|| {
        let (tmp, dir) = match std::env::var_os("THEMA_BENCH_DIR") {
            Some(d) => {
                std::fs::create_dir_all(&d).unwrap();
                (None, PathBuf::from(d))
            }
            None => {
                let t = tempfile::tempdir().unwrap();
                let d = t.path().to_owned();
                (Some(t), d)
            }
        };
        let (anna, bram) = (dir.join("anna.db"), dir.join("bram.db"));
        if anna.exists() && bram.exists() {
            return Files {
                _dir: tmp,
                anna,
                bram,
                dir,
            };
        }
        let base = dir.join("base.db");
        let _ = std::fs::remove_file(&base);
        let mut p = Project::create(&base).unwrap();
        p.set_coder("lead");
        p.import(synth::corpus(42, 2000, 2000, 8), false).unwrap();
        drop(p);
        let mut out = Vec::new();
        for (coder, seed) in [("anna", 7), ("bram", 8)] {
            let path = dir.join(format!("{coder}.db"));
            std::fs::copy(&base, &path).unwrap();
            let mut p = Project::open(&path).unwrap();
            p.set_coder(coder);
            synth::seed_excerpts(&mut p, 100_000, 30, seed).unwrap();
            out.push(path);
        }
        Files {
            anna: out[0].clone(),
            bram: out[1].clone(),
            dir,
            _dir: tmp,
        }
    })
}

/// `thema --project team.db merge anna.db bram.db` into a new project.
#[divan::bench(sample_count = 3)]
fn merge_two_100k_excerpt_projects(bencher: divan::Bencher) {
    let f = files();
    let team = f.dir.join("team.db");
    bencher
        .with_inputs(|| {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", team.display()));
            }
            Project::create(&team).unwrap()
        })
        .bench_local_values(|mut p| {
            let m = p.merge(&[f.anna.clone(), f.bram.clone()]).unwrap();
            assert_eq!(m.excerpts, 200_000);
            p
        });
}
