# Loops: while, for over words and over a command's output, until.
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); printf '%d ' $i; done; echo
for w in alpha beta gamma; do echo "word $w"; done
for n in $(seq 3 -1 1); do echo "count $n"; done
n=0; until [ $n -ge 3 ]; do n=$((n + 1)); done; echo "until $n"
