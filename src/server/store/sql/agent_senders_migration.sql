-- Both stores run this migration: SQLite as its 15th, PostgreSQL as its 3rd.
-- An agent's id was once put through card masking as the sender of their messages, and an id
-- whose digits read as a card number (`…-4111-1111-1111-1111…`) was stored with `*` in them:
-- the lead's floor could not read it back, and the agent's retries and split-card check did
-- not find their own messages. Each such sender is set back to the one agent whose id it masks
-- (`*` stood for one hexadecimal digit), in the messages and in the events that refer to them.
UPDATE messages
SET sender = (SELECT a.id FROM agents a
              WHERE length(a.id) = length(messages.sender)
                AND a.id LIKE replace(messages.sender, '*', '_'))
WHERE author = 'agent' AND sender LIKE '%*%'
  AND (SELECT count(*) FROM agents a
       WHERE length(a.id) = length(messages.sender)
         AND a.id LIKE replace(messages.sender, '*', '_')) = 1;

UPDATE events
SET message_sender = (SELECT a.id FROM agents a
                      WHERE length(a.id) = length(events.message_sender)
                        AND a.id LIKE replace(events.message_sender, '*', '_'))
WHERE message_sender LIKE '%*%'
  AND (SELECT count(*) FROM agents a
       WHERE length(a.id) = length(events.message_sender)
         AND a.id LIKE replace(events.message_sender, '*', '_')) = 1;
