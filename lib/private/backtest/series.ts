/**
 * Metric data at one-minute resolution, as CloudWatch stores metric filter and `AWS/Logs` metrics,
 * each datapoint remembering the minute it became visible (its event's ingestion): an alarm
 * evaluated at minute `t` sees only what was ingested before `t`.
 */

const COUNT = 1;
const SUM = 2;
const MIN = 3;
const MAX = 4;
const STRIDE = 5;

/** Statistics CloudWatch alarms take on a standard-resolution metric. */
export const STATISTICS = ['Sum', 'SampleCount', 'Average', 'Minimum', 'Maximum'];

/** The datapoints of one metric: per event minute, aggregates per ingestion minute. */
export class Series {
  private readonly buckets = new Map<number, number[]>();

  /** Adds one published value at `minute`, visible from `ingestMinute + 1`. */
  public add(minute: number, ingestMinute: number, value: number, count = 1) {
    let b = this.buckets.get(minute);
    if (!b) {
      this.buckets.set(minute, [ingestMinute, count, value * count, value, value]);
      return;
    }
    for (let i = 0; i < b.length; i += STRIDE) {
      if (b[i] === ingestMinute) {
        b[i + COUNT] += count;
        b[i + SUM] += value * count;
        if (value < b[i + MIN]) b[i + MIN] = value;
        if (value > b[i + MAX]) b[i + MAX] = value;
        return;
      }
    }
    b.push(ingestMinute, count, value * count, value, value);
  }

  /** Whether any value was published at `minute`. */
  public has(minute: number): boolean {
    return this.buckets.has(minute);
  }

  /**
   * The statistic over the minutes [start, end) as seen at minute `now` (ingested before it), or
   * undefined when no datapoint is visible there (missing data).
   */
  public window(start: number, end: number, now: number, stat: string): number | undefined {
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let m = start; m < end; m++) {
      const b = this.buckets.get(m);
      if (!b) continue;
      for (let i = 0; i < b.length; i += STRIDE) {
        if (b[i] >= now) continue;
        count += b[i + COUNT];
        sum += b[i + SUM];
        if (b[i + MIN] < min) min = b[i + MIN];
        if (b[i + MAX] > max) max = b[i + MAX];
      }
    }
    if (count === 0) return undefined;
    switch (stat) {
      case 'Sum': return sum;
      case 'SampleCount': return count;
      case 'Average': return sum / count;
      case 'Minimum': return min;
      default: return max;
    }
  }
}

/** What Contributor Insights keeps for a rule: per event minute, per ingestion minute, per contributor. */
/**
 * A copy of `s` that holds no reference to the text it was cut from. A field cut from a chunk
 * of the input is a slice of that chunk: kept as a map key for the whole run, it would keep the whole
 * chunk alive. (`' ' + s` is a new string once flattened, which `slice` does.)
 */
function ownString(s: string): string {
  return (' ' + s).slice(1);
}

export class ContributorSeries {
  private readonly buckets = new Map<number, Map<number, Map<string, number[]>>>();

  public add(minute: number, ingestMinute: number, contributor: string, value: number) {
    let byIngest = this.buckets.get(minute);
    if (!byIngest) this.buckets.set(minute, byIngest = new Map());
    let byContributor = byIngest.get(ingestMinute);
    if (!byContributor) byIngest.set(ingestMinute, byContributor = new Map());
    const agg = byContributor.get(contributor);
    if (!agg) {
      byContributor.set(ownString(contributor), [1, value, value, value]);
    } else {
      agg[0]++;
      agg[1] += value;
      if (value < agg[2]) agg[2] = value;
      if (value > agg[3]) agg[3] = value;
    }
  }

  /**
   * An `INSIGHT_RULE_METRIC` over [start, end) as seen at `now`: `UniqueContributors`,
   * `MaxContributorValue`, `SampleCount`, `Sum`, `Minimum`, `Maximum`, `Average`; undefined when
   * the rule matched nothing there.
   */
  public window(start: number, end: number, now: number, metric: string): number | undefined {
    const totals = new Map<string, number>();
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let m = start; m < end; m++) {
      const byIngest = this.buckets.get(m);
      if (!byIngest) continue;
      for (const [ingest, byContributor] of byIngest) {
        if (ingest >= now) continue;
        for (const [contributor, agg] of byContributor) {
          totals.set(contributor, (totals.get(contributor) ?? 0) + agg[1]);
          count += agg[0];
          sum += agg[1];
          if (agg[2] < min) min = agg[2];
          if (agg[3] > max) max = agg[3];
        }
      }
    }
    if (count === 0) return undefined;
    switch (metric) {
      case 'UniqueContributors': return totals.size;
      case 'MaxContributorValue': {
        // Not Math.max(...values): a spread of hundreds of thousands of contributors overflows the stack.
        let top = -Infinity;
        for (const v of totals.values()) if (v > top) top = v;
        return top;
      }
      case 'SampleCount': return count;
      case 'Sum': return sum;
      case 'Minimum': return min;
      case 'Maximum': return max;
      default: return sum / count;
    }
  }
}
