//! How a message shows in the transcript, so that a flood stays small: a customer's runs of
//! blank lines show as one blank line (none at the start or the end), and a very long message
//! shows its first few lines and how many more there are, until the agent unfolds the chat's
//! long messages.

use crate::console::chat::Line;
use crate::console::wrap::wrap;
use crate::protocol::Party;

/// A message whose body takes more lines than this (at the transcript's width) is long.
pub const LONG_MESSAGE_LINES: usize = 12;
/// How many lines of a long message show while it is folded.
pub const FOLDED_LINES: usize = 6;

/// A message's body as the transcript shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownBody {
    /// The wrapped lines on screen.
    pub lines: Vec<String>,
    /// Wrapped lines folded away (0 when the whole body shows).
    pub folded: usize,
}

impl ShownBody {
    /// Rows on screen: the header, the lines, and the line that says what is folded away.
    pub fn height(&self) -> usize {
        1 + self.lines.len() + usize::from(self.folded > 0)
    }
}

/// The paragraphs of a customer's `body` with each run of blank lines made one, and none
/// before the first line or after the last.
fn without_blank_runs(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank_before = false;
    for paragraph in body.split('\n') {
        if paragraph.trim().is_empty() {
            blank_before = true;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_before {
                out.push('\n');
            }
        }
        out.push_str(paragraph);
        blank_before = false;
    }
    out
}

/// `line`'s body wrapped to `width`, collapsed and folded as the transcript shows it.
pub fn shown_body(line: &Line, width: u16, unfolded: bool) -> ShownBody {
    let mut lines = match line.author {
        Party::Customer => wrap(&without_blank_runs(&line.body), width),
        Party::Agent | Party::System => wrap(&line.body, width),
    };
    let mut folded = 0;
    if !unfolded && lines.len() > LONG_MESSAGE_LINES {
        folded = lines.len() - FOLDED_LINES;
        lines.truncate(FOLDED_LINES);
    }
    ShownBody { lines, folded }
}

/// Rows a message takes in the transcript at `width`.
pub fn message_height(line: &Line, width: u16, unfolded: bool) -> u16 {
    u16::try_from(shown_body(line, width, unfolded).height()).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(author: Party, body: &str) -> Line {
        Line {
            seq: 1,
            author,
            author_name: "Ana Lima".into(),
            body: body.into(),
            at: jiff::Timestamp::UNIX_EPOCH,
            masked_card: false,
        }
    }

    #[test]
    fn a_customers_blank_lines_show_as_one() {
        let flood = format!("\n\n Hello{}there\n\n\n", "\n \n".repeat(500));
        let shown = shown_body(&said(Party::Customer, &flood), 40, false);
        assert_eq!(shown.lines, [" Hello", "", "there"]);
        assert_eq!(shown.folded, 0);
        // The agent's own layout is kept.
        let shown = shown_body(&said(Party::Agent, "Hi\n\n\nthere"), 40, false);
        assert_eq!(shown.lines, ["Hi", "", "", "there"]);
    }

    #[test]
    fn a_very_long_message_folds_until_unfolded() {
        let long = said(Party::Customer, &"order status ".repeat(300));
        let folded = shown_body(&long, 80, false);
        assert_eq!(folded.lines.len(), FOLDED_LINES);
        let full = shown_body(&long, 80, true);
        assert_eq!(full.folded, 0);
        assert_eq!(folded.folded + FOLDED_LINES, full.lines.len());
        assert_eq!(message_height(&long, 80, false), 1 + 6 + 1);
        let many_lines = said(Party::Customer, &"line\n".repeat(100));
        assert_eq!(
            shown_body(&many_lines, 80, false).folded,
            100 - FOLDED_LINES
        );
    }

    #[test]
    fn a_message_of_a_few_lines_shows_whole() {
        let short = said(Party::Customer, &"a\n".repeat(LONG_MESSAGE_LINES - 1));
        let shown = shown_body(&short, 80, false);
        assert_eq!(shown.folded, 0);
        assert_eq!(shown.lines.len(), LONG_MESSAGE_LINES - 1);
    }
}
