import type { AttrValue, Attrs, ResourceType } from '../model/resource.js';

export interface StateObjectView {
  address: string;
  host: string;
  type: ResourceType;
  attrs: Attrs;
}

function value(v: AttrValue): string {
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  return v === null ? 'null' : JSON.stringify(v);
}

/** `terraform state show`'s layout: a comment with the address, then a resource block with `=` aligned. */
export function renderStateObject(o: StateObjectView): string {
  const keys = Object.keys(o.attrs).sort();
  const width = Math.max(0, ...keys.map((k) => k.length));
  const lines = keys.map((k) => `    ${k.padEnd(width)} = ${value(o.attrs[k]!)}`);
  return `# ${o.address} (on ${o.host}):\nresource ${JSON.stringify(o.type)} ${JSON.stringify(o.address)} {\n${lines.join('\n')}\n}\n`;
}

/** `terraform show -json`'s state shape: values.root_module.resources. */
export function stateJson(objects: readonly (StateObjectView & { id: string })[], version: string) {
  return {
    format_version: '1.0',
    lvsplan_version: version,
    values: {
      root_module: {
        resources: objects.map((o) => ({
          address: o.address,
          mode: 'managed',
          type: o.type,
          name: o.address,
          provider_name: 'lvsplan',
          values: o.attrs,
          lvsplan: { host: o.host, id: o.id },
        })),
      },
    },
  };
}
