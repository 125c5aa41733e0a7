//===- AtomicFile.h - replace a file only once it is fully written -*- C++ -*-//
#ifndef TRM_RUNTIME_IO_ATOMICFILE_H
#define TRM_RUNTIME_IO_ATOMICFILE_H

#include <functional>
#include <ostream>
#include <string>

namespace trm {

/// Calls `write` on `path.tmp`, then renames it to `path`: an interrupted or
/// failed write never replaces or damages an existing file. Returns an error
/// naming the file, empty on success.
std::string
writeFileAtomically(const std::string &path,
                    const std::function<void(std::ostream &)> &write);

} // namespace trm

#endif // TRM_RUNTIME_IO_ATOMICFILE_H
