import type { webApi } from '@slack/bolt';
import type { Lang } from '../i18n/lang.js';

/** Slack locales are BCP 47 tags ("zh-CN", "zh-TW", "en-US", "ja-JP"): only Chinese and English have strings. */
export function langOfLocale(locale: unknown): Lang | undefined {
  if (typeof locale !== 'string') return undefined;
  const primary = locale.toLowerCase().split(/[-_]/)[0];
  return primary === 'zh' ? 'zh' : primary === 'en' ? 'en' : undefined;
}

const MAX_CACHED = 2_000;
const TTL_MS = 60 * 60 * 1000;
/** How long the Home tab waits for users.info, once (no retries): past it, the tab opens in NETBOT_LANG. */
export const USER_INFO_TIMEOUT_MS = 1_500;

/**
 * A Slack user's language, from users.info's `locale` (scope users:read, see manifest.yml), cached an hour so
 * opening the Home tab again costs no call. Any failure (scope not granted yet, Slack down, a locale with no
 * strings) gives `fallback` (NETBOT_LANG): the language is a comfort, never a reason not to answer.
 */
export class UserLangs {
  private readonly cache = new Map<string, { lang: Lang | undefined; at: number }>();

  /**
   * `client`: its own Web API client for users.info, with a short timeout and no retries (the bot's client
   * waits up to its timeout three times over), so a slow Slack API never holds the Home tab back.
   */
  constructor(private readonly client: Pick<webApi.WebClient, 'users'>) {}

  async of(user: string, fallback: Lang, now = Date.now()): Promise<Lang> {
    const client = this.client;
    const hit = this.cache.get(user);
    if (hit && now - hit.at < TTL_MS) return hit.lang ?? fallback;
    let lang: Lang | undefined;
    try {
      const res = await client.users.info({ user, include_locale: true });
      lang = langOfLocale(res.user?.locale);
    } catch {
      return fallback; // not cached: the next open tries again
    }
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.delete(user);
    this.cache.set(user, { lang, at: now });
    return lang ?? fallback;
  }
}
