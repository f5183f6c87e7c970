use super::{json_list, page, parse_enum, to_json, Filter, ListSql, Sort};
use crate::domain::{
    new_id, now, search_terms, sort_key, OrgKind, OrgSort, Organization, OrganizationInput,
    OrganizationQuery, Page,
};
use crate::error::{AppError, Result};
use rusqlite::{Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "o.id, o.kind, o.name, o.tier, o.tags, o.address, o.website, o.notes, o.lead_contact_id, \
    lc.name, o.weekly_capacity_hours, \
    (SELECT count(*) FROM contacts c WHERE c.organization_id = o.id AND c.deleted_at IS NULL), \
    o.created_at, o.updated_at, o.deleted_at";
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
        weekly_capacity_hours: r.get(10)?,
        contact_count: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        deleted_at: r.get(14)?,
    })
}

/// Gets a row, deleted or not (the UI shows a deleted row's page until the undo toast is gone).
pub fn get(conn: &Connection, id: &str) -> Result<Organization> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("organization", id))
}

/// `input` must be validated.
pub fn insert(conn: &Connection, input: &OrganizationInput) -> Result<String> {
    let id = new_id();
    let t = now();
    conn.prepare_cached(
        "INSERT INTO organizations (id, kind, name, name_sort, search_text, tier, tags, address, website, notes,
             lead_contact_id, weekly_capacity_hours, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(rusqlite::params![
        id,
        input.kind.as_str(),
        input.name,
        sort_key(&input.name),
        search_terms(&input.name),
        input.tier,
        to_json(&input.tags),
        input.address,
        input.website,
        input.notes,
        input.lead_contact_id,
        input.weekly_capacity_hours,
        t
    ])?;
    Ok(id)
}

pub fn update(conn: &Connection, id: &str, input: &OrganizationInput) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE organizations SET kind = ?2, name = ?3, name_sort = ?4, search_text = ?5, tier = ?6, tags = ?7,
                 address = ?8, website = ?9, notes = ?10, lead_contact_id = ?11, weekly_capacity_hours = ?12,
                 updated_at = ?13
             WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .execute(rusqlite::params![
            id,
            input.kind.as_str(),
            input.name,
            sort_key(&input.name),
            search_terms(&input.name),
            input.tier,
            to_json(&input.tags),
            input.address,
            input.website,
            input.notes,
            input.lead_contact_id,
            input.weekly_capacity_hours,
            now()
        ])?;
    if n == 0 {
        return Err(AppError::not_found("organization", id));
    }
    Ok(())
}

pub fn list(conn: &Connection, q: &OrganizationQuery) -> Result<Page<Organization>> {
    let mut f = Filter::new("o");
    f.eq("o.kind = ?", q.kind.map(|k| k.as_str().to_string()))
        .search("o", q.search.as_deref());
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
    let mut stmt = conn.prepare_cached(
        "SELECT kind, count(*) FROM organizations WHERE deleted_at IS NULL GROUP BY kind ORDER BY kind",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((parse_enum(0, r.get(0)?, OrgKind::parse)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
