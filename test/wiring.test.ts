/**
 * Runtime wiring: once deployed, may each AWS service make the calls the design relies on?
 *
 * Each configuration is synthesized, its intrinsics resolved to concrete names and ARNs
 * (test/wiring/deployed.ts), and every call below is evaluated by an IAM policy evaluation
 * engine (test/wiring/evaluate.ts), never by matching strings. Every `Allowed` case has a
 * `Denied` twin that differs in one thing, so the suite can fail:
 *
 * - trust: vpc-flow-logs.amazonaws.com sts:AssumeRole on the flow log's role, for a flow log of
 *   this account; another account's flow log, or another service: denied;
 * - delivery: the role's session logs:CreateLogStream / PutLogEvents on `<group>:log-stream:<eni>-all`,
 *   DescribeLogStreams on the group, DescribeLogGroups; the same on another group: denied;
 *   CreateLogGroup only for a referenced group, and only that group;
 * - publish: cloudwatch.amazonaws.com sns:Publish on the alarm's topic for an alarm of this
 *   account over TLS; without TLS, or another account's alarm: denied;
 * - keys: logs.<region>.amazonaws.com kms:Encrypt / Decrypt / GenerateDataKey with the group's
 *   encryption context (another group's: denied); cloudwatch.amazonaws.com on the topic's key
 *   (another service: denied);
 * - pass role: an operator given grantPassRole() iam:PassRole to vpc-flow-logs.amazonaws.com
 *   (to another service: denied).
 *
 * The last block removes, one at a time, each statement and condition the design relies on and
 * checks that some case then gets another decision: the suite cannot pass without them.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { buildApp } from '../examples/app';
import { FlowLogDetection, FlowLogsEncryption, FlowLogsToCloudWatch, FlowLogTarget } from '../lib';
import { deploy, DeployedResource, DeployedStack, Env } from './wiring/deployed';
import { Decision, evaluate, Request } from './wiring/evaluate';

const ENV: Env = { account: '123456789012', region: 'eu-west-1' };
const OTHER_ACCOUNT = '210987654321';
const FLOW_LOGS = 'vpc-flow-logs.amazonaws.com';
const CLOUDWATCH = 'cloudwatch.amazonaws.com';

type Kind = 'trust' | 'delivery' | 'create-group' | 'publish' | 'topic-key' | 'group-key' | 'grant' | 'pass-role';

interface Case {
  readonly kind: Kind;
  readonly name: string;
  readonly request: Request;
  readonly expected: Decision;
}

interface Config {
  readonly name: string;
  readonly build: () => App;
  /** The kinds of case the configuration must yield (so a configuration cannot silently yield none). */
  readonly kinds: Kind[];
  /** The role's trust has the confused-deputy conditions (a supplied role may not). */
  readonly trustConditions?: boolean;
  /** Log groups the flow logs' role may create (referenced groups). */
  readonly creatableGroups?: string[];
}

/** An app that records where its nested stacks' templates are, as the cdk CLI has it do. */
function newApp(): App {
  return new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
}

function newStack(app: App, id = 'Wiring'): Stack {
  return new Stack(app, id, { env: ENV });
}

function vpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

/** An operator role given grantPassRole() on the construct's role. */
function operator(stack: Stack, flowLogs: FlowLogsToCloudWatch) {
  flowLogs.grantPassRole(new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() }));
}

const CONFIGS: Config[] = [
  {
    name: 'default (the example app)',
    build: () => {
      const { app, stack } = buildApp(newApp());
      operator(stack, stack.flowLogs);
      return app;
    },
    kinds: ['trust', 'delivery', 'create-group', 'publish', 'pass-role'],
  },
  {
    name: 'hardened (log group key and alarm topic key)',
    build: () => {
      const app = newApp();
      const stack = newStack(app);
      const flowLogs = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
        targets: [FlowLogTarget.fromVpc(vpc(stack))],
        encryptionKey: new kms.Key(stack, 'LogGroupKey', { enableKeyRotation: true }),
        alarmTopicKey: new kms.Key(stack, 'AlarmTopicKey', { enableKeyRotation: true }),
        alarmEmails: ['secops@example.com'],
        detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp()],
      });
      operator(stack, flowLogs);
      return app;
    },
    kinds: ['trust', 'delivery', 'create-group', 'publish', 'topic-key', 'group-key', 'pass-role'],
  },
  {
    name: 'encryption switch (one key for the log group and the alarm topic)',
    build: () => {
      const app = newApp();
      const stack = newStack(app);
      new FlowLogsToCloudWatch(stack, 'FlowLogs', {
        targets: [FlowLogTarget.fromVpc(vpc(stack))],
        encryption: FlowLogsEncryption.KMS,
        alarmEmails: ['secops@example.com'],
        detections: [FlowLogDetection.rejectedSsh()],
      });
      return app;
    },
    kinds: ['trust', 'delivery', 'create-group', 'publish', 'topic-key', 'group-key', 'grant'],
  },
  {
    name: 'referenced log group',
    build: () => {
      const app = newApp();
      const stack = newStack(app);
      new FlowLogsToCloudWatch(stack, 'FlowLogs', {
        targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')],
        logGroup: logs.LogGroup.fromLogGroupName(stack, 'Existing', 'existing-flow-logs'),
        detections: [FlowLogDetection.rejectedSsh()],
        alarmEmails: ['secops@example.com'],
      });
      return app;
    },
    kinds: ['trust', 'delivery', 'create-group', 'publish'],
    creatableGroups: ['existing-flow-logs'],
  },
  {
    name: 'supplied role',
    build: () => {
      const app = newApp();
      const stack = newStack(app);
      const role = new iam.Role(stack, 'MyFlowLogsRole', { assumedBy: new iam.ServicePrincipal(FLOW_LOGS) });
      const flowLogs = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')], role });
      operator(stack, flowLogs);
      return app;
    },
    kinds: ['trust', 'delivery', 'create-group', 'pass-role'],
    trustConditions: false,
  },
  {
    name: 'two constructs sharing a role and a log group',
    build: () => {
      const app = newApp();
      const stack = newStack(app);
      const rejected = new FlowLogsToCloudWatch(stack, 'Rejected', {
        targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')],
        trafficType: ec2.FlowLogTrafficType.REJECT,
        detections: [FlowLogDetection.rejectedSsh()],
        alarmEmails: ['secops@example.com'],
      });
      new FlowLogsToCloudWatch(stack, 'Accepted', {
        targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')],
        trafficType: ec2.FlowLogTrafficType.ACCEPT,
        logGroup: rejected.logGroup,
        role: rejected.role,
      });
      return app;
    },
    kinds: ['trust', 'delivery', 'create-group', 'publish'],
  },
  {
    name: 'transit gateway',
    build: () => {
      const app = newApp();
      const stack = newStack(app);
      new FlowLogsToCloudWatch(stack, 'FlowLogs', {
        targets: [
          FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890'),
          FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0a1b2c3d4e5f67890'),
        ],
      });
      return app;
    },
    kinds: ['trust', 'delivery', 'create-group'],
  },
  {
    name: 'flow logs in nested stacks',
    build: () => {
      const app = newApp();
      const stack = newStack(app);
      const flowLogs = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
        targets: ['eni-0a1b2c3d', 'eni-0a1b2c3e', 'eni-0a1b2c3f', 'eni-0a1b2c40'].map(id => FlowLogTarget.fromNetworkInterfaceId(id)),
        flowLogNestedStacks: 2,
        detections: [FlowLogDetection.rejectedSsh()],
        alarmEmails: ['secops@example.com'],
      });
      operator(stack, flowLogs);
      return app;
    },
    kinds: ['trust', 'delivery', 'create-group', 'publish', 'pass-role'],
  },
];

// ---- from a deployed app to the calls it relies on ----

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Every resource of every stack (nested included). */
function everything(stacks: DeployedStack[]): DeployedResource[] {
  return stacks.flatMap(s => s.all).flatMap(s => s.resources());
}

/** The role whose ARN is `arn`, and the policies attached to it. */
interface RoleOfApp {
  readonly name: string;
  readonly trust: unknown;
  readonly policies: Array<{ name: string; policy: unknown }>;
}

function roleByArn(all: DeployedResource[], arn: string): RoleOfApp | undefined {
  const role = all.find(r => r.type === 'AWS::IAM::Role' && r.stack.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] }) === arn);
  if (!role) return undefined;
  const name = role.stack.resolve({ Ref: role.logicalId });
  const policies: Array<{ name: string; policy: unknown }> = [];
  for (const inline of list(role.stack.prop(role, 'Policies'))) policies.push({ name: inline.PolicyName, policy: inline.PolicyDocument });
  const managedArns = list<string>(role.stack.prop(role, 'ManagedPolicyArns'));
  for (const r of all) {
    if (r.type !== 'AWS::IAM::ManagedPolicy' && r.type !== 'AWS::IAM::Policy') continue;
    const attached = list<string>(r.stack.prop(r, 'Roles')).includes(name)
      || (r.type === 'AWS::IAM::ManagedPolicy' && managedArns.includes(r.stack.resolve({ Ref: r.logicalId })));
    if (attached) policies.push({ name: r.logicalId, policy: r.stack.prop(r, 'PolicyDocument') });
  }
  return { name, trust: role.stack.prop(role, 'AssumeRolePolicyDocument'), policies };
}

function keyPolicy(all: DeployedResource[], keyRef: string): { arn: string; policy: unknown } {
  const key = all.find(r => r.type === 'AWS::KMS::Key' && [r.stack.resolve({ Ref: r.logicalId }), r.stack.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] })].includes(keyRef));
  if (!key) throw new Error(`no key ${keyRef} in the app`);
  return { arn: key.stack.resolve({ 'Fn::GetAtt': [key.logicalId, 'Arn'] }), policy: key.stack.prop(key, 'KeyPolicy') };
}

function casesOf(config: Config, stacks: DeployedStack[]): Case[] {
  const all = everything(stacks);
  const { account, region } = ENV;
  const cases: Case[] = [];
  const add = (kind: Kind, name: string, request: Request, expected: Decision) => cases.push({ kind, name, request, expected });
  const seen = new Set<string>();

  for (const flowLog of all.filter(r => r.type === 'AWS::EC2::FlowLog')) {
    const s = flowLog.stack;
    const roleArn: string = s.prop(flowLog, 'DeliverLogsPermissionArn');
    const group: string = s.prop(flowLog, 'LogGroupName');
    const flowLogArn = `arn:aws:ec2:${region}:${account}:vpc-flow-log/${s.resolve({ Ref: flowLog.logicalId })}`;
    const role = roleByArn(all, roleArn);
    if (!role) throw new Error(`${config.name}: flow log ${flowLog.logicalId}'s role ${roleArn} is not in the app`);
    const where = `${flowLog.logicalId} (${s.name})`;

    // trust
    const trust = { principal: FLOW_LOGS, action: 'sts:AssumeRole', resource: roleArn, resourceAccount: account, resourcePolicy: role.trust };
    const own = { 'aws:SourceAccount': account, 'aws:SourceArn': flowLogArn };
    add('trust', `${where}: the flow logs service assumes the role for this account's flow log`, { ...trust, context: own }, 'Allowed');
    add('trust', `${where}: another service cannot assume the role`, { ...trust, principal: 'delivery.logs.amazonaws.com', context: own }, 'ImplicitlyDenied');
    if (config.trustConditions !== false) {
      add('trust', `${where}: not for another account's flow log (confused deputy)`, {
        ...trust, context: { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': flowLogArn.replace(account, OTHER_ACCOUNT) },
      }, 'ImplicitlyDenied');
      add('trust', `${where}: not for a flow log of this account in another region`, {
        ...trust, context: { 'aws:SourceAccount': account, 'aws:SourceArn': flowLogArn.replace(region, 'us-east-1') },
      }, 'ImplicitlyDenied');
    }

    // delivery, once per role and group
    if (seen.has(`${roleArn} ${group}`)) continue;
    seen.add(`${roleArn} ${group}`);
    const session = { principal: `arn:aws:sts::${account}:assumed-role/${role.name}/flow-logs`, resourceAccount: account, identityPolicies: role.policies };
    const groupArn = (g: string) => `arn:aws:logs:${region}:${account}:log-group:${g}`;
    const stream = (g: string) => `${groupArn(g)}:log-stream:eni-1a2b3c4d-all`;
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      add('delivery', `${role.name}: ${action} on a stream of ${group}`, { ...session, action, resource: stream(group) }, 'Allowed');
      add('delivery', `${role.name}: ${action} on a stream of another group`, { ...session, action, resource: stream('another-group') }, 'ImplicitlyDenied');
    }
    add('delivery', `${role.name}: logs:DescribeLogStreams on ${group}`, { ...session, action: 'logs:DescribeLogStreams', resource: groupArn(group) }, 'Allowed');
    add('delivery', `${role.name}: logs:DescribeLogStreams on another group`, { ...session, action: 'logs:DescribeLogStreams', resource: groupArn('another-group') }, 'ImplicitlyDenied');
    add('delivery', `${role.name}: logs:DescribeLogGroups (no resource-level permission)`, { ...session, action: 'logs:DescribeLogGroups', resource: '*' }, 'Allowed');
    add('delivery', `${role.name}: logs:DeleteLogGroup on ${group} (least privilege)`, { ...session, action: 'logs:DeleteLogGroup', resource: groupArn(group) }, 'ImplicitlyDenied');
    const creatable = (config.creatableGroups ?? []).includes(group);
    add('create-group', `${role.name}: logs:CreateLogGroup on ${group} (${creatable ? 'referenced: the service creates it if missing' : 'created by the stack'})`,
      { ...session, action: 'logs:CreateLogGroup', resource: groupArn(group) }, creatable ? 'Allowed' : 'ImplicitlyDenied');
    add('create-group', `${role.name}: logs:CreateLogGroup on another group`, { ...session, action: 'logs:CreateLogGroup', resource: groupArn('another-group') }, 'ImplicitlyDenied');

    // the group's key
    const groupResource = all.find(r => r.type === 'AWS::Logs::LogGroup' && r.stack.resolve({ Ref: r.logicalId }) === group);
    const keyRef = groupResource && groupResource.stack.prop(groupResource, 'KmsKeyId');
    if (keyRef) {
      const key = keyPolicy(all, keyRef);
      const logsService = `logs.${region}.amazonaws.com`;
      for (const action of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']) {
        const request = { principal: logsService, action, resource: key.arn, resourceAccount: account, resourcePolicy: key.policy };
        add('group-key', `${logsService} ${action} for ${group}`, { ...request, context: { 'kms:EncryptionContext:aws:logs:arn': groupArn(group) } }, 'Allowed');
        add('group-key', `${logsService} ${action} for another group`, { ...request, context: { 'kms:EncryptionContext:aws:logs:arn': groupArn('another-group') } }, 'ImplicitlyDenied');
      }
    }
  }

  // publish: each alarm to each topic it notifies
  for (const alarm of all.filter(r => r.type === 'AWS::CloudWatch::Alarm')) {
    const s = alarm.stack;
    const alarmArn = s.resolve({ 'Fn::GetAtt': [alarm.logicalId, 'Arn'] });
    for (const topicArn of list<string>(s.prop(alarm, 'AlarmActions')).filter(a => a.startsWith('arn:aws:sns:'))) {
      const topic = all.find(r => r.type === 'AWS::SNS::Topic' && r.stack.resolve({ Ref: r.logicalId }) === topicArn);
      if (!topic) throw new Error(`${config.name}: alarm ${alarm.logicalId} notifies ${topicArn}, which is not in the app`);
      const policies = all.filter(r => r.type === 'AWS::SNS::TopicPolicy' && list(r.stack.prop(r, 'Topics')).includes(topicArn));
      if (policies.length !== 1) throw new Error(`${config.name}: topic ${topicArn} has ${policies.length} topic policies; expected one`);
      const publish = { principal: CLOUDWATCH, action: 'sns:Publish', resource: topicArn, resourceAccount: account, resourcePolicy: policies[0].stack.prop(policies[0], 'PolicyDocument') };
      const ctx = { 'aws:SourceAccount': account, 'aws:SourceArn': alarmArn, 'aws:SecureTransport': 'true' };
      add('publish', `${alarm.logicalId} publishes to its topic`, { ...publish, context: ctx }, 'Allowed');
      add('publish', `${alarm.logicalId}: not without TLS`, { ...publish, context: { ...ctx, 'aws:SecureTransport': 'false' } }, 'ExplicitlyDenied');
      add('publish', `${alarm.logicalId}: an alarm of another account cannot publish`, {
        ...publish, context: { ...ctx, 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': alarmArn.replace(account, OTHER_ACCOUNT) },
      }, 'ImplicitlyDenied');
      const topicKey = topic.stack.prop(topic, 'KmsMasterKeyId');
      if (topicKey) {
        const key = keyPolicy(all, topicKey);
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          const request = { principal: CLOUDWATCH, action, resource: key.arn, resourceAccount: account, resourcePolicy: key.policy };
          add('topic-key', `${CLOUDWATCH} ${action} on the topic's key`, request, 'Allowed');
          add('topic-key', `another service ${action} on the topic's key`, { ...request, principal: 'events.amazonaws.com' }, 'ImplicitlyDenied');
        }
      }
    }
  }

  // grants: on the keys of a configuration that guards them (CT.KMS.PR.3), an administrator of the account may create a
  // grant for an AWS resource (as AWS services do on a user's behalf), not for anything else
  for (const key of config.kinds.includes('grant') ? all.filter(r => r.type === 'AWS::KMS::Key') : []) {
    const policy = key.stack.prop(key, 'KeyPolicy');
    const request = {
      principal: `arn:aws:sts::${account}:assumed-role/Admin/admin`,
      action: 'kms:CreateGrant',
      resource: key.stack.resolve({ 'Fn::GetAtt': [key.logicalId, 'Arn'] }),
      resourceAccount: account,
      resourcePolicy: policy,
      identityPolicies: [{ name: 'Admin', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } }],
    };
    add('grant', `${key.logicalId}: an administrator creates a grant for an AWS resource`, { ...request, context: { 'kms:GrantIsForAWSResource': 'true' } }, 'Allowed');
    add('grant', `${key.logicalId}: an administrator cannot create a grant for anything else`, { ...request, context: { 'kms:GrantIsForAWSResource': 'false' } }, 'ExplicitlyDenied');
  }

  // pass role: roles named Operator
  for (const op of all.filter(r => r.type === 'AWS::IAM::Role' && r.logicalId.startsWith('Operator'))) {
    const operatorRole = roleByArn(all, op.stack.resolve({ 'Fn::GetAtt': [op.logicalId, 'Arn'] }))!;
    for (const flowLogsRoleArn of new Set(all.filter(r => r.type === 'AWS::EC2::FlowLog').map(r => r.stack.prop(r, 'DeliverLogsPermissionArn') as string))) {
      const request = {
        principal: `arn:aws:sts::${account}:assumed-role/${operatorRole.name}/operator`,
        action: 'iam:PassRole',
        resource: flowLogsRoleArn,
        resourceAccount: account,
        identityPolicies: operatorRole.policies,
      };
      add('pass-role', `the operator passes the role to ${FLOW_LOGS}`, { ...request, context: { 'iam:PassedToService': FLOW_LOGS } }, 'Allowed');
      add('pass-role', 'the operator cannot pass the role to another service', { ...request, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } }, 'ImplicitlyDenied');
    }
  }
  return cases;
}

// ---- the suite ----

describe.each(CONFIGS.map(c => [c.name, c] as const))('%s', (_name, config) => {
  const stacks = deploy(config.build(), ENV);
  const cases = casesOf(config, stacks);

  test('yields every kind of case it must, each Allowed with a denied twin', () => {
    expect([...new Set(cases.map(c => c.kind))].sort()).toEqual([...config.kinds].sort());
    for (const kind of config.kinds) {
      expect(cases.filter(c => c.kind === kind && c.expected !== 'Allowed').length).toBeGreaterThan(0);
    }
  });

  test.each(cases.map(c => [c.kind, c.name, c] as const))('%s: %s', async (_kind, _caseName, c) => {
    expect(await evaluate(c.request)).toBe(c.expected);
  });
});

describe('the cases depend on each statement the design relies on', () => {
  const config = CONFIGS[1]; // hardened: every kind of case

  /** Cases of the hardened app with `mutate` applied to its (parent) template. */
  function casesWith(mutate: (template: any) => void, of = config): Case[] {
    const app = of.build();
    const stacks = deploy(app, ENV);
    const template = JSON.parse(JSON.stringify(stacks[0].template));
    mutate(template);
    expect(JSON.stringify(template)).not.toEqual(JSON.stringify(stacks[0].template));
    const mutated = new DeployedStack(stacks[0].name, template, ENV, {}, app.outdir);
    return casesOf({ ...of }, [mutated]);
  }
  function resourcesOfType(template: any, type: string): any[] {
    return Object.values<any>(template.Resources).filter(r => r.Type === type);
  }
  function dropStatements(document: any, match: (statement: any) => boolean) {
    document.Statement = document.Statement.filter((st: any) => !match(st));
  }

  const MUTATIONS: Array<[string, (template: any) => void]> = [
    ['the trust conditions (aws:SourceAccount, aws:SourceArn)', t => {
      for (const role of resourcesOfType(t, 'AWS::IAM::Role')) for (const st of role.Properties.AssumeRolePolicyDocument.Statement) delete st.Condition;
    }],
    ['the delivery statement (logs:CreateLogStream, logs:PutLogEvents)', t => {
      for (const p of resourcesOfType(t, 'AWS::IAM::ManagedPolicy')) dropStatements(p.Properties.PolicyDocument, st => list(st.Action).includes('logs:PutLogEvents'));
    }],
    ['the logs:DescribeLogStreams statement', t => {
      for (const p of resourcesOfType(t, 'AWS::IAM::ManagedPolicy')) dropStatements(p.Properties.PolicyDocument, st => list(st.Action).includes('logs:DescribeLogStreams'));
    }],
    ['the logs:DescribeLogGroups statement', t => {
      for (const p of resourcesOfType(t, 'AWS::IAM::ManagedPolicy')) dropStatements(p.Properties.PolicyDocument, st => list(st.Action).includes('logs:DescribeLogGroups'));
    }],
    ['the topic policy\'s Allow for CloudWatch alarms', t => {
      for (const p of resourcesOfType(t, 'AWS::SNS::TopicPolicy')) dropStatements(p.Properties.PolicyDocument, st => st.Effect === 'Allow');
    }],
    ['the topic policy\'s SSL-only Deny', t => {
      for (const p of resourcesOfType(t, 'AWS::SNS::TopicPolicy')) dropStatements(p.Properties.PolicyDocument, st => st.Effect === 'Deny');
    }],
    ['the topic policy\'s aws:SourceAccount / aws:SourceArn conditions', t => {
      for (const p of resourcesOfType(t, 'AWS::SNS::TopicPolicy')) for (const st of p.Properties.PolicyDocument.Statement) if (st.Effect === 'Allow') delete st.Condition;
    }],
    ['the log group key\'s statement for CloudWatch Logs', t => {
      for (const k of resourcesOfType(t, 'AWS::KMS::Key')) dropStatements(k.Properties.KeyPolicy, st => JSON.stringify(st.Principal).includes('logs.'));
    }],
    ['the log group key\'s encryption-context condition', t => {
      for (const k of resourcesOfType(t, 'AWS::KMS::Key')) for (const st of k.Properties.KeyPolicy.Statement) if (JSON.stringify(st.Principal).includes('logs.')) delete st.Condition;
    }],
    ['the topic key\'s statement for CloudWatch', t => {
      for (const k of resourcesOfType(t, 'AWS::KMS::Key')) dropStatements(k.Properties.KeyPolicy, st => JSON.stringify(st.Principal).includes(CLOUDWATCH));
    }],
    ['the operator\'s iam:PassedToService condition', t => {
      for (const p of resourcesOfType(t, 'AWS::IAM::Policy')) for (const st of p.Properties.PolicyDocument.Statement) if (list(st.Action).includes('iam:PassRole')) delete st.Condition;
    }],
  ];

  const SWITCH = CONFIGS.find(c => c.name.startsWith('encryption switch'))!;
  MUTATIONS.push(['the encryption switch key\'s Deny of grants not for AWS resources', t => {
    for (const k of resourcesOfType(t, 'AWS::KMS::Key')) dropStatements(k.Properties.KeyPolicy, st => st.Effect === 'Deny');
  }]);

  test.each(MUTATIONS)('without %s, some case gets another decision', async (what, mutate) => {
    const wrong: string[] = [];
    for (const c of casesWith(mutate, what.includes('encryption switch') ? SWITCH : config)) {
      const decision = await evaluate(c.request);
      if (decision !== c.expected) wrong.push(`${c.name}: ${decision}, expected ${c.expected}`);
    }
    expect(wrong.length).toBeGreaterThan(0);
  });
});
