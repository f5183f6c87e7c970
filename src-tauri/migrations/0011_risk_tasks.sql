-- The tasks a risk is linked to (the work that mitigates it or that it threatens). Soft-deleted like every link,
-- so sync has tombstones; a link may keep pointing at a task deleted later (shown struck through).
CREATE TABLE risk_tasks (
    risk_id TEXT NOT NULL REFERENCES risks (id),
    task_id TEXT NOT NULL REFERENCES tasks (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (risk_id, task_id)
);
CREATE INDEX risk_tasks_task ON risk_tasks (task_id) WHERE deleted_at IS NULL;
