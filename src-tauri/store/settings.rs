use crate::domain::now;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1 AND deleted_at IS NULL")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    let t = now();
    match value {
        Some(v) => conn.execute(
            "INSERT INTO settings (key, value, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, deleted_at = NULL",
            (key, v, &t),
        )?,
        None => conn.execute("UPDATE settings SET deleted_at = ?2, updated_at = ?2 WHERE key = ?1", (key, &t))?,
    };
    Ok(())
}
