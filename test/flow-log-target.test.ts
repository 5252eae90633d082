import { App, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogRecordKind, FlowLogTarget } from '../lib';

/** The factories that take a resource ID, by name. */
const BY_ID: Record<string, (id: string) => FlowLogTarget> = {
  fromNetworkInterfaceId: id => FlowLogTarget.fromNetworkInterfaceId(id),
  fromTransitGatewayId: id => FlowLogTarget.fromTransitGatewayId(id),
  fromTransitGatewayAttachmentId: id => FlowLogTarget.fromTransitGatewayAttachmentId(id),
};

describe('factories', () => {
  test('VPC and subnet targets are keyed by construct path', () => {
    const stack = new Stack(new App(), 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const t = FlowLogTarget.fromVpc(vpc);
    expect(t.resourceType).toBe('VPC');
    expect(t.key).toBe('S/Vpc');
    expect(t.recordKind).toBe(FlowLogRecordKind.VPC);
    expect(FlowLogTarget.fromSubnet(vpc.publicSubnets[0]).key).toBe('S/Vpc/PublicSubnet1');
  });

  test.each([
    ['fromNetworkInterfaceId', 'eni-1a2b3c4d', 'NetworkInterface', FlowLogRecordKind.VPC],
    ['fromNetworkInterfaceId', 'eni-0123456789abcdef0', 'NetworkInterface', FlowLogRecordKind.VPC],
    ['fromTransitGatewayId', 'tgw-0123456789abcdef0', 'TransitGateway', FlowLogRecordKind.TRANSIT_GATEWAY],
    ['fromTransitGatewayAttachmentId', 'tgw-attach-0123456789abcdef0', 'TransitGatewayAttachment', FlowLogRecordKind.TRANSIT_GATEWAY],
  ])('%s(%s)', (factory, id, type, kind) => {
    const t = BY_ID[factory](id);
    expect([t.resourceType, t.resourceId, t.key, t.recordKind]).toEqual([type, id, id, kind]);
  });

  test('the construct ID of a VPC target is its path relative to its stack, when the flow log is in the same stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Network');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const target = FlowLogTarget.fromVpc(vpc);
    expect(target._constructId(stack)).toBe('VPC-Vpc');
    expect(target._constructId(new Stack(app, 'Monitoring'))).toBe('VPC-Network.Vpc');
    expect(FlowLogTarget.fromSubnet(vpc.publicSubnets[0])._constructId(stack)).toBe('Subnet-Vpc.PublicSubnet1');
    expect(FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')._constructId(stack)).toBe('NetworkInterface-eni-1a2b3c4d');
  });
});

describe('errors', () => {
  test.each([
    ['fromNetworkInterfaceId', 'eni-xyz', /"eni-xyz" is not a NetworkInterface ID; expected the form `eni-1a2b3c4d`/],
    ['fromNetworkInterfaceId', 'vpc-1a2b3c4d', /not a NetworkInterface ID/],
    ['fromNetworkInterfaceId', 'eni-1A2B3C4D', /not a NetworkInterface ID/],
    ['fromNetworkInterfaceId', 'eni-1a2b3c4', /not a NetworkInterface ID/],
    ['fromNetworkInterfaceId', '', /the NetworkInterface ID must be a non-empty string like `eni-1a2b3c4d`, got ""/],
    ['fromTransitGatewayId', 'tgw-attach-0123456789abcdef0', /not a TransitGateway ID/],
    ['fromTransitGatewayAttachmentId', 'tgw-0123456789abcdef0', /not a TransitGatewayAttachment ID/],
  ])('%s(%p)', (factory, id, message) => {
    expect(() => BY_ID[factory](id)).toThrow(message);
  });

  test('a VPC or subnet with a literal ID of the wrong shape', () => {
    const stack = new Stack(new App(), 'S');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'V', { vpcId: 'my-vpc', availabilityZones: ['a'] });
    expect(() => FlowLogTarget.fromVpc(vpc)).toThrow(/FlowLogTarget.fromVpc: "my-vpc" is not a VPC ID/);
    const subnet = ec2.Subnet.fromSubnetId(stack, 'Sn', 'sub-1');
    expect(() => FlowLogTarget.fromSubnet(subnet)).toThrow(/FlowLogTarget.fromSubnet: "sub-1" is not a Subnet ID/);
  });

  test('a token ID needs a key; a key must be a literal', () => {
    const id = Token.asString({ Ref: 'Eni' });
    expect(() => FlowLogTarget.fromNetworkInterfaceId(id)).toThrow(/the ID is a token, which cannot name the flow log.s construct; give the option `key`, a stable name/);
    expect(FlowLogTarget.fromNetworkInterfaceId(id, { key: 'App' }).key).toBe('App');
    expect(() => FlowLogTarget.fromNetworkInterfaceId(id, { key: '' })).toThrow(/`key` must be a non-empty literal string/);
    expect(() => FlowLogTarget.fromNetworkInterfaceId(id, { key: Token.asString({ Ref: 'K' }) })).toThrow(/`key` must be a non-empty literal string/);
  });
});
