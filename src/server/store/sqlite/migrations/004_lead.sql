-- A lead's note to the agent of a chat. Never part of the transcript and never sent to the
-- customer: it lives here and on the agent's and the leads' event streams only.
CREATE TABLE whispers (
    id      TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats (id),
    lead_id TEXT NOT NULL REFERENCES agents (id),
    body    TEXT NOT NULL,
    at_ms   INTEGER NOT NULL
);
CREATE INDEX whispers_by_chat ON whispers (chat_id, at_ms);

-- The leads' floor counts today's replies that came after the reply SLA, in the chats still
-- open and those that ended today: this finds the latter without reading every chat.
CREATE INDEX chats_ended ON chats (ended_ms) WHERE state = 'ended';
