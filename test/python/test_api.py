"""Every public factory, enum, struct, method and property of the package,
called from Python through the installed wheel, and the errors bad input gets.

Errors thrown in lib/*.ts reach Python as RuntimeError. This suite checks that
each bad value raises, and the exact message of only a few representative
errors (the ones users hit most, see `raises_ts`); the others are matched by a
short distinctive fragment, so rewording a message in TypeScript does not mean
rewriting this file. Wrong *types* never reach the library: jsii's generated
Python type checks raise TypeError first."""
import pytest
from aws_cdk import App, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Annotations, Match, Template

from cdk_helpers import policy_actions_of_role

from cdk_flow_logs_to_cloudwatch import (
    FlowLogComparison,
    FlowLogCondition,
    FlowLogContributorCondition,
    FlowLogContributorRule,
    FlowLogDetection,
    FlowLogDetectionOptions,
    FlowLogDetectionProps,
    FlowLogField,
    FlowLogFieldType,
    FlowLogFilter,
    FlowLogQuery,
    FlowLogRecordKind,
    FlowLogsToCloudWatch,
    FlowLogsToCloudWatchProps,
    FlowLogTarget,
    FlowLogTargetOptions,
)

DEFAULT_FORMAT_NAMES = [
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log-status",
]
SSH_PATTERN = (
    "[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol=6, "
    'packets, bytes, start, end, action="REJECT", log_status]'
)
# Sample records from https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html
SSH_REJECTED = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 REJECT OK"
SSH_ACCEPTED = SSH_REJECTED.replace("REJECT", "ACCEPT")
RDP_REJECTED = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"
NO_DATA = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"

TGW_ID = "tgw-0a1b2c3d4e5f67890"
TGW_ATTACHMENT_ID = "tgw-attach-0a1b2c3d4e5f67890"


def js_message(exc: BaseException) -> str:
    """The JavaScript error's message: jsii raises `RuntimeError('Error: <message>')`."""
    text = str(exc)
    return text[len("Error: "):] if text.startswith("Error: ") else text


def raises_ts(fn, message):
    """Calling fn raises the error lib/*.ts throws, with exactly this message.

    Kept for a few representative errors only (one per class users meet most);
    elsewhere use `raises_js(fn, "a few words")`."""
    with pytest.raises(RuntimeError) as info:
        fn()
    assert js_message(info.value) == message
    return info.value


def raises_js(fn, fragment=None):
    """Calling fn raises an error thrown by lib/*.ts (RuntimeError), whose message
    contains `fragment` (a few distinctive words) when one is given."""
    with pytest.raises(RuntimeError) as info:
        fn()
    if fragment is not None:
        assert fragment in js_message(info.value), js_message(info.value)
    return info.value


def names(fields):
    return [f.name for f in fields]


def new_stack(name="Test"):
    return Stack(App(), name)


def small_vpc(scope, construct_id="Vpc"):
    return ec2.Vpc(scope, construct_id, max_azs=1, nat_gateways=0, subnet_configuration=[
        ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24),
    ])


# ---------------------------------------------------------------- FlowLogField

def field_constants():
    """Every FlowLogField class constant, by attribute name."""
    out = {}
    for attr in dir(FlowLogField):
        if attr.isupper():
            value = getattr(FlowLogField, attr)
            if isinstance(value, FlowLogField):
                out[attr] = value
    return out


def test_field_constants_are_all_known():
    constants = field_constants()
    assert len(constants) >= 50
    known = FlowLogField.all_known()
    assert all(isinstance(f, FlowLogField) for f in known)
    assert sorted(names(known)) == sorted(f.name for f in constants.values())
    assert len(set(names(known))) == len(known)
    for attr, field in constants.items():
        assert field.is_custom is False, attr
        assert field.value_type in (FlowLogFieldType.NUMBER, FlowLogFieldType.TEXT), attr
        assert field.version >= 2, attr
        assert field.to_string() == "${" + field.name + "}"
        assert field.applies_to(FlowLogRecordKind.VPC) or field.applies_to(FlowLogRecordKind.TRANSIT_GATEWAY), attr


def test_field_constant_details():
    f = FlowLogField.DST_PORT
    assert (f.name, f.value_type, f.version) == ("dstport", FlowLogFieldType.NUMBER, 2)
    assert (FlowLogField.ACTION.name, FlowLogField.ACTION.value_type) == ("action", FlowLogFieldType.TEXT)
    assert FlowLogField.LOG_STATUS.name == "log-status"
    assert FlowLogField.START_TIMESTAMP.name == "start"
    assert FlowLogField.TRAFFIC_TYPE.name == "type"
    assert FlowLogField.REJECT_REASON.version == 8
    assert FlowLogField.ACTION.applies_to(FlowLogRecordKind.VPC)
    assert not FlowLogField.ACTION.applies_to(FlowLogRecordKind.TRANSIT_GATEWAY)
    assert FlowLogField.TGW_ID.applies_to(FlowLogRecordKind.TRANSIT_GATEWAY)
    assert not FlowLogField.TGW_ID.applies_to(FlowLogRecordKind.VPC)
    assert FlowLogField.SRC_ADDR.applies_to(FlowLogRecordKind.VPC) and FlowLogField.SRC_ADDR.applies_to(FlowLogRecordKind.TRANSIT_GATEWAY)


def test_default_formats():
    assert names(FlowLogField.DEFAULT_FORMAT) == DEFAULT_FORMAT_NAMES
    tgw = names(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT)
    assert len(tgw) == 36 and len(set(tgw)) == 36
    assert tgw[:5] == ["version", "resource-type", "account-id", "tgw-id", "tgw-attachment-id"]
    assert tgw[-1] == "pkt-dst-aws-service"
    assert all(f.applies_to(FlowLogRecordKind.TRANSIT_GATEWAY) for f in FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT)


def test_custom_field():
    f = FlowLogField.custom("x-example-count", FlowLogFieldType.NUMBER, 8)
    assert (f.name, f.value_type, f.version, f.is_custom) == ("x-example-count", FlowLogFieldType.NUMBER, 8, True)
    assert f.to_string() == "${x-example-count}"
    assert f.applies_to(FlowLogRecordKind.VPC) and f.applies_to(FlowLogRecordKind.TRANSIT_GATEWAY)
    assert FlowLogField.custom("my-field", FlowLogFieldType.TEXT).version == 0
    assert "x-example-count" not in names(FlowLogField.all_known())
    assert "encryption-status" in names(FlowLogField.all_known())


def test_custom_field_errors():
    raises_js(lambda: FlowLogField.custom("dstport", FlowLogFieldType.NUMBER), "FlowLogField.DST_PORT")
    raises_js(lambda: FlowLogField.custom("Bad Name", FlowLogFieldType.TEXT), "`name`")
    raises_js(lambda: FlowLogField.custom("my-field", FlowLogFieldType.TEXT, -1), "`version`")
    raises_js(lambda: FlowLogField.custom("my-field", FlowLogFieldType.TEXT, 1.5), "`version`")


def test_enums():
    assert {m.name for m in FlowLogFieldType} == {"NUMBER", "TEXT"}
    assert {m.name for m in FlowLogRecordKind} == {"VPC", "TRANSIT_GATEWAY"}


def test_wrong_types_are_caught_by_jsii_type_checks():
    """The library no longer checks types itself: jsii's generated Python type checks
    raise TypeError (not the RuntimeError of a JavaScript error) before the call
    reaches JavaScript."""
    with pytest.raises(TypeError) as info:
        FlowLogTarget.from_network_interface_id(42)  # type: ignore[arg-type]
    assert not isinstance(info.value, RuntimeError)
    assert "network_interface_id" in str(info.value)
    with pytest.raises(TypeError):
        FlowLogFilter.all().where_number("dstport", FlowLogComparison.EQUAL, 22)  # type: ignore[arg-type]


# ---------------------------------------------------------------- FlowLogFilter

def ssh_filter():
    return (FlowLogFilter.all()
            .where_number(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 22)
            .where_number(FlowLogField.PROTOCOL, FlowLogComparison.EQUAL, 6)
            .where_string(FlowLogField.ACTION, FlowLogComparison.EQUAL, "REJECT"))


def test_filter_all_and_fields():
    everything = FlowLogFilter.all()
    assert everything.fields == []
    assert everything.render_pattern(FlowLogField.DEFAULT_FORMAT) == "[" + ", ".join(n.replace("-", "_") for n in DEFAULT_FORMAT_NAMES) + "]"
    assert everything.matches(SSH_ACCEPTED, FlowLogField.DEFAULT_FORMAT)
    f = ssh_filter()
    assert names(f.fields) == ["dstport", "protocol", "action"]
    # Immutable: adding a condition returns a new filter.
    assert everything.fields == [] and names(everything.where_number(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 1).fields) == ["dstport"]
    assert everything.render_pattern(FlowLogField.DEFAULT_FORMAT) != f.render_pattern(FlowLogField.DEFAULT_FORMAT)
    c = FlowLogCondition(field=FlowLogField.DST_PORT, comparison=FlowLogComparison.EQUAL, value="22")
    assert (c.field.name, c.comparison, c.value) == ("dstport", FlowLogComparison.EQUAL, "22")


def test_filter_conditions_are_readable_from_python():
    """`FlowLogFilter.conditions` crosses the jsii boundary as a list of FlowLogCondition structs."""
    assert FlowLogFilter.all().conditions == []
    f = ssh_filter()
    assert all(isinstance(c, FlowLogCondition) for c in f.conditions)
    assert [(c.field.name, c.comparison, c.value) for c in f.conditions] == [
        ("dstport", FlowLogComparison.EQUAL, "22"), ("protocol", FlowLogComparison.EQUAL, "6"), ("action", FlowLogComparison.EQUAL, "REJECT")]
    rejected = FlowLogDetection.rejected_traffic()
    assert [(c.field.name, c.value) for c in rejected.filter.conditions] == [("action", "REJECT")]


def test_filter_render_pattern():
    assert ssh_filter().render_pattern(FlowLogField.DEFAULT_FORMAT) == SSH_PATTERN
    ranged = (FlowLogFilter.all()
              .where_number(FlowLogField.DST_PORT, FlowLogComparison.GREATER_THAN_OR_EQUAL, 1024)
              .where_number(FlowLogField.DST_PORT, FlowLogComparison.LESS_THAN_OR_EQUAL, 2048)
              .where_string(FlowLogField.SRC_ADDR, FlowLogComparison.EQUAL, "10.0.*")
              .where_string(FlowLogField.ACTION, FlowLogComparison.NOT_EQUAL, "ACCEPT")
              .where_number(FlowLogField.BYTES, FlowLogComparison.GREATER_THAN, 1000000))
    fmt = [FlowLogField.SRC_ADDR, FlowLogField.DST_PORT, FlowLogField.BYTES, FlowLogField.ACTION, FlowLogField.LOG_STATUS]
    # A value with a `*` wildcard is left unquoted (as AWS documents wildcards); others are quoted.
    assert ranged.render_pattern(fmt) == (
        '[srcaddr=10.0.*, dstport>=1024 && dstport<=2048, bytes>1000000, action!="ACCEPT", log_status]')


def test_filter_matches():
    fmt = FlowLogField.DEFAULT_FORMAT
    f = ssh_filter()
    assert f.matches(SSH_REJECTED, fmt) is True
    assert f.matches(SSH_ACCEPTED, fmt) is False
    assert f.matches(RDP_REJECTED, fmt) is False
    assert f.matches(NO_DATA, fmt) is False          # "-" never meets a number condition
    assert f.matches(" ".join(SSH_REJECTED.split()[:13]), fmt) is False  # a value short never matches
    # A value more: the last field takes the rest of the line, as the pattern's last column does.
    assert f.matches(SSH_REJECTED + " extra", fmt) is True
    ok = FlowLogFilter.all().where_string(FlowLogField.LOG_STATUS, FlowLogComparison.EQUAL, "OK")
    assert ok.matches(SSH_REJECTED, fmt) is True and ok.matches(SSH_REJECTED + " extra", fmt) is False
    wildcard = FlowLogFilter.all().where_string(FlowLogField.SRC_ADDR, FlowLogComparison.EQUAL, "172.31.16.*")
    assert wildcard.matches(SSH_REJECTED, fmt) and not wildcard.matches(RDP_REJECTED, fmt)


def test_filter_errors():
    # Exact message (representative): a condition on a field the record format lacks.
    raises_ts(lambda: ssh_filter().render_pattern([FlowLogField.SRC_ADDR, FlowLogField.DST_PORT, FlowLogField.ACTION]),
              "FlowLogFilter.renderPattern: the filter has a condition on `protocol`, which is not in the record format "
              "(srcaddr dstport action). Add FlowLogField.PROTOCOL to `logFormat`, or remove the condition. "
              "(Python: `log_format`)")
    # Every missing field is reported at once.
    error = raises_js(lambda: ssh_filter().render_pattern([FlowLogField.SRC_ADDR, FlowLogField.DST_PORT]))
    assert "`protocol`" in js_message(error) and "`action`" in js_message(error)

    everything = FlowLogFilter.all()
    raises_js(lambda: everything.where_number(FlowLogField.ACTION, FlowLogComparison.EQUAL, 1), "holds text")
    raises_js(lambda: everything.where_string(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, "22"), "holds numbers")
    # A string where the enum goes: jsii's type check names the parameter and the type.
    with pytest.raises(TypeError, match="type of argument comparison must be cdk_flow_logs_to_cloudwatch.FlowLogComparison"):
        everything.where_number(FlowLogField.DST_PORT, "==", 22)
    raises_js(lambda: everything.where_string(FlowLogField.SRC_ADDR, FlowLogComparison.LESS_THAN, "10.0.0.1"), "unknown comparison")
    raises_js(lambda: everything.where_number(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 70000), "0 to 65535")
    raises_js(lambda: everything.where_number(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 22.5), "0 to 65535")
    raises_js(lambda: everything.where_string(FlowLogField.ACTION, FlowLogComparison.EQUAL, "DROP"), "ACCEPT, REJECT")
    raises_js(lambda: everything.where_string(FlowLogField.SRC_ADDR, FlowLogComparison.EQUAL, "10.0.0.1 x"), "white space")
    raises_js(lambda: ssh_filter().render_pattern([]), "non-empty")
    raises_js(lambda: ssh_filter().matches(SSH_REJECTED, [FlowLogField.ACTION]), "not in the record format")


# ---------------------------------------------------------------- FlowLogDetection

def test_detection_presets():
    ssh = FlowLogDetection.rejected_ssh()
    assert (ssh.name, ssh.threshold, ssh.period.to_seconds(), ssh.evaluation_periods, ssh.datapoints_to_alarm) == (
        "RejectedSsh", 10, 3600, 1, 1)
    assert (ssh.metric_name, ssh.metric_namespace, ssh.value_field) == ("RejectedSsh", None, None)
    assert not hasattr(ssh, "metric_value")  # replaced by value_field
    assert ssh.treat_missing_data == cloudwatch.TreatMissingData.NOT_BREACHING
    assert (ssh.alarm_name, ssh.alarm_description) == (None, None)
    assert ssh.filter.render_pattern(FlowLogField.DEFAULT_FORMAT) == SSH_PATTERN
    assert ssh.render_metric_value(FlowLogField.DEFAULT_FORMAT) == "1"

    rdp = FlowLogDetection.rejected_rdp()
    assert (rdp.name, rdp.threshold) == ("RejectedRdp", 10)
    assert rdp.filter.matches(RDP_REJECTED, FlowLogField.DEFAULT_FORMAT)
    assert "dstport=3389" in rdp.filter.render_pattern(FlowLogField.DEFAULT_FORMAT)

    rejected = FlowLogDetection.rejected_traffic()
    assert (rejected.name, rejected.threshold) == ("RejectedTraffic", 100)
    assert names(rejected.filter.fields) == ["action"]
    assert rejected.filter.matches(RDP_REJECTED, FlowLogField.DEFAULT_FORMAT)
    assert not rejected.filter.matches(SSH_ACCEPTED, FlowLogField.DEFAULT_FORMAT)


def test_detection_with_every_option():
    options = dict(
        name="SshBurst", threshold=50, period=Duration.minutes(5), evaluation_periods=3, datapoints_to_alarm=2,
        metric_namespace="Security/FlowLogs", metric_name="SshBurstCount", value_field=FlowLogField.BYTES,
        alarm_name="ssh-burst", alarm_description="Many rejected SSH attempts",
        treat_missing_data=cloudwatch.TreatMissingData.BREACHING,
    )
    d = FlowLogDetection.rejected_ssh(**options)
    assert (d.name, d.threshold, d.period.to_minutes(), d.evaluation_periods, d.datapoints_to_alarm) == ("SshBurst", 50, 5, 3, 2)
    assert (d.metric_namespace, d.metric_name, d.value_field.name) == ("Security/FlowLogs", "SshBurstCount", "bytes")
    assert (d.alarm_name, d.alarm_description) == ("ssh-burst", "Many rejected SSH attempts")
    assert d.treat_missing_data == cloudwatch.TreatMissingData.BREACHING
    assert d.render_metric_value(FlowLogField.DEFAULT_FORMAT) == "$bytes"
    # The structs exist as Python classes too.
    assert FlowLogDetectionOptions(**options).value_field.name == "bytes"
    props = FlowLogDetectionProps(filter=ssh_filter(), **options)
    assert props.filter.render_pattern(FlowLogField.DEFAULT_FORMAT) == SSH_PATTERN

    custom = FlowLogDetection.custom(filter=ssh_filter(), **{**options, "name": "Mine"})
    assert (custom.name, custom.threshold, custom.metric_name) == ("Mine", 50, "SshBurstCount")
    assert FlowLogDetection.rejected_rdp(name="Rdp2", threshold=3).threshold == 3
    assert FlowLogDetection.rejected_traffic(period=Duration.days(1)).period.to_hours() == 24


def test_detection_errors():
    # Exact message (representative): a period metric filter metrics cannot have.
    raises_ts(lambda: FlowLogDetection.rejected_ssh(period=Duration.seconds(30)),
              'FlowLogDetection: `period` of detection "RejectedSsh" must be a whole number of minutes from 1 minute to 1 day '
              "(metric filter metrics have 1-minute resolution), got 30 seconds. Use e.g. Duration.minutes(5) or Duration.hours(1).")

    raises_js(lambda: FlowLogDetection.custom(filter=ssh_filter(), threshold=1), "`name` is required")
    raises_js(lambda: FlowLogDetection.custom(filter=ssh_filter(), name="X"), "`threshold` is required")
    raises_js(lambda: FlowLogDetection.rejected_ssh(name="bad name"), "`name`")
    raises_js(lambda: FlowLogDetection.rejected_ssh(evaluation_periods=2, datapoints_to_alarm=3), "cannot exceed")
    raises_js(lambda: FlowLogDetection.rejected_ssh(metric_namespace="AWS/EC2"), "AWS/")
    # value_field must be a number field, and in the record format.
    raises_js(lambda: FlowLogDetection.rejected_ssh(name="X", value_field=FlowLogField.ACTION), "holds text")
    bytes_ = FlowLogDetection.rejected_ssh(name="X", value_field=FlowLogField.BYTES)
    raises_js(lambda: bytes_.render_metric_value([FlowLogField.DST_PORT, FlowLogField.PROTOCOL, FlowLogField.ACTION]),
              "not in the record format")
    # ... as must the fields its filter reads.
    raises_js(lambda: FlowLogDetection.rejected_ssh().render_metric_value([FlowLogField.DST_PORT, FlowLogField.ACTION]),
              "not in the record format")


# ---------------------------------------------------------------- FlowLogTarget

def test_targets():
    stack = new_stack()
    vpc = small_vpc(stack)
    t = FlowLogTarget.from_vpc(vpc)
    assert (t.resource_type, t.key, t.record_kind) == ("VPC", "Test/Vpc", FlowLogRecordKind.VPC)
    assert t.resource_id == vpc.vpc_id
    s = FlowLogTarget.from_subnet(vpc.public_subnets[0])
    assert (s.resource_type, s.key) == ("Subnet", vpc.public_subnets[0].node.path)
    eni = FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")
    assert (eni.resource_type, eni.resource_id, eni.key) == ("NetworkInterface", "eni-1a2b3c4d", "eni-1a2b3c4d")
    keyed = FlowLogTarget.from_network_interface_id("eni-0a1b2c3d4e5f67890", key="AppServerEni")
    assert keyed.key == "AppServerEni"
    assert FlowLogTargetOptions(key="AppServerEni").key == "AppServerEni"
    tgw = FlowLogTarget.from_transit_gateway_id(TGW_ID)
    att = FlowLogTarget.from_transit_gateway_attachment_id(TGW_ATTACHMENT_ID, key="Attachment")
    assert (tgw.resource_type, tgw.record_kind) == ("TransitGateway", FlowLogRecordKind.TRANSIT_GATEWAY)
    assert (att.resource_type, att.key, att.record_kind) == ("TransitGatewayAttachment", "Attachment", FlowLogRecordKind.TRANSIT_GATEWAY)


def test_target_errors():
    # Exact message (representative): an ID of the wrong shape.
    raises_ts(lambda: FlowLogTarget.from_network_interface_id("eni-nothex"),
              'FlowLogTarget.fromNetworkInterfaceId: "eni-nothex" is not a NetworkInterface ID; '
              "expected the form `eni-1a2b3c4d` (prefix and 8 or 17 hex digits).")

    raises_js(lambda: FlowLogTarget.from_network_interface_id(""), "non-empty")
    raises_js(lambda: FlowLogTarget.from_transit_gateway_id("tgw-xyz"), "is not a TransitGateway ID")
    raises_js(lambda: FlowLogTarget.from_transit_gateway_attachment_id(TGW_ID), "is not a TransitGatewayAttachment ID")
    raises_js(lambda: FlowLogTarget.from_network_interface_id("eni-1a2b3c4d", key=" "), "`key`")

    stack = new_stack()
    imported = ec2.Vpc.from_vpc_attributes(stack, "Imported", vpc_id="vpc-nothex", availability_zones=["us-east-1a"])
    raises_js(lambda: FlowLogTarget.from_vpc(imported), "is not a VPC ID")

    # A token ID needs a `key`: with one, it is accepted.
    eni = ec2.CfnNetworkInterface(stack, "Eni", subnet_id="subnet-0a1b2c3d")
    raises_js(lambda: FlowLogTarget.from_network_interface_id(eni.ref), "give the option `key`, a stable name")
    assert FlowLogTarget.from_network_interface_id(eni.ref, key="AppServerEni").key == "AppServerEni"


# ---------------------------------------------------------------- FlowLogsToCloudWatch

CUSTOM_FIELD = FlowLogField.custom("x-example-count", FlowLogFieldType.NUMBER, 8)
CUSTOM_FORMAT = [
    FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR, FlowLogField.DST_PORT, FlowLogField.PROTOCOL,
    FlowLogField.BYTES, FlowLogField.ACTION, FlowLogField.FLOW_DIRECTION, CUSTOM_FIELD,
]


@pytest.fixture(scope="module")
def everything():
    """A construct with every prop of a created log group, then targets and detections added."""
    stack = new_stack("Everything")
    vpc = small_vpc(stack)
    key = kms.Key(stack, "Key")
    topic = sns.Topic(stack, "MyTopic")
    other = sns.Topic(stack, "OtherTopic")
    eni = ec2.CfnNetworkInterface(stack, "Eni", subnet_id=vpc.public_subnets[0].subnet_id)
    fl = FlowLogsToCloudWatch(
        stack, "FlowLogs",
        targets=[FlowLogTarget.from_vpc(vpc)],
        traffic_type=ec2.FlowLogTrafficType.REJECT,
        log_format=CUSTOM_FORMAT,
        max_aggregation_interval=ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
        log_group_name="/vpc-flow-logs/everything",
        retention=logs.RetentionDays.ONE_MONTH,
        encryption_key=key,
        removal_policy=RemovalPolicy.DESTROY,
        detections=[FlowLogDetection.rejected_ssh(value_field=FlowLogField.BYTES)],
        alarm_actions=[cw_actions.SnsAction(other)],
        alarm_emails=["a@example.com", "b@example.com"],
        alarm_topic=topic,
    )
    added = {
        # a subnet of another VPC (one of `vpc`'s own would be covered twice: a synth warning)
        "subnet": fl.add_target(FlowLogTarget.from_subnet(small_vpc(stack, "OtherVpc").public_subnets[0])),
        "eni": fl.add_target(FlowLogTarget.from_network_interface_id(eni.ref, key="AppServerEni")),
        "rdp": fl.add_detection(FlowLogDetection.rejected_rdp()),
        "custom": fl.add_detection(FlowLogDetection.custom(
            name="EncryptedRejects", threshold=1,
            filter=FlowLogFilter.all().where_number(CUSTOM_FIELD, FlowLogComparison.EQUAL, 1).where_string(FlowLogField.ACTION, FlowLogComparison.EQUAL, "REJECT"),
        )),
    }
    deployer = iam.User(stack, "Deployer")
    grant = fl.grant_pass_role(deployer)
    # A second construct for transit gateways sharing the first one's log group and role.
    tgw = FlowLogsToCloudWatch(
        stack, "TgwFlowLogs",
        log_group=fl.log_group, role=fl.role,
        targets=[FlowLogTarget.from_transit_gateway_id(TGW_ID),
                 FlowLogTarget.from_transit_gateway_attachment_id(TGW_ATTACHMENT_ID)],
        detections=[FlowLogDetection.custom(
            name="Blackholed", threshold=1, value_field=FlowLogField.PACKETS_LOST_BLACKHOLE,
            filter=FlowLogFilter.all().where_number(FlowLogField.PACKETS_LOST_BLACKHOLE, FlowLogComparison.GREATER_THAN, 0),
        )],
    )
    return dict(stack=stack, fl=fl, tgw=tgw, topic=topic, other=other, key=key, added=added, grant=grant,
                template=Template.from_stack(stack))


def test_props_struct():
    props = FlowLogsToCloudWatchProps(
        targets=[FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")],
        detections=[FlowLogDetection.rejected_ssh()], alarm_emails=["a@example.com"],
        retention=logs.RetentionDays.ONE_WEEK)
    assert props.retention == logs.RetentionDays.ONE_WEEK and props.alarm_emails == ["a@example.com"]


def test_construct_properties(everything):
    fl, added = everything["fl"], everything["added"]
    assert len(fl.flow_logs) == 3 and all(isinstance(x, ec2.CfnFlowLog) for x in fl.flow_logs)
    assert added["subnet"] is fl.flow_logs[1] or added["subnet"].node.path == fl.flow_logs[1].node.path
    assert [f.resource_type for f in fl.flow_logs] == ["VPC", "Subnet", "NetworkInterface"]
    assert len(fl.metric_filters) == 3 and all(isinstance(m, logs.MetricFilter) for m in fl.metric_filters)
    assert len(fl.alarms) == 3 and all(isinstance(a, cloudwatch.Alarm) for a in fl.alarms)
    assert isinstance(added["rdp"], cloudwatch.Alarm)
    assert fl.alarm_topic.topic_arn == everything["topic"].topic_arn
    assert names(fl.log_format) == names(CUSTOM_FORMAT)
    assert fl.log_group.log_group_name and fl.role.role_arn
    assert isinstance(everything["grant"], iam.Grant) and everything["grant"].success

    tgw = everything["tgw"]
    assert names(tgw.log_format) == names(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT)
    assert tgw.alarm_topic is None
    assert tgw.log_group is fl.log_group or tgw.log_group.node.path == fl.log_group.node.path


def test_construct_template(everything):
    t = everything["template"]
    stack = everything["stack"]
    t.resource_count_is("AWS::Logs::LogGroup", 1)
    t.has_resource("AWS::Logs::LogGroup", {
        "Properties": {"LogGroupName": "/vpc-flow-logs/everything", "RetentionInDays": 30,
                       "KmsKeyId": {"Fn::GetAtt": [Match.string_like_regexp("^Key"), "Arn"]}},
        "DeletionPolicy": "Delete",
    })
    t.has_resource_properties("AWS::KMS::Key", {"KeyPolicy": {"Statement": Match.array_with([Match.object_like({
        "Principal": {"Service": {"Fn::Join": ["", ["logs.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]}},
    })])}})
    t.resource_count_is("AWS::IAM::Role", 1)  # shared by both constructs
    t.resource_count_is("AWS::EC2::FlowLog", 5)
    log_format = "${srcaddr} ${dstaddr} ${dstport} ${protocol} ${bytes} ${action} ${flow-direction} ${x-example-count}"
    for resource_type in ("VPC", "Subnet", "NetworkInterface"):
        t.has_resource_properties("AWS::EC2::FlowLog", {
            "ResourceType": resource_type, "TrafficType": "REJECT", "MaxAggregationInterval": 60, "LogFormat": log_format,
        })
    t.has_resource_properties("AWS::EC2::FlowLog", {"ResourceType": "NetworkInterface", "ResourceId": {"Ref": Match.string_like_regexp("^Eni")}})
    for resource_type, resource_id in (("TransitGateway", TGW_ID), ("TransitGatewayAttachment", TGW_ATTACHMENT_ID)):
        t.has_resource_properties("AWS::EC2::FlowLog", {
            "ResourceType": resource_type, "ResourceId": resource_id, "TrafficType": Match.absent(),
            "LogFormat": Match.absent(), "LogGroupName": {"Ref": Match.string_like_regexp("^FlowLogsLogGroup")},
        })
    t.has_resource_properties("AWS::Logs::MetricFilter", {
        "FilterPattern": '[srcaddr, dstaddr, dstport=22, protocol=6, bytes, action="REJECT", flow_direction, x_example_count]',
        "MetricTransformations": [Match.object_like({"MetricName": "RejectedSsh", "MetricValue": "$bytes", "DefaultValue": 0,
                                                     "MetricNamespace": "FlowLogs/Everything/FlowLogs"})],
    })
    t.has_resource_properties("AWS::Logs::MetricFilter", {
        "FilterPattern": '[srcaddr, dstaddr, dstport, protocol, bytes, action="REJECT", flow_direction, x_example_count=1]',
    })
    t.has_resource_properties("AWS::Logs::MetricFilter", {
        "FilterPattern": Match.string_like_regexp(r"packets_lost_blackhole>0"),
        "MetricTransformations": [Match.object_like({"MetricValue": "$packets_lost_blackhole", "MetricNamespace": "FlowLogs/Everything/TgwFlowLogs"})],
    })
    t.has_resource_properties("AWS::CloudWatch::Alarm", {
        "MetricName": "RejectedRdp",
        "AlarmActions": [{"Ref": Match.string_like_regexp("^OtherTopic")}, {"Ref": Match.string_like_regexp("^MyTopic")}],
    })
    t.resource_count_is("AWS::SNS::Topic", 2)  # no topic created: alarm_topic was given
    t.resource_count_is("AWS::SNS::Subscription", 2)
    for email in ("a@example.com", "b@example.com"):
        t.has_resource_properties("AWS::SNS::Subscription", {
            "Protocol": "email", "Endpoint": email, "TopicArn": {"Ref": Match.string_like_regexp("^MyTopic")}})
    t.has_resource_properties("AWS::IAM::Policy", {
        "Users": [{"Ref": Match.string_like_regexp("^Deployer")}],
        "PolicyDocument": {"Statement": [{
            "Action": "iam:PassRole", "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [Match.string_like_regexp("^FlowLogsRole"), "Arn"]},
            "Condition": {"StringEquals": {"iam:PassedToService": "vpc-flow-logs.amazonaws.com"}},
        }]},
    })
    # The shared role gets the referenced group's statements, CreateLogGroup included.
    # The shared role can deliver (the first construct granted it; the second adds nothing it lacks).
    shared = policy_actions_of_role(t.to_json(), "FlowLogsRole")
    assert {"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups"} <= set(shared)
    Annotations.from_stack(stack).has_no_warning("*", Match.any_value())


def test_warnings():
    stack = new_stack()
    FlowLogsToCloudWatch(stack, "Forever", retention=logs.RetentionDays.INFINITE,
                         targets=[FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")])
    role = iam.Role.from_role_arn(stack, "Imported", "arn:aws:iam::123456789012:role/flow-logs", mutable=False)
    FlowLogsToCloudWatch(stack, "Immutable", role=role,
                         targets=[FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")])
    a = Annotations.from_stack(stack)
    a.has_warning("/Test/Forever", Match.string_like_regexp(r"`retention` is INFINITE"))
    a.has_warning("/Test/Immutable", Match.string_like_regexp(r"The role given as `role` is immutable"))


def test_construct_errors():
    def construct(**props):
        return lambda: FlowLogsToCloudWatch(new_stack(), "FlowLogs", **props)

    eni = FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")
    tgw = FlowLogTarget.from_transit_gateway_id(TGW_ID)
    # Exact messages (representative): the two construct errors users meet most.
    raises_ts(construct(targets=[eni], alarm_emails=["not-an-email"]),
              'FlowLogsToCloudWatch: `alarmEmails[0]` is not an e-mail address: "not-an-email". Use the form name@example.com. '
              '(Python: `alarm_emails[0]`)')
    raises_ts(construct(targets=[eni], traffic_type=ec2.FlowLogTrafficType.ACCEPT, detections=[FlowLogDetection.rejected_ssh()]),
              'FlowLogsToCloudWatch: detection "RejectedSsh" counts records whose action is never ACCEPT, but `trafficType` is '
              "ACCEPT, so the flow logs only capture ACCEPT records and the detection can never fire. Set `trafficType` to ALL, "
              "or change the detection's action condition. (Python: `traffic_type`)")

    raises_js(construct(targets=[eni, tgw]), "cannot join this construct")
    raises_js(construct(targets=[eni, FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")]), "was added twice")
    raises_js(construct(targets=[eni], detections=[FlowLogDetection.rejected_ssh(), FlowLogDetection.rejected_ssh()]),
              'two detections are named "RejectedSsh"')
    raises_js(construct(targets=[tgw], traffic_type=ec2.FlowLogTrafficType.REJECT), "`trafficType`")
    raises_js(construct(targets=[tgw], detections=[FlowLogDetection.rejected_ssh()]),
              "transit gateway flow log records do not have")
    raises_js(construct(targets=[eni], log_format=[FlowLogField.DST_PORT, FlowLogField.DST_PORT]), "more than once")
    # A detection reading a field the construct's format lacks.
    raises_js(construct(targets=[eni], log_format=[FlowLogField.SRC_ADDR, FlowLogField.ACTION],
                        detections=[FlowLogDetection.rejected_ssh()]), "not in the record format")

    stack = new_stack()
    group = logs.LogGroup(stack, "Group")
    raises_js(lambda: FlowLogsToCloudWatch(stack, "FlowLogs", log_group=group, retention=logs.RetentionDays.ONE_DAY),
              "`retention`")


def test_no_target_is_a_synth_error():
    app = App()
    stack = Stack(app, "Empty")
    fl = FlowLogsToCloudWatch(stack, "FlowLogs")
    assert fl.flow_logs == [] and fl.alarm_topic is None
    with pytest.raises(RuntimeError, match="no target was given"):
        app.synth()


def test_insight_rules_queries_dashboard_and_nested_stacks_from_python():
    """The insight and scale API (FlowLogContributorRule, FlowLogContributorCondition, FlowLogQuery,
    add_contributor_rule, add_query, dashboard, flow_log_nested_stacks) from Python."""
    stack = Stack(App(), "Insight", env={"account": "123456789012", "region": "eu-west-1"})
    fmt = [FlowLogField.ACTION, FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR, FlowLogField.DST_PORT,
           FlowLogField.BYTES, FlowLogField.INTERFACE_ID, FlowLogField.PROTOCOL, FlowLogField.FLOW_DIRECTION]
    conditions = [
        FlowLogContributorCondition.is_in(FlowLogField.ACTION, ["REJECT"]),
        FlowLogContributorCondition.not_in(FlowLogField.FLOW_DIRECTION, ["egress"]),
        FlowLogContributorCondition.starts_with(FlowLogField.SRC_ADDR, ["10."]),
        FlowLogContributorCondition.equal_to(FlowLogField.PROTOCOL, 6),
        FlowLogContributorCondition.not_equal_to(FlowLogField.DST_PORT, 443),
        FlowLogContributorCondition.greater_than(FlowLogField.BYTES, 1000),
        FlowLogContributorCondition.less_than(FlowLogField.DST_PORT, 1024),
    ]
    assert [c.comparison for c in conditions] == [
        "In", "NotIn", "StartsWith", "EqualTo", "NotEqualTo", "GreaterThan", "LessThan"]
    # AWS documents IsPresent for JSON leaf nodes only: flow log rules (CLF) do not offer it.
    assert not hasattr(FlowLogContributorCondition, "is_present")
    custom = FlowLogContributorRule.custom(name="Custom", keys=[FlowLogField.SRC_ADDR, FlowLogField.DST_PORT],
                                           value_field=FlowLogField.BYTES, conditions=conditions[:4], rule_name="my-rule")
    custom2 = FlowLogContributorRule.custom(name="Custom2", keys=[FlowLogField.DST_ADDR], conditions=conditions[4:])
    assert custom.rule_name == "my-rule" and custom.value_field.name == "bytes" and len(custom.keys) == 2
    body = custom.render_body("group", fmt)
    assert '"2":"srcaddr"' in body and '"4":"dstport"' in body and '"5":"bytes"' in body

    flow_logs = FlowLogsToCloudWatch(
        stack, "FlowLogs",
        targets=[FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")],
        log_format=fmt,
        detections=[FlowLogDetection.rejected_ssh()],
        contributor_rules=[
            FlowLogContributorRule.top_rejected_sources(name="Sources"),
            FlowLogContributorRule.top_talkers(),
            FlowLogContributorRule.top_rejected_destination_ports(rule_name="ports"),
        ],
        queries=[FlowLogQuery.rejected_by_source(), FlowLogQuery.top_talkers(query_name="talkers")],
        dashboard=True,
        dashboard_name="flow-logs",
        flow_log_nested_stacks=2,
    )
    flow_logs.add_contributor_rule(FlowLogContributorRule.top_interfaces_by_bytes())
    flow_logs.add_contributor_rule(custom)
    flow_logs.add_contributor_rule(custom2)
    flow_logs.add_query(FlowLogQuery.rejected_ssh_over_time())
    flow_logs.add_query(FlowLogQuery.for_interface("eni-1a2b3c4d", name="Eni"))
    assert FlowLogQuery.field_name(FlowLogField.START_TIMESTAMP) == "startTime"
    assert FlowLogQuery.rejected_by_source().render_query(fmt).startswith('parse @message "* * * * * * * *" as action, srcAddr')

    template = Template.from_stack(stack)
    template.resource_count_is("AWS::CloudWatch::InsightRule", 6)
    # four saved queries, and the rejected-SSH detection's history query
    template.resource_count_is("AWS::Logs::QueryDefinition", 5)
    template.has_resource_properties("AWS::CloudWatch::Dashboard", {"DashboardName": "flow-logs"})
    template.resource_count_is("AWS::EC2::FlowLog", 0)  # in a nested stack
    template.resource_count_is("AWS::CloudFormation::Stack", 1)
    assert len(flow_logs.contributor_rules) == 6 and len(flow_logs.queries) == 5
    assert flow_logs.dashboard is not None

    raises_js(lambda: FlowLogContributorRule.custom(name="Y", keys=[FlowLogField.SRC_ADDR], conditions=conditions),
              "at most 4 filters")
    raises_js(lambda: FlowLogContributorRule.custom(name="X", keys=[]), "`keys`")
    raises_js(lambda: FlowLogContributorRule.custom(name="X", keys=[FlowLogField.SRC_ADDR], value_field=FlowLogField.ACTION),
              "holds text")
    raises_js(lambda: FlowLogContributorCondition.is_in(FlowLogField.ACTION, ["DROP"]), "ACCEPT, REJECT")
    raises_js(lambda: FlowLogQuery.for_interface("eni-nope"), "is not a network interface ID")
    raises_js(lambda: FlowLogsToCloudWatch(new_stack(), "BadDashboard", dashboard_name="bad name!",
                                           targets=[FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")]),
              "`dashboardName`")


def test_dashboard_name_alone_creates_the_dashboard():
    """`dashboard_name` implies `dashboard=True`."""
    stack = new_stack()
    fl = FlowLogsToCloudWatch(stack, "FlowLogs", dashboard_name="flow-logs",
                              targets=[FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")])
    assert fl.dashboard is not None
    Template.from_stack(stack).has_resource_properties("AWS::CloudWatch::Dashboard", {"DashboardName": "flow-logs"})
    bare = FlowLogsToCloudWatch(stack, "Bare", targets=[FlowLogTarget.from_network_interface_id("eni-0a1b2c3d")])
    assert bare.dashboard is None
