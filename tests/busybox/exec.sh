# fork and exec of applets found through /bin links.
cat /t/data.txt
wc -c /t/data.txt
head -n 2 /t/data.txt
busybox echo via busybox
/bin/true && echo true-ok
/bin/false || echo "false-status $?"
env -i /bin/sh -c 'echo env-cleared "[$HOME]"'
