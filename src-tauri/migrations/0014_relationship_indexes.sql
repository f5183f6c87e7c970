-- Relationships at scale (100k interactions, 20k commitments on the scale database): indexes for an organization's
-- timeline, the losing-touch list and an organization's decisions.

-- An organization's people, deleted ones included: an interaction or a meeting with a person who has since been
-- deleted still belongs to the organization's history (contacts_org only holds live contacts).
CREATE INDEX contacts_organization ON contacts (organization_id, id);

-- When an interaction happened, read from the index alone: the losing-touch list finds the latest interaction of
-- every cadence through links, one id at a time.
CREATE INDEX interactions_at ON interactions (id, occurred_at, deleted_at);

-- Decisions recorded for an organization (the organization page and its timeline).
CREATE INDEX meeting_decisions_organization ON meeting_decisions (organization_id) WHERE organization_id IS NOT NULL;
