//! # aws-sso-migrate
//!
//! Moves AWS CLI config files (`~/.aws/config`) from the legacy SSO format, where every profile
//! carries `sso_start_url` and `sso_region`, to the `sso-session` format (AWS CLI 2.9+), where
//! one `[sso-session NAME]` block per portal holds them and profiles say `sso_session = NAME`.
//!
//! ## Guarantees
//! - **Lossless.** Bytes not deliberately changed come out identical: comments, blank lines,
//!   order, spacing, CRLF, tabs, a missing final newline, unknown sections, nested blocks.
//! - **Same meaning.** Before anything is shown, the lines the rewrite did not touch are checked
//!   byte-identical, and the changed sections of the original and the rewritten file are read
//!   back by two readers (our botocore model and the `configparser` crate); every profile must
//!   resolve to the same start URL (modulo the declared spelling merge), SSO region, account and
//!   role. A mismatch stops the tool.
//! - **Refuses what botocore refuses.** Duplicate sections or keys, keys before the first
//!   section, invalid UTF-8, a byte-order mark: the file is not touched.
//!
//! ## Layout
//! - [`doc`]: the lossless document (bytes in, bytes out) and its only mutation, [`doc::edit`];
//! - [`aws`]: what botocore makes of a document;
//! - [`plan`]: which profiles move where, and why others stay (plain data the emitters render);
//! - [`rewrite`]: a plan as line edits; [`verify`]: the independent read-back;
//! - [`migrate`]: the pure pipeline; [`app`], [`cli`], [`emit`], [`fsio`]: the edges, and
//!   [`relay`]: stdout's buffer, written on a second thread when the output is large;
//! - [`pages`]: asks Linux for huge pages for the largest buffers (a hint; nothing elsewhere);
//! - [`arena`]: the global allocator, the system's but for the read-back's chunks, which take
//!   their memory from a block and give it back at once;
//! - [`sso_cache`]: the SSO token cache (keys, judging a token, what to carry; pure), and
//!   [`sso_cache_io`]: reading and writing it, `--carry-tokens` and `--tokens`.

pub mod app;
pub mod arena;
pub mod aws;
pub mod cli;
mod codes;
pub mod credentials_file;
pub mod doc;
pub mod doctor;
pub mod emit;
pub mod error;
pub mod fsio;
pub mod hash;
pub mod migrate;
pub mod pages;
pub mod phases;
pub mod plan;
pub mod relay;
pub mod rewrite;
pub mod sso_cache;
pub mod sso_cache_io;
pub mod structure;
pub mod threads;
pub mod verify;

/// The system allocator, but for the chunks of [`verify::Independent`] and [`verify::ReadAhead`]
/// (see [`arena`]). Set here, in the library, so that the tests, the fuzz target and the tool
/// all run with it.
#[global_allocator]
static ALLOCATOR: arena::ChunkAllocator = arena::ChunkAllocator;
