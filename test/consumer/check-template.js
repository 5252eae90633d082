#!/usr/bin/env node
// Checks a template synthesized by a consumer app (test/consumer/) from the README's minimal
// app: the source document's scenario. Usage: node check-template.js <template.json> <label>
//
// The expectations come from the source document (AWS VPC User Guide, "Publishing flow logs to
// CloudWatch Logs"), not from a previous output: one flow log into one log group through one
// role that vpc-flow-logs.amazonaws.com assumes; a space-delimited metric filter counting
// rejected SSH (destport 22, protocol 6, action REJECT, value 1); an alarm on its Sum over one
// hour >= 10 notifying an SNS topic with an e-mail subscription.
'use strict';
const fs = require('fs');

const [file, label = file] = process.argv.slice(2);
const template = JSON.parse(fs.readFileSync(file, 'utf8'));
const resources = Object.entries(template.Resources || {});
const problems = [];
const of = (type) => resources.filter(([, r]) => r.Type === type);
const one = (type) => {
  const found = of(type);
  if (found.length !== 1) problems.push(`expected 1 ${type}, found ${found.length}`);
  return found[0] || [undefined, { Properties: {} }];
};
const expectEq = (what, actual, expected) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
};

const [groupId] = one('AWS::Logs::LogGroup');
const [topicId] = one('AWS::SNS::Topic');
const [, flowLog] = one('AWS::EC2::FlowLog');
const [, filter] = one('AWS::Logs::MetricFilter');
const [, alarm] = one('AWS::CloudWatch::Alarm');
const [, subscription] = one('AWS::SNS::Subscription');

const fl = flowLog.Properties;
// The flow log's role (the app may hold other roles: a VPC's default-security-group custom resource has one).
const roleId = ((fl.DeliverLogsPermissionArn || {})['Fn::GetAtt'] || [])[0];
const role = (template.Resources || {})[roleId];
if (!role || role.Type !== 'AWS::IAM::Role') {
  problems.push(`flow log DeliverLogsPermissionArn does not name a role of the template: ${JSON.stringify(fl.DeliverLogsPermissionArn)}`);
} else {
  const trust = (role.Properties.AssumeRolePolicyDocument || {}).Statement || [];
  expectEq('role trust principal', trust.map(s => s.Principal && s.Principal.Service), ['vpc-flow-logs.amazonaws.com']);
}

expectEq('flow log ResourceType', fl.ResourceType, 'VPC');
expectEq('flow log TrafficType', fl.TrafficType, 'ALL');
expectEq('flow log LogDestinationType', fl.LogDestinationType, 'cloud-watch-logs');
expectEq('flow log LogGroupName', fl.LogGroupName, { Ref: groupId });
expectEq('flow log DeliverLogsPermissionArn', fl.DeliverLogsPermissionArn, { 'Fn::GetAtt': [roleId, 'Arn'] });

const f = filter.Properties;
expectEq('metric filter LogGroupName', f.LogGroupName, { Ref: groupId });
expectEq('metric filter FilterPattern', f.FilterPattern,
  '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol=6, packets, bytes, start, end, action="REJECT", log_status]');
const transformation = (f.MetricTransformations || [])[0] || {};
expectEq('metric value', transformation.MetricValue, '1');

const a = alarm.Properties;
expectEq('alarm metric', [a.Namespace, a.MetricName], [transformation.MetricNamespace, transformation.MetricName]);
expectEq('alarm Statistic', a.Statistic, 'Sum');
expectEq('alarm Period', a.Period, 3600);
expectEq('alarm ComparisonOperator', a.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
expectEq('alarm Threshold', a.Threshold, 10);
expectEq('alarm EvaluationPeriods', a.EvaluationPeriods, 1);
expectEq('alarm AlarmActions', a.AlarmActions, [{ Ref: topicId }]);

expectEq('subscription', [subscription.Properties.Protocol, subscription.Properties.TopicArn],
  ['email', { Ref: topicId }]);

if (problems.length > 0) {
  console.error(`consumer: ${label}: the template does not hold the document's scenario:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`consumer: ${label}: OK (${resources.length} resources: flow log into the log group through the role, ` +
  `rejected-SSH metric filter, alarm Sum/3600 s >= 10 -> topic -> e-mail)`);
