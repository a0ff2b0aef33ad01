//! Filling: variables from the chat's context, first names, missing values, fill-in fields and
//! literal braces.

use chatdesk::canned::{Answers, Context, Gap, Library, Variable, load_layers};
use proptest::prelude::*;

use crate::fixture::{context, layer};

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn one(body: &str) -> Library {
    let (library, errors) = load_layers(&[("t.toml", layer("r", "r", body))]);
    assert!(errors.is_empty(), "{errors:?}");
    library
}

fn fill(body: &str, context: &Context) -> Result<String, Vec<Gap>> {
    one(body).get("r").unwrap().fill(context, &Answers::new())
}

#[test]
fn variables_fill_from_the_context() {
    let text = fill(
        "Hi {customer.first_name} ({customer.name}, {customer.email}), I'm {agent.first_name} \
         from {chat.queue}; ticket {ticket.id}.",
        &context(),
    );
    assert_eq!(
        text.unwrap(),
        "Hi Ana (Ana Lima, ana@example.com), I'm Sam from Billing; ticket T-1042."
    );
}

#[test]
fn first_names_of_wide_and_emoji_names() {
    for (name, first) in [
        ("山田 太郎", "山田"),
        ("王小明", "王小明"),
        ("Zoë 🌸 Okafor", "Zoë"),
        ("😀Sam Lee", "😀Sam"),
        ("  José\u{3000}María ", "José"),
        ("Ana\nLima", "Ana"),
    ] {
        let c = Context {
            customer_name: name.into(),
            ..context()
        };
        assert_eq!(
            fill("Hi {customer.first_name}!", &c).unwrap(),
            format!("Hi {first}!")
        );
    }
    // A full name goes in on one line.
    let c = Context {
        customer_name: "Ana\n  Lima".into(),
        ..context()
    };
    assert_eq!(fill("{customer.name}", &c).unwrap(), "Ana Lima");
}

#[test]
fn a_missing_ticket_id_is_reported_not_blanked() {
    let library = Library::builtin();
    let ticket = library.get("ticket-opened").unwrap();
    let c = Context {
        ticket_id: None,
        ..context()
    };
    let gaps = ticket.fill(&c, &Answers::new()).unwrap_err();
    assert_eq!(gaps, [Gap::Variable(Variable::TicketId)]);
    assert_eq!(gaps[0].to_string(), "ticket id");
    let preview = ticket.preview(&c, &Answers::new());
    assert!(preview.text.contains("{ticket.id}"), "{}", preview.text);
    assert_eq!(preview.gaps, gaps);
    // A blank ticket id is just as missing.
    let blank = Context {
        ticket_id: Some(" ".into()),
        ..context()
    };
    assert!(ticket.fill(&blank, &Answers::new()).is_err());
}

#[test]
fn fill_in_fields_are_listed_prompted_and_filled() {
    let library = one("Order {ask:Order number} ships by {ask:Date}; order {ask:Order number}.");
    let r = library.get("r").unwrap();
    assert_eq!(r.fields(), ["Order number", "Date"]);

    let none = r.fill(&context(), &Answers::new()).unwrap_err();
    assert_eq!(
        none,
        [Gap::Field("Order number".into()), Gap::Field("Date".into())]
    );
    // A blank answer is no answer.
    let some = answers(&[("Order number", "A-77"), ("Date", "  ")]);
    assert_eq!(
        r.fill(&context(), &some).unwrap_err(),
        [Gap::Field("Date".into())]
    );
    assert_eq!(
        r.preview(&context(), &some).text,
        "Order A-77 ships by {ask:Date}; order A-77."
    );
    let all = answers(&[("Order number", " A-77 "), ("Date", "Friday 12 June")]);
    assert_eq!(
        r.fill(&context(), &all).unwrap(),
        "Order A-77 ships by Friday 12 June; order A-77."
    );
}

#[test]
fn literal_braces_survive_filling() {
    assert_eq!(
        fill("Use {{code}} here", &context()).unwrap(),
        "Use {code} here"
    );
}

proptest! {
    #[test]
    fn any_context_fills_every_builtin_response_on_its_own_lines(
        name in "[\\PC\n\r\t]{1,30}",
        email in "\\PC{1,30}",
    ) {
        prop_assume!(!name.trim().is_empty() && !email.trim().is_empty());
        let c = Context { customer_name: name, customer_email: email, ..context() };
        for r in Library::builtin().responses() {
            let given: Answers = r.fields().into_iter().map(|l| (l, "x".to_string())).collect();
            let text = r.fill(&c, &given).unwrap();
            // Values never add line breaks of their own.
            prop_assert_eq!(text.lines().count(), r.body().lines().count());
        }
    }
}

#[test]
fn the_ticket_response_promises_the_contact_the_customer_chose() {
    let library = Library::builtin();
    let ticket = library.get("ticket-opened").unwrap();
    let call_back = Context {
        ticket_contact: Some(chatdesk::protocol::PreferredContact::CallBack),
        ..context()
    };
    let said = ticket.fill(&call_back, &Answers::new()).unwrap();
    assert!(said.contains("We'll call you back"), "{said}");
    assert!(!said.contains("ana@example.com"), "{said}");
    let email = Context {
        ticket_contact: Some(chatdesk::protocol::PreferredContact::Email),
        ..context()
    };
    let said = ticket.fill(&email, &Answers::new()).unwrap();
    assert!(
        said.contains("We'll e-mail you at ana@example.com"),
        "{said}"
    );
    // Without a ticket, neither its reference nor its contact is known.
    let none = Context {
        ticket_id: None,
        ticket_contact: None,
        ..context()
    };
    let gaps = ticket.fill(&none, &Answers::new()).unwrap_err();
    assert_eq!(
        gaps,
        [
            Gap::Variable(Variable::TicketId),
            Gap::Variable(Variable::TicketContact)
        ]
    );
}
