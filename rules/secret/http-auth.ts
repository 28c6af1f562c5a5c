/**
 * secret/http-auth: credentials in HTTP authentication as written in code,
 * scripts and request files — `Authorization: Basic <base64 user:pass>`
 * (decoded and checked), `Authorization: Bearer <token>`, `curl -u user:pass`,
 * `wget --password=`, `docker login -p`, `sshpass -p`, and `.netrc` entries.
 * References (`$TOKEN`, `${…}`, `<token>`), `--password-stdin` and stand-ins are
 * not reported; a bearer value that is a JWT is judged like secret/jwt (the
 * jwt.io sample and `alg: none` tokens are not credentials).
 */
import { secretRule, type Verdict } from '../../server/src/engine/secrets/detector';
import { decodeBase64Loose } from '../../server/src/engine/secrets/formats';
import { isPlaceholder, shannonEntropy } from '../../server/src/engine/secrets/values';
import { isPlaceholderPassword, judgeJwt } from './_keys-connections';
import * as K from './_key-samples';

const password = (value: string): Verdict => (isPlaceholderPassword(value) ? 'reject' : 'plausible');

/** base64(user:password) with a real password, or base64(apikey:) with a random key as the user. */
function basicCredentials(value: string): Verdict {
  const decoded = decodeBase64Loose(value)?.toString('utf8') ?? '';
  if (!/^[\x20-\x7e]{3,400}$/.test(decoded)) return 'reject';
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'reject';
  const user = decoded.slice(0, colon);
  const pass = decoded.slice(colon + 1);
  if (pass === '') return user.length >= 16 && shannonEntropy(user) >= 3.5 && !isPlaceholder(user) ? 'plausible' : 'reject';
  return isPlaceholderPassword(pass) ? 'reject' : 'plausible';
}

function bearer(token: string): Verdict {
  if (/^eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]*$/.test(token)) return judgeJwt(token) === 'reject' ? 'reject' : 'plausible';
  if (!/[0-9]/.test(token) || !/[A-Za-z]/.test(token) || isPlaceholderPassword(token)) return 'reject';
  return 'plausible';
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export const httpAuth = secretRule({
  id: 'secret/http-auth',
  title: 'Hard-coded HTTP or CLI credential',
  rotateUrl: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  detectors: [
    {
      name: 'basic-auth-header',
      title: 'HTTP Basic credentials (Authorization header)',
      keywords: ['basic'],
      pattern: /(?<![A-Za-z0-9-])(?:proxy-)?authorization\\?["'\]]?[ \t]{0,4}[:=,][ \t]{0,4}\\?["'`]?[ \t]{0,2}basic[ \t]{1,4}(?<secret>[A-Za-z0-9+/]{8,512}={0,2})(?![A-Za-z0-9+/=])/gi,
      verify: basicCredentials,
      envName: 'BASIC_AUTH',
      samples: __NHI_SAMPLES__ && {
        positive: [`Authorization: Basic ${b64('ci-deployer:7aHrQx2vcXHX54Mzau4i')}`, `headers = {"Authorization": "Basic ${b64('ops-bot:Wq3-zL8k!vR2')}"}`, `req.Header.Set("Authorization", "Basic ${b64('key-4h1MqTf2hgrAzRJLM7KcxV:')}")`],
        negative: [`Authorization: Basic ${b64('user:password')}`, `Authorization: Basic ${b64('admin:<password>')}`, 'Authorization: Basic $BASIC_AUTH', `Authorization: Basic ${b64('just-a-user-name')}`, 'Authorization: Basic dXNlcm5hbWU6cGFzc3dvcmQ='],
      },
    },
    {
      name: 'bearer-token',
      title: 'HTTP bearer token',
      keywords: ['bearer'],
      pattern: /(?:(?<![A-Za-z0-9-])authorization\\?["'\]]?[ \t]{0,4}[:=,][ \t]{0,4}\\?["'`]?[ \t]{0,2}|["'`])bearer[ \t]{1,4}(?<secret>[A-Za-z0-9._~+/-]{20,4096}={0,2})(?![A-Za-z0-9._~+/=-])/gi,
      minEntropy: 3.5,
      verify: bearer,
      envName: 'API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['-H "Authorization: Bearer HHghKrs4T0MNNvTsoR7R47xq9Lm2"', 'fetch(url, { headers: { Authorization: "Bearer 9c1f7d2ab84e4e6fa0c3b5d9e2f81a7c" } })'],
        negative: ['Authorization: Bearer $TOKEN', 'Authorization: Bearer ${API_TOKEN}', 'Authorization: Bearer <token>', 'Authorization: Bearer YOUR_ACCESS_TOKEN_HERE', `Authorization: Bearer ${K.JWT_IO_SAMPLE}`, 'the server answers with a Bearer challenge'],
      },
    },
    {
      name: 'curl-user-password',
      title: 'curl -u user:password',
      keywords: ['curl'],
      pattern: /(?<=(?<![\w-])(?:-u|--user)(?:[ \t]{1,4}|=)?\\?["']?[^\s:"'$`\\]{1,128}:)[^\s"'$`\\]{3,256}(?=\\?["']?(?:\s|$))/g,
      context: /(?<![\w-])curl(?![\w-])/,
      verify: password,
      envName: 'CURL_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['curl -sS -u deploy:Rk4vX9mQ2tL7wZ3p https://nexus.acme-logistics.io/service/rest/v1/status', 'curl --user "svc-backup:Hz5q-Lm8v!Tr2" -X POST https://backup.internal/api/run'],
        negative: ['curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus.acme-logistics.io', 'curl -u elastic:changeme http://localhost:9200', 'curl -u user:password https://api.service.com', 'git push -u origin:main'],
      },
    },
    {
      name: 'wget-password',
      title: 'wget --password',
      keywords: ['wget'],
      pattern: /(?<![\w-])--(?:http-|ftp-|proxy-)?password(?:=|[ \t]{1,4})["']?(?<secret>[^\s"'$`-][^\s"'`]{2,255})/g,
      context: /(?<![\w-])wget(?![\w-])/,
      verify: password,
      envName: 'WGET_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['wget --user=mirror --password=Tq8vL3mX7kZ2wR5p https://artifacts.acme-logistics.io/dist/agent.tgz'],
        negative: ['wget --user=mirror --password="$MIRROR_PASSWORD" https://artifacts.acme-logistics.io/dist/agent.tgz', 'wget --ask-password https://artifacts.acme-logistics.io'],
      },
    },
    {
      name: 'docker-login-password',
      title: 'registry password on a docker login command line',
      keywords: ['login'],
      pattern: /(?<![\w-])(?:-p|--password)(?:=|[ \t]{1,4})["']?(?<secret>[^\s"'$`-][^\s"'`]{2,255})/g,
      command: /\b(?:docker|podman|nerdctl|buildah|skopeo|oras|helm(?:[ \t]+registry)?)[ \t]+login\b/,
      verify: password,
      envName: 'REGISTRY_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['docker login -u ci-pusher -p Vm3qX8tL2kR7wZ5n registry.acme-logistics.io', 'podman login --password=Kp7-xL2q!Rz9 quay.io', 'docker login \\\n  -u ci-pusher \\\n  -p Vm3qX8tL2kR7wZ5n registry.acme-logistics.io'],
        negative: [
          'echo "$REGISTRY_TOKEN" | docker login -u ci-pusher --password-stdin registry.acme-logistics.io',
          'docker login -u ci -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY',
          'docker run -p 8080:80 nginx',
          // The flag after `docker login` on another command is that command's: mysql's -p names the database here.
          'docker login -u ci --password-stdin ghcr.io < token.txt\nmysql -h db.acme-logistics.io -u app -p Orders2024x',
          'docker login ghcr.io && mysql -u app -p Orders2024x',
        ],
      },
    },
    {
      name: 'sshpass-password',
      title: 'sshpass -p password',
      keywords: ['sshpass'],
      pattern: /sshpass[ \t]{1,4}-p[ \t]{0,4}["']?(?<secret>[^\s"'$`-][^\s"'`]{2,255})/g,
      verify: password,
      envName: 'SSH_PASSWORD',
      samples: __NHI_SAMPLES__ && { positive: ["sshpass -p 'Wn4xQ8vT2mK7' ssh deploy@10.0.3.17"], negative: ['sshpass -p "$SSH_PASS" ssh deploy@10.0.3.17', 'sshpass -e ssh deploy@10.0.3.17'] },
    },
    {
      name: 'netrc-password',
      title: '.netrc password',
      keywords: ['machine'],
      pattern: /(?<=(?<![\w-])machine[ \t]{1,8}[^\s]{1,253}\s{1,8}login[ \t]{1,8}[^\s]{1,256}\s{1,8}password[ \t]{1,8})[^\s]{3,256}/g,
      verify: password,
      envName: 'NETRC_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['machine api.heroku-mirror.acme-logistics.io login ops@acme-logistics.io password Lz8qW3vK5mT2xR7n', 'machine ftp.partner-freight.com\n  login edi\n  password Hq4vN9xL2tK7'],
        negative: ['machine api.service.com login me password <your-password>', 'machine ftp.partner-freight.com login edi password $FTP_PASS'],
      },
    },
  ],
});
