use uuid::Uuid;

use super::Database;
use crate::protocol::{ChatState, Presence, Role};
use crate::server::store::postgres::cluster::Cluster;
use crate::server::store::postgres::{MIGRATIONS, PostgresStore, version};
use crate::server::store::{AgentRow, ChatRow, TokenHash};

/// Nodes that start at once on an empty database take turns: every one starts, the schema
/// is made once and is at the version this chatdesk knows.
#[test]
fn nodes_starting_at_once_migrate_the_schema_once() {
    let cluster = Cluster::start();
    let url = cluster.url();
    let nodes: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || PostgresStore::connect(&url).map(|_| ()))
        })
        .collect();
    for node in nodes {
        node.join().unwrap().expect("every node starts");
    }
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    assert_eq!(version(&mut client).unwrap(), MIGRATIONS.len());
    let rows: i64 = client
        .query_one("SELECT COUNT(*) FROM chatdesk_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
    // Starting again on an up-to-date schema changes nothing.
    PostgresStore::connect(&url).expect("a restart finds the schema up to date");
    assert_eq!(version(&mut client).unwrap(), MIGRATIONS.len());
}

/// A database a newer chatdesk migrated further is refused, not written to.
#[test]
fn a_schema_from_a_newer_chatdesk_is_refused() {
    let database = Database::start();
    let url = database.cluster.url();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute("UPDATE chatdesk_schema SET version = version + 1")
        .unwrap();
    let refused = PostgresStore::connect(&url).err().expect("refused");
    assert!(
        format!("{refused:#}").contains("newer chatdesk"),
        "{refused:#}"
    );
}

const CARD: &str = "4111 1111 1111 1111";
const MASKED: &str = "4111 **** **** 1111";

/// The store masks what it writes, whoever calls it: here nothing was masked before. Every
/// other column comes back as it was written.
#[test]
fn text_written_to_postgres_is_masked_and_everything_else_kept() {
    let database = Database::start();
    let hash = TokenHash::of("cda_example");
    let agent = AgentRow {
        id: Uuid::now_v7(),
        name: "dana".to_string(),
        display_name: format!("Dana {CARD}"),
        role: Role::Lead,
        queues: vec!["billing".to_string(), "returns".to_string()],
        token_hash: hash.clone(),
        presence: Presence::Available,
        presence_ms: 5,
        idle_since_ms: 6,
        created_ms: 7,
    };
    let chat = ChatRow {
        id: Uuid::now_v7(),
        token_hash: TokenHash::of("cdc_example"),
        queue: "billing".to_string(),
        state: ChatState::Ended,
        customer_name: format!("Ana {CARD}"),
        customer_email: "ana.lima@example.com".to_string(),
        client_id: Some(CARD.to_string()),
        agent_id: Some(agent.id),
        created_ms: 1,
        queued_ms: 2,
        accepted_ms: Some(3),
        ended_ms: Some(4),
        ended_by: Some(crate::protocol::Party::Customer),
        transfer_note: Some(format!("card {CARD}")),
        disposition_code: Some("resolved".to_string()),
        disposition_notes: Some(format!("card {CARD}")),
        transferred_from: Some(agent.id),
        transferred_ms: Some(8),
        verification: vec!["name".to_string()],
        verified_ms: Some(9),
        hold_since_ms: Some(10),
        nudged_ms: Some(11),
        last_agent_ms: Some(12),
        last_customer_ms: Some(13),
        disposition_tags: vec![CARD.to_string()],
    };
    let (agent_back, chat_back) = database
        .store
        .write(|tx| {
            tx.insert_agent(&agent)?;
            tx.insert_chat(&chat)?;
            Ok((tx.agent_by_token(&hash)?, tx.chat(chat.id)?))
        })
        .unwrap()
        .0;
    let agent_back = agent_back.expect("found by its token hash, which stays whole");
    assert_eq!(
        agent_back,
        AgentRow {
            display_name: format!("Dana {MASKED}"),
            ..agent.clone()
        }
    );
    let chat_back = chat_back.expect("the chat");
    assert_eq!(
        chat_back,
        ChatRow {
            customer_name: format!("Ana {MASKED}"),
            client_id: Some(MASKED.to_string()),
            transfer_note: Some(format!("card {MASKED}")),
            disposition_notes: Some(format!("card {MASKED}")),
            disposition_tags: vec![MASKED.to_string()],
            ..chat.clone()
        }
    );

    // What a read-only transaction sees is what was committed.
    let read = database.store.read(|tx| tx.chat(chat.id)).unwrap();
    assert_eq!(read, Some(chat_back));
}

/// A transaction whose work fails leaves nothing behind.
#[test]
fn a_failed_write_leaves_nothing() {
    let database = Database::start();
    let failed = database
        .store
        .write(|tx| -> crate::server::store::StoreResult<()> {
            crate::server::store::fixtures::agent(tx);
            anyhow::bail!("the command was refused")
        });
    assert!(failed.is_err());
    let agents = database.store.read(|tx| tx.agents()).unwrap();
    assert!(agents.is_empty(), "{agents:?}");
}

/// The engine's handlers run on the async runtime's workers and read the store directly; the
/// blocking client must not take the worker down there, on either kind of runtime.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_is_usable_from_a_multi_threaded_runtime() {
    reads_and_writes_from_async_code();
}

#[tokio::test(flavor = "current_thread")]
async fn the_store_is_usable_from_a_single_threaded_runtime() {
    reads_and_writes_from_async_code();
}

fn reads_and_writes_from_async_code() {
    let database = Database::start();
    let agents = database.store.read(|tx| tx.agents()).unwrap();
    assert!(agents.is_empty());
    let written = database
        .store
        .write(|tx| Ok(crate::server::store::fixtures::agent(tx).id))
        .unwrap()
        .0;
    let read = database.store.read(|tx| tx.agents()).unwrap();
    assert_eq!(read.iter().map(|a| a.id).collect::<Vec<_>>(), [written]);
}
