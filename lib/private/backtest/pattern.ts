import { globMatch } from '../glob';

/**
 * CloudWatch Logs filter patterns, parsed and evaluated offline: the space-delimited patterns
 * (`[version, account, eni, source, destination, srcport, destport="22", ...]`) with every
 * comparison the library emits and the ones AWS documents for them (`=`, `!=`, `<`, `<=`, `>`,
 * `>=`, quoted and unquoted values, `*` wildcards, `&&` and `||` within a column, one `...`), and
 * plain term patterns (`ERROR`, `"two words"`, `?a ?b`, `-term`). JSON (`{ $.x = ... }`) and
 * regular expression (`%...%`) patterns are refused with an error: never a silent zero.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

/** A compiled filter pattern. */
export interface CompiledPattern {
  /** `delimited` patterns read the record's space-delimited fields; `terms` and `all` read the message. */
  readonly kind: 'delimited' | 'terms' | 'all';
  /** Whether the event matches; `fields` is the message split as `splitFields` splits it. */
  matches(message: string, fields: string[]): boolean;
  /** The value of the column named `name` for a matching event, if the pattern names it (`$name` in a metric value). */
  column(name: string, fields: string[]): string | undefined;
}

/** A pattern this engine cannot evaluate: the message says what and why. */
export class PatternError extends Error {}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Splits a log message into space-delimited fields as CloudWatch Logs does: runs of spaces separate
 * fields, and text in double quotes or square brackets is one field (without them).
 */
export function splitFields(message: string): string[] {
  // Flow log records: single spaces, no quotes or brackets.
  if (message.indexOf('"') < 0 && message.indexOf('[') < 0 && message.indexOf('  ') < 0 && message.indexOf('\t') < 0) {
    const trimmed = message.trim();
    return trimmed === '' ? [] : trimmed.split(' ');
  }
  const out: string[] = [];
  let i = 0;
  const n = message.length;
  while (i < n) {
    const c = message[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '"' || c === '[') {
      const close = message.indexOf(c === '"' ? '"' : ']', i + 1);
      const end = close < 0 ? n : close;
      out.push(message.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < n && message[j] !== ' ' && message[j] !== '\t') j++;
      out.push(message.slice(i, j));
      i = j;
    }
  }
  return out;
}

type Cond = (value: string) => boolean;

interface Column {
  readonly name?: string;
  readonly ellipsis?: boolean;
  /** Disjunction of conjunctions; empty: no condition. */
  readonly test?: Cond;
}

/** Parses a filter pattern; throws `PatternError` for what it cannot evaluate. */
export function compilePattern(pattern: string): CompiledPattern {
  const text = pattern.trim();
  if (text === '' || text === '""') {
    return { kind: 'all', matches: () => true, column: () => undefined };
  }
  if (text.startsWith('{')) {
    throw new PatternError(`JSON filter patterns ({ $.field ... }) are not supported by the backtest engine: ${show(text)}`);
  }
  if (text.startsWith('%')) {
    throw new PatternError(`regular expression filter patterns (%...%) are not supported by the backtest engine: ${show(text)}`);
  }
  if (text.startsWith('[')) return compileDelimited(text);
  return compileTerms(text);
}

function show(text: string): string {
  return JSON.stringify(text.length > 200 ? text.slice(0, 200) + '...' : text);
}

// ---- space-delimited patterns ----

class Scanner {
  public pos = 0;
  constructor(public readonly text: string) {}
  public skipSpace() {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  public peek(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }
  public eat(s: string): boolean {
    if (this.peek(s)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  public fail(what: string): never {
    throw new PatternError(`cannot parse the filter pattern at character ${this.pos + 1} (${what}): ${show(this.text)}`);
  }
}

function compileDelimited(text: string): CompiledPattern {
  const s = new Scanner(text);
  s.eat('[');
  const columns: Column[] = [];
  if (!s.peek(']')) {
    do {
      columns.push(parseColumn(s));
    } while (s.eat(','));
  }
  if (!s.eat(']')) s.fail('expected "," or "]"');
  s.skipSpace();
  if (s.pos !== text.length) s.fail('text after "]"');
  const ellipses = columns.filter(c => c.ellipsis).length;
  if (ellipses > 1) {
    throw new PatternError(`space-delimited patterns with more than one "..." are not supported by the backtest engine: ${show(text)}`);
  }
  const at = columns.findIndex(c => c.ellipsis);
  const before = at < 0 ? columns : columns.slice(0, at);
  const after = at < 0 ? [] : columns.slice(at + 1);
  const byName = new Map<string, { index: number; fromEnd: boolean }>();
  before.forEach((c, i) => { if (c.name !== undefined && !byName.has(c.name)) byName.set(c.name, { index: i, fromEnd: false }); });
  after.forEach((c, i) => { if (c.name !== undefined && !byName.has(c.name)) byName.set(c.name, { index: after.length - i, fromEnd: true }); });
  const tests: Array<[number, boolean, Cond]> = [];
  before.forEach((c, i) => { if (c.test) tests.push([i, false, c.test]); });
  after.forEach((c, i) => { if (c.test) tests.push([after.length - i, true, c.test]); });
  const exact = at < 0;
  const minimum = before.length + after.length;
  return {
    kind: 'delimited',
    matches: (_message, fields) => {
      if (exact ? fields.length !== minimum : fields.length < minimum) return false;
      for (const [index, fromEnd, test] of tests) {
        if (!test(fields[fromEnd ? fields.length - index : index])) return false;
      }
      return true;
    },
    column: (name, fields) => {
      const where = byName.get(name);
      if (!where) return undefined;
      return fields[where.fromEnd ? fields.length - where.index : where.index];
    },
  };
}

function parseColumn(s: Scanner): Column {
  if (s.eat('...')) return { ellipsis: true };
  const name = parseName(s);
  if (s.peek(',') || s.peek(']')) return { name };
  // A disjunction (||) of conjunctions (&&) of comparisons, each naming the column again.
  const any: Cond[][] = [[parseComparison(s, name)]];
  for (;;) {
    if (s.eat('&&')) {
      any[any.length - 1].push(parseComparison(s, name, true));
    } else if (s.eat('||')) {
      any.push([parseComparison(s, name, true)]);
    } else {
      break;
    }
  }
  const test: Cond = any.length === 1 && any[0].length === 1
    ? any[0][0]
    : v => any.some(all => all.every(c => c(v)));
  return { name, test };
}

function parseName(s: Scanner): string {
  s.skipSpace();
  const m = /^[A-Za-z0-9_.$@-]+/.exec(s.text.slice(s.pos));
  if (!m) s.fail('expected a column name or "..."');
  s.pos += m[0].length;
  return m[0];
}

function parseComparison(s: Scanner, column: string, repeat = false): Cond {
  if (repeat) {
    const name = parseName(s);
    if (name !== column) s.fail(`a condition in column "${column}" names another column "${name}"`);
  }
  s.skipSpace();
  const op = ['<=', '>=', '!=', '=', '<', '>'].find(o => s.text.startsWith(o, s.pos));
  if (!op) s.fail(`expected a comparison after "${column}"`);
  s.pos += op.length;
  s.skipSpace();
  let value: string;
  let quoted = false;
  if (s.text[s.pos] === '"') {
    quoted = true;
    let out = '';
    let i = s.pos + 1;
    for (; i < s.text.length && s.text[i] !== '"'; i++) {
      if (s.text[i] === '\\' && i + 1 < s.text.length) i++;
      out += s.text[i];
    }
    if (i >= s.text.length) s.fail('unterminated quoted value');
    s.pos = i + 1;
    value = out;
  } else {
    const m = /^[^\s,\]&|"]+/.exec(s.text.slice(s.pos));
    if (!m) s.fail(`expected a value after "${column}${op}"`);
    s.pos += m[0].length;
    value = m[0];
  }
  const numeric = !quoted && NUMBER.test(value);
  if (op !== '=' && op !== '!=') {
    if (!numeric) s.fail(`"${op}" needs a number, got ${JSON.stringify(value)}`);
    const v = Number(value);
    switch (op) {
      case '<': return a => NUMBER.test(a) && Number(a) < v;
      case '<=': return a => NUMBER.test(a) && Number(a) <= v;
      case '>': return a => NUMBER.test(a) && Number(a) > v;
      default: return a => NUMBER.test(a) && Number(a) >= v;
    }
  }
  if (numeric) {
    const v = Number(value);
    return op === '=' ? a => NUMBER.test(a) && Number(a) === v : a => NUMBER.test(a) && Number(a) !== v;
  }
  if (!value.includes('*')) return op === '=' ? a => a === value : a => a !== value;
  return op === '=' ? a => globMatch(value, a) : a => !globMatch(value, a);
}

// ---- term patterns ----

function compileTerms(text: string): CompiledPattern {
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  const s = new Scanner(text);
  for (s.skipSpace(); s.pos < text.length; s.skipSpace()) {
    let list = all;
    if (text[s.pos] === '?') { list = any; s.pos++; } else if (text[s.pos] === '-') { list = none; s.pos++; }
    let term: string;
    if (text[s.pos] === '"') {
      const close = text.indexOf('"', s.pos + 1);
      if (close < 0) s.fail('unterminated quoted term');
      term = text.slice(s.pos + 1, close);
      s.pos = close + 1;
    } else {
      const m = /^\S+/.exec(text.slice(s.pos));
      if (!m) s.fail('expected a term');
      term = m![0];
      s.pos += term.length;
    }
    if (!/^[A-Za-z0-9_ .:\/-]*$/.test(term) && !text.includes('"' + term + '"')) {
      throw new PatternError(`term ${JSON.stringify(term)} has characters a filter pattern must quote ("..."): ${show(text)}`);
    }
    list.push(term);
  }
  return {
    kind: 'terms',
    matches: message => all.every(t => message.includes(t)) && !none.some(t => message.includes(t))
      && (any.length === 0 || any.some(t => message.includes(t))),
    column: () => undefined,
  };
}
