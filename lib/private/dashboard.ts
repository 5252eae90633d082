import { AspectPriority, Aspects, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, IConstruct } from 'constructs';
import { anomalyBand, bandInput } from './anomaly';
import { DetectionResources } from './detections';

/** Everything a construct's dashboard shows, read once the app is complete. */
export interface DashboardContent {
  /** The operations alarms (delivery health, ingestion budget) by title, when made. */
  readonly operations: Array<[string, cloudwatch.Alarm | undefined]>;
  readonly detections: DetectionResources[];
  readonly rules: Array<[string, cloudwatch.CfnInsightRule]>;
  readonly queries: Array<[string, string]>;
  readonly logGroupName: string;
}

/**
 * The construct's dashboard, built once from what the construct made when the app is complete (so
 * `add*()` calls after construction count): a widget per operations alarm, a graph per detection
 * with its threshold or anomaly band, the top contributors of each Contributor Insights rule, each
 * saved query's results. An aspect of the last priority: it adds widgets to the dashboard (whose
 * body is rendered at synth), no construct, after every aspect that may add detections has run.
 */
export function buildDashboardAtSynth(owner: Construct, dashboard: cloudwatch.Dashboard, content: () => DashboardContent) {
  let built = false;
  Aspects.of(owner).add({
    visit: (node: IConstruct) => {
      if (node !== owner || built) return;
      built = true;
      const c = content();
      const widgets: cloudwatch.IWidget[] = [
        ...c.operations.flatMap(([title, alarm]) => alarm ? [new cloudwatch.AlarmWidget({ title, alarm, width: 12 })] : []),
        ...c.detections.map(d => (d.detection.anomalyBandWidth === undefined
          ? detectionWidget(d.detection.name, d.alarm, d.detection.threshold, d.detection.period.toHumanString())
          : anomalyWidget(d.detection.name, d.metric as cloudwatch.Metric, d.detection.anomalyBandWidth, d.detection.anomalyBandFloor ?? 0))),
        ...c.rules.map(([name, rule]) => new InsightRuleWidget(rule, `Top contributors: ${name}`)),
        ...c.queries.map(([name, queryString]) => queryWidget(name, c.logGroupName, queryString)),
      ];
      // One call per widget: stacked, one row each.
      for (const widget of widgets) dashboard.addWidgets(widget);
    },
  }, { priority: AspectPriority.READONLY });
}

/** A detection's metric, graphed with its alarm's threshold. */
function detectionWidget(name: string, alarm: cloudwatch.Alarm, threshold: number, period: string): cloudwatch.IWidget {
  return new cloudwatch.GraphWidget({
    title: `${name} (alarm at >= ${threshold} per ${period})`,
    left: [alarm.metric],
    leftAnnotations: [alarm.toAnnotation()],
    width: 12,
  });
}

/** A detection's metric (with its floor, if any) and the anomaly detection band the alarm compares it with. */
function anomalyWidget(name: string, metric: cloudwatch.Metric, width: number, floor: number): cloudwatch.IWidget {
  const input = bandInput(metric, floor);
  return new cloudwatch.GraphWidget({
    title: `${name} (alarm above the anomaly band)`,
    left: [input, anomalyBand(input, width, metric.period)],
    width: 12,
  });
}

/** A saved query's results. */
function queryWidget(name: string, logGroupName: string, queryString: string): cloudwatch.IWidget {
  return new cloudwatch.LogQueryWidget({
    title: `Logs Insights: ${name}`,
    logGroupNames: [logGroupName],
    queryString,
    width: 24,
  });
}

/**
 * A dashboard widget with the top contributors of a Contributor Insights rule
 * (aws-cdk-lib has no L2 widget for it).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html#CloudWatch-Dashboard-Properties-Metric-Widget-Object
 */
export class InsightRuleWidget extends cloudwatch.ConcreteWidget {
  constructor(private readonly rule: cloudwatch.CfnInsightRule, private readonly title: string) {
    super(12, 6);
  }

  public toJson(): any[] {
    return [{
      type: 'metric',
      width: this.width,
      height: this.height,
      x: this.x,
      y: this.y,
      properties: {
        title: this.title,
        region: Stack.of(this.rule).region,
        view: 'timeSeries',
        stacked: false,
        legend: { position: 'right' },
        insightRule: { ruleName: this.rule.attrRuleName, maxContributorCount: 10, orderBy: 'Sum' },
      },
    }];
  }
}
