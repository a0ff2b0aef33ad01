//! What the stores write. Every value an INSERT or UPDATE binds is a [`Column`], and the only
//! free text a column can hold is [`Masked`]: text that went through
//! [`cards::mask`](crate::policy::cards::mask), which only `policy::cards` can make. A field
//! added later cannot reach the disk unmasked: binding a `String` does not compile, and the
//! statement methods that bind anything else are refused by clippy (`clippy.toml`) outside
//! each store's one `write` function (`sqlite::columns::write`, `postgres::columns::write`).
//!
//! The other kinds are values no customer types: numbers, flags, ids the backend made, the
//! fixed names of states and kinds (`&'static str`), and token hashes. How each kind is bound
//! is the store's business (SQLite's `ToSql` in `sqlite::columns`, PostgreSQL's in
//! `postgres::columns`); what may be bound is decided here, once.

use uuid::Uuid;

use crate::policy::cards::Masked;
use crate::server::store::TokenHash;

/// One value bound to a statement.
#[derive(Debug)]
pub enum Column<'a> {
    Null,
    Int(i64),
    Flag(bool),
    Id(Uuid),
    Text(Masked),
    /// The fixed name of a state, a kind or a role.
    Name(&'static str),
    Token(&'a TokenHash),
}

impl From<i64> for Column<'_> {
    fn from(n: i64) -> Self {
        Column::Int(n)
    }
}

impl From<u8> for Column<'_> {
    fn from(n: u8) -> Self {
        Column::Int(i64::from(n))
    }
}

impl From<u32> for Column<'_> {
    fn from(n: u32) -> Self {
        Column::Int(i64::from(n))
    }
}

impl From<bool> for Column<'_> {
    fn from(b: bool) -> Self {
        Column::Flag(b)
    }
}

impl From<Uuid> for Column<'_> {
    fn from(id: Uuid) -> Self {
        Column::Id(id)
    }
}

impl From<Masked> for Column<'_> {
    fn from(text: Masked) -> Self {
        Column::Text(text)
    }
}

impl From<&'static str> for Column<'_> {
    fn from(name: &'static str) -> Self {
        Column::Name(name)
    }
}

impl<'a> From<&'a TokenHash> for Column<'a> {
    fn from(hash: &'a TokenHash) -> Self {
        Column::Token(hash)
    }
}

impl<'a, T: Into<Column<'a>>> From<Option<T>> for Column<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Column::Null, Into::into)
    }
}

/// The values of one statement, each made a [`Column`]: `columns![id, mask(&note), at_ms]`.
macro_rules! columns {
    ($($value:expr),* $(,)?) => {
        &[$($crate::server::store::columns::Column::from($value)),*]
    };
}
pub(crate) use columns;
