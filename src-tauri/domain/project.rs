use super::{Check, MAX_NAME};
use crate::error::{Result, Rule};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Planned,
    Active,
    OnHold,
    Done,
    Cancelled,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 5] = [
        Self::Planned,
        Self::Active,
        Self::OnHold,
        Self::Done,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Active => "active",
            Self::OnHold => "on_hold",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectOrganization {
    pub organization_id: String,
    pub organization_name: String,
    /// The organization is deleted; the link stays until the project is saved without it.
    pub deleted: bool,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectOrganizationInput {
    pub organization_id: String,
    pub role: String,
}

/// Budgets are integer minor units (fen, cents) carried as f64 because TypeScript has no i64; every value is
/// checked to be a whole number well inside f64's exact integer range.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub code: Option<String>,
    pub status: ProjectStatus,
    pub start_date: Option<String>,
    pub due_date: Option<String>,
    pub budget_planned: Option<f64>,
    pub budget_actual: Option<f64>,
    pub currency: String,
    pub owner_department_id: Option<String>,
    pub owner_department_name: Option<String>,
    /// The reference fields (e.g. "project_id") whose record is deleted: shown struck through, and removable.
    pub deleted_refs: Vec<String>,
    /// A palette colour name (`domain::PALETTE`); None: the planner derives one from the id.
    pub color: Option<String>,
    pub organizations: Vec<ProjectOrganization>,
    pub task_count: i32,
    pub open_task_count: i32,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

impl Project {
    /// The project's editable fields, as its edit form would send them back unchanged.
    pub fn input(&self) -> ProjectInput {
        ProjectInput {
            name: self.name.clone(),
            code: self.code.clone(),
            status: self.status,
            start_date: self.start_date.clone(),
            due_date: self.due_date.clone(),
            budget_planned: self.budget_planned,
            budget_actual: self.budget_actual,
            currency: self.currency.clone(),
            owner_department_id: self.owner_department_id.clone(),
            color: self.color.clone(),
            organizations: self
                .organizations
                .iter()
                .map(|o| ProjectOrganizationInput {
                    organization_id: o.organization_id.clone(),
                    role: o.role.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectInput {
    pub name: String,
    pub code: Option<String>,
    pub status: ProjectStatus,
    pub start_date: Option<String>,
    pub due_date: Option<String>,
    pub budget_planned: Option<f64>,
    pub budget_actual: Option<f64>,
    pub currency: String,
    pub owner_department_id: Option<String>,
    pub color: Option<String>,
    pub organizations: Vec<ProjectOrganizationInput>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSort {
    Name,
    Due,
    Updated,
    /// Worst health first (red, amber, green), then by name: computed per project, so the service sorts.
    Health,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct ProjectQuery {
    pub search: Option<String>,
    pub status: Option<ProjectStatus>,
    /// Projects the organization is linked to.
    pub organization_id: Option<String>,
    pub sort: Option<ProjectSort>,
    pub cursor: Option<String>,
    pub limit: Option<i32>,
}

/// 2^53: the largest range where every integer is exact in f64.
pub const MAX_MINOR_UNITS: f64 = 9_007_199_254_740_992.0;

impl ProjectInput {
    pub fn validate(self) -> Result<ProjectInput> {
        let mut c = Check::default();
        let start_date = c.date("start_date", self.start_date);
        let due_date = c.date("due_date", self.due_date);
        if let (Some(s), Some(d)) = (&start_date, &due_date) {
            if d < s {
                c.fail("due_date", Rule::EndBeforeStart);
            }
        }
        let budget_planned = money(&mut c, "budget_planned", self.budget_planned);
        let budget_actual = money(&mut c, "budget_actual", self.budget_actual);
        let currency = self.currency.trim().to_uppercase();
        if currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_uppercase()) {
            c.fail("currency", Rule::InvalidCurrency);
        }
        let mut organizations: Vec<ProjectOrganizationInput> = Vec::new();
        for link in self.organizations {
            let id = link.organization_id.trim().to_string();
            if id.is_empty() || organizations.iter().any(|o| o.organization_id == id) {
                continue;
            }
            let role = link.role.trim().to_string();
            if role.chars().count() > MAX_NAME {
                c.fail("organizations", Rule::TooLong);
            }
            organizations.push(ProjectOrganizationInput {
                organization_id: id,
                role,
            });
        }
        let out = ProjectInput {
            name: c.name("name", &self.name),
            code: c.text("code", self.code, 64),
            status: self.status,
            start_date,
            due_date,
            budget_planned,
            budget_actual,
            currency,
            owner_department_id: c.id(self.owner_department_id),
            color: c.color("color", self.color),
            organizations,
        };
        c.finish()?;
        Ok(out)
    }
}

fn money(c: &mut Check, field: &str, value: Option<f64>) -> Option<f64> {
    let v = c.non_negative(field, value, MAX_MINOR_UNITS)?;
    if v.fract() != 0.0 {
        c.fail(field, Rule::NotInteger);
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn input() -> ProjectInput {
        ProjectInput {
            name: "华东产线升级".into(),
            code: Some("HD-2026".into()),
            status: ProjectStatus::Active,
            start_date: Some("2026-11-01".into()),
            due_date: Some("2026-12-31".into()),
            budget_planned: Some(12_000_000.0),
            budget_actual: None,
            currency: "cny".into(),
            owner_department_id: None,
            color: Some("Teal".into()),
            organizations: vec![],
        }
    }

    fn rules(r: Result<ProjectInput>) -> Vec<(String, Rule)> {
        match r {
            Err(AppError::Validation { fields }) => {
                fields.into_iter().map(|f| (f.field, f.rule)).collect()
            }
            other => panic!("expected validation error, got {other:?}"),
        }
    }

    #[test]
    fn currency_is_normalized() {
        assert_eq!(input().validate().unwrap().currency, "CNY");
    }

    #[test]
    fn due_before_start_negative_and_fractional_budgets_are_refused() {
        let mut i = input();
        i.due_date = Some("2026-10-01".into());
        i.budget_planned = Some(-5.0);
        i.budget_actual = Some(1.5);
        let r = rules(i.validate());
        assert!(r.contains(&("due_date".into(), Rule::EndBeforeStart)));
        assert!(r.contains(&("budget_planned".into(), Rule::Negative)));
        assert!(r.contains(&("budget_actual".into(), Rule::NotInteger)));
    }

    #[test]
    fn bad_dates_and_currency_are_refused() {
        let mut i = input();
        i.start_date = Some("2026-13-45".into());
        i.currency = "yuan".into();
        let r = rules(i.validate());
        assert!(r.contains(&("start_date".into(), Rule::InvalidDate)));
        assert!(r.contains(&("currency".into(), Rule::InvalidCurrency)));
    }
}
