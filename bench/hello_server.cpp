// The server side of bench/http_hello.sh: "Hello, World!" (13 bytes) on GET /.
//   coronet-bench-hello [--port N] [--threads N]
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include <coronet/http/router.hpp>
#include <coronet/http/server.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>

using namespace coronet;

int main(int argc, char** argv) {
    std::uint16_t port = 0;
    unsigned threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--port")) port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    }
    default_logger().set_level(log_level::warn);   // no access log: nginx runs with access_log off too
    runtime rt{{.threads = threads}};
    http::router routes;
    routes.get("/", [](http::request&) -> task<http::response> { co_return http::text("Hello, World!"); });
    http::server web{rt, {.port = port, .access_log = false}, routes};
    std::cout << fmt::format("http listening on 127.0.0.1:{}\n", web.port()) << std::flush;
    rt.run();
}
