use super::*;

fn masked(text: &str) -> String {
    mask(text).into_string()
}

#[test]
fn at_most_half_the_digits_stay_shown_and_never_more_than_six_and_four() {
    for (total, first) in [
        (12, 2),
        (13, 2),
        (14, 3),
        (15, 3),
        (16, 4),
        (17, 4),
        (18, 5),
        (19, 5),
        (20, 6),
        (32, 6),
    ] {
        assert_eq!(shown_digits(total), (first, 4), "{total}");
        assert!(first + 4 <= total - first - 4, "{total}");
    }
}

#[test]
fn grouped_and_unbroken_numbers_keep_their_first_and_last_digits() {
    assert_eq!(masked("4111 1111 1111 1111"), "4111 **** **** 1111");
    assert_eq!(masked("4111111111111111"), "4111********1111");
    assert_eq!(masked("5555-5555-5555-4444"), "5555-****-****-4444");
    assert_eq!(masked("3782-822463-10005"), "378*-******-*0005");
    assert_eq!(masked("4222222222222"), "42*******2222");
    assert_eq!(masked("6222 0200 0000 0000 000"), "6222 0*** **** ***0 000");
    assert_eq!(masked("6759 6498 2648"), "67** **** 2648");
}

#[test]
fn any_separator_of_any_kind_and_repeated_joins_groups() {
    for (text, expected) in [
        ("4111.1111.1111.1111", "4111.****.****.1111"),
        ("4111/1111/1111/1111", "4111/****/****/1111"),
        ("4111_1111_1111_1111", "4111_****_****_1111"),
        ("4111  1111  1111  1111", "4111  ****  ****  1111"),
        ("4111\t1111\t1111\t1111", "4111\t****\t****\t1111"),
        ("4111\n1111\n1111\n1111", "4111\n****\n****\n1111"),
        (
            "4111\u{A0}1111\u{2009}1111\u{202F}1111",
            "4111\u{A0}****\u{2009}****\u{202F}1111",
        ),
        ("4111 - 1111 - 1111 - 1111", "4111 - **** - **** - 1111"),
        ("4111-.-1111 1111__1111", "4111-.-**** ****__1111"),
    ] {
        assert_eq!(masked(text), expected, "{text:?}");
    }
}

#[test]
fn digits_of_every_script_are_read() {
    assert_eq!(
        masked("４１１１ １１１１ １１１１ １１１１"),
        "４１１１ **** **** １１１１"
    );
    assert_eq!(masked("٤١١١١١١١١١١١١١١١"), "٤١١١********١١١١");
    assert_eq!(masked("४१११ ११११ ११११ ११११"), "४१११ **** **** ११११");
    // Mixed scripts are one number too.
    assert_eq!(masked("4111 １１１１ ١١١١ 1111"), "4111 **** **** 1111");
}

#[test]
fn the_number_is_found_inside_a_message_and_counted() {
    let out = mask("Here is my card: 4111 1111 1111 1111, expiry 12/29. Thanks!");
    assert_eq!(
        out.as_str(),
        "Here is my card: 4111 **** **** 1111, expiry 12/29. Thanks!"
    );
    assert_eq!(out.cards(), 1);
    let two = mask("old 4242424242424242 new 6011-0009-9013-9424");
    assert_eq!(two.as_str(), "old 4242********4242 new 6011-****-****-9424");
    assert_eq!(two.cards(), 2);
}

#[test]
fn neighbouring_digits_do_not_hide_a_number() {
    // The expiry written as more groups, and another card right after the first.
    assert_eq!(
        masked("4111 1111 1111 1111 12/29"),
        "4111 **** **** 1111 12/29"
    );
    assert_eq!(
        masked("ref 12 4111 1111 1111 1111"),
        "ref 12 4111 **** **** 1111"
    );
    let apart = mask("4111 1111 1111 1111 and 5555 5555 5555 4444");
    assert_eq!(
        apart.as_str(),
        "4111 **** **** 1111 and 5555 **** **** 4444"
    );
    assert_eq!(apart.cards(), 2);
    // Back to back, each is found.
    let glued = mask("4111 1111 1111 1111 5555 5555 5555 4444");
    assert_eq!(glued.as_str(), "4111 **** **** 1111 5555 **** **** 4444");
    assert_eq!(glued.cards(), 2);
}

#[test]
fn letters_and_markup_touching_the_digits_do_not_protect_them() {
    assert_eq!(masked("card4111111111111111exp"), "card4111********1111exp");
    assert_eq!(masked("cc4242424242424242"), "cc4242********4242");
    assert_eq!(masked("*4111111111111111*"), "*4111********1111*");
    assert_eq!(masked("**4111 1111 1111 1111**"), "**4111 **** **** 1111**");
    assert_eq!(masked("(4111-1111-1111-1111)"), "(4111-****-****-1111)");
}

#[test]
fn numbers_that_fit_no_brand_are_left_alone() {
    for text in [
        // Luhn-valid IMEIs (15 digits, prefixes 35, 49, 86, 01).
        "IMEI 356938035643809",
        "IMEI 490154203237518",
        "IMEI 86-123456-789012-7",
        "013456789012340",
        // A 13-digit millisecond timestamp.
        "at 1732370000009",
        // Luhn-valid numbers with prefixes no brand uses.
        "Order 7000 0000 0000 0005",
        "Tracking 1000000000000008",
        // A Luhn failure.
        "4111 1111 1111 1112",
        // 16 digits starting with 34 (American Express has 15).
        "3400000000000000",
        // An unbroken run of more than 19 digits.
        "Tracking 4111111111111111000000123",
    ] {
        assert_eq!(masked(text), text, "{text:?}");
        assert!(!has_card(text), "{text:?}");
    }
}

#[test]
fn phone_numbers_dates_and_ibans_are_left_alone() {
    for text in [
        // Groups of one to three digits.
        "Call 415 555 0199 / 415 555 0142",
        "23/11/2026 - 23/12/2026",
        "06 12 34 56 78 90 12 34",
        // After a plus sign.
        "+6281234567890",
        "+62 8123 4567 8901",
        // IBANs, proven by their check digits.
        "GB29 NWBK 6016 1331 9268 19",
        "IBAN: DE89370400440532013000",
    ] {
        assert_eq!(masked(text), text, "{text:?}");
    }
}

#[test]
fn masked_numbers_are_recognised_in_the_new_and_the_old_form() {
    assert!(has_masked_card("Here: 4111 **** **** 1111, thanks"));
    assert!(has_masked_card("Here: 4111 11** **** 1111, thanks"));
    assert!(has_masked_card("411111******1111"));
    assert!(has_masked_card("3782-82****-*0005"));
    assert!(has_masked_card("67** **** 2648"));
    assert!(has_masked_card(&masked(
        "pay with cc4242424242424242 please"
    )));
    assert!(has_masked_card(&masked("٤١١١١١١١١١١١١١١١")));
}

#[test]
fn other_stars_and_plain_numbers_are_not_masked_cards() {
    for text in [
        "4111 1111 1111 1111",
        "ending in ****1234",
        "**** **** **** 1234",
        "2*3 = 6",
        "411111**1111",
        "rated *****",
        "",
    ] {
        assert!(!has_masked_card(text), "{text:?}");
    }
}

#[test]
fn masking_a_masked_text_changes_nothing() {
    for text in [
        "4111 **** **** 1111",
        "4111 11** **** 1111 and 5555 5555 5555 4444",
    ] {
        let once = mask(text);
        assert_eq!(mask(once.as_str()).as_str(), once.as_str());
        assert_eq!(mask(once.as_str()).cards(), 0);
    }
}

#[test]
fn a_number_continued_in_the_next_message_is_found() {
    assert!(joins_previous("my card is 4111 1111", "1111 1111 thanks"));
    assert!(joins_previous("4111 1111 1111", "1111"));
    assert!(joins_previous("4111\n1111\n1111", "1111"));
    assert!(joins_previous("5555-5555-", "-5555-4444"));
    assert!(joins_previous("４１１１ １１１１", "１１１１ １１１１"));
    // Nothing to continue, or nothing continuing it.
    assert!(!joins_previous(
        "my card is 4111 1111.",
        "Sorry, never mind"
    ));
    assert!(!joins_previous("order 4111 1111 please", "1111 1111"));
    assert!(!joins_previous("4111 1111", "and then 1111 1111"));
    // Together they are no card.
    assert!(!joins_previous("4111 1111", "1111 1112"));
    assert!(!joins_previous("call 415 555", "0199"));
    // A whole number in one message is masked there, not a continuation.
    assert!(!joins_previous("hello", "4111 1111 1111 1111"));
    assert!(!joins_previous("4111 **** **** 1111", "2345"));
}

#[test]
fn the_masked_type_reads_as_its_text() {
    let out = mask("card 4111 1111 1111 1111");
    assert_eq!(out.to_string(), "card 4111 **** **** 1111");
    assert_eq!(out.as_ref(), "card 4111 **** **** 1111");
    assert_eq!(
        serde_json::to_string(&out).unwrap(),
        "\"card 4111 **** **** 1111\""
    );
    assert_eq!(String::from(out), "card 4111 **** **** 1111");
}
