//! Seeded synthetic corpora for benchmarks and scale tests.
//!
//! Benchmarks must not depend on files outside the repository, and their
//! numbers must be comparable between runs, so the corpus is generated in
//! process from a fixed seed: Dutch-looking words, sentences of 6–22 words,
//! paragraphs of 2–6 sentences, topic headings, and a `unit` attribute cycling
//! through the given number of police units.

use crate::Result;
use crate::model::{Attributes, Span};
use crate::store::{NewDocument, Project};

const WORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "politie",
    "eenheid",
    "melding",
    "webcam",
    "slachtoffer",
    "verdachte",
    "platform",
    "zicht",
    "sector",
    "capaciteit",
    "kennis",
    "onderzoek",
    "recherche",
    "signalen",
    "hulpverlening",
    "uitbuiting",
    "mensenhandel",
    "online",
    "bewijs",
    "pakkans",
    "geïnterviewde",
    "zegt",
    "dat",
    "niet",
    "geen",
    "wel",
    "vaak",
    "nooit",
    "model",
    "account",
    "betaling",
    "collega",
    "team",
    "officier",
    "justitie",
    "corona",
    "branche",
    "controle",
    "gesprek",
    "vrouwen",
    "jaar",
    "zaak",
    "zaken",
    "risico",
    "klein",
    "groot",
    "moeilijk",
    "eenvoudig",
    "naar",
    "met",
    "voor",
    "over",
    "in",
    "op",
    "bij",
    "ook",
    "privéhuis",
    "café",
    "één",
    "overleg",
    "analist",
    "systeem",
    "zoekterm",
    "netwerk",
    "buitenland",
];

/// A tiny deterministic PRNG (SplitMix64): no dependency, same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }
}

const ROMAN: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// The text of one write-up of roughly `words` words.
pub fn write_up(rng: &mut Rng, title: &str, words: usize) -> String {
    let mut out = format!("# {title}\n\n");
    let mut n = 0;
    while n < words {
        if rng.range(0, 5) == 0 {
            out.push_str(&format!("## Onderwerp {}\n\n", rng.range(1, 40)));
        }
        for s in 0..rng.range(2, 6) {
            if s > 0 {
                out.push(' ');
            }
            let len = rng.range(6, 22);
            for w in 0..len {
                let word = WORDS[rng.range(0, WORDS.len() - 1)];
                if w == 0 {
                    let mut c = word.chars();
                    if let Some(f) = c.next() {
                        out.extend(f.to_uppercase());
                        out.push_str(c.as_str());
                    }
                } else {
                    out.push(' ');
                    out.push_str(word);
                }
            }
            out.push('.');
            n += len;
        }
        out.push_str("\n\n");
    }
    out
}

/// `docs` write-ups of about `words` words each, spread over `units` units.
pub fn corpus(seed: u64, docs: usize, words: usize, units: usize) -> Vec<NewDocument> {
    let mut rng = Rng::new(seed);
    (0..docs)
        .map(|i| {
            let id = format!("S{:05}", i + 1);
            let text = write_up(&mut rng, &format!("Interview {id}"), words);
            let mut attributes = Attributes::new();
            let unit = ROMAN.get(i % units.max(1)).copied().unwrap_or("?");
            attributes.insert("unit".into(), format!("Politie-eenheid {unit}"));
            attributes.insert("role".into(), "korpsexpert mensenhandel".into());
            let sha256 = crate::text::sha256_hex(&text);
            NewDocument {
                id,
                text,
                sha256,
                attributes,
                source: None,
            }
        })
        .collect()
}

/// Code `n` distinct sentences spread over all documents with `codes`
/// distinct codes (`C01`, `C02`, …); every fifth excerpt gets a second code so
/// multi-code excerpts exist too. Batched, so it stays quick.
pub fn seed_excerpts(project: &mut Project, n: usize, codes: usize, seed: u64) -> Result<()> {
    let mut pool: Vec<(String, Span)> = project
        .document_texts()?
        .into_iter()
        .flat_map(|(id, text)| {
            crate::text::units(&text, crate::text::Unit::Sentence)
                .into_iter()
                .map(move |s| (id.clone(), s))
        })
        .collect();
    let n = n.min(pool.len());
    let mut rng = Rng::new(seed);
    // Partial Fisher–Yates: the first n entries become a random sample.
    for i in 0..n {
        let j = rng.range(i, pool.len() - 1);
        pool.swap(i, j);
    }
    let codes = codes.max(1);
    let mut per_code: Vec<Vec<(String, Span)>> = vec![Vec::new(); codes];
    for (i, item) in pool.into_iter().take(n).enumerate() {
        if i % 5 == 0 {
            per_code[(i + 1) % codes].push(item.clone());
        }
        per_code[i % codes].push(item);
    }
    for (c, spans) in per_code.iter().enumerate() {
        for chunk in spans.chunks(5000) {
            project.apply_code_spans(&format!("C{:02}", c + 1), chunk)?;
        }
    }
    Ok(())
}

/// A project at scale for benchmarks: 2,000 write-ups × 2,000 words over 8
/// units, `excerpts` excerpts over 40 codes (every fifth with a second code)
/// and 12 themes (4 of them subthemes) over those codes. Excerpts are runs
/// of one to four consecutive sentences, so a million distinct spans exist;
/// they are inserted directly in one transaction
/// ([`Project::bench_insert_excerpts`]), which builds a million in seconds.
/// Not undoable: for benchmarks only.
pub fn scale_project(project: &mut Project, excerpts: usize, seed: u64) -> Result<()> {
    scale_project_sized(project, 2000, 2000, excerpts, seed)
}

/// [`scale_project`] with `docs` write-ups of `words` words each (the
/// workbench is measured at 20,000 documents too).
pub fn scale_project_sized(
    project: &mut Project,
    docs: usize,
    words: usize,
    excerpts: usize,
    seed: u64,
) -> Result<()> {
    project.import(corpus(42, docs, words, 8), false)?;
    scale_excerpts(project, excerpts, seed)
}

/// The excerpts and themes of [`scale_project_sized`] over the documents
/// already in `project` (benchmarks that import their own corpus, e.g. one
/// with planted identifiers for the privacy check).
pub fn scale_excerpts(project: &mut Project, excerpts: usize, seed: u64) -> Result<()> {
    let mut pool: Vec<(String, Span)> = Vec::new();
    for (id, text) in project.document_texts()? {
        let sentences = crate::text::units(&text, crate::text::Unit::Sentence);
        for run in 1..=4 {
            for w in sentences.windows(run) {
                pool.push((id.clone(), w[0].cover(&w[run - 1])));
            }
        }
    }
    let n = excerpts.min(pool.len());
    let mut rng = Rng::new(seed);
    for i in 0..n {
        let j = rng.range(i, pool.len() - 1);
        pool.swap(i, j);
    }
    pool.truncate(n);
    // Grouped by document, so the insert reads each text once.
    pool.sort();
    let codes: Vec<String> = (1..=40).map(|c| format!("C{c:02}")).collect();
    let rows = pool.into_iter().enumerate().map(|(i, (doc, span))| {
        let mut cs = vec![(i * 7 + 3) % 40];
        if i % 5 == 0 {
            cs.push((i * 7 + 4) % 40);
        }
        (doc, span, cs)
    });
    project.bench_insert_excerpts(&codes, rows)?;
    for t in 0..8 {
        let name = format!("Thema {}", t + 1);
        let cs: Vec<String> = (0..4).map(|c| format!("C{:02}", t * 4 + c + 1)).collect();
        let refs: Vec<&str> = cs.iter().map(String::as_str).collect();
        project.create_theme_with_codes(&name, "Een definitie van dit thema.", None, &refs)?;
        if t % 2 == 0 {
            let sub = format!("Subthema {}", t + 1);
            let c = format!("C{:02}", 33 + t);
            project.create_theme_with_codes(&sub, "", Some(&name), &[c.as_str()])?;
        }
    }
    Ok(())
}
