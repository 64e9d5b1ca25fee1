//! Fuzz target: the whole pipeline on any bytes. `migrate` must not panic and must never report
//! `MigrateError::Internal` (its own verification caught a change of meaning: always a bug). On
//! success the output round-trips and parsed whole reads as the tool read it from the original,
//! the `configparser` crate reading both whole files agrees (the tool itself only reads the
//! sections a rewrite changed), migrating it again changes nothing, and no new session takes a
//! name that botocore or another AWS SDK ([`Reader`]) reads in a header of the original.

#![no_main]

use std::borrow::Cow;

use aws_sso_migrate::aws::{Config, Reader};
use aws_sso_migrate::doc::Document;
use aws_sso_migrate::migrate::{MigrateError, migrate};
use aws_sso_migrate::plan::PlanOptions;
use aws_sso_migrate::verify;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = PlanOptions::default();
    match migrate(data.to_vec(), &opts) {
        Ok(m) => {
            assert!(*m.old.bytes() == *data, "the original document changed");
            let new = &*m.rewritten().bytes();
            let whole = Document::parse(new.to_vec());
            assert!(whole.render() == new, "the output does not round-trip");
            assert!(
                m.rewritten().lines().eq(whole.lines()),
                "the rewrite read from the original differs from its full parse"
            );
            assert!(
                (0..whole.len()).all(|i| m.rewritten().raw(i) == whole.raw(i)),
                "a line of the rewrite read from the original has other bytes"
            );
            if let Err(e) = verify::independent(data, new) {
                panic!("configparser reading the whole files disagrees: {e:?}");
            }
            let cfg = Config::read(&m.old);
            for s in m.plan.sessions.iter().filter(|s| s.is_new()) {
                for i in 0..cfg.section_count() {
                    let header = cfg.header(i);
                    let names = cfg.session_name(i).map(Cow::Borrowed).into_iter().chain(
                        Reader::OTHER_SDKS
                            .into_iter()
                            .filter_map(|r| r.reads_header(header))
                            .filter_map(|(kind, name)| (kind == "sso-session").then_some(name)),
                    );
                    for name in names {
                        assert!(
                            !name.eq_ignore_ascii_case(s.name),
                            "the new session {:?} is read in [{header:?}]",
                            s.name
                        );
                    }
                }
            }
            match migrate(new.to_vec(), &opts) {
                Ok(again) => {
                    assert!(
                        *again.rewritten().bytes() == *new,
                        "migrating the output changed it"
                    );
                    assert!(
                        !again.plan.changes_anything(),
                        "a second run has work to do"
                    );
                }
                Err(e) => panic!("migrating the output failed: {e:?}"),
            }
        }
        Err(MigrateError::Unreadable { .. } | MigrateError::Plan(_)) => {}
        Err(MigrateError::Internal(e)) => panic!("MigrateError::Internal: {e}"),
    }
});
