//! Whether an agent's message says something about the customer's account — the kind of reply
//! that must wait until the customer is verified.
//!
//! Text alone cannot prove it, so the rule is deliberately simple and visible in the review:
//!
//! - A message that is one of the team's canned responses **not** tagged `needs-verification`
//!   (the greeting, the verification request, asking to hold, "are you still there?") reveals
//!   nothing, whatever its variables were filled with.
//! - A question without digits ("How can I help?", "Could you confirm the e-mail on the
//!   account?") asks for information and reveals nothing.
//! - Anything else — statements, and questions quoting numbers such as an order, an amount or
//!   a date — counts as account-specific.

use crate::policy::template::{Piece, Template};

/// A canned response as a pattern of literal text with gaps where its variables and fill-in
/// fields were, compared case-insensitively with runs of white space as one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Literal text, in order; a gap lies between any two.
    parts: Vec<String>,
    /// The template starts (ends) with a gap, so the text may start (end) with anything.
    open_start: bool,
    open_end: bool,
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Like [`normalise`] but keeps one space at either end when the text had one, so that the
/// literal pieces around a gap keep their spacing.
fn normalise_piece(text: &str) -> String {
    let inner = normalise(text);
    if inner.is_empty() {
        return if text.is_empty() { inner } else { " ".into() };
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{inner}{trail}")
}

impl Pattern {
    pub fn from_template(template: &Template) -> Pattern {
        let mut parts: Vec<String> = Vec::new();
        let mut open_start = false;
        let mut gap_last = false;
        for (i, piece) in template.pieces().iter().enumerate() {
            match piece {
                Piece::Text(text) => {
                    parts.push(normalise_piece(text));
                    gap_last = false;
                }
                Piece::Variable(_) | Piece::Field(_) => {
                    open_start |= i == 0;
                    gap_last = true;
                }
            }
        }
        if let Some(first) = parts.first_mut().filter(|_| !open_start) {
            *first = first.trim_start().to_string();
        }
        if let Some(last) = parts.last_mut().filter(|_| !gap_last) {
            *last = last.trim_end().to_string();
        }
        Pattern {
            parts,
            open_start,
            open_end: gap_last,
        }
    }

    /// Whether `text` is this response with its gaps filled in: each gap with a name, a queue,
    /// an address or a short answer — at most [`MAX_GAP_CHARS`] characters and no sentence break,
    /// so that a sentence added after the response is not taken for part of it.
    pub fn matches(&self, text: &str) -> bool {
        let text = normalise(text);
        match self.parts.split_first() {
            None => self.open_start && gap_fits(&text),
            Some((first, rest)) if !self.open_start => {
                text.starts_with(first.as_str()) && self.rest_matches(&text, first.len(), rest)
            }
            Some(_) => self.rest_matches(&text, 0, &self.parts),
        }
    }

    /// Whether `text[from..]` is a gap, then `parts` with gaps between them, then the end.
    fn rest_matches(&self, text: &str, from: usize, parts: &[String]) -> bool {
        let Some((part, rest)) = parts.split_first() else {
            return if self.open_end {
                gap_fits(&text[from..])
            } else {
                from == text.len()
            };
        };
        // A gap is at most MAX_GAP_CHARS characters, so no match lies further than this.
        let reach = MAX_GAP_CHARS * 4;
        let mut found = text[from..]
            .match_indices(part.as_str())
            .take_while(|(at, _)| *at <= reach);
        found.any(|(at, _)| {
            gap_fits(&text[from..from + at])
                && self.rest_matches(text, from + at + part.len(), rest)
        })
    }
}

/// The longest text a variable or fill-in field stands for.
pub const MAX_GAP_CHARS: usize = 60;

fn gap_fits(gap: &str) -> bool {
    gap.chars().count() <= MAX_GAP_CHARS
        && !gap.contains(". ")
        && !gap.contains("? ")
        && !gap.contains("! ")
}

/// Whether an agent's message says something about the customer's account; `harmless` are the
/// canned responses that reveal nothing.
pub fn reveals_account(body: &str, harmless: &[Pattern]) -> bool {
    let text = body.trim();
    let asks_without_numbers = text.ends_with('?') && !text.chars().any(|c| c.is_ascii_digit());
    !(asks_without_numbers || harmless.iter().any(|p| p.matches(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(body: &str) -> Pattern {
        Pattern::from_template(&Template::parse(body).unwrap())
    }

    #[test]
    fn a_canned_response_matches_whatever_its_gaps_were_filled_with() {
        let greeting = pattern(
            "Hi {customer.first_name}, thanks for contacting Acme Devices {chat.queue} support. I'm {agent.first_name}.",
        );
        assert!(
            greeting
                .matches("Hi Ana,  thanks for contacting Acme Devices Billing support.\nI'm Dana.")
        );
        assert!(
            greeting
                .matches("hi ana, THANKS for contacting acme devices billing support. i'm dana.")
        );
        assert!(!greeting.matches("Hi Ana, your refund of 40 EUR was sent."));
        assert!(!greeting.matches(
            "Hi Ana, thanks for contacting Acme Devices Billing support. I'm Dana. Your order shipped."
        ));
        let open = pattern("{customer.first_name}, one moment {ask:What}");
        assert!(open.matches("Ana, one moment please"));
        assert!(!open.matches("Ana, two moments please"));
        let plain = pattern("Is there anything else I can help with?");
        assert!(plain.matches("Is there anything else  I can help with?"));
        assert!(!plain.matches("Is there anything else I can help with? Your order is late."));
    }

    #[test]
    fn questions_without_numbers_and_harmless_responses_reveal_nothing() {
        let harmless = [pattern(
            "To keep your account safe, please confirm your name and e-mail.",
        )];
        assert!(!reveals_account("How can I help you today?", &harmless));
        assert!(!reveals_account(
            "To keep your account safe, please confirm your name and e-mail.",
            &harmless
        ));
        assert!(reveals_account("Your order shipped on Monday.", &harmless));
        assert!(reveals_account(
            "Is order 10442 the one you mean?",
            &harmless
        ));
        assert!(reveals_account(
            "Thanks Ana, I can see the invoice now.",
            &harmless
        ));
    }
}
