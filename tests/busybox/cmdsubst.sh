# Command substitution, nested, and fed by a pipeline.
echo "$(echo nested $(echo deeper))"
v=$(printf 'a\nb\nc\n' | wc -l); echo "lines $v"
words=$(cat /t/data.txt); echo "joined:" $words
