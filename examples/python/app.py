#!/usr/bin/env python3
"""The Python twin of examples/app.ts: the same scenario, construct for construct.

Flow logs for a VPC (and so all its subnets) and for the network interface
eni-1a2b3c4d, delivered to one log group through one role, and an alarm when
there are 10 or more rejected SSH attempts in one hour, e-mailed to the
security team; plus a custom detection of rejected PostgreSQL connections,
rejected traffic to an admin port alarmed on an anomaly detection band, a
delivery health alarm, a Contributor Insights rule, saved Logs Insights
queries and a dashboard.

Run it with `cdk synth` in this directory (cdk.json: `python3 app.py`): the CLI
runs this file, prints the template and writes it to cdk.out/. Run on its own,
`python3 app.py` synthesizes into a new temporary directory and prints nothing
(set CDK_OUTDIR=cdk.out to keep the result). test/python/ imports `build_app`
from here and checks the template equals the TypeScript example's.
"""
from typing import Optional, Tuple

from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from cdk_flow_logs_to_cloudwatch import (
    FlowLogComparison,
    FlowLogContributorRule,
    FlowLogDetection,
    FlowLogField,
    FlowLogFilter,
    FlowLogQuery,
    FlowLogsToCloudWatch,
    FlowLogTarget,
)


class FlowLogsExampleStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        vpc = ec2.Vpc(
            self, "Vpc",
            ip_addresses=ec2.IpAddresses.cidr("10.0.0.0/16"),
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24),
                ec2.SubnetConfiguration(name="Isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=24),
            ],
        )

        self.flow_logs = FlowLogsToCloudWatch(
            self, "FlowLogs",
            targets=[
                FlowLogTarget.from_vpc(vpc),
                FlowLogTarget.from_network_interface_id("eni-1a2b3c4d"),
            ],
            detections=[
                # >= 10 rejected SSH attempts (TCP 22, REJECT) in one hour: the document's alarm.
                FlowLogDetection.rejected_ssh(),
                # A custom detection: rejected PostgreSQL connections, >= 5 in 15 minutes.
                FlowLogDetection.custom(
                    name="RejectedPostgres",
                    filter=FlowLogFilter.all()
                    .where_number(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 5432)
                    .where_number(FlowLogField.PROTOCOL, FlowLogComparison.EQUAL, 6)
                    .where_string(FlowLogField.ACTION, FlowLogComparison.EQUAL, "REJECT"),
                    threshold=5,
                    period=Duration.minutes(15),
                ),
                # Rejected traffic to an admin port (TCP 22 or 3389: one filter, `||`), alarmed when it
                # rises above its usual level: an anomaly detection band 2 standard deviations wide.
                FlowLogDetection.rejected_admin_ports(anomaly_band_width=2),
            ],
            alarm_emails=["secops@example.com"],
            # Operations (opt-in): an alarm when no records arrive for an hour (delivery stopped).
            delivery_health_period=Duration.hours(1),
            # Insight (opt-in): who is behind an alarm.
            contributor_rules=[FlowLogContributorRule.top_rejected_sources()],
            queries=[
                FlowLogQuery.rejected_by_source(),
                FlowLogQuery.top_talkers(),
                FlowLogQuery.rejected_ssh_over_time(),
                FlowLogQuery.for_interface("eni-1a2b3c4d"),
            ],
            dashboard=True,
        )


def build_app(app: Optional[App] = None) -> Tuple[App, FlowLogsExampleStack]:
    """Adds the example stack `FlowLogsExample` to `app` (a new App by default)."""
    app = app if app is not None else App()
    stack = FlowLogsExampleStack(app, "FlowLogsExample")
    return app, stack


if __name__ == "__main__":
    build_app()[0].synth()
