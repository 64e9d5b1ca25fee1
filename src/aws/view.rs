//! botocore's whole view of a config (and credentials) file: every profile and sso-session with
//! its properties, as `botocore.session.Session.full_config` builds it.
//!
//! This is what the cross-SDK parser suite describes, so the conformance tests compare it with
//! the suite's expected output; where botocore deliberately differs from the suite, the tests
//! record the difference by case name. It is a serde value, ready for a machine-readable dump.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Config, SectionKind};
use crate::doc::{Document, py};

/// A property value: a string, or the `key = value` pairs of a nested block (`s3 =` followed by
/// indented lines), which botocore parses into a dict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Str(String),
    Nested(BTreeMap<String, String>),
}

pub type Properties = BTreeMap<String, Value>;

/// Profiles and sso-sessions by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct View {
    pub profiles: BTreeMap<String, Properties>,
    pub sso_sessions: BTreeMap<String, Properties>,
}

/// Why botocore refuses the files: the first problem it would raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub file: &'static str,
    pub line: usize,
    /// The problem's stable code ([`super::ProblemKind::code`]).
    pub code: &'static str,
}

/// Reads a config file and an optional credentials file as botocore does.
pub fn botocore_view(config: &[u8], credentials: Option<&[u8]>) -> Result<View, Refused> {
    let doc = Document::parse(config.to_vec());
    let cfg = Config::read(&doc);
    refuse_if_needed(&cfg, "config")?;
    let mut view = View::default();
    // `build_profile_map`: sections in file order, a later section of the same name wins.
    for (i, s) in cfg.sections().enumerate() {
        let target = match &s.kind {
            SectionKind::Profile { name, .. } => view.profiles.entry(name.to_string()),
            SectionKind::SsoSession { name, .. } => view.sso_sessions.entry(name.to_string()),
            _ => continue,
        };
        *target.or_default() = properties(&cfg, i);
    }
    if let Some(creds) = credentials {
        let doc = Document::parse(creds.to_vec());
        let cred_cfg = Config::read(&doc);
        refuse_if_needed(&cred_cfg, "credentials")?;
        // `Session.full_config`: credentials sections are profiles named by their whole header;
        // their keys update the config file's.
        for (i, s) in cred_cfg.sections().enumerate() {
            if s.kind == SectionKind::Defaults {
                continue;
            }
            view.profiles
                .entry(s.header.to_string())
                .or_default()
                .extend(properties(&cred_cfg, i));
        }
    }
    Ok(view)
}

fn refuse_if_needed(cfg: &Config, file: &'static str) -> Result<(), Refused> {
    match cfg.problems().iter().find(|p| p.botocore_refuses()) {
        Some(p) => Err(Refused {
            file,
            line: p.line,
            code: p.kind.code(),
        }),
        None => Ok(()),
    }
}

fn properties(cfg: &Config, sec: usize) -> Properties {
    cfg.effective(sec)
        .into_iter()
        .map(|(k, v)| {
            let value = if v.starts_with('\n') {
                Value::Nested(parse_nested(v).unwrap_or_default())
            } else {
                Value::Str(v.to_string())
            };
            (k.to_string(), value)
        })
        .collect()
}

/// botocore's `_parse_nested`: one `key = value` per non-blank line, split at the first `=`.
/// `None` where a line has no `=` (botocore refuses the file; [`Config::read`] reports it).
pub fn parse_nested(value: &str) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for line in py::splitlines(value) {
        let line = py::strip(line);
        if line.is_empty() {
            continue;
        }
        let (k, v) = line.split_once('=')?;
        out.insert(py::strip(k).to_string(), py::strip(v).to_string());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn profiles_sessions_and_nested_values() {
        let v = botocore_view(
            b"[default]\nregion = a # c\n[profile \"x y\"]\ns3 =\n  k = v\n\n  k2 = v2\n[sso-session s]\nsso_region = r\n",
            None,
        )
        .unwrap();
        assert_eq!(v.profiles["default"]["region"], s("a # c"));
        let Value::Nested(n) = &v.profiles["x y"]["s3"] else {
            panic!("not nested")
        };
        assert_eq!(n.len(), 2);
        assert_eq!(v.sso_sessions["s"]["sso_region"], s("r"));
    }

    #[test]
    fn later_default_wins_and_credentials_override() {
        let v = botocore_view(
            b"[profile default]\na = 1\n[default]\nb = 2\n",
            Some(b"[default]\nb = 3\n[profile p]\nc = 4\n"),
        )
        .unwrap();
        assert_eq!(v.profiles["default"].len(), 1);
        assert_eq!(v.profiles["default"]["b"], s("3"));
        assert_eq!(v.profiles["profile p"]["c"], s("4"));
    }

    #[test]
    fn refusals_name_file_and_line() {
        let e = botocore_view(b"[a]\n[a]\n", None).unwrap_err();
        assert_eq!((e.file, e.line), ("config", 2));
        let e = botocore_view(b"", Some(b"k = v\n")).unwrap_err();
        assert_eq!(e.file, "credentials");
    }
}
