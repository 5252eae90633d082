import { describeValue } from './private/describe';
import { libraryError } from './private/errors';
import { guard, is } from './private/guard';

/**
 * Whether the values of a flow log record field are numbers or text.
 *
 * It decides which comparisons a filter may make on the field: numbers are
 * compared with `=`, `!=`, `<`, `<=`, `>`, `>=`; text with `=` and `!=`
 * (with `*` wildcards).
 */
export enum FlowLogFieldType {
  /** The field holds a number (ports, protocol, byte and packet counts, times). */
  NUMBER = 'NUMBER',
  /** The field holds text (IDs, addresses, `ACCEPT`/`REJECT`, ...). */
  TEXT = 'TEXT',
}

/**
 * Which kind of flow log record a field belongs to.
 */
export enum FlowLogRecordKind {
  /** Records of flow logs on VPCs, subnets and network interfaces. */
  VPC = 'VPC',
  /** Records of flow logs on transit gateways and transit gateway attachments. */
  TRANSIT_GATEWAY = 'TRANSIT_GATEWAY',
}

const NUM = FlowLogFieldType.NUMBER;
const TEXT = FlowLogFieldType.TEXT;
const VPC_ONLY = [FlowLogRecordKind.VPC];
const TGW_ONLY = [FlowLogRecordKind.TRANSIT_GATEWAY];
const BOTH = [FlowLogRecordKind.VPC, FlowLogRecordKind.TRANSIT_GATEWAY];

const FIELD_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/**
 * A field of a flow log record: its name in the record format (`dstport`),
 * the record version that introduced it, and whether it holds numbers or text.
 *
 * Use the static members (named as aws-cdk-lib's `ec2.LogFormat` names them)
 * to build a `logFormat`, and in filters and detections.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html#flow-log-records
 *
 * @example
 * const format = [
 *   FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR, FlowLogField.DST_PORT,
 *   FlowLogField.PROTOCOL, FlowLogField.ACTION, FlowLogField.FLOW_DIRECTION,
 * ];
 */
export class FlowLogField {
  // ---- version 2 (the default format) ----
  /** `version`: the flow log record version. */
  public static readonly VERSION = new FlowLogField('version', NUM, 2, BOTH);
  /** `account-id`: the AWS account ID of the owner of the source network interface (or transit gateway). */
  public static readonly ACCOUNT_ID = new FlowLogField('account-id', TEXT, 2, BOTH);
  /** `interface-id`: the ID of the network interface for which the traffic is recorded. */
  public static readonly INTERFACE_ID = new FlowLogField('interface-id', TEXT, 2, VPC_ONLY);
  /** `srcaddr`: the source address of incoming traffic, or the IPv4/IPv6 address of the interface for outgoing traffic. */
  public static readonly SRC_ADDR = new FlowLogField('srcaddr', TEXT, 2, BOTH);
  /** `dstaddr`: the destination address of outgoing traffic, or the address of the interface for incoming traffic. */
  public static readonly DST_ADDR = new FlowLogField('dstaddr', TEXT, 2, BOTH);
  /** `srcport`: the source port of the traffic. */
  public static readonly SRC_PORT = new FlowLogField('srcport', NUM, 2, BOTH);
  /** `dstport`: the destination port of the traffic. */
  public static readonly DST_PORT = new FlowLogField('dstport', NUM, 2, BOTH);
  /** `protocol`: the IANA protocol number of the traffic (6 = TCP, 17 = UDP, 1 = ICMP). */
  public static readonly PROTOCOL = new FlowLogField('protocol', NUM, 2, BOTH);
  /** `packets`: the number of packets transferred during the flow. */
  public static readonly PACKETS = new FlowLogField('packets', NUM, 2, BOTH);
  /** `bytes`: the number of bytes transferred during the flow. */
  public static readonly BYTES = new FlowLogField('bytes', NUM, 2, BOTH);
  /** `start`: the time, in Unix seconds, when the first packet of the flow was received. */
  public static readonly START_TIMESTAMP = new FlowLogField('start', NUM, 2, BOTH);
  /** `end`: the time, in Unix seconds, when the last packet of the flow was received. */
  public static readonly END_TIMESTAMP = new FlowLogField('end', NUM, 2, BOTH);
  /** `action`: `ACCEPT` or `REJECT`. */
  public static readonly ACTION = new FlowLogField('action', TEXT, 2, VPC_ONLY);
  /** `log-status`: `OK`, `NODATA` or `SKIPDATA`. */
  public static readonly LOG_STATUS = new FlowLogField('log-status', TEXT, 2, BOTH);

  // ---- version 3 ----
  /** `vpc-id`: the ID of the VPC that contains the network interface. */
  public static readonly VPC_ID = new FlowLogField('vpc-id', TEXT, 3, VPC_ONLY);
  /** `subnet-id`: the ID of the subnet that contains the network interface. */
  public static readonly SUBNET_ID = new FlowLogField('subnet-id', TEXT, 3, VPC_ONLY);
  /** `instance-id`: the ID of the instance associated with the network interface, if you own it. */
  public static readonly INSTANCE_ID = new FlowLogField('instance-id', TEXT, 3, VPC_ONLY);
  /**
   * `tcp-flags`: the bitmask of the TCP flags of the flow, OR-ed over the aggregation interval.
   *
   * VPC records report only FIN (1), SYN (2), RST (4) and SYN-ACK (18). ACK and PSH are not
   * reported: a record of ACK-only (or PSH) packets has 0, ACK shows only inside SYN-ACK (18), and a
   * supported flag that comes with an unsupported one is reported alone (SYN+ECE is 2). Because the
   * flags are OR-ed, a short connection has them on one record, e.g. 19 (SYN-ACK and FIN) or 3 (SYN
   * and FIN); an invalid combination is `-`. So do not write a detection on ACK (its absence means
   * nothing), and do not expect a SYN to always be exactly 2.
   *
   * Transit gateway records also list PSH (8), ACK (16) and URG (32), but there too a record of
   * only ACK packets has 0, not 16.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html#flow-log-records
   */
  public static readonly TCP_FLAGS = new FlowLogField('tcp-flags', NUM, 3, BOTH);
  /** `type`: the type of traffic: `IPv4`, `IPv6` or `EFA`. */
  public static readonly TRAFFIC_TYPE = new FlowLogField('type', TEXT, 3, BOTH);
  /** `pkt-srcaddr`: the packet-level (original) source IP address of the traffic. */
  public static readonly PKT_SRC_ADDR = new FlowLogField('pkt-srcaddr', TEXT, 3, VPC_ONLY);
  /** `pkt-dstaddr`: the packet-level (original) destination IP address of the traffic. */
  public static readonly PKT_DST_ADDR = new FlowLogField('pkt-dstaddr', TEXT, 3, VPC_ONLY);

  // ---- version 4 ----
  /** `region`: the Region that contains the network interface (or transit gateway). */
  public static readonly REGION = new FlowLogField('region', TEXT, 4, BOTH);
  /** `az-id`: the ID of the Availability Zone that contains the network interface. */
  public static readonly AZ_ID = new FlowLogField('az-id', TEXT, 4, VPC_ONLY);
  /** `sublocation-type`: `wavelength`, `outpost` or `localzone`, or `-`. */
  public static readonly SUBLOCATION_TYPE = new FlowLogField('sublocation-type', TEXT, 4, VPC_ONLY);
  /** `sublocation-id`: the ID of the sublocation, or `-`. */
  public static readonly SUBLOCATION_ID = new FlowLogField('sublocation-id', TEXT, 4, VPC_ONLY);

  // ---- version 5 ----
  /**
   * `pkt-src-aws-service`: the AWS service (subset of the AWS IP address ranges, e.g. `S3`, `EC2`, `AMAZON`) the source address belongs to, or `-`.
   *
   * Both kinds of records have it (version 5 in both field tables): VPC records name the range of
   * `pkt-srcaddr`, transit gateway records (which have no `pkt-srcaddr`) that of `srcaddr`.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html#flow-log-records
   */
  public static readonly PKT_SRC_AWS_SERVICE = new FlowLogField('pkt-src-aws-service', TEXT, 5, BOTH);
  /**
   * `pkt-dst-aws-service`: the AWS service (subset of the AWS IP address ranges) the destination address belongs to, or `-`.
   *
   * Both kinds of records have it (version 5 in both field tables): VPC records name the range of
   * `pkt-dstaddr`, transit gateway records (which have no `pkt-dstaddr`) that of `dstaddr`.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html#flow-log-records
   */
  public static readonly PKT_DST_AWS_SERVICE = new FlowLogField('pkt-dst-aws-service', TEXT, 5, BOTH);
  /** `flow-direction`: `ingress` or `egress`. */
  public static readonly FLOW_DIRECTION = new FlowLogField('flow-direction', TEXT, 5, BOTH);
  /** `traffic-path`: the path that egress traffic takes to the destination (1-8). */
  public static readonly TRAFFIC_PATH = new FlowLogField('traffic-path', NUM, 5, VPC_ONLY);

  // ---- version 7 (Amazon ECS) ----
  /** `ecs-cluster-arn`: the ARN of the ECS cluster, if the traffic is from a running ECS task. */
  public static readonly ECS_CLUSTER_ARN = new FlowLogField('ecs-cluster-arn', TEXT, 7, VPC_ONLY);
  /** `ecs-cluster-name`: the name of the ECS cluster. */
  public static readonly ECS_CLUSTER_NAME = new FlowLogField('ecs-cluster-name', TEXT, 7, VPC_ONLY);
  /** `ecs-container-instance-arn`: the ARN of the ECS container instance. */
  public static readonly ECS_CONTAINER_INSTANCE_ARN = new FlowLogField('ecs-container-instance-arn', TEXT, 7, VPC_ONLY);
  /** `ecs-container-instance-id`: the ID of the ECS container instance. */
  public static readonly ECS_CONTAINER_INSTANCE_ID = new FlowLogField('ecs-container-instance-id', TEXT, 7, VPC_ONLY);
  /** `ecs-container-id`: the Docker runtime ID of the first container of the task. */
  public static readonly ECS_CONTAINER_ID = new FlowLogField('ecs-container-id', TEXT, 7, VPC_ONLY);
  /** `ecs-second-container-id`: the Docker runtime ID of the second container of the task. */
  public static readonly ECS_SECOND_CONTAINER_ID = new FlowLogField('ecs-second-container-id', TEXT, 7, VPC_ONLY);
  /** `ecs-service-name`: the name of the ECS service. */
  public static readonly ECS_SERVICE_NAME = new FlowLogField('ecs-service-name', TEXT, 7, VPC_ONLY);
  /** `ecs-task-definition-arn`: the ARN of the ECS task definition. */
  public static readonly ECS_TASK_DEFINITION_ARN = new FlowLogField('ecs-task-definition-arn', TEXT, 7, VPC_ONLY);
  /** `ecs-task-arn`: the ARN of the ECS task. */
  public static readonly ECS_TASK_ARN = new FlowLogField('ecs-task-arn', TEXT, 7, VPC_ONLY);
  /** `ecs-task-id`: the ID of the ECS task. */
  public static readonly ECS_TASK_ID = new FlowLogField('ecs-task-id', TEXT, 7, VPC_ONLY);

  // ---- version 8 ----
  /** `reject-reason`: why traffic was rejected (e.g. `BPA`, VPC Block Public Access), or `-` for any other reason. */
  public static readonly REJECT_REASON = new FlowLogField('reject-reason', TEXT, 8, VPC_ONLY);

  // ---- version 9 ----
  /**
   * `resource-id`: the ID of the regional NAT gateway (`nat-...`) for traffic recorded on one, or `-`.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
   */
  public static readonly RESOURCE_ID = new FlowLogField('resource-id', TEXT, 9, VPC_ONLY);

  // ---- version 10 ----
  /**
   * `encryption-status`: whether the traffic was encrypted in transit: 0 no, 1 by the Nitro system, 2 at the application layer, 3 both, or `-` (unknown, or VPC Encryption Controls off).
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-encryption-controls.html
   */
  public static readonly ENCRYPTION_STATUS = new FlowLogField('encryption-status', NUM, 10, VPC_ONLY);

  // ---- version 11 (June 2026): tags and next-hop metadata ----
  // The tag fields hold the values of the tag keys the flow log's tag enrichment names
  // (`TagFieldSpecifications`: the first key of a resource type fills `<type>-tag`, the second
  // `<type>-tag-2`), percent-encoded UTF-8; without tag enrichment they are `-`.
  /**
   * `instance-tag`: the value of the first tag key given for `instance` in the flow log's tag enrichment.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
   */
  public static readonly INSTANCE_TAG = new FlowLogField('instance-tag', TEXT, 11, VPC_ONLY);
  /** `instance-tag-2`: the value of the second tag key given for `instance`. */
  public static readonly INSTANCE_TAG_2 = new FlowLogField('instance-tag-2', TEXT, 11, VPC_ONLY);
  /** `interface-tag`: the value of the first tag key given for `network-interface`. */
  public static readonly INTERFACE_TAG = new FlowLogField('interface-tag', TEXT, 11, VPC_ONLY);
  /** `interface-tag-2`: the value of the second tag key given for `network-interface`. */
  public static readonly INTERFACE_TAG_2 = new FlowLogField('interface-tag-2', TEXT, 11, VPC_ONLY);
  /** `asg-tag`: the value of the first tag key given for `auto-scaling-group`. */
  public static readonly ASG_TAG = new FlowLogField('asg-tag', TEXT, 11, VPC_ONLY);
  /** `asg-tag-2`: the value of the second tag key given for `auto-scaling-group`. */
  public static readonly ASG_TAG_2 = new FlowLogField('asg-tag-2', TEXT, 11, VPC_ONLY);
  /** `interface-type`: the type of the network interface that recorded the flow (e.g. `nat_gateway`, `vpc_endpoint`), or `-`. */
  public static readonly INTERFACE_TYPE = new FlowLogField('interface-type', TEXT, 11, VPC_ONLY);
  /** `next-hop-interface-id`: the network interface of the next hop (for egress the receiving one, for ingress the sending one), or `-`. */
  public static readonly NEXT_HOP_INTERFACE_ID = new FlowLogField('next-hop-interface-id', TEXT, 11, VPC_ONLY);
  /** `next-hop-subnet-id`: the subnet of the next hop's network interface, or `-`. */
  public static readonly NEXT_HOP_SUBNET_ID = new FlowLogField('next-hop-subnet-id', TEXT, 11, VPC_ONLY);
  /** `next-hop-az-id`: the Availability Zone ID of the next hop's network interface, or `-`. */
  public static readonly NEXT_HOP_AZ_ID = new FlowLogField('next-hop-az-id', TEXT, 11, VPC_ONLY);
  /** `next-hop-vpc-id`: the VPC of the next hop's network interface, or `-`. */
  public static readonly NEXT_HOP_VPC_ID = new FlowLogField('next-hop-vpc-id', TEXT, 11, VPC_ONLY);
  /** `next-hop-interface-type`: the type of the next hop's network interface (e.g. `regional_nat_gateway`), or `-`. */
  public static readonly NEXT_HOP_INTERFACE_TYPE = new FlowLogField('next-hop-interface-type', TEXT, 11, VPC_ONLY);

  // ---- transit gateway records (version 6) ----
  /** `resource-type` (transit gateway records): the type of resource the flow log subscription is on (AWS documents `TransitGateway`). */
  public static readonly RESOURCE_TYPE = new FlowLogField('resource-type', TEXT, 6, TGW_ONLY);
  /** `tgw-id` (transit gateway records): the ID of the transit gateway. */
  public static readonly TGW_ID = new FlowLogField('tgw-id', TEXT, 6, TGW_ONLY);
  /** `tgw-attachment-id` (transit gateway records): the ID of the transit gateway attachment. */
  public static readonly TGW_ATTACHMENT_ID = new FlowLogField('tgw-attachment-id', TEXT, 6, TGW_ONLY);
  /** `tgw-src-vpc-account-id` (transit gateway records): the account ID of the source VPC. */
  public static readonly TGW_SRC_VPC_ACCOUNT_ID = new FlowLogField('tgw-src-vpc-account-id', TEXT, 6, TGW_ONLY);
  /** `tgw-dst-vpc-account-id` (transit gateway records): the account ID of the destination VPC. */
  public static readonly TGW_DST_VPC_ACCOUNT_ID = new FlowLogField('tgw-dst-vpc-account-id', TEXT, 6, TGW_ONLY);
  /** `tgw-src-vpc-id` (transit gateway records): the ID of the source VPC. */
  public static readonly TGW_SRC_VPC_ID = new FlowLogField('tgw-src-vpc-id', TEXT, 6, TGW_ONLY);
  /** `tgw-dst-vpc-id` (transit gateway records): the ID of the destination VPC. */
  public static readonly TGW_DST_VPC_ID = new FlowLogField('tgw-dst-vpc-id', TEXT, 6, TGW_ONLY);
  /** `tgw-src-subnet-id` (transit gateway records): the ID of the source subnet. */
  public static readonly TGW_SRC_SUBNET_ID = new FlowLogField('tgw-src-subnet-id', TEXT, 6, TGW_ONLY);
  /** `tgw-dst-subnet-id` (transit gateway records): the ID of the destination subnet. */
  public static readonly TGW_DST_SUBNET_ID = new FlowLogField('tgw-dst-subnet-id', TEXT, 6, TGW_ONLY);
  /** `tgw-src-eni` (transit gateway records): the ID of the source transit gateway attachment ENI. */
  public static readonly TGW_SRC_ENI = new FlowLogField('tgw-src-eni', TEXT, 6, TGW_ONLY);
  /** `tgw-dst-eni` (transit gateway records): the ID of the destination transit gateway attachment ENI. */
  public static readonly TGW_DST_ENI = new FlowLogField('tgw-dst-eni', TEXT, 6, TGW_ONLY);
  /** `tgw-src-az-id` (transit gateway records): the ID of the Availability Zone of the source ENI. */
  public static readonly TGW_SRC_AZ_ID = new FlowLogField('tgw-src-az-id', TEXT, 6, TGW_ONLY);
  /** `tgw-dst-az-id` (transit gateway records): the ID of the Availability Zone of the destination ENI. */
  public static readonly TGW_DST_AZ_ID = new FlowLogField('tgw-dst-az-id', TEXT, 6, TGW_ONLY);
  /** `tgw-pair-attachment-id` (transit gateway records): the ID of the paired attachment of the flow. */
  public static readonly TGW_PAIR_ATTACHMENT_ID = new FlowLogField('tgw-pair-attachment-id', TEXT, 6, TGW_ONLY);
  /** `packets-lost-no-route` (transit gateway records): packets lost because no route was specified. */
  public static readonly PACKETS_LOST_NO_ROUTE = new FlowLogField('packets-lost-no-route', NUM, 6, TGW_ONLY);
  /** `packets-lost-blackhole` (transit gateway records): packets lost to a blackhole route. */
  public static readonly PACKETS_LOST_BLACKHOLE = new FlowLogField('packets-lost-blackhole', NUM, 6, TGW_ONLY);
  /** `packets-lost-mtu-exceeded` (transit gateway records): packets lost because their size exceeded the MTU. */
  public static readonly PACKETS_LOST_MTU_EXCEEDED = new FlowLogField('packets-lost-mtu-exceeded', NUM, 6, TGW_ONLY);
  /** `packets-lost-ttl-expired` (transit gateway records): packets lost because the time to live expired. */
  public static readonly PACKETS_LOST_TTL_EXPIRED = new FlowLogField('packets-lost-ttl-expired', NUM, 6, TGW_ONLY);

  /**
   * The default format of VPC, subnet and network interface flow logs: the 14 version-2 fields
   * (a frozen array: copy it to build your own format).
   */
  public static readonly DEFAULT_FORMAT: FlowLogField[] = Object.freeze([
    FlowLogField.VERSION, FlowLogField.ACCOUNT_ID, FlowLogField.INTERFACE_ID, FlowLogField.SRC_ADDR,
    FlowLogField.DST_ADDR, FlowLogField.SRC_PORT, FlowLogField.DST_PORT, FlowLogField.PROTOCOL,
    FlowLogField.PACKETS, FlowLogField.BYTES, FlowLogField.START_TIMESTAMP, FlowLogField.END_TIMESTAMP,
    FlowLogField.ACTION, FlowLogField.LOG_STATUS,
  ]) as FlowLogField[];

  /**
   * The default format of transit gateway flow logs: every transit gateway record field, in AWS's order.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html#flow-log-records
   */
  public static readonly TRANSIT_GATEWAY_DEFAULT_FORMAT: FlowLogField[] = Object.freeze([
    FlowLogField.VERSION, FlowLogField.RESOURCE_TYPE, FlowLogField.ACCOUNT_ID, FlowLogField.TGW_ID,
    FlowLogField.TGW_ATTACHMENT_ID, FlowLogField.TGW_SRC_VPC_ACCOUNT_ID, FlowLogField.TGW_DST_VPC_ACCOUNT_ID,
    FlowLogField.TGW_SRC_VPC_ID, FlowLogField.TGW_DST_VPC_ID, FlowLogField.TGW_SRC_SUBNET_ID,
    FlowLogField.TGW_DST_SUBNET_ID, FlowLogField.TGW_SRC_ENI, FlowLogField.TGW_DST_ENI, FlowLogField.TGW_SRC_AZ_ID,
    FlowLogField.TGW_DST_AZ_ID, FlowLogField.TGW_PAIR_ATTACHMENT_ID, FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR,
    FlowLogField.SRC_PORT, FlowLogField.DST_PORT, FlowLogField.PROTOCOL, FlowLogField.PACKETS, FlowLogField.BYTES,
    FlowLogField.START_TIMESTAMP, FlowLogField.END_TIMESTAMP, FlowLogField.LOG_STATUS, FlowLogField.TRAFFIC_TYPE,
    FlowLogField.PACKETS_LOST_NO_ROUTE, FlowLogField.PACKETS_LOST_BLACKHOLE, FlowLogField.PACKETS_LOST_MTU_EXCEEDED,
    FlowLogField.PACKETS_LOST_TTL_EXPIRED, FlowLogField.TCP_FLAGS, FlowLogField.REGION, FlowLogField.FLOW_DIRECTION,
    FlowLogField.PKT_SRC_AWS_SERVICE, FlowLogField.PKT_DST_AWS_SERVICE,
  ]) as FlowLogField[];

  /**
   * A field this library does not know yet (AWS adds fields over time).
   *
   * It may be used in the `logFormat` of either kind of flow log.
   *
   * @param name the field's name in the record format, e.g. `some-new-field`
   * @param valueType whether its values are numbers or text
   * @param version the record version that introduced it
   * @default version - 0 (unknown)
   */
  public static custom(name: string, valueType: FlowLogFieldType, version?: number): FlowLogField {
    guard('FlowLogField.custom', [
      ['name', name, is.string({ example: '\'some-new-field\'' }), true],
      ['valueType', valueType, is.enumOf(FlowLogFieldType as unknown as Record<string, string>, 'FlowLogFieldType'), true],
      ['version', version, is.number({ integer: true, min: 0 })],
    ]);
    if (!FIELD_NAME.test(name)) {
      throw libraryError(`FlowLogField.custom: \`name\` must be a flow log field name of lower-case letters, digits and dashes (like \`encryption-status\`), got ${describeValue(name)}.`);
    }
    const known = FlowLogField.allKnown().find(f => f.name === name);
    if (known) {
      throw libraryError(`FlowLogField.custom: \`${name}\` is a field this library already knows; use \`FlowLogField.${known.constantName()}\` instead.`);
    }
    if (version !== undefined && (!Number.isInteger(version) || version < 0)) {
      throw libraryError(`FlowLogField.custom: \`version\` must be a non-negative whole number, got ${describeValue(version)}.`);
    }
    return new FlowLogField(name, valueType, version ?? 0, BOTH, true);
  }

  /**
   * Every field this library knows, in no particular order.
   */
  public static allKnown(): FlowLogField[] {
    return KNOWN_FIELDS.slice();
  }

  /**
   * The field's name in the record format, e.g. `dstport`.
   */
  public readonly name: string;
  /**
   * Whether the field's values are numbers or text.
   */
  public readonly valueType: FlowLogFieldType;
  /**
   * The record version that introduced the field (0 for custom fields of unknown version).
   */
  public readonly version: number;
  /**
   * Whether the field was made with `FlowLogField.custom()`.
   */
  public readonly isCustom: boolean;
  private readonly kinds: FlowLogRecordKind[];

  private constructor(name: string, valueType: FlowLogFieldType, version: number, kinds: FlowLogRecordKind[], isCustom = false) {
    this.name = name;
    this.valueType = valueType;
    this.version = version;
    this.kinds = kinds;
    this.isCustom = isCustom;
  }

  /**
   * Whether records of the given kind have this field.
   */
  public appliesTo(kind: FlowLogRecordKind): boolean {
    return this.kinds.includes(kind);
  }

  /**
   * The field as it appears in a custom log format: `${dstport}`.
   */
  public toString(): string {
    return '${' + this.name + '}';
  }

  private constantName(): string {
    for (const [key, value] of Object.entries(FlowLogField)) {
      if (value === this) return key;
    }
    /* istanbul ignore next */
    return this.name;
  }
}

const KNOWN_FIELDS: FlowLogField[] = Object.values(FlowLogField).filter((v): v is FlowLogField => v instanceof FlowLogField);
