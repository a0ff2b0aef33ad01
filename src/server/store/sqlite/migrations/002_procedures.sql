-- The support procedure around a chat: verification, hold, the inactivity clock's facts, and
-- the wrap-up's tags, commitment and ticket.
ALTER TABLE chats ADD COLUMN verification     TEXT NOT NULL DEFAULT '[]';  -- JSON: ids of the checks done
ALTER TABLE chats ADD COLUMN verified_ms      INTEGER;  -- when the last check was ticked
ALTER TABLE chats ADD COLUMN hold_since_ms    INTEGER;
ALTER TABLE chats ADD COLUMN nudged_ms        INTEGER;  -- the backend's last "are you still there?"
ALTER TABLE chats ADD COLUMN last_agent_ms    INTEGER;  -- the agent's last message
ALTER TABLE chats ADD COLUMN last_customer_ms INTEGER;  -- the customer's last message
ALTER TABLE chats ADD COLUMN disposition_tags TEXT NOT NULL DEFAULT '[]';  -- JSON array of text
-- The inactivity clock looks at every active chat after each write.
CREATE INDEX chats_active ON chats (accepted_ms) WHERE state = 'active';

-- A follow-up an agent promised at wrap-up: one per chat at most.
CREATE TABLE commitments (
    id         TEXT PRIMARY KEY,
    chat_id    TEXT NOT NULL UNIQUE REFERENCES chats (id),
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    due_ms     INTEGER NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('call', 'email')),
    note       TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    done_ms    INTEGER
);
CREATE INDEX commitments_open_by_agent ON commitments (agent_id, due_ms) WHERE done_ms IS NULL;

-- A ticket opened at wrap-up: one per chat at most.
CREATE TABLE tickets (
    id         TEXT PRIMARY KEY,
    chat_id    TEXT NOT NULL UNIQUE REFERENCES chats (id),
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    subject    TEXT NOT NULL,
    contact    TEXT NOT NULL CHECK (contact IN ('call_back', 'email')),
    note       TEXT,
    created_ms INTEGER NOT NULL
);
CREATE INDEX tickets_by_agent ON tickets (agent_id, created_ms);
