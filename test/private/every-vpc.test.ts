import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogDetection, FlowLogsToCloudWatch, FlowLogTarget } from '../../lib';
import { ENV } from '../util';

function isolatedVpc(stack: Stack, id: string): ec2.Vpc {
  return new ec2.Vpc(stack, id, { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

/** VPC flow logs of a template: resource ID -> the construct path of the FlowLogsToCloudWatch holding it. */
function flowLogs(stack: Stack): Array<[unknown, string]> {
  return Object.values(Template.fromStack(stack).findResources('AWS::EC2::FlowLog'))
    .map((r: any) => [r.Properties.ResourceId, String(r.Metadata?.['aws:cdk:path'] ?? '')] as [unknown, string]);
}

function summary(scope: App | Stage): string[] {
  return scope.node.metadata.filter(m => m.type === 'aws:cdk:info').map(m => String(m.data));
}

describe('forEveryVpc', () => {
  test('every ec2.Vpc and CfnVPC of an app gets a flow log: one construct per stack, with the given props', () => {
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
    const a = new Stack(app, 'A', { env: ENV });
    const b = new Stack(app, 'B', { env: ENV });
    isolatedVpc(a, 'App');
    new ec2.CfnVPC(a, 'Raw', { cidrBlock: '10.9.0.0/16' });
    isolatedVpc(b, 'Shared');
    FlowLogsToCloudWatch.forEveryVpc(app, { detections: [FlowLogDetection.rejectedSsh()] });
    // VPCs defined after the call count too (decided at synth).
    isolatedVpc(b, 'Late');
    app.synth();

    expect(flowLogs(a)).toEqual([
      [{ Ref: expect.stringMatching(/^App/) }, expect.stringMatching(/^A\/FlowLogsForEveryVpc\//)],
      [{ Ref: 'Raw' }, expect.stringMatching(/^A\/FlowLogsForEveryVpc\//)],
    ]);
    expect(flowLogs(b).map(([id]) => id)).toEqual([{ Ref: expect.stringMatching(/^Shared/) }, { Ref: expect.stringMatching(/^Late/) }]);
    for (const stack of [a, b]) {
      const t = Template.fromStack(stack);
      t.resourceCountIs('AWS::IAM::Role', 1);
      t.resourceCountIs('AWS::Logs::LogGroup', 1);
      t.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    }
    expect(summary(app)).toEqual([
      'FlowLogsToCloudWatch.forEveryVpc: added flow logs for 4 VPC(s) in 2 stack(s) (A/App, A/Raw, B/Shared, B/Late); 0 VPC(s) already had a VPC-level flow log, and got no second one (records delivered, and billed, twice).',
    ]);
  });

  test('a VPC that already has a flow log from this library gets no second one; a stage scope only covers its stacks', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const s = new Stack(stage, 'Network', { env: ENV });
    const covered = isolatedVpc(s, 'Covered');
    isolatedVpc(s, 'Uncovered');
    new FlowLogsToCloudWatch(s, 'Mine', { targets: [FlowLogTarget.fromVpc(covered)] });
    const outside = new Stack(app, 'Outside', { env: ENV });
    isolatedVpc(outside, 'NotInScope');
    FlowLogsToCloudWatch.forEveryVpc(stage);
    app.synth();

    const ids = flowLogs(s).map(([id]) => JSON.stringify(id));
    expect(ids.filter(id => id.includes('Covered'))).toHaveLength(1);
    expect(ids.filter(id => id.includes('Uncovered'))).toHaveLength(1);
    expect(flowLogs(outside)).toEqual([]);
    expect(summary(stage)).toEqual([
      'FlowLogsToCloudWatch.forEveryVpc: added flow logs for 1 VPC(s) in 1 stack(s) (Prod/Network/Uncovered); 1 VPC(s) already had a VPC-level flow log, and got no second one (records delivered, and billed, twice) (Prod/Network/Covered by a flow log of this library).',
    ]);
  });

  test('a scope without VPCs: nothing is added, and the summary says so', () => {
    const app = new App();
    const s = new Stack(app, 'Empty', { env: ENV });
    FlowLogsToCloudWatch.forEveryVpc(app);
    app.synth();
    expect(flowLogs(s)).toEqual([]);
    expect(summary(app)).toEqual(['FlowLogsToCloudWatch.forEveryVpc: added flow logs for 0 VPC(s) in 0 stack(s); 0 VPC(s) already had a VPC-level flow log, and got no second one (records delivered, and billed, twice).']);
  });

  test('targets are refused (the targets are the VPCs found); two calls over one stack add one flow log', () => {
    const app = new App();
    expect(() => FlowLogsToCloudWatch.forEveryVpc(app, { targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')] }))
      .toThrow(/`targets` cannot be given/);
    const s = new Stack(app, 'S', { env: ENV });
    isolatedVpc(s, 'Vpc');
    FlowLogsToCloudWatch.forEveryVpc(app);
    FlowLogsToCloudWatch.forEveryVpc(s);
    app.synth();
    expect(flowLogs(s)).toHaveLength(1);
  });
});

describe('forEveryVpc beside flow logs that are not this library\'s', () => {
  function appWith(existing: (s: Stack, vpc: ec2.Vpc) => void, props = {}) {
    const app = new App();
    const s = new Stack(app, 'S', { env: ENV });
    const vpc = isolatedVpc(s, 'Vpc');
    isolatedVpc(s, 'Bare');
    existing(s, vpc);
    FlowLogsToCloudWatch.forEveryVpc(app, props);
    app.synth();
    const vpcFlowLogs = Object.values(Template.fromStack(s).findResources('AWS::EC2::FlowLog'))
      .filter((r: any) => r.Properties.ResourceType === 'VPC').map((r: any) => r.Properties.ResourceId.Ref as string);
    return { app, s, vpcFlowLogs };
  }

  test('an aws-cdk-lib ec2.FlowLog on a VPC: no second flow log for it, and the summary names it', () => {
    const { app, vpcFlowLogs } = appWith((s, vpc) => new ec2.FlowLog(s, 'L2FlowLog', { resourceType: ec2.FlowLogResourceType.fromVpc(vpc) }));
    expect(vpcFlowLogs.filter(id => id.startsWith('Vpc'))).toHaveLength(1);
    expect(vpcFlowLogs.filter(id => id.startsWith('Bare'))).toHaveLength(1);
    expect(summary(app)[0]).toMatch(/added flow logs for 1 VPC\(s\) in 1 stack\(s\) \(S\/Bare\); 1 VPC\(s\) already had a VPC-level flow log.*\(S\/Vpc by ec2\.FlowLog S\/L2FlowLog\/FlowLog\)\.$/);
  });

  test('a bare CfnFlowLog of resource type VPC: left alone; one of a subnet does not cover the VPC', () => {
    const { app, vpcFlowLogs } = appWith((s, vpc) => {
      new ec2.CfnFlowLog(s, 'Raw', {
        resourceType: 'VPC', resourceId: vpc.vpcId, trafficType: 'REJECT', logDestinationType: 's3', logDestination: 'arn:aws:s3:::my-flow-logs',
      });
      new ec2.CfnFlowLog(s, 'SubnetOnly', {
        resourceType: 'Subnet', resourceId: vpc.isolatedSubnets[0].subnetId, trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::my-flow-logs',
      });
    });
    expect(vpcFlowLogs.filter(id => id.startsWith('Vpc'))).toHaveLength(1);
    expect(vpcFlowLogs.filter(id => id.startsWith('Bare'))).toHaveLength(1);
    expect(summary(app)[0]).toMatch(/\(S\/Vpc by CfnFlowLog S\/Raw\)\.$/);
  });

  test('an existing ACCEPT-only flow log, and trafficType ACCEPT, are warned about with the EC2.6 reason', () => {
    const { app } = appWith((s, vpc) => new ec2.FlowLog(s, 'AcceptOnly', {
      resourceType: ec2.FlowLogResourceType.fromVpc(vpc), trafficType: ec2.FlowLogTrafficType.ACCEPT,
    }), { trafficType: ec2.FlowLogTrafficType.ACCEPT });
    const warnings = app.node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data));
    expect(warnings).toEqual([
      expect.stringMatching(/^FlowLogsToCloudWatch\.forEveryVpc: `trafficType` is ACCEPT: Security Hub EC2\.6 wants a VPC-level flow log capturing REJECT \(or ALL\)/),
      expect.stringMatching(/^FlowLogsToCloudWatch\.forEveryVpc: VPC S\/Vpc is left to its existing flow log \(ec2\.FlowLog S\/AcceptOnly\/FlowLog\), which captures ACCEPT traffic only/),
    ]);
  });
});
