/**
 * What well-known GitHub Actions need from the GITHUB_TOKEN, from their documentation.
 * An action that is not listed, or whose inputs leave its needs open, is 'unknown': the
 * write-all fix is then not offered (a missing scope breaks the workflow at run time).
 */

export type Level = 'read' | 'write';
/** GITHUB_TOKEN scopes a step needs: `contents`, `id-token`, `pull-requests` … */
export type Needs = Record<string, Level>;
export type Inputs = (name: string) => string | undefined;

type ActionNeeds = (inputs: Inputs) => Needs | 'unknown';

const none: ActionNeeds = () => ({});
const fixed = (needs: Needs): ActionNeeds => () => needs;
const TOKEN_REFERENCE = /secrets\.github_token|github\.token/i;

export const KNOWN_ACTIONS: Readonly<Record<string, ActionNeeds>> = {
  'actions/checkout': fixed({ contents: 'read' }),
  'actions/setup-node': none,
  'actions/setup-python': none,
  'actions/setup-go': none,
  'actions/setup-java': none,
  'actions/setup-dotnet': none,
  'ruby/setup-ruby': none,
  'pnpm/action-setup': none,
  'hashicorp/setup-terraform': none,
  'actions/cache': none,
  'actions/upload-artifact': none,
  // Artifacts of another run are read through the API with the given token.
  'actions/download-artifact': (inputs): Needs => (inputs('run-id') !== undefined ? { actions: 'read' } : {}),
  'actions/upload-pages-artifact': none,
  'actions/configure-pages': (inputs): Needs | 'unknown' => (isTrue(inputs('enablement')) ? 'unknown' : { pages: 'read' }),
  'actions/deploy-pages': fixed({ pages: 'write', 'id-token': 'write' }),
  'actions/attest-build-provenance': fixed({ 'id-token': 'write', attestations: 'write' }),
  'actions/labeler': fixed({ contents: 'read', 'pull-requests': 'write' }),
  'actions/stale': fixed({ issues: 'write', 'pull-requests': 'write' }),
  'actions/dependency-review-action': (inputs): Needs => {
    const comment = inputs('comment-summary-in-pr');
    return comment !== undefined && !/^(?:never|false)$/i.test(comment) ? { contents: 'read', 'pull-requests': 'write' } : { contents: 'read' };
  },
  'github/codeql-action/init': fixed({ 'security-events': 'write', actions: 'read' }),
  'github/codeql-action/autobuild': none,
  'github/codeql-action/analyze': fixed({ 'security-events': 'write', actions: 'read' }),
  'github/codeql-action/upload-sarif': fixed({ 'security-events': 'write' }),
  'softprops/action-gh-release': fixed({ contents: 'write' }),
  'peter-evans/create-pull-request': fixed({ contents: 'write', 'pull-requests': 'write' }),
  'docker/setup-buildx-action': none,
  'docker/setup-qemu-action': none,
  'docker/metadata-action': none,
  'docker/build-push-action': none,
  // Pushing to GitHub Packages with the workflow token needs packages: write.
  'docker/login-action': (inputs): Needs | 'unknown' => {
    const registry = inputs('registry') ?? '';
    if (!/^ghcr\.io(?:\/|$)/i.test(registry.trim())) return {};
    return TOKEN_REFERENCE.test(inputs('password') ?? '') ? { packages: 'write' } : {};
  },
  'aws-actions/configure-aws-credentials': (inputs): Needs | 'unknown' =>
    inputs('role-to-assume') !== undefined && inputs('aws-access-key-id') === undefined ? { 'id-token': 'write' } : {},
  'google-github-actions/auth': (inputs): Needs | 'unknown' =>
    inputs('workload_identity_provider') !== undefined ? { 'id-token': 'write' } : inputs('credentials_json') !== undefined ? {} : 'unknown',
  'azure/login': (inputs): Needs | 'unknown' => {
    if (inputs('creds') !== undefined) return {};
    if ((inputs('auth-type') ?? '').toUpperCase() === 'IDENTITY') return {};
    return inputs('client-id') !== undefined ? { 'id-token': 'write' } : 'unknown';
  },
  'codecov/codecov-action': (inputs): Needs | 'unknown' => (isTrue(inputs('use_oidc')) ? { 'id-token': 'write' } : {}),
  // A script with the token can call any API: its needs cannot be read off the workflow.
  'actions/github-script': () => 'unknown',
};

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^true$/i.test(value.trim());
}

/** `owner/repo[/path]` of a `uses:` reference, lower-cased, without `@ref`; undefined for local and Docker actions. */
export function actionName(uses: string): string | undefined {
  const trimmed = uses.trim();
  if (trimmed.startsWith('./') || trimmed.startsWith('docker://')) return undefined;
  const at = trimmed.indexOf('@');
  const name = (at >= 0 ? trimmed.slice(0, at) : trimmed).toLowerCase();
  return /^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?$/.test(name) ? name : undefined;
}

/** Needs of a `uses:` step: from the table, else 'unknown'. */
export function actionNeeds(uses: string, inputs: Inputs): Needs | 'unknown' {
  const name = actionName(uses);
  const rule = name ? KNOWN_ACTIONS[name] : undefined;
  return rule ? rule(inputs) : 'unknown';
}

/**
 * Needs of a `run:` script. The token reaches a script only when the workflow passes it
 * (`${{ secrets.GITHUB_TOKEN }}` / `${{ github.token }}`), or through the git credentials
 * `actions/checkout` leaves behind (so `git push` needs contents: write); npm's provenance
 * and scripts that request an OIDC token need id-token: write. `gh` and any script handed
 * the token may call any API: unknown.
 */
export function runNeeds(script: string, env: string): Needs | 'unknown' {
  if (TOKEN_REFERENCE.test(script) || TOKEN_REFERENCE.test(env)) return 'unknown';
  const needs: Needs = {};
  // Commands split on line breaks and shell separators, then words: no backtracking regex over the script.
  for (const command of script.split(/[\n;&|]/)) {
    const words = command.trim().split(/\s+/);
    // `gh` as the command (after `VAR=x` assignments, `sudo`, `time`), or in `$(gh …)` / `` `gh …` ``.
    const first = words.find((w) => !/^[A-Za-z_]\w*=/.test(w) && w !== 'sudo' && w !== 'time' && w !== 'exec');
    if (first === 'gh' || words.some((w) => /(?:\$\(|`|\()gh$/.test(w))) return 'unknown';
    const git = words.indexOf('git');
    if (git >= 0 && words.indexOf('push', git + 1) > git) needs.contents = 'write';
    const publish = words.indexOf('publish');
    if (publish >= 0 && words.slice(publish + 1).some((w) => w === '--provenance' || w === '--provenance=true')) needs['id-token'] = 'write';
  }
  if (/npm_config_provenance\s*:\s*["']?true/i.test(env) || script.includes('ACTIONS_ID_TOKEN_REQUEST_')) needs['id-token'] = 'write';
  return needs;
}

/** Union of needs; write wins over read. */
export function mergeNeeds(into: Needs, more: Needs): void {
  for (const [scope, level] of Object.entries(more)) if (into[scope] !== 'write') into[scope] = level;
}

export { TOKEN_REFERENCE };
