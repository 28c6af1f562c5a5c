/** Payments, observability, SaaS and secrets infrastructure: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';
import { stripe } from '../stripe';
import { square } from '../square';
import { paypalBraintree } from '../paypal-braintree';
import { shopifyToken } from '../shopify';
import { adyen } from '../adyen';
import { datadog } from '../datadog';
import { newRelic } from '../new-relic';
import { sentry } from '../sentry';
import { grafana } from '../grafana';
import { pagerduty } from '../pagerduty';
import { honeycomb } from '../honeycomb';
import { atlassian } from '../atlassian';
import { linear } from '../linear';
import { notion } from '../notion';
import { airtable } from '../airtable';
import { hubspot } from '../hubspot';
import { asana } from '../asana';
import { okta } from '../okta';
import { auth0 } from '../auth0';
import { twitch } from '../twitch';
import { dropbox } from '../dropbox';
import { figma } from '../figma';
import { postman } from '../postman';
import { algolia } from '../algolia';
import { hashicorpVault } from '../hashicorp-vault';
import { terraformCloud } from '../terraform-cloud';
import { dopplerToken } from '../doppler';
import { pulumi } from '../pulumi';
import { onePassword } from '../onepassword';
import { infisical } from '../infisical';

export const saasSecretRules: Rule[] = [
  // Payments and commerce
  stripe,
  square,
  paypalBraintree,
  shopifyToken,
  adyen,
  // Observability and SaaS: prefixed formats are precise; context-only shapes need their provider's name nearby.
  datadog,
  newRelic,
  sentry,
  grafana,
  pagerduty,
  honeycomb,
  atlassian,
  linear,
  notion,
  airtable,
  hubspot,
  asana,
  okta,
  auth0,
  twitch,
  dropbox,
  figma,
  postman,
  algolia,
  // Secrets infrastructure
  hashicorpVault,
  terraformCloud,
  dopplerToken,
  pulumi,
  onePassword,
  infisical,
];
