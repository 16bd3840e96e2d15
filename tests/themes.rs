//! Themes through the library API: every kind of change, its undo, the
//! audit trail, cycles, ordering.

use thema::model::{MemoTarget, Phase, Span};
use thema::store::NewDocument;
use thema::{Project, text};

fn doc(id: &str, unit: Option<&str>, body: &str) -> NewDocument {
    let mut attributes = thema::model::Attributes::new();
    if let Some(u) = unit {
        attributes.insert("unit".into(), u.into());
    }
    NewDocument {
        id: id.into(),
        text: body.into(),
        sha256: text::sha256_hex(body),
        attributes,
        source: None,
    }
}

fn span_of(p: &Project, d: &str, needle: &str) -> Span {
    let t = p.document(d).unwrap().text;
    let s = t.find(needle).expect(needle);
    Span::new(s, s + needle.len())
}

/// Three codes on two documents, no themes yet.
fn project() -> Project {
    let mut p = Project::in_memory().unwrap();
    p.set_coder("tester");
    p.import(
        vec![
            doc(
                "D1",
                Some("Politie-eenheid I"),
                "Wij zien de sector niet. Platforms bellen nooit.",
            ),
            doc("D2", Some("Politie-eenheid II"), "Capaciteit is schaars."),
        ],
        false,
    )
    .unwrap();
    for (d, s, c) in [
        ("D1", "Wij zien de sector niet.", "Geen zicht"),
        ("D1", "Platforms bellen nooit.", "Geen contact"),
        ("D2", "Capaciteit is schaars.", "Capaciteit"),
    ] {
        let sp = span_of(&p, d, s);
        p.apply_code(d, sp, c).unwrap();
    }
    p
}

fn names(p: &Project) -> Vec<String> {
    p.themes().unwrap().into_iter().map(|t| t.name).collect()
}

#[test]
fn create_add_remove_and_undo_each() {
    let mut p = project();
    let t = p
        .create_theme(
            "Blinde vlek",
            "De politie heeft geen zicht op de sector.",
            None,
        )
        .unwrap();
    assert_eq!(t.phase, Phase::Candidate);
    assert_eq!(t.definition, "De politie heeft geen zicht op de sector.");
    assert_eq!(
        p.add_theme_codes("Blinde vlek", &["Geen zicht", "Geen contact"])
            .unwrap(),
        2
    );
    // Adding again is a no-op; unknown codes are refused and change nothing.
    assert_eq!(
        p.add_theme_codes("Blinde vlek", &["Geen zicht"]).unwrap(),
        0
    );
    assert!(
        p.add_theme_codes("Blinde vlek", &["Capaciteit", "Bestaat niet"])
            .is_err()
    );
    assert_eq!(
        p.theme("Blinde vlek").unwrap().codes,
        vec!["Geen contact", "Geen zicht"]
    );
    assert_eq!(
        p.remove_theme_codes("Blinde vlek", &["Geen zicht"])
            .unwrap(),
        1
    );
    assert_eq!(p.theme("Blinde vlek").unwrap().codes, vec!["Geen contact"]);
    assert!(
        p.remove_theme_codes("Blinde vlek", &["Capaciteit"])
            .is_err()
    );
    p.undo().unwrap(); // remove
    assert_eq!(p.theme("Blinde vlek").unwrap().codes.len(), 2);
    p.undo().unwrap(); // add
    assert!(p.theme("Blinde vlek").unwrap().codes.is_empty());
    p.undo().unwrap(); // new
    assert!(p.themes().unwrap().is_empty());
    p.redo().unwrap();
    assert_eq!(names(&p), vec!["Blinde vlek"]);
}

#[test]
fn a_code_may_sit_in_several_themes() {
    let mut p = project();
    p.create_theme("A", "", None).unwrap();
    p.create_theme("B", "", None).unwrap();
    p.add_theme_codes("A", &["Geen zicht"]).unwrap();
    p.add_theme_codes("B", &["Geen zicht"]).unwrap();
    assert_eq!(p.theme("A").unwrap().codes, vec!["Geen zicht"]);
    assert_eq!(p.theme("B").unwrap().codes, vec!["Geen zicht"]);
}

#[test]
fn phase_definition_rename_with_undo_and_history() {
    let mut p = project();
    p.create_theme("Blinde vlek", "", None).unwrap();
    p.add_theme_codes("Blinde vlek", &["Geen zicht"]).unwrap();
    p.set_theme_phase("Blinde vlek", Phase::Reviewed).unwrap();
    p.set_theme_definition("Blinde vlek", "Geen zicht.")
        .unwrap();
    p.rename_theme("Blinde vlek", "Blinde vlekken").unwrap();
    p.set_memo(
        &MemoTarget::Theme("Blinde vlekken".into()),
        "Nog toetsen aan P04.",
    )
    .unwrap();
    // Unrelated changes stay out of the history.
    p.create_theme("Anders", "", None).unwrap();
    let t = p.theme("Blinde vlekken").unwrap();
    assert_eq!(
        (t.phase, t.definition.as_str()),
        (Phase::Reviewed, "Geen zicht.")
    );
    let h: Vec<String> = p
        .theme_history("Blinde vlekken")
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        h,
        vec![
            "theme.new",
            "theme.add",
            "theme.phase",
            "theme.define",
            "theme.rename",
            "memo"
        ]
    );
    p.undo().unwrap(); // Anders
    p.undo().unwrap(); // memo
    assert!(
        p.memo(&MemoTarget::Theme("Blinde vlekken".into()))
            .unwrap()
            .is_none()
    );
    p.undo().unwrap(); // rename
    assert_eq!(names(&p), vec!["Blinde vlek"]);
    p.undo().unwrap(); // define
    assert_eq!(p.theme("Blinde vlek").unwrap().definition, "");
    p.undo().unwrap(); // phase
    assert_eq!(p.theme("Blinde vlek").unwrap().phase, Phase::Candidate);
    // Undo events are part of the trail too.
    let h = p.theme_history("Blinde vlek").unwrap();
    assert_eq!(h.iter().filter(|e| e.action == "undo").count(), 4);
    assert!(h.iter().any(|e| e.action == "theme.phase" && e.undone));
    // Renaming onto an existing name is refused.
    p.create_theme("Anders", "", None).unwrap();
    assert!(p.rename_theme("Blinde vlek", "Anders").is_err());
}

#[test]
fn subthemes_refuse_cycles_and_order_follows_positions() {
    let mut p = project();
    p.create_theme("Blinde vlek", "", None).unwrap();
    p.create_theme("Geen toegang tot modellen", "", Some("Blinde vlek"))
        .unwrap();
    p.create_theme("Middelen", "", None).unwrap();
    p.create_theme("Diep", "", Some("Geen toegang tot modellen"))
        .unwrap();
    assert_eq!(
        names(&p),
        vec![
            "Blinde vlek",
            "Geen toegang tot modellen",
            "Diep",
            "Middelen"
        ]
    );
    assert!(p.set_theme_parent("Blinde vlek", Some("Diep")).is_err());
    assert!(
        p.set_theme_parent("Blinde vlek", Some("Blinde vlek"))
            .is_err()
    );
    assert!(p.create_theme("X", "", Some("Bestaat niet")).is_err());
    // Reorder: Middelen first.
    p.move_theme("Middelen", 1).unwrap();
    assert_eq!(
        names(&p),
        vec![
            "Middelen",
            "Blinde vlek",
            "Geen toegang tot modellen",
            "Diep"
        ]
    );
    p.undo().unwrap();
    assert_eq!(names(&p)[0], "Blinde vlek");
    // Re-parent and undo.
    p.set_theme_parent("Diep", None).unwrap();
    assert_eq!(p.theme("Diep").unwrap().parent, None);
    p.undo().unwrap();
    assert_eq!(
        p.theme("Diep").unwrap().parent.as_deref(),
        Some("Geen toegang tot modellen")
    );
}

#[test]
fn merge_moves_codes_subthemes_and_memo_and_undoes_in_one_step() {
    let mut p = project();
    p.create_theme("A", "", None).unwrap();
    p.create_theme("B", "", None).unwrap();
    p.create_theme("B1", "", Some("B")).unwrap();
    p.add_theme_codes("A", &["Geen zicht"]).unwrap();
    p.add_theme_codes("B", &["Geen zicht", "Geen contact"])
        .unwrap();
    p.set_memo(&MemoTarget::Theme("B".into()), "memo B")
        .unwrap();
    p.set_memo(&MemoTarget::Theme("A".into()), "memo A")
        .unwrap();
    assert!(
        p.merge_themes("B", "B1").is_err(),
        "into a subtheme of itself"
    );
    p.merge_themes("B", "A").unwrap();
    assert_eq!(names(&p), vec!["A", "B1"]);
    let a = p.theme("A").unwrap();
    assert_eq!(a.codes, vec!["Geen contact", "Geen zicht"]);
    assert_eq!(p.theme("B1").unwrap().parent.as_deref(), Some("A"));
    assert_eq!(
        p.memo(&MemoTarget::Theme("A".into()))
            .unwrap()
            .unwrap()
            .text,
        "memo A\n\nmemo B"
    );
    p.undo().unwrap();
    assert_eq!(names(&p), vec!["A", "B", "B1"]);
    assert_eq!(p.theme("A").unwrap().codes, vec!["Geen zicht"]);
    assert_eq!(
        p.theme("B").unwrap().codes,
        vec!["Geen contact", "Geen zicht"]
    );
    assert_eq!(p.theme("B1").unwrap().parent.as_deref(), Some("B"));
    assert_eq!(
        p.memo(&MemoTarget::Theme("B".into()))
            .unwrap()
            .unwrap()
            .text,
        "memo B"
    );
    assert_eq!(
        p.memo(&MemoTarget::Theme("A".into()))
            .unwrap()
            .unwrap()
            .text,
        "memo A"
    );
}

#[test]
fn split_takes_codes_into_a_new_sibling_and_undoes() {
    let mut p = project();
    p.create_theme("Blinde vlek", "", None).unwrap();
    p.create_theme("Middelen", "", None).unwrap();
    p.add_theme_codes("Blinde vlek", &["Geen zicht", "Geen contact"])
        .unwrap();
    assert!(
        p.split_theme("Blinde vlek", "X", &["Capaciteit"], "")
            .is_err()
    );
    let t = p
        .split_theme(
            "Blinde vlek",
            "Geen contact met platforms",
            &["Geen contact"],
            "def",
        )
        .unwrap();
    assert_eq!(t.codes, vec!["Geen contact"]);
    assert_eq!(t.definition, "def");
    assert_eq!(
        names(&p),
        vec!["Blinde vlek", "Geen contact met platforms", "Middelen"]
    );
    assert_eq!(p.theme("Blinde vlek").unwrap().codes, vec!["Geen zicht"]);
    let h = p.theme_history("Blinde vlek").unwrap();
    assert_eq!(h.last().unwrap().action, "theme.split");
    p.undo().unwrap();
    assert_eq!(names(&p), vec!["Blinde vlek", "Middelen"]);
    assert_eq!(
        p.theme("Blinde vlek").unwrap().codes,
        vec!["Geen contact", "Geen zicht"]
    );
}

#[test]
fn delete_keeps_codes_lifts_subthemes_and_undoes() {
    let mut p = project();
    p.create_theme("Blinde vlek", "", None).unwrap();
    p.create_theme("Sub", "", Some("Blinde vlek")).unwrap();
    p.add_theme_codes("Blinde vlek", &["Geen zicht"]).unwrap();
    p.set_memo(&MemoTarget::Theme("Blinde vlek".into()), "m")
        .unwrap();
    p.delete_theme("Blinde vlek").unwrap();
    assert_eq!(names(&p), vec!["Sub"]);
    assert_eq!(p.theme("Sub").unwrap().parent, None);
    assert_eq!(p.codes().unwrap().len(), 3);
    p.undo().unwrap();
    assert_eq!(names(&p), vec!["Blinde vlek", "Sub"]);
    assert_eq!(p.theme("Blinde vlek").unwrap().codes, vec!["Geen zicht"]);
    assert_eq!(
        p.theme("Sub").unwrap().parent.as_deref(),
        Some("Blinde vlek")
    );
    assert!(
        p.memo(&MemoTarget::Theme("Blinde vlek".into()))
            .unwrap()
            .is_some()
    );
}

#[test]
fn deleting_or_merging_a_code_updates_theme_membership() {
    let mut p = project();
    p.create_theme("T", "", None).unwrap();
    p.add_theme_codes("T", &["Geen zicht", "Geen contact"])
        .unwrap();
    p.merge_codes("Geen contact", "Geen zicht").unwrap();
    assert_eq!(p.theme("T").unwrap().codes, vec!["Geen zicht"]);
    p.delete_code("Geen zicht").unwrap();
    assert!(p.theme("T").unwrap().codes.is_empty());
    p.undo().unwrap();
    p.undo().unwrap();
    assert_eq!(
        p.theme("T").unwrap().codes,
        vec!["Geen contact", "Geen zicht"]
    );
}

#[test]
fn codebook_round_trip_collisions_merge_and_undo() {
    let mut p = project();
    p.create_theme("Blinde vlek", "Geen zicht.", None).unwrap();
    p.create_theme("Sub", "", Some("Blinde vlek")).unwrap();
    p.add_theme_codes("Blinde vlek", &["Geen zicht", "Geen contact"])
        .unwrap();
    p.set_theme_phase("Blinde vlek", Phase::Defined).unwrap();
    let cb = p.codebook().unwrap();
    let guid = p.theme("Blinde vlek").unwrap().guid;
    assert_eq!(
        cb.theme("Blinde vlek").unwrap().guid.as_deref(),
        Some(guid.as_str())
    );
    let yaml = thema::codebook::to_yaml(&cb);
    let back = thema::codebook::from_yaml(&yaml, std::path::Path::new("cb.yaml")).unwrap();

    // Into an empty project: everything arrives, with the same GUIDs, in one undo step.
    let mut q = Project::in_memory().unwrap();
    let r = q.import_codebook(&back, false).unwrap();
    assert_eq!(r.added_codes.len(), 3);
    assert_eq!(r.added_themes, vec!["Blinde vlek", "Sub"]);
    let t = q.theme("Blinde vlek").unwrap();
    assert_eq!((t.guid.as_str(), t.phase), (guid.as_str(), Phase::Defined));
    assert_eq!(t.codes, vec!["Geen contact", "Geen zicht"]);
    assert_eq!(
        q.theme("Sub").unwrap().parent.as_deref(),
        Some("Blinde vlek")
    );
    // Without --merge a collision refuses the whole file.
    let err = q.import_codebook(&back, false).unwrap_err().to_string();
    assert!(err.contains("code \"Capaciteit\""), "{err}");
    // With --merge: only new things are added; differences are reported, not applied.
    let mut changed = back.clone();
    changed.codes[0].description = "Anders beschreven".into();
    changed.codes.push(thema::codebook::CodeDef {
        name: "Nieuw".into(),
        ..Default::default()
    });
    let r = q.import_codebook(&changed, true).unwrap();
    assert_eq!(r.added_codes, vec!["Nieuw"]);
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    assert!(r.conflicts[0].contains("description"));
    assert_eq!(q.codes().unwrap().len(), 4);
    q.undo().unwrap();
    q.undo().unwrap();
    assert!(q.codes().unwrap().is_empty() && q.themes().unwrap().is_empty());
}
