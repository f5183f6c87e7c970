use super::{Check, MAX_TEXT};
use crate::error::{Result, Rule};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Todo,
    InProgress,
    Blocked,
    Done,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        Self::Todo,
        Self::InProgress,
        Self::Blocked,
        Self::Done,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::InProgress => "in_progress",
            Self::Blocked => "blocked",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Self::Low, Self::Normal, Self::High, Self::Urgent];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Task {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    /// The project's picked colour (the planner's backlog shows it).
    pub project_color: Option<String>,
    pub meeting_id: Option<String>,
    pub meeting_title: Option<String>,
    pub assignee_contact_id: Option<String>,
    pub assignee_contact_name: Option<String>,
    pub assignee_department_id: Option<String>,
    pub assignee_department_name: Option<String>,
    /// The reference fields (e.g. "project_id") whose record is deleted: shown struck through, and removable.
    pub deleted_refs: Vec<String>,
    pub due_date: Option<String>,
    pub status: TaskStatus,
    pub progress: i32,
    pub priority: Priority,
    pub estimate_hours: Option<f64>,
    pub scheduled_start: Option<String>,
    pub scheduled_end: Option<String>,
    pub sort_key: f64,
    /// The task this one is a subtask of.
    pub parent_id: Option<String>,
    /// The milestone it counts towards.
    pub milestone_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TaskInput {
    pub title: String,
    pub description: Option<String>,
    pub project_id: Option<String>,
    pub meeting_id: Option<String>,
    pub assignee_contact_id: Option<String>,
    pub assignee_department_id: Option<String>,
    pub due_date: Option<String>,
    pub status: TaskStatus,
    pub progress: i32,
    pub priority: Priority,
    pub estimate_hours: Option<f64>,
    pub scheduled_start: Option<String>,
    pub scheduled_end: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    /// The user's drag order (fractional sort keys).
    Manual,
    Due,
    Updated,
}

/// Which tasks a list shows, as the dashboard counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TaskScope {
    /// To do, in progress or blocked.
    Open,
    /// Open and due before today in the user's zone.
    Overdue,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct TaskQuery {
    pub search: Option<String>,
    pub project_id: Option<String>,
    pub meeting_id: Option<String>,
    pub status: Option<TaskStatus>,
    pub scope: Option<TaskScope>,
    pub sort: Option<TaskSort>,
    pub cursor: Option<String>,
    pub limit: Option<i32>,
}

/// Filters of the planner's backlog (open tasks without a time block).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct BacklogQuery {
    pub project_id: Option<String>,
    pub department_id: Option<String>,
    pub assignee_contact_id: Option<String>,
    /// Only tasks due on or before this date (YYYY-MM-DD).
    pub due_before: Option<String>,
    pub limit: Option<i32>,
}

impl Task {
    /// The task's editable fields, as an edit form would send them back unchanged.
    pub fn input(&self) -> TaskInput {
        TaskInput {
            title: self.title.clone(),
            description: self.description.clone(),
            project_id: self.project_id.clone(),
            meeting_id: self.meeting_id.clone(),
            assignee_contact_id: self.assignee_contact_id.clone(),
            assignee_department_id: self.assignee_department_id.clone(),
            due_date: self.due_date.clone(),
            status: self.status,
            progress: self.progress,
            priority: self.priority,
            estimate_hours: self.estimate_hours,
            scheduled_start: self.scheduled_start.clone(),
            scheduled_end: self.scheduled_end.clone(),
        }
    }
}

impl TaskInput {
    pub fn validate(self) -> Result<TaskInput> {
        let mut c = Check::default();
        let start = c.instant("scheduled_start", self.scheduled_start);
        let end = c.instant("scheduled_end", self.scheduled_end);
        match (start, end) {
            (Some(s), Some(e)) if e <= s => c.fail("scheduled_end", Rule::EndBeforeStart),
            (Some(_), None) => c.fail("scheduled_end", Rule::Required),
            (None, Some(_)) => c.fail("scheduled_start", Rule::Required),
            _ => {}
        }
        if !(0..=100).contains(&self.progress) {
            c.fail("progress", Rule::OutOfRange);
        }
        let out = TaskInput {
            title: c.name("title", &self.title),
            description: c.text("description", self.description, MAX_TEXT),
            project_id: c.id(self.project_id),
            meeting_id: c.id(self.meeting_id),
            assignee_contact_id: c.id(self.assignee_contact_id),
            assignee_department_id: c.id(self.assignee_department_id),
            due_date: c.date("due_date", self.due_date),
            status: self.status,
            progress: self.progress,
            priority: self.priority,
            estimate_hours: c.non_negative("estimate_hours", self.estimate_hours, 10_000.0),
            scheduled_start: start.map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)),
            scheduled_end: end.map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)),
        };
        c.finish()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn input() -> TaskInput {
        TaskInput {
            title: "确认样品交期".into(),
            description: None,
            project_id: None,
            meeting_id: None,
            assignee_contact_id: None,
            assignee_department_id: None,
            due_date: Some("2026-12-01".into()),
            status: TaskStatus::Todo,
            progress: 0,
            priority: Priority::Normal,
            estimate_hours: Some(2.0),
            scheduled_start: Some("2026-11-24T10:00:00+08:00".into()),
            scheduled_end: Some("2026-11-24T12:00:00+08:00".into()),
        }
    }

    #[test]
    fn schedule_is_stored_in_utc() {
        let v = input().validate().unwrap();
        assert_eq!(v.scheduled_start.as_deref(), Some("2026-11-24T02:00:00Z"));
    }

    #[test]
    fn end_before_start_and_bad_progress_are_refused() {
        let mut i = input();
        i.scheduled_end = Some("2026-11-24T09:00:00+08:00".into());
        i.progress = 120;
        match i.validate() {
            Err(AppError::Validation { fields }) => {
                let got: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.rule)).collect();
                assert!(got.contains(&("scheduled_end", Rule::EndBeforeStart)));
                assert!(got.contains(&("progress", Rule::OutOfRange)));
            }
            other => panic!("expected validation error, got {other:?}"),
        }
    }
}
