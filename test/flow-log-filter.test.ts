import { Token } from 'aws-cdk-lib';
import { FlowLogComparison, FlowLogField, FlowLogFieldType, FlowLogFilter } from '../lib';

const F = FlowLogField;

/** The document's rejected-SSH filter. */
const rejectedSsh = () => FlowLogFilter.all()
  .whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 22)
  .whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, 6)
  .whereString(F.ACTION, FlowLogComparison.EQUAL, 'REJECT');

/** The issue's any-of filter: TCP to port 22 or 3389, rejected. */
const rejectedAdmin = () => FlowLogFilter.all()
  .whereNumberIn(F.DST_PORT, [22, 3389])
  .whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, 6)
  .whereString(F.ACTION, FlowLogComparison.EQUAL, 'REJECT');

/** Indexes of the records a filter matches. */
function selected(filter: FlowLogFilter, records: string[], format: FlowLogField[]): number[] {
  return records.map((r, i) => (filter.matches(r, format) ? i : -1)).filter(i => i >= 0);
}

/** The columns of a rendered `[a, b=1, c]` pattern. */
function columnsOf(pattern: string): string[] {
  expect(pattern.startsWith('[')).toBe(true);
  expect(pattern.endsWith(']')).toBe(true);
  return pattern.slice(1, -1).split(', ');
}

// ---------------------------------------------------------------------------------------------
// Records copied verbatim from the AWS page "Flow log record examples":
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html
// (archived copy: awsdocs/amazon-vpc-user-guide doc_source/flow-logs-records-examples.md)
// ---------------------------------------------------------------------------------------------

/** "Accepted and rejected traffic", "No data and skipped records", "Security group and network ACL rules", "IPv6 traffic" (default format). */
const DEFAULT_RECORDS = [
  // 0: SSH traffic (destination port 22, TCP) was allowed
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
  // 1: RDP traffic (destination port 3389, TCP) was rejected
  '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
  // 2: no data was recorded during the aggregation interval
  '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
  // 3: records were skipped during the aggregation interval
  '2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA',
  // 4: ping (ICMP) allowed by the network ACL and the security group
  '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK',
  // 5: response ping denied by the network ACL
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK',
  // 6: SSH traffic (port 22) from an IPv6 address was allowed
  '2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK',
];

/** "TCP flag sequence": the custom format, in the order the page states. */
const TCP_FLAGS_FORMAT = [
  F.VERSION, F.VPC_ID, F.SUBNET_ID, F.INSTANCE_ID, F.INTERFACE_ID, F.ACCOUNT_ID, F.TRAFFIC_TYPE,
  F.SRC_ADDR, F.DST_ADDR, F.SRC_PORT, F.DST_PORT, F.PKT_SRC_ADDR, F.PKT_DST_ADDR, F.PROTOCOL,
  F.BYTES, F.PACKETS, F.START_TIMESTAMP, F.END_TIMESTAMP, F.ACTION, F.TCP_FLAGS, F.LOG_STATUS,
];
const TCP_FLAGS_RECORDS = [
  // 0-3: two SYNs (2) from the client, each answered with a SYN-ACK (18)
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43416 10.0.0.62 52.213.180.42 6 376 7 1566848875 1566848933 ACCEPT 18 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43418 5001 52.213.180.42 10.0.0.62 6 100701 70 1566848875 1566848933 ACCEPT 2 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43418 10.0.0.62 52.213.180.42 6 632 12 1566848875 1566848933 ACCEPT 18 OK',
  // 4-5: FIN (1) both ways on port 43418
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43418 10.0.0.62 52.213.180.42 6 63388 1219 1566848933 1566849113 ACCEPT 1 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43418 5001 52.213.180.42 10.0.0.62 6 23294588 15774 1566848933 1566849113 ACCEPT 1 OK',
  // 6-7: SYN+FIN (3) and SYN-ACK+FIN (19). NB: the AWS text of the second line has a double space
  // ("43638  10.0.0.62"), kept as is.
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43638 5001 52.213.180.42 10.0.0.62 6 1260 17 1566933133 1566933193 ACCEPT 3 OK',
  '3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43638  10.0.0.62 52.213.180.42 6 967 14 1566933133 1566933193 ACCEPT 19 OK',
];

/** "Traffic through a transit gateway": the custom format of VPC B. */
const TGW_PATH_FORMAT = [
  F.VERSION, F.INTERFACE_ID, F.ACCOUNT_ID, F.VPC_ID, F.SUBNET_ID, F.INSTANCE_ID, F.SRC_ADDR, F.DST_ADDR,
  F.SRC_PORT, F.DST_PORT, F.PROTOCOL, F.TCP_FLAGS, F.TRAFFIC_TYPE, F.PKT_SRC_ADDR, F.PKT_DST_ADDR,
  F.ACTION, F.LOG_STATUS,
];
const TGW_PATH_RECORDS = [
  '3 eni-33333333333333333 123456789010 vpc-abcdefab012345678 subnet-22222222bbbbbbbbb i-01234567890123456 10.20.33.164 10.40.2.236 39812 80 6 3 IPv4 10.20.33.164 10.40.2.236 ACCEPT OK',
  // the page literally has a "..." line between the request and the response; it is no record
  '...',
  '3 eni-33333333333333333 123456789010 vpc-abcdefab012345678 subnet-22222222bbbbbbbbb i-01234567890123456 10.40.2.236 10.20.33.164 80 39812 6 19 IPv4 10.40.2.236 10.20.33.164 ACCEPT OK',
  // requester-managed transit gateway ENIs: instance-id is '-'
  '3 eni-11111111111111111 123456789010 vpc-abcdefab012345678 subnet-11111111aaaaaaaaa - 10.40.1.175 10.40.2.236 39812 80 6 3 IPv4 10.20.33.164 10.40.2.236 ACCEPT OK',
  '3 eni-22222222222222222 123456789010 vpc-abcdefab012345678 subnet-22222222bbbbbbbbb - 10.40.2.236 10.40.2.31 80 39812 6 19 IPv4 10.40.2.236 10.20.33.164 ACCEPT OK',
];

/** "Traffic through a NAT gateway": records of the NAT gateway's network interface. */
const NAT_FORMAT = [F.INSTANCE_ID, F.INTERFACE_ID, F.SRC_ADDR, F.DST_ADDR, F.PKT_SRC_ADDR, F.PKT_DST_ADDR];
const NAT_RECORDS = [
  '- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5',
  '- eni-1235b8ca123456789 10.0.0.220 203.0.113.5 10.0.0.220 203.0.113.5',
  '- eni-1235b8ca123456789 203.0.113.5 10.0.0.220 203.0.113.5 10.0.0.220',
  '- eni-1235b8ca123456789 10.0.0.220 10.0.1.5 203.0.113.5 10.0.1.5',
];

/** "Service name, traffic path, and flow direction" (version 5): the custom format, in the page's order. */
const V5_FORMAT = [
  F.VERSION, F.SRC_ADDR, F.DST_ADDR, F.SRC_PORT, F.DST_PORT, F.PROTOCOL, F.START_TIMESTAMP, F.END_TIMESTAMP,
  F.TRAFFIC_TYPE, F.PACKETS, F.BYTES, F.ACCOUNT_ID, F.VPC_ID, F.SUBNET_ID, F.INSTANCE_ID, F.INTERFACE_ID,
  F.REGION, F.AZ_ID, F.SUBLOCATION_TYPE, F.SUBLOCATION_ID, F.ACTION, F.TCP_FLAGS, F.PKT_SRC_ADDR,
  F.PKT_DST_ADDR, F.PKT_SRC_AWS_SERVICE, F.PKT_DST_AWS_SERVICE, F.TRAFFIC_PATH, F.FLOW_DIRECTION, F.LOG_STATUS,
];
const V5_RECORDS = [
  // 0: ingress from S3
  '5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 1616729349 IPv4 14 15044 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 10.0.0.71 S3 - - ingress OK',
  // 1: egress to S3 through an internet gateway (traffic-path 8)
  '5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK',
];

// ---------------------------------------------------------------------------------------------

describe('renderPattern', () => {
  test('renders the rejected-SSH filter for the default format', () => {
    expect(rejectedSsh().renderPattern(F.DEFAULT_FORMAT)).toBe(
      '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol=6, packets, bytes, start, end, action="REJECT", log_status]',
    );
  });

  test('a filter without conditions names every column', () => {
    expect(FlowLogFilter.all().renderPattern(F.DEFAULT_FORMAT)).toBe(
      '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, log_status]',
    );
  });

  test('renders one column per field, in the order of a custom format', () => {
    const format = [F.FLOW_DIRECTION, F.DST_PORT, F.VPC_ID, F.TCP_FLAGS, F.ACTION, F.PKT_SRC_AWS_SERVICE, F.AZ_ID, F.SRC_ADDR];
    const filter = FlowLogFilter.all()
      .whereString(F.ACTION, FlowLogComparison.EQUAL, 'ACCEPT')
      .whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 2)
      .whereString(F.FLOW_DIRECTION, FlowLogComparison.EQUAL, 'ingress');
    expect(filter.renderPattern(format)).toBe(
      '[flow_direction="ingress", dstport, vpc_id, tcp_flags=2, action="ACCEPT", pkt_src_aws_service, az_id, srcaddr]',
    );
  });

  test('renders the transit gateway default format', () => {
    const pattern = FlowLogFilter.all().whereNumber(F.PACKETS_LOST_BLACKHOLE, FlowLogComparison.GREATER_THAN, 0)
      .renderPattern(F.TRANSIT_GATEWAY_DEFAULT_FORMAT);
    const columns = columnsOf(pattern);
    expect(columns).toHaveLength(36);
    expect(columns[28]).toBe('packets_lost_blackhole>0');
    expect(columns[3]).toBe('tgw_id');
  });

  test.each([
    ['=', 'dstport=443'],
    ['!=', 'dstport!=443'],
    ['<', 'dstport<443'],
    ['<=', 'dstport<=443'],
    ['>', 'dstport>443'],
    ['>=', 'dstport>=443'],
  ])('renders the number comparison %s', (comparison, column) => {
    const columns = columnsOf(FlowLogFilter.all().whereNumber(F.DST_PORT, comparison as FlowLogComparison, 443).renderPattern(F.DEFAULT_FORMAT));
    expect(columns[6]).toBe(column);
  });

  test.each([
    ['=', 'action="ACCEPT"'],
    ['!=', 'action!="ACCEPT"'],
  ])('renders the text comparison %s', (comparison, column) => {
    const columns = columnsOf(FlowLogFilter.all().whereString(F.ACTION, comparison as FlowLogComparison, 'ACCEPT').renderPattern(F.DEFAULT_FORMAT));
    expect(columns[12]).toBe(column);
  });

  test('renders numbers as written, unquoted', () => {
    const columns = columnsOf(FlowLogFilter.all()
      .whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN_OR_EQUAL, 1048576)
      .whereNumber(F.START_TIMESTAMP, FlowLogComparison.LESS_THAN, 1418530010)
      .whereNumber(F.PACKETS, FlowLogComparison.GREATER_THAN, 0.5)
      .renderPattern(F.DEFAULT_FORMAT));
    expect(columns[9]).toBe('bytes>=1048576');
    expect(columns[10]).toBe('start<1418530010');
    expect(columns[8]).toBe('packets>0.5');
  });

  test('joins two conditions on the same field with &&', () => {
    const filter = FlowLogFilter.all()
      .whereNumber(F.DST_PORT, FlowLogComparison.GREATER_THAN_OR_EQUAL, 1024)
      .whereNumber(F.DST_PORT, FlowLogComparison.LESS_THAN_OR_EQUAL, 2048);
    expect(filter.renderPattern(F.DEFAULT_FORMAT)).toBe(
      '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport>=1024 && dstport<=2048, protocol, packets, bytes, start, end, action, log_status]',
    );
  });

  test('joins two text conditions on the same field with &&', () => {
    const columns = columnsOf(FlowLogFilter.all()
      .whereString(F.SRC_ADDR, FlowLogComparison.NOT_EQUAL, '10.0.*')
      .whereString(F.SRC_ADDR, FlowLogComparison.NOT_EQUAL, '172.31.*')
      .renderPattern(F.DEFAULT_FORMAT));
    expect(columns[3]).toBe('srcaddr!=10.0.* && srcaddr!=172.31.*');
  });

  test('renders a * wildcard value unquoted, as AWS documents wildcards (`srcaddr = 10.0.2.*`)', () => {
    const columns = columnsOf(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '10.0.*').renderPattern(F.DEFAULT_FORMAT));
    expect(columns[3]).toBe('srcaddr=10.0.*');
  });

  test.each(['a"b*', 'x,*', '*]'])('refuses a wildcard value with characters an unquoted value may not have: %j', (value) => {
    expect(() => FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, value))
      .toThrow(/has a `\*` wildcard and characters a wildcard value may not have/);
  });

  test('escapes " and \\ in text values', () => {
    const filter = FlowLogFilter.all().whereString(F.ACCOUNT_ID, FlowLogComparison.EQUAL, 'a"b\\c');
    // a"b\c  ->  "a\"b\\c"
    expect(columnsOf(filter.renderPattern(F.DEFAULT_FORMAT))[1]).toBe('account_id="a\\"b\\\\c"');
    // the condition keeps the value as given
    expect(filter.conditions[0].value).toBe('a"b\\c');
  });

  test('a field of the format that the filter does not read stays a bare column; custom fields work too', () => {
    const custom = F.custom('x-example-count', FlowLogFieldType.NUMBER, 10);
    const format = [F.SRC_ADDR, custom, F.ENCRYPTION_STATUS, F.REJECT_REASON];
    const filter = FlowLogFilter.all().whereNumber(custom, FlowLogComparison.EQUAL, 1).whereNumber(F.ENCRYPTION_STATUS, FlowLogComparison.EQUAL, 0).whereString(F.REJECT_REASON, FlowLogComparison.EQUAL, 'BPA');
    expect(filter.renderPattern(format)).toBe('[srcaddr, x_example_count=1, encryption_status=0, reject_reason="BPA"]');
  });

  test('a custom field matches a known one by name in the format', () => {
    // filter and format must agree on the field by name
    expect(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 22).renderPattern([F.SRC_ADDR, F.DST_PORT])).toBe('[srcaddr, dstport=22]');
  });

  test('accepts the port and protocol range limits', () => {
    const filter = FlowLogFilter.all()
      .whereNumber(F.SRC_PORT, FlowLogComparison.GREATER_THAN_OR_EQUAL, 0)
      .whereNumber(F.DST_PORT, FlowLogComparison.LESS_THAN_OR_EQUAL, 65535)
      .whereNumber(F.PROTOCOL, FlowLogComparison.LESS_THAN_OR_EQUAL, 255)
      .whereNumber(F.PROTOCOL, FlowLogComparison.GREATER_THAN_OR_EQUAL, 0);
    const columns = columnsOf(filter.renderPattern(F.DEFAULT_FORMAT));
    expect(columns[5]).toBe('srcport>=0');
    expect(columns[6]).toBe('dstport<=65535');
    expect(columns[7]).toBe('protocol<=255 && protocol>=0');
  });
});

describe('pattern length', () => {
  /** n custom number fields named `field-000`, `field-001`, ... (9 characters each). */
  const customFormat = (n: number) => Array.from({ length: n }, (_, i) =>
    F.custom(`field-${String(i).padStart(3, '0')}`, FlowLogFieldType.NUMBER));

  test('a pattern of exactly 1024 characters is allowed, 1025 is not', () => {
    // [ + 93 names of 9 characters + 92 ", " + ] = 1023; one more character in the last name makes 1024
    const base = customFormat(92);
    const fits = [...base, F.custom('field-092a', FlowLogFieldType.TEXT)];
    expect(FlowLogFilter.all().renderPattern(fits)).toHaveLength(1024);
    const over = [...base, F.custom('field-092ab', FlowLogFieldType.TEXT)];
    expect(() => FlowLogFilter.all().renderPattern(over)).toThrow(
      /the pattern for this format is 1025 characters, over CloudWatch Logs' limit of 1024/,
    );
  });

  test('conditions can push a pattern over the limit', () => {
    const format = customFormat(80); // 880 characters without conditions
    let filter = FlowLogFilter.all();
    expect(filter.renderPattern(format)).toHaveLength(880);
    for (const f of format.slice(0, 20)) {
      filter = filter.whereNumber(f, FlowLogComparison.GREATER_THAN_OR_EQUAL, 1000000).whereNumber(f, FlowLogComparison.LESS_THAN, 2000000);
    }
    expect(() => filter.renderPattern(format)).toThrow(/over CloudWatch Logs' limit of 1024\. Use a shorter `logFormat` \(fewer fields\) or fewer conditions/);
  });
});

describe('immutability', () => {
  test('whereNumber and whereString return a new filter and leave the original unchanged', () => {
    const base = FlowLogFilter.all();
    const a = base.whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 22);
    const b = a.whereString(F.ACTION, FlowLogComparison.EQUAL, 'REJECT');
    const c = a.whereString(F.ACTION, FlowLogComparison.EQUAL, 'ACCEPT');
    expect(a).not.toBe(base);
    expect(b).not.toBe(a);
    expect(base.conditions).toEqual([]);
    expect(a.conditions).toHaveLength(1);
    expect(b.conditions).toHaveLength(2);
    expect(c.conditions).toHaveLength(2);
    expect(b.conditions[1].value).toBe('REJECT');
    expect(c.conditions[1].value).toBe('ACCEPT');
    expect(columnsOf(a.renderPattern(F.DEFAULT_FORMAT))[12]).toBe('action');
  });

  test('all() returns a fresh empty filter each time', () => {
    expect(FlowLogFilter.all()).not.toBe(FlowLogFilter.all());
    expect(FlowLogFilter.all().conditions).toEqual([]);
  });

  test('the conditions array is frozen', () => {
    const filter = rejectedSsh();
    expect(Object.isFrozen(filter.conditions)).toBe(true);
    expect(Object.isFrozen(FlowLogFilter.all().conditions)).toBe(true);
    expect(() => (filter.conditions as any).push({ field: F.SRC_PORT, comparison: '=', value: '1' })).toThrow(TypeError);
    expect(filter.conditions).toHaveLength(3);
  });

  test('changing a condition handed out does not change the filter', () => {
    const filter = FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 22);
    const before = filter.renderPattern(F.DEFAULT_FORMAT);
    (filter.conditions[0] as any).value = '23';
    expect(filter.renderPattern(F.DEFAULT_FORMAT)).toBe(before);
    expect(filter.conditions[0].value).toBe('22');
  });

  test('conditions record field, comparison and value in the order added', () => {
    expect(rejectedSsh().conditions).toEqual([
      { field: F.DST_PORT, comparison: '=', value: '22' },
      { field: F.PROTOCOL, comparison: '=', value: '6' },
      { field: F.ACTION, comparison: '=', value: 'REJECT' },
    ]);
  });
});

describe('fields', () => {
  test('lists the fields read, each once, in the order first used', () => {
    const filter = FlowLogFilter.all()
      .whereNumber(F.DST_PORT, FlowLogComparison.GREATER_THAN_OR_EQUAL, 1024)
      .whereString(F.ACTION, FlowLogComparison.EQUAL, 'REJECT')
      .whereNumber(F.DST_PORT, FlowLogComparison.LESS_THAN, 2048)
      .whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, 17);
    expect(filter.fields).toEqual([F.DST_PORT, F.ACTION, F.PROTOCOL]);
  });

  test('is empty without conditions', () => {
    expect(FlowLogFilter.all().fields).toEqual([]);
  });
});

describe('errors', () => {
  test('a condition on a field that is not in the format names the field and lists the format', () => {
    const filter = FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 2);
    const message = /FlowLogFilter.renderPattern: the filter has a condition on `tcp-flags`, which is not in the record format \(version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\)/;
    expect(() => filter.renderPattern(F.DEFAULT_FORMAT)).toThrow(message);
    expect(() => filter.matches(DEFAULT_RECORDS[0], F.DEFAULT_FORMAT)).toThrow(/FlowLogFilter.matches: the filter has a condition on `tcp-flags`/);
  });

  test('action is not in the transit gateway format', () => {
    expect(() => rejectedSsh().renderPattern(F.TRANSIT_GATEWAY_DEFAULT_FORMAT)).toThrow(/condition on `action`, which is not in the record format \(version resource-type account-id /);
  });

  test.each([
    [F.DST_PORT], [F.PROTOCOL], [F.BYTES], [F.TCP_FLAGS], [F.VERSION],
  ])('whereString on the number field %s', field => {
    expect(() => FlowLogFilter.all().whereString(field, FlowLogComparison.EQUAL, '22')).toThrow(
      new RegExp(`FlowLogFilter.whereString: \`${field.name}\` holds numbers, not text; use whereNumber`),
    );
  });

  test.each([
    [F.ACTION], [F.SRC_ADDR], [F.LOG_STATUS], [F.ACCOUNT_ID], [F.FLOW_DIRECTION],
  ])('whereNumber on the text field %s', field => {
    expect(() => FlowLogFilter.all().whereNumber(field, FlowLogComparison.EQUAL, 1)).toThrow(
      new RegExp(`FlowLogFilter.whereNumber: \`${field.name}\` holds text, not numbers; use whereString`),
    );
  });

  test.each([['=='], ['=~'], ['<>'], ['=>'], [''], [' ='], ['eq']])(
    'whereNumber rejects the comparison %p', comparison => {
      // From JavaScript, a string that is not a member's value.
      expect(() => FlowLogFilter.all().whereNumber(F.DST_PORT, comparison as FlowLogComparison, 22)).toThrow(
        /FlowLogFilter.whereNumber: `comparison` must be one of FlowLogComparison \(EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL\), got ".*"\. Use e\.g\. FlowLogComparison\.EQUAL\./,
      );
    });

  test.each([['<'], ['<='], ['>'], ['>=']])(
    'whereString rejects the comparison %p', comparison => {
      expect(() => FlowLogFilter.all().whereString(F.SRC_ADDR, comparison as FlowLogComparison, '10.0.0.1')).toThrow(
        /FlowLogFilter.whereString: unknown comparison .* for `srcaddr`; use one of = !=/,
      );
    });

  test('a string that is the operator itself works from JavaScript (the members\' values are the operators)', () => {
    expect(FlowLogFilter.all().whereNumber(F.DST_PORT, '>=' as FlowLogComparison, 1024).renderPattern([F.DST_PORT])).toBe('[dstport>=1024]');
  });

  test.each([['accept'], ['Reject'], ['DROP'], ['ALLOW'], ['ACCEPT*']])('action %j', value => {
    expect(() => FlowLogFilter.all().whereString(F.ACTION, FlowLogComparison.EQUAL, value)).toThrow(
      /FlowLogFilter.whereString: `action` is one of ACCEPT, REJECT; got/,
    );
    expect(() => FlowLogFilter.all().whereString(F.ACTION, FlowLogComparison.NOT_EQUAL, value)).toThrow(/`action` is one of ACCEPT, REJECT/);
  });

  test.each([['ok'], ['FAILED'], ['NO_DATA'], ['SKIP']])('log-status %j', value => {
    expect(() => FlowLogFilter.all().whereString(F.LOG_STATUS, FlowLogComparison.EQUAL, value)).toThrow(
      /FlowLogFilter.whereString: `log-status` is one of OK, NODATA, SKIPDATA; got/,
    );
  });

  test.each([
    [F.DST_PORT, -1], [F.DST_PORT, 65536], [F.DST_PORT, 22.5], [F.DST_PORT, 100000],
    [F.SRC_PORT, -1], [F.SRC_PORT, 65536], [F.SRC_PORT, 0.1],
  ])('port %s %p', (field, value) => {
    expect(() => FlowLogFilter.all().whereNumber(field, FlowLogComparison.EQUAL, value)).toThrow(
      new RegExp(`FlowLogFilter.whereNumber: \`${field.name}\` is a port, a whole number from 0 to 65535; got ${value}`),
    );
  });

  test.each([[-1], [256], [6.5], [1000]])('protocol %p', value => {
    expect(() => FlowLogFilter.all().whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, value)).toThrow(
      /`protocol` is an IANA protocol number, a whole number from 0 to 255/,
    );
  });

  test.each([[NaN], [Infinity], [-Infinity]])('number value %p', value => {
    expect(() => FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN, value)).toThrow(
      /FlowLogFilter.whereNumber: `value` must be a finite number, got -?(NaN|Infinity)\./,
    );
  });

  test('token number value', () => {
    expect(() => FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN, Token.asNumber({ Ref: 'Threshold' }))).toThrow(
      /FlowLogFilter.whereNumber: the value for `bytes` is a token; .*needs a literal number/,
    );
  });

  test.each([[1e21], [1e-7]])('a number JavaScript writes in exponent notation (%p) cannot go into a pattern', value => {
    expect(() => FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN, value)).toThrow(
      /FlowLogFilter.whereNumber: the value for `bytes` \(1e[-+]\d+\) would be written in exponent notation/,
    );
  });

  test('empty text value', () => {
    expect(() => FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '')).toThrow(
      /FlowLogFilter.whereString: the value for `srcaddr` must be a non-empty string, got ""/,
    );
  });

  test.each([[' '], ['10.0.0.1 '], [' 10.0.0.1'], ['10.0.0.1 10.0.0.2'], ['a\tb'], ['a\nb']])('text value with white space %j', value => {
    expect(() => FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, value)).toThrow(
      /FlowLogFilter.whereString: the value for `srcaddr` contains white space/,
    );
  });

  test('token text value', () => {
    expect(() => FlowLogFilter.all().whereString(F.VPC_ID, FlowLogComparison.EQUAL, Token.asString({ Ref: 'X' }))).toThrow(
      /FlowLogFilter.whereString: the value for `vpc-id` is a token; .*needs a literal value/,
    );
  });

  test('an empty format', () => {
    expect(() => FlowLogFilter.all().renderPattern([])).toThrow(
      /FlowLogFilter.renderPattern: `format` must be a non-empty array of FlowLogField .*got an array of 0/,
    );
    expect(() => FlowLogFilter.all().matches(DEFAULT_RECORDS[0], [])).toThrow(
      /FlowLogFilter.matches: `format` must be a non-empty array of FlowLogField/,
    );
  });

  test('a format that lists a field twice', () => {
    const format = [F.SRC_ADDR, F.DST_PORT, F.SRC_ADDR];
    expect(() => FlowLogFilter.all().renderPattern(format)).toThrow(
      /FlowLogFilter.renderPattern: `format` lists `srcaddr` more than once; a record format has each field once/,
    );
    expect(() => FlowLogFilter.all().matches('10.0.0.1 22 10.0.0.1', format)).toThrow(/FlowLogFilter.matches: `format` lists `srcaddr` more than once/);
  });

  test('problems are data: one per missing field, all of them in the renderPattern error', () => {
    const filter = FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 2).whereString(F.FLOW_DIRECTION, FlowLogComparison.EQUAL, 'ingress');
    const problems = filter._problems(F.DEFAULT_FORMAT);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/condition on `tcp-flags`.* Add FlowLogField.TCP_FLAGS to `logFormat`/);
    expect(problems[1]).toMatch(/condition on `flow-direction`.* Add FlowLogField.FLOW_DIRECTION to `logFormat`/);
    expect(() => filter.renderPattern(F.DEFAULT_FORMAT)).toThrow(problems.join(' '));
    expect(rejectedSsh()._problems(F.DEFAULT_FORMAT)).toEqual([]);
  });

  test('a custom field missing from the format is named as FlowLogField.custom(...) in the fix', () => {
    const custom = F.custom('x-example-count', FlowLogFieldType.NUMBER);
    expect(() => FlowLogFilter.all().whereNumber(custom, FlowLogComparison.GREATER_THAN, 0).renderPattern(F.DEFAULT_FORMAT))
      .toThrow(/Add FlowLogField.custom\('x-example-count', FlowLogFieldType.NUMBER\) to `logFormat`/);
  });
});

describe('matches: default-format AWS example records', () => {
  const match = (filter: FlowLogFilter) => selected(filter, DEFAULT_RECORDS, F.DEFAULT_FORMAT);
  const acceptedSsh = FlowLogFilter.all()
    .whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 22).whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, 6).whereString(F.ACTION, FlowLogComparison.EQUAL, 'ACCEPT');
  const rejectedRdp = FlowLogFilter.all()
    .whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 3389).whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, 6).whereString(F.ACTION, FlowLogComparison.EQUAL, 'REJECT');

  test('the accepted SSH record is not matched by the rejected-SSH filter', () => {
    expect(rejectedSsh().matches(DEFAULT_RECORDS[0], F.DEFAULT_FORMAT)).toBe(false);
    expect(match(rejectedSsh())).toEqual([]);
  });

  test('the accepted-SSH filter matches the IPv4 and IPv6 SSH records', () => {
    expect(acceptedSsh.matches(DEFAULT_RECORDS[0], F.DEFAULT_FORMAT)).toBe(true);
    expect(match(acceptedSsh)).toEqual([0, 6]);
  });

  test('the rejected RDP record is matched by the rejected-RDP filter, not by the rejected-SSH filter', () => {
    expect(rejectedRdp.matches(DEFAULT_RECORDS[1], F.DEFAULT_FORMAT)).toBe(true);
    expect(rejectedSsh().matches(DEFAULT_RECORDS[1], F.DEFAULT_FORMAT)).toBe(false);
    expect(match(rejectedRdp)).toEqual([1]);
  });

  test('the filter without conditions matches every record', () => {
    expect(match(FlowLogFilter.all())).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  test.each([
    ['srcport', FlowLogFilter.all().whereNumber(F.SRC_PORT, FlowLogComparison.GREATER_THAN_OR_EQUAL, 0)],
    ['dstport =', FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 22)],
    ['dstport !=', FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.NOT_EQUAL, 22)],
    ['dstport <', FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.LESS_THAN, 65535)],
    ['dstport <=', FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.LESS_THAN_OR_EQUAL, 65535)],
    ['dstport >', FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.GREATER_THAN, 0)],
    ['protocol !=', FlowLogFilter.all().whereNumber(F.PROTOCOL, FlowLogComparison.NOT_EQUAL, 6)],
    ['packets >=', FlowLogFilter.all().whereNumber(F.PACKETS, FlowLogComparison.GREATER_THAN_OR_EQUAL, 0)],
    ['bytes <', FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.LESS_THAN, 1e12)],
  ])('NODATA and SKIPDATA records ("-" values) never meet a number condition (%s)', (_name, filter) => {
    expect(filter.matches(DEFAULT_RECORDS[2], F.DEFAULT_FORMAT)).toBe(false);
    expect(filter.matches(DEFAULT_RECORDS[3], F.DEFAULT_FORMAT)).toBe(false);
  });

  test('a number condition on the start time (a number even in NODATA records) matches them', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.START_TIMESTAMP, FlowLogComparison.GREATER_THAN_OR_EQUAL, 0))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(match(FlowLogFilter.all().whereNumber(F.START_TIMESTAMP, FlowLogComparison.EQUAL, 1431280876))).toEqual([2, 3]);
  });

  test('number conditions select the records with numbers that meet them', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.NOT_EQUAL, 22))).toEqual([1, 4, 5]);
    expect(match(FlowLogFilter.all().whereNumber(F.SRC_PORT, FlowLogComparison.NOT_EQUAL, 0))).toEqual([0, 1, 6]);
    expect(match(FlowLogFilter.all().whereNumber(F.PACKETS, FlowLogComparison.GREATER_THAN_OR_EQUAL, 0))).toEqual([0, 1, 4, 5, 6]);
  });

  test('log-status filters select NODATA and SKIPDATA records', () => {
    expect(match(FlowLogFilter.all().whereString(F.LOG_STATUS, FlowLogComparison.EQUAL, 'NODATA'))).toEqual([2]);
    expect(match(FlowLogFilter.all().whereString(F.LOG_STATUS, FlowLogComparison.EQUAL, 'SKIPDATA'))).toEqual([3]);
    expect(match(FlowLogFilter.all().whereString(F.LOG_STATUS, FlowLogComparison.NOT_EQUAL, 'OK'))).toEqual([2, 3]);
    expect(match(FlowLogFilter.all().whereString(F.LOG_STATUS, FlowLogComparison.EQUAL, 'OK'))).toEqual([0, 1, 4, 5, 6]);
  });

  test('action != "ACCEPT" matches REJECT and "-"', () => {
    expect(match(FlowLogFilter.all().whereString(F.ACTION, FlowLogComparison.NOT_EQUAL, 'ACCEPT'))).toEqual([1, 2, 3, 5]);
    expect(match(FlowLogFilter.all().whereString(F.ACTION, FlowLogComparison.EQUAL, 'REJECT'))).toEqual([1, 5]);
  });

  test('the ping pair (protocol 1): ACCEPT and REJECT', () => {
    const icmp = FlowLogFilter.all().whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, 1);
    expect(match(icmp)).toEqual([4, 5]);
    expect(match(icmp.whereString(F.ACTION, FlowLogComparison.EQUAL, 'ACCEPT'))).toEqual([4]);
    expect(match(icmp.whereString(F.ACTION, FlowLogComparison.EQUAL, 'REJECT'))).toEqual([5]);
    expect(match(icmp.whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '203.0.113.12'))).toEqual([4]);
  });

  test('the IPv6 SSH record', () => {
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '2001:db8:*'))).toEqual([6]);
    expect(match(acceptedSsh.whereString(F.DST_ADDR, FlowLogComparison.EQUAL, '2001:db8:1234:a102:3304:8879:34cf:4071'))).toEqual([6]);
    expect(match(acceptedSsh.whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN, 4249))).toEqual([6]);
  });

  test('text wildcards', () => {
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '172.31.*'))).toEqual([0, 1, 5]);
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '*.139'))).toEqual([0, 5]);
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '172.*.139'))).toEqual([0, 5]);
    expect(match(FlowLogFilter.all().whereString(F.INTERFACE_ID, FlowLogComparison.EQUAL, '*1111*'))).toEqual([3]);
    // '.' in a value is a literal dot, not a regular expression
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '172.31.16.1.9'))).toEqual([]);
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '172x31*'))).toEqual([]);
  });

  test('!= on text, with and without wildcards ("-" is not equal to a pattern)', () => {
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.NOT_EQUAL, '172.31.*'))).toEqual([2, 3, 4, 6]);
    expect(match(FlowLogFilter.all().whereString(F.INTERFACE_ID, FlowLogComparison.NOT_EQUAL, 'eni-1235b8ca123456789'))).toEqual([3]);
  });

  test('a text value matches the whole field only, case-sensitively', () => {
    expect(match(FlowLogFilter.all().whereString(F.DST_ADDR, FlowLogComparison.EQUAL, '172.31.16.21'))).toEqual([0]);
    expect(match(FlowLogFilter.all().whereString(F.DST_ADDR, FlowLogComparison.EQUAL, '172.31.16.2'))).toEqual([]);
    expect(match(FlowLogFilter.all().whereString(F.INTERFACE_ID, FlowLogComparison.EQUAL, 'ENI-*'))).toEqual([]);
    expect(match(FlowLogFilter.all().whereString(F.INTERFACE_ID, FlowLogComparison.EQUAL, 'eni-11111111AAAAAAAAA'))).toEqual([]);
  });

  test('a "-" text value can be matched literally', () => {
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '-'))).toEqual([2, 3]);
  });

  test('number boundaries: < and <= , > and >=', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.LESS_THAN, 4249))).toEqual([4, 5]);
    expect(match(FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.LESS_THAN_OR_EQUAL, 4249))).toEqual([0, 1, 4, 5]);
    expect(match(FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN, 4249))).toEqual([6]);
    expect(match(FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN_OR_EQUAL, 4249))).toEqual([0, 1, 6]);
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.LESS_THAN, 22))).toEqual([4, 5]);
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.GREATER_THAN_OR_EQUAL, 22))).toEqual([0, 1, 6]);
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.GREATER_THAN, 22))).toEqual([1]);
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.LESS_THAN_OR_EQUAL, 0))).toEqual([4, 5]);
  });

  test('two conditions on one field must both hold', () => {
    const C = FlowLogComparison;
    const range = FlowLogFilter.all().whereNumber(F.SRC_PORT, C.GREATER_THAN_OR_EQUAL, 20000).whereNumber(F.SRC_PORT, C.LESS_THAN, 40000);
    expect(match(range)).toEqual([0, 6]);
    expect(match(FlowLogFilter.all().whereNumber(F.SRC_PORT, C.GREATER_THAN, 50000).whereNumber(F.SRC_PORT, C.LESS_THAN, 10000))).toEqual([]);
  });

  test('all conditions must hold', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, 6).whereString(F.LOG_STATUS, FlowLogComparison.EQUAL, 'NODATA'))).toEqual([]);
  });

  test('a record with too few fields never matches; with more, the last field takes the rest of the line', () => {
    const all = FlowLogFilter.all();
    const record = DEFAULT_RECORDS[0];
    const fields = record.split(' ');
    expect(all.matches(fields.slice(0, 13).join(' '), F.DEFAULT_FORMAT)).toBe(false);
    expect(all.matches('', F.DEFAULT_FORMAT)).toBe(false);
    // As the pattern's last column does (AWS's [w1=ERROR, w2] example): log-status is "OK extra".
    expect(all.matches(record + ' extra', F.DEFAULT_FORMAT)).toBe(true);
    expect(acceptedSsh.matches(record + ' extra', F.DEFAULT_FORMAT)).toBe(acceptedSsh.matches(record, F.DEFAULT_FORMAT));
    const ok = FlowLogFilter.all().whereString(F.LOG_STATUS, FlowLogComparison.EQUAL, 'OK');
    expect(ok.matches(record, F.DEFAULT_FORMAT)).toBe(true);
    expect(ok.matches(record + ' extra', F.DEFAULT_FORMAT)).toBe(false);
    // a version 5 record read with the default format: its extra fields fall into the last column
    expect(all.matches(V5_RECORDS[0], F.DEFAULT_FORMAT)).toBe(true);
    expect(ok.matches(V5_RECORDS[0], F.DEFAULT_FORMAT)).toBe(false);
    // a default record read with a custom format
    expect(all.matches(record, TCP_FLAGS_FORMAT)).toBe(false);
  });

  test('leading and trailing white space around a record is ignored', () => {
    expect(acceptedSsh.matches(`  ${DEFAULT_RECORDS[0]}\n`, F.DEFAULT_FORMAT)).toBe(true);
  });
});

describe('matches: TCP flag sequence (custom format)', () => {
  const match = (filter: FlowLogFilter) => selected(filter, TCP_FLAGS_RECORDS, TCP_FLAGS_FORMAT);

  test('the format has the 21 fields of the page, with tcp-flags second to last', () => {
    expect(TCP_FLAGS_FORMAT.map(f => f.name).join(' ')).toBe(
      'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status',
    );
  });

  test('every record parses, including the one with a double space', () => {
    expect(match(FlowLogFilter.all())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('tcp-flags=2 selects exactly the SYN records', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 2))).toEqual([0, 2]);
  });

  test('other flags', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 18))).toEqual([1, 3]);
    expect(match(FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 1))).toEqual([4, 5]);
    expect(match(FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 3))).toEqual([6]);
    expect(match(FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 19))).toEqual([7]);
    expect(match(FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.GREATER_THAN_OR_EQUAL, 16))).toEqual([1, 3, 7]);
  });

  test('fields after the double space are read in the right columns', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 43638))).toEqual([7]);
    expect(match(FlowLogFilter.all().whereNumber(F.SRC_PORT, FlowLogComparison.EQUAL, 43638))).toEqual([6]);
    expect(match(FlowLogFilter.all().whereString(F.PKT_SRC_ADDR, FlowLogComparison.EQUAL, '10.0.0.62').whereNumber(F.BYTES, FlowLogComparison.EQUAL, 967))).toEqual([7]);
  });

  test('client-to-server records', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 5001))).toEqual([0, 2, 5, 6]);
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '52.*'))).toEqual([0, 2, 5, 6]);
  });

  test('bytes and packets are read in the format order (bytes before packets)', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN, 10000))).toEqual([2, 4, 5]);
    expect(match(FlowLogFilter.all().whereNumber(F.PACKETS, FlowLogComparison.GREATER_THAN, 1000))).toEqual([4, 5]);
  });

  test('the default-format rejected-SSH filter reads the right columns of this format', () => {
    expect(match(rejectedSsh())).toEqual([]);
    expect(rejectedSsh().renderPattern(TCP_FLAGS_FORMAT)).toBe(
      '[version, vpc_id, subnet_id, instance_id, interface_id, account_id, type, srcaddr, dstaddr, srcport, dstport=22, pkt_srcaddr, pkt_dstaddr, protocol=6, bytes, packets, start, end, action="REJECT", tcp_flags, log_status]',
    );
  });
});

describe('matches: traffic through a transit gateway (custom format)', () => {
  const match = (filter: FlowLogFilter) => selected(filter, TGW_PATH_RECORDS, TGW_PATH_FORMAT);

  test('the "..." line is no record', () => {
    expect(match(FlowLogFilter.all())).toEqual([0, 2, 3, 4]);
  });

  test('requester-managed ENIs have no instance', () => {
    expect(match(FlowLogFilter.all().whereString(F.INSTANCE_ID, FlowLogComparison.EQUAL, '-'))).toEqual([3, 4]);
    expect(match(FlowLogFilter.all().whereString(F.INSTANCE_ID, FlowLogComparison.NOT_EQUAL, '-'))).toEqual([0, 2]);
  });

  test('requests and responses', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 80))).toEqual([0, 3]);
    expect(match(FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 19))).toEqual([2, 4]);
    expect(match(FlowLogFilter.all().whereString(F.PKT_SRC_ADDR, FlowLogComparison.EQUAL, '10.20.33.164'))).toEqual([0, 3]);
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '10.40.*').whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 80))).toEqual([3]);
  });
});

describe('matches: traffic through a NAT gateway (custom format)', () => {
  const match = (filter: FlowLogFilter) => selected(filter, NAT_RECORDS, NAT_FORMAT);

  test('selects by address', () => {
    expect(match(FlowLogFilter.all().whereString(F.PKT_DST_ADDR, FlowLogComparison.EQUAL, '203.0.113.5'))).toEqual([0, 1]);
    expect(match(FlowLogFilter.all().whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '10.0.0.220'))).toEqual([1, 3]);
    expect(match(FlowLogFilter.all().whereString(F.INSTANCE_ID, FlowLogComparison.EQUAL, '-'))).toEqual([0, 1, 2, 3]);
  });
});

describe('matches: service name, traffic path and flow direction (version 5, custom format)', () => {
  const match = (filter: FlowLogFilter) => selected(filter, V5_RECORDS, V5_FORMAT);

  test('the format has the 29 fields of the page', () => {
    expect(V5_FORMAT.map(f => f.name).join(' ')).toBe(
      'version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status',
    );
    expect(match(FlowLogFilter.all())).toEqual([0, 1]);
  });

  test('flow-direction', () => {
    expect(match(FlowLogFilter.all().whereString(F.FLOW_DIRECTION, FlowLogComparison.EQUAL, 'ingress'))).toEqual([0]);
    expect(match(FlowLogFilter.all().whereString(F.FLOW_DIRECTION, FlowLogComparison.EQUAL, 'egress'))).toEqual([1]);
    expect(match(FlowLogFilter.all().whereString(F.FLOW_DIRECTION, FlowLogComparison.NOT_EQUAL, 'ingress'))).toEqual([1]);
  });

  test('traffic-path=8 selects the egress record; "-" on ingress meets no number condition', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.TRAFFIC_PATH, FlowLogComparison.EQUAL, 8))).toEqual([1]);
    expect(match(FlowLogFilter.all().whereNumber(F.TRAFFIC_PATH, FlowLogComparison.GREATER_THAN_OR_EQUAL, 0))).toEqual([1]);
    expect(match(FlowLogFilter.all().whereNumber(F.TRAFFIC_PATH, FlowLogComparison.NOT_EQUAL, 8))).toEqual([]);
  });

  test('service names', () => {
    expect(match(FlowLogFilter.all().whereString(F.PKT_SRC_AWS_SERVICE, FlowLogComparison.EQUAL, 'S3'))).toEqual([0]);
    expect(match(FlowLogFilter.all().whereString(F.PKT_DST_AWS_SERVICE, FlowLogComparison.EQUAL, 'S3'))).toEqual([1]);
    expect(match(FlowLogFilter.all().whereString(F.PKT_SRC_AWS_SERVICE, FlowLogComparison.EQUAL, '-'))).toEqual([1]);
  });

  test('other fields are read in the right columns', () => {
    expect(match(FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 19))).toEqual([0]);
    expect(match(FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.EQUAL, 80))).toEqual([1]);
    expect(match(FlowLogFilter.all().whereNumber(F.PACKETS, FlowLogComparison.LESS_THAN, 10))).toEqual([1]);
    expect(match(FlowLogFilter.all().whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN_OR_EQUAL, 15044))).toEqual([0]);
    expect(match(FlowLogFilter.all().whereString(F.AZ_ID, FlowLogComparison.EQUAL, 'apse2-*'))).toEqual([0, 1]);
    expect(match(FlowLogFilter.all().whereString(F.SUBLOCATION_TYPE, FlowLogComparison.NOT_EQUAL, '-'))).toEqual([]);
    expect(match(FlowLogFilter.all().whereString(F.REGION, FlowLogComparison.EQUAL, 'ap-southeast-2').whereString(F.ACTION, FlowLogComparison.EQUAL, 'ACCEPT'))).toEqual([0, 1]);
  });
});

describe('rendered pattern and format agree', () => {
  const cases: [string, FlowLogFilter, FlowLogField[]][] = [
    ['rejected SSH, default format', rejectedSsh(), F.DEFAULT_FORMAT],
    ['port range, default format', FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.GREATER_THAN_OR_EQUAL, 1024).whereNumber(F.DST_PORT, FlowLogComparison.LESS_THAN, 2048).whereString(F.ACTION, FlowLogComparison.NOT_EQUAL, 'ACCEPT'), F.DEFAULT_FORMAT],
    ['SYN, TCP-flags format', FlowLogFilter.all().whereNumber(F.TCP_FLAGS, FlowLogComparison.EQUAL, 2).whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '52.*'), TCP_FLAGS_FORMAT],
    ['egress to S3, v5 format', FlowLogFilter.all().whereString(F.FLOW_DIRECTION, FlowLogComparison.EQUAL, 'egress').whereString(F.PKT_DST_AWS_SERVICE, FlowLogComparison.EQUAL, 'S3').whereNumber(F.TRAFFIC_PATH, FlowLogComparison.EQUAL, 8), V5_FORMAT],
    ['lost packets, TGW default format', FlowLogFilter.all().whereNumber(F.PACKETS_LOST_NO_ROUTE, FlowLogComparison.GREATER_THAN, 0).whereString(F.TGW_ID, FlowLogComparison.EQUAL, 'tgw-*').whereString(F.LOG_STATUS, FlowLogComparison.EQUAL, 'OK'), F.TRANSIT_GATEWAY_DEFAULT_FORMAT],
    ['admin ports (any-of), TCP-flags format', rejectedAdmin(), TCP_FLAGS_FORMAT],
    ['any-of text with wildcards, v5 format', FlowLogFilter.all().whereStringIn(F.PKT_SRC_AWS_SERVICE, ['S3', 'DYNAMODB']).whereStringIn(F.SRC_ADDR, ['10.0.*', '52.95.128.179']), V5_FORMAT],
  ];

  test.each(cases)('%s', (_name, filter, format) => {
    const columns = columnsOf(filter.renderPattern(format));
    expect(columns).toHaveLength(format.length);
    format.forEach((field, i) => {
      const column = field.name.replace(/-/g, '_');
      const conds = filter.conditions.filter(c => c.field.name === field.name);
      if (conds.length === 0) {
        expect(columns[i]).toBe(column);
      } else {
        const quote = (v: string) => (c0.field.valueType === FlowLogFieldType.TEXT && !v.includes('*') ? `"${v}"` : v);
        const c0 = conds[0];
        if (c0.values) {
          // an any-of condition is the only one on its field: its values joined with ||
          expect(conds).toHaveLength(1);
          expect(columns[i].split(' || ')).toEqual(c0.values.map(v => `${column}=${quote(v)}`));
          expect(c0.value).toBe(c0.values[0]);
        } else {
          const parts = columns[i].split(' && ');
          expect(parts).toHaveLength(conds.length);
          conds.forEach((c, j) => expect(parts[j]).toBe(`${column}${c.comparison}${quote(c.value)}`));
        }
      }
    });
    // every condition (every value of an any-of condition) shows up exactly once
    const shown = columns.flatMap(c => c.split(/ && | \|\| /)).filter(c => /[=<>]/.test(c));
    expect(shown).toHaveLength(filter.conditions.reduce((n, c) => n + (c.values ? c.values.length : 1), 0));
  });
});

// ---------------------------------------------------------------------------------------------
// Any-of conditions (issue 13, item 4): `||` inside one column of the space-delimited pattern.
// "You can use `&&` as a logical AND operator and `||` as a logical OR operator, as in the
// following examples: [..., status_code = 403 || status_code = 404, bytes]"
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// (archived copy: awsdocs/amazon-cloudwatch-logs-user-guide doc_source/FilterAndPatternSyntax.md)
// ---------------------------------------------------------------------------------------------

describe('any-of conditions: rendering', () => {
  test('whereNumberIn renders the values joined with || in the field\'s column (default format)', () => {
    expect(rejectedAdmin().renderPattern(F.DEFAULT_FORMAT)).toBe(
      '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22 || dstport=3389, protocol=6, packets, bytes, start, end, action="REJECT", log_status]',
    );
  });

  test('the same filter on a reordered custom format puts the || column where the format has the field', () => {
    const format = [F.ACTION, F.TCP_FLAGS, F.PROTOCOL, F.SRC_ADDR, F.DST_PORT, F.FLOW_DIRECTION];
    expect(rejectedAdmin().renderPattern(format)).toBe(
      '[action="REJECT", tcp_flags, protocol=6, srcaddr, dstport=22 || dstport=3389, flow_direction]',
    );
    expect(rejectedAdmin().renderPattern(TCP_FLAGS_FORMAT)).toBe(
      '[version, vpc_id, subnet_id, instance_id, interface_id, account_id, type, srcaddr, dstaddr, srcport, dstport=22 || dstport=3389, pkt_srcaddr, pkt_dstaddr, protocol=6, bytes, packets, start, end, action="REJECT", tcp_flags, log_status]',
    );
  });

  test('whereStringIn quotes exact values and leaves wildcard values unquoted, as whereString does', () => {
    const filter = FlowLogFilter.all().whereStringIn(F.SRC_ADDR, ['10.0.0.1', '172.31.*', 'a"b']);
    expect(columnsOf(filter.renderPattern(F.DEFAULT_FORMAT))[3]).toBe('srcaddr="10.0.0.1" || srcaddr=172.31.* || srcaddr="a\\"b"');
    expect(FlowLogFilter.all().whereStringIn(F.LOG_STATUS, ['NODATA', 'SKIPDATA']).renderPattern([F.VERSION, F.LOG_STATUS]))
      .toBe('[version, log_status="NODATA" || log_status="SKIPDATA"]');
  });

  test('one value renders as a plain = condition; values keep the order given', () => {
    expect(columnsOf(FlowLogFilter.all().whereNumberIn(F.DST_PORT, [443]).renderPattern(F.DEFAULT_FORMAT))[6]).toBe('dstport=443');
    expect(columnsOf(FlowLogFilter.all().whereNumberIn(F.DST_PORT, [3389, 22, 0.5e1]).renderPattern(F.DEFAULT_FORMAT))[6])
      .toBe('dstport=3389 || dstport=22 || dstport=5');
  });

  test('any-of conditions on two fields, and single conditions on others', () => {
    const filter = FlowLogFilter.all()
      .whereNumberIn(F.PROTOCOL, [6, 17])
      .whereNumber(F.BYTES, FlowLogComparison.GREATER_THAN, 1000).whereNumber(F.BYTES, FlowLogComparison.LESS_THAN, 5000)
      .whereStringIn(F.ACTION, ['ACCEPT', 'REJECT']);
    expect(filter.renderPattern([F.ACTION, F.BYTES, F.PROTOCOL])).toBe(
      '[action="ACCEPT" || action="REJECT", bytes>1000 && bytes<5000, protocol=6 || protocol=17]',
    );
  });
});

describe('any-of conditions: conditions, fields, immutability', () => {
  test('an any-of condition is exposed with comparison =, value the first value and values all of them', () => {
    expect(rejectedAdmin().conditions).toEqual([
      { field: F.DST_PORT, comparison: '=', value: '22', values: ['22', '3389'] },
      { field: F.PROTOCOL, comparison: '=', value: '6' },
      { field: F.ACTION, comparison: '=', value: 'REJECT' },
    ]);
    // single-value conditions have no `values` at all
    expect('values' in rejectedAdmin().conditions[1]).toBe(false);
    expect(FlowLogFilter.all().whereStringIn(F.SRC_ADDR, ['10.*', '192.168.*']).conditions[0]).toEqual(
      { field: F.SRC_ADDR, comparison: '=', value: '10.*', values: ['10.*', '192.168.*'] },
    );
  });

  test('fields lists a field with an any-of condition once', () => {
    expect(rejectedAdmin().fields).toEqual([F.DST_PORT, F.PROTOCOL, F.ACTION]);
  });

  test('whereNumberIn and whereStringIn return a new filter; changing what was passed or handed out changes nothing', () => {
    const base = FlowLogFilter.all();
    const ports = [22, 3389];
    const addrs = ['10.*'];
    const a = base.whereNumberIn(F.DST_PORT, ports);
    const b = a.whereStringIn(F.SRC_ADDR, addrs);
    expect(a).not.toBe(base);
    expect(b).not.toBe(a);
    expect(base.conditions).toEqual([]);
    expect(a.conditions).toHaveLength(1);
    ports.push(443);
    addrs.push('172.16.*');
    (b.conditions[0].values as string[]).push('443');
    (b.conditions[1] as any).values = ['x'];
    expect(b.renderPattern([F.SRC_ADDR, F.DST_PORT])).toBe('[srcaddr=10.*, dstport=22 || dstport=3389]');
    expect(b.conditions[0].values).toEqual(['22', '3389']);
  });
});

describe('any-of conditions: matches() on the AWS example records', () => {
  const match = (filter: FlowLogFilter) => selected(filter, DEFAULT_RECORDS, F.DEFAULT_FORMAT);
  const adminPorts = FlowLogFilter.all().whereNumberIn(F.DST_PORT, [22, 3389]).whereNumber(F.PROTOCOL, FlowLogComparison.EQUAL, 6);
  /** AWS's rejected RDP record (record 1) with another destination port. */
  const rejectedTo = (port: string) => DEFAULT_RECORDS[1].replace(' 49761 3389 ', ` 49761 ${port} `);

  test('port 22 and port 3389 records match the any-of filter; ICMP (port 0) and NODATA records do not', () => {
    // 0: SSH (22) ACCEPT, 1: RDP (3389) REJECT, 6: IPv6 SSH (22) ACCEPT; 4-5: ping, port 0; 2-3: "-"
    expect(match(adminPorts)).toEqual([0, 1, 6]);
    expect(match(adminPorts.whereString(F.ACTION, FlowLogComparison.EQUAL, 'ACCEPT'))).toEqual([0, 6]);
  });

  test('the rejected-admin filter: 3389 rejected matches, 22 accepted does not', () => {
    expect(rejectedAdmin().matches(DEFAULT_RECORDS[1], F.DEFAULT_FORMAT)).toBe(true);
    expect(rejectedAdmin().matches(DEFAULT_RECORDS[0], F.DEFAULT_FORMAT)).toBe(false);
    expect(match(rejectedAdmin())).toEqual([1]);
  });

  test.each([
    ['22', true], ['3389', true], ['443', false], ['23', false], ['3388', false], ['-', false],
  ])('a rejected TCP record to port %s: %p', (port, expected) => {
    expect(rejectedAdmin().matches(rejectedTo(port), F.DEFAULT_FORMAT)).toBe(expected);
  });

  test('a list of non-admin ports matches none of the records', () => {
    expect(match(FlowLogFilter.all().whereNumberIn(F.DST_PORT, [80, 443, 8080]))).toEqual([]);
  });

  test('text any-of: exact values and wildcards, case-sensitive, whole values only', () => {
    expect(match(FlowLogFilter.all().whereStringIn(F.SRC_ADDR, ['172.31.9.69', '203.0.113.*']))).toEqual([1, 4]);
    expect(match(FlowLogFilter.all().whereStringIn(F.LOG_STATUS, ['NODATA', 'SKIPDATA']))).toEqual([2, 3]);
    expect(match(FlowLogFilter.all().whereStringIn(F.ACTION, ['ACCEPT', 'REJECT']))).toEqual([0, 1, 4, 5, 6]);
    expect(match(FlowLogFilter.all().whereStringIn(F.INTERFACE_ID, ['ENI-*', 'eni-1111']))).toEqual([]);
    expect(match(FlowLogFilter.all().whereStringIn(F.SRC_ADDR, ['2001:db8:*', '-']))).toEqual([2, 3, 6]);
  });

  test('custom format (TCP flag sequence): any-of on ports and on flags', () => {
    const m = (filter: FlowLogFilter) => selected(filter, TCP_FLAGS_RECORDS, TCP_FLAGS_FORMAT);
    expect(m(FlowLogFilter.all().whereNumberIn(F.TCP_FLAGS, [2, 18]))).toEqual([0, 1, 2, 3]);
    expect(m(FlowLogFilter.all().whereNumberIn(F.DST_PORT, [43418, 43638]))).toEqual([3, 4, 7]);
    expect(m(FlowLogFilter.all().whereNumberIn(F.TCP_FLAGS, [1, 3]).whereString(F.SRC_ADDR, FlowLogComparison.EQUAL, '52.*'))).toEqual([5, 6]);
    expect(m(rejectedAdmin())).toEqual([]);
  });
});

describe('any-of conditions: errors', () => {
  test.each([
    ['whereNumberIn', () => FlowLogFilter.all().whereNumberIn(F.DST_PORT, [])],
    ['whereStringIn', () => FlowLogFilter.all().whereStringIn(F.SRC_ADDR, [])],
  ])('%s: an empty list', (method, fn) => {
    expect(fn).toThrow(new RegExp(`FlowLogFilter.${method}: the values for \`(dstport|srcaddr)\` must be a non-empty array of (numbers|strings) \\(any of which the field may equal\\), got an array of 0`));
  });

  test('a value listed twice', () => {
    expect(() => FlowLogFilter.all().whereNumberIn(F.DST_PORT, [22, 3389, 22])).toThrow(
      /FlowLogFilter.whereNumberIn: the values for `dstport` list 22 more than once; list each value once/,
    );
    // 22 and 22.0 are one number
    expect(() => FlowLogFilter.all().whereNumberIn(F.BYTES, [1.5, 1.50])).toThrow(/list 1.5 more than once/);
    expect(() => FlowLogFilter.all().whereStringIn(F.ACTION, ['REJECT', 'REJECT'])).toThrow(
      /FlowLogFilter.whereStringIn: the values for `action` list "REJECT" more than once/,
    );
    // matching is case-sensitive: these are two values
    expect(FlowLogFilter.all().whereStringIn(F.VPC_ID, ['vpc-a', 'VPC-A']).conditions[0].values).toEqual(['vpc-a', 'VPC-A']);
  });

  test.each([
    [F.DST_PORT, [22, 65536]], [F.DST_PORT, [-1]], [F.SRC_PORT, [22.5, 23]], [F.DST_PORT, [3389, 100000]],
  ])('a port out of range: %s %p', (field, values) => {
    expect(() => FlowLogFilter.all().whereNumberIn(field, values)).toThrow(
      new RegExp(`FlowLogFilter.whereNumberIn: \`${field.name}\` is a port, a whole number from 0 to 65535; got`),
    );
  });

  test('a protocol out of range, a non-finite number, a token, exponent notation', () => {
    expect(() => FlowLogFilter.all().whereNumberIn(F.PROTOCOL, [6, 256])).toThrow(/`protocol` is an IANA protocol number, a whole number from 0 to 255; got 256/);
    expect(() => FlowLogFilter.all().whereNumberIn(F.BYTES, [1, NaN])).toThrow(/FlowLogFilter.whereNumberIn: `values\[1\]` must be a finite number, got NaN\./);
    expect(() => FlowLogFilter.all().whereNumberIn(F.BYTES, [Token.asNumber({ Ref: 'X' })])).toThrow(/FlowLogFilter.whereNumberIn: the value for `bytes` is a token/);
    expect(() => FlowLogFilter.all().whereNumberIn(F.BYTES, [1e21])).toThrow(/FlowLogFilter.whereNumberIn: the value for `bytes` \(1e\+21\) would be written in exponent notation/);
  });

  test.each([['DROP'], ['reject'], ['ACCEPT*']])('a wrong action value %j', value => {
    expect(() => FlowLogFilter.all().whereStringIn(F.ACTION, ['REJECT', value])).toThrow(
      /FlowLogFilter.whereStringIn: `action` is one of ACCEPT, REJECT; got/,
    );
  });

  test('other text values whereString refuses', () => {
    expect(() => FlowLogFilter.all().whereStringIn(F.LOG_STATUS, ['OK', 'FAILED'])).toThrow(/`log-status` is one of OK, NODATA, SKIPDATA; got "FAILED"/);
    expect(() => FlowLogFilter.all().whereStringIn(F.SRC_ADDR, ['10.0.0.1', ''])).toThrow(/the value for `srcaddr` must be a non-empty string, got ""/);
    expect(() => FlowLogFilter.all().whereStringIn(F.SRC_ADDR, ['10.0.0.1 10.0.0.2'])).toThrow(/the value for `srcaddr` contains white space/);
    expect(() => FlowLogFilter.all().whereStringIn(F.SRC_ADDR, ['a"b*'])).toThrow(/has a `\*` wildcard and characters a wildcard value may not have/);
    expect(() => FlowLogFilter.all().whereStringIn(F.VPC_ID, [Token.asString({ Ref: 'X' })])).toThrow(/FlowLogFilter.whereStringIn: the value for `vpc-id` is a token/);
  });

  test('the wrong kind of field', () => {
    expect(() => FlowLogFilter.all().whereNumberIn(F.ACTION, [1])).toThrow(
      /FlowLogFilter.whereNumberIn: `action` holds text, not numbers; use whereStringIn\(FlowLogField..., \['a', 'b'\]\)/,
    );
    expect(() => FlowLogFilter.all().whereStringIn(F.DST_PORT, ['22'])).toThrow(
      /FlowLogFilter.whereStringIn: `dstport` holds numbers, not text; use whereNumberIn\(FlowLogField..., \[22, 3389\]\)/,
    );
  });

  test('an any-of condition is the only condition on its field (AWS documents no precedence of && and || in a column)', () => {
    const ports = FlowLogFilter.all().whereNumberIn(F.DST_PORT, [22, 3389]);
    expect(() => ports.whereNumber(F.DST_PORT, FlowLogComparison.NOT_EQUAL, 22)).toThrow(
      /FlowLogFilter.whereNumber: `dstport` already has an any-of condition \(`\|\|`\), which must be the only condition on its field/,
    );
    expect(() => ports.whereNumberIn(F.DST_PORT, [443])).toThrow(
      /FlowLogFilter.whereNumberIn: `dstport` already has a condition; an any-of condition \(`\|\|`\) must be the only condition on its field/,
    );
    expect(() => FlowLogFilter.all().whereNumber(F.DST_PORT, FlowLogComparison.GREATER_THAN, 1024).whereNumberIn(F.DST_PORT, [22])).toThrow(/`dstport` already has a condition/);
    const addrs = FlowLogFilter.all().whereStringIn(F.SRC_ADDR, ['10.*']);
    expect(() => addrs.whereString(F.SRC_ADDR, FlowLogComparison.NOT_EQUAL, '10.0.0.1')).toThrow(/FlowLogFilter.whereString: `srcaddr` already has an any-of condition/);
    // other fields are free
    expect(ports.whereNumber(F.SRC_PORT, FlowLogComparison.NOT_EQUAL, 22).conditions).toHaveLength(2);
  });

  test('too many values: a column that can never fit the 1024-character pattern is refused at once', () => {
    // `dstport=1000` is 12 characters and ` || ` 4: 64 four-digit ports make a column of 1020
    // (1022 with [ ]); each five-digit port adds one. 62 + 2 fit exactly (1024), 61 + 3 do not.
    const ports = (fourDigit: number, fiveDigit: number) => [
      ...Array.from({ length: fourDigit }, (_, i) => 1000 + i), ...Array.from({ length: fiveDigit }, (_, i) => 10000 + i),
    ];
    const fits = FlowLogFilter.all().whereNumberIn(F.DST_PORT, ports(62, 2));
    expect(fits.renderPattern([F.DST_PORT])).toHaveLength(1024);
    expect(() => FlowLogFilter.all().whereNumberIn(F.DST_PORT, ports(61, 3))).toThrow(
      /FlowLogFilter.whereNumberIn: the 64 values for `dstport` make a column of 1023 characters, so no pattern holding it fits CloudWatch Logs' limit of 1024 characters; use fewer values \(AWS documents no other limit on `\|\|` alternatives\)/,
    );
    expect(() => FlowLogFilter.all().whereNumberIn(F.DST_PORT, ports(65, 0))).toThrow(/the 65 values for `dstport` make a column of 1036 characters/);
    const texts = Array.from({ length: 100 }, (_, i) => `10.0.${i}.*`);
    expect(() => FlowLogFilter.all().whereStringIn(F.SRC_ADDR, texts)).toThrow(/FlowLogFilter.whereStringIn: the 100 values for `srcaddr` make a column of/);
  });

  test('pattern too long: the values fit alone but not with the format\'s other columns', () => {
    const filter = FlowLogFilter.all().whereNumberIn(F.DST_PORT, Array.from({ length: 60 }, (_, i) => 1000 + i));
    expect(filter.renderPattern([F.DST_PORT])).toHaveLength(2 + 60 * 12 + 59 * 4);
    expect(() => filter.renderPattern(F.DEFAULT_FORMAT)).toThrow(
      /FlowLogFilter.renderPattern: the pattern for this format is \d+ characters, over CloudWatch Logs' limit of 1024\. .*fewer values in an any-of condition/,
    );
    expect(filter._problems(F.DEFAULT_FORMAT)).toHaveLength(1);
  });

  test('a field the format lacks', () => {
    expect(() => rejectedAdmin().renderPattern([F.SRC_ADDR, F.PROTOCOL, F.ACTION])).toThrow(
      /the filter has a condition on `dstport`, which is not in the record format \(srcaddr protocol action\)/,
    );
  });
});

describe('matches() is linear in the value and the field', () => {
  test('8 wildcards against 60 characters, and 30 against 10,000: fast, and right', () => {
    const f8 = FlowLogFilter.all().whereString(FlowLogField.INTERFACE_ID, FlowLogComparison.EQUAL, 'a*a*a*a*a*a*a*a*b');
    const field = 'a'.repeat(60);
    const record = (v: string) => `2 123456789012 ${v} 10.0.0.1 10.0.0.2 1 2 6 1 40 1 2 ACCEPT OK`;
    let started = Date.now();
    expect(f8.matches(record(field), FlowLogField.DEFAULT_FORMAT)).toBe(false);
    expect(f8.matches(record(field + 'b'), FlowLogField.DEFAULT_FORMAT)).toBe(true);
    expect(Date.now() - started).toBeLessThan(100);
    const f30 = FlowLogFilter.all().whereString(FlowLogField.INTERFACE_ID, FlowLogComparison.EQUAL, Array(31).fill('a').join('*') + 'z');
    started = Date.now();
    expect(f30.matches(record('a'.repeat(10_000)), FlowLogField.DEFAULT_FORMAT)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
