/**
 * "Secret → reference" for a secret that is not a whole literal of its own:
 * the password inside a connection URL, a key in a comment or a README, an
 * `ENV` line of a Dockerfile. secretToEnvFix handles a literal that holds
 * exactly the secret; this module is the fallback the secret rules call when
 * no such literal exists. In order:
 *
 * 1. Documentation and comments (docs.ts): the value becomes a `<NAME>`
 *    placeholder, the value is saved to the local env file.
 * 2. Dockerfile `ENV NAME=value` (dockerfile.ts).
 * 3. A literal that contains the secret:
 *    - where the format interpolates `${NAME}` inside a value (Spring
 *      `application*.properties|yml`, Docker Compose, double-quoted or bare
 *      shell words), only the secret becomes `${NAME}`:
 *      `postgres://app:${APP_DATASOURCE_PASSWORD}@db/app`;
 *    - elsewhere (source code, Kubernetes, Terraform …) the whole value moves,
 *      through the same per-format fixes as an exact literal (a URL read from
 *      `DATABASE_URL` is what code does), but only when the value is a single
 *      token or a `key=value;` connection string: never a shell script or a
 *      sentence, which are not configuration values.
 */
import type { AssignmentFact, Fix, Range } from '../../model';
import type { RuleContext } from '../../rule';
import { envNameFor } from '../env-name';
import { isSpringConfig } from './spring';
import { docsPlaceholderFix, isDocumentation, isCommentLine } from './docs';
import { dockerfileEnvFix } from './dockerfile';
import { mavenSettingsFix } from './maven';
import { dotnetConfigFix } from './dotnet-config';
import { commandSecretFix } from '../commands';
import { isBlockScalar, planEnvValue, yamlSiteAt, type ReferenceRequest } from './shared';

export interface EmbeddedSecretRequest {
  ctx: RuleContext;
  /** The secret's range in the document. */
  range: Range;
  secret: string;
  /** The provider's conventional variable name (DATABASE_URL, STRIPE_SECRET_KEY …). */
  fallbackName: string;
  what: string;
}

/** Whole-value fixes (secretToEnvFix), passed in to keep the module graph acyclic. */
export type WholeValueFix = (req: { ctx: RuleContext; fact: AssignmentFact; fallbackName: string; what: string }) => Fix | undefined;

export function embeddedSecretFix(req: EmbeddedSecretRequest, wholeValueFix: WholeValueFix): Fix | undefined {
  const { ctx, range } = req;
  const doc = ctx.document;
  if (!ctx.workspaceRoot || range.end <= range.start) return undefined;
  const files = { workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile };
  if (isDocumentation(doc) || isCommentLine(doc, range.start)) return docsPlaceholderFix(req, files);
  if (doc.format === 'dockerfile') return dockerfileEnvFix(req, files) ?? commandSecretFix(req, files);
  // XML has no assignment facts: Maven settings.xml and .NET App.config/Web.config know their own elements.
  if (doc.format === 'xml') return mavenSettingsFix(req, files) ?? dotnetConfigFix(req, files);
  // A command argument (script, Makefile recipe, CI step): fixes/commands/.
  const command = commandSecretFix(req, files);
  if (command) return command;

  const holder = ctx
    .facts('assignment')
    .find((f) => f.valueRange.start <= range.start && range.end <= f.valueRange.end && f.valueRange.end - f.valueRange.start > range.end - range.start);
  if (!holder) return undefined;
  // The value must hold the secret verbatim where it sits (no escapes in between): we edit those characters.
  const offset = range.start - holder.valueRange.start;
  if (doc.text.slice(holder.valueRange.start, holder.valueRange.end) !== holder.value || holder.value.slice(offset, offset + req.secret.length) !== req.secret) return undefined;

  if (interpolates(req.ctx, holder)) {
    const plan = planEnvValue({ ...req, fact: holder, files } as ReferenceRequest, embeddedName(isSpringConfig(doc) ? (holder.keyPath ?? holder.key) : holder.key, req.fallbackName), req.secret);
    if (!plan) return undefined;
    const expression = `\${${plan.name}}`;
    return {
      title: `Move the ${req.what} to ${ctx.config.envFile} and read ${expression} in its place (${interpolationNote(req.ctx)})`,
      kind: 'vault-reference',
      preferred: true,
      edits: [{ uri: doc.uri, range, newText: expression }, ...plan.edits],
    };
  }
  if (!isConfigurationValue(holder.value)) return undefined;
  return wholeValueFix({ ctx, fact: holder, fallbackName: wholeValueName(req.fallbackName), what: `${req.what} (with the value around it)` });
}

/** Formats that expand `${NAME}` from the environment inside any value. */
function interpolates(ctx: RuleContext, fact: AssignmentFact): boolean {
  const doc = ctx.document;
  if (isSpringConfig(doc) && (fact.syntax === 'ini' || fact.syntax === 'yaml-scalar')) return !yamlBlock(ctx, fact);
  if (doc.flavors.includes('compose') && fact.syntax === 'yaml-scalar') return !yamlBlock(ctx, fact);
  if (doc.format === 'shell') {
    // `"…${NAME}…"` and bare words expand; single quotes do not.
    const first = doc.text[fact.literalRange.start];
    return first === '"' || (first !== "'" && fact.syntax === 'other');
  }
  return false;
}

function interpolationNote(ctx: RuleContext): string {
  const doc = ctx.document;
  if (isSpringConfig(doc)) return 'Spring resolves ${…} placeholders from the environment';
  if (doc.flavors.includes('compose')) return `docker compose --env-file ${ctx.config.envFile}`;
  return 'the shell expands it from the environment';
}

function yamlBlock(ctx: RuleContext, fact: AssignmentFact): boolean {
  if (fact.syntax !== 'yaml-scalar') return false;
  const site = yamlSiteAt(ctx.document, fact.literalRange.start);
  return !site || isBlockScalar(site.scalar);
}

/** A value worth moving whole: one token (a URL) or one `Key=value;…` connection string — not a script or prose. */
function isConfigurationValue(value: string): boolean {
  if (value.length > 2048 || /[\r\n]/.test(value)) return false;
  if (!/\s/.test(value)) return true;
  return /^[A-Za-z][A-Za-z ]{0,40}=[^;]*;/.test(value);
}

const URL_NAME = /_(?:URL|URI|DSN|CONNECTION_STRING|CONN_STRING|CONN|CONNECTION)$/;

/** A provider name for a whole URL or connection string, or for a password inside one. */
export function isUrlName(name: string): boolean {
  return URL_NAME.test(name) || /_PASSWORD$/.test(name);
}

/**
 * The variable for the secret part of a value: a URL's password is named after
 * the value's key without its URL suffix (`spring.datasource.url` →
 * SPRING_DATASOURCE_PASSWORD); a provider key keeps the provider's name.
 */
export function embeddedName(key: string | undefined, fallback: string): string {
  if (!isUrlName(fallback)) return fallback;
  const base = envNameFor(key, fallback).replace(URL_NAME, '').replace(/_PASSWORD$/, '');
  return `${base || 'DB'}_PASSWORD`;
}

/** The variable for a whole value (a URL or connection string): `JDBC_PASSWORD` names only its password, so → JDBC_URL. */
function wholeValueName(fallback: string): string {
  return /_PASSWORD$/.test(fallback) ? fallback.replace(/_PASSWORD$/, '_URL') : fallback;
}
