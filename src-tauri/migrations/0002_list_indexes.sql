-- Indexes for list pages and range lookups. A keyset page is fast only when one index holds the filter column, the
-- sort expression and the id in that order, so each filter + sort pair the app offers gets one.

-- Organizations by kind, most recently changed first.
CREATE INDEX organizations_kind_updated ON organizations (kind, updated_at, id) WHERE deleted_at IS NULL;

-- Projects by status, by due date or recently changed.
CREATE INDEX projects_status_due ON projects (status, ifnull(due_date, '9999-12-31'), id) WHERE deleted_at IS NULL;
CREATE INDEX projects_status_updated ON projects (status, updated_at, id) WHERE deleted_at IS NULL;

-- Tasks by status in each order, and a project's or meeting's tasks by due date.
DROP INDEX tasks_status_due;
CREATE INDEX tasks_status_manual ON tasks (status, sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_status_due ON tasks (status, ifnull(due_date, '9999-12-31'), id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_status_updated ON tasks (status, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_project_due ON tasks (project_id, ifnull(due_date, '9999-12-31'), id) WHERE deleted_at IS NULL;

-- Contacts of one organization, recently changed first.
CREATE INDEX contacts_org_updated ON contacts (organization_id, updated_at, id) WHERE deleted_at IS NULL;

-- Range lookups for the planner and the dashboard: meetings ending after a point in time, scheduled task blocks.
CREATE INDEX meetings_ends ON meetings (ends_at, starts_at) WHERE deleted_at IS NULL;
CREATE INDEX tasks_scheduled ON tasks (scheduled_start, scheduled_end)
    WHERE deleted_at IS NULL AND scheduled_start IS NOT NULL;
