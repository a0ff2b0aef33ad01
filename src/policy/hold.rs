//! Holding a customer only with their permission: the agent asks (a message about a hold with
//! a question mark, as the `one-moment` response is), the customer answers, and only a yes lets
//! the chat go on hold — unless the agent confirms that the customer agreed some other way
//! (in their own words before being asked, say). Each hold needs its own permission: only what
//! was said since the last hold began counts.

use crate::policy::review::asks_about_hold;
use crate::protocol::Party;

/// How a customer's answer to the hold question reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    Unclear,
}

/// Whether the customer said they may be put on hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Asked, and the customer's next message reads as a yes.
    Given,
    /// Asked, and the customer's next message reads as a no.
    Refused,
    /// Asked, and the customer answered something that is neither.
    Unclear,
    /// Asked, and no answer yet.
    Awaited,
    /// Not asked since the last hold began.
    NotAsked,
}

/// Said in an answer, these mean yes although they hold a "no" or "not".
const YES_DESPITE_NO: [&str; 5] = [
    "no problem",
    "no worries",
    "not a problem",
    "no rush",
    "no hurry",
];

const NO_WORDS: [&str; 10] = [
    "no", "nope", "nah", "don't", "dont", "not", "can't", "cant", "cannot", "rather",
];

const YES_WORDS: [&str; 13] = [
    "yes",
    "yeah",
    "yep",
    "yup",
    "sure",
    "ok",
    "okay",
    "fine",
    "alright",
    "certainly",
    "absolutely",
    "course",
    "np",
];

const YES_PHRASES: [&str; 4] = ["go ahead", "all right", "please do", "that's fine"];

/// How a customer's message reads as an answer to "may I put you on hold?".
pub fn read_answer(text: &str) -> Answer {
    let lower = text.to_lowercase().replace(['’', '‘'], "'");
    if YES_DESPITE_NO.iter().any(|p| lower.contains(p)) {
        return Answer::Yes;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| NO_WORDS.contains(w)) {
        return Answer::No;
    }
    if words.iter().any(|w| YES_WORDS.contains(w)) || YES_PHRASES.iter().any(|p| lower.contains(p))
    {
        return Answer::Yes;
    }
    Answer::Unclear
}

/// What the transcript says about permission to hold: `said` is the chat's messages in order
/// (author, moment in ms, text); only those after `since_ms` (when the last hold began) count.
/// The agent's latest hold question is the one answered, by the customer's first message after it.
pub fn permission<'a>(
    said: impl IntoIterator<Item = (Party, i64, &'a str)>,
    since_ms: Option<i64>,
) -> Permission {
    let mut state = Permission::NotAsked;
    for (author, at, text) in said {
        if since_ms.is_some_and(|since| at < since) {
            continue;
        }
        match author {
            Party::Agent if asks_about_hold(text) => state = Permission::Awaited,
            Party::Customer if state == Permission::Awaited => {
                state = match read_answer(text) {
                    Answer::Yes => Permission::Given,
                    Answer::No => Permission::Refused,
                    Answer::Unclear => Permission::Unclear,
                }
            }
            _ => {}
        }
    }
    state
}

/// Whether a hold may begin now: with the customer's yes in the chat, or the agent's word that
/// they agreed. Otherwise the sentence says what is missing (the console shows the backend's).
pub fn may_hold(permission: Permission, agent_confirms: bool) -> Result<(), &'static str> {
    if agent_confirms {
        return Ok(());
    }
    match permission {
        Permission::Given => Ok(()),
        Permission::NotAsked => Err(
            "Not on hold: ask the customer first (the one-moment response asks), or confirm that they agreed.",
        ),
        Permission::Awaited => Err(
            "Not on hold yet: the customer has not answered the hold question; wait for their yes, or confirm that they agreed.",
        ),
        Permission::Unclear => Err(
            "Not on hold: the customer's answer is not a clear yes; confirm that they agreed, or ask again.",
        ),
        Permission::Refused => Err(
            "Not on hold: the customer said no to holding; stay with them, or confirm that they agreed after all.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_as_yes_no_or_unclear() {
        for yes in [
            "Yes",
            "sure!",
            "ok",
            "No problem",
            "that's fine",
            "go ahead",
            "all right",
        ] {
            assert_eq!(read_answer(yes), Answer::Yes, "{yes}");
        }
        for no in [
            "No",
            "I'd rather not",
            "please don't, I have to leave",
            "nope",
            "can’t wait",
        ] {
            assert_eq!(read_answer(no), Answer::No, "{no}");
        }
        for unclear in ["How long?", "hmm", "My order is A-77", "I have to go soon"] {
            assert_eq!(read_answer(unclear), Answer::Unclear, "{unclear}");
        }
    }

    #[test]
    fn only_an_answer_to_a_question_since_the_last_hold_counts() {
        let ask = "May I put you on hold for a moment?";
        let said = [
            (Party::Agent, 10, ask),
            (Party::Customer, 20, "Sure"),
            (Party::Agent, 40, "Thanks for holding."),
        ];
        assert_eq!(permission(said, None), Permission::Given);
        // That yes was used by the hold that began at 30.
        assert_eq!(permission(said, Some(30)), Permission::NotAsked);
        let awaited = [(Party::Customer, 5, "yes"), (Party::Agent, 10, ask)];
        assert_eq!(permission(awaited, None), Permission::Awaited);
        let refused = [
            (Party::Agent, 10, ask),
            (Party::Customer, 20, "No, I have to go"),
        ];
        assert_eq!(permission(refused, None), Permission::Refused);
        // Asked again after a no: the new answer counts.
        let again = [
            (Party::Agent, 10, ask),
            (Party::Customer, 20, "no"),
            (Party::Agent, 30, ask),
            (Party::Customer, 40, "ok then"),
        ];
        assert_eq!(permission(again, None), Permission::Given);
        assert!(may_hold(Permission::NotAsked, false).is_err());
        assert!(may_hold(Permission::NotAsked, true).is_ok());
        assert!(may_hold(Permission::Given, false).is_ok());
    }
}
