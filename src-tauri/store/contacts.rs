use super::{
    deleted_refs, insert_row, json_list, page, to_json, update_row, Filter, ListSql, Sort,
};
use crate::domain::{
    new_id, search_terms, sort_key, Contact, ContactInput, ContactQuery, ContactSort, Page,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "c.id, c.name, c.title, c.organization_id, o.name, c.emails, c.phones, c.wechat, c.notes, \
    c.created_at, c.updated_at, c.deleted_at, o.deleted_at IS NOT NULL";
const FROM: &str = "contacts c LEFT JOIN organizations o ON o.id = c.organization_id";

fn from_row(r: &Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        name: r.get(1)?,
        title: r.get(2)?,
        organization_id: r.get(3)?,
        organization_name: r.get(4)?,
        deleted_refs: deleted_refs(r, &[("organization_id", 12)])?,
        emails: json_list(r.get(5)?),
        phones: json_list(r.get(6)?),
        wechat: r.get(7)?,
        notes: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        deleted_at: r.get(11)?,
    })
}

/// Search covers the name (with pinyin), e-mail addresses, phone numbers, WeChat id and title.
fn search_text(input: &ContactInput) -> String {
    let mut s = search_terms(&input.name);
    for extra in input
        .emails
        .iter()
        .chain(&input.phones)
        .chain(&input.wechat)
        .chain(&input.title)
    {
        s.push(' ');
        s.push_str(&extra.to_lowercase());
    }
    s
}

pub fn get(conn: &Connection, id: &str) -> Result<Contact> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE c.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("contact", id))
}

const FIELDS: &str =
    "name, name_sort, search_text, title, organization_id, emails, phones, wechat, notes";

/// Column values in FIELDS order; `input` must be validated.
fn values(input: &ContactInput) -> Vec<Value> {
    vec![
        input.name.clone().into(),
        sort_key(&input.name).into(),
        search_text(input).into(),
        input.title.clone().into(),
        input.organization_id.clone().into(),
        to_json(&input.emails).into(),
        to_json(&input.phones).into(),
        input.wechat.clone().into(),
        input.notes.clone().into(),
    ]
}

pub fn insert(conn: &Connection, input: &ContactInput) -> Result<String> {
    let id = new_id();
    insert_row(conn, "contacts", FIELDS, &id, values(input))?;
    Ok(id)
}

pub fn update(conn: &Connection, id: &str, input: &ContactInput) -> Result<()> {
    update_row(conn, "contacts", "contact", FIELDS, id, values(input))
}

pub fn list(conn: &Connection, q: &ContactQuery) -> Result<Page<Contact>> {
    let mut f = Filter::new("c");
    f.eq("c.organization_id = ?", q.organization_id.clone())
        .matching("c.id", "contact", q.search.as_deref());
    let sort = match q.sort.unwrap_or(ContactSort::Name) {
        ContactSort::Name => Sort {
            expr: "c.name_sort",
            desc: false,
            numeric: false,
        },
        ContactSort::Updated => Sort {
            expr: "c.updated_at",
            desc: true,
            numeric: false,
        },
    };
    let sql = ListSql {
        columns: COLUMNS,
        from: FROM,
        count_from: FROM,
        id: "c.id",
    };
    page(conn, sql, &f, sort, q.cursor.as_deref(), q.limit, from_row)
}

/// What exports need to know of a contact.
pub struct ContactLink {
    pub id: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// The first e-mail address.
    pub email: Option<String>,
}

pub fn links_of(conn: &Connection, ids: &[String]) -> Result<Vec<ContactLink>> {
    super::rows(
        conn,
        "SELECT c.id, c.organization_id, o.name, json_extract(c.emails, '$[0]') FROM contacts c
         LEFT JOIN organizations o ON o.id = c.organization_id
         WHERE c.id IN (SELECT value FROM json_each(?1))",
        [to_json(ids)],
        |r| {
            Ok(ContactLink {
                id: r.get(0)?,
                organization_id: r.get(1)?,
                organization_name: r.get(2)?,
                email: r.get(3)?,
            })
        },
    )
}

/// Soft-deletes the live contacts of an organization with the organization's own `deleted_at`, so they can be
/// told apart from contacts deleted on another occasion.
pub fn delete_of_organization(conn: &Connection, organization_id: &str, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE contacts SET deleted_at = ?2, updated_at = ?2 WHERE organization_id = ?1 AND deleted_at IS NULL",
        (organization_id, at),
    )?;
    Ok(())
}

/// Restores the contacts `delete_of_organization` deleted at `at`.
pub fn restore_of_organization(conn: &Connection, organization_id: &str, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE contacts SET deleted_at = NULL, updated_at = ?3 WHERE organization_id = ?1 AND deleted_at = ?2",
        (organization_id, at, crate::domain::now()),
    )?;
    Ok(())
}

/// Every live contact in name order (exports and the importer's matching).
pub fn all_live(conn: &Connection) -> Result<Vec<Contact>> {
    super::rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE c.deleted_at IS NULL ORDER BY c.name_sort, c.id"
        ),
        [],
        from_row,
    )
}
