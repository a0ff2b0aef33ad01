//! The rows of events: appended in one increasing sequence (the writer is the only one
//! appending), read back per stream. What a row holds is [`event_log`]'s, shared with
//! PostgreSQL.

use rusqlite::{Row, params};
use uuid::Uuid;

use super::tx::SqliteTx;
use crate::protocol::EventBody;
use crate::server::store::cells::Cells;
use crate::server::store::event_log;
use crate::server::store::rows::{event_from, message_at};
use crate::server::store::sql::events as sql;
use crate::server::store::{Audience, EventFilter, EventRecord, EventStore, StoreResult};

/// SQLite's test that an event's queue is one of those bound (as a JSON array) to `?3`.
const QUEUE_LISTED: &str = "e.to_queue IN (SELECT value FROM json_each(?3))";

/// An event read back for a stream, with its message put back in when it refers to one.
fn replayed(row: &Row) -> StoreResult<EventRecord> {
    let mut record = event_from(row)?;
    if row.opt_text(sql::REPLAY_MESSAGE_AT)?.is_some() {
        let message = message_at(row, sql::REPLAY_MESSAGE_AT)?;
        record.json = event_log::with_message(&record.json, &message)?;
    }
    Ok(record)
}

impl EventStore for SqliteTx<'_> {
    fn next_event_id(&mut self) -> StoreResult<i64> {
        Ok(self.next_seq)
    }

    fn append_event(
        &mut self,
        audience: Audience,
        chat_id: Option<Uuid>,
        at_ms: i64,
        body: &EventBody,
    ) -> StoreResult<i64> {
        let seq = self.next_seq;
        let key = event_log::message_key(&self.last_message, body);
        let (values, record) = event_log::appended(seq, audience, chat_id, at_ms, body, key)?;
        self.write(sql::APPEND, &values)?;
        self.next_seq += 1;
        self.appended.push(record);
        Ok(seq)
    }

    fn events_after(
        &mut self,
        filter: &EventFilter,
        after: i64,
        limit: usize,
    ) -> StoreResult<Vec<EventRecord>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        match filter {
            EventFilter::Customer(chat) => self.all(
                sql::CUSTOMER_REPLAY,
                params![chat.to_string(), after, limit],
                replayed,
            ),
            EventFilter::Agent { id, queues, lead } => {
                let queue_list = serde_json::to_string(queues)?;
                self.all(
                    &sql::agent_replay(QUEUE_LISTED, *lead),
                    params![id.to_string(), after, queue_list, limit],
                    replayed,
                )
            }
        }
    }

    fn last_event_id(&mut self) -> StoreResult<i64> {
        Ok(self.one(sql::LAST_ID, [], |r| r.int(0))?.unwrap_or(0))
    }
}

#[cfg(test)]
mod tests;
