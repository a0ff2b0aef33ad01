//! A chat's review, read from what happened in it: the flags a lead looks at and the messages
//! each flag points to.
//!
//! - **Verified before the first account-specific reply**: no agent message that says something
//!   about the account ([`crate::policy::disclosure`]: not a harmless canned response, not a
//!   question without numbers) went out before the checklist was complete (`verified_ms`). A
//!   greeting or the verification request itself does not count. Marks: every such message.
//! - **Reply-SLA breaches**: waits are counted as on the leads' floor — a customer starts
//!   waiting with their first message after an agent's, the next agent message ends the wait,
//!   messages from the backend answer nothing — and a wait that lasts `reply_breach_secs` or
//!   more is a breach. A wait still open when the chat ended lasts until the end. Marks: the
//!   late answer (or, unanswered, the message that started the wait).
//! - **Nudges**: the backend's "are you still there?" messages (at least one when the chat
//!   records a nudge). Marks: those messages.
//! - **Hold without asking**: a hold that started with no agent message containing "hold" and a
//!   question mark since the previous hold began (or since the chat began).
//! - **Cards**: messages of either side that hold a masked card number. Marks: those messages.
//! - **Etiquette overrides**: agent messages the pre-send check would have asked about (all
//!   capitals, a curt one-word reply): they went out anyway. Marks: those messages.
//! - **Escalations**: the state of every escalation raised from the chat; in a part, those its
//!   person raised while they held it ([`raised_in`]).
//! - **Disposition and notes**: whether the wrap-up recorded them.
//!
//! **Parts.** A chat handed from one person to another (a transfer, a lead taking it over) is
//! reviewed whole and also part by part ([`holdings`]): each person is accountable for what
//! happened while they held it. A part sees only its own messages and holds; a customer still
//! waiting when the part began waits for this person from that moment; a wait still open when
//! the part ended counts up to then. `chatdesk report` counts waits with the same [`waits`].

use crate::policy::cards::has_masked_card;
use crate::policy::disclosure::{Pattern, reveals_account};
use crate::policy::etiquette::{Warning, before_send};
use crate::policy::sla::{SlaPolicy, WaitLevel, reply_wait};
use crate::protocol::{EscalationState, Message, Party, ReviewFlag, ReviewFlags, ReviewMark};

/// The prefix of the client message id the backend gives its inactivity nudges.
pub const NUDGE_MESSAGE_PREFIX: &str = "inactivity-nudge-";

/// The scores a lead gives a chat: 1 (poor) to 5 (excellent).
pub const SCORES: std::ops::RangeInclusive<u8> = 1..=5;

/// Why `score` is not a score, as a sentence; `None` when it is one.
pub fn score_problem(score: u8) -> Option<String> {
    (!SCORES.contains(&score)).then(|| {
        format!(
            "A score is {} (poor) to {} (excellent); {score} is not one.",
            SCORES.start(),
            SCORES.end()
        )
    })
}

/// Everything a review is read from.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The transcript, in order.
    pub messages: &'a [Message],
    /// Where the part reviewed begins (`i64::MIN` for the whole chat); it ends at `ended_ms`.
    pub from_ms: i64,
    pub verified_ms: Option<i64>,
    pub nudged_ms: Option<i64>,
    /// When the customer was put on hold, in order.
    pub hold_starts: &'a [i64],
    pub escalations: &'a [EscalationState],
    pub disposition_code: Option<&'a str>,
    pub disposition_notes: Option<&'a str>,
    /// When the chat (or the part) ended (an open wait lasts until then).
    pub ended_ms: i64,
    pub sla: &'a SlaPolicy,
    /// The canned responses that reveal nothing about an account.
    pub harmless: &'a [Pattern],
}

fn at_ms(message: &Message) -> i64 {
    message.at.as_millisecond()
}

fn is_nudge(message: &Message) -> bool {
    message.author == Party::System
        && message
            .client_msg_id
            .as_deref()
            .is_some_and(|id| id.starts_with(NUDGE_MESSAGE_PREFIX))
}

/// Whether an agent message asks the customer about a hold.
pub fn asks_about_hold(text: &str) -> bool {
    text.to_lowercase().contains("hold") && text.contains('?')
}

/// Who said something, and when: what waits are counted from.
pub trait Said {
    fn author(&self) -> Party;
    fn at_ms(&self) -> i64;
}

impl<T: Said> Said for &T {
    fn author(&self) -> Party {
        (*self).author()
    }
    fn at_ms(&self) -> i64 {
        (*self).at_ms()
    }
}

impl Said for Message {
    fn author(&self) -> Party {
        self.author
    }
    fn at_ms(&self) -> i64 {
        at_ms(self)
    }
}

/// A customer's wait for an answer: from the message that started it (or the start of the
/// part, when they were already waiting then) to the answer (or the end of the part), in
/// seconds.
pub struct Wait<'a, T> {
    pub started_by: &'a T,
    pub answered_by: Option<&'a T>,
    pub secs: u64,
}

/// The customer's waits between `from_ms` and `to_ms` (both included) in `said` (in order): a
/// wait starts with the customer's first message after an agent's, the next agent message ends
/// it, messages from the backend answer nothing.
pub fn waits<T: Said>(said: &[T], from_ms: i64, to_ms: i64) -> Vec<Wait<'_, T>> {
    let secs = |from: i64, to: i64| u64::try_from((to - from) / 1000).unwrap_or(0);
    let mut waits = Vec::new();
    let mut open: Option<(&T, i64)> = None;
    for message in said {
        let at = message.at_ms();
        if at > to_ms {
            break;
        }
        match message.author() {
            Party::Customer => {
                open.get_or_insert((message, at));
            }
            Party::Agent => {
                if let Some((start, since)) = open.take()
                    && at >= from_ms
                {
                    waits.push(Wait {
                        started_by: start,
                        answered_by: Some(message),
                        secs: secs(since.max(from_ms), at),
                    });
                }
            }
            Party::System => {}
        }
    }
    if let Some((start, since)) = open {
        waits.push(Wait {
            started_by: start,
            answered_by: None,
            secs: secs(since.max(from_ms), to_ms),
        });
    }
    waits
}

/// Whether a wait of `secs` breaks the reply SLA.
pub fn breached(secs: u64, sla: &SlaPolicy) -> bool {
    reply_wait(secs, sla) == WaitLevel::Breach
}

/// One person's stretch of a chat: from when it was given to them to just before it was
/// given to someone else (or to the chat's end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holding<Id> {
    pub agent: Id,
    pub from_ms: i64,
    pub to_ms: i64,
}

/// The holdings of a chat that ended at `ended_ms`, from the moments it was given to someone
/// (`given`: who and when, in any order). The same person twice in a row is one holding.
pub fn holdings<Id: Copy + PartialEq>(given: &[(Id, i64)], ended_ms: i64) -> Vec<Holding<Id>> {
    let mut given = given.to_vec();
    given.sort_by_key(|(_, at)| *at);
    let mut out: Vec<Holding<Id>> = Vec::new();
    for (agent, at) in given {
        if out.last().is_some_and(|h| h.agent == agent) {
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.to_ms = at - 1;
        }
        out.push(Holding {
            agent,
            from_ms: at,
            to_ms: ended_ms,
        });
    }
    out
}

/// The states of the escalations a part answers for, from when each was raised (`raised`: the
/// millisecond and the state): those raised between `from_ms` and `to_ms`. The last part
/// (`last`) runs on past the chat's end, as an ended chat may still be escalated until its
/// wrap-up.
pub fn raised_in(
    raised: &[(i64, EscalationState)],
    from_ms: i64,
    to_ms: i64,
    last: bool,
) -> Vec<EscalationState> {
    raised
        .iter()
        .filter(|(at, _)| *at >= from_ms && (last || *at <= to_ms))
        .map(|(_, state)| *state)
        .collect()
}

fn in_part(facts: &Facts, message: &Message) -> bool {
    (facts.from_ms..=facts.ended_ms).contains(&at_ms(message))
}

fn agent_messages<'a>(facts: &Facts<'a>) -> impl Iterator<Item = &'a Message> {
    facts
        .messages
        .iter()
        .filter(|m| m.author == Party::Agent && in_part(facts, m))
}

/// The messages of either side in the part.
fn part_messages<'a>(facts: &Facts<'a>) -> impl Iterator<Item = &'a Message> {
    facts.messages.iter().filter(|m| in_part(facts, m))
}

/// An agent message that said something about the account before the customer was verified.
fn revealed_unverified(facts: &Facts, message: &Message) -> bool {
    facts.verified_ms.is_none_or(|v| at_ms(message) < v)
        && reveals_account(&message.body, facts.harmless)
}

/// Holds started without asking the customer first.
fn holds_without_asking(facts: &Facts) -> Vec<i64> {
    let mut since = i64::MIN;
    let mut unasked = Vec::new();
    for &start in facts
        .hold_starts
        .iter()
        .filter(|at| (facts.from_ms..=facts.ended_ms).contains(*at))
    {
        let asked = agent_messages(facts)
            .any(|m| at_ms(m) >= since && at_ms(m) <= start && asks_about_hold(&m.body));
        if !asked {
            unasked.push(start);
        }
        since = start;
    }
    unasked
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The flags of a chat's review.
pub fn derive(facts: &Facts) -> ReviewFlags {
    let waits = waits(facts.messages, facts.from_ms, facts.ended_ms);
    let nudges = part_messages(facts).filter(|m| is_nudge(m)).count();
    let nudges = if nudges == 0 && facts.nudged_ms.is_some() {
        1
    } else {
        nudges
    };
    let present = |text: Option<&str>| text.is_some_and(|t| !t.trim().is_empty());
    ReviewFlags {
        verified_before_first_reply: !agent_messages(facts).any(|m| revealed_unverified(facts, m)),
        sla_breaches: count(waits.iter().filter(|w| breached(w.secs, facts.sla)).count()),
        worst_wait_secs: waits.iter().map(|w| w.secs).max().unwrap_or(0),
        nudges: count(nudges),
        holds: count(
            facts
                .hold_starts
                .iter()
                .filter(|at| (facts.from_ms..=facts.ended_ms).contains(*at))
                .count(),
        ),
        holds_without_asking: count(holds_without_asking(facts).len()),
        masked_cards: count(
            part_messages(facts)
                .filter(|m| has_masked_card(&m.body))
                .count(),
        ),
        etiquette_overrides: count(
            agent_messages(facts)
                .filter(|m| !before_send(&m.body).is_empty())
                .count(),
        ),
        escalations: facts.escalations.to_vec(),
        disposition_recorded: present(facts.disposition_code),
        notes_recorded: present(facts.disposition_notes),
    }
}

/// The flags of a part that ended with a handover (a transfer, a take-over): the wrap-up is
/// the last holder's to record, so this part owes no disposition and no notes.
pub fn handed_on(flags: ReviewFlags) -> ReviewFlags {
    ReviewFlags {
        disposition_recorded: true,
        notes_recorded: true,
        ..flags
    }
}

fn etiquette_note(warnings: &[Warning]) -> String {
    let what: Vec<&str> = warnings
        .iter()
        .map(|w| match w {
            Warning::AllCaps => "all in capitals",
            Warning::Curt => "a curt one-word reply",
        })
        .collect();
    format!("Sent although it is {}.", what.join(" and "))
}

/// The messages the flags refer to, in transcript order.
pub fn marks(facts: &Facts) -> Vec<ReviewMark> {
    let mut marks = Vec::new();
    let mut mark = |message: &Message, flag: ReviewFlag, note: String| {
        marks.push((
            message.seq,
            ReviewMark {
                message_id: message.id,
                flag,
                note,
            },
        ));
    };
    for message in agent_messages(facts).filter(|m| revealed_unverified(facts, m)) {
        mark(
            message,
            ReviewFlag::Unverified,
            "Spoke of the account before the customer was verified.".to_string(),
        );
    }
    let waits = waits(facts.messages, facts.from_ms, facts.ended_ms);
    for wait in waits.iter().filter(|w| breached(w.secs, facts.sla)) {
        match wait.answered_by {
            Some(answer) => mark(
                answer,
                ReviewFlag::SlaBreach,
                format!("Answered after {} s.", wait.secs),
            ),
            None => mark(
                wait.started_by,
                ReviewFlag::SlaBreach,
                format!("Never answered; the chat ended {} s later.", wait.secs),
            ),
        }
    }
    for message in part_messages(facts).filter(|m| is_nudge(m)) {
        mark(
            message,
            ReviewFlag::Nudged,
            "The customer had gone quiet.".to_string(),
        );
    }
    for message in part_messages(facts).filter(|m| has_masked_card(&m.body)) {
        mark(
            message,
            ReviewFlag::Card,
            "Holds a card number (masked).".to_string(),
        );
    }
    for message in agent_messages(facts) {
        let warnings = before_send(&message.body);
        if !warnings.is_empty() {
            mark(
                message,
                ReviewFlag::EtiquetteOverride,
                etiquette_note(&warnings),
            );
        }
    }
    marks.sort_by_key(|(seq, _)| *seq);
    marks.into_iter().map(|(_, m)| m).collect()
}

#[cfg(test)]
#[path = "review/tests.rs"]
mod tests;
