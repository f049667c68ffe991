#pragma once
// An HTTP request as a handler sees it: complete, body included.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <coronet/http/fields.hpp>
#include <coronet/http/method.hpp>

namespace coronet::http {

class request {
public:
    request() = default;
    // For tests and for calling a router directly; method_string follows `m`.
    request(http::method m, std::string target, std::string body = {}, fields headers = {});

    http::method method() const { return method_; }
    std::string_view method_string() const { return method_string_; }
    std::string_view target() const { return target_; }         // as sent: path?query
    // The target without the query, still encoded; for an absolute-form target
    // ("http://host/p") the path part ("/p").
    std::string_view path() const;
    std::string_view query_string() const;                      // after '?', still encoded; "" if none
    unsigned version() const { return version_; }               // 11 or 10

    const fields& headers() const { return headers_; }
    fields& headers() { return headers_; }
    std::string_view header(std::string_view name) const { return headers_.get(name); }
    const std::string& body() const { return body_; }
    std::string& body() { return body_; }

    // A route parameter ({name} or {name...}), percent-decoded; "" when the route has none.
    std::string_view param(std::string_view name) const;
    const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }
    // The first query parameter called `name`, percent-decoded ('+' is a space).
    // std::nullopt when absent or when the query is malformed.
    std::optional<std::string> query(std::string_view name) const;

    bool keep_alive() const;                    // what the client asked for
    std::string_view peer() const { return peer_; }     // "address:port" of the client; "" in tests

    // Used by the server's parser and by the router.
    void set_method(http::method m, std::string_view text);
    void set_target(std::string_view target) { target_.assign(target); }
    // Empties the request for the next one on the same connection, keeping its allocations.
    void clear();
    void set_version(unsigned version) { version_ = version; }
    void set_peer(std::string peer) { peer_ = std::move(peer); }
    std::vector<std::pair<std::string, std::string>>& mutable_params() { return params_; }
    // The path's segments, percent-decoded, as the router matched them ("/a/b/" is a, b, "").
    const std::vector<std::string>& path_segments() const { return segments_; }
    std::vector<std::string>& mutable_path_segments() { return segments_; }

private:
    http::method method_ = http::method::get;
    std::string method_string_ = "GET";
    std::string target_ = "/";
    unsigned version_ = 11;
    fields headers_;
    std::string body_;
    std::vector<std::pair<std::string, std::string>> params_;
    std::vector<std::string> segments_;
    std::string peer_;
};

}  // namespace coronet::http
