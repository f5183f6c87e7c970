//! Types and rules, no IO. Every input is normalized (trimmed, empty → None) and validated here, so a bad input is
//! refused with a typed error before anything touches the database.

pub mod commitment;
pub mod conflict;
pub mod contact;
pub mod meeting;
pub mod minutes;
pub mod organization;
pub mod plan;
pub mod project;
pub mod recurrence;
pub mod relationship;
pub mod schedule;
pub mod scorecard;
pub mod series;
pub mod task;
pub mod time;

pub use commitment::*;
pub use conflict::*;
pub use contact::*;
pub use meeting::*;
pub use minutes::*;
pub use organization::*;
pub use plan::*;
pub use project::*;
pub use relationship::*;
pub use scorecard::*;
pub use task::*;

use crate::error::{AppError, FieldError, Result, Rule};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

pub const MAX_NAME: usize = 200;

/// Colours a project or department can have: Mantine palette names, readable in light and dark themes.
pub const PALETTE: [&str; 10] = [
    "indigo", "teal", "grape", "orange", "cyan", "pink", "lime", "violet", "blue", "yellow",
];
pub const MAX_SHORT: usize = 500;
pub const MAX_TEXT: usize = 100_000;
pub const MAX_PAGE: i32 = 500;
pub const DEFAULT_PAGE: i32 = 50;

/// The kinds of record the user works with; names the table for shared operations (delete, restore, events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Organization,
    Contact,
    Project,
    Task,
    Meeting,
    AgendaItem,
    Decision,
    Template,
    Milestone,
    Risk,
    BudgetLine,
}

impl Entity {
    pub fn table(self) -> &'static str {
        match self {
            Entity::Organization => "organizations",
            Entity::Contact => "contacts",
            Entity::Project => "projects",
            Entity::Task => "tasks",
            Entity::Meeting => "meetings",
            Entity::AgendaItem => "meeting_agenda_items",
            Entity::Decision => "meeting_decisions",
            Entity::Template => "meeting_templates",
            Entity::Milestone => "milestones",
            Entity::Risk => "risks",
            Entity::BudgetLine => "budget_lines",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Entity::Organization => "organization",
            Entity::Contact => "contact",
            Entity::Project => "project",
            Entity::Task => "task",
            Entity::Meeting => "meeting",
            Entity::AgendaItem => "agenda_item",
            Entity::Decision => "decision",
            Entity::Template => "template",
            Entity::Milestone => "milestone",
            Entity::Risk => "risk",
            Entity::BudgetLine => "budget_line",
        }
    }
}

/// One page of a keyset-paged list. `next_cursor` is opaque to the UI.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    /// Rows matching the filter, counted for the first page only: later pages (with a cursor) return None, since
    /// the count does not change while paging and a text search has to scan the table to count.
    pub total: Option<i32>,
}

/// Current time as the UTC RFC 3339 string stored everywhere.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An instant as stored in time columns: UTC, whole seconds, "Z".
pub fn utc_string(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads a stored or user-given RFC 3339 instant (any offset).
pub fn parse_utc(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Collects field errors so a form can show all of them at once.
#[derive(Default)]
pub struct Check {
    fields: Vec<FieldError>,
}

impl Check {
    pub fn fail(&mut self, field: &str, rule: Rule) {
        if !self.fields.iter().any(|f| f.field == field) {
            self.fields.push(FieldError {
                field: field.to_string(),
                rule,
            });
        }
    }

    /// A required single-line name: trimmed, non-empty, at most MAX_NAME characters.
    pub fn name(&mut self, field: &str, value: &str) -> String {
        let v = value.trim().to_string();
        if v.is_empty() {
            self.fail(field, Rule::Required);
        } else if v.chars().count() > MAX_NAME {
            self.fail(field, Rule::TooLong);
        }
        v
    }

    /// An optional text: trimmed, empty becomes None.
    pub fn text(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        let v = value
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())?;
        if v.chars().count() > max {
            self.fail(field, Rule::TooLong);
        }
        Some(v)
    }

    pub fn id(&mut self, value: Option<String>) -> Option<String> {
        value
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    pub fn date(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let v = self.text(field, value, 10)?;
        match NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
            Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
            Err(_) => {
                self.fail(field, Rule::InvalidDate);
                None
            }
        }
    }

    /// An instant, accepted with any offset and stored as UTC.
    pub fn instant(&mut self, field: &str, value: Option<String>) -> Option<DateTime<Utc>> {
        let v = self.text(field, value, 64)?;
        match DateTime::parse_from_rfc3339(&v) {
            Ok(d) => Some(d.with_timezone(&Utc)),
            Err(_) => {
                self.fail(field, Rule::InvalidDate);
                None
            }
        }
    }

    /// Two instants where the end must come after the start; both are required. Returns them when valid.
    pub fn interval(
        &mut self,
        (start_field, start): (&str, &str),
        (end_field, end): (&str, &str),
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let required = |c: &mut Check, field: &str, value: &str| {
            if value.trim().is_empty() {
                c.fail(field, Rule::Required);
                return None;
            }
            c.instant(field, Some(value.to_string()))
        };
        let s = required(self, start_field, start);
        let e = required(self, end_field, end);
        match (s, e) {
            (Some(s), Some(e)) if e <= s => {
                self.fail(end_field, Rule::EndBeforeStart);
                None
            }
            (Some(s), Some(e)) => Some((s, e)),
            _ => None,
        }
    }

    /// An IANA time zone name.
    pub fn zone(&mut self, field: &str, name: &str) -> Option<chrono_tz::Tz> {
        let tz = name.trim().parse::<chrono_tz::Tz>().ok();
        if tz.is_none() {
            self.fail(field, Rule::InvalidTimeZone);
        }
        tz
    }

    pub fn emails(&mut self, field: &str, values: Vec<String>) -> Vec<String> {
        let list = clean_list(values);
        if list.iter().any(|e| !is_email(e)) {
            self.fail(field, Rule::InvalidEmail);
        }
        list
    }

    pub fn list(&mut self, field: &str, values: Vec<String>) -> Vec<String> {
        let list = clean_list(values);
        if list.iter().any(|v| v.chars().count() > MAX_NAME) {
            self.fail(field, Rule::TooLong);
        }
        list
    }

    /// A palette colour name, or None.
    pub fn color(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let v = value
            .map(|v| v.trim().to_lowercase())
            .filter(|v| !v.is_empty())?;
        if !PALETTE.contains(&v.as_str()) {
            self.fail(field, Rule::OutOfRange);
        }
        Some(v)
    }

    pub fn non_negative(&mut self, field: &str, value: Option<f64>, max: f64) -> Option<f64> {
        let v = value?;
        if !v.is_finite() || v > max {
            self.fail(field, Rule::OutOfRange);
        } else if v < 0.0 {
            self.fail(field, Rule::Negative);
        }
        Some(v)
    }

    /// Finishes, handing back what the checks produced: `value` is Some whenever no field failed.
    pub fn finish_with<T>(self, value: Option<T>) -> Result<T> {
        self.finish()?;
        value.ok_or_else(|| AppError::Internal {
            message: "a check passed without a value".into(),
        })
    }

    pub fn finish(self) -> Result<()> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation {
                fields: self.fields,
            })
        }
    }
}

/// Trims entries, drops empty ones and exact duplicates, keeping the user's order.
fn clean_list(values: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let v = v.trim().to_string();
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// A pragmatic address check: one @, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(s: &str) -> bool {
    if s.len() > 254 || s.chars().any(char::is_whitespace) {
        return false;
    }
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// Lower-case search text for a name: the name itself, its full pinyin and its pinyin initials, so
/// "华东", "huadong" and "hd" all find 华东精密.
pub fn search_terms(name: &str) -> String {
    let (full, initials) = pinyin_of(name);
    format!("{} {} {}", name.to_lowercase(), full, initials)
}

/// The sort key for names: pinyin for Chinese characters, lower-case text for the rest, so Chinese and Latin names
/// interleave in the order a Chinese reader expects.
pub fn sort_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 2);
    for c in name.chars() {
        match pinyin::ToPinyin::to_pinyin(&c) {
            Some(p) => {
                out.push_str(p.plain());
                out.push(' ');
            }
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The full pinyin and the initials of the Chinese characters in `name` (张伟 → "zhangwei", "zw").
pub fn pinyin_of(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for c in name.chars() {
        if let Some(p) = pinyin::ToPinyin::to_pinyin(&c) {
            full.push_str(p.plain());
            initials.push_str(p.first_letter());
        }
    }
    (full, initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked() {
        assert!(is_email("wang@hd-precision.cn"));
        assert!(!is_email("wang@"));
        assert!(!is_email("wang hd@x.cn"));
        assert!(!is_email("wang@localhost"));
    }

    #[test]
    fn impossible_dates_are_refused_not_rolled_over() {
        let mut c = Check::default();
        assert_eq!(c.date("due_date", Some("2026-02-30".into())), None);
        assert_eq!(c.date("start_date", Some("2026-13-01".into())), None);
        assert_eq!(
            c.instant("starts_at", Some("2026-02-30T10:00:00Z".into())),
            None
        );
        assert_eq!(
            c.instant("ends_at", Some("2026-04-31T10:00:00+08:00".into())),
            None
        );
        match c.finish() {
            Err(AppError::Validation { fields }) => {
                let got: Vec<(&str, Rule)> =
                    fields.iter().map(|f| (f.field.as_str(), f.rule)).collect();
                assert_eq!(
                    got,
                    vec![
                        ("due_date", Rule::InvalidDate),
                        ("start_date", Rule::InvalidDate),
                        ("starts_at", Rule::InvalidDate),
                        ("ends_at", Rule::InvalidDate),
                    ]
                );
            }
            other => panic!("expected field errors, got {other:?}"),
        }
        // Real dates pass, a leap day included.
        let mut c = Check::default();
        assert_eq!(
            c.date("d", Some("2028-02-29".into())).as_deref(),
            Some("2028-02-29")
        );
        assert!(c
            .instant("t", Some("2028-02-29T23:00:00Z".into()))
            .is_some());
        assert!(c.finish().is_ok());
    }

    #[test]
    fn chinese_names_sort_by_pinyin() {
        let mut names = vec!["张伟", "Apple", "李娜", "陈静"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, vec!["Apple", "陈静", "李娜", "张伟"]);
    }

    #[test]
    fn search_terms_include_pinyin_and_initials() {
        let s = search_terms("华东精密");
        assert!(s.contains("华东精密"));
        assert!(s.contains("huadongjingmi"));
        assert!(s.contains("hdjm"));
    }
}
