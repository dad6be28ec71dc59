// The seed's reason for DR at its intended size: one director in front of 100 real servers, plus 10 spare
// real servers (in no cluster until a test adds them) and a client. Each real server serves "<name> host!".
const realServer = (i) => ({ name: `rs${String(i).padStart(3, '0')}`, address: `192.168.122.${100 + i}`, http: true });

export const CLUSTER_SIZE = 100;
export const SPARES = 10;

export default {
  bridge: { name: 'br0', prefixLength: 24 },
  operator: '192.168.122.1',
  vip: '192.168.122.50',
  hosts: [
    { name: 'client', address: '192.168.122.2', http: false },
    { name: 'director', address: '192.168.122.5', http: false },
    ...Array.from({ length: CLUSTER_SIZE + SPARES }, (_, i) => realServer(i + 1)),
  ],
};
