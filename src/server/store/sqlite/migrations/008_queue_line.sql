-- The line of one queue, in order: a customer's place in it is counted from this index alone,
-- and the chats waiting in a queue are listed without reading every waiting chat.
CREATE INDEX chats_queue_line ON chats (queue, queued_ms, id) WHERE state = 'queued';
