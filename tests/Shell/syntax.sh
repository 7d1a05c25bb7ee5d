# The shell's language: pipes, redirection, here-documents, subshells, command substitution,
# loops, functions, expansions, exit statuses.
. "$(dirname "$0")/tap.sh"
scratch_directory syntax

# Pipes and exit statuses
check "a pipe of three stages" "3" "$(printf 'a\nb\nc\n' | cat | wc -l | tr -d ' ')"
check "a pipeline's status is its last stage's" "1" "$(true | false; echo $?)"
check "! negates a status" "0" "$(! false; echo $?)"
check "&& and || short-circuit" "yes no" "$(true && echo -n yes; false && echo -n never; false || echo ' no')"

# Redirection
echo first > out.txt
echo second >> out.txt
check "> then >> write and append" "first
second" "$(cat out.txt)"
check "< reads a file" "first" "$(head -n 1 < out.txt)"
check "2>&1 joins the error stream" "to stderr" "$( (echo 'to stderr' >&2) 2>&1 )"
check "2>/dev/null drops it" "" "$( (echo hidden >&2) 2>/dev/null )"
exec 3> fd3.txt
echo through fd 3 >&3
exec 3>&-
check "exec opens and closes a descriptor" "through fd 3" "$(cat fd3.txt)"
: > empty.txt
check ": > truncates" "0" "$(wc -c < empty.txt | tr -d ' ')"
check "<> opens for reading and writing" "first" "$(cat <> out.txt | head -n 1)"
set -C
( echo clobber > out.txt ) 2>/dev/null
check "noclobber refuses >" "first" "$(head -n 1 out.txt)"
set +C

# Here-documents
name=world
check "a here-document expands" "hello world" "$(cat <<EOF
hello $name
EOF
)"
check "a quoted delimiter does not" 'hello $name' "$(cat <<'EOF'
hello $name
EOF
)"
check "<<- strips leading tabs" "indented" "$(cat <<-EOF
	indented
	EOF
)"
check "a here-document through a pipe" "2" "$(cat <<EOF | wc -l | tr -d ' '
one
two
EOF
)"

# Subshells and command substitution
x=outer
( x=inner )
check "a subshell's variables stay inside" "outer" "$x"
check "nested command substitution" "abc" "$(echo "a$(echo "b$(echo c)")")"
check "backquotes" "42" "`expr 40 + 2`"
check "a subshell's exit status" "3" "$( (exit 3); echo $?)"
check "{ } groups without a subshell" "inner" "$({ x=inner; }; echo $x)"

# Loops and conditionals
s=""
for i in 1 2 3; do s="$s$i"; done
check "for" "123" "$s"
i=0; s=""
while [ $i -lt 5 ]; do i=$((i + 1)); [ $i -eq 2 ] && continue; [ $i -eq 4 ] && break; s="$s$i"; done
check "while with continue and break" "13" "$s"
i=0
until [ $i -ge 3 ]; do i=$((i + 1)); done
check "until" "3" "$i"
case "file.tar.gz" in *.zip) r=zip ;; *.tar.*) r=tarball ;; *) r=other ;; esac
check "case with patterns" "tarball" "$r"
if [ -f out.txt ] && [ ! -d out.txt ]; then r=file; else r=other; fi
check "if with test" "file" "$r"

# Functions
add() { local sum=$(($1 + $2)); echo $sum; return 7; }
check "a function's output" "5" "$(add 2 3)"
add 1 1 > /dev/null
check "a function's return status" "7" "$?"
count_args() { echo $#; }
check "\$# in a function" "3" "$(count_args a "b c" d)"
check "\"\$@\" keeps words" "a|b c|d" "$(f() { for a in "$@"; do printf '%s|' "$a"; done; }; f a "b c" d | sed 's/|$//')"

# Expansions
unset unset_var
v="path/to/file.txt"
check "\${v:-default}" "default" "${unset_var:-default}"
check "\${v#*/} and \${v##*/}" "to/file.txt file.txt" "${v#*/} ${v##*/}"
check "\${v%.*} and \${v%%/*}" "path/to/file path" "${v%.*} ${v%%/*}"
check "\${#v}" "16" "${#v}"
check "arithmetic" "17 1 2" "$((3 * 5 + 2)) $((7 % 3)) $(( (1 << 3) / 4 ))"
check "\$\$ is the shell's pid" "yes" "$( [ "$$" -gt 0 ] && echo yes)"
touch g1.c g2.c g3.h
check "globbing" "g1.c g2.c" "$(echo g*.c)"
check "quoted globs stay" "g*.c" "$(echo "g*.c")"
IFS=: read -r a b c <<EOF
one:two:three
EOF
check "read splits on IFS" "two" "$b"
check "eval" "8" "$(eval 'echo $((2 * 4))')"
set -- x y z
shift
check "set -- and shift" "y z 2" "$* $#"

finish
