"""Checks Security Hub import requests (ASFF), one BatchImportFindings input a line, and imports
them into moto's Security Hub when an endpoint is given.

Usage: asff.py FILE [MOTO_ENDPOINT]

1. botocore (PyPI, with boto3) validates each line as BatchImportFindings input with its own
   parameter validator, from the Security Hub service model it ships: required members, types,
   unknown members, minimum sizes.
2. The same model, walked here: the enumerations (Compliance.Status, Severity.Label,
   RecordState …) and patterns botocore's validator leaves to the service, and the 100-finding
   maximum of a request.
3. The limits the ASFF documentation states and the model does not
   (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html):
   Title 256 characters, Description 1024, Id, GeneratorId and resource Id 512, 1 to 32
   resources, at most 50 types of a valid namespace, 32 related requirements, 50 product fields;
   SchemaVersion 2018-10-08, a 12-digit AwsAccountId, ISO 8601 times; and a request under a
   default product only holds findings of that product's account.
4. With MOTO_ENDPOINT, each request is sent with boto3's BatchImportFindings to moto's Security
   Hub (a server the test started), and GetFindings must give back every finding, as sent.

Prints a JSON summary. Exit 0: valid; 1: not (why on stderr); 2: a package is missing.
"""

import datetime
import json
import re
import sys
from collections import Counter

try:
    import boto3
    import botocore.session
    from botocore.exceptions import ParamValidationError
    from botocore.validate import validate_parameters
except ImportError as error:
    print(f"boto3 or botocore is missing ({error}): run ./scripts/setup.sh", file=sys.stderr)
    sys.exit(2)

NAMESPACES = {
    "Software and Configuration Checks",
    "TTPs",
    "Effects",
    "Unusual Behaviors",
    "Sensitive Data Identifications",
}
LIMITS = {"Title": 256, "Description": 1024, "Id": 512, "GeneratorId": 512}


def main(path, endpoint=None):
    model = botocore.session.get_session().get_service_model("securityhub")
    request_shape = model.operation_model("BatchImportFindings").input_shape
    errors = []
    requests = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                request = json.loads(line)
            except ValueError as error:
                errors.append(f"line {number}: not JSON: {error}")
                continue
            try:
                validate_parameters(request, request_shape)
            except ParamValidationError as error:
                errors.append(f"line {number}: botocore: {error}")
                continue
            findings = request["Findings"]
            if len(findings) > 100:
                errors.append(f"line {number}: {len(findings)} findings; BatchImportFindings takes at most 100")
            walk(request, request_shape, f"line {number}", errors)
            accounts = {f["AwsAccountId"] for f in findings}
            for index, finding in enumerate(findings):
                documented_limits(finding, f"line {number}: Findings[{index}]", errors)
                arn = re.fullmatch(r"arn:aws[a-z-]*:securityhub:([a-z0-9-]+):(\d{12}):product/(\d{12})/default", finding["ProductArn"])
                if arn and len(accounts) > 1:
                    errors.append(f"line {number}: findings of several accounts under a default product")
                if arn and not (arn.group(2) == arn.group(3) == finding["AwsAccountId"]):
                    errors.append(f"line {number}: Findings[{index}]: a default product of another account")
            requests.append(request)
    findings = [f for r in requests for f in r["Findings"]]
    if not findings and not errors:
        errors.append("no findings")
    ids = Counter(f["Id"] for f in findings)
    errors.extend(f"Id {i!r} is used {n} times" for i, n in ids.items() if n > 1)
    if errors:
        return fail(errors)
    summary = {
        "requests": len(requests),
        "findings": len(findings),
        "statuses": Counter(f["Compliance"]["Status"] for f in findings),
        "severities": Counter(f["Severity"]["Label"] for f in findings),
    }
    if endpoint:
        imported, read_back = import_into(endpoint, requests, errors)
        if errors:
            return fail(errors)
        summary["imported"] = imported
        summary["read_back"] = read_back
    print(json.dumps(summary))
    return 0


def walk(value, shape, where, errors):
    """Checks the enumerations, patterns and list maxima of the service model."""
    kind = shape.type_name
    if kind == "structure":
        for name, member in shape.members.items():
            if name in value:
                walk(value[name], member, f"{where}.{name}", errors)
    elif kind == "list":
        limit = shape.metadata.get("max")
        if limit is not None and len(value) > limit:
            errors.append(f"{where}: {len(value)} items, at most {limit}")
        for index, item in enumerate(value):
            walk(item, shape.member, f"{where}[{index}]", errors)
    elif kind == "map":
        for key, item in value.items():
            walk(key, shape.key, f"{where} key", errors)
            walk(item, shape.value, f"{where}[{key!r}]", errors)
    elif kind == "string":
        if shape.enum and value not in shape.enum:
            errors.append(f"{where}: {value!r} is not one of {shape.enum}")
        pattern = shape.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern, value, re.DOTALL):
            errors.append(f"{where}: {value!r} does not match {pattern}")


def documented_limits(finding, where, errors):
    for name, limit in LIMITS.items():
        if len(finding[name]) > limit:
            errors.append(f"{where}.{name}: {len(finding[name])} characters, at most {limit}")
    if finding["SchemaVersion"] != "2018-10-08":
        errors.append(f"{where}.SchemaVersion is {finding['SchemaVersion']!r}")
    if not re.fullmatch(r"\d{12}", finding["AwsAccountId"]):
        errors.append(f"{where}.AwsAccountId {finding['AwsAccountId']!r} is not 12 digits")
    for name in ("CreatedAt", "UpdatedAt"):
        try:
            datetime.datetime.fromisoformat(finding[name].replace("Z", "+00:00"))
        except ValueError:
            errors.append(f"{where}.{name} {finding[name]!r} is not ISO 8601")
    resources = finding["Resources"]
    if not 1 <= len(resources) <= 32:
        errors.append(f"{where}.Resources: {len(resources)}, 1 to 32")
    for resource in resources:
        if len(resource["Id"]) > 512 or len(resource["Type"]) > 256:
            errors.append(f"{where}.Resources: an Id over 512 or a Type over 256 characters")
    types = finding.get("Types", [])
    if len(types) > 50:
        errors.append(f"{where}.Types: {len(types)}, at most 50")
    for kind in types:
        if kind.split("/")[0] not in NAMESPACES:
            errors.append(f"{where}.Types: {kind!r} is in no ASFF namespace")
    if len(finding.get("Compliance", {}).get("RelatedRequirements", [])) > 32:
        errors.append(f"{where}.Compliance.RelatedRequirements: more than 32")
    if len(finding.get("ProductFields", {})) > 50:
        errors.append(f"{where}.ProductFields: more than 50")


def import_into(endpoint, requests, errors):
    """Sends every request to moto's Security Hub and reads the findings back."""
    sent = {}
    clients = {}
    for number, request in enumerate(requests, 1):
        region = request["Findings"][0]["Region"]
        if region not in clients:
            clients[region] = boto3.client(
                "securityhub",
                endpoint_url=endpoint,
                region_name=region,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
        answer = clients[region].batch_import_findings(**request)
        if answer["FailedCount"] or answer["SuccessCount"] != len(request["Findings"]):
            errors.append(f"request {number}: {answer['FailedCount']} failed: {answer.get('FailedFindings')}")
        for finding in request["Findings"]:
            sent[finding["Id"]] = finding
    read = {}
    for client in clients.values():
        for page in client.get_paginator("get_findings").paginate():
            for finding in page["Findings"]:
                read[finding["Id"]] = finding
    if set(read) != set(sent):
        errors.append(f"GetFindings gives {len(read)} findings back, {len(sent)} were imported")
    for finding_id, finding in sent.items():
        if finding_id in read and read[finding_id] != finding:
            errors.append(f"finding {finding_id!r} comes back changed")
    return len(sent), len(read)


def fail(errors):
    print(f"{len(errors)} errors; the first ones:", file=sys.stderr)
    for error in errors[:20]:
        print(f"  {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
