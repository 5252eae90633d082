/**
 * Names AWS requires to be unique (log groups, alarms and Contributor Insights rules per account and
 * region, dashboards per account) are checked across the whole app at synth, and rule definitions
 * against Contributor Insights' size and character limits.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  FlowLogContributorCondition, FlowLogContributorRule, FlowLogDetection, FlowLogField, FlowLogsToCloudWatch, FlowLogTarget,
} from '../../lib';

const ACCOUNT = '123456789012';

function stackIn(app: App, id: string, region = 'eu-west-1'): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region } });
}

function vpcIn(stack: Stack) {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'I', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

describe('names unique where AWS needs them', () => {
  test('forEveryVpc with a fixed logGroupName, VPCs in two stacks: a synth error naming both constructs', () => {
    const app = new App();
    const [a, b] = [stackIn(app, 'A'), stackIn(app, 'B')];
    vpcIn(a);
    vpcIn(b);
    FlowLogsToCloudWatch.forEveryVpc(app, { logGroupName: '/vpc-flow-logs/all' });
    expect(() => app.synth()).toThrow(/\[A\/FlowLogsForEveryVpc\] FlowLogsToCloudWatch: the log group name "\/vpc-flow-logs\/all" is also given by B\/FlowLogsForEveryVpc, in the same account and region; log group names are unique there, so the second deployment would fail\. Give each construct its own name, or leave the name out/);
  });

  test('forEveryVpc without fixed names: one construct per stack, no conflict', () => {
    const app = new App();
    for (const id of ['A', 'B']) vpcIn(stackIn(app, id));
    FlowLogsToCloudWatch.forEveryVpc(app, { detections: [FlowLogDetection.rejectedSsh()] });
    expect(() => app.synth()).not.toThrow();
  });

  test('the same alarmName in two stacks of one account and region; fine in another region', () => {
    const make = (stack: Stack) => new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d')],
      detections: [FlowLogDetection.rejectedSsh({ alarmName: 'rejected-ssh' })],
    });
    const apart = new App();
    make(stackIn(apart, 'A'));
    make(stackIn(apart, 'Elsewhere', 'us-east-1'));
    expect(() => apart.synth()).not.toThrow();
    const together = new App();
    make(stackIn(together, 'A'));
    make(stackIn(together, 'B'));
    expect(() => together.synth()).toThrow(/the alarm name "rejected-ssh" is also given by B\/FlowLogs, in the same account and region/);
  });

  test('a dashboard name once per account, whatever the region; a rule name per region', () => {
    const app = new App();
    const make = (stack: Stack) => new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d')],
      dashboardName: 'flow-logs',
      contributorRules: [FlowLogContributorRule.topTalkers({ ruleName: 'top-talkers' })],
    });
    make(stackIn(app, 'A'));
    make(stackIn(app, 'B', 'us-east-1'));
    expect(() => app.synth()).toThrow(/the dashboard name "flow-logs" is also given by B\/FlowLogs, in the same account;/);
    expect(() => app.synth()).not.toThrow(/Contributor Insights rule name/);
  });
});

describe('Contributor Insights rule definitions within CloudWatch\'s limits', () => {
  function withRule(values: string[], conditions = 1) {
    const stack = stackIn(new App(), 'S');
    new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d')],
      contributorRules: [FlowLogContributorRule.custom({
        name: 'Sources', keys: [FlowLogField.SRC_ADDR], conditions: Array.from({ length: conditions }, () => FlowLogContributorCondition.isIn(FlowLogField.INTERFACE_ID, values)),
      })],
    });
    return () => Template.fromStack(stack);
  }

  test('over 8,192 bytes: refused with the size', () => {
    expect(withRule(Array.from({ length: 10 }, (_, i) => `eni-${String(i).padStart(220, '0')}`), 4)).toThrow(/Contributor Insights rule "Sources" has a definition of \d{4,5} bytes; CloudWatch takes at most 8192\. Use fewer or shorter condition values\./);
  });

  test('a non-ASCII value: refused naming the character', () => {
    expect(withRule(['eni-ä'])).toThrow(/Contributor Insights rule "Sources" holds the non-ASCII character "ä"; CloudWatch takes rule definitions of ASCII only/);
  });

  test('a rule within the limits synthesizes', () => {
    expect(withRule(['eni-0a1b2c3d'])).not.toThrow();
  });
});
