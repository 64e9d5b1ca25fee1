"""What botocore reads in each config file: the reference the JavaScript and Ruby checks hold
their SDK's reading to when they check `aws-sso-migrate --doctor`'s claims about it.

    python readings.py FILE...

prints one JSON object: for each FILE as given, `{"profiles": {NAME: {KEY: VALUE}},
"sessions": {NAME: {KEY: VALUE}}, "defaults": {KEY: VALUE}}`: the profiles and sessions as
`botocore.configloader.load_config` returns them (a nested value is an object), and the keys of
`[DEFAULT]`, which its `configparser` gives every section that lacks them (nested alike); or
`{"error": TEXT}` where botocore cannot read the file. Run with the virtualenv `run.sh` makes (the pinned
botocore).
"""

import configparser
import json
import sys

from botocore.configloader import _parse_nested, load_config


def reading(path):
    try:
        config = load_config(path)
    except Exception as e:  # noqa: BLE001 - any failure is botocore refusing the file
        return {"error": f"{type(e).__name__}: {e}"}
    # botocore's own parser setup (`raw_config_parse`): a default RawConfigParser.
    parser = configparser.RawConfigParser()
    parser.read([path])
    return {
        "profiles": config.get("profiles", {}),
        "sessions": config.get("sso_sessions", {}),
        # Nested as botocore nests a section's value (load_config read the file, so it parses).
        "defaults": {
            k: _parse_nested(v) if v.startswith("\n") else v for k, v in parser.defaults().items()
        },
    }


def main(paths):
    json.dump({p: reading(p) for p in paths}, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
