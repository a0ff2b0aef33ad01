//! Handing a chat on to a colleague or a queue.

use ratatui::Frame;

use super::{Areas, Handled, Room};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};

pub use crate::console::dialogs::transfer::TransferDialog;

impl Room for TransferDialog {
    fn place(&self) -> Place {
        Place::Transfer
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Choose, Intent::Close]
    }

    fn on_intent(&mut self, _intent: Intent, _state: &mut State) -> Handled {
        Handled::Ignored
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        crate::console::ui::wrap_up::transfer(frame, areas.chat, state, self);
    }
}
