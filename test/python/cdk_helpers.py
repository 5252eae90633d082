"""Helpers shared by the Python tests: plain functions over synthesized template JSON."""
import copy
import json


def strip_cdk_metadata(template):
    """A copy of the template without what only records how it was made: the
    AWS::CDK::Metadata resource (it names the language), `aws:cdk:path`
    metadata, the CDKMetadataAvailable condition and the bootstrap version check."""
    t = copy.deepcopy(template)
    resources = t.get("Resources", {})
    for logical_id in [k for k, r in resources.items() if r.get("Type") == "AWS::CDK::Metadata"]:
        del resources[logical_id]
    for r in resources.values():
        metadata = r.get("Metadata")
        if isinstance(metadata, dict):
            metadata.pop("aws:cdk:path", None)
            if not metadata:
                del r["Metadata"]
    for section, key in (("Conditions", "CDKMetadataAvailable"), ("Parameters", "BootstrapVersion"),
                         ("Rules", "CheckBootstrapVersion")):
        if section in t:
            t[section].pop(key, None)
            if not t[section]:
                del t[section]
    for r in resources.values():
        if r.get("Type") == "AWS::CloudWatch::Dashboard":
            r["Properties"]["DashboardBody"] = canonical_dashboard_body(r["Properties"]["DashboardBody"])
    return t


def canonical_dashboard_body(body):
    """A dashboard body (JSON text, or an Fn::Join of JSON fragments and tokens) as a value whose
    JSON key order does not count: aws-cdk-lib versions write the keys of a dashboard metric's options in
    different orders (`{"period":..,"id":"m1"}` / `{"id":"m1","period":..}`), which CloudWatch reads alike.
    Tokens are kept, in order, beside the parsed body."""
    if isinstance(body, str):
        return {"json": json.loads(body), "tokens": []}
    parts = body["Fn::Join"][1]
    tokens = [p for p in parts if not isinstance(p, str)]
    text = "".join(p if isinstance(p, str) else f"__TOKEN_{i}__" for i, p in enumerate(parts))
    return {"json": json.loads(text), "tokens": tokens}


def policy_actions_of_role(template_json, role_prefix):
    """Every action granted to the role by an AWS::IAM::Policy or AWS::IAM::ManagedPolicy
    attached to it (whichever the construct uses), with the statements' resources."""
    out = {}
    for r in template_json["Resources"].values():
        if r["Type"] not in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            continue
        roles = r["Properties"].get("Roles", [])
        if not any(isinstance(x, dict) and str(x.get("Ref", "")).startswith(role_prefix) for x in roles):
            continue
        for st in r["Properties"]["PolicyDocument"]["Statement"]:
            assert st["Effect"] == "Allow"
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            for a in actions:
                out.setdefault(a, []).append(st["Resource"])
    return out
