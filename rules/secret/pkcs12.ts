/**
 * secret/pkcs12: key stores embedded as base64 — PKCS#12 (`.p12`/`.pfx`) and
 * Java KeyStore (JKS) files holding a private key — and the passwords that
 * unlock them (`key-store-password`, `pfx_password`, `certificate_password`).
 * Base64 blobs are decoded and their structure checked (PKCS#12 version 3 with
 * a pkcs7-data content OID; JKS magic with a private-key entry), so
 * certificates and truststores (public certificates only) are not reported.
 */
import { secretRule, type Verdict } from '../../server/src/engine/secrets/detector';
import { decodeBase64Loose } from '../../server/src/engine/secrets/formats';
import { isCompleteDerSequence, isPlaceholderPassword } from './_keys-connections';
import * as K from './_key-samples';

function pkcs12(value: string): Verdict {
  return isCompleteDerSequence(decodeBase64Loose(value)) ? 'plausible' : 'reject';
}

/** JKS / JCEKS: magic, version 1–2, 1–10,000 entries, the first a private-key entry (tag 1). */
function javaKeyStore(value: string): Verdict {
  const bytes = decodeBase64Loose(value);
  if (!bytes || bytes.length < 64) return 'reject';
  const magic = bytes.readUInt32BE(0);
  const version = bytes.readUInt32BE(4);
  const count = bytes.readUInt32BE(8);
  const firstTag = bytes.readUInt32BE(12);
  const ok = (magic === 0xfeedfeed || magic === 0xcececece) && (version === 1 || version === 2) && count >= 1 && count <= 10000 && firstTag === 1;
  return ok ? 'plausible' : 'reject';
}

export const pkcs12Keystore = secretRule({
  id: 'secret/pkcs12',
  title: 'Hard-coded key store (PKCS#12 / JKS) or key store password',
  rotateUrl: 'https://docs.oracle.com/en/java/javase/21/docs/specs/man/keytool.html',
  detectors: [
    {
      name: 'pkcs12-base64',
      title: 'PKCS#12 key store (.p12/.pfx, base64)',
      // SEQUENCE { INTEGER 3, SEQUENCE { OID 1.2.840.113549.1.7.1 …: fixed bytes → fixed base64 characters.
      keywords: ['gcsqgsib3dqeha'],
      pattern: /(?<![A-Za-z0-9+/])MII[A-Za-z0-9+/]{5}AzCC[A-Za-z0-9+/]{3}GCSqGSIb3DQEHA[A-Za-z0-9+/]{200,131072}={0,2}(?![A-Za-z0-9+/=])/g,
      verify: pkcs12,
      allowRegular: true,
      envName: 'PKCS12_BASE64',
      samples: __NHI_SAMPLES__ && {
        positive: [K.PKCS12_BASE64],
        negative: [K.PKCS12_BASE64.slice(0, 600), 'MIIBfjCCASWgAwIBAgIUQ3y0S2tV4nJx9mWqfTkq1LhY1aIwCgYIKoZIzj0EAwIwFTETMBEGA1UEAwwKYXBpLmludGVybmFs'],
      },
    },
    {
      name: 'java-keystore-base64',
      title: 'Java KeyStore with a private key (base64)',
      keywords: ['/u3+7qaaaa', 'zs7ozgaaaa'],
      pattern: /(?<![A-Za-z0-9+/])(?:\/u3\+7Q|zs7Ozg)AAAA[A-Za-z0-9+/]{80,131072}={0,2}(?![A-Za-z0-9+/=])/g,
      verify: javaKeyStore,
      allowRegular: true,
      envName: 'KEYSTORE_BASE64',
      samples: __NHI_SAMPLES__ && { positive: [K.JKS_PRIVATE_BASE64], negative: [K.JKS_TRUSTSTORE_BASE64] },
    },
    {
      name: 'keystore-password',
      title: 'key store / certificate password',
      keywords: ['keystore', 'key-store', 'key_store', 'pfx', 'p12', 'cert', 'key-password', 'key_password', 'keypassword'],
      // server.ssl.key-store-password=…, PFX_PASSWORD: …, "CertificatePassword": "…", storePassword '…' is too vague: not matched.
      pattern: /(?<![A-Za-z0-9])(?:key[-_.]?store|pfx|p12|pkcs12|cert(?:ificate)?|ssl[-_.]key)[-_.]?(?:pass(?:word|phrase)?|pwd)\\?["'\]]{0,2}[ \t]{0,4}(?::=|[:=])[ \t]{0,4}\\?["'`]?(?<secret>[^\s"'`;,\\]{6,128})(?=\\?["'`;,]|[ \t]*(?:\r?\n|$))/gi,
      verify: (value) => (isPlaceholderPassword(value) || /^(?:process|os|env|System|Environment|config|settings)\./.test(value) ? 'reject' : 'plausible'),
      minEntropy: 2.5,
      envName: 'KEYSTORE_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['server.ssl.key-store-password=Rk7#vQ2pLm9x', 'PFX_PASSWORD: "t8Wq-3zLr!Ke"', '"CertificatePassword": "Hc4vN8qP2xYt"'],
        negative: ['server.ssl.key-store-password=${KEYSTORE_PASSWORD}', 'server.ssl.key-store-password=changeit', 'server.ssl.trust-store-password=Rk7#vQ2pLm9x', 'pfx_password: <pfx password>', 'certificatePassword = config.certPassword'],
      },
    },
  ],
});
