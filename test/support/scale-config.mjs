// A cluster of `services` virtual servers with `backendsPer` NAT backends each, written with repetition
// (for_each + dynamic) in a few lines. Shared by the config scale test and the decode benchmark.
export function scaleConfig(services, backendsPer) {
  const hundreds = Math.ceil(services / 100);
  return `
director "d" {
  connection { host = "10.0.0.1" }
  interface = "eth0"
}
locals {
  # range() stops at 1024 values (as in Terraform), so the index space is built from two ranges.
  ids      = flatten([for a in range(${hundreds}) : [for b in range(100) : a * 100 + b if a * 100 + b < ${services}]])
  services = { for i in local.ids : "s\${i}" => { port = 1000 + i } }
  backends = [for j in range(${backendsPer}) : "10.1.0.\${j + 1}"]
}
virtual_server "svc" {
  for_each   = local.services
  director   = "d"
  address    = "10.0.0.100"
  port       = each.value.port
  forwarding = "nat"
  dynamic "backend" {
    for_each = local.backends
    iterator = b
    labels   = [b.value]
    content {
      address = b.value
      weight  = b.key + 1
    }
  }
}
`;
}
