//! The wrap-up's tags: how many, how long, and that they are kept as typed. The console checks
//! them before sending and the backend before recording, with these same sentences. And the
//! disposition a chat's ending settles, so none is chosen for the agent by accident.

use crate::protocol::Party;

/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 32;
/// Most tags on one chat.
pub const MAX_TAGS: usize = 10;

/// The disposition code of a chat the backend ended because the customer went quiet.
pub const NO_RESPONSE: &str = "no-response";

/// The disposition a chat's ending settles, chosen already when the wrap-up form opens: a chat
/// the backend ended (the customer went quiet) is `no-response`. Any other ending says nothing
/// of the outcome, so there is no default and the agent chooses.
pub fn disposition_of_ending(ended_by: Option<Party>) -> Option<&'static str> {
    match ended_by {
        Some(Party::System) => Some(NO_RESPONSE),
        _ => None,
    }
}

/// Tags typed on one line: separated by commas or spaces, kept as typed.
pub fn split_tags(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The tags to record: trimmed, in the case they were typed, a repeat (ignoring case) left out;
/// or why they cannot be recorded, as a sentence for the agent.
pub fn clean_tags(tags: &[String]) -> Result<Vec<String>, String> {
    let mut clean: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim();
        if tag.is_empty() {
            return Err("A tag is empty; leave it out instead.".to_string());
        }
        let chars = tag.chars().count();
        if chars > MAX_TAG_CHARS {
            return Err(format!(
                "The tag {tag:?} is {chars} characters long; a tag has at most {MAX_TAG_CHARS}."
            ));
        }
        if tag.chars().any(char::is_control) {
            return Err(format!(
                "The tag {tag:?} holds a line break or control character."
            ));
        }
        if !clean.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            clean.push(tag.to_string());
        }
    }
    if clean.len() > MAX_TAGS {
        return Err(format!(
            "{} tags were given; a chat has at most {MAX_TAGS}.",
            clean.len()
        ));
    }
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(given: &[&str]) -> Result<Vec<String>, String> {
        clean_tags(&given.iter().map(|t| t.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn only_an_ending_for_inactivity_settles_the_disposition() {
        assert_eq!(
            disposition_of_ending(Some(Party::System)),
            Some(NO_RESPONSE)
        );
        for ended_by in [Some(Party::Customer), Some(Party::Agent), None] {
            assert_eq!(disposition_of_ending(ended_by), None);
        }
    }

    #[test]
    fn typed_tags_keep_their_case_and_repeats_go() {
        let typed = split_tags("Refund, late-delivery refund  VIP");
        assert_eq!(typed, ["Refund", "late-delivery", "refund", "VIP"]);
        assert_eq!(
            clean_tags(&typed).unwrap(),
            ["Refund", "late-delivery", "VIP"]
        );
    }

    #[test]
    fn a_tag_at_the_limit_is_kept_and_one_past_it_refused() {
        let longest = "x".repeat(MAX_TAG_CHARS);
        assert_eq!(tags(&[&longest]).unwrap(), std::slice::from_ref(&longest));
        let long = "x".repeat(MAX_TAG_CHARS + 1);
        assert!(tags(&[&long]).unwrap_err().contains("at most 32"));
    }

    #[test]
    fn too_many_empty_or_multi_line_tags_are_refused() {
        let most: Vec<String> = (0..MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert_eq!(clean_tags(&most).unwrap().len(), MAX_TAGS);
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert!(clean_tags(&many).unwrap_err().contains("at most 10"));
        assert!(tags(&["  "]).unwrap_err().contains("empty"));
        assert!(tags(&["a\nb"]).is_err());
    }
}
