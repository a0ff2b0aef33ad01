//! Keymaps: parsing, overriding, conflicts reported with file and line, and the generated help.

use std::io::Write;

use chatdesk::console::keymap::{Intent, Key, Keymap, Place};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn event(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn overrides(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    (dir, path)
}

#[test]
fn keys_parse_in_any_case_and_show_tidily() {
    assert_eq!(Key::parse("Ctrl-Q").unwrap().to_string(), "Ctrl-Q");
    assert_eq!(Key::parse("alt-enter").unwrap().to_string(), "Alt-Enter");
    assert_eq!(Key::parse("f12").unwrap().to_string(), "F12");
    assert_eq!(Key::parse("?").unwrap().to_string(), "?");
    assert!(Key::parse("f13").is_err());
    assert!(Key::parse("hyper-x").is_err());
}

#[test]
fn the_default_keymap_means_what_the_footer_says() {
    let map = Keymap::builtin("default").unwrap();
    assert_eq!(
        map.intent(Place::Composer, &event(KeyCode::F(3), KeyModifiers::NONE)),
        Some(Intent::AcceptOffer)
    );
    assert_eq!(
        map.intent(Place::Composer, &event(KeyCode::Enter, KeyModifiers::ALT)),
        Some(Intent::Newline)
    );
    assert_eq!(
        map.intent(
            Place::Composer,
            &event(KeyCode::Char('?'), KeyModifiers::NONE)
        ),
        None,
        "typing"
    );
    assert_eq!(
        map.intent(Place::Home, &event(KeyCode::Char('?'), KeyModifiers::SHIFT)),
        Some(Intent::Help)
    );
    assert_eq!(
        map.intent(Place::Queue, &event(KeyCode::Enter, KeyModifiers::NONE)),
        Some(Intent::Choose)
    );
    assert_eq!(
        map.intent(
            Place::Queue,
            &event(KeyCode::Char('q'), KeyModifiers::CONTROL)
        ),
        Some(Intent::Quit)
    );
    assert!(
        map.footer()
            .iter()
            .any(|(key, what)| key == "F9" && *what == "verify")
    );
    assert_eq!(
        map.intent(
            Place::Composer,
            &event(KeyCode::Char('o'), KeyModifiers::CONTROL)
        ),
        Some(Intent::ToggleHold)
    );
    // In the wrap-up form letters are typed into its fields.
    assert_eq!(
        map.intent(Place::Form, &event(KeyCode::Char('y'), KeyModifiers::NONE)),
        None
    );
}

#[test]
fn vim_moves_with_j_and_k() {
    let map = Keymap::builtin("vim").unwrap();
    assert_eq!(
        map.intent(Place::Queue, &event(KeyCode::Char('j'), KeyModifiers::NONE)),
        Some(Intent::Down)
    );
    assert_eq!(
        map.intent(Place::Queue, &event(KeyCode::Char('k'), KeyModifiers::NONE)),
        Some(Intent::Up)
    );
}

/// The terminal event of a key as keymap files write it (`ctrl-o`, `alt-m`, `f9`, `enter`, `j`).
fn pressed(text: &str) -> KeyEvent {
    let (mods, rest) = match text.split_once('-') {
        Some(("ctrl", rest)) => (KeyModifiers::CONTROL, rest),
        Some(("alt", rest)) => (KeyModifiers::ALT, rest),
        _ => (KeyModifiers::NONE, text),
    };
    let code = match rest {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "right" => KeyCode::Right,
        "space" => KeyCode::Char(' '),
        f if f.len() > 1 => KeyCode::F(f[1..].parse().unwrap()),
        c => KeyCode::Char(c.chars().next().unwrap()),
    };
    event(code, mods)
}

/// Each key does its action in its place, or nothing (`None`).
fn resolves(map: &Keymap, cases: &[(Place, &str, Option<Intent>)]) {
    for (place, key, intent) in cases {
        let got = map.intent(*place, &pressed(key));
        assert_eq!(got, *intent, "{key} in {place:?}");
    }
}

#[test]
fn vim_keeps_the_default_keys_it_does_not_name() {
    use Intent::*;
    let map = Keymap::builtin("vim").unwrap();
    for (key, intent) in [
        ("f9", Verification),
        ("f10", ShowFollowUps),
        ("ctrl-o", ToggleHold),
        ("ctrl-t", TransferChat),
        ("ctrl-g", InsertSuggested),
        ("ctrl-x", ExportTranscript),
        ("f12", Escalate),
        ("ctrl-l", ToggleMonitor),
        ("alt-m", ShowMissed),
        ("alt-r", ShowReviews),
    ] {
        resolves(&map, &[(Place::Home, key, Some(intent))]);
        resolves(&map, &[(Place::Composer, key, Some(intent))]);
    }
    // Inside the places those keys open, too.
    resolves(
        &map,
        &[
            (Place::Reviews, "f", Some(FilterReviews)),
            (Place::Reviews, "x", Some(ClearFilters)),
            (Place::Reviews, "enter", Some(Choose)),
            (Place::Review, "enter", Some(Choose)),
            (Place::Review, "esc", Some(Close)),
            (Place::ReviewFilter, "ctrl-u", Some(ClearFilters)),
            (Place::Missed, "right", Some(SwitchChoice)),
            (Place::Missed, "enter", Some(Choose)),
            (Place::Monitor, "enter", Some(Choose)),
            (Place::Monitor, "up", Some(Up)),
            (Place::Checklist, "space", Some(Toggle)),
            (Place::Checklist, "f9", Some(Close)),
            (Place::Checklist, "down", Some(Down)),
            (Place::Form, "tab", Some(NextField)),
            (Place::Form, "f8", Some(Choose)),
        ],
    );
    // Every action of every place of the default keymap still has keys.
    let vim = map.help();
    for (title, rows) in Keymap::builtin("default").unwrap().help() {
        let (_, theirs) = vim.iter().find(|(t, _)| *t == title).unwrap();
        for (_, what) in rows {
            assert!(theirs.iter().any(|(_, w)| *w == what), "{title}: {what}");
        }
    }
    assert!(map.footer().contains(&("F9".to_string(), "verify")));
}

#[test]
fn vims_own_keys_win_where_it_names_an_action() {
    use Intent::*;
    let map = Keymap::builtin("vim").unwrap();
    resolves(
        &map,
        &[
            (Place::Queue, "l", Some(Choose)),
            (Place::Queue, "q", Some(Close)),
            (Place::Help, "g", Some(First)),
            (Place::Help, "G", Some(Last)),
            (Place::Monitor, "j", Some(Down)),
            (Place::Reviews, "j", Some(Down)),
            (Place::Reviews, "down", Some(Down)),
            (Place::Checklist, "k", Some(Up)),
            (Place::Composer, "ctrl-w", Some(NextPane)),
            (Place::Home, "ctrl-b", Some(ScrollBack)),
        ],
    );
    // The help and `chatdesk keys --keymap vim` show the layered keys.
    let help = map.help();
    let queue = help.iter().find(|(t, _)| *t == "The queue").unwrap();
    assert!(
        queue.1.contains(&("k / Up".to_string(), "Move up")),
        "{queue:?}"
    );
    let doc = map.markdown("vim");
    assert!(doc.contains("`keymaps/vim.toml` laid over `keymaps/default.toml`"));
    assert!(doc.contains("| Alt-r | Show reviews"), "{doc}");
    assert!(doc.contains("| k / Up | Move up |"), "{doc}");
}

#[test]
fn keymap_toml_over_vim_replaces_an_actions_keys_in_that_place_only() {
    let (_dir, path) = overrides("[queue]\n\"n\" = \"down\"\n");
    let map = Keymap::load("vim", Some(&path)).unwrap();
    resolves(
        &map,
        &[
            (Place::Queue, "n", Some(Intent::Down)),
            (Place::Queue, "j", None),
            (Place::Queue, "down", None),
            (Place::Queue, "k", Some(Intent::Up)),
            (Place::Monitor, "j", Some(Intent::Down)),
        ],
    );
}

#[test]
fn a_key_left_on_two_actions_after_layering_names_the_file_the_line_and_both_actions() {
    // F3 still accepts in default.toml, since accept_offer is not named here.
    let (_dir, path) = overrides("[global]\n\"f3\" = \"decline_offer\"\n");
    let err = Keymap::load("default", Some(&path)).unwrap_err();
    assert!(err.file.ends_with("keymap.toml"), "{err}");
    assert_eq!(err.line, 2, "{err}");
    let default = include_str!("../../keymaps/default.toml");
    let line = 1 + default
        .lines()
        .position(|l| l == "\"f3\" = \"accept_offer\"")
        .unwrap();
    assert_eq!(
        err.problem,
        format!(
            "\"f3\" in [global] is bound to decline_offer here, and to accept_offer at \
             keymaps/default.toml (built in) line {line}; name accept_offer here too, with other keys"
        )
    );
    // Over vim, the other binding is vim's.
    let (_dir, path) = overrides("[queue]\n\n\"j\" = \"close\"\n");
    let err = Keymap::load("vim", Some(&path)).unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    for word in ["close", "down", "keymaps/vim.toml"] {
        assert!(err.problem.contains(word), "{word}: {err}");
    }
    // Giving the displaced action other keys settles it; decline_offer's F4 is replaced.
    let (_dir, path) =
        overrides("[global]\n\"f3\" = \"decline_offer\"\n\"ctrl-y\" = \"accept_offer\"\n");
    let map = Keymap::load("default", Some(&path)).unwrap();
    resolves(&map, &[(Place::Home, "f4", None)]);
}

#[test]
fn an_override_rebinds_one_key_and_keeps_the_rest() {
    let (_dir, path) =
        overrides("[global]\n\"ctrl-y\" = \"accept_offer\"\n\"f3\" = \"decline_offer\"\n");
    let map = Keymap::load("default", Some(&path)).unwrap();
    assert_eq!(
        map.intent(
            Place::Composer,
            &event(KeyCode::Char('y'), KeyModifiers::CONTROL)
        ),
        Some(Intent::AcceptOffer)
    );
    assert_eq!(
        map.intent(Place::Composer, &event(KeyCode::F(3), KeyModifiers::NONE)),
        Some(Intent::DeclineOffer)
    );
    assert_eq!(
        map.intent(Place::Composer, &event(KeyCode::F(2), KeyModifiers::NONE)),
        Some(Intent::CyclePresence)
    );
}

#[test]
fn two_actions_on_one_key_name_the_file_the_line_and_both_actions() {
    let (_dir, path) = overrides("[queue]\n\"enter\" = \"choose\"\n\"Enter\" = \"close\"\n");
    let err = Keymap::load("default", Some(&path)).unwrap_err();
    assert!(err.file.ends_with("keymap.toml"), "{err}");
    assert_eq!(err.line, 3, "{err}");
    assert!(
        err.problem.contains("choose") && err.problem.contains("close"),
        "{err}"
    );
}

#[test]
fn unknown_actions_places_and_keys_are_errors_with_their_line() {
    for (text, line, word) in [
        ("[global]\n\"f9\" = \"make_coffee\"\n", 2, "make_coffee"),
        ("[kitchen]\n\"f9\" = \"quit\"\n", 1, "kitchen"),
        ("[global]\n\n\"hyper-q\" = \"quit\"\n", 3, "hyper-q"),
        ("[composer]\n\"x\" = \"send\"\n", 2, "typed"),
    ] {
        let (_dir, path) = overrides(text);
        let err = Keymap::load("default", Some(&path)).unwrap_err();
        assert_eq!(err.line, line, "{err}");
        assert!(err.to_string().contains(word), "{err}");
    }
}

#[test]
fn docs_keys_md_is_generated_from_the_default_keymap() {
    let generated = Keymap::builtin("default").unwrap().markdown("default");
    let written =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md")).unwrap();
    assert!(
        written == generated,
        "docs/keys.md is stale; regenerate it with: cargo run -- keys > docs/keys.md"
    );
}
