//! What a key does in each place of the console. Keymaps are data (`keymaps/*.toml`): a key
//! maps to a named action per place; the user picks a keymap in `config.toml` and overrides
//! single bindings in `keymap.toml`. The help screen and `docs/keys.md` are drawn from the same
//! table, so they cannot disagree with what the keys do.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::crossterm::event::KeyEvent;
use toml::Spanned;

use crate::assets::AssetError;

mod intent;
mod key;

pub use intent::Intent;

pub use key::Key;

const DEFAULT: &str = include_str!("../../../keymaps/default.toml");
const VIM: &str = include_str!("../../../keymaps/vim.toml");

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
    /// The canned-response picker.
    Picker,
    /// The verification checklist of a chat.
    Checklist,
    /// The transfer dialog.
    Transfer,
    /// Exporting or e-mailing a transcript.
    Export,
    /// The list of follow-up promises and tickets.
    FollowUps,
    /// Escalating to a lead, or answering in an escalation's thread.
    Escalate,
    /// A lead's monitor of the floor.
    Monitor,
    /// A lead watching a chat, with a line to whisper to its agent.
    Watch,
    /// Missed chats to follow up.
    Missed,
    /// Reviews of ended chats.
    Reviews,
}

const PLACES: &[(Place, &str, &str)] = &[
    (Place::Global, "global", "Everywhere"),
    (Place::Composer, "composer", "Writing a reply"),
    (Place::Home, "home", "No chat open"),
    (Place::Queue, "queue", "The queue"),
    (Place::Confirm, "confirm", "Questions"),
    (Place::Form, "form", "Wrap-up"),
    (Place::Picker, "picker", "Canned responses"),
    (Place::Checklist, "checklist", "Verification checklist"),
    (Place::Transfer, "transfer", "Transfer"),
    (Place::Export, "export", "Transcript"),
    (Place::FollowUps, "follow_ups", "Follow-ups"),
    (Place::Escalate, "escalate", "Escalation"),
    (Place::Monitor, "monitor", "Monitor (leads)"),
    (Place::Watch, "watch", "Watching a chat (leads)"),
    (Place::Missed, "missed", "Missed chats"),
    (Place::Reviews, "reviews", "Reviews"),
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
        matches!(
            self,
            Place::Global
                | Place::Composer
                | Place::Form
                | Place::Transfer
                | Place::Escalate
                | Place::Watch
                | Place::Missed
                | Place::Reviews
        )
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

    /// The first global key of `intent`, as shown to the agent (e.g. `Ctrl-G`).
    pub fn key_for(&self, intent: Intent) -> Option<String> {
        self.bindings
            .iter()
            .find(|((p, _), i)| *p == Place::Global && **i == intent)
            .map(|((_, key), _)| key.to_string())
    }

    /// The first key of each global action, for the footer.
    pub fn footer(&self) -> Vec<(String, &'static str)> {
        let shown = [
            Intent::Help,
            Intent::CyclePresence,
            Intent::OpenPicker,
            Intent::ToggleQueue,
            Intent::NextPane,
            Intent::EndOrWrapUp,
            Intent::Verification,
            Intent::ToggleHold,
            Intent::TransferChat,
            Intent::InsertSuggested,
            Intent::Escalate,
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
        Intent::OpenPicker => "canned",
        Intent::Verification => "verify",
        Intent::ToggleHold => "hold",
        Intent::TransferChat => "transfer",
        Intent::InsertSuggested => "suggested",
        Intent::Escalate => "escalate",
        Intent::ToggleMonitor => "monitor",
        other => other.describe(),
    }
}
