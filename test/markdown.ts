/** What the docs tests read from Markdown: its fenced code blocks. */

/** A fenced code block: its info string (`ts fixture=complete`), its code and its opening line. */
export interface CodeBlock {
  readonly info: string;
  readonly code: string;
  readonly line: number;
}

/** The fenced code blocks of `text` (from `file`, named in errors), in order. */
export function codeBlocks(text: string, file: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`${file}: the code block at line ${i + 1} is not closed`);
    blocks.push({ info: open[1], code: lines.slice(i + 1, end).join('\n'), line: i + 1 });
    i = end;
  }
  return blocks;
}
