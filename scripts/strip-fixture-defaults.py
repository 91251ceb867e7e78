#!/usr/bin/env python3
"""Removes from check fixtures what `maturity_evidence::testing::complete` fills in anyway.

A fixture should state only what its check reads. Everything else is completed when the test
reads it (see crates/checks/tests/fixtures/README.md): the schema version, the collector, the
scope, each account's enabled regions, and the facts named in
crates/evidence/src/testing_defaults.json (list facts collected and empty, optional settings
collected and not configured). This script removes every part of a fixture that equals what the
completion would put there, so completing the stripped fixture gives back the same bundle.

A fact the fixture leaves out on purpose (not collected) is not touched: if the completion would
give it a default, the fixture must say `"not_collected"`; `--mark-absent` writes that for every
such fact of the files named, for fixtures whose verdict rests on it.

Usage: scripts/strip-fixture-defaults.py [--check] [--mark-absent] [FIXTURE.json ...]
With no file, every fixture under crates/checks/tests/fixtures. `--check` changes nothing and
exits 1 when some fixture still holds a default (for CI).
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "crates/checks/tests/fixtures"
DEFAULTS = json.loads((ROOT / "crates/evidence/src/testing_defaults.json").read_text())
SCHEMA_VERSION = 2
COLLECTOR = {"tool": "maturity", "version": "fixture", "collected_at": "2026-11-01T00:00:00Z"}

# Fixtures that other tests read whole, without the completion: they keep every part.
READ_WHOLE = {
    # crates/checks/src/shared/accounts.rs reads its enabled regions with Bundle::from_path.
    "cognito-user-pools-mfa/not_applicable.json",
    # crates/assess/tests/robustness.rs mutates it as a whole bundle.
    "iam-root-account-protected/inconclusive.json",
}


def is_not_enabled(facts):
    """The collector marks a region not enabled by writing every fact unavailable."""
    return bool(facts) and all(isinstance(f, dict) and "unavailable" in f for f in facts.values())


def default_scope(accounts):
    ids = [a.get("account_id") for a in accounts if "account_id" in a]
    regions = sorted({r for a in accounts for r in (a.get("regions") or {})})
    return {"accounts": ids, "regions": regions}


def strip_facts(facts, defaults, mark_absent):
    for name, value in defaults.items():
        if name not in facts:
            if mark_absent:
                facts[name] = "not_collected"
        elif facts[name] == value:
            del facts[name]


def strip(bundle, mark_absent=False):
    if bundle.get("schema_version") == SCHEMA_VERSION:
        del bundle["schema_version"]
    if bundle.get("collector") == COLLECTOR:
        del bundle["collector"]
    accounts = bundle.get("accounts", [])
    for account in accounts:
        regions = account.get("regions") or {}
        enabled = sorted(name for name, facts in regions.items() if not is_not_enabled(facts))
        glob = account.get("global")
        if glob is None:
            if not mark_absent:
                continue
            glob = account["global"] = {}
        if "enabled_regions" not in glob and mark_absent:
            glob["enabled_regions"] = "not_collected"
        elif glob.get("enabled_regions") == {"ok": enabled}:
            del glob["enabled_regions"]
        strip_facts(glob, DEFAULTS["global"], mark_absent)
        for facts in regions.values():
            if not is_not_enabled(facts):
                strip_facts(facts, DEFAULTS["region"], mark_absent)
        if not glob:
            del account["global"]
    if bundle.get("scope") == default_scope(accounts):
        del bundle["scope"]
    return bundle


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if some fixture holds a default")
    parser.add_argument("--mark-absent", action="store_true", help='write "not_collected" for facts left out')
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or sorted(FIXTURES.glob("*/*.json"))
    stale = []
    for path in files:
        path = path.resolve()
        if path.relative_to(FIXTURES).as_posix() in READ_WHOLE:
            continue
        before = path.read_text()
        after = json.dumps(strip(json.loads(before), args.mark_absent), indent=2, ensure_ascii=False) + "\n"
        if after != before:
            stale.append(path)
            if not args.check:
                path.write_text(after)
    verb = "hold defaults" if args.check else "stripped"
    print(f"{len(stale)} of {len(files)} fixtures {verb}", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
