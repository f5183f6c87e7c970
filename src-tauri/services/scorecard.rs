//! The supplier scorecard: record incidents and deliveries, and compute each supplier's score (the formula is in
//! `domain::scorecard`), its trend by quarter and whether it dropped, in the user's time zone.

use crate::domain::{
    current_score, dropped, quarter_trend, Delivery, DeliveryFact, DeliveryInput, Incident,
    IncidentFact, IncidentInput, Scorecard, SupplierScore,
};
use crate::error::{AppError, Result};
use crate::store::{check_ref, rows, scorecard as store};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use std::collections::HashMap;

use super::settings;

const SUPPLIER: &str = "kind = 'supplier'";

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn today(conn: &Connection, now: DateTime<Utc>) -> Result<NaiveDate> {
    let t = settings::today(conn, now)?;
    day(&t).ok_or_else(|| AppError::Internal {
        message: format!("today is not a date: {t}"),
    })
}

/// Incidents and deliveries belong to a live supplier.
fn check_supplier(conn: &Connection, organization_id: &str) -> Result<()> {
    check_ref(
        conn,
        "organizations",
        SUPPLIER,
        "organization_id",
        Some(organization_id),
        None,
    )
}

pub fn record_incident(
    conn: &Connection,
    id: Option<&str>,
    input: IncidentInput,
) -> Result<Incident> {
    let input = input.validate()?;
    check_supplier(conn, &input.organization_id)?;
    let id = store::save_incident(conn, id, &input)?;
    store::incidents(conn, &input.organization_id)?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or_else(|| AppError::not_found("incident", &id))
}

pub fn record_delivery(
    conn: &Connection,
    id: Option<&str>,
    input: DeliveryInput,
    now: DateTime<Utc>,
) -> Result<Delivery> {
    let input = input.validate()?;
    check_supplier(conn, &input.organization_id)?;
    let id = store::save_delivery(conn, id, &input)?;
    let t = settings::today(conn, now)?;
    store::deliveries(conn, &input.organization_id, &t)?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| AppError::not_found("delivery", &id))
}

pub fn delete_incident(conn: &Connection, id: &str) -> Result<()> {
    crate::store::soft_delete(conn, "supplier_incidents", "incident", id)
}

pub fn delete_delivery(conn: &Connection, id: &str) -> Result<()> {
    crate::store::soft_delete(conn, "supplier_deliveries", "delivery", id)
}

fn facts(
    deliveries: &[Delivery],
    incidents: &[Incident],
) -> (Vec<DeliveryFact>, Vec<IncidentFact>) {
    let ds = deliveries
        .iter()
        .filter_map(|d| {
            Some(DeliveryFact {
                promised_on: day(&d.promised_on)?,
                delivered_on: d.delivered_on.as_deref().and_then(day),
            })
        })
        .collect();
    let is = incidents
        .iter()
        .filter_map(|i| {
            Some(IncidentFact {
                kind: i.kind,
                severity: i.severity,
                occurred_on: day(&i.occurred_on)?,
            })
        })
        .collect();
    (ds, is)
}

/// A supplier's scorecard: today's score with its parts, the trend over the last quarters, its incidents and
/// deliveries.
pub fn scorecard(
    conn: &Connection,
    organization_id: &str,
    now: DateTime<Utc>,
) -> Result<Scorecard> {
    let name: String = rows(
        conn,
        "SELECT name FROM organizations WHERE id = ?1",
        [organization_id],
        |r| r.get(0),
    )?
    .pop()
    .ok_or_else(|| AppError::not_found("organization", organization_id))?;
    let today = today(conn, now)?;
    let incidents = store::incidents(conn, organization_id)?;
    let deliveries = store::deliveries(conn, organization_id, &today.to_string())?;
    let (ds, is) = facts(&deliveries, &incidents);
    let trend = quarter_trend(&ds, &is, today);
    Ok(Scorecard {
        organization_id: organization_id.to_string(),
        organization_name: name,
        current: current_score(&ds, &is, today),
        dropped: dropped(&trend),
        trend,
        incidents,
        deliveries,
    })
}

/// Every live supplier with its score, the best first (then by name).
pub fn supplier_scores(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<SupplierScore>> {
    let today = today(conn, now)?;
    let t = today.to_string();
    let suppliers: Vec<(String, String, Option<String>)> = rows(
        conn,
        "SELECT id, name, tier FROM organizations WHERE kind = 'supplier' AND deleted_at IS NULL ORDER BY name_sort",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // Two reads for all suppliers, grouped here, rather than two per supplier.
    let mut incidents: HashMap<String, Vec<Incident>> = HashMap::new();
    for i in store::all_incidents(conn)? {
        incidents
            .entry(i.organization_id.clone())
            .or_default()
            .push(i);
    }
    let mut deliveries: HashMap<String, Vec<Delivery>> = HashMap::new();
    for d in store::all_deliveries(conn, &t)? {
        deliveries
            .entry(d.organization_id.clone())
            .or_default()
            .push(d);
    }
    let mut out = Vec::with_capacity(suppliers.len());
    for (id, name, tier) in suppliers {
        let (dfacts, ifacts) = facts(
            deliveries.get(&id).map_or(&[], Vec::as_slice),
            incidents.get(&id).map_or(&[], Vec::as_slice),
        );
        let current = current_score(&dfacts, &ifacts, today);
        let trend = quarter_trend(&dfacts, &ifacts, today);
        let quarter = |back: usize| {
            trend
                .len()
                .checked_sub(back)
                .and_then(|i| trend.get(i))
                .map(|q| q.parts.score)
        };
        out.push(SupplierScore {
            organization_id: id,
            organization_name: name,
            tier,
            score: current.score,
            on_time_rate: current.on_time_rate,
            incident_count: current.incidents.late_delivery
                + current.incidents.quality
                + current.incidents.communication,
            previous_quarter: quarter(2),
            this_quarter: quarter(1),
            dropped: dropped(&trend),
        });
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.score));
    Ok(out)
}
