//! One complete chat through the procedure, in the real console binary in tmux against a real
//! backend: accept, verify, hold with permission, reply, end, wrap up, available again.

use crate::common;

use chatdesk::protocol::{AgentChat, Party};
use common::Backend;
use common::tmux::{Tmux, console_command, customer_reads};
use reqwest::Method;

async fn chat_as_agent(agent: &common::Client, chat: uuid::Uuid) -> AgentChat {
    agent
        .ok(Method::GET, &format!("/api/v1/chats/{chat}"), None::<&()>)
        .await
}

fn find_file(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}

#[tokio::test]
async fn one_complete_chat_through_the_procedure_in_tmux() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing,orders");
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
        .send(chat.id, "Hi, my parcel has not arrived yet.", "c-1")
        .await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    tmux.wait_for("Hi, my parcel has not arrived yet.");
    tmux.wait_for("NOT VERIFIED 0/3");

    // Verify: the checklist, every item ticked with Space.
    tmux.keys(&["F9"]);
    tmux.wait_for("NOT VERIFIED: share no account details yet.");
    tmux.keys(&["Space", "Down", "Space", "Down", "Space"]);
    tmux.wait_for("Verified: account details may be shared.");
    tmux.keys(&["Escape"]);
    tmux.wait_for("✓ verified");
    let stored = chat_as_agent(&agent, chat.id).await;
    assert!(stored.verified_at.is_some(), "{stored:?}");
    assert!(stored.verification.iter().all(|c| c.done));

    // A curt reply asks first; N goes back with the text kept.
    tmux.text("ok");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Send this?");
    tmux.keys(&["n"]);
    tmux.keys(&["BSpace", "BSpace"]);

    // Hold, with the customer's permission.
    tmux.text("Thanks, Ana. May I put you on hold for a moment while I check?");
    tmux.keys(&["Enter"]);
    customer_reads(
        &customer,
        chat.id,
        "Thanks, Ana. May I put you on hold for a moment while I check?",
    )
    .await;
    customer.send(chat.id, "Sure, go ahead.", "c-2").await;
    tmux.wait_for("Sure, go ahead.");
    tmux.keys(&["C-o"]);
    tmux.wait_for("ON HOLD");
    assert!(chat_as_agent(&agent, chat.id).await.on_hold_since.is_some());
    tmux.keys(&["C-o"]);
    let deadline = std::time::Instant::now() + common::PATIENCE;
    while chat_as_agent(&agent, chat.id).await.on_hold_since.is_some() {
        assert!(std::time::Instant::now() < deadline, "hold never ended");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // Reply; the silence clock shows in the pane.
    tmux.text("Thank you for waiting, Ana: your parcel ships today. Anything else I can do?");
    tmux.keys(&["Enter"]);
    customer_reads(
        &customer,
        chat.id,
        "Thank you for waiting, Ana: your parcel ships today. Anything else I can do?",
    )
    .await;
    tmux.wait_for("No answer: the customer is nudged in");

    // End (asks first), then the wrap-up form.
    tmux.keys(&["F8"]);
    tmux.wait_for("End the chat with Ana Lima?");
    tmux.keys(&["y"]);
    tmux.wait_for("F8 to wrap up");
    tmux.wait_for("WRAP-UP");

    // The transcript, saved as text from the console.
    tmux.keys(&["C-x"]);
    tmux.wait_for("Save as text");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Transcript saved to");
    let saved = find_file(home.path(), &format!("chat-{}.txt", chat.id))
        .expect("the transcript file was written");
    let text = std::fs::read_to_string(saved).unwrap();
    assert!(text.contains("Sure, go ahead."), "{text}");

    tmux.keys(&["F8"]);
    tmux.wait_for("Wrap up the chat with Ana Lima");
    // Enter with nothing chosen or written names each problem next to its field; no
    // disposition is chosen for the agent.
    tmux.keys(&["Enter"]);
    tmux.wait_for("Notes are required");
    tmux.wait_for("Choose a disposition.");
    tmux.keys(&["Down"]);
    tmux.keys(&["Tab"]);
    tmux.text("Parcel delayed at the depot; confirmed it ships today.");
    tmux.keys(&["Tab"]);
    tmux.text("shipping, delay");
    tmux.keys(&["Enter"]);
    tmux.wait_for("you are available again");
    tmux.wait_for("AVAILABLE");

    let stored = chat_as_agent(&agent, chat.id).await;
    let disposition = stored.disposition.expect("a disposition was recorded");
    assert_eq!(
        disposition.notes,
        "Parcel delayed at the depot; confirmed it ships today."
    );
    assert_eq!(disposition.tags, vec!["shipping", "delay"]);
    let transcript = customer_reads(&customer, chat.id, "Sure, go ahead.").await;
    assert_eq!(
        transcript
            .iter()
            .filter(|m| m.author == Party::Agent)
            .count(),
        2,
        "the curt reply was never sent: {transcript:?}"
    );
    tmux.keys(&["C-q"]);
}

/// Waits until the console in `tmux` has quit (its screen no longer shows the header).
fn quit_and_wait(tmux: &Tmux) {
    tmux.keys(&["C-q"]);
    let deadline = std::time::Instant::now() + common::PATIENCE;
    while tmux.screen().contains("dana │") {
        assert!(
            std::time::Instant::now() < deadline,
            "the console did not quit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[tokio::test]
async fn the_wrap_up_form_is_as_it_was_left_after_quitting_and_starting_again() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let home = tempfile::tempdir().unwrap();
    let command = console_command(home.path(), &backend.base, &agent.token);
    let tmux = Tmux::start(&command, 80, 24);
    tmux.wait_for("OFFLINE");
    tmux.keys(&["F2"]);
    tmux.wait_for("AVAILABLE");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer.send(chat.id, "Was I charged twice?", "c-1").await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    tmux.wait_for("Was I charged twice?");
    let _: serde_json::Value = customer.end(chat.id).await;
    tmux.wait_for("WRAP-UP");

    tmux.keys(&["F8"]);
    tmux.wait_for("Wrap up the chat with Ana Lima");
    tmux.keys(&["Down", "Tab"]);
    tmux.text("Charged once; the second line was a hold.");
    tmux.keys(&["Tab"]);
    tmux.text("billing");
    tmux.wait_for("billing");
    quit_and_wait(&tmux);
    drop(tmux);

    // Started again: the form opens as it was left, and Enter records it.
    let tmux = Tmux::start(&command, 80, 24);
    tmux.wait_for("WRAP-UP");
    tmux.keys(&["F8"]);
    let screen = tmux.wait_for("Charged once; the second line was a hold.");
    println!("80×24, the wrap-up form after a restart:\n{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("No chat open.");
    let stored = chat_as_agent(&agent, chat.id).await;
    let disposition = stored.disposition.expect("a disposition was recorded");
    assert_eq!(
        disposition.notes,
        "Charged once; the second line was a hold."
    );
    assert_eq!(disposition.tags, vec!["billing"]);
    // Recorded, the kept form is gone from the disk.
    let name = format!("{}.wrap-up.json", chat.id);
    let deadline = std::time::Instant::now() + common::PATIENCE;
    while find_file(home.path(), &name).is_some() {
        assert!(std::time::Instant::now() < deadline, "{name} stayed");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    quit_and_wait(&tmux);
}
