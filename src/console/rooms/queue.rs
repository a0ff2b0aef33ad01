//! The queue: the chats waiting, longest first; Enter picks the highlighted one up.

use ratatui::Frame;
use ratatui::widgets::Clear;

use super::{Areas, Handled, Overlay, Room, step};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::ui::popup::centred;
use crate::console::ui::side;

/// The queue, with the highlighted chat.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueList {
    pub selected: usize,
}

impl Room for QueueList {
    fn place(&self) -> Place {
        Place::Queue
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => {
                step(
                    &mut self.selected,
                    state.waiting().len(),
                    intent == Intent::Down,
                );
                Handled::done()
            }
            Intent::Choose => {
                // The list may have shrunk since the highlight moved: take what is highlighted.
                let waiting = state.waiting();
                let chat = waiting
                    .get(self.selected.min(waiting.len().saturating_sub(1)))
                    .map(|c| c.chat_id);
                Handled::Closed(chat.map(Command::PickUp).into_iter().collect())
            }
            Intent::ToggleQueue => Handled::Closed(vec![Command::RefreshQueues]),
            _ => Handled::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        let popup = centred(areas.work, 50, 20);
        frame.render_widget(Clear, popup);
        let hints = state.settings.keymap.hints(
            Place::Queue,
            &[(Intent::Choose, "picks up"), (Intent::Close, "closes")],
        );
        let title = if hints.is_empty() {
            "Queue".to_string()
        } else {
            format!("Queue — {hints}")
        };
        side::list(frame, popup, state, Some(self.selected), &title);
    }
}

/// The queue key: the queue, fetched afresh.
pub fn open(state: &mut State) -> Vec<Command> {
    state.overlay = Overlay::Queue(QueueList::default());
    vec![Command::RefreshQueues]
}
