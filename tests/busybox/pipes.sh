# Pipes between processes, including more data than a pipe holds and a
# reader that stops early (the writer gets SIGPIPE).
echo hello | cat
seq 1 100 | wc -l
cat /t/data.txt | tr a-z A-Z | sort
seq 1 20000 | wc -c
seq 1 20000 | tail -n 1
yes | head -n 3
