-- Minutes per occurrence of a recurring meeting. An occurrence that someone writes minutes for gets its own
-- meetings row: series_id names its series and occurrence its original start (UTC RFC 3339, the key
-- meeting_exceptions and the .ics RECURRENCE-ID use too). Its starts_at/ends_at are the times it is held at, and
-- recurrence stays NULL: only the series row is expanded. The minutes a series had shared until now are moved to
-- the occurrence held most recently by a step in Rust after this script (store::meetings::split_shared_minutes),
-- since finding that occurrence needs the recurrence rules.
ALTER TABLE meetings ADD COLUMN series_id TEXT REFERENCES meetings (id);
ALTER TABLE meetings ADD COLUMN occurrence TEXT;
CREATE UNIQUE INDEX meetings_occurrence ON meetings (series_id, occurrence)
    WHERE series_id IS NOT NULL AND deleted_at IS NULL;
