import { secondsSinceFetched } from '../cloud/facts.js';
import type { StepStatus, TriageResult } from '../commands/triage.js';
import type { LiveFactsFailure } from '../commands/cloud-args.js';
import { fill, type Lang } from '../i18n/lang.js';
import { triageStrings as S } from '../i18n/triage.js';
import type { Block, Doc } from './doc.js';
import { STATUS_MARK } from './markers.js';

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
