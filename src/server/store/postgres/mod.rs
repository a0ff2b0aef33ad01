//! PostgreSQL, for several nodes on one database (being built): so far the throwaway cluster
//! its tests run against.

#[cfg(test)]
pub mod cluster;
