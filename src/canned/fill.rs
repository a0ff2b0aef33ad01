//! Filling a body for one chat: variables from the [`Context`], fill-in fields from the agent's
//! answers. Pure. A value that is missing (no ticket yet, an unanswered field) is reported as a
//! [`Gap`] so the picker can ask for it; it is never silently left blank.

use std::collections::HashMap;
use std::fmt;

use super::template::{Piece, Template, Variable};
use crate::protocol::PreferredContact;

/// What the console knows about the focused chat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub customer_name: String,
    pub customer_email: String,
    pub agent_name: String,
    /// The queue's display name, e.g. "Billing".
    pub queue_name: String,
    /// The ticket opened for this chat, if any.
    pub ticket_id: Option<String>,
    /// How the customer asked to hear about that ticket.
    pub ticket_contact: Option<PreferredContact>,
}

/// Answers to fill-in fields, by label.
pub type Answers = HashMap<String, String>;

/// Something a body needs that is not known yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// The context has no (or only a blank) value for this variable, e.g. no ticket yet.
    Variable(Variable),
    /// The fill-in field with this label has no answer.
    Field(String),
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gap::Variable(Variable::TicketId) => f.write_str("ticket id"),
            Gap::Variable(Variable::TicketContact) => f.write_str("ticket's contact preference"),
            Gap::Variable(v) => write!(f, "{v}"),
            Gap::Field(label) => f.write_str(label),
        }
    }
}

/// The first word of a name: "Ana Lima" → "Ana". A name without spaces is its own first word.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or("")
}

/// A value as it goes into a message: one line, runs of whitespace (newlines included) become a
/// single space, and the ends are trimmed.
fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Context {
    /// The value of `variable`, or `None` when it is unknown or blank.
    pub fn value(&self, variable: Variable) -> Option<String> {
        let contact;
        let raw = match variable {
            Variable::CustomerFirstName => first_name(&self.customer_name),
            Variable::CustomerName => &self.customer_name,
            Variable::CustomerEmail => &self.customer_email,
            Variable::AgentFirstName => first_name(&self.agent_name),
            Variable::ChatQueue => &self.queue_name,
            Variable::TicketId => self.ticket_id.as_deref()?,
            Variable::TicketContact => {
                contact = match self.ticket_contact? {
                    PreferredContact::CallBack => "call you back".to_string(),
                    PreferredContact::Email if self.customer_email.trim().is_empty() => {
                        "e-mail you".to_string()
                    }
                    PreferredContact::Email => format!("e-mail you at {}", self.customer_email),
                };
                &contact
            }
        };
        let value = one_line(raw);
        (!value.is_empty()).then_some(value)
    }
}

/// A filled body: `text` shows each gap as written in the body (`{ticket.id}`, `{ask:Order}`),
/// which [`crate::policy::template::unfilled`] finds, so it can never be sent by mistake; `gaps`
/// lists them in order, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    pub text: String,
    pub gaps: Vec<Gap>,
}

impl Template {
    pub fn render(&self, context: &Context, answers: &Answers) -> Filled {
        let mut text = String::new();
        let mut gaps: Vec<Gap> = Vec::new();
        for piece in self.pieces() {
            let (value, gap) = match piece {
                Piece::Text(t) => {
                    text.push_str(t);
                    continue;
                }
                Piece::Variable(v) => (context.value(*v), Gap::Variable(*v)),
                Piece::Field(label) => (
                    answers
                        .get(label)
                        .map(|a| one_line(a))
                        .filter(|a| !a.is_empty()),
                    Gap::Field(label.clone()),
                ),
            };
            match value {
                Some(value) => text.push_str(&value),
                None => {
                    match &gap {
                        Gap::Variable(v) => text.push_str(&v.to_string()),
                        Gap::Field(label) => text.push_str(&format!("{{ask:{label}}}")),
                    }
                    if !gaps.contains(&gap) {
                        gaps.push(gap);
                    }
                }
            }
        }
        Filled { text, gaps }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context {
            customer_name: "  Ana\tMaria   Lima ".into(),
            customer_email: "ana@example.com".into(),
            agent_name: "Sam Okafor".into(),
            queue_name: "Billing".into(),
            ticket_id: None,
            ticket_contact: None,
        }
    }

    #[test]
    fn first_name_is_the_first_word() {
        assert_eq!(first_name("Ana Lima"), "Ana");
        assert_eq!(first_name("  Zoë  "), "Zoë");
        assert_eq!(first_name("山田 太郎"), "山田");
        assert_eq!(first_name("山田太郎"), "山田太郎");
        assert_eq!(first_name(""), "");
    }

    #[test]
    fn values_are_one_line_and_blank_is_unknown() {
        let mut c = context();
        assert_eq!(c.value(Variable::CustomerName).unwrap(), "Ana Maria Lima");
        assert_eq!(c.value(Variable::CustomerFirstName).unwrap(), "Ana");
        assert_eq!(c.value(Variable::AgentFirstName).unwrap(), "Sam");
        assert_eq!(c.value(Variable::TicketId), None);
        c.ticket_id = Some("  ".into());
        assert_eq!(c.value(Variable::TicketId), None);
        c.customer_name = "Ana\nLima".into();
        assert_eq!(c.value(Variable::CustomerName).unwrap(), "Ana Lima");
    }

    #[test]
    fn gaps_are_marked_and_listed_once() {
        let t = Template::parse("{ticket.id} {ask:Order} {ask:Order} {ticket.id}").unwrap();
        let filled = t.render(&context(), &Answers::new());
        assert_eq!(
            filled.text,
            "{ticket.id} {ask:Order} {ask:Order} {ticket.id}"
        );
        assert_eq!(
            crate::policy::template::unfilled(&filled.text),
            ["{ticket.id}", "{ask:Order}"]
        );
        assert_eq!(
            filled.gaps,
            [
                Gap::Variable(Variable::TicketId),
                Gap::Field("Order".into())
            ]
        );
    }
}
