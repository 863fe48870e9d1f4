# Children killed by signals, exit statuses, and a trap.
sh -c 'kill -9 $$'; echo "killed status $?"
sh -c 'kill -SEGV $$'; echo "segv status $?"
sh -c 'exit 7'; echo "exit status $?"
trap 'echo trapped USR1' USR1; kill -USR1 $$; echo after-trap
