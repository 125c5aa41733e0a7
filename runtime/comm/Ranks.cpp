//===- Ranks.cpp - the ranks of an `mpirun -np W trm-run` -----------------===//
#include "runtime/comm/Ranks.h"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace trm {
namespace {

Ranks current;
bool joined = false;

bool launchedByMpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE");
}

} // namespace

void startRanks(int &argc, char **&argv) {
  if (!launchedByMpirun())
    return;
  // OpenMPI's ring allreduce is ~2x its default for gradient-sized
  // messages on 2 ranks here (shared/notes); a user's own choice wins.
  setenv("OMPI_MCA_coll_tuned_use_dynamic_rules", "1", 0);
  setenv("OMPI_MCA_coll_tuned_allreduce_algorithm", "4", 0);
  MPI_Init(&argc, &argv);
  joined = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &current.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &current.size);
  MPI_Comm host;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, current.rank,
                      MPI_INFO_NULL, &host);
  MPI_Comm_size(host, &current.onThisHost);
  MPI_Comm_free(&host);
  if (current.rank != 0 && !std::freopen("/dev/null", "w", stdout))
    std::cerr << "trm-run: rank " << current.rank
              << " cannot silence its output\n";
}

const Ranks &ranks() { return current; }

std::vector<int64_t> myRows(const std::vector<int64_t> &global) {
  size_t share = global.size() / static_cast<size_t>(current.size);
  auto first = global.begin() + static_cast<std::ptrdiff_t>(
                                    share * static_cast<size_t>(current.rank));
  return std::vector<int64_t>(first,
                              first + static_cast<std::ptrdiff_t>(share));
}

std::vector<uint8_t> gatherToRoot(const uint8_t *bytes, size_t size) {
  if (current.size == 1)
    return std::vector<uint8_t>(bytes, bytes + size);
  std::vector<uint8_t> all(current.rank == 0 ? size * current.size : 0);
  MPI_Gather(bytes, static_cast<int>(size), MPI_BYTE, all.data(),
             static_cast<int>(size), MPI_BYTE, 0, MPI_COMM_WORLD);
  return all;
}

int finishRanks(int code) {
  if (!joined)
    return code;
  if (code != 0 && current.size > 1) {
    std::cerr << "trm-run: rank " << current.rank << " failed (exit " << code
              << "); stopping all " << current.size << " ranks\n";
    std::cerr.flush();
    MPI_Abort(MPI_COMM_WORLD, code);
  }
  MPI_Finalize();
  return code;
}

} // namespace trm

/// Called by kernels compiled for more than one shard: the gradient sum
/// over all ranks (trm.all_reduce sum), in place. The memref<?xf32>
/// arrives as its descriptor fields.
extern "C" __attribute__((visibility("default"))) void
trm_all_reduce_sum_f32(float *allocated, float *aligned, int64_t offset,
                       int64_t size, int64_t stride) {
  (void)allocated;
  if (!trm::joined || stride != 1) {
    std::cerr << "trm-run: these kernels sum gradients across shards, but "
                 "this process is not part of an MPI job of that size; run "
                 "it as `mpirun -np N trm-run ...` with N = "
                 "parallelism.num_shards\n";
    std::exit(1);
  }
  MPI_Allreduce(MPI_IN_PLACE, aligned + offset, static_cast<int>(size),
                MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
}
