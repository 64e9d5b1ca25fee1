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

use super::human::Human;
use super::text::{self, shown};
use super::{EmitOptions, Emitter, FileReport, Outcome, Streams, Tally};
use crate::aws::Config;
use crate::aws::credentials::KeysFrom;
use crate::hash::HashMap;
use crate::structure::{self, ProfileKind, ProfileNode, SessionState, Structure};

pub struct Mermaid {
    files: usize,
    index: usize,
    /// The diff's summary, on stderr.
    summary: Human,
}

impl Mermaid {
    pub fn new(opts: EmitOptions) -> Mermaid {
        Mermaid {
            files: opts.files,
            index: 0,
            summary: Human::summary_only(opts),
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
                let graph = structure::build(&after, &migration.plan, &migration.credentials);
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
            }
        }
        if sub {
            writeln!(s.out, "    end")?;
        }
        self.summary.file(s, report)
    }

    fn finish(&mut self, s: &mut Streams, tally: &Tally) -> io::Result<()> {
        if self.index == 0 {
            header(s.out)?;
        }
        self.summary.finish(s, tally)
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
fn nodes<'a>(out: &mut dyn Write, s: &Structure<'a>, f: usize, indent: &str) -> io::Result<()> {
    let mut next = 0;
    let mut profile_node = |out: &mut dyn Write, p: &ProfileNode| -> io::Result<usize> {
        let id = next;
        next += 1;
        let mut lines: Vec<Cow<str>> = vec![p.name.into()];
        let mut class = match &p.kind {
            ProfileKind::Session | ProfileKind::SessionLacks { .. } => {
                lines.extend(p.account.iter().map(|a| format!("account {a}").into()));
                lines.extend(p.role.map(Cow::from));
                match p.kind {
                    ProfileKind::SessionLacks { account, role } => {
                        lines.push(text::session_lacks(account, role).into());
                        ":::failed"
                    }
                    _ => "",
                }
            }
            ProfileKind::LoginOnly => {
                lines.push(text::LOGIN_ONLY.into());
                ""
            }
            ProfileKind::MissingSession { session } => {
                lines.push(text::missing_session(session).into());
                ":::failed"
            }
            ProfileKind::LegacySso { from, .. } => {
                lines.push(format!("legacy SSO{}", in_file(*from)).into());
                ""
            }
            ProfileKind::LegacySsoLacks { lacks, .. } => {
                lines.push("legacy SSO".into());
                lines.push(text::legacy_lacks(*lacks).into());
                ":::failed"
            }
            ProfileKind::StaticKeys { from } => {
                lines.push(format!("static keys{}", in_file(*from)).into());
                ""
            }
            ProfileKind::PartialStaticKeys { from } => {
                lines.push(format!("static keys{}", in_file(*from)).into());
                lines.push(text::PARTIAL_STATIC_KEYS.into());
                ":::failed"
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
            ProfileKind::RoleWithWebIdentity { role_arn, .. } => {
                lines.push(format!("{role_arn} with web identity").into());
                ""
            }
            ProfileKind::RoleLoop { role_arn, .. } => {
                lines.push(format!("{role_arn} in a loop").into());
                ":::failed"
            }
            ProfileKind::RoleSourceMissing {
                role_arn,
                source_profile,
            } => {
                lines
                    .push(format!("{role_arn} via missing source_profile {source_profile}").into());
                ":::failed"
            }
            ProfileKind::RoleSourceWithoutCredentials { role_arn, .. } => {
                lines.push(format!("{role_arn} via a source with no credentials").into());
                ":::failed"
            }
            ProfileKind::RoleRefused { role_arn, why } => {
                lines.push(format!("{role_arn} {}", text::role_refusal(*why)).into());
                ":::failed"
            }
            ProfileKind::LoginSession { from } => {
                lines.push(format!("login_session{}", in_file(*from)).into());
                ""
            }
            ProfileKind::CredentialProcess { from } => {
                lines.push(format!("credential_process{}", in_file(*from)).into());
                ""
            }
            ProfileKind::Other => "",
        };
        if let Some(session) = p.lost_session {
            lines.push(text::missing_session(session).into());
        }
        if p.session_unused {
            lines.push("its sso-session goes unused".into());
        }
        if p.credentials_only && !p.kind.keys_from_credentials_file() {
            lines.push("(credentials file)".into());
        }
        if let Some(reason) = p.skipped {
            lines.push(format!("skipped: {}", reason.code()).into());
            class = ":::skipped";
        }
        let refs: Vec<&str> = lines.iter().map(|l| l.as_ref()).collect();
        writeln!(out, "{indent}f{f}p{id}[\"{}\"]{class}", label(&refs))?;
        Ok(id)
    };
    // The role chains, drawn after every node: the name of each one's source and its own (a
    // profile under a session may be one: botocore assumes its role first).
    let mut chains: Vec<(&'a str, &'a str)> = Vec::new();
    let mut chain = |p: &ProfileNode<'a>| {
        if let ProfileKind::RoleChain { source_profile, .. }
        | ProfileKind::RoleLoop { source_profile, .. }
        | ProfileKind::RoleSourceWithoutCredentials { source_profile, .. } = p.kind
        {
            chains.push((source_profile, p.name));
        }
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
        for p in s.profiles_of(session) {
            let id = profile_node(out, &p)?;
            writeln!(out, "{indent}f{f}s{i} --> f{f}p{id}")?;
            chain(&p);
        }
    }
    for p in s.profiles_without_session() {
        profile_node(out, &p)?;
        chain(&p);
    }
    if chains.is_empty() {
        return Ok(());
    }
    // The first node of each name a chain names, found in one more walk over the names in node
    // order: a walk through every node for each chain grew with the square of the profiles, and
    // a map of every name to its node took 40 bytes a profile.
    let mut by_name: HashMap<&'a str, Option<usize>> = (chains.iter())
        .flat_map(|&(source, name)| [(source, None), (name, None)])
        .collect();
    for (id, name) in s.profile_names().enumerate() {
        if let Some(first @ None) = by_name.get_mut(name) {
            *first = Some(id);
        }
    }
    let find = |name: &str| by_name.get(name).copied().flatten();
    for (source, name) in chains {
        if let (Some(src), Some(id)) = (find(source), find(name)) {
            writeln!(out, "{indent}f{f}p{src} -. source_profile .-> f{f}p{id}")?;
        }
    }
    Ok(())
}

/// Where a profile's keys come from, where that is not the config.
fn in_file(from: KeysFrom) -> &'static str {
    match from {
        KeysFrom::Config => "",
        KeysFrom::CredentialsFile => " (credentials file)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A role chain's edge runs from the first node of its source's name, under a session or
    /// not, to the first of its own; a chain whose source is no profile has none.
    #[test]
    fn role_chains_join_the_first_nodes_of_their_names() {
        let src = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\n\
                   sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n\
                   [profile b]\nrole_arn = arn:aws:iam::2:role/B\nsource_profile = a\n\
                   [profile c]\nrole_arn = arn:aws:iam::2:role/C\nsource_profile = gone\n\
                   [profile d]\nrole_arn = arn:aws:iam::2:role/D\nsource_profile = b\n";
        let m = crate::migrate::migrate(src, &crate::plan::PlanOptions::default()).unwrap();
        let after = Config::read(m.rewritten());
        let mut out = Vec::new();
        nodes(
            &mut out,
            &structure::build(&after, &m.plan, &m.credentials),
            0,
            "",
        )
        .unwrap();
        let edges: Vec<&[u8]> = (out.split(|&b| b == b'\n'))
            .filter(|l| l.windows(6).any(|w| w == b"-. sou"))
            .collect();
        assert_eq!(
            edges,
            [
                &b"f0p0 -. source_profile .-> f0p1"[..],
                b"f0p1 -. source_profile .-> f0p3"
            ]
        );
    }

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
