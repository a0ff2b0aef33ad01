-- A review of every ended chat that had an agent: flags derived from what happened (JSON of
-- protocol::ReviewFlags, recomputed when the chat ends and when its wrap-up is recorded) and
-- the lead's score. Recomputing never touches the score.
CREATE TABLE reviews (
    chat_id          TEXT PRIMARY KEY REFERENCES chats (id),
    agent_id         TEXT NOT NULL REFERENCES agents (id),
    ended_ms         INTEGER NOT NULL,
    disposition_code TEXT,
    flags            TEXT NOT NULL,
    derived_ms       INTEGER NOT NULL,
    score            INTEGER CHECK (score BETWEEN 1 AND 5),
    comment          TEXT,
    scored_by        TEXT REFERENCES agents (id),
    scored_ms        INTEGER
);
CREATE INDEX reviews_by_ended ON reviews (ended_ms);
CREATE INDEX reviews_by_agent ON reviews (agent_id, ended_ms);

-- Every moment a customer was put on hold (chats.hold_since_ms forgets it when hold ends).
CREATE TABLE hold_starts (
    chat_id TEXT NOT NULL REFERENCES chats (id),
    at_ms   INTEGER NOT NULL,
    PRIMARY KEY (chat_id, at_ms)
) WITHOUT ROWID;
