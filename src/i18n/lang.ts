/** The two languages every user-facing string exists in. */
export type Lang = 'zh' | 'en';

export const LANGS: readonly Lang[] = ['zh', 'en'];

/** A string in both languages. */
export type Bilingual = Record<Lang, string>;

const HAN = /\p{Script=Han}/u;

/** Reply in the language of the text: any Han character means Chinese, anything else English. */
export function detectLang(text: string): Lang {
  return HAN.test(text) ? 'zh' : 'en';
}

export function isLang(value: unknown): value is Lang {
  return value === 'zh' || value === 'en';
}

/** Fill `{name}` placeholders; unknown names are left as they are so a typo shows instead of vanishing. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

/** Fill a bilingual template in both languages at once: results stay language-neutral until rendered. */
export const fillBoth = (template: Bilingual, values: Record<string, string | number> = {}): Bilingual => ({
  zh: fill(template.zh, values),
  en: fill(template.en, values),
});
