import { describe as group, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';
import { declaredTarget } from '../../src/import/declared-target.js';
import { importKeepalived } from '../../src/import/keepalived/index.js';
import { importLdirectord } from '../../src/import/ldirectord/index.js';
import type { SourceFiles } from '../../src/import/source-files.js';
import { writeCluster } from '../../src/import/write-cluster.js';

/** In-memory files: the converters read through SourceFiles only. */
function files(map: Record<string, string>): SourceFiles {
  return {
    read: (p) => (p in map ? { text: map[p]! } : { error: 'ENOENT' }),
    glob: (pattern) => {
      const re = new RegExp(`^${pattern.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);
      return Object.keys(map).filter((p) => re.test(p)).sort();
    },
  };
}

function at(diags: Diagnostic[]): string[] {
  return diags.map((d) => `${d.severity} ${d.subject ? `${d.subject.filename}:${d.subject.start.line}:${d.subject.start.column}` : '-'} ${d.summary}`);
}

function keepalived(map: Record<string, string>, configId?: string): { diags: string[]; hcl: string } {
  const diags: Diagnostic[] = [];
  const { cluster } = importKeepalived('k.conf', files(map), declaredTarget(null, undefined, diags)!, diags, configId);
  return { diags: at(diags), hcl: writeCluster(cluster) };
}

group('keepalived input errors and lexical rules', () => {
  it('points at the line and column of each problem', () => {
    const { diags } = keepalived({
      'k.conf': ['virtual_server 10.0.0.3 80 {', '  lb_algo fastest', '}', 'virtual_server 10.0.0.1 99999 {', '  protocol TCP', '  real_server 10.0.0.2 80 {', '  }', '}', 'virtual_server group NOPE {', '}', '}'].join('\n'),
    });
    expect(diags).toEqual(['error k.conf:11:1 Unexpected }', 'error k.conf:2:11 Unknown scheduler', 'warning k.conf:1:1 Virtual server has no real servers', 'error k.conf:4:25 Invalid port', 'error k.conf:9:22 Unknown virtual_server_group']);
  });

  it('reads includes relative to the including file, comments, escapes and multi-line definitions', () => {
    const { diags, hcl } = keepalived({
      'k.conf': ['$RS=real_server 10.0.0.2 80 { \\', '   weight 7 \\', '}', 'include inc/*.conf  # both files'].join('\n'),
      'inc/a.conf': ['virtual_server 10.0.0.1 80 { ! a comment', '  protocol TCP # another', '  $RS', '}'].join('\n'),
      'inc/b.conf': ['@lb2 virtual_server 10.0.0.9 80 {', '}'].join('\n'),
    });
    expect(diags).toEqual(['warning inc/b.conf:1:1 Conditional line not converted', 'error inc/b.conf:2:1 Unexpected }']);
    expect(hcl).toContain('weight  = 7');
    expect(hcl).toContain('address    = "10.0.0.1"');
  });

  it('keeps @ID lines for the -config-id as keepalived -i does (@^ID on every other host), and warns without one', () => {
    const conf = ['virtual_server 10.0.0.1 80 {', '  protocol TCP', '  @lb1 lb_algo rr', '  @^lb1 lb_algo wlc', '  @lb2 real_server 10.0.0.2 80 { weight 2 }', '  real_server 10.0.0.3 80 {', '  }', '}'].join('\n');
    const lb1 = keepalived({ 'k.conf': conf }, 'lb1');
    expect(lb1.diags.filter((d) => d.startsWith('error') || d.includes('Conditional'))).toEqual([]);
    expect(lb1.hcl).toContain('scheduler  = "rr"');
    expect(lb1.hcl).not.toContain('10.0.0.2');
    const lb2 = keepalived({ 'k.conf': conf }, 'lb2');
    expect(lb2.hcl).toContain('scheduler  = "wlc"');
    expect(lb2.hcl).toMatch(/backend "10\.0\.0\.2" \{\n {4}address = "10\.0\.0\.2"\n {4}weight {2}= 2/);
    const none = keepalived({ 'k.conf': conf });
    expect(none.diags.filter((d) => d.includes('Conditional'))).toEqual([
      'warning k.conf:3:1 Conditional line not converted',
      'warning k.conf:4:1 Conditional line not converted',
      'warning k.conf:5:1 Conditional line not converted',
    ]);
  });

  it('substitutes ${_PWD}, ${_HASH} and ${_INSTANCE}; leaves ~SEQ and ${_ENV} lines (with their blocks) out, warned at their lines', () => {
    const conf = [
      'virtual_server 10.0.0.1 80 {',
      '  protocol TCP',
      '  real_server 10.0.0.2 80 {',
      '    MISC_CHECK {',
      '      misc_path "${_PWD}/check ${_HASH}${_INSTANCE}"',
      '    }',
      '  }',
      '  ~SEQ(N, 3, 4) real_server 10.0.0.${N} 80 {',
      '  }',
      '  real_server ${_ENV RS} 80 {',
      '  }',
      '}',
    ].join('\n');
    const { diags, hcl } = keepalived({ 'k.conf': 'include conf/k.conf\n', 'conf/k.conf': conf }, 'lb1');
    expect(hcl).toContain('command  = ["conf/check", "#lb1"]');
    expect(diags.filter((d) => !d.includes('Check timeout'))).toEqual(['warning conf/k.conf:8:1 Sequence block not converted', 'warning conf/k.conf:10:1 ${_ENV} not converted']);
  });

  it('refuses host bits in a group CIDR, as keepalived does', () => {
    const { diags } = keepalived({ 'k.conf': 'virtual_server_group G {\n  10.0.0.1/30 80\n}\n' });
    expect(diags).toEqual(['error k.conf:2:3 Invalid virtual_server_group address']);
  });
});

group('ldirectord input errors', () => {
  it('an indented line after a blank line is outside its block, as ldirectord reads it', () => {
    const diags: Diagnostic[] = [];
    importLdirectord('l.cf', files({ 'l.cf': 'virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\n\tscheduler=rr\n\treal=10.0.0.3 bogus\n' }), declaredTarget(null, undefined, diags)!, diags);
    expect(at(diags)).toEqual(['error l.cf:4:2 Indented line outside a virtual block', 'error l.cf:5:2 Indented line outside a virtual block']);
  });

  it('points at a malformed real= value', () => {
    const diags: Diagnostic[] = [];
    importLdirectord('l.cf', files({ 'l.cf': 'virtual=10.0.0.1:80\n    real=10.0.0.3 bogus\n' }), declaredTarget(null, undefined, diags)!, diags);
    expect(at(diags)).toEqual(['error l.cf:2:10 Invalid real server', 'warning l.cf:1:1 Virtual service has no real servers']);
  });

  it('a fwmark service whose real servers have no port gets no check without checkport, and says so', () => {
    const diags: Diagnostic[] = [];
    const text = 'virtual=7\n    real=10.0.0.2 gate\n    protocol=fwm\n    checktype=connect\n';
    const { cluster } = importLdirectord('l.cf', files({ 'l.cf': text }), declaredTarget(null, undefined, diags)!, diags);
    expect(at(diags)).toEqual(['warning l.cf:4:5 Check not converted: no port']);
    expect(cluster.services[0]!.healthCheck).toBeNull();
  });

  it('refuses host names at their column and unknown service names; resolves the common ones', () => {
    const diags: Diagnostic[] = [];
    const text = ['virtual=www.example.com:http', '    real=10.0.0.2:80 gate', 'virtual=10.0.0.1:https', '    real=web1:https gate', '    real=10.0.0.3:gopherish masq', '    fallback=sorry-host gate', '    real=10.0.0.4:https gate', ''].join('\n');
    const { cluster } = importLdirectord('l.cf', files({ 'l.cf': text }), declaredTarget(null, undefined, diags)!, diags);
    expect(at(diags)).toEqual([
      'error l.cf:1:9 Host name not converted',
      'error l.cf:4:10 Host name not converted',
      'error l.cf:5:19 Unknown service name',
      'error l.cf:6:14 Host name not converted',
    ]);
    expect(diags[1]!.detail).toContain('getent hosts web1');
    expect(cluster.services.map((s) => `${s.address}:${s.port} ${s.backends.map((b) => `${b.address}:${b.port}`)}`)).toEqual(['10.0.0.1:443 10.0.0.4:443']);
  });
});
