//! The throwaway cluster itself (its file is also compiled into the HTTP tests' helper, so its
//! own test lives here, where it runs once).

use super::super::cluster::Cluster;

/// The cluster answers at its address, and is gone (its directory too) once dropped.
#[test]
fn a_cluster_answers_and_is_gone_after_drop() {
    let cluster = Cluster::start();
    let url = cluster.url();
    let dir = cluster.data_dir().to_path_buf();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let row = client.query_one("SELECT current_database()", &[]).unwrap();
    assert_eq!(row.get::<_, String>(0), "chatdesk");
    drop(client);
    drop(cluster);
    assert!(!dir.exists(), "the data directory is removed");
    assert!(
        postgres::Client::connect(&url, postgres::NoTls).is_err(),
        "the server has stopped"
    );
}
