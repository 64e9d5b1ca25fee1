//! `--format mermaid`: the structure after the migration as a Mermaid `flowchart TD` that renders
//! on GitHub: session nodes labelled with start URL and SSO region, profile nodes with account
//! and role, an edge from each session to its profiles and a dotted edge from a role chain's
//! `source_profile`. Several files become one subgraph each.
//!
//! Node ids are generated (`f0s1`, `f0p2`), never taken from the file; labels are quoted, with
//! every character Mermaid or HTML could read as syntax written as an entity code, so any profile
//! name renders as text.

use std::borrow::Cow;
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
                nodes(s.out, &graph, f, indent)?;
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

/// Writes the nodes and edges of file `f` as they are made, so that no copy of the whole graph's
/// text is held.
fn nodes(out: &mut dyn Write, s: &Structure, f: usize, indent: &str) -> io::Result<()> {
    let mut next = 0;
    // Every profile's node number, to draw role chains.
    let mut ids: Vec<(&str, usize)> = Vec::new();
    let mut profile_node = |out: &mut dyn Write, p: &ProfileNode| -> io::Result<usize> {
        let id = next;
        next += 1;
        let mut lines: Vec<Cow<str>> = vec![p.name.into()];
        let mut class = match &p.kind {
            ProfileKind::Session => {
                lines.extend(p.account.iter().map(|a| format!("account {a}").into()));
                lines.extend(p.role.map(Cow::from));
                ""
            }
            ProfileKind::MissingSession { session } => {
                lines.push(if session.is_empty() {
                    "sso_session is empty".into()
                } else {
                    format!("sso_session {session} does not exist").into()
                });
                ":::failed"
            }
            ProfileKind::LegacySso { .. } => {
                lines.push("legacy SSO".into());
                ""
            }
            ProfileKind::StaticKeys => {
                lines.push("static keys".into());
                ""
            }
            ProfileKind::RoleChain { role_arn, .. } => {
                lines.push((*role_arn).into());
                ""
            }
            ProfileKind::RoleFromSource {
                role_arn,
                credential_source,
            } => {
                lines.push(format!("{role_arn} from {credential_source}").into());
                ""
            }
            ProfileKind::CredentialProcess => {
                lines.push("credential_process".into());
                ""
            }
            ProfileKind::Other => "",
        };
        if let Some(reason) = p.skipped {
            lines.push(format!("skipped: {}", reason.code()).into());
            class = ":::skipped";
        }
        let refs: Vec<&str> = lines.iter().map(|l| l.as_ref()).collect();
        writeln!(out, "{indent}f{f}p{id}[\"{}\"]{class}", label(&refs))?;
        Ok(id)
    };
    for (i, session) in s.sessions.iter().enumerate() {
        let name = format!("sso-session {}", session.name);
        let mut refs = vec![name.as_str()];
        refs.extend(session.start_url);
        refs.extend(session.sso_region);
        let class = match session.state {
            SessionState::New => "new",
            SessionState::Reused => "reused",
            SessionState::Existing => "existing",
        };
        writeln!(out, "{indent}f{f}s{i}[\"{}\"]:::{class}", label(&refs))?;
        for p in &session.profiles {
            let id = profile_node(out, p)?;
            writeln!(out, "{indent}f{f}s{i} --> f{f}p{id}")?;
            ids.push((p.name, id));
        }
    }
    for p in &s.without_session {
        let id = profile_node(out, p)?;
        ids.push((p.name, id));
    }
    // Each name's first node, looked up once a role chain: a walk through every node for each
    // grew with the square of the profiles.
    let mut by_name: HashMap<&str, usize> = HashMap::default();
    for &(name, id) in &ids {
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
            if let (Some(src), Some(id)) = (find(source_profile), find(p.name)) {
                writeln!(out, "{indent}f{f}p{src} -. source_profile .-> f{f}p{id}")?;
            }
        }
    }
    Ok(())
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
