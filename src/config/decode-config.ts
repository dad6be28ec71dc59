import type { Block, File } from '../hcl/ast.js';
import { errorDiag, hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import { formatRange } from '../hcl/range.js';
import { suggest } from '../hcl/suggest.js';
import type { HclObject } from '../hcl/value.js';
import type { DrainTimeouts } from '../model/drain-timeouts.js';
import type { HostSpec } from '../model/hosts.js';
import type { DesiredResource } from '../model/resource.js';
import type { ConfigDecl } from './decl.js';
import { decodeDirector, decodeRealServer } from './decode-hosts.js';
import { uniqueServerNames } from './unique-server-names.js';
import { decodeVirtualServer, repeatedDecodes } from './decode-virtual-server.js';
import { deriveHostResources } from './derive-hosts.js';
import { deriveHealth } from './derive-health.js';
import { deriveIpvs } from './derive-ipvs.js';
import { decodeProbe } from './decode-probe.js';
import type { DesiredState } from './desired-state.js';
import { evaluateLocals } from './locals.js';
import { markSensitive, sensitiveNames } from './sensitivity.js';
import { eachInstance } from './repetition.js';
import { resolveConfig } from './resolve.js';
import { runRules } from './rules/index.js';
import { decodeVariableBlock, resolveVariables, type RawVariableValue, type VariableDecl } from './variables.js';

export interface DecodeInputs {
  /** Values from outside the configuration, lowest precedence first (see load-config-dir.ts). */
  variables: RawVariableValue[];
}

export interface DecodeResult {
  desired: DesiredState | null;
  diagnostics: Diagnostic[];
  /** The declarations behind `desired` (import reads the hosts' settings from them). */
  decl?: ConfigDecl;
  /** The values expressions can refer to (var.*, local.*), for `lvsplan console`. */
  scope?: { var: HclObject; local: HclObject };
}

const TOP_LEVEL = new Set(['variable', 'locals', 'director', 'realserver', 'virtual_server', 'dynamic', 'probe']);

/** Pure: parsed files + variable values -> DesiredState (null when any error was found). */
export function decodeConfig(files: File[], inputs: DecodeInputs): DecodeResult {
  const diags: Diagnostic[] = [];
  const byType = new Map<string, Block[]>();
  for (const f of files) {
    for (const a of f.body.attributes)
      diags.push(errorDiag('Unexpected argument', `Arguments belong inside a block; ${JSON.stringify(a.name)} cannot be set at the top level. Use a locals { } block for named values.`, a.nameRange));
    for (const b of f.body.blocks) {
      if (!TOP_LEVEL.has(b.type)) {
        diags.push(errorDiag('Unsupported block type', `Blocks of type ${JSON.stringify(b.type)} are not expected here.${suggest(b.type, ['variable', 'locals', 'director', 'realserver', 'virtual_server', 'probe'])} The top level holds variable, locals, director, realserver, virtual_server and probe blocks.`, b.typeRange));
        continue;
      }
      const list = byType.get(b.type) ?? [];
      list.push(b);
      byType.set(b.type, list);
    }
  }
  const blocks = (t: string): Block[] => byType.get(t) ?? [];

  const decls = new Map<string, VariableDecl>();
  for (const b of blocks('variable')) {
    const d = decodeVariableBlock(b, diags);
    if (!d) continue;
    const prev = decls.get(d.name);
    if (prev) diags.push(errorDiag('Duplicate variable declaration', `A variable named ${JSON.stringify(d.name)} was already declared at ${formatRange(prev.range)}. Variable names must be unique.`, d.range));
    else decls.set(d.name, d);
  }
  const before = diags.length;
  const variables = resolveVariables(decls, inputs.variables, diags);
  // A variable without a usable value stops here: evaluating on would report every reference to it as well.
  if (hasErrors(diags.slice(before))) return { desired: null, diagnostics: diags };
  const locals = evaluateLocals(blocks('locals'), variables, diags);
  const sensitive = sensitiveNames([...decls.values()].filter((d) => d.sensitive).map((d) => d.name), blocks('locals'));
  const base = markSensitive({ var: variables, local: locals }, sensitive);

  const decl: ConfigDecl = { directors: [], realservers: [], virtualServers: [], probes: [] };
  const hostNames = new Map<string, string>();
  const claimName = (kind: string, name: string, r: Block['range']): void => {
    const prev = hostNames.get(name);
    if (prev) diags.push(errorDiag('Duplicate host name', `${kind} ${JSON.stringify(name)} has the same name as ${prev}. Directors and realservers share one namespace of host names.`, r));
    else hostNames.set(name, `${kind} ${JSON.stringify(name)} at ${formatRange(r)}`);
  };
  for (const b of blocks('director')) {
    const d = decodeDirector(b, base, diags);
    if (d) {
      claimName('director', d.name, d.range);
      decl.directors.push(d);
    }
  }
  for (const b of blocks('realserver')) {
    const r = decodeRealServer(b, base, diags);
    if (r) {
      claimName('realserver', r.name, r.range);
      decl.realservers.push(r);
    }
  }
  const vsBlocks = [...blocks('virtual_server'), ...blocks('dynamic')];
  for (const b of blocks('dynamic'))
    if (b.labels[0]?.value !== 'virtual_server')
      diags.push(errorDiag('Unsupported dynamic block', 'At the top level only dynamic "virtual_server" blocks are allowed.', b.labels[0]?.range ?? b.typeRange));
  const unique = uniqueServerNames(diags);
  const repeated = repeatedDecodes();
  eachInstance(vsBlocks, 'virtual_server', base, diags, (inst) => {
    if (unique(inst)) decl.virtualServers.push(decodeVirtualServer(inst, diags, repeated));
  });

  for (const b of blocks('probe')) {
    const p = decodeProbe(b, base, diags);
    if (!p) continue;
    if (decl.probes.some((q) => q.name === p.name)) diags.push(errorDiag('Duplicate probe', `A probe named ${JSON.stringify(p.name)} was already declared.`, b.labels[0]!.range));
    else decl.probes.push(p);
  }

  const resolved = resolveConfig(decl);
  diags.push(...runRules(resolved));
  if (hasErrors(diags)) return { desired: null, diagnostics: diags, scope: base };

  const resources: DesiredResource[] = [];
  const drainTimeouts: DrainTimeouts = {};
  deriveIpvs(resolved.services, resources, diags);
  for (const s of resolved.services) {
    if (s.decl.drainTimeout && s.id) for (const d of s.directors) (drainTimeouts[d.name] ??= {})[s.id] = s.decl.drainTimeout.v;
  }
  deriveHostResources(resolved, resources, diags);
  const health = deriveHealth(resolved, resources, diags);
  if (hasErrors(diags)) return { desired: null, diagnostics: diags };
  const hosts: HostSpec[] = [];
  for (const d of decl.directors)
    hosts.push({ name: d.name, role: 'director', connection: d.connection!, exclusive: d.exclusive, declRange: d.range, ...(d.commandRange ? { commandRange: d.commandRange } : {}) });
  for (const r of decl.realservers)
    if (r.manage) hosts.push({ name: r.name, role: 'realserver', connection: r.connection!, exclusive: false, declRange: r.range, ...(r.commandRange ? { commandRange: r.commandRange } : {}) });
  const sensitiveVariables = [...decls.values()].filter((d) => d.sensitive).map((d) => d.name);
  return { desired: { hosts, resources, drainTimeouts, sensitiveVariables, health }, diagnostics: diags, decl, scope: base };
}
