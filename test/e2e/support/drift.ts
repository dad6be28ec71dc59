import type { Lab } from '../../lab/api/lab.js';

// Plan case 3's drift, made by hand on the seed cluster: four differences from examples/lvs-dr.
export async function driftByHand(l: Lab): Promise<void> {
  const service = `${l.vip}:80`;
  await l.mustExec('director', ['ipvsadm', '-e', '-t', service, '-r', `${l.address('lvs01')}:80`, '-g', '-w', '3']);
  await l.mustExec('director', ['ipvsadm', '-E', '-t', service, '-s', 'wrr']);
  await l.mustExec('director', ['ipvsadm', '-a', '-t', service, '-r', `${l.address('lvs03')}:80`, '-g', '-w', '1']);
  await l.mustExec('lvs02', ['sysctl', '-w', 'net.ipv4.conf.all.arp_ignore=0']);
}
