//! What a key means in each place. Keys map to named intents, so the meaning of a key lives in
//! one table and the help can be drawn from it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keyboard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Typing in a chat's composer (or nowhere in particular with no chat open).
    Composer,
    /// The list of waiting chats.
    Queue,
    /// Asking to confirm the end of a chat.
    Confirm,
    /// Choosing a disposition for an ended chat.
    WrapUp,
}

/// A named thing a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Quit,
    CyclePresence,
    AcceptOffer,
    DeclineOffer,
    ToggleQueue,
    NextPane,
    EndOrWrapUp,
    ScrollBack,
    ScrollForward,
    Send,
    Newline,
    Up,
    Down,
    Choose,
    Close,
    Confirm,
}

impl Intent {
    /// A one-line description for the help and the footer.
    pub fn describe(self) -> &'static str {
        match self {
            Intent::Quit => "quit",
            Intent::CyclePresence => "presence",
            Intent::AcceptOffer => "accept offer",
            Intent::DeclineOffer => "decline offer",
            Intent::ToggleQueue => "queue",
            Intent::NextPane => "other chat",
            Intent::EndOrWrapUp => "end / wrap up",
            Intent::ScrollBack => "scroll back",
            Intent::ScrollForward => "scroll forward",
            Intent::Send => "send",
            Intent::Newline => "new line",
            Intent::Up => "up",
            Intent::Down => "down",
            Intent::Choose => "choose",
            Intent::Close => "close",
            Intent::Confirm => "yes",
        }
    }
}

/// Keys that mean the same everywhere (none of them types text).
const GLOBAL: &[(KeyCode, KeyModifiers, Intent)] = &[
    (KeyCode::Char('q'), KeyModifiers::CONTROL, Intent::Quit),
    (KeyCode::F(2), KeyModifiers::NONE, Intent::CyclePresence),
    (KeyCode::F(3), KeyModifiers::NONE, Intent::AcceptOffer),
    (KeyCode::F(4), KeyModifiers::NONE, Intent::DeclineOffer),
    (KeyCode::F(5), KeyModifiers::NONE, Intent::ToggleQueue),
    (KeyCode::F(6), KeyModifiers::NONE, Intent::NextPane),
    (KeyCode::F(8), KeyModifiers::NONE, Intent::EndOrWrapUp),
    (KeyCode::PageUp, KeyModifiers::NONE, Intent::ScrollBack),
    (KeyCode::PageDown, KeyModifiers::NONE, Intent::ScrollForward),
];

const COMPOSER: &[(KeyCode, KeyModifiers, Intent)] = &[
    (KeyCode::Enter, KeyModifiers::NONE, Intent::Send),
    (KeyCode::Enter, KeyModifiers::ALT, Intent::Newline),
    (KeyCode::Enter, KeyModifiers::SHIFT, Intent::Newline),
];

const LISTS: &[(KeyCode, KeyModifiers, Intent)] = &[
    (KeyCode::Up, KeyModifiers::NONE, Intent::Up),
    (KeyCode::Down, KeyModifiers::NONE, Intent::Down),
    (KeyCode::Enter, KeyModifiers::NONE, Intent::Choose),
    (KeyCode::Esc, KeyModifiers::NONE, Intent::Close),
];

const CONFIRM: &[(KeyCode, KeyModifiers, Intent)] = &[
    (KeyCode::Char('y'), KeyModifiers::NONE, Intent::Confirm),
    (KeyCode::Enter, KeyModifiers::NONE, Intent::Confirm),
    (KeyCode::Char('n'), KeyModifiers::NONE, Intent::Close),
    (KeyCode::Esc, KeyModifiers::NONE, Intent::Close),
];

fn find(table: &[(KeyCode, KeyModifiers, Intent)], key: &KeyEvent) -> Option<Intent> {
    table
        .iter()
        .find(|(code, mods, _)| *code == key.code && *mods == key.modifiers)
        .map(|(_, _, intent)| *intent)
}

/// The intent of `key` in `place`, if it has one (otherwise it is typing).
pub fn intent(place: Place, key: &KeyEvent) -> Option<Intent> {
    let local = match place {
        Place::Composer => COMPOSER,
        Place::Queue | Place::WrapUp => LISTS,
        Place::Confirm => CONFIRM,
    };
    find(local, key).or_else(|| find(GLOBAL, key))
}

/// The keys shown in the footer, as "F2 presence".
pub fn footer() -> Vec<(String, &'static str)> {
    GLOBAL
        .iter()
        .filter(|(_, _, i)| !matches!(i, Intent::ScrollBack | Intent::ScrollForward))
        .map(|(code, mods, intent)| (key_name(*code, *mods), intent.describe()))
        .collect()
}

pub fn key_name(code: KeyCode, mods: KeyModifiers) -> String {
    let base = match code {
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) {
        format!("^{base}")
    } else if mods.contains(KeyModifiers::ALT) {
        format!("Alt-{base}")
    } else {
        base
    }
}
