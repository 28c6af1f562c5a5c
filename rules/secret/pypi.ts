/**
 * secret/pypi: PyPI and TestPyPI API tokens (macaroons whose base64 header
 * names the index: `pypi-AgEIcHlwaS5vcmc…` = pypi.org), passwords in the
 * `[pypi]` / `[testpypi]` sections of `.pypirc`, and `TWINE_PASSWORD`.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const pypi = secretRule({
  id: 'secret/pypi',
  title: 'Hard-coded PyPI credential',
  rotateUrl: 'https://pypi.org/help/#apitoken',
  detectors: [
    {
      name: 'api-token',
      title: 'PyPI API token',
      keywords: ['pypi-ageichlwas5vcmc'],
      pattern: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      envName: 'PYPI_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['pypi-AgEIcHlwaS5vcmcgJESBQRBdoXkFgtyvrMG2rGPpqyS_5Ef3wnBUalf2FtOnhximYOKGnTcG-k8GVoMMeDtTnbTKVGolPVl0dOxdjg0R81LTBBQp6B-Krci8iqJDi0BDr_tZ5tX'],
        negative: ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgEIcHlwaS5vcmcgJESBQRBdoXkFgtyvrMG2rGPp', 'pypi-AgEIcHlwaS5vcmcxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'testpypi-api-token',
      title: 'TestPyPI API token',
      keywords: ['pypi-agendgvzdc5wexbplm9yzw'],
      pattern: /(?<![A-Za-z0-9_-])pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      severity: 'warning',
      envName: 'TEST_PYPI_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['pypi-AgENdGVzdC5weXBpLm9yZwd0IMz8ILqZeeytKY5s3maPvTs14vlHJpZuJ1zQpdVQfkLiAa-VoerO0PRb1tLFFqu8IbkiZjHxR1Zd439aEQ_yc96a43NmJRmVAU'],
        negative: ['pypi-AgENdGVzdC5weXBpLm9yZw', 'pypi-AgENdGVzdC5weXBpLm9yZwd0IMz8ILqZeeytKY5s3maPvTs'],
      },
    },
    {
      name: 'pypirc-password',
      title: 'package index password (.pypirc)',
      keywords: ['[pypi]', '[testpypi]'],
      // From the section header to its `password =` line, never past the next `[section]`.
      pattern: /\[(?:test)?pypi\][^\[]{0,400}?(?<![A-Za-z0-9_])password[ \t]{0,4}[:=][ \t]{0,4}(?<secret>[^\s"'%\\]{8,200})(?=[\s"'\\]|$)/g,
      minEntropy: 2.5,
      envName: 'TWINE_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['[pypi] username = kestrel-release password = q5IwyeIBcmQgOpFphFwQ'],
        negative: ['[pypi] username = __token__ password = ${PYPI_TOKEN}', '[pypi] username = kestrel-release password = %(PYPI_PASSWORD)s', '[pypi] username = kestrel-release [other] password = RFg44AhlFn1ABQfqyfdQ'],
      },
    },
    {
      name: 'twine-password',
      title: 'package upload password (TWINE_PASSWORD)',
      keywords: ['twine_password'],
      pattern: /TWINE_PASSWORD\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?<secret>[^\s"'$\\]{8,200})(?=["'\s\\]|$)/g,
      minEntropy: 2.5,
      envName: 'TWINE_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['TWINE_PASSWORD=s2uhI0IGjbGq0nPTv5uM'],
        negative: ['TWINE_PASSWORD=${{ secrets.PYPI_TOKEN }}', 'TWINE_PASSWORD: $PYPI_TOKEN', 'TWINE_PASSWORD=changeme'],
      },
    },
  ],
});
