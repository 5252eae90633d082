"""The operations features from Python (issue 13), through the installed wheel: delivery health,
ingestion budget, anomaly bands, any-of conditions, custom saved queries, flow logs for every VPC."""
import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Match, Template

from cdk_flow_logs_to_cloudwatch import (
    FlowLogComparison,
    FlowLogDetection,
    FlowLogField,
    FlowLogFilter,
    FlowLogQuery,
    FlowLogsToCloudWatch,
    FlowLogTarget,
)

ENI = FlowLogTarget.from_network_interface_id("eni-1a2b3c4d")
SSH_OR_RDP = ('[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22 || dstport=3389, '
              'protocol=6, packets, bytes, start, end, action="REJECT", log_status]')


def synth(**props):
    stack = Stack(App(), "Ops")
    construct = FlowLogsToCloudWatch(stack, "FlowLogs", targets=[ENI], **props)
    return construct, Template.from_stack(stack)


def test_delivery_health_and_ingestion_budget_alarms():
    construct, template = synth(delivery_health_period=Duration.hours(1), ingestion_budget_gb=5,
                                alarm_emails=["secops@example.com"])
    assert construct.delivery_health_alarm is not None and construct.ingestion_budget_alarm is not None
    template.has_resource_properties("AWS::CloudWatch::Alarm", {
        "Namespace": "AWS/Logs", "MetricName": "IncomingLogEvents", "Period": 3600,
        "ComparisonOperator": "LessThanThreshold", "Threshold": 1, "TreatMissingData": "missing",
        "InsufficientDataActions": Match.any_value(), "AlarmActions": Match.any_value(),
    })
    template.has_resource_properties("AWS::CloudWatch::Alarm", {
        "Namespace": "AWS/Logs", "MetricName": "IncomingBytes", "Period": 86400,
        "ComparisonOperator": "GreaterThanThreshold", "Threshold": 5 * 1024 ** 3,
    })
    with pytest.raises(RuntimeError, match="`ingestionBudgetGb` must be a number of GB greater than 0"):
        synth(ingestion_budget_gb=0)
    with pytest.raises(RuntimeError, match="`deliveryHealthPeriod` must be a whole number of minutes"):
        synth(delivery_health_period=Duration.seconds(30))


def test_anomaly_band_detection():
    _, template = synth(detections=[FlowLogDetection.rejected_admin_ports(anomaly_band_width=2)], dashboard=True)
    template.has_resource_properties("AWS::CloudWatch::Alarm", {
        "ComparisonOperator": "GreaterThanUpperThreshold",
        "ThresholdMetricId": "band",
        "Metrics": Match.array_with([
            {"Id": "floored", "Expression": "IF(m1 >= 10, m1, 0)", "ReturnData": True},
            {"Id": "band", "Expression": "ANOMALY_DETECTION_BAND(floored, 2)", "ReturnData": True},
        ]),
    })
    assert FlowLogDetection.rejected_admin_ports(anomaly_band_width=2, anomaly_band_floor=0).anomaly_band_floor == 0
    with pytest.raises(RuntimeError, match="has `anomalyBandFloor` without `anomalyBandWidth`"):
        FlowLogDetection.rejected_ssh(anomaly_band_floor=5)
    with pytest.raises(RuntimeError, match="must be a number of standard deviations greater than 0"):
        FlowLogDetection.rejected_ssh(anomaly_band_width=0)
    with pytest.raises(RuntimeError, match="has both `threshold` and `anomalyBandWidth`"):
        FlowLogDetection.rejected_ssh(anomaly_band_width=2, threshold=5)


def test_any_of_conditions_and_the_admin_ports_preset():
    preset = FlowLogDetection.rejected_admin_ports()
    assert preset.filter.render_pattern(FlowLogField.DEFAULT_FORMAT) == SSH_OR_RDP
    own = (FlowLogFilter.all().where_number_in(FlowLogField.DST_PORT, [22, 3389])
           .where_number(FlowLogField.PROTOCOL, FlowLogComparison.EQUAL, 6).where_string(FlowLogField.ACTION, FlowLogComparison.EQUAL, "REJECT"))
    assert own.render_pattern(FlowLogField.DEFAULT_FORMAT) == SSH_OR_RDP
    rdp = "2 123456789010 eni-1235b8ca123456789 198.51.100.7 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"
    https = rdp.replace(" 3389 ", " 443 ")
    assert own.matches(rdp, FlowLogField.DEFAULT_FORMAT) and not own.matches(https, FlowLogField.DEFAULT_FORMAT)
    sources = FlowLogFilter.all().where_string_in(FlowLogField.SRC_ADDR, ["10.0.1.*", "10.0.2.*"])
    assert "10.0.1.* || srcaddr=10.0.2.*" in sources.render_pattern(FlowLogField.DEFAULT_FORMAT)
    with pytest.raises(RuntimeError):
        FlowLogFilter.all().where_number_in(FlowLogField.DST_PORT, [])
    _, template = synth(detections=[preset])
    template.has_resource_properties("AWS::Logs::MetricFilter", {"FilterPattern": SSH_OR_RDP})


def test_flow_logs_for_every_vpc():
    app = App()
    stack = Stack(app, "Network")
    ec2.Vpc(stack, "Vpc", max_azs=1, nat_gateways=0, subnet_configuration=[
        ec2.SubnetConfiguration(name="Isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=24)])
    FlowLogsToCloudWatch.for_every_vpc(app, detections=[FlowLogDetection.rejected_ssh()])
    template = app.synth().get_stack_by_name("Network").template
    flow_logs = [r for r in template["Resources"].values() if r["Type"] == "AWS::EC2::FlowLog"]
    assert [f["Properties"]["ResourceType"] for f in flow_logs] == ["VPC"]
    with pytest.raises(RuntimeError, match="`targets` cannot be given"):
        FlowLogsToCloudWatch.for_every_vpc(app, targets=[ENI])


def test_custom_saved_query():
    query = FlowLogQuery.custom(name="EgressByDestination",
                                fields=[FlowLogField.FLOW_DIRECTION, FlowLogField.DST_ADDR, FlowLogField.BYTES],
                                query='filter flowDirection = "egress"\n| stats sum(bytes) as egressBytes by dstAddr')
    fmt = [FlowLogField.FLOW_DIRECTION, FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR, FlowLogField.BYTES]
    assert query.render_query(fmt).startswith('parse @message "* * * *" as flowDirection, srcAddr, dstAddr, bytes\n| filter')
    with pytest.raises(RuntimeError, match="reads `flow-direction`"):
        query.render_query(FlowLogField.DEFAULT_FORMAT)
    _, template = synth(log_format=fmt, queries=[query])
    template.has_resource_properties("AWS::Logs::QueryDefinition", {"QueryString": Match.string_like_regexp("egressBytes")})
