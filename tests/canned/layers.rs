//! Layers: later files win by id and shortcode, and a broken file or response is reported with
//! its file and line while the rest still loads.

use chatdesk::canned::{
    AGENT_FILE, BUILTIN_NAME, BUILTIN_TEXT, Library, load_for_console, load_layers,
};

use crate::fixture::{ids, layer};

#[test]
fn later_layers_win_by_id_and_keep_the_order() {
    let team = layer("one-moment", "moment", "Team hold text?");
    let mine = format!(
        "{}\n{}",
        layer("one-moment", "moment", "My hold text?"),
        layer("my-own", "mine", "Something of mine.")
    );
    let (library, errors) = load_layers(&[
        (BUILTIN_NAME, BUILTIN_TEXT),
        ("team library", team.as_str()),
        ("/home/sam/.config/chatdesk/canned.toml", mine.as_str()),
    ]);
    assert!(errors.is_empty(), "{errors:?}");
    let builtin = Library::builtin();
    assert_eq!(library.len(), builtin.len() + 1);
    let hold = library.get("one-moment").unwrap();
    assert_eq!(hold.body(), "My hold text?");
    assert_eq!(hold.source(), "/home/sam/.config/chatdesk/canned.toml");
    // Overridden responses keep their place; new ones come last.
    assert_eq!(ids(&library.search(""))[1], "one-moment");
    assert_eq!(library.responses().last().unwrap().id(), "my-own");
    assert_eq!(ids(&library.search("")), {
        let mut expected = ids(&builtin.search(""));
        expected.push("my-own".into());
        expected
    });
}

#[test]
fn a_broken_layer_is_reported_and_the_others_still_load() {
    let team = "[[response]]\nid = \"team-one\"\ntitle = \"T\"\nshortcode = team\n";
    let mine = layer("my-own", "mine", "Mine.");
    let (library, errors) = load_layers(&[
        (BUILTIN_NAME, BUILTIN_TEXT),
        ("team library", team),
        ("canned.toml", mine.as_str()),
    ]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "team library");
    assert_eq!(errors[0].line, 4);
    assert!(library.get("one-moment").is_some());
    assert!(library.get("my-own").is_some());
    assert!(library.get("team-one").is_none());
}

#[test]
fn a_bad_response_is_skipped_and_the_rest_of_its_file_loads() {
    let text = format!(
        "{}\n{}\n{}",
        layer("good", "good", "Fine."),
        layer("empty", "empty", "   "),
        layer("also-good", "Also Good", "Bad shortcode.")
    );
    let (library, errors) = load_layers(&[("team library", text.as_str())]);
    assert_eq!(ids(&library.search("")), ["good"]);
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        shown,
        [
            "team library:11:8: response \"empty\": the body is empty",
            "team library:16:13: response \"also-good\": shortcode \"Also Good\" must be 1 to 32 \
             lower-case letters, digits, '-' or '_'",
        ]
    );
}

#[test]
fn an_unknown_variable_names_file_line_response_and_variable() {
    let text = format!(
        "{}\n[[response]]\nid = \"call-me\"\ntitle = \"Call\"\nshortcode = \"call\"\n\
         body = \"\"\"\nHi {{customer.first_name}},\nwe will ring {{customer.phone}}.\"\"\"\n",
        layer("fine", "fine", "Fine.")
    );
    let (library, errors) = load_layers(&[("canned.toml", text.as_str())]);
    assert!(library.get("fine").is_some());
    assert!(library.get("call-me").is_none());
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!((e.file.as_str(), e.line), ("canned.toml", 13), "{e}");
    assert!(e.problem.contains("\"call-me\""), "{e}");
    assert!(e.problem.contains("{customer.phone}"), "{e}");
}

#[test]
fn a_later_layer_takes_over_a_shortcode() {
    let mine = layer("my-hold", "moment", "Hang on?");
    let (library, errors) = load_layers(&[(BUILTIN_NAME, BUILTIN_TEXT), ("mine", mine.as_str())]);
    assert!(errors.is_empty());
    assert_eq!(library.by_shortcode("moment").unwrap().id(), "my-hold");
    assert!(library.get("one-moment").is_some(), "still in the picker");
}

#[test]
fn the_console_reads_the_agents_file_from_the_config_dir() {
    let dir = tempfile::tempdir().unwrap();
    // No file: the built-in library and the team's.
    let team = layer("team-one", "team", "From the team.");
    let (library, errors) =
        load_for_console(Some(("team library", team.as_str())), Some(dir.path()));
    assert!(errors.is_empty());
    assert!(library.get("team-one").is_some());

    std::fs::write(
        dir.path().join(AGENT_FILE),
        layer("anything-else", "else", "Anything more?"),
    )
    .unwrap();
    let (library, errors) = load_for_console(None, Some(dir.path()));
    assert!(errors.is_empty());
    assert_eq!(
        library.get("anything-else").unwrap().body(),
        "Anything more?"
    );

    // An unreadable file is named, and the rest loads.
    std::fs::remove_file(dir.path().join(AGENT_FILE)).unwrap();
    std::fs::create_dir(dir.path().join(AGENT_FILE)).unwrap();
    let (library, errors) = load_for_console(None, Some(dir.path()));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].file.ends_with(AGENT_FILE), "{}", errors[0]);
    assert!(
        errors[0].problem.starts_with("cannot be read"),
        "{}",
        errors[0]
    );
    assert_eq!(library.len(), Library::builtin().len());
}
