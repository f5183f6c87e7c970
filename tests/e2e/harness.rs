//! Processes behind the end-to-end test: a private X server (Xvfb), a private D-Bus session bus (the app's
//! single-instance lock lives there, as on a desktop), and tauri-driver, which starts WebKitWebDriver, which starts
//! the real app. Everything started here is killed on drop — also when the test
//! panics — and a missing tool is a test failure with a message that says how to get it, never a skip.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const START_TIMEOUT: Duration = Duration::from_secs(15);

/// Fails the test with a message; used for every "cannot run" situation so nothing is silently skipped.
macro_rules! fail {
    ($($arg:tt)*) => { panic!("e2e harness: {}", format!($($arg)*)) };
}

pub struct Harness {
    xvfb: Option<Child>,
    bus: Option<Child>,
    driver: Option<Child>,
    pub display: String,
    /// The private session bus's address (DBUS_SESSION_BUS_ADDRESS of the app).
    pub bus_address: String,
    pub driver_port: u16,
    pub driver_log: PathBuf,
}

impl Harness {
    /// Starts Xvfb on a free display and tauri-driver on free ports, and waits until both answer. `env` is
    /// passed down to tauri-driver and so to WebKitWebDriver and the app (e.g. a time zone).
    pub fn start(name: &str, env: &[(&str, &str)]) -> Harness {
        let log_dir = target_dir().join("e2e-logs");
        fs::create_dir_all(&log_dir)
            .unwrap_or_else(|e| fail!("cannot create {}: {e}", log_dir.display()));

        let xvfb_bin = find_program("Xvfb", &[]).unwrap_or_else(|| {
            fail!("Xvfb is not installed (apt-get install xvfb, or run scripts/install-deps.sh)")
        });
        let driver_bin = find_program("tauri-driver", &[cargo_bin_dir()]).unwrap_or_else(|| {
            fail!("tauri-driver is not installed (cargo install tauri-driver --locked --version 2.1.0, or run scripts/install-deps.sh)")
        });
        let native_bin = find_program("WebKitWebDriver", &[]).unwrap_or_else(|| {
            fail!("WebKitWebDriver is not installed (apt-get install webkit2gtk-driver, or run scripts/install-deps.sh)")
        });
        let bus_bin = find_program("dbus-daemon", &[]).unwrap_or_else(|| {
            fail!("dbus-daemon is not installed (apt-get install dbus, or run scripts/install-deps.sh)")
        });

        let mut harness = Harness {
            xvfb: None,
            bus: None,
            driver: None,
            display: String::new(),
            bus_address: String::new(),
            driver_port: 0,
            driver_log: log_dir.join(format!("{name}-tauri-driver.log")),
        };

        let (xvfb, display) = start_xvfb(&xvfb_bin, &log_dir.join(format!("{name}-xvfb.log")));
        harness.xvfb = Some(xvfb);
        harness.display = display;

        let (bus, address) = start_bus(&bus_bin, &log_dir.join(format!("{name}-dbus.log")));
        harness.bus = Some(bus);
        harness.bus_address = address;

        let port = free_port();
        let native_port = free_port_other_than(port);
        let log = File::create(&harness.driver_log)
            .unwrap_or_else(|e| fail!("cannot create {}: {e}", harness.driver_log.display()));
        let log_err = log
            .try_clone()
            .unwrap_or_else(|e| fail!("cannot reopen the driver log: {e}"));
        let mut cmd = Command::new(&driver_bin);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .arg("--native-driver")
            .arg(&native_bin)
            .env("DISPLAY", &harness.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &harness.bus_address)
            // The app logs through tracing; keep it readable in the driver log.
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into()),
            )
            .env_remove("WAYLAND_DISPLAY")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            // Own process group: WebKitWebDriver, the app and its WebKit helpers inherit it, so one signal to the
            // group cleans up all of them.
            .process_group(0);
        let driver = cmd
            .spawn()
            .unwrap_or_else(|e| fail!("cannot start {}: {e}", driver_bin.display()));
        harness.driver = Some(driver);
        harness.driver_port = port;

        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(child) = harness.driver.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    fail!(
                        "tauri-driver exited early ({status}); its log says:\n{}",
                        tail(&harness.driver_log, 4000)
                    );
                }
            }
            let up = TcpStream::connect(("127.0.0.1", port)).is_ok()
                && TcpStream::connect(("127.0.0.1", native_port)).is_ok();
            if up {
                break;
            }
            if Instant::now() > deadline {
                fail!(
                    "tauri-driver (port {port}) or WebKitWebDriver (port {native_port}) did not start within {:?}; \
                     driver log:\n{}",
                    START_TIMEOUT,
                    tail(&harness.driver_log, 4000)
                );
            }
            thread::sleep(Duration::from_millis(50));
        }
        harness
    }

    pub fn webdriver_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.driver_port)
    }

    pub fn driver_log_tail(&self) -> String {
        tail(&self.driver_log, 6000)
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(child) = self.driver.take() {
            kill_group(child);
        }
        if let Some(child) = self.bus.take() {
            kill_group(child);
        }
        if let Some(child) = self.xvfb.take() {
            kill_group(child);
        }
        if thread::panicking() {
            eprintln!(
                "---- tauri-driver / app log ({}) ----\n{}",
                self.driver_log.display(),
                tail(&self.driver_log, 6000)
            );
        }
    }
}

/// SIGTERM to the child's process group, SIGKILL after a grace period, then reap the child.
fn kill_group(mut child: Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill")
        .args(["-TERM", "--", &group])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        thread::sleep(Duration::from_millis(50));
    }
    // Helpers of the group may outlive the leader; make sure nothing is left behind.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

fn start_xvfb(bin: &Path, log_path: &Path) -> (Child, String) {
    for n in 99..160u32 {
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
        if socket.exists() || lock.exists() {
            continue;
        }
        let log = File::create(log_path)
            .unwrap_or_else(|e| fail!("cannot create {}: {e}", log_path.display()));
        let display = format!(":{n}");
        let mut child = Command::new(bin)
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
                "-ac",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| fail!("cannot start {}: {e}", bin.display()));
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if socket.exists() {
                return (child, display);
            }
            if let Ok(Some(_)) = child.try_wait() {
                // Most likely another X server took this display a moment ago: try the next one.
                break;
            }
            if Instant::now() > deadline {
                kill_group(child);
                fail!(
                    "Xvfb {display} did not create {} in time; log:\n{}",
                    socket.display(),
                    tail(log_path, 2000)
                );
            }
            thread::sleep(Duration::from_millis(25));
        }
    }
    fail!(
        "no free X display between :99 and :159 (Xvfb log: {})",
        tail(log_path, 2000)
    )
}

/// A private session bus; returns the daemon and its address (the first line it prints).
fn start_bus(bin: &Path, log_path: &Path) -> (Child, String) {
    let log = File::create(log_path)
        .unwrap_or_else(|e| fail!("cannot create {}: {e}", log_path.display()));
    let mut child = Command::new(bin)
        .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| fail!("cannot start {}: {e}", bin.display()));
    let Some(stdout) = child.stdout.take() else {
        kill_group(child);
        fail!("dbus-daemon has no stdout to read its address from");
    };
    // The address comes at once; a reader thread keeps a daemon that says nothing from blocking the test.
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(START_TIMEOUT) {
        Ok(line) if !line.trim().is_empty() => (child, line.trim().to_string()),
        _ => {
            kill_group(child);
            fail!(
                "dbus-daemon did not print its address; log:\n{}",
                tail(log_path, 2000)
            )
        }
    }
}

fn free_port() -> u16 {
    let listener =
        TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| fail!("cannot find a free port: {e}"));
    listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_else(|e| fail!("cannot read a port: {e}"))
}

fn free_port_other_than(taken: u16) -> u16 {
    loop {
        let port = free_port();
        if port != taken {
            return port;
        }
    }
}

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

/// Looks for an executable in the extra folders first, then on PATH.
fn find_program(name: &str, extra: &[PathBuf]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    extra
        .iter()
        .cloned()
        .chain(std::env::split_paths(&path))
        .map(|dir| dir.join(name))
        .find(|candidate| {
            fs::metadata(candidate)
                .map(|m| {
                    use std::os::unix::fs::PermissionsExt;
                    m.is_file() && m.permissions().mode() & 0o111 != 0
                })
                .unwrap_or(false)
        })
}

/// The cargo target folder (the test binary lives in target/<profile>/deps/).
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// The last `max` bytes of a log file, for failure messages.
pub fn tail(path: &Path, max: u64) -> String {
    let Ok(mut file) = File::open(path) else {
        return format!("(no log at {})", path.display());
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(max)));
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}
