use super::minutes::{AgendaItem, Attendance, Decision};
use super::recurrence::{Problem, Recurrence};
use super::{utc_string, Check, Task, MAX_SHORT};
use crate::error::{Result, Rule};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Attendee {
    pub contact_id: String,
    pub name: String,
    pub attendance: Attendance,
    /// The contact's organization, which follow-up packs group by.
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// The contact is deleted; it stays on the meeting until the meeting is saved without it.
    pub deleted: bool,
    /// The contact's organization is deleted.
    pub organization_deleted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct MeetingOrganization {
    pub organization_id: String,
    pub name: String,
    /// The organization is deleted; it stays on the meeting until the meeting is saved without it.
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Meeting {
    pub id: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub location: Option<String>,
    pub organizer_contact_id: Option<String>,
    pub organizer_name: Option<String>,
    pub attendees: Vec<Attendee>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    pub organizations: Vec<MeetingOrganization>,
    /// Markdown, saved on its own (`meetingSetNotes`) as the user types.
    pub notes: Option<String>,
    /// None for a one-off meeting; starts_at/ends_at are then the first occurrence of the series.
    pub recurrence: Option<Recurrence>,
    /// The meeting this one follows in a series of minutes.
    pub previous_meeting_id: Option<String>,
    pub previous_meeting_title: Option<String>,
    /// The reference fields (e.g. "project_id") whose record is deleted: shown struck through, and removable.
    pub deleted_refs: Vec<String>,
    /// One occurrence of a series: the series and the occurrence's original start (UTC), which names it. Its row
    /// is created when its minutes are first written; until then `id` is "SERIES@OCCURRENCE", which every command
    /// taking a meeting id accepts. `recurrence` is then the series' rule, shown but never expanded.
    pub series_id: Option<String>,
    pub occurrence: Option<String>,
    /// For a series or one of its occurrences: where to go from here (filled by `meetingGet`).
    pub occurrences: Option<OccurrenceNav>,
    /// The rest is filled by `meetingGet` and empty in lists.
    pub agenda: Vec<AgendaItem>,
    pub decisions: Vec<Decision>,
    /// Tasks whose meeting is this one.
    pub action_items: Vec<Task>,
    /// Open action items of the earlier meetings this one follows.
    pub carried_items: Vec<Task>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct MeetingInput {
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub location: Option<String>,
    pub organizer_contact_id: Option<String>,
    pub attendee_ids: Vec<String>,
    pub project_id: Option<String>,
    pub organization_ids: Vec<String>,
    pub recurrence: Option<Recurrence>,
    pub previous_meeting_id: Option<String>,
    /// Used when creating: the template whose agenda and notes the meeting starts with.
    pub template_id: Option<String>,
}

/// The neighbours of an occurrence (skipping cancelled ones), and the occurrence a series opens at: the one held
/// last, else the next.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OccurrenceNav {
    pub previous: Option<String>,
    pub next: Option<String>,
    pub current: Option<String>,
}

/// One occurrence of a series that was moved or cancelled. `occurrence` is its original start (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Exception {
    pub meeting_id: String,
    pub occurrence: String,
    pub cancelled: bool,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MeetingSort {
    StartsDesc,
    StartsAsc,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct MeetingQuery {
    pub search: Option<String>,
    pub project_id: Option<String>,
    /// Meetings the organization takes part in: linked to it, or attended by one of its people.
    pub organization_id: Option<String>,
    /// Meetings that end after this instant (RFC 3339).
    pub from: Option<String>,
    /// Meetings that start before this instant (RFC 3339).
    pub to: Option<String>,
    pub sort: Option<MeetingSort>,
    pub cursor: Option<String>,
    pub limit: Option<i32>,
}

impl MeetingInput {
    pub fn validate(self) -> Result<MeetingInput> {
        let mut c = Check::default();
        let times = c.interval(("starts_at", &self.starts_at), ("ends_at", &self.ends_at));
        let time_zone = self.time_zone.trim().to_string();
        c.zone("time_zone", &time_zone);
        if let Some(r) = &self.recurrence {
            for (field, problem) in r.problems() {
                let rule = match problem {
                    Problem::OutOfRange => Rule::OutOfRange,
                    Problem::InvalidDate => Rule::InvalidDate,
                    Problem::UntilAndCount => Rule::Exclusive,
                };
                c.fail(&format!("recurrence.{field}"), rule);
            }
        }
        // Stored as UTC; left empty when invalid (the error is reported and nothing is written).
        let (starts_at, ends_at) = times
            .map(|(s, e)| (utc_string(s), utc_string(e)))
            .unwrap_or_default();
        let out = MeetingInput {
            title: c.name("title", &self.title),
            starts_at,
            ends_at,
            time_zone,
            location: c.text("location", self.location, MAX_SHORT),
            organizer_contact_id: c.id(self.organizer_contact_id),
            attendee_ids: dedup_ids(self.attendee_ids),
            project_id: c.id(self.project_id),
            organization_ids: dedup_ids(self.organization_ids),
            recurrence: self.recurrence,
            previous_meeting_id: c.id(self.previous_meeting_id),
            template_id: c.id(self.template_id),
        };
        c.finish()?;
        Ok(out)
    }
}

fn dedup_ids(ids: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let id = id.trim().to_string();
        if !id.is_empty() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn input() -> MeetingInput {
        MeetingInput {
            title: "供应商季度评审 Supplier review".into(),
            starts_at: "2026-11-24T10:00:00+08:00".into(),
            ends_at: "2026-11-24T11:00:00+08:00".into(),
            time_zone: "Asia/Shanghai".into(),
            location: None,
            organizer_contact_id: None,
            attendee_ids: vec!["a".into(), "a".into(), " ".into()],
            project_id: None,
            organization_ids: vec![],
            recurrence: None,
            previous_meeting_id: Some(" ".into()),
            template_id: None,
        }
    }

    #[test]
    fn normalizes_times_and_ids() {
        let v = input().validate().unwrap();
        assert_eq!(v.starts_at, "2026-11-24T02:00:00Z");
        assert_eq!(v.attendee_ids, vec!["a".to_string()]);
        assert_eq!(v.previous_meeting_id, None);
    }

    #[test]
    fn end_before_start_and_unknown_zone_are_refused() {
        let mut i = input();
        i.ends_at = "2026-11-24T09:00:00+08:00".into();
        i.time_zone = "Mars/Olympus".into();
        match i.validate() {
            Err(AppError::Validation { fields }) => {
                let got: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.rule)).collect();
                assert!(got.contains(&("ends_at", Rule::EndBeforeStart)));
                assert!(got.contains(&("time_zone", Rule::InvalidTimeZone)));
            }
            other => panic!("expected validation error, got {other:?}"),
        }
    }
}
