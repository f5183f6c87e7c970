//! Builds a [`Summary`] from a meeting: localized dates, statuses and attendance, file names, and the filtering
//! that makes a follow-up pack for one department or organization.

use super::summary::{
    Labels, Lang, Summary, SummaryAction, SummaryAgendaItem, SummaryAttendee, SummaryDecision,
};
use crate::domain::{parse_utc, Attendance, Meeting, Task, TaskStatus};
use chrono::Datelike;
use chrono_tz::Tz;
use std::collections::HashMap;

/// Who a follow-up pack is for: a department or organization.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct FollowUpParty {
    pub id: String,
    pub name: String,
}

fn status_label(l: &Labels, s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Todo => l.todo,
        TaskStatus::InProgress => l.in_progress,
        TaskStatus::Blocked => l.blocked,
        TaskStatus::Done => l.done,
        TaskStatus::Cancelled => l.cancelled,
    }
}

fn attendance_label(l: &Labels, a: Attendance) -> &'static str {
    match a {
        Attendance::Invited => l.invited,
        Attendance::Present => l.present,
        Attendance::Absent => l.absent,
        Attendance::Excused => l.excused,
    }
}

const ZH_WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// The meeting's time in its own zone: "2026年11月24日（周二）10:00–11:00（Asia/Shanghai）" or
/// "Tue 24 Nov 2026, 10:00–11:00 (Asia/Shanghai)". A meeting over midnight shows both dates.
pub fn when(lang: Lang, starts_at: &str, ends_at: &str, zone: &str) -> String {
    let tz: Tz = zone.parse().unwrap_or(Tz::UTC);
    let (Some(s), Some(e)) = (parse_utc(starts_at), parse_utc(ends_at)) else {
        return format!("{starts_at} – {ends_at}");
    };
    let (s, e) = (s.with_timezone(&tz), e.with_timezone(&tz));
    let same_day = s.date_naive() == e.date_naive();
    match lang {
        Lang::ZhCn => {
            let day = |d: &chrono::DateTime<Tz>| {
                format!(
                    "{}年{}月{}日（{}）",
                    d.year(),
                    d.month(),
                    d.day(),
                    ZH_WEEKDAYS[d.weekday().num_days_from_monday() as usize]
                )
            };
            let end = if same_day {
                e.format("%H:%M").to_string()
            } else {
                format!("{} {}", day(&e), e.format("%H:%M"))
            };
            format!("{}{}–{end}（{zone}）", day(&s), s.format("%H:%M"))
        }
        Lang::En => {
            let end = if same_day {
                e.format("%H:%M").to_string()
            } else {
                e.format("%a %-d %b %Y, %H:%M").to_string()
            };
            format!("{}–{end} ({zone})", s.format("%a %-d %b %Y, %H:%M"))
        }
    }
}

/// The local date (YYYY-MM-DD) of a stored UTC time in `zone`; empty when the time cannot be read.
pub fn local_date(utc: &str, zone: &str) -> String {
    let tz: Tz = zone.parse().unwrap_or(Tz::UTC);
    parse_utc(utc)
        .map(|d| d.with_timezone(&tz).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// "2026-11-24 供应商季度评审": the date and title without characters that file systems refuse, at most 80
/// characters.
pub fn file_stem(starts_at: &str, zone: &str, title: &str) -> String {
    let date = local_date(starts_at, zone);
    let clean: String = title
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let stem = format!("{date} {clean}");
    let stem: String = stem.trim().trim_matches('.').chars().take(80).collect();
    if stem.is_empty() {
        "meeting".into()
    } else {
        stem.trim().to_string()
    }
}

/// Whether a task is for the party: assigned to it as a department, or to one of its people.
fn for_party(t: &Task, p: &FollowUpParty, contact_orgs: &HashMap<String, String>) -> bool {
    t.assignee_department_id.as_deref() == Some(p.id.as_str())
        || t.assignee_contact_id
            .as_ref()
            .and_then(|c| contact_orgs.get(c))
            .is_some_and(|o| *o == p.id)
}

fn action(l: &Labels, t: &Task) -> SummaryAction {
    let owner = match (&t.assignee_contact_name, &t.assignee_department_name) {
        (Some(c), Some(d)) => Some(format!("{c} ({d})")),
        (Some(c), None) => Some(c.clone()),
        (None, Some(d)) => Some(d.clone()),
        (None, None) => None,
    };
    SummaryAction {
        title: t.title.clone(),
        owner,
        due: t.due_date.clone(),
        status: status_label(l, t.status).to_string(),
        done: t.status == TaskStatus::Done,
    }
}

impl Summary {
    /// The summary of a meeting (as `meetingGet` returns it). With a party, it is that party's follow-up pack: only
    /// its action items and the decisions that concern it or everyone, without agenda and notes. `contact_orgs`
    /// maps assignees to their organization. `file_zone` is the user's zone: the file name carries the day the user
    /// sees the meeting on, while the text shows the meeting's own time and zone.
    pub fn of(
        m: &Meeting,
        lang: Lang,
        party: Option<&FollowUpParty>,
        contact_orgs: &HashMap<String, String>,
        file_zone: &str,
    ) -> Summary {
        let l = lang.labels();
        let keep = |t: &&Task| party.is_none_or(|p| for_party(t, p, contact_orgs));
        let stem = file_stem(&m.starts_at, file_zone, &m.title);
        Summary {
            lang,
            title: m.title.clone(),
            when: when(lang, &m.starts_at, &m.ends_at, &m.time_zone),
            location: m.location.clone(),
            project: m.project_name.clone(),
            organizer: m.organizer_name.clone(),
            organizations: m.organizations.iter().map(|o| o.name.clone()).collect(),
            attendees: m
                .attendees
                .iter()
                .map(|a| SummaryAttendee {
                    name: a.name.clone(),
                    organization: a.organization_name.clone(),
                    attendance: attendance_label(l, a.attendance).to_string(),
                })
                .collect(),
            agenda: if party.is_some() {
                Vec::new()
            } else {
                m.agenda
                    .iter()
                    .map(|a| SummaryAgendaItem {
                        title: a.title.clone(),
                        owner: a.owner_name.clone(),
                        duration: a.planned_minutes.map(|n| format!("{n} {}", l.minutes_unit)),
                        done: a.done,
                    })
                    .collect()
            },
            notes: if party.is_some() {
                None
            } else {
                m.notes.clone()
            },
            decisions: m
                .decisions
                .iter()
                .filter(|d| {
                    party.is_none_or(|p| d.organization_id.as_deref().is_none_or(|o| o == p.id))
                })
                .map(|d| SummaryDecision {
                    text: d.text.clone(),
                    concerns: d.organization_name.clone(),
                })
                .collect(),
            actions: m
                .action_items
                .iter()
                .filter(keep)
                .map(|t| action(l, t))
                .collect(),
            carried: m
                .carried_items
                .iter()
                .filter(keep)
                .map(|t| action(l, t))
                .collect(),
            scope: party.map(|p| p.name.clone()),
            file_stem: match party {
                Some(p) => file_stem(&m.starts_at, file_zone, &format!("{} {}", m.title, p.name)),
                None => stem,
            },
        }
    }
}
