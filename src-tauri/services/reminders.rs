//! Reminders: what became due between two instants — meetings about to start (with the lead time from Settings),
//! follow-ups, commitments and conflict reviews due that day, cadences turning red — each kind switchable off. The
//! app raises them as desktop notifications while it is open and, at start, one summary of what came due while it
//! was closed (see `app::reminders`).
//!
//! A day-based reminder fires once, on the first check of its day in the user's zone: its date lies after the
//! local day of the previous check and on or before the local day of this one.

use crate::domain::{CadenceStatus, ConflictQuery, Direction};
use crate::error::{AppError, Result, Rule};
use crate::export::summary::Lang;
use crate::services::{commitments, conflicts, planner, relationships, settings};
use crate::store::{self, meetings};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Meeting,
    FollowUp,
    Commitment,
    Cadence,
    ConflictReview,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 5] = [
        ReminderKind::Meeting,
        ReminderKind::FollowUp,
        ReminderKind::Commitment,
        ReminderKind::Cadence,
        ReminderKind::ConflictReview,
    ];
}

/// One reminder: what, about which record, and the app path that opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub id: String,
    pub title: String,
    /// The meeting's start (UTC) or the day it is due (YYYY-MM-DD).
    pub when: String,
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReminderSettings {
    /// Minutes before a meeting starts (0–1440).
    pub meeting_lead_minutes: i32,
    /// Kinds switched off.
    pub off: Vec<ReminderKind>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            meeting_lead_minutes: 15,
            off: vec![],
        }
    }
}

const KEY: &str = "reminders";
/// When reminders were last looked for (UTC), so the next start can catch up once.
const CHECKED: &str = "reminders_checked_at";

pub fn get_settings(conn: &Connection) -> Result<ReminderSettings> {
    Ok(store::settings::get(conn, KEY)?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

pub fn set_settings(conn: &Connection, s: ReminderSettings) -> Result<ReminderSettings> {
    if !(0..=1440).contains(&s.meeting_lead_minutes) {
        return Err(AppError::field("meeting_lead_minutes", Rule::OutOfRange));
    }
    let json = serde_json::to_string(&s).map_err(|e| AppError::Internal {
        message: e.to_string(),
    })?;
    store::settings::set(conn, KEY, Some(&json))?;
    Ok(s)
}

/// The last check, if any.
pub fn last_checked(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    Ok(store::settings::get(conn, CHECKED)?.and_then(|s| crate::domain::parse_utc(&s)))
}

pub fn mark_checked(conn: &Connection, at: DateTime<Utc>) -> Result<()> {
    store::settings::set(conn, CHECKED, Some(&crate::domain::utc_string(at)))
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Everything that became due in (since, now], in order of kind, then as each list orders it.
pub fn due(conn: &Connection, since: DateTime<Utc>, now: DateTime<Utc>) -> Result<Vec<Reminder>> {
    let s = get_settings(conn)?;
    let on = |k: ReminderKind| !s.off.contains(&k);
    let (from, to) = (
        day(&settings::today(conn, since)?),
        day(&settings::today(conn, now)?),
    );
    // A day-based date fires when it lies in (from, to].
    let fires = |d: Option<&str>| match (d.and_then(day), from, to) {
        (Some(d), Some(f), Some(t)) => d > f && d <= t,
        _ => false,
    };
    let mut out = Vec::new();
    if on(ReminderKind::Meeting) {
        let lead = Duration::minutes(i64::from(s.meeting_lead_minutes));
        // Meetings whose reminder time (start − lead) falls in (since, now].
        let events =
            planner::meeting_occurrences(conn, since + lead, now + lead + Duration::seconds(1))?;
        let mut ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
        ids.dedup();
        let series = meetings::by_ids(conn, &ids)?;
        for e in events {
            let Some(start) = crate::domain::parse_utc(&e.start) else {
                continue;
            };
            if start - lead <= since || start - lead > now {
                continue;
            }
            if let Some(m) = series.iter().find(|m| m.id == e.id) {
                out.push(Reminder {
                    kind: ReminderKind::Meeting,
                    id: m.id.clone(),
                    title: m.title.clone(),
                    when: e.start.clone(),
                    path: format!("/meetings/{}", m.id),
                });
            }
        }
    }
    if on(ReminderKind::FollowUp) {
        for (id, title, date, org) in store::rows(
            conn,
            "SELECT i.id, coalesce(nullif(substr(i.summary, 1, instr(i.summary || char(10), char(10)) - 1), ''), i.kind),
                    i.follow_up_date,
                    (SELECT io.organization_id FROM interaction_organizations io
                      WHERE io.interaction_id = i.id AND io.deleted_at IS NULL ORDER BY io.organization_id LIMIT 1)
             FROM interactions i WHERE i.deleted_at IS NULL AND i.follow_up_date IS NOT NULL
             ORDER BY i.follow_up_date, i.id",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )? {
            if fires(Some(&date)) {
                out.push(Reminder {
                    kind: ReminderKind::FollowUp,
                    id,
                    title,
                    when: date,
                    path: org.map_or_else(|| "/contacts".into(), |o| format!("/organizations/{o}")),
                });
            }
        }
    }
    if on(ReminderKind::Commitment) {
        let q = crate::domain::CommitmentQuery {
            open_only: true,
            limit: Some(crate::domain::MAX_PAGE),
            ..Default::default()
        };
        for c in commitments::list(conn, &q, now)? {
            if fires(c.due_date.as_deref()) {
                let prefix = match c.direction {
                    Direction::WaitingOn => "⇠",
                    Direction::WeOwe => "⇢",
                };
                out.push(Reminder {
                    kind: ReminderKind::Commitment,
                    path: c
                        .organization_id
                        .as_ref()
                        .map_or_else(|| "/commitments".into(), |o| format!("/organizations/{o}")),
                    id: c.id,
                    title: format!("{prefix} {}", c.title),
                    when: c.due_date.unwrap_or_default(),
                });
            }
        }
    }
    if on(ReminderKind::Cadence) {
        for c in relationships::losing_touch(conn, now)? {
            // Red from the day after it was due.
            let red_from = day(&c.due)
                .and_then(|d| d.succ_opt())
                .map(|d| d.to_string());
            if c.status == CadenceStatus::Red && fires(red_from.as_deref()) {
                out.push(Reminder {
                    kind: ReminderKind::Cadence,
                    path: match (&c.organization_id, &c.contact_id) {
                        (Some(o), _) => format!("/organizations/{o}"),
                        (None, Some(p)) => format!("/contacts/{p}"),
                        (None, None) => "/losing-touch".into(),
                    },
                    id: c.id,
                    title: c.name,
                    when: red_from.unwrap_or_default(),
                });
            }
        }
    }
    if on(ReminderKind::ConflictReview) {
        let q = ConflictQuery {
            review_due_only: true,
            ..Default::default()
        };
        for k in conflicts::list(conn, &q, now)? {
            if fires(k.review_date.as_deref()) {
                out.push(Reminder {
                    kind: ReminderKind::ConflictReview,
                    path: format!("/conflicts?open={}", k.id),
                    id: k.id,
                    title: k.title,
                    when: k.review_date.unwrap_or_default(),
                });
            }
        }
    }
    Ok(out)
}

/// A notification's title and body, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// The app path the notice is about (the first reminder's, for a summary).
    pub path: String,
}

fn kind_title(lang: Lang, kind: ReminderKind) -> &'static str {
    let zh = lang == Lang::ZhCn;
    match (kind, zh) {
        (ReminderKind::Meeting, true) => "会议即将开始",
        (ReminderKind::Meeting, false) => "Meeting soon",
        (ReminderKind::FollowUp, true) => "今天该跟进",
        (ReminderKind::FollowUp, false) => "Follow-up due today",
        (ReminderKind::Commitment, true) => "承诺今天到期",
        (ReminderKind::Commitment, false) => "Commitment due today",
        (ReminderKind::Cadence, true) => "疏于联系",
        (ReminderKind::Cadence, false) => "Losing touch",
        (ReminderKind::ConflictReview, true) => "冲突今天复查",
        (ReminderKind::ConflictReview, false) => "Conflict review due",
    }
}

/// One notice per reminder while the app is open.
pub fn notice(lang: Lang, r: &Reminder) -> Notice {
    Notice {
        title: kind_title(lang, r.kind).to_string(),
        body: r.title.clone(),
        path: r.path.clone(),
    }
}

/// One notice for everything that came due while the app was closed (None when nothing did): the count and the
/// first five titles.
pub fn summary(lang: Lang, list: &[Reminder]) -> Option<Notice> {
    let first = list.first()?;
    let titles: Vec<&str> = list.iter().take(5).map(|r| r.title.as_str()).collect();
    let more = list.len().saturating_sub(titles.len());
    let (title, body) = match lang {
        Lang::ZhCn => (
            format!("离开期间有 {} 条提醒", list.len()),
            format!(
                "{}{}",
                titles.join("、"),
                if more > 0 {
                    format!(" 等另外 {more} 条")
                } else {
                    String::new()
                }
            ),
        ),
        Lang::En => (
            format!(
                "{} reminder{} while you were away",
                list.len(),
                if list.len() == 1 { "" } else { "s" }
            ),
            format!(
                "{}{}",
                titles.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        ),
    };
    Some(Notice {
        title,
        body,
        path: first.path.clone(),
    })
}

/// The language notices are written in: the UI's, else the system's (as the command line decides it).
pub fn language(conn: &Connection) -> Result<Lang> {
    Ok(crate::messages::cli_lang(
        settings::get(conn)?.locale.as_deref(),
    ))
}
