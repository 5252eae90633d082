"""Bad input from Python, through the installed wheel: the Python slice of test/fuzz.test.ts.

Each case replaces one argument or prop of a good call with a bad value as Python users write it
(None, a wrong type, a value where a list is expected, a factory not called, a construct of the wrong
kind, a topic where an alarm action goes). The outcome must be an exception that names the problem:
jsii's own type error (it names the parameter) or the library's message; never a raw JavaScript error
(`is not a function`, `Cannot read properties`) and never an accepted call whose template is broken.

Not covered: float('nan') and float('inf'). jsii cannot send them to Node.js, and its process dies,
so every later call fails (BrokenPipeError); the README's "Errors" section says so.
"""
import json
import re

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns

from cdk_flow_logs_to_cloudwatch import (
    FlowLogComparison,
    FlowLogContributorCondition,
    FlowLogDetection,
    FlowLogField,
    FlowLogFilter,
    FlowLogQuery,
    FlowLogsToCloudWatch,
    FlowLogTarget,
)

LIBRARY = re.compile(r"FlowLogsToCloudWatch|FlowLogTarget|FlowLogDetection|FlowLogFilter|FlowLogContributor|FlowLogQuery|FlowLogField")
RAW_JS = re.compile(r"is not a function|Cannot read propert|undefined is not|\[object Object\]|is not iterable")
# jsii's own checks in the generated bindings name the parameter (typeguard), or jsii's serializer names the type.
JSII = re.compile(r"type of argument|must be one of|Expected object reference|Unable to deserialize|got an unexpected keyword|missing .*required|Value did not match")


def world():
    stack = Stack(App(), "Fuzz", env={"account": "123456789012", "region": "eu-west-1"})
    vpc = ec2.Vpc(stack, "Vpc", max_azs=1, nat_gateways=0,
                  subnet_configuration=[ec2.SubnetConfiguration(name="I", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)])
    return stack, vpc


def good_props(stack, vpc):
    return dict(targets=[FlowLogTarget.from_vpc(vpc)], detections=[FlowLogDetection.rejected_ssh()],
                alarm_emails=["secops@example.com"])


def construct_with(**override):
    def call():
        stack, vpc = world()
        props = good_props(stack, vpc)
        props.update({k: (v(stack) if callable(v) and getattr(v, "__name__", "") == "<lambda>" else v) for k, v in override.items()})
        FlowLogsToCloudWatch(stack, "FlowLogs", **props)
        return stack
    return call


CASES = {
    # props of the construct
    "alarm_emails as one string": construct_with(alarm_emails="a@example.com"),
    "alarm_actions=[topic] (not an SnsAction)": construct_with(alarm_actions=lambda s: [sns.Topic(s, "T")]),
    "log_group is a role": construct_with(log_group=lambda s: iam.Role(s, "R", assumed_by=iam.AccountRootPrincipal())),
    "role is a topic": construct_with(role=lambda s: sns.Topic(s, "T")),
    "alarm_topic is a log group": construct_with(alarm_topic=lambda s: logs.LogGroup(s, "G")),
    "encryption_key is a topic": construct_with(encryption_key=lambda s: sns.Topic(s, "T")),
    "targets is one target": construct_with(targets=FlowLogTarget.from_network_interface_id("eni-0a1b2c3d")),
    "detections holds a factory": construct_with(detections=[FlowLogDetection.rejected_ssh]),
    "detections holds None": construct_with(detections=[None]),
    "delivery_health_period is a number": construct_with(delivery_health_period=3600),
    "trafficType as a string": construct_with(traffic_type="all"),
    "retention as a number": construct_with(retention=8),
    "flow_log_nested_stacks 2.5": construct_with(flow_log_nested_stacks=2.5),
    "ingestion_budget_gb -1": construct_with(ingestion_budget_gb=-1),
    "log_group_name with a space": construct_with(log_group_name="my flow logs"),
    "dashboard_name 300 characters": construct_with(dashboard_name="d" * 300),
    "an unknown prop": construct_with(alarm_email=["a@example.com"]),
    # factories
    "from_vpc(None)": lambda: FlowLogTarget.from_vpc(None),
    "from_vpc(subnet)": lambda: FlowLogTarget.from_vpc(world()[1].isolated_subnets[0]),
    "from_vpc_id(42)": lambda: FlowLogTarget.from_vpc_id(42),
    "from_network_interface_id('i-123')": lambda: FlowLogTarget.from_network_interface_id("i-123"),
    "rejected_ssh(threshold='10')": lambda: FlowLogDetection.rejected_ssh(threshold="10"),
    "rejected_ssh(period=3600)": lambda: FlowLogDetection.rejected_ssh(period=3600),
    "rejected_ssh(evaluation_periods=0)": lambda: FlowLogDetection.rejected_ssh(evaluation_periods=0),
    "rejected_ssh(threshold=0) is accepted with a warning": lambda: FlowLogDetection.rejected_ssh(threshold=0),
    "custom without filter": lambda: FlowLogDetection.custom(name="X", threshold=1, filter=None),
    "where_number(field='dstport')": lambda: FlowLogFilter.all().where_number("dstport", FlowLogComparison.EQUAL, 22),
    "where_number(value='22')": lambda: FlowLogFilter.all().where_number(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, "22"),
    "where_number(comparison='=>')": lambda: FlowLogFilter.all().where_number(FlowLogField.DST_PORT, "=>", 22),
    "where_number_in(values=22)": lambda: FlowLogFilter.all().where_number_in(FlowLogField.DST_PORT, 22),
    "where_string(dstport)": lambda: FlowLogFilter.all().where_string(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, "22"),
    "is_in(values='REJECT')": lambda: FlowLogContributorCondition.is_in(FlowLogField.ACTION, "REJECT"),
    "equal_to(dstport, 70000)": lambda: FlowLogContributorCondition.equal_to(FlowLogField.DST_PORT, 70000),
    "for_interface('vpc-1')": lambda: FlowLogQuery.for_interface("vpc-1"),
    "FlowLogField.custom('Bad Name')": lambda: FlowLogField.custom("Bad Name", FlowLogField.SRC_ADDR.value_type),
}


def broken(stack):
    """What is wrong with a synthesized template, if anything."""
    template = App.of(stack).synth().get_stack_by_name(stack.stack_name).template
    text = json.dumps(template)
    for bad in ("undefined", "NaN", "Infinity", "[object Object]"):
        if bad in text:
            return f"the template holds {bad}"
    for logical_id, r in template.get("Resources", {}).items():
        if r["Type"] == "AWS::EC2::FlowLog":
            for p in ("ResourceId", "LogGroupName", "DeliverLogsPermissionArn"):
                if p not in r["Properties"]:
                    return f"flow log {logical_id} has no {p}"
    return None


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gets_a_clear_error_never_a_raw_one_or_a_broken_template(name):
    try:
        made = CASES[name]()
    except Exception as e:  # noqa: BLE001 - classifying every exception is the point
        message = str(e)
        assert not RAW_JS.search(message), f"{name}: a raw JavaScript error: {message[:400]}"
        assert LIBRARY.search(message) or JSII.search(message), f"{name}: an error that names neither the library nor the parameter: {type(e).__name__}: {message[:400]}"
        return
    # Accepted: only what is valid may be, and what it makes must synthesize to a sound template.
    assert name.endswith("is accepted with a warning"), f"{name}: accepted, but it is bad input"
    if isinstance(made, Stack):
        assert broken(made) is None


def test_the_classifier_can_fail():
    assert RAW_JS.search("a.bind is not a function")
    assert not LIBRARY.search("Cannot read properties of null (reading 'vpcId')")
    assert JSII.search('type of argument targets must be one of (Sequence[FlowLogTarget], NoneType); got FlowLogTarget instead')


def test_a_good_call_still_works():
    stack = construct_with()()
    assert broken(stack) is None
