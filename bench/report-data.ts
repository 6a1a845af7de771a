/**
 * A week of recorded activity for the gaps report bench (issue #16): questions in both languages (the training
 * corpus's chat questions, out-of-scope questions with the small variations people type), votes with reasons
 * and notes, "did you mean" picks and "none of these", a few repeated clicks. Deterministic (seeded), written
 * straight into a migrated SQLite file in one transaction: 100,000 rows in a few seconds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import { detectLang } from '../src/i18n/lang.js';
import { knowledgeDir } from '../src/knowledge/paths.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { DOWN_REASONS } from '../src/store/types.js';

export interface FillOptions {
  questions: number;
  now: Date;
  days?: number;
  /** 'mix': what a busy week looks like; 'flood': every question declined and worded differently (one member pasting). */
  shape?: 'mix' | 'flood';
  seed?: number;
}

export interface Filled {
  questions: number;
  declined: number;
  votes: number;
  choices: number;
}

/** A small linear congruential generator: the same rows on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 0x1_0000_0000;
  };
}

/** The training corpus: entry id → its chat questions. */
function trainingQuestions(): Array<{ entry: string; text: string }> {
  const dir = join(knowledgeDir(), 'training');
  const out: Array<{ entry: string; text: string }> = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const data = parseYaml(readFileSync(join(dir, file), 'utf8')) as { entries: Record<string, string[]> };
    for (const [entry, texts] of Object.entries(data.entries)) for (const text of texts) out.push({ entry, text });
  }
  return out;
}

/** Questions the bot declines: other clouds, other products, off-topic. */
const DECLINED = [
  'how much is aws s3 per GB',
  'AWS EC2 security group vs nacl',
  'azure vnet peering across regions',
  'gcp load balancer health check',
  'kubernetes ingress nginx timeout',
  'how do I renew an ssl certificate on slb',
  'rds 主从延迟怎么排查',
  'redis cluster resize downtime',
  '腾讯云 CVM 怎么换公网IP',
  '华为云 VPC 对等连接怎么配',
  '域名备案要多久',
  'oss bucket policy 怎么写',
  'cdn 回源配置 https',
  '红烧肉怎么做',
  '明天北京天气怎么样',
  'what is the meaning of life',
  'nas 挂载失败 permission denied',
  'gpu 实例价格',
  'waf 规则导出',
  'sms 短信签名审核要多久',
  'how to write a terraform module for vpc',
  'mysql slow query log location',
  'docker compose network bridge',
  'jenkins pipeline stuck on checkout',
  '怎么备份数据库',
  'linux 内核参数 somaxconn 怎么调',
];
const FILLERS = ['', '', '请问 ', 'pls ', 'hi, ', '大佬们 '];
const ENDINGS = ['', '', '?', '？', ' thanks', ' 急', '!!'];

function vary(text: string, rnd: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  let out = pick(FILLERS) + text + pick(ENDINGS);
  if (rnd() < 0.3) out = out.toUpperCase();
  if (rnd() < 0.2) out = out.replace(/ /g, '  ');
  return out;
}

const BANDS = ['answer', 'suggest', 'decline', 'command'] as const;

/** Creates (and migrates) the SQLite file at `path` and fills it; returns what was written. */
export async function fillReportDb(path: string, opts: FillOptions): Promise<Filled> {
  const store = new SqliteStore(path);
  await store.open();
  await store.close();
  const rnd = random(opts.seed ?? 16);
  const corpus = trainingQuestions();
  const days = opts.days ?? 7;
  const start = opts.now.getTime() - days * 86_400_000;
  const db = new Database(path);
  const addQuestion = db.prepare(
    'INSERT INTO questions (id, at, text, lang, band, confidence, top, route, offer, latency_ms, user_hash, channel_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const addVote = db.prepare('INSERT OR REPLACE INTO votes (user_hash, entry_id, question_id, at, vote, reason, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const addChoice = db.prepare('INSERT INTO choices (at, question_id, entry_id, user_hash) VALUES (?, ?, ?, ?)');
  const filled: Filled = { questions: 0, declined: 0, votes: 0, choices: 0 };
  const flood = opts.shape === 'flood';
  db.transaction(() => {
    for (let i = 0; i < opts.questions; i++) {
      const at = Math.floor(start + ((i + rnd()) / opts.questions) * days * 86_400_000);
      const user = `u${Math.floor(rnd() * 2000)}`;
      const r = rnd();
      const band = flood ? 'decline' : r < 0.55 ? BANDS[0] : r < 0.75 ? BANDS[1] : r < 0.9 ? BANDS[2] : BANDS[3];
      const asked = corpus[Math.floor(rnd() * corpus.length)]!;
      let text: string;
      if (flood) text = `${asked.text} #${i}`;
      else if (band === 'decline') text = rnd() < 0.3 ? `${vary(DECLINED[Math.floor(rnd() * DECLINED.length)]!, rnd)} ${i}` : vary(DECLINED[Math.floor(rnd() * DECLINED.length)]!, rnd);
      else if (band === 'command') text = rnd() < 0.5 ? `bw ${1 + Math.floor(rnd() * 500)}M` : `subnet 10.${Math.floor(rnd() * 255)}.0.0/16 /24`;
      else text = rnd() < 0.7 ? asked.text : vary(asked.text, rnd);
      const id = `q${i}`;
      const top = band === 'decline' ? [] : [{ id: asked.entry, score: 1 }];
      const route = band === 'command' ? (text.startsWith('bw') ? 'bw' : 'subnet') : 'ask';
      addQuestion.run(id, at, text, detectLang(text), band, band === 'answer' ? 0.9 : 0.4, JSON.stringify(top), route, null, 5 + rnd() * 40, user, rnd() < 0.5 ? 'dm' : 'slash');
      filled.questions++;
      if (band === 'decline') filled.declined++;
      if (band === 'answer' && rnd() < 0.12) {
        const down = rnd() < 0.2;
        const reason = down && rnd() < 0.6 ? DOWN_REASONS[Math.floor(rnd() * DOWN_REASONS.length)]! : null;
        const note = reason && rnd() < 0.3 ? `note ${i}: the console looks different now` : null;
        addVote.run(user, asked.entry, id, at + 30_000, down ? 'down' : 'up', reason, note);
        filled.votes++;
      }
      if (band === 'suggest' && rnd() < 0.4) {
        const entry = rnd() < 0.7 ? asked.entry : null;
        const clicks = rnd() < 0.05 ? 2 : 1; // a repeated click counts once
        for (let c = 0; c < clicks; c++) addChoice.run(at + 20_000 + c, id, entry, user);
        filled.choices += clicks;
      }
    }
  })();
  db.close();
  return filled;
}
