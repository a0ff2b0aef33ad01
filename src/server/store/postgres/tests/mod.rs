//! The PostgreSQL store against a real server: each test starts a throwaway cluster
//! ([`super::cluster::Cluster`]) and runs the store on it.

mod chats;
mod cluster;
mod events;
mod scenarios;
mod schema;
mod writes;

use super::PostgresStore;
use super::cluster::Cluster;

/// A store on a fresh database. The store is dropped before the cluster stops.
pub struct Database {
    pub store: PostgresStore,
    pub cluster: Cluster,
}

impl Database {
    pub fn start() -> Database {
        let cluster = Cluster::start();
        let store = PostgresStore::connect(&cluster.url()).expect("the store connects");
        Database { store, cluster }
    }
}
