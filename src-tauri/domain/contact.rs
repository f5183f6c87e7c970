use super::{Check, MAX_NAME, MAX_TEXT};
use crate::error::Result;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    /// The reference fields (e.g. "project_id") whose record is deleted: shown struck through, and removable.
    pub deleted_refs: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub wechat: Option<String>,
    pub notes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ContactInput {
    pub name: String,
    pub title: Option<String>,
    pub organization_id: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub wechat: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactSort {
    Name,
    Updated,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct ContactQuery {
    pub search: Option<String>,
    pub organization_id: Option<String>,
    pub sort: Option<ContactSort>,
    pub cursor: Option<String>,
    pub limit: Option<i32>,
}

impl ContactInput {
    pub fn validate(self) -> Result<ContactInput> {
        let mut c = Check::default();
        let out = ContactInput {
            name: c.name("name", &self.name),
            title: c.text("title", self.title, MAX_NAME),
            organization_id: c.id(self.organization_id),
            emails: c.emails("emails", self.emails),
            phones: c.list("phones", self.phones),
            wechat: c.text("wechat", self.wechat, MAX_NAME),
            notes: c.text("notes", self.notes, MAX_TEXT),
        };
        c.finish()?;
        Ok(out)
    }
}
