//! [`Tx`] over one SQLite connection inside an open transaction.

use std::collections::HashMap;

use anyhow::Context;
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::rows::{
    AGENT_COLUMNS, CHAT_COLUMNS, EVENT_COLUMNS, MESSAGE_COLUMNS, OFFER_COLUMNS, agent_from,
    chat_from, event_from, message_from, offer_from, uuid_at, write_agent, write_chat, write_offer,
};
use crate::policy::inactivity::Silence;
use crate::protocol::Review;
use crate::protocol::{
    Commitment, Escalation, EscalationReply, Event, EventBody, Message, MissedChat, Party, Ticket,
    Whisper,
};
use crate::server::store::{
    AgentRow, Audience, ChatRow, EscalationFilter, EventFilter, EventRecord, MessageTime, OfferRow,
    StoreResult, Tx, timestamp,
};
use crate::server::store::{ReviewFilter, ReviewRecord, ReviewScore};

pub struct SqliteTx<'c> {
    pub conn: &'c Connection,
    /// Events appended in this transaction, published after it commits.
    pub appended: Vec<EventRecord>,
    /// The id the next appended event gets (the writer is the only one appending).
    pub next_seq: i64,
}

impl<'c> SqliteTx<'c> {
    pub fn new(conn: &'c Connection, next_seq: i64) -> Self {
        SqliteTx {
            conn,
            appended: Vec::new(),
            next_seq,
        }
    }
}

impl SqliteTx<'_> {
    pub(super) fn one<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnOnce(&Row) -> rusqlite::Result<T>,
    ) -> StoreResult<Option<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.query_row(params, map).optional()?)
    }

    pub(super) fn all<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> StoreResult<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, map)?;
        Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
    }
}

impl Tx for SqliteTx<'_> {
    fn chat(&mut self, id: Uuid) -> StoreResult<Option<ChatRow>> {
        self.one(
            &format!("SELECT {CHAT_COLUMNS} FROM chats WHERE id = ?1"),
            [id.to_string()],
            chat_from,
        )
    }

    fn chat_id_by_token(&mut self, token_hash: &str) -> StoreResult<Option<Uuid>> {
        self.one(
            "SELECT id FROM chats WHERE token_hash = ?1",
            [token_hash],
            |r| uuid_at(r, 0),
        )
    }

    fn insert_chat(&mut self, chat: &ChatRow) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO chats ({CHAT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
             ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)"
        );
        Ok(write_chat(self.conn, &sql, chat)?)
    }

    fn update_chat(&mut self, chat: &ChatRow) -> StoreResult<()> {
        let sql = "UPDATE chats SET token_hash = ?2, queue = ?3, state = ?4, customer_name = ?5, \
             customer_email = ?6, client_id = ?7, agent_id = ?8, created_ms = ?9, queued_ms = ?10, \
             accepted_ms = ?11, ended_ms = ?12, ended_by = ?13, transfer_note = ?14, \
             disposition_code = ?15, disposition_notes = ?16, transferred_from = ?17, \
             transferred_ms = ?18, verification = ?19, verified_ms = ?20, hold_since_ms = ?21, \
             nudged_ms = ?22, last_agent_ms = ?23, last_customer_ms = ?24, \
             disposition_tags = ?25 WHERE id = ?1";
        Ok(write_chat(self.conn, sql, chat)?)
    }

    fn queued_chats(&mut self, queue: Option<&str>) -> StoreResult<Vec<ChatRow>> {
        self.all(
            &format!(
                "SELECT {CHAT_COLUMNS} FROM chats WHERE state = 'queued' \
                 AND (?1 IS NULL OR queue = ?1) ORDER BY queued_ms, id"
            ),
            [queue],
            chat_from,
        )
    }

    fn agent_chats(&mut self, agent: Uuid) -> StoreResult<Vec<ChatRow>> {
        self.all(
            &format!(
                "SELECT {CHAT_COLUMNS} FROM chats WHERE agent_id = ?1 AND \
                 (state = 'active' OR (state = 'ended' AND disposition_code IS NULL)) \
                 ORDER BY COALESCE(accepted_ms, created_ms), id"
            ),
            [agent.to_string()],
            chat_from,
        )
    }

    fn active_counts(&mut self) -> StoreResult<HashMap<Uuid, u32>> {
        let rows = self.all(
            "SELECT agent_id, COUNT(*) FROM chats WHERE state = 'active' GROUP BY agent_id",
            [],
            |r| Ok((uuid_at(r, 0)?, r.get::<_, u32>(1)?)),
        )?;
        Ok(rows.into_iter().collect())
    }

    fn messages(&mut self, chat: Uuid) -> StoreResult<Vec<Message>> {
        self.all(
            &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE chat_id = ?1 ORDER BY seq"),
            [chat.to_string()],
            message_from,
        )
    }

    fn message_by_client_id(
        &mut self,
        chat: Uuid,
        sender: &str,
        client_msg_id: &str,
    ) -> StoreResult<Option<Message>> {
        self.one(
            &format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages \
                 WHERE chat_id = ?1 AND sender = ?2 AND client_msg_id = ?3"
            ),
            params![chat.to_string(), sender, client_msg_id],
            message_from,
        )
    }

    fn insert_message(&mut self, m: &Message, sender: &str) -> StoreResult<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "INSERT INTO messages ({MESSAGE_COLUMNS}, sender) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ))?;
        stmt.execute(params![
            m.id.to_string(),
            m.chat_id.to_string(),
            m.seq,
            m.author.as_str(),
            m.author_name,
            m.body,
            // Messages without a client id (written by the backend itself) use their own id.
            m.client_msg_id.clone().unwrap_or_else(|| m.id.to_string()),
            m.at.as_millisecond(),
            sender,
        ])?;
        Ok(())
    }

    fn note_last_message(&mut self, chat: Uuid, author: Party, at_ms: i64) -> StoreResult<()> {
        self.note_last_message_at(chat, author, at_ms)
    }

    fn active_silences(&mut self) -> StoreResult<Vec<(Uuid, Silence)>> {
        self.silences_of_active_chats()
    }

    fn set_chat_commitment(&mut self, chat: Uuid, c: Option<&Commitment>) -> StoreResult<()> {
        self.put_chat_commitment(chat, c)
    }

    fn set_chat_ticket(&mut self, chat: Uuid, ticket: Option<&Ticket>) -> StoreResult<()> {
        self.put_chat_ticket(chat, ticket)
    }

    fn commitment(&mut self, id: Uuid) -> StoreResult<Option<Commitment>> {
        self.commitment_by_id(id)
    }

    fn set_commitment_done(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()> {
        self.mark_commitment_done(id, at_ms)
    }

    fn open_commitments(&mut self, agent: Uuid) -> StoreResult<Vec<Commitment>> {
        self.open_commitments_of(agent)
    }

    fn recent_tickets(&mut self, agent: Uuid, limit: usize) -> StoreResult<Vec<Ticket>> {
        self.recent_tickets_of(agent, limit)
    }

    fn agent(&mut self, id: Uuid) -> StoreResult<Option<AgentRow>> {
        self.one(
            &format!("SELECT {AGENT_COLUMNS} FROM agents WHERE id = ?1"),
            [id.to_string()],
            agent_from,
        )
    }

    fn agent_by_token(&mut self, token_hash: &str) -> StoreResult<Option<AgentRow>> {
        self.one(
            &format!(
                "SELECT {AGENT_COLUMNS} FROM agents WHERE token_hash = ?1 AND removed_ms IS NULL"
            ),
            [token_hash],
            agent_from,
        )
    }

    fn agent_by_name(&mut self, name: &str) -> StoreResult<Option<AgentRow>> {
        self.one(
            &format!("SELECT {AGENT_COLUMNS} FROM agents WHERE name = ?1 AND removed_ms IS NULL"),
            [name],
            agent_from,
        )
    }

    fn agents(&mut self) -> StoreResult<Vec<AgentRow>> {
        self.all(
            &format!("SELECT {AGENT_COLUMNS} FROM agents WHERE removed_ms IS NULL ORDER BY name"),
            [],
            agent_from,
        )
    }

    fn insert_agent(&mut self, agent: &AgentRow) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO agents ({AGENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        );
        Ok(write_agent(self.conn, &sql, agent)?)
    }

    fn update_agent(&mut self, agent: &AgentRow) -> StoreResult<()> {
        let sql = "UPDATE agents SET name = ?2, display_name = ?3, role = ?4, queues = ?5, \
             token_hash = ?6, presence = ?7, presence_ms = ?8, idle_since_ms = ?9, \
             created_ms = ?10 WHERE id = ?1";
        Ok(write_agent(self.conn, sql, agent)?)
    }

    fn remove_agent(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE agents SET removed_ms = ?2, presence = 'offline' WHERE id = ?1",
            )?
            .execute(params![id.to_string(), at_ms])?;
        Ok(())
    }

    fn offer(&mut self, id: Uuid) -> StoreResult<Option<OfferRow>> {
        self.one(
            &format!("SELECT {OFFER_COLUMNS} FROM offers WHERE id = ?1"),
            [id.to_string()],
            offer_from,
        )
    }

    fn pending_offers(&mut self) -> StoreResult<Vec<OfferRow>> {
        self.all(
            &format!(
                "SELECT {OFFER_COLUMNS} FROM offers WHERE state = 'pending' ORDER BY expires_ms"
            ),
            [],
            offer_from,
        )
    }

    fn offers_for_chat(&mut self, chat: Uuid) -> StoreResult<Vec<OfferRow>> {
        self.all(
            &format!(
                "SELECT {OFFER_COLUMNS} FROM offers WHERE chat_id = ?1 ORDER BY created_ms, id"
            ),
            [chat.to_string()],
            offer_from,
        )
    }

    fn insert_offer(&mut self, offer: &OfferRow) -> StoreResult<()> {
        let sql =
            format!("INSERT INTO offers ({OFFER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        Ok(write_offer(self.conn, &sql, offer)?)
    }

    fn update_offer(&mut self, offer: &OfferRow) -> StoreResult<()> {
        let sql = "UPDATE offers SET chat_id = ?2, agent_id = ?3, state = ?4, created_ms = ?5, \
             expires_ms = ?6, ended_ms = ?7 WHERE id = ?1";
        Ok(write_offer(self.conn, sql, offer)?)
    }

    fn next_offer_expiry(&mut self) -> StoreResult<Option<i64>> {
        Ok(self
            .one(
                "SELECT MIN(expires_ms) FROM offers WHERE state = 'pending'",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )?
            .flatten())
    }

    fn earliest_refusal_since(&mut self, since_ms: i64) -> StoreResult<Option<i64>> {
        Ok(self
            .one(
                "SELECT MIN(at) FROM ( \
                   SELECT o.ended_ms AS at FROM offers o JOIN chats c ON c.id = o.chat_id \
                   WHERE c.state = 'queued' AND o.state IN ('declined', 'expired') \
                     AND o.ended_ms > ?1 \
                   UNION ALL \
                   SELECT transferred_ms FROM chats \
                   WHERE state = 'queued' AND transferred_ms > ?1)",
                [since_ms],
                |r| r.get::<_, Option<i64>>(0),
            )?
            .flatten())
    }

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

    fn insert_escalation(&mut self, escalation: &Escalation) -> StoreResult<()> {
        self.put_escalation(escalation)
    }

    fn update_escalation(&mut self, escalation: &Escalation) -> StoreResult<()> {
        self.change_escalation(escalation)
    }

    fn escalation(&mut self, id: Uuid) -> StoreResult<Option<Escalation>> {
        self.escalation_by_id(id)
    }

    fn escalations(&mut self, filter: &EscalationFilter) -> StoreResult<Vec<Escalation>> {
        self.escalations_matching(filter)
    }

    fn insert_escalation_reply(
        &mut self,
        escalation: Uuid,
        reply: &EscalationReply,
    ) -> StoreResult<()> {
        self.put_escalation_reply(escalation, reply)
    }

    fn insert_whisper(&mut self, whisper: &Whisper) -> StoreResult<()> {
        self.put_whisper(whisper)
    }

    fn whispers(&mut self, chat: Uuid) -> StoreResult<Vec<Whisper>> {
        self.whispers_of(chat)
    }

    fn active_chats(&mut self) -> StoreResult<Vec<ChatRow>> {
        self.all_active_chats()
    }

    fn message_times_since(&mut self, since_ms: i64) -> StoreResult<Vec<MessageTime>> {
        self.message_times(since_ms)
    }

    fn save_review(&mut self, review: &ReviewRecord) -> StoreResult<()> {
        self.put_review(review)
    }

    fn score_review(&mut self, chat: Uuid, score: &ReviewScore) -> StoreResult<bool> {
        self.put_review_score(chat, score)
    }

    fn review(&mut self, chat: Uuid) -> StoreResult<Option<Review>> {
        self.review_of(chat)
    }

    fn reviews(&mut self, filter: &ReviewFilter) -> StoreResult<Vec<Review>> {
        self.reviews_matching(filter)
    }

    fn review_scores(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(Uuid, u8)>> {
        self.scores_between(from_ms, to_ms)
    }

    fn note_hold_start(&mut self, chat: Uuid, at_ms: i64) -> StoreResult<()> {
        self.put_hold_start(chat, at_ms)
    }

    fn hold_starts(&mut self, chat: Uuid) -> StoreResult<Vec<i64>> {
        self.hold_starts_of(chat)
    }

    fn insert_missed(&mut self, missed: &MissedChat) -> StoreResult<bool> {
        self.put_missed(missed)
    }

    fn update_missed(&mut self, missed: &MissedChat) -> StoreResult<()> {
        self.change_missed(missed)
    }

    fn missed_chat(&mut self, id: Uuid) -> StoreResult<Option<MissedChat>> {
        self.missed_by_id(id)
    }

    fn missed_chats(&mut self, include_done: bool) -> StoreResult<Vec<MissedChat>> {
        self.missed_list(include_done)
    }

    fn ended_chats_between(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<ChatRow>> {
        self.chats_ended_between(from_ms, to_ms)
    }

    fn message_times_of_ended(
        &mut self,
        from_ms: i64,
        to_ms: i64,
    ) -> StoreResult<Vec<MessageTime>> {
        self.message_times_ended_between(from_ms, to_ms)
    }
}
