//! A thin, patient WebDriver layer over fantoccini: elements are addressed by `data-testid`, every lookup polls
//! until a deadline, and a failed wait saves a screenshot and the page source before the test fails.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::harness::{target_dir, Harness};

pub const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(100);

/// Ctrl+A, release the modifiers, Backspace (WebDriver key codes).
const SELECT_ALL_AND_DELETE: &str = "\u{E009}a\u{E000}\u{E003}";

pub fn sel(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

pub struct App {
    pub client: Client,
    shots: PathBuf,
    prefix: String,
    shot_no: std::cell::Cell<u32>,
}

impl App {
    /// Opens a WebDriver session, which makes tauri-driver launch the app with `--data-dir <data_dir>`.
    pub async fn launch(harness: &Harness, data_dir: &std::path::Path, prefix: &str) -> App {
        // E2E_APP runs the tests against another build of the app, e.g. the release binary for the planner's frame
        // figures (`E2E_APP=target/release/liaison-desk cargo test --test e2e planner_drag_frame`).
        let application = std::env::var_os("E2E_APP")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_liaison-desk")));
        assert!(
            application.is_file(),
            "the app binary {} is missing (cargo builds it for integration tests; E2E_APP names another)",
            application.display()
        );
        let caps = json!({
            "tauri:options": {
                "application": application,
                "args": ["--data-dir", data_dir],
            }
        });
        let Value::Object(caps) = caps else {
            unreachable!("a JSON object literal")
        };
        let mut builder = ClientBuilder::native();
        builder.capabilities(caps);
        let url = harness.webdriver_url();
        let connect = tokio::time::timeout(Duration::from_secs(60), builder.connect(&url));
        // A binary built without the `desktop` feature (cargo test --no-default-features writes the same path)
        // exits at once, and WebKitWebDriver would wait a minute for it: notice that in the log and say so.
        let windowless = async {
            loop {
                tokio::time::sleep(Duration::from_millis(250)).await;
                if harness
                    .driver_log_tail()
                    .contains("this build has no window")
                {
                    return;
                }
            }
        };
        let connected = tokio::select! {
            connected = connect => connected,
            () = windowless => panic!(
                "{} was built without the `desktop` feature (cargo test --no-default-features overwrites it); \
                 run `cargo build` or `make e2e` first",
                application.display()
            ),
        };
        let client = match connected {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!(
                "could not open a WebDriver session (app {}): {e}\n---- driver log ----\n{}",
                application.display(),
                harness.driver_log_tail()
            ),
            Err(_) => panic!(
                "opening a WebDriver session timed out after 60 s\n---- driver log ----\n{}",
                harness.driver_log_tail()
            ),
        };
        let shots = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&shots).expect("create target/e2e-screenshots");
        // Drop this scenario's pictures from earlier runs, so the folder shows only what this run saw.
        if let Ok(entries) = std::fs::read_dir(&shots) {
            let own = format!("{prefix}-");
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let rest = name.strip_prefix(&own).unwrap_or("");
                // "<prefix>-NN-..." only: "partners-restart-..." is not a picture of "partners".
                if rest.len() > 2 && rest.as_bytes()[..2].iter().all(u8::is_ascii_digit) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        App {
            client,
            shots,
            prefix: prefix.to_string(),
            shot_no: std::cell::Cell::new(0),
        }
    }

    /// Saves a PNG of the window as target/e2e-screenshots/<prefix>-NN-<name>.png and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let n = self.shot_no.get() + 1;
        self.shot_no.set(n);
        let path = self
            .shots
            .join(format!("{}-{n:02}-{name}.png", self.prefix));
        match self.client.screenshot().await {
            Ok(png) => {
                if let Err(e) = std::fs::write(&path, png) {
                    eprintln!("could not write {}: {e}", path.display());
                }
            }
            Err(e) => eprintln!("could not take screenshot {name}: {e}"),
        }
        path
    }

    /// Saves a screenshot and the page source, then fails the test with `what`.
    pub async fn fail<T>(&self, what: &str) -> T {
        let shot = self.screenshot("FAILED").await;
        let html_path = shot.with_extension("html");
        if let Ok(html) = self.client.source().await {
            let _ = std::fs::write(&html_path, html);
        }
        panic!(
            "{what}\n(screenshot: {}, page source: {})",
            shot.display(),
            html_path.display()
        );
    }

    /// Polls `probe` until it yields a value or `timeout` passes.
    pub async fn poll<T, F, Fut>(&self, what: &str, timeout: Duration, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if Instant::now() > deadline {
                self.fail::<()>(&format!("timed out after {timeout:?} waiting for {what}"))
                    .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The first displayed element with this test id.
    pub async fn visible(&self, testid: &str) -> Element {
        self.visible_within(testid, WAIT).await
    }

    pub async fn visible_within(&self, testid: &str, timeout: Duration) -> Element {
        let css = sel(testid);
        let client = &self.client;
        self.poll(&format!("{css} to be visible"), timeout, || async {
            let found = client.find_all(Locator::Css(&css)).await.ok()?;
            for el in found {
                if el.is_displayed().await.unwrap_or(false) {
                    return Some(el);
                }
            }
            None
        })
        .await
    }

    /// Waits until no displayed element has this test id (closed dialogs, removed rows).
    pub async fn gone(&self, testid: &str) {
        let css = sel(testid);
        let client = &self.client;
        self.poll(&format!("{css} to disappear"), WAIT, || async {
            let found = client.find_all(Locator::Css(&css)).await.ok()?;
            for el in found {
                if el.is_displayed().await.unwrap_or(false) {
                    return None;
                }
            }
            Some(())
        })
        .await
    }

    pub async fn is_visible_now(&self, testid: &str) -> bool {
        let css = sel(testid);
        match self.client.find_all(Locator::Css(&css)).await {
            Ok(found) => {
                for el in found {
                    if el.is_displayed().await.unwrap_or(false) {
                        return true;
                    }
                }
                false
            }
            Err(_) => false,
        }
    }

    /// Clicks the first displayed element with this test id. The element is looked up again on every attempt:
    /// React may replace the node between finding and clicking (lists re-render when their query refreshes).
    pub async fn click(&self, testid: &str) {
        self.click_matching(testid, None).await;
    }

    /// Clicks the displayed row of this test id whose text contains `needle` (looked up on every attempt).
    pub async fn click_row_with(&self, testid: &str, needle: &str) {
        self.click_matching(testid, Some(needle)).await;
    }

    async fn click_matching(&self, testid: &str, needle: Option<&str>) {
        let what = match needle {
            Some(needle) => format!("a {testid} containing {needle:?}"),
            None => sel(testid),
        };
        let deadline = Instant::now() + WAIT;
        let mut last_error = String::from("not found or not displayed");
        loop {
            let target = match needle {
                Some(needle) => self
                    .rows(testid)
                    .await
                    .into_iter()
                    .find(|(_, text)| text.contains(needle))
                    .map(|(el, _)| el),
                None => self.rows(testid).await.into_iter().next().map(|(el, _)| el),
            };
            if let Some(el) = target {
                match el.click().await {
                    Ok(()) => return,
                    Err(e) => last_error = e.to_string(),
                }
            }
            if Instant::now() > deadline {
                self.fail::<()>(&format!("could not click {what}: {last_error}"))
                    .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Types into the meeting page's notes editor (CodeMirror's editable content) through the driver, as a person
    /// would; there is no script or execCommand stand-in, so a failure to type fails the test.
    pub async fn type_notes(&self, text: &str) {
        let css = format!("{} .cm-content", sel("notes-editor"));
        let editor = self
            .poll("the notes editor", WAIT, || async {
                self.client.find(Locator::Css(&css)).await.ok()
            })
            .await;
        self.click_element(&editor, "the notes editor").await;
        if let Err(e) = editor.send_keys(text).await {
            self.fail::<()>(&format!("typing into the notes editor failed: {e}"))
                .await;
        }
    }

    /// Clicks an element already found, retrying briefly when it is covered (a closing dialog).
    /// Scrolls `el` to the middle of its scroll containers: WebKitWebDriver refuses a click on an element that a
    /// scrolled panel clips (a field below the fold, a time scrolled out of a picker's list).
    async fn center(&self, el: &Element) {
        if let Ok(arg) = serde_json::to_value(el) {
            let _ = self
                .client
                .execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
                .await;
        }
    }

    pub async fn click_element(&self, el: &Element, what: &str) {
        self.center(el).await;
        let deadline = Instant::now() + WAIT;
        loop {
            match el.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => {
                    self.fail(&format!("could not click {what}: {e}")).await
                }
                Err(_) => tokio::time::sleep(POLL).await,
            }
        }
    }

    /// Waits until the element's visible text contains `needle`; returns the full text.
    pub async fn text_contains(&self, testid: &str, needle: &str) -> String {
        let css = sel(testid);
        let client = &self.client;
        self.poll(&format!("{css} to contain {needle:?}"), WAIT, || async {
            let found = client.find_all(Locator::Css(&css)).await.ok()?;
            for el in found {
                let text = element_text(&el).await;
                if text.contains(needle) {
                    return Some(text);
                }
            }
            None
        })
        .await
    }

    /// Replaces the value of an input/textarea by typing, as a user would. A page that replaces the field while it
    /// is being found (a route still switching) gets the new field: the whole attempt is repeated until `WAIT`.
    pub async fn fill(&self, testid: &str, value: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.try_fill(testid, value).await {
                Ok(()) => return,
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(POLL).await;
                }
                Err(e) => {
                    self.fail::<()>(&e).await;
                }
            }
        }
    }

    async fn try_fill(&self, testid: &str, value: &str) -> Result<(), String> {
        let el = self.visible(testid).await;
        // An input may be the test id itself or sit inside a wrapper with it.
        let input = match el.tag_name().await.unwrap_or_default().as_str() {
            "input" | "textarea" => el,
            _ => match el.find(Locator::Css("input, textarea")).await {
                Ok(inner) => inner,
                Err(_) => el,
            },
        };
        self.center(&input).await;
        input
            .click()
            .await
            .map_err(|e| format!("could not click {testid}: {e}"))?;
        // Select all + Backspace rather than WebDriver "clear": clear() empties the DOM value without an
        // input event, so a React-controlled field keeps its old state when nothing is typed afterwards.
        if !input
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
            .is_empty()
        {
            input
                .send_keys(SELECT_ALL_AND_DELETE)
                .await
                .map_err(|e| format!("could not clear {testid}: {e}"))?;
        }
        if !value.is_empty() {
            input
                .send_keys(value)
                .await
                .map_err(|e| format!("could not type into {testid}: {e}"))?;
        }
        // Typed, as a user would, or the test fails: no value set from script, which would hide a field that
        // does not take typing (a broken input method path, a frozen-prototype error) behind a passing test.
        let typed = input.prop("value").await.ok().flatten().unwrap_or_default();
        if typed != value {
            return Err(format!(
                "typing {value:?} into {testid} left {typed:?} in it"
            ));
        }
        Ok(())
    }

    /// The current value of an input (or of the input inside the element with this test id).
    pub async fn value_of(&self, testid: &str) -> String {
        let el = self.visible(testid).await;
        let input = match el.tag_name().await.unwrap_or_default().as_str() {
            "input" | "textarea" => el,
            _ => el.find(Locator::Css("input, textarea")).await.unwrap_or(el),
        };
        input.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Displayed rows (`list-row` by default) and their texts.
    pub async fn rows(&self, testid: &str) -> Vec<(Element, String)> {
        let css = sel(testid);
        let mut out = Vec::new();
        if let Ok(found) = self.client.find_all(Locator::Css(&css)).await {
            for el in found {
                if el.is_displayed().await.unwrap_or(false) {
                    let text = element_text(&el).await;
                    out.push((el, text));
                }
            }
        }
        out
    }

    /// Waits for a displayed row of this test id whose text contains `needle`.
    pub async fn row_with(&self, testid: &str, needle: &str) -> Element {
        let what = format!("a {testid} containing {needle:?}");
        self.poll(&what, WAIT, || async {
            self.rows(testid)
                .await
                .into_iter()
                .find(|(_, text)| text.contains(needle))
                .map(|(el, _)| el)
        })
        .await
    }

    /// Waits until no displayed row of this test id contains `needle`.
    pub async fn no_row_with(&self, testid: &str, needle: &str) {
        let what = format!("no {testid} containing {needle:?}");
        self.poll(&what, WAIT, || async {
            (!self
                .rows(testid)
                .await
                .iter()
                .any(|(_, text)| text.contains(needle)))
            .then_some(())
        })
        .await
    }

    /// Waits until `list-total` shows `expected`.
    pub async fn list_total_is(&self, expected: u32) {
        let what = format!("list-total to show {expected}");
        self.poll(&what, WAIT, || async {
            let el = self
                .client
                .find(Locator::Css(&sel("list-total")))
                .await
                .ok()?;
            (first_number(&element_text(&el).await) == Some(expected)).then_some(())
        })
        .await
    }

    /// The whole visible text of the page.
    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body
                .prop("innerText")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    pub async fn body_contains(&self, needle: &str) {
        let what = format!("the page to show {needle:?}");
        self.poll(&what, WAIT, || async {
            self.body_text().await.contains(needle).then_some(())
        })
        .await
    }

    /// Waits (at most ~8 s, never failing) until no notification toast is on screen, so pictures meant for
    /// people are not covered by a "saved"/"loaded" toast.
    pub async fn settle_toasts(&self) {
        let deadline = Instant::now() + Duration::from_secs(8);
        while Instant::now() < deadline {
            let toasts = self
                .client
                .find_all(Locator::Css(".mantine-Notification-root, [role=\"alert\"]"))
                .await
                .unwrap_or_default();
            let mut any = false;
            for toast in toasts {
                any |= toast.is_displayed().await.unwrap_or(false);
            }
            if !any {
                return;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub async fn close(self) {
        if let Err(e) = self.client.close().await {
            eprintln!("closing the WebDriver session: {e}");
        }
    }
}

/// The element's rendered text. WebKitWebDriver's "Get Element Text" drops text it believes is hidden by
/// overflow — e.g. the truncated names in list rows come back as "" or only their counts — so read the DOM's
/// `innerText` (rendered text, skips display:none) and use the WebDriver text only as a fallback.
pub async fn element_text(el: &Element) -> String {
    match el.prop("innerText").await {
        Ok(Some(text)) if !text.trim().is_empty() => text,
        _ => el.text().await.unwrap_or_default(),
    }
}

pub fn first_number(text: &str) -> Option<u32> {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// Press at `from`, move in `steps` small moves of ~16 ms to `to`, release: what a hand does, and what the
/// pointer-based drag libraries (FullCalendar, dnd-kit) listen to.
pub async fn drag(app: &App, from: (f64, f64), to: (f64, f64), steps: u32) {
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: from.0.round(),
            y: from.1.round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Pause {
            duration: Duration::from_millis(120),
        });
    for i in 1..=steps {
        let f = f64::from(i) / f64::from(steps);
        mouse = mouse.then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(16)),
            x: (from.0 + (to.0 - from.0) * f).round(),
            y: (from.1 + (to.1 - from.1) * f).round(),
        });
    }
    mouse = mouse
        .then(PointerAction::Pause {
            duration: Duration::from_millis(150),
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    if let Err(e) = app.client.perform_actions(mouse).await {
        app.fail::<()>(&format!("the pointer drag failed: {e}"))
            .await;
    }
    let _ = app.client.release_actions().await;
}

/// Picks `label` in a Mantine select: open it, type to search when it is searchable, then click the option.
pub async fn pick(app: &App, testid: &str, search: &str, label: &str) {
    let el = app.visible(testid).await;
    let input = match el.tag_name().await.unwrap_or_default().as_str() {
        "input" => el,
        _ => el.find(Locator::Css("input")).await.unwrap_or(el),
    };
    app.click_element(&input, testid).await;
    let read_only = input
        .prop("readOnly")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
        == "true";
    if !read_only {
        if let Err(e) = input.send_keys(search).await {
            app.fail::<()>(&format!("could not type into {testid}: {e}"))
                .await;
        }
    }
    // The options re-render as the search answers: find and click in one attempt, again until one lands.
    let client = &app.client;
    app.poll(
        &format!("the option {label:?} of {testid} to take a click"),
        WAIT,
        || async {
            let options = client
                .find_all(Locator::Css("[role=\"option\"]"))
                .await
                .ok()?;
            for o in options {
                if o.is_displayed().await.unwrap_or(false) && o.text().await.ok()?.contains(label) {
                    return o.click().await.ok();
                }
            }
            None
        },
    )
    .await;
}
