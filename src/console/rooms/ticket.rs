//! The chat's ticket.

use ratatui::Frame;

use super::{Areas, Handled, Room};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};

pub use crate::console::dialogs::ticket::TicketDialog;

impl Room for TicketDialog {
    fn place(&self) -> Place {
        Place::Form
    }

    fn hints(&self) -> &'static [Intent] {
        &[
            Intent::Choose,
            Intent::NextField,
            Intent::PrevField,
            Intent::SwitchChoice,
            Intent::Close,
        ]
    }

    fn on_intent(&mut self, _intent: Intent, _state: &mut State) -> Handled {
        Handled::Ignored
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        crate::console::ui::dialogs::ticket(frame, areas.chat, state, self);
    }
}
