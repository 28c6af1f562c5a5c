/**
 * Spring Boot `application*.properties` / `application*.yml` (and
 * `bootstrap*`): Spring resolves `${NAME}` placeholders from the environment
 * in any property value, so a literal becomes `${NAME}` and the value moves to
 * the local env file. NAME follows Spring's relaxed binding
 * (`app.admin-password` → APP_ADMIN_PASSWORD), the variable Spring itself would
 * bind to that property. Other `.properties` / YAML files get no fix: plain
 * readers (java.util.Properties, most YAML loaders) take `${…}` literally.
 */
import type { Document, Fix } from '../../model';
import { envNameFor } from '../env-name';
import { isBlockScalar, planEnvValue, yamlSiteAt, type ReferenceRequest } from './shared';

const SPRING_FILE = /^(?:application|bootstrap)(?:-[A-Za-z0-9_.-]{1,60})?\.(?:properties|ya?ml)$/i;

export function isSpringConfig(doc: Document): boolean {
  if (doc.format !== 'properties' && doc.format !== 'yaml') return false;
  const base = doc.path.slice(doc.path.lastIndexOf('/') + 1);
  // A Compose, Kubernetes or CI file never carries a Spring name, but guard the flavours anyway.
  return SPRING_FILE.test(base) && !doc.flavors.some((f) => f === 'compose' || f === 'kubernetes' || f === 'github-actions' || f === 'gitlab-ci');
}

export function springFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (!isSpringConfig(doc)) return undefined;
  let newText: (expression: string) => string;
  if (fact.syntax === 'ini' && doc.format === 'properties') {
    // Only a value written as-is (no `\` escapes or line continuations), which we replace whole.
    if (doc.text.slice(fact.literalRange.start, fact.literalRange.end) !== fact.value) return undefined;
    newText = (e) => e;
  } else if (fact.syntax === 'yaml-scalar' && doc.format === 'yaml') {
    const site = yamlSiteAt(doc, fact.literalRange.start);
    if (!site || isBlockScalar(site.scalar)) return undefined;
    newText = (e) => (site.scalar.type === 'QUOTE_SINGLE' ? `'${e}'` : `"${e}"`);
  } else return undefined;
  const name = envNameFor(fact.keyPath ?? fact.key, req.fallbackName);
  const plan = planEnvValue(req, name, fact.value);
  if (!plan) return undefined;
  const expression = `\${${plan.name}}`;
  return {
    title: `Move the ${req.what} to ${ctx.config.envFile} and read ${expression} (Spring resolves it from the environment)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: fact.literalRange, newText: newText(expression) }, ...plan.edits],
  };
}
