import * as crypto from 'crypto';
import { Token } from 'aws-cdk-lib';
import { FlowLogDetection } from '../flow-log-detection';
import { FlowLogQuery } from '../flow-log-query';
import { insightsFilter } from './filter-forms';
import { insightsName } from './insights-names';

/**
 * A detection's history query: a saved Logs Insights query that counts the records the detection
 * counts, per period of the detection (per contributor too, for a per-contributor detection), over
 * whatever time range the user picks, and lists the periods that reached the threshold: how often
 * the detection would have alarmed on the group's real records. Periods are clock-aligned bins
 * (`bin()`), while the alarm's periods slide minute by minute, so a burst split across two bins can
 * alarm without a bin reaching the threshold. For an anomaly band detection every period at or above
 * its floor is listed (whether one is above the band is for CloudWatch's model to say).
 */
export function historyQuery(detection: FlowLogDetection): FlowLogQuery | undefined {
  const keys = detection.perContributor ?? [];
  const value = detection.valueField ? `sum(${insightsName(detection.valueField)})` : 'count(*)';
  const fields = [...detection.filter.fields, ...keys, ...(detection.valueField ? [detection.valueField] : [])]
    .filter((f, i, all) => all.findIndex(g => g.name === f.name) === i);
  const by = [...keys.map(insightsName), `bin(${detection.period.toMinutes()}m)`].join(', ');
  const lines = [
    ...(detection.filter.conditions.length > 0 ? [`filter ${insightsFilter(detection.filter)}`] : []),
    `stats ${value} as matches by ${by}`,
    ...(detection.anomalyBandWidth === undefined ? [`filter matches >= ${detection.threshold}`]
      : hasLiteralFloor(detection) ? [`filter matches >= ${detection.anomalyBandFloor}`] : []),
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
