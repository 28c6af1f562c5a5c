/**
 * secret/composer-auth: credentials in Composer's `auth.json` (or the
 * `config` block of `composer.json`): `http-basic` passwords, `github-oauth`,
 * `gitlab-token` / `gitlab-oauth`, `bearer` tokens and `bitbucket-oauth`
 * consumer secrets. Tokens with a provider prefix (ghp_, glpat-) are reported
 * by their provider's rule instead.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { isStandInPassword } from '../../server/src/engine/secrets/formats';

export const composerAuth = secretRule({
  id: 'secret/composer-auth',
  title: 'Hard-coded Composer repository credential',
  rotateUrl: 'https://getcomposer.org/doc/articles/authentication-for-private-packages.md',
  detectors: [
    {
      name: 'http-basic-password',
      title: 'Composer http-basic password',
      keywords: ['http-basic'],
      pattern: /\\?"password\\?"[ \t]{0,4}:[ \t]{0,4}\\?"(?<secret>[^"\\$\s]{6,200})\\?"/g,
      // Only the password of a username/password pair (the line before, or the same line).
      context: /"username\\?"[ \t]{0,4}:/,
      minEntropy: 2.5,
      verify: (password) => (isStandInPassword(password) ? 'reject' : 'plausible'),
      envName: 'COMPOSER_AUTH_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['"http-basic": {"repo.kestrel.dev": {"username": "ci", "password": "q5IwyeIBcmQgOpFphFwQ"}}'],
        negative: ['"http-basic": {"repo.kestrel.dev": {"username": "ci", "password": "${COMPOSER_PASSWORD}"}}', '"http-basic": {"repo.kestrel.dev": {"username": "ci", "password": "secret"}}'],
      },
    },
    {
      name: 'github-oauth',
      title: 'Composer github-oauth token',
      keywords: ['github-oauth'],
      pattern: /\\?"github-oauth\\?"[ \t]{0,4}:[ \t]{0,4}\{\s{0,40}\\?"[^"\\\s]{1,100}\\?"[ \t]{0,4}:[ \t]{0,4}\\?"(?<secret>[A-Za-z0-9_]{36,100})\\?"/g,
      minEntropy: 3,
      envName: 'COMPOSER_GITHUB_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['"github-oauth": {"github.com": "a49f64173f41ce14065ea328457e5affbd5cfb9e"}'],
        negative: ['"github-oauth": {"github.com": "${GITHUB_TOKEN}"}', '"github-oauth": {"github.com": "a49f64173f41ce14065ea"}'],
      },
    },
    {
      name: 'gitlab-token',
      title: 'Composer gitlab-token / gitlab-oauth token',
      keywords: ['gitlab-token', 'gitlab-oauth'],
      pattern: /\\?"gitlab-(?:token|oauth)\\?"[ \t]{0,4}:[ \t]{0,4}\{\s{0,40}\\?"[^"\\\s]{1,100}\\?"[ \t]{0,4}:[ \t]{0,4}\\?"(?<secret>[A-Za-z0-9_.-]{20,300})\\?"/g,
      minEntropy: 3.3,
      envName: 'COMPOSER_GITLAB_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['"gitlab-token": {"gitlab.kestrel.dev": "pX47fXZ54kTj6HMvc4p3"}'],
        negative: ['"gitlab-token": {"gitlab.kestrel.dev": "${GITLAB_TOKEN}"}', '"gitlab-token": {"gitlab.kestrel.dev": "xxxxxxxxxxxxxxxxxxxx"}'],
      },
    },
    {
      name: 'bearer-token',
      title: 'Composer bearer token',
      keywords: ['bearer'],
      pattern: /\\?"bearer\\?"[ \t]{0,4}:[ \t]{0,4}\{\s{0,40}\\?"[^"\\\s]{1,100}\\?"[ \t]{0,4}:[ \t]{0,4}\\?"(?<secret>[^"\\$\s]{16,2048})\\?"/g,
      minEntropy: 3.3,
      envName: 'COMPOSER_BEARER_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['"bearer": {"packages.kestrel.dev": "Kv2FeXyYtjgMN2QQ2Gr0Kkn0oFUVwtuq"}'],
        negative: ['"bearer": {"packages.kestrel.dev": "${PACKAGES_TOKEN}"}', '"bearer": {"packages.kestrel.dev": "short"}'],
      },
    },
    {
      name: 'bitbucket-consumer-secret',
      title: 'Composer bitbucket-oauth consumer secret',
      keywords: ['consumer-secret'],
      pattern: /\\?"consumer-secret\\?"[ \t]{0,4}:[ \t]{0,4}\\?"(?<secret>[A-Za-z0-9]{32})\\?"/g,
      minEntropy: 3.5,
      envName: 'COMPOSER_BITBUCKET_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['"bitbucket-oauth": {"bitbucket.org": {"consumer-key": "CVoh3xev36qBC3m26O", "consumer-secret": "pPX47fXZ54kTj6HMvc4p34G5Pqb6qf3M"}}'],
        negative: ['"consumer-secret": "${BITBUCKET_CONSUMER_SECRET}"', '"consumer-secret": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'],
      },
    },
  ],
});
