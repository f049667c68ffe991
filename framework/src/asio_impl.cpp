// Separate compilation: Asio's non-template code is compiled once, here, instead of in every
// translation unit that includes it (BOOST_ASIO_SEPARATE_COMPILATION).
#include <boost/asio/impl/src.hpp>
