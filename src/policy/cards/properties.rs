//! Properties of masking that hold for any text: every card number in it is masked, whatever
//! its grouping and whatever surrounds it, masking twice changes nothing, and text without
//! digits never changes.

use proptest::prelude::*;

use super::*;

/// A Luhn-valid number of 13–19 digits.
fn card_digits() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(0u8..10, 12..=18).prop_map(|mut digits| {
        let check = (0..10)
            .find(|c| {
                let mut all = digits.clone();
                all.push(*c);
                let text: Vec<u8> = all.iter().map(|d| b'0' + d).collect();
                passes_luhn(&text)
            })
            .expect("one check digit fits");
        digits.push(check);
        digits
    })
}

/// A card number written with random single spaces or dashes between digits.
fn written_card() -> impl Strategy<Value = (String, String)> {
    card_digits().prop_flat_map(|digits| {
        let gaps = prop::collection::vec(
            prop_oneof![4 => Just(""), 1 => Just(" "), 1 => Just("-")],
            digits.len() - 1,
        );
        (Just(digits), gaps).prop_map(|(digits, gaps)| {
            let mut written = String::new();
            let mut expected = String::new();
            let total = digits.len();
            for (i, d) in digits.iter().enumerate() {
                if i > 0 {
                    written.push_str(gaps[i - 1]);
                    expected.push_str(gaps[i - 1]);
                }
                written.push(char::from(b'0' + d));
                let hidden = i >= SHOWN_FIRST && i < total - SHOWN_LAST;
                expected.push(if hidden { '*' } else { char::from(b'0' + d) });
            }
            (written, expected)
        })
    })
}

/// Text of words, digit groups and card numbers glued together in any order.
fn numbery_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        written_card().prop_map(|(card, _)| card),
        "[0-9]{1,8}",
        "[ \\-*a-z.]{1,3}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn any_card_in_any_text_is_masked(
        before in "[^0-9]{0,20}",
        (card, expected) in written_card(),
        after in "[^0-9]{0,20}",
    ) {
        let out = mask(&format!("{before}{card}{after}"));
        prop_assert_eq!(&out.text, &format!("{before}{expected}{after}"));
        prop_assert_eq!(out.cards, 1);
        prop_assert!(!out.text.contains(&card));
        prop_assert!(has_masked_card(&out.text));
    }

    #[test]
    fn masking_twice_changes_nothing(text in numbery_text()) {
        let once = mask(&text);
        let twice = mask(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert_eq!(twice.cards, 0);
        prop_assert!(once.cards == 0 || has_masked_card(&once.text));
        prop_assert_eq!(once.text.len(), text.len());
    }

    #[test]
    fn text_without_digits_is_unchanged(text in "[^0-9]{0,60}") {
        prop_assert_eq!(mask(&text), Masked { text: text.clone(), cards: 0 });
    }
}
