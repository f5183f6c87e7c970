//! The supplier scorecard: incidents and deliveries, and the 0–100 score computed from them.
//!
//! **The formula** (shown to the user as is): score = on-time rate of the last N deliveries × 100 − incident
//! points of the last 90 days (minor 5, major 10, critical 20), kept within 0–100. A delivery is on time when it
//! came on or before its promised date; one still outstanding after its promised date counts as late; one not yet
//! due is not counted. With no counted delivery the delivery part is 100. A quarter's score applies the same
//! formula to the deliveries promised and the incidents that happened in that quarter.

use super::{Check, MAX_TEXT};
use crate::error::{Result, Rule};
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

/// How many of the latest deliveries the on-time rate counts.
pub const LAST_DELIVERIES: usize = 10;
/// How far back incidents cost points.
pub const INCIDENT_DAYS: i64 = 90;
/// How many quarters the trend shows, the current one last.
pub const TREND_QUARTERS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    LateDelivery,
    Quality,
    Communication,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 3] = [
        IncidentKind::LateDelivery,
        IncidentKind::Quality,
        IncidentKind::Communication,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IncidentKind::LateDelivery => "late_delivery",
            IncidentKind::Quality => "quality",
            IncidentKind::Communication => "communication",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Points an incident of `severity` (1 minor, 2 major, 3 critical) costs.
pub fn incident_points(severity: i32) -> i32 {
    match severity {
        1 => 5,
        2 => 10,
        _ => 20,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Incident {
    pub id: String,
    pub organization_id: String,
    pub kind: IncidentKind,
    /// 1 minor, 2 major, 3 critical.
    pub severity: i32,
    pub occurred_on: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct IncidentInput {
    pub organization_id: String,
    pub kind: IncidentKind,
    pub severity: i32,
    pub occurred_on: String,
    pub note: Option<String>,
}

impl IncidentInput {
    pub fn validate(self) -> Result<IncidentInput> {
        let mut c = Check::default();
        let organization_id = c.id(Some(self.organization_id)).unwrap_or_default();
        if organization_id.is_empty() {
            c.fail("organization_id", Rule::Required);
        }
        if !(1..=3).contains(&self.severity) {
            c.fail("severity", Rule::OutOfRange);
        }
        let occurred_on = required_date(&mut c, "occurred_on", self.occurred_on);
        let out = IncidentInput {
            organization_id,
            kind: self.kind,
            severity: self.severity,
            occurred_on,
            note: c.text("note", self.note, MAX_TEXT),
        };
        c.finish()?;
        Ok(out)
    }
}

fn required_date(c: &mut Check, field: &str, value: String) -> String {
    if value.trim().is_empty() {
        c.fail(field, Rule::Required);
        return String::new();
    }
    c.date(field, Some(value)).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Delivery {
    pub id: String,
    pub organization_id: String,
    pub title: String,
    pub promised_on: String,
    pub delivered_on: Option<String>,
    /// Came after its promised date, or is still outstanding after it.
    pub late: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct DeliveryInput {
    pub organization_id: String,
    pub title: String,
    pub promised_on: String,
    pub delivered_on: Option<String>,
}

impl DeliveryInput {
    pub fn validate(self) -> Result<DeliveryInput> {
        let mut c = Check::default();
        let organization_id = c.id(Some(self.organization_id)).unwrap_or_default();
        if organization_id.is_empty() {
            c.fail("organization_id", Rule::Required);
        }
        let out = DeliveryInput {
            organization_id,
            title: c.name("title", &self.title),
            promised_on: required_date(&mut c, "promised_on", self.promised_on),
            delivered_on: c.date("delivered_on", self.delivered_on),
        };
        c.finish()?;
        Ok(out)
    }
}

/// A delivery as the formula sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryFact {
    pub promised_on: NaiveDate,
    pub delivered_on: Option<NaiveDate>,
}

impl DeliveryFact {
    /// Some(on time) when it counts by `today`; None for one outstanding and not yet due.
    pub fn on_time(&self, today: NaiveDate) -> Option<bool> {
        match self.delivered_on {
            Some(d) => Some(d <= self.promised_on),
            None if self.promised_on < today => Some(false),
            None => None,
        }
    }
}

/// An incident as the formula sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentFact {
    pub kind: IncidentKind,
    pub severity: i32,
    pub occurred_on: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IncidentCounts {
    pub late_delivery: i32,
    pub quality: i32,
    pub communication: i32,
}

/// The parts of a score, so the UI can show the formula with the numbers in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ScoreParts {
    /// Deliveries counted and those on time among them.
    pub counted: i32,
    pub on_time: i32,
    /// Whole percent; None when no delivery counted (the delivery part is then 100).
    pub on_time_rate: Option<i32>,
    pub incidents: IncidentCounts,
    pub penalty: i32,
    pub score: i32,
}

/// The formula over the given deliveries (all counted that count by `today`) and incidents (all cost points).
pub fn score_of(
    deliveries: &[DeliveryFact],
    incidents: &[IncidentFact],
    today: NaiveDate,
) -> ScoreParts {
    let verdicts: Vec<bool> = deliveries.iter().filter_map(|d| d.on_time(today)).collect();
    let counted = i32::try_from(verdicts.len()).unwrap_or(i32::MAX);
    let on_time = i32::try_from(verdicts.iter().filter(|v| **v).count()).unwrap_or(i32::MAX);
    // Whole percent, rounded half up, in integers.
    let on_time_rate = (counted > 0).then(|| (on_time * 200 + counted) / (2 * counted));
    let mut counts = IncidentCounts::default();
    let mut penalty = 0;
    for i in incidents {
        penalty += incident_points(i.severity);
        match i.kind {
            IncidentKind::LateDelivery => counts.late_delivery += 1,
            IncidentKind::Quality => counts.quality += 1,
            IncidentKind::Communication => counts.communication += 1,
        }
    }
    ScoreParts {
        counted,
        on_time,
        on_time_rate,
        incidents: counts,
        penalty,
        score: (on_time_rate.unwrap_or(100) - penalty).clamp(0, 100),
    }
}

/// Today's score: the last `LAST_DELIVERIES` counted deliveries (latest promised first) and the incidents of the
/// last `INCIDENT_DAYS` days (today included).
pub fn current_score(
    deliveries: &[DeliveryFact],
    incidents: &[IncidentFact],
    today: NaiveDate,
) -> ScoreParts {
    let mut counted: Vec<DeliveryFact> = deliveries
        .iter()
        .filter(|d| d.on_time(today).is_some())
        .copied()
        .collect();
    counted.sort_by_key(|d| std::cmp::Reverse(d.promised_on));
    counted.truncate(LAST_DELIVERIES);
    let since = today - Duration::days(INCIDENT_DAYS - 1);
    let recent: Vec<IncidentFact> = incidents
        .iter()
        .filter(|i| i.occurred_on >= since && i.occurred_on <= today)
        .copied()
        .collect();
    score_of(&counted, &recent, today)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct QuarterScore {
    /// "2026-Q3".
    pub quarter: String,
    pub parts: ScoreParts,
}

/// The first day of `day`'s quarter.
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The last `TREND_QUARTERS` quarters up to today's, oldest first.
pub fn quarter_trend(
    deliveries: &[DeliveryFact],
    incidents: &[IncidentFact],
    today: NaiveDate,
) -> Vec<QuarterScore> {
    let mut starts = vec![quarter_start(today)];
    while starts.len() < TREND_QUARTERS {
        let Some(prev) = starts.last().and_then(|s| s.pred_opt()) else {
            break;
        };
        starts.push(quarter_start(prev));
    }
    starts.reverse();
    starts
        .iter()
        .map(|&start| {
            let end = (start + Duration::days(100)).with_day(1).map(quarter_start);
            let inside = |d: NaiveDate| d >= start && end.is_none_or(|e| d < e);
            let ds: Vec<DeliveryFact> = deliveries
                .iter()
                .filter(|d| inside(d.promised_on))
                .copied()
                .collect();
            let is: Vec<IncidentFact> = incidents
                .iter()
                .filter(|i| inside(i.occurred_on) && i.occurred_on <= today)
                .copied()
                .collect();
            QuarterScore {
                quarter: format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
                parts: score_of(&ds, &is, today),
            }
        })
        .collect()
}

/// The score fell from the previous quarter to this one.
pub fn dropped(trend: &[QuarterScore]) -> bool {
    match trend {
        [.., prev, this] => this.parts.score < prev.parts.score,
        _ => false,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Scorecard {
    pub organization_id: String,
    pub organization_name: String,
    pub current: ScoreParts,
    /// Oldest first, the current quarter last.
    pub trend: Vec<QuarterScore>,
    pub dropped: bool,
    /// Newest first.
    pub incidents: Vec<Incident>,
    /// Latest promised first.
    pub deliveries: Vec<Delivery>,
}

/// A supplier's score for the suppliers list.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SupplierScore {
    pub organization_id: String,
    pub organization_name: String,
    pub tier: Option<String>,
    pub score: i32,
    pub on_time_rate: Option<i32>,
    pub incident_count: i32,
    /// The previous quarter's score, for the arrow; None when there are fewer than two quarters.
    pub previous_quarter: Option<i32>,
    pub this_quarter: Option<i32>,
    pub dropped: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_start_on_their_first_day() {
        assert_eq!(quarter_start(d("2026-11-29")), d("2026-10-01"));
        assert_eq!(quarter_start(d("2026-01-01")), d("2026-01-01"));
        assert_eq!(quarter_start(d("2026-06-30")), d("2026-04-01"));
    }

    #[test]
    fn a_delivery_counts_once_it_came_or_is_overdue() {
        let today = d("2026-03-10");
        let fact = |p: &str, a: Option<&str>| DeliveryFact {
            promised_on: d(p),
            delivered_on: a.map(d),
        };
        assert_eq!(
            fact("2026-03-01", Some("2026-03-01")).on_time(today),
            Some(true)
        );
        assert_eq!(
            fact("2026-03-01", Some("2026-03-02")).on_time(today),
            Some(false)
        );
        assert_eq!(fact("2026-03-09", None).on_time(today), Some(false));
        assert_eq!(fact("2026-03-10", None).on_time(today), None);
    }
}
