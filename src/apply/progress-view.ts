import type { ApplyEvent } from './events.js';
import { escapeControl } from '../render/host-text.js';
import { eventLine } from './progress-words.js';

export interface ProgressOut {
  write(s: string): void;
  isTTY?: boolean;
}

export interface ProgressView {
  onEvent(e: ApplyEvent): void;
  /** Clears any live lines; call before printing the summary. */
  close(): void;
}

/** Plain lines (not a TTY): one line per event, as Terraform prints them in CI logs. */
export function plainProgress(out: ProgressOut): ProgressView {
  return {
    onEvent(e) {
      const line = eventLine(e);
      if (line !== null) out.write(`${escapeControl(line)}\n`);
    },
    close() {},
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const UP_AND_CLEAR = '\x1b[1A\x1b[2K';

/**
 * A compact live view (TTY): finished changes scroll up as permanent lines; what is in progress
 * (including drain counts) stays in a block at the bottom that is redrawn in place.
 */
export function ttyProgress(out: ProgressOut): ProgressView {
  const live = new Map<string, string>();
  let drawn = 0;
  let tick = 0;
  const clear = () => {
    out.write(UP_AND_CLEAR.repeat(drawn));
    drawn = 0;
  };
  const draw = () => {
    tick += 1;
    for (const line of live.values()) out.write(`${FRAMES[tick % FRAMES.length]} ${line}\n`);
    drawn = live.size;
  };
  return {
    onEvent(e) {
      const raw = eventLine(e);
      const line = raw === null ? null : escapeControl(raw);
      clear();
      if (e.kind === 'start' || e.kind === 'draining') live.set(`${e.change.host}\u0000${e.change.address}`, line!);
      else if (e.kind === 'lock-wait') live.set(`lock\u0000${e.host}`, line!);
      else if (e.kind === 'locked') live.delete(`lock\u0000${e.host}`);
      else {
        if ('change' in e) live.delete(`${e.change.host}\u0000${e.change.address}`);
        if (line !== null) out.write(`${line}\n`);
      }
      draw();
    },
    close() {
      clear();
      live.clear();
    },
  };
}

export function progressView(out: ProgressOut): ProgressView {
  return out.isTTY ? ttyProgress(out) : plainProgress(out);
}
