-- The schema of the SQLite store after its migrations 001-013, in one step. The same tables,
-- columns and indexes, and the same types wherever the two dialects agree, so that the SQL in
-- store::sql runs on both: ids, names and JSON as TEXT, moments as BIGINT milliseconds since
-- the epoch, flags as INTEGER 0/1. Where they differ, on purpose and nowhere else:
--   * counters that SQLite takes from its rowid are identity columns here
--     (escalation_replies.seq);
--   * SQLite's WITHOUT ROWID tables are plain tables with the same primary key; messages,
--     which SQLite clusters by chat, have an index by (chat_id, seq) for a transcript's order;
--   * events.seq is the one cluster-wide order of events: it is given under a transaction
--     advisory lock (store::postgres::events), never by a sequence, so that events commit in
--     the order of their ids.

CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'lead')),
    queues        TEXT NOT NULL,            -- comma-separated queue ids
    token_hash    TEXT NOT NULL UNIQUE,     -- SHA-256 of the sign-in token, hex
    presence      TEXT NOT NULL,
    presence_ms   BIGINT NOT NULL,
    idle_since_ms BIGINT NOT NULL,
    created_ms    BIGINT NOT NULL,
    removed_ms    BIGINT
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
    created_ms        BIGINT NOT NULL,
    queued_ms         BIGINT NOT NULL,
    accepted_ms       BIGINT,
    ended_ms          BIGINT,
    ended_by          TEXT,
    transfer_note     TEXT,
    disposition_code  TEXT,
    disposition_notes TEXT,
    transferred_from  TEXT REFERENCES agents (id),
    transferred_ms    BIGINT,
    verification      TEXT NOT NULL DEFAULT '[]',
    verified_ms       BIGINT,
    hold_since_ms     BIGINT,
    nudged_ms         BIGINT,
    last_agent_ms     BIGINT,
    last_customer_ms  BIGINT,
    disposition_tags  TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX chats_waiting ON chats (queued_ms) WHERE state = 'queued';
CREATE INDEX chats_by_agent ON chats (agent_id, state);
CREATE INDEX chats_active ON chats (accepted_ms) WHERE state = 'active';
CREATE INDEX chats_ended ON chats (ended_ms) WHERE state = 'ended';
CREATE INDEX chats_queue_line ON chats (queue, queued_ms, id) WHERE state = 'queued';

CREATE TABLE messages (
    chat_id       TEXT NOT NULL REFERENCES chats (id),
    seq           BIGINT NOT NULL,
    id            TEXT NOT NULL,
    author        TEXT NOT NULL,
    sender        TEXT NOT NULL,
    author_name   TEXT NOT NULL,
    body          TEXT NOT NULL,
    client_msg_id TEXT NOT NULL,
    at_ms         BIGINT NOT NULL,
    PRIMARY KEY (chat_id, sender, client_msg_id)
);
CREATE INDEX messages_by_chat ON messages (chat_id, seq);

CREATE TABLE offers (
    id            TEXT PRIMARY KEY,
    chat_id       TEXT NOT NULL REFERENCES chats (id),
    agent_id      TEXT NOT NULL REFERENCES agents (id),
    state         TEXT NOT NULL,
    created_ms    BIGINT NOT NULL,
    expires_ms    BIGINT NOT NULL,
    ended_ms      BIGINT,
    transfer_from TEXT REFERENCES agents (id),
    transfer_note TEXT
);
CREATE INDEX offers_pending ON offers (expires_ms) WHERE state = 'pending';
CREATE INDEX offers_by_chat ON offers (chat_id);

CREATE TABLE events (
    seq               BIGINT PRIMARY KEY,
    chat_id           TEXT,
    to_customer       INTEGER NOT NULL,
    to_agent          TEXT,
    to_queue          TEXT,
    kind              TEXT NOT NULL,
    json              TEXT NOT NULL,
    to_leads          INTEGER NOT NULL DEFAULT 0,
    message_sender    TEXT,
    message_client_id TEXT
);
CREATE INDEX events_for_customer ON events (chat_id, seq)
    WHERE to_customer = 1 AND message_sender IS NULL;
CREATE INDEX events_for_agent ON events (to_agent, seq) WHERE to_agent IS NOT NULL;
CREATE INDEX events_for_queue ON events (to_queue, seq) WHERE to_queue IS NOT NULL;
CREATE INDEX events_for_leads ON events (seq) WHERE to_leads = 1;

CREATE TABLE commitments (
    id         TEXT PRIMARY KEY,
    chat_id    TEXT NOT NULL UNIQUE REFERENCES chats (id),
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    due_ms     BIGINT NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('call', 'email')),
    note       TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    done_ms    BIGINT
);
CREATE INDEX commitments_open_by_agent ON commitments (agent_id, due_ms) WHERE done_ms IS NULL;

CREATE TABLE tickets (
    id         TEXT PRIMARY KEY,
    chat_id    TEXT NOT NULL UNIQUE REFERENCES chats (id),
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    subject    TEXT NOT NULL,
    contact    TEXT NOT NULL CHECK (contact IN ('call_back', 'email')),
    note       TEXT,
    created_ms BIGINT NOT NULL
);
CREATE INDEX tickets_by_agent ON tickets (agent_id, created_ms);

CREATE TABLE escalations (
    id            TEXT PRIMARY KEY,
    chat_id       TEXT NOT NULL REFERENCES chats (id),
    agent_id      TEXT NOT NULL REFERENCES agents (id),
    template      TEXT NOT NULL,
    template_name TEXT NOT NULL,
    channel       TEXT NOT NULL,
    channel_name  TEXT NOT NULL,
    fields        TEXT NOT NULL,
    warnings      TEXT NOT NULL DEFAULT '[]',
    state         TEXT NOT NULL CHECK (state IN ('open', 'claimed', 'answered')),
    claimed_by    TEXT REFERENCES agents (id),
    created_ms    BIGINT NOT NULL,
    claimed_ms    BIGINT,
    answered_ms   BIGINT,
    closed_ms     BIGINT,
    closed_by     TEXT REFERENCES agents (id)
);
CREATE INDEX escalations_by_chat ON escalations (chat_id, created_ms);
CREATE INDEX escalations_by_agent ON escalations (agent_id, created_ms);
CREATE INDEX escalations_by_state ON escalations (state, created_ms);
CREATE INDEX escalations_by_answered ON escalations (state, answered_ms);

CREATE TABLE escalation_replies (
    seq           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    escalation_id TEXT NOT NULL REFERENCES escalations (id),
    author_id     TEXT NOT NULL REFERENCES agents (id),
    author_role   TEXT NOT NULL CHECK (author_role IN ('agent', 'lead')),
    body          TEXT NOT NULL,
    at_ms         BIGINT NOT NULL
);
CREATE INDEX escalation_replies_by_escalation ON escalation_replies (escalation_id, seq);

CREATE TABLE whispers (
    id      TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats (id),
    lead_id TEXT NOT NULL REFERENCES agents (id),
    body    TEXT NOT NULL,
    at_ms   BIGINT NOT NULL
);
CREATE INDEX whispers_by_chat ON whispers (chat_id, at_ms);

CREATE TABLE missed_chats (
    id                TEXT PRIMARY KEY,
    chat_id           TEXT NOT NULL UNIQUE REFERENCES chats (id),
    customer_name     TEXT NOT NULL,
    customer_email    TEXT NOT NULL,
    client_id         TEXT,
    queue             TEXT NOT NULL,
    first_message     TEXT,
    waited_ms         BIGINT NOT NULL,
    why               TEXT NOT NULL,
    created_ms        BIGINT NOT NULL,
    claimed_by        TEXT REFERENCES agents (id),
    claimed_ms        BIGINT,
    followed_up_by    TEXT REFERENCES agents (id),
    followed_up_ms    BIGINT,
    follow_up_action  TEXT,
    follow_up_note    TEXT
);
CREATE INDEX missed_open ON missed_chats (created_ms) WHERE followed_up_ms IS NULL;

CREATE TABLE reviews (
    chat_id          TEXT PRIMARY KEY REFERENCES chats (id),
    agent_id         TEXT NOT NULL REFERENCES agents (id),
    ended_ms         BIGINT NOT NULL,
    disposition_code TEXT,
    flags            TEXT NOT NULL,
    derived_ms       BIGINT NOT NULL,
    score            INTEGER CHECK (score BETWEEN 1 AND 5),
    comment          TEXT,
    scored_by        TEXT REFERENCES agents (id),
    scored_ms        BIGINT,
    parts            TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX reviews_by_ended ON reviews (ended_ms);
CREATE INDEX reviews_by_agent ON reviews (agent_id, ended_ms);

CREATE TABLE hold_starts (
    chat_id TEXT NOT NULL REFERENCES chats (id),
    at_ms   BIGINT NOT NULL,
    PRIMARY KEY (chat_id, at_ms)
);

CREATE TABLE chat_parts (
    chat_id  TEXT NOT NULL REFERENCES chats (id),
    agent_id TEXT NOT NULL REFERENCES agents (id),
    from_ms  BIGINT NOT NULL,
    PRIMARY KEY (chat_id, from_ms, agent_id)
);
CREATE INDEX chat_parts_by_agent ON chat_parts (agent_id, chat_id);
