//! Ending a chat asks first.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use uuid::Uuid;

use super::{Areas, Handled, Room};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::ui::popup::centred;

/// "End the chat with …?" for the chat `chat`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmEnd {
    pub chat: Uuid,
}

impl Room for ConfirmEnd {
    fn place(&self) -> Place {
        Place::Confirm
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Confirm, Intent::Close]
    }

    fn on_intent(&mut self, intent: Intent, _state: &mut State) -> Handled {
        match intent {
            Intent::Confirm => Handled::Closed(vec![Command::End(self.chat)]),
            _ => Handled::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        let Some(chat) = state.chats.iter().find(|c| c.id == self.chat) else {
            return;
        };
        let answers = state.settings.keymap.hints(
            Place::Confirm,
            &[
                (Intent::Confirm, "ends it"),
                (Intent::Close, "keeps chatting"),
            ],
        );
        let popup = centred(areas.chat, 46, 5);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(format!("End the chat with {}?", chat.customer.name)),
                Line::from(""),
                Line::from(answers),
            ])
            .block(Block::default().borders(Borders::ALL).title(" End chat ")),
            popup,
        );
    }
}
