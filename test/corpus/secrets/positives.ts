/**
 * Labelled positive kinds: one entry per credential format, generated from the
 * providers' published token formats (prefixes, lengths, alphabets, checksums),
 * written independently of the detectors so the score is not circular.
 */
import { ALPHA, crc32, toBase62, type Rng } from './rng';
import { ASSIGN_HOSTS, LINE_HOSTS, MULTILINE_HOSTS, type Entry, type HostName, type Lit, type PositiveKind, type Seg } from './types';

const lit = (pre: string, secret: string, post = ''): Lit => ({ pre, secret, post });

/** Tokens whose last 6 characters are the base62 CRC32 of the 30 random ones (GitHub, npm). */
function checksummed(r: Rng, prefix: string): string {
  const body = r.alnum(30);
  return prefix + body + toBase62(crc32(body), 6);
}

function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A PEM block with 64-character lines; `der` is the fixed DER prefix of the structure (its base64). */
export function pem(r: Rng, label: string, derPrefix: string, bytes: number, headers: string[] = []): string {
  let body = derPrefix + r.base64Bytes(bytes);
  body = body.slice(0, body.length - (body.length % 4));
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  const head = headers.length ? headers.join('\n') + '\n\n' : '';
  return `-----BEGIN ${label}-----\n${head}${lines.join('\n')}\n-----END ${label}-----`;
}

/** SSH wire-format string: uint32 length + bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

function randomBytes(r: Rng, n: number): Buffer {
  return Buffer.from(r.base64Bytes(n), 'base64');
}

/** An unencrypted Ed25519 key in the openssh-key-v1 format (OpenSSH PROTOCOL.key). */
function opensshEd25519(r: Rng): string {
  const pub = randomBytes(r, 32);
  const pubBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = randomBytes(r, 4);
  let priv = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([randomBytes(r, 32), pub])), sshString(r.pick(['deploy@ci', 'backup@db-01', 'jenkins@build']))]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const n = Buffer.alloc(4);
  n.writeUInt32BE(1);
  const blob = Buffer.concat([Buffer.from('openssh-key-v1\0'), sshString('none'), sshString('none'), sshString(''), n, sshString(pubBlob), sshString(priv)]);
  const body = blob.toString('base64').match(/.{1,70}/g)!.join('\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----`;
}

/** DER length bytes for a long-form length. */
function derLength(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

/** A PKCS#12 PFX (RFC 7292): SEQUENCE { version 3, ContentInfo(pkcs7-data, …), … } with random content, base64. */
function pkcs12Base64(r: Rng): string {
  const content = randomBytes(r, r.int(1800, 2600));
  const octets = [0x04, ...derLength(content.length)];
  const explicit = [0xa0, ...derLength(octets.length + content.length)];
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
  const contentInfoLen = oid.length + explicit.length + octets.length + content.length;
  const contentInfo = [0x30, ...derLength(contentInfoLen)];
  const version = [0x02, 0x01, 0x03];
  const mac = randomBytes(r, 60);
  const pfxLen = version.length + contentInfo.length + contentInfoLen + mac.length;
  return Buffer.concat([Buffer.from([0x30, ...derLength(pfxLen), ...version, ...contentInfo, ...oid, ...explicit, ...octets]), content, mac]).toString('base64');
}

function jwt(r: Rng, alg: 'HS256' | 'RS256', claims: Record<string, unknown>): string {
  const header = alg === 'RS256' ? { alg, kid: r.str(ALPHA.b64url, 43), typ: 'JWT' } : { alg, typ: 'JWT' };
  const sigBytes = alg === 'RS256' ? 256 : 32;
  return `${b64urlJson(header)}.${b64urlJson(claims)}.${Buffer.from(r.base64Bytes(sigBytes), 'base64').toString('base64url')}`;
}

function strongPassword(r: Rng): string {
  const style = r.int(0, 3);
  if (style === 0) return r.str(ALPHA.password, r.int(14, 24));
  if (style === 1) return r.str(ALPHA.alnum, r.int(16, 32));
  if (style === 2) return `${r.pick(['Kestrel', 'Orchid', 'Granite', 'Falcon', 'Juniper', 'Maple', 'Cobalt'])}${r.pick(['#', '!', '@', '-'])}${r.digits(4)}${r.pick(['!', '?', '*'])}${r.str(ALPHA.alnum, 6)}`;
  return r.str(ALPHA.urlPassword, r.int(18, 28));
}

function urlPassword(r: Rng): string {
  return r.str(ALPHA.urlPassword, r.int(16, 28));
}

const HOSTS_NO_MD: readonly HostName[] = ASSIGN_HOSTS;

const userNames = ['svc_app', 'deploy', 'admin', 'app', 'etl_writer', 'billing', 'ci-bot', 'root', 'report_ro', 'orders'];
const hostNames = ['db.internal', 'pg-primary.prod.svc.cluster.local', '10.20.3.14', 'mysql.acme-corp.net', 'cache-01.eu-west-1.compute.internal', 'mq.acme.io', 'ldap.corp.acme.io', 'files.acme-partner.com', 'smtp.mailrelay.acme.io', 'git.acme-corp.net'];

function kind(k: PositiveKind): PositiveKind {
  return k;
}

const PEM_HOSTS = MULTILINE_HOSTS;

export const positiveKinds: PositiveKind[] = [
  // ── Cloud ──────────────────────────────────────────────────────────────
  kind({ kind: 'aws-access-key-id', family: ['aws'], envName: 'AWS_ACCESS_KEY_ID', gen: (r) => 'AKIA' + r.str(ALPHA.base32, 16), count: 12 }),
  kind({ kind: 'aws-temporary-access-key-id', family: ['aws'], envName: 'AWS_ACCESS_KEY_ID', gen: (r) => 'ASIA' + r.str(ALPHA.base32, 16) }),
  kind({
    kind: 'aws-secret-access-key', family: ['aws'], envName: 'AWS_SECRET_ACCESS_KEY', count: 12,
    names: ['AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_KEY', 'SECRET_ACCESS_KEY'],
    gen: (r) => r.str(ALPHA.b64, 40),
    companions: (r) => (r.chance(0.5) ? [{ t: 'assign', name: 'AWS_ACCESS_KEY_ID', value: lit('', 'AKIA' + r.str(ALPHA.base32, 16)), label: { kind: 'aws-access-key-id', positive: true, family: ['aws'] } }] : []),
  }),
  kind({ kind: 'aws-session-token', family: ['aws'], envName: 'AWS_SESSION_TOKEN', gen: (r) => r.pick(['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdzE']) + r.str(ALPHA.b64, r.int(300, 420)) }),
  kind({ kind: 'gcp-api-key', family: ['gcp', 'google'], envName: 'GOOGLE_API_KEY', names: ['GOOGLE_API_KEY', 'GOOGLE_MAPS_SERVER_KEY', 'GCP_API_KEY'], gen: (r) => 'AIzaSy' + r.str(ALPHA.b64url, 33) }),
  kind({ kind: 'gcp-oauth-client-secret', family: ['gcp', 'google'], envName: 'GOOGLE_CLIENT_SECRET', gen: (r) => 'GOCSPX-' + r.str(ALPHA.b64url, 28) }),
  kind({
    kind: 'gcp-service-account-key', family: ['gcp', 'google', 'private-key'], envName: 'private_key', hosts: ['gcp-sa-json'],
    gen: (r) => pem(r, 'PRIVATE KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ', 1180),
  }),
  kind({
    kind: 'azure-storage-connection-string', family: ['azure'], envName: 'AZURE_STORAGE_CONNECTION_STRING',
    gen: (r) => lit(`DefaultEndpointsProtocol=https;AccountName=${r.pick(['acmeprodlogs', 'stfinance01', 'kestrelassets'])};AccountKey=`, r.str(ALPHA.b64, 86) + '==', ';EndpointSuffix=core.windows.net'),
  }),
  kind({ kind: 'azure-storage-account-key', family: ['azure'], envName: 'AZURE_STORAGE_KEY', names: ['AZURE_STORAGE_KEY', 'AZURE_STORAGE_ACCOUNT_KEY'], gen: (r) => r.str(ALPHA.b64, 86) + '==' }),
  kind({
    kind: 'azure-sas-token', family: ['azure'], envName: 'AZURE_BLOB_SAS_URL',
    gen: (r) => lit(
      `https://${r.pick(['acmeprodlogs', 'stbackup02'])}.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2027-06-30T18:00:00Z&st=2026-11-01T08:00:00Z&spr=https&sig=`,
      encodeURIComponent(r.base64Bytes(32)),
    ),
  }),
  kind({ kind: 'azure-ad-client-secret', family: ['azure', 'entra'], envName: 'AZURE_CLIENT_SECRET', gen: (r) => r.str(ALPHA.alnum, 3) + r.pick('0123456789') + 'Q~' + r.str(ALPHA.alnum + '_~.-', 34) }),
  kind({
    kind: 'azure-cosmosdb-connection-string', family: ['azure', 'cosmos'], envName: 'COSMOS_CONNECTION_STRING',
    gen: (r) => lit(`AccountEndpoint=https://${r.pick(['acme-orders', 'kestrel-db'])}.documents.azure.com:443/;AccountKey=`, r.str(ALPHA.b64, 86) + '==', ';'),
  }),
  kind({
    kind: 'azure-service-bus-connection-string', family: ['azure'], envName: 'SERVICEBUS_CONNECTION_STRING',
    gen: (r) => lit(`Endpoint=sb://${r.pick(['acme-bus', 'orders-ns'])}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=`, r.str(ALPHA.b64, 43) + '='),
  }),
  kind({
    kind: 'azure-event-hub-connection-string', family: ['azure'], envName: 'EVENTHUB_CONNECTION_STRING',
    gen: (r) => lit(`Endpoint=sb://${r.pick(['telemetry-eh', 'clicks-ns'])}.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=`, r.str(ALPHA.b64, 43) + '=', `;EntityPath=${r.pick(['clicks', 'telemetry'])}`),
  }),
  kind({ kind: 'alibaba-access-key-id', family: ['alibaba', 'aliyun'], envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID', gen: (r) => 'LTAI5t' + r.str(ALPHA.alnum, 18) }),
  kind({
    kind: 'alibaba-access-key-secret', family: ['alibaba', 'aliyun'], envName: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', gen: (r) => r.str(ALPHA.alnum, 30),
    companions: (r) => [{ t: 'assign', name: 'ALIBABA_CLOUD_ACCESS_KEY_ID', value: lit('', 'LTAI5t' + r.str(ALPHA.alnum, 18)), label: { kind: 'alibaba-access-key-id', positive: true, family: ['alibaba', 'aliyun'] } }],
  }),
  kind({ kind: 'ibm-cloud-api-key', family: ['ibm'], envName: 'IBMCLOUD_API_KEY', names: ['IBMCLOUD_API_KEY', 'IBM_CLOUD_API_KEY'], gen: (r) => r.str(ALPHA.b64url, 44) }),
  kind({
    kind: 'oracle-oci-api-signing-key', family: ['oracle', 'oci', 'private-key'], envName: 'OCI_PRIVATE_KEY', hosts: ['pem-file'],
    gen: (r) => pem(r, 'PRIVATE KEY', 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ', 1180) + '\nOCI_API_KEY',
  }),
  kind({ kind: 'digitalocean-pat', family: ['digitalocean'], envName: 'DIGITALOCEAN_TOKEN', gen: (r) => 'dop_v1_' + r.hex(64) }),
  kind({ kind: 'digitalocean-oauth-token', family: ['digitalocean'], envName: 'DIGITALOCEAN_ACCESS_TOKEN', gen: (r) => 'doo_v1_' + r.hex(64) }),
  kind({ kind: 'digitalocean-refresh-token', family: ['digitalocean'], envName: 'DIGITALOCEAN_REFRESH_TOKEN', gen: (r) => 'dor_v1_' + r.hex(64), count: 6 }),
  kind({ kind: 'linode-token', family: ['linode', 'akamai'], envName: 'LINODE_TOKEN', names: ['LINODE_TOKEN', 'LINODE_CLI_TOKEN', 'LINODE_API_TOKEN'], gen: (r) => r.hex(64) }),
  kind({ kind: 'heroku-api-key', family: ['heroku'], envName: 'HEROKU_API_KEY', gen: (r) => r.uuid() }),
  kind({ kind: 'cloudflare-api-token', family: ['cloudflare'], envName: 'CLOUDFLARE_API_TOKEN', names: ['CLOUDFLARE_API_TOKEN', 'CF_API_TOKEN'], gen: (r) => r.str(ALPHA.b64url, 40) }),
  kind({ kind: 'cloudflare-global-api-key', family: ['cloudflare'], envName: 'CLOUDFLARE_API_KEY', names: ['CLOUDFLARE_API_KEY', 'CLOUDFLARE_GLOBAL_API_KEY'], gen: (r) => r.hex(37) }),
  kind({ kind: 'cloudflare-origin-ca-key', family: ['cloudflare'], envName: 'CLOUDFLARE_ORIGIN_CA_KEY', gen: (r) => `v1.0-${r.hex(24)}-${r.hex(146)}`, count: 6 }),
  kind({ kind: 'fastly-api-token', family: ['fastly'], envName: 'FASTLY_API_TOKEN', names: ['FASTLY_API_TOKEN', 'FASTLY_API_KEY'], gen: (r) => r.str(ALPHA.b64url, 32) }),
  kind({ kind: 'netlify-auth-token', family: ['netlify'], envName: 'NETLIFY_AUTH_TOKEN', gen: (r) => r.str(ALPHA.b64url, 43) }),
  kind({ kind: 'vercel-token', family: ['vercel'], envName: 'VERCEL_TOKEN', names: ['VERCEL_TOKEN', 'VERCEL_API_TOKEN'], gen: (r) => r.alnum(24) }),
  kind({ kind: 'flyio-org-token', family: ['fly'], envName: 'FLY_API_TOKEN', gen: (r) => 'fo1_' + r.str(ALPHA.b64url, 43) }),
  kind({ kind: 'flyio-macaroon', family: ['fly'], envName: 'FLY_API_TOKEN', gen: (r) => lit('FlyV1 ', 'fm2_' + r.str(ALPHA.b64, r.int(180, 260))), count: 6 }),

  // ── Source control, CI, registries ────────────────────────────────────
  kind({ kind: 'github-classic-pat', family: ['github'], envName: 'GITHUB_TOKEN', names: ['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_PAT'], gen: (r) => checksummed(r, 'ghp_'), count: 12 }),
  kind({ kind: 'github-fine-grained-pat', family: ['github'], envName: 'GITHUB_TOKEN', gen: (r) => `github_pat_${r.alnum(22)}_${r.alnum(59)}` }),
  kind({ kind: 'github-oauth-token', family: ['github'], envName: 'GITHUB_OAUTH_TOKEN', gen: (r) => checksummed(r, 'gho_') }),
  kind({ kind: 'github-app-user-token', family: ['github'], envName: 'GITHUB_USER_TOKEN', gen: (r) => checksummed(r, 'ghu_') }),
  kind({ kind: 'github-app-installation-token', family: ['github'], envName: 'GITHUB_APP_TOKEN', gen: (r) => checksummed(r, 'ghs_') }),
  kind({ kind: 'github-refresh-token', family: ['github'], envName: 'GITHUB_REFRESH_TOKEN', gen: (r) => checksummed(r, 'ghr_'), count: 6 }),
  kind({ kind: 'gitlab-pat', family: ['gitlab'], envName: 'GITLAB_TOKEN', names: ['GITLAB_TOKEN', 'GITLAB_PRIVATE_TOKEN', 'GL_TOKEN'], gen: (r) => 'glpat-' + r.str(ALPHA.b64url, 20), count: 10 }),
  kind({ kind: 'gitlab-runner-auth-token', family: ['gitlab'], envName: 'CI_RUNNER_TOKEN', gen: (r) => 'glrt-' + r.str(ALPHA.b64url, 20) }),
  kind({ kind: 'gitlab-runner-registration-token', family: ['gitlab'], envName: 'REGISTRATION_TOKEN', gen: (r) => 'GR1348941' + r.str(ALPHA.b64url, 20) }),
  kind({ kind: 'gitlab-deploy-token', family: ['gitlab'], envName: 'GITLAB_DEPLOY_TOKEN', gen: (r) => 'gldt-' + r.str(ALPHA.b64url, 20) }),
  kind({ kind: 'gitlab-ci-job-token', family: ['gitlab'], envName: 'CI_JOB_TOKEN', gen: (r) => `glcbt-${r.str(ALPHA.hex, 2)}_${r.str(ALPHA.b64url, 20)}`, count: 6 }),
  kind({ kind: 'gitlab-pipeline-trigger-token', family: ['gitlab'], envName: 'GITLAB_TRIGGER_TOKEN', gen: (r) => 'glptt-' + r.hex(40) }),
  kind({ kind: 'gitlab-oauth-app-secret', family: ['gitlab'], envName: 'GITLAB_OAUTH_SECRET', gen: (r) => 'gloas-' + r.hex(64), count: 6 }),
  kind({ kind: 'gitlab-agent-token', family: ['gitlab'], envName: 'GITLAB_AGENT_TOKEN', gen: (r) => 'glagent-' + r.str(ALPHA.b64url, 50), count: 6 }),
  kind({ kind: 'gitlab-feed-token', family: ['gitlab'], envName: 'GITLAB_FEED_TOKEN', gen: (r) => 'glft-' + r.str(ALPHA.b64url, 20), count: 6 }),
  kind({ kind: 'bitbucket-app-password', family: ['bitbucket', 'atlassian'], envName: 'BITBUCKET_APP_PASSWORD', gen: (r) => 'ATBB' + r.alnum(24) + r.str(ALPHA.hexUpper, 8) }),
  kind({ kind: 'circleci-personal-token', family: ['circleci'], envName: 'CIRCLECI_TOKEN', gen: (r) => `CCIPAT_${r.alnum(22)}_${r.hex(40)}` }),
  kind({ kind: 'travis-ci-token', family: ['travis'], envName: 'TRAVIS_API_TOKEN', names: ['TRAVIS_API_TOKEN', 'TRAVIS_TOKEN'], gen: (r) => r.str(ALPHA.b64url, 22) }),
  kind({ kind: 'buildkite-user-token', family: ['buildkite'], envName: 'BUILDKITE_API_TOKEN', gen: (r) => 'bkua_' + r.hex(40) }),
  kind({ kind: 'buildkite-agent-token', family: ['buildkite'], envName: 'BUILDKITE_AGENT_TOKEN', gen: (r) => r.hex(50) }),
  kind({ kind: 'jenkins-api-token', family: ['jenkins'], envName: 'JENKINS_API_TOKEN', names: ['JENKINS_API_TOKEN', 'JENKINS_TOKEN'], gen: (r) => '11' + r.hex(32) }),
  kind({ kind: 'npm-access-token', family: ['npm'], envName: 'NPM_TOKEN', gen: (r) => checksummed(r, 'npm_'), count: 10 }),
  kind({ kind: 'npmrc-auth-token', family: ['npm'], envName: '_authToken', hosts: ['npmrc'], gen: (r) => checksummed(r, 'npm_') }),
  kind({ kind: 'npmrc-legacy-auth-token', family: ['npm'], envName: '_authToken', hosts: ['npmrc'], gen: (r) => r.uuid(), count: 6 }),
  kind({ kind: 'npmrc-basic-auth', family: ['npm'], envName: '_auth', hosts: ['npmrc'], gen: (r) => Buffer.from(`${r.pick(userNames)}:${urlPassword(r)}`).toString('base64'), count: 6 }),
  kind({ kind: 'pypi-upload-token', family: ['pypi'], envName: 'PYPI_API_TOKEN', hosts: [...HOSTS_NO_MD, 'pypirc'], gen: (r) => 'pypi-AgEIcHlwaS5vcmc' + r.str(ALPHA.b64url, r.int(140, 180)) }),
  kind({ kind: 'rubygems-api-key', family: ['rubygems'], envName: 'GEM_HOST_API_KEY', gen: (r) => 'rubygems_' + r.hex(48) }),
  kind({ kind: 'nuget-api-key', family: ['nuget'], envName: 'NUGET_API_KEY', gen: (r) => 'oy2' + r.str(ALPHA.lowerAlnum, 43) }),
  kind({ kind: 'dockerhub-pat', family: ['docker'], envName: 'DOCKERHUB_TOKEN', gen: (r) => 'dckr_pat_' + r.str(ALPHA.b64url, 27) }),
  kind({ kind: 'docker-config-auth', family: ['docker'], envName: 'auth', hosts: ['docker-config'], gen: (r) => Buffer.from(`${r.pick(userNames)}:${urlPassword(r)}`).toString('base64') }),
  kind({ kind: 'jfrog-api-key', family: ['jfrog', 'artifactory'], envName: 'ARTIFACTORY_API_KEY', gen: (r) => 'AKCp8' + r.alnum(68) }),
  kind({ kind: 'jfrog-reference-token', family: ['jfrog', 'artifactory'], envName: 'JFROG_ACCESS_TOKEN', gen: (r) => 'cmVmdGtuOjAxOj' + r.alnum(50) }),
  kind({ kind: 'maven-settings-password', family: ['maven'], envName: 'password', hosts: ['maven-settings'], gen: strongPassword }),
  kind({ kind: 'netrc-password', family: ['netrc', 'password', 'generic'], envName: 'password', hosts: ['netrc'], gen: urlPassword, count: 6 }),
  kind({ kind: 'composer-auth-password', family: ['composer'], envName: 'password', hosts: ['composer-auth'], gen: (r) => r.str(ALPHA.alnum, 40) }),

  // ── AI ─────────────────────────────────────────────────────────────────
  kind({ kind: 'openai-project-key', family: ['openai'], envName: 'OPENAI_API_KEY', gen: (r) => `sk-proj-${r.str(ALPHA.b64url, 74)}T3BlbkFJ${r.str(ALPHA.b64url, 74)}`, count: 10 }),
  kind({ kind: 'openai-service-account-key', family: ['openai'], envName: 'OPENAI_API_KEY', gen: (r) => `sk-svcacct-${r.str(ALPHA.b64url, 74)}T3BlbkFJ${r.str(ALPHA.b64url, 74)}` }),
  kind({ kind: 'openai-admin-key', family: ['openai'], envName: 'OPENAI_ADMIN_KEY', gen: (r) => `sk-admin-${r.str(ALPHA.b64url, 74)}T3BlbkFJ${r.str(ALPHA.b64url, 74)}`, count: 6 }),
  kind({ kind: 'openai-legacy-key', family: ['openai'], envName: 'OPENAI_API_KEY', gen: (r) => `sk-${r.alnum(20)}T3BlbkFJ${r.alnum(20)}` }),
  kind({ kind: 'anthropic-api-key', family: ['anthropic'], envName: 'ANTHROPIC_API_KEY', gen: (r) => `sk-ant-api03-${r.str(ALPHA.b64url, 93)}AA`, count: 10 }),
  kind({ kind: 'anthropic-admin-key', family: ['anthropic'], envName: 'ANTHROPIC_ADMIN_KEY', gen: (r) => `sk-ant-admin01-${r.str(ALPHA.b64url, 93)}AA`, count: 6 }),
  kind({ kind: 'huggingface-token', family: ['hugging'], envName: 'HF_TOKEN', names: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'], gen: (r) => 'hf_' + r.str(ALPHA.letters, 34) }),
  kind({ kind: 'huggingface-org-token', family: ['hugging'], envName: 'HF_ORG_TOKEN', gen: (r) => 'api_org_' + r.str(ALPHA.letters, 34), count: 6 }),
  kind({ kind: 'cohere-api-key', family: ['cohere'], envName: 'COHERE_API_KEY', names: ['COHERE_API_KEY', 'CO_API_KEY_COHERE'], gen: (r) => r.alnum(40) }),
  kind({ kind: 'mistral-api-key', family: ['mistral'], envName: 'MISTRAL_API_KEY', gen: (r) => r.alnum(32) }),
  kind({ kind: 'groq-api-key', family: ['groq'], envName: 'GROQ_API_KEY', gen: (r) => 'gsk_' + r.alnum(52) }),
  kind({ kind: 'replicate-api-token', family: ['replicate'], envName: 'REPLICATE_API_TOKEN', gen: (r) => 'r8_' + r.alnum(37) }),
  kind({ kind: 'perplexity-api-key', family: ['perplexity'], envName: 'PERPLEXITY_API_KEY', gen: (r) => 'pplx-' + r.alnum(48) }),
  kind({ kind: 'google-gemini-api-key', family: ['gemini', 'google', 'gcp'], envName: 'GEMINI_API_KEY', names: ['GEMINI_API_KEY', 'GOOGLE_GENAI_API_KEY'], gen: (r) => 'AIzaSy' + r.str(ALPHA.b64url, 33) }),
  kind({ kind: 'xai-api-key', family: ['xai'], envName: 'XAI_API_KEY', gen: (r) => 'xai-' + r.alnum(80) }),
  kind({ kind: 'deepseek-api-key', family: ['deepseek'], envName: 'DEEPSEEK_API_KEY', gen: (r) => 'sk-' + r.hex(32) }),

  // ── Messaging and mail ─────────────────────────────────────────────────
  kind({ kind: 'slack-bot-token', family: ['slack'], envName: 'SLACK_BOT_TOKEN', gen: (r) => `xoxb-${r.digits(r.int(10, 13))}-${r.digits(r.int(10, 13))}-${r.alnum(24)}`, count: 10 }),
  kind({ kind: 'slack-user-token', family: ['slack'], envName: 'SLACK_USER_TOKEN', gen: (r) => `xoxp-${r.digits(r.int(10, 13))}-${r.digits(r.int(10, 13))}-${r.digits(13)}-${r.hex(32)}` }),
  kind({ kind: 'slack-app-token', family: ['slack'], envName: 'SLACK_APP_TOKEN', gen: (r) => `xapp-1-A${r.str(ALPHA.upperAlnum, 10)}-${r.digits(13)}-${r.hex(64)}` }),
  kind({ kind: 'slack-config-access-token', family: ['slack'], envName: 'SLACK_CONFIG_TOKEN', gen: (r) => `xoxe.xoxp-1-${r.str(ALPHA.alnum, 150)}`, count: 6 }),
  kind({ kind: 'slack-config-refresh-token', family: ['slack'], envName: 'SLACK_CONFIG_REFRESH_TOKEN', gen: (r) => `xoxe-1-${r.str(ALPHA.alnum, 140)}`, count: 6 }),
  kind({ kind: 'slack-webhook-url', family: ['slack'], envName: 'SLACK_WEBHOOK_URL', gen: (r) => `https://hooks.slack.com/services/T${r.str(ALPHA.upperAlnum, 10)}/B${r.str(ALPHA.upperAlnum, 10)}/${r.alnum(24)}`, count: 10 }),
  kind({
    kind: 'discord-bot-token', family: ['discord'], envName: 'DISCORD_BOT_TOKEN',
    gen: (r) => `${Buffer.from(r.digits(r.int(18, 19))).toString('base64url')}.${r.str(ALPHA.b64url, 6)}.${r.str(ALPHA.b64url, 38)}`,
  }),
  kind({ kind: 'discord-webhook-url', family: ['discord'], envName: 'DISCORD_WEBHOOK_URL', gen: (r) => `https://discord.com/api/webhooks/${r.digits(19)}/${r.str(ALPHA.b64url, 68)}` }),
  kind({ kind: 'telegram-bot-token', family: ['telegram'], envName: 'TELEGRAM_BOT_TOKEN', gen: (r) => `${r.digits(r.int(9, 10))}:AA${r.str(ALPHA.b64url, 33)}` }),
  kind({
    kind: 'twilio-auth-token', family: ['twilio'], envName: 'TWILIO_AUTH_TOKEN', gen: (r) => r.hex(32),
    companions: (r) => [{ t: 'assign', name: 'TWILIO_ACCOUNT_SID', value: lit('', 'AC' + r.hex(32)) }],
  }),
  kind({
    kind: 'twilio-api-key-secret', family: ['twilio'], envName: 'TWILIO_API_SECRET', gen: (r) => r.alnum(32),
    // The API key SID (SK…) names the key; the secret is the credential.
    companions: (r) => [{ t: 'assign', name: 'TWILIO_API_KEY', value: lit('', 'SK' + r.hex(32)) }],
  }),
  kind({ kind: 'sendgrid-api-key', family: ['sendgrid'], envName: 'SENDGRID_API_KEY', gen: (r) => `SG.${r.str(ALPHA.b64url, 22)}.${r.str(ALPHA.b64url, 43)}`, count: 10 }),
  kind({ kind: 'mailgun-api-key', family: ['mailgun'], envName: 'MAILGUN_API_KEY', gen: (r) => 'key-' + r.hex(32) }),
  kind({ kind: 'mailgun-private-key', family: ['mailgun'], envName: 'MAILGUN_API_KEY', gen: (r) => `${r.hex(32)}-${r.hex(8)}-${r.hex(8)}` }),
  kind({ kind: 'mailchimp-api-key', family: ['mailchimp'], envName: 'MAILCHIMP_API_KEY', gen: (r) => `${r.hex(32)}-us${r.int(1, 21)}` }),
  kind({ kind: 'postmark-server-token', family: ['postmark'], envName: 'POSTMARK_SERVER_TOKEN', names: ['POSTMARK_SERVER_TOKEN', 'POSTMARK_API_TOKEN'], gen: (r) => r.uuid() }),
  kind({ kind: 'mandrill-api-key', family: ['mandrill', 'mailchimp'], envName: 'MANDRILL_API_KEY', gen: (r) => r.str(ALPHA.b64url, 22) }),

  // ── Payments and commerce ──────────────────────────────────────────────
  kind({ kind: 'stripe-secret-key', family: ['stripe'], envName: 'STRIPE_SECRET_KEY', gen: (r) => 'sk_live_' + r.alnum(r.pick([24, 99])), count: 12 }),
  kind({ kind: 'stripe-restricted-key', family: ['stripe'], envName: 'STRIPE_RESTRICTED_KEY', gen: (r) => 'rk_live_' + r.alnum(r.pick([24, 99])) }),
  kind({ kind: 'stripe-webhook-secret', family: ['stripe'], envName: 'STRIPE_WEBHOOK_SECRET', gen: (r) => 'whsec_' + r.str(ALPHA.b64, 32).replace(/[+/]/g, 'k') }),
  kind({ kind: 'square-access-token', family: ['square'], envName: 'SQUARE_ACCESS_TOKEN', gen: (r) => 'EAAA' + r.str(ALPHA.b64url, 60) }),
  kind({ kind: 'square-oauth-secret', family: ['square'], envName: 'SQUARE_APPLICATION_SECRET', gen: (r) => 'sq0csp-' + r.str(ALPHA.b64url, 43) }),
  kind({ kind: 'square-legacy-access-token', family: ['square'], envName: 'SQUARE_ACCESS_TOKEN', gen: (r) => 'sq0atp-' + r.str(ALPHA.b64url, 22), count: 6 }),
  kind({ kind: 'braintree-access-token', family: ['braintree', 'paypal'], envName: 'BRAINTREE_ACCESS_TOKEN', gen: (r) => `access_token$production$${r.str(ALPHA.lowerAlnum, 16)}$${r.hex(32)}` }),
  kind({ kind: 'paypal-client-secret', family: ['paypal'], envName: 'PAYPAL_CLIENT_SECRET', gen: (r) => 'E' + r.str(ALPHA.b64url, 79) }),
  kind({ kind: 'shopify-admin-token', family: ['shopify'], envName: 'SHOPIFY_ACCESS_TOKEN', gen: (r) => 'shpat_' + r.hex(32) }),
  kind({ kind: 'shopify-custom-app-token', family: ['shopify'], envName: 'SHOPIFY_ACCESS_TOKEN', gen: (r) => 'shpca_' + r.hex(32), count: 6 }),
  kind({ kind: 'shopify-private-app-token', family: ['shopify'], envName: 'SHOPIFY_PASSWORD', gen: (r) => 'shppa_' + r.hex(32), count: 6 }),
  kind({ kind: 'shopify-shared-secret', family: ['shopify'], envName: 'SHOPIFY_API_SECRET', gen: (r) => 'shpss_' + r.hex(32) }),
  kind({ kind: 'adyen-api-key', family: ['adyen'], envName: 'ADYEN_API_KEY', gen: (r) => `AQE${r.str(ALPHA.b64, 100)}=-${r.str(ALPHA.b64, 43)}=-${r.alnum(16)}` }),

  // ── Observability and SaaS ─────────────────────────────────────────────
  kind({ kind: 'datadog-api-key', family: ['datadog'], envName: 'DD_API_KEY', names: ['DD_API_KEY', 'DATADOG_API_KEY'], gen: (r) => r.hex(32), count: 10 }),
  kind({ kind: 'datadog-app-key', family: ['datadog'], envName: 'DD_APP_KEY', names: ['DD_APP_KEY', 'DATADOG_APP_KEY', 'DD_APPLICATION_KEY'], gen: (r) => r.hex(40) }),
  kind({ kind: 'newrelic-user-key', family: ['new-relic', 'newrelic'], envName: 'NEW_RELIC_API_KEY', gen: (r) => 'NRAK-' + r.str(ALPHA.upperAlnum, 27) }),
  kind({ kind: 'newrelic-license-key', family: ['new-relic', 'newrelic'], envName: 'NEW_RELIC_LICENSE_KEY', gen: (r) => r.hex(36) + 'NRAL' }),
  kind({ kind: 'newrelic-insert-key', family: ['new-relic', 'newrelic'], envName: 'NEW_RELIC_INSERT_KEY', gen: (r) => 'NRII-' + r.str(ALPHA.b64url, 32), count: 6 }),
  kind({ kind: 'newrelic-browser-key', family: ['new-relic', 'newrelic'], envName: 'NEW_RELIC_BROWSER_KEY', gen: (r) => 'NRJS-' + r.hex(19), count: 6 }),
  // Only the legacy DSN carries a secret key (`public:secret@`); a modern DSN is public by design (see negatives).
  kind({ kind: 'sentry-dsn-with-secret', family: ['sentry'], envName: 'SENTRY_DSN', gen: (r) => lit(`https://${r.hex(32)}:`, r.hex(32), `@sentry.${r.pick(['acme.io', 'io'])}/${r.digits(6)}`) }),
  kind({
    kind: 'sentry-org-token', family: ['sentry'], envName: 'SENTRY_AUTH_TOKEN',
    gen: (r) => `sntrys_${b64urlJson({ iat: 1760000000 + r.int(0, 9999999), url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: r.pick(['acme', 'kestrel']) })}_${r.str(ALPHA.b64url, 43)}`,
  }),
  kind({ kind: 'sentry-user-token', family: ['sentry'], envName: 'SENTRY_AUTH_TOKEN', gen: (r) => 'sntryu_' + r.hex(64) }),
  kind({
    kind: 'grafana-cloud-token', family: ['grafana'], envName: 'GRAFANA_CLOUD_TOKEN',
    gen: (r) => 'glc_' + b64urlJson({ o: r.digits(6), n: `stack-${r.digits(6)}-hm-write-${r.pick(['deploy', 'alloy'])}`, k: r.alnum(24), m: { r: r.pick(['prod-us-east-0', 'prod-eu-west-2']) } }),
  }),
  kind({ kind: 'grafana-service-account-token', family: ['grafana'], envName: 'GRAFANA_SA_TOKEN', gen: (r) => `glsa_${r.alnum(32)}_${r.hex(8)}` }),
  kind({ kind: 'pagerduty-api-token', family: ['pagerduty'], envName: 'PAGERDUTY_API_TOKEN', names: ['PAGERDUTY_API_TOKEN', 'PAGERDUTY_TOKEN'], gen: (r) => r.pick(['u+', 'y_', '']) + r.str(ALPHA.alnum + '_-', 18) }),
  kind({ kind: 'honeycomb-api-key', family: ['honeycomb'], envName: 'HONEYCOMB_API_KEY', names: ['HONEYCOMB_API_KEY', 'HONEYCOMB_WRITEKEY'], gen: (r) => r.alnum(22) }),
  kind({ kind: 'atlassian-api-token', family: ['atlassian', 'jira', 'confluence'], envName: 'JIRA_API_TOKEN', names: ['JIRA_API_TOKEN', 'ATLASSIAN_API_TOKEN', 'CONFLUENCE_API_TOKEN'], gen: (r) => `ATATT3xFfGF0${r.str(ALPHA.b64url, 170)}=${r.str(ALPHA.hexUpper, 8)}` }),
  kind({ kind: 'linear-api-key', family: ['linear'], envName: 'LINEAR_API_KEY', gen: (r) => 'lin_api_' + r.alnum(40) }),
  kind({ kind: 'notion-integration-token', family: ['notion'], envName: 'NOTION_TOKEN', gen: (r) => `ntn_${r.digits(11)}${r.alnum(35)}` }),
  kind({ kind: 'notion-legacy-secret', family: ['notion'], envName: 'NOTION_API_KEY', gen: (r) => 'secret_' + r.alnum(43), count: 6 }),
  kind({ kind: 'airtable-pat', family: ['airtable'], envName: 'AIRTABLE_TOKEN', gen: (r) => `pat${r.alnum(14)}.${r.hex(64)}` }),
  kind({ kind: 'hubspot-private-app-token', family: ['hubspot'], envName: 'HUBSPOT_ACCESS_TOKEN', gen: (r) => `pat-${r.pick(['na1', 'eu1'])}-${r.uuid()}` }),
  kind({ kind: 'asana-pat', family: ['asana'], envName: 'ASANA_ACCESS_TOKEN', gen: (r) => (r.chance(0.5) ? `2/${r.digits(16)}/${r.digits(16)}:${r.hex(32)}` : `1/${r.digits(16)}:${r.hex(32)}`) }),
  kind({ kind: 'okta-api-token', family: ['okta'], envName: 'OKTA_API_TOKEN', names: ['OKTA_API_TOKEN', 'OKTA_CLIENT_TOKEN'], gen: (r) => '00' + r.str(ALPHA.b64url, 40) }),
  kind({ kind: 'auth0-client-secret', family: ['auth0'], envName: 'AUTH0_CLIENT_SECRET', gen: (r) => r.str(ALPHA.b64url, 64) }),
  kind({ kind: 'twitch-client-secret', family: ['twitch'], envName: 'TWITCH_CLIENT_SECRET', gen: (r) => r.str(ALPHA.lowerAlnum, 30) }),
  kind({ kind: 'dropbox-short-lived-token', family: ['dropbox'], envName: 'DROPBOX_ACCESS_TOKEN', gen: (r) => 'sl.' + r.pick(['B', 'u.A']) + r.str(ALPHA.b64url, 135) }),
  kind({ kind: 'figma-pat', family: ['figma'], envName: 'FIGMA_TOKEN', gen: (r) => 'figd_' + r.str(ALPHA.b64url, 40) }),
  kind({ kind: 'postman-api-key', family: ['postman'], envName: 'POSTMAN_API_KEY', gen: (r) => `PMAK-${r.hex(24)}-${r.hex(34)}` }),
  kind({ kind: 'algolia-admin-key', family: ['algolia'], envName: 'ALGOLIA_ADMIN_API_KEY', names: ['ALGOLIA_ADMIN_API_KEY', 'ALGOLIA_ADMIN_KEY'], gen: (r) => r.hex(32) }),

  // ── Secrets infrastructure ─────────────────────────────────────────────
  kind({ kind: 'vault-service-token', family: ['vault', 'hashicorp'], envName: 'VAULT_TOKEN', gen: (r) => 'hvs.' + r.str(ALPHA.b64url, r.int(90, 100)), count: 10 }),
  kind({ kind: 'vault-batch-token', family: ['vault', 'hashicorp'], envName: 'VAULT_TOKEN', gen: (r) => 'hvb.' + r.str(ALPHA.b64url, 138), count: 6 }),
  kind({ kind: 'vault-legacy-token', family: ['vault', 'hashicorp'], envName: 'VAULT_TOKEN', gen: (r) => 's.' + r.alnum(24) }),
  kind({ kind: 'terraform-cloud-token', family: ['terraform', 'hashicorp'], envName: 'TFE_TOKEN', names: ['TFE_TOKEN', 'TF_TOKEN_app_terraform_io'], gen: (r) => `${r.alnum(14)}.atlasv1.${r.str(ALPHA.b64url, 67)}` }),
  kind({ kind: 'doppler-service-token', family: ['doppler'], envName: 'DOPPLER_TOKEN', gen: (r) => `dp.st.${r.pick(['prd', 'stg', 'dev_api'])}.${r.alnum(40)}` }),
  kind({ kind: 'doppler-personal-token', family: ['doppler'], envName: 'DOPPLER_TOKEN', gen: (r) => 'dp.pt.' + r.alnum(43), count: 6 }),
  kind({ kind: 'pulumi-access-token', family: ['pulumi'], envName: 'PULUMI_ACCESS_TOKEN', gen: (r) => 'pul-' + r.hex(40) }),
  kind({
    kind: 'onepassword-service-account-token', family: ['1password', 'onepassword'], envName: 'OP_SERVICE_ACCOUNT_TOKEN',
    gen: (r) => 'ops_' + b64urlJson({
      signInAddress: 'my.1password.com', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: r.str(ALPHA.b64url, 22) },
      email: `${r.str(ALPHA.lower, 13)}@1passwordserviceaccounts.com`, srpX: r.hex(64),
      muk: { alg: 'A256GCM', ext: false, k: r.str(ALPHA.b64url, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
      secretKey: `A3-${r.str(ALPHA.upperAlnum, 6)}-${r.str(ALPHA.upperAlnum, 6)}-${r.str(ALPHA.upperAlnum, 5)}-${r.str(ALPHA.upperAlnum, 5)}-${r.str(ALPHA.upperAlnum, 5)}-${r.str(ALPHA.upperAlnum, 5)}`,
      throttleSecret: { seed: r.hex(64), deviceUuid: r.str(ALPHA.lowerAlnum, 26) }, deviceUuid: r.str(ALPHA.lowerAlnum, 26),
    }),
  }),
  kind({ kind: 'infisical-service-token', family: ['infisical'], envName: 'INFISICAL_TOKEN', gen: (r) => `st.${r.uuid()}.${r.hex(32)}.${r.hex(32)}` }),

  // ── Keys and certificates ──────────────────────────────────────────────
  kind({ kind: 'rsa-private-key', family: ['private-key', 'key'], envName: 'RSA_PRIVATE_KEY', hosts: PEM_HOSTS, gen: (r) => pem(r, 'RSA PRIVATE KEY', 'MIIEpAIBAAKCAQEA', 1170), count: 10 }),
  kind({ kind: 'pkcs8-private-key', family: ['private-key', 'key'], envName: 'PRIVATE_KEY', hosts: PEM_HOSTS, gen: (r) => pem(r, 'PRIVATE KEY', 'MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQ', 1170), count: 10 }),
  kind({ kind: 'ec-private-key', family: ['private-key', 'key'], envName: 'EC_PRIVATE_KEY', hosts: PEM_HOSTS, gen: (r) => pem(r, 'EC PRIVATE KEY', 'MHcCAQEEI', 110) }),
  kind({ kind: 'dsa-private-key', family: ['private-key', 'key'], envName: 'DSA_PRIVATE_KEY', hosts: ['pem-file', 'yaml-app', 'python'], gen: (r) => pem(r, 'DSA PRIVATE KEY', 'MIIBuwIBAAKBgQ', 430), count: 6 }),
  kind({ kind: 'openssh-private-key', family: ['private-key', 'key', 'ssh'], envName: 'SSH_PRIVATE_KEY', hosts: PEM_HOSTS, gen: opensshEd25519, count: 10 }),
  kind({
    kind: 'pgp-private-key', family: ['private-key', 'pgp', 'key'], envName: 'GPG_PRIVATE_KEY', hosts: ['pem-file', 'yaml-app', 'shell', 'dotenv'],
    gen: (r) => {
      const body = ('lQVYBG' + r.base64Bytes(1300)).match(/.{1,64}/g)!.join('\n');
      return `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${body}\n=${r.str(ALPHA.b64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`;
    },
    count: 6,
  }),
  kind({
    kind: 'putty-private-key', family: ['private-key', 'putty', 'key'], envName: 'PUTTY_KEY', hosts: ['pem-file'],
    gen: (r) => {
      const pub = ('AAAAC3NzaC1lZDI1NTE5AAAAI' + r.base64Bytes(32)).replace(/=+$/, '');
      const priv = ('AAAAI' + r.base64Bytes(32)).replace(/=+$/, '');
      return `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ${r.pick(['deploy@bastion', 'ci-runner'])}\nPublic-Lines: 2\n${pub.slice(0, 64)}\n${pub.slice(64)}\nPrivate-Lines: 1\n${priv}\nPrivate-MAC: ${r.hex(64)}`;
    },
    count: 6,
  }),
  kind({ kind: 'encrypted-pkcs8-private-key', family: ['private-key', 'key'], envName: 'PRIVATE_KEY', hosts: PEM_HOSTS, gen: (r) => pem(r, 'ENCRYPTED PRIVATE KEY', 'MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI', 1250), count: 6 }),
  kind({
    kind: 'encrypted-rsa-private-key', family: ['private-key', 'key'], envName: 'RSA_PRIVATE_KEY', hosts: ['pem-file', 'yaml-app'],
    gen: (r) => pem(r, 'RSA PRIVATE KEY', '', 1190, ['Proc-Type: 4,ENCRYPTED', `DEK-Info: AES-256-CBC,${r.str(ALPHA.hexUpper, 32)}`]), count: 6,
  }),
  kind({ kind: 'kubeconfig-client-key-data', family: ['kube', 'private-key', 'key'], envName: 'client-key-data', hosts: ['kubeconfig'], gen: (r) => Buffer.from(pem(r, 'RSA PRIVATE KEY', 'MIIEowIBAAKCAQEA', 1170) + '\n').toString('base64') }),
  kind({
    kind: 'kubeconfig-token', family: ['kube', 'jwt', 'token'], envName: 'token', hosts: ['kubeconfig'],
    gen: (r) => jwt(r, 'RS256', { iss: 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/namespace': r.pick(['ci', 'deploy']), 'kubernetes.io/serviceaccount/secret.name': `deployer-token-${r.str(ALPHA.lowerAlnum, 5)}`, 'kubernetes.io/serviceaccount/service-account.name': 'deployer', 'kubernetes.io/serviceaccount/service-account.uid': r.uuid(), sub: 'system:serviceaccount:ci:deployer' }),
  }),
  kind({
    kind: 'jwt-bearer-token', family: ['jwt', 'bearer', 'token'], envName: 'SERVICE_JWT', names: ['SERVICE_JWT', 'API_ACCESS_TOKEN', 'AUTH_TOKEN'],
    gen: (r) => jwt(r, r.pick(['HS256', 'RS256'] as const), { iss: `https://auth.${r.pick(['acme', 'kestrel'])}.io/`, sub: `svc-${r.str(ALPHA.lower, 6)}`, aud: 'https://api.acme.io', scope: 'orders:write invoices:read', iat: 1763000000 + r.int(0, 9999999), exp: 1893456000 + r.int(0, 9999999), jti: r.uuid() }),
    count: 10,
  }),
  kind({ kind: 'pkcs12-base64', family: ['pkcs12', 'p12', 'pfx', 'certificate', 'key'], envName: 'CERTIFICATE_PFX_BASE64', names: ['CERTIFICATE_PFX_BASE64', 'SIGNING_KEYSTORE_P12', 'CLIENT_CERT_PFX'], gen: pkcs12Base64 }),

  // ── Connection strings and credentials in URLs ─────────────────────────
  kind({ kind: 'postgres-url', family: ['connection', 'postgres', 'url', 'uri', 'database'], envName: 'DATABASE_URL', gen: (r) => lit(`postgres${r.pick(['', 'ql'])}://${r.pick(userNames)}:`, urlPassword(r), `@${r.pick(hostNames)}:5432/${r.pick(['orders', 'app', 'analytics'])}${r.pick(['', '?sslmode=require'])}`), count: 12 }),
  kind({ kind: 'mysql-url', family: ['connection', 'mysql', 'url', 'uri', 'database'], envName: 'MYSQL_URL', gen: (r) => lit(`mysql://${r.pick(userNames)}:`, urlPassword(r), `@${r.pick(hostNames)}:3306/${r.pick(['shop', 'wp'])}`) }),
  kind({ kind: 'mongodb-url', family: ['connection', 'mongo', 'url', 'uri', 'database'], envName: 'MONGO_URL', gen: (r) => lit(`mongodb://${r.pick(userNames)}:`, urlPassword(r), `@${r.pick(hostNames)}:27017/${r.pick(['events', 'catalog'])}?authSource=admin`) }),
  kind({ kind: 'mongodb-srv-url', family: ['connection', 'mongo', 'url', 'uri', 'database'], envName: 'MONGODB_URI', gen: (r) => lit(`mongodb+srv://${r.pick(userNames)}:`, urlPassword(r), `@cluster0.${r.str(ALPHA.lowerAlnum, 5)}.mongodb.net/${r.pick(['prod', 'app'])}?retryWrites=true&w=majority`) }),
  kind({ kind: 'redis-url', family: ['connection', 'redis', 'url', 'uri'], envName: 'REDIS_URL', gen: (r) => lit(`redis${r.pick(['', 's'])}://${r.pick(['', 'default'])}:`, urlPassword(r), `@${r.pick(hostNames)}:6379/0`) }),
  kind({ kind: 'amqp-url', family: ['connection', 'amqp', 'rabbit', 'url', 'uri'], envName: 'AMQP_URL', names: ['AMQP_URL', 'RABBITMQ_URL', 'CELERY_BROKER_URL'], gen: (r) => lit(`amqp${r.pick(['', 's'])}://${r.pick(userNames)}:`, urlPassword(r), `@${r.pick(hostNames)}:5672/${r.pick(['%2F', 'orders'])}`) }),
  kind({ kind: 'mssql-ado-connection-string', family: ['connection', 'mssql', 'sqlserver', 'ado', 'database'], envName: 'SQL_CONNECTION_STRING', names: ['SQL_CONNECTION_STRING', 'ConnectionStrings__Default'], gen: (r) => lit(`Server=tcp:${r.pick(['sql-prod.database.windows.net', '10.1.4.20'])},1433;Initial Catalog=${r.pick(['Orders', 'Billing'])};User ID=${r.pick(userNames)};Password=`, strongPassword(r).replace(/[;=]/g, 'Q'), ';Encrypt=True;TrustServerCertificate=False;') }),
  kind({ kind: 'jdbc-url-password', family: ['connection', 'jdbc', 'url', 'database'], envName: 'JDBC_URL', names: ['JDBC_URL', 'SPRING_DATASOURCE_URL'], gen: (r) => lit(`jdbc:${r.pick(['mysql', 'postgresql'])}://${r.pick(hostNames)}/${r.pick(['orders', 'hr'])}?user=${r.pick(userNames)}&password=`, urlPassword(r), r.pick(['', '&ssl=true'])) }),
  kind({ kind: 'ldap-url', family: ['connection', 'ldap', 'url', 'uri'], envName: 'LDAP_URL', gen: (r) => lit(`ldaps://${r.pick(['binduser', 'svc_ldap'])}:`, urlPassword(r), `@${r.pick(hostNames)}:636/dc=acme,dc=io`), count: 6 }),
  kind({ kind: 'ftp-url', family: ['connection', 'ftp', 'url', 'uri'], envName: 'FTP_URL', gen: (r) => lit(`${r.pick(['ftp', 'sftp'])}://${r.pick(userNames)}:`, urlPassword(r), `@${r.pick(hostNames)}/outbound`), count: 6 }),
  kind({ kind: 'smtp-url', family: ['connection', 'smtp', 'url', 'uri', 'mail'], envName: 'SMTP_URL', names: ['SMTP_URL', 'EMAIL_URL', 'MAILER_DSN'], gen: (r) => lit(`smtp${r.pick(['', 's'])}://${r.pick(['apikey', 'postmaster', 'noreply'])}:`, urlPassword(r), `@${r.pick(hostNames)}:587`) }),
  kind({ kind: 'https-url-credentials', family: ['connection', 'url', 'uri', 'basic', 'http'], envName: 'REPO_URL', names: ['REPO_URL', 'REGISTRY_URL', 'WEBHOOK_URL'], gen: (r) => lit(`https://${r.pick(userNames)}:`, urlPassword(r), `@${r.pick(hostNames)}/${r.pick(['acme/infra.git', 'v2/', 'hooks/deploy'])}`) }),

  // ── Credentials in command lines and headers ───────────────────────────
  kind({
    kind: 'basic-auth-header', family: ['basic', 'auth', 'header', 'http'], envName: 'AUTH_HEADER', hosts: LINE_HOSTS,
    gen: (r) => Buffer.from(`${r.pick(userNames)}:${urlPassword(r)}`).toString('base64'),
    line: (r, s) => [`curl -sS -H "Authorization: Basic `, lbl(s), `" https://${r.pick(hostNames)}/api/v1/${r.pick(['reports', 'jobs'])}`],
  }),
  kind({
    kind: 'bearer-token-header', family: ['bearer', 'auth', 'header', 'http', 'token'], envName: 'AUTH_HEADER', hosts: LINE_HOSTS,
    gen: (r) => r.str(ALPHA.b64url, r.int(32, 48)),
    line: (r, s) => [`curl -X POST -H 'Authorization: Bearer `, lbl(s), `' https://${r.pick(hostNames)}/v2/${r.pick(['deploy', 'sync'])}`],
  }),
  kind({
    kind: 'curl-user-password', family: ['curl', 'basic', 'cli', 'password'], envName: 'CURL', hosts: LINE_HOSTS,
    gen: urlPassword,
    line: (r, s) => [`curl -fsSL -u ${r.pick(userNames)}:`, lbl(s), ` https://${r.pick(hostNames)}/artifactory/api/${r.pick(['npm', 'pypi'])}/auth`],
  }),
  kind({
    kind: 'docker-login-password', family: ['docker', 'cli', 'password'], envName: 'DOCKER', hosts: LINE_HOSTS,
    gen: urlPassword,
    line: (r, s) => [`docker login ${r.pick(['registry.acme.io', 'ghcr.io', 'quay.io'])} -u ${r.pick(userNames)} -p `, lbl(s)],
  }),
  kind({
    kind: 'mysql-cli-password', family: ['mysql', 'cli', 'password'], envName: 'MYSQL', hosts: LINE_HOSTS,
    gen: urlPassword,
    line: (r, s) => [`mysqldump -h ${r.pick(hostNames)} -u ${r.pick(userNames)} -p'`, lbl(s), `' ${r.pick(['shop', 'orders'])} > /backup/dump.sql`],
  }),
  kind({
    kind: 'cli-password-flag', family: ['cli', 'password', 'flag'], envName: 'CLI', hosts: LINE_HOSTS,
    gen: urlPassword,
    line: (r, s) => [`${r.pick(['./bin/migrate', 'vault-sync', 'psql-loader', 'java -jar tools/importer.jar'])} --db-host=${r.pick(hostNames)} --password=`, lbl(s), ` --verbose`],
  }),
  kind({
    kind: 'sshpass-password', family: ['cli', 'password', 'ssh'], envName: 'SSHPASS', hosts: LINE_HOSTS, count: 6,
    gen: urlPassword,
    line: (r, s) => [`sshpass -p '`, lbl(s), `' ssh -o StrictHostKeyChecking=no ${r.pick(userNames)}@${r.pick(hostNames)} 'systemctl restart app'`],
  }),

  // ── Generic: secrets by the name they are assigned to ──────────────────
  ...(['dotenv', 'shell', 'python', 'javascript', 'typescript', 'go', 'java', 'csharp', 'ruby', 'php', 'yaml-compose', 'yaml-k8s', 'yaml-app', 'json', 'toml', 'ini', 'properties', 'hcl', 'xml', 'dockerfile'] as const).map((host) =>
    kind({
      kind: `generic-password-${host}`, family: ['generic', 'password'], envName: 'DB_PASSWORD', hosts: [host], count: 7,
      names: ['DB_PASSWORD', 'ADMIN_PASSWORD', 'SMTP_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'REDIS_PASS', 'LDAP_BIND_PASSWORD', 'KEYSTORE_PASSWORD', 'RABBITMQ_DEFAULT_PASS', 'DB_PASSWD', 'SFTP_PWD'],
      gen: strongPassword,
    })),
  kind({ kind: 'generic-client-secret', family: ['generic', 'secret'], envName: 'CLIENT_SECRET', names: ['CLIENT_SECRET', 'OAUTH_CLIENT_SECRET', 'APP_SECRET', 'SESSION_SECRET', 'JWT_SECRET', 'SECRET_KEY_BASE', 'DJANGO_SECRET_KEY'], gen: (r) => r.str(ALPHA.b64url, r.int(32, 64)), count: 24 }),
  kind({ kind: 'generic-api-token', family: ['generic', 'token'], envName: 'API_TOKEN', names: ['API_TOKEN', 'ACCESS_TOKEN', 'AUTH_TOKEN', 'INTERNAL_API_TOKEN', 'PARTNER_TOKEN'], gen: (r) => r.str(ALPHA.alnum, r.int(32, 48)), count: 20 }),
  kind({ kind: 'generic-api-key', family: ['generic', 'key'], envName: 'API_KEY', names: ['API_KEY', 'PARTNER_API_KEY', 'PAYMENTS_API_KEY', 'X_API_KEY', 'ENCRYPTION_KEY'], gen: (r) => r.pick([r.hex(40), r.str(ALPHA.b64, 44), r.alnum(36)]), count: 20 }),
];

function lbl(text: string): Seg {
  // The label is filled in by the generator (it knows the kind); this marks the secret's place.
  return { text, label: { kind: '', positive: true } };
}

export type { Entry };
