//! The script, the plans drawn from it and the answers simulated customers give.

use super::*;

#[test]
fn every_simulated_customer_has_an_address_the_backend_takes() {
    // "Tomás Ruiz" was refused (tomás@example.com), so that customer never arrived.
    for name in &Script::builtin().lines.names {
        let email = email_of(name);
        assert!(
            crate::policy::email::usable_address(&email).is_ok(),
            "{name}: {email}"
        );
    }
    assert_eq!(email_of("Tomás Ruiz 🚲"), "tomas@example.com");
}

#[test]
fn the_script_loads_and_plans_use_it() {
    let script = Script::builtin();
    let mut dice = Dice::new(42);
    let queues = vec!["billing".to_string(), "device".to_string()];
    for _ in 0..50 {
        let plan = Plan::draw(&script, &queues, &mut dice).unwrap();
        assert!(script.lines.names.contains(&plan.name));
        assert!(queues.contains(&plan.queue));
        assert!(script.openings[&plan.queue].contains(&plan.opening));
        assert!(script.details[&plan.queue].contains(&plan.detail));
    }
}

#[test]
fn customers_follow_the_conversation_loosely() {
    let script = Script::builtin();
    let mut dice = Dice::new(7);
    let plan = Plan::draw(&script, &["billing".to_string()], &mut dice).unwrap();
    let greeting = "Hi Ana, thanks for contacting Acme Devices. I'm Dana from the Billing \
                    team, and I'll be looking after you today. How can I help?";
    let (said, leave) = answer(&script, &plan, greeting, &mut dice);
    assert!(said.contains(&plan.detail), "states the problem: {said}");
    assert!(!leave && !said.contains("answers my question"));
    let verify = "Before I look, could you confirm your client ID and e-mail address?";
    let (said, _) = answer(&script, &plan, verify, &mut dice);
    assert!(
        said.contains(&plan.client_id) && said.contains(&plan.email),
        "answers with details: {said}"
    );
    let closing = "Is there anything else I can help you with today?";
    let (said, leave) = answer(&script, &plan, closing, &mut dice);
    assert!(leave, "says goodbye and leaves: {said}");
    assert!(said.to_lowercase().contains("bye"), "{said}");
}

#[test]
fn every_queue_with_openings_has_details_of_its_own() {
    // A customer who opened about a quote must not go on about their account's payments.
    let script = Script::builtin();
    for queue in script.openings.keys().filter(|q| *q != "any") {
        assert!(
            script.details.contains_key(queue),
            "{queue} customers would add the generic detail"
        );
    }
}

#[test]
fn chances_are_roughly_right() {
    let mut dice = Dice::new(7);
    let hits = (0..10_000).filter(|_| dice.chance(0.25)).count();
    assert!((2_000..3_000).contains(&hits), "{hits}");
}

#[test]
fn the_hostile_line_really_is_hostile() {
    assert!(Script::builtin().lines.hostile.contains('\u{1b}'));
}
