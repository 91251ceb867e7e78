"""Reads a JUnit XML file with junitparser (PyPI), a JUnit reader we did not write.

Usage: junit.py FILE

Checks that the root is <testsuites>, that every test case has a name and a classname and at
most one result (failure, error or skipped), and that the counts each suite declares are the
ones junitparser counts from its cases. Prints the totals as JSON, with the names of the failed
cases. Exit 0: valid; 1: not (why on stderr); 2: junitparser is missing.
"""

import json
import sys

try:
    from junitparser import Error, Failure, JUnitXml, Skipped
except ImportError as error:
    print(f"junitparser is missing ({error}): run ./scripts/setup.sh", file=sys.stderr)
    sys.exit(2)


def main(path):
    try:
        xml = JUnitXml.fromfile(path)
    except Exception as error:  # a parser error of any kind means the file is not JUnit XML
        return fail(f"junitparser cannot read {path}: {error!r}")
    if not isinstance(xml, JUnitXml):
        return fail("the root element is not <testsuites>")
    totals = {"suites": 0, "tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    failed = []
    for suite in xml:
        totals["suites"] += 1
        counted = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for case in suite:
            if not case.name or not case.classname:
                return fail(f"a test case of suite {suite.name!r} has no name or classname")
            results = case.result
            if len(results) > 1:
                return fail(f"test case {case.name!r} has {len(results)} results")
            counted["tests"] += 1
            for result in results:
                if isinstance(result, Failure):
                    counted["failures"] += 1
                    failed.append(case.name)
                    if not result.message:
                        return fail(f"the failure of {case.name!r} has no message")
                elif isinstance(result, Error):
                    counted["errors"] += 1
                elif isinstance(result, Skipped):
                    counted["skipped"] += 1
        for key, value in counted.items():
            declared = getattr(suite, key)
            if declared != value:
                return fail(f"suite {suite.name!r} declares {key}={declared} but holds {value}")
            totals[key] += value
    for key in ("tests", "failures", "errors", "skipped"):
        declared = getattr(xml, key)
        if declared != totals[key]:
            return fail(f"<testsuites> declares {key}={declared} but its suites hold {totals[key]}")
    totals["failed"] = failed
    print(json.dumps(totals))
    return 0


def fail(why):
    print(why, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
