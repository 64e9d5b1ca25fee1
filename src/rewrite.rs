//! Turns a [`Plan`] into line edits of the document. Pure.
//!
//! Every line the plan does not name stays byte-identical. In a migrated profile the
//! `sso_start_url` line becomes `sso_session = NAME` in place, with the same indentation,
//! spacing around `=` and line ending, and the `sso_region` line goes (and the profile's own
//! `sso_registration_scopes`, which moved into its session). A new
//! `[sso-session NAME]` block goes directly above the first profile that uses it, in the file's
//! own line-ending style, followed by a blank line.

use crate::aws::{Config, Prop, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_START_URL};
use crate::doc::edit::Edit;
use crate::doc::{LineKind, widen};
use crate::plan::{Plan, SessionOrigin};

/// The edits that carry out `plan` on `cfg`'s document.
pub fn edits(cfg: &Config, plan: &Plan) -> Vec<Edit> {
    let ending = cfg.ending();
    // At most one edit a new session, two or three a moved profile and one a removed key:
    // made once at that size, with huge pages asked for, since on a large file this list and
    // its lines are the most memory the run touches for the first time here.
    let new_sessions = (plan.sessions.iter())
        .filter(|s| matches!(s.origin, SessionOrigin::New { .. }))
        .count();
    let moved = (plan.migrated.iter())
        .map(|m| 2 + usize::from(m.moved_scopes))
        .sum::<usize>();
    let removed = plan.cleaned.iter().map(|c| c.removed.len()).sum::<usize>();
    let mut edits = Vec::with_capacity(new_sessions + moved + removed);
    crate::pages::prefer_huge_pages(&mut edits);
    for s in &plan.sessions {
        let SessionOrigin::New { insert_before, .. } = s.origin else {
            continue;
        };
        let mut lines = vec![
            ["[sso-session ", &s.name, "]"].concat(),
            [SSO_START_URL, " = ", &s.start_url].concat(),
            [SSO_REGION, " = ", &s.sso_region].concat(),
        ];
        if let Some(scopes) = &s.registration_scopes {
            lines.push(["sso_registration_scopes = ", scopes].concat());
        }
        lines.push(String::new());
        edits.push(Edit::Insert {
            before: insert_before,
            lines,
            ending,
        });
    }
    for m in &plan.migrated {
        let section = m.section as usize;
        if let Some(url) = cfg.own(section, SSO_START_URL) {
            edits.push(Edit::Replace {
                line: url.line,
                text: session_line(cfg, &url, &plan.session_of(m).name),
            });
        }
        if let Some(region) = cfg.own(section, SSO_REGION) {
            edits.push(delete(&region));
        }
        // The profile's own scopes now live in its session.
        if let (true, Some(scopes)) = (m.moved_scopes, cfg.own(section, SSO_REGISTRATION_SCOPES)) {
            edits.push(delete(&scopes));
        }
    }
    for c in &plan.cleaned {
        for key in &c.removed {
            if let Some(p) = cfg.own(c.section, key) {
                edits.push(delete(&p));
            }
        }
    }
    edits
}

fn delete(p: &Prop) -> Edit {
    Edit::Delete {
        lines: p.line..p.end,
    }
}

/// `sso_session = NAME`, written in the style of the `sso_start_url` line it replaces.
fn session_line(cfg: &Config, url: &Prop, session: &str) -> String {
    let doc = cfg.document();
    let text = doc.text(url.line);
    let LineKind::Key { key, delim, value } = &doc.line(url.line).kind else {
        return ["sso_session = ", session].concat();
    };
    let (key, delim, value) = (widen(key), *delim as usize, widen(value));
    let indent = &text[..key.start];
    let (mut before, after) = if text[delim..].starts_with(':') {
        // Every AWS SDK reads `=`; only botocore reads `:`.
        (" ".to_string(), " ")
    } else {
        (
            text[key.end..delim].to_string(),
            &text[delim + 1..value.start],
        )
    };
    // Column-aligned files (`sso_start_url  = …`) keep their `=` column.
    let key_chars = text[key.clone()].chars().count();
    let new_key = "sso_session";
    if before.len() >= 2 && before.chars().all(|c| c == ' ') && key_chars > new_key.len() {
        before.push_str(&" ".repeat(key_chars - new_key.len()));
    }
    // Concatenated: `format!` took about 1,000 instructions a line.
    [indent, new_key, &before, "=", after, session].concat()
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
        String::from_utf8(
            crate::doc::edit::apply(&doc, edits(&cfg, &p))
                .unwrap()
                .new
                .into_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn replaces_in_place_with_the_same_style() {
        let out = migrate(
            "[profile a]\r\n\tsso_start_url=https://acme.awsapps.com/start\r\nsso_region=us-east-1\r\nsso_role_name = r\r\n",
        );
        assert_eq!(
            out,
            "[sso-session acme]\r\nsso_start_url = https://acme.awsapps.com/start\r\nsso_region = us-east-1\r\nsso_registration_scopes = sso:account:access\r\n\r\n[profile a]\r\n\tsso_session=acme\r\nsso_role_name = r\r\n"
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
