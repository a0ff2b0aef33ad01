//! An agent's console and a lead's console side by side, the real binary in tmux against one
//! backend: the agent escalates a POC CODE, the lead claims and answers, the agent sees the
//! answer; the lead whispers and the customer never sees it.

use crate::common;

use chatdesk::protocol::Message;
use common::Backend;
use common::tmux::{Tmux, console_command, customer_reads};
use reqwest::Method;

#[tokio::test]
async fn an_agent_escalates_a_poc_code_and_the_lead_answers_in_tmux() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let lead = backend.person("lee", "lead", "billing");
    let (agent_home, lead_home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let dana = Tmux::start(
        &console_command(agent_home.path(), &backend.base, &agent.token),
        140,
        40,
    );
    let lee = Tmux::start(
        &console_command(lead_home.path(), &backend.base, &lead.token),
        140,
        40,
    );
    dana.wait_for("OFFLINE");
    lee.wait_for("Escalations");
    dana.keys(&["F2"]);
    dana.wait_for("AVAILABLE");

    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer
        .send(
            chat.id,
            "The shop says my device is locked and needs a code.",
            "c-1",
        )
        .await;
    dana.wait_for("New chat offered");
    dana.keys(&["F3"]);
    dana.wait_for("needs a code");
    // The lead sees the live chat on the monitor.
    lee.wait_for("Ana Lima");

    // F12: the templates; POC CODE is the second.
    dana.keys(&["F12"]);
    dana.wait_for("POC CODE");
    dana.keys(&["Down", "Enter"]);
    dana.wait_for("Appointment time");
    dana.text("C-4521");
    dana.keys(&["Tab"]);
    dana.text("UTR-7781");
    dana.keys(&["Tab"]);
    dana.text("14:30 CST");
    dana.keys(&["Tab"]);
    dana.text("45 minutes");
    dana.keys(&["Tab"]);
    dana.text("Too short");
    dana.keys(&["Enter"]);
    // The one-line reason is refused next to its field; nothing went out.
    dana.wait_for("Reason");
    let screen = dana.wait_for("⚠");
    assert!(screen.contains("POC CODE"), "{screen}");
    for _ in 0.."Too short".len() {
        dana.keys(&["BSpace"]);
    }
    dana.text(
        "The customer is at the shop and the technician cannot reach the service line. May we give an override code?",
    );
    dana.keys(&["Enter"]);
    dana.wait_for("POC CODE sent to the leads.");
    dana.wait_for("POC CODE → Leadership Assistance: open");

    // The lead claims it from the inbox and answers.
    lee.wait_for("POC CODE");
    lee.keys(&["Enter"]);
    lee.wait_for("Reply");
    lee.text("Yes: give code 4411 and note it on the account.");
    lee.keys(&["Enter"]);

    // The agent sees the answer in the pane.
    dana.wait_for("answered by lee");
    dana.wait_for("give code 4411");

    // The lead watches the chat and whispers; the agent sees it, the customer never does.
    lee.wait_for("Live chats");
    lee.keys(&["Down", "Enter"]);
    lee.wait_for("read-only");
    lee.text("Remember to note the code on the account.");
    lee.keys(&["Enter"]);
    dana.wait_for("whisper from lee");
    customer.send(chat.id, "Thanks!", "c-2").await;
    let transcript: Vec<Message> = customer_reads(&customer, chat.id, "Thanks!").await;
    assert!(
        transcript.iter().all(|m| !m.body.contains("note the code")),
        "{transcript:?}"
    );
    let raw = customer
        .request(Method::GET, &format!("/api/v1/chats/{}/messages", chat.id))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!raw.contains("whisper"), "{raw}");
    dana.keys(&["C-q"]);
    lee.keys(&["Escape", "C-q"]);
}

#[tokio::test]
async fn a_lead_closes_an_ended_chats_escalation_from_the_monitor_in_tmux() {
    use chatdesk::protocol::{Escalation, FieldValue, NewEscalation};

    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let lead = backend.person("lee", "lead", "billing");
    let home = tempfile::tempdir().unwrap();
    let lee = Tmux::start(
        &console_command(home.path(), &backend.base, &lead.token),
        120,
        40,
    );
    lee.wait_for("Escalations");

    // Dana escalates a POC CODE about Ana, then Ana's chat ends before any lead answers.
    let (chat, _customer) = backend.customer("Ana Lima", "billing").await;
    agent.pick_up(chat.id).await;
    let field = |id: &str, value: &str| FieldValue {
        id: id.into(),
        value: value.into(),
    };
    let new = NewEscalation {
        template: "poc-code".into(),
        fields: vec![
            field("cid", "C-1001"),
            field("utr", "UTR-2231"),
            field("appointment_time", "2:30 pm Central"),
            field("drive_time", "45 minutes"),
            field(
                "reason",
                "The customer is at the shop and the technician cannot reach the service \
                 line. Can someone give an override code today?",
            ),
        ],
    };
    let sent: Escalation = agent
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/escalations", chat.id),
            Some(&new),
        )
        .await;
    let _: chatdesk::protocol::AgentChat = agent.end(chat.id).await;

    // The lead sees it marked ended, with the key that closes it, and closes it.
    let screen = lee.wait_for("closes ended");
    assert!(screen.contains("ended"), "{screen}");
    lee.keys(&["c"]);
    lee.wait_for("Closing the POC CODE about Ana Lima");
    let deadline = std::time::Instant::now() + common::PATIENCE;
    loop {
        let now: Escalation = lead
            .ok(
                Method::GET,
                &format!("/api/v1/escalations/{}", sent.id),
                None::<&()>,
            )
            .await;
        if now.closed_at.is_some() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never closed: {now:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // It leaves the monitor.
    let deadline = std::time::Instant::now() + common::PATIENCE;
    while lee.screen().contains("POC CODE") {
        assert!(
            std::time::Instant::now() < deadline,
            "still on the monitor:\n{}",
            lee.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    lee.keys(&["C-q"]);
}
