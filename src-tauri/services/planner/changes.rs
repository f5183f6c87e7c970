//! The changes made by dragging in the planner, each with its inverse, and the undo/redo history of them.

use crate::domain::series::SeriesScope;
use crate::domain::{utc_string, Check, Entity, Exception, MeetingInput, Task};
use crate::error::{AppError, Result, Rule};
use crate::services::meetings::{input_of, live_meeting};
use crate::services::series;
use crate::store::{meetings, tasks};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One change made in the planner. Every change has an inverse that is itself a change, which is what undo runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PlannerChange {
    /// Gives a task a time block, or moves/resizes its block.
    ScheduleTask {
        task_id: String,
        start: String,
        end: String,
    },
    /// Sends a task back to the backlog.
    UnscheduleTask {
        task_id: String,
    },
    /// Moves a one-off meeting (for every attendee: there is one meeting row), or a whole series.
    MoveMeeting {
        meeting_id: String,
        start: String,
        end: String,
    },
    /// Moves one occurrence of a series; stored as an exception.
    MoveOccurrence {
        meeting_id: String,
        occurrence: String,
        start: String,
        end: String,
    },
    CancelOccurrence {
        meeting_id: String,
        occurrence: String,
    },
    /// Puts an occurrence back where its series places it.
    RestoreOccurrence {
        meeting_id: String,
        occurrence: String,
    },
    /// Deleting and restoring: the inverse pair behind undoing a quick-create.
    Delete {
        entity: Entity,
        id: String,
    },
    Restore {
        entity: Entity,
        id: String,
    },
}

/// Validated UTC bounds of a moved or resized event.
fn span(start: &str, end: &str) -> Result<(String, String)> {
    let mut c = Check::default();
    let span = c.interval(("start", start), ("end", end));
    let (s, e) = c.finish_with(span)?;
    Ok((utc_string(s), utc_string(e)))
}

/// Moves (`times`) or cancels one occurrence as an exception, keeps its minutes row in step, and returns the change
/// that undoes it.
fn set_occurrence(
    conn: &Connection,
    meeting_id: &str,
    occurrence: &str,
    cancelled: bool,
    times: Option<(String, String)>,
) -> Result<PlannerChange> {
    let occurrence = series(conn, meeting_id, occurrence)?;
    let before = meetings::exception(conn, meeting_id, &occurrence)?;
    let (starts_at, ends_at) = times.unzip();
    meetings::set_exception(
        conn,
        &Exception {
            meeting_id: meeting_id.to_string(),
            occurrence: occurrence.clone(),
            cancelled,
            starts_at,
            ends_at,
        },
    )?;
    series::retime_row(conn, meeting_id, &occurrence)?;
    Ok(occurrence_inverse(meeting_id, &occurrence, before))
}

/// The change that puts an occurrence back into the state `previous` describes.
fn occurrence_inverse(
    meeting_id: &str,
    occurrence: &str,
    previous: Option<Exception>,
) -> PlannerChange {
    let (meeting_id, occurrence) = (meeting_id.to_string(), occurrence.to_string());
    match previous {
        None => PlannerChange::RestoreOccurrence {
            meeting_id,
            occurrence,
        },
        Some(e) if e.cancelled => PlannerChange::CancelOccurrence {
            meeting_id,
            occurrence,
        },
        Some(e) => PlannerChange::MoveOccurrence {
            meeting_id,
            occurrence,
            start: e.starts_at.unwrap_or_default(),
            end: e.ends_at.unwrap_or_default(),
        },
    }
}

/// The key of one occurrence of a live series; an instant the series does not produce is refused, so no exception
/// (nor the EXDATE or RECURRENCE-ID written from it) can name an occurrence that does not exist.
fn series(conn: &Connection, id: &str, occurrence: &str) -> Result<String> {
    let m = live_meeting(conn, id)?;
    let shape = series::shape(&m)
        .filter(|_| m.series_id.is_none())
        .ok_or_else(|| AppError::field("occurrence", Rule::OutOfRange))?;
    series::checked_occurrence(&shape, occurrence).map(utc_string)
}

/// Applies a change inside the caller's transaction and returns its inverse.
pub fn apply(conn: &Connection, change: &PlannerChange) -> Result<PlannerChange> {
    match change {
        PlannerChange::ScheduleTask {
            task_id,
            start,
            end,
        } => {
            let (s, e) = span(start, end)?;
            let before = tasks::get(conn, task_id)?;
            tasks::set_schedule(conn, task_id, Some(&s), Some(&e))?;
            Ok(task_inverse(before))
        }
        PlannerChange::UnscheduleTask { task_id } => {
            let before = tasks::get(conn, task_id)?;
            tasks::set_schedule(conn, task_id, None, None)?;
            Ok(task_inverse(before))
        }
        PlannerChange::MoveMeeting {
            meeting_id,
            start,
            end,
        } => {
            let (s, e) = span(start, end)?;
            let m = live_meeting(conn, meeting_id)?;
            if m.recurrence.is_some() && m.series_id.is_none() {
                // A whole series moves like an edit of all its occurrences: exceptions and minutes follow.
                let input = MeetingInput {
                    starts_at: s,
                    ends_at: e,
                    ..input_of(&m)
                };
                let edit = series::SeriesEdit {
                    scope: SeriesScope::All,
                    occurrence: m.starts_at.clone(),
                    input,
                };
                series::save_edit(conn, meeting_id, edit)?;
            } else {
                meetings::set_times(conn, meeting_id, &s, &e, None)?;
            }
            Ok(PlannerChange::MoveMeeting {
                meeting_id: m.id,
                start: m.starts_at,
                end: m.ends_at,
            })
        }
        PlannerChange::MoveOccurrence {
            meeting_id,
            occurrence,
            start,
            end,
        } => {
            let (s, e) = span(start, end)?;
            set_occurrence(conn, meeting_id, occurrence, false, Some((s, e)))
        }
        PlannerChange::CancelOccurrence {
            meeting_id,
            occurrence,
        } => set_occurrence(conn, meeting_id, occurrence, true, None),
        PlannerChange::RestoreOccurrence {
            meeting_id,
            occurrence,
        } => {
            let occurrence = series(conn, meeting_id, occurrence)?;
            let before = meetings::exception(conn, meeting_id, &occurrence)?;
            meetings::clear_exception(conn, meeting_id, &occurrence)?;
            series::retime_row(conn, meeting_id, &occurrence)?;
            Ok(occurrence_inverse(meeting_id, &occurrence, before))
        }
        PlannerChange::Delete { entity, id } => {
            crate::services::delete(conn, *entity, id)?;
            Ok(PlannerChange::Restore {
                entity: *entity,
                id: id.clone(),
            })
        }
        PlannerChange::Restore { entity, id } => {
            crate::services::restore(conn, *entity, id)?;
            Ok(PlannerChange::Delete {
                entity: *entity,
                id: id.clone(),
            })
        }
    }
}

fn task_inverse(before: Task) -> PlannerChange {
    match (before.scheduled_start, before.scheduled_end) {
        (Some(start), Some(end)) => PlannerChange::ScheduleTask {
            task_id: before.id,
            start,
            end,
        },
        _ => PlannerChange::UnscheduleTask { task_id: before.id },
    }
}

/// One undoable step: the change as made and the change that reverses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub forward: PlannerChange,
    pub backward: PlannerChange,
}

/// Undo and redo stacks of planner changes. A new change clears the redo stack; a step whose change fails to apply
/// (its record was deleted elsewhere, say) is dropped rather than blocking the rest of the history.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HistoryState {
    pub can_undo: bool,
    pub can_redo: bool,
}

impl History {
    /// Enough for a planning session; the oldest steps fall off first.
    pub const LIMIT: usize = 200;

    pub fn record(&mut self, step: Step) {
        self.undo.push(step);
        if self.undo.len() > Self::LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    pub fn take_undo(&mut self) -> Option<Step> {
        self.undo.pop()
    }

    /// An undone step becomes redoable.
    pub fn undone(&mut self, step: Step) {
        self.redo.push(step);
    }

    pub fn take_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// A redone step becomes undoable again, without clearing the rest of the redo stack.
    pub fn redone(&mut self, step: Step) {
        self.undo.push(step);
    }

    pub fn state(&self) -> HistoryState {
        HistoryState {
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: u32) -> Step {
        let id = format!("t{n}");
        Step {
            forward: PlannerChange::UnscheduleTask {
                task_id: id.clone(),
            },
            backward: PlannerChange::ScheduleTask {
                task_id: id,
                start: "2026-11-24T02:00:00Z".into(),
                end: "2026-11-24T03:00:00Z".into(),
            },
        }
    }

    #[test]
    fn undo_then_redo_walks_the_same_steps_back_and_forth() {
        let mut h = History::default();
        assert_eq!(
            h.state(),
            HistoryState {
                can_undo: false,
                can_redo: false
            }
        );
        h.record(step(1));
        h.record(step(2));
        let s = h.take_undo().unwrap();
        assert_eq!(s, step(2));
        h.undone(s);
        assert_eq!(
            h.state(),
            HistoryState {
                can_undo: true,
                can_redo: true
            }
        );
        let s = h.take_redo().unwrap();
        assert_eq!(s, step(2));
        h.redone(s);
        assert_eq!(h.take_undo(), Some(step(2)));
        assert_eq!(h.take_undo(), Some(step(1)));
        assert_eq!(h.take_undo(), None);
    }

    #[test]
    fn a_new_change_clears_redo_and_the_oldest_steps_fall_off() {
        let mut h = History::default();
        h.record(step(1));
        let s = h.take_undo().unwrap();
        h.undone(s);
        h.record(step(2));
        assert!(!h.state().can_redo);
        for n in 0..(History::LIMIT as u32 + 10) {
            h.record(step(100 + n));
        }
        let mut count = 0;
        let mut last = None;
        while let Some(s) = h.take_undo() {
            count += 1;
            last = Some(s);
        }
        assert_eq!(count, History::LIMIT);
        assert_eq!(last, Some(step(110)));
    }
}
