/**
 * The backtest engine's filter pattern evaluator (lib/private/backtest/pattern.ts): CloudWatch Logs
 * space-delimited and term patterns, checked against records written here by hand, and against
 * the library's own `FlowLogFilter.matches()` for random filters (fast-check).
 */
import * as fc from 'fast-check';
import { FlowLogComparison, FlowLogField, FlowLogFieldType, FlowLogFilter } from '../../../lib';
import { compilePattern, PatternError, splitFields } from '../../../lib/private/backtest/pattern';

const F = FlowLogField;
const FORMAT = F.DEFAULT_FORMAT;

/** The seed's pattern (the AWS document's rejected-SSH metric filter). */
const SEED = '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';

/** Column names of the default format, as a by-hand pattern would name them. */
const NAMES = ['version', 'account', 'eni', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'status'];
const BASE: Record<string, string> = {
  version: '2',
  account: '123456789010',
  eni: 'eni-1235b8ca123456789',
  srcaddr: '172.31.9.69',
  dstaddr: '172.31.9.12',
  srcport: '49761',
  dstport: '22',
  protocol: '6',
  packets: '20',
  bytes: '4249',
  start: '1418530010',
  end: '1418530070',
  action: 'REJECT',
  status: 'OK',
};

/** A default-format record: the base values with `values` replacing some. */
function rec(values: Record<string, string> = {}): string {
  return NAMES.map(n => values[n] ?? BASE[n]).join(' ');
}

/** A 14-column pattern: each column its name, or the condition given for it. */
function pat(columns: Record<string, string>): string {
  return `[${NAMES.map(n => columns[n] ?? n).join(', ')}]`;
}

function matches(pattern: string, message: string): boolean {
  return compilePattern(pattern).matches(message, splitFields(message));
}

function patternError(pattern: string): string {
  try {
    compilePattern(pattern);
  } catch (e) {
    expect(e).toBeInstanceOf(PatternError);
    return (e as Error).message;
  }
  throw new Error(`no PatternError for ${pattern}`);
}

describe('splitFields', () => {
  test('a flow log record: one field per space-separated value', () => {
    expect(splitFields(rec())).toEqual(NAMES.map(n => BASE[n]));
  });

  test('runs of spaces and tabs separate fields; leading and trailing ones are dropped', () => {
    expect(splitFields('  a  b\tc ')).toEqual(['a', 'b', 'c']);
  });

  test('text in double quotes or square brackets is one field, without them', () => {
    expect(splitFields('127.0.0.1 [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200')).toEqual(['127.0.0.1', '10/Oct/2000:13:55:36 -0700', 'GET /a.gif HTTP/1.0', '200']);
  });

  test('an empty message has no fields', () => {
    expect(splitFields('')).toEqual([]);
    expect(splitFields('   ')).toEqual([]);
  });
});

describe('space-delimited patterns', () => {
  test('the seed\'s pattern matches a rejected SSH record (default format)', () => {
    expect(compilePattern(SEED).kind).toBe('delimited');
    expect(matches(SEED, rec())).toBe(true);
    expect(matches(SEED, '2 123456789010 eni-1235b8ca123456789 203.0.113.12 10.0.1.5 61234 22 6 1 40 1735689600 1735689660 REJECT OK')).toBe(true);
  });

  test.each([
    ['accepted', { action: 'ACCEPT' }],
    ['another port', { dstport: '3389' }],
    ['UDP', { protocol: '17' }],
    ['port 22 as the source port only', { srcport: '22', dstport: '49761' }],
    ['a NODATA record', { srcaddr: '-', dstaddr: '-', srcport: '-', dstport: '-', protocol: '-', packets: '-', bytes: '-', action: '-', status: 'NODATA' }],
    ['action in lower case', { action: 'reject' }],
  ])('the seed\'s pattern does not match: %s', (_name, values) => {
    expect(matches(SEED, rec(values))).toBe(false);
  });

  test('a record with a field less does not match; with more, the last column takes the rest of the line', () => {
    expect(matches(SEED, rec().split(' ').slice(0, 13).join(' '))).toBe(false);
    expect(matches(SEED, rec() + ' extra')).toBe(true);
    expect(compilePattern(SEED).column('flowlogstatus', splitFields(rec() + ' extra'), rec() + ' extra')).toBe('OK extra');
    // ...so a condition on the last column sees the rest, not one field.
    expect(matches(pat({ status: 'status="OK"' }), rec() + ' extra')).toBe(false);
  });

  // AWS's page, "Match terms in order": the log lines and patterns as printed there.
  const LINES = [
    'INFO 09/25/2014 12:00:00 GET /service/resource/67 1200',
    'INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310',
    'WARNING 09/25/2014 12:00:02 Invalid user request',
    'ERROR 09/25/2014 12:00:02 Failed to process request',
  ];
  test.each([
    ['[w1=ERROR, w2]', [false, false, false, true]],
    ['[w1=ERROR || w1=WARNING, w2]', [false, false, true, true]],
    ['[w1!=ERROR && w1!=WARNING, w2]', [true, true, false, false]],
    ['[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]', [true, false, false, false]],
    ['[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]', [false, true, false, false]],
  ])('AWS\'s example %s', (pattern, want) => {
    expect(LINES.map(l => matches(pattern, l))).toEqual(want);
  });

  test('$N: the N-th column of the pattern (AWS\'s "numeric identifiers")', () => {
    const c = compilePattern('[version, ..., bytes, start, end, action, status]');
    const fields = splitFields(rec());
    expect(c.hasColumn('1')).toBe(true);
    expect(c.column('1', fields, rec())).toBe('2');
    expect(c.column('3', fields, rec())).toBe('4249');
    expect(c.hasColumn('2')).toBe(false); // the "..."
    expect(c.hasColumn('8')).toBe(false);
    expect(compilePattern(pat({})).column('10', fields, rec())).toBe('4249');
  });

  test('regular expressions in a column: searched anywhere in the value; = and !=', () => {
    const line = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
    const p = '[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]';
    expect(matches(p, line)).toBe(true);
    expect(matches(p, line.replace('127.0.0.1', '127.0.0.0'))).toBe(false);
    expect(matches(p, line.replace('127.0.0.1', '127x0.0.1'))).toBe(false);
    expect(matches('[a, b=%WARN%]', 'x WARNING')).toBe(true);
    expect(matches('[a, b=%^WARN$%]', 'x WARNING')).toBe(false);
    expect(matches('[a, b!=%^WARN%]', 'x WARNING')).toBe(false);
    expect(matches('[a, b!=%^WARN%]', 'x INFO')).toBe(true);
    expect(matches('[a, b=ERROR || b=%WARN%]', 'x ERROR')).toBe(true);
    expect(matches('[a, b=%colou?r%, c=%\\d{2,3}%]', 'x color 12')).toBe(true);
    expect(matches('[a, b=%colou?r%, c=%\\d{2,3}%]', 'x colr 12')).toBe(false);
    expect(matches('[a, b=%\\x3A%]', 'x a:b')).toBe(true);
    expect(matches('[v, ..., s=%O%]', rec())).toBe(true);
    expect(matches('[v, ..., s!=%O%]', rec())).toBe(false);
  });

  test('numeric comparisons', () => {
    const r = rec({ bytes: '4249' });
    expect(matches(pat({ bytes: 'bytes>4248' }), r)).toBe(true);
    expect(matches(pat({ bytes: 'bytes>4249' }), r)).toBe(false);
    expect(matches(pat({ bytes: 'bytes>=4249' }), r)).toBe(true);
    expect(matches(pat({ bytes: 'bytes>=4250' }), r)).toBe(false);
    expect(matches(pat({ bytes: 'bytes<4250' }), r)).toBe(true);
    expect(matches(pat({ bytes: 'bytes<4249' }), r)).toBe(false);
    expect(matches(pat({ bytes: 'bytes<=4249' }), r)).toBe(true);
    expect(matches(pat({ bytes: 'bytes<=4248' }), r)).toBe(false);
    expect(matches(pat({ bytes: 'bytes=4249' }), r)).toBe(true);
    expect(matches(pat({ bytes: 'bytes=4249.0' }), r)).toBe(true);
    expect(matches(pat({ bytes: 'bytes!=4249' }), r)).toBe(false);
    expect(matches(pat({ bytes: 'bytes!=1' }), r)).toBe(true);
    expect(matches(pat({ bytes: 'bytes = 4249' }), r)).toBe(true);
  });

  test('numbers compare as numbers, not as text', () => {
    expect(matches(pat({ dstport: 'dstport<1024' }), rec({ dstport: '443' }))).toBe(true);
    expect(matches(pat({ dstport: 'dstport<1024' }), rec({ dstport: '10000' }))).toBe(false);
    expect(matches(pat({ dstport: 'dstport=22' }), rec({ dstport: '022' }))).toBe(true);
    expect(matches(pat({ packets: 'packets>1.5' }), rec({ packets: '2' }))).toBe(true);
    expect(matches(pat({ packets: 'packets>-1' }), rec({ packets: '0' }))).toBe(true);
  });

  test('"-" (and other text) never meets a numeric condition, not even !=', () => {
    for (const cond of ['dstport=22', 'dstport!=22', 'dstport<5', 'dstport<=5', 'dstport>5', 'dstport>=5']) {
      expect({ cond, result: matches(pat({ dstport: cond }), rec({ dstport: '-' })) }).toEqual({ cond, result: false });
      expect({ cond, result: matches(pat({ dstport: cond }), rec({ dstport: 'abc' })) }).toEqual({ cond, result: false });
    }
  });

  test('text: exact and case-sensitive, quoted or not', () => {
    expect(matches(pat({ action: 'action=REJECT' }), rec())).toBe(true);
    expect(matches(pat({ action: 'action="REJECT"' }), rec())).toBe(true);
    expect(matches(pat({ action: 'action="REJEC"' }), rec())).toBe(false);
    expect(matches(pat({ action: 'action="Reject"' }), rec())).toBe(false);
    expect(matches(pat({ action: 'action!="ACCEPT"' }), rec())).toBe(true);
    expect(matches(pat({ action: 'action!="REJECT"' }), rec())).toBe(false);
  });

  test('a quoted value keeps escaped quotes and backslashes', () => {
    expect(matches('[a, b="x\\"y"]', 'q x"y')).toBe(true);
    expect(matches('[a, b="x\\\\y"]', 'q x\\y')).toBe(true);
    expect(matches('[a, b="x,y]"]', 'q x,y]')).toBe(true);
  });

  test('wildcards: * matches any run of characters', () => {
    const p = pat({ srcaddr: 'srcaddr=10.0.*' });
    expect(matches(p, rec({ srcaddr: '10.0.1.5' }))).toBe(true);
    expect(matches(p, rec({ srcaddr: '10.0.' }))).toBe(true);
    expect(matches(p, rec({ srcaddr: '10.1.0.5' }))).toBe(false);
    expect(matches(p, rec({ srcaddr: '110.0.1.5' }))).toBe(false);
    expect(matches(pat({ srcaddr: 'srcaddr=*.9.*' }), rec())).toBe(true);
    expect(matches(pat({ srcaddr: 'srcaddr=*.8.*' }), rec())).toBe(false);
    expect(matches(pat({ srcaddr: 'srcaddr!=10.0.*' }), rec({ srcaddr: '10.0.1.5' }))).toBe(false);
    expect(matches(pat({ srcaddr: 'srcaddr!=10.0.*' }), rec({ srcaddr: '192.168.1.5' }))).toBe(true);
    // '.' is no regular expression here
    expect(matches(pat({ srcaddr: 'srcaddr=10.0.*' }), rec({ srcaddr: '10x0y1' }))).toBe(false);
  });

  test('&& within a column: every condition holds', () => {
    const p = pat({ dstport: 'dstport>=1024 && dstport<2048' });
    expect(matches(p, rec({ dstport: '1024' }))).toBe(true);
    expect(matches(p, rec({ dstport: '2047' }))).toBe(true);
    expect(matches(p, rec({ dstport: '2048' }))).toBe(false);
    expect(matches(p, rec({ dstport: '1023' }))).toBe(false);
  });

  test('|| within a column: any condition holds', () => {
    const p = pat({ dstport: 'dstport=22 || dstport=3389' });
    expect(matches(p, rec({ dstport: '22' }))).toBe(true);
    expect(matches(p, rec({ dstport: '3389' }))).toBe(true);
    expect(matches(p, rec({ dstport: '23' }))).toBe(false);
    const q = pat({ srcaddr: 'srcaddr=10.0.1.* || srcaddr="172.31.9.69"' });
    expect(matches(q, rec())).toBe(true);
    expect(matches(q, rec({ srcaddr: '10.0.1.7' }))).toBe(true);
    expect(matches(q, rec({ srcaddr: '10.0.2.7' }))).toBe(false);
  });

  test('"..." after the named columns: the record may be longer, never shorter', () => {
    const p = '[version, account, eni, srcaddr="172.31.9.69", ...]';
    expect(matches(p, rec())).toBe(true);
    expect(matches(p, '2 123456789010 eni-1 172.31.9.69')).toBe(true);
    expect(matches(p, '2 123456789010 eni-1')).toBe(false);
    expect(matches(p, rec({ srcaddr: '172.31.9.70' }))).toBe(false);
  });

  test('"..." before the named columns: they count from the end', () => {
    const p = '[..., action="REJECT", status]';
    expect(matches(p, rec())).toBe(true);
    expect(matches(p, 'REJECT OK')).toBe(true);
    expect(matches(p, 'OK')).toBe(false);
    expect(matches(p, rec({ action: 'ACCEPT' }))).toBe(false);
    // the same value one column too early does not count
    expect(matches(p, rec() + ' x')).toBe(false);
  });

  test('"..." between columns', () => {
    const p = '[version=2, ..., status="OK"]';
    expect(matches(p, rec())).toBe(true);
    expect(matches(p, '2 OK')).toBe(true);
    expect(matches(p, '3 x OK')).toBe(false);
    expect(matches(p, '2')).toBe(false);
  });

  test('AWS\'s space-delimited examples (an Apache log line: brackets and quotes delimit fields)', () => {
    const line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534';
    expect(matches('[ip, user, username, timestamp, request, status_code, bytes > 1000]', line)).toBe(true);
    expect(matches('[ip, user, username, timestamp, request, status_code, bytes > 2000]', line)).toBe(false);
    expect(matches('[ip, user, username, timestamp, request = *.gif*, status_code = 2*, bytes]', line)).toBe(true);
    expect(matches('[ip, user, username, timestamp, request = *.html*, status_code = 4*, bytes]', line)).toBe(false);
    expect(matches('[ip, user, username, timestamp, request, status_code = 4*, bytes]', line.replace(' 200 ', ' 404 '))).toBe(true);
    expect(matches('[ip, user, username = "frank", ...]', line)).toBe(true);
  });

  test('column(): the value of a named column, counted from the end after "..."', () => {
    const c = compilePattern('[version, ..., bytes, start, end, action, status]');
    const fields = splitFields(rec());
    expect(c.column('bytes', fields, rec())).toBe('4249');
    expect(c.column('version', fields, rec())).toBe('2');
    expect(c.column('nope', fields, rec())).toBeUndefined();
    expect(c.hasColumn('bytes')).toBe(true);
    expect(c.hasColumn('nope')).toBe(false);
    expect(compilePattern(pat({})).column('packets', fields, rec())).toBe('20');
  });

  test('many wildcards against a long field: linear, not exponential', () => {
    const p = `[f=${'a*'.repeat(30)}b]`;
    const long = 'a'.repeat(10_000);
    const started = Date.now();
    expect(matches(p, long)).toBe(false);
    expect(matches(p, long + 'b')).toBe(true);
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe('term patterns', () => {
  test('a term: messages containing it, case-sensitive', () => {
    expect(compilePattern('ERROR').kind).toBe('terms');
    expect(matches('ERROR', 'an ERROR here')).toBe(true);
    expect(matches('ERROR', 'an error here')).toBe(false);
  });

  test('several terms: all of them', () => {
    expect(matches('ERROR ARGUMENTS', 'ERROR bad ARGUMENTS')).toBe(true);
    expect(matches('ERROR ARGUMENTS', 'ERROR only')).toBe(false);
  });

  test('?a ?b: any of them', () => {
    expect(matches('?ERROR ?WARN', 'a WARN')).toBe(true);
    expect(matches('?ERROR ?WARN', 'an ERROR')).toBe(true);
    expect(matches('?ERROR ?WARN', 'INFO')).toBe(false);
  });

  test('? terms beside other terms are ignored (AWS: "all question mark terms will be ignored")', () => {
    // AWS's example: ?ERROR ?ARGUMENTS REQUEST matches "[INFO] REQUEST FAILED".
    expect(matches('?ERROR ?ARGUMENTS REQUEST', '[INFO] REQUEST FAILED')).toBe(true);
    expect(matches('?ERROR ?ARGUMENTS REQUEST', '[WARN] UNAUTHORIZED REQUEST')).toBe(true);
    expect(matches('?ERROR ?ARGUMENTS REQUEST', '[ERROR] 400 BAD')).toBe(false);
    expect(matches('?ERROR -REQUEST', 'INFO')).toBe(true);
  });

  test('a term matches inside a word; a standalone regular expression is searched anywhere', () => {
    expect(matches('ERROR', 'ERRORNEOUS PROGRAM')).toBe(true);
    // AWS's example: %AUTHORIZED% matches both lines.
    expect(matches('%AUTHORIZED%', '[ERROR 401] UNAUTHORIZED REQUEST')).toBe(true);
    expect(matches('%AUTHORIZED%', '[SUCCESS 200] AUTHORIZED REQUEST')).toBe(true);
    expect(matches('%^starting|^initializing|^shutting down%', 'shutting down now')).toBe(true);
    expect(matches('%^starting|^initializing|^shutting down%', 'skipping initializing')).toBe(false);
    expect(matches('%[hc]at$%', 'a cat')).toBe(true);
    expect(matches('%[hc]at$%', 'a cat!')).toBe(false);
  });

  test('-x: messages without it', () => {
    expect(matches('ERROR -Exiting', 'ERROR retrying')).toBe(true);
    expect(matches('ERROR -Exiting', 'ERROR Exiting now')).toBe(false);
    expect(matches('-REJECT', rec({ action: 'ACCEPT' }))).toBe(true);
    expect(matches('-REJECT', rec())).toBe(false);
  });

  test('a quoted phrase: the words together, in order', () => {
    expect(matches('"two words"', 'with two words here')).toBe(true);
    expect(matches('"two words"', 'words two')).toBe(false);
    expect(matches('"two words"', 'two, words')).toBe(false);
  });

  test('an empty pattern, and AWS\'s " ", match every event', () => {
    for (const p of ['', '   ', '""', '" "']) {
      const c = compilePattern(p);
      expect(c.kind).toBe('all');
      expect(c.matches('anything at all', ['anything', 'at', 'all'])).toBe(true);
      expect(c.matches('', [])).toBe(true);
    }
  });
});

describe('patterns the engine refuses, with the problem named', () => {
  test('JSON patterns', () => {
    expect(patternError('{ $.x = 1 }')).toMatch(/JSON filter patterns/);
    expect(patternError('  { $.eventType = "UpdateTrail" }')).toMatch(/\$\.eventType/);
  });

  test.each([
    ['%a(b)%', /has "\(": AWS's filter pattern regex has no parentheses/],
    ['%something!%', /has "!", which AWS's filter pattern regex does not support/],
    ['%caf\u00e9%', /has "\u00e9", which AWS's filter pattern regex does not support/],
    ['%abc% more', /one %\.\.\.%, with nothing after it/],
    ['%%', /an empty regular expression/],
    ['%a[%', /is not valid/],
    ['[a=%x%, b=%y%, c=%z%]', /3 regular expressions; AWS allows at most 2/],
    ['[a, b=%x% || b=%y% || b=%z%]', /3 regular expressions; AWS allows at most 2/],
    ['[a, b=%x]', /unterminated regular expression/],
    ['[a, b>%1%]', /">" needs a number, got the regular expression %1%/],
  ])('regular expressions AWS refuses: %s', (pattern, message) => {
    expect(patternError(pattern)).toMatch(message);
  });

  test.each([
    ['[a, b', /expected "," or "\]"/],
    ['[a, b=1', /expected "," or "]"/],
    ['[a, b=]', /expected a value after "b="/],
    ['[a, b c]', /expected a comparison after "b"/],
    ['[a, =1]', /expected a column name/],
    ['[a, b<abc]', /"<" needs a number, got "abc"/],
    ['[a, b>="5"]', /">=" needs a number/],
    ['[a, b="x]', /unterminated quoted value/],
    ['[a, b=1 && c=2]', /names another column "c"/],
    ['[a, ..., b, ..., c]', /more than one "\.\.\."/],
    ['[a] b', /text after "\]"/],
  ])('%s', (pattern, message) => {
    const text = patternError(pattern);
    expect(text).toMatch(message);
    // the message quotes the pattern
    expect(text).toContain(JSON.stringify(pattern));
  });

  test('terms with characters that must be quoted', () => {
    expect(patternError('a{b')).toMatch(/must quote/);
    expect(patternError('"unterminated')).toMatch(/unterminated quoted term/);
  });
});

// ---------------------------------------------------------------------------------------------
// The engine's evaluator agrees with FlowLogFilter.matches() on the library's own patterns
// ---------------------------------------------------------------------------------------------

const NUM = FlowLogFieldType.NUMBER;
const RANGES: Record<string, [number, number]> = { srcport: [0, 65535], dstport: [0, 65535], protocol: [0, 255] };
const ALLOWED: Record<string, string[]> = { 'action': ['ACCEPT', 'REJECT'], 'log-status': ['OK', 'NODATA', 'SKIPDATA'] };
/** Literal (quoted) text: realistic characters plus the ones quoting must survive. */
const LITERAL_UNITS = ['a', 'b', '1', '.', '-', ':', '"', '\\', ',', ']', '[', '&', '=', '|'];
const WILDCARD_UNITS = ['a', 'b', '1', '.', '-', ':', '/', '_'];

interface Cond { field: FlowLogField; cmp: string; value: number | string; values?: Array<number | string> }

function numberValue(field: FlowLogField): fc.Arbitrary<number> {
  return RANGES[field.name]
    ? fc.integer({ min: 0, max: 25 })
    : fc.oneof(fc.integer({ min: 0, max: 25 }), fc.integer({ min: -50, max: 250 }).map(k => k / 10));
}

function textValue(field: FlowLogField): fc.Arbitrary<string> {
  if (ALLOWED[field.name]) return fc.constantFrom(...ALLOWED[field.name]);
  return fc.oneof(
    fc.string({ unit: fc.constantFrom(...LITERAL_UNITS), minLength: 1, maxLength: 4 }),
    fc.tuple(fc.string({ unit: fc.constantFrom(...WILDCARD_UNITS), maxLength: 3 }), fc.nat({ max: 3 }), fc.boolean())
      .map(([s, i, twice]) => {
        const w = s.slice(0, i) + '*' + s.slice(i);
        return twice ? w + 'a*' : w;
      }),
  );
}

function single(format: FlowLogField[]): fc.Arbitrary<Cond> {
  return fc.constantFrom(...format).chain<Cond>(field => field.valueType === NUM
    ? fc.record({ cmp: fc.constantFrom('=', '!=', '<', '<=', '>', '>='), value: numberValue(field) }).map(r => ({ field, ...r }))
    : fc.record({ cmp: fc.constantFrom('=', '!='), value: textValue(field) }).map(r => ({ field, ...r })));
}

function anyOf(field: FlowLogField): fc.Arbitrary<Cond> {
  const values: fc.Arbitrary<Array<number | string>> = field.valueType === NUM
    ? fc.uniqueArray(numberValue(field), { minLength: 1, maxLength: 4, selector: v => String(v) })
    : ALLOWED[field.name]
      ? fc.shuffledSubarray(ALLOWED[field.name], { minLength: 1 })
      : fc.uniqueArray(textValue(field), { minLength: 1, maxLength: 4 });
  return values.map(vs => ({ field, cmp: '=', value: vs[0], values: vs }));
}

/** 0-2 any-of conditions, each alone on its field, and 0-4 single-value conditions on other fields. */
function conditions(format: FlowLogField[]): fc.Arbitrary<Cond[]> {
  return fc.tuple(fc.subarray(format, { maxLength: Math.min(2, format.length) }), fc.array(single(format), { maxLength: 4 }))
    .chain(([anyFields, singles]) => fc.tuple(...anyFields.map(anyOf))
      .map(anys => [...anys, ...singles.filter(c => !anyFields.includes(c.field))]));
}

function buildFilter(conds: Cond[]): FlowLogFilter {
  return conds.reduce((f, c) => {
    if (c.values) return c.field.valueType === NUM ? f.whereNumberIn(c.field, c.values as number[]) : f.whereStringIn(c.field, c.values as string[]);
    return typeof c.value === 'number' ? f.whereNumber(c.field, c.cmp as FlowLogComparison, c.value) : f.whereString(c.field, c.cmp as FlowLogComparison, c.value);
  }, FlowLogFilter.all());
}

/**
 * A record value: random, or near a condition's value so that matches happen. No value starts
 * with `"` or `[` (CloudWatch Logs reads those as a quoted field; flow log records have none).
 */
function recordValue(field: FlowLogField, conds: Cond[]): fc.Arbitrary<string> {
  const random = field.valueType === NUM
    ? fc.oneof(fc.integer({ min: 0, max: 25 }).map(String), fc.integer({ min: -50, max: 250 }).map(k => String(k / 10)),
      fc.constantFrom('-', '-3', 'abc', '7a', '0.5'))
    : ALLOWED[field.name]
      ? fc.constantFrom(...ALLOWED[field.name], '-', 'x')
      : fc.oneof(fc.constant('-'), fc.string({ unit: fc.constantFrom(...LITERAL_UNITS, '*'), minLength: 1, maxLength: 4 }));
  const hints = conds.filter(c => c.field === field).flatMap(c => c.values ?? [c.value]).map(v => typeof v === 'number'
    ? fc.constantFrom(String(v), String(v + 1), String(v - 0.5))
    : fc.constantFrom('', 'a', 'b.1').map(fill => v.split('*').join(fill) || 'a'));
  return (hints.length === 0 ? random : fc.oneof(random, ...hints)).map(v => (/^["[]/.test(v) ? 'x' + v : v));
}

/**
 * Mostly records of the format; some a value short (never match) or with one or two values more
 * (the last column takes the rest of the line), which both sides must treat alike.
 */
function agreement(formatArb: fc.Arbitrary<FlowLogField[]>) {
  const extra = fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: -1, max: 2 }), weight: 1 });
  return fc.property(
    formatArb.chain(format => conditions(format).chain(conds =>
      fc.tuple(fc.tuple(...format.map(f => recordValue(f, conds))), extra, fc.array(fc.constantFrom('x', '7', 'OK', '-'), { minLength: 2, maxLength: 2 }))
        .map(([values, more, tail]) => ({
          format,
          conds,
          record: (more < 0 ? values.slice(0, -1) : [...values, ...tail.slice(0, more)]).join(' '),
        })))),
    ({ format, conds, record }) => {
      const filter = buildFilter(conds);
      const pattern = filter.renderPattern(format);
      const engine = compilePattern(pattern).matches(record, splitFields(record));
      expect({ pattern, record, engine }).toEqual({ pattern, record, engine: filter.matches(record, format) });
    });
}

describe('agreement with FlowLogFilter.matches() (fast-check)', () => {
  test('default format', () => {
    fc.assert(agreement(fc.constant(FORMAT)), { numRuns: 300 });
  });

  test('a custom format: a reordered subset of fields', () => {
    const pool = [...FORMAT, F.VPC_ID, F.TCP_FLAGS, F.TRAFFIC_TYPE, F.PKT_SRC_ADDR];
    fc.assert(agreement(fc.shuffledSubarray(pool, { minLength: 1, maxLength: 10 })), { numRuns: 300 });
  });

  test('the generated cases are not all trivial: some records match, some do not', () => {
    let yes = 0;
    let no = 0;
    fc.assert(fc.property(
      conditions(FORMAT).chain(conds => fc.tuple(...FORMAT.map(f => recordValue(f, conds))).map(v => ({ conds, record: v.join(' ') }))),
      ({ conds, record }) => {
        if (conds.length === 0) return;
        const pattern = buildFilter(conds).renderPattern(FORMAT);
        if (compilePattern(pattern).matches(record, splitFields(record))) yes++;
        else no++;
      }), { numRuns: 300, seed: 42 });
    expect(yes).toBeGreaterThan(10);
    expect(no).toBeGreaterThan(10);
  });
});
