use super::{
    deleted_refs, insert_row, json_list, page, parse_enum, rows, to_json, update_row, Filter,
    ListSql, Sort,
};
use crate::domain::{
    new_id, search_terms, sort_key, OrgKind, OrgSort, Organization, OrganizationInput,
    OrganizationQuery, Page,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::HashSet;

const COLUMNS: &str =
    "o.id, o.kind, o.name, o.tier, o.tags, o.address, o.website, o.notes, o.lead_contact_id, \
    lc.name, o.weekly_capacity_hours, \
    (SELECT count(*) FROM contacts c WHERE c.organization_id = o.id AND c.deleted_at IS NULL), \
    o.created_at, o.updated_at, o.deleted_at, o.color, lc.deleted_at IS NOT NULL";
const FROM: &str = "organizations o LEFT JOIN contacts lc ON lc.id = o.lead_contact_id";

fn from_row(r: &Row) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: r.get(0)?,
        kind: parse_enum(1, r.get(1)?, OrgKind::parse)?,
        name: r.get(2)?,
        tier: r.get(3)?,
        tags: json_list(r.get(4)?),
        address: r.get(5)?,
        website: r.get(6)?,
        notes: r.get(7)?,
        lead_contact_id: r.get(8)?,
        lead_contact_name: r.get(9)?,
        deleted_refs: deleted_refs(r, &[("lead_contact_id", 16)])?,
        weekly_capacity_hours: r.get(10)?,
        contact_count: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        deleted_at: r.get(14)?,
        color: r.get(15)?,
    })
}

/// Gets a row, deleted or not (the UI shows a deleted row's page until the undo toast is gone).
pub fn get(conn: &Connection, id: &str) -> Result<Organization> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("organization", id))
}

const FIELDS: &str =
    "kind, name, name_sort, search_text, tier, tags, address, website, notes, lead_contact_id, \
    weekly_capacity_hours, color";

/// Column values in FIELDS order; `input` must be validated.
fn values(input: &OrganizationInput) -> Vec<Value> {
    vec![
        input.kind.as_str().to_string().into(),
        input.name.clone().into(),
        sort_key(&input.name).into(),
        search_terms(&input.name).into(),
        input.tier.clone().into(),
        to_json(&input.tags).into(),
        input.address.clone().into(),
        input.website.clone().into(),
        input.notes.clone().into(),
        input.lead_contact_id.clone().into(),
        input.weekly_capacity_hours.into(),
        input.color.clone().into(),
    ]
}

pub fn insert(conn: &Connection, input: &OrganizationInput) -> Result<String> {
    let id = new_id();
    insert_row(conn, "organizations", FIELDS, &id, values(input))?;
    Ok(id)
}

pub fn update(conn: &Connection, id: &str, input: &OrganizationInput) -> Result<()> {
    update_row(
        conn,
        "organizations",
        "organization",
        FIELDS,
        id,
        values(input),
    )
}

pub fn list(conn: &Connection, q: &OrganizationQuery) -> Result<Page<Organization>> {
    let mut f = Filter::new("o");
    f.eq("o.kind = ?", q.kind.map(|k| k.as_str().to_string()))
        .matching("o.id", "organization", q.search.as_deref());
    let sort = match q.sort.unwrap_or(OrgSort::Name) {
        OrgSort::Name => Sort {
            expr: "o.name_sort",
            desc: false,
            numeric: false,
        },
        OrgSort::Updated => Sort {
            expr: "o.updated_at",
            desc: true,
            numeric: false,
        },
    };
    let sql = ListSql {
        columns: COLUMNS,
        from: FROM,
        count_from: "organizations o",
        id: "o.id",
    };
    page(conn, sql, &f, sort, q.cursor.as_deref(), q.limit, from_row)
}

/// Live organizations per kind, for the dashboard.
pub fn count_by_kind(conn: &Connection) -> Result<Vec<(OrgKind, i32)>> {
    rows(
        conn,
        "SELECT kind, count(*) FROM organizations WHERE deleted_at IS NULL GROUP BY kind ORDER BY kind",
        [],
        |r| Ok((parse_enum(0, r.get(0)?, OrgKind::parse)?, r.get(1)?)),
    )
}

/// A department as the planner's workload needs it.
pub struct Department {
    pub id: String,
    pub name: String,
    /// The stored pinyin sort key, so the grid sorts without converting every name again.
    pub name_sort: String,
    pub weekly_capacity_hours: Option<f64>,
}

/// Every live department with its weekly capacity.
pub fn departments(conn: &Connection) -> Result<Vec<Department>> {
    rows(
        conn,
        "SELECT id, name, name_sort, weekly_capacity_hours FROM organizations
         WHERE kind = 'department' AND deleted_at IS NULL",
        [],
        |r| {
            Ok(Department {
                id: r.get(0)?,
                name: r.get(1)?,
                name_sort: r.get(2)?,
                weekly_capacity_hours: r.get(3)?,
            })
        },
    )
}

/// Which of these organizations are live departments: a lookup by id, so a week's query does not read every
/// organization.
pub fn departments_among(conn: &Connection, ids: &[&str]) -> Result<HashSet<String>> {
    let list = rows(
        conn,
        "SELECT id FROM organizations WHERE kind = 'department' AND deleted_at IS NULL
         AND id IN (SELECT value FROM json_each(?1))",
        [to_json(ids)],
        |r| r.get::<_, String>(0),
    )?;
    Ok(list.into_iter().collect())
}

/// Every live organization in name order (exports and the importer's matching).
pub fn all_live(conn: &Connection) -> Result<Vec<Organization>> {
    rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE o.deleted_at IS NULL ORDER BY o.name_sort, o.id"
        ),
        [],
        from_row,
    )
}
