-- What the customer is told of a transfer to a colleague: kept with the offer and said only
-- when the colleague accepts it (a declined or expired offer tells the customer nothing).
ALTER TABLE offers ADD COLUMN transfer_notice TEXT;
