//! A supplier's incidents and deliveries.

use super::rows;
use crate::domain::{new_id, Delivery, DeliveryInput, Incident, IncidentInput, IncidentKind};
use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::{params, Connection, Row};

const INCIDENT_FIELDS: &str = "organization_id, kind, severity, occurred_on, note";
const DELIVERY_FIELDS: &str = "organization_id, title, promised_on, delivered_on";

/// Writes a validated incident (new when `id` is None); returns its id.
pub fn save_incident(conn: &Connection, id: Option<&str>, i: &IncidentInput) -> Result<String> {
    let values: Vec<Value> = vec![
        i.organization_id.clone().into(),
        i.kind.as_str().to_string().into(),
        i.severity.into(),
        i.occurred_on.clone().into(),
        i.note.clone().into(),
    ];
    save(
        conn,
        "supplier_incidents",
        "incident",
        INCIDENT_FIELDS,
        id,
        values,
    )
}

/// Writes a validated delivery (new when `id` is None); returns its id.
pub fn save_delivery(conn: &Connection, id: Option<&str>, d: &DeliveryInput) -> Result<String> {
    let values: Vec<Value> = vec![
        d.organization_id.clone().into(),
        d.title.clone().into(),
        d.promised_on.clone().into(),
        d.delivered_on.clone().into(),
    ];
    save(
        conn,
        "supplier_deliveries",
        "delivery",
        DELIVERY_FIELDS,
        id,
        values,
    )
}

fn save(
    conn: &Connection,
    table: &str,
    entity: &str,
    fields: &str,
    id: Option<&str>,
    values: Vec<Value>,
) -> Result<String> {
    match id {
        Some(id) => {
            super::update_row(conn, table, entity, fields, id, values)?;
            Ok(id.to_string())
        }
        None => {
            let id = new_id();
            super::insert_row(conn, table, fields, &id, values)?;
            Ok(id)
        }
    }
}

fn incident_row(r: &Row) -> rusqlite::Result<Incident> {
    Ok(Incident {
        id: r.get(0)?,
        organization_id: r.get(1)?,
        kind: super::parse_enum(2, r.get(2)?, IncidentKind::parse)?,
        severity: r.get(3)?,
        occurred_on: r.get(4)?,
        note: r.get(5)?,
    })
}

const INCIDENTS: &str = "SELECT i.id, i.organization_id, i.kind, i.severity, i.occurred_on, i.note
    FROM supplier_incidents i";

/// A supplier's live incidents, newest first.
pub fn incidents(conn: &Connection, organization_id: &str) -> Result<Vec<Incident>> {
    rows(
        conn,
        &format!(
            "{INCIDENTS} WHERE i.organization_id = ?1 AND i.deleted_at IS NULL
             ORDER BY i.occurred_on DESC, i.id DESC"
        ),
        [organization_id],
        incident_row,
    )
}

/// Every live supplier's live incidents, in one read.
pub fn all_incidents(conn: &Connection) -> Result<Vec<Incident>> {
    rows(
        conn,
        &format!(
            "{INCIDENTS} JOIN organizations o ON o.id = i.organization_id
             WHERE i.deleted_at IS NULL AND o.kind = 'supplier' AND o.deleted_at IS NULL"
        ),
        [],
        incident_row,
    )
}

fn delivery_row(r: &Row) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: r.get(0)?,
        organization_id: r.get(1)?,
        title: r.get(2)?,
        promised_on: r.get(3)?,
        delivered_on: r.get(4)?,
        late: r.get(5)?,
    })
}

/// `late` is counted against the date parameter ?1.
const DELIVERIES: &str = "SELECT d.id, d.organization_id, d.title, d.promised_on, d.delivered_on,
        ifnull(d.delivered_on > d.promised_on, d.promised_on < ?1)
    FROM supplier_deliveries d";

/// A supplier's live deliveries, the latest promised first; `late` is counted against `today`.
pub fn deliveries(conn: &Connection, organization_id: &str, today: &str) -> Result<Vec<Delivery>> {
    rows(
        conn,
        &format!(
            "{DELIVERIES} WHERE d.organization_id = ?2 AND d.deleted_at IS NULL
             ORDER BY d.promised_on DESC, d.id DESC"
        ),
        params![today, organization_id],
        delivery_row,
    )
}

/// Every live supplier's live deliveries, in one read.
pub fn all_deliveries(conn: &Connection, today: &str) -> Result<Vec<Delivery>> {
    rows(
        conn,
        &format!(
            "{DELIVERIES} JOIN organizations o ON o.id = d.organization_id
             WHERE d.deleted_at IS NULL AND o.kind = 'supplier' AND o.deleted_at IS NULL"
        ),
        [today],
        delivery_row,
    )
}
