/** `true` in any case, as the SDK reads its boolean environment variables. */
export const isTrue = (value: string | undefined): boolean => value?.trim().toLowerCase() === 'true';
