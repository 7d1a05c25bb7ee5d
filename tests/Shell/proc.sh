# What busybox's process and system applets read from /proc: ps, top, free, df, mount, uptime,
# pidof, and /proc's files themselves. Checks are about structure and this shell's own
# entries, so that they hold on any machine.
. "$(dirname "$0")/tap.sh"
scratch_directory proc

read pid rest < /proc/self/stat
check "/proc/self is the reading process" "$$" "$pid"
check "/proc/self/exe names the program" "yes" "$(case "$(readlink /proc/$$/exe)" in */busybox|*/sh) echo yes ;; esac)"
check "/proc/PID/cmdline has the arguments" "sh -c" "$(sh -c 'tr "\0" " " < /proc/$$/cmdline; :' | cut -d' ' -f1-2)"
check "/proc/PID/stat starts with the pid" "$$" "$(cut -d' ' -f1 /proc/$$/stat)"
check "/proc/PID/stat's state is R or S" "yes" "$(case "$(cut -d' ' -f3 /proc/$$/stat)" in R|S) echo yes ;; esac)"
check "/proc/PID/status has Name, Pid and PPid" "3" "$(grep -c -E '^(Name|Pid|PPid):' /proc/$$/status)"
check "/proc/PID/cwd is the working directory" "$(pwd -P)" "$(readlink /proc/$$/cwd)"
check "/proc/PID/fd lists open descriptors" "yes" "$(exec 7< /proc/$$/stat; [ -e /proc/self/fd/7 ] && echo yes)"
check "/proc/PID/maps lists mappings" "yes" "$( [ "$(wc -l < /proc/$$/maps)" -gt 0 ] && echo yes)"
check "/proc/meminfo has MemTotal and MemFree" "2" "$(grep -c -E '^(MemTotal|MemFree):' /proc/meminfo)"
check "/proc/uptime has two numbers" "yes" "$(awk 'NF == 2 && $1 > 0 {print "yes"}' /proc/uptime)"
check "/proc/cpuinfo names a processor" "yes" "$(grep -q '^processor' /proc/cpuinfo && echo yes)"
check "/proc/mounts lists / and /proc" "2" "$(awk '$2 == "/" || $2 == "/proc"' /proc/mounts | awk '{print $2}' | sort -u | wc -l | tr -d ' ')"
check "ps lists this shell" "yes" "$(ps | awk -v p=$$ '$1 == p {found = 1} END {if (found) print "yes"}')"
# A child is `sleep` only once its exec is through: wait for that before asking ps and pidof.
started() { for i in 1 2 3 4 5 6 7 8 9 10; do grep -q '^sleep' /proc/$1/comm 2>/dev/null && return; sleep 0.1; done; }
check "ps lists a child with its command" "yes" "$(sleep 5 & p=$!; started $p; ps | awk -v p=$p '$1 == p && /sleep/ {print "yes"}'; kill $p)"
check "pidof finds a process" "yes" "$(sleep 5 & p=$!; started $p; pidof sleep | grep -qw $p && echo yes; kill $p)"
check "top -b -n 1 shows a header and this shell" "yes" "$(top -b -n 1 | grep -q '^Mem:' && echo yes)"
check "ps -o vsz,rss shows this shell's size" "yes" "$(ps -o pid,vsz,rss | awk -v p=$$ '$1 == p && $2 != "0" {print "yes"}')"
# /proc/stat's cpu line counts ticks: top's shares of them are not all 0%.
check "top's CPU line shares the ticks" "yes" "$(top -b -n 1 | awk '/^CPU:/ {for (i = 2; i <= NF; i += 2) s += $i; if (s > 0) print "yes"}')"
check "free shows memory" "yes" "$(free | awk '/^Mem:/ && $2 > 0 {print "yes"}')"
check "df shows the root file system" "yes" "$(df / | awk 'NR == 2 && $NF == "/" {print "yes"}')"
check "mount shows /proc" "yes" "$(mount | grep -q ' on /proc type proc' && echo yes)"
check "uptime shows the load" "yes" "$(uptime | grep -q 'load average' && echo yes)"

finish
