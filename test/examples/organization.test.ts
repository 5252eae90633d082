import { App } from 'aws-cdk-lib';
import { buildOrganizationApp } from '../../examples/organization/app';

/**
 * examples/organization: the README's organization section as an app. It synthesizes two stacks
 * (management, security) whose templates are snapshotted, and the template inside the StackSet holds
 * what every account and region gets.
 */
describe('examples/organization/app.ts', () => {
  const { app, management, security, stackSet } = buildOrganizationApp(new App());
  const assembly = app.synth();

  test('two stacks: the management account\'s StackSet, the security account\'s alarm bus', () => {
    expect(assembly.stacks.map(s => `${s.stackName} ${s.environment.account}`).sort()).toEqual([
      'FlowLogsManagement 111111111111', 'FlowLogsSecurity 222222222222',
    ]);
    expect(Object.values<any>(assembly.getStackByName(management.stackName).template.Resources).map(r => r.Type))
      .toEqual(['AWS::CloudFormation::StackSet']);
    expect(Object.values<any>(assembly.getStackByName(security.stackName).template.Resources).map(r => r.Type).sort()).toEqual([
      'AWS::Events::EventBus', 'AWS::Events::EventBusPolicy', 'AWS::Events::Rule', 'AWS::Events::Rule', 'AWS::KMS::Key',
      'AWS::SNS::Subscription', 'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy',
    ]);
  });

  test('every account and region gets the role, the log group, the metric filter and alarm, the Config rule, the remediation and the forwarding rule', () => {
    const types = Object.values<any>(JSON.parse(stackSet.memberTemplateBody).Resources).map(r => r.Type);
    for (const type of ['AWS::IAM::Role', 'AWS::Logs::LogGroup', 'AWS::Logs::MetricFilter', 'AWS::CloudWatch::Alarm', 'AWS::Config::ConfigRule',
      'AWS::Config::RemediationConfiguration', 'AWS::Events::Rule']) {
      expect(types).toContain(type);
    }
  });

  test('template snapshots (the member template parsed, so a change reads as a diff)', () => {
    expect({
      management: assembly.getStackByName(management.stackName).template,
      member: JSON.parse(stackSet.memberTemplateBody),
      security: assembly.getStackByName(security.stackName).template,
    }).toMatchSnapshot();
  });
});
