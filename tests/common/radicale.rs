//! Radicale, a real CalDAV/CardDAV server, started on 127.0.0.1 for a test and stopped (killed) when dropped. Fails,
//! never skips, when Radicale is missing (scripts/install-deps.sh installs it).

use liaison_desk::domain::recurrence::{Day, Frequency, Recurrence};
use liaison_desk::domain::{Meeting, MeetingInput};
use liaison_desk::services::meetings;
use liaison_desk::services::planner::{self, PlannerChange};
use liaison_desk::store::Db;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Radicale {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn radicale_bin() -> PathBuf {
    ["/usr/bin/radicale", "/usr/local/bin/radicale"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("Radicale is not installed (apt-get install radicale, or run scripts/install-deps.sh)")
        })
}

/// Radicale with the user desk:desk.
pub fn start_radicale() -> Radicale {
    start_radicale_for("desk")
}

/// Radicale whose user `desk` has this password.
pub fn start_radicale_for(password: &str) -> Radicale {
    let bin = radicale_bin();
    let dir = tempfile::tempdir().expect("a folder for Radicale");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let users = dir.path().join("users");
    std::fs::write(&users, format!("desk:{password}\n")).expect("write the users file");
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[server]\nhosts = 127.0.0.1:{port}\n\
             [auth]\ntype = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\n\
             [storage]\nfilesystem_folder = {}\n\
             [logging]\nlevel = warning\n",
            users.display(),
            dir.path().join("collections").display()
        ),
    )
    .expect("write the Radicale config");
    let log = std::fs::File::create(dir.path().join("log")).expect("a log file");
    let child = Command::new(&bin)
        .arg("--config")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let server = Radicale {
        child,
        port,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "Radicale did not listen on port {port} within 15 s; its log:\n{}",
            std::fs::read_to_string(server._dir.path().join("log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

/// One HTTP request through curl (installed with the build prerequisites): (status, body).
pub fn http(
    server: &Radicale,
    method: &str,
    path: &str,
    headers: &[&str],
    body: Option<&Path>,
) -> (u16, String) {
    let mut cmd = Command::new("curl");
    cmd.args([
        "-s",
        "-u",
        "desk:desk",
        "-X",
        method,
        "-w",
        "\n%{http_code}",
    ]);
    for h in headers {
        cmd.args(["-H", h]);
    }
    if let Some(file) = body {
        cmd.arg("--data-binary").arg(format!("@{}", file.display()));
    }
    cmd.arg(format!("http://127.0.0.1:{}{path}", server.port));
    let out = cmd.output().expect("run curl");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (status.trim().parse().unwrap_or(0), body.to_string())
}

/// Undoes RFC 5545 line folding, so a folded line can be searched as one.
pub fn unfold(s: &str) -> String {
    s.replace("\r\n ", "")
        .replace("\r\n\t", "")
        .replace("\n ", "")
}

/// UIDs of the events a CalDAV calendar-query with this time range returns.
pub fn query(server: &Radicale, dir: &Path, start: &str, end: &str) -> String {
    query_in(server, dir, "/desk/planner/", start, end)
}

/// The same, in the calendar at `collection`.
pub fn query_in(server: &Radicale, dir: &Path, collection: &str, start: &str, end: &str) -> String {
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"#
    );
    let file = dir.join("query.xml");
    std::fs::write(&file, xml).expect("write the query");
    let (status, body) = http(
        server,
        "REPORT",
        collection,
        &["Depth: 1", "Content-Type: application/xml; charset=utf-8"],
        Some(&file),
    );
    assert_eq!(status, 207, "calendar-query {start}..{end}: {body}");
    body
}

/// A weekly Monday 10:00 meeting in Berlin through March and April 2027 (summer time starts on 28 March).
pub fn berlin_weekly(title: &str) -> MeetingInput {
    let mut m = super::meeting(title);
    m.starts_at = "2027-03-01T10:00:00+01:00".into();
    m.ends_at = "2027-03-01T11:00:00+01:00".into();
    m.time_zone = "Europe/Berlin".into();
    m.recurrence = Some(Recurrence {
        freq: Frequency::Weekly,
        interval: 1,
        weekdays: vec![Day::Mo],
        until: Some("2027-04-30".into()),
        count: None,
    });
    m
}

/// That meeting (`berlin_weekly`) through March and April 2027 (summer time starts on 28 March), its
/// 15 March occurrence cancelled and its 22 March one moved to 14:00: what a calendar server must place like the
/// planner does.
pub fn berlin_series(db: &Db, title: &str) -> Meeting {
    let series = db
        .write(|c| meetings::create_meeting(c, berlin_weekly(title)))
        .unwrap();
    for change in [
        PlannerChange::CancelOccurrence {
            meeting_id: series.id.clone(),
            occurrence: "2027-03-15T09:00:00Z".into(),
        },
        PlannerChange::MoveOccurrence {
            meeting_id: series.id.clone(),
            occurrence: "2027-03-22T09:00:00Z".into(),
            start: "2027-03-22T14:00:00+01:00".into(),
            end: "2027-03-22T15:00:00+01:00".into(),
        },
    ] {
        db.write(|c| planner::apply(c, &change)).unwrap();
    }
    series
}
