/**
 * The source document's scenario ("Publishing flow logs to CloudWatch Logs"):
 * flow logs for a VPC (and so all its subnets) and for the network interface
 * eni-1a2b3c4d, delivered to one log group through one role, and an alarm when
 * there are 10 or more rejected SSH attempts in one hour, e-mailed to the
 * security team. Plus a custom detection (rejected PostgreSQL connections),
 * rejected traffic to an admin port alarmed on an anomaly detection band, a
 * delivery health alarm, a Contributor Insights rule, saved Logs Insights queries
 * and a dashboard.
 *
 * Run it with `npm run example`, or `npx cdk@2 synth --app "npx ts-node --prefer-ts-exts examples/app.ts"`.
 */
import { App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import {
  FlowLogComparison, FlowLogContributorRule, FlowLogDetection, FlowLogField, FlowLogFilter, FlowLogQuery, FlowLogsToCloudWatch,
  FlowLogTarget,
} from '../lib';

export class FlowLogsExampleStack extends Stack {
  public readonly flowLogs: FlowLogsToCloudWatch;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    this.flowLogs = new FlowLogsToCloudWatch(this, 'FlowLogs', {
      targets: [
        FlowLogTarget.fromVpc(vpc),
        FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d'),
      ],
      detections: [
        // >= 10 rejected SSH attempts (TCP 22, REJECT) in one hour: the document's alarm.
        FlowLogDetection.rejectedSsh(),
        // A custom detection: rejected PostgreSQL connections, >= 5 in 15 minutes.
        FlowLogDetection.custom({
          name: 'RejectedPostgres',
          filter: FlowLogFilter.all()
            .whereNumber(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 5432)
            .whereNumber(FlowLogField.PROTOCOL, FlowLogComparison.EQUAL, 6)
            .whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, 'REJECT'),
          threshold: 5,
          period: Duration.minutes(15),
        }),
        // Rejected traffic to an admin port (TCP 22 or 3389: one filter, `||`), alarmed when it
        // rises above its usual level: an anomaly detection band 2 standard deviations wide.
        FlowLogDetection.rejectedAdminPorts({ anomalyBandWidth: 2 }),
      ],
      alarmEmails: ['secops@example.com'],
      // Operations (opt-in): an alarm when no records arrive for an hour (delivery stopped).
      deliveryHealthPeriod: Duration.hours(1),
      // Insight (opt-in): who is behind an alarm.
      contributorRules: [FlowLogContributorRule.topRejectedSources()],
      queries: [
        FlowLogQuery.rejectedBySource(),
        FlowLogQuery.topTalkers(),
        FlowLogQuery.rejectedSshOverTime(),
        FlowLogQuery.forInterface('eni-1a2b3c4d'),
      ],
      dashboard: true,
    });
  }
}

export function buildApp(app = new App()): { app: App; stack: FlowLogsExampleStack } {
  const stack = new FlowLogsExampleStack(app, 'FlowLogsExample');
  return { app, stack };
}

if (require.main === module) {
  buildApp().app.synth();
}
