import type { Qualifiers } from '../knowledge/schema.js';
import { asks, type Frame, type FrameReader } from './frame.js';
import { detectLang } from '../i18n/lang.js';
import { normalize } from './synonyms.js';
import { EN_STOP, isFunctionChar } from './tokenize.js';

/** What a conversation is about after a turn: the question as understood, and what it was about. */
export interface Topic {
  /** The turn's question as understood (the follow-up's reading, or the question itself). */
  text: string;
  frame: Frame;
  /** The entry that answered it, when one did. */
  entryId?: string;
  /** The instance it was about, when it named one (or inherited one). */
  instanceId?: string;
  region?: string;
}

/** How a message was read against its conversation's topic. */
export interface ThreadReading {
  /** Whether the message leaned on the topic (an elliptical follow-up). */
  followup: boolean;
  /** Whether the message says anything of its own (see saysSomething): one that does not leaves the topic as it was. */
  says: boolean;
  /** The question to answer: the message itself, or the follow-up made whole. */
  text: string;
  /** What the question is about (for a follow-up: the topic's frame, changed where the message changes it). */
  frame: Frame;
  /** Shown to the asker when the topic was used ("read as: 经典网络实例能改私网ip吗"). */
  readAs?: string;
  /**
   * What the next follow-up builds on, when not the reading itself: a follow-up said after the topic's whole
   * question leaves that question as the topic, so that a thread's turns do not pile up into one long question.
   */
  topicText?: string;
}

/** Opens a follow-up: "那…", "and if…", "what about…", "如果是…". */
// ("另外…" starts a new question, see SWITCH; "这个/那个" point back wherever they stand, see FOLLOWUP_END.)
const FOLLOWUP_START = /^\s*(?:那|那么|那如果|那要是|如果是|如果|要是|换成|改成|还有|同样|也|and\b|and if\b|what about\b|how about\b|what if\b|if it'?s\b|if\b|also\b|same\b|for\b|then\b|ok\b|so\b)/i;
/** Ends one ("…呢"), or points back ("that way", "does it", "这个"): the message leans on what was said. */
const FOLLOWUP_END = /呢\s*[?？]?\s*$|\b(?:that|this|it|them|those|these|there)\b|这个|那个|它|这样|那样|这台|那台/i;

/** A rough size in words: each Han character a word's half, each Latin word one. */
function size(text: string): number {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[a-z0-9][a-z0-9.'-]*/gi) ?? []).length;
  return han / 2 + latin;
}

/** A follow-up that names nothing is short; one that says it follows up ("那EIP呢", "what about an eip") too. */
const BARE_MAX = 12;
const MARKED_MAX = 10;
/** Short enough to lean on the thread whatever it says ("vpc?", "api?", "安全组要改吗"). */
const TINY = 6;
/** Says a new question starts: never a follow-up. */
const SWITCH = /^\s*(?:另外|顺便|对了|换个问题|还有个问题|再问|btw\b|by the way\b|another question\b|unrelated\b|separate question\b|new question\b)/i;

const hasQualifiers = (q: Qualifiers) => Object.keys(q).length > 0;

/** Words for the instance itself: they name no feature, and ask nothing ("and an eip for the instance?"). */
const INSTANCE_WORDS = /实例|机器|服务器|\b(?:instances?|ecs|vms?|box|machines?|servers?|hosts?)\b/gi;

/**
 * What a question does to its feature ("绑", "释放", "attach"): a follow-up asking a new aspect of the topic
 * ("要停机吗" after "弹性网卡怎么绑到实例上") asks it of that action, not of the feature in general (detaching).
 */
const ACTION = /绑定|解绑|分离|卸载|挂载|挂到|挂上|绑|删除|删|新建|创建|释放|修改|更改|更换|换|转换|转成|转为|分配|回收|迁移|开通|开启|启用|关闭|禁用|配置|申请|升级|降配|\b(?:(?:at|de)tach(?:es|ed|ing)?|(?:delet|remov|creat|releas|chang|migrat|enabl|disabl|configur|upgrad|downgrad)(?:e|es|ed|ing)|(?:modif|appl)(?:y|ies|ied|ying)|swap(?:s|ped|ping)?|(?:convert|(?:un)?assign)(?:s|ed|ing)?)\b/i;

/** Verbs a follow-up does to the topic's feature of its own ("how do i verify it afterwards", "怎么确认"): the topic's action is not carried over. */
const OWN_VERB = /验证|确认|检查|查看|查询|测试|\b(?:verify|verif(?:ies|ied|ying)|check(?:s|ed|ing)?|test(?:s|ed|ing)?|confirm(?:s|ed|ing)?|view|see)\b/i;

/**
 * Whether a message says more than the names of a feature or qualifiers and a follow-up's markers: "安全组要改吗"
 * asks whether the security group must change ("改"), "那EIP呢" and "what about an eip" only swap the feature.
 */
function asksMore(text: string, frames: FrameReader): boolean {
  const rest = frames.withoutNames(text).replace(FOLLOWUP_START, ' ').replace(/['’]s\b/g, '').replace(INSTANCE_WORDS, ' ');
  const han = Array.from(rest.matchAll(/\p{Script=Han}/gu), (m) => m[0]).some((c) => !isFunctionChar(c));
  return han || (rest.match(/[a-z][a-z0-9'-]*/g) ?? []).some((w) => !EN_STOP.has(w));
}

/**
 * The features a message names, less those its qualifiers already say: "vpc的具体咋弄" names the network type as
 * a qualifier of the topic, not a new topic.
 */
const namedFeatures = (frame: Frame) => frame.features.filter((f) => !(f === 'network-type' && frame.qualifiers.network));

/** What a message carries besides its frame, read by the caller (who knows instance ids and the knowledge base's words). */
export interface OwnWords {
  /** It names an instance id. */
  instance?: boolean;
  /** It has a word the knowledge base's entries use, or a figure (function words and courtesies do not count). */
  known?: boolean;
}

/**
 * Whether a message says anything a thread could go on from: a feature, an aspect, a qualifier, an instance id,
 * or a question in words the knowledge base knows ("what should i put in the ticket", "primary one?", "and 150?").
 * Unknown words ("asdf", "constructor"), greetings, thanks and acknowledgements ("ok", "好的", "that works") say
 * nothing: they neither inherit the topic nor replace it.
 */
export function saysSomething(text: string, frame: Frame, own: OwnWords = {}): boolean {
  if (own.instance || frame.features.length || frame.aspects.length || hasQualifiers(frame.qualifiers)) return true;
  return own.known === true && asks(text);
}

/**
 * Whether a message leans on the conversation: short and naming no feature ("要停机吗", "windows上呢", "具体步骤呢",
 * "instance id change?"), or naming a feature without asking anything of it ("那EIP呢", "what about an eip").
 * A complete question (a feature and an aspect) stands on its own, even in a thread, and so does a message
 * that says it starts a new one ("另外…", "btw …"), or one that says nothing of its own (saysSomething).
 */
export function isFollowUp(text: string, frame: Frame, own: OwnWords = {}): boolean {
  if (SWITCH.test(text) || !saysSomething(text, frame, own)) return false;
  const n = size(text);
  const marked = FOLLOWUP_START.test(text) || FOLLOWUP_END.test(text);
  if (namedFeatures(frame).length === 0) return n <= TINY || (n <= BARE_MAX && (marked || frame.aspects.length === 0));
  if (frame.aspects.length) return false;
  return n <= (marked ? MARKED_MAX : TINY);
}

/** The qualifiers a message sets to a value its topic did not have. */
function changedQualifiers(said: Qualifiers, topic: Qualifiers): Qualifiers {
  const out: Qualifiers = {};
  if (said.network && said.network !== topic.network) out.network = said.network;
  if (said.billing && said.billing !== topic.billing) out.billing = said.billing;
  if (said.ip && said.ip !== topic.ip) out.ip = said.ip;
  if (said.os?.some((os) => !topic.os?.includes(os))) out.os = said.os;
  return out;
}

const isZh = (text: string) => detectLang(text) === 'zh';

/** A Windows Server version said as its year alone ("2003呢", "and 2016?"): only a thread about Windows reads it so. */
const WINDOWS_YEAR = /(?<!\d)(2003|2008|2012|2016|2019)(?!\d)/;

function withWindowsYear(text: string, frame: Frame, topic: Topic): Frame {
  const year = WINDOWS_YEAR.exec(text)?.[1];
  if (!year || frame.qualifiers.os?.length || !topic.frame.qualifiers.os?.some((os) => os.startsWith('windows'))) return frame;
  return { ...frame, qualifiers: { ...frame.qualifiers, os: [year === '2003' ? 'windows-2003' : 'windows-2008+'] } };
}

const fullWidthPunctuation = (text: string) => text.replace(/\(/g, '（').replace(/\)/g, '）').replace(/:\s*/g, '：');

/** How a follow-up was read, shown to the asker: what it was said of, then what it said ("私网ip（专有网络）：要停机吗"). */
export const readAsLine = (about: string, said: string, zh: boolean) => `${about}${zh ? '：' : ': '}${said}`;

/**
 * Reads a message in its conversation. A follow-up keeps the topic and changes what it names: the qualifiers
 * ("那经典网络呢"), the feature ("那EIP呢"), the aspect ("要停机吗"). The question it becomes is searched with
 * the combined frame, and shown to the asker ("read as: …") so that a wrong reading is visible.
 */
export function readInThread(text: string, asRead: Frame, topic: Topic | undefined, frames: FrameReader, own: OwnWords = {}): ThreadReading {
  const frame = topic ? withWindowsYear(text, asRead, topic) : asRead;
  const says = saysSomething(text, frame, own);
  if (!topic || !says || !isFollowUp(text, frame, own)) return { followup: false, says, text, frame };
  const named = namedFeatures(frame);
  const combined: Frame = {
    features: named.length ? named : topic.frame.features,
    aspects: frame.aspects.length ? frame.aspects : topic.frame.aspects,
    qualifiers: { ...topic.frame.qualifiers, ...frame.qualifiers },
  };
  const zh = isZh(text) || (!/[a-z]{3}/i.test(text) && isZh(topic.text));
  const said = text.trim();
  // Only the feature or the qualifiers change ("那经典网络呢", "那EIP呢", "and if it's pay-as-you-go?"): the topic's
  // question with them changed.
  const phrase = named.length ? frames.wordsFor(named[0]!, text) : undefined;
  // A qualifier the topic already had ("不同vpc呢" after a question about one VPC) changes nothing: the message's
  // other words are what it asks, read below.
  const changed = changedQualifiers(frame.qualifiers, topic.frame.qualifiers);
  // A feature named with words of its own ("安全组要改吗") asks those words of it: read below, not as a swap.
  // (Not a qualifier: "centos默认开了吗" after a multi-queue question reads best as the topic's question on CentOS.)
  if (!frame.aspects.length && (phrase || hasQualifiers(changed)) && !(phrase && asksMore(text, frames))) {
    let base = topic.text;
    if (phrase) base = frames.withFeature(base, phrase);
    // A feature phrase that names its network types itself ("经典网络跟vpc之间") is not rewritten by them.
    const phraseQualifies = phrase !== undefined && hasQualifiers(frames.read(phrase).qualifiers);
    if (hasQualifiers(changed) && !phraseQualifies) base = frames.withQualifiers(base, changed, isZh(topic.text));
    // (Rewriting reads the topic normalized, its full-width "（：）" made ASCII: a Chinese reading shows them full-width again.)
    return { followup: true, says, text: base, frame: combined, readAs: isZh(base) ? fullWidthPunctuation(base) : base };
  }
  // A new aspect, or words the reader does not know ("要停机吗", "分离呢", "and 150?"): the message, said of the
  // topic's feature and qualifiers. Not the topic's whole question: its own words would outweigh the message's.
  const feature = combined.features[0];
  // A topic whose words never named its feature (it came from the entry that answered: "机器停了为啥还有出网流量"
  // is about Cloud Shield's CC protection) is said in its own words: the feature's title would be words nobody said.
  if (feature && !named.length && !frames.wordsFor(feature, topic.text)) {
    return { followup: true, says, text: `${frames.withoutAspectCues(topic.text)} ${said}`, frame: combined, readAs: readAsLine(topic.text, said, zh), topicText: topic.text };
  }
  const featureName = feature ? frames.featureWords(feature, topic.text, zh) : '';
  // (Unless the message or the feature's own words name one: "分离呢", "转成eip".)
  const found = ACTION.test(said) || OWN_VERB.test(said) || ACTION.test(featureName) ? '' : (ACTION.exec(normalize(topic.text))?.[0] ?? '');
  // Said before the feature: "挂到" (onto where?) reads as 挂载 there.
  const action = found.replace(/^挂[到上]$/, '挂载');
  const featureWords = featureName && action ? (zh ? `${action}${featureName}` : `${action} ${featureName}`) : featureName;
  const qualifierWords = frames.qualifierWords(combined.qualifiers, zh);
  if (!featureWords && !qualifierWords) return { followup: true, says, text: `${topic.text} ${said}`, frame: combined, readAs: readAsLine(topic.text, said, zh), topicText: topic.text };
  // Shown as "私网ip（专有网络）：要停机吗" / "private ip (vpc): do I need to stop it".
  const about = featureWords && qualifierWords ? (zh ? `${featureWords}（${qualifierWords}）` : `${featureWords} (${qualifierWords})`) : featureWords || qualifierWords;
  return { followup: true, says, text: `${featureWords} ${qualifierWords} ${said}`.trim(), frame: combined, readAs: readAsLine(about, said, zh) };
}
