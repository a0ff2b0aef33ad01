//! `chatdesk demo --lead` in tmux: the lead's console on a floor of simulated agents and
//! customers fills up — agents working, live chats, an escalation waiting — and the captured
//! screen is printed into the test's output.

use crate::common;

use std::time::{Duration, Instant};

use common::tmux::Tmux;

#[test]
fn the_lead_demo_shows_a_full_monitor() {
    let dir = tempfile::tempdir().unwrap();
    // A console of its own: no user config, the default keymap.
    let command = format!(
        "env HOME={home} XDG_CONFIG_HOME={home}/config XDG_DATA_HOME={home}/data \
         {bin} demo --lead --every 1",
        home = dir.path().display(),
        bin = common::BIN
    );
    let tmux = Tmux::start(&command, 160, 45);
    tmux.wait_for("Lee (demo lead)");
    // Simulated agents accept within seconds; escalations come after a few turns.
    let deadline = Instant::now() + Duration::from_secs(150);
    let full = |screen: &str| {
        let agents = screen
            .lines()
            .filter(|l| l.contains("available") || l.contains("wrap-up"))
            .count();
        agents >= 8
            && screen.contains("waiting ")
            && screen.contains("POC CODE")
            && !screen.contains("Live chats (0)")
    };
    let screen = loop {
        let screen = tmux.screen();
        if full(&screen) {
            break screen;
        }
        assert!(
            Instant::now() < deadline,
            "the floor never filled:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(500));
    };
    println!("chatdesk demo --lead, 160x45:\n{screen}");
    assert!(
        screen.contains("Agents (12"),
        "a dozen simulated agents:\n{screen}"
    );
    assert!(screen.contains("Escalations ("), "{screen}");
    assert!(screen.contains("Queues (4)"), "{screen}");
    // The lead moves through the lists; Enter on a live chat watches it.
    tmux.keys(&["Down", "Down"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["C-q"]);
}
