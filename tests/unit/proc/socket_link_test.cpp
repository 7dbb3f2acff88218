#include <gtest/gtest.h>

#include "proc/process_scanner.h"

namespace sockscope {
namespace {

TEST(ParseSocketLink, ReadsTheInode) {
  EXPECT_EQ(parse_socket_link("socket:[12345]"), 12345u);
  EXPECT_EQ(parse_socket_link("socket:[1]"), 1u);
  EXPECT_EQ(parse_socket_link("socket:[18446744073709551615]"), 18446744073709551615u);
}

TEST(ParseSocketLink, AnythingElseIsZero) {
  for (const char* other : {"", "socket:", "socket:[]", "socket:[12", "socket:12]", "socket:[12a]", "socket:[-1]",
                            "socket:[+1]", "socket:[ 1]", "socket:[1] ", "socket:[18446744073709551616]",
                            "pipe:[12345]", "anon_inode:[eventpoll]", "/dev/null", "/tmp/socket:[1]",
                            "net:[4026531840]", "Socket:[1]"}) {
    EXPECT_EQ(parse_socket_link(other), 0u) << other;
  }
}

}  // namespace
}  // namespace sockscope
