//! The rows of events: appended in one increasing sequence, read back per stream.

use anyhow::Context;
use rusqlite::params;
use uuid::Uuid;

use super::rows::{EVENT_COLUMNS, event_from};
use super::tx::SqliteTx;
use crate::protocol::{Event, EventBody};
use crate::server::store::{
    Audience, EventFilter, EventRecord, EventStore, StoreResult, timestamp,
};

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
        let event = Event {
            id: seq,
            at: timestamp(at_ms),
            chat_id,
            body: body.clone(),
        };
        let json = serde_json::to_string(&event).context("an event serialises")?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO events ({EVENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ))?
            .execute(params![
                seq,
                chat_id.map(|c| c.to_string()),
                audience.customer,
                audience.agent.map(|a| a.to_string()),
                audience.queue,
                body.kind(),
                json,
                audience.leads,
            ])?;
        self.next_seq += 1;
        self.appended.push(EventRecord {
            seq,
            chat_id,
            audience,
            kind: body.kind().to_string(),
            json,
        });
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
                &format!(
                    "SELECT {EVENT_COLUMNS} FROM events WHERE chat_id = ?1 AND to_customer = 1 \
                     AND seq > ?2 ORDER BY seq LIMIT ?3"
                ),
                params![chat.to_string(), after, limit],
                event_from,
            ),
            EventFilter::Agent { id, queues, lead } => {
                let queue_list = serde_json::to_string(queues)?;
                // A lead's stream also carries what is addressed to every lead.
                let to_leads = if *lead { "OR to_leads = 1" } else { "" };
                self.all(
                    &format!(
                        "SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?2 AND (to_agent = ?1 \
                         OR to_queue IN (SELECT value FROM json_each(?3)) {to_leads}) \
                         ORDER BY seq LIMIT ?4"
                    ),
                    params![id.to_string(), after, queue_list, limit],
                    event_from,
                )
            }
        }
    }

    fn last_event_id(&mut self) -> StoreResult<i64> {
        Ok(self
            .one("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))?
            .unwrap_or(0))
    }
}
