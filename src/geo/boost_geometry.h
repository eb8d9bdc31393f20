// All of Boost.Geometry, for geo's sources and tests. Boost 1.74's Geometry
// includes Boost's own deprecated <boost/detail/no_exceptions_support.hpp>,
// whose deprecation note is about Boost's code, not ours (the same
// allowance as in trilink/geo/areas.h, for these includes only).
#pragma once

#pragma push_macro("BOOST_ALLOW_DEPRECATED_HEADERS")
#undef BOOST_ALLOW_DEPRECATED_HEADERS
#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#pragma pop_macro("BOOST_ALLOW_DEPRECATED_HEADERS")
