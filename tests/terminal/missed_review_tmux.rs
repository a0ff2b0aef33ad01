//! After the live work, in the real binary in tmux against one backend: an agent follows up a
//! customer who left the queue from the missed list, and a lead filters the reviews, opens a
//! chat with its flag marked at the message, and scores it — which the agent then sees.

use crate::common;

use chatdesk::protocol::{FollowUpAction, MissedChat, Review, WrapUp};
use common::Backend;
use common::tmux::{Tmux, console_command};
use reqwest::Method;
use serde_json::Value;

const NO_BODY: Option<&()> = None;

#[tokio::test]
async fn a_missed_chat_is_followed_up_and_a_lead_scores_a_filtered_review_in_tmux() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let lead = backend.person("lee", "lead", "billing");

    // Ben leaves the queue before anyone answers.
    let (gone, ben) = backend.customer("Ben Ortiz", "billing").await;
    ben.send(gone.id, "My invoice shows the wrong plan.", "c-1")
        .await;
    let _: Value = ben.end(gone.id).await;

    // Dana answers Cara: the greeting first, then the refund before verifying her.
    let (served, cara) = backend.customer("Cara Diaz", "billing").await;
    agent.pick_up(served.id).await;
    agent
        .send(
            served.id,
            "Hi Cara, thanks for contacting Acme Devices Billing support. I'm Dana, and I'll be \
             looking after you today. How can I help?",
            "a-1",
        )
        .await;
    cara.send(served.id, "Where is my refund?", "c-1").await;
    agent
        .send(
            served.id,
            "Your refund of 40 EUR went out yesterday.",
            "a-2",
        )
        .await;
    let _: Value = agent.end(served.id).await;
    let wrap = WrapUp {
        code: "resolved".to_string(),
        notes: "Refund confirmed.".to_string(),
        tags: Vec::new(),
        commitment: None,
        ticket: None,
    };
    let path = format!("/api/v1/chats/{}/disposition", served.id);
    let _: Value = agent.ok(Method::PUT, &path, Some(&wrap)).await;

    let (agent_home, lead_home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let dana = Tmux::start(
        &console_command(agent_home.path(), &backend.base, &agent.token),
        120,
        36,
    );
    let lee = Tmux::start(
        &console_command(lead_home.path(), &backend.base, &lead.token),
        120,
        36,
    );

    // The missed list: counted in the header, claimed with Enter, followed up with a note.
    dana.wait_for("missed 1");
    dana.keys(&["M-m"]);
    dana.wait_for("Missed chats (1)");
    let list = dana.wait_for("left the queue");
    assert!(
        list.contains("Ben Ortiz") && list.contains("wrong plan"),
        "{list}"
    );
    dana.keys(&["Enter"]);
    dana.wait_for("Follow-up: e-mailed");
    dana.keys(&["Right"]);
    dana.wait_for("Follow-up: called");
    dana.text("Called Ben, plan corrected on the invoice.");
    dana.keys(&["Enter"]);
    let emptied = dana.wait_for("Missed chats (0)");
    let header = emptied.lines().next().unwrap_or_default();
    assert!(
        !header.contains("missed"),
        "nothing left to count: {header}"
    );
    let done: Vec<MissedChat> = agent
        .ok(Method::GET, "/api/v1/missed?include=done", NO_BODY)
        .await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].follow_up_action, Some(FollowUpAction::Called));
    assert_eq!(
        done[0].follow_up_note.as_deref(),
        Some("Called Ben, plan corrected on the invoice.")
    );
    dana.keys(&["Escape"]);

    // The lead filters the reviews by agent, day, disposition and flag.
    lee.wait_for("Escalations");
    lee.keys(&["M-r"]);
    lee.wait_for("Reviews (1)");
    lee.keys(&["f"]);
    lee.wait_for("Filter reviews");
    lee.text("dana");
    lee.keys(&["Tab"]);
    lee.text("today");
    lee.keys(&["Tab", "Tab"]);
    lee.text("resolved");
    lee.keys(&["Tab", "Right", "Enter"]);
    let filtered = lee.wait_for("Reviews (1) · filtered");
    assert!(
        filtered.contains("agent dana") && filtered.contains("flag unverified"),
        "{filtered}"
    );
    assert!(filtered.contains("Cara Diaz"), "{filtered}");

    // The transcript marks the refund, not the greeting; the lead scores it.
    lee.keys(&["Enter"]);
    let opened = lee.wait_for("Spoke of the account before the customer was verified");
    let lines: Vec<&str> = opened.lines().collect();
    let mark = lines
        .iter()
        .position(|l| l.contains("Spoke of the account"))
        .unwrap();
    assert!(lines[mark - 1].contains("refund of 40 EUR"), "{opened}");
    assert_eq!(opened.matches("⚑ unverified").count(), 1, "{opened}");
    lee.text("4");
    lee.text("Verify before talking about the refund.");
    lee.keys(&["Enter"]);
    lee.wait_for("Score 4/5 by lee");
    let reviews: Vec<Review> = agent.ok(Method::GET, "/api/v1/reviews", NO_BODY).await;
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].score, Some(4));

    // The agent sees the lead's score on her own chat.
    dana.keys(&["M-r"]);
    // The heading shows before the list arrives; wait for the score itself.
    let own = dana.wait_for("4/5");
    assert!(own.contains("your own chats"), "{own}");
    dana.keys(&["Enter"]);
    dana.wait_for("Verify before talking about the refund.");
}
