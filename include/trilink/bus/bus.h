// The bus: how partner nodes share what they see (DESIGN.md, "node" and
// "The distributed mode").
//
// Three kinds of message, each keyed:
//   Track             a partner's local track (fusion/local_track.h), key
//                     partner + track number; a node publishes only its
//                     own local tracks, never fused ones (no data incest);
//   LaunchAssessment  a warning centre's picture of one launch event, key
//                     issuing partner + event id, with a revision;
//   Alert             a CAP 1.2 message, key its CAP identifier.
// Detections never travel on the bus: they stay in the node that owns the
// sensor.
//
// A Bus is one node's connection. Messages a node receives are queued and
// handed to its handlers only when the node calls Poll, in its own thread
// (in arrival order on the in-process bus; per partner and topic on DDS,
// which orders only each writer's samples), so a node's code runs
// single-threaded whichever bus carries it. A connection receives its partners' messages, not its
// own. Publish refuses (InputError) a track whose partner is not the connection's: a node may speak
// only for itself.
//
// Two implementations: the in-process bus (in_process_bus.h), the embedded
// default of `trilink run`, and the Cyclone DDS bus, one process per node.
// Node code does not know which it runs on.
//
// Usage:
//   InProcessNetwork network;
//   std::unique_ptr<Bus> jp = network.Connect("JP");
//   jp->Subscribe({.track = [&](const fusion::LocalTrack& t) { ... }});
//   jp->Publish(track);
//   jp->Poll();
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "trilink/assess/assessment.h"
#include "trilink/core/time.h"
#include "trilink/fusion/local_track.h"

namespace trilink::bus {

struct LaunchAssessment {
  std::string partner;    // the issuing node
  std::string event_id;   // "E1", unique for the issuer
  uint32_t revision = 0;  // from 1, +1 per publication of the event
  UtcTime time;           // of the picture
  // What the issuer concludes about each missile so far (launch and
  // impact estimates, height, trajectory type); the track is its system
  // track ("S3").
  std::vector<assess::MissileFinding> missiles;
};

struct AlertMessage {
  std::string partner;     // the issuing node
  std::string identifier;  // the CAP identifier
  UtcTime sent;
  std::string cap;  // the CAP 1.2 XML document
};

struct Handlers {
  std::function<void(const fusion::LocalTrack&)> track;
  std::function<void(const LaunchAssessment&)> assessment;
  std::function<void(const AlertMessage&)> alert;
};

// Any of the three messages, and its hand-over to the handler of its kind
// (an empty handler drops it).
using Message = std::variant<fusion::LocalTrack, LaunchAssessment, AlertMessage>;
void Dispatch(const Handlers& handlers, const Message& message);

class Bus {
 public:
  virtual ~Bus() = default;

  // The partner this connection speaks for.
  virtual const std::string& partner() const = 0;

  // `track.partner` must be partner() (else InputError).
  virtual void Publish(const fusion::LocalTrack& track) = 0;
  virtual void Publish(const LaunchAssessment& assessment) = 0;
  virtual void Publish(const AlertMessage& alert) = 0;
  // Publishes several tracks (a scan's) as publishing each in turn would;
  // a transport may send them together.
  virtual void PublishAll(std::span<const fusion::LocalTrack> tracks) {
    for (const fusion::LocalTrack& track : tracks) Publish(track);
  }

  // Replaces the handlers (an empty handler drops that kind of message).
  virtual void Subscribe(Handlers handlers) = 0;
  // Hands the messages received since the last call to the handlers, in
  // arrival order; returns how many.
  virtual size_t Poll() = 0;
};

}  // namespace trilink::bus
