import type { Services } from '../commands/types.js';
import type { Lang } from '../i18n/lang.js';
import { withOffer, withRelated } from '../render/offer.js';
import { dispatch, type Reply } from './dispatch.js';
import { routeMessage, type Route } from './routing.js';

/**
 * Answers a message typed in chat (a Slack mention or DM, a console line): routes it, runs what the route
 * chose and, when the route offers the other side, adds it to the reply. Never throws for user input.
 */
export async function answerMessage(
  text: string,
  services: Services,
  opts: { defaultLang: Lang; remote?: boolean; infrastructureAllowed?: boolean },
): Promise<{ reply: Reply; route: Route }> {
  const route = routeMessage(text, services.search, services.kb);
  const reply = await dispatch({ ...route.invocation, defaultLang: opts.defaultLang, remote: opts.remote === true, infrastructureAllowed: opts.infrastructureAllowed === true }, services);
  if (route.offer && reply.kind === 'result') return { route, reply: { ...reply, doc: withOffer(reply.doc, route.offer, reply.lang) } };
  const related = route.related ? services.kb.byId.get(route.related) : undefined;
  if (related && reply.kind === 'result') return { route, reply: { ...reply, doc: withRelated(reply.doc, related, reply.lang) } };
  return { route, reply };
}
