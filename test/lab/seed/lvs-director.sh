#!/bin/sh
# The seed's classic LVS-DR director script, as people write it by hand: flush and re-add everything.
# Usage: lvs-director.sh start|stop   (VIP, RIPS, PORT, DEV may be overridden from the environment)
VIP=${VIP:-192.168.122.50}
RIPS=${RIPS:-"192.168.122.10 192.168.122.20"}
PORT=${PORT:-80}
DEV=${DEV:-eth0}

case "$1" in
  start)
    ipvsadm -C
    ip addr replace "$VIP/32" dev "$DEV"
    ipvsadm -A -t "$VIP:$PORT" -s rr
    for rip in $RIPS; do
      ipvsadm -a -t "$VIP:$PORT" -r "$rip:$PORT" -g -w 1
    done
    ;;
  stop)
    ipvsadm -C
    ip addr del "$VIP/32" dev "$DEV" 2>/dev/null
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 1
    ;;
esac
