//! User preferences kept in the database so they travel with it.

use crate::error::{AppError, Result, Rule};
use crate::store::settings;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Settings {
    /// "zh-CN" or "en"; None follows the system language.
    pub locale: Option<String>,
}

pub fn get(conn: &Connection) -> Result<Settings> {
    Ok(Settings {
        locale: settings::get(conn, "locale")?,
    })
}

pub fn set(conn: &Connection, s: Settings) -> Result<Settings> {
    if let Some(l) = &s.locale {
        if !LOCALES.contains(&l.as_str()) {
            return Err(AppError::field("locale", Rule::OutOfRange));
        }
    }
    settings::set(conn, "locale", s.locale.as_deref())?;
    get(conn)
}
