//! A response body split into literal text, variables and fill-in fields.
//!
//! Syntax: `{customer.first_name}` and the other names in [`Variable::ALL`] are filled from the
//! chat; `{ask:Order number}` is a fill-in field the agent answers before inserting; `{{` and
//! `}}` are literal braces. A lone `}` is kept as it is.

use std::fmt;

/// A value the console knows about the chat a response is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variable {
    CustomerFirstName,
    CustomerName,
    CustomerEmail,
    AgentFirstName,
    ChatQueue,
    TicketId,
    /// How the team will reach the customer about the ticket, as they asked: "call you back",
    /// "e-mail you at ana@example.com".
    TicketContact,
}

impl Variable {
    pub const ALL: [Variable; 7] = [
        Variable::CustomerFirstName,
        Variable::CustomerName,
        Variable::CustomerEmail,
        Variable::AgentFirstName,
        Variable::ChatQueue,
        Variable::TicketId,
        Variable::TicketContact,
    ];

    /// The name written between braces, e.g. `customer.first_name`.
    pub fn name(self) -> &'static str {
        match self {
            Variable::CustomerFirstName => "customer.first_name",
            Variable::CustomerName => "customer.name",
            Variable::CustomerEmail => "customer.email",
            Variable::AgentFirstName => "agent.first_name",
            Variable::ChatQueue => "chat.queue",
            Variable::TicketId => "ticket.id",
            Variable::TicketContact => "ticket.contact",
        }
    }

    pub fn from_name(name: &str) -> Option<Variable> {
        Variable::ALL.into_iter().find(|v| v.name() == name)
    }
}

impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.name())
    }
}

/// One part of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Variable(Variable),
    /// `{ask:Label}`: the label, trimmed.
    Field(String),
}

/// Why a body cannot be used. `raw` is the offending text as written in the body (e.g.
/// `{customer.phone}`), so the caller can find its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub raw: String,
    pub problem: String,
}

/// A parsed body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    pub fn parse(body: &str) -> Result<Template, TemplateError> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = body;
        while let Some(at) = rest.find(['{', '}']) {
            text.push_str(&rest[..at]);
            let tail = &rest[at..];
            if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
                text.push_str(&tail[..1]);
                rest = after;
                continue;
            }
            if let Some(after) = tail.strip_prefix('}') {
                text.push('}');
                rest = after;
                continue;
            }
            let Some(close) = tail.find('}') else {
                return Err(TemplateError {
                    raw: tail.chars().take(30).collect(),
                    problem: "has a '{' that is never closed (write '{{' for a brace)".into(),
                });
            };
            let raw = &tail[..=close];
            let inner = raw[1..raw.len() - 1].trim();
            let piece = if let Some(label) = inner.strip_prefix("ask:") {
                let label = label.trim();
                if label.is_empty() {
                    return Err(TemplateError {
                        raw: raw.into(),
                        problem: format!("has a fill-in field {raw} without a label"),
                    });
                }
                Piece::Field(label.to_string())
            } else if let Some(variable) = Variable::from_name(inner) {
                Piece::Variable(variable)
            } else {
                let known: Vec<String> = Variable::ALL.iter().map(|v| v.to_string()).collect();
                return Err(TemplateError {
                    raw: raw.into(),
                    problem: format!(
                        "uses unknown variable {raw}; known are {} and {{ask:Label}}",
                        known.join(", ")
                    ),
                });
            };
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(piece);
            rest = &tail[close + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Template { pieces })
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The fill-in labels in order of first appearance, each once.
    pub fn fields(&self) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        for piece in &self.pieces {
            if let Piece::Field(label) = piece
                && !labels.contains(label)
            {
                labels.push(label.clone());
            }
        }
        labels
    }

    /// The variables used, in order of first appearance, each once.
    pub fn variables(&self) -> Vec<Variable> {
        let mut used = Vec::new();
        for piece in &self.pieces {
            if let Piece::Variable(v) = piece
                && !used.contains(v)
            {
                used.push(*v);
            }
        }
        used
    }
}

/// The variables and fill-in fields still written out in a message about to go to a customer,
/// as written (`{ticket.id}`, `{ask:Order number}`), each once, in order. A message with any is
/// refused, by the console before sending and by the backend when it arrives: the customer
/// must never read a placeholder. `[ticket id]`, how a missing ticket used to be shown, counts
/// too. Braces around anything else (`{like this}`) are the agent's own text.
pub fn unfilled(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut note = |raw: &str| {
        if !found.iter().any(|f| f == raw) {
            found.push(raw.to_string());
        }
    };
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let tail = &rest[open..];
        let Some(close) = tail[1..].find(['{', '}']).map(|at| at + 1) else {
            break;
        };
        if tail.as_bytes()[close] == b'}' {
            let raw = &tail[..=close];
            let inner = raw[1..raw.len() - 1].trim();
            let field = inner
                .strip_prefix("ask:")
                .is_some_and(|label| !label.trim().is_empty());
            if field || Variable::from_name(inner).is_some() {
                note(raw);
            }
        }
        rest = &tail[close..];
    }
    if text.to_lowercase().contains(LEGACY_TICKET_GAP) {
        note(LEGACY_TICKET_GAP);
    }
    found
}

/// How a body with no ticket to fill in once read.
const LEGACY_TICKET_GAP: &str = "[ticket id]";

/// Why a message cannot be sent as it is, naming what is still to fill in; `None` when nothing
/// is. The same sentence in the console and in the backend's refusal.
pub fn unfilled_problem(text: &str) -> Option<String> {
    let missing = unfilled(text);
    let first = missing.first()?;
    let what = if missing.len() == 1 {
        format!("{first} is")
    } else {
        format!("{} are", missing.join(", "))
    };
    let ticket = missing.iter().any(|m| {
        let name = m.trim_matches(['{', '}']).trim();
        m == LEGACY_TICKET_GAP
            || name == Variable::TicketId.name()
            || name == Variable::TicketContact.name()
    });
    let remedy = if ticket {
        "open the ticket first (its reference goes in) or write it out"
    } else {
        "replace it with the real value"
    };
    Some(format!(
        "Not sent: {what} not filled in; {remedy}. The customer must never read a placeholder."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text_variables_and_fields() {
        let t = Template::parse("Hi {customer.first_name}, order {ask: Order number }?").unwrap();
        assert_eq!(
            t.pieces(),
            &[
                Piece::Text("Hi ".into()),
                Piece::Variable(Variable::CustomerFirstName),
                Piece::Text(", order ".into()),
                Piece::Field("Order number".into()),
                Piece::Text("?".into()),
            ]
        );
    }

    #[test]
    fn doubled_braces_are_literal_and_a_lone_closing_brace_is_kept() {
        let t = Template::parse("{{not a variable}} :}").unwrap();
        assert_eq!(t.pieces(), &[Piece::Text("{not a variable} :}".into())]);
    }

    #[test]
    fn unknown_variables_and_open_braces_are_errors() {
        let err = Template::parse("Call {customer.phone} now").unwrap_err();
        assert_eq!(err.raw, "{customer.phone}");
        assert!(
            err.problem.contains("{customer.first_name}"),
            "{}",
            err.problem
        );
        assert!(Template::parse("Oops {customer.name").is_err());
        assert!(Template::parse("{ask:  }").is_err());
    }

    #[test]
    fn fields_and_variables_are_listed_once_in_order() {
        let t = Template::parse("{ask:B} {ticket.id} {ask:A} {ask:B} {ticket.id}").unwrap();
        assert_eq!(t.fields(), ["B", "A"]);
        assert_eq!(t.variables(), [Variable::TicketId]);
    }

    #[test]
    fn placeholders_left_in_a_message_are_found_and_named() {
        assert_eq!(
            unfilled("Your reference is {ticket.id}; order {ask:Order} { ticket.id }."),
            ["{ticket.id}", "{ask:Order}", "{ ticket.id }"]
        );
        assert_eq!(unfilled("Your reference is [Ticket id]."), ["[ticket id]"]);
        assert!(unfilled("Braces {like this}, {{, }} and {ask:} are text. { {x}").is_empty());
        let problem = unfilled_problem("Ref {ticket.id}").unwrap();
        assert!(
            problem.contains("{ticket.id} is not filled in"),
            "{problem}"
        );
        assert!(problem.contains("open the ticket"), "{problem}");
        assert_eq!(unfilled_problem("Ref TK-12"), None);
    }
}
