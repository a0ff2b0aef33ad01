//! Keys as written in keymap files (`ctrl-q`, `alt-enter`, `f2`, `?`) and as the terminal
//! reports them.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, as written in keymap files (`ctrl-q`, `alt-enter`, `f2`, `?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    code: KeyCodeOrd,
    mods: u8,
}

/// `KeyCode` with an order, for sorting bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum KeyCodeOrd {
    F(u8),
    Char(char),
    Named(u8),
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

/// How the named keys are shown, in the order of [`NAMED`].
const SHOWN: &[&str] = &[
    "Enter",
    "Esc",
    "Tab",
    "BackTab",
    "Backspace",
    "Delete",
    "Insert",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Space",
];

const CTRL: u8 = 1;
const ALT: u8 = 2;
const SHIFT: u8 = 4;

impl Key {
    pub fn parse(text: &str) -> Result<Key, String> {
        let lower = text.trim().to_lowercase();
        let mut mods = 0;
        let mut rest = lower.as_str();
        loop {
            let (prefix, bit) = match rest {
                r if r.starts_with("ctrl-") && r.len() > 5 => ("ctrl-", CTRL),
                r if r.starts_with("alt-") && r.len() > 4 => ("alt-", ALT),
                r if r.starts_with("shift-") && r.len() > 6 => ("shift-", SHIFT),
                _ => break,
            };
            mods |= bit;
            rest = &rest[prefix.len()..];
        }
        let code = if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == rest) {
            from_code(*code)
        } else if let Some(n) = rest.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=12).contains(&n) {
                return Err(format!("{text:?}: function keys go from f1 to f12"));
            }
            KeyCodeOrd::F(n)
        } else {
            // The rest must be one character, in the case it was written.
            let original = &text.trim()[lower.len() - rest.len()..];
            let mut chars = original.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCodeOrd::Char(if mods & CTRL != 0 {
                    c.to_ascii_lowercase()
                } else {
                    c
                }),
                _ => {
                    return Err(format!(
                        "{text:?} is not a key (e.g. ctrl-q, alt-enter, f2, pageup, y, ?)"
                    ));
                }
            }
        };
        Ok(shift_tab_is_backtab(Key { code, mods }))
    }

    /// The key of a terminal event (Shift on a printable character is part of the character).
    pub fn of(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Char(c) => {
                KeyCodeOrd::Char(if event.modifiers.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            other => NAMED
                .iter()
                .position(|(_, code)| *code == other)
                .map(|i| KeyCodeOrd::Named(u8::try_from(i).unwrap_or(0)))?,
        };
        let mut mods = 0;
        if event.modifiers.contains(KeyModifiers::CONTROL) {
            mods |= CTRL;
        }
        if event.modifiers.contains(KeyModifiers::ALT) {
            mods |= ALT;
        }
        if event.modifiers.contains(KeyModifiers::SHIFT) && !matches!(code, KeyCodeOrd::Char(_)) {
            mods |= SHIFT;
        }
        Some(shift_tab_is_backtab(Key { code, mods }))
    }

    pub(super) fn types_text(self) -> bool {
        matches!(self.code, KeyCodeOrd::Char(_)) && self.mods & (CTRL | ALT) == 0
    }
}

/// Shift-Tab is one key, BackTab: a terminal reports it as BackTab with Shift held (crossterm
/// passes the Shift on), and a keymap may write it `backtab` or `shift-tab`. Shift is what makes
/// it BackTab, so it is dropped: all three are the same key.
fn shift_tab_is_backtab(key: Key) -> Key {
    let tab = from_code(KeyCode::Tab);
    let backtab = from_code(KeyCode::BackTab);
    if key.mods & SHIFT != 0 && (key.code == tab || key.code == backtab) {
        Key {
            code: backtab,
            mods: key.mods & !SHIFT,
        }
    } else {
        key
    }
}

fn from_code(code: KeyCode) -> KeyCodeOrd {
    match code {
        KeyCode::Char(c) => KeyCodeOrd::Char(c),
        other => KeyCodeOrd::Named(
            u8::try_from(NAMED.iter().position(|(_, c)| *c == other).unwrap_or(0)).unwrap_or(0),
        ),
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods & CTRL != 0 {
            write!(f, "Ctrl-")?;
        }
        if self.mods & ALT != 0 {
            write!(f, "Alt-")?;
        }
        if self.mods & SHIFT != 0 {
            write!(f, "Shift-")?;
        }
        match self.code {
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Char(' ') => write!(f, "Space"),
            KeyCodeOrd::Char(c) if self.mods & CTRL != 0 => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::Named(i) => {
                let name = SHOWN.get(usize::from(i)).copied().unwrap_or("?");
                write!(f, "{name}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_tab_as_a_terminal_reports_it_is_the_backtab_of_keymaps() {
        // crossterm reads ESC [ Z, what terminals send for Shift-Tab, as BackTab with Shift.
        let from_terminal = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        let backtab = Key::parse("backtab").unwrap();
        assert_eq!(Key::of(&from_terminal), Some(backtab));
        assert_eq!(Key::parse("shift-tab").unwrap(), backtab);
        assert_eq!(backtab.to_string(), "BackTab");
        assert_ne!(Key::parse("tab").unwrap(), backtab);
    }
}
