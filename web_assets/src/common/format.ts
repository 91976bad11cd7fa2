import dayjs from 'dayjs';

export const formatTime = (ms: number | null | undefined): string =>
  ms ? dayjs(ms).format('YYYY-MM-DD HH:mm:ss') : '';

/** Pretty-prints the JSON text of a user-setting history entry; other text is shown as is. */
export function prettyJson(text: string): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
