//! Byte-exact round trip: rendering an unmodified parse reproduces the input, for every fixture,
//! every input of the AWS SDK conformance data and every file of the real-world corpus.

use std::path::{Path, PathBuf};

use aws_sso_migrate::doc::Document;

use crate::support::{repo, shared};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn assert_round_trip(name: &str, bytes: &[u8]) {
    let doc = Document::parse(bytes.to_vec());
    assert!(doc.render() == bytes, "{name}: round trip changed bytes");
    // Reassembling the classified lines gives the same bytes too (no line is lost or merged).
    let mut rebuilt = Vec::new();
    if doc.has_bom() {
        rebuilt.extend_from_slice(b"\xEF\xBB\xBF");
    }
    for i in 0..doc.len() {
        rebuilt.extend_from_slice(doc.raw(i));
    }
    assert!(rebuilt == bytes, "{name}: lines do not cover the file");
}

#[test]
fn every_fixture_round_trips() {
    let mut files = Vec::new();
    files_under(&repo().join("fixtures"), &mut files);
    assert!(files.len() >= 14, "fixtures not found");
    for f in files {
        assert_round_trip(&f.display().to_string(), &std::fs::read(&f).unwrap());
    }
}

#[test]
fn every_conformance_input_round_trips() {
    let base = shared().join("conformance/aws-sdk");
    let mut count = 0;
    // INI inputs: botocore's fixtures (including invalid bytes) and the SSO scenarios' files.
    let mut files = Vec::new();
    files_under(&base.join("botocore-cfg"), &mut files);
    files_under(&base.join("smithy-rs-sso-scenarios"), &mut files);
    for f in files.iter().filter(|f| {
        matches!(
            f.file_name().and_then(|n| n.to_str()),
            Some("config" | "credentials")
        ) || f.parent().is_some_and(|p| p.ends_with("botocore-cfg"))
    }) {
        assert_round_trip(&f.display().to_string(), &std::fs::read(f).unwrap());
        count += 1;
    }
    assert!(count >= 9 + 11, "only {count} INI inputs found");
    // The cross-SDK parser suite carries its inputs inside JSON.
    let suite: serde_json::Value =
        serde_json::from_slice(&std::fs::read(base.join("profile-parser-tests.json")).unwrap())
            .unwrap();
    let mut texts = 0;
    for case in suite["tests"].as_array().unwrap() {
        for key in ["configFile", "credentialsFile"] {
            if let Some(text) = case["input"][key].as_str() {
                assert_round_trip(case["name"].as_str().unwrap(), text.as_bytes());
                texts += 1;
            }
        }
    }
    assert!(texts >= 65, "only {texts} suite inputs found");
}

#[test]
fn every_real_world_config_round_trips() {
    let dir = shared().join("corpus/real-world");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "config") {
            assert_round_trip(&p.display().to_string(), &std::fs::read(&p).unwrap());
            n += 1;
        }
    }
    assert_eq!(n, 26, "the corpus has 26 configs");
}

#[test]
fn odd_bytes_round_trip() {
    for src in [
        &b""[..],
        b"\n",
        b"\r\n\r\n",
        b"[a]\r\nk = v\nx = y\r\n",
        b"[a]\rk = v\r",
        b"\xEF\xBB\xBF[a]\nk = v",
        b"[a]\n\tk\t=\tv\t\n  cont\n",
        b"[a]\nk = \xff\xfe\n",
        b"no newline at all",
    ] {
        assert_round_trip(&String::from_utf8_lossy(src), src);
    }
}
