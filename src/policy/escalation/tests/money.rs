//! Templates that check their values: a state transfer's balance, a credit's invoice and
//! amount, money written the ways agents type it, and fields unknown, repeated or too long.

use super::*;

fn transfer_with(balance: &str) -> Checked {
    let fields = values(&[
        ("cid", "C-1001"),
        ("new_shop", "Acme Auto Care, Springfield"),
        ("account_balance", balance),
    ]);
    check(&state_transfer(), &fields, &any_words())
}

#[test]
fn a_state_transfer_needs_a_zero_balance() {
    for zero in ["$0", "0.00", "$0.00", "0", "-$0.00"] {
        assert_eq!(transfer_with(zero), Checked::default(), "{zero}");
    }
    let owing = transfer_with("$25.00");
    assert_eq!(fields_with_problems(&owing), ["account_balance"]);
    assert!(owing.problems[0].problem.contains("$25.00"), "{owing:?}");
    let nonsense = transfer_with("about twenty");
    assert_eq!(fields_with_problems(&nonsense), ["account_balance"]);
}

#[test]
fn a_credit_balance_stops_a_transfer_and_says_a_credit_does_not_transfer() {
    let checked = transfer_with("-$12.50");
    assert_eq!(fields_with_problems(&checked), ["account_balance"]);
    assert!(checked.problems[0].problem.contains("$12.50"));
    assert!(checked.problems[0].problem.contains("does not transfer"));
}

fn credit_with(reviewed: &str, amount: &str) -> Checked {
    let fields = values(&[
        ("cid", "C-1001"),
        ("invoice_reviewed", reviewed),
        ("amount", amount),
        ("reason", GOOD_REASON),
    ]);
    check(&credit(), &fields, &any_words())
}

#[test]
fn a_credit_needs_the_invoice_reviewed() {
    assert!(credit_with("yes", "$15.00").is_ok());
    assert!(credit_with("Y", "15").is_ok());
    assert_eq!(
        fields_with_problems(&credit_with("no", "$15.00")),
        ["invoice_reviewed"]
    );
    assert_eq!(
        fields_with_problems(&credit_with("maybe", "$15.00")),
        ["invoice_reviewed"]
    );
    assert_eq!(
        fields_with_problems(&credit_with("", "$15.00")),
        ["invoice_reviewed"]
    );
}

#[test]
fn a_credit_amount_is_above_zero() {
    assert_eq!(
        fields_with_problems(&credit_with("yes", "$0.00")),
        ["amount"]
    );
    assert_eq!(fields_with_problems(&credit_with("yes", "-$5")), ["amount"]);
}

#[test]
fn unknown_and_repeated_fields_are_named() {
    let mut fields = good_poc();
    fields.push(FieldValue {
        id: "shoe_size".to_string(),
        value: "9".to_string(),
    });
    fields.push(good_poc()[0].clone());
    let checked = check(&poc_code(), &fields, &any_words());
    assert_eq!(fields_with_problems(&checked), ["shoe_size", "cid"]);
}

#[test]
fn an_overlong_field_is_refused() {
    let mut fields = good_poc();
    fields[1].value = "x".repeat(MAX_FIELD_CHARS + 1);
    assert_eq!(
        fields_with_problems(&check(&poc_code(), &fields, &any_words())),
        ["utr"]
    );
}

#[test]
fn money_is_read_the_way_agents_type_it() {
    let cases = [
        ("$0", Some(0)),
        ("0.00", Some(0)),
        ("$0.00", Some(0)),
        ("-$12.50", Some(-1250)),
        ("$-12.50", Some(-1250)),
        ("($12.50)", Some(-1250)),
        ("\u{2212}$3", Some(-300)),
        ("+$4.5", Some(450)),
        ("$1,250.00", Some(125_000)),
        ("25", Some(2500)),
        (" $ 7.05 ", Some(705)),
        ("", None),
        ("$", None),
        ("12.345", None),
        ("1,25.00", None),
        ("$12.50.1", None),
        ("--5", None),
        ("-($5)", None),
        ("ten", None),
        ("9999999999999", None),
    ];
    for (text, cents) in cases {
        assert_eq!(parse_money(text), cents, "{text:?}");
    }
    assert_eq!(format_money(-1250), "-$12.50");
    assert_eq!(format_money(5), "$0.05");
}
