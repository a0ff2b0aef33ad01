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

    /// The store masks what it writes, whoever calls it: here nothing was masked before.
    #[test]
    fn text_written_straight_to_the_store_is_masked_and_ids_and_hashes_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(dir.path()).unwrap();
        let hash = TokenHash::of("cda_example");
        let agent = AgentRow {
            id: Uuid::now_v7(),
            name: "dana".to_string(),
            display_name: format!("Dana {CARD}"),
            role: Role::Agent,
            queues: vec!["billing".to_string()],
            token_hash: hash.clone(),
            presence: Presence::Available,
            presence_ms: 0,
            idle_since_ms: 0,
            created_ms: 0,
        };
        let chat = ChatRow {
            id: Uuid::now_v7(),
            token_hash: TokenHash::of("cdc_example"),
            queue: "billing".to_string(),
            state: ChatState::Ended,
            customer_name: format!("Ana {CARD}"),
            customer_email: "ana.lima@example.com".to_string(),
            client_id: Some(CARD.to_string()),
            agent_id: Some(agent.id),
            created_ms: 0,
            queued_ms: 0,
            accepted_ms: Some(0),
            ended_ms: Some(1),
            ended_by: None,
            transfer_note: Some(format!("card {CARD}")),
            disposition_code: Some("resolved".to_string()),
            disposition_notes: Some(format!("card {CARD}")),
            transferred_from: None,
            transferred_ms: None,
            verification: vec!["name".to_string()],
            verified_ms: None,
            hold_since_ms: None,
            nudged_ms: None,
            last_agent_ms: None,
            last_customer_ms: None,
            disposition_tags: vec![CARD.to_string()],
        };
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
}
