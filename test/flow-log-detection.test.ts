import { Duration, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  FlowLogComparison, FlowLogDetection, FlowLogDetectionOptions, FlowLogField, FlowLogFieldType, FlowLogFilter, FlowLogQuery,
  FlowLogsToCloudWatch, FlowLogTarget,
} from '../lib';
import { build, ENI_TARGET as ENI, newStack } from './util';

const ADMIN_PATTERN = '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22 || dstport=3389, protocol=6, packets, bytes, start, end, action="REJECT", log_status]';
const SSH_PATTERN = '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol=6, packets, bytes, start, end, action="REJECT", log_status]';

describe('presets', () => {
  test("rejectedSsh is the source document's example", () => {
    const { template, c } = build({ detections: [FlowLogDetection.rejectedSsh()] });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^FlowLogsLogGroup') },
      FilterPattern: SSH_PATTERN,
      MetricTransformations: [{
        MetricNamespace: 'FlowLogs/TestStack/FlowLogs', MetricName: 'RejectedSsh', MetricValue: '1', DefaultValue: 0,
      }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FlowLogs/TestStack/FlowLogs',
      MetricName: 'RejectedSsh',
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: '10 or more rejected SSH (TCP 22) attempts in 1 hour, counted from VPC flow logs.',
      AlarmActions: Match.absent(),
    });
    expect(c.metricFilters).toHaveLength(1);
    expect(c.alarms).toHaveLength(1);
  });

  test('rejectedRdp: TCP 3389 REJECT, >= 10 per hour', () => {
    build({ detections: [FlowLogDetection.rejectedRdp()] }).template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: SSH_PATTERN.replace('dstport=22', 'dstport=3389'),
      MetricTransformations: [Match.objectLike({ MetricName: 'RejectedRdp' })],
    });
  });

  test('rejectedAdminPorts: TCP 22 or 3389 REJECT in one column with ||, >= 10 per hour', () => {
    const { template, c } = build({ detections: [FlowLogDetection.rejectedAdminPorts()] });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: ADMIN_PATTERN,
      MetricTransformations: [{ MetricNamespace: 'FlowLogs/TestStack/FlowLogs', MetricName: 'RejectedAdminPorts', MetricValue: '1', DefaultValue: 0 }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RejectedAdminPorts',
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmDescription: '10 or more rejected attempts on an admin port (TCP 22 or 3389) in 1 hour, counted from VPC flow logs.',
    });
    expect(c.metricFilters).toHaveLength(1);
    const detection = FlowLogDetection.rejectedAdminPorts();
    expect(detection.name).toBe('RejectedAdminPorts');
    expect(detection.threshold).toBe(10);
    expect(detection.filter.conditions[0]).toEqual({ field: FlowLogField.DST_PORT, comparison: '=', value: '22', values: ['22', '3389'] });
  });

  test('rejectedAdminPorts on a reordered custom format, with options, next to rejectedSsh and rejectedRdp', () => {
    const logFormat = [FlowLogField.ACTION, FlowLogField.PROTOCOL, FlowLogField.SRC_ADDR, FlowLogField.DST_PORT, FlowLogField.BYTES];
    const { template } = build({
      logFormat,
      detections: [
        FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp(),
        FlowLogDetection.rejectedAdminPorts({ name: 'AdminBurst', threshold: 50, period: Duration.minutes(5), valueField: FlowLogField.BYTES }),
      ],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '[action="REJECT", protocol=6, srcaddr, dstport=22 || dstport=3389, bytes]',
      MetricTransformations: [Match.objectLike({ MetricName: 'AdminBurst', MetricValue: '$bytes' })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AdminBurst', Threshold: 50, Period: 300 });
    template.resourceCountIs('AWS::Logs::MetricFilter', 3);
  });

  test('rejectedAdminPorts counts the AWS example records to port 22 or 3389 that are rejected TCP, nothing else', () => {
    // "Flow log record examples": https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html
    const accepted22 = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
    const rejected3389 = '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK';
    const rejectedPing = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK';
    const noData = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA';
    const { filter } = FlowLogDetection.rejectedAdminPorts();
    const counts = (record: string) => filter.matches(record, FlowLogField.DEFAULT_FORMAT);
    expect(counts(rejected3389)).toBe(true);
    expect(counts(rejected3389.replace(' 3389 ', ' 22 '))).toBe(true);
    expect(counts(accepted22)).toBe(false);
    expect(counts(accepted22.replace('ACCEPT', 'REJECT'))).toBe(true);
    expect(counts(rejected3389.replace(' 3389 ', ' 443 '))).toBe(false);
    expect(counts(rejected3389.replace(' 3389 6 ', ' 3389 17 '))).toBe(false);
    expect(counts(rejectedPing)).toBe(false);
    expect(counts(noData)).toBe(false);
    // it counts what rejectedSsh and rejectedRdp count together
    for (const record of [accepted22, rejected3389, rejectedPing, noData, rejected3389.replace(' 3389 ', ' 22 ')]) {
      expect(counts(record)).toBe(FlowLogDetection.rejectedSsh().filter.matches(record, FlowLogField.DEFAULT_FORMAT)
        || FlowLogDetection.rejectedRdp().filter.matches(record, FlowLogField.DEFAULT_FORMAT));
    }
  });

  test('rejectedTraffic: every REJECT record, >= 100 per hour', () => {
    const { template } = build({ detections: [FlowLogDetection.rejectedTraffic()] });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action="REJECT", log_status]',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RejectedTraffic', Threshold: 100 });
  });

  test('every option of a preset reaches the template', () => {
    const { template } = build({
      detections: [FlowLogDetection.rejectedSsh({
        name: 'SshBurst',
        threshold: 50,
        period: Duration.minutes(5),
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        metricNamespace: 'Security/FlowLogs',
        metricName: 'SshRejects',
        valueField: FlowLogField.PACKETS,
        alarmName: 'ssh-burst',
        alarmDescription: 'SSH burst',
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
      })],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [{ MetricNamespace: 'Security/FlowLogs', MetricName: 'SshRejects', MetricValue: '$packets', DefaultValue: 0 }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'ssh-burst',
      AlarmDescription: 'SSH burst',
      Namespace: 'Security/FlowLogs',
      MetricName: 'SshRejects',
      Threshold: 50,
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'missing',
    });
  });

  test('two variants of one preset coexist when one has its own name', () => {
    const { template } = build({
      detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedSsh({ name: 'RejectedSshStrict', threshold: 3 })],
    });
    template.resourceCountIs('AWS::Logs::MetricFilter', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RejectedSshStrict', Threshold: 3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RejectedSsh', Threshold: 10 });
  });
});

describe('custom detections and formats', () => {
  test('custom filter on a custom, reordered format with version 3-5 fields follows that order', () => {
    const logFormat = [
      FlowLogField.FLOW_DIRECTION, FlowLogField.ACTION, FlowLogField.VPC_ID, FlowLogField.DST_PORT, FlowLogField.SRC_ADDR,
      FlowLogField.PROTOCOL, FlowLogField.TCP_FLAGS, FlowLogField.AZ_ID, FlowLogField.BYTES,
    ];
    const { template } = build({
      logFormat,
      detections: [
        FlowLogDetection.rejectedSsh(),
        FlowLogDetection.custom({
          name: 'LargeEgress',
          filter: FlowLogFilter.all().whereString(FlowLogField.FLOW_DIRECTION, FlowLogComparison.EQUAL, 'egress').whereNumber(FlowLogField.BYTES, FlowLogComparison.GREATER_THAN, 1000000),
          threshold: 1,
          valueField: FlowLogField.BYTES,
        }),
      ],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '[flow_direction, action="REJECT", vpc_id, dstport=22, srcaddr, protocol=6, tcp_flags, az_id, bytes]',
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '[flow_direction="egress", action, vpc_id, dstport, srcaddr, protocol, tcp_flags, az_id, bytes>1000000]',
      MetricTransformations: [Match.objectLike({ MetricName: 'LargeEgress', MetricValue: '$bytes' })],
    });
  });

  test('valueField with a dash is its pattern column', () => {
    const { template } = build({
      targets: [FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')],
      detections: [FlowLogDetection.custom({
        name: 'Blackholed',
        filter: FlowLogFilter.all().whereNumber(FlowLogField.PACKETS_LOST_BLACKHOLE, FlowLogComparison.GREATER_THAN, 0),
        threshold: 1,
        valueField: FlowLogField.PACKETS_LOST_BLACKHOLE,
      })],
    }, newStack());
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('packets_lost_blackhole>0'),
      MetricTransformations: [Match.objectLike({ MetricValue: '$packets_lost_blackhole' })],
    });
  });

  test('a construct with no targets yet renders detections for the format of the targets added later', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
      detections: [FlowLogDetection.custom({ name: 'Lost', filter: FlowLogFilter.all().whereNumber(FlowLogField.PACKETS_LOST_NO_ROUTE, FlowLogComparison.GREATER_THAN, 0), threshold: 1 })],
    });
    c.addTarget(FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0a1b2c3d4e5f67890'));
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('^\\[version, resource_type, account_id, tgw_id, .*packets_lost_no_route>0, .*pkt_dst_aws_service\\]$'),
    });
  });
});

describe('addDetection', () => {
  test('adds a metric filter and an alarm later, exposed by the members', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI], alarmEmails: ['a@example.com'] });
    const alarm = c.addDetection(FlowLogDetection.rejectedRdp());
    expect(c.alarms).toEqual([alarm]);
    expect(c.metricFilters).toHaveLength(1);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RejectedRdp', AlarmActions: [{ Ref: Match.anyValue() }] });
  });
});

describe('errors', () => {
  test.each([
    [ec2.FlowLogTrafficType.ACCEPT, FlowLogDetection.rejectedSsh(), /detection "RejectedSsh" counts records whose action is never ACCEPT, but `trafficType` is ACCEPT.*Set `trafficType` to ALL/],
    [ec2.FlowLogTrafficType.ACCEPT, FlowLogDetection.rejectedAdminPorts(), /detection "RejectedAdminPorts" counts records whose action is never ACCEPT/],
    [ec2.FlowLogTrafficType.REJECT, FlowLogDetection.custom({ name: 'Accepted', filter: FlowLogFilter.all().whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, 'ACCEPT'), threshold: 1 }), /action is never REJECT, but `trafficType` is REJECT/],
    [ec2.FlowLogTrafficType.REJECT, FlowLogDetection.custom({ name: 'NotRejected', filter: FlowLogFilter.all().whereString(FlowLogField.ACTION, FlowLogComparison.NOT_EQUAL, 'REJECT'), threshold: 1 }), /action is never REJECT/],
  ])('a detection for traffic trafficType %s does not capture', (trafficType, detection, message) => {
    expect(() => build({ trafficType, detections: [detection] })).toThrow(message);
  });

  test('a detection that matches the captured traffic is fine', () => {
    build({ trafficType: ec2.FlowLogTrafficType.REJECT, detections: [FlowLogDetection.rejectedSsh()] })
      .template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    build({ trafficType: ec2.FlowLogTrafficType.REJECT, detections: [FlowLogDetection.rejectedAdminPorts()] })
      .template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
  });

  test('two detections writing the same metric', () => {
    expect(() => build({ detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp({ metricName: 'RejectedSsh' })] }))
      .toThrow(/detections "RejectedSsh" and "RejectedRdp" would both write metric "RejectedSsh" in namespace "FlowLogs\/TestStack\/FlowLogs".*Give one another `metricName`/);
  });

  test('more than 100 metric filters on one log group, counted at synth over constructs sharing it and the app\'s own', () => {
    const app = (appFilters: number) => {
      const stack = newStack();
      const first = new FlowLogsToCloudWatch(stack, 'First', {
        targets: [ENI],
        detections: Array.from({ length: 60 }, (_, i) => FlowLogDetection.rejectedTraffic({ name: `R${i}` })),
      });
      new FlowLogsToCloudWatch(stack, 'Second', {
        targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d')],
        logGroup: first.logGroup,
        role: first.role,
        detections: Array.from({ length: 39 }, (_, i) => FlowLogDetection.rejectedTraffic({ name: `R${i}` })),
      });
      // The app's own filters, on the group or on the same group imported by name.
      const groups = [first.logGroup, logs.LogGroup.fromLogGroupName(stack, 'Again', first.logGroup.logGroupName)];
      for (let i = 0; i < appFilters; i++) {
        groups[i % 2].addMetricFilter(`Own${i}`, { filterPattern: logs.FilterPattern.allEvents(), metricNamespace: 'App', metricName: `M${i}` });
      }
      return () => Template.fromStack(stack);
    };
    expect(app(1)).not.toThrow();
    expect(app(2)).toThrow(/the log group would have 101 metric filters \(this construct's detections and any other on the group\); CloudWatch Logs allows 100 per log group/);
  });

  test('two detections with the same name', () => {
    expect(() => build({ detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedSsh({ threshold: 3 })] }))
      .toThrow(/two detections are named "RejectedSsh".*Give one its own `name`/);
  });

  test.each([
    [Duration.seconds(30), '30 seconds'],
    [Duration.seconds(90), '1 minute 30 seconds'],
    [Duration.hours(25), '1 day 1 hour'],
  ])('period %s', (period, shown) => {
    expect(() => FlowLogDetection.rejectedSsh({ period }))
      .toThrow(new RegExp(`\`period\` of detection "RejectedSsh" must be a whole number of minutes from 1 minute to 1 day.*got ${shown}`));
  });

  test.each([NaN, Infinity, -Infinity])('threshold %p', (threshold) => {
    if (threshold === undefined) {
      expect(() => FlowLogDetection.custom({ name: 'X', filter: FlowLogFilter.all(), threshold })).toThrow(/`threshold` is required/);
    } else {
      expect(() => FlowLogDetection.rejectedSsh({ threshold })).toThrow(`FlowLogDetection.rejectedSsh: \`threshold\` must be a finite number, got ${threshold}.`);
    }
  });

  test.each([0, -1, 1.5])('evaluationPeriods %p', (evaluationPeriods) => {
    expect(() => FlowLogDetection.rejectedSsh({ evaluationPeriods })).toThrow(`FlowLogDetection.rejectedSsh: \`evaluationPeriods\` must be a whole number of at least 1, got ${evaluationPeriods}.`);
  });

  test('datapointsToAlarm > evaluationPeriods', () => {
    expect(() => FlowLogDetection.rejectedSsh({ evaluationPeriods: 2, datapointsToAlarm: 3 }))
      .toThrow(/`datapointsToAlarm` \(3\) of detection "RejectedSsh" cannot exceed `evaluationPeriods` \(2\)/);
  });

  test.each([
    ['metricNamespace', 'AWS/VPC', /may not start with "AWS\/"/],
    ['metricNamespace', 'a:b', /`metricNamespace` .* must be 1-255 printable ASCII characters without ':', '\*' or '\$'/],
    ['metricNamespace', '', /`metricNamespace` .* must be 1-255 printable ASCII characters/],
    ['metricNamespace', 'Réseau', /`metricNamespace` .* must be 1-255 printable ASCII characters/],
    ['alarmName', 'line\nbreak', /`alarmName` of detection "RejectedSsh" contains control characters/],
    ['metricNamespace', 'x'.repeat(256), /`metricNamespace`/],
    ['metricName', 'rejects*', /`metricName` of detection "RejectedSsh" must be 1-255 printable ASCII characters/],
    ['metricName', ' padded', /`metricName`/],
    ['valueField', FlowLogField.ACTION, /`valueField` of detection "RejectedSsh" must be a number field such as FlowLogField.BYTES or FlowLogField.PACKETS; `action` holds text/],
    ['alarmName', '', /`alarmName` of detection "RejectedSsh" must be a non-empty string/],
    ['alarmName', 'a'.repeat(256), /`alarmName` .* is 256 characters/],
    ['name', '1st', /`name` must be 1-64 letters/],
    ['name', 'has space', /`name` must be 1-64 letters/],
    ['name', 'x'.repeat(65), /`name` must be 1-64 letters/],
  ])('invalid %s %j', (prop, value, message) => {
    expect(() => FlowLogDetection.rejectedSsh({ [prop]: value } as FlowLogDetectionOptions)).toThrow(message);
  });

  test('tokens skip value checks', () => {
    const d = FlowLogDetection.rejectedSsh({
      threshold: Token.asNumber({ Ref: 'Threshold' }),
      metricName: Token.asString({ Ref: 'MetricName' }),
      evaluationPeriods: Token.asNumber({ Ref: 'Periods' }),
    });
    build({ detections: [d] }).template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: { Ref: 'Threshold' } });
  });

  test('valueField naming a field the format lacks', () => {
    expect(() => build({ detections: [FlowLogDetection.rejectedSsh({ valueField: FlowLogField.TCP_FLAGS })] }))
      .toThrow(/`valueField` `tcp-flags` of detection "RejectedSsh" is not in the record format \(version account-id .*\)\. Add FlowLogField.TCP_FLAGS to `logFormat`/);
  });

  test('a filter field the format lacks', () => {
    expect(() => build({ logFormat: [FlowLogField.SRC_ADDR, FlowLogField.ACTION], detections: [FlowLogDetection.rejectedSsh()] }))
      .toThrow('FlowLogsToCloudWatch: detection "RejectedSsh" has a condition on `dstport`, `protocol`, which are not in the record format (srcaddr action). Add FlowLogField.DST_PORT, FlowLogField.PROTOCOL to `logFormat`, or remove the condition from the detection\'s filter.');
    const encrypted = FlowLogField.custom('x-example-count', FlowLogFieldType.NUMBER);
    expect(() => build({
      logFormat: [FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR],
      detections: [FlowLogDetection.custom({ name: 'Plain', filter: FlowLogFilter.all().whereNumber(encrypted, FlowLogComparison.EQUAL, 0), threshold: 1 })],
    })).toThrow("detection \"Plain\" has a condition on `x-example-count`, which is not in the record format (srcaddr dstaddr). Add FlowLogField.custom('x-example-count', FlowLogFieldType.NUMBER) to `logFormat`");
    const noPort = [FlowLogField.SRC_ADDR, FlowLogField.PROTOCOL, FlowLogField.ACTION];
    expect(() => build({ logFormat: noPort, detections: [FlowLogDetection.rejectedAdminPorts()] }))
      .toThrow(/detection "RejectedAdminPorts" has a condition on `dstport`, which is not in the record format \(srcaddr protocol action\)/);
  });

  test('an any-of filter whose pattern is too long for the format is refused with the filter\'s message', () => {
    const filter = FlowLogFilter.all().whereNumberIn(FlowLogField.DST_PORT, Array.from({ length: 60 }, (_, i) => 1000 + i));
    const detection = FlowLogDetection.custom({ name: 'ManyPorts', filter, threshold: 1 });
    expect(detection._problems([FlowLogField.DST_PORT])).toEqual([]);
    expect(() => build({ detections: [detection] })).toThrow(/the pattern for this format is \d+ characters, over CloudWatch Logs' limit of 1024/);
  });

  test('a filter field transit gateway records do not have', () => {
    expect(() => build({ targets: [FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')], detections: [FlowLogDetection.rejectedSsh()] }))
      .toThrow(/detection "RejectedSsh" reads `action`, which transit gateway flow log records do not have/);
  });

  test('a detection added before its targets is checked when the first target settles the format', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { detections: [FlowLogDetection.rejectedSsh()] });
    expect(() => c.addTarget(FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d4e5f67890')))
      .toThrow(/detection "RejectedSsh" reads `action`, which transit gateway flow log records do not have/);
  });

  test('a supplied log group of the INFREQUENT_ACCESS class', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'Cheap', { logGroupClass: logs.LogGroupClass.INFREQUENT_ACCESS });
    expect(() => build({ logGroup, detections: [FlowLogDetection.rejectedSsh()] }, stack))
      .toThrow(/the log group given as `logGroup` is of class INFREQUENT_ACCESS, which CloudWatch Logs does not allow metric filters on/);
  });

  test('a STANDARD supplied log group takes detections', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'Std', { logGroupClass: logs.LogGroupClass.STANDARD });
    build({ logGroup, detections: [FlowLogDetection.rejectedSsh()] }, stack).template.resourceCountIs('AWS::Logs::MetricFilter', 1);
  });

  test('custom without name or threshold', () => {
    expect(() => FlowLogDetection.custom({ filter: FlowLogFilter.all(), threshold: 1 })).toThrow(/`name` is required/);
    expect(() => FlowLogDetection.custom({ name: 'X', filter: FlowLogFilter.all() })).toThrow(/`threshold` is required for detection "X"/);
  });
});

describe('any-of action conditions and trafficType', () => {
  test.each([
    [['ACCEPT', 'REJECT']],
    [['REJECT', 'ACCEPT']],
  ])('an action any-of %j holding the captured action is accepted whatever its order', (values) => {
    const detection = FlowLogDetection.custom({ name: 'Either', filter: FlowLogFilter.all().whereStringIn(FlowLogField.ACTION, values), threshold: 1 });
    expect(() => build({ trafficType: ec2.FlowLogTrafficType.REJECT, detections: [detection] })).not.toThrow();
  });
});

describe('per-contributor detections (Contributor Insights)', () => {
  test('rejectedSshPerSource: a rule keyed by srcaddr and dstaddr with the detection\'s conditions, an alarm on its top contributor', () => {
    const { template, c } = build({ detections: [FlowLogDetection.rejectedSshPerSource()], alarmEmails: ['secops@example.com'] });
    const rules = template.findResources('AWS::CloudWatch::InsightRule');
    expect(Object.keys(rules)).toHaveLength(1);
    const [ruleId, rule] = Object.entries<any>(rules)[0];
    expect(rule.Properties.RuleName).toBe('TestStack-FlowLogs-RejectedSshPerSource-Detection');
    const body = JSON.parse(template.toJSON().Resources[ruleId].Properties.RuleBody['Fn::Join'][1].map((p: any) => typeof p === 'string' ? p : '"G"').join('').replace('""G""', '"G"'));
    expect(body.Fields).toEqual({ 4: 'srcaddr', 5: 'dstaddr', 7: 'dstport', 8: 'protocol', 13: 'action' });
    expect(body.Contribution).toEqual({
      Keys: ['srcaddr', 'dstaddr'],
      Filters: [{ Match: 'dstport', EqualTo: 22 }, { Match: 'protocol', EqualTo: 6 }, { Match: 'action', In: ['REJECT'] }],
    });
    expect(body.AggregateOn).toBe('Count');
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const [alarmId, alarm] = Object.entries<any>(alarms)[0];
    expect(alarm.Properties).toMatchObject({
      Threshold: 20,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Metrics: [{ Expression: 'FILL(INSIGHT_RULE_METRIC("TestStack-FlowLogs-RejectedSshPerSource-Detection", "MaxContributorValue"), 0)', Period: 3600 }],
      AlarmDescription: '20 or more rejected SSH (TCP 22) attempts from one source address on one destination in 1 hour, counted from VPC flow logs.',
    });
    expect(alarm.DependsOn).toContain(ruleId);
    expect(template.findResources('AWS::Logs::MetricFilter')).toEqual({});
    expect(c.metricFilters).toHaveLength(0);
    expect(c.alarms.map(a => a.node.id)).toEqual(['RejectedSshPerSourceAlarm']);
    expect(alarmId).toMatch(/^FlowLogsRejectedSshPerSourceAlarm/);
  });

  test('rejectedRdpPerSource counts port 3389; perContributor works on a custom detection with a value field', () => {
    const { template } = build({
      detections: [
        FlowLogDetection.rejectedRdpPerSource({ threshold: 50 }),
        FlowLogDetection.custom({
          name: 'BytesPerDestination',
          filter: FlowLogFilter.all().whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, 'ACCEPT').whereString(FlowLogField.DST_ADDR, FlowLogComparison.EQUAL, '10.0.*'),
          threshold: 1_000_000_000,
          valueField: FlowLogField.BYTES,
          perContributor: [FlowLogField.DST_ADDR],
        }),
      ],
    });
    const bodies = Object.values<any>(template.findResources('AWS::CloudWatch::InsightRule'))
      .map(r => r.Properties.RuleBody['Fn::Join'][1].filter((p: any) => typeof p === 'string').join('X'));
    expect(bodies[0]).toContain('{"Match":"dstport","EqualTo":3389}');
    expect(bodies[1]).toContain('"Keys":["dstaddr"],"ValueOf":"bytes","Filters":[{"Match":"action","In":["ACCEPT"]},{"Match":"dstaddr","StartsWith":["10.0."]}]');
    expect(bodies[1]).toContain('"AggregateOn":"Sum"');
  });

  test.each<[string, () => FlowLogDetection, RegExp]>([
    ['an any-of number condition', () => FlowLogDetection.rejectedAdminPorts({ name: 'X', perContributor: [FlowLogField.SRC_ADDR] }),
      /condition on `dstport` \(any of 22, 3389\) cannot be a Contributor Insights filter: it compares numbers one value at a time/],
    ['a wildcard that is not trailing', () => FlowLogDetection.custom({
      name: 'X',
      threshold: 1,
      perContributor: [FlowLogField.SRC_ADDR],
      filter: FlowLogFilter.all().whereString(FlowLogField.INTERFACE_ID, FlowLogComparison.EQUAL, 'eni-*abc'),
    }), /`interface-id` \(= eni-\*abc\) cannot be a Contributor Insights filter: its wildcards match only trailing `\*`/],
    ['with an anomaly band', () => FlowLogDetection.rejectedSshPerSource({ anomalyBandWidth: 2, threshold: undefined }),
      /has both `perContributor` and `anomalyBandWidth`/],
    ['five keys', () => FlowLogDetection.rejectedSshPerSource({
      perContributor: [FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR, FlowLogField.SRC_PORT, FlowLogField.INTERFACE_ID, FlowLogField.ACCOUNT_ID],
    }), /`keys` of rule "RejectedSshPerSource" must list 1 to 4 FlowLogFields/],
  ])('refused at construction: %s', (_what, make, message) => {
    expect(make).toThrow(message);
  });

  test('>= and <= on a port become GreaterThan / LessThan of the next whole number', () => {
    const { template } = build({
      detections: [FlowLogDetection.custom({
        name: 'HighPorts',
        threshold: 5,
        perContributor: [FlowLogField.SRC_ADDR],
        filter: FlowLogFilter.all()
          .whereNumber(FlowLogField.DST_PORT, FlowLogComparison.GREATER_THAN_OR_EQUAL, 1024)
          .whereNumber(FlowLogField.DST_PORT, FlowLogComparison.LESS_THAN_OR_EQUAL, 2048),
      })],
    });
    const body = JSON.stringify(template.toJSON());
    expect(body).toContain('{\\"Match\\":\\"dstport\\",\\"GreaterThan\\":1023},{\\"Match\\":\\"dstport\\",\\"LessThan\\":2049}');
  });

  test('a key the record format lacks is a synth error naming it', () => {
    expect(() => build({
      logFormat: [FlowLogField.DST_PORT, FlowLogField.PROTOCOL, FlowLogField.ACTION],
      detections: [FlowLogDetection.rejectedSshPerSource()],
    })).toThrow(/detection "RejectedSshPerSource" counts per `srcaddr`, `dstaddr`, which are not in the record format \(dstport protocol action\)\. Add FlowLogField\.SRC_ADDR, FlowLogField\.DST_ADDR/);
  });
});

describe('rejectedAdminPortsFromInside', () => {
  test('the private ranges by default: RFC 1918 as wildcard values in the srcaddr column', () => {
    const { template } = build({ detections: [FlowLogDetection.rejectedAdminPortsFromInside()] });
    const sources = ['10.*', ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.*`), '192.168.*'].map(v => `srcaddr=${v}`).join(' || ');
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: `[version, account_id, interface_id, ${sources}, dstaddr, srcport, dstport=22 || dstport=3389, protocol=6, packets, bytes, start, end, action="REJECT", log_status]`,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 5, MetricName: 'RejectedAdminPortsFromInside' });
  });

  test('sourceCidrs: octet-aligned blocks are one value, others their next-octet blocks', () => {
    const d = FlowLogDetection.rejectedAdminPortsFromInside({ sourceCidrs: ['10.1.0.0/16', '192.168.4.0/22', '203.0.113.7/32'] });
    expect(d.filter.conditions[0].values).toEqual(['10.1.*', '192.168.4.*', '192.168.5.*', '192.168.6.*', '192.168.7.*', '203.0.113.7']);
    const record = (src: string) => `2 123456789012 eni-1 ${src} 10.1.0.9 40000 22 6 1 40 1 2 REJECT OK`;
    expect(d.filter.matches(record('10.1.200.3'), FlowLogField.DEFAULT_FORMAT)).toBe(true);
    expect(d.filter.matches(record('10.10.0.3'), FlowLogField.DEFAULT_FORMAT)).toBe(false);
    expect(d.filter.matches(record('192.168.7.255'), FlowLogField.DEFAULT_FORMAT)).toBe(true);
    expect(d.filter.matches(record('192.168.8.1'), FlowLogField.DEFAULT_FORMAT)).toBe(false);
  });

  test.each<[unknown, RegExp]>([
    [[], /`sourceCidrs` must be a non-empty array of IPv4 CIDR blocks/],
    [['10.0.0.0'], /"10\.0\.0\.0" is not an IPv4 CIDR block from \/8 to \/32/],
    [['10.0.0.1/16'], /"10\.0\.0\.1\/16" has host bits set/],
    [['10.0.0.0/7'], /not an IPv4 CIDR block from \/8 to \/32/],
    [['10.0.0.0/17'], /would become 128 wildcard values/],
    [['fd00::/8'], /not an IPv4 CIDR block/],
    [['10.0.0.0/16', '10.0.0.0/16'], /overlap \(both cover 10\.0\.\*\)/],
  ])('refuses sourceCidrs %j', (cidrs, message) => {
    expect(() => FlowLogDetection.rejectedAdminPortsFromInside({ sourceCidrs: cidrs as string[] })).toThrow(message);
  });
});

describe('history queries', () => {
  test('one per detection: the detection\'s records per period, each marked 1 at the threshold (or a band\'s floor), busiest first', () => {
    const { template, c } = build({
      detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedSshPerSource(), FlowLogDetection.rejectedAdminPorts({ name: 'Band', anomalyBandWidth: 2 })],
    });
    const queries = Object.values<any>(template.findResources('AWS::Logs::QueryDefinition')).map(q => [q.Properties.Name, q.Properties.QueryString]);
    expect(queries).toEqual([
      ['TestStack/FlowLogs/RejectedSshHistory', 'filter dstPort = 22 and protocol = 6 and action = "REJECT"\n| stats count(*) as matches, least(greatest(floor(count(*) - 10 + 1), 0), 1) as atThreshold by bin(60m)\n| sort matches desc'],
      ['TestStack/FlowLogs/RejectedSshPerSourceHistory', 'filter dstPort = 22 and protocol = 6 and action = "REJECT"\n| stats count(*) as matches, least(greatest(floor(count(*) - 20 + 1), 0), 1) as atThreshold by srcAddr, dstAddr, bin(60m)\n| sort matches desc'],
      ['TestStack/FlowLogs/BandHistory', 'filter (dstPort = 22 or dstPort = 3389) and protocol = 6 and action = "REJECT"\n| stats count(*) as matches, least(greatest(floor(count(*) - 10 + 1), 0), 1) as atFloor by bin(60m)\n| sort matches desc'],
    ]);
    expect(c.queries).toHaveLength(3);
  });

  test('the mark is 1 exactly when a period reaches the threshold (the query\'s arithmetic, evaluated here)', () => {
    for (const threshold of [10, 2.5, 0, -3]) {
      const { template } = build({ detections: [FlowLogDetection.custom({ name: 'X', filter: FlowLogFilter.all().whereNumber(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 22), threshold })] });
      const [q] = Object.values(template.findResources('AWS::Logs::QueryDefinition')).map((r: any) => r.Properties.QueryString as string);
      const m = /least\(greatest\(floor\(count\(\*\) ([-+]) ([\d.]+) \+ 1\), 0\), 1\) as atThreshold/.exec(q);
      expect(m).not.toBeNull();
      const at = m![1] === '-' ? Number(m![2]) : -Number(m![2]);
      expect(at).toBe(threshold);
      const mark = (n: number) => Math.min(Math.max(Math.floor(m![1] === '-' ? n - Number(m![2]) + 1 : n + Number(m![2]) + 1), 0), 1);
      for (const n of [0, threshold - 1, threshold - 0.01, threshold, threshold + 0.5, threshold + 1, 1000].filter(v => v >= 0)) {
        expect({ threshold, n, mark: mark(n) }).toEqual({ threshold, n, mark: n >= threshold ? 1 : 0 });
      }
    }
  });

  test('a custom format gets the parse clause; wildcards become anchored regular expressions; sums for a value field', () => {
    const { template } = build({
      logFormat: [FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR, FlowLogField.BYTES, FlowLogField.ACTION],
      detections: [FlowLogDetection.custom({
        name: 'Egress',
        threshold: 500,
        period: Duration.minutes(15),
        valueField: FlowLogField.BYTES,
        filter: FlowLogFilter.all().whereString(FlowLogField.SRC_ADDR, FlowLogComparison.EQUAL, '10.0.*').whereString(FlowLogField.DST_ADDR, FlowLogComparison.NOT_EQUAL, '10.*'),
      })],
    });
    template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      QueryString: 'parse @message "* * * *" as srcAddr, dstAddr, bytes, action\n| filter srcAddr like /^10\\.0\\..*$/ and dstAddr not like /^10\\..*$/\n| stats sum(bytes) as matches, least(greatest(floor(sum(bytes) - 500 + 1), 0), 1) as atThreshold by bin(15m)\n| sort matches desc',
    });
  });

  test('detectionHistoryQueries: false saves none; a detection without conditions has none; long names stay within 64 characters', () => {
    expect(build({ detections: [FlowLogDetection.rejectedSsh()], detectionHistoryQueries: false }).template.findResources('AWS::Logs::QueryDefinition')).toEqual({});
    const long = 'A'.repeat(64);
    const { c } = build({
      detections: [
        FlowLogDetection.custom({ name: 'Everything', filter: FlowLogFilter.all(), threshold: 1 }),
        FlowLogDetection.rejectedSsh({ name: long }),
      ],
    });
    expect(c.queries.map(q => q.node.id)).toEqual([expect.stringMatching(/^A{49}-[0-9a-f]{6}HistoryQuery$/)]);
  });

  test('a query of the user named like a history query is refused, naming the convention', () => {
    expect(() => build({
      detections: [FlowLogDetection.rejectedSsh()],
      queries: [FlowLogQuery.rejectedSshOverTime({ name: 'RejectedSshHistory' })],
    })).toThrow(/two queries are named "RejectedSshHistory" \(a detection's history query is named <detection>History\)/);
  });
});
