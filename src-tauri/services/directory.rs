//! Organizations (partners, suppliers, clients, departments) and their contacts.

use crate::domain::{
    Contact, ContactInput, Entity, Organization, OrganizationInput, OrganizationQuery, Page,
};
use crate::error::Result;
use crate::store::{check_ref, contacts, organizations};
use rusqlite::Connection;

/// The input validated, with its lead contact checked to exist.
fn checked_organization(conn: &Connection, input: OrganizationInput) -> Result<OrganizationInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "contacts",
        "",
        "lead_contact_id",
        input.lead_contact_id.as_deref(),
    )?;
    Ok(input)
}

pub fn create_organization(conn: &Connection, input: OrganizationInput) -> Result<Organization> {
    let id = organizations::insert(conn, &checked_organization(conn, input)?)?;
    organizations::get(conn, &id)
}

pub fn update_organization(
    conn: &Connection,
    id: &str,
    input: OrganizationInput,
) -> Result<Organization> {
    organizations::update(conn, id, &checked_organization(conn, input)?)?;
    organizations::get(conn, id)
}

pub fn restore_organization(conn: &Connection, id: &str) -> Result<Organization> {
    super::restore(conn, Entity::Organization, id)?;
    organizations::get(conn, id)
}

pub fn list_organizations(conn: &Connection, q: &OrganizationQuery) -> Result<Page<Organization>> {
    organizations::list(conn, q)
}

/// The input validated, with its organization checked to exist.
fn checked_contact(conn: &Connection, input: ContactInput) -> Result<ContactInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "organizations",
        "",
        "organization_id",
        input.organization_id.as_deref(),
    )?;
    Ok(input)
}

pub fn create_contact(conn: &Connection, input: ContactInput) -> Result<Contact> {
    let id = contacts::insert(conn, &checked_contact(conn, input)?)?;
    contacts::get(conn, &id)
}

pub fn update_contact(conn: &Connection, id: &str, input: ContactInput) -> Result<Contact> {
    contacts::update(conn, id, &checked_contact(conn, input)?)?;
    contacts::get(conn, id)
}

pub fn restore_contact(conn: &Connection, id: &str) -> Result<Contact> {
    super::restore(conn, Entity::Contact, id)?;
    contacts::get(conn, id)
}
