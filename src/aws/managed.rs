//! Blocks of a config file that another tool owns and rewrites: it erases everything between its
//! markers on its next run and writes its own profiles back. Nothing may be inserted inside such a
//! block, and what is inside is left to the tool that owns it.
//!
//! Recognised owners (`AWS-CONFIG-FACTS.md` §4 and the real-world corpus, files 010 and 014):
//! - aws-sso-cli (`synfinatic/aws-sso-cli`, `internal/fileutils/fileedit.go`): comment lines
//!   `# BEGIN_AWS_SSO_CLI` and `# END_AWS_SSO_CLI`, suffixed `_<SSOName>` for a second instance;
//! - aws-sso-profile-generator (`hacker65536/aws-sso-profile-generator`, command
//!   `aws-sso-profiles`): `# AWS_SSO_CONFIG_GENERATOR:<name> START …` and `… END …`;
//! - Granted's profile registries: pseudo-sections `[granted_registry_start NAME]` and
//!   `[granted_registry_end NAME]`;
//! - aws-samples/aws-sso-profile-tool: `### The section below added by awsssoprofiletool.sh` and
//!   `### The section above added by awsssoprofiletool.sh` (it only appends, but a second run
//!   writes the same profiles again, so its block is left to it too).
//!
//! A block whose end marker is missing runs to the end of the file: the owner's next run may
//! erase that much. Pure: it reads the document's lines, nothing else.

use serde::Serialize;

use crate::doc::{Document, LineKind};

/// The tool that owns a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManagedBy {
    AwsSsoCli,
    AwsSsoProfileGenerator,
    Granted,
    AwsSsoProfileTool,
}

/// One managed block: its owner, the name of the instance (aws-sso-cli's SSO name, the generator's
/// name, Granted's registry), and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManagedBlock {
    pub by: ManagedBy,
    pub name: String,
    /// The begin marker's line (0-based).
    pub begin: usize,
    /// The end marker's line (0-based); the last line of the file when it is missing.
    pub end: usize,
}

impl ManagedBlock {
    /// Whether line `i` (0-based) is inside the block, markers included.
    pub fn contains(&self, i: usize) -> bool {
        (self.begin..=self.end).contains(&i)
    }
}

/// A marker line: whether it opens or closes a block, and of which owner and name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Marker {
    Begin(ManagedBy, String),
    End(ManagedBy, String),
}

/// What line `i` marks, if anything.
fn marker(doc: &Document, i: usize) -> Option<Marker> {
    let (comment, header) = (doc.is_comment(i), doc.is_header(i));
    // Most lines are not markers, and most are seen twice (blocks, and a session's insertion
    // line climbing over comments): they are turned away on their bytes.
    let raw = doc.raw_text(i);
    let candidate = (comment && may_be_comment_marker(raw))
        || (header && memchr::memchr_iter(b'g', raw).any(|at| raw[at..].starts_with(b"granted_")));
    if !candidate {
        return None;
    }
    let text = doc.text(i).trim();
    match doc.line(i).kind {
        LineKind::Comment => comment_marker(text),
        LineKind::Section { .. } => {
            let header = text.strip_prefix('[')?.split(']').next()?.trim();
            if let Some(name) = header.strip_prefix("granted_registry_start") {
                Some(Marker::Begin(ManagedBy::Granted, name.trim().to_string()))
            } else {
                header
                    .strip_prefix("granted_registry_end")
                    .map(|name| Marker::End(ManagedBy::Granted, name.trim().to_string()))
            }
        }
        _ => None,
    }
}

/// Whether a comment line may be a marker: after its `#`/`;` and spaces it starts as a marker
/// starts, or it ends with aws-sso-profile-tool's mark. Plain ASCII is decided on
/// the bytes; control bytes and anything not ASCII (whitespace to `trim`) are left to
/// [`comment_marker`].
fn may_be_comment_marker(raw: &[u8]) -> bool {
    let body = raw
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'#' | b';'))
        .map_or(&[][..], |at| &raw[at..]);
    let Some(&first) = body.first() else {
        return false;
    };
    let last = body.iter().rposition(|&b| b > b' ');
    let starts = |prefix: &[u8]| body.starts_with(prefix);
    !first.is_ascii()
        || first <= b' '
        || starts(b"BEGIN_AWS_SSO_CLI")
        || starts(b"END_AWS_SSO_CLI")
        || starts(b"AWS_SSO_CONFIG_GENERATOR")
        || last
            .is_none_or(|at| !body[at].is_ascii() || body[..=at].ends_with(b"awsssoprofiletool.sh"))
}

fn comment_marker(text: &str) -> Option<Marker> {
    let body = text.trim_start_matches(['#', ';']).trim();
    if let Some(rest) = body.strip_prefix("BEGIN_AWS_SSO_CLI") {
        return Some(Marker::Begin(ManagedBy::AwsSsoCli, instance(rest)));
    }
    if let Some(rest) = body.strip_prefix("END_AWS_SSO_CLI") {
        return Some(Marker::End(ManagedBy::AwsSsoCli, instance(rest)));
    }
    if let Some(rest) = body.strip_prefix("AWS_SSO_CONFIG_GENERATOR") {
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        let mut words = rest.split_whitespace();
        let name = words.next().unwrap_or_default().to_string();
        return match words.next() {
            Some("START") => Some(Marker::Begin(ManagedBy::AwsSsoProfileGenerator, name)),
            Some("END") => Some(Marker::End(ManagedBy::AwsSsoProfileGenerator, name)),
            _ => None,
        };
    }
    if body.ends_with("added by awsssoprofiletool.sh") {
        if body.contains("section below") {
            return Some(Marker::Begin(ManagedBy::AwsSsoProfileTool, String::new()));
        }
        if body.contains("section above") {
            return Some(Marker::End(ManagedBy::AwsSsoProfileTool, String::new()));
        }
    }
    None
}

/// `_<SSOName>` after aws-sso-cli's marker, or nothing for its default instance.
fn instance(rest: &str) -> String {
    rest.split_whitespace()
        .next()
        .and_then(|w| w.strip_prefix('_'))
        .unwrap_or_default()
        .to_string()
}

/// Whether line `i` is a begin or end marker of a managed block.
pub fn is_marker(doc: &Document, i: usize) -> bool {
    marker(doc, i).is_some()
}

/// Every managed block of `cfg`'s file, in file order. Blocks do not nest: inside a block, only
/// its own end marker ends it. A file without marker text is not walked: the search for it is
/// [`super::Config::may_have_markers`], made once however many ask.
pub fn blocks(cfg: &super::Config) -> Vec<ManagedBlock> {
    let mut out = Vec::new();
    if !cfg.may_have_markers() {
        return out;
    }
    let doc = cfg.document();
    let mut open: Option<(ManagedBy, String, usize)> = None;
    for i in 0..doc.len() {
        match (marker(doc, i), &open) {
            (Some(Marker::Begin(by, name)), None) => open = Some((by, name, i)),
            (Some(Marker::End(by, name)), Some((open_by, open_name, begin)))
                if by == *open_by && (name == *open_name || by == ManagedBy::Granted) =>
            {
                out.push(ManagedBlock {
                    by,
                    name: open_name.clone(),
                    begin: *begin,
                    end: i,
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some((by, name, begin)) = open {
        out.push(ManagedBlock {
            by,
            name,
            begin,
            end: doc.len().saturating_sub(1),
        });
    }
    out
}

/// Text every marker line holds, as its owner writes it: the part of aws-sso-cli's and
/// aws-sso-profile-generator's markers they share, aws-sso-profile-tool's name and Granted's
/// pseudo-section prefix.
const MARKER_TEXTS: [&[u8]; 3] = [b"AWS_SSO_", b"awsssoprofiletool.sh", b"granted_registry_"];

/// Whether `doc` may have a marker line. False means it has none: a file without any marker text
/// is not looked at line by line (a 300,000-line comment block was, once for the blocks and
/// again for every new session's insertion line climbing over it).
pub fn may_have_markers(doc: &Document) -> bool {
    let bytes = &*doc.bytes();
    if bytes.len() < crate::doc::PARALLEL_BYTES {
        return has_marker_text(bytes);
    }
    // A large file is searched in two halves, one on each core: the first runs on over the
    // middle by a text's length less one, so that a text across it is whole in one half.
    let middle = bytes.len() / 2;
    let first = &bytes[..(middle + MARKER_OVERLAP).min(bytes.len())];
    let (a, b) = crate::threads::beside(
        || has_marker_text(first),
        || has_marker_text(&bytes[middle..]),
    );
    a || b
}

/// Whether `bytes` hold one of [`MARKER_TEXTS`]. One pass, not one a text: each block is
/// searched for all three while it is in the cache. Blocks overlap by a text's length less one,
/// so that a text across the end of one is whole in the next.
fn has_marker_text(bytes: &[u8]) -> bool {
    let finders = MARKER_TEXTS.map(memchr::memmem::Finder::new);
    let mut start = 0;
    loop {
        let end = bytes.len().min(start + MARKER_BLOCK);
        let block = &bytes[start..end];
        if finders.iter().any(|f| f.find(block).is_some()) {
            return true;
        }
        if end == bytes.len() {
            return false;
        }
        start = end - MARKER_OVERLAP;
    }
}

/// How many bytes two parts searched apart share: the longest text's length less one.
const MARKER_OVERLAP: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < MARKER_TEXTS.len() {
        if MARKER_TEXTS[i].len() > longest {
            longest = MARKER_TEXTS[i].len();
        }
        i += 1;
    }
    longest - 1
};

/// How much of a file [`may_have_markers`] searches at a time: well inside a core's cache.
const MARKER_BLOCK: usize = 64 * 1024;

/// The block holding line `i`, if any. `blocks` are in file order and do not overlap, as
/// [`blocks`] finds them: a binary search, since every profile of a file asks.
pub fn block_at(blocks: &[ManagedBlock], i: usize) -> Option<&ManagedBlock> {
    let starting_before = blocks.partition_point(|b| b.begin <= i);
    blocks[..starting_before].last().filter(|b| b.contains(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::Config;

    fn found(src: &str) -> Vec<(ManagedBy, String, usize, usize)> {
        let doc = Document::parse(src);
        blocks(&Config::read(&doc))
            .into_iter()
            .map(|b| (b.by, b.name, b.begin, b.end))
            .collect()
    }

    #[test]
    fn every_owner_is_recognised() {
        assert_eq!(
            found("[profile a]\n# BEGIN_AWS_SSO_CLI\n\n[profile b]\n# END_AWS_SSO_CLI\n"),
            [(ManagedBy::AwsSsoCli, String::new(), 1, 4)]
        );
        assert_eq!(
            found("# BEGIN_AWS_SSO_CLI_Work\n[profile b]\n# END_AWS_SSO_CLI_Work\n"),
            [(ManagedBy::AwsSsoCli, "Work".into(), 0, 2)]
        );
        assert_eq!(
            found(
                "# AWS_SSO_CONFIG_GENERATOR:awssso START 2026/01/01 00:00:00\n[profile x]\n\
                 # AWS_SSO_CONFIG_GENERATOR:awssso END 2026/01/01 00:00:00\n"
            ),
            [(ManagedBy::AwsSsoProfileGenerator, "awssso".into(), 0, 2)]
        );
        assert_eq!(
            found("[granted_registry_start corp]\n[profile b]\n[granted_registry_end corp]\n"),
            [(ManagedBy::Granted, "corp".into(), 0, 2)]
        );
        assert_eq!(
            found(
                "### The section below added by awsssoprofiletool.sh\n[profile b]\n\
                 ### The section above added by awsssoprofiletool.sh\n"
            ),
            [(ManagedBy::AwsSsoProfileTool, String::new(), 0, 2)]
        );
    }

    #[test]
    fn a_block_without_its_end_runs_to_the_end_of_the_file() {
        assert_eq!(
            found("[profile a]\n# BEGIN_AWS_SSO_CLI\n[profile b]\nk = v\n"),
            [(ManagedBy::AwsSsoCli, String::new(), 1, 3)]
        );
        // Another instance's end marker does not end it.
        assert_eq!(
            found("# BEGIN_AWS_SSO_CLI_A\n# END_AWS_SSO_CLI_B\n[profile b]\n"),
            [(ManagedBy::AwsSsoCli, "A".into(), 0, 2)]
        );
    }

    #[test]
    fn every_line_finds_the_block_that_holds_it() {
        // Blocks side by side, apart, of one line's content, and one left open at the end.
        let src = "[profile a]\n# BEGIN_AWS_SSO_CLI\n[profile b]\n# END_AWS_SSO_CLI\n\
                   # BEGIN_AWS_SSO_CLI_X\n# END_AWS_SSO_CLI_X\n[profile c]\n\n\
                   [granted_registry_start g]\n[profile d]\n[granted_registry_end g]\n\
                   [profile e]\n# BEGIN_AWS_SSO_CLI\n[profile f]\nk = v\n";
        let doc = Document::parse(src);
        let all = blocks(&Config::read(&doc));
        assert_eq!(all.len(), 4);
        for i in 0..doc.len() + 2 {
            let walked = all.iter().find(|b| b.contains(i));
            assert_eq!(block_at(&all, i), walked, "line {i}");
        }
    }

    #[test]
    fn ordinary_comments_are_not_markers() {
        assert!(found("# BEGIN here\n[profile a]\n# the END_AWS_SSO_CLI marker\n").is_empty());
    }

    #[test]
    fn the_byte_check_turns_away_no_marker() {
        // Markers as `trim` sees them: Unicode and control whitespace around them, `#` and `;`
        // runs, and the shapes the byte check decides without `trim`.
        let lines = [
            "# BEGIN_AWS_SSO_CLI",
            "\t;;# END_AWS_SSO_CLI_Work",
            "\u{a0}# BEGIN_AWS_SSO_CLI",
            "#\u{2003}BEGIN_AWS_SSO_CLI",
            "#\x0bBEGIN_AWS_SSO_CLI",
            "# AWS_SSO_CONFIG_GENERATOR:x START 1",
            "### The section below added by awsssoprofiletool.sh",
            "### The section above added by awsssoprofiletool.sh \t",
            "### The section above added by awsssoprofiletool.sh\x0c",
            "### The section above added by awsssoprofiletool.sh\u{3000}",
            "# an ordinary comment",
            "#",
            "# Accounts 0-7",
        ];
        for line in lines {
            let text = format!("{line}\n");
            let doc = Document::parse(text.as_str());
            let is_marker = comment_marker(line.trim()).is_some();
            assert!(
                !is_marker || may_be_comment_marker(doc.raw_text(0)),
                "{line:?} is a marker the byte check turns away"
            );
            assert_eq!(super::is_marker(&doc, 0), is_marker, "{line:?}");
            // The file-wide check never hides a marker.
            assert!(!is_marker || may_have_markers(&doc), "{line:?}");
        }
        for header in ["[granted_registry_start x]", "[ granted_registry_end x ]"] {
            let doc = Document::parse(header);
            assert!(
                super::is_marker(&doc, 0) && may_have_markers(&doc),
                "{header}"
            );
        }
        let plain = Document::parse("# Accounts 0-7\n[profile a]\nregion = x\n");
        assert!(!may_have_markers(&plain));
        // Searched a block at a time: a text is found wherever it lies, across a block's end
        // too, and a file without one is searched to its end.
        for text in MARKER_TEXTS {
            let text = std::str::from_utf8(text).unwrap();
            for block in 1..4 {
                let end = block * MARKER_BLOCK;
                for at in (end - text.len() - 1)..=(end + 1) {
                    let src = format!("{}{text}\n", "#".repeat(at));
                    let doc = Document::parse(src.as_str());
                    assert!(may_have_markers(&doc), "{text} at {at}");
                }
            }
        }
        let long = Document::parse("# Accounts 0-7\n".repeat(3 * MARKER_BLOCK / 15));
        assert!(!may_have_markers(&long));
        // A file large enough to be searched in halves: a text across the middle is found, and
        // one in either half.
        let len = 2 * crate::doc::PARALLEL_BYTES;
        for text in MARKER_TEXTS {
            let text = std::str::from_utf8(text).unwrap();
            let middle = len / 2;
            let around = (middle - text.len() - 1)..=(middle + 1);
            for at in around.chain([0, len - text.len() - 1]) {
                let mut src = "#".repeat(len);
                src.replace_range(at..at + text.len(), text);
                let doc = Document::parse(src.as_str());
                assert!(may_have_markers(&doc), "{text} at {at}");
            }
        }
        let large = Document::parse("# Accounts 0-7\n".repeat(len / 15));
        assert!(large.byte_len() >= crate::doc::PARALLEL_BYTES && !may_have_markers(&large));
        assert!(!may_be_comment_marker(b"# an ordinary comment"));
        assert!(!may_be_comment_marker(
            b"# 00000000 lorem ipsum dolor sit amet"
        ));
    }
}
