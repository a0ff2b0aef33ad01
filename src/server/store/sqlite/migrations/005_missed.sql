-- Chats whose customer left before any agent answered, kept for the team to follow up.
-- One per chat: ending a chat twice records nothing new.
CREATE TABLE missed_chats (
    id                TEXT PRIMARY KEY,
    chat_id           TEXT NOT NULL UNIQUE REFERENCES chats (id),
    customer_name     TEXT NOT NULL,
    customer_email    TEXT NOT NULL,
    client_id         TEXT,
    queue             TEXT NOT NULL,
    first_message     TEXT,
    waited_ms         INTEGER NOT NULL,
    why               TEXT NOT NULL,   -- customer_left_queue, customer_left_unanswered, ...
    created_ms        INTEGER NOT NULL,
    claimed_by        TEXT REFERENCES agents (id),
    claimed_ms        INTEGER,
    followed_up_by    TEXT REFERENCES agents (id),
    followed_up_ms    INTEGER,
    follow_up_action  TEXT,
    follow_up_note    TEXT
);
CREATE INDEX missed_open ON missed_chats (created_ms) WHERE followed_up_ms IS NULL;
