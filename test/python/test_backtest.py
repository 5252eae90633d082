"""The backtest engine and the alarm-truth detections from Python (issue 18), through the installed wheel:
FlowLogBacktest.run on a template file and on a stack, the per-source and inside detections, history queries,
and bad input as a Python exception."""
import json

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Match, Template

from cdk_flow_logs_to_cloudwatch import (
    FlowLogBacktest,
    FlowLogDetection,
    FlowLogField,
    FlowLogsToCloudWatch,
    FlowLogTarget,
)

T0 = 1767571200  # 2026-01-05T00:00:00Z
MINUTE = 60


def record(start, src="203.0.113.7", port=22, action="REJECT", dst="10.0.0.5"):
    return f"2 123456789012 eni-1a2b3c4d {src} {dst} 40000 {port} 6 1 40 {start} {start + 30} {action} OK"


def write_events(path, records):
    """What `aws logs filter-log-events` prints: records ingested 5 minutes after their start."""
    events = [{"timestamp": s * 1000, "ingestionTime": (s + 5 * MINUTE) * 1000, "message": m} for s, m in records]
    path.write_text(json.dumps({"events": events}))
    return str(path)


def stack_with(**props):
    stack = Stack(App(), "Backtest")
    vpc = ec2.Vpc(stack, "Vpc", max_azs=1, nat_gateways=0)
    construct = FlowLogsToCloudWatch(stack, "FlowLogs", targets=[FlowLogTarget.from_vpc(vpc)],
                                     alarm_emails=["secops@example.com"], **props)
    return stack, construct


def alarm_of(report, stack, alarm):
    logical_id = stack.get_logical_id(alarm.node.default_child)
    return next(a for a in report.alarms if a.logical_id == logical_id)


def test_scanning_vs_brute_force_on_a_stack(tmp_path):
    stack, construct = stack_with(detections=[FlowLogDetection.rejected_ssh(), FlowLogDetection.rejected_ssh_per_source()])
    # Hour 0: 300 sources, one probe each (background scanning). Hour 1: one sweeper, one probe on
    # each of 40 addresses. Hour 2: one source, 60 tries on one host.
    scanning = [(T0 + i * 12, record(T0 + i * 12, src=f"198.51.{i // 250}.{i % 250}")) for i in range(300)]
    sweep = [(T0 + 3600 + i * 2, record(T0 + 3600 + i * 2, src="192.0.2.99", dst=f"10.0.1.{i + 10}")) for i in range(40)]
    brute = [(T0 + 2 * 3600 + i * 30, record(T0 + 2 * 3600 + i * 30, src="203.0.113.77")) for i in range(60)]
    events = write_events(tmp_path / "events.json", scanning + sweep + brute)
    report = FlowLogBacktest.run(stack=stack, event_files=[events], start_time="2026-01-05T00:00:00Z",
                                 end_time="2026-01-05T04:00:00Z")
    assert report.events == 400 and report.start_time == "2026-01-05T00:00:00.000Z"
    total, per_source = (alarm_of(report, stack, a) for a in construct.alarms)
    # The seed's total count fires on the scanning (and again as its evaluation range re-reads old
    # datapoints after the scanning stops); the per-source detection only on the brute force, not on
    # the sweep (40 tries from one source, one on each host).
    assert {n.to_state for n in total.notifications} == {"ALARM"} and len(total.notifications) >= 2
    assert total.notifications[0].time < "2026-01-05T01:00"
    # One notification per attack: FILL(..., 0) keeps the evaluation range from re-reading the
    # attack's datapoints once it is over.
    assert len(per_source.notifications) == 1
    assert "2026-01-05T02:" in per_source.notifications[0].time
    assert per_source.notifications[0].from_state == "OK" and per_source.evaluated


def test_template_file_and_not_evaluated_alarms(tmp_path):
    stack, construct = stack_with(detections=[FlowLogDetection.rejected_admin_ports(anomaly_band_width=2)],
                                  delivery_health_period=Duration.minutes(30))
    template = tmp_path / "template.json"
    template.write_text(json.dumps(Template.from_stack(stack).to_json()))
    events = write_events(tmp_path / "events.json", [(T0 + m * MINUTE, record(T0 + m * MINUTE, port=443, action="ACCEPT"))
                                                     for m in range(0, 180, 5)])
    report = FlowLogBacktest.run(template_file=str(template), event_files=[events])
    band = alarm_of(report, stack, construct.alarms[0])
    assert band.evaluated is False and band.final_state == "NOT_EVALUATED" and "anomaly detection band" in band.reason
    health = alarm_of(report, stack, construct.delivery_health_alarm)
    # A healthy first deploy: INSUFFICIENT_DATA -> OK, no notification.
    assert health.final_state == "OK" and list(health.notifications) == []
    assert [(t.from_state, t.to_state) for t in health.transitions] == [("INSUFFICIENT_DATA", "OK")]


def test_bad_input_is_a_python_exception(tmp_path):
    stack, _ = stack_with(detections=[FlowLogDetection.rejected_ssh()])
    notes = tmp_path / "notes.txt"
    notes.write_text("not flow logs\n")
    with pytest.raises(RuntimeError, match="FlowLogBacktest.run: .*notes.txt is not one of the accepted event files"):
        FlowLogBacktest.run(stack=stack, event_files=[str(notes)])
    with pytest.raises(RuntimeError, match="give exactly one of `templateFile`"):
        FlowLogBacktest.run(event_files=[str(notes)])


def test_new_detections_and_history_queries():
    stack, construct = stack_with(detections=[
        FlowLogDetection.rejected_rdp_per_source(threshold=30),
        FlowLogDetection.rejected_admin_ports_from_inside(source_cidrs=["10.0.0.0/16"]),
        FlowLogDetection.rejected_ssh(per_contributor=[FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR], name="PerPair"),
    ])
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::CloudWatch::InsightRule", 2)
    template.has_resource_properties("AWS::CloudWatch::Alarm", {
        "Threshold": 30,
        "Metrics": [Match.object_like({"Expression": 'FILL(INSIGHT_RULE_METRIC("Backtest-FlowLogs-RejectedRdpPerSource-Detection", "MaxContributorValue"), 0)'})],
    })
    template.has_resource_properties("AWS::Logs::MetricFilter", {"FilterPattern": Match.string_like_regexp(r"srcaddr=10\.0\.\*, dstaddr")})
    template.resource_count_is("AWS::Logs::QueryDefinition", 3)
    assert [q.node.id for q in construct.queries] == [
        "RejectedRdpPerSourceHistoryQuery", "RejectedAdminPortsFromInsideHistoryQuery", "PerPairHistoryQuery"]
    assert construct.alarms[2].node.id == "PerPairAlarm"
    with pytest.raises(RuntimeError, match="would become 128 wildcard values"):
        FlowLogDetection.rejected_admin_ports_from_inside(source_cidrs=["10.0.0.0/17"])
    with pytest.raises(RuntimeError, match="cannot be a Contributor Insights filter"):
        FlowLogDetection.rejected_admin_ports(per_contributor=[FlowLogField.SRC_ADDR])
