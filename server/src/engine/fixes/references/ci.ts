/**
 * CI pipelines.
 *
 * - GitHub Actions workflows: a literal in `env:` (workflow, job, step), a
 *   step's `with:`, or service/container `credentials`/`env` becomes
 *   `${{ secrets.NAME }}` — the places where the `secrets` context is
 *   available (not a job's `with:` for reusable workflows, and not composite
 *   `action.yml` files, which cannot read secrets). The repository secret
 *   itself lives on GitHub, out of a text edit's reach: the value is saved to
 *   the local env file and the title gives `gh secret set NAME`, which reads
 *   the value from stdin (`< file`) or a prompt, never from the command line.
 *   Secret names may not start with `GITHUB_`, so such names become `GH_…`.
 * - GitLab CI: a literal under `variables:` becomes `$NAME`, a masked CI/CD
 *   variable set in the project settings (or `glab variable set NAME --masked`
 *   reading stdin). Project variables take precedence over `.gitlab-ci.yml`
 *   ones, so `TOKEN: $TOKEN` resolves to the project variable.
 */
import * as YAML from 'yaml';
import type { Fix } from '../../model';
import { envNameFor } from '../env-name';
import { isBlockScalar, planEnvValue, yamlScalarLike, yamlSiteAt, type ReferenceRequest } from './shared';

const SEGMENT = '[^.\\[\\]]+';
/** keyPaths where a workflow may read `secrets.*`. */
const GITHUB_SECRET_CONTEXTS = new RegExp(
  `^(?:env|jobs\\.${SEGMENT}\\.(?:env|steps\\[\\d+\\]\\.(?:env|with)|(?:services\\.${SEGMENT}|container)\\.(?:env|credentials)))\\.${SEGMENT}$`,
);
/** `variables.NAME`, `<job>.variables.NAME`, and the expanded `…variables.NAME.value` form. */
const GITLAB_VARIABLES = new RegExp(`^(?:${SEGMENT}\\.)?variables\\.(${SEGMENT})(?:\\.value)?$`);

export function githubActionsFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (!doc.flavors.includes('github-actions') || fact.syntax !== 'yaml-scalar') return undefined;
  if (!/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(doc.path)) return undefined;
  if (!GITHUB_SECRET_CONTEXTS.test(fact.keyPath ?? '')) return undefined;
  const site = yamlSiteAt(doc, fact.literalRange.start);
  if (!site || isBlockScalar(site.scalar)) return undefined;

  let wanted = envNameFor(fact.key, req.fallbackName);
  if (wanted.startsWith('GITHUB_')) wanted = `GH_${wanted.slice('GITHUB_'.length)}`;
  const plan = planEnvValue(req, wanted, fact.value);
  if (!plan) return undefined;
  const expression = `\${{ secrets.${plan.name} }}`;
  const inFlow = YAML.isCollection(site.parent) && site.parent.flow === true;
  // `${{ … }}` is a valid plain scalar in block context (braces only matter at its start or in flow collections).
  const newText = site.scalar.type === 'PLAIN' && !inFlow ? expression : yamlScalarLike(site.scalar, expression, inFlow);
  return {
    title: `Move the ${req.what} to the repository secret ${plan.name} and read ${expression} (value saved to ${ctx.config.envFile}; gh secret set ${plan.name} < file-with-the-value)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: fact.literalRange, newText }, ...plan.edits],
  };
}

export function gitlabCiFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (!doc.flavors.includes('gitlab-ci') || fact.syntax !== 'yaml-scalar') return undefined;
  const match = GITLAB_VARIABLES.exec(fact.keyPath ?? '');
  if (!match) return undefined;
  const site = yamlSiteAt(doc, fact.literalRange.start);
  if (!site || isBlockScalar(site.scalar)) return undefined;

  const plan = planEnvValue(req, envNameFor(match[1], req.fallbackName), fact.value);
  if (!plan) return undefined;
  const expression = `$${plan.name}`;
  const newText = yamlScalarLike(site.scalar, expression, YAML.isCollection(site.parent) && site.parent.flow === true);
  return {
    title: `Move the ${req.what} to a masked GitLab CI/CD variable ${plan.name} and read ${expression} (value saved to ${ctx.config.envFile}; Settings › CI/CD › Variables, or glab variable set ${plan.name} --masked < file-with-the-value)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: fact.literalRange, newText }, ...plan.edits],
  };
}
