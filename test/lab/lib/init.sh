#!/bin/busybox sh
# /init of the lab VM: load modules, mount the machine's root read-only over 9p with a tmpfs
# overlay, chroot into it and run /lab-run/inner.sh. The exit status goes to the writable share.
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

fatal() {
  echo "lab-init: FATAL: $*"
  reboot -f
}

while read -r m; do
  modprobe "$m" || echo "lab-init: modprobe $m failed"
done < /etc/lab-modules

P9=trans=virtio,version=9p2000.L,msize=512000
mkdir -p /host /rw /newroot
mount -t 9p -o "$P9,ro,cache=loose" host /host || fatal "cannot mount the host root over 9p"
mount -t tmpfs -o mode=0755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot || fatal "overlay mount failed"
mkdir -p /newroot/lab-run
mount -t 9p -o "$P9" labrun /newroot/lab-run || fatal "cannot mount the run share"
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
# What udev/systemd give every Debian host; bash's process substitution opens /dev/fd/N.
ln -sf /proc/self/fd /newroot/dev/fd
ln -sf /proc/self/fd/0 /newroot/dev/stdin
ln -sf /proc/self/fd/1 /newroot/dev/stdout
ln -sf /proc/self/fd/2 /newroot/dev/stderr
mount -t devpts -o newinstance,ptmxmode=0666 devpts /newroot/dev/pts
mount -t tmpfs tmpfs /newroot/dev/shm
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
mkdir -p /newroot/run/netns /newroot/run/lock
mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp
mkdir -p /newroot/lib/modules
mount --bind /lib/modules /newroot/lib/modules
# Shares last, so one under /tmp or /run is not hidden by the fresh tmpfs mounts above.
if [ -f /newroot/lab-run/mounts ]; then
  while read -r tag path; do
    mkdir -p "/newroot$path"
    mount -t 9p -o "$P9" "$tag" "/newroot$path" || fatal "cannot mount writable share $path"
  done < /newroot/lab-run/mounts
fi
hostname lab

echo "lab-init: ready $(cut -d' ' -f1 /proc/uptime)"
chroot /newroot /bin/sh /lab-run/inner.sh
echo $? > /newroot/lab-run/status
sync
reboot -f
