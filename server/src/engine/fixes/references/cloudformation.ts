/**
 * CloudFormation templates (YAML and JSON): a literal in a resource property
 * becomes the dynamic reference `{{resolve:secretsmanager:<path>}}`, which
 * CloudFormation resolves at deploy time without showing the value in the
 * template, the console or drift reports. Secrets Manager, not `ssm-secure`:
 * SecureString references are accepted only by a short list of properties,
 * while Secrets Manager references work in any property. The value is saved
 * to the local env file and the title gives the `aws secretsmanager
 * create-secret … --secret-string file:///dev/stdin` command. Only under
 * `Resources.<id>.Properties`: parameter defaults and outputs cannot resolve
 * dynamic references.
 */
import * as YAML from 'yaml';
import type { Fix } from '../../model';
import { envNameFor } from '../env-name';
import { isBlockScalar, planEnvValue, remotePath, storeCommand, yamlScalarLike, yamlSiteAt, type ReferenceRequest } from './shared';

const RESOURCE_PROPERTY = /^Resources\.([^.[\]]+)\.Properties\./;

export function cloudFormationFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (!doc.flavors.includes('cloudformation')) return undefined;
  const resource = RESOURCE_PROPERTY.exec(fact.keyPath ?? '')?.[1];
  if (!resource) return undefined;

  const plan = planEnvValue(req, envNameFor(fact.key, req.fallbackName), fact.value);
  if (!plan) return undefined;
  const path = remotePath(ctx.config.vault.pathTemplate, 'aws-secrets-manager', resource.toLowerCase(), plan.name);
  const reference = `{{resolve:secretsmanager:${path}}}`;

  let newText: string;
  if (fact.syntax === 'json-string') newText = JSON.stringify(reference);
  else if (fact.syntax === 'yaml-scalar') {
    const site = yamlSiteAt(doc, fact.literalRange.start);
    if (!site || isBlockScalar(site.scalar)) return undefined;
    // A plain scalar cannot start with `{`: keep the original quotes or use double quotes.
    newText = yamlScalarLike(site.scalar, reference, YAML.isCollection(site.parent) && site.parent.flow === true);
  } else return undefined;

  return {
    title: `Move the ${req.what} to Secrets Manager and read ${reference} (value saved to ${ctx.config.envFile}; ${storeCommand('aws-secrets-manager', path)} < file-with-the-value)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: fact.literalRange, newText }, ...plan.edits],
  };
}
