// asor: files that appear complete or not at all.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace asor {

/// Calls `write` with a stream on a temporary file in the directory of `path`,
/// flushes and syncs it, then renames it to `path`, so that a crash or an
/// interrupt never leaves a half-written file under that name. The new file
/// has mode 0666 & ~umask. A symbolic link at `path` is followed: the link
/// stays, its target gets the new file (written beside the target). A
/// device, FIFO or socket (`/dev/null`, a named pipe) is written in place,
/// never replaced, and so without the all-or-nothing guarantee. The path
/// "-" writes to standard output directly, with none of these guarantees.
/// Throws asor::Error (io) when the file cannot be created, written, synced
/// or renamed, or `path` is a directory; an exception thrown by `write`
/// propagates as it is. Either way the temporary file is removed.
/// Safe to call from several threads for different paths; see
/// remove_unfinished_temporary_file for what a signal then cleans up.
void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write);

/// Throws asor::Error (io) unless a file could be created at `path` (checked by
/// creating and removing a temporary file beside it, or beside a symbolic
/// link's target, as write_file_atomically would; a device or FIFO must be
/// writable), or if `path` is a directory. Lets a command fail before a long
/// computation rather than after it. "-" always passes.
/// SIGINT and SIGTERM are blocked in the calling thread meanwhile (and
/// delivered right after), so that even a program killed by one leaves no
/// temporary file behind.
void check_writable(const std::string& path);

/// Removes the temporary files of the write_file_atomically calls in
/// progress, so that a program ended at once by a signal leaves none behind
/// (covered: up to 16 writes at once, from any threads). Only ever unlinks a
/// complete name of such a file, even while other threads start or finish
/// writes. Async-signal-safe and lock-free: for a signal handler, on any
/// thread, that then calls _exit. A write it interrupts fails if the process
/// goes on.
void remove_unfinished_temporary_file() noexcept;

/// Calls `visit` with the name of each temporary file that
/// remove_unfinished_temporary_file would remove now (how it finds them).
/// Async-signal-safe if `visit` is.
void for_each_unfinished_temporary_file(void (*visit)(const char* name)) noexcept;

}  // namespace asor
