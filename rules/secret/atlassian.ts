/**
 * secret/atlassian: Atlassian Cloud API tokens (ATATT3…, 192 characters) for
 * Jira, Confluence and Bitbucket REST calls, and the older 24-character tokens
 * under a token/password name with `jira`, `confluence` or `atlassian` in the
 * preceding 300 characters.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits, mixedCaseAndDigits } from './_saas';

export const atlassian = secretRule({
  id: 'secret/atlassian',
  title: 'Hard-coded Atlassian API token',
  rotateUrl: 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/',
  detectors: [
    {
      name: 'api-token',
      title: 'Atlassian API token',
      keywords: ['atatt3'],
      pattern: /(?<![A-Za-z0-9_=-])ATATT3[A-Za-z0-9_=-]{180,200}(?![A-Za-z0-9_=-])/g,
      minEntropy: 4,
      verify: lettersAndDigits,
      envName: 'ATLASSIAN_API_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['ATATT3xFfGF0FcHesj0CWbkpl38U0g5uHF5sY5wXQJ-F32V2ZbtrYDrTMJpEZCF4b0mLpORhZ_qbkf-V4ZWnHdan5aUkU6zYsjFAuAOGGO3iBzjcb7ivsTjjIDfGoqYPaERh-WdkGYbmKJPkxWDHYvqxLO0nX1HiR39BYKjY7zIEDq8wpthGctR=E5A3F3EF'], negative: ['ATATT3xFfGF0<token>', 'ATATT3xFfGF0FcHesj0CWbkpl38U0g5uHF5sY5wXQJ-F32V2ZbtrYDrTMJpEZCF4b0mLpORhZ_qbkf-V4ZWnHdan5aUkU6zYsjFAuAOGGO3iBzjcb7ivsTjj'] },
    },
    {
      name: 'legacy-api-token',
      title: 'Atlassian API token (24 characters)',
      keywords: ['jira', 'confluence', 'atlassian'],
      pattern: /(?:api[_.-]?(?:token|key)|token|password)["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[A-Za-z0-9]{24})(?![A-Za-z0-9_-])(?<=(?:jira|confluence|atlassian)[\s\S]{0,300})/gi,
      minEntropy: 3.5,
      verify: mixedCaseAndDigits,
      envName: 'ATLASSIAN_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['JIRA_API_TOKEN=503aumxUlt1UULexLS6QJaHP'],
        negative: ['JIRA_PROJECT_KEY=PAYMENTS', 'api_token = 503aumxUlt1UULexLS6QJaHP', 'JIRA_API_TOKEN=correcthorsebatterystaple'],
      },
    },
  ],
});
