/**
 * `--plot`: per evaluated alarm, the metric over time (the newest period's value at each
 * evaluation) with its threshold, the alarm's state as colored bands, and each notification
 * marked; drawn with Vega-Lite (and Vega) to SVG. The two are optional: the command tells how to
 * install them when they are missing.
 */
import { EngineResult } from './engine';
import { BacktestInputError } from './template';

/** Loads ESM packages from CommonJS (TypeScript would turn `import()` into `require()`). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

export type Plotter = (result: EngineResult) => Promise<string>;

/** The plotter, or a BacktestInputError saying how to install what it needs. */
export async function loadPlotter(): Promise<Plotter> {
  let vega: any;
  let vegaLite: any;
  try {
    vega = await importModule('vega');
    vegaLite = await importModule('vega-lite');
  } catch (e) {
    throw new BacktestInputError(`--plot draws with the npm packages vega and vega-lite, which could not be loaded (${(e as Error).message.split('\n')[0]}). Install them next to this package: npm install vega vega-lite`);
  }
  return async result => {
    const spec = vegaLite.compile(plotSpec(result)).spec;
    const view = new vega.View(vega.parse(spec), { renderer: 'none' });
    return view.toSVG();
  };
}

const STATE_COLORS = { domain: ['OK', 'ALARM', 'INSUFFICIENT_DATA'], range: ['#d9f2d9', '#f8c9c4', '#e0e0e0'] };

/** The Vega-Lite specification: one layered chart per evaluated alarm, stacked. */
export function plotSpec(result: EngineResult): Record<string, unknown> {
  const charts = result.alarms.filter(a => a.evaluated && a.timeline).map(a => {
    const timeline = a.timeline!;
    const bands: Array<{ start: number; end: number; state: string }> = [];
    for (const p of timeline) {
      const last = bands[bands.length - 1];
      if (last && last.state === p.state) last.end = p.time;
      else bands.push({ start: last ? last.end : p.time - 60_000, end: p.time, state: p.state });
    }
    const values = timeline.filter(p => p.value !== undefined).map(p => ({ time: p.time, value: p.value }));
    const notifications = a.notifications.map(n => ({ time: Date.parse(n.time), label: `${n.from} -> ${n.to}` }));
    const time = { field: 'time', type: 'temporal', title: 'time (UTC)', axis: { format: '%m-%d %H:%M' } };
    return {
      title: { text: `${a.logicalId}${a.alarmName ? ` (${a.alarmName})` : ''}`, subtitle: `${a.comparison} ${a.threshold} per ${(a.periodSeconds ?? 0) / 60} min; ${a.notifications.length} notification(s)` },
      width: 900,
      height: 160,
      layer: [
        {
          data: { values: bands },
          mark: { type: 'rect', opacity: 0.8 },
          encoding: {
            x: { field: 'start', type: 'temporal', title: 'time (UTC)', axis: { format: '%m-%d %H:%M' } },
            x2: { field: 'end' },
            color: { field: 'state', type: 'nominal', scale: STATE_COLORS, legend: { title: 'alarm state' } },
          },
        },
        {
          data: { values },
          mark: { type: 'line', color: '#1f4e9c', strokeWidth: 1 },
          encoding: { x: time, y: { field: 'value', type: 'quantitative', title: 'metric (newest period)' } },
        },
        {
          data: { values: [{ threshold: a.threshold }] },
          mark: { type: 'rule', color: '#b00020', strokeDash: [6, 3] },
          encoding: { y: { field: 'threshold', type: 'quantitative' } },
        },
        {
          data: { values: notifications },
          mark: { type: 'rule', color: '#b00020', strokeWidth: 2 },
          encoding: { x: { field: 'time', type: 'temporal' }, tooltip: { field: 'label' } },
        },
        {
          data: { values: notifications },
          mark: { type: 'text', text: '✉', dy: -80, color: '#b00020', fontSize: 14 },
          encoding: { x: { field: 'time', type: 'temporal' } },
        },
      ],
    };
  });
  if (charts.length === 0) {
    charts.push({ title: { text: 'No alarm was evaluated', subtitle: '' }, width: 400, height: 40, layer: [{ data: { values: [{}] }, mark: 'text', encoding: {} }] } as any);
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Backtest ${result.from} to ${result.to} (${result.events.toLocaleString('en-US')} events)`,
    vconcat: charts,
  };
}
