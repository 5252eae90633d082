import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

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
