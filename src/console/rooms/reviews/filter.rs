//! The review list's filters: the form a reviewer fills in (agent, days, disposition, flag),
//! checked before anything is asked of the backend, and the active filters in a few words.

use jiff::civil::Date;

use super::view::flag_label;
use crate::protocol::{ReviewFlag, ReviewQuery};

/// The longest text a filter field takes.
const LONGEST: usize = 64;

/// One field of the filter form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Agent,
    From,
    To,
    Disposition,
    Flag,
}

const ALL_FIELDS: [FilterField; 5] = [
    FilterField::Agent,
    FilterField::From,
    FilterField::To,
    FilterField::Disposition,
    FilterField::Flag,
];

impl FilterField {
    pub fn label(self) -> &'static str {
        match self {
            FilterField::Agent => "Agent",
            FilterField::From => "From",
            FilterField::To => "To",
            FilterField::Disposition => "Disposition",
            FilterField::Flag => "Flag",
        }
    }
}

/// The filter form over the review list.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewFilterForm {
    /// Leads filter by agent; an agent sees only their own chats and is not asked.
    pub by_agent: bool,
    pub field: FilterField,
    /// A sign-in name, e.g. `dana`.
    pub agent: String,
    /// The first day: `YYYY-MM-DD`, `today` or `yesterday`.
    pub from: String,
    /// The last day, inclusive.
    pub to: String,
    pub disposition: String,
    pub flag: Option<ReviewFlag>,
    /// What is wrong, and the field it is about.
    pub error: Option<(FilterField, String)>,
}

impl ReviewFilterForm {
    /// The form filled with the filters in force.
    pub fn new(filters: &ReviewQuery, by_agent: bool) -> ReviewFilterForm {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        ReviewFilterForm {
            by_agent,
            field: if by_agent {
                FilterField::Agent
            } else {
                FilterField::From
            },
            agent: if by_agent {
                text(&filters.agent)
            } else {
                String::new()
            },
            from: text(&filters.from),
            to: text(&filters.to),
            disposition: text(&filters.disposition),
            flag: filters.flag,
            error: None,
        }
    }

    /// The fields shown, in order.
    pub fn fields(&self) -> &'static [FilterField] {
        if self.by_agent {
            &ALL_FIELDS
        } else {
            &ALL_FIELDS[1..]
        }
    }

    /// The next (or previous) field, round the form.
    pub fn next_field(&mut self, forward: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.field).unwrap_or(0);
        let next = if forward {
            (at + 1) % fields.len()
        } else {
            (at + fields.len() - 1) % fields.len()
        };
        self.field = fields[next];
    }

    /// The text of a field typed into; `None` for the flag, which is chosen.
    pub fn text(&self, field: FilterField) -> Option<&str> {
        match field {
            FilterField::Agent => Some(&self.agent),
            FilterField::From => Some(&self.from),
            FilterField::To => Some(&self.to),
            FilterField::Disposition => Some(&self.disposition),
            FilterField::Flag => None,
        }
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        match self.field {
            FilterField::Agent => Some(&mut self.agent),
            FilterField::From => Some(&mut self.from),
            FilterField::To => Some(&mut self.to),
            FilterField::Disposition => Some(&mut self.disposition),
            FilterField::Flag => None,
        }
    }

    pub fn type_char(&mut self, c: char) {
        if let Some(text) = self.text_mut()
            && !c.is_control()
            && text.chars().count() < LONGEST
        {
            text.push(c);
            self.error = None;
        }
    }

    pub fn backspace(&mut self) {
        if let Some(text) = self.text_mut() {
            text.pop();
            self.error = None;
        }
    }

    /// Left/Right: the next flag, or the next of the team's disposition `codes`; after the
    /// last, none.
    pub fn switch(&mut self, codes: &[String]) {
        match self.field {
            FilterField::Flag => {
                let all = ReviewFlag::ALL;
                self.flag = match self.flag {
                    None => all.first().copied(),
                    Some(f) => all
                        .iter()
                        .position(|x| *x == f)
                        .and_then(|i| all.get(i + 1))
                        .copied(),
                };
            }
            FilterField::Disposition => {
                let typed = self.disposition.trim();
                self.disposition = match codes.iter().position(|c| c == typed) {
                    Some(i) => codes.get(i + 1).cloned().unwrap_or_default(),
                    None if typed.is_empty() => codes.first().cloned().unwrap_or_default(),
                    None => String::new(),
                };
            }
            _ => return,
        }
        self.error = None;
    }

    /// The filters asked for, or what is wrong and where. `today` is the reviewer's today.
    pub fn check(&self, today: Date) -> Result<ReviewQuery, (FilterField, String)> {
        let given = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
        let agent = given(&self.agent).filter(|_| self.by_agent);
        if let Some(name) = &agent
            && name.contains(char::is_whitespace)
        {
            return Err((
                FilterField::Agent,
                format!(
                    "{name:?} is not a sign-in name: give the one word they sign in with, e.g. dana."
                ),
            ));
        }
        let from = day(&self.from, today).map_err(|e| (FilterField::From, e))?;
        let to = day(&self.to, today).map_err(|e| (FilterField::To, e))?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err((
                FilterField::To,
                format!("{to} is before {from}: give the first day, then the last."),
            ));
        }
        Ok(ReviewQuery {
            agent,
            from: from.map(|d| d.to_string()),
            to: to.map(|d| d.to_string()),
            disposition: given(&self.disposition),
            flag: self.flag,
        })
    }
}

/// A day as typed: `YYYY-MM-DD`, `today` or `yesterday`; `None` when left empty.
pub fn day(text: &str, today: Date) -> Result<Option<Date>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let parsed = match text.to_lowercase().as_str() {
        "today" => Some(today),
        "yesterday" => today.yesterday().ok(),
        _ if text.len() == 10 => Date::strptime("%Y-%m-%d", text).ok(),
        _ => None,
    };
    parsed
        .map(Some)
        .ok_or_else(|| format!("{text:?} is not a day: write YYYY-MM-DD, today or yesterday."))
}

/// The filters in force, in a few words each (empty when the list is unfiltered).
pub fn summary(filters: &ReviewQuery) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(agent) = &filters.agent {
        out.push(format!("agent {agent}"));
    }
    match (&filters.from, &filters.to) {
        (Some(from), Some(to)) if from == to => out.push(format!("on {from}")),
        (Some(from), Some(to)) => out.push(format!("{from} to {to}")),
        (Some(from), None) => out.push(format!("from {from}")),
        (None, Some(to)) => out.push(format!("until {to}")),
        (None, None) => {}
    }
    if let Some(code) = &filters.disposition {
        out.push(format!("disposition {code}"));
    }
    if let Some(flag) = filters.flag {
        out.push(format!("flag {}", flag_label(flag)));
    }
    out
}
