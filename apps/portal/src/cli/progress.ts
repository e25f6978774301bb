/** One progress update from a long-running job. */
export interface ProgressUpdate {
  label: string;
  processed: number;
  total: number | null;
  ratePerSec: number;
  etaSec: number | null;
}

const BAR_WIDTH = 24;

/**
 * Draws a one-line progress bar on a terminal (records, rate, ETA), or prints a plain
 * line at most every few seconds when output is not a terminal (CI logs, pipes).
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastPlainAt = 0;
  let drawn = false;

  const update = (progress: ProgressUpdate): void => {
    const line = formatProgress(progress);
    if (stream.isTTY) {
      stream.write(`\r${line.padEnd(stream.columns ? stream.columns - 1 : 80)}`);
      drawn = true;
      return;
    }
    const now = Date.now();
    if (now - lastPlainAt >= 5000) {
      lastPlainAt = now;
      stream.write(`${line}\n`);
    }
  };

  const done = (): void => {
    if (drawn) stream.write('\n');
    drawn = false;
  };

  return { update, done };
}

/** Formats one progress line, e.g. `invoices [=====>    ] 12,000/50,000 8,100/s ETA 5s`. */
export function formatProgress(progress: ProgressUpdate): string {
  const count = progress.processed.toLocaleString('en-US');
  const rate = `${Math.round(progress.ratePerSec).toLocaleString('en-US')}/s`;
  if (progress.total === null || progress.total <= 0) {
    return `${progress.label.padEnd(9)} ${count} ${rate}`;
  }
  const ratio = Math.min(1, progress.processed / progress.total);
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = `${'='.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}`;
  const total = progress.total.toLocaleString('en-US');
  const eta = progress.etaSec === null ? '' : ` ETA ${Math.ceil(progress.etaSec)}s`;
  return `${progress.label.padEnd(9)} [${bar}] ${count}/${total} ${rate}${eta}`;
}
