-- Projects beyond a task list: milestones, subtasks and finish-to-start dependencies, the risk register with its
-- review history, budget lines, a manual health override, and the editable summaries kept with status reports.

CREATE TABLE milestones (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    title TEXT NOT NULL,
    target_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    -- The day it was reached (user's zone), set when it is marked done.
    done_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX milestones_project ON milestones (project_id, target_date) WHERE deleted_at IS NULL;

-- A subtask names its parent; a task may count towards one milestone.
ALTER TABLE tasks ADD COLUMN parent_id TEXT REFERENCES tasks (id);
ALTER TABLE tasks ADD COLUMN milestone_id TEXT REFERENCES milestones (id);
CREATE INDEX tasks_parent ON tasks (parent_id) WHERE deleted_at IS NULL AND parent_id IS NOT NULL;
CREATE INDEX tasks_milestone ON tasks (milestone_id) WHERE deleted_at IS NULL AND milestone_id IS NOT NULL;

-- Finish-to-start: the successor should not start (or be due) before the predecessor ends. Cycles are refused by
-- the service (domain::plan::creates_cycle) before a row is written.
CREATE TABLE task_dependencies (
    predecessor_id TEXT NOT NULL REFERENCES tasks (id),
    successor_id TEXT NOT NULL REFERENCES tasks (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (predecessor_id, successor_id),
    CHECK (predecessor_id != successor_id)
);
CREATE INDEX task_dependencies_successor ON task_dependencies (successor_id) WHERE deleted_at IS NULL;

CREATE TABLE risks (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    title TEXT NOT NULL,
    description TEXT,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    owner_contact_id TEXT REFERENCES contacts (id),
    mitigation TEXT,
    due_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'mitigating', 'closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX risks_project ON risks (project_id, status) WHERE deleted_at IS NULL;

-- Each review records the scores as assessed that day; two high reviews in a row flag the risk.
CREATE TABLE risk_reviews (
    id TEXT PRIMARY KEY NOT NULL,
    risk_id TEXT NOT NULL REFERENCES risks (id),
    reviewed_on TEXT NOT NULL,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX risk_reviews_risk ON risk_reviews (risk_id, reviewed_on) WHERE deleted_at IS NULL;

-- Money in integer minor units with its currency; spent_on dates the actual amount for the burn chart.
CREATE TABLE budget_lines (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    category TEXT NOT NULL,
    description TEXT,
    planned INTEGER NOT NULL CHECK (planned >= 0),
    actual INTEGER NOT NULL CHECK (actual >= 0),
    currency TEXT NOT NULL,
    spent_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX budget_lines_project ON budget_lines (project_id, spent_on) WHERE deleted_at IS NULL;

-- A manual RAG override: a status, why, and the last day it holds.
ALTER TABLE projects ADD COLUMN health_override TEXT CHECK (health_override IN ('green', 'amber', 'red'));
ALTER TABLE projects ADD COLUMN health_override_comment TEXT;
ALTER TABLE projects ADD COLUMN health_override_until TEXT;

-- The summary paragraph the user wrote for one status report: a project's or a department's, for one ISO week.
CREATE TABLE status_reports (
    id TEXT PRIMARY KEY NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('project', 'department')),
    scope_id TEXT NOT NULL,
    week TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE UNIQUE INDEX status_reports_week ON status_reports (scope, scope_id, week);
