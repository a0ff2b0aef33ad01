//! Keys of the missed-chat list and the review view (its filter form is in `review_filter`).

use ratatui::crossterm::event::KeyEvent;

use super::{Overlay, State, review_filter};
use crate::console::action::Command;
use crate::console::dialogs::review::{FollowUpDraft, MissedView, ReviewView, clean_review};
use crate::policy::review::SCORES;
use crate::policy::text_limits::{MISSED_NOTE_CHARS, REVIEW_COMMENT_CHARS, room_for_one_more};
use crate::protocol::{FollowUpAction, NewFollowUp, Review, ReviewQuery, Role};

pub(super) fn open_missed(state: &mut State) -> Vec<Command> {
    state.overlay = Overlay::Missed(MissedView {
        selected: 0,
        follow_up: None,
    });
    vec![Command::RefreshMissed]
}

pub(super) fn open_reviews(state: &mut State) -> Vec<Command> {
    let view = ReviewView::new();
    let filters = view.filters.clone();
    state.overlay = Overlay::Reviews(Box::new(view));
    vec![Command::FetchReviews(filters)]
}

/// The list fetched with `filters`; dropped when the filters changed since it was asked for.
pub(super) fn listed(state: &mut State, filters: &ReviewQuery, list: Vec<Review>) {
    if let Overlay::Reviews(view) = &mut state.overlay
        && view.filters == *filters
    {
        let list: Vec<Review> = list.into_iter().map(clean_review).collect();
        view.selected = view.selected.min(list.len().saturating_sub(1));
        view.list = Some(list);
        view.refused = None;
    }
}

/// The backend did not list the reviews for `filters`: the list says why.
pub(super) fn refused(state: &mut State, filters: &ReviewQuery, why: &str) {
    if let Overlay::Reviews(view) = &mut state.overlay
        && view.filters == *filters
    {
        view.list = Some(Vec::new());
        view.refused = Some(crate::policy::sanitize::sanitize_line(why));
    }
}

/// Up and Down in the lists. Returns whether one of them took it.
pub(super) fn move_by(state: &mut State, down: bool) -> bool {
    if review_filter::next_field(state, down) {
        return true;
    }
    let step = |selected: &mut usize, len: usize| {
        *selected = match down {
            true => (*selected + 1).min(len.saturating_sub(1)),
            false => selected.saturating_sub(1),
        };
    };
    match &mut state.overlay {
        Overlay::Missed(view) if view.follow_up.is_none() => {
            step(&mut view.selected, state.missed.len());
            true
        }
        Overlay::Reviews(view) if view.open.is_none() => {
            let len = view.list.as_ref().map_or(0, Vec::len);
            step(&mut view.selected, len);
            true
        }
        Overlay::Missed(_) | Overlay::Reviews(_) => true,
        _ => false,
    }
}

/// Left and Right: the follow-up's action, the choice in the filter form, or the review list's
/// flag filter.
pub(super) fn switch(state: &mut State) -> Vec<Command> {
    if review_filter::switch(state) {
        return Vec::new();
    }
    match &mut state.overlay {
        Overlay::Missed(view) => {
            if let Some(draft) = &mut view.follow_up {
                draft.next_action();
            }
            Vec::new()
        }
        Overlay::Reviews(view) if view.open.is_none() => {
            vec![Command::FetchReviews(view.next_flag())]
        }
        _ => Vec::new(),
    }
}

/// The score a typed digit gives, when it is one ([`SCORES`]).
fn score_of(typed: char) -> Option<u8> {
    typed
        .to_digit(10)
        .and_then(|d| u8::try_from(d).ok())
        .filter(|score| SCORES.contains(score))
}

/// Typing: the follow-up note, or a lead's score (a digit in [`SCORES`]) and comment.
pub(super) fn type_key(state: &mut State, key: KeyEvent) -> bool {
    let lead = state.me.role == Role::Lead;
    let Some(typed) = crate::console::rooms::edit_of(&key) else {
        return false;
    };
    if let Some(form) = review_filter::form_mut(state) {
        match typed {
            Some(c) => form.type_char(c),
            None => form.backspace(),
        }
        return true;
    }
    let (text, longest) = match &mut state.overlay {
        Overlay::Missed(MissedView {
            follow_up: Some(draft),
            ..
        }) => (&mut draft.note, MISSED_NOTE_CHARS),
        Overlay::Reviews(view) if view.open.is_some() && lead => {
            match typed {
                Some(c) if view.score.is_none() && score_of(c).is_some() => {
                    view.score = score_of(c);
                    return true;
                }
                None if view.comment.is_empty() => {
                    view.score = None;
                    return true;
                }
                _ if view.score.is_none() => return true,
                _ => {}
            }
            (&mut view.comment, REVIEW_COMMENT_CHARS)
        }
        Overlay::Missed(_) | Overlay::Reviews(_) => return true,
        _ => return false,
    };
    match typed {
        Some(c) if !c.is_control() && room_for_one_more(text, longest) => text.push(c),
        Some(_) => {}
        None => {
            text.pop();
        }
    }
    true
}

/// Enter: claim a missed chat (then write its follow-up), record the follow-up, open a review,
/// or save a lead's score.
pub(super) fn choose(state: &mut State) -> Option<Vec<Command>> {
    match state.overlay.clone() {
        Overlay::Missed(mut view) => {
            if let Some(draft) = &view.follow_up {
                let note = draft.note.trim().to_string();
                if note.is_empty() {
                    state.say("Say what you did: the follow-up needs a note.", true);
                    return Some(Vec::new());
                }
                let command = Command::FollowUpMissed {
                    id: draft.missed,
                    follow_up: NewFollowUp {
                        action: draft.action,
                        note,
                    },
                };
                view.follow_up = None;
                state.overlay = Overlay::Missed(view);
                return Some(vec![command]);
            }
            let Some(missed) = state.missed.get(view.selected) else {
                return Some(Vec::new());
            };
            if let Some(other) = missed.claimed_by.filter(|by| *by != state.me.id) {
                let name = missed.claimed_by_name.clone().unwrap_or_default();
                let _ = other;
                state.say(format!("{name} is already following this one up."), false);
                return Some(Vec::new());
            }
            let id = missed.id;
            let claim = missed.claimed_by.is_none();
            view.follow_up = Some(FollowUpDraft {
                missed: id,
                action: FollowUpAction::Emailed,
                note: String::new(),
            });
            state.overlay = Overlay::Missed(view);
            Some(if claim {
                vec![Command::ClaimMissed(id)]
            } else {
                Vec::new()
            })
        }
        Overlay::Reviews(view) if view.form.is_some() => Some(review_filter::apply(state)),
        Overlay::Reviews(view) => match &view.open {
            Some(detail) => {
                let Some(score) = view.score_to_send() else {
                    return Some(Vec::new());
                };
                Some(vec![Command::Score {
                    chat: detail.review.chat_id,
                    score,
                }])
            }
            None => {
                let chat = view.list.as_ref()?.get(view.selected)?.chat_id;
                Some(vec![Command::OpenReview(chat)])
            }
        },
        _ => None,
    }
}

/// Esc: out of the follow-up, the filter form or the open review first, then out of the list.
pub(super) fn back(state: &mut State) -> bool {
    match &mut state.overlay {
        Overlay::Reviews(view) if view.form.is_some() => {
            view.form = None;
            true
        }
        Overlay::Missed(view) if view.follow_up.is_some() => {
            view.follow_up = None;
            true
        }
        Overlay::Reviews(view) if view.open.is_some() => {
            view.open = None;
            view.score = None;
            view.comment.clear();
            true
        }
        _ => false,
    }
}
