/**
 * secret/private-key: private keys in every armour they are committed in —
 * PEM (PKCS#1 RSA, SEC1 EC, DSA, PKCS#8, legacy `Proc-Type: 4,ENCRYPTED`),
 * OpenSSH (`openssh-key-v1`, incl. Ed25519), PuTTY `.ppk`, ssh.com SSH2,
 * OpenPGP secret-key blocks, and base64 of a whole PEM (Kubernetes `tls.key`,
 * env vars). The finding spans the whole block. Bodies are decoded and checked
 * (complete DER SEQUENCE, OpenSSH magic, OpenPGP secret-key packet) so doc
 * snippets with lines cut out are not reported. Encrypted keys still need
 * their passphrase to be used: they are reported as warnings.
 */
import { secretRule, type Detector, type Verdict } from '../../server/src/engine/secrets/detector';
import { decodeBase64Loose } from '../../server/src/engine/secrets/formats';
import { armorBody, parseOpenSshKey, pemDer } from './_keys-connections';
import * as K from './_key-samples';

const ok = (valid: boolean): Verdict => (valid ? 'plausible' : 'reject');
/** JSON-escape a sample, as it appears in a service-account file or a one-line env var. */
const escaped = (pem: string) => pem.replace(/\n/g, '\\n');
/** A block whose body lost its middle: the shape of a doc snippet. */
const truncated = (pem: string) => {
  const lines = pem.split('\n');
  return [...lines.slice(0, 3), lines[lines.length - 1]].join('\n');
};
const DOC_SNIPPET = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----';
const HEADER_ONLY = 'Paste the block that starts with -----BEGIN PRIVATE KEY----- and ends with -----END PRIVATE KEY-----.';
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBfjCCASWgAwIBAgIUQ3y0S2tV4nJx9mWqfTkq1LhY1aIwCgYIKoZIzj0EAwIw\nFTETMBEGA1UEAwwKYXBpLmludGVybmFsMB4XDTI2MTEyNjAwMDAwMFoXDTM2MTEy\n-----END CERTIFICATE-----';
const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----';

function openssh(cipherNone: boolean, ed25519?: boolean) {
  return (block: string): Verdict => {
    const key = parseOpenSshKey(decodeBase64Loose(armorBody(block)));
    if (!key || (key.cipher === 'none') !== cipherNone) return 'reject';
    if (ed25519 === undefined) return 'plausible';
    return ok((key.keyType === 'ssh-ed25519') === ed25519);
  };
}

/** PKCS#8 PrivateKeyInfo: its algorithm OID says Ed25519 (1.3.101.112) or something else. */
function pkcs8(ed25519: boolean) {
  return (block: string): Verdict => {
    const der = pemDer(block);
    if (!der) return 'reject';
    const isEd = der.subarray(0, 16).includes(Buffer.from([0x06, 0x03, 0x2b, 0x65, 0x70]));
    return ok(isEd === ed25519);
  };
}

/** Base64 of a whole PEM private key block. */
function base64Pem(encrypted: boolean) {
  return (value: string): Verdict => {
    const pem = decodeBase64Loose(value)?.toString('latin1') ?? '';
    const header = /^-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?)PRIVATE KEY-----/.exec(pem);
    if (!header || armorBody(pem).length < 60) return 'reject';
    const isEncrypted = header[1] === 'ENCRYPTED ' || pem.includes('Proc-Type: 4,ENCRYPTED');
    return ok(isEncrypted === encrypted);
  };
}

const PEM_NEGATIVES = [DOC_SNIPPET, HEADER_ONLY, CERTIFICATE, PUBLIC_KEY];

const detectors: Detector[] = [
  {
    name: 'rsa-private-key',
    title: 'RSA private key (PKCS#1 PEM)',
    keywords: ['begin rsa private key'],
    pattern: /-----BEGIN RSA PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,16384}-----END RSA PRIVATE KEY-----/g,
    verify: (block) => ok(pemDer(block) !== undefined),
    allowRegular: true,
    envName: 'RSA_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.RSA_PKCS1, escaped(K.RSA_PKCS1)], negative: [...PEM_NEGATIVES, truncated(K.RSA_PKCS1)] },
  },
  {
    name: 'ec-private-key',
    title: 'EC private key (SEC1 PEM)',
    keywords: ['begin ec private key'],
    pattern: /-----BEGIN EC PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,8192}-----END EC PRIVATE KEY-----/g,
    verify: (block) => ok(pemDer(block) !== undefined),
    allowRegular: true,
    envName: 'EC_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.EC_SEC1], negative: [...PEM_NEGATIVES, truncated(K.EC_SEC1)] },
  },
  {
    name: 'dsa-private-key',
    title: 'DSA private key (PEM)',
    keywords: ['begin dsa private key'],
    pattern: /-----BEGIN DSA PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,16384}-----END DSA PRIVATE KEY-----/g,
    verify: (block) => ok(pemDer(block) !== undefined),
    allowRegular: true,
    envName: 'DSA_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.DSA], negative: [...PEM_NEGATIVES, truncated(K.DSA)] },
  },
  {
    name: 'legacy-encrypted-pem-private-key',
    title: 'passphrase-encrypted private key (PEM Proc-Type: 4,ENCRYPTED)',
    keywords: ['proc-type: 4,encrypted'],
    pattern: /-----BEGIN (?:RSA|EC|DSA) PRIVATE KEY-----(?:\s|\\[nr]){1,24}Proc-Type: 4,ENCRYPTED(?:\s|\\[nr]){1,24}DEK-Info: [A-Z0-9-]{3,40},[0-9A-Fa-f]{16,64}(?:\s|\\[nr])[A-Za-z0-9+/=\s\\]{40,16384}-----END (?:RSA|EC|DSA) PRIVATE KEY-----/g,
    severity: 'warning',
    allowRegular: true,
    minEntropy: 4.5,
    envName: 'PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.RSA_PKCS1_ENCRYPTED, K.EC_SEC1_ENCRYPTED], negative: [...PEM_NEGATIVES, 'Proc-Type: 4,ENCRYPTED'] },
  },
  {
    name: 'pkcs8-ed25519-private-key',
    title: 'Ed25519 private key (PKCS#8 PEM)',
    keywords: ['begin private key'],
    pattern: /-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,16384}-----END PRIVATE KEY-----/g,
    verify: pkcs8(true),
    allowRegular: true,
    envName: 'PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.PKCS8_ED25519, escaped(K.PKCS8_ED25519)], negative: PEM_NEGATIVES },
  },
  {
    name: 'pkcs8-private-key',
    title: 'private key (PKCS#8 PEM)',
    keywords: ['begin private key'],
    pattern: /-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,16384}-----END PRIVATE KEY-----/g,
    verify: pkcs8(false),
    allowRegular: true,
    envName: 'PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.PKCS8_RSA], negative: PEM_NEGATIVES },
  },
  {
    name: 'pkcs8-encrypted-private-key',
    title: 'passphrase-encrypted private key (PKCS#8 ENCRYPTED PRIVATE KEY)',
    keywords: ['begin encrypted private key'],
    pattern: /-----BEGIN ENCRYPTED PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,16384}-----END ENCRYPTED PRIVATE KEY-----/g,
    verify: (block) => ok(pemDer(block) !== undefined),
    severity: 'warning',
    allowRegular: true,
    envName: 'PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.PKCS8_ENCRYPTED], negative: [...PEM_NEGATIVES, truncated(K.PKCS8_ENCRYPTED)] },
  },
  {
    name: 'openssh-ed25519-private-key',
    title: 'Ed25519 private key (OpenSSH)',
    keywords: ['begin openssh private key'],
    pattern: /-----BEGIN OPENSSH PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,16384}-----END OPENSSH PRIVATE KEY-----/g,
    verify: openssh(true, true),
    allowRegular: true,
    envName: 'SSH_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.OPENSSH_ED25519, escaped(K.OPENSSH_ED25519)], negative: [...PEM_NEGATIVES, truncated(K.OPENSSH_ED25519), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJX4+o3vpqXDg0v0865YlmEQ+lDw7DeKenk+jowG7/9F deploy@ci'] },
  },
  {
    name: 'openssh-private-key',
    title: 'private key (OpenSSH)',
    keywords: ['begin openssh private key'],
    pattern: /-----BEGIN OPENSSH PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,16384}-----END OPENSSH PRIVATE KEY-----/g,
    verify: openssh(true, false),
    allowRegular: true,
    envName: 'SSH_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.OPENSSH_ECDSA], negative: [...PEM_NEGATIVES, truncated(K.OPENSSH_ECDSA)] },
  },
  {
    name: 'openssh-encrypted-private-key',
    title: 'passphrase-encrypted private key (OpenSSH)',
    keywords: ['begin openssh private key'],
    pattern: /-----BEGIN OPENSSH PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{60,16384}-----END OPENSSH PRIVATE KEY-----/g,
    verify: openssh(false),
    severity: 'warning',
    allowRegular: true,
    envName: 'SSH_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.OPENSSH_ENCRYPTED], negative: [...PEM_NEGATIVES, truncated(K.OPENSSH_ENCRYPTED)] },
  },
  {
    name: 'putty-private-key',
    title: 'PuTTY private key (.ppk)',
    keywords: ['putty-user-key-file-'],
    pattern: /PuTTY-User-Key-File-[23]: [a-z0-9-]{3,40}(?:\r?\n|(?:\\r)?\\n)Encryption: none(?:\r?\n|(?:\\r)?\\n)[\s\S]{0,3000}?Private-Lines: \d{1,3}(?:\r?\n|(?:\\r)?\\n)(?:[A-Za-z0-9+/=]{1,64}(?:\r?\n|(?:\\r)?\\n)){1,160}Private-MAC: [0-9a-f]{40,64}/g,
    allowRegular: true,
    envName: 'SSH_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.PUTTY], negative: ['---- BEGIN SSH2 PUBLIC KEY ----\nComment: "eddsa-key-20260519"\nAAAAC3NzaC1lZDI1NTE5AAAAIJX4+o3vpqXDg0v0865YlmEQ+lDw7DeKenk+jowG7/9F\n---- END SSH2 PUBLIC KEY ----', 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: <your key>\nPrivate-Lines: 1\n...\n'] },
  },
  {
    name: 'putty-encrypted-private-key',
    title: 'passphrase-encrypted PuTTY private key (.ppk)',
    keywords: ['putty-user-key-file-'],
    pattern: /PuTTY-User-Key-File-[23]: [a-z0-9-]{3,40}(?:\r?\n|(?:\\r)?\\n)Encryption: (?!none)[a-z0-9-]{3,30}(?:\r?\n|(?:\\r)?\\n)[\s\S]{0,3000}?Private-Lines: \d{1,3}(?:\r?\n|(?:\\r)?\\n)(?:[A-Za-z0-9+/=]{1,64}(?:\r?\n|(?:\\r)?\\n)){1,160}Private-MAC: [0-9a-f]{40,64}/g,
    severity: 'warning',
    allowRegular: true,
    envName: 'SSH_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.PUTTY_ENCRYPTED], negative: ['PuTTY-User-Key-File-3: ssh-rsa\nEncryption: aes256-cbc\n'] },
  },
  {
    name: 'ssh2-private-key',
    title: 'SSH2 private key (ssh.com / Tectia)',
    keywords: ['begin ssh2 encrypted private key'],
    pattern: /---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----[\s\S]{0,400}?(?:\r?\n|(?:\\r)?\\n)P2\/56[A-Za-z0-9+/=\s\\]{60,16384}---- END SSH2 ENCRYPTED PRIVATE KEY ----/g,
    verify: (block) => ok(decodeBase64Loose(armorBody(block))?.readUInt32BE(0) === 0x3f6ff9eb),
    allowRegular: true,
    envName: 'SSH_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.SSH2], negative: ['---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3NzaC1yc2EAAAADAQABAAABAQC7\n---- END SSH2 PUBLIC KEY ----'] },
  },
  {
    name: 'pgp-private-key-block',
    title: 'OpenPGP private key block',
    keywords: ['begin pgp private key block'],
    pattern: /-----BEGIN PGP PRIVATE KEY BLOCK-----(?:(?:\s|\\[nr]){1,4}[A-Za-z][A-Za-z-]{0,30}: [^\r\n\\]{0,200}){0,8}[A-Za-z0-9+/=\s\\]{60,65536}-----END PGP PRIVATE KEY BLOCK-----/g,
    // Old-format (0x94–0x97) or new-format (0xC5) packet tag 5: secret key.
    verify: (block) => ok([0x94, 0x95, 0x96, 0x97, 0xc5].includes(decodeBase64Loose(armorBody(block))?.[0] ?? -1)),
    allowRegular: true,
    envName: 'PGP_PRIVATE_KEY',
    samples: __NHI_SAMPLES__ && { positive: [K.PGP_PRIVATE, escaped(K.PGP_PRIVATE)], negative: ['-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEawiw0BYJKwYBBAHaRw8BAQdAOvXdmypHbKEg+0uAvx/+HrMgUwYxyVJc1Ofm\n-----END PGP PUBLIC KEY BLOCK-----', '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n<your exported key>\n-----END PGP PRIVATE KEY BLOCK-----'] },
  },
  {
    name: 'base64-private-key',
    title: 'base64-encoded PEM private key',
    // base64("-----BEGIN "): a PEM block stored as one base64 value (Kubernetes tls.key, CI variables).
    keywords: ['ls0tls1crudjtib'],
    pattern: /(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{80,24000}={0,2}(?![A-Za-z0-9+/=])/g,
    verify: base64Pem(false),
    allowRegular: true,
    envName: 'PRIVATE_KEY_BASE64',
    samples: __NHI_SAMPLES__ && { positive: [Buffer.from(K.EC_SEC1).toString('base64')], negative: [Buffer.from(CERTIFICATE).toString('base64'), Buffer.from(PUBLIC_KEY).toString('base64')] },
  },
  {
    name: 'base64-encrypted-private-key',
    title: 'base64-encoded passphrase-encrypted PEM private key',
    keywords: ['ls0tls1crudjtib'],
    pattern: /(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{80,24000}={0,2}(?![A-Za-z0-9+/=])/g,
    verify: base64Pem(true),
    severity: 'warning',
    allowRegular: true,
    envName: 'PRIVATE_KEY_BASE64',
    samples: __NHI_SAMPLES__ && { positive: [Buffer.from(K.PKCS8_ENCRYPTED).toString('base64')], negative: [Buffer.from(DOC_SNIPPET).toString('base64')] },
  },
];

export const privateKey = secretRule({
  id: 'secret/private-key',
  title: 'Hard-coded private key',
  rotateUrl: 'https://docs.github.com/en/authentication/connecting-to-github-with-ssh/reviewing-your-ssh-keys',
  detectors,
});
