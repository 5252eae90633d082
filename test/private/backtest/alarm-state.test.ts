/**
 * The alarm evaluation rules against AWS's own examples: both tables of "How alarm state is
 * evaluated when data is missing" (CloudWatch User Guide, AlarmThatSendsEmail.md as of
 * 2023-05-18; see /tmp/research/aws-facts.md sections 1.4 to 1.6), written here as AWS prints
 * them, and the premature-alarm examples of "Avoiding premature transitions to alarm state".
 */
import { AlarmState, breaches, evaluationRange, nextState, Point } from '../../../lib/private/backtest/alarm-state';

const STATES: AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const RETAIN = 'Retain current state';
type Expected = AlarmState | typeof RETAIN;

/** AWS's notation, oldest first: `0` not breaching, `X` breaching, `-` missing. */
function points(row: string): Point[] {
  return row.split(' ').map(p => {
    switch (p) {
      case '0': return false;
      case 'X': return true;
      case '-': return undefined;
      default: throw new Error(`not a data point: ${JSON.stringify(p)} in ${JSON.stringify(row)}`);
    }
  });
}

/** A row of a table: the data points and the state per TreatMissingData (MISSING, IGNORE, BREACHING, NOT BREACHING). */
type Row = [string, Expected, Expected, Expected, Expected];
const TREATMENTS = ['missing', 'ignore', 'breaching', 'notBreaching'];

/** Table 1: Datapoints to Alarm 3, Evaluation Periods 3, evaluation range 5. */
const TABLE_1: Row[] = [
  ['0 - X - X', 'OK', 'OK', 'OK', 'OK'],
  ['0 - - - -', 'OK', 'OK', 'OK', 'OK'],
  ['- - - - -', 'INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK'],
  ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['- - X - -', 'ALARM', RETAIN, 'ALARM', 'OK'],
];

/** Table 2: Datapoints to Alarm 2, Evaluation Periods 3 (2 out of 3), evaluation range 5. */
const TABLE_2: Row[] = [
  ['0 - X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 0 X 0 X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 - X - -', 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - - 0', 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - X -', 'ALARM', RETAIN, 'ALARM', 'OK'],
];

function cases(table: Row[]) {
  return table.flatMap(([row, ...expected]) => TREATMENTS.map((t, i) => [row, t, expected[i]] as [string, string, Expected]));
}

describe('evaluationRange', () => {
  test('AWS\'s examples: 5 data points for 3 evaluation periods', () => {
    expect(evaluationRange(3)).toBe(5);
  });

  test('the range is wider than the evaluation periods', () => {
    for (const n of [1, 2, 5, 10]) expect(evaluationRange(n)).toBeGreaterThan(n);
  });
});

describe.each([
  ['table 1 (3 out of 3)', TABLE_1, 3],
  ['table 2 (2 out of 3)', TABLE_2, 2],
])('AWS %s', (_name, table, m) => {
  test('has 5 rows of 5 data points', () => {
    expect(table).toHaveLength(5);
    for (const [row] of table) expect(points(row)).toHaveLength(evaluationRange(3));
  });

  test.each(cases(table))('%s, treat missing data as %s -> %s', (row, treatment, expected) => {
    for (const current of STATES) {
      const want = expected === RETAIN ? current : expected;
      expect({ current, state: nextState(points(row), 3, m, treatment, current) }).toEqual({ current, state: want });
    }
  });
});

describe('premature alarm state (N = 3, M = 3, missing)', () => {
  test.each(['- - - - X', '- - - X -'])('%s does not go to ALARM yet', row => {
    for (const current of ['OK', 'INSUFFICIENT_DATA'] as AlarmState[]) {
      expect(nextState(points(row), 3, 3, 'missing', current)).not.toBe('ALARM');
    }
  });

  // AWS: the wait avoids a false positive "when the next data point is non-breaching"; a real
  // non-breaching datapoint with fewer than M breaching ones is OK (table 1, row 2).
  test.each(['- - - X 0', '- - X - 0'])('the next datapoint not breaching (%s): OK', row => {
    for (const current of STATES) expect(nextState(points(row), 3, 3, 'missing', current)).toBe('OK');
  });

  test('the oldest breaching datapoint at least M periods old, the rest missing: ALARM', () => {
    expect(nextState(points('- - X - -'), 3, 3, 'missing', 'OK')).toBe('ALARM');
  });

  test('M out of N: a breaching datapoint 2 periods old is enough for M = 2, not 1 period old', () => {
    expect(nextState(points('- - - X -'), 3, 2, 'missing', 'OK')).toBe('ALARM');
    expect(nextState(points('- - - - X'), 3, 2, 'missing', 'OK')).not.toBe('ALARM');
  });
});

describe('evaluation with enough real datapoints', () => {
  test('the N most recent real datapoints decide, whatever the missing data setting', () => {
    // 4 real: 0 X X X -> the 3 most recent (X X X) breach.
    for (const t of TREATMENTS) expect(nextState(points('0 X - X X'), 3, 3, t, 'OK')).toBe('ALARM');
    // 4 real: X X X 0 -> the 3 most recent (X X 0) do not all breach.
    for (const t of TREATMENTS) expect(nextState(points('X X X - 0'), 3, 3, t, 'ALARM')).toBe('OK');
  });

  test('N = 1, M = 1 with no gaps: the newest datapoint decides', () => {
    expect(nextState(points('X X 0'), 1, 1, 'missing', 'ALARM')).toBe('OK');
    expect(nextState(points('0 0 X'), 1, 1, 'missing', 'OK')).toBe('ALARM');
  });
});

describe('breaches', () => {
  const cmp = (comparison: string) => [9, 10, 11].map(v => breaches(v, comparison, 10));

  test('GreaterThanOrEqualToThreshold: at and above', () => {
    expect(cmp('GreaterThanOrEqualToThreshold')).toEqual([false, true, true]);
  });

  test('GreaterThanThreshold: above only', () => {
    expect(cmp('GreaterThanThreshold')).toEqual([false, false, true]);
  });

  test('LessThanThreshold: below only', () => {
    expect(cmp('LessThanThreshold')).toEqual([true, false, false]);
  });

  test('LessThanOrEqualToThreshold: at and below', () => {
    expect(cmp('LessThanOrEqualToThreshold')).toEqual([true, true, false]);
  });

  test('fractions and negative thresholds', () => {
    expect(breaches(0.5, 'LessThanThreshold', 1)).toBe(true);
    expect(breaches(-1, 'GreaterThanThreshold', -2)).toBe(true);
    expect(breaches(-2, 'GreaterThanThreshold', -2)).toBe(false);
  });
});
