#include "trilink/bus/in_process_bus.h"

#include <algorithm>

#include "trilink/core/error.h"

namespace trilink::bus {

class InProcessNetwork::Connection final : public Bus {
 public:
  Connection(InProcessNetwork& network, std::string partner)
      : network_(network), partner_(std::move(partner)) {}
  ~Connection() override { network_.Disconnect(this); }

  const std::string& partner() const override { return partner_; }

  void Publish(const fusion::LocalTrack& track) override {
    if (track.partner != partner_)
      throw InputError("bus: " + partner_ + " may not publish a track of " + track.partner);
    network_.Deliver(*this, track);
  }
  void Publish(const LaunchAssessment& assessment) override {
    if (assessment.partner != partner_)
      throw InputError("bus: " + partner_ + " may not publish an assessment of " +
                       assessment.partner);
    network_.Deliver(*this, assessment);
  }
  void Publish(const AlertMessage& alert) override {
    if (alert.partner != partner_)
      throw InputError("bus: " + partner_ + " may not publish an alert of " + alert.partner);
    network_.Deliver(*this, alert);
  }

  void Subscribe(Handlers handlers) override { handlers_ = std::move(handlers); }

  size_t Poll() override {
    size_t delivered = 0;
    // Handlers may publish (that queues on the other connections, not on
    // this one), so the queue is not touched by them.
    while (!queue_.empty()) {
      const Message message = std::move(queue_.front());
      queue_.pop_front();
      ++delivered;
      Dispatch(handlers_, message);
    }
    return delivered;
  }

  void Queue(const Message& message) { queue_.push_back(message); }

 private:
  InProcessNetwork& network_;
  std::string partner_;
  Handlers handlers_;
  std::deque<Message> queue_;
};

std::unique_ptr<Bus> InProcessNetwork::Connect(const std::string& partner) {
  if (partner.empty()) throw InputError("bus: a connection needs a partner id");
  for (const Connection* c : connections_) {
    if (c->partner() == partner) throw InputError("bus: " + partner + " is connected already");
  }
  auto connection = std::make_unique<Connection>(*this, partner);
  connections_.push_back(connection.get());
  return connection;
}

void InProcessNetwork::Deliver(const Connection& from, const Message& message) {
  ++published_;
  for (Connection* c : connections_) {
    if (c != &from) c->Queue(message);
  }
}

void InProcessNetwork::Disconnect(const Connection* connection) {
  std::erase(connections_, connection);
}

}  // namespace trilink::bus
