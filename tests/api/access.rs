//! Who may open what, and how every refusal is answered: token scoping, error statuses as
//! problem+json, the API description.

use crate::common;

use chatdesk::protocol::{CustomerChat, Message, Party};
use common::Backend;
use reqwest::{Method, StatusCode};
use serde_json::json;

const NO_BODY: Option<&()> = None;

#[tokio::test]
async fn every_error_is_a_problem_with_the_right_status() {
    let backend = Backend::start(None);
    let agent = backend.agent("gil", "billing");
    let (chat, customer) = backend.customer("Jon Kim", "billing").await;
    let anonymous = backend.anonymous();
    let messages = format!("/api/v1/chats/{}/messages", chat.id);

    // 400: malformed JSON.
    let response = customer
        .request(Method::POST, &messages)
        .header("content-type", "application/json")
        .body("{\"body\": \"unterminated")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );

    // 401: no token, an unknown token, a withdrawn token.
    let (status, _) = anonymous.problem(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let forged = common::Client::new(&backend.base, "cda_0000");
    let (status, _) = forged.problem(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let out = std::process::Command::new(common::BIN)
        .args(["agents", "token", "gil", "--quiet", "--data-dir"])
        .arg(backend.data_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let (status, _) = agent.problem(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old token stops working"
    );
    let agent = common::Client::new(&backend.base, String::from_utf8(out.stdout).unwrap().trim());
    let _: chatdesk::protocol::Me = agent.ok(Method::GET, "/api/v1/me", NO_BODY).await;

    // 403: a chat token on an agent route.
    let (status, _) = customer
        .problem(Method::GET, "/api/v1/queues", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // 404: an unknown chat and an unknown route.
    let (status, _) = agent
        .problem(
            Method::GET,
            &format!("/api/v1/chats/{}", uuid::Uuid::now_v7()),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = agent.problem(Method::GET, "/api/v1/nowhere", NO_BODY).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // 413: a body over 64 KiB.
    let huge = json!({"body": "x".repeat(70 * 1024), "client_msg_id": "huge"});
    let (status, _) = customer.problem(Method::POST, &messages, Some(&huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // 422: a message over 4,000 characters (counted as characters, not bytes), an empty one,
    // a missing field, an unknown reason.
    let long = json!({"body": "é".repeat(4001), "client_msg_id": "long"});
    let (status, problem) = customer.problem(Method::POST, &messages, Some(&long)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.detail.contains("4000") || problem.detail.contains("4,000"));
    let (status, _) = customer
        .send(chat.id, &"é".repeat(4000), "exactly-4000")
        .await;
    assert_eq!(status, StatusCode::CREATED, "4,000 characters fit");
    let (status, _) = customer
        .problem(
            Method::POST,
            &messages,
            Some(&json!({"body": " ", "client_msg_id": "e"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = customer
        .problem(Method::POST, &messages, Some(&json!({"body": "no id"})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, problem) = anonymous
        .problem(
            Method::POST,
            "/api/v1/chats",
            Some(&json!({"name": "Kim", "email": "kim@example.com", "reason": "refunds"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem.detail.contains("billing"),
        "names the choices: {}",
        problem.detail
    );

    // 409: writing in an ended chat; nothing is stored.
    let _: CustomerChat = customer.end(chat.id).await;
    let (status, _) = customer
        .problem(
            Method::POST,
            &messages,
            Some(&json!({"body": "hi", "client_msg_id": "late"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let transcript: Vec<Message> = customer.ok(Method::GET, &messages, NO_BODY).await;
    assert_eq!(transcript.len(), 1);
    assert_eq!(transcript[0].author, Party::Customer);
}

#[tokio::test]
async fn a_customer_token_opens_only_its_own_chat() {
    let backend = Backend::start(None);
    let (mine, me) = backend.customer("Gus Moreno", "billing").await;
    let (theirs, _) = backend.customer("Hal Jones", "billing").await;
    for (method, path) in [
        (Method::GET, format!("/api/v1/chats/{}", theirs.id)),
        (Method::GET, format!("/api/v1/chats/{}/messages", theirs.id)),
        (Method::GET, format!("/api/v1/chats/{}/events", theirs.id)),
        (Method::POST, format!("/api/v1/chats/{}/end", theirs.id)),
    ] {
        let (status, _) = me.problem(method.clone(), &path, NO_BODY).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    assert_eq!(
        me.send_refused(theirs.id, "hello").await,
        StatusCode::NOT_FOUND
    );
    let (status, _) = me
        .problem(Method::POST, "/api/v1/chats/not-a-chat/end", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let state: CustomerChat = me
        .ok(Method::GET, &format!("/api/v1/chats/{}", mine.id), NO_BODY)
        .await;
    assert_eq!(state.id, mine.id);

    // The browser's way in: the HttpOnly cookie from the creation answer.
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/chats", backend.base))
        .json(&json!({"name": "Ida Berg", "email": "ida@example.com", "reason": "device"}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let created: chatdesk::protocol::ChatCreated = response.json().await.unwrap();
    assert!(
        cookie.contains(&format!("Path=/api/v1/chats/{}", created.id)),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let behind_tls = reqwest::Client::new()
        .post(format!("{}/api/v1/chats", backend.base))
        .header("x-forwarded-proto", "https")
        .json(&json!({"name": "Ida Berg", "email": "ida@example.com", "reason": "device"}))
        .send()
        .await
        .unwrap();
    assert!(
        behind_tls.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    let stream = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/chats/{}/events",
            backend.base, created.id
        ))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let other = reqwest::Client::new()
        .get(format!("{}/api/v1/chats/{}/events", backend.base, mine.id))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_is_described_and_healthy() {
    let backend = Backend::start(None);
    let health: serde_json::Value = backend
        .anonymous()
        .ok(Method::GET, "/healthz", NO_BODY)
        .await;
    assert_eq!(health["status"], "ok");
    let doc: serde_json::Value = backend
        .anonymous()
        .ok(Method::GET, "/api/v1/openapi.json", NO_BODY)
        .await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/chats",
        "/api/v1/chats/{id}/messages",
        "/api/v1/chats/{id}/events",
        "/api/v1/me/snapshot",
        "/api/v1/me/events",
        "/api/v1/offers/{id}/accept",
        "/api/v1/chats/{id}/transfer",
        "/api/v1/chats/{id}/disposition",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is described");
    }
    assert!(doc["components"]["securitySchemes"].get("bearer").is_some());
}

#[tokio::test]
async fn queues_and_dispositions_come_from_the_data_directory_when_given() {
    let backend = Backend::with_files(&[
        (
            "queues.toml",
            "[[queue]]\nid = \"warranty\"\nname = \"Warranty claims\"\n",
        ),
        (
            "dispositions.toml",
            "[[disposition]]\ncode = \"replaced\"\nname = \"Device replaced\"\n",
        ),
    ]);
    let reasons: Vec<chatdesk::protocol::QueueInfo> = backend
        .anonymous()
        .ok(Method::GET, "/api/v1/reasons", NO_BODY)
        .await;
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].name, "Warranty claims");
    let agent = backend.agent("wes", "warranty");
    let codes: Vec<chatdesk::protocol::DispositionCodeInfo> =
        agent.ok(Method::GET, "/api/v1/dispositions", NO_BODY).await;
    assert_eq!(codes[0].code, "replaced");
    let (created, _) = backend.customer("Pia Holm", "warranty").await;
    assert_eq!(created.queue, "warranty");
}

#[tokio::test]
async fn the_team_canned_library_is_served_to_agents_only() {
    let text = "[[response]]\nid = \"refund\"\ntitle = \"Refund sent\"\nshortcode = \"refund\"\ntags = []\nbody = \"Your refund is on its way.\"\n";
    let backend = Backend::with_files(&[("canned.toml", text)]);
    let agent = backend.agent("tess", "billing");
    let team: chatdesk::protocol::TeamCanned =
        agent.ok(Method::GET, "/api/v1/canned", NO_BODY).await;
    assert_eq!(team.text, text);
    assert!(team.source.unwrap().ends_with("canned.toml"));
    let (_, customer) = backend.customer("Ula Berg", "billing").await;
    let (status, _) = customer
        .problem(Method::GET, "/api/v1/canned", NO_BODY)
        .await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    let (library, problems) = chatdesk::canned::load_layers(&[
        (
            chatdesk::canned::BUILTIN_NAME,
            chatdesk::canned::BUILTIN_TEXT,
        ),
        ("team", team.text.as_str()),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(library.get("refund").is_some());
    let empty = Backend::start(None);
    let other = empty.agent("uma", "billing");
    let none: chatdesk::protocol::TeamCanned =
        other.ok(Method::GET, "/api/v1/canned", NO_BODY).await;
    assert_eq!(none.text, "");
}

#[test]
fn a_broken_data_file_stops_the_backend_with_its_file_and_line() {
    let (status, stderr, dir) = common::refused_start(&[(
        "policy.toml",
        "[routing]\noffer_timeout_secs = 20\nmax_active_chats = 5\n",
    )]);
    // 78: configured wrongly.
    assert_eq!(status.code(), Some(78));
    let expected = format!("{}:3:", dir.path().join("policy.toml").display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("max_active_chats"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
