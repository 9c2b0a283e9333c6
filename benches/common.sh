# Shared by the benchmark scripts: `source benches/common.sh`.

# The median of the numbers on standard input, one per line.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Runs a command once under /usr/bin/time, its output discarded; prints "wall cpu peak_mib".
# Stops the script, showing the command's errors, if it fails.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt"; exit 1; }
  awk '{printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$work/time.txt"
}

# Moves folders aside (into $trash, deleted when the script ends: measure again five minutes
# after a script ends, since a new build dirties the inode tables) rather than deleting them:
# ext4 without a journal skips inodes freed in the last minute (five while their inode table
# is dirty) when it allocates new ones, so a build right after deleting 50,000 files spends
# most of its time in the kernel's inode allocator, a cost no real cold build pays.
move_aside() {
  local aside
  aside="$trash/$(date +%s%N)"
  mkdir -p "$aside"
  for folder in "$@"; do
    if [ -d "$folder" ]; then mv "$folder" "$aside/"; fi
  done
}

# Prints the column headings of print_medians, the first one given.
print_header() {
  printf "%-22s %10s %10s %12s\n" "$1" "wall (s)" "cpu (s)" "peak (MiB)"
}

# Prints "label wall cpu peak" with the medians of the runs in a results file.
print_medians() {
  local label=$1 results=$2
  printf "%-22s %10s %10s %12s\n" "$label" \
    "$(cut -d' ' -f1 "$results" | median)" \
    "$(cut -d' ' -f2 "$results" | median)" \
    "$(cut -d' ' -f3 "$results" | median)"
}

# Reads every file under the given paths (folders or files), so that the build measured next finds its inputs
# in memory, as they are on a machine where the last build or the editor read them. This
# virtual machine's host takes back guest memory left untouched for about 20 seconds, page
# cache included: reading the 84 MB of a 10,000-document edition's sources then took 0.5 s
# and 1.1 s of CPU (`read` stalled on every page), and 0.07 s when they had been read just
# before. Whether a run paid that depended on how long the run before it had taken.
read_inputs() {
  find "$@" -type f -exec cat {} + >/dev/null
}
