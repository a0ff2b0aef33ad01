//! Scrolling the transcript and the help, within limits `update` knows from the layout and the
//! terminal's size — no frame has to be drawn first.

use super::{Overlay, State};
use crate::console::rooms::help;
use crate::console::ui::layout;

/// The mouse wheel (positive is back, towards the top): the help when it is open, else the
/// focused chat's transcript.
pub(super) fn scroll(state: &mut State, lines: i32) {
    if matches!(state.overlay, Overlay::Help(_)) {
        let extent = help::draw::extent(state);
        if let Overlay::Help(view) = &mut state.overlay {
            view.scroll_by(-lines, extent);
        }
        return;
    }
    let view = layout::transcript_area(state, state.focus).unwrap_or_default();
    if let Some(chat) = state.focused_mut() {
        chat.scroll_by(lines, view.width, view.height);
    }
}

/// Measures each shown transcript as far back as its view and scroll reach, at the width the
/// layout gives it, and keeps its scroll within what there is: drawing then only reads.
pub(super) fn fit_transcripts(state: &mut State) {
    for i in 0..state.chats.len() {
        if let Some(view) = layout::transcript_area(state, i) {
            state.chats[i].fit(view.width, view.height);
        }
    }
}
