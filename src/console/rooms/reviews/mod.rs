//! The reviews of ended chats: the list with its filters (a form to fill in, a flag to step
//! through), one review opened with its transcript, and a lead's score and comment.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use super::{Areas, Handled, Overlay, Room, edit_of, step};
use crate::console::action::{Action, Command};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::policy::review::SCORES;
use crate::policy::sanitize::sanitize_line;
use crate::policy::text_limits::{REVIEW_COMMENT_CHARS, room_for_one_more};
use crate::protocol::{Review, ReviewQuery, Role};

pub mod draw;
pub mod filter;
pub mod filter_draw;
pub mod view;

pub use filter::{FilterField, ReviewFilterForm};
pub use view::{ReviewView, clean_detail, clean_review};

impl Room for ReviewView {
    fn place(&self) -> Place {
        if self.form.is_some() {
            Place::ReviewFilter
        } else if self.open.is_some() {
            Place::Review
        } else {
            Place::Reviews
        }
    }

    fn hints(&self) -> &'static [Intent] {
        match self.form {
            Some(_) => &[
                Intent::Choose,
                Intent::NextField,
                Intent::PrevField,
                Intent::SwitchChoice,
                Intent::Close,
            ],
            None => &[Intent::Choose, Intent::Close],
        }
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => {
                let down = intent == Intent::Down;
                if let Some(form) = self.form_mut() {
                    form.next_field(down);
                } else if self.open.is_none() {
                    let len = self.list.as_ref().map_or(0, Vec::len);
                    step(&mut self.selected, len, down);
                }
            }
            Intent::NextField | Intent::PrevField => match self.form_mut() {
                Some(form) => form.next_field(intent == Intent::NextField),
                None => return Handled::Ignored,
            },
            Intent::SwitchChoice => return Handled::Consumed(self.switch(state)),
            Intent::Choose => return Handled::Consumed(self.choose(state)),
            Intent::FilterReviews => {
                let lead = state.me.role == Role::Lead;
                // Only leads are asked for an agent: an agent's list holds their own chats only.
                if self.open.is_none() && self.form.is_none() {
                    self.form = Some(ReviewFilterForm::new(&self.filters, lead));
                }
            }
            Intent::ClearFilters => return Handled::Consumed(self.clear(state)),
            // Out of the filter form or the open review first, then out of the list.
            Intent::Close if self.form.is_some() => self.form = None,
            Intent::Close if self.open.is_some() => {
                self.open = None;
                self.score = None;
                self.comment.clear();
            }
            _ => return Handled::Ignored,
        }
        Handled::done()
    }

    fn on_key(&mut self, key: KeyEvent, state: &mut State) -> Handled {
        let lead = state.me.role == Role::Lead;
        let Some(typed) = edit_of(&key) else {
            return Handled::done();
        };
        if let Some(form) = self.form_mut() {
            match typed {
                Some(c) => form.type_char(c),
                None => form.backspace(),
            }
        } else if self.open.is_some() && lead {
            self.type_score(typed);
        }
        Handled::done()
    }

    fn on_news(&mut self, news: Action, _state: &State) -> Option<Action> {
        match news {
            Action::Reviews { filters, list } => self.listed(&filters, list),
            Action::ReviewsRefused { filters, why } => self.refused(&filters, &why),
            Action::ReviewOpened(detail) => self.open = Some(Box::new(clean_detail(*detail))),
            other => return Some(other),
        }
        None
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw::draw(frame, areas.screen, state, self);
    }
}

/// The score a typed digit gives, when it is one ([`SCORES`]).
fn score_of(typed: char) -> Option<u8> {
    typed
        .to_digit(10)
        .and_then(|d| u8::try_from(d).ok())
        .filter(|score| SCORES.contains(score))
}

impl ReviewView {
    /// The filter form, while open over the list.
    fn form_mut(&mut self) -> Option<&mut ReviewFilterForm> {
        match self.open {
            None => self.form.as_mut(),
            Some(_) => None,
        }
    }

    /// A lead's typing in an open review: a digit in [`SCORES`] first, then the comment.
    fn type_score(&mut self, typed: Option<char>) {
        match typed {
            Some(c) if self.score.is_none() && score_of(c).is_some() => {
                self.score = score_of(c);
                return;
            }
            None if self.comment.is_empty() => {
                self.score = None;
                return;
            }
            _ if self.score.is_none() => return,
            _ => {}
        }
        let text = &mut self.comment;
        match typed {
            Some(c) if !c.is_control() && room_for_one_more(text, REVIEW_COMMENT_CHARS) => {
                text.push(c);
            }
            Some(_) => {}
            None => {
                text.pop();
            }
        }
    }

    /// Left/Right: the form's choice, or the list's flag filter.
    fn switch(&mut self, state: &State) -> Vec<Command> {
        let codes: Vec<String> = state.dispositions.iter().map(|d| d.code.clone()).collect();
        if let Some(form) = self.form_mut() {
            form.switch(&codes);
            return Vec::new();
        }
        match self.open {
            None => vec![Command::FetchReviews(self.next_flag())],
            Some(_) => Vec::new(),
        }
    }

    /// Enter: put the form's filters in force, save a lead's score, or open a review.
    fn choose(&mut self, state: &mut State) -> Vec<Command> {
        if self.form.is_some() {
            return self.apply(state);
        }
        match &self.open {
            Some(detail) => match self.score_to_send() {
                Some(score) => vec![Command::Score {
                    chat: detail.review.chat_id,
                    score,
                }],
                None => Vec::new(),
            },
            None => {
                let chat = self
                    .list
                    .as_ref()
                    .and_then(|list| list.get(self.selected))
                    .map(|review| review.chat_id);
                chat.map(Command::OpenReview).into_iter().collect()
            }
        }
    }

    /// Enter in the form: the filters in force and the list fetched with them, or the form kept
    /// with what is wrong shown at its field.
    fn apply(&mut self, state: &State) -> Vec<Command> {
        let today = state.now.to_zoned(state.settings.time_zone.clone()).date();
        let Some(form) = self.form_mut() else {
            return Vec::new();
        };
        match form.check(today) {
            Ok(filters) => {
                self.form = None;
                vec![Command::FetchReviews(self.filter(filters))]
            }
            Err((field, problem)) => {
                form.field = field;
                form.error = Some((field, problem));
                Vec::new()
            }
        }
    }

    /// Clears every filter (closing the form) and fetches the whole list again.
    fn clear(&mut self, state: &mut State) -> Vec<Command> {
        if self.open.is_some() {
            return Vec::new();
        }
        let open_form = self.form.take().is_some();
        if self.filters == ReviewQuery::default() {
            if !open_form {
                state.say("No filters to clear: every review is shown.", false);
            }
            return Vec::new();
        }
        vec![Command::FetchReviews(self.filter(ReviewQuery::default()))]
    }

    /// The list fetched with `filters`; dropped when the filters changed since it was asked for.
    fn listed(&mut self, filters: &ReviewQuery, list: Vec<Review>) {
        if self.filters == *filters {
            let list: Vec<Review> = list.into_iter().map(clean_review).collect();
            self.selected = self.selected.min(list.len().saturating_sub(1));
            self.list = Some(list);
            self.refused = None;
        }
    }

    /// The backend did not list the reviews for `filters`: the list says why.
    fn refused(&mut self, filters: &ReviewQuery, why: &str) {
        if self.filters == *filters {
            self.list = Some(Vec::new());
            self.refused = Some(sanitize_line(why));
        }
    }
}

/// The reviews key: the list, fetched with no filters.
pub fn open(state: &mut State) -> Vec<Command> {
    let view = ReviewView::new();
    let filters = view.filters.clone();
    state.overlay = Overlay::Reviews(Box::new(view));
    vec![Command::FetchReviews(filters)]
}
