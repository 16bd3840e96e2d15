//! Words, sentences and paragraphs as byte spans of the stored text.
//!
//! A unit span never starts or ends with whitespace and always lies on
//! grapheme boundaries (word and sentence bounds of UAX #29 are grapheme
//! boundaries too). See the module docs of `text` for the paragraph rules.

use crate::model::Span;
use unicode_segmentation::UnicodeSegmentation;

/// A unit of text a selection or an autocode rule can expand to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Word,
    Sentence,
    Paragraph,
}

impl std::str::FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "word" => Ok(Unit::Word),
            "sentence" => Ok(Unit::Sentence),
            "paragraph" => Ok(Unit::Paragraph),
            other => Err(format!(
                "unknown unit '{other}' (expected word, sentence or paragraph)"
            )),
        }
    }
}

/// A line that forms a block of its own start: a Markdown heading or list item.
fn starts_own_block(line: &str) -> bool {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return false;
    }
    if t.starts_with('#') {
        return true;
    }
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        return true;
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

fn is_heading(line: &str) -> bool {
    let t = line.trim_start();
    line.len() - t.len() <= 3 && t.starts_with('#')
}

/// True when `offset` lies on a Markdown heading line (`# …`, `## …`).
pub fn is_heading_at(text: &str, offset: usize) -> bool {
    UnitFinder::new(text, Unit::Paragraph).is_heading_at(offset)
}

/// Lines of `text` as (start, end-without-newline) byte offsets.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = text[start..]
            .find('\n')
            .map(|i| start + i)
            .unwrap_or(text.len());
        pos = end + 1;
        Some((start, end))
    })
}

/// All paragraphs (blocks) of the text in order.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    let mut prev_heading = false;
    for (start, end) in lines(text) {
        let line = &text[start..end];
        if line.trim().is_empty() {
            out.extend(current.take());
            prev_heading = false;
            continue;
        }
        if starts_own_block(line) || prev_heading {
            out.extend(current.take());
        }
        current = Some(match current {
            Some(span) => Span::new(span.start, end),
            None => Span::new(start, end),
        });
        prev_heading = is_heading(line);
    }
    out.extend(current);
    out.into_iter()
        .filter_map(|s| super::trim_span(text, s))
        .collect()
}

/// 1-based number of the paragraph containing (or following) `offset`.
pub fn paragraph_index(text: &str, offset: usize) -> usize {
    let paras = paragraphs(text);
    paras
        .iter()
        .position(|p| offset < p.end)
        .unwrap_or(paras.len().saturating_sub(1))
        + 1
}

/// The block of lines around `offset` as (first line start, last line end),
/// and its trimmed span (`None` on a blank line). Every offset in that line
/// range lies in the same block, which lets [`UnitFinder`] reuse it.
fn block_around(text: &str, offset: usize) -> ((usize, usize), Option<Span>) {
    let offset = offset.min(text.len());
    let line_start = |o: usize| text[..o].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = |o: usize| text[o..].find('\n').map(|i| o + i).unwrap_or(text.len());
    let mut start = line_start(offset);
    let mut end = line_end(offset);
    let (own_start, own_end) = (start, end);
    let line = &text[start..end];
    if line.trim().is_empty() {
        return ((start, end), None);
    }
    if !starts_own_block(line) {
        // Walk up while the previous line continues this block.
        while start > 0 {
            let prev_start = line_start(start - 1);
            let prev = &text[prev_start..start - 1];
            if prev.trim().is_empty() || is_heading(prev) {
                break;
            }
            start = prev_start;
            if starts_own_block(prev) {
                break;
            }
        }
    }
    if !is_heading(&text[own_start..own_end]) {
        // Walk down while the next line continues this block.
        while end < text.len() {
            let next_end = line_end(end + 1);
            let next = &text[end + 1..next_end];
            if next.trim().is_empty() || starts_own_block(next) {
                break;
            }
            end = next_end;
        }
    }
    ((start, end), super::trim_span(text, Span::new(start, end)))
}

/// Answers [`unit_at`] and [`is_heading_at`] for many offsets of one text in
/// time linear in the text overall: the paragraph last found, its sentences
/// or words and the line last checked are kept, and units are looked up by
/// binary search. Autocoding a 900 KB write-up without blank lines (one
/// paragraph) re-scanned that paragraph per match before and ran for minutes.
/// A block of lines: its line range, its trimmed span (`None` for a blank
/// line) and its sentences or words.
struct Block {
    lines: (usize, usize),
    para: Option<Span>,
    units: Vec<Span>,
}

pub struct UnitFinder<'t> {
    text: &'t str,
    unit: Unit,
    /// The block last found.
    block: Option<Block>,
    /// All paragraphs, computed only when an offset falls on a blank line.
    paragraphs: Option<Vec<Span>>,
    /// Line range of the line last checked for a heading, and the answer.
    line: Option<(usize, usize, bool)>,
}

impl<'t> UnitFinder<'t> {
    pub fn new(text: &'t str, unit: Unit) -> Self {
        UnitFinder {
            text,
            unit,
            block: None,
            paragraphs: None,
            line: None,
        }
    }

    /// Same answer as [`unit_at`]`(text, offset, unit)`.
    pub fn unit_at(&mut self, offset: usize) -> Option<Span> {
        let text = self.text;
        let offset = super::floor_grapheme(text, offset);
        self.load(offset);
        if self.block.as_ref().is_some_and(|b| b.para.is_none()) {
            // On a blank line: the next paragraph, else the previous one.
            let paras = self.paragraphs.get_or_insert_with(|| paragraphs(text));
            let i = paras.partition_point(|p| p.start < offset);
            let para = paras.get(i).or(paras.last()).copied()?;
            self.load(para.start);
        }
        let Block { para, units, .. } = self.block.as_ref()?;
        let para = (*para)?;
        if self.unit == Unit::Paragraph {
            return Some(para);
        }
        // Units are in order and do not overlap, so their ends ascend.
        let i = units.partition_point(|s| s.end <= offset);
        units.get(i).or(units.last()).copied()
    }

    /// Make `block` the block around `offset` (kept when it already is).
    fn load(&mut self, offset: usize) {
        if self
            .block
            .as_ref()
            .is_some_and(|b| (b.lines.0..=b.lines.1).contains(&offset))
        {
            return;
        }
        let (lines, para) = block_around(self.text, offset);
        let units = match (para, self.unit) {
            (Some(p), Unit::Sentence) => sentences_in(self.text, p),
            (Some(p), Unit::Word) => words_in(self.text, p),
            _ => Vec::new(),
        };
        self.block = Some(Block { lines, para, units });
    }

    /// Same answer as [`is_heading_at`]`(text, offset)`.
    pub fn is_heading_at(&mut self, offset: usize) -> bool {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if let Some((start, end, heading)) = self.line
            && (start..=end).contains(&offset)
        {
            return heading;
        }
        let start = self.text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let end = self.text[offset..]
            .find('\n')
            .map(|i| offset + i)
            .unwrap_or(self.text.len());
        let heading = is_heading(&self.text[start..end]);
        self.line = Some((start, end, heading));
        heading
    }
}

/// All units of a kind, in order.
pub fn units(text: &str, unit: Unit) -> Vec<Span> {
    match unit {
        Unit::Paragraph => paragraphs(text),
        Unit::Sentence => paragraphs(text)
            .into_iter()
            .flat_map(|p| sentences_in(text, p))
            .collect(),
        Unit::Word => words_in(text, Span::new(0, text.len())),
    }
}

fn sentences_in(text: &str, para: Span) -> Vec<Span> {
    let slice = &text[para.start..para.end];
    // Same byte length, so offsets carry over: a wrapped line is one sentence.
    // (Byte-wise, and only where there is a line break: segmenting is the
    // costliest step of `agreement --unit sentence`.)
    let flat: std::borrow::Cow<'_, str> = match slice.contains('\n') {
        true => slice.replace('\n', " ").into(),
        false => slice.into(),
    };
    let raw: Vec<Span> = flat
        .split_sentence_bound_indices()
        .filter_map(|(i, s)| {
            super::trim_span(text, Span::new(para.start + i, para.start + i + s.len()))
        })
        .collect();
    on_graphemes(
        text,
        join_open_quotations(text, para, raw)
            .into_iter()
            .filter_map(|span| trim_unbalanced_quotes(text, span)),
    )
}

/// Quotation marks and brackets: (opening, closing). `"` is both.
const PAIRS: &[(char, char)] = &[
    ('“', '”'),
    ('„', '”'),
    ('«', '»'),
    ('‘', '’'),
    ('(', ')'),
    ('[', ']'),
    ('"', '"'),
];

/// Track the marks of `span` on a stack of (closing mark, offset of the
/// opening one). A closing mark pops back to its opening mark; one without
/// an opening mark (an apostrophe ’) is ignored.
fn scan_marks(text: &str, span: Span, stack: &mut Vec<(char, usize)>) {
    for (i, c) in text[span.start..span.end].char_indices() {
        if c == '"' && stack.last().is_some_and(|(close, _)| *close == '"') {
            stack.pop();
        } else if let Some(&(_, close)) = PAIRS.iter().find(|(open, _)| *open == c) {
            stack.push((close, span.start + i));
        } else if let Some(at) = stack.iter().rposition(|(close, _)| *close == c) {
            stack.truncate(at);
        }
    }
}

/// Every quotation in `within`, marks included: the text between an opening
/// mark and its matching closing mark (“ ” „ ” « » ‘ ’ and `"`; brackets are
/// not quotations). Nested quotations are listed too, each when it closes
/// (so inner before outer).
pub fn quotations(text: &str, within: Span) -> Vec<Span> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, c) in text[within.start..within.end].char_indices() {
        let at = within.start + i;
        if c == '"' && stack.last().is_some_and(|(close, _)| *close == '"') {
            let (_, open) = stack.pop().unwrap_or(('"', at));
            out.push(Span::new(open, at + 1));
        } else if let Some(&(_, close)) = PAIRS.iter().find(|(open, _)| *open == c) {
            stack.push((close, at));
        } else if let Some(k) = stack.iter().rposition(|(close, _)| *close == c) {
            let open = stack[k].1;
            stack.truncate(k);
            if !matches!(c, ')' | ']') {
                out.push(Span::new(open, at + c.len_utf8()));
            }
        }
    }
    out
}

/// A sentence that opens a quotation or bracket in its middle (`Hij vat het
/// zo samen: “Wij … gevonden. Het komt … verhaal.”`) ends where the
/// quotation closes: Unicode's rules cut after the first full stop and leave
/// the closing mark to a later "sentence", so coding the sentence gave an
/// excerpt with a lone “. A quotation that starts the sentence is a run of
/// quoted sentences instead and stays cut into them (the lone marks at their
/// edges are dropped by [`trim_unbalanced_quotes`]). Linear: the last offset
/// of each closing mark is looked up, not searched for.
fn join_open_quotations(text: &str, para: Span, raw: Vec<Span>) -> Vec<Span> {
    // Without any mark (none of `PAIRS`: ASCII ( ) [ ] " or a character
    // whose UTF-8 starts with 0xC2 or 0xE2) nothing is joined; most
    // paragraphs have none, and this byte scan is cheaper than the walk.
    let marks = |b: &u8| matches!(b, b'(' | b')' | b'[' | b']' | b'"' | 0xC2 | 0xE2);
    if !text.as_bytes()[para.start..para.end].iter().any(marks) {
        return raw;
    }
    let mut last_close: Vec<(char, usize)> = Vec::new();
    for (i, c) in text[para.start..para.end].char_indices() {
        if PAIRS.iter().any(|(_, close)| *close == c) {
            match last_close.iter_mut().find(|(k, _)| *k == c) {
                Some(e) => e.1 = para.start + i,
                None => last_close.push((c, para.start + i)),
            }
        }
    }
    let closes_after = |c: char, at: usize| last_close.iter().any(|&(k, o)| k == c && o >= at);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let mut cur = raw[i];
        let mut stack = Vec::new();
        scan_marks(text, cur, &mut stack);
        while i + 1 < raw.len()
            && stack
                .iter()
                .any(|&(close, open)| open > cur.start && closes_after(close, cur.end))
        {
            i += 1;
            cur = Span::new(cur.start, raw[i].end);
            scan_marks(text, raw[i], &mut stack);
        }
        out.push(cur);
        i += 1;
    }
    out
}

/// Drop a double quotation mark at either edge of a sentence when its partner
/// is not inside the sentence. Unicode's rules cut a quoted passage of several
/// sentences into pieces that start with a lone “ or end with a lone ”; an
/// analyst coding one of those sentences wants the sentence, not a stray mark.
fn trim_unbalanced_quotes(text: &str, span: Span) -> Option<Span> {
    const OPEN: &[char] = &['“', '„', '«'];
    const CLOSE: &[char] = &['”', '»'];
    let mut span = span;
    let slice = &text[span.start..span.end];
    if let Some(first) = slice.chars().next()
        && OPEN.contains(&first)
        && !slice.contains(CLOSE)
    {
        span.start += first.len_utf8();
    }
    let slice = &text[span.start..span.end];
    if let Some(last) = slice.chars().next_back()
        && CLOSE.contains(&last)
        && !slice.contains(OPEN)
        && !slice.starts_with(CLOSE)
    {
        span.end -= last.len_utf8();
    }
    super::trim_span(text, span)
}

fn words_in(text: &str, within: Span) -> Vec<Span> {
    on_graphemes(
        text,
        text[within.start..within.end]
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(|c| c.is_alphanumeric()))
            .map(|(i, w)| Span::new(within.start + i, within.start + i + w.len())),
    )
}

/// Widen spans to grapheme boundaries, merging those that then overlap. A
/// word bound of UAX #29 is not always a grapheme boundary: in "P01ำ" the
/// Thai vowel SARA AM is a word of its own but joins the "1" in one grapheme
/// (found by tests/fuzz.rs), and a unit must never split a grapheme.
fn on_graphemes(text: &str, spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        let s = Span::new(
            super::floor_grapheme(text, s.start),
            super::ceil_grapheme(text, s.end),
        );
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The unit containing `offset`; when `offset` falls between units (on a space
/// or a blank line), the next unit, else the last one before it.
pub fn unit_at(text: &str, offset: usize, unit: Unit) -> Option<Span> {
    // Any offset is accepted; one inside a grapheme counts as that grapheme.
    UnitFinder::new(text, unit).unit_at(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parse an annotated fixture: `[` and `]` mark expected span bounds and
    /// are removed from the text (helix-style compact fixtures).
    fn fixture(annotated: &str) -> (String, Vec<Span>) {
        let mut text = String::new();
        let mut spans = Vec::new();
        let mut open = None;
        for c in annotated.chars() {
            match c {
                '[' => open = Some(text.len()),
                ']' => spans.push(Span::new(
                    open.take().expect("unbalanced fixture"),
                    text.len(),
                )),
                _ => text.push(c),
            }
        }
        (text, spans)
    }

    fn check(unit: Unit, annotated: &str) {
        let (text, expected) = fixture(annotated);
        assert_eq!(units(&text, unit), expected, "fixture: {annotated}");
        for s in &expected {
            for o in s.start..s.end {
                if text.is_char_boundary(o) {
                    assert_eq!(
                        unit_at(&text, o, unit),
                        Some(*s),
                        "offset {o} in {annotated}"
                    );
                }
            }
        }
    }

    #[test]
    fn quotations_pair_their_marks() {
        let t = "Hij zei: “Wij (nooit) ‘zo’ en ’s nachts.” En «dit» of \"dat\".";
        let span = |q: &str| {
            let o = t.find(q).unwrap();
            Span::new(o, o + q.len())
        };
        let mut q = quotations(t, Span::new(0, t.len()));
        q.sort_by_key(|s| s.start);
        assert_eq!(
            q,
            vec![
                span("“Wij (nooit) ‘zo’ en ’s nachts.”"),
                span("‘zo’"),
                span("«dit»"),
                span("\"dat\""),
            ]
        );
    }

    #[test]
    fn sentences_stay_inside_paragraphs_and_skip_whitespace() {
        check(
            Unit::Sentence,
            "[Eerste zin.] [Tweede zin?]\n\n[Derde “zin.”] [Vierde.]\n",
        );
    }

    #[test]
    fn lone_quotation_marks_stay_outside_sentences() {
        // A quotation that starts the sentences: each quoted sentence alone.
        check(
            Unit::Sentence,
            "“[Nul.] [En ik zeg er meteen bij: het gebeurt wel.]” [Daarna “kort” stil.]",
        );
        check(Unit::Sentence, "[“Kijk maar.”] [Klaar.]");
    }

    #[test]
    fn a_quotation_opened_mid_sentence_closes_inside_it() {
        check(
            Unit::Sentence,
            "[Hij vat het zo samen: “Wij vonden er geen. Het komt altijd van buiten.”] [Daarna.]",
        );
        check(
            Unit::Sentence,
            "[Zij noemt het «gewoon werk. Niets bijzonders.»] [Klaar.]",
        );
        check(
            Unit::Sentence,
            "[Het dossier (zie bijlage 2. Die is kort) zegt niets.] [Ja.]",
        );
        check(Unit::Sentence, "[Hij zei: \"Nul. Echt nul.\"] [Klopt.]");
        // A closing bracket right after the full stop belongs to the sentence.
        check(Unit::Sentence, "[Dat klopt (zie hieronder.)] [Ja.]");
        // An apostrophe is not a closing mark; a mark never closed joins nothing.
        check(
            Unit::Sentence,
            "[Het is ’s nachts.] [Zij zegt: “nooit.] [Klaar.]",
        );
    }

    #[test]
    fn hard_wrapped_paragraph_yields_whole_sentences() {
        check(
            Unit::Sentence,
            "[Dit is een zin die\nover twee regels loopt.] [En nog een\nzin.]\n",
        );
    }

    #[test]
    fn heading_is_its_own_unit() {
        check(
            Unit::Paragraph,
            "[# Interview P03]\n[Tekst direct onder de kop.]\n\n[## Corona]\n\n[Meer tekst.]",
        );
        check(Unit::Sentence, "[## Corona]\n[Tekst zonder lege regel.]");
    }

    #[test]
    fn list_items_are_blocks() {
        check(
            Unit::Paragraph,
            "[- eerste punt]\n[- tweede punt\n  vervolg]\n[1. genummerd]",
        );
    }

    #[test]
    fn a_word_bound_inside_a_grapheme_is_not_a_unit_edge() {
        // Found by tests/fuzz.rs: "ำ" (SARA AM) is a word by UAX #29 but
        // one grapheme with the "1" before it.
        let t = "P01\u{E33}";
        assert_eq!(units(t, Unit::Word), [Span::new(0, t.len())]);
        assert_eq!(unit_at(t, 3, Unit::Word), Some(Span::new(0, t.len())));
    }

    #[test]
    fn words_ignore_punctuation() {
        check(Unit::Word, "[Nul]. [En] [ik's] “[géén]” 👩‍💻[x]");
    }

    #[test]
    fn between_units_selects_next() {
        let t = "Een. Twee.\n\nDrie.";
        assert_eq!(unit_at(t, 4, Unit::Sentence), Some(Span::new(5, 10)));
        assert_eq!(unit_at(t, 11, Unit::Sentence), Some(Span::new(12, 17)));
        assert_eq!(unit_at(t, 11, Unit::Paragraph), Some(Span::new(12, 17)));
        assert_eq!(unit_at("", 0, Unit::Word), None);
    }

    #[test]
    fn heading_lines() {
        let t = "# Kop\nTekst\n  ## Sub";
        assert!(is_heading_at(t, 2) && !is_heading_at(t, 7) && is_heading_at(t, t.len()));
    }

    #[test]
    fn paragraph_numbers() {
        let t = "# Kop\n\nEen.\n\nTwee.";
        assert_eq!(paragraph_index(t, 0), 1);
        assert_eq!(paragraph_index(t, t.find("Twee").unwrap()), 3);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::text::is_grapheme_boundary;
    use proptest::prelude::*;

    /// Text made of pieces that stress segmentation: accents (composed and
    /// combining), emoji with joiners, RTL script, quotes, line breaks.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "woord",
            "Één",
            "e\u{301}",
            " ",
            " ",
            "  ",
            ".",
            "?",
            "!",
            "\n",
            "\n\n",
            "# Kop\n",
            "- punt\n",
            "“",
            "”",
            "👩‍👩‍👧",
            "🇳🇱",
            "שלום",
            "日本語",
            "’s",
            "1.",
            "\t",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn unit_spans_are_clean_and_round_trip(t in text()) {
            for unit in [Unit::Word, Unit::Sentence, Unit::Paragraph] {
                let spans = units(&t, unit);
                let mut last_end = 0;
                for s in &spans {
                    prop_assert!(s.start < s.end, "empty {unit:?} span {s:?}");
                    prop_assert!(s.start >= last_end, "overlapping {unit:?} spans");
                    last_end = s.end;
                    prop_assert!(is_grapheme_boundary(&t, s.start) && is_grapheme_boundary(&t, s.end));
                    let slice = &t[s.start..s.end];
                    prop_assert_eq!(slice.trim(), slice, "{:?} span has surrounding whitespace", unit);
                    // Any offset inside a unit finds that same unit again.
                    prop_assert_eq!(unit_at(&t, s.start, unit), Some(*s));
                    prop_assert_eq!(unit_at(&t, s.end - 1, unit).map(|x| x.start < s.end), Some(true));
                }
            }
        }

        #[test]
        fn a_reused_finder_answers_like_a_fresh_one(t in text(), mut offsets in prop::collection::vec(0usize..400, 0..30)) {
            offsets.sort_unstable();
            for unit in [Unit::Word, Unit::Sentence, Unit::Paragraph] {
                let mut finder = UnitFinder::new(&t, unit);
                for &o in &offsets {
                    let mut o = o.min(t.len());
                    while !t.is_char_boundary(o) {
                        o -= 1;
                    }
                    prop_assert_eq!(finder.unit_at(o), UnitFinder::new(&t, unit).unit_at(o), "offset {}", o);
                    let line_start = t[..o].rfind('\n').map_or(0, |i| i + 1);
                    let line_end = t[o..].find('\n').map_or(t.len(), |i| o + i);
                    prop_assert_eq!(finder.is_heading_at(o), is_heading(&t[line_start..line_end]));
                }
            }
        }

        #[test]
        fn sentences_lie_inside_paragraphs(t in text()) {
            let paras = paragraphs(&t);
            for s in units(&t, Unit::Sentence) {
                prop_assert!(paras.iter().any(|p| p.start <= s.start && s.end <= p.end), "sentence {s:?} crosses paragraphs");
            }
        }
    }
}
