//! The AWS cross-SDK profile-parser suite (`profile-parser-tests.json`, 65 cases) run through
//! our botocore view. Where botocore deliberately differs from the suite, the case is recorded
//! by name in `tests/conformance/botocore-divergences.json` with the reason and botocore's
//! result, so the test fails if any case changes behaviour in either direction.

use std::collections::BTreeMap;

use aws_sso_migrate::aws::view::{self, Value, View};
use serde_json::{Value as Json, json};

use crate::support::{repo, shared};

const SUITE_CASES: usize = 65;

fn suite() -> Vec<Json> {
    let path = shared().join("conformance/aws-sdk/profile-parser-tests.json");
    let suite: Json = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    suite["tests"].as_array().unwrap().clone()
}

/// What we make of a case: botocore's view as JSON, or `{"error": …}`.
fn ours(case: &Json) -> Json {
    let input = &case["input"];
    let config = input["configFile"].as_str().unwrap_or("");
    let creds = input["credentialsFile"].as_str();
    match view::botocore_view(config.as_bytes(), creds.map(str::as_bytes)) {
        Ok(v) => serde_json::to_value(v).unwrap(),
        Err(e) => json!({ "error": format!("{} line {}: {}", e.file, e.line, e.code) }),
    }
}

/// The suite's expected output in the same shape; nested strings (`"\nk = v"`) become maps.
fn expected(case: &Json) -> Json {
    let out = &case["output"];
    if out.get("errorContaining").is_some() {
        return json!({ "error": out["errorContaining"] });
    }
    let section_map = |v: &Json| -> BTreeMap<String, BTreeMap<String, Value>> {
        v.as_object()
            .map(|m| {
                m.iter()
                    .map(|(name, props)| {
                        let props = props
                            .as_object()
                            .unwrap()
                            .iter()
                            .map(|(k, v)| {
                                let s = v.as_str().unwrap();
                                let value = if s.starts_with('\n') {
                                    Value::Nested(view::parse_nested(s).unwrap())
                                } else {
                                    Value::Str(s.to_string())
                                };
                                (k.clone(), value)
                            })
                            .collect();
                        (name.clone(), props)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    serde_json::to_value(View {
        profiles: section_map(&out["config"]["profiles"]),
        sso_sessions: section_map(&out["config"]["sso_sessions"]),
    })
    .unwrap()
}

fn is_error(v: &Json) -> bool {
    v.get("error").is_some()
}

/// Two results agree when both are errors (messages are each SDK's own) or both are equal views.
fn agree(a: &Json, b: &Json) -> bool {
    (is_error(a) && is_error(b)) || a == b
}

#[test]
fn cross_sdk_parser_suite() {
    let cases = suite();
    assert_eq!(cases.len(), SUITE_CASES, "the suite changed size");
    let recorded: Vec<Json> = serde_json::from_slice(
        &std::fs::read(repo().join("tests/conformance/botocore-divergences.json")).unwrap(),
    )
    .unwrap();
    let mut by_name: BTreeMap<&str, &Json> = BTreeMap::new();
    for r in &recorded {
        let name = r["name"].as_str().unwrap();
        assert!(
            r["why"].as_str().is_some_and(|w| !w.is_empty()),
            "{name}: a recorded divergence needs a reason"
        );
        assert!(by_name.insert(name, r).is_none(), "{name} recorded twice");
    }
    let (mut passed, mut divergent) = (0, 0);
    let mut failures = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let (got, want) = (ours(case), expected(case));
        match by_name.get(name) {
            None if agree(&got, &want) => passed += 1,
            None => failures.push(format!(
                "{name}: suite expects {want}, we (following botocore) give {got}; record it in \
                 botocore-divergences.json if botocore really does this"
            )),
            Some(r) => {
                seen.insert(name);
                let botocore = &r["botocore"];
                if !agree(&got, botocore) {
                    failures.push(format!(
                        "{name}: recorded botocore result {botocore}, we now give {got}"
                    ));
                } else if agree(&got, &want) {
                    failures.push(format!(
                        "{name}: recorded as a divergence but we now agree with the suite"
                    ));
                } else {
                    divergent += 1;
                }
            }
        }
    }
    for name in by_name.keys() {
        if !cases.iter().any(|c| c["name"] == *name) {
            failures.push(format!("{name}: recorded but not in the suite"));
        }
    }
    eprintln!(
        "cross-SDK parser suite: {} cases: {passed} pass, {divergent} recorded botocore divergences",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // One case name appears twice in the suite; every other case is counted once.
    assert_eq!(passed + divergent, cases.len());
}
