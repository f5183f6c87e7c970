//! One-way publish to the calendar and address book the user already runs (Nextcloud, Radicale, any CalDAV and
//! CardDAV server): every meeting (a series whole, with its cancelled and moved occurrences) and task block becomes
//! one calendar object, every organization and contact one vCard. Names come from the records' ids, so they are
//! stable; a publish sends only what is new or changed (by a hash of the text sent, kept in `sync_published`) and
//! deletes on the server what was deleted here. Edits made on the server are overwritten at the next change: the
//! desk is the source.

use super::http::{encode, Http, Reply};
use super::secret;
use crate::domain::now;
use crate::error::{AppError, Result, Rule};
use crate::export::{cards, ics};
use crate::store::{contacts, organizations, rows, Db};
use base64::Engine;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::collections::{BTreeMap, HashMap};

/// The password comes from here on headless machines and cron jobs without a keychain.
pub const PASSWORD_ENV: &str = "LIAISON_DESK_PUBLISH_PASSWORD";

/// Resources whose results are written to the database at once, so a publish cut short resumes where it stopped.
const RECORD_EVERY: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PublishSettings {
    /// The CalDAV calendar's URL (None: calendar not published).
    pub calendar_url: Option<String>,
    /// The CardDAV address book's URL (None: contacts not published).
    pub contacts_url: Option<String>,
    pub user: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
pub struct PublishCounts {
    pub added: i32,
    pub updated: i32,
    pub deleted: i32,
    /// On the server already, unchanged: not sent.
    pub unchanged: i32,
}

#[derive(Debug, Clone, Default, Serialize, Type)]
pub struct PublishReport {
    pub calendar: Option<PublishCounts>,
    pub contacts: Option<PublishCounts>,
    pub secs: f64,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct PublishStatus {
    pub settings: Option<PublishSettings>,
    /// Calendar objects and vCards on the server, as this device put them there.
    pub calendar_items: i32,
    pub contacts_items: i32,
    pub last_published_at: Option<String>,
    /// Why the last publish failed (English, for the log).
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collection {
    Calendar,
    Contacts,
}

impl Collection {
    fn as_str(self) -> &'static str {
        match self {
            Collection::Calendar => "calendar",
            Collection::Contacts => "contacts",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Collection::Calendar => "text/calendar; charset=utf-8",
            Collection::Contacts => "text/vcard; charset=utf-8",
        }
    }
}

impl PublishSettings {
    /// The URL that names this set-up in messages and the keychain: the calendar's, else the address book's.
    fn url(&self) -> &str {
        self.calendar_url
            .as_deref()
            .or(self.contacts_url.as_deref())
            .unwrap_or("")
    }
}

impl PublishReport {
    fn set(&mut self, kind: Collection, counts: PublishCounts) {
        match kind {
            Collection::Calendar => self.calendar = Some(counts),
            Collection::Contacts => self.contacts = Some(counts),
        }
    }
}

fn account(s: &PublishSettings) -> String {
    format!("publish {} {}", s.user, s.url())
}

/// A collection on the server: its URL (ending in '/') and how to reach it.
struct Dav<'a> {
    http: &'a Http,
    auth: &'a str,
    url: String,
    kind: Collection,
}

impl Dav<'_> {
    fn send(
        &self,
        method: &str,
        url: &str,
        extra: &[(&str, String)],
        body: &[u8],
    ) -> Result<Reply> {
        let mut headers = vec![("Authorization", self.auth.to_string())];
        headers.extend(extra.iter().cloned());
        self.http.send(method, url, &headers, body)
    }

    /// Makes sure the collection exists, creating it (MKCALENDAR, or an extended MKCOL for an address book) on a
    /// server that lets the user do so, such as Radicale.
    fn ensure(&self) -> Result<()> {
        let probe = self.send(
            "PROPFIND",
            &self.url,
            &[("Depth", "0".into()), ("Content-Type", "application/xml".into())],
            br#"<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>"#,
        )?;
        match probe.status {
            207 | 200 => return Ok(()),
            404 => {}
            _ => return Err(self.http.unexpected("PROPFIND", &probe)),
        }
        let made = match self.kind {
            Collection::Calendar => self.send(
                "MKCALENDAR",
                &self.url,
                &[("Content-Type", "application/xml".into())],
                r#"<?xml version="1.0" encoding="utf-8"?>
<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>
<d:displayname>Liaison Desk 协作联络台</d:displayname>
<c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>
</d:prop></d:set></c:mkcalendar>"#
                    .as_bytes(),
            )?,
            Collection::Contacts => self.send(
                "MKCOL",
                &self.url,
                &[("Content-Type", "application/xml".into())],
                r#"<?xml version="1.0" encoding="utf-8"?>
<d:mkcol xmlns:d="DAV:" xmlns:r="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>
<d:resourcetype><d:collection/><r:addressbook/></d:resourcetype>
<d:displayname>Liaison Desk 协作联络台</d:displayname>
</d:prop></d:set></d:mkcol>"#
                    .as_bytes(),
            )?,
        };
        if (200..=299).contains(&made.status) {
            Ok(())
        } else {
            Err(self.http.unreachable(format!(
                "no {} collection here, and the server did not create one (HTTP {})",
                self.kind.as_str(),
                made.status
            )))
        }
    }

    fn put(&self, name: &str, text: &str) -> Result<()> {
        let reply = self.send(
            "PUT",
            &format!("{}{}", self.url, encode(name)),
            &[("Content-Type", self.kind.content_type().into())],
            text.as_bytes(),
        )?;
        if (200..=299).contains(&reply.status) {
            Ok(())
        } else {
            Err(self.http.unexpected("PUT", &reply))
        }
    }

    fn delete(&self, name: &str) -> Result<()> {
        let reply = self.send("DELETE", &format!("{}{}", self.url, encode(name)), &[], b"")?;
        // Gone already (deleted on the server by hand) is as good as deleted.
        if (200..=299).contains(&reply.status) || reply.status == 404 {
            Ok(())
        } else {
            Err(self.http.unexpected("DELETE", &reply))
        }
    }
}

fn with_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

fn check_url(field: &str, url: &Option<String>) -> Result<()> {
    match url {
        Some(u) if !(u.starts_with("http://") || u.starts_with("https://")) || u.len() < 10 => {
            Err(AppError::field(field, Rule::InvalidUrl))
        }
        _ => Ok(()),
    }
}

fn http_for(settings: &PublishSettings) -> Http {
    Http::new(format!("{} @ {}", settings.user, settings.url()))
}

fn auth(user: &str, password: &str) -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

fn collections(s: &PublishSettings) -> Vec<(Collection, String)> {
    let mut out = Vec::new();
    if let Some(u) = &s.calendar_url {
        out.push((Collection::Calendar, with_slash(u)));
    }
    if let Some(u) = &s.contacts_url {
        out.push((Collection::Contacts, with_slash(u)));
    }
    out
}

/// Sets up (or changes) where to publish, checking each collection answers (creating it where the server allows)
/// and keeping the password in the keychain. A collection whose URL changed starts afresh: everything is sent to
/// the new one.
pub fn setup(db: &Db, mut settings: PublishSettings, password: &str) -> Result<PublishSettings> {
    settings.calendar_url = settings.calendar_url.filter(|u| !u.trim().is_empty());
    settings.contacts_url = settings.contacts_url.filter(|u| !u.trim().is_empty());
    if settings.calendar_url.is_none() && settings.contacts_url.is_none() {
        return Err(AppError::field("calendar_url", Rule::Required));
    }
    if settings.user.trim().is_empty() {
        return Err(AppError::field("user", Rule::Required));
    }
    check_url("calendar_url", &settings.calendar_url)?;
    check_url("contacts_url", &settings.contacts_url)?;
    let http = http_for(&settings);
    let auth = auth(&settings.user, password);
    for (kind, url) in collections(&settings) {
        Dav {
            http: &http,
            auth: &auth,
            url,
            kind,
        }
        .ensure()?;
    }
    secret::set(&account(&settings), PASSWORD_ENV, password)?;
    db.write(|tx| {
        let old = settings_of(tx)?;
        let t = now();
        tx.execute(
            "INSERT INTO sync_publish (one, calendar_url, contacts_url, user, created_at, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (one) DO UPDATE SET calendar_url = ?1, contacts_url = ?2, user = ?3, updated_at = ?4,
             last_error = NULL",
            params![settings.calendar_url, settings.contacts_url, settings.user, t],
        )?;
        let moved = |a: &Option<String>, b: &Option<String>| a != b;
        if old.as_ref().is_none_or(|o| moved(&o.calendar_url, &settings.calendar_url)) {
            tx.execute("DELETE FROM sync_published WHERE collection = 'calendar'", [])?;
        }
        if old.as_ref().is_none_or(|o| moved(&o.contacts_url, &settings.contacts_url)) {
            tx.execute("DELETE FROM sync_published WHERE collection = 'contacts'", [])?;
        }
        Ok(())
    })?;
    Ok(settings)
}

/// Stops publishing. What was published stays on the server (the user may keep using it there).
pub fn turn_off(db: &Db) -> Result<()> {
    db.write(|tx| {
        tx.execute_batch("DELETE FROM sync_publish; DELETE FROM sync_published;")?;
        Ok(())
    })
}

fn settings_of(c: &Connection) -> Result<Option<PublishSettings>> {
    Ok(c.query_row(
        "SELECT calendar_url, contacts_url, user FROM sync_publish WHERE one = 1",
        [],
        |r| {
            Ok(PublishSettings {
                calendar_url: r.get(0)?,
                contacts_url: r.get(1)?,
                user: r.get(2)?,
            })
        },
    )
    .optional()?)
}

pub fn status(db: &Db) -> Result<PublishStatus> {
    db.read(|c| {
        let count = |kind: &str| -> Result<i32> {
            Ok(c.query_row(
                "SELECT count(*) FROM sync_published WHERE collection = ?1",
                [kind],
                |r| r.get(0),
            )?)
        };
        let (last_published_at, last_error) = c
            .query_row(
                "SELECT last_published_at, last_error FROM sync_publish WHERE one = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((None, None));
        Ok(PublishStatus {
            settings: settings_of(c)?,
            calendar_items: count("calendar")?,
            contacts_items: count("contacts")?,
            last_published_at,
            last_error,
        })
    })
}

/// Whether publishing is set up (the app publishes after each sync only then).
pub fn is_set_up(db: &Db) -> Result<bool> {
    db.read(|c| Ok(settings_of(c)?.is_some()))
}

/// Changes whenever the calendar objects written for the same events would change (a new property written, a
/// fix in the writer), so that every object is sent again; the hash of a calendar object is taken of its events,
/// not of its text, because writing the text (its VTIMEZONE above all) is what costs.
const CALENDAR_WRITER: u32 = 1;

/// One resource the collection should hold: a calendar object's events, or a vCard's text.
enum Resource {
    Events(Vec<ics::IcsEvent>),
    Card(String),
}

impl Resource {
    fn hash(&self) -> String {
        match self {
            Resource::Events(events) => hash(&format!("{CALENDAR_WRITER} {events:?}")),
            Resource::Card(text) => hash(text),
        }
    }

    fn text(&self) -> String {
        match self {
            Resource::Events(events) => {
                // Stamped with the newest change rather than the clock: the text depends on the events only.
                let stamp = events
                    .iter()
                    .map(|e| e.last_modified)
                    .max()
                    .unwrap_or_default();
                ics::calendar(&events[0].summary, events, stamp)
            }
            Resource::Card(text) => text.clone(),
        }
    }
}

/// What the collection should hold, by resource name.
fn wanted(c: &Connection, kind: Collection) -> Result<BTreeMap<String, Resource>> {
    let mut out = BTreeMap::new();
    match kind {
        Collection::Calendar => {
            // One calendar object per UID: a series and its moved occurrences belong together (RFC 4791 §4.1).
            let mut by_uid: BTreeMap<String, Vec<ics::IcsEvent>> = BTreeMap::new();
            for e in crate::services::planner::all_events(c)? {
                by_uid.entry(e.uid.clone()).or_default().push(e);
            }
            for (uid, events) in by_uid {
                let name = format!("{}.ics", uid.trim_end_matches("@liaison-desk"));
                out.insert(name, Resource::Events(events));
            }
        }
        Collection::Contacts => {
            let orgs = organizations::all_live(c)?;
            let kinds: HashMap<&str, _> = orgs.iter().map(|o| (o.id.as_str(), o.kind)).collect();
            for o in &orgs {
                let card = cards::organization_card(o);
                out.insert(format!("org-{}.vcf", o.id), Resource::Card(card));
            }
            for p in contacts::all_live(c)? {
                let kind = p
                    .organization_id
                    .as_deref()
                    .and_then(|id| kinds.get(id))
                    .copied();
                let card = cards::contact_card(&p, kind);
                out.insert(format!("contact-{}.vcf", p.id), Resource::Card(card));
            }
        }
    }
    Ok(out)
}

fn hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A change to the server that succeeded, to be recorded: Some(hash) put, None deleted.
type Done = (String, Option<String>);

fn record(db: &Db, kind: Collection, done: &mut Vec<Done>) -> Result<()> {
    if done.is_empty() {
        return Ok(());
    }
    let t = now();
    db.write(|tx| {
        for (name, h) in done.iter() {
            match h {
                Some(h) => tx.execute(
                    "INSERT INTO sync_published (collection, name, hash, published_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (collection, name) DO UPDATE SET hash = ?3, published_at = ?4",
                    params![kind.as_str(), name, h, t],
                )?,
                None => tx.execute(
                    "DELETE FROM sync_published WHERE collection = ?1 AND name = ?2",
                    params![kind.as_str(), name],
                )?,
            };
        }
        Ok(())
    })?;
    done.clear();
    Ok(())
}

/// What a publish to one collection would do.
struct Plan {
    /// Name, what to write and its hash, of each resource to send.
    puts: Vec<(String, Resource, String)>,
    deletes: Vec<String>,
    counts: PublishCounts,
}

fn plan(c: &Connection, kind: Collection) -> Result<Plan> {
    let published: HashMap<String, String> = rows(
        c,
        "SELECT name, hash FROM sync_published WHERE collection = ?1",
        [kind.as_str()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?
    .into_iter()
    .collect();
    let wanted = wanted(c, kind)?;
    let deletes: Vec<String> = published
        .keys()
        .filter(|n| !wanted.contains_key(*n))
        .cloned()
        .collect();
    let mut counts = PublishCounts::default();
    let mut puts = Vec::new();
    for (name, resource) in wanted {
        let h = resource.hash();
        match published.get(&name) {
            Some(old) if *old == h => {
                counts.unchanged += 1;
                continue;
            }
            Some(_) => counts.updated += 1,
            None => counts.added += 1,
        }
        puts.push((name, resource, h));
    }
    counts.deleted = deletes.len() as i32;
    Ok(Plan {
        puts,
        deletes,
        counts,
    })
}

fn publish_to(db: &Db, dav: &Dav) -> Result<PublishCounts> {
    let kind = dav.kind;
    let plan = db.read(|c| plan(c, kind))?;
    let mut done: Vec<Done> = Vec::new();
    let step = |done: &mut Vec<Done>| -> Result<()> {
        if done.len() >= RECORD_EVERY {
            record(db, kind, done)?;
        }
        Ok(())
    };
    let outcome = (|| -> Result<()> {
        for (name, resource, h) in &plan.puts {
            dav.put(name, &resource.text())?;
            done.push((name.clone(), Some(h.clone())));
            step(&mut done)?;
        }
        for name in &plan.deletes {
            dav.delete(name)?;
            done.push((name.clone(), None));
            step(&mut done)?;
        }
        Ok(())
    })();
    // What reached the server is recorded even when a later request failed: the next publish goes on from there.
    record(db, kind, &mut done)?;
    outcome.map(|_| plan.counts)
}

/// What the next publish would send, without contacting the server.
pub fn preview(db: &Db) -> Result<PublishReport> {
    let started = std::time::Instant::now();
    let settings = db.read(settings_of)?.ok_or(AppError::PublishNotSetUp)?;
    let mut report = PublishReport::default();
    db.read(|c| {
        for (kind, _) in collections(&settings) {
            report.set(kind, plan(c, kind)?.counts);
        }
        Ok(())
    })?;
    report.secs = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Publishes what changed since the last publish.
pub fn run(db: &Db) -> Result<PublishReport> {
    let started = std::time::Instant::now();
    let settings = db.read(settings_of)?.ok_or(AppError::PublishNotSetUp)?;
    let http = http_for(&settings);
    let password =
        secret::get(&account(&settings), PASSWORD_ENV).ok_or_else(|| AppError::SyncDenied {
            target: http.target.clone(),
        })?;
    let auth = auth(&settings.user, &password);
    let mut report = PublishReport::default();
    let out = (|| -> Result<()> {
        for (kind, url) in collections(&settings) {
            let dav = Dav {
                http: &http,
                auth: &auth,
                url,
                kind,
            };
            report.set(kind, publish_to(db, &dav)?);
        }
        Ok(())
    })();
    let error = out.as_ref().err().map(|e| {
        crate::messages::describe(crate::export::summary::Lang::En, e, &|f| f.to_string())
    });
    db.write(|tx| {
        match &error {
            None => tx.execute(
                "UPDATE sync_publish SET last_published_at = ?1, last_error = NULL WHERE one = 1",
                [now()],
            )?,
            Some(e) => tx.execute("UPDATE sync_publish SET last_error = ?1 WHERE one = 1", [e])?,
        };
        Ok(())
    })?;
    out?;
    report.secs = started.elapsed().as_secs_f64();
    Ok(report)
}
