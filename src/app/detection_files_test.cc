// The CSV reader and the detection and truth files of `trilink track`:
// every malformed value is an InputError naming FILE:LINE:COL and the
// column; values beyond what the trackers can use are refused.
#include "detection_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "csv.h"
#include "trilink/core/error.h"

namespace trilink::app {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::function<void()>& read) {
  try {
    read();
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

CsvTable Table(std::string_view text, const std::vector<std::string>& columns) {
  return ParseNumericCsv(text, "f.csv", columns);
}

TEST(ParseNumericCsv, ReadsHeaderRowsLinesAndPositions) {
  const CsvTable table =
      Table("# comment\n\nt_s, x_m ,y_m\r\n0,1.5,-2\n1, 3 ,4e3\r\n", kPlanarDetectionColumns);
  EXPECT_EQ(table.columns, (std::vector<std::string>{"t_s", "x_m", "y_m"}));
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(table.at(1, 0), 1.0);
  EXPECT_EQ(table.at(1, 1), 3.0);
  EXPECT_EQ(table.at(1, 2), 4000.0);
  EXPECT_EQ(table.lines, (std::vector<int>{4, 5}));
  EXPECT_EQ(table.Where(1, 1), "f.csv:5:4");  // " 3 " starts at column 3, the 3 at 4
}

TEST(ParseNumericCsv, AByteOrderMarkIsNotPartOfTheFirstColumn) {
  const CsvTable table = Table("\xEF\xBB\xBFt_s,x_m,y_m\n0,1,2\n", kPlanarDetectionColumns);
  EXPECT_EQ(table.columns.front(), "t_s");
}

TEST(ParseNumericCsv, ErrorsNameFileLineColumnAndField) {
  EXPECT_EQ(ErrorOf([] { Table("t_s,x_m,y_m\n0,1,abc\n", kPlanarDetectionColumns); }),
            "f.csv:2:5: column 'y_m': got 'abc'; expected a number");
  EXPECT_EQ(ErrorOf([] { Table("t_s,speed\n", kPlanarDetectionColumns); }),
            "f.csv:1:5: header: unknown column 'speed'; expected columns from: t_s, x_m, y_m, "
            "bearing_rad, range_m, truth_id");
  EXPECT_THAT(ErrorOf([] { Table("t_s,t_s\n", kPlanarDetectionColumns); }),
              HasSubstr("f.csv:1:5: header: column 't_s' appears twice"));
  EXPECT_THAT(ErrorOf([] { Table("t_s,x_m,y_m\n0,1\n", kPlanarDetectionColumns); }),
              HasSubstr("f.csv:2:4: 2 fields; expected 3"));
  EXPECT_THAT(ErrorOf([] { Table("", kPlanarDetectionColumns); }),
              HasSubstr("f.csv: empty file; expected a header line"));
  EXPECT_EQ(ErrorOf([] { Table("t_s,x_m,y_m\n0,1,nan\n", kPlanarDetectionColumns); }),
            "f.csv:2:5: column 'y_m': got 'nan'; expected a number");
  // A control byte is shown escaped, not written to the terminal.
  EXPECT_THAT(ErrorOf([] { Table("t_s,x_m,y_m\n0,1,\x1b[2J\n", kPlanarDetectionColumns); }),
              HasSubstr("got '\\x1B[2J'"));
}

TEST(ReadPlanarDetections, GroupsRowsOfOneTimeIntoAScan) {
  const PlanarDetections file = ReadPlanarDetections(
      Table("t_s,x_m,y_m,truth_id\n0,1,2,0\n0,5,5,-1\n1,1.1,2.1,0\n", kPlanarDetectionColumns));
  EXPECT_EQ(file.scans.size(), 2u);
  EXPECT_EQ(file.detections, 3u);
  EXPECT_EQ(file.scans[0].measurements.size(), 2u);
}

TEST(ReadPlanarDetections, RefusesValuesNoTrackerCanUse) {
  auto read = [](std::string_view text) {
    return ErrorOf([&] { ReadPlanarDetections(Table(text, kPlanarDetectionColumns)); });
  };
  EXPECT_EQ(read("t_s,x_m,y_m\n1e300,1,2\n"),
            "f.csv:2:1: column 't_s': got 1e+300; expected seconds in [-1e9, 1e9]");
  EXPECT_EQ(read("t_s,x_m,y_m\n0,1e300,2\n"),
            "f.csv:2:3: column 'x_m': got 1e+300; expected metres in [-1e9, 1e9]");
  // The second coordinate too (found by fuzzing: a refusal in the middle of
  // Eigen's comma initializer aborted the assertion-enabled builds).
  EXPECT_EQ(read("t_s,x_m,y_m\n0,1,1e90\n"),
            "f.csv:2:5: column 'y_m': got 1e+90; expected metres in [-1e9, 1e9]");
  EXPECT_THAT(read("t_s,x_m,y_m\n1,1,2\n0,1,2\n"),
              HasSubstr("f.csv:3:1: column 't_s': got 0; expected a time not before the "
                        "previous row's 1"));
  EXPECT_THAT(read("t_s,bearing_rad,range_m\n0,0.5,-1\n"),
              HasSubstr("column 'range_m': got -1; expected a range in [0, 1e9] (m)"));
  EXPECT_THAT(read("t_s,x_m,y_m,truth_id\n0,1,2,0.5\n"),
              HasSubstr("column 'truth_id': got 0.5; expected an integer"));
  EXPECT_THAT(read("t_s,x_m,y_m,truth_id\n0,1,2,1e10\n"),
              HasSubstr("column 'truth_id': got 10000000000; expected an integer"));
  EXPECT_THAT(read("t_s,x_m\n0,1\n"), HasSubstr("expected t_s and either x_m,y_m"));
  EXPECT_THAT(read("t_s,x_m,y_m\n"), HasSubstr("no detections after the header"));
}

TEST(ReadRadarDetections, ReadsASiteAndItsScans) {
  const RadarDetections file =
      ReadRadarDetections(Table("t_s,site_lat_deg,site_lon_deg,range_m,azimuth_deg,elevation_deg\n"
                                "10,37.75,128.85,200000,330,5\n10,37.75,128.85,190000,331,6\n"
                                "14,37.75,128.85,199000,330,6\n",
                                kRadarDetectionColumns),
                          RadarSigmas{});
  EXPECT_EQ(file.scans.size(), 2u);
  EXPECT_EQ(file.scans[0].measurements.size(), 2u);
  EXPECT_EQ(file.scans[0].measurements[0].size(), 3);  // no range-rate column
}

TEST(ReadRadarDetections, RefusesValuesNoTrackerCanUse) {
  const std::string header =
      "t_s,site_lat_deg,site_lon_deg,range_m,azimuth_deg,elevation_deg,range_sigma_m\n";
  auto read = [&](std::string_view row) {
    return ErrorOf([&] {
      ReadRadarDetections(Table(header + std::string(row) + "\n", kRadarDetectionColumns), {});
    });
  };
  EXPECT_EQ(read("10,37.75,128.85,200000,330,95,30"),
            "f.csv:2:28: column 'elevation_deg': got 95; expected degrees in [-90, 90]");
  EXPECT_THAT(
      read("10,37.75,128.85,200000,330,5,1e300"),
      HasSubstr("column 'range_sigma_m': got 1e+300; expected a sigma in [0.001, 1e6] (m)"));
  EXPECT_THAT(read("10,37.75,128.85,0,330,5,30"),
              HasSubstr("column 'range_m': got 0; expected a range in [1, 1e9] (m)"));
  EXPECT_THAT(read("1e12,37.75,128.85,200000,330,5,30"),
              HasSubstr("column 't_s': got 1000000000000; expected seconds in [-1e9, 1e9]"));
  EXPECT_THAT(read("10,95,128.85,200000,330,5,30"), HasSubstr("column 'site_lat_deg': got 95"));
}

TEST(ReadGeodeticTruth, NeedsIncreasingTimesPerTruth) {
  EXPECT_THAT(ErrorOf([] {
                ReadGeodeticTruth(
                    Table("t_s,truth_id,lat_deg,lon_deg,height_m\n0,0,39,127,0\n"
                          "0,0,39.1,127,10\n",
                          kGeodeticTruthColumns));
              }),
              HasSubstr("f.csv:3:1: column 't_s': got 0; expected times increasing within "
                        "truth_id 0"));
  const GeodeticTruth truth = ReadGeodeticTruth(
      Table("t_s,truth_id,lat_deg,lon_deg,height_m\n0,0,39,127,0\n0,1,39,127,0\n1,0,39,127,9\n",
            kGeodeticTruthColumns));
  EXPECT_EQ(truth.size(), 2u);
  EXPECT_EQ(truth.at(0).size(), 2u);
}

}  // namespace
}  // namespace trilink::app

namespace trilink::app {
namespace {

TEST(ReadRadarDetections, LateReportsOnlyWithinTheOutOfSequenceWindow) {
  const std::string header = "t_s,site_lat_deg,site_lon_deg,range_m,azimuth_deg,elevation_deg\n";
  // 5 s late: taken, as the tracker takes late reports.
  EXPECT_NO_THROW(ReadRadarDetections(
      Table(header + "20,37,128,2e5,330,5\n15,37,128,2e5,330,5\n", kRadarDetectionColumns), {}));
  // A whole file reversed, or a row an hour early: refused.
  EXPECT_THAT(ErrorOf([&] {
                ReadRadarDetections(Table(header + "3600,37,128,2e5,330,5\n0,37,128,2e5,330,5\n",
                                          kRadarDetectionColumns),
                                    {});
              }),
              HasSubstr("f.csv:3:1: column 't_s': got 0; expected a time at most 10 s before the "
                        "latest so far (3600)"));
}

TEST(ReadPlanarTruth, OneRowPerTargetAndTime) {
  EXPECT_THAT(
      ErrorOf([] {
        ReadPlanarTruth(Table("t_s,truth_id,x_m,y_m\n0,3,1,2\n0,3,1,2\n", kPlanarTruthColumns));
      }),
      HasSubstr("f.csv:3:3: column 'truth_id': got 3; expected one row per target and "
                "time; truth_id 3 is already at t_s = 0"));
}

TEST(ParseRadarSigmas, BoundsEveryComponent) {
  EXPECT_DOUBLE_EQ(ParseRadarSigmas("30,2,2,2").range_m, 30.0);
  EXPECT_DOUBLE_EQ(ParseRadarSigmas("30,2,2").range_rate_m_s, RadarSigmas{}.range_rate_m_s);
  for (const char* bad : {"1e300,2,2", "30,1e9,2", "1e-300,1e-300,1e-300", "30,2", "30,2,2,2,2",
                          "30,x,2", "30,2,2,0"}) {
    EXPECT_THAT(ErrorOf([&] { ParseRadarSigmas(bad); }),
                HasSubstr("--radar-sigma: got '" + std::string(bad) + "'"))
        << bad;
  }
}

}  // namespace
}  // namespace trilink::app
