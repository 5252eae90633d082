/**
 * The metric math of alarm queries that the backtest engine evaluates: numbers, metric IDs,
 * `+ - * /`, parentheses, the comparisons `== != < <= > >=` (1 or 0), `AND` / `&&`, `OR` / `||`,
 * `NOT` / `!`, `IF(condition, a, b)`, `FILL(x, value)` and `INSIGHT_RULE_METRIC(rule, metric)`. Any
 * other function (`ANOMALY_DETECTION_BAND` among them) makes the alarm "not evaluated", with the
 * reason. A missing operand gives a missing result (as for metric math on time series), except in
 * `FILL`.
 */

export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'fill'; readonly arg: Expr; readonly value: number }
  | { readonly kind: 'not'; readonly arg: Expr }
  | { readonly kind: 'if'; readonly cond: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly kind: 'insight'; readonly rule: string; readonly metric: string };

export class UnsupportedExpression extends Error {}

const INSIGHT_METRICS = ['UniqueContributors', 'MaxContributorValue', 'SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average'];

type Token = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = /^\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
    if (num) { out.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    if (c === '"' || c === '\'') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new UnsupportedExpression(`unterminated string in expression ${JSON.stringify(text)}`);
      out.push({ t: 'str', v: text.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) { out.push({ t: 'op', v: two }); i += 2; continue; }
    if ('+-*/(),<>!'.includes(c)) { out.push({ t: 'op', v: c }); i++; continue; }
    throw new UnsupportedExpression(`unexpected ${JSON.stringify(c)} in expression ${JSON.stringify(text)}`);
  }
  return out;
}

function unsupportedFunction(name: string): UnsupportedExpression {
  return new UnsupportedExpression(`the metric math function ${name} is not evaluated by the backtest engine (it evaluates + - * /, comparisons, AND, OR, NOT, IF, FILL and INSIGHT_RULE_METRIC)`);
}

/** Parses a metric math expression; throws `UnsupportedExpression` for what the engine does not evaluate. */
export function parseExpression(text: string): Expr {
  // A function the engine does not evaluate is named as such, even where its arguments use syntax
  // the tokenizer has no use for (SUM([m1, m2]), IF(m1 > 2, ...)).
  for (const m of text.replace(/"[^"]*"/g, '""').matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
    if (!['INSIGHT_RULE_METRIC', 'FILL', 'IF'].includes(m[1].toUpperCase())) throw unsupportedFunction(m[1]);
  }
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (v: string) => tokens[pos]?.t === 'op' && tokens[pos].v === v;
  const expect = (v: string) => {
    if (!peek(v)) throw new UnsupportedExpression(`expected "${v}" in expression ${JSON.stringify(text)}`);
    pos++;
  };
  const argText = (): string => {
    const tok = tokens[pos++];
    if (!tok || (tok.t !== 'str' && tok.t !== 'id')) throw new UnsupportedExpression(`expected a name in expression ${JSON.stringify(text)}`);
    return String(tok.v);
  };
  const keyword = (...words: string[]) => tokens[pos]?.t === 'id' && words.includes(String(tokens[pos].v));
  /** A left-associative chain of `next` joined by the operator `op` (or its word). */
  const logical = (op: string, word: string, next: () => Expr) => (): Expr => {
    let left = next();
    while (peek(op) || keyword(word)) {
      pos++;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  };
  // Lowest first: OR, AND, NOT, comparisons, + -, * /.
  const notExpr = (): Expr => {
    if (peek('!') || keyword('NOT')) {
      pos++;
      return { kind: 'not', arg: notExpr() };
    }
    return comparison();
  };
  const andExpr = logical('&&', 'AND', notExpr);
  const orExpr = logical('||', 'OR', andExpr);
  const comparison = (): Expr => {
    const left = expr();
    const op = ['==', '!=', '<=', '>=', '<', '>'].find(o => peek(o));
    if (!op) return left;
    pos++;
    return { kind: 'binary', op, left, right: expr() };
  };
  const expr = (): Expr => {
    let left = term();
    while (peek('+') || peek('-')) {
      const op = (tokens[pos++] as { v: string }).v;
      left = { kind: 'binary', op, left, right: term() };
    }
    return left;
  };
  const term = (): Expr => {
    let left = factor();
    while (peek('*') || peek('/')) {
      const op = (tokens[pos++] as { v: string }).v;
      left = { kind: 'binary', op, left, right: factor() };
    }
    return left;
  };
  const factor = (): Expr => {
    const tok = tokens[pos++];
    if (!tok) throw new UnsupportedExpression(`expression ${JSON.stringify(text)} ends too early`);
    if (tok.t === 'num') return { kind: 'number', value: tok.v };
    if (tok.t === 'op' && tok.v === '(') {
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (tok.t === 'op' && tok.v === '-') return { kind: 'neg', arg: factor() };
    if (tok.t === 'id' && peek('(')) {
      pos++;
      const name = tok.v.toUpperCase();
      if (name === 'INSIGHT_RULE_METRIC') {
        const rule = argText();
        expect(',');
        const metric = argText();
        expect(')');
        if (!INSIGHT_METRICS.includes(metric)) {
          throw new UnsupportedExpression(`INSIGHT_RULE_METRIC metric ${JSON.stringify(metric)} is not one of ${INSIGHT_METRICS.join(', ')}`);
        }
        return { kind: 'insight', rule, metric };
      }
      if (name === 'IF') {
        const cond = orExpr();
        expect(',');
        const then = orExpr();
        expect(',');
        const otherwise = orExpr();
        expect(')');
        return { kind: 'if', cond, then, otherwise };
      }
      if (name === 'FILL') {
        const arg = expr();
        expect(',');
        const value = tokens[pos++];
        expect(')');
        if (!value || value.t !== 'num') throw new UnsupportedExpression(`FILL with a non-numeric value (REPEAT, LINEAR) is not evaluated: ${JSON.stringify(text)}`);
        return { kind: 'fill', arg, value: value.v };
      }
      throw unsupportedFunction(tok.v);
    }
    if (tok.t === 'id') return { kind: 'id', id: tok.v };
    throw new UnsupportedExpression(`unexpected ${JSON.stringify(tok.v)} in expression ${JSON.stringify(text)}`);
  };
  const result = orExpr();
  if (pos !== tokens.length) throw new UnsupportedExpression(`unexpected text after position ${pos} in expression ${JSON.stringify(text)}`);
  return result;
}

/** Evaluates an expression for one window; `lookup` gives a metric ID's or a rule metric's value. */
export function evaluate(e: Expr, id: (id: string) => number | undefined,
  insight: (rule: string, metric: string) => number | undefined): number | undefined {
  switch (e.kind) {
    case 'number': return e.value;
    case 'id': return id(e.id);
    case 'neg': {
      const v = evaluate(e.arg, id, insight);
      return v === undefined ? undefined : -v;
    }
    case 'fill': return evaluate(e.arg, id, insight) ?? e.value;
    case 'insight': return insight(e.rule, e.metric);
    case 'not': {
      const v = evaluate(e.arg, id, insight);
      return v === undefined ? undefined : v === 0 ? 1 : 0;
    }
    case 'if': {
      const c = evaluate(e.cond, id, insight);
      if (c === undefined) return undefined;
      return evaluate(c !== 0 ? e.then : e.otherwise, id, insight);
    }
    default: {
      const a = evaluate(e.left, id, insight);
      const b = evaluate(e.right, id, insight);
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return b === 0 ? undefined : a / b;
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '&&': return a !== 0 && b !== 0 ? 1 : 0;
        default: return a !== 0 || b !== 0 ? 1 : 0;
      }
    }
  }
}

/** The IDs and rule names an expression reads. */
export function references(e: Expr): { ids: string[]; rules: string[] } {
  switch (e.kind) {
    case 'id': return { ids: [e.id], rules: [] };
    case 'insight': return { ids: [], rules: [e.rule] };
    case 'neg':
    case 'not':
    case 'fill': return references(e.arg);
    case 'if': {
      const parts = [e.cond, e.then, e.otherwise].map(references);
      return { ids: parts.flatMap(p => p.ids), rules: parts.flatMap(p => p.rules) };
    }
    case 'binary': {
      const l = references(e.left);
      const r = references(e.right);
      return { ids: [...l.ids, ...r.ids], rules: [...l.rules, ...r.rules] };
    }
    default: return { ids: [], rules: [] };
  }
}
