/**
 * `npm run example`: synthesizes the example app into cdk.out/ and prints
 * what it built: the resources by type, then each flow log, the role's
 * permissions, the metric filters and the alarms.
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from './app';

const app = new App({ outdir: 'cdk.out' });
const { stack } = buildApp(app);
const assembly = app.synth();
const artifact = assembly.getStackByName(stack.stackName);
const resources: Record<string, any> = artifact.template.Resources;

const show = (v: unknown) => JSON.stringify(v);
console.log(`Synthesized stack ${stack.stackName} -> ${artifact.templateFullPath}\n`);
console.log('Resources by type:');
const counts = new Map<string, number>();
for (const r of Object.values(resources)) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
for (const [type, n] of [...counts].sort()) console.log(`  ${String(n).padStart(3)}  ${type}`);

const ofType = (t: string) => Object.entries(resources).filter(([, r]) => r.Type === t);
console.log('\nFlow logs:');
for (const [id, r] of ofType('AWS::EC2::FlowLog')) {
  const p = r.Properties;
  console.log(`  ${id}: ${p.ResourceType} ${show(p.ResourceId)} traffic=${p.TrafficType ?? '-'} -> log group ${show(p.LogGroupName)}`);
}
console.log('\nFlow logs role trust and permissions:');
for (const [id, r] of ofType('AWS::IAM::Role')) {
  if (!show(r.Properties.AssumeRolePolicyDocument).includes('vpc-flow-logs')) continue;
  console.log(`  ${id} trust: ${show(r.Properties.AssumeRolePolicyDocument.Statement)}`);
}
for (const [id, r] of [...ofType('AWS::IAM::ManagedPolicy'), ...ofType('AWS::IAM::Policy')]) {
  for (const s of r.Properties.PolicyDocument.Statement) console.log(`  ${id}: ${show(s.Action)} on ${show(s.Resource)}`);
}
console.log('\nMetric filters:');
for (const [id, r] of ofType('AWS::Logs::MetricFilter')) {
  const t = r.Properties.MetricTransformations[0];
  console.log(`  ${id}: ${t.MetricNamespace} / ${t.MetricName} (value ${t.MetricValue})\n    ${r.Properties.FilterPattern}`);
}
console.log('\nAlarms:');
for (const [id, r] of ofType('AWS::CloudWatch::Alarm')) {
  const p = r.Properties;
  // A fixed threshold, or an anomaly detection band (Metrics + ThresholdMetricId).
  const rule = p.ThresholdMetricId
    ? `${p.ComparisonOperator} ${show((p.Metrics as any[]).find(m => m.Id === p.ThresholdMetricId).Expression)} (Sum over ${(p.Metrics as any[])[0].MetricStat.Period}s of ${(p.Metrics as any[])[0].MetricStat.Metric.MetricName})`
    : p.Metrics
      // Metric math (a per-source detection: the top contributor of a Contributor Insights rule).
      ? `${show((p.Metrics as any[]).find(m => m.ReturnData !== false).Expression)} over ${(p.Metrics as any[])[0].Period}s ${p.ComparisonOperator} ${p.Threshold}`
      : `${p.Namespace}/${p.MetricName}: ${p.Statistic} over ${p.Period}s ${p.ComparisonOperator} ${p.Threshold}`;
  // The states that notify: ALARM for detections, INSUFFICIENT_DATA for delivery health (no records).
  const actions = [['ALARM', p.AlarmActions], ['OK', p.OKActions], ['INSUFFICIENT_DATA', p.InsufficientDataActions]]
    .filter(([, a]) => a !== undefined).map(([state, a]) => `on ${state} ${show(a)}`).join(', ') || 'no actions';
  console.log(`  ${id}: ${rule}, ${p.EvaluationPeriods} period(s), missing data ${p.TreatMissingData}, ${actions}`);
}
for (const [id, r] of ofType('AWS::SNS::Subscription')) console.log(`  ${id}: ${r.Properties.Protocol} ${r.Properties.Endpoint}`);

console.log('\nContributor Insights rules, saved queries, dashboard:');
for (const [id, r] of ofType('AWS::CloudWatch::InsightRule')) console.log(`  ${id}: rule ${show(r.Properties.RuleName)}`);
for (const [id, r] of ofType('AWS::Logs::QueryDefinition')) {
  console.log(`  ${id}: query ${show(r.Properties.Name)}\n    ${String(r.Properties.QueryString).split('\n').join('\n    ')}`);
}
for (const [id] of ofType('AWS::CloudWatch::Dashboard')) console.log(`  ${id}: dashboard`);
