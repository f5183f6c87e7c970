//! Running a meeting: agenda, attendance, notes, decisions, templates, carry-forward and the pre-meeting brief.

use crate::domain::{
    AgendaItem, AgendaItemInput, Attendance, Brief, BriefAttendee, BriefOrganization,
    BriefPrevious, Check, Decision, DecisionHit, DecisionInput, Entity, MeetingTemplate,
    TemplateAgendaItem, TemplateInput, MAX_TEXT,
};
use crate::error::{AppError, Result};
use crate::export::summary::Lang;
use crate::store::{check_ref, meetings, minutes, tasks};
use rusqlite::Connection;

/// The live row minutes for `id` are written to: the meeting, or the row of the occurrence `id` names (created on
/// this first write).
fn writable(conn: &Connection, id: &str) -> Result<String> {
    let row = super::series::row_for_write(conn, id)?;
    super::meetings::live_meeting(conn, &row)?;
    Ok(row)
}

/// `kept`: the owner the item already has, which may since have been deleted.
fn checked_item(
    conn: &Connection,
    input: AgendaItemInput,
    kept: Option<&str>,
) -> Result<AgendaItemInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "contacts",
        "",
        "owner_contact_id",
        input.owner_contact_id.as_deref(),
        kept,
    )?;
    Ok(input)
}

pub fn add_agenda_item(
    conn: &Connection,
    meeting_id: &str,
    input: AgendaItemInput,
) -> Result<AgendaItem> {
    let input = checked_item(conn, input, None)?;
    let meeting_id = &writable(conn, meeting_id)?;
    let key = minutes::next_agenda_key(conn, meeting_id)?;
    let id = minutes::insert_agenda_item(conn, meeting_id, &input, None, key)?;
    minutes::agenda_item(conn, &id)
}

pub fn update_agenda_item(
    conn: &Connection,
    id: &str,
    input: AgendaItemInput,
) -> Result<AgendaItem> {
    let had = minutes::agenda_item(conn, id)?;
    let input = checked_item(conn, input, had.owner_contact_id.as_deref())?;
    minutes::update_agenda_item(conn, id, &input)?;
    minutes::agenda_item(conn, id)
}

/// Smallest gap kept between neighbouring sort keys before the whole agenda is renumbered.
const MIN_GAP: f64 = 1e-6;

/// Puts an item right after `after` (None: first) and returns the meeting's agenda in its new order.
pub fn move_agenda_item(
    conn: &Connection,
    id: &str,
    after: Option<&str>,
) -> Result<Vec<AgendaItem>> {
    let item = minutes::agenda_item(conn, id)?;
    let others: Vec<AgendaItem> = minutes::agenda(conn, &item.meeting_id)?
        .into_iter()
        .filter(|i| i.id != id)
        .collect();
    // The index the item goes to among the others.
    let at = match after {
        None => 0,
        Some(a) => {
            others
                .iter()
                .position(|i| i.id == a)
                .ok_or_else(|| AppError::not_found("agenda_item", a))?
                + 1
        }
    };
    let prev = at
        .checked_sub(1)
        .and_then(|p| others.get(p))
        .map(|i| i.sort_key);
    let next = others.get(at).map(|i| i.sort_key);
    let key = match (prev, next) {
        (Some(p), Some(n)) => (p + n) / 2.0,
        (Some(p), None) => p + 1.0,
        (None, Some(n)) => n - 1.0,
        (None, None) => 1.0,
    };
    let crowded =
        prev.is_some_and(|p| key - p < MIN_GAP) || next.is_some_and(|n| n - key < MIN_GAP);
    if crowded {
        let mut order: Vec<&AgendaItem> = others.iter().collect();
        order.insert(at, &item);
        for (i, it) in order.iter().enumerate() {
            minutes::set_agenda_key(conn, &it.id, i as f64 + 1.0)?;
        }
    } else {
        minutes::set_agenda_key(conn, id, key)?;
    }
    minutes::agenda(conn, &item.meeting_id)
}

pub fn set_attendance(
    conn: &Connection,
    meeting_id: &str,
    contact_id: &str,
    a: Attendance,
) -> Result<()> {
    let id = writable(conn, meeting_id)?;
    meetings::set_attendance(conn, &id, contact_id, a)?;
    if a == Attendance::Present {
        super::relationships::meeting_attended(conn, &id, chrono::Utc::now())?;
    }
    Ok(())
}

/// Saves the notes; returns the meeting's new `updated_at` (the editor shows "saved").
pub fn set_notes(conn: &Connection, meeting_id: &str, notes: Option<String>) -> Result<String> {
    let mut c = Check::default();
    let notes = c.text("notes", notes, MAX_TEXT);
    c.finish()?;
    meetings::set_notes(conn, &writable(conn, meeting_id)?, notes.as_deref())
}

/// `kept`: the organization the decision already names, which may since have been deleted.
fn checked_decision(
    conn: &Connection,
    input: DecisionInput,
    kept: Option<&str>,
) -> Result<DecisionInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "organizations",
        "",
        "organization_id",
        input.organization_id.as_deref(),
        kept,
    )?;
    Ok(input)
}

pub fn add_decision(conn: &Connection, meeting_id: &str, input: DecisionInput) -> Result<Decision> {
    let input = checked_decision(conn, input, None)?;
    let id = minutes::insert_decision(conn, &writable(conn, meeting_id)?, &input)?;
    minutes::decision(conn, &id)
}

pub fn update_decision(conn: &Connection, id: &str, input: DecisionInput) -> Result<Decision> {
    let had = minutes::decision(conn, id)?;
    let input = checked_decision(conn, input, had.organization_id.as_deref())?;
    minutes::update_decision(conn, id, &input)?;
    minutes::decision(conn, id)
}

/// An organization's decisions: the first of them, the newest meeting first, and how many there are.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct OrganizationDecisions {
    pub items: Vec<DecisionHit>,
    pub total: i32,
}

/// The decisions recorded for an organization or taken in its meetings (linked to it, or attended by its people):
/// at most `limit` (default 8), the newest meeting first.
pub fn organization_decisions(
    conn: &Connection,
    organization_id: &str,
    limit: Option<i32>,
) -> Result<OrganizationDecisions> {
    let (items, total) =
        minutes::decisions_of_organization(conn, organization_id, limit.unwrap_or(8))?;
    Ok(OrganizationDecisions { items, total })
}

pub fn search_decisions(
    conn: &Connection,
    query: &str,
    limit: Option<i32>,
) -> Result<Vec<DecisionHit>> {
    minutes::search_decisions(conn, query, limit.unwrap_or(50))
}

pub fn restore_agenda_item(conn: &Connection, id: &str) -> Result<AgendaItem> {
    super::restore(conn, Entity::AgendaItem, id)?;
    minutes::agenda_item(conn, id)
}

pub fn restore_decision(conn: &Connection, id: &str) -> Result<Decision> {
    super::restore(conn, Entity::Decision, id)?;
    minutes::decision(conn, id)
}

/// Built-in templates in `lang` first, then the user's own.
pub fn templates(conn: &Connection, lang: Lang) -> Result<Vec<MeetingTemplate>> {
    let mut out = builtin_templates(lang);
    out.extend(minutes::templates(conn)?);
    Ok(out)
}

pub fn template(conn: &Connection, id: &str) -> Result<MeetingTemplate> {
    [Lang::ZhCn, Lang::En]
        .into_iter()
        .flat_map(builtin_templates)
        .find(|t| t.id == id)
        .map_or_else(|| minutes::template(conn, id), Ok)
}

pub fn create_template(conn: &Connection, input: TemplateInput) -> Result<MeetingTemplate> {
    let input = input.validate()?;
    let id = minutes::insert_template(conn, &input)?;
    minutes::template(conn, &id)
}

/// Writes a template's agenda (and notes, when the meeting has none) into a meeting.
pub fn apply_template(conn: &Connection, meeting_id: &str, t: &MeetingTemplate) -> Result<()> {
    let mut key = minutes::next_agenda_key(conn, meeting_id)?;
    for item in &t.agenda {
        let input = AgendaItemInput {
            title: item.title.clone(),
            owner_contact_id: None,
            planned_minutes: item.planned_minutes,
            done: false,
        };
        minutes::insert_agenda_item(conn, meeting_id, &input, None, key)?;
        key += 1.0;
    }
    if let Some(notes) = &t.notes {
        let m = meetings::get(conn, meeting_id)?;
        if m.notes.is_none() {
            meetings::set_notes(conn, meeting_id, Some(notes))?;
        }
    }
    Ok(())
}

/// Copies the unfinished agenda items of `previous` to the end of `meeting_id`'s agenda, each remembering the item
/// it continues. Open action items need no copy: a meeting shows those of every meeting it follows.
pub fn carry_forward(conn: &Connection, previous: &str, meeting_id: &str) -> Result<()> {
    let mut key = minutes::next_agenda_key(conn, meeting_id)?;
    for item in minutes::agenda(conn, previous)?
        .into_iter()
        .filter(|i| !i.done)
    {
        let input = AgendaItemInput {
            title: item.title,
            owner_contact_id: item.owner_contact_id,
            planned_minutes: item.planned_minutes,
            done: false,
        };
        minutes::insert_agenda_item(conn, meeting_id, &input, Some(&item.id), key)?;
        key += 1.0;
    }
    Ok(())
}

/// The brief for a meeting as of `today` (YYYY-MM-DD in the user's zone), which decides what is overdue. For an
/// occurrence of a series the previous meeting is the occurrence before it.
pub fn brief(conn: &Connection, id: &str, today: &str) -> Result<Brief> {
    let m = super::meetings::get_meeting(conn, id)?;
    let contact_ids: Vec<String> = m.attendees.iter().map(|a| a.contact_id.clone()).collect();
    let items = tasks::open_action_items_of(conn, &contact_ids)?;
    let attendees = m
        .attendees
        .iter()
        .map(|a| BriefAttendee {
            contact_id: a.contact_id.clone(),
            name: a.name.clone(),
            deleted: a.deleted,
            open_items: items
                .iter()
                .filter(|(cid, _)| *cid == a.contact_id)
                .map(|(_, t)| t.clone())
                .collect(),
        })
        .collect();
    let overdue = match &m.project_id {
        Some(p) => tasks::overdue_in_project(conn, p, today)?,
        None => Vec::new(),
    };
    let org_ids: Vec<String> = m
        .organizations
        .iter()
        .map(|o| o.organization_id.clone())
        .collect();
    let last = meetings::last_with_organizations(conn, &org_ids, &m.starts_at, &m.id)?;
    let organizations = m
        .organizations
        .iter()
        .map(|o| {
            let hit = last.iter().find(|(oid, _, _)| *oid == o.organization_id);
            BriefOrganization {
                organization_id: o.organization_id.clone(),
                name: o.name.clone(),
                deleted: o.deleted,
                last_interaction: hit.map(|h| h.1.clone()),
                last_meeting_title: hit.map(|h| h.2.clone()),
            }
        })
        .collect();
    let previous = match &m.previous_meeting_id {
        Some(pid) => {
            let p = meetings::get(conn, pid)?;
            Some(BriefPrevious {
                meeting_id: p.id.clone(),
                title: p.title,
                starts_at: p.starts_at,
                decisions: minutes::decisions(conn, pid)?,
            })
        }
        None => None,
    };
    Ok(Brief {
        meeting_id: m.id,
        attendees,
        overdue,
        organizations,
        previous,
    })
}

fn item(title: &str, minutes: i32) -> TemplateAgendaItem {
    TemplateAgendaItem {
        title: title.to_string(),
        planned_minutes: Some(minutes),
    }
}

/// The templates that come with the app, written in `lang`.
pub fn builtin_templates(lang: Lang) -> Vec<MeetingTemplate> {
    let t = |key: &str, name: &str, duration: i32, agenda: Vec<TemplateAgendaItem>, notes: &str| {
        MeetingTemplate {
            id: format!("builtin:{key}:{}", lang.tag()),
            builtin: true,
            name: name.to_string(),
            title: name.to_string(),
            duration_minutes: duration,
            agenda,
            notes: Some(notes.to_string()),
        }
    };
    match lang {
        Lang::ZhCn => vec![
            t(
                "weekly-sync",
                "跨部门周例会",
                60,
                vec![
                    item("上周行动项回顾", 10),
                    item("各部门进展", 20),
                    item("资源与排期协调", 15),
                    item("风险与问题", 10),
                    item("下周重点", 5),
                ],
                "## 要点\n\n- \n\n## 需要协调的事项\n\n- \n",
            ),
            t(
                "supplier-review",
                "供应商评审会",
                90,
                vec![
                    item("交付与质量表现", 20),
                    item("价格与成本", 20),
                    item("问题与整改", 20),
                    item("下一阶段计划", 20),
                    item("总结与确认", 10),
                ],
                "## 评审结论\n\n- 交付：\n- 质量：\n- 成本：\n",
            ),
            t(
                "project-kickoff",
                "项目启动会",
                90,
                vec![
                    item("项目目标与范围", 15),
                    item("角色与职责", 15),
                    item("里程碑与排期", 20),
                    item("预算与资源", 15),
                    item("风险与沟通机制", 15),
                    item("下一步", 10),
                ],
                "## 目标\n\n## 范围\n\n## 沟通机制\n\n- 例会：\n- 升级路径：\n",
            ),
        ],
        Lang::En => vec![
            t(
                "weekly-sync",
                "Weekly cross-department sync",
                60,
                vec![
                    item("Review last week's action items", 10),
                    item("Department updates", 20),
                    item("Resourcing and scheduling", 15),
                    item("Risks and issues", 10),
                    item("Focus for next week", 5),
                ],
                "## Highlights\n\n- \n\n## Needs coordination\n\n- \n",
            ),
            t(
                "supplier-review",
                "Supplier review",
                90,
                vec![
                    item("Delivery and quality", 20),
                    item("Price and cost", 20),
                    item("Issues and corrective actions", 20),
                    item("Plan for the next period", 20),
                    item("Summary and sign-off", 10),
                ],
                "## Assessment\n\n- Delivery:\n- Quality:\n- Cost:\n",
            ),
            t(
                "project-kickoff",
                "Project kickoff",
                90,
                vec![
                    item("Goals and scope", 15),
                    item("Roles and responsibilities", 15),
                    item("Milestones and schedule", 20),
                    item("Budget and resources", 15),
                    item("Risks and communication", 15),
                    item("Next steps", 10),
                ],
                "## Goals\n\n## Scope\n\n## Communication\n\n- Regular meeting:\n- Escalation path:\n",
            ),
        ],
    }
}
