//! What the agent's keys do: intents from the keymap, and typing into the composer.

use super::{
    Connection, HelpView, Overlay, Question, State, Then, canned, lead, procedure, save_draft,
    scrolling, spelling,
};
use crate::console::action::{Command, Refusal};
use crate::console::chat::{Pending, composer};
use crate::console::keymap::{Intent, Place};
use crate::console::rooms;
use crate::console::rooms::confirm_end::ConfirmEnd;
use crate::policy::text_limits::MESSAGE_CHARS;
use crate::protocol::{ChatState, Presence};
use scrolling::PAGE;

pub(super) fn type_key(
    state: &mut State,
    key: ratatui::crossterm::event::KeyEvent,
) -> Vec<Command> {
    if let Some(commands) = rooms::offer_key(state, key) {
        return commands;
    }
    let Some(chat) = state.focused_mut() else {
        return Vec::new();
    };
    if chat.composer.input(key) {
        vec![save_draft(chat)]
    } else {
        Vec::new()
    }
}

fn next_presence(current: Presence) -> Presence {
    match current {
        Presence::Offline => Presence::Available,
        Presence::Available => Presence::Away,
        Presence::Away => Presence::Offline,
        // Leaving wrap-up means asking for available; the backend says whether it may.
        Presence::WrapUp => Presence::Available,
    }
}

/// Quits at once with no live chat; with live chats, asks first and says what becomes of them.
fn quit(state: &mut State) -> Vec<Command> {
    let live: Vec<String> = state
        .chats
        .iter()
        .filter(|c| c.state == ChatState::Active)
        .map(|c| c.customer.name.clone())
        .collect();
    if live.is_empty() {
        state.quitting = true;
        return vec![Command::Quit];
    }
    let transfer = state
        .settings
        .keymap
        .keys(Place::Composer, Intent::TransferChat)
        .map_or_else(String::new, |key| format!(" ({key})"));
    let chats = if live.len() == 1 {
        "a live chat"
    } else {
        "live chats"
    };
    state.overlay = Overlay::Question(Question {
        title: format!("Quit with {chats}?"),
        lines: vec![
            format!("Still waiting for you: {}.", live.join(", ")),
            "If you quit they stay yours: the customers wait, unanswered, and you show as away."
                .into(),
            format!("To hand them on, transfer them first{transfer}; or keep working."),
        ],
        then: Then::Quit,
    });
    Vec::new()
}

pub(super) fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    if let Some(commands) = rooms::offer_intent(state, intent) {
        return commands;
    }
    match intent {
        Intent::Quit => quit(state),
        Intent::Help => {
            state.overlay = Overlay::Help(HelpView::default());
            Vec::new()
        }
        Intent::CyclePresence => vec![Command::SetPresence(next_presence(state.me.presence))],
        Intent::AcceptOffer => match state.offers.first() {
            Some(offer) => vec![Command::Accept(offer.id)],
            None => {
                state.say("There is no offer to accept.", false);
                Vec::new()
            }
        },
        Intent::DeclineOffer => match state.offers.first() {
            Some(offer) => vec![Command::Decline(offer.id)],
            None => Vec::new(),
        },
        Intent::ToggleQueue => rooms::queue::open(state),
        Intent::NextPane => {
            if !state.chats.is_empty() {
                state.focus = (state.focus + 1) % state.chats.len();
            }
            Vec::new()
        }
        Intent::EndOrWrapUp => {
            if state.focused().is_some_and(|c| c.state == ChatState::Ended)
                && state.dispositions.is_empty()
            {
                let again = state
                    .settings
                    .keymap
                    .keys(Place::Composer, Intent::EndOrWrapUp)
                    .map_or_else(|| "try".to_string(), |key| format!("press {key}"));
                state.say(
                    format!("Fetching the disposition codes; {again} again in a moment."),
                    true,
                );
                return vec![Command::RefreshDispositions];
            }
            match state.focused().map(|c| (c.id, c.state)) {
                Some((_, ChatState::Ended)) => rooms::wrap_up::open(state),
                Some((chat, _)) => {
                    state.overlay = Overlay::ConfirmEnd(ConfirmEnd { chat });
                    Vec::new()
                }
                None => Vec::new(),
            }
        }
        Intent::ToggleHold => super::hold::toggle(state),
        Intent::Verification => rooms::checklist::open(state),
        Intent::TransferChat => rooms::transfer::open(state),
        Intent::InsertSuggested => procedure::insert_suggested(state),
        Intent::OpenTicket => {
            rooms::ticket::open(state, None);
            Vec::new()
        }
        Intent::FixSpelling => spelling::fix_first(state),
        Intent::Unfold => {
            if let Some(chat) = state.focused_mut() {
                chat.unfolded = !chat.unfolded;
                // Heights were measured folded (or unfolded): measure again.
                chat.heights.forget(chat.heights.width(), chat.lines.len());
            }
            Vec::new()
        }
        Intent::ExportTranscript => rooms::export::open(state),
        Intent::ShowFollowUps => rooms::follow_ups::open(state),
        Intent::Escalate => rooms::escalation::open(state),
        Intent::ToggleMonitor => lead::toggle_monitor(state),
        Intent::ShowOffline => lead::toggle_offline(state),
        Intent::CloseEscalation => lead::close_escalation(state),
        Intent::ShowMissed => rooms::missed::open(state),
        Intent::ShowReviews => rooms::reviews::open(state),
        // Only rooms take these.
        Intent::PageUp
        | Intent::PageDown
        | Intent::First
        | Intent::Last
        | Intent::Toggle
        | Intent::TakeOver
        | Intent::NextField
        | Intent::PrevField
        | Intent::SwitchChoice
        | Intent::FilterReviews
        | Intent::ClearFilters => Vec::new(),
        Intent::ScrollBack => {
            scrolling::scroll(state, i32::from(PAGE));
            Vec::new()
        }
        Intent::ScrollForward => {
            scrolling::scroll(state, -i32::from(PAGE));
            Vec::new()
        }
        Intent::Send => send(state),
        Intent::Newline => match state.focused_mut() {
            Some(chat) => {
                chat.composer.insert_newline();
                vec![save_draft(chat)]
            }
            None => Vec::new(),
        },
        // With nothing over it, the lead's monitor.
        Intent::Up | Intent::Down => {
            lead::move_by(state, intent == Intent::Down);
            Vec::new()
        }
        Intent::Choose => lead::choose(state).unwrap_or_default(),
        Intent::OpenPicker => rooms::picker::open(state),
        Intent::ExpandShortcode => canned::expand_shortcode(state),
        // A room that does not ask anything closes.
        Intent::Confirm => {
            state.overlay = Overlay::None;
            Vec::new()
        }
        Intent::Close => {
            state.overlay = Overlay::None;
            Vec::new()
        }
    }
}

fn send(state: &mut State) -> Vec<Command> {
    if let Some(record) = procedure::unfilled(state) {
        return vec![record];
    }
    if procedure::needs_confirmation(state) {
        return Vec::new();
    }
    send_now(state)
}

/// Sends the focused chat's draft without the etiquette questions.
pub(crate) fn send_now(state: &mut State) -> Vec<Command> {
    let session = state.session;
    let now = state.now;
    state.sent += 1;
    let counter = state.sent;
    let Some(chat) = state.chats.get_mut(state.focus) else {
        return Vec::new();
    };
    // Masked here already, so no card number goes into the outbox or on to the backend.
    let body = crate::policy::cards::mask(&chat.draft()).into_string();
    if body.trim().is_empty() {
        return Vec::new();
    }
    let chat_id = chat.id;
    let chars = body.chars().count();
    if chars > MESSAGE_CHARS {
        state.say(
            format!(
                "The reply is {chars} characters long; at most {MESSAGE_CHARS} fit in one message. Nothing was sent."
            ),
            true,
        );
        return refused(chat_id, Refusal::TooLong(chars));
    }
    if chat.state != ChatState::Active {
        state.say("This chat has ended; nothing was sent.", true);
        return refused(chat_id, Refusal::ChatEnded);
    }
    // Every way to send comes through here: a placeholder never goes out.
    if let Some(problem) = crate::policy::template::unfilled_problem(&body) {
        state.say(problem, true);
        let placeholders = crate::policy::template::unfilled(&body).len();
        return refused(chat_id, Refusal::Unfilled(placeholders));
    }
    if let Connection::SignedOut(why) = &state.connection {
        let why = why.clone();
        state.say(
            format!("Signed out ({why}); your text stays in the composer."),
            true,
        );
        return refused(chat_id, Refusal::SignedOut);
    }
    let client_msg_id = format!("console-{session}-{counter}");
    chat.pending.push(Pending {
        client_msg_id: client_msg_id.clone(),
        body: crate::policy::sanitize::sanitize(&body),
        typed_at: now,
    });
    chat.composer = composer("");
    chat.scroll = 0;
    chat.unseen = 0;
    vec![
        Command::Send {
            chat_id: chat.id,
            body,
            client_msg_id,
        },
        Command::SaveDraft {
            chat_id: chat.id,
            text: String::new(),
        },
    ]
}

/// The log's record that the console did not send a message to `chat`.
fn refused(chat: uuid::Uuid, why: Refusal) -> Vec<Command> {
    vec![Command::RecordRefusal { chat, why }]
}
