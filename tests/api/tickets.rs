//! A ticket opened during the chat, against a real backend: its reference is there at once,
//! the wrap-up edits the same ticket, and an agent's message with a placeholder still in it
//! never reaches the customer.

use crate::common;

use chatdesk::protocol::{AgentChat, FollowUps, NewTicket, PreferredContact, Ticket, WrapUp};
use common::Backend;
use reqwest::{Method, StatusCode};

const NO_BODY: Option<&()> = None;

fn new_ticket(subject: &str, contact: PreferredContact) -> NewTicket {
    NewTicket {
        subject: subject.into(),
        contact,
        note: None,
    }
}

#[tokio::test]
async fn a_message_with_an_unfilled_variable_is_refused_and_names_it() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    agent.go_available().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    agent.pick_up(chat.id).await;

    for body in [
        "Your reference is {ticket.id}.",
        "Your reference is [ticket id].",
        "Order { ask:Order number } is on its way.",
    ] {
        let (status, problem) = agent
            .problem(
                Method::POST,
                &format!("/api/v1/chats/{}/messages", chat.id),
                Some(&chatdesk::protocol::NewMessage {
                    body: body.into(),
                    client_msg_id: uuid::Uuid::now_v7().to_string(),
                }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            problem.detail.contains("not filled in"),
            "{}",
            problem.detail
        );
        assert_eq!(
            problem.detail,
            chatdesk::policy::template::unfilled_problem(body).unwrap(),
            "the console's sentence, word for word"
        );
    }
    // The agent's own braces, and a customer's, are text.
    let (status, _) = agent
        .send(chat.id, "Use {{ and }} or {like this}.", "ok-1")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = customer
        .send(chat.id, "My ref was {ticket.id}?", "c-1")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let messages: Vec<chatdesk::protocol::Message> = agent
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/messages", chat.id),
            NO_BODY,
        )
        .await;
    assert!(
        !messages.iter().any(|m| m.body.contains("[ticket id]")
            || m.author == chatdesk::protocol::Party::Agent && m.body.contains("{ticket.id}")),
        "{messages:?}"
    );
}

#[tokio::test]
async fn a_ticket_opened_during_the_chat_has_its_reference_at_once_and_is_edited_at_wrap_up() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    agent.go_available().await;
    let (chat, _customer) = backend.customer("Ana Lima", "billing").await;
    let path = format!("/api/v1/chats/{}/ticket", chat.id);

    // Not before the chat is taken (it is nobody's yet), and never someone else's.
    let (status, _) = agent
        .problem(
            Method::PUT,
            &path,
            Some(&new_ticket("Charger", PreferredContact::Email)),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    agent.pick_up(chat.id).await;
    let other = backend.agent("lee", "billing");
    let (status, _) = other
        .problem(
            Method::PUT,
            &path,
            Some(&new_ticket("Charger", PreferredContact::Email)),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, problem) = agent
        .problem(
            Method::PUT,
            &path,
            Some(&new_ticket("  ", PreferredContact::Email)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.detail.contains("subject"), "{}", problem.detail);

    let opened: Ticket = agent
        .ok(
            Method::PUT,
            &path,
            Some(&new_ticket(
                "Replace the faulty charger",
                PreferredContact::CallBack,
            )),
        )
        .await;
    let reference = opened.reference();
    assert!(reference.starts_with("TK-"), "{reference}");
    let view: AgentChat = agent
        .ok(Method::GET, &format!("/api/v1/chats/{}", chat.id), NO_BODY)
        .await;
    assert_eq!(
        view.ticket.as_ref().map(Ticket::reference),
        Some(reference.clone())
    );

    // The reference can go to the customer now.
    let told = format!("I've opened a ticket; your reference is {reference}.");
    let (status, _) = agent.send(chat.id, &told, "told-1").await;
    assert_eq!(status, StatusCode::CREATED);

    // Editing keeps the reference.
    let edited: Ticket = agent
        .ok(
            Method::PUT,
            &path,
            Some(&new_ticket(
                "Replace the charger and cable",
                PreferredContact::CallBack,
            )),
        )
        .await;
    assert_eq!(edited.reference(), reference);
    assert_eq!(edited.subject, "Replace the charger and cable");

    // A wrap-up without a ticket leaves it as it is; one with a ticket edits the same one.
    let _: AgentChat = agent.end(chat.id).await;
    let disposition = format!("/api/v1/chats/{}/disposition", chat.id);
    let mut wrap_up = WrapUp {
        code: "resolved".into(),
        notes: "Charger replacement ticketed.".into(),
        tags: Vec::new(),
        commitment: None,
        ticket: None,
    };
    let done: AgentChat = agent.ok(Method::PUT, &disposition, Some(&wrap_up)).await;
    assert_eq!(
        done.ticket.as_ref().map(Ticket::reference),
        Some(reference.clone())
    );
    wrap_up.ticket = Some(new_ticket(
        "Charger, cable and case",
        PreferredContact::Email,
    ));
    let done: AgentChat = agent.ok(Method::PUT, &disposition, Some(&wrap_up)).await;
    let ticket = done.ticket.unwrap();
    assert_eq!(ticket.reference(), reference);
    assert_eq!(ticket.subject, "Charger, cable and case");
    assert_eq!(ticket.contact, PreferredContact::Email);
    let listed: FollowUps = agent.ok(Method::GET, "/api/v1/follow-ups", NO_BODY).await;
    assert_eq!(listed.tickets.len(), 1, "{listed:?}");
    assert_eq!(listed.tickets[0].reference(), reference);
}
