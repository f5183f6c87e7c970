//! Importing organizations and contacts from CSV and vCard files, and exporting them. An import is planned first —
//! every record validated and matched against the directory and the records before it in the same file — and only
//! a plan without a single problem is written, in the caller's one transaction. A dry run returns the same plan.
//!
//! Matching, so importing a file twice creates nothing the second time: a person is the same as a contact who has
//! one of their e-mail addresses, else one of their phone numbers, else the same name at the same organization
//! (unless both have e-mail addresses and share none); an
//! organization is the one with the same name (ignoring case). A match gains the addresses and numbers it lacks and
//! the title, organization, WeChat id and notes it has none of; nothing it has is overwritten.

use crate::domain::{Contact, ContactInput, OrgKind, OrganizationInput};
use crate::error::{AppError, Result, Rule};
use crate::export::cards::{self, Directory};
use crate::export::summary::Lang;
use crate::import::{self, phone_key, Card, CardField, CardFile, CardFormat, ColumnMap};
use crate::store::{contacts, organizations};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// How many rows a report lists; the counts cover every row.
pub const REPORT_ROWS: usize = 200;

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct ImportOptions {
    /// None: from the file name's extension, else from the content.
    pub format: Option<CardFormat>,
    /// CSV columns to take differently from what their headers say.
    pub mapping: Vec<ColumnMap>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MatchBy {
    Email,
    Phone,
    NameAndOrganization,
    /// An organization with the same name.
    Name,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ImportRow {
    pub line: i32,
    pub is_organization: bool,
    pub name: String,
    pub organization: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub action: RowAction,
    pub matched_by: Option<MatchBy>,
    /// The contact or organization matched: in the directory, or an earlier record of the same file.
    pub matched_id: Option<String>,
    pub matched_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ImportReport {
    pub format: CardFormat,
    pub encoding: String,
    pub columns: Vec<ColumnMap>,
    /// The first `REPORT_ROWS` records.
    pub rows: Vec<ImportRow>,
    pub total: i32,
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub organizations_created: i32,
    /// False for a dry run.
    pub applied: bool,
}

#[derive(Debug, Clone)]
enum OrgRef {
    Existing(String),
    New(usize),
}

impl OrgRef {
    fn key(&self) -> String {
        match self {
            OrgRef::Existing(id) => id.clone(),
            OrgRef::New(k) => format!("new:{k}"),
        }
    }
}

/// A contact the import ends with: one already there (maybe gaining details) or a new one.
struct Slot {
    existing: Option<Contact>,
    input: ContactInput,
    org: Option<OrgRef>,
    changed: bool,
}

#[derive(Default)]
struct Plan {
    new_orgs: Vec<OrganizationInput>,
    slots: Vec<Slot>,
    rows: Vec<ImportRow>,
    orgs_by_name: HashMap<String, (OrgRef, String)>,
    by_email: HashMap<String, usize>,
    by_phone: HashMap<String, usize>,
    by_name_org: HashMap<(String, String), usize>,
}

fn name_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The field of a validation error as the file names it.
fn label_of(file: &CardFile, validation_field: &str) -> String {
    let field = match validation_field {
        "name" => CardField::Name,
        "title" => CardField::Title,
        "emails" => CardField::Email,
        "phones" => CardField::Phone,
        "wechat" => CardField::Wechat,
        "notes" => CardField::Notes,
        _ => return validation_field.to_string(),
    };
    file.label(field)
}

/// A validation error turned into the file's terms: its line and its column or property.
fn at_line(file: &CardFile, line: i32, e: AppError, org_field: bool) -> AppError {
    match e {
        AppError::Validation { fields } => {
            let (field, rule) = fields
                .first()
                .map(|f| (f.field.as_str(), f.rule))
                .unwrap_or(("name", Rule::Required));
            let label = if org_field && field == "name" {
                file.label(CardField::Organization)
            } else {
                label_of(file, field)
            };
            AppError::InvalidRecord {
                line,
                field: label,
                rule,
            }
        }
        other => other,
    }
}

impl Plan {
    fn new(conn: &Connection) -> Result<Plan> {
        let mut plan = Plan::default();
        for o in organizations::all_live(conn)? {
            plan.orgs_by_name
                .insert(name_key(&o.name), (OrgRef::Existing(o.id.clone()), o.name));
        }
        for c in contacts::all_live(conn)? {
            let input = ContactInput {
                name: c.name.clone(),
                title: c.title.clone(),
                organization_id: c.organization_id.clone(),
                emails: c.emails.clone(),
                phones: c.phones.clone(),
                wechat: c.wechat.clone(),
                notes: c.notes.clone(),
            };
            let org = c.organization_id.clone().map(OrgRef::Existing);
            plan.push_slot(Slot {
                existing: Some(c),
                input,
                org,
                changed: false,
            });
        }
        Ok(plan)
    }

    fn index(&mut self, k: usize) {
        let s = &self.slots[k];
        let emails: Vec<String> = s.input.emails.iter().map(|e| e.to_lowercase()).collect();
        let phones: Vec<String> = s
            .input
            .phones
            .iter()
            .map(|p| phone_key(p))
            .filter(|p| p.len() >= 5)
            .collect();
        let name_org = (
            name_key(&s.input.name),
            s.org.as_ref().map(OrgRef::key).unwrap_or_default(),
        );
        for e in emails {
            self.by_email.entry(e).or_insert(k);
        }
        for p in phones {
            self.by_phone.entry(p).or_insert(k);
        }
        self.by_name_org.entry(name_org).or_insert(k);
    }

    fn push_slot(&mut self, slot: Slot) -> usize {
        self.slots.push(slot);
        let k = self.slots.len() - 1;
        self.index(k);
        k
    }

    /// The organization called `name`, planned as new (of `kind`, partner when the file says none) if missing.
    fn organization(
        &mut self,
        file: &CardFile,
        card: &Card,
        name: &str,
        is_org_card: bool,
    ) -> Result<(OrgRef, bool)> {
        if let Some((r, _)) = self.orgs_by_name.get(&name_key(name)).cloned() {
            // A KIND:org card after a person's ORG named it: the card says what kind it is.
            if let (OrgRef::New(k), true) = (&r, is_org_card) {
                let o = &mut self.new_orgs[*k];
                o.kind = card.organization_kind.unwrap_or(o.kind);
                o.tags.extend(card.tags.iter().cloned());
                o.notes = o.notes.take().or_else(|| card.notes.clone());
            }
            return Ok((r, false));
        }
        let input = OrganizationInput {
            kind: card.organization_kind.unwrap_or(OrgKind::Partner),
            name: name.to_string(),
            tier: None,
            tags: if is_org_card {
                card.tags.clone()
            } else {
                vec![]
            },
            address: None,
            website: None,
            notes: if is_org_card {
                card.notes.clone()
            } else {
                None
            },
            lead_contact_id: None,
            weekly_capacity_hours: None,
            color: None,
        }
        .validate()
        .map_err(|e| at_line(file, card.line, e, !is_org_card))?;
        let r = OrgRef::New(self.new_orgs.len());
        self.orgs_by_name
            .insert(name_key(&input.name), (r.clone(), input.name.clone()));
        self.new_orgs.push(input);
        Ok((r, true))
    }

    fn find(&self, input: &ContactInput, org: &Option<OrgRef>) -> Option<(usize, MatchBy)> {
        if let Some(k) = input
            .emails
            .iter()
            .find_map(|e| self.by_email.get(&e.to_lowercase()))
        {
            return Some((*k, MatchBy::Email));
        }
        if let Some(k) = input
            .phones
            .iter()
            .map(|p| phone_key(p))
            .filter(|p| p.len() >= 5)
            .find_map(|p| self.by_phone.get(&p))
        {
            return Some((*k, MatchBy::Phone));
        }
        let key = (
            name_key(&input.name),
            org.as_ref().map(OrgRef::key).unwrap_or_default(),
        );
        // The same name at the same organization is the same person, unless both have e-mail addresses and
        // share none (two colleagues called 王伟).
        self.by_name_org
            .get(&key)
            .filter(|k| {
                let theirs = &self.slots[**k].input.emails;
                input.emails.is_empty() || theirs.is_empty()
            })
            .map(|k| (*k, MatchBy::NameAndOrganization))
    }

    fn add(&mut self, file: &CardFile, card: &Card) -> Result<()> {
        let mut row = ImportRow {
            line: card.line,
            is_organization: card.is_organization,
            name: card.name.clone(),
            organization: card.organization.clone(),
            title: card.title.clone(),
            email: card.emails.first().cloned(),
            phone: card.phones.first().cloned(),
            action: RowAction::Create,
            matched_by: None,
            matched_id: None,
            matched_name: None,
        };
        if card.is_organization {
            let existed = self.orgs_by_name.get(&name_key(&card.name)).cloned();
            self.organization(file, card, &card.name, true)?;
            if let Some((r, name)) = existed {
                row.action = RowAction::Unchanged;
                row.matched_by = Some(MatchBy::Name);
                row.matched_id = match r {
                    OrgRef::Existing(id) => Some(id),
                    OrgRef::New(_) => None,
                };
                row.matched_name = Some(name);
            }
            self.rows.push(row);
            return Ok(());
        }
        let org = match &card.organization {
            Some(name) => Some(self.organization(file, card, name, false)?.0),
            None => None,
        };
        let input = ContactInput {
            name: card.name.clone(),
            title: card.title.clone(),
            organization_id: None,
            emails: card.emails.clone(),
            phones: card.phones.clone(),
            wechat: card.wechat.clone(),
            notes: card.notes.clone(),
        }
        .validate()
        .map_err(|e| at_line(file, card.line, e, false))?;
        match self.find(&input, &org) {
            Some((k, by)) => {
                let slot = &mut self.slots[k];
                let gained = merge(&mut slot.input, &mut slot.org, input, org);
                if gained {
                    slot.input = slot
                        .input
                        .clone()
                        .validate()
                        .map_err(|e| at_line(file, card.line, e, false))?;
                    slot.changed = true;
                }
                row.action = match (&slot.existing, gained) {
                    (Some(_), true) => RowAction::Update,
                    _ => RowAction::Unchanged,
                };
                row.matched_by = Some(by);
                row.matched_id = slot.existing.as_ref().map(|c| c.id.clone());
                row.matched_name = Some(slot.input.name.clone());
                self.index(k);
            }
            None => {
                self.push_slot(Slot {
                    existing: None,
                    input,
                    org,
                    changed: true,
                });
            }
        }
        self.rows.push(row);
        Ok(())
    }

    fn report(&self, file: &CardFile, applied: bool) -> ImportReport {
        let count = |a: RowAction| {
            i32::try_from(self.rows.iter().filter(|r| r.action == a).count()).unwrap_or(i32::MAX)
        };
        ImportReport {
            format: file.format,
            encoding: file.encoding.clone(),
            columns: file.columns.clone(),
            rows: self.rows.iter().take(REPORT_ROWS).cloned().collect(),
            total: i32::try_from(self.rows.len()).unwrap_or(i32::MAX),
            created: count(RowAction::Create),
            updated: count(RowAction::Update),
            unchanged: count(RowAction::Unchanged),
            organizations_created: i32::try_from(self.new_orgs.len()).unwrap_or(i32::MAX),
            applied,
        }
    }

    fn apply(&self, conn: &Connection) -> Result<()> {
        let mut org_ids = Vec::with_capacity(self.new_orgs.len());
        for o in &self.new_orgs {
            org_ids.push(organizations::insert(conn, o)?);
        }
        for slot in self.slots.iter().filter(|s| s.changed) {
            let mut input = slot.input.clone();
            input.organization_id = match &slot.org {
                Some(OrgRef::Existing(id)) => Some(id.clone()),
                Some(OrgRef::New(k)) => org_ids.get(*k).cloned(),
                None => None,
            };
            match &slot.existing {
                Some(c) => contacts::update(conn, &c.id, &input)?,
                None => {
                    contacts::insert(conn, &input)?;
                }
            }
        }
        Ok(())
    }
}

/// Adds what `from` has and `into` lacks; true when anything was added.
fn merge(
    into: &mut ContactInput,
    into_org: &mut Option<OrgRef>,
    from: ContactInput,
    from_org: Option<OrgRef>,
) -> bool {
    let mut gained = false;
    for e in from.emails {
        if !into.emails.iter().any(|x| x.eq_ignore_ascii_case(&e)) {
            into.emails.push(e);
            gained = true;
        }
    }
    for p in from.phones {
        let key = phone_key(&p);
        if !into.phones.iter().any(|x| phone_key(x) == key) {
            into.phones.push(p);
            gained = true;
        }
    }
    let mut fill = |slot: &mut Option<String>, value: Option<String>| {
        if slot.is_none() && value.is_some() {
            *slot = value;
            gained = true;
        }
    };
    fill(&mut into.title, from.title);
    fill(&mut into.wechat, from.wechat);
    fill(&mut into.notes, from.notes);
    if into_org.is_none() && from_org.is_some() {
        *into_org = from_org;
        gained = true;
    }
    gained
}

/// Reads `bytes` (a file called `file_name`) and matches its records; with `apply`, writes them on `conn`, which
/// must be a write transaction. Any problem is returned before anything is written.
pub fn import_cards(
    conn: &Connection,
    bytes: &[u8],
    file_name: Option<&std::path::Path>,
    options: &ImportOptions,
    apply: bool,
) -> Result<ImportReport> {
    let format = options
        .format
        .or_else(|| file_name.and_then(CardFormat::of_path));
    let file = import::read(bytes, format, &options.mapping)?;
    let mut plan = Plan::new(conn)?;
    for card in &file.cards {
        plan.add(&file, card)?;
    }
    if apply {
        plan.apply(conn)?;
    }
    Ok(plan.report(&file, apply))
}

/// Reads the file at `path` and imports it (see `import_cards`).
pub fn import_file(
    conn: &Connection,
    path: &std::path::Path,
    options: &ImportOptions,
    apply: bool,
) -> Result<ImportReport> {
    let bytes = std::fs::read(path).map_err(|e| {
        tracing::debug!(error = %e, path = %path.display(), "cannot read the file to import");
        AppError::field("file", Rule::InvalidPath)
    })?;
    import_cards(conn, &bytes, Some(path), options, apply)
}

/// The live directory, for an export.
pub fn directory(conn: &Connection) -> Result<Directory> {
    Ok(Directory {
        organizations: organizations::all_live(conn)?,
        contacts: contacts::all_live(conn)?,
    })
}

/// Writes every live organization and contact to `path` as vCard 4.0 or CSV (headers in `lang`); returns how many
/// contacts and organizations were written.
pub fn export_file(
    conn: &Connection,
    format: CardFormat,
    lang: Lang,
    path: &std::path::Path,
) -> Result<(usize, usize)> {
    let d = directory(conn)?;
    let bytes = match format {
        CardFormat::Vcf => cards::vcf(&d).into_bytes(),
        CardFormat::Csv => cards::csv(&d, lang),
    };
    super::write_file(path, &bytes).map_err(|e| {
        tracing::debug!(error = %e, path = %path.display(), "cannot write the export");
        AppError::field("output", Rule::InvalidPath)
    })?;
    Ok((d.contacts.len(), d.organizations.len()))
}
