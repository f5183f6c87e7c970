//! The parts of a meeting's minutes: agenda items, attendance, decisions, templates and the pre-meeting brief.

use super::{Check, Task, MAX_SHORT, MAX_TEXT};
use crate::error::{Result, Rule};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Invited,
    Present,
    Absent,
    Excused,
}

impl Attendance {
    pub const ALL: [Attendance; 4] = [Self::Invited, Self::Present, Self::Absent, Self::Excused];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Present => "present",
            Self::Absent => "absent",
            Self::Excused => "excused",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct AgendaItem {
    pub id: String,
    pub meeting_id: String,
    pub title: String,
    pub owner_contact_id: Option<String>,
    pub owner_name: Option<String>,
    /// The reference fields (e.g. "project_id") whose record is deleted: shown struck through, and removable.
    pub deleted_refs: Vec<String>,
    pub planned_minutes: Option<i32>,
    pub done: bool,
    /// The unfinished item of an earlier meeting this one continues.
    pub carried_from_id: Option<String>,
    pub sort_key: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct AgendaItemInput {
    pub title: String,
    pub owner_contact_id: Option<String>,
    pub planned_minutes: Option<i32>,
    pub done: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Decision {
    pub id: String,
    pub meeting_id: String,
    pub text: String,
    /// The department or organization it concerns; None means everyone.
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// The reference fields (e.g. "project_id") whose record is deleted: shown struck through, and removable.
    pub deleted_refs: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct DecisionInput {
    pub text: String,
    pub organization_id: Option<String>,
}

/// A decision found by search, with the meeting it was taken in.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct DecisionHit {
    pub decision: Decision,
    pub meeting_title: String,
    pub meeting_starts_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TemplateAgendaItem {
    pub title: String,
    pub planned_minutes: Option<i32>,
}

/// A meeting template: built-in ones (ids "builtin:…", one per language) or the user's own.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct MeetingTemplate {
    pub id: String,
    pub builtin: bool,
    pub name: String,
    /// The new meeting's title.
    pub title: String,
    pub duration_minutes: i32,
    pub agenda: Vec<TemplateAgendaItem>,
    /// Markdown the notes start with.
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TemplateInput {
    pub name: String,
    pub title: String,
    pub duration_minutes: i32,
    pub agenda: Vec<TemplateAgendaItem>,
    pub notes: Option<String>,
}

/// What a liaison reads before a meeting.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Brief {
    pub meeting_id: String,
    /// Each attendee's open action items (tasks that came out of any meeting).
    pub attendees: Vec<BriefAttendee>,
    /// Open tasks of the meeting's project that are past due.
    pub overdue: Vec<Task>,
    pub organizations: Vec<BriefOrganization>,
    /// The meeting this one follows, with its decisions.
    pub previous: Option<BriefPrevious>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BriefAttendee {
    pub contact_id: String,
    pub name: String,
    /// The contact is deleted (shown marked).
    pub deleted: bool,
    pub open_items: Vec<Task>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BriefOrganization {
    pub organization_id: String,
    pub name: String,
    /// The organization is deleted (shown marked).
    pub deleted: bool,
    /// The start of the latest earlier meeting with this organization, if any.
    pub last_interaction: Option<String>,
    pub last_meeting_title: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BriefPrevious {
    pub meeting_id: String,
    pub title: String,
    pub starts_at: String,
    pub decisions: Vec<Decision>,
}

const MAX_MINUTES: i32 = 1440;

fn minutes(c: &mut Check, field: &str, v: Option<i32>) -> Option<i32> {
    if let Some(m) = v {
        if !(0..=MAX_MINUTES).contains(&m) {
            c.fail(field, Rule::OutOfRange);
        }
    }
    v
}

impl AgendaItemInput {
    pub fn validate(self) -> Result<AgendaItemInput> {
        let mut c = Check::default();
        let out = AgendaItemInput {
            title: c.name("title", &self.title),
            owner_contact_id: c.id(self.owner_contact_id),
            planned_minutes: minutes(&mut c, "planned_minutes", self.planned_minutes),
            done: self.done,
        };
        c.finish()?;
        Ok(out)
    }
}

impl DecisionInput {
    pub fn validate(self) -> Result<DecisionInput> {
        let mut c = Check::default();
        let text = c.text("text", Some(self.text), MAX_SHORT * 4);
        if text.is_none() {
            c.fail("text", Rule::Required);
        }
        let out = DecisionInput {
            text: text.unwrap_or_default(),
            organization_id: c.id(self.organization_id),
        };
        c.finish()?;
        Ok(out)
    }
}

impl TemplateInput {
    pub fn validate(self) -> Result<TemplateInput> {
        let mut c = Check::default();
        if !(5..=MAX_MINUTES).contains(&self.duration_minutes) {
            c.fail("duration_minutes", Rule::OutOfRange);
        }
        let mut agenda = Vec::new();
        for (i, item) in self.agenda.into_iter().enumerate() {
            let title = item.title.trim().to_string();
            if title.is_empty() {
                continue;
            }
            if title.chars().count() > super::MAX_NAME {
                c.fail(&format!("agenda[{i}]"), Rule::TooLong);
            }
            let planned_minutes = minutes(&mut c, &format!("agenda[{i}]"), item.planned_minutes);
            agenda.push(TemplateAgendaItem {
                title,
                planned_minutes,
            });
        }
        let out = TemplateInput {
            name: c.name("name", &self.name),
            title: c.name("title", &self.title),
            duration_minutes: self.duration_minutes,
            agenda,
            notes: c.text("notes", self.notes, MAX_TEXT),
        };
        c.finish()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn rules(e: AppError) -> Vec<(String, Rule)> {
        match e {
            AppError::Validation { fields } => {
                fields.into_iter().map(|f| (f.field, f.rule)).collect()
            }
            other => panic!("expected validation error, got {other:?}"),
        }
    }

    #[test]
    fn agenda_item_needs_a_title_and_sane_minutes() {
        let bad = AgendaItemInput {
            title: "  ".into(),
            owner_contact_id: Some(" ".into()),
            planned_minutes: Some(-5),
            done: false,
        };
        let got = rules(bad.validate().unwrap_err());
        assert!(got.contains(&("title".into(), Rule::Required)));
        assert!(got.contains(&("planned_minutes".into(), Rule::OutOfRange)));
        let ok = AgendaItemInput {
            title: " 风险回顾 ".into(),
            owner_contact_id: Some(" ".into()),
            planned_minutes: Some(15),
            done: false,
        }
        .validate()
        .unwrap();
        assert_eq!(ok.title, "风险回顾");
        assert_eq!(ok.owner_contact_id, None);
    }

    #[test]
    fn decision_text_is_required() {
        let got = rules(
            DecisionInput {
                text: " ".into(),
                organization_id: None,
            }
            .validate()
            .unwrap_err(),
        );
        assert_eq!(got, vec![("text".to_string(), Rule::Required)]);
    }

    #[test]
    fn template_drops_empty_agenda_lines_and_checks_duration() {
        let t = TemplateInput {
            name: "周会".into(),
            title: "周会".into(),
            duration_minutes: 2,
            agenda: vec![
                TemplateAgendaItem {
                    title: " ".into(),
                    planned_minutes: None,
                },
                TemplateAgendaItem {
                    title: "进展".into(),
                    planned_minutes: Some(10),
                },
            ],
            notes: None,
        };
        let got = rules(t.clone().validate().unwrap_err());
        assert_eq!(
            got,
            vec![("duration_minutes".to_string(), Rule::OutOfRange)]
        );
        let ok = TemplateInput {
            duration_minutes: 30,
            ..t
        }
        .validate()
        .unwrap();
        assert_eq!(ok.agenda.len(), 1);
    }
}
