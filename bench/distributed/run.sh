#!/usr/bin/env bash
# Distributed benchmarks on one machine, 2 processes on loopback (shared memory):
#   1. all-reduce throughput: ProcessGroup.AllReduce against a plain C program calling MPI_Allreduce;
#   2. the MNIST MLP epoch: 2 processes x 1 thread against 1 process x 1 thread and 1 process x 2 threads;
#   3. how much of the gradient all-reduce the backward hides.
# Needs Open MPI (Debian: apt-get install openmpi-bin libopenmpi-dev) and MNIST in ~/.cache/autodiffgen/mnist.
# Usage: bash bench/distributed/run.sh [all|allreduce|mlp|overlap]
set -euo pipefail
cd "$(dirname "$0")/../.."
what="${1:-all}"
out=artifacts/bench-distributed
mkdir -p "$out"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi=(mpirun -np 2 --bind-to none --mca btl self,vader --mca oob_tcp_if_include lo)

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs), model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | xargs)), $(nproc) cores"
echo "Open MPI: $(mpirun --version | head -1)"
echo "load: $(uptime)"

dotnet build -c Release bench/AutoDiffGen.Bench.Distributed -v q -nologo >/dev/null
dotnet build -c Release samples/MnistMlp -v q -nologo >/dev/null
bench=bench/AutoDiffGen.Bench.Distributed/bin/Release/net10.0/AutoDiffGen.Bench.Distributed.dll
mlp=samples/MnistMlp/bin/Release/net10.0/MnistMlp.dll

if [[ "$what" == all || "$what" == allreduce ]]; then
  mpicc -O2 -o "$out/allreduce" bench/distributed/allreduce.c
  # Alternating C and C# runs, each library in its own processes; the best of the runs per size counts.
  rm -f "$out"/c.* "$out"/ours.*
  for run in $(seq "${RUNS:-3}"); do
    # (grep -o: .NET may write a terminal-mode escape before the first line under mpirun's pty)
    DOTNET_PROCESSOR_COUNT=1 "${mpi[@]}" "$out/allreduce" | grep -o 'allreduce .*' > "$out/c.$run"
    DOTNET_PROCESSOR_COUNT=1 "${mpi[@]}" dotnet "$bench" allreduce | grep -o 'allreduce .*' > "$out/ours.$run"
  done
  echo
  echo "| size | MPI_Allreduce (C) | ProcessGroup.AllReduce | ratio |"
  echo "|---:|---:|---:|---:|"
  cat "$out"/c.* | awk '{ if (!($2 in c) || $3 < c[$2]) c[$2] = $3 } END { for (s in c) print s, c[s] }' | sort -n > "$out/c.best"
  cat "$out"/ours.* | awk '{ if (!($2 in c) || $3 < c[$2]) c[$2] = $3 } END { for (s in c) print s, c[s] }' | sort -n > "$out/ours.best"
  join "$out/c.best" "$out/ours.best" | awk '{ printf "| %d KiB | %.2f us (%.2f GB/s) | %.2f us (%.2f GB/s) | %.0f %% |\n", $1 / 1024, $2, $1 / $2 / 1e3, $3, $1 / $3 / 1e3, 100 * $2 / $3 }'
fi

if [[ "$what" == all || "$what" == mlp ]]; then
  echo
  # Lines joined first: under mpirun's pty the console wraps the epoch line.
  epoch() { tr -d '\n' | grep -oE '[0-9.]+ s, [0-9,]+ samples/s' | head -1 | cut -d' ' -f1; }
  one1=$(DOTNET_PROCESSOR_COUNT=1 dotnet "$mlp" --epochs 1 --no-plot --output "$out/mlp" | epoch)
  one2=$(DOTNET_PROCESSOR_COUNT=2 dotnet "$mlp" --epochs 1 --no-plot --output "$out/mlp" | epoch)
  # Per-rank batch 64: the same global batch (128) and the same number of optimizer steps as one process.
  two1=$(DOTNET_PROCESSOR_COUNT=1 "${mpi[@]}" dotnet "$mlp" --distributed --batch-size 64 --epochs 1 --no-plot --output "$out/mlp" | epoch)
  echo "| MNIST MLP epoch (784-256-128-10, global batch 128) | seconds |"
  echo "|---|---:|"
  echo "| 1 process x 1 thread | $one1 |"
  echo "| 1 process x 2 threads | $one2 |"
  echo "| 2 processes x 1 thread (DDP) | $two1 |"
fi

if [[ "$what" == all || "$what" == overlap ]]; then
  echo
  DOTNET_PROCESSOR_COUNT=1 "${mpi[@]}" dotnet "$bench" overlap 100 | grep -o 'overlap .*'
fi
echo "load after: $(uptime)"
