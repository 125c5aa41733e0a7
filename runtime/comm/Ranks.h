//===- Ranks.h - the ranks of an `mpirun -np W trm-run` ---------*- C++ -*-===//
#ifndef TRM_RUNTIME_COMM_RANKS_H
#define TRM_RUNTIME_COMM_RANKS_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trm {

/// This process's place in a data-parallel run: rank r of W takes rows
/// [r B/W, (r+1) B/W) of every global batch; rank 0 writes all outputs.
struct Ranks {
  int rank = 0, size = 1;
  int onThisHost = 1; // ranks sharing this machine's memory, this one too
};

/// Joins the MPI job when mpirun launched this process (its environment
/// says so); otherwise this is the only rank and MPI stays untouched.
/// Other ranks' standard output is discarded (rank 0 reports).
void startRanks(int &argc, char **&argv);
const Ranks &ranks();
/// This rank's share of a global batch's rows.
std::vector<int64_t> myRows(const std::vector<int64_t> &global);
/// Rank 0 gets every rank's `bytes` concatenated in rank order (a
/// batch-sharded tensor's global rows); other ranks get nothing back.
std::vector<uint8_t> gatherToRoot(const uint8_t *bytes, size_t size);
/// Ends the run: after a failure (`code` != 0) on any rank, every rank
/// stops (MPI_Abort), so no peer waits forever in a collective.
int finishRanks(int code);

} // namespace trm

#endif // TRM_RUNTIME_COMM_RANKS_H
