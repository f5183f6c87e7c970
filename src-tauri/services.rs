//! Use cases. Each takes the connection of a transaction the caller opened (`Db::write` / `Db::read`), validates
//! input in the domain layer, checks references, then calls the store.

pub mod archive;
pub mod backups;
pub mod commitments;
pub mod conflicts;
pub mod contacts_io;
pub mod dashboard;
pub mod demo;
pub mod departments;
pub mod directory;
pub mod exports;
pub mod meetings;
pub mod minutes;
pub mod plan;
pub mod planner;
pub mod projects;
pub mod relationships;
pub mod reminders;
pub mod reports;
pub mod scorecard;
pub mod series;
pub mod settings;

use crate::domain::Entity;
use crate::error::Result;
use crate::store;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Soft-deletes a record; the UI offers undo through `restore`.
pub fn delete(conn: &Connection, entity: Entity, id: &str) -> Result<()> {
    store::soft_delete(conn, entity.table(), entity.name(), id)
}

pub fn restore(conn: &Connection, entity: Entity, id: &str) -> Result<()> {
    store::restore(conn, entity.table(), entity.name(), id)
}

/// How many live records of one kind point at a record (`kind` is a key of `store::references::REFERENCES`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReferenceCount {
    pub kind: String,
    pub count: i32,
}

/// What still points at a record, for the delete confirmation: counts by kind, none when nothing does.
pub fn references(conn: &Connection, entity: Entity, id: &str) -> Result<Vec<ReferenceCount>> {
    Ok(store::references::counts(conn, entity.table(), id)?
        .into_iter()
        .map(|(kind, count)| ReferenceCount { kind, count })
        .collect())
}

/// Writes a whole file or nothing: the bytes go to a temporary file beside the target, which then replaces it, so
/// a failure never leaves a half-written file where the user expects theirs.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| crate::error::AppError::Io {
        message: format!("{} is not a file name", path.display()),
    })?;
    let tmp = dir.join(format!(".{}.part", name.to_string_lossy()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}
