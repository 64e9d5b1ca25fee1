//! Grouping movable profiles by portal and SSO region, and giving each group a session: an
//! existing one that every SDK can read and that holds only session keys, or a new one placed
//! above the group's first profile.

use std::collections::HashMap;

use crate::aws::url::{self as start_url};
use crate::aws::{Config, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_START_URL, SectionKind, names};
use crate::doc::LineKind;

use super::eligibility::{Candidate, merge_conflict, starts_indented};
use super::naming::Taken;
use super::*;

/// Legacy profiles that share a portal, an SSO region and profile-level scopes.
pub(super) struct Group {
    pub(super) key: String,
    pub(super) region: String,
    pub(super) scopes: Option<String>,
    pub(super) members: Vec<Candidate>,
}

impl Group {
    /// The most common spelling of the start URL; ties go to the first in the file.
    pub(super) fn spelling(&self) -> String {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for m in &self.members {
            match counts.iter_mut().find(|(u, _)| *u == m.url) {
                Some((_, n)) => *n += 1,
                None => counts.push((&m.url, 1)),
            }
        }
        let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        counts
            .iter()
            .find(|(_, n)| *n == best)
            .map(|(u, _)| u.to_string())
            .unwrap_or_default()
    }
}

pub(super) fn group(candidates: Vec<Candidate>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(String, String, Option<String>), usize> = HashMap::new();
    for c in candidates {
        let key = start_url::portal_key(&c.url);
        let k = (key.clone(), c.region.clone(), c.scopes.clone());
        match index.get(&k) {
            Some(&i) => groups[i].members.push(c),
            None => {
                index.insert(k, groups.len());
                groups.push(Group {
                    key,
                    region: c.region.clone(),
                    scopes: c.scopes.clone(),
                    members: vec![c],
                });
            }
        }
    }
    groups
}

/// The keys a new session will have, as botocore will see them (with `[DEFAULT]`).
pub(super) fn new_session_keys(
    cfg: &Config,
    url: &str,
    region: &str,
    scopes: Option<&str>,
) -> Vec<(String, String)> {
    let mut keys = vec![
        (SSO_START_URL.to_string(), url.to_string()),
        (SSO_REGION.to_string(), region.to_string()),
    ];
    if let Some(s) = scopes {
        keys.push((SSO_REGISTRATION_SCOPES.to_string(), s.to_string()));
    }
    for (k, v) in cfg.defaults() {
        if !keys.iter().any(|(kk, _)| kk == k) {
            keys.push((k.to_string(), v.to_string()));
        }
    }
    keys
}

/// An existing session to reuse: its section and name.
pub(super) type Existing = (usize, String);

/// A matching session that cannot be reused: its name and why.
pub(super) type Rejected = (String, NotReused);

/// The keys a reusable session may hold: botocore merges every key of a session into each
/// profile that uses it, so any other key would change those profiles.
pub(super) const SESSION_KEYS: [&str; 3] = [SSO_START_URL, SSO_REGION, SSO_REGISTRATION_SCOPES];

/// An existing session that serves the group's portal and region and can be reused as it is:
/// every AWS SDK can read its name and it holds only session keys. Also the first matching
/// session that cannot be reused, and why.
pub(super) fn find_existing(cfg: &Config, g: &Group) -> (Option<Existing>, Option<Rejected>) {
    let mut rejected = None;
    let found = matching_sessions(cfg, g).find(|(i, name)| {
        let why = if !names::is_portable(name) {
            Some(NotReused::NamePortability)
        } else {
            cfg.section(*i)
                .props
                .iter()
                .find(|p| !SESSION_KEYS.contains(&&*p.key))
                .map(|p| NotReused::ExtraKey {
                    key: p.key.to_string(),
                })
        };
        match why {
            None => true,
            Some(why) => {
                rejected.get_or_insert((name.clone(), why));
                false
            }
        }
    });
    (found, rejected)
}

pub(super) fn matching_sessions<'c>(
    cfg: &'c Config,
    g: &'c Group,
) -> impl Iterator<Item = (usize, String)> + 'c {
    cfg.session_sections().filter_map(move |(i, s)| {
        let SectionKind::SsoSession {
            name,
            canonical: true,
        } = &s.kind
        else {
            return None;
        };
        let url = s.own(SSO_START_URL)?;
        let region = s.own(SSO_REGION)?;
        let scopes_ok = match &g.scopes {
            None => true,
            Some(want) => cfg.get(i, SSO_REGISTRATION_SCOPES) == Some(want.as_str()),
        };
        (start_url::check(&url.value).is_ok()
            && start_url::portal_key(&url.value) == g.key
            && region.value == g.region
            && s.managed_by.is_none()
            && scopes_ok)
            .then(|| (i, name.clone()))
    })
}

/// Chooses a session for each group, drops members that would conflict, names new sessions.
pub(super) fn assign_sessions(
    cfg: &Config,
    opts: &PlanOptions,
    groups: Vec<Group>,
    plan: &mut Plan,
) -> Result<(), PlanError> {
    struct Assigned {
        group: Group,
        url: String,
        existing: Option<Existing>,
        rejected: Option<Rejected>,
        scopes: Option<String>,
    }
    let mut assigned: Vec<Assigned> = Vec::new();
    for mut g in groups {
        let (existing, rejected) = find_existing(cfg, &g);
        let scopes = g.scopes.clone().or_else(|| opts.scopes.clone());
        // Removing a conflicting member can change the majority spelling; repeat until stable.
        loop {
            let url = match &existing {
                Some((i, _)) => cfg
                    .section(*i)
                    .own(SSO_START_URL)
                    .unwrap()
                    .value
                    .to_string(),
                None => g.spelling(),
            };
            let session_keys = match &existing {
                Some((i, _)) => cfg
                    .effective(*i)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                None => new_session_keys(cfg, &url, &g.region, scopes.as_deref()),
            };
            let removed = [SSO_START_URL.to_string(), SSO_REGION.to_string()];
            let before = g.members.len();
            let mut kept = Vec::new();
            for m in g.members.drain(..) {
                match merge_conflict(cfg, m.section, &removed, None, &session_keys) {
                    Ok(()) => kept.push(m),
                    Err(reason) => plan.skipped.push(Skip {
                        profile: m.profile.clone(),
                        line: cfg.section(m.section).header_line + 1,
                        reason,
                    }),
                }
            }
            g.members = kept;
            if g.members.is_empty() {
                break;
            }
            if g.members.len() == before {
                assigned.push(Assigned {
                    group: g,
                    url,
                    existing,
                    rejected,
                    scopes,
                });
                break;
            }
        }
    }

    if let Some(name) = &opts.session_name
        && assigned.len() > 1
    {
        return Err(PlanError::AmbiguousSessionName {
            name: name.clone(),
            count: assigned.len(),
        });
    }
    let overrides: Vec<(String, &str)> = opts
        .session_names
        .iter()
        .map(|(u, n)| (start_url::portal_key(u), n.as_str()))
        .collect();
    for (url, _) in &opts.session_names {
        let key = start_url::portal_key(url);
        if !assigned.iter().any(|a| a.group.key == key) {
            plan.warnings.push(Warning::UnusedSessionName {
                start_url: url.clone(),
            });
        }
    }

    let mut taken = Taken::new(cfg);
    // Base names handed out in this run, by portal, so a second region gets `-<region>`.
    let mut base_by_portal: HashMap<String, String> = HashMap::new();
    for a in &assigned {
        let first = &a.group.members[0];
        let (name, origin, scopes) = match &a.existing {
            Some((i, name)) => {
                if let Some(wanted) = opts.session_name.as_deref().or_else(|| {
                    overrides
                        .iter()
                        .find(|(k, _)| *k == a.group.key)
                        .map(|(_, n)| *n)
                }) && wanted != name
                {
                    plan.warnings.push(Warning::SessionNameIgnored {
                        name: wanted.to_string(),
                        existing: name.clone(),
                    });
                }
                (
                    name.clone(),
                    SessionOrigin::Existing {
                        line: cfg.section(*i).header_line + 1,
                    },
                    None,
                )
            }
            None => {
                let wanted = opts.session_name.clone().or_else(|| {
                    overrides
                        .iter()
                        .find(|(k, _)| *k == a.group.key)
                        .map(|(_, n)| n.to_string())
                });
                let base = match wanted {
                    Some(w) => {
                        if let Some(by) = taken.owner(&w)
                            && base_by_portal.get(&a.group.key) != Some(&w)
                        {
                            return Err(PlanError::SessionNameTaken { name: w, by });
                        }
                        w
                    }
                    None => {
                        let parsed = start_url::check(&a.url).expect("checked when grouped");
                        names::base_name(&parsed)
                    }
                };
                let name = taken.unique(&base, &a.group.region, &base_by_portal, &a.group.key);
                base_by_portal.entry(a.group.key.clone()).or_insert(base);
                let at = insertion_line(cfg, first.section);
                (
                    name,
                    SessionOrigin::New {
                        above_line: at + 1,
                        insert_before: at,
                    },
                    a.scopes.clone(),
                )
            }
        };
        if let (true, Some((existing, why))) = (a.existing.is_none(), &a.rejected) {
            plan.warnings.push(Warning::SessionNotReused {
                existing: existing.clone(),
                new: name.clone(),
                why: why.clone(),
            });
        }
        taken.add(&name, "a new session");
        for m in &a.group.members {
            if has_inline_comment(&m.region) {
                plan.warnings.push(Warning::InlineComment {
                    profile: m.profile.clone(),
                    value: m.region.clone(),
                });
            }
            plan.migrated.push(ProfileMove {
                profile: m.profile.clone(),
                line: cfg.section(m.section).header_line + 1,
                session: name.clone(),
                respelled_from: (m.url != a.url).then(|| m.url.clone()),
                section: m.section,
            });
        }
        plan.sessions.push(SessionPlan {
            name,
            start_url: a.url.clone(),
            sso_region: a.group.region.clone(),
            registration_scopes: scopes,
            origin,
            profiles: a.group.members.iter().map(|m| m.profile.clone()).collect(),
        });
    }

    // One portal with several regions: say so once per portal.
    let mut portals: Vec<&str> = Vec::new();
    for a in &assigned {
        if !portals.contains(&a.group.key.as_str()) {
            portals.push(&a.group.key);
        }
    }
    for key in portals {
        let same: Vec<usize> = (0..assigned.len())
            .filter(|&i| assigned[i].group.key == key)
            .collect();
        let mut regions: Vec<String> = Vec::new();
        for &i in &same {
            if !regions.contains(&assigned[i].group.region) {
                regions.push(assigned[i].group.region.clone());
            }
        }
        if regions.len() > 1 {
            plan.warnings.push(Warning::SeveralRegions {
                start_url: assigned[same[0]].url.clone(),
                regions,
                sessions: same
                    .iter()
                    .map(|&i| plan.sessions[i].name.clone())
                    .collect(),
            });
        }
    }
    plan.migrated.sort_by_key(|m| m.line);
    Ok(())
}

/// `value # text` or `value ; text`: a comment to other SDKs, part of the value to botocore.
pub(super) fn has_inline_comment(value: &str) -> bool {
    value
        .char_indices()
        .any(|(i, c)| matches!(c, '#' | ';') && value[..i].ends_with(char::is_whitespace))
}

/// The line a new session goes above: the profile's header, or the first of the comment lines
/// directly above it. An indented comment is not attached to the header: other SDKs read it as
/// part of the value above it, so the session must not come between the two.
pub(super) fn insertion_line(cfg: &Config, sec: usize) -> usize {
    let doc = cfg.document();
    let mut at = cfg.section(sec).header_line;
    while at > 0
        && doc.line(at - 1).kind == LineKind::Comment
        && !starts_indented(doc.raw_text(at - 1))
    {
        at -= 1;
    }
    at
}
