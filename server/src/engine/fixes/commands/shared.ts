/**
 * What the command hosts share: turning a planned command rewrite into a Fix
 * whose value goes to the local env file (under the name the env file has
 * room for), and the Basic-credentials decoder the locator uses.
 */
import type { Fix, TextEdit } from '../../model';
import type { WorkspaceFiles } from '../env-file';
import { decodeBase64Loose } from '../../secrets/formats';
import { planEnvEntries } from '../references/shared';
import type { EmbeddedSecretRequest } from '../references/embedded';
import { withName, type CommandSecretPlan } from './locate';

export interface CommandFixParts {
  plan: CommandSecretPlan;
  /** The variable name wanted (the plan's, or the host's adjustment of it). */
  name: string;
  /** Extra edits the host needs once the name is known (a step `env:` entry, a secret mount). */
  hostEdits?: (name: string) => TextEdit[] | undefined;
  /** The fix title once the name is known. */
  title: (name: string) => string;
}

export function commandFix(req: EmbeddedSecretRequest, files: WorkspaceFiles, parts: CommandFixParts): Fix | undefined {
  const doc = req.ctx.document;
  const env = planEnvEntries(files, req.ctx.config.envFile, [{ name: parts.name, value: parts.plan.value }]);
  if (!env) return undefined;
  const name = env.names[0];
  const host = parts.hostEdits ? parts.hostEdits(name) : [];
  if (!host) return undefined;
  const own: TextEdit[] = withName(parts.plan.edits, name).map((e) => ({ uri: doc.uri, range: e.range, newText: e.newText }));
  return { title: parts.title(name), kind: 'vault-reference', preferred: true, edits: [...own, ...host, ...env.edits] };
}

/** `user:password` from a Basic credential, when it is printable text. */
export function decodeBasic(b64: string): string | undefined {
  const text = decodeBase64Loose(b64)?.toString('utf8');
  return text !== undefined && /^[\x20-\x7e]{3,400}$/.test(text) ? text : undefined;
}

/** How the rewritten command reads the value, for titles. */
export function readsAs(plan: CommandSecretPlan, name: string, dollar = '$'): string {
  if (plan.how === 'stdin') return `pipe ${dollar}${name} to --password-stdin`;
  if (plan.how === 'user-option') return `curl -u "user:${dollar}{${name}}"`;
  return `read "${dollar}${name}"`;
}
