/**
 * secret/kubeconfig: credentials inside a kubeconfig — `client-key-data` (the
 * base64 PEM private key of a client certificate), a user's static `token` or
 * basic-auth `password`, and OIDC `auth-provider` secrets. `client-certificate-data`
 * and `certificate-authority-data` are public and never reported. Except for
 * `client-key-data`, findings are kept only in files that are kubeconfigs
 * (`kind: Config`, or `clusters:` with `users:`/`current-context`).
 */
import { secretRule, type Verdict } from '../../server/src/engine/secrets/detector';
import { decodeBase64Loose } from '../../server/src/engine/secrets/formats';
import { isPlaceholderPassword, refineFindings } from './_keys-connections';
import * as K from './_key-samples';

// Sample material only (see __NHI_SAMPLES__): not built into bundles.
const EC_KEY_DATA = __NHI_SAMPLES__ ? Buffer.from(K.EC_SEC1).toString('base64') : '';
const CERT_DATA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBfjCCASWgAwIBAgIUQ3y0S2tV4nJx9mWqfTkq1LhY1aIwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n').toString('base64');
const KUBECONFIG_HEAD = 'apiVersion: v1\nkind: Config\nclusters:\n- name: prod-eu\n  cluster:\n    server: https://10.4.0.1:6443\nusers:\n';

const TITLES = {
  token: 'kubeconfig user token',
  password: 'kubeconfig user password',
  authProvider: 'kubeconfig auth-provider (OIDC) secret',
};

/** The file is a kubeconfig, as far as its text says. */
function isKubeconfig(text: string): boolean {
  return /\bkind:[ \t]*["']?Config\b/.test(text) || (/(?:^|\n|\\n)clusters:/.test(text) && /(?:^|\n|\\n)(?:users|current-context):/.test(text));
}

const placeholder = (value: string): Verdict => (isPlaceholderPassword(value) ? 'reject' : 'plausible');

const rule = secretRule({
  id: 'secret/kubeconfig',
  title: 'Credential in a kubeconfig',
  rotateUrl: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/',
  detectors: [
    {
      name: 'client-key-data',
      title: 'kubeconfig client-key-data (client certificate private key)',
      keywords: ['client-key-data'],
      pattern: /client-key-data\\?["']?[ \t]{0,4}:[ \t]{0,4}\\?["']?(?<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{80,24000}={0,2})(?![A-Za-z0-9+/=])/g,
      verify: (value) => (/-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----/.test(decodeBase64Loose(value)?.toString('latin1') ?? '') ? 'plausible' : 'reject'),
      allowRegular: true,
      envName: 'KUBE_CLIENT_KEY_DATA',
      samples: __NHI_SAMPLES__ && {
        positive: [`    client-key-data: ${EC_KEY_DATA}`, `{"client-key-data": "${EC_KEY_DATA}"}`],
        negative: [`    client-certificate-data: ${CERT_DATA}`, `    client-key-data: ${CERT_DATA}`, '    client-key-data: <base64-encoded-key>', '    client-key: /home/ci/.kube/ci.key'],
      },
    },
    {
      name: 'user-token',
      title: TITLES.token,
      keywords: ['token'],
      pattern: /(?<![\w-])user:[ \t]*(?:\r?\n|(?:\\r)?\\n)(?:[ \t]{2,16}(?:[\w-]{1,40}:|#)[^\r\n\\]{0,4000}(?:\r?\n|(?:\\r)?\\n)){0,8}[ \t]{2,16}token:[ \t]*["']?(?<secret>[A-Za-z0-9._~+/=:-]{16,4096})["']?(?=[ \t]*(?:\r?\n|(?:\\r)?\\n|$))/g,
      minEntropy: 3.5,
      verify: placeholder,
      envName: 'KUBE_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [`${KUBECONFIG_HEAD}- name: ci-deployer\n  user:\n    token: 9f3kd02.l4xqz8w0v7r2m6np\n`, `${KUBECONFIG_HEAD}- name: ops\n  user:\n    client-certificate-data: ${CERT_DATA}\n    token: q8ZtP3vN6mX1rL0sW4yK7bH2cJ9dF5gA`],
        negative: [`${KUBECONFIG_HEAD}- name: ci\n  user:\n    token: \${KUBE_TOKEN}\n`, `${KUBECONFIG_HEAD}- name: ci\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n`, `${KUBECONFIG_HEAD}- name: ci\n  user:\n    token: <paste-your-token-here>\n`],
      },
    },
    {
      name: 'user-password',
      title: TITLES.password,
      keywords: ['password'],
      pattern: /(?<![\w-])user:[ \t]*(?:\r?\n|(?:\\r)?\\n)(?:[ \t]{2,16}(?:[\w-]{1,40}:|#)[^\r\n\\]{0,4000}(?:\r?\n|(?:\\r)?\\n)){0,8}[ \t]{2,16}password:[ \t]*["']?(?<secret>[^\s"'\\]{3,256})["']?(?=[ \t]*(?:\r?\n|(?:\\r)?\\n|$))/g,
      verify: placeholder,
      envName: 'KUBE_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: [`${KUBECONFIG_HEAD}- name: legacy-admin\n  user:\n    username: admin\n    password: Vq7-rT2m!xP9zL\n`],
        negative: [`${KUBECONFIG_HEAD}- name: legacy-admin\n  user:\n    username: admin\n    password: changeme\n`],
      },
    },
    {
      name: 'auth-provider-secret',
      title: TITLES.authProvider,
      keywords: ['client-secret', 'refresh-token', 'id-token', 'access-token'],
      pattern: /(?<![\w-])(?:client-secret|refresh-token|id-token|access-token):[ \t]*["']?(?<secret>[A-Za-z0-9._~+/=-]{16,4096})["']?(?=[ \t]*(?:\r?\n|(?:\\r)?\\n|$))/g,
      minEntropy: 3.5,
      verify: placeholder,
      envName: 'KUBE_OIDC_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: [`${KUBECONFIG_HEAD}- name: oidc\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        client-id: kubernetes\n        client-secret: Zx81kQm2Lr9TfW4bYp6s\n`],
        negative: [`${KUBECONFIG_HEAD}- name: oidc\n  user:\n    auth-provider:\n      config:\n        client-secret: \${OIDC_CLIENT_SECRET}\n`],
      },
    },
  ],
});

/** Titles of the detectors whose shape is only a credential inside a kubeconfig. */
const NEEDS_KUBECONFIG = Object.values(TITLES);

export const kubeconfig = refineFindings(rule, (draft, ctx) =>
  NEEDS_KUBECONFIG.some((t) => draft.message.startsWith(`${t} `)) && !isKubeconfig(ctx.document.text) ? undefined : draft,
);
