#include "netlink/diag_parser.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <climits>

#include "diag_builder.h"

namespace sockscope {
namespace {

using namespace sockscope::testing;

struct Parsed {
  Result<BatchOutcome> outcome;
  std::vector<SocketRecord> records;
};

Parsed parse(const Bytes& datagram, uint32_t sender = 0, Proto proto = Proto::Tcp) {
  std::vector<SocketRecord> records;
  auto outcome = parse_diag_batch(datagram, sender, DumpExpectation{kSeq, kPortid, proto}, records);
  return Parsed{std::move(outcome), std::move(records)};
}

Bytes u32s(std::initializer_list<uint32_t> values) {
  Bytes out;
  for (uint32_t v : values) {
    const Bytes b = bytes_of(v);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

TEST(DiagParser, EmptyDatagramAsksForMore) {
  auto p = parse({});
  ASSERT_TRUE(p.outcome.ok());
  EXPECT_EQ(p.outcome->status, BatchStatus::More);
  EXPECT_EQ(p.outcome->messages, 0u);
  EXPECT_TRUE(p.records.empty());
}

TEST(DiagParser, CopiesEveryFixedField) {
  inet_diag_msg m = diag_msg(0xa1b2c3d4e5f60718ull);
  m.idiag_state = 8;  // CLOSE_WAIT
  m.idiag_rqueue = 123;
  m.idiag_wqueue = 456;
  m.idiag_inode = 0xfedcba98u;
  m.idiag_uid = 1000;
  m.id.idiag_if = 3;
  m.idiag_timer = 4;
  m.idiag_expires = 1500;
  m.idiag_retrans = 7;
  auto p = parse(concat({socket_msg(m), done_msg()}));
  ASSERT_TRUE(p.outcome.ok()) << p.outcome.error().describe();
  EXPECT_EQ(p.outcome->status, BatchStatus::Done);
  EXPECT_EQ(p.outcome->messages, 2u);
  EXPECT_EQ(p.outcome->skipped, 0u);
  ASSERT_EQ(p.records.size(), 1u);
  const SocketRecord& r = p.records[0];
  EXPECT_EQ(r.proto, Proto::Tcp);
  EXPECT_EQ(r.family, Family::Inet);
  EXPECT_EQ(r.state, TcpState::CloseWait);
  EXPECT_EQ(format_endpoint(r.family, r.local), "10.0.0.1:80");
  EXPECT_EQ(format_endpoint(r.family, r.remote), "10.0.0.2:50000");
  EXPECT_EQ(r.recv_q, 123u);
  EXPECT_EQ(r.send_q, 456u);
  EXPECT_EQ(r.inode, 0xfedcba98u);
  EXPECT_EQ(r.uid, 1000u);
  EXPECT_EQ(r.cookie, 0xa1b2c3d4e5f60718ull);
  EXPECT_EQ(r.ifindex, 3u);
  EXPECT_EQ(r.timer.kind, TimerKind::ZeroWindowProbe);
  EXPECT_EQ(r.timer.expires_ms, 1500u);
  EXPECT_EQ(r.timer.count, 7u);
  // Nothing was attached, so nothing optional is set.
  EXPECT_FALSE(r.has_tcp_info());
  EXPECT_FALSE(r.mem.has_value());
  EXPECT_FALSE(r.shutdown.has_value());
  EXPECT_TRUE(r.congestion_name().empty());
}

TEST(DiagParser, Ipv4UsesOnlyTheFirstFourAddressBytes) {
  inet_diag_msg m = diag_msg();
  m.id.idiag_src[1] = 0xffffffffu;  // junk the kernel never sends for IPv4
  auto p = parse(socket_msg(m));
  ASSERT_TRUE(p.outcome.ok());
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].local.addr[4], 0);
  EXPECT_EQ(p.outcome->status, BatchStatus::More);
}

TEST(DiagParser, Ipv6AddressesAndProtocolFromTheRequest) {
  inet_diag_msg m = diag_msg();
  m.idiag_family = AF_INET6;
  m.idiag_state = 7;
  in6_addr loopback = IN6ADDR_LOOPBACK_INIT;
  std::memcpy(m.id.idiag_src, &loopback, 16);
  std::memset(m.id.idiag_dst, 0, 16);
  auto p = parse(socket_msg(m), 0, Proto::Udp);
  ASSERT_TRUE(p.outcome.ok());
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].proto, Proto::Udp);
  EXPECT_EQ(p.records[0].family, Family::Inet6);
  EXPECT_EQ(p.records[0].state, TcpState::Close);
  EXPECT_EQ(format_endpoint(Family::Inet6, p.records[0].local), "[::1]:80");
  EXPECT_EQ(format_endpoint(Family::Inet6, p.records[0].remote), "[::]:50000");
}

TEST(DiagParser, OutOfRangeStateAndTimerBecomeUnknownAndNone) {
  inet_diag_msg m = diag_msg();
  m.idiag_state = 99;
  m.idiag_timer = 9;
  auto p = parse(socket_msg(m));
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].state, TcpState::Unknown);
  EXPECT_EQ(p.records[0].timer.kind, TimerKind::None);
}

TEST(DiagParser, ShortTcpInfoIsZeroFilled) {
  Bytes info(100, 0xab);
  auto p = parse(socket_msg(diag_msg(), attr(INET_DIAG_INFO, info)));
  ASSERT_TRUE(p.outcome.ok());
  ASSERT_EQ(p.records.size(), 1u);
  const SocketRecord& r = p.records[0];
  EXPECT_EQ(r.tcp_info_len, 100u);
  const auto* raw = reinterpret_cast<const uint8_t*>(&r.tcp_info);
  for (size_t i = 0; i < 100; ++i) ASSERT_EQ(raw[i], 0xab) << "byte " << i;
  for (size_t i = 100; i < sizeof(TcpInfo); ++i) ASSERT_EQ(raw[i], 0) << "byte " << i;
  EXPECT_EQ(r.tcp_info.state, 0xab);
  EXPECT_EQ(r.tcp_info.snd_wnd, 0u);  // past what the "old kernel" sent
}

TEST(DiagParser, LongerTcpInfoThanOursKeepsWhatFitsAndTheRealLength) {
  Bytes info(sizeof(TcpInfo) + 32, 0);
  for (size_t i = 0; i < info.size(); ++i) info[i] = static_cast<uint8_t>(i);
  auto p = parse(socket_msg(diag_msg(), attr(INET_DIAG_INFO, info)));
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].tcp_info_len, sizeof(TcpInfo) + 32);
  EXPECT_EQ(std::memcmp(&p.records[0].tcp_info, info.data(), sizeof(TcpInfo)), 0);
}

TEST(DiagParser, TcpInfoFieldsLandWhereTheKernelPutsThem) {
  Bytes info(sizeof(TcpInfo), 0);
  info[0] = 10;  // tcpi_state
  const uint32_t unacked = 5, sacked = 128, snd_wnd = 65536;
  std::memcpy(info.data() + 24, &unacked, 4);
  std::memcpy(info.data() + 28, &sacked, 4);
  std::memcpy(info.data() + 228, &snd_wnd, 4);
  auto p = parse(socket_msg(diag_msg(), attr(INET_DIAG_INFO, info)));
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].tcp_info.state, 10);
  EXPECT_EQ(p.records[0].tcp_info.unacked, 5u);
  EXPECT_EQ(p.records[0].tcp_info.sacked, 128u);
  EXPECT_EQ(p.records[0].tcp_info.snd_wnd, 65536u);
}

TEST(DiagParser, SkMemInfoFullShortAndLong) {
  auto full = parse(socket_msg(diag_msg(), attr(INET_DIAG_SKMEMINFO, u32s({1, 2, 3, 4, 5, 6, 7, 8, 9}))));
  ASSERT_EQ(full.records.size(), 1u);
  ASSERT_TRUE(full.records[0].mem.has_value());
  const MemInfo& m = *full.records[0].mem;
  EXPECT_EQ(m.rmem_alloc, 1u);
  EXPECT_EQ(m.rcvbuf, 2u);
  EXPECT_EQ(m.wmem_alloc, 3u);
  EXPECT_EQ(m.sndbuf, 4u);
  EXPECT_EQ(m.fwd_alloc, 5u);
  EXPECT_EQ(m.wmem_queued, 6u);
  EXPECT_EQ(m.optmem, 7u);
  EXPECT_EQ(m.backlog, 8u);
  EXPECT_EQ(m.drops, 9u);

  // An older kernel's shorter array fills what it has; a partial u32 is dropped.
  Bytes short_array = u32s({11, 22, 33, 44});
  short_array.push_back(0xff);
  auto part = parse(socket_msg(diag_msg(), attr(INET_DIAG_SKMEMINFO, short_array)));
  ASSERT_EQ(part.records.size(), 1u);
  ASSERT_TRUE(part.records[0].mem.has_value());
  EXPECT_EQ(part.records[0].mem->sndbuf, 44u);
  EXPECT_EQ(part.records[0].mem->fwd_alloc, 0u);
  EXPECT_EQ(part.records[0].mem->drops, 0u);

  // A newer kernel's longer array: the extra entries are ignored.
  auto longer = parse(socket_msg(diag_msg(), attr(INET_DIAG_SKMEMINFO, u32s({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))));
  ASSERT_EQ(longer.records.size(), 1u);
  EXPECT_EQ(longer.records[0].mem->drops, 9u);
}

TEST(DiagParser, CongestionNameIsBoundedAndTerminated) {
  auto cubic = parse(socket_msg(diag_msg(), attr(INET_DIAG_CONG, text("cubic"))));
  ASSERT_EQ(cubic.records.size(), 1u);
  EXPECT_EQ(cubic.records[0].congestion_name(), "cubic");

  auto unterminated = parse(socket_msg(diag_msg(), attr(INET_DIAG_CONG, text("bbr", false))));
  ASSERT_EQ(unterminated.records.size(), 1u);
  EXPECT_EQ(unterminated.records[0].congestion_name(), "bbr");

  auto too_long = parse(socket_msg(diag_msg(), attr(INET_DIAG_CONG, text("averyveryverylongname"))));
  ASSERT_EQ(too_long.records.size(), 1u);
  EXPECT_EQ(too_long.records[0].congestion_name(), "averyveryverylo");
}

TEST(DiagParser, ShutdownAttribute) {
  auto p = parse(socket_msg(diag_msg(), attr(INET_DIAG_SHUTDOWN, Bytes{2})));
  ASSERT_EQ(p.records.size(), 1u);
  ASSERT_TRUE(p.records[0].shutdown.has_value());
  EXPECT_EQ(*p.records[0].shutdown, 2);

  auto empty = parse(socket_msg(diag_msg(), attr(INET_DIAG_SHUTDOWN, Bytes{})));
  ASSERT_FALSE(empty.outcome.ok());
  EXPECT_EQ(empty.outcome.error().err, EBADMSG);
  EXPECT_NE(empty.outcome.error().message.find("SHUTDOWN"), std::string::npos);
  EXPECT_TRUE(empty.records.empty());
}

TEST(DiagParser, UnknownAttributesAreIgnored) {
  const Bytes attrs = concat({attr(200, Bytes(13, 0x55)), attr(NLA_F_NESTED | 201, Bytes(8, 1)),
                              attr(INET_DIAG_CONG, text("reno")), attr(INET_DIAG_MARK, u32s({7})),
                              attr(INET_DIAG_SHUTDOWN, Bytes{3})});
  auto p = parse(concat({socket_msg(diag_msg(), attrs), done_msg()}));
  ASSERT_TRUE(p.outcome.ok()) << p.outcome.error().describe();
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].congestion_name(), "reno");
  EXPECT_EQ(*p.records[0].shutdown, 3);
  EXPECT_EQ(p.outcome->status, BatchStatus::Done);
}

TEST(DiagParser, TruncatedMessageIsAnErrorAndEarlierRecordsStay) {
  Bytes datagram = concat({socket_msg(diag_msg(1)), socket_msg(diag_msg(2))});
  datagram.erase(datagram.end() - 10, datagram.end());
  auto p = parse(datagram);
  ASSERT_FALSE(p.outcome.ok());
  EXPECT_EQ(p.outcome.error().err, EBADMSG);
  EXPECT_NE(p.outcome.error().message.find("nlmsg_len"), std::string::npos);
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].cookie, 1u);
}

TEST(DiagParser, NlmsgLenShorterThanTheHeaderIsAnError) {
  Bytes datagram = socket_msg(diag_msg());
  const uint32_t bad = 8;
  std::memcpy(datagram.data(), &bad, sizeof bad);
  auto p = parse(datagram);
  ASSERT_FALSE(p.outcome.ok());
  EXPECT_TRUE(p.records.empty());
}

TEST(DiagParser, NlmsgLenPastTheDatagramIsAnError) {
  Bytes datagram = socket_msg(diag_msg());
  const uint32_t bad = 0xfffffff0u;
  std::memcpy(datagram.data(), &bad, sizeof bad);
  auto p = parse(datagram);
  ASSERT_FALSE(p.outcome.ok());
  EXPECT_TRUE(p.records.empty());
}

TEST(DiagParser, PayloadShorterThanInetDiagMsgIsAnError) {
  auto p = parse(nlmsg(SOCK_DIAG_BY_FAMILY, Bytes(40, 0)));
  ASSERT_FALSE(p.outcome.ok());
  EXPECT_NE(p.outcome.error().message.find("inet_diag_msg"), std::string::npos);
  EXPECT_TRUE(p.records.empty());
}

TEST(DiagParser, BadAttributeLengthsAreErrorsWithoutARecord) {
  for (uint16_t bad_len : {uint16_t{0}, uint16_t{3}, uint16_t{200}}) {
    Bytes datagram = concat({socket_msg(diag_msg(1)), socket_msg(diag_msg(2), attr(INET_DIAG_SHUTDOWN, Bytes{1}))});
    // The second message's first attribute sits right after its inet_diag_msg.
    const size_t second = NLMSG_ALIGN(NLMSG_HDRLEN + sizeof(inet_diag_msg));
    std::memcpy(datagram.data() + second + NLMSG_HDRLEN + sizeof(inet_diag_msg), &bad_len, sizeof bad_len);
    auto p = parse(datagram);
    ASSERT_FALSE(p.outcome.ok()) << "nla_len " << bad_len;
    EXPECT_NE(p.outcome.error().message.find("attribute"), std::string::npos);
    ASSERT_EQ(p.records.size(), 1u) << "the good first record stays";
    EXPECT_EQ(p.records[0].cookie, 1u);
  }
}

TEST(DiagParser, StrayBytesAfterTheLastMessageAreAnError) {
  Bytes datagram = socket_msg(diag_msg());
  datagram.insert(datagram.end(), {1, 2, 3, 4, 5});
  EXPECT_FALSE(parse(datagram).outcome.ok());
}

TEST(DiagParser, WrongSeqOrPortidIsSkippedAndCounted) {
  const Bytes datagram = concat({
      socket_msg(diag_msg(1), {}, NLM_F_MULTI, kSeq + 1, kPortid),  // an old dump's leftover
      socket_msg(diag_msg(2), {}, NLM_F_MULTI, kSeq, kPortid + 1),  // someone else's
      socket_msg(diag_msg(3)),
      nlmsg(NLMSG_DONE, bytes_of(int32_t{0}), NLM_F_MULTI, kSeq - 1, kPortid),  // not our DONE
  });
  auto p = parse(datagram);
  ASSERT_TRUE(p.outcome.ok());
  EXPECT_EQ(p.outcome->status, BatchStatus::More);
  EXPECT_EQ(p.outcome->messages, 4u);
  EXPECT_EQ(p.outcome->skipped, 3u);
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].cookie, 3u);
}

TEST(DiagParser, DatagramNotFromTheKernelIsSkippedWhole) {
  auto p = parse(concat({socket_msg(diag_msg(1)), done_msg()}), /*sender=*/4711);
  ASSERT_TRUE(p.outcome.ok());
  EXPECT_EQ(p.outcome->status, BatchStatus::More);
  EXPECT_EQ(p.outcome->skipped, 2u);
  EXPECT_TRUE(p.records.empty());

  // Even broken bytes from another sender are only skipped.
  Bytes junk = socket_msg(diag_msg());
  const uint32_t bad = 3;
  std::memcpy(junk.data(), &bad, sizeof bad);
  auto q = parse(junk, 4711);
  ASSERT_TRUE(q.outcome.ok());
  EXPECT_EQ(q.outcome->skipped, 1u);
}

TEST(DiagParser, UnknownFamilyAndOtherMessageTypesAreSkipped) {
  inet_diag_msg unix_like = diag_msg();
  unix_like.idiag_family = AF_UNIX;
  auto p = parse(concat({socket_msg(unix_like), nlmsg(NLMSG_NOOP, {}), socket_msg(diag_msg(5))}));
  ASSERT_TRUE(p.outcome.ok());
  EXPECT_EQ(p.outcome->skipped, 2u);
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].cookie, 5u);
}

TEST(DiagParser, MissingProtocolErrorsMeanUnsupported) {
  for (int err : {ENOENT, EOPNOTSUPP, EPROTONOSUPPORT, EINVAL}) {
    auto p = parse(error_msg(-err));
    ASSERT_TRUE(p.outcome.ok()) << err;
    EXPECT_EQ(p.outcome->status, BatchStatus::Unsupported) << err;
  }
  // The same code can end a dump through NLMSG_DONE.
  auto done = parse(done_msg(-ENOENT));
  ASSERT_TRUE(done.outcome.ok());
  EXPECT_EQ(done.outcome->status, BatchStatus::Unsupported);
}

TEST(DiagParser, OtherErrorsNameTheErrno) {
  auto p = parse(error_msg(-EPERM));
  ASSERT_FALSE(p.outcome.ok());
  EXPECT_EQ(p.outcome.error().err, EPERM);
  EXPECT_NE(p.outcome.error().describe().find(std::strerror(EPERM)), std::string::npos);

  auto busy = parse(done_msg(-EBUSY));
  ASSERT_FALSE(busy.outcome.ok());
  EXPECT_EQ(busy.outcome.error().err, EBUSY);

  auto weird = parse(error_msg(INT_MIN));  // must not overflow while negating
  EXPECT_FALSE(weird.outcome.ok());
}

TEST(DiagParser, ErrorMessageTooShortForItsCode) {
  auto p = parse(nlmsg(NLMSG_ERROR, Bytes{1, 2}));
  ASSERT_FALSE(p.outcome.ok());
  EXPECT_EQ(p.outcome.error().err, EBADMSG);
}

TEST(DiagParser, DoneEndsTheBatch) {
  auto p = parse(concat({socket_msg(diag_msg(1)), done_msg(), socket_msg(diag_msg(2))}));
  ASSERT_TRUE(p.outcome.ok());
  EXPECT_EQ(p.outcome->status, BatchStatus::Done);
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_FALSE(p.outcome->dump_interrupted);
}

TEST(DiagParser, DumpIntrOnAnyMessageMakesDoneInterrupted) {
  auto on_socket = parse(concat({socket_msg(diag_msg(1), {}, NLM_F_MULTI | NLM_F_DUMP_INTR), done_msg()}));
  ASSERT_TRUE(on_socket.outcome.ok());
  EXPECT_EQ(on_socket.outcome->status, BatchStatus::Interrupted);
  EXPECT_EQ(on_socket.records.size(), 1u);

  auto on_done = parse(concat({socket_msg(diag_msg(1)), done_msg(0, NLM_F_MULTI | NLM_F_DUMP_INTR)}));
  ASSERT_TRUE(on_done.outcome.ok());
  EXPECT_EQ(on_done.outcome->status, BatchStatus::Interrupted);

  // Without DONE the flag is reported for the caller to carry.
  auto pending = parse(socket_msg(diag_msg(1), {}, NLM_F_MULTI | NLM_F_DUMP_INTR));
  ASSERT_TRUE(pending.outcome.ok());
  EXPECT_EQ(pending.outcome->status, BatchStatus::More);
  EXPECT_TRUE(pending.outcome->dump_interrupted);

  // A flag on someone else's message does not count.
  auto foreign = parse(concat({socket_msg(diag_msg(1), {}, NLM_F_MULTI | NLM_F_DUMP_INTR, kSeq + 9), done_msg()}));
  ASSERT_TRUE(foreign.outcome.ok());
  EXPECT_EQ(foreign.outcome->status, BatchStatus::Done);
}

TEST(DiagParser, UnalignedInputParsesTheSame) {
  const Bytes datagram = concat({socket_msg(diag_msg(77), attr(INET_DIAG_INFO, Bytes(64, 1))), done_msg()});
  Bytes shifted(datagram.size() + 1);
  std::memcpy(shifted.data() + 1, datagram.data(), datagram.size());
  std::vector<SocketRecord> records;
  auto outcome = parse_diag_batch(std::span<const uint8_t>(shifted).subspan(1), 0,
                                  DumpExpectation{kSeq, kPortid, Proto::Tcp}, records);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].cookie, 77u);
  EXPECT_EQ(records[0].tcp_info_len, 64u);
}

}  // namespace
}  // namespace sockscope
