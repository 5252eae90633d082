import { Names, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { describeValue } from './describe';
import { libraryError } from './errors';

/**
 * Default names of what a construct creates (metric namespaces, rule and query names): the
 * construct's stack name and path, which are unique in an account and region.
 */

/** Text for IAM descriptions and CloudWatch names, which take printable ASCII only. */
export function printable(text: string, max = 300): string {
  const ascii = text.replace(/[^\x20-\x7E]/g, '_');
  // Descriptions have limits (an IAM role's 1,000 characters): a long construct path keeps its end.
  return ascii.length <= max ? ascii : `...${ascii.slice(ascii.length - max + 3)}`;
}

/**
 * `<stack name><sep><construct path relative to the stack>` in printable ASCII: the
 * per-construct part of every default name.
 */
export function qualifiedPath(scope: Construct, separator: string): string {
  const stack = Stack.of(scope);
  const relative = scope.node.path.slice(stack.node.path.length + 1).replace(/\//g, separator);
  return printable(`${stack.stackName}${separator}${relative}`);
}

/**
 * `<stack name><sep><construct path><sep><name>` within `maxLength` (shortened to a unique
 * name of the construct when too long).
 */
export function defaultName(scope: Construct, name: string, separator: string, maxLength: number): string {
  const full = `${qualifiedPath(scope, separator)}${separator}${name}`;
  return full.length <= maxLength ? full
    : `${Names.uniqueResourceName(scope, { maxLength: maxLength - name.length - 1, separator })}${separator}${name}`;
}

/** `FlowLogs/<stack name>/<construct path>`, without the characters metric filters refuse (at most 255). */
export function defaultMetricNamespace(scope: Construct): string {
  const ns = `FlowLogs/${qualifiedPath(scope, '/')}`.replace(/[:*$]/g, '_');
  return ns.length > 255 ? `FlowLogs/${Names.uniqueResourceName(scope, { maxLength: 240 })}` : ns;
}

/**
 * The name of a detection, rule or query in a construct (it becomes part of construct IDs):
 * letters, digits, `-` and `_`, starting with a letter, at most 64 characters.
 */
export const ITEM_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * A CloudWatch metric name or namespace as metric filters take it: 1-255 printable ASCII
 * characters without `:`, `*` or `$`, and without leading or trailing spaces.
 */
export function isMetricText(value: string): boolean {
  return value.length <= 255 && /^[\x20-\x7E]+$/.test(value) && !/[:*$]/.test(value) && value.trim() === value;
}

/**
 * Checks the name of a detection, rule or query in a construct (it becomes part of construct IDs
 * and default names): letters, digits, `-` and `_`, starting with a letter, at most 64 characters.
 */
export function checkItemName(owner: string, name: string) {
  if (!ITEM_NAME.test(name)) {
    throw libraryError(`${owner}: \`name\` must be 1-64 letters, digits, '-' or '_', starting with a letter (it names constructs and default names); got ${describeValue(name)}.`);
  }
}
