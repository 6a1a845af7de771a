/** Reads an age like "2h", "90m", "5h59m", "1d2h", "1.5h", "2小时30分钟" into minutes; undefined if unreadable. */
const PART = /(\d{1,6}(?:\.\d{1,3})?)\s*(d|h|m|天|小时|分钟|分)/gy;
const MINUTES: Record<string, number> = { d: 1440, 天: 1440, h: 60, 小时: 60, m: 1, 分钟: 1, 分: 1 };

export function parseDurationMinutes(text: string): number | undefined {
  const input = text.trim().toLowerCase();
  if (!input || input.length > 40) return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let m = PART.exec(input); m; m = PART.exec(input)) {
    total += Number(m[1]) * MINUTES[m[2]!]!;
    end = PART.lastIndex;
  }
  return end === input.length && end > 0 ? Math.round(total * 1000) / 1000 : undefined;
}
