//! The planner: what the calendar shows for a range (meetings with their series expanded, task blocks) and the
//! conflicts among them, the backlog, the changes made by dragging (each with its inverse, for undo/redo), the free
//! slot finder, the workload grid and the .ics export of a range.

mod changes;
mod conflicts;
mod events;
mod free_slot;
mod ics;
mod workload;

pub use changes::{apply, History, HistoryState, PlannerChange, Step};
pub use conflicts::{Conflict, ConflictKind};
pub use events::{
    backlog, meeting_occurrences, range, EventKind, Party, PlannerEvent, PlannerRange,
};
pub use free_slot::{free_slot, FreeSlotQuery, Slot};
pub use ics::{all_events, export_ics_file, meeting_events, schedule_ics, CALENDAR_NAME};
pub use workload::{workload, PartyKind, Workload, WorkloadCell, WorkloadRow};

use crate::domain::{utc_string, Check};
use crate::error::{Result, Rule};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The longest range one query may cover; a year keeps the expansion of daily series bounded.
const MAX_RANGE_DAYS: i64 = 366;
/// Free slots are searched on the calendar's 15-minute grid.
const SLOT_MINUTES: i64 = 15;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RangeQuery {
    /// RFC 3339 instants; the range is [from, to).
    pub from: String,
    pub to: String,
    /// The user's IANA zone: days, working hours and due dates are judged in it.
    pub time_zone: String,
}

struct Range {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
}

impl Range {
    fn parse(q: &RangeQuery) -> Result<Range> {
        let mut c = Check::default();
        let span = c.interval(("from", &q.from), ("to", &q.to));
        let tz = c.zone("time_zone", &q.time_zone);
        if matches!(span, Some((f, t)) if t - f > Duration::days(MAX_RANGE_DAYS)) {
            c.fail("to", Rule::OutOfRange);
        }
        let ((from, to), tz) = c.finish_with(span.zip(tz))?;
        Ok(Range { from, to, tz })
    }

    fn bounds(&self) -> (String, String) {
        (utc_string(self.from), utc_string(self.to))
    }

    /// Local dates the range touches, in order.
    fn days(&self) -> Vec<NaiveDate> {
        let first = self.from.with_timezone(&self.tz).date_naive();
        let last = (self.to - Duration::seconds(1))
            .with_timezone(&self.tz)
            .date_naive();
        first.iter_days().take_while(|d| *d <= last).collect()
    }
}

/// The live exceptions (moved and cancelled occurrences) of the series among `list`.
fn exceptions_of_series(
    conn: &rusqlite::Connection,
    list: &[crate::domain::Meeting],
) -> Result<Vec<crate::domain::Exception>> {
    let series: Vec<String> = list
        .iter()
        .filter(|m| m.recurrence.is_some())
        .map(|m| m.id.clone())
        .collect();
    crate::store::meetings::exceptions_of(conn, &series)
}
