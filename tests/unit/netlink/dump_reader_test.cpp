#include "netlink/dump_reader.h"

#include <gtest/gtest.h>

#include "diag_builder.h"
#include "netlink/dump_recording.h"

namespace sockscope {
namespace {

using namespace sockscope::testing;

RecordedDump dump_of(std::initializer_list<Bytes> datagrams, uint32_t sender = 0) {
  RecordedDump d;
  d.expect = DumpExpectation{kSeq, kPortid, Proto::Tcp};
  for (const auto& g : datagrams) d.datagrams.push_back({g, sender});
  return d;
}

TEST(DumpReader, ReadsUntilDoneAcrossDatagrams) {
  RecordedDump d = dump_of({socket_msg(diag_msg(1)), concat({socket_msg(diag_msg(2)), socket_msg(diag_msg(3))}),
                            done_msg()});
  RecordedSource source(d);
  std::vector<SocketRecord> out;
  auto end = read_dump(source, d.expect, out);
  ASSERT_TRUE(end.ok()) << end.error().describe();
  EXPECT_EQ(end->status, BatchStatus::Done);
  EXPECT_EQ(end->datagrams, 3u);
  EXPECT_EQ(end->messages, 4u);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].cookie, 3u);
}

TEST(DumpReader, DumpIntrInAnEarlierDatagramMakesDoneInterrupted) {
  RecordedDump d = dump_of({socket_msg(diag_msg(1), {}, NLM_F_MULTI | NLM_F_DUMP_INTR), socket_msg(diag_msg(2)),
                            done_msg()});
  RecordedSource source(d);
  std::vector<SocketRecord> out;
  auto end = read_dump(source, d.expect, out);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(end->status, BatchStatus::Interrupted);
  EXPECT_EQ(out.size(), 2u);
}

TEST(DumpReader, StaleRepliesBeforeOursAreSkipped) {
  RecordedDump d = dump_of({concat({socket_msg(diag_msg(9), {}, NLM_F_MULTI, kSeq - 1),
                                    nlmsg(NLMSG_DONE, bytes_of(int32_t{0}), NLM_F_MULTI, kSeq - 1)}),
                            concat({socket_msg(diag_msg(1)), done_msg()})});
  RecordedSource source(d);
  std::vector<SocketRecord> out;
  auto end = read_dump(source, d.expect, out);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(end->status, BatchStatus::Done);
  EXPECT_EQ(end->skipped, 2u);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].cookie, 1u);
}

TEST(DumpReader, UnsupportedEndsTheDump) {
  RecordedDump d = dump_of({error_msg(-ENOENT), done_msg()});
  RecordedSource source(d);
  std::vector<SocketRecord> out;
  auto end = read_dump(source, d.expect, out);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(end->status, BatchStatus::Unsupported);
  EXPECT_EQ(end->datagrams, 1u);
}

TEST(DumpReader, ParseErrorStopsAndKeepsEarlierRecords) {
  Bytes broken = socket_msg(diag_msg(2));
  broken.resize(30);
  RecordedDump d = dump_of({socket_msg(diag_msg(1)), broken, done_msg()});
  RecordedSource source(d);
  std::vector<SocketRecord> out;
  auto end = read_dump(source, d.expect, out);
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.error().err, EBADMSG);
  EXPECT_EQ(out.size(), 1u);
}

TEST(DumpReader, RecordingSourceKeepsWhatItPassesOn) {
  RecordedDump live = dump_of({socket_msg(diag_msg(1)), done_msg()});
  RecordedSource inner(live);
  RecordedDump copy;
  RecordingSource tap(inner, copy);
  std::vector<SocketRecord> out;
  auto end = read_dump(tap, live.expect, out);
  ASSERT_TRUE(end.ok());
  ASSERT_EQ(copy.datagrams.size(), 2u);
  EXPECT_EQ(copy.datagrams[0].bytes, live.datagrams[0].bytes);
  EXPECT_EQ(copy.datagrams[1].bytes, live.datagrams[1].bytes);
}

}  // namespace
}  // namespace sockscope
