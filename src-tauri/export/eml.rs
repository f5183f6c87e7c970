//! E-mail draft (.eml, RFC 5322 / MIME) that sends the minutes: Outlook opens it as a new message ready to send
//! (`X-Unsent: 1`); Thunderbird and Apple Mail open it as a message that "Edit as New" / "Send Again" sends.
//!
//! Layout: multipart/mixed of a multipart/alternative (the Markdown summary as text/plain, the HTML summary as
//! text/html) and the meeting's .ics as an attachment. mail-builder encodes every header that needs it (RFC 2047
//! words for Chinese subjects and names, RFC 2231 for the attachment's file name) and picks each body's transfer
//! encoding; the .ics's name is also given as RFC 2047 words, for Outlook.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, Utc};
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::{BodyPart, MimePart};
use mail_builder::MessageBuilder;

use super::summary::Summary;
use crate::error::{AppError, Result};

/// The draft as .eml bytes.
///
/// - `html`: a whole HTML document; `text`: the Markdown summary. Both go in as given.
/// - `ics`: the meeting's iCalendar text, attached byte for byte as `<file_stem>.ics`.
/// - `to`, `from`: (display name, address) pairs; an empty name writes the bare address. Without `from` the mail
///   program fills in the account it sends from.
/// - `date`: the Date header (the writer reads no clock).
///
/// An address that could not be written without quoting or that would break its header (no '@', whitespace,
/// control characters, or any of `<>,;"`) is left out: the draft is reviewed before it is sent, and the rest of it
/// is still worth having. Fails with [`AppError::Export`] only if the message cannot be written.
pub fn eml(
    s: &Summary,
    html: &str,
    text: &str,
    ics: &str,
    to: &[(String, String)],
    from: Option<(String, String)>,
    date: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let mut message = MessageBuilder::new()
        .subject(subject(s))
        .date(date.timestamp())
        // Outlook opens a message with this header as an unsent draft, in the compose window.
        .header("X-Unsent", Raw::new("1"));
    if let Some(from) = from.as_ref().and_then(address) {
        message = message.from(from);
    }
    let to: Vec<_> = to.iter().filter_map(address).collect();
    if !to.is_empty() {
        message = message.to(Address::new_list(to));
    }
    let filename = format!("{}.ics", s.file_stem);
    // parameter_words gives printable ASCII without quotes or backslashes, so the name stays inside its quotes.
    let calendar_type = format!(
        "text/calendar; charset=utf-8; method=PUBLISH; name=\"{}\"",
        parameter_words(&filename)
    );
    let calendar = MimePart::raw(BodyPart::Binary(ics.as_bytes().into()))
        .header("Content-Type", Raw::new(calendar_type))
        .attachment(filename);
    let body = MimePart::new(
        "multipart/mixed",
        vec![
            MimePart::new(
                "multipart/alternative",
                vec![
                    MimePart::new("text/plain", text),
                    MimePart::new("text/html", html),
                ],
            ),
            calendar,
        ],
    );
    let bytes = message
        .body(body)
        .write_to_vec()
        .map_err(|e| AppError::Export {
            message: format!("eml: {e}"),
        })?;
    Ok(bytes)
}

/// "会议纪要：<title>" / "Minutes: <title>", on one line.
fn subject(s: &Summary) -> String {
    let l = s.lang.labels();
    let title: String = s
        .title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("{}{}{}", l.minutes, l.colon, title.trim())
}

/// A MIME parameter value for inside double quotes: as is when it is plain ASCII, otherwise RFC 2047 encoded words.
/// The Content-Disposition `filename` mail-builder writes uses RFC 2231, which Outlook does not read (it names the
/// attachment "ATT00001.dat"), so the Content-Type `name` carries the name the way Outlook and Thunderbird write it.
fn parameter_words(value: &str) -> String {
    if value
        .chars()
        .all(|c| (' '..='~').contains(&c) && c != '"' && c != '\\')
    {
        return value.to_string();
    }
    // Words of at most 45 bytes (60 base64 characters) stay within RFC 2047's 75, and never split a character.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in value.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    words.push(chunk);
    words
        .iter()
        .map(|w| format!("=?utf-8?B?{}?=", STANDARD.encode(w)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn address((name, email): &(String, String)) -> Option<Address<'static>> {
    let email = email.trim();
    let writable = email.contains('@')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c));
    if !writable {
        return None;
    }
    let name: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let name = name.trim();
    Some(Address::new_address(
        (!name.is_empty()).then(|| name.to_string()),
        email.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::summary::Lang;
    use chrono::TimeZone;
    use mail_parser::{MessageParser, MessagePart, MimeHeaders, PartType};

    fn summary(lang: Lang, title: &str, file_stem: &str) -> Summary {
        Summary {
            lang,
            title: title.into(),
            when: String::new(),
            location: None,
            project: None,
            organizer: None,
            organizations: vec![],
            attendees: vec![],
            agenda: vec![],
            notes: None,
            decisions: vec![],
            actions: vec![],
            carried: vec![],
            scope: None,
            file_stem: file_stem.into(),
        }
    }

    const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Liaison Desk//Liaison Desk 协作联络台//EN\r\nBEGIN:VEVENT\r\nUID:1@liaison-desk\r\nSUMMARY:中德氢能合作项目第三次协调会\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    fn date() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 3, 30, 0).unwrap()
    }

    #[test]
    fn chinese_draft_parses_back() {
        let s = summary(
            Lang::ZhCn,
            "中德氢能合作项目第三次协调会",
            "2026-11-24 中德氢能合作项目第三次协调会",
        );
        let html = "<!DOCTYPE html><html lang=\"zh-CN\"><body><h1>中德氢能合作项目第三次协调会</h1><p>决议：采用碱性电解槽方案</p></body></html>";
        let text = "# 中德氢能合作项目第三次协调会\n\n## 决议\n\n1. 采用碱性电解槽方案\n";
        let to = vec![
            ("李明".to_string(), "li.ming@example.cn".to_string()),
            (String::new(), "anna@example.de".to_string()),
        ];
        let from = Some(("王芳".to_string(), "wang.fang@example.cn".to_string()));
        let bytes = eml(&s, html, text, ICS, &to, from, date()).unwrap();
        let raw = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            raw.is_ascii(),
            "every header and body is encoded to ASCII:\n{raw}"
        );
        assert!(
            raw.contains("\r\nX-Unsent: 1\r\n") || raw.starts_with("X-Unsent: 1\r\n"),
            "{raw}"
        );

        let m = MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(m.subject(), Some("会议纪要：中德氢能合作项目第三次协调会"));
        assert_eq!(m.header_raw("X-Unsent").map(str::trim), Some("1"));
        assert_eq!(m.date().map(|d| d.to_timestamp()), Some(date().timestamp()));

        let to: Vec<_> = m.to().unwrap().iter().collect();
        assert_eq!(to.len(), 2);
        assert_eq!(to[0].name(), Some("李明"));
        assert_eq!(to[0].address(), Some("li.ming@example.cn"));
        assert_eq!(to[1].name(), None);
        assert_eq!(to[1].address(), Some("anna@example.de"));
        let from = m.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("王芳"));
        assert_eq!(from.address(), Some("wang.fang@example.cn"));

        assert_eq!(m.body_text(0).as_deref(), Some(text));
        assert_eq!(m.body_html(0).as_deref(), Some(html));
        // The two bodies are alternatives of each other, not two parts to show one after the other.
        let subtype = |p: &MessagePart<'_>| {
            p.content_type()
                .and_then(|c| c.subtype())
                .map(str::to_string)
        };
        let alternative = m
            .parts
            .iter()
            .find(|p| subtype(p).as_deref() == Some("alternative"))
            .expect("a multipart/alternative part");
        let PartType::Multipart(children) = &alternative.body else {
            panic!("{alternative:?}")
        };
        let children: Vec<_> = children
            .iter()
            .map(|&i| subtype(&m.parts[i as usize]))
            .collect();
        assert_eq!(
            children,
            [Some("plain".to_string()), Some("html".to_string())]
        );

        assert_eq!(m.attachment_count(), 1);
        let ics = m.attachment(0).unwrap();
        let ct = ics.content_type().unwrap();
        assert_eq!(ct.ctype(), "text");
        assert_eq!(ct.subtype(), Some("calendar"));
        assert_eq!(ct.attribute("method"), Some("PUBLISH"));
        assert_eq!(ct.attribute("charset"), Some("utf-8"));
        let name = "2026-11-24 中德氢能合作项目第三次协调会.ics";
        assert_eq!(ics.attachment_name(), Some(name));
        assert_eq!(ct.attribute("name"), Some(name), "the name Outlook reads");
        assert_eq!(ics.contents(), ICS.as_bytes());
    }

    #[test]
    fn english_draft_without_from() {
        let s = summary(
            Lang::En,
            "Hydrogen partnership",
            "2026-11-24 Hydrogen partnership",
        );
        let to = vec![("Anna Schmidt".to_string(), "anna@example.de".to_string())];
        let bytes = eml(
            &s,
            "<html><body>Hi</body></html>",
            "Hi",
            ICS,
            &to,
            None,
            date(),
        )
        .unwrap();
        let m = MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(m.subject(), Some("Minutes: Hydrogen partnership"));
        assert!(m.from().is_none());
        assert_eq!(
            m.to().unwrap().first().unwrap().name(),
            Some("Anna Schmidt")
        );
        let ics = m.attachment(0).unwrap();
        assert_eq!(ics.contents(), ICS.as_bytes());
        assert_eq!(
            ics.attachment_name(),
            Some("2026-11-24 Hydrogen partnership.ics")
        );
        assert_eq!(
            ics.content_type().unwrap().attribute("name"),
            Some("2026-11-24 Hydrogen partnership.ics")
        );
    }

    #[test]
    fn header_breaking_input_is_flattened_or_left_out() {
        let s = summary(Lang::En, "Line one\r\nBcc: evil@example.com", "x");
        let to = vec![
            (
                "Eve\r\nBcc: evil@example.com".to_string(),
                "eve@example.com".to_string(),
            ),
            (
                String::new(),
                "bob@example.com\r\nBcc: evil@example.com".to_string(),
            ),
            (String::new(), "no-at-sign".to_string()),
            (String::new(), "a@b>, c@d".to_string()),
        ];
        let from = Some(("Mallory".to_string(), "m@x>, evil@example.com".to_string()));
        let bytes = eml(&s, "", "", ICS, &to, from, date()).unwrap();
        let m = MessageParser::default().parse(&bytes).unwrap();
        assert!(m.bcc().is_none());
        assert!(m.from().is_none());
        assert_eq!(
            m.subject(),
            Some("Minutes: Line one  Bcc: evil@example.com")
        );
        let to: Vec<_> = m.to().unwrap().iter().collect();
        assert_eq!(to.len(), 1);
        assert_eq!(to[0].name(), Some("Eve  Bcc: evil@example.com"));
        assert_eq!(to[0].address(), Some("eve@example.com"));
    }
}
