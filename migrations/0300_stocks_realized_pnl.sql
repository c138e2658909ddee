-- Realised profit or loss of each sale, kept with the trade (the seed only
-- showed it once). NULL for buys and for sales recorded before this column.
ALTER TABLE stock_transactions ADD COLUMN IF NOT EXISTS realized_pnl NUMERIC(18,4);
