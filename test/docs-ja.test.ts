/**
 * The Japanese guide (README.ja.md) is complete: every section and every code block of README.md is in
 * it, it maps the AWS Japanese page's steps to the construct, and it holds to its glossary (用語集).
 * test/docs.test.ts checks that each Japanese code block is one of README.md's, in order; this file checks
 * the other direction, so a block added to README.md fails here until the Japanese guide has it too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CodeBlock, codeBlocks } from './markdown';

const ROOT = path.join(__dirname, '..');

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** The text without its fenced code blocks (prose only). */
function prose(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
}

/** The blocks of `english` that `japanese` lacks, reading both in order (a block must come after the previous one). */
function missingBlocks(english: CodeBlock[], japanese: CodeBlock[]): CodeBlock[] {
  const missing: CodeBlock[] = [];
  let from = 0;
  for (const block of english) {
    const at = japanese.findIndex((b, i) => i >= from && b.info === block.info && b.code === block.code);
    if (at < 0) {
      missing.push(block);
    } else {
      from = at + 1;
    }
  }
  return missing;
}

/** `## ` headings, in order. */
function sections(text: string): string[] {
  return prose(text).split('\n').filter(l => l.startsWith('## ')).map(l => l.slice(3).trim());
}

/** The text of the `## ` section with this heading, up to the next `## ` heading. */
function section(text: string, heading: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex(l => l === `## ${heading}`);
  if (start < 0) return '';
  const end = lines.findIndex((l, j) => j > start && l.startsWith('## '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

// Every `## ` section of README.md and its Japanese heading. A new English section fails the test until it is
// translated and listed here.
const SECTIONS: Record<string, string> = {
  'Install': 'インストール',
  'A complete minimal app': '最小構成の完全なアプリ',
  'Deploy and verify': 'デプロイと確認',
  'After deploy: who calls what': 'デプロイ後: 誰が何を呼び出すか',
  'Use cases': 'ユースケース',
  'Detections': '検出',
  'Operations: know when flow logs stop, what they cost, and alarm on what matters': '運用: フローログの停止とコストを知り、重要なことでアラームを出す',
  'Backtest: what your alarms would have done': 'バックテスト: アラームは何をしていたか',
  'Insight: who is behind an alarm?': 'インサイト: アラームの背後にいるのは誰か?',
  'Scale and cost': 'スケールとコスト',
  'Organization: every VPC in every account and region': '組織: すべてのアカウントとリージョンのすべての VPC',
  'Defaults': 'デフォルト',
  'Errors': 'エラー',
  'Security notes': 'セキュリティに関する注意事項',
  'Compliance': 'コンプライアンス',
  'Contributing / developing this library': 'コントリビュート / このライブラリの開発',
  'API': 'API',
};
// Sections only the Japanese guide has.
const MAPPING = 'AWS の手順とこのコンストラクトの対応';
const GLOSSARY = '用語集';

// The glossary: each term is used, and its wrong variants are not (outside the glossary section, which names them).
// The variants test/docs.test.ts forbids (メトリクスフィルター, ...) are checked there.
const TERMS: ReadonlyArray<{ readonly term: string; readonly wrong: ReadonlyArray<string | RegExp> }> = [
  { term: 'フローログ', wrong: [] },
  { term: 'ロググループ', wrong: [] },
  { term: 'ログストリーム', wrong: [] },
  { term: 'メトリクスフィルタ', wrong: [] },
  { term: 'フィルタパターン', wrong: [] },
  { term: 'ネットワークインターフェイス', wrong: [] },
  { term: 'IAM ロール', wrong: [] },
  { term: '信頼ポリシー', wrong: [] },
  { term: 'アクセス権限', wrong: [] },
  { term: 'ステートメント', wrong: ['つのステートメントで'] },
  { term: '混乱した代理問題', wrong: [/混乱した代理(?!問題)/] },
  { term: '検出', wrong: ['検知', '自身が検出', '検出されるのは'] },
  { term: '異常検出', wrong: ['異常検知'] },
  { term: 'ALARM 状態', wrong: ['発火'] },
  { term: 'しきい値を超えている', wrong: ['違反'] },
  { term: '合成 (synth)', wrong: ['synth 時', 'synth する', 'synth され', 'synth でき'] },
  { term: '評価期間', wrong: [] },
  { term: '合計 (Sum)', wrong: [] },
  { term: '欠落データ', wrong: [] },
  { term: '集約間隔', wrong: [] },
  { term: 'サブスクリプション', wrong: [] },
  { term: 'トピックポリシー', wrong: [] },
  { term: 'キーポリシー', wrong: [] },
  { term: 'カスタマー管理キー', wrong: [] },
];

describe('README.ja.md is complete', () => {
  const englishText = read('README.md');
  const japaneseText = read('README.ja.md');
  const english = codeBlocks(englishText, 'README.md');
  const japanese = codeBlocks(japaneseText, 'README.ja.md');

  test('has every code block of README.md (identical info string and code), in README.md\'s order', () => {
    expect(english.length).toBeGreaterThanOrEqual(30);
    const missing = missingBlocks(english, japanese);
    const shown = missing.map(b => `README.md line ${b.line}:\n\`\`\`${b.info}\n${b.code}\n\`\`\``);
    expect(shown).toEqual([]);
    expect(japanese.length).toBeGreaterThanOrEqual(english.length);
  });

  test('the code block check fails when README.md has a block the Japanese guide lacks', () => {
    // README.md's own blocks stand in for a complete Japanese guide.
    const extra: CodeBlock = { info: 'sh', code: 'echo a block only README.md has', line: 0 };
    expect(missingBlocks([...english, extra], english)).toEqual([extra]);
    expect(missingBlocks(english, english.slice(1))).toEqual([english[0]]);
    expect(missingBlocks(english, [])).toEqual(english);
    // A block with another info string is another block.
    expect(missingBlocks([english[0]], [{ ...english[0], info: english[0].info + ' x' }])).toEqual([english[0]]);
    // Out of order counts as missing too.
    expect(missingBlocks([english[0], english[1]], [english[1], english[0]]).length).toBe(1);
  });

  test('has a Japanese section for every `## ` section of README.md, in README.md\'s order', () => {
    const englishSections = sections(englishText);
    expect(englishSections.length).toBeGreaterThanOrEqual(15);
    expect(englishSections.filter(h => !(h in SECTIONS))).toEqual([]);
    const japaneseSections = sections(japaneseText);
    const wanted = englishSections.map(h => SECTIONS[h]);
    expect(wanted.filter(h => !japaneseSections.includes(h))).toEqual([]);
    const inOrder = japaneseSections.filter(h => wanted.includes(h));
    expect(inOrder).toEqual(wanted);
    // Each section is translated, not summarized in a line with a link to the English one: it has as many `### `
    // subsections, and at least 0.4 times the English prose in characters (Japanese runs to 0.6-0.8 of the English;
    // the Detections section leaves the generated scenario table to README.md).
    for (const [en, ja] of Object.entries(SECTIONS).filter(([h]) => englishSections.includes(h))) {
      const enProse = prose(section(englishText, en));
      const jaProse = prose(section(japaneseText, ja));
      const subsections = (text: string) => text.split('\n').filter(l => l.startsWith('### ')).length;
      expect({ ja, subsections: subsections(jaProse) }).toEqual({ ja, subsections: subsections(enProse) });
      expect({ ja, translated: jaProse.length >= 0.4 * enProse.length }).toEqual({ ja, translated: true });
    }
    expect(japaneseSections).toContain(MAPPING);
    expect(japaneseSections).toContain(GLOSSARY);
  });

  test('every in-page link (#...) points at a heading', () => {
    const headings = prose(japaneseText).split('\n').filter(l => /^#{1,6} /.test(l)).map(l => l.replace(/^#+ /, ''));
    const seen = new Map<string, number>();
    const anchors = new Set<string>();
    for (const heading of headings) {
      const base = anchor(heading);
      const n = seen.get(base) ?? 0;
      anchors.add(n === 0 ? base : `${base}-${n}`);
      seen.set(base, n + 1);
    }
    const links = [...prose(japaneseText).matchAll(/\]\(#([^)]+)\)/g)].map(m => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(15);
    expect(links.filter(l => !anchors.has(l))).toEqual([]);
  });

  test('maps the AWS Japanese page\'s steps to the construct\'s props, in the page\'s words and ours', () => {
    const mapping = section(japaneseText, MAPPING);
    expect(mapping.length).toBeGreaterThan(2000);
    for (const word of ['trafficType', 'alarmEmails', 'threshold', 'evaluationPeriods', 'period', 'interface_id', 'srcaddr', 'dstport=22',
      'iam:PassRole', 'grantPassRole', 'logGroup', 'role']) {
      expect({ word, mapped: mapping.includes(word) }).toEqual({ word, mapped: true });
    }
    // The page's own words, as the copy in shared/seed has them.
    for (const quote of ['[すべて]', '[拒否]', '[承諾済み]', '[送信先ロググループ]', '`eni`', '`source`', 'destport="22"', '[>=]', '「10」',
      'デフォルトの 1', '[1 時間]', '[合計]', 'E メールアドレス', 'vpc-flow-logs.amazonaws.com', 'iam:PassRole アクション']) {
      expect({ quote, mapped: mapping.includes(quote) }).toEqual({ quote, mapped: true });
    }
    for (const [page, ours] of [['ALL', '[すべて]'], ['REJECT', '[拒否]'], ['ACCEPT', '[承諾済み]']]) {
      const row = mapping.split('\n').find(l => l.includes(ours) && l.includes(`FlowLogTrafficType.${page}`));
      expect({ page, row: row !== undefined }).toEqual({ page, row: true });
    }
    const fields = mapping.split('\n');
    for (const [page, ours] of [['eni', 'interface_id'], ['source', 'srcaddr'], ['destport="22"', 'dstport=22']]) {
      const row = fields.find(l => l.startsWith(`| \`${page}\` | \`${ours}\``));
      expect({ page, ours, row: row !== undefined }).toEqual({ page, ours, row: true });
    }
  });

  test('holds to its glossary (用語集): each term is listed and used, and no wrong variant is used', () => {
    const glossary = section(japaneseText, GLOSSARY);
    expect(glossary).not.toBe('');
    const rest = prose(japaneseText.replace(glossary, ''));
    for (const { term, wrong } of TERMS) {
      expect({ term, listed: glossary.includes(term), used: rest.includes(term) }).toEqual({ term, listed: true, used: true });
      for (const variant of wrong) {
        const hit = typeof variant === 'string' ? rest.includes(variant) : variant.test(rest);
        expect({ term, variant: String(variant), used: hit }).toEqual({ term, variant: String(variant), used: false });
      }
    }
  });
});
