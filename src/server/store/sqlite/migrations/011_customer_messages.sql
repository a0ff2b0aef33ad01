-- A customer's stream replays its chat's messages from the messages themselves (they carry
-- their event's id), so a message event needs no entry in the customer's index: one b-tree
-- page fewer written per message. Events stored with a full copy of their message (before
-- 009) have no message key and stay in the index, replayed as they are.
DROP INDEX events_for_customer;
CREATE INDEX events_for_customer ON events (chat_id, seq)
    WHERE to_customer = 1 AND message_sender IS NULL;
