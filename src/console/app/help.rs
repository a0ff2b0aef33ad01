//! Keys on the help screen: it scrolls when the terminal is too short for every binding.

use super::{Overlay, State};
use crate::console::keymap::Intent;

/// Scrolls the help for `intent`. Returns whether the help is open and took it.
pub(super) fn scroll(state: &mut State, intent: Intent) -> bool {
    let Overlay::Help(view) = &mut state.overlay else {
        return false;
    };
    match intent {
        Intent::Up => view.scroll_by(-1),
        Intent::Down => view.scroll_by(1),
        Intent::PageUp => view.turn_page(false),
        Intent::PageDown => view.turn_page(true),
        Intent::First => view.to_top(),
        Intent::Last => view.to_end(),
        _ => return false,
    }
    true
}
