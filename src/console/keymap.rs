//! What a key does in each place of the console. Keymaps are data (`keymaps/*.toml`): a key
//! maps to a named action per place; the user picks a keymap in `config.toml` and overrides
//! single bindings in `keymap.toml`. The help screen and `docs/keys.md` are drawn from the same
//! table, so they cannot disagree with what the keys do.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use toml::Spanned;

use crate::assets::AssetError;

const DEFAULT: &str = include_str!("../../keymaps/default.toml");
const VIM: &str = include_str!("../../keymaps/vim.toml");

/// Where the keyboard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// Everywhere, unless the place itself binds the key.
    Global,
    /// Typing in a chat's composer.
    Composer,
    /// No chat open: nothing is being typed.
    Home,
    /// The list of waiting chats.
    Queue,
    /// A yes/no question.
    Confirm,
    /// A form or list to fill in (the wrap-up).
    Form,
    /// The help screen.
    Help,
}

const PLACES: &[(Place, &str, &str)] = &[
    (Place::Global, "global", "Everywhere"),
    (Place::Composer, "composer", "Writing a reply"),
    (Place::Home, "home", "No chat open"),
    (Place::Queue, "queue", "The queue"),
    (Place::Confirm, "confirm", "Questions"),
    (Place::Form, "form", "Wrap-up"),
    (Place::Help, "help", "This help"),
];

impl Place {
    fn from_name(name: &str) -> Option<Place> {
        PLACES
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(p, _, _)| *p)
    }

    fn title(self) -> &'static str {
        PLACES
            .iter()
            .find(|(p, _, _)| *p == self)
            .map_or("", |(_, _, t)| t)
    }

    /// Places where a plain character is text being typed, not a command.
    fn types_text(self) -> bool {
        matches!(self, Place::Global | Place::Composer)
    }
}

macro_rules! intents {
    ($($variant:ident = $name:literal : $doc:literal,)*) => {
        /// A named thing a key does.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Intent { $($variant,)* }

        impl Intent {
            pub const ALL: &[Intent] = &[$(Intent::$variant,)*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Intent::$variant => $name,)* }
            }

            /// A one-line description for the help.
            pub fn describe(self) -> &'static str {
                match self { $(Intent::$variant => $doc,)* }
            }

            pub fn from_name(name: &str) -> Option<Intent> {
                match name { $($name => Some(Intent::$variant),)* _ => None }
            }
        }
    };
}

intents! {
    Quit = "quit": "Quit the console",
    Help = "help": "Show the keys",
    CyclePresence = "cycle_presence": "Change presence: available, away, offline",
    AcceptOffer = "accept_offer": "Accept the chat offered",
    DeclineOffer = "decline_offer": "Decline the chat offered",
    ToggleQueue = "toggle_queue": "Open or close the queue of waiting chats",
    NextPane = "next_pane": "Move to the other chat",
    EndOrWrapUp = "end_or_wrap_up": "End the chat (asks first); wrap up an ended chat",
    ScrollBack = "scroll_back": "Scroll the transcript back",
    ScrollForward = "scroll_forward": "Scroll the transcript forward",
    Send = "send": "Send the reply",
    Newline = "newline": "Start a new line in the reply",
    Up = "up": "Move up",
    Down = "down": "Move down",
    Choose = "choose": "Choose the highlighted entry",
    Close = "close": "Close",
    Confirm = "confirm": "Yes",
}

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
        Ok(Key { code, mods })
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
        Some(Key { code, mods })
    }

    fn types_text(self) -> bool {
        matches!(self.code, KeyCodeOrd::Char(_)) && self.mods & (CTRL | ALT) == 0
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

type FileShape = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>;

/// The active bindings.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: BTreeMap<(Place, Key), Intent>,
}

fn locate(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    )
}

impl Keymap {
    /// A keymap shipped with chatdesk: `default` or `vim`.
    pub fn builtin(name: &str) -> Result<Keymap, AssetError> {
        let text = match name {
            "default" => DEFAULT,
            "vim" => VIM,
            other => {
                return Err(AssetError {
                    file: "config.toml".into(),
                    line: 1,
                    column: 1,
                    problem: format!("there is no keymap {other:?}; choose default or vim"),
                });
            }
        };
        let mut map = Keymap {
            bindings: BTreeMap::new(),
        };
        map.apply(&format!("keymaps/{name}.toml (built in)"), text, false)?;
        Ok(map)
    }

    /// `name`'s bindings with the overrides from `keymap.toml` at `path` (when it exists).
    pub fn load(name: &str, path: Option<&Path>) -> Result<Keymap, AssetError> {
        let mut map = Keymap::builtin(name)?;
        if let Some(path) = path
            && path.exists()
        {
            let text = std::fs::read_to_string(path).map_err(|e| AssetError {
                file: path.display().to_string(),
                line: 1,
                column: 1,
                problem: format!("cannot be read: {e}"),
            })?;
            map.apply(&path.display().to_string(), &text, true)?;
        }
        Ok(map)
    }

    /// Adds the bindings of one file; with `overriding`, a key bound before is rebound.
    fn apply(&mut self, file: &str, text: &str, overriding: bool) -> Result<(), AssetError> {
        let error = |offset: usize, problem: String| {
            let (line, column) = locate(text, offset);
            AssetError {
                file: file.to_string(),
                line,
                column,
                problem,
            }
        };
        let parsed: FileShape = toml::from_str(text).map_err(|e| {
            error(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })?;
        let mut seen: BTreeMap<(Place, Key), (Intent, String, usize)> = BTreeMap::new();
        for (place_name, entries) in parsed {
            let Some(place) = Place::from_name(place_name.get_ref()) else {
                let names: Vec<&str> = PLACES.iter().map(|(_, n, _)| *n).collect();
                return Err(error(
                    place_name.span().start,
                    format!(
                        "[{}] is not a place; the places are {}",
                        place_name.get_ref(),
                        names.join(", ")
                    ),
                ));
            };
            for (key_text, action) in entries {
                let at = key_text.span().start;
                let key = Key::parse(key_text.get_ref()).map_err(|p| error(at, p))?;
                let Some(intent) = Intent::from_name(action.get_ref()) else {
                    return Err(error(
                        action.span().start,
                        format!(
                            "{:?} is not an action; see docs/keys.md for the names",
                            action.get_ref()
                        ),
                    ));
                };
                if place.types_text() && key.types_text() {
                    return Err(error(
                        at,
                        format!(
                            "{:?} in [{}] would stop that character being typed; use a key with ctrl- or alt-",
                            key_text.get_ref(),
                            place_name.get_ref()
                        ),
                    ));
                }
                if let Some((other, other_text, other_at)) = seen.get(&(place, key))
                    && *other != intent
                {
                    // Name them in file order, at the later of the two lines.
                    let (first, second) = if *other_at < at {
                        (
                            (other.name(), other_text.as_str()),
                            (intent.name(), key_text.get_ref().as_str()),
                        )
                    } else {
                        (
                            (intent.name(), key_text.get_ref().as_str()),
                            (other.name(), other_text.as_str()),
                        )
                    };
                    return Err(error(
                        at.max(*other_at),
                        format!(
                            "{:?} and {:?} are the same key in [{}], bound to both {} and {}",
                            first.1,
                            second.1,
                            place_name.get_ref(),
                            first.0,
                            second.0
                        ),
                    ));
                }
                seen.insert((place, key), (intent, key_text.get_ref().clone(), at));
                if !overriding
                    && let Some(other) = self.bindings.get(&(place, key))
                    && *other != intent
                {
                    return Err(error(
                        at,
                        format!(
                            "{key} is bound to both {} and {}",
                            other.name(),
                            intent.name()
                        ),
                    ));
                }
                self.bindings.insert((place, key), intent);
            }
        }
        Ok(())
    }

    /// What `event` does in `place`: the place's own binding, else the global one.
    pub fn intent(&self, place: Place, event: &KeyEvent) -> Option<Intent> {
        let key = Key::of(event)?;
        self.bindings
            .get(&(place, key))
            .or_else(|| self.bindings.get(&(Place::Global, key)))
            .copied()
    }

    /// The bindings grouped by place, for the help screen: (place title, [(keys, description)]).
    pub fn help(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        let mut groups = Vec::new();
        for (place, _, _) in PLACES {
            let mut by_intent: BTreeMap<Intent, Vec<String>> = BTreeMap::new();
            for ((p, key), intent) in &self.bindings {
                if p == place {
                    by_intent.entry(*intent).or_default().push(key.to_string());
                }
            }
            if !by_intent.is_empty() {
                let rows = by_intent
                    .into_iter()
                    .map(|(intent, keys)| (keys.join(" / "), intent.describe()))
                    .collect();
                groups.push((place.title(), rows));
            }
        }
        groups
    }

    /// The first key of each global action, for the footer.
    pub fn footer(&self) -> Vec<(String, &'static str)> {
        let shown = [
            Intent::Help,
            Intent::CyclePresence,
            Intent::AcceptOffer,
            Intent::DeclineOffer,
            Intent::ToggleQueue,
            Intent::NextPane,
            Intent::EndOrWrapUp,
            Intent::Quit,
        ];
        shown
            .iter()
            .filter_map(|intent| {
                self.bindings
                    .iter()
                    .find(|((p, _), i)| *p == Place::Global && *i == intent)
                    .map(|((_, key), _)| (key.to_string(), short(*intent)))
            })
            .collect()
    }

    /// The keys as a Markdown document (`docs/keys.md` is this for the default keymap).
    pub fn markdown(&self, name: &str) -> String {
        let mut out = format!(
            "# chatdesk keys ({name} keymap)\n\nGenerated from `keymaps/{name}.toml` by `chatdesk keys`; \
             do not edit by hand.\n"
        );
        for (title, rows) in self.help() {
            out.push_str(&format!("\n## {title}\n\n| Key | Action |\n|---|---|\n"));
            for (keys, what) in rows {
                out.push_str(&format!("| {} | {what} |\n", keys.replace('|', "\\|")));
            }
        }
        out
    }
}

fn short(intent: Intent) -> &'static str {
    match intent {
        Intent::Help => "help",
        Intent::CyclePresence => "presence",
        Intent::AcceptOffer => "accept",
        Intent::DeclineOffer => "decline",
        Intent::ToggleQueue => "queue",
        Intent::NextPane => "other chat",
        Intent::EndOrWrapUp => "end / wrap up",
        Intent::Quit => "quit",
        other => other.describe(),
    }
}
