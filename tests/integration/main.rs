//! The one integration test binary: every test runs the real executable (or the library on
//! real data) in a temporary directory, never against the real `~/.aws`.

mod cli;
mod conformance;
mod credentials;
mod doctor;
mod fixtures;
mod json;
mod output;
mod proptests;
mod roundtrip;
mod safety;
mod support;
mod tokens;
mod write;
