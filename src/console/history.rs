//! What a chat's whole history tells the pane on every frame — who spoke last and when, since
//! when the customer has been waiting, whether a card number is still unanswered — kept up to
//! date as each message arrives, so a frame never walks the history.

use jiff::Timestamp;

use crate::console::chat::Line;
use crate::protocol::Party;

/// The facts of a transcript, as of its newest message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryFacts {
    /// When the newest message of each party (customer, agent, system) was stored.
    last_at: [Option<Timestamp>; 3],
    /// When the customer's oldest message after the last word of the agent (or the system)
    /// was stored: the start of their wait.
    unanswered_since: Option<Timestamp>,
    /// The customer sent a (masked) card number after the agent last wrote.
    card_unanswered: bool,
}

fn slot(party: Party) -> usize {
    match party {
        Party::Customer => 0,
        Party::Agent => 1,
        Party::System => 2,
    }
}

impl HistoryFacts {
    /// The facts after `line`, the newest message so far, was added.
    pub fn append(&mut self, line: &Line) {
        self.last_at[slot(line.author)] = Some(line.at);
        match line.author {
            Party::Customer => {
                self.unanswered_since.get_or_insert(line.at);
                self.card_unanswered |= line.masked_card;
            }
            Party::Agent => {
                self.unanswered_since = None;
                self.card_unanswered = false;
            }
            Party::System => self.unanswered_since = None,
        }
    }

    /// The facts of `lines` (oldest first), found by walking back from the newest message only
    /// as far as needed: used when a message arrives out of order.
    pub fn of(lines: &[Line]) -> HistoryFacts {
        let newest = |party: Party| lines.iter().rev().find(|l| l.author == party);
        let last_at =
            [Party::Customer, Party::Agent, Party::System].map(|party| newest(party).map(|l| l.at));
        let answered = lines.iter().rposition(|l| l.author != Party::Customer);
        let unanswered_since = lines
            .get(answered.map_or(0, |i| i + 1))
            .filter(|l| l.author == Party::Customer)
            .map(|l| l.at);
        let card_unanswered = lines
            .iter()
            .rev()
            .take_while(|l| l.author != Party::Agent)
            .any(|l| l.author == Party::Customer && l.masked_card);
        HistoryFacts {
            last_at,
            unanswered_since,
            card_unanswered,
        }
    }

    /// When the newest message of `party` was stored.
    pub fn last_from(&self, party: Party) -> Option<Timestamp> {
        self.last_at[slot(party)]
    }

    /// When the customer's oldest unanswered message was stored.
    pub fn unanswered_since(&self) -> Option<Timestamp> {
        self.unanswered_since
    }

    /// Whether the customer pasted a card number the agent has not answered yet.
    pub fn card_unanswered(&self) -> bool {
        self.card_unanswered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(seq: i64, author: Party, masked_card: bool) -> Line {
        Line {
            seq,
            author,
            author_name: "".into(),
            body: "".into(),
            at: Timestamp::from_second(seq).unwrap(),
            masked_card,
        }
    }

    /// Every way of keeping the facts agrees with walking the whole history.
    #[test]
    fn appending_agrees_with_reading_the_whole_history() {
        use Party::{Agent, Customer, System};
        let script = [
            (Customer, false),
            (Customer, true),
            (System, false),
            (Customer, false),
            (Agent, false),
            (Customer, true),
            (System, false),
            (Customer, false),
            (Agent, false),
            (Agent, false),
        ];
        let mut lines = Vec::new();
        let mut facts = HistoryFacts::default();
        for (i, (author, card)) in script.into_iter().enumerate() {
            let said = line(i as i64 + 1, author, card);
            facts.append(&said);
            lines.push(said);
            assert_eq!(facts, HistoryFacts::of(&lines), "after message {}", i + 1);
        }
    }

    #[test]
    fn a_card_stays_unanswered_until_the_agent_writes() {
        let mut facts = HistoryFacts::default();
        facts.append(&line(1, Party::Customer, true));
        facts.append(&line(2, Party::System, false));
        assert!(facts.card_unanswered());
        assert_eq!(facts.unanswered_since(), None);
        facts.append(&line(3, Party::Customer, false));
        assert_eq!(facts.unanswered_since(), Timestamp::from_second(3).ok());
        facts.append(&line(4, Party::Agent, false));
        assert!(!facts.card_unanswered());
        assert_eq!(
            facts.last_from(Party::Agent),
            Timestamp::from_second(4).ok()
        );
        assert_eq!(
            facts.last_from(Party::Customer),
            Timestamp::from_second(3).ok()
        );
    }
}
