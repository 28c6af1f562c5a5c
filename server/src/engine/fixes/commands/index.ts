/**
 * "Secret → reference" for a secret inside a command: shell scripts, Makefile
 * recipes, GitHub Actions `run:` and GitLab `script:` steps, Dockerfile `RUN`
 * (and Dockerfile `ENV` values that later `RUN` steps may read). locate.ts
 * finds the word and rewrites it; each host module adds where the variable
 * comes from. Called by references/embedded.ts for secrets that no literal
 * holds exactly.
 */
import type { Fix } from '../../model';
import type { WorkspaceFiles } from '../env-file';
import type { EmbeddedSecretRequest } from '../references/embedded';
import { githubRunFix, gitlabScriptFix } from './ci';
import { dockerfileEnvMountFix, dockerfileRunFix } from './dockerfile';
import { isMakefile, makefileFix, shellScriptFix } from './scripts';

export function commandSecretFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const doc = req.ctx.document;
  if (/[\r\n]/.test(req.secret)) return undefined; // a key block is not one word of a command
  if (doc.format === 'dockerfile') return dockerfileRunFix(req, files) ?? dockerfileEnvMountFix(req, files);
  if (doc.format === 'shell') return shellScriptFix(req, files);
  if (isMakefile(doc.path)) return makefileFix(req, files);
  if (doc.flavors.includes('github-actions')) return githubRunFix(req, files);
  if (doc.flavors.includes('gitlab-ci')) return gitlabScriptFix(req, files);
  return undefined;
}
