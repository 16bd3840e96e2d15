//! `thema completions SHELL` and `thema man` (issue 9 part 8): generated
//! from the clap definitions, so every command is in them; they need no
//! project and leave none behind.

mod common;
use common::T;

/// Every top-level command, read from `thema --help` (not from the code
/// that generates the scripts).
fn commands(t: &T) -> Vec<String> {
    let help = t.ok(&["--help"]);
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // Wrapped descriptions continue on deeper-indented lines.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn completion_scripts_cover_every_command_and_parse() {
    let t = T::bare();
    let names = commands(&t);
    assert!(
        names.len() > 20 && names.contains(&"completions".to_string()),
        "{names:?}"
    );
    let bash = t.ok(&["completions", "bash"]);
    for c in &names {
        assert!(bash.contains(&format!("thema,{c})")), "bash lacks {c}");
    }
    t.write("thema.bash", &bash);
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(t.path("thema.bash"))
        .output()
        .expect("bash runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(t.ok(&["completions", "zsh"]).starts_with("#compdef thema"));
    assert!(t.ok(&["completions", "fish"]).contains("complete -c thema"));
    assert!(
        t.ok(&["completions", "powershell"])
            .contains("Register-ArgumentCompleter")
    );
    let err = t.run(&["completions", "tcsh"]);
    assert_eq!(
        err.status.code(),
        Some(1),
        "an unknown shell is a user error"
    );
    assert!(!t.path("thema.db").exists(), "no project is created");
}

#[test]
fn man_pages_name_every_command() {
    let t = T::bare();
    let names = commands(&t);
    let page = t.ok(&["man"]);
    assert!(page.contains(".TH thema 1"), "{page}");
    for c in &names {
        assert!(
            page.contains(&format!("thema\\-{}", c.replace('-', "\\-"))),
            "man page lacks {c}"
        );
    }
    t.ok(&["man", "--dir", "man"]);
    for c in &names {
        let f = t.path(&format!("man/thema-{c}.1"));
        assert!(f.is_file(), "{} missing", f.display());
    }
    let import = std::fs::read_to_string(t.path("man/thema-import.1")).unwrap();
    assert!(import.contains("\\-\\-attr"), "{import}");
    assert!(!t.path("thema.db").exists(), "no project is created");
}
