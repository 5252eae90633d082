import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  FlowLogContributorCondition as C, FlowLogContributorRule, FlowLogField as F, FlowLogQuery, FlowLogsToCloudWatch,
  FlowLogsToCloudWatchProps, FlowLogTarget,
} from '../lib';

const ENI = FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d');

function rules(props: FlowLogsToCloudWatchProps): Array<{ name: string; body: any; state: string }> {
  const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI], ...props });
  return Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::InsightRule')).map((r: any) => ({
    name: r.Properties.RuleName,
    state: r.Properties.RuleState,
    body: JSON.parse(joined(r.Properties.RuleBody)),
  }));
}

/** An Fn::Join of literals and references as one string, a reference written as <Ref:Id>. */
function joined(value: any): string {
  if (typeof value === 'string') return value;
  const [sep, parts] = value['Fn::Join'];
  return parts.map((p: any) => (typeof p === 'string' ? p : `<Ref:${p.Ref}>`)).join(sep);
}

/** The field a rule body says sits at the position where the format really has it. */
function positionsAgree(body: any, format: F[]) {
  for (const [position, name] of Object.entries(body.Fields)) {
    expect(format[Number(position) - 1].name).toBe(name);
  }
}

describe('presets on the default format (AWS sample rules use the same positions: 4 srcaddr, 13 action)', () => {
  test('topRejectedSources', () => {
    const [rule] = rules({ contributorRules: [FlowLogContributorRule.topRejectedSources()] });
    expect(rule.state).toBe('ENABLED');
    expect(rule.name).toBe('S-FlowLogs-TopRejectedSources');
    expect(rule.body).toEqual({
      Schema: { Name: 'CloudWatchLogRule', Version: 1 },
      LogGroupNames: [expect.stringMatching(/^<Ref:FlowLogsLogGroup/)],
      LogFormat: 'CLF',
      Fields: { 4: 'srcaddr', 13: 'action' },
      Contribution: { Keys: ['srcaddr'], Filters: [{ Match: 'action', In: ['REJECT'] }] },
      AggregateOn: 'Count',
    });
  });

  test('topTalkers sums bytes by source and destination', () => {
    const [rule] = rules({ contributorRules: [FlowLogContributorRule.topTalkers()] });
    expect(rule.body.Fields).toEqual({ 4: 'srcaddr', 5: 'dstaddr', 10: 'bytes' });
    expect(rule.body.Contribution).toEqual({ Keys: ['srcaddr', 'dstaddr'], ValueOf: 'bytes', Filters: [] });
    expect(rule.body.AggregateOn).toBe('Sum');
  });

  test('topRejectedDestinationPorts and topInterfacesByBytes', () => {
    const [ports, enis] = rules({
      contributorRules: [FlowLogContributorRule.topRejectedDestinationPorts(), FlowLogContributorRule.topInterfacesByBytes()],
    });
    expect(ports.body.Fields).toEqual({ 7: 'dstport', 13: 'action' });
    expect(enis.body.Fields).toEqual({ 3: 'interface-id', 10: 'bytes' });
    expect(enis.body.Contribution.ValueOf).toBe('bytes');
  });

  test('the log group is the construct\'s', () => {
    const stack = new Stack(new App(), 'S');
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI], contributorRules: [FlowLogContributorRule.topTalkers()] });
    const [r] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::InsightRule')) as any[];
    expect(JSON.stringify(r.Properties.RuleBody)).toMatch(/"Ref":"FlowLogsLogGroup/);
  });
});

describe('a custom, reordered format', () => {
  const format = [F.ACTION, F.BYTES, F.DST_PORT, F.FLOW_DIRECTION, F.SRC_ADDR, F.DST_ADDR, F.INTERFACE_ID, F.PROTOCOL];

  test('every preset reads the positions the format writes', () => {
    const all = rules({
      logFormat: format,
      contributorRules: [
        FlowLogContributorRule.topRejectedSources(), FlowLogContributorRule.topTalkers(),
        FlowLogContributorRule.topRejectedDestinationPorts(), FlowLogContributorRule.topInterfacesByBytes(),
      ],
    });
    expect(all).toHaveLength(4);
    for (const r of all) positionsAgree(r.body, format);
    expect(all[0].body.Fields).toEqual({ 1: 'action', 5: 'srcaddr' });
  });

  test('custom rules with every kind of condition', () => {
    const [r, s] = rules({
      logFormat: format,
      contributorRules: [
        FlowLogContributorRule.custom({
          name: 'Custom',
          keys: [F.SRC_ADDR, F.DST_PORT, F.FLOW_DIRECTION, F.INTERFACE_ID],
          valueField: F.BYTES,
          ruleName: 'my-rule',
          conditions: [
            C.isIn(F.ACTION, ['REJECT']), C.notIn(F.FLOW_DIRECTION, ['egress']), C.startsWith(F.SRC_ADDR, ['10.', '192.168.']),
            C.equalTo(F.PROTOCOL, 6),
          ],
        }),
        FlowLogContributorRule.custom({
          name: 'Custom2',
          keys: [F.DST_ADDR],
          conditions: [C.notEqualTo(F.DST_PORT, 443), C.greaterThan(F.BYTES, 1000), C.lessThan(F.DST_PORT, 1024), C.startsWith(F.DST_ADDR, ['10.'])],
        }),
      ],
    });
    expect(r.name).toBe('my-rule');
    positionsAgree(r.body, format);
    positionsAgree(s.body, format);
    expect(r.body.Contribution.Filters).toEqual([
      { Match: 'action', In: ['REJECT'] }, { Match: 'flow-direction', NotIn: ['egress'] },
      { Match: 'srcaddr', StartsWith: ['10.', '192.168.'] }, { Match: 'protocol', EqualTo: 6 },
    ]);
    expect(s.body.Contribution.Filters).toEqual([
      { Match: 'dstport', NotEqualTo: 443 }, { Match: 'bytes', GreaterThan: 1000 }, { Match: 'dstport', LessThan: 1024 },
      { Match: 'dstaddr', StartsWith: ['10.'] },
    ]);
    expect(Object.keys(r.body.Fields)).toHaveLength(7);
  });

  test('transit gateway format', () => {
    const stack = new Stack(new App(), 'S');
    new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')],
      contributorRules: [FlowLogContributorRule.custom({ name: 'Blackholed', keys: [F.TGW_ATTACHMENT_ID], valueField: F.PACKETS_LOST_BLACKHOLE })],
    });
    const [r] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::InsightRule')) as any[];
    const body = JSON.parse(joined(r.Properties.RuleBody));
    positionsAgree(body, F.TRANSIT_GATEWAY_DEFAULT_FORMAT);
    expect(body.Fields).toEqual({ 5: 'tgw-attachment-id', 29: 'packets-lost-blackhole' });
  });
});

describe('errors', () => {
  test('a key, value or condition field the format lacks', () => {
    const logFormat = [F.SRC_ADDR, F.DST_PORT];
    expect(() => rules({ logFormat, contributorRules: [FlowLogContributorRule.topRejectedSources()] }))
      .toThrow(/rule "TopRejectedSources" reads `action`, which is not in the record format \(srcaddr dstport\)/);
    expect(() => rules({ logFormat, contributorRules: [FlowLogContributorRule.topTalkers()] }))
      .toThrow(/reads `dstaddr`/);
    expect(() => rules({ logFormat, contributorRules: [FlowLogContributorRule.custom({ name: 'X', keys: [F.SRC_ADDR], valueField: F.BYTES })] }))
      .toThrow(/reads `bytes`/);
  });

  test('transit gateway records have no interface-id: checked when the first target settles the format', () => {
    const stack = new Stack(new App(), 'S');
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { contributorRules: [FlowLogContributorRule.topInterfacesByBytes()] });
    expect(() => c.addTarget(FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')))
      .toThrow(/rule "TopInterfacesByBytes" reads `interface-id`, which is not in the record format/);
  });

  test.each([
    [[], /`keys` of rule "X" must list 1 to 4 FlowLogFields .* got 0/],
    [[F.SRC_ADDR, F.DST_ADDR, F.SRC_PORT, F.DST_PORT, F.PROTOCOL], /must list 1 to 4 .* got 5/],
    [[F.SRC_ADDR, F.SRC_ADDR], /lists a field twice/],
  ])('bad keys %#', (keys, message) => {
    expect(() => FlowLogContributorRule.custom({ name: 'X', keys })).toThrow(message);
  });

  test('Contributor Insights limits: at most 4 conditions, 10 values per condition', () => {
    const five = [C.startsWith(F.SRC_ADDR, ['10.']), C.startsWith(F.DST_ADDR, ['10.']), C.greaterThan(F.BYTES, 0), C.isIn(F.ACTION, ['REJECT']), C.equalTo(F.PROTOCOL, 6)];
    expect(() => FlowLogContributorRule.custom({ name: 'X', keys: [F.SRC_ADDR], conditions: five }))
      .toThrow(/`conditions` of rule "X" has 5 conditions; Contributor Insights allows at most 4 filters per rule/);
    const eleven = Array.from({ length: 11 }, (_, i) => `10.${i}.`);
    expect(() => C.startsWith(F.SRC_ADDR, eleven)).toThrow(/11 values for `srcaddr`; Contributor Insights allows at most 10 per condition/);
  });

  test('action and log-status values are checked (matching is case-sensitive)', () => {
    expect(() => C.isIn(F.ACTION, ['reject'])).toThrow(/`action` is one of ACCEPT, REJECT \(case-sensitive\); got "reject"/);
    expect(() => C.notIn(F.LOG_STATUS, ['OK', 'SKIPPED'])).toThrow(/`log-status` is one of OK, NODATA, SKIPDATA .* got "SKIPPED"/);
    expect(C.isIn(F.ACTION, ['ACCEPT', 'REJECT']).comparison).toBe('In');
  });

  test('a value field that is not a number field', () => {
    expect(() => FlowLogContributorRule.custom({ name: 'X', keys: [F.SRC_ADDR], valueField: F.ACTION }))
      .toThrow(/`valueField` of rule "X" must be a number field .* `action` holds text/);
  });

  test.each(['', 'x'.repeat(129), 'tab\there', 'ünïcode'])('a rule name CloudWatch would reject: %j', (ruleName) => {
    expect(() => FlowLogContributorRule.topTalkers({ ruleName })).toThrow(/`ruleName` of rule "TopTalkers" must be 1-128 printable ASCII characters/);
  });

  test.each(['1x', '', 'has space', 'x'.repeat(65)])('a name that cannot name a construct: %j', (name) => {
    expect(() => FlowLogContributorRule.topTalkers({ name })).toThrow(
      "FlowLogContributorRule: `name` must be 1-64 letters, digits, '-' or '_', starting with a letter (it names constructs and default names); got " + JSON.stringify(name) + '.',
    );
    expect(() => FlowLogContributorRule.custom({ name, keys: [F.SRC_ADDR] })).toThrow(/FlowLogContributorRule: `name` must be 1-64 letters/);
  });

  test('bad conditions and duplicate names', () => {
    expect(() => C.equalTo(F.ACTION, 1)).toThrow(/`action` holds text; numeric comparisons need a number field/);
    expect(() => C.greaterThan(F.BYTES, NaN)).toThrow(/must be a finite number, got NaN/);
    expect(() => C.lessThan(F.BYTES, Infinity)).toThrow(/must be a finite number, got Infinity/);
    expect(() => C.isIn(F.ACTION, [])).toThrow(/must be a non-empty array of non-empty strings/);
    expect(() => C.startsWith(F.SRC_ADDR, ['10.', ''])).toThrow(/must be a non-empty array of non-empty strings/);
    expect(() => rules({ contributorRules: [FlowLogContributorRule.topTalkers(), FlowLogContributorRule.topTalkers()] }))
      .toThrow(/two Contributor Insights rules are named "TopTalkers"/);
  });

  // "If the operator field is In, NotIn, or StartsWith, it is followed by an array of string values
  // to check for. Contributor Insights evaluates the array of string values with an OR operator. The
  // array can include as many as 10 string values. If the operator field is GreaterThan, LessThan,
  // EqualTo, or NotEqualTo, it is followed by a single numerical value to compare with."
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
  test.each([
    ['isIn', () => C.isIn(F.DST_PORT, ['22', '3389'])],
    ['notIn', () => C.notIn(F.PROTOCOL, ['6'])],
    ['startsWith', () => C.startsWith(F.SRC_PORT, ['80'])],
    ['isIn', () => C.isIn(F.TCP_FLAGS, ['2'])],
  ])('%s on a number field is refused: In, NotIn and StartsWith take strings, numbers are compared one at a time', (method, fn) => {
    expect(fn).toThrow(new RegExp(`FlowLogContributorCondition.${method}: \`[a-z-]+\` holds numbers; Contributor Insights documents In, NotIn and StartsWith with string values only.*use equalTo, notEqualTo, greaterThan or lessThan`));
  });

  test('any-of on text is the counterpart of FlowLogFilter.whereStringIn: the same values, OR-ed, up to 10', () => {
    const values = ['ACCEPT', 'REJECT'];
    const both = C.isIn(F.ACTION, values);
    values.push('x'); // the condition keeps a copy
    expect(both._render()).toEqual({ Match: 'action', In: ['ACCEPT', 'REJECT'] });
    expect(C.notIn(F.FLOW_DIRECTION, ['ingress', 'egress'])._render()).toEqual({ Match: 'flow-direction', NotIn: ['ingress', 'egress'] });
    const ten = Array.from({ length: 10 }, (_, i) => `10.${i}.`);
    expect(C.startsWith(F.SRC_ADDR, ten)._render()).toEqual({ Match: 'srcaddr', StartsWith: ten });
  });

  test('startsWith takes prefixes of action values, isIn and notIn only whole values', () => {
    expect(C.startsWith(F.ACTION, ['REJ'])._render()).toEqual({ Match: 'action', StartsWith: ['REJ'] });
    expect(() => C.isIn(F.ACTION, ['REJ'])).toThrow(/`action` is one of ACCEPT, REJECT \(case-sensitive\); got "REJ"/);
  });

  test('problems are data: one per field the format lacks, all of them in the renderBody error', () => {
    const rule = FlowLogContributorRule.custom({
      name: 'X', keys: [F.SRC_ADDR, F.FLOW_DIRECTION], valueField: F.BYTES, conditions: [C.equalTo(F.TCP_FLAGS, 2)],
    });
    const format = [F.SRC_ADDR, F.BYTES];
    const problems = rule._problems(format);
    expect(problems).toEqual([
      expect.stringMatching(/rule "X" reads `flow-direction`, which is not in the record format \(srcaddr bytes\)\. Add FlowLogField.FLOW_DIRECTION to `logFormat`/),
      expect.stringMatching(/rule "X" reads `tcp-flags`.* Add FlowLogField.TCP_FLAGS to `logFormat`/),
    ]);
    expect(() => rule.renderBody('my-group', format)).toThrow(problems.join(' '));
    expect(rule._problems([...format, F.FLOW_DIRECTION, F.TCP_FLAGS])).toEqual([]);
  });

  test('renderBody: 1-based positions in the given format', () => {
    const body = JSON.parse(FlowLogContributorRule.topRejectedSources().renderBody('my-group', [F.ACTION, F.DST_PORT, F.SRC_ADDR]));
    expect(body.LogGroupNames).toEqual(['my-group']);
    expect(body.Fields).toEqual({ 1: 'action', 3: 'srcaddr' });
  });

  test('a long default rule name is shortened to 128 characters, keeping the rule name', () => {
    const stack = new Stack(new App(), 'S'.repeat(100));
    new FlowLogsToCloudWatch(stack, 'F'.repeat(60), { targets: [ENI], contributorRules: [FlowLogContributorRule.topTalkers()] });
    const [r] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::InsightRule')) as any[];
    expect(r.Properties.RuleName.length).toBeLessThanOrEqual(128);
    expect(r.Properties.RuleName).toMatch(/-TopTalkers$/);
  });
});

describe('log group class', () => {
  test('a rule on a supplied INFREQUENT_ACCESS log group is refused (the class does not offer Contributor Insights); queries are fine', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    const logGroup = new logs.LogGroup(stack, 'Cheap', { logGroupClass: logs.LogGroupClass.INFREQUENT_ACCESS });
    expect(() => new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI], logGroup, contributorRules: [FlowLogContributorRule.topTalkers()] }))
      .toThrow(/Contributor Insights rule "TopTalkers" needs a log group of class STANDARD, but the log group given as `logGroup` is of class INFREQUENT_ACCESS/);
    // Added before the first target: refused when that target settles the format.
    const late = new FlowLogsToCloudWatch(stack, 'Late', { logGroup, queries: [FlowLogQuery.topTalkers()] });
    late.addContributorRule(FlowLogContributorRule.topTalkers());
    expect(() => late.addTarget(ENI)).toThrow(/Contributor Insights rule "TopTalkers" needs a log group of class STANDARD/);
  });

  test('queries on an INFREQUENT_ACCESS log group synthesize', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    const logGroup = new logs.LogGroup(stack, 'Cheap', { logGroupClass: logs.LogGroupClass.INFREQUENT_ACCESS });
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI], logGroup, queries: [FlowLogQuery.topTalkers()] });
    Template.fromStack(stack).resourceCountIs('AWS::Logs::QueryDefinition', 1);
  });
});
