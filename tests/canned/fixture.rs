//! What the tests share: a chat's context, a response written as a TOML layer, and the ids of
//! a list of responses.

use chatdesk::canned::Context;

pub fn context() -> Context {
    Context {
        customer_name: "Ana Lima".into(),
        customer_email: "ana@example.com".into(),
        agent_name: "Sam Okafor".into(),
        queue_name: "Billing".into(),
        ticket_id: Some("T-1042".into()),
        ticket_contact: Some(chatdesk::protocol::PreferredContact::CallBack),
    }
}

/// One response as a TOML layer.
pub fn layer(id: &str, shortcode: &str, body: &str) -> String {
    format!(
        "[[response]]\nid = \"{id}\"\ntitle = \"Title of {id}\"\nshortcode = \"{shortcode}\"\nbody = \"{body}\"\n"
    )
}

pub fn ids(responses: &[&chatdesk::canned::Response]) -> Vec<String> {
    responses.iter().map(|r| r.id().to_string()).collect()
}
