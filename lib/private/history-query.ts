import * as crypto from 'crypto';
import { Token } from 'aws-cdk-lib';
import { FlowLogDetection } from '../flow-log-detection';
import { FlowLogQuery } from '../flow-log-query';
import { insightsFilter } from './filter-forms';
import { insightsName } from './insights-names';

/**
 * A detection's history query: a saved Logs Insights query that counts the records the detection
 * counts, per period of the detection (per contributor too, for a per-contributor detection), over
 * whatever time range the user picks, and marks each period that reached the threshold
 * (`atThreshold` 1, else 0), busiest first: how often the detection would have alarmed on the
 * group's real records. The mark is arithmetic on the count (`least(greatest(floor(n - T + 1), 0), 1)`
 * is 1 exactly when n >= T), as Logs Insights has no conditional function; aggregation functions are
 * documented as arguments of other functions in `stats`. Periods are clock-aligned bins (`bin()`),
 * while the alarm's periods slide minute by minute, so a burst split across two bins can alarm
 * without a bin reaching the threshold; an alarm of M out of N periods needs M marked periods within
 * N. For an anomaly band detection the mark is the floor (`atFloor`); without a floor there is no
 * mark (whether a period is above the band is for CloudWatch's model to say).
 */
export function historyQuery(detection: FlowLogDetection): FlowLogQuery | undefined {
  const keys = detection.perContributor ?? [];
  const value = detection.valueField ? `sum(${insightsName(detection.valueField)})` : 'count(*)';
  const fields = [...detection.filter.fields, ...keys, ...(detection.valueField ? [detection.valueField] : [])]
    .filter((f, i, all) => all.findIndex(g => g.name === f.name) === i);
  const by = [...keys.map(insightsName), `bin(${detection.period.toMinutes()}m)`].join(', ');
  const mark = detection.anomalyBandWidth === undefined ? markAt(value, detection.threshold, 'atThreshold')
    : hasLiteralFloor(detection) ? markAt(value, detection.anomalyBandFloor!, 'atFloor') : '';
  const lines = [
    ...(detection.filter.conditions.length > 0 ? [`filter ${insightsFilter(detection.filter)}`] : []),
    `stats ${value} as matches${mark} by ${by}`,
    'sort matches desc',
  ];
  // A detection without conditions counts every record: nothing to look back for.
  if (fields.length === 0) return undefined;
  return FlowLogQuery.custom({
    name: historyName(detection.name),
    fields,
    query: lines.join('\n| '),
  });
}

/** `, least(greatest(floor(<value> - <at> + 1), 0), 1) as <name>`: 1 when the period's value is at least `at`, else 0. */
function markAt(value: string, at: number, name: string): string {
  const minus = at < 0 ? `+ ${-at}` : `- ${at}`;
  return `, least(greatest(floor(${value} ${minus} + 1), 0), 1) as ${name}`;
}

/** A band detection's floor, when it is a number above 0 (a token floor is known only at deploy). */
function hasLiteralFloor(detection: FlowLogDetection): boolean {
  const floor = detection.anomalyBandFloor;
  return floor !== undefined && !Token.isUnresolved(floor) && floor > 0;
}

/** `<name>History`, within the 64 characters of an item name (long names keep a hash of the whole). */
function historyName(name: string): string {
  const plain = `${name}History`;
  if (plain.length <= 64) return plain;
  const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${name.slice(0, 49)}-${hash}History`;
}
