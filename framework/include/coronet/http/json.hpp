#pragma once
// JSON responses with Boost.JSON (a separate header: only its users pay for Boost.JSON).
#include <boost/json/value.hpp>

#include <coronet/http/response.hpp>

namespace coronet::http {

response json(const boost::json::value& value, unsigned status = 200);   // application/json

}  // namespace coronet::http
