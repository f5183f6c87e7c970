-- The first schema of Liaison Desk. Every table carries created_at / updated_at / deleted_at (soft delete, so sync
-- can carry tombstones). name_sort holds the pinyin sort key, search_text the lower-case name plus its pinyin.

CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('partner', 'supplier', 'client', 'department')),
    name TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search_text TEXT NOT NULL,
    tier TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    address TEXT,
    website TEXT,
    notes TEXT,
    lead_contact_id TEXT REFERENCES contacts (id),
    weekly_capacity_hours REAL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX organizations_kind_name ON organizations (kind, name_sort, id) WHERE deleted_at IS NULL;
CREATE INDEX organizations_name ON organizations (name_sort, id) WHERE deleted_at IS NULL;
CREATE INDEX organizations_updated ON organizations (updated_at, id) WHERE deleted_at IS NULL;

CREATE TABLE contacts (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search_text TEXT NOT NULL,
    title TEXT,
    organization_id TEXT REFERENCES organizations (id),
    emails TEXT NOT NULL DEFAULT '[]',
    phones TEXT NOT NULL DEFAULT '[]',
    wechat TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX contacts_name ON contacts (name_sort, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_updated ON contacts (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_org ON contacts (organization_id, name_sort, id) WHERE deleted_at IS NULL;

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search_text TEXT NOT NULL,
    code TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'active', 'on_hold', 'done', 'cancelled')),
    start_date TEXT,
    due_date TEXT,
    budget_planned INTEGER CHECK (budget_planned >= 0),
    budget_actual INTEGER CHECK (budget_actual >= 0),
    currency TEXT NOT NULL DEFAULT 'CNY',
    owner_department_id TEXT REFERENCES organizations (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX projects_name ON projects (name_sort, id) WHERE deleted_at IS NULL;
CREATE INDEX projects_status_name ON projects (status, name_sort, id) WHERE deleted_at IS NULL;
CREATE INDEX projects_due ON projects (ifnull(due_date, '9999-12-31'), id) WHERE deleted_at IS NULL;
CREATE INDEX projects_updated ON projects (updated_at, id) WHERE deleted_at IS NULL;

CREATE TABLE project_organizations (
    project_id TEXT NOT NULL REFERENCES projects (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    role TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (project_id, organization_id)
);
CREATE INDEX project_organizations_org ON project_organizations (organization_id);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    location TEXT,
    organizer_contact_id TEXT REFERENCES contacts (id),
    project_id TEXT REFERENCES projects (id),
    agenda TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_starts ON meetings (starts_at, id) WHERE deleted_at IS NULL;
CREATE INDEX meetings_project ON meetings (project_id, starts_at) WHERE deleted_at IS NULL;

CREATE TABLE meeting_attendees (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (meeting_id, contact_id)
);
CREATE INDEX meeting_attendees_contact ON meeting_attendees (contact_id);

CREATE TABLE meeting_organizations (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (meeting_id, organization_id)
);
CREATE INDEX meeting_organizations_org ON meeting_organizations (organization_id);

CREATE TABLE meeting_decisions (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions (meeting_id, position);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    description TEXT,
    project_id TEXT REFERENCES projects (id),
    meeting_id TEXT REFERENCES meetings (id),
    assignee_contact_id TEXT REFERENCES contacts (id),
    assignee_department_id TEXT REFERENCES organizations (id),
    due_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'blocked', 'done', 'cancelled')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    estimate_hours REAL,
    scheduled_start TEXT,
    scheduled_end TEXT,
    sort_key REAL NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX tasks_manual ON tasks (sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_due ON tasks (ifnull(due_date, '9999-12-31'), id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_updated ON tasks (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_project ON tasks (project_id, sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_meeting ON tasks (meeting_id, sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_status_due ON tasks (status, due_date) WHERE deleted_at IS NULL;

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
