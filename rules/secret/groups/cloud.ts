/** Cloud: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';
import { awsSessionToken } from '../aws-session-token';
import { gcp } from '../gcp';
import { azure } from '../azure';
import { alibaba } from '../alibaba';
import { ibmCloud } from '../ibm-cloud';
import { oracleCloud } from '../oracle-cloud';
import { digitalocean } from '../digitalocean';
import { linode } from '../linode';
import { heroku } from '../heroku';
import { cloudflare } from '../cloudflare';
import { fastly } from '../fastly';
import { netlify } from '../netlify';
import { vercel } from '../vercel';
import { flyIo } from '../fly-io';

// Prefixed formats first (they are certain); the families whose shapes need context follow.
export const cloudSecretRules: Rule[] = [
  awsSessionToken,
  gcp,
  azure,
  alibaba,
  digitalocean,
  heroku,
  cloudflare,
  netlify,
  vercel,
  flyIo,
  ibmCloud,
  oracleCloud,
  linode,
  fastly,
];
