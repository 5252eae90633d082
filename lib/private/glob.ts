/**
 * Whether `text` equals `pattern` where each `*` in the pattern matches any run of characters
 * (possibly empty), compared case-sensitively. Linear in practice and O(pattern x text) at worst:
 * the classic greedy matcher that remembers only the last `*`, never backtracking further, so a
 * value with many wildcards cannot make it exponential (as a regular expression can).
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
