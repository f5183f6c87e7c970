-- The dashboard at scale (100k tasks, 50k contacts, 100k interactions). Each index here lets a count or a max read
-- an index alone. An index that lists `deleted_at` among its columns covers a `deleted_at IS NULL` filter; one that
-- only implies it through its WHERE clause does not, and SQLite then reads every row from the table. With
-- statistics saying that most tasks are open, it would rather scan all 100k rows than look each one up.

-- Open and overdue task counts: two searches on this index, without reading a row.
DROP INDEX tasks_status_due;
CREATE INDEX tasks_status_due ON tasks (status, ifnull(due_date, '9999-12-31'), id, deleted_at)
    WHERE deleted_at IS NULL;

-- How many contacts there are: one small entry per live contact, instead of a scan of the table.
CREATE INDEX contacts_live ON contacts (deleted_at) WHERE deleted_at IS NULL;

-- The losing-touch list: the latest live interaction of an organization or a person, from the links alone.
DROP INDEX interaction_organizations_org;
CREATE INDEX interaction_organizations_org ON interaction_organizations (organization_id, interaction_id, deleted_at);
DROP INDEX interaction_contacts_contact;
CREATE INDEX interaction_contacts_contact ON interaction_contacts (contact_id, interaction_id, deleted_at);
