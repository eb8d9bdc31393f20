// A synthetic launch for the warn tests and the CAP round-trip samples: one
// missile from the Korean peninsula towards northern Japan, with per-area
// threats scripted so that the policy goes through its whole lifecycle
// (alert, narrowing, widening, held narrowing, overflight passed, fall at sea
// and cancel). Not geometry: the numbers are chosen, not computed.
#pragma once

#include <variant>
#include <vector>

#include "trilink/warn/policy.h"

namespace trilink::warn::testing {

using LifecycleInput = std::variant<ThreatPicture, FallReport>;

// The launch time of the synthetic event "E1".
UtcTime SyntheticLaunchTime();

// The inputs in time order.
std::vector<LifecycleInput> SyntheticLifecycle();

// Options as a simulated run would set them.
PolicyOptions SyntheticOptions();

// Feeds every input to `policy` and returns all messages, in order.
std::vector<Alert> Run(WarningPolicy& policy, const std::vector<LifecycleInput>& inputs);

// An alert that uses every field WriteCap can write, with text that needs
// escaping and non-ASCII characters.
Alert FullAlert();

}  // namespace trilink::warn::testing
