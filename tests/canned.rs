//! Canned responses: the built-in library, filling, fill-in fields, layering, errors, shortcode
//! expansion and fuzzy search.

use chatdesk::canned::{
    AGENT_FILE, Answers, BUILTIN_NAME, BUILTIN_TEXT, Context, Finder, Gap, Library, Variable,
    load_for_console, load_layers,
};
use proptest::prelude::*;

fn context() -> Context {
    Context {
        customer_name: "Ana Lima".into(),
        customer_email: "ana@example.com".into(),
        agent_name: "Sam Okafor".into(),
        queue_name: "Billing".into(),
        ticket_id: Some("T-1042".into()),
    }
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// One response as a TOML layer.
fn layer(id: &str, shortcode: &str, body: &str) -> String {
    format!(
        "[[response]]\nid = \"{id}\"\ntitle = \"Title of {id}\"\nshortcode = \"{shortcode}\"\nbody = \"{body}\"\n"
    )
}

fn ids(responses: &[&chatdesk::canned::Response]) -> Vec<String> {
    responses.iter().map(|r| r.id().to_string()).collect()
}

// --- The built-in library -------------------------------------------------------------------

#[test]
fn the_builtin_library_has_the_procedures_responses() {
    let library = Library::builtin();
    for id in [
        "one-moment",
        "still-there",
        "inactivity-disconnect",
        "anything-else",
        "positive-close",
        "investigating",
        "ticket-opened",
        "transfer-notice",
        "verify-identity",
        "card-refusal",
        "international-orders",
        "office-hours",
    ] {
        let r = library.get(id).unwrap_or_else(|| panic!("{id} is missing"));
        assert!(!r.title().is_empty() && !r.tags().is_empty(), "{id}");
        assert_eq!(r.source(), BUILTIN_NAME);
    }
    // Holding asks permission first.
    assert!(library.get("one-moment").unwrap().body().contains('?'));
    let uses = |id: &str, v: Variable| library.get(id).unwrap().variables().contains(&v);
    assert!(uses("inactivity-disconnect", Variable::CustomerFirstName));
    assert!(uses("ticket-opened", Variable::TicketId));
    // The verification request is not itself sensitive; what reveals account details is.
    assert!(
        library
            .get("verify-identity")
            .unwrap()
            .has_tag("verification")
    );
    assert!(!library.get("verify-identity").unwrap().needs_verification());
    for id in ["order-status", "delivery-date", "email-on-file"] {
        let r = library.get(id).unwrap();
        assert!(r.needs_verification(), "{id}");
        assert!(!r.fields().is_empty(), "{id} has fill-in fields");
    }
    let card = library.get("card-refusal").unwrap().body().to_lowercase();
    assert!(card.contains("card numbers") && card.contains("call you"));
}

#[test]
fn every_builtin_response_fills_cleanly() {
    let library = Library::builtin();
    let mut all = String::new();
    for r in library.responses() {
        let given: Answers = r
            .fields()
            .into_iter()
            .map(|label| (label.clone(), format!("<{label}>")))
            .collect();
        let text = r
            .fill(&context(), &given)
            .unwrap_or_else(|gaps| panic!("{} has gaps {gaps:?}", r.id()));
        assert!(!text.contains(['{', '}', '[']), "{}: {text}", r.id());
        assert!(text.chars().count() <= 4000, "{}", r.id());
        all.push_str(&format!("## {} /{}\n{text}\n\n", r.id(), r.shortcode()));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn shortcodes_and_ids_are_unique_in_the_builtin_file() {
    let (library, errors) = load_layers(&[(BUILTIN_NAME, BUILTIN_TEXT)]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut codes: Vec<&str> = library.responses().iter().map(|r| r.shortcode()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), library.len());
}

// --- Filling --------------------------------------------------------------------------------

fn one(body: &str) -> Library {
    let (library, errors) = load_layers(&[("t.toml", layer("r", "r", body))]);
    assert!(errors.is_empty(), "{errors:?}");
    library
}

fn fill(body: &str, context: &Context) -> Result<String, Vec<Gap>> {
    one(body).get("r").unwrap().fill(context, &Answers::new())
}

#[test]
fn variables_fill_from_the_context() {
    let text = fill(
        "Hi {customer.first_name} ({customer.name}, {customer.email}), I'm {agent.first_name} \
         from {chat.queue}; ticket {ticket.id}.",
        &context(),
    );
    assert_eq!(
        text.unwrap(),
        "Hi Ana (Ana Lima, ana@example.com), I'm Sam from Billing; ticket T-1042."
    );
}

#[test]
fn first_names_of_wide_and_emoji_names() {
    for (name, first) in [
        ("山田 太郎", "山田"),
        ("王小明", "王小明"),
        ("Zoë 🌸 Okafor", "Zoë"),
        ("😀Sam Lee", "😀Sam"),
        ("  José\u{3000}María ", "José"),
        ("Ana\nLima", "Ana"),
    ] {
        let c = Context {
            customer_name: name.into(),
            ..context()
        };
        assert_eq!(
            fill("Hi {customer.first_name}!", &c).unwrap(),
            format!("Hi {first}!")
        );
    }
    // A full name goes in on one line.
    let c = Context {
        customer_name: "Ana\n  Lima".into(),
        ..context()
    };
    assert_eq!(fill("{customer.name}", &c).unwrap(), "Ana Lima");
}

#[test]
fn a_missing_ticket_id_is_reported_not_blanked() {
    let library = Library::builtin();
    let ticket = library.get("ticket-opened").unwrap();
    let c = Context {
        ticket_id: None,
        ..context()
    };
    let gaps = ticket.fill(&c, &Answers::new()).unwrap_err();
    assert_eq!(gaps, [Gap::Variable(Variable::TicketId)]);
    assert_eq!(gaps[0].to_string(), "ticket id");
    let preview = ticket.preview(&c, &Answers::new());
    assert!(preview.text.contains("[ticket id]"), "{}", preview.text);
    assert_eq!(preview.gaps, gaps);
    // A blank ticket id is just as missing.
    let blank = Context {
        ticket_id: Some(" ".into()),
        ..context()
    };
    assert!(ticket.fill(&blank, &Answers::new()).is_err());
}

#[test]
fn fill_in_fields_are_listed_prompted_and_filled() {
    let library = one("Order {ask:Order number} ships by {ask:Date}; order {ask:Order number}.");
    let r = library.get("r").unwrap();
    assert_eq!(r.fields(), ["Order number", "Date"]);

    let none = r.fill(&context(), &Answers::new()).unwrap_err();
    assert_eq!(
        none,
        [Gap::Field("Order number".into()), Gap::Field("Date".into())]
    );
    // A blank answer is no answer.
    let some = answers(&[("Order number", "A-77"), ("Date", "  ")]);
    assert_eq!(
        r.fill(&context(), &some).unwrap_err(),
        [Gap::Field("Date".into())]
    );
    assert_eq!(
        r.preview(&context(), &some).text,
        "Order A-77 ships by [Date]; order A-77."
    );
    let all = answers(&[("Order number", " A-77 "), ("Date", "Friday 12 June")]);
    assert_eq!(
        r.fill(&context(), &all).unwrap(),
        "Order A-77 ships by Friday 12 June; order A-77."
    );
}

#[test]
fn literal_braces_survive_filling() {
    assert_eq!(
        fill("Use {{code}} here", &context()).unwrap(),
        "Use {code} here"
    );
}

// --- Layers ---------------------------------------------------------------------------------

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

// --- Shortcode expansion --------------------------------------------------------------------

fn expand(text: &str, cursor: usize) -> Option<(std::ops::Range<usize>, String)> {
    let library = Library::builtin();
    library
        .expand_at(text, cursor)
        .map(|e| (e.range, e.response.id().to_string()))
}

#[test]
fn a_shortcode_before_the_cursor_expands() {
    let moment = || "one-moment".to_string();
    assert_eq!(expand("/moment", 7), Some((0..7, moment())));
    assert_eq!(expand("Sure. /moment", 13), Some((6..13, moment())));
    assert_eq!(expand("/moment and more", 7), Some((0..7, moment())));
    assert_eq!(expand("first line\n/moment", 18), Some((11..18, moment())));
    assert_eq!(expand("¡Hola! /bye", 12).unwrap().0, 8..12);
    assert_eq!(expand("/MOMENT", 7), Some((0..7, moment())));
    assert_eq!(expand("/ticket", 7).unwrap().1, "ticket-opened");
}

#[test]
fn other_words_and_positions_do_not_expand() {
    for (text, cursor) in [
        ("/moment", 0),     // nothing before the cursor
        ("/moment", 4),     // inside the word
        ("/moment", 1),     // just after the slash
        ("/momentx", 7),    // the word goes on after the cursor
        ("moment", 6),      // no slash
        ("and/moment", 10), // slash inside a word
        ("http://x/moment", 15),
        ("/nosuchcode", 11),
        ("/", 1),
        ("/moment ", 8), // the cursor is after the space
        ("/moment", 99), // past the end
        ("¡/bye", 1),    // not on a character boundary
    ] {
        assert_eq!(expand(text, cursor), None, "{text:?} at {cursor}");
    }
}

proptest! {
    #[test]
    fn expansion_never_panics_and_ranges_are_valid(text in "[ a/\\nmoé🌸]{0,20}", cursor in 0usize..40) {
        let library = Library::builtin();
        if let Some(e) = library.expand_at(&text, cursor) {
            prop_assert_eq!(e.range.end, cursor);
            prop_assert_eq!(&text[e.range.clone()], format!("/{}", e.response.shortcode()));
        }
    }

    #[test]
    fn any_context_fills_every_builtin_response_on_its_own_lines(
        name in "[\\PC\n\r\t]{1,30}",
        email in "\\PC{1,30}",
    ) {
        prop_assume!(!name.trim().is_empty() && !email.trim().is_empty());
        let c = Context { customer_name: name, customer_email: email, ..context() };
        for r in Library::builtin().responses() {
            let given: Answers = r.fields().into_iter().map(|l| (l, "x".to_string())).collect();
            let text = r.fill(&c, &given).unwrap();
            // Values never add line breaks of their own.
            prop_assert_eq!(text.lines().count(), r.body().lines().count());
        }
    }
}

// --- Search ---------------------------------------------------------------------------------

fn first(query: &str) -> String {
    Library::builtin().search(query)[0].id().to_string()
}

#[test]
fn the_obvious_response_ranks_first() {
    assert_eq!(first("card"), "card-refusal");
    assert_eq!(first("moment"), "one-moment");
    assert_eq!(first("/moment"), "one-moment");
    assert_eq!(first("verif"), "verify-identity");
    assert_eq!(first("hours"), "office-hours");
    assert_eq!(first("international"), "international-orders");
    assert_eq!(first("ticket"), "ticket-opened");
    assert_eq!(first("idle"), "inactivity-disconnect");
    assert_eq!(first("Still there"), "still-there");
    assert_eq!(first("transfer"), "transfer-notice");
}

#[test]
fn an_empty_query_lists_everything_in_library_order() {
    let library = Library::builtin();
    let all = ids(&library.search("  "));
    let expected: Vec<String> = library.responses().iter().map(|r| r.id().into()).collect();
    assert_eq!(all, expected);
}

#[test]
fn each_word_may_match_a_different_field() {
    let library = Library::builtin();
    // "payment" is a tag, "phone" is in the body.
    assert_eq!(ids(&library.search("payment phone"))[0], "card-refusal");
    // Tags are searched.
    let inactive = ids(&library.search("inactivity"));
    assert!(
        inactive[..2].contains(&"still-there".to_string()),
        "{inactive:?}"
    );
    assert!(inactive[..2].contains(&"inactivity-disconnect".to_string()));
    // A negated word excludes what it matches anywhere.
    let not_closing = ids(&library.search("!closing"));
    assert!(!not_closing.contains(&"positive-close".to_string()));
    assert!(not_closing.contains(&"one-moment".to_string()));
    assert!(library.search("zzqqxx").is_empty());
}

#[test]
fn a_finder_can_be_reused_across_keystrokes() {
    let library = Library::builtin();
    let mut finder = Finder::new();
    let mut last = Vec::new();
    for query in ["c", "ca", "car", "card"] {
        last = ids(&finder.search(&library, query));
        assert!(!last.is_empty(), "{query}");
    }
    assert_eq!(last[0], "card-refusal");
}
