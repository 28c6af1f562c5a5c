/**
 * What a name says about the value assigned to it: is `DB_PASSWORD`,
 * `clientSecret`, `api-key`, `--token` or `<password>` the name of a
 * credential, or of something about one (`password_min_length`, `token_url`,
 * `secret_name`, `passwordField`, `TOKEN_TYPE`, `api_key_header`)?
 * Names are split into words across case and separator styles first.
 */
import { toScreamingSnake } from '../fixes/env-name';
import { detached } from '../strings';

export type SecretNameKind = 'password' | 'secret';

/** `dbPassword` → [db, password]; `API_KEY` → [api, key]; `spring.datasource.password` → [spring, datasource, password]. */
export function nameWords(name: string): string[] {
  if (name.length > 200) return [];
  return toScreamingSnake(name).toLowerCase().split('_').filter((w) => w !== '');
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passwort', 'passphrase', 'passcode', 'pwd', 'pword', 'passw', 'pw', 'pass', 'pswd', 'psw']);
/** Word endings for names glued without separators: `DBPASSWORD`, `rootpasswd`. */
const PASSWORD_SUFFIXES = ['password', 'passwd', 'passphrase', 'passwort'];

const SECRET_WORDS = new Set([
  'secret', 'secrets', 'token', 'apikey', 'apisecret', 'credential', 'credentials', 'creds', 'privatekey', 'secretkey', 'accesskey',
  'accesstoken', 'authtoken', 'authkey', 'bearer', 'clientsecret', 'appsecret', 'masterkey', 'signingkey', 'encryptionkey', 'hmackey',
  'sessionsecret', 'jwtsecret', 'webhooksecret', 'refreshtoken', 'idtoken',
]);
/** Glued forms: `APIKEY`, `clientsecret`, `githubtoken`, `slackwebhooksecret`. */
const SECRET_SUFFIXES = ['apikey', 'secret', 'token', 'secretkey', 'privatekey', 'accesskey', 'masterkey', 'signingkey', 'encryptionkey', 'authkey'];

/** `<qualifier>_key` is a credential (`api_key`, `signing_key`); a bare `key` is not (i18n keys, cache keys, map keys). */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'crypt', 'crypto', 'cipher', 'master', 'app',
  'application', 'client', 'auth', 'authentication', 'service', 'subscription', 'account', 'shared', 'hmac', 'jwt', 'session', 'admin',
  'ingest', 'ingestion', 'server', 'consumer', 'webhook', 'storage', 'aes', 'deploy', 'integration', 'partner', 'merchant', 'developer',
  'rest', 'sdk', 'management', 'mgmt', 'primary', 'secondary', 'root', 'write', 'license', 'licence', 'encryption', 'decryption',
  'otp', 'totp', 'mfa', 'cookie', 'csrf', 'personal', 'bot', 'live', 'prod', 'production',
]);

/**
 * Words that make the name about the credential rather than the credential
 * itself: its length, type, URL, file, header name, policy … Checked on every
 * word: `token_url`, `password_min_length`, `api_key_header_name`, `secret_ref`.
 */
const ABOUT_WORDS = new Set([
  'url', 'urls', 'uri', 'endpoint', 'endpoints', 'host', 'path', 'paths', 'file', 'files', 'filename', 'filepath', 'dir', 'directory',
  'folder', 'env', 'envvar', 'var', 'variable', 'length', 'len', 'policy', 'policies', 'regex', 'regexp', 'pattern', 'field', 'fields',
  'header', 'headers', 'type', 'types', 'kind', 'name', 'names', 'prompt', 'label', 'labels', 'placeholder', 'hint', 'hash', 'hashed',
  'digest', 'salt', 'ref', 'reference', 'arn', 'count', 'min', 'max', 'minimum', 'maximum', 'expiry', 'expires', 'expiration', 'expire',
  'expired', 'ttl', 'timeout', 'lifetime', 'duration', 'age', 'enabled', 'enable', 'disabled', 'disable', 'required', 'require',
  'reset', 'forgot', 'mask', 'masked', 'visible', 'visibility', 'show', 'hide', 'toggle', 'input', 'icon', 'validation', 'validator',
  'valid', 'strength', 'rotation', 'rotate', 'provider', 'manager', 'mount', 'mountpath', 'format', 'algorithm', 'alg',
  'location', 'source', 'template', 'prefix', 'suffix', 'mode', 'rule', 'rules', 'schema', 'help', 'description', 'desc', 'message', 'msg',
  'error', 'errors', 'title', 'text', 'class', 'style', 'id', 'ids', 'version', 'owner', 'interval', 'attempts', 'retries', 'retry',
  'limit', 'param', 'parameter', 'query', 'method', 'scheme', 'scope', 'scopes', 'audience', 'issuer', 'size', 'index', 'column',
  'selector', 'button', 'btn', 'link', 'route', 'callback', 'handler', 'generator', 'helper', 'fingerprint', 'checksum', 'sha', 'md5',
  'public', 'pub', 'publishable', 'sha1', 'sha256', 'sha384', 'sha512', 'existing', 'stdin', 'command', 'cmd', 'script', 'option', 'options', 'flag', 'flags', 'last', 'updated', 'created',
  'changed', 'change', 'update', 'date', 'time', 'timestamp', 'at', 'days', 'seconds', 'secs', 'ms', 'minutes', 'hours', 'lookup',
  'backend', 'engine', 'cache', 'dialog', 'form', 'modal', 'screen', 'view', 'page', 'component', 'widget', 'confirm', 'confirmation',
  'matches', 'match', 'mismatch', 'username', 'usage', 'status', 'state', 'request', 'response', 'result', 'event', 'events', 'metric',
  'metrics', 'log', 'logs', 'audit', 'example', 'sample', 'dummy', 'mock', 'fake', 'placeholder', 'empty', 'encrypted', 'ciphertext',
  'annotation', 'annotations', 'volume', 'volumes', 'keyref', 'secretref', 'secretname', 'from', 'valuefrom', 'generated', 'length',
]);

/** Words after a credential word that still name the credential itself: `secret_key_base`, `api_token_value`, `password_plain`. */
const NEUTRAL_TAIL = new Set([
  'base', 'value', 'val', 'str', 'string', 'plain', 'plaintext', 'raw', 'data', 'b64', 'base64', 'hex', 'bytes', 'live', 'prod',
  'production', 'staging', 'stage', 'dev', 'new', 'old', 'current', 'next', 'primary', 'secondary', 'main', 'v1', 'v2', '1', '2', '3',
]);

/** Qualifiers that make a `*_token` something other than a credential: CSRF, pagination, NLP and LLM tokens … */
const NOT_CREDENTIAL_TOKEN = new Set([
  'csrf', 'xsrf', 'page', 'next', 'prev', 'previous', 'pagination', 'continuation', 'sync', 'cancellation', 'cancel', 'idempotency',
  'nonce', 'state', 'lexer', 'parser', 'num', 'total', 'input', 'output', 'prompt', 'completion', 'context', 'special', 'eos', 'bos',
  'pad', 'unk', 'sep', 'cls', 'mask', 'start', 'end', 'stop', 'split', 'word', 'sentence', 'image', 'vision', 'audio', 'cached',
  'reasoning', 'design', 'color', 'colour', 'theme', 'spacing', 'font', 'css', 'style', 'lex', 'syntax', 'ast', 'used', 'remaining', 'reset', 'invite', 'invitation', 'confirmation', 'email', 'magic', 'unsubscribe', 'delimiter', 'resume',
  'upload', 'cursor', 'marker', 'offset', 'batch', 'sequence', 'seq',
]);

/**
 * Classifies a name: 'password' (password, passwd, pwd, passphrase …),
 * 'secret' (secret, token, api key, private key, client secret, credentials …)
 * or undefined when the name is not a credential's name.
 */
export function secretNameKind(name: string | undefined): SecretNameKind | undefined {
  if (!name) return undefined;
  // Names repeat (every manifest has `name`, `image`, `app`): remembered, the map bounded.
  const known = nameKinds.get(name);
  if (known !== undefined) return known === 'none' ? undefined : known;
  const kind = classifyName(name);
  if (nameKinds.size >= MAX_REMEMBERED_NAMES) nameKinds.clear();
  nameKinds.set(detached(name), kind ?? 'none');
  return kind;
}

const nameKinds = new Map<string, SecretNameKind | 'none'>();
const MAX_REMEMBERED_NAMES = 20_000;

function classifyName(name: string): SecretNameKind | undefined {
  const words = nameWords(name);
  if (words.length === 0 || words.length > 12) return undefined;
  const glued = words.join('');
  // Vault AppRole `secret_id` is the secret half of a login; `role_id` and every other `*_id` are not.
  if (glued === 'secretid' || glued.endsWith('approlesecretid') || glued === 'vaultsecretid') return 'secret';
  // The credential's name is its last word (the head noun): `db_password`, `client_secret`.
  // `token_url`, `password_policy`, `secret_name` have a word about it instead.
  if (words.some((w) => ABOUT_WORDS.has(w))) return undefined;
  const head = words[words.length - 1];
  const qualifier = words.length > 1 ? words[words.length - 2] : undefined;

  if (PASSWORD_WORDS.has(head) || PASSWORD_SUFFIXES.some((s) => head.endsWith(s))) return 'password';
  if (head === 'token') return qualifier && NOT_CREDENTIAL_TOKEN.has(qualifier) ? undefined : 'secret';
  if (head === 'key') return qualifier && KEY_QUALIFIERS.has(qualifier) ? 'secret' : undefined;
  if (SECRET_WORDS.has(head)) return 'secret';
  const suffix = SECRET_SUFFIXES.find((s) => head.endsWith(s) && head.length > s.length + 1);
  if (suffix) {
    // Glued: `githubtoken`, `clientsecret`, `stripeapikey`; but not `csrftoken`, `pagetoken`.
    return NOT_CREDENTIAL_TOKEN.has(head.slice(0, head.length - suffix.length)) ? undefined : 'secret';
  }
  // Docker config.json `auth`, .npmrc `_auth`: base64 of user:password.
  if (words.length === 1 && head === 'auth') return 'secret';
  // A credential word before a neutral tail: `secret_key_base`, `api_key_value`, `password_plain`.
  for (let i = words.length - 2; i >= 0; i--) {
    if (!NEUTRAL_TAIL.has(words[i + 1])) return undefined;
    const w = words[i];
    if (PASSWORD_WORDS.has(w) && w !== 'pass' && w !== 'pw') return 'password';
    if (w === 'token' && !(i > 0 && NOT_CREDENTIAL_TOKEN.has(words[i - 1]))) return 'secret';
    if (w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])) return 'secret';
    if (SECRET_WORDS.has(w)) return 'secret';
  }
  return undefined;
}
