/**
 * secret/dropbox: Dropbox short-lived access tokens (`sl.` / `sl.u.` + 130 or
 * more base64url characters) and long-lived tokens (11 + ten `A`s + 43,
 * only with `dropbox` in the preceding 300 characters).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { dropboxLongLived, lettersAndDigits } from './_saas';

export const dropbox = secretRule({
  id: 'secret/dropbox',
  title: 'Hard-coded Dropbox access token',
  rotateUrl: 'https://www.dropbox.com/developers/documentation/http/documentation#auth-token-revoke',
  detectors: [
    {
      name: 'short-lived-token',
      title: 'Dropbox short-lived access token',
      keywords: ['sl.'],
      pattern: /(?<![A-Za-z0-9_.-])sl\.(?:u\.)?[A-Za-z0-9_-]{130,1400}(?![A-Za-z0-9_.-])/g,
      minEntropy: 4.5,
      verify: lettersAndDigits,
      envName: 'DROPBOX_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && { positive: ['sl.wWvDjAXen4Ljbqp9ICzoTjcVeUzSvPdQiBw25B-HQheaL96OyXqyh0p4prOl2smaSApMlv_K2Df98yULj4GOIAS8UcJukdf_IvR-mvSC2nMIGzuyEO9nclWHiYOh7Vs2MiqnNXNo'], negative: ['sl.wWvDjAXen4Ljbqp9ICzoTjcVeUzSvPdQiBw25B-HQheaL96OyXqyh0p4prOl2smaSApMlv_K2Df98yULj4GOIAS8UcJukdf_I', 'sl.<access-token>'] },
    },
    {
      name: 'long-lived-token',
      title: 'Dropbox long-lived access token',
      keywords: ['dropbox'],
      pattern: /(?<![A-Za-z0-9_-])[a-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=-]{43}(?![A-Za-z0-9_=-])(?<=[Dd][Rr][Oo][Pp][Bb][Oo][Xx][\s\S]{0,300})/g,
      allowRegular: true,
      verify: dropboxLongLived,
      envName: 'DROPBOX_ACCESS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['dropbox_token: rsa3jdhtvweAAAAAAAAAAtGZjeLeVxa9aWQUNRf7PaXGHlQm-Q4dWWN-ikCj5aiK'],
        negative: ['token: rsa3jdhtvweAAAAAAAAAAtGZjeLeVxa9aWQUNRf7PaXGHlQm-Q4dWWN-ikCj5aiK', 'dropbox_token: xxxxxxxxxxxAAAAAAAAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
  ],
});
