//! Canned responses into the composer: Tab after `/shortcode`, and the text a response gives
//! put at the cursor.

use super::{Overlay, State, save_draft};
use crate::console::action::Command;
use crate::console::chat::composer;
use crate::console::rooms::picker::{Picker, cursor_offset};

/// Tab after `/shortcode` in the composer: the response replaces it, asking for fields first.
pub(super) fn expand_shortcode(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.focused() else {
        return Vec::new();
    };
    let text = chat.draft();
    let Some(expansion) = state.canned.expand_at(&text, cursor_offset(chat)) else {
        return Vec::new();
    };
    let range = expansion.range.clone();
    let response = expansion.response.clone();
    state.overlay = Overlay::Picker(Picker::filling(&response, Some(range)));
    if response.fields().is_empty() {
        return crate::console::rooms::picker::choose(state);
    }
    Vec::new()
}

/// Puts `text` at the composer's cursor, or in place of `replace`.
pub(crate) fn insert(
    state: &mut State,
    text: &str,
    replace: Option<std::ops::Range<usize>>,
) -> Vec<Command> {
    let Some(chat) = state.focused_mut() else {
        return Vec::new();
    };
    match replace {
        None => {
            chat.composer.insert_str(text);
        }
        Some(range) => {
            let mut draft = chat.draft();
            if draft.get(range.clone()).is_some() {
                draft.replace_range(range, text);
            }
            chat.composer = composer(&draft);
        }
    }
    vec![save_draft(chat)]
}
