//! Our own botocore model's side of the read-back: every profile of a [`Scope`] resolves to the
//! same target (or the same error) with the same other keys and registration scopes, and the
//! rewritten file has no problem the original did not have.

use super::is_sso_location_key;
use super::scope::Scope;
use crate::aws::url::portal_key_cow;
use crate::aws::{Config, ResolveError, SSO_REGISTRATION_SCOPES, SSO_SESSION, SsoTargetRef};

/// Checks with our own botocore model that every profile resolves as before: same target (or the
/// same error), same non-SSO keys, and that the rewritten file has no problems. Compares every
/// profile: for tests; [`same_meaning_in`] compares a rewrite's scope.
pub fn same_meaning(before: &Config, after: &Config) -> Result<(), Vec<String>> {
    same_meaning_in(&Scope::everything(before, after))
}

/// [`same_meaning`] for the profiles of `scope`, between the two files it was made from; the
/// rewritten file is checked for problems and its number of profiles whole.
pub fn same_meaning_in(scope: &Scope) -> Result<(), Vec<String>> {
    let (before, after) = (scope.before, scope.after);
    // The rewrite may keep an ambiguity it was allowed to leave alone, never add one.
    let mut before_codes: Vec<&str> = before.problems().iter().map(|p| p.kind.code()).collect();
    let mut errors: Vec<String> = after
        .problems()
        .iter()
        .filter(
            |p| match before_codes.iter().position(|c| *c == p.kind.code()) {
                Some(i) => {
                    before_codes.swap_remove(i);
                    false
                }
                None => true,
            },
        )
        .map(|p| {
            format!(
                "the rewritten file is unreadable: line {} ({})",
                p.line,
                p.kind.code()
            )
        })
        .collect();
    // Borrowed: a profile's target is compared without a copy (start URLs by portal key, which
    // is the URL itself nearly always).
    fn summarize(r: Result<SsoTargetRef<'_>, ResolveError>) -> Result<Summary<'_>, ResolveError> {
        r.map(|t| {
            (
                t.start_url.map(portal_key_cow),
                t.sso_region,
                t.account_id,
                t.role_name,
            )
        })
    }
    // Nearly always: the rewrite leaves `[DEFAULT]` as it was.
    let same_defaults = before.defaults() == after.defaults();
    for &p in scope.profiles(..) {
        let name = || scope.name(p);
        let (i, j) = match (p.before(), p.after()) {
            (Some(i), Some(j)) => (i, j),
            (Some(_), None) => {
                errors.push(format!("profile `{}` disappeared", name()));
                continue;
            }
            (None, Some(_)) => {
                errors.push(format!("profile `{}` appeared", name()));
                continue;
            }
            (None, None) => continue,
        };
        let (b, a) = (
            summarize(before.resolve_borrowed(i)),
            summarize(after.resolve_borrowed(j)),
        );
        if b != a {
            errors.push(format!(
                "profile `{}` resolved to {b:?} before and {a:?} after",
                name()
            ));
        }
        if !same_other_keys(before, i, after, j, same_defaults) {
            errors.push(format!(
                "profile `{}` changed keys other than sso_*",
                name()
            ));
        }
        if let Some(had) = scopes(before, i)
            && scopes(after, j) != Some(had)
        {
            errors.push(format!(
                "profile `{}` lost its sso_registration_scopes",
                name()
            ));
        }
    }
    if before.profile_count() != after.profile_count() {
        errors.push("the number of profiles changed".into());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Where a profile leads, as [`same_meaning_in`] compares it: portal key, SSO region, account
/// and role.
type Summary<'c> = (
    Option<std::borrow::Cow<'c, str>>,
    Option<&'c str>,
    Option<&'c str>,
    Option<&'c str>,
);

/// Whether profile section `i` of `before` and `j` of `after` hold the same keys other than the
/// SSO location, with the same values. A rewrite keeps the order of the lines it does not
/// touch, so the keys are first compared in file order, without a list; only where that
/// differs are both sides sorted and compared. Where both files have the same `[DEFAULT]` keys
/// (`same_defaults`), only the keys either section sets itself can differ, and only those are
/// compared.
fn same_other_keys(
    before: &Config,
    i: usize,
    after: &Config,
    j: usize,
    same_defaults: bool,
) -> bool {
    let no_defaults = before.defaults().is_empty() && after.defaults().is_empty();
    if no_defaults {
        let (mut b, mut a) = (
            before.props(i).filter(|p| !is_sso_location_key(p.key)),
            after.props(j).filter(|p| !is_sso_location_key(p.key)),
        );
        let in_order = loop {
            match (b.next(), a.next()) {
                (None, None) => break true,
                (Some(x), Some(y)) if (x.key, x.value) == (y.key, y.value) => {}
                _ => break false,
            }
        };
        if in_order {
            return true;
        }
    }
    if same_defaults {
        let (b, a) = (own_other_keys(before, i), own_other_keys(after, j));
        let mut keys: Vec<&str> = b.iter().chain(&a).map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        return seen_for(&keys, &b, before) == seen_for(&keys, &a, after);
    }
    other_keys(before, i) == other_keys(after, j)
}

/// The keys of section `k` other than the SSO location that it sets itself, sorted.
fn own_other_keys<'c>(cfg: &'c Config, k: usize) -> Vec<(&'c str, &'c str)> {
    let mut keys: Vec<(&str, &str)> = (cfg.props(k))
        .filter(|p| !is_sso_location_key(p.key))
        .map(|p| (p.key, p.value))
        .collect();
    keys.sort_unstable();
    keys
}

/// [`other_keys`] of a section for `keys` (sorted) alone: its own keys `own` (sorted) where it
/// sets them, else `[DEFAULT]`'s value where `cfg` has one.
fn seen_for<'c>(
    keys: &[&'c str],
    own: &[(&'c str, &'c str)],
    cfg: &'c Config,
) -> Vec<(&'c str, &'c str)> {
    let mut out = Vec::with_capacity(keys.len());
    let mut rest = own;
    for &k in keys {
        let n = rest.partition_point(|(ok, _)| *ok <= k);
        if n == 0 {
            out.extend(cfg.default_value(k).map(|v| (k, v)));
        } else {
            out.extend_from_slice(&rest[..n]);
        }
        rest = &rest[n..];
    }
    out
}

/// The keys of section `k` other than the SSO location, sorted: borrowed pairs, no map and no
/// copy per profile.
fn other_keys<'c>(cfg: &'c Config, k: usize) -> Vec<(&'c str, &'c str)> {
    let mut keys = cfg.effective(k);
    keys.retain(|(key, _)| !is_sso_location_key(key));
    keys.sort_unstable();
    keys
}

/// The `sso_registration_scopes` botocore sees for profile section `i`: its own (or
/// `[DEFAULT]`'s), else its session's.
fn scopes<'c>(cfg: &'c Config, i: usize) -> Option<&'c str> {
    cfg.get(i, SSO_REGISTRATION_SCOPES).or_else(|| {
        let session = cfg.session(cfg.get(i, SSO_SESSION)?)?;
        cfg.get(session, SSO_REGISTRATION_SCOPES)
    })
}
