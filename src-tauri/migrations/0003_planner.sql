-- The planner: recurring meetings and their per-occurrence exceptions, and the backlog of unscheduled tasks.

-- A recurring meeting keeps its first occurrence in starts_at/ends_at and its rule as JSON (domain::recurrence).
-- series_ends_at is the end of the last occurrence (NULL when endless) so a range query can skip finished series.
ALTER TABLE meetings ADD COLUMN recurrence TEXT;
ALTER TABLE meetings ADD COLUMN series_ends_at TEXT;
CREATE INDEX meetings_recurring ON meetings (starts_at, series_ends_at)
    WHERE deleted_at IS NULL AND recurrence IS NOT NULL;

-- One row per occurrence that was moved or cancelled; `occurrence` is its original start (UTC RFC 3339), which is
-- also its RECURRENCE-ID in iCalendar.
CREATE TABLE meeting_exceptions (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    occurrence TEXT NOT NULL,
    cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    starts_at TEXT,
    ends_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (meeting_id, occurrence),
    CHECK (cancelled = 1 OR (starts_at IS NOT NULL AND ends_at > starts_at))
);
-- Moved occurrences are looked up by their new time as well as by series.
CREATE INDEX meeting_exceptions_moved ON meeting_exceptions (ends_at, starts_at)
    WHERE deleted_at IS NULL AND cancelled = 0;

-- The colour a project or department has in the planner, picked from the app's palette; NULL means one derived
-- from its id.
ALTER TABLE projects ADD COLUMN color TEXT;
ALTER TABLE organizations ADD COLUMN color TEXT;

-- The backlog: open tasks without a time block, by due date.
CREATE INDEX tasks_backlog ON tasks (due_date, sort_key)
    WHERE deleted_at IS NULL AND scheduled_start IS NULL AND status IN ('todo', 'in_progress', 'blocked');

-- Blocks overlapping a range are found by their end (end > range start), like meetings_ends.
CREATE INDEX tasks_scheduled_end ON tasks (scheduled_end, scheduled_start)
    WHERE deleted_at IS NULL AND scheduled_start IS NOT NULL;
