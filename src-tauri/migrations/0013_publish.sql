-- One-way publish: meetings and task blocks to a CalDAV calendar, organizations and contacts to a CardDAV address
-- book (docs/sync.md). Like the sync tables, these belong to this device: not exported, backed up as data or synced.

-- One row, present once publishing has been set up. Either URL may be absent (publish only one of the two); the
-- password is in the OS keychain.
CREATE TABLE sync_publish (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    calendar_url TEXT,
    contacts_url TEXT,
    user TEXT NOT NULL,
    last_published_at TEXT,
    -- Why the last publish failed (in English, for the log); NULL when it succeeded.
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- What is on the server now, as this device put it there: one row per calendar object or vCard, named by its
-- stable UID, with a hash of the text sent. A publish sends only what is new or whose hash changed, and deletes
-- on the server what has a row here but no record any more.
CREATE TABLE sync_published (
    collection TEXT NOT NULL CHECK (collection IN ('calendar', 'contacts')),
    name TEXT NOT NULL,
    hash TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (collection, name)
) WITHOUT ROWID;
