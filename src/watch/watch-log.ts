/** One line per event: human text on a terminal, JSON lines with --json (Terraform's -json UI keys). */
export type WatchEventType =
  | 'watch_start' | 'watch_stop' | 'reload' | 'reload_failed' | 'backend_up' | 'backend_down'
  | 'change_applied' | 'change_failed' | 'quick_edit_refused' | 'drift' | 'warning' | 'error';

export interface WatchEvent {
  type: WatchEventType;
  level: 'info' | 'warn' | 'error';
  message: string;
  [k: string]: unknown;
}

export function formatEvent(e: WatchEvent, json: boolean, now: Date): string {
  const ts = now.toISOString();
  if (json) {
    const { type, level, message, ...rest } = e;
    return `${JSON.stringify({ '@level': level, '@message': message, '@module': 'lvsplan.watch', '@timestamp': ts, type, ...rest })}\n`;
  }
  const tag = e.level === 'error' ? 'ERROR ' : e.level === 'warn' ? 'WARN  ' : '';
  return `${ts} ${tag}${e.message.replace(/\n/g, '\n    ')}\n`;
}
