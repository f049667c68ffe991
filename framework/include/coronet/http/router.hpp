#pragma once
// The router: a segment trie keyed by path first, then by method.
//   static segments     /about
//   named parameters    /words/{word}
//   a tail wildcard     /files/{path...}   (the rest of the path, possibly empty)
// Segments are percent-decoded before matching. A path that no route matches is 404;
// a path that matches with no route for the method is 405 with an exact Allow header.
// HEAD falls back to GET (the server sends no body); OPTIONS answers 204 with Allow.
#include <functional>
#include <memory>
#include <string_view>

#include <coronet/http/method.hpp>
#include <coronet/http/request.hpp>
#include <coronet/http/response.hpp>
#include <coronet/task.hpp>

namespace coronet::http {

using handler = std::function<task<response>(request&)>;
// Runs around the handler: may change the request, answer by itself, or change the response.
using middleware = std::function<task<response>(request&, const handler& next)>;

class router {
public:
    router();
    ~router();
    // Copies share the routes: a server keeps a copy of the router it was given.
    router(const router&);
    router& operator=(const router&);

    router& route(http::method m, std::string_view pattern, handler h);
    router& get(std::string_view pattern, handler h) { return route(method::get, pattern, std::move(h)); }
    router& post(std::string_view pattern, handler h) { return route(method::post, pattern, std::move(h)); }
    router& put(std::string_view pattern, handler h) { return route(method::put, pattern, std::move(h)); }
    router& del(std::string_view pattern, handler h) { return route(method::delete_, pattern, std::move(h)); }
    router& patch(std::string_view pattern, handler h) { return route(method::patch, pattern, std::move(h)); }
    router& head(std::string_view pattern, handler h) { return route(method::head, pattern, std::move(h)); }
    router& options(std::string_view pattern, handler h) { return route(method::options, pattern, std::move(h)); }

    // Middleware run around every request this router handles, the first added outermost.
    router& use(middleware m);
    // Serves `sub` under `prefix` (static segments): "/api" + "/users" is "/api/users".
    // Its own middleware runs inside this router's.
    router& mount(std::string_view prefix, router sub);

    // The whole dispatch: match, run middleware and handler, answer 400/404/405/OPTIONS.
    task<response> handle(request& req) const;

    struct impl;
private:
    std::shared_ptr<impl> impl_;
};

}  // namespace coronet::http
