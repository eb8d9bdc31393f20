// What `trilink run` prints and writes for the warning centre: the warning
// timeline, the CAP files, the assessment timeline and the warned areas.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "output_folder.h"
#include "trilink/node/warning_centre.h"
#include "trilink/report/launch_report.h"
#include "trilink/scenario/warning_scores.h"

namespace trilink::app {

// "warnings: ..." — one line per CAP message (sent, type, identifier,
// headline), then the areas warned with their first warning time.
std::string WarningTimelineText(const node::WarningCentre& centre, const std::string& partner);

// One assessment as JSON (impact point, time and ellipses; launch; apogee,
// range, flight time, class, type).
nlohmann::json AssessmentJson(const assess::TrackAssessment& assessment);

// The timeline of assessments as JSON (one object per assessment).
nlohmann::json AssessmentsJson(const node::WarningCentre& centre);

// The scores against truth as JSON.
nlohmann::json WarningScoresJson(const scenario::WarningScores& scores);

// Writes cap/NNNN-<identifier>.xml, assessments.json, warnings.json,
// report.txt and report.json into `folder`.
void WriteWarningFiles(OutputFolder& folder, const node::WarningCentre& centre,
                       const std::vector<report::LaunchReport>& reports);

}  // namespace trilink::app
