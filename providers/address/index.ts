export { parseIpAddrShow, type ObservedAddress, type AddrParse } from './parse-ip-addr.js';
export { addressToResources } from './to-resources.js';
export { addressAddArgv, addressDeleteArgv, addressReadArgv } from './argv.js';
export { interfaceNameError } from './interface-name.js';
