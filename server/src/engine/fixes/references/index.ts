/**
 * "Secret → reference" for configuration formats: one entry point, called by
 * secretToEnvFix for every fact that is not a code string literal, so every
 * secret rule that offers the env fix gets these without per-rule code. Each
 * format module knows its own reference syntax and returns undefined when the
 * literal is not somewhere it can safely edit; the first module that answers wins.
 *
 * Dockerfile `ENV`, documentation, comments and secrets inside a longer
 * value (a URL's password) have no literal of their own: embedded.ts handles
 * them (secretInTextFix). Dockerfile `ARG` and an `ENV` that a later line
 * reads get no fix: a BuildKit secret mount means rewriting RUN scripts.
 */
import type { Fix } from '../../model';
import { configFormatFix } from '../config-formats';
import type { ReferenceFix, ReferenceRequest } from './shared';
import { kubernetesFix } from './kubernetes';
import { terraformFix } from './terraform';
import { cloudFormationFix } from './cloudformation';
import { githubActionsFix, gitlabCiFix } from './ci';
import { npmrcFix } from './npmrc';
import { mcpFix } from './mcp';
import { springFix } from './spring';
import { appsettingsFix } from './dotnet';
import { tfvarsFix } from './tfvars';
import { nodeConfigFix } from './node-config';
import { localOverrideFix } from './local-override';
import { composerAuthFix } from './composer';
import { credentialFileFix } from './credential-files';

const FORMAT_FIXES: ReferenceFix[] = [
  (req) => configFormatFix(req, req.files),
  kubernetesFix,
  cloudFormationFix,
  githubActionsFix,
  gitlabCiFix,
  terraformFix,
  npmrcFix,
  mcpFix,
  springFix,
  appsettingsFix,
  tfvarsFix,
  nodeConfigFix,
  composerAuthFix,
  localOverrideFix,
  // Last: a credential file (kubeconfig, Docker config.json …) the formats above could not edit is untracked whole.
  (req) => credentialFileFix(req.ctx, req.what),
];

export function referenceFix(req: ReferenceRequest): Fix | undefined {
  for (const fix of FORMAT_FIXES) {
    const result = fix(req);
    if (result) return result;
  }
  return undefined;
}

export type { ReferenceRequest } from './shared';
