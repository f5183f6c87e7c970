//! Interactions with their organizations and people, cadences, and the timeline query.

use super::{rows, to_json};
use crate::domain::{
    new_id, now, Interaction, InteractionInput, InteractionKind, NamedRef, TimelineCursor,
    TimelineItem, TimelineKind,
};
use crate::error::{AppError, Result};
use rusqlite::{params, Connection, OptionalExtension};

fn kind_of(idx: usize, s: String) -> rusqlite::Result<InteractionKind> {
    super::parse_enum(idx, s, InteractionKind::parse)
}

fn named(conn: &Connection, sql: &str, id: &str) -> Result<Vec<NamedRef>> {
    rows(conn, sql, [id], |r| {
        Ok(NamedRef {
            id: r.get(0)?,
            name: r.get(1)?,
            deleted: r.get(2)?,
        })
    })
}

pub fn get_interaction(conn: &Connection, id: &str) -> Result<Interaction> {
    let mut i = conn
        .prepare_cached(
            "SELECT id, kind, occurred_at, summary, follow_up_date, follow_up_task_id, meeting_id, created_at,
                    updated_at
             FROM interactions WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Interaction {
                id: r.get(0)?,
                kind: kind_of(1, r.get(1)?)?,
                occurred_at: r.get(2)?,
                summary: r.get(3)?,
                follow_up_date: r.get(4)?,
                follow_up_task_id: r.get(5)?,
                meeting_id: r.get(6)?,
                organizations: vec![],
                contacts: vec![],
                created_at: r.get(7)?,
                updated_at: r.get(8)?,
            })
        })
        .optional()?
        .ok_or_else(|| AppError::not_found("interaction", id))?;
    i.organizations = named(
        conn,
        "SELECT o.id, o.name, o.deleted_at IS NOT NULL FROM interaction_organizations io
         JOIN organizations o ON o.id = io.organization_id
         WHERE io.interaction_id = ?1 AND io.deleted_at IS NULL ORDER BY o.name_sort",
        id,
    )?;
    i.contacts = named(
        conn,
        "SELECT c.id, c.name, c.deleted_at IS NOT NULL FROM interaction_contacts ic
         JOIN contacts c ON c.id = ic.contact_id
         WHERE ic.interaction_id = ?1 AND ic.deleted_at IS NULL ORDER BY c.name_sort",
        id,
    )?;
    Ok(i)
}

/// Writes a validated interaction (new when `id` is None) and its links; returns its id.
pub fn save_interaction(
    conn: &Connection,
    id: Option<&str>,
    input: &InteractionInput,
    follow_up_task_id: Option<&str>,
    meeting_id: Option<&str>,
) -> Result<String> {
    let at = now();
    let id = match id {
        Some(id) => {
            let n = conn.execute(
                "UPDATE interactions SET kind = ?2, occurred_at = ?3, summary = ?4, follow_up_date = ?5,
                   follow_up_task_id = ?6, updated_at = ?7
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![
                    id,
                    input.kind.as_str(),
                    input.occurred_at,
                    input.summary,
                    input.follow_up_date,
                    follow_up_task_id,
                    at
                ],
            )?;
            if n == 0 {
                return Err(AppError::not_found("interaction", id));
            }
            id.to_string()
        }
        None => {
            let id = new_id();
            conn.execute(
                "INSERT INTO interactions (id, kind, occurred_at, summary, follow_up_date, follow_up_task_id,
                   meeting_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    id,
                    input.kind.as_str(),
                    input.occurred_at,
                    input.summary,
                    input.follow_up_date,
                    follow_up_task_id,
                    meeting_id,
                    at
                ],
            )?;
            id
        }
    };
    for (table, column, ids) in [
        (
            "interaction_organizations",
            "organization_id",
            &input.organization_ids,
        ),
        ("interaction_contacts", "contact_id", &input.contact_ids),
    ] {
        // Links no longer named become tombstones; named ones are added or brought back.
        conn.execute(
            &format!(
                "UPDATE {table} SET deleted_at = ?3, updated_at = ?3
                 WHERE interaction_id = ?1 AND deleted_at IS NULL
                   AND {column} NOT IN (SELECT value FROM json_each(?2))"
            ),
            params![id, to_json(ids), at],
        )?;
        for linked in ids {
            conn.execute(
                &format!(
                    "INSERT INTO {table} (interaction_id, {column}, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
                     ON CONFLICT DO UPDATE SET deleted_at = NULL, updated_at = ?3 WHERE deleted_at IS NOT NULL"
                ),
                params![id, linked, at],
            )?;
        }
    }
    Ok(id)
}

/// The interaction logged for a meeting, if any, and whether it is deleted.
pub fn interaction_of_meeting(
    conn: &Connection,
    meeting_id: &str,
) -> Result<Option<(String, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, deleted_at IS NOT NULL FROM interactions WHERE meeting_id = ?1",
        )?
        .query_row([meeting_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The ids of live interactions with an organization (directly or with one of its people) or with a contact,
/// as SQL for `IN (...)` with the target's id as ?1.
fn interactions_with(organization: bool) -> &'static str {
    if organization {
        "SELECT io.interaction_id FROM interaction_organizations io
           WHERE io.organization_id = ?1 AND io.deleted_at IS NULL
         UNION SELECT ic.interaction_id FROM interaction_contacts ic JOIN contacts c ON c.id = ic.contact_id
           WHERE c.organization_id = ?1 AND ic.deleted_at IS NULL"
    } else {
        "SELECT ic.interaction_id FROM interaction_contacts ic WHERE ic.contact_id = ?1 AND ic.deleted_at IS NULL"
    }
}

/// When the last live interaction with an organization or a contact happened (UTC), if ever.
pub fn last_interaction(conn: &Connection, organization: bool, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT max(occurred_at) FROM interactions
             WHERE deleted_at IS NULL AND id IN ({})",
            interactions_with(organization)
        ))?
        .query_row([id], |r| r.get(0))?)
}

/// A cadence row as stored.
pub struct CadenceRow {
    pub id: String,
    pub organization_id: Option<String>,
    pub contact_id: Option<String>,
    pub name: String,
    pub every_days: i32,
    pub snoozed_until: Option<String>,
    pub created_at: String,
}

const CADENCE: &str =
    "SELECT k.id, k.organization_id, k.contact_id, coalesce(o.name, c.name, ''), k.every_days,
       k.snoozed_until, k.created_at
     FROM cadences k LEFT JOIN organizations o ON o.id = k.organization_id
     LEFT JOIN contacts c ON c.id = k.contact_id";

fn cadence_row(r: &rusqlite::Row) -> rusqlite::Result<CadenceRow> {
    Ok(CadenceRow {
        id: r.get(0)?,
        organization_id: r.get(1)?,
        contact_id: r.get(2)?,
        name: r.get(3)?,
        every_days: r.get(4)?,
        snoozed_until: r.get(5)?,
        created_at: r.get(6)?,
    })
}

/// The live cadence of an organization or a contact.
pub fn cadence_of(conn: &Connection, organization: bool, id: &str) -> Result<Option<CadenceRow>> {
    let column = if organization {
        "k.organization_id"
    } else {
        "k.contact_id"
    };
    Ok(conn
        .prepare_cached(&format!(
            "{CADENCE} WHERE {column} = ?1 AND k.deleted_at IS NULL"
        ))?
        .query_row([id], cadence_row)
        .optional()?)
}

pub fn get_cadence(conn: &Connection, id: &str) -> Result<CadenceRow> {
    conn.prepare_cached(&format!(
        "{CADENCE} WHERE k.id = ?1 AND k.deleted_at IS NULL"
    ))?
    .query_row([id], cadence_row)
    .optional()?
    .ok_or_else(|| AppError::not_found("cadence", id))
}

/// Every live cadence whose organization or contact is live, with its last live interaction (UTC) found in the
/// same statement: one query for the whole list, whatever its length.
pub fn all_cadences(conn: &Connection) -> Result<Vec<(CadenceRow, Option<String>)>> {
    // Exactly one of the two ids is set, so the branches keyed on the other one match nothing.
    rows(
        conn,
        "SELECT k.id, k.organization_id, k.contact_id, coalesce(o.name, c.name, ''), k.every_days,
           k.snoozed_until, k.created_at,
           -- Three lookups instead of one UNION: each runs on its index without a temporary b-tree per cadence.
           nullif(max(
             ifnull((SELECT max(i.occurred_at) FROM interaction_organizations io
                       JOIN interactions i ON i.id = io.interaction_id
                     WHERE io.organization_id = k.organization_id AND io.deleted_at IS NULL
                       AND i.deleted_at IS NULL), ''),
             ifnull((SELECT max(i.occurred_at) FROM contacts m
                       JOIN interaction_contacts ic ON ic.contact_id = m.id
                       JOIN interactions i ON i.id = ic.interaction_id
                     WHERE m.organization_id = k.organization_id AND ic.deleted_at IS NULL
                       AND i.deleted_at IS NULL), ''),
             ifnull((SELECT max(i.occurred_at) FROM interaction_contacts ic
                       JOIN interactions i ON i.id = ic.interaction_id
                     WHERE ic.contact_id = k.contact_id AND ic.deleted_at IS NULL
                       AND i.deleted_at IS NULL), '')), '')
         FROM cadences k LEFT JOIN organizations o ON o.id = k.organization_id
         LEFT JOIN contacts c ON c.id = k.contact_id
         WHERE k.deleted_at IS NULL
           AND (o.id IS NULL OR o.deleted_at IS NULL) AND (c.id IS NULL OR c.deleted_at IS NULL)",
        [],
        |r| Ok((cadence_row(r)?, r.get(7)?)),
    )
}

/// Sets the cadence of an organization or a contact (one of the two ids), keeping its row (and snooze) when it has
/// one; a deleted row comes back with the new interval and no snooze. Returns its id.
pub fn set_cadence(
    conn: &Connection,
    organization_id: Option<&str>,
    contact_id: Option<&str>,
    every_days: i32,
    at: &str,
) -> Result<String> {
    let existing: Option<String> = conn
        .prepare_cached("SELECT id FROM cadences WHERE organization_id IS ?1 AND contact_id IS ?2")?
        .query_row(params![organization_id, contact_id], |r| r.get(0))
        .optional()?;
    match existing {
        Some(id) => {
            conn.execute(
                "UPDATE cadences SET every_days = ?2, updated_at = ?3,
                   snoozed_until = CASE WHEN deleted_at IS NULL THEN snoozed_until END,
                   created_at = CASE WHEN deleted_at IS NULL THEN created_at ELSE ?3 END, deleted_at = NULL
                 WHERE id = ?1",
                params![id, every_days, at],
            )?;
            Ok(id)
        }
        None => {
            let id = new_id();
            conn.execute(
                "INSERT INTO cadences (id, organization_id, contact_id, every_days, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![id, organization_id, contact_id, every_days, at],
            )?;
            Ok(id)
        }
    }
}

pub fn remove_cadence(
    conn: &Connection,
    organization_id: Option<&str>,
    contact_id: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE cadences SET deleted_at = ?3, updated_at = ?3
         WHERE organization_id IS ?1 AND contact_id IS ?2 AND deleted_at IS NULL",
        params![organization_id, contact_id, now()],
    )?;
    Ok(())
}

pub fn snooze_cadence(conn: &Connection, id: &str, until: Option<&str>) -> Result<()> {
    let n = conn.execute(
        "UPDATE cadences SET snoozed_until = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, until, now()],
    )?;
    if n == 0 {
        return Err(AppError::not_found("cadence", id));
    }
    Ok(())
}

/// The newest entries of an organization's or a contact's timeline, before `before` (UTC) when given: its
/// interactions, the meetings it takes part in (an organization: linked or with one of its people; a contact: as an
/// attendee) and, for an organization, the decisions that concern it.
/// The meetings of an organization (`?1`): linked to it, or attended by one of its people (deleted people
/// included: the meeting still happened with the organization).
const MEETINGS_OF_ORGANIZATION: &str =
    "SELECT mo.meeting_id FROM meeting_organizations mo WHERE mo.organization_id = ?1 AND mo.deleted_at IS NULL
     UNION SELECT a.meeting_id FROM contacts c JOIN meeting_attendees a ON a.contact_id = c.id
       WHERE c.organization_id = ?1 AND a.deleted_at IS NULL";

/// The decisions of an organization (`?1`): recorded for it, or taken in one of its meetings.
pub fn decisions_of_organization() -> String {
    format!(
        "SELECT id FROM meeting_decisions WHERE organization_id = ?1
         UNION SELECT d2.id FROM meeting_decisions d2 WHERE d2.meeting_id IN ({MEETINGS_OF_ORGANIZATION})"
    )
}

pub fn timeline(
    conn: &Connection,
    organization: bool,
    id: &str,
    before: Option<&TimelineCursor>,
    limit: i32,
) -> Result<Vec<TimelineItem>> {
    // Strictly after the cursor in the page's order (newest first, then by kind, then by id descending); ?2 is its
    // instant, ?4 its kind's rank, ?5 its id.
    let after = |at: &str, rank: TimelineKind, id: &str| {
        let rank = rank.rank();
        format!(
            "(?2 IS NULL OR {at} < ?2 OR ({at} = ?2 AND ({rank} > ?4 OR ({rank} = ?4 AND {id} < ?5))))"
        )
    };
    let meetings = if organization {
        MEETINGS_OF_ORGANIZATION
    } else {
        "SELECT a.meeting_id FROM meeting_attendees a WHERE a.contact_id = ?1 AND a.deleted_at IS NULL"
    };
    // An organization's decisions: those recorded for it, and those of its meetings (see `decisions_of`).
    let decisions = if organization {
        format!(
            "UNION ALL SELECT 'decision', d.id, m.starts_at, d.text, NULL, NULL, d.meeting_id
             FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id
             WHERE d.id IN (SELECT d2.id FROM meeting_decisions d2 JOIN meetings m2 ON m2.id = d2.meeting_id
               WHERE d2.deleted_at IS NULL AND m2.deleted_at IS NULL AND d2.id IN ({})
                 AND {}
               ORDER BY m2.starts_at DESC, d2.id DESC LIMIT ?3)",
            decisions_of_organization(),
            after("m2.starts_at", TimelineKind::Decision, "d2.id"),
        )
    } else {
        String::new()
    };
    // Each side of an OR on its own index (an OR across two columns scans the table).
    let commitments = if organization {
        "SELECT id FROM commitments WHERE organization_id = ?1 AND deleted_at IS NULL
         UNION SELECT k2.id FROM contacts c JOIN commitments k2 ON k2.contact_id = c.id
           WHERE c.organization_id = ?1 AND k2.deleted_at IS NULL"
    } else {
        "SELECT id FROM commitments WHERE contact_id = ?1 AND deleted_at IS NULL
         UNION SELECT id FROM commitments WHERE owner_contact_id = ?1 AND deleted_at IS NULL"
    };
    // Keyset paging: each kind finds the ids of its first page (`at` before the cursor, newest first) on its
    // indexes alone, and only those rows are read in full; the page is the newest `limit` of them all.
    let sql = format!(
        "SELECT * FROM (
           SELECT 'interaction' AS k, i.id AS id, i.occurred_at AS at,
                  coalesce(nullif(substr(i.summary, 1, instr(i.summary || char(10), char(10)) - 1), ''), '') AS title,
                  i.kind AS ik, i.summary AS summary, i.meeting_id AS mid
           FROM interactions i WHERE i.id IN (SELECT x.id FROM interactions x
             WHERE x.deleted_at IS NULL AND x.id IN ({with}) AND {after_interaction}
             ORDER BY x.occurred_at DESC, x.id DESC LIMIT ?3)
           UNION ALL SELECT 'meeting', m.id, m.starts_at, m.title, NULL, NULL, m.id
           FROM meetings m WHERE m.id IN (SELECT y.id FROM meetings y
             WHERE y.deleted_at IS NULL AND y.id IN ({meetings}) AND {after_meeting}
             ORDER BY y.starts_at DESC, y.id DESC LIMIT ?3)
           {decisions}
           UNION ALL SELECT 'commitment', k.id, k.created_at, k.title, NULL, NULL, k.meeting_id
           FROM commitments k WHERE k.id IN (SELECT z.id FROM commitments z
             WHERE z.deleted_at IS NULL AND z.id IN ({commitments}) AND {after_commitment}
             ORDER BY z.created_at DESC, z.id DESC LIMIT ?3)
         )
         ORDER BY at DESC, CASE k WHEN 'interaction' THEN 0 WHEN 'meeting' THEN 1 WHEN 'decision' THEN 2 ELSE 3 END, id DESC
         LIMIT ?3",
        with = interactions_with(organization),
        after_interaction = after("x.occurred_at", TimelineKind::Interaction, "x.id"),
        after_meeting = after("y.starts_at", TimelineKind::Meeting, "y.id"),
        after_commitment = after("z.created_at", TimelineKind::Commitment, "z.id"),
    );
    let (at, rank, after_id) = match before {
        Some(c) => (Some(c.at.as_str()), c.rank, c.id.as_str()),
        None => (None, 0, ""),
    };
    rows(conn, &sql, params![id, at, limit, rank, after_id], |r| {
        let kind = match r.get::<_, String>(0)?.as_str() {
            "interaction" => TimelineKind::Interaction,
            "meeting" => TimelineKind::Meeting,
            "commitment" => TimelineKind::Commitment,
            _ => TimelineKind::Decision,
        };
        let ik: Option<String> = r.get(4)?;
        let mut item = TimelineItem {
            kind,
            id: r.get(1)?,
            at: r.get(2)?,
            title: r.get(3)?,
            interaction_kind: ik.and_then(|s| InteractionKind::parse(&s)),
            summary: r.get(5)?,
            meeting_id: r.get(6)?,
            cursor: String::new(),
        };
        item.cursor = TimelineCursor::of(&item);
        Ok(item)
    })
}
