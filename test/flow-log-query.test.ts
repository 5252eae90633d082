import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  FlowLogDetection, FlowLogField as F, FlowLogFieldType, FlowLogQuery, FlowLogQueryProps, FlowLogsToCloudWatch, FlowLogsToCloudWatchProps,
  FlowLogTarget,
} from '../lib';

const ENI = FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d');

function definitions(props: FlowLogsToCloudWatchProps): any[] {
  const stack = new Stack(new App(), 'S');
  new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI], ...props });
  return Object.values(Template.fromStack(stack).findResources('AWS::Logs::QueryDefinition')).map((r: any) => r.Properties);
}

/** The names a `parse @message "* * ..." as a, b, ...` clause gives, in order. */
function parsedNames(query: string): string[] {
  const m = /^parse @message "([* ]+)" as ([^\n]+)\n/.exec(query);
  if (!m) throw new Error(`no parse clause in ${query}`);
  const names = m[2].split(', ');
  expect(m[1].split(' ')).toHaveLength(names.length);
  return names;
}

describe('default format: the fields Logs Insights discovers, no parse clause', () => {
  test.each([
    [FlowLogQuery.rejectedBySource(), 'RejectedBySource',
      'filter action = "REJECT"\n| stats count(*) as rejectedFlows by srcAddr\n| sort rejectedFlows desc\n| limit 25'],
    [FlowLogQuery.topTalkers(), 'TopTalkers', 'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 25'],
    [FlowLogQuery.rejectedSshOverTime(), 'RejectedSshOverTime',
      'filter action = "REJECT" and dstPort = 22 and protocol = 6\n| stats count(*) as rejectedSsh by bin(1h)'],
    [FlowLogQuery.rejectedAdminPortsOverTime(), 'RejectedAdminPortsOverTime',
      'filter action = "REJECT" and (dstPort = 22 or dstPort = 3389) and protocol = 6\n| stats count(*) as rejectedAdminPorts by bin(1h)'],
    [FlowLogQuery.forInterface('eni-1a2b3c4d'), 'ForInterface', 'filter interfaceId = "eni-1a2b3c4d"\n| sort @timestamp desc\n| limit 1000'],
  ])('%#: %s', (query, name, text) => {
    const [d] = definitions({ queries: [query] });
    expect(d.Name).toBe(`S/FlowLogs/${name}`);
    expect(d.QueryString).toBe(text);
    expect(d.LogGroupNames).toEqual([{ Ref: expect.stringMatching(/^FlowLogsLogGroup/) }]);
  });
});

describe('custom format: a parse clause with one name per format field, in order', () => {
  const format = [
    F.FLOW_DIRECTION, F.ACTION, F.DST_PORT, F.SRC_ADDR, F.DST_ADDR, F.BYTES, F.PROTOCOL, F.INTERFACE_ID, F.START_TIMESTAMP, F.TCP_FLAGS,
  ];

  test('every preset, the same query text after the parse clause', () => {
    const queries = [
      FlowLogQuery.rejectedBySource(), FlowLogQuery.topTalkers(), FlowLogQuery.rejectedSshOverTime(), FlowLogQuery.forInterface('eni-1a2b3c4d'),
      FlowLogQuery.rejectedAdminPortsOverTime(),
      FlowLogQuery.custom({ name: 'Custom', fields: [F.ACTION, F.DST_PORT], query: 'filter action = "REJECT"\n| stats count(*) by dstPort' }),
    ];
    const custom = definitions({ logFormat: format, queries });
    const plain = definitions({ queries });
    custom.forEach((d, i) => {
      expect(parsedNames(d.QueryString)).toEqual(['flowDirection', 'action', 'dstPort', 'srcAddr', 'dstAddr', 'bytes', 'protocol', 'interfaceId', 'startTime', 'tcpFlags']);
      expect(d.QueryString.split('\n').slice(1).join('\n')).toBe(`| ${plain[i].QueryString}`);
    });
  });

  test('a reordered default format gets a parse clause naming its fields as Logs Insights discovers them', () => {
    // "Supported logs and discovered fields", Amazon VPC flow logs:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
    const discovered = '@timestamp, @logStream, @message, accountId, endTime, interfaceId, logStatus, startTime, version, action, bytes, dstAddr, dstPort, packets, protocol, srcAddr, srcPort'
      .split(', ').filter(n => !n.startsWith('@'));
    const reordered = [...F.DEFAULT_FORMAT].reverse();
    const [d] = definitions({ logFormat: reordered, queries: [FlowLogQuery.topTalkers()] });
    const names = parsedNames(d.QueryString);
    expect([...names].sort()).toEqual([...discovered].sort());
    // each name in the column of its field: `srcaddr` -> srcAddr, `start` -> startTime, `log-status` -> logStatus
    names.forEach((name, i) => expect(name.toLowerCase().startsWith(reordered[i].name.replace(/-/g, ''))).toBe(true));
  });

  test('transit gateway records: parse clause over the transit gateway default format', () => {
    const stack = new Stack(new App(), 'S');
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')], queries: [FlowLogQuery.topTalkers()],
    });
    expect(parsedNames(stack.resolve(c.queries[0].queryString))).toHaveLength(36);
  });

  test('fields Logs Insights does not discover are named in camelCase', () => {
    expect(FlowLogQuery.fieldName(F.PKT_SRC_AWS_SERVICE)).toBe('pktSrcAwsService');
    expect(FlowLogQuery.fieldName(F.TGW_SRC_VPC_ACCOUNT_ID)).toBe('tgwSrcVpcAccountId');
    expect(FlowLogQuery.fieldName(F.custom('x-2nd-count', FlowLogFieldType.NUMBER))).toBe('x2ndCount');
  });
});

describe('errors', () => {
  test('a query on fields the format lacks', () => {
    expect(() => definitions({ logFormat: [F.SRC_ADDR, F.BYTES], queries: [FlowLogQuery.rejectedBySource()] }))
      .toThrow(/query "RejectedBySource" reads `action`, which the record format lacks \(srcaddr bytes\)/);
    const stack = new Stack(new App(), 'S');
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { queries: [FlowLogQuery.forInterface('eni-1a2b3c4d')] });
    // Added before the first target: checked when that target settles the format.
    expect(() => c.addTarget(FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0123456789abcdef0'))).toThrow(/query "ForInterface" reads `interface-id`/);
  });

  test('bad input', () => {
    expect(() => FlowLogQuery.forInterface('eni-nope')).toThrow(/"eni-nope" is not a network interface ID/);
    expect(() => FlowLogQuery.forInterface('eni-1a2b3c4d5')).toThrow(/"eni-1a2b3c4d5" is not a network interface ID/);
    expect(() => FlowLogQuery.topTalkers({ name: 'has space' })).toThrow(
      "FlowLogQuery: `name` must be 1-64 letters, digits, '-' or '_', starting with a letter (it names constructs and default names); got \"has space\".",
    );
    expect(() => FlowLogQuery.topTalkers({ queryName: '' })).toThrow(/`queryName` of query "TopTalkers" must be 1-255 characters/);
    expect(() => FlowLogQuery.topTalkers({ queryName: 'q'.repeat(256) })).toThrow(/`queryName` of query "TopTalkers" must be 1-255 characters/);
    expect(() => definitions({ queries: [FlowLogQuery.topTalkers(), FlowLogQuery.topTalkers()] })).toThrow(/two queries are named "TopTalkers"/);
  });

  test('a custom field whose query name clashes with another field', () => {
    expect(() => definitions({ logFormat: [F.SRC_ADDR, F.DST_ADDR, F.BYTES, F.custom('src-addr', FlowLogFieldType.TEXT)], queries: [FlowLogQuery.topTalkers()] }))
      .toThrow(/the format's fields `srcaddr` and `src-addr` would both be named `srcAddr`/);
  });

  test('problems are data: a missing field and a name clash are both reported by renderQuery', () => {
    const query = FlowLogQuery.rejectedBySource();
    const format = [F.SRC_ADDR, F.custom('src-addr', FlowLogFieldType.TEXT)];
    const problems = query._problems(format);
    expect(problems).toEqual([
      expect.stringMatching(/query "RejectedBySource" reads `action`, which the record format lacks/),
      expect.stringMatching(/fields `srcaddr` and `src-addr` would both be named `srcAddr`/),
    ]);
    expect(() => query.renderQuery(format)).toThrow(problems.join(' '));
    expect(query._problems(F.DEFAULT_FORMAT)).toEqual([]);
  });

  test('renderQuery: the query text for a format, without a construct', () => {
    expect(FlowLogQuery.topTalkers().renderQuery([F.BYTES, F.DST_ADDR, F.SRC_ADDR]))
      .toBe('parse @message "* * *" as bytes, dstAddr, srcAddr\n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 25');
  });

  test('queryName is used as given', () => {
    expect(definitions({ queries: [FlowLogQuery.topTalkers({ name: 'Talkers', queryName: 'flow-logs/talkers' })] })[0].Name).toBe('flow-logs/talkers');
  });
});

describe('rejectedAdminPortsOverTime agrees with the rejectedAdminPorts detection', () => {
  test('it reads the fields the detection\'s filter reads, and filters the same ports, protocol and action', () => {
    const query = FlowLogQuery.rejectedAdminPortsOverTime();
    const detection = FlowLogDetection.rejectedAdminPorts();
    const text = query.renderQuery(F.DEFAULT_FORMAT);
    for (const c of detection.filter.conditions) {
      for (const value of c.values ?? [c.value]) {
        const shown = c.field.valueType === FlowLogFieldType.TEXT ? `"${value}"` : value;
        expect(text).toContain(`${FlowLogQuery.fieldName(c.field)} = ${shown}`);
      }
    }
    // a format the detection cannot read, the query cannot either
    const format = [F.SRC_ADDR, F.PROTOCOL, F.ACTION];
    expect(detection.filter._problems(format)).toHaveLength(1);
    expect(query._problems(format)).toEqual([expect.stringMatching(/query "RejectedAdminPortsOverTime" reads `dstport`, which the record format lacks/)]);
  });
});

describe('custom queries', () => {
  const rejectedByPort = (extra: Partial<FlowLogQueryProps> = {}) => FlowLogQuery.custom({
    name: 'RejectedByPort',
    fields: [F.ACTION, F.DST_PORT],
    query: 'filter action = "REJECT"\n| stats count(*) as rejectedFlows by dstPort\n| sort rejectedFlows desc',
    ...extra,
  });

  test('default format: the query as written, no parse clause', () => {
    const [d] = definitions({ queries: [rejectedByPort()] });
    expect(d.Name).toBe('S/FlowLogs/RejectedByPort');
    expect(d.QueryString).toBe('filter action = "REJECT"\n| stats count(*) as rejectedFlows by dstPort\n| sort rejectedFlows desc');
    expect(d.LogGroupNames).toEqual([{ Ref: expect.stringMatching(/^FlowLogsLogGroup/) }]);
  });

  test('custom format: the generated parse clause, then the query as written (its new lines kept)', () => {
    const [d] = definitions({ logFormat: [F.DST_PORT, F.FLOW_DIRECTION, F.ACTION], queries: [rejectedByPort()] });
    expect(d.QueryString).toBe(
      'parse @message "* * *" as dstPort, flowDirection, action\n| filter action = "REJECT"\n| stats count(*) as rejectedFlows by dstPort\n| sort rejectedFlows desc',
    );
    // one line, and fields named as FlowLogQuery.fieldName gives
    const q = FlowLogQuery.custom({ name: 'Q', fields: [F.TCP_FLAGS], query: 'filter tcpFlags = 2 | stats count(*) by srcAddr' });
    expect(q.renderQuery([F.SRC_ADDR, F.TCP_FLAGS])).toBe('parse @message "* *" as srcAddr, tcpFlags\n| filter tcpFlags = 2 | stats count(*) by srcAddr');
    expect(q.renderQuery([F.SRC_ADDR, F.TCP_FLAGS])).toContain(FlowLogQuery.fieldName(F.TCP_FLAGS));
  });

  test('queryName is used as given; name rules as for presets', () => {
    expect(definitions({ queries: [rejectedByPort({ queryName: 'flow-logs/rejected-by-port' })] })[0].Name).toBe('flow-logs/rejected-by-port');
    expect(rejectedByPort().name).toBe('RejectedByPort');
    expect(rejectedByPort({ queryName: 'x' }).queryName).toBe('x');
    for (const name of ['1x', '', 'has space', 'x'.repeat(65)]) {
      expect(() => rejectedByPort({ name })).toThrow(
        "FlowLogQuery.custom: `name` must be 1-64 letters, digits, '-' or '_', starting with a letter (it names constructs and default names); got " + JSON.stringify(name) + '.',
      );
    }
    expect(() => rejectedByPort({ queryName: '' })).toThrow(/`queryName` of query "RejectedByPort" must be 1-255 characters/);
    expect(() => rejectedByPort({ queryName: 'q'.repeat(256) })).toThrow(/`queryName` of query "RejectedByPort" must be 1-255 characters/);
    expect(() => definitions({ queries: [rejectedByPort(), rejectedByPort()] })).toThrow(/two queries are named "RejectedByPort"/);
  });

  test('a field the format lacks is refused with the presets\' message', () => {
    expect(() => definitions({ logFormat: [F.SRC_ADDR, F.ACTION], queries: [rejectedByPort()] }))
      .toThrow(/query "RejectedByPort" reads `dstport`, which the record format lacks \(srcaddr action\)\. Add it to `logFormat`, or leave the query out/);
    expect(rejectedByPort()._problems([F.SRC_ADDR])).toEqual([
      expect.stringMatching(/query "RejectedByPort" reads `action`, `dstport`, which the record format lacks \(srcaddr\)\. Add them to `logFormat`/),
    ]);
    // transit gateway records have no action: refused when the targets are known
    const stack = new Stack(new App(), 'S');
    expect(() => new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')], queries: [rejectedByPort()],
    })).toThrow(/query "RejectedByPort" reads `action`, which the record format lacks \(version resource-type/);
  });

  test('fields: at least one, each once', () => {
    expect(() => rejectedByPort({ fields: [] })).toThrow(
      /FlowLogQuery.custom: `fields` of query "RejectedByPort" must list the FlowLogFields the query reads .* got an array of 0/,
    );
    expect(() => rejectedByPort({ fields: [F.ACTION, F.DST_PORT, F.ACTION] })).toThrow(
      /FlowLogQuery.custom: `fields` of query "RejectedByPort" lists `action` more than once/,
    );
  });

  test.each(['', '   ', '\n\t'])('an empty query %j', query => {
    expect(() => rejectedByPort({ query })).toThrow(/FlowLogQuery.custom: `query` of query "RejectedByPort" must hold Logs Insights commands/);
  });

  test.each(['| filter action = "REJECT"', '  |stats count(*)', 'stats count(*) |', 'stats count(*)\n| '])('a leading or trailing | %j', query => {
    expect(() => rejectedByPort({ query })).toThrow(/`query` of query "RejectedByPort" starts or ends with `\|`/);
  });

  test.each([
    'parse @message "* * *" as a, b, c | filter a = 1',
    '  PARSE  @message "*" as a',
    'filter action = "REJECT"\n| parse @message "* *" as x, y\n| stats count(*) by x',
  ])('a query that parses @message itself: %j', query => {
    expect(() => rejectedByPort({ query })).toThrow(/`query` of query "RejectedByPort" parses @message; the record fields are parsed for you/);
  });

  test('parse of another field, and "parse" inside a value, are fine', () => {
    const q = rejectedByPort({ query: 'parse srcAddr "*.*.*.*" as a, b, c, d\n| stats count(*) by a' });
    expect(q.renderQuery(F.DEFAULT_FORMAT)).toBe('parse srcAddr "*.*.*.*" as a, b, c, d\n| stats count(*) by a');
    expect(rejectedByPort({ query: 'filter @message like "parse @message"' }).renderQuery(F.DEFAULT_FORMAT)).toBe('filter @message like "parse @message"');
  });

  test('a token query is taken as it is (its text is not known before deployment)', () => {
    const query = Token.asString({ Ref: 'QueryText' });
    const [d] = definitions({ logFormat: [F.ACTION, F.DST_PORT], queries: [rejectedByPort({ query })] });
    expect(JSON.stringify(d.QueryString)).toMatch(/parse @message \\"\* \*\\" as action, dstPort\\n\| .*"Ref":"QueryText"/);
  });

  test('the whole query must fit the 10,000 characters of a saved query, with the parse clause', () => {
    const body = 'filter action = "REJECT"' + ' '.repeat(10000 - 24);
    const q = rejectedByPort({ query: body });
    expect(q.renderQuery(F.DEFAULT_FORMAT)).toHaveLength(10000);
    expect(q._problems([F.DST_PORT, F.ACTION])).toEqual([
      expect.stringMatching(/query "RejectedByPort" is 10042 characters for this format \(with its parse clause\), over the 10000 a saved Logs Insights query may have/),
    ]);
    expect(() => definitions({ logFormat: [F.DST_PORT, F.ACTION], queries: [q] })).toThrow(/is 10042 characters for this format/);
  });
});
