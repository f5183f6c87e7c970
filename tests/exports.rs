//! Summary exports of a fixture series: golden files (insta) for the text formats in both languages, and real
//! readers for the others — pandoc for DOCX, pdftotext for PDF, a MIME parser for the e-mail draft and an
//! iCalendar parser for .ics.

mod common;

use common::*;
use liaison_desk::domain::*;
use liaison_desk::export::summary::Lang;
use liaison_desk::services::exports::{self, ExportFormat};
use liaison_desk::services::minutes;
use std::path::Path;
use std::process::Command;

fn export(
    db: &liaison_desk::store::Db,
    id: &str,
    format: ExportFormat,
    lang: Lang,
    dir: &Path,
) -> Vec<u8> {
    let path = dir.join(format!("out.{}", format.ext()));
    db.read(|c| exports::export_meeting(c, id, format, lang, None, &path))
        .unwrap();
    std::fs::read(&path).unwrap()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

/// Ids and clock times differ per run; the rest of an .ics must not.
fn ics_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(
        r"meeting-[0-9a-f-]+@liaison-desk",
        "meeting-[id]@liaison-desk",
    );
    s.add_filter(r"(DTSTAMP|CREATED|LAST-MODIFIED):\d{8}T\d{6}Z", "$1:[time]");
    s
}

#[test]
fn markdown_html_and_ics_match_their_golden_files_in_both_languages() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    for (lang, tag) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let md = text(export(&db, &f.first, ExportFormat::Md, lang, dir.path()));
        insta::assert_snapshot!(format!("minutes_md_{tag}"), md);
        let html = text(export(&db, &f.first, ExportFormat::Html, lang, dir.path()));
        insta::assert_snapshot!(format!("minutes_html_{tag}"), html);
        let ics = text(export(&db, &f.first, ExportFormat::Ics, lang, dir.path()));
        ics_settings().bind(|| {
            insta::assert_snapshot!(format!("minutes_ics_{tag}"), ics.replace("\r\n", "\n"))
        });
    }
    // The following meeting's summary lists what it carries.
    let md = text(export(
        &db,
        &f.second,
        ExportFormat::Md,
        Lang::En,
        dir.path(),
    ));
    insta::assert_snapshot!("minutes_md_carried_en", md);
}

#[test]
fn html_export_and_its_markdown_are_inert() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let notes = "<img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n\n[x](javascript:alert(3)) \
                 [ok](https://example.com) ![remote](http://tracker.example/p.png) <a href=\"#\" onclick=\"alert(4)\">y</a>";
    db.write(|c| minutes::set_notes(c, &f.first, Some(notes.into())))
        .unwrap();
    let mut d = DecisionInput {
        text: "<b onmouseover=alert(5)>决议</b>".into(),
        organization_id: None,
    };
    d.text.push_str(" & more");
    db.write(|c| minutes::add_decision(c, &f.first, d)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let html = text(export(
        &db,
        &f.first,
        ExportFormat::Html,
        Lang::ZhCn,
        dir.path(),
    ))
    .to_lowercase();
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("href=\"javascript"));
    assert!(!html.contains(" onerror="));
    assert!(!html.contains(" onclick="));
    // The decision was text: it shows escaped, not as a tag.
    assert!(html.contains("&lt;b onmouseover=alert(5)&gt;决议&lt;/b&gt; &amp; more"));
    assert!(html.contains("href=\"https://example.com\""));
    assert!(
        html.contains("default-src 'none'"),
        "the page forbids every remote load"
    );
}

#[test]
fn docx_reads_back_in_pandoc() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    for (lang, heading) in [(Lang::ZhCn, "决议"), (Lang::En, "Decisions")] {
        let path = dir.path().join(format!("m-{}.docx", lang.tag()));
        db.read(|c| exports::export_meeting(c, &f.first, ExportFormat::Docx, lang, None, &path))
            .unwrap();
        let out = Command::new("pandoc")
            .args(["-f", "docx", "-t", "plain", "--wrap=none"])
            .arg(&path)
            .output()
            .expect("pandoc must be installed (scripts/install-deps.sh)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let plain = String::from_utf8(out.stdout).unwrap();
        for want in [
            heading,
            "供应商季度评审",
            "采用新包装方案",
            "下季度价格冻结",
            "确认样品交期",
            "提交对账单",
            "王晓明",
            "客户关注交期",
        ] {
            assert!(plain.contains(want), "{want} missing from:\n{plain}");
        }
    }
}

#[test]
fn docx_opens_in_libreoffice() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("纪要.docx");
    db.read(|c| exports::export_meeting(c, &f.first, ExportFormat::Docx, Lang::ZhCn, None, &path))
        .unwrap();
    // A private profile: LibreOffice refuses to start twice on one, and tests run in parallel.
    let profile = format!("file://{}", dir.path().join("profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("LibreOffice (soffice) must be installed (scripts/install-deps.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(dir.path().join("纪要.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap();
    for want in [
        "供应商季度评审",
        "采用新包装方案",
        "确认样品交期",
        "客户关注交期",
    ] {
        assert!(
            text.contains(want),
            "{want} missing from LibreOffice's rendering:\n{text}"
        );
    }
}

#[test]
fn email_draft_is_mime_with_both_bodies_and_the_meeting_attached() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    let raw = export(&db, &f.first, ExportFormat::Eml, Lang::ZhCn, dir.path());
    use mail_parser::MimeHeaders;
    let msg = mail_parser::MessageParser::default()
        .parse(&raw)
        .expect("MIME");
    assert_eq!(msg.subject(), Some("会议纪要：供应商季度评审"));
    let text = msg.body_text(0).expect("plain body");
    assert!(text.contains("采用新包装方案") && text.contains("| 确认样品交期 |"));
    let html = msg.body_html(0).expect("html body");
    assert!(
        html.contains("<h1>会议纪要: 供应商季度评审</h1>") || html.contains("供应商季度评审</h1>")
    );
    let to: Vec<String> = msg
        .to()
        .and_then(|a| a.as_list())
        .map(|l| {
            l.iter()
                .filter_map(|a| a.address().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert!(to.contains(&"emily@example.com".to_string()), "{to:?}");
    assert!(to.contains(&"wang@hd-precision.cn".to_string()), "{to:?}");
    let ics = msg
        .attachments()
        .find(|a| {
            a.content_type()
                .is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar"))
        })
        .expect("an .ics attachment");
    let cal: icalendar::Calendar = std::str::from_utf8(ics.contents())
        .unwrap()
        .parse()
        .expect("iCalendar");
    assert_eq!(cal.components.len(), 2, "VTIMEZONE and VEVENT");
}

#[test]
fn meeting_ics_parses_back_with_its_agenda() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    let ics = text(export(
        &db,
        &f.first,
        ExportFormat::Ics,
        Lang::En,
        dir.path(),
    ));
    let cal: icalendar::Calendar = ics.parse().expect("iCalendar");
    let event = cal
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .next()
        .expect("one event");
    use icalendar::Component;
    assert_eq!(event.get_summary(), Some("供应商季度评审"));
    assert_eq!(
        event.get_description(),
        Some("1. 交付与质量\n2. 价格与成本")
    );
    assert_eq!(event.property_value("LOCATION"), Some("3F 会议室 A"));
}

#[test]
fn refused_paths_write_nothing() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("x.md");
    let err = db
        .read(|c| exports::export_meeting(c, &f.first, ExportFormat::Md, Lang::En, None, &missing))
        .unwrap_err();
    assert_eq!(
        rules(err),
        vec![("path".to_string(), liaison_desk::error::Rule::InvalidPath)]
    );
    let err = db
        .read(|c| {
            exports::export_meeting(
                c,
                "nope",
                ExportFormat::Md,
                Lang::En,
                None,
                &dir.path().join("x.md"),
            )
        })
        .unwrap_err();
    assert!(matches!(
        err,
        liaison_desk::error::AppError::NotFound { .. }
    ));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn batch_writes_every_meeting_of_a_project_and_stops_when_cancelled() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    let q = exports::BatchQuery {
        project_id: Some(f.project.clone()),
        from: None,
        to: None,
    };
    let never = AtomicBool::new(false);
    let mut seen = Vec::new();
    let report = exports::export_batch(
        &db,
        &q,
        ExportFormat::Html,
        Lang::En,
        dir.path(),
        &never,
        &mut |p| seen.push((p.done, p.total)),
    )
    .unwrap();
    assert_eq!(report.total, 2);
    assert!(!report.cancelled);
    assert_eq!(seen, vec![(1, 2), (2, 2)]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "2026-11-24 供应商季度评审.html",
            "2026-12-01 供应商季度评审.html"
        ]
    );

    let cancel = AtomicBool::new(false);
    let other = tempfile::tempdir().unwrap();
    let report = exports::export_batch(
        &db,
        &q,
        ExportFormat::Md,
        Lang::En,
        other.path(),
        &cancel,
        &mut |_| cancel.store(true, Ordering::Relaxed),
    )
    .unwrap();
    assert!(report.cancelled);
    assert_eq!(
        report.written.len(),
        1,
        "the file written before cancelling stays"
    );
    assert_eq!(std::fs::read_dir(other.path()).unwrap().count(), 1);
}

#[test]
fn pdf_text_extracts_the_chinese_title_decisions_and_action_items() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::ZhCn, Lang::En] {
        let path = dir.path().join(format!("m-{}.pdf", lang.tag()));
        db.read(|c| exports::export_meeting(c, &f.first, ExportFormat::Pdf, lang, None, &path))
            .unwrap();
        assert_eq!(&std::fs::read(&path).unwrap()[..5], b"%PDF-");
        let out = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext must be installed (scripts/install-deps.sh)");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        for want in [
            "供应商季度评审",
            "采用新包装方案",
            "下季度价格冻结",
            "采购部负责月度对账",
            "确认样品交期",
            "提交对账单",
        ] {
            assert!(
                text.contains(want),
                "{want} missing from the {} PDF:\n{text}",
                lang.tag()
            );
        }
        let fonts = Command::new("pdffonts")
            .arg(&path)
            .output()
            .expect("pdffonts");
        let table = String::from_utf8_lossy(&fonts.stdout).into_owned();
        let rows: Vec<&str> = table.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{table}");
        // Columns: name type encoding emb sub uni object ID; every font is embedded.
        assert!(
            rows.iter()
                .all(|r| r.split_whitespace().rev().nth(4) == Some("yes")),
            "{table}"
        );
    }
}
