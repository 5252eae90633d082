import { globMatch } from '../glob';

/**
 * CloudWatch Logs filter patterns, parsed and evaluated offline: the space-delimited patterns
 * (`[version, account, eni, source, destination, srcport, destport="22", ...]`) with every
 * comparison the library emits and the ones AWS documents for them (`=`, `!=`, `<`, `<=`, `>`,
 * `>=`, quoted and unquoted values, `*` wildcards, `%regex%` values, `&&` and `||` within a
 * column, one `...`), plain term patterns (`ERROR`, `"two words"`, `?a ?b`, `-term`, `" "`) and
 * standalone regular expressions (`%AUTHORIZED%`). JSON patterns (`{ $.x = ... }`) are refused
 * with an error: never a silent zero.
 *
 * Where AWS's page shows but does not state a rule, the engine follows its examples:
 * - a space-delimited pattern without `...` and with fewer columns than the event has fields
 *   matches, its last column taking the rest of the line (`[w1=ERROR, w2]` "returns log events
 *   where the first word in the log events is ERROR"); with more columns than fields it does not;
 * - `?` terms beside other terms are ignored ("If you combine "?" with other filter patterns,
 *   all question mark terms will be ignored");
 * - terms match anywhere in the message, case-sensitively (`ERROR` matches `ERRORNEOUS`);
 * - regular expressions use AWS's subset (no parentheses, ASCII only), searched anywhere in the
 *   value (`%AUTHORIZED%` matches `UNAUTHORIZED REQUEST`), at most 2 per pattern (AWS's quota).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

/** A compiled filter pattern. */
export interface CompiledPattern {
  /** `delimited` patterns read the record's space-delimited fields; `terms` and `all` read the message. */
  readonly kind: 'delimited' | 'terms' | 'all';
  /** Whether the event matches; `fields` is the message split as `splitFields` splits it. */
  matches(message: string, fields: string[]): boolean;
  /**
   * The value of the column `name` for a matching event (`$name` in a metric value or dimension):
   * a column the pattern names, or `$N`, its N-th column.
   */
  column(name: string, fields: string[], message: string): string | undefined;
  /** Whether `column(name, ...)` can return a value: the pattern names that column, or has an N-th one. */
  hasColumn(name: string): boolean;
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
  /** How many `%regex%` values its conditions have. */
  readonly regex?: number;
}

/** Parses a filter pattern; throws `PatternError` for what it cannot evaluate. */
export function compilePattern(pattern: string): CompiledPattern {
  const text = pattern.trim();
  // AWS: "You can match everything in your log events with double quotation marks" (`" "`).
  if (text === '' || /^"\s*"$/.test(text)) {
    return { kind: 'all', matches: () => true, column: () => undefined, hasColumn: () => false };
  }
  if (text.startsWith('{')) {
    throw new PatternError(`JSON filter patterns ({ $.field ... }) are not supported by the backtest engine: ${show(text)}`);
  }
  if (text.startsWith('%')) return compileStandaloneRegex(text);
  if (text.startsWith('[')) return compileDelimited(text);
  return compileTerms(text);
}

// ---- regular expressions ----

/** AWS's regex subset: ASCII letters and digits, the symbols `: _ # = @ / ; , -` and space, the operators, `\` escapes. */
const REGEX_CHARS = /^[A-Za-z0-9:_#=@\/;,\- ^$?[\]{}|*+.]$/;
/** AWS's quota: "a limit of 2 regex for each filter pattern". */
const MAX_REGEX = 2;

/** Compiles the body of `%...%` into a search (unanchored) as AWS documents it. */
function compileRegex(body: string, whole: string): RegExp {
  if (body === '') throw new PatternError(`an empty regular expression (%%) in the filter pattern: ${show(whole)}`);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      if (i + 1 >= body.length) throw new PatternError(`the regular expression %${body}% ends with "\\": ${show(whole)}`);
      const e = body[++i];
      if (e.charCodeAt(0) > 0x7e) throw new PatternError(`the regular expression %${body}% has a multi-byte character, which AWS does not support: ${show(whole)}`);
      continue;
    }
    if (c === '(' || c === ')') {
      throw new PatternError(`the regular expression %${body}% has "${c}": AWS's filter pattern regex has no parentheses (no subpatterns): ${show(whole)}`);
    }
    if (!REGEX_CHARS.test(c)) {
      throw new PatternError(`the regular expression %${body}% has ${JSON.stringify(c)}, which AWS's filter pattern regex does not support `
        + `(letters, digits, ": _ # = @ / ; , -", the operators "^ $ ? [ ] { } | \\ * + ." and \\ escapes, e.g. \\x21 for "!"): ${show(whole)}`);
    }
  }
  try {
    return new RegExp(body);
  } catch (e) {
    throw new PatternError(`the regular expression %${body}% is not valid (${(e as Error).message}): ${show(whole)}`);
  }
}

/** `%regex%` as the whole pattern: the message contains a match. */
function compileStandaloneRegex(text: string): CompiledPattern {
  const close = text.indexOf('%', 1);
  if (close !== text.length - 1) {
    throw new PatternError(`a regular expression pattern is one %...%, with nothing after it: ${show(text)}`);
  }
  const re = compileRegex(text.slice(1, -1), text);
  return { kind: 'terms', matches: message => re.test(message), column: () => undefined, hasColumn: () => false };
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
  const regexes = columns.reduce((n, c) => n + (c.regex ?? 0), 0);
  if (regexes > MAX_REGEX) {
    throw new PatternError(`the pattern has ${regexes} regular expressions; AWS allows at most ${MAX_REGEX} in a filter pattern: ${show(text)}`);
  }
  // `$N`: the N-th column of the pattern (AWS: "numeric identifiers"), when no column has that name.
  columns.forEach((c, i) => {
    const n = String(i + 1);
    if (c.ellipsis || byName.has(n)) return;
    byName.set(n, i < before.length ? { index: i, fromEnd: false } : { index: columns.length - i, fromEnd: true });
  });
  const tests: Array<[number, boolean, Cond]> = [];
  before.forEach((c, i) => { if (c.test) tests.push([i, false, c.test]); });
  after.forEach((c, i) => { if (c.test) tests.push([after.length - i, true, c.test]); });
  const exact = at < 0;
  const minimum = before.length + after.length;
  /** An event with more fields than an exact pattern's columns: its last column takes the rest of the line. */
  const fit = (message: string, fields: string[]): string[] =>
    exact && fields.length > minimum && minimum > 0 ? [...fields.slice(0, minimum - 1), restOfLine(message, minimum - 1)] : fields;
  return {
    kind: 'delimited',
    matches: (message, all) => {
      if (all.length < minimum) return false;
      if (exact && minimum === 0) return all.length === 0;
      const fields = fit(message, all);
      for (const [index, fromEnd, test] of tests) {
        if (!test(fields[fromEnd ? fields.length - index : index])) return false;
      }
      return true;
    },
    column: (name, all, message) => {
      const where = byName.get(name);
      if (!where) return undefined;
      const fields = fit(message, all);
      return fields[where.fromEnd ? fields.length - where.index : where.index];
    },
    hasColumn: name => byName.has(name),
  };
}

/** The message from the start of its `k`-th field (0-based, as `splitFields` counts), trailing whitespace trimmed. */
export function restOfLine(message: string, k: number): string {
  let i = 0;
  let count = 0;
  const n = message.length;
  const space = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  for (;;) {
    while (i < n && space(message[i])) i++;
    if (i >= n) return '';
    if (count === k) return message.slice(i).replace(/\s+$/, '');
    const c = message[i];
    if (c === '"' || c === '[') {
      const close = message.indexOf(c === '"' ? '"' : ']', i + 1);
      i = close < 0 ? n : close + 1;
    } else {
      while (i < n && message[i] !== ' ' && message[i] !== '\t') i++;
    }
    count++;
  }
}

function parseColumn(s: Scanner): Column {
  if (s.eat('...')) return { ellipsis: true };
  const name = parseName(s);
  if (s.peek(',') || s.peek(']')) return { name };
  if (s.pos >= s.text.length) s.fail('expected "," or "]"');
  // A disjunction (||) of conjunctions (&&) of comparisons, each naming the column again.
  const regex = { count: 0 };
  const any: Cond[][] = [[parseComparison(s, name, false, regex)]];
  for (;;) {
    if (s.eat('&&')) {
      any[any.length - 1].push(parseComparison(s, name, true, regex));
    } else if (s.eat('||')) {
      any.push([parseComparison(s, name, true, regex)]);
    } else {
      break;
    }
  }
  const test: Cond = any.length === 1 && any[0].length === 1
    ? any[0][0]
    : v => any.some(all => all.every(c => c(v)));
  return { name, test, regex: regex.count };
}

function parseName(s: Scanner): string {
  s.skipSpace();
  const m = /^[A-Za-z0-9_.$@-]+/.exec(s.text.slice(s.pos));
  if (!m) s.fail('expected a column name or "..."');
  s.pos += m[0].length;
  return m[0];
}

function parseComparison(s: Scanner, column: string, repeat: boolean, regex: { count: number }): Cond {
  if (repeat) {
    const name = parseName(s);
    if (name !== column) s.fail(`a condition in column "${column}" names another column "${name}"`);
  }
  s.skipSpace();
  const op = ['<=', '>=', '!=', '=', '<', '>'].find(o => s.text.startsWith(o, s.pos));
  if (!op) s.fail(`expected a comparison after "${column}"`);
  s.pos += op.length;
  s.skipSpace();
  if (s.text[s.pos] === '%') {
    const close = s.text.indexOf('%', s.pos + 1);
    if (close < 0) s.fail('unterminated regular expression (%...%)');
    if (op !== '=' && op !== '!=') s.fail(`"${op}" needs a number, got the regular expression ${s.text.slice(s.pos, close + 1)}`);
    const re = compileRegex(s.text.slice(s.pos + 1, close), s.text);
    s.pos = close + 1;
    regex.count++;
    return op === '=' ? a => re.test(a) : a => !re.test(a);
  }
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
  // AWS: "If you combine "?" with other filter patterns, all question mark terms will be ignored."
  const optional = all.length === 0 && none.length === 0 ? any : [];
  return {
    kind: 'terms',
    matches: message => all.every(t => message.includes(t)) && !none.some(t => message.includes(t))
      && (optional.length === 0 || optional.some(t => message.includes(t))),
    column: () => undefined,
    hasColumn: () => false,
  };
}
