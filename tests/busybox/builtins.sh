# Shell builtins: variables, arithmetic, test, case, printf, functions.
x=6; y=7
echo "product $((x * y))"
printf '%s-%d-%x\n' word 42 255
if [ "$x" -lt "$y" ]; then echo lt; fi
case hello in h*) echo matched ;; *) echo no ;; esac
f() { echo "in f with $# args: $*"; return 3; }
f a b c; echo "f returned $?"
set -- one two; echo "positional $1 $2 $#"
unset x; echo "x is '${x:-unset}'"
