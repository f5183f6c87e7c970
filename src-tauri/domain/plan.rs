//! Project planning rules, with no IO: milestones, finish-to-start dependencies (cycle refusal and schedule
//! warnings), risk scores and the "high across two reviews" flag, budget arithmetic in integer minor units, and
//! the project's health (RAG) with its reasons and manual override.

use super::{Check, MAX_NAME, MAX_TEXT};
use crate::error::{AppError, Result, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use specta::Type;
use std::collections::{BTreeMap, HashMap, HashSet};

// ---------------------------------------------------------------------------------------------------------------
// Money

/// An amount in integer minor units (fen, cents). It crosses the IPC boundary as a decimal string of minor units
/// ("1234500" is 12,345.00), because TypeScript numbers are floats and money is never a float anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Type)]
#[specta(type = String)]
pub struct Minor(pub i64);

impl Serialize for Minor {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Minor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.trim()
            .parse::<i64>()
            .map(Minor)
            .map_err(|_| serde::de::Error::custom("an amount is a whole number of minor units"))
    }
}

/// The largest amount one line may hold: 10^15 minor units (10 trillion yuan), so that sums of many lines stay far
/// inside i64 and every checked sum below can only fail on absurd data.
pub const MAX_LINE_MINOR: i64 = 1_000_000_000_000_000;

fn amount(c: &mut Check, field: &str, value: Minor) -> Minor {
    if value.0 < 0 {
        c.fail(field, Rule::Negative);
    } else if value.0 > MAX_LINE_MINOR {
        c.fail(field, Rule::OutOfRange);
    }
    value
}

fn currency(c: &mut Check, value: &str) -> String {
    let cur = value.trim().to_uppercase();
    if cur.len() != 3 || !cur.chars().all(|ch| ch.is_ascii_uppercase()) {
        c.fail("currency", Rule::InvalidCurrency);
    }
    cur
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BudgetLine {
    pub id: String,
    pub project_id: String,
    pub category: String,
    pub description: Option<String>,
    pub planned: Minor,
    pub actual: Minor,
    pub currency: String,
    /// The day the actual amount was spent (for the burn chart).
    pub spent_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BudgetLineInput {
    pub category: String,
    pub description: Option<String>,
    pub planned: Minor,
    pub actual: Minor,
    pub currency: String,
    pub spent_on: Option<String>,
}

impl BudgetLineInput {
    pub fn validate(self) -> Result<BudgetLineInput> {
        let mut c = Check::default();
        let out = BudgetLineInput {
            category: c.name("category", &self.category),
            description: c.text("description", self.description, MAX_TEXT),
            planned: amount(&mut c, "planned", self.planned),
            actual: amount(&mut c, "actual", self.actual),
            currency: currency(&mut c, &self.currency),
            spent_on: c.date("spent_on", self.spent_on),
        };
        c.finish()?;
        Ok(out)
    }
}

/// Totals of one currency: planned, actual, and variance = actual − planned (positive is over budget).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BudgetTotal {
    pub currency: String,
    pub planned: Minor,
    pub actual: Minor,
    pub variance: Minor,
    /// Over budget by this many whole percent of the planned total, rounded up (0 when on or under budget; None
    /// when nothing was planned).
    pub over_percent: Option<i32>,
}

/// One point of the burn chart: the cumulative actual spend up to and including `date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BurnPoint {
    pub date: String,
    pub spent: Minor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BurnSeries {
    pub currency: String,
    pub planned: Minor,
    pub points: Vec<BurnPoint>,
}

fn overflow() -> AppError {
    AppError::field("amount", Rule::OutOfRange)
}

/// The variance of one line: actual − planned.
pub fn variance(planned: Minor, actual: Minor) -> Result<Minor> {
    actual
        .0
        .checked_sub(planned.0)
        .map(Minor)
        .ok_or_else(overflow)
}

/// Totals per currency, in currency order. Amounts in different currencies are never added together.
pub fn budget_totals<'a>(
    lines: impl IntoIterator<Item = (&'a str, Minor, Minor)>,
) -> Result<Vec<BudgetTotal>> {
    let mut sums: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for (cur, planned, actual) in lines {
        let e = sums.entry(cur).or_default();
        e.0 = e.0.checked_add(planned.0).ok_or_else(overflow)?;
        e.1 = e.1.checked_add(actual.0).ok_or_else(overflow)?;
    }
    sums.into_iter()
        .map(|(cur, (planned, actual))| {
            let variance = variance(Minor(planned), Minor(actual))?;
            let over_percent = (planned > 0).then(|| {
                if variance.0 <= 0 {
                    0
                } else {
                    // ceil(variance * 100 / planned) in i128: no overflow, no float.
                    let v = i128::from(variance.0) * 100;
                    let p = i128::from(planned);
                    i32::try_from((v + p - 1) / p).unwrap_or(i32::MAX)
                }
            });
            Ok(BudgetTotal {
                currency: cur.to_string(),
                planned: Minor(planned),
                actual: Minor(actual),
                variance,
                over_percent,
            })
        })
        .collect()
}

/// Cumulative actual spend per currency by day; lines without a spend date count from the first dated day (or
/// appear as one point dated `fallback`).
pub fn burn(lines: &[BudgetLine], fallback: &str) -> Result<Vec<BurnSeries>> {
    let mut by_cur: BTreeMap<&str, (i64, BTreeMap<&str, i64>)> = BTreeMap::new();
    for l in lines {
        let e = by_cur.entry(l.currency.as_str()).or_default();
        e.0 = e.0.checked_add(l.planned.0).ok_or_else(overflow)?;
        let day = l.spent_on.as_deref().unwrap_or(fallback);
        let d = e.1.entry(day).or_default();
        *d = d.checked_add(l.actual.0).ok_or_else(overflow)?;
    }
    by_cur
        .into_iter()
        .map(|(cur, (planned, days))| {
            let mut running = 0i64;
            let mut points = Vec::with_capacity(days.len());
            for (day, spent) in days {
                running = running.checked_add(spent).ok_or_else(overflow)?;
                points.push(BurnPoint {
                    date: day.to_string(),
                    spent: Minor(running),
                });
            }
            Ok(BurnSeries {
                currency: cur.to_string(),
                planned: Minor(planned),
                points,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Milestones

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Open,
    Done,
    Cancelled,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 3] = [Self::Open, Self::Done, Self::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Milestone {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub target_date: String,
    pub status: MilestoneStatus,
    pub done_on: Option<String>,
    pub task_count: i32,
    pub open_task_count: i32,
    /// The latest due date among its open tasks, when one is after the target (the milestone is at risk).
    pub latest_open_due: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct MilestoneInput {
    pub title: String,
    pub target_date: String,
    pub status: MilestoneStatus,
    /// Only for a done milestone; when missing, the service fills in today.
    pub done_on: Option<String>,
}

impl MilestoneInput {
    pub fn validate(self) -> Result<MilestoneInput> {
        let mut c = Check::default();
        let target = if self.target_date.trim().is_empty() {
            c.fail("target_date", Rule::Required);
            None
        } else {
            c.date("target_date", Some(self.target_date))
        };
        let done_on = match self.status {
            MilestoneStatus::Done => c.date("done_on", self.done_on),
            _ => None,
        };
        let out = MilestoneInput {
            title: c.name("title", &self.title),
            target_date: target.unwrap_or_default(),
            status: self.status,
            done_on,
        };
        c.finish()?;
        Ok(out)
    }
}

/// How a milestone stands on `today` for health and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneState {
    /// Done on or before its target.
    Hit,
    /// Done after its target.
    HitLate,
    /// Open and its target day has passed.
    Slipped,
    /// Open, target not passed, but an open linked task is due after the target.
    AtRisk,
    OnTrack,
    Cancelled,
}

pub fn milestone_state(m: &Milestone, today: &str) -> MilestoneState {
    match m.status {
        MilestoneStatus::Cancelled => MilestoneState::Cancelled,
        MilestoneStatus::Done => match &m.done_on {
            Some(d) if d.as_str() > m.target_date.as_str() => MilestoneState::HitLate,
            _ => MilestoneState::Hit,
        },
        MilestoneStatus::Open if m.target_date.as_str() < today => MilestoneState::Slipped,
        MilestoneStatus::Open
            if m.latest_open_due
                .as_deref()
                .is_some_and(|d| d > m.target_date.as_str()) =>
        {
            MilestoneState::AtRisk
        }
        MilestoneStatus::Open => MilestoneState::OnTrack,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Dependencies

/// A finish-to-start link: `successor` should start after `predecessor` ends.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Dependency {
    pub predecessor_id: String,
    pub predecessor_title: String,
    pub successor_id: String,
    pub successor_title: String,
    /// Whether either task is deleted; the link is kept and shown marked.
    pub deleted: bool,
    pub warning: Option<ScheduleWarning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleWarning {
    /// The successor's time block starts before the predecessor ends.
    ScheduledBeforePredecessorEnds,
    /// The successor is due before the predecessor ends.
    DueBeforePredecessorEnds,
}

/// The dates a dependency check needs, in the user's zone (YYYY-MM-DD): when a task starts and when it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskDates {
    pub scheduled_start: Option<String>,
    pub scheduled_end: Option<String>,
    pub due: Option<String>,
    pub finished: bool,
}

impl TaskDates {
    /// The predecessor's end: the later of its due date and the end of its time block.
    fn end(&self) -> Option<&str> {
        match (self.due.as_deref(), self.scheduled_end.as_deref()) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The warning for a successor planned before its predecessor ends; none once the predecessor is finished.
pub fn schedule_warning(pred: &TaskDates, succ: &TaskDates) -> Option<ScheduleWarning> {
    if pred.finished || succ.finished {
        return None;
    }
    let end = pred.end()?;
    if succ.scheduled_start.as_deref().is_some_and(|s| s < end) {
        return Some(ScheduleWarning::ScheduledBeforePredecessorEnds);
    }
    if succ.due.as_deref().is_some_and(|d| d < end) {
        return Some(ScheduleWarning::DueBeforePredecessorEnds);
    }
    None
}

/// Whether adding `pred → succ` to `edges` (predecessor, successor) closes a loop: true when `pred` is `succ` or
/// is already reachable from `succ`.
pub fn creates_cycle(edges: &[(String, String)], pred: &str, succ: &str) -> bool {
    if pred == succ {
        return true;
    }
    let mut next: HashMap<&str, Vec<&str>> = HashMap::new();
    for (p, s) in edges {
        next.entry(p.as_str()).or_default().push(s.as_str());
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack = vec![succ];
    while let Some(at) = stack.pop() {
        if at == pred {
            return true;
        }
        if seen.insert(at) {
            stack.extend(next.get(at).into_iter().flatten());
        }
    }
    false
}

/// Whether making `parent` the parent of `child` closes a loop, given each task's current parent.
pub fn parent_cycle(parents: &HashMap<String, String>, child: &str, parent: &str) -> bool {
    let mut at = parent;
    let mut steps = 0;
    loop {
        if at == child {
            return true;
        }
        match parents.get(at) {
            Some(p) if steps <= parents.len() => {
                at = p;
                steps += 1;
            }
            _ => return false,
        }
    }
}

/// A fractional sort key between the card dropped after (`prev`) and the one before (`next`): their midpoint, or
/// one step beyond the only neighbour, or 1 in an empty column.
pub fn key_between(prev: Option<f64>, next: Option<f64>) -> f64 {
    match (prev, next) {
        (Some(a), Some(b)) => a + (b - a) / 2.0,
        (Some(a), None) => a + 1.0,
        (None, Some(b)) => b - 1.0,
        (None, None) => 1.0,
    }
}

/// A board move (pointer drag or keyboard): the task's new column and its neighbours there.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BoardMove {
    pub task_id: String,
    pub status: super::TaskStatus,
    /// The card it now follows in that column (None: first).
    pub after_id: Option<String>,
    /// The card it now precedes (None: last).
    pub before_id: Option<String>,
}

/// A task's place in the plan: its parent and milestone, and (when given) the full list of its predecessors.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TaskPlanInput {
    pub parent_id: Option<String>,
    pub milestone_id: Option<String>,
    /// The tasks that must end before this one starts; None leaves its dependencies as they are.
    #[serde(default)]
    pub predecessor_ids: Option<Vec<String>>,
}

/// One change applied to several selected tasks; a field left None is kept as each task has it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct TaskBulkEdit {
    pub ids: Vec<String>,
    pub status: Option<super::TaskStatus>,
    pub assignee_contact_id: Option<String>,
    pub due_date: Option<String>,
    pub milestone_id: Option<String>,
}

impl TaskBulkEdit {
    /// At least one task and one change; the due date a real day. Blank ids count as not given.
    pub fn validate(self) -> Result<TaskBulkEdit> {
        let mut c = Check::default();
        if self.ids.is_empty() {
            c.fail("ids", Rule::Required);
        }
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        if self.status.is_none()
            && blank(&self.assignee_contact_id)
            && blank(&self.due_date)
            && blank(&self.milestone_id)
        {
            c.fail("status", Rule::Required);
        }
        let out = TaskBulkEdit {
            ids: self.ids,
            status: self.status,
            assignee_contact_id: c.id(self.assignee_contact_id),
            due_date: c.date("due_date", self.due_date),
            milestone_id: c.id(self.milestone_id),
        };
        c.finish()?;
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Risks

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    Open,
    Mitigating,
    Closed,
}

impl RiskStatus {
    pub const ALL: [RiskStatus; 3] = [Self::Open, Self::Mitigating, Self::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Mitigating => "mitigating",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

/// Probability × impact, each 1–5.
pub fn risk_score(probability: i32, impact: i32) -> i32 {
    probability * impact
}

/// Low up to 6, medium 7–14, high from 15 (e.g. 3 × 5, 4 × 4).
pub fn risk_level(score: i32) -> RiskLevel {
    match score {
        s if s >= 15 => RiskLevel::High,
        s if s >= 7 => RiskLevel::Medium,
        _ => RiskLevel::Low,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RiskReview {
    pub id: String,
    pub reviewed_on: String,
    pub probability: i32,
    pub impact: i32,
    pub score: i32,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Risk {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub description: Option<String>,
    pub probability: i32,
    pub impact: i32,
    pub score: i32,
    pub level: RiskLevel,
    pub owner_contact_id: Option<String>,
    pub owner_name: Option<String>,
    pub mitigation: Option<String>,
    pub due_date: Option<String>,
    pub status: RiskStatus,
    /// Oldest first.
    pub reviews: Vec<RiskReview>,
    /// High at each of its last two reviews and not closed.
    pub flagged: bool,
    /// The tasks it is linked to, by title.
    pub tasks: Vec<RiskTask>,
    pub deleted_refs: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A task a risk is linked to; `deleted` when the task was deleted after the link was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RiskTask {
    pub id: String,
    pub title: String,
    pub status: super::TaskStatus,
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RiskInput {
    pub title: String,
    pub description: Option<String>,
    pub probability: i32,
    pub impact: i32,
    pub owner_contact_id: Option<String>,
    pub mitigation: Option<String>,
    pub due_date: Option<String>,
    pub status: RiskStatus,
    /// The linked tasks, as the full list; None leaves the links as they are.
    #[serde(default)]
    pub task_ids: Option<Vec<String>>,
}

fn one_to_five(c: &mut Check, field: &str, v: i32) -> i32 {
    if !(1..=5).contains(&v) {
        c.fail(field, Rule::OutOfRange);
    }
    v
}

impl RiskInput {
    pub fn validate(self) -> Result<RiskInput> {
        let mut c = Check::default();
        let out = RiskInput {
            title: c.name("title", &self.title),
            description: c.text("description", self.description, MAX_TEXT),
            probability: one_to_five(&mut c, "probability", self.probability),
            impact: one_to_five(&mut c, "impact", self.impact),
            owner_contact_id: c.id(self.owner_contact_id),
            mitigation: c.text("mitigation", self.mitigation, MAX_TEXT),
            due_date: c.date("due_date", self.due_date),
            status: self.status,
            task_ids: self.task_ids.map(distinct_ids),
        };
        c.finish()?;
        Ok(out)
    }
}

/// Ids without blanks and repeats, in their first order.
pub fn distinct_ids(ids: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids.into_iter().filter(|id| !id.trim().is_empty()) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RiskReviewInput {
    pub reviewed_on: String,
    pub probability: i32,
    pub impact: i32,
    pub note: Option<String>,
    /// When to look at the risk again: becomes its due date (the dashboard lists risks due for review). None
    /// keeps the due date it has.
    #[serde(default)]
    pub next_due: Option<String>,
}

impl RiskReviewInput {
    pub fn validate(self) -> Result<RiskReviewInput> {
        let mut c = Check::default();
        let day = if self.reviewed_on.trim().is_empty() {
            c.fail("reviewed_on", Rule::Required);
            None
        } else {
            c.date("reviewed_on", Some(self.reviewed_on))
        };
        let out = RiskReviewInput {
            reviewed_on: day.unwrap_or_default(),
            probability: one_to_five(&mut c, "probability", self.probability),
            impact: one_to_five(&mut c, "impact", self.impact),
            note: c.text("note", self.note, MAX_TEXT),
            next_due: c.date("next_due", self.next_due),
        };
        c.finish()?;
        Ok(out)
    }
}

/// High at each of the last two reviews (reviews oldest first) and not closed.
pub fn flagged(status: RiskStatus, reviews: &[RiskReview]) -> bool {
    status != RiskStatus::Closed
        && reviews.len() >= 2
        && reviews[reviews.len() - 2..]
            .iter()
            .all(|r| risk_level(r.score) == RiskLevel::High)
}

// ---------------------------------------------------------------------------------------------------------------
// Health

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Self::Green, Self::Amber, Self::Red];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why a project has its colour. Each reason carries what the UI and the report need to say it in either language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HealthReason {
    /// Open tasks due before today.
    OverdueTasks { count: i32, rag: Rag },
    /// An open milestone whose target day has passed.
    MilestoneSlipped { title: String, target_date: String },
    /// An open milestone with an open task due after its target.
    MilestoneAtRisk { title: String, target_date: String },
    /// Actual spend above plan in one currency.
    OverBudget {
        currency: String,
        over_percent: i32,
        rag: Rag,
    },
    /// Open risks scored high.
    HighRisks { count: i32 },
    /// A risk that stayed high across its last two reviews.
    RiskHighTwice { title: String },
    /// The manual override in force.
    Override {
        rag: Rag,
        comment: String,
        until: String,
    },
}

/// What health is computed from, gathered by the service for one project on one day.
#[derive(Debug, Clone, Default)]
pub struct HealthFacts {
    pub overdue_tasks: i32,
    /// (title, target date, state) of every milestone.
    pub milestones: Vec<(String, String, MilestoneState)>,
    pub budget: Vec<BudgetTotal>,
    pub open_high_risks: i32,
    /// Titles of risks high across two reviews.
    pub flagged_risks: Vec<String>,
}

/// Overdue tasks from this many make a project red.
pub const RED_OVERDUE_TASKS: i32 = 5;
/// Over budget by more than this many percent makes a project red (anything over plan is amber).
pub const RED_OVER_PERCENT: i32 = 10;

/// The computed colour and every reason that contributed, worst first.
///
/// Red: a milestone slipped past its target, more than 10 % over budget, five or more overdue tasks, or a risk high
/// across two reviews. Amber: one to four overdue tasks, a milestone at risk, over budget by up to 10 %, or any open
/// high risk. Green otherwise.
pub fn compute_health(f: &HealthFacts) -> (Rag, Vec<HealthReason>) {
    let mut reasons: Vec<HealthReason> = Vec::new();
    for (title, target, state) in &f.milestones {
        if *state == MilestoneState::Slipped {
            reasons.push(HealthReason::MilestoneSlipped {
                title: title.clone(),
                target_date: target.clone(),
            });
        }
    }
    for b in &f.budget {
        if let Some(p) = b.over_percent.filter(|p| *p > 0) {
            reasons.push(HealthReason::OverBudget {
                currency: b.currency.clone(),
                over_percent: p,
                rag: if p > RED_OVER_PERCENT {
                    Rag::Red
                } else {
                    Rag::Amber
                },
            });
        }
    }
    if f.overdue_tasks > 0 {
        reasons.push(HealthReason::OverdueTasks {
            count: f.overdue_tasks,
            rag: if f.overdue_tasks >= RED_OVERDUE_TASKS {
                Rag::Red
            } else {
                Rag::Amber
            },
        });
    }
    for title in &f.flagged_risks {
        reasons.push(HealthReason::RiskHighTwice {
            title: title.clone(),
        });
    }
    for (title, target, state) in &f.milestones {
        if *state == MilestoneState::AtRisk {
            reasons.push(HealthReason::MilestoneAtRisk {
                title: title.clone(),
                target_date: target.clone(),
            });
        }
    }
    if f.open_high_risks > 0 {
        reasons.push(HealthReason::HighRisks {
            count: f.open_high_risks,
        });
    }
    let rag = reasons.iter().map(reason_rag).max().unwrap_or(Rag::Green);
    reasons.sort_by_key(|r| std::cmp::Reverse(reason_rag(r)));
    (rag, reasons)
}

/// The colour one reason calls for.
pub fn reason_rag(r: &HealthReason) -> Rag {
    match r {
        HealthReason::MilestoneSlipped { .. } | HealthReason::RiskHighTwice { .. } => Rag::Red,
        HealthReason::OverdueTasks { rag, .. }
        | HealthReason::OverBudget { rag, .. }
        | HealthReason::Override { rag, .. } => *rag,
        HealthReason::MilestoneAtRisk { .. } | HealthReason::HighRisks { .. } => Rag::Amber,
    }
}

/// A manual override as stored with the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HealthOverride {
    pub rag: Rag,
    pub comment: String,
    /// The last day (user's zone) the override holds.
    pub until: String,
}

impl HealthOverride {
    pub fn validate(self, today: &str) -> Result<HealthOverride> {
        let mut c = Check::default();
        let comment = c.name("comment", &self.comment);
        if comment.chars().count() > MAX_NAME * 5 {
            c.fail("comment", Rule::TooLong);
        }
        let until = if self.until.trim().is_empty() {
            c.fail("until", Rule::Required);
            None
        } else {
            c.date("until", Some(self.until))
        };
        if until.as_deref().is_some_and(|u| u < today) {
            c.fail("until", Rule::EndBeforeStart);
        }
        c.finish()?;
        Ok(HealthOverride {
            rag: self.rag,
            comment,
            until: until.unwrap_or_default(),
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectHealth {
    /// What the project shows: the override while it holds, else the computed colour.
    pub rag: Rag,
    pub computed: Rag,
    /// The override first when it is in force, then the computed reasons, worst first.
    pub reasons: Vec<HealthReason>,
    /// The stored override, also when it has expired (`active` false) so the UI can offer to renew it.
    pub manual: Option<HealthOverride>,
    pub override_active: bool,
}

/// The health shown on `today`: an override holds through its `until` day, then the computed colour returns.
pub fn health(f: &HealthFacts, over: Option<HealthOverride>, today: &str) -> ProjectHealth {
    let (computed, mut reasons) = compute_health(f);
    let active = over.as_ref().is_some_and(|o| o.until.as_str() >= today);
    let mut rag = computed;
    if let (true, Some(o)) = (active, &over) {
        rag = o.rag;
        reasons.insert(
            0,
            HealthReason::Override {
                rag: o.rag,
                comment: o.comment.clone(),
                until: o.until.clone(),
            },
        );
    }
    ProjectHealth {
        rag,
        computed,
        reasons,
        manual: over,
        override_active: active,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// ISO weeks

/// An ISO week "2026-W48" → its Monday and Sunday. Refused with `week` / invalid_date when malformed.
pub fn iso_week(s: &str) -> Result<(NaiveDate, NaiveDate)> {
    let bad = || AppError::field("week", Rule::InvalidDate);
    let (y, w) = s.trim().split_once(['-', '_']).ok_or_else(bad)?;
    let w = w.trim_start_matches(['W', 'w']);
    let year: i32 = y.parse().map_err(|_| bad())?;
    let week: u32 = w.parse().map_err(|_| bad())?;
    let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).ok_or_else(bad)?;
    Ok((monday, monday + chrono::Days::new(6)))
}

/// The ISO week a day is in, as "2026-W48".
pub fn week_name(d: NaiveDate) -> String {
    use chrono::Datelike;
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_parse_and_refuse() {
        let (mon, sun) = iso_week("2026-W48").unwrap();
        assert_eq!(mon.to_string(), "2026-11-23");
        assert_eq!(sun.to_string(), "2026-11-29");
        assert_eq!(week_name(mon), "2026-W48");
        // 2026 has 53 ISO weeks; 2025 does not.
        assert!(iso_week("2026-W53").is_ok());
        assert!(iso_week("2025-W53").is_err());
        assert!(iso_week("2026-48").is_ok());
        assert!(iso_week("W48").is_err());
    }
}
