//! The only code that touches files: reading a config (and, with `--write`, replacing it).

use std::io::{self, Read};

use crate::error::{FileError, Input};

/// Reads the whole input as bytes.
pub fn read(input: &Input) -> Result<Vec<u8>, FileError> {
    let result = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
        }
        Input::Path(p) => std::fs::read(p),
    };
    result.map_err(|source| FileError::Read {
        path: input.label(),
        source,
    })
}
