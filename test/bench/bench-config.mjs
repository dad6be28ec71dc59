// The benchmark configuration: virtual_server blocks with backend blocks, ~6.1 MB at full size
// (5,000 services x 20 backends). Shared by the parser and fmt benchmarks.
export function generateBenchConfig(services, backendsPerService = 20) {
  const parts = ['variable "vip_prefix" { default = "10.20" }\n\n'];
  for (let s = 0; s < services; s++) {
    const vip = `10.${(s >> 8) & 255}.${s & 255}.1`;
    parts.push(
      `virtual_server "svc-${s}" {\n` +
        `  director   = "lvs-dr-${s % 4}"\n` +
        `  protocol   = "${s % 3 === 0 ? 'udp' : 'tcp'}"\n` +
        `  address    = "${vip}"\n` +
        `  port       = ${80 + (s % 100)}\n` +
        `  scheduler  = "wrr"\n` +
        `  forwarding = "dr"\n`,
    );
    for (let b = 0; b < backendsPerService; b++) {
      const address = b % 2 === 0 ? `    address = "192.168.${b}.${s & 255}"\n` : '';
      parts.push(`  backend "rs${b}" {\n${address}    weight = ${1 + (b % 10)}\n  }\n`);
    }
    parts.push('}\n\n');
  }
  return parts.join('');
}
