"""The shared credentials file with botocore, end to end: botocore merges `~/.aws/credentials`'
`[NAME]` section over the config's profile `NAME`. A profile whose section there repeats its
legacy `sso_start_url` (spelled with a final `/`, which a migration respells) and `sso_region`:

- migrated as if the credentials file were not there, botocore refuses it afterwards (the check
  shows it can fail: this is what the tool did before it read the credentials file);
- migrated by the tool with the credentials file where botocore finds it, every profile's SSO
  settings (start URL, region, account, role) are what they were, as botocore resolves them.

And `--doctor`'s claims on role chains whose source profile, or a source's static keys, only
the credentials file has: each role profile `--doctor` says botocore fails on
(`source_profile_missing`, `source_profile_loop`, `role_arn_without_source`) is one whose role botocore's assume-role
provider refuses to set up, and every other one it sets up, with and without the credentials
file.

Each reading runs in its own interpreter with its own `HOME`, `AWS_CONFIG_FILE` and
`AWS_SHARED_CREDENTIALS_FILE`; nothing talks to the network.

    python credentials_file.py --bin target/release/aws-sso-migrate [ignored ...]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

CONFIG = """[profile ops]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile dev]
sso_start_url = https://acme.awsapps.com/start/
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = ReadOnly
"""

CREDENTIALS = """[dev]
sso_start_url = https://acme.awsapps.com/start/
sso_region = us-east-1

[static]
aws_access_key_id = A
aws_secret_access_key = S
"""

PROFILES = ["ops", "dev"]
KEYS = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"]

# What botocore's SSO credential provider resolves for each profile, or the error it raises.
PROBE = """
import json, sys
import botocore.session
from botocore.credentials import SSOProvider
out = {}
for name in sys.argv[1:]:
    s = botocore.session.Session(profile=name)
    p = SSOProvider(load_config=lambda: s.full_config, client_creator=s.create_client,
                    profile_name=name, cache={}, token_cache={})
    try:
        c = p._load_sso_config()
        out[name] = {k: c.get(k) for k in %r}
    except Exception as e:
        out[name] = type(e).__name__ + ": " + str(e)
print(json.dumps(out, sort_keys=True))
""" % (KEYS,)


# Whether botocore's assume-role provider sets up each profile's role (its source credentials
# are resolved then; the role itself is assumed only when the credentials are used, which this
# never does), or the error it raises.
ROLES_PROBE = """
import json, sys
import botocore.session
from botocore.credentials import AssumeRoleProvider
out = {}
for name in sys.argv[1:]:
    s = botocore.session.Session(profile=name)
    p = AssumeRoleProvider(load_config=lambda: s.full_config, client_creator=s.create_client,
                           cache={}, profile_name=name)
    try:
        p.load()
        out[name] = "ok"
    except Exception as e:
        out[name] = type(e).__name__
print(json.dumps(out, sort_keys=True))
"""

ROLES = """[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = keys

[profile a]
role_arn = arn:aws:iam::123456789012:role/A
source_profile = b

[profile b]
role_arn = arn:aws:iam::123456789012:role/B
source_profile = a

[profile split]
role_arn = arn:aws:iam::123456789012:role/Split
"""

# The source of `admin`, `b`'s keys, where a chain from `a` stops, and the source of `split`'s
# role.
ROLE_CREDENTIALS = """[split]
source_profile = keys

[keys]
aws_access_key_id = A
aws_secret_access_key = S

[b]
aws_access_key_id = A
aws_secret_access_key = S
"""

ROLE_PROFILES = ["admin", "a", "b", "split"]


def env_of(home):
    env = dict(os.environ)
    env.update(
        HOME=home,
        AWS_CONFIG_FILE=os.path.join(home, ".aws", "config"),
        AWS_SHARED_CREDENTIALS_FILE=os.path.join(home, ".aws", "credentials"),
    )
    for k in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        env.pop(k, None)
    return env


def role_claims(bin_, home):
    """The profiles `--doctor` says botocore fails on, and those botocore does fail on."""
    proc = subprocess.run(
        [bin_, "--doctor", "--format", "json", os.path.join(home, ".aws", "config")],
        env=env_of(home), capture_output=True, text=True, timeout=60,
    )
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    claimed = sorted(
        f["profile"] for f in findings
        if "botocore" in [r["reader"] for r in f["readers"]]
    )
    probe = subprocess.run(
        [sys.executable, "-c", ROLES_PROBE, *ROLE_PROFILES],
        env=env_of(home), capture_output=True, text=True, timeout=60, check=True,
    )
    failing = sorted(n for n, r in json.loads(probe.stdout).items() if r != "ok")
    return claimed, failing


def readings(home):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *PROFILES],
        env=env_of(home), capture_output=True, text=True, timeout=60, check=True,
    )
    return json.loads(proc.stdout)


def migrated(bin_, home, hide_credentials):
    """Runs `--write` on the home's config, with the credentials file where the tool finds it,
    or (`hide_credentials`) pointed elsewhere."""
    env = dict(os.environ, HOME=home, NO_COLOR="1")
    env["AWS_CONFIG_FILE"] = os.path.join(home, ".aws", "config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = (
        os.path.join(home, "nowhere") if hide_credentials
        else os.path.join(home, ".aws", "credentials")
    )
    proc = subprocess.run(
        [bin_, "--write", "--no-backup", "--format", "json"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        sys.exit(f"the tool failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout)["files"][0]


def home_with_files(root, name, config=CONFIG, credentials=CREDENTIALS):
    home = os.path.join(root, name)
    os.makedirs(os.path.join(home, ".aws"))
    files = [("config", config)] + ([("credentials", credentials)] if credentials else [])
    for file, text in files:
        with open(os.path.join(home, ".aws", file), "w") as f:
            f.write(text)
    return home


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    args, _ = ap.parse_known_args()
    bin_ = os.path.abspath(args.bin)
    with tempfile.TemporaryDirectory() as root:
        blind = home_with_files(root, "blind")
        before = readings(blind)
        for name in PROFILES:
            if not isinstance(before[name], dict):
                sys.exit(f"botocore cannot read profile {name} before migrating: {before[name]}")
        # As if the tool did not read the credentials file: `dev` is migrated and broken.
        report = migrated(bin_, blind, hide_credentials=True)
        moved = sorted(m["profile"] for m in report["migrated"])
        broken = readings(blind)["dev"]
        if moved != ["dev", "ops"] or isinstance(broken, dict) or "inconsistent" not in broken:
            sys.exit(f"selftest: migrated {moved}, botocore reads dev as {broken!r}; "
                     "expected both migrated and dev refused")
        # The tool as it runs: `dev` is left as it is, and nothing resolves otherwise.
        home = home_with_files(root, "seen")
        report = migrated(bin_, home, hide_credentials=False)
        moved = [m["profile"] for m in report["migrated"]]
        skipped = [(s["profile"], s["reason"]) for s in report["skipped"]]
        after = readings(home)
        if moved != ["ops"] or skipped != [("dev", "credentials_file")]:
            sys.exit(f"migrated {moved}, skipped {skipped}; expected ops, and dev skipped")
        if after != before:
            sys.exit(f"botocore resolves otherwise after migrating:\n{before}\n{after}")
        # Role chains, with and without the credentials file.
        checked = []
        for name, credentials in (("roles", ROLE_CREDENTIALS), ("roles-alone", None)):
            home = home_with_files(root, name, ROLES, credentials)
            claimed, failing = role_claims(bin_, home)
            if claimed != failing:
                sys.exit(f"{name}: --doctor says botocore fails on {claimed}, it fails on "
                         f"{failing}")
            checked.append(failing)
        if checked[0] == checked[1]:
            sys.exit(f"selftest: the credentials file changed nothing botocore fails on: {checked}")
    print(
        "credentials file: a profile it repeats legacy SSO keys for is refused by botocore "
        "when migrated (selftest), left as it is by the tool; "
        f"{len(PROFILES)} profiles resolve as before; --doctor's role chain claims are "
        f"botocore's with it ({len(checked[0])} of {len(ROLE_PROFILES)} fail) and without it "
        f"({len(checked[1])} fail)"
    )


if __name__ == "__main__":
    main()
