/**
 * secret/generic-secret: a token, API key, client secret, private/signing key or
 * other credential that no provider rule recognises, assigned to a name that
 * says so (`api_key`, `clientSecret`, `AUTH_TOKEN`, `secret_key_base`,
 * `--token …`, `<apiKey>…</apiKey>`), in any syntax.
 *
 * The value must look generated: 16+ characters, at least two character
 * classes, and the entropy a random string of its length and alphabet has
 * (hex or base62/base64). Provider rules run first; a value they report is not
 * reported again here.
 */
import type { Rule } from '../../server/src/engine/rule';
import { checkGeneric, judgeSecretValue } from './_generic';

export const genericSecret: Rule = {
  id: 'secret/generic-secret',
  category: 'secret',
  severity: 'error',
  title: 'Hard-coded token, API key or secret assigned to a credential setting',
  appliesTo: ['text', 'assignment'],
  keywords: ['secret', 'token', 'key', 'cred', 'auth', 'bearer'],
  check: (ctx) =>
    checkGeneric(ctx, {
      kind: 'secret',
      judge: judgeSecretValue,
      severity: () => 'error',
      noun: () => 'secret',
      fallbackEnvName: 'APP_SECRET',
    }),
};
