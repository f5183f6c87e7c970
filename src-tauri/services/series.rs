//! Recurring meetings as calendar apps keep them: each occurrence has its own minutes (a row created when they are
//! first written), and an edit of the series' time, zone or rule applies to this occurrence, this and the following
//! ones, or all of them, carrying every moved or cancelled occurrence and every occurrence's minutes with it. What
//! cannot be carried is listed by `preview_edit` before `save_edit` changes anything.

use super::meetings::{checked_meeting, full_meeting, live_meeting};
use super::minutes as minutes_service;
use crate::domain::series::{self, Override, SeriesScope, Shape};
use crate::domain::{
    parse_utc, utc_string, Entity, Exception, Meeting, MeetingInput, OccurrenceNav,
};
use crate::error::{AppError, Result, Rule};
use crate::store::{meetings, tasks};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

/// An occurrence named as "SERIES@OCCURRENCE" (the planner's key without "meeting:"), accepted wherever a meeting
/// id is, so an occurrence without a row yet can be opened, and written to.
pub fn split_key(id: &str) -> Option<(&str, &str)> {
    id.split_once('@')
}

pub fn occurrence_key(series_id: &str, occurrence: &str) -> String {
    format!("{series_id}@{occurrence}")
}

/// The series' times and rule; None for a one-off or a series whose stored times are unreadable.
pub fn shape(m: &Meeting) -> Option<Shape> {
    let start = parse_utc(&m.starts_at)?;
    let end = parse_utc(&m.ends_at)?;
    Some(Shape {
        start,
        length: end - start,
        tz: m.time_zone.parse().unwrap_or(Tz::UTC),
        rule: m.recurrence.clone()?,
    })
}

/// A live series (not one of its occurrences) with its shape.
fn live_series(conn: &Connection, id: &str) -> Result<(Meeting, Shape)> {
    let m = live_meeting(conn, id)?;
    match (m.series_id.is_none(), shape(&m)) {
        (true, Some(s)) => Ok((m, s)),
        _ => Err(AppError::field("occurrence", Rule::OutOfRange)),
    }
}

/// `occurrence` read as one of the series' occurrences; anything else is refused, so no exception, row or
/// RECURRENCE-ID can name an instant the series does not produce.
pub fn checked_occurrence(shape: &Shape, occurrence: &str) -> Result<DateTime<Utc>> {
    let t =
        parse_utc(occurrence).ok_or_else(|| AppError::field("occurrence", Rule::InvalidDate))?;
    if shape.is_occurrence(t) {
        Ok(t)
    } else {
        Err(AppError::field("occurrence", Rule::OutOfRange))
    }
}

fn overrides_of(conn: &Connection, id: &str) -> Result<Vec<(DateTime<Utc>, Override)>> {
    Ok(meetings::exceptions_of(conn, &[id.to_string()])?
        .iter()
        .filter_map(meetings::exception_override)
        .collect())
}

fn find(overrides: &[(DateTime<Utc>, Override)], occ: DateTime<Utc>) -> Option<Override> {
    overrides.iter().find(|(o, _)| *o == occ).map(|(_, v)| *v)
}

/// When an occurrence takes place: its own times when moved, else its slot (also for a cancelled one, whose
/// minutes may say why).
fn times_of(
    shape: &Shape,
    occ: DateTime<Utc>,
    o: Option<Override>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    match o {
        Some(Override::Moved { start, end }) => (start, end),
        _ => (occ, occ + shape.length),
    }
}

/// The meeting an occurrence's minutes follow: the nearest earlier occurrence with a row, else what the series
/// follows (the last written occurrence of the series it continues, for a series split by "this and following").
fn previous_of(conn: &Connection, series: &Meeting, occurrence: &str) -> Result<Option<String>> {
    if let Some(p) = meetings::row_before(conn, &series.id, occurrence)? {
        return Ok(Some(p));
    }
    let Some(p) = &series.previous_meeting_id else {
        return Ok(None);
    };
    let rows = meetings::occurrence_rows(conn, p)?;
    Ok(Some(rows.last().map_or_else(|| p.clone(), |r| r.0.clone())))
}

/// The row to write minutes to for `id`: `id` itself, or the row of the occurrence it names, created on this first
/// write with the series' people and the unfinished agenda of the occurrence before it.
pub fn row_for_write(conn: &Connection, id: &str) -> Result<String> {
    let Some((series_id, occurrence)) = split_key(id) else {
        return Ok(id.to_string());
    };
    let (series, shape) = live_series(conn, series_id)?;
    let occ = checked_occurrence(&shape, occurrence)?;
    let key = utc_string(occ);
    if let Some(row) = meetings::occurrence_row(conn, series_id, &key)? {
        return Ok(row);
    }
    let (s, e) = times_of(&shape, occ, find(&overrides_of(conn, series_id)?, occ));
    let previous = previous_of(conn, &series, &key)?;
    let row = meetings::insert_occurrence(
        conn,
        series_id,
        &key,
        (&utc_string(s), &utc_string(e)),
        previous.as_deref(),
        false,
    )?;
    // The next written occurrence followed `previous` until now; it follows this one.
    if let Some(next) = meetings::row_after(conn, series_id, &key)? {
        if next.previous_meeting_id == previous {
            meetings::set_previous(conn, &next.id, Some(&row))?;
        }
    }
    if let Some(p) = &previous {
        minutes_service::carry_forward(conn, p, &row)?;
    }
    Ok(row)
}

/// The row behind `id` for reading, None for an occurrence nobody has written to.
pub fn row_for_read(conn: &Connection, id: &str) -> Result<Option<String>> {
    match split_key(id) {
        None => Ok(Some(id.to_string())),
        Some((series_id, occurrence)) => {
            let key = parse_utc(occurrence)
                .map(utc_string)
                .ok_or_else(|| AppError::field("occurrence", Rule::InvalidDate))?;
            meetings::occurrence_row(conn, series_id, &key)
        }
    }
}

/// One occurrence with its minutes, opened by its key: its row when it has one, else the series as it stands for
/// that date with empty minutes. Either way `id` is the key, so the page keeps one identity across the first write.
pub fn occurrence(conn: &Connection, series_id: &str, occurrence: &str) -> Result<Meeting> {
    let (series, shape) = live_series(conn, series_id)?;
    let occ = checked_occurrence(&shape, occurrence)?;
    let key = utc_string(occ);
    let mut m = match meetings::occurrence_row(conn, series_id, &key)? {
        Some(row) => full_meeting(conn, &row)?,
        None => {
            let overrides = overrides_of(conn, series_id)?;
            let (s, e) = times_of(&shape, occ, find(&overrides, occ));
            let previous = previous_of(conn, &series, &key)?;
            let mut chain: Vec<String> = previous.iter().cloned().collect();
            if let Some(p) = &previous {
                chain.extend(meetings::predecessors(conn, p)?);
            }
            let previous_meeting_title = match &previous {
                Some(p) => Some(meetings::get(conn, p)?.title),
                None => None,
            };
            let attendees = series
                .attendees
                .iter()
                .cloned()
                .map(|mut a| {
                    a.attendance = crate::domain::Attendance::Invited;
                    a
                })
                .collect();
            Meeting {
                starts_at: utc_string(s),
                ends_at: utc_string(e),
                notes: None,
                attendees,
                previous_meeting_id: previous,
                previous_meeting_title,
                carried_items: tasks::open_of_meetings(conn, &chain)?,
                series_id: Some(series_id.to_string()),
                occurrence: Some(key.clone()),
                created_at: series.created_at.clone(),
                updated_at: series.updated_at.clone(),
                ..series.clone()
            }
        }
    };
    m.id = occurrence_key(series_id, &key);
    m.recurrence = series.recurrence.clone();
    m.occurrences = Some(nav(conn, series_id, &shape, Some(occ))?);
    Ok(m)
}

/// Where to go from an occurrence (or, with None, from the series itself), skipping cancelled occurrences.
pub fn nav(
    conn: &Connection,
    series_id: &str,
    shape: &Shape,
    at: Option<DateTime<Utc>>,
) -> Result<OccurrenceNav> {
    let overrides = overrides_of(conn, series_id)?;
    let live = |occ: &DateTime<Utc>| find(&overrides, *occ) != Some(Override::Cancelled);
    let current = series::current(shape, &overrides, Utc::now()).map(utc_string);
    let Some(at) = at else {
        return Ok(OccurrenceNav {
            current,
            ..Default::default()
        });
    };
    let previous = shape
        .between(shape.start, at)
        .into_iter()
        .rev()
        .find(live)
        .map(utc_string);
    let mut next = None;
    let mut from = at;
    for _ in 0..50 {
        match shape.first_after(from) {
            Some(n) if live(&n) => {
                next = Some(utc_string(n));
                break;
            }
            Some(n) => from = n,
            None => break,
        }
    }
    Ok(OccurrenceNav {
        previous,
        next,
        current,
    })
}

/// After an occurrence was moved, cancelled or restored, its row (if any) takes the times it is now held at.
pub fn retime_row(conn: &Connection, series_id: &str, occurrence: &str) -> Result<()> {
    let Some(row) = meetings::occurrence_row(conn, series_id, occurrence)? else {
        return Ok(());
    };
    let (_, shape) = live_series(conn, series_id)?;
    let Some(occ) = parse_utc(occurrence) else {
        return Ok(());
    };
    let (s, e) = times_of(&shape, occ, find(&overrides_of(conn, series_id)?, occ));
    meetings::set_occurrence(
        conn,
        &row,
        Some((series_id, occurrence)),
        (&utc_string(s), &utc_string(e)),
    )
}

/// An edit of a series' time, zone or rule made from one of its occurrences (the series' first one when made from
/// the series): `input` holds that occurrence's new times and the series' other fields.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SeriesEdit {
    pub scope: SeriesScope,
    pub occurrence: String,
    pub input: MeetingInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OrphanKind {
    /// A cancelled occurrence whose date the new rule no longer has: the cancellation is dropped, and minutes it
    /// had are deleted with it (restorable like any deleted meeting), as it was never held.
    Cancelled,
    /// A moved occurrence whose date the new rule no longer has: it is dropped with its date.
    Moved,
    /// A held (or moved) occurrence with minutes whose date the new rule no longer has: it stays, with its
    /// minutes, as a meeting of its own at the time it was held.
    Minutes,
}

/// What an edit cannot carry to the changed series; the UI lists these before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Orphan {
    pub occurrence: String,
    /// When it is (or was) held.
    pub starts_at: String,
    pub kind: OrphanKind,
    /// The meeting its minutes stay in (kind `minutes`).
    pub meeting_id: Option<String>,
}

/// One occurrence carried by an edit: from its old key to its new one (None: orphaned), with its override and row.
struct Carried {
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
    over: Option<Override>,
    row: Option<String>,
}

/// Everything an edit will do, computed without writing.
struct Plan {
    series: Meeting,
    old: Shape,
    input: MeetingInput,
    scope: SeriesScope,
    occurrence: DateTime<Utc>,
    /// The series' own rule after the edit: the input's for "all", the truncated one for "following".
    kept_rule: Option<crate::domain::recurrence::Recurrence>,
    /// The changed series (all) or the new one (following); None when it no longer repeats.
    new: Option<Shape>,
    carried: Vec<Carried>,
}

impl Plan {
    fn orphans(&self) -> Vec<Orphan> {
        self.carried
            .iter()
            .filter(|c| c.to.is_none())
            .map(|c| Orphan {
                occurrence: utc_string(c.from),
                starts_at: utc_string(times_of(&self.old, c.from, c.over).0),
                kind: match (&c.row, c.over) {
                    (_, Some(Override::Cancelled)) => OrphanKind::Cancelled,
                    (Some(_), _) => OrphanKind::Minutes,
                    (None, _) => OrphanKind::Moved,
                },
                meeting_id: c.row.clone(),
            })
            .collect()
    }
}

fn plan(conn: &Connection, id: &str, edit: SeriesEdit) -> Result<Plan> {
    let (series, old) = live_series(conn, id)?;
    let occ = checked_occurrence(&old, &edit.occurrence)?;
    // What the series follows is the series' own: the form of an occurrence shows (and sends back) the occurrence
    // before it, which the series must never follow.
    let input = checked_meeting(
        conn,
        MeetingInput {
            previous_meeting_id: series.previous_meeting_id.clone(),
            ..edit.input
        },
        Some(&series),
    )?;
    let (Some(start), Some(end), Ok(tz)) = (
        parse_utc(&input.starts_at),
        parse_utc(&input.ends_at),
        input.time_zone.parse::<Tz>(),
    ) else {
        return Err(AppError::field("starts_at", Rule::InvalidDate));
    };
    let overrides = overrides_of(conn, id)?;
    let rows = meetings::occurrence_rows(conn, id)?;
    // "This and following" from the first occurrence is an edit of the whole series.
    let scope = match (edit.scope, series::truncated(&old, occ)) {
        (SeriesScope::Following, None) => SeriesScope::All,
        (s, _) => s,
    };
    let (new, kept_rule) = match scope {
        SeriesScope::This => (None, old.rule.clone().into()),
        SeriesScope::All => {
            let anchor = times_of(&old, occ, find(&overrides, occ)).0;
            let new_start = series::shifted_start(&old, anchor, start, tz);
            let new = input.recurrence.clone().map(|rule| Shape {
                start: new_start,
                length: end - start,
                tz,
                rule,
            });
            (new, input.recurrence.clone())
        }
        SeriesScope::Following => {
            let before = old.count_before(occ) as i32;
            let new = input.recurrence.clone().map(|mut rule| {
                // A count the user left as it was counted the whole series; the new part has what is left of it.
                if rule.count.is_some() && rule.count == old.rule.count {
                    rule.count = rule.count.map(|c| (c - before).max(1));
                }
                Shape {
                    start,
                    length: end - start,
                    tz,
                    rule,
                }
            });
            (new, series::truncated(&old, occ))
        }
    };
    let mut keys: Vec<DateTime<Utc>> = overrides.iter().map(|(o, _)| *o).collect();
    keys.extend(rows.iter().filter_map(|(_, o)| parse_utc(o)));
    keys.sort();
    keys.dedup();
    // Exceptions an earlier version left behind name no occurrence; carrying one by its date would cancel or move
    // an occurrence it never belonged to.
    keys.retain(|k| old.is_occurrence(*k));
    let mut taken: Vec<DateTime<Utc>> = Vec::new();
    let mut carried = Vec::new();
    for from in keys {
        let affected = match scope {
            SeriesScope::This => false,
            SeriesScope::All => true,
            SeriesScope::Following => from >= occ,
        };
        if !affected {
            continue;
        }
        let mut over = find(&overrides, from);
        let to = if scope == SeriesScope::Following && from == occ {
            // The edited occurrence is where the new series starts: the edit replaces its own move.
            if matches!(over, Some(Override::Moved { .. })) {
                over = None;
            }
            new.as_ref().map(|n| n.start)
        } else {
            new.as_ref().and_then(|n| series::rekey(&old, n, from))
        };
        // Two old occurrences never share a date, but a damaged file could; the second one is not merged.
        let to = to.filter(|t| !taken.contains(t));
        taken.extend(to);
        carried.push(Carried {
            from,
            to,
            over,
            row: rows
                .iter()
                .find(|(_, o)| parse_utc(o) == Some(from))
                .map(|(r, _)| r.clone()),
        });
    }
    Ok(Plan {
        series,
        old,
        input,
        scope,
        occurrence: occ,
        kept_rule,
        new,
        carried,
    })
}

/// What saving the edit would leave behind, for the user to see first.
pub fn preview_edit(conn: &Connection, id: &str, edit: SeriesEdit) -> Result<Vec<Orphan>> {
    Ok(plan(conn, id, edit)?.orphans())
}

/// Saves the edit; returns the occurrence that was edited, as it now stands.
pub fn save_edit(conn: &Connection, id: &str, edit: SeriesEdit) -> Result<Meeting> {
    let p = plan(conn, id, edit)?;
    let occ_key = utc_string(p.occurrence);
    match p.scope {
        SeriesScope::This => {
            // The time is this occurrence's; everything else (title, people, place) stays the series'.
            let input = MeetingInput {
                starts_at: p.series.starts_at.clone(),
                ends_at: p.series.ends_at.clone(),
                time_zone: p.series.time_zone.clone(),
                recurrence: p.series.recurrence.clone(),
                ..p.input.clone()
            };
            meetings::update(conn, id, &input)?;
            meetings::set_exception(
                conn,
                &Exception {
                    meeting_id: id.to_string(),
                    occurrence: occ_key.clone(),
                    cancelled: false,
                    starts_at: Some(p.input.starts_at.clone()),
                    ends_at: Some(p.input.ends_at.clone()),
                },
            )?;
            retime_row(conn, id, &occ_key)?;
            meetings::sync_occurrences(conn, id, &utc_string(Utc::now()))?;
            occurrence(conn, id, &occ_key)
        }
        SeriesScope::All => {
            let input = match &p.new {
                Some(n) => MeetingInput {
                    starts_at: utc_string(n.start),
                    ends_at: utc_string(n.start + n.length),
                    recurrence: p.kept_rule.clone(),
                    ..p.input.clone()
                },
                // No longer repeating: the meeting is the edited occurrence.
                None => p.input.clone(),
            };
            meetings::update(conn, id, &input)?;
            carry(conn, &p, id)?;
            meetings::sync_occurrences(conn, id, &utc_string(Utc::now()))?;
            let moved_to = p
                .carried
                .iter()
                .find(|c| c.from == p.occurrence)
                .and_then(|c| c.to)
                .or_else(|| {
                    p.new
                        .as_ref()
                        .and_then(|n| series::rekey(&p.old, n, p.occurrence))
                });
            match moved_to {
                Some(t) => occurrence(conn, id, &utc_string(t)),
                None => super::meetings::get_meeting(conn, id),
            }
        }
        SeriesScope::Following => {
            let kept = MeetingInput {
                recurrence: p.kept_rule.clone(),
                ..super::meetings::input_of(&p.series)
            };
            meetings::update(conn, id, &kept)?;
            let new_input = MeetingInput {
                recurrence: p.new.as_ref().map(|n| n.rule.clone()),
                previous_meeting_id: Some(id.to_string()),
                template_id: None,
                ..p.input.clone()
            };
            let new_id = meetings::insert(conn, &new_input)?;
            meetings::relink_followers(conn, id, &new_id, &new_input.starts_at)?;
            carry(conn, &p, &new_id)?;
            meetings::sync_occurrences(conn, &new_id, &utc_string(Utc::now()))?;
            match &p.new {
                Some(n) => occurrence(conn, &new_id, &utc_string(n.start)),
                None => super::meetings::get_meeting(conn, &new_id),
            }
        }
    }
}

/// Moves the plan's exceptions and occurrence rows to their new keys in series `to_series`; rows that no longer
/// match stay as meetings of their own, exceptions that no longer match are dropped (the preview listed both).
fn carry(conn: &Connection, p: &Plan, to_series: &str) -> Result<()> {
    let from_series = &p.series.id;
    // Clear first: a new key may equal another occurrence's old key.
    for c in &p.carried {
        meetings::clear_exception(conn, from_series, &utc_string(c.from))?;
    }
    for c in &p.carried {
        let shape = p.new.as_ref();
        match (c.to, shape) {
            (Some(to), Some(shape)) => {
                let over = c.over.map(|o| series::carry(o, c.from, to));
                let key = utc_string(to);
                if let Some(o) = over {
                    let (cancelled, s, e) = match o {
                        Override::Cancelled => (true, None, None),
                        Override::Moved { start, end } => {
                            (false, Some(utc_string(start)), Some(utc_string(end)))
                        }
                    };
                    meetings::set_exception(
                        conn,
                        &Exception {
                            meeting_id: to_series.to_string(),
                            occurrence: key.clone(),
                            cancelled,
                            starts_at: s,
                            ends_at: e,
                        },
                    )?;
                }
                if let Some(row) = &c.row {
                    let (s, e) = times_of(shape, to, over);
                    meetings::set_occurrence(
                        conn,
                        row,
                        Some((to_series, &key)),
                        (&utc_string(s), &utc_string(e)),
                    )?;
                }
            }
            _ => match (&c.row, c.over) {
                (Some(row), Some(Override::Cancelled)) => {
                    super::delete(conn, Entity::Meeting, row)?;
                }
                (Some(row), _) => {
                    let (s, e) = times_of(&p.old, c.from, c.over);
                    meetings::set_occurrence(conn, row, None, (&utc_string(s), &utc_string(e)))?;
                }
                (None, _) => {}
            },
        }
    }
    Ok(())
}
