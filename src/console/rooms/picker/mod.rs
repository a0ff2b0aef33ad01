//! The canned-response picker: type to search the library, the highlighted response filled for
//! the focused chat, then a prompt for each `{ask:…}` field; Enter puts it in the composer.
//! Searches run beside the console ([`Search`], as commands); their answers come back as
//! actions.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::ticket::{self, InsertAfter};
use super::{Areas, Handled, Overlay, Room, step};
use crate::console::action::{Action, Command};
use crate::console::app::{State, canned, procedure};
use crate::console::keymap::{Intent, Place};

pub mod draw;
pub mod search;

pub use search::{Filling, Picker, SEARCH_AT_ONCE, Search, context, cursor_offset};

impl Room for Picker {
    fn place(&self) -> Place {
        Place::Picker
    }

    /// Moving between fields only while a chosen response's fields are asked for.
    fn hints(&self) -> &'static [Intent] {
        match self.filling {
            Some(_) => &[Intent::Choose, Intent::NextField, Intent::Close],
            None => &[Intent::Choose, Intent::Close],
        }
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => {
                let len = self.matches();
                step(&mut self.selected, len, intent == Intent::Down);
                Handled::done()
            }
            Intent::NextField => {
                self.next_field();
                Handled::done()
            }
            Intent::Choose => pick(self, state),
            _ => Handled::Ignored,
        }
    }

    fn on_key(&mut self, key: KeyEvent, state: &mut State) -> Handled {
        let search = match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.type_char(c, &state.canned)
            }
            KeyCode::Backspace => self.backspace(&state.canned),
            _ => None,
        };
        Handled::Consumed(search.map(Command::SearchCanned).into_iter().collect())
    }

    fn on_news(&mut self, news: Action, _state: &State) -> Option<Action> {
        match news {
            Action::CannedFound {
                generation,
                query,
                results,
            } => {
                self.found(generation, query, results);
                None
            }
            other => Some(other),
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw::draw(frame, areas.chat, state, self);
    }
}

/// The picker key: the picker over the library, for the focused chat's composer.
pub fn open(state: &mut State) -> Vec<Command> {
    if state.focused().is_none() {
        state.say(
            "Open a chat first: canned responses go into its composer.",
            false,
        );
    } else {
        state.overlay = Overlay::Picker(Picker::new(&state.canned));
    }
    Vec::new()
}

/// Chooses in the picker just opened, as Enter does: a response with nothing to ask goes
/// straight into the composer.
pub fn choose(state: &mut State) -> Vec<Command> {
    super::offer_intent(state, Intent::Choose).unwrap_or_default()
}

/// Enter: ask for the fields first, then insert the filled response.
fn pick(picker: &mut Picker, state: &mut State) -> Handled {
    // Enter chooses among the results of what is typed, even before their search came back.
    picker.finish(&state.canned);
    let Some(response) = picker.current(&state.canned).cloned() else {
        return Handled::done();
    };
    let Some(chat) = state.focused() else {
        return Handled::closed();
    };
    let context = context(chat, &state.me.display_name);
    let replace = picker.replace.clone();
    let answers = match &picker.filling {
        None if !response.fields().is_empty() => {
            *picker = Picker::filling(&response, replace);
            return Handled::done();
        }
        None => Default::default(),
        Some(filling) => filling.answers(),
    };
    let filled = response.preview(&context, &answers);
    let missing_field = filled
        .gaps
        .iter()
        .find(|g| matches!(g, crate::canned::Gap::Field(_)))
        .map(ToString::to_string);
    if let Some(label) = missing_field {
        let moves = state
            .settings
            .keymap
            .keys(Place::Picker, Intent::NextField)
            .map_or_else(String::new, |key| format!(" ({key} moves between fields)"));
        state.say(format!("Fill in “{label}” first{moves}."), true);
        return Handled::done();
    }
    // No ticket yet for a response that gives its reference: open the ticket first; the
    // response goes in once the backend has answered.
    let about_the_ticket = [
        crate::canned::Variable::TicketId,
        crate::canned::Variable::TicketContact,
    ];
    if filled
        .gaps
        .iter()
        .any(|g| matches!(g, crate::canned::Gap::Variable(v) if about_the_ticket.contains(v)))
    {
        let then = InsertAfter {
            response: response.id().to_string(),
            replace,
        };
        ticket::open(state, Some(then));
        return Handled::closed();
    }
    // Anything else the chat cannot supply stays written out (`{customer.email}`): the agent
    // sees it, and sending stops until it is replaced.
    if procedure::verification_question(
        state,
        response.needs_verification(),
        &filled.text,
        replace.clone(),
    ) {
        return Handled::closed();
    }
    Handled::Closed(canned::insert(state, &filled.text, replace))
}
