//! How the SQLite store binds a [`Column`], and [`write`]: the one place it binds values for
//! writing (see [`crate::server::store::columns`] for what may be bound).

use rusqlite::Connection;
use rusqlite::types::{ToSql, ToSqlOutput, Value};

pub(crate) use crate::server::store::columns::{Column, columns};

impl ToSql for Column<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Column::Null => ToSqlOutput::Owned(Value::Null),
            Column::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            Column::Flag(b) => ToSqlOutput::Owned(Value::Integer(i64::from(*b))),
            Column::Id(id) => ToSqlOutput::Owned(Value::Text(id.to_string())),
            Column::Text(text) => ToSqlOutput::from(text.as_str()),
            Column::Name(name) => ToSqlOutput::from(*name),
            Column::Token(hash) => ToSqlOutput::from(hash.as_str()),
        })
    }
}

/// Runs one INSERT, UPDATE or DELETE; returns how many rows it changed. The one place the
/// store binds values for writing.
pub fn write(conn: &Connection, sql: &str, columns: &[Column]) -> rusqlite::Result<usize> {
    #[allow(clippy::disallowed_methods)]
    conn.prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(columns))
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use crate::protocol::{ChatState, Presence, Role};
    use crate::server::store::sqlite::{open, with_tx};
    use crate::server::store::{AgentRow, ChatRow, TokenHash};

    const CARD: &str = "4111 1111 1111 1111";
    const MASKED: &str = "4111 **** **** 1111";

    fn agent(id: Uuid, hash: &TokenHash, display_name: &str) -> AgentRow {
        AgentRow {
            id,
            name: "dana".to_string(),
            display_name: display_name.to_string(),
            role: Role::Agent,
            queues: vec!["billing".to_string()],
            token_hash: hash.clone(),
            presence: Presence::Available,
            presence_ms: 0,
            idle_since_ms: 0,
            created_ms: 0,
        }
    }

    /// An ended chat of `agent` with `text` in every field of free text.
    fn chat(agent: Uuid, text: &str) -> ChatRow {
        ChatRow {
            id: Uuid::now_v7(),
            token_hash: TokenHash::of("cdc_example"),
            queue: "billing".to_string(),
            state: ChatState::Ended,
            customer_name: format!("Ana {text}"),
            customer_email: "ana.lima@example.com".to_string(),
            client_id: Some(text.to_string()),
            agent_id: Some(agent),
            created_ms: 0,
            queued_ms: 0,
            accepted_ms: Some(0),
            ended_ms: Some(1),
            ended_by: None,
            transfer_note: Some(format!("card {text}")),
            disposition_code: Some("resolved".to_string()),
            disposition_notes: Some(format!("card {text}")),
            transferred_from: None,
            transferred_ms: None,
            verification: vec!["name".to_string()],
            verified_ms: None,
            hold_since_ms: None,
            nudged_ms: None,
            last_agent_ms: None,
            last_customer_ms: None,
            disposition_tags: vec![text.to_string()],
        }
    }

    /// The store masks what it writes, whoever calls it: here nothing was masked before.
    #[test]
    fn text_written_straight_to_the_store_is_masked_and_ids_and_hashes_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(dir.path()).unwrap();
        let hash = TokenHash::of("cda_example");
        let agent = agent(Uuid::now_v7(), &hash, &format!("Dana {CARD}"));
        let chat = chat(agent.id, CARD);
        let (agent_back, chat_back) = with_tx(&conn, |tx| {
            tx.insert_agent(&agent)?;
            tx.insert_chat(&chat)?;
            Ok((tx.agent_by_token(&hash)?, tx.chat(chat.id)?))
        })
        .unwrap();
        let agent_back = agent_back.expect("found by its token hash, which stays whole");
        assert_eq!(agent_back.display_name, format!("Dana {MASKED}"));
        let chat_back = chat_back.expect("the chat");
        assert_eq!(chat_back.customer_name, format!("Ana {MASKED}"));
        assert_eq!(chat_back.client_id.as_deref(), Some(MASKED));
        assert_eq!(chat_back.transfer_note, Some(format!("card {MASKED}")));
        assert_eq!(chat_back.disposition_notes, Some(format!("card {MASKED}")));
        assert_eq!(chat_back.disposition_tags, [MASKED]);
        assert_eq!(chat_back.id, chat.id);
        assert_eq!(chat_back.token_hash, chat.token_hash);
    }

    /// An agent's id and a message's own id are not text: kept whole even where their digits
    /// read as a card number, so the agent's messages are found again under them.
    #[test]
    fn ids_that_read_as_card_numbers_are_kept_whole() {
        let card_like = "abcdefab-4111-1111-1111-1111abcdefab";
        assert_ne!(
            crate::policy::cards::mask(card_like).as_str(),
            card_like,
            "as text, it would be masked"
        );
        let dir = tempfile::tempdir().unwrap();
        let conn = open(dir.path()).unwrap();
        let agent = agent(
            Uuid::parse_str(card_like).unwrap(),
            &TokenHash::of("cda_example"),
            "Dana",
        );
        let chat_row = chat(agent.id, "no card");
        let chat = chat_row.id;
        let message = |seq: i64, client_msg_id: Option<&str>| crate::protocol::Message {
            id: Uuid::now_v7(),
            chat_id: chat,
            seq,
            author: crate::protocol::Party::Agent,
            author_name: "Dana".to_string(),
            body: "Let me look.".to_string(),
            client_msg_id: client_msg_id.map(str::to_string),
            at: jiff::Timestamp::from_millisecond(1_000 + seq).unwrap(),
        };
        let (typed, own) = (message(1, Some("d-1")), message(2, None));
        let (found, since) = with_tx(&conn, |tx| {
            tx.insert_agent(&agent)?;
            tx.insert_chat(&chat_row)?;
            tx.insert_message(&typed, card_like)?;
            tx.insert_message(&own, card_like)?;
            Ok((
                tx.message_by_client_id(chat, card_like, "d-1")?,
                tx.messages_from_since(chat, card_like, 0)?,
            ))
        })
        .unwrap();
        assert_eq!(found.as_ref(), Some(&typed));
        // A message written without a client id is kept under its own id.
        let keys: Vec<(Uuid, Option<String>)> =
            since.into_iter().map(|m| (m.id, m.client_msg_id)).collect();
        assert_eq!(
            keys,
            [
                (typed.id, Some("d-1".to_string())),
                (own.id, Some(own.id.to_string()))
            ]
        );
    }
}
