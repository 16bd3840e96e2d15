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
use std::collections::HashSet;
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

/// What a paragraph must contain for a rule to be able to match in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Always,
    Digit,
    At,
    Url,
}

fn need_of(rule: &str, index: usize) -> Need {
    match rule {
        "date" if index == 0 => Need::Digit,
        "phone" | "postcode" | "iban" | "plate" => Need::Digit,
        "email" | "handle" => Need::At,
        "url" => Need::Url,
        _ => Need::Always,
    }
}

/// The rules, compiled once, each with what a paragraph needs for it.
fn rules() -> &'static [(&'static str, Need, Regex)] {
    static C: OnceLock<Vec<(&'static str, Need, Regex)>> = OnceLock::new();
    C.get_or_init(|| {
        rule_patterns()
            .iter()
            .enumerate()
            .map(|(i, (rule, re))| (*rule, need_of(rule, i), re.clone()))
            .collect()
    })
}

fn rule_patterns() -> &'static [(&'static str, Regex)] {
    static R: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    R.get_or_init(|| {
        let r = |s: &str| Regex::new(s).expect("privacy rule compiles");
        vec![
            // Dates: ISO and day-month-year numbers; a day with a month; a
            // month or season with a year or "dit/vorig jaar".
            ("date", r(r"(?-u:\b)(?:19|20)\d\d-[01]\d-[0-3]\d(?-u:\b)|(?-u:\b)[0-3]?\d[-/.][01]?\d[-/.](?:19|20)?\d\d(?-u:\b)")),
            ("date", r(&format!(
                r"(?i)(?-u:\b)(?:[0-3]?\d\s+(?:{MONTHS})(?-u:\b)|(?:{MONTHS}|{SEASONS})(?:\s+(?:van\s+|of\s+)?(?:(?:19|20)\d\d|dit\s+jaar|vorig\s+jaar|this\s+year|last\s+year)|\s+[0-3]?\d(?:st|nd|rd|th)?(?-u:\b)))"
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

/// "van negen maanden", "van tien jaar geleden", "van twaalf uur", "van twee
/// kinderen": a number of something else, not how old someone is.
fn not_an_age(after: &str, words: &str) -> bool {
    const UNITS: &[&str] = &[
        "maand",
        "maanden",
        "week",
        "weken",
        "dag",
        "dagen",
        "uur",
        "uren",
        "minuten",
        "jaren",
        "euro",
        "keer",
        "procent",
        "zaken",
        "geleden",
        "months",
        "weeks",
        "days",
        "hours",
        "minutes",
        "years",
        "times",
        "cases",
        "percent",
        // People counted, not aged: "een moeder van twee kinderen".
        "kinderen",
        "mannen",
        "vrouwen",
        "meisjes",
        "jongens",
        "slachtoffers",
        "verdachten",
        "personen",
        "mensen",
        "children",
        "men",
        "women",
        "girls",
        "boys",
        "victims",
        "suspects",
        "people",
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

/// The project's lists, prepared once per check: the allow-list as a set
/// of lowercase words, the deny-list as one case-insensitive pattern
/// (longest term first, so "Den Haag" wins over "Den").
pub struct Lists {
    allow: HashSet<String>,
    deny: Option<Regex>,
}

impl Lists {
    pub fn new(allow: &[String], deny: &[String]) -> Lists {
        let mut terms: Vec<&str> = deny
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let deny = (!terms.is_empty()).then(|| {
            let alternation: Vec<String> = terms.iter().map(|t| regex::escape(t)).collect();
            Regex::new(&format!("(?i)(?:{})", alternation.join("|"))).expect("escaped terms")
        });
        Lists {
            allow: allow.iter().map(|a| a.trim().to_lowercase()).collect(),
            deny,
        }
    }

    fn allowed(&self, word: &str) -> bool {
        !self.allow.is_empty() && self.allow.contains(&word.to_lowercase())
    }
}

/// The paragraphs of `text` (split at blank lines, each starting with its
/// "\n\n") that have a digit, an @ or a URL start, as (start, end, has a
/// digit, has an @, has a URL start). One pass over the bytes.
fn paragraphs(text: &str) -> Vec<(usize, usize, bool, bool, bool)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut from, mut digit, mut at, mut url) = (0, false, false, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => digit = true,
            b'@' => at = true,
            b':' if b[i + 1..].starts_with(b"//") => url = true,
            b'w' | b'W' if b.len() - i >= 4 && b[i..i + 4].eq_ignore_ascii_case(b"www.") => {
                url = true
            }
            b'\n' if b.get(i + 1) == Some(&b'\n') => {
                if digit || at || url {
                    out.push((from, i, digit, at, url));
                }
                (from, digit, at, url) = (i, false, false, false);
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if digit || at || url {
        out.push((from, b.len(), digit, at, url));
    }
    out
}

/// Findings of every rule except `name` in `text`, in rule order (the
/// order decides which of two findings of the same passage is kept).
///
/// A rule that needs a digit, an @ or a URL runs only over the paragraphs
/// that have one (most have none). None of those rules can match across a
/// blank line — they allow at most one whitespace character in a row — and
/// a paragraph starts after a line break, where `\b` and `^` hold as they do
/// there in the whole text, so this finds exactly what one run over the
/// whole text finds. Dates with month names and ages run over all of it.
pub(crate) fn pattern_findings(text: &str, lists: &Lists, out: &mut Vec<Finding>) {
    let paras = paragraphs(text);
    for (rule, need, re) in rules() {
        let mut push = |m: regex::Match<'_>, offset: usize| {
            let words = m.as_str().trim_end_matches([',', '.', ';', ':', ')', ' ']);
            if *rule == "plate"
                && !(words.chars().any(|c| c.is_ascii_digit())
                    && words.chars().any(|c| c.is_ascii_uppercase()))
            {
                return;
            }
            let end = offset + m.end();
            if words.is_empty() || (*rule == "age" && not_an_age(&text[end..], words)) {
                return;
            }
            out.push(Finding {
                rule,
                words: words.to_owned(),
                start: offset + m.start(),
                end: offset + m.start() + words.len(),
            });
        };
        let mut run = |hay: &str, offset: usize| {
            // Only the handle rule has a group (the character before the
            // @); finding without groups lets the regex crate stay in its DFA.
            if re.captures_len() > 1 {
                for c in re.captures_iter(hay) {
                    push(c.get(1).unwrap_or_else(|| c.get(0).expect("match")), offset);
                }
            } else {
                for m in re.find_iter(hay) {
                    push(m, offset);
                }
            }
        };
        if *need == Need::Always {
            run(text, 0);
            continue;
        }
        for &(a, b, digit, at, url) in &paras {
            let wanted = match need {
                Need::Digit => digit,
                Need::At => at,
                Need::Url => url,
                Need::Always => true,
            };
            if wanted {
                run(&text[a..b], a);
            }
        }
    }
    if let Some(deny) = &lists.deny {
        let mut from = 0;
        while let Some(m) = deny.find_at(text, from) {
            let (s, e) = (m.start(), m.end());
            let before = text[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = text[e..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if before && after {
                out.push(Finding {
                    rule: "denied",
                    words: m.as_str().to_owned(),
                    start: s,
                    end: e,
                });
                from = e;
            } else {
                // Inside a longer word: look again from the next character.
                from = s + text[s..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
}

/// A capitalized word of a text.
pub(crate) struct Capital<'t> {
    pub start: usize,
    pub word: &'t str,
    /// Inside a sentence (not after . ! ? : or a quote or at the start):
    /// there a capital says "name", at a sentence start it says nothing.
    pub inside: bool,
}

/// Joins two letters into one word (UAX #29 MidLetter and MidNumLet).
fn letter_joiner(c: char) -> bool {
    matches!(
        c,
        '.' | ':'
            | '\''
            | '’'
            | '‘'
            | '·'
            | '\u{2027}'
            | '\u{fe13}'
            | '\u{fe55}'
            | '\u{ff1a}'
            | '\u{2024}'
            | '\u{fe52}'
            | '\u{ff07}'
            | '\u{ff0e}'
    )
}

/// Joins two digits into one word (UAX #29 MidNum and MidNumLet).
fn digit_joiner(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | '\''
            | '’'
            | '‘'
            | '\u{2024}'
            | '\u{fe52}'
            | '\u{ff07}'
            | '\u{ff0e}'
            | '\u{066c}'
            | '\u{fe50}'
            | '\u{fe54}'
            | '\u{ff0c}'
            | '\u{ff1b}'
    )
}

/// A capital after this character (the last one that is not a space) starts
/// a sentence, clause, quote or heading, so it says nothing about a name.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ':' | '“' | '"' | '‘' | '(' | '—' | '–' | ';' | ']' | '…' | '-' | '#'
    )
}

/// Part of a word: letters, digits, `_`, combining marks and the joiner.
fn word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric() || c == '\u{200d}' || is_combining_mark(c)
    }
}

/// Every capitalized word of `text`, in order.
///
/// Words are found as Unicode's word segmentation (UAX #29) finds them, for
/// what matters here, without running it over the whole text (it was most of
/// the check's time): letters, digits, `_` and combining marks, joined across
/// `.` `:` `'` `’` `·` between letters and `.` `,` `;` `'` `’` between
/// digits. Only upper-case letters are looked at: one starts a word when the
/// character before it does not continue a word. A word is capitalized when
/// its first letter is upper case and the rest, at least two, lower case or
/// apostrophes. It stands inside a sentence unless the last non-space
/// character before it ends a sentence or clause. The table test below
/// checks this against the segmentation itself.
pub(crate) fn capitals<'t>(text: &'t str, mut f: impl FnMut(Capital<'t>)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let byte = b[i];
        // Lower-case ASCII, digits, spaces and punctuation never start a
        // capitalized word: skip them a byte at a time.
        if byte < 0x80 && !byte.is_ascii_uppercase() {
            i += 1;
            continue;
        }
        if byte & 0xC0 == 0x80 {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("char boundary");
        if !c.is_uppercase() {
            i += c.len_utf8();
            continue;
        }
        // Does the word start here? Not if the character before continues
        // a word, or is a joiner between two letters.
        let mut before = text[..i].chars().rev();
        let p = before.next();
        let continues = match p {
            Some(p) if word_char(p) => true,
            Some(p) if letter_joiner(p) => before.next().is_some_and(char::is_alphabetic),
            _ => false,
        };
        // The word's end, as the segmentation would find it.
        let mut end = i + c.len_utf8();
        let mut prev = c;
        loop {
            let mut it = text[end..].chars();
            let Some(n) = it.next() else { break };
            if word_char(n) {
                end += n.len_utf8();
                prev = n;
                continue;
            }
            let joins = match it.next() {
                Some(a) if prev.is_alphabetic() && a.is_alphabetic() => letter_joiner(n),
                Some(a) if prev.is_numeric() && a.is_numeric() => digit_joiner(n),
                _ => false,
            };
            if !joins {
                break;
            }
            end += n.len_utf8();
        }
        if !continues {
            let word = &text[i..end];
            if capitalized_name(word) {
                let last = text[..i].chars().rev().find(|c| !c.is_whitespace());
                let sentence_start = last.is_none_or(ends_sentence);
                f(Capital {
                    start: i,
                    word,
                    inside: !sentence_start,
                });
            }
        }
        i = end;
    }
}

/// A capitalized word inside a sentence that may be a name: not on the
/// allow-list and not a country, nationality or institution.
pub(crate) fn name_candidate(c: &Capital<'_>, lists: &Lists) -> bool {
    c.inside && !NOT_NAMES.contains(&c.word) && !lists.allowed(c.word)
}

/// One finding per passage: sorted by position, any finding that overlaps
/// an earlier, longer one is dropped (for the same passage the earlier
/// rule wins: a deny-list term over a name).
pub(crate) fn one_per_passage(mut out: Vec<Finding>) -> Vec<Finding> {
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<Finding> = Vec::with_capacity(out.len());
    for f in out {
        if kept.last().is_some_and(|k| f.start < k.end) {
            continue;
        }
        kept.push(f);
    }
    kept
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
    scan_with(text, &Lists::new(allow, deny), common)
}

/// [`scan`] with the lists prepared.
pub(crate) fn scan_with(text: &str, lists: &Lists, common: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    pattern_findings(text, lists, &mut out);
    capitals(text, |c| {
        if name_candidate(&c, lists) && !common(c.word) {
            out.push(Finding {
                rule: "name",
                words: c.word.to_owned(),
                start: c.start,
                end: c.start + c.word.len(),
            });
        }
    });
    one_per_passage(out)
}

use unicode_normalization::char::is_combining_mark;

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
            ("Een kind van vier, zei ze.", "age", "van vier"),
            ("Op 3 mei werd zij gehoord.", "date", "3 mei"),
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
            // A heading word is not a name.
            "Tot slot.\n\n## Vervolging\n\nDe zaak liep nog.",
            // A day number before a word that starts like a month.
            "Er werkten 12 meisjes in het pand.",
            "They found 20 mayors and 3 marches.",
            // People counted after "van", not an age.
            "Een moeder van twee kinderen belde.",
            "Een groep van vijf mannen werd aangehouden.",
        ] {
            let got = scan(text, &[], &[], &|w| ["Openbaar", "Ministerie"].contains(&w));
            assert!(got.is_empty(), "{text}: {got:?}");
        }
    }

    /// The capitalized words as Unicode's word segmentation finds them (the
    /// implementation `capitals` replaced; it is the reference).
    fn capitals_by_uax29(text: &str) -> Vec<(usize, String, bool)> {
        use unicode_segmentation::UnicodeSegmentation;
        let mut out = Vec::new();
        let mut prev_end = "";
        for (i, w) in text.split_word_bound_indices() {
            if w.chars().all(char::is_whitespace) {
                continue;
            }
            if capitalized_name(w) {
                let start = prev_end.chars().next_back().is_none_or(ends_sentence);
                out.push((i, w.to_owned(), !start));
            }
            prev_end = w;
        }
        out
    }

    fn capitals_of(text: &str) -> Vec<(usize, String, bool)> {
        let mut out = Vec::new();
        capitals(text, |c| out.push((c.start, c.word.to_owned(), c.inside)));
        out
    }

    #[test]
    fn capitals_are_the_words_unicode_segmentation_finds() {
        let tricky = [
            "De vriend heette volgens haar Kevin en werkte thuis.",
            "Kevin’s zus en Anne's broer; (Piet) zei: Jan. “Marie” — Klaas – Joop…",
            "Oost-Europese vrouwen, anti-Kevin, Kevin.jansen en Kevin:x, Kevin_x, Kevin2 en 3.5 of 1,000 of 12a.",
            "Combining: Cafe\u{301} en Jose\u{301} met e\u{301}en Zoë en Ĳsselmeer en Émile.",
            "Emoji 🙈 Anna 👩‍👩‍👧 Bram, [Carla] {Dirk} <Eva> #Fons @Gijs Ha Ij.",
            "Een zin\n\nMet een regel en\nZonder punt. ÉÉN ALLEMAAL KAPITAAL, McDonald en O'Brien.",
            "   ",
            "",
        ];
        let mut texts: Vec<String> = tricky.iter().map(|s| s.to_string()).collect();
        // And every example write-up: real Dutch prose.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md") {
                texts.push(std::fs::read_to_string(p).unwrap());
            }
        }
        assert!(texts.len() > tricky.len(), "no example write-ups found");
        for t in &texts {
            assert_eq!(capitals_of(t), capitals_by_uax29(t), "{t}");
        }
    }

    #[test]
    fn allow_list_silences_a_name() {
        let t = "De vriend heette Kevin.";
        assert_eq!(scan(t, &["kevin".into()], &[], &|_| false), vec![]);
    }
}

mod project;
pub use project::{ExcerptFinding, check_export, check_project, finding_id};
