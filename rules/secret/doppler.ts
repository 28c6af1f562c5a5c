/**
 * secret/doppler: Doppler tokens by their prefixes: personal (dp.pt.),
 * service (dp.st.[env.]), service account (dp.sa.), CLI (dp.ct.), SCIM
 * (dp.scim.) and audit (dp.audit.) tokens. A Doppler token unlocks every
 * secret of the configs it can read.
 */
import { secretRule, type Detector } from '../../server/src/engine/secrets/detector';
import { mixedCaseAndDigits } from './_saas';

/** Literal patterns per prefix (no dynamic RegExp); the rest is shared. */
function doppler(name: string, title: string, keyword: string, pattern: RegExp, positive: string | false): Detector {
  return {
    name,
    title,
    keywords: [keyword],
    pattern,
    verify: (s) => mixedCaseAndDigits(s.slice(s.lastIndexOf('.') + 1)),
    envName: 'DOPPLER_TOKEN',
    samples: __NHI_SAMPLES__ && positive !== false && { positive: [positive], negative: [positive.slice(0, positive.length - 12), `${keyword}${'x'.repeat(43)}`] },
  };
}

export const dopplerToken = secretRule({
  id: 'secret/doppler',
  title: 'Hard-coded Doppler token',
  rotateUrl: 'https://docs.doppler.com/docs/service-tokens#revoking-a-service-token',
  detectors: [
    doppler('personal-token', 'Doppler personal token', 'dp.pt.', /(?<![A-Za-z0-9_.-])dp\.pt\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9_.-])/g, __NHI_SAMPLES__ && 'dp.pt.uAoMGKItLXQAepLpgLmIgqBPfOGq5C0I3ebSIVk1AK3'),
    doppler('service-token', 'Doppler service token', 'dp.st.', /(?<![A-Za-z0-9_.-])dp\.st\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}(?![A-Za-z0-9_.-])/g, __NHI_SAMPLES__ && 'dp.st.prd.em0j1bZawkO2bow0dyPMGdPyaT67iyPfIC0d8bVT'),
    doppler('service-account-token', 'Doppler service account token', 'dp.sa.', /(?<![A-Za-z0-9_.-])dp\.sa\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9_.-])/g, __NHI_SAMPLES__ && 'dp.sa.KpRZcmVTlHchY6R1L7qjJJZNl9qwcWxMBMVryezovbn'),
    doppler('cli-token', 'Doppler CLI token', 'dp.ct.', /(?<![A-Za-z0-9_.-])dp\.ct\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9_.-])/g, __NHI_SAMPLES__ && 'dp.ct.0FJj7HvoYhL5GKJJff2VmaXmvSAIRsr9ZK6kYVP4nS5'),
    doppler('scim-token', 'Doppler SCIM token', 'dp.scim.', /(?<![A-Za-z0-9_.-])dp\.scim\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9_.-])/g, __NHI_SAMPLES__ && 'dp.scim.ZOhCvm3DyL1Yc7NAJT96HAIaFyBp96bEz78sdulckaC'),
    doppler('audit-token', 'Doppler audit token', 'dp.audit.', /(?<![A-Za-z0-9_.-])dp\.audit\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9_.-])/g, __NHI_SAMPLES__ && 'dp.audit.RhxKj056bEDxRF2JZqbGd4k6uR2ZnsxjMVSf5k2WiK0'),
  ],
});
