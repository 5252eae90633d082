"""The Python example app (examples/python/app.py), built with the installed
wheel, checked resource by resource and against the TypeScript example's template."""
import difflib
import importlib.metadata
import json
import sys
from pathlib import Path

from aws_cdk.assertions import Match

from cdk_helpers import policy_actions_of_role, strip_cdk_metadata
from conftest import EXAMPLE_APP, REPO_ROOT

REJECTED_SSH_PATTERN = (
    "[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol=6, "
    'packets, bytes, start, end, action="REJECT", log_status]'
)
REJECTED_POSTGRES_PATTERN = (
    "[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=5432, protocol=6, "
    'packets, bytes, start, end, action="REJECT", log_status]'
)


def _version_tuple(v):
    return tuple(int(p) for p in v.split(".")[:3])


# ---- the package under test is the installed wheel ----

def test_imports_the_installed_wheel_not_the_sources(package_json):
    import cdk_flow_logs_to_cloudwatch as pkg

    module_file = Path(pkg.__file__).resolve()
    # From the venv's site-packages (where pip put the wheel), not from lib/ or the repo.
    assert "site-packages" in module_file.parts, module_file
    assert (REPO_ROOT / "lib") not in module_file.parents, module_file
    dist = importlib.metadata.distribution("cdk-flow-logs-to-cloudwatch")
    assert dist.version == package_json["version"]
    assert Path(sys.prefix).resolve() in module_file.parents, (sys.prefix, module_file)


def test_installed_peers_meet_the_floors(package_json):
    for name, spec in package_json["peerDependencies"].items():
        floor = spec.lstrip("^~>=")
        installed = importlib.metadata.version(name)
        assert _version_tuple(installed) >= _version_tuple(floor), (name, installed, floor)


def test_example_app_is_importable_and_names_the_stack(example):
    stack, _ = example
    assert EXAMPLE_APP.is_file()
    assert stack.stack_name == "FlowLogsExample"
    assert stack.node.id == "FlowLogsExample"
    assert stack.flow_logs.node.id == "FlowLogs"


# ---- the scenario, resource by resource ----

def test_role_is_assumable_only_by_flow_logs_of_this_account(example):
    _, template = example
    template.resource_count_is("AWS::IAM::Role", 1)
    template.has_resource_properties("AWS::IAM::Role", {
        "AssumeRolePolicyDocument": {
            "Statement": [{
                "Action": "sts:AssumeRole",
                "Effect": "Allow",
                "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                    "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", [
                        "arn:", {"Ref": "AWS::Partition"}, ":ec2:", {"Ref": "AWS::Region"}, ":",
                        {"Ref": "AWS::AccountId"}, ":vpc-flow-log/*",
                    ]]}},
                },
            }],
        },
    })


def test_role_may_deliver_to_the_log_group(example):
    _, template = example
    actions = policy_actions_of_role(template.to_json(), "FlowLogsRole")
    assert sorted(actions) == sorted([
        "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups"])
    assert actions["logs:DescribeLogGroups"] == ["*"]  # no resource-level permission exists for it
    assert "log-stream:*" in json.dumps(actions["logs:PutLogEvents"])


def test_log_group_keeps_two_years_and_is_retained(example):
    _, template = example
    template.resource_count_is("AWS::Logs::LogGroup", 1)
    template.has_resource("AWS::Logs::LogGroup", {
        "Properties": {"RetentionInDays": 731},
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
    })


def test_one_flow_log_per_target_to_cloudwatch_logs(example):
    _, template = example
    template.resource_count_is("AWS::EC2::FlowLog", 2)
    common = {
        "LogDestinationType": "cloud-watch-logs",
        "TrafficType": "ALL",
        "LogGroupName": {"Ref": Match.string_like_regexp("^FlowLogsLogGroup")},
        "DeliverLogsPermissionArn": {"Fn::GetAtt": [Match.string_like_regexp("^FlowLogsRole"), "Arn"]},
        "LogFormat": Match.absent(),
    }
    template.has_resource_properties("AWS::EC2::FlowLog", {
        **common, "ResourceType": "VPC", "ResourceId": {"Ref": Match.string_like_regexp("^Vpc")},
    })
    template.has_resource_properties("AWS::EC2::FlowLog", {
        **common, "ResourceType": "NetworkInterface", "ResourceId": "eni-1a2b3c4d",
    })


def test_rejected_ssh_metric_filter(example):
    _, template = example
    # rejected SSH, rejected PostgreSQL, rejected admin ports
    template.resource_count_is("AWS::Logs::MetricFilter", 3)
    template.has_resource_properties("AWS::Logs::MetricFilter", {
        "FilterPattern": REJECTED_SSH_PATTERN,
        "MetricTransformations": [{
            "MetricName": "RejectedSsh",
            "MetricNamespace": "FlowLogs/FlowLogsExample/FlowLogs",
            "MetricValue": "1",
            "DefaultValue": 0,
        }],
    })
    template.has_resource_properties("AWS::Logs::MetricFilter", {
        "FilterPattern": REJECTED_POSTGRES_PATTERN,
        "MetricTransformations": [Match.object_like({"MetricName": "RejectedPostgres", "MetricValue": "1", "DefaultValue": 0})],
    })


def test_rejected_ssh_alarm_notifies_the_topic(example):
    _, template = example
    # one per detection, and the delivery health alarm
    template.resource_count_is("AWS::CloudWatch::Alarm", 4)
    topic = {"Ref": Match.string_like_regexp("^FlowLogsAlarmTopic")}
    template.has_resource_properties("AWS::CloudWatch::Alarm", {
        "MetricName": "RejectedSsh",
        "Namespace": "FlowLogs/FlowLogsExample/FlowLogs",
        "Statistic": "Sum",
        "Period": 3600,
        "Threshold": 10,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "EvaluationPeriods": 1,
        "DatapointsToAlarm": 1,
        "TreatMissingData": "notBreaching",
        "AlarmActions": [topic],
    })
    template.has_resource_properties("AWS::CloudWatch::Alarm", {
        "MetricName": "RejectedPostgres", "Statistic": "Sum", "Period": 900, "Threshold": 5,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold", "AlarmActions": [topic],
    })


def test_insight_rule_queries_and_dashboard(example):
    stack, template = example
    template.resource_count_is("AWS::CloudWatch::InsightRule", 1)
    template.has_resource_properties("AWS::CloudWatch::InsightRule", {
        "RuleName": "FlowLogsExample-FlowLogs-TopRejectedSources", "RuleState": "ENABLED",
    })
    # four saved queries, and a history query per detection (three)
    template.resource_count_is("AWS::Logs::QueryDefinition", 7)
    template.has_resource_properties("AWS::Logs::QueryDefinition", {
        "Name": "FlowLogsExample/FlowLogs/ForInterface",
        "QueryString": 'filter interfaceId = "eni-1a2b3c4d"\n| sort @timestamp desc\n| limit 1000',
    })
    template.resource_count_is("AWS::CloudWatch::Dashboard", 1)
    assert len(stack.flow_logs.contributor_rules) == 1
    assert len(stack.flow_logs.queries) == 7
    assert stack.flow_logs.dashboard is not None


def test_email_subscription_on_an_ssl_only_topic(example):
    _, template = example
    template.resource_count_is("AWS::SNS::Topic", 1)
    template.resource_count_is("AWS::SNS::Subscription", 1)
    template.has_resource_properties("AWS::SNS::Subscription", {
        "Protocol": "email",
        "Endpoint": "secops@example.com",
        "TopicArn": {"Ref": Match.string_like_regexp("^FlowLogsAlarmTopic")},
    })
    template.has_resource_properties("AWS::SNS::TopicPolicy", {
        "PolicyDocument": {"Statement": [
            Match.object_like({
                "Effect": "Deny", "Action": "sns:Publish",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }),
            # A topic policy replaces SNS's default one: CloudWatch alarms of this account may publish.
            Match.object_like({
                "Effect": "Allow", "Action": "sns:Publish",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Condition": Match.object_like({"StringEquals": {"aws:SourceAccount": Match.any_value()}}),
            }),
        ]},
    })


def test_vpc_configuration(example):
    _, template = example
    template.has_resource_properties("AWS::EC2::VPC", {"CidrBlock": "10.0.0.0/16"})
    template.resource_count_is("AWS::EC2::Subnet", 4)
    template.resource_count_is("AWS::EC2::NatGateway", 0)
    for cidr in ("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"):
        template.has_resource_properties("AWS::EC2::Subnet", {"CidrBlock": cidr})


# ---- the Python example builds exactly what the TypeScript example builds ----

def test_strip_cdk_metadata_only_strips_metadata():
    t = {
        "Resources": {
            "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:python"}},
            "A": {"Type": "AWS::SNS::Topic", "Metadata": {"aws:cdk:path": "S/A", "keep": 1}},
            "B": {"Type": "AWS::SNS::Topic", "Metadata": {"aws:cdk:path": "S/B"}},
        },
        "Conditions": {"CDKMetadataAvailable": {}},
        "Parameters": {"BootstrapVersion": {}, "Other": {}},
        "Rules": {"CheckBootstrapVersion": {}},
    }
    assert strip_cdk_metadata(t) == {
        "Resources": {"A": {"Type": "AWS::SNS::Topic", "Metadata": {"keep": 1}}, "B": {"Type": "AWS::SNS::Topic"}},
        "Parameters": {"Other": {}},
    }


def test_python_template_equals_typescript_template(example, ts_template):
    _, template = example
    py = strip_cdk_metadata(template.to_json())
    ts = strip_cdk_metadata(ts_template)

    assert len(ts.get("Resources", {})) >= 20, "the TypeScript template looks empty or truncated"
    # Same logical IDs first: the clearest message when a construct ID differs.
    assert sorted(py["Resources"]) == sorted(ts["Resources"])
    if py != ts:
        diff = "\n".join(difflib.unified_diff(
            json.dumps(ts, indent=1, sort_keys=True).splitlines(),
            json.dumps(py, indent=1, sort_keys=True).splitlines(),
            "typescript (examples/app.ts)", "python (examples/python/app.py)", lineterm=""))
        raise AssertionError("the Python example's template differs from the TypeScript example's:\n" + diff)


# ---- the app runs as `cdk synth` runs it, and the README shows this very code ----

def test_app_synthesizes_as_a_script(tmp_path, example, ts_template):
    """`python3 app.py` as the cdk CLI runs it (cdk.json), with CDK_OUTDIR set."""
    import os
    import subprocess

    cdk_json = json.loads((EXAMPLE_APP.parent / "cdk.json").read_text(encoding="utf-8"))
    assert cdk_json["app"] == "python3 app.py"
    env = {**os.environ, "CDK_OUTDIR": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, "app.py"], cwd=EXAMPLE_APP.parent, env=env, check=True, timeout=300)
    synthesized = json.loads((tmp_path / "FlowLogsExample.template.json").read_text(encoding="utf-8"))
    assert strip_cdk_metadata(synthesized) == strip_cdk_metadata(ts_template)


def test_readme_python_blocks_are_tested_code(tmp_path):
    """The README's Python code is code this suite runs: its minimal app (the block after
    `<!-- consumer-test: python-app -->`, also synthesized by the cdk CLI in
    scripts/consumer-test.sh) runs here and synthesizes the document's scenario; any other
    ```python block of README.md is examples/python/app.py, or a part of it at some indentation."""
    import runpy

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    marker = "<!-- consumer-test: python-app -->\n```python\n"
    assert marker in readme, "README.md has no Python minimal app after <!-- consumer-test: python-app -->"
    minimal = readme.split(marker, 1)[1].split("```", 1)[0]
    blocks = [b.split("```", 1)[0] for b in readme.split("```python\n")[1:]]
    app_source = EXAMPLE_APP.read_text(encoding="utf-8")
    for block in blocks:
        if block == minimal:
            continue
        lines = block.rstrip("\n").splitlines()
        candidates = ["\n".join((" " * k + line) if line else line for line in lines) for k in (0, 4, 8, 12)]
        assert any(c in app_source for c in candidates), f"README.md's Python block is not part of examples/python/app.py:\n{block}"

    app_file = tmp_path / "app.py"
    app_file.write_text(minimal, encoding="utf-8")
    app = runpy.run_path(str(app_file), run_name="__main__")["app"]
    template = app.synth().get_stack_by_name("FlowLogsStack").template
    types = [r["Type"] for r in template["Resources"].values()]
    for resource_type, count in [("AWS::EC2::FlowLog", 1), ("AWS::Logs::MetricFilter", 1), ("AWS::CloudWatch::Alarm", 1),
                                 ("AWS::SNS::Subscription", 1), ("AWS::SNS::TopicPolicy", 1)]:
        assert types.count(resource_type) == count, f"{resource_type}: {types.count(resource_type)}"
    (flow_filter,) = [r for r in template["Resources"].values() if r["Type"] == "AWS::Logs::MetricFilter"]
    assert flow_filter["Properties"]["FilterPattern"] == (
        '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol=6, '
        'packets, bytes, start, end, action="REJECT", log_status]')
