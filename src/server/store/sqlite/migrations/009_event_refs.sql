-- A message.created event refers to its message's row (by the message's key) instead of
-- holding a second copy of the message; streams read the message back when they replay it.
-- Events stored before this keep their full copy and are replayed as they are.
ALTER TABLE events ADD COLUMN message_sender TEXT;
ALTER TABLE events ADD COLUMN message_client_id TEXT;
