use super::{
    insert_row, page, parse_enum, replace_links, rows, to_json, update_row, Filter, ListSql, Sort,
};
use crate::domain::recurrence::{self, Recurrence};
use crate::domain::{
    new_id, now, search_terms, Attendance, Attendee, Exception, Meeting, MeetingInput,
    MeetingOrganization, MeetingQuery, MeetingSort, Page,
};
use crate::domain::{parse_utc, utc_string};
use crate::error::{AppError, Result};
use chrono_tz::Tz;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "m.id, m.title, m.starts_at, m.ends_at, m.time_zone, m.location, m.organizer_contact_id, \
    oc.name, m.project_id, p.name, m.previous_meeting_id, m.notes, m.created_at, m.updated_at, m.deleted_at, \
    m.recurrence, pm.title, m.series_id, m.occurrence, oc.deleted_at IS NOT NULL, p.deleted_at IS NOT NULL, \
    pm.deleted_at IS NOT NULL";
const FROM: &str =
    "meetings m LEFT JOIN contacts oc ON oc.id = m.organizer_contact_id LEFT JOIN projects p ON p.id = m.project_id \
    LEFT JOIN meetings pm ON pm.id = m.previous_meeting_id";

fn from_row(r: &Row) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        title: r.get(1)?,
        starts_at: r.get(2)?,
        ends_at: r.get(3)?,
        time_zone: r.get(4)?,
        location: r.get(5)?,
        organizer_contact_id: r.get(6)?,
        organizer_name: r.get(7)?,
        attendees: Vec::new(),
        project_id: r.get(8)?,
        project_name: r.get(9)?,
        organizations: Vec::new(),
        notes: r.get(11)?,
        recurrence: recurrence_from(r.get(15)?),
        previous_meeting_id: r.get(10)?,
        previous_meeting_title: r.get(16)?,
        series_id: r.get(17)?,
        occurrence: r.get(18)?,
        occurrences: None,
        deleted_refs: super::deleted_refs(
            r,
            &[
                ("organizer_contact_id", 19),
                ("project_id", 20),
                ("previous_meeting_id", 21),
            ],
        )?,
        agenda: Vec::new(),
        decisions: Vec::new(),
        action_items: Vec::new(),
        carried_items: Vec::new(),
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        deleted_at: r.get(14)?,
    })
}

/// The stored rule (JSON). A rule this version cannot read shows the meeting as a one-off rather than failing the
/// whole list; the row keeps its text until the user saves the meeting again.
pub fn recurrence_from(json: Option<String>) -> Option<Recurrence> {
    let json = json?;
    serde_json::from_str(&json)
        .map_err(|e| tracing::warn!(error = %e, "unreadable recurrence rule"))
        .ok()
}

/// The `series_ends_at` of a meeting with these times: the end of its series' last occurrence, or None when the
/// series is endless or the meeting is not a series.
pub fn series_end(
    rule: Option<&Recurrence>,
    starts_at: &str,
    ends_at: &str,
    time_zone: &str,
) -> Option<String> {
    let start = parse_utc(starts_at)?;
    let end = parse_utc(ends_at)?;
    let tz: Tz = time_zone.parse().ok()?;
    recurrence::series_end(rule?, start, end - start, tz).map(utc_string)
}

const ATTENDEE_COLUMNS: &str = "a.contact_id, c.name, a.attendance, c.organization_id, co.name, \
    c.deleted_at IS NOT NULL, co.deleted_at IS NOT NULL";
const ATTENDEE_FROM: &str = "meeting_attendees a JOIN contacts c ON c.id = a.contact_id \
    LEFT JOIN organizations co ON co.id = c.organization_id";

/// An attendee from ATTENDEE_COLUMNS starting at column `at`.
fn attendee_from(r: &Row, at: usize) -> rusqlite::Result<Attendee> {
    Ok(Attendee {
        contact_id: r.get(at)?,
        name: r.get(at + 1)?,
        attendance: parse_enum(at + 2, r.get(at + 2)?, Attendance::parse)?,
        organization_id: r.get(at + 3)?,
        organization_name: r.get(at + 4)?,
        deleted: r.get(at + 5)?,
        organization_deleted: r.get(at + 6)?,
    })
}

const ORGANIZATION_COLUMNS: &str = "l.organization_id, o.name, o.deleted_at IS NOT NULL";

/// A linked organization from ORGANIZATION_COLUMNS starting at column `at`.
fn organization_from(r: &Row, at: usize) -> rusqlite::Result<MeetingOrganization> {
    Ok(MeetingOrganization {
        organization_id: r.get(at)?,
        name: r.get(at + 1)?,
        deleted: r.get(at + 2)?,
    })
}

/// Attendees and organizations: small per-meeting lists, each read by an indexed lookup.
fn fill(conn: &Connection, m: &mut Meeting) -> Result<()> {
    m.attendees = rows(
        conn,
        &format!(
            "SELECT {ATTENDEE_COLUMNS} FROM {ATTENDEE_FROM}
             WHERE a.meeting_id = ?1 AND a.deleted_at IS NULL ORDER BY a.position"
        ),
        [&m.id],
        |r| attendee_from(r, 0),
    )?;
    m.organizations = rows(
        conn,
        &format!(
            "SELECT {ORGANIZATION_COLUMNS} FROM meeting_organizations l JOIN organizations o ON o.id = l.organization_id
             WHERE l.meeting_id = ?1 AND l.deleted_at IS NULL ORDER BY l.position"
        ),
        [&m.id],
        |r| organization_from(r, 0),
    )?;
    Ok(())
}

/// The meeting with attendees and organizations; the service adds agenda, decisions and action items.
pub fn get(conn: &Connection, id: &str) -> Result<Meeting> {
    let mut m = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE m.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("meeting", id))?;
    fill(conn, &mut m)?;
    Ok(m)
}

fn search_text(input: &MeetingInput) -> String {
    let mut s = search_terms(&input.title);
    if let Some(l) = &input.location {
        s.push(' ');
        s.push_str(&l.to_lowercase());
    }
    s
}

fn write_children(conn: &Connection, id: &str, input: &MeetingInput) -> Result<()> {
    let numbered = |ids: &[String]| -> Vec<(String, String)> {
        ids.iter()
            .enumerate()
            .map(|(i, x)| (x.clone(), i.to_string()))
            .collect()
    };
    let attendees = numbered(&input.attendee_ids);
    replace_links(
        conn,
        "meeting_attendees",
        "meeting_id",
        "contact_id",
        "position",
        id,
        &attendees,
    )?;
    let orgs = numbered(&input.organization_ids);
    replace_links(
        conn,
        "meeting_organizations",
        "meeting_id",
        "organization_id",
        "position",
        id,
        &orgs,
    )?;
    Ok(())
}

const FIELDS: &str = "title, search_text, starts_at, ends_at, time_zone, location, organizer_contact_id, project_id, \
    recurrence, series_ends_at, previous_meeting_id";

/// Column values in FIELDS order; `input` must be validated (times already UTC).
fn values(input: &MeetingInput) -> Vec<Value> {
    vec![
        input.title.clone().into(),
        search_text(input).into(),
        input.starts_at.clone().into(),
        input.ends_at.clone().into(),
        input.time_zone.clone().into(),
        input.location.clone().into(),
        input.organizer_contact_id.clone().into(),
        input.project_id.clone().into(),
        input
            .recurrence
            .as_ref()
            .and_then(|r| serde_json::to_string(r).ok())
            .into(),
        series_end(
            input.recurrence.as_ref(),
            &input.starts_at,
            &input.ends_at,
            &input.time_zone,
        )
        .into(),
        input.previous_meeting_id.clone().into(),
    ]
}

pub fn insert(conn: &Connection, input: &MeetingInput) -> Result<String> {
    let id = new_id();
    insert_row(conn, "meetings", FIELDS, &id, values(input))?;
    write_children(conn, &id, input)?;
    Ok(id)
}

pub fn update(conn: &Connection, id: &str, input: &MeetingInput) -> Result<()> {
    update_row(conn, "meetings", "meeting", FIELDS, id, values(input))?;
    write_children(conn, id, input)
}

/// The meetings list: a series once (its occurrences open from its page), never the rows of its occurrences.
pub fn list(conn: &Connection, q: &MeetingQuery) -> Result<Page<Meeting>> {
    list_where(conn, q, "m.series_id IS NULL")
}

/// Meetings that hold minutes: one-offs and the occurrences of series that have their own, not the series rows
/// (for batch exports, one file per meeting held).
pub fn list_with_minutes(conn: &Connection, q: &MeetingQuery) -> Result<Page<Meeting>> {
    list_where(conn, q, "m.recurrence IS NULL")
}

fn list_where(conn: &Connection, q: &MeetingQuery, which: &str) -> Result<Page<Meeting>> {
    let mut f = Filter::new("m");
    f.clause(which);
    f.eq("m.project_id = ?", q.project_id.clone())
        .eq(
            "m.id IN (SELECT meeting_id FROM meeting_organizations WHERE organization_id = ? AND deleted_at IS NULL
              UNION SELECT a.meeting_id FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id
              WHERE c.organization_id = ? AND a.deleted_at IS NULL)",
            q.organization_id.clone(),
        )
        .eq("m.ends_at > ?", q.from.clone())
        .eq("m.starts_at < ?", q.to.clone())
        .matching("m.id", "meeting", q.search.as_deref());
    let sort = match q.sort.unwrap_or(MeetingSort::StartsDesc) {
        MeetingSort::StartsDesc => Sort {
            expr: "m.starts_at",
            desc: true,
            numeric: false,
        },
        MeetingSort::StartsAsc => Sort {
            expr: "m.starts_at",
            desc: false,
            numeric: false,
        },
    };
    let sql = ListSql {
        columns: COLUMNS,
        from: FROM,
        count_from: "meetings m",
        id: "m.id",
    };
    let mut out = page(conn, sql, &f, sort, q.cursor.as_deref(), q.limit, from_row)?;
    for m in &mut out.items {
        fill(conn, m)?;
    }
    Ok(out)
}

/// Meetings the planner may show in [from, to): one-offs overlapping it (not the rows of occurrences, which their
/// series shows), and every series that starts before `to`
/// and has not ended before `from` (the caller expands those). Attendees and organizations are filled in.
pub fn planner_rows(conn: &Connection, from: &str, to: &str) -> Result<Vec<Meeting>> {
    let mut out = in_range(conn, from, to, COLUMNS)?;
    fill_links(conn, &mut out)?;
    Ok(out)
}

/// The meetings of `planner_rows` without notes, attendees or organizations, for callers that need only when they
/// are (counting a week's meetings, finding the reminders due): at scale, reading those is most of the work.
pub fn planner_times(conn: &Connection, from: &str, to: &str) -> Result<Vec<Meeting>> {
    in_range(conn, from, to, &COLUMNS.replace("m.notes", "NULL"))
}

fn in_range(conn: &Connection, from: &str, to: &str, columns: &str) -> Result<Vec<Meeting>> {
    rows(
        conn,
        &format!(
            "SELECT {columns} FROM {FROM} WHERE m.deleted_at IS NULL AND m.recurrence IS NULL
             AND m.series_id IS NULL AND m.ends_at > ?1 AND m.starts_at < ?2
             UNION ALL
             SELECT {columns} FROM {FROM} WHERE m.deleted_at IS NULL AND m.recurrence IS NOT NULL
             AND m.starts_at < ?2 AND (m.series_ends_at IS NULL OR m.series_ends_at > ?1)"
        ),
        [from, to],
        from_row,
    )
}

/// Meetings by id with attendees and organizations (for moved occurrences whose series lies outside the range).
pub fn by_ids(conn: &Connection, ids: &[String]) -> Result<Vec<Meeting>> {
    let mut out = rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE m.deleted_at IS NULL AND m.id IN (SELECT value FROM json_each(?1))"
        ),
        [to_json(ids)],
        from_row,
    )?;
    fill_links(conn, &mut out)?;
    Ok(out)
}

/// Attendees and organizations of many meetings in two queries instead of two per meeting.
fn fill_links(conn: &Connection, meetings: &mut [Meeting]) -> Result<()> {
    if meetings.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = meetings.iter().map(|m| m.id.as_str()).collect();
    let ids = to_json(&ids);
    let index: std::collections::HashMap<String, usize> = meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    let attendees = rows(
        conn,
        &format!(
            "SELECT a.meeting_id, {ATTENDEE_COLUMNS} FROM {ATTENDEE_FROM}
             WHERE a.meeting_id IN (SELECT value FROM json_each(?1)) AND a.deleted_at IS NULL ORDER BY a.position"
        ),
        [&ids],
        |r| Ok((r.get::<_, String>(0)?, attendee_from(r, 1)?)),
    )?;
    for (mid, a) in attendees {
        if let Some(&i) = index.get(&mid) {
            meetings[i].attendees.push(a);
        }
    }
    let orgs = rows(
        conn,
        &format!(
            "SELECT l.meeting_id, {ORGANIZATION_COLUMNS} FROM meeting_organizations l
             JOIN organizations o ON o.id = l.organization_id
             WHERE l.meeting_id IN (SELECT value FROM json_each(?1)) AND l.deleted_at IS NULL ORDER BY l.position"
        ),
        [&ids],
        |r| Ok((r.get::<_, String>(0)?, organization_from(r, 1)?)),
    )?;
    for (mid, o) in orgs {
        if let Some(&i) = index.get(&mid) {
            meetings[i].organizations.push(o);
        }
    }
    Ok(())
}

/// Moves a meeting (or a whole series, keeping its rule) to new times; `series_ends_at` is the series' new end
/// (`series_end`).
pub fn set_times(
    conn: &Connection,
    id: &str,
    starts_at: &str,
    ends_at: &str,
    series_ends_at: Option<&str>,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE meetings SET starts_at = ?2, ends_at = ?3, series_ends_at = ?4, updated_at = ?5
         WHERE id = ?1 AND deleted_at IS NULL",
        (id, starts_at, ends_at, series_ends_at, now()),
    )?;
    if n == 0 {
        return Err(AppError::not_found("meeting", id));
    }
    Ok(())
}

const EXCEPTION_COLUMNS: &str = "meeting_id, occurrence, cancelled, starts_at, ends_at";

fn exception_from_row(r: &Row) -> rusqlite::Result<Exception> {
    Ok(Exception {
        meeting_id: r.get(0)?,
        occurrence: r.get(1)?,
        cancelled: r.get(2)?,
        starts_at: r.get(3)?,
        ends_at: r.get(4)?,
    })
}

/// Every live exception of the given series.
pub fn exceptions_of(conn: &Connection, ids: &[String]) -> Result<Vec<Exception>> {
    rows(
        conn,
        &format!(
            "SELECT {EXCEPTION_COLUMNS} FROM meeting_exceptions
             WHERE meeting_id IN (SELECT value FROM json_each(?1)) AND deleted_at IS NULL"
        ),
        [to_json(ids)],
        exception_from_row,
    )
}

/// Moved occurrences whose new time overlaps [from, to), whichever series they belong to.
pub fn moved_into(conn: &Connection, from: &str, to: &str) -> Result<Vec<Exception>> {
    rows(
        conn,
        &format!(
            "SELECT {EXCEPTION_COLUMNS} FROM meeting_exceptions
             WHERE deleted_at IS NULL AND cancelled = 0 AND ends_at > ?1 AND starts_at < ?2"
        ),
        [from, to],
        exception_from_row,
    )
}

pub fn exception(
    conn: &Connection,
    meeting_id: &str,
    occurrence: &str,
) -> Result<Option<Exception>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {EXCEPTION_COLUMNS} FROM meeting_exceptions
             WHERE meeting_id = ?1 AND occurrence = ?2 AND deleted_at IS NULL"
        ))?
        .query_row([meeting_id, occurrence], exception_from_row)
        .optional()?)
}

/// Writes (or revives) an exception; a cleared one stays as a tombstone for sync.
pub fn set_exception(conn: &Connection, e: &Exception) -> Result<()> {
    conn.execute(
        "INSERT INTO meeting_exceptions (meeting_id, occurrence, cancelled, starts_at, ends_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (meeting_id, occurrence) DO UPDATE SET cancelled = excluded.cancelled,
           starts_at = excluded.starts_at, ends_at = excluded.ends_at, updated_at = excluded.updated_at,
           deleted_at = NULL",
        (&e.meeting_id, &e.occurrence, e.cancelled, &e.starts_at, &e.ends_at, now()),
    )?;
    Ok(())
}

pub fn clear_exception(conn: &Connection, meeting_id: &str, occurrence: &str) -> Result<()> {
    conn.execute(
        "UPDATE meeting_exceptions SET deleted_at = ?3, updated_at = ?3
         WHERE meeting_id = ?1 AND occurrence = ?2 AND deleted_at IS NULL",
        (meeting_id, occurrence, now()),
    )?;
    Ok(())
}

/// Saves the notes alone, so typing never races an edit of the meeting's other fields.
pub fn set_notes(conn: &Connection, id: &str, notes: Option<&str>) -> Result<String> {
    let t = now();
    let n = conn.execute(
        "UPDATE meetings SET notes = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
        (id, notes, &t),
    )?;
    if n == 0 {
        return Err(AppError::not_found("meeting", id));
    }
    Ok(t)
}

/// Sets one attendee's attendance.
pub fn set_attendance(conn: &Connection, id: &str, contact_id: &str, a: Attendance) -> Result<()> {
    let n = conn.execute(
        "UPDATE meeting_attendees SET attendance = ?3, updated_at = ?4
         WHERE meeting_id = ?1 AND contact_id = ?2 AND deleted_at IS NULL",
        (id, contact_id, a.as_str(), now()),
    )?;
    if n == 0 {
        return Err(AppError::not_found("attendee", contact_id));
    }
    Ok(())
}

/// The ids of the meetings `id` follows, nearest first (at most 100 back, so a damaged cycle ends).
pub fn predecessors(conn: &Connection, id: &str) -> Result<Vec<String>> {
    rows(
        conn,
        "WITH RECURSIVE chain (id, n) AS (
             SELECT previous_meeting_id, 1 FROM meetings WHERE id = ?1
             UNION ALL
             SELECT m.previous_meeting_id, chain.n + 1 FROM meetings m JOIN chain ON m.id = chain.id
             WHERE chain.n < 100
         )
         SELECT chain.id FROM chain JOIN meetings m ON m.id = chain.id
         WHERE m.deleted_at IS NULL ORDER BY chain.n",
        [id],
        |r| r.get(0),
    )
}

/// The latest meeting before `before` linked to each organization: (organization id, starts_at, title).
pub fn last_with_organizations(
    conn: &Connection,
    organization_ids: &[String],
    before: &str,
    except_meeting: &str,
) -> Result<Vec<(String, String, String)>> {
    rows(
        conn,
        "SELECT l.organization_id, max(m.starts_at), m.title FROM meeting_organizations l
         JOIN meetings m ON m.id = l.meeting_id
         WHERE l.organization_id IN (SELECT value FROM json_each(?1)) AND l.deleted_at IS NULL
           AND m.deleted_at IS NULL AND m.starts_at < ?2 AND m.id != ?3
         GROUP BY l.organization_id",
        (to_json(organization_ids), before, except_meeting),
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The live row of one occurrence of a series, if its minutes were ever written.
pub fn occurrence_row(
    conn: &Connection,
    series_id: &str,
    occurrence: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM meetings WHERE series_id = ?1 AND occurrence = ?2 AND deleted_at IS NULL",
        )?
        .query_row([series_id, occurrence], |r| r.get(0))
        .optional()?)
}

/// The live occurrence rows of a series: (id, occurrence), in order.
pub fn occurrence_rows(conn: &Connection, series_id: &str) -> Result<Vec<(String, String)>> {
    rows(
        conn,
        "SELECT id, occurrence FROM meetings WHERE series_id = ?1 AND deleted_at IS NULL ORDER BY occurrence",
        [series_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The nearest earlier occurrence row of a series, which the occurrence's minutes follow.
pub fn row_before(conn: &Connection, series_id: &str, occurrence: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM meetings WHERE series_id = ?1 AND occurrence < ?2 AND deleted_at IS NULL
             ORDER BY occurrence DESC LIMIT 1",
        )?
        .query_row([series_id, occurrence], |r| r.get(0))
        .optional()?)
}

/// The nearest later occurrence row of a series.
pub fn row_after(conn: &Connection, series_id: &str, occurrence: &str) -> Result<Option<Meeting>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM meetings WHERE series_id = ?1 AND occurrence > ?2 AND deleted_at IS NULL
             ORDER BY occurrence LIMIT 1",
        )?
        .query_row([series_id, occurrence], |r| r.get(0))
        .optional()?;
    id.map(|id| get(conn, &id)).transpose()
}

/// Creates the row of one occurrence: the series' fields and links, the occurrence's times, no rule. With
/// `attendance` the attendees keep the series' attendance (the migration of shared minutes), else they are invited.
pub fn insert_occurrence(
    conn: &Connection,
    series_id: &str,
    occurrence: &str,
    (starts_at, ends_at): (&str, &str),
    previous: Option<&str>,
    attendance: bool,
) -> Result<String> {
    let id = new_id();
    let t = now();
    conn.execute(
        "INSERT INTO meetings (id, title, search_text, starts_at, ends_at, time_zone, location, organizer_contact_id,
           project_id, previous_meeting_id, series_id, occurrence, created_at, updated_at)
         SELECT ?1, title, search_text, ?2, ?3, time_zone, location, organizer_contact_id, project_id, ?4, id, ?5, ?6, ?6
         FROM meetings WHERE id = ?7",
        (&id, starts_at, ends_at, previous, occurrence, &t, series_id),
    )?;
    conn.execute(
        "INSERT INTO meeting_attendees (meeting_id, contact_id, position, attendance, created_at, updated_at)
         SELECT ?1, contact_id, position, CASE WHEN ?2 THEN attendance ELSE 'invited' END, ?3, ?3
         FROM meeting_attendees WHERE meeting_id = ?4 AND deleted_at IS NULL",
        (&id, attendance, &t, series_id),
    )?;
    conn.execute(
        "INSERT INTO meeting_organizations (meeting_id, organization_id, position, created_at, updated_at)
         SELECT ?1, organization_id, position, ?2, ?2
         FROM meeting_organizations WHERE meeting_id = ?3 AND deleted_at IS NULL",
        (&id, &t, series_id),
    )?;
    Ok(id)
}

/// Gives an occurrence row its series, key and times: after a series edit re-keys it, or (with no series) when it
/// no longer matches an occurrence and stays as a meeting of its own.
pub fn set_occurrence(
    conn: &Connection,
    id: &str,
    series: Option<(&str, &str)>,
    (starts_at, ends_at): (&str, &str),
) -> Result<()> {
    conn.execute(
        "UPDATE meetings SET series_id = ?2, occurrence = ?3, starts_at = ?4, ends_at = ?5, updated_at = ?6
         WHERE id = ?1",
        (
            id,
            series.map(|s| s.0),
            series.map(|s| s.1),
            starts_at,
            ends_at,
            now(),
        ),
    )?;
    Ok(())
}

pub fn set_previous(conn: &Connection, id: &str, previous: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE meetings SET previous_meeting_id = ?2, updated_at = ?3 WHERE id = ?1",
        (id, previous, now()),
    )?;
    Ok(())
}

/// Copies the series' title, place, organizer, project and zone to its occurrence rows, and its attendees and
/// organizations to those not yet held (`after`): past minutes keep who was invited then.
pub fn sync_occurrences(conn: &Connection, series_id: &str, after: &str) -> Result<()> {
    conn.execute(
        "UPDATE meetings SET (title, search_text, location, organizer_contact_id, project_id, time_zone, updated_at) =
           (SELECT s.title, s.search_text, s.location, s.organizer_contact_id, s.project_id, s.time_zone, ?2
            FROM meetings s WHERE s.id = ?1)
         WHERE series_id = ?1 AND deleted_at IS NULL",
        (series_id, now()),
    )?;
    let links = |table: &str, other: &str| -> Result<Vec<(String, String)>> {
        rows(
            conn,
            &format!(
                "SELECT {other}, position FROM {table} WHERE meeting_id = ?1 AND deleted_at IS NULL ORDER BY position"
            ),
            [series_id],
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.to_string())),
        )
    };
    let attendees = links("meeting_attendees", "contact_id")?;
    let orgs = links("meeting_organizations", "organization_id")?;
    let future: Vec<String> = rows(
        conn,
        "SELECT id FROM meetings WHERE series_id = ?1 AND deleted_at IS NULL AND starts_at > ?2",
        [series_id, after],
        |r| r.get(0),
    )?;
    for id in future {
        replace_links(
            conn,
            "meeting_attendees",
            "meeting_id",
            "contact_id",
            "position",
            &id,
            &attendees,
        )?;
        replace_links(
            conn,
            "meeting_organizations",
            "meeting_id",
            "organization_id",
            "position",
            &id,
            &orgs,
        )?;
    }
    Ok(())
}

/// Moves every part of the minutes of `from` (notes, agenda, decisions, action items, deleted ones too so Undo
/// still finds them) to `to`, and resets `from`'s attendance, which `insert_occurrence` copied.
fn move_minutes(conn: &Connection, from: &str, to: &str) -> Result<()> {
    let t = now();
    for table in ["meeting_agenda_items", "meeting_decisions", "tasks"] {
        conn.execute(
            &format!("UPDATE {table} SET meeting_id = ?2, updated_at = ?3 WHERE meeting_id = ?1"),
            (from, to, &t),
        )?;
    }
    conn.execute(
        "UPDATE meetings SET notes = (SELECT notes FROM meetings WHERE id = ?1), updated_at = ?3 WHERE id = ?2",
        (from, to, &t),
    )?;
    conn.execute(
        "UPDATE meetings SET notes = NULL, updated_at = ?2 WHERE id = ?1",
        (from, &t),
    )?;
    conn.execute(
        "UPDATE meeting_attendees SET attendance = 'invited', updated_at = ?2
         WHERE meeting_id = ?1 AND attendance != 'invited'",
        (from, &t),
    )?;
    Ok(())
}

/// The migration to minutes per occurrence (0005): each live series that has minutes gets the row of its most
/// recently held occurrence (or, when none has been held, of the next one), and the shared minutes move there.
pub fn split_shared_minutes(conn: &Connection) -> Result<()> {
    use crate::domain::series::{self, Override, Shape};
    let with_minutes: Vec<String> = rows(
        conn,
        "SELECT m.id FROM meetings m
         WHERE m.deleted_at IS NULL AND m.recurrence IS NOT NULL AND m.series_id IS NULL AND (
           trim(ifnull(m.notes, '')) != ''
           OR EXISTS (SELECT 1 FROM meeting_agenda_items a WHERE a.meeting_id = m.id AND a.deleted_at IS NULL)
           OR EXISTS (SELECT 1 FROM meeting_decisions d WHERE d.meeting_id = m.id AND d.deleted_at IS NULL)
           OR EXISTS (SELECT 1 FROM tasks t WHERE t.meeting_id = m.id AND t.deleted_at IS NULL)
           OR EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.deleted_at IS NULL
                      AND a.attendance != 'invited'))",
        [],
        |r| r.get(0),
    )?;
    let now = chrono::Utc::now();
    for id in with_minutes {
        let m = get(conn, &id)?;
        let (Some(rule), Some(start), Some(end), Ok(tz)) = (
            m.recurrence,
            parse_utc(&m.starts_at),
            parse_utc(&m.ends_at),
            m.time_zone.parse::<Tz>(),
        ) else {
            tracing::warn!(meeting = %id, "series with unreadable times kept its shared minutes");
            continue;
        };
        let previous = m.previous_meeting_id;
        let shape = Shape {
            start,
            length: end - start,
            tz,
            rule,
        };
        let overrides: Vec<(chrono::DateTime<chrono::Utc>, Override)> =
            exceptions_of(conn, std::slice::from_ref(&id))?
                .iter()
                .filter_map(exception_override)
                .collect();
        let Some(occ) = series::current(&shape, &overrides, now) else {
            continue;
        };
        let held = overrides.iter().find(|(o, _)| *o == occ).map(|(_, v)| *v);
        let (s, e) = match held {
            Some(Override::Moved { start, end }) => (start, end),
            _ => (occ, occ + shape.length),
        };
        let row = insert_occurrence(
            conn,
            &id,
            &utc_string(occ),
            (&utc_string(s), &utc_string(e)),
            previous.as_deref(),
            true,
        )?;
        move_minutes(conn, &id, &row)?;
        tracing::info!(series = %id, occurrence = %utc_string(occ), "moved shared minutes to an occurrence");
    }
    Ok(())
}

/// An exception as the domain's override of its occurrence; None when its times are unreadable.
pub fn exception_override(
    e: &Exception,
) -> Option<(
    chrono::DateTime<chrono::Utc>,
    crate::domain::series::Override,
)> {
    use crate::domain::series::Override;
    let occ = parse_utc(&e.occurrence)?;
    if e.cancelled {
        return Some((occ, Override::Cancelled));
    }
    let start = e.starts_at.as_deref().and_then(parse_utc)?;
    let end = e.ends_at.as_deref().and_then(parse_utc)?;
    Some((occ, Override::Moved { start, end }))
}

/// Series that followed `old` and start at or after `from` follow `new` instead: a series split in between them
/// keeps the chain of minutes in date order.
pub fn relink_followers(conn: &Connection, old: &str, new: &str, from: &str) -> Result<()> {
    conn.execute(
        "UPDATE meetings SET previous_meeting_id = ?2, updated_at = ?4
         WHERE previous_meeting_id = ?1 AND id != ?2 AND series_id IS NULL AND recurrence IS NOT NULL
           AND starts_at >= ?3 AND deleted_at IS NULL",
        (old, new, from, now()),
    )?;
    Ok(())
}
