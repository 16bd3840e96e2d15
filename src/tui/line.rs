//! Editing of the one-line inputs (name and search prompts, the pickers'
//! query): typing, Backspace, and the readline keys people's fingers expect,
//! Ctrl-U (clear the line) and Ctrl-W / Alt-Backspace (delete the word before
//! the cursor). One function, so every one-line input edits the same way; a
//! rename prompt comes pre-filled with the old name and used to need one
//! Backspace per character.

use super::Action;

/// Apply an editing action to `text`; `true` when the text changed (the
/// caller refilters), `false` when the action is not an edit.
pub fn edit(text: &mut String, action: &Action) -> bool {
    match action {
        Action::Input(c) if *c != '\n' => text.push(*c),
        Action::Backspace => {
            if text.pop().is_none() {
                return false;
            }
        }
        Action::ClearLine => {
            if text.is_empty() {
                return false;
            }
            text.clear();
        }
        Action::DeleteWord => {
            if text.is_empty() {
                return false;
            }
            // Trailing spaces, then the word before them (any script:
            // `char::is_whitespace` is Unicode-aware).
            let kept = text.trim_end().len();
            let word_start = text[..kept]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(0);
            text.truncate(word_start);
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `before` edited by `action` gives `after`.
    fn case(before: &str, action: Action, after: &str) {
        let mut t = before.to_owned();
        edit(&mut t, &action);
        assert_eq!(t, after, "{before:?} {action:?}");
    }

    #[test]
    fn readline_keys() {
        case("digitale kennis", Action::ClearLine, "");
        case(
            "Gebrek aan digitale kennis",
            Action::DeleteWord,
            "Gebrek aan digitale ",
        );
        case("Gebrek aan ", Action::DeleteWord, "Gebrek ");
        case("één", Action::DeleteWord, "");
        case("Eén zaak 😀", Action::DeleteWord, "Eén zaak ");
        case("Eén zaak  ", Action::DeleteWord, "Eén ");
        case("", Action::DeleteWord, "");
        case("één", Action::Backspace, "éé");
        case("ab", Action::Input('\n'), "ab");
        case("ab", Action::Input('c'), "abc");
    }

    #[test]
    fn not_an_edit_is_reported() {
        let mut t = String::new();
        assert!(!edit(&mut t, &Action::ClearLine));
        assert!(!edit(&mut t, &Action::Backspace));
        assert!(!edit(&mut t, &Action::Enter));
        assert!(edit(&mut t, &Action::Input('x')));
    }
}
