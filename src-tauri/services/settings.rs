//! User preferences kept in the database so they travel with it.

use crate::domain::schedule::WorkingHours;
use crate::domain::time;
use crate::error::{AppError, Result, Rule};
use crate::store::settings;
use chrono_tz::Tz;
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
    /// The IANA zone the user lives in ("Asia/Shanghai"); None follows the system's. "Today", "this week", the
    /// planner's days, CLI listings and export file names are counted in it.
    pub time_zone: Option<String>,
}

pub fn get(conn: &Connection) -> Result<Settings> {
    Ok(Settings {
        locale: settings::get(conn, "locale")?,
        working_hours: working_hours(conn)?,
        time_zone: settings::get(conn, "time_zone")?.filter(|z| time::parse_zone(z).is_some()),
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
    let zone = s
        .time_zone
        .as_deref()
        .map(str::trim)
        .filter(|z| !z.is_empty());
    if zone.is_some_and(|z| time::parse_zone(z).is_none()) {
        return Err(AppError::field("time_zone", Rule::InvalidTimeZone));
    }
    settings::set(conn, "locale", s.locale.as_deref())?;
    settings::set(conn, "time_zone", zone)?;
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

/// The zone the user's days are counted in: the saved one, else the system's, else UTC.
pub fn time_zone(conn: &Connection) -> Result<Tz> {
    Ok(settings::get(conn, "time_zone")?
        .as_deref()
        .and_then(time::parse_zone)
        .unwrap_or_else(system_zone))
}

/// Today's date (YYYY-MM-DD) in the user's zone: what "overdue" and "today" are counted against.
pub fn today(conn: &Connection, now: chrono::DateTime<chrono::Utc>) -> Result<String> {
    Ok(time::local_date(time_zone(conn)?, now)
        .format("%Y-%m-%d")
        .to_string())
}

/// This computer's IANA zone, or UTC when the system does not say (or names one the tz database lacks).
///
/// A `TZ` naming a zone ("Asia/Shanghai", or ":Asia/Shanghai" as POSIX allows) comes first: libc and the webview
/// honour it, so the backend must count days in the same zone the window shows them in.
pub fn system_zone() -> Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| time::parse_zone(tz.trim_start_matches(':')))
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .as_deref()
                .and_then(time::parse_zone)
        })
        .unwrap_or(Tz::UTC)
}
