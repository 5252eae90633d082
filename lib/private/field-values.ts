/**
 * What AWS documents about the values of some record fields (flow log records reference:
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html): used where a condition
 * on another value could never match. Kept once, here.
 */

/**
 * The only values some text fields ever hold (compared case-sensitively): a filter or a
 * Contributor Insights condition on another value could never match.
 */
export const FIELD_VALUES: Record<string, string[]> = {
  'action': ['ACCEPT', 'REJECT'],
  'log-status': ['OK', 'NODATA', 'SKIPDATA'],
};

/** Ranges a number field's values lie in (ports, IANA protocol numbers). */
export const NUMBER_RANGES: Record<string, [number, number, string]> = {
  srcport: [0, 65535, 'a port'],
  dstport: [0, 65535, 'a port'],
  protocol: [0, 255, 'an IANA protocol number'],
};

/** A network interface ID: `eni-` and 8 or 17 hexadecimal digits. */
export const ENI_ID = /^eni-([0-9a-f]{8}|[0-9a-f]{17})$/;
