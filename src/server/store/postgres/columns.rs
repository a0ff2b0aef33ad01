//! How the PostgreSQL store binds a [`Column`], and [`write`]: the one place it binds values
//! for writing (see [`crate::server::store::columns`] for what may be bound).
//!
//! A column is bound as the type PostgreSQL asks for: numbers and flags as whichever integer
//! the column is (BIGINT moments, INTEGER flags and scores), text as text. A value of the wrong
//! kind for its column is an error, never a silent conversion.

use std::error::Error;

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use crate::server::store::columns::Column;

type BindResult = Result<IsNull, Box<dyn Error + Sync + Send>>;

impl ToSql for Column<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> BindResult {
        match self {
            Column::Null => Ok(IsNull::Yes),
            Column::Int(n) => integer(*n, ty, out),
            Column::Flag(b) => integer(i64::from(*b), ty, out),
            Column::Id(id) => text(&id.to_string(), ty, out),
            Column::Text(masked) => text(masked.as_str(), ty, out),
            Column::Name(name) => text(name, ty, out),
            Column::Token(hash) => text(hash.as_str(), ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT2 | Type::INT4 | Type::INT8 | Type::TEXT | Type::VARCHAR
        )
    }

    to_sql_checked!();
}

fn integer(n: i64, ty: &Type, out: &mut BytesMut) -> BindResult {
    match *ty {
        Type::INT8 => n.to_sql(ty, out),
        Type::INT4 => i32::try_from(n)?.to_sql(ty, out),
        Type::INT2 => i16::try_from(n)?.to_sql(ty, out),
        _ => Err(format!("a number cannot be written to a {ty} column").into()),
    }
}

fn text(value: &str, ty: &Type, out: &mut BytesMut) -> BindResult {
    match *ty {
        Type::TEXT | Type::VARCHAR => value.to_sql(ty, out),
        _ => Err(format!("text cannot be written to a {ty} column").into()),
    }
}

/// Runs one INSERT, UPDATE or DELETE, prepared already; returns how many rows it changed. The
/// one place the store binds values for writing.
pub fn write(
    tx: &mut postgres::Transaction<'_>,
    statement: &postgres::Statement,
    columns: &[Column],
) -> Result<u64, postgres::Error> {
    let params: Vec<&(dyn ToSql + Sync)> = columns.iter().map(|c| c as _).collect();
    #[allow(clippy::disallowed_methods)]
    tx.execute(statement, &params)
}
