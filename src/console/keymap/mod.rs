//! What a key does in each place of the console. Keymaps are data (`keymaps/*.toml`): a key
//! maps to a named action per place. `default.toml` is always loaded; the keymap picked in
//! `config.toml` (`vim`) and then the user's `keymap.toml` are laid over it action by action
//! (see [`layer`]). The help screen and `docs/keys.md` are drawn from the layered table, so they
//! cannot disagree with what the keys do.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::crossterm::event::KeyEvent;

use crate::assets::AssetError;

mod hints;
mod intent;
mod key;
mod layer;

pub use intent::Intent;

pub use key::Key;
use layer::Layers;

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
    /// The list of reviews of ended chats.
    Reviews,
    /// One review opened: its transcript, and a lead's score being typed.
    Review,
    /// The review list's filters being filled in.
    ReviewFilter,
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
    (Place::ReviewFilter, "review_filter", "Review filters"),
    (Place::Review, "review", "A review"),
    (Place::Help, "help", "This help"),
];

/// The built-in layers of keymap `name`: `default.toml`, then `name`'s file over it.
fn layers(name: &str) -> Result<Layers, AssetError> {
    let over = match name {
        "default" => None,
        "vim" => Some(VIM),
        other => {
            return Err(AssetError {
                file: "config.toml".into(),
                line: 1,
                column: 1,
                problem: format!("there is no keymap {other:?}; choose default or vim"),
            });
        }
    };
    let mut layers = Layers::default();
    layers.lay("keymaps/default.toml (built in)", DEFAULT)?;
    if let Some(text) = over {
        layers.lay(&format!("keymaps/{name}.toml (built in)"), text)?;
    }
    Ok(layers)
}

impl Place {
    fn from_name(name: &str) -> Option<Place> {
        PLACES
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(p, _, _)| *p)
    }

    fn name(self) -> &'static str {
        PLACES
            .iter()
            .find(|(p, _, _)| *p == self)
            .map_or("", |(_, n, _)| n)
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
                | Place::Review
                | Place::ReviewFilter
        )
    }
}

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
    /// A keymap shipped with chatdesk: `default`, or `vim` laid over it.
    pub fn builtin(name: &str) -> Result<Keymap, AssetError> {
        Ok(Keymap {
            bindings: layers(name)?.finish(),
        })
    }

    /// `name`'s bindings with `keymap.toml` at `path` (when it exists) laid over them.
    pub fn load(name: &str, path: Option<&Path>) -> Result<Keymap, AssetError> {
        let mut layers = layers(name)?;
        if let Some(path) = path
            && path.exists()
        {
            let text = std::fs::read_to_string(path).map_err(|e| AssetError {
                file: path.display().to_string(),
                line: 1,
                column: 1,
                problem: format!("cannot be read: {e}"),
            })?;
            layers.lay(&path.display().to_string(), &text)?;
        }
        Ok(Keymap {
            bindings: layers.finish(),
        })
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

    /// The keys that do `intent` in `place` (its own, else the global ones it leaves alone),
    /// as a dialog's hints show them.
    pub fn keys_in(&self, place: Place, intent: Intent) -> Vec<String> {
        let works = |(at, key): &(Place, Key)| {
            *at == place
                || self
                    .bindings
                    .get(&(place, *key))
                    .is_none_or(|i| *i == intent)
        };
        let of = |p: Place| -> Vec<String> {
            self.bindings
                .iter()
                .filter(|(bound, i)| bound.0 == p && **i == intent && works(bound))
                .map(|((_, key), _)| key.to_string())
                .collect()
        };
        Some(of(place))
            .filter(|own| !own.is_empty())
            .unwrap_or_else(|| of(Place::Global))
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

    /// The keys as a Markdown document (`docs/keys.md` is this for the default keymap), with
    /// how keymaps are laid over one another.
    pub fn markdown(&self, name: &str) -> String {
        let source = if name == "default" {
            "`keymaps/default.toml`".to_string()
        } else {
            format!("`keymaps/{name}.toml` laid over `keymaps/default.toml`")
        };
        let mut out = format!(
            "# chatdesk keys ({name} keymap)\n\nGenerated from {source} by `chatdesk keys`; \
             do not edit by hand.\n\n{LAYERING}\n"
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

/// How keymap files combine, as `docs/keys.md` says it.
const LAYERING: &str = "`keymaps/default.toml` is always loaded. The keymap picked in `config.toml` \
(`keymap = \"vim\"`) and then your own `keymap.toml` beside it are laid over it, place by place \
and action by action: an action a file names in a place gets exactly the keys that file lists \
for it there (list the old key too to keep it); every other action keeps its keys. A key left \
bound to two actions in one place is an error naming the file, the line and both actions.";

/// An action's word or two, as the footer shows it.
pub fn short(intent: Intent) -> &'static str {
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
        Intent::Send => "send",
        Intent::Choose => "choose",
        Intent::Close => "close",
        Intent::Confirm => "yes",
        Intent::Toggle => "tick",
        Intent::NextField => "next field",
        Intent::PrevField => "previous field",
        Intent::SwitchChoice => "switch",
        Intent::ShowOffline => "offline agents",
        Intent::CloseEscalation => "close escalation",
        other => other.describe(),
    }
}
