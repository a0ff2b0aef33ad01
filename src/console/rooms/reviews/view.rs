//! The review view's state: ended chats filtered by agent, days, disposition and flag, a
//! transcript with its flags marked, a lead's score.

use super::filter::ReviewFilterForm;
use crate::policy::sanitize::{sanitize, sanitize_line};
use crate::protocol::{NewScore, Review, ReviewDetail, ReviewFlag, ReviewQuery};

/// The review view: the list with its filters, or one review opened.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewView {
    /// `None` while fetching.
    pub list: Option<Vec<Review>>,
    /// Why the backend did not give the list for these filters (e.g. nobody signs in so).
    pub refused: Option<String>,
    pub selected: usize,
    /// The filters in force: what the list was (or is being) fetched with.
    pub filters: ReviewQuery,
    /// The filter form, while open over the list.
    pub form: Option<ReviewFilterForm>,
    pub open: Option<Box<ReviewDetail>>,
    /// A lead's score being given to the open review: digits 1–5, then a comment.
    pub score: Option<u8>,
    pub comment: String,
}

impl ReviewView {
    pub fn new() -> ReviewView {
        ReviewView {
            list: None,
            refused: None,
            selected: 0,
            filters: ReviewQuery::default(),
            form: None,
            open: None,
            score: None,
            comment: String::new(),
        }
    }

    /// Puts `filters` in force; the list is to be fetched again with them.
    pub fn filter(&mut self, filters: ReviewQuery) -> ReviewQuery {
        self.filters = filters;
        self.list = None;
        self.refused = None;
        self.selected = 0;
        self.filters.clone()
    }

    /// The next flag filter: none, then each flag in turn. Returns the filters to fetch with.
    pub fn next_flag(&mut self) -> ReviewQuery {
        let all = ReviewFlag::ALL;
        let flag = match self.filters.flag {
            None => all.first().copied(),
            Some(f) => all
                .iter()
                .position(|x| *x == f)
                .and_then(|i| all.get(i + 1))
                .copied(),
        };
        self.filter(ReviewQuery {
            flag,
            ..self.filters.clone()
        })
    }

    pub fn score_to_send(&self) -> Option<NewScore> {
        Some(NewScore {
            score: self.score?,
            comment: Some(self.comment.trim().to_string()).filter(|c| !c.is_empty()),
        })
    }
}

impl Default for ReviewView {
    fn default() -> Self {
        ReviewView::new()
    }
}

/// A review's text made safe to draw.
pub fn clean_review(mut r: Review) -> Review {
    r.agent_name = sanitize_line(&r.agent_name);
    r.customer_name = sanitize_line(&r.customer_name);
    r.disposition = r.disposition.as_deref().map(sanitize_line);
    r.comment = r.comment.as_deref().map(sanitize);
    r.scored_by_name = r.scored_by_name.as_deref().map(sanitize_line);
    for part in &mut r.parts {
        part.agent_name = sanitize_line(&part.agent_name);
    }
    r
}

pub fn clean_detail(mut d: ReviewDetail) -> ReviewDetail {
    d.review = clean_review(d.review);
    for m in &mut d.messages {
        m.author_name = sanitize_line(&m.author_name);
        m.body = sanitize(&m.body);
    }
    for mark in &mut d.marks {
        mark.note = sanitize_line(&mark.note);
    }
    d
}

/// A short name for a flag, as the list and the marks show it.
pub fn flag_label(flag: ReviewFlag) -> &'static str {
    match flag {
        ReviewFlag::Unverified => "unverified",
        ReviewFlag::SlaBreach => "SLA breach",
        ReviewFlag::Nudged => "nudged",
        ReviewFlag::HoldWithoutPermission => "hold without asking",
        ReviewFlag::Card => "card",
        ReviewFlag::EtiquetteOverride => "etiquette",
        ReviewFlag::Escalated => "escalated",
        ReviewFlag::NoDisposition => "no disposition",
    }
}

/// The flags a review raised, for its line in the list.
pub fn raised(review: &Review) -> Vec<ReviewFlag> {
    let f = &review.flags;
    let mut out = Vec::new();
    if !f.verified_before_first_reply {
        out.push(ReviewFlag::Unverified);
    }
    if f.sla_breaches > 0 {
        out.push(ReviewFlag::SlaBreach);
    }
    if f.nudges > 0 {
        out.push(ReviewFlag::Nudged);
    }
    if f.holds_without_asking > 0 {
        out.push(ReviewFlag::HoldWithoutPermission);
    }
    if f.masked_cards > 0 {
        out.push(ReviewFlag::Card);
    }
    if f.etiquette_overrides > 0 {
        out.push(ReviewFlag::EtiquetteOverride);
    }
    if !f.escalations.is_empty() {
        out.push(ReviewFlag::Escalated);
    }
    if !f.disposition_recorded {
        out.push(ReviewFlag::NoDisposition);
    }
    out
}
