//! The department conflict log: departments at odds over something, each side's position, the mediation, and a
//! lifecycle whose every change is kept with who made it and when.

use super::{Check, MAX_TEXT};
use crate::error::{AppError, Result, Rule};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConflictStatus {
    Open,
    /// Someone is mediating between the sides.
    Mediating,
    Resolved,
    /// Taken above the departments (to management).
    Escalated,
}

impl ConflictStatus {
    pub const ALL: [ConflictStatus; 4] = [
        ConflictStatus::Open,
        ConflictStatus::Mediating,
        ConflictStatus::Resolved,
        ConflictStatus::Escalated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConflictStatus::Open => "open",
            ConflictStatus::Mediating => "mediating",
            ConflictStatus::Resolved => "resolved",
            ConflictStatus::Escalated => "escalated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The lifecycle: an open conflict goes to mediation, is resolved or escalated; mediation ends resolved or
    /// escalated (or falls back to open); an escalated one comes back to mediation or is resolved; a resolved one
    /// can only be reopened. Staying in the same status is not a change.
    pub fn can_become(self, to: ConflictStatus) -> bool {
        use ConflictStatus::*;
        matches!(
            (self, to),
            (Open, Mediating | Resolved | Escalated)
                | (Mediating, Open | Resolved | Escalated)
                | (Escalated, Mediating | Resolved)
                | (Resolved, Open)
        )
    }

    /// `to` if the lifecycle allows it, else a validation error on `status`.
    pub fn change_to(self, to: ConflictStatus) -> Result<ConflictStatus> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(AppError::field("status", Rule::OutOfRange))
        }
    }

    /// Still needs someone: not resolved.
    pub fn is_active(self) -> bool {
        self != ConflictStatus::Resolved
    }
}

/// One department in a conflict and where it stands.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ConflictSide {
    pub organization_id: String,
    pub organization_name: String,
    /// The department has been deleted since (shown struck through).
    pub deleted: bool,
    pub position: Option<String>,
}

/// One status change: from (None when the conflict was recorded) → to, by whom (None: the user), when.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ConflictEvent {
    pub id: String,
    pub from_status: Option<ConflictStatus>,
    pub to_status: ConflictStatus,
    pub by_contact_id: Option<String>,
    pub by_name: Option<String>,
    pub note: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct DeptConflict {
    pub id: String,
    pub title: String,
    pub sides: Vec<ConflictSide>,
    pub mediator_contact_id: Option<String>,
    pub mediator_name: Option<String>,
    pub options: Option<String>,
    pub resolution: Option<String>,
    pub status: ConflictStatus,
    pub review_date: Option<String>,
    /// Not resolved and its review date is today or earlier (in the user's zone).
    pub review_due: bool,
    /// Oldest first.
    pub history: Vec<ConflictEvent>,
    pub deleted_refs: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ConflictSideInput {
    pub organization_id: String,
    pub position: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ConflictInput {
    pub title: String,
    /// Two or more distinct departments.
    pub sides: Vec<ConflictSideInput>,
    pub mediator_contact_id: Option<String>,
    pub options: Option<String>,
    pub resolution: Option<String>,
    pub review_date: Option<String>,
}

impl ConflictInput {
    pub fn validate(self) -> Result<ConflictInput> {
        let mut c = Check::default();
        let mut sides: Vec<ConflictSideInput> = Vec::new();
        for s in self.sides {
            let Some(id) = c.id(Some(s.organization_id)) else {
                continue;
            };
            let position = c.text("sides", s.position, MAX_TEXT);
            if !sides.iter().any(|x| x.organization_id == id) {
                sides.push(ConflictSideInput {
                    organization_id: id,
                    position,
                });
            }
        }
        if sides.len() < 2 {
            c.fail("sides", Rule::Required);
        }
        let out = ConflictInput {
            title: c.name("title", &self.title),
            sides,
            mediator_contact_id: c.id(self.mediator_contact_id),
            options: c.text("options", self.options, MAX_TEXT),
            resolution: c.text("resolution", self.resolution, MAX_TEXT),
            review_date: c.date("review_date", self.review_date),
        };
        c.finish()?;
        Ok(out)
    }
}

/// A status change asked for: to where, by whom (None: the user), with an optional note, and the agreed resolution
/// when it is written down with the change (None keeps the one the conflict has).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ConflictStatusChange {
    pub status: ConflictStatus,
    pub by_contact_id: Option<String>,
    pub note: Option<String>,
    pub resolution: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct ConflictQuery {
    /// Only conflicts this department is part of.
    pub organization_id: Option<String>,
    /// Words in the title, positions, options or resolution (the search index).
    pub search: Option<String>,
    /// Only those not resolved.
    pub active_only: bool,
    /// Only those due for review (not resolved, review date today or earlier).
    pub review_due_only: bool,
    pub limit: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::ConflictStatus::*;
    use super::*;

    #[test]
    fn the_lifecycle_allows_only_its_moves() {
        let allowed: Vec<(ConflictStatus, ConflictStatus)> = ConflictStatus::ALL
            .into_iter()
            .flat_map(|a| ConflictStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Open, Mediating),
                (Open, Resolved),
                (Open, Escalated),
                (Mediating, Open),
                (Mediating, Resolved),
                (Mediating, Escalated),
                (Resolved, Open),
                (Escalated, Mediating),
                (Escalated, Resolved),
            ]
        );
        assert!(matches!(
            Resolved.change_to(Escalated),
            Err(AppError::Validation { .. })
        ));
        assert!(Open.change_to(Open).is_err());
        assert_eq!(Resolved.change_to(Open).unwrap(), Open);
    }

    #[test]
    fn a_conflict_needs_two_distinct_departments_and_a_title() {
        let input = |sides: Vec<&str>, title: &str| ConflictInput {
            title: title.into(),
            sides: sides
                .into_iter()
                .map(|s| ConflictSideInput {
                    organization_id: s.into(),
                    position: Some("  ".into()),
                })
                .collect(),
            mediator_contact_id: Some(" ".into()),
            options: None,
            resolution: None,
            review_date: Some("2026-02-30".into()),
        };
        match input(vec!["a", " a ", ""], " ").validate() {
            Err(AppError::Validation { fields }) => {
                let got: Vec<(&str, Rule)> =
                    fields.iter().map(|f| (f.field.as_str(), f.rule)).collect();
                assert_eq!(
                    got,
                    vec![
                        ("sides", Rule::Required),
                        ("title", Rule::Required),
                        ("review_date", Rule::InvalidDate)
                    ]
                );
            }
            other => panic!("expected field errors, got {other:?}"),
        }
        let mut ok = input(vec!["a", "b", "a"], " 排期之争 ");
        ok.review_date = Some("2026-03-01".into());
        let ok = ok.validate().unwrap();
        assert_eq!(ok.title, "排期之争");
        assert_eq!(ok.sides.len(), 2);
        assert_eq!(ok.sides[0].position, None);
        assert_eq!(ok.mediator_contact_id, None);
    }
}
