/**
 * A value as error messages show it. Never throws, whatever a JavaScript or
 * Python caller passed (null-prototype objects, BigInts, symbols, ...).
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'number': case 'boolean': case 'undefined': return String(value);
    case 'bigint': return `${value.toString()}n`;
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const name = safeConstructorName(value as object);
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

function safeConstructorName(value: object): string | undefined {
  try {
    const ctor = Object.getPrototypeOf(value)?.constructor;
    return typeof ctor === 'function' && typeof ctor.name === 'string' ? ctor.name : undefined;
  } catch {
    return undefined;
  }
}
