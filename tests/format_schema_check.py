#!/usr/bin/python3
"""CTest check of docs/headroom.schema.json (registered only when Debian's
python3-jsonschema and python3-yaml are installed): the schema is valid JSON
Schema 2020-12, every preset in architectures/ validates against it, and the
malformed files the schema can see (unknown keys, units, enums, types) fail.
Cross-references, cycles and share sums are the loader's job, not the schema's.

Usage: format_schema_check.py SOURCE_DIR
"""
import glob
import json
import os
import sys

import jsonschema
import yaml

# Corpus files the schema must reject (the rest need the loader: names that
# point nowhere, cycles, share sums, duplicate keys, positions ...).
SCHEMA_REJECTS = [
    "01-unknown-key-typo.yaml", "02-unknown-top-level-key.yaml", "04-missing-to.yaml",
    "06-cache-without-hit-ratio.yaml", "13-negative-duration.yaml", "15-unitless-duration.yaml",
    "16-unknown-time-unit.yaml", "17-users-and-arrival-rate.yaml", "18-no-users-no-rate.yaml",
    "24-wrong-type-number.yaml", "25-wrong-type-components.yaml", "27-unknown-kind.yaml",
    "28-unknown-policy.yaml", "29-unknown-distribution.yaml", "32-ratio-out-of-range.yaml",
    "33-unknown-rate-unit.yaml", "37-scalar-document.yaml", "38-empty-components.yaml",
    "39-missing-workload.yaml", "40-key-for-another-kind.yaml", "42-count-too-large.yaml",
    "43-component-without-id.yaml", "46-unknown-discipline.yaml", "47-negative-users.yaml",
]


def main():
    source = sys.argv[1]
    with open(os.path.join(source, "docs", "headroom.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    checked = 0

    presets = sorted(glob.glob(os.path.join(source, "architectures", "*.yaml")))
    if not presets:
        print("error: no presets found")
        return 1
    for path in presets:
        with open(path, encoding="utf-8") as f:
            document = yaml.safe_load(f)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        checked += 1
        if errors:
            failures += 1
            for e in errors:
                print(f"FAIL {os.path.basename(path)}: {'/'.join(map(str, e.path))}: {e.message}")
        else:
            print(f"ok   {os.path.basename(path)} validates")

    for name in SCHEMA_REJECTS:
        path = os.path.join(source, "tests", "malformed", name)
        with open(path, encoding="utf-8") as f:
            document = yaml.safe_load(f)
        checked += 1
        if validator.is_valid(document):
            failures += 1
            print(f"FAIL {name}: accepted by the schema, expected a rejection")
        else:
            print(f"ok   {name} rejected")

    print(f"{checked - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
