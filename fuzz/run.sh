#!/usr/bin/env bash
# Coverage-guided fuzzing of one file reader with afl++ and SharpFuzz (docs/fuzzing.md). Not part of CI.
#   fuzz/run.sh safetensors|idx-images|idx-labels [seconds]     (default: run until Ctrl-C)
# Needs afl++ (Debian: apt-get install afl++) and the SharpFuzz.CommandLine dotnet tool (installed here on first use).
# Findings go to fuzz/findings/<target>/ (crashes/ holds inputs that escaped the documented exception).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:?usage: fuzz/run.sh safetensors|idx-images|idx-labels [seconds]}"
seconds="${2:-}"
case "$target" in
  safetensors|idx-images|idx-labels) ;;
  *) echo "fuzz/run.sh: unknown target '$target'" >&2; exit 2 ;;
esac
command -v afl-fuzz >/dev/null || { echo "fuzz/run.sh: afl-fuzz not found (apt-get install afl++)" >&2; exit 1; }

tools=fuzz/.tools
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools"
fi

# Release build in its own folder, then SharpFuzz rewrites the runtime assembly with afl's coverage probes.
out=fuzz/.build
dotnet publish fuzz/AutoDiffGen.Fuzz -c Release -o "$out" -warnaserror
"$tools/sharpfuzz" "$out/AutoDiffGen.dll"

findings="fuzz/findings/$target"
mkdir -p "$findings"
timeout_args=()
[ -n "$seconds" ] && timeout_args=(-V "$seconds")

# dotnet itself carries no afl instrumentation (the probes are in AutoDiffGen.dll), hence AFL_SKIP_BIN_CHECK.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=${AFL_NO_UI:-1} AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
afl-fuzz "${timeout_args[@]}" -i "fuzz/corpus/$target" -o "$findings" -t 10000 -m none -- dotnet "$out/AutoDiffGen.Fuzz.dll" "$target"

crashes=$(find "$findings" -path '*crashes/id:*' | wc -l)
echo "fuzz/run.sh: $target: $crashes crashing input(s) in $findings"
[ "$crashes" -eq 0 ]
