/**
 * Integration test: the source document's scenario, deployed for real.
 *
 * A small VPC (2 AZs, isolated subnets only: no NAT gateway, no internet gateway),
 * flow logs for the VPC and for one of its subnets into one log group, the
 * rejected-SSH detection (>= 10 in one hour) and its e-mail topic. After the
 * deployment the assertions read back what AWS made of it: both flow logs
 * ACTIVE and delivering, the metric filter's pattern and transformation, and
 * the alarm's threshold, period, operator and statistic.
 *
 * Offline (no AWS credentials) this only synthesizes and is compared with the
 * committed snapshot, test/integ.flow-logs-to-cloudwatch.ts.snapshot/:
 *   npm run integ           # fails on any difference
 *   npm run integ:update    # rewrites the snapshot on purpose
 * Against a real account: see "Integration test" in README.md.
 *
 * Not a jest test: jest only runs the *.test.ts files.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FlowLogDetection, FlowLogsToCloudWatch, FlowLogTarget } from '../lib';

class FlowLogsIntegStack extends Stack {
  public readonly flowLogs: FlowLogsToCloudWatch;
  public readonly alarmName: string;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/24'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 26 }],
      // Keeps the test to the construct: no custom resource (and Lambda) rewriting the default security group.
      restrictDefaultSecurityGroup: false,
    });

    // A second VPC whose one subnet is a target of its own (a subnet of `vpc` would be
    // covered twice: by the VPC's flow log and its own).
    const other = new ec2.Vpc(this, 'OtherVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.21.0.0/24'),
      maxAzs: 1,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 26 }],
      restrictDefaultSecurityGroup: false,
    });

    // An alarm name known before deployment, so the assertion can look the alarm up.
    // Alarm names are per account and region: the stack name keeps it apart from other stacks.
    this.alarmName = `${this.stackName}-RejectedSsh`;

    this.flowLogs = new FlowLogsToCloudWatch(this, 'FlowLogs', {
      targets: [
        FlowLogTarget.fromVpc(vpc),
        FlowLogTarget.fromSubnet(other.isolatedSubnets[0]),
      ],
      detections: [FlowLogDetection.rejectedSsh({ alarmName: this.alarmName })],
      alarmEmails: ['secops@example.com'],
      // A test run must leave nothing behind (the construct's defaults retain the group for two years).
      removalPolicy: RemovalPolicy.DESTROY,
      retention: logs.RetentionDays.ONE_DAY,
    });
  }
}

const app = new App();
const stack = new FlowLogsIntegStack(app, 'FlowLogsToCloudWatchInteg');

const integ = new IntegTest(app, 'FlowLogsToCloudWatchIntegTest', {
  testCases: [stack],
  // In a real run, deploy the committed snapshot first and then this version on top of it:
  // updating a deployed stack must succeed, not only a fresh deployment.
  stackUpdateWorkflow: true,
});

const { flowLogs } = stack;
const logGroupName = flowLogs.logGroup.logGroupName;

// Each flow log (the VPC's and the subnet's) is ACTIVE, and delivery to the log group works:
// a role the service cannot assume, or a policy without the group, shows as
// DeliverLogsStatus FAILED with an "Access error" message.
flowLogs.flowLogs.forEach((flowLog) => {
  integ.assertions.awsApiCall('EC2', 'describeFlowLogs', { FlowLogIds: [flowLog.ref] })
    .expect(ExpectedResult.objectLike({
      FlowLogs: [{
        FlowLogId: flowLog.ref,
        FlowLogStatus: 'ACTIVE',
        DeliverLogsStatus: 'SUCCESS',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: logGroupName,
        TrafficType: 'ALL',
      }],
    }))
    .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(15) });
});

// The metric filter: the document's pattern for the default (version 2) record format,
// counting 1 per record, 0 while records flow without a match.
integ.assertions.awsApiCall('CloudWatchLogs', 'describeMetricFilters', { logGroupName })
  .expect(ExpectedResult.objectLike({
    metricFilters: [{
      logGroupName,
      filterPattern: '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol=6, packets, bytes, start, end, action="REJECT", log_status]',
      metricTransformations: [{
        metricNamespace: `FlowLogs/${stack.stackName}/FlowLogs`,
        metricName: 'RejectedSsh',
        metricValue: '1',
        defaultValue: 0,
      }],
    }],
  }));

// The alarm: >= 10 in one hour (Sum over 3600 s, one period), notifying the e-mail topic.
integ.assertions.awsApiCall('CloudWatch', 'describeAlarms', { AlarmNames: [stack.alarmName] })
  .expect(ExpectedResult.objectLike({
    MetricAlarms: [{
      AlarmName: stack.alarmName,
      Namespace: `FlowLogs/${stack.stackName}/FlowLogs`,
      MetricName: 'RejectedSsh',
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [flowLogs.alarmTopic!.topicArn],
    }],
  }));

app.synth();
