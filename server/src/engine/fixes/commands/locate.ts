/**
 * The one command-line secret locator: which word of which command holds the
 * secret, and the edit that makes that word read a variable instead — with
 * the quoting right for where the secret sits. Shell scripts, Makefile
 * recipes, CI steps and Dockerfile `RUN` all call this; only the host-specific
 * part (where the variable comes from) lives in the host modules.
 *
 * Rewrites, by what the command is:
 * - `docker|podman|nerdctl|buildah|skopeo|oras|helm [registry] login -p X`
 *   → `printf '%s' "$NAME" | docker login … --password-stdin` (a password on
 *   the command line is visible in `ps` and shell history; the CLIs read stdin);
 * - `curl -H "Authorization: Basic <base64 user:pass>"` → `curl -u "user:${NAME}"`
 *   (curl builds the same header; only the password moves);
 * - anything else: the secret's characters become `${NAME}` inside the word,
 *   re-quoted so the shell expands it: `-p'X'` → `-p"${NAME}"`,
 *   `'Authorization: Bearer X'` → `"Authorization: Bearer ${NAME}"`,
 *   `--password=X` → `--password="${NAME}"`, `-u app:X` → `-u "app:${NAME}"`.
 */
import type { Range } from '../../model';
import { envNameFor } from '../env-name';
import { logicalLine, tokenize, type ShellWord, type SimpleCommand, type WordPart } from './shell-words';

export interface CommandDialect {
  /** How a `$` reaches the shell: `$` in scripts, `$$` in Makefile recipes. */
  dollar: '$' | '$$';
}

export interface CommandSecretPlan {
  /** Edits to the host text (offsets in it); `{{NAME}}` stands for the final variable name. */
  edits: { range: Range; newText: string }[];
  /** The variable the command now reads, before collision suffixes. */
  name: string;
  /** The value to store under it (the password alone for a rewritten Basic header). */
  value: string;
  /** How the command reads it, for titles. */
  how: 'stdin' | 'argument' | 'user-option';
}

/** Marks where the variable name goes in planned edits (filled in once the env file picks the name). */
export const NAME_SLOT = '\u0000NAME\u0000';

const LOGIN_CLIS = new Set(['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'oras', 'helm', 'finch']);
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'time', 'command', 'nohup']);
const MYSQL_CLIS = new Set(['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mariadb', 'mariadb-dump']);
const SIMPLE_USER = /^[A-Za-z0-9._@+-]{1,64}$/;
const PASSWORD_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'P', 'U', 'USER', 'H', 'HEADER', 'TOKEN', 'SECRET', 'KEY']);

/**
 * Plans the rewrite of the secret at [secret.start, secret.end) of `text`,
 * looking only at the logical line inside [regionStart, regionEnd).
 */
export function planCommandSecret(
  text: string,
  region: Range,
  secret: Range,
  fallbackName: string,
  dialect: CommandDialect,
  decodeBasic?: (b64: string) => string | undefined,
): CommandSecretPlan | undefined {
  if (secret.start < region.start || secret.end > region.end || secret.end <= secret.start) return undefined;
  const line = logicalLine(text, region.start, region.end, secret.start);
  if (secret.end > line.end) return undefined;
  const commands = tokenize(text, line.start, line.end);
  if (!commands) return undefined;
  for (const command of commands) {
    const index = command.words.findIndex((w) => w.start <= secret.start && secret.end <= w.end);
    if (index < 0) continue;
    const word = command.words[index];
    if (word.dynamic || word.redirect || index === commandNameIndex(command)) return undefined;
    const part = word.parts.find((p) => p.start <= secret.start && secret.end <= p.end);
    if (!part || part.special) return undefined;
    const value = text.slice(secret.start, secret.end);
    return (
      dockerLoginPlan(command, index, secret, value, fallbackName, dialect) ??
      basicHeaderPlan(command, index, value, dialect, decodeBasic) ??
      argumentPlan(text, command, index, part, secret, value, fallbackName, dialect)
    );
  }
  return undefined;
}

/** Index of the command's name: past `VAR=value` prefixes and wrappers such as `sudo`. */
function commandNameIndex(command: SimpleCommand): number {
  let i = 0;
  while (i < command.words.length) {
    const v = command.words[i].value;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v) || WRAPPERS.has(v)) i++;
    else break;
  }
  return i;
}

function commandName(command: SimpleCommand): string {
  const word = command.words[commandNameIndex(command)];
  return word ? word.value.slice(word.value.lastIndexOf('/') + 1) : '';
}

function dockerLoginPlan(
  command: SimpleCommand,
  index: number,
  secret: Range,
  value: string,
  fallbackName: string,
  dialect: CommandDialect,
): CommandSecretPlan | undefined {
  const nameAt = commandNameIndex(command);
  const cli = commandName(command);
  if (!LOGIN_CLIS.has(cli)) return undefined;
  const values = command.words.map((w) => w.value);
  const login = values.indexOf('login', nameAt + 1);
  if (login < 0 || login > nameAt + 2 || (login === nameAt + 2 && !(cli === 'helm' && values[nameAt + 1] === 'registry'))) return undefined;
  // Already reading stdin, or stdin taken by a pipe or redirection: nothing to pipe into.
  if (command.piped || command.readsStdin || values.some((v) => v === '--password-stdin')) return undefined;
  const word = command.words[index];
  let replace: Range | undefined;
  const previous = command.words[index - 1];
  if ((previous?.value === '-p' || previous?.value === '--password') && word.value === value && index - 1 > login) {
    replace = { start: previous.start, end: word.end };
  } else if (word.value === `--password=${value}` && word.parts.length === 1 && word.parts[0].quote === '') {
    replace = { start: word.start, end: word.end };
  }
  if (!replace) return undefined;
  if (secret.start < replace.start || secret.end > replace.end) return undefined;
  const first = command.words[0];
  const d = dialect.dollar;
  return {
    edits: [
      { range: { start: first.start, end: first.start }, newText: `printf '%s' "${d}${NAME_SLOT}" | ` },
      { range: replace, newText: '--password-stdin' },
    ],
    name: fallbackName,
    value,
    how: 'stdin',
  };
}

function basicHeaderPlan(
  command: SimpleCommand,
  index: number,
  value: string,
  dialect: CommandDialect,
  decodeBasic?: (b64: string) => string | undefined,
): CommandSecretPlan | undefined {
  if (!decodeBasic || commandName(command) !== 'curl') return undefined;
  const word = command.words[index];
  const option = command.words[index - 1];
  if (!option || (option.value !== '-H' && option.value !== '--header')) return undefined;
  const header = /^authorization:[ \t]*basic[ \t]+([A-Za-z0-9+/]+={0,2})$/i.exec(word.value);
  if (!header || header[1] !== value) return undefined;
  // curl -u would conflict with a user option already there.
  if (command.words.some((w) => w.value === '-u' || w.value === '--user' || w.value.startsWith('--user=') || /^-u./.test(w.value))) return undefined;
  const decoded = decodeBasic(value);
  const colon = decoded?.indexOf(':') ?? -1;
  if (!decoded || colon <= 0) return undefined;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (!SIMPLE_USER.test(user) || password === '' || /[\r\n\0]/.test(password)) return undefined;
  return {
    edits: [{ range: { start: option.start, end: word.end }, newText: `-u "${user}:${dialect.dollar}{${NAME_SLOT}}"` }],
    name: 'BASIC_AUTH_PASSWORD',
    value: password,
    how: 'user-option',
  };
}

function argumentPlan(
  text: string,
  command: SimpleCommand,
  index: number,
  part: WordPart,
  secret: Range,
  value: string,
  fallbackName: string,
  dialect: CommandDialect,
): CommandSecretPlan | undefined {
  // mysql's `-p` takes only an attached password: `-p word` prompts, and the word is the database.
  if (MYSQL_CLIS.has(commandName(command)) && command.words[index - 1]?.value === '-p') return undefined;
  const d = dialect.dollar;
  const before = text.slice(part.start, secret.start);
  const after = text.slice(secret.end, part.end);
  const braced = `${d}{${NAME_SLOT}}`;
  let range: Range;
  let newText: string;
  if (part.quote === '"') {
    range = secret;
    newText = braced;
  } else if (part.quote === "'") {
    range = { start: part.outerStart, end: part.outerEnd };
    const inner = before + after;
    // Nothing in the rest of the string that double quotes would read differently: requote it.
    if (!/[$`"\\!]/.test(inner)) newText = `"${before}${braced}${after}"`;
    else newText = `${before ? `'${before}'` : ''}"${braced}"${after ? `'${after}'` : ''}`;
  } else {
    // Unquoted: quote from just after `=` (`--password=X`) or a short option (`-pX`), else the whole part.
    const eq = before.lastIndexOf('=');
    const keep = eq >= 0 ? eq + 1 : /^-[A-Za-z]$/.test(before.slice(0, 2)) && part.start === command.words[index].start && before.length === 2 ? 2 : 0;
    const quoted = before.slice(keep) + after;
    if (/[$`"\\!]/.test(quoted)) return undefined;
    range = { start: part.start + keep, end: part.end };
    newText = quoted === '' ? `"${d}${NAME_SLOT}"` : `"${before.slice(keep)}${braced}${after}"`;
  }
  return { edits: [{ range, newText }], name: nameFromOption(command, index, fallbackName), value, how: 'argument' };
}

/** `--db-password=X` → DB_PASSWORD; a bare `--password`/`-p` says nothing beyond the rule's own name. */
function nameFromOption(command: SimpleCommand, index: number, fallbackName: string): string {
  const word: ShellWord = command.words[index];
  let option = '';
  const eq = word.value.indexOf('=');
  if (word.value.startsWith('--') && eq > 2) option = word.value.slice(2, eq);
  else if (command.words[index - 1]?.value.startsWith('--')) option = command.words[index - 1].value.slice(2);
  if (!/^[A-Za-z][A-Za-z0-9-]{1,40}$/.test(option)) return fallbackName;
  const derived = envNameFor(option, fallbackName);
  return PASSWORD_WORDS.has(derived) ? fallbackName : derived;
}

/** Puts the chosen variable name into planned edits. */
export function withName(edits: CommandSecretPlan['edits'], name: string): CommandSecretPlan['edits'] {
  return edits.map((e) => ({ range: e.range, newText: e.newText.split(NAME_SLOT).join(name) }));
}
