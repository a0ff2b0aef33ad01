//! Shortcode expansion: a `/shortcode` just before the cursor, and nothing else.

use chatdesk::canned::Library;
use proptest::prelude::*;

fn expand(text: &str, cursor: usize) -> Option<(std::ops::Range<usize>, String)> {
    let library = Library::builtin();
    library
        .expand_at(text, cursor)
        .map(|e| (e.range, e.response.id().to_string()))
}

#[test]
fn a_shortcode_before_the_cursor_expands() {
    let moment = || "one-moment".to_string();
    assert_eq!(expand("/moment", 7), Some((0..7, moment())));
    assert_eq!(expand("Sure. /moment", 13), Some((6..13, moment())));
    assert_eq!(expand("/moment and more", 7), Some((0..7, moment())));
    assert_eq!(expand("first line\n/moment", 18), Some((11..18, moment())));
    assert_eq!(expand("¡Hola! /bye", 12).unwrap().0, 8..12);
    assert_eq!(expand("/MOMENT", 7), Some((0..7, moment())));
    assert_eq!(expand("/ticket", 7).unwrap().1, "ticket-opened");
}

#[test]
fn other_words_and_positions_do_not_expand() {
    for (text, cursor) in [
        ("/moment", 0),     // nothing before the cursor
        ("/moment", 4),     // inside the word
        ("/moment", 1),     // just after the slash
        ("/momentx", 7),    // the word goes on after the cursor
        ("moment", 6),      // no slash
        ("and/moment", 10), // slash inside a word
        ("http://x/moment", 15),
        ("/nosuchcode", 11),
        ("/", 1),
        ("/moment ", 8), // the cursor is after the space
        ("/moment", 99), // past the end
        ("¡/bye", 1),    // not on a character boundary
    ] {
        assert_eq!(expand(text, cursor), None, "{text:?} at {cursor}");
    }
}

proptest! {
    #[test]
    fn expansion_never_panics_and_ranges_are_valid(text in "[ a/\\nmoé🌸]{0,20}", cursor in 0usize..40) {
        let library = Library::builtin();
        if let Some(e) = library.expand_at(&text, cursor) {
            prop_assert_eq!(e.range.end, cursor);
            prop_assert_eq!(&text[e.range.clone()], format!("/{}", e.response.shortcode()));
        }
    }
}
