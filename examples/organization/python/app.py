#!/usr/bin/env python3
"""The Python twin of examples/organization/app.ts: the source document's setup on every VPC of an
AWS Organization, with the alarms landing in the security account.

- `FlowLogsManagement` (the management account, or a delegated administrator of StackSets): a
  service-managed StackSet whose stack, in each member account and region, holds the delivery role
  and log group, the detections, a delivery health alarm, the AWS Config rule VPC_FLOW_LOGS_ENABLED
  with its automatic remediation, and the rule forwarding the alarms to the security account's bus.
- `FlowLogsSecurity` (the security account): the organization's alarm bus and the e-mail.

Run it with `cdk synth` in this directory (cdk.json: `python3 app.py`). test/python/ imports
`build_organization_app` from here and checks its templates equal the TypeScript app's.
"""
from typing import Optional

from aws_cdk import App, Duration, Environment, Stack

from cdk_flow_logs_to_cloudwatch import (
    FlowLogDetection,
    FlowLogsAlarmBus,
    FlowLogsEncryption,
    FlowLogsStackSet,
)

# The accounts of the example: replace them with yours.
MANAGEMENT = Environment(account="111111111111", region="eu-west-1")
SECURITY = Environment(account="222222222222", region="eu-west-1")


def build_organization_app(app: Optional[App] = None) -> dict:
    """Adds the management and security stacks to `app` (a new App by default)."""
    app = app if app is not None else App()
    management = Stack(app, "FlowLogsManagement", env=MANAGEMENT)
    stack_set = FlowLogsStackSet(
        management, "FlowLogs",
        # Roll out to one OU first; add the others (or the root, r-...) when it works.
        organizational_unit_ids=["ou-ab12-34cd56ef"],
        regions=["eu-west-1", "us-east-1"],
        alarm_bus_arn=FlowLogsAlarmBus.arn_of(SECURITY.account, SECURITY.region),
        detections=[
            # >= 10 rejected SSH attempts in one hour: the source document's alarm.
            FlowLogDetection.rejected_ssh(),
            # Admin ports probed from inside a VPC: what the internet's background scanning does not trigger.
            FlowLogDetection.rejected_admin_ports_from_inside(),
        ],
        delivery_health_period=Duration.hours(1),
        encryption=FlowLogsEncryption.KMS,
    )

    security = Stack(app, "FlowLogsSecurity", env=SECURITY)
    alarm_bus = FlowLogsAlarmBus(
        security, "AlarmBus",
        organization_id="o-a1b2c3d4e5",
        alarm_emails=["secops@example.com"],
        encryption=FlowLogsEncryption.KMS,
    )
    return {"app": app, "management": management, "security": security, "stack_set": stack_set, "alarm_bus": alarm_bus}


if __name__ == "__main__":
    build_organization_app()["app"].synth()
