/**
 * Bad input, as users make it, at every public entry point: one argument (or one prop of a props
 * argument) of a good call replaced by a bad value (null, a wrong type, a non-finite, negative,
 * fractional or huge number, a 10,000-character or non-ASCII string, an unresolved token, an empty
 * or one-item-instead-of-a-list value, a factory passed without calling it, a construct of the
 * wrong kind). Each case is classified:
 *
 * - clear: the library's own error (or a synth error carrying it), naming what is wrong;
 * - garbled: the library's error printing `undefined`, `[object Object]` or a token's internals;
 * - raw: any other error (a TypeError, an error from aws-cdk-lib's internals);
 * - accepted: no error; the template is then synthesized and must not be broken (no `undefined`,
 *   `NaN`, `Infinity` or `[object Object]` in it, every flow log with its destination and role);
 * - slow: a case that takes more than 5 seconds (a hang in the making).
 *
 * The suite fails on any garbled, broken or slow case, and when raw errors are 5 % or more. It runs
 * from the fixed seed of test/setup-fast-check.ts; FUZZ_RUNS sets the number of cases (default 2,000 with FC_FULL=1, 400 in the fast loop).
 * test/python/test_fuzz.py is its Python slice.
 */
import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as fc from 'fast-check';
import {
  FlowLogBacktest, FlowLogComparison, FlowLogContributorCondition, FlowLogContributorRule, FlowLogDetection, FlowLogField,
  FlowLogFieldType, FlowLogFilter, FlowLogQuery, FlowLogsAlarmBus, FlowLogsEncryption, FlowLogsStackSet, FlowLogsToCloudWatch, FlowLogTarget,
} from '../lib';
import { runs } from './util';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const RUNS = Number(process.env.FUZZ_RUNS ?? runs(2000));
const LIBRARY = /FlowLogsToCloudWatch|FlowLogsStackSet|FlowLogsAlarmBus|FlowLogTarget|FlowLogDetection|FlowLogFilter|FlowLogContributorCondition|FlowLogContributorRule|FlowLogQuery|FlowLogField|FlowLogBacktest/;
const GARBLED = /(?<!nothing \()undefined(?!\))|\[object Object\]|\$\{Token\[|-1\.8\d*e\+289/;

type Outcome = 'clear' | 'garbled' | 'raw' | 'accepted' | 'broken' | 'slow';

/** A world to call entry points in: a stack with a VPC, and objects of every kind. */
interface World {
  readonly app: App;
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
}

function world(): World {
  const app = new App();
  const stack = new Stack(app, 'Fuzz', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'I', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return { app, stack, vpc };
}

/** The bad values, each made in the world it is used in. */
const BAD: Array<[string, (w: World) => unknown]> = [
  ['null', () => null],
  ['true', () => true],
  ['0', () => 0],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['1e300', () => 1e300],
  ['""', () => ''],
  ['10,000 characters', () => 'x'.repeat(10_000)],
  ['non-ASCII', () => 'ñ日本'],
  ['a string token', () => Lazy.string({ produce: () => 'late' })],
  ['a number token', () => Lazy.number({ produce: () => 7 })],
  ['{}', () => ({})],
  ['[]', () => []],
  ['[null]', () => [null]],
  ['a function', () => FlowLogDetection.rejectedSsh],
  ['a topic', w => new sns.Topic(w.stack, `T${Math.random().toString(36).slice(2, 8)}`)],
  ['a role', w => new iam.Role(w.stack, `R${Math.random().toString(36).slice(2, 8)}`, { assumedBy: new iam.AccountRootPrincipal() })],
  ['a Duration', () => Duration.minutes(5)],
  ['"a@example.com"', () => 'a@example.com'],
];

/** One entry point: its good arguments, and the slots a bad value may replace. */
interface Entry {
  readonly name: string;
  /** Argument indexes, or [index, prop] for a prop of a props argument. */
  readonly slots: Array<number | [number, string]>;
  /** Good arguments in a world. */
  args(w: World): unknown[];
  /** Calls it; returns what it made (used in a construct when it is not one). */
  call(w: World, args: unknown[]): unknown;
}

const F = FlowLogField;
const PROPS = ['targets', 'trafficType', 'logFormat', 'tagEnrichment', 'maxAggregationInterval', 'logGroup', 'logGroupName', 'retention',
  'encryptionKey', 'encryption', 'removalPolicy', 'role', 'detections', 'alarmActions', 'alarmEmails', 'alarmTopic', 'alarmTopicKey',
  'deliveryHealthPeriod', 'ingestionBudgetGb', 'flowLogNestedStacks', 'contributorRules', 'queries', 'detectionHistoryQueries',
  'dashboard', 'dashboardName', 'flowLogsCreatedElsewhere', 'alarmEmail'];
const DETECTION_OPTIONS = ['name', 'threshold', 'period', 'evaluationPeriods', 'datapointsToAlarm', 'metricNamespace', 'metricName',
  'valueField', 'alarmName', 'alarmDescription', 'treatMissingData', 'anomalyBandWidth', 'perContributor'];
const goodProps = (w: World) => ({
  targets: [FlowLogTarget.fromVpc(w.vpc)],
  detections: [FlowLogDetection.rejectedSsh()],
  alarmEmails: ['secops@example.com'],
});
const slotsOf = (index: number, props: string[]): Array<[number, string]> => props.map(p => [index, p]);
const construct = (w: World) => new FlowLogsToCloudWatch(w.stack, 'Made', goodProps(w));

const ENTRIES: Entry[] = [
  {
    name: 'new FlowLogsToCloudWatch',
    args: w => [w.stack, 'FlowLogs', goodProps(w)],
    slots: [0, 1, 2, ...slotsOf(2, PROPS)],
    call: (_w, [scope, id, props]) => new FlowLogsToCloudWatch(scope as Stack, id as string, props as any),
  },
  {
    name: 'FlowLogsToCloudWatch.forEveryVpc',
    args: w => [w.stack, { detections: [FlowLogDetection.rejectedSsh()] }],
    slots: [0, 1, ...slotsOf(1, ['detections', 'encryption', 'logGroupName', 'trafficType', 'retention'])],
    call: (_w, [scope, props]) => FlowLogsToCloudWatch.forEveryVpc(scope as Stack, props as any),
  },
  {
    name: 'new FlowLogsStackSet',
    args: w => [w.stack, 'StackSet', {
      organizationalUnitIds: ['ou-ab12-34cd56ef'],
      regions: ['eu-west-1'],
      alarmBusArn: FlowLogsAlarmBus.arnOf('222222222222', 'eu-west-1'),
      detections: [FlowLogDetection.rejectedSsh()],
    }],
    slots: [0, 1, 2, ...slotsOf(2, ['organizationalUnitIds', 'regions', 'alarmBusArn', 'detections', 'trafficType', 'deliveryHealthPeriod', 'retention',
      'logGroupName', 'encryption', 'removalPolicy', 'stackSetName', 'delegatedAdministrator', 'maxConcurrentPercentage', 'failureTolerancePercentage', 'alarmEmails'])],
    call: (_w, [scope, id, props]) => new FlowLogsStackSet(scope as Stack, id as string, props as any),
  },
  {
    name: 'new FlowLogsAlarmBus',
    args: w => [w.stack, 'AlarmBus', { organizationId: 'o-a1b2c3d4e5', alarmEmails: ['secops@example.com'] }],
    slots: [0, 1, 2, ...slotsOf(2, ['organizationId', 'alarmEmails', 'eventBusName', 'encryption'])],
    call: (_w, [scope, id, props]) => new FlowLogsAlarmBus(scope as Stack, id as string, props as any),
  },
  { name: 'FlowLogsAlarmBus.arnOf', args: () => ['222222222222', 'eu-west-1', 'bus'], slots: [0, 1, 2], call: (_w, [a, r, n]) => FlowLogsAlarmBus.arnOf(a as any, r as any, n as any) },
  { name: 'addTarget', args: () => [FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d')], slots: [0], call: (w, [t]) => construct(w).addTarget(t as any) },
  { name: 'addDetection', args: () => [FlowLogDetection.rejectedRdp()], slots: [0], call: (w, [d]) => construct(w).addDetection(d as any) },
  { name: 'addContributorRule', args: () => [FlowLogContributorRule.topTalkers()], slots: [0], call: (w, [r]) => construct(w).addContributorRule(r as any) },
  { name: 'addQuery', args: () => [FlowLogQuery.topTalkers()], slots: [0], call: (w, [q]) => construct(w).addQuery(q as any) },
  {
    name: 'grantPassRole',
    args: w => [new iam.Role(w.stack, 'Op', { assumedBy: new iam.AccountRootPrincipal() })],
    slots: [0],
    call: (w, [g]) => construct(w).grantPassRole(g as any),
  },
  { name: 'FlowLogTarget.fromVpc', args: w => [w.vpc], slots: [0], call: (_w, [v]) => FlowLogTarget.fromVpc(v as any) },
  { name: 'FlowLogTarget.fromSubnet', args: w => [w.vpc.isolatedSubnets[0]], slots: [0], call: (_w, [s]) => FlowLogTarget.fromSubnet(s as any) },
  { name: 'FlowLogTarget.fromVpcId', args: () => ['vpc-0a1b2c3d', { key: 'K' }], slots: [0, 1, [1, 'key']], call: (_w, [id, o]) => FlowLogTarget.fromVpcId(id as any, o as any) },
  {
    name: 'FlowLogTarget.fromNetworkInterfaceId',
    args: () => ['eni-0a1b2c3d'],
    slots: [0, 1],
    call: (_w, [id, o]) => FlowLogTarget.fromNetworkInterfaceId(id as any, o as any),
  },
  { name: 'FlowLogTarget.fromTransitGatewayId', args: () => ['tgw-0a1b2c3d'], slots: [0], call: (_w, [id]) => FlowLogTarget.fromTransitGatewayId(id as any) },
  { name: 'FlowLogDetection.rejectedSsh', args: () => [{}], slots: [0, ...slotsOf(0, DETECTION_OPTIONS)], call: (_w, [o]) => FlowLogDetection.rejectedSsh(o as any) },
  {
    name: 'FlowLogDetection.rejectedAdminPortsFromInside',
    args: () => [{ sourceCidrs: ['10.0.0.0/16'] }],
    slots: [0, [0, 'sourceCidrs'], [0, 'threshold']],
    call: (_w, [o]) => FlowLogDetection.rejectedAdminPortsFromInside(o as any),
  },
  {
    name: 'FlowLogDetection.custom',
    args: () => [{ name: 'Postgres', threshold: 5, filter: FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 5432) }],
    slots: [0, ...slotsOf(0, [...DETECTION_OPTIONS, 'filter'])],
    call: (_w, [p]) => FlowLogDetection.custom(p as any),
  },
  {
    name: 'FlowLogFilter.whereNumber',
    args: () => [F.DST_PORT, '=', 22],
    slots: [0, 1, 2],
    call: (_w, [f, c, v]) => FlowLogFilter.all().whereNumber(f as any, c as any, v as any),
  },
  {
    name: 'FlowLogFilter.whereString',
    args: () => [F.ACTION, '=', 'REJECT'],
    slots: [0, 1, 2],
    call: (_w, [f, c, v]) => FlowLogFilter.all().whereString(f as any, c as any, v as any),
  },
  { name: 'FlowLogFilter.whereNumberIn', args: () => [F.DST_PORT, [22, 3389]], slots: [0, 1], call: (_w, [f, v]) => FlowLogFilter.all().whereNumberIn(f as any, v as any) },
  { name: 'FlowLogFilter.whereStringIn', args: () => [F.SRC_ADDR, ['10.*']], slots: [0, 1], call: (_w, [f, v]) => FlowLogFilter.all().whereStringIn(f as any, v as any) },
  {
    name: 'FlowLogFilter.matches',
    args: () => ['2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK', F.DEFAULT_FORMAT],
    slots: [0, 1],
    call: (_w, [r, f]) => FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 22).matches(r as any, f as any),
  },
  { name: 'FlowLogContributorCondition.isIn', args: () => [F.ACTION, ['REJECT']], slots: [0, 1], call: (_w, [f, v]) => FlowLogContributorCondition.isIn(f as any, v as any) },
  { name: 'FlowLogContributorCondition.equalTo', args: () => [F.DST_PORT, 22], slots: [0, 1], call: (_w, [f, v]) => FlowLogContributorCondition.equalTo(f as any, v as any) },
  { name: 'FlowLogContributorRule.topTalkers', args: () => [{}], slots: [0, [0, 'name'], [0, 'ruleName']], call: (_w, [o]) => FlowLogContributorRule.topTalkers(o as any) },
  {
    name: 'FlowLogContributorRule.custom',
    args: () => [{ name: 'Ports', keys: [F.DST_PORT], conditions: [FlowLogContributorCondition.isIn(F.ACTION, ['REJECT'])] }],
    slots: [0, [0, 'name'], [0, 'keys'], [0, 'valueField'], [0, 'conditions'], [0, 'ruleName']],
    call: (_w, [p]) => FlowLogContributorRule.custom(p as any),
  },
  { name: 'FlowLogQuery.rejectedBySource', args: () => [{}], slots: [0, [0, 'name'], [0, 'queryName']], call: (_w, [o]) => FlowLogQuery.rejectedBySource(o as any) },
  { name: 'FlowLogQuery.forInterface', args: () => ['eni-0a1b2c3d'], slots: [0, 1], call: (_w, [id, o]) => FlowLogQuery.forInterface(id as any, o as any) },
  {
    name: 'FlowLogQuery.custom',
    args: () => [{ name: 'Q', fields: [F.SRC_ADDR], query: 'stats count(*) by srcAddr' }],
    slots: [0, [0, 'name'], [0, 'fields'], [0, 'query'], [0, 'queryName']],
    call: (_w, [p]) => FlowLogQuery.custom(p as any),
  },
  {
    name: 'FlowLogField.custom',
    args: () => ['some-new-field', FlowLogFieldType.TEXT, 12],
    slots: [0, 1, 2],
    call: (_w, [n, t, v]) => FlowLogField.custom(n as any, t as any, v as any),
  },
  {
    name: 'FlowLogBacktest.run',
    args: () => [{ templateFile: 'missing.template.json', eventFiles: ['missing.json'] }],
    slots: [0, [0, 'templateFile'], [0, 'stack'], [0, 'eventFiles'], [0, 'startTime'], [0, 'endTime'], [0, 'logGroup']],
    call: (_w, [p]) => FlowLogBacktest.run(p as any),
  },
];

/** Uses what a factory made in a construct, so that an accepted value reaches a template. */
function useInConstruct(w: World, made: unknown) {
  const props: any = goodProps(w);
  if (made instanceof FlowLogTarget) props.targets = [made];
  else if (made instanceof FlowLogDetection) props.detections = [made];
  else if (made instanceof FlowLogContributorRule) props.contributorRules = [made];
  else if (made instanceof FlowLogQuery) props.queries = [made];
  else if (made instanceof FlowLogFilter) props.detections = [FlowLogDetection.custom({ name: 'Made', threshold: 1, filter: made })];
  else if (made instanceof FlowLogContributorCondition) props.contributorRules = [FlowLogContributorRule.custom({ name: 'Made', keys: [F.SRC_ADDR], conditions: [made] })];
  else if (made instanceof FlowLogField) props.logFormat = [...F.DEFAULT_FORMAT, made];
  else return;
  new FlowLogsToCloudWatch(w.stack, `Uses${Math.random().toString(36).slice(2, 8)}`, props);
}

/** What is wrong with a synthesized template, if anything. */
function brokenTemplate(template: any): string | undefined {
  const text = JSON.stringify(template);
  const bad = /"undefined"|undefined|NaN|Infinity|\[object Object\]/.exec(text.replace(/"[^"]*Description[^"]*":"[^"]*"/g, ''));
  if (bad) return `the template holds ${bad[0]}`;
  for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
    if (r.Type === 'AWS::EC2::FlowLog') {
      for (const p of ['ResourceId', 'ResourceType', 'LogGroupName', 'DeliverLogsPermissionArn']) {
        if (r.Properties?.[p] === undefined || r.Properties?.[p] === null) return `flow log ${id} has no ${p}`;
      }
    }
    if (r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Threshold !== undefined && !Number.isFinite(r.Properties.Threshold)) return `alarm ${id} has threshold ${r.Properties.Threshold}`;
  }
  return undefined;
}

function classify(entry: Entry, slot: number | [number, string], bad: [string, (w: World) => unknown]): { outcome: Outcome; detail: string } {
  const w = world();
  const args = entry.args(w);
  const value = bad[1](w);
  if (typeof slot === 'number') args[slot] = value;
  else args[slot[0]] = { ...(args[slot[0]] as object), [slot[1]]: value };
  const started = Date.now();
  let outcome: Outcome;
  let detail = '';
  try {
    const made = entry.call(w, args);
    useInConstruct(w, made);
    const assembly = w.app.synth();
    const broken = assembly.stacks.map(s => brokenTemplate(s.template)).find(b => b !== undefined);
    outcome = broken ? 'broken' : 'accepted';
    detail = broken ?? '';
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    detail = `${e instanceof Error ? e.constructor.name : typeof e}: ${message.slice(0, 300)}`;
    outcome = !LIBRARY.test(message) ? 'raw' : GARBLED.test(message) ? 'garbled' : 'clear';
  }
  if (Date.now() - started > 5000) outcome = 'slow';
  return { outcome, detail };
}

test(`bad input at every public entry point: no garbled message, broken template or hang, raw errors under 5 % (${RUNS} cases)`, () => {
  const cases = fc.sample(fc.constantFrom(...ENTRIES).chain(entry => fc.tuple(
    fc.constant(entry), fc.constantFrom(...entry.slots), fc.constantFrom(...BAD))), { numRuns: RUNS });
  const counts: Record<Outcome, number> = { clear: 0, garbled: 0, raw: 0, accepted: 0, broken: 0, slow: 0 };
  const examples: Record<Outcome, string[]> = { clear: [], garbled: [], raw: [], accepted: [], broken: [], slow: [] };
  for (const [entry, slot, bad] of cases) {
    const { outcome, detail } = classify(entry, slot, bad);
    counts[outcome]++;
    if (examples[outcome].length < (process.env.FUZZ_SHOW ? 200 : 15)) examples[outcome].push(`${entry.name} ${JSON.stringify(slot)} = ${bad[0]}: ${detail}`);
  }
  const summary = `fuzz: ${cases.length} cases: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`;
  // eslint-disable-next-line no-console
  console.log([summary, ...(process.env.FUZZ_SHOW ? [...examples.raw, ...examples.accepted].map(e => `  ${e}`) : [])].join('\n'));
  const problems = [
    ...examples.garbled.map(e => `garbled: ${e}`),
    ...examples.broken.map(e => `broken template: ${e}`),
    ...examples.slow.map(e => `slow: ${e}`),
    ...(counts.raw / cases.length >= 0.05 ? examples.raw.map(e => `raw: ${e}`) : []),
  ];
  expect({ summary, problems }).toEqual({ summary, problems: [] });
  // The fuzzer reaches every entry point and the library refuses most bad values itself.
  expect(new Set(cases.map(([e]) => e.name)).size).toBe(ENTRIES.length);
  expect(counts.clear).toBeGreaterThan(cases.length / 2);
});

test('the classifier tells each class apart (so the suite can fail)', () => {
  const w = world();
  expect(brokenTemplate({ Resources: { F: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: 'vpc-1', ResourceType: 'VPC' } } } })).toBe('flow log F has no LogGroupName');
  expect(brokenTemplate({ Resources: { A: { Type: 'AWS::CloudWatch::Alarm', Properties: { Threshold: 'NaN' } } } })).toBe('the template holds NaN');
  expect(brokenTemplate(w.app.synth().stacks[0].template)).toBeUndefined();
  expect(GARBLED.test('FlowLogTarget.fromVpc: got undefined')).toBe(true);
  expect(GARBLED.test('FlowLogTarget.fromVpc: got nothing (undefined).')).toBe(false);
  expect(GARBLED.test('FlowLogDetection: value [object Object]')).toBe(true);
  expect(LIBRARY.test('Cannot read properties of null (reading \'vpcId\')')).toBe(false);
  void kms; void logs; void FlowLogsEncryption;
});
