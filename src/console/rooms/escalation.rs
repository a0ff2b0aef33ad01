//! Escalating a chat to the leads, or answering in an escalation's thread.

use ratatui::Frame;

use super::{Areas, Handled, Room};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};

pub use crate::console::dialogs::escalate::EscalationDialog;

impl Room for EscalationDialog {
    fn place(&self) -> Place {
        Place::Escalate
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
        crate::console::ui::escalation::dialog(frame, areas.chat, state, self);
    }
}
