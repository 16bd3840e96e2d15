//! The privacy check (`thema check`): passages in text about to be published
//! that may identify someone. A date plus an age can identify a victim in a
//! study of six named units, so the rules look for what write-ups carry
//! without noticing: dates and months or seasons with a year, ages ("van
//! negentien", "17-jarige", "eind twintig", "aged 19"), e-mail addresses,
//! phone numbers, postcodes, licence plates, IBANs, URLs and handles,
//! capitalized names that the project has not allowed, and a project
//! deny-list (e.g. real place names). Dutch and English. Pure: text in,
//! findings out; the store keeps the lists and the reviewed findings.

use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// One passage that may identify someone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule: date, age, email, phone, postcode, plate, iban, url,
    /// handle, name, denied.
    pub rule: &'static str,
    /// The flagged words, as they are in the text.
    pub words: String,
    /// Byte range in the checked text.
    pub start: usize,
    pub end: usize,
}

const MONTHS: &str = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october";
const SEASONS: &str = "voorjaar|lente|zomer|najaar|herfst|winter|spring|summer|autumn|fall";
const NUM_WORDS: &str = "twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|twintig|eenentwintig|tweeëntwintig|drieëntwintig|vierentwintig|vijfentwintig|dertig|veertig|vijftig|zestig|zeventig|tachtig";
const DECADES: &str = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|twenties|thirties|forties|fifties|sixties|seventies|eighties";

fn rules() -> &'static [(&'static str, Regex)] {
    static R: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    R.get_or_init(|| {
        let r = |s: &str| Regex::new(s).expect("privacy rule compiles");
        vec![
            // Dates: ISO and day-month-year numbers; a day with a month; a
            // month or season with a year or "dit/vorig jaar".
            ("date", r(r"(?-u:\b)(?:19|20)\d\d-[01]\d-[0-3]\d(?-u:\b)|(?-u:\b)[0-3]?\d[-/.][01]?\d[-/.](?:19|20)?\d\d(?-u:\b)")),
            ("date", r(&format!(
                r"(?i)(?-u:\b)(?:[0-3]?\d\s+(?:{MONTHS})|(?:{MONTHS}|{SEASONS})(?:\s+(?:van\s+|of\s+)?(?:(?:19|20)\d\d|dit\s+jaar|vorig\s+jaar|this\s+year|last\s+year)|\s+[0-3]?\d(?:st|nd|rd|th)?(?-u:\b)))"
            ))),
            // Ages.
            ("age", r(&format!(
                r"(?i)(?-u:\b)(?:\d{{1,2}}|{NUM_WORDS})-?jarige?(?-u:\b)|(?-u:\b)(?:{NUM_WORDS})jarige?(?-u:\b)|(?-u:\b)(?:van|aged?)\s+(?:\d{{1,2}}|{NUM_WORDS})(?:\s+jaar(?:\s+oud)?)?(?-u:\b)(?:\s|[,.;:)]|$)|(?-u:\b)\d{{1,2}}\s+(?:jaar\s+oud|years?\s+old)(?-u:\b)|(?-u:\b)\d{{1,2}}-years?-old(?-u:\b)|(?-u:\b)(?:begin|midden|eind|early|mid|late)[- ](?:de\s+|in\s+(?:her|his|their)\s+)?(?:{DECADES})(?-u:\b)"
            ))),
            ("email", r(r"(?-u:\b)[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?-u:\b)")),
            ("url", r(r"(?i)(?-u:\b)https?://\S+|(?-u:\b)www\.\S+")),
            ("handle", r(r"(?:^|[^\w@.])(@[A-Za-z0-9_]{2,})")),
            ("phone", r(r"(?:\+\d{2}[\s-]?|(?-u:\b)0)\d{1,3}[\s-]?\d{3}[\s-]?\d{3,4}(?-u:\b)|(?-u:\b)06[\s-]?\d{8}(?-u:\b)")),
            ("postcode", r(r"(?-u:\b)[1-9]\d{3}\s?[A-Z]{2}(?-u:\b)")),
            ("iban", r(r"(?-u:\b)[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d{2,4}){2,5}(?-u:\b)")),
            ("plate", r(r"(?-u:\b)(?:[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3})(?-u:\b)")),
        ]
    })
}

/// "van negen maanden", "van tien jaar geleden", "van twaalf uur": a number
/// of something else, not how old someone is.
fn not_an_age(after: &str, words: &str) -> bool {
    const UNITS: &[&str] = &[
        "maand", "maanden", "week", "weken", "dag", "dagen", "uur", "uren", "minuten", "jaren",
        "euro", "keer", "procent", "zaken", "geleden", "months", "weeks", "days", "hours",
        "minutes", "years", "times", "cases", "percent",
    ];
    let next = after
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let lower = words.to_lowercase();
    (lower.starts_with("van ") || lower.starts_with("age")) && UNITS.contains(&next)
}

/// Country, nationality and institution names that are capitalized in a
/// write-up without pointing at a person or a case.
const NOT_NAMES: &[&str] = &[
    "Nederland",
    "Nederlands",
    "Nederlandse",
    "Nederlandstalig",
    "Nederlandstalige",
    "Belgisch",
    "Belgische",
    "België",
    "Duits",
    "Duitse",
    "Duitsland",
    "Engels",
    "Engelse",
    "Europa",
    "Europese",
    "Roemeens",
    "Roemeense",
    "Bulgaarse",
    "Oost-Europese",
    "Koninklijke",
    "Marechaussee",
    "Openbaar",
    "Ministerie",
    "Politie",
    "Nationale",
    "Landelijke",
    "Eenheid",
    "Rijksrecherche",
    "Belastingdienst",
    "Inspectie",
    "Justitie",
    "Veiligheid",
    "Europol",
    "Interpol",
    "Dutch",
    "Netherlands",
    "English",
    "European",
    "Europe",
    "Police",
    "National",
];

/// Small words that start a Dutch or English sentence or clause in
/// capitals without being a name.
fn capitalized_name(word: &str) -> bool {
    let mut cs = word.chars();
    let Some(first) = cs.next() else {
        return false;
    };
    let rest: String = cs.collect();
    first.is_uppercase()
        && rest.chars().count() >= 2
        && rest
            .chars()
            .all(|c| c.is_lowercase() || c == '\'' || c == '’')
}

/// Scan `text`. `allow`: words never flagged as names (case-insensitive);
/// `deny`: terms always flagged (case-insensitive, whole words); `common`:
/// capitalized words seen in several documents of the project (institutions,
/// nationalities), which are not names of a person or place in one case.
pub fn scan(
    text: &str,
    allow: &[String],
    deny: &[String],
    common: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for (rule, re) in rules() {
        for c in re.captures_iter(text) {
            let m = c.get(1).unwrap_or_else(|| c.get(0).expect("match"));
            let words = m.as_str().trim_end_matches([',', '.', ';', ':', ')', ' ']);
            if *rule == "plate"
                && !(words.chars().any(|c| c.is_ascii_digit())
                    && words.chars().any(|c| c.is_ascii_uppercase()))
            {
                continue;
            }
            if words.is_empty() || (*rule == "age" && not_an_age(&text[m.end()..], words)) {
                continue;
            }
            out.push(Finding {
                rule,
                words: words.to_owned(),
                start: m.start(),
                end: m.start() + words.len(),
            });
        }
    }
    let lower = text.to_lowercase();
    for term in deny.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let t = term.to_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find(&t) {
            let (s, e) = (from + i, from + i + t.len());
            let before = lower[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = lower[e..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            // `to_lowercase` can change byte lengths; only report ranges that
            // are valid in the original text.
            if before && after && text.is_char_boundary(s) && text.is_char_boundary(e) {
                out.push(Finding {
                    rule: "denied",
                    words: text[s..e].to_owned(),
                    start: s,
                    end: e,
                });
            }
            from = e;
        }
    }
    // Capitalized words inside a sentence (not after . ! ? : or a quote or at
    // the start), not allowed, not common in the project.
    let allowed = |w: &str| allow.iter().any(|a| a.eq_ignore_ascii_case(w));
    let mut prev_end = String::new();
    for (i, w) in text.split_word_bound_indices() {
        if w.chars().all(char::is_whitespace) {
            continue;
        }
        let sentence_start = prev_end.is_empty()
            || prev_end.ends_with([
                '.', '!', '?', ':', '“', '"', '‘', '(', '\n', '—', '–', ';', ']', '…',
            ])
            || prev_end == "-";
        if !sentence_start
            && capitalized_name(w)
            && !allowed(w)
            && !common(w)
            && !NOT_NAMES.contains(&w)
        {
            out.push(Finding {
                rule: "name",
                words: w.to_owned(),
                start: i,
                end: i + w.len(),
            });
        }
        prev_end = w.to_owned();
    }
    // One finding per passage: drop any contained in an earlier, longer one.
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<Finding> = Vec::new();
    for f in out {
        if kept.last().is_some_and(|k| f.start < k.end) {
            continue;
        }
        kept.push(f);
    }
    kept
}

use unicode_segmentation::UnicodeSegmentation;

/// What each rule means, for the output.
pub fn rule_text(rule: &str) -> &'static str {
    match rule {
        "date" => "a date, or a month or season with a year",
        "age" => "an age",
        "email" => "an e-mail address",
        "url" => "a URL",
        "handle" => "a social-media handle",
        "phone" => "a phone number",
        "postcode" => "a postcode",
        "iban" => "a bank account number (IBAN)",
        "plate" => "a licence plate",
        "name" => "a capitalized name not on the project's allow-list",
        "denied" => "a term on the project's deny-list",
        _ => "a possible identifier",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(text: &str) -> Vec<(&'static str, String)> {
        scan(text, &[], &["Tilburg".into()], &|_| false)
            .into_iter()
            .map(|f| (f.rule, f.words))
            .collect()
    }

    #[test]
    fn positive_sentences_each_kind() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "Het gebeurde in het najaar van 2019.",
                "date",
                "najaar van 2019",
            ),
            (
                "Ze meldde zich in januari van dit jaar.",
                "date",
                "januari van dit jaar",
            ),
            ("Op 12 maart kwam de aangifte.", "date", "12 maart"),
            ("Het interview was op 2020-08-12.", "date", "2020-08-12"),
            ("It happened in March 2020.", "date", "March 2020"),
            ("Haar zus van negentien belde.", "age", "van negentien"),
            ("Een 17-jarige werd gevonden.", "age", "17-jarige"),
            ("Een vrouw van eind twintig.", "age", "eind twintig"),
            ("A woman in her late twenties.", "age", "late twenties"),
            ("The victim, aged 19, called.", "age", "aged 19"),
            (
                "Mail naar jan.jansen@example.nl graag.",
                "email",
                "jan.jansen@example.nl",
            ),
            ("Bel 06-12345678 voor meer.", "phone", "06-12345678"),
            ("Het adres is 5038 EB in de stad.", "postcode", "5038 EB"),
            (
                "De auto had kenteken 12-ABC-3 volgens getuigen.",
                "plate",
                "12-ABC-3",
            ),
            (
                "Geld ging naar NL91 ABNA 0417 1643 00 zei hij.",
                "iban",
                "NL91 ABNA 0417 1643 00",
            ),
            (
                "Zie https://example.org/profiel voor het profiel.",
                "url",
                "https://example.org/profiel",
            ),
            ("Ze volgde @model_anna op de site.", "handle", "@model_anna"),
            ("Ze woonde toen in Tilburg.", "denied", "Tilburg"),
            (
                "De vriend heette volgens haar Kevin en werkte thuis.",
                "name",
                "Kevin",
            ),
        ];
        for (text, rule, words) in cases {
            let got = rules_of(text);
            assert!(
                got.iter().any(|(r, w)| r == rule && w == words),
                "{text}: expected {rule} {words:?}, got {got:?}"
            );
        }
    }

    #[test]
    fn negative_sentences_raise_nothing() {
        for text in [
            "De politie ziet het vrijwel nooit zelf.",
            "In de eerste zaak stapte een vriendin naar het bureau.",
            "Het Openbaar Ministerie vervolgde voor andere feiten.",
            "Er zijn zes eenheden en tien zaken van mensenhandel.",
            "Volgens de geïnterviewde is het een topje van de ijsberg.",
            "The unit sees two or three cases a year.",
            "Dat kost 1500 euro per maand.",
            "Zij werkt al jaren samen met de zorgcoördinator.",
            "Ze vergelijkt het met de zaken van tien jaar geleden.",
            "Over een periode van negen maanden verdiende zij weinig.",
            "Zij moest diensten van twaalf uur draaien.",
            "Het kwam van een moeder. […] Uiteindelijk stopte het.",
            "Niet in Nederland, wel bij de Koninklijke Marechaussee.",
        ] {
            let got = scan(text, &[], &[], &|w| ["Openbaar", "Ministerie"].contains(&w));
            assert!(got.is_empty(), "{text}: {got:?}");
        }
    }

    #[test]
    fn allow_list_silences_a_name() {
        let t = "De vriend heette Kevin.";
        assert_eq!(scan(t, &["kevin".into()], &[], &|_| false), vec![]);
    }
}

/// A finding in an excerpt of the project.
#[derive(Debug, Clone, Serialize)]
pub struct ExcerptFinding {
    pub excerpt: i64,
    pub doc: String,
    pub group: String,
    pub rule: &'static str,
    pub words: String,
    /// Accepted earlier (`thema check --accept`).
    pub reviewed: bool,
}

/// Check the text each excerpt would be published with (its display version
/// when it has one): every non-orphaned, non-excluded excerpt, or only those
/// in `only`. Capitalized words that occur in excerpts of two or more
/// documents count as common (institutions, nationalities), not as names.
pub fn check_project(
    project: &crate::store::Project,
    data: &crate::store::CodingData,
    by: &str,
    only: Option<&std::collections::HashSet<i64>>,
) -> crate::error::Result<Vec<ExcerptFinding>> {
    use std::collections::{HashMap, HashSet};
    let marks = project.quote_marks()?;
    let (allow, deny) = project.check_lists()?;
    let reviewed = project.reviewed_findings()?;
    let grouping = super::Grouping::new(data, by);
    let docs: HashMap<i64, &crate::store::DocRow> = data.docs.iter().map(|d| (d.key, d)).collect();
    let chosen: Vec<&crate::store::ExcerptRow> = data
        .excerpts
        .iter()
        .filter(|e| !e.orphan && !marks.get(&e.id).is_some_and(|m| m.excluded))
        .filter(|e| only.is_none_or(|o| o.contains(&e.id)))
        .collect();
    let ids: Vec<i64> = chosen.iter().map(|e| e.id).collect();
    let texts = project.excerpt_texts(&ids)?;
    let text_of = |id: i64| -> &str {
        marks
            .get(&id)
            .and_then(|m| m.display.as_deref())
            .or_else(|| texts.get(&id).map(String::as_str))
            .unwrap_or("")
    };
    let mut seen_in: HashMap<&str, HashSet<i64>> = HashMap::new();
    for e in &chosen {
        for w in text_of(e.id).split_word_bounds() {
            if capitalized_name(w) {
                seen_in.entry(w).or_default().insert(e.doc);
            }
        }
    }
    let common = |w: &str| seen_in.get(w).is_some_and(|d| d.len() >= 2);
    let mut out = Vec::new();
    for e in chosen {
        for f in scan(text_of(e.id), &allow, &deny, &common) {
            let doc = docs.get(&e.doc);
            let group = grouping
                .doc_group
                .get(&e.doc)
                .map(|&g| grouping.groups[g].clone())
                .unwrap_or_default();
            out.push(ExcerptFinding {
                excerpt: e.id,
                doc: doc.map(|d| d.name.clone()).unwrap_or_default(),
                group,
                reviewed: reviewed.contains(&(e.id, f.rule.to_owned(), f.words.clone())),
                rule: f.rule,
                words: f.words,
            });
        }
    }
    out.sort_by(|a, b| crate::text::natural_cmp(&a.doc, &b.doc).then(a.excerpt.cmp(&b.excerpt)));
    Ok(out)
}
