"""The shared credentials file with botocore, end to end: botocore merges `~/.aws/credentials`'
`[NAME]` section over the config's profile `NAME`. A profile whose section there repeats its
legacy `sso_start_url` (spelled with a final `/`, which a migration respells) and `sso_region`:

- migrated as if the credentials file were not there, botocore refuses it afterwards (the check
  shows it can fail: this is what the tool did before it read the credentials file);
- migrated by the tool with the credentials file where botocore finds it, every profile's SSO
  settings (start URL, region, account, role) are what they were, as botocore resolves them.

And `--doctor`'s claims on role chains whose source profile, or a source's static keys, only
the credentials file has: each role profile `--doctor` says botocore fails on
(`source_profile_missing`, `source_profile_loop`, `source_profile_without_credentials`,
`role_arn_without_source`, `role_arn_with_both_sources`) is one whose role botocore's assume-role provider refuses to set
up, and every other one it sets up, with and without the credentials file.

And on generated credentials files (sections of the config's profile names and others, in
`[DEFAULT]` too, spelled in other cases and with blanks; SSO keys, other keys, nested keys,
comments, and `credential_process` lines running aws-sso-util's helper for the profile itself
or another, on one line or continued on the next, quoted or not): which profiles the tool leaves for the
credentials file's SSO keys (and which keys it names), which for a helper there, and which it
migrates, against the same worked out from botocore's own reading of each credentials file
(`configloader.raw_config_parse`, the reading `Session.full_config` merges over the config).

And `--doctor`'s word on legacy profiles whose SSO keys the two files split between them
(generated configs and credentials files, each giving some of the four): each profile it says
botocore finds SSO keys missing in is one botocore's SSO provider refuses, for the same keys,
and the start URL its `legacy_profile` quotes is the one botocore logs in to.

And `--doctor`'s word on sessions whose users the credentials file makes (a profile that file
sends to a session, or that only it has): which are unused, and which lack a key botocore's
users need, as botocore's merged config and its SSO provider have it.

And `--format tree`'s word on where each profile gets its credentials (a session, legacy SSO,
static keys, a `credential_process`, in the config or in the credentials file, a role assumed
first, or refused, a role whose source gives none among them, or none) is what botocore's
chain of providers resolves for it, with keys, helpers, sessions and roles set in both files
and profiles only the credentials file has.

Each reading runs in its own interpreter with its own `HOME`, `AWS_CONFIG_FILE` and
`AWS_SHARED_CREDENTIALS_FILE`; nothing talks to the network.

    python credentials_file.py --bin target/release/aws-sso-migrate [ignored ...]
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import re
import shlex
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
# never does), or, for a profile without a role, its chain of providers, or the error raised.
ROLES_PROBE = """
import json, sys
import botocore.session
from botocore.credentials import create_credential_resolver
out = {}
for name in sys.argv[1:]:
    s = botocore.session.Session(profile=name)
    if name not in s.full_config["profiles"]:
        # Only the credentials file has it, and it is not read here.
        out[name] = "absent"
        continue
    # A role: the provider as botocore builds it, which resolves a source without a role of
    # its own through that profile's chain of providers (SSO, static keys, login, a helper).
    # Any other profile: the whole chain (its refusals; no credentials at all is not one).
    try:
        if "role_arn" in s.full_config["profiles"][name]:
            create_credential_resolver(s).get_provider("assume-role").load()
        else:
            s.get_credentials()
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

[profile both]
role_arn = arn:aws:iam::123456789012:role/Both
source_profile = keys

[profile web]
role_arn = arn:aws:iam::123456789012:role/Web
web_identity_token_file = /nonexistent/token
source_profile = keys
credential_source = Environment

[profile fixed]
role_arn = arn:aws:iam::123456789012:role/Fixed
source_profile = gone

[profile lost]
role_arn = arn:aws:iam::123456789012:role/Lost

[profile d]
role_arn = arn:aws:iam::123456789012:role/D

[profile f]
role_arn = arn:aws:iam::123456789012:role/F

[profile x]
role_arn = arn:aws:iam::123456789012:role/X
source_profile = c

[profile settings]
region = eu-west-1

[profile via-settings]
role_arn = arn:aws:iam::123456789012:role/ViaSettings
source_profile = settings

[profile keyed-there]
region = eu-west-1

[profile via-keyed-there]
role_arn = arn:aws:iam::123456789012:role/ViaKeyedThere
source_profile = keyed-there

[profile secret-only]
aws_secret_access_key = S

[profile via-secret-only]
role_arn = arn:aws:iam::123456789012:role/ViaSecretOnly
source_profile = secret-only

[profile token-only]
aws_session_token = T

[profile via-token-only]
role_arn = arn:aws:iam::123456789012:role/ViaTokenOnly
source_profile = token-only

[profile id-there]
aws_secret_access_key = S

[profile via-id-there]
role_arn = arn:aws:iam::123456789012:role/ViaIdThere
source_profile = id-there

[profile secret-and-role]
role_arn = arn:aws:iam::123456789012:role/SecretAndRole
source_profile = keys
aws_secret_access_key = S

[profile via-secret-and-role]
role_arn = arn:aws:iam::123456789012:role/ViaSecretAndRole
source_profile = secret-and-role

[profile named-only]
credential_source = Environment

[profile via-named-only]
role_arn = arn:aws:iam::123456789012:role/ViaNamedOnly
source_profile = named-only

[profile console]
login_session = arn:aws:iam::123456789012:user/console

[profile via-console]
role_arn = arn:aws:iam::123456789012:role/Console
source_profile = console

[profile sso-source]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile via-sso-source]
role_arn = arn:aws:iam::123456789012:role/Sso
source_profile = sso-source

[profile half]
aws_access_key_id = A

[profile via-half]
role_arn = arn:aws:iam::123456789012:role/Half
source_profile = half

[profile half-there]
aws_secret_access_key = S

[profile via-half-there]
role_arn = arn:aws:iam::123456789012:role/HalfThere
source_profile = half-there

[profile half-role]
role_arn = arn:aws:iam::123456789012:role/HalfRole
credential_source = Environment
aws_access_key_id = A

[profile via-half-role]
role_arn = arn:aws:iam::123456789012:role/ViaHalfRole
source_profile = half-role
"""

# The source of `admin`, `b`'s keys, where a chain from `a` stops, the source of `split`'s
# role, a second source for `both`'s role, and roles of the credentials file alone without a
# source and with two. `web` is a web identity profile, no role chain to botocore, whatever
# its sources. The file also gives `fixed` the source that replaces its missing one, `lost` a
# source that does not exist, `d` and `f` sources that make a loop of them, and `x` its
# source `c`, a role of the file alone whose source is `x` again; `stray`, a role of the file
# alone, names a source that does not exist. `via-settings` is assumed with `settings`, which
# has no credentials in either file, and so is `via-settings-here`, a role of the file alone,
# with `settings-here`; `via-keyed-there`'s source `keyed-there` has its keys in the file.
# `via-secret-only`, `via-token-only` and `via-secret-there` have sources with a secret key, a
# session token, a secret key of the file alone: no access key ID, so no credentials; the file
# gives `id-there`, whose secret key the config has, its access key ID and secret key.
# `via-secret-and-role`'s source has a role with a source of keys, and a secret key, which
# sends botocore to its providers instead; `via-named-only`'s has `credential_source` without a
# role, which they do not read. `via-half`'s source has an access key ID alone, and so has
# `via-half-there`'s in the file (the config has its secret key), where the first provider of
# keys refuses it (`Partial credentials found in …`); `via-half-role`'s has a role beside its
# ID, which sends botocore to the providers too.
ROLE_CREDENTIALS = """[split]
source_profile = keys

[keys]
aws_access_key_id = A
aws_secret_access_key = S

[b]
aws_access_key_id = A
aws_secret_access_key = S

[lone]
role_arn = arn:aws:iam::123456789012:role/Lone

[both]
credential_source = Environment

[pair]
role_arn = arn:aws:iam::123456789012:role/Pair
source_profile = keys
credential_source = Environment

[fixed]
source_profile = keys

[lost]
source_profile = nowhere

[d]
source_profile = f

[f]
source_profile = d

[c]
role_arn = arn:aws:iam::123456789012:role/C
source_profile = x

[stray]
role_arn = arn:aws:iam::123456789012:role/Stray
source_profile = nowhere

[keyed-there]
aws_access_key_id = A
aws_secret_access_key = S

[settings-here]
region = eu-west-1

[via-settings-here]
role_arn = arn:aws:iam::123456789012:role/ViaSettingsHere
source_profile = settings-here

[secret-there]
aws_secret_access_key = S

[via-secret-there]
role_arn = arn:aws:iam::123456789012:role/ViaSecretThere
source_profile = secret-there

[id-there]
aws_access_key_id = A
aws_secret_access_key = S

[half-there]
aws_access_key_id = A
"""

ROLE_PROFILES = [
    "admin", "a", "b", "split", "both", "web", "lone", "pair", "fixed", "lost", "d", "f", "x",
    "c", "stray", "via-settings", "via-keyed-there", "via-settings-here", "via-secret-only",
    "via-token-only", "via-id-there", "via-secret-there", "secret-and-role",
    "via-secret-and-role", "via-named-only", "via-sso-source",
    "via-console", "via-half", "via-half-there", "via-half-role", "half", "half-there",
]


# Profiles that get their credentials from the config, the credentials file or both; HELPER is
# a `credential_process` that prints the key id it is given, so which file's helper ran shows.
SOURCES_CONFIG = """[default]
region = us-east-1

[profile legacy]
region = eu-west-1

[profile helped]
region = eu-west-1

[profile both]
credential_process = HELPER CONFIG
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile keys-and-helper]
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile mine]
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile theirs-too]
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile inline]
sso_start_url = START_URL
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile role]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = default

[profile role-first]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = default
sso_start_url = START_URL
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile web]
role_arn = arn:aws:iam::123456789012:role/W
web_identity_token_file = TOKEN
source_profile = default

[profile nothing]
region = eu-west-1

[profile via-session]
sso_account_id = 111111111111
sso_role_name = ConfigRole

[profile session-role]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
role_arn = arn:aws:iam::123456789012:role/R
source_profile = default

[profile session-bare-role]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
role_arn = arn:aws:iam::123456789012:role/R

[profile two-sources]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = default
credential_source = Environment

[profile lost-session-role]
sso_session = nowhere
role_arn = arn:aws:iam::123456789012:role/R
source_profile = default

[profile their-role]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile lost-source]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = nobody

[profile ring-a]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = ring-b

[profile ring-b]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = ring-a

[profile ring-c]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = ring-d

[profile session-lost-source]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
role_arn = arn:aws:iam::123456789012:role/R
source_profile = nobody

[profile login-only]
sso_session = corp

[profile no-role]
sso_session = corp
sso_account_id = 111111111111

[profile inline-region-only]
sso_session = corp
sso_region = eu-west-1

[profile role-given-there]
sso_session = corp
sso_account_id = 111111111111

[profile via-two-sources]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = two-sources

[profile via-via]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = via-two-sources

[profile via-nothing]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = nothing

[profile via-login-only]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = login-only

[profile via-no-role]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = no-role

[profile via-lost-source]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = lost-source

[profile via-settings-there]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = settings-there

[profile via-role]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = role

[profile via-web]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = web

[profile via-session-there]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = only-here-session

[profile keyed-role]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = nobody
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile via-keyed-role]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = keyed-role

[profile session-via-nothing]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
role_arn = arn:aws:iam::123456789012:role/R
source_profile = nothing

[profile login-with-keys]
sso_session = corp
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile login-with-helper]
sso_session = corp

[profile legacy-login-only]
sso_start_url = https://other.awsapps.com/start
sso_region = us-east-1

[profile legacy-login-keys]
sso_start_url = https://other.awsapps.com/start
sso_region = us-east-1
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile login-inline]
sso_session = corp
sso_start_url = https://other.awsapps.com/start

[profile via-login-inline]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = login-inline

[profile via-login-with-keys]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = login-with-keys

[profile legacy-no-role]
sso_start_url = https://other.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111

[profile legacy-no-region]
sso_start_url = https://other.awsapps.com/start
sso_account_id = 111111111111
sso_role_name = Admin

[profile account-alone]
sso_account_id = 111111111111
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile via-account-alone]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = account-alone

[profile lost-session-keys]
sso_session = nowhere
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile lost-session-sso]
sso_session = nowhere
sso_account_id = 111111111111
sso_role_name = Admin
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile lost-session-nothing]
sso_session = nowhere
region = eu-west-1

[profile half-keyed]
aws_access_key_id = CONFIGKEY

[profile split-keys]
aws_access_key_id = CONFIGKEY

[profile via-half-keyed]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = half-keyed

[profile console]
login_session = arn:aws:iam::123456789012:user/console
region = eu-west-1

[profile console-over-helper]
login_session = arn:aws:iam::123456789012:user/console
credential_process = HELPER CONFIG

[profile console-over-keys]
login_session = arn:aws:iam::123456789012:user/console
aws_access_key_id = CONFIGKEY
aws_secret_access_key = S

[profile keys-over-console]
login_session = arn:aws:iam::123456789012:user/console

[profile console-there]
region = eu-west-1

[profile console-under-session]
sso_session = corp
login_session = arn:aws:iam::123456789012:user/console

[profile via-console]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = console

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
"""

SOURCES_CREDENTIALS = """[default]
aws_access_key_id = CREDSKEY
aws_secret_access_key = S

[legacy]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[helped]
credential_process = HELPER CREDS
region = eu-north-1

[keys-and-helper]
credential_process = HELPER CREDS

[theirs-too]
aws_access_key_id = CREDSKEY
aws_secret_access_key = S
credential_process = HELPER CREDS
region = ap-south-1

[via-session]
sso_session = corp
sso_role_name = Admin

[their-role]
role_arn = arn:aws:iam::123456789012:role/T
source_profile = default

[only-here]
aws_access_key_id = CREDSKEY
aws_secret_access_key = S

[only-here-role]
role_arn = arn:aws:iam::123456789012:role/O
source_profile = only-here

[role-given-there]
sso_role_name = Admin

[ring-d]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = ring-c

[only-here-session]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Theirs
region = eu-west-3

[settings-there]
region = eu-west-1

[login-with-helper]
credential_process = HELPER CREDS

[split-keys]
aws_secret_access_key = S

[keys-over-console]
aws_access_key_id = CREDSKEY
aws_secret_access_key = S

[console-there]
login_session = arn:aws:iam::123456789012:user/there
credential_process = HELPER CREDS
"""

SOURCES_PROFILES = ["default", "legacy", "helped", "both", "keys-and-helper", "mine",
                    "theirs-too", "inline", "role", "role-first", "web", "nothing", "via-session",
                   "session-role", "session-bare-role", "two-sources", "lost-session-role",
                   "their-role", "only-here", "only-here-role", "only-here-session", "login-only",
                   "no-role", "role-given-there", "lost-source", "session-lost-source",
                   "ring-a", "ring-b", "ring-c", "ring-d", "via-two-sources", "via-via",
                   "via-nothing", "via-login-only", "via-no-role", "via-lost-source",
                   "via-settings-there", "settings-there", "via-role", "via-web",
                   "via-session-there", "keyed-role", "via-keyed-role", "session-via-nothing",
                   "inline-region-only", "login-with-keys", "login-with-helper",
                   "legacy-login-only", "legacy-login-keys", "login-inline", "via-login-inline",
                   "via-login-with-keys", "legacy-no-role", "legacy-no-region", "account-alone",
                   "via-account-alone", "lost-session-keys", "lost-session-sso",
                   "lost-session-nothing", "half-keyed", "split-keys", "via-half-keyed",
                   "console", "console-over-helper", "console-over-keys", "keys-over-console",
                   "console-there", "console-under-session", "via-console"]

# The sessions `aws login` signed in to, whose credentials botocore's login provider takes from
# its cache (`~/.aws/login/cache/<sha256 of the session>.json`): the profiles with
# `login_session` above.
LOGIN_SESSIONS = ["arn:aws:iam::123456789012:user/console", "arn:aws:iam::123456789012:user/there"]

# Where botocore's chain of providers gets each profile's credentials: (method, key id) for
# static keys and helpers, (method, None) for SSO and roles, whose calls it defers (this never
# makes them), None where no provider has any, "refused" where one refuses the profile; each
# profile's region; and the account and role of each profile it logs in to through a session.
SOURCES_PROBE = """
import json, sys
import botocore.session
from botocore.credentials import SSOProvider
sources, regions, targets = {}, {}, {}
for name in sys.argv[1:]:
    s = botocore.session.Session(profile=name)
    regions[name] = s.get_config_variable("region")
    try:
        sso = SSOProvider(load_config=lambda: s.full_config, client_creator=None,
                          profile_name=name)._load_sso_config()
    except Exception:
        sso = None
    try:
        c = s.get_credentials()
    except Exception:
        sources[name] = "refused"
        continue
    if sso and "sso_session" in sso and c is not None and c.method == "sso":
        targets[name] = [sso["sso_account_id"], sso["sso_role_name"]]
    if c is None:
        sources[name] = None
    elif c.method in ("shared-credentials-file", "config-file", "custom-process"):
        sources[name] = [c.method, c.access_key]
    else:
        sources[name] = [c.method, None]
print(json.dumps([sources, regions, targets], sort_keys=True))
"""

# What botocore resolves, for each way the tree says a profile gets its credentials (the first
# pattern that matches the whole of what it says).
TREE_SOURCES = [
    (r"static keys in the credentials file", ["shared-credentials-file", "CREDSKEY"]),
    (r"static keys", ["config-file", "CONFIGKEY"]),
    (r"credential_process in the credentials file", ["custom-process", "CREDS"]),
    (r"credential_process", ["custom-process", "CONFIG"]),
    (r"login_session( in the credentials file)?", ["login", None]),
    (r"legacy SSO .*", ["sso", None]),
    (r"role .* with (no|both) source_profile (or|and) credential_source", "refused"),
    (r"role .* via missing source_profile .*", "refused"),
    (r"role .* via source_profile .* in a loop", "refused"),
    (r"role .* via source_profile .* with no credentials", "refused"),
    (r"role .* with web identity token .*", ["assume-role-with-web-identity", None]),
    (r"role .*", ["assume-role", None]),
    (r"no credentials", None),
    (r"sso_session (\S+ does not exist|is empty)", "refused"),
]


# How the tree draws a role under the session its profile names (botocore assumes it first),
# where a session profile's own details start `role NAME`.
ROLE_UNDER_SESSION = re.compile(
    r"role \S+ (via (missing )?source_profile \S+( in a loop| with no credentials)?|from \S+|with web identity token .*"
    r"|with (no|both) source_profile (or|and) credential_source)")


def tree_sources(bin_, home, hide_credentials=False):
    """What `--format tree` says of each profile, as botocore would resolve it: SSO for one it
    draws under a session, [`TREE_SOURCES`] for one without; its region; and the account and
    role it draws for one under a session: ({profile: resolution}, {profile: region},
    {profile: [account, role]}).
    `hide_credentials`: of a copy of the config
    outside `.aws`, with `AWS_SHARED_CREDENTIALS_FILE` naming nothing (a config inside `.aws` is
    read with the `credentials` beside it)."""
    env = env_of(home)
    config = os.path.join(home, ".aws", "config")
    if hide_credentials:
        env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(home, "nowhere")
        with open(config) as f:
            text = f.read()
        config = os.path.join(home, "config-alone")
        with open(config, "w") as f:
            f.write(text)
    proc = subprocess.run(
        [bin_, "--format", "tree", "--color", "never", config],
        env=env, capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        sys.exit(f"{home}: the tree failed ({proc.returncode}): {proc.stderr}")
    lines = proc.stdout.splitlines()
    out, regions, targets = {}, {}, {}
    for line in lines[1:]:
        if line.startswith("├── ") or line.startswith("└── "):
            continue
        name, *rest = line[len("    ├── "):].split(" · ")
        if name == "no profile uses it":
            continue
        under_session = line.startswith("│")
        role = under_session and rest and ROLE_UNDER_SESSION.fullmatch(rest[0])
        # A profile under its session that gets credentials elsewhere (a role, or keys or a
        # helper where it has neither account nor role) says so.
        unused = "its sso-session goes unused" in rest
        if under_session and rest[:1] == ["login only: no account or role"]:
            out[name] = None
        elif any(re.fullmatch(r"no sso_\w+((, sso_\w+)* or sso_\w+)?|no aws_secret_access_key", p)
                 for p in rest):
            # A session or legacy profile lacking a key botocore's SSO provider needs, or an
            # access key ID without its secret key.
            out[name] = "refused"
        elif under_session and not role and not unused:
            out[name] = ["sso", None]
            said = dict(part.split(" ", 1) for part in rest if " " in part)
            targets[name] = [said.get("account"), said.get("role")]
        else:
            if role and not unused:
                sys.exit(f"the tree draws {name} under its session as {rest[0]!r} and does not "
                         "say the session goes unused")
            how = rest.pop(0)
            said = [r for words, r in TREE_SOURCES if re.fullmatch(words, how)]
            if not said:
                sys.exit(f"the tree says {how!r} of {name}, which this check does not know")
            out[name] = said[0]
        regions[name] = next((r[len("region "):] for r in rest if r.startswith("region ")), None)
    return out, regions, targets


def plant_login_tokens(home, sessions):
    """Caches credentials for each of `sessions` as `aws login` does, valid for an hour: the
    fields botocore's login provider requires (it takes the access token's keys, and reads the
    rest only to refresh them)."""
    cache = os.path.join(home, ".aws", "login", "cache")
    os.makedirs(cache, exist_ok=True)
    expires = (datetime.datetime.now(datetime.timezone.utc)
               + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for session in sessions:
        token = {
            "accessToken": {"accessKeyId": "LOGINKEY", "secretAccessKey": "S",
                            "sessionToken": "T", "expiresAt": expires,
                            "accountId": "123456789012"},
            "refreshToken": "R", "dpopKey": "unused", "clientId": "unused",
        }
        name = hashlib.sha256(session.encode()).hexdigest() + ".json"
        with open(os.path.join(cache, name), "w") as f:
            json.dump(token, f)


def sources_checks(bin_, root):
    """The tree's sources against botocore's with the credentials file, and (selftest) without
    it where the file gives keys; returns how many profiles agree."""
    home = home_with_files(root, "sources", SOURCES_CONFIG, SOURCES_CREDENTIALS)
    helper = os.path.join(home, "helper")
    with open(helper, "w") as f:
        f.write('#!/bin/sh\nprintf \'{"Version": 1, "AccessKeyId": "%s", '
                '"SecretAccessKey": "S"}\' "$1"\n')
    os.chmod(helper, 0o755)
    for file in ("config", "credentials"):
        path = os.path.join(home, ".aws", file)
        with open(path) as f:
            text = f.read().replace("HELPER", helper)
            text = text.replace("TOKEN", os.path.join(home, "token"))
        with open(path, "w") as f:
            f.write(text)
    plant_login_tokens(home, LOGIN_SESSIONS)
    env = dict(env_of(home), AWS_EC2_METADATA_DISABLED="true")
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        env.pop(k, None)
    probe = subprocess.run(
        [sys.executable, "-c", SOURCES_PROBE, *SOURCES_PROFILES],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )
    botocore_reads, botocore_regions, botocore_targets = json.loads(probe.stdout)
    said, regions, targets = tree_sources(bin_, home)
    if targets != botocore_targets:
        sys.exit(f"the tree draws the session profiles' accounts and roles as\n{targets}\n"
                 f"botocore's SSO provider reads them as\n{botocore_targets}")
    if said != botocore_reads:
        sys.exit(f"the tree says the profiles' credentials come from\n{said}\n"
                 f"botocore resolves them from\n{botocore_reads}")
    if regions != botocore_regions:
        sys.exit(f"the tree says the profiles' regions are\n{regions}\n"
                 f"botocore reads them as\n{botocore_regions}")
    blind, blind_regions, _ = tree_sources(bin_, home, hide_credentials=True)
    if blind == botocore_reads or blind_regions == botocore_regions:
        sys.exit("selftest: the tree read without the credentials file agrees with botocore")
    return len(said)


# The config of the generated checks: three legacy profiles of one portal.
GENERATED_CONFIG = "".join(
    f"[profile {name}]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n"
    f"sso_account_id = 11111111111{n}\nsso_role_name = Admin\n\n"
    for n, name in enumerate(["a", "b", "c"])
)
GENERATED_PROFILES = ["a", "b", "c"]
GENERATED_FILES = 400
SSO_KEYS = ["sso_start_url", "sso_region", "sso_session", "sso_registration_scopes"]
# Lines a section of a generated credentials file is made of; each key once in a section.
GENERATED_LINES = [
    ("sso_start_url", "sso_start_url = https://acme.awsapps.com/start/\n"),
    ("sso_region", "SSO_Region = us-east-1\n"),
    ("sso_session", "sso_session = acme\n"),
    ("sso_registration_scopes", "sso_registration_scopes = sso:account:access\n"),
    ("region", "region = eu-west-1\n"),
    ("aws_access_key_id", "aws_access_key_id = AKIAEXAMPLE\n"),
    ("s3", "s3 =\n  sso_region = eu-west-1\n"),
    ("credential_process", "credential_process = aws-sso-util credential-process\n"),
    ("credential_process", "Credential_Process = aws-sso-util credential-process --profile a\n"),
    ("credential_process", "credential_process = /opt/bin/aws-sso-util credential-process "
                           "--profile=c # note\n"),
    ("credential_process", "credential_process = aws-sso-util credential-process\n"
                           "# continued below\n    --profile b\n"),
    ("credential_process", "credential_process = aws-sso-credential-process --profile c\n"),
    ("credential_process", "credential_process = 'aws-sso-util' credential-process "
                           "--profile \"b\"\n"),
    ("credential_process", "credential_process = aws configure export-credentials --profile a "
                           "--format process\n"),
    (None, "# sso_region = eu-west-1\n"),
    (None, "\n"),
]
GENERATED_SECTIONS = ["DEFAULT", "a", "b", "c", "A", " b", "profile c", "legacy-tool"]

# Each credentials file's sections as botocore reads them (`[DEFAULT]`'s keys in every one).
RAW_PROBE = """
import json, sys
from botocore.configloader import raw_config_parse
print(json.dumps([raw_config_parse(p, parse_subsections=True) for p in sys.argv[1:]],
                 default=str))
"""


def generated_credentials(rng):
    text = ""
    for section in rng.sample(GENERATED_SECTIONS, rng.randint(1, 4)):
        text += f"[{section}]\n"
        used = set()
        for _ in range(rng.randint(0, 3)):
            key, line = rng.choice(GENERATED_LINES)
            if key is not None and key in used:
                continue
            used.add(key)
            text += line
    return text


def helper_of(command):
    """The profile aws-sso-util's helper run by `command` is told to read (`None` for its own
    profile's), or `False` where `command` runs no such helper: the tool's rule, on botocore's
    value and with botocore's splitting of it."""
    words = shlex.split(command)
    named = lambda w, n: w == n or w.endswith("/" + n)
    runs = any(named(a, "aws-sso-util") and b == "credential-process"
               for a, b in zip(words, words[1:])) or any(
        named(w, "aws-sso-credential-process") for w in words)
    if not runs:
        return False
    for i, w in enumerate(words):
        if w == "--profile" and i + 1 < len(words):
            return words[i + 1]
        if w.startswith("--profile="):
            return w[len("--profile="):]
    return None


def expected_outcomes(raw):
    """What the tool must do with each of the config's profiles, from botocore's reading `raw`
    of the credentials file: (profile, reason, keys named), reason `None` where it migrates."""
    helped = set()
    for section, keys in raw.items():
        command = keys.get("credential_process")
        if isinstance(command, str):
            target = helper_of(command)
            if target is not False:
                helped.add(target or section)
    out = []
    for name in GENERATED_PROFILES:
        given = [k for k in SSO_KEYS if k in raw.get(name, {})]
        if name in helped:
            out.append((name, "credential_process", None))
        elif given:
            out.append((name, "credentials_file", given))
        else:
            out.append((name, None, None))
    return out


def expected_warned(raw):
    """The credentials file's own legacy profiles the tool must name in its warning, from
    botocore's reading `raw`: sections that are not the config's profiles (those are migrated or
    skipped), with an `sso_start_url` and no `sso_session`, in name order."""
    return sorted(s for s, keys in raw.items() if s not in GENERATED_PROFILES
                  and "sso_start_url" in keys and "sso_session" not in keys)


def dry_run_report(bin_, home):
    """The tool's JSON report of a dry run on the home's config, read with its credentials
    file."""
    proc = subprocess.run(
        [bin_, "--format", "json", os.path.join(home, ".aws", "config")],
        env=env_of(home), capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        sys.exit(f"{home}: the tool failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout)["files"][0]


def doctor_findings(bin_, home):
    """`--doctor`'s JSON findings on the home's config, read with its credentials file."""
    proc = subprocess.run(
        [bin_, "--doctor", "--format", "json", os.path.join(home, ".aws", "config")],
        env=env_of(home), capture_output=True, text=True, timeout=60,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"{home}: --doctor failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout)["files"][0]["findings"]


def diagnosed(bin_, home):
    """The profiles `--doctor` finds legacy in the credentials file alone, in name order, each
    found at a line of that file that sets `sso_start_url`."""
    credentials = os.path.join(home, ".aws", "credentials")
    with open(credentials, "rb") as f:
        lines = f.read().split(b"\n")
    found = []
    for finding in doctor_findings(bin_, home):
        if finding["code"] != "legacy_in_credentials_file":
            continue
        line = lines[finding["line"] - 1]
        key = line.split(b"=", 1)[0].strip().lower()
        if finding.get("file") != credentials or key != b"sso_start_url":
            sys.exit(f"{home}: --doctor found {finding['profile']} at {finding.get('file')} "
                     f"line {finding['line']}: {line!r}")
        found.append(finding["profile"])
    return sorted(found)


# The start of a probe of homes, each named by its config and its credentials file in the
# arguments: `merged_homes()` gives each one's `Session.full_config`, botocore's merge of the two.
HOMES_PROBE = """
import json, sys
import botocore.session
def merged_homes():
    for config, credentials in zip(sys.argv[1::2], sys.argv[2::2]):
        s = botocore.session.Session()
        s.set_config_variable("config_file", config)
        s.set_config_variable("credentials_file", credentials)
        yield s.full_config
"""

# The SSO profiles of each home as botocore merges its config and credentials file
# (`Session.full_config`): {profile: [sso_start_url, sso_region]} for each profile with an
# `sso_start_url` and no `sso_session`, and {profile: sso_session} for each with a session.
LEGACY_PROBE = HOMES_PROBE + """
out = []
for full in merged_homes():
    profiles = full["profiles"]
    out.append([
        {name: [p["sso_start_url"], p.get("sso_region")] for name, p in profiles.items()
         if "sso_start_url" in p and "sso_session" not in p},
        {name: p["sso_session"] for name, p in profiles.items() if "sso_session" in p},
    ])
print(json.dumps(out))
"""


def token_rows(bin_, home):
    """The profiles of `--tokens`' rows: the legacy ones, {profile: [start_url, sso_region]},
    and those of a session, {profile: session}."""
    proc = subprocess.run(
        [bin_, "--tokens", "--format", "json", os.path.join(home, ".aws", "config")],
        env=env_of(home), capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        sys.exit(f"{home}: --tokens failed ({proc.returncode}): {proc.stderr}")
    rows = json.loads(proc.stdout)["files"][0]["tokens"]
    return [
        {p: [r["start_url"], r["sso_region"]] for r in rows if r["kind"] == "legacy"
         for p in r["profiles"]},
        {p: r["name"] for r in rows if r["kind"] == "sso_session" for p in r["profiles"]},
    ]


def generated_checks(bin_, root):
    """The tool's outcome on each generated credentials file against botocore's reading of it;
    returns how many of each outcome were seen."""
    rng = random.Random(20261206)
    homes = []
    for n in range(GENERATED_FILES):
        homes.append(home_with_files(root, f"gen-{n}", GENERATED_CONFIG, generated_credentials(rng)))
    probe = subprocess.run(
        [sys.executable, "-c", RAW_PROBE,
         *(os.path.join(h, ".aws", "credentials") for h in homes)],
        capture_output=True, text=True, timeout=120, check=True,
    )
    legacy = subprocess.run(
        [sys.executable, "-c", LEGACY_PROBE,
         *(os.path.join(h, ".aws", f) for h in homes for f in ("config", "credentials"))],
        capture_output=True, text=True, timeout=120, check=True,
    )
    seen = {}
    for home, botocore_legacy in zip(homes, json.loads(legacy.stdout)):
        listed = token_rows(bin_, home)
        if listed != botocore_legacy:
            sys.exit(f"{home}: --tokens lists the legacy and session profiles\n{listed}\n"
                     f"botocore reads them as\n{botocore_legacy}")
        seen["token rows"] = seen.get("token rows", 0) + len(listed[0])
        seen["session rows"] = seen.get("session rows", 0) + len(listed[1])
    for home, raw in zip(homes, json.loads(probe.stdout)):
        report = dry_run_report(bin_, home)
        got = {m["profile"]: (m["profile"], None, None) for m in report["migrated"]}
        for k in report["skipped"]:
            keys = k["details"].get("keys") if k["reason"] == "credentials_file" else None
            got[k["profile"]] = (k["profile"], k["reason"], keys)
        got = [got.get(n) for n in GENERATED_PROFILES]
        warned = [p for w in report["warnings"] if w["code"] == "legacy_in_credentials_file"
                  for p in w["details"]["profiles"]]
        got.append(("warned", warned))
        got.append(("diagnosed", diagnosed(bin_, home)))
        want = expected_outcomes(raw) + [("warned", expected_warned(raw)),
                                         ("diagnosed", expected_warned(raw))]
        if got != want:
            with open(os.path.join(home, ".aws", "credentials")) as f:
                text = f.read()
            sys.exit(f"generated credentials file:\n{text}\nbotocore reads {raw}\n"
                     f"the tool: {got}\nexpected: {want}")
        for _, reason, _ in want[:-2]:
            seen[reason or "migrated"] = seen.get(reason or "migrated", 0) + 1
        seen["warned"] = seen.get("warned", 0) + len(want[-1][1])
    return seen


# The four keys of a legacy SSO profile, with the values generated for them in the config and,
# spelled otherwise and with another start URL and maybe another region, in the credentials file.
SPLIT_KEYS = {
    "sso_start_url": ("https://acme.awsapps.com/start", ["https://other.awsapps.com/start"]),
    "sso_region": ("us-east-1", ["us-east-1", "eu-west-1"]),
    "sso_account_id": ("111111111111", ["111111111111"]),
    "sso_role_name": ("Admin", ["Admin"]),
}
SPLIT_FILES = 300
# The session the config has (the config's start URL and region), and the line naming it.
SPLIT_SESSION = "[sso-session corp]\nsso_start_url = https://acme.awsapps.com/start\n" \
                "sso_region = us-east-1\n"

# What botocore's SSO provider makes of each profile of each home: {profile: its error}; the
# start URL of each legacy profile of the merged config; and the profiles with a session to
# which the credentials file gives a start URL or region.
SPLIT_PROBE = HOMES_PROBE + """
from botocore.configloader import raw_config_parse
from botocore.credentials import SSOProvider
from botocore.exceptions import InvalidConfigError
out = []
for full, credentials in zip(merged_homes(), sys.argv[2::2]):
    raw = raw_config_parse(credentials)
    failing, urls, beside = {}, {}, []
    for name in ("a", "b", "c"):
        p = full["profiles"].get(name, {})
        if "sso_session" in p and any(k in raw.get(name, {})
                                      for k in ("sso_start_url", "sso_region")):
            beside.append(name)
        provider = SSOProvider(load_config=lambda: full, client_creator=None, profile_name=name)
        try:
            provider._load_sso_config()
        except InvalidConfigError as e:
            failing[name] = str(e)
        if "sso_start_url" in p and "sso_session" not in p:
            urls[name] = p["sso_start_url"]
    out.append([failing, urls, beside])
print(json.dumps(out))
"""


def split_home(root, n, rng):
    """A home whose profiles `a`, `b` and `c` each get some of the four keys in the config and
    some in the credentials file (its own section, or `[DEFAULT]`), and maybe an `sso_session`
    in either file, naming the config's session or one that is not there."""
    config = SPLIT_SESSION
    for name in ("a", "b", "c"):
        config += f"[profile {name}]\nregion = eu-west-1\n"
        if rng.random() < 0.2:
            config += f"sso_session = {rng.choice(['corp', 'gone'])}\n"
        for key, (value, _) in SPLIT_KEYS.items():
            if rng.random() < 0.5:
                config += f"{key} = {value}\n"
    credentials = "# generated\n"
    for section in rng.sample(["a", "b", "c", "DEFAULT"], rng.randint(0, 3)):
        credentials += f"[{section}]\n"
        if rng.random() < 0.2:
            credentials += f"SSO_Session = {rng.choice(['corp', 'corp', 'gone'])}\n"
        for key, (_, values) in SPLIT_KEYS.items():
            if rng.random() < 0.4:
                spelled = key.upper() if rng.random() < 0.3 else key
                credentials += f"{spelled} = {rng.choice(values)}\n"
    return home_with_files(root, f"split-{n}", config, credentials)


def split_checks(bin_, root):
    """`--doctor` on homes whose profiles' SSO keys and sessions are split between the two
    files, against botocore's SSO provider: returns how many profiles were compared, how many
    botocore refuses for each reason ({"missing": n, "session": n, "inconsistent": n}), and
    how many are legacy, and how many the run warns of for keys beside a session."""
    rng = random.Random(20261207)
    homes = [split_home(root, n, rng) for n in range(SPLIT_FILES)]
    probe = subprocess.run(
        [sys.executable, "-c", SPLIT_PROBE,
         *(os.path.join(h, ".aws", f) for h in homes for f in ("config", "credentials"))],
        capture_output=True, text=True, timeout=120,
    )
    if probe.returncode != 0:
        sys.exit(f"botocore's reading of the split homes failed: {probe.stderr}")
    compared = legacy = beside_warned = 0
    refused = {"missing": 0, "session": 0, "inconsistent": 0}
    for home, (failing, urls, beside) in zip(homes, json.loads(probe.stdout)):
        findings = doctor_findings(bin_, home)
        # The run's warning names those with a session beside the file's keys, but those it
        # skips (which say why themselves).
        report = dry_run_report(bin_, home)
        skipped = [k["profile"] for k in report["skipped"]]
        warned = [p for w in report["warnings"] if w["code"] == "inline_in_credentials_file"
                  for p in w["details"]["profiles"]]
        if warned != [b for b in beside if b not in skipped]:
            sys.exit(f"{home}: the run warns of {warned} beside a session; botocore reads "
                     f"{beside} so, of which the tool skips {skipped}")
        beside_warned += len(warned)
        # Each profile `--doctor` says botocore fails on, with the keys it lacks where that is
        # the failure; botocore's error, read the same way.
        said = {f["profile"]: f["details"].get("missing") if f["code"] == "missing_sso_keys"
                else f["code"]
                for f in findings if "botocore" in [r["reader"] for r in f["readers"]]}
        lacks = {name: error.rsplit(": ", 1)[1].split(", ") if "missing required" in error
                 else error for name, error in failing.items()}
        claims = {name: (c if isinstance(c, list) else "refused") for name, c in said.items()}
        refusals = {name: (e if isinstance(e, list) else "refused") for name, e in lacks.items()}
        quoted = {f["profile"]: f["details"]["start_url"] for f in findings
                  if f["code"] == "legacy_profile"}
        # A legacy profile of the config has its own start URL there: botocore's is quoted.
        own = {name: url for name, url in urls.items()
               if re.search(rf"\[profile {name}\]\n[^[]*sso_start_url", read(home, "config"))}
        if claims != refusals or quoted != own:
            sys.exit(f"{home}:\nconfig:\n{read(home, 'config')}\ncredentials:\n"
                     f"{read(home, 'credentials')}\n--doctor says botocore fails on {said} and "
                     f"quotes {quoted};\nbotocore fails on {failing} and logs in to {own}")
        compared += 3
        for error in failing.values():
            reason = ("missing" if "missing required" in error else
                      "session" if "does not exist" in error else "inconsistent")
            refused[reason] += 1
        legacy += len(own)
    return compared, refused, legacy, beside_warned


# Sessions whose users the credentials file makes: `lean` (no region) is used only by a
# profile only that file has, `spare` only by config profiles that file sends to it (one away
# from `left`, which has no region either), `idle` by none.
SESSIONS_CONFIG = """[sso-session lean]
sso_start_url = https://lean.awsapps.com/start

[sso-session spare]
sso_start_url = https://spare.awsapps.com/start
sso_region = us-east-1

[sso-session idle]
sso_start_url = https://idle.awsapps.com/start
sso_region = us-east-1

[sso-session left]
sso_start_url = https://left.awsapps.com/start

[profile moved]
sso_session = left
sso_account_id = 111111111111
sso_role_name = Admin

[profile sent]
sso_account_id = 111111111111
sso_role_name = Admin
"""

SESSIONS_CREDENTIALS = """[only]
sso_session = lean
sso_account_id = 111111111111
sso_role_name = Admin

[sent]
sso_session = spare

[moved]
SSO_Session = spare

[orphan]
sso_session = renamed
sso_account_id = 111111111111
sso_role_name = Admin
"""

# Each session of the merged config: its users (the profiles whose `sso_session` names it) and
# those of them botocore's SSO provider refuses; and every profile that provider refuses.
SESSIONS_PROBE = """
import json
import botocore.session
from botocore.credentials import SSOProvider
full = botocore.session.Session().full_config
refused = []
for name in full["profiles"]:
    try:
        SSOProvider(load_config=lambda: full, client_creator=None,
                    profile_name=name)._load_sso_config()
    except Exception:
        refused.append(name)
out = {}
for session in full.get("sso_sessions", {}):
    users = sorted(n for n, p in full["profiles"].items() if p.get("sso_session") == session)
    out[session] = [users, [n for n in users if n in refused]]
print(json.dumps([out, sorted(refused)], sort_keys=True))
"""


def sessions_checks(bin_, root):
    """`--doctor`'s session findings with the credentials file, against botocore: the sessions
    it says no profile uses are those botocore's merged config gives no user, and those it says
    botocore users fail on for a missing key are those some user of which botocore's SSO
    provider refuses, and the profiles it says botocore fails on (by name, or as users of such
    a session) are those that provider refuses. Returns how many sessions were compared; and
    (selftest) the same read without the credentials file must disagree."""
    home = home_with_files(root, "sessions", SESSIONS_CONFIG, SESSIONS_CREDENTIALS)
    probe = subprocess.run(
        [sys.executable, "-c", SESSIONS_PROBE],
        env=env_of(home), capture_output=True, text=True, timeout=60, check=True,
    )
    botocore, refused = json.loads(probe.stdout)
    want = (sorted(s for s, (users, _) in botocore.items() if not users),
            sorted(s for s, (_, refused) in botocore.items() if refused), refused)

    def said(findings):
        claimed = [f for f in findings if "botocore" in [r["reader"] for r in f["readers"]]]
        lacking = sorted(f["session"] for f in claimed if f["code"] == "session_lacks_key")
        # The profiles botocore is said to fail on: by name, or as users of a session.
        profiles = {f["profile"] for f in claimed if "profile" in f}
        profiles.update(u for s in lacking for u in botocore[s][0])
        return (sorted(f["session"] for f in findings if f["code"] == "unused_session"),
                lacking, sorted(profiles))

    got = said(doctor_findings(bin_, home))
    if got != want:
        sys.exit(f"--doctor says the unused sessions, those botocore users fail on, and the "
                 f"profiles botocore fails on are {got}; botocore reads them as {want} "
                 f"({botocore})")
    os.rename(os.path.join(home, ".aws", "credentials"), os.path.join(home, "elsewhere"))
    if said(doctor_findings(bin_, home)) == want:
        sys.exit("selftest: --doctor without the credentials file agrees with botocore with it")
    if not all(want) or len(want[0]) + len(want[1]) == len(botocore):
        sys.exit(f"selftest: the sessions check compares too little: {botocore}")
    return len(botocore)


def read(home, file):
    with open(os.path.join(home, ".aws", file)) as f:
        return f.read()


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
    plant_login_tokens(home, LOGIN_SESSIONS)
    findings = doctor_findings(bin_, home)
    claimed = sorted(
        f["profile"] for f in findings
        if "botocore" in [r["reader"] for r in f["readers"]]
    )
    probe = subprocess.run(
        [sys.executable, "-c", ROLES_PROBE, *ROLE_PROFILES],
        env=dict(env_of(home), AWS_EC2_METADATA_DISABLED="true"), capture_output=True, text=True, timeout=60, check=True,
    )
    failing = sorted(n for n, r in json.loads(probe.stdout).items() if r not in ("ok", "absent"))
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
        sources = sources_checks(bin_, root)
        generated = generated_checks(bin_, root)
        compared, refused, legacy, beside_warned = split_checks(bin_, root)
        sessions = sessions_checks(bin_, root)
        if not all(refused.values()) or not legacy or not beside_warned:
            sys.exit(f"selftest: the split homes gave {refused} refused, {legacy} legacy")
        outcomes = ("migrated", "credentials_file", "credential_process", "warned")
        if not all(generated.get(k) for k in outcomes):
            sys.exit(f"selftest: the generated files did not give every outcome: {generated}")
    print(
        "credentials file: a profile it repeats legacy SSO keys for is refused by botocore "
        "when migrated (selftest), left as it is by the tool; "
        f"{len(PROFILES)} profiles resolve as before; --doctor's role chain claims are "
        f"botocore's with it ({len(checked[0])} of {len(ROLE_PROFILES)} fail) and without it "
        f"({len(checked[1])} fail); on {GENERATED_FILES} generated credentials files, the "
        f"tool's {GENERATED_FILES * len(GENERATED_PROFILES)} outcomes follow botocore's reading "
        f"of them ({generated['migrated']} migrated, {generated['credentials_file']} left for "
        f"its SSO keys, {generated['credential_process']} for a helper there), and its warning "
        f"and --doctor name the {generated['warned']} legacy profiles botocore reads from those "
        f"files alone; --tokens lists the start URL and region of the {generated['token rows']} "
        "legacy profiles botocore reads from both files, and the session of the "
        f"{generated['session rows']} profiles it reads one for; --format tree says where "
        f"{sources} profiles get their credentials, and their regions, as botocore reads them "
        f"with the file; on {SPLIT_FILES} homes that split SSO keys and sessions between the two "
        f"files, --doctor says botocore's SSO provider refuses exactly the "
        f"{sum(refused.values())} of {compared} profiles it refuses ({refused['missing']} lacking "
        f"keys, {refused['session']} a session, {refused['inconsistent']} with a start URL or "
        f"region that differs from the session's) and quotes the start URL botocore logs in to "
        f"for {legacy} legacy ones; the run warns of the {beside_warned} it leaves with a start "
        f"URL or region there beside a session; of {sessions} sessions whose users that file "
        "makes, --doctor finds unused and lacking a key botocore's users need the ones botocore "
        "reads so, and the profiles it says botocore fails on (one naming a session the config "
        "does not have) are those botocore's SSO provider refuses"
    )


if __name__ == "__main__":
    main()
