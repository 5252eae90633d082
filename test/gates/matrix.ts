/**
 * The template matrix the compliance gates (scripts/gates.sh: cfn-lint and checkov)
 * scan: the example app, every target kind, custom formats, every detection preset,
 * every traffic type and aggregation interval, bring-your-own log group / role / topic,
 * a customer-managed KMS key, and a "hardened" configuration that must pass every
 * checkov check.
 *
 *   npx ts-node --project test/tsconfig.json test/gates/matrix.ts <outdir> <extra template>...
 *
 * writes `<outdir>/<case>.template.json` for every case (and `<case>--<nested>.nested.template.json`
 * for its nested stacks), and `<outdir>/index.json` (see writeGateInputs), which tells the gates
 * which templates are hardened.
 * Synthesis warnings are printed; a synthesis error fails the run.
 *
 * `CASES` is exported so other tests can reuse the matrix.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Fn, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildApp } from '../../examples/app';
import { buildOrganizationApp } from '../../examples/organization/app';
import {
  FlowLogComparison, FlowLogContributorRule, FlowLogDetection, FlowLogField, FlowLogFieldType, FlowLogFilter, FlowLogQuery,
  FlowLogsEncryption, FlowLogsToCloudWatch, FlowLogsToCloudWatchProps, FlowLogTarget,
} from '../../lib';

/** One synthesized configuration. */
export interface MatrixCase {
  /** The case's name: the template is `<name>.template.json`. Lower-case letters, digits and '-'. */
  readonly name: string;
  /** Whether the configuration is the hardened one, which must pass every checkov check. */
  readonly hardened: boolean;
  /** Builds the case's one stack in `app`. */
  build(app: App): Stack;
}

/** Account and region of every stack but the env-agnostic ones. */
export const ENV = { account: '123456789012', region: 'eu-west-1' };

/**
 * A stack whose availability zones are `Fn::GetAZs` picks even with an explicit env: no
 * context lookup, so no `dummy1a` placeholder AZs (which cfn-lint rightly flags, W3010).
 */
class GateStack extends Stack {
  public get availabilityZones(): string[] {
    return [0, 1].map(i => Fn.select(i, Fn.getAzs()));
  }
}

function stack(app: App, name: string, props: StackProps = { env: ENV }): Stack {
  return new GateStack(app, `Gates-${name}`, props);
}

/** A case whose stack holds one FlowLogsToCloudWatch `FlowLogs` with the given props. */
function flowLogsCase(name: string, props: (s: Stack) => FlowLogsToCloudWatchProps, hardened = false): MatrixCase {
  return {
    name,
    hardened,
    build: app => {
      const s = stack(app, name);
      new FlowLogsToCloudWatch(s, 'FlowLogs', props(s));
      return s;
    },
  };
}

/**
 * A VPC with isolated subnets only: no internet gateway, no NAT, no public IPs, so the
 * fixture itself is as quiet as a VPC can be for the scanners.
 */
function isolatedVpc(scope: Stack): ec2.Vpc {
  return new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
}

/** A role that the flow logs service may assume, as a user would supply it. */
function flowLogsRole(scope: Stack, id = 'SuppliedRole'): iam.Role {
  return new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': scope.account },
    }),
  });
}

const ENI = 'eni-1a2b3c4d';
const TGW = 'tgw-0a1b2c3d4e5f67890';
const TGW_ATTACH = 'tgw-attach-0a1b2c3d4e5f67890';

/**
 * A VPC record format with fields of versions 3 to 8, in an order of its own
 * (not the default's), keeping what the presets read (dstport, protocol, action).
 */
const VPC_V3_TO_V8_FORMAT = [
  FlowLogField.FLOW_DIRECTION, FlowLogField.ACTION, FlowLogField.VPC_ID, FlowLogField.SUBNET_ID,
  FlowLogField.INSTANCE_ID, FlowLogField.DST_PORT, FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR,
  FlowLogField.PROTOCOL, FlowLogField.TCP_FLAGS, FlowLogField.TRAFFIC_TYPE, FlowLogField.PKT_SRC_ADDR,
  FlowLogField.PKT_DST_ADDR, FlowLogField.REGION, FlowLogField.AZ_ID, FlowLogField.SUBLOCATION_TYPE,
  FlowLogField.SUBLOCATION_ID, FlowLogField.PKT_SRC_AWS_SERVICE, FlowLogField.PKT_DST_AWS_SERVICE,
  FlowLogField.TRAFFIC_PATH, FlowLogField.ECS_CLUSTER_NAME, FlowLogField.ECS_SERVICE_NAME, FlowLogField.ECS_TASK_ID,
  FlowLogField.REJECT_REASON, FlowLogField.BYTES, FlowLogField.PACKETS, FlowLogField.START_TIMESTAMP,
  FlowLogField.END_TIMESTAMP, FlowLogField.LOG_STATUS,
  FlowLogField.ENCRYPTION_STATUS, FlowLogField.RESOURCE_ID, FlowLogField.custom('x-example-count', FlowLogFieldType.NUMBER),
];

/** A transit gateway record format of its own: a subset, reordered. */
const TGW_CUSTOM_FORMAT = [
  FlowLogField.TGW_ID, FlowLogField.TGW_ATTACHMENT_ID, FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR,
  FlowLogField.DST_PORT, FlowLogField.PROTOCOL, FlowLogField.PACKETS_LOST_BLACKHOLE,
  FlowLogField.PACKETS_LOST_NO_ROUTE, FlowLogField.BYTES, FlowLogField.START_TIMESTAMP, FlowLogField.END_TIMESTAMP,
];

const blackholeDetection = () => FlowLogDetection.custom({
  name: 'BlackholedPackets',
  filter: FlowLogFilter.all().whereNumber(FlowLogField.PACKETS_LOST_BLACKHOLE, FlowLogComparison.GREATER_THAN, 0),
  threshold: 1,
  valueField: FlowLogField.PACKETS_LOST_BLACKHOLE,
});

export const CASES: MatrixCase[] = [
  // ---- the example app (env-agnostic: it has no env) ----
  { name: 'example', hardened: false, build: app => buildApp(app).stack },

  // ---- each target kind ----
  flowLogsCase('target-vpc', s => ({ targets: [FlowLogTarget.fromVpc(isolatedVpc(s))] })),
  flowLogsCase('target-subnet', s => {
    const vpc = isolatedVpc(s);
    return {
      targets: vpc.isolatedSubnets.map(subnet => FlowLogTarget.fromSubnet(subnet)),
      detections: [FlowLogDetection.rejectedSsh()],
    };
  }),
  flowLogsCase('target-eni', () => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI), FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d4e5f67890')],
    detections: [FlowLogDetection.rejectedSsh()],
  })),
  flowLogsCase('target-eni-token', s => {
    const eni = new ec2.CfnNetworkInterface(s, 'AppServerEni', {
      subnetId: 'subnet-0a1b2c3d4e5f67890',
      description: 'An interface whose ID is a token',
    });
    return {
      targets: [FlowLogTarget.fromNetworkInterfaceId(eni.ref, { key: 'AppServerEni' })],
    };
  }),
  flowLogsCase('target-transit-gateway', () => ({
    targets: [FlowLogTarget.fromTransitGatewayId(TGW)],
    detections: [blackholeDetection()],
  })),
  flowLogsCase('target-transit-gateway-attachment', () => ({
    targets: [FlowLogTarget.fromTransitGatewayAttachmentId(TGW_ATTACH)],
    maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
  })),

  // ---- custom record formats ----
  flowLogsCase('format-vpc-v3-v8', s => ({
    targets: [FlowLogTarget.fromVpc(isolatedVpc(s))],
    logFormat: VPC_V3_TO_V8_FORMAT,
    detections: [
      FlowLogDetection.rejectedSsh(),
      FlowLogDetection.custom({
        name: 'EgressBytes',
        filter: FlowLogFilter.all().whereString(FlowLogField.FLOW_DIRECTION, FlowLogComparison.EQUAL, 'egress'),
        threshold: 10_000_000,
        valueField: FlowLogField.BYTES,
      }),
    ],
  })),
  flowLogsCase('format-transit-gateway', () => ({
    targets: [FlowLogTarget.fromTransitGatewayId(TGW), FlowLogTarget.fromTransitGatewayAttachmentId(TGW_ATTACH)],
    logFormat: TGW_CUSTOM_FORMAT,
    detections: [blackholeDetection()],
  })),

  // ---- every detection preset ----
  flowLogsCase('detections-presets', () => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
    detections: [
      FlowLogDetection.rejectedSsh(),
      FlowLogDetection.rejectedSsh({
        name: 'SshBurst', threshold: 50, period: Duration.minutes(5), evaluationPeriods: 3, datapointsToAlarm: 2,
      }),
      FlowLogDetection.rejectedRdp(),
      FlowLogDetection.rejectedTraffic(),
      FlowLogDetection.custom({
        name: 'LargeEgress',
        filter: FlowLogFilter.all().whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, 'ACCEPT').whereNumber(FlowLogField.BYTES, FlowLogComparison.GREATER_THAN_OR_EQUAL, 1_000_000),
        threshold: 100_000_000,
        valueField: FlowLogField.BYTES,
        metricNamespace: 'Security/FlowLogs',
        alarmName: 'gates-large-egress',
      }),
    ],
  })),

  // ---- every traffic type, every aggregation interval ----
  ...Object.entries({ all: ec2.FlowLogTrafficType.ALL, accept: ec2.FlowLogTrafficType.ACCEPT, reject: ec2.FlowLogTrafficType.REJECT })
    .map(([label, trafficType]): MatrixCase => ({
      name: `traffic-${label}`,
      hardened: false,
      build: app => {
        const s = stack(app, `traffic-${label}`);
        new FlowLogsToCloudWatch(s, 'FlowLogs', {
          targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
          trafficType,
          detections: trafficType === ec2.FlowLogTrafficType.ACCEPT
            ? [FlowLogDetection.custom({ name: 'AcceptedSsh', filter: FlowLogFilter.all().whereNumber(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 22), threshold: 1000 })]
            : [FlowLogDetection.rejectedTraffic()],
        });
        return s;
      },
    })),
  ...Object.entries({ '1m': ec2.FlowLogMaxAggregationInterval.ONE_MINUTE, '10m': ec2.FlowLogMaxAggregationInterval.TEN_MINUTES })
    .map(([label, maxAggregationInterval]): MatrixCase => ({
      name: `aggregation-${label}`,
      hardened: false,
      build: app => {
        const s = stack(app, `aggregation-${label}`);
        new FlowLogsToCloudWatch(s, 'FlowLogs', {
          targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
          maxAggregationInterval,
        });
        return s;
      },
    })),

  // ---- bring your own ----
  flowLogsCase('byo-log-group', s => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
    logGroup: logs.LogGroup.fromLogGroupName(s, 'Imported', '/existing/flow-logs'),
    detections: [FlowLogDetection.rejectedSsh()],
  })),
  flowLogsCase('byo-role', s => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
    role: flowLogsRole(s),
  })),
  flowLogsCase('byo-role-immutable', s => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
    role: iam.Role.fromRoleArn(s, 'ImportedRole', `arn:aws:iam::${ENV.account}:role/existing-flow-logs`, { mutable: false }),
  })),
  flowLogsCase('byo-topic', s => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
    detections: [FlowLogDetection.rejectedSsh()],
    alarmTopic: sns.Topic.fromTopicArn(s, 'ImportedTopic', `arn:aws:sns:${ENV.region}:${ENV.account}:existing-alarms`),
    alarmEmails: ['secops@example.com'],
  })),
  {
    name: 'byo-shared-group-and-role',
    hardened: false,
    build: app => {
      const s = stack(app, 'byo-shared-group-and-role');
      const rejected = new FlowLogsToCloudWatch(s, 'Rejected', {
        targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
        trafficType: ec2.FlowLogTrafficType.REJECT,
        detections: [FlowLogDetection.rejectedSsh()],
      });
      new FlowLogsToCloudWatch(s, 'Accepted', {
        targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
        trafficType: ec2.FlowLogTrafficType.ACCEPT,
        logGroup: rejected.logGroup,
        role: rejected.role,
      });
      // A transit gateway construct may share them too.
      new FlowLogsToCloudWatch(s, 'Tgw', {
        targets: [FlowLogTarget.fromTransitGatewayId(TGW)],
        logGroup: rejected.logGroup,
        role: rejected.role,
      });
      return s;
    },
  },

  // ---- a customer-managed key and a named log group ----
  flowLogsCase('kms-named-log-group', s => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
    encryptionKey: new kms.Key(s, 'Key', { enableKeyRotation: true, description: 'Flow log group key' }),
    logGroupName: '/vpc-flow-logs/gates-named',
    retention: logs.RetentionDays.ONE_YEAR,
  })),

  // ---- Contributor Insights rules, saved queries, dashboard; flow logs in nested stacks ----
  flowLogsCase('insights-queries-dashboard', () => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
    detections: [FlowLogDetection.rejectedSsh()],
    contributorRules: [
      FlowLogContributorRule.topRejectedSources(), FlowLogContributorRule.topTalkers(),
      FlowLogContributorRule.topRejectedDestinationPorts(), FlowLogContributorRule.topInterfacesByBytes(),
    ],
    queries: [
      FlowLogQuery.rejectedBySource(), FlowLogQuery.topTalkers(), FlowLogQuery.rejectedSshOverTime(),
      FlowLogQuery.forInterface(ENI),
    ],
    dashboard: true,
  })),
  {
    name: 'nested-stacks',
    hardened: false,
    build: app => {
      const s = stack(app, 'nested-stacks');
      const targets = Array.from({ length: 6 }, (_, i) => FlowLogTarget.fromNetworkInterfaceId(`eni-${(0x1a2b3c40 + i).toString(16)}`));
      new FlowLogsToCloudWatch(s, 'FlowLogs', { targets, flowLogNestedStacks: 2 });
      return s;
    },
  },

  // ---- env-agnostic ----
  {
    name: 'env-agnostic',
    hardened: false,
    build: app => {
      const s = stack(app, 'env-agnostic', {});
      new FlowLogsToCloudWatch(s, 'FlowLogs', {
        targets: [FlowLogTarget.fromVpc(isolatedVpc(s))],
        encryptionKey: new kms.Key(s, 'Key', { enableKeyRotation: true }),
        detections: [FlowLogDetection.rejectedSsh()],
        alarmEmails: ['secops@example.com'],
      });
      return s;
    },
  },

  // ---- hardened: customer-managed keys for the log group and the alarm topic ----
  flowLogsCase('hardened', s => ({
    targets: [FlowLogTarget.fromVpc(isolatedVpc(s)), FlowLogTarget.fromNetworkInterfaceId(ENI)],
    encryptionKey: new kms.Key(s, 'LogGroupKey', { enableKeyRotation: true, description: 'Flow log group key' }),
    detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp()],
    alarmTopic: encryptedTopic(s),
    alarmEmails: ['secops@example.com'],
  }), true),
  // ---- hardened in one switch: the construct's own key for the log group and the topic ----
  flowLogsCase('hardened-switch', s => ({
    targets: [FlowLogTarget.fromVpc(isolatedVpc(s))],
    encryption: FlowLogsEncryption.KMS,
    detections: [FlowLogDetection.rejectedSshPerSource(), FlowLogDetection.rejectedRdp()],
    alarmEmails: ['secops@example.com'],
    deliveryHealthPeriod: Duration.hours(1),
  }), true),
  // ---- hardened with the construct's own topic: alarmTopicKey ----
  flowLogsCase('hardened-topic-key', s => ({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
    encryptionKey: new kms.Key(s, 'LogGroupKey', { enableKeyRotation: true, description: 'Flow log group key' }),
    alarmTopicKey: new kms.Key(s, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Alarm topic key' }),
    detections: [FlowLogDetection.rejectedSsh()],
    alarmEmails: ['secops@example.com'],
  }), true),
  // ---- the organization example (KMS on): the StackSet's own template is scanned too (see below) ----
  { name: 'organization-management', hardened: true, build: app => buildOrganizationApp(app).management },
  { name: 'organization-security', hardened: true, build: app => buildOrganizationApp(app).security },
];

/**
 * A KMS-encrypted SNS topic that CloudWatch alarms can publish to: the key policy
 * lets cloudwatch.amazonaws.com use the key (without it, alarm notifications to an
 * encrypted topic are silently dropped).
 */
function encryptedTopic(scope: Stack): sns.Topic {
  const key = new kms.Key(scope, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Alarm topic key' });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarms',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': scope.account } },
  }));
  return new sns.Topic(scope, 'AlarmTopic', { masterKey: key, enforceSSL: true, displayName: 'VPC flow log alarms' });
}

/** Synthesizes every case into `outdir`; returns what it wrote. */
export function synthesizeMatrix(outdir: string, cases: MatrixCase[] = CASES) {
  const names = new Set<string>();
  for (const c of cases) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(c.name) || names.has(c.name)) {
      throw new Error(`matrix: case name ${JSON.stringify(c.name)} is not unique lower-case letters, digits and '-'`);
    }
    names.add(c.name);
  }
  fs.mkdirSync(outdir, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gates-assembly-'));
  const index: { name: string; hardened: boolean; template: string }[] = [];
  const errors: string[] = [];
  try {
    for (const c of cases) {
      const app = new App({ outdir: path.join(scratch, c.name) });
      const s = c.build(app);
      const assembly = app.synth();
      const artifact = assembly.getStackArtifact(s.artifactId);
      for (const m of artifact.messages) {
        const line = `${c.name}: ${m.level} at ${m.id}: ${String(m.entry.data)}`;
        if (m.level === 'error') errors.push(line);
        else console.error(`matrix: ${line}`);
      }
      const template = artifact.template;
      if (!template || Object.keys(template.Resources ?? {}).length === 0) {
        errors.push(`${c.name}: the template has no resources`);
      }
      const file = `${c.name}.template.json`;
      fs.writeFileSync(path.join(outdir, file), JSON.stringify(template, undefined, 1) + '\n');
      index.push({ name: c.name, hardened: c.hardened, template: file });
      // A StackSet's template (FlowLogsStackSet's member stack) is scanned too, as `<case>--stackset-<logical ID>`.
      for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
        if (resource.Type !== 'AWS::CloudFormation::StackSet') continue;
        const bodyFile = `${c.name}--stackset-${logicalId}.template.json`;
        fs.writeFileSync(path.join(outdir, bodyFile), JSON.stringify(JSON.parse(resource.Properties.TemplateBody), undefined, 1) + '\n');
        index.push({ name: c.name, hardened: c.hardened, template: bodyFile });
      }
      // Nested stacks' templates (flowLogNestedStacks) are scanned too, as `<case>--<file>`.
      for (const nested of fs.readdirSync(assembly.directory).filter(f => f.endsWith('.nested.template.json')).sort()) {
        const nestedFile = `${c.name}--${nested}`;
        fs.copyFileSync(path.join(assembly.directory, nested), path.join(outdir, nestedFile));
        index.push({ name: c.name, hardened: c.hardened, template: nestedFile });
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (errors.length > 0) {
    throw new Error(`matrix: synthesis errors:\n  ${errors.join('\n  ')}`);
  }
  return index;
}

/**
 * ts-node resolves '../../lib' to lib/index.js when a compiled one lies beside index.ts
 * (unless TS_NODE_PREFER_TS_EXTS=true): refuse to scan templates of a stale build.
 */
function checkLibIsFresh() {
  const resolved = require.resolve('../../lib');
  if (!resolved.endsWith('.js')) return;
  const libDir = path.dirname(resolved);
  const stale = fs.readdirSync(libDir, { recursive: true, encoding: 'utf-8' })
    .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter(f => {
      const js = path.join(libDir, f.replace(/\.ts$/, '.js'));
      return !fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(path.join(libDir, f)).mtimeMs;
    });
  if (stale.length > 0) {
    throw new Error(`matrix: lib/ resolves to compiled JavaScript older than ${stale.join(', ')}; run with TS_NODE_PREFER_TS_EXTS=true (scripts/gates.sh does) or compile first.`);
  }
}

/**
 * What the gates scan, as scripts/gates.sh calls it: the matrix, the extra templates given (the integ
 * test snapshot's) and the canary, each in `outdir`, with `outdir/index.json`
 * (`[{ template, hardened, origin: 'matrix' | 'extra' | 'canary' }]`) for test/gates/evaluate.py.
 */
function writeGateInputs(outdir: string, extras: string[]) {
  if (extras.length === 0) throw new Error('matrix: no extra template (the integ test snapshot\'s) was given; refusing to scan without it');
  checkLibIsFresh();
  const matrix = synthesizeMatrix(outdir).map(i => ({ template: i.template, hardened: i.hardened, origin: 'matrix' }));
  const extra = extras.map(f => {
    // test/integ.x.snapshot/Stack.template.json -> integ.x.snapshot--Stack.template.json
    const template = `${path.basename(path.dirname(f))}--${path.basename(f)}`;
    fs.copyFileSync(f, path.join(outdir, template));
    return { template, hardened: false, origin: 'extra' };
  });
  fs.copyFileSync(path.join(__dirname, 'canary.template.json'), path.join(outdir, 'gates-canary.template.json'));
  const index = [...matrix, ...extra, { template: 'gates-canary.template.json', hardened: false, origin: 'canary' }];
  fs.writeFileSync(path.join(outdir, 'index.json'), JSON.stringify(index, undefined, 1) + '\n');
  const lib = path.relative(process.cwd(), require.resolve('../../lib'));
  console.log(`matrix: ${index.length} templates: ${matrix.length} from the matrix (${matrix.filter(i => i.hardened).length} hardened, from ${lib}), ${extra.length} extra, 1 canary`);
}

if (require.main === module) {
  const [outdir, ...extras] = process.argv.slice(2);
  if (!outdir) {
    console.error('usage: ts-node --project test/tsconfig.json test/gates/matrix.ts <outdir> <extra template>...');
    process.exit(2);
  }
  writeGateInputs(path.resolve(outdir), extras);
}
