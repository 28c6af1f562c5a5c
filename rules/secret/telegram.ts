/**
 * secret/telegram: Telegram bot tokens, `<bot id>:AA…` as issued by
 * @BotFather. The id is public (it is the bot's user id); the part after the
 * colon is the secret, but the whole token is what a leak exposes.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const telegram = secretRule({
  id: 'secret/telegram',
  title: 'Hard-coded Telegram bot token',
  rotateUrl: 'https://core.telegram.org/bots/features#botfather',
  detectors: [
    {
      name: 'bot-token',
      title: 'Telegram bot token',
      keywords: [':aa'],
      pattern: /(?<![A-Za-z0-9_:-])[0-9]{7,12}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g,
      context: /telegram|bot|\btg_/i,
      minEntropy: 3.8,
      envName: 'TELEGRAM_BOT_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['TELEGRAM_BOT_TOKEN=4988587078:AAFaJx_RmqwHnSrxiuFGM7do_evF67F-10j', 'bot = telebot.TeleBot("662719601:AAzpAE2EDOAaXNDPOvxhZCe_mjakGWQ6RNP")'],
        negative: [
          '4988587078:AAFaJx_RmqwHnSrxiuFGM7do_evF67F-10j',
          'TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'TELEGRAM_BOT_TOKEN=4988587078:AAFaJx_RmqwHnSrxiuFGM7do_evF67F',
          'TELEGRAM_BOT_TOKEN=110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
        ],
      },
    },
  ],
});
