import { jsonDifferences, stripCdkMetadata } from './compare-template';

describe('the template comparison of the Java and Go examples', () => {
  const template = {
    Resources: {
      Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Threshold: 10 }, Metadata: { 'aws:cdk:path': 'S/Alarm' } },
      Bucket: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'S/Bucket', 'cfn_nag': { rules: [] } } },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:go' } },
    },
    Conditions: { CDKMetadataAvailable: { 'Fn::Or': [] } },
    Parameters: { BootstrapVersion: { Type: 'String' }, Other: { Type: 'String' } },
    Rules: { CheckBootstrapVersion: {} },
  };

  test('strips only what records how the template was made', () => {
    expect(stripCdkMetadata(template)).toEqual({
      Resources: {
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Threshold: 10 } },
        Bucket: { Type: 'AWS::S3::Bucket', Metadata: { cfn_nag: { rules: [] } } },
      },
      Parameters: { Other: { Type: 'String' } },
    });
    // The input is not modified.
    expect(template.Resources.CDKMetadata).toBeDefined();
  });

  test('equal templates have no differences', () => {
    expect(jsonDifferences(stripCdkMetadata(template), stripCdkMetadata(JSON.parse(JSON.stringify(template))))).toEqual([]);
  });

  test('names each difference by its path, with both values', () => {
    const other = JSON.parse(JSON.stringify(template));
    other.Resources.Alarm.Properties.Threshold = 11;
    delete other.Resources.Bucket;
    other.Resources.Extra = { Type: 'AWS::SNS::Topic' };
    other.Parameters.Other = ['String'];
    expect(jsonDifferences(template, other)).toEqual([
      '.Resources.Alarm.Properties.Threshold: 11 (TypeScript: 10)',
      '.Resources.Bucket: missing (TypeScript: {"Type":"AWS::S3::Bucket","Metadata":{"aws:cdk:path":"S/Bucket","cfn_nag":{"rules":[]}}})',
      '.Resources.Extra: not in the TypeScript template ({"Type":"AWS::SNS::Topic"})',
      '.Parameters.Other: [\"String\"] (TypeScript: {"Type":"String"})',
    ]);
  });

  test('array elements and order count', () => {
    expect(jsonDifferences({ a: [1, 2] }, { a: [2, 1] })).toEqual(['.a[0]: 2 (TypeScript: 1)', '.a[1]: 1 (TypeScript: 2)']);
    expect(jsonDifferences({ a: [1] }, { a: [1, 2] })).toEqual(['.a[1]: not in the TypeScript template (2)']);
    expect(jsonDifferences(1, '1')).toEqual(['(root): "1" (TypeScript: 1)']);
  });

  test('stops at the limit', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(jsonDifferences(many, {}, '', 5)).toHaveLength(5);
  });
});
