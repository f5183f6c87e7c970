//! Agenda items, decisions and the user's meeting templates.

use super::{deleted_refs, insert_row, rows, update_row};
use crate::domain::{
    new_id, AgendaItem, AgendaItemInput, Decision, DecisionHit, DecisionInput, MeetingTemplate,
    TemplateAgendaItem, TemplateInput,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

const AGENDA_COLUMNS: &str =
    "i.id, i.meeting_id, i.title, i.owner_contact_id, c.name, i.planned_minutes, i.done, \
    i.carried_from_id, i.sort_key, c.deleted_at IS NOT NULL";
const AGENDA_FROM: &str =
    "meeting_agenda_items i LEFT JOIN contacts c ON c.id = i.owner_contact_id";

fn agenda_from_row(r: &Row) -> rusqlite::Result<AgendaItem> {
    Ok(AgendaItem {
        id: r.get(0)?,
        meeting_id: r.get(1)?,
        title: r.get(2)?,
        owner_contact_id: r.get(3)?,
        owner_name: r.get(4)?,
        deleted_refs: deleted_refs(r, &[("owner_contact_id", 9)])?,
        planned_minutes: r.get(5)?,
        done: r.get(6)?,
        carried_from_id: r.get(7)?,
        sort_key: r.get(8)?,
    })
}

pub fn agenda(conn: &Connection, meeting_id: &str) -> Result<Vec<AgendaItem>> {
    rows(
        conn,
        &format!(
            "SELECT {AGENDA_COLUMNS} FROM {AGENDA_FROM}
             WHERE i.meeting_id = ?1 AND i.deleted_at IS NULL ORDER BY i.sort_key, i.id"
        ),
        [meeting_id],
        agenda_from_row,
    )
}

pub fn agenda_item(conn: &Connection, id: &str) -> Result<AgendaItem> {
    conn.prepare_cached(&format!(
        "SELECT {AGENDA_COLUMNS} FROM {AGENDA_FROM} WHERE i.id = ?1 AND i.deleted_at IS NULL"
    ))?
    .query_row([id], agenda_from_row)
    .optional()?
    .ok_or_else(|| AppError::not_found("agenda_item", id))
}

/// The sort key after the meeting's last item.
pub fn next_agenda_key(conn: &Connection, meeting_id: &str) -> Result<f64> {
    let max: Option<f64> = conn
        .prepare_cached(
            "SELECT max(sort_key) FROM meeting_agenda_items WHERE meeting_id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([meeting_id], |r| r.get(0))?;
    Ok(max.map_or(1.0, |m| m.floor() + 1.0))
}

const AGENDA_FIELDS: &str =
    "meeting_id, title, owner_contact_id, planned_minutes, done, carried_from_id, sort_key";

pub fn insert_agenda_item(
    conn: &Connection,
    meeting_id: &str,
    input: &AgendaItemInput,
    carried_from: Option<&str>,
    sort_key: f64,
) -> Result<String> {
    let id = new_id();
    insert_row(
        conn,
        "meeting_agenda_items",
        AGENDA_FIELDS,
        &id,
        vec![
            meeting_id.to_string().into(),
            input.title.clone().into(),
            input.owner_contact_id.clone().into(),
            input.planned_minutes.into(),
            input.done.into(),
            carried_from.map(str::to_string).into(),
            sort_key.into(),
        ],
    )?;
    Ok(id)
}

pub fn update_agenda_item(conn: &Connection, id: &str, input: &AgendaItemInput) -> Result<()> {
    update_row(
        conn,
        "meeting_agenda_items",
        "agenda_item",
        "title, owner_contact_id, planned_minutes, done",
        id,
        vec![
            input.title.clone().into(),
            input.owner_contact_id.clone().into(),
            input.planned_minutes.into(),
            input.done.into(),
        ],
    )
}

pub fn set_agenda_key(conn: &Connection, id: &str, sort_key: f64) -> Result<()> {
    update_row(
        conn,
        "meeting_agenda_items",
        "agenda_item",
        "sort_key",
        id,
        vec![sort_key.into()],
    )
}

const DECISION_COLUMNS: &str =
    "d.id, d.meeting_id, d.text, d.organization_id, o.name, o.deleted_at IS NOT NULL";
const DECISION_FROM: &str =
    "meeting_decisions d LEFT JOIN organizations o ON o.id = d.organization_id";

fn decision_from_row(r: &Row) -> rusqlite::Result<Decision> {
    Ok(Decision {
        id: r.get(0)?,
        meeting_id: r.get(1)?,
        text: r.get(2)?,
        organization_id: r.get(3)?,
        organization_name: r.get(4)?,
        deleted_refs: deleted_refs(r, &[("organization_id", 5)])?,
    })
}

pub fn decisions(conn: &Connection, meeting_id: &str) -> Result<Vec<Decision>> {
    rows(
        conn,
        &format!(
            "SELECT {DECISION_COLUMNS} FROM {DECISION_FROM}
             WHERE d.meeting_id = ?1 AND d.deleted_at IS NULL ORDER BY d.position, d.id"
        ),
        [meeting_id],
        decision_from_row,
    )
}

pub fn decision(conn: &Connection, id: &str) -> Result<Decision> {
    conn.prepare_cached(&format!(
        "SELECT {DECISION_COLUMNS} FROM {DECISION_FROM} WHERE d.id = ?1 AND d.deleted_at IS NULL"
    ))?
    .query_row([id], decision_from_row)
    .optional()?
    .ok_or_else(|| AppError::not_found("decision", id))
}

pub fn insert_decision(
    conn: &Connection,
    meeting_id: &str,
    input: &DecisionInput,
) -> Result<String> {
    let position: i64 = conn
        .prepare_cached(
            "SELECT ifnull(max(position), -1) + 1 FROM meeting_decisions WHERE meeting_id = ?1",
        )?
        .query_row([meeting_id], |r| r.get(0))?;
    let id = new_id();
    insert_row(
        conn,
        "meeting_decisions",
        "meeting_id, position, text, organization_id",
        &id,
        vec![
            meeting_id.to_string().into(),
            position.into(),
            input.text.clone().into(),
            input.organization_id.clone().into(),
        ],
    )?;
    Ok(id)
}

pub fn update_decision(conn: &Connection, id: &str, input: &DecisionInput) -> Result<()> {
    update_row(
        conn,
        "meeting_decisions",
        "decision",
        "text, organization_id",
        id,
        vec![
            input.text.clone().into(),
            input.organization_id.clone().into(),
        ],
    )
}

/// Decisions whose text contains every word of `query` (case-insensitive; substrings, so Chinese words match
/// inside longer text), newest meeting first.
pub fn search_decisions(conn: &Connection, query: &str, limit: i32) -> Result<Vec<DecisionHit>> {
    // The search index finds the words (Chinese inside longer ones, pinyin, English forms); newest meeting first.
    let mut f = super::Filter::new("d");
    f.clause("m.deleted_at IS NULL")
        .matching("d.id", "decision", Some(query));
    let (clauses, mut params) = f.into_parts()?;
    params.push(Value::Integer(i64::from(limit.clamp(1, 500))));
    let sql = format!(
        "SELECT {DECISION_COLUMNS}, m.title, m.starts_at FROM {DECISION_FROM} JOIN meetings m ON m.id = d.meeting_id
         WHERE {} ORDER BY m.starts_at DESC, d.position LIMIT ?",
        clauses.join(" AND ")
    );
    rows(conn, &sql, rusqlite::params_from_iter(params), |r| {
        Ok(DecisionHit {
            decision: decision_from_row(r)?,
            meeting_title: r.get(6)?,
            meeting_starts_at: r.get(7)?,
        })
    })
}

/// An organization's decisions (see `relationships::decisions_of_organization`): the newest meeting first, at most
/// `limit`, and how many there are.
pub fn decisions_of_organization(
    conn: &Connection,
    organization_id: &str,
    limit: i32,
) -> Result<(Vec<DecisionHit>, i32)> {
    let of = super::relationships::decisions_of_organization();
    let live = format!(
        "FROM {DECISION_FROM} JOIN meetings m ON m.id = d.meeting_id
         WHERE d.deleted_at IS NULL AND m.deleted_at IS NULL AND d.id IN ({of})"
    );
    let items = rows(
        conn,
        &format!(
            "SELECT {DECISION_COLUMNS}, m.title, m.starts_at {live}
             ORDER BY m.starts_at DESC, d.position LIMIT ?2"
        ),
        rusqlite::params![organization_id, limit.clamp(1, 500)],
        |r| {
            Ok(DecisionHit {
                decision: decision_from_row(r)?,
                meeting_title: r.get(6)?,
                meeting_starts_at: r.get(7)?,
            })
        },
    )?;
    let total = conn
        .prepare_cached(&format!("SELECT count(*) {live}"))?
        .query_row([organization_id], |r| r.get(0))?;
    Ok((items, total))
}

const TEMPLATE_FIELDS: &str = "name, title, duration_minutes, agenda, notes";

fn template_from_row(r: &Row) -> rusqlite::Result<MeetingTemplate> {
    let agenda: String = r.get(4)?;
    Ok(MeetingTemplate {
        id: r.get(0)?,
        builtin: false,
        name: r.get(1)?,
        title: r.get(2)?,
        duration_minutes: r.get(3)?,
        // A damaged agenda reads as empty rather than hiding the template.
        agenda: serde_json::from_str::<Vec<TemplateAgendaItem>>(&agenda).unwrap_or_default(),
        notes: r.get(5)?,
    })
}

pub fn templates(conn: &Connection) -> Result<Vec<MeetingTemplate>> {
    rows(
        conn,
        &format!("SELECT id, {TEMPLATE_FIELDS} FROM meeting_templates WHERE deleted_at IS NULL ORDER BY name"),
        [],
        template_from_row,
    )
}

pub fn template(conn: &Connection, id: &str) -> Result<MeetingTemplate> {
    conn.prepare_cached(&format!(
        "SELECT id, {TEMPLATE_FIELDS} FROM meeting_templates WHERE id = ?1 AND deleted_at IS NULL"
    ))?
    .query_row([id], template_from_row)
    .optional()?
    .ok_or_else(|| AppError::not_found("template", id))
}

pub fn insert_template(conn: &Connection, input: &TemplateInput) -> Result<String> {
    let id = new_id();
    let agenda = serde_json::to_string(&input.agenda)?;
    insert_row(
        conn,
        "meeting_templates",
        TEMPLATE_FIELDS,
        &id,
        vec![
            input.name.clone().into(),
            input.title.clone().into(),
            input.duration_minutes.into(),
            agenda.into(),
            input.notes.clone().into(),
        ],
    )?;
    Ok(id)
}
