// sockscope against ss on the same namespace and the same sockets: per-state
// counts, per-socket queues and owners must agree exactly.
#include <unistd.h>

#include <algorithm>
#include <iterator>

#include "../states/collector_check.h"
#include "cli_table.h"
#include "collector_rows.h"
#include "netns_fixture.h"
#include "population.h"
#include "ss_table.h"

namespace sockscope::testing {
namespace {

class SsCompareTest : public NetnsTest {};

// Every TCP and UDP socket ss lists (through its filter `extra`); `owners`
// adds its -p column.
std::vector<SocketRow> ss_all(bool owners = false, const std::string& extra = "") {
  std::vector<SocketRow> rows = ss_rows("tcp", extra, owners);
  std::vector<SocketRow> udp = ss_rows("udp", extra, owners);
  rows.insert(rows.end(), udp.begin(), udp.end());
  return rows;
}

// Each check starts two processes; on a loaded 2-core box that alone can
// take a good part of a second, so allow a few more rounds than kWaitLimit.
constexpr std::chrono::milliseconds kSettleLimit{5000};

// ss once it shows exactly what the population built: the last ACKs of a
// few scenarios land asynchronously. Throws, listing ss, if it never does.
std::vector<SocketRow> settled_ss(const Population& population) {
  std::vector<SocketRow> rows;
  if (!wait_until(
          [&] {
            rows = ss_all();
            return count_states(rows) == population.expected();
          },
          kSettleLimit)) {
    throw std::runtime_error("ss never showed the population; expected:" + describe(population.expected()) +
                             "\nss counted:" + describe(count_states(rows)) + "\nss rows:" + describe(rows));
  }
  return rows;
}

// Keys on both sides; a key on one side only is reported with its row.
::testing::AssertionResult same_sockets(const std::vector<SocketRow>& ss, const std::vector<SocketRow>& ours) {
  auto reference = by_key(ss);
  auto tested = by_key(ours);
  std::string diff;
  for (const auto& [key, row] : reference) {
    if (!tested.count(key)) diff += "\n  only in ss: " + row.describe();
  }
  for (const auto& [key, row] : tested) {
    if (!reference.count(key)) diff += "\n  only in sockscope: " + row.describe();
  }
  if (reference.size() != ss.size() || tested.size() != ours.size()) diff += "\n  a socket was listed twice";
  if (diff.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << diff;
}

// Every socket ss lists, sockscope lists in the same state with the same
// queues (Recv-Q, Send-Q), and nothing else.
void expect_same_listing(const std::vector<SocketRow>& ss, const std::vector<SocketRow>& ours) {
  ::testing::Test::RecordProperty("sockets_compared", static_cast<int>(ss.size()));
  EXPECT_EQ(count_states(ours), count_states(ss))
      << "sockscope:" << describe(count_states(ours)) << "\nss:" << describe(count_states(ss));
  EXPECT_TRUE(same_sockets(ss, ours));
  auto tested = by_key(ours);
  for (const auto& reference : ss) {
    auto it = tested.find(reference.key());
    if (it == tested.end()) continue;  // reported by same_sockets
    const SocketRow& row = it->second;
    EXPECT_EQ(row.state, reference.state) << reference.key();
    EXPECT_EQ(row.recv_q, reference.recv_q) << "Recv-Q of " << reference.describe();
    EXPECT_EQ(row.send_q, reference.send_q) << "Send-Q of " << reference.describe();
  }
}

TEST_F(SsCompareTest, CliListingMatchesSs) {
  Population population;
  auto ss = settled_ss(population);
  expect_same_listing(ss, cli_rows());
}

// The library's own dump, without the CLI in between.
TEST_F(SsCompareTest, CollectorListingMatchesSs) {
  Population population;
  auto ss = settled_ss(population);
  Dumper dumper;
  expect_same_listing(ss, rows_from_records(dumper.dump()));
}

// Thousands of sockets: the CLI's dump spans many netlink reads.
TEST_F(SsCompareTest, LargeListingMatchesSs) {
  Bulk b = bulk(600, 120);
  auto ss = ss_all();
  ASSERT_EQ(ss.size(), 2 * (600 + 3 * 120u)) << "ss does not show the bulk population";
  expect_same_listing(ss, cli_rows("--no-processes"));
}

// ss -p and sockscope both read /proc/*/fd; every owned socket belongs to
// this test process, at the same fd.
TEST_F(SsCompareTest, OwnersMatchSs) {
  Population population;
  settled_ss(population);
  auto ss = ss_all(/*owners=*/true);
  auto ours = by_key(cli_rows());
  int owned = 0;
  for (const auto& reference : ss) {
    auto it = ours.find(reference.key());
    if (it == ours.end()) {
      ADD_FAILURE() << "sockscope misses " << reference.describe();
      continue;
    }
    EXPECT_EQ(it->second.owners, reference.owners) << reference.describe();
    for (const auto& [pid, fd] : reference.owners) {
      EXPECT_EQ(pid, ::getpid()) << reference.describe();
      ++owned;
    }
  }
  EXPECT_GT(owned, 0) << "ss -p showed no owner at all";
}

// `sockscope sockets <cli>` lists exactly the sockets in `reference`.
void expect_filter_matches(const std::string& cli, const std::vector<SocketRow>& reference) {
  ASSERT_FALSE(reference.empty()) << "the population has nothing for " << cli;
  auto ours = cli_rows(cli + " --no-processes");  // owners are not what this checks
  EXPECT_EQ(count_states(ours), count_states(reference))
      << cli << "\nsockscope:" << describe(count_states(ours)) << "\nss:" << describe(count_states(reference));
  EXPECT_TRUE(same_sockets(reference, ours)) << cli;
}

std::vector<SocketRow> in_state(const std::vector<SocketRow>& rows, const std::string& state) {
  std::vector<SocketRow> kept;
  std::copy_if(rows.begin(), rows.end(), std::back_inserter(kept),
               [&](const SocketRow& r) { return r.state == state; });
  return kept;
}

// Each CLI filter against ss's own filter for the same selection. ss drops
// its State column when a filter selects a single state, so single states
// are picked out of ss's listing here instead.
TEST_F(SsCompareTest, FiltersMatchSs) {
  Population population;
  settled_ss(population);
  auto tcp = ss_rows("tcp");
  expect_filter_matches("--tcp", tcp);
  expect_filter_matches("--udp", ss_rows("udp"));
  expect_filter_matches("-4", ss_all(/*owners=*/false, "-4"));
  expect_filter_matches("-6", ss_all(/*owners=*/false, "-6"));
  expect_filter_matches("--tcp --state close-wait", in_state(tcp, "CLOSE_WAIT"));
  expect_filter_matches("--tcp --state time-wait", in_state(tcp, "TIME_WAIT"));
  expect_filter_matches("--tcp --state syn-recv", in_state(tcp, "SYN_RECV"));
  expect_filter_matches("--tcp -6 --state listen", in_state(ss_rows("tcp", "-6"), "LISTEN"));
  expect_filter_matches("--state established --state listen",
                        ss_all(/*owners=*/false, "state established state listening"));
}

// The state groups, against ss's own definition of each.
TEST_F(SsCompareTest, StateGroupsMatchSs) {
  Population population;
  settled_ss(population);
  for (std::string group : {"connected", "synchronized", "bucket", "big"}) {
    SCOPED_TRACE("--state " + group);
    expect_filter_matches("--state " + group, ss_all(/*owners=*/false, "state " + group));
  }
}

}  // namespace
}  // namespace sockscope::testing
