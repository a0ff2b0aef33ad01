-- Agents and leads. A removed agent keeps its row (chats refer to it) but can no longer sign in.
CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'lead')),
    queues        TEXT NOT NULL,            -- comma-separated queue ids
    token_hash    TEXT NOT NULL UNIQUE,     -- SHA-256 of the sign-in token, hex
    presence      TEXT NOT NULL,
    presence_ms   INTEGER NOT NULL,
    idle_since_ms INTEGER NOT NULL,
    created_ms    INTEGER NOT NULL,
    removed_ms    INTEGER
);
CREATE UNIQUE INDEX agents_by_name ON agents (name) WHERE removed_ms IS NULL;

CREATE TABLE chats (
    id                TEXT PRIMARY KEY,
    token_hash        TEXT NOT NULL UNIQUE,
    queue             TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('queued', 'active', 'ended')),
    customer_name     TEXT NOT NULL,
    customer_email    TEXT NOT NULL,
    client_id         TEXT,
    agent_id          TEXT REFERENCES agents (id),
    created_ms        INTEGER NOT NULL,
    queued_ms         INTEGER NOT NULL,
    accepted_ms       INTEGER,
    ended_ms          INTEGER,
    ended_by          TEXT,
    transfer_note     TEXT,
    disposition_code  TEXT,
    disposition_notes TEXT,
    transferred_from  TEXT REFERENCES agents (id),  -- last agent who sent it back to a queue
    transferred_ms    INTEGER
);
CREATE INDEX chats_waiting ON chats (queued_ms) WHERE state = 'queued';
CREATE INDEX chats_by_agent ON chats (agent_id, state);

-- Clustered by chat and keyed by who sent it with which client id: a transcript is one range
-- read, and a resent message is found without a second index. One b-tree page per message
-- written, which is what bounds the write rate.
CREATE TABLE messages (
    chat_id       TEXT NOT NULL REFERENCES chats (id),
    seq           INTEGER NOT NULL,
    id            TEXT NOT NULL,
    author        TEXT NOT NULL,            -- customer, agent or system
    sender        TEXT NOT NULL,            -- 'customer', 'system' or the agent's id
    author_name   TEXT NOT NULL,
    body          TEXT NOT NULL,
    client_msg_id TEXT NOT NULL,
    at_ms         INTEGER NOT NULL,
    PRIMARY KEY (chat_id, sender, client_msg_id)
) WITHOUT ROWID;

CREATE TABLE offers (
    id         TEXT PRIMARY KEY,
    chat_id    TEXT NOT NULL REFERENCES chats (id),
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    state      TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    ended_ms   INTEGER
);
CREATE INDEX offers_pending ON offers (expires_ms) WHERE state = 'pending';
CREATE INDEX offers_by_chat ON offers (chat_id);

-- One increasing sequence of everything that happened; streams replay from it.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    chat_id     TEXT,
    to_customer INTEGER NOT NULL,
    to_agent    TEXT,
    to_queue    TEXT,
    kind        TEXT NOT NULL,
    json        TEXT NOT NULL
);
CREATE INDEX events_for_customer ON events (chat_id, seq) WHERE to_customer = 1;
CREATE INDEX events_for_agent ON events (to_agent, seq) WHERE to_agent IS NOT NULL;
CREATE INDEX events_for_queue ON events (to_queue, seq) WHERE to_queue IS NOT NULL;
