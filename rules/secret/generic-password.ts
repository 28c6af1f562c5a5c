/**
 * secret/generic-password: a password written into code or configuration,
 * assigned to a name that says so (`password`, `DB_PASSWD`, `adminPwd`,
 * `--password=…`, `<password>…</password>`, mysql `-p…`), in any syntax.
 *
 * Generated passwords (12+ characters, three character classes, high entropy)
 * are errors; passwords a person chose (`Summer2024!`) are warnings: just as
 * leaked, but a weaker signal, since hand-written values are more often local
 * defaults. Words, numbers, stand-ins (`changeme`, `P@ssw0rd`, `<password>`),
 * templates and references (`${DB_PASSWORD}`, `{{ .Values.password }}`,
 * `os.environ[...]`), and hashes (bcrypt, argon2 …) are not reported. See
 * rules/secret/_generic.ts for the full list of evidence.
 */
import type { Rule } from '../../server/src/engine/rule';
import { checkGeneric, judgePasswordValue } from './_generic';

export const genericPassword: Rule = {
  id: 'secret/generic-password',
  category: 'secret',
  severity: 'error',
  title: 'Hard-coded password assigned to a password setting',
  appliesTo: ['text', 'assignment'],
  keywords: ['pass', 'pwd', 'pw', 'psw', 'mysql', 'mariadb', 'sshpass'],
  check: (ctx) =>
    checkGeneric(ctx, {
      kind: 'password',
      judge: judgePasswordValue,
      severity: (strength) => (strength === 'random' ? 'error' : 'warning'),
      noun: () => 'password',
      fallbackEnvName: 'APP_PASSWORD',
    }),
};
