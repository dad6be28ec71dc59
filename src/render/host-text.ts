/**
 * Text that came from a host (stderr, output lines, state records) is untrusted: printed raw, an
 * escape sequence could retitle or clear the operator's terminal, or a carriage return could
 * overwrite what was printed. Every C0 control except newline and tab, DEL and every C1 control
 * becomes a visible \xNN / \u00NN escape.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
