#!/bin/sh
# The seed's classic LVS-DR real server script: ARP sysctls on lo and all, the VIP as /32 on lo.
# Usage: lvs-realserver.sh start|stop   (VIP may be overridden from the environment)
VIP=${VIP:-192.168.122.50}

case "$1" in
  start)
    echo 1 > /proc/sys/net/ipv4/conf/lo/arp_ignore
    echo 2 > /proc/sys/net/ipv4/conf/lo/arp_announce
    echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore
    echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce
    ip addr replace "$VIP/32" dev lo
    ;;
  stop)
    ip addr del "$VIP/32" dev lo 2>/dev/null
    echo 0 > /proc/sys/net/ipv4/conf/lo/arp_ignore
    echo 0 > /proc/sys/net/ipv4/conf/lo/arp_announce
    echo 0 > /proc/sys/net/ipv4/conf/all/arp_ignore
    echo 0 > /proc/sys/net/ipv4/conf/all/arp_announce
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 1
    ;;
esac
