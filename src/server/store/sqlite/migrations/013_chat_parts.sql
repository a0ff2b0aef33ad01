-- Who held a chat when: a row each time a chat is given to someone (accepted, picked up,
-- transferred, taken over). A person's part runs until the chat is given to someone else or
-- ends, and their review and `chatdesk report` count only that part.
CREATE TABLE chat_parts (
    chat_id  TEXT NOT NULL REFERENCES chats (id),
    agent_id TEXT NOT NULL REFERENCES agents (id),
    from_ms  INTEGER NOT NULL,
    PRIMARY KEY (chat_id, from_ms, agent_id)
) WITHOUT ROWID;
CREATE INDEX chat_parts_by_agent ON chat_parts (agent_id, chat_id);

-- Each person's part of a reviewed chat (JSON of a list of protocol::ReviewPart).
ALTER TABLE reviews ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';
