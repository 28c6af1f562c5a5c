/** AI providers, messaging and mail: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';
import { anthropic } from '../anthropic';
import { cohere } from '../cohere';
import { deepseek } from '../deepseek';
import { discord } from '../discord';
import { groq } from '../groq';
import { huggingFace } from '../hugging-face';
import { mailchimp } from '../mailchimp';
import { mailgun } from '../mailgun';
import { mandrill } from '../mandrill';
import { mistral } from '../mistral';
import { openaiApiKey } from '../openai-api-key';
import { perplexity } from '../perplexity';
import { postmark } from '../postmark';
import { replicate } from '../replicate';
import { sendgrid } from '../sendgrid';
import { slack } from '../slack';
import { telegram } from '../telegram';
import { twilio } from '../twilio';
import { xai } from '../xai';

// Prefixed formats first; the context-gated shapes (hex, UUID, bare alphanumerics) last,
// so a span a distinctive prefix already claimed is never re-reported under a guess.
export const aiMessagingSecretRules: Rule[] = [
  openaiApiKey,
  anthropic,
  huggingFace,
  groq,
  replicate,
  perplexity,
  xai,
  slack,
  discord,
  telegram,
  sendgrid,
  mailchimp,
  mailgun,
  deepseek,
  cohere,
  mistral,
  twilio,
  postmark,
  mandrill,
];
