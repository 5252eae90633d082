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
      'FlowLogsToCloudWatch.forEveryVpc: added flow logs for 4 VPC(s) in 2 stack(s) (A/App, A/Raw, B/Shared, B/Late); 0 VPC(s) already had flow logs from this library.',
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
      'FlowLogsToCloudWatch.forEveryVpc: added flow logs for 1 VPC(s) in 1 stack(s) (Prod/Network/Uncovered); 1 VPC(s) already had flow logs from this library (Prod/Network/Covered).',
    ]);
  });

  test('a scope without VPCs: nothing is added, and the summary says so', () => {
    const app = new App();
    const s = new Stack(app, 'Empty', { env: ENV });
    FlowLogsToCloudWatch.forEveryVpc(app);
    app.synth();
    expect(flowLogs(s)).toEqual([]);
    expect(summary(app)).toEqual(['FlowLogsToCloudWatch.forEveryVpc: added flow logs for 0 VPC(s) in 0 stack(s); 0 VPC(s) already had flow logs from this library.']);
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
