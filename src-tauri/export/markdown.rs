//! The summary as GitHub-flavoured Markdown: the plain-text body of the email draft and the `.md` export.

use super::summary::{Summary, SummaryAction};
use std::fmt::Write;

/// Escapes text for a table cell: a pipe would end the cell and a line break the row.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// Escapes the characters that would start Markdown markup inside a line of user text.
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(if ch == '\n' || ch == '\r' { ' ' } else { ch });
    }
    out
}

fn action_table(out: &mut String, s: &Summary, items: &[SummaryAction]) {
    let l = s.lang.labels();
    let none = l.none;
    let _ = writeln!(
        out,
        "| # | {} | {} | {} | {} |",
        l.item, l.owner, l.due, l.status
    );
    out.push_str("|---|---|---|---|---|\n");
    for (i, a) in items.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            i + 1,
            cell(&a.title),
            cell(a.owner.as_deref().unwrap_or(none)),
            a.due.as_deref().unwrap_or("—"),
            cell(&a.status)
        );
    }
}

pub fn markdown(s: &Summary) -> String {
    let l = s.lang.labels();
    let mut out = String::new();
    let c = l.colon;
    let _ = writeln!(out, "# {}{c}{}\n", l.minutes, inline(&s.title));
    if let Some(scope) = &s.scope {
        let _ = writeln!(out, "**{}{}**\n", l.follow_up_for, inline(scope));
    }
    let _ = writeln!(out, "- **{}**{c}{}", l.when, inline(&s.when));
    let meta = [
        (l.location, s.location.as_deref()),
        (l.project, s.project.as_deref()),
        (l.organizer, s.organizer.as_deref()),
    ];
    for (label, value) in meta {
        if let Some(v) = value {
            let _ = writeln!(out, "- **{label}**{c}{}", inline(v));
        }
    }
    if !s.organizations.is_empty() {
        let list: Vec<String> = s.organizations.iter().map(|o| inline(o)).collect();
        let _ = writeln!(out, "- **{}**{c}{}", l.organizations, list.join(", "));
    }
    out.push('\n');

    if !s.attendees.is_empty() {
        let _ = writeln!(out, "## {}\n", l.attendees);
        for a in &s.attendees {
            let org = a
                .organization
                .as_deref()
                .map(|o| format!(" ({})", inline(o)));
            let _ = writeln!(
                out,
                "- {}{} — {}",
                inline(&a.name),
                org.unwrap_or_default(),
                a.attendance
            );
        }
        out.push('\n');
    }

    if !s.agenda.is_empty() {
        let _ = writeln!(out, "## {}\n", l.agenda);
        for (i, a) in s.agenda.iter().enumerate() {
            let mut extra = Vec::new();
            if let Some(o) = &a.owner {
                extra.push(inline(o));
            }
            if let Some(d) = &a.duration {
                extra.push(d.clone());
            }
            let mark = if a.done { "x" } else { " " };
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join(", "))
            };
            let _ = writeln!(out, "{}. [{mark}] {}{extra}", i + 1, inline(&a.title));
        }
        out.push('\n');
    }

    if let Some(notes) = &s.notes {
        let _ = writeln!(out, "## {}\n", l.notes);
        out.push_str(&demote_headings(notes.trim_end()));
        out.push_str("\n\n");
    }

    let _ = writeln!(out, "## {}\n", l.decisions);
    if s.decisions.is_empty() {
        let _ = writeln!(out, "{}\n", l.none);
    } else {
        for (i, d) in s.decisions.iter().enumerate() {
            let concerns = d
                .concerns
                .as_deref()
                .map(|x| format!(" ({}{c}{})", l.concerns, inline(x)))
                .unwrap_or_default();
            let _ = writeln!(out, "{}. {}{concerns}", i + 1, inline(&d.text));
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## {}\n", l.action_items);
    if s.actions.is_empty() {
        let _ = writeln!(out, "{}\n", l.none);
    } else {
        action_table(&mut out, s, &s.actions);
        out.push('\n');
    }

    if !s.carried.is_empty() {
        let _ = writeln!(out, "## {}\n", l.carried_items);
        action_table(&mut out, s, &s.carried);
        out.push('\n');
    }
    let _ = writeln!(out, "---\n\n_{}_", l.generated_by);
    out
}

/// Moves ATX headings of the notes two levels down (see `summary::demoted`), leaving fenced code alone.
fn demote_headings(notes: &str) -> String {
    let mut out = String::with_capacity(notes.len() + 16);
    let mut fence: Option<&str> = None;
    for line in notes.split_inclusive('\n') {
        let t = line.trim_start();
        match fence {
            Some(f) if t.starts_with(f) => fence = None,
            Some(_) => {}
            None if t.starts_with("```") || t.starts_with("~~~") => fence = Some(&t[..3]),
            None => {
                let hashes = t.chars().take_while(|&ch| ch == '#').count();
                let rest = &t[hashes..];
                if (1..=6).contains(&hashes)
                    && (rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']))
                {
                    let level = usize::from(super::summary::demoted(hashes as u8));
                    out.push_str(&"#".repeat(level));
                    out.push_str(rest);
                    continue;
                }
            }
        }
        out.push_str(line);
    }
    out
}
