-- Events addressed to every lead (escalations, and what the leads' floor follows): a lead's
-- stream reads them with this index on top of its own and its queues' events.
ALTER TABLE events ADD COLUMN to_leads INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_for_leads ON events (seq) WHERE to_leads = 1;

-- An agent asking the leads for help about a chat, from a template.
CREATE TABLE escalations (
    id            TEXT PRIMARY KEY,
    chat_id       TEXT NOT NULL REFERENCES chats (id),
    agent_id      TEXT NOT NULL REFERENCES agents (id),
    template      TEXT NOT NULL,
    template_name TEXT NOT NULL,   -- as it was named when sent
    channel       TEXT NOT NULL,   -- where it went (the weekend channel on weekends, holidays)
    channel_name  TEXT NOT NULL,
    fields        TEXT NOT NULL,   -- JSON: [[label, value], ...] in the template's order
    warnings      TEXT NOT NULL DEFAULT '[]',  -- JSON: the warnings the agent sent it with
    state         TEXT NOT NULL CHECK (state IN ('open', 'claimed', 'answered')),
    claimed_by    TEXT REFERENCES agents (id),
    created_ms    INTEGER NOT NULL,
    claimed_ms    INTEGER,
    answered_ms   INTEGER
);
CREATE INDEX escalations_by_chat ON escalations (chat_id, created_ms);
CREATE INDEX escalations_by_agent ON escalations (agent_id, created_ms);
CREATE INDEX escalations_by_state ON escalations (state, created_ms);

-- The thread under an escalation: the leads' answers and the agent's.
CREATE TABLE escalation_replies (
    seq           INTEGER PRIMARY KEY,
    escalation_id TEXT NOT NULL REFERENCES escalations (id),
    author_id     TEXT NOT NULL REFERENCES agents (id),
    author_role   TEXT NOT NULL CHECK (author_role IN ('agent', 'lead')),
    body          TEXT NOT NULL,
    at_ms         INTEGER NOT NULL
);
CREATE INDEX escalation_replies_by_escalation ON escalation_replies (escalation_id, seq);
