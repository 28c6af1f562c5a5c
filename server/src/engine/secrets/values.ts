/**
 * Shared judgements about candidate secret values: is it a placeholder or doc
 * sample, a reference to a secret store, a hash, random enough? Every check is
 * a linear scan or a regex without nested quantifiers (safe on untrusted text).
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = value.length;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function distinctChars(value: string): number {
  return new Set(value).size;
}

/** Longest run of characters whose codes go up by one each step ("ABCDEF", "234567"). */
export function longestAscendingRun(value: string): number {
  let best = value.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Longest run of one repeated character ("XXXXXX"). */
export function longestRepeat(value: string): number {
  let best = value.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value[i] === value[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Words that mark a value as documentation or a stand-in. AWS documents its
 * samples with an EXAMPLE suffix (AKIAIOSFODNN7EXAMPLE,
 * wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY); the rest are common stand-ins.
 * Five letters or more (or XXXX) so that a random key contains one by chance
 * with probability well under one in a million per word.
 */
const PLACEHOLDER_WORDS = /example|sample|dummy|placeholder|changeme|change_me|redacted|notreal|not_real|your_?(?:access|secret|aws|key|token)|xxxx|\*\*\*\*|fakekey|fake_key|testkey|test_key|insert|replace_?me/i;

/**
 * A value that is visibly not a real secret: a doc sample, a stand-in word,
 * one character repeated, very few distinct characters, or a long alphabetical
 * run ("ABCDEFGHIJKLMNOP"), which random keys essentially never contain.
 */
export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (value.length >= 8 && distinctChars(value) <= 4) return true;
  if (longestRepeat(value) >= 6) return true;
  if (longestAscendingRun(value) >= 7) return true;
  return false;
}

/** `${VAR}`, `$VAR`, `{{ secrets.X }}`, `vault:…`, `arn:aws:secretsmanager:…` — a pointer to a secret, not the secret. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    v.startsWith('${') ||
    /^\$[A-Za-z_]\w*$/.test(v) ||
    v.startsWith('{{') ||
    v.startsWith('#{') ||
    /^(?:vault|op|awssm|gcpsm|azkv|secretsmanager|ssm|env):/i.test(v) ||
    v.startsWith('arn:aws:secretsmanager:') ||
    v.startsWith('arn:aws:ssm:')
  );
}

/** Hex digests (md5, sha1, sha256 …) and UUIDs: identifiers, not secrets. */
export function isHashOrUuid(value: string): boolean {
  if (/^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(value)) return true;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Lower-case letters and digits only: `AWS_Secret-Key` → `awssecretkey`, for comparing names across syntaxes. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// ---------------------------------------------------------------------------
// Precision helpers for the generic rules (values assigned to telling names).
// Stricter than the provider checks above because the shape alone says nothing.
// ---------------------------------------------------------------------------

/**
 * Templating and interpolation anywhere in the value: `${…}`, `{{ … }}`, `{% … %}`,
 * `<%= … %>`, `#{…}`, `$(…)`, `%(name)s`, `%{…}`, Maven/Gradle `@token@`,
 * Windows `%VAR%`, `__TOKEN__` replacement markers. The value is filled in
 * later; it is not the secret.
 */
export function isTemplated(value: string): boolean {
  if (/\$\{|\{\{|\{%|<%|#\{|\$\(|%\([\w.-]{1,60}\)[sd]|%\{|\[\[/.test(value)) return true;
  if (/^@[\w.-]{1,80}@$|^%[\w.-]{1,80}%$|^__[\w.-]{1,80}__$/.test(value)) return true;
  // Shell/PowerShell variables: `$DB_PASS`, `"$TOKEN"`, `$env:API_KEY`, `$Env:X`.
  if (/^\$(?:env:)?[A-Za-z_]\w{0,100}$/i.test(value)) return true;
  return false;
}

/**
 * Pointers to a secret store or the environment, written as a value: secret
 * managers (AWS, GCP, Azure Key Vault, 1Password, HashiCorp Vault, Doppler, SOPS,
 * helm-secrets/vals, Ansible Vault) and code that reads the environment.
 */
export function isSecretStoreReference(value: string): boolean {
  const v = value.trim();
  if (isReference(v)) return true;
  if (/^(?:op|vault|vaults|ref\+[a-z0-9]{1,20}|sm|gcpsm|awssm|azkv|keyvault|doppler|infisical|bws|k8s|secret|secrets|file|akv|sops|conjur|gsm|aws-sm|sec):\/\//i.test(v)) return true;
  if (/^@Microsoft\.KeyVault\(/i.test(v)) return true;
  if (/^\{\{resolve:(?:secretsmanager|ssm|ssm-secure):/i.test(v)) return true;
  if (/^projects\/[^/\s]{1,100}\/secrets\/[^/\s]{1,255}/.test(v)) return true;
  if (/^arn:aws[\w-]{0,20}:(?:secretsmanager|ssm|kms):/.test(v)) return true;
  if (/^ENC\[[A-Z0-9_]{2,30},/.test(v) || v.startsWith('$ANSIBLE_VAULT;')) return true;
  if (/^!(?:Ref|Sub|GetAtt|ImportValue|vault)\b/.test(v)) return true;
  // Code reading the environment or a config object, written where a value would be.
  if (/(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|ENV\[|ENV\.fetch|System\.getenv|Environment\.GetEnvironmentVariable|secretKeyRef|valueFrom|Deno\.env|std::env|env::var)/.test(v)) return true;
  return false;
}

/**
 * Password hashes and integrity strings: bcrypt, argon2, scrypt, crypt(3) ($1$, $5$, $6$, $y$),
 * Django/Werkzeug pbkdf2, LDAP `{SSHA}`, Spring `{bcrypt}`, Postgres `md5…` and SCRAM, SRI
 * `sha512-…`, `sha256:<hex>` digests. What a server stores so that it does not hold the secret.
 */
export function isPasswordHashOrDigest(value: string): boolean {
  const v = value.trim();
  if (isHashOrUuid(v) || /^[0-9a-f]{128}$/i.test(v)) return true;
  if (/^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/.test(v)) return true;
  if (/^\$(?:argon2(?:id|i|d)|scrypt|pbkdf2[\w-]{0,20}|[156y]|7|sha1|gy|md5)\$/.test(v)) return true;
  if (/^(?:pbkdf2_sha\d{1,3}|pbkdf2:sha\d{1,3}|argon2|bcrypt_sha256|bcrypt|scrypt|sha1|md5)[$:]/.test(v)) return true;
  if (/^\{(?:SSHA|SHA|SSHA256|SSHA512|SHA256|SHA512|MD5|SMD5|CRYPT|bcrypt|pbkdf2|scrypt|argon2|sha256|MD4|SHA-256)\}/i.test(v)) return true;
  if (/^md5[0-9a-f]{32}$/.test(v) || /^SCRAM-SHA-256\$/.test(v)) return true;
  if (/^sha(?:1|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}$/.test(v)) return true;
  if (/^(?:sha(?:1|256|384|512)|md5|blake2b?):[0-9a-f]{32,128}$/i.test(v)) return true;
  return false;
}

/**
 * Values whose shape says they are not a credential: numbers, booleans and
 * null-ish words, durations and sizes, URLs without credentials, file paths,
 * e-mail addresses, host names and IP addresses, versions, MIME types, data URIs
 * (base64 images), dotted member paths (`settings.db.password`) and calls.
 */
export function isNonSecretShape(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^[-+]?\d{1,40}(?:\.\d{1,40})?$/.test(v)) return true;
  if (/^(?:true|false|yes|no|on|off|null|nil|none|undefined|nan|n\/a|na|tbd|todo|fixme|empty|required|optional|disabled|enabled|auto|default|unset|\*|-)$/i.test(v)) return true;
  if (/^\d{1,9}(?:ms|s|m|h|d|w|y|kb|mb|gb|k|g)$/i.test(v)) return true;
  if (/^data:[\w.+-]{1,60}\/[\w.+-]{1,60}[;,]/.test(v)) return true;
  // URL without user info (`https://host/path`); one with `user:pass@` is a connection-string rule's finding.
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/@]{0,300}(?:[/?#]|$)/i.test(v) && !/^[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/@]{0,300}@/i.test(v)) return true;
  if (/^(?:\.{1,2}\/|~\/|\/(?:etc|var|run|home|tmp|opt|usr|srv|mnt|secrets?|data|app|root|Users|proc|dev|certs?|keys?)\/|[A-Za-z]:\\|\\\\)/.test(v)) return true;
  if (/^[\w.-]{1,100}(?:\/[\w.-]{1,100}){0,20}\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|ya?ml|txt|env|cfg|conf|ini|properties|xml|toml|asc|gpg|pub)$/i.test(v)) return true;
  if (/^[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,10}$/.test(v)) return true;
  if (/^(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?$/.test(v)) return true;
  if (/^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,10}\.(?:com|net|org|io|dev|local|internal|svc|cluster|localhost|cloud|app|co|ai|example|test|lan|corp)(?::\d{1,5})?$/i.test(v)) return true;
  if (/^v?\d{1,6}\.\d{1,6}(?:\.\d{1,6})?(?:[-+][\w.]{1,40})?$/.test(v)) return true;
  if (/^(?:application|text|image|audio|video|multipart)\/[\w.+-]{1,80}$/.test(v)) return true;
  // `config.db.password`, `this.password`, `self.settings.API_KEY`: a member path, not a value.
  if (isMemberPath(v)) return true;
  // `getPassword()`, `read_secret("x")`, `Secret::new(…)`.
  if (/^[A-Za-z_$][\w$.:]{0,100}\(.{0,300}\)$/.test(v)) return true;
  return false;
}

/**
 * `config.db.password`, `this.password`, `settings.API_KEY`, `$cfg.secret`: every
 * segment a word-like name (a random password that happens to contain a dot is not).
 */
function isMemberPath(value: string): boolean {
  if (!/^[A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60}){1,10}$/.test(value)) return false;
  return value.split('.').every((segment) => {
    const name = segment.replace(/^[$_]+|\d{1,2}$/g, '');
    return name === '' || /^[a-z]+$|^[A-Z][A-Z_]*$/.test(name) || isIdentifierLike(name);
  });
}

/** How many of: lower-case letter, upper-case letter, digit, other (symbol). */
export function characterClasses(value: string): number {
  let lower = 0, upper = 0, digit = 0, other = 0;
  for (const ch of value) {
    if (ch >= 'a' && ch <= 'z') lower = 1;
    else if (ch >= 'A' && ch <= 'Z') upper = 1;
    else if (ch >= '0' && ch <= '9') digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * Words joined the way names are (`someSecretValue`, `my-api-key`, `DB_PASSWORD`,
 * `database.password`): every word has a vowel and the words average three
 * letters or more. Random tokens essentially never split that way.
 */
export function isIdentifierLike(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z_.-]{0,200}$/.test(value)) return false;
  const words = splitWords(value);
  if (words.length === 0) return false;
  let letters = 0;
  for (const w of words) {
    if (!/[aeiouy]/i.test(w)) return false;
    letters += w.length;
  }
  return letters / words.length >= 3;
}

/** Words of a name across camelCase, acronyms (`HTTPServer` → HTTP, Server) and separators; a char loop, no backtracking. */
function splitWords(value: string): string[] {
  const words: string[] = [];
  let current = '';
  const isUpper = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';
  const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '_' || c === '.' || c === '-') {
      if (current) words.push(current);
      current = '';
      continue;
    }
    const prev = value[i - 1];
    const boundary = isUpper(c) && (isLower(prev) || (isUpper(prev) && isLower(value[i + 1])));
    if (boundary && current) {
      words.push(current);
      current = '';
    }
    current += c;
  }
  if (current) words.push(current);
  return words;
}

/**
 * Stand-ins for a password or token in configs, docs and examples: `<password>`,
 * `[token]`, `your-api-key-here`, `xxx`, `***`, `…`, `changeme`, `P@ssw0rd`,
 * `secret123`, `test-token`. Leetspeak is undone first (`s3cr3t` is `secret`).
 * Broader than isPlaceholder(): it is for values that need no provider format.
 */
export function isGenericPlaceholder(value: string, options: { leet?: boolean } = {}): boolean {
  const v = value.trim();
  if (isPlaceholder(v)) return true;
  if (/^<[^<>]{0,120}>$|^\[[^[\]]{0,120}\]$|^\([^()]{0,120}\)$|^\{[^{}]{0,120}\}$/.test(v)) return true;
  if (/^[*.…·•xX#?_-]{3,}$/.test(v) || v.includes('...') || v.includes('…') || /\*{3}|x{3}|X{3}/.test(v)) return true;
  const lower = v.toLowerCase();
  if (STAND_IN.test(lower)) return true;
  // Leetspeak only for human-chosen values (passwords): in a long random token
  // digits standing in for letters would spell a word by chance too often.
  return options.leet === true && STAND_IN.test(deLeet(lower));
}

/** `P@ssw0rd` → `password`, `s3cr3t` → `secret`: digits and symbols people use for letters. */
export function deLeet(value: string): string {
  let out = '';
  for (const ch of value) out += LEET[ch] ?? ch;
  return out;
}

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't', '+': 't' };

/**
 * Words that mark a hand-written stand-in. Matched inside the lower-cased,
 * de-leeted value; four letters or more except a few whole-value forms, so a
 * random token contains one by chance with negligible probability.
 */
const STAND_IN = new RegExp(
  [
    'passw', 'passwd', 'secret', 'changeme', 'changeit', 'change_?it', 'letmein', 'qwerty', 'asdf', 'hunter2', 'foobar', 'example',
    'sample', 'dummy', 'placeholder', 'mock', 'fake', 'test', 'demo', 'default', 'redacted', 'removed', 'hidden', 'censored',
    'your', 'enter', 'insert', 'replace', 'fillme', 'fill_?in', 'notset', 'not_?set', 'token_?here', 'key_?here', 'here$',
    'admin', 'abcdef', 'abc123', 'a1b2c3', '123456', '^pass', 'pass$', 'lorem', 'ipsum', 'todo', 'tbd', 'fixme', 'none$',
    '^guest$', '^root$', '^user$', '^demo', '^dev$', '^local$', 'localdev', '^postgres$', '^mysql$', '^oracle$', '^sa$',
  ].join('|'),
);
