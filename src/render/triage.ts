import { secondsSinceFetched } from '../cloud/facts.js';
import type { StepStatus, TriageResult } from '../commands/triage.js';
import type { LiveFactsFailure } from '../commands/cloud-args.js';
import { fill, type Lang } from '../i18n/lang.js';
import { triageStrings as S } from '../i18n/triage.js';
import type { Block, Doc } from './doc.js';
import { STATUS_MARK } from './markers.js';

/**
 * A runbook step's outcome from the reply of the command it ran (`command`: the line as the runbook wrote it):
 * pass / fail / unknown from the reply's checks (a failed one wins, then an unknown one); info when it has none.
 */
export function stepOutcome(reply: { kind: 'result' | 'help' | 'error'; doc: Doc }, command: string, lang: Lang): { status: StepStatus; detail: string } {
  const text = (blocks: Doc['blocks']) =>
    blocks.flatMap((b) => (b.type === 'text' || b.type === 'header' || b.type === 'context' ? [b.text] : b.type === 'list' ? b.items : [])).join(' ');
  if (reply.kind !== 'result') return { status: 'unknown', detail: fill(S.commandFailed[lang], { command, message: text(reply.doc.blocks) }) };
  const items = reply.doc.blocks.flatMap((b) => (b.type === 'checks' ? b.items : []));
  const header = reply.doc.blocks.find((b) => b.type === 'header');
  const head = header && header.type === 'header' ? header.text : '';
  const failed = items.filter((c) => c.status === 'fail');
  const unknown = items.filter((c) => c.status === 'unknown');
  const ran = fill(S.ran[lang], { command });
  if (!items.length) {
    const lists = reply.doc.blocks.flatMap((b) => (b.type === 'list' ? b.items : [])).slice(0, 3);
    return { status: 'info', detail: ran + [head, ...lists].filter(Boolean).join(' ') };
  }
  const status: StepStatus = failed.length ? 'fail' : unknown.length ? 'unknown' : 'pass';
  const shown = failed.length ? failed : unknown.length ? unknown : items.slice(0, 2);
  return { status, detail: ran + [head, ...shown.map((c) => c.text)].filter(Boolean).join(' ') };
}


/**
 * The `triage --json` contract: {runbook: {id, title}, instance: id|null, fetchedAt?, steps: [{text, section,
 * status: pass|fail|unknown|info, detail}], requestId?} (+ how the runbook was matched, each step's check).
 */
export function triageJson(result: TriageResult, lang: Lang) {
  return {
    runbook: { id: result.runbook.id, title: result.runbook.title[lang] },
    instance: result.target?.instanceId ?? null,
    ...(result.fetched ? { fetchedAt: result.fetched.fetchedAt.toISOString() } : {}),
    steps: result.steps.map((s) => ({
      text: s.text[lang],
      section: s.section,
      sectionTitle: s.sectionTitle,
      status: s.status,
      detail: s.detail ? s.detail[lang] : null,
      ...(s.check ? { check: s.check } : {}),
    })),
    ...(result.fetched ? { requestId: result.fetched.requestId } : {}),
    matched: result.matched,
    // Added by issue #17: why the instance's live facts could not be read (the steps that need them are unknown), or null.
    liveFactsError: result.liveFailure ? { code: result.liveFailure.code, message: result.liveFailure.message[lang], requestId: result.liveFailure.requestId } : null,
  };
}

/** One line on why the live facts are missing: for no credentials, how to configure them; else the cloud's own message. */
function liveFailureLine(failure: LiveFactsFailure, id: string, lang: Lang): string {
  return failure.code === 'no_credentials' ? S.noCredentials[lang] : fill(S.liveFactsFailed[lang], { id, message: failure.message[lang] });
}

export function triageDoc(result: TriageResult, lang: Lang): Doc {
  const m = result.matched;
  const blocks: Block[] = [
    { type: 'header', text: result.runbook.title[lang] },
    {
      type: 'context',
      text:
        m.by === 'id'
          ? fill(S.matchedById[lang], { id: result.runbook.id })
          : fill(S.matchedBySymptom[lang], { id: result.runbook.id, phrase: m.phrase, score: m.score }),
    },
  ];
  const f = result.fetched;
  if (f) {
    const seconds = secondsSinceFetched(f, result.at);
    blocks.push({
      type: 'context',
      text: fill(S.instanceLine[lang], { id: f.instance.instanceId, region: f.instance.regionId, seconds, cached: f.fromCache ? S.cached[lang] : '', requestId: f.requestId || '—' }),
    });
  } else if (result.liveFailure && result.target) {
    blocks.push({ type: 'context', text: liveFailureLine(result.liveFailure, result.target.instanceId, lang) });
  } else {
    blocks.push({ type: 'context', text: S.noInstance[lang] });
  }
  for (const step of result.steps) {
    const head = `${step.index}. ${STATUS_MARK[step.status]} ${step.text[lang]}  (§${step.section} ${step.sectionTitle})`;
    blocks.push({ type: 'text', text: step.detail ? `${head}\n    → ${step.detail[lang]}` : head });
  }
  const count = (status: StepStatus) => result.steps.filter((s) => s.status === status).length;
  blocks.push({ type: 'context', text: fill(S.summaryLine[lang], { pass: count('pass'), fail: count('fail'), unknown: count('unknown'), info: count('info') }) });
  return { blocks };
}
