"""Helpers shared by the Python tests: plain functions over synthesized template JSON."""
import copy


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
    return t


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
