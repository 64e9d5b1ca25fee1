//! The independent reader's floor for `scripts/bench`: one bare read of a config file by the
//! `configparser` crate, set up exactly as the tool's read-back check sets it up (case-sensitive,
//! `[DEFAULT]`, multi-line values, no inline comments), and nothing else.
//!
//! Usage: `configparser-read FILE`. Prints the number of sections so the read cannot be optimised
//! away.

use std::process::ExitCode;

use configparser::ini::Ini;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: configparser-read FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("configparser-read: cannot read `{path}`: {e}");
            return ExitCode::from(2);
        }
    };
    let mut ini = Ini::new_cs();
    ini.set_default_section("DEFAULT");
    ini.set_multiline(true);
    ini.set_inline_comment_symbols(Some(&[]));
    match ini.read(text) {
        Ok(map) => {
            println!("sections={}", map.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("configparser-read: `{path}`: {e}");
            ExitCode::from(2)
        }
    }
}
