import type { SlackConfig } from './config.js';

/**
 * The optional allow-lists (NETBOT_ALLOWED_USERS / NETBOT_ALLOWED_CHANNELS), by immutable Slack ids.
 * A list that is set must contain the id; an id that is unknown on a surface (no channel in a modal) is
 * checked only against the lists that apply.
 */
export function isAllowed(config: Pick<SlackConfig, 'allowedUsers' | 'allowedChannels'>, user: string | undefined, channel: string | undefined): boolean {
  if (config.allowedUsers && !(user && config.allowedUsers.has(user))) return false;
  if (config.allowedChannels && channel !== undefined && !config.allowedChannels.has(channel)) return false;
  return true;
}

/**
 * Live instance facts (NETBOT_TRIAGE_ALLOW): the user must be listed as a user, or the channel the request came
 * from as a channel (a DM's id only when that DM is listed). Unset means nobody: infrastructure data is opt-in.
 * A request with no user (a workflow's or an integration's message) never qualifies: there is nobody to give
 * the facts to privately, and a listed channel must not turn them into a public post.
 */
export function mayReadInfrastructure(config: Pick<SlackConfig, 'triageAllow'>, user: string | undefined, channel: string | undefined): boolean {
  if (!user) return false;
  return config.triageAllow.users.has(user) || (channel !== undefined && config.triageAllow.channels.has(channel));
}
