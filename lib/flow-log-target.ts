import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { FlowLogRecordKind } from './flow-log-field';
import { describeValue } from './private/describe';
import { libraryError } from './private/errors';
import { ENI_ID } from './private/field-values';
import { cdk, guard, guardProps, is } from './private/guard';

/**
 * Options for a target given by its resource ID.
 */
export interface FlowLogTargetOptions {
  /**
   * The stable key the flow log's construct ID is derived from.
   *
   * Required when the resource ID is a token (for example `eni.ref` or a
   * parameter), because a token cannot name a construct; otherwise the literal
   * ID is the key.
   *
   * @default - the literal resource ID
   */
  readonly key?: string;
}

const ID_SHAPES: Record<string, { pattern: RegExp; example: string }> = {
  VPC: { pattern: /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, example: 'vpc-0a1b2c3d4e5f67890' },
  Subnet: { pattern: /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, example: 'subnet-0a1b2c3d4e5f67890' },
  NetworkInterface: { pattern: ENI_ID, example: 'eni-1a2b3c4d' },
  TransitGateway: { pattern: /^tgw-([0-9a-f]{8}|[0-9a-f]{17})$/, example: 'tgw-0a1b2c3d4e5f67890' },
  TransitGatewayAttachment: { pattern: /^tgw-attach-([0-9a-f]{8}|[0-9a-f]{17})$/, example: 'tgw-attach-0a1b2c3d4e5f67890' },
};

/**
 * A resource to capture flow logs for: a VPC, a subnet, a network interface,
 * a transit gateway or a transit gateway attachment.
 *
 * The flow log's construct ID is derived from the target itself (the VPC's or
 * subnet's construct path, or the literal resource ID), so reordering or adding
 * targets never replaces an existing flow log.
 *
 * @example
 * declare const vpc: ec2.Vpc;
 * const targets = [
 *   FlowLogTarget.fromVpc(vpc),
 *   FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d'),
 * ];
 */
export class FlowLogTarget {
  /**
   * Every network interface in the VPC.
   */
  public static fromVpc(vpc: ec2.IVpc): FlowLogTarget {
    guard('FlowLogTarget.fromVpc', [['vpc', vpc, cdk.vpc, true]]);
    return new FlowLogTarget('VPC', checkId('VPC', vpc.vpcId, 'fromVpc', LOOKUP_PLACEHOLDERS), vpc.node.path, vpc);
  }

  /**
   * Every network interface in the subnet.
   */
  public static fromSubnet(subnet: ec2.ISubnet): FlowLogTarget {
    guard('FlowLogTarget.fromSubnet', [['subnet', subnet, cdk.subnet, true]]);
    return new FlowLogTarget('Subnet', checkId('Subnet', subnet.subnetId, 'fromSubnet', LOOKUP_PLACEHOLDERS), subnet.node.path, subnet);
  }

  /**
   * A VPC by ID (`vpc-...`), for a VPC that is not an `ec2.IVpc` (e.g. an `ec2.CfnVPC`, whose
   * `ref` is a token and needs a `key`).
   */
  public static fromVpcId(vpcId: string, options: FlowLogTargetOptions = {}): FlowLogTarget {
    return FlowLogTarget.fromId('VPC', 'fromVpcId', vpcId, options);
  }

  /**
   * One network interface, by ID (`eni-...`).
   */
  public static fromNetworkInterfaceId(networkInterfaceId: string, options: FlowLogTargetOptions = {}): FlowLogTarget {
    return FlowLogTarget.fromId('NetworkInterface', 'fromNetworkInterfaceId', networkInterfaceId, options);
  }

  /**
   * A transit gateway, by ID (`tgw-...`).
   */
  public static fromTransitGatewayId(transitGatewayId: string, options: FlowLogTargetOptions = {}): FlowLogTarget {
    return FlowLogTarget.fromId('TransitGateway', 'fromTransitGatewayId', transitGatewayId, options);
  }

  /**
   * A transit gateway attachment, by ID (`tgw-attach-...`).
   */
  public static fromTransitGatewayAttachmentId(attachmentId: string, options: FlowLogTargetOptions = {}): FlowLogTarget {
    return FlowLogTarget.fromId('TransitGatewayAttachment', 'fromTransitGatewayAttachmentId', attachmentId, options);
  }

  private static fromId(resourceType: string, factory: string, id: string, options: FlowLogTargetOptions): FlowLogTarget {
    guard(`FlowLogTarget.${factory}`, [['id', id, is.string(), true]]);
    guardProps(`FlowLogTarget.${factory}`, 'options', options, { key: is.string({ example: '\'AppServerEni\'' }) });
    checkId(resourceType, id, factory);
    const key = options?.key;
    if (key !== undefined && (key.trim() === '' || Token.isUnresolved(key))) {
      throw libraryError(`FlowLogTarget.${factory}: \`key\` must be a non-empty literal string, got ${describeValue(key)}.`);
    }
    if (key === undefined && Token.isUnresolved(id)) {
      throw libraryError(`FlowLogTarget.${factory}: the ID is a token, which cannot name the flow log's construct; give the option \`key\`, a stable name such as AppServerEni.`);
    }
    return new FlowLogTarget(resourceType, id, key ?? id);
  }

  /**
   * The CloudFormation `ResourceType` of the flow log: `VPC`, `Subnet`,
   * `NetworkInterface`, `TransitGateway` or `TransitGatewayAttachment`.
   */
  public readonly resourceType: string;
  /**
   * The ID of the resource (may be a token).
   */
  public readonly resourceId: string;
  /**
   * The stable key the flow log's construct ID is derived from: the VPC's or
   * subnet's construct path, or the literal resource ID (or the given `key`).
   */
  public readonly key: string;
  private readonly construct?: IConstruct;

  private constructor(resourceType: string, resourceId: string, key: string, construct?: IConstruct) {
    this.resourceType = resourceType;
    this.resourceId = resourceId;
    this.key = key;
    this.construct = construct;
  }

  /**
   * The flow log's construct ID in `scope`: the resource type and the key, with
   * a VPC's or subnet's path made relative to its stack when it is in the same
   * stack as `scope` (so renaming the stack does not rename the flow log).
   * @internal
   */
  public _constructId(scope: IConstruct): string {
    let key = this.key;
    if (this.construct && Stack.of(this.construct) === Stack.of(scope)) {
      key = key.slice(Stack.of(scope).node.path.length + 1);
    }
    return `${this.resourceType}-${key.replace(/\//g, '.')}`;
  }

  /**
   * Which kind of record the flow log on this target writes.
   */
  public get recordKind(): FlowLogRecordKind {
    return this.resourceType.startsWith('TransitGateway') ? FlowLogRecordKind.TRANSIT_GATEWAY : FlowLogRecordKind.VPC;
  }
}


/**
 * The IDs `ec2.Vpc.fromLookup` hands out before the lookup has run (its first synthesis
 * pass): placeholders like tokens, so their shape is not checked.
 */
const LOOKUP_PLACEHOLDERS = /^(vpc-12345|[ps]-(12345|67890))$/;

function checkId(resourceType: string, id: string, factory: string, placeholders?: RegExp): string {
  const shape = ID_SHAPES[resourceType];
  if (id === '') {
    throw libraryError(`FlowLogTarget.${factory}: the ${resourceType} ID must be a non-empty string like \`${shape.example}\`, got ${describeValue(id)}.`);
  }
  if (!Token.isUnresolved(id) && !shape.pattern.test(id) && !placeholders?.test(id)) {
    throw libraryError(`FlowLogTarget.${factory}: ${describeValue(id)} is not a ${resourceType} ID; expected the form \`${shape.example}\` (prefix and 8 or 17 hex digits).`);
  }
  return id;
}

