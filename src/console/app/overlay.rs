//! What sits over the panes, and the questions the procedure asks.

use uuid::Uuid;

use crate::console::dialogs::escalate::EscalationDialog;
use crate::console::dialogs::review::{MissedView, ReviewView};
use crate::console::dialogs::transfer::TransferDialog;
use crate::console::dialogs::wrap_up::WrapUpForm;
use crate::console::monitor::Watch;

/// What sits over the panes.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Queue {
        selected: usize,
    },
    ConfirmEnd(Uuid),
    WrapUp(Box<WrapUpForm>),
    Help,
    Picker(crate::console::picker::Picker),
    Checklist {
        chat: Uuid,
        selected: usize,
    },
    Transfer(TransferDialog),
    /// The procedure warns about something; the agent confirms or goes back.
    Question(Question),
    Export {
        chat: Uuid,
        selected: usize,
    },
    FollowUps {
        selected: usize,
    },
    Escalate(Box<EscalationDialog>),
    /// A lead watching someone else's chat.
    Watch(Box<Watch>),
    /// Chats whose customer left before anyone answered.
    Missed(MissedView),
    Reviews(Box<ReviewView>),
}

/// A warning that needs a yes before the console goes on.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub title: String,
    pub lines: Vec<String>,
    pub then: Then,
}

/// What a yes to a [`Question`] does.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Send the focused chat's draft as it is.
    SendAnyway,
    /// Insert a response meant for verified customers.
    Insert {
        text: String,
        replace: Option<std::ops::Range<usize>>,
    },
}
