import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogField, FlowLogFieldType, FlowLogRecordKind, FlowLogsToCloudWatch, FlowLogTarget } from '../lib';

const NUM = FlowLogFieldType.NUMBER;
const TEXT = FlowLogFieldType.TEXT;

/**
 * The "Available fields" table of VPC flow log records, in AWS order: name, version, value type.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
 * Numbers are the fields whose values are always whole numbers (Parquet INT_32 / INT_64 in the table);
 * encryption-status holds 0, 1, 2 or 3 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-encryption-controls.html).
 */
const VPC_TABLE: [string, number, FlowLogFieldType][] = [
  ['version', 2, NUM], ['account-id', 2, TEXT], ['interface-id', 2, TEXT], ['srcaddr', 2, TEXT], ['dstaddr', 2, TEXT],
  ['srcport', 2, NUM], ['dstport', 2, NUM], ['protocol', 2, NUM], ['packets', 2, NUM], ['bytes', 2, NUM],
  ['start', 2, NUM], ['end', 2, NUM], ['action', 2, TEXT], ['log-status', 2, TEXT],
  ['vpc-id', 3, TEXT], ['subnet-id', 3, TEXT], ['instance-id', 3, TEXT], ['tcp-flags', 3, NUM], ['type', 3, TEXT],
  ['pkt-srcaddr', 3, TEXT], ['pkt-dstaddr', 3, TEXT],
  ['region', 4, TEXT], ['az-id', 4, TEXT], ['sublocation-type', 4, TEXT], ['sublocation-id', 4, TEXT],
  ['pkt-src-aws-service', 5, TEXT], ['pkt-dst-aws-service', 5, TEXT], ['flow-direction', 5, TEXT], ['traffic-path', 5, NUM],
  ['ecs-cluster-arn', 7, TEXT], ['ecs-cluster-name', 7, TEXT], ['ecs-container-instance-arn', 7, TEXT],
  ['ecs-container-instance-id', 7, TEXT], ['ecs-container-id', 7, TEXT], ['ecs-second-container-id', 7, TEXT],
  ['ecs-service-name', 7, TEXT], ['ecs-task-definition-arn', 7, TEXT], ['ecs-task-arn', 7, TEXT], ['ecs-task-id', 7, TEXT],
  ['reject-reason', 8, TEXT],
  ['resource-id', 9, TEXT],
  ['encryption-status', 10, NUM],
  // version 11 (June 2026): IDs, type names and tag values, all text
  ['instance-tag', 11, TEXT], ['instance-tag-2', 11, TEXT], ['interface-tag', 11, TEXT], ['interface-tag-2', 11, TEXT],
  ['asg-tag', 11, TEXT], ['asg-tag-2', 11, TEXT], ['interface-type', 11, TEXT], ['next-hop-interface-id', 11, TEXT],
  ['next-hop-subnet-id', 11, TEXT], ['next-hop-az-id', 11, TEXT], ['next-hop-vpc-id', 11, TEXT], ['next-hop-interface-type', 11, TEXT],
];

/**
 * The "Available fields" table of transit gateway flow log records, in AWS order: name, version, value type.
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html#flow-log-records
 */
const TGW_TABLE: [string, number, FlowLogFieldType][] = [
  ['version', 2, NUM], ['resource-type', 6, TEXT], ['account-id', 2, TEXT], ['tgw-id', 6, TEXT], ['tgw-attachment-id', 6, TEXT],
  ['tgw-src-vpc-account-id', 6, TEXT], ['tgw-dst-vpc-account-id', 6, TEXT], ['tgw-src-vpc-id', 6, TEXT], ['tgw-dst-vpc-id', 6, TEXT],
  ['tgw-src-subnet-id', 6, TEXT], ['tgw-dst-subnet-id', 6, TEXT], ['tgw-src-eni', 6, TEXT], ['tgw-dst-eni', 6, TEXT],
  ['tgw-src-az-id', 6, TEXT], ['tgw-dst-az-id', 6, TEXT], ['tgw-pair-attachment-id', 6, TEXT],
  ['srcaddr', 2, TEXT], ['dstaddr', 2, TEXT], ['srcport', 2, NUM], ['dstport', 2, NUM], ['protocol', 2, NUM],
  ['packets', 2, NUM], ['bytes', 2, NUM], ['start', 2, NUM], ['end', 2, NUM], ['log-status', 2, TEXT], ['type', 3, TEXT],
  ['packets-lost-no-route', 6, NUM], ['packets-lost-blackhole', 6, NUM], ['packets-lost-mtu-exceeded', 6, NUM],
  ['packets-lost-ttl-expired', 6, NUM], ['tcp-flags', 3, NUM], ['region', 4, TEXT], ['flow-direction', 5, TEXT],
  ['pkt-src-aws-service', 5, TEXT], ['pkt-dst-aws-service', 5, TEXT],
];

/** The fields added after version 8, each with the constant that holds it (from VPC_TABLE above). */
const NEWER_FIELDS: [string, FlowLogField, number, FlowLogFieldType][] = [
  ['resource-id', FlowLogField.RESOURCE_ID, 9, TEXT],
  ['encryption-status', FlowLogField.ENCRYPTION_STATUS, 10, NUM],
  ['instance-tag', FlowLogField.INSTANCE_TAG, 11, TEXT],
  ['interface-tag-2', FlowLogField.INTERFACE_TAG_2, 11, TEXT],
  ['next-hop-interface-type', FlowLogField.NEXT_HOP_INTERFACE_TYPE, 11, TEXT],
];

describe('FlowLogField.DEFAULT_FORMAT', () => {
  test('is exactly the 14 version-2 fields, in AWS order', () => {
    // https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html (default format)
    expect(FlowLogField.DEFAULT_FORMAT.map(f => f.name)).toEqual([
      'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
      'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
    ]);
  });

  test('every field is a version-2 field of VPC records', () => {
    for (const f of FlowLogField.DEFAULT_FORMAT) {
      expect(f.version).toBe(2);
      expect(f.appliesTo(FlowLogRecordKind.VPC)).toBe(true);
      expect(f.isCustom).toBe(false);
    }
  });

  test('the default formats are frozen: a format of your own starts from a copy', () => {
    expect(Object.isFrozen(FlowLogField.DEFAULT_FORMAT)).toBe(true);
    expect(Object.isFrozen(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT)).toBe(true);
    expect(() => (FlowLogField.DEFAULT_FORMAT as FlowLogField[]).pop()).toThrow(TypeError);
    expect(FlowLogField.DEFAULT_FORMAT).toHaveLength(14);
  });

  test('renders as the CDK LogFormat.ALL_DEFAULT_FIELDS string', () => {
    expect(FlowLogField.DEFAULT_FORMAT.map(f => f.toString()).join(' ')).toBe(ec2.LogFormat.ALL_DEFAULT_FIELDS.value);
  });
});

describe('FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT', () => {
  test('is exactly the 36 transit gateway fields, in AWS order', () => {
    // https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html#flow-log-records
    // ("With the default format, the flow log records includes all version 2 to version 6 fields,
    //  in the order shown in the available fields table.")
    const expected = [
      'version', 'resource-type', 'account-id', 'tgw-id', 'tgw-attachment-id',
      'tgw-src-vpc-account-id', 'tgw-dst-vpc-account-id', 'tgw-src-vpc-id', 'tgw-dst-vpc-id',
      'tgw-src-subnet-id', 'tgw-dst-subnet-id', 'tgw-src-eni', 'tgw-dst-eni', 'tgw-src-az-id',
      'tgw-dst-az-id', 'tgw-pair-attachment-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
      'protocol', 'packets', 'bytes', 'start', 'end', 'log-status', 'type',
      'packets-lost-no-route', 'packets-lost-blackhole', 'packets-lost-mtu-exceeded',
      'packets-lost-ttl-expired', 'tcp-flags', 'region', 'flow-direction',
      'pkt-src-aws-service', 'pkt-dst-aws-service',
    ];
    expect(expected).toHaveLength(36);
    expect(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT.map(f => f.name)).toEqual(expected);
  });

  test('every field exists in transit gateway records, none is repeated', () => {
    const names = FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT.map(f => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT) {
      expect(f.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)).toBe(true);
    }
  });

  test('has no action field (TGW records do not have one)', () => {
    expect(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT).not.toContain(FlowLogField.ACTION);
  });
});

describe('constant names', () => {
  // The constants are named as aws-cdk-lib's ec2.LogFormat names them (an independent source:
  // every field ec2.LogFormat has, under the same name, renders the same `${...}`).
  const cdkFields = Object.entries(ec2.LogFormat)
    .filter(([key, value]) => key !== 'ALL_DEFAULT_FIELDS' && value instanceof ec2.LogFormat) as [string, ec2.LogFormat][];

  test('ec2.LogFormat has the fields up to version 7', () => {
    expect(cdkFields.length).toBeGreaterThanOrEqual(39);
  });

  test.each(cdkFields)('FlowLogField.%s renders as the ec2.LogFormat member of that name', (key, value) => {
    const field = (FlowLogField as unknown as Record<string, FlowLogField | undefined>)[key];
    expect(field?.toString()).toBe(value.value);
  });
});

describe('appliesTo', () => {
  test('action is only in VPC records', () => {
    expect(FlowLogField.ACTION.appliesTo(FlowLogRecordKind.VPC)).toBe(true);
    expect(FlowLogField.ACTION.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)).toBe(false);
  });

  test('tgw-id is only in transit gateway records', () => {
    expect(FlowLogField.TGW_ID.appliesTo(FlowLogRecordKind.VPC)).toBe(false);
    expect(FlowLogField.TGW_ID.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)).toBe(true);
  });

  test('srcaddr is in both kinds of records', () => {
    expect(FlowLogField.SRC_ADDR.appliesTo(FlowLogRecordKind.VPC)).toBe(true);
    expect(FlowLogField.SRC_ADDR.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)).toBe(true);
  });

  test.each([
    FlowLogField.INTERFACE_ID, FlowLogField.TRAFFIC_PATH, FlowLogField.VPC_ID, FlowLogField.PKT_SRC_ADDR,
  ])('%s is not in transit gateway records', field => {
    expect(field.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)).toBe(false);
  });

  test('custom fields apply to both kinds', () => {
    const f = FlowLogField.custom('some-new-field', FlowLogFieldType.TEXT, 11);
    expect(f.appliesTo(FlowLogRecordKind.VPC)).toBe(true);
    expect(f.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)).toBe(true);
  });
});

describe('toString', () => {
  test('renders the field as it appears in a log format', () => {
    expect(FlowLogField.DST_PORT.toString()).toBe('${dstport}');
    expect(`${FlowLogField.LOG_STATUS}`).toBe('${log-status}');
    expect(FlowLogField.TRAFFIC_TYPE.toString()).toBe('${type}');
  });
});

describe('FlowLogField.custom', () => {
  test('makes a field with the given name, type and version', () => {
    const f = FlowLogField.custom('some-new-count', FlowLogFieldType.NUMBER, 11);
    expect(f.name).toBe('some-new-count');
    expect(f.valueType).toBe(FlowLogFieldType.NUMBER);
    expect(f.version).toBe(11);
    expect(f.isCustom).toBe(true);
    expect(f.toString()).toBe('${some-new-count}');
  });

  test('version defaults to 0 (unknown)', () => {
    expect(FlowLogField.custom('some-new-field', FlowLogFieldType.TEXT).version).toBe(0);
  });

  test('version 0 is accepted', () => {
    expect(FlowLogField.custom('some-new-field', FlowLogFieldType.TEXT, 0).version).toBe(0);
  });

  test('a custom field is not added to allKnown()', () => {
    FlowLogField.custom('some-new-field', FlowLogFieldType.TEXT);
    expect(FlowLogField.allKnown().map(f => f.name)).not.toContain('some-new-field');
  });

  test.each([
    [''],
    ['Dstport'],
    ['DST_PORT'],
    ['dst_port'],
    ['dst port'],
    ['${dstport}'],
    ['-dstport'],
    ['dstport-'],
    ['1field'],
    ['field.name'],
  ])('rejects the bad name %j', name => {
    expect(() => FlowLogField.custom(name, FlowLogFieldType.TEXT)).toThrow(/FlowLogField.custom: `name` must be a flow log field name of lower-case letters, digits and dashes/);
  });

  test.each([
    ['dstport', 'DST_PORT'],
    ['type', 'TRAFFIC_TYPE'],
    ['start', 'START_TIMESTAMP'],
    ['log-status', 'LOG_STATUS'],
    ['reject-reason', 'REJECT_REASON'],
    ['tgw-id', 'TGW_ID'],
    ['packets-lost-ttl-expired', 'PACKETS_LOST_TTL_EXPIRED'],
    ['resource-id', 'RESOURCE_ID'],
    ['encryption-status', 'ENCRYPTION_STATUS'],
  ])('rejects the known name %s and suggests FlowLogField.%s', (name, member) => {
    expect(() => FlowLogField.custom(name, FlowLogFieldType.NUMBER)).toThrow(
      new RegExp(`\`${name}\` is a field this library already knows; use \`FlowLogField\\.${member}\` instead`),
    );
  });

  test.each([[-1], [1.5], [NaN], [Infinity]])('rejects the bad version %p', version => {
    expect(() => FlowLogField.custom('some-new-field', FlowLogFieldType.TEXT, version)).toThrow(
      /FlowLogField.custom: `version` must be a whole number of at least 0, got /,
    );
  });
});

describe('FlowLogField.allKnown', () => {
  const members = Object.entries(FlowLogField).filter(([, v]) => v instanceof FlowLogField) as [string, FlowLogField][];

  test('there are 54 VPC fields and 18 TGW-only fields', () => {
    // 54 fields in the VPC table (v2..v11: 42 up to v10, 12 in v11) + 18 fields that only TGW records have.
    expect(VPC_TABLE).toHaveLength(54);
    expect(TGW_TABLE.filter(([name]) => !VPC_TABLE.some(([v]) => v === name))).toHaveLength(18);
    expect(members).toHaveLength(72);
  });

  test('no two constants share a record name', () => {
    const known = FlowLogField.allKnown();
    expect(new Set(known.map(f => f.name)).size).toBe(known.length);
  });

  test('returns a copy', () => {
    const a = FlowLogField.allKnown();
    a.pop();
    expect(FlowLogField.allKnown()).toHaveLength(members.length);
  });
});

describe('the AWS field tables', () => {
  const known = FlowLogField.allKnown();
  const byName = (name: string) => known.find(f => f.name === name);

  test.each(VPC_TABLE)('VPC field %s: version %d, %s, in VPC records', (name, version, valueType) => {
    const f = byName(name);
    expect(f).toBeDefined();
    expect([f!.version, f!.valueType, f!.appliesTo(FlowLogRecordKind.VPC)]).toEqual([version, valueType, true]);
  });

  test.each(TGW_TABLE)('transit gateway field %s: version %d, %s, in transit gateway records', (name, version, valueType) => {
    const f = byName(name);
    expect(f).toBeDefined();
    expect([f!.version, f!.valueType, f!.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)]).toEqual([version, valueType, true]);
  });

  test('the library knows exactly the fields of the two tables, each in the records whose table lists it', () => {
    const vpc = new Set(VPC_TABLE.map(([name]) => name));
    const tgw = new Set(TGW_TABLE.map(([name]) => name));
    expect(new Set(known.map(f => f.name))).toEqual(new Set([...vpc, ...tgw]));
    for (const f of known) {
      expect([f.name, f.appliesTo(FlowLogRecordKind.VPC), f.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)])
        .toEqual([f.name, vpc.has(f.name), tgw.has(f.name)]);
    }
  });

  test('the transit gateway default format is the transit gateway table, in its order', () => {
    expect(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT.map(f => f.name)).toEqual(TGW_TABLE.map(([name]) => name));
  });

  test('pkt-src-aws-service and pkt-dst-aws-service are in both kinds of records (version 5 in both tables)', () => {
    for (const f of [FlowLogField.PKT_SRC_AWS_SERVICE, FlowLogField.PKT_DST_AWS_SERVICE]) {
      expect(f.appliesTo(FlowLogRecordKind.VPC)).toBe(true);
      expect(f.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)).toBe(true);
      expect(f.version).toBe(5);
    }
  });
});

describe('fields newer than version 8', () => {
  test.each(NEWER_FIELDS)('%s', (name, field, version, valueType) => {
    expect(field.name).toBe(name);
    expect(field.version).toBe(version);
    expect(field.valueType).toBe(valueType);
    expect(field.isCustom).toBe(false);
    expect(field.appliesTo(FlowLogRecordKind.VPC)).toBe(true);
    expect(field.appliesTo(FlowLogRecordKind.TRANSIT_GATEWAY)).toBe(false);
    expect(field.toString()).toBe(`\${${name}}`);
    expect(FlowLogField.allKnown()).toContain(field);
  });

  test.each(NEWER_FIELDS)('FlowLogField.custom refuses %s and points to the constant', (name, field) => {
    const constant = Object.entries(FlowLogField).find(([, v]) => v === field)![0];
    expect(() => FlowLogField.custom(name, field.valueType, field.version))
      .toThrow(`FlowLogField.custom: \`${name}\` is a field this library already knows; use \`FlowLogField.${constant}\` instead.`);
  });

  test('they are not in either default format', () => {
    for (const [, field] of NEWER_FIELDS) {
      expect(FlowLogField.DEFAULT_FORMAT).not.toContain(field);
      expect(FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT).not.toContain(field);
    }
  });

  function synth(target: FlowLogTarget, logFormat: FlowLogField[]): Template {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [target], logFormat });
    return Template.fromStack(stack);
  }

  test('a VPC format may have them', () => {
    synth(FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d'), [FlowLogField.SRC_ADDR, FlowLogField.RESOURCE_ID, FlowLogField.ENCRYPTION_STATUS])
      .hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: '${srcaddr} ${resource-id} ${encryption-status}' });
  });

  test('a transit gateway format may not', () => {
    expect(() => synth(FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890'),
      [FlowLogField.SRC_ADDR, FlowLogField.RESOURCE_ID, FlowLogField.ENCRYPTION_STATUS]))
      .toThrow(/`logFormat` has `resource-id`, `encryption-status`, which transit gateway flow log records do not have/);
  });
});

describe('facts checked against a real source: aws-cdk-lib\'s ec2.LogFormat (also at the newest aws-cdk-lib, in test:newest)', () => {
  const formats = Object.getOwnPropertyNames(ec2.LogFormat)
    .map(k => [k, (ec2.LogFormat as any)[k]] as const)
    .filter(([, v]) => v instanceof ec2.LogFormat)
    .map(([k, v]) => [k, (v as ec2.LogFormat).value] as const);
  const fieldsOf = (value: string) => [...value.matchAll(/\$\{([a-z0-9-]+)\}/g)].map(m => m[1]);

  test('every record field aws-cdk-lib knows is a FlowLogField (fails when AWS adds one that aws-cdk-lib has and we lack)', () => {
    expect(formats.length).toBeGreaterThan(20);
    const known = new Set(FlowLogField.allKnown().map(f => f.name));
    const missing = formats.flatMap(([, v]) => fieldsOf(v)).filter(n => !known.has(n));
    expect(missing).toEqual([]);
  });

  test('the default format is aws-cdk-lib\'s ALL_DEFAULT_FIELDS, in its order', () => {
    const [, all] = formats.find(([k]) => k === 'ALL_DEFAULT_FIELDS')!;
    expect(FlowLogField.DEFAULT_FORMAT.map(f => f.name)).toEqual(fieldsOf(all));
  });
});
