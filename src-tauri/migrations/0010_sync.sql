-- Sync bookkeeping. These tables belong to this device: they are not exported, backed up as data or synced.
-- The design is written up in docs/sync.md.

-- One row, present once sync has been set up. `clock` is the hybrid logical clock (milliseconds << 16 | counter)
-- of the newest change this device made or saw; `applying` is 1 while remote changes are written, so the capture
-- triggers leave them out of the outbox; `base_clock` stamps the rows that existed when sync was set up.
CREATE TABLE sync_meta (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    device TEXT NOT NULL,
    clock INTEGER NOT NULL DEFAULT 0,
    applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    base_clock INTEGER NOT NULL DEFAULT 0,
    -- The target as JSON ({"kind": "folder", "path": …}); never a password (those live in the OS keychain).
    target TEXT NOT NULL,
    -- The next batch number this device writes.
    next_batch INTEGER NOT NULL DEFAULT 1,
    -- The batch of the newest snapshot this device wrote (0: none yet).
    snapshot_batch INTEGER NOT NULL DEFAULT 0,
    -- How often to sync while the app is open, in minutes (0: only on demand), and whether to sync at start and
    -- shortly after edits.
    every_minutes INTEGER NOT NULL DEFAULT 15,
    on_start INTEGER NOT NULL DEFAULT 1,
    after_edits INTEGER NOT NULL DEFAULT 1,
    -- Files on the target are end-to-end encrypted; the passphrase is in the OS keychain.
    encrypted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Changes made here and not yet written to the target. `field` is '*' for a whole new row (`value` is then the
-- row as a JSON object), else one column (`value` is its JSON value). `seen`/`seen_device` is the clock of the
-- value the author replaced; `base` the replaced text of a field merged line by line (notes). `batch` is set when
-- the change is assigned to a batch file, so a sync cut short rewrites the same file instead of a second one.
CREATE TABLE sync_outbox (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    clock INTEGER NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0,
    seen_device TEXT NOT NULL DEFAULT '',
    base TEXT,
    batch INTEGER
);
CREATE INDEX sync_outbox_batch ON sync_outbox (batch);

-- The clock of each field's current value: '*' for the whole row (set when the row was created or arrived), a
-- column name where that column changed since. A row with no entry carries sync_meta.base_clock.
CREATE TABLE sync_clocks (
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    field TEXT NOT NULL,
    clock INTEGER NOT NULL,
    device TEXT NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0,
    seen_device TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tbl, row_key, field)
) WITHOUT ROWID;

-- Other devices: the newest of their batches applied here, and what they last published about themselves.
CREATE TABLE sync_peers (
    device TEXT PRIMARY KEY NOT NULL,
    applied INTEGER NOT NULL DEFAULT 0,
    name TEXT,
    last_seen TEXT
);

-- Changes that arrived before the rows they refer to (files of another device not there yet): tried again at
-- every sync, in clock order.
CREATE TABLE sync_parked (
    id INTEGER PRIMARY KEY,
    change TEXT NOT NULL
);

-- Concurrent edits of one field: the value kept (the newer clock) and the one that lost, for the user to keep or
-- swap. kind: 'field', 'notes' (a line merge failed; both texts kept) or 'deleted' (deleted on one side, edited on
-- the other).
CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    field TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('field', 'notes', 'deleted')),
    mine TEXT,
    theirs TEXT,
    kept TEXT NOT NULL CHECK (kept IN ('mine', 'theirs')),
    their_device TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT CHECK (resolution IN ('mine', 'theirs'))
);
CREATE INDEX sync_conflicts_open ON sync_conflicts (created_at) WHERE resolved_at IS NULL;

-- One line per sync run: what went out, what came in, and the error if it failed.
CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    sent INTEGER NOT NULL DEFAULT 0,
    received INTEGER NOT NULL DEFAULT 0,
    conflicts INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
