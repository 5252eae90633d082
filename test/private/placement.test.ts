import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  FlowLogDetection, FlowLogField, FlowLogFieldType, FlowLogsToCloudWatch,
  FlowLogTarget,
} from '../../lib';
import { ENI, newStack, synth, vpcIn } from '../util';

describe('scale', () => {
  test.each([1, 10, 60])('N=%d subnet targets add N flow logs and a fixed number of other resources', (n) => {
    const stack = newStack();
    const subnets = Array.from({ length: n }, (_, i) =>
      ec2.Subnet.fromSubnetId(stack, `Subnet${i}`, `subnet-${i.toString(16).padStart(8, '0')}`));
    const template = synth({ targets: subnets.map(s => FlowLogTarget.fromSubnet(s)), detections: [FlowLogDetection.rejectedSsh()] }, stack);
    const resources = Object.values(template.toJSON().Resources) as any[];
    expect(resources.filter(r => r.Type === 'AWS::EC2::FlowLog')).toHaveLength(n);
    // role, policy, log group, metric filter, alarm, the detection's history query
    expect(resources.filter(r => r.Type !== 'AWS::EC2::FlowLog')).toHaveLength(6);
  });
});

describe('more targets than one stack holds', () => {
  function subnetTargets(stack: Stack, n: number, offset = 0): FlowLogTarget[] {
    return Array.from({ length: n }, (_, i) => FlowLogTarget.fromSubnet(
      ec2.Subnet.fromSubnetId(stack, `Subnet${i + offset}`, `subnet-${(i + offset).toString(16).padStart(8, '0')}`)));
  }

  test('over 500 resources in one stack: a synth error naming the count, the limit and the remedy', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: subnetTargets(stack, 498) });
    expect(() => Template.fromStack(stack))
      .toThrow(/stack TestStack would have 501 resources, 498 of them flow logs of this construct; CloudFormation allows 500 per stack\. Set `flowLogNestedStacks` \(e\.g\. 2\)/);
  });

  test('over 500 resources, none of them this construct\'s flow logs: the message says so', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: subnetTargets(stack, 10), flowLogNestedStacks: 1 });
    for (let i = 0; i < 497; i++) new ec2.CfnEIP(stack, `Eip${i}`);
    expect(() => Template.fromStack(stack)).toThrow(/would have 501 resources, none of them flow logs of this construct.*Move other resources/);
  });

  test('exactly 500 resources is fine', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: subnetTargets(stack, 497) });
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources)).toHaveLength(500);
  });

  describe('flowLogNestedStacks: 2,000 targets', () => {
    const app = new App();
    const stack = new Stack(app, 'Fleet', { env: { account: '123456789012', region: 'eu-west-1' } });
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: subnetTargets(stack, 2000),
      detections: [FlowLogDetection.rejectedSsh()],
      flowLogNestedStacks: 5,
    });
    const assembly = app.synth();
    const parent = assembly.getStackByName('Fleet').template;
    const nestedFiles = fs.readdirSync(assembly.directory).filter(f => f.endsWith('.nested.template.json'));
    const nested = nestedFiles.map(f => JSON.parse(fs.readFileSync(path.join(assembly.directory, f), 'utf-8')));

    test('the role, log group, policy, filter and alarm stay in the parent, with 5 nested stacks', () => {
      const types = Object.values(parent.Resources).map((r: any) => r.Type).sort();
      expect(types).toEqual([
        'AWS::CloudFormation::Stack', 'AWS::CloudFormation::Stack', 'AWS::CloudFormation::Stack', 'AWS::CloudFormation::Stack',
        'AWS::CloudFormation::Stack', 'AWS::CloudWatch::Alarm', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role',
        'AWS::Logs::LogGroup', 'AWS::Logs::MetricFilter', 'AWS::Logs::QueryDefinition',
      ]);
      expect(c.flowLogs).toHaveLength(2000);
    });

    test('every flow log is in a nested stack of at most 500 resources and 1 MB, delivering through the parent\'s role and group', () => {
      expect(nested).toHaveLength(5);
      let total = 0;
      for (const t of nested) {
        const resources = Object.values(t.Resources) as any[];
        expect(resources.length).toBeLessThanOrEqual(500);
        expect(resources.every(r => r.Type === 'AWS::EC2::FlowLog')).toBe(true);
        expect(JSON.stringify(t).length).toBeLessThan(1_000_000);
        total += resources.length;
        const refs = new Set(resources.map(r => JSON.stringify([r.Properties.LogGroupName, r.Properties.DeliverLogsPermissionArn])));
        expect(refs.size).toBe(1);
      }
      expect(total).toBe(2000);
    });

    test('the nested stacks wait for the delivery policy', () => {
      const [policyId] = Object.entries(parent.Resources).find(([, r]: any) => r.Type === 'AWS::IAM::ManagedPolicy')!;
      for (const r of Object.values(parent.Resources) as any[]) {
        if (r.Type === 'AWS::CloudFormation::Stack') expect(r.DependsOn).toContain(policyId);
      }
    });
  });

  test('adding targets never moves an existing flow log to another nested stack', () => {
    const placement = (n: number) => {
      const stack = newStack();
      const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: subnetTargets(stack, n), flowLogNestedStacks: 3 });
      return new Map(c.flowLogs.map(f => [f.node.id, `${Stack.of(f).node.id}/${Stack.of(f).resolve(f.logicalId)}`]));
    };
    const before = placement(50);
    const after = placement(80);
    for (const [id, where] of before) expect(after.get(id)).toBe(where);
  });

  test('placement is pinned: the nested stack is djb2(`<resource type>:<key>`) mod n, the same on every machine and run', () => {
    // Expected values computed independently (Python: h = 5381; h = (h * 33 + ord(c)) % 2**32 for each character).
    const stack = newStack();
    const vpc = vpcIn(stack);
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [
        FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d4e5f67890'), // 178837813: mod 3 = 1, mod 5 = 3
        ...subnetTargets(stack, 3), // 2629376790..92: mod 5 = 0, 1, 2
        FlowLogTarget.fromNetworkInterfaceId(ENI), // 2626724599: mod 5 = 4
        FlowLogTarget.fromVpc(vpc), // 3380765718: mod 5 = 3
      ],
      flowLogNestedStacks: 5,
    });
    const where = new Map(c.flowLogs.map(f => [f.node.id, Stack.of(f).node.id]));
    expect(Object.fromEntries(where)).toEqual({
      'NetworkInterface-eni-0a1b2c3d4e5f67890': 'NestedFlowLogs3',
      'Subnet-Subnet0': 'NestedFlowLogs0',
      'Subnet-Subnet1': 'NestedFlowLogs1',
      'Subnet-Subnet2': 'NestedFlowLogs2',
      'NetworkInterface-eni-1a2b3c4d': 'NestedFlowLogs4',
      'VPC-Vpc': 'NestedFlowLogs3',
    });
  });

  test('reordering targets, or adding one in front, keeps every flow log in its nested stack', () => {
    const placement = (order: (targets: FlowLogTarget[]) => FlowLogTarget[]) => {
      const stack = newStack();
      const targets = order(subnetTargets(stack, 40));
      const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets, flowLogNestedStacks: 4 });
      return new Map(c.flowLogs.map(f => [f.node.id, `${Stack.of(f).node.id}/${Stack.of(f).resolve(f.logicalId)}`]));
    };
    const original = placement(t => t);
    const reversed = placement(t => [...t].reverse());
    const withFront = placement(t => [FlowLogTarget.fromNetworkInterfaceId(ENI), ...t]);
    expect(new Set(original.values()).size).toBe(40);
    for (const [id, where] of original) {
      expect(reversed.get(id)).toBe(where);
      expect(withFront.get(id)).toBe(where);
    }
  });

  describe('the template-size limit (1 MB)', () => {
    // 40 long custom fields: each flow log's LogFormat is about 2.3 kB.
    const longFormat = [FlowLogField.SRC_ADDR, ...Array.from({ length: 40 },
      (_, i) => FlowLogField.custom(`future-field-with-a-rather-long-name-number-${i}`, FlowLogFieldType.TEXT))];

    test('480 such flow logs in one stack: a synth error before CloudFormation refuses the template', () => {
      const stack = newStack();
      new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: subnetTargets(stack, 480), logFormat: longFormat });
      expect(() => Template.fromStack(stack))
        .toThrow(/would make the template of stack TestStack about 1\d{3} kB; CloudFormation accepts templates of up to 1000 kB\. Set `flowLogNestedStacks`/);
    });

    test('spread over nested stacks, they fit', () => {
      const app = new App();
      const stack = new Stack(app, 'Big');
      new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: subnetTargets(stack, 480), logFormat: longFormat, flowLogNestedStacks: 3 });
      const assembly = app.synth();
      const sizes = fs.readdirSync(assembly.directory).filter(f => f.endsWith('.nested.template.json'))
        .map(f => fs.readFileSync(path.join(assembly.directory, f), 'utf-8').length);
      expect(sizes).toHaveLength(3);
      for (const size of sizes) expect(size).toBeLessThan(1_000_000);
    });

    test('just under the limit is not refused (no false alarm)', () => {
      const app = new App();
      const stack = new Stack(app, 'Fits');
      new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: subnetTargets(stack, 380), logFormat: longFormat });
      const size = JSON.stringify(app.synth().getStackByName('Fits').template, undefined, 1).length;
      expect(size).toBeGreaterThan(850_000);
      expect(size).toBeLessThan(1_000_000);
    });
  });

  test('a nested stack over 500 resources: raise flowLogNestedStacks', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: subnetTargets(stack, 501), flowLogNestedStacks: 1 });
    expect(() => Template.fromStack(stack)).toThrow(/nested stack NestedFlowLogs0 would have 501 flow logs; CloudFormation allows 500 resources per stack\. Raise `flowLogNestedStacks` \(now 1\)/);
  });

  test.each([0, 101, 2.5])('invalid flowLogNestedStacks %p', (flowLogNestedStacks) => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], flowLogNestedStacks }))
      .toThrow(/`flowLogNestedStacks` must be a whole number from 1 to 100/);
  });
});
