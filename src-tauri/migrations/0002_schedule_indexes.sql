-- Range lookups for the planner and the dashboard: meetings ending after a point in time, and scheduled task blocks.
CREATE INDEX meetings_ends ON meetings (ends_at, starts_at) WHERE deleted_at IS NULL;
CREATE INDEX tasks_scheduled ON tasks (scheduled_start, scheduled_end)
    WHERE deleted_at IS NULL AND scheduled_start IS NOT NULL;
