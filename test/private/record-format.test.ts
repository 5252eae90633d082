import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogField as F, FlowLogFieldType, FlowLogRecordKind } from '../../lib';
import { columnName, fieldConstant, renderLogFormat, validateFormatForKind, validateFormatShape } from '../../lib/private/record-format';

describe('validateFormatShape', () => {
  test('returns a format of distinct fields as given', () => {
    const format = [F.SRC_ADDR, F.DST_PORT, F.ACTION];
    expect(validateFormatShape(format, 'logFormat')).toBe(format);
  });

  test('an empty format: a record needs at least one field', () => {
    expect(() => validateFormatShape([], 'logFormat'))
      .toThrow(/`logFormat` is empty: a flow log record needs at least one field\. Omit `logFormat` for the default format/);
  });

  test('a field listed twice, even as a custom field of the same name', () => {
    expect(() => validateFormatShape([F.SRC_ADDR, F.DST_PORT, F.SRC_ADDR], 'logFormat'))
      .toThrow('`logFormat` lists `srcaddr` more than once; each field may appear only once. Remove the duplicate.');
    const custom = () => F.custom('x-count', FlowLogFieldType.NUMBER);
    expect(() => validateFormatShape([custom(), custom()], 'format')).toThrow(/`format` lists `x-count` more than once/);
  });
});

describe('validateFormatForKind', () => {
  test('a transit gateway format may not have VPC-only fields', () => {
    expect(() => validateFormatForKind([F.SRC_ADDR, F.ACTION, F.INTERFACE_ID], FlowLogRecordKind.TRANSIT_GATEWAY, 'logFormat'))
      .toThrow(/`logFormat` has `action`, `interface-id`, which transit gateway flow log records do not have \(they are a field of VPC/);
    expect(() => validateFormatForKind([F.SRC_ADDR, F.TGW_ID], FlowLogRecordKind.VPC, 'logFormat'))
      .toThrow(/`logFormat` has `tgw-id`, which VPC \/ subnet \/ network interface flow log records do not have \(it is a field of transit gateway records\)/);
    expect(() => validateFormatForKind(F.TRANSIT_GATEWAY_DEFAULT_FORMAT, FlowLogRecordKind.TRANSIT_GATEWAY, 'logFormat')).not.toThrow();
  });
});

describe('fieldConstant', () => {
  /** Evaluates the code a message suggests. */
  const evaluate = (code: string): F => new Function('FlowLogField', 'FlowLogFieldType', `return ${code};`)(F, FlowLogFieldType);

  test('names a known field by its constant, which is the field', () => {
    expect(fieldConstant(F.FLOW_DIRECTION)).toBe('FlowLogField.FLOW_DIRECTION');
    expect(fieldConstant(F.START_TIMESTAMP)).toBe('FlowLogField.START_TIMESTAMP');
    for (const field of F.allKnown()) {
      expect(evaluate(fieldConstant(field))).toBe(field);
    }
  });

  test('names a custom field by the call that makes it again', () => {
    const custom = F.custom('x-example-count', FlowLogFieldType.NUMBER, 11);
    expect(fieldConstant(custom)).toBe("FlowLogField.custom('x-example-count', FlowLogFieldType.NUMBER)");
    const again = evaluate(fieldConstant(custom));
    expect([again.name, again.valueType]).toEqual([custom.name, custom.valueType]);
    expect(evaluate(fieldConstant(F.custom('x-label', FlowLogFieldType.TEXT))).valueType).toBe(FlowLogFieldType.TEXT);
  });
});

describe('columnName', () => {
  test('dashes become underscores; other names stay as they are', () => {
    expect(columnName(F.LOG_STATUS)).toBe('log_status');
    expect(columnName(F.PKT_SRC_AWS_SERVICE)).toBe('pkt_src_aws_service');
    expect(columnName(F.SRC_ADDR)).toBe('srcaddr');
  });

  test('every known field gets a column name of its own, of letters, digits and underscores', () => {
    const columns = F.allKnown().map(columnName);
    expect(new Set(columns).size).toBe(columns.length);
    for (const column of columns) expect(column).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe('renderLogFormat', () => {
  test('the default format renders as aws-cdk-lib\'s LogFormat.ALL_DEFAULT_FIELDS', () => {
    expect(renderLogFormat(F.DEFAULT_FORMAT)).toBe(ec2.LogFormat.ALL_DEFAULT_FIELDS.value);
  });
});
