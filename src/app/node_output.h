// What a node writes about itself, the same in `trilink run` (one folder
// per node under nodes/, in-process or with --bus dds) and `trilink node`:
// its fused updates (fused.csv) and its counts, system tracks and
// refusals (node.json). Two runs that gave the same picture write the same
// files.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "output_folder.h"
#include "trilink/node/node.h"
#include "trilink/scenario/network_run.h"

namespace trilink::app {

// system,time,x_m,y_m,z_m,vx_m_s,vy_m_s,vz_m_s,position_sigma_m,fused — one
// row per fused update, ECEF, the contributors fused separated by ';'.
std::string FusedUpdatesCsv(std::span<const scenario::FusedUpdate> updates);

// "JP: 5 system tracks; 412 updates fused, ..." and one line per system
// track (number, born, contributors).
std::string NodeFusionText(const node::Node& node);

// The node's counts, fusion counts, system tracks and refusals.
nlohmann::json NodeJson(const node::Node& node);

// Writes `prefix`fused.csv and `prefix`node.json (prefix "" or "nodes/JP/").
void WriteNodeFiles(OutputFolder& folder, const std::string& prefix, const node::Node& node,
                    std::span<const scenario::FusedUpdate> updates);

}  // namespace trilink::app
