#pragma once
// Calling handlers without a socket: the way to unit-test routes.
//   coronet::http::router r = make_routes();
//   auto res = coronet::http::invoke(r, {coronet::http::method::get, "/words/hello"});
//   assert(res.status == 200);
#include <coronet/http/request.hpp>
#include <coronet/http/response.hpp>
#include <coronet/http/router.hpp>

namespace coronet::http {

// Runs the router on a private io_context until the response is ready.
response invoke(const router& r, request req);
// Collects a streamed or file body (if any) into res.body.
std::string read_body(response& res);

}  // namespace coronet::http
