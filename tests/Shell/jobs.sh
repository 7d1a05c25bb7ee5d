# Processes from the shell: background jobs and wait, traps, signals between processes,
# exit statuses of killed children, pipelines of processes.
. "$(dirname "$0")/tap.sh"
scratch_directory jobs

# Background jobs and wait
(sleep 0; exit 5) &
pid=$!
wait $pid
check "wait returns a background job's status" "5" "$?"
check "\$! is the job's pid" "yes" "$( [ "$pid" -gt 0 ] && echo yes)"
: > order.txt
echo a >> order.txt &
echo b >> order.txt &
wait
check "wait with no operand waits for all" "2" "$(wc -l < order.txt | tr -d ' ')"
sleep 10 &
sleeper=$!
kill $sleeper
wait $sleeper
check "a job killed by SIGTERM: 128+15" "143" "$?"
sleep 10 &
sleeper=$!
kill -KILL $sleeper
wait $sleeper
check "a job killed by SIGKILL: 128+9" "137" "$?"
check "kill -0 finds a live process" "0" "$(kill -0 $$; echo $?)"
check "kill -0 does not find a dead one" "1" "$(kill -0 $sleeper 2>/dev/null; echo $?)"

# Traps
check "trap on EXIT runs at the end" "body
bye" "$(sh -c 'trap "echo bye" EXIT; echo body')"
check "a trapped signal runs its handler" "got USR1" "$(sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; :')"
check "an ignored signal does nothing" "alive" "$(sh -c 'trap "" TERM; kill -TERM $$; echo alive')"
check "trap - restores the default" "143" "$(sh -c 'trap "" TERM; trap - TERM; kill -TERM $$; echo never' >/dev/null; echo $?)"
check "a handler interrupts wait" "handled" "$(sh -c 'trap "echo handled; exit 0" USR2; (sleep 1; kill -USR2 $$) & sleep 10 >/dev/null & wait $!; echo not')"

# Processes and pipelines
check "a pipeline runs its stages as processes" "3" "$(seq 1 3 | while read n; do echo $n; done | wc -l | tr -d ' ')"
check "exec replaces the shell" "replaced" "$(sh -c 'exec echo replaced; echo not')"
check "sh -c with arguments" "b a" "$(sh -c 'echo $2 $1' sh a b)"
check "a script's exit status" "9" "$(sh -c 'exit 9'; echo $?)"
check "set -e stops at a failure" "1" "$(sh -c 'set -e; false; echo not'; echo $?)"
check "the child's pid differs from the shell's" "different" "$(sh -c 'echo $$' | { read child; [ "$child" != "$$" ] && echo different; })"
check "xargs runs a command per batch" "a b c" "$(printf 'a\nb\nc\n' | xargs echo)"
check "an orphaned background job still finishes" "done" "$(sh -c '(sleep 0; echo done > orphan.txt) &' ; sleep 1; cat orphan.txt)"
check "command -v finds applets" "yes" "$(command -v ls >/dev/null && echo yes)"
check "a missing command: 127" "127" "$(no-such-command-here 2>/dev/null; echo $?)"
check "a file that is not executable: 126" "126" "$(echo 'echo x' > script.sh; ./script.sh 2>/dev/null; echo $?)"
chmod +x script.sh
check "a script without #! runs in sh" "x" "$(./script.sh)"
printf '#!/bin/sh\necho shebang $1\n' > shebang.sh
chmod +x shebang.sh
check "a #! script with an argument" "shebang arg" "$(./shebang.sh arg)"

finish
