use crate::server::store::postgres::cluster::Cluster;
use crate::server::store::postgres::{MIGRATIONS, PostgresStore, version};

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
    let cluster = Cluster::start();
    let url = cluster.url();
    PostgresStore::connect(&url).expect("the first start makes the schema");
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
