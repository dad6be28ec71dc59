// ipvsadm -Sn parsing at 100,000 lines. Build first: npx tsc -p tsconfig.json; then node test/bench/ipvs-parse.mjs
// (or LVSPLAN_DIST=/some/outDir node test/bench/ipvs-parse.mjs when compiled elsewhere).
// Prints lines/second (-Sn straight to resources), and each stage's time relative to a floor measured in the same run: splitting the same
// text into lines and space-separated tokens, which any parser must at least do. Also prints growth from
// 25,000 to 100,000 lines (1.00 = exactly linear).
const dist = process.env.LVSPLAN_DIST ?? new URL('../../dist/', import.meta.url).pathname;
const { parseIpvsSave } = await import(`${dist}/providers/ipvs/parse-save.js`);
const { parseIpvsThresholds } = await import(`${dist}/providers/ipvs/parse-thresholds.js`);

const RUNS = 5;

function vip(s) {
  return `10.${(s >> 16) & 255}.${(s >> 8) & 255}.${s & 255}`;
}

/** A -Sn text of about `lines` lines: services of 9 destinations, mixing NAT, DR, tunnels, IPv6 and fwmarks. */
function saveText(lines) {
  const out = [];
  for (let s = 0; out.length < lines; s++) {
    const kind = s % 10;
    let svc;
    if (kind === 8) svc = `-f ${s + 1}`;
    else if (kind === 9) svc = `-t [2001:db8:${(s >> 16).toString(16)}:${(s & 0xffff).toString(16)}::1]:443`;
    else svc = `-${kind % 2 ? 'u' : 't'} ${vip(s)}:80`;
    out.push(kind === 3 ? `-A ${svc} -s sh -p 360 -M 255.255.255.0 -b sh-fallback,sh-port` : `-A ${svc} -s wlc`);
    for (let d = 0; d < 9 && out.length < lines; d++) {
      const rip = kind === 9 ? `[2001:db8:ff::${(d + 1).toString(16)}]:443` : `172.16.${d}.${(s % 250) + 1}:${kind === 8 ? 0 : 80}`;
      const fwd = d % 3 === 0 ? '-m' : d % 3 === 1 ? '-g' : '-i';
      const tun = fwd !== '-i' ? '' : d === 5 ? ' --tun-type gue --tun-port 6080 --tun-nocsum' : ' --tun-type ipip';
      out.push(`-a ${svc} -r ${rip} ${fwd} -w ${d}${tun}`);
    }
  }
  return out.join('\n') + '\n';
}

/** The matching ipvsadm -Ln --thresholds text. */
function thresholdsText(save) {
  const out = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn', '  -> RemoteAddress:Port'];
  for (const line of save.split('\n')) {
    const t = line.split(' ');
    if (t[0] === '-A') out.push(t[1] === '-f' ? `FWM  ${t[2]} wlc` : `${t[1] === '-u' ? 'UDP' : 'TCP'}  ${t[2]} wlc`);
    else if (t[0] === '-a') out.push(`  -> ${t[t.indexOf('-r') + 1].padEnd(28)} 0          0          0          0         `);
  }
  return out.join('\n') + '\n';
}

function floor(text) {
  let n = 0;
  for (const line of text.split('\n')) n += line.split(' ').length;
  return n;
}

function best(fn) {
  let ms = Infinity;
  let out;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    out = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, out };
}

const results = {};
for (const lines of [25_000, 100_000]) {
  const text = saveText(lines);
  const lnText = thresholdsText(text);
  const f = best(() => floor(text));
  const th = best(() => parseIpvsThresholds(lnText));
  const save = best(() => parseIpvsSave(text, 'dr', th.out.thresholds));
  if (save.out.problems.length || th.out.problems.length) throw new Error(`problems: ${save.out.problems[0] ?? th.out.problems[0]}`);
  results[lines] = { f, save, th };
  console.log(
    `${lines} lines (${save.out.resources.length} resources): parseIpvsSave ${Math.round(lines / (save.ms / 1000)).toLocaleString('en')} lines/s; ` +
      `vs split floor: parseIpvsSave (to resources) x${(save.ms / f.ms).toFixed(1)}, parseIpvsThresholds x${(th.ms / f.ms).toFixed(1)}`,
  );
}
const g = (k) => (results[100_000][k].ms / results[25_000][k].ms / 4).toFixed(2);
console.log(`growth 25k -> 100k lines (1.00 = linear): floor ${g('f')}, parseIpvsSave ${g('save')}, parseIpvsThresholds ${g('th')}`);
