use super::{Check, MAX_NAME, MAX_SHORT, MAX_TEXT};
use crate::error::{Result, Rule};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Partner,
    Supplier,
    Client,
    Department,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Partner,
        OrgKind::Supplier,
        OrgKind::Client,
        OrgKind::Department,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Partner => "partner",
            OrgKind::Supplier => "supplier",
            OrgKind::Client => "client",
            OrgKind::Department => "department",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Organization {
    pub id: String,
    pub kind: OrgKind,
    pub name: String,
    pub tier: Option<String>,
    pub tags: Vec<String>,
    pub address: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
    pub lead_contact_id: Option<String>,
    pub lead_contact_name: Option<String>,
    /// The reference fields (e.g. "project_id") whose record is deleted: shown struck through, and removable.
    pub deleted_refs: Vec<String>,
    pub weekly_capacity_hours: Option<f64>,
    /// A palette colour name (`domain::PALETTE`) for departments in the planner.
    pub color: Option<String>,
    pub contact_count: i32,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct OrganizationInput {
    pub kind: OrgKind,
    pub name: String,
    pub tier: Option<String>,
    pub tags: Vec<String>,
    pub address: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
    pub lead_contact_id: Option<String>,
    pub weekly_capacity_hours: Option<f64>,
    pub color: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OrgSort {
    Name,
    Updated,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct OrganizationQuery {
    pub search: Option<String>,
    pub kind: Option<OrgKind>,
    pub sort: Option<OrgSort>,
    pub cursor: Option<String>,
    pub limit: Option<i32>,
}

/// A week has 168 hours; a department's capacity is the sum of its people's, so allow a generous ceiling.
const MAX_CAPACITY_HOURS: f64 = 100_000.0;

impl OrganizationInput {
    /// Normalizes and validates; lead and capacity only make sense for departments and are dropped otherwise.
    pub fn validate(self) -> Result<OrganizationInput> {
        let mut c = Check::default();
        let is_dept = self.kind == OrgKind::Department;
        let website = c.text("website", self.website, MAX_SHORT);
        if let Some(w) = &website {
            if !is_website(w) {
                c.fail("website", Rule::InvalidUrl);
            }
        }
        let out = OrganizationInput {
            kind: self.kind,
            name: c.name("name", &self.name),
            tier: c.text("tier", self.tier, MAX_NAME),
            tags: c.list("tags", self.tags),
            address: c.text("address", self.address, MAX_SHORT),
            website,
            notes: c.text("notes", self.notes, MAX_TEXT),
            lead_contact_id: if is_dept {
                c.id(self.lead_contact_id)
            } else {
                None
            },
            weekly_capacity_hours: if is_dept {
                c.non_negative(
                    "weekly_capacity_hours",
                    self.weekly_capacity_hours,
                    MAX_CAPACITY_HOURS,
                )
            } else {
                None
            },
            color: c.color("color", self.color),
        };
        c.finish()?;
        Ok(out)
    }
}

/// Accepts "https://example.com/x", "http://…" and bare host names like "hd-precision.cn"; refuses other schemes
/// (javascript:, file:) and anything with spaces.
pub fn is_website(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port_ok) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().is_ok()),
        None => (authority, true),
    };
    !s.chars().any(char::is_whitespace)
        && !rest.contains("://")
        && port_ok
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn input(name: &str) -> OrganizationInput {
        OrganizationInput {
            kind: OrgKind::Partner,
            name: name.into(),
            tier: None,
            tags: vec![],
            address: None,
            website: None,
            notes: None,
            lead_contact_id: Some("x".into()),
            weekly_capacity_hours: Some(40.0),
            color: None,
        }
    }

    #[test]
    fn empty_and_oversized_names_are_refused() {
        for bad in ["", "   ", &"名".repeat(MAX_NAME + 1)] {
            match input(bad).validate() {
                Err(AppError::Validation { fields }) => assert_eq!(fields[0].field, "name"),
                other => panic!("expected a validation error, got {other:?}"),
            }
        }
    }

    #[test]
    fn department_only_fields_are_dropped_for_partners() {
        let v = input(" 华东精密制造有限公司 ").validate().unwrap();
        assert_eq!(v.name, "华东精密制造有限公司");
        assert_eq!(v.lead_contact_id, None);
        assert_eq!(v.weekly_capacity_hours, None);
    }

    #[test]
    fn negative_capacity_and_bad_websites_are_refused() {
        let mut i = input("研发部");
        i.kind = OrgKind::Department;
        i.weekly_capacity_hours = Some(-1.0);
        i.website = Some("javascript:alert(1)".into());
        match i.validate() {
            Err(AppError::Validation { fields }) => {
                let rules: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.rule)).collect();
                assert!(rules.contains(&("weekly_capacity_hours", Rule::Negative)));
                assert!(rules.contains(&("website", Rule::InvalidUrl)));
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert!(is_website("https://hd-precision.cn/about"));
        assert!(is_website("hd-precision.cn"));
        assert!(!is_website("file:///etc/passwd"));
    }
}
