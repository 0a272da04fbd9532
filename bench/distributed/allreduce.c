/* The reference for ProcessGroup.AllReduce: MPI_Allreduce (float sum, in place) timed exactly as
   bench/AutoDiffGen.Bench.Distributed times ours: same sizes, best of 5 rounds of n calls, slowest rank's time. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    for (long bytes = 4L << 10; bytes <= 64L << 20; bytes *= 4) {
        int count = (int)(bytes / sizeof(float));
        float *data = malloc(bytes);
        for (int i = 0; i < count; i++) data[i] = 1.0f;
        long calls = (256L << 20) / bytes;
        if (calls < 5) calls = 5;
        if (calls > 2000) calls = 2000;
        MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        double best = 1e300;
        for (int round = 0; round < 5; round++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double start = MPI_Wtime();
            for (long i = 0; i < calls; i++)
                MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
            double t = (MPI_Wtime() - start) / calls;
            if (t < best) best = t;
        }
        MPI_Allreduce(MPI_IN_PLACE, &best, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        if (rank == 0) printf("allreduce %ld %.2f us %.3f GB/s\n", bytes, best * 1e6, bytes / best / 1e9);
        free(data);
    }
    MPI_Finalize();
    return 0;
}
