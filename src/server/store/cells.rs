//! Reading a row's cells the same way from either store, so that a row is read by one function
//! for both (the readers beside the statements in [`super::sql`]). Each store implements the
//! four primitive reads for its row type; the rest follows from them.

use anyhow::anyhow;
use uuid::Uuid;

use super::{StoreResult, timestamp};

/// The cells of one result row, by position.
pub trait Cells {
    fn text(&self, i: usize) -> StoreResult<String>;
    fn opt_text(&self, i: usize) -> StoreResult<Option<String>>;
    /// Any integer column (BIGINT or INTEGER on PostgreSQL).
    fn int(&self, i: usize) -> StoreResult<i64>;
    fn opt_int(&self, i: usize) -> StoreResult<Option<i64>>;

    /// An INTEGER 0/1 flag.
    fn flag(&self, i: usize) -> StoreResult<bool> {
        Ok(self.int(i)? != 0)
    }

    fn id(&self, i: usize) -> StoreResult<Uuid> {
        let text = self.text(i)?;
        Uuid::parse_str(&text).map_err(|_| unexpected("id", &text))
    }

    fn opt_id(&self, i: usize) -> StoreResult<Option<Uuid>> {
        self.opt_text(i)?
            .map(|t| Uuid::parse_str(&t).map_err(|_| unexpected("id", &t)))
            .transpose()
    }

    /// Milliseconds since the epoch, as a timestamp.
    fn moment(&self, i: usize) -> StoreResult<jiff::Timestamp> {
        Ok(timestamp(self.int(i)?))
    }

    fn opt_moment(&self, i: usize) -> StoreResult<Option<jiff::Timestamp>> {
        Ok(self.opt_int(i)?.map(timestamp))
    }

    /// A JSON column.
    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> StoreResult<T> {
        let text = self.text(i)?;
        serde_json::from_str(&text).map_err(|_| unexpected("JSON", &text))
    }

    /// A fixed name read back with `parse`.
    fn named<T>(&self, i: usize, what: &str, parse: impl Fn(&str) -> Option<T>) -> StoreResult<T> {
        let text = self.text(i)?;
        parse(&text).ok_or_else(|| unexpected(what, &text))
    }

    fn opt_named<T>(
        &self,
        i: usize,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> StoreResult<Option<T>> {
        self.opt_text(i)?
            .map(|text| parse(&text).ok_or_else(|| unexpected(what, &text)))
            .transpose()
    }
}

/// A value the store does not know how to read back.
pub fn unexpected(what: &str, value: &str) -> anyhow::Error {
    anyhow!("unexpected {what} {value:?} in the database")
}

impl Cells for rusqlite::Row<'_> {
    fn text(&self, i: usize) -> StoreResult<String> {
        Ok(self.get(i)?)
    }

    fn opt_text(&self, i: usize) -> StoreResult<Option<String>> {
        Ok(self.get(i)?)
    }

    fn int(&self, i: usize) -> StoreResult<i64> {
        Ok(self.get(i)?)
    }

    fn opt_int(&self, i: usize) -> StoreResult<Option<i64>> {
        Ok(self.get(i)?)
    }
}

impl Cells for postgres::Row {
    fn text(&self, i: usize) -> StoreResult<String> {
        Ok(self.try_get(i)?)
    }

    fn opt_text(&self, i: usize) -> StoreResult<Option<String>> {
        Ok(self.try_get(i)?)
    }

    fn int(&self, i: usize) -> StoreResult<i64> {
        self.opt_int(i)?
            .ok_or_else(|| anyhow!("column {i} is NULL where a number was expected"))
    }

    fn opt_int(&self, i: usize) -> StoreResult<Option<i64>> {
        use postgres::types::Type;
        let ty = self
            .columns()
            .get(i)
            .map(|c| c.type_().clone())
            .ok_or_else(|| anyhow!("there is no column {i}"))?;
        Ok(match ty {
            Type::INT4 => self.try_get::<_, Option<i32>>(i)?.map(i64::from),
            Type::INT2 => self.try_get::<_, Option<i16>>(i)?.map(i64::from),
            _ => self.try_get::<_, Option<i64>>(i)?,
        })
    }
}
