/**
 * Maven `settings.xml`: Maven interpolates `${env.NAME}` in settings.xml, so a
 * server's clear-text `<password>` / `<passphrase>` becomes
 * `${env.ACME_RELEASES_PASSWORD}` (named after the server's `<id>`, the
 * provider's MAVEN_REPO_PASSWORD without one) and the value moves to the local
 * env file. Only a value written as-is: one with XML entities (`&amp;`) would
 * be saved with the entity in it.
 */
import type { Fix } from '../../model';
import { basename } from '../../documents/format';
import { toScreamingSnake } from '../env-name';
import type { WorkspaceFiles } from '../env-file';
import type { EmbeddedSecretRequest } from './embedded';
import { planEnvEntries } from './shared';
import { elementAround, inXmlComment } from './xml-tags';

export function mavenSettingsFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const doc = req.ctx.document;
  if (doc.format !== 'xml' || !/settings.*\.xml$/i.test(basename(doc.path)) || !doc.text.includes('<settings')) return undefined;
  const { range, secret } = req;
  if (secret.includes('&') || inXmlComment(doc.text, range.start)) return undefined;
  let element: 'password' | 'passphrase' | undefined;
  for (const name of ['password', 'passphrase'] as const) {
    const around = elementAround(doc.text, range.start, name);
    // The element's whole text (blanks aside) is the secret.
    if (around && doc.text.slice(around.open.range.end, around.closeStart).trim() === secret) element = name;
  }
  const server = elementAround(doc.text, range.start, 'server');
  if (!element || !server) return undefined;
  const id = /<id>[ \t]*([A-Za-z0-9_.-]{1,80})[ \t]*<\/id>/.exec(doc.text.slice(server.open.range.end, server.closeStart))?.[1];
  const stem = id ? toScreamingSnake(id) : '';
  const wanted = /^[A-Z][A-Z0-9_]*$/.test(stem) ? `${stem}_${element.toUpperCase()}` : req.fallbackName;
  const plan = planEnvEntries(files, req.ctx.config.envFile, [{ name: wanted, value: secret }]);
  if (!plan) return undefined;
  const expression = `\${env.${plan.names[0]}}`;
  return {
    title: `Move the ${req.what} to ${req.ctx.config.envFile} and read ${expression} (Maven interpolates env.* in settings.xml)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range, newText: expression }, ...plan.edits],
  };
}
