//! The commitments ledger: who owes whom what, by when, and how it ended.

use super::{Check, MAX_NAME, MAX_TEXT};
use crate::error::{AppError, Result, Rule};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Others owe us.
    WaitingOn,
    /// We promised.
    WeOwe,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::WaitingOn => "waiting_on",
            Direction::WeOwe => "we_owe",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Direction::WaitingOn, Direction::WeOwe]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    Open,
    Done,
    /// Let go by the side it was owed to.
    Released,
    /// Not kept.
    Broken,
}

impl CommitmentStatus {
    pub const ALL: [CommitmentStatus; 4] = [
        CommitmentStatus::Open,
        CommitmentStatus::Done,
        CommitmentStatus::Released,
        CommitmentStatus::Broken,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentStatus::Open => "open",
            CommitmentStatus::Done => "done",
            CommitmentStatus::Released => "released",
            CommitmentStatus::Broken => "broken",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The lifecycle: an open commitment is done, released or broken; a done one can be reopened (it was not done
    /// after all), a broken one renegotiated (open again) or released; a released one is over.
    pub fn can_become(self, to: CommitmentStatus) -> bool {
        use CommitmentStatus::*;
        matches!(
            (self, to),
            (Open, Done | Released | Broken) | (Done, Open) | (Broken, Open | Released)
        )
    }

    /// `to` if the lifecycle allows it, else a validation error on `status`.
    pub fn change_to(self, to: CommitmentStatus) -> Result<CommitmentStatus> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(AppError::field("status", Rule::OutOfRange))
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Commitment {
    pub id: String,
    pub direction: Direction,
    pub title: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    pub owner_contact_id: Option<String>,
    pub owner_name: Option<String>,
    pub due_date: Option<String>,
    pub status: CommitmentStatus,
    pub notes: Option<String>,
    pub meeting_id: Option<String>,
    pub decision_id: Option<String>,
    pub interaction_id: Option<String>,
    pub task_id: Option<String>,
    /// Open with a due date before today (in the user's zone).
    pub overdue: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct CommitmentInput {
    pub direction: Direction,
    pub title: String,
    pub organization_id: Option<String>,
    pub contact_id: Option<String>,
    pub owner_contact_id: Option<String>,
    pub due_date: Option<String>,
    pub notes: Option<String>,
    pub meeting_id: Option<String>,
    pub decision_id: Option<String>,
    pub interaction_id: Option<String>,
    pub task_id: Option<String>,
}

impl CommitmentInput {
    pub fn validate(self) -> Result<CommitmentInput> {
        let mut c = Check::default();
        let organization_id = c.id(self.organization_id);
        let contact_id = c.id(self.contact_id);
        if organization_id.is_none() && contact_id.is_none() {
            c.fail("organization_id", Rule::Required);
        }
        let out = CommitmentInput {
            direction: self.direction,
            title: c.name("title", &self.title),
            organization_id,
            contact_id,
            owner_contact_id: c.id(self.owner_contact_id),
            due_date: c.date("due_date", self.due_date),
            notes: c.text("notes", self.notes, MAX_TEXT),
            meeting_id: c.id(self.meeting_id),
            decision_id: c.id(self.decision_id),
            interaction_id: c.id(self.interaction_id),
            task_id: c.id(self.task_id),
        };
        if out.title.chars().count() > MAX_NAME {
            c.fail("title", Rule::TooLong);
        }
        c.finish()?;
        Ok(out)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct CommitmentQuery {
    pub organization_id: Option<String>,
    pub contact_id: Option<String>,
    pub direction: Option<Direction>,
    /// Only open ones.
    pub open_only: bool,
    /// Only open ones due before today.
    pub overdue_only: bool,
    pub limit: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::CommitmentStatus::*;
    use super::*;

    #[test]
    fn the_lifecycle_allows_only_its_moves() {
        let allowed: Vec<(CommitmentStatus, CommitmentStatus)> = CommitmentStatus::ALL
            .into_iter()
            .flat_map(|a| CommitmentStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Open, Done),
                (Open, Released),
                (Open, Broken),
                (Done, Open),
                (Broken, Open),
                (Broken, Released)
            ]
        );
        assert!(matches!(
            Released.change_to(Open),
            Err(AppError::Validation { .. })
        ));
        assert_eq!(Open.change_to(Done).unwrap(), Done);
    }
}
