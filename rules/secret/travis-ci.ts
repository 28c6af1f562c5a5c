/**
 * secret/travis-ci: Travis CI API tokens. They are 22 characters without a
 * prefix, so they are only reported where the key or the line names Travis.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const travisCi = secretRule({
  id: 'secret/travis-ci',
  title: 'Hard-coded Travis CI token',
  rotateUrl: 'https://docs.travis-ci.com/user/migrate/travis-migrate-to-apps-gem-guide/',
  detectors: [
    {
      name: 'api-token',
      title: 'Travis CI API token',
      keywords: ['travis'],
      // `TRAVIS_API_TOKEN=…`, `travis_token: …`, or an `Authorization: token …` header on a Travis call.
      pattern: /(?:travis[A-Za-z0-9_.-]{0,20}(?:token|api[_-]?key)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?|Authorization:[ \t]{0,4}token[ \t]{1,4})(?<secret>[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/gi,
      context: /travis/i,
      minEntropy: 3.3,
      envName: 'TRAVIS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['TRAVIS_API_TOKEN=Lc953hLqgGZ3rNqufeUOr4', 'curl -H "Travis-API-Version: 3" -H "Authorization: token skFJ5D0DJQv455lMdfUUB1" https://api.travis-ci.com/user'],
        negative: ['TRAVIS_API_TOKEN=${TRAVIS_TOKEN}', 'TRAVIS_BUILD_ID=HDH3LkSkzhbjmPUkUJ5e4v', 'travis_token: Lc953hLqgGZ3rNqufeUOr4extra', 'Authorization: token HDH3LkSkzhbjmPUkUJ5e4v'],
      },
    },
  ],
});
