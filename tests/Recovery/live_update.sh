# Lunix only (the hosted tests do not run it): PM, VFS and the RAM file system are live-updated,
# each three times, while this script's jobs write a file, push bytes through a pipe and sleep;
# afterwards every byte, descriptor, process and pid is still as it was. `service update` asks RS
# (docs/posix.md, "The service command"); a server's state reaches its new version as its memory
# (Sef.OfferImage, docs/architecture.md "Live update").
. /tests/shell/tap.sh
scratch_directory live_update

echo before > kept.txt
exec 3> open.txt
echo first >&3
mkfifo fifo
sleep 1000 &
sleeper=$!
# Two jobs that work until told to stop: one appends numbered lines to a file, one numbered
# lines to a pipe whose far end sums them; each says how many it wrote.
( i=0; while [ ! -e stop ]; do echo "line $i" >> log.txt; i=$((i + 1)); done; echo $i > lines.count ) &
writer=$!
( i=0; while [ ! -e stop ]; do echo "chunk $i"; i=$((i + 1)); done; echo $i > chunks.count ) | md5sum > pipe.sum &
pipeline=$!
( read -r word < fifo; echo "$word" > fifo.out ) &
reader=$!
here=$(pwd)
until [ -s log.txt ] && [ "$(wc -l < log.txt)" -ge 20 ]; do sleep 0.1; done
lines_before=$(wc -l < log.txt)

updated=0
for round in 1 2 3; do
    for server in pm vfs ramfs; do
        service update $server > /dev/null && updated=$((updated + 1))
    done
done
check "nine live updates (PM, VFS and ramfs three times each) succeeded" 9 "$updated"
lines_after=$(wc -l < log.txt)
check "the writer wrote while the servers were updated" yes "$([ "$lines_after" -gt "$lines_before" ] && echo yes)"
touch stop

wait $writer
check "the file written during the updates has every line, in order" "" "$(awk '$2 != NR - 1 { print "line " NR ": " $0; exit }' log.txt)"
check "and as many as the writer wrote" "$(cat lines.count)" "$(wc -l < log.txt | tr -d ' ')"
wait $pipeline
check "every byte through a pipe during the updates arrived" "$(seq 0 $(($(cat chunks.count) - 1)) | sed 's/^/chunk /' | md5sum)" "$(cat pipe.sum)"
echo through > fifo
wait $reader
check "a FIFO opened before the updates carries data after them" through "$(cat fifo.out)"
echo second >&3
exec 3>&-
check "a descriptor opened before the updates still writes its file" "first second" "$(echo $(cat open.txt))"
check "a file written before the updates is intact" before "$(cat kept.txt)"
check "the working directory is kept" "$here" "$(pwd)"
check "the sleeping child is still this shell's" "$$" "$(cut -d' ' -f4 /proc/$sleeper/stat)"
kill $sleeper
wait $sleeper
check "it is killed and reaped as before the updates (SIGTERM)" 143 "$?"
check "new processes still start" "ok" "$(sh -c 'echo ok')"
finish
