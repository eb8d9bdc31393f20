// Child processes of `trilink run --bus dds` (the nodes): started with
// their output in a log file, stopped (SIGTERM, then SIGKILL) and reaped
// when their owner goes, so an error leaves no node running.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace trilink::app {

class ChildProcess {
 public:
  // Runs `program` with `args` (argv[1...]), stdout and stderr into `log`.
  // Throws InputError when it cannot be started.
  ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
               const std::filesystem::path& log);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits for it to end; its exit status (128 + signal when killed).
  int Wait();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// This program's own path (/proc/self/exe).
std::filesystem::path SelfPath();

}  // namespace trilink::app
