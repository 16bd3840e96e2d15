//! A code's guide (definition, when to use, when not to use, examples) in
//! REFI-QDA, which has no fields for it: the parts go into the code's one
//! `<Description>` as labelled paragraphs that read well in NVivo, ATLAS.ti
//! or MAXQDA ("When to use: …"), and are split out again on import, so a
//! thema → QDC/QDPX → thema round trip keeps each field. A description
//! written by hand in another tool stays whole unless a paragraph starts
//! with one of the labels.

use crate::model::CodeGuide;

const DEFINITION: &str = "Definition:";
const USE_WHEN: &str = "When to use:";
const NOT_USE_WHEN: &str = "When not to use:";
const EXAMPLES: &str = "Examples:";
const LABELS: [&str; 4] = [DEFINITION, USE_WHEN, NOT_USE_WHEN, EXAMPLES];

/// The description and the guide as one text, paragraphs in a fixed order.
pub fn compose(description: &str, guide: &CodeGuide) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !description.is_empty() {
        parts.push(description.to_owned());
    }
    for (label, value) in [
        (DEFINITION, &guide.definition),
        (USE_WHEN, &guide.use_when),
        (NOT_USE_WHEN, &guide.not_use_when),
    ] {
        if !value.is_empty() {
            parts.push(format!("{label} {value}"));
        }
    }
    if !guide.examples.is_empty() {
        let mut s = EXAMPLES.to_owned();
        for e in &guide.examples {
            s.push_str("\n- ");
            // An example spanning lines stays one list item.
            s.push_str(&e.replace('\n', " "));
        }
        parts.push(s);
    }
    parts.join("\n\n")
}

/// Split a description written by [`compose`] (or by hand in the same form)
/// back into the description and the guide. Line ends are LF already.
pub fn split(text: &str) -> (String, CodeGuide) {
    let mut guide = CodeGuide::default();
    let mut description: Vec<&str> = Vec::new();
    // Paragraphs; a labelled one starts a field that runs until the next
    // labelled paragraph (so a definition may hold blank lines).
    let mut current: Option<(&str, Vec<&str>)> = None;
    let mut fields: Vec<(&str, String)> = Vec::new();
    for para in text.split("\n\n") {
        let trimmed = para.trim_start();
        match LABELS.iter().find(|l| trimmed.starts_with(**l)) {
            Some(label) => {
                if let Some((l, body)) = current.take() {
                    fields.push((l, body.join("\n\n")));
                }
                current = Some((label, vec![trimmed[label.len()..].trim_start()]));
            }
            None => match &mut current {
                Some((_, body)) => body.push(para),
                None => description.push(para),
            },
        }
    }
    if let Some((l, body)) = current.take() {
        fields.push((l, body.join("\n\n")));
    }
    for (label, body) in fields {
        let body = body.trim().to_owned();
        match label {
            DEFINITION => guide.definition = body,
            USE_WHEN => guide.use_when = body,
            NOT_USE_WHEN => guide.not_use_when = body,
            _ => {
                guide.examples = body
                    .lines()
                    .map(|l| l.trim())
                    .map(|l| l.strip_prefix("- ").unwrap_or(l).trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            }
        }
    }
    (description.join("\n\n").trim().to_owned(), guide)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide() -> CodeGuide {
        CodeGuide {
            definition: "Daders schatten de kans op straf laag in.".into(),
            use_when: "Apply this code when a respondent says crime pays.".into(),
            not_use_when: "Not for statements about sentencing.".into(),
            examples: vec![
                "\"Ze worden toch nooit gepakt.\"".into(),
                "geen pakkans".into(),
            ],
        }
    }

    #[test]
    fn compose_reads_well_and_splits_back() {
        let text = compose("Lage pakkans.\n\nTweede alinea.", &guide());
        assert_eq!(
            text,
            "Lage pakkans.\n\nTweede alinea.\n\nDefinition: Daders schatten de kans op straf laag in.\n\n\
             When to use: Apply this code when a respondent says crime pays.\n\n\
             When not to use: Not for statements about sentencing.\n\n\
             Examples:\n- \"Ze worden toch nooit gepakt.\"\n- geen pakkans"
        );
        assert_eq!(
            split(&text),
            ("Lage pakkans.\n\nTweede alinea.".to_string(), guide())
        );
    }

    #[test]
    fn plain_descriptions_stay_whole() {
        let d = "Apply this code when the police lack capacity.\n\nSee also: Capaciteit.";
        assert_eq!(split(d), (d.to_string(), CodeGuide::default()));
        assert_eq!(split(""), (String::new(), CodeGuide::default()));
        assert_eq!(compose("", &CodeGuide::default()), "");
    }

    #[test]
    fn only_some_fields() {
        let g = CodeGuide {
            use_when: "a\n\nb".into(),
            ..Default::default()
        };
        let text = compose("", &g);
        assert_eq!(text, "When to use: a\n\nb");
        assert_eq!(split(&text), (String::new(), g));
    }
}
