#include "alert/exec_capabilities.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace sockscope::alert {

Result<void> clear_ambient_and_inheritable_capabilities() {
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) {
    const int saved = errno;
    // EINVAL: a kernel without ambient capabilities (before 4.3), so none to clear.
    if (saved != EINVAL) return Error::from_errno("cannot clear the ambient capability set", saved);
  }

  // Through syscall(2): glibc has no wrapper, and libcap is not a dependency.
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};  // pid 0: this thread
  __user_cap_data_struct sets[_LINUX_CAPABILITY_U32S_3]{};
  if (::syscall(SYS_capget, &header, sets) != 0) {
    return Error::from_errno("cannot read this process's capability sets", errno);
  }
  bool inheritable = false;
  for (__user_cap_data_struct& set : sets) {
    inheritable = inheritable || set.inheritable != 0;
    set.inheritable = 0;
  }
  if (!inheritable) return {};
  // Lowering the inheritable set is always allowed; permitted and effective are written back unchanged.
  if (::syscall(SYS_capset, &header, sets) != 0) {
    return Error::from_errno("cannot clear the inheritable capability set", errno);
  }
  return {};
}

}  // namespace sockscope::alert
