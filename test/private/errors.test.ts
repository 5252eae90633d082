import { Template } from 'aws-cdk-lib/assertions';
import { FlowLogsToCloudWatch } from '../../lib';
import { inEveryLanguage } from '../../lib/private/errors';
import { newStack } from '../util';

describe('messages every language can read', () => {
  test('props and methods in TypeScript spelling get their Python spelling listed at the end, once each', () => {
    expect(inEveryLanguage('X: `alarmActions[0]` must be ...; `alarmActions[0]` again, `key`, `addTarget()`, `tagEnrichment[0].resourceType`, `logs:DescribeLogGroups`.'))
      .toBe('X: `alarmActions[0]` must be ...; `alarmActions[0]` again, `key`, `addTarget()`, `tagEnrichment[0].resourceType`, `logs:DescribeLogGroups`.'
        + ' (Python: `alarm_actions[0]`, `add_target()`, `tag_enrichment[0].resource_type`)');
  });

  test('a message whose names are the same in Python is unchanged, and none is changed twice', () => {
    expect(inEveryLanguage('X: `key` must be a string.')).toBe('X: `key` must be a string.');
    const once = inEveryLanguage('X: `logGroupName` is bad.');
    expect(inEveryLanguage(once)).toBe(once);
  });

  test('what the construct throws, and what it reports at synth, carry them', () => {
    expect(() => new FlowLogsToCloudWatch(newStack(), 'F', { logGroupName: 'has space' }))
      .toThrow(/^FlowLogsToCloudWatch: `logGroupName` must be .* \(Python: `log_group_name`\)$/s);
    // a problem found at synth: no target
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'F', {});
    expect(() => Template.fromStack(stack)).toThrow(/no target was given.*call `addTarget\(\)`.*set `flowLogsCreatedElsewhere`\. \(Python: `add_target\(\)`, `flow_logs_created_elsewhere`\)/s);
  });
});
