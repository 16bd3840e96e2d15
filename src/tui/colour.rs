//! Code colours and the text styles built on them. Each code keeps one colour
//! for life: its stored `colour` (`#rrggbb`) when set, else a palette entry
//! chosen by a stable hash (FNV-1a) of its name, so the same code looks the
//! same in every session and on every machine. The palette is light pastel
//! backgrounds under black text, which stays readable on dark and light
//! terminals alike. With `NO_COLOR` no colour is emitted at all: coded text is
//! underlined, overlaps are bold, the selection and cursor are reversed.

use ratatui::style::{Color, Modifier, Style};

/// 256-colour pastels, readable as a background under black text.
pub const PALETTE: [u8; 12] = [180, 151, 153, 218, 229, 183, 152, 216, 194, 225, 187, 159];

/// FNV-1a: stable across runs, platforms and Rust versions.
pub fn stable_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn parse_hex(s: &str) -> Option<Color> {
    let s = s.trim().strip_prefix('#')?;
    if s.len() != 6 || !s.is_ascii() {
        return None;
    }
    let v = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
    Some(Color::Rgb(v(0)?, v(2)?, v(4)?))
}

/// The colour of a code.
pub fn code_colour(name: &str, stored: Option<&str>) -> Color {
    stored
        .and_then(parse_hex)
        .unwrap_or_else(|| Color::Indexed(PALETTE[palette_index(name)]))
}

/// A stored `#rrggbb` colour, when it is one.
pub fn stored_colour(stored: Option<&str>) -> Option<Color> {
    stored.and_then(parse_hex)
}

/// The palette entry a code without a stored colour starts from.
pub fn palette_index(name: &str) -> usize {
    (stable_hash(name) % PALETTE.len() as u64) as usize
}

/// The palette as colours.
pub fn palette() -> Vec<Color> {
    PALETTE.iter().map(|&i| Color::Indexed(i)).collect()
}

/// Styles for the reader and lists, with or without colour.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub no_color: bool,
}

impl Theme {
    pub fn plain(&self) -> Style {
        Style::default()
    }
    /// Text covered by `layers` excerpts, the top one coloured `colour`.
    pub fn coded(&self, colour: Color, layers: usize) -> Style {
        let s = if self.no_color {
            Style::default().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::default().bg(colour).fg(Color::Black)
        };
        if layers > 1 {
            s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            s
        }
    }
    pub fn selection(&self, base: Style) -> Style {
        if self.no_color {
            base.add_modifier(Modifier::REVERSED)
        } else {
            base.bg(Color::Blue).fg(Color::White)
        }
    }
    pub fn cursor(&self, base: Style) -> Style {
        if self.no_color {
            base.add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            base.bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD)
        }
    }
    pub fn hit(&self, base: Style) -> Style {
        if self.no_color {
            base.add_modifier(Modifier::ITALIC | Modifier::UNDERLINED)
        } else {
            base.fg(Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
    /// A marker in the gutter or a swatch in a list.
    pub fn swatch(&self, colour: Color) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(colour)
        }
    }
    pub fn focused_border(&self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        }
    }
    pub fn highlight_row(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    pub fn dim(&self) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(Color::DarkGray)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_stable_and_stored_colour_wins() {
        assert_eq!(code_colour("Loverboy", None), code_colour("Loverboy", None));
        assert_eq!(stable_hash("abc"), 0xe71fa2190541574b);
        assert_eq!(code_colour("x", Some("#102030")), Color::Rgb(16, 32, 48));
        assert!(matches!(
            code_colour("x", Some("nonsense")),
            Color::Indexed(_)
        ));
    }
}
