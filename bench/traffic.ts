/**
 * A deterministic generator of realistic VPC flow log traffic, for scenario corpora (alarm backtests) and for
 * benchmark files.
 *
 * The model: one VPC (10.0.0.0/16, account 123456789012, us-east-1) with two public and two private subnets and N
 * network interfaces (web servers with public IPs in the public subnets; app servers, workers, databases and caches
 * in the private ones; a NAT gateway when the VPC has one). Traffic is made of conversations, and a conversation is
 * logged the way VPC Flow Logs logs it: one record per direction on every interface it crosses (a call from an app
 * server to a database is 4 records: egress and ingress on each side; through a NAT gateway, 4 more on its
 * interface, with `pkt-srcaddr`/`pkt-dstaddr` showing the addresses behind the translation). Inbound internet
 * traffic names the instance's PRIVATE address (the internet gateway translates the public one).
 *
 * Delivery: every interface has 10-minute aggregation intervals (with its own phase); a record's `start`/`end`
 * lie in one interval, and the interval's records are ingested together at its end plus a delivery delay of 1 to 6
 * minutes. An interval without traffic writes one NODATA record. Events come out in `timestamp` order.
 *
 * Everything is drawn from a seeded PRNG (mulberry32), reseeded for every 10-minute slot, so the same options
 * always give byte-identical output. Generation streams: it holds at most two 10-minute slots of events.
 */
import * as fs from 'fs';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import * as zlib from 'zlib';

/** One log event as CloudWatch Logs stores it. */
export interface FlowLogEvent {
  /** The record's `start`, in milliseconds (whole seconds). */
  readonly timestamp: number;
  /** When CloudWatch Logs ingested the record, in milliseconds. */
  readonly ingestionTime: number;
  /** The flow log record: the format's field values separated by spaces. */
  readonly message: string;
  /** The log stream: the network interface's ID. */
  readonly logStreamName: string;
}

/** The default flow log format (version 2). */
export const DEFAULT_FORMAT: readonly string[] = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol',
  'packets', 'bytes', 'start', 'end', 'action', 'log-status',
];

/** The scenario names, in the order the scenarios are described. */
export const SCENARIOS = ['quiet', 'busy', 'scanned', 'bruteForce', 'lateral', 'deliveryStopped', 'firstDeploy', 'spike'] as const;

/** A scenario's name. */
export type ScenarioName = typeof SCENARIOS[number];

/** Options of `scenarioEvents`. */
export interface ScenarioOptions {
  /** The record format: field names, in order. */
  readonly format: readonly string[];
  /** The PRNG seed. @default 1 */
  readonly seed?: number;
  /** The window start (ISO 8601, whole seconds). @default '2026-01-05T00:00:00Z' (a Monday) */
  readonly start?: string;
  /** Shorten (or lengthen) the window to this many hours. @default - the scenario's duration */
  readonly hours?: number;
}

/** What a scenario simulates, and its window. */
export interface ScenarioInfo {
  readonly name: ScenarioName;
  /** One line. */
  readonly description: string;
  /** The window start, ISO 8601. */
  readonly from: string;
  /** The window end (exclusive), ISO 8601. */
  readonly to: string;
}

/** Options of `benchEvents`. */
export interface BenchOptions {
  /** The record format: field names, in order. */
  readonly format: readonly string[];
  /** How many events to yield, exactly. */
  readonly records: number;
  /** The PRNG seed. @default 1 */
  readonly seed?: number;
  /** The start of the simulated day. @default '2026-01-05T00:00:00Z' */
  readonly start?: string;
}

// Module-level copies of Math's members: in a vm context (jest), every lookup of a global such as `Math` goes
// through the context's interceptor, which made generation about 10 times slower there.
const { ceil, cos, exp, floor, imul, max, min, PI, round, sqrt } = Math;

const DEFAULT_START = '2026-01-05T00:00:00Z';
const HOUR = 3600;
const DAY = 24 * HOUR;
/** Aggregation interval and generation slot, in seconds. */
const INTERVAL = 600;
const ACCOUNT_ID = '123456789012';
const AWS_REGION = 'us-east-1';
const VPC_ID = 'vpc-0a1b2c3d4e5f60718';
const ACCEPT = 'ACCEPT';
const REJECT = 'REJECT';
const TCP = 6;
const UDP = 17;

// ---------------------------------------------------------------- record format

const enum Fc {
  VERSION, ACCOUNT, INTERFACE, SRCADDR, DSTADDR, SRCPORT, DSTPORT, PROTOCOL, PACKETS, BYTES, START, END, ACTION,
  LOG_STATUS, VPC, SUBNET, INSTANCE, TCP_FLAGS, TYPE, PKT_SRCADDR, PKT_DSTADDR, REGION, AZ, FLOW_DIRECTION,
  TRAFFIC_PATH, PKT_SRC_SERVICE, PKT_DST_SERVICE, DASH,
}

/** Field name → [code, record version that introduced it]. */
const FIELDS: Record<string, [Fc, number]> = {
  'version': [Fc.VERSION, 2],
  'account-id': [Fc.ACCOUNT, 2],
  'interface-id': [Fc.INTERFACE, 2],
  'srcaddr': [Fc.SRCADDR, 2],
  'dstaddr': [Fc.DSTADDR, 2],
  'srcport': [Fc.SRCPORT, 2],
  'dstport': [Fc.DSTPORT, 2],
  'protocol': [Fc.PROTOCOL, 2],
  'packets': [Fc.PACKETS, 2],
  'bytes': [Fc.BYTES, 2],
  'start': [Fc.START, 2],
  'end': [Fc.END, 2],
  'action': [Fc.ACTION, 2],
  'log-status': [Fc.LOG_STATUS, 2],
  'vpc-id': [Fc.VPC, 3],
  'subnet-id': [Fc.SUBNET, 3],
  'instance-id': [Fc.INSTANCE, 3],
  'tcp-flags': [Fc.TCP_FLAGS, 3],
  'type': [Fc.TYPE, 3],
  'pkt-srcaddr': [Fc.PKT_SRCADDR, 3],
  'pkt-dstaddr': [Fc.PKT_DSTADDR, 3],
  'region': [Fc.REGION, 4],
  'az-id': [Fc.AZ, 4],
  // No Outposts, Wavelength or Local Zones, no ECS tasks, no Block Public Access: these are always '-'.
  'sublocation-type': [Fc.DASH, 4],
  'sublocation-id': [Fc.DASH, 4],
  'pkt-src-aws-service': [Fc.PKT_SRC_SERVICE, 5],
  'pkt-dst-aws-service': [Fc.PKT_DST_SERVICE, 5],
  'flow-direction': [Fc.FLOW_DIRECTION, 5],
  'traffic-path': [Fc.TRAFFIC_PATH, 5],
  'ecs-cluster-arn': [Fc.DASH, 7],
  'ecs-cluster-name': [Fc.DASH, 7],
  'ecs-container-instance-arn': [Fc.DASH, 7],
  'ecs-container-instance-id': [Fc.DASH, 7],
  'ecs-container-id': [Fc.DASH, 7],
  'ecs-second-container-id': [Fc.DASH, 7],
  'ecs-service-name': [Fc.DASH, 7],
  'ecs-task-definition-arn': [Fc.DASH, 7],
  'ecs-task-arn': [Fc.DASH, 7],
  'ecs-task-id': [Fc.DASH, 7],
  'reject-reason': [Fc.DASH, 8],
};

/** The field names the generator can fill. */
export const SUPPORTED_FIELDS: readonly string[] = Object.keys(FIELDS);

interface CompiledFormat {
  readonly codes: Fc[];
  /** The `version` value: the highest version among the format's fields (2 for the default format). */
  readonly version: string;
}

function compileFormat(format: readonly string[]): CompiledFormat {
  if (format.length === 0) throw new Error('flow log format: no fields');
  const codes: Fc[] = [];
  let version = 2;
  for (const name of format) {
    const f = Object.prototype.hasOwnProperty.call(FIELDS, name) ? FIELDS[name] : undefined;
    if (!f) throw new Error(`flow log format: unknown field '${name}' (supported: ${SUPPORTED_FIELDS.join(' ')})`);
    codes.push(f[0]);
    version = max(version, f[1]);
  }
  return { codes, version: String(version) };
}

// ---------------------------------------------------------------- PRNG and hashing

/* eslint-disable no-bitwise */
/** mulberry32: a small, fast, seeded PRNG with 32 bits of state. */
class Rng {
  private s = 0;

  constructor(seed: number) {
    this.reseed(seed);
  }

  public reseed(seed: number): void {
    this.s = seed | 0;
  }

  /** A float in [0, 1). */
  public next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** A 32-bit hash (murmur3's finalizer over each input) of a few integers: seeds for independent streams. */
function hash(a: number, b: number, c: number, d = 0): number {
  let h = 0x811c9dc5;
  for (const x of [a, b, c, d]) {
    // Fold in the high part too (seeds and times can exceed 32 bits).
    let k = (x | 0) ^ floor(x / 4294967296);
    k = imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= imul(k, 0x1b873593);
    h = imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
/* eslint-enable no-bitwise */

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** An AWS-style resource ID: prefix + '0' + 16 hex digits (17 in all). */
function awsId(prefix: string, a: number, b: number): string {
  return `${prefix}-0${hex8(hash(0xa115, a, b, 1))}${hex8(hash(0xa115, a, b, 2))}`;
}

// ---------------------------------------------------------------- addresses

/**
 * First octets of allocated, routed unicast space that scanners and web clients come from. Left out: 0, 10, 100
 * (100.64/10), 127, 169 (169.254/16), 172 (172.16/12), 192 (192.168/16, 192.0.2/24), 198 (198.18/15,
 * 198.51.100/24), 203 (203.0.113/24: the brute-force source lives there) and 224 and up.
 */
const PUBLIC_FIRST_OCTETS = [
  1, 2, 5, 14, 23, 27, 31, 36, 37, 39, 41, 42, 43, 45, 46, 49, 58, 59, 60, 61, 62, 77, 78, 79, 80, 81, 82, 83, 85,
  87, 88, 89, 91, 92, 93, 94, 95, 101, 103, 106, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121,
  122, 123, 124, 125, 139, 141, 146, 151, 154, 156, 159, 161, 164, 171, 175, 176, 177, 178, 179, 180, 181, 182,
  183, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 200, 201, 202, 210, 211, 212, 213, 217, 218,
  219, 220, 221, 222, 223,
];

function randomPublicIp(rng: Rng): string {
  const a = PUBLIC_FIRST_OCTETS[floor(rng.next() * PUBLIC_FIRST_OCTETS.length)];
  return `${a}.${floor(rng.next() * 256)}.${floor(rng.next() * 256)}.${1 + floor(rng.next() * 254)}`;
}

/** Internet-wide scanning services: the same few sources every hour. */
const PERSISTENT_SCANNER_NETS = ['162.142.125.', '167.94.138.', '198.235.24.', '205.210.31.', '45.148.10.', '193.163.125.'];

/** Amazon S3 in us-east-1 (reached through the S3 gateway endpoint from private subnets). */
const S3_ADDRS = [
  '52.216.8.227', '52.216.161.19', '52.217.100.36', '52.217.229.40', '54.231.130.80', '54.231.193.32',
  '3.5.25.140', '3.5.29.97', '16.182.41.176', '16.182.71.56',
];
/** AWS API endpoints in us-east-1 (STS, SSM, CloudWatch, ...). */
const AWS_API_ADDRS = ['52.94.225.10', '52.94.228.182', '52.46.142.45', '54.239.28.85', '52.119.196.64', '3.236.94.129'];
/** HTTPS destinations on the internet: GitHub, PyPI and npm (Fastly, Cloudflare), Google and Microsoft APIs. */
const INTERNET_443 = [
  '140.82.112.3', '140.82.114.4', '140.82.113.6', '151.101.0.223', '151.101.64.223', '104.16.2.35', '104.16.25.35',
  '142.250.65.74', '142.251.16.95', '13.107.42.14', '20.201.28.151', ...AWS_API_ADDRS,
];
/** HTTP: the Ubuntu archive and security mirrors. */
const INTERNET_80 = ['91.189.91.81', '91.189.91.82', '185.125.190.36', '185.125.190.39'];
/** NTP: ntp.ubuntu.com. */
const NTP_ADDRS = ['185.125.190.56', '185.125.190.57', '185.125.190.58'];
/** Ports that internet noise probes and gets rejected on: none is SSH or RDP. */
const NOISE_PORTS = [23, 23, 23, 445, 445, 8080, 8080, 2323, 1433, 3306, 5432, 6379, 9200, 8443, 81, 8888, 25, 139, 5060];

const AWS_SERVICE = new Map<string, string>([
  ...S3_ADDRS.map((a): [string, string] => [a, 'S3']),
  ...AWS_API_ADDRS.map((a): [string, string] => [a, 'AMAZON']),
]);

// ---------------------------------------------------------------- network

type Role = 'web' | 'app' | 'worker' | 'db' | 'cache' | 'nat';

interface Subnet {
  readonly prefix: string;
  readonly id: string;
  readonly az: string;
  readonly isPublic: boolean;
}

const SUBNETS: readonly Subnet[] = [
  { prefix: '10.0.0.', id: awsId('subnet', 1, 0), az: 'use1-az1', isPublic: true },
  { prefix: '10.0.1.', id: awsId('subnet', 1, 1), az: 'use1-az2', isPublic: true },
  { prefix: '10.0.2.', id: awsId('subnet', 1, 2), az: 'use1-az1', isPublic: false },
  { prefix: '10.0.3.', id: awsId('subnet', 1, 3), az: 'use1-az2', isPublic: false },
];

/** A network interface, and its state in a running simulation. */
class Nic {
  /** Start of this interface's interval 0 (seconds): the window start plus the interface's phase. */
  public base = 0;
  /** Records before this time are not captured (a flow log that is just starting). */
  public captureFrom = 0;
  /** The last even and odd interval that had a record (for NODATA). */
  public markEven = Number.NaN;
  public markOdd = Number.NaN;
  /** The interval whose ingestion time is cached. */
  public ingestIv = Number.NaN;
  public ingestMs = 0;

  constructor(
    public readonly index: number,
    public readonly id: string,
    public readonly instanceId: string,
    public readonly role: Role,
    public readonly subnet: Subnet,
    public readonly addr: string,
    /** The public IP (web servers' auto-assigned IPs, the NAT gateway's Elastic IP); never appears in the records. */
    public readonly publicIp: string | undefined,
  ) {}
}

interface NetworkSpec {
  /** Interfaces in all, the NAT gateways' included. */
  readonly nics: number;
  /** Web servers with public IPs. */
  readonly web: number;
  /** NAT gateways (0: the private subnets reach only S3, through a gateway endpoint). */
  readonly nat: number;
  /** Put an app server at this address (it must be in 10.0.2.0/24 or 10.0.3.0/24). */
  readonly fixedAppAddr?: string;
}

function buildNetwork(spec: NetworkSpec): Nic[] {
  const net = hash(0x7e7, spec.nics, spec.web, spec.nat);
  const rng = new Rng(net);
  const used = SUBNETS.map(() => new Set<number>());
  const host = (s: number): number => {
    for (;;) {
      const h = 4 + floor(rng.next() * 251); // AWS reserves .0-.3 and .255
      if (!used[s].has(h)) {
        used[s].add(h);
        return h;
      }
    }
  };
  let fixed: { subnet: number; host: number } | undefined;
  if (spec.fixedAppAddr) {
    const m = /^10\.0\.([23])\.(\d+)$/.exec(spec.fixedAppAddr);
    if (!m) throw new Error(`fixedAppAddr must be in a private subnet: ${spec.fixedAppAddr}`);
    fixed = { subnet: Number(m[1]), host: Number(m[2]) };
    used[fixed.subnet].add(fixed.host);
  }
  const priv = spec.nics - spec.web - spec.nat;
  const dbs = max(1, round(priv * 0.12));
  const caches = max(1, round(priv * 0.1));
  const workers = max(1, round(priv * 0.3));
  const roles: Role[] = [];
  for (let i = 0; i < spec.nat; i++) roles.push('nat');
  for (let i = 0; i < spec.web; i++) roles.push('web');
  for (let i = 0; i < priv; i++) roles.push(i < dbs ? 'db' : i < dbs + caches ? 'cache' : i < dbs + caches + workers ? 'worker' : 'app');
  const nics: Nic[] = [];
  let pub = 0;
  let prv = 0;
  for (let i = 0; i < roles.length; i++) {
    const role = roles[i];
    const isPublic = role === 'web' || role === 'nat';
    const s = isPublic ? pub++ % 2 : 2 + prv++ % 2;
    let h: number;
    let subnet = s;
    if (fixed && role === 'app') {
      subnet = fixed.subnet;
      h = fixed.host;
      fixed = undefined;
    } else {
      h = host(s);
    }
    const publicIp = isPublic ? `${[3, 18, 34, 44, 54][i % 5]}.${200 + floor(rng.next() * 40)}.${floor(rng.next() * 256)}.${1 + floor(rng.next() * 254)}` : undefined;
    nics.push(new Nic(i, awsId('eni', net, i), role === 'nat' ? '-' : awsId('i', net + 1, i), role, SUBNETS[subnet], SUBNETS[subnet].prefix + h, publicIp));
  }
  return nics;
}

// ---------------------------------------------------------------- scenarios

/** Flows per interface per hour at the daily peak, at intensity 1. */
const RATES = {
  webInbound: 160,
  webToApp: 60,
  publicEgress: 8,
  publicHttp: 1,
  ntp: 4,
  appToCache: 40,
  appToDb: 6,
  appEgress: 15,
  workerToDb: 10,
  workerToApp: 15,
  workerToCache: 15,
  workerEgress: 30,
};

interface Profile {
  readonly description: string;
  readonly hours: number;
  readonly network: NetworkSpec;
  /** Multiplies every ACCEPT flow rate. */
  readonly intensity: number;
  /** Pooled database connections (one record per direction per interval on both sides: never idle). */
  readonly pooled: boolean;
  /** REJECTed internet probes to non-admin ports of the public interfaces, per hour. */
  readonly noisePerHour: number;
  /** REJECTed internal connections to unopened ports (monitoring scrapes), per hour. */
  readonly internalNoisePerHour?: number;
  /** Distinct scanning sources per hour (hour index from the window start) → [min, max]; none if absent. */
  readonly scanSources?: (hour: number) => [number, number];
  readonly persistentScanners?: number;
  /**
   * Sweeping sources per hour → [min, max] (internet-wide scanners: each probes every public interface,
   * once or twice, on TCP 22 and often 3389); none if absent.
   */
  readonly sweepers?: [number, number];
  /** The flow log is created at the window start: the first records start 4-8 minutes later. */
  readonly firstDeploy?: boolean;
  /** Hours from the window start. */
  readonly bruteForce?: { readonly from: number; readonly to: number; readonly src: string };
  readonly lateral?: { readonly at: number; readonly minutes: number; readonly src: string; readonly targets: number };
  readonly outage?: { readonly from: number; readonly to: number };
  readonly spike?: { readonly from: number; readonly to: number; readonly factor: number };
}

const SCAN = (): [number, number] => [250, 400];

const SCANNED_BASE = {
  hours: 72,
  network: { nics: 32, web: 24, nat: 0 },
  intensity: 0.5,
  pooled: true,
  noisePerHour: 60,
  scanSources: SCAN,
  persistentScanners: 4,
  sweepers: [2, 6] as [number, number],
};

const BUSY_BASE = {
  hours: 48,
  network: { nics: 60, web: 8, nat: 1 },
  intensity: 1,
  pooled: true,
  noisePerHour: 25,
};

const PROFILES: Record<ScenarioName, Profile> = {
  quiet: {
    description: 'Small private VPC (4 interfaces, no public IPs): a few internal flows per interface per hour, NODATA for idle intervals, no SSH/RDP rejects.',
    hours: 72,
    network: { nics: 4, web: 0, nat: 0 },
    intensity: 0.1,
    pooled: false,
    noisePerHour: 0,
    internalNoisePerHour: 0.3,
  },
  busy: {
    description: 'Busy VPC (60 interfaces, 8 public web servers, a NAT gateway): thousands of ACCEPT flows per hour with a daily pattern, a little REJECT noise on non-admin ports.',
    ...BUSY_BASE,
  },
  scanned: {
    description: 'Internet-facing VPC (32 interfaces, 24 with public IPs) under background scanning: hundreds of sources per hour, 1-3 SSH/RDP probes each, and 2-6 sweepers per hour probing SSH (and often RDP) of every public address once or twice (all REJECT), plus web traffic.',
    ...SCANNED_BASE,
  },
  bruteForce: {
    description: 'As scanned, plus on day 2 09:00-11:00 UTC 203.0.113.77 makes 400-600 SSH attempts per hour to one public interface (REJECT).',
    ...SCANNED_BASE,
    bruteForce: { from: 33, to: 35, src: '203.0.113.77' },
  },
  lateral: {
    description: 'As scanned (48 interfaces, 24 public), plus on day 2 14:00-14:20 UTC the private instance 10.0.2.25 sweeps TCP 22 and 3389 of 40 internal addresses (REJECT by their security groups).',
    ...SCANNED_BASE,
    network: { nics: 48, web: 24, nat: 0, fixedAppAddr: '10.0.2.25' },
    lateral: { at: 38, minutes: 20, src: '10.0.2.25', targets: 40 },
  },
  deliveryStopped: {
    description: 'Busy-like VPC (10 interfaces) for 3 days; on day 2 06:00-10:00 UTC delivery stops: records starting, or due for delivery, in that window are lost.',
    ...BUSY_BASE,
    hours: 72,
    network: { nics: 10, web: 2, nat: 1 },
    noisePerHour: 5,
    outage: { from: 30, to: 34 },
  },
  firstDeploy: {
    description: 'The first 6 hours of a new flow log on a small internet-facing VPC: first records 4-8 minutes in, first delivery about 15-20 minutes in; tens of scanning sources per hour.',
    hours: 6,
    network: { nics: 6, web: 2, nat: 0 },
    intensity: 0.3,
    pooled: true,
    noisePerHour: 5,
    firstDeploy: true,
    scanSources: (h) => [10 + 8 * h, 25 + 8 * h],
  },
  spike: {
    description: 'Busy VPC for 2 days with a legitimate burst on day 2 13:00-14:00 UTC: a batch job makes 10x the ACCEPT flows (database, S3, cache); no attack.',
    ...BUSY_BASE,
    spike: { from: 37, to: 38, factor: 10 },
  },
};

const BENCH_PROFILE: Profile = {
  description: 'Busy VPC day (240 interfaces, 24 public web servers, 2 NAT gateways) with background scanning.',
  hours: 24,
  network: { nics: 240, web: 24, nat: 2 },
  intensity: 6.1,
  pooled: true,
  noisePerHour: 60,
  scanSources: SCAN,
  persistentScanners: 4,
};

function parseStart(start: string | undefined): number {
  const ms = Date.parse(start ?? DEFAULT_START);
  if (!Number.isFinite(ms)) throw new Error(`start: not a date: ${start}`);
  if (ms % 1000 !== 0) throw new Error(`start: must be whole seconds: ${start}`);
  return ms / 1000;
}

function iso(sec: number): string {
  return new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
}

function profileOf(name: string): Profile {
  if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario '${name}' (known: ${SCENARIOS.join(', ')})`);
  return PROFILES[name as ScenarioName];
}

function windowHours(p: Profile, hours: number | undefined): number {
  const h = hours ?? p.hours;
  if (!(h > 0) || !Number.isInteger(h)) throw new Error(`hours: must be a positive whole number, got ${hours}`);
  return h;
}

/** A scenario's one-line description and window (`start` and `hours` as in `scenarioEvents`). */
export function scenarioInfo(name: ScenarioName, options: { readonly start?: string; readonly hours?: number } = {}): ScenarioInfo {
  const p = profileOf(name);
  const from = parseStart(options.start);
  return { name, description: p.description, from: iso(from), to: iso(from + windowHours(p, options.hours) * HOUR) };
}

/**
 * A scenario's events in `timestamp` order: every record whose start lies in the window and that was ingested
 * before the window's end. Streams; each iteration generates the events anew (the same ones).
 */
export function scenarioEvents(name: ScenarioName, options: ScenarioOptions): Iterable<FlowLogEvent> {
  const p = profileOf(name);
  const fmt = compileFormat(options.format);
  const t0 = parseStart(options.start);
  const to = t0 + windowHours(p, options.hours) * HOUR;
  const seed = options.seed ?? 1;
  return { [Symbol.iterator]: () => new Simulation(p, fmt, seed, t0, to).events() };
}

/**
 * Exactly `records` events of a busy VPC (240 interfaces, daily pattern, background scanning), from the start of a
 * day (and on into the next days if `records` needs more than a day holds, about 5.1 million). Fast: about a
 * million records a second.
 */
export function benchEvents(options: BenchOptions): Iterable<FlowLogEvent> {
  const records = options.records;
  if (!(records >= 0) || !Number.isInteger(records)) throw new Error(`records: must be a whole number, got ${records}`);
  const fmt = compileFormat(options.format);
  const t0 = parseStart(options.start);
  const seed = options.seed ?? 1;
  return {
    * [Symbol.iterator]() {
      if (records === 0) return;
      let n = 0;
      for (const e of new Simulation(BENCH_PROFILE, fmt, seed, t0, Infinity).events()) {
        yield e;
        if (++n >= records) return;
      }
    },
  };
}

// ---------------------------------------------------------------- simulation

interface Probe {
  readonly t: number;
  readonly nic: Nic;
  readonly src: string;
  readonly sport: number;
  readonly dport: number;
  readonly packets: number;
  readonly bytes: number;
}

class Simulation {
  private readonly rng = new Rng(0);
  private readonly nics: Nic[];
  private readonly web: Nic[];
  private readonly apps: Nic[];
  private readonly workers: Nic[];
  private readonly dbs: Nic[];
  private readonly caches: Nic[];
  private readonly nats: Nic[];
  /** Clients of pooled database connections: app servers and workers. */
  private readonly dbClients: Nic[];
  private readonly clients: string[] = [];
  private readonly persistent: string[] = [];
  /** Events by start second, two slots' worth: index (start - t0) % 1200. */
  private readonly ring: FlowLogEvent[][] = [];
  private readonly toMs: number;
  private readonly outFrom: number;
  private readonly outTo: number;
  /** The lateral sweep: attempts from one interface to others. */
  private readonly sweep: { readonly t: number; readonly from: Nic; readonly to: Nic; readonly sport: number; readonly dport: number }[] = [];
  private probeHour = Number.NaN;
  private probes: Probe[] = [];
  /** The record's field values, reused (join makes a flat string: no rope of 30 pieces to collect). */
  private readonly values: (string | number)[];

  constructor(
    private readonly p: Profile,
    private readonly fmt: CompiledFormat,
    private readonly seed: number,
    private readonly t0: number,
    private readonly to: number,
  ) {
    this.values = fmt.codes.map(() => '');
    this.nics = buildNetwork(p.network);
    const byRole = (r: Role) => this.nics.filter((n) => n.role === r);
    this.web = byRole('web');
    this.apps = byRole('app');
    this.workers = byRole('worker');
    this.dbs = byRole('db');
    this.caches = byRole('cache');
    this.nats = byRole('nat');
    this.dbClients = [...this.apps, ...this.workers];
    for (let i = 0; i < 2 * INTERVAL; i++) this.ring.push([]);
    this.toMs = to * 1000;
    this.outFrom = p.outage ? t0 + p.outage.from * HOUR : Infinity;
    this.outTo = p.outage ? t0 + p.outage.to * HOUR : -Infinity;

    const rng = new Rng(hash(seed, 0xc1, 0));
    for (let i = 0; i < 3000; i++) this.clients.push(randomPublicIp(rng));
    for (let i = 0; i < (p.persistentScanners ?? 0); i++) {
      this.persistent.push(PERSISTENT_SCANNER_NETS[i % PERSISTENT_SCANNER_NETS.length] + (2 + floor(rng.next() * 250)));
    }
    for (const nic of this.nics) {
      const h = hash(seed, 0xfa, nic.index);
      if (p.firstDeploy) {
        // A new flow log starts capturing after several minutes, on each interface on its own.
        nic.base = t0 + 240 + (h % 241);
        nic.captureFrom = nic.base;
      } else {
        nic.base = t0 + (h % INTERVAL);
        nic.captureFrom = t0;
      }
    }
    if (p.lateral) this.planLateral(p.lateral);
  }

  /** All events, slot by slot: generate slot k, then close the intervals that began in slot k-1, then emit it. */
  public *events(): Generator<FlowLogEvent> {
    const slots = Number.isFinite(this.to) ? ceil((this.to - this.t0) / INTERVAL) : Infinity;
    const ring = this.ring;
    for (let k = 0; k <= slots; k++) {
      if (k < slots) {
        this.slot(k);
        this.closeIntervals(k - 1);
      }
      if (k >= 1) {
        const first = ((k - 1) % 2) * INTERVAL;
        for (let b = first; b < first + INTERVAL; b++) {
          const bucket = ring[b];
          for (let i = 0; i < bucket.length; i++) yield bucket[i];
          bucket.length = 0;
        }
      }
    }
  }

  // ------------------------------------------------------------ randomness

  private u(): number {
    return this.rng.next();
  }

  /** A whole number in [a, b]. */
  private int(a: number, b: number): number {
    return a + floor(this.rng.next() * (b - a + 1));
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[floor(this.rng.next() * xs.length)];
  }

  /** About N(0, 1) (Irwin-Hall with 4 terms). */
  private normal(): number {
    const r = this.rng;
    return (r.next() + r.next() + r.next() + r.next() - 2) * 1.7320508;
  }

  private poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda >= 30) return max(0, round(lambda + sqrt(lambda) * this.normal()));
    const l = exp(-lambda);
    let k = 0;
    let prod = this.rng.next();
    while (prod > l) {
      k++;
      prod *= this.rng.next();
    }
    return k;
  }

  /** A log-normal whole number with this median, at least `least`. */
  private logn(median: number, sigma: number, least: number): number {
    return max(least, round(median * exp(sigma * this.normal())));
  }

  private ephemeral(): number {
    return 32768 + floor(this.rng.next() * 28232); // Linux: 32768-60999
  }

  /** A client's source port: Windows, Linux/Android or anything. */
  private clientPort(): number {
    const r = this.rng.next();
    if (r < 0.5) return 49152 + floor(this.rng.next() * 16384);
    if (r < 0.9) return this.ephemeral();
    return 1024 + floor(this.rng.next() * 64512);
  }

  // ------------------------------------------------------------ time

  /** Traffic level at time t relative to the daily peak (about 15:00 UTC); weekends at 60 %. */
  private diurnal(t: number): number {
    const h = (t % DAY) / HOUR;
    const s = 0.5 - 0.5 * cos((2 * PI * (h - 3)) / 24);
    const dow = (floor(t / DAY) + 4) % 7; // 1970-01-01 was a Thursday
    return (0.25 + 0.75 * s * s) * (dow === 0 || dow === 6 ? 0.6 : 1);
  }

  // ------------------------------------------------------------ one slot

  private slot(k: number): void {
    const s0 = this.t0 + k * INTERVAL;
    const s1 = min(s0 + INTERVAL, this.to);
    const span = s1 - s0;
    const p = this.p;
    this.rng.reseed(hash(this.seed, k, 0x510));
    const level = this.diurnal(s0 + span / 2) * p.intensity * (span / HOUR);
    const at = () => s0 + floor(this.u() * span);
    let flows = 0;
    const n = (rate: number) => {
      const c = this.poisson(rate * level);
      flows += c;
      return c;
    };

    if (p.pooled) this.pooledDb(k, s1);
    for (const w of this.web) {
      for (let i = n(RATES.webInbound); i > 0; i--) this.webInbound(w, at());
      for (let i = n(RATES.webToApp); i > 0; i--) this.internal(w, this.apps, 8080, at(), 12, 900, 14, 6000);
      for (let i = n(RATES.publicEgress); i > 0; i--) this.egress(w, at(), false);
      for (let i = n(RATES.publicHttp); i > 0; i--) this.egress(w, at(), true);
      for (let i = n(RATES.ntp); i > 0; i--) this.ntp(w, at());
    }
    for (const a of this.apps) {
      for (let i = n(RATES.appToCache); i > 0; i--) this.internal(a, this.caches, 6379, at(), 6, 120, 6, 400);
      for (let i = n(RATES.appToDb); i > 0; i--) this.internal(a, this.dbs, 5432, at(), 16, 2200, 20, 9000);
      for (let i = n(RATES.appEgress); i > 0; i--) this.egress(a, at(), false);
      if (this.nats.length > 0) for (let i = n(RATES.ntp); i > 0; i--) this.ntp(a, at());
    }
    for (const w of this.workers) {
      for (let i = n(RATES.workerToDb); i > 0; i--) this.internal(w, this.dbs, 5432, at(), 30, 6000, 40, 60000);
      for (let i = n(RATES.workerToApp); i > 0; i--) this.internal(w, this.apps, 8080, at(), 10, 1500, 10, 4000);
      for (let i = n(RATES.workerToCache); i > 0; i--) this.internal(w, this.caches, 6379, at(), 6, 150, 6, 600);
      for (let i = n(RATES.workerEgress); i > 0; i--) this.egress(w, at(), false);
    }

    if (p.spike && s0 >= this.t0 + p.spike.from * HOUR && s0 < this.t0 + p.spike.to * HOUR) {
      this.batchJob(round(flows * (p.spike.factor - 1)), at);
    }
    for (let i = this.poisson(p.noisePerHour * span / HOUR); i > 0; i--) this.noise(at());
    for (let i = this.poisson((p.internalNoisePerHour ?? 0) * span / HOUR); i > 0; i--) this.internalNoise(at());
    if (p.scanSources) this.scanning(s0, s1);
    if (p.bruteForce) this.bruteForce(p.bruteForce, s0, s1);
    if (p.lateral) {
      for (const a of this.sweep) if (a.t >= s0 && a.t < s1) this.synProbe(a.from, a.to, a.sport, a.dport, a.t);
    }
  }

  /** Write NODATA for interval `iv` of every interface that had no record in it (all of it lies before now). */
  private closeIntervals(iv: number): void {
    for (const nic of this.nics) {
      const ivStart = nic.base + iv * INTERVAL;
      const ivEnd = ivStart + INTERVAL;
      if (ivEnd <= nic.captureFrom) continue;
      if ((iv % 2 === 0 ? nic.markEven : nic.markOdd) === iv) continue;
      const start = max(ivStart, nic.captureFrom);
      const ingest = this.ingestion(nic, iv, ivEnd);
      if (this.dropped(start, ingest)) continue;
      const end = max(start, ivEnd - 1 - (hash(this.seed, nic.index, iv, 7) % 3));
      this.push(nic, start, ingest, this.nodata(nic, start, end));
    }
  }

  // ------------------------------------------------------------ traffic

  /** Internet client → web server, 443 or 80. */
  private webInbound(w: Nic, t: number): void {
    const c = this.pick(this.clients);
    if (this.u() < 0.12) {
      // Plain HTTP: a redirect to HTTPS.
      this.conv(TCP, c, w, this.clientPort(), 80, t, this.int(0, 2), this.int(5, 7), this.int(400, 620), this.int(4, 6), this.int(560, 820), 3, 19);
      return;
    }
    const fp = this.logn(14, 0.8, 6);
    const rp = round(fp * (0.8 + this.u() * 1.2)) + 2;
    const open = this.u() < 0.08;
    this.conv(TCP, c, w, this.clientPort(), 443, t, this.logn(6, 1.2, 0),
      fp, fp * 52 + this.int(600, 2400), rp, rp * this.int(420, 1300) + 200, open ? 2 : 3, open ? 18 : 19);
  }

  /** A short internal TCP connection from `c` to one of `servers`. */
  private internal(c: Nic, servers: readonly Nic[], port: number, t: number, pk: number, by: number, rpk: number, rby: number): void {
    if (servers.length === 0) return;
    const s = this.pick(servers);
    if (s === c) return;
    const fp = this.logn(pk, 0.6, 3);
    const rp = this.logn(rpk, 0.6, 3);
    this.conv(TCP, c, s, this.ephemeral(), port, t, this.logn(2, 1.3, 0),
      fp, max(fp * 52, this.logn(by, 0.8, 0)), rp, max(rp * 52, this.logn(rby, 1, 0)), 3, 19);
  }

  /** An outbound HTTPS (or HTTP) connection to the internet, or to S3. */
  private egress(c: Nic, t: number, http: boolean): void {
    let dst: string;
    let port = 443;
    if (c.role !== 'web' && this.nats.length === 0) {
      dst = this.pick(S3_ADDRS);
    } else if (http) {
      dst = this.pick(INTERNET_80);
      port = 80;
    } else {
      dst = this.u() < 0.35 ? this.pick(S3_ADDRS) : this.pick(INTERNET_443);
    }
    const fp = this.logn(18, 0.9, 6);
    const rp = this.logn(40, 1.3, 4);
    this.conv(TCP, c, dst, this.ephemeral(), port, t, this.logn(3, 1.2, 0),
      fp, fp * 60 + this.int(500, 3000), rp, rp * this.int(600, 1400), 3, 19);
  }

  private ntp(c: Nic, t: number): void {
    this.conv(UDP, c, this.pick(NTP_ADDRS), this.ephemeral(), 123, t, 0, 1, 76, 1, 76, 0, 0);
  }

  /** Pooled connections from app servers and workers to a database: one record per direction per interval. */
  private pooledDb(k: number, s1: number): void {
    if (this.dbs.length === 0) return;
    for (const c of this.dbClients) {
      const db = this.dbs[c.index % this.dbs.length];
      for (let j = 0; j < 3; j++) {
        const sport = 33000 + (hash(this.seed, c.index, j, 0xdb) % 27000);
        for (const nic of [c, db]) {
          for (let iv = k === 0 ? -1 : k; iv <= k; iv++) {
            const ivStart = nic.base + iv * INTERVAL;
            const ivEnd = ivStart + INTERVAL;
            if (ivEnd <= nic.captureFrom || ivStart >= s1) continue;
            const start = min(max(ivStart, this.t0, nic.captureFrom) + this.int(0, 15), s1 - 1, ivEnd - 1);
            const dur = max(0, ivEnd - 1 - this.int(0, 15) - start);
            const level = this.diurnal(start) * this.p.intensity;
            const fp = this.logn(80 * level, 0.7, 2);
            const rp = this.logn(70 * level, 0.7, 2);
            const fb = fp * this.int(90, 260);
            const rb = rp * this.int(200, 1100);
            const egress = nic === c;
            this.rec(nic, egress, c.addr, db.addr, sport, 5432, TCP, fp, fb, start, dur, ACCEPT, 0, egress ? '1' : '-', c.addr, db.addr);
            this.rec(nic, !egress, db.addr, c.addr, 5432, sport, TCP, rp, rb, start, dur, ACCEPT, 0, egress ? '-' : '1', db.addr, c.addr);
          }
        }
      }
    }
  }

  /** The spike: a batch job's extra flows from workers (app servers if none) to databases, S3 and caches. */
  private batchJob(count: number, at: () => number): void {
    const runners = this.workers.length > 0 ? this.workers : this.apps;
    if (runners.length === 0) return;
    for (let i = 0; i < count; i++) {
      const w = this.pick(runners);
      const r = this.u();
      const t = at();
      if (r < 0.3) {
        this.internal(w, this.dbs, 5432, t, 40, 9000, 60, 90000);
      } else if (r < 0.8) {
        const fp = this.logn(300, 0.8, 20);
        const rp = this.logn(120, 0.8, 10);
        this.conv(TCP, w, this.pick(S3_ADDRS), this.ephemeral(), 443, t, this.logn(8, 1, 0), fp, fp * this.int(900, 1400), rp, rp * 70, 3, 19);
      } else {
        this.internal(w, this.caches, 6379, t, 8, 300, 8, 900);
      }
    }
  }

  /** An internet probe of a non-admin port of a public interface, rejected by its security group. */
  private noise(t: number): void {
    if (this.web.length === 0) return;
    const nic = this.pick(this.web);
    const port = this.pick(NOISE_PORTS);
    const src = randomPublicIp(this.rng);
    if (port === 5060) {
      this.rec(nic, false, src, nic.addr, this.int(5060, 5090), port, UDP, 1, this.int(380, 460), t, 0, REJECT, 0, '-', src, nic.addr);
    } else {
      const pk = this.u() < 0.8 ? 1 : 2;
      this.rec(nic, false, src, nic.addr, this.clientPort(), port, TCP, pk, pk * this.pick([40, 44, 60]), t, pk - 1, REJECT, 2, '-', src, nic.addr);
    }
  }

  /** A monitoring scrape of a port the target's security group does not open. */
  private internalNoise(t: number): void {
    const c = this.pick(this.nics);
    const s = this.pick(this.nics);
    if (c === s || c.role === 'nat' || s.role === 'nat') return;
    this.synProbe(c, s, this.ephemeral(), this.pick([9100, 9100, 8080, 9200]), t);
  }

  /** A rejected SYN from an interface to another: egress ACCEPT on the source, ingress REJECT on the target. */
  private synProbe(c: Nic, s: Nic, sport: number, dport: number, t: number): void {
    const pk = this.u() < 0.6 ? 1 : 2;
    const by = pk * 60;
    this.rec(c, true, c.addr, s.addr, sport, dport, TCP, pk, by, t, pk - 1, ACCEPT, 2, '1', c.addr, s.addr);
    this.rec(s, false, c.addr, s.addr, sport, dport, TCP, pk, by, t, pk - 1, REJECT, 2, '-', c.addr, s.addr);
  }

  private scanning(s0: number, s1: number): void {
    if (this.web.length === 0) return;
    const hour = floor((s0 - this.t0) / HOUR);
    if (hour !== this.probeHour) {
      this.probeHour = hour;
      this.probes = this.planScans(hour);
    }
    for (const pr of this.probes) {
      if (pr.t >= s0 && pr.t < s1) {
        this.rec(pr.nic, false, pr.src, pr.nic.addr, pr.sport, pr.dport, TCP, pr.packets, pr.bytes, pr.t, pr.packets - 1, REJECT, 2, '-', pr.src, pr.nic.addr);
      }
    }
  }

  /**
   * An hour of background scanning: many sources probing SSH or RDP of the public interfaces 1-3 times each, a few
   * persistent scanners with 6-12 probes every hour, and sweepers probing every public interface once or twice.
   */
  private planScans(hour: number): Probe[] {
    const rng = new Rng(hash(this.seed, hour, 0x5ca));
    const h0 = this.t0 + hour * HOUR;
    const [lo, hi] = this.p.scanSources!(hour);
    const sources = lo + floor(rng.next() * (hi - lo + 1));
    const probes: Probe[] = [];
    const probe = (src: string, t: number, dport: number, nic?: Nic) => {
      const packets = rng.next() < 0.8 ? 1 : 2;
      const size = [40, 44, 60][floor(rng.next() * 3)];
      probes.push({
        t: min(t, h0 + HOUR - 1),
        nic: nic ?? this.web[floor(rng.next() * this.web.length)],
        src,
        sport: 1024 + floor(rng.next() * 64512),
        dport,
        packets,
        bytes: packets * size,
      });
    };
    for (let i = 0; i < sources; i++) {
      let src = randomPublicIp(rng);
      while (this.persistent.includes(src)) src = randomPublicIp(rng);
      const r = rng.next();
      const count = r < 0.5 ? 1 : r < 0.8 ? 2 : 3;
      const dport = rng.next() < 0.65 ? 22 : 3389;
      let t = h0 + floor(rng.next() * HOUR);
      for (let j = 0; j < count; j++) {
        probe(src, t, dport);
        t += floor(rng.next() * 90);
      }
    }
    for (const src of this.persistent) {
      const count = 6 + floor(rng.next() * 7);
      for (let j = 0; j < count; j++) probe(src, h0 + floor(rng.next() * HOUR), rng.next() < 0.6 ? 22 : 3389);
    }
    // Sweepers (internet-wide scanners): every public address, in order, a second or two apart; a
    // second pass (a retry from a new source port) for some.
    const [slo, shi] = this.p.sweepers ?? [0, 0];
    const sweepers = slo + floor(rng.next() * (shi - slo + 1));
    for (let i = 0; i < sweepers; i++) {
      const src = randomPublicIp(rng);
      const ports = rng.next() < 0.6 ? [22, 3389] : [22];
      const passes = rng.next() < 0.3 ? 2 : 1;
      let t = h0 + floor(rng.next() * (HOUR - 600));
      for (let pass = 0; pass < passes; pass++) {
        for (const dport of ports) {
          for (const nic of this.web) {
            probe(src, t, dport, nic);
            t += 1 + floor(rng.next() * 2);
          }
        }
      }
    }
    return probes;
  }

  private bruteForce(bf: NonNullable<Profile['bruteForce']>, s0: number, s1: number): void {
    const from = this.t0 + bf.from * HOUR;
    const to = this.t0 + bf.to * HOUR;
    if (s1 <= from || s0 >= to || this.web.length === 0) return;
    const target = this.web[0];
    const hour = floor((s0 - this.t0) / HOUR);
    // 400-600 attempts in the hour, shared out among its six slots.
    const total = 400 + (hash(this.seed, hour, 0xbf) % 201);
    const j = floor((s0 - (this.t0 + hour * HOUR)) / INTERVAL);
    const count = floor((total * (j + 1)) / 6) - floor((total * j) / 6);
    for (let i = 0; i < count; i++) {
      const t = s0 + floor(this.u() * (s1 - s0));
      const pk = this.u() < 0.7 ? 1 : 2;
      this.rec(target, false, bf.src, target.addr, this.ephemeral(), 22, TCP, pk, pk * 60, t, pk - 1, REJECT, 2, '-', bf.src, target.addr);
    }
  }

  /** The sweep, in address order: for each target, 2-3 attempts on TCP 22, then 2-3 on TCP 3389. */
  private planLateral(l: NonNullable<Profile['lateral']>): void {
    const rng = new Rng(hash(this.seed, 0x1a7, 0));
    const src = this.nics.find((n) => n.addr === l.src);
    if (!src) throw new Error(`lateral: no interface has the address ${l.src}`);
    const others = this.nics.filter((n) => n !== src && n.role !== 'nat');
    // Choose l.targets of them (Fisher-Yates), then sort by address.
    for (let i = others.length - 1; i > 0; i--) {
      const j = floor(rng.next() * (i + 1));
      [others[i], others[j]] = [others[j], others[i]];
    }
    const key = (n: Nic) => n.addr.split('.').reduce((a, x) => a * 256 + Number(x), 0);
    const targets = others.slice(0, l.targets).sort((a, b) => key(a) - key(b));
    const start = this.t0 + l.at * HOUR;
    const step = (l.minutes * 60) / targets.length;
    targets.forEach((nic, i) => {
      let t = start + floor(i * step);
      for (const dport of [22, 3389]) {
        const attempts = 2 + floor(rng.next() * 2);
        for (let a = 0; a < attempts; a++) {
          this.sweep.push({ t, from: src, to: nic, sport: 32768 + floor(rng.next() * 28232), dport });
          t += 1 + floor(rng.next() * 3);
        }
      }
    });
  }

  // ------------------------------------------------------------ conversations and records

  /**
   * A conversation: `fp`/`fb` packets/bytes from client to server, `rp`/`rb` back, TCP flags `ff`/`rf`, logged on
   * every interface it crosses. Endpoints outside the VPC are addresses (strings).
   */
  private conv(proto: number, c: Nic | string, s: Nic | string, sport: number, dport: number, t: number, dur: number,
    fp: number, fb: number, rp: number, rb: number, ff: number, rf: number): void {
    if (typeof s !== 'string') {
      const ca = typeof c === 'string' ? c : c.addr;
      const path = typeof c === 'string' ? '8' : '1';
      if (typeof c !== 'string') {
        this.rec(c, true, ca, s.addr, sport, dport, proto, fp, fb, t, dur, ACCEPT, ff, '1', ca, s.addr);
        this.rec(c, false, s.addr, ca, dport, sport, proto, rp, rb, t, dur, ACCEPT, rf, '-', s.addr, ca);
      }
      this.rec(s, false, ca, s.addr, sport, dport, proto, fp, fb, t, dur, ACCEPT, ff, '-', ca, s.addr);
      this.rec(s, true, s.addr, ca, dport, sport, proto, rp, rb, t, dur, ACCEPT, rf, path, s.addr, ca);
      return;
    }
    if (typeof c === 'string') return;
    const viaGatewayEndpoint = c.role !== 'web' && AWS_SERVICE.get(s) === 'S3';
    const nat = c.role === 'web' || viaGatewayEndpoint ? undefined : this.nats[SUBNETS.indexOf(c.subnet) % this.nats.length];
    this.rec(c, true, c.addr, s, sport, dport, proto, fp, fb, t, dur, ACCEPT, ff, c.role === 'web' ? '8' : viaGatewayEndpoint ? '7' : '1', c.addr, s);
    this.rec(c, false, s, c.addr, dport, sport, proto, rp, rb, t, dur, ACCEPT, rf, '-', s, c.addr);
    if (nat) {
      // The NAT gateway's interface: in from the instance, out to the host (translated source port), and back.
      const np = 1024 + (hash(sport, t, c.index, 0x4a7) % 64511);
      this.rec(nat, false, c.addr, nat.addr, sport, dport, proto, fp, fb, t, dur, ACCEPT, ff, '-', c.addr, s);
      this.rec(nat, true, nat.addr, s, np, dport, proto, fp, fb, t, dur, ACCEPT, ff, '2', nat.addr, s);
      this.rec(nat, false, s, nat.addr, dport, np, proto, rp, rb, t, dur, ACCEPT, rf, '-', s, nat.addr);
      this.rec(nat, true, nat.addr, c.addr, dport, sport, proto, rp, rb, t, dur, ACCEPT, rf, '1', s, c.addr);
    }
  }

  /**
   * One record on `nic`, placed in the interface's aggregation interval that holds `start` (its end is clipped to
   * the interval), ingested with the interval's batch; dropped if not captured yet, lost in an outage or ingested
   * after the window.
   */
  private rec(nic: Nic, egress: boolean, src: string, dst: string, sport: number, dport: number, proto: number,
    packets: number, bytes: number, start: number, dur: number, action: string, flags: number, path: string,
    pktSrc: string, pktDst: string): void {
    if (start < nic.captureFrom) return;
    const iv = floor((start - nic.base) / INTERVAL);
    if (iv % 2 === 0) nic.markEven = iv;
    else nic.markOdd = iv;
    const ivEnd = nic.base + (iv + 1) * INTERVAL;
    const ingest = this.ingestion(nic, iv, ivEnd);
    if (this.dropped(start, ingest)) return;
    let end = start + (dur > 0 ? dur : 0);
    if (end >= ivEnd) end = ivEnd - 1;
    const codes = this.fmt.codes;
    const v = this.values;
    for (let i = 0; i < codes.length; i++) {
      switch (codes[i]) {
        case Fc.VERSION: v[i] = this.fmt.version; break;
        case Fc.ACCOUNT: v[i] = ACCOUNT_ID; break;
        case Fc.INTERFACE: v[i] = nic.id; break;
        case Fc.SRCADDR: v[i] = src; break;
        case Fc.DSTADDR: v[i] = dst; break;
        case Fc.SRCPORT: v[i] = sport; break;
        case Fc.DSTPORT: v[i] = dport; break;
        case Fc.PROTOCOL: v[i] = proto; break;
        case Fc.PACKETS: v[i] = packets; break;
        case Fc.BYTES: v[i] = bytes; break;
        case Fc.START: v[i] = start; break;
        case Fc.END: v[i] = end; break;
        case Fc.ACTION: v[i] = action; break;
        case Fc.LOG_STATUS: v[i] = 'OK'; break;
        case Fc.VPC: v[i] = VPC_ID; break;
        case Fc.SUBNET: v[i] = nic.subnet.id; break;
        case Fc.INSTANCE: v[i] = nic.instanceId; break;
        case Fc.TCP_FLAGS: v[i] = flags; break;
        case Fc.TYPE: v[i] = 'IPv4'; break;
        case Fc.PKT_SRCADDR: v[i] = pktSrc; break;
        case Fc.PKT_DSTADDR: v[i] = pktDst; break;
        case Fc.REGION: v[i] = AWS_REGION; break;
        case Fc.AZ: v[i] = nic.subnet.az; break;
        case Fc.FLOW_DIRECTION: v[i] = egress ? 'egress' : 'ingress'; break;
        case Fc.TRAFFIC_PATH: v[i] = egress ? path : '-'; break;
        case Fc.PKT_SRC_SERVICE: v[i] = AWS_SERVICE.get(pktSrc) ?? '-'; break;
        case Fc.PKT_DST_SERVICE: v[i] = AWS_SERVICE.get(pktDst) ?? '-'; break;
        default: v[i] = '-';
      }
    }
    const m = v.join(' ');
    this.push(nic, start, ingest, m);
  }

  private nodata(nic: Nic, start: number, end: number): string {
    const codes = this.fmt.codes;
    let m = '';
    for (let i = 0; i < codes.length; i++) {
      if (i > 0) m += ' ';
      switch (codes[i]) {
        case Fc.VERSION: m += this.fmt.version; break;
        case Fc.ACCOUNT: m += ACCOUNT_ID; break;
        case Fc.INTERFACE: m += nic.id; break;
        case Fc.START: m += start; break;
        case Fc.END: m += end; break;
        case Fc.LOG_STATUS: m += 'NODATA'; break;
        default: m += '-';
      }
    }
    return m;
  }

  private push(nic: Nic, start: number, ingestionTime: number, message: string): void {
    this.ring[(start - this.t0) % (2 * INTERVAL)].push({ timestamp: start * 1000, ingestionTime, message, logStreamName: nic.id });
  }

  /** When interval `iv` of `nic` is ingested: its end plus a delay of 1-6 minutes, in milliseconds. */
  private ingestion(nic: Nic, iv: number, ivEnd: number): number {
    if (nic.ingestIv !== iv) {
      const h = hash(this.seed, nic.index, iv, 0xde1);
      nic.ingestIv = iv;
      nic.ingestMs = (ivEnd + 60 + (h % 301)) * 1000 + (floor(h / 301) % 1000);
    }
    return nic.ingestMs;
  }

  /** Lost in the delivery outage (started, or due for delivery, in it) or ingested after the window. */
  private dropped(start: number, ingestMs: number): boolean {
    if (ingestMs > this.toMs) return true;
    return (start >= this.outFrom && start < this.outTo) || (ingestMs >= this.outFrom * 1000 && ingestMs < this.outTo * 1000);
  }
}

// ---------------------------------------------------------------- writers

/** Strings in chunks of about 1 MiB (for Readable.from). */
function* chunks(parts: Iterable<string>): Generator<string> {
  let buf: string[] = [];
  let size = 0;
  for (const s of parts) {
    buf.push(s);
    size += s.length;
    if (size >= 1048576) {
      yield buf.join(''); // one flat string: cheaper to encode than a rope of thousands of pieces
      buf = [];
      size = 0;
    }
  }
  if (size > 0) yield buf.join('');
}

async function writeStream(path: string, parts: Iterable<string>, gzip: boolean): Promise<void> {
  const source = Readable.from(chunks(parts), { objectMode: false });
  if (gzip) await pipeline(source, zlib.createGzip(), fs.createWriteStream(path));
  else await pipeline(source, fs.createWriteStream(path));
}

/** Characters a JSON string must escape (and lone surrogates, which JSON.stringify escapes). */
const JSON_UNSAFE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal; fast for the plain ASCII of flow log records. */
function jsonString(s: string): string {
  return JSON_UNSAFE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/**
 * Write `events` as `aws logs filter-log-events` prints them, one page after another in one file, one page per
 * line: `{"events":[...],"searchedLogStreams":[],"nextToken":"..."}` (the last page has no `nextToken`). Event IDs
 * (56 digits) and tokens are deterministic. Streams. Resolves to the number of events written.
 */
export async function writeFilterLogEventsPages(path: string, events: Iterable<FlowLogEvent>, pageSize = 10000): Promise<number> {
  if (!(pageSize >= 1) || !Number.isInteger(pageSize)) throw new Error(`pageSize: must be a positive whole number, got ${pageSize}`);
  let count = 0;
  function* lines(): Generator<string> {
    const it = events[Symbol.iterator]();
    let next = it.next();
    let page = 0;
    let inPage = 0;
    let lastId = '';
    yield '{"events":[';
    while (!next.done) {
      const e = next.value;
      lastId = `${e.timestamp}`.padStart(16, '0') + `${count}`.padStart(40, '0');
      yield (inPage > 0 ? ',{"logStreamName":' : '{"logStreamName":') + jsonString(e.logStreamName) + ',"timestamp":' + e.timestamp
        + ',"message":' + jsonString(e.message) + ',"ingestionTime":' + e.ingestionTime + ',"eventId":"' + lastId + '"}';
      count++;
      inPage++;
      next = it.next();
      if (inPage === pageSize && !next.done) {
        page++;
        const token = Buffer.from(`page:${page}:${lastId}`).toString('base64url');
        yield `],"searchedLogStreams":[],"nextToken":"${token}"}\n{"events":[`;
        inPage = 0;
      }
    }
    yield '],"searchedLogStreams":[]}\n';
  }
  await writeStream(path, lines(), false);
  return count;
}

/**
 * Write `events` as a flow log file delivered to S3: a header line with the format's field names, then one record
 * per line; gzipped if `gzip` (by default, if the path ends with `.gz`). Streams. Resolves to the number of records.
 */
export async function writeS3LogFile(path: string, format: readonly string[], events: Iterable<FlowLogEvent>,
  options: { readonly gzip?: boolean } = {}): Promise<number> {
  let count = 0;
  function* lines(): Generator<string> {
    yield format.join(' ') + '\n';
    for (const e of events) {
      count++;
      yield e.message + '\n';
    }
  }
  await writeStream(path, lines(), options.gzip ?? path.endsWith('.gz'));
  return count;
}
