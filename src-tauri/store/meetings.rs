use super::{insert_row, page, replace_links, rows, update_row, Filter, ListSql, Sort};
use crate::domain::{
    new_id, now, search_terms, Attendee, Meeting, MeetingInput, MeetingOrganization, MeetingQuery,
    MeetingSort, Page,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "m.id, m.title, m.starts_at, m.ends_at, m.time_zone, m.location, m.organizer_contact_id, \
    oc.name, m.project_id, p.name, m.agenda, m.notes, m.created_at, m.updated_at, m.deleted_at";
const FROM: &str =
    "meetings m LEFT JOIN contacts oc ON oc.id = m.organizer_contact_id LEFT JOIN projects p ON p.id = m.project_id";

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
        agenda: r.get(10)?,
        notes: r.get(11)?,
        decisions: Vec::new(),
        action_items: Vec::new(),
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        deleted_at: r.get(14)?,
    })
}

/// Attendees, organizations and decisions: small per-meeting lists, each read by an indexed lookup.
fn fill(conn: &Connection, m: &mut Meeting) -> Result<()> {
    m.attendees = rows(
        conn,
        "SELECT a.contact_id, c.name FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id
         WHERE a.meeting_id = ?1 AND a.deleted_at IS NULL ORDER BY a.position",
        [&m.id],
        |r| Ok(Attendee { contact_id: r.get(0)?, name: r.get(1)? }),
    )?;
    m.organizations = rows(
        conn,
        "SELECT l.organization_id, o.name FROM meeting_organizations l JOIN organizations o ON o.id = l.organization_id
         WHERE l.meeting_id = ?1 AND l.deleted_at IS NULL ORDER BY l.position",
        [&m.id],
        |r| Ok(MeetingOrganization { organization_id: r.get(0)?, name: r.get(1)? }),
    )?;
    m.decisions = rows(
        conn,
        "SELECT text FROM meeting_decisions WHERE meeting_id = ?1 AND deleted_at IS NULL ORDER BY position",
        [&m.id],
        |r| r.get(0),
    )?;
    Ok(())
}

/// The meeting without its action items (the service adds them from the task store).
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
    // Decisions keep their row (and id) per position, so a later edit of the wording is an update, not a new row.
    let t = now();
    let existing: Vec<String> = rows(
        conn,
        "SELECT id FROM meeting_decisions WHERE meeting_id = ?1 AND deleted_at IS NULL ORDER BY position",
        [id],
        |r| r.get(0),
    )?;
    for (pos, text) in input.decisions.iter().enumerate() {
        match existing.get(pos) {
            Some(did) => conn.execute(
                "UPDATE meeting_decisions SET text = ?2, position = ?3, updated_at = ?4 WHERE id = ?1 AND text != ?2",
                (did, text, pos as i64, &t),
            )?,
            None => conn.execute(
                "INSERT INTO meeting_decisions (id, meeting_id, position, text, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                (new_id(), id, pos as i64, text, &t),
            )?,
        };
    }
    for did in existing.iter().skip(input.decisions.len()) {
        conn.execute(
            "UPDATE meeting_decisions SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            (did, &t),
        )?;
    }
    Ok(())
}

const FIELDS: &str = "title, search_text, starts_at, ends_at, time_zone, location, organizer_contact_id, project_id, \
    agenda, notes";

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
        input.agenda.clone().into(),
        input.notes.clone().into(),
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

pub fn list(conn: &Connection, q: &MeetingQuery) -> Result<Page<Meeting>> {
    let mut f = Filter::new("m");
    f.eq("m.project_id = ?", q.project_id.clone())
        .eq("m.ends_at > ?", q.from.clone())
        .eq("m.starts_at < ?", q.to.clone())
        .search("m", q.search.as_deref());
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
