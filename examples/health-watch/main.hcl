# The seed cluster run from the director itself by `lvsplan watch` (see lvsplan-watch.service):
# health checks quiesce failing real servers, a sorry server answers when none is left, and a probe
# from a client host checks the result through the VIP after each apply.

director "lvs-dr" {
  connection { type = "local" }
  interface = "eth0"
}

realserver "lvs01" {
  address = "192.168.122.10"
  connection { host = "192.168.122.10" }
}

realserver "lvs02" {
  address = "192.168.122.20"
  connection { host = "192.168.122.20" }
}

virtual_server "web" {
  director   = "lvs-dr"
  address    = "192.168.122.50"
  port       = 80
  scheduler  = "rr"
  forwarding = "dr"

  health_check {
    type          = "http"
    path          = "/"
    expect_status = 200
    interval      = "1s"
    timeout       = "500ms"
    fall          = 2
    rise          = 2
  }

  # Answers (weight 1) only while every backend fails its check; it needs the VIP on its loopback like any DR server.
  sorry_server { address = "192.168.122.30" }

  backend "lvs01" {}
  backend "lvs02" {}
}

probe "vip" {
  connection { host = "192.168.122.2" }
  url          = "http://192.168.122.50/"
  requests     = 4
  expect_body  = "host!"
  min_distinct = 2
  arp_check { interface = "eth0" }
}
