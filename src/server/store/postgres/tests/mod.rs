//! The PostgreSQL store against a real server: each test starts a throwaway cluster
//! ([`super::cluster::Cluster`]) and runs the store on it.

mod schema;
