/**
 * Runtime wiring of the organization constructs (examples/organization): once deployed, may each
 * AWS service and role make the calls the design relies on, and nothing next to them? The member
 * stack (the StackSet's template, built as FlowLogsStackSet builds it) and the security account's
 * stack are resolved as deployed (test/wiring/deployed.ts) and every call is evaluated by the IAM
 * policy engine (test/wiring/evaluate.ts). Each Allowed case has a Denied twin that differs in one
 * thing; the last block removes each statement or condition the design relies on and checks that a
 * case then gets another decision.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SECURITY } from '../examples/organization/app';
import { FlowLogDetection, FlowLogsAlarmBus, FlowLogsEncryption } from '../lib';
import { buildMemberStack } from '../lib/flow-logs-member-stack';
import { deploy, DeployedResource, DeployedStack } from './wiring/deployed';
import { Decision, evaluate, Request } from './wiring/evaluate';

const MEMBER = { account: '333333333333', region: 'us-east-1' };
const OTHER_ACCOUNT = '444444444444';
const ORGANIZATION = 'o-a1b2c3d4e5';
const BUS_ARN = FlowLogsAlarmBus.arnOf(SECURITY.account, SECURITY.region);

interface Case { readonly name: string; readonly request: Request; readonly expected: Decision }

function memberTemplate(): DeployedStack {
  const app = new App();
  buildMemberStack(app, {
    detections: [FlowLogDetection.rejectedSsh()],
    trafficType: ec2.FlowLogTrafficType.ALL,
    alarmBusArn: BUS_ARN,
    deliveryHealthPeriod: Duration.hours(1),
    encryption: FlowLogsEncryption.KMS,
  });
  return deploy(app, MEMBER)[0];
}

function securityTemplate(): DeployedStack {
  const app = new App();
  new FlowLogsAlarmBus(new Stack(app, 'FlowLogsSecurity', { env: SECURITY }), 'AlarmBus', {
    organizationId: ORGANIZATION, alarmEmails: ['secops@example.com'], encryption: FlowLogsEncryption.KMS,
  });
  return deploy(app, SECURITY)[0];
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A role of the stack by the service that assumes it: its name, ARN, trust and attached policies. */
function roleOf(stack: DeployedStack, service: string) {
  const role = stack.resources('AWS::IAM::Role').find(r => JSON.stringify(stack.prop(r, 'AssumeRolePolicyDocument')).includes(service));
  if (!role) throw new Error(`no role for ${service}`);
  const name = stack.resolve({ Ref: role.logicalId });
  const policies = stack.resources().filter(r => (r.type === 'AWS::IAM::ManagedPolicy' || r.type === 'AWS::IAM::Policy') && list(stack.prop(r, 'Roles')).includes(name))
    .map(r => ({ name: r.logicalId, policy: stack.prop(r, 'PolicyDocument') }));
  return { name, arn: stack.resolve({ 'Fn::GetAtt': [role.logicalId, 'Arn'] }) as string, trust: stack.prop(role, 'AssumeRolePolicyDocument'), policies };
}

function one(stack: DeployedStack, type: string): DeployedResource {
  const found = stack.resources(type);
  if (found.length !== 1) throw new Error(`${found.length} ${type} in ${stack.name}`);
  return found[0];
}

function cases(member: DeployedStack, security: DeployedStack): Case[] {
  const out: Case[] = [];
  const add = (name: string, request: Request, expected: Decision) => out.push({ name, request, expected });
  const { account, region } = MEMBER;
  const session = (role: { name: string; policies: Array<{ name: string; policy: unknown }> }) =>
    ({ principal: `arn:aws:sts::${account}:assumed-role/${role.name}/session`, identityPolicies: role.policies });

  // ---- the member stack ----
  const delivery = roleOf(member, 'vpc-flow-logs.amazonaws.com');
  const group = member.resolve({ Ref: one(member, 'AWS::Logs::LogGroup').logicalId });
  const groupArn = (g: string) => `arn:aws:logs:${region}:${account}:log-group:${g}`;
  const flowLogArn = `arn:aws:ec2:${region}:${account}:vpc-flow-log/fl-0123456789abcdef0`;
  const trust = { principal: 'vpc-flow-logs.amazonaws.com', action: 'sts:AssumeRole', resource: delivery.arn, resourceAccount: account, resourcePolicy: delivery.trust };
  add('delivery role: the flow logs service assumes it for a flow log of this account (one the remediation made)',
    { ...trust, context: { 'aws:SourceAccount': account, 'aws:SourceArn': flowLogArn } }, 'Allowed');
  add('delivery role: not for another account\'s flow log',
    { ...trust, context: { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': flowLogArn.replace(account, OTHER_ACCOUNT) } }, 'ImplicitlyDenied');
  const stream = (g: string) => `${groupArn(g)}:log-stream:eni-1a2b3c4d-all`;
  add('delivery role: PutLogEvents on a stream of the member log group', { ...session(delivery), action: 'logs:PutLogEvents', resource: stream(group), resourceAccount: account }, 'Allowed');
  add('delivery role: not on another group', { ...session(delivery), action: 'logs:PutLogEvents', resource: stream('another-group'), resourceAccount: account }, 'ImplicitlyDenied');

  const remediation = roleOf(member, 'ssm.amazonaws.com');
  const execution = `arn:aws:ssm:${region}:${account}:automation-execution/0123abcd-0000-0000-0000-000000000000`;
  const ssmTrust = { principal: 'ssm.amazonaws.com', action: 'sts:AssumeRole', resource: remediation.arn, resourceAccount: account, resourcePolicy: remediation.trust };
  add('remediation role: Systems Manager Automation of this account assumes it', { ...ssmTrust, context: { 'aws:SourceAccount': account, 'aws:SourceArn': execution } }, 'Allowed');
  add('remediation role: not for another account\'s automation (confused deputy)',
    { ...ssmTrust, context: { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': execution.replace(account, OTHER_ACCOUNT) } }, 'ImplicitlyDenied');
  const vpcArn = `arn:aws:ec2:${region}:${account}:vpc/vpc-0a1b2c3d4e5f67890`;
  add('remediation role: ec2:CreateFlowLogs for a VPC of this account and region', { ...session(remediation), action: 'ec2:CreateFlowLogs', resource: vpcArn, resourceAccount: account }, 'Allowed');
  add('remediation role: ec2:CreateFlowLogs on the flow log it creates', { ...session(remediation), action: 'ec2:CreateFlowLogs', resource: flowLogArn, resourceAccount: account }, 'Allowed');
  add('remediation role: not for a VPC of another region', { ...session(remediation), action: 'ec2:CreateFlowLogs', resource: vpcArn.replace(region, 'eu-west-1'), resourceAccount: account }, 'ImplicitlyDenied');
  add('remediation role: ec2:DescribeFlowLogs', { ...session(remediation), action: 'ec2:DescribeFlowLogs', resource: '*', resourceAccount: account }, 'Allowed');
  add('remediation role: logs:DescribeLogGroups (the runbook checks the destination)', { ...session(remediation), action: 'logs:DescribeLogGroups', resource: '*', resourceAccount: account }, 'Allowed');
  add('remediation role: not logs:DeleteLogGroup on the member log group', { ...session(remediation), action: 'logs:DeleteLogGroup', resource: groupArn(group), resourceAccount: account }, 'ImplicitlyDenied');
  add('remediation role: not ec2:DeleteFlowLogs (least privilege)', { ...session(remediation), action: 'ec2:DeleteFlowLogs', resource: flowLogArn, resourceAccount: account }, 'ImplicitlyDenied');
  const pass = { ...session(remediation), action: 'iam:PassRole', resourceAccount: account };
  add('remediation role: passes the delivery role to the flow logs service', { ...pass, resource: delivery.arn, context: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } }, 'Allowed');
  add('remediation role: cannot pass any other role', { ...pass, resource: `arn:aws:iam::${account}:role/Admin`, context: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } }, 'ImplicitlyDenied');
  add('remediation role: cannot pass the delivery role to another service', { ...pass, resource: delivery.arn, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } }, 'ImplicitlyDenied');

  const forward = roleOf(member, 'events.amazonaws.com');
  const forwardRule = member.resolve({ 'Fn::GetAtt': [one(member, 'AWS::Events::Rule').logicalId, 'Arn'] });
  const eventsTrust = { principal: 'events.amazonaws.com', action: 'sts:AssumeRole', resource: forward.arn, resourceAccount: account, resourcePolicy: forward.trust };
  add('forwarding role: EventBridge assumes it for a rule of this account', { ...eventsTrust, context: { 'aws:SourceAccount': account, 'aws:SourceArn': forwardRule } }, 'Allowed');
  add('forwarding role: not for another account\'s rule',
    { ...eventsTrust, context: { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': forwardRule.replace(account, OTHER_ACCOUNT) } }, 'ImplicitlyDenied');
  add('forwarding role: PutEvents on another bus of the security account',
    { ...session(forward), action: 'events:PutEvents', resource: BUS_ARN.replace('flow-logs-alarms', 'another-bus'), resourceAccount: SECURITY.account }, 'ImplicitlyDenied');

  // ---- the security account: the bus policy, with the forwarding role's own policy (cross-account: both must allow) ----
  const bus = security.resolve({ 'Fn::GetAtt': [one(security, 'AWS::Events::EventBus').logicalId, 'Arn'] });
  expect(bus).toBe(BUS_ARN);
  const busPolicy = security.prop(one(security, 'AWS::Events::EventBusPolicy'), 'Statement');
  const put = { ...session(forward), action: 'events:PutEvents', resource: bus, resourceAccount: SECURITY.account, resourcePolicy: { Version: '2012-10-17', Statement: [busPolicy] } };
  add('alarm bus: a member account of the organization puts the forwarded alarm event', { ...put, context: { 'aws:PrincipalOrgID': ORGANIZATION } }, 'Allowed');
  add('alarm bus: an account outside the organization cannot put events', { ...put, context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } }, 'ImplicitlyDenied');

  const topic = security.resolve({ Ref: one(security, 'AWS::SNS::Topic').logicalId });
  const topicPolicy = security.prop(one(security, 'AWS::SNS::TopicPolicy'), 'PolicyDocument');
  const publish = { principal: 'events.amazonaws.com', action: 'sns:Publish', resource: topic, resourceAccount: SECURITY.account, resourcePolicy: topicPolicy };
  for (const rule of security.resources('AWS::Events::Rule')) {
    const ruleArn = security.resolve({ 'Fn::GetAtt': [rule.logicalId, 'Arn'] });
    add(`alarm topic: ${rule.logicalId} publishes the e-mail`, { ...publish, context: { 'aws:SourceArn': ruleArn, 'aws:SecureTransport': 'true' } }, 'Allowed');
    add(`alarm topic: ${rule.logicalId} not without TLS`, { ...publish, context: { 'aws:SourceArn': ruleArn, 'aws:SecureTransport': 'false' } }, 'ExplicitlyDenied');
  }
  add('alarm topic: another rule cannot publish', {
    ...publish, context: { 'aws:SourceArn': `arn:aws:events:${SECURITY.region}:${OTHER_ACCOUNT}:rule/another`, 'aws:SecureTransport': 'true' },
  }, 'ImplicitlyDenied');
  const key = one(security, 'AWS::KMS::Key');
  const keyRequest = { principal: 'events.amazonaws.com', resource: security.resolve({ 'Fn::GetAtt': [key.logicalId, 'Arn'] }), resourceAccount: SECURITY.account, resourcePolicy: security.prop(key, 'KeyPolicy') };
  add('topic key: EventBridge generates a data key for the encrypted topic', { ...keyRequest, action: 'kms:GenerateDataKey' }, 'Allowed');
  add('topic key: another service cannot', { ...keyRequest, principal: 'cloudwatch.amazonaws.com', action: 'kms:GenerateDataKey' }, 'ImplicitlyDenied');
  return out;
}

describe('organization wiring (member stack and security account)', () => {
  const member = memberTemplate();
  const security = securityTemplate();
  const all = cases(member, security);

  test('every new statement has an Allowed case and a denied twin', () => {
    expect(all.filter(c => c.expected === 'Allowed').length).toBeGreaterThanOrEqual(12);
    expect(all.filter(c => c.expected !== 'Allowed').length).toBeGreaterThanOrEqual(all.filter(c => c.expected === 'Allowed').length);
  });

  test.each(all.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    expect(await evaluate(c.request)).toBe(c.expected);
  });
});

describe('the organization cases depend on each statement and condition the design relies on', () => {
  const decisions = async (member: DeployedStack, security: DeployedStack) =>
    Promise.all(cases(member, security).map(async c => `${c.name}: ${await evaluate(c.request)}`));
  const mutated = (stack: DeployedStack, mutate: (template: any) => void) => {
    const template = JSON.parse(JSON.stringify(stack.template));
    mutate(template);
    expect(JSON.stringify(template)).not.toEqual(JSON.stringify(stack.template));
    return new DeployedStack(stack.name, template, stack.env, {}, '');
  };
  const statements = (template: any, type: string) => Object.values<any>(template.Resources).filter(r => r.Type === type);

  test.each<[string, 'member' | 'security', (template: any) => void]>([
    ['the bus policy\'s aws:PrincipalOrgID condition', 'security', t => { for (const p of statements(t, 'AWS::Events::EventBusPolicy')) delete p.Properties.Statement.Condition; }],
    ['the topic policy\'s aws:SourceArn condition', 'security', t => {
      for (const p of statements(t, 'AWS::SNS::TopicPolicy')) for (const st of p.Properties.PolicyDocument.Statement) if (st.Effect === 'Allow') delete st.Condition;
    }],
    ['the PassRole condition iam:PassedToService', 'member', t => {
      for (const p of statements(t, 'AWS::IAM::ManagedPolicy')) for (const st of p.Properties.PolicyDocument.Statement) if (st.Action === 'iam:PassRole') delete st.Condition;
    }],
    ['the remediation role\'s trust conditions', 'member', t => {
      for (const r of statements(t, 'AWS::IAM::Role')) for (const st of r.Properties.AssumeRolePolicyDocument.Statement) if (st.Principal.Service === 'ssm.amazonaws.com') delete st.Condition;
    }],
    ['the forwarding role\'s PutEvents statement', 'member', t => {
      for (const p of statements(t, 'AWS::IAM::ManagedPolicy')) {
        p.Properties.PolicyDocument.Statement = p.Properties.PolicyDocument.Statement.filter((st: any) => st.Action !== 'events:PutEvents');
      }
    }],
  ])('without %s, some case gets another decision', async (_what, which, mutate) => {
    const member = memberTemplate();
    const security = securityTemplate();
    const before = await decisions(member, security);
    const after = await decisions(which === 'member' ? mutated(member, mutate) : member, which === 'security' ? mutated(security, mutate) : security);
    expect(after).not.toEqual(before);
  });
});
