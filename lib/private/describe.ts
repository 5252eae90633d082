import { Token } from 'aws-cdk-lib';
import { libraryError } from './errors';

/**
 * A value as error messages show it: strings quoted, numbers as they are; what cannot be shown is
 * described (`a token`, `an object`, `a function`, `nothing (undefined)`), never printed as
 * `undefined`, `[object Object]` or a token's encoded number.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if ((typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value)) return 'a token';
  if (typeof value === 'string') return JSON.stringify(value.length > 120 ? `${value.slice(0, 100)}...` : value) + (value.length > 120 ? ` (${value.length} characters)` : '');
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return 'a function (a factory not called?)';
  if (typeof value === 'object') {
    // Name what it is: a construct of the wrong kind is the common mistake ("a Role at Stack/Role").
    const kind = kindOf(value as object);
    const path = (value as { node?: { path?: unknown } }).node?.path;
    if (!kind || kind === 'Object') return 'an object';
    return `an instance of ${kind}${typeof path === 'string' && path !== '' ? ` (${path})` : ''}`;
  }
  return String(value);
}

/**
 * Checks a prop typed as an enum of aws-cdk-lib against its values: from JavaScript a raw string or
 * number ('all', 8, 'IGNORE') would synthesize and be refused by CloudFormation at deploy. Tokens
 * and undefined pass.
 */
export function checkEnum(value: unknown, values: Record<string, string | number>, where: string, prop: string, type: string) {
  if (value === undefined || Token.isUnresolved(value)) return;
  // A numeric TypeScript enum also maps its values back to its names (`{ 1: 'ONE_DAY' }`): skip those.
  const allowed = Object.entries(values).filter(([k]) => Number.isNaN(Number(k)));
  if (allowed.some(([, v]) => v === value)) return;
  const names = allowed.map(([k]) => k);
  const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')}, ...` : names.join(', ');
  throw libraryError(`${where}: \`${prop}\` must be one of ${type} (${shown}), got ${describeValue(value)}. Use e.g. ${type}.${names[0]}.`);
}

/**
 * The class of an object as users write it: jsii's runtime type information when it has some
 * (`aws-cdk-lib.aws_logs.LogGroup` -> `logs.LogGroup`; bundlers rename classes, so the constructor's
 * own name may read `LogGroup2`), else the constructor's name.
 */
function kindOf(value: object): string | undefined {
  const fqn: unknown = (value.constructor as any)?.[Symbol.for('jsii.rtti')]?.fqn;
  if (typeof fqn === 'string') {
    const parts = fqn.split('.');
    return parts.length > 2 ? `${parts[parts.length - 2].replace(/^aws_/, '')}.${parts[parts.length - 1]}` : parts[parts.length - 1];
  }
  return value.constructor?.name;
}
