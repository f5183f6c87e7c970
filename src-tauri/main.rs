// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;
use liaison_desk::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    // A command's answer and its errors are the user's messages; the log's progress lines are for the window's
    // session (and for anyone who sets RUST_LOG).
    liaison_desk::init_logging(if args.command.is_some() {
        "warn"
    } else {
        "info"
    });
    let dir = cli::data_dir(args.data_dir);
    match args.command {
        Some(command) => match cli::run(dir, command) {
            Ok(out) => {
                // A reader that stops early (`| head`) closes the pipe: that is not an error of ours.
                use std::io::Write;
                let _ = writeln!(std::io::stdout(), "{out}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("liaison-desk: {message}");
                ExitCode::FAILURE
            }
        },
        None => open_window(dir),
    }
}

#[cfg(feature = "desktop")]
fn open_window(dir: std::path::PathBuf) -> ExitCode {
    match liaison_desk::app::run(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("liaison-desk: {}", cli::explain(&e));
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "desktop"))]
fn open_window(_dir: std::path::PathBuf) -> ExitCode {
    eprintln!("liaison-desk: this build has no window (built without the `desktop` feature); use a subcommand");
    ExitCode::FAILURE
}
