package com.example.flowlogs;

import java.util.List;

import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogComparison;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogContributorRule;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogDetection;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogDetectionOptions;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogDetectionProps;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogField;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogFilter;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogQuery;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogTarget;
import io.github.maintainers.cdkflowlogstocloudwatch.FlowLogsToCloudWatch;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The Java twin of examples/app.ts: the same scenario, construct for construct.
 *
 * <p>Flow logs for a VPC (and so all its subnets) and for the network interface eni-1a2b3c4d,
 * delivered to one log group through one role, and an alarm when there are 10 or more rejected SSH
 * attempts in one hour, e-mailed to the security team; plus a custom detection of rejected
 * PostgreSQL connections, rejected traffic to an admin port alarmed on an anomaly detection band, a
 * delivery health alarm, a Contributor Insights rule, saved Logs Insights queries and a dashboard.
 */
public class FlowLogsExampleStack extends Stack {
    private final FlowLogsToCloudWatch flowLogs;

    public FlowLogsExampleStack(final Construct scope, final String id) {
        this(scope, id, null);
    }

    public FlowLogsExampleStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.0.0.0/16"))
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("Isolated").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .build();

        // README: begin (the README's Java snippet is this block, checked by test/docs.test.ts)
        this.flowLogs = FlowLogsToCloudWatch.Builder.create(this, "FlowLogs")
                .targets(List.of(
                        FlowLogTarget.fromVpc(vpc),
                        FlowLogTarget.fromNetworkInterfaceId("eni-1a2b3c4d")))
                .detections(List.of(
                        // >= 10 rejected SSH attempts (TCP 22, REJECT) in one hour: the document's alarm.
                        FlowLogDetection.rejectedSsh(),
                        // A custom detection: rejected PostgreSQL connections, >= 5 in 15 minutes.
                        FlowLogDetection.custom(FlowLogDetectionProps.builder()
                                .name("RejectedPostgres")
                                .filter(FlowLogFilter.all()
                                        .whereNumber(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 5432)
                                        .whereNumber(FlowLogField.PROTOCOL, FlowLogComparison.EQUAL, 6)
                                        .whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, "REJECT"))
                                .threshold(5)
                                .period(Duration.minutes(15))
                                .build()),
                        // Rejected traffic to an admin port (TCP 22 or 3389: one filter, `||`), alarmed when it
                        // rises above its usual level: an anomaly detection band 2 standard deviations wide.
                        FlowLogDetection.rejectedAdminPorts(FlowLogDetectionOptions.builder()
                                .anomalyBandWidth(2)
                                .build())))
                .alarmEmails(List.of("secops@example.com"))
                // Operations (opt-in): an alarm when no records arrive for an hour (delivery stopped).
                .deliveryHealthPeriod(Duration.hours(1))
                // Insight (opt-in): who is behind an alarm.
                .contributorRules(List.of(FlowLogContributorRule.topRejectedSources()))
                .queries(List.of(
                        FlowLogQuery.rejectedBySource(),
                        FlowLogQuery.topTalkers(),
                        FlowLogQuery.rejectedSshOverTime(),
                        FlowLogQuery.forInterface("eni-1a2b3c4d")))
                .dashboard(true)
                .build();
        // README: end
    }

    public FlowLogsToCloudWatch getFlowLogs() {
        return flowLogs;
    }
}
