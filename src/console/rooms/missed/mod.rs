//! Chats whose customer left before anyone answered: Enter claims the highlighted one, then its
//! follow-up is written (what was done, and a note) and recorded.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use super::{Areas, Handled, Overlay, Room, edit_of, step};
use crate::console::action::{Action, Command};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::policy::sanitize::sanitize_line;
use crate::policy::text_limits::{MISSED_NOTE_CHARS, room_for_one_more};
use crate::protocol::{FollowUpAction, MissedChat, NewFollowUp};

pub mod draw;

/// The missed-chat list and, once one is claimed, its follow-up being written.
#[derive(Debug, Clone, PartialEq)]
pub struct MissedView {
    pub selected: usize,
    pub follow_up: Option<FollowUpDraft>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpDraft {
    pub missed: uuid::Uuid,
    pub action: FollowUpAction,
    pub note: String,
}

impl FollowUpDraft {
    pub fn next_action(&mut self) {
        self.action = match self.action {
            FollowUpAction::Emailed => FollowUpAction::Called,
            FollowUpAction::Called => FollowUpAction::TicketOpened,
            FollowUpAction::TicketOpened => FollowUpAction::Emailed,
        };
    }
}

pub fn action_label(action: FollowUpAction) -> &'static str {
    match action {
        FollowUpAction::Emailed => "e-mailed",
        FollowUpAction::Called => "called",
        FollowUpAction::TicketOpened => "ticket opened",
    }
}

/// A missed chat with its remote text made safe.
pub fn clean_missed(mut m: MissedChat) -> MissedChat {
    m.customer_name = sanitize_line(&m.customer_name);
    m.customer_email = sanitize_line(&m.customer_email);
    m.client_id = m.client_id.as_deref().map(sanitize_line);
    m.queue_name = sanitize_line(&m.queue_name);
    m.first_message = m.first_message.as_deref().map(sanitize_line);
    m.claimed_by_name = m.claimed_by_name.as_deref().map(sanitize_line);
    m.follow_up_note = m.follow_up_note.as_deref().map(sanitize_line);
    m
}

impl Room for MissedView {
    fn place(&self) -> Place {
        Place::Missed
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => {
                if self.follow_up.is_none() {
                    step(
                        &mut self.selected,
                        state.missed.len(),
                        intent == Intent::Down,
                    );
                }
            }
            Intent::SwitchChoice => {
                if let Some(draft) = &mut self.follow_up {
                    draft.next_action();
                }
            }
            Intent::Choose => return Handled::Consumed(self.choose(state)),
            // Out of the follow-up first, then out of the list.
            Intent::Close if self.follow_up.is_some() => self.follow_up = None,
            _ => return Handled::Ignored,
        }
        Handled::done()
    }

    fn on_key(&mut self, key: KeyEvent, _state: &mut State) -> Handled {
        if let (Some(typed), Some(draft)) = (edit_of(&key), &mut self.follow_up) {
            let note = &mut draft.note;
            match typed {
                Some(c) if !c.is_control() && room_for_one_more(note, MISSED_NOTE_CHARS) => {
                    note.push(c);
                }
                Some(_) => {}
                None => {
                    note.pop();
                }
            }
        }
        Handled::done()
    }

    /// The list fetched afresh: the highlight stays within it (the console keeps the list).
    fn on_news(&mut self, news: Action, _state: &State) -> Option<Action> {
        if let Action::Missed(list) = &news {
            self.selected = self.selected.min(list.len().saturating_sub(1));
        }
        Some(news)
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw::draw(frame, areas.screen, state, self);
    }
}

impl MissedView {
    /// Enter: claim the highlighted chat (then write its follow-up), or record the follow-up.
    fn choose(&mut self, state: &mut State) -> Vec<Command> {
        if let Some(draft) = &self.follow_up {
            let note = draft.note.trim().to_string();
            if note.is_empty() {
                state.say("Say what you did: the follow-up needs a note.", true);
                return Vec::new();
            }
            let command = Command::FollowUpMissed {
                id: draft.missed,
                follow_up: NewFollowUp {
                    action: draft.action,
                    note,
                },
            };
            self.follow_up = None;
            return vec![command];
        }
        let Some(missed) = state.missed.get(self.selected) else {
            return Vec::new();
        };
        if missed.claimed_by.is_some_and(|by| by != state.me.id) {
            let name = missed.claimed_by_name.clone().unwrap_or_default();
            state.say(format!("{name} is already following this one up."), false);
            return Vec::new();
        }
        let id = missed.id;
        let claim = missed.claimed_by.is_none();
        self.follow_up = Some(FollowUpDraft {
            missed: id,
            action: FollowUpAction::Emailed,
            note: String::new(),
        });
        if claim {
            vec![Command::ClaimMissed(id)]
        } else {
            Vec::new()
        }
    }
}

/// The missed-chat key: the list, fetched afresh.
pub fn open(state: &mut State) -> Vec<Command> {
    state.overlay = Overlay::Missed(MissedView {
        selected: 0,
        follow_up: None,
    });
    vec![Command::RefreshMissed]
}
