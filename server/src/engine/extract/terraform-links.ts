/**
 * Terraform → LinkFacts: which resources are pieces of the same identity, so a
 * finding on one can point at the others, in this file or elsewhere (project/links.ts).
 *
 *  - IAM users/roles and GCP service accounts declare an identity under their address and
 *    their cloud name (`aws-user:ci-deployer`, `gcp-sa:exporter`), which other modules,
 *    CloudFormation or a workflow's `role-to-assume` may use;
 *  - access keys, service-account keys and policy attachments belong to the identity they
 *    reference (`user = aws_iam_user.ci.name`, `service_account_id = google_service_account.x.name`);
 *  - CI secrets managed by Terraform (`github_actions_secret`, `gitlab_project_variable` …)
 *    hold a key resource's output: the workflow reading `secrets.NAME` uses that identity.
 * Only references written in the file count; nothing is guessed from names.
 */
import type { Node } from 'web-tree-sitter';
import type { Document, LinkFact, LinkRole } from '../model';
import { attributeValue, attributesOf, evaluate, type EvalOptions, type HclBlock, type HclScope } from './hcl';

const EVAL: EvalOptions = { useVariableDefaults: true };

/** Resource types whose output is a long-lived credential. */
const KEY_RESOURCES = ['aws_iam_access_key', 'google_service_account_key', 'azuread_application_password', 'azuread_service_principal_password'];
const KEY_REFERENCE = new RegExp(`\\b(${KEY_RESOURCES.join('|')})\\.([A-Za-z_][\\w-]*)\\b`);

/** CI secret resources: type → attribute holding the secret's name, attributes holding its value. */
const CI_SECRETS: Record<string, { name: string; values: string[]; platform: string }> = {
  github_actions_secret: { name: 'secret_name', values: ['plaintext_value', 'encrypted_value'], platform: 'GitHub Actions secret' },
  github_actions_environment_secret: { name: 'secret_name', values: ['plaintext_value', 'encrypted_value'], platform: 'GitHub Actions environment secret' },
  github_actions_organization_secret: { name: 'secret_name', values: ['plaintext_value', 'encrypted_value'], platform: 'GitHub Actions organization secret' },
  gitlab_project_variable: { name: 'key', values: ['value'], platform: 'GitLab CI/CD variable' },
  gitlab_group_variable: { name: 'key', values: ['value'], platform: 'GitLab CI/CD variable' },
};

/** Policy attachments: type → attributes naming the identity (single reference or list), and the identity's resource type. */
const ATTACHMENTS: Record<string, { attribute: string; target: 'aws_iam_user' | 'aws_iam_role' | 'aws_iam_group'; list?: boolean }[]> = {
  aws_iam_user_policy: [{ attribute: 'user', target: 'aws_iam_user' }],
  aws_iam_user_policy_attachment: [{ attribute: 'user', target: 'aws_iam_user' }],
  aws_iam_role_policy: [{ attribute: 'role', target: 'aws_iam_role' }],
  aws_iam_role_policy_attachment: [{ attribute: 'role', target: 'aws_iam_role' }],
  aws_iam_policy_attachment: [
    { attribute: 'users', target: 'aws_iam_user', list: true },
    { attribute: 'roles', target: 'aws_iam_role', list: true },
  ],
  aws_iam_user_group_membership: [{ attribute: 'user', target: 'aws_iam_user' }],
};

const NAME_PREFIX: Record<string, string> = { aws_iam_user: 'aws-user', aws_iam_role: 'aws-role', aws_iam_group: 'aws-group' };

export function terraformLinks(doc: Document, blocks: HclBlock[], scope: HclScope): LinkFact[] {
  const dir = doc.path.includes('/') ? doc.path.slice(0, doc.path.lastIndexOf('/')) : '.';
  const address = (type: string, name: string) => `tf:${dir}:${type}.${name}`;
  const out: LinkFact[] = [];
  const push = (key: string, role: LinkRole, label: string, block: HclBlock, aliases: string[] = []) => {
    out.push({ kind: 'link', key, role, label, range: block.range, ...(aliases.length > 0 ? { aliases } : {}) });
  };

  for (const block of blocks) {
    if (block.type !== 'resource' || block.labels.length < 2) continue;
    const [type, name] = block.labels;
    const attrs = attributesOf(block.body);
    const self = address(type, name);
    const staticString = (attribute: string) => {
      const v = evaluate(attributeValue(attrs.get(attribute)), scope, EVAL);
      return v.type === 'string' ? v.value : undefined;
    };

    if (type in NAME_PREFIX) {
      const iamName = staticString('name');
      const what = type === 'aws_iam_user' ? 'IAM user' : type === 'aws_iam_role' ? 'IAM role' : 'IAM group';
      push(self, 'declaration', `${type}.${name}: the ${what}${iamName ? ` "${iamName}"` : ''}`, block, iamName ? [`${NAME_PREFIX[type]}:${iamName}`] : []);
    } else if (type === 'google_service_account') {
      const accountId = staticString('account_id');
      push(self, 'declaration', `${type}.${name}: the service account${accountId ? ` "${accountId}"` : ''}`, block, accountId ? [`gcp-sa:${accountId}`] : []);
    }

    if (type === 'aws_iam_access_key') {
      const owner = identityReference(attributeValue(attrs.get('user')), 'aws_iam_user', address, scope);
      push(self, 'credential', `${type}.${name}: a long-lived access key of this user`, block, owner ? [owner] : []);
    } else if (type === 'google_service_account_key') {
      const owner = gcpServiceAccountReference(attributeValue(attrs.get('service_account_id')), address, scope);
      push(self, 'credential', `${type}.${name}: a long-lived key of this service account`, block, owner ? [owner] : []);
    } else if (type === 'azuread_application_password' || type === 'azuread_service_principal_password') {
      push(self, 'credential', `${type}.${name}: a client secret of this application`, block);
    }

    for (const attachment of ATTACHMENTS[type] ?? []) {
      const value = attributeValue(attrs.get(attachment.attribute));
      const targets = attachment.list ? listItems(value) : value ? [value] : [];
      for (const target of targets) {
        const key = identityReference(target, attachment.target, address, scope);
        if (key) push(key, 'policy', `${type}.${name}: a policy attached to this identity`, block);
      }
    }

    if (/^google_(project|folder|organization|service_account)_iam_(member|binding)$/.test(type)) {
      const members = attrs.has('members') ? listItems(attributeValue(attrs.get('members'))) : [attributeValue(attrs.get('member'))].filter((n): n is Node => !!n);
      for (const member of members) {
        const key = gcpMemberKey(member, address, scope);
        if (key) push(key, 'policy', `${type}.${name}: a role granted to this service account`, block);
      }
    }

    const ciSecret = CI_SECRETS[type];
    if (ciSecret) {
      const secretName = staticString(ciSecret.name);
      if (!secretName) continue;
      const aliases: string[] = [];
      for (const attribute of ciSecret.values) {
        const match = KEY_REFERENCE.exec(attributeValue(attrs.get(attribute))?.text ?? '');
        if (match) aliases.push(address(match[1], match[2]));
      }
      // Only a secret whose value is a key resource of this workspace says whose key it is.
      if (aliases.length > 0) push(`ci-secret:${secretName}`, 'ci-secret', `${type}.${name}: stores it as ${ciSecret.platform} ${secretName}`, block, aliases);
    }
  }
  return out;
}

/** `aws_iam_user.ci.name` / `.id` / `.arn` → its address; a static name → 'aws-user:<name>'. */
function identityReference(node: Node | undefined, target: string, address: (type: string, name: string) => string, scope: HclScope): string | undefined {
  if (!node) return undefined;
  const match = new RegExp(`^${target}\\.([A-Za-z_][\\w-]*)\\.(?:name|id|arn|unique_id)$`).exec(node.text.trim());
  if (match) return address(target, match[1]);
  const value = evaluate(node, scope, EVAL);
  if (value.type !== 'string' || value.value === '') return undefined;
  // Roles may be given by ARN: arn:aws:iam::123:role/path/name.
  const name = value.value.startsWith('arn:') ? value.value.slice(value.value.lastIndexOf('/') + 1) : value.value;
  return `${NAME_PREFIX[target]}:${name}`;
}

function gcpServiceAccountReference(node: Node | undefined, address: (type: string, name: string) => string, scope: HclScope): string | undefined {
  if (!node) return undefined;
  const match = /^google_service_account\.([A-Za-z_][\w-]*)\.(?:name|id|email|unique_id)$/.exec(node.text.trim());
  if (match) return address('google_service_account', match[1]);
  const value = evaluate(node, scope, EVAL);
  if (value.type !== 'string') return undefined;
  // projects/p/serviceAccounts/name@p.iam.gserviceaccount.com or the bare email.
  const email = /([a-z][a-z0-9-]{4,28}[a-z0-9])@[a-z0-9-]+\.iam\.gserviceaccount\.com/.exec(value.value);
  return email ? `gcp-sa:${email[1]}` : undefined;
}

/** `serviceAccount:${google_service_account.x.email}` or `serviceAccount:name@p.iam.gserviceaccount.com`. */
function gcpMemberKey(node: Node, address: (type: string, name: string) => string, scope: HclScope): string | undefined {
  const reference = /serviceAccount:\$\{google_service_account\.([A-Za-z_][\w-]*)\.email\}/.exec(node.text);
  if (reference) return address('google_service_account', reference[1]);
  const value = evaluate(node, scope, EVAL);
  if (value.type !== 'string' || !value.value.startsWith('serviceAccount:')) return undefined;
  const email = /^serviceAccount:([a-z][a-z0-9-]{4,28}[a-z0-9])@[a-z0-9-]+\.iam\.gserviceaccount\.com$/.exec(value.value);
  return email ? `gcp-sa:${email[1]}` : undefined;
}

/** The item expressions of a `[a, b]` tuple. */
function listItems(node: Node | undefined): Node[] {
  const tuple = node?.namedChildren[0]?.type === 'collection_value' ? node.namedChildren[0].namedChildren[0] : undefined;
  if (tuple?.type !== 'tuple') return [];
  return tuple.namedChildren.filter((c): c is Node => c !== null && c.type === 'expression');
}
