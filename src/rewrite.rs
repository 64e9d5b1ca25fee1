//! Turns a [`Plan`] into line edits of the document. Pure.
//!
//! Every line the plan does not name stays byte-identical. In a migrated profile the
//! `sso_start_url` line becomes `sso_session = NAME` in place, with the same spacing around `=`
//! and line ending (and the same indentation where indented keys follow it), and the
//! `sso_region` line goes (and the profile's own `sso_registration_scopes`, which moved into its
//! session). A clean-up's `SSO_SESSION = NAME`, which most SDKs do not read, is written the same
//! way as its inline keys go. A new
//! `[sso-session NAME]` block goes directly above the first profile that uses it, in the file's
//! own line-ending style, followed by a blank line.

use crate::aws::{Config, Prop, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_START_URL};
use crate::doc::edit::Edits;
use crate::doc::{LineKind, widen};
use crate::plan::{Plan, SessionOrigin};

/// The edits that carry out `plan` on `cfg`'s document.
pub fn edits(cfg: &Config, plan: &Plan) -> Edits {
    let ending = cfg.ending();
    // At most one edit a new session, two or three a moved profile and one a removed key, and
    // about this much new text: made once at that size, since on a large file this list and its
    // text are the most memory the run touches for the first time here.
    let new_sessions =
        (plan.sessions.iter()).filter(|s| matches!(s.origin, SessionOrigin::New { .. }));
    let (mut sessions, mut text) = (0, 0);
    for s in new_sessions {
        sessions += 1;
        text += SESSION_LINES_BYTES
            + s.name.len()
            + s.start_url.len()
            + s.sso_region.len()
            + s.registration_scopes
                .as_ref()
                .map_or(0, |scopes| scopes.len());
    }
    let moved = (plan.migrated.iter())
        .map(|m| 2 + usize::from(m.moved_scopes))
        .sum::<usize>();
    text += (plan.migrated.iter())
        .map(|m| SESSION_LINE_BYTES + plan.session_of(m).name.len())
        .sum::<usize>();
    let removed = plan.cleaned.iter().map(|c| c.removed.len()).sum::<usize>();
    let mut edits = Edits::with_capacity(sessions + moved + removed, text);
    for s in plan.sessions.iter() {
        let SessionOrigin::New { insert_before } = s.origin else {
            continue;
        };
        let mut lines = edits.insert(insert_before as usize, ending);
        lines
            .line(&["[sso-session ", s.name, "]"])
            .line(&[SSO_START_URL, " = ", s.start_url])
            .line(&[SSO_REGION, " = ", s.sso_region]);
        if let Some(scopes) = s.registration_scopes {
            lines.line(&[SSO_REGISTRATION_SCOPES, " = ", scopes]);
        }
        lines.line(&[]);
    }
    plan.for_each_edited_key(cfg, |key, session| match session {
        Some(name) => replace_with_session(&mut edits, cfg, &key, name),
        None => delete(&mut edits, &key),
    });
    edits
}

/// A new session's lines but for its name and values, with two-byte endings: what the text of
/// [`edits`] is guessed at before it is written (it grows if the guess is short).
const SESSION_LINES_BYTES: usize = "[sso-session ]\r\nsso_start_url = \r\nsso_region = \r\n\
                                    sso_registration_scopes = \r\n\r\n"
    .len();

/// An `sso_session = ` line but for the name, with room for some indentation and alignment.
const SESSION_LINE_BYTES: usize = 24;

fn delete(edits: &mut Edits, p: &Prop) {
    edits.delete(p.line..p.end);
}

/// Replaces the `sso_start_url` line `url` (or a respelled `sso_session` line) with
/// `sso_session = NAME`, written in its style.
fn replace_with_session(edits: &mut Edits, cfg: &Config, url: &Prop, session: &str) {
    let doc = cfg.document();
    let text = doc.text(url.line);
    let LineKind::Key { key, delim, value } = &doc.line(url.line).kind else {
        edits.replace(url.line, &["sso_session = ", session]);
        return;
    };
    let (key, delim, value) = (widen(key), *delim as usize, widen(value));
    // botocore reads an indented line as a key where it is not indented deeper than the key
    // above it, the AWS SDKs for Rust, Go, Java and Ruby never: written without the indentation,
    // unless an indented key of the section follows, which botocore would then join to this line.
    let indent = match &text[..key.start] {
        "" => "",
        indent => {
            let keys_follow = (url.end..doc.len())
                .take_while(|&i| !doc.is_header(i))
                .any(|i| doc.key_delimiter(i).is_some_and(|(_, indented)| indented));
            if keys_follow { indent } else { "" }
        }
    };
    let (before, after) = if text[delim..].starts_with(':') {
        // Every AWS SDK reads `=`; only botocore and Go read `:`.
        (" ", " ")
    } else {
        (&text[key.end..delim], &text[delim + 1..value.start])
    };
    // Column-aligned files (`sso_start_url  = …`) keep their `=` column.
    let key_chars = text[key.clone()].chars().count();
    let new_key = "sso_session";
    let aligned = before.len() >= 2 && before.chars().all(|c| c == ' ');
    // Made only in such a file: an empty `String` takes no allocation.
    let padding = if aligned && key_chars > new_key.len() {
        " ".repeat(key_chars - new_key.len())
    } else {
        String::new()
    };
    edits.replace(
        url.line,
        &[indent, new_key, before, &padding, "=", after, session],
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;
    use crate::plan::{PlanOptions, plan};

    fn migrate(src: &str) -> String {
        let doc = Document::parse(src);
        let cfg = Config::read(&doc);
        assert!(cfg.problems().is_empty(), "{:?}", cfg.problems());
        let p = plan(&cfg, &PlanOptions::default()).unwrap();
        let applied = crate::doc::edit::apply(&doc, edits(&cfg, &p)).unwrap();
        String::from_utf8(applied.bytes(&doc)).unwrap()
    }

    #[test]
    fn replaces_in_place_with_the_same_style() {
        let out = migrate(
            "[profile a]\r\n\tsso_start_url=https://acme.awsapps.com/start\r\nsso_region=us-east-1\r\nsso_role_name = r\r\n",
        );
        assert_eq!(
            out,
            "[sso-session acme]\r\nsso_start_url = https://acme.awsapps.com/start\r\nsso_region = us-east-1\r\nsso_registration_scopes = sso:account:access\r\n\r\n[profile a]\r\nsso_session=acme\r\nsso_role_name = r\r\n"
        );
    }

    /// botocore reads the indented keys under `[profile a]` as keys only while none is indented
    /// deeper than the one above it: an unindented line would make them a continuation of it.
    #[test]
    fn keeps_the_indentation_of_indented_keys() {
        let out = migrate(
            "[profile a]\n  sso_start_url = https://acme.awsapps.com/start\n  sso_region = us-east-1\n  sso_role_name = r\n",
        );
        assert!(
            out.ends_with("[profile a]\n  sso_session = acme\n  sso_role_name = r\n"),
            "{out}"
        );
    }

    #[test]
    fn keeps_the_column_of_aligned_equals() {
        let out = migrate(
            "[profile a]\nsso_start_url  = https://acme.awsapps.com/start\nsso_region     = us-east-1\n",
        );
        assert!(out.contains("\nsso_session    = acme\n"), "{out}");
    }

    #[test]
    fn goes_above_attached_comments() {
        let out = migrate(
            "[default]\nregion = x\n\n# the app account\n[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n",
        );
        assert!(
            out.starts_with("[default]\nregion = x\n\n[sso-session acme]\n"),
            "{out}"
        );
        assert!(out.contains("\n\n# the app account\n[profile a]\nsso_session = acme\n"));
    }
}
