//! Organizations (partners, suppliers, clients, departments) and their contacts.

use crate::domain::{
    Contact, ContactInput, Entity, Organization, OrganizationInput, OrganizationQuery, Page,
};
use crate::error::Result;
use crate::store::{check_ref, contacts, organizations};
use rusqlite::Connection;

pub fn create_organization(conn: &Connection, input: OrganizationInput) -> Result<Organization> {
    let input = input.validate()?;
    check_ref(
        conn,
        "contacts",
        "",
        "lead_contact_id",
        input.lead_contact_id.as_deref(),
    )?;
    let id = organizations::insert(conn, &input)?;
    organizations::get(conn, &id)
}

pub fn update_organization(
    conn: &Connection,
    id: &str,
    input: OrganizationInput,
) -> Result<Organization> {
    let input = input.validate()?;
    check_ref(
        conn,
        "contacts",
        "",
        "lead_contact_id",
        input.lead_contact_id.as_deref(),
    )?;
    organizations::update(conn, id, &input)?;
    organizations::get(conn, id)
}

pub fn restore_organization(conn: &Connection, id: &str) -> Result<Organization> {
    super::restore(conn, Entity::Organization, id)?;
    organizations::get(conn, id)
}

pub fn list_organizations(conn: &Connection, q: &OrganizationQuery) -> Result<Page<Organization>> {
    organizations::list(conn, q)
}

pub fn create_contact(conn: &Connection, input: ContactInput) -> Result<Contact> {
    let input = input.validate()?;
    check_ref(
        conn,
        "organizations",
        "",
        "organization_id",
        input.organization_id.as_deref(),
    )?;
    let id = contacts::insert(conn, &input)?;
    contacts::get(conn, &id)
}

pub fn update_contact(conn: &Connection, id: &str, input: ContactInput) -> Result<Contact> {
    let input = input.validate()?;
    check_ref(
        conn,
        "organizations",
        "",
        "organization_id",
        input.organization_id.as_deref(),
    )?;
    contacts::update(conn, id, &input)?;
    contacts::get(conn, id)
}

pub fn restore_contact(conn: &Connection, id: &str) -> Result<Contact> {
    super::restore(conn, Entity::Contact, id)?;
    contacts::get(conn, id)
}
