//! Grouping movable profiles by portal and SSO region, and giving each group a session: an
//! existing one that every SDK can read and that holds only session keys, or a new one placed
//! above the group's first profile.

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use crate::hash::{HashMap, HashSet};

use crate::aws::key_lines;
use crate::aws::managed::{self, ManagedBlock};
use crate::aws::other_sdks::reading_otherwise;
use crate::aws::url::{self as start_url};
use crate::aws::{Config, SSO_REGION, SSO_REGISTRATION_SCOPES, SSO_START_URL};

use super::eligibility::{Candidate, Context, merge_cannot_conflict, merge_conflict};
use super::naming::{self, Taken};
use super::*;
use smallvec::SmallVec;

/// Legacy profiles that share a portal, an SSO region and profile-level scopes, borrowed from
/// the config: a group costs its list of members (their places among the candidates, which stay
/// in file order) and nothing per string.
pub(super) struct Group<'c> {
    pub(super) key: Cow<'c, str>,
    pub(super) region: &'c str,
    pub(super) scopes: Option<&'c str>,
    pub(super) members: Vec<u32>,
}

impl<'c> Group<'c> {
    /// The members, from `candidates`, in file order.
    pub(super) fn members_in<'a>(
        &'a self,
        candidates: &'a [Candidate<'c>],
    ) -> impl Iterator<Item = &'a Candidate<'c>> + 'a {
        self.members.iter().map(|&m| &candidates[m as usize])
    }

    /// The most common spelling of the start URL; ties go to the first in the file.
    pub(super) fn spelling(&self, candidates: &[Candidate<'c>]) -> &'c str {
        // Nearly always one spelling: nothing to count.
        let first = self
            .members_in(candidates)
            .next()
            .map(|m| m.url)
            .unwrap_or_default();
        if self.members_in(candidates).all(|m| m.url == first) {
            return first;
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for m in self.members_in(candidates) {
            match counts.iter_mut().find(|(u, _)| *u == m.url) {
                Some((_, n)) => *n += 1,
                None => counts.push((m.url, 1)),
            }
        }
        let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        counts
            .iter()
            .find(|(_, n)| *n == best)
            .map(|(u, _)| *u)
            .unwrap_or_default()
    }
}

pub(super) fn group<'c>(candidates: &[Candidate<'c>]) -> Vec<Group<'c>> {
    let mut groups: Vec<Group> = Vec::new();
    // Keyed by borrowed parts: nothing is copied for a profile that joins a group.
    let mut index: HashMap<(Cow<'_, str>, &str, Option<&str>), usize> = HashMap::default();
    // The group of each start URL written otherwise than as its portal's key (with region and
    // scopes): making the key takes a copy and hundreds of instructions, so it is made once a
    // spelling instead of once a profile. A URL written as its key (nearly all) needs no entry.
    let mut respelled: HashMap<(&str, &str, Option<&str>), usize> = HashMap::default();
    for (at, c) in candidates.iter().enumerate() {
        let spelled = (c.url, c.region, c.scopes);
        let own_key = start_url::is_portal_key(c.url);
        let known = if own_key {
            index.get(&(Cow::Borrowed(c.url), c.region, c.scopes))
        } else {
            respelled.get(&spelled)
        };
        let i = match known {
            Some(&i) => i,
            None => {
                let k = (start_url::portal_key_cow(c.url), c.region, c.scopes);
                let i = *index.entry(k).or_insert_with_key(|k| {
                    groups.push(Group {
                        key: k.0.clone(),
                        region: c.region,
                        scopes: c.scopes,
                        members: Vec::new(),
                    });
                    groups.len() - 1
                });
                if !own_key {
                    respelled.insert(spelled, i);
                }
                i
            }
        };
        groups[i].members.push(at as u32);
    }
    groups
}

/// The keys a new session will have of its own (botocore adds `[DEFAULT]`'s after them), in
/// `keys` (emptied first: one list serves every group).
pub(super) fn new_session_keys<'k>(
    url: &'k str,
    region: &'k str,
    scopes: Option<&'k str>,
    keys: &mut Vec<(&'k str, &'k str)>,
) {
    keys.clear();
    keys.extend([(SSO_START_URL, url), (SSO_REGION, region)]);
    if let Some(s) = scopes {
        keys.push((SSO_REGISTRATION_SCOPES, s));
    }
}

/// An existing session to reuse: its section and name.
pub(super) type Existing<'c> = (usize, &'c str);

/// A matching session that cannot be reused: its name and why.
pub(super) type Rejected = (String, NotReused);

/// The keys a reusable session may hold: botocore merges every key of a session into each
/// profile that uses it, so any other key would change those profiles.
pub(super) const SESSION_KEYS: [&str; 3] = [SSO_START_URL, SSO_REGION, SSO_REGISTRATION_SCOPES];

/// Existing sessions by portal key and SSO region, built once: looking them up per group keeps
/// a file with thousands of portals and sessions linear. Sessions inside another tool's managed
/// block are left out: that tool may rename or drop them on its next run.
pub(super) struct SessionIndex<'c> {
    /// By portal key: the section of each session (its SSO region and name are read from the
    /// config where a group looks them up: 4 bytes a session, not 40). Start URLs are checked
    /// only for the sessions a group looks up: a file with thousands of sessions parses the few
    /// it may reuse, not all of them.
    by_portal: HashMap<Cow<'c, str>, Few<u32>>,
}

/// A list that nearly always holds one item, kept inline: planning keeps one per portal (its
/// regions, its groups, its existing sessions), and 10,000 portals took 30,000 allocations for
/// lists of one.
type Few<T> = SmallVec<[T; 1]>;

impl<'c> SessionIndex<'c> {
    pub(super) fn new(cfg: &'c Config, blocks: &[ManagedBlock]) -> SessionIndex<'c> {
        let mut by_portal: HashMap<Cow<'c, str>, Few<u32>> = HashMap::default();
        by_portal.reserve(cfg.session_section_numbers().count());
        for i in cfg.session_section_numbers() {
            let (Some(_), true) = (cfg.session_name(i), cfg.is_canonical(i)) else {
                continue;
            };
            let (Some(url), Some(_)) = (cfg.own(i, SSO_START_URL), cfg.own(i, SSO_REGION)) else {
                continue;
            };
            if managed::block_at(blocks, cfg.header_line(i)).is_some() {
                continue;
            }
            by_portal
                .entry(start_url::portal_key_cow(url.value))
                .or_default()
                .push(i as u32);
        }
        SessionIndex { by_portal }
    }
}

/// An existing session that serves the group's portal and region and can be reused as it is:
/// every AWS SDK can read its name, it holds only session keys, and the AWS SDK for C++ reads it
/// wherever it reads the group's first profile (at line `first_user`, 0-based). Also the first
/// matching session that cannot be reused, and why.
pub(super) fn find_existing<'c>(
    cfg: &'c Config,
    ctx: &Context<'c>,
    index: &SessionIndex,
    g: &Group,
    first_user: usize,
) -> (Option<Existing<'c>>, Option<Box<Rejected>>) {
    let mut rejected = None;
    let candidates = index
        .by_portal
        .get(g.key.as_ref())
        .map(SmallVec::as_slice)
        .unwrap_or_default();
    let found = candidates
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| {
            cfg.own(i, SSO_REGION).is_some_and(|r| r.value == g.region)
                && cfg
                    .own(i, SSO_START_URL)
                    .is_some_and(|u| ctx.check_url(u.value).is_ok())
        })
        .filter_map(|i| Some((i, cfg.session_name(i)?)))
        .filter(|(i, _)| match &g.scopes {
            None => true,
            Some(want) => cfg.get(*i, SSO_REGISTRATION_SCOPES) == Some(want),
        })
        .find(|(i, name)| {
            let section = cfg.section(*i);
            let why = if !section.read_alike_by_other_sdks() {
                Some(NotReused::NamePortability)
            } else if let readers = reading_otherwise(section.header, "sso-session", name)
                && !readers.is_empty()
            {
                Some(NotReused::HeaderReadOtherwise {
                    header: section.header.to_string(),
                    readers,
                })
            } else if let Some(p) = cfg.props(*i).find(|p| !SESSION_KEYS.contains(&p.key)) {
                Some(NotReused::ExtraKey {
                    key: p.key.to_string(),
                })
            } else if let Some(k) = cfg
                .props(*i)
                .find_map(|p| key_lines::read_otherwise(cfg, &p))
            {
                Some(NotReused::KeyReadOtherwise(k))
            } else {
                // It keeps the sections before the line and loses the rest.
                ctx.cpp_stop(cfg)
                    .filter(|&stop| first_user < stop && stop < cfg.header_line(*i))
                    .map(|stop| NotReused::UnreadByCpp { line: stop + 1 })
            };
            match why {
                None => true,
                Some(why) => {
                    rejected.get_or_insert_with(|| Box::new((name.to_string(), why)));
                    false
                }
            }
        });
    (found, rejected)
}

/// A group with the session it gets (existing) or the start URL its new session is written with.
/// One a group while the plan is made (10,000 portals, 10,000 groups): the rare session that
/// could not be reused is boxed, which took this from 232 to 160 bytes.
struct Assigned<'c> {
    group: Group<'c>,
    url: &'c str,
    existing: Option<Existing<'c>>,
    rejected: Option<Box<Rejected>>,
    scopes: Option<&'c str>,
}

/// A member left out of its group's new session because it would conflict with it, and the
/// group it was in.
struct Conflicting<'c> {
    at: u32,
    key: Cow<'c, str>,
    region: &'c str,
    /// The scopes the member's profile sets itself.
    scopes: Option<&'c str>,
    reason: SkipReason,
}

/// The skip of candidate `m` for `reason`.
fn skip(cfg: &Config, m: &Candidate, reason: SkipReason) -> Skip {
    Skip {
        profile: m.profile.into(),
        line: cfg.header_line(m.section) + 1,
        reason,
    }
}

/// Puts each of `conflicting` into the first new session of `assigned`, in file order, that a
/// second run would find for its group (the same portal and SSO region, and the scopes its
/// profile sets, if any) and that it would not conflict with; skips the rest. A member whose
/// own spelling of the start URL conflicts with `[DEFAULT]`'s may fit the session another group
/// writes with `[DEFAULT]`'s spelling: the second run would move it, so this run does.
fn join_later_sessions<'c>(
    cfg: &'c Config,
    candidates: &[Candidate<'c>],
    assigned: &mut [Assigned<'c>],
    conflicting: Vec<Conflicting<'c>>,
    plan: &mut Plan,
) {
    if conflicting.is_empty() {
        return;
    }
    // The new sessions by portal and region, looked up once a member: not a walk through every
    // session for each (10,000 portals, each with a member left out, would make that quadratic).
    let mut by_portal: HashMap<(Cow<'c, str>, &'c str), Vec<usize>> = HashMap::default();
    for (k, a) in assigned.iter().enumerate() {
        if a.existing.is_none() {
            let at = (a.group.key.clone(), a.group.region);
            by_portal.entry(at).or_default().push(k);
        }
    }
    let mut session_keys = Vec::with_capacity(SESSION_KEYS.len());
    for c in conflicting {
        let m = &candidates[c.at as usize];
        let mut sessions: Vec<usize> = (by_portal.get(&(c.key, c.region)))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&k| c.scopes.is_none_or(|s| assigned[k].scopes == Some(s)))
            .collect();
        // New sessions are written above their first member: their order in the file.
        sessions.sort_by_key(|&k| assigned[k].group.members.first().copied());
        let joined = sessions.into_iter().find(|&k| {
            let a = &assigned[k];
            new_session_keys(a.url, a.group.region, a.scopes, &mut session_keys);
            merge_conflict(cfg, m.section, moved_keys(m), &session_keys).is_ok()
        });
        match joined {
            Some(k) => {
                let members = &mut assigned[k].group.members;
                members.push(c.at);
                // In file order, as every group's members are.
                members.sort_unstable();
            }
            None => plan.skipped.push(skip(cfg, m, c.reason)),
        }
    }
}

/// Chooses a session for each group, drops members that would conflict, names new sessions.
pub(super) fn assign_sessions<'c>(
    cfg: &'c Config,
    opts: &PlanOptions,
    ctx: &Context<'c>,
    candidates: &[Candidate<'c>],
    groups: Vec<Group<'c>>,
    plan: &mut Plan,
) -> Result<(), PlanError> {
    let blocks = &ctx.blocks;
    let index = SessionIndex::new(cfg, blocks);
    let mut assigned: Vec<Assigned> = Vec::with_capacity(groups.len());
    // A group's session's keys, made again for each group in one list.
    let mut session_keys = Vec::with_capacity(SESSION_KEYS.len());
    // The new sessions planned so far, by portal, region and scopes: where a later group with
    // no existing session to reuse goes (looked up, not searched for: 10,000 portals). Groups
    // differ in portal, region or the scopes their profiles set, so two can share a session
    // only where one sets none and another sets the default ones: nearly no file has both, and
    // then nothing is kept.
    let default_scopes = opts.scopes.as_deref();
    let may_share = default_scopes.is_some()
        && groups.iter().any(|g| g.scopes == default_scopes)
        && groups.iter().any(|g| g.scopes.is_none());
    let mut planned: HashMap<(Cow<'c, str>, &'c str, Option<&str>), u32> = HashMap::default();
    // Members of groups given a new session that would conflict with it: each may fit a
    // session another group gets, which a second run would find and reuse (see
    // `join_later_sessions`).
    let mut conflicting: Vec<Conflicting<'c>> = Vec::new();
    for mut g in groups {
        let first_user =
            (g.members_in(candidates).next()).map_or(0, |m| cfg.header_line(m.section));
        let (existing, rejected) = find_existing(cfg, ctx, &index, &g, first_user);
        let scopes = g.scopes.or(default_scopes);
        if may_share
            && existing.is_none()
            && let Some(&at) = planned.get(&(g.key.clone(), g.region, scopes))
        {
            let planned = &mut assigned[at as usize];
            // A session this plan writes for the same portal, region and scopes: a second run
            // would find it and reuse it, so this run does. Its start URL is written already;
            // the members that would see another start URL after the move (from `[DEFAULT]`)
            // go on as a group of their own.
            new_session_keys(planned.url, g.region, planned.scopes, &mut session_keys);
            let cannot_conflict = merge_cannot_conflict(cfg, &session_keys);
            let before = planned.group.members.len();
            g.members.retain(|&at| {
                let m = &candidates[at as usize];
                let joined = cannot_conflict
                    || merge_conflict(cfg, m.section, moved_keys(m), &session_keys).is_ok();
                if joined {
                    planned.group.members.push(at);
                }
                !joined
            });
            if planned.group.members.len() > before {
                // In file order, as every group's members are.
                planned.group.members.sort_unstable();
            }
            if g.members.is_empty() {
                continue;
            }
        }
        // Removing a conflicting member can change the majority spelling; repeat until stable.
        loop {
            let url = match &existing {
                Some((i, _)) => cfg.own(*i, SSO_START_URL).unwrap().value,
                None => g.spelling(candidates),
            };
            match &existing {
                Some((i, _)) => {
                    session_keys.clear();
                    session_keys.extend(cfg.props(*i).map(|p| (p.key, p.value)));
                }
                None => new_session_keys(url, g.region, scopes, &mut session_keys),
            }
            // Nothing to check member by member where no member could conflict.
            let none_removed = merge_cannot_conflict(cfg, &session_keys) || {
                let before = g.members.len();
                g.members.retain(|&at| {
                    let m = &candidates[at as usize];
                    match merge_conflict(cfg, m.section, moved_keys(m), &session_keys) {
                        Ok(()) => true,
                        Err(reason) if existing.is_none() => {
                            conflicting.push(Conflicting {
                                at,
                                key: g.key.clone(),
                                region: g.region,
                                scopes: g.scopes,
                                reason,
                            });
                            false
                        }
                        Err(reason) => {
                            plan.skipped.push(skip(cfg, m, reason));
                            false
                        }
                    }
                });
                g.members.len() == before
            };
            if g.members.is_empty() {
                break;
            }
            if none_removed {
                if may_share && existing.is_none() {
                    let at = assigned.len() as u32;
                    planned
                        .entry((g.key.clone(), g.region, scopes))
                        .or_insert(at);
                }
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

    join_later_sessions(cfg, candidates, &mut assigned, conflicting, plan);
    // Given back before the sessions are named, which takes maps of its own: on 10,000
    // colliding portals the index of existing sessions is 0.7 MB.
    drop((index, planned));

    if let Some(name) = &opts.session_name
        && assigned.len() > 1
    {
        return Err(PlanError::AmbiguousSessionName {
            name: name.clone(),
            count: assigned.len(),
        });
    }
    let overrides: HashMap<String, &str> = opts
        .session_names
        .iter()
        .map(|(u, n)| (start_url::portal_key(u), n.as_str()))
        .collect();
    let wanted_for = |key: &str| -> Option<String> {
        opts.session_name
            .clone()
            .or_else(|| overrides.get(key).map(|n| n.to_string()))
    };
    for (url, _) in &opts.session_names {
        let key = start_url::portal_key(url);
        if !assigned.iter().any(|a| a.group.key == key) {
            plan.warnings.push(Warning::UnusedSessionName {
                start_url: url.clone(),
            });
        }
    }

    let portals = portals(&assigned);
    let mut taken = Taken::new(cfg, assigned.len());
    // Names this run gave each portal: a --session-name may be reused by the same portal's
    // other groups (other scopes), never taken from anyone else. Kept only where a name was
    // asked for: nothing else looks at it.
    let names_asked = opts.session_name.is_some() || !opts.session_names.is_empty();
    let mut given: HashSet<(&str, String)> = HashSet::default();
    // Allocated once: on a large file this list is the plan's biggest.
    plan.migrated
        .reserve_exact(assigned.iter().map(|a| a.group.members.len()).sum());
    crate::pages::prefer_huge_pages(&mut plan.migrated);
    // Each session's name is guessed at its start URL's length: `acme-eu-west-1` is read from
    // `https://acme.awsapps.com/start` (the buffer grows if the guess is short).
    let text = (assigned.iter())
        .map(|a| 2 * a.url.len() + a.group.region.len() + a.scopes.map_or(0, str::len))
        .sum();
    plan.sessions.reserve_exact(assigned.len(), text);
    // Each candidate's session, by its place among the candidates.
    let mut session_of = vec![NO_SESSION; candidates.len()];
    // Where each session's members start in the plan's list of them.
    let mut listed = 0u32;
    for (n, a) in assigned.iter().enumerate() {
        let portal = &portals[a.group.key.as_ref()];
        let (name, origin, scopes) = match &a.existing {
            Some((i, name)) => {
                if let Some(wanted) = wanted_for(&a.group.key)
                    && wanted != *name
                {
                    plan.warnings.push(Warning::SessionNameIgnored {
                        name: wanted,
                        existing: name.to_string(),
                    });
                }
                (
                    name.to_string(),
                    SessionOrigin::Existing {
                        line: cfg.header_line(*i) as u32 + 1,
                    },
                    None,
                )
            }
            None => {
                let main = a.group.region == portal.main_region;
                let base = match wanted_for(&a.group.key) {
                    Some(w) => {
                        let ours = given.contains(&(a.group.key.as_ref(), w.to_lowercase()));
                        if main
                            && let Some(by) = taken.owner(&w)
                            && !ours
                        {
                            return Err(PlanError::SessionNameTaken { name: w, by });
                        }
                        w
                    }
                    None => match &portal.reused_base {
                        Some(existing) => existing.to_lowercase(),
                        None => lowercased(ctx.base_name(a.url).expect("checked when grouped")),
                    },
                };
                let name = taken.unique(naming::stem(base, a.group.region, main));
                let first = a
                    .group
                    .members_in(candidates)
                    .next()
                    .expect("a group has members");
                let at = insertion_line(cfg, ctx, first.section);
                (
                    name,
                    SessionOrigin::New {
                        insert_before: at as u32,
                    },
                    a.scopes,
                )
            }
        };
        if let (true, Some((existing, why))) = (a.existing.is_none(), a.rejected.as_deref()) {
            plan.warnings.push(Warning::SessionNotReused {
                existing: existing.clone(),
                new: name.clone(),
                why: why.clone(),
            });
        }
        taken.add(&name, naming::Owner::NewSession);
        if names_asked {
            given.insert((a.group.key.as_ref(), name.to_lowercase()));
        }
        // A group's members write their SSO region alike: one look says whether each needs
        // the warning.
        if has_inline_comment(a.group.region) {
            for m in a.group.members_in(candidates) {
                plan.warnings.push(Warning::InlineComment {
                    profile: m.profile.into(),
                    value: m.region.to_string(),
                });
            }
        }
        for &at in &a.group.members {
            session_of[at as usize] = n as u32;
        }
        plan.sessions.push(
            &name,
            [a.url, a.group.region],
            scopes,
            origin,
            (listed, listed + a.group.members.len() as u32),
        );
        listed += a.group.members.len() as u32;
        debug_assert_eq!(plan.sessions.len(), n + 1);
    }

    // One portal with several regions: say so once per portal.
    let mut said: HashSet<&str> = HashSet::default();
    for a in &assigned {
        let p = &portals[a.group.key.as_ref()];
        if p.regions.len() > 1 && said.insert(&a.group.key) {
            plan.warnings.push(Warning::SeveralRegions {
                start_url: assigned[p.groups[0]].url.to_string(),
                regions: p.regions.iter().map(|(r, _)| r.to_string()).collect(),
                sessions: p
                    .groups
                    .iter()
                    .map(|&i| plan.sessions.get(i).name.to_string())
                    .collect(),
            });
        }
    }
    // The moves in file order, which is the candidates' order: nothing to sort. Each session's
    // members are listed in that order too, from where its range starts.
    plan.member_list = vec![0; listed as usize];
    // Read from the stored sessions: a session made whole would slice its four strings for this.
    let mut next: Vec<u32> = (plan.sessions.list.iter()).map(|s| s.members.0).collect();
    for (m, &session) in candidates.iter().zip(&session_of) {
        if session == NO_SESSION {
            continue;
        }
        let url = assigned[session as usize].url;
        let at = &mut next[session as usize];
        plan.member_list[*at as usize] = plan.migrated.len() as u32;
        *at += 1;
        let respelled = m.url != url;
        if respelled {
            plan.respelled.push((m.section as u32, m.url.into()));
        }
        plan.migrated.push(ProfileMove {
            line: cfg.header_line(m.section) as u32 + 1,
            session,
            respelled,
            moved_scopes: m.scopes.is_some(),
            section: m.section as u32,
        });
    }
    Ok(())
}

/// `name` lower-cased, as `str::to_lowercase` does it, without a copy where that changes nothing
/// (a name made from a start URL nearly always).
fn lowercased(name: String) -> String {
    let unchanged = name.chars().all(|c| {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    });
    if unchanged { name } else { name.to_lowercase() }
}

/// A candidate's place in `session_of` while it has no session (skipped, or not yet assigned).
const NO_SESSION: u32 = u32::MAX;

/// The keys a move removes from the profile: the session now supplies them.
pub(super) fn moved_keys(m: &Candidate) -> &'static [&'static str] {
    if m.scopes.is_some() {
        &[SSO_START_URL, SSO_REGION, SSO_REGISTRATION_SCOPES]
    } else {
        &[SSO_START_URL, SSO_REGION]
    }
}

/// What the naming scheme needs to know about one portal, borrowed from its groups.
struct Portal<'a> {
    /// Its SSO regions with their profile counts, in order of first appearance.
    regions: Few<(&'a str, usize)>,
    /// The region most of its profiles use (ties: the first in the file).
    main_region: &'a str,
    /// The name of the existing session its main region reuses, if it does: the portal's other
    /// regions are named after it.
    reused_base: Option<&'a str>,
    /// Indexes of its groups in `assigned`.
    groups: Few<usize>,
}

fn portals<'a>(assigned: &'a [Assigned]) -> HashMap<&'a str, Portal<'a>> {
    let mut out: HashMap<&str, Portal> = HashMap::default();
    out.reserve(assigned.len());
    // Where each (portal, region) is in its portal's list: a portal of thousands of regions is
    // not searched region by region for each of its groups.
    let mut region_at: HashMap<(&str, &str), usize> = HashMap::default();
    region_at.reserve(assigned.len());
    for (i, a) in assigned.iter().enumerate() {
        let key: &str = a.group.key.as_ref();
        let (region, n) = (a.group.region, a.group.members.len());
        let p = out.entry(key).or_insert_with(|| Portal {
            regions: Few::new(),
            main_region: "",
            reused_base: None,
            groups: Few::new(),
        });
        p.groups.push(i);
        match region_at.entry((key, region)) {
            Entry::Occupied(at) => p.regions[*at.get()].1 += n,
            Entry::Vacant(at) => {
                at.insert(p.regions.len());
                p.regions.push((region, n));
            }
        }
    }
    for p in out.values_mut() {
        let best = p.regions.iter().map(|(_, n)| *n).max().unwrap_or(0);
        p.main_region = p
            .regions
            .iter()
            .find(|(_, n)| *n == best)
            .map(|(r, _)| *r)
            .unwrap_or_default();
        p.reused_base = p
            .groups
            .iter()
            .map(|&i| &assigned[i])
            .find(|a| a.group.region == p.main_region)
            .and_then(|a| a.existing.map(|(_, name)| name));
    }
    out
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
///
/// It never climbs over a managed block's marker, and never lands inside a block: the block's
/// owner erases everything between its markers on its next run.
///
/// Not inlined: inside `assign_sessions` the climb took 3 instructions more a comment line
/// (160.2 M against 159.3 M on the 300,000-line comment block, callgrind).
#[inline(never)]
pub(super) fn insertion_line(cfg: &Config, ctx: &Context, sec: usize) -> usize {
    let doc = cfg.document();
    let markers = ctx.markers;
    let at = doc.unindented_comments_above(cfg.header_line(sec), |i| {
        markers && managed::is_marker(doc, i)
    });
    // A profile inside a block is skipped before this; this keeps the rule whatever the caller.
    match managed::block_at(&ctx.blocks, at) {
        Some(b) if b.begin < at => b.begin,
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_lowercased_as_to_lowercase_does_it() {
        // Titlecase letters and the Kelvin sign change without being upper-case letters; a
        // final sigma changes by where it stands.
        let names = [
            "",
            "acme",
            "Acme",
            "acme-eu-west-1",
            "ǅungla",
            "İstanbul",
            "ΑΣ",
            "straße",
            "ﬃ",
            "\u{212a}elvin",
            "日本",
        ];
        for name in names {
            assert_eq!(lowercased(name.to_string()), name.to_lowercase(), "{name}");
        }
    }
}
