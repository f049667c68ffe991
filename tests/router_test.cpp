// The router, tested without a socket through coronet::http::invoke — the same way an
// application tests its own routes.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <coronet/http/router.hpp>
#include <coronet/http/testing.hpp>

namespace http = coronet::http;
using coronet::task;
using http::method;

namespace {

// A handler answering `body` as text/plain.
http::handler reply(std::string body) {
    return [body = std::move(body)](http::request&) -> task<http::response> { co_return http::text(body); };
}

// A handler answering with one route parameter.
http::handler echo_param(std::string name) {
    return [name = std::move(name)](http::request& req) -> task<http::response> {
        co_return http::text(std::string(req.param(name)));
    };
}

// A handler answering with every route parameter as "name=value;..." (in match order).
http::handler echo_params() {
    return [](http::request& req) -> task<http::response> {
        std::string out;
        for (const auto& [name, value] : req.params()) out += name + "=" + value + ";";
        co_return http::text(out);
    };
}

http::response get(const http::router& r, std::string target) {
    return http::invoke(r, {method::get, std::move(target)});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(matching)

BOOST_AUTO_TEST_CASE(static_routes) {
    http::router r;
    r.get("/", reply("root"));
    r.get("/about", reply("about"));
    r.get("/about/team", reply("team"));

    auto res = get(r, "/");
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.body == "root");
    BOOST_TEST(res.headers.get("Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(get(r, "/about").body == "about");
    BOOST_TEST(get(r, "/about/team").body == "team");
    // Matching is exact: no trailing-slash or case folding.
    BOOST_TEST(get(r, "/about/").status == 404u);
    BOOST_TEST(get(r, "/About").status == 404u);
    BOOST_TEST(get(r, "/about/team/x").status == 404u);
    // Percent-encoded characters in static segments are decoded before matching.
    BOOST_TEST(get(r, "/%61bout").body == "about");
}

BOOST_AUTO_TEST_CASE(named_parameters) {
    http::router r;
    r.get("/words/{word}", echo_param("word"));
    r.get("/users/{id}/posts/{post}", echo_params());

    BOOST_TEST(get(r, "/words/hello").body == "hello");
    BOOST_TEST(get(r, "/users/7/posts/42").body == "id=7;post=42;");
    // A parameter is one whole, non-empty segment.
    BOOST_TEST(get(r, "/words/a/b").status == 404u);
    BOOST_TEST(get(r, "/words/").status == 404u);
    BOOST_TEST(get(r, "/words").status == 404u);
    BOOST_TEST(get(r, "/users//posts/42").status == 404u);
}

BOOST_AUTO_TEST_CASE(parameters_are_percent_decoded) {
    http::router r;
    r.get("/words/{word}", echo_param("word"));

    auto res = get(r, "/words/%E4%BD%A0%E5%A5%BD");
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.body == "\xE4\xBD\xA0\xE5\xA5\xBD");   // 你好 in UTF-8
    BOOST_TEST(get(r, "/words/hello%20world").body == "hello world");
    BOOST_TEST(get(r, "/words/%e4%bd%a0").body == "\xE4\xBD\xA0");   // lower-case hex too
    // '+' is only a space in query strings, not in paths.
    BOOST_TEST(get(r, "/words/a+b").body == "a+b");
    // An encoded slash stays inside its segment: the path is split before decoding.
    res = get(r, "/words/a%2Fb");
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.body == "a/b");
    BOOST_TEST(get(r, "/words/%2F").body == "/");
}

BOOST_AUTO_TEST_CASE(tail_wildcard) {
    http::router r;
    r.get("/files/{path...}", echo_params());

    BOOST_TEST(get(r, "/files/readme.txt").body == "path=readme.txt;");
    BOOST_TEST(get(r, "/files/a/b/c.txt").body == "path=a/b/c.txt;");
    // An empty remainder, and a trailing slash, are kept as they are.
    BOOST_TEST(get(r, "/files/").body == "path=;");
    BOOST_TEST(get(r, "/files/a/b/").body == "path=a/b/;");
    BOOST_TEST(get(r, "/files/docs%20v2/a%2Fb").body == "path=docs v2/a/b;");
    BOOST_TEST(get(r, "/other/a").status == 404u);
}

BOOST_AUTO_TEST_CASE(wildcard_after_parameters) {
    http::router r;
    r.get("/repos/{owner}/{name}/blob/{path...}", echo_params());
    BOOST_TEST(get(r, "/repos/me/coronet/blob/src/main.cpp").body == "owner=me;name=coronet;path=src/main.cpp;");
}

BOOST_AUTO_TEST_CASE(static_beats_parameter_beats_wildcard) {
    http::router r;
    r.get("/p/static", reply("static"));
    r.get("/p/{x}", reply("param"));
    r.get("/p/{rest...}", echo_params());

    BOOST_TEST(get(r, "/p/static").body == "static");
    BOOST_TEST(get(r, "/p/other").body == "param");
    BOOST_TEST(get(r, "/p/a/b").body == "rest=a/b;");
    // Neither /p/static nor /p/{x} goes deeper, so this falls through to the wildcard,
    // and the parameter tried on the way is not left behind.
    BOOST_TEST(get(r, "/p/static/more").body == "rest=static/more;");
}

BOOST_AUTO_TEST_CASE(backtracking_from_a_static_dead_end) {
    http::router r;
    r.get("/a/b/d", reply("static"));
    r.get("/a/{x}/c", echo_params());

    BOOST_TEST(get(r, "/a/b/d").body == "static");
    BOOST_TEST(get(r, "/a/b/c").body == "x=b;");
    BOOST_TEST(get(r, "/a/z/c").body == "x=z;");
    BOOST_TEST(get(r, "/a/b/e").status == 404u);
    BOOST_TEST(get(r, "/a/z/d").status == 404u);
}

BOOST_AUTO_TEST_CASE(backtracking_drops_parameters_of_failed_branches) {
    http::router r;
    r.get("/q/{x}/one", echo_params());
    r.get("/q/{all...}", echo_params());

    BOOST_TEST(get(r, "/q/a/one").body == "x=a;");
    BOOST_TEST(get(r, "/q/a/two").body == "all=a/two;");
}

BOOST_AUTO_TEST_CASE(query_is_not_part_of_the_path) {
    http::router r;
    r.get("/search", reply("search"));
    r.get("/words/{word}", echo_param("word"));
    BOOST_TEST(get(r, "/search?q=x").body == "search");
    BOOST_TEST(get(r, "/search?next=/a/b").body == "search");
    BOOST_TEST(get(r, "/words/hi?x=1").body == "hi");
}

BOOST_AUTO_TEST_CASE(the_router_reuses_a_request) {
    // handle() resets the parameters and segments it computed for an earlier dispatch.
    http::router r;
    r.get("/words/{word}", echo_params());
    http::request req{method::get, "/words/one"};
    auto first = http::invoke(r, req);
    BOOST_TEST(first.body == "word=one;");
    req.set_target("/words/two");
    BOOST_TEST(http::invoke(r, req).body == "word=two;");
}

BOOST_AUTO_TEST_CASE(copies_share_routes) {
    http::router r;
    http::router copy = r;
    r.get("/late", reply("late"));
    BOOST_TEST(get(copy, "/late").body == "late");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(errors_and_methods)

BOOST_AUTO_TEST_CASE(unknown_path_is_404) {
    http::router r;
    r.get("/known", reply("known"));
    auto res = get(r, "/unknown");
    BOOST_TEST(res.status == 404u);
    BOOST_TEST(res.headers.get("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(res.body.find("404 Not Found") != std::string::npos);
    BOOST_TEST(!res.headers.contains("Allow"));
    // An empty router answers 404 to everything, "/" included.
    BOOST_TEST(get(http::router{}, "/").status == 404u);
}

BOOST_AUTO_TEST_CASE(known_path_with_another_method_is_405_with_allow) {
    http::router r;
    r.get("/thing", reply("get"));
    auto res = http::invoke(r, {method::post, "/thing"});
    BOOST_TEST(res.status == 405u);
    BOOST_TEST(res.headers.get("Allow") == "GET, HEAD, OPTIONS");
    BOOST_TEST(res.body.find("405 Method Not Allowed") != std::string::npos);

    r.post("/thing", reply("post"));
    res = http::invoke(r, {method::delete_, "/thing"});
    BOOST_TEST(res.status == 405u);
    BOOST_TEST(res.headers.get("Allow") == "GET, HEAD, POST, OPTIONS");
    BOOST_TEST(http::invoke(r, {method::post, "/thing"}).body == "post");
}

BOOST_AUTO_TEST_CASE(allow_lists_exactly_the_routed_methods) {
    http::router r;
    r.post("/only-post", reply("post"));
    r.put("/many", reply("put")).patch("/many", reply("patch")).del("/many", reply("delete"));
    r.get("/words/{word}", reply("word"));

    auto res = http::invoke(r, {method::get, "/only-post"});
    BOOST_TEST(res.status == 405u);
    BOOST_TEST(res.headers.get("Allow") == "POST, OPTIONS");     // no GET, so no HEAD
    res = http::invoke(r, {method::head, "/only-post"});
    BOOST_TEST(res.status == 405u);
    res = http::invoke(r, {method::post, "/many"});
    BOOST_TEST(res.headers.get("Allow") == "PUT, DELETE, OPTIONS, PATCH");
    res = http::invoke(r, {method::put, "/words/x"});
    BOOST_TEST(res.status == 405u);
    BOOST_TEST(res.headers.get("Allow") == "GET, HEAD, OPTIONS");
}

BOOST_AUTO_TEST_CASE(head_falls_back_to_get) {
    http::router r;
    std::optional<method> seen;
    r.get("/page", [&](http::request& req) -> task<http::response> {
        seen = req.method();
        co_return http::text("full body");
    });
    auto res = http::invoke(r, {method::head, "/page"});
    // The router hands back GET's response, body and all; the server sends only the head.
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.body == "full body");
    BOOST_TEST(res.headers.get("Content-Type") == "text/plain; charset=utf-8");
    BOOST_REQUIRE(seen.has_value());
    BOOST_TEST((*seen == method::head));      // the handler can tell
}

BOOST_AUTO_TEST_CASE(explicit_head_route_wins_over_get) {
    http::router r;
    r.get("/page", reply("from GET"));
    r.head("/page", [](http::request&) -> task<http::response> {
        auto res = http::text("");
        res.headers.add("X-Head", "yes");
        co_return res;
    });
    auto res = http::invoke(r, {method::head, "/page"});
    BOOST_TEST(res.headers.get("X-Head") == "yes");
    BOOST_TEST(get(r, "/page").body == "from GET");
}

BOOST_AUTO_TEST_CASE(automatic_options) {
    http::router r;
    r.get("/thing", reply("get")).post("/thing", reply("post"));
    auto res = http::invoke(r, {method::options, "/thing"});
    BOOST_TEST(res.status == 204u);
    BOOST_TEST(res.headers.get("Allow") == "GET, HEAD, POST, OPTIONS");
    BOOST_TEST(res.body.empty());
    // Only for paths that exist.
    BOOST_TEST(http::invoke(r, {method::options, "/nothing"}).status == 404u);
}

BOOST_AUTO_TEST_CASE(explicit_options_route_wins) {
    http::router r;
    r.get("/thing", reply("get"));
    r.options("/thing", [](http::request&) -> task<http::response> {
        auto res = http::no_content();
        res.headers.add("Access-Control-Allow-Origin", "*");
        co_return res;
    });
    auto res = http::invoke(r, {method::options, "/thing"});
    BOOST_TEST(res.status == 204u);
    BOOST_TEST(res.headers.get("Access-Control-Allow-Origin") == "*");
    BOOST_TEST(!res.headers.contains("Allow"));
    // And it shows in other methods' Allow the same way.
    BOOST_TEST(http::invoke(r, {method::put, "/thing"}).headers.get("Allow") == "GET, HEAD, OPTIONS");
}

BOOST_AUTO_TEST_CASE(unknown_method_is_501) {
    // The server answers these itself; a router called directly must not misbehave either.
    http::router r;
    r.get("/thing", reply("get"));
    http::request req{method::get, "/thing"};
    req.set_method(method::unknown, "BREW");
    BOOST_TEST(http::invoke(r, req).status == 501u);
}

BOOST_AUTO_TEST_CASE(malformed_percent_encoding_is_400) {
    http::router r;
    r.get("/words/{word}", echo_param("word"));
    r.get("/files/{path...}", echo_param("path"));
    for (const char* target : {"/words/%zz", "/words/abc%", "/words/%4", "/words/%%41", "/words/%g1", "/files/a/%2/b", "/%"}) {
        BOOST_TEST_CONTEXT(target) {
            auto res = get(r, target);
            BOOST_TEST(res.status == 400u);
            BOOST_TEST(res.body.find("400 Bad Request") != std::string::npos);
        }
    }
    // Even for a path no route matches: the path is decoded first.
    BOOST_TEST(get(r, "/nowhere/%zz").status == 400u);
    // A malformed query does not make the request malformed.
    BOOST_TEST(get(r, "/words/ok?x=%zz").status == 200u);
}

BOOST_AUTO_TEST_CASE(target_that_is_not_an_absolute_path_is_400) {
    http::router r;
    r.get("/", reply("root"));
    r.get("/words/{word}", echo_param("word"));
    for (const char* target : {"", "words/x", "*", "?q=1", "example.com/words/x"}) {
        BOOST_TEST_CONTEXT('"' << target << '"') {
            BOOST_TEST(get(r, target).status == 400u);
        }
    }
}

// RFC 9112, 3.2.2: a server must accept the absolute form (what proxies send).
BOOST_AUTO_TEST_CASE(absolute_form_target_routes_by_its_path) {
    http::router r;
    r.get("/", reply("root"));
    r.get("/words/{word}", echo_param("word"));
    BOOST_TEST(get(r, "http://example.com/words/x?y=1").body == "x");
    BOOST_TEST(get(r, "http://example.com").body == "root");
    BOOST_TEST(get(r, "HTTPS://example.com:8443/").body == "root");
}

BOOST_AUTO_TEST_CASE(handler_exceptions_propagate_out_of_invoke) {
    http::router r;
    r.get("/boom", [](http::request&) -> task<http::response> {
        throw std::runtime_error("boom");
        co_return http::text("unreachable");
    });
    BOOST_CHECK_THROW(get(r, "/boom"), std::runtime_error);
    // The router is still fine afterwards.
    r.get("/fine", reply("fine"));
    BOOST_TEST(get(r, "/fine").body == "fine");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(query_parameters)

namespace {
// Answers what req.query() gives for `name`, or "<none>".
std::string query_of(std::string target, std::string name) {
    http::router r;
    r.get("/search", [name](http::request& req) -> task<http::response> {
        auto value = req.query(name);
        co_return http::text(value ? "[" + *value + "]" : std::string("<none>"));
    });
    return get(r, std::move(target)).body;
}
}  // namespace

BOOST_AUTO_TEST_CASE(plain_and_decoded_values) {
    BOOST_TEST(query_of("/search?q=coronet", "q") == "[coronet]");
    BOOST_TEST(query_of("/search?q=hello+world", "q") == "[hello world]");
    BOOST_TEST(query_of("/search?q=hello%20world", "q") == "[hello world]");
    BOOST_TEST(query_of("/search?q=1%2B1%3D2", "q") == "[1+1=2]");
    BOOST_TEST(query_of("/search?q=%E4%BD%A0%E5%A5%BD", "q") == "[\xE4\xBD\xA0\xE5\xA5\xBD]");
    BOOST_TEST(query_of("/search?lang=en&q=x&page=2", "page") == "[2]");
    BOOST_TEST(query_of("/search?q=a/b?c", "q") == "[a/b?c]");
    BOOST_TEST(query_of("/search?q=a=b", "q") == "[a=b]");
}

BOOST_AUTO_TEST_CASE(names_are_decoded_too) {
    BOOST_TEST(query_of("/search?%71=encoded", "q") == "[encoded]");
    BOOST_TEST(query_of("/search?first+name=Ada", "first name") == "[Ada]");
    BOOST_TEST(query_of("/search?first%20name=Ada", "first name") == "[Ada]");
    BOOST_TEST(query_of("/search?a%2Bb=1", "a+b") == "[1]");
}

BOOST_AUTO_TEST_CASE(missing_empty_and_repeated) {
    BOOST_TEST(query_of("/search", "q") == "<none>");
    BOOST_TEST(query_of("/search?", "q") == "<none>");
    BOOST_TEST(query_of("/search?lang=en", "q") == "<none>");
    BOOST_TEST(query_of("/search?Q=upper", "q") == "<none>");    // names are case-sensitive
    BOOST_TEST(query_of("/search?q=", "q") == "[]");
    BOOST_TEST(query_of("/search?q", "q") == "[]");
    BOOST_TEST(query_of("/search?q=first&q=second", "q") == "[first]");
}

BOOST_AUTO_TEST_CASE(malformed_query_gives_nullopt) {
    BOOST_TEST(query_of("/search?q=%zz", "q") == "<none>");
}

BOOST_AUTO_TEST_CASE(query_on_a_request_built_by_hand) {
    http::request req{method::get, "/search?a=1&b=two+words"};
    BOOST_TEST(req.query("a").value_or("?") == "1");
    BOOST_TEST(req.query("b").value_or("?") == "two words");
    BOOST_TEST(!req.query("c").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(middleware)

BOOST_AUTO_TEST_CASE(first_added_is_outermost) {
    std::vector<std::string> log;
    auto tracer = [&log](std::string name) -> http::middleware {
        return [&log, name](http::request& req, const http::handler& next) -> task<http::response> {
            log.push_back(name + " before");
            auto res = co_await next(req);
            log.push_back(name + " after");
            co_return res;
        };
    };
    http::router r;
    r.use(tracer("outer")).use(tracer("inner"));
    r.get("/", [&log](http::request&) -> task<http::response> {
        log.push_back("handler");
        co_return http::text("ok");
    });
    BOOST_TEST(get(r, "/").body == "ok");
    std::vector<std::string> expected{"outer before", "inner before", "handler", "inner after", "outer after"};
    BOOST_TEST(log == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(adds_a_response_header) {
    http::router r;
    r.use([](http::request& req, const http::handler& next) -> task<http::response> {
        auto res = co_await next(req);
        res.headers.set("X-Frame-Options", "DENY");
        co_return res;
    });
    r.get("/", reply("ok"));
    auto res = get(r, "/");
    BOOST_TEST(res.body == "ok");
    BOOST_TEST(res.headers.get("X-Frame-Options") == "DENY");
}

BOOST_AUTO_TEST_CASE(changes_the_request) {
    http::router r;
    r.use([](http::request& req, const http::handler& next) -> task<http::response> {
        req.headers().set("X-User", "alice");
        co_return co_await next(req);
    });
    r.get("/me", [](http::request& req) -> task<http::response> { co_return http::text(std::string(req.header("x-user"))); });
    BOOST_TEST(get(r, "/me").body == "alice");
}

BOOST_AUTO_TEST_CASE(short_circuits_with_401) {
    int calls = 0;
    http::router r;
    r.use([](http::request& req, const http::handler& next) -> task<http::response> {
        if (req.header("Authorization") != "Bearer secret") {
            auto res = http::error_page(401, "Log in first.");
            res.headers.set("WWW-Authenticate", "Bearer");
            co_return res;
        }
        co_return co_await next(req);
    });
    r.get("/private", [&calls](http::request&) -> task<http::response> {
        ++calls;
        co_return http::text("secret stuff");
    });

    auto res = get(r, "/private");
    BOOST_TEST(res.status == 401u);
    BOOST_TEST(res.headers.get("WWW-Authenticate") == "Bearer");
    BOOST_TEST(calls == 0);

    http::fields headers;
    headers.add("Authorization", "Bearer secret");
    res = http::invoke(r, {method::get, "/private", {}, headers});
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.body == "secret stuff");
    BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(sees_404_405_and_options) {
    std::vector<unsigned> statuses;
    http::router r;
    r.use([&statuses](http::request& req, const http::handler& next) -> task<http::response> {
        auto res = co_await next(req);
        statuses.push_back(res.status);
        res.headers.set("X-Seen", "1");
        co_return res;
    });
    r.get("/thing", reply("thing"));

    auto not_found = get(r, "/nothing");
    BOOST_TEST(not_found.status == 404u);
    BOOST_TEST(not_found.headers.get("X-Seen") == "1");
    auto not_allowed = http::invoke(r, {method::post, "/thing"});
    BOOST_TEST(not_allowed.status == 405u);
    BOOST_TEST(not_allowed.headers.get("X-Seen") == "1");
    BOOST_TEST(not_allowed.headers.get("Allow") == "GET, HEAD, OPTIONS");
    BOOST_TEST(http::invoke(r, {method::options, "/thing"}).headers.get("X-Seen") == "1");
    std::vector<unsigned> expected{404, 405, 204};
    BOOST_TEST(statuses == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sees_route_parameters_after_next) {
    // Parameters are filled in by matching, which happens inside the middleware chain.
    std::string seen;
    http::router r;
    r.use([&seen](http::request& req, const http::handler& next) -> task<http::response> {
        auto res = co_await next(req);
        seen = std::string(req.param("word"));
        co_return res;
    });
    r.get("/words/{word}", reply("ok"));
    get(r, "/words/hi");
    BOOST_TEST(seen == "hi");
}

BOOST_AUTO_TEST_CASE(may_call_next_more_than_once) {
    // A retrying middleware: each call matches afresh, so parameters are not doubled.
    http::router r;
    r.use([](http::request& req, const http::handler& next) -> task<http::response> {
        auto first = co_await next(req);
        if (first.status != 503) co_return first;
        co_return co_await next(req);
    });
    int calls = 0;
    r.get("/words/{word}", [&calls](http::request& req) -> task<http::response> {
        if (++calls == 1) co_return http::error_page(503);
        std::string out;
        for (const auto& [name, value] : req.params()) out += name + "=" + value + ";";
        co_return http::text(out);
    });
    http::router root;
    root.mount("/api", r);

    auto res = get(r, "/words/hi");
    BOOST_TEST(calls == 2);
    BOOST_TEST(res.body == "word=hi;");
    calls = 0;
    res = get(root, "/api/words/hi");
    BOOST_TEST(calls == 2);
    BOOST_TEST(res.body == "word=hi;");
}

BOOST_AUTO_TEST_CASE(exceptions_propagate_through_middleware) {
    bool after = false;
    http::router r;
    r.use([&after](http::request& req, const http::handler& next) -> task<http::response> {
        auto res = co_await next(req);
        after = true;
        co_return res;
    });
    r.get("/boom", [](http::request&) -> task<http::response> {
        throw std::logic_error("boom");
        co_return http::text("unreachable");
    });
    BOOST_CHECK_THROW(get(r, "/boom"), std::logic_error);
    BOOST_TEST(!after);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mounting)

BOOST_AUTO_TEST_CASE(sub_router_under_a_prefix) {
    std::vector<std::string> log;
    auto tracer = [&log](std::string name) -> http::middleware {
        return [&log, name](http::request& req, const http::handler& next) -> task<http::response> {
            log.push_back(name + " " + std::string(req.path()));
            co_return co_await next(req);
        };
    };

    http::router api;
    api.use(tracer("api"));
    api.get("/", reply("api index"));
    api.get("/users", reply("users"));
    api.get("/users/{id}", echo_params());
    api.post("/users", reply("created"));

    http::router root;
    root.use(tracer("root"));
    root.get("/", reply("home"));
    root.mount("/api", api);

    BOOST_TEST(get(root, "/").body == "home");
    BOOST_TEST(get(root, "/api/users").body == "users");
    BOOST_TEST(get(root, "/api/users/42").body == "id=42;");
    BOOST_TEST(http::invoke(root, {method::post, "/api/users"}).body == "created");
    // "/api" alone, and "/api/", are the sub-router's "/".
    BOOST_TEST(get(root, "/api").body == "api index");
    BOOST_TEST(get(root, "/api/").body == "api index");

    log.clear();
    get(root, "/api/users");
    std::vector<std::string> expected{"root /api/users", "api /api/users"};   // the parent's runs first
    BOOST_TEST(log == expected, boost::test_tools::per_element());

    // The sub-router answers 404 and 405 for what lies under its prefix.
    log.clear();
    BOOST_TEST(get(root, "/api/nothing").status == 404u);
    expected = {"root /api/nothing", "api /api/nothing"};
    BOOST_TEST(log == expected, boost::test_tools::per_element());
    auto res = http::invoke(root, {method::delete_, "/api/users"});
    BOOST_TEST(res.status == 405u);
    BOOST_TEST(res.headers.get("Allow") == "GET, HEAD, POST, OPTIONS");
    res = http::invoke(root, {method::options, "/api/users/7"});
    BOOST_TEST(res.status == 204u);
    BOOST_TEST(res.headers.get("Allow") == "GET, HEAD, OPTIONS");

    // The prefix is whole segments.
    log.clear();
    BOOST_TEST(get(root, "/apix").status == 404u);
    expected = {"root /apix"};
    BOOST_TEST(log == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(multi_segment_prefix_and_nesting) {
    http::router v1;
    v1.get("/words/{word}", echo_params());
    v1.get("/files/{path...}", echo_params());
    http::router api;
    api.mount("/v1", v1);
    http::router root;
    root.mount("/api", api);
    root.mount("/legacy/api/v1", v1);

    BOOST_TEST(get(root, "/api/v1/words/hi").body == "word=hi;");
    BOOST_TEST(get(root, "/api/v1/words/%E4%BD%A0").body == "word=\xE4\xBD\xA0;");
    BOOST_TEST(get(root, "/api/v1/files/a/b").body == "path=a/b;");
    BOOST_TEST(get(root, "/legacy/api/v1/words/old").body == "word=old;");
    BOOST_TEST(get(root, "/legacy/api").status == 404u);
    BOOST_TEST(get(root, "/api/v2/words/hi").status == 404u);
}

BOOST_AUTO_TEST_CASE(parent_routes_come_before_the_mount) {
    http::router sub;
    sub.get("/status", reply("sub"));
    sub.get("/other", reply("other"));
    http::router root;
    root.get("/api/status", reply("parent"));
    root.mount("/api", sub);
    BOOST_TEST(get(root, "/api/status").body == "parent");
    BOOST_TEST(get(root, "/api/other").body == "other");
}

BOOST_AUTO_TEST_CASE(mount_at_root) {
    http::router fallback;
    fallback.get("/{anything...}", echo_params());
    http::router root;
    root.get("/known", reply("known"));
    root.mount("/", fallback);
    BOOST_TEST(get(root, "/known").body == "known");
    BOOST_TEST(get(root, "/a/b").body == "anything=a/b;");
}

BOOST_AUTO_TEST_CASE(invalid_mounts_throw) {
    http::router root;
    root.mount("/api", http::router{});
    BOOST_CHECK_THROW(root.mount("/api", http::router{}), std::invalid_argument);
    BOOST_CHECK_THROW(root.mount("/users/{id}", http::router{}), std::invalid_argument);
    BOOST_CHECK_THROW(root.mount("/files/{path...}", http::router{}), std::invalid_argument);
    BOOST_CHECK_THROW(root.mount("api", http::router{}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(registration)

BOOST_AUTO_TEST_CASE(duplicate_route_throws) {
    http::router r;
    r.get("/x", reply("first"));
    BOOST_CHECK_THROW(r.get("/x", reply("second")), std::invalid_argument);
    r.post("/x", reply("post"));    // another method on the same path is fine
    r.get("/w/{a}", reply("a"));
    BOOST_CHECK_THROW(r.get("/w/{a}", reply("again")), std::invalid_argument);
    // The first registration still answers.
    BOOST_TEST(get(r, "/x").body == "first");
}

BOOST_AUTO_TEST_CASE(conflicting_parameter_names_throw) {
    http::router r;
    r.get("/users/{id}", reply("user"));
    BOOST_CHECK_THROW(r.post("/users/{name}", reply("x")), std::invalid_argument);
    BOOST_CHECK_THROW(r.get("/users/{user}/posts", reply("x")), std::invalid_argument);
    r.get("/users/{id}/posts", reply("posts"));     // the same name is fine
    r.get("/files/{path...}", reply("files"));
    BOOST_CHECK_THROW(r.get("/files/{rest...}", reply("x")), std::invalid_argument);
    BOOST_TEST(get(r, "/users/1/posts").body == "posts");
}

BOOST_AUTO_TEST_CASE(wildcard_must_be_last) {
    http::router r;
    BOOST_CHECK_THROW(r.get("/files/{path...}/raw", reply("x")), std::invalid_argument);
    BOOST_CHECK_THROW(r.get("/{a...}/{b}", reply("x")), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(patterns_must_be_absolute) {
    http::router r;
    BOOST_CHECK_THROW(r.get("", reply("x")), std::invalid_argument);
    BOOST_CHECK_THROW(r.get("about", reply("x")), std::invalid_argument);
    BOOST_CHECK_THROW(r.route(method::unknown, "/x", reply("x")), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
