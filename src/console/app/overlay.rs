//! What sits over the panes, and the questions the procedure asks.

use uuid::Uuid;

use crate::console::dialogs::escalate::EscalationDialog;
use crate::console::dialogs::review::{MissedView, ReviewView};
use crate::console::dialogs::ticket::TicketDialog;
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
    Help(HelpView),
    Picker(crate::console::picker::Picker),
    Checklist {
        chat: Uuid,
        selected: usize,
    },
    Transfer(TransferDialog),
    /// Opening (or editing) the focused chat's ticket.
    Ticket(Box<TicketDialog>),
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
    /// Quit although chats are live: they stay assigned, and presence goes away.
    Quit,
    /// Put the chat on hold: the agent confirms the customer agreed.
    Hold { chat: Uuid },
    /// A lead takes the watched chat over; going back returns to watching it.
    TakeOver(Box<Watch>),
}

/// The help screen, scrolled so that line `top` is the first shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HelpView {
    pub top: u16,
}

/// How the help fits the screen: the last `top` that still fills it, and how many lines show
/// at once (from the layout, [`crate::console::ui::help::extent`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpExtent {
    pub most: u16,
    pub page: u16,
}

impl HelpView {
    /// Moves `lines` down (up when negative), within what there is.
    pub fn scroll_by(&mut self, lines: i32, extent: HelpExtent) {
        let next = (i32::from(self.top) + lines).clamp(0, i32::from(extent.most));
        self.top = u16::try_from(next).unwrap_or(0);
    }

    /// Moves a screenful less one line down (up when `down` is false), so one line stays.
    pub fn turn_page(&mut self, down: bool, extent: HelpExtent) {
        let page = i32::from(extent.page.saturating_sub(1).max(1));
        self.scroll_by(if down { page } else { -page }, extent);
    }

    pub fn to_top(&mut self) {
        self.top = 0;
    }

    pub fn to_end(&mut self, extent: HelpExtent) {
        self.top = extent.most;
    }
}
