//! The real console binary in tmux against a real backend: an agent goes available, accepts an
//! offer with a key, answers, and a second chat splits the screen.

mod common;

use chatdesk::protocol::Party;
use common::Backend;
use common::tmux::Tmux;

#[tokio::test]
async fn an_agent_accepts_answers_and_gets_a_second_chat_in_tmux() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing,device");
    let home = tempfile::tempdir().unwrap();
    let command = common::tmux::console_command(home.path(), &backend.base, &agent.token);
    let tmux = Tmux::start(&command, 140, 40);
    tmux.wait_for("OFFLINE");
    tmux.keys(&["F2"]);
    tmux.wait_for("AVAILABLE");

    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer
        .send(chat.id, "Hello, is my refund on its way?", "c-1")
        .await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    tmux.wait_for("Hello, is my refund on its way?");
    tmux.text("Hi Ana, yes: it left on Monday.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Hi Ana, yes: it left on Monday.");

    // The customer reads the answer through the API, once.
    let transcript =
        common::tmux::customer_reads(&customer, chat.id, "Hi Ana, yes: it left on Monday.").await;
    assert_eq!(
        transcript
            .iter()
            .filter(|m| m.author == Party::Agent)
            .count(),
        1
    );

    // A canned response by shortcode: Tab expands it in the composer, Enter sends it.
    tmux.text("/else");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Is there anything else I can help you with today?");
    tmux.keys(&["Enter"]);
    common::tmux::customer_reads(
        &customer,
        chat.id,
        "Is there anything else I can help you with today?",
    )
    .await;

    // A second chat: the screen splits and the first pane keeps its transcript.
    backend.customer("Bo Chen", "device").await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    let screen = tmux.wait_for("Bo Chen · Device");
    assert!(screen.contains("Ana Lima · Billing"), "{screen}");
    assert!(screen.contains("chats 2/2"), "{screen}");
    // Quitting with live chats asks first, and says what becomes of them.
    tmux.keys(&["C-q"]);
    let asked = tmux.wait_for("Quit with live chats?");
    assert!(asked.contains("stay yours"), "{asked}");
    tmux.keys(&["y"]);
}
