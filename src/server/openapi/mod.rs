//! The OpenAPI description served at `/api/v1/openapi.json`, generated from the handlers and
//! wire types so it cannot drift from them.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use serde_json::{Value, json};

use crate::assets::Catalog;
use crate::protocol;
use crate::server::routes::{
    agent, chats, escalations, lead, missed, procedure, review, transcript,
};

pub mod responses;
mod streams;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "chatdesk",
        description = "Live chat between customers and support agents. Customers create a chat \
            and receive a token that opens only that chat; agents and leads sign in with the \
            token `chatdesk agents add` printed. Send either as `Authorization: Bearer TOKEN`. \
            Event streams are Server-Sent Events; every event has an id, and a client that \
            reconnects with `Last-Event-ID` receives exactly the events after it. Errors are \
            `application/problem+json`."
    ),
    paths(
        crate::server::routes::health, crate::server::routes::ready, crate::server::metrics::page::with_token,
        agent::reasons,
        chats::create, chats::get, chats::post_message, chats::list_messages, chats::events,
        chats::end, chats::pick_up, chats::transfer, chats::set_disposition,
        transcript::download, transcript::email,
        agent::me, agent::set_presence, agent::snapshot, agent::events, agent::queues,
        agent::agents, agent::dispositions, agent::canned, agent::accept, agent::decline,
        procedure::policy, procedure::set_hold, procedure::set_check, procedure::open_ticket, procedure::list,
        procedure::commitment_done,
        escalations::templates, escalations::escalate, escalations::list, escalations::get,
        escalations::claim, escalations::close, escalations::reply,
        lead::floor, lead::detail, lead::whisper, lead::take_over,
        review::list, review::get, review::score,
        missed::list, missed::claim, missed::follow_up,
    ),
    components(schemas(
        protocol::Event, protocol::EventBody, protocol::OfferEnd, protocol::Presence,
        protocol::ChatState, protocol::Party, protocol::Role, protocol::ReviewFlag,
        protocol::MissedChat, protocol::MissedReason, protocol::FollowUpAction,
        protocol::EndChat, protocol::EndReason, protocol::EndCause, protocol::MissedInclude,
    ), responses(
        responses::BadRequest, responses::Unauthorized, responses::Forbidden,
        responses::NotFound, responses::TooLarge, responses::NotJson, responses::Invalid,
        responses::TooManyRequests, responses::ServerError, responses::BodyTimedOut,
        responses::Unavailable,
    )),
    modifiers(&Security),
    tags(
        (name = "customer", description = "The customer contract; the chat routes also answer the chat's agent"),
        (name = "agent", description = "For agents and leads"),
        (name = "lead", description = "For leads: the floor, any chat read-only, whispers, take-over"),
        (name = "operations", description = "For operators"),
    )
)]
struct Api;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "chat_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::server::auth::CHAT_COOKIE,
            ))),
        );
    }
}

/// The document for this backend: its queues and disposition codes are listed as the allowed
/// values, and every operation lists each status it can answer, with its problem.
pub fn document(catalog: &Catalog) -> Value {
    let mut doc = Api::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    let mut doc = serde_json::to_value(doc).expect("the document serialises");
    responses::add_shared(&mut doc);
    streams::describe_streams(&mut doc);
    never_null_parameters(&mut doc);
    let queues: Vec<&str> = catalog.queues.iter().map(|q| q.id.as_str()).collect();
    let codes: Vec<&str> = catalog
        .dispositions
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    let schemas = &mut doc["components"]["schemas"];
    schemas["NewChat"]["properties"]["reason"]["enum"] = json!(queues);
    schemas["Disposition"]["properties"]["code"]["enum"] = json!(codes);
    schemas["WrapUp"]["properties"]["code"]["enum"] = json!(codes);
    let checks: Vec<&str> = catalog
        .policy
        .verification
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    schemas["CheckChange"]["properties"]["check"]["enum"] = json!(checks);
    let templates: Vec<&str> = catalog
        .escalations
        .templates
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    schemas["NewEscalation"]["properties"]["template"]["enum"] = json!(templates);
    doc
}

/// A query or header parameter that may be left out is left out, never sent as `null`: its
/// schema admits only its own type (utoipa marks optional headers nullable).
fn never_null_parameters(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    let parameters = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(|operation| operation.get_mut("parameters"))
        .filter_map(Value::as_array_mut)
        .flatten();
    for parameter in parameters {
        let Some(types) = parameter
            .get_mut("schema")
            .and_then(|schema| schema.get_mut("type"))
        else {
            continue;
        };
        if let Some(list) = types.as_array_mut() {
            list.retain(|t| t != "null");
            if let [only] = list.as_slice() {
                *types = only.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Every operation of the document, as (method, path, operation).
    fn operations(doc: &Value) -> Vec<(String, String, Value)> {
        let mut all = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                all.push((method.clone(), path.clone(), operation.clone()));
            }
        }
        all
    }

    #[test]
    fn every_operation_has_its_own_id() {
        let doc = document(&Catalog::builtin());
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (method, path, operation) in operations(&doc) {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"))
                .to_string();
            let at = format!("{method} {path}");
            if let Some(earlier) = seen.insert(id.clone(), at.clone()) {
                panic!("{id} names both {earlier} and {at}");
            }
        }
        assert!(seen.len() > 40, "{seen:?}");
    }

    #[test]
    fn every_api_operation_may_be_limited_and_names_its_client_errors() {
        let doc = document(&Catalog::builtin());
        for (method, path, operation) in operations(&doc) {
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                !responses.contains_key("4XX"),
                "{method} {path}: statuses are named, not ranged"
            );
            if path.starts_with("/api/v1/") {
                assert!(responses.contains_key("429"), "{method} {path}");
            }
            for (status, response) in responses {
                if status.starts_with('4') && response.get("$ref").is_none() {
                    let content = &response["content"];
                    assert!(
                        content.get("application/problem+json").is_some(),
                        "{method} {path} {status}: {response}"
                    );
                }
            }
        }
        let limited = &doc["components"]["responses"]["TooManyRequests"];
        assert!(limited["headers"].get("Retry-After").is_some(), "{limited}");
    }

    #[test]
    fn optional_parameters_are_left_out_rather_than_null() {
        let doc = document(&Catalog::builtin());
        for (method, path, operation) in operations(&doc) {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let schema = &parameter["schema"];
                assert!(
                    !schema["type"]
                        .as_array()
                        .is_some_and(|t| t.iter().any(|t| t == "null")),
                    "{method} {path}: {parameter}"
                );
            }
        }
    }
}
