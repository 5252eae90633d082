/**
 * A `FlowLogFilter` in the other forms a detection needs: Contributor Insights conditions (for
 * per-contributor detections), a Logs Insights `filter` expression (for the history query), and
 * IPv4 CIDR blocks as the `*` wildcard values a space-delimited pattern takes.
 */
import { FlowLogContributorCondition } from '../flow-log-contributor-rule';
import { FlowLogFieldType } from '../flow-log-field';
import { FlowLogCondition, FlowLogFilter } from '../flow-log-filter';
import { describeValue } from './describe';
import { libraryError } from './errors';
import { NUMBER_RANGES } from './field-values';
import { insightsName } from './insights-names';

/** The most wildcard values one CIDR block may become (a /12 is 16 values of its second octet; a /9 would be 128). */
const MAX_VALUES_PER_CIDR = 16;

/**
 * IPv4 CIDR blocks as wildcard values of a text field (`10.0.0.0/16` -> `10.0.*`): a block on an
 * octet boundary is one value; any other is its addresses' blocks at the next boundary
 * (`172.16.0.0/12` -> `172.16.*` ... `172.31.*`, 16 values). `/32` is the address itself.
 */
export function cidrWildcards(cidrs: string[], where: string): string[] {
  if (!Array.isArray(cidrs) || cidrs.length === 0) {
    throw libraryError(`${where}: \`sourceCidrs\` must be a non-empty array of IPv4 CIDR blocks such as ['10.0.0.0/16'], got ${describeValue(cidrs)}.`);
  }
  const out: string[] = [];
  for (const cidr of cidrs) {
    const m = typeof cidr === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr) : null;
    const octets = m ? m.slice(1, 5).map(Number) : [];
    const prefix = m ? Number(m[5]) : NaN;
    if (!m || octets.some(o => o > 255) || prefix < 8 || prefix > 32) {
      throw libraryError(`${where}: ${describeValue(cidr)} is not an IPv4 CIDR block from /8 to /32 (e.g. '10.0.0.0/16'); flow log addresses are matched by their leading octets.`);
    }
    const address = octets.reduce((a, o) => a * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    if (address % size !== 0) {
      throw libraryError(`${where}: ${describeValue(cidr)} has host bits set; write the block's first address (e.g. '10.0.0.0/16').`);
    }
    if (prefix === 32) {
      out.push(octets.join('.'));
      continue;
    }
    const boundary = Math.ceil(prefix / 8) * 8;
    const count = 2 ** (boundary - prefix);
    if (count > MAX_VALUES_PER_CIDR) {
      throw libraryError(`${where}: ${describeValue(cidr)} would become ${count} wildcard values (a filter pattern matches addresses by whole octets); use blocks on or near an octet boundary (/8, /12, /16, /20, /24 ...) or list the narrower blocks you use.`);
    }
    const step = 2 ** (32 - boundary);
    for (let i = 0; i < count; i++) {
      const a = address + i * step;
      const parts = [3, 2, 1, 0].map(k => Math.floor(a / 256 ** k) % 256);
      out.push(parts.slice(0, boundary / 8).join('.') + '.*');
    }
  }
  const twice = out.find((v, i) => out.indexOf(v) !== i);
  if (twice !== undefined) throw libraryError(`${where}: \`sourceCidrs\` overlap (both cover ${twice}); list each block once.`);
  return out;
}

/**
 * The filter as Contributor Insights conditions (all must hold), or an error saying what
 * Contributor Insights cannot express.
 */
export function contributorConditions(filter: FlowLogFilter, where: string): FlowLogContributorCondition[] {
  return filter.conditions.map(c => {
    const cannot = (why: string): never => {
      throw libraryError(`${where}: the condition on \`${c.field.name}\` (${describe(c)}) cannot be a Contributor Insights filter: ${why}. Count per contributor with conditions Contributor Insights takes, or leave out \`perContributor\`.`);
    };
    if (c.field.valueType === FlowLogFieldType.NUMBER) {
      if (c.values) cannot('it compares numbers one value at a time (no any-of)');
      const v = Number(c.value);
      const integer = NUMBER_RANGES[c.field.name] !== undefined;
      switch (c.comparison) {
        case '=': return FlowLogContributorCondition.equalTo(c.field, v);
        case '!=': return FlowLogContributorCondition.notEqualTo(c.field, v);
        case '>': return FlowLogContributorCondition.greaterThan(c.field, v);
        case '<': return FlowLogContributorCondition.lessThan(c.field, v);
        case '>=': return integer ? FlowLogContributorCondition.greaterThan(c.field, v - 1) : cannot('it has no >= for a field that is not a whole number');
        default: return integer ? FlowLogContributorCondition.lessThan(c.field, v + 1) : cannot('it has no <= for a field that is not a whole number');
      }
    }
    const values = c.values ?? [c.value];
    const prefixes = values.map(v => (v.indexOf('*') === v.length - 1 ? v.slice(0, -1) : undefined));
    if (values.every(v => !v.includes('*'))) {
      return c.comparison === '=' ? FlowLogContributorCondition.isIn(c.field, values) : FlowLogContributorCondition.notIn(c.field, values);
    }
    if (c.comparison === '=' && prefixes.every(p => p !== undefined)) {
      return FlowLogContributorCondition.startsWith(c.field, prefixes as string[]);
    }
    return cannot('its wildcards match only trailing `*` (StartsWith), and only with `=`');
  });
}

function describe(c: FlowLogCondition): string {
  return c.values ? `any of ${c.values.join(', ')}` : `${c.comparison} ${c.value}`;
}

/** The filter as a Logs Insights `filter` expression over the names `FlowLogQuery.fieldName` gives. */
export function insightsFilter(filter: FlowLogFilter): string {
  const terms = filter.conditions.map(c => {
    const name = insightsName(c.field);
    const one = (comparison: string, value: string) => {
      if (c.field.valueType === FlowLogFieldType.NUMBER) return `${name} ${comparison} ${value}`;
      if (!value.includes('*')) return `${name} ${comparison} ${JSON.stringify(value)}`;
      const regex = '/^' + value.split('*').map(part => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*') + '$/';
      return `${name} ${comparison === '=' ? 'like' : 'not like'} ${regex}`;
    };
    return c.values ? `(${c.values.map(v => one('=', v)).join(' or ')})` : one(c.comparison, c.value);
  });
  return terms.join(' and ');
}
