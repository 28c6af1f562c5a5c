/**
 * secret/hashicorp-vault: Vault service tokens (hvs.), batch tokens (hvb.),
 * recovery tokens (hvr.), pre-1.10 tokens (`s.` + 24, only with `vault` in
 * the preceding 300 characters) and unseal/recovery key shares as printed by
 * `vault operator init`. A root or unseal key opens the whole secret store.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits, mixedCaseAndDigits } from './_saas';

export const hashicorpVault = secretRule({
  id: 'secret/hashicorp-vault',
  title: 'Hard-coded HashiCorp Vault token or key',
  rotateUrl: 'https://developer.hashicorp.com/vault/docs/commands/token/revoke',
  detectors: [
    {
      name: 'service-token',
      title: 'Vault service token',
      keywords: ['hvs.'],
      pattern: /(?<![A-Za-z0-9_.-])hvs\.[A-Za-z0-9_-]{24,300}(?![A-Za-z0-9_.-])/g,
      minEntropy: 3.8,
      verify: (s) => lettersAndDigits(s.slice(4)),
      envName: 'VAULT_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['hvs.zgd7hSNVP1DYt6QRUNVK5JpD', 'hvs.CAESIfcyvIsi4t3C5jyeIc2ORA4ULleCxQs2bNB6B78yiLmUPrNFDGnA4UsM5ZuMfncTp4_q-0U-Ka_Dn0XpeVJqqU5'], negative: ['hvs.<token>', 'hvs.zgd7hSNVP1DYt6QR', 'cdn.hvs.kestrel.dev'] },
    },
    {
      name: 'batch-token',
      title: 'Vault batch token',
      keywords: ['hvb.'],
      pattern: /(?<![A-Za-z0-9_.-])hvb\.[A-Za-z0-9_-]{100,400}(?![A-Za-z0-9_.-])/g,
      minEntropy: 4,
      verify: (s) => lettersAndDigits(s.slice(4)),
      envName: 'VAULT_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['hvb.AAAAAQoC4TcpBOMRq5mpY5kG5GsNSV9ZkmCdtcB3PAOlM4RJkBKRbONCLrTAiXkGyxGLheg5dIMith1Qj2vUAAUPtY0eFsO-yYjBZHN1eYISfCkO6xRKD_ZYcMkCYdhTauSGnNPElBdlNfJXN1cmMOgMzP1W'], negative: ['hvb.AAAAAQoC4TcpBOMRq5mpY5kG5GsNSV9ZkmCdtcB3PAOlM4RJkBKRbONC'] },
    },
    {
      name: 'recovery-token',
      title: 'Vault recovery token',
      keywords: ['hvr.'],
      pattern: /(?<![A-Za-z0-9_.-])hvr\.[A-Za-z0-9_-]{24,300}(?![A-Za-z0-9_.-])/g,
      minEntropy: 3.8,
      verify: (s) => lettersAndDigits(s.slice(4)),
      envName: 'VAULT_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['hvr.GGFhH0h8BtEgYT4Hs9EGCe9q'], negative: ['hvr.GGFhH0h8BtEg'] },
    },
    {
      name: 'legacy-token',
      title: 'Vault token (pre-1.10 format)',
      keywords: ['vault'],
      pattern: /(?<![A-Za-z0-9_.-])s\.[A-Za-z0-9]{24}(?![A-Za-z0-9_.-])(?<=[Vv][Aa][Uu][Ll][Tt][\s\S]{0,300})/g,
      verify: (s) => mixedCaseAndDigits(s.slice(2)),
      envName: 'VAULT_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['VAULT_TOKEN=s.h178ZdRZWz5EMWcrhyIPybSm'],
        negative: ['token: s.h178ZdRZWz5EMWcrhyIPybSm', 'VAULT_ADDR=https://vault.kestrel.internal:8200', 'vault: s.getSecretValueFromTheStore'],
      },
    },
    {
      name: 'unseal-key',
      title: 'Vault unseal or recovery key share',
      keywords: ['unseal key', 'recovery key'],
      pattern: /(?:Unseal|Recovery) Key [0-9]{1,2}:[ \t]{1,4}(?<secret>[A-Za-z0-9+/]{43}[A-Za-z0-9+/=])(?![A-Za-z0-9+/=])/g,
      minEntropy: 4,
      envName: 'VAULT_UNSEAL_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['Unseal Key 1: /cVvpScKpltf5+lQQV3Oq6BHry5QPObRPT+smqSgFdxv'], negative: ['Unseal Key 1: <redacted>', 'Unseal Key 2: FGW8k5ClPg19RzEE0vYbbnL58XbBKM'] },
    },
  ],
});
