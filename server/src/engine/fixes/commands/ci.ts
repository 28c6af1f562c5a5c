/**
 * Commands in CI scripts.
 *
 * - GitHub Actions `run:`: the step gets `env: NAME: ${{ secrets.NAME }}`
 *   (merged into its `env:` map) and the script reads `"$NAME"` — the way
 *   GitHub recommends passing secrets to scripts (a `${{ secrets.X }}` inside
 *   the script text is pasted into it before the shell runs, where quoting
 *   mistakes become injection). Only bash/sh steps: a Windows runner's
 *   default shell (pwsh) reads variables differently.
 * - GitLab CI `script:` / `before_script:` / `after_script:`: the script reads
 *   `"$NAME"`, a masked CI/CD variable, which GitLab exports to the job.
 *
 * As for the other CI fixes (references/ci.ts), the value is saved to the
 * local env file and the title gives the store command, which reads stdin.
 */
import * as YAML from 'yaml';
import type { Fix, TextEdit } from '../../model';
import type { WorkspaceFiles } from '../env-file';
import type { EmbeddedSecretRequest } from '../references/embedded';
import { lineBreakOf, lineStartOf, nextLineStart, yamlPair, yamlSiteAt, yamlString, type YamlSite } from '../references/shared';
import { planCommandSecret, type CommandSecretPlan } from './locate';
import { commandFix, decodeBasic, readsAs } from './shared';

const GITHUB_RUN = /^jobs\.[^.[\]]+\.steps\[\d+\]\.run$/;
const GITLAB_SCRIPT = /^(?:[^.[\]]+\.)?(?:before_script|script|after_script)(?:\[\d+\])?$/;
const POSIX_SHELLS = /^(?:bash|sh)\b/;

export function githubRunFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const doc = req.ctx.document;
  if (!/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(doc.path)) return undefined;
  const found = scriptSite(req, GITHUB_RUN);
  if (!found) return undefined;
  const { site, plan } = found;
  const step = site.parent;
  if (!YAML.isMap(step) || !site.pair || !YAML.isScalar(site.pair.key) || !site.pair.key.range) return undefined;
  if (!runsPosixShell(site)) return undefined;

  let wanted = plan.name;
  if (wanted.startsWith('GITHUB_')) wanted = `GH_${wanted.slice('GITHUB_'.length)}`;
  const text = doc.text;
  const runKeyStart = site.pair.key.range[0];
  const envFile = req.ctx.config.envFile;
  return commandFix(req, files, {
    plan,
    name: wanted,
    hostEdits: (name) => stepEnvEdits(doc.uri, text, step, runKeyStart, name),
    title: (name) =>
      `Move the ${req.what} to the repository secret ${name}, pass it to the step as env ${name} and ${readsAs(plan, name)} (value saved to ${envFile}; gh secret set ${name} < file-with-the-value)`,
  });
}

export function gitlabScriptFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const found = scriptSite(req, GITLAB_SCRIPT);
  if (!found) return undefined;
  const { plan } = found;
  const envFile = req.ctx.config.envFile;
  return commandFix(req, files, {
    plan,
    name: plan.name,
    title: (name) =>
      `Move the ${req.what} to a masked GitLab CI/CD variable ${name} and ${readsAs(plan, name)} (value saved to ${envFile}; Settings › CI/CD › Variables, or glab variable set ${name} --masked < file-with-the-value)`,
  });
}

/** The script scalar holding the secret (a `|` block or a one-line plain scalar) and the planned rewrite. */
function scriptSite(req: EmbeddedSecretRequest, keyPath: RegExp): { site: YamlSite; plan: CommandSecretPlan } | undefined {
  const { ctx, range } = req;
  const doc = ctx.document;
  const holder = ctx
    .facts('assignment')
    .find((f) => f.syntax === 'yaml-scalar' && f.valueRange.start <= range.start && range.end <= f.valueRange.end && keyPath.test(f.keyPath ?? ''));
  if (!holder) return undefined;
  const site = yamlSiteAt(doc, holder.literalRange.start);
  const source = site?.scalar.range;
  if (!site || !source) return undefined;
  let region: { start: number; end: number };
  if (site.scalar.type === 'BLOCK_LITERAL') {
    // The content starts on the line after the `|` header.
    region = { start: nextLineStart(doc.text, source[0]), end: source[1] };
  } else if (site.scalar.type === 'PLAIN') {
    if (/[\r\n]/.test(doc.text.slice(source[0], source[1]))) return undefined; // a folded plain scalar joins lines
    region = { start: source[0], end: source[1] };
  } else return undefined; // quoted YAML strings would need YAML escaping on top of shell quoting
  const plan = planCommandSecret(doc.text, region, range, req.fallbackName, { dollar: '$' }, decodeBasic);
  if (!plan) return undefined;
  // In a plain scalar the new text must stay plain: no ` #` comment or `: ` key separator.
  if (site.scalar.type === 'PLAIN' && plan.edits.some((e) => / #|: /.test(e.newText))) return undefined;
  return { site, plan };
}

/** The step runs bash or sh: its own `shell:`, else the job's or workflow's `defaults.run.shell`, else the runner's default. */
function runsPosixShell(site: YamlSite): boolean {
  const [root, , job] = site.ancestors;
  const shell =
    yamlString(site.parent, 'shell') ??
    yamlString((job as YAML.YAMLMap | undefined)?.getIn?.(['defaults', 'run'], true), 'shell') ??
    yamlString((root as YAML.YAMLMap | undefined)?.getIn?.(['defaults', 'run'], true), 'shell');
  if (shell !== undefined) return POSIX_SHELLS.test(shell);
  // Windows runners default to pwsh; a matrix or expression says nothing for sure.
  const runsOn: unknown = YAML.isMap(job) ? job.get('runs-on', true) : undefined;
  const label = YAML.isScalar(runsOn) ? String(runsOn.value) : YAML.isSeq(runsOn) ? runsOn.items.map((i: unknown) => (YAML.isScalar(i) ? String(i.value) : '')).join(' ') : undefined;
  return label !== undefined && !/windows|\$\{\{/i.test(label);
}

/** `NAME: ${{ secrets.NAME }}` in the step's `env:` map (created before `run:` when missing). */
function stepEnvEdits(uri: string, text: string, step: YAML.YAMLMap, runKeyStart: number, name: string): TextEdit[] | undefined {
  const lb = lineBreakOf(text);
  const entry = `${name}: \${{ secrets.${name} }}`;
  const env = yamlPair(step, 'env');
  if (!env) {
    const indent = ' '.repeat(runKeyStart - lineStartOf(text, runKeyStart));
    return [{ uri, range: { start: runKeyStart, end: runKeyStart }, newText: `env:${lb}${indent}  ${entry}${lb}${indent}` }];
  }
  const map = env.value;
  if (!YAML.isMap(map) || map.flow || map.items.length === 0) return undefined;
  const existing = yamlPair(map, name);
  if (existing) return yamlString(map, name)?.replace(/\s+/g, '') === `\${{secrets.${name}}}` ? [] : undefined;
  const firstKey = map.items[0].key;
  const last = map.items[map.items.length - 1];
  const lastEnd = (last.value as YAML.Node | null)?.range?.[1] ?? (last.key as YAML.Node | null)?.range?.[1];
  if (!YAML.isScalar(firstKey) || !firstKey.range || lastEnd === undefined) return undefined;
  const indent = ' '.repeat(firstKey.range[0] - lineStartOf(text, firstKey.range[0]));
  const at = nextLineStart(text, Math.max(lastEnd - 1, firstKey.range[0]));
  const needsBreak = at === text.length && !text.endsWith('\n');
  return [{ uri, range: { start: at, end: at }, newText: `${needsBreak ? lb : ''}${indent}${entry}${lb}` }];
}
