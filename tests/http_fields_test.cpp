// Header lists, request accessors, and method names.
#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include <coronet/http/fields.hpp>
#include <coronet/http/method.hpp>
#include <coronet/http/request.hpp>

namespace http = coronet::http;
using http::method;

namespace {

using pairs = std::vector<std::pair<std::string, std::string>>;

pairs items(const http::fields& f) { return pairs(f.begin(), f.end()); }

// Prints a list of pairs in failure messages.
struct printable {
    pairs value;
    bool operator==(const printable&) const = default;
    friend std::ostream& operator<<(std::ostream& os, const printable& p) {
        for (const auto& [n, v] : p.value) os << '[' << n << ": " << v << ']';
        return os;
    }
};

printable listed(const http::fields& f) { return {items(f)}; }

http::request with_connection(unsigned version, std::vector<std::string> values) {
    http::request req{method::get, "/"};
    req.set_version(version);
    for (auto& v : values) req.headers().add("Connection", std::move(v));
    return req;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fields)

BOOST_AUTO_TEST_CASE(iequals_ignores_ascii_case_only) {
    BOOST_TEST(http::iequals("Content-Type", "content-type"));
    BOOST_TEST(http::iequals("ETAG", "etag"));
    BOOST_TEST(http::iequals("", ""));
    BOOST_TEST(!http::iequals("Host", "Hosts"));
    BOOST_TEST(!http::iequals("Host", "Hose"));
    BOOST_TEST(!http::iequals("[", "{"));     // '[' + 32 is '{': only letters fold
    BOOST_TEST(!http::iequals("@", "`"));
}

BOOST_AUTO_TEST_CASE(empty) {
    http::fields f;
    BOOST_TEST(f.empty());
    BOOST_TEST(f.size() == 0u);
    BOOST_TEST(f.get("Host") == "");
    BOOST_TEST(!f.contains("Host"));
    f.erase("Host");                 // erasing what is not there is fine
    BOOST_TEST(f.empty());
}

BOOST_AUTO_TEST_CASE(get_and_contains_ignore_case) {
    http::fields f;
    f.add("Content-Type", "text/plain");
    BOOST_TEST(f.get("content-type") == "text/plain");
    BOOST_TEST(f.get("CONTENT-TYPE") == "text/plain");
    BOOST_TEST(f.contains("cOnTeNt-TyPe"));
    BOOST_TEST(!f.contains("Content-Length"));
    BOOST_TEST(f.get("Content-Length") == "");
    // An empty value is still present.
    f.add("X-Empty", "");
    BOOST_TEST(f.contains("x-empty"));
    BOOST_TEST(f.get("x-empty") == "");
}

BOOST_AUTO_TEST_CASE(add_keeps_duplicates_in_order) {
    http::fields f;
    f.add("Set-Cookie", "a=1");
    f.add("Vary", "Accept");
    f.add("set-cookie", "b=2");
    BOOST_TEST(f.size() == 3u);
    BOOST_TEST(f.get("Set-Cookie") == "a=1");    // the first one
    printable expected{{{"Set-Cookie", "a=1"}, {"Vary", "Accept"}, {"set-cookie", "b=2"}}};
    BOOST_TEST(listed(f) == expected);            // names keep their spelling
}

BOOST_AUTO_TEST_CASE(set_replaces_every_value) {
    http::fields f;
    f.add("Cache-Control", "no-cache");
    f.add("Vary", "Accept");
    f.add("cache-control", "no-store");
    f.set("CACHE-CONTROL", "max-age=60");
    BOOST_TEST(f.size() == 2u);
    BOOST_TEST(f.get("cache-control") == "max-age=60");
    printable expected{{{"Vary", "Accept"}, {"CACHE-CONTROL", "max-age=60"}}};
    BOOST_TEST(listed(f) == expected);
    // set on an absent name adds it.
    f.set("ETag", "\"v1\"");
    BOOST_TEST(f.get("etag") == "\"v1\"");
    BOOST_TEST(f.size() == 3u);
}

BOOST_AUTO_TEST_CASE(set_with_a_name_taken_from_the_list) {
    // The name may refer into the list being changed.
    http::fields f;
    f.add("X-Token", "old");
    f.add("Other", "o");
    f.set(f.begin()->first, "new");
    printable expected{{{"Other", "o"}, {"X-Token", "new"}}};
    BOOST_TEST(listed(f) == expected);
}

BOOST_AUTO_TEST_CASE(erase_removes_every_value) {
    http::fields f;
    f.add("Via", "1.1 a");
    f.add("Host", "x");
    f.add("VIA", "1.1 b");
    f.erase("via");
    printable expected{{{"Host", "x"}}};
    BOOST_TEST(listed(f) == expected);
    f.clear();
    BOOST_TEST(f.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(request)

BOOST_AUTO_TEST_CASE(defaults_and_construction) {
    http::request empty;
    BOOST_TEST((empty.method() == method::get));
    BOOST_TEST(empty.method_string() == "GET");
    BOOST_TEST(empty.target() == "/");
    BOOST_TEST(empty.version() == 11u);
    BOOST_TEST(empty.peer() == "");
    BOOST_TEST(empty.params().empty());

    http::fields headers;
    headers.add("Content-Type", "application/json");
    http::request req{method::post, "/items?x=1", "{}", headers};
    BOOST_TEST((req.method() == method::post));
    BOOST_TEST(req.method_string() == "POST");
    BOOST_TEST(req.target() == "/items?x=1");
    BOOST_TEST(req.body() == "{}");
    BOOST_TEST(req.header("content-type") == "application/json");
    BOOST_TEST(req.param("anything") == "");

    req.set_method(method::delete_, "DELETE");
    BOOST_TEST((req.method() == method::delete_));
    BOOST_TEST(req.method_string() == "DELETE");
}

BOOST_AUTO_TEST_CASE(path_and_query_string) {
    auto check = [](std::string target, std::string_view path, std::string_view query) {
        http::request req{method::get, target};
        BOOST_TEST_CONTEXT(target) {
            BOOST_TEST(req.path() == path);
            BOOST_TEST(req.query_string() == query);
        }
    };
    check("/", "/", "");
    check("/a/b", "/a/b", "");
    check("/a/b?", "/a/b", "");
    check("/a/b?x=1&y=2", "/a/b", "x=1&y=2");
    check("/a?b?c", "/a", "b?c");                      // only the first '?' splits
    check("/a%20b?q=%20", "/a%20b", "q=%20");          // both stay encoded
    check("/?q", "/", "q");
    check("", "", "");
}

BOOST_AUTO_TEST_CASE(keep_alive_http_11) {
    BOOST_TEST(with_connection(11, {}).keep_alive());
    BOOST_TEST(with_connection(11, {"keep-alive"}).keep_alive());
    BOOST_TEST(with_connection(11, {"keep-alive, Upgrade"}).keep_alive());
    BOOST_TEST(!with_connection(11, {"close"}).keep_alive());
    BOOST_TEST(!with_connection(11, {"Close"}).keep_alive());
    BOOST_TEST(!with_connection(11, {"Upgrade, close"}).keep_alive());
    BOOST_TEST(!with_connection(11, {" \tclose\t "}).keep_alive());
    BOOST_TEST(!with_connection(11, {"TE,,close"}).keep_alive());
    BOOST_TEST(with_connection(11, {"closed"}).keep_alive());          // a whole token only
    BOOST_TEST(with_connection(11, {"x-close-later"}).keep_alive());
    // Several Connection fields form one list.
    BOOST_TEST(!with_connection(11, {"Upgrade", "close"}).keep_alive());
}

BOOST_AUTO_TEST_CASE(keep_alive_http_10) {
    BOOST_TEST(!with_connection(10, {}).keep_alive());
    BOOST_TEST(with_connection(10, {"keep-alive"}).keep_alive());
    BOOST_TEST(with_connection(10, {"Keep-Alive"}).keep_alive());
    BOOST_TEST(with_connection(10, {"keep-alive, Upgrade"}).keep_alive());
    BOOST_TEST(with_connection(10, {"Upgrade ,  keep-alive"}).keep_alive());
    BOOST_TEST(!with_connection(10, {"close"}).keep_alive());
    BOOST_TEST(!with_connection(10, {"keep-alived"}).keep_alive());
    BOOST_TEST(with_connection(10, {"Upgrade", "keep-alive"}).keep_alive());
}

BOOST_AUTO_TEST_CASE(connection_name_is_case_insensitive) {
    http::request req{method::get, "/"};
    req.headers().add("CONNECTION", "close");
    BOOST_TEST(!req.keep_alive());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(method_names) {
    for (auto m : http::known_methods) {
        BOOST_TEST_CONTEXT(http::to_string(m)) {
            BOOST_TEST(!http::to_string(m).empty());
            BOOST_TEST((http::method_from_string(http::to_string(m)) == m));
        }
    }
    BOOST_TEST(http::to_string(method::delete_) == "DELETE");
    BOOST_TEST(http::to_string(method::unknown) == "");
    BOOST_TEST((http::method_from_string("get") == method::unknown));      // case-sensitive
    BOOST_TEST((http::method_from_string("BREW") == method::unknown));
    BOOST_TEST((http::method_from_string("") == method::unknown));
    BOOST_TEST((http::method_from_string("GET ") == method::unknown));
}
