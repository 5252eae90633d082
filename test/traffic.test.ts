import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import {
  benchEvents, DEFAULT_FORMAT, FlowLogEvent, SCENARIOS, scenarioEvents, scenarioInfo, ScenarioName,
  writeFilterLogEventsPages, writeS3LogFile,
} from '../bench/traffic';

const CUSTOM = ['srcaddr', 'dstaddr', 'dstport', 'protocol', 'action', 'start', 'interface-id', 'pkt-srcaddr', 'tcp-flags', 'log-status'];
const START = Date.parse('2026-01-05T00:00:00Z');
const H = 3600_000;

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const x of items) {
    yield x;
    if (++i >= n) return;
  }
}

/** A record as name → value, for the default format. */
function rec(e: FlowLogEvent): Record<string, string> {
  const v = e.message.split(' ');
  return Object.fromEntries(DEFAULT_FORMAT.map((f, i) => [f, v[i]]));
}

function events(name: ScenarioName, hours?: number, seed?: number): FlowLogEvent[] {
  return [...scenarioEvents(name, { format: DEFAULT_FORMAT, hours, seed })];
}

/** The events of a scenario (default format) that `keep` accepts, without holding the others. */
function* matching(name: ScenarioName, hours: number, keep: (e: FlowLogEvent) => boolean): Generator<FlowLogEvent> {
  for (const e of scenarioEvents(name, { format: DEFAULT_FORMAT, hours })) if (keep(e)) yield e;
}

const PRIVATE = /^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/;

describe('traffic generator', () => {
  test('is deterministic: same options, same events; another seed, other events', () => {
    const first = (seed: number) => [...take(scenarioEvents('scanned', { format: DEFAULT_FORMAT, seed }), 1000)];
    expect(JSON.stringify(first(7))).toEqual(JSON.stringify(first(7)));
    expect(JSON.stringify(first(8))).not.toEqual(JSON.stringify(first(7)));
    const bench = (seed: number) => [...benchEvents({ format: DEFAULT_FORMAT, records: 1000, seed })].map((e) => e.message);
    expect(bench(3)).toEqual(bench(3));
    // An iterable can be iterated again, with the same result.
    const quiet = scenarioEvents('quiet', { format: DEFAULT_FORMAT, hours: 2 });
    expect([...quiet]).toEqual([...quiet]);
  });

  test.each(SCENARIOS.map((s) => [s]))('%s: records have exactly the format\'s fields, in order, within the window', (name) => {
    const info = scenarioInfo(name, { hours: 3 });
    const from = Date.parse(info.from);
    const to = Date.parse(info.to);
    expect(to - from).toBe(3 * H);
    for (const format of [DEFAULT_FORMAT, CUSTOM]) {
      const evs = [...take(scenarioEvents(name, { format, hours: 3 }), 3000)];
      expect(evs.length).toBeGreaterThan(20);
      // Collect what is wrong, then assert once: thousands of expect() calls are slow.
      const wrong: string[] = [];
      const check = (ok: boolean, what: string, e: FlowLogEvent) => {
        if (!ok && wrong.length < 10) wrong.push(`${what}: ${JSON.stringify(e)}`);
      };
      let last = 0;
      for (const e of evs) {
        const v = e.message.split(' ');
        check(v.length === format.length, 'field count', e);
        check(v[format.indexOf('interface-id')] === e.logStreamName && /^eni-[0-9a-f]{17}$/.test(e.logStreamName), 'stream', e);
        check(e.timestamp % 1000 === 0 && e.timestamp >= Math.max(last, from) && e.timestamp < to, 'timestamp', e);
        check(e.ingestionTime >= e.timestamp + 60_000 && e.ingestionTime <= Math.min(to, e.timestamp + 17 * 60_000), 'ingestion', e);
        last = e.timestamp;
        if (format === DEFAULT_FORMAT) {
          const r = rec(e);
          check(r.version === '2' && Number(r.start) * 1000 === e.timestamp, 'version/start', e);
          check(Number(r.end) - Number(r.start) >= 0 && Number(r.end) - Number(r.start) < 600, 'end', e);
          if (r['log-status'] === 'NODATA') {
            check(/^2 123456789012 eni-[0-9a-f]{17} - - - - - - - \d+ \d+ - NODATA$/.test(e.message), 'NODATA', e);
          } else {
            check(r['log-status'] === 'OK' && ['ACCEPT', 'REJECT'].includes(r.action) && ['6', '17'].includes(r.protocol), 'values', e);
            check(Number(r.bytes) >= Number(r.packets) * 40 && Number(r.packets) >= 1, 'sizes', e);
          }
        }
      }
      expect(wrong).toEqual([]);
    }
  });

  test('an unknown field is an error that names it', () => {
    expect(() => scenarioEvents('busy', { format: ['srcaddr', 'dst-addr'] })).toThrow(/dst-addr/);
    expect(() => benchEvents({ format: ['version', 'bogus'], records: 1 })).toThrow(/bogus/);
    expect(() => scenarioEvents('nope' as ScenarioName, { format: DEFAULT_FORMAT })).toThrow(/nope/);
  });

  test('the version is that of the newest field in the format', () => {
    const first = (format: string[]) => [...take(scenarioEvents('busy', { format }), 1)][0].message.split(' ')[0];
    expect(first(['version', 'srcaddr'])).toBe('2');
    expect(first(['version', 'tcp-flags'])).toBe('3');
    expect(first(['version', 'flow-direction', 'az-id'])).toBe('5');
  });

  test('quiet: NODATA for idle intervals, something ingested every 10 minutes, no SSH/RDP rejects', () => {
    const evs = events('quiet', 24);
    expect(evs.filter((e) => rec(e)['log-status'] === 'NODATA').length).toBeGreaterThan(100);
    expect(evs.filter((e) => ['22', '3389'].includes(rec(e).dstport))).toEqual([]);
    const buckets = new Set(evs.map((e) => Math.floor((e.ingestionTime - START) / 600_000)));
    for (let b = 2; b < 24 * 6; b++) expect(buckets).toContain(b);
  });

  test('busy: thousands of flows per hour, no SSH/RDP probes', () => {
    const evs = events('busy', 2);
    expect(evs.filter((e) => e.timestamp >= START + H).length).toBeGreaterThan(4000);
    expect(evs.filter((e) => rec(e).action === 'REJECT' && ['22', '3389'].includes(rec(e).dstport))).toEqual([]);
  });

  test('scanned: hundreds of sources probe SSH/RDP every hour; sweepers probe every public address; no source tries one address more than 12 times', () => {
    const perSource = new Map<string, number>();
    const perPair = new Map<string, number>();
    const targets = new Map<string, Set<string>>();
    for (const e of events('scanned', 13)) {
      const r = rec(e);
      if (e.timestamp < START + 12 * H || r.action !== 'REJECT' || !['22', '3389'].includes(r.dstport)) continue;
      expect(r.srcaddr).not.toMatch(PRIVATE);
      perSource.set(r.srcaddr, (perSource.get(r.srcaddr) ?? 0) + 1);
      perPair.set(`${r.srcaddr}>${r.dstaddr}:${r.dstport}`, (perPair.get(`${r.srcaddr}>${r.dstaddr}:${r.dstport}`) ?? 0) + 1);
      if (!targets.has(r.srcaddr)) targets.set(r.srcaddr, new Set());
      targets.get(r.srcaddr)!.add(r.dstaddr);
    }
    expect(perSource.size).toBeGreaterThanOrEqual(200);
    expect(Math.max(...perPair.values())).toBeLessThanOrEqual(12);
    // 2-6 sweepers in the hour, each on all 24 public interfaces: one source, 24 or more attempts.
    const sweepers = [...targets.values()].filter(t => t.size === 24).length;
    expect(sweepers).toBeGreaterThanOrEqual(2);
    expect(sweepers).toBeLessThanOrEqual(6);
    expect(Math.max(...perSource.values())).toBeGreaterThanOrEqual(24);
    const ssh = [...perSource.values()].reduce((a, b) => a + b, 0);
    expect(ssh).toBeGreaterThan(200);
  });

  test('bruteForce: 400-600 rejected SSH attempts from 203.0.113.77 on day 2 09:00-10:00, none before', () => {
    const attacker = [...matching('bruteForce', 34, (e) => e.message.includes(' 203.0.113.77 '))];
    expect(attacker.filter((e) => e.timestamp < START + 33 * H)).toEqual([]);
    const hits = attacker.filter((e) => rec(e).dstport === '22' && rec(e).action === 'REJECT');
    expect(hits.length).toBe(attacker.length);
    expect(hits.length).toBeGreaterThanOrEqual(400);
    expect(hits.length).toBeLessThanOrEqual(600);
    expect(new Set(hits.map((e) => e.logStreamName)).size).toBe(1);
  });

  test('lateral: 10.0.2.25 sweeps 40 internal addresses on 22 and 3389 on day 2 14:00-14:20', () => {
    const sweep = [...matching('lateral', 39, (e) => / 10\.0\.2\.25 \S+ \d+ (22|3389) /.test(e.message))];
    expect(sweep.every((e) => rec(e).srcaddr === '10.0.2.25')).toBe(true);
    const dsts = new Set(sweep.map((e) => rec(e).dstaddr));
    expect(dsts.size).toBeGreaterThanOrEqual(40);
    expect([...dsts].filter((d) => !/^10\.0\.\d+\.\d+$/.test(d))).toEqual([]);
    const rejected = sweep.filter((e) => rec(e).action === 'REJECT');
    expect(new Set(rejected.map((e) => rec(e).dstaddr)).size).toBe(40);
    expect(rejected.length).toBeGreaterThanOrEqual(160);
    expect(sweep.filter((e) => e.timestamp < START + 38 * H || e.timestamp >= START + 38 * H + 20 * 60_000)).toEqual([]);
  });

  test('deliveryStopped: nothing with a start in day 2 06:00-10:00, nothing ingested then, delivery resumes', () => {
    const evs = events('deliveryStopped', 36);
    const from = START + 30 * H;
    const to = START + 34 * H;
    expect(evs.filter((e) => e.timestamp >= from && e.timestamp < to)).toEqual([]);
    expect(evs.filter((e) => e.ingestionTime >= from && e.ingestionTime < to)).toEqual([]);
    expect(evs.filter((e) => e.timestamp >= to).length).toBeGreaterThan(500);
    expect(evs.filter((e) => e.timestamp >= from - H && e.timestamp < from).length).toBeGreaterThan(100);
  });

  test('firstDeploy: first records 4-8 minutes in, nothing ingested in the first 8 minutes, tens of scanners per hour', () => {
    const evs = events('firstDeploy');
    expect(Math.min(...evs.map((e) => e.timestamp))).toBeGreaterThanOrEqual(START + 4 * 60_000);
    expect(Math.min(...evs.map((e) => e.timestamp))).toBeLessThanOrEqual(START + 8 * 60_000);
    const firstIngest = Math.min(...evs.map((e) => e.ingestionTime));
    expect(firstIngest).toBeGreaterThan(START + 8 * 60_000);
    expect(firstIngest).toBeLessThan(START + 25 * 60_000);
    const scanners = new Set(evs.filter((e) => e.timestamp < START + H && ['22', '3389'].includes(rec(e).dstport)).map((e) => rec(e).srcaddr));
    expect(scanners.size).toBeGreaterThanOrEqual(10);
    expect(scanners.size).toBeLessThan(100);
  });

  test('spike: day 2 13:00-14:00 has many times the ACCEPT flows of the hour before, and no attack', () => {
    const accepts = [0, 0];
    let adminRejects = 0;
    for (const e of scenarioEvents('spike', { format: ['action', 'dstport'], hours: 38 })) {
      if (e.timestamp < START + 36 * H) continue;
      const [action, dstport] = e.message.split(' ');
      if (action === 'ACCEPT') accepts[Math.floor((e.timestamp - START) / H) - 36]++;
      if (action === 'REJECT' && (dstport === '22' || dstport === '3389')) adminRejects++;
    }
    expect(accepts[1]).toBeGreaterThan(5 * accepts[0]);
    expect(adminRejects).toBe(0);
  });

  test('benchEvents yields exactly the records asked for', () => {
    expect([...benchEvents({ format: CUSTOM, records: 12345 })]).toHaveLength(12345);
    expect([...benchEvents({ format: CUSTOM, records: 0 })]).toHaveLength(0);
  });

  describe('writers', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traffic-'));
    });
    afterAll(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('filter-log-events pages parse back, one page per line, the last without nextToken', async () => {
      const file = path.join(dir, 'pages.json');
      const n = await writeFilterLogEventsPages(file, take(scenarioEvents('busy', { format: DEFAULT_FORMAT }), 25000), 10000);
      expect(n).toBe(25000);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      const pages = lines.map((l) => JSON.parse(l));
      expect(pages.map((p) => p.events.length)).toEqual([10000, 10000, 5000]);
      expect(pages.map((p) => typeof p.nextToken)).toEqual(['string', 'string', 'undefined']);
      const first = pages[0].events[0];
      expect(Object.keys(first)).toEqual(['logStreamName', 'timestamp', 'message', 'ingestionTime', 'eventId']);
      expect(first.eventId).toMatch(/^\d{56}$/);
      const ids = new Set(pages.flatMap((p) => p.events.map((e: { eventId: string }) => e.eventId)));
      expect(ids.size).toBe(25000);
      const expected = [...take(scenarioEvents('busy', { format: DEFAULT_FORMAT }), 3)];
      expect(pages[0].events.slice(0, 3).map((e: FlowLogEvent) => e.message)).toEqual(expected.map((e) => e.message));

      const empty = path.join(dir, 'empty.json');
      await writeFilterLogEventsPages(empty, []);
      expect(JSON.parse(fs.readFileSync(empty, 'utf8'))).toEqual({ events: [], searchedLogStreams: [] });
    });

    test('S3 log files: a header line with the format, then the records; gzipped for .gz', async () => {
      const gz = path.join(dir, 'flow.log.gz');
      const n = await writeS3LogFile(gz, CUSTOM, take(scenarioEvents('scanned', { format: CUSTOM }), 5000));
      expect(n).toBe(5000);
      const lines = zlib.gunzipSync(fs.readFileSync(gz)).toString('utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines[0]).toBe(CUSTOM.join(' '));
      expect(lines).toHaveLength(5001);
      for (const l of lines.slice(1)) expect(l.split(' ')).toHaveLength(CUSTOM.length);

      const plain = path.join(dir, 'flow.log');
      await writeS3LogFile(plain, DEFAULT_FORMAT, take(scenarioEvents('quiet', { format: DEFAULT_FORMAT }), 10));
      expect(fs.readFileSync(plain, 'utf8').split('\n')[0]).toBe(DEFAULT_FORMAT.join(' '));
    });
  });
});
