//! The real console binary in tmux against a real backend: an agent goes available, accepts an
//! offer with a key, answers, and a second chat splits the screen.

use crate::common;

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
    assert!(
        asked.contains("stay yours") && asked.contains("show as away"),
        "{asked}"
    );
    tmux.keys(&["y"]);
    // As it said: the chats stay Dana's, and she shows as away (no new offer comes to her).
    let deadline = std::time::Instant::now() + common::PATIENCE;
    loop {
        let me: chatdesk::protocol::Me = agent
            .ok(reqwest::Method::GET, "/api/v1/me", None::<&()>)
            .await;
        if me.presence == chatdesk::protocol::Presence::Away {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still {:?} after quitting",
            me.presence
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let me: chatdesk::protocol::Me = agent
        .ok(reqwest::Method::GET, "/api/v1/me", None::<&()>)
        .await;
    let still: chatdesk::protocol::AgentChat = agent
        .ok(
            reqwest::Method::GET,
            &format!("/api/v1/chats/{}", chat.id),
            None::<&()>,
        )
        .await;
    assert_eq!(still.state, chatdesk::protocol::ChatState::Active);
    assert_eq!(still.agent_id, Some(me.id));
    assert_eq!(me.active_chats, 2);
}

/// Waits until the console's log in `dir` (`console.DATE.log`) holds every one of `lines` (it is
/// written on a thread of its own); returns the log.
fn log_holding(dir: &std::path::Path, lines: &[&str]) -> String {
    let deadline = std::time::Instant::now() + common::PATIENCE;
    loop {
        let text: String = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|f| f.file_name().to_string_lossy().starts_with("console."))
            .map(|f| std::fs::read_to_string(f.path()).unwrap_or_default())
            .collect();
        if lines.iter().all(|line| text.contains(line)) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the log never held all of {lines:?}:\n{text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[tokio::test]
async fn the_console_log_tells_an_outage_and_refusals_but_no_message_text() {
    let mut backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let home = tempfile::tempdir().unwrap();
    // The XDG state directory, a file a day.
    let log = home.path().join("state/chatdesk");
    let command = common::tmux::console_command(home.path(), &backend.base, &agent.token);
    let tmux = Tmux::start(&command, 140, 40);
    tmux.wait_for("OFFLINE");
    tmux.keys(&["F2"]);
    tmux.wait_for("AVAILABLE");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer
        .send(chat.id, "My serial is QX-417-PRIVATE", "c-1")
        .await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    tmux.wait_for("QX-417-PRIVATE");

    // The backend goes away; what the agent writes meanwhile goes out once it is back.
    backend.kill_hard();
    tmux.wait_for("reconnecting");
    // A failure: going away while the backend cannot be reached.
    tmux.keys(&["F2"]);
    tmux.wait_for("unreachable");
    tmux.text("Thanks Ana, checking serial QX-417-PRIVATE now");
    tmux.keys(&["Enter"]);
    backend.restart();
    tmux.wait_for("Connected again.");
    // The customer's connections went with the old process.
    let customer = common::Client::new(&backend.base, &customer.token);
    common::tmux::customer_reads(
        &customer,
        chat.id,
        "Thanks Ana, checking serial QX-417-PRIVATE now",
    )
    .await;

    // A refusal: going available again before the ended chat is wrapped up.
    let _: serde_json::Value = customer.end(chat.id).await;
    tmux.wait_for("WRAP-UP");
    tmux.keys(&["F2"]);

    let text = log_holding(
        &log,
        &[
            "connection to the backend lost",
            "connection to the backend is back after",
            "set presence Away: failed, the backend is unreachable",
            "set presence Available: refused, 409",
        ],
    );
    for private in ["QX-417-PRIVATE", "Thanks Ana"] {
        assert!(!text.contains(private), "message text in the log:\n{text}");
    }
    println!("{text}");
}

#[tokio::test]
async fn at_80_by_24_the_focused_chat_has_the_room_and_the_checklist_covers_only_it() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing,device");
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("state/chatdesk");
    let command = common::tmux::console_command(home.path(), &backend.base, &agent.token);
    let tmux = Tmux::start(&command, 80, 24);
    tmux.wait_for("OFFLINE");
    tmux.keys(&["F2"]);
    tmux.wait_for("AVAILABLE");
    for (name, reason, text) in [
        ("Ana Lima", "billing", "My invoice shows the wrong plan."),
        (
            "Bo Chen",
            "device",
            "The screen stays black after the update.",
        ),
    ] {
        let (chat, customer) = backend.customer(name, reason).await;
        customer.send(chat.id, text, "c-1").await;
        tmux.wait_for("New chat offered");
        tmux.keys(&["F3"]);
        tmux.wait_for(&format!(" {name} · "));
    }
    // Ana's chat keeps the focus and the room; Bo's is one line with his wait. The other
    // chat's key swaps them.
    let screen = tmux.wait_for("▷ Bo Chen");
    println!("80×24, Ana's chat:\n{screen}");
    assert!(
        screen.contains("My invoice shows the wrong plan."),
        "{screen}"
    );
    tmux.keys(&["F6"]);
    tmux.wait_for("The screen stays black after the update.");
    let screen = tmux.wait_for("▷ Ana Lima");
    println!("80×24, two chats:\n{screen}");
    let ana: Vec<&str> = screen.lines().filter(|l| l.contains("Ana Lima")).collect();
    assert_eq!(ana.len(), 1, "{screen}");
    assert!(ana[0].contains("waiting"), "{screen}");
    // F9: Bo's checklist, drawn within Bo's pane, below Ana's line.
    tmux.keys(&["F9"]);
    let screen = tmux.wait_for("Verify ");
    println!("80×24, the checklist:\n{screen}");
    let lines: Vec<&str> = screen.lines().collect();
    let ana_row = lines.iter().position(|l| l.contains("▷ Ana Lima")).unwrap();
    let title_row = lines.iter().position(|l| l.contains("Verify ")).unwrap();
    assert!(lines[title_row].contains("Bo Chen"), "{screen}");
    assert!(title_row > ana_row, "{screen}");
    assert!(lines[ana_row].contains("waiting"), "{screen}");
    tmux.keys(&["Escape"]);

    // A reply with a placeholder left in it is refused: the sentence reads whole above the
    // keys, wrapped at word boundaries, and the log records the refusal without the text.
    tmux.wait_for("▷ Ana Lima");
    let draft = "Your reference is {ticket.id}, Bo.";
    tmux.text(draft);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Not sent:");
    println!("80×24, a refusal:\n{screen}");
    let read = screen.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let sentence = chatdesk::policy::template::unfilled_problem(draft).unwrap();
    assert!(
        read.contains(&sentence),
        "{sentence:?} is not whole:\n{screen}"
    );
    assert!(read.contains("opens the ticket."), "{screen}");
    let text = log_holding(&log, &["not sent by the console: a placeholder"]);
    assert!(
        !text.contains("Your reference"),
        "message text in the log:\n{text}"
    );
}

/// The SGR parameters of every `ESC [ … m` in `screen`, one list per sequence.
fn sgr_sequences(screen: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = screen;
    while let Some(at) = rest.find("\x1b[") {
        let after = &rest[at + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(after.len());
        if after[end..].starts_with('m') {
            found.push(after[..end].split(';').map(str::to_string).collect());
        }
        rest = &after[end..];
    }
    found
}

/// The colour parameters among `sequences`: 30–37, 38;…, 40–47, 48;…, 90–97, 100–107.
fn colours(sequences: &[Vec<String>]) -> Vec<String> {
    let mut colours = Vec::new();
    for params in sequences {
        let mut i = 0;
        while i < params.len() {
            let head = params[i].split(':').next().unwrap_or("");
            let n: u32 = head.parse().unwrap_or(0);
            match n {
                38 | 48 => {
                    colours.push(params[i..].join(";"));
                    break;
                }
                30..=37 | 40..=47 | 90..=97 | 100..=107 => colours.push(params[i].clone()),
                _ => {}
            }
            i += 1;
        }
    }
    colours
}

/// The attributes in effect where `text` starts on `screen`: the SGR parameters since the
/// last reset before it.
fn attributes_at(screen: &str, text: &str) -> Vec<u32> {
    let at = screen
        .find(text)
        .unwrap_or_else(|| panic!("{text:?} is not on screen:\n{screen}"));
    let mut on = Vec::new();
    for params in sgr_sequences(&screen[..at]) {
        for p in params {
            match p.parse::<u32>().unwrap_or(0) {
                0 => on.clear(),
                n => on.push(n),
            }
        }
    }
    on
}

#[tokio::test]
async fn with_no_color_the_console_draws_no_colour_and_every_badge_still_stands_out() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let home = tempfile::tempdir().unwrap();
    let command = common::tmux::console_command(home.path(), &backend.base, &agent.token).replacen(
        "env ",
        "env NO_COLOR=1 ",
        1,
    );
    let tmux = Tmux::start(&command, 120, 36);
    tmux.wait_for("OFFLINE");
    tmux.keys(&["F2"]);
    tmux.wait_for("AVAILABLE");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer.send(chat.id, "Where is my refund?", "c-1").await;
    tmux.wait_for("New chat offered");
    let offered = tmux.screen_with_styles();
    tmux.keys(&["F3"]);
    tmux.wait_for("Where is my refund?");
    tmux.wait_for("NOT VERIFIED");
    let chatting = tmux.screen_with_styles();
    for screen in [&offered, &chatting] {
        let sequences = sgr_sequences(screen);
        assert!(!sequences.is_empty(), "styles were captured:\n{screen}");
        assert_eq!(colours(&sequences), Vec::<String>::new(), "{screen:?}");
    }
    // The badges stand out by reverse video and bold, each still saying what it is.
    let reversed_bold = |screen: &str, text: &str| {
        let on = attributes_at(screen, text);
        assert!(
            on.contains(&7) && on.contains(&1),
            "{text:?} is not reversed and bold ({on:?}):\n{screen:?}"
        );
    };
    reversed_bold(&offered, " AVAILABLE ");
    reversed_bold(&chatting, " NOT VERIFIED 0/");
    let offer_key = attributes_at(&offered, " F3 ");
    assert!(offer_key.contains(&7), "the accept key: {offer_key:?}");
    // Hints are dim, the focused pane's border bold: quieter and louder than the text.
    assert!(attributes_at(&chatting, "Nobody is waiting.").contains(&2));
    assert!(attributes_at(&chatting, "▶ Ana Lima").contains(&1));

    // `--color always` wins over NO_COLOR (and shows this check finds colour when there is).
    let coloured = Tmux::start(&format!("{command} --color always"), 120, 36);
    coloured.wait_for("AVAILABLE");
    let screen = coloured.screen_with_styles();
    assert!(
        !colours(&sgr_sequences(&screen)).is_empty(),
        "--color always draws in colour:\n{screen:?}"
    );
}
