/**
 * secret/gitlab-token: every GitLab token family that GitLab marks with a
 * prefix (https://docs.gitlab.com/security/tokens/#token-prefixes), including
 * the routable personal-access-token format of GitLab 17.x+ (longer, with a
 * `.<version>.<checksum>` trailer) and the legacy 20-character format. Instances may prefix
 * tokens with their own name (`acme-glpat-…`), and a token may end a sentence (`… glpat-….`).
 */
import { secretRule, type Detector } from '../../server/src/engine/secrets/detector';

/** A prefixed GitLab token: the prefix is the keyword; negatives are shared look-alikes. */
function gitlab(
  name: string,
  title: string,
  prefix: string,
  pattern: RegExp,
  envName: string,
  positive: string | false,
  extraNegatives: string[] = [],
): Detector {
  const body = positive === false ? '' : positive.slice(prefix.length);
  return {
    name,
    title,
    keywords: [prefix.toLowerCase()],
    pattern,
    minEntropy: 3,
    envName,
    samples: __NHI_SAMPLES__ && positive !== false && {
      positive: [positive],
      negative: [
        `${prefix}${'x'.repeat(body.length)}`,
        `${prefix}${body.slice(0, Math.max(8, body.length - 6))}`,
        `my${prefix}${body}`,
        ...extraNegatives,
      ],
    },
  };
}

export const gitlabToken = secretRule({
  id: 'secret/gitlab-token',
  title: 'Hard-coded GitLab token',
  rotateUrl: 'https://docs.gitlab.com/security/tokens/',
  detectors: [
    // Routable first: its 20-character head must not be claimed by the legacy shape.
    {
      name: 'personal-access-token-routable',
      title: 'GitLab personal/project/group access token (routable)',
      keywords: ['glpat-'],
      pattern: /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/g,
      minEntropy: 4,
      envName: 'GITLAB_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'glpat-j5gHNjkUp59DWH2rMFnMvVLIdZHVeco8C_GxSU.01.ahrfscaan',
          'glpat-iu3cdTTCLZhq7vTcdTpbh8jdh1fZOsj.kl5ugdrnn',
          'The deploy job used acme-glpat-j5gHNjkUp59DWH2rMFnMvVLIdZHVeco8C_GxSU.01.ahrfscaan.',
        ],
        negative: ['glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx', 'glpat-j5gHNjkUp59DWH2rMFnMvVLIdZHVeco8C_GxSU.01', 'glpat-<routable-token>.01.abc'],
      },
    },
    gitlab(
      'personal-access-token',
      'GitLab personal/project/group access token',
      'glpat-',
      /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/g,
      'GITLAB_TOKEN',
      __NHI_SAMPLES__ && 'glpat-eepCCOLvq34ihorKVxiy',
      __NHI_SAMPLES__ ? ['glpat-XXXXXXXXXXX-XXXXXXXX', 'glpat-${GITLAB_TOKEN}'] : [],
    ),
    {
      name: 'runner-authentication-token-routable',
      title: 'GitLab runner authentication token (routable)',
      // `glrtr-`: a runner created with a registration token.
      keywords: ['glrt-', 'glrtr-'],
      pattern: /(?<![A-Za-z0-9_])glrtr?-(?:t\d_)?[A-Za-z0-9_-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/g,
      minEntropy: 4,
      envName: 'CI_RUNNER_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['glrt-t1_oRWxI43xbWSVRvvM18qVjNOSw32.01.6wy2qt7a7', 'token = "glrtr-Ks8vQ2mXw9LdT4pRb7NcYf3HuZ1aJeG6.01.0t2k9xq4z"'],
        negative: ['glrt-tx_xxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxx', 'glrt-t1_oRWxI43xbWSVRvvM18qVjNOSw32'],
      },
    },
    {
      ...gitlab(
        'runner-authentication-token',
        'GitLab runner authentication token',
        'glrt-',
        /(?<![A-Za-z0-9_])glrtr?-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/g,
        'CI_RUNNER_TOKEN',
        __NHI_SAMPLES__ && 'glrt-APNBOlnqwf09ypor3Mqm',
        __NHI_SAMPLES__ ? ['glrtr-xxxxxxxxxxxxxxxxxxxx'] : [],
      ),
      keywords: ['glrt-', 'glrtr-'],
    },
    gitlab(
      'runner-registration-token',
      'GitLab runner registration token',
      'GR1348941',
      /(?<![A-Za-z0-9_-])GR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g,
      'REGISTRATION_TOKEN',
      __NHI_SAMPLES__ && 'GR1348941XY4s5N47oL0QAmXRnKdb',
      ['GR134894112312312312312312312'],
    ),
    gitlab('deploy-token', 'GitLab deploy token', 'gldt-', /(?<![A-Za-z0-9_-])gldt-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g, 'GITLAB_DEPLOY_TOKEN', __NHI_SAMPLES__ && 'gldt-6ZCj0EGookYtoGyx75SP'),
    gitlab(
      'ci-job-token',
      'GitLab CI/CD job token',
      'glcbt-',
      /(?<![A-Za-z0-9_-])glcbt-[A-Za-z0-9]{1,5}_[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g,
      'CI_JOB_TOKEN',
      __NHI_SAMPLES__ && 'glcbt-Hr_Ay0VDe64KO3H-L6GjLyS',
    ),
    gitlab(
      'pipeline-trigger-token',
      'GitLab pipeline trigger token',
      'glptt-',
      /(?<![A-Za-z0-9_-])glptt-[0-9a-f]{40}(?![A-Za-z0-9_-])/g,
      'GITLAB_TRIGGER_TOKEN',
      __NHI_SAMPLES__ && 'glptt-5c9de7f1956202491ee63744e5ad20b82469f803',
    ),
    gitlab('feed-token', 'GitLab feed token', 'glft-', /(?<![A-Za-z0-9_-])glft-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g, 'GITLAB_FEED_TOKEN', __NHI_SAMPLES__ && 'glft-w5CI0Vwg2RlyGgnXypFZ'),
    gitlab(
      'oauth-application-secret',
      'GitLab OAuth application secret',
      'gloas-',
      /(?<![A-Za-z0-9_-])gloas-[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])/g,
      'GITLAB_OAUTH_CLIENT_SECRET',
      __NHI_SAMPLES__ && 'gloas-Gt698NsXXegg00xv_dz1TseotT-ms3kpLkq1xJg6wlO1Z3cmTTtdL6KthYEnCLJ3',
    ),
    gitlab(
      'incoming-mail-token',
      'GitLab incoming mail token',
      'glimt-',
      /(?<![A-Za-z0-9_-])glimt-[A-Za-z0-9_-]{25}(?![A-Za-z0-9_-])/g,
      'GITLAB_INCOMING_EMAIL_TOKEN',
      __NHI_SAMPLES__ && 'glimt-sWAaD6ALpIQ-sJVb9u2AT3XJn',
    ),
    gitlab('scim-token', 'GitLab SCIM token', 'glsoat-', /(?<![A-Za-z0-9_-])glsoat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g, 'GITLAB_SCIM_TOKEN', __NHI_SAMPLES__ && 'glsoat-nrymPo_6bh5ng6DfpwFr'),
    gitlab(
      'kubernetes-agent-token',
      'GitLab agent for Kubernetes token',
      'glagent-',
      /(?<![A-Za-z0-9_-])glagent-[A-Za-z0-9_-]{50}(?![A-Za-z0-9_-])/g,
      'GITLAB_AGENT_TOKEN',
      __NHI_SAMPLES__ && 'glagent-NAHkn5je4XzlrfY8QznYDUuvZgSVAlfhAV1pcRHT8bPfT9wgkE',
    ),
    gitlab(
      'feature-flags-client-token',
      'GitLab feature flags client token',
      'glffct-',
      /(?<![A-Za-z0-9_-])glffct-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g,
      'UNLEASH_INSTANCE_ID',
      __NHI_SAMPLES__ && 'glffct-OtpPD-2FXs1ixMEXZqjQ',
    ),
    {
      name: 'session-cookie',
      title: 'GitLab session cookie',
      keywords: ['_gitlab_session='],
      pattern: /(?<![A-Za-z0-9_])_gitlab_session=(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/g,
      minEntropy: 3,
      envName: 'GITLAB_SESSION',
      samples: __NHI_SAMPLES__ && {
        positive: ['Cookie: _gitlab_session=d8efe9687f1e481d6d5ca367cc198d41'],
        negative: ['_gitlab_session=00000000000000000000000000000000', '_gitlab_session=d8efe9687f1e481d6d5ca367cc19', '_gitlab_session=${SESSION}'],
      },
    },
  ],
});
