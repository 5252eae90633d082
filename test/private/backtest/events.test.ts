/**
 * Reading flow log events (lib/private/backtest/events.ts): the shapes `aws logs filter-log-events`
 * prints and the files flow logs deliver to Amazon S3, read synchronously and streamed, and every
 * kind of bad input refused with a BacktestInputError that names the problem.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { FlowEvent, readEvents, readEventsSync } from '../../../lib/private/backtest/events';
import { BacktestInputError } from '../../../lib/private/backtest/template';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backtest-events-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(content: string | Buffer, name = `events-${++fileCount}.json`): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

function readSync(p: string): FlowEvent[] {
  const out: FlowEvent[] = [];
  readEventsSync(p, e => out.push(e));
  return out;
}

async function readAsync(p: string): Promise<FlowEvent[]> {
  const out: FlowEvent[] = [];
  await readEvents(p, e => out.push(e));
  return out;
}

/** Both readers give `expected` (timestamp, ingestionTime, message of each event). */
async function expectBoth(p: string, expected: Array<Pick<FlowEvent, 'timestamp' | 'ingestionTime' | 'message'>>) {
  const plain = (events: FlowEvent[]) => events.map(e => ({ timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message }));
  expect(plain(readSync(p))).toEqual(expected);
  expect(plain(await readAsync(p))).toEqual(expected);
}

/** Both readers throw a BacktestInputError whose message matches `message`. */
async function expectInputError(p: string, message: RegExp) {
  let sync: unknown;
  try {
    readSync(p);
  } catch (e) {
    sync = e;
  }
  expect(sync).toBeInstanceOf(BacktestInputError);
  expect((sync as Error).message).toMatch(message);
  let streamed: unknown;
  try {
    await readAsync(p);
  } catch (e) {
    streamed = e;
  }
  expect(streamed).toBeInstanceOf(BacktestInputError);
  expect((streamed as Error).message).toMatch(message);
}

const R1 = '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 22 6 20 4249 1418530010 1418530070 REJECT OK';
const R2 = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const R3 = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA';
const HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

/** An event as `aws logs filter-log-events` prints it. */
function cliEvent(timestamp: number, message: string, ingestionTime = timestamp + 300_000) {
  return { logStreamName: 'eni-1235b8ca123456789-all', timestamp, message, ingestionTime, eventId: `${timestamp}${message.length}` };
}

describe('aws logs filter-log-events output', () => {
  const e1 = cliEvent(1418530010000, R1);
  const e2 = cliEvent(1418530011000, R2, 1418530400000);
  const e3 = cliEvent(1431280876000, R3);
  const expected = [e1, e2, e3].map(e => ({ timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message }));

  test('one page', async () => {
    await expectBoth(file(JSON.stringify({ events: [e1, e2, e3] }, null, 4)), expected);
  });

  test('pages concatenated (what the CLI prints when it pages)', async () => {
    const text = JSON.stringify({ events: [e1] }, null, 4) + '\n' + JSON.stringify({ events: [e2, e3] }, null, 4) + '\n';
    await expectBoth(file(text), expected);
  });

  test('pages on one line without separators', async () => {
    await expectBoth(file(JSON.stringify({ events: [e1, e2] }) + JSON.stringify({ events: [e3] })), expected);
  });

  test('a JSON array of pages', async () => {
    await expectBoth(file(JSON.stringify([{ events: [e1] }, { events: [] }, { events: [e2, e3] }], null, 2)), expected);
  });

  test('pages with other keys (searchedLogStreams, nextToken), before and after "events"', async () => {
    const page1 = {
      searchedLogStreams: [{ logStreamName: 'eni-1235b8ca123456789-all', searchedCompletely: false, events: 'not these' }],
      nextToken: 'Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrI7fXtVAmw7d{"events":[]}',
      events: [e1],
    };
    const page2 = { events: [e2, e3], searchedLogStreams: [], nextToken: null };
    await expectBoth(file(JSON.stringify(page1) + '\n' + JSON.stringify(page2)), expected);
  });

  test('messages with braces, brackets, quotes, escapes and non-ASCII characters', async () => {
    const odd = ['{"events":[]}', 'a ] } [ {', 'quote " and \\ backslash', 'tab\tnewline\n', 'é ü 日本 🙂'];
    const events = odd.map((m, i) => cliEvent(1_700_000_000_000 + i, m));
    const read = events.map(e => ({ timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message }));
    await expectBoth(file(JSON.stringify({ events })), read);
  });

  test('no ingestionTime: the timestamp', async () => {
    await expectBoth(file('{"events":[{"timestamp": 5000, "message": "m"}]}'), [{ timestamp: 5000, ingestionTime: 5000, message: 'm' }]);
  });

  test('a UTF-8 byte order mark before the JSON', async () => {
    await expectBoth(file('\uFEFF{"events": [{"timestamp": 60000, "message": "m"}]}'), [{ timestamp: 60_000, ingestionTime: 60_000, message: 'm' }]);
  });

  test('a page with no events, and a file of such pages', async () => {
    await expectBoth(file('{"events": []}\n{"events": [], "searchedLogStreams": []}'), []);
  });

  test('an event split across the 1 MiB chunk boundary, in a file over 2 MiB', async () => {
    // Events of about 10 KB with multi-byte characters, so that an event (and a character) straddles
    // each 1 MiB boundary.
    const events = Array.from({ length: 230 }, (_, i) => cliEvent(1_700_000_000_000 + i * 1000, `${i} ` + 'é'.repeat(1000 + i) + 'x'.repeat(7000 + i)));
    const text = JSON.stringify({ events });
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    await expectBoth(file(text), events.map(e => ({ timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message })));
  });

  test('the "events" key of a page split across the 1 MiB chunk boundary', async () => {
    const boundary = 1024 * 1024;
    const e = cliEvent(1_700_000_000_000, R1);
    // {"nextToken":"xxx...","events":[...]} with `"events"` starting 3 bytes before the boundary
    const prefix = '{"nextToken":"';
    const filler = 'x'.repeat(boundary - 3 - prefix.length - '",'.length);
    const text = `${prefix}${filler}","events":[${JSON.stringify(e)}]}`;
    expect(text.indexOf('"events"')).toBe(boundary - 3);
    await expectBoth(file(text), [{ timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message }]);
  });
});

describe('flow log files as delivered to Amazon S3', () => {
  const expected = [R1, R2, R3].map(r => {
    const ms = Number(r.split(' ')[10]) * 1000;
    return { timestamp: ms, ingestionTime: ms, message: r };
  });

  test('.log: a header line, then a record per line; time from `start`, ingestionTime = timestamp', async () => {
    const p = file(`${HEADER}\n${R1}\n${R2}\n${R3}\n`, 'a.log');
    await expectBoth(p, expected);
    // the records come split into fields
    expect(readSync(p)[0].fields).toEqual(R1.split(' '));
  });

  test('.log.gz', async () => {
    await expectBoth(file(zlib.gzipSync(`${HEADER}\n${R1}\n${R2}\n${R3}\n`), 'b.log.gz'), expected);
  });

  test('CRLF line ends, blank lines, no final newline', async () => {
    const p = file(`${HEADER}\r\n${R1}\r\n\r\n${R2}\r\n${R3}`, 'c.log');
    await expectBoth(p, expected);
    expect(readSync(p).map(e => e.message.endsWith('\r'))).toEqual([false, false, false]);
  });

  test('a UTF-8 byte order mark before the header', async () => {
    await expectBoth(file(`\uFEFF${HEADER}\n${R1}\n${R2}\n${R3}\n`, 'bom.log'), expected);
  });

  test('a custom format: `start` wherever the header puts it', async () => {
    const header = 'start srcaddr dstaddr action';
    await expectBoth(file(`${header}\n1700000000 10.0.0.1 10.0.0.2 REJECT\n1700000060 10.0.0.1 10.0.0.3 ACCEPT\n`, 'd.log'), [
      { timestamp: 1700000000000, ingestionTime: 1700000000000, message: '1700000000 10.0.0.1 10.0.0.2 REJECT' },
      { timestamp: 1700000060000, ingestionTime: 1700000060000, message: '1700000060 10.0.0.1 10.0.0.3 ACCEPT' },
    ]);
  });

  test('a .gz of filter-log-events pages is read as JSON (by content, not by name)', async () => {
    await expectBoth(file(zlib.gzipSync(JSON.stringify({ events: [{ timestamp: 60_000, message: 'm' }] })), 'e.json.gz'),
      [{ timestamp: 60_000, ingestionTime: 60_000, message: 'm' }]);
  });
});

describe('bad input: a BacktestInputError naming the problem', () => {
  test('an empty file', async () => {
    await expectInputError(file(''), /is empty/);
    await expectInputError(file('  \n\t\n'), /is empty/);
    await expectInputError(file(zlib.gzipSync(''), 'empty.log.gz'), /is empty/);
  });

  test('plain text that is neither shape', async () => {
    const p = file('hello world\nthis is not a flow log\n', 'text.txt');
    await expectInputError(p, /not one of the accepted event files/);
    await expectInputError(p, /"hello world"/);
  });

  test('a header without `start`', async () => {
    await expectInputError(file('srcaddr dstaddr action\n10.0.0.1 10.0.0.2 REJECT\n', 'nostart.log'), /not one of the accepted event files/);
  });

  test('JSON without "events"', async () => {
    await expectInputError(file('{"logStreams": []}'), /no "events" array/);
    await expectInputError(file('[{"foo": 1}]'), /no "events" array/);
    await expectInputError(file('{"events": "x"}'), /no "events" array/);
  });

  test('JSON that is not pages', async () => {
    await expectInputError(file('[1, 2]'), /pages, each a JSON object/);
    await expectInputError(file('[[{"events": []}]]'), /the array must hold pages/);
    await expectInputError(file('{"events": []} [{"events": []}]'), /a page must be a JSON object/);
    await expectInputError(file('{"events": [[1]]}'), /"events" must be an array of event objects/);
  });

  test('"events" holding values that are not event objects', async () => {
    await expectInputError(file('{"events": ["a message"]}'), /"events" must be an array of event objects/);
    await expectInputError(file('{"events": [1700000000000]}'), /"events" must be an array of event objects/);
    await expectInputError(file('{"events": [null]}'), /"events" must be an array of event objects/);
  });

  test('text after the pages', async () => {
    await expectInputError(file('{"events": []} trailing'), /expected a page/);
    await expectInputError(file('{"events": []} "trailing"'), /expected a page/);
  });

  test('events without a number timestamp or a string message', async () => {
    await expectInputError(file('{"events": [{"message": "m"}]}'), /event 1 must have a number `timestamp`/);
    await expectInputError(file('{"events": [{"timestamp": 1, "message": "a"}, {"timestamp": 2}]}'), /event 2 must have a number `timestamp` \(ms\), a string `message`/);
    await expectInputError(file('{"events": [{"timestamp": "1", "message": "m"}]}'), /number `timestamp`/);
    await expectInputError(file('{"events": [{"timestamp": 1, "message": "m", "ingestionTime": "2"}]}'), /number `ingestionTime`/);
  });

  test('an event that is not valid JSON', async () => {
    await expectInputError(file('{"events": [{"timestamp": 1, "message": "m",}]}'), /event 1 is not valid JSON/);
  });

  test('truncated JSON', async () => {
    const full = JSON.stringify({ events: [cliEvent(1_700_000_000_000, R1), cliEvent(1_700_000_001_000, R2)] });
    await expectInputError(file(full.slice(0, full.length - 10)), /ends before its pages are closed/);
    await expectInputError(file(full.slice(0, full.length - 1)), /ends before its pages are closed/);
  });

  test('unbalanced brackets', async () => {
    await expectInputError(file('{"events": [}'), /unbalanced brackets/);
  });

  test('a .log line with the wrong number of fields', async () => {
    const short = R2.split(' ').slice(0, 13).join(' ');
    const p = file(`${HEADER}\n${R1}\n${short}\n`, 'short.log');
    await expectInputError(p, /line 3: expected 14 fields/);
    await expectInputError(p, new RegExp(short));
  });

  test('a .log line whose `start` is not a number', async () => {
    await expectInputError(file(`${HEADER}\n${R1.replace('1418530010', 'soon')}\n`, 'nostart.log'), /line 2: .*a number in `start`/);
  });

  test('a corrupt gzip file', async () => {
    const gz = zlib.gzipSync(`${HEADER}\n` + `${R1}\n`.repeat(50));
    const corrupt = Buffer.concat([gz.subarray(0, 12), Buffer.alloc(40, 0xff), gz.subarray(52)]);
    await expectInputError(file(corrupt, 'corrupt.log.gz'), /corrupt\.log\.gz.*gzip/);
    await expectInputError(file(gz.subarray(0, gz.length - 20), 'truncated.log.gz'), /truncated\.log\.gz.*gzip/);
  });

  test('a directory', async () => {
    await expectInputError(dir, /is not a file/);
  });

  test('a missing file', async () => {
    await expectInputError(path.join(dir, 'missing.json'), /cannot read .*missing\.json.*ENOENT/);
  });
});

describe('progress', () => {
  test('the streamed reader reports bytes read of the file size', async () => {
    const text = JSON.stringify({ events: Array.from({ length: 300 }, (_, i) => cliEvent(i * 1000, 'x'.repeat(10_000))) });
    const p = file(text);
    const reports: Array<[number, number]> = [];
    await readEvents(p, () => undefined, (read, size) => reports.push([read, size]));
    const size = Buffer.byteLength(text);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports[reports.length - 1]).toEqual([size, size]);
    expect(reports.every(([, s]) => s === size)).toBe(true);
  });
});
