//! Reading keymap files and laying one over another. `keymaps/default.toml` is the bottom
//! layer; a named keymap (`vim`) and then the agent's `keymap.toml` are laid over it, place by
//! place and action by action: an action a file names in a place gets exactly the keys the file
//! lists for it there, and every other action keeps the keys it had. A key left bound to two
//! actions in one place is an error at the later file's line, naming both actions and where the
//! other binding comes from — nothing is unbound behind the agent's back.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::{Intent, Key, PLACES, Place, locate};
use crate::assets::AssetError;

type FileShape = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>;

/// One binding as written in a file.
struct Entry {
    place: Place,
    key: Key,
    intent: Intent,
    /// The key as written, e.g. `"ctrl-q"`.
    written: String,
    /// Byte offset of the key in the file.
    at: usize,
}

/// Where a binding was written: the file and its line.
#[derive(Debug, Clone)]
struct Origin {
    file: String,
    line: usize,
}

/// Bindings, each with the file and line it comes from, while files are laid one over another.
#[derive(Debug, Default)]
pub(super) struct Layers {
    bindings: BTreeMap<(Place, Key), (Intent, Origin)>,
}

impl Layers {
    /// Lays the bindings of `text` (read from `file`) over those so far.
    pub(super) fn lay(&mut self, file: &str, text: &str) -> Result<(), AssetError> {
        let error = |offset: usize, problem: String| {
            let (line, column) = locate(text, offset);
            AssetError {
                file: file.to_string(),
                line,
                column,
                problem,
            }
        };
        let entries = parse(text, &error)?;
        // The actions this file names lose the keys lower layers gave them, in that place.
        let named: BTreeSet<(Place, Intent)> =
            entries.iter().map(|e| (e.place, e.intent)).collect();
        self.bindings
            .retain(|(place, _), (intent, _)| !named.contains(&(*place, *intent)));
        for entry in entries {
            if let Some((other, from)) = self.bindings.get(&(entry.place, entry.key))
                && *other != entry.intent
            {
                return Err(error(
                    entry.at,
                    format!(
                        "{:?} in [{}] is bound to {} here, and to {} at {} line {}; \
                         name {} here too, with other keys",
                        entry.written,
                        entry.place.name(),
                        entry.intent.name(),
                        other.name(),
                        from.file,
                        from.line,
                        other.name(),
                    ),
                ));
            }
            let origin = Origin {
                file: file.to_string(),
                line: locate(text, entry.at).0,
            };
            self.bindings
                .insert((entry.place, entry.key), (entry.intent, origin));
        }
        Ok(())
    }

    /// The bindings, without where they came from.
    pub(super) fn finish(self) -> BTreeMap<(Place, Key), Intent> {
        self.bindings
            .into_iter()
            .map(|(at, (intent, _))| (at, intent))
            .collect()
    }
}

/// The bindings of one file, in file order, checked on their own: known places, keys and
/// actions, no typed character taken where text is typed, no key bound to two actions.
fn parse(
    text: &str,
    error: &impl Fn(usize, String) -> AssetError,
) -> Result<Vec<Entry>, AssetError> {
    let parsed: FileShape = toml::from_str(text).map_err(|e| {
        error(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    let mut entries = Vec::new();
    for (place_name, bindings) in parsed {
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
        for (key_text, action) in bindings {
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
                        place.name()
                    ),
                ));
            }
            entries.push(Entry {
                place,
                key,
                intent,
                written: key_text.into_inner(),
                at,
            });
        }
    }
    entries.sort_by_key(|e| e.at);
    let mut seen: BTreeMap<(Place, Key), &Entry> = BTreeMap::new();
    for entry in &entries {
        if let Some(first) = seen.get(&(entry.place, entry.key))
            && first.intent != entry.intent
        {
            return Err(error(
                entry.at,
                format!(
                    "{:?} and {:?} are the same key in [{}], bound to both {} and {}",
                    first.written,
                    entry.written,
                    entry.place.name(),
                    first.intent.name(),
                    entry.intent.name()
                ),
            ));
        }
        seen.insert((entry.place, entry.key), entry);
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::keymap::{DEFAULT, VIM};

    fn keys_of(text: &str) -> BTreeMap<(Place, Intent), BTreeSet<Key>> {
        let error = |_, problem| AssetError {
            file: String::new(),
            line: 0,
            column: 0,
            problem,
        };
        let mut keys: BTreeMap<(Place, Intent), BTreeSet<Key>> = BTreeMap::new();
        for e in parse(text, &error).unwrap() {
            keys.entry((e.place, e.intent)).or_default().insert(e.key);
        }
        keys
    }

    #[test]
    fn vim_names_only_what_it_changes() {
        let default = keys_of(DEFAULT);
        for (at, keys) in keys_of(VIM) {
            assert_ne!(default.get(&at), Some(&keys), "{at:?} repeats default.toml");
        }
    }

    #[test]
    fn a_named_action_loses_the_lower_layers_keys_in_that_place_only() {
        let mut layers = Layers::default();
        layers
            .lay(
                "low",
                "[global]\n\"f9\" = \"verification\"\n[checklist]\n\"f9\" = \"close\"\n",
            )
            .unwrap();
        layers
            .lay("high", "[global]\n\"ctrl-v\" = \"verification\"\n")
            .unwrap();
        let f9 = Key::parse("f9").unwrap();
        let map = layers.finish();
        assert_eq!(map.get(&(Place::Global, f9)), None);
        assert_eq!(map.get(&(Place::Checklist, f9)), Some(&Intent::Close));
        let ctrl_v = Key::parse("ctrl-v").unwrap();
        assert_eq!(
            map.get(&(Place::Global, ctrl_v)),
            Some(&Intent::Verification)
        );
    }

    #[test]
    fn a_key_taken_from_a_lower_layer_names_both_files_and_actions() {
        let mut layers = Layers::default();
        layers
            .lay("low", "[global]\n\"f3\" = \"accept_offer\"\n")
            .unwrap();
        let err = layers
            .lay("high", "\n[global]\n\"f3\" = \"decline_offer\"\n")
            .unwrap_err();
        assert_eq!(
            (err.file.as_str(), err.line, err.column),
            ("high", 3, 1),
            "{err}"
        );
        assert!(err.problem.contains("decline_offer here"), "{err}");
        assert!(
            err.problem.contains("and to accept_offer at low line 2"),
            "{err}"
        );
    }
}
