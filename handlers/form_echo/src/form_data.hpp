#pragma once
#include <coronet/utf8.hpp>
// What form_echo understood of a request, and the parsers that fill it. Internal.
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include <coronet/http/accept.hpp>
#include <coronet/http/header_value.hpp>
#include <coronet/http/request.hpp>

namespace coronet::handlers::form_echo_detail {

// A malformed request: its message is shown to the client in the 400 answer.
struct malformed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct field {
    std::string name;
    std::string value;
};

struct uploaded_file {
    std::string name;           // the form field's name
    std::string filename;
    std::string content_type;
    std::size_t size = 0;
    std::string sha256;         // hex
};

enum class body_kind { none, urlencoded, multipart, json, other };

struct echo {
    std::string method;
    std::string target;
    std::vector<field> headers;
    std::vector<field> query;
    body_kind kind = body_kind::none;
    std::string content_type;
    std::size_t body_size = 0;
    std::vector<field> fields;
    std::vector<uploaded_file> files;
    boost::json::value json;
};

using coronet::is_valid_utf8;
using coronet::to_valid_utf8;
using http::header_value;
using http::parse_header_value;
using http::prefers_html;

// --- urlencoded.cpp
// name=value&name=value, '+' a space, %XX decoded; throws malformed on bad percent-encoding
// or on a name or value that is not UTF-8. `what` names the source in messages ("query").
std::vector<field> parse_urlencoded(std::string_view text, std::string_view what);

// --- multipart.cpp
struct multipart_form {
    std::vector<field> fields;
    std::vector<uploaded_file> files;
};
// A multipart/form-data body (RFC 7578) whose Content-Type is `content_type`.
multipart_form parse_multipart(std::string_view body, const header_value& content_type);

// --- parse_request.cpp
echo parse_request(const http::request& req, bool echo_headers);

// --- render.cpp
boost::json::value to_json(const echo& e);
std::string to_html(const echo& e);

}  // namespace coronet::handlers::form_echo_detail
