//! Meeting summaries written to files: one meeting in a format and language, follow-up packs (one file per
//! department or organization), and batches of meetings into a folder with progress and cancel.

use super::meetings::get_meeting;
use super::planner::meeting_events;
use crate::domain::{Exception, Meeting, MeetingQuery, MeetingSort, MAX_PAGE};
use crate::error::{AppError, Result, Rule};
use crate::export::summary::{Lang, Summary};
use crate::export::{compose::FollowUpParty, docx, eml, html, ics, markdown, pdf};
use crate::store::{contacts, meetings, Db};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Md,
    Html,
    Pdf,
    Docx,
    Eml,
    Ics,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        Self::Md,
        Self::Html,
        Self::Pdf,
        Self::Docx,
        Self::Eml,
        Self::Ics,
    ];

    pub fn ext(self) -> &'static str {
        match self {
            Self::Md => "md",
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Eml => "eml",
            Self::Ics => "ics",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.ext() == s || (s == "markdown" && *f == Self::Md))
    }
}

/// Everything a summary needs beyond the meeting: the meeting with its minutes, and each attendee's or assignee's
/// organization and first e-mail address.
pub struct Loaded {
    pub meeting: Meeting,
    contact_orgs: HashMap<String, String>,
    org_names: HashMap<String, String>,
    emails: HashMap<String, String>,
    /// The series' moved and cancelled occurrences, for the meeting's .ics.
    exceptions: Vec<Exception>,
    /// The user's zone, which dates the file names.
    file_zone: String,
}

pub fn load(conn: &Connection, id: &str) -> Result<Loaded> {
    let meeting = get_meeting(conn, id)?;
    if meeting.deleted_at.is_some() {
        return Err(AppError::not_found("meeting", id));
    }
    let mut ids: Vec<String> = meeting
        .attendees
        .iter()
        .map(|a| a.contact_id.clone())
        .collect();
    ids.extend(meeting.organizer_contact_id.clone());
    for t in meeting.action_items.iter().chain(&meeting.carried_items) {
        ids.extend(t.assignee_contact_id.clone());
    }
    let mut contact_orgs = HashMap::new();
    let mut org_names = HashMap::new();
    let mut emails = HashMap::new();
    for link in contacts::links_of(conn, &ids)? {
        if let (Some(o), Some(n)) = (link.organization_id, link.organization_name) {
            contact_orgs.insert(link.id.clone(), o.clone());
            org_names.insert(o, n);
        }
        if let Some(e) = link.email {
            emails.insert(link.id, e);
        }
    }
    let exceptions = meetings::exceptions_of(conn, std::slice::from_ref(&meeting.id))?;
    Ok(Loaded {
        meeting,
        contact_orgs,
        org_names,
        emails,
        exceptions,
        file_zone: super::settings::time_zone(conn)?.name().to_string(),
    })
}

impl Loaded {
    pub fn summary(&self, lang: Lang, party: Option<&FollowUpParty>) -> Summary {
        Summary::of(
            &self.meeting,
            lang,
            party,
            &self.contact_orgs,
            &self.file_zone,
        )
    }

    /// The departments and organizations a follow-up pack can be made for: those linked to the meeting, those
    /// action items are assigned to (directly or through a person), and those decisions concern.
    pub fn parties(&self) -> Vec<FollowUpParty> {
        let m = &self.meeting;
        let mut out: Vec<FollowUpParty> = Vec::new();
        let mut add = |id: &str, name: &str| {
            if !out.iter().any(|p| p.id == id) {
                out.push(FollowUpParty {
                    id: id.to_string(),
                    name: name.to_string(),
                });
            }
        };
        for o in &m.organizations {
            add(&o.organization_id, &o.name);
        }
        for t in m.action_items.iter().chain(&m.carried_items) {
            if let (Some(id), Some(name)) = (&t.assignee_department_id, &t.assignee_department_name)
            {
                add(id, name);
            }
            if let Some(org) = t
                .assignee_contact_id
                .as_ref()
                .and_then(|c| self.contact_orgs.get(c))
            {
                if let Some(name) = self.org_names.get(org) {
                    add(org, name);
                }
            }
        }
        for d in &m.decisions {
            if let (Some(id), Some(name)) = (&d.organization_id, &d.organization_name) {
                add(id, name);
            }
        }
        out
    }

    /// The attendees with an e-mail address, as (name, address): the draft's recipients.
    fn recipients(&self) -> Vec<(String, String)> {
        self.meeting
            .attendees
            .iter()
            .filter_map(|a| {
                self.emails
                    .get(&a.contact_id)
                    .map(|e| (a.name.clone(), e.clone()))
            })
            .collect()
    }

    fn sender(&self) -> Option<(String, String)> {
        let id = self.meeting.organizer_contact_id.as_ref()?;
        Some((
            self.meeting.organizer_name.clone()?,
            self.emails.get(id)?.clone(),
        ))
    }

    /// The meeting as an iCalendar file, its agenda as the description. Only the .ics and .eml formats need it,
    /// so it is built on demand (its VTIMEZONE takes more work than a Markdown summary).
    fn ics(&self) -> String {
        let m = &self.meeting;
        let agenda: Vec<String> = m
            .agenda
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{}. {}", i + 1, a.title))
            .collect();
        let description = (!agenda.is_empty()).then(|| agenda.join("\n"));
        let events = meeting_events(m, &self.exceptions, description);
        ics::calendar(&m.title, &events, chrono::Utc::now())
    }

    /// The file's bytes.
    pub fn render(&self, format: ExportFormat, s: &Summary) -> Result<Vec<u8>> {
        Ok(match format {
            ExportFormat::Md => markdown::markdown(s).into_bytes(),
            ExportFormat::Html => html::html(s).into_bytes(),
            ExportFormat::Pdf => pdf::pdf(s, fonts()?)?,
            ExportFormat::Docx => docx::docx(s)?,
            ExportFormat::Eml => eml::eml(
                s,
                &html::html(s),
                &markdown::markdown(s),
                &self.ics(),
                &self.recipients(),
                self.sender(),
                chrono::Utc::now(),
            )?,
            ExportFormat::Ics => self.ics().into_bytes(),
        })
    }
}

/// System fonts, found once per process: scanning them costs more than typesetting a summary.
pub(crate) fn fonts() -> Result<&'static pdf::Fonts> {
    static FONTS: OnceLock<std::result::Result<pdf::Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            pdf::Fonts::system().map_err(|e| {
                tracing::error!(error = %e, "no fonts for PDF export");
                e.to_string()
            })
        })
        .as_ref()
        .map_err(|message| AppError::Export {
            message: message.clone(),
        })
}

/// A path the user gave must name a file in an existing folder.
pub(crate) fn check_target(path: &Path) -> Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if path.file_name().is_none() || !parent.is_dir() {
        return Err(AppError::field("path", Rule::InvalidPath));
    }
    Ok(())
}

fn check_dir(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Err(AppError::field("dir", Rule::InvalidPath));
    }
    Ok(())
}

/// Writes one meeting's summary (or one party's follow-up pack) to `path`.
pub fn export_meeting(
    conn: &Connection,
    id: &str,
    format: ExportFormat,
    lang: Lang,
    party_id: Option<&str>,
    path: &Path,
) -> Result<String> {
    check_target(path)?;
    let loaded = load(conn, id)?;
    let party = match party_id {
        Some(p) => Some(
            loaded
                .parties()
                .into_iter()
                .find(|x| x.id == p)
                .ok_or_else(|| AppError::field("party_id", Rule::UnknownId))?,
        ),
        None => None,
    };
    let s = loaded.summary(lang, party.as_ref());
    super::write_file(path, &loaded.render(format, &s)?)?;
    Ok(path.display().to_string())
}

/// `stem.ext` in `dir`, with " (2)", " (3)"… added when the name is already taken in this run.
fn unique_path(dir: &Path, stem: &str, ext: &str, taken: &mut Vec<PathBuf>) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem} ({n}).{ext}")
        };
        let p = dir.join(name);
        if !taken.contains(&p) {
            taken.push(p.clone());
            return p;
        }
        n += 1;
    }
}

/// Writes one follow-up pack per party of the meeting into `dir`; returns the files written.
pub fn export_follow_ups(
    conn: &Connection,
    id: &str,
    format: ExportFormat,
    lang: Lang,
    dir: &Path,
) -> Result<Vec<String>> {
    check_dir(dir)?;
    let loaded = load(conn, id)?;
    let mut taken = Vec::new();
    let mut out = Vec::new();
    for party in loaded.parties() {
        let s = loaded.summary(lang, Some(&party));
        let path = unique_path(dir, &s.file_stem, format.ext(), &mut taken);
        super::write_file(&path, &loaded.render(format, &s)?)?;
        out.push(path.display().to_string());
    }
    Ok(out)
}

/// Which meetings a batch exports: a project's, or those in a time range (RFC 3339 instants), or both.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct BatchQuery {
    pub project_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BatchProgress {
    pub done: i32,
    pub total: i32,
    /// The meeting just written.
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BatchReport {
    pub written: Vec<String>,
    pub total: i32,
    /// True when the user stopped it; the files written so far stay.
    pub cancelled: bool,
}

/// The ids of the meetings a batch covers, oldest first.
pub fn batch_ids(conn: &Connection, q: &BatchQuery) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        // Occurrences of a series with minutes are meetings of their own here; the series row holds none.
        let page = super::meetings::list_meetings_with_minutes(
            conn,
            &MeetingQuery {
                project_id: q.project_id.clone(),
                from: q.from.clone(),
                to: q.to.clone(),
                sort: Some(MeetingSort::StartsAsc),
                cursor: cursor.take(),
                limit: Some(MAX_PAGE),
                ..Default::default()
            },
        )?;
        out.extend(page.items.into_iter().map(|m| (m.id, m.title)));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// Exports every meeting of the query into `dir`, one read transaction per meeting so the app stays responsive.
/// `progress` is called after each file; `cancel` is checked before each meeting.
pub fn export_batch(
    db: &Db,
    q: &BatchQuery,
    format: ExportFormat,
    lang: Lang,
    dir: &Path,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(BatchProgress),
) -> Result<BatchReport> {
    check_dir(dir)?;
    let ids = db.read(|c| batch_ids(c, q))?;
    let total = ids.len() as i32;
    let mut taken = Vec::new();
    let mut written = Vec::new();
    for (i, (id, title)) in ids.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Ok(BatchReport {
                written,
                total,
                cancelled: true,
            });
        }
        let loaded = db.read(|c| load(c, id))?;
        let s = loaded.summary(lang, None);
        let path = unique_path(dir, &s.file_stem, format.ext(), &mut taken);
        super::write_file(&path, &loaded.render(format, &s)?)?;
        written.push(path.display().to_string());
        progress(BatchProgress {
            done: i as i32 + 1,
            total,
            title: title.clone(),
        });
    }
    Ok(BatchReport {
        written,
        total,
        cancelled: false,
    })
}
