//! Organizations (partners, suppliers, clients, departments) and their contacts.

use crate::domain::{
    Contact, ContactInput, ContactQuery, Entity, Organization, OrganizationInput,
    OrganizationQuery, Page,
};
use crate::error::Result;
use crate::store::{check_ref, contacts, organizations};
use rusqlite::Connection;

/// The input validated, with its lead contact checked: a new lead must be live; the lead it `had` may be deleted.
fn checked_organization(
    conn: &Connection,
    input: OrganizationInput,
    had: Option<&Organization>,
) -> Result<OrganizationInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "contacts",
        "",
        "lead_contact_id",
        input.lead_contact_id.as_deref(),
        had.and_then(|o| o.lead_contact_id.as_deref()),
    )?;
    Ok(input)
}

pub fn create_organization(conn: &Connection, input: OrganizationInput) -> Result<Organization> {
    let id = organizations::insert(conn, &checked_organization(conn, input, None)?)?;
    organizations::get(conn, &id)
}

pub fn get_organization(conn: &Connection, id: &str) -> Result<Organization> {
    organizations::get(conn, id)
}

pub fn update_organization(
    conn: &Connection,
    id: &str,
    input: OrganizationInput,
) -> Result<Organization> {
    let had = organizations::get(conn, id)?;
    organizations::update(conn, id, &checked_organization(conn, input, Some(&had))?)?;
    organizations::get(conn, id)
}

/// Deletes an organization; with `with_contacts`, its live contacts go in the same transaction and at the same
/// instant, which is how `restore_organization` knows to bring exactly them back.
pub fn delete_organization(conn: &Connection, id: &str, with_contacts: bool) -> Result<()> {
    super::delete(conn, Entity::Organization, id)?;
    if with_contacts {
        let at = organizations::get(conn, id)?.deleted_at;
        contacts::delete_of_organization(conn, id, at.as_deref().unwrap_or_default())?;
    }
    Ok(())
}

/// Restores an organization and the contacts deleted with it.
pub fn restore_organization(conn: &Connection, id: &str) -> Result<Organization> {
    let at = organizations::get(conn, id)?.deleted_at;
    super::restore(conn, Entity::Organization, id)?;
    if let Some(at) = at {
        contacts::restore_of_organization(conn, id, &at)?;
    }
    organizations::get(conn, id)
}

pub fn list_organizations(conn: &Connection, q: &OrganizationQuery) -> Result<Page<Organization>> {
    organizations::list(conn, q)
}

/// The input validated, with its organization checked: a new one must be live; the one it `had` may be deleted.
fn checked_contact(
    conn: &Connection,
    input: ContactInput,
    had: Option<&Contact>,
) -> Result<ContactInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "organizations",
        "",
        "organization_id",
        input.organization_id.as_deref(),
        had.and_then(|c| c.organization_id.as_deref()),
    )?;
    Ok(input)
}

pub fn create_contact(conn: &Connection, input: ContactInput) -> Result<Contact> {
    let id = contacts::insert(conn, &checked_contact(conn, input, None)?)?;
    contacts::get(conn, &id)
}

pub fn get_contact(conn: &Connection, id: &str) -> Result<Contact> {
    contacts::get(conn, id)
}

pub fn update_contact(conn: &Connection, id: &str, input: ContactInput) -> Result<Contact> {
    let had = contacts::get(conn, id)?;
    contacts::update(conn, id, &checked_contact(conn, input, Some(&had))?)?;
    contacts::get(conn, id)
}

pub fn restore_contact(conn: &Connection, id: &str) -> Result<Contact> {
    super::restore(conn, Entity::Contact, id)?;
    contacts::get(conn, id)
}

pub fn list_contacts(conn: &Connection, q: &ContactQuery) -> Result<Page<Contact>> {
    contacts::list(conn, q)
}
