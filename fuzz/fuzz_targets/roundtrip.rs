//! Fuzz target: the lossless document. `Document::parse(x).render() == x` for any bytes, and the
//! classified lines cover the input exactly (no line lost, merged or duplicated).

#![no_main]

use aws_sso_migrate::doc::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let doc = Document::parse(data.to_vec());
    assert!(doc.render() == data, "render changed the bytes");
    let mut rebuilt = Vec::with_capacity(data.len());
    if doc.has_bom() {
        rebuilt.extend_from_slice(b"\xEF\xBB\xBF");
    }
    for i in 0..doc.len() {
        rebuilt.extend_from_slice(doc.raw(i));
    }
    assert!(rebuilt == data, "the lines do not cover the input");
});
