//! The keys a screen names: every hint, title, prompt and notice asks the active keymap which
//! keys do an action where the agent is, so a `vim` or user keymap is never contradicted.

use super::{Intent, Key, Keymap, Place};

impl Keymap {
    /// The keys that do `intent` in `place`, as a hint shows them (`Enter`, `F9/Esc`), or
    /// `None` when no key does it there.
    pub fn keys(&self, place: Place, intent: Intent) -> Option<String> {
        let keys = self.keys_in(place, intent);
        (!keys.is_empty()).then(|| keys.join("/"))
    }

    /// A hint line such as `Enter picks up · Esc closes`: each action that has a key in `place`,
    /// with what it does; actions without a key are left out.
    pub fn hints(&self, place: Place, actions: &[(Intent, &str)]) -> String {
        actions
            .iter()
            .filter_map(|(intent, what)| self.keys(place, *intent).map(|k| format!("{k} {what}")))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// `sentence` followed by `with KEY` when a key does `intent` in `place` (e.g. "wrap it up
    /// with F8"), else the sentence alone.
    pub fn with_key(&self, place: Place, intent: Intent, sentence: &str) -> String {
        match self.keys(place, intent) {
            Some(keys) => format!("{sentence} with {keys}"),
            None => sentence.to_string(),
        }
    }

    /// The first key of `one` and of `other` in `place`, as `Up/Down`, when both have one.
    pub fn pair(&self, place: Place, one: Intent, other: Intent) -> Option<String> {
        let first = self.keys_in(place, one).into_iter().next()?;
        let second = self.keys_in(place, other).into_iter().next()?;
        Some(format!("{first}/{second}"))
    }

    /// What `key` does in `place`: the place's own binding, else the global one.
    pub fn does(&self, place: Place, key: Key) -> Option<Intent> {
        self.bindings
            .get(&(place, key))
            .or_else(|| self.bindings.get(&(Place::Global, key)))
            .copied()
    }
}
