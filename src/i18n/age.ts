import { fill, type Lang } from './lang.js';

/** How long ago something happened (an instance's age), as people say it: one set of strings for every command. */
export const ageStrings = {
  days: { zh: '{d}天', en: '{d} d' },
  daysHours: { zh: '{d}天{h}小时', en: '{d} d {h} h' },
  hours: { zh: '{h}小时', en: '{h} h' },
  hoursMinutes: { zh: '{h}小时{m}分钟', en: '{h} h {m} min' },
  minutes: { zh: '{m}分钟', en: '{m} min' },
  underAMinute: { zh: '不到1分钟', en: 'under a minute' },
} as const;

/**
 * A number of minutes as a human age: "7 d 7 h", "3 h 5 min", "12 min" (zh "7天7小时", "3小时5分钟", "12分钟").
 * Two units at most, the smaller dropped when it is zero; parts of a minute are dropped (never rounded up
 * across a limit such as the 6-hour window).
 */
export function humanAge(minutes: number, lang: Lang): string {
  const total = Math.max(0, Math.floor(minutes));
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  const S = ageStrings;
  if (d > 0) return fill((h ? S.daysHours : S.days)[lang], { d, h });
  if (h > 0) return fill((m ? S.hoursMinutes : S.hours)[lang], { h, m });
  return m > 0 ? fill(S.minutes[lang], { m }) : S.underAMinute[lang];
}
