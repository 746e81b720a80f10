// How evenly threads shared the work: a lock that lets one thread win every time can post a
// great throughput while starving the rest.
#pragma once

#include <span>

namespace contend {

struct Fairness {
  double jain_index = 1;  // (sum x)^2 / (n * sum x^2): 1 when equal, 1/n when one did all
  double min_share = 0;   // smallest thread's fraction of the total
  double max_share = 0;   // largest thread's fraction of the total
};

// Over per-thread operation counts. All-zero or empty input counts as perfectly fair.
Fairness fairness(std::span<const double> per_thread);

}  // namespace contend
