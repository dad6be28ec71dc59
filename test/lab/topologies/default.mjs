// The seed's network: one bridge, a client, a director and three real servers.
// lvs03 serves HTTP but is in no cluster until a test puts it there.
export default {
  bridge: { name: 'br0', prefixLength: 24 },
  operator: '192.168.122.1',
  vip: '192.168.122.50',
  hosts: [
    { name: 'client', address: '192.168.122.2', http: false },
    { name: 'director', address: '192.168.122.5', http: false },
    { name: 'lvs01', address: '192.168.122.10', http: true },
    { name: 'lvs02', address: '192.168.122.20', http: true },
    { name: 'lvs03', address: '192.168.122.30', http: true },
  ],
};
