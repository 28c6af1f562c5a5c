/**
 * "Secret → reference" for configuration formats: one entry point, called by
 * secretToEnvFix for every fact that is not a code string literal, so every
 * secret rule that offers the env fix gets these without per-rule code. Each
 * format module knows its own reference syntax and returns undefined when the
 * literal is not somewhere it can safely edit; the first module that answers wins.
 *
 * Dockerfile `ARG`/`ENV`: deliberately no fix. The engine has no Dockerfile
 * tree or assignment facts, and no text edit is both safe and correct: a
 * BuildKit secret (`RUN --mount=type=secret,id=x`) is only visible to the RUN
 * lines that mount it, so removing `ENV NAME=value` silently breaks every
 * later RUN and the running container that read NAME, and rewriting those RUN
 * lines means guessing at shell scripts. The finding's rotation advice stands
 * (docs/rules/secret/*.md show the BuildKit form).
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

const FORMAT_FIXES: ReferenceFix[] = [
  (req) => configFormatFix(req, req.files),
  kubernetesFix,
  cloudFormationFix,
  githubActionsFix,
  gitlabCiFix,
  terraformFix,
  npmrcFix,
  mcpFix,
];

export function referenceFix(req: ReferenceRequest): Fix | undefined {
  for (const fix of FORMAT_FIXES) {
    const result = fix(req);
    if (result) return result;
  }
  return undefined;
}

export type { ReferenceRequest } from './shared';
