import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  FlowLogComparison, FlowLogContributorRule, FlowLogDetection, FlowLogField, FlowLogFieldType, FlowLogFilter, FlowLogQuery, FlowLogsToCloudWatch,
  FlowLogTarget,
} from '../lib';
import { ENI, flowLogIds, newStack, synth, vpcIn } from './util';

describe('defaults', () => {
  const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)] });

  test('creates one role, one managed policy, one log group and one flow log, nothing else', () => {
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(4);
  });

  test('the flow log delivers to the log group through the role, ALL traffic, default format', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'NetworkInterface',
      ResourceId: ENI,
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('^FlowLogsLogGroup') },
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FlowLogsRole'), 'Arn'] },
      LogFormat: Match.absent(),
      MaxAggregationInterval: Match.absent(),
    });
  });

  test('the flow log depends on the role policy, which is attached to the role', () => {
    const [flowLog] = Object.values(template.findResources('AWS::EC2::FlowLog'));
    const [policyId, policy] = Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))[0];
    expect(flowLog.DependsOn).toContain(policyId);
    const [roleId] = Object.keys(template.findResources('AWS::IAM::Role'));
    expect(policy.Properties.Roles).toEqual([{ Ref: roleId }]);
  });

  test('no warnings', () => {
    const stack = newStack();
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)] }, stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the role trusts only the flow logs service, with confused-deputy conditions', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:eu-west-1:123456789012:vpc-flow-log/*']] } },
          },
        }],
      },
    });
  });

  test('the policy scopes every action to the log group where IAM allows it', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    const statements = policy.Properties.PolicyDocument.Statement;
    const byAction = (a: string) => statements.filter((s: any) => [].concat(s.Action).includes(a as never));
    const [groupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    const groupArn = (suffix: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:', { Ref: groupId }, ...(suffix ? [suffix] : [])]],
    });
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      expect(byAction(action)).toHaveLength(1);
      expect(byAction(action)[0].Resource).toEqual(groupArn(':log-stream:*'));
    }
    expect(byAction('logs:DescribeLogStreams')[0].Resource).toEqual([groupArn(''), groupArn(':*')]);
    // IAM supports no resource-level permission for DescribeLogGroups.
    expect(byAction('logs:DescribeLogGroups')[0].Resource).toEqual('*');
    // The construct creates the group, so the service need not.
    expect(byAction('logs:CreateLogGroup')).toHaveLength(0);
    const resources = statements.map((s: any) => s.Resource);
    expect(resources.filter((r: any) => r === '*')).toHaveLength(1);
  });

  test('the log group keeps records two years and is retained', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 731, LogGroupName: '/vpc-flow-logs/TestStack-FlowLogs-7AE4A48A', KmsKeyId: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('members expose what was created', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)] });
    expect(c.flowLogs).toHaveLength(1);
    expect(c.logFormat.map(f => f.name)).toEqual(FlowLogField.DEFAULT_FORMAT.map(f => f.name));
    expect(c.role).toBeInstanceOf(iam.Role);
    expect(c.logGroup).toBeInstanceOf(logs.LogGroup);
    expect(c.metricFilters).toEqual([]);
    expect(c.alarms).toEqual([]);
    expect(c.alarmTopic).toBeUndefined();
  });
});

describe('target kinds', () => {
  test('VPC and subnets', () => {
    const stack = newStack();
    const vpc = vpcIn(stack);
    const template = synth({
      targets: [FlowLogTarget.fromVpc(vpc), ...vpc.publicSubnets.map(s => FlowLogTarget.fromSubnet(s))],
    }, stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 1 + vpc.publicSubnets.length);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', ResourceId: { Ref: Match.stringLikeRegexp('^Vpc') } });
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'Subnet', ResourceId: { Ref: Match.stringLikeRegexp('^VpcPublicSubnet1') } });
  });

  test('imported VPC by ID', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0a1b2c3d4e5f67890', availabilityZones: ['eu-west-1a'] });
    synth({ targets: [FlowLogTarget.fromVpc(vpc)] }, stack)
      .hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', ResourceId: 'vpc-0a1b2c3d4e5f67890', TrafficType: 'ALL' });
  });

  test.each([
    ['TransitGateway', FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890'), 'tgw-0a1b2c3d4e5f67890'],
    ['TransitGatewayAttachment', FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0a1b2c3d4e5f67890'), 'tgw-attach-0a1b2c3d4e5f67890'],
  ])('%s: no TrafficType, transit gateway default format', (type, target, id) => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [target] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: type, ResourceId: id, TrafficType: Match.absent(), LogFormat: Match.absent(),
    });
    expect(c.logFormat.map(f => f.name)).toEqual(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT.map(f => f.name));
  });

  test('transit gateway with ONE_MINUTE interval and a custom transit gateway format', () => {
    const template = synth({
      targets: [FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')],
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
      logFormat: [FlowLogField.TGW_ID, FlowLogField.SRC_ADDR, FlowLogField.PACKETS_LOST_BLACKHOLE],
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      MaxAggregationInterval: 60,
      LogFormat: '${tgw-id} ${srcaddr} ${packets-lost-blackhole}',
    });
  });

  test('a VPC and subnets from Vpc.fromLookup: the placeholder IDs of the first pass are accepted', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromLookup(stack, 'Looked', { vpcId: 'vpc-0a1b2c3d4e5f67890' });
    expect(vpc.vpcId).toBe('vpc-12345'); // CDK's placeholder until the context lookup has run
    const template = synth({ targets: [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromSubnet(vpc.privateSubnets[0])] }, stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 2);
  });

  test('a VPC target and one of its subnets: a warning that records would be counted twice', () => {
    const stack = newStack();
    const vpc = vpcIn(stack);
    synth({ targets: [FlowLogTarget.fromSubnet(vpc.publicSubnets[0]), FlowLogTarget.fromVpc(vpc)] }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs',
      Match.stringLikeRegexp('Subnet target "TestStack/Vpc/PublicSubnet1" is in VPC target "TestStack/Vpc".*twice'));
    const other = newStack();
    synth({ targets: [FlowLogTarget.fromVpc(vpcIn(other)), FlowLogTarget.fromSubnet(vpcIn(other, 'Vpc2').publicSubnets[0])] }, other);
    Annotations.fromStack(other).hasNoWarning('*', Match.anyValue());
  });

  test('transit gateway flow logs always send MaxAggregationInterval 60', () => {
    synth({ targets: [FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')] })
      .hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'TransitGateway', MaxAggregationInterval: 60 });
  });

  test('token network interface ID with a key', () => {
    const stack = newStack();
    const eni = new ec2.CfnNetworkInterface(stack, 'Eni', { subnetId: 'subnet-0a1b2c3d4e5f67890' });
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(eni.ref, { key: 'AppEni' })] }, stack)
      .hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: { Ref: 'Eni' } });
    expect(flowLogIds(Template.fromStack(stack))[0]).toMatch(/^FlowLogsNetworkInterfaceAppEni/);
  });
});

describe('props', () => {
  test.each([
    [ec2.FlowLogTrafficType.ACCEPT, 'ACCEPT'],
    [ec2.FlowLogTrafficType.REJECT, 'REJECT'],
  ])('trafficType %s', (trafficType, expected) => {
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], trafficType })
      .hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: expected });
  });

  test('logFormat is rendered only when it differs from the default', () => {
    synth({
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      logFormat: [FlowLogField.SRC_ADDR, FlowLogField.DST_PORT, FlowLogField.ACTION, FlowLogField.FLOW_DIRECTION],
    }).hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: '${srcaddr} ${dstport} ${action} ${flow-direction}' });
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logFormat: [...FlowLogField.DEFAULT_FORMAT] })
      .hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: Match.absent() });
  });

  test('a reordered default format is not the default', () => {
    const reordered = [...FlowLogField.DEFAULT_FORMAT].reverse();
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logFormat: reordered })
      .hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: reordered.map(f => `\${${f.name}}`).join(' ') });
  });

  test('custom fields render by name', () => {
    synth({
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      logFormat: [FlowLogField.SRC_ADDR, FlowLogField.custom('x-example-count', FlowLogFieldType.NUMBER)],
    }).hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: '${srcaddr} ${x-example-count}' });
  });

  test.each([
    [ec2.FlowLogMaxAggregationInterval.ONE_MINUTE, 60],
    [ec2.FlowLogMaxAggregationInterval.TEN_MINUTES, 600],
  ])('maxAggregationInterval %s', (maxAggregationInterval, expected) => {
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], maxAggregationInterval })
      .hasResourceProperties('AWS::EC2::FlowLog', { MaxAggregationInterval: expected });
  });

});

describe('construct IDs are stable', () => {
  function ids(build: (stack: Stack, vpc: ec2.Vpc) => FlowLogTarget[]): string[] {
    const stack = newStack();
    const vpc = vpcIn(stack);
    return flowLogIds(synth({ targets: build(stack, vpc) }, stack));
  }

  test('reordering targets keeps the logical IDs', () => {
    const subnets = (vpc: ec2.Vpc) => vpc.publicSubnets.map(s => FlowLogTarget.fromSubnet(s));
    const a = ids((_, vpc) => [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromNetworkInterfaceId(ENI), ...subnets(vpc)]);
    const b = ids((_, vpc) => [...subnets(vpc).reverse(), FlowLogTarget.fromNetworkInterfaceId(ENI), FlowLogTarget.fromVpc(vpc)]);
    expect(b).toEqual(a);
  });

  test('adding a target keeps the existing logical IDs', () => {
    const before = ids((_, vpc) => [FlowLogTarget.fromVpc(vpc)]);
    const after = ids((_, vpc) => [FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d4e5f67890'), FlowLogTarget.fromVpc(vpc)]);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(2);
  });

  test('addTarget gives the same IDs as targets', () => {
    const viaProps = ids(() => [FlowLogTarget.fromNetworkInterfaceId(ENI)]);
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs');
    c.addTarget(FlowLogTarget.fromNetworkInterfaceId(ENI));
    expect(flowLogIds(Template.fromStack(stack))).toEqual(viaProps);
  });

  test('IDs do not depend on the stack name', () => {
    const idsIn = (stackId: string) => {
      const stack = new Stack(new App(), stackId);
      const vpc = vpcIn(stack);
      return flowLogIds(synth({ targets: [FlowLogTarget.fromVpc(vpc)] }, stack));
    };
    expect(idsIn('Prod')).toEqual(idsIn('Staging'));
  });

  test('a VPC in another stack is keyed by its full path', () => {
    const app = new App();
    const network = new Stack(app, 'Network');
    const vpc = vpcIn(network);
    const stack = new Stack(app, 'Logs');
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] });
    expect(flowLogIds(Template.fromStack(stack))[0]).toMatch(/^FlowLogsVPCNetworkVpc/);
  });
});

describe('errors', () => {
  test('no target at synth time', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs');
    expect(() => Template.fromStack(stack)).toThrow(/no target was given.*addTarget\(\)/);
  });

  test('the same target twice', () => {
    const stack = newStack();
    const vpc = vpcIn(stack);
    expect(() => new FlowLogsToCloudWatch(stack, 'A', { targets: [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromVpc(vpc)] }))
      .toThrow(/target VPC ".*Vpc" was added twice/);
    expect(() => new FlowLogsToCloudWatch(stack, 'B', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI), FlowLogTarget.fromNetworkInterfaceId(ENI)] }))
      .toThrow(/target NetworkInterface "eni-1a2b3c4d" was added twice/);
    const c = new FlowLogsToCloudWatch(stack, 'C', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)] });
    expect(() => c.addTarget(FlowLogTarget.fromNetworkInterfaceId(ENI))).toThrow(/added twice/);
    // the same literal ID under another key
    expect(() => c.addTarget(FlowLogTarget.fromNetworkInterfaceId(ENI, { key: 'Other' }))).toThrow(/added twice/);
    // one VPC under two spellings: its construct and its ID (the same token)
    expect(() => new FlowLogsToCloudWatch(stack, 'D', { targets: [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromVpcId(vpc.vpcId, { key: 'ById' })] }))
      .toThrow(/target VPC "ById" was added twice \(the same resource ID under another spelling, e\.g\. fromVpc\(vpc\) and fromVpcId\(vpc\.vpcId\)\); each target gets exactly one flow log, and EC2 refuses a second identical one/);
    // two different VPCs by token are two targets
    const other = vpcIn(stack, 'Other');
    new FlowLogsToCloudWatch(stack, 'E', { targets: [FlowLogTarget.fromVpcId(vpc.vpcId, { key: 'One' }), FlowLogTarget.fromVpcId(other.vpcId, { key: 'Two' })] });
  });

  test.each([
    ['', '0 characters'],
    ['a'.repeat(513), '513 characters'],
    ['flow logs', 'flow logs'],
    ['flow:logs', 'flow:logs'],
    ['flöw', 'flöw'],
  ])('invalid logGroupName %j', (logGroupName, shown) => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroupName }))
      .toThrow(new RegExp('`logGroupName` must be 1-512 characters.*' + shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  test('two keys that would name the same construct', () => {
    expect(() => synth({
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI, { key: 'a/b' }), FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d', { key: 'a.b' })],
    })).toThrow(/would get the construct ID "NetworkInterface-a.b", which another target of this construct already has/);
  });

  test.each(['has space', 'x'.repeat(256), 'ünï'])('invalid dashboardName %j', (dashboardName) => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], dashboard: true, dashboardName }))
      .toThrow(/`dashboardName` must be 1-255 characters of A-Z, a-z, 0-9, '-' and '_'/);
  });

  test('an empty logFormat', () => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logFormat: [] }))
      .toThrow(/`logFormat` is empty.*Omit `logFormat` for the default format/);
  });

  test('a duplicated logFormat field', () => {
    const logFormat = [FlowLogField.SRC_ADDR, FlowLogField.DST_PORT, FlowLogField.SRC_ADDR];
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logFormat }))
      .toThrow(/`logFormat` lists `srcaddr` more than once/);
  });

  test('a trafficType other than ALL with a transit gateway target', () => {
    expect(() => synth({ targets: [FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')], trafficType: ec2.FlowLogTrafficType.REJECT }))
      .toThrow(/`trafficType` REJECT cannot apply to TransitGateway target.*Remove `trafficType`/);
  });

  test('ALL given explicitly with a transit gateway target is accepted and not rendered', () => {
    synth({ targets: [FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')], trafficType: ec2.FlowLogTrafficType.ALL })
      .hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: Match.absent() });
  });

  test('a 10-minute interval with a transit gateway target', () => {
    expect(() => synth({
      targets: [FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0a1b2c3d4e5f67890')],
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.TEN_MINUTES,
    })).toThrow(/`maxAggregationInterval` TEN_MINUTES \(600 s\) cannot apply to TransitGatewayAttachment target.*ONE_MINUTE/);
  });

  test.each([
    ['network interface first', [FlowLogTarget.fromNetworkInterfaceId(ENI), FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')], /TransitGateway target "tgw-0a1b2c3d4e5f67890" cannot join this construct, which already has VPC \/ subnet \/ network interface targets.*second FlowLogsToCloudWatch/],
    ['transit gateway first', [FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890'), FlowLogTarget.fromNetworkInterfaceId(ENI)], /NetworkInterface target "eni-1a2b3c4d" cannot join this construct, which already has transit gateway targets/],
  ])('transit gateway targets mixed with others (%s)', (_, targets, message) => {
    expect(() => synth({ targets })).toThrow(message);
  });

  test('a logFormat field VPC records do not have', () => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logFormat: [FlowLogField.SRC_ADDR, FlowLogField.TGW_ID] }))
      .toThrow(/`logFormat` has `tgw-id`, which VPC \/ subnet \/ network interface flow log records do not have \(it is a field of transit gateway records\)/);
  });

  test('logFormat fields transit gateway records do not have', () => {
    expect(() => synth({ targets: [FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')], logFormat: [FlowLogField.ACTION, FlowLogField.INTERFACE_ID, FlowLogField.SRC_ADDR] }))
      .toThrow(/`logFormat` has `action`, `interface-id`, which transit gateway flow log records do not have \(they are a field of VPC/);
  });

});

describe('alarm destinations without a detection', () => {
  const WARNING = 'cdk-flow-logs-to-cloudwatch:alarmWithoutDetection';
  function warnings(stack: Stack): string[] {
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('no detection'))
      .map(w => String(w.entry.data));
  }

  test('alarmEmails alone: warned, naming the prop, that the topic is created anyway, and the fix', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      alarmEmails: ['secops@example.com'],
    });
    expect(warnings(stack)).toEqual([
      '`alarmEmails` is set, but there is no detection, so no alarm exists and nothing will ever be notified (the topic and its e-mail subscriptions are created anyway). '
      + 'Add `detections` (e.g. [FlowLogDetection.rejectedSsh()]) or call addDetection(), or remove it. (Python: `alarm_emails`) [ack: ' + WARNING + ']',
    ]);
  });

  test('alarmTopic and alarmActions together: one warning naming both', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      alarmTopic: topic,
      alarmActions: [new cw_actions.SnsAction(topic)],
    });
    expect(warnings(stack)).toEqual([expect.stringMatching(/^`alarmTopic`, `alarmActions` are set, but there is no detection, so no alarm exists and nothing will ever be notified\. Add/)]);
  });

  test('a detection added after construction counts; no destinations, no warning; empty lists are not set', () => {
    const stack = newStack();
    const later = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      alarmEmails: ['secops@example.com'],
    });
    later.addDetection(FlowLogDetection.rejectedSsh());
    new FlowLogsToCloudWatch(stack, 'Plain', { targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d')] });
    new FlowLogsToCloudWatch(stack, 'Empty', { targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3e')], alarmEmails: [], alarmActions: [] });
    expect(warnings(stack)).toEqual([]);
  });
});

describe('templates never carry a placeholder', () => {
  // The format is settled only by the first target, added after the detection, rule or query:
  // checked when that target is added, which is refused (nothing of it is kept). A transit
  // gateway's records have no `action`.
  test.each([
    ['a detection', { detections: [FlowLogDetection.rejectedSsh()] }, /detection "RejectedSsh" reads `action`, which transit gateway flow log records do not have/],
    ['a Contributor Insights rule', { contributorRules: [FlowLogContributorRule.topRejectedSources()] }, /rule "TopRejectedSources" reads `action`, which is not in the record format/],
    ['a query', { queries: [FlowLogQuery.rejectedBySource()] }, /query "RejectedBySource" reads `action`/],
  ])('%s the format cannot hold: the first target that settles it is refused with the reason', (_what, props, reason) => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', props);
    expect(() => c.addTarget(FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890'))).toThrow(reason);
    // Refused whole: no flow log, the format still the VPC default, so the construct fails synth for
    // having no target, and renders nothing for a format its items cannot hold.
    expect(c.flowLogs).toEqual([]);
    expect(c.logFormat).toEqual(FlowLogField.DEFAULT_FORMAT);
    expect(() => Template.fromStack(stack)).toThrow(/no target was given/);
  });

  test('an item added before the first target is rendered for the format that target settles', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      logGroupName: 'tgw',
      detections: [FlowLogDetection.custom({
        name: 'Blackhole', threshold: 1, filter: FlowLogFilter.all().whereNumber(FlowLogField.PACKETS_LOST_BLACKHOLE, FlowLogComparison.GREATER_THAN, 0),
      })],
    });
    c.addTarget(FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890'));
    const [filter] = Object.values(Template.fromStack(stack).findResources('AWS::Logs::MetricFilter')) as any[];
    expect(filter.Properties.FilterPattern.split(' ')).toHaveLength(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT.length);
  });
});

describe('flowLogsCreatedElsewhere', () => {
  test('a construct without targets is valid when flow logs are created elsewhere: role, group and detections, no flow log', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { flowLogsCreatedElsewhere: true, detections: [FlowLogDetection.rejectedSsh()] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('AWS::Logs::MetricFilter', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(c.logFormat).toEqual(FlowLogField.DEFAULT_FORMAT);
  });

  test('without it, the synth error names it as the way out', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { detections: [FlowLogDetection.rejectedSsh()] });
    expect(() => Template.fromStack(stack)).toThrow(/no target was given.*set `flowLogsCreatedElsewhere`/);
  });

  test('must be true or false', () => {
    expect(() => new FlowLogsToCloudWatch(newStack(), 'FlowLogs', { flowLogsCreatedElsewhere: 'yes' as any })).toThrow(/`flowLogsCreatedElsewhere` must be true or false/);
  });
});
