//! An agent's chat in the real console binary in tmux against a real backend: the hold key
//! asks the customer first and holds on their yes; a ticket opened during the chat gives its
//! reference at once, and a placeholder never goes out; Shift-Tab, as the terminal sends it,
//! goes back a field in the wrap-up form.

use crate::common;

use chatdesk::protocol::{AgentChat, Message, Party};
use common::Backend;
use common::tmux::{Tmux, console_command, customer_reads};
use reqwest::Method;

async fn chat_as_agent(agent: &common::Client, chat: uuid::Uuid) -> AgentChat {
    agent
        .ok(Method::GET, &format!("/api/v1/chats/{chat}"), None::<&()>)
        .await
}

async fn agent_said(customer: &common::Client, chat: uuid::Uuid, part: &str) -> Message {
    let deadline = std::time::Instant::now() + common::PATIENCE;
    loop {
        let transcript: Vec<Message> = customer
            .ok(
                Method::GET,
                &format!("/api/v1/chats/{chat}/messages"),
                None::<&()>,
            )
            .await;
        if let Some(m) = transcript
            .into_iter()
            .find(|m| m.author == Party::Agent && m.body.contains(part))
        {
            return m;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{part:?} never reached the customer"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn hold_asks_first_and_a_ticket_gives_its_reference_in_tmux() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(
        &console_command(home.path(), &backend.base, &agent.token),
        150,
        45,
    );
    tmux.wait_for("OFFLINE");
    tmux.keys(&["F2"]);
    tmux.wait_for("AVAILABLE");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer
        .send(chat.id, "Hi, my charger stopped working.", "c-1")
        .await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    tmux.wait_for("Hi, my charger stopped working.");

    // Ctrl-O before asking: the question goes in the composer, nothing is held.
    tmux.keys(&["C-o"]);
    tmux.wait_for("once they say yes");
    assert!(chat_as_agent(&agent, chat.id).await.on_hold_since.is_none());
    tmux.keys(&["Enter"]);
    agent_said(&customer, chat.id, "put you on hold").await;
    assert!(chat_as_agent(&agent, chat.id).await.on_hold_since.is_none());
    customer.send(chat.id, "Sure, no problem.", "c-2").await;
    tmux.wait_for("ON HOLD");
    assert!(chat_as_agent(&agent, chat.id).await.on_hold_since.is_some());
    tmux.keys(&["C-o"]);
    let deadline = std::time::Instant::now() + common::PATIENCE;
    while chat_as_agent(&agent, chat.id).await.on_hold_since.is_some() {
        assert!(std::time::Instant::now() < deadline, "hold never ended");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // A placeholder typed by hand is stopped and named.
    tmux.text("Your reference is {ticket.id}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Not sent: {ticket.id} is not filled in");
    tmux.keys(&["C-u"]);
    for _ in 0.."Your reference is {ticket.id}".len() {
        tmux.keys(&["BSpace"]);
    }

    // The ticket response opens the ticket first; its reference goes in once it exists.
    tmux.text("/ticket");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Open a ticket");
    tmux.text("Replace the charger");
    tmux.keys(&["Tab", "Left", "Enter"]);
    tmux.wait_for("its reference is in your reply");
    let ticket = chat_as_agent(&agent, chat.id)
        .await
        .ticket
        .expect("the ticket is stored");
    let reference = ticket.reference();
    tmux.wait_for(&format!("ticket {reference}"));
    tmux.keys(&["Enter"]);
    let told = agent_said(&customer, chat.id, &reference).await;
    assert!(
        !told.body.contains('{') && !told.body.contains("[ticket"),
        "{}",
        told.body
    );
    // Ana asked for a call back (Left above), and is promised one, not e-mails.
    assert!(told.body.contains("We'll call you back"), "{}", told.body);
    assert!(!told.body.contains("@example.com"), "{}", told.body);
    let transcript = customer_reads(&customer, chat.id, &told.body).await;
    assert!(
        !transcript.iter().any(|m| m.body.contains("{ticket.id}")),
        "{transcript:?}"
    );
    println!("{}", tmux.screen());
}

#[tokio::test]
async fn shift_tab_goes_back_a_field_in_the_wrap_up_form_in_tmux() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let home = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(
        &console_command(home.path(), &backend.base, &agent.token),
        80,
        24,
    );
    tmux.wait_for("OFFLINE");
    tmux.keys(&["F2"]);
    tmux.wait_for("AVAILABLE");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer.send(chat.id, "Is my refund through?", "c-1").await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    tmux.wait_for("Is my refund through?");
    tmux.keys(&["F8"]);
    tmux.wait_for("End the chat");
    tmux.keys(&["y"]);
    tmux.wait_for("F8 to wrap up");
    tmux.keys(&["F8"]);
    tmux.wait_for("Wrap up the chat with Ana Lima");
    // Disposition → Notes → Tags, then Shift-Tab (ESC [ Z) back to the notes.
    tmux.keys(&["Tab"]);
    tmux.text("Refund confirmed");
    tmux.keys(&["Tab"]);
    tmux.text("refund");
    tmux.keys(&["BTab"]);
    tmux.text(" today");
    tmux.wait_for("Refund confirmed today");
    // Once more: back on the list, where Up chooses the first code, in view at 80×24.
    tmux.keys(&["BTab", "Up"]);
    tmux.wait_for("◉ Resolved");
    println!("{}", tmux.screen());
}
