import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  FlowLogContributorRule, FlowLogDetection, FlowLogField, FlowLogQuery, FlowLogsToCloudWatch, FlowLogsToCloudWatchProps,
  FlowLogTarget,
} from '../lib';

const ENI = 'eni-1a2b3c4d';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
}

function vpcIn(stack: Stack, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(stack, id, { maxAzs: 2, natGateways: 0 });
}

function synth(props: FlowLogsToCloudWatchProps, stack = newStack()): Template {
  new FlowLogsToCloudWatch(stack, 'FlowLogs', props);
  return Template.fromStack(stack);
}

function flowLogIds(template: Template): string[] {
  return Object.keys(template.findResources('AWS::EC2::FlowLog')).sort();
}

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
      logFormat: [FlowLogField.SRC_ADDR, FlowLogField.custom('x-example-count', 'NUMBER' as any)],
    }).hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: '${srcaddr} ${x-example-count}' });
  });

  test.each([
    [ec2.FlowLogMaxAggregationInterval.ONE_MINUTE, 60],
    [ec2.FlowLogMaxAggregationInterval.TEN_MINUTES, 600],
  ])('maxAggregationInterval %s', (maxAggregationInterval, expected) => {
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], maxAggregationInterval })
      .hasResourceProperties('AWS::EC2::FlowLog', { MaxAggregationInterval: expected });
  });

  test('logGroupName, retention and removalPolicy', () => {
    synth({
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      logGroupName: '/vpc/flow-logs#prod_1.x',
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    }).hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/vpc/flow-logs#prod_1.x', RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
    });
  });

  test('INFINITE retention is allowed but warned about', () => {
    const stack = newStack();
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], retention: logs.RetentionDays.INFINITE }, stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('`retention` is INFINITE'));
  });

  test('encryptionKey: the group is encrypted and the key lets CloudWatch Logs use it for this group only', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], encryptionKey: key }, stack);
    const [group] = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(group.Properties.KmsKeyId['Fn::GetAtt'][0]).toMatch(/^Key/);
    const name: string = group.Properties.LogGroupName;
    expect(name).toMatch(/^\/vpc-flow-logs\/TestStack-FlowLogs-/);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Action: Match.arrayWith(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']),
          Condition: {
            ArnEquals: {
              'kms:EncryptionContext:aws:logs:arn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:eu-west-1:123456789012:log-group:${name}`]],
              },
            },
          },
        })]),
      },
    });
  });

  test('adding or removing encryptionKey keeps the group\'s name and logical ID, so the group is never replaced', () => {
    const group = (withKey: boolean) => {
      const stack = newStack();
      synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], encryptionKey: withKey ? new kms.Key(stack, 'Key') : undefined }, stack);
      const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
      return Object.entries(groups).map(([id, r]) => [id, r.Properties.LogGroupName]);
    };
    const without = group(false);
    expect(without).toEqual([['FlowLogsLogGroup9853A85F', expect.stringMatching(/^\/vpc-flow-logs\/TestStack-FlowLogs-[0-9A-F]{8}$/)]]);
    expect(group(true)).toEqual(without);
  });

  test('encryptionKey with an explicit name uses that name in the key policy', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], encryptionKey: key, logGroupName: 'flow-logs' }, stack)
      .hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:flow-logs']] } } },
          })]),
        },
      });
  });

  test('an imported key cannot be changed: a warning says what to add', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], encryptionKey: key }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('logs.eu-west-1.amazonaws.com'));
  });
});

describe('bring your own resources', () => {
  test('a supplied log group: no group created, CreateLogGroup granted on it', () => {
    const stack = newStack();
    const group = logs.LogGroup.fromLogGroupName(stack, 'Existing', 'existing-flow-logs');
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroup: group }, stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties('AWS::EC2::FlowLog', { LogGroupName: 'existing-flow-logs' });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'logs:CreateLogGroup',
          Effect: 'Allow',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:existing-flow-logs']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:existing-flow-logs:*']] },
          ],
        }]),
      },
    });
  });

  test('a supplied role: no role created, delivery granted to it, flow log uses it', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], role });
    const template = Template.fromStack(stack);
    expect(c.role).toBe(role);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', { DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyRole'), 'Arn'] } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MyRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })]) },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a supplied role that does not trust the flow logs service: a warning', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Ec2Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], role }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs',
      Match.stringLikeRegexp('\\(TestStack/Ec2Role\\) has no trust statement allowing vpc-flow-logs.amazonaws.com to sts:AssumeRole'));
  });

  test('the trust warning is decided at synth: a trust statement added after the construct counts', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Ec2Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], role });
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com')], actions: ['sts:AssumeRole'],
    }));
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a Deny naming the flow logs service is not trust: a warning', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Ec2Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      effect: iam.Effect.DENY, principals: [new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com')], actions: ['sts:AssumeRole'],
    }));
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], role }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('has no trust statement allowing'));
  });

  test('trust through a composite principal (several services) counts', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'SharedRole', {
      assumedBy: new iam.CompositePrincipal(new iam.ServicePrincipal('ec2.amazonaws.com'), new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com')),
    });
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], role }, stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an immutable imported role is left untouched, with a warning', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/flow-logs', { mutable: false });
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], role }, stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::EC2::FlowLog', { DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs' });
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs',
      Match.stringLikeRegexp('immutable.*logs:CreateLogStream.*on log group /vpc-flow-logs/TestStack-FlowLogs-7AE4A48A, and trusts'));
  });

  test('two constructs share a log group and a role (rejected and accepted traffic in one combined stream)', () => {
    const stack = newStack();
    const rejected = new FlowLogsToCloudWatch(stack, 'Rejected', {
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    new FlowLogsToCloudWatch(stack, 'Accepted', {
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      trafficType: ec2.FlowLogTrafficType.ACCEPT,
      logGroup: rejected.logGroup,
      role: rejected.role,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::EC2::FlowLog', 2);
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    // The second construct grants nothing more: the first already granted delivery to this group.
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action));
    expect(actions.filter((a: string) => a === 'logs:PutLogEvents')).toHaveLength(1);
    const flowLogs = Object.values(template.findResources('AWS::EC2::FlowLog'));
    expect(new Set(flowLogs.map(f => JSON.stringify(f.Properties.LogGroupName))).size).toBe(1);
    expect(new Set(flowLogs.map(f => JSON.stringify(f.Properties.DeliverLogsPermissionArn))).size).toBe(1);
    expect(flowLogs.map(f => f.Properties.TrafficType).sort()).toEqual(['ACCEPT', 'REJECT']);
    // Both flow logs wait for the one delivery policy.
    const [policyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    for (const f of flowLogs) expect(f.DependsOn).toContain(policyId);
  });
});

describe('grantPassRole', () => {
  test('grants iam:PassRole on this role only, for the flow logs service', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)] });
    const user = new iam.User(stack, 'Operator');
    const grant = c.grantPassRole(user);
    expect(grant.success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Users: [{ Ref: Match.stringLikeRegexp('^Operator') }],
      PolicyDocument: {
        Statement: [{
          Action: 'iam:PassRole',
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FlowLogsRole'), 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } },
        }],
      },
    });
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

describe('scale', () => {
  test.each([1, 10, 60])('N=%d subnet targets add N flow logs and a fixed number of other resources', (n) => {
    const stack = newStack();
    const subnets = Array.from({ length: n }, (_, i) =>
      ec2.Subnet.fromSubnetId(stack, `Subnet${i}`, `subnet-${i.toString(16).padStart(8, '0')}`));
    const template = synth({ targets: subnets.map(s => FlowLogTarget.fromSubnet(s)), detections: [FlowLogDetection.rejectedSsh()] }, stack);
    const resources = Object.values(template.toJSON().Resources) as any[];
    expect(resources.filter(r => r.Type === 'AWS::EC2::FlowLog')).toHaveLength(n);
    // role, policy, log group, metric filter, alarm
    expect(resources.filter(r => r.Type !== 'AWS::EC2::FlowLog')).toHaveLength(5);
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
        'AWS::Logs::LogGroup', 'AWS::Logs::MetricFilter',
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
      (_, i) => FlowLogField.custom(`future-field-with-a-rather-long-name-number-${i}`, 'TEXT' as any))];

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

  test.each([0, 101, 2.5, '3'])('invalid flowLogNestedStacks %p', (flowLogNestedStacks) => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], flowLogNestedStacks: flowLogNestedStacks as any }))
      .toThrow(/`flowLogNestedStacks` must be a whole number from 1 to 100/);
  });
});

describe('dashboard', () => {
  function dashboardBody(props: FlowLogsToCloudWatchProps): { template: Template; widgets: any[]; raw: string } {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], ...props });
    const template = Template.fromStack(stack);
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
    const parts = dashboard.Properties.DashboardBody['Fn::Join'][1];
    const raw = parts.map((p: any) => (typeof p === 'string' ? p : `<${JSON.stringify(p)}>`)).join('');
    const widgets = JSON.parse(parts.map((p: any) => (typeof p === 'string' ? p : 'X')).join('')).widgets;
    return { template, widgets, raw };
  }

  test('a graph per detection with its threshold, the rules\' top contributors, the saved queries', () => {
    const { template, widgets, raw } = dashboardBody({
      dashboard: true,
      dashboardName: 'flow-logs',
      detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp({ threshold: 3 })],
      contributorRules: [FlowLogContributorRule.topRejectedSources()],
      queries: [FlowLogQuery.rejectedBySource()],
    });
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'flow-logs' });
    const graphs = widgets.filter(w => w.properties.annotations);
    expect(graphs).toHaveLength(2);
    expect(graphs[0].properties.metrics).toEqual([['FlowLogs/TestStack/FlowLogs', 'RejectedSsh', { stat: 'Sum', period: 3600 }]]);
    expect(graphs[0].properties.annotations.horizontal[0].value).toBe(10);
    expect(graphs[1].properties.annotations.horizontal[0].value).toBe(3);
    const rules = widgets.filter(w => w.properties.insightRule);
    expect(rules).toHaveLength(1);
    const [ruleId] = Object.keys(template.findResources('AWS::CloudWatch::InsightRule'));
    expect(raw).toContain(`{"Fn::GetAtt":["${ruleId}","RuleName"]}`);
    const logWidgets = widgets.filter(w => w.type === 'log');
    expect(logWidgets).toHaveLength(1);
    expect(logWidgets[0].properties.query).toMatch(/filter action = "REJECT"/);
  });

  test('no dashboard, rules or queries by default', () => {
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()] });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::CloudWatch::InsightRule', 0);
    template.resourceCountIs('AWS::Logs::QueryDefinition', 0);
  });

  test('dashboardName without dashboard', () => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], dashboardName: 'x' }))
      .toThrow(/`dashboardName` \("x"\) is set but `dashboard` is not/);
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
  });

  test.each([
    ['retention', { retention: logs.RetentionDays.ONE_DAY }],
    ['encryptionKey', { encryptionKey: 'KEY' }],
    ['logGroupName', { logGroupName: 'x' }],
    ['removalPolicy', { removalPolicy: RemovalPolicy.DESTROY }],
  ])('%s together with a supplied logGroup', (prop, extra) => {
    const stack = newStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'G', 'g');
    const props: any = { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroup, ...extra };
    if (prop === 'encryptionKey') props.encryptionKey = new kms.Key(stack, 'K');
    expect(() => new FlowLogsToCloudWatch(stack, 'F', props))
      .toThrow(new RegExp(`\`${prop}\` applies only to a log group the construct creates.*Provide \`logGroup\` or`));
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

  test('a logGroupName starting with "aws/"', () => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroupName: 'aws/flow' }))
      .toThrow(/`logGroupName` may not start with "aws\/" \(reserved by AWS\), got "aws\/flow"/);
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

  test('construct paths with non-ASCII IDs give printable ASCII descriptions', () => {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'Flüsse', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', { Description: 'Delivers VPC flow logs to CloudWatch Logs (TestStack/Fl_sse)' });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Description: Match.stringLikeRegexp('\\(TestStack/Fl_sse\\)$') });
  });

  test('a token logGroupName skips the check', () => {
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroupName: Token.asString({ Ref: 'Name' }) })
      .hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: { Ref: 'Name' } });
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

  test('a logFormat entry that is not a FlowLogField', () => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logFormat: ['srcaddr' as any] }))
      .toThrow(/`logFormat\[0\]` must be a FlowLogField.*got "srcaddr"/);
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logFormat: 'srcaddr' as any }))
      .toThrow(/`logFormat` must be an array of FlowLogField/);
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

  test.each([
    ['trafficType', { trafficType: 'SOME' }, /`trafficType` must be an ec2.FlowLogTrafficType.*"SOME"/],
    ['maxAggregationInterval', { maxAggregationInterval: 300 }, /`maxAggregationInterval` must be.*300/],
    ['retention', { retention: 42 }, /`retention` must be a logs.RetentionDays value, got 42/],
    ['targets', { targets: 'eni-1a2b3c4d' }, /`targets` must be an array/],
  ])('wrong %s', (_, extra, message) => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], ...extra } as any)).toThrow(message);
  });

  test('props that are not an object, and targets that are not FlowLogTargets', () => {
    const stack = newStack();
    expect(() => new FlowLogsToCloudWatch(stack, 'A', null as any)).toThrow(/props must be an object/);
    expect(() => new FlowLogsToCloudWatch(stack, 'B', { targets: ['eni-1a2b3c4d' as any] }))
      .toThrow(/a target must be a FlowLogTarget.*got "eni-1a2b3c4d"/);
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
      + 'Add `detections` (e.g. [FlowLogDetection.rejectedSsh()]) or call addDetection(), or remove it. [ack: ' + WARNING + ']',
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

describe('alarm topic policy: CloudWatch alarms may publish', () => {
  const PUBLISH = {
    Effect: 'Allow',
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: 'sns:Publish',
    Condition: {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:123456789012:alarm:*']] } },
    },
  };
  function topicPolicies(template: Template): Array<{ Topics: unknown[]; PolicyDocument: { Statement: any[] } }> {
    return Object.values(template.findResources('AWS::SNS::TopicPolicy')).map(r => r.Properties);
  }

  test('the created topic: allow for this account\'s alarms beside the SSL-only deny, on this topic only', () => {
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmEmails: ['secops@example.com'] });
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    const [policy] = topicPolicies(template);
    expect(policy.Topics).toEqual([{ Ref: topicId }]);
    expect(policy.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      { ...PUBLISH, Resource: { Ref: topicId }, Sid: '1' },
    ]);
  });

  test('a supplied topic with a policy (enforceSSL) gets the statement added to that policy', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic }, stack);
    const template = Template.fromStack(stack);
    const policies = topicPolicies(template);
    expect(policies).toHaveLength(1);
    expect(policies[0].PolicyDocument.Statement).toContainEqual(expect.objectContaining({ ...PUBLISH, Resource: { Ref: 'TopicBFC7AF6E' } }));
  });

  test('a policy the app gives the topic after the construct still gets the statement (decided at synth)', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic });
    topic.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('events.amazonaws.com')], actions: ['sns:Publish'], resources: [topic.topicArn] }));
    const [policy] = topicPolicies(Template.fromStack(stack));
    expect(policy.PolicyDocument.Statement.map(s => s.Principal.Service)).toEqual(['events.amazonaws.com', 'cloudwatch.amazonaws.com']);
  });

  test('a separate sns.TopicPolicy of the app for the topic gets the statement too', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    const separate = new sns.TopicPolicy(stack, 'SeparatePolicy', { topics: [topic] });
    separate.document.addStatements(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['sns:Subscribe'], resources: [topic.topicArn] }));
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic }, stack);
    const [policy] = topicPolicies(Template.fromStack(stack));
    expect(policy.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ ...PUBLISH, Resource: { Ref: 'TopicBFC7AF6E' } }));
  });

  test('a supplied topic without a policy keeps SNS\'s default policy: no topic policy is created', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic, alarmEmails: ['secops@example.com'] }, stack);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::TopicPolicy', 0);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('two constructs sharing a supplied topic add one statement', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    for (const [id, eni] of [['A', 'eni-0a1b2c3d'], ['B', 'eni-0a1b2c3e']]) {
      new FlowLogsToCloudWatch(stack, id, {
        targets: [FlowLogTarget.fromNetworkInterfaceId(eni)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic,
      });
    }
    const [policy] = topicPolicies(Template.fromStack(stack));
    expect(policy.PolicyDocument.Statement.filter(s => s.Effect === 'Allow')).toHaveLength(1);
  });

  test('an imported topic: a warning naming the statement it needs, no policy created', () => {
    const stack = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:123456789012:secops');
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic }, stack);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
    const [warning] = Annotations.fromStack(stack).findWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('is imported'));
    const message = String(warning.entry.data);
    expect(message).toMatch(/^The topic given as `alarmTopic` \(arn:aws:sns:eu-west-1:123456789012:secops\) is imported, so its policy cannot be changed here\./);
    const json = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1));
    expect(json).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: 'arn:aws:sns:eu-west-1:123456789012:secops',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:<partition>:cloudwatch:eu-west-1:123456789012:alarm:*' },
      },
    });
  });
});

describe('templates never carry a placeholder', () => {
  // The format is settled only by the first target, added after the detection, rule or query:
  // checked at synth. A transit gateway's records have no `action`.
  test.each([
    ['a detection', { detections: [FlowLogDetection.rejectedSsh()] }, /(detection "RejectedSsh" reads|the filter has a condition on) `action`, which (transit gateway flow log records do not have|is not in the record format)/],
    ['a Contributor Insights rule', { contributorRules: [FlowLogContributorRule.topRejectedSources()] }, /rule "TopRejectedSources" reads `action`, which is not in the record format/],
    ['a query', { queries: [FlowLogQuery.rejectedBySource()] }, /query "RejectedBySource" reads `action`/],
  ])('%s the format cannot hold: synth with skipValidation fails with the reason, writes no template', (_what, props, reason) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'skipval-')) });
    const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', props);
    c.addTarget(FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890'));
    expect(() => app.synth({ skipValidation: true })).toThrow(reason);
    expect(fs.readdirSync(app.outdir).filter(f => f.endsWith('.template.json'))).toEqual([]);
    // With validation, the same reason is reported as a validation error.
    expect(() => Template.fromStack(stack)).toThrow(reason);
  });
});
