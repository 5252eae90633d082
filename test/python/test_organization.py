"""The organization constructs from Python: examples/organization/python/app.py synthesizes the same
two stacks as the TypeScript app, the StackSet's member template holds the seed's setup with the
Config rule, the remediation and the forwarding rule, and bad input fails with the library's errors."""
import json

import pytest
from aws_cdk import App, Stack
from aws_cdk.assertions import Template

from cdk_flow_logs_to_cloudwatch import FlowLogDetection, FlowLogsAlarmBus, FlowLogsStackSet
from cdk_helpers import strip_cdk_metadata

BUS = "arn:aws:events:eu-west-1:222222222222:event-bus/flow-logs-alarms"


@pytest.fixture(scope="module")
def organization(organization_app_module):
    return organization_app_module.build_organization_app()


def test_two_stacks_equal_the_typescript_apps(organization, ts_organization_templates):
    for stack in (organization["management"], organization["security"]):
        py = strip_cdk_metadata(Template.from_stack(stack).to_json())
        ts = strip_cdk_metadata(ts_organization_templates[stack.stack_name])
        assert py == ts, f"{stack.stack_name}: the Python template differs from the TypeScript one"
    assert sorted(ts_organization_templates) == ["FlowLogsManagement", "FlowLogsSecurity"]


def test_the_member_template_holds_the_seeds_setup_config_remediation_and_forwarding(organization):
    member = json.loads(organization["stack_set"].member_template_body)
    types = sorted(r["Type"] for r in member["Resources"].values())
    for expected in ("AWS::IAM::Role", "AWS::Logs::LogGroup", "AWS::Logs::MetricFilter", "AWS::CloudWatch::Alarm",
                     "AWS::Config::ConfigRule", "AWS::Config::RemediationConfiguration", "AWS::Events::Rule"):
        assert expected in types
    rule = next(r for r in member["Resources"].values() if r["Type"] == "AWS::Config::ConfigRule")
    assert rule["Properties"]["Source"]["SourceIdentifier"] == "VPC_FLOW_LOGS_ENABLED"
    remediation = next(r for r in member["Resources"].values() if r["Type"] == "AWS::Config::RemediationConfiguration")
    assert remediation["Properties"]["TargetId"] == "AWSSupport-EnableVPCFlowLogs"
    assert remediation["Properties"]["Automatic"] is True


def test_stack_set_and_bus_in_the_management_and_security_templates(organization):
    Template.from_stack(organization["management"]).has_resource_properties("AWS::CloudFormation::StackSet", {
        "PermissionModel": "SERVICE_MANAGED",
        "AutoDeployment": {"Enabled": True, "RetainStacksOnAccountRemoval": False},
    })
    Template.from_stack(organization["security"]).resource_count_is("AWS::Events::Rule", 2)
    assert FlowLogsAlarmBus.arn_of("222222222222", "eu-west-1") == BUS


def _stack_set(**overrides):
    props = dict(organizational_unit_ids=["ou-ab12-34cd56ef"], regions=["eu-west-1"], alarm_bus_arn=BUS,
                 detections=[FlowLogDetection.rejected_ssh()])
    props.update(overrides)
    return FlowLogsStackSet(Stack(App(), "Management"), "FlowLogs", **props)


@pytest.mark.parametrize("overrides, message", [
    (dict(organizational_unit_ids=[]), r"`organizationalUnitIds` is empty, so the StackSet would deploy nowhere.*\(Python: `organizational_unit_ids`\)"),
    (dict(regions=[]), r"`regions` is empty"),
    (dict(regions=["Europe"]), r"`regions\[0\]` is not a region name: got \"Europe\""),
    (dict(alarm_bus_arn="flow-logs-alarms"), r"`alarmBusArn` is not an event bus ARN"),
])
def test_bad_input_fails_with_the_librarys_message(overrides, message):
    with pytest.raises(RuntimeError, match=message):
        _stack_set(**overrides)


def test_e_mail_addresses_on_the_wrong_side_are_no_prop_of_the_stack_set():
    # Python refuses the unknown keyword before the library sees it; the bus is where they go.
    with pytest.raises(TypeError, match="alarm_emails"):
        _stack_set(alarm_emails=["secops@example.com"])
    FlowLogsAlarmBus(Stack(App(), "Security"), "Bus", organization_id="o-a1b2c3d4e5", alarm_emails=["secops@example.com"])


def test_the_bus_refuses_a_bad_organization_id():
    with pytest.raises(RuntimeError, match=r"`organizationId` is not an organization ID: got \"123456789012\""):
        FlowLogsAlarmBus(Stack(App(), "Security"), "Bus", organization_id="123456789012", alarm_emails=["secops@example.com"])
