/**
 * The progress bar on stderr: only on a terminal, never in CI logs (where
 * carriage returns pile up as thousands of lines) and never when piped.
 * Colour follows the same rule as the report (NO_COLOR, --color/--no-color).
 */

export interface ProgressTarget {
  write(text: string): void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Terminal width (default 80). */
  columns?: number;
  /** undefined: colour unless NO_COLOR is set. */
  color?: boolean;
  /** Clock, for tests. */
  now?: () => number;
}

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

/** CI=true (and most CI systems' CI=1 or CI=yes); CI=false or empty does not count. */
export function isCi(env: Record<string, string | undefined>): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

export function shouldShowProgress(target: Pick<ProgressTarget, 'isTTY' | 'env'>): boolean {
  return target.isTTY && !isCi(target.env);
}

const MIN_INTERVAL_MS = 100;

/** A bar rewritten in place at most every 100 ms; undefined when it must not be shown. */
export function createProgress(target: ProgressTarget): Progress | undefined {
  if (!shouldShowProgress(target)) return undefined;
  const color = target.color ?? !target.env.NO_COLOR;
  const now = target.now ?? Date.now;
  const columns = Math.max(40, Math.min(target.columns ?? 80, 200));
  let last = -Infinity;
  let shown = false;
  return {
    update(done, total) {
      const t = now();
      if (t - last < MIN_INTERVAL_MS && done < total) return;
      last = t;
      shown = true;
      target.write(`\r\u001b[2K${progressLine(done, total, columns, color)}`);
    },
    done() {
      if (shown) target.write('\r\u001b[2K');
    },
  };
}

/** `nhi: [#####-----]  50% 5/10 files`, fitting in `columns` - 1 characters. */
export function progressLine(done: number, total: number, columns: number, color: boolean): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const counts = `${done}/${total} files`;
  const width = Math.max(5, Math.min(40, columns - 1 - 'nhi: [] '.length - percent.length - 1 - counts.length));
  const filled = Math.round(fraction * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const shownBar = color ? `\u001b[36m${bar.slice(0, filled)}\u001b[2m${bar.slice(filled)}\u001b[0m` : bar;
  return `nhi: [${shownBar}] ${percent} ${counts}`;
}
