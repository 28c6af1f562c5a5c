/**
 * secret/mandrill: Mandrill (Mailchimp Transactional) API keys, 22 random
 * characters with no prefix: reported only after the word "mandrill" on the
 * same line (`MANDRILL_API_KEY=…`, `mandrill.Mandrill("…")`) or the next one
 * (`- name: MANDRILL_API_KEY` / `value: …` in Kubernetes env lists). The pattern starts
 * at that word rather than testing context per candidate: 22-character tokens
 * are everywhere in minified code, the word "mandrill" is not.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { mixedAlphanumeric } from './_ai-messaging';

export const mandrill = secretRule({
  id: 'secret/mandrill',
  title: 'Hard-coded Mandrill API key',
  rotateUrl: 'https://mandrillapp.com/settings',
  detectors: [
    {
      name: 'api-key',
      title: 'Mandrill API key',
      keywords: ['mandrill'],
      pattern: /mandrill[^\n]{0,60}?(?:\r?\n[^\n]{0,40}?)?(?<![A-Za-z0-9_-])(?<secret>[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/gi,
      minEntropy: 3.3,
      verify: mixedAlphanumeric,
      envName: 'MANDRILL_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['MANDRILL_API_KEY=MyG3Kp_3u8PBaXPUkWzpoY', '- name: MANDRILL_API_KEY\n  value: "dNbZWTak6P3Iaqv0e5_TqU"', 'mandrill_client = mandrill.Mandrill("Kso3jZI1MdcWzA_vyntPcR")'],
        negative: [
          'MyG3Kp_3u8PBaXPUkWzpoY',
          'MANDRILL_TEMPLATE_SLUG=order-confirmation-v2',
          'from mandrill import MandrillTransportV2Error',
          'SENDGRID_KEY=MyG3Kp_3u8PBaXPUkWzpoY  # replaces mandrill',
        ],
      },
    },
  ],
});
