use super::{
    deleted_refs, insert_row, page, parse_enum, replace_links, rows, update_row, Filter, ListSql,
    Sort,
};
use crate::domain::{
    new_id, search_terms, sort_key, Page, Project, ProjectInput, ProjectOrganization, ProjectQuery,
    ProjectSort, ProjectStatus,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "p.id, p.name, p.code, p.status, p.start_date, p.due_date, p.budget_planned, p.budget_actual, \
    p.currency, p.owner_department_id, d.name, \
    (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.deleted_at IS NULL), \
    (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.deleted_at IS NULL \
        AND t.status NOT IN ('done', 'cancelled')), \
    p.created_at, p.updated_at, p.deleted_at, p.color, d.deleted_at IS NOT NULL";
const FROM: &str = "projects p LEFT JOIN organizations d ON d.id = p.owner_department_id";

/// Budgets are stored as INTEGER minor units; they travel as f64 (exact below 2^53, checked on input).
fn from_row(r: &Row) -> rusqlite::Result<Project> {
    Ok(Project {
        id: r.get(0)?,
        name: r.get(1)?,
        code: r.get(2)?,
        status: parse_enum(3, r.get(3)?, ProjectStatus::parse)?,
        start_date: r.get(4)?,
        due_date: r.get(5)?,
        budget_planned: r.get::<_, Option<i64>>(6)?.map(|v| v as f64),
        budget_actual: r.get::<_, Option<i64>>(7)?.map(|v| v as f64),
        currency: r.get(8)?,
        owner_department_id: r.get(9)?,
        owner_department_name: r.get(10)?,
        deleted_refs: deleted_refs(r, &[("owner_department_id", 17)])?,
        organizations: Vec::new(),
        task_count: r.get(11)?,
        open_task_count: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        deleted_at: r.get(15)?,
        color: r.get(16)?,
    })
}

fn organizations(conn: &Connection, project_id: &str) -> Result<Vec<ProjectOrganization>> {
    rows(
        conn,
        "SELECT l.organization_id, o.name, l.role, o.deleted_at IS NOT NULL FROM project_organizations l
         JOIN organizations o ON o.id = l.organization_id
         WHERE l.project_id = ?1 AND l.deleted_at IS NULL ORDER BY o.name_sort",
        [project_id],
        |r| {
            Ok(ProjectOrganization {
                organization_id: r.get(0)?,
                organization_name: r.get(1)?,
                deleted: r.get(3)?,
                role: r.get(2)?,
            })
        },
    )
}

fn with_links(conn: &Connection, mut p: Project) -> Result<Project> {
    p.organizations = organizations(conn, &p.id)?;
    Ok(p)
}

pub fn get(conn: &Connection, id: &str) -> Result<Project> {
    let p = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE p.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("project", id))?;
    with_links(conn, p)
}

fn search_text(input: &ProjectInput) -> String {
    let mut s = search_terms(&input.name);
    if let Some(code) = &input.code {
        s.push(' ');
        s.push_str(&code.to_lowercase());
    }
    s
}

fn links(input: &ProjectInput) -> Vec<(String, String)> {
    input
        .organizations
        .iter()
        .map(|l| (l.organization_id.clone(), l.role.clone()))
        .collect()
}

const FIELDS: &str = "name, name_sort, search_text, code, status, start_date, due_date, budget_planned, budget_actual, \
    currency, owner_department_id, color";

/// Column values in FIELDS order; budgets are checked whole numbers, stored as INTEGER minor units.
fn values(input: &ProjectInput) -> Vec<Value> {
    let money = |v: Option<f64>| Value::from(v.map(|v| v as i64));
    vec![
        input.name.clone().into(),
        sort_key(&input.name).into(),
        search_text(input).into(),
        input.code.clone().into(),
        input.status.as_str().to_string().into(),
        input.start_date.clone().into(),
        input.due_date.clone().into(),
        money(input.budget_planned),
        money(input.budget_actual),
        input.currency.clone().into(),
        input.owner_department_id.clone().into(),
        input.color.clone().into(),
    ]
}

pub fn insert(conn: &Connection, input: &ProjectInput) -> Result<String> {
    let id = new_id();
    insert_row(conn, "projects", FIELDS, &id, values(input))?;
    replace_links(
        conn,
        "project_organizations",
        "project_id",
        "organization_id",
        "role",
        &id,
        &links(input),
    )?;
    Ok(id)
}

pub fn update(conn: &Connection, id: &str, input: &ProjectInput) -> Result<()> {
    update_row(conn, "projects", "project", FIELDS, id, values(input))?;
    replace_links(
        conn,
        "project_organizations",
        "project_id",
        "organization_id",
        "role",
        id,
        &links(input),
    )
}

fn filter(q: &ProjectQuery) -> Filter {
    let mut f = Filter::new("p");
    f.eq("p.status = ?", q.status.map(|s| s.as_str().to_string()))
        // An organization's projects: those it is linked to (the partners tab) and, for a department, those it
        // owns, which is how a department's own work is usually filed.
        .eq(
            "p.id IN (SELECT project_id FROM project_organizations WHERE organization_id = ? AND deleted_at IS NULL
               UNION SELECT id FROM projects WHERE owner_department_id = ?)",
            q.organization_id.clone(),
        )
        .matching("p.id", "project", q.search.as_deref());
    f
}

/// Every project the query's filters match, as (id, name sort key): for the health sort, which the service does.
pub fn matching(conn: &Connection, q: &ProjectQuery) -> Result<Vec<(String, String)>> {
    let (where_sql, params, _) = filter(q).resolve(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.name_sort FROM projects p WHERE {where_sql}"
    ))?;
    let out = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// A page of projects in the SQL sorts (the health sort is the service's: here it falls back to the name).
pub fn list(conn: &Connection, q: &ProjectQuery) -> Result<Page<Project>> {
    let f = filter(q);
    let sort = match q.sort.unwrap_or(ProjectSort::Name) {
        ProjectSort::Name | ProjectSort::Health => Sort {
            expr: "p.name_sort",
            desc: false,
            numeric: false,
        },
        ProjectSort::Due => Sort {
            expr: "ifnull(p.due_date, '9999-12-31')",
            desc: false,
            numeric: false,
        },
        ProjectSort::Updated => Sort {
            expr: "p.updated_at",
            desc: true,
            numeric: false,
        },
    };
    let sql = ListSql {
        columns: COLUMNS,
        from: FROM,
        count_from: "projects p",
        id: "p.id",
    };
    let mut out = page(conn, sql, &f, sort, q.cursor.as_deref(), q.limit, from_row)?;
    for p in &mut out.items {
        p.organizations = organizations(conn, &p.id)?;
    }
    Ok(out)
}

pub fn count(conn: &Connection, status: Option<ProjectStatus>) -> Result<i32> {
    Ok(conn.prepare_cached("SELECT count(*) FROM projects WHERE deleted_at IS NULL AND (?1 IS NULL OR status = ?1)")?
        .query_row([status.map(|s| s.as_str())], |r| r.get(0))?)
}
