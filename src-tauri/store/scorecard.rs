//! A supplier's incidents and deliveries.

use super::rows;
use crate::domain::{new_id, Delivery, DeliveryInput, Incident, IncidentInput, IncidentKind};
use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::{params, Connection};

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

/// A supplier's live incidents, newest first.
pub fn incidents(conn: &Connection, organization_id: &str) -> Result<Vec<Incident>> {
    rows(
        conn,
        "SELECT id, organization_id, kind, severity, occurred_on, note FROM supplier_incidents
         WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY occurred_on DESC, id DESC",
        [organization_id],
        |r| {
            Ok(Incident {
                id: r.get(0)?,
                organization_id: r.get(1)?,
                kind: super::parse_enum(2, r.get(2)?, IncidentKind::parse)?,
                severity: r.get(3)?,
                occurred_on: r.get(4)?,
                note: r.get(5)?,
            })
        },
    )
}

/// A supplier's live deliveries, the latest promised first; `late` is counted against `today`.
pub fn deliveries(conn: &Connection, organization_id: &str, today: &str) -> Result<Vec<Delivery>> {
    rows(
        conn,
        "SELECT id, organization_id, title, promised_on, delivered_on,
                ifnull(delivered_on > promised_on, promised_on < ?2)
         FROM supplier_deliveries
         WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY promised_on DESC, id DESC",
        params![organization_id, today],
        |r| {
            Ok(Delivery {
                id: r.get(0)?,
                organization_id: r.get(1)?,
                title: r.get(2)?,
                promised_on: r.get(3)?,
                delivered_on: r.get(4)?,
                late: r.get(5)?,
            })
        },
    )
}
