/**
 * secret/twitch: Twitch OAuth tokens and application client secrets, both 30
 * lower-case alphanumerics (tokens sometimes written `oauth:…` for IRC),
 * under a token/secret name with `twitch` in the preceding 300 characters.
 * Client ids have the same shape and are public.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lowerAlnumMixed } from './_saas';

export const twitch = secretRule({
  id: 'secret/twitch',
  title: 'Hard-coded Twitch token or client secret',
  rotateUrl: 'https://dev.twitch.tv/docs/authentication/revoke-tokens/',
  detectors: [
    {
      name: 'oauth-token-or-secret',
      title: 'Twitch OAuth token or client secret',
      keywords: ['twitch'],
      pattern: /(?:client[_.-]?secret|(?:access|oauth|irc|chat|bot)[_.-]?token|token|password)["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?:oauth:)?(?<secret>[a-z0-9]{30})(?![A-Za-z0-9_-])(?<=twitch[\s\S]{0,300})/gi,
      minEntropy: 3.5,
      verify: lowerAlnumMixed,
      envName: 'TWITCH_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['TWITCH_CLIENT_SECRET=u9ui69iatwa1of1ovudor34llzt84h', 'TWITCH_BOT_PASSWORD=oauth:u9ui69iatwa1of1ovudor34llzt84h'],
        negative: ['TWITCH_CLIENT_ID=xb2csfabl8o4xstmnc9p8jqco6qi84', 'client_secret = u9ui69iatwa1of1ovudor34llzt84h', 'TWITCH_CLIENT_SECRET=${TWITCH_CLIENT_SECRET}'],
      },
    },
  ],
});
