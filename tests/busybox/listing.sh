# Directory listings of the initramfs, and its links.
ls /
ls /data
find /data | sort
[ -d /data/dir ] && echo dir-exists
[ -L /bin/sh ] && echo sh-is-link
readlink /bin/sh
