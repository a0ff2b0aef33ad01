//! Chat etiquette the procedure asks of agents: no shouting and no curt one-word replies before
//! a message goes out, and at wrap-up a reminder when the customer's name was never used or
//! the chat ended without a closing question.

use unicode_segmentation::UnicodeSegmentation;

/// Something about a message the agent is about to send that is worth a second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// Every letter is a capital: it reads as shouting.
    AllCaps,
    /// A one-word reply such as "ok" or "no": it reads as curt.
    Curt,
}

impl Warning {
    /// What the console shows when asking the agent to confirm the send.
    pub fn sentence(&self) -> &'static str {
        match self {
            Warning::AllCaps => {
                "The message is all in capital letters, which reads as shouting. Send it anyway?"
            }
            Warning::Curt => {
                "A one-word reply can read as curt; a full sentence sounds friendlier. Send it anyway?"
            }
        }
    }
}

/// Something the procedure expected in a chat that did not happen, shown at wrap-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// The agent never addressed the customer by first name.
    NameNeverUsed,
    /// The agent did not ask whether anything else was needed, or thank the customer.
    NoClosing,
}

impl Reminder {
    /// What the wrap-up form shows above its fields.
    pub fn sentence(&self) -> &'static str {
        match self {
            Reminder::NameNeverUsed => {
                "The customer's first name was never used in this chat; using it makes the help feel personal."
            }
            Reminder::NoClosing => {
                "The chat ended without a closing such as “Is there anything else I can help you with?”."
            }
        }
    }
}

/// Fewer capitals than this in a message with no small letters is an acronym or two ("OK",
/// "FYI", "ID"), not shouting.
const SHOUTING_CAPITALS: usize = 5;

/// Replies that are curt when they are the whole message.
const CURT_WORDS: &[&str] = &[
    "k", "kk", "ok", "okay", "okey", "yes", "yep", "yeah", "yup", "ya", "no", "nope", "nah",
    "sure", "fine", "whatever", "right", "done", "noted", "what",
];

/// Phrases that close a chat well, as lower-case words separated by single spaces.
const CLOSINGS: &[&str] = &[
    "anything else",
    "anything more",
    "something else",
    "have i answered all your questions",
    "answered all of your questions",
    "any other questions",
    "thank you for contacting",
    "thanks for contacting",
    "thank you for reaching out",
    "thanks for reaching out",
    "thank you for chatting",
    "thanks for chatting",
];

/// Checks a message before it is sent; an empty list means it can go out without asking.
pub fn before_send(text: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if is_shouting(text) {
        warnings.push(Warning::AllCaps);
    }
    if is_curt(text) {
        warnings.push(Warning::Curt);
    }
    warnings
}

/// No small letter at all, and enough capitals to be more than an acronym.
pub fn is_shouting(text: &str) -> bool {
    let capitals = text.chars().filter(|c| c.is_uppercase()).count();
    capitals >= SHOUTING_CAPITALS && !text.chars().any(char::is_lowercase)
}

/// The whole message is one word from the curt list; punctuation and emoji around it do not
/// change that.
fn is_curt(text: &str) -> bool {
    let mut words = text.unicode_words();
    match (words.next(), words.next()) {
        (Some(word), None) => CURT_WORDS.contains(&word.to_lowercase().as_str()),
        _ => false,
    }
}

/// Checks an ended chat from the agent's side: `customer_name` is the name the customer gave
/// (its first word is the first name) and `agent_messages` is everything the agent wrote. A
/// chat in which the agent wrote nothing gets no reminders: there was no conversation to
/// improve. A customer who gave no name gets no reminder about it.
pub fn at_wrap_up(customer_name: &str, agent_messages: &[&str]) -> Vec<Reminder> {
    let mut reminders = Vec::new();
    if agent_messages.is_empty() {
        return reminders;
    }
    if let Some(first) = first_name(customer_name)
        && !agent_messages.iter().any(|m| mentions(m, &first))
    {
        reminders.push(Reminder::NameNeverUsed);
    }
    if !agent_messages.iter().any(|m| has_closing(m)) {
        reminders.push(Reminder::NoClosing);
    }
    reminders
}

/// The first word of a name, lower case, without punctuation around it ("Ana," → "ana").
fn first_name(customer_name: &str) -> Option<String> {
    let first = customer_name
        .split_whitespace()
        .next()?
        .trim_matches(|c: char| !c.is_alphanumeric());
    (!first.is_empty()).then(|| first.to_lowercase())
}

/// Whether `name` (lower case) stands as a whole word in `text`, whatever its case: no
/// letter or digit right before or after it, so "Ana" counts in "Ana's order" but not in
/// "banana".
fn mentions(text: &str, name: &str) -> bool {
    let text = text.to_lowercase();
    text.match_indices(name).any(|(at, found)| {
        let before = text[..at].chars().next_back();
        let after = text[at + found.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether a message holds one of the closing phrases, ignoring case, punctuation and line
/// breaks.
fn has_closing(text: &str) -> bool {
    let words: Vec<String> = text.unicode_words().map(str::to_lowercase).collect();
    let spaced = format!(" {} ", words.join(" "));
    CLOSINGS
        .iter()
        .any(|phrase| spaced.contains(&format!(" {phrase} ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shouting_is_warned_about() {
        assert_eq!(
            before_send("YOUR REFUND WAS SENT TODAY!"),
            [Warning::AllCaps]
        );
        assert_eq!(before_send("PLEASE RESTART IT."), [Warning::AllCaps]);
        // Capitals of other scripts are capitals too.
        assert_eq!(before_send("ΣΑΣ ΕΥΧΑΡΙΣΤΟΥΜΕ"), [Warning::AllCaps]);
    }

    #[test]
    fn acronyms_mixed_case_and_scripts_without_case_are_not_shouting() {
        for text in [
            "Your ACME ID is AD-4521.",
            "FYI",
            "ID 4521",
            "I can help with that.",
            "谢谢您的耐心等待",
            "12:30 / 4521",
            "",
        ] {
            assert!(!before_send(text).contains(&Warning::AllCaps), "{text:?}");
        }
    }

    #[test]
    fn one_word_replies_are_curt_with_or_without_punctuation_and_emoji() {
        for text in [
            "k",
            "ok?",
            "OK",
            "Yes.",
            "no!",
            " sure ",
            "Fine 👍",
            "👍 okay…",
            "Nope",
        ] {
            assert_eq!(before_send(text), [Warning::Curt], "{text:?}");
        }
    }

    #[test]
    fn friendly_short_replies_and_sentences_are_not_curt() {
        for text in [
            "Thanks!",
            "Hello 👋",
            "Yes, I can do that for you.",
            "ok ok",
            "No problem at all",
            "👍",
            "",
        ] {
            assert!(before_send(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_shouted_curt_word_gets_both_warnings() {
        assert_eq!(before_send("WHATEVER!"), [Warning::AllCaps, Warning::Curt]);
    }

    #[test]
    fn every_warning_and_reminder_has_a_sentence() {
        for sentence in [
            Warning::AllCaps.sentence(),
            Warning::Curt.sentence(),
            Reminder::NameNeverUsed.sentence(),
            Reminder::NoClosing.sentence(),
        ] {
            assert!(sentence.ends_with('.') || sentence.ends_with('?'));
            assert!(sentence.chars().next().is_some_and(char::is_uppercase));
        }
    }

    #[test]
    fn a_chat_that_used_the_name_and_closed_well_needs_no_reminder() {
        let said = [
            "Hi Ana, thanks for waiting.",
            "The refund is on its way.",
            "Is there anything else I can help you with today?",
        ];
        assert!(at_wrap_up("Ana Lima", &said).is_empty());
    }

    #[test]
    fn the_name_counts_in_any_case_and_with_a_possessive() {
        let closing = "Have I answered all your questions?";
        assert!(at_wrap_up("Ana Lima", &["ANA, one moment.", closing]).is_empty());
        assert!(at_wrap_up("ana", &["I found Ana's order.", closing]).is_empty());
        assert!(at_wrap_up("Ana", &["Thanks,\nAna!", closing]).is_empty());
    }

    #[test]
    fn the_name_inside_another_word_does_not_count() {
        let said = ["Your banana phone case shipped.", "Anything else?"];
        assert_eq!(at_wrap_up("Ana Lima", &said), [Reminder::NameNeverUsed]);
        let said = ["Anastasia from billing will call.", "Anything else?"];
        assert_eq!(at_wrap_up("Ana", &said), [Reminder::NameNeverUsed]);
    }

    #[test]
    fn unicode_names_are_matched_as_whole_words() {
        let closing = "Thank you for contacting Acme Devices.";
        assert!(at_wrap_up("Élodie Durand", &["Merci ÉLODIE !", closing]).is_empty());
        assert!(at_wrap_up("Łukasz Nowak", &["Hello łukasz.", closing]).is_empty());
        assert!(at_wrap_up("Zoë", &["Thanks, Zoë.", closing]).is_empty());
        assert_eq!(
            at_wrap_up("Zoë", &["Thanks, Zoëlle.", closing]),
            [Reminder::NameNeverUsed]
        );
    }

    #[test]
    fn only_the_first_name_is_looked_for() {
        let said = ["Thank you, Ms Lima.", "Anything else?"];
        assert_eq!(at_wrap_up("Ana Lima", &said), [Reminder::NameNeverUsed]);
    }

    #[test]
    fn an_empty_customer_name_gives_no_name_reminder() {
        let said = ["Hello there.", "Anything else?"];
        assert!(at_wrap_up("", &said).is_empty());
        assert!(at_wrap_up("  ", &said).is_empty());
        assert!(at_wrap_up("--", &said).is_empty());
    }

    #[test]
    fn a_chat_without_a_closing_is_reminded() {
        let said = ["Hi Bo, the refund is on its way.", "Bye."];
        assert_eq!(at_wrap_up("Bo Chen", &said), [Reminder::NoClosing]);
    }

    #[test]
    fn closings_are_found_whatever_the_case_punctuation_and_line_breaks() {
        for closing in [
            "Is there ANYTHING else?",
            "is there anything more I can do",
            "Have I answered all your\nquestions?",
            "Thank you for contacting Acme Devices!",
            "Thanks for reaching out, Bo.",
        ] {
            assert!(
                at_wrap_up("Bo", &["Hi Bo.", closing]).is_empty(),
                "{closing:?}"
            );
        }
    }

    #[test]
    fn both_reminders_when_neither_happened_and_none_when_the_agent_wrote_nothing() {
        assert_eq!(
            at_wrap_up("Bo Chen", &["The refund is on its way."]),
            [Reminder::NameNeverUsed, Reminder::NoClosing]
        );
        assert!(at_wrap_up("Bo Chen", &[]).is_empty());
    }
}
