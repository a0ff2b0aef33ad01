//! The built-in library: the procedure's responses, each filling cleanly, with unique
//! shortcodes and ids.

use chatdesk::canned::{Answers, BUILTIN_NAME, BUILTIN_TEXT, Library, Variable, load_layers};

use crate::fixture::context;

#[test]
fn the_builtin_library_has_the_procedures_responses() {
    let library = Library::builtin();
    for id in [
        "one-moment",
        "still-there",
        "inactivity-disconnect",
        "anything-else",
        "positive-close",
        "investigating",
        "ticket-opened",
        "transfer-notice",
        "verify-identity",
        "card-refusal",
        "international-orders",
        "office-hours",
    ] {
        let r = library.get(id).unwrap_or_else(|| panic!("{id} is missing"));
        assert!(!r.title().is_empty() && !r.tags().is_empty(), "{id}");
        assert_eq!(r.source(), BUILTIN_NAME);
    }
    // Holding asks permission first.
    assert!(library.get("one-moment").unwrap().body().contains('?'));
    let uses = |id: &str, v: Variable| library.get(id).unwrap().variables().contains(&v);
    assert!(uses("inactivity-disconnect", Variable::CustomerFirstName));
    assert!(uses("ticket-opened", Variable::TicketId));
    // The verification request is not itself sensitive; what reveals account details is.
    assert!(
        library
            .get("verify-identity")
            .unwrap()
            .has_tag("verification")
    );
    assert!(!library.get("verify-identity").unwrap().needs_verification());
    for id in ["order-status", "delivery-date", "email-on-file"] {
        let r = library.get(id).unwrap();
        assert!(r.needs_verification(), "{id}");
        assert!(!r.fields().is_empty(), "{id} has fill-in fields");
    }
    let card = library.get("card-refusal").unwrap().body().to_lowercase();
    assert!(card.contains("card numbers") && card.contains("call you"));
}

#[test]
fn every_builtin_response_fills_cleanly() {
    let library = Library::builtin();
    let mut all = String::new();
    for r in library.responses() {
        let given: Answers = r
            .fields()
            .into_iter()
            .map(|label| (label.clone(), format!("<{label}>")))
            .collect();
        let text = r
            .fill(&context(), &given)
            .unwrap_or_else(|gaps| panic!("{} has gaps {gaps:?}", r.id()));
        assert!(!text.contains(['{', '}', '[']), "{}: {text}", r.id());
        assert!(text.chars().count() <= 4000, "{}", r.id());
        all.push_str(&format!("## {} /{}\n{text}\n\n", r.id(), r.shortcode()));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn shortcodes_and_ids_are_unique_in_the_builtin_file() {
    let (library, errors) = load_layers(&[(BUILTIN_NAME, BUILTIN_TEXT)]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut codes: Vec<&str> = library.responses().iter().map(|r| r.shortcode()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), library.len());
}
