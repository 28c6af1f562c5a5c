/**
 * Secrets in tests and fixtures are still reported (a real key pasted into a
 * test is as leaked as one in production code) but at the configured, usually
 * lower, severity: `secrets.testSeverity` for paths matching `secrets.testPaths`.
 */
import ignore, { type Ignore } from 'ignore';
import type { Config, RuleSetting } from '../config';
import type { Severity } from '../model';

/** One matcher per pattern list (config objects are rebuilt on change, lists are small). */
const matchers = new Map<string, Ignore>();

function matcherFor(patterns: readonly string[]): Ignore {
  const cacheKey = patterns.join('\n');
  let ig = matchers.get(cacheKey);
  if (!ig) {
    ig = ignore().add(patterns.filter((p) => p.trim() !== ''));
    if (matchers.size > 32) matchers.clear();
    matchers.set(cacheKey, ig);
  }
  return ig;
}

/** Is this workspace-relative path a test file or fixture? (gitignore-style patterns, forward slashes) */
export function isTestPath(path: string, config: Pick<Config, 'secrets'>): boolean {
  const patterns = config.secrets?.testPaths ?? [];
  if (patterns.length === 0) return false;
  const rel = path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
  // `ignore` rejects absolute and empty paths and `..` segments; such paths are not in the workspace.
  if (rel === '' || /^[A-Za-z]:/.test(rel) || rel.split('/').includes('..')) return false;
  try {
    return matcherFor(patterns).ignores(rel);
  } catch {
    return false;
  }
}

/**
 * The severity a secret finding gets in a test file: the configured test
 * severity, but never higher than the finding's own (a warning stays a warning
 * when testSeverity is 'error'). 'off' drops the finding.
 */
export function testSeverity(severity: Severity, config: Pick<Config, 'secrets'>): Severity | 'off' {
  const setting: RuleSetting = config.secrets?.testSeverity ?? 'info';
  if (setting === 'off') return 'off';
  return RANK[setting] < RANK[severity] ? setting : severity;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The severity of a secret finding at `path`: unchanged outside tests. */
export function secretSeverityAt(path: string, severity: Severity, config: Pick<Config, 'secrets'>): Severity | 'off' {
  return isTestPath(path, config) ? testSeverity(severity, config) : severity;
}
