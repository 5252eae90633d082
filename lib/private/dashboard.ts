import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The widgets of the construct's dashboard: a graph per detection with its alarm threshold, the
 * top contributors of each Contributor Insights rule, each saved query as a log widget.
 */

/** A detection's metric, graphed with its alarm's threshold. */
export function detectionWidget(name: string, alarm: cloudwatch.Alarm, threshold: number, period: string): cloudwatch.IWidget {
  return new cloudwatch.GraphWidget({
    title: `${name} (alarm at >= ${threshold} per ${period})`,
    left: [alarm.metric],
    leftAnnotations: [alarm.toAnnotation()],
    width: 12,
  });
}

/** A detection's metric with its anomaly detection band. */
export function anomalyWidget(name: string, metric: cloudwatch.IMetric, band: cloudwatch.IMetric): cloudwatch.IWidget {
  return new cloudwatch.GraphWidget({
    title: `${name} (alarm above the anomaly band)`,
    left: [metric, band],
    width: 12,
  });
}

/** A saved query's results. */
export function queryWidget(name: string, logGroupName: string, queryString: string): cloudwatch.IWidget {
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
