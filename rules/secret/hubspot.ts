/**
 * secret/hubspot: HubSpot private-app access tokens (`pat-na1-`/`pat-eu1-` +
 * UUID) and legacy API keys (a bare UUID, so only after `hapikey` or an
 * api-key name with `hubspot` in the preceding 300 characters).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const hubspot = secretRule({
  id: 'secret/hubspot',
  title: 'Hard-coded HubSpot token',
  rotateUrl: 'https://developers.hubspot.com/docs/api/private-apps',
  detectors: [
    {
      name: 'private-app-token',
      title: 'HubSpot private app access token',
      keywords: ['pat-na', 'pat-eu', 'pat-ap'],
      pattern: /(?<![A-Za-z0-9_-])pat-(?:na|eu|ap)[0-9]-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}(?![A-Za-z0-9_-])/g,
      envName: 'HUBSPOT_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['pat-na1-5e60e7a9-10c5-4651-abd2-7f4b4989b51b', 'pat-eu1-b90e098f-e022-4293-a687-2942c80bf41b'],
        negative: ['pat-na1-00000000-0000-0000-0000-000000000000', 'pat-na1-<private-app-token>'],
      },
    },
    {
      name: 'legacy-api-key',
      title: 'HubSpot API key (legacy)',
      keywords: ['hubspot', 'hapikey'],
      pattern: /(?:hapikey|api[_.-]?key)["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})(?![A-Za-z0-9_-])(?<=(?:hubspot|hapikey)[\s\S]{0,300})/gi,
      envName: 'HUBSPOT_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey=76cb8bd5-214a-4724-a771-e31fbd973114', 'HUBSPOT_API_KEY=76cb8bd5-214a-4724-a771-e31fbd973114'],
        negative: ['HUBSPOT_PORTAL_ID=2a4a8d4c-7914-402a-a428-2f699d33d818', 'api_key = 2a4a8d4c-7914-402a-a428-2f699d33d818'],
      },
    },
  ],
});
