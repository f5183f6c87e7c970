//! Use cases. Each takes the connection of a transaction the caller opened (`Db::write` / `Db::read`), validates
//! input in the domain layer, checks references, then calls the store.

pub mod dashboard;
pub mod demo;
pub mod directory;
pub mod meetings;
pub mod projects;
pub mod settings;

use crate::domain::Entity;
use crate::error::Result;
use crate::store;
use rusqlite::Connection;

/// Soft-deletes a record; the UI offers undo through `restore`.
pub fn delete(conn: &Connection, entity: Entity, id: &str) -> Result<()> {
    store::soft_delete(conn, entity.table(), entity.name(), id)
}

pub fn restore(conn: &Connection, entity: Entity, id: &str) -> Result<()> {
    store::restore(conn, entity.table(), entity.name(), id)
}
