/**
 * The same quick fix in config files whose reference syntax is unambiguous:
 *
 * - A committed dotenv file (`.env`, `.env.production` …, anything but the
 *   local env file itself): the value moves to the local env file under the
 *   same name and the committed line keeps the key with an empty value
 *   (`NAME=`), so the file still documents the variable. Loaders with an
 *   override chain (Next.js, Vite, dotenv-flow, direnv) read the local file
 *   on top; the title says so. The name cannot change (the override works by
 *   name), so when the local file already holds NAME with another value there
 *   is no fix.
 * - Docker Compose: Compose interpolates `${NAME}` in any value, so the value
 *   becomes `"${NAME}"`, read from the environment or `--env-file .env.local`.
 *
 * Other config formats (Kubernetes, Terraform, CloudFormation, GitHub Actions,
 * GitLab CI, `.npmrc`, MCP configs) have their own modules under references/.
 * For CI the value belongs in the platform's secret store, which a text edit
 * cannot reach: those fixes save it to the local env file and print the
 * `gh secret set` / GitLab CI/CD variable step (references/ci.ts).
 */
import type { Fix } from '../model';
import type { SecretToEnvRequest } from './secret-to-env';
import { envNameFor } from './env-name';
import { gitignoreEdits, planEnvEntry, type WorkspaceFiles } from './env-file';

export function configFormatFix(req: SecretToEnvRequest, files: WorkspaceFiles): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  const envFile = ctx.config.envFile;
  if (fact.syntax === 'dotenv' && doc.format === 'dotenv') {
    const name = (fact.key ?? '').replace(/^export[ \t]+/, '');
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,199}$/.test(name)) return undefined;
    const plan = planEnvEntry(files, envFile, name, fact.value);
    if (!plan || plan.name !== name) return undefined;
    return {
      title: `Move the ${req.what} to ${envFile} (loaded over ${doc.path} by Next.js, Vite, dotenv-flow …) and leave ${name} empty here`,
      kind: 'vault-reference',
      preferred: true,
      edits: [{ uri: doc.uri, range: fact.literalRange, newText: '' }, ...plan.edits, ...gitignoreEdits(files, envFile)],
    };
  }
  if (fact.syntax === 'yaml-scalar' && doc.flavors.includes('compose')) {
    // Block scalars (`|`, `>`) span lines: replacing them would swallow the layout around them.
    const first = doc.text[fact.literalRange.start];
    if (first === '|' || first === '>') return undefined;
    const plan = planEnvEntry(files, envFile, envNameFor(fact.key, req.fallbackName), fact.value);
    if (!plan) return undefined;
    const expression = `"\${${plan.name}}"`;
    return {
      title: `Move the ${req.what} to ${envFile} and read ${expression} (docker compose --env-file ${envFile})`,
      kind: 'vault-reference',
      preferred: true,
      edits: [{ uri: doc.uri, range: fact.literalRange, newText: expression }, ...plan.edits, ...gitignoreEdits(files, envFile)],
    };
  }
  return undefined;
}
