import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  FlowLogsToCloudWatch,
  FlowLogTarget,
} from '../../lib';
import { ENI, newStack, synth } from '../util';

describe('the role and its delivery grant', () => {
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
