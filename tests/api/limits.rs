//! Abuse limits from `server.toml`, against a real backend: clients are told apart by the
//! loopback address they connect from (127.0.0.x), a trusted proxy by X-Forwarded-For.

use crate::common;

use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream};
use std::time::{Duration, Instant};

use chatdesk::protocol::{ChatCreated, Message, NewChat};
use common::{Backend, Client};
use reqwest::{Method, StatusCode};

fn new_chat(name: &str) -> NewChat {
    NewChat {
        name: name.to_string(),
        email: format!("{}@example.com", name.to_lowercase()),
        reason: "billing".to_string(),
        client_id: None,
    }
}

/// An HTTP client whose connections come from `ip`.
fn from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn ask(http: &reqwest::Client, base: &str, name: &str) -> reqwest::Response {
    http.post(format!("{base}/api/v1/chats"))
        .json(&new_chat(name))
        .send()
        .await
        .unwrap()
}

/// Checks a refusal is a 429 problem with a sentence and a whole-second Retry-After.
async fn assert_limited(response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After in whole seconds");
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["status"], 429);
    let detail = problem["detail"].as_str().unwrap().to_string();
    assert!(detail.ends_with('.'), "{detail}");
    detail
}

const NEW_CHATS: &str = "[limits]\nnew_chats_per_minute = 6\nnew_chats_burst = 3\n";

#[tokio::test]
async fn one_address_is_limited_to_its_burst_and_another_is_not_affected() {
    let backend = Backend::with_files(&[("server.toml", NEW_CHATS)]);
    let flooder = from("127.0.0.2");
    let mut created = Vec::new();
    for i in 0..3 {
        let response = ask(&flooder, &backend.base, &format!("Flood{i}")).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        created.push(response.json::<ChatCreated>().await.unwrap());
    }
    let detail = assert_limited(ask(&flooder, &backend.base, "Flood3").await).await;
    assert!(detail.contains("new chats"), "{detail}");
    // Someone else meanwhile.
    let neighbour = ask(&from("127.0.0.3"), &backend.base, "Neighbour").await;
    assert_eq!(neighbour.status(), StatusCode::CREATED);
    // What the flooder created before is still there.
    for chat in &created {
        let customer = Client::new(&backend.base, &chat.token);
        let (status, _): (_, serde_json::Value) = customer
            .call(
                Method::GET,
                &format!("/api/v1/chats/{}", chat.id),
                None::<&()>,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn forwarded_for_counts_only_from_a_trusted_proxy() {
    // 127.0.0.1 is a trusted proxy by default; 127.0.0.2 is not.
    let backend = Backend::with_files(&[("server.toml", NEW_CHATS)]);
    let proxy = from("127.0.0.1");
    let behind = |who: &str| {
        proxy
            .post(format!("{}/api/v1/chats", backend.base))
            .header("X-Forwarded-For", who)
            .json(&new_chat("Behind"))
    };
    for _ in 0..3 {
        let response = behind("203.0.113.5").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    assert_limited(behind("203.0.113.5").send().await.unwrap()).await;
    // Another customer behind the same proxy has their own allowance.
    assert_eq!(
        behind("203.0.113.6").send().await.unwrap().status(),
        StatusCode::CREATED
    );
    // A client that is not a proxy cannot choose its address with the header.
    let stranger = from("127.0.0.2");
    for i in 0..3 {
        let response = stranger
            .post(format!("{}/api/v1/chats", backend.base))
            .header("X-Forwarded-For", format!("198.51.100.{i}"))
            .json(&new_chat("Stranger"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let response = stranger
        .post(format!("{}/api/v1/chats", backend.base))
        .header("X-Forwarded-For", "198.51.100.99")
        .json(&new_chat("Stranger"))
        .send()
        .await
        .unwrap();
    assert_limited(response).await;
}

#[tokio::test]
async fn a_customer_sending_too_fast_is_refused_and_loses_nothing_sent_before() {
    let backend = Backend::with_files(&[(
        "server.toml",
        "[limits]\ncustomer_messages_per_minute = 6\ncustomer_messages_burst = 2\n",
    )]);
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    for i in 0..2 {
        let (status, _) = customer
            .send(chat.id, &format!("Message {i}"), &format!("m-{i}"))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let refused = customer
        .request(Method::POST, &format!("/api/v1/chats/{}/messages", chat.id))
        .json(&serde_json::json!({"body": "Message 2", "client_msg_id": "m-2"}))
        .send()
        .await
        .unwrap();
    let detail = assert_limited(refused).await;
    assert!(detail.contains("not sent"), "{detail}");
    let transcript: Vec<Message> = customer
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/messages", chat.id),
            None::<&()>,
        )
        .await;
    let bodies: Vec<&str> = transcript.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["Message 0", "Message 1"]);
}

#[tokio::test]
async fn an_agent_token_has_a_request_rate() {
    let backend = Backend::with_files(&[(
        "server.toml",
        "[limits]\nagent_requests_per_minute = 60\nagent_requests_burst = 5\n",
    )]);
    let agent = backend.agent("dana", "billing");
    for _ in 0..5 {
        let (status, _): (_, serde_json::Value) =
            agent.call(Method::GET, "/api/v1/me", None::<&()>).await;
        assert_eq!(status, StatusCode::OK);
    }
    let refused = agent
        .request(Method::GET, "/api/v1/me")
        .send()
        .await
        .unwrap();
    assert_limited(refused).await;
    // Another agent is not affected.
    let other = backend.agent("eli", "billing");
    let (status, _): (_, serde_json::Value) =
        other.call(Method::GET, "/api/v1/me", None::<&()>).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn event_streams_per_token_are_counted_and_given_back_when_closed() {
    let backend = Backend::with_files(&[("server.toml", "[limits]\nstreams_per_token = 2\n")]);
    let (chat, customer) = backend.customer("Ben Okafor", "billing").await;
    let path = format!("/api/v1/chats/{}/events", chat.id);
    let first = customer.request(Method::GET, &path).send().await.unwrap();
    let second = customer.request(Method::GET, &path).send().await.unwrap();
    assert_eq!(
        (first.status(), second.status()),
        (StatusCode::OK, StatusCode::OK)
    );
    let third = customer.request(Method::GET, &path).send().await.unwrap();
    let detail = assert_limited(third).await;
    assert!(detail.contains("event streams"), "{detail}");
    drop(first);
    // The place comes back once the backend notices the stream closed.
    let deadline = Instant::now() + common::PATIENCE;
    loop {
        let again = customer.request(Method::GET, &path).send().await.unwrap();
        if again.status() == StatusCode::OK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the closed stream's place never came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Reads until the server closes the connection; `true` when it did within `wait`.
fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

fn address(base: &str) -> String {
    base.trim_start_matches("http://").to_string()
}

#[test]
fn a_trickled_request_head_and_an_idle_connection_are_closed() {
    let backend =
        Backend::with_files(&[("server.toml", "[limits]\nheader_read_timeout_secs = 1\n")]);
    // Half a request head, then nothing.
    let mut slow = TcpStream::connect(address(&backend.base)).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    assert!(
        closed_within(&mut slow, common::PATIENCE),
        "a trickled head is cut"
    );
    // A whole request, its answer, then an idle kept-alive connection.
    let mut idle = TcpStream::connect(address(&backend.base)).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    idle.set_read_timeout(Some(common::PATIENCE)).unwrap();
    let mut answer = [0u8; 1024];
    let n = idle.read(&mut answer).unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
    assert!(
        closed_within(&mut idle, common::PATIENCE),
        "an idle connection is closed"
    );
    // A connection opened and never used.
    let mut silent = TcpStream::connect(address(&backend.base)).unwrap();
    assert!(closed_within(&mut silent, common::PATIENCE));
}

#[test]
fn a_body_that_stops_arriving_is_answered_408() {
    let backend = Backend::with_files(&[("server.toml", "[limits]\nbody_read_timeout_secs = 1\n")]);
    let mut slow = TcpStream::connect(address(&backend.base)).unwrap();
    slow.write_all(
        b"POST /api/v1/chats HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 200\r\n\r\n{\"name\": \"Sl",
    )
    .unwrap();
    slow.set_read_timeout(Some(common::PATIENCE)).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = slow.read(&mut buf) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
            break;
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
}

#[test]
fn past_the_connection_limit_new_connections_are_closed_at_once() {
    let backend = Backend::with_files(&[("server.toml", "[limits]\nconnections = 3\n")]);
    let held: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(address(&backend.base)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut extra = TcpStream::connect(address(&backend.base)).unwrap();
    assert!(
        closed_within(&mut extra, Duration::from_secs(5)),
        "the fourth connection is closed"
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    let mut later = TcpStream::connect(address(&backend.base)).unwrap();
    later
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    later.set_read_timeout(Some(common::PATIENCE)).unwrap();
    let _ = later.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn a_broken_server_toml_stops_the_backend_with_its_file_and_line() {
    let (_, stderr, _dir) = common::refused_start(&[(
        "server.toml",
        "[limits]\nnew_chats_per_minute = 6\ntrusted_proxies = [\"10.0.0.0/99\"]\n",
    )]);
    assert!(stderr.contains("server.toml:3:"), "{stderr}");
    assert!(stderr.contains("10.0.0.0/99"), "{stderr}");
}
