//! Handing a chat on: to a colleague online with room for it, or to a queue, with a note for
//! whoever takes it; the customer hears about it in the team's words.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::frame::boxed;
use super::wrap_up::draw::error_line;
use super::{Areas, Handled, Overlay, Room, edit_of};
use crate::console::action::{Action, Command};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::rooms::picker::context;
use crate::console::theme::Role;
use crate::protocol::{ChatState, Transfer};

pub mod dialog;

pub use dialog::{Target, TransferDialog};

impl Room for TransferDialog {
    fn place(&self) -> Place {
        Place::Transfer
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => {
                self.move_by(intent == Intent::Down);
                Handled::done()
            }
            Intent::Choose => self.transfer(state),
            _ => Handled::Ignored,
        }
    }

    fn on_key(&mut self, key: KeyEvent, _state: &mut State) -> Handled {
        match edit_of(&key) {
            Some(Some(c)) => self.type_char(c),
            Some(None) => {
                self.note.pop();
            }
            None => {}
        }
        Handled::done()
    }

    fn on_news(&mut self, news: Action, state: &State) -> Option<Action> {
        match news {
            Action::Colleagues { agents, queues } => {
                self.set_targets(state.me.id, &agents, &queues);
                None
            }
            other => Some(other),
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw_dialog(frame, areas.chat, state, self);
    }
}

impl TransferDialog {
    /// Enter: the chat is offered to the highlighted colleague or queue, with the note.
    fn transfer(&mut self, state: &mut State) -> Handled {
        let dialog = self;
        let Some(target) = dialog.target().cloned() else {
            let close = state
                .settings
                .keymap
                .keys(Place::Transfer, Intent::Close)
                .map_or_else(String::new, |key| format!(" or press {key}"));
            dialog.error = Some(format!(
                "Nobody to transfer to yet; wait for the list{close}."
            ));
            return Handled::done();
        };
        let note = dialog.note.trim().to_string();
        if note.is_empty() {
            dialog.error = Some(
                "Write a note for whoever takes the chat: what the customer needs and what you did."
                    .into(),
            );
            return Handled::done();
        }
        // The customer hears about it in the team's words, from the transfer-notice response.
        let notice = state
            .chats
            .iter()
            .find(|c| c.id == dialog.chat)
            .and_then(|chat| {
                let response = state.canned.get("transfer-notice")?;
                let filled =
                    response.preview(&context(chat, &state.me.display_name), &Default::default());
                Some(filled.text)
            });
        let (to_agent, to_queue) = match &target {
            Target::Agent { id, name, .. } => {
                state.say(
                    format!(
                        "Offered to {name} with your note; the chat stays yours until they accept, and the customer is told then."
                    ),
                    false,
                );
                (Some(*id), None)
            }
            Target::Queue { id, .. } => (None, Some(id.clone())),
        };
        Handled::Closed(vec![Command::Transfer {
            chat: dialog.chat,
            transfer: Transfer {
                to_agent,
                to_queue,
                note,
                notice,
            },
        }])
    }
}

/// The transfer key: the dialog for the focused chat, while it is live; whom to offer it to is
/// fetched.
pub fn open(state: &mut State) -> Vec<Command> {
    let Some(id) = active_chat(state, "transfer") else {
        return Vec::new();
    };
    state.overlay = Overlay::Transfer(TransferDialog::new(id));
    vec![Command::FetchColleagues]
}

/// The focused chat when it is active, else a sentence saying why nothing happens.
fn active_chat(state: &mut State, what: &str) -> Option<uuid::Uuid> {
    match state.focused() {
        Some(chat) if chat.state == ChatState::Active => Some(chat.id),
        Some(_) => {
            state.say(
                format!("This chat has ended; {what} is for live chats."),
                false,
            );
            None
        }
        None => {
            state.say(format!("Open a chat first; {what} works in a chat."), false);
            None
        }
    }
}

fn draw_dialog(frame: &mut Frame, area: Rect, state: &State, dialog: &TransferDialog) {
    let theme = &state.settings.theme;
    let keymap = &state.settings.keymap;
    let moves = keymap
        .pair(Place::Transfer, Intent::Up, Intent::Down)
        .map_or_else(String::new, |keys| format!(" ({keys})"));
    let mut lines = vec![Line::from(Span::styled(
        format!(" To{moves}"),
        theme[Role::Heading],
    ))];
    match &dialog.targets {
        None => lines.push(Line::from("   Finding who is online…")),
        Some(targets) if targets.is_empty() => lines.push(Line::from(
            "   Nobody is available and there are no queues.",
        )),
        Some(targets) => {
            for (i, target) in targets.iter().enumerate() {
                let chosen = i == dialog.selected;
                let style = if chosen {
                    theme[Role::Highlight]
                } else {
                    Style::default()
                };
                let marker = if chosen { "▶" } else { " " };
                lines.push(Line::from(Span::styled(
                    format!("  {marker} {}", target.label()),
                    style,
                )));
            }
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(" Note ", theme[Role::Marker]),
        Span::raw(format!(" {}▏", dialog.note)),
    ]));
    if let Some(error) = &dialog.error {
        lines.push(error_line(theme, error));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        " The customer is told with the transfer-notice response.",
        theme[Role::Muted],
    )));
    lines.push(Line::from(Span::styled(
        format!(
            " {}",
            keymap.hints(
                Place::Transfer,
                &[(Intent::Choose, "transfers"), (Intent::Close, "closes")],
            )
        ),
        theme[Role::Muted],
    )));
    boxed(frame, area, 70, " Transfer the chat ".into(), lines);
}
