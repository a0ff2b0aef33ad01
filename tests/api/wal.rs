//! The write-ahead log stays under its ceiling while messages pour in and streams keep
//! reading — the case where SQLite alone never starts the log over.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use common::Backend;
use reqwest::{Method, StatusCode};

const CEILING_MIB: u64 = 4;
const CUSTOMERS: usize = 16;
const MESSAGES_EACH: usize = 250;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_log_stays_under_its_ceiling_under_a_stream_of_messages() {
    let backend = Backend::with_files(&[(
        "server.toml",
        &format!(
            "[storage]\nwal_ceiling_mib = {CEILING_MIB}\n\n[limits]\nnew_chats_per_minute = 0\n\
             customer_messages_per_minute = 0\n"
        ),
    )]);
    let wal = backend.data_dir().join("chatdesk.sqlite3-wal");
    let high = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (high, done, wal) = (Arc::clone(&high), Arc::clone(&done), wal.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let size = std::fs::metadata(&wal).map_or(0, |m| m.len());
                high.fetch_max(size, Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        })
    };
    let mut senders = Vec::new();
    for i in 0..CUSTOMERS {
        let (chat, customer) = backend.customer(&format!("Writer {i}"), "billing").await;
        // Each customer's page reads its stream the whole time.
        let mut stream = customer
            .events(&format!("/api/v1/chats/{}/events", chat.id), None)
            .await;
        let reader = tokio::spawn(async move { while stream.next().await.is_some() {} });
        senders.push(tokio::spawn(async move {
            for n in 0..MESSAGES_EACH {
                let body = format!(
                    "Message {n}: the invoice for order {n} from Acme Devices lists a plan I never \
                     chose, and the total is higher than what the shop quoted to me last week."
                );
                let (status, _) = customer.send(chat.id, &body, &format!("w-{n}")).await;
                assert_eq!(status, StatusCode::CREATED);
                if n % 50 == 0 {
                    let _: serde_json::Value = customer
                        .ok(
                            Method::GET,
                            &format!("/api/v1/chats/{}/messages", chat.id),
                            None::<&()>,
                        )
                        .await;
                }
            }
            reader.abort();
        }));
    }
    for sender in senders {
        sender.await.unwrap();
    }
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let high = high.load(Ordering::Relaxed);
    // What was written in all: far more than the ceiling, so the log had to start over.
    let database = std::fs::metadata(backend.data_dir().join("chatdesk.sqlite3"))
        .unwrap()
        .len();
    println!(
        "{} messages; write-ahead log high-water {:.2} MiB (ceiling {CEILING_MIB} MiB); \
         database {:.2} MiB",
        CUSTOMERS * MESSAGES_EACH,
        high as f64 / 1048576.0,
        database as f64 / 1048576.0
    );
    assert!(high > 0, "the log was never seen");
    assert!(
        high < CEILING_MIB * 1024 * 1024,
        "the write-ahead log reached {high} bytes"
    );
}
