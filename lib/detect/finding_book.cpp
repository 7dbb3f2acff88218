#include "detect/finding_book.h"

#include <algorithm>

namespace sockscope {

std::string_view finding_event_name(FindingEvent::Type type) {
  return type == FindingEvent::Type::Raised ? "raised" : "cleared";
}

std::vector<FindingEvent> FindingBook::update(std::vector<Finding> candidates,
                                              std::chrono::system_clock::time_point now,
                                              const FindingsConfig& config) {
  std::vector<FindingEvent> events;
  for (auto& [id, entry] : entries_) entry.missed_polls += 1;  // undone below for those seen

  for (Finding& candidate : candidates) {
    auto [it, fresh] = entries_.try_emplace(candidate.id);
    Entry& entry = it->second;
    const auto since = fresh ? now : entry.finding.since.value_or(now);
    entry.finding = std::move(candidate);
    entry.finding.since = since;
    entry.seen_polls += 1;
    entry.missed_polls = 0;
    if (!entry.raised && entry.seen_polls >= std::max<int64_t>(config.raise_after, 1)) {
      entry.raised = true;
      events.push_back({FindingEvent::Type::Raised, entry.finding});
    }
  }

  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& entry = it->second;
    if (entry.missed_polls == 0) {
      ++it;
      continue;
    }
    // One poll without the condition forgets a candidate not yet raised, so
    // raising always takes raise_after polls in a row.
    const bool gone = !entry.raised || entry.missed_polls >= std::max<int64_t>(config.clear_after, 1);
    if (gone) {
      if (entry.raised) events.push_back({FindingEvent::Type::Cleared, std::move(entry.finding)});
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }

  active_.clear();
  for (const auto& [id, entry] : entries_) {
    if (entry.raised) active_.push_back(entry.finding);
  }
  std::sort(active_.begin(), active_.end(), worse_first);
  return events;
}

void FindingBook::clear() {
  entries_.clear();
  active_.clear();
}

}  // namespace sockscope
