//! Ambiguity confined to sections the migration does not touch: two headers that are one profile
//! or session to botocore (`[default]` beside `[profile default]`) or only to the other AWS SDKs
//! (`[   profile dev   ]` beside `[profile dev]`). Such a file is migrated when the plan leaves
//! those sections (and the profile or session they name) alone: they stay byte-identical and
//! mean what they meant, and the plan carries a warning. Every other problem, and an ambiguity
//! the plan would have to touch, refuses the whole file.

use crate::hash::HashSet;

use crate::aws::{Config, Problem, SectionWhat};

use super::{Plan, SessionOrigin, Warning};

/// Whether `p` is an ambiguity that can be left alone: it names two sections and one name.
pub fn is_confined(p: &Problem) -> bool {
    p.kind.two_headers().is_some()
}

/// Whether the file must be refused before planning: it has a problem that is not confined.
pub fn refuses_outright(problems: &[Problem]) -> bool {
    problems.iter().any(|p| !is_confined(p))
}

/// Checks `plan` against the file's confined ambiguities: `false` when the plan touches one (the
/// file must be refused), else `true` with a warning per ambiguity added to the plan.
pub fn accept(cfg: &Config, plan: &mut Plan) -> bool {
    // Nearly every file has no ambiguity: then the plan's names need no sets.
    if cfg.problems().is_empty() {
        return true;
    }
    let mut profiles: HashSet<&str> = HashSet::default();
    let mut lines: HashSet<usize> = HashSet::default();
    for m in &plan.migrated {
        profiles.extend(cfg.profile_name(m.section as usize));
        lines.insert(m.line as usize);
    }
    for c in &plan.cleaned {
        profiles.insert(&c.profile);
        lines.insert(c.line);
    }
    // Sessions the plan relies on: reused ones, and the ones cleaned profiles point at.
    let mut sessions: HashSet<&str> = plan
        .sessions
        .iter()
        .filter(|s| matches!(s.origin, SessionOrigin::Existing { .. }))
        .map(|s| s.name)
        .collect();
    sessions.extend(plan.cleaned.iter().map(|c| c.session.as_str()));
    let mut warnings = Vec::new();
    for p in cfg.problems() {
        let Some(h) = p.kind.two_headers() else {
            return false;
        };
        let (what, name, other_line) = (h.what, h.name.as_str(), h.other_line);
        let touched = match what {
            SectionWhat::Profile => profiles.contains(name),
            SectionWhat::SsoSession => sessions.contains(name),
        } || lines.contains(&p.line)
            || lines.contains(&other_line);
        if touched {
            return false;
        }
        warnings.push(Warning::AmbiguousLeftAlone {
            line: p.line,
            problem: p.kind.clone(),
        });
    }
    plan.warnings.extend(warnings);
    true
}
