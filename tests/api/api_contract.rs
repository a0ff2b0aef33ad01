//! What every answer of a real backend promises whatever the route: the headers that keep it
//! out of caches and stop browsers guessing its type, addresses refused with a sentence, and an
//! API description whose operations, statuses and parameters can be relied on.

use crate::common;

use std::collections::BTreeSet;

use common::{Backend, Client};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Sends a request and returns its answer with the body unread (streams stay open).
async fn answer(
    client: &Client,
    method: Method,
    path: &str,
    body: Option<&str>,
) -> reqwest::Response {
    let mut request = client.request(method, path);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    request.send().await.expect("request sent")
}

/// Who asks, how, with what body, and the status and media type expected.
type Case<'a> = (
    &'a Client,
    Method,
    String,
    Option<&'a str>,
    StatusCode,
    &'static str,
);

#[tokio::test]
async fn every_answer_is_kept_out_of_caches_and_declares_its_type_firmly() {
    let backend = Backend::start(None);
    let agent = backend.agent("gil", "billing");
    let (chat, customer) = backend.customer("Jon Kim", "billing").await;
    let anonymous = backend.anonymous();
    let huge = format!(
        "{{\"body\": \"{}\", \"client_msg_id\": \"x\"}}",
        "x".repeat(70_000)
    );
    let messages = format!("/api/v1/chats/{}/messages", chat.id);
    let cases: Vec<Case> = vec![
        (
            &anonymous,
            Method::GET,
            "/healthz".into(),
            None,
            StatusCode::OK,
            "application/json",
        ),
        (
            &anonymous,
            Method::GET,
            "/api/v1/openapi.json".into(),
            None,
            StatusCode::OK,
            "application/json",
        ),
        (
            &anonymous,
            Method::GET,
            "/api/v1/reasons".into(),
            None,
            StatusCode::OK,
            "application/json",
        ),
        (
            &customer,
            Method::GET,
            messages.clone(),
            None,
            StatusCode::OK,
            "application/json",
        ),
        (
            &customer,
            Method::POST,
            messages.clone(),
            Some("{\"body\": "),
            StatusCode::BAD_REQUEST,
            "application/problem+json",
        ),
        (
            &customer,
            Method::POST,
            messages.clone(),
            Some(&huge),
            StatusCode::PAYLOAD_TOO_LARGE,
            "application/problem+json",
        ),
        (
            &anonymous,
            Method::GET,
            "/api/v1/me".into(),
            None,
            StatusCode::UNAUTHORIZED,
            "application/problem+json",
        ),
        (
            &customer,
            Method::GET,
            "/api/v1/queues".into(),
            None,
            StatusCode::FORBIDDEN,
            "application/problem+json",
        ),
        (
            &agent,
            Method::GET,
            "/api/v1/nowhere".into(),
            None,
            StatusCode::NOT_FOUND,
            "application/problem+json",
        ),
        (
            &agent,
            Method::GET,
            "/api/v1/chats/%FF%FE".into(),
            None,
            StatusCode::NOT_FOUND,
            "application/problem+json",
        ),
        (
            &agent,
            Method::DELETE,
            "/api/v1/me".into(),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "application/problem+json",
        ),
        (
            &customer,
            Method::GET,
            format!("/api/v1/chats/{}/events", chat.id),
            None,
            StatusCode::OK,
            "text/event-stream",
        ),
        (
            &agent,
            Method::GET,
            "/api/v1/me/events".into(),
            None,
            StatusCode::OK,
            "text/event-stream",
        ),
    ];
    for (client, method, path, body, status, media) in cases {
        let response = answer(client, method.clone(), &path, body).await;
        let what = format!("{method} {path}");
        assert_eq!(response.status(), status, "{what}");
        let headers = response.headers();
        assert!(
            headers["content-type"].to_str().unwrap().starts_with(media),
            "{what}: {headers:?}"
        );
        assert_eq!(headers["cache-control"], "no-store", "{what}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
    }

    // The customer page keeps its own caching and its Content-Security-Policy.
    for path in ["/", "/chat.js", "/style.css"] {
        let response = answer(&anonymous, Method::GET, path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers();
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("default-src 'self'"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_chat_with_an_address_nobody_can_write_to_is_refused_with_a_sentence() {
    let backend = Backend::start(None);
    let anonymous = backend.anonymous();
    let cases = [
        ("x@[127.0.0.1]", "by its IP address"),
        ("\"a b\"@example.com", "quoted name"),
        ("ana@127.0.0.1", "is an IP address"),
        ("ana@localhost", "has no dot"),
        ("Ana <ana@example.com>", "is not an e-mail address"),
        (
            "ana@exa_mple.com",
            "only letters, digits, dots and inner hyphens",
        ),
    ];
    let long = format!("{}@example.com", "a".repeat(65));
    let cases = cases
        .into_iter()
        .chain([(long.as_str(), "longer than 64 characters")]);
    for (email, why) in cases {
        let new = json!({"name": "Ana Lima", "email": email, "reason": "billing"});
        let (status, problem) = anonymous
            .problem(Method::POST, "/api/v1/chats", Some(&new))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        assert!(problem.detail.contains(why), "{email}: {}", problem.detail);
    }
    let new = json!({"name": "Ana Lima", "email": " ana.lima@example.com ", "reason": "billing"});
    let (status, created): (_, Value) = anonymous
        .call(Method::POST, "/api/v1/chats", Some(&new))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
}

/// The served description, and its operations as (method, path, operation).
async fn description(backend: &Backend) -> (Value, Vec<(String, String, Value)>) {
    let doc: Value = backend
        .anonymous()
        .ok(Method::GET, "/api/v1/openapi.json", None::<&()>)
        .await;
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            operations.push((method.clone(), path.clone(), operation.clone()));
        }
    }
    (doc, operations)
}

#[tokio::test]
async fn the_description_names_each_operation_once_and_what_it_can_answer() {
    let backend = Backend::start(None);
    let (doc, operations) = description(&backend).await;
    let ids: Vec<&str> = operations
        .iter()
        .map(|(m, p, o)| {
            o["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{m} {p}"))
        })
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "operationIds repeat: {ids:?}");
    for id in [
        "getChat",
        "listEscalations",
        "chatEvents",
        "agentEvents",
        "claimMissed",
    ] {
        assert!(unique.contains(id), "{id} in {unique:?}");
    }

    let by_id = |id: &str| {
        operations
            .iter()
            .find(|(_, _, o)| o["operationId"] == id)
            .map(|(_, _, o)| o.clone())
            .unwrap()
    };
    let statuses = |id: &str| -> BTreeSet<String> {
        by_id(id)["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let expect = |id: &str, wanted: &[&str]| {
        let have = statuses(id);
        for status in wanted {
            assert!(have.contains(*status), "{id} lacks {status}: {have:?}");
        }
    };
    expect(
        "createChat",
        &["201", "400", "413", "415", "422", "429", "500"],
    );
    expect("getChat", &["200", "401", "404", "429"]);
    expect(
        "setHold",
        &[
            "200", "400", "401", "403", "404", "409", "413", "415", "422", "429",
        ],
    );
    expect(
        "emailTranscript",
        &["202", "403", "404", "409", "422", "502"],
    );
    expect("chatEvents", &["200", "400", "401", "403", "404", "429"]);
    assert!(!statuses("listReasons").contains("401"), "no token needed");
    let limited = &doc["components"]["responses"]["TooManyRequests"];
    assert!(limited["headers"]["Retry-After"].is_object(), "{limited}");

    // Query parameters carry their values and formats.
    let parameter = |id: &str, name: &str| -> Value {
        let operation = by_id(id);
        let found = operation["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == name).cloned());
        found.unwrap_or_else(|| panic!("{id} has no parameter {name}: {operation}"))
    };
    let resolve = |schema: &Value| -> Value {
        match schema["$ref"].as_str() {
            Some(r) => doc["components"]["schemas"][r.rsplit('/').next().unwrap()].clone(),
            None => schema.clone(),
        }
    };
    let values = |id: &str, name: &str| -> Value {
        let schema = parameter(id, name)["schema"].clone();
        let schema = match schema.get("oneOf") {
            Some(any) => any
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["type"] != "null")
                .cloned()
                .unwrap(),
            None => schema,
        };
        resolve(&schema)["enum"].clone()
    };
    assert_eq!(
        values("listEscalations", "state"),
        json!(["open", "claimed", "answered"])
    );
    assert_eq!(values("listMissed", "include"), json!(["done"]));
    assert_eq!(
        values("downloadTranscript", "format"),
        json!(["text", "markdown", "json"])
    );
    assert!(
        values("listReviews", "flag")
            .as_array()
            .is_some_and(|f| f.len() > 2)
    );
    for name in ["from", "to"] {
        assert_eq!(
            parameter("listReviews", name)["schema"]["format"],
            "date",
            "{name}"
        );
    }
    for id in ["chatEvents", "agentEvents"] {
        assert_eq!(parameter(id, "after")["schema"]["minimum"], 0, "{id}");
    }
}

#[tokio::test]
async fn ending_a_chat_reads_its_optional_body_as_the_other_routes_read_theirs() {
    let backend = Backend::start(None);
    let (chat, customer) = backend.customer("Jon Kim", "billing").await;
    let end = format!("/api/v1/chats/{}/end", chat.id);
    let huge = format!("{{\"reason\": \"{}\"}}", "x".repeat(70_000));
    let response = answer(&customer, Method::POST, &end, Some(&huge)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let response = answer(&customer, Method::POST, &end, Some("{\"reason\": ")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let response = answer(&customer, Method::POST, &end, Some("null")).await;
    assert_eq!(response.status(), StatusCode::OK, "null is no body");
    let ended: Value = response.json().await.unwrap();
    assert_eq!(ended["state"], "ended", "{ended}");
}
