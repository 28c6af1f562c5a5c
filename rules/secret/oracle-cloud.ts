/**
 * secret/oracle-cloud: Oracle Cloud Infrastructure (OCI) credentials — auth
 * tokens (20 characters, used as the OCIR registry password and for Swift),
 * the API signing private key where it is written under an OCI name (or in a
 * block that also names OCI ids), and the passphrase in `~/.oci/config`.
 *
 * The API key fingerprint (`aa:bb:…`), OCIDs and the `key_file` path are
 * identifiers, not secrets, and are never reported.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

const OCI_PEM = `-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAjI85Ykfsr3+LhS3z6gTgqKuIJB8UVuBMU8lvQ6IUl1cIQ74E
pJiIz7uNY/A3dk1XstziUQeES05s0WKZssrqcQAoHjreuteEopMlmnjlXDcRGxNf
5IQ9b63YljXldUC6oe0F0sG7HswgRXImiKKcYWjvHwPFuALaWrFWY1gDF30/NwB6
6Urg7LkrrpD90iRdC1OCsiTadI4zZjBLFMRL+DxKsJ7DdrQ987MJongnZ4DesoNW
/2/kxtZyOtj9R305ym/g3O6S8WArlno1foWhe9CfokO78CrE/Nb9XUVug1E9pq3R
7vMXjMzAl9+BNYF5kvyBS8fMIw3HARirb5n16wIDAQABAoIBABmoT0ZEcMz8UECI
Sdzu9P91CE3nqnPNT8F/pKLI5E9X4LdU6U4OVfLtfnq+r7EVnyuULG+0Go8QisaR
5BKB/deQusIB5wReMOToTVXsOZnip2m02K1DAl/vcPjCb9c+cJL8TDLTkE+n3UAv
/R616CvT1spniuDzDF6/vlA2EaJowh+o7Vl4UZGcoOvXxn+So8gheKeUQcpEigmG
4SHGNycV4Z1DcbB65JmIBuOwnTQt7jsKOA5//OORcT3V764s3O4S4RrmckCI0s6R
yro7YPaUeZ7ktq1J1oULmDdvC7wi/STfTWRIpuvVWGw1qe8eNfA4Yj9UTO5Y5X9K
JVNNrzkCgYEAxd+zn2j2WaFk+oRQx2XNvxbt3VAPqxXwIVhfO78w5algTYV/wmU0
fSodiIAqMBqpzCVlhTP82nMKEzxNTBR2IDN+TMErm4OtDimtSPAiU03dJs/DFYyf
CIxXid6ohCgGEaGDo6JzGs9W9Zb310eanALZlMyVdHzpaA71wWSWSB0CgYEAtdlt
qZF07R0aJUy7S00tkMcRYU+TAU6ajfRf6Fol1jLYzo7BTC57jp5NGf7QT795L1V9
c3N/Szg1H/IsTezu8BkDRZ7XjKV29EQFoDluLAxosW/drpWx36/F71TxX/wYEHtz
XGFifp+fr/bd5xJicgA4GWCa9UMyAW1Gkt++p6cCgYEAr9CncjG6CkO8TFd6yuEq
4epGqYk0kshoV8iEvbqQgM9xURAYR6rS64+bNCjk018tlcV4odViitsCjbrb14iq
uMvoIdzVmVVzU402egNcDHa31H9wEFqlB9xi/46GXv6M/edr5t41thGaa5abWn41
4v8pQuxQs3M1lI8OT6rHWQUCgYBw1TBN/ormdSA79Jhh6MlVA6+tCYrVTMhpPDAm
I4lGltYflEQr2MuhemessYbfdJbk386vTAK30XBlGgaTc2fuYha9pAlqo2Bjv7Ed
8YSCoFB1iEusgAWWHaJbFgGO5QSpdW/m6iYLG1AiBrM5JRcgVTJ5zI9ZjxAAAqW/
jEToEQKBgG33FwPpA2LK37LEWhHVfhaSJTapOMBYSjNeWtWkTsqfVh6fq1GOFD8g
2Ywzf/cdam2V5cJyAzLeAWCyhhG9qeOyob91Erzloe8JVMU8FWAYkFseBk1n5cwu
0gcCiWKMo2rngswTgCPDvUy4WDu0iDjb5in+9NgX/nneMwlYF+65
-----END RSA PRIVATE KEY-----`;

export const oracleCloud = secretRule({
  id: 'secret/oracle-cloud',
  title: 'Hard-coded Oracle Cloud (OCI) credential',
  rotateUrl: 'https://docs.oracle.com/en-us/iaas/Content/Identity/Tasks/managingcredentials.htm',
  detectors: [
    {
      name: 'api-private-key',
      title: 'OCI API signing private key',
      keywords: ['oci'],
      pattern:
        /(?:oci[\w-]{0,30})?(?:private_?key|key_?content)\\?["']?[ \t]{0,5}(?:=>|[:=])[ \t]{0,5}(?:<<-?[A-Z]{1,10}[ \t]{0,5}\r?\n[ \t]{0,40}|[|>]-?[ \t]{0,5}\r?\n[ \t]{0,40}|\\?["'])?(?<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{200,5000}-----END (?:RSA )?PRIVATE KEY-----)/gi,
      // OCI's own words for the block around it: OCIDs, the provider name, the CLI variables.
      context: /\boci\b|oci_|_ocid|ocid1\./i,
      allowRegular: true,
      envName: 'OCI_CLI_KEY_CONTENT',
      samples: __NHI_SAMPLES__ && {
        positive: [`OCI_CLI_KEY_CONTENT="${OCI_PEM}"`],
        negative: ['OCI_CLI_KEY_FILE=~/.oci/oci_api_key.pem', 'oci_private_key = "-----BEGIN RSA PRIVATE KEY-----\\n...\\n-----END RSA PRIVATE KEY-----"'],
      },
    },
    {
      name: 'auth-token',
      title: 'OCI auth token',
      keywords: ['oci'],
      pattern: /(?<![A-Za-z])oci[\w-]{0,20}(?:auth_?token|password|token)\\?["']?[ \t]{0,5}(?:=>|[:=])[ \t]{0,5}\\?["']?(?<secret>[A-Za-z0-9;:.()<>{}[\]+_#-]{20})(?![^\s"'\\,])/gi,
      minEntropy: 3.5,
      envName: 'OCI_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['OCI_AUTH_TOKEN=HaAaHQpSpwHBN6AVlSpu', 'OCIR_PASSWORD: xR;T)+MD+JWbNEhLdAmx'],
        negative: ['OCI_AUTH_TOKEN=${OCI_AUTH_TOKEN}', 'OCI_FINGERPRINT=4f:9c:02:7a:e1:33:b8:60:d2:5e:11:8a:9f:c4:70:2b', 'OCIR_PASSWORD: xR;T)+MD+JWbNEhLdAmxextra'],
      },
    },
    {
      name: 'registry-login',
      title: 'OCI auth token (OCIR registry password)',
      keywords: ['ocir.io'],
      pattern: /(?:(?<![\w-])(?:--password|-p)|password\\?["']?[ \t]{0,5}[:=])[ \t=]{0,5}\\?["']?(?<secret>[A-Za-z0-9;:.()<>{}[\]+_#-]{20})(?![^\s"'\\,])/g,
      context: /ocir\.io/,
      minEntropy: 3.5,
      envName: 'OCI_AUTH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ["docker login fra.ocir.io -u 'frtqw2xk/ci-bot@ledger.io' -p 'xR;T)+MD+JWbNEhLdAmx'"],
        negative: ['docker login fra.ocir.io -u "$OCIR_USER" -p "$OCIR_TOKEN"', "docker login ghcr.io -u ci-bot -p 'xR;T)+MD+JWbNEhLdAmx'"],
      },
    },
    {
      name: 'config-pass-phrase',
      title: 'OCI API key passphrase',
      keywords: ['pass_phrase'],
      pattern: /(?<![\w-])pass_phrase[ \t]{0,5}=[ \t]{0,5}(?<secret>[^\s#;"'\\]{8,128})/g,
      minEntropy: 3,
      envName: 'OCI_CLI_PASSPHRASE',
      samples: __NHI_SAMPLES__ && {
        positive: ['pass_phrase=6N!0t0U2ftZ9qwoJnd'],
        negative: ['pass_phrase=${OCI_PASSPHRASE}', 'pass_phrase=short', 'fingerprint=4f:9c:02:7a:e1:33:b8:60:d2:5e:11:8a:9f:c4:70:2b'],
      },
    },
  ],
});
