import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  FlowLogContributorRule, FlowLogDetection, FlowLogQuery, FlowLogsToCloudWatch, FlowLogsToCloudWatchProps,
  FlowLogTarget,
} from '../../lib';
import { ENI, newStack, synth } from '../util';

describe('dashboard', () => {
  function dashboardBody(props: FlowLogsToCloudWatchProps): { template: Template; widgets: any[]; raw: string } {
    const stack = newStack();
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], ...props });
    const template = Template.fromStack(stack);
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
    const parts = dashboard.Properties.DashboardBody['Fn::Join'][1];
    const raw = parts.map((p: any) => (typeof p === 'string' ? p : `<${JSON.stringify(p)}>`)).join('');
    const widgets = JSON.parse(parts.map((p: any) => (typeof p === 'string' ? p : 'X')).join('')).widgets;
    return { template, widgets, raw };
  }

  test('every alarm the construct makes has a widget: delivery health and ingestion budget too', () => {
    const { template, raw, widgets } = dashboardBody({
      dashboard: true,
      deliveryHealthPeriod: Duration.hours(1),
      ingestionBudgetGb: 5,
      detections: [FlowLogDetection.rejectedSsh()],
    });
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarmIds).toHaveLength(3);
    const titles = widgets.map(w => w.properties.title);
    expect(titles).toEqual(expect.arrayContaining(['Delivery health: incoming records', 'Ingestion budget']));
    for (const id of alarmIds.filter(a => /DeliveryHealth|IngestionBudget/.test(a))) {
      expect(raw).toContain(`{"Fn::GetAtt":["${id}","Arn"]}`);
    }
  });

  test('a graph per detection with its threshold, the rules\' top contributors, the saved queries', () => {
    const { template, widgets, raw } = dashboardBody({
      dashboard: true,
      dashboardName: 'flow-logs',
      detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp({ threshold: 3 })],
      contributorRules: [FlowLogContributorRule.topRejectedSources()],
      queries: [FlowLogQuery.rejectedBySource()],
    });
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'flow-logs' });
    const graphs = widgets.filter(w => w.properties.annotations);
    expect(graphs).toHaveLength(2);
    expect(graphs[0].properties.metrics).toEqual([['FlowLogs/TestStack/FlowLogs', 'RejectedSsh', { stat: 'Sum', period: 3600 }]]);
    expect(graphs[0].properties.annotations.horizontal[0].value).toBe(10);
    expect(graphs[1].properties.annotations.horizontal[0].value).toBe(3);
    const rules = widgets.filter(w => w.properties.insightRule);
    expect(rules).toHaveLength(1);
    const [ruleId] = Object.keys(template.findResources('AWS::CloudWatch::InsightRule'));
    expect(raw).toContain(`{"Fn::GetAtt":["${ruleId}","RuleName"]}`);
    const logWidgets = widgets.filter(w => w.type === 'log');
    expect(logWidgets).toHaveLength(1);
    expect(logWidgets[0].properties.query).toMatch(/filter action = "REJECT"/);
  });

  test('built once the app is complete: what add*() adds after construction is on it, in order of kind', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], dashboard: true, deliveryHealthPeriod: Duration.hours(1) });
    c.addQuery(FlowLogQuery.rejectedBySource());
    c.addContributorRule(FlowLogContributorRule.topRejectedSources());
    c.addDetection(FlowLogDetection.rejectedSsh());
    const [dashboard] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard')) as any[];
    const body = dashboard.Properties.DashboardBody['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'X')).join('');
    expect(JSON.parse(body).widgets.map((w: any) => w.properties.title)).toEqual([
      'Delivery health: incoming records', 'RejectedSsh (alarm at >= 10 per 1 hour)', 'Top contributors: TopRejectedSources', 'Logs Insights: RejectedBySource',
    ]);
  });

  test('no dashboard, rules or queries by default (but the detection\'s history query)', () => {
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()] });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::CloudWatch::InsightRule', 0);
    template.resourceCountIs('AWS::Logs::QueryDefinition', 1);
    template.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'TestStack/FlowLogs/RejectedSshHistory' });
  });

  test('dashboardName creates the dashboard without `dashboard: true`', () => {
    const stack = newStack();
    const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], dashboardName: 'flow-logs' });
    expect(c.dashboard).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'flow-logs' });
  });
});
