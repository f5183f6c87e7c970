-- Meetings and minutes: agenda items, attendance, decisions that concern a party, series links and templates.

-- A meeting may follow an earlier one (its series of minutes); open action items and unfinished agenda items of the
-- earlier meeting carry forward into it.
ALTER TABLE meetings ADD COLUMN previous_meeting_id TEXT REFERENCES meetings (id);
CREATE INDEX meetings_previous ON meetings (previous_meeting_id)
    WHERE deleted_at IS NULL AND previous_meeting_id IS NOT NULL;

ALTER TABLE meeting_attendees ADD COLUMN attendance TEXT NOT NULL DEFAULT 'invited'
    CHECK (attendance IN ('invited', 'present', 'absent', 'excused'));

-- sort_key is a fractional drag order; carried_from_id points at the unfinished item this one continues.
CREATE TABLE meeting_agenda_items (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    title TEXT NOT NULL,
    owner_contact_id TEXT REFERENCES contacts (id),
    planned_minutes INTEGER CHECK (planned_minutes BETWEEN 0 AND 1440),
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    carried_from_id TEXT REFERENCES meeting_agenda_items (id),
    sort_key REAL NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX meeting_agenda_items_meeting ON meeting_agenda_items (meeting_id, sort_key) WHERE deleted_at IS NULL;

-- The agenda was free text until now: each non-empty line becomes an item, without its "1. " or "- " marker.
-- These migrated rows get random hex ids rather than UUIDv7 (SQLite has no clock-ordered id); ids are opaque.
WITH RECURSIVE split (meeting_id, line, rest, n) AS (
    SELECT id, '', agenda || char(10), 0 FROM meetings WHERE agenda IS NOT NULL AND trim(agenda) != ''
    UNION ALL
    SELECT meeting_id,
           trim(substr(rest, 1, instr(rest, char(10)) - 1), ' ' || char(9) || char(13)),
           substr(rest, instr(rest, char(10)) + 1),
           n + 1
    FROM split WHERE rest != ''
)
INSERT INTO meeting_agenda_items (id, meeting_id, title, sort_key, created_at, updated_at)
SELECT lower(hex(randomblob(16))), meeting_id,
       CASE
           WHEN line GLOB '[0-9]. *' THEN trim(substr(line, 3))
           WHEN line GLOB '[0-9][0-9]. *' THEN trim(substr(line, 4))
           WHEN line GLOB '[-*] *' THEN trim(substr(line, 2))
           ELSE line
       END,
       n, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM split WHERE line != '';
UPDATE meetings SET agenda = NULL WHERE agenda IS NOT NULL;

-- The department or organization a decision concerns (NULL: everyone); follow-up packs pick decisions by it.
ALTER TABLE meeting_decisions ADD COLUMN organization_id TEXT REFERENCES organizations (id);

-- The user's own meeting templates (the built-in ones live in code, in both languages). agenda is a JSON array of
-- {"title", "planned_minutes"}.
CREATE TABLE meeting_templates (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
    agenda TEXT NOT NULL DEFAULT '[]',
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
