//! The transfer dialog: colleagues who are online with room for a chat, then the queues; a
//! note for whoever takes the chat next.

use uuid::Uuid;

use crate::policy::sanitize::sanitize_line;
use crate::policy::text_limits::{TRANSFER_NOTE_CHARS, room_for_one_more};
use crate::protocol::{AgentSummary, Presence, QueueInfo};

/// Where a chat can go.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Agent {
        id: Uuid,
        name: String,
        active: u32,
        capacity: u32,
    },
    Queue {
        id: String,
        name: String,
    },
}

impl Target {
    pub fn label(&self) -> String {
        match self {
            Target::Agent {
                name,
                active,
                capacity,
                ..
            } => format!("{name} — {active} of {capacity} chats"),
            Target::Queue { name, .. } => format!("Queue: {name}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TransferDialog {
    pub chat: Uuid,
    /// `None` until the list of colleagues arrived.
    pub targets: Option<Vec<Target>>,
    pub selected: usize,
    pub note: String,
    pub error: Option<String>,
}

impl TransferDialog {
    pub fn new(chat: Uuid) -> TransferDialog {
        TransferDialog {
            chat,
            targets: None,
            selected: 0,
            note: String::new(),
            error: None,
        }
    }

    /// Fills the list: available colleagues with room (not `me`), fewest chats first, then
    /// every queue.
    pub fn set_targets(&mut self, me: Uuid, agents: &[AgentSummary], queues: &[QueueInfo]) {
        let mut people: Vec<&AgentSummary> = agents
            .iter()
            .filter(|a| {
                a.id != me && a.presence == Presence::Available && a.active_chats < a.capacity
            })
            .collect();
        people.sort_by_key(|a| (a.active_chats, a.display_name.to_lowercase()));
        let mut targets: Vec<Target> = people
            .into_iter()
            .map(|a| Target::Agent {
                id: a.id,
                name: sanitize_line(&a.display_name),
                active: a.active_chats,
                capacity: a.capacity,
            })
            .collect();
        targets.extend(queues.iter().map(|q| Target::Queue {
            id: q.id.clone(),
            name: sanitize_line(&q.name),
        }));
        self.selected = self.selected.min(targets.len().saturating_sub(1));
        self.targets = Some(targets);
    }

    pub fn target(&self) -> Option<&Target> {
        self.targets.as_ref()?.get(self.selected)
    }

    pub fn move_by(&mut self, down: bool) {
        let len = self.targets.as_ref().map_or(0, Vec::len);
        self.selected = match down {
            true => (self.selected + 1).min(len.saturating_sub(1)),
            false => self.selected.saturating_sub(1),
        };
    }

    pub fn type_char(&mut self, c: char) {
        if !c.is_control() && room_for_one_more(&self.note, TRANSFER_NOTE_CHARS) {
            self.note.push(c);
        }
    }
}
