# Subshells: their own variables, status and working directory.
x=outer; (x=inner; echo "sub $x"; exit 4); echo "status $? x=$x"
(cd /bin && pwd); pwd
( (exit 9) ); echo "nested status $?"
