-- Coordination: the department conflict log (departments at odds, each side's position, the mediation and every
-- status change) and the supplier scorecard (incidents and deliveries, from which the score is computed).

CREATE TABLE conflicts (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    -- Who mediates (usually one of our own people).
    mediator_contact_id TEXT REFERENCES contacts (id),
    -- The options considered and the agreed resolution, in Markdown.
    options TEXT,
    resolution TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'mediating', 'resolved', 'escalated')),
    review_date TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX conflicts_review ON conflicts (status, ifnull(review_date, '9999-12-31'), id) WHERE deleted_at IS NULL;

-- The departments involved (two or more), each with its position.
CREATE TABLE conflict_departments (
    conflict_id TEXT NOT NULL REFERENCES conflicts (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    position TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (conflict_id, organization_id)
);
CREATE INDEX conflict_departments_org ON conflict_departments (organization_id, conflict_id);

-- Every status change of a conflict (its recording included, from NULL), who made it and when. Never edited.
CREATE TABLE conflict_events (
    id TEXT PRIMARY KEY NOT NULL,
    conflict_id TEXT NOT NULL REFERENCES conflicts (id),
    from_status TEXT CHECK (from_status IN ('open', 'mediating', 'resolved', 'escalated')),
    to_status TEXT NOT NULL CHECK (to_status IN ('open', 'mediating', 'resolved', 'escalated')),
    by_contact_id TEXT REFERENCES contacts (id),
    note TEXT,
    at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX conflict_events_conflict ON conflict_events (conflict_id, at, id);

-- A supplier's incidents: late delivery, quality, communication; severity 1 (minor) to 3 (critical).
CREATE TABLE supplier_incidents (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL CHECK (kind IN ('late_delivery', 'quality', 'communication')),
    severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    occurred_on TEXT NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX supplier_incidents_org ON supplier_incidents (organization_id, occurred_on) WHERE deleted_at IS NULL;

-- A supplier's deliveries: the date promised and the date it came (NULL while outstanding).
CREATE TABLE supplier_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    title TEXT NOT NULL,
    promised_on TEXT NOT NULL,
    delivered_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX supplier_deliveries_org ON supplier_deliveries (organization_id, promised_on) WHERE deleted_at IS NULL;
