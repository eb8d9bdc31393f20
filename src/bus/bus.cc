#include "trilink/bus/bus.h"

namespace trilink::bus {

void Dispatch(const Handlers& handlers, const Message& message) {
  std::visit(
      [&handlers](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, fusion::LocalTrack>) {
          if (handlers.track) handlers.track(m);
        } else if constexpr (std::is_same_v<T, LaunchAssessment>) {
          if (handlers.assessment) handlers.assessment(m);
        } else {
          if (handlers.alert) handlers.alert(m);
        }
      },
      message);
}

}  // namespace trilink::bus
