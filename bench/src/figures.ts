import type { PortalBenchResult } from './scenarios/portal.js';
import type { SyncBenchResult } from './scenarios/sync.js';
import type { WidgetBenchResult } from './scenarios/widget.js';

/** The figures every run reports, in table order. */
export type FigureId =
  'sso_launch' | 'me' | 'invoices' | 'invoices_p99' | 'sync' | 'widget_gzip' | 'portal_rss';

/** A target: the value must compare this way with `value`. */
export interface Target {
  comparison: '>=' | '<=' | '<';
  value: number;
}

/** One reported figure, measured or with the reason it is missing. */
export interface Figure {
  id: FigureId;
  label: string;
  /** The number compared with the target; null when it could not be measured. */
  value: number | null;
  unit: 'ratio' | 'ms' | 'records/s' | 'bytes' | 'MB';
  /** The floor of the same run, or context for an absolute figure, in words and numbers. */
  floor: string;
  target: Target;
  met: boolean | null;
  /** Why `value` is null: a part of Billfold that is missing, or an error. */
  missing?: { kind: 'unavailable' | 'failed'; reason: string };
}

/** Everything a run measured; a failed scenario carries its error message instead. */
export interface Measurements {
  portal: PortalBenchResult;
  sync: SyncBenchResult | { ok: false; failed: string };
  widget: WidgetBenchResult;
}

export const WIDGET_BUDGET_BYTES = 20 * 1024;
const MEGABYTE = 1024 * 1024;

/** Turns measurements into the figures of the results table. */
export function buildFigures(measured: Measurements): Figure[] {
  const { comparisons } = measured.portal;
  const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')} req/s`;

  return [
    figure(
      'sso_launch',
      'SSO launch, `POST /api/v1/sessions`',
      'ratio',
      { comparison: '>=', value: 0.8 },
      comparisons.sso_launch.ratio,
      `bare Fastify + jose verify: ${rate(comparisons.sso_launch.floor.requestsPerSec.median)}`,
    ),
    figure(
      'me',
      '`GET /api/v1/me` with a session',
      'ratio',
      { comparison: '>=', value: 0.6 },
      comparisons.me.ratio,
      `portal \`/healthz\`: ${rate(comparisons.me.floor.requestsPerSec.median)}`,
    ),
    figure(
      'invoices',
      '`GET /api/v1/invoices`, page of 50',
      'ratio',
      { comparison: '>=', value: 0.7 },
      comparisons.invoices.ratio,
      `bare Fastify + better-sqlite3 query: ${rate(comparisons.invoices.floor.requestsPerSec.median)}`,
    ),
    figure(
      'invoices_p99',
      '`GET /api/v1/invoices`, p99 latency',
      'ms',
      { comparison: '<', value: 5 },
      comparisons.invoices.subject.p99Ms.median,
      `floor p99: ${comparisons.invoices.floor.p99Ms.median.toFixed(1)} ms`,
    ),
    syncFigure(measured.sync),
    widgetFigure(measured.widget),
    figure(
      'portal_rss',
      'Portal memory after the load runs (RSS)',
      'MB',
      { comparison: '<', value: 200 },
      measured.portal.rssBytes / MEGABYTE,
      `heap used: ${(measured.portal.heapUsedBytes / MEGABYTE).toFixed(1)} MB`,
    ),
  ];
}

function syncFigure(sync: Measurements['sync']): Figure {
  const base = {
    id: 'sync',
    label: 'Sync from the simulator',
    unit: 'records/s',
    floor: '–',
    target: { comparison: '>=', value: 50_000 },
  } as const;
  if (sync.ok)
    return figure(base.id, base.label, base.unit, base.target, sync.recordsPerSec, base.floor);
  if ('failed' in sync)
    return { ...base, value: null, met: null, missing: { kind: 'failed', reason: sync.failed } };
  return { ...base, value: null, met: null, missing: { kind: 'unavailable', reason: sync.reason } };
}

function widgetFigure(widget: WidgetBenchResult): Figure {
  const base = {
    id: 'widget_gzip',
    label: 'Widget bundle + loader, Lit included, gzip -9',
    unit: 'bytes',
    target: { comparison: '<=', value: WIDGET_BUDGET_BYTES },
  } as const;
  if (!widget.ok) {
    return {
      ...base,
      floor: '–',
      value: null,
      met: null,
      missing: { kind: 'unavailable', reason: widget.reason },
    };
  }
  const total = widget.bundleGzipBytes + widget.loaderGzipBytes;
  return figure(
    base.id,
    base.label,
    base.unit,
    base.target,
    total,
    `manifest \`gzipBytes\` of the bundle: ${widget.manifestGzipBytes.toLocaleString('en-US')}`,
  );
}

function figure(
  id: FigureId,
  label: string,
  unit: Figure['unit'],
  target: Target,
  value: number,
  floor: string,
): Figure {
  return { id, label, unit, target, value, floor, met: meets(value, target) };
}

/** Tells whether `value` meets `target`. */
export function meets(value: number, target: Target): boolean {
  switch (target.comparison) {
    case '>=':
      return value >= target.value;
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
  }
}
