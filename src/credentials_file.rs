//! The disk edge of [`crate::aws::credentials`]: which shared credentials file goes with a
//! config, and reading it. The AWS files that go with a config are found as the token cache is
//! ([`sso_cache_io::aws_dir`], also in the README, "What it does"):
//! - the default config, standard input, and a named config with the same owner as `$HOME`:
//!   `$AWS_SHARED_CREDENTIALS_FILE`, else `$HOME/.aws/credentials`, the file botocore and the
//!   SDKs read in the same environment;
//! - a config named on the command line inside a directory called `.aws`: `credentials` beside
//!   it (root migrating `/home/alice/.aws/config` reads `/home/alice/.aws/credentials`);
//! - any other named config: none.
//!
//! A credentials file that is not there (or a link to nothing) gives no profile SSO keys. One that is there is read as
//! an input is ([`fsio::read`]: a regular file or a link to one, within `--max-size`, never
//! blocking); one that cannot be read stops the migration of that config, which is left as it
//! was: what its profiles resolve to would not be known.

use std::path::PathBuf;

use crate::aws::credentials::CredentialsProfiles;
use crate::cli::Options;
use crate::error::{FileError, Input};
use crate::fsio;
use crate::sso_cache_io::{self, AwsDir};

/// The shared credentials file that goes with `input`, or `None` where none does.
pub fn path_for(input: &Input, opts: &Options) -> Option<PathBuf> {
    match sso_cache_io::aws_dir(input, &opts.tokens)? {
        AwsDir::Environment => (opts.shared_credentials_file.clone()).or_else(|| {
            let home = opts.tokens.home.as_ref()?;
            Some(home.join(".aws").join("credentials"))
        }),
        // Named as the config was: a relative path stays relative.
        AwsDir::Beside(dir) => Some(match input {
            Input::Path(p) => p.with_file_name("credentials"),
            Input::Stdin => dir.join("credentials"),
        }),
    }
}

/// The profiles the credentials file that goes with `input` gives, and their SSO and static
/// keys: none where there is no such file.
pub fn profiles_for(input: &Input, opts: &Options) -> Result<CredentialsProfiles, FileError> {
    let Some(path) = path_for(input, opts) else {
        return Ok(CredentialsProfiles::default());
    };
    let file = Input::Path(path);
    match fsio::read(&file, opts.max_size) {
        Ok(bytes) => Ok(CredentialsProfiles::read(file.label(), bytes)),
        // Not there, or a link to nothing: botocore reads no credentials file then either.
        Err(FileError::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(CredentialsProfiles::default())
        }
        Err(e) => Err(e),
    }
}
