/** Source control, CI and package registries: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';
import { gitlabToken } from '../gitlab-token';
import { bitbucket } from '../bitbucket';
import { circleci } from '../circleci';
import { travisCi } from '../travis-ci';
import { buildkite } from '../buildkite';
import { jenkins } from '../jenkins';
import { npmToken } from '../npm-token';
import { pypi } from '../pypi';
import { rubygems } from '../rubygems';
import { nuget } from '../nuget';
import { dockerHub } from '../docker-hub';
import { jfrog } from '../jfrog';
// Config-file families last: a prefixed token inside them is claimed by its provider above.
import { mavenSettings } from '../maven-settings';
import { composerAuth } from '../composer-auth';

export const sourceControlSecretRules: Rule[] = [
  gitlabToken,
  bitbucket,
  circleci,
  travisCi,
  buildkite,
  jenkins,
  npmToken,
  pypi,
  rubygems,
  nuget,
  dockerHub,
  jfrog,
  mavenSettings,
  composerAuth,
];
