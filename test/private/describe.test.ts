import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FlowLogContributorCondition, FlowLogDetection, FlowLogField, FlowLogsToCloudWatch } from '../../lib';
import { checkEnum, describeValue } from '../../lib/private/describe';
import { build, ENI_TARGET, newStack } from '../util';

describe('describeValue: what cannot be shown is described, never printed raw', () => {
  test.each<[unknown, string]>([
    [undefined, 'nothing (undefined)'],
    [null, 'null'],
    [{ a: 1 }, 'an object'],
    [() => 1, 'a function (a factory not called?)'],
    [Token.asString({ Ref: 'X' }), 'a token'],
    [Token.asNumber({ Ref: 'X' }), 'a token'],
    ['a', '"a"'],
    [3, '3'],
    [[1, 2], 'an array of 2'],
  ])('%p -> %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});

describe('enum props given raw values from JavaScript are refused, naming the enum', () => {
  test.each<[string, object, RegExp]>([
    ['trafficType', { trafficType: 'all' }, /`trafficType` must be one of ec2\.FlowLogTrafficType \(ACCEPT, ALL, REJECT\), got "all"\. Use e\.g\. ec2\.FlowLogTrafficType\.ACCEPT/],
    ['retention', { retention: 8 }, /`retention` must be one of logs\.RetentionDays \(ONE_DAY, THREE_DAYS, .*\), got 8/],
    ['maxAggregationInterval', { maxAggregationInterval: 300 }, /`maxAggregationInterval` must be one of ec2\.FlowLogMaxAggregationInterval \(ONE_MINUTE, TEN_MINUTES\), got 300/],
  ])('%s', (_prop, props, message) => {
    expect(() => new FlowLogsToCloudWatch(newStack(), 'FlowLogs', { targets: [ENI_TARGET], ...props })).toThrow(message);
  });

  test('treatMissingData', () => {
    expect(() => FlowLogDetection.rejectedSsh({ treatMissingData: 'IGNORE' as cloudwatch.TreatMissingData }))
      .toThrow(/`treatMissingData` must be one of cloudwatch\.TreatMissingData \(BREACHING, NOT_BREACHING, IGNORE, MISSING\), got "IGNORE"/);
  });

  test('the enums themselves, and tokens, pass', () => {
    expect(() => build({
      trafficType: ec2.FlowLogTrafficType.REJECT,
      retention: logs.RetentionDays.ONE_YEAR,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    })).not.toThrow();
    expect(() => checkEnum(Token.asString({ Ref: 'T' }), ec2.FlowLogTrafficType, 'X', 'trafficType', 'ec2.FlowLogTrafficType')).not.toThrow();
    expect(() => FlowLogDetection.rejectedSsh({ treatMissingData: cloudwatch.TreatMissingData.IGNORE })).not.toThrow();
  });
});

describe('limits', () => {
  test('an alarm description over 1024 characters', () => {
    expect(() => FlowLogDetection.rejectedSsh({ alarmDescription: 'x'.repeat(1025) })).toThrow(/`alarmDescription` of detection "RejectedSsh" is 1025 characters; CloudWatch allows at most 1024/);
    expect(() => FlowLogDetection.rejectedSsh({ alarmDescription: 'x'.repeat(1024) })).not.toThrow();
  });

  test('a port out of range in a Contributor Insights equality', () => {
    expect(() => FlowLogContributorCondition.equalTo(FlowLogField.DST_PORT, 70000)).toThrow(/`dstport` is a port, a whole number from 0 to 65535; got 70000/);
    expect(() => FlowLogContributorCondition.notEqualTo(FlowLogField.PROTOCOL, 6.5)).toThrow(/`protocol` is an IANA protocol number/);
    expect(() => FlowLogContributorCondition.greaterThan(FlowLogField.DST_PORT, -1)).not.toThrow();
  });

  test('threshold 0 (or less) with >= is warned about: the alarm would fire whenever records arrive', () => {
    const stack = newStack();
    build({ detections: [FlowLogDetection.rejectedSsh({ threshold: 0 })] }, stack);
    const warnings = stack.node.findAll().flatMap(c => c.node.metadata).filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/^Detection "RejectedSsh" has `threshold` 0: its alarm fires when the Sum is >= the threshold.*Use a threshold of 1 or more\./)]);
  });
});

describe('describeValue names what it cannot print', () => {
  test('a construct of the wrong kind by its class and path; a plain object as an object; a long string cut', () => {
    const stack = newStack();
    const group = new logs.LogGroup(stack, 'Group');
    // by jsii's type information, which a bundled aws-cdk-lib keeps (its constructors may read `LogGroup2`)
    expect(describeValue(group)).toBe('an instance of logs.LogGroup (TestStack/Group)');
    expect(describeValue(new ec2.Port({ protocol: ec2.Protocol.TCP, stringRepresentation: 'x' }))).toBe('an instance of ec2.Port');
    class Plain { }
    expect(describeValue(new Plain())).toBe('an instance of Plain');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue('x'.repeat(10_000))).toBe(`"${'x'.repeat(100)}..." (10000 characters)`);
  });
});
