"""aws-sso-util's credential helper, end to end: `aws-sso-util credential-process --profile X`
reads profile X's inline `sso_start_url`, `sso_region`, `sso_account_id` and `sso_role_name`
(`aws_sso_util/credential_process.py`, `get_config`), so a migration of X breaks every profile
whose `credential_process` runs it for X. botocore runs that command from the config's profile
or, merged over it, from the shared credentials file's section of the same name; tools that
read only the credentials file get SSO credentials that way.

A config of three legacy profiles of one portal: `ops`, for which the config's profile
`wrapped` runs the helper; `dev`, for which the credentials file's `legacy-tool` runs it; and
`plain`, which nothing runs it for; and a half-migrated profile, `half` (its session and the
inline keys, as `aws configure sso` leaves a legacy profile), for which `half-wrapper` runs
the helper. With a legacy token planted in the cache and a stub of the SSO portal on
127.0.0.1, botocore resolves `wrapped`, `legacy-tool` and `half-wrapper` through the helper
before migrating. Then:

- migrated as if the credentials file were not there, `dev` moves and `legacy-tool` fails (the
  check shows it can fail: this is what the tool did before it read that file's helpers);
- with `half`'s inline keys removed, as a clean-up of the half-migrated profile would, and as
  the tool did before it looked for helpers there, `half-wrapper` fails;
- migrated by the tool, only `plain` moves, `half` keeps its inline keys, and every helper
  gives what it gave before.

Each reading runs in its own interpreter with its own `HOME`, `AWS_CONFIG_FILE` and
`AWS_SHARED_CREDENTIALS_FILE`; nothing talks to anything but 127.0.0.1.

    python check.py --bin target/release/aws-sso-migrate
"""

import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BOTOCORE_CHECK = Path(__file__).resolve().parents[2] / "tests" / "interop" / "botocore"

START_URL = "https://acme.awsapps.com/start"

HALF = f"""[profile half]
sso_session = acme
sso_start_url = {START_URL}
sso_region = us-east-1
sso_account_id = 444444444444
sso_role_name = Admin
"""

CONFIG = f"""[sso-session acme]
sso_start_url = {START_URL}
sso_region = us-east-1

{HALF}
[profile half-wrapper]
credential_process = aws-sso-util credential-process --profile half

[profile ops]
sso_start_url = {START_URL}
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile wrapped]
credential_process = aws-sso-util credential-process --profile ops

[profile dev]
sso_start_url = {START_URL}
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile plain]
sso_start_url = {START_URL}
sso_region = us-east-1
sso_account_id = 333333333333
sso_role_name = Admin
"""

CREDENTIALS = """[legacy-tool]
credential_process = aws-sso-util credential-process --profile dev
"""

# The profiles whose credentials come from the helper.
HELPED = ["wrapped", "legacy-tool", "half-wrapper"]

# The access key botocore resolves for each profile, or the error it raises.
PROBE = """
import json, sys
import botocore.session
out = {}
for name in sys.argv[1:]:
    try:
        c = botocore.session.Session(profile=name).get_credentials()
        out[name] = c.get_frozen_credentials().access_key if c else "no credentials"
    except Exception as e:
        out[name] = type(e).__name__ + ": " + " ".join(str(e).split())
print(json.dumps(out, sort_keys=True))
"""


def start_stub():
    """The botocore check's stub of the SSO portal (credentials named after the account and
    role asked for), on 127.0.0.1: its base URL, and the requests it has seen."""
    # Loaded by its path: on `sys.path` its name, `check`, is also this file's.
    spec = importlib.util.spec_from_file_location("botocore_check", BOTOCORE_CHECK / "check.py")
    botocore_check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(botocore_check)  # standard library only
    server, seen = botocore_check.start_stub()
    return f"http://127.0.0.1:{server.server_address[1]}", seen


def home_with_files(root, name):
    """A home with the config, the credentials file and a legacy token for the portal."""
    home = os.path.join(root, name)
    cache = os.path.join(home, ".aws", "sso", "cache")
    os.makedirs(cache)
    for file, text in (("config", CONFIG), ("credentials", CREDENTIALS)):
        with open(os.path.join(home, ".aws", file), "w") as f:
            f.write(text)
    expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=2))
    token = {"startUrl": START_URL, "region": "us-east-1", "accessToken": "planted",
             "expiresAt": expires.strftime("%Y-%m-%dT%H:%M:%SZ")}
    with open(os.path.join(cache, hashlib.sha1(START_URL.encode()).hexdigest() + ".json"),
              "w") as f:
        json.dump(token, f)
    return home


def env_of(home, credentials, endpoint=None):
    env = dict(os.environ, HOME=home, NO_COLOR="1")
    env["AWS_CONFIG_FILE"] = os.path.join(home, ".aws", "config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(home, ".aws", credentials)
    # The helper runs from this interpreter's virtualenv.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    for k in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
              "AWS_SESSION_TOKEN", "AWS_SSO_START_URL", "AWS_SSO_REGION"):
        env.pop(k, None)
    if endpoint:
        env["AWS_ENDPOINT_URL_SSO"] = endpoint
    return env


def readings(home, endpoint):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *HELPED],
        env=env_of(home, "credentials", endpoint), capture_output=True, text=True, timeout=120,
        check=True,
    )
    return json.loads(proc.stdout)


def migrated(bin_, home, hide_credentials):
    """`--write` on the home's config, with the credentials file where the tool finds it, or
    (`hide_credentials`) pointed elsewhere."""
    env = env_of(home, "nowhere" if hide_credentials else "credentials")
    proc = subprocess.run(
        [bin_, "--write", "--no-backup", "--format", "json"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        sys.exit(f"the tool failed ({proc.returncode}): {proc.stderr}")
    report = json.loads(proc.stdout)["files"][0]
    moved = sorted(m["profile"] for m in report["migrated"])
    skipped = sorted((s["profile"], s["reason"], s["details"].get("via"))
                     for s in report["skipped"])
    return moved, skipped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    bin_ = os.path.abspath(ap.parse_args().bin)
    endpoint, seen = start_stub()
    with tempfile.TemporaryDirectory() as root:
        before = readings(home_with_files(root, "before"), endpoint)
        if not all(v.startswith("ASIA") for v in before.values()):
            sys.exit(f"the helper gives no credentials before migrating: {before}")
        # As if the tool did not read the credentials file's helpers.
        blind = home_with_files(root, "blind")
        moved, _ = migrated(bin_, blind, hide_credentials=True)
        broken = readings(blind, endpoint)
        if moved != ["dev", "plain"] or "Missing start url" not in broken["legacy-tool"]:
            sys.exit(f"selftest: migrated {moved}, botocore resolves {broken}; expected dev "
                     "and plain migrated and legacy-tool's helper failing")
        # `half` cleaned up, as the tool did before it looked for helpers of half-migrated
        # profiles.
        cleaned = home_with_files(root, "cleaned")
        config_path = os.path.join(cleaned, ".aws", "config")
        with open(config_path) as f:
            text = f.read()
        inline = f"sso_start_url = {START_URL}\nsso_region = us-east-1\nsso_account_id = 444"
        with open(config_path, "w") as f:
            f.write(text.replace(HALF, HALF.replace(inline, "sso_account_id = 444")))
        broken = readings(cleaned, endpoint)
        if "Missing start url" not in broken["half-wrapper"]:
            sys.exit(f"selftest: with half cleaned up, botocore resolves {broken}; expected "
                     "half-wrapper's helper failing")
        # The tool as it runs.
        home = home_with_files(root, "seen")
        moved, skipped = migrated(bin_, home, hide_credentials=False)
        want = [("dev", "credential_process", "legacy-tool"),
                ("half", "credential_process", "half-wrapper"),
                ("ops", "credential_process", "wrapped")]
        if moved != ["plain"] or skipped != want:
            sys.exit(f"migrated {moved}, skipped {skipped}; expected plain, and {want}")
        after = readings(home, endpoint)
        if after != before:
            sys.exit(f"the helper gives otherwise after migrating:\n{before}\n{after}")
        # Every credential the portal gave went to the planted legacy token.
        tokens = {r.get("token") for r in seen}
        if tokens != {"planted"}:
            sys.exit(f"the stub portal was asked with tokens {tokens}, not only the planted one")
    print(
        f"aws-sso-util credential-process: {len(HELPED)} profiles (two of the config's, one "
        "for a half-migrated profile, and the credentials file's) get the same credentials "
        "through it after migrating; the credentials file's fails when the tool does not read "
        "that file, and the half-migrated profile's when its inline keys are removed (selftests)"
    )


if __name__ == "__main__":
    main()
