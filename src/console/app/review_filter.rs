//! Keys of the review list's filter form: open it, fill it in, put the filters in force (the
//! list is fetched again with them), or clear them.

use super::{Overlay, State};
use crate::console::action::Command;
use crate::console::dialogs::review::ReviewView;
use crate::console::dialogs::review_filter::ReviewFilterForm;
use crate::protocol::{ReviewQuery, Role};

/// The review list, when it shows (no review opened).
fn list_mut(state: &mut State) -> Option<&mut ReviewView> {
    match &mut state.overlay {
        Overlay::Reviews(view) if view.open.is_none() => Some(view),
        _ => None,
    }
}

/// The filter form, while open.
pub(super) fn form_mut(state: &mut State) -> Option<&mut ReviewFilterForm> {
    list_mut(state).and_then(|view| view.form.as_mut())
}

/// Opens the form filled with the filters in force. Only leads are asked for an agent: an
/// agent's list holds their own chats only.
pub(super) fn open(state: &mut State) -> Vec<Command> {
    let lead = state.me.role == Role::Lead;
    if let Some(view) = list_mut(state)
        && view.form.is_none()
    {
        view.form = Some(ReviewFilterForm::new(&view.filters, lead));
    }
    Vec::new()
}

/// Clears every filter (closing the form) and fetches the whole list again.
pub(super) fn clear(state: &mut State) -> Vec<Command> {
    let Some(view) = list_mut(state) else {
        return Vec::new();
    };
    let open_form = view.form.take().is_some();
    if view.filters == ReviewQuery::default() {
        if !open_form {
            state.say("No filters to clear: every review is shown.", false);
        }
        return Vec::new();
    }
    vec![Command::FetchReviews(view.filter(ReviewQuery::default()))]
}

/// Enter in the form: the filters in force and the list fetched with them, or the form kept
/// with what is wrong shown at its field.
pub(super) fn apply(state: &mut State) -> Vec<Command> {
    let today = state.now.to_zoned(state.settings.time_zone.clone()).date();
    let Some(view) = list_mut(state) else {
        return Vec::new();
    };
    let Some(form) = &mut view.form else {
        return Vec::new();
    };
    match form.check(today) {
        Ok(filters) => {
            view.form = None;
            vec![Command::FetchReviews(view.filter(filters))]
        }
        Err((field, problem)) => {
            form.field = field;
            form.error = Some((field, problem));
            Vec::new()
        }
    }
}

/// Left/Right in the form: the next flag, or the next disposition code the team uses.
pub(super) fn switch(state: &mut State) -> bool {
    let codes: Vec<String> = state.dispositions.iter().map(|d| d.code.clone()).collect();
    match form_mut(state) {
        Some(form) => {
            form.switch(&codes);
            true
        }
        None => false,
    }
}

/// Tab/Shift-Tab (and Up/Down) in the form.
pub(super) fn next_field(state: &mut State, forward: bool) -> bool {
    match form_mut(state) {
        Some(form) => {
            form.next_field(forward);
            true
        }
        None => false,
    }
}
