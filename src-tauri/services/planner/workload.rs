//! The workload grid: booked hours against capacity per department and person and local day.

use super::events::{load_events, PlannerEvent};
use super::{Range, RangeQuery};
use crate::domain::schedule;
use crate::domain::{parse_utc, sort_key};
use crate::error::Result;
use crate::services::settings;
use crate::store::organizations;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Department,
    Person,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct WorkloadCell {
    pub date: String,
    pub booked_minutes: i32,
    /// None when the row has no capacity (a department without weekly capacity).
    pub capacity_minutes: Option<i32>,
    pub over: bool,
    /// Keys of the events that fill the cell (see `Workload::events`).
    pub event_keys: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct WorkloadRow {
    pub kind: PartyKind,
    pub id: String,
    pub name: String,
    pub cells: Vec<WorkloadCell>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Workload {
    pub days: Vec<String>,
    pub rows: Vec<WorkloadRow>,
    pub events: Vec<PlannerEvent>,
}

/// Booked hours against capacity per department and person and local day. A person's capacity is the working
/// hours of the day; a department's is its weekly capacity spread over the working days. A department is booked by
/// the tasks assigned to it and the meetings it takes part in.
pub fn workload(conn: &Connection, q: &RangeQuery) -> Result<Workload> {
    let r = Range::parse(q)?;
    let wh = settings::working_hours(conn)?;
    let depts = organizations::departments(conn)?;
    let events = load_events(conn, &r)?;
    let days = r.days();
    let day_index: HashMap<NaiveDate, usize> =
        days.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let empty_cells = |capacity: &dyn Fn(NaiveDate) -> Option<i32>| -> Vec<WorkloadCell> {
        days.iter()
            .map(|d| WorkloadCell {
                date: d.format("%Y-%m-%d").to_string(),
                booked_minutes: 0,
                capacity_minutes: capacity(*d),
                over: false,
                event_keys: Vec::new(),
            })
            .collect()
    };
    let working_days = wh.days.len().max(1) as f64;
    let mut rows_by_id: HashMap<String, WorkloadRow> = HashMap::new();
    let mut order: HashMap<String, String> = HashMap::new();
    for d in depts {
        let per_day = d
            .weekly_capacity_hours
            .map(|w| (w * 60.0 / working_days).round() as i32);
        order.insert(d.id.clone(), d.name_sort);
        rows_by_id.insert(
            d.id.clone(),
            WorkloadRow {
                kind: PartyKind::Department,
                id: d.id,
                name: d.name,
                cells: empty_cells(&|d| per_day.map(|c| if wh.minutes_on(d) > 0 { c } else { 0 })),
            },
        );
    }
    for e in &events {
        let (Some(s), Some(end)) = (parse_utc(&e.start), parse_utc(&e.end)) else {
            continue;
        };
        let split = schedule::minutes_per_day(r.tz, s.max(r.from), end.min(r.to));
        let parties = e
            .people
            .iter()
            .map(|p| (p, PartyKind::Person))
            .chain(e.departments.iter().map(|p| (p, PartyKind::Department)));
        for (p, kind) in parties {
            let row = rows_by_id
                .entry(p.id.clone())
                .or_insert_with(|| WorkloadRow {
                    kind,
                    id: p.id.clone(),
                    name: p.name.clone(),
                    cells: empty_cells(&|d| Some(wh.minutes_on(d))),
                });
            for (date, minutes) in &split {
                if let Some(&i) = day_index.get(date) {
                    let cell = &mut row.cells[i];
                    cell.booked_minutes += *minutes as i32;
                    if !cell.event_keys.contains(&e.key) {
                        cell.event_keys.push(e.key.clone());
                    }
                }
            }
        }
    }
    let mut rows: Vec<WorkloadRow> = rows_by_id.into_values().collect();
    for row in &mut rows {
        for cell in &mut row.cells {
            cell.over = matches!(cell.capacity_minutes, Some(c) if cell.booked_minutes > c);
        }
    }
    rows.sort_by_cached_key(|r| {
        let key = order.remove(&r.id).unwrap_or_else(|| sort_key(&r.name));
        (r.kind == PartyKind::Person, key, r.id.clone())
    });
    Ok(Workload {
        days: days
            .iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect(),
        rows,
        events,
    })
}
