#!/usr/bin/env python3
"""Writes configs whose profile or sso-session is written as two sections the AWS SDK for Rust
reads as one (`merge_in`: `[profile dev]` beside `[profile  dev]` or again, `[sso-session s]`
beside `[ sso-session s ]` or again; and `[default]` beside `[profile default]`, of which it
drops `[default]`), with the SSO keys spread over the two in every way: each key in neither,
the first, the second or both. botocore reads the later section alone (or refuses a name
written twice), so its view and Rust's differ in just the keys --doctor's Rust claims must
follow. `scripts/test` holds --doctor to Rust, JavaScript and Ruby on them; not the migration
checks, which want one reading of the file per load, and Rust reads two sections that set one
key differently in an order that changes from load to load.

- a profile `dev`: `sso_session`, `sso_account_id`, `sso_role_name`, `sso_start_url` and
  `sso_region` spread over `[profile dev]` and `[profile  dev]` or `[profile dev]` again
  (2 x 4^5 = 2,048 files), with a complete `[sso-session s]` after them; and each of the
  five in neither, `[DEFAULT]` (which botocore gives every profile, and the SDKs do not), the
  first or the second of `[profile dev]` and `[profile  dev]` (4^5 = 1,024 files);
- a profile `dev` whose two sections (`[profile dev]`, `[profile  dev]`) give `sso_session`,
  `sso_account_id`, `sso_role_name` and `sso_region` other values each (4^4 = 256 files), over
  a complete session `s` and a session `t` without a region: where both set a key, Rust reads
  either from run to run, and the claims must hold in either;
- a profile `dev` whose five SSO keys are in neither, in `[profile dev]` as the CLI writes
  them, or in `[profile  dev]` spelled as the SDKs read otherwise (upper case, `:`, indented
  under another key, an inline comment after a tab) (4 x 3^5 = 972 files);
- a role profile `dev`: `role_arn`, `source_profile` (`base`, an SSO profile, or `dev` itself),
  `sso_session`, `sso_account_id` and `sso_role_name` spread over `[profile dev]` and
  `[profile  dev]` (2 x 4^5 = 2,048 files): Rust takes `role_arn` and its source from either,
  and the credentials of a profile that names itself as its source;
- a session `s`: `sso_start_url` and `sso_region` spread over `[sso-session s]` and
  `[ sso-session s ]`, `[sso-session  s]` or `[sso-session s]` again (3 x 4^2 = 48 files),
  used by a profile with account and role; and over `[sso-session s]` and `[ sso-session s ]`
  with other values in the second (16 files: Rust merges the two in an order that changes from
  run to run, and the claims must hold in either);
- the profile `default`: the same five keys spread over `[default]` and `[profile default]`, in
  either order (2 x 4^5 = 2,048 files). botocore reads the later; Rust drops `[default]` where
  `[profile default]` is written (`merge_in`); JavaScript takes `[profile default]` unless it
  has no key; Ruby merges the two.

    python3 interop/merged-variants.py DIR    # writes DIR/merged-NNNN.config
"""

import itertools
import sys
from pathlib import Path

URL = "https://corp.awsapps.com/start"
PROFILE_KEYS = [("sso_session", "s"), ("sso_account_id", "111111111111"),
                ("sso_role_name", "Dev"), ("sso_start_url", URL), ("sso_region", "eu-west-1")]
SESSION_KEYS = PROFILE_KEYS[3:]
OTHER_SESSION_KEYS = [("sso_start_url", "https://other.awsapps.com/start"),
                      ("sso_region", "us-west-2")]
SESSION = f"[sso-session s]\nsso_start_url = {URL}\nsso_region = eu-west-1\n"
# The values of the first section and of the second.
OTHER_VALUES = [[("sso_session", "s"), ("sso_account_id", "111111111111"),
                 ("sso_role_name", "Dev"), ("sso_region", "eu-west-1")],
                [("sso_session", "t"), ("sso_account_id", "222222222222"),
                 ("sso_role_name", "Ops"), ("sso_region", "us-east-1")]]
BASE = "[profile base]\nsso_session = s\nsso_account_id = 222222222222\nsso_role_name = Base\n"
USER = "[profile dev]\nsso_session = s\nsso_account_id = 111111111111\nsso_role_name = Dev\n"


def spread(first_header, second_header, keys, placing, second_keys=None):
    """The two sections, each key where `placing` says: 0 neither, 1 first, 2 second, 3 both
    (with its value in `second_keys` in the second, where given)."""
    first = [f"{k} = {v}\n" for (k, v), at in zip(keys, placing) if at in (1, 3)]
    second = [f"{k} = {v}\n" for (k, v), at in zip(second_keys or keys, placing) if at in (2, 3)]
    return f"{first_header}\n{''.join(first)}{second_header}\n{''.join(second)}"


def variants():
    for header in ["[profile  dev]", "[profile dev]"]:
        for placing in itertools.product(range(4), repeat=len(PROFILE_KEYS)):
            yield spread("[profile dev]", header, PROFILE_KEYS, placing) + SESSION
    for placing in itertools.product(range(4), repeat=len(PROFILE_KEYS)):
        # 1: `[DEFAULT]`, 2: the first, 3: the second.
        defaults, first, second = (
            "".join(f"{k} = {v}\n" for (k, v), at in zip(PROFILE_KEYS, placing) if at == n)
            for n in (1, 2, 3))
        yield f"[DEFAULT]\n{defaults}[profile dev]\n{first}[profile  dev]\n{second}{SESSION}"
    for placing in itertools.product(range(4), repeat=len(OTHER_VALUES[0])):
        yield (spread("[profile dev]", "[profile  dev]", OTHER_VALUES[0], placing, OTHER_VALUES[1])
               + SESSION + "[sso-session t]\nsso_start_url = https://other.awsapps.com/start\n")
    spellings = [lambda k, v: f"{k.upper()} = {v}", lambda k, v: f"{k}: {v}",
                 lambda k, v: f"  {k} = {v}", lambda k, v: f"{k}\t= {v} ;c"]
    for spelled in spellings:
        for placing in itertools.product(range(3), repeat=len(PROFILE_KEYS)):
            first = "".join(f"{k} = {v}\n" for (k, v), at in zip(PROFILE_KEYS, placing) if at == 1)
            second = "".join(f"{spelled(k, v)}\n" for (k, v), at in zip(PROFILE_KEYS, placing)
                             if at == 2)
            yield f"[profile dev]\n{first}[profile  dev]\nregion = x\n{second}{SESSION}"
    for source in ["base", "dev"]:
        role_keys = [("role_arn", "arn:aws:iam::111111111111:role/R"), ("source_profile", source),
                     *PROFILE_KEYS[:3]]
        for placing in itertools.product(range(4), repeat=len(role_keys)):
            yield spread("[profile dev]", "[profile  dev]", role_keys, placing) + SESSION + BASE
    for header in ["[ sso-session s ]", "[sso-session  s]", "[sso-session s]"]:
        for placing in itertools.product(range(4), repeat=len(SESSION_KEYS)):
            yield USER + spread("[sso-session s]", header, SESSION_KEYS, placing)
    for first, second in [("[default]", "[profile default]"), ("[profile default]", "[default]")]:
        for placing in itertools.product(range(4), repeat=len(PROFILE_KEYS)):
            yield spread(first, second, PROFILE_KEYS, placing) + SESSION
    for placing in itertools.product(range(4), repeat=len(SESSION_KEYS)):
        yield USER + spread("[sso-session s]", "[ sso-session s ]", SESSION_KEYS, placing,
                            OTHER_SESSION_KEYS)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(variants()):
        (out / f"merged-{i:04d}.config").write_text(text)


if __name__ == "__main__":
    main()
