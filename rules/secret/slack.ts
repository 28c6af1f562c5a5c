/**
 * secret/slack: Slack bot, user, app-level, configuration and legacy workspace
 * tokens, and incoming / workflow webhook URLs (the URL itself is the secret:
 * anyone holding it can post into the channel).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lastPart, lettersAndDigits, mixedAlphanumeric } from './_ai-messaging';

export const slack = secretRule({
  id: 'secret/slack',
  title: 'Hard-coded Slack token or webhook URL',
  rotateUrl: 'https://api.slack.com/authentication/rotation',
  detectors: [
    {
      name: 'bot-token',
      title: 'Slack bot token',
      keywords: ['xoxb-'],
      pattern: /(?<![A-Za-z0-9_-])xoxb-[0-9]{9,13}-[0-9]{9,13}-[A-Za-z0-9]{24}(?![A-Za-z0-9_-])/g,
      verify: (token) => mixedAlphanumeric(lastPart(token, '-')),
      envName: 'SLACK_BOT_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['xoxb-601240276497-8640074542316-yHstOtsc87UBIWmhsmolwLy6', 'SLACK_BOT_TOKEN=xoxb-78522741748-6229345624194-2FiiwgmOEKEmEH8qHwGyFZM9'],
        negative: [
          'xoxb-your-token',
          'xoxb-0000000000-0000000000-xxxxxxxxxxxxxxxxxxxxxxxx',
          'xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
        ],
      },
    },
    {
      name: 'legacy-bot-token',
      title: 'Slack bot token (legacy format)',
      keywords: ['xoxb-'],
      pattern: /(?<![A-Za-z0-9_-])xoxb-[0-9]{8,14}-[A-Za-z0-9]{18,26}(?![A-Za-z0-9_-])/g,
      verify: (token) => mixedAlphanumeric(lastPart(token, '-')),
      envName: 'SLACK_BOT_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['xoxb-73779870576-6oir3ozE5i4kAcOR8H2GBpGr'],
        negative: ['xoxb-73779870576-slackbotintegrationtoken', 'xoxb-<bot-user-oauth-token>'],
      },
    },
    {
      name: 'user-token',
      title: 'Slack user token',
      // `xoxe-` in the same shape: a user token as Slack writes it into file URLs (gitleaks, trufflehog).
      keywords: ['xoxp-', 'xoxe-'],
      pattern: /(?<![A-Za-z0-9_.-])xox[pe]-[0-9]{9,13}-[0-9]{9,13}-[0-9]{9,13}-[a-f0-9]{32}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.2,
      envName: 'SLACK_USER_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['xoxp-973453216023-159932722244-8064525858318-d58cd44b275d2777230ed61d1db60761', 'https://files.slack.com/files-pri/T0/F0/report.csv?t=xoxe-973453216023-159932722244-8064525858318-d58cd44b275d2777230ed61d1db60761'],
        negative: ['xoxp-000000000000-000000000000-000000000000-00000000000000000000000000000000', 'xoxp-your-user-token'],
      },
    },
    {
      name: 'app-token',
      title: 'Slack app-level token',
      keywords: ['xapp-'],
      pattern: /(?<![A-Za-z0-9_-])xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{9,13}-[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.2,
      envName: 'SLACK_APP_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['SLACK_APP_TOKEN=xapp-1-A0MHBTQQDZE-8134099591279-7779046e47c7be6b6a9a0661e60bd17fa8d419694d588064a9c15fc4180b9c1f'],
        negative: ['xapp-1-...', 'xapp-1-A0MHBTQQDZE-8134099591279-7779046e47c7be6b6a9a0661e60bd17f'],
      },
    },
    {
      name: 'config-access-token',
      title: 'Slack app configuration access token',
      keywords: ['xoxe.xox'],
      pattern: /(?<![A-Za-z0-9_-])xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{140,180}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'SLACK_CONFIG_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['xoxe.xoxp-1-vzqUpclEr0xfXaHYgRUictGEnfBTpWxufOcK9sdacOtFTTvDkUFHwUYI1Kc2CPDTZ0zhSHJR4fF7EJWlk1Wf7W6B6GqJEfjX74cXRi7FBmVzBDIhC3Q95f3pB6eS4KEvjzOAQJuFa3wjrKTPSTOBNlrQMlQtRNOb34Kj'],
        negative: ['xoxe.xoxp-1-<config-token>', 'xoxe.xoxp-1-vzqUpclEr0xfXaHYgRUictGEnfBTpWxufOcK9sdacOtFTTvDkUF'],
      },
    },
    {
      name: 'config-refresh-token',
      title: 'Slack app configuration refresh token',
      keywords: ['xoxe-'],
      pattern: /(?<![A-Za-z0-9_.-])xoxe-[0-9]-[A-Za-z0-9]{130,160}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'SLACK_CONFIG_REFRESH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['xoxe-1-4I0IKJCEVI9kAEVvHBttiawsmwgjDW1PHRj836QJeJReJFc6AGc6i93jtOUzRc1CDynT3NzRW8CvzJzBOVHZkEOqapHXfO7C96kWvrnF7dLlqWUS93P5YBJnnh1CQDuwH1IRoHhAM7aM5dzGaZ'],
        negative: ['xoxe-1-<refresh-token>', 'xoxe-1-4I0IKJCEVI9kAEVvHBttiawsmwgjDW1PHRj836QJeJReJFc6AGc6i93jtOUzRc1'],
      },
    },
    {
      name: 'workspace-access-token',
      title: 'Slack workspace app access token (legacy)',
      keywords: ['xoxa-'],
      pattern: /(?<![A-Za-z0-9_-])xoxa-(?:[0-9]-)?[0-9]{9,13}-[0-9]{9,13}-[0-9]{9,13}-[a-f0-9]{32,64}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.2,
      envName: 'SLACK_WORKSPACE_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['xoxa-2-846192592300-437092718777-4216768191937-c2184040ec971a6ec788eb195f8b9fe13fcbeb549b5005483529e2bfb9140f9b'],
        negative: ['xoxa-2-your-workspace-token', 'xoxa-2-000000000000-000000000000-000000000000-0000000000000000000000000000000000000000000000000000000000000000'],
      },
    },
    {
      name: 'workspace-refresh-token',
      title: 'Slack workspace app refresh token (legacy)',
      keywords: ['xoxr-'],
      // An optional version segment, as workspace access tokens (xoxa-) have.
      pattern: /(?<![A-Za-z0-9_-])xoxr-(?:[0-9]-)?[0-9]{9,13}-[0-9]{9,13}-[A-Za-z0-9]{32,64}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      verify: (token) => mixedAlphanumeric(lastPart(token, '-')),
      envName: 'SLACK_REFRESH_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['xoxr-302143412669-211409413855-EnVqgVzfeVLLbVtGVs6zBaLgfIQN7gnMIpZuATCZ', 'xoxr-2-302143412669-211409413855-EnVqgVzfeVLLbVtGVs6zBaLgfIQN7gnMIpZuATCZ'],
        negative: ['xoxr-<refresh-token>', 'xoxr-302143412669-211409413855-refreshtokenfromtheoauthexchange'],
      },
    },
    {
      name: 'legacy-token',
      title: 'Slack legacy token',
      keywords: ['xoxs-', 'xoxo-'],
      pattern: /(?<![A-Za-z0-9_-])xox[os]-[0-9]{6,14}-[0-9]{6,14}-[0-9]{6,14}-[a-f0-9]{32,64}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.2,
      verify: lettersAndDigits,
      envName: 'SLACK_LEGACY_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['xoxs-33964761663-907011674259-1621746539521-2426d042900bdbb20741e88c5981e05c53ca08c87acf6fee27ebc23825fa8394'],
        negative: ['xoxs-...', 'xoxs-00000000000-000000000000-0000000000000-0000000000000000000000000000000000000000000000000000000000000000'],
      },
    },
    {
      name: 'incoming-webhook',
      title: 'Slack incoming webhook URL',
      keywords: ['hooks.slack.com/services/'],
      pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{23,25}(?![A-Za-z0-9_-])/g,
      verify: (url) => mixedAlphanumeric(lastPart(url, '/')),
      envName: 'SLACK_WEBHOOK_URL',
      samples: __NHI_SAMPLES__ && {
        positive: ['https://hooks.slack.com/services/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', 'webhook_url: "https://hooks.slack.com/services/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"'],
        negative: [
          'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
          'https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/your-webhook-path-here',
          'https://hooks.slack.com/services/',
        ],
      },
    },
    {
      name: 'workflow-webhook',
      title: 'Slack workflow webhook URL',
      keywords: ['hooks.slack.com/workflows/', 'hooks.slack.com/triggers/'],
      pattern: /https:\/\/hooks\.slack\.com\/(?:workflows|triggers)\/T[A-Z0-9]{8,12}\/(?:A[A-Z0-9]{8,12}\/)?[0-9]{10,20}\/[A-Za-z0-9]{22,32}(?![A-Za-z0-9_-])/g,
      verify: (url) => lettersAndDigits(lastPart(url, '/')),
      envName: 'SLACK_WORKFLOW_WEBHOOK_URL',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'https://hooks.slack.com/workflows/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',
          'https://hooks.slack.com/triggers/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',
        ],
        negative: ['https://hooks.slack.com/workflows/T00000000/A00000000/000000000000000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'https://hooks.slack.com/triggers/'],
      },
    },
  ],
});
