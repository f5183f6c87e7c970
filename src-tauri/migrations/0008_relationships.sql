-- Relationships: the interaction log (calls, e-mails, visits, meetings, messages with the people on both sides) and
-- stay-in-touch cadences per organization or contact.

CREATE TABLE interactions (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('call', 'email', 'visit', 'meeting', 'message')),
    occurred_at TEXT NOT NULL,
    summary TEXT,
    follow_up_date TEXT,
    -- The task the follow-up date became.
    follow_up_task_id TEXT REFERENCES tasks (id),
    -- The held meeting this interaction was logged for (one per meeting).
    meeting_id TEXT REFERENCES meetings (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX interactions_when ON interactions (occurred_at DESC, id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX interactions_meeting ON interactions (meeting_id) WHERE meeting_id IS NOT NULL;

CREATE TABLE interaction_organizations (
    interaction_id TEXT NOT NULL REFERENCES interactions (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (interaction_id, organization_id)
);
CREATE INDEX interaction_organizations_org ON interaction_organizations (organization_id, interaction_id);

CREATE TABLE interaction_contacts (
    interaction_id TEXT NOT NULL REFERENCES interactions (id),
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (interaction_id, contact_id)
);
CREATE INDEX interaction_contacts_contact ON interaction_contacts (contact_id, interaction_id);

-- How often to be in touch with an organization or a contact (exactly one of the two), and a snooze.
CREATE TABLE cadences (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    contact_id TEXT REFERENCES contacts (id),
    every_days INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 3650),
    snoozed_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    CHECK ((organization_id IS NULL) <> (contact_id IS NULL))
);
CREATE UNIQUE INDEX cadences_organization ON cadences (organization_id) WHERE organization_id IS NOT NULL;
CREATE UNIQUE INDEX cadences_contact ON cadences (contact_id) WHERE contact_id IS NOT NULL;

-- The commitments ledger: what others owe us ("waiting_on") and what we promised ("we_owe").
CREATE TABLE commitments (
    id TEXT PRIMARY KEY NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('waiting_on', 'we_owe')),
    title TEXT NOT NULL,
    -- The counterparty: an organization or department, or a contact (at least one).
    organization_id TEXT REFERENCES organizations (id),
    contact_id TEXT REFERENCES contacts (id),
    -- Who on our side answers for it.
    owner_contact_id TEXT REFERENCES contacts (id),
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'released', 'broken')),
    notes TEXT,
    -- Where it came from.
    meeting_id TEXT REFERENCES meetings (id),
    decision_id TEXT REFERENCES meeting_decisions (id),
    interaction_id TEXT REFERENCES interactions (id),
    task_id TEXT REFERENCES tasks (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    CHECK (organization_id IS NOT NULL OR contact_id IS NOT NULL)
);
CREATE INDEX commitments_open_due ON commitments (status, ifnull(due_date, '9999-12-31'), id) WHERE deleted_at IS NULL;
CREATE INDEX commitments_org ON commitments (organization_id, due_date) WHERE deleted_at IS NULL;
CREATE INDEX commitments_contact ON commitments (contact_id, due_date) WHERE deleted_at IS NULL;
