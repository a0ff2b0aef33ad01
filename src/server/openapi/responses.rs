//! The answers many routes share, described once as response components and added to each
//! operation by the facts that cause them: a route behind a token can answer 401, a route with
//! a JSON body 400, 408, 413, 415 and 422, a route with an id in its path 404, and every route
//! of `/api/v1` 429 (a limit was reached), 500 and 503 (no answer in time). An operation's own description of one of these
//! statuses, when it has one, is kept.

use serde_json::{Map, Value, json};
use utoipa::ToResponse;

use crate::protocol::Problem;

/// The request could not be read: its body is not valid JSON, or a query parameter or header
/// is not one of the values documented for it. `detail` names which.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BadRequest(pub Problem);

/// No token, an `Authorization` header that is not `Bearer TOKEN`, or a token that is unknown
/// or was withdrawn.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json",
    headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"chatdesk\"`")))]
pub struct Unauthorized(pub Problem);

/// The route is for agents and leads, and the token is a chat's (a customer's); or the route is
/// for leads and the token is an agent's. `detail` says which.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Forbidden(pub Problem);

/// Nothing with this id that the token may open (an id that is not a UUID is not found either).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotFound(pub Problem);

/// The request body is larger than 64 KiB; nothing was saved.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct TooLarge(pub Problem);

/// The request body was not sent with `Content-Type: application/json`.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotJson(pub Problem);

/// The body is JSON but not what the route expects (a field missing, of the wrong type, or
/// failing its rule); `detail` names the field, and some routes list each in `errors`.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Invalid(pub Problem);

/// A limit was reached (requests or chats from one address, messages of one chat, event
/// streams of one token); nothing of this request was stored. Try again after `Retry-After`.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))]
pub struct TooManyRequests(pub Problem);

/// The request body stopped arriving part-way for longer than `body_read_timeout_secs`;
/// nothing was saved.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BodyTimedOut(pub Problem);

/// No answer could be given within `request_timeout_secs`. A change the request carried may
/// still have been saved: send it again as it was (a message with the same `client_msg_id` is
/// never stored twice).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))]
pub struct Unavailable(pub Problem);

/// The backend could not complete the request (e.g. its database failed) and saved nothing
/// from it; trying again is safe.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct ServerError(pub Problem);

/// A reference to the response component `name`.
fn shared(name: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{name}") })
}

/// Adds to every operation of `doc` (the document as JSON) the shared answers it can give.
pub fn add_shared(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let statuses = shared_statuses(path, operation);
            if let Some(responses) = operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
            {
                add(responses, &statuses);
            }
        }
    }
}

fn add(responses: &mut Map<String, Value>, statuses: &[(&str, &str)]) {
    for (status, name) in statuses {
        responses
            .entry(status.to_string())
            .or_insert_with(|| shared(name));
    }
}

/// The shared answers one operation can give, as (status, component).
fn shared_statuses(path: &str, operation: &Value) -> Vec<(&'static str, &'static str)> {
    let mut statuses = Vec::new();
    let signed_in = operation["security"]
        .as_array()
        .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
    if signed_in {
        statuses.push(("401", "Unauthorized"));
    }
    let tags = operation["tags"].as_array().cloned().unwrap_or_default();
    if signed_in && tags.iter().any(|t| t == "agent" || t == "lead") {
        statuses.push(("403", "Forbidden"));
    }
    let has_path_id = operation["parameters"]
        .as_array()
        .is_some_and(|p| p.iter().any(|p| p["in"] == "path"));
    if has_path_id {
        statuses.push(("404", "NotFound"));
    }
    if let Some(body) = operation.get("requestBody") {
        statuses.push(("400", "BadRequest"));
        statuses.push(("408", "BodyTimedOut"));
        statuses.push(("413", "TooLarge"));
        // An optional body (ending a chat) is read whatever its media type.
        if body["required"] == true {
            statuses.push(("415", "NotJson"));
            statuses.push(("422", "Invalid"));
        }
    }
    if path.starts_with("/api/v1/") {
        statuses.push(("429", "TooManyRequests"));
        statuses.push(("500", "ServerError"));
        statuses.push(("503", "Unavailable"));
    }
    statuses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fact_brings_its_answers_and_an_operations_own_description_stays() {
        let mut doc = json!({"paths": {
            "/api/v1/chats/{id}/hold": {"put": {
                "tags": ["agent"],
                "security": [{"bearer": []}],
                "parameters": [{"name": "id", "in": "path"}],
                "requestBody": {"required": true},
                "responses": {"200": {}, "404": {"description": "Not your chat"}}
            }},
            "/api/v1/reasons": {"get": {"tags": ["customer"], "responses": {"200": {}}}},
            "/healthz": {"get": {"responses": {"200": {}}}}
        }});
        add_shared(&mut doc);
        let statuses = |responses: &Value| {
            let mut keys: Vec<String> = responses.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys
        };
        let hold = &doc["paths"]["/api/v1/chats/{id}/hold"]["put"]["responses"];
        assert_eq!(
            statuses(hold),
            [
                "200", "400", "401", "403", "404", "408", "413", "415", "422", "429", "500", "503"
            ]
        );
        assert_eq!(hold["404"]["description"], "Not your chat");
        assert_eq!(
            hold["429"]["$ref"],
            "#/components/responses/TooManyRequests"
        );
        let reasons = &doc["paths"]["/api/v1/reasons"]["get"]["responses"];
        assert_eq!(statuses(reasons), ["200", "429", "500", "503"]);
        let health = &doc["paths"]["/healthz"]["get"]["responses"];
        assert_eq!(health.as_object().unwrap().len(), 1);
    }
}
