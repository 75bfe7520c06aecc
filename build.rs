//! Rebuild the binary when the embedded built-in theme changes (`include_dir!` does not tell
//! cargo which files it read).

fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=i18n");
}
