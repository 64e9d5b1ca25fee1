//! `--format mermaid`: the structure after the migration as a Mermaid `flowchart TD` that renders
//! on GitHub: session nodes labelled with start URL and SSO region, profile nodes with account
//! and role, an edge from each session to its profiles and a dotted edge from a role chain's
//! `source_profile`. Several files become one subgraph each.
//!
//! Node ids are generated (`f0s1`, `f0p2`), never taken from the file; labels are quoted, with
//! every character Mermaid or HTML could read as syntax written as an entity code, so any profile
//! name renders as text.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::text::shown;
use super::{EmitOptions, Emitter, FileReport, Outcome, Streams, Tally};
use crate::aws::Config;
use crate::hash::HashMap;
use crate::structure::{self, ProfileKind, ProfileNode, SessionState, Structure};

pub struct Mermaid {
    files: usize,
    index: usize,
}

impl Mermaid {
    pub fn new(opts: EmitOptions) -> Mermaid {
        Mermaid {
            files: opts.files,
            index: 0,
        }
    }
}

impl Emitter for Mermaid {
    fn file(&mut self, s: &mut Streams, report: &FileReport) -> io::Result<()> {
        if self.index == 0 {
            header(s.out)?;
        }
        let f = self.index;
        self.index += 1;
        let sub = self.files > 1;
        let indent = if sub { "        " } else { "    " };
        if sub {
            writeln!(
                s.out,
                "    subgraph f{f}[\"{}\"]",
                label(&[&report.input.label()])
            )?;
        }
        match &report.outcome {
            Outcome::Planned { migration, .. } => {
                let after = Config::read(migration.rewritten());
                let graph = structure::build(&after, &migration.plan);
                s.out.write_all(nodes(&graph, f, indent).as_bytes())?;
            }
            Outcome::Restored(_) | Outcome::Listed(_) | Outcome::Absent | Outcome::Diagnosed(_) => {
            }
            Outcome::Failed(e) => {
                writeln!(
                    s.out,
                    "{indent}f{f}e[\"not migrated: {}\"]:::failed",
                    e.kind()
                )?;
                super::human::error(s.err, e)?;
            }
        }
        if sub {
            writeln!(s.out, "    end")?;
        }
        Ok(())
    }

    fn finish(&mut self, s: &mut Streams, _tally: &Tally) -> io::Result<()> {
        if self.index == 0 {
            header(s.out)?;
        }
        Ok(())
    }
}

fn header(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "flowchart TD")?;
    writeln!(out, "    classDef new fill:#dafbe1,stroke:#1a7f37")?;
    writeln!(out, "    classDef reused fill:#fff8c5,stroke:#9a6700")?;
    writeln!(out, "    classDef existing fill:#f6f8fa,stroke:#57606a")?;
    writeln!(
        out,
        "    classDef skipped fill:#fff1e5,stroke:#bc4c00,stroke-dasharray:4 3"
    )?;
    writeln!(
        out,
        "    classDef failed fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3"
    )
}

/// Lines of a label, each shown safely and written with entity codes for what Mermaid or HTML
/// would read as syntax; joined by `<br/>`.
fn label(lines: &[&str]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        for c in shown(line).to_string().chars() {
            match c {
                '"' | '#' | '<' | '>' | '&' | '`' | '\\' | '|' | '{' | '}' | '[' | ']' => {
                    let _ = write!(out, "#{};", c as u32);
                }
                c => out.push(c),
            }
        }
    }
    out
}

fn nodes(s: &Structure, f: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut next = 0;
    // Every profile's node id, to draw role chains.
    let mut ids: Vec<(&str, String)> = Vec::new();
    let mut profile_node = |out: &mut String, p: &ProfileNode| {
        let id = format!("f{f}p{next}");
        next += 1;
        let mut lines = vec![p.name.clone()];
        let mut class = match &p.kind {
            ProfileKind::Session => {
                lines.extend(p.account.iter().map(|a| format!("account {a}")));
                lines.extend(p.role.iter().cloned());
                ""
            }
            ProfileKind::MissingSession { session } => {
                lines.push(if session.is_empty() {
                    "sso_session is empty".into()
                } else {
                    format!("sso_session {session} does not exist")
                });
                ":::failed"
            }
            ProfileKind::LegacySso { .. } => {
                lines.push("legacy SSO".to_string());
                ""
            }
            ProfileKind::StaticKeys => {
                lines.push("static keys".into());
                ""
            }
            ProfileKind::RoleChain { role_arn, .. } => {
                lines.push(role_arn.clone());
                ""
            }
            ProfileKind::RoleFromSource {
                role_arn,
                credential_source,
            } => {
                lines.push(format!("{role_arn} from {credential_source}"));
                ""
            }
            ProfileKind::CredentialProcess => {
                lines.push("credential_process".into());
                ""
            }
            ProfileKind::Other => "",
        };
        if let Some(reason) = &p.skipped {
            lines.push(format!("skipped: {}", reason.code()));
            class = ":::skipped";
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = writeln!(out, "{indent}{id}[\"{}\"]{class}", label(&refs));
        id
    };
    for (i, session) in s.sessions.iter().enumerate() {
        let sid = format!("f{f}s{i}");
        let mut lines = vec![format!("sso-session {}", session.name)];
        lines.extend(session.start_url.iter().cloned());
        lines.extend(session.sso_region.iter().cloned());
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let class = match session.state {
            SessionState::New => "new",
            SessionState::Reused => "reused",
            SessionState::Existing => "existing",
        };
        let _ = writeln!(out, "{indent}{sid}[\"{}\"]:::{class}", label(&refs));
        for p in &session.profiles {
            let id = profile_node(&mut out, p);
            let _ = writeln!(out, "{indent}{sid} --> {id}");
            ids.push((&p.name, id));
        }
    }
    for p in &s.without_session {
        let id = profile_node(&mut out, p);
        ids.push((&p.name, id));
    }
    // Each name's first node, looked up once a role chain: a walk through every node for each
    // grew with the square of the profiles.
    let mut by_name: HashMap<&str, &String> = HashMap::default();
    for (name, id) in &ids {
        by_name.entry(name).or_insert(id);
    }
    for p in s
        .sessions
        .iter()
        .flat_map(|s| &s.profiles)
        .chain(&s.without_session)
    {
        if let ProfileKind::RoleChain { source_profile, .. } = &p.kind {
            let find = |name: &str| by_name.get(name).copied();
            if let (Some(src), Some(id)) = (find(source_profile), find(&p.name)) {
                let _ = writeln!(out, "{indent}{src} -. source_profile .-> {id}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out() {
        assert_eq!(
            label(&["a\"]\n<b>"]),
            "a#34;#93;\\n#60;b#62;".replace("\\n", "#92;n")
        );
        assert_eq!(label(&["x", "y"]), "x<br/>y");
        assert_eq!(label(&["\x1b[2J"]), "#92;e#91;2J");
    }
}
