//! User preferences kept in the database so they travel with it.

use crate::domain::schedule::WorkingHours;
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
    /// The planner's working hours: shading, "outside working hours" warnings, free slots and capacity.
    pub working_hours: WorkingHours,
}

pub fn get(conn: &Connection) -> Result<Settings> {
    Ok(Settings {
        locale: settings::get(conn, "locale")?,
        working_hours: working_hours(conn)?,
    })
}

pub fn set(conn: &Connection, s: Settings) -> Result<Settings> {
    if let Some(l) = &s.locale {
        if !LOCALES.contains(&l.as_str()) {
            return Err(AppError::field("locale", Rule::OutOfRange));
        }
    }
    if !s.working_hours.is_valid() {
        return Err(AppError::field("working_hours", Rule::OutOfRange));
    }
    settings::set(conn, "locale", s.locale.as_deref())?;
    let wh = serde_json::to_string(&s.working_hours).map_err(|e| AppError::Internal {
        message: e.to_string(),
    })?;
    settings::set(conn, "working_hours", Some(&wh))?;
    get(conn)
}

/// The saved working hours, or the default (09:00–18:00, Monday–Friday) when none are saved or they are unreadable.
pub fn working_hours(conn: &Connection) -> Result<WorkingHours> {
    Ok(settings::get(conn, "working_hours")?
        .and_then(|j| serde_json::from_str::<WorkingHours>(&j).ok())
        .filter(WorkingHours::is_valid)
        .unwrap_or_default())
}
