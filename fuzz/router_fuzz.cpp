// The router (coronet/http/router.hpp) on a fixed table of routes: static segments, parameters,
// backtracking, a tail wildcard and a mounted router. Each target is matched by the router and by
// a plain reading of the table here; they must pick the same route with the same (decoded)
// parameters, and answer 400, 404, 405 and OPTIONS as documented.
#include <string>
#include <vector>

#include <coronet/http/percent.hpp>
#include <coronet/http/router.hpp>
#include <coronet/http/testing.hpp>

#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace http = coronet::http;
using http::method;

namespace {

coronet::task<http::response> ready(http::response res) { co_return res; }

// Answers with the route's name, then each parameter as name=percent-encoded value, a line each.
http::handler answer(std::string route) {
    return [route](http::request& req) {
        std::string body = route + "\n";
        for (const auto& [name, value] : req.params()) body.append(name).append("=").append(http::percent_encode(value)).append("\n");
        return ready(http::text(std::move(body)));
    };
}

const http::router& routes() {
    static const http::router r = [] {
        http::router api;
        api.get("/", answer("api-root"));
        api.get("/users/{id}", answer("user"));
        http::router r;
        r.use([](http::request& req, const http::handler& next) -> coronet::task<http::response> {
            auto res = co_await next(req);
            res.headers.set("X-Seen", "1");
            co_return res;
        });
        r.get("/", answer("root"));
        r.get("/about", answer("about"));
        r.get("/words/{word}", answer("word"));
        r.put("/words/{word}", answer("word"));
        r.get("/a/b", answer("ab"));
        r.get("/a/{x}/c", answer("axc"));
        r.get("/files/{path...}", answer("files"));
        r.mount("/api", api);
        return r;
    }();
    return r;
}

struct expected_route {
    std::string name;                  // "" when no route matches
    std::string params;                // as answer() writes them
    std::vector<method> methods;       // those routed (HEAD follows GET)
};

std::string param(std::string_view name, std::string_view value) {
    return std::string(name).append("=").append(http::percent_encode(value)).append("\n");
}

// The table above, read by hand: which route the decoded segments `s` name.
expected_route expect(const std::vector<std::string>& s) {
    const std::vector<method> get{method::get};
    auto is = [&](std::vector<std::string> want) { return s == want; };
    if (is({""})) return {"root", "", get};
    if (is({"about"})) return {"about", "", get};
    if (s.size() == 2 && s[0] == "words" && !s[1].empty()) return {"word", param("word", s[1]), {method::get, method::put}};
    if (is({"a", "b"})) return {"ab", "", get};
    if (s.size() == 3 && s[0] == "a" && !s[1].empty() && s[2] == "c") return {"axc", param("x", s[1]), get};
    if (s[0] == "files") {
        std::string rest;
        for (std::size_t i = 1; i < s.size(); ++i) rest.append(i > 1 ? "/" : "").append(s[i]);
        return {"files", param("path", rest), get};
    }
    if (s[0] == "api") {
        if (s.size() == 1 || is({"api", ""})) return {"api-root", "", get};
        if (s.size() == 3 && s[1] == "users" && !s[2].empty()) return {"user", param("id", s[2]), get};
    }
    return {};
}

// The decoded segments of `path`, or std::nullopt when it is not an absolute path of well-formed escapes.
std::optional<std::vector<std::string>> segments_of(std::string_view path) {
    if (path.empty() || path.front() != '/') return std::nullopt;
    std::vector<std::string> out;
    std::size_t start = 1;
    for (;;) {
        auto slash = path.find('/', start);
        auto decoded = http::percent_decode(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (!decoded) return std::nullopt;
        out.push_back(std::move(*decoded));
        if (slash == std::string_view::npos) return out;
        start = slash + 1;
    }
}

bool contains(const std::vector<method>& methods, method m) {
    return std::find(methods.begin(), methods.end(), m) != methods.end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks the method, the rest is the request target.
    static constexpr method methods[] = {method::get,     method::head,  method::post,   method::put,
                                         method::delete_, method::options, method::patch, method::unknown};
    method m = methods[data[0] % 8];
    http::request req(m, std::string(coronet::fuzz::as_text(data + 1, size - 1)));
    auto segments = segments_of(req.path());

    auto res = http::invoke(routes(), req);
    if (!segments) {
        require(res.status == 400, "a relative path or a malformed escape is 400");
        return 0;
    }
    require(res.headers.get("X-Seen") == "1", "the middleware runs around every routed request");
    auto want = expect(*segments);
    if (want.name.empty()) {
        require(res.status == 404, "a path no route matches is 404");
        return 0;
    }
    bool routed = contains(want.methods, m) || (m == method::head && contains(want.methods, method::get));
    if (m == method::unknown) {
        require(res.status == 501, "an unknown method on a routed path is 501");
    } else if (routed) {
        require(res.status == 200, "a routed method is served");
        require(res.body == want.name + "\n" + want.params, "the router picks the route and decoded parameters the table names");
    } else {
        require(res.status == (m == method::options ? 204u : 405u), "OPTIONS is 204, another method 405");
        auto allow = res.headers.get("Allow");
        require(allow.find("OPTIONS") != std::string_view::npos, "Allow lists OPTIONS");
        require(m == method::options || allow.find(http::to_string(m)) == std::string_view::npos, "Allow leaves out the refused method");
    }
    return 0;
}
