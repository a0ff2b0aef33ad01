//! The rows of events: one cluster-wide order, read back per stream. What a row holds is
//! [`event_log`]'s, shared with SQLite.
//!
//! # The order of events across nodes
//!
//! A stream resumes with "the events after id N", on any node. That is only right if no event
//! with an id below N can still appear once a reader has seen N: ids must become visible in
//! the order they are given. A sequence does not promise that (two transactions take 7 and 8,
//! the one with 8 commits first, a reader sees 8, resumes after it, and never sees 7).
//!
//! So every write transaction holds the cluster's write lock ([`super::locks::WRITES`], taken when
//! it starts, released when it ends, after its commit is visible) and reads the next id — the
//! largest committed one plus one — under it. The next writer, on any node, reads past every id
//! already given and commits after it: ids are gapless and commit in order, exactly as under
//! SQLite's single writer, and readers take no lock. The cost is that writes run one at a time
//! across the cluster, which is what SQLite's one writer does anyway (and what keeps the
//! engine's rules true across nodes); the alternative, reading only below a watermark of
//! transactions still in flight, needs bookkeeping of its own, makes every stream wait for the
//! slowest writer, and would still leave the rules to be made safe some other way.

use uuid::Uuid;

use super::tx::PostgresTx;
use crate::protocol::EventBody;
use crate::server::store::cells::Cells;
use crate::server::store::event_log;
use crate::server::store::rows::{event_from, message_at};
use crate::server::store::sql::events as sql;
use crate::server::store::{Audience, EventFilter, EventRecord, EventStore, StoreResult};

/// PostgreSQL's test that an event's queue is one of those bound (as a text array) to `?3`.
const QUEUE_LISTED: &str = "e.to_queue = ANY(?3)";

/// An event read back for a stream, with its message put back in when it refers to one.
fn replayed(row: &postgres::Row) -> StoreResult<EventRecord> {
    let mut record = event_from(row)?;
    if row.opt_text(sql::REPLAY_MESSAGE_AT)?.is_some() {
        let message = message_at(row, sql::REPLAY_MESSAGE_AT)?;
        record.json = event_log::with_message(&record.json, &message)?;
    }
    Ok(record)
}

impl PostgresTx<'_> {
    /// The next event id, read under the cluster's write lock (taken here if this transaction
    /// does not hold it yet).
    fn next_seq(&mut self) -> StoreResult<i64> {
        if let Some(seq) = self.next_seq {
            return Ok(seq);
        }
        self.take_writes()?;
        // A statement of its own, after the lock is held: under READ COMMITTED it sees every
        // event committed before the lock was granted.
        let seq = self.one(sql::NEXT_ID, &[], |r| r.int(0))?.unwrap_or(1);
        self.next_seq = Some(seq);
        Ok(seq)
    }

    /// Every event after `after`, up to `limit` of them, in order, whoever they are for.
    pub(super) fn all_events_after(
        &mut self,
        after: i64,
        limit: usize,
    ) -> StoreResult<Vec<EventRecord>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.all(sql::ALL_AFTER, &[&after, &limit], replayed)
    }
}

impl EventStore for PostgresTx<'_> {
    fn next_event_id(&mut self) -> StoreResult<i64> {
        self.next_seq()
    }

    fn append_event(
        &mut self,
        audience: Audience,
        chat_id: Option<Uuid>,
        at_ms: i64,
        body: &EventBody,
    ) -> StoreResult<i64> {
        let seq = self.next_seq()?;
        let key = event_log::message_key(&self.last_message, body);
        let (values, record) = event_log::appended(seq, audience, chat_id, at_ms, body, key)?;
        self.write(sql::APPEND, &values)?;
        self.next_seq = Some(seq + 1);
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
                &[&chat.to_string(), &after, &limit],
                replayed,
            ),
            EventFilter::Agent { id, queues, lead } => self.all(
                &sql::agent_replay(QUEUE_LISTED, *lead),
                &[&id.to_string(), &after, queues, &limit],
                replayed,
            ),
        }
    }

    fn last_event_id(&mut self) -> StoreResult<i64> {
        Ok(self.one(sql::LAST_ID, &[], |r| r.int(0))?.unwrap_or(0))
    }
}
