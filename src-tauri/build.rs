fn main() {
    // tauri-build reads tauri.conf.json and prepares the embedded context; the headless build needs none of it.
    #[cfg(feature = "desktop")]
    tauri_build::build();
}
