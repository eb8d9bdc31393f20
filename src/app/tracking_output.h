// Formatting of a scenario's tracking run (scenario/tracking_run.h) for
// `trilink run`: the table printed after the truth table, tracking.json, and
// the CSV files of detections (the format `trilink track --model ballistic`
// reads), truth and track updates.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "trilink/scenario/network_run.h"
#include "trilink/scenario/scenario.h"
#include "trilink/scenario/tracking_run.h"
#include "trilink/sensors/simulate.h"

namespace trilink::app {

// Per missile and partner: first detection and first confirmed track (s after
// launch), position and velocity RMSE; then per partner: scans, detections,
// false alarms, tracks, confirmed, false tracks, fragments, swaps.
std::string TrackingText(std::span<const sensors::TruthTrajectory> truth,
                         const scenario::TrackingRun& run, const std::string& filter_name);

// Per node: its system tracks (born, ended or not, the local tracks that
// contributed) and its fusion counts.
std::string FusionText(const scenario::NetworkRun& network);

// The same figures as JSON (null where a partner never detected or tracked).
nlohmann::json TrackingJson(const scenario::Scenario& scenario,
                            std::span<const sensors::TruthTrajectory> truth,
                            const scenario::TrackingRun& run, const std::string& filter_name);

// Radar detections, one row per detection, in report order, in the detection
// format of `trilink track --model ballistic` (t_s since the scenario epoch,
// with per-row noise sigmas and truth_id, the missile's index or -1).
std::string DetectionsCsv(const scenario::Scenario& scenario, std::span<const sensors::Scan> scans);

// Truth samples t_s,truth_id,lat_deg,lon_deg,height_m (t_s since the epoch).
std::string TruthCsv(const scenario::Scenario& scenario,
                     std::span<const sensors::TruthTrajectory> truth);

// Confirmed-track updates: partner,track_id,t_s,sensor,truth_id,lat_deg,
// lon_deg,height_m,vx_m_s,vy_m_s,vz_m_s (ECEF, Earth-relative),position_sigma_m.
std::string TrackUpdatesCsv(const scenario::Scenario& scenario, const scenario::TrackingRun& run);

}  // namespace trilink::app
