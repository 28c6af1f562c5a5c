/**
 * secret/linode: Linode (Akamai Cloud) personal access tokens — 64 hex
 * characters, the shape of a SHA-256 digest, so only next to a name or block
 * that says Linode — and Object Storage secret keys (40 characters).
 */
import { secretRule, type Verdict } from '../../server/src/engine/secrets/detector';

export const linode = secretRule({
  id: 'secret/linode',
  title: 'Hard-coded Linode credential',
  rotateUrl: 'https://techdocs.akamai.com/cloud-computing/docs/manage-personal-access-tokens',
  detectors: [
    {
      name: 'personal-access-token',
      title: 'Linode personal access token',
      keywords: ['linode'],
      pattern: /(?<![A-Za-z0-9_])[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      // "linode" then a token-ish name within the line or the block opener above (`provider "linode" {`).
      context: /linode[^\n]{0,80}?(?:token|api[_-]?key|\bpat\b)(?![^\n]*\n)|provider[ \t]{1,5}"linode"[ \t]{0,5}\{[ \t]*\r?\n(?![^\n]*\n)/i,
      minEntropy: 3.5,
      envName: 'LINODE_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['LINODE_TOKEN=4e6d1dca9cda801c059a747eaaf39072f99e64643ca513c90e02c47a8b1ec4c0', 'linode_cli_token: 6d3e687eafdc7a06a2ec2feefdfe34787683ed1933ddd5ddfe930abf6395b36a'],
        negative: ['linode_image_sha256: 4e6d1dca9cda801c059a747eaaf39072f99e64643ca513c90e02c47a8b1ec4c0', 'LINODE_TOKEN=${LINODE_TOKEN}', 'sha256: 6d3e687eafdc7a06a2ec2feefdfe34787683ed1933ddd5ddfe930abf6395b36a'],
      },
    },
    {
      name: 'object-storage-secret-key',
      title: 'Linode Object Storage secret key',
      keywords: ['linode'],
      pattern: /(?<![A-Za-z0-9_])[A-Za-z0-9]{40}(?![A-Za-z0-9_])/g,
      context: /(?:linode[\w.-]{0,30}secret|linodeobjects\.com[^\n]{0,120}?secret)(?![^\n]*\n)/i,
      minEntropy: 4,
      // A git SHA has the same length: mixed case is required.
      verify: (v): Verdict => (/[a-z]/.test(v) && /[A-Z]/.test(v) ? 'plausible' : 'reject'),
      envName: 'LINODE_OBJ_SECRET_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['LINODE_OBJ_SECRET_KEY=oWs3pjxV7TyAKOgl99gVxOmraHyDMChl3dLETSGG'],
        negative: ['LINODE_OBJ_SECRET_KEY=9fceb02d0ae598e95dc970b74767f19372d61af8', 'linode_obj_access_key: DO008N70V3LBD46TXH5R'],
      },
    },
  ],
});
