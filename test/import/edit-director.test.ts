import { describe, expect, it } from 'vitest';
import { withBindVipsOff } from '../../src/import/edit-director.js';
import { formatHcl } from '../../src/hcl/format/format-hcl.js';

const WHY = 'keepalived owns the VIPs.';
const edit = (text: string, name = 'lb') => withBindVipsOff(text, 'hosts.hcl', name, WHY);

describe('bind_vips = false in a declared director block', () => {
  it('replaces a written value in place, keeping the block formatted', () => {
    const text = 'director "lb" {\n  interface = "eth0"\n  bind_vips = true # was\n  exclusive = false\n}\n';
    const r = edit(text);
    expect(r).toEqual({
      text: 'director "lb" {\n  interface = "eth0"\n  # keepalived owns the VIPs.\n  bind_vips = false # was\n  exclusive = false\n}\n',
      at: expect.objectContaining({ start: expect.objectContaining({ line: 4 }) }),
    });
    expect(formatHcl((r as { text: string }).text)).toBe((r as { text: string }).text);
  });

  it('adds it at the top of the block, only to the named director, with CRLF kept', () => {
    const text = 'director "other" {\r\n  interface = "eth1"\r\n}\r\n\r\ndirector "lb" {\r\n  interface = "eth0"\r\n}\r\n';
    const r = edit(text) as { text: string };
    expect(r.text).toBe('director "other" {\r\n  interface = "eth1"\r\n}\r\n\r\ndirector "lb" {\r\n  # keepalived owns the VIPs.\r\n  bind_vips = false\r\n\r\n  interface = "eth0"\r\n}\r\n');
  });

  it('leaves a layout of its own as it is (no reformatting of the rest)', () => {
    const text = 'director   "lb"   {\n    interface="eth0"\n}\n';
    expect((edit(text) as { text: string }).text).toBe('director   "lb"   {\n    # keepalived owns the VIPs.\n    bind_vips = false\n\n    interface="eth0"\n}\n');
  });

  it('refuses what it cannot edit safely', () => {
    expect(edit('director "lb" { interface = "eth0" }\n')).toEqual({ problem: 'its block in hosts.hcl has content on the line of its "{".' });
    expect(edit('director "lb" {\n}\n', 'nope')).toEqual({ problem: 'hosts.hcl holds no director "nope" block.' });
    expect(edit('director "lb" {\n')).toEqual({ problem: 'hosts.hcl does not parse.' });
  });
});
