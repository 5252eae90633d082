/**
 * What the construct tests share: a stack with a known account and region, a construct in it,
 * and its template.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogsToCloudWatch, FlowLogsToCloudWatchProps, FlowLogTarget } from '../lib';

export const ENI = 'eni-1a2b3c4d';
export const ENV = { account: '123456789012', region: 'eu-west-1' };

export function newStack(id = 'TestStack'): Stack {
  return new Stack(new App(), id, { env: ENV });
}

export function vpcIn(stack: Stack, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(stack, id, { maxAzs: 2, natGateways: 0 });
}

/** A construct `FlowLogs` with `props` in `stack`, and the stack's template. */
export function synth(props: FlowLogsToCloudWatchProps, stack = newStack()): Template {
  new FlowLogsToCloudWatch(stack, 'FlowLogs', props);
  return Template.fromStack(stack);
}

export function flowLogIds(template: Template): string[] {
  return Object.keys(template.findResources('AWS::EC2::FlowLog')).sort();
}

/** The network interface target most tests use. */
export const ENI_TARGET = FlowLogTarget.fromNetworkInterfaceId(ENI);

/** A construct `FlowLogs` with `props` (and the ENI target unless `targets` is given), and its template. */
export function build(props: FlowLogsToCloudWatchProps, stack = newStack()): { c: FlowLogsToCloudWatch; template: Template } {
  const c = new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI_TARGET], ...props });
  return { c, template: Template.fromStack(stack) };
}

/**
 * A property's number of runs: `full` when FC_FULL=1 (the full check's jest run at the newest
 * aws-cdk-lib sets it), a fifth of it (at least 20) in the fast loop.
 */
export function runs(full: number): number {
  return process.env.FC_FULL === '1' ? full : Math.max(20, Math.ceil(full / 5));
}
