// Separate compilation of Beast (BOOST_BEAST_SEPARATE_COMPILATION); its own file so that the
// two slowest translation units of the library build in parallel.
#include <boost/beast/src.hpp>
