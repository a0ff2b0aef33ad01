//! Scrolling the transcript, within limits `update` knows from the layout and the terminal's
//! size — no frame has to be drawn first.

use super::State;
use crate::console::ui::layout;

/// How far the scroll keys move, in lines.
pub(crate) const PAGE: u16 = 10;

/// The mouse wheel and the scroll keys (positive is back, towards the top): the focused chat's
/// transcript.
pub(super) fn scroll(state: &mut State, lines: i32) {
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
