//! Fuzzy search: the obvious response first, every field searched, and a reusable finder.

use chatdesk::canned::{Finder, Library};

use crate::fixture::ids;

fn first(query: &str) -> String {
    Library::builtin().search(query)[0].id().to_string()
}

#[test]
fn the_obvious_response_ranks_first() {
    assert_eq!(first("card"), "card-refusal");
    assert_eq!(first("moment"), "one-moment");
    assert_eq!(first("/moment"), "one-moment");
    assert_eq!(first("verif"), "verify-identity");
    assert_eq!(first("hours"), "office-hours");
    assert_eq!(first("international"), "international-orders");
    assert_eq!(first("ticket"), "ticket-opened");
    assert_eq!(first("idle"), "inactivity-disconnect");
    assert_eq!(first("Still there"), "still-there");
    assert_eq!(first("transfer"), "transfer-notice");
}

#[test]
fn an_empty_query_lists_everything_in_library_order() {
    let library = Library::builtin();
    let all = ids(&library.search("  "));
    let expected: Vec<String> = library.responses().iter().map(|r| r.id().into()).collect();
    assert_eq!(all, expected);
}

#[test]
fn each_word_may_match_a_different_field() {
    let library = Library::builtin();
    // "payment" is a tag, "phone" is in the body.
    assert_eq!(ids(&library.search("payment phone"))[0], "card-refusal");
    // Tags are searched.
    let inactive = ids(&library.search("inactivity"));
    assert!(
        inactive[..2].contains(&"still-there".to_string()),
        "{inactive:?}"
    );
    assert!(inactive[..2].contains(&"inactivity-disconnect".to_string()));
    // A negated word excludes what it matches anywhere.
    let not_closing = ids(&library.search("!closing"));
    assert!(!not_closing.contains(&"positive-close".to_string()));
    assert!(not_closing.contains(&"one-moment".to_string()));
    assert!(library.search("zzqqxx").is_empty());
}

#[test]
fn a_finder_can_be_reused_across_keystrokes() {
    let library = Library::builtin();
    let mut finder = Finder::new();
    let mut last = Vec::new();
    for query in ["c", "ca", "car", "card"] {
        last = ids(&finder.search(&library, query));
        assert!(!last.is_empty(), "{query}");
    }
    assert_eq!(last[0], "card-refusal");
}
