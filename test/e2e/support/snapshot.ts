import type { Lab } from '../../lab/api/lab.js';

const HOSTS = ['director', 'lvs01', 'lvs02'] as const;
const SYSCTLS = '^net\\.ipv4\\.(conf\\.(all|lo|eth0)\\.arp_(ignore|announce)|ip_forward|vs\\.)';

// What lvsplan may touch on each host, as text: IPVS table, every address, the relevant sysctls.
export async function snapshotHosts(l: Lab): Promise<Record<string, string>> {
  const entries = await Promise.all(
    HOSTS.map(async (h) => {
      const [ipvs, addrs, sysctls] = await Promise.all([
        l.exec(h, ['ipvsadm', '-Sn']),
        l.mustExec(h, ['ip', '-o', 'addr', 'show']),
        l.mustExec(h, ['sysctl', '-e', '-a', '--pattern', SYSCTLS]),
      ]);
      return [h, `# ipvsadm -Sn\n${ipvs.stdout}# ip -o addr\n${addrs}# sysctl\n${sysctls}`] as const;
    }),
  );
  return Object.fromEntries(entries);
}
