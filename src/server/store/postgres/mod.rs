//! PostgreSQL, for several nodes on one database: the same store traits as SQLite over the
//! same SQL where the dialects allow ([`crate::server::store::sql`]), the same masking choke
//! point ([`crate::server::store::columns`]), and one cluster-wide order of events
//! ([`events`]).
//!
//! The client is the synchronous `postgres` crate (tokio-postgres underneath): the engine's
//! [`Tx`](crate::server::store::Tx) is synchronous, and SQLite's store runs it on threads of
//! its own, so a blocking client fits without a second, async, set of traits. Each client runs
//! its own small runtime, so it must be used off the async workers (on the writer's thread or
//! under `spawn_blocking`), never inside an async task.
//!
//! Not yet reachable from `chatdesk serve`: so far the schema, made and migrated on connect.

#[cfg(test)]
pub mod cluster;
mod locks;
mod migrate;
#[cfg(test)]
mod tests;

use anyhow::Context;
use postgres::NoTls;

pub use migrate::{MIGRATIONS, version};

pub struct PostgresStore {
    config: postgres::Config,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/database`) and brings its
    /// schema up to date.
    pub fn connect(url: &str) -> anyhow::Result<PostgresStore> {
        let config: postgres::Config = url
            .parse()
            .context("the database address is not a PostgreSQL connection string")?;
        let mut client = config
            .connect(NoTls)
            .context("cannot connect to the database")?;
        migrate::migrate(&mut client).context("cannot migrate the database")?;
        Ok(PostgresStore { config })
    }

    /// Where the store connects.
    pub fn config(&self) -> &postgres::Config {
        &self.config
    }
}
