//! The relationship with an organization or a person: the interactions logged with them, the stay-in-touch cadence
//! and its status, and the timeline that mixes interactions with meetings and decisions.

use super::{utc_string, Check, MAX_NAME, MAX_TEXT};
use crate::error::{Result, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Call,
    Email,
    Visit,
    Meeting,
    Message,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 5] = [
        InteractionKind::Call,
        InteractionKind::Email,
        InteractionKind::Visit,
        InteractionKind::Meeting,
        InteractionKind::Message,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Email => "email",
            InteractionKind::Visit => "visit",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Message => "message",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A record an interaction names, with its name; `deleted` when that record is deleted since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Interaction {
    pub id: String,
    pub kind: InteractionKind,
    /// UTC RFC 3339.
    pub occurred_at: String,
    /// Markdown.
    pub summary: Option<String>,
    pub follow_up_date: Option<String>,
    pub follow_up_task_id: Option<String>,
    /// The held meeting it was logged for.
    pub meeting_id: Option<String>,
    pub organizations: Vec<NamedRef>,
    /// The people on both sides (ours are contacts of our departments).
    pub contacts: Vec<NamedRef>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct InteractionInput {
    pub kind: InteractionKind,
    /// Any RFC 3339 instant; stored as UTC.
    pub occurred_at: String,
    pub summary: Option<String>,
    /// YYYY-MM-DD; when set, a task due that day is created (once).
    pub follow_up_date: Option<String>,
    /// The follow-up task's title (the UI words it in its language); default: the summary's first line.
    pub follow_up_title: Option<String>,
    pub organization_ids: Vec<String>,
    pub contact_ids: Vec<String>,
}

impl InteractionInput {
    pub fn validate(self) -> Result<InteractionInput> {
        let mut c = Check::default();
        let occurred_at = if self.occurred_at.trim().is_empty() {
            c.fail("occurred_at", Rule::Required);
            None
        } else {
            c.instant("occurred_at", Some(self.occurred_at))
        };
        let mut ids = |v: Vec<String>| {
            let mut out: Vec<String> = Vec::new();
            for id in v.into_iter().filter_map(|s| c.id(Some(s))) {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            out
        };
        let organization_ids = ids(self.organization_ids);
        let contact_ids = ids(self.contact_ids);
        if organization_ids.is_empty() && contact_ids.is_empty() {
            c.fail("organization_ids", Rule::Required);
        }
        let out = InteractionInput {
            kind: self.kind,
            occurred_at: occurred_at.map(utc_string).unwrap_or_default(),
            summary: c.text("summary", self.summary, MAX_TEXT),
            follow_up_date: c.date("follow_up_date", self.follow_up_date),
            follow_up_title: c.text("follow_up_title", self.follow_up_title, MAX_NAME),
            organization_ids,
            contact_ids,
        };
        c.finish()?;
        Ok(out)
    }

    /// The follow-up task's title: the one given, else the summary's first line, else None (the service words it).
    pub fn follow_up_task_title(&self) -> Option<String> {
        self.follow_up_title.clone().or_else(|| {
            self.summary
                .as_deref()
                .and_then(|s| s.lines().map(str::trim).find(|l| !l.is_empty()))
                .map(|l| {
                    l.trim_start_matches('#')
                        .trim()
                        .chars()
                        .take(MAX_NAME)
                        .collect()
                })
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CadenceStatus {
    Green,
    Amber,
    Red,
}

/// Where a cadence stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CadenceState {
    pub status: CadenceStatus,
    /// The day contact is due: the last interaction (or the day the cadence was set) plus its days, moved later by a
    /// snooze.
    pub due: NaiveDate,
    /// Days from `today` to `due`: negative when overdue.
    pub days_left: i64,
}

/// The rule: due `every_days` after the last interaction (else after the cadence was set), or on the snooze date
/// when that is later; red once the due day has passed, amber from the last 20 % of the interval (counted in
/// whole days, at least the due day itself), green before.
pub fn cadence_state(
    every_days: i32,
    last: Option<NaiveDate>,
    set_on: NaiveDate,
    snoozed_until: Option<NaiveDate>,
    today: NaiveDate,
) -> CadenceState {
    let from = last.unwrap_or(set_on);
    let due = from + chrono::Duration::days(i64::from(every_days.max(1)));
    let due = snoozed_until.map_or(due, |s| s.max(due));
    let days_left = (due - today).num_days();
    let amber_days = (f64::from(every_days.max(1)) * 0.2).floor() as i64;
    let status = if days_left < 0 {
        CadenceStatus::Red
    } else if days_left <= amber_days {
        CadenceStatus::Amber
    } else {
        CadenceStatus::Green
    };
    CadenceState {
        status,
        due,
        days_left,
    }
}

/// A cadence with its status today, for an organization or a contact.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Cadence {
    pub id: String,
    pub organization_id: Option<String>,
    pub contact_id: Option<String>,
    /// The organization's or contact's name.
    pub name: String,
    pub every_days: i32,
    pub snoozed_until: Option<String>,
    /// The local day of the last interaction, if any.
    pub last_interaction: Option<String>,
    pub due: String,
    pub days_left: i32,
    pub status: CadenceStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct CadenceInput {
    pub organization_id: Option<String>,
    pub contact_id: Option<String>,
    /// None removes the cadence.
    pub every_days: Option<i32>,
}

impl CadenceInput {
    pub fn validate(self) -> Result<CadenceInput> {
        let mut c = Check::default();
        let organization_id = c.id(self.organization_id);
        let contact_id = c.id(self.contact_id);
        if organization_id.is_some() == contact_id.is_some() {
            c.fail("organization_id", Rule::Exclusive);
        }
        if let Some(d) = self.every_days {
            if !(1..=3650).contains(&d) {
                c.fail("every_days", Rule::OutOfRange);
            }
        }
        c.finish()?;
        Ok(CadenceInput {
            organization_id,
            contact_id,
            every_days: self.every_days,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    Interaction,
    Meeting,
    Decision,
    Commitment,
}

/// One entry of an organization's or contact's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TimelineItem {
    pub kind: TimelineKind,
    pub id: String,
    /// UTC RFC 3339: when it happened (a decision: its meeting's start).
    pub at: String,
    /// The meeting's title, the decision's text, the interaction's summary's first line.
    pub title: String,
    pub interaction_kind: Option<InteractionKind>,
    /// The interaction's whole summary (Markdown).
    pub summary: Option<String>,
    /// The meeting to open (a meeting's own id, a decision's or an interaction's meeting).
    pub meeting_id: Option<String>,
    /// Where the next page starts: pass it as the query's `before` to get the entries after this one.
    pub cursor: String,
}

impl TimelineKind {
    /// The order of entries with the same time: a held meeting's interaction, the meeting, its decisions, then
    /// commitments.
    pub fn rank(self) -> i32 {
        self as i32
    }
}

/// A position in a timeline, ordered newest first: entries at the same instant by `TimelineKind::rank`, then by id
/// (descending). A page continues strictly after its last entry, so entries that share an instant (a meeting, its
/// interaction and its decisions) are never skipped between pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineCursor {
    pub at: String,
    pub rank: i32,
    pub id: String,
}

impl TimelineCursor {
    /// After the newest entry of every rank at `at`: a bare instant means "before this instant".
    const AFTER_ALL: i32 = i32::MAX;

    pub fn of(item: &TimelineItem) -> String {
        format!("{}|{}|{}", item.at, item.kind.rank(), item.id)
    }

    /// Reads a cursor written by `of`, or a bare RFC 3339 instant; None if it is neither.
    pub fn parse(s: &str) -> Option<TimelineCursor> {
        let mut parts = s.splitn(3, '|');
        let at = parts.next()?.to_string();
        chrono::DateTime::parse_from_rfc3339(&at).ok()?;
        match (parts.next(), parts.next()) {
            (None, None) => Some(TimelineCursor {
                at,
                rank: Self::AFTER_ALL,
                id: String::new(),
            }),
            (Some(rank), Some(id)) if !id.is_empty() => Some(TimelineCursor {
                at,
                rank: rank.parse().ok().filter(|r| (0..=3).contains(r))?,
                id: id.to_string(),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeline_cursor_reads_back_and_refuses_garbage() {
        let item = TimelineItem {
            kind: TimelineKind::Decision,
            id: "d1".into(),
            at: "2026-11-25T01:00:00Z".into(),
            title: String::new(),
            interaction_kind: None,
            summary: None,
            meeting_id: None,
            cursor: String::new(),
        };
        let c = TimelineCursor::parse(&TimelineCursor::of(&item)).unwrap();
        assert_eq!(
            (c.at.as_str(), c.rank, c.id.as_str()),
            ("2026-11-25T01:00:00Z", 2, "d1")
        );
        assert_eq!(
            TimelineCursor::parse("2026-11-25T01:00:00Z").map(|c| c.rank),
            Some(i32::MAX)
        );
        for bad in [
            "",
            "yesterday",
            "2026-11-25T01:00:00Z|9|x",
            "2026-11-25T01:00:00Z|1|",
            "2026-11-25T01:00:00Z|a|x",
            "2026-11-25T01:00:00Z|1",
        ] {
            assert_eq!(TimelineCursor::parse(bad), None, "{bad}");
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_cadence_is_green_then_amber_in_its_last_fifth_then_red() {
        let set = d("2026-11-01");
        let last = Some(d("2026-11-10"));
        // Every 14 days from the 10th: due the 24th; 20 % of 14 is 2.8, so amber from the 22nd.
        let at = |today| cadence_state(14, last, set, None, d(today));
        assert_eq!(at("2026-11-21").status, CadenceStatus::Green);
        assert_eq!(at("2026-11-22").status, CadenceStatus::Amber);
        assert_eq!(at("2026-11-24").status, CadenceStatus::Amber);
        assert_eq!(at("2026-11-24").days_left, 0);
        assert_eq!(at("2026-11-25").status, CadenceStatus::Red);
        assert_eq!(at("2026-11-30").days_left, -6);
        assert_eq!(at("2026-11-30").due, d("2026-11-24"));
    }

    #[test]
    fn without_an_interaction_the_cadence_counts_from_the_day_it_was_set() {
        let s = cadence_state(7, None, d("2026-11-01"), None, d("2026-11-09"));
        assert_eq!((s.due, s.status), (d("2026-11-08"), CadenceStatus::Red));
        // A one-day cadence is amber only on its due day.
        let s = cadence_state(
            1,
            Some(d("2026-11-08")),
            d("2026-11-01"),
            None,
            d("2026-11-09"),
        );
        assert_eq!((s.days_left, s.status), (0, CadenceStatus::Amber));
    }

    #[test]
    fn a_snooze_moves_the_due_day_later_but_never_earlier() {
        let set = d("2026-10-01");
        let last = Some(d("2026-11-01"));
        let red = cadence_state(14, last, set, None, d("2026-11-20"));
        assert_eq!(red.status, CadenceStatus::Red);
        let snoozed = cadence_state(14, last, set, Some(d("2026-12-10")), d("2026-11-20"));
        assert_eq!(
            (snoozed.due, snoozed.status),
            (d("2026-12-10"), CadenceStatus::Green)
        );
        let early = cadence_state(14, last, set, Some(d("2026-11-03")), d("2026-11-20"));
        assert_eq!(
            early.due,
            d("2026-11-15"),
            "a snooze before the due day changes nothing"
        );
    }

    #[test]
    fn an_interaction_needs_a_time_and_someone() {
        let input = InteractionInput {
            kind: InteractionKind::Call,
            occurred_at: "2026-11-30T08:00:00+08:00".into(),
            summary: Some("## 交期确认\n下周再通".into()),
            follow_up_date: Some("2026-12-07".into()),
            follow_up_title: None,
            organization_ids: vec!["o1".into(), "o1".into()],
            contact_ids: vec![],
        };
        let v = input.clone().validate().unwrap();
        assert_eq!(v.occurred_at, "2026-11-30T00:00:00Z");
        assert_eq!(v.organization_ids, vec!["o1"]);
        assert_eq!(v.follow_up_task_title().as_deref(), Some("交期确认"));
        let bad = InteractionInput {
            occurred_at: "yesterday".into(),
            organization_ids: vec![],
            follow_up_date: Some("2026-02-30".into()),
            ..input
        };
        match bad.validate() {
            Err(crate::error::AppError::Validation { fields }) => {
                let got: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.rule)).collect();
                assert_eq!(
                    got,
                    vec![
                        ("occurred_at", Rule::InvalidDate),
                        ("organization_ids", Rule::Required),
                        ("follow_up_date", Rule::InvalidDate)
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
